#!/usr/bin/env bash
# fuzz.sh SECONDS - build the fuzz targets in tests/fuzz/ with clang's
# libFuzzer (+ AddressSanitizer and UndefinedBehaviorSanitizer) and run
# each for its share of SECONDS (of CPU time: they run side by side).
#
#   make fuzz            10 minutes in all; the corpora grow in the tree
#   make fuzz-short      60 s in all (CI); the committed corpora stay as
#                        they are
#
# Corpora: tests/fuzz/corpus/TARGET/ (committed seeds plus what longer runs
# found). A crash, leak or timeout is written to tests/fuzz/crashes/ and
# fails the run: commit the input, fix the bug, and the input stays as a
# regression seed (every file in crashes/ is replayed first).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
grow=${FUZZ_GROW:-1}
if ! [[ $secs =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: fuzz.sh SECONDS (a whole number >= 1)" >&2
	exit 2
fi
cc=${FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; return (int)n * 0; }' |
	"$cc" -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
	echo "tvp: libFuzzer is missing; run: sudo apt-get install -y clang libclang-rt-dev (or make deps-check)" >&2
	exit 1
fi

out=build/fuzz
mkdir -p "$out" tests/fuzz/crashes
# shellcheck disable=SC2054 # the commas belong to -fsanitize=
flags=(-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
lib=(bench/lib/args.c bench/lib/errors.c bench/lib/parse.c bench/lib/cleanup.c
	bench/lib/clocks.c bench/lib/cpus.c bench/lib/io.c bench/lib/shared.c
	bench/lib/account.c)
echo "tvp: building the fuzz targets with $cc"
"$cc" "${flags[@]}" -pthread -DTVP_WL=files -o "$out/fuzz_args" tests/fuzz/fuzz_args.c \
	"${lib[@]}" bench/lib/glue.c bench/workloads/files.c bench/models/threads.c -ljansson &
"$cc" "${flags[@]}" -o "$out/fuzz_result_line" tests/fuzz/fuzz_result_line.c \
	scripts/report/results.c scripts/report/rows.c scripts/report/stats.c -ljansson -lgsl -lgslcblas -lm &
"$cc" "${flags[@]}" -o "$out/fuzz_http" tests/fuzz/fuzz_http.c bench/server/http.c &
for _ in 1 2 3; do wait -n || { echo "tvp: a fuzz target did not build" >&2; exit 1; }; done

targets=(fuzz_args fuzz_result_line fuzz_http)
# Each target gets an equal share of SECONDS as CPU time. They all run at
# once, sharing the CPUs, so that SECONDS of fuzzing on two CPUs takes about
# half as long: with T targets on P CPUs each one runs for
# share * T / min(T, P) s of wall time.
t=${#targets[@]}
at_once=$(nproc)
[ "$t" -ge "$at_once" ] || at_once=$t # min(T, P)
share=$((secs / t))
[ "$share" -ge 1 ] || share=1
wall=$(((share * t + at_once - 1) / at_once))

# One target: earlier findings replayed, then fuzzed; its verdict in
# $out/$t.verdict (a line, and "ok" or "bug" first).
one() {
	local t=$1 corpus=tests/fuzz/corpus/$1 found dirs
	mkdir -p "$corpus"
	# Earlier findings first: each must now pass.
	mapfile -t found < <(find tests/fuzz/crashes -name "$t-*" -type f | sort)
	if [ "${#found[@]}" -gt 0 ]; then
		"$out/$t" -close_fd_mask=3 "${found[@]}" >"$out/$t.replay.log" 2>&1 || {
			{
				echo "bug tvp: $t: an earlier finding still fails:"
				tail -40 "$out/$t.replay.log"
			} >"$out/$t.verdict"
			return
		}
	fi
	dirs=("$corpus")
	if [ "$grow" = 0 ]; then
		# New inputs go to a scratch folder; the committed corpus is read.
		rm -rf "$out/$t.new"
		mkdir -p "$out/$t.new"
		dirs=("$out/$t.new" "$corpus")
	fi
	if ! "$out/$t" -max_total_time="$wall" -timeout=10 -rss_limit_mb=2048 \
		-max_len=4096 -close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="tests/fuzz/crashes/$t-" "${dirs[@]}" \
		>"$out/$t.log" 2>&1; then
		{
			echo "bug tvp: $t FOUND A BUG; the input is in tests/fuzz/crashes/:"
			grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$out/$t.log" | head -20
		} >"$out/$t.verdict"
		return
	fi
	echo "ok tvp: $t: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/$t.log" | grep -o '[0-9]*$') inputs run, no finding" >"$out/$t.verdict"
}
trap 'kill -- $(jobs -p) 2>/dev/null; exit 130' INT TERM
for t in "${targets[@]}"; do
	rm -f "$out/$t.verdict"
	echo "tvp: fuzzing $t for $wall s (corpus: $(find "tests/fuzz/corpus/$t" -type f 2>/dev/null | wc -l) inputs)"
	one "$t" &
done
wait
rc=0
for t in "${targets[@]}"; do
	if ! [ -s "$out/$t.verdict" ]; then
		echo "tvp: $t: the fuzzer ended without a verdict" >&2
		rc=1
	elif read -r first _ <"$out/$t.verdict" && [ "$first" = ok ]; then
		sed '1s/^ok //' "$out/$t.verdict"
	else
		sed '1s/^bug //' "$out/$t.verdict" >&2
		rc=1
	fi
done
exit "$rc"
