#!/usr/bin/env bash
# dlopen is interposed (to warn about RTLD_DEEPBIND). glibc resolves a dlopen'ed name relative to
# its caller's RUNPATH and $ORIGIN, so the caller it sees must stay the program: a program whose
# RUNPATH is $ORIGIN/lib must still find lib/libfoo.so under heapwatch.
source "$HW_ROOT/tests/lib.sh"

mkdir -p app/lib
cat >foo.c <<'SRC'
int foo_answer(void) { return 42; }
SRC
cat >app.c <<'SRC'
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
    void *h = dlopen("libfoo.so", RTLD_NOW);
    if (!h) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    int (*answer)(void) = (int (*)(void))dlsym(h, "foo_answer");
    printf("answer %d\n", answer());
    return dlclose(h);
}
SRC
gcc -shared -fPIC -o app/lib/libfoo.so foo.c || fail "cannot build libfoo.so"
gcc -o app/app app.c -ldl -Wl,-rpath,'$ORIGIN/lib' -Wl,--enable-new-dtags || fail "cannot build app"

check_eq "$(app/app)" "answer 42" "the program without heapwatch"
check_eq "$(hw_run dumps HEAPWATCH_INTERVAL=0 app/app)" "answer 42" "the program under heapwatch"
