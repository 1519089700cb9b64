#!/usr/bin/env bash
# machine.sh MODE ROUNDS RUNS WARMUP CFLAGS [COMMAND] - print machine.json: what the figures
# were measured on. Unreadable facts are "unknown", never guessed.
# PYTHON: the Python arm's interpreter (python3 if unset; PYTHON= for a run
# without one, which then starts no Python, not even to ask its version).
set -euo pipefail

# (builtins alone: on a VM where starting a process costs milliseconds,
# a sweep's fixed cost was mostly these two helpers' forks)
js() { # a JSON string, escaped, control characters dropped
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	printf '"%s"' "${s//[[:cntrl:]]/}"
}
first() { # the first line of a file, or nothing
	local line=""
	{ IFS= read -r line || [ -n "$line" ]; } 2>/dev/null <"$1" || true
	printf '%s\n' "$line"
}

cpus=$(nproc)
cores=$(cat /sys/devices/system/cpu/cpu*/topology/core_cpus_list 2>/dev/null | sort -u | wc -l)
[ "$cores" -gt 0 ] || cores=$cpus
smt=$(first /sys/devices/system/cpu/smt/active)
case "$smt" in 1) smt=on ;; 0) smt=off ;; *) smt=$([ "$cores" -lt "$cpus" ] && echo on || echo off) ;; esac
caches=""
for c in /sys/devices/system/cpu/cpu0/cache/index*; do
	[ -r "$c/size" ] || continue
	t=$(first "$c/type")
	case "$t" in Data) t=d ;; Instruction) t=i ;; *) t="" ;; esac
	caches+="${caches:+, }L$(first "$c/level")$t $(first "$c/size")"
done
model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n1)
[ -n "$model" ] || model=$(uname -m)
vm=$(lscpu 2>/dev/null | sed -n 's/^Hypervisor vendor:[[:space:]]*//p')
[ -n "$vm" ] || vm=$(systemd-detect-virt --vm 2>/dev/null || true)
ct=$(systemd-detect-virt --container 2>/dev/null || true)
virt="VM: ${vm:-none}, container: ${ct:-none}"
boost=$(first /sys/devices/system/cpu/cpufreq/boost)
[ -n "$boost" ] || boost=$(first /sys/devices/system/cpu/intel_pstate/no_turbo | sed 's/1/off/;s/0/on/')
[ -n "$vm" ] || vm=$(dmesg 2>/dev/null | sed -n 's/.*Hypervisor detected: //p' | head -n1)
vendor=$(sed -n 's/^vendor_id[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n1)
# The flags that explain a verdict: pcid/invpcid and pti (what a process
# switch costs, C8), hypervisor, the TSC's behaviour, SMT (ht), and the
# vector units the kernels may use.
allflags=" $(sed -n 's/^flags[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n1) "
flags=""
for f in pcid invpcid pti ibrs ibpb stibp ssbd md_clear hypervisor constant_tsc nonstop_tsc ht avx2 avx512f; do
	[[ $allflags == *" $f "* ]] && flags+="${flags:+ }$f"
done
# Page-table isolation without PCID flushes the TLB on every switch of
# address space: a process switch then costs far more than a thread's.
pti=off
if grep -qs 'PTI' /sys/devices/system/cpu/vulnerabilities/meltdown; then
	pti=on
	[[ $allflags == *" pcid "* ]] && pti+=", with PCID" || pti+=", without PCID"
fi
vulns=""
for v in /sys/devices/system/cpu/vulnerabilities/*; do
	[ -r "$v" ] || continue
	vulns+="${vulns:+,}
    $(js "${v##*/}"): $(js "$(first "$v")")"
done
commit=${TVP_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit+="+dirty"

cat <<JSON
{
  "host": $(js "$(hostname)"),
  "date": $(js "$(date -u +%Y-%m-%dT%H:%MZ)"),
  "mode": $(js "$1"),
  "rounds": $2,
  "runs": $3,
  "warmup": $4,
  "warmup_rounds": "first",
  "budget_s": ${TVP_BUDGET:-0},
  "target_pct": ${TVP_TARGET:-0},
  "cpu_model": $(js "$model"),
  "cpu_vendor": $(js "${vendor:-unknown}"),
  "cpu_flags": $(js "$flags"),
  "page_table_isolation": $(js "$pti"),
  "hypervisor": $(js "${vm:-none}"),
  "vulnerabilities": {$vulns
  },
  "cpus": $cpus,
  "cores": $cores,
  "smt": $(js "$smt"),
  "cpu_order": $(js "$("$(dirname "$0")/cpu-order.sh")"),
  "caches": $(js "$caches"),
  "memory": $(js "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"),
  "virtualization": $(js "$virt"),
  "governor": $(js "$(first /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor)"),
  "boost": $(js "$boost"),
  "thp": $(js "$(first /sys/kernel/mm/transparent_hugepage/enabled)"),
  "thp_defrag": $(js "$(first /sys/kernel/mm/transparent_hugepage/defrag)"),
  "kernel": $(js "$(uname -sr)"),
  "os": $(js "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)"),
  "compiler": $(js "${CC_USED:-$("${CC:-cc}" --version | head -n1)}"),
  "cflags": $(js "$5"),
  "hyperfine": $(js "$(hyperfine --version)"),
  "gnuplot": $(js "$(gnuplot --version 2>/dev/null || echo "not installed")"),
  "mpi": $(js "$(mpirun --version 2>/dev/null | head -n1 || true)"),
  "python": $(js "$(if [ -n "${PYTHON-python3}" ]; then ${PYTHON-python3} --version 2>&1 || true; else echo "none (no Python arm in this run)"; fi)"),
  "wrk": $(js "$(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2 || true)"),
  "loadavg": $(js "$(cut -d' ' -f1-3 /proc/loadavg)"),
  "git_commit": $(js "$commit"),
  "command": $(js "${6:-}")
}
JSON
