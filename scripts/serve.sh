#!/usr/bin/env bash
# serve.sh OUT MODE ROUNDS CPUS - the server models under load (claim C10).
#
# Starts bin/tvp-server in each configuration and drives it with wrk at
# rising concurrency; writes OUT/raw/server-load.jsonl (one line per
# configuration, request mix, concurrency and round: wrk's counts and
# latency percentiles) and OUT/raw/server-crash.jsonl (one fatal fault
# under load per model, quick: but the serial one: what the clients saw,
# whether the server still answered), OUT/raw/server-rate.jsonl (the
# compared models on equal terms, an open loop: bin/tvp-rate; see "Equal
# terms" below) and
# OUT/raw/server-conns.jsonl (what a held idle connection costs each
# model: memory, threads, and the requests/s of a few active clients
# beside them). Each file is written to a temp name and renamed
# when whole.
# The sweep runs this; by hand: scripts/serve.sh DIR quick 1 0,1
#
# CPUS (comma-separated, in sweep order): with 4 or more, the server runs
# on the first half and wrk on the second, so that the load generator does
# not take the server's cores; with fewer they share them (the report says
# so). SERVER_DURATION=S sets the seconds of each load point (closed
# loop: quick 1, FULL 2; equal terms: 5), SERVER_CLIENTS=1,8 the client
# counts of the closed-loop points, SERVER_ROUNDS=N the rounds of the
# equal-terms points (at least 5 unless given; the closed-loop points,
# whose medians set their rates, take at least 3), SERVER_HELD=0,100 the
# idle connections held in the connection-cost runs (FULL's; none in
# quick), SERVER_CRASH_S=S the seconds of load in each fault run (quick
# 1, FULL 3; the fault comes a third of the way in). Seconds may have
# decimals, down to 0.1 (the tests use 0.2 and 0.4).
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
out=${1:?usage: serve.sh OUT quick|full ROUNDS CPUS}
mode=${2:?} rounds=${3:?} cpus=${4:?}

tmp="" server="" load="$out/raw/.server-load.tmp" crash="$out/raw/.server-crash.tmp" conns="$out/raw/.server-conns.tmp" rates="$out/raw/.server-rate.tmp"
cleanup() {
	# Every program still running in the background, the server and wrk:
	# found as jobs, not from variables, because a signal can land between
	# a program's start and the line that notes its pid. Each job is the
	# program itself (taskset execs it), so SIGTERM reaches it.
	local running
	running=$(jobs -p)
	if [ -n "$running" ]; then
		# shellcheck disable=SC2086 # one pid per word
		kill -TERM $running 2>/dev/null || true
		wait 2>/dev/null || true
	fi
	rm -f "$load" "$crash" "$conns" "$rates"
	if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT
die() { echo "tvp: $*" >&2; exit 1; }
# server_args ROW MIX_ARGS [EXTRA...]: the server's arguments into the
# array args, the row's and the mix's words split by read -a (one word
# each; no glob is expanded), then EXTRA as given
server_args() {
	local -a a b
	read -r -a a <<<"${1##*|}"
	read -r -a b <<<"$2"
	args=("${a[@]}" "${b[@]}" "${@:3}")
}

command -v wrk >/dev/null || die "wrk is missing; run: sudo apt-get install -y wrk (or make bench, which installs it)"
for prog in tvp-server tvp-hold tvp-rate tvp-footprint; do
	[ -x "bin/$prog" ] || die "bin/$prog is missing; run: make"
done
json=bin/tvp-json
[ -x "$json" ] || die "$json is missing; run: make"
# (named before it exists, as the sweep's data folder: see sweep.sh)
tmp=${TMPDIR:-/tmp}/tvp-serve.$$.$RANDOM
mkdir -m 700 "$tmp" || die "cannot create the temp folder $tmp"

IFS=, read -r -a order <<<"$cpus"
n=${#order[@]}
if [ "$n" -ge 4 ]; then
	s=$((n / 2))
	scpus=$(IFS=,; echo "${order[*]:0:$s}") ccpus=$(IFS=,; echo "${order[*]:$s}")
	cn=$((n - s))
else
	s=$n scpus=$cpus ccpus=$cpus cn=1
fi

# Configurations: a table of rows "id|model|procs|threads|server
# arguments", each made by config from its numbers (the id only names
# them: threads-w8 is 8 threads, hybrid-p2-t4 2 processes x 4 threads,
# eventaio-w2-t4 2 event loops with 4 aio threads each; nothing reads the
# numbers back out of it).
# config ARRAY MODEL PROCS THREADS [AIO_THREADS]: append one row to ARRAY
config() {
	local -n rows=$1
	local model=$2 p=$3 t=$4 aio=${5:-0} id args
	case "$model" in
	serial) id=serial args="--model serial" ;;
	threads) id=threads-w$t args="--model threads --workers $t" ;;
	prefork) id=prefork-w$p args="--model prefork --workers $p" ;;
	hybrid) id=hybrid-p$p-t$t args="--model hybrid --workers $p --threads $t" ;;
	event) id=event-w$p args="--model event --workers $p" ;;
	eventaio) model=event t=$((1 + aio)) id=eventaio-w$p-t$aio args="--model event --workers $p --aio-threads $aio" ;;
	*) die "serve.sh: no server model $model" ;;
	esac
	rows+=("$id|$model|$p|$t|$args")
}
# Equal terms (issue: C10 compared each model at its own best load): the
# models compared for a verdict all get the same connections, eq_conns, and
# a blocking shape as many workers as connections (eqw), so that no
# connection waits for a worker (bench/server/conn.c's hand-off) and what
# differs is the model: 16 a server CPU, hybrid with 16 threads a process.
eqw=$((16 * s)) eq_conns=$((16 * s))
# The quick sweep keeps one of each shape (fewer shapes, each measured in
# every round): these five are also the ones the fault runs try. FULL adds
# fewer workers per shape, prefork-w$s among them.
configs=()
config configs serial 1 1
config configs threads 1 "$eqw"
config configs prefork "$eqw" 1
config configs hybrid "$s" 16
config configs event "$s" 1
shapes=${#configs[@]}
# Request mixes: mix|server arguments (cpu: primes below 20000, about
# 0.3 ms; io: a 2 ms wait; mixed: both halves).
mixes=("mixed|--cpu 20000 --sleep-ms 1")
# (quick: one client count, the compared connections; FULL has every
# count. The equal-terms points C10 is judged on last 5 s in either mode,
# the unloaded rung's too (its p99 shows whether the p99 target can be
# met at all): quick measures fewer of them, not shorter ones. At 1 s,
# one 10 ms stall of the client, which shares the server's CPUs on a
# 2-vCPU machine, delayed 1% of a run's requests and so set its p99, and
# came to 1% of the run, the most the client may fall behind:
# vm-epyc-run37-2026-12-07's cold mix, 9-12 ms in every round; at 1 s
# the unloaded rung's p99 on the cold mix was 1.4 ms in run36, 7.0 in
# run38.)
concurrency=$eq_conns duration=${SERVER_DURATION:-1} crash_default=1
eq_duration=${SERVER_DURATION:-5} eq_rounds=5 cal_rounds=3
if [ "$mode" = full ]; then
	config configs prefork "$s" 1
	config configs threads 1 "$s"
	config configs threads 1 $((4 * s))
	config configs prefork $((4 * s)) 1
	config configs hybrid "$s" 4
	mixes+=("cpu|--cpu 20000 --sleep-ms 0" "io|--cpu 0 --sleep-ms 2")
	concurrency="1 2 4 8 16 32 64 128 256" duration=${SERVER_DURATION:-2} crash_default=3
	eq_duration=${SERVER_DURATION:-5}
fi
if [ -n "${SERVER_CLIENTS:-}" ]; then
	[[ $SERVER_CLIENTS =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "SERVER_CLIENTS=$SERVER_CLIENTS: need client counts like 1,8,64"
	concurrency=${SERVER_CLIENTS//,/ }
	# (the equal-terms points then at the most clients given)
	eq_conns=0
	for c in $concurrency; do [ "$c" -le "$eq_conns" ] || eq_conns=$c; done
fi
if [ -n "${SERVER_ROUNDS:-}" ]; then
	[[ $SERVER_ROUNDS =~ ^[1-9][0-9]*$ ]] || die "SERVER_ROUNDS=$SERVER_ROUNDS: need a whole number >= 1"
	eq_rounds=$SERVER_ROUNDS cal_rounds=$SERVER_ROUNDS
fi
[ "$rounds" -le "$eq_rounds" ] || eq_rounds=$rounds
[ "$rounds" -le "$cal_rounds" ] || cal_rounds=$rounds
# (the rates below are shares of the load points' medians at eq_conns)
[[ " $concurrency " == *" $eq_conns "* ]] || concurrency+=" $eq_conns"
# seconds TEXT KNOB: TEXT (seconds, decimals allowed) in microseconds in
# secs_us and as a JSON number in secs; at least 0.1 s, or the knob's one
# line and exit 1
seconds() {
	local frac why="$2=$1: need seconds >= 0.1 (decimals allowed)"
	[[ $1 =~ ^([0-9]+)(\.([0-9]+))?$ ]] || die "$why"
	frac=${BASH_REMATCH[3]}000000
	frac=${frac:0:6}
	secs_us=$((10#${BASH_REMATCH[1]} * 1000000 + 10#$frac))
	[ "$secs_us" -ge 100000 ] || die "$why"
	while [[ $frac == *0 ]]; do frac=${frac%0}; done
	secs=$((10#${BASH_REMATCH[1]}))${frac:+.$frac}
}
seconds "$duration" SERVER_DURATION
duration=$secs duration_us=$secs_us
seconds "$eq_duration" SERVER_DURATION
eq_duration=$secs eq_us=$secs_us
seconds "${SERVER_CRASH_S:-$crash_default}" SERVER_CRASH_S
crash_s=$secs crash_s_us=$secs_us
crash_ms=$((crash_s_us / 3000))
# (the idle connections held in the connection-cost runs, checked here with
# the other knobs, not after minutes of measuring; no verdict reads them,
# so they are FULL's, from none to 10000 held, and a quick sweep's
# server-conns.jsonl is empty unless SERVER_HELD asks: holding 0 and 100
# took 11 s of a quick sweep on two CPUs)
held=""
[ "$mode" != full ] || held="0 100 1000 10000"
if [ -n "${SERVER_HELD:-}" ]; then
	[[ $SERVER_HELD =~ ^[0-9]+(,[0-9]+)*$ ]] || die "SERVER_HELD=$SERVER_HELD: need counts like 0,100,1000"
	held=${SERVER_HELD//,/ }
fi

# (Below, files are read with builtins where a sed or a grep would start a
# process: on a VM where that costs milliseconds, the polls and the small
# files were most of this script's time outside the load.)
# first_match VAR FILE REGEX: the first group of the first line of FILE
# that matches REGEX (extended, bash's), in VAR; "" if none, or if FILE is
# not there (yet: a program started in the background may not have made
# it; a failed redirection would end this script under set -e)
first_match() {
	local line
	printf -v "$1" '%s' ""
	while IFS= read -r line; do
		if [[ $line =~ $3 ]]; then
			printf -v "$1" '%s' "${BASH_REMATCH[1]}"
			return 0
		fi
	done 2>/dev/null <"$2" || true
}
# Start the server (arguments "$@") on the server CPUs; sets server, port.
start_server() {
	# (emptied here, before the start, so that the polls below cannot
	# read the last server's lines)
	: >"$tmp/server.out"
	# shellcheck disable=SC2086 # the server CPUs are one word
	taskset -c $scpus bin/tvp-server --json "$@" >"$tmp/server.out" 2>"$tmp/server.err" &
	server=$!
	port=""
	for _ in {1..100}; do
		first_match port "$tmp/server.out" '^tvp-server: listening on http://127\.0\.0\.1:([0-9]+)/'
		[ -n "$port" ] && return 0
		kill -0 "$server" 2>/dev/null || break
		sleep 0.05
	done
	cat "$tmp/server.err" >&2
	die "tvp-server $* did not start"
}
# Stop it; its --json line (served, restarts) goes to $stats, or nothing
# when the server died.
stop_server() {
	local rc=0
	kill -TERM "$server" 2>/dev/null || true
	# (quietly: a crashed server's "Killed" is in the data, not the log)
	{ wait "$server" || rc=$?; } 2>/dev/null
	server=""
	first_match stats "$tmp/server.out" '^(\{.*)$'
	return $rc
}
# wrk at concurrency $1 for $2 microseconds, started in the background
# (so that a signal ends it at once); sets wrk_pid and wrk_end. wrk takes
# whole seconds: for a part of one it runs for the next whole second and
# summary() ends it with SIGINT at the time, on which wrk stops and
# reports as at its end (its duration_us is the time it ran).
# (wrk_script: the cold mix's, which spreads the requests over the files)
wrk_script=bench/server/wrk-json.lua wrk_args=()
drive() {
	local c=$1 t=$cn
	[ "$t" -le "$c" ] || t=$c
	taskset -c "$ccpus" wrk -t "$t" -c "$c" -d "$((($2 + 999999) / 1000000))s" --timeout 10s \
		-s "$wrk_script" "http://127.0.0.1:$port/data/0" ${wrk_args[@]+"${wrk_args[@]}"} >"$tmp/wrk.out" 2>&1 &
	wrk_pid=$! wrk_end=""
	[ $(($2 % 1000000)) -eq 0 ] || wrk_end=$((${EPOCHREALTIME/[.,]/} + $2))
}
# Does process $1 catch SIGINT yet (SigCgt, bit 2 of its last hex digit)?
catches_int() {
	local key mask
	while read -r key mask; do
		[ "$key" != SigCgt: ] || return $(((16#${mask: -1} & 2) == 0))
	done 2>/dev/null <"/proc/$1/status"
	return 1
}
# Wait for it, with what to say if it failed; sets w, its JSON line.
summary() {
	local rc=0 left
	# (quietly: bash reports here a crashed server's "Killed", which is
	# in the data, not the log)
	{
		if [ -n "$wrk_end" ]; then
			left=$((wrk_end - ${EPOCHREALTIME/[.,]/}))
			if [ "$left" -gt 0 ]; then
				printf -v left '%d.%06d' $((left / 1000000)) $((left % 1000000))
				sleep "$left"
			fi
			# (wrk catches SIGINT from its start; an instant after
			# it was started, it may not yet)
			for _ in {1..500}; do
				catches_int "$wrk_pid" && break
				kill -0 "$wrk_pid" || break
				sleep 0.01
			done
			kill -INT "$wrk_pid" || true
		fi
		wait "$wrk_pid" || rc=$?
	} 2>/dev/null
	[ "$rc" -eq 0 ] || { cat "$tmp/wrk.out" >&2; die "$1"; }
	w=""
	while IFS= read -r line || [ -n "$line" ]; do w=$line; done 2>/dev/null <"$tmp/wrk.out" || true
	[[ $w == "{"* ]] || { cat "$tmp/wrk.out" >&2; die "wrk printed no summary"; }
}
# The fields every line starts with, from the configuration's row.
# (Every line is written by bin/tvp-json, which escapes what it is given
# and merges a program's own JSON line, wrk's or tvp-rate's, into it.)
fields() { # ROW MIX MIX_ARGS ARGS... -> F: those fields, tvp-json's way
	local id model procs threads mix=$2 margs=$3
	IFS='|' read -r id model procs threads _ <<<"$1"
	shift 3
	F=("s:config=$id" "s:model=$model" "n:procs=$procs" "n:threads=$threads"
		"s:mix=$mix" "s:mix_args=$margs" "s:server_args=$*" "s:server_cpus=$scpus" "s:client_cpus=$ccpus")
}

# (the compared shapes, event and hybrid, take cal_rounds rounds, whose
# medians set the rates below; the others the sweep's rounds in FULL, one
# in quick: fewer points, to leave the budget's seconds to the compared)
compared() { [[ $1 == event-* || $1 == hybrid-p$s-t16 ]]; }
other_rounds=$rounds
[ "$mode" = full ] || other_rounds=1
total=0
for cf in "${configs[@]}"; do
	if compared "${cf%%|*}"; then total=$((total + cal_rounds)); else total=$((total + other_rounds)); fi
done
total=$((total * ${#mixes[@]}))
i=0
: >"$load"
for ((round = 1; round <= cal_rounds; round++)); do for mx in "${mixes[@]}"; do for cf in "${configs[@]}"; do
	id=${cf%%|*} mix=${mx%%|*}
	if [ "$round" -gt "$other_rounds" ] && ! compared "$id"; then continue; fi
	i=$((i + 1))
	server_args "$cf" "${mx#*|}"
	printf '[server %d/%d] round %d: %s, %s mix, concurrency' "$i" "$total" "$round" "$id" "$mix"
	start_server "${args[@]}"
	for c in $concurrency; do
		printf ' %d' "$c"
		drive "$c" "$duration_us"
		summary "wrk failed at concurrency $c"
		fields "$cf" "$mix" "${mx#*|}" "${args[@]}"
		"$json" obj "${F[@]}" "n:concurrency=$c" "n:round=$round" "n:duration_s=$duration" "m:$w" >>"$load"
	done
	stop_server || die "tvp-server ${args[*]} did not stop cleanly: $(cat "$tmp/server.err")"
	echo
done; done; done

# Reads that wait for the disk (the cold mix): every file read misses the
# page cache (tvp-server --cold drops the file's pages before each read;
# the data set lives in TMPDIR, on a disk), 64 KiB a request, no CPU work
# and no sleep. The event model once as nginx runs it by default, its
# loop reading the files itself, and once with 4 threads a process that
# read them (nginx's aio threads), at 64 clients (the quick sweep's
# budget: the two the lesson compares); FULL adds the blocking models and
# every client count. Each line carries what the server's processes read
# from the device over its whole run (read_bytes) and the requests it
# served.
cold_mix="cold|--cpu 0 --sleep-ms 0 --cold --file-kib 64 --files 64"
cold_configs=()
config cold_configs event "$s" 1
config cold_configs eventaio "$s" 1 4
cold_clients=$eq_conns
if [ "$mode" = full ]; then
	config cold_configs hybrid "$s" 4
	config cold_configs threads 1 $((4 * s))
	config cold_configs prefork $((4 * s)) 1
	cold_clients=$concurrency
fi
[ -z "${SERVER_CLIENTS:-}" ] || cold_clients=$concurrency
# The data set is written in the results folder, on the disk the results
# go to (TMPDIR is often a tmpfs, which has no device to read from); on a
# tmpfs too, the stage says so and is left out.
cold_fs=$(stat -f -c %T "$out" 2>/dev/null || echo unknown)
cold_rounds=$cal_rounds
if [ "$cold_fs" = tmpfs ] || [ "$cold_fs" = ramfs ]; then
	echo "[server cold] left out: $out is on $cold_fs, which has no disk to read from"
	cold_rounds=0
fi
# each request one of the 64 files at random (wrk-cold.lua)
wrk_script=bench/server/wrk-cold.lua wrk_args=(-- 64)
for ((round = 1; round <= cold_rounds; round++)); do for cf in "${cold_configs[@]}"; do
	id=${cf%%|*}
	server_args "$cf" "${cold_mix#*|}"
	printf '[server cold] round %d: %s, reads from the disk, concurrency' "$round" "$id"
	TMPDIR=$out start_server "${args[@]}"
	ws=() cs=()
	for c in $cold_clients; do
		printf ' %d' "$c"
		drive "$c" "$duration_us"
		summary "wrk failed at concurrency $c (cold)"
		ws+=("$w") cs+=("$c")
	done
	stop_server || die "tvp-server ${args[*]} did not stop cleanly: $(cat "$tmp/server.err")"
	rb=$("$json" get read_bytes -1 <<<"$stats")
	sv=$("$json" get served -1 <<<"$stats")
	fs=$("$json" get data_fs "" <<<"$stats")
	fields "$cf" cold "${cold_mix#*|}" "${args[@]}"
	for k in "${!ws[@]}"; do
		"$json" obj "${F[@]}" "n:concurrency=${cs[$k]}" "n:round=$round" "n:duration_s=$duration" \
			"n:server_read_bytes=$rb" "n:server_served=$sv" "s:data_fs=$fs" "m:${ws[$k]}" >>"$load"
	done
	echo
done; done
wrk_script=bench/server/wrk-json.lua wrk_args=()
mv "$load" "$out/raw/server-load.jsonl"

# Equal terms, an open loop (bin/tvp-rate: each request timed from when
# it was due, not from when a free connection sent it; see its opening
# comment). In each mix the compared models (one event loop a process
# against processes x threads where requests wait; the loop reading files
# itself against aio threads reading for it on the cold mix) get the same
# eq_conns connections and the same offered rates: shares of the highest
# of their median requests/s above (medians over the rounds, not one
# round's best). Quick: 5% (unloaded: the latency the targets are set
# from) and 80%, the one shared rate each part is judged at; FULL: a
# ladder to 120%, on which each model's knee is found. Every round runs
# every compared model once, in an order that turns each round, so that
# a slow spell of a shared machine falls on each in turn. Each line
# carries what the server's reads waited (read_ns over reads: its own
# timing of every read of the cold mix) and what the client took
# (tvp-rate's client_cpu_ms).
rate_pcts="5 80" shared_pct=80
[ "$mode" != full ] || rate_pcts="5 25 50 65 80 90 100 110 120"
rate_ms=$((eq_us / 1000))
# mix|server arguments|files|the compared configuration rows (; between)
eq_sets=()
for mx in "${mixes[@]}"; do
	[[ ${mx#*|} != *"--sleep-ms 0"* ]] || continue # nothing waits: no lesson on IO
	eqrows=()
	config eqrows event "$s" 1
	config eqrows hybrid "$s" 16
	eq_sets+=("${mx%%|*}|${mx#*|}|0|${eqrows[0]};${eqrows[1]}")
done
if [ "$cold_rounds" -gt 0 ]; then
	eqrows=()
	config eqrows event "$s" 1
	config eqrows eventaio "$s" 1 4
	eq_sets+=("cold|${cold_mix#*|}|64|${eqrows[0]};${eqrows[1]}")
fi
: >"$rates"
for ((round = 1; round <= eq_rounds; round++)); do for set in "${eq_sets[@]}"; do
	IFS='|' read -r mix margs files _ <<<"$set"
	IFS=';' read -r -a eqrows <<<"${set#*|*|*|}"
	# the rates are shares of the highest of what the compared models
	# kept up with closed-loop at eq_conns (each its lower median over
	# the rounds above: tvp-report rate-base)
	ids=()
	for cf in "${eqrows[@]}"; do ids+=("${cf%%|*}"); done
	base=$(bin/tvp-report rate-base "$out/raw/server-load.jsonl" "$mix" "$eq_conns" "${ids[@]}") ||
		die "cannot read what the models kept up with in $out/raw/server-load.jsonl"
	[ "$base" -gt 0 ] || continue
	nr=${#eqrows[@]}
	for ((k = 0; k < nr; k++)); do
		cf=${eqrows[$(((k + round - 1) % nr))]}
		id=${cf%%|*}
		server_args "$cf" "$margs"
		printf '[server rate] round %d: %s, %s mix, %d connections, %% of %d req/s:' "$round" "$id" "$mix" "$eq_conns" "$base"
		if [ "$mix" = cold ]; then TMPDIR=$out start_server "${args[@]}"; else start_server "${args[@]}"; fi
		ls=()
		for pct in $rate_pcts; do
			r=$((base * pct / 100))
			[ "$r" -ge 1 ] || continue
			# (quick: the unloaded rung, which only sets the p99
			# target, in the rounds the rates were set from; the
			# shared rate, what a verdict reads, in every round)
			[ "$mode" = full ] || [ "$pct" -eq "$shared_pct" ] || [ "$round" -le "$cal_rounds" ] || continue
			printf ' %d' "$pct"
			# shellcheck disable=SC2086 # the client CPUs are one word
			taskset -c $ccpus bin/tvp-rate "$port" "$r" "$rate_ms" "$eq_conns" "$files" >"$tmp/rate.out" 2>"$tmp/rate.err" ||
				{ cat "$tmp/rate.err" >&2; die "tvp-rate failed at $r req/s ($id, $mix)"; }
			first_match w "$tmp/rate.out" '^(\{.*)$'
			fields "$cf" "$mix" "$margs" "${args[@]}"
			sh=false
			[ "$pct" -ne "$shared_pct" ] || sh=true
			ls+=("$("$json" obj "${F[@]}" "n:round=$round" "n:offered_pct=$pct" "b:shared_rate=$sh" "n:base_rps=$base" "m:$w")")
		done
		stop_server || die "tvp-server ${args[*]} did not stop cleanly: $(cat "$tmp/server.err")"
		# (the server's reads over its run: every point of it; and how
		# its loops spread the connections they accepted, fewest and
		# most a loop, -1 for a blocking model)
		[ -n "$stats" ] || stats='{}'
		rn=$("$json" get reads -1 <<<"$stats")
		rw=$("$json" get read_ns -1 <<<"$stats")
		amin=$("$json" get accepted_min -1 <<<"$stats")
		amax=$("$json" get accepted_max -1 <<<"$stats")
		for l in "${ls[@]}"; do
			"$json" obj "m:$l" "n:server_reads=$rn" "n:server_read_ns=$rw" \
				"n:server_accepted_min=$amin" "n:server_accepted_max=$amax" >>"$rates"
		done
		echo
	done
done; done
mv "$rates" "$out/raw/server-rate.jsonl"

# A fatal fault under load: a third of the way into a run at concurrency
# 16 (SERVER_CRASH_S: quick 1 s, FULL 3), one request for /crash ends the
# process of the worker that takes it
# (--crash-path). Is the server still answering afterwards?
probe() { # a GET of /data/0 on a fresh connection: its status line
	local line=""
	if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
		printf 'GET /data/0 HTTP/1.1\r\nHost: tvp\r\nConnection: close\r\n\r\n' >&3 || true
		IFS= read -r -t 5 line <&3 || true
		exec 3<&- 3>&-
	fi 2>/dev/null
	echo "${line%$'\r'}"
}
# One request for /crash; the reply, if any, is not waited for long (the
# worker that takes it ends, and with it the connection).
send_crash() {
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 0
	printf 'GET /crash HTTP/1.1\r\nHost: tvp\r\n\r\n' >&3 || true
	IFS= read -r -t 2 _ <&3 || true
	exec 3<&- 3>&-
} 2>/dev/null
: >"$crash"
mx=${mixes[0]}
for cf in "${configs[@]:0:$shapes}"; do
	id=${cf%%|*}
	# (quick: every shape but serial, which dies as the threads server
	# does: the two C10's fault part compares, threads and event, the
	# claim's own processes x threads, and prefork, which the report's
	# reading of the faults starts from; FULL every shape)
	[ "$mode" = full ] || [ "$id" != serial ] || continue
	server_args "$cf" "${mx#*|}" --crash-path
	printf '[server crash] %s: a fatal fault %d ms into %s s of load ... ' "$id" "$crash_ms" "$crash_s"
	start_server "${args[@]}"
	drive 16 "$crash_s_us"
	printf -v at '%d.%03d' $((crash_ms / 1000)) $((crash_ms % 1000))
	sleep "$at"
	send_crash
	summary "wrk failed in the crash run of $id"
	sleep 0.2
	after=$(probe)
	alive=false
	[[ $after == "HTTP/1.1 200"* ]] && alive=true
	src=0
	stop_server || src=$?
	[ -n "$stats" ] || stats='{"served":-1,"restarts":-1}'
	served=$("$json" get served -1 <<<"$stats")
	restarts=$("$json" get restarts -1 <<<"$stats")
	fields "$cf" "${mx%%|*}" "${mx#*|}" "${args[@]}"
	"$json" obj "${F[@]}" n:concurrency=16 "n:duration_s=$crash_s" "n:crash_at_ms=$crash_ms" "b:alive_after=$alive" \
		"n:server_exit=$src" "n:served=$served" "n:restarts=$restarts" "m:$w" >>"$crash"
	echo "alive after: $alive"
done
mv "$crash" "$out/raw/server-crash.jsonl"

# What a connection costs. N idle keep-alive connections are held open by
# bin/tvp-hold (each served one request first), then: the memory of the
# server (the PSS of all its processes, so that pages its processes share
# count once), its threads, and the requests/s of a few active wrk clients
# beside the idle ones. A model that serves one connection per worker
# needs a worker per held connection: it runs with W = N + the active
# clients (hybrid: 4 threads a process), where the machine allows; the
# event model runs one process per server CPU whatever N. A run the
# machine does not allow (descriptors, processes) is a line saying why.
active=8 nofile=$(ulimit -Hn)
[ "$nofile" != unlimited ] || nofile=1048576
mkfifo "$tmp/hold.in"
# The server's footprint (bin/tvp-footprint: its worker processes
# started, and the threads and PSS in KiB of it and them) into fp_kids,
# fp_threads and fp_pss; 1 when it cannot be read (the server gone, or
# its /proc files unreadable: why, in $tmp/footprint.err).
footprint() {
	local fp
	fp=$(bin/tvp-footprint "$server" 2>"$tmp/footprint.err") || return 1
	fp_kids=$("$json" get children <<<"$fp")
	fp_threads=$("$json" get threads <<<"$fp")
	fp_pss=$("$json" get pss_kib <<<"$fp")
}
mx=${mixes[0]}
: >"$conns"
for n in $held; do for model in threads prefork hybrid event; do
	nw=$((n + active)) kids=0
	case "$model" in
	threads) args=(--model threads --workers "$nw") procs=1 threads=$nw ;;
	prefork) args=(--model prefork --workers "$nw") procs=$nw threads=1 kids=$nw ;;
	hybrid) procs=$(((nw + 3) / 4)) threads=4 kids=$procs; args=(--model hybrid --workers "$procs" --threads 4) ;;
	event) procs=$s threads=1 kids=$s; args=(--model event --workers "$s") ;;
	esac
	id="$model-n$n"
	# (no model may close a held connection for idling while it is
	# measured: --idle-ms 10 minutes)
	read -r -a more <<<"${mx#*|}"
	args+=("${more[@]}" --idle-ms 600000)
	H=("s:config=$id" "s:model=$model" "n:held=$n" "n:procs=$procs" "n:threads=$threads" "n:active=$active"
		"s:mix=${mx%%|*}" "s:server_args=${args[*]}" "n:nofile=$nofile")
	printf '[server conns] %s, %d idle connections held ... ' "$model" "$n"
	if [ $((n + 64)) -gt "$nofile" ]; then
		"$json" obj "${H[@]}" "s:stopped=$n connections need more descriptors than the $nofile allowed (ulimit -Hn)" >>"$conns"
		echo "not here: $nofile descriptors at most"
		continue
	fi
	start_server "${args[@]}"
	# every worker started, process and thread (the holder needs one per
	# connection, and the measure counts them): a server prints where it
	# listens before it starts its threads
	want=$((procs * threads + (kids > 0 ? 1 : 0)))
	for _ in {1..600}; do
		kill -0 "$server" 2>/dev/null || break
		if ! footprint; then
			kill -0 "$server" 2>/dev/null || break
			die "the server's footprint: $(cat "$tmp/footprint.err")"
		fi
		if [ "$fp_kids" -ge "$kids" ] && [ "$fp_threads" -ge "$want" ]; then break; fi
		sleep 0.1
	done
	: >"$tmp/hold.out" # (as server.out: no last run's line)
	bin/tvp-hold "$port" "$n" <"$tmp/hold.in" >"$tmp/hold.out" 2>"$tmp/hold.err" &
	hold_pid=$!
	exec 3>"$tmp/hold.in"
	# (its first line, {"held":N}, comes once every connection is held:
	# 2 minutes, and 50 ms more a connection; ten thousand to prefork's
	# 10,008 processes on 2 CPUs took 296 s)
	limit=$((1200 + n / 2)) t0=$EPOCHSECONDS
	for ((t = 0; t < limit; t++)); do
		[ ! -s "$tmp/hold.out" ] || break
		kill -0 "$hold_pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$tmp/hold.out" ]; then
		exec 3>&-
		kill "$hold_pid" 2>/dev/null || true
		wait "$hold_pid" 2>/dev/null || true
		# what the server said first (out of descriptors...), then
		# what the holder saw; neither said anything: it ran out of time
		# (a pipeline that finds nothing is no failure here)
		why=$({ grep -v '^tvp-server: listening' "$tmp/server.err" | head -n 1; head -n 1 "$tmp/hold.err"; } 2>/dev/null |
			grep . | paste -s -d ';' - | tr -dc '[:alnum:] .,:;()/=_+-') || true
		[ -n "$why" ] || why="not all $n connections were held within $((EPOCHSECONDS - t0)) s"
		stop_server || true
		"$json" obj "${H[@]}" "s:stopped=$why" >>"$conns"
		echo "stopped: $why"
		continue
	fi
	hold_s=$((EPOCHSECONDS - t0))
	printf 'held in %d s, ' "$hold_s"
	# (null, not 0, where it could not be read: the server gone)
	fpf=("j:pss_kib=null" "j:threads_total=null") pss=0 thr=0
	if footprint; then
		pss=$fp_pss thr=$fp_threads fpf=("n:pss_kib=$pss" "n:threads_total=$thr")
	fi
	drive "$active" "$duration_us"
	summary "wrk failed beside $n held connections ($model)"
	exec 3>&-
	wait "$hold_pid" || die "tvp-hold failed: $(cat "$tmp/hold.err")"
	# (tvp-hold's second line: {"kept":K})
	mapfile -t hl <"$tmp/hold.out"
	last=${hl[1]:-}
	[ -n "$last" ] || last='{}'
	kept=$("$json" get kept 0 <<<"$last")
	stop_server || die "tvp-server ${args[*]} did not stop cleanly: $(cat "$tmp/server.err")"
	"$json" obj "${H[@]}" "n:kept=$kept" "n:hold_s=$hold_s" "${fpf[@]}" "n:duration_s=$duration" "m:$w" >>"$conns"
	echo "$((pss / 1024)) MiB, $thr threads, kept $kept"
done; done
mv "$conns" "$out/raw/server-conns.jsonl"
