# timeline.gp: one run of each model at the most cores, a bar per worker
# from the start of its first task to the end of its last; the dashed
# tick at the right of each model is the run's wall time.
# usage: gnuplot -e "base='DIR/plots/NAME-timeline'" plots/timeline.gp
# Reads base.vars (name, k, N models titled T[i], rows) and base.dat (a
# block per model: y start_ms end_ms wall_ms worker, the last the
# worker's number within its model, which labels its row).
load base.'.vars'
load 'plots/common.gp'
set title sprintf("%s: one run on %d cores, each worker's first to last task", name, k)
set xlabel 'ms since the run started'
set ylabel "worker (each model's own, from 0)"
# the rows in use, the gap after the last model left out
set yrange [rows - 1.5:-0.5]
every = rows > 24 ? 4 : 1
set key outside right top
set style fill solid 0.7 border -1
plot for [i=1:N] base.'.dat' index (i - 1) \
         using (($2 + $3) / 2):1:(($3 - $2) / 2):(0.35): \
               ytic(int($5) % every == 0 ? sprintf('%d', int($5)) : '') \
         with boxxyerror lt lt_of(i) title T[i], \
     for [i=1:N] base.'.dat' index (i - 1) using 4:1:(0):(0.45) \
         with vectors nohead dt 2 lw 2 lt lt_of(i) notitle
