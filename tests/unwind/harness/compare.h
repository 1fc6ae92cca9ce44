/*
 * compare.h - the harness's checkpoint: captures the stack of its caller twice, with
 * unwind_cfi_capture() and with libunwind's unw_backtrace(), and counts whether they agree.
 */
#ifndef UNWIND_HARNESS_COMPARE_H
#define UNWIND_HARNESS_COMPARE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Sets up the fast unwinder; exits with a message if it cannot. */
void compare_init(void);

/* Compares the two captures of the calling stack (safe from several threads at once). */
void compare_here(void);

/*
 * Prints "label: N captures, N identical, N fallbacks (P%), N mismatches" for the captures since
 * the last report, and returns those mismatches.
 */
unsigned long compare_report(const char *label);

#ifdef __cplusplus
}
#endif

#endif
