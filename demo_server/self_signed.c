/*
 * self_signed.c - generating the demo's key and certificate (see self_signed.h).
 */
#include "self_signed.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "options.h"
#include "tls_error.h"

#define VALIDITY_SECONDS (3650L * 24 * 3600)
#define CLOCK_SKEW_SECONDS 3600L
#define SECONDS_PER_DAY 86400
#define SUBJECT_NAME "localhost"
#define SUBJECT_ALT_NAMES "DNS:localhost,IP:127.0.0.1"

static int add_extension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, &ctx, nid, value);
    int ok = ext && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

static int set_random_serial(X509 *cert)
{
    uint64_t serial;
    if (RAND_bytes((unsigned char *)&serial, sizeof serial) != 1)
        return 0;
    serial >>= 1;                     /* a positive serial, as RFC 5280 asks */
    return ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial);
}

/* Sets t to the UTC time `when` by arithmetic rather than through X509_gmtime_adj: that calls
 * gmtime_r, whose first use makes glibc load the time zone and keep it allocated until exit,
 * which would be the only thing left on the heap when the server exits. The calendar
 * conversion is the proleptic Gregorian days-to-date algorithm (days since 1970-01-01). */
static int set_utc_time(ASN1_TIME *t, time_t when)
{
    int64_t days = (int64_t)when / SECONDS_PER_DAY + 719468;   /* days since 0000-03-01 */
    unsigned seconds = (unsigned)((int64_t)when % SECONDS_PER_DAY);
    int64_t era = days / 146097;
    unsigned day_of_era = (unsigned)(days - era * 146097);
    unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    unsigned month_index = (5 * day_of_year + 2) / 153;               /* March = 0 */
    unsigned day = day_of_year - (153 * month_index + 2) / 5 + 1;
    unsigned month = month_index < 10 ? month_index + 3 : month_index - 9;
    long long year = (long long)year_of_era + era * 400 + (month <= 2);
    char text[64];    /* "YYYYMMDDHHMMSSZ", with room for any year the compiler can imagine */
    snprintf(text, sizeof text, "%04lld%02u%02u%02u%02u%02uZ", year, month, day, seconds / 3600,
             seconds / 60 % 60, seconds % 60);
    return ASN1_TIME_set_string_X509(t, text);
}

static X509 *build_certificate(EVP_PKEY *key)
{
    time_t now = time(NULL);
    X509 *cert = X509_new();
    X509_NAME *name = cert ? X509_get_subject_name(cert) : NULL;
    int ok = name && X509_set_version(cert, X509_VERSION_3) && set_random_serial(cert) &&
             set_utc_time(X509_getm_notBefore(cert), now - CLOCK_SKEW_SECONDS) &&
             set_utc_time(X509_getm_notAfter(cert), now + VALIDITY_SECONDS) &&
             X509_set_pubkey(cert, key) &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        (const unsigned char *)SUBJECT_NAME, -1, -1, 0) &&
             X509_set_issuer_name(cert, name) &&
             add_extension(cert, NID_subject_alt_name, SUBJECT_ALT_NAMES) &&
             add_extension(cert, NID_basic_constraints, "critical,CA:FALSE") &&
             add_extension(cert, NID_ext_key_usage, "serverAuth") &&
             X509_sign(cert, key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

/* Creates path (it must not exist) with mode and fills it through write_pem. */
static int write_new_pem(const char *path, mode_t mode, int (*write_pem)(BIO *, const void *),
                         const void *object)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", DEMO_SERVER_NAME, path, strerror(errno));
        return -1;
    }
    BIO *out = BIO_new_fd(fd, BIO_CLOSE);
    int ok = out && write_pem(out, object) && BIO_flush(out) == 1;
    if (!out)
        close(fd);
    BIO_free(out);
    if (!ok) {
        tls_error_report(DEMO_SERVER_NAME, path);
        unlink(path);
        return -1;
    }
    return 0;
}

static int write_key(BIO *out, const void *key)
{
    return PEM_write_bio_PrivateKey(out, (EVP_PKEY *)key, NULL, NULL, 0, NULL, NULL);
}

static int write_cert(BIO *out, const void *cert)
{
    return PEM_write_bio_X509(out, (X509 *)cert);
}

int self_signed_create(const char *cert_path, const char *key_path)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *cert = key ? build_certificate(key) : NULL;
    int rc = -1;
    if (!cert)
        tls_error_report(DEMO_SERVER_NAME, "cannot generate a self-signed certificate");
    else if (write_new_pem(key_path, 0600, write_key, key) == 0) {
        rc = write_new_pem(cert_path, 0644, write_cert, cert);
        if (rc != 0)
            unlink(key_path);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
    return rc;
}
