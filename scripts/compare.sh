#!/usr/bin/env bash
# compare.sh A B [OUT] - two results folders side by side (make compare
# A=DIR B=DIR): for every configuration both hold, both medians, B's time
# as a share of A's with its bootstrap interval and a permutation test on
# the raw runs (bin/tvp-report compare); the speedup curves of both on one
# plot per workload; the claims' verdicts side by side; and the machine
# facts that differ. To the terminal, and to OUT/compare.md with its plots
# (default: results/compare/A-vs-B). A folder that is missing or holds no
# raw data, or two with nothing in common: one line, exit 2.
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
# shellcheck source=scripts/results-lib.sh
. scripts/results-lib.sh
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

# The claims side by side (where the report has judged them), read once
# for the file and the terminal, and the facts of the two machines that
# differ. (Builtins but for one awk a folder and one sort: every lookup
# used to start two or three processes, some 200 in all.)
claims=(C1 C2 C3 C4 C5 C6 C7 C8 C9 C10)
declare -A va vb
for d in "$a" "$b"; do
	if [ ! -f "$d/claims.md" ]; then
		echo "tvp: $d has no claims.md yet (make report RESULTS=$d draws it): the claims are left out"
		claims=()
	fi
done
if [ ${#claims[@]} -gt 0 ]; then
	# (each line "claim|verdict|key", split by hand: read would drop an
	# empty key's "|")
	while IFS= read -r v; do va[${v%%|*}]=${v#*|}; done < <(verdicts_of "$a" "${claims[*]}")
	while IFS= read -r v; do vb[${v%%|*}]=${v#*|}; done < <(verdicts_of "$b" "${claims[*]}")
fi
# differs CLAIM: "differs" in $diff when the two verdicts differ, else ""
differs() { diff=""; [ "${va[$1]%%|*}" = "${vb[$1]%%|*}" ] || diff=differs; }
declare -A fa fb fva fvb
facts_of "$a" fa fva
facts_of "$b" fb fvb
{
	if [ ${#claims[@]} -gt 0 ]; then
		echo "### The claims on each"
		echo
		echo "| claim | A: \`${a##*/}\` | B: \`${b##*/}\` | |"
		echo "|---|---|---|---|"
		for claim in "${claims[@]}"; do
			differs "$claim"
			echo "| $claim | $(cell "${va[$claim]}") | $(cell "${vb[$claim]}") | $diff |"
		done
		echo
	fi
	echo "### What differs between the machines"
	echo
	echo "| fact | A | B |"
	echo "|---|---|---|"
	n=0
	for key in cpu_model cpus cores smt cpu_flags page_table_isolation hypervisor virtualization thp thp_defrag kernel os compiler cflags python mpi mode; do
		x=${fa[$key]:-unknown} y=${fb[$key]:-unknown}
		[ "$x" != "$y" ] || continue
		echo "| $key | $x | $y |"
		n=$((n + 1))
	done
	while read -r v; do
		[ -n "$v" ] || continue # (neither machine listed any)
		x=${fva[$v]:-} y=${fvb[$v]:-}
		[ "$x" != "$y" ] || continue
		echo "| vulnerability $v | ${x:-unknown} | ${y:-unknown} |"
		n=$((n + 1))
	done < <(printf '%s\n' "${!fva[@]}" "${!fvb[@]}" | sort -u)
	[ "$n" -gt 0 ] || echo "| (none of these) | | |"
	echo
} >>"$out/compare.md"
if [ ${#claims[@]} -gt 0 ]; then
	echo "tvp: the claims on each (A: ${a##*/}, B: ${b##*/}):"
	for claim in "${claims[@]}"; do
		differs "$claim"
		x=${va[$claim]%%|*} y=${vb[$claim]%%|*}
		printf '  %-4s %-32s %-32s %s\n' "$claim" "${x//\*/}" "${y//\*/}" "$diff"
	done
fi
echo "tvp: written to $out/compare.md, plots in $out/plots/"
