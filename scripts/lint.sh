#!/usr/bin/env bash
# lint.sh - the static checks (make lint): clang-format, cppcheck and
# clang-tidy on every C file of the project, shellcheck on every shell
# script, each with the configuration committed in .ci/, the layers: no
# circle of calls among the files of the server, of bench/lib or of the
# report, and the rules: the report's files that hold its rules link no
# function that writes text (scripts/check-rules.sh). Exits non-zero if
# any of them finds something, after running them all.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
mapfile -t c_files < <(git ls-files --cached --others --exclude-standard '*.c' '*.h')
mapfile -t sh_files < <(git ls-files --cached --others --exclude-standard '*.sh' .ci/run)
mpi_inc=$(mpicc --showme:compile 2>/dev/null || true)
defs=(-std=c11 -D_GNU_SOURCE -Ibench)
jobs=$(nproc 2>/dev/null || echo 2)
fail=0
step() { printf 'tvp: lint: %-13s ' "$1"; }
ok() { echo "clean"; }
bad() { echo "FAILED"; fail=1; }

step clang-format
if out=$(clang-format --style=file:.ci/clang-format --dry-run -Werror "${c_files[@]}" 2>&1); then ok; else
	bad
	printf '%s\n' "$out" | head -40
	echo "  (make format rewrites the files in place)"
fi

step cppcheck
if out=$(cppcheck -j "$jobs" --quiet --error-exitcode=1 --std=c11 --inline-suppr \
	--enable=warning,style,performance,portability \
	--suppressions-list=.ci/cppcheck.supp -D_GNU_SOURCE -D__GNUC__ \
	-D'_Noreturn=__attribute__((noreturn))' \
	"${c_files[@]}" 2>&1); then ok; else
	bad
	printf '%s\n' "$out" | head -60
fi

step clang-tidy
# the files in batches on every CPU (xargs runs clang-tidy on each; the
# flags for after "--" travel in TIDY_FLAGS). Each batch drops its own
# "N warnings generated." lines: two batches writing at once once wove
# theirs into "12 warning12s warning generated." and failed the step.
# shellcheck disable=SC2016 # the inner shell expands $@ and TIDY_FLAGS
if out=$(printf '%s\0' "${c_files[@]}" |
	TIDY_FLAGS="${defs[*]} -fopenmp $mpi_inc" xargs -0 -n 8 -P "$jobs" \
		sh -c 'clang-tidy --quiet --config-file=.ci/clang-tidy "$@" -- $TIDY_FLAGS 2>&1 |
			grep -v "^[0-9]* warnings\? generated\.$"' clang-tidy); [ -z "$out" ]; then ok; else
	bad
	printf '%s\n' "$out" | head -60
fi

step shellcheck
if out=$(shellcheck "${sh_files[@]}" 2>&1); then ok; else
	bad
	printf '%s\n' "$out" | head -40
fi
step layers
# Which file calls which, from the objects (make all builds them): an edge
# from each object to the one that defines a symbol it uses, within one
# folder; tsort says when the edges close a loop, and the loop is printed.
layers() { # DIR: the object files of one part
	local o sym
	declare -A def=()
	for o in "$1"/*.o; do
		while read -r _ _ sym; do def[$sym]=${o##*/}; done < <(nm --defined-only -g "$o" | grep -E ' [TDBR] ')
	done
	for o in "$1"/*.o; do
		while read -r _ sym; do
			[ -z "${def[$sym]:-}" ] || [ "${def[$sym]}" = "${o##*/}" ] || echo "${o##*/} ${def[$sym]}"
		done < <(nm --undefined-only "$o")
		echo "${o##*/} ${o##*/}"
	done
}
loops=""
for part in build/server build/lib build/report; do
	ls "$part"/*.o >/dev/null 2>&1 || { loops+="$part: not built (make all first); "; continue; }
	if ! out=$(layers "$part" | tsort 2>&1 >/dev/null); then
		# (tsort names each loop's members, one a line)
		loops+="$part: a loop among $(printf '%s\n' "$out" | grep -v 'contains a loop' |
			sed 's/^tsort: //' | sort -u | paste -s -d ' ' -); "
	fi
done
if [ -z "$loops" ]; then ok; else
	bad
	echo "  $loops"
fi

# The report's rules decide in numbers and states and write no text: the
# objects of the files that hold them (the claims' rules, what each claim
# finds, the findings' constructors, the verdict's algebra, C10's
# judgement, the statistics) link no function that formats or builds a
# string; the writers (claimswords.c, c10words.c, ...) turn their
# findings into words.
step rules
if out=$(scripts/check-rules.sh build/report/rules.o build/report/claims.o \
	build/report/findings.o build/report/verdict.o build/report/c10.o \
	build/report/stats.o 2>&1); then ok; else
	bad
	printf '%s\n' "$out" | sed 's/^/  /'
fi

# Every function of the report short enough to read in one screen: at
# most 80 lines from its opening brace to its closing one (both in column
# one, as clang-format writes a function).
step sizes
long=$(awk '/^[A-Za-z].*\(/ { name = $0 } /^\{/ { open = FNR }
	/^\}/ { if (open && FNR - open > 80) printf "%s:%d: %s (%d lines)\n", FILENAME, open, name, FNR - open; open = 0 }' \
	scripts/report/*.c)
if [ -z "$long" ]; then ok; else
	bad
	printf '%s\n' "$long" | sed 's/^/  /'
fi
exit "$fail"
