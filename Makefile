# tvp - threads vs processes, measured.  `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
# Always on, whatever CFLAGS says: the language and the warnings.
TVP_CFLAGS := -std=c11 -Wall -Wextra -Werror -pthread -D_GNU_SOURCE -MMD -MP
LDLIBS  := -pthread -ljansson

BUILD := build
WORKLOADS := $(sort $(basename $(notdir $(wildcard bench/workloads/*.c))))
MODELS    := $(sort $(basename $(notdir $(wildcard bench/models/*.c))))
LIB_OBJ   := $(patsubst bench/%.c,$(BUILD)/%.o,\
	$(filter-out bench/lib/main.c bench/lib/glue.c,$(wildcard bench/lib/*.c)))
WL_OBJ    := $(WORKLOADS:%=$(BUILD)/workloads/%.o)
PROGS     := $(foreach w,$(WORKLOADS),$(foreach m,$(MODELS),bin/$(w)-$(m)))
TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))

.PHONY: all test deps help clean
.DEFAULT_GOAL := all

all: $(PROGS)

help:
	@echo "make              build every program into bin/ ($(words $(PROGS)) of them)"
	@echo "make test         install what is missing, build, run the cmocka tests"
	@echo "make deps         install the build and test dependencies (apt-get)"
	@echo "make clean        remove build/ and bin/"
	@echo "variables: CC CFLAGS LDFLAGS (e.g. make CC=clang CFLAGS='-O3 -g')"

$(BUILD)/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -c -o $@ $<

# One glue object per workload names the program's workload.
$(BUILD)/glue/%.o: bench/lib/glue.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -DTVP_WL=$* -c -o $@ $<

# bin/WORKLOAD-MODEL for every model file: adding a model is adding a file.
define model_rule
bin/%-$(1): $(BUILD)/workloads/%.o $(BUILD)/glue/%.o $(BUILD)/models/$(1).o \
		$(BUILD)/lib/main.o $(LIB_OBJ)
	@mkdir -p bin
	$$(CC) $$(TVP_CFLAGS) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach m,$(MODELS),$(eval $(call model_rule,$(m))))

# ---- tests ----
$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) -Ibench -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/util.o \
		$(WL_OBJ) $(LIB_OBJ)
	$(CC) $(TVP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

deps:
	@scripts/deps.sh test

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory all $(TESTS)
	@scripts/run-tests.sh $(TESTS)

clean:
	rm -rf $(BUILD) bin

.SECONDARY:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
