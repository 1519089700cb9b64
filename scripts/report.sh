#!/usr/bin/env bash
# report.sh [--publish] DIR... - regenerate each results folder's
# summary.csv, plots and report.md from its raw data alone, then RESULTS.md
# from the folders listed in results/published. With --publish, DIR
# replaces the published folder of the same host and mode first.
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
# shellcheck source=scripts/results-lib.sh
. scripts/results-lib.sh

publish=""
if [ "${1:-}" = --publish ]; then publish=1; shift; fi
[ $# -gt 0 ] || { echo "usage: report.sh [--publish] RESULTS_DIR..." >&2; exit 2; }
list=results/published

# Interrupted, it leaves no temp file (each output is written to NAME.tmp,
# then renamed): the old files stay as they were.
tidy() {
	local d
	for d in "$@"; do find "${d%/}" -name '*.tmp' -type f -delete 2>/dev/null || true; done
	rm -f RESULTS.md.tmp "$list.tmp"
}
trap 'tidy "$@"; exit 130' INT TERM

# The verdicts in the terminal: one line per claim, C1..C10, its verdict
# and key figure as RESULTS.md's matrix gives them (verdicts_of), then where
# the full report is.
say_claims() {
	local claim v key
	[ -f "$1/claims.md" ] || return 0
	echo "tvp: the claims on $1:"
	while IFS='|' read -r claim v key; do
		printf '  %-4s %-30s %s\n' "$claim" "${v//[*\`]/}" "${key//[*\`]/}"
	done < <(verdicts_of "$1" "C1 C2 C3 C4 C5 C6 C7 C8 C9 C10")
	echo "tvp: full report $1/report.md, plots in $1/plots/"
}

for dir in "$@"; do
	dir=${dir%/}
	[ -d "$dir/raw" ] || { echo "tvp: $dir is not a results folder (no raw/)" >&2; exit 2; }
	bin/tvp-report analyse "$dir"
	scripts/plots.sh "$dir"
	say_claims "$dir"
	if [ -n "$publish" ] && [ "${dir%/*}" != results ]; then
		echo "tvp: $dir is outside results/, so RESULTS.md does not list it"
	elif [ -n "$publish" ]; then
		name=${dir##*/}
		key=$(sed -E 's/-[0-9]{4}-[0-9]{2}-[0-9]{2}//' <<<"$name")
		touch "$list"
		{ while read -r old; do
			[ "$(sed -E 's/-[0-9]{4}-[0-9]{2}-[0-9]{2}//' <<<"$old")" = "$key" ] || echo "$old"
		done <"$list"; echo "$name"; } >"$list.tmp"
		mv "$list.tmp" "$list"
	fi
done

# The claims on every published machine, one row per claim: each cell is
# the verdict that folder's claims.md gives (its last column).
# One row per claim, one column per published folder: the verdict and its
# key figure.
matrix() {
	local name claim row v
	printf '| claim |'
	while read -r name; do
		printf " \`%s\` (%s, %s CPUs) |" "$name" "$(fact "results/$name" cpu_model)" "$(fact "results/$name" cpus)"
	done <"$list"
	printf '\n|---|'
	while read -r name; do printf -- '---|'; done <"$list"
	printf '\n'
	for claim in C1 C2 C3 C4 C5 C6 C7 C8 C9 C10; do
		row="| $claim |"
		while read -r name; do
			v=$(verdict_of "results/$name" "$claim")
			row+=" $(cell "$v") |"
		done <"$list"
		echo "$row"
	done
	echo
}

# The claims in words, with the seeds that make them: each from the newest
# folder whose claims.md has its row (the same text in every folder; a
# folder that measured a few claims lists only those), the seeds and the
# rules from the newest folder.
claim_texts() {
	local last=$1 claim name
	for claim in C1 C2 C3 C4 C5 C6 C7 C8 C9 C10; do
		name=$(tac "$list" | while read -r n; do
			grep -q "^| $claim |" "results/$n/claims.md" 2>/dev/null && { echo "$n"; break; }
		done)
		[ -n "$name" ] || continue
		awk -F'|' -v c=" $claim " '$2 == c { t = $3; gsub(/^ +| +$/, "", t); print "- **" c "** " t }' "results/$name/claims.md" | sed 's/\*\* C\([0-9]*\) \*\*/**C\1**/'
	done
	echo
	grep -h '^The seeds, by number:' "results/$last/claims.md"
	echo
	grep -h '^How a verdict is reached' "results/$last/claims.md"
	echo
}

# The plots that carry the lessons, each from the newest folder that has
# it, under the claim it bears on, that folder's verdict and key figure.
key_plots() {
	local spec file claim title name v
	for spec in "claims-c1.png|C1|C and Python counting on the same cores" \
		"micro-spawn.png|C4|creating a worker, against the parent's memory" \
		"count-account.png|C2|where the missing speedup went" \
		"server-mixed-rps.png|C10|requests/s of the server models" \
		"server-conns-memory.png|C10|what a held idle connection costs each server model" \
		"server-conns-rps.png|C10|requests/s of active clients beside held idle ones"; do
		IFS='|' read -r file claim title <<<"$spec"
		name=$(tac "$list" | while read -r n; do
			[ -f "results/$n/plots/$file" ] && { echo "$n"; break; }
		done)
		[ -n "$name" ] || continue
		v=$(verdict_of "results/$name" "$claim" full)
		echo "### $claim: $title"
		echo
		echo "![$claim: $title](results/$name/plots/$file)"
		echo
		echo "On \`$name\`, $claim $(cell "$v")."
		echo
	done
}

# One short block per folder: the machine, where its verdicts differ from
# the other folders', and where its full report is.
machine_blocks() {
	local name claim v mine others differ
	while read -r name; do
		echo "### \`$name\`"
		echo
		echo "$(fact "results/$name" cpu_model), $(fact "results/$name" cpus) CPUs ($(fact "results/$name" cores) cores, SMT $(fact "results/$name" smt)), $(fact "results/$name" memory); $(fact "results/$name" kernel), $(fact "results/$name" virtualization); page-table isolation $(fact "results/$name" page_table_isolation); transparent huge pages \`$(fact "results/$name" thp)\`; $(fact "results/$name" compiler), $(fact "results/$name" python); a $(fact "results/$name" mode) sweep of $(fact "results/$name" date)."
		echo
		differ=""
		for claim in C1 C2 C3 C4 C5 C6 C7 C8 C9 C10; do
			mine=$(verdict_of "results/$name" "$claim")
			mine=${mine%%|*}
			[ "$mine" != "not measured" ] || continue
			others=$(while read -r n; do
				[ "$n" != "$name" ] || continue
				v=$(verdict_of "results/$n" "$claim")
				[ "${v%%|*}" = "not measured" ] || echo "${v%%|*}"
			done <"$list" | sort -u)
			if [ -n "$others" ] && ! grep -qxF -- "$mine" <<<"$others"; then
				differ+="${differ:+; }$claim $mine (elsewhere: $(paste -sd/ <<<"$others" | sed 's|/| / |g'))"
			fi
		done
		# a verdict that changed when the report's rules were corrected
		# says why (the folder's changes.md, one sentence a change)
		if [ -f "results/$name/changes.md" ]; then cat "results/$name/changes.md"; echo; fi
		# a stage measured on a busy machine (raw/quiet.txt) says so
		if grep -h '^\*\*Measured on a busy machine' "results/$name/claims.md" 2>/dev/null; then echo; fi
		if [ -n "$differ" ]; then
			echo "Verdicts no other folder reached: $differ."
		else
			echo "Every verdict measured here was reached on another folder too."
		fi
		echo
		echo "Every table and plot: [\`results/$name/report.md\`](results/$name/report.md); every claim with all its evidence: [\`results/$name/claims.md\`](results/$name/claims.md); the raw data: \`results/$name/raw/\`."
		echo
	done <"$list"
}

[ -f "$list" ] || exit 0
touches=""
for dir in "$@"; do
	grep -qxF "${dir%/}" <(sed 's|^|results/|' "$list") && touches=1
done
[ -n "$touches" ] || exit 0
last=$(tail -n1 "$list")
while read -r name; do
	for part in claims report; do
		[ -f "results/$name/$part.md" ] || { echo "tvp: results/$name/$part.md is missing; run: make report RESULTS=results/$name" >&2; exit 1; }
	done
done <"$list"
{
	cat <<'MD'
# tvp results

Generated by `make bench` and `make report`; never edited by hand. Every
figure below comes from the raw data committed in the results folder it
names, and `make report RESULTS=results/FOLDER` regenerates that folder's
full report byte for byte. Compare figures as ratios inside one folder,
not across machines.

How to read it: a *speedup* is the serial program's median time divided by
the configuration's; the ideal on k cores is k. *Efficiency* is speedup / k.
Intervals are 95% bootstrap confidence intervals.

## The claims on every machine

Every claim of the seeds, tested on each machine, with the verdict the
report computes from that machine's data and its key figure.

MD
	matrix
	claim_texts "$last"
	echo "## The lessons, in plots"
	echo
	key_plots
	echo "## The machines"
	echo
	machine_blocks
} >RESULTS.md.tmp
mv RESULTS.md.tmp RESULTS.md
echo "tvp: wrote RESULTS.md ($(wc -l <"$list") machine section(s))"
