/* stdin_hold: how the OpenSSL test programs wait while a test inspects them. A test keeps their
 * stdin open (a fifo) while it asks heapwatch for dumps, then closes it to let them finish. */
#ifndef STDIN_HOLD_H
#define STDIN_HOLD_H

/* Returns once stdin reaches end of file (or fails), discarding whatever it reads. */
void wait_for_end_of_input(void);

#endif
