/* report_suspects.h: the report's leak-suspect table: the stacks `heapwatch trend` ranks, in its
 * order and with its sentences, one row each (verdict, rate, fit, live bytes, change, where), and
 * under each row a hidden one with the full symbolized stack and OpenSSL site, which the page's
 * script opens on click. */
#ifndef HEAPWATCH_REPORT_SUSPECTS_H
#define HEAPWATCH_REPORT_SUSPECTS_H

#include <stdio.h>

#include "report_model.h"

void hw_report_suspects(FILE *out, const struct hw_report_proc *p);

#endif
