/*
 * fork_gate.h - keeping fork() from copying the dynamic loader's lock while it is held.
 *
 * libunwind (on an unwind-cache miss), dladdr and dl_iterate_phdr take the loader's lock. If a
 * thread holds it when another thread forks, the child inherits it locked, and its first unwind
 * or dump hangs forever. Every such call in heapwatch runs inside this gate; the fork prepare
 * handler closes the gate and waits until no thread is inside, so the lock is free at the fork.
 *
 * Readers count themselves in one of 16 cache-line-sized slots picked by thread, so the gate
 * costs an uncontended atomic increment and decrement, not a shared lock.
 */
#ifndef HEAPWATCH_FORK_GATE_H
#define HEAPWATCH_FORK_GATE_H

void fork_gate_enter(void);
void fork_gate_leave(void);

/*
 * Before fork: closes the gate and waits (at most a second) for the threads inside to leave.
 * Never called by a thread inside the gate (the fork handler skips it when heapwatch was
 * interrupted on the forking thread).
 */
void fork_gate_close(void);
/* After fork, in parent and child. */
void fork_gate_open(void);

#endif
