#!/usr/bin/env bash
# claims.sh OUT MODE NCPU PYTHON - the seeds' own experiments for the
# claims, the programs' JSON lines kept in
# OUT/raw/claims-NAME.jsonl (written to a temp name and renamed when
# whole): C3's Pool(5) makespans (30 x t and 10 x 2t; the seeds used
# t = 1 s, quick runs scale it down) and C6's per-task vs pool with NCPU
# workers, on many small tasks (claims-pool) and, as its control, the
# same total work in a few large ones (claims-pool-few). PYTHON: the
# interpreter of the Python arm, or empty. What is there already is not
# measured again. What a verdict reads runs 10 times (the least an
# interval of its median needs: the report's MIN_ROUNDS): the 30-task
# makespans and the process pools (C's 20 times); the rest, shown beside
# it, 3 times (and the thread pools only in FULL).
set -euo pipefail
cd "${0%/*}/../.." 2>/dev/null || cd ../.. # (no dirname: a process a start)
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh
[ $# -eq 4 ] || die "usage: claims.sh OUT MODE NCPU PYTHON"
out=$1 mode=$2 ncpu=$3 py=$4
trap 'rm -f "$out/raw/.claims-makespan.tmp" "$out/raw/.claims-pool.tmp" "$out/raw/.claims-pool-few.tmp"; exit 130' INT TERM

runs() { # N NAME COMMAND...: append N runs' lines to claims-NAME's temp
	local n=$1 tmp="$out/raw/.claims-$2.tmp"
	shift 2
	for ((r = 0; r < n; r++)); do "$@" --json; done >>"$tmp"
}
# (quick: 30 ms sleeps, so that ten runs of each fit the budget)
if [ "$mode" = full ]; then t=1000; else t=30; fi
if [ ! -f "$out/raw/claims-makespan.jsonl" ]; then
	printf '[claims] Pool(5) makespans ... '
	rm -f "$out/raw/.claims-makespan.tmp"
	for spec in "30 $t" "10 $((2 * t))"; do
		read -r tasks ms <<<"$spec"
		n=3
		[ "$tasks" != 30 ] || n=10
		for m in threads procs; do
			runs "$n" makespan "bin/sleep-$m" --workers 5 --tasks "$tasks" --ms "$ms"
			[ -z "$py" ] || runs "$n" makespan "$py" bench/python/sleep.py --model "$m" --workers 5 --tasks "$tasks" --ms "$ms"
		done
	done
	mv "$out/raw/.claims-makespan.tmp" "$out/raw/claims-makespan.jsonl"
	echo "done"
fi
# C6: C and Python run the same tasks, as many per worker on any machine
# (each CPU a worker), each about 8 ms of counting in either language
# (sized below), processes forked in both;
# a pool's run is then about per_worker x 8 ms (0.4 s: at least 0.25 s,
# with the creation of its workers a small part of it; at 40 a worker,
# vm-epyc-run35-2026-12-06's C pool ran 0.280 s, too near the line, for
# 2.4 s saved in run34). The control runs
# the same total work as two large tasks per worker, processes only (the
# claim is the process pool's; threads are the many-small run's context).
# Each task is sized to this machine: 8 ms of counting in either language
# (the fixed sizes of before made a C task 3 ms on the 2-vCPU Xeon guest,
# whose C counts twice as fast as the EPYC's while its CPython counts
# alike, and C's pool ran 0.16 s). The size comes from the sweep's own
# calibration (raw/calibration.txt: NAME's n for task_ms), scaled to
# 8 ms, or, where the sweep calibrated none (make claim C=6), from the
# program's --calibrate-ms, pinned.
task_ms=8
sized() { # NAME COMMAND...: NAME's n for a task of task_ms, in $size
	local line value ms
	line=$(grep -m1 "^$1 " "$out/raw/calibration.txt" 2>/dev/null || true)
	shift
	# (a line without task_ms, kept from a folder measured before it
	# was written, or with a fractional one: measured here instead)
	value=$(bin/tvp-json get value <<<"${line#* }" 2>/dev/null || true)
	ms=$(bin/tvp-json get task_ms <<<"${line#* }" 2>/dev/null || true)
	if [[ $value =~ ^[0-9]+$ && $ms =~ ^[1-9][0-9]*$ ]]; then
		size=$((value * task_ms / ms))
	else
		line=$("$@" --pin --calibrate-ms "$task_ms") ||
			die "$* cannot size its tasks (--calibrate-ms $task_ms)"
		size=$(bin/tvp-json get value <<<"$line") || die "no value in: $line"
	fi
}
per_worker=50
if [ "$mode" = full ]; then per_worker=200; fi
# Per-task and pool alternate within each round, in an order drawn anew
# each round, and every line carries its round ("round": R), so that the
# report takes the per-task / pool ratio round by round (a host that slows
# down for a while slows both runs of a round alike), never from two
# medians measured minutes apart.
pool_round() { # NAME ROUND LANG MODEL TASKS N: one run of each schedule
	local name=$1 r=$2 lang=$3 m=$4 tasks=$5 n=$6 s sm=()
	local order=(per-task pool)
	[ $((RANDOM % 2)) -eq 0 ] || order=(pool per-task)
	# (the start method is fork's, as in C, whatever the interpreter's
	# default: 3.14 defaults to forkserver; no fork before the clock,
	# which would sit inside the pool's time: --fork-first no)
	[ "$m" = threads ] || sm=(--start-method fork)
	for s in "${order[@]}"; do
		if [ "$lang" = c ]; then
			"bin/count-$m" --schedule "$s" --workers "$ncpu" --tasks "$tasks" --n "$n" --json
		else
			"$py" bench/python/count.py --model "$m" --schedule "$s" --workers "$ncpu" --tasks "$tasks" --n "$n" "${sm[@]}" --fork-first no --json
		fi | sed "s/^{/{\"round\":$r,/" >>"$out/raw/.claims-$name.tmp"
	done
}
pool_runs() { # NAME TASKS_PER_WORKER N PYN WHAT MODELS...: both languages
	local name=$1 tasks=$(($2 * ncpu)) n=$(($3)) pyn=$(($4)) m k r
	[ ! -f "$out/raw/claims-$name.jsonl" ] || return 0
	printf '[claims] per-task vs pool, %s tasks (%s) ... ' "$tasks" "$5"
	rm -f "$out/raw/.claims-$name.tmp"
	for m in "${@:6}"; do
		# (the verdict reads the many-small process runs: Python's
		# ten rounds, C's twenty, C's ratio sits near the 1.5x its
		# rule reads, 1.54-1.58 in vm-epyc-run30 to run36, where ten
		# rounds' interval, the 2nd to 9th of ten, straddled it; a C
		# round costs a second, a Python one three)
		k=3 kpy=3
		[ "$name-$m" != pool-procs ] || k=20 kpy=10
		for ((r = 0; r < k; r++)); do
			pool_round "$name" "$r" c "$m" "$tasks" "$n"
			[ -z "$py" ] || [ "$r" -ge "$kpy" ] || pool_round "$name" "$r" python "$m" "$tasks" "$pyn"
		done
	done
	mv "$out/raw/.claims-$name.tmp" "$out/raw/claims-$name.jsonl"
	echo "done"
}
# (CLAIMS=makespan: the makespans alone, as make claim C=3 runs them)
[ "${CLAIMS:-all}" != makespan ] || exit 0
cn=0 pn=0
if [ ! -f "$out/raw/claims-pool.jsonl" ] || [ ! -f "$out/raw/claims-pool-few.jsonl" ]; then
	sized count bin/count-serial
	cn=$size
	if [ -n "$py" ]; then
		sized pycount "$py" bench/python/count.py --model serial
		pn=$size
	fi
fi
# (threads, the context, in FULL only: no verdict reads them)
if [ "$mode" = full ]; then
	pool_runs pool "$per_worker" "$cn" "$pn" "many small" threads procs
else
	pool_runs pool "$per_worker" "$cn" "$pn" "many small" procs
fi
# the same work per worker: per_worker / 2 small tasks in each large one
pool_runs pool-few 2 "$cn * per_worker / 2" "$pn * per_worker / 2" "few large" procs
