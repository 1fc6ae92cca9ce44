/* report_headline.h: the one line a person reads first about a process, e.g.
 *   live heap +11.00 MiB over 62 s; #1 suspect grows 37.20 KiB per open socket
 * shown at the top of its section and in the process selector; and durations for people. */
#ifndef HEAPWATCH_REPORT_HEADLINE_H
#define HEAPWATCH_REPORT_HEADLINE_H

#include <stddef.h>

#include "report_model.h"

char *hw_report_headline(const struct hw_report_proc *p, char *buf, size_t size);

/* "0.4 s", "62 s", "12.5 min", "3.0 h". */
char *hw_report_duration(double seconds, char *buf, size_t size);

#endif
