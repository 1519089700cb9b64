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

# Run mpirun and watch it. Open MPI 4.1 has been seen to hang for good
# after a rank was killed: the other rank ended, a zombie mpirun never
# reaps, and mpirun asleep. A rank that has ended while mpirun runs on for
# 10 s (MPI_HANG_S): mpirun is stopped, with one line that says so, and the
# job fails. (Builtins only while it watches: no process is started per
# look.)
grace=${MPI_HANG_S:-10}
if ! [[ $grace =~ ^[1-9][0-9]*$ ]]; then
	echo "tvp: mpirun.sh: MPI_HANG_S=$grace is not a whole number of seconds >= 1" >&2
	exit 2
fi
mpirun "${opts[@]}" -np "$np" "$@" &
mpi=$!
declare -A rank_of=() ended_at=()
exec 9<> <(:) # never readable: read -t on it is a sleep without a process
hung() { # is a rank of mpirun a zombie for $grace s? says which, and how
	local kids=() k st e v code
	# (the file ends without a newline: read says "end of file" even
	# when it read the pids)
	read -r -a kids <"/proc/$mpi/task/$mpi/children" 2>/dev/null || true
	[ "${#kids[@]}" -gt 0 ] || return 1
	for k in "${kids[@]}"; do
		if [ -z "${rank_of[$k]:-}" ]; then
			e=()
			mapfile -d '' e <"/proc/$k/environ" 2>/dev/null || true
			for v in "${e[@]}"; do
				case $v in OMPI_COMM_WORLD_RANK=*) rank_of[$k]=${v#*=} ;; esac
			done
		fi
		read -r st <"/proc/$k/stat" 2>/dev/null || continue
		st=${st##*) }
		[ "${st%% *}" = Z ] || continue
		ended_at[$k]=${ended_at[$k]:-$SECONDS}
		if [ $((SECONDS - ended_at[$k])) -ge "$grace" ]; then
			code=${st##* } # how it ended, as wait() puts it
			if [ $((code & 127)) -ne 0 ]; then
				code="on signal $((code & 127))"
			else
				code="with status $((code >> 8))"
			fi
			echo "tvp: mpirun.sh: rank ${rank_of[$k]:-?} (pid $k) ended $code, and mpirun has not ended the job in $grace s (an Open MPI hang): stopping it" >&2
			return 0
		fi
	done
	return 1
}
# The watch runs beside mpirun; this shell waits for mpirun alone, so
# that its end is seen at once (the sweep times this script).
(
	while kill -0 "$mpi" 2>/dev/null; do
		if hung; then
			kill -TERM "$mpi" 2>/dev/null || true
			read -r -t 2 -u 9 _ || true
			kill -KILL "$mpi" 2>/dev/null || true
			exit 0
		fi
		read -r -t 0.5 -u 9 _ || true
	done
) &
watch=$!
trap 'kill -TERM "$mpi" 2>/dev/null || true' TERM INT HUP
rc=0
while :; do
	rc=0
	wait "$mpi" || rc=$?
	kill -0 "$mpi" 2>/dev/null || break # (a signal ended the wait only)
done
# (SIGKILL: a subshell in read -t would wait out its half second first)
{ kill -KILL "$watch" && wait "$watch"; } 2>/dev/null || true
exit "$rc"
