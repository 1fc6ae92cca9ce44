/*
 * core_own_handler - a program with its own handler for SIGUSR2, heapwatch's default dump signal.
 *
 * For tests/core/test_signals.sh: the program's handler must receive every SIGUSR2 it is sent,
 * exactly as without heapwatch, and the program must print "received 5".
 */
#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t received;

static void count_signal(int signo)
{
    (void)signo;
    received++;
}

int main(void)
{
    struct sigaction action = {0};
    action.sa_handler = count_signal;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGUSR2, &action, NULL) != 0)
        return 1;
    for (int i = 0; i < 5; i++)
        raise(SIGUSR2);
    printf("received %d\n", (int)received);
    return 0;
}
