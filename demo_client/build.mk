# demo_client/build.mk: the demo's idle HTTPS clients, build/demo_client, and its
# AddressSanitizer/UBSan build for the tests, build/demo_client-asan. It shares
# demo_server/common/ and the object rules of demo_server/build.mk.

DEMO_CLIENT_SRC := $(wildcard demo_client/*.c) $(DEMO_COMMON_SRC)

ALL       += $(BUILD)/demo_client
TEST_DEPS += $(BUILD)/demo_client-asan

$(BUILD)/demo_client: $(DEMO_CLIENT_SRC:%.c=$(DEMO_OBJ)/%.o)
	$(CC) $(OPT) -o $@ $^ $(DEMO_LIBS)

$(BUILD)/demo_client-asan: $(DEMO_CLIENT_SRC:%.c=$(DEMO_ASAN_OBJ)/%.o)
	$(CC) $(OPT) $(SANITIZE) -o $@ $^ $(DEMO_LIBS)
