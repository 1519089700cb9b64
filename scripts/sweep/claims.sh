#!/usr/bin/env bash
# claims.sh OUT MODE NCPU PYTHON - the seeds' own experiments for the
# claims, each run three times, the programs' JSON lines kept in
# OUT/raw/claims-NAME.jsonl (written to a temp name and renamed when
# whole): C3's Pool(5) makespans (30 x t and 10 x 2t; the seeds used
# t = 1 s, quick runs scale it down) and C6's per-task vs pool on many
# small tasks with NCPU workers. PYTHON: the interpreter of the Python
# arm, or empty. What is there already is not measured again.
set -euo pipefail
cd "${0%/*}/../.." 2>/dev/null || cd ../.. # (no dirname: a process a start)
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh
[ $# -eq 4 ] || die "usage: claims.sh OUT MODE NCPU PYTHON"
out=$1 mode=$2 ncpu=$3 py=$4
trap 'rm -f "$out/raw/.claims-makespan.tmp" "$out/raw/.claims-pool.tmp"; exit 130' INT TERM

run3() { # NAME COMMAND...: append three runs' lines to claims-NAME's temp
	local tmp="$out/raw/.claims-$1.tmp"
	shift
	for _ in 1 2 3; do "$@" --json; done >>"$tmp"
}
if [ "$mode" = full ]; then t=1000; else t=100; fi
if [ ! -f "$out/raw/claims-makespan.jsonl" ]; then
	printf '[claims] Pool(5) makespans ... '
	rm -f "$out/raw/.claims-makespan.tmp"
	for spec in "30 $t" "10 $((2 * t))"; do
		read -r tasks ms <<<"$spec"
		for m in threads procs; do
			run3 makespan "bin/sleep-$m" --workers 5 --tasks "$tasks" --ms "$ms"
			[ -z "$py" ] || run3 makespan "$py" bench/python/sleep.py --model "$m" --workers 5 --tasks "$tasks" --ms "$ms"
		done
	done
	mv "$out/raw/.claims-makespan.tmp" "$out/raw/claims-makespan.jsonl"
	echo "done"
fi
if [ ! -f "$out/raw/claims-pool.jsonl" ]; then
	printf '[claims] per-task vs pool, many small tasks ... '
	rm -f "$out/raw/.claims-pool.tmp"
	# quick: a quarter of the tasks (a fork with its exit and wait costs
	# 2 ms on some VMs, a Python Process 30 ms)
	ct=2000 pt=200
	if [ "$mode" = quick ]; then ct=500 pt=50; fi
	for m in threads procs; do for s in per-task pool; do
		run3 pool "bin/count-$m" --schedule "$s" --workers "$ncpu" --tasks "$ct" --n 20000
		[ -z "$py" ] || run3 pool "$py" bench/python/count.py --model "$m" --schedule "$s" --workers "$ncpu" --tasks "$pt" --n 2000
	done; done
	mv "$out/raw/.claims-pool.tmp" "$out/raw/claims-pool.jsonl"
	echo "done"
fi
