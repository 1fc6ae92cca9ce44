/*
 * core_idle - a program that never allocates: it announces "idle PID", then waits.
 *
 * For tests/core/test_signals.sh. With an argument it sleeps that many seconds (heapwatch's
 * interval dumps must still come on time, driven by its own thread); without, it waits for a line
 * on stdin (the test sends the dump signal meanwhile and then lets it exit).
 */
#include "core_wait.h"

int main(int argc, char **argv)
{
    announce("idle");
    if (argc > 1)
        sleep_for(strtod(argv[1], NULL));
    else
        wait_for_line();
    return 0;
}
