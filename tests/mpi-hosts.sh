#!/usr/bin/env bash
# mpi-hosts.sh - the cross-host path of the mpi model (HOSTS=hostfile), run
# on this one machine. Where network namespaces can be made (root, ip), two
# "hosts" are two namespaces joined by a veth pair, each with its own
# hostname, and Open MPI reaches the second through an rsh agent that
# enters it (tests/netns-agent.sh) instead of ssh. Elsewhere the same
# hostfile path runs on loopback with two ranks. Either way the checksum
# must be serial's and the result line must name the hosts.
# Prints "netns: HOSTS" or "loopback: HOSTS"; exits non-zero on a failure.
# TVP_LOOPBACK=1 takes the loopback path even where namespaces work.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "mpi-hosts: $*" >&2; exit 1; }
if ! command -v mpirun >/dev/null || [ ! -x bin/primes-mpi ]; then
	echo "skip: no Open MPI"
	exit 77
fi
field() { # NAME LINE: a string field of a result line
	[[ $2 =~ \"$1\":\"([^\"]*)\" ]] && echo "${BASH_REMATCH[1]}"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvp-mpi-hosts.XXXXXX")
a=tvpA$$ b=tvpB$$
cleanup() {
	ip netns del "$a" 2>/dev/null || true
	ip netns del "$b" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

args=(--n 200000 --tasks 24 --json --verify)
want=$(field checksum "$(bin/primes-serial "${args[@]}")")

netns_ok() {
	[ "$(id -u)" -eq 0 ] && command -v ip >/dev/null && command -v unshare >/dev/null &&
		ip netns add "$a" 2>/dev/null && ip netns add "$b" 2>/dev/null &&
		ip link add "v$a" type veth peer name "v$b" 2>/dev/null
}
if [ -z "${TVP_LOOPBACK:-}" ] && netns_ok; then
	ip link set "v$a" netns "$a"
	ip link set "v$b" netns "$b"
	ip -n "$a" addr add 10.77.0.1/24 dev "v$a"
	ip -n "$b" addr add 10.77.0.2/24 dev "v$b"
	for ns in "$a" "$b"; do
		ip -n "$ns" link set lo up
		ip -n "$ns" link set "v$ns" up
	done
	printf '10.77.0.1 slots=1\n10.77.0.2 slots=1\n' >"$tmp/hosts"
	# The agent maps each address to its namespace and hostname.
	export TVP_NETNS="10.77.0.1=$a=tvp-host-a 10.77.0.2=$b=tvp-host-b"
	export OMPI_MCA_plm_rsh_agent="$PWD/tests/netns-agent.sh"
	# shellcheck disable=SC2016 # expanded by the inner shell
	line=$(timeout 120 ip netns exec "$a" unshare --uts sh -c \
		'hostname tvp-host-a && h=$1 && shift && HOSTS=$h exec scripts/mpirun.sh 2 "$@"' sh \
		"$tmp/hosts" bin/primes-mpi "${args[@]}") || die "mpirun across two namespaces failed"
	kind=netns
	want_hosts=tvp-host-a,tvp-host-b
else
	printf 'localhost slots=2\n' >"$tmp/hosts"
	line=$(HOSTS="$tmp/hosts" timeout 120 scripts/mpirun.sh 2 bin/primes-mpi "${args[@]}") ||
		die "mpirun with a loopback hostfile failed"
	kind=loopback
	want_hosts=$(hostname)
fi
got=$(field checksum "$line") hosts=$(field hosts "$line")
[ "$got" = "$want" ] || die "checksum $got across hosts, serial $want"
[ "$hosts" = "$want_hosts" ] || die "ran on '$hosts', want '$want_hosts'"
grep -q '"workers":2' <<<"$line" || die "not two ranks: $line"
echo "$kind: $hosts"
