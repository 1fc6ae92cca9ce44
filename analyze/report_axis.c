/* report_axis.c: round ticks for the chart's axes (see report_axis.h). */
#include "report_axis.h"

#include <math.h>
#include <stdio.h>

#define TARGET_TICKS 5

/* 1, 2 or 5 times a power of ten, the smallest not below RAW. */
static double round_step(double raw)
{
    double magnitude = pow(10, floor(log10(raw)));
    double f = raw / magnitude;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

/* Ticks in whole shown units when the data is whole (bytes, sockets): never "0.2 B". */
static void zero_based(struct hw_axis *a, double max, double scale, const char *unit)
{
    a->scale = scale;
    a->unit = unit;
    double shown_max = max > 0 ? max / scale : 1;
    double step = round_step(shown_max / TARGET_TICKS);
    if (scale == 1 && step < 1)
        step = 1;
    a->lo = 0;
    a->step = step * scale;
    a->hi = ceil(shown_max / step) * a->step;
}

void hw_axis_bytes(struct hw_axis *a, double max)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    size_t u = 0;
    double scale = 1;
    while (max / scale >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        scale *= 1024;
        u++;
    }
    zero_based(a, max, scale, units[u]);
}

void hw_axis_count(struct hw_axis *a, double max)
{
    zero_based(a, max, 1, "");
}

void hw_axis_time(struct hw_axis *a, double first, double last)
{
    double span = last > first ? last - first : 1;
    a->scale = span < 180 ? 1 : span < 3 * 3600 ? 60 : 3600;
    a->unit = a->scale == 1 ? "s" : a->scale == 60 ? "min" : "h";
    a->step = round_step(span / a->scale / TARGET_TICKS) * a->scale;
    a->lo = first;
    a->hi = first + span;
}

static double first_tick(const struct hw_axis *a)
{
    /* + 0.0 turns the -0 that ceil gives just below zero into 0, which prints without a sign. */
    return ceil(a->lo / a->step - 1e-9) * a->step + 0.0;
}

size_t hw_axis_tick_count(const struct hw_axis *a, double last)
{
    double first = first_tick(a);
    return first > last ? 0 : (size_t)floor((last - first) / a->step) + 1;
}

double hw_axis_tick(const struct hw_axis *a, size_t index)
{
    return first_tick(a) + (double)index * a->step;
}

char *hw_axis_label(const struct hw_axis *a, double value, char *buf, size_t size)
{
    double shown_step = a->step / a->scale;
    int decimals = shown_step >= 1 ? 0 : (int)ceil(-log10(shown_step) - 1e-9);
    snprintf(buf, size, "%.*f%s%s", decimals, value / a->scale, *a->unit ? " " : "", a->unit);
    return buf;
}
