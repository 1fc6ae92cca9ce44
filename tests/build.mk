# tests/build.mk: the test programs. Each tests/progs/NAME.c (or .cc) becomes build/tests/NAME.
# They are built without optimisation or inlining, so the call stacks their tests assert on
# are the ones written in the source. Tests link extra libraries through PROG_LIBS_<name>.

TEST_PROG_C  := $(wildcard tests/progs/*.c)
TEST_PROG_CC := $(wildcard tests/progs/*.cc)
TEST_PROGS   := $(patsubst tests/progs/%.c,$(BUILD)/tests/%,$(TEST_PROG_C)) \
                $(patsubst tests/progs/%.cc,$(BUILD)/tests/%,$(TEST_PROG_CC))
TEST_PROG_FLAGS := -O0 -g -fno-omit-frame-pointer -fno-inline -fno-optimize-sibling-calls -pthread

TEST_DEPS += $(TEST_PROGS)

$(BUILD)/tests/%: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(TEST_PROG_FLAGS) $(DEPFLAGS) -o $@ $< $(PROG_LIBS_$*) -ldl

$(BUILD)/tests/%: tests/progs/%.cc
	@mkdir -p $(@D)
	g++ -std=gnu++17 $(WARN) $(TEST_PROG_FLAGS) $(DEPFLAGS) -o $@ $< $(PROG_LIBS_$*) -ldl
