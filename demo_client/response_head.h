/*
 * response_head.h - checking the head of the server's response: a 200, and a Content-Length
 * that says how many body bytes to read before the connection is idle.
 */
#ifndef DEMO_RESPONSE_HEAD_H
#define DEMO_RESPONSE_HEAD_H

#include <stddef.h>

/* NULL if head (a complete head of head_len bytes) is a 200 with a Content-Length, which is
 * stored in *content_length; otherwise what is wrong with it. */
const char *response_head_check(const char *head, size_t head_len, size_t *content_length);

#endif
