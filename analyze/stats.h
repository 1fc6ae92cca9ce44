/* stats.h: least-squares straight lines, which is how trend tells steady growth (a good fit with a
 * positive slope) from noise and from peaks (a poor fit). */
#ifndef HEAPWATCH_STATS_H
#define HEAPWATCH_STATS_H

#include <stdbool.h>
#include <stddef.h>

struct hw_fit {
    bool valid;          /* false with fewer than 2 points or when all x are equal */
    size_t n;
    double slope;        /* y per unit of x */
    double intercept;
    double r2;           /* coefficient of determination; 1 when y does not vary (a perfect flat fit) */
};

struct hw_fit hw_fit_line(const double *x, const double *y, size_t n);

#endif
