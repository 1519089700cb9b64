#!/usr/bin/env bash
# plots.sh DIR - draw DIR/plots/*.png and *.svg from the .dat/.vars files
# that tvp-report wrote. One gnuplot draws them all (on a small VM each
# gnuplot start costs a tenth of a second, and a folder has dozens of
# plots), into a temp folder; the images are then moved into place
# together, so an interrupted run leaves the old ones as they were.
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
dir=${1:?usage: plots.sh RESULTS_DIR}
command -v gnuplot >/dev/null || { echo "tvp: gnuplot is missing; run: sudo apt-get install -y gnuplot-nox" >&2; exit 1; }
[ -d "$dir/plots" ] || exit 0
tmp=$(mktemp -d "$dir/plots/.draw.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
cmds=$tmp/draw.gp
: >"$cmds"
for vars in "$dir"/plots/*.vars; do
	[ -e "$vars" ] || continue
	base=${vars%.vars}
	name=${base##*/}
	# the script for the plot's kind (a line kind = "..." of its .vars)
	script=plots/speedup.gp
	while IFS= read -r line; do
		case $line in
		'kind = "io"') script=plots/throughput.gp ;;
		'kind = "lines"') script=plots/lines.gp ;;
		'kind = "bars"') script=plots/bars.gp ;;
		'kind = "parts"') script=plots/parts.gp ;;
		'kind = "account"') script=plots/account.gp ;;
		'kind = "timeline"') script=plots/timeline.gp ;;
		esac
	done <"$vars"
	for fmt in png svg; do
		case $fmt in
		png) term="pngcairo size 1280,800 font 'Sans,18' noenhanced" ;;
		svg) term="svg size 1280,800 font 'Sans,18' noenhanced" ;;
		esac
		# each plot from a fresh session: no setting or variable of the
		# one before carries over
		printf "reset session\nbase='%s'\nset terminal %s\nset output '%s'\nload '%s'\nunset output\n" \
			"$base" "$term" "$tmp/$name.$fmt" "$script" >>"$cmds"
	done
done
[ -s "$cmds" ] || exit 0
gnuplot "$cmds"
rm "$cmds"
mv -f "$tmp"/* "$dir/plots/"
