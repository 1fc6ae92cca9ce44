/* stats.c: ordinary least squares of y on x (see stats.h). Sums are taken around the means, which
 * keeps precision when x is a Unix time or y is gigabytes. */
#include "stats.h"

struct hw_fit hw_fit_line(const double *x, const double *y, size_t n)
{
    struct hw_fit fit = { .n = n };
    if (n < 2)
        return fit;
    double mean_x = 0, mean_y = 0;
    for (size_t i = 0; i < n; i++) {
        mean_x += x[i];
        mean_y += y[i];
    }
    mean_x /= (double)n;
    mean_y /= (double)n;
    double sxx = 0, sxy = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        double dx = x[i] - mean_x, dy = y[i] - mean_y;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (sxx <= 0)
        return fit;
    fit.valid = true;
    fit.slope = sxy / sxx;
    fit.intercept = mean_y - fit.slope * mean_x;
    fit.r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1.0;
    return fit;
}
