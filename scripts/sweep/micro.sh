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
# repetitions), and each says what it is (--describe): its name, the claim
# it bears on, its arguments in a quick and in a full sweep, and its
# Python counterpart where the seeds have one; a new bench/micro/NAME.c is
# found here without a list to edit (the report reads its
# raw/micro-NAME.jsonl once it has a struct and table, rows.h and rows.c,
# and a place in the folder, load.h and load.c's typed[]; until then a
# folder with the file does not load, and says which).
# MICRO_ARGS_name overrides a name's arguments (MICRO_ARGS_pyspawn:
# spawn's Python counterpart's).
declare -A args_of=() py_of=() pyargs_of=()
known=()
describe_micros() {
	local src n
	for src in bench/micro/*.c; do
		n=${src##*/} n=${n%.c}
		[ ! -x "bin/$n" ] || "bin/$n" --describe
	done
}
catalog=$(describe_micros | bin/tvp-report describe) || die "the micro-benchmarks cannot describe themselves (run: make)"
while IFS='|' read -r name _ quick full script pyquick pyfull; do
	[ -n "$name" ] || continue # (no micro-benchmark built: no line)
	known+=("$name")
	args_of[$name]=$quick py_of[$name]="" pyargs_of[$name]=$pyquick
	[ "$mode" != full ] || args_of[$name]=$full pyargs_of[$name]=$pyfull
	[ "$script" = - ] || py_of[$name]=$script
done <<<"$catalog"
micro_args() { # NAME [PY]: its arguments in this mode, or the user's
	local override="MICRO_ARGS_$2$1"
	if [ -n "${!override+set}" ]; then echo "${!override}"; return; fi
	if [ -n "$2" ]; then echo "${pyargs_of[$1]}"; else echo "${args_of[$1]}"; fi
}
default=$(IFS=,; echo "${known[*]}")
IFS=, read -r -a micros <<<"${MICRO-$default}"
cmds=()
for name in "${micros[@]}"; do
	[ -n "$name" ] || continue
	[ -n "${args_of[$name]+set}" ] || die "unknown micro-benchmark '$name' ($default)"
	cmds+=("$name|bin/$name $(micro_args "$name" "")")
	# its Python counterpart, where the seeds have one
	[ -z "$py" ] || [ -z "${py_of[$name]}" ] ||
		cmds+=("py$name|$py ${py_of[$name]} $(micro_args "$name" py)")
done
for entry in "${cmds[@]}"; do
	name=${entry%%|*}
	f="$out/raw/micro-$name.jsonl" tmp="$out/raw/.micro-$name.tmp"
	[ -f "$f" ] && continue
	printf '[micro] %s ... ' "$name"
	t0=$(date +%s)
	read -r -a cmd <<<"${entry#*|}" # (its words, none globbed)
	setsid "${cmd[@]}" --json >"$tmp" 2>"$data/micro.err" &
	if ! wait "$!"; then
		echo "FAILED"
		cat "$data/micro.err" >&2
		rm -f "$tmp"
		exit 1
	fi
	mv "$tmp" "$f"
	echo "$(wc -l <"$f") points in $(($(date +%s) - t0)) s"
	# (each micro-benchmark's seconds beside the sweep's stages: where
	# the micro stage's budget went stays in the folder)
	echo "micro/$name $(($(date +%s) - t0))" >>"$out/raw/stages.txt"
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
		taskset -c "$cpu" perf bench sched pipe -l 100000
		echo "== tvp: thread"
		taskset -c "$cpu" perf bench sched pipe -T -l 100000
	} >"$tmp" 2>&1
	mv "$tmp" "$ref"
	echo "done"
elif ! command -v perf >/dev/null; then
	echo "tvp: perf is not installed; the ctxsw cross-check is skipped (apt-get install linux-perf)"
fi
