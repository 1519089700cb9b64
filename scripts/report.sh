#!/usr/bin/env bash
# report.sh [--publish] DIR... - regenerate each results folder's
# summary.csv, plots and report.md from its raw data alone, then RESULTS.md
# from the folders listed in results/published. With --publish, DIR
# replaces the published folder of the same host and mode first.
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)

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

for dir in "$@"; do
	dir=${dir%/}
	[ -d "$dir/raw" ] || { echo "tvp: $dir is not a results folder (no raw/)" >&2; exit 2; }
	bin/tvp-report analyse "$dir"
	scripts/plots.sh "$dir"
	bin/tvp-report verdicts "$dir"
	echo "tvp: full report $dir/report.md, plots in $dir/plots/"
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

[ -f "$list" ] || exit 0
touches=""
for dir in "$@"; do
	grep -qxF "${dir%/}" <(sed 's|^|results/|' "$list") && touches=1
done
[ -n "$touches" ] || exit 0
while read -r name; do
	for part in claims.json report.md; do
		[ -f "results/$name/$part" ] || { echo "tvp: results/$name/$part is missing; run: make report RESULTS=results/$name" >&2; exit 1; }
	done
done <"$list"
# The page: every verdict and figure from the folders' claims.json
# (scripts/report/publish.c).
bin/tvp-report publish "$list" RESULTS.md
# and the page's own plots, across the machines (results/plots/)
scripts/plots.sh results
