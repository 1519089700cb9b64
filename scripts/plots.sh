#!/usr/bin/env bash
# plots.sh DIR - draw DIR/plots/*.png and *.svg from the .dat/.vars files
# that tvp-report wrote. Each image goes to a temp name, then is renamed.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: plots.sh RESULTS_DIR}
command -v gnuplot >/dev/null || { echo "tvp: gnuplot is missing; run: sudo apt-get install -y gnuplot-nox" >&2; exit 1; }
for vars in "$dir"/plots/*.vars; do
	[ -e "$vars" ] || continue
	base=${vars%.vars}
	script=plots/speedup.gp
	grep -q '^kind = "io"' "$vars" && script=plots/throughput.gp
	grep -q '^kind = "lines"' "$vars" && script=plots/lines.gp
	grep -q '^kind = "account"' "$vars" && script=plots/account.gp
	grep -q '^kind = "timeline"' "$vars" && script=plots/timeline.gp
	for fmt in png svg; do
		case $fmt in
		png) term="pngcairo size 1280,800 font 'Sans,18' noenhanced" ;;
		svg) term="svg size 1280,800 font 'Sans,18' noenhanced" ;;
		esac
		gnuplot -e "base='$base'" -e "set terminal $term" \
			-e "set output '$base.$fmt.tmp'" "$script"
		mv "$base.$fmt.tmp" "$base.$fmt"
	done
done
