/* error.c: formatting of error messages (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void hw_error_set(struct hw_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* err->msg is only written here; cppcheck's cross-file check takes it for a read. */
    // cppcheck-suppress ctuuninitvar
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

void hw_error_at(struct hw_error *err, const char *name, unsigned line, const char *fmt, ...)
{
    int n = snprintf(err->msg, sizeof err->msg, "%s:%u: ", name, line);
    if (n < 0 || (size_t)n >= sizeof err->msg)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof err->msg - (size_t)n, fmt, ap);
    va_end(ap);
}
