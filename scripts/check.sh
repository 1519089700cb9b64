#!/usr/bin/env bash
# check.sh asan|tsan - build a copy of the tree with a sanitizer and run the
# whole test suite in it, fault injection included (make check-asan,
# make check-tsan).
#
#   asan: AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer)
#   tsan: ThreadSanitizer
#
# The copy lives in build/check-MODE/ (the working tree's own build/ and
# bin/ stay as they are). Every sanitizer report goes to a log file
# (log_path), not only to a stderr that a test may have swallowed: the
# check fails if the tests fail or if any report was written, even by a
# program whose non-zero exit a test expected.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in
asan)
	flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	ldflags="-fsanitize=address,undefined" ;;
tsan)
	flags="-O1 -g -fsanitize=thread"
	ldflags="-fsanitize=thread" ;;
*) echo "usage: check.sh asan|tsan" >&2; exit 2 ;;
esac

dir=$PWD/build/check-$mode
rm -rf "$dir"
mkdir -p "$dir/tree" "$dir/reports"
# What the sanitizer runtime opens by absolute path (its log files and its
# suppressions) lives where every test user can reach it: a test that drops
# to nobody (RLIMIT_NPROC) runs under a clone whose folder may be root's
# alone (mktemp -d: 0700), and a runtime that cannot read its suppressions
# or write its log dies with exitcode 86 and no word anywhere. The reports
# are copied into $dir/reports at the end.
logs=$(mktemp -d "${TMPDIR:-/tmp}/tvp-check-$mode.XXXXXX")
trap 'rm -rf "$logs"' EXIT
chmod 1777 "$logs"
mkdir "$logs/supp"
cp .ci/sanitizers/*.supp "$logs/supp/"
chmod -R a+rX "$logs/supp"
# The files git knows or would add: what a clean clone plus your edits has.
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$dir/tree"

supp=$logs/supp
# Leak checking is on (the default); bench/models/mpi.c turns it off for
# the MPI programs alone, and says why.
export ASAN_OPTIONS="log_path=$logs/asan:abort_on_error=0:exitcode=86"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
# ThreadSanitizer sleeps 1 s in every process's exit by default
# (atexit_sleep_ms), to give threads still running a chance to race with
# the exit's destructors. The tests start hundreds of processes, and that
# sleep was most of this check's time (test_programs alone: 33 s with
# 50 ms, 190 s with 1 s). 50 ms still gives such a thread its chance.
export TSAN_OPTIONS="log_path=$logs/tsan:exitcode=86:second_deadlock_stack=1:atexit_sleep_ms=50:suppressions=$supp/tsan.supp"
# Processes start many times slower under a sanitizer: the tests repeat
# their fault loops fewer times (make test runs them in full; see reps()).
export TVP_SANITIZER=$mode
echo "tvp: check-$mode: building and testing a copy in $dir/tree"
rc=0
make -C "$dir/tree" --no-print-directory CFLAGS="$flags" LDFLAGS="$ldflags" test || rc=$?
make -C "$dir/tree" --no-print-directory CFLAGS="$flags" LDFLAGS="$ldflags" check-faults || rc=$?

find "$logs" -maxdepth 1 -type f -exec cp {} "$dir/reports/" \;
reports=$(find "$dir/reports" -type f | sort)
if [ -n "$reports" ]; then
	for f in $reports; do
		echo "== $f"
		head -60 "$f"
	done
	echo "tvp: check-$mode: $(wc -l <<<"$reports") sanitizer report(s), above" >&2
	exit 1
fi
if [ "$rc" -ne 0 ]; then
	echo "tvp: check-$mode: the tests failed (no sanitizer report was" \
		"written: the failing test's own output is above)" >&2
	exit "$rc"
fi
echo "tvp: check-$mode: the tests passed and no sanitizer reported anything"
