# lines.gp: one generic x-y plot with error bars, for the micro-benchmarks.
# usage: gnuplot -e "base='DIR/plots/NAME'" plots/lines.gp
# base.vars sets: title, xlabel, ylabel, logx, logy (0/1), N, T[i], and
# optionally xt (an xtics list), key (where the key goes, default top
# left), style (yerrorlines, or yerrorbars: points alone) and ncores (a
# dotted line there, if > 0);
# base.dat holds one block per series: x y low high.
ncores = 0
xt = ''
key = 'top left'
# how each series is drawn: joined points (a measured curve), or
# 'yerrorbars' where only the points were measured (no line between them)
style = 'yerrorlines'
load base.'.vars'
load 'plots/common.gp'
set title title
set xlabel xlabel
set ylabel ylabel
if (logx) set logscale x 2
if (logy) set logscale y 10
if (strlen(xt) > 0) eval 'set xtics '.xt
eval 'set key '.key
set offsets graph 0.04, graph 0.04, 0, 0
# One x value (a quick run's one load point, one connection count): a
# range around it, where gnuplot would warn of an empty x range.
# (ranges of its own: a yrange the .vars set would filter the x values)
stats [*:*][*:*] base.'.dat' using 1 nooutput
if (STATS_records > 0 && STATS_min == STATS_max) {
	if (STATS_min > 0) {
		set xrange [STATS_min / 2 : STATS_max * 2]
	} else {
		set xrange [STATS_min - 1 : STATS_max + 1]
	}
}
if (ncores > 0) set arrow 1 from ncores, graph 0 to ncores, graph 1 nohead dt 3 lw 2 lc rgb c_guide
plot for [i=1:N] base.'.dat' index (i - 1) using 1:2:3:4 \
     with @style lt lt_of(i) dt dt_of(i) title T[i]
