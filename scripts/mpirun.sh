#!/usr/bin/env bash
# mpirun.sh NP PROGRAM [ARG...] - run PROGRAM as NP MPI ranks the way tvp
# does: on the CPUs this script may use (taskset around it, --pin inside),
# not where mpirun would bind them; as root only when run as root; with
# --oversubscribe, said on stderr, when the ranks outnumber those CPUs.
# HOSTS=FILE: an Open MPI hostfile, to spread the ranks over machines.
set -euo pipefail
np=${1:?usage: mpirun.sh NP PROGRAM [ARG...]}
shift
[ "$#" -gt 0 ] || { echo "usage: mpirun.sh NP PROGRAM [ARG...]" >&2; exit 2; }
if ! [[ $np =~ ^[1-9][0-9]*$ ]]; then
	echo "tvp: mpirun.sh: NP=$np is not a whole number >= 1" >&2
	exit 2
fi
if ! command -v mpirun >/dev/null; then
	echo "tvp: mpirun not found; run: sudo apt-get install -y openmpi-bin libopenmpi-dev" >&2
	exit 127
fi
opts=(--bind-to none)
if [ "$(id -u)" -eq 0 ]; then opts+=(--allow-run-as-root); fi
if [ -n "${HOSTS:-}" ]; then
	[ -r "$HOSTS" ] || { echo "tvp: HOSTS=$HOSTS: no such readable hostfile" >&2; exit 2; }
	opts+=(--hostfile "$HOSTS")
else
	cpus=$(nproc) # the CPUs this process may use, taskset included
	if [ "$np" -gt "$cpus" ]; then
		echo "tvp: mpirun --oversubscribe: $np ranks on $cpus CPUs" >&2
		opts+=(--oversubscribe)
	fi
fi
exec mpirun "${opts[@]}" -np "$np" "$@"
