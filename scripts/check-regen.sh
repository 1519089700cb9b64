#!/usr/bin/env bash
# check-regen.sh - regenerate every committed results folder (published or
# kept only for its raw data) and RESULTS.md from their raw data with the
# report of this tree, and fail, naming the files, if any committed output
# comes out different or a new one appears: what the commits say ("byte
# for byte the same") is then checked, not claimed. Runs in place, so it
# refuses a tree whose results/ or RESULTS.md has uncommitted changes (it
# would overwrite them); CI runs it on a fresh clone.
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
if [ -n "$(git status --porcelain -- results RESULTS.md)" ]; then
	echo "tvp: results/ or RESULTS.md has uncommitted changes; commit or stash them first" >&2
	exit 2
fi
n=0
for dir in results/*/; do
	dir=${dir%/}
	[ -d "$dir/raw" ] || continue
	bin/tvp-report analyse "$dir" >/dev/null
	scripts/plots.sh "$dir"
	bin/tvp-report verdicts "$dir" >/dev/null
	n=$((n + 1))
done
bin/tvp-report publish results/published RESULTS.md >/dev/null
scripts/plots.sh results
changed=$(git status --porcelain --untracked-files=all -- results RESULTS.md)
if [ -n "$changed" ]; then
	echo "tvp: regenerating the $n committed folders changed $(wc -l <<<"$changed") files; the committed outputs are not what this report makes of their raw data:" >&2
	head -20 <<<"$changed" >&2
	git --no-pager diff --stat -- results RESULTS.md | tail -1 >&2
	exit 1
fi
echo "tvp: $n results folders and RESULTS.md regenerate byte for byte as committed"
