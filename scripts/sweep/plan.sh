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
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/sweep/common.sh
. scripts/sweep/common.sh
[ $# -eq 6 ] || die "usage: plan.sh MODE CPUS CORES DATA PYTHONS PLAN"
mode=$1 data=$4 plan_file=$6
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
# WORKLOAD KIND MODEL ROLE SCHEDULES LAUNCHER, one line per program
while read -r w k m r sc l; do
	if [ "$r" = baseline ]; then
		kind_of[$w]=$k
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

# Worker counts for io workloads (core counts for the others: CORES).
if [ "$mode" = full ]; then io_workers="1 2 4 8 16 32 64"; else io_workers="1 8 64"; fi
if [ "$mode" = full ]; then schedules="static per-task pool"; else schedules="pool"; fi
cpus_first() { local IFS=,; echo "${order[*]:0:$1}"; }

# The schedules of MODEL on a workload of KIND: quick runs the pool alone,
# FULL every schedule the model takes; the yardsticks (openmp, mpi) only on
# the CPU-bound workloads in quick, on every workload in FULL.
schedules_of() { # MODEL KIND
	local have=${sched_of[$1]}
	if [ "${role_of[$1]}" = yardstick ] && [ "$mode" = quick ] && [ "$2" != cpu ]; then return; fi
	for s in $schedules; do
		[[ ,$have, == *,"$s",* ]] && echo "$s"
	done
	return 0
}
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

plan=()
for w in "${workloads[@]}"; do
	# shellcheck disable=SC2207 # the arguments are plain words
	a=($(args_for "$w"))
	kind=${kind_of[$w]}
	if [ "$kind" = io ]; then
		plan+=("$w-serial|$(cpus_first "$ncpu")|bin/$w-serial ${a[*]}")
		for m in "${models[@]}"; do for s in $(schedules_of "$m" "$kind"); do for n in $io_workers; do
			plan+=("$w-$m-$s-w$(printf %02d "$n")|$(cpus_first "$ncpu")|$(command_of "$m" "$w" "$n" --schedule "$s" "${a[@]}")")
		done; done; done
	else
		plan+=("$w-serial|$(cpus_first 1)|bin/$w-serial --pin ${a[*]}")
		for m in "${models[@]}"; do for s in $(schedules_of "$m" "$kind"); do for k in "${cores[@]}"; do
			# quick: the yardsticks are compared at the most cores, so
			# their one-core runs (MPI's: a second of mpirun) are left out
			if [ "$mode" = quick ] && [ "$k" = 1 ] && [ "$ncpu" -gt 1 ] &&
				[ "${role_of[$m]}" = yardstick ]; then continue; fi
			plan+=("$w-$m-$s-c$(printf %02d "$k")|$(cpus_first "$k")|$(command_of "$m" "$w" "$k" --schedule "$s" --pin "${a[@]}")")
		done; done; done
	fi
done

# The Python arm: the seeds' own experiments, timed exactly like C.
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
if [ "$mode" = full ]; then py_sched="static per-task pool"; else py_sched="pool"; fi
for py in "${pythons[@]}"; do
	ft=""
	[[ $py == *t ]] && ft=ft
	pa=$(py_args_for "pycount$ft")
	plan+=("pycount$ft-serial|$(cpus_first 1)|$py bench/python/count.py --pin $pa")
	for m in threads procs; do for s in $py_sched $([ "$m" = procs ] && [ "$mode" = full ] && echo executor); do for k in "${cores[@]}"; do
		plan+=("pycount$ft-$m-$s-c$(printf %02d "$k")|$(cpus_first "$k")|$py bench/python/count.py --model $m --schedule $s --workers $k --pin $pa")
	done; done; done
	[ -n "$ft" ] && continue
	pa=$(py_args_for pysleep)
	plan+=("pysleep-serial|$(cpus_first "$ncpu")|$py bench/python/sleep.py $pa")
	for m in threads procs; do for n in $io_workers; do
		plan+=("pysleep-$m-pool-w$(printf %02d "$n")|$(cpus_first "$ncpu")|$py bench/python/sleep.py --model $m --workers $n $pa")
	done; done
done

if [ ${#plan[@]} -gt 0 ]; then printf '%s\n' "${plan[@]}"; fi >"$plan_file"
