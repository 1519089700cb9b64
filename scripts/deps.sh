#!/usr/bin/env bash
# deps.sh test|bench|demo|check|page - install what tvp needs on
# Debian/Ubuntu, or say in one line exactly what to run. Installs only what
# is missing. test, bench, demo: the build, the test libraries and the
# tools the sweep runs (the tests run the sweep too); check: the static
# checks and the fuzzer (make lint, make fuzz); page: pandoc and Chromium,
# to look at RESULTS.md as a reader would (make page).
set -euo pipefail

want=${1:-test}
pkgs=()

have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_header() {
	printf '#include <%s>\n' "$1" | "${CC:-cc}" -E -x c - >/dev/null 2>&1
}
need_cmd() { have_cmd "$1" || pkgs+=("$2"); }
need_header() { have_header "$1" || pkgs+=("$2"); }

need_cmd make make
need_cmd "${CC:-cc}" gcc
need_header cmocka.h libcmocka-dev
need_header jansson.h libjansson-dev
need_header gsl/gsl_statistics.h libgsl-dev
if [ "$want" = page ]; then
	need_cmd pandoc pandoc
	have_cmd chromium || have_cmd chromium-browser || pkgs+=(chromium)
elif [ "$want" = check ]; then
	need_cmd cppcheck cppcheck
	need_cmd clang-tidy clang-tidy
	need_cmd clang-format clang-format
	need_cmd shellcheck shellcheck
	need_cmd clang clang
	# libFuzzer ships in clang's runtime package of the same version.
	if have_cmd clang && ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; return (int)n * 0; }' |
		clang -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
		v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
		pkgs+=("libclang-rt-${v:-14}-dev")
	fi
else
	# bench, demo and test alike: the tests run the sweep, the demo and
	# the server under load, and skip nothing for want of a tool
	need_cmd hyperfine hyperfine
	need_cmd gnuplot gnuplot-nox
	need_cmd taskset util-linux
	need_cmd wrk wrk
	need_cmd python3 python3
fi

# Optional: Open MPI for the mpi model. If it cannot be installed, the
# build and the sweep leave that one model out and say so.
optional=()
have_cmd mpicc && have_cmd mpirun || optional=(openmpi-bin libopenmpi-dev)
if [ "${#pkgs[@]}" -eq 0 ] && [ "${#optional[@]}" -gt 0 ]; then
	if have_cmd apt-get && { [ "$(id -u)" -eq 0 ] || have_cmd sudo; }; then
		s=()
		[ "$(id -u)" -eq 0 ] || s=(sudo)
		echo "tvp: installing ${optional[*]} (for the mpi model)" >&2
		if ! { "${s[@]}" apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive "${s[@]}" apt-get install -y -qq \
				--no-install-recommends "${optional[@]}"; } >&2; then
			echo "tvp: could not install ${optional[*]}: the mpi model is left out" >&2
		fi
	else
		echo "tvp: Open MPI is missing, so the mpi model is left out; to add it run: sudo apt-get install -y ${optional[*]}" >&2
	fi
	exit 0
fi
pkgs+=("${optional[@]}")
[ "${#pkgs[@]}" -eq 0 ] && exit 0

if ! have_cmd apt-get; then
	echo "tvp: missing ${pkgs[*]}; install these packages with your system's package manager" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif have_cmd sudo; then
	sudo=(sudo)
else
	echo "tvp: missing ${pkgs[*]}; as root run: apt-get update && apt-get install -y ${pkgs[*]}" >&2
	exit 1
fi
echo "tvp: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -qq &&
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } >&2; then
	echo "tvp: could not install ${pkgs[*]}; run: sudo apt-get update && sudo apt-get install -y ${pkgs[*]}" >&2
	exit 1
fi
