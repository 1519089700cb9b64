# account.gp: where the missing speedup went, for one cpu- or memory-bound
# workload: a bar per configuration, the speedup reached (S) and on top of
# it each part of k - S, so a bar stands as high as its cores k.
# usage: gnuplot -e "base='DIR/plots/NAME-account'" plots/account.gp
# Reads base.vars (name, rows, maxk) and base.dat (a row per
# configuration: label S start-exit create idle outside shared host steal).
load base.'.vars'
load 'plots/common.gp'
set title sprintf("%s: where the missing speedup went (bar height = cores)", name)
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
# (each part also its own fill, pat_of: greyscale tells them apart)
set boxwidth 0.7
set key outside right top vertical
set ylabel 'cores'
set yrange [*:maxk * 1.05]
# the lowest bar part where it is, not at the next tic below it (a part
# below zero is a small one: tasks that ran faster than alone)
set autoscale yfixmin
set xtics rotate by -30 left
set grid y
set grid noxtics
plot base.'.dat' using 2:xtic(1) title 'speedup S' fs pattern pat_of(1) border -1 lc rgb c_speedup, \
     '' using 3 title 'start and exit' fs pattern pat_of(2) border -1 lc rgb c_startexit, \
     '' using 4 title 'creating workers' fs pattern pat_of(3) border -1 lc rgb c_create, \
     '' using 5 title 'idle cores' fs pattern pat_of(4) border -1 lc rgb c_idle, \
     '' using 6 title 'CPU outside tasks' fs pattern pat_of(5) border -1 lc rgb c_outside, \
     '' using 7 title 'slower: shared by the workers' fs pattern pat_of(6) border -1 lc rgb c_shared, \
     '' using 8 title 'slower: the host (machine)' fs pattern pat_of(7) border -1 lc rgb c_host, \
     '' using 9 title 'steal (machine)' fs pattern pat_of(8) border -1 lc rgb c_steal
