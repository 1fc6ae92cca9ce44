/* report_summary.h: the top of a process's section in the report: which program, which pid, over
 * what time, and its headline (report_headline.h). */
#ifndef HEAPWATCH_REPORT_SUMMARY_H
#define HEAPWATCH_REPORT_SUMMARY_H

#include <stdio.h>

#include "report_model.h"

void hw_report_summary(FILE *out, const struct hw_report_proc *p);

#endif
