/*
 * core_fd_reuse - closes every descriptor it did not open, as daemons do, then writes its own file
 * while heapwatch dumps every 50 ms.
 *
 * For tests/core/test_fd_reuse.sh. A descriptor heapwatch kept across dumps would now have the
 * number of the program's file, and a dump written through it would land there: the file must
 * hold exactly the program's ten lines.
 */
#include <fcntl.h>

#include "core_wait.h"

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return 1;
    for (int i = 0; i < 10; i++) {
        sleep_for(0.05);
        if (write(fd, "mine\n", 5) != 5)
            return 1;
    }
    return close(fd) == 0 ? 0 : 1;
}
