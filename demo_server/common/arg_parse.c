/*
 * arg_parse.c - numeric option values (see arg_parse.h).
 */
#include "arg_parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

bool parse_count(const char *text, unsigned long min, unsigned long max, unsigned long *out)
{
    char *end;
    if (!isdigit((unsigned char)text[0]))
        return false;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max)
        return false;
    *out = value;
    return true;
}

bool parse_seconds(const char *text, double max, double *out)
{
    char *end;
    if (!isdigit((unsigned char)text[0]) && text[0] != '.')
        return false;
    errno = 0;
    double value = strtod(text, &end);
    if (errno != 0 || *end != '\0' || !isfinite(value) || value > max)
        return false;
    *out = value;
    return true;
}

bool parse_port(const char *text, uint16_t *out)
{
    unsigned long port;
    if (!parse_count(text, 0, 65535, &port))
        return false;
    *out = (uint16_t)port;
    return true;
}
