#!/usr/bin/env bash
# sweep.sh - time every configuration with hyperfine into a results folder.
#
# Environment (all optional; `make bench` passes them through):
#   FULL=1             every core count, every schedule, more runs
#   WORKLOADS=a,b      subset of workloads (default: all of bin/*-serial)
#   MODELS=threads     subset of the models (default: every bench/models/
#                      file but serial, the baseline, that can run here:
#                      mpi only where Open MPI is installed)
#   HOSTS=FILE         an Open MPI hostfile: the mpi model's ranks run there
#   CPUS=0,2,4         sweep on these CPUs only, in this order
#   CORES=all          every core count 1..N (quick: 1, 2, 4 ... N); or a list
#   RESULTS=DIR        results folder (default results/HOST-DATE[-full])
#   ROUNDS=N RUNS=N WARMUP=N   rounds, and timed and warm-up runs per round
#   ARGS_name="..."    the arguments for workload name (e.g. ARGS_primes="--n 1000000")
#   MICRO=a,b          subset of the micro-benchmarks (MICRO= for none)
#   CLAIMS=            skip the seeds' claim experiments (makespans, pools)
#   PYTHON=python3     the interpreter of the Python arm (PYTHON= for none);
#                      a free-threaded python3.13t/3.14t is added when found
#   MICRO_ARGS_name="..."  the arguments for micro-benchmark name
#   SERVER=            skip the server models under load (scripts/serve.sh)
#   SERVER_DURATION=S  seconds of load per point (quick 1, FULL 2)
#   SERVER_CLIENTS=1,8 client counts (quick 1,8,64,256; FULL 1,2,4...256)
#   REPORT=0           measure only: no report, so no gnuplot needed (for a
#                      headless machine; make report RESULTS=DIR draws it later)
#   BUDGET=S           seconds for the whole sweep (quick: 300; FULL or
#                      ROUNDS given: none): what is left after every
#                      stage goes to more rounds
#   TARGET=PCT         ... for the configurations whose median (or model's
#                      efficiency) is not yet known within +-PCT% (3)
#   MAX_ROUNDS=N       ... up to N rounds each (20; the report reads 64)
#
# The plan runs in rounds: every configuration once per round, a few runs
# each, so a shared machine's slow drift spreads over all configurations
# instead of biasing the ones that ran during it (A B C A B C ...). After
# the micro-benchmarks, the claims and the server, the time left in the
# budget buys more rounds, each over every configuration still wider than
# the target (those that decide a claim first), until all are within it
# or the budget is spent. Each
# configuration and round writes raw/ID.rN.out.json (the program's own
# result line) and raw/ID.rN.hyperfine.json (hyperfine's timings), each to
# a temp name then renamed: an interrupted sweep leaves no half file, and
# running it again skips what is done. A checksum that differs from serial
# stops the sweep.
set -euo pipefail
cd "$(dirname "$0")/.."

# The traps come first: a signal at any moment stops the sweep through
# on_signal, which leaves neither a temp file nor the data folder.
out="" data="" hf_pid=""
# Every temp name tvp writes ends in .tmp: none may outlive the sweep.
cleanup() {
	if [ -n "$data" ]; then rm -rf "$data"; fi
	if [ -n "$out" ] && [ -d "$out" ]; then find "$out" -name '*.tmp' -type f -delete 2>/dev/null || true; fi
}
# Is any process of session $1 still running (zombies aside)?
running_in_session() {
	awk -v sid="$1" '{ sub(/.*\) /, ""); if ($4 == sid && $1 != "Z") found = 1 }
		END { exit !found }' /proc/[0-9]*/stat 2>/dev/null
}
on_signal() {
	trap - INT TERM
	if [ -n "$hf_pid" ]; then
		kill -TERM -- "-$hf_pid" 2>/dev/null || kill -TERM "$hf_pid" 2>/dev/null || true
		wait "$hf_pid" 2>/dev/null || true
		# hyperfine does not wait for the program it times: wait until its
		# whole group (the program, its workers) is gone, at most 5 s.
		for _ in $(seq 50); do running_in_session "$hf_pid" || break; sleep 0.1; done
		kill -KILL -- "-$hf_pid" 2>/dev/null || true
	fi
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

die() { echo "tvp: $*" >&2; exit 2; }

# The command that reproduces this run: make bench and the knobs given
# (read before the script gives any of them a default).
repro="make bench"
# shellcheck disable=SC2046 # variable names are single words
for v in FULL WORKLOADS MODELS HOSTS CPUS CORES ROUNDS RUNS WARMUP MICRO CLAIMS PYTHON \
	SERVER SERVER_DURATION SERVER_CLIENTS BUDGET TARGET MAX_ROUNDS $(compgen -v ARGS_ || true) $(compgen -v MICRO_ARGS_ || true); do
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
# Quick: two rounds, then the budget decides how many more each needs.
if [ "$mode" = full ]; then rounds=${ROUNDS:-5}; else rounds=${ROUNDS:-2}; fi
# Quick: no warm-up run (it cost a sixth of the budget); the median of
# every round's runs absorbs a first, colder run. FULL warms up once.
runs=${RUNS:-2} warmup=${WARMUP:-1}
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
if ! [[ $target =~ ^[0-9]+([.][0-9]+)?$ ]] || ! awk -v t="$target" 'BEGIN { exit !(t > 0) }'; then die "TARGET=$target: need a percentage above 0"; fi
if ! [[ $max_rounds =~ ^[0-9]+$ ]] || [ "$max_rounds" -lt 1 ] || [ "$max_rounds" -gt 64 ]; then
	die "MAX_ROUNDS=$max_rounds: need a whole number from 1 to 64"
fi
sweep_start=$(date +%s)

# The programs say what they are (--describe): workloads and models are
# found here, never listed, so a new file in bench/workloads/ or
# bench/models/ is swept. Each workload's serial program gives its kind;
# the first workload's programs give every model (the Makefile builds each
# model for every workload) with its role, schedules and launcher.
declare -A kind_of_wl role_of sched_of launcher_of
all_workloads="" all_models=""
describe_all() {
	local first="" f
	for f in bin/*-serial; do
		[ -n "$first" ] || first=${f%-serial}
		"$f" --describe || return 1
	done
	[ -n "$first" ] || return 0
	for f in "$first"-*; do
		[ "$f" = "$first-serial" ] || "$f" --describe || return 1
	done
}
catalog=$(describe_all | bin/tvp-report describe) || die "the programs cannot describe themselves (run: make)"
[ -n "$catalog" ] || die "no programs in bin/ (run: make)"
# WORKLOAD KIND MODEL ROLE SCHEDULES LAUNCHER, one line per program
while read -r w k m r sc l; do
	if [ "$r" = baseline ]; then
		kind_of_wl[$w]=$k
		all_workloads+=${all_workloads:+,}$w
	else
		role_of[$m]=$r sched_of[$m]=$sc launcher_of[$m]=$l
	fi
done <<<"$catalog"
# the compared models first, then the yardsticks
for r in model yardstick; do
	for m in $(printf '%s\n' "${!role_of[@]}" | sort); do
		[ "${role_of[$m]}" != "$r" ] || all_models+=${all_models:+,}$m
	done
done
# WORKLOADS= (set, empty): no workload, e.g. for the server alone.
IFS=, read -r -a workloads <<<"${WORKLOADS-$all_workloads}"
# A model with a launcher (mpi: mpirun) runs where its launcher can: the
# sweep tries it once and, by default, leaves the model out if it cannot.
launcher_fails() { # MODEL: what the launcher said, if it failed
	local m=$1 l=${launcher_of[$1]} w=${all_workloads%%,*} msg
	[ "$l" != - ] || return 1
	if msg=$("$l" 1 "bin/$w-$m" --describe 2>&1 >/dev/null); then return 1; fi
	msg=${msg##*$'\n'}
	echo "${msg#tvp: }"
}
models_given=${MODELS:-}
if [ -z "$models_given" ]; then
	for m in ${all_models//,/ }; do
		if why=$(launcher_fails "$m"); then
			echo "tvp: the $m model is skipped: ${why:-its launcher ${launcher_of[$m]} failed}"
			continue
		fi
		models_given+=${models_given:+,}$m
	done
	IFS=, read -r -a models <<<"$models_given"
	models_given=""
else
	IFS=, read -r -a models <<<"$models_given"
fi
for w in "${workloads[@]}"; do
	[ -n "${kind_of_wl[$w]:-}" ] || die "unknown workload '$w' (known: $all_workloads)"
done
for m in "${models[@]}"; do
	[ -n "${role_of[$m]:-}" ] || die "unknown model '$m' (known: $all_models)"
	if [ -n "$models_given" ] && why=$(launcher_fails "$m"); then
		die "MODELS=$m: ${why:-its launcher ${launcher_of[$m]} failed}"
	fi
done
[ -z "${HOSTS:-}" ] || [ -r "$HOSTS" ] || die "HOSTS=$HOSTS: no such readable hostfile"

IFS=, read -r -a order <<<"$(scripts/cpu-order.sh)"
# CPUS=a,b,...: sweep on these CPUs only, in this order (k cores = the
# first k of them). Each must be one this process may run on.
if [ -n "${CPUS:-}" ]; then
	IFS=, read -r -a want <<<"$CPUS"
	[ "${#want[@]}" -gt 0 ] || die "CPUS=$CPUS: an empty list"
	allowed=$(IFS=,; echo "${order[*]}")
	for c in "${want[@]}"; do
		if ! [[ $c =~ ^[0-9]+$ ]] || ! [[ ",$allowed," == *",$c,"* ]]; then
			die "CPUS=$CPUS: CPU $c is not one this sweep may use (allowed: $allowed)"
		fi
	done
	order=("${want[@]}")
fi
ncpu=${#order[@]}
# CORES=all or CORES=1,3,8: these core counts instead (checked before
# anything is written).
cores_given=""
if [ "${CORES:-}" = all ]; then
	cores_given=$(seq 1 "$ncpu")
elif [ -n "${CORES:-}" ]; then
	for k in ${CORES//,/ }; do
		if ! [[ $k =~ ^[0-9]+$ ]] || [ "$k" -lt 1 ] || [ "$k" -gt "$ncpu" ]; then
			die "CORES=$CORES: $k is not a core count from 1 to $ncpu (or say CORES=all)"
		fi
		cores_given+=" $k"
	done
fi
host=$(hostname -s 2>/dev/null || hostname)
suffix=""
if [ "$mode" = full ]; then suffix=-full; fi
out=${RESULTS:-results/$host-$(date -u +%Y-%m-%d)$suffix}
mkdir -p "$out/raw" || die "cannot create $out/raw"
[ -w "$out/raw" ] || die "$out/raw is not writable"

# The files workload reads a data set generated once, outside the results.
data=$(mktemp -d "${TMPDIR:-/tmp}/tvp-sweep-data.XXXXXX")

# Workload arguments: the same for every model, so checksums compare.
args_for() {
	local override="ARGS_$1"
	if [ -n "${!override+set}" ]; then echo "${!override}"; return; fi
	case "$1:$mode" in
	sleep:quick | net:quick) echo "--tasks 64 --ms 10" ;;
	sleep:full | net:full) echo "--tasks 128 --ms 20" ;;
	files:quick) echo "--tasks 64 --size 256 --cold --dir $data" ;;
	files:full) echo "--tasks 128 --size 1024 --cold --dir $data" ;;
	# Quick: about half a second of serial work each (FULL: the programs'
	# defaults, about one second), and stream's arrays at 3 x 64 MiB,
	# still far beyond a laptop's last-level cache.
	count:quick) echo "--n 35000000" ;;
	primes:quick) echo "--n 4000000" ;;
	mandel:quick) echo "--max-iter 1000" ;;
	stream:quick) echo "--size 64" ;;
	*) echo "" ;;
	esac
}
kind_of() { echo "${kind_of_wl[$1]}"; }

# Core counts for cpu and memory workloads; worker counts for io ones.
if [ "$mode" = full ] || [ "$ncpu" -le 4 ]; then
	cores=$(seq 1 "$ncpu")
else
	cores=$(k=1; while [ $k -lt "$ncpu" ]; do echo $k; k=$((k * 2)); done; echo "$ncpu")
fi
[ -z "$cores_given" ] || cores=$cores_given
if [ "$mode" = full ]; then io_workers="1 2 4 8 16 32 64"; else io_workers="1 8 64"; fi
if [ "$mode" = full ]; then schedules="static per-task pool"; else schedules="pool"; fi
# "primes-threads-pool-c02" -> "primes threads pool k=2"
label_of() {
	local id=$1 n
	case "$id" in
	*-serial) echo "${id%-serial} serial" ;;
	*-c[0-9]*) n=${id##*-c}; echo "$(tr - ' ' <<<"${id%-c*}") k=$((10#$n))" ;;
	*-w[0-9]*) n=${id##*-w}; echo "$(tr - ' ' <<<"${id%-w*}") workers=$((10#$n))" ;;
	esac
}
cpus_first() { local IFS=,; echo "${order[*]:0:$1}"; }

# The schedules of MODEL on a workload of KIND: quick runs the pool alone,
# FULL every schedule the model takes; the yardsticks (openmp, mpi) only on
# the CPU-bound workloads in quick, on every workload in FULL.
schedules_of() { # MODEL KIND
	local have=${sched_of[$1]} role=${role_of[$1]}
	if [ "$role" = yardstick ] && [ "$mode" = quick ] && [ "$2" != cpu ]; then return; fi
	for s in $schedules; do
		[[ ,$have, == *,"$s",* ]] && echo "$s"
	done
	return 0
}
is_yardstick() { [ "${role_of[$1]}" = yardstick ]; }
# The command of one configuration: MODEL WORKLOAD WORKERS ARGS... (a
# model's launcher, mpi's mpirun, starts its workers)
command_of() {
	local m=$1 w=$2 n=$3 l=${launcher_of[$1]}
	shift 3
	if [ "$l" != - ]; then
		echo "$l $n bin/$w-$m --workers $n $*"
	else
		echo "bin/$w-$m --workers $n $*"
	fi
}

# The plan: one line per configuration: id|cpus|command...
plan=()
for w in "${workloads[@]}"; do
	# shellcheck disable=SC2207 # the arguments are plain words
	a=($(args_for "$w"))
	kind=$(kind_of "$w")
	if [ "$kind" = io ]; then
		plan+=("$w-serial|$(cpus_first "$ncpu")|bin/$w-serial ${a[*]}")
		for m in "${models[@]}"; do for s in $(schedules_of "$m" "$kind"); do for n in $io_workers; do
			plan+=("$w-$m-$s-w$(printf %02d "$n")|$(cpus_first "$ncpu")|$(command_of "$m" "$w" "$n" --schedule "$s" "${a[@]}")")
		done; done; done
	else
		plan+=("$w-serial|$(cpus_first 1)|bin/$w-serial --pin ${a[*]}")
		for m in "${models[@]}"; do for s in $(schedules_of "$m" "$kind"); do for k in $cores; do
			# quick: the yardsticks are compared at the most cores, so
			# their one-core runs (MPI's: a second of mpirun) are left out
			if [ "$mode" = quick ] && [ "$k" = 1 ] && [ "$ncpu" -gt 1 ] &&
				is_yardstick "$m"; then continue; fi
			plan+=("$w-$m-$s-c$(printf %02d "$k")|$(cpus_first "$k")|$(command_of "$m" "$w" "$k" --schedule "$s" --pin "${a[@]}")")
		done; done; done
	fi
done

# The Python arm: the seeds' own experiments, timed exactly like C.
PYTHON=${PYTHON-python3}
py_args_for() {
	local override="ARGS_$1"
	if [ -n "${!override+set}" ]; then echo "${!override}"; return; fi
	case "$1:$mode" in
	pycount*:quick) echo "--n 300000" ;;
	pycount*:full) echo "--n 1000000" ;;
	pysleep:quick) echo "--tasks 32 --ms 10" ;;
	pysleep:full) echo "--tasks 128 --ms 20" ;;
	esac
}
# The interpreter itself, not a launcher in front of it: pyenv's shim, a
# shell script, costs 0.3 s a start on a small VM, which would be timed as
# Python's own start-up.
interpreter() { "$1" -c 'import sys; print(sys.executable)' 2>/dev/null | grep . || echo "$1"; }
pythons=()
if [ -n "$PYTHON" ] && command -v "$PYTHON" >/dev/null; then
	pythons+=("$(interpreter "$PYTHON")")
	for ft in python3.14t python3.13t; do
		if command -v "$ft" >/dev/null; then pythons+=("$(interpreter "$ft")"); break; fi
	done
elif [ -n "$PYTHON" ]; then
	echo "tvp: $PYTHON not found: the Python arm is skipped (install python3)"
fi
if [ "$mode" = full ]; then py_sched="static per-task pool"; else py_sched="pool"; fi
for py in "${pythons[@]}"; do
	ft=""
	[[ $py == *t ]] && ft=ft
	pa=$(py_args_for "pycount$ft")
	plan+=("pycount$ft-serial|$(cpus_first 1)|$py bench/python/count.py --pin $pa")
	for m in threads procs; do for s in $py_sched $([ "$m" = procs ] && [ "$mode" = full ] && echo executor); do for k in $cores; do
		plan+=("pycount$ft-$m-$s-c$(printf %02d "$k")|$(cpus_first "$k")|$py bench/python/count.py --model $m --schedule $s --workers $k --pin $pa")
	done; done; done
	[ -n "$ft" ] && continue
	pa=$(py_args_for pysleep)
	plan+=("pysleep-serial|$(cpus_first "$ncpu")|$py bench/python/sleep.py $pa")
	for m in threads procs; do for n in $io_workers; do
		plan+=("pysleep-$m-pool-w$(printf %02d "$n")|$(cpus_first "$ncpu")|$py bench/python/sleep.py --model $m --workers $n $pa")
	done; done
done

[ -f "$out/machine.json" ] || {
	TVP_BUDGET=$budget TVP_TARGET=$target \
		scripts/machine.sh "$mode" "$rounds" "$runs" "$warmup" "${CFLAGS_USED:-unknown}" "$repro" >"$out/.machine.json.tmp"
	mv "$out/.machine.json.tmp" "$out/machine.json"
}
# The CPUs' time by kind (steal among them) when the run began, and below
# when it ended: the report says what the hypervisor took meanwhile.
proc_stat() { grep '^cpu' /proc/stat >"$out/raw/.proc-stat.$1.tmp" && mv "$out/raw/.proc-stat.$1.tmp" "$out/raw/proc-stat.$1"; }
[ -f "$out/raw/proc-stat.start" ] || proc_stat start

# check ID HYPERFINE OUT: read a configuration's checksum, median and CV
# (into median and cv, for the progress line); stop on a mismatch.
declare -A serial_sum
median="" cv=""
check() {
	local id=$1 w=${1%%-*} sum
	read -r sum median cv <<<"$(bin/tvp-report point "$2" "$3")"
	if [[ $id == *-serial ]]; then
		serial_sum[$w]=$sum
	elif [ -n "${serial_sum[$w]:-}" ] && [ "$sum" != "${serial_sum[$w]}" ]; then
		echo "CHECKSUM MISMATCH" >&2
		echo "tvp: $id printed checksum $sum, $w-serial printed ${serial_sum[$w]}: a model is wrong; $id is not kept" >&2
		exit 1
	fi
}

# time_round ROUND LINE LABEL: one round of one configuration (its
# warm-up runs in round 1 only), into raw/ID.rROUND.*; returns 1 when the
# files were there already (a resumed sweep), 0 when it ran.
time_round() {
	local round=$1 id cpus cmd h o ht ot wu free_kib err
	IFS='|' read -r id cpus cmd <<<"$2"
	h="$out/raw/$id.r$round.hyperfine.json" o="$out/raw/$id.r$round.out.json"
	if [ -f "$h" ] && [ -f "$o" ]; then
		check "$id" "$h" "$o"
		return 1
	fi
	printf '%s: %s ... ' "$3" "$(label_of "$id")"
	ht="$out/raw/.$id.r$round.hyperfine.tmp" ot="$out/raw/.$id.r$round.out.tmp"
	# Warm-up runs in the first round only: later rounds find the
	# program and its files in the page cache already.
	wu=$warmup
	[ "$round" -eq 1 ] || wu=0
	setsid hyperfine -N --style none --warmup "$wu" --runs "$runs" \
		--export-json "$ht" --output "$ot" --command-name "$id" \
		"taskset -c $cpus $cmd --json" 2>"$data/hyperfine.err" &
	hf_pid=$!
	if ! wait "$hf_pid"; then
		hf_pid=""
		echo "FAILED"
		cat "$data/hyperfine.err" >&2
		# Often the cause is the results folder itself (a full disk).
		free_kib=$(df -Pk "$out/raw" 2>/dev/null | awk 'NR == 2 { print $4 }')
		if ! err=$({ head -c 65536 /dev/zero >"$out/raw/.probe.tmp"; } 2>&1) ||
			[ "${free_kib:-1024}" -lt 1024 ]; then
			rm -f "$out/raw/.probe.tmp"
			die "cannot write to $out/raw: No space left on device (${free_kib:-?} KiB free)${err:+: ${err##*: }}"
		fi
		rm -f "$out/raw/.probe.tmp"
		echo "tvp: $id failed; run it by hand to see why: taskset -c $cpus $cmd" >&2
		exit 1
	fi
	hf_pid=""
	check "$id" "$ht" "$ot"
	mv "$ot" "$o"
	mv "$ht" "$h"
	return 0
}

total=$((${#plan[@]} * rounds)) i=0 done_here=0 start=$(date +%s)
echo "tvp: $mode sweep, ${#plan[@]} configurations x $rounds rounds x $runs runs, into $out"
for round in $(seq "$rounds"); do for line in "${plan[@]}"; do
	i=$((i + 1))
	time_round "$round" "$line" "[$i/$total] round $round" || continue
	done_here=$((done_here + 1))
	elapsed=$(($(date +%s) - start))
	eta=$((elapsed * (total - i) / done_here))
	printf '%.3f s ±%.1f%%  ETA %dm%02ds\n' "$median" "$cv" $((eta / 60)) $((eta % 60))
done; done
# The micro-benchmarks time themselves (one calibrated loop, median of
# repetitions); each writes raw/micro-NAME.jsonl, one point per line.
micro_args() {
	local override="MICRO_ARGS_$1"
	if [ -n "${!override+set}" ]; then echo "${!override}"; return; fi
	case "$1:$mode" in
	spawn:quick) echo "--rss-mib 0,64,512 --min-ms 20" ;;
	spawn:full) echo "--rss-mib 0,64,512,2048" ;;
	ipc:quick) echo "--sizes 8,4096,262144,1048576 --min-ms 10" ;;
	footprint:quick) echo "--workers 1,4,16 --buffer-mib 64" ;;
	footprint:full) echo "--workers 1,4,16,64 --buffer-mib 256" ;;
	oversub:quick) echo "--n 300000000 --reps 5 --min-ms 10" ;;
	pyspawn:quick) echo "--min-ms 30" ;;
	pyrace:quick) echo "--n 100000" ;;
	pyipc:quick) echo "--sizes 8,4096,262144 --min-ms 30" ;;
	pyipc:full) echo "--sizes 8,512,4096,32768,262144,1048576" ;;
	py*) echo "" ;;
	*:quick) echo "--min-ms 20" ;;
	*) echo "" ;;
	esac
}
IFS=, read -r -a micros <<<"${MICRO-spawn,footprint,ipc,ctxsw,race,oversub}"
micro_cmds=()
for name in "${micros[@]}"; do
	[ -n "$name" ] || continue
	[ -x "bin/$name" ] || die "unknown micro-benchmark '$name' (spawn,footprint,ipc,ctxsw,race,oversub)"
	# shellcheck disable=SC2046 # the arguments are plain words
	micro_cmds+=("$name|bin/$name $(micro_args "$name")")
	# its Python counterpart, where the seeds have one
	case "$name" in spawn | ipc | race)
		for py in "${pythons[@]:0:1}"; do
			micro_cmds+=("py$name|$py bench/python/$name.py $(micro_args "py$name")")
		done ;;
	esac
done
for entry in "${micro_cmds[@]}"; do
	name=${entry%%|*}
	f="$out/raw/micro-$name.jsonl"
	[ -f "$f" ] && continue
	printf '[micro] %s ... ' "$name"
	t0=$(date +%s)
	# shellcheck disable=SC2086 # the command is plain words
	setsid ${entry#*|} --json >"$out/raw/.micro-$name.tmp" 2>"$data/micro.err" &
	hf_pid=$!
	if ! wait "$hf_pid"; then
		hf_pid=""
		echo "FAILED"
		cat "$data/micro.err" >&2
		exit 1
	fi
	hf_pid=""
	mv "$out/raw/.micro-$name.tmp" "$f"
	echo "$(wc -l <"$f") points in $(($(date +%s) - t0)) s"
done

# The seeds' own experiments for the claims, each run a few times, the
# programs' JSON lines kept: C3's Pool(5) makespans (30 x t and 10 x 2t;
# the seeds used t = 1 s, quick runs scale it down) and C6's per-task vs
# pool on many small tasks.
claims_run() { # NAME COMMAND...: append three runs' lines to claims-NAME
	local f="$out/raw/claims-$1.jsonl" tmp="$out/raw/.claims-$1.tmp"
	shift
	for _ in 1 2 3; do "$@" --json; done >>"$tmp"
}
if [ -z "${CLAIMS+set}" ] || [ -n "$CLAIMS" ]; then
	if [ "$mode" = full ]; then t=1000; else t=100; fi
	f="$out/raw/claims-makespan.jsonl"
	if [ ! -f "$f" ]; then
		printf '[claims] Pool(5) makespans ... '
		rm -f "$out/raw/.claims-makespan.tmp"
		for spec in "30 $t" "10 $((2 * t))"; do
			read -r tasks ms <<<"$spec"
			for m in threads procs; do
				claims_run makespan "bin/sleep-$m" --workers 5 --tasks "$tasks" --ms "$ms"
				for py in "${pythons[@]:0:1}"; do
					claims_run makespan "$py" bench/python/sleep.py --model "$m" --workers 5 --tasks "$tasks" --ms "$ms"
				done
			done
		done
		mv "$out/raw/.claims-makespan.tmp" "$f"
		echo "done"
	fi
	f="$out/raw/claims-pool.jsonl"
	if [ ! -f "$f" ]; then
		printf '[claims] per-task vs pool, many small tasks ... '
		rm -f "$out/raw/.claims-pool.tmp"
		# quick: a quarter of the tasks (a fork with its exit and wait
		# costs 2 ms on some VMs, a Python Process 30 ms)
		ct=2000 pt=200
		if [ "$mode" = quick ]; then ct=500 pt=50; fi
		for m in threads procs; do for s in per-task pool; do
			claims_run pool "bin/count-$m" --schedule "$s" --workers "$ncpu" --tasks "$ct" --n 20000
			for py in "${pythons[@]:0:1}"; do
				claims_run pool "$py" bench/python/count.py --model "$m" --schedule "$s" --workers "$ncpu" --tasks "$pt" --n 2000
			done
		done; done
		mv "$out/raw/.claims-pool.tmp" "$f"
		echo "done"
	fi
fi

# The server models under load (C10): scripts/serve.sh drives
# bin/tvp-server with wrk and writes raw/server-load.jsonl and
# raw/server-crash.jsonl, each renamed into place when whole.
if [ -n "$run_server" ] && [ ! -f "$out/raw/server-crash.jsonl" ]; then
	setsid scripts/serve.sh "$out" "$mode" "$rounds" "$(IFS=,; echo "${order[*]}")" &
	hf_pid=$!
	if ! wait "$hf_pid"; then
		hf_pid=""
		echo "tvp: the server measurements failed (above); run them alone: scripts/serve.sh $out $mode 1 $(IFS=,; echo "${order[*]}")" >&2
		exit 1
	fi
	hf_pid=""
fi

# An established tool measuring what ctxsw measures, in the same run:
# perf bench sched pipe, a pipe round trip between two processes (-T:
# threads), both on the first CPU. Optional: without perf it is skipped.
ref="$out/raw/reference-perf-pipe.txt"
if [ ${#micros[@]} -gt 0 ] && [ ! -f "$ref" ] && command -v perf >/dev/null &&
	perf bench sched pipe -l 10 >/dev/null 2>&1; then
	printf '[reference] perf bench sched pipe ... '
	{
		echo "== tvp: process"
		taskset -c "${order[0]}" perf bench sched pipe -l 200000
		echo "== tvp: thread"
		taskset -c "${order[0]}" perf bench sched pipe -T -l 200000
	} >"$out/raw/.reference.tmp" 2>&1
	mv "$out/raw/.reference.tmp" "$ref"
	echo "done"
elif ! command -v perf >/dev/null; then
	echo "tvp: perf is not installed; the ctxsw cross-check is skipped (apt-get install linux-perf)"
fi
# More rounds while the budget lasts, for the configurations whose figures
# are still wider than the target (tvp-report wide lists them, those that
# decide a claim first). Each pass runs every one of them once that fits
# before the deadline, which keeps REPORT_S for the report (none when no
# report is drawn), and none beyond MAX_ROUNDS rounds.
REPORT_S=20
[ "${REPORT:-1}" != 0 ] || REPORT_S=0
if [ "$budget" -gt 0 ] && [ ${#plan[@]} -gt 0 ]; then
	declare -A line_of
	for line in "${plan[@]}"; do line_of[${line%%|*}]=$line; done
	deadline=$((sweep_start + budget - REPORT_S))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		ran=0
		while read -r id width med; do
			[ -n "${line_of[$id]:-}" ] || continue
			# its cost: the runs, and a little for starting them
			cost=$(awk -v m="$med" -v r="$runs" 'BEGIN { printf "%d", m * r * 1.2 + 1 }')
			[ $(($(date +%s) + cost)) -le "$deadline" ] || continue
			r=$(find "$out/raw" -maxdepth 1 -name "$id.r*.out.json" | sed 's/.*\.r\([0-9]*\)\.out\.json$/\1/' | sort -n | tail -n1)
			r=$((${r:-0} + 1))
			[ "$r" -le "$max_rounds" ] || continue
			time_round "$r" "${line_of[$id]}" "[more] ±$width% > ±$target%, round $r" || continue
			printf '%.3f s ±%.1f%%\n' "$median" "$cv"
			ran=1
		done < <(bin/tvp-report wide "$out" "$target")
		[ "$ran" = 1 ] || break
	done
fi
proc_stat end
echo "tvp: sweep complete in $(($(date +%s) - sweep_start)) s: $out"
if [ "${REPORT:-1}" = 0 ]; then
	echo "tvp: REPORT=0: no report drawn; to draw it: make report RESULTS=$out"
	exit 0
fi
scripts/report.sh --publish "$out"
