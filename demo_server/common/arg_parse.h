/*
 * arg_parse.h - strict parsing of numeric command-line values.
 *
 * strtoul and strtod accept leading spaces, signs and trailing junk; an option such as
 * `--max-conns 10k` or `--interval -1` must be refused with one clear line instead.
 */
#ifndef DEMO_ARG_PARSE_H
#define DEMO_ARG_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* A decimal integer in [min, max]. */
bool parse_count(const char *text, unsigned long min, unsigned long max, unsigned long *out);

/* Non-negative seconds, fractions allowed, at most max. */
bool parse_seconds(const char *text, double max, double *out);

/* A TCP port; 0 lets the kernel choose. */
bool parse_port(const char *text, uint16_t *out);

#endif
