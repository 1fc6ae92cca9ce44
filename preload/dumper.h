/*
 * dumper.h - when dumps are taken: the dump thread (interval), the dump signal, and exit.
 */
#ifndef HEAPWATCH_DUMPER_H
#define HEAPWATCH_DUMPER_H

/* Starts the dump thread and installs the dump signal handler. Called from the constructor. */
void dumper_start(void);

/* Writes the final dump (once); later dump requests are ignored. */
void dumper_final(void);

/* In a forked child: new pid, fresh state, a new dump thread. */
void dumper_after_fork_child(void);

#endif
