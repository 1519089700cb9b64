#!/usr/bin/env bash
# micro.sh OUT MODE DATA CPU PYTHON - the micro-benchmarks (what creating,
# switching, sharing and memory cost), each into OUT/raw/micro-NAME.jsonl,
# one point per line, written to a temp name and renamed when whole; the
# Python counterparts where the seeds have one (PYTHON: the interpreter,
# or empty); and perf bench sched pipe on CPU, the outside reference for
# ctxsw. MODE quick|full; DATA the sweep's scratch folder. The user's
# knobs come from the environment: MICRO (which; MICRO= for none),
# MICRO_ARGS_name. What is there already is not measured again.
set -euo pipefail
cd "${0%/*}/../.." 2>/dev/null || cd ../.. # (no dirname: a process a start)
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh
[ $# -eq 5 ] || die "usage: micro.sh OUT MODE DATA CPU PYTHON"
out=$1 mode=$2 data=$3 cpu=$4 py=$5
tmp=""
trap 'stop_jobs; rm -f "$tmp"; exit 130' INT TERM

# The micro-benchmarks time themselves (one calibrated loop, median of
# repetitions).
micro_args() {
	local override="MICRO_ARGS_$1"
	if [ -n "${!override+set}" ]; then echo "${!override}"; return; fi
	case "$1:$mode" in
	spawn:quick) echo "--rss-mib 0,64,512 --min-ms 20" ;;
	spawn:full) echo "--rss-mib 0,64,512,2048" ;;
	ipc:quick) echo "--sizes 8,4096,262144,1048576 --min-ms 10" ;;
	footprint:quick) echo "--workers 1,4,16 --buffer-mib 64" ;;
	footprint:full) echo "--workers 1,4,16,64 --buffer-mib 256" ;;
	oversub:quick) echo "--per-cpu 1,4,16,64 --n 300000000 --reps 41 --min-ms 10" ;;
	pyspawn:quick) echo "--min-ms 30" ;;
	pyrace:quick) echo "--n 100000" ;;
	pyipc:quick) echo "--sizes 8,4096,262144 --min-ms 30" ;;
	pyipc:full) echo "--sizes 8,512,4096,32768,262144,1048576" ;;
	py*) echo "" ;;
	*:quick) echo "--min-ms 20" ;;
	*) echo "" ;;
	esac
}
IFS=, read -r -a micros <<<"${MICRO-spawn,footprint,ipc,ctxsw,race,oversub}"
cmds=()
for name in "${micros[@]}"; do
	[ -n "$name" ] || continue
	[ -x "bin/$name" ] || die "unknown micro-benchmark '$name' (spawn,footprint,ipc,ctxsw,race,oversub)"
	cmds+=("$name|bin/$name $(micro_args "$name")")
	# its Python counterpart, where the seeds have one
	case "$name" in spawn | ipc | race)
		[ -z "$py" ] || cmds+=("py$name|$py bench/python/$name.py $(micro_args "py$name")") ;;
	esac
done
for entry in "${cmds[@]}"; do
	name=${entry%%|*}
	f="$out/raw/micro-$name.jsonl" tmp="$out/raw/.micro-$name.tmp"
	[ -f "$f" ] && continue
	printf '[micro] %s ... ' "$name"
	t0=$(date +%s)
	# shellcheck disable=SC2086 # the command is plain words
	setsid ${entry#*|} --json >"$tmp" 2>"$data/micro.err" &
	if ! wait "$!"; then
		echo "FAILED"
		cat "$data/micro.err" >&2
		rm -f "$tmp"
		exit 1
	fi
	mv "$tmp" "$f"
	echo "$(wc -l <"$f") points in $(($(date +%s) - t0)) s"
done

# An established tool measuring what ctxsw measures, in the same run:
# perf bench sched pipe, a pipe round trip between two processes (-T:
# threads), both on one CPU. Optional: without perf it is skipped.
ref="$out/raw/reference-perf-pipe.txt" tmp="$out/raw/.reference.tmp"
if [ ${#cmds[@]} -gt 0 ] && [ ! -f "$ref" ] && command -v perf >/dev/null &&
	perf bench sched pipe -l 10 >/dev/null 2>&1; then
	printf '[reference] perf bench sched pipe ... '
	{
		echo "== tvp: process"
		taskset -c "$cpu" perf bench sched pipe -l 200000
		echo "== tvp: thread"
		taskset -c "$cpu" perf bench sched pipe -T -l 200000
	} >"$tmp" 2>&1
	mv "$tmp" "$ref"
	echo "done"
elif ! command -v perf >/dev/null; then
	echo "tvp: perf is not installed; the ctxsw cross-check is skipped (apt-get install linux-perf)"
fi
