/*
 * unwind_cfi.c - fast stack capture: walking the stack with cached per-return-address rules.
 *
 * Where the walk starts. unwind_cfi_capture is three instructions of assembly: it hands its own
 * stack pointer (pointing at the return address into its caller) and RBP (untouched, so still the
 * caller's) to the C walker and jumps to it, so the walker returns straight to the caller. That
 * is the caller's exact register state at its return address -- the state libunwind reaches
 * after stepping out of unw_backtrace -- and no compiler-generated CFI of our own is trusted.
 *
 * The walk. For each return address the rule of the calling frame comes from the shared cache
 * (unwind_cfi_cache.h) in a few instructions: CFA = RSP or RBP + offset, the next return address
 * at CFA - 8, RBP restored from CFA + k or kept, RSP = CFA. That is libunwind's own fast trace
 * (x86_64 Gtrace.c), and it stops where that one does: at a frame whose return address is
 * undefined (recorded up to it), at a return address below 0x4000 (not recorded), or at max.
 * Rules are looked up at return address - 1, as libunwind does.
 *
 * Safety. Each thread's stack bounds are read once (pthread_getattr_np) into initial-exec TLS.
 * Rules are only accepted when their slots lie inside the frame (unwind_cfi_rule.h); the CFA must
 * not pass the top of the stack, and an RBP-based CFA needs RBP between RSP and the top. So every
 * read lies in [RSP, top), which is mapped, and the walk only moves up. A capture on another
 * stack (a signal stack, a coroutine), through a frame without unwind tables, a signal frame or a
 * DWARF expression, or one that overlapped the cache being emptied, falls back to libunwind.
 *
 * Misses. One thread at a time resolves, behind a try-lock: a thread that finds it taken falls
 * back instead of waiting, so nothing can deadlock on it (not even a thread that allocates inside
 * a dl_iterate_phdr callback while another resolves). The resolver refreshes the module table,
 * reads the FDE, runs its program and caches the rule -- unsupported answers too, so a frame that
 * always falls back costs a cache hit, not a parse, the next time.
 *
 * Unloaded code. Rules are keyed by address, and after a dlclose other code may be mapped at the
 * same addresses. The module list is re-read on every miss, and after every dlclose announced by
 * unwind_cfi_code_unloaded() before the next capture trusts the cache; if an object was really
 * unloaded the cache is emptied. (libunwind's own trace cache is never emptied: after such a swap
 * it returns wrong frames, see tests/unwind/harness/main.c.)
 */
#include "unwind_cfi.h"

#ifdef UNWIND_CFI_NATIVE

#include <pthread.h>
#include <stdatomic.h>

#include "unwind_cfi_cache.h"
#include "unwind_cfi_dwarf.h"
#include "unwind_cfi_modules.h"

/* libunwind's fast trace ends, without recording it, at a return address below this. */
#define LOWEST_RETURN_ADDRESS 0x4000

static __thread uintptr_t stack_low __attribute__((tls_model("initial-exec")));
static __thread uintptr_t stack_top __attribute__((tls_model("initial-exec")));

static atomic_flag resolving = ATOMIC_FLAG_INIT;
/* dlcloses announced, and how many of them the module list had been read after. */
static atomic_uint unloads_announced, unloads_handled;

__attribute__((visibility("hidden"), used)) int unwind_cfi_walk(uintptr_t *frames, uint32_t max,
                                                                const uintptr_t *return_slot, uintptr_t rbp);

__asm__(".pushsection .text\n"
        ".p2align 4\n"
        ".globl unwind_cfi_capture\n"
        ".hidden unwind_cfi_capture\n"
        ".type unwind_cfi_capture, @function\n"
        "unwind_cfi_capture:\n"
        ".cfi_startproc\n"
#if defined(__CET__) && (__CET__ & 1)
        "endbr64\n"
#endif
        "movq %rsp, %rdx\n" /* return_slot */
        "movq %rbp, %rcx\n" /* rbp */
        "jmp unwind_cfi_walk\n"
        ".cfi_endproc\n"
        ".size unwind_cfi_capture, .-unwind_cfi_capture\n"
        ".popsection\n");

int unwind_cfi_init(void) { return cfi_cache_init(); }

void unwind_cfi_code_unloaded(void) { atomic_fetch_add_explicit(&unloads_announced, 1, memory_order_release); }

void unwind_cfi_after_fork_child(void) { atomic_flag_clear(&resolving); }

/* An empty range when the bounds cannot be had: every capture of the thread then falls back. */
static void learn_stack_bounds(void)
{
    pthread_attr_t attr;
    void *low;
    size_t size;
    uintptr_t start = 1, end = 1;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &low, &size) == 0) {
            start = (uintptr_t)low;
            end = start + size;
        }
        pthread_attr_destroy(&attr);
    }
    stack_low = start;
    stack_top = end;
}

/* Takes the resolver's try-lock and brings the module list up to date; 0 if either fails. */
static int begin_resolving(void)
{
    if (atomic_flag_test_and_set_explicit(&resolving, memory_order_acquire))
        return 0;
    unsigned announced = atomic_load_explicit(&unloads_announced, memory_order_acquire);
    if (cfi_modules_sync(cfi_cache_forget_all) != 0) {
        atomic_flag_clear_explicit(&resolving, memory_order_release);
        return 0;
    }
    atomic_store_explicit(&unloads_handled, announced, memory_order_relaxed);
    return 1;
}

static void end_resolving(void) { atomic_flag_clear_explicit(&resolving, memory_order_release); }

/* Whether rules can be trusted: no dlclose announced since the module list was last read. */
static int caught_up_with_unloads(void)
{
    if (__builtin_expect(atomic_load_explicit(&unloads_announced, memory_order_relaxed) ==
                             atomic_load_explicit(&unloads_handled, memory_order_relaxed),
                         1))
        return 1;
    if (!begin_resolving())
        return 0;
    end_resolving();
    return 1;
}

/* Computes and caches ra's rule; 0 when it cannot be had now (another thread is resolving). */
static int resolve(uintptr_t ra, struct cfi_rule *rule)
{
    if (!begin_resolving())
        return 0;
    const struct cfi_module *module = cfi_modules_find(ra - 1);
    *rule = module ? cfi_rule_at(&module->tables, ra - 1) : (struct cfi_rule){.kind = CFI_UNSUPPORTED};
    cfi_cache_insert(ra, *rule);
    end_resolving();
    return 1;
}

/* Where rule_off_home found a rule (packed), and the table to go on with: resolving may grow it. */
struct found_rule {
    const struct cfi_cache *cache; /* NULL: fall back */
    uint64_t rule;
};

/* ra's rule when the first two entries of its probe sequence do not hold it: further on, or resolved now. */
__attribute__((noinline)) static struct found_rule rule_off_home(const struct cfi_cache *cache, uintptr_t ra)
{
    struct cfi_rule rule = {.kind = CFI_OUTERMOST};
    if (ra >= LOWEST_RETURN_ADDRESS && !cfi_cache_find(cache, ra, &rule)) {
        if (!resolve(ra, &rule))
            return (struct found_rule){NULL, 0};
        cache = atomic_load_explicit(&cfi_cache_current, memory_order_acquire);
    }
    return (struct found_rule){cache, cfi_rule_pack(rule)};
}

/* Where a frame that is neither plain nor a frame-pointer frame leads: see step_other(). */
struct other_step {
    uintptr_t cfa; /* 0: fall back; 1: this is the outermost frame */
    uintptr_t rbp;
};

/*
 * The step out of a frame with one of the less common rules: an RBP-based CFA other than the
 * frame-pointer one, or the outermost frame, or an unsupported one. Out of line, so that the
 * common rules compile to short straight paths.
 */
__attribute__((noinline)) static struct other_step step_other(uint64_t packed, uintptr_t sp, uintptr_t rbp,
                                                              uintptr_t top)
{
    struct other_step step = {0, rbp};
    enum cfi_frame_kind kind = cfi_packed_kind(packed);
    if (kind == CFI_OUTERMOST) {
        step.cfa = 1;
        return step;
    }
    if (kind != CFI_RBP_BASED || rbp - sp > top - sp)
        return step;
    uintptr_t cfa = rbp + (uintptr_t)(intptr_t)cfi_packed_cfa_offset(packed);
    if (cfa > top)
        return step;
    if (cfi_packed_rbp_offset(packed))
        step.rbp = *(const uintptr_t *)(cfa + (uintptr_t)(intptr_t)cfi_packed_rbp_offset(packed));
    step.cfa = cfa;
    return step;
}

int unwind_cfi_walk(uintptr_t *frames, uint32_t max, const uintptr_t *return_slot, uintptr_t rbp)
{
    /* The rule of every frame of code built with frame pointers: push %rbp; mov %rsp,%rbp. */
    const uint64_t frame_pointer_rule =
        cfi_rule_pack((struct cfi_rule){.kind = CFI_RBP_BASED, .cfa_offset = 16, .rbp_offset = -16});
    if (__builtin_expect(stack_top == 0, 0))
        learn_stack_bounds();
    uintptr_t top = stack_top;
    uintptr_t sp = (uintptr_t)(return_slot + 1);
    if (!caught_up_with_unloads())
        return UNWIND_CFI_FALLBACK;
    unsigned generation;
    const struct cfi_cache *shared = cfi_cache_begin(&generation);
    if ((uintptr_t)return_slot < stack_low || sp > top || !shared)
        return UNWIND_CFI_FALLBACK;
    if (max == 0)
        return 0;

    /* A copy, which the compiler can keep in registers across the cache's acquire loads. */
    struct cfi_cache cache = *shared;
    uintptr_t *out = frames, *end = frames + max;
    uintptr_t ra = *return_slot;
    *out++ = ra;
    while (out < end) {
        size_t at = cfi_cache_home(&cache, ra);
        uint64_t packed;
        if (__builtin_expect(cfi_cache_key(&cache, at) == ra, 1) ||
            cfi_cache_key(&cache, at = cfi_cache_next(&cache, at)) == ra) {
            packed = cfi_cache_packed_rule(&cache, at);
        } else {
            struct found_rule found = rule_off_home(shared, ra);
            if (!found.cache)
                return UNWIND_CFI_FALLBACK;
            shared = found.cache;
            cache = *shared;
            packed = found.rule;
        }
        uintptr_t cfa;
        if (__builtin_expect(cfi_packed_is_plain(packed), 1)) {
            cfa = sp + (uintptr_t)(intptr_t)cfi_packed_cfa_offset(packed);
            if (cfa > top)
                return UNWIND_CFI_FALLBACK;
        } else if (packed == frame_pointer_rule) {
            if (rbp < sp || rbp > top - 16)
                return UNWIND_CFI_FALLBACK;
            cfa = rbp + 16;
            rbp = *(const uintptr_t *)rbp;
        } else if (cfi_packed_is_rsp_based_saving_rbp(packed)) {
            cfa = sp + (uintptr_t)(intptr_t)cfi_packed_cfa_offset(packed);
            if (cfa > top)
                return UNWIND_CFI_FALLBACK;
            rbp = *(const uintptr_t *)(cfa + (uintptr_t)(intptr_t)cfi_packed_rbp_offset(packed));
        } else {
            struct other_step step = step_other(packed, sp, rbp, top);
            if (step.cfa == 1)
                break;
            if (step.cfa == 0)
                return UNWIND_CFI_FALLBACK;
            cfa = step.cfa;
            rbp = step.rbp;
        }
        ra = *(const uintptr_t *)(cfa - sizeof ra);
        sp = cfa;
        *out++ = ra;
    }
    if (ra < LOWEST_RETURN_ADDRESS)
        out--; /* read from the stack, but libunwind would not have recorded it */
    return cfi_cache_still_valid(generation) ? (int)(out - frames) : UNWIND_CFI_FALLBACK;
}

#else

int unwind_cfi_init(void) { return -1; }
void unwind_cfi_code_unloaded(void) {}
void unwind_cfi_after_fork_child(void) {}

int unwind_cfi_capture(uintptr_t *frames, uint32_t max)
{
    (void)frames;
    (void)max;
    return UNWIND_CFI_FALLBACK;
}

#endif
