# shellcheck shell=bash
# common.sh - helpers the sweep's stages share (sourced; functions only, no
# state): how a stage dies, how an ID reads, how a session is stopped.

die() { echo "tvp: $*" >&2; exit 2; }

# label_of VAR ID: "primes-threads-pool-c02" -> "primes threads pool k=2"
# in VAR
label_of() {
	local id=$2 n
	case "$id" in
	*-serial) printf -v "$1" '%s serial' "${id%-serial}" ;;
	*-c[0-9]*) n=${id##*-c} id=${id%-c*}; printf -v "$1" '%s k=%d' "${id//-/ }" $((10#$n)) ;;
	*-w[0-9]*) n=${id##*-w} id=${id%-w*}; printf -v "$1" '%s workers=%d' "${id//-/ }" $((10#$n)) ;;
	*) printf -v "$1" '%s' "$id" ;;
	esac
}

# Is any process of session $1 still running (zombies aside)? In builtins:
# a process that ends between the glob and the read is skipped. (It was
# one awk over /proc/*/stat, and Debian's awk, mawk, stops at the first
# file it cannot open: "nothing running" whenever any process on the
# machine ended at that moment, and the sweep left its session behind.)
running_in_session() {
	local f line st sid
	for f in /proc/[0-9]*/stat; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		read -r st _ _ sid _ <<<"${line##*) }"
		[ "$sid" != "$1" ] || [ "$st" = Z ] || return 0
	done
	return 1
}

# Stop the session led by $1 (started with setsid): SIGTERM to its group,
# then wait until every process of it is gone, at most 5 s (hyperfine does
# not wait for the program it times), then SIGKILL what is left and wait
# for it to be gone too.
stop_session() {
	[ -n "$1" ] || return 0
	kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	for _ in {1..50}; do running_in_session "$1" || return 0; sleep 0.1; done
	kill -KILL -- "-$1" 2>/dev/null || true
	for _ in {1..50}; do running_in_session "$1" || break; sleep 0.1; done
}

# Stop every background job of this shell, each started with setsid: found
# as jobs, not from a pid variable, because a signal can land between a
# program's start and the line that notes its pid.
stop_jobs() {
	local pid
	for pid in $(jobs -p); do stop_session "$pid"; done
}

# await_quiet OUT STAGE MAX_S CPUS: before a stage, wait until the machine
# is quiet: less than CPUS of its CPUs busy (user, nice, system, irq,
# softirq in /proc/stat; steal is the host's and not counted) over a 0.5 s
# window. At a stage's start nothing of the sweep runs, so whatever is
# busy is someone else's, or a stage before that left work behind. Waits
# at most MAX_S seconds, saying why on one line; then carries on, and the
# stage's line in OUT/raw/quiet.txt ("STAGE WAITED_S BUSY_CPUS quiet|busy")
# marks it measured on a busy machine, which the report prints. MAX_S 0:
# no gate.
await_quiet() {
	local out=$1 name=$2 max=$3 cpus=$4 t0=$EPOCHSECONDS busy said="" state
	[ "$max" -gt 0 ] || return 0
	while :; do
		# (bin/tvp-report busy: 0 quiet, 3 busy, 2 cannot tell)
		busy=$(bin/tvp-report busy "$cpus") && { state=quiet; break; }
		[ $? -eq 3 ] || die "cannot tell how busy the machine is (bin/tvp-report busy $cpus; run: make)"
		if [ $((EPOCHSECONDS - t0)) -ge "$max" ]; then state=busy; break; fi
		if [ -z "$said" ]; then
			echo "tvp: waiting for a quiet machine before $name: $busy CPUs busy outside the sweep (load average $(cut -d' ' -f1-3 /proc/loadavg)); at most $max s"
			said=1
		fi
		sleep 1
	done
	if [ "$state" = busy ]; then
		echo "tvp: the machine did not settle within $max s ($busy CPUs busy outside the sweep): $name is measured on a busy machine, and its report says so"
	fi
	{ [ ! -f "$out/raw/quiet.txt" ] || cat "$out/raw/quiet.txt"
		echo "$name $((EPOCHSECONDS - t0)) $busy $state"; } >"$out/raw/.quiet.tmp"
	mv "$out/raw/.quiet.tmp" "$out/raw/quiet.txt"
}

