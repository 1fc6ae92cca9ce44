# heapwatch: top-level build.
# Each part of the tree contributes its own targets through its build.mk, so the layout of
# this Makefile mirrors the layout of the project: preload/ (the library), analyze/ (the
# command), demo_server/ and demo_client/ (the demo), tests/ and bench/.

BUILD    := build
PREFIX   ?= /usr/local
CC       := gcc
CSTD     := -std=gnu11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror
OPT      := -O2 -g
DEPFLAGS  = -MMD -MP
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.DEFAULT_GOAL := all

# Filled in by the build.mk files.
ALL        :=
TEST_DEPS  :=
BENCH_DEPS :=
INSTALL_TARGETS :=

include preload/build.mk
include analyze/build.mk
include demo_server/build.mk
include demo_client/build.mk
include tests/build.mk
include bench/build.mk

.PHONY: all test demo bench stress fuzz install clean deps lint

all: $(ALL)

# Installs missing Debian packages when run as root, or says the one command to run.
deps:
	@scripts/install-deps.sh

test: deps
	@$(MAKE) --no-print-directory all $(TEST_DEPS)
	@tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

# The long stress cases (tests/stress at a larger scale), bounded to 10 minutes.
stress: deps
	@$(MAKE) --no-print-directory all $(TEST_DEPS)
	@tests/stress/run-long.sh

bench: deps
	@scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory all $(BENCH_DEPS)
	@bench/run.sh

# Static analysis of every C file: cppcheck, then clang-tidy with the checks in .clang-tidy.
LINT_DIRS := preload analyze demo_server demo_server/common demo_client bench bench/workloads
lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	    --suppress=missingIncludeSystem --inline-suppr -D_GNU_SOURCE -D__x86_64__ \
	    $(addprefix -I,$(LINT_DIRS)) $(LINT_DIRS)
	clang-tidy --quiet $(foreach d,$(LINT_DIRS),$(wildcard $(d)/*.c)) -- $(CSTD) \
	    $(addprefix -I,$(LINT_DIRS))

install: all $(INSTALL_TARGETS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
