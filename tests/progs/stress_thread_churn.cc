/*
 * stress_thread_churn - thousands of short-lived threads whose TLS destructors allocate and free.
 *
 * For tests/stress/test_thread_churn.sh. Threads are created WAVE at a time until THREADS have
 * run. Each one allocates in its body, and then, while it exits, in two kinds of destructor: a
 * pthread key destructor and a C++ thread_local object's destructor. Those run after much of the
 * thread's own state is gone, which is where a profiler's TLS (its reentrancy guard, its caches)
 * must still work. Every thread leaves exactly one block of each kind live, handed to a global
 * array (frees happen on the exiting thread, live blocks are freed by no one):
 *   churn_body_alloc      BODY_SIZE bytes per thread   (plus one freed block per thread)
 *   churn_key_dtor_alloc  KEY_SIZE bytes per thread    (plus one freed block per thread)
 *   churn_tls_dtor_alloc  TLS_SIZE bytes per thread    (plus one freed block per thread)
 * Usage: stress_thread_churn [THREADS]
 */
#include <pthread.h>

#include <atomic>
#include <cstdlib>
#include <vector>

extern "C" {
#include "stress_report.h"
}

enum { WAVE = 16, BODY_SIZE = 48, KEY_SIZE = 80, TLS_SIZE = 112 };

static std::atomic<long> next_slot;
static void **kept; /* three per thread, filled from the threads' destructors */
static pthread_key_t key;

static void keep(void *p)
{
    if (!p)
        die("malloc in a thread");
    kept[next_slot.fetch_add(1)] = p;
}

/* C linkage: the dumps name these functions as the test expects them, unmangled. */
extern "C" {
__attribute__((noinline)) void *churn_body_alloc(size_t size) { return malloc(size); }
__attribute__((noinline)) void *churn_key_dtor_alloc(size_t size) { return malloc(size); }
__attribute__((noinline)) void *churn_tls_dtor_alloc(size_t size) { return malloc(size); }
}

static void key_destructor(void *value)
{
    free(value);
    free(churn_key_dtor_alloc(3 * KEY_SIZE));
    keep(churn_key_dtor_alloc(KEY_SIZE));
}

struct ThreadState {
    std::vector<int> scratch; /* a C++ member whose buffer dies with the thread */
    bool used = false;
    ~ThreadState()
    {
        if (!used)
            return;
        free(churn_tls_dtor_alloc(3 * TLS_SIZE));
        keep(churn_tls_dtor_alloc(TLS_SIZE));
    }
};

static thread_local ThreadState state;

static void *churn_thread(void *)
{
    state.used = true;
    state.scratch.assign(64, 1);
    pthread_setspecific(key, malloc(16));
    free(churn_body_alloc(3 * BODY_SIZE));
    keep(churn_body_alloc(BODY_SIZE));
    return nullptr;
}

int main(int argc, char **argv)
{
    long threads = count_arg(argc, argv, 1, 5000);
    kept = static_cast<void **>(calloc(3 * threads, sizeof *kept));
    if (!kept || pthread_key_create(&key, key_destructor) != 0)
        die("setup");
    for (long started = 0; started < threads;) {
        pthread_t wave[WAVE];
        int n = 0;
        for (; n < WAVE && started < threads; n++, started++)
            if (pthread_create(&wave[n], nullptr, churn_thread, nullptr) != 0)
                die("pthread_create");
        for (int i = 0; i < n; i++)
            pthread_join(wave[i], nullptr);
    }
    if (next_slot.load() != 3 * threads)
        die("a destructor did not run");
    expect("churn_body_alloc", (uint64_t)BODY_SIZE * threads, threads);
    expect("churn_key_dtor_alloc", (uint64_t)KEY_SIZE * threads, threads);
    expect("churn_tls_dtor_alloc", (uint64_t)TLS_SIZE * threads, threads);
    return 0;
}
