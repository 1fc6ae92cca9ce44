/* trend_sentence.h: the sentence `heapwatch trend` prints for one stack, e.g.
 *   #1 grows 37.20 KiB per open socket (R² 0.998, +11.00 MiB over 62.0 s): SSL_read ← handle_client ← …
 * The same text goes into --json, so scripts can show it as is. */
#ifndef HEAPWATCH_TREND_SENTENCE_H
#define HEAPWATCH_TREND_SENTENCE_H

#include <stddef.h>

#include "trend_model.h"

char *hw_trend_sentence(const struct hw_trend_proc *proc, const struct hw_trend_stack *t, size_t rank, char *buf,
                        size_t size);

#endif
