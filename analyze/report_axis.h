/* report_axis.h: the axes of the report's chart, with round ticks in the unit a person reads: bytes
 * in B, KiB, MiB or GiB (binary, as everywhere in heapwatch), counts, and time in s, min or h. */
#ifndef HEAPWATCH_REPORT_AXIS_H
#define HEAPWATCH_REPORT_AXIS_H

#include <stddef.h>

struct hw_axis {
    double lo, hi;       /* the range drawn, in data units (bytes, sockets, seconds) */
    double step;         /* between ticks, in data units */
    double scale;        /* data units per shown unit: 1024 for KiB, 60 for min */
    const char *unit;    /* "KiB", "min", "" for counts */
};

/* From 0 to a round value at or above MAX. */
void hw_axis_bytes(struct hw_axis *a, double max);
void hw_axis_count(struct hw_axis *a, double max);

/* From FIRST to LAST exactly (the chart spans the run), ticks at round times between. */
void hw_axis_time(struct hw_axis *a, double first, double last);

/* The ticks from the lowest (the smallest multiple of the step not below LO) up to LAST: how many
 * there are, and where the INDEXth one is. Ticks are counted, not summed up step by step, so rounding
 * does not accumulate along the axis. */
size_t hw_axis_tick_count(const struct hw_axis *a, double last);
double hw_axis_tick(const struct hw_axis *a, size_t index);

/* "512 KiB", "1.5 min", "12": VALUE in the axis's unit, with the decimals its step needs. */
char *hw_axis_label(const struct hw_axis *a, double value, char *buf, size_t size);

#endif
