#!/usr/bin/env bash
# cpu-order.sh - the CPUs this process may use, physical cores first: one
# CPU of every core, then the SMT siblings. Prints a comma-separated list.
# (shell builtins but for one sort: every sweep and the demo run this, and
# on a VM a process costs milliseconds; it used to start eight per CPU)
set -euo pipefail

allowed=""
while IFS=: read -r key value; do
	[ "$key" != Cpus_allowed_list ] || allowed=${value//[[:space:]]/}
done </proc/self/status
# expand LIST: "0-3,6" -> the array cpus=(0 1 2 3 6)
expand() {
	local part i
	cpus=()
	for part in ${1//,/ }; do
		if [[ $part == *-* ]]; then
			for ((i = ${part%-*}; i <= ${part#*-}; i++)); do cpus+=("$i"); done
		else
			cpus+=("$part")
		fi
	done
}
# get FILE DEFAULT: the sysfs value in $got, or DEFAULT
get() { { read -r got <"$1"; } 2>/dev/null || got=$2; }
expand "$allowed"
all=("${cpus[@]}")
rows=""
for cpu in "${all[@]}"; do
	topo=/sys/devices/system/cpu/cpu$cpu/topology
	get "$topo/physical_package_id" 0
	pkg=$got
	get "$topo/core_id" "$cpu"
	core=$got
	get "$topo/thread_siblings_list" "$cpu"
	# rank: this CPU's place among its core's siblings (0 = first thread)
	mine=$cpu rank=0
	expand "$got"
	for s in "${cpus[@]}"; do
		[ "$s" != "$mine" ] || break
		rank=$((rank + 1))
	done
	rows+="$rank $pkg $core $mine"$'\n'
done
list=""
while read -r _ _ _ cpu; do
	list+=${list:+,}$cpu
done < <(printf '%s' "$rows" | sort -n -k1,1 -k2,2 -k3,3 -k4,4)
echo "$list"
