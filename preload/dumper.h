/*
 * dumper.h - when dumps are taken: the dump thread (interval), the dump signal, and exit.
 */
#ifndef HEAPWATCH_DUMPER_H
#define HEAPWATCH_DUMPER_H

/* Starts the dump thread and installs the dump signal handler. Called from the constructor. */
void dumper_start(void);

/* Writes the final dump (once); later dump requests are ignored. */
void dumper_final(void);

/*
 * The program calls _exit: has the dump thread write the final dump and waits for it, at most
 * `seconds`. Not written here: _exit may be called from a signal handler that interrupted the
 * allocator, where dumping on this thread could deadlock; the dump thread cannot be stuck that way
 * for long, and if it is, the process still exits on time. Skipped in a vfork child, which
 * shares the parent's memory.
 */
void dumper_final_before_exit_call(double seconds);

/*
 * The symbolizer belongs to whoever holds the dump lock. A thread other than the dump thread
 * (dlclose's, see dl_hooks.c) brackets its use with these; the bracket also holds the fork gate.
 */
void dumper_symbolizer_acquire(void);
void dumper_symbolizer_release(void);

/* In a forked child: new pid, fresh state, a new dump thread. */
void dumper_after_fork_child(void);

#endif
