/* report_html.h: writing text from dumps into the report's HTML safely. Function names, paths and
 * command lines come from the profiled program and may hold any character, so every one goes
 * through these, in element text and in attribute values alike. */
#ifndef HEAPWATCH_REPORT_HTML_H
#define HEAPWATCH_REPORT_HTML_H

#include <stdio.h>

/* TEXT with & < > " ' written as character references and control characters as U+FFFD; NULL is
 * written as "?". */
void hw_html_escape(FILE *out, const char *text);

/* The formatted text (up to 4 KiB), escaped as hw_html_escape does. */
__attribute__((format(printf, 2, 3)))
void hw_html_printf(FILE *out, const char *fmt, ...);

#endif
