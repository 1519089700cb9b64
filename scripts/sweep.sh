#!/usr/bin/env bash
# sweep.sh - time every configuration with hyperfine into a results folder.
#
# Environment (all optional; `make bench` passes them through):
#   FULL=1             every core count, every schedule, more runs
#   WORKLOADS=a,b      subset of workloads (default: all of bin/*-serial;
#                      quick: those a verdict reads, count and sleep,
#                      their files say in_quick)
#   MODELS=threads     subset of the models (default: every bench/models/
#                      file but serial, the baseline, that can run here:
#                      mpi only where Open MPI is installed, and in
#                      quick only when named)
#   HOSTS=FILE         an Open MPI hostfile: the mpi model's ranks run there
#   CPUS=0,2,4         sweep on these CPUs only, in this order
#   CORES=all          every core count 1..N (the default: FULL all, quick
#                      2 .. N, or 2, 4 ... N on more than 4); or a list
#   RESULTS=DIR        results folder (default results/HOST-DATE[-full])
#   ROUNDS=N RUNS=N WARMUP=N   rounds, and timed and warm-up runs per round
#                      (quick: 10 rounds of what a verdict reads, 3 of the
#                      rest; FULL: 10 of all; ROUNDS given: that many of
#                      all; one run a round, so each run keeps its line)
#   SEED=N             the seed of each round's random order (default: the
#                      time; raw/order.txt records it and every order)
#   ARGS_name="..."    the arguments for workload name (e.g. ARGS_primes="--n 1000000")
#   MICRO=a,b          subset of the micro-benchmarks (MICRO= for none)
#   CLAIMS=            skip the seeds' claim experiments (makespans, pools);
#                      CLAIMS=makespan: C3's makespans only
#   PYTHON=python3     the interpreter of the Python arm (PYTHON= for none);
#                      a free-threaded python3.13t/3.14t is added when found
#   MICRO_ARGS_name="..."  the arguments for micro-benchmark name
#   SERVER=            skip the server models under load (scripts/serve.sh)
#   SERVER_DURATION=S  seconds of load per point (closed loop quick 1, FULL 2; equal terms 5; decimals allowed)
#   SERVER_CLIENTS=1,8 client counts (quick 1,8,64,256; FULL 1,2,4...256)
#   REPORT=0           measure only: no report, so no gnuplot needed (for a
#                      headless machine; make report RESULTS=DIR draws it later)
#   BUDGET=S           seconds for the whole sweep (quick: 300; FULL or
#                      ROUNDS given: none): what is left after every
#                      stage goes to more rounds
#   TARGET=PCT         ... for the configurations whose median (or model's
#                      efficiency) is not yet known within +-PCT% (3)
#   MAX_ROUNDS=N       ... up to N rounds each (20; the report reads 64;
#                      it caps the first rounds too)
#   QUIET_WAIT=S       before each stage, wait up to S s for a quiet
#                      machine (quick 30, FULL 120; 0: do not wait)
#   QUIET_CPUS=X       ... quiet: fewer than X CPUs busy outside the sweep
#                      (0.25); a stage that never got one is marked busy
#                      in raw/quiet.txt, report.md and RESULTS.md
#
# The plan runs in rounds: every configuration once per round, one run
# each by default, so a shared machine's slow drift spreads over all
# configurations instead of biasing the ones that ran during it. A speedup
# is a ratio within a round (the report pairs each round's configuration
# with the same round's serial run), so within a round each workload's
# configurations run back to back with its serial, in a random order, the
# workloads in a random order too (seeded; raw/order.txt keeps the seed and
# every round's order). The configurations a verdict reads (count and
# pycount, sleep and pysleep: the serial, threads and processes at the
# most cores or workers, and OpenMP's beside them) get 10 rounds, enough
# for a 95% interval from order statistics; in quick the others get 3 and
# FULL keeps 10 of all.
# After the micro-benchmarks, the claims and the server, the time left in
# the budget buys more rounds, each over every configuration still wider
# than the target (those that decide a claim first) and its workload's
# serial, until all are within it or the budget is spent. Each
# configuration and round writes raw/ID.rN.out.json (the program's own
# result line) and raw/ID.rN.hyperfine.json (hyperfine's timings), each to
# a temp name then renamed: an interrupted sweep leaves no half file, and
# running it again skips what is done. A checksum that differs from serial
# stops the sweep.
#
# This script reads the knobs, makes the results folder and runs the
# stages in order, each a script of its own that takes what it needs as
# arguments and leaves what it made in files (scripts/sweep/):
#
#   plan.sh    which configurations: workloads and models from the
#              programs' --describe, the Python arm
#   time.sh    one round of one configuration, with hyperfine
#   micro.sh   the micro-benchmarks and perf's reference
#   claims.sh  the seeds' own experiments
#   serve.sh   the server models under load (scripts/serve.sh)
#
# then spends what is left of the budget on more rounds and draws the
# report (scripts/report.sh).
set -euo pipefail
cd "${0%/*}/.." 2>/dev/null || cd .. # (no dirname: a process a start)
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh

# The traps come first: a signal at any moment stops the running stage
# (which stops its programs and removes its temp files), and then the
# sweep, which leaves neither a temp file nor the data folder.
out="" data=""
# Every temp name tvp writes ends in .tmp: none may outlive the sweep.
cleanup() {
	if [ -n "$data" ]; then rm -rf "$data"; fi
	if [ -n "$out" ] && [ -d "$out" ]; then find "$out" -name '*.tmp' -type f -delete 2>/dev/null || true; fi
}
on_signal() {
	trap - INT TERM
	stop_jobs
	cleanup
	echo >&2
	if [ -n "$out" ]; then
		echo "tvp: interrupted; $out keeps what finished, run the same command again to resume" >&2
	else
		echo "tvp: interrupted before anything was measured" >&2
	fi
	exit 130
}
trap on_signal INT TERM
trap cleanup EXIT

# took NAME SINCE: the seconds a stage took, one line "NAME SECONDS" in
# raw/stages.txt (appended: a resumed sweep adds what it ran), so that
# where the budget went is in the folder.
took() {
	echo "$1 $((EPOCHSECONDS - $2))" >>"$out/raw/stages.txt"
}

# stage SCRIPT ARG...: run one stage in a session of its own and wait for
# it (a wait that a signal interrupts at once, where a command in the
# foreground would first be waited for); its exit status is the sweep's.
stage() {
	setsid "$@" &
	local rc=0
	wait "$!" || rc=$?
	return "$rc"
}

# The command that reproduces this run: make bench and the knobs given
# (read before the script gives any of them a default).
repro="make bench"
# shellcheck disable=SC2046 # variable names are single words
for v in FULL WORKLOADS MODELS HOSTS CPUS CORES ROUNDS RUNS WARMUP SEED MICRO CLAIMS PYTHON \
	SERVER SERVER_DURATION SERVER_CLIENTS SERVER_HELD BUDGET TARGET MAX_ROUNDS QUIET_WAIT QUIET_CPUS $(compgen -v ARGS_ || true) $(compgen -v MICRO_ARGS_ || true); do
	[ -n "${!v+set}" ] || continue
	if [[ ${!v} =~ ^[A-Za-z0-9_.,/:=+-]*$ ]]; then repro+=" $v=${!v}"; else repro+=" $v='${!v}'"; fi
done

# The tools the sweep cannot do without (make bench installs them).
tools="hyperfine:hyperfine taskset:util-linux"
run_server=""
if [ -z "${SERVER+set}" ] || [ -n "$SERVER" ]; then run_server=1 tools+=" wrk:wrk"; fi
[ "${REPORT:-1}" = 0 ] || tools+=" gnuplot:gnuplot-nox"
for tool in $tools; do
	if ! command -v "${tool%%:*}" >/dev/null; then
		echo "tvp: ${tool%%:*} is missing; run: sudo apt-get install -y ${tool#*:} (or make bench, which installs it)" >&2
		exit 1
	fi
done

mode=quick
[ -n "${FULL:-}" ] && [ "${FULL}" != 0 ] && mode=full
# Rounds: 10 of what a verdict reads (an order-statistic interval of a
# median needs 6 at the very least, and 10 gives its extremes room to
# move in); quick gives the rest 3, and the budget decides how many more
# each needs. One run a round: hyperfine's --output keeps only the last
# run's program line, and a round of one run keeps every line.
rounds=${ROUNDS:-10}
if [ -n "${ROUNDS:-}" ] || [ "$mode" = full ]; then rounds_all=$rounds; else rounds_all=3; fi
# Quick: no warm-up run (it cost a sixth of the budget); the median of
# the rounds absorbs a first, colder run. FULL warms up once.
runs=${RUNS:-1} warmup=${WARMUP:-1}
[ "$mode" = full ] || warmup=${WARMUP:-0}
if ! [[ $rounds =~ ^[0-9]+$ ]] || [ "$rounds" -lt 1 ]; then die "ROUNDS=$rounds: need a whole number >= 1"; fi
if ! [[ $runs =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ] || [ $((runs * rounds)) -lt 2 ]; then
	die "RUNS=$runs: need a whole number, with ROUNDS x RUNS >= 2"
fi
if ! [[ $warmup =~ ^[0-9]+$ ]]; then die "WARMUP=$warmup: need a whole number"; fi
# A budget by default for quick alone, and not when ROUNDS says exactly
# how many rounds to run.
budget=${BUDGET:-300}
if [ "$mode" = full ] || [ -n "${ROUNDS:-}" ]; then budget=${BUDGET:-0}; fi
target=${TARGET:-3} max_rounds=${MAX_ROUNDS:-20}
if ! [[ $budget =~ ^[0-9]+$ ]]; then die "BUDGET=$budget: need whole seconds (0: no budget, the rounds alone)"; fi
if ! [[ $target =~ ^[0-9]+([.][0-9]+)?$ ]] || ! [[ $target =~ [1-9] ]]; then die "TARGET=$target: need a percentage above 0"; fi
if ! [[ $max_rounds =~ ^[0-9]+$ ]] || [ "$max_rounds" -lt 1 ] || [ "$max_rounds" -gt 64 ]; then
	die "MAX_ROUNDS=$max_rounds: need a whole number from 1 to 64"
fi
[ "$rounds" -le "$max_rounds" ] || rounds=$max_rounds
[ "$rounds_all" -le "$rounds" ] || rounds_all=$rounds
seed=${SEED:-$EPOCHSECONDS}
[[ $seed =~ ^[0-9]+$ ]] || die "SEED=$seed: need a whole number"
sweep_start=$EPOCHSECONDS

IFS=, read -r -a order <<<"$(scripts/cpu-order.sh)"
# CPUS=a,b,...: sweep on these CPUs only, in this order (k cores = the
# first k of them). Each must be one this process may run on.
if [ -n "${CPUS:-}" ]; then
	IFS=, read -r -a want <<<"$CPUS"
	[ "${#want[@]}" -gt 0 ] || die "CPUS=$CPUS: an empty list"
	printf -v allowed '%s,' "${order[@]}"
	allowed=${allowed%,}
	for c in "${want[@]}"; do
		if ! [[ $c =~ ^[0-9]+$ ]] || ! [[ ",$allowed," == *",$c,"* ]]; then
			die "CPUS=$CPUS: CPU $c is not one this sweep may use (allowed: $allowed)"
		fi
	done
	order=("${want[@]}")
fi
ncpu=${#order[@]}
printf -v cpu_list '%s,' "${order[@]}"
cpu_list=${cpu_list%,} # the CPUs in sweep order, comma-separated
# CORES=all or CORES=1,3,8: these core counts instead (checked before
# anything is written).
cores_given=""
if [ "${CORES:-}" = all ]; then
	for ((k = 1; k <= ncpu; k++)); do cores_given+=" $k"; done
elif [ -n "${CORES:-}" ]; then
	for k in ${CORES//,/ }; do
		if ! [[ $k =~ ^[0-9]+$ ]] || [ "$k" -lt 1 ] || [ "$k" -gt "$ncpu" ]; then
			die "CORES=$CORES: $k is not a core count from 1 to $ncpu (or say CORES=all)"
		fi
		cores_given+=" $k"
	done
fi
# Core counts for cpu and memory workloads (worker counts for io ones are
# the plan's): FULL every one; quick every one on up to 4 CPUs, and 2, 4
# ... N on more, but never the one core, which no verdict reads (C1 and C2
# are judged at the most cores, against the serial run, itself the
# one-core reference), unless the machine has only one.
if [ -n "$cores_given" ]; then
	cores=$cores_given
elif [ "$mode" = full ] || [ "$ncpu" -le 4 ]; then
	cores="" && for ((k = 1; k <= ncpu; k++)); do cores+=" $k"; done
else
	cores="" && for ((k = 1; k < ncpu; k *= 2)); do cores+=" $k"; done
	cores+=" $ncpu"
fi
if [ -z "$cores_given" ] && [ "$mode" = quick ] && [ "$ncpu" -gt 1 ]; then cores=${cores# 1}; fi
cores=${cores# } # "1 2 4 8"
[ -z "${HOSTS:-}" ] || [ -r "$HOSTS" ] || die "HOSTS=$HOSTS: no such readable hostfile"

# The Python arm's interpreters: PYTHON (python3; PYTHON= for none), and a
# free-threaded python3.14t or 3.13t where there is one. The interpreter
# itself, not a launcher in front of it: pyenv's shim, a shell script,
# costs 0.3 s a start on a small VM, which would be timed as Python's own
# start-up.
PYTHON=${PYTHON-python3}
interpreter() { "$1" -c 'import sys; print(sys.executable)' 2>/dev/null | grep . || echo "$1"; }
pythons=""
if [ -n "$PYTHON" ] && command -v "$PYTHON" >/dev/null; then
	pythons=$(interpreter "$PYTHON")
	for ft in python3.14t python3.13t; do
		if command -v "$ft" >/dev/null; then pythons+=",$(interpreter "$ft")"; break; fi
	done
elif [ -n "$PYTHON" ]; then
	echo "tvp: $PYTHON not found: the Python arm is skipped (install python3)"
fi
py=${pythons%%,*}

# The files workload reads a data set generated once, outside the results;
# the plan waits there too. Its name is known before it exists (never
# $(mktemp -d): a signal between mktemp's mkdir and the assignment would
# leave a folder that cleanup does not know of); mkdir refuses a name
# that is already there, so a stale one is never reused.
data=${TMPDIR:-/tmp}/tvp-sweep-data.$$.$RANDOM
mkdir -m 700 "$data" || die "cannot create the temp folder $data"
host=${HOSTNAME%%.*}
suffix=""
if [ "$mode" = full ]; then suffix=-full; fi
TZ=UTC0 printf -v today '%(%Y-%m-%d)T' -1
out=${RESULTS:-results/$host-$today$suffix}
# (a folder being resumed keeps the task sizes its rounds were measured
# with: plan.sh reads them from its raw/calibration.txt)
TVP_CALIBRATION=$out/raw/calibration.txt stage scripts/sweep/plan.sh "$mode" "$cpu_list" "$cores" "$data" "$pythons" "$data/plan"
mapfile -t plan <"$data/plan"

mkdir -p "$out/raw" || die "cannot create $out/raw"
[ -w "$out/raw" ] || die "$out/raw is not writable"
# what the plan sized to this machine, kept with the data it sized: the
# lines the folder lacks merged in (through a temp name, renamed whole)
if [ -f "$data/calibration.txt" ]; then
	{
		[ ! -f "$out/raw/calibration.txt" ] || cat "$out/raw/calibration.txt"
		while IFS= read -r line; do
			[ -f "$out/raw/calibration.txt" ] && grep -q "^${line%% *} " "$out/raw/calibration.txt" ||
				printf '%s\n' "$line"
		done <"$data/calibration.txt"
	} >"$out/raw/.calibration.txt.tmp" && mv "$out/raw/.calibration.txt.tmp" "$out/raw/calibration.txt"
fi
[ -f "$out/machine.json" ] || {
	TVP_BUDGET=$budget TVP_TARGET=$target PYTHON=$py \
		scripts/machine.sh "$mode" "$rounds" "$runs" "$warmup" "${CFLAGS_USED:-unknown}" "$repro" >"$out/.machine.json.tmp"
	mv "$out/.machine.json.tmp" "$out/machine.json"
}
# The CPUs' time by kind (steal among them) when the run began, and below
# when it ended: the report says what the hypervisor took meanwhile.
proc_stat() {
	local line lines=""
	while IFS= read -r line; do
		[[ $line != cpu* ]] || lines+=$line$'\n'
	done </proc/stat
	printf '%s' "$lines" >"$out/raw/.proc-stat.$1.tmp" && mv "$out/raw/.proc-stat.$1.tmp" "$out/raw/proc-stat.$1"
}
[ -f "$out/raw/proc-stat.start" ] || proc_stat start
# A resumed sweep keeps the seed it began with (its rounds' orders).
if [ -z "${SEED:-}" ] && [ -s "$out/raw/order.txt" ]; then read -r seed _ <"$out/raw/order.txt"; fi

# time_one ROUND LINE LABEL: one round of one configuration (time.sh);
# 0 when it ran, 10 when it was there already. A configuration pinned to
# one CPU (the CPU-bound serial runs and the 1-core points) runs in round
# r on the sweep's CPU (r-1) mod k: the vCPUs of one guest need not run
# at one speed (1.45x apart for an hour on a 2-vCPU EPYC guest, steal 0),
# and a baseline always on the first CPU would carry that CPU's speed
# into every speedup set against it.
time_one() {
	local rc=0 line=$2 id cpus cmd
	IFS='|' read -r id cpus cmd <<<"$line"
	if [[ $cpus =~ ^[0-9]+$ ]]; then line="$id|${order[($1 - 1) % ${#order[@]}]}|$cmd"; fi
	stage scripts/sweep/time.sh "$out" "$data" "$1" "$runs" "$warmup" "$3" "$line" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 10 ] || exit "$rc"
	return "$rc"
}
# A quiet machine before each stage (common.sh: await_quiet).
if [ "$mode" = full ]; then quiet_wait=${QUIET_WAIT:-120}; else quiet_wait=${QUIET_WAIT:-30}; fi
quiet_cpus=${QUIET_CPUS:-0.25}
[[ $quiet_wait =~ ^[0-9]+$ ]] || die "QUIET_WAIT=$quiet_wait: need whole seconds (0: do not wait)"
[[ $quiet_cpus =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "QUIET_CPUS=$quiet_cpus: need a number of CPUs, such as 0.25"
quiet() { await_quiet "$out" "$1" "$quiet_wait" "$quiet_cpus"; }

# The configurations a verdict reads (C1, C2: count and pycount; C3: sleep
# and pysleep): each workload's serial, and its threads and processes
# pools at the most cores or workers (the plan lists them ascending); and
# beside them OpenMP's at the most cores, the outside reference C's
# threads are checked against, as sure as they are (on 3 rounds, two of
# whose serial runs fell on the slower vCPU, run26 read it 2.26x on 2).
declare -A key_of=() # (empty where no workload runs: make claim C=5)
for w in count pycount sleep pysleep; do
	for line in "${plan[@]}"; do
		id=${line%%|*}
		case "$id" in
		"$w-serial") key_of[$id]=1 ;;
		"$w-threads-pool-"*) last_threads=$id ;;
		"$w-procs-pool-"*) last_procs=$id ;;
		"$w-openmp-pool-"*) last_openmp=$id ;;
		esac
	done
	[ -z "${last_threads:-}" ] || key_of[$last_threads]=1
	[ -z "${last_procs:-}" ] || key_of[$last_procs]=1
	[ -z "${last_openmp:-}" ] || key_of[$last_openmp]=1
	last_threads="" last_procs="" last_openmp=""
done

# in_order ROUND LINE...: the lines in the round's random order, into
# ordered: the workloads shuffled, and within each its lines (serial and
# configurations, back to back: their ratio is taken within the round).
in_order() {
	local round=$1 line w i j t
	shift
	RANDOM=$((seed + round))
	local -a ws=() group
	declare -A seen=()
	for line in "$@"; do
		w=${line%%|*} w=${w%%-*}
		[ -n "${seen[$w]:-}" ] || { seen[$w]=1; ws+=("$w"); }
	done
	for ((i = ${#ws[@]} - 1; i > 0; i--)); do
		j=$((RANDOM % (i + 1))) t=${ws[i]} ws[i]=${ws[j]} ws[j]=$t
	done
	ordered=()
	for w in "${ws[@]}"; do
		group=()
		for line in "$@"; do
			t=${line%%|*}
			[ "${t%%-*}" != "$w" ] || group+=("$line")
		done
		for ((i = ${#group[@]} - 1; i > 0; i--)); do
			j=$((RANDOM % (i + 1))) t=${group[i]} group[i]=${group[j]} group[j]=$t
		done
		ordered+=("${group[@]}")
	done
}
# note_order ROUND: the round's order into raw/order.txt (once a round,
# "SEED ROUND ID ID ...": a resumed sweep finds the line already there).
note_order() {
	local ids="" line
	for line in "${ordered[@]}"; do ids+=" ${line%%|*}"; done
	if [ -f "$out/raw/order.txt" ] && grep -q "^$seed $1 " "$out/raw/order.txt"; then return 0; fi
	{ [ ! -f "$out/raw/order.txt" ] || cat "$out/raw/order.txt"
		echo "$seed $1$ids"; } >"$out/raw/.order.tmp"
	mv "$out/raw/.order.tmp" "$out/raw/order.txt"
}

[ ${#plan[@]} -eq 0 ] || quiet rounds
total=0
for ((round = 1; round <= rounds; round++)); do for line in "${plan[@]}"; do
	[ "$round" -le "$rounds_all" ] || [ -n "${key_of[${line%%|*}]:-}" ] || continue
	total=$((total + 1))
done; done
i=0 done_here=0 start=$EPOCHSECONDS
echo "tvp: $mode sweep, ${#plan[@]} configurations x $rounds_all rounds ($rounds for the ${#key_of[@]} a verdict reads) x $runs runs, into $out"
for ((round = 1; round <= rounds; round++)); do
	set=()
	for line in "${plan[@]}"; do
		[ "$round" -le "$rounds_all" ] || [ -n "${key_of[${line%%|*}]:-}" ] || continue
		set+=("$line")
	done
	[ ${#set[@]} -gt 0 ] || continue
	in_order "$round" "${set[@]}"
	note_order "$round"
	for line in "${ordered[@]}"; do
		i=$((i + 1))
		time_one "$round" "$line" "[$i/$total] round $round" || continue
		done_here=$((done_here + 1))
		elapsed=$((EPOCHSECONDS - start))
		eta=$((elapsed * (total - i) / done_here))
		printf '  ETA %dm%02ds\n' $((eta / 60)) $((eta % 60))
	done
done
[ "$done_here" -eq 0 ] || took rounds "$start"

[ -n "${MICRO-x}" ] && quiet micro
t0=$EPOCHSECONDS
stage scripts/sweep/micro.sh "$out" "$mode" "$data" "${order[0]}" "$py"
[ -z "${MICRO-x}" ] || took micro "$t0"
if [ -z "${CLAIMS+set}" ] || [ -n "$CLAIMS" ]; then
	quiet claims
	t0=$EPOCHSECONDS
	stage scripts/sweep/claims.sh "$out" "$mode" "$ncpu" "$py"
	took claims "$t0"
fi
# The server models under load (C10): scripts/serve.sh drives
# bin/tvp-server with wrk and writes raw/server-load.jsonl,
# raw/server-crash.jsonl and raw/server-conns.jsonl (the last), each
# renamed into place when whole.
if [ -n "$run_server" ] && [ ! -f "$out/raw/server-conns.jsonl" ]; then
	quiet server
	# (the server's rounds are as before the sweep's rounds changed:
	# quick 2, FULL 5, or ROUNDS; its points' intervals need 6)
	server_rounds=${ROUNDS:-2}
	[ -n "${ROUNDS:-}" ] || [ "$mode" != full ] || server_rounds=5
	t0=$EPOCHSECONDS
	if ! stage scripts/serve.sh "$out" "$mode" "$server_rounds" "$cpu_list"; then
		echo "tvp: the server measurements failed (above); run them alone: scripts/serve.sh $out $mode 1 $cpu_list" >&2
		exit 1
	fi
	took server "$t0"
fi

# More rounds while the budget lasts, for the configurations whose figures
# are still wider than the target (tvp-report wide lists them, those that
# decide a claim first). Each pass is one new round: every one of them
# that fits before the deadline (which keeps REPORT_S for the report, none
# when no report is drawn) and has fewer than MAX_ROUNDS rounds, with its
# workload's serial, the other side of its ratio (the serial may so pass
# MAX_ROUNDS; no round is numbered past 64, the report's limit).
REPORT_S=20
[ "${REPORT:-1}" != 0 ] || REPORT_S=0
if [ "$budget" -gt 0 ] && [ ${#plan[@]} -gt 0 ]; then
	declare -A line_of
	for line in "${plan[@]}"; do line_of[${line%%|*}]=$line; done
	deadline=$((sweep_start + budget - REPORT_S))
	[ "$EPOCHSECONDS" -ge "$deadline" ] || quiet more-rounds
	round=$rounds
	while [ "$EPOCHSECONDS" -lt "$deadline" ]; do
		round=$((round + 1))
		[ "$round" -le 64 ] || break
		set=() planned=$EPOCHSECONDS
		declare -A in_set=() why=()
		# (tvp-report says each one's rounds so far and the seconds
		# one more round of it costs)
		while read -r id width have cost; do
			[ -n "${line_of[$id]:-}" ] || continue
			[ "$have" -lt "$max_rounds" ] || continue
			serial=${id%%-*}-serial
			if [ -z "${in_set[$serial]:-}" ] && [ -n "${line_of[$serial]:-}" ] && [ "$serial" != "$id" ]; then
				cost=$((cost * 2))
			fi
			[ $((planned + cost)) -le "$deadline" ] || continue
			planned=$((planned + cost))
			for x in "$id" "$serial"; do
				if [ -z "${line_of[$x]:-}" ] || [ -n "${in_set[$x]:-}" ]; then continue; fi
				in_set[$x]=1 why[$x]="±$width% > ±$target%"
				set+=("${line_of[$x]}")
			done
			[ "$serial" = "$id" ] || why[$serial]="the serial of $id"
		done < <(bin/tvp-report wide "$out" "$target" "$runs")
		unset in_set
		[ ${#set[@]} -gt 0 ] || break
		in_order "$round" "${set[@]}"
		note_order "$round"
		for line in "${ordered[@]}"; do
			time_one "$round" "$line" "[more] round $round: ${why[${line%%|*}]}" || continue
			echo
		done
	done
fi
proc_stat end
took sweep "$sweep_start"
echo "tvp: sweep complete in $((EPOCHSECONDS - sweep_start)) s: $out"
if [ "${REPORT:-1}" = 0 ]; then
	echo "tvp: REPORT=0: no report drawn; to draw it: make report RESULTS=$out"
	exit 0
fi
scripts/report.sh --publish "$out"
