#!/usr/bin/env bash
# run-tests.sh TEST... - run the cmocka test programs, then one closing line:
#   tests: N passed, M failed, K skipped
#
# JOBS=N programs run at once (default: two per CPU; JOBS=1 one after
# another). Most of a test program's time is waiting (for mpirun to start
# its ranks, for a sweep's hyperfine, for a server under wrk), so several
# share the CPUs well; each one's output is printed whole when it ends,
# never interleaved. The fault injection (make check-faults) runs with
# JOBS=1: its kills at random moments are about timing under load.
#
# A skipped test must say why (cmocka's skip() says nothing by itself):
# the test prints the reason on a line of its own starting "skipped:"
# before it skips, and a skip with no such line counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
jobs=${JOBS:-$(($(nproc) * 2))}
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
	echo "tvp: run-tests.sh: JOBS=$jobs is not a whole number >= 1" >&2
	exit 2
fi
logs=$(mktemp -d "${TMPDIR:-/tmp}/tvp-tests.XXXXXX") || exit 1
trap 'rm -rf "$logs"' EXIT
trap 'kill -- $(jobs -p) 2>/dev/null; exit 130' INT TERM

passed=0 failed=0 skipped=0
# One program: its output and status into the logs, then its name on the
# queue of finished ones.
one() {
	local t=$1 name=${1##*/} t0 rc
	t0=$(date +%s)
	"$t" >"$logs/$name.out" 2>&1
	rc=$?
	echo "$rc $(($(date +%s) - t0))" >"$logs/$name.rc"
}
# Print a finished program's output and add up its counts.
report() {
	local name=${1##*/} rc secs out p f s why
	read -r rc secs <"$logs/$name.rc"
	out=$(cat "$logs/$name.out")
	printf '%s\n' "$out"
	echo "($name: $secs s)"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -1)
	s=${s:-0}
	why=$(grep -c '^skipped: ' <<<"$out")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + s))
	if [ "$s" -gt "$why" ]; then
		echo "tvp: $name: $((s - why)) test(s) skipped without saying why" >&2
		failed=$((failed + s - why))
	fi
	# A test program that crashed before its summary still counts as failed.
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); fi
}

running=()
for t in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	one "$t" &
	running+=("$t")
	# print, in order, those that have ended
	while [ "${#running[@]}" -gt 0 ] && [ -e "$logs/${running[0]##*/}.rc" ]; do
		report "${running[0]}"
		running=("${running[@]:1}")
	done
done
wait
for t in "${running[@]}"; do report "$t"; done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
