# bench/build.mk: `make bench`'s programs, built into build/bench/. Each bench/workloads/NAME.c
# becomes build/bench/NAME and is measured by bench/run.sh; dump_pause is run on its own; measure
# is the runner that times them. Workloads are built like ordinary release code (-O2 -g, no
# forced frame pointers) because that is what the profiler meets in real programs.

BENCH_WORKLOADS := $(patsubst bench/workloads/%.c,$(BUILD)/bench/%,$(wildcard bench/workloads/*.c))
BENCH_FLAGS     := $(CSTD) $(WARN) $(OPT) $(DEPFLAGS) -pthread
BENCH_LIBS_tls_handshake := -lssl -lcrypto

BENCH_DEPS += $(BENCH_WORKLOADS) $(BUILD)/bench/dump_pause $(BUILD)/bench/measure

$(BUILD)/bench/workload.o: bench/workload.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_FLAGS) -c -o $@ $<

$(BUILD)/bench/%: bench/workloads/%.c $(BUILD)/bench/workload.o
	@mkdir -p $(@D)
	$(CC) $(BENCH_FLAGS) -o $@ $< $(BUILD)/bench/workload.o $(BENCH_LIBS_$*)

$(BUILD)/bench/dump_pause: bench/dump_pause.c $(BUILD)/bench/workload.o
	@mkdir -p $(@D)
	$(CC) $(BENCH_FLAGS) -o $@ $< $(BUILD)/bench/workload.o

$(BUILD)/bench/measure: bench/measure.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_FLAGS) -o $@ $<
