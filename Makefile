# tvp - threads vs processes, measured.  `make help` lists the targets.

# No built-in rules: their "%: %.o" would try to "remake" the dependency
# files build/**/*.d from objects that do not exist.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
# Always on, whatever CFLAGS says: the language and the warnings.
TVP_CFLAGS := -std=c11 -Wall -Wextra -Werror -pthread -D_GNU_SOURCE -MMD -MP
LDLIBS  := -pthread -ljansson
REPORT_LIBS := -ljansson -lgsl -lgslcblas -lm

BUILD := build

# A bare `make` on a machine without the build's libraries stops at once
# with one line naming the command that installs them (make test and make
# bench run it themselves), not at the first #include of jansson.h.
ifneq ($(filter all,$(or $(MAKECMDGOALS),all)),)
ifneq ($(shell $(CC) -E -include jansson.h -include gsl/gsl_statistics.h -x c /dev/null >/dev/null 2>&1 && echo yes),yes)
$(error tvp: the build needs libjansson-dev and libgsl-dev, which are missing; run: make deps)
endif
endif
WL_NAMES  := $(sort $(basename $(notdir $(wildcard bench/workloads/*.c))))
MODEL_NAMES := $(sort $(basename $(notdir $(wildcard bench/models/*.c))))
# The OpenMP model needs gcc's libgomp; the MPI model Open MPI's mpicc,
# without which it is left out (scripts/deps.sh installs it).
MODEL_FLAGS_openmp := -fopenmp
MODEL_LIBS_openmp := -fopenmp
ifneq ($(shell mpicc --showme:version >/dev/null 2>&1 && echo yes),yes)
MODEL_NAMES := $(filter-out mpi,$(MODEL_NAMES))
else
MODEL_FLAGS_mpi := $(shell mpicc --showme:compile)
MODEL_LIBS_mpi := $(shell mpicc --showme:link)
endif
LIB_OBJ   := $(patsubst bench/%.c,$(BUILD)/%.o,\
	$(filter-out bench/lib/main.c bench/lib/glue.c bench/lib/args.c,\
	$(wildcard bench/lib/*.c)))
WL_OBJ    := $(WL_NAMES:%=$(BUILD)/workloads/%.o)
PROGS     := $(foreach w,$(WL_NAMES),$(foreach m,$(MODEL_NAMES),bin/$(w)-$(m)))
# make test: everything but the fault injection, which make check-faults
# runs (minutes: 50 killed workers, 20 interrupted sweeps); CI runs both.
ALL_TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))
FAULT_TESTS := $(BUILD)/tests/test_faults
# run-tests.sh starts them in this order, JOBS at a time: the slowest first
# (sweeps, mpirun, a server under load), so that none of them starts late
# and holds up the end; any other test_*.c follows.
SLOW_TESTS := $(patsubst %,$(BUILD)/tests/test_%,sweep mpirun server serve yardsticks python demo programs)
TESTS     := $(foreach t,$(SLOW_TESTS),$(filter $(t),$(ALL_TESTS))) \
	$(filter-out $(FAULT_TESTS) $(SLOW_TESTS),$(ALL_TESTS))
REPORT_OBJ := $(patsubst scripts/report/%.c,$(BUILD)/report/%.o,\
	$(filter-out scripts/report/main.c,$(wildcard scripts/report/*.c)))
TOOLS     := bin/tvp-report bin/tvp-json
MICRO_NAMES := $(filter-out micro,$(basename $(notdir $(wildcard bench/micro/*.c))))
MICRO_BIN := $(MICRO_NAMES:%=bin/%)
# The server (bench/server/): one program, four models chosen by --model.
SERVER_OBJ := $(patsubst bench/%.c,$(BUILD)/%.o,$(wildcard bench/server/*.c))

.PHONY: all test deps help clean bench report demo compare check-asan check-tsan \
	check-faults check-regen claim lint format fuzz fuzz-short page
.DEFAULT_GOAL := all

all: $(PROGS) $(TOOLS) $(MICRO_BIN) bin/tvp-server bin/tvp-hold bin/tvp-rate \
	bin/tvp-footprint

help:
	@echo "make              build every program into bin/ ($(words $(PROGS)) of them)"
	@echo "make test         install what is missing, build, run the cmocka tests"
	@echo "make bench        the quick sweep (minutes): results/HOST-DATE/, RESULTS.md"
	@echo "make bench FULL=1 every core count and schedule, more runs"
	@echo "  narrow it:      WORKLOADS=primes,sleep MODELS=threads RUNS=10 RESULTS=dir"
	@echo "make demo         the classroom demonstration, live in the terminal (90 s)"
	@echo "make claim C=N    one claim's experiments at quick sizes, its card in the terminal (C=5)"
	@echo "make report       redraw RESULTS.md from the published results folders"
	@echo "make page         look at RESULTS.md as a reader would: rendered at a laptop's width, tables measured"
	@echo "make report RESULTS=results/X   regenerate X's tables and plots from raw data"
	@echo "make compare A=results/X B=results/Y   two machines or runs, configuration by configuration"
	@echo "make deps         install the build and test dependencies (apt-get)"
	@echo "make check-regen  regenerate every committed results folder: fails if any output differs"
	@echo "make check-faults inject faults: killed workers, interrupted sweeps, full disks..."
	@echo "make check-asan   all the tests on an AddressSanitizer+UBSan build (a copy in build/)"
	@echo "make check-tsan   the tests on a ThreadSanitizer build"
	@echo "make lint         clang-format, cppcheck, clang-tidy, shellcheck (.ci/ configs)"
	@echo "make format       rewrite the C files in the project's style"
	@echo "make fuzz         fuzz the parsers for 10 minutes (FUZZ_SECONDS=N); fuzz-short: 60 s"
	@echo "make clean        remove build/ and bin/"
	@echo "variables: CC CFLAGS LDFLAGS (e.g. make CC=clang CFLAGS='-O3 -g')"

$(BUILD)/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/models/%.o: bench/models/%.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(MODEL_FLAGS_$*) -c -o $@ $<

# One glue object per workload names the program's workload.
$(BUILD)/glue/%.o: bench/lib/glue.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -DTVP_WL=$* -c -o $@ $<

# bin/WORKLOAD-MODEL for every model file: adding a model is adding a file.
define model_rule
bin/%-$(1): $(BUILD)/workloads/%.o $(BUILD)/glue/%.o $(BUILD)/models/$(1).o \
		$(BUILD)/lib/main.o $(BUILD)/lib/args.o $(LIB_OBJ)
	@mkdir -p bin
	$$(CC) $$(TVP_CFLAGS) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS) \
		$$(MODEL_LIBS_$(1))
endef
$(foreach m,$(MODEL_NAMES),$(eval $(call model_rule,$(m))))

# ---- micro-benchmarks: bin/NAME from bench/micro/NAME.c ----
$(MICRO_BIN): bin/%: $(BUILD)/micro/%.o $(BUILD)/micro/micro.o $(LIB_OBJ) \
		$(BUILD)/workloads/count.o
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lrt

# ---- the server: its parser, its loop, the primes kernel for its work ----
bin/tvp-server: $(SERVER_OBJ) $(LIB_OBJ) $(BUILD)/workloads/primes.o
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- the load tools (bench/load/): idle connections, a fixed rate, a
# server's footprint ----
bin/tvp-hold: $(BUILD)/load/hold.o $(BUILD)/load/load.o $(LIB_OBJ)
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/tvp-rate: $(BUILD)/load/rate.o $(BUILD)/load/load.o $(LIB_OBJ)
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/tvp-footprint: $(BUILD)/load/footprint.o $(BUILD)/load/load.o $(LIB_OBJ)
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- the report: statistics in C on GSL, JSON through jansson ----
$(BUILD)/report/%.o: scripts/report/%.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -c -o $@ $<

bin/tvp-report: $(BUILD)/report/main.o $(REPORT_OBJ)
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(REPORT_LIBS)

# ---- the scripts' JSON, written and read through jansson ----
$(BUILD)/json.o: scripts/json.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -c -o $@ $<

bin/tvp-json: $(BUILD)/json.o
	@mkdir -p bin
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ -ljansson

# ---- tests ----
$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -Ibench -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/util.o \
		$(WL_OBJ) $(LIB_OBJ) $(REPORT_OBJ) $(BUILD)/server/http.o
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) \
		$(REPORT_LIBS) -lcmocka

deps:
	@scripts/deps.sh test

# The build runs on every CPU, and so do the tests (scripts/run-tests.sh).
NPROC := $(shell nproc 2>/dev/null || echo 2)

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(NPROC) all $(TESTS)
	@scripts/run-tests.sh $(TESTS)

# exec: the SIGTERM that make passes on to its recipe reaches the sweep
# itself, not a shell between them that would die and leave it running.
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@exec env CFLAGS_USED='$(TVP_CFLAGS) $(CFLAGS)' \
		CC_USED="$$($(CC) --version | head -n1)" scripts/sweep.sh

demo:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@exec scripts/demo.sh

compare: bin/tvp-report
	@exec scripts/compare.sh "$(A)" "$(B)" $(OUT)

check-faults:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory -j$(NPROC) all $(FAULT_TESTS)
	@JOBS=1 scripts/run-tests.sh $(FAULT_TESTS)

check-asan check-tsan:
	@scripts/deps.sh test
	@scripts/check.sh $(@:check-%=%)

lint: all
	@scripts/deps.sh check
	@scripts/lint.sh

format:
	@scripts/deps.sh check
	clang-format --style=file:.ci/clang-format -i \
		$$(git ls-files --cached --others --exclude-standard '*.c' '*.h')

fuzz:
	@scripts/deps.sh check
	@scripts/fuzz.sh $(or $(FUZZ_SECONDS),600)

fuzz-short:
	@scripts/deps.sh check
	@FUZZ_GROW=0 scripts/fuzz.sh 60

# RESULTS.md as a reader sees it: rendered, opened at a laptop's width,
# every table measured against the text column (scripts/page.sh)
# One claim's experiments at quick sizes, and its card (make claim C=5).
claim: all
	@scripts/deps.sh bench
	@scripts/claim.sh $(C)

# Every committed folder and RESULTS.md regenerated: fails on any change.
check-regen: bin/tvp-report
	@scripts/deps.sh bench
	@scripts/check-regen.sh

page:
	@scripts/deps.sh page
	@scripts/page.sh

report: bin/tvp-report
	@scripts/report.sh $(or $(RESULTS),$(addprefix results/,$(shell cat results/published 2>/dev/null)))

clean:
	rm -rf $(BUILD) bin

.SECONDARY:
$(BUILD)/%.d: ;
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
