/*
 * tls_error.h - one readable line for an OpenSSL failure.
 *
 * OpenSSL queues its errors per thread; setup failures are reported from that queue and the
 * queue is emptied, so a stale entry never makes a later SSL_get_error misjudge a connection.
 */
#ifndef DEMO_TLS_ERROR_H
#define DEMO_TLS_ERROR_H

/* Prints "prog: what: <OpenSSL's reason>" on stderr and clears the error queue. */
void tls_error_report(const char *prog, const char *what);

#endif
