#!/usr/bin/env bash
# time.sh OUT DATA ROUND RUNS WARMUP LABEL LINE - one round of one
# configuration: hyperfine times LINE (a plan line, ID|CPUS|COMMAND: see
# plan.sh) RUNS times, after WARMUP warm-up runs in round 1 only, pinned
# to CPUS, into OUT/raw/ID.rROUND.hyperfine.json (hyperfine's timings) and
# OUT/raw/ID.rROUND.out.json (the program's own result lines), each
# written to a temp name and renamed when whole.
#
# Prints "LABEL: what ... MEDIAN s ±CV%" (no newline: the caller ends the
# line) and exits 0; or, when both files are there already (a resumed
# sweep), prints nothing and exits 10. Either way the checksum must be the
# workload's serial one (OUT/raw/WORKLOAD-serial.r1.*), or that of a run
# of as many tasks where tasks per worker made them more: a mismatch stops
# the sweep (exit 1) and the configuration is not kept. A failed run says
# how to repeat it (exit 1); a full disk says so (exit 2). DATA is the
# sweep's scratch folder. SIGINT/SIGTERM: the timed programs are stopped,
# no temp file is left, exit 130.
set -euo pipefail
cd "${0%/*}/../.." 2>/dev/null || cd ../.. # (no dirname: a process a start)
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh
[ $# -eq 7 ] || die "usage: time.sh OUT DATA ROUND RUNS WARMUP LABEL LINE"
out=$1 data=$2 round=$3 runs=$4 warmup=$5 label=$6
IFS='|' read -r id cpus cmd <<<"$7"
h="$out/raw/$id.r$round.hyperfine.json" o="$out/raw/$id.r$round.out.json"
ht="$out/raw/.$id.r$round.hyperfine.tmp" ot="$out/raw/.$id.r$round.out.tmp"
trap 'stop_jobs; rm -f "$ht" "$ot" "$out/raw/.probe.tmp"; exit 130' INT TERM

# check HYPERFINE OUT: the checksum, median and CV (into median and cv);
# stop on a checksum that is not the one of a run of the same tasks: the
# serial run's or, for a run given tasks per worker (its tasks grow with
# its workers), the first earlier run of the workload that did as many
# (tvp-report point finds it among the workload's round-1 lines).
check() {
	local sum want want_id res
	if ! res=$(bin/tvp-report point "$1" "$2" "$out/raw" "$id") ||
		! read -r sum median cv want want_id <<<"$res" || [ -z "$want_id" ]; then
		echo "FAILED" >&2
		rm -f "$ht" "$ot"
		die "cannot check $id's checksum against the runs of the same work in $out/raw (tvp-report point)"
	fi
	if [ "$want" != - ] && [ "$sum" != "$want" ]; then
		echo "CHECKSUM MISMATCH" >&2
		echo "tvp: $id printed checksum $sum, $want_id printed $want: a model is wrong; $id is not kept" >&2
		rm -f "$ht" "$ot"
		exit 1
	fi
}

if [ -f "$h" ] && [ -f "$o" ]; then
	check "$h" "$o"
	exit 10
fi
what="" && label_of what "$id"
printf '%s: %s ... ' "$label" "$what"
# Warm-up runs in the first round only: later rounds find the program and
# its files in the page cache already.
[ "$round" -eq 1 ] || warmup=0
setsid hyperfine -N --style none --warmup "$warmup" --runs "$runs" \
	--export-json "$ht" --output "$ot" --command-name "$id" \
	"taskset -c $cpus $cmd --json" 2>"$data/hyperfine.err" &
if ! wait "$!"; then
	echo "FAILED"
	cat "$data/hyperfine.err" >&2
	rm -f "$ht" "$ot"
	# Often the cause is the results folder itself (a full disk).
	free_kib=$(df -Pk "$out/raw" 2>/dev/null | awk 'NR == 2 { print $4 }')
	if ! err=$({ head -c 65536 /dev/zero >"$out/raw/.probe.tmp"; } 2>&1) ||
		[ "${free_kib:-1024}" -lt 1024 ]; then
		rm -f "$out/raw/.probe.tmp"
		die "cannot write to $out/raw: No space left on device (${free_kib:-?} KiB free)${err:+: ${err##*: }}"
	fi
	rm -f "$out/raw/.probe.tmp"
	echo "tvp: $id failed; run it by hand to see why: taskset -c $cpus $cmd" >&2
	exit 1
fi
check "$ht" "$ot"
mv "$ot" "$o"
mv "$ht" "$h"
printf '%.3f s ±%.1f%%' "$median" "$cv"
