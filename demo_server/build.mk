# demo_server/build.mk: the demo HTTPS server, build/demo_server, and the same server built with
# AddressSanitizer and UBSan for the tests, build/demo_server-asan. The helpers in
# demo_server/common/ (event loop, deadlines, HTTP head parsing, ...) are shared with
# demo_client, whose build.mk uses the object rules defined here.

DEMO_CFLAGS     := $(CSTD) $(WARN) $(OPT) -Idemo_server/common
DEMO_LIBS       := -lssl -lcrypto
DEMO_OBJ        := $(BUILD)/demo-obj
DEMO_ASAN_OBJ   := $(BUILD)/demo-obj-asan
DEMO_COMMON_SRC := $(wildcard demo_server/common/*.c)
DEMO_SERVER_SRC := $(wildcard demo_server/*.c) $(DEMO_COMMON_SRC)

ALL       += $(BUILD)/demo_server
TEST_DEPS += $(BUILD)/demo_server-asan

$(DEMO_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(DEMO_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(DEMO_ASAN_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(DEMO_CFLAGS) $(SANITIZE) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/demo_server: $(DEMO_SERVER_SRC:%.c=$(DEMO_OBJ)/%.o)
	$(CC) $(OPT) -o $@ $^ $(DEMO_LIBS)

$(BUILD)/demo_server-asan: $(DEMO_SERVER_SRC:%.c=$(DEMO_ASAN_OBJ)/%.o)
	$(CC) $(OPT) $(SANITIZE) -o $@ $^ $(DEMO_LIBS)
