#!/usr/bin/env bash
# check-rules.sh OBJ... - the report's rules write no text: each object
# named (the files that hold the rules: make lint passes them) must link
# no function that formats, prints or builds a string. One line per
# object that does, naming what it links; exit 1 if any, 2 on bad use.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: check-rules.sh OBJ..." >&2; exit 2; }
command -v nm >/dev/null || { echo "tvp: nm is missing (apt-get install binutils)" >&2; exit 2; }
# printf and its kin (and their _chk forms), puts, putc, fwrite, the
# string builders, and jansson's writers
text='^(__)?(v?[sfd]?n?printf|v?as?printf|puts|fputs|fputc|putc|putchar|fwrite|str[nl]?cat|str[nl]?cpy|stpn?cpy|memccpy|strn?dup|open_memstream|json_(dumps|dumpf|dumpb|dump_file|sprintf|vsprintf|pack|pack_ex|vpack_ex))(_unlocked|_chk)?$'
bad=0
for o in "$@"; do
	if [ ! -f "$o" ]; then echo "tvp: $o: not built (make all first)"; bad=1; continue; fi
	syms=$(nm --undefined-only "$o") || { echo "tvp: nm cannot read $o"; bad=1; continue; }
	links=$(awk '{ print $2 }' <<<"$syms" | grep -E "$text" | paste -s -d ' ' -) || true
	[ -z "$links" ] || { echo "tvp: ${o##*/} writes text: it links $links"; bad=1; }
done
exit "$bad"
