#!/usr/bin/env bash
# compare.sh A B [OUT] - two results folders side by side (make compare
# A=DIR B=DIR): for every configuration both hold, both medians, B's time
# as a share of A's with its bootstrap interval and a permutation test on
# the raw runs (bin/tvp-report compare); the speedup curves of both on one
# plot per workload; the claims' verdicts side by side; and the machine
# facts that differ. To the terminal, and to OUT/compare.md with its plots
# (default: results/compare/A-vs-B). A folder that is missing or holds no
# raw data, or two with nothing in common: one line, exit 2. Everything
# but the drawing is bin/tvp-report compare's (scripts/report/compare.c).
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
die() { echo "tvp: compare: $*" >&2; exit 2; }
if [ $# -lt 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
	die "usage: make compare A=results/FOLDER B=results/FOLDER"
fi
a=${1%/} b=${2%/}
for d in "$a" "$b"; do
	[ -d "$d" ] || die "$d: no such folder"
	[ -d "$d/raw" ] || die "$d holds no raw data (no raw/): not a results folder"
	[ -f "$d/machine.json" ] || die "$d has no machine.json: not a results folder"
done
out=${3:-results/compare/${a##*/}-vs-${b##*/}}
mkdir -p "$out" || die "cannot create $out"
command -v gnuplot >/dev/null || die "gnuplot is missing; run: sudo apt-get install -y gnuplot-nox"
trap 'find "$out" -name "*.tmp" -type f -delete 2>/dev/null; exit 130' INT TERM

bin/tvp-report compare "$a" "$b" "$out"
scripts/plots.sh "$out"

echo "tvp: written to $out/compare.md, plots in $out/plots/"
