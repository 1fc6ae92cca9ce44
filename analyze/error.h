/* error.h: one error message, carried from where input went wrong to the one line the command prints.
 * Messages name the file and line ("dumps/heapwatch.7.000003.txt:41: ...") so users can look. */
#ifndef HEAPWATCH_ERROR_H
#define HEAPWATCH_ERROR_H

struct hw_error {
    char msg[1024];
};

__attribute__((format(printf, 2, 3)))
void hw_error_set(struct hw_error *err, const char *fmt, ...);

/* "NAME:LINE: message" */
__attribute__((format(printf, 4, 5)))
void hw_error_at(struct hw_error *err, const char *name, unsigned line, const char *fmt, ...);

#endif
