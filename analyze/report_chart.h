/* report_chart.h: the report's time chart of one process, as inline SVG: a top panel with the live
 * heap and the live bytes of the top suspects (coloured as in the suspect table), and below it, on
 * the same time axis, RSS (left axis) and open sockets (right axis). Each line carries its values
 * (data-v, with its group's data-t) so the page's script can show them on hover. */
#ifndef HEAPWATCH_REPORT_CHART_H
#define HEAPWATCH_REPORT_CHART_H

#include <stdio.h>

#include "report_model.h"

/* A <figure class="chart"> with the SVG, its legend and a caption saying what was downsampled. */
void hw_report_chart(FILE *out, const struct hw_report_proc *p);

#endif
