/* units.c: human-readable byte counts (see units.h). Fractional input is allowed because slopes
 * (bytes per second, per socket) are printed the same way. */
#include "units.h"

#include <math.h>
#include <stdio.h>

char *hw_human_bytes(double bytes, char buf[HW_HUMAN_SIZE])
{
    static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
    double magnitude = fabs(bytes);
    if (magnitude < 1024) {
        snprintf(buf, HW_HUMAN_SIZE, "%.0f B", bytes);
        return buf;
    }
    size_t unit = 0;
    magnitude /= 1024;
    while (magnitude >= 1024 && unit + 1 < sizeof units / sizeof units[0]) {
        magnitude /= 1024;
        unit++;
    }
    snprintf(buf, HW_HUMAN_SIZE, "%s%.2f %s", bytes < 0 ? "-" : "", magnitude, units[unit]);
    return buf;
}

char *hw_human_signed(double bytes, char buf[HW_HUMAN_SIZE])
{
    char unsigned_text[HW_HUMAN_SIZE - 1];
    /* Magnitudes print in at most 22 bytes ("1023.99 TiB" and the like), so the sign always fits. */
    snprintf(unsigned_text, sizeof unsigned_text, "%s", hw_human_bytes(fabs(bytes), buf));
    snprintf(buf, HW_HUMAN_SIZE, "%c%s", bytes < 0 ? '-' : '+', unsigned_text);
    return buf;
}
