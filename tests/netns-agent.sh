#!/bin/sh
# netns-agent.sh HOST COMMAND... - Open MPI's rsh agent (in place of ssh)
# for tests/mpi-hosts.sh: runs COMMAND inside the network namespace that
# stands for HOST, under that host's name. TVP_NETNS maps them:
# "ADDRESS=NAMESPACE=HOSTNAME ...".
host=$1
shift
for entry in $TVP_NETNS; do
	addr=${entry%%=*} rest=${entry#*=}
	if [ "$addr" = "$host" ]; then
		exec ip netns exec "${rest%%=*}" unshare --uts \
			sh -c "hostname ${rest#*=} && $*"
	fi
done
echo "netns-agent: unknown host $host" >&2
exit 1
