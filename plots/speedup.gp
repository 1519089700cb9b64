# speedup.gp: speedup vs cores for one cpu- or memory-bound workload.
# usage: gnuplot -e "base='DIR/plots/NAME'" plots/speedup.gp
# Reads base.vars (N series titled T[i], Amdahl fits S[i], ncores, maxx)
# and base.dat (one block per series: cores speedup low high); writes
# base.png and base.svg.
load base.'.vars'
load 'plots/common.gp'
amdahl(s, p) = 1 / (s + (1 - s) / p)
fits = 0
do for [i=1:N] { if (S[i] >= 0) { fits = 1 } }
set title sprintf("%s: speedup vs cores (higher is better%s)", name, fits ? "; dashed: Amdahl fit" : "")
set key top left
set xlabel 'cores (workers = cores, each pinned)'
set ylabel 'speedup over serial (x)'
set xrange [0.8:maxx + 0.2]
set yrange [0:maxx + 0.5]
set xtics 1
if (maxx > 16) set xtics 2
set arrow 1 from ncores, graph 0 to ncores, graph 1 nohead dt 3 lw 2 lc rgb c_guide
set label 1 sprintf('%d cores', ncores) at ncores, graph 0.04 right offset -0.5, 0
set samples 200
# each series a little apart on x, so that series that reach the same
# speedup do not hide each other and their error bars (a dodge)
dodge = 0.012 * maxx
plot x title 'ideal (speedup = cores)' dt 3 lw 2 lc rgb c_ideal, \
     for [i=1:N] base.'.dat' index (i - 1) using ($1 + (i - (N + 1) / 2.0) * dodge):2:3:4 \
         with yerrorlines lt lt_of(i) dt dt_of(i) title T[i], \
     for [i=1:N] (S[i] >= 0 ? amdahl(S[i], x) : 1/0) dt 2 lw 2 lt lt_of(i) notitle
