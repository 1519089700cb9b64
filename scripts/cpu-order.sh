#!/usr/bin/env bash
# cpu-order.sh - the CPUs this process may use, physical cores first: one
# CPU of every core, then the SMT siblings. Prints a comma-separated list.
set -euo pipefail

allowed=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)
expand() { # "0-3,6" -> one CPU per line
	local part
	for part in ${1//,/ }; do
		if [[ $part == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi
	done
}
for cpu in $(expand "$allowed"); do
	topo=/sys/devices/system/cpu/cpu$cpu/topology
	pkg=$(cat "$topo/physical_package_id" 2>/dev/null || echo 0)
	core=$(cat "$topo/core_id" 2>/dev/null || echo "$cpu")
	# rank: this CPU's place among its core's siblings (0 = first thread)
	sibs=$(cat "$topo/thread_siblings_list" 2>/dev/null || echo "$cpu")
	rank=$(expand "$sibs" | grep -n -x "$cpu" | cut -d: -f1)
	echo "$((rank - 1)) $pkg $core $cpu"
done | sort -n -k1,1 -k2,2 -k3,3 -k4,4 | awk '{print $4}' | paste -sd, -
