# analyze/build.mk: the `heapwatch` command (build/heapwatch), its sanitized twin for the tests
# (build/heapwatch-asan), the dump-parser fuzz target (`make fuzz`) and corpus replayer, and install.

ANALYZE_SRCS      := $(wildcard analyze/*.c)
ANALYZE_CFLAGS     = $(CSTD) $(WARN) $(DEPFLAGS) -Ianalyze
ANALYZE_OBJS      := $(patsubst analyze/%.c,$(BUILD)/analyze/%.o,$(ANALYZE_SRCS))
ANALYZE_ASAN_OBJS := $(patsubst analyze/%.c,$(BUILD)/analyze-asan/%.o,$(ANALYZE_SRCS))
# What the fuzz target and the corpus replayer need: the dump and series parsers alone.
ANALYZE_PARSER_SRCS := $(addprefix analyze/,dump_parse.c series_parse.c record.c read_file.c error.c)
ANALYZE_PARSER_ASAN_OBJS := $(patsubst analyze/%.c,$(BUILD)/analyze-asan/%.o,$(ANALYZE_PARSER_SRCS))

ALL       += $(BUILD)/heapwatch
TEST_DEPS += $(BUILD)/heapwatch-asan $(BUILD)/analyze/fuzz-replay

$(BUILD)/analyze/%.o: analyze/%.c
	@mkdir -p $(@D)
	$(CC) $(ANALYZE_CFLAGS) $(OPT) -c -o $@ $<

$(BUILD)/analyze-asan/%.o: analyze/%.c
	@mkdir -p $(@D)
	$(CC) $(ANALYZE_CFLAGS) -O1 -g $(SANITIZE) -c -o $@ $<

# `heapwatch run` falls back to $(PREFIX)/lib/libheapwatch.so: run_locate.c is rebuilt whenever PREFIX
# differs from the last build's (the stamp file only changes then).
ANALYZE_PREFIX_STAMP := $(BUILD)/analyze/prefix.txt
.PHONY: analyze-prefix-check
analyze-prefix-check:
$(ANALYZE_PREFIX_STAMP): analyze-prefix-check
	@mkdir -p $(@D)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/analyze/run_locate.o $(BUILD)/analyze-asan/run_locate.o: $(ANALYZE_PREFIX_STAMP)
$(BUILD)/analyze/run_locate.o $(BUILD)/analyze-asan/run_locate.o: ANALYZE_CFLAGS += -DHW_PREFIX='"$(PREFIX)"'

$(BUILD)/heapwatch: $(ANALYZE_OBJS)
	$(CC) $(OPT) -o $@ $^ -lm

$(BUILD)/heapwatch-asan: $(ANALYZE_ASAN_OBJS)
	$(CC) -O1 -g $(SANITIZE) -o $@ $^ -lm

# Runs every file given on its command line through the dump and series parsers (tests/analyze/corpus).
$(BUILD)/analyze/fuzz-replay: analyze/fuzz/replay_main.c analyze/fuzz/fuzz_dump.c $(ANALYZE_PARSER_ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -Ianalyze -O1 -g $(SANITIZE) -o $@ $^ -lm

# libFuzzer on the parsers for at most FUZZ_SECONDS, seeded with the corpus and the sample dumps.
# New crashers land in build/fuzz/artifacts: add them to tests/analyze/corpus once fixed.
FUZZ_SECONDS ?= 60
$(BUILD)/fuzz/fuzz-dump: analyze/fuzz/fuzz_dump.c $(ANALYZE_PARSER_SRCS)
	@mkdir -p $(@D)
	clang $(CSTD) $(WARN) -Ianalyze -O1 -g -fsanitize=fuzzer,address,undefined -o $@ $^ -lm

fuzz: $(BUILD)/fuzz/fuzz-dump
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/artifacts
	@cp tests/analyze/corpus/* tests/analyze/data/*.txt tests/analyze/data/series/* $(BUILD)/fuzz/corpus/
	$(BUILD)/fuzz/fuzz-dump -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=5 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/ $(BUILD)/fuzz/corpus

INSTALL_TARGETS += install-heapwatch
.PHONY: install-heapwatch
install-heapwatch: $(BUILD)/heapwatch $(BUILD)/libheapwatch.so
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/heapwatch $(DESTDIR)$(PREFIX)/bin/heapwatch
	install -m 644 $(BUILD)/libheapwatch.so $(DESTDIR)$(PREFIX)/lib/libheapwatch.so
	install -m 644 docs/heapwatch.1 $(DESTDIR)$(PREFIX)/share/man/man1/heapwatch.1
