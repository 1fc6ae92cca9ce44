/* stdin_hold: see stdin_hold.h. */
#include "stdin_hold.h"

#include <unistd.h>

void wait_for_end_of_input(void)
{
    char buf[64];
    while (read(STDIN_FILENO, buf, sizeof buf) > 0)
        ;
}
