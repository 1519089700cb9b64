#!/usr/bin/env bash
# run-tests.sh TEST... - run the cmocka test programs, then one closing line.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0
for t in "$@"; do
	t0=$(date +%s)
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	echo "(${t##*/}: $(($(date +%s) - t0)) s)"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A test program that crashed before its summary still counts as failed.
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); fi
done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
