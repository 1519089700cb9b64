# bars.gp: bars in groups, one group per row of the data, one bar per
# series in each, with its range as an error bar (C6, C8, C9).
# usage: gnuplot -e "base='DIR/plots/NAME'" plots/bars.gp
# base.vars sets: title, xlabel, ylabel, logx (unused), logy (0/1), N,
# T[i], and optionally key (where the key goes, default top left);
# base.dat holds one row per group: "label" then y low high per series
# (NaN where a series has none). Optionally xrot: the group labels
# tilted by that many degrees (many long labels). A bar whose value is
# zero has a "0" above it, so that it is seen to be measured (C9's locked
# variants) and not missing.
key = 'top left'
xrot = 0
load base.'.vars'
load 'plots/common.gp'
set title title
set xlabel xlabel
set ylabel ylabel
if (logy) set logscale y 10; else set yrange [0:*]
eval 'set key '.key
set style data histograms
set style histogram errorbars gap 1 lw 2
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics nomirror
if (xrot != 0) set xtics rotate by xrot right
set grid noxtics ytics
# each series in its model's colour and its own fill (pat_of: hatched
# but for the first, so that greyscale tells them apart too)
# (a group's bars sit at its index plus (i - (N + 1) / 2) / (N + gap))
plot for [i=1:N] base.'.dat' using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) lt lt_of(i) fs pattern pat_of(i) border -1 title T[i], \
     for [i=1:N] base.'.dat' using ($0 + (i - (N + 1) / 2.0) / (N + 1)):(logy ? NaN : 0):(column(3*i-1) == 0 ? '0' : '') with labels offset 0, 0.7 tc lt lt_of(i) notitle
