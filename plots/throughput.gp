# throughput.gp: tasks per second vs workers for one io-bound workload.
# usage: gnuplot -e "base='DIR/plots/NAME'" plots/throughput.gp
# Reads base.vars (N series titled T[i], serial_tps, ncores, maxx) and
# draws the serial rate and the ideal (the serial rate times the workers)
# base.dat (one block per series: workers tasks/s low high); writes
# base.png and base.svg.
load base.'.vars'
load 'plots/common.gp'
set title sprintf("%s: throughput vs workers (higher is better)", name)
set xlabel 'workers (all cores available; log scale)'
set ylabel 'tasks per second (log scale)'
set logscale xy 2
set xrange [0.8:maxx * 1.25]
set arrow 1 from ncores, graph 0 to ncores, graph 1 nohead dt 3 lw 2 lc rgb c_guide
set label 1 sprintf('%d cores', ncores) at ncores, graph 0.04 right offset -0.5, 0
# ideal: every worker waits as the serial run does, all at once
plot serial_tps * x title 'ideal (serial x workers)' dt 2 lw 2 lc rgb c_ideal, \
     serial_tps title 'serial' dt 3 lw 2 lc rgb c_ideal, \
     for [i=1:N] base.'.dat' index (i - 1) using 1:2:3:4 \
         with yerrorlines lt lt_of(i) dt dt_of(i) title T[i]
