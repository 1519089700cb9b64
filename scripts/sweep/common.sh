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
