#!/usr/bin/env bash
# machine.sh MODE ROUNDS RUNS WARMUP CFLAGS [COMMAND] - print machine.json: what the figures
# were measured on. Unreadable facts are "unknown", never guessed.
# PYTHON: the Python arm's interpreter (python3 if unset; PYTHON= for a run
# without one, which then starts no Python, not even to ask its version).
#
# Every sweep and the demo run this, and on a VM where a process costs
# milliseconds (a fork's copy-on-write faults included) its cost was its
# forks: one per $(...), about 140 in all. So the facts the kernel keeps in
# files are read with builtins into variables, and a process is started
# only for a fact that only a program can tell (lscpu, the tools'
# versions, git).
# The JSON is written by bin/tvp-json (jansson), which escapes every
# value; this script only gathers the facts.
# (first and line1 assign by name, which shellcheck cannot follow)
# shellcheck disable=SC2034,SC2154
set -euo pipefail

# first VAR FILE: the file's first line in VAR, or nothing
first() {
	local -n into=$1
	into=""
	{ IFS= read -r into || [ -n "$into" ]; } 2>/dev/null <"$2" || true
}
# line1 VAR TEXT: the first line of TEXT in VAR
line1() { printf -v "$1" '%s' "${2%%$'\n'*}"; }
# version VAR TOOL: the first line of TOOL --version in VAR, or "not
# installed" (a machine that lacks a tool is a fact, not a failure)
version() {
	if command -v "$2" >/dev/null 2>&1; then
		line1 "$1" "$("$2" --version 2>&1 || true)"
	else
		printf -v "$1" '%s' "not installed"
	fi
}

cpus=$(nproc)
# cores: the distinct core_cpus_list values (one per physical core)
declare -A core_of=()
for f in /sys/devices/system/cpu/cpu*/topology/core_cpus_list; do
	first c "$f"
	[ -z "$c" ] || core_of[$c]=1
done
cores=${#core_of[@]}
[ "$cores" -gt 0 ] || cores=$cpus
first smt /sys/devices/system/cpu/smt/active
case "$smt" in
1) smt=on ;;
0) smt=off ;;
*) if [ "$cores" -lt "$cpus" ]; then smt=on; else smt=off; fi ;;
esac
caches=""
for c in /sys/devices/system/cpu/cpu0/cache/index*; do
	[ -r "$c/size" ] || continue
	first t "$c/type"
	case "$t" in Data) t=d ;; Instruction) t=i ;; *) t="" ;; esac
	first level "$c/level"
	first size "$c/size"
	caches+="${caches:+, }L$level$t $size"
done
# The first CPU's model name, vendor and flags
model="" vendor="" allflags=""
while IFS= read -r line; do
	key=${line%%:*}
	key=${key%"${key##*[![:space:]]}"} # the key, trailing blanks dropped
	value=${line#*:}
	value=${value#"${value%%[![:space:]]*}"} # leading blanks dropped
	case "$key" in
	"model name") [ -n "$model" ] || model=$value ;;
	vendor_id) [ -n "$vendor" ] || vendor=$value ;;
	flags) [ -n "$allflags" ] || allflags=$value ;;
	esac
done </proc/cpuinfo
[ -n "$model" ] || model=$(uname -m)
vm=""
if out=$(lscpu 2>/dev/null); then
	while IFS= read -r line; do
		case "$line" in "Hypervisor vendor:"*)
			vm=${line#*:}
			vm=${vm#"${vm%%[![:space:]]*}"}
			;;
		esac
	done <<<"$out"
fi
[ -n "$vm" ] || vm=$(systemd-detect-virt --vm 2>/dev/null || true)
ct=$(systemd-detect-virt --container 2>/dev/null || true)
virt="VM: ${vm:-none}, container: ${ct:-none}"
first boost /sys/devices/system/cpu/cpufreq/boost
if [ -z "$boost" ]; then
	first boost /sys/devices/system/cpu/intel_pstate/no_turbo
	boost=${boost//1/off}
	boost=${boost//0/on}
fi
if [ -z "$vm" ] && out=$(dmesg 2>/dev/null); then
	while IFS= read -r line; do
		case "$line" in *"Hypervisor detected: "*)
			vm=${line##*Hypervisor detected: }
			break
			;;
		esac
	done <<<"$out"
fi
# The flags that explain a verdict: pcid/invpcid and pti (what a process
# switch costs, C8), hypervisor, the TSC's behaviour, SMT (ht), and the
# vector units the kernels may use.
allflags=" $allflags "
flags=""
for f in pcid invpcid pti ibrs ibpb stibp ssbd md_clear hypervisor constant_tsc nonstop_tsc ht avx2 avx512f; do
	[[ $allflags == *" $f "* ]] && flags+="${flags:+ }$f"
done
# Page-table isolation without PCID flushes the TLB on every switch of
# address space: a process switch then costs far more than a thread's.
pti=off
first meltdown /sys/devices/system/cpu/vulnerabilities/meltdown
if [[ $meltdown == *PTI* ]]; then
	pti=on
	[[ $allflags == *" pcid "* ]] && pti+=", with PCID" || pti+=", without PCID"
fi
commit=${TVP_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit+="+dirty"

# MemTotal in GiB, one decimal as printf rounds it: the kB count as a hex
# float scaled by 2^-20 is exact, so bash's printf needs no awk
memory=""
while read -r key kb _; do
	if [ "$key" = MemTotal: ]; then
		printf -v memory '0x%xp-20' "$kb"
		printf -v memory '%.1f GiB' "$memory"
		break
	fi
done </proc/meminfo
first governor /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor
first thp /sys/kernel/mm/transparent_hugepage/enabled
first thp_defrag /sys/kernel/mm/transparent_hugepage/defrag
first ostype /proc/sys/kernel/ostype
first osrelease /proc/sys/kernel/osrelease
os=""
while IFS= read -r line; do
	case "$line" in PRETTY_NAME=*)
		os=${line#PRETTY_NAME=}
		os=${os#\"}
		os=${os%\"}
		;;
	esac
done 2>/dev/null </etc/os-release || true
if [ -n "${CC_USED:-}" ]; then
	compiler=$CC_USED
else
	version compiler "${CC:-cc}"
fi
version mpi mpirun
if [ -n "${PYTHON-python3}" ]; then
	python=$(${PYTHON-python3} --version 2>&1 || true)
else
	python="none (no Python arm in this run)"
fi
version wrk wrk
read -r w1 w2 _ <<<"$wrk" || true
wrk="$w1${w2:+ $w2}"
version hyperfine hyperfine
version gnuplot gnuplot
read -r l1 l2 l3 _ </proc/loadavg
TZ=UTC0 printf -v date '%(%Y-%m-%dT%H:%MZ)T' -1

here=${0%/*}
[ "$here" != "$0" ] || here=.
json=$here/../bin/tvp-json
[ -x "$json" ] || { echo "tvp: machine.sh: $json is missing; run: make" >&2; exit 1; }
vulns=()
for v in /sys/devices/system/cpu/vulnerabilities/*; do
	[ -r "$v" ] || continue
	first state "$v"
	vulns+=("s:${v##*/}=$state")
done
# (a number given by the caller that is not one: tvp-json says so, exit 2)
"$json" obj --pretty \
	"s:host=$HOSTNAME" "s:date=$date" "s:mode=$1" \
	"n:rounds=$2" "n:runs=$3" "n:warmup=$4" "s:warmup_rounds=first" \
	"n:budget_s=${TVP_BUDGET:-0}" "n:target_pct=${TVP_TARGET:-0}" \
	"s:cpu_model=$model" "s:cpu_vendor=${vendor:-unknown}" \
	"s:cpu_flags=$flags" "s:page_table_isolation=$pti" \
	"s:hypervisor=${vm:-none}" \
	"j:vulnerabilities=$("$json" obj ${vulns[@]+"${vulns[@]}"})" \
	"n:cpus=$cpus" "n:cores=$cores" "s:smt=$smt" \
	"s:cpu_order=$("$here/cpu-order.sh")" "s:caches=$caches" \
	"s:memory=$memory" "s:virtualization=$virt" "s:governor=$governor" \
	"s:boost=$boost" "s:thp=$thp" "s:thp_defrag=$thp_defrag" \
	"s:kernel=$ostype $osrelease" "s:os=$os" "s:compiler=$compiler" \
	"s:cflags=$5" "s:hyperfine=$hyperfine" "s:gnuplot=$gnuplot" \
	"s:mpi=$mpi" "s:python=$python" "s:wrk=$wrk" \
	"s:loadavg=$l1 $l2 $l3" "s:git_commit=$commit" "s:command=${6:-}"
