# shellcheck shell=bash
# results-lib.sh - reading a results folder's claims.md and machine.json
# from the shell (sourced by report.sh and compare.sh; functions only).

# The rows of CLAIMS (space-separated) in DIR's claims.md, one line each
# in that order, as "claim|verdict|key figure" (the key figure: the C
# evidence up to its first "; ", or Python's where C has none, cut at a
# word to at most 110 characters; with "full", the whole evidence), or
# "claim|not measured|". One awk for them all.
verdicts_of() { # DIR "CLAIMS" [full]
	awk -F'|' -v want="$2" -v full="${3:-}" '
	{
		c = $2; gsub(/ /, "", c)
		if (c !~ /^C[0-9]+$/ || (c in row)) next
		v = $(NF - 1); e = $4
		if (e ~ /not measured/) e = $5
		gsub(/^ +| +$/, "", v); gsub(/^ +| +$/, "", e)
		if (full == "") sub(/; .*/, "", e)
		if (full == "" && length(e) > 110) {
			e = substr(e, 1, 107)
			sub(/ [^ ]*$/, "", e)
			e = e " ..."
		}
		row[c] = v "|" e
	}
	END {
		n = split(want, cs, " ")
		for (i = 1; i <= n; i++)
			print cs[i] "|" ((cs[i] in row) ? row[cs[i]] : "not measured|")
	}' "$1/claims.md"
}
# The row of CLAIM in DIR's claims.md, as "verdict|key figure" (as above).
verdict_of() { # DIR CLAIM [full]
	local v
	v=$(verdicts_of "$@")
	echo "${v#*|}"
}
# "verdict|key" as "verdict: key" (or the verdict alone).
cell() { local k=${1#*|}; printf '%s%s' "${1%%|*}" "${k:+: $k}"; }
# DIR's machine.json into two associative arrays the caller declared:
# FACTS, each top-level string or number (the first of a key; quotes and
# the comma dropped), and VULNS, the vulnerabilities' states. Builtins.
# shellcheck disable=SC2004,SC2034 # (namerefs to associative arrays,
# which shellcheck takes for indexed ones set and never read)
facts_of() { # DIR FACTS VULNS
	local -n facts_=$2 vulns_=$3
	local line key value
	while IFS= read -r line; do
		if [[ $line =~ ^\ \ \"([^\"]*)\":\ (.*)$ ]]; then
			key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]%,}
			value=${value#\"}
			[ -n "${facts_[$key]+set}" ] || facts_[$key]=${value%\"}
		elif [[ $line =~ ^\ \ \ \ \"([a-z_0-9]*)\":\ \"(.*)\",?$ ]]; then
			vulns_[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
		fi
	done <"$1/machine.json"
}
# A top-level string or number of DIR's machine.json, or "unknown".
fact() { # DIR KEY
	local v
	v=$(sed -n "s/^  \"$2\": //p" "$1/machine.json" | head -n1 | sed 's/,$//; s/^"//; s/"$//')
	echo "${v:-unknown}"
}

