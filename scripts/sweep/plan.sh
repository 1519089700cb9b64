#!/usr/bin/env bash
# plan.sh MODE CPUS CORES DATA PYTHONS PLAN - the sweep's plan: which
# configurations to time, written to the file PLAN, one per line:
#
#   ID|CPUS|COMMAND        e.g. count-threads-pool-c02|0,1|bin/count-threads ...
#
# MODE quick|full; CPUS the CPUs in sweep order (k cores = the first k);
# CORES the core counts, space-separated; DATA the folder the files
# workload keeps its data set in; PYTHONS the interpreters of the Python
# arm, comma-separated (none: empty). The user's knobs come from the
# environment: WORKLOADS, MODELS, ARGS_name.
#
# Workloads and models are found, never listed: each program says what it
# is (--describe), so a new file in bench/workloads/ or bench/models/ is
# planned without a line here. An unknown workload or model: one line,
# exit 2.
set -euo pipefail
cd "${0%/*}/../.." 2>/dev/null || cd ../.. # (no dirname: a process a start)
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh
[ $# -eq 6 ] || die "usage: plan.sh MODE CPUS CORES DATA PYTHONS PLAN"
mode=$1 cpu_list=$2 data=$4 plan_file=$6
IFS=, read -r -a order <<<"$2"
read -r -a cores <<<"$3"
IFS=, read -r -a pythons <<<"$5"
ncpu=${#order[@]}

# Each workload's serial program gives its kind; the first workload's
# programs give every model (the Makefile builds each model for every
# workload) with its role, schedules and launcher.
declare -A kind_of role_of sched_of launcher_of
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
# WORKLOAD KIND MODEL ROLE SCHEDULES LAUNCHER|QUICK|FULL|SCRATCH|SWEEP|CAL,
# one line per program: the workload's own sweep arguments (its sizes live
# in its file, bench/workloads/NAME.c), "dir" when it takes a scratch
# folder, "full" when no verdict of the quick sweep reads it, and KNOB:MS
# when its KNOB is sized to this machine (calibrated, below)
declare -A quick_of full_of scratch_of cal_of
quick_workloads=""
while IFS='|' read -r words q f scr sweep cal; do
	read -r w k m r sc l <<<"$words"
	if [ "$r" = baseline ]; then
		kind_of[$w]=$k quick_of[$w]=$q full_of[$w]=$f scratch_of[$w]=$scr cal_of[$w]=$cal
		all_workloads+=${all_workloads:+,}$w
		[ "$sweep" = full ] || quick_workloads+=${quick_workloads:+,}$w
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
# WORKLOADS= (set, empty): no workload, e.g. for the server alone. Not
# set: quick sweeps what a verdict reads (the budget goes to its rounds),
# FULL every workload.
default_workloads=$all_workloads
[ "$mode" = full ] || default_workloads=$quick_workloads
IFS=, read -r -a workloads <<<"${WORKLOADS-$default_workloads}"
for w in "${workloads[@]}"; do
	[ -n "${kind_of[$w]:-}" ] || die "unknown workload '$w' (known: $all_workloads)"
done

# A model with a launcher (mpi: mpirun) runs where its launcher can: it is
# tried once and, by default, left out if it cannot; asked for by name, it
# is an error.
launcher_fails() { # MODEL: what the launcher said, if it failed
	local m=$1 l=${launcher_of[$1]} w=${all_workloads%%,*} msg
	[ "$l" != - ] || return 1
	if msg=$("$l" 1 "bin/$w-$m" --describe 2>&1 >/dev/null); then return 1; fi
	msg=${msg##*$'\n'}
	echo "${msg#tvp: }"
}
models=()
if [ -z "${MODELS:-}" ]; then
	for m in ${all_models//,/ }; do
		# quick: no yardstick that needs a launcher (mpirun starts in
		# about a second a run; MODELS=mpi or FULL=1 runs it)
		if [ "$mode" = quick ] && [ "${role_of[$m]}" = yardstick ] &&
			[ "${launcher_of[$m]}" != - ]; then continue; fi
		if why=$(launcher_fails "$m"); then
			echo "tvp: the $m model is skipped: ${why:-its launcher ${launcher_of[$m]} failed}"
			continue
		fi
		models+=("$m")
	done
else
	IFS=, read -r -a models <<<"$MODELS"
	for m in "${models[@]}"; do
		[ -n "${role_of[$m]:-}" ] || die "unknown model '$m' (known: $all_models)"
		if why=$(launcher_fails "$m"); then
			die "MODELS=$m: ${why:-its launcher ${launcher_of[$m]} failed}"
		fi
	done
fi

# (The helpers below set variables rather than print: on a VM where a
# process costs milliseconds, a $(...) per plan line was most of the
# plan's time.)
# A workload whose tasks grow with one knob (count: n) has it sized to
# this machine, so that a task lasts the same milliseconds of CPU on a
# fast machine as on a slow one (C1/C2's quarter second of work a
# worker): the program's --calibrate-ms, pinned in turn to the sweep's
# CPUs, once a folder. Its line (NAME JSON) is kept: read from
# $TVP_CALIBRATION when the sweep resumes a folder that has one (its
# rounds keep their sizes); a folder with rounds of NAME but no line
# (measured before sizes were kept) gives back the size its first serial
# round ran with; else it is measured here. Every line the plan used goes
# beside the plan, and the sweep merges the folder's missing ones in
# (raw/calibration.txt).
calibrated() { # NAME KNOB:MS COMMAND...: the knob's value in $cal_value
	local name=$1 knob=${2%%:*} ms=${2#*:} line="" raw="" ran
	shift 2
	if [ -n "${TVP_CALIBRATION:-}" ]; then
		raw=${TVP_CALIBRATION%/*}
		[ ! -f "$TVP_CALIBRATION" ] || line=$(grep -m1 "^$name " "$TVP_CALIBRATION" || true)
	fi
	ran="$raw/$name-serial.r1.out.json"
	if [ -z "$line" ] && [ -n "$raw" ] && [ -f "$ran" ]; then
		cal_value=$(bin/tvp-json get "$knob" <"$ran") ||
			die "$name: $ran says no $knob; resume it with ARGS_$name"
		line="$name {\"calibrated\":\"$knob\",\"value\":$cal_value,\"from\":\"$name-serial.r1.out.json\"}"
	fi
	if [ -z "$line" ]; then
		line="$name $(taskset -c "$cpu_list" "$@" --pin --calibrate-ms "$ms")" ||
			die "$name cannot size its tasks (--calibrate-ms $ms)"
	fi
	printf '%s\n' "$line" >>"${plan_file%/*}/calibration.txt"
	cal_value=$(bin/tvp-json get value <<<"${line#* }") ||
		die "$name: no value in its calibration: ${line#* }"
}
# --KNOB's value in $args set to VALUE (added where absent)
set_knob() { # KNOB VALUE
	local i found=""
	local -a a
	read -r -a a <<<"$args" # (its words, none globbed)
	for ((i = 0; i < ${#a[@]} - 1; i++)); do
		[ "${a[i]}" != "--$1" ] || { a[i + 1]=$2 found=1; }
	done
	[ -n "$found" ] || a+=("--$1" "$2")
	args=${a[*]}
}

# Workload arguments: the same for every model, so checksums compare.
args_for() { # WORKLOAD: its arguments in $args
	local override="ARGS_$1"
	if [ -n "${!override+set}" ]; then args=${!override}; return; fi
	# (the workloads' own: quick, about half a second of serial work
	# each; FULL, mostly the programs' defaults, about one second)
	if [ "$mode" = full ]; then args=${full_of[$1]}; else args=${quick_of[$1]}; fi
	if [ "${cal_of[$1]:--}" != - ]; then
		calibrated "$1" "${cal_of[$1]}" "bin/$1-serial"
		set_knob "${cal_of[$1]%%:*}" "$cal_value"
	fi
	[ -z "${scratch_of[$1]}" ] || args+=" --${scratch_of[$1]} $data"
}

# Worker counts for io workloads (core counts for the others: CORES).
# (quick: no single worker, which is the serial run again, and no verdict
# reads it)
if [ "$mode" = full ]; then io_workers="1 2 4 8 16 32 64"; else io_workers="8 64"; fi
# ... and in FULL 256 for a workload given a number of tasks per worker:
# with enough tasks for each, many waiting workers are where threads and
# processes part (C3). (Not in quick: 256 Python processes take seconds
# to start on a 2-vCPU machine, a run of them most of the budget.)
io_workers_for() { # ARGS...: the worker counts in $ws
	ws=$io_workers
	[ "$mode" = full ] || return 0
	[[ " $* " != *" --tasks-per-worker "* ]] || ws+=" 256"
}
if [ "$mode" = full ]; then schedules="static per-task pool"; else schedules="pool"; fi
# first[k]: the first k CPUs, comma-separated
first=()
for ((k = 1; k <= ncpu; k++)); do
	printf -v first[k] '%s,' "${order[@]:0:k}"
	first[k]=${first[k]%,}
done

# The schedules of MODEL on a workload of KIND: quick runs the pool alone,
# FULL every schedule the model takes; the yardsticks (openmp, mpi) only on
# the CPU-bound workloads in quick, on every workload in FULL.
schedules_of() { # MODEL KIND: them in the array scheds
	local have=${sched_of[$1]} s
	scheds=()
	if [ "${role_of[$1]}" = yardstick ] && [ "$mode" = quick ] && [ "$2" != cpu ]; then return 0; fi
	for s in $schedules; do
		[[ ,$have, != *,"$s",* ]] || scheds+=("$s")
	done
}
# The plan line of one configuration: ID CPUS MODEL WORKLOAD WORKERS
# ARGS..., added to plan (a model's launcher, mpi's mpirun, starts its
# workers)
add_line() {
	local id=$1 cpus=$2 m=$3 w=$4 n=$5 l=${launcher_of[$3]}
	shift 5
	if [ "$l" != - ]; then
		plan+=("$id|$cpus|$l $n bin/$w-$m --workers $n $*")
	else
		plan+=("$id|$cpus|bin/$w-$m --workers $n $*")
	fi
}

plan=()
for w in "${workloads[@]}"; do
	args_for "$w"
	read -r -a a <<<"$args" # (its words, none globbed)
	kind=${kind_of[$w]}
	if [ "$kind" = io ]; then
		plan+=("$w-serial|${first[ncpu]}|bin/$w-serial ${a[*]}")
		for m in "${models[@]}"; do
			schedules_of "$m" "$kind"
			io_workers_for "${a[@]}"
			for s in "${scheds[@]}"; do for n in $ws; do
				printf -v id '%s-%s-%s-w%02d' "$w" "$m" "$s" "$n"
				add_line "$id" "${first[ncpu]}" "$m" "$w" "$n" --schedule "$s" "${a[@]}"
			done; done
		done
	else
		plan+=("$w-serial|${first[1]}|bin/$w-serial --pin ${a[*]}")
		for m in "${models[@]}"; do
			schedules_of "$m" "$kind"
			for s in "${scheds[@]}"; do for k in "${cores[@]}"; do
				# quick: the yardsticks are compared at the most cores,
				# so their one-core runs (MPI's: a second of mpirun)
				# are left out
				if [ "$mode" = quick ] && [ "$k" = 1 ] && [ "$ncpu" -gt 1 ] &&
					[ "${role_of[$m]}" = yardstick ]; then continue; fi
				printf -v id '%s-%s-%s-c%02d' "$w" "$m" "$s" "$k"
				add_line "$id" "${first[k]}" "$m" "$w" "$k" --schedule "$s" --pin "${a[@]}"
			done; done
		done
	fi
done

# The Python arm: the seeds' own experiments, timed exactly like C. Their
# sweep arguments are theirs too (--describe, once, with the first
# interpreter); pycountft, the free-threaded build's, takes pycount's.
declare -A py_quick py_full py_cal
if [ ${#pythons[@]} -gt 0 ]; then
	py_catalog=$({ "${pythons[0]}" bench/python/count.py --describe &&
		"${pythons[0]}" bench/python/sleep.py --describe; } | bin/tvp-report describe) ||
		die "the Python programs cannot describe themselves (${pythons[0]})"
	while IFS='|' read -r _ name q f cal; do
		[ -n "$name" ] || continue
		py_quick[$name]=$q py_full[$name]=$f py_cal[$name]=$cal
	done <<<"$py_catalog"
fi
py_args_for() { # NAME INTERPRETER: its arguments in $args
	local override="ARGS_$1" name=${1%ft}
	if [ -n "${!override+set}" ]; then args=${!override}; return; fi
	if [ "$mode" = full ]; then args=${py_full[$name]-}; else args=${py_quick[$name]-}; fi
	if [ "${py_cal[$name]:--}" != - ]; then
		calibrated "$1" "${py_cal[$name]}" "$2" "bench/python/${name#py}.py"
		set_knob "${py_cal[$name]%%:*}" "$cal_value"
	fi
}
if [ "$mode" = full ]; then py_sched="static per-task pool"; else py_sched="pool"; fi
for py in "${pythons[@]}"; do
	ft=""
	[[ $py == *t ]] && ft=ft
	py_args_for "pycount$ft" "$py"
	plan+=("pycount$ft-serial|${first[1]}|$py bench/python/count.py --pin $args")
	for m in threads procs; do
		ss=$py_sched
		[ "$m" != procs ] || [ "$mode" != full ] || ss+=" executor"
		for s in $ss; do for k in "${cores[@]}"; do
			printf -v id 'pycount%s-%s-%s-c%02d' "$ft" "$m" "$s" "$k"
			plan+=("$id|${first[k]}|$py bench/python/count.py --model $m --schedule $s --workers $k --pin $args")
		done; done
	done
	[ -n "$ft" ] && continue
	py_args_for pysleep "$py"
	plan+=("pysleep-serial|${first[ncpu]}|$py bench/python/sleep.py $args")
	io_workers_for "$args"
	for m in threads procs; do for n in $ws; do
		printf -v id 'pysleep-%s-pool-w%02d' "$m" "$n"
		plan+=("$id|${first[ncpu]}|$py bench/python/sleep.py --model $m --workers $n $args")
	done; done
done

if [ ${#plan[@]} -gt 0 ]; then printf '%s\n' "${plan[@]}"; fi >"$plan_file"
