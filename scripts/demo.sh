#!/usr/bin/env bash
# demo.sh - the classroom demonstration: threads vs processes, live, in the
# terminal, in about a minute and a half. Every step says what it does in
# one sentence, then draws its result with gnuplot's dumb terminal. Nothing
# is left behind. DEMO_SHORT=1 runs tiny sizes (for the tests).
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)

work=$(mktemp -d "${TMPDIR:-/tmp}/tvp-demo.XXXXXX")
# shellcheck disable=SC2317 # called by the traps
finish() {
	# every program still in the background (found as jobs: a signal can
	# land between a server's start and the line that notes its pid)
	local running
	running=$(jobs -p)
	if [ -n "$running" ]; then
		# shellcheck disable=SC2086 # one pid per word
		kill -TERM $running 2>/dev/null || true
		{ wait || true; } 2>/dev/null
	fi
	rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT TERM

ncpu=$(scripts/cpu-order.sh | tr , '\n' | wc -l)
cpus=$(scripts/cpu-order.sh)
if [ -n "${DEMO_SHORT:-}" ]; then
	c_n=2000000 py_n=20000 nap=5 rss=16 clients=50 wait=20 secs=1 spawn="--min-ms 5 --reps 1"
else
	c_n=500000000 py_n=2500000 nap=50 rss=512 clients=1000 wait=100 secs=3 spawn="--min-ms 20 --reps 3"
fi
# The interpreter itself, not a launcher in front of it: pyenv's shim, a
# shell script, costs 0.3 s a start on a small VM (the times shown are the
# programs' own, so it only made the demo slower).
py=""
if command -v python3 >/dev/null; then
	py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || true)
	[ -x "$py" ] || py=$(command -v python3)
fi
width=$(tput cols 2>/dev/null || echo 100)
[ "$width" -ge 60 ] || width=100
[ "$width" -le 140 ] || width=140

say() { printf '\n\033[1m>>> %s\033[0m\n' "$*"; }
seconds() { # the wall time of one tvp result line (stdin), in seconds
	local ns
	ns=$(($(bin/tvp-json get wall_ns) + 500000))
	printf '%d.%03d' $((ns / 1000000000)) $((ns / 1000000 % 1000))
}
chart() { # TITLE UNIT: a bar per "label value" line in $work/bars
	gnuplot -e "set terminal dumb size $width,22; set title '$1';
		set ylabel '$2'; set yrange [0:*]; set boxwidth 0.6;
		set style fill solid; set xtics nomirror; set ytics nomirror;
		set border 3; unset key;
		plot '$work/bars' using 0:2:xtic(1) with boxes"
}
bar() { printf '"%s" %s\n' "$1" "$2" >>"$work/bars"; }
timed() { # LABEL COMMAND...: run it, print and chart its wall time
	local label=$1 t
	shift
	t=$("$@" --json | seconds)
	echo "  $label: $t s"
	bar "$label" "$t"
}
# The counting step's bars: each run against its own language's serial run
# (C counts far further than Python in the same time, so their seconds on
# one axis would read "C is slower"); the first run of a language is its
# serial baseline.
base=""
speedup() { # LABEL COMMAND...: run it, print its time, chart serial / it
	local label=$1 t
	shift
	t=$("$@" --json | seconds)
	[ -n "$base" ] || base=$t
	echo "  $label: $t s"
	bar "$label" "$(awk -v b="$base" -v t="$t" 'BEGIN { printf "%.2f", (t > 0 ? b / t : 0) }')"
}

say "Step 1: the seeds' counting loop on $ncpu cores - in C, threads and processes both use every core."
: >"$work/bars"
echo "  (12 tasks of $c_n increments each)"
base=""
speedup "C serial" taskset -c "$cpus" bin/count-serial --pin --tasks 12 --n "$c_n"
speedup "C thr x$ncpu" taskset -c "$cpus" bin/count-threads --workers "$ncpu" --pin --tasks 12 --n "$c_n"
speedup "C proc x$ncpu" taskset -c "$cpus" bin/count-procs --workers "$ncpu" --pin --tasks 12 --n "$c_n"
if [ -n "$py" ]; then
	say "Step 2: the same loop in Python - the GIL lets one thread run at a time, so only processes help."
	echo "  (12 tasks of $py_n increments each: Python counts $((c_n / py_n))x less far than C, so compare each language with its own serial run)"
	base=""
	speedup "Py serial" "$py" bench/python/count.py --tasks 12 --n "$py_n"
	speedup "Py thr x$ncpu" "$py" bench/python/count.py --model threads --workers "$ncpu" --tasks 12 --n "$py_n"
	speedup "Py proc x$ncpu" "$py" bench/python/count.py --model procs --workers "$ncpu" --tasks 12 --n "$py_n"
else
	say "Step 2 is skipped: python3 is not installed."
fi
chart "Counting, each language against its own serial run (ideal $ncpu)" "x its serial"

say "Step 3: 30 tasks that each sleep $nap ms - serially, then in a pool of 5 workers; waiting needs no CPU."
: >"$work/bars"
echo "  predicted: serial $(awk -v n="$nap" 'BEGIN { printf "%.3f", 30 * n / 1000 }') s, a pool of 5 $(awk -v n="$nap" 'BEGIN { printf "%.3f", 6 * n / 1000 }') s"
timed "serial" bin/sleep-serial --tasks 30 --ms "$nap"
timed "5 threads" bin/sleep-threads --workers 5 --tasks 30 --ms "$nap"
timed "5 processes" bin/sleep-procs --workers 5 --tasks 30 --ms "$nap"
if [ -n "$py" ]; then
	timed "Python Pool(5)" "$py" bench/python/sleep.py --model procs --workers 5 --tasks 30 --ms "$nap"
fi
chart "30 sleeping tasks: time to finish (lower is better)" "seconds"

say "Step 4: creating a worker - a thread, or a fork of a parent holding 0 and $rss MiB."
: >"$work/bars"
read -r -a spawn_args <<<"$spawn" # (its words, none globbed)
bin/spawn --variants thread,fork --rss-mib "0,$rss" "${spawn_args[@]}" --json >"$work/spawn"
while read -r line; do
	v=$(bin/tvp-json get variant <<<"$line")
	m=$(bin/tvp-json get parent_rss_mib <<<"$line")
	us=$(bin/tvp-json get us_per_op <<<"$line")
	printf '  %s with %s MiB in the parent: %.1f us\n' "$v" "$m" "$us"
	bar "$v, $m MiB" "$us"
done <"$work/spawn"
chart "Creating and waiting for one worker (lower is better)" "microseconds"

say "Step 5: one bad request in a server - it ends the process that takes it: the whole threads server, or one prefork worker."
status_of() { # PORT PATH: the status line of one GET, or "no answer"
	local line=""
	{
		exec 3<>"/dev/tcp/127.0.0.1/$1" &&
			printf 'GET %s HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n' "$2" >&3 &&
			IFS= read -r -t 5 line <&3
		exec 3<&- 3>&-
	} 2>/dev/null || true
	line=${line%$'\r'}
	echo "${line:-no answer}"
}
# serve ARGS...: start tvp-server in the background; sets server and port.
serve() {
	bin/tvp-server "$@" >"$work/server.out" 2>"$work/server.err" &
	server=$!
	port=""
	for _ in $(seq 100); do
		port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/server.out")
		[ -n "$port" ] && break
		sleep 0.05
	done
	[ -n "$port" ] || { cat "$work/server.err" >&2; exit 1; }
}
for model in threads prefork; do
	serve --model "$model" --workers 2 --crash-path
	printf '  %-8s before: %s\n' "$model" "$(status_of "$port" /data/0)"
	# (bash's own "Killed" notice for the threads server is not shown:
	# the lines below say what happened)
	{
		printf '  %-8s the bad request: %s\n' "$model" "$(status_of "$port" /crash)"
		sleep 0.2
	} 2>/dev/null
	printf '  %-8s after: %s\n' "$model" "$(status_of "$port" /data/0)"
	kill -TERM "$server" 2>/dev/null || true
	{ wait "$server" || true; } 2>/dev/null # (the threads server's "Killed")
done
echo "  (prefork's master started a new worker in place of the one that died; the threads server had only one process to lose)"

say "Step 6: $clients clients whose requests each wait $wait ms - one event-loop process against 8 threads."
if command -v wrk >/dev/null; then
	# (every client is a descriptor, in wrk and in the server)
	ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
	: >"$work/bars"
	echo "  predicted: 8 threads at most $((8 * 1000 / wait)) requests/s (8 waits at a time); one event loop waits for all $clients at once"
	for spec in "event, 1 process|--model event --workers 1" "8 threads|--model threads --workers 8"; do
		read -r -a server_args <<<"${spec#*|}"
		serve "${server_args[@]}" --cpu 0 --sleep-ms "$wait"
		rps=$(wrk -t 2 -c "$clients" -d "${secs}s" --timeout 10s "http://127.0.0.1:$port/data/0" |
			awk '/^Requests\/sec/ { printf "%.0f", $2 }')
		echo "  ${spec%%|*}: ${rps:-0} requests/s"
		bar "${spec%%|*}" "${rps:-0}"
		kill -TERM "$server" 2>/dev/null || true
		{ wait "$server" || true; } 2>/dev/null
	done
	chart "$clients waiting clients: requests per second (higher is better)" "requests/s"
	echo "  (a waiting connection costs the event loop a timer and a few hundred bytes; it costs a thread-per-connection server a whole thread)"
else
	say "Step 6 is skipped: wrk is not installed (make demo installs it)."
fi

say "What to remember: in C, threads and processes both run in parallel; the GIL is Python's, and what really differs is the cost of creating, switching and sharing - what one crash takes down - and, for a server, what a waiting connection costs."
