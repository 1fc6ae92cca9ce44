# preload/build.mk: libheapwatch.so, the LD_PRELOAD library.
# Everything is hidden except the interposed entry points (marked EXPORT in the sources);
# TLS is initial-exec so that touching it can never call malloc.

PRELOAD_SRC := $(wildcard preload/*.c)
PRELOAD_OBJ := $(patsubst preload/%.c,$(BUILD)/preload/%.o,$(PRELOAD_SRC))
PRELOAD_CFLAGS := $(CSTD) $(WARN) $(OPT) -fPIC -fvisibility=hidden -ftls-model=initial-exec -pthread
PRELOAD_LIBS := -lunwind -ldw -lelf -ldl -lm -pthread

ALL += $(BUILD)/libheapwatch.so

$(BUILD)/libheapwatch.so: $(PRELOAD_OBJ)
	$(CC) -shared -o $@ $^ -Wl,--no-undefined -Wl,-z,now $(PRELOAD_LIBS)

$(BUILD)/preload/%.o: preload/%.c
	@mkdir -p $(@D)
	$(CC) $(PRELOAD_CFLAGS) $(DEPFLAGS) -c -o $@ $<
