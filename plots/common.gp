# Shared look for every tvp plot: large type for a projector, and the one
# palette (no other script names a colour; tests/test_report.c checks).
# Loaded by every plot script, after the plot's .vars.
set key top left box opaque spacing 1.3
set grid lc rgb '#dddddd'
set border lw 1.5
set linetype 1 lc rgb '#1f77b4' lw 3 pt 7 ps 1.6
set linetype 2 lc rgb '#d62728' lw 3 pt 5 ps 1.6
set linetype 3 lc rgb '#2ca02c' lw 3 pt 9 ps 1.8
set linetype 4 lc rgb '#9467bd' lw 3 pt 11 ps 1.8
set linetype 5 lc rgb '#ff7f0e' lw 3 pt 13 ps 1.8
set linetype 6 lc rgb '#8c564b' lw 3 pt 15 ps 1.8
set linetype 7 lc rgb '#e377c2' lw 3 pt 4 ps 1.6
set linetype 8 lc rgb '#7f7f7f' lw 3 pt 6 ps 1.6
set linetype 9 lc rgb '#17becf' lw 3 pt 8 ps 1.8
set linetype 10 lc rgb '#bcbd22' lw 3 pt 10 ps 1.8
set linetype 11 lc rgb '#393b79' lw 3 pt 12 ps 1.8
set linetype 12 lc rgb '#637939' lw 3 pt 14 ps 1.8
set linetype 13 lc rgb '#8c6d31' lw 3 pt 3 ps 1.8
set linetype 14 lc rgb '#843c39' lw 3 pt 1 ps 1.8
set linetype 15 lc rgb '#7b4173' lw 3 pt 2 ps 1.8
set linetype 16 lc rgb '#3182bd' lw 3 pt 7 ps 1.2

# A model's colour in every plot, found by its name in the series title:
# threads blue, processes red, OpenMP green, MPI purple, the event loop
# orange, hybrid brown, prefork pink, serial grey, event with aio threads
# cyan. A series that names no model takes 10 + its place (11..16).
model_lt(t) = strstrt(t, 'eventaio') ? 9 : strstrt(t, 'event') ? 5 : \
	strstrt(t, 'hybrid') ? 6 : strstrt(t, 'prefork') ? 7 : \
	strstrt(t, 'openmp') ? 3 : strstrt(t, 'mpi') ? 4 : \
	strstrt(t, 'serial') ? 8 : \
	(strstrt(t, 'proc') || strstrt(t, 'Proc')) ? 2 : \
	(strstrt(t, 'thread') || strstrt(t, 'Thread')) ? 1 : 0
lt_of(i) = model_lt(T[i]) > 0 ? model_lt(T[i]) : 10 + i
# Python dashed beside C solid; a second shape of one model (threads-w2,
# threads-w8) dotted, a third dash-dotted ...
same_before(i, j) = j >= i ? 0 : \
	(model_lt(T[j]) > 0 && model_lt(T[j]) == model_lt(T[i]) && \
	 (strstrt(T[j], 'ython') > 0) == (strstrt(T[i], 'ython') > 0) ? 1 : 0) + \
	same_before(i, j + 1)
dt_of(i) = strstrt(T[i], 'ython') ? 2 : 1 + (same_before(i, 1) > 0 ? 1 + same_before(i, 1) : 0)

# A bar's fill, told apart without colour (a greyscale print, a
# projector that washes colours out): the first series solid, the others
# hatched each its own way (gnuplot's patterns: 3 solid, 4 and 5
# diagonal, 2 crosshatch, 6 and 7 sparse diagonal, 1 dense crosshatch).
pat_of(i) = word('3 4 5 2 6 7 1 0', (i - 1) % 8 + 1) + 0

# The other colours the plots use: guides, and the parts of the
# accounting's bars.
c_guide = '#555555'
c_ideal = '#888888'
c_speedup = '#2ca02c'
c_startexit = '#7f7f7f'
c_create = '#9467bd'
c_idle = '#ff7f0e'
c_outside = '#d62728'
c_shared = '#bcbd22'
c_host = '#1f77b4'
c_steal = '#17becf'
