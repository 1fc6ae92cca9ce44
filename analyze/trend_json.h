/* trend_json.h: `heapwatch trend --json`: one object per process with its time span, live bytes and
 * sockets at the first and last dump (and their extremes), the process-wide fits, and per stack its
 * verdict, sentence, fits (slope per second and per socket, R²), growth and identity. The layout is
 * described in heapwatch(1). */
#ifndef HEAPWATCH_TREND_JSON_H
#define HEAPWATCH_TREND_JSON_H

#include <stddef.h>

#include "json.h"
#include "trend_model.h"

/* Writes one process object, with at most MAX_STACKS stacks. */
void hw_trend_json_process(struct hw_json *j, const struct hw_trend_proc *t, size_t max_stacks);

#endif
