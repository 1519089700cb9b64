# shellcheck shell=bash
# results-lib.sh - reading a results folder's claims.md and machine.json
# from the shell (sourced by report.sh and compare.sh; functions only).

# The row of CLAIM in DIR's claims.md, as "verdict|key figure" (the
# key figure: the C evidence up to its first "; ", or Python's where C has
# none, cut at a word to at most 110 characters; with "full", the whole
# evidence), or "not measured|".
verdict_of() { # DIR CLAIM [full]
	awk -F'|' -v c=" $2 " -v full="${3:-}" '
	$2 == c {
		v = $(NF - 1); e = $4
		if (e ~ /not measured/) e = $5
		gsub(/^ +| +$/, "", v); gsub(/^ +| +$/, "", e)
		if (full == "") sub(/; .*/, "", e)
		if (full == "" && length(e) > 110) {
			e = substr(e, 1, 107)
			sub(/ [^ ]*$/, "", e)
			e = e " ..."
		}
		print v "|" e; found = 1
	}
	END { if (!found) print "not measured|" }' "$1/claims.md"
}
# "verdict|key" as "verdict: key" (or the verdict alone).
cell() { local k=${1#*|}; printf '%s%s' "${1%%|*}" "${k:+: $k}"; }
# A top-level string or number of DIR's machine.json, or "unknown".
fact() { # DIR KEY
	local v
	v=$(sed -n "s/^  \"$2\": //p" "$1/machine.json" | head -n1 | sed 's/,$//; s/^"//; s/"$//')
	echo "${v:-unknown}"
}

