/* report_palette.h: the report's colours. A suspect keeps one colour in the chart's legend and lines
 * and in the suspect table, so a person can follow it from one to the other. */
#ifndef HEAPWATCH_REPORT_PALETTE_H
#define HEAPWATCH_REPORT_PALETTE_H

#include <stddef.h>

#define HW_COLOR_LIVE "#1b1b1b"
#define HW_COLOR_RSS "#8a8a8a"
#define HW_COLOR_SOCKETS "#1f77b4"

/* The colour of the suspect ranked INDEX + 1 (colours repeat after ten). */
const char *hw_report_stack_color(size_t index);

#endif
