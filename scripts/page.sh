#!/usr/bin/env bash
# page.sh [PAGE] - look at RESULTS.md as a reader would (make page). It
# renders the page with pandoc into one web page, its plots embedded
# (build/page/RESULTS.html), opens that in headless Chromium at a laptop's
# width, 1366 x 900, and measures every table against the text column: a
# table wider than it is one the reader scrolls sideways. Also writes a
# screenshot of the page's first screens (build/page/RESULTS.png). Exit 1
# naming what does not fit; 2 when pandoc or Chromium is missing (make
# page installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
page=${1:-RESULTS.md}
out=build/page
die() { echo "tvp: page: $*" >&2; exit 2; }
command -v pandoc >/dev/null || die "pandoc is missing (make page installs it)"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || die "Chromium is missing (make page installs it)"
[ -f "$page" ] || die "$page: no such file"
mkdir -p "$out"

# GitHub's look, near enough: its text column is about 900 px wide at a
# laptop's width, its tables wrap their cells' text and fill that column.
cat >"$out/head.html" <<'CSS'
<style>
body { max-width: 900px; margin: 0 auto; padding: 16px 24px;
       font: 16px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
table { border-collapse: collapse; display: block; max-width: 100%; overflow: auto; }
th, td { border: 1px solid #d0d7de; padding: 6px 13px; vertical-align: top; }
img { max-width: 100%; }
code { font-size: 85%; }
</style>
<script>
// What does not fit: each table wider than the text column, and the page
// wider than the window; one line, read back by page.sh.
window.addEventListener('load', function () {
	var bad = [], col = document.body.clientWidth, t = document.querySelectorAll('table');
	for (var i = 0; i < t.length; i++)
		if (t[i].scrollWidth > t[i].clientWidth + 1) {
			var h = t[i].querySelector('th');
			bad.push('table ' + (i + 1) + ' ("' + (h ? h.textContent.slice(0, 40) : '') +
				'...") is ' + t[i].scrollWidth + ' px wide in ' + t[i].clientWidth + ' px');
		}
	if (document.documentElement.scrollWidth > window.innerWidth)
		bad.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' +
			window.innerWidth + ' px window');
	var p = document.createElement('pre');
	p.id = 'tvp-fit';
	p.textContent = 'TVP-FIT ' + t.length + ' tables, column ' + col + ' px: ' +
		(bad.length ? bad.join('; ') : 'everything fits');
	document.body.appendChild(p);
});
</script>
CSS
pandoc --from gfm --to html5 --standalone --self-contained --metadata pagetitle="tvp results" \
	-V document-css=false --include-in-header "$out/head.html" \
	--resource-path . -o "$out/RESULTS.html" "$page"
# Every page RESULTS.md links, each folder's claims.md and report.md,
# rendered from its own folder: an image it cannot find (a link written
# relative to the wrong folder) is a page a reader sees broken.
missing=0
while read -r name; do
	for md in claims.md report.md; do
		[ -f "results/$name/$md" ] || continue
		if ! (cd "results/$name" && pandoc --from gfm --to html5 --standalone --self-contained \
			--metadata pagetitle="$name" -o /dev/null "$md") 2>"$out/warn.txt" ||
			grep -q 'Could not fetch\|not found' "$out/warn.txt"; then
			echo "tvp: page: results/$name/$md: $(grep -m1 'Could not fetch\|not found' "$out/warn.txt" || echo 'pandoc failed')" >&2
			missing=1
		fi
	done
done <results/published
url="file://$PWD/$out/RESULTS.html"
flags=(--headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run)
fit=$(timeout 120 "$browser" "${flags[@]}" --window-size=1366,900 --dump-dom "$url" 2>/dev/null |
	grep -o '<pre id="tvp-fit">[^<]*' || true)
timeout 120 "$browser" "${flags[@]}" --window-size=1366,2400 --screenshot="$PWD/$out/RESULTS.png" "$url" \
	>/dev/null 2>&1 || true
[ -n "$fit" ] || { echo "tvp: page: Chromium did not measure the page" >&2; exit 1; }
echo "tvp: page: $page at 1366 px: ${fit#*TVP-FIT }"
echo "tvp: page: $out/RESULTS.html, a screenshot in $out/RESULTS.png"
[ "$missing" -eq 0 ] || exit 1
echo "tvp: page: every linked claims.md and report.md finds its images"
[[ $fit == *"everything fits" ]]
