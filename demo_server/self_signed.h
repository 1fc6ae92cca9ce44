/*
 * self_signed.h - a certificate for the demo without a shell-out to `openssl req`.
 *
 * The demo must start on a fresh machine with nothing prepared, and the client must be able to
 * verify the server (--cafile) rather than always skip verification. So on first start the
 * server makes a key pair and a self-signed certificate for localhost and 127.0.0.1 through the
 * OpenSSL API, and writes both as PEM files that later starts (and clients) reuse.
 */
#ifndef DEMO_SELF_SIGNED_H
#define DEMO_SELF_SIGNED_H

/* Writes a new P-256 key (mode 0600) and its self-signed certificate. Neither file may exist.
 * 0, or -1 after one line on stderr. */
int self_signed_create(const char *cert_path, const char *key_path);

#endif
