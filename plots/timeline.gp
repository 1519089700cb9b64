# timeline.gp: one run of each model at the most cores, a bar per worker
# from the start of its first task to the end of its last; the dashed
# tick at the right of each model is the run's wall time.
# usage: gnuplot -e "base='DIR/plots/NAME-timeline'" plots/timeline.gp
# Reads base.vars (name, k, N models titled T[i], rows) and base.dat (a
# block per model: y start_ms end_ms wall_ms).
load base.'.vars'
load 'plots/common.gp'
set title sprintf("%s: one run on %d cores, each worker's first to last task", name, k)
set xlabel 'ms since the run started'
set ylabel 'worker'
set yrange [rows:-1]
set ytics 1
if (rows > 24) set ytics 4
set key outside right top
set style fill solid 0.7 border -1
plot for [i=1:N] base.'.dat' index (i - 1) \
         using (($2 + $3) / 2):1:(($3 - $2) / 2):(0.35) \
         with boxxyerror lt i title T[i], \
     for [i=1:N] base.'.dat' index (i - 1) using 4:1:(0):(0.45) \
         with vectors nohead dt 2 lw 2 lt i notitle
