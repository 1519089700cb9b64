# Shared look for every tvp plot: large type for a projector, one colour
# per series that PNG and SVG share. Loaded by speedup.gp and throughput.gp.
set key top left box opaque spacing 1.3
set grid lc rgb '#dddddd'
set border lw 1.5
set linetype 1 lc rgb '#1f77b4' lw 3 pt 7 ps 1.6
set linetype 2 lc rgb '#d62728' lw 3 pt 5 ps 1.6
set linetype 3 lc rgb '#2ca02c' lw 3 pt 9 ps 1.8
set linetype 4 lc rgb '#9467bd' lw 3 pt 11 ps 1.8
set linetype 5 lc rgb '#ff7f0e' lw 3 pt 13 ps 1.8
set linetype 6 lc rgb '#8c564b' lw 3 pt 15 ps 1.8
set linetype 7 lc rgb '#e377c2' lw 3 pt 4 ps 1.6 dt 2
set linetype 8 lc rgb '#7f7f7f' lw 3 pt 6 ps 1.6 dt 2
set linetype 9 lc rgb '#17becf' lw 3 pt 8 ps 1.8 dt 2
set linetype 10 lc rgb '#bcbd22' lw 3 pt 10 ps 1.8 dt 2
