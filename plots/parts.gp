# parts.gp: C2's lesson for a class: a bar per model (C and Python,
# threads and processes, at the most cores), as high as its cores, the
# work done (the speedup) at the bottom and where the rest went above it,
# in four groups of the accounting (plots/account.gp has every part).
# usage: gnuplot -e "base='DIR/plots/claims-c2'" plots/parts.gp
# Reads base.vars (title, maxk) and base.dat (a row per bar: label, then
# S, starting, idle, the workers' own, the machine, in cores).
load base.'.vars'
load 'plots/common.gp'
set title title
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
# (each part also its own fill, pat_of: greyscale tells them apart)
set boxwidth 0.6
set xtics nomirror
set key below horizontal maxrows 2
set ylabel 'cores'
# (not capped at the cores: a bar above them is a defect to be seen)
set yrange [0:*]
set grid y
set grid noxtics
plot base.'.dat' using 2:xtic(1) title 'the work (speedup)' fs pattern pat_of(1) border -1 lc rgb c_speedup, \
     '' using 3 title 'starting and creating workers' fs pattern pat_of(2) border -1 lc rgb c_create, \
     '' using 4 title 'idle cores' fs pattern pat_of(3) border -1 lc rgb c_idle, \
     '' using 5 title "the workers' own overhead" fs pattern pat_of(4) border -1 lc rgb c_outside, \
     '' using 6 title 'the machine (slower host, steal)' fs pattern pat_of(5) border -1 lc rgb c_host
