/* units.h: byte counts for people, in the binary units the dumps use (512 B, 4.00 KiB, 3.91 MiB). */
#ifndef HEAPWATCH_UNITS_H
#define HEAPWATCH_UNITS_H

#include <stdint.h>

#define HW_HUMAN_SIZE 24

/* "512 B", "32.50 KiB", "1.25 GiB"; returns BUF. */
char *hw_human_bytes(double bytes, char buf[HW_HUMAN_SIZE]);

/* The same with an explicit sign: "+16.25 KiB", "-1.00 KiB", "+0 B". */
char *hw_human_signed(double bytes, char buf[HW_HUMAN_SIZE]);

#endif
