/* json.h: a small streaming JSON writer for --json output: indented, keys in the order written,
 * strings escaped, non-finite numbers written as null. Members take a KEY inside objects and NULL
 * inside arrays. */
#ifndef HEAPWATCH_JSON_H
#define HEAPWATCH_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define HW_JSON_MAX_DEPTH 16

struct hw_json {
    FILE *out;
    int depth;
    bool has_members[HW_JSON_MAX_DEPTH];
    char closer[HW_JSON_MAX_DEPTH];
};

void hw_json_init(struct hw_json *j, FILE *out);
void hw_json_object(struct hw_json *j, const char *key);
void hw_json_array(struct hw_json *j, const char *key);
void hw_json_end(struct hw_json *j);            /* closes the innermost object or array */
void hw_json_string(struct hw_json *j, const char *key, const char *value);   /* NULL gives null */
void hw_json_u64(struct hw_json *j, const char *key, uint64_t value);
void hw_json_i64(struct hw_json *j, const char *key, int64_t value);
void hw_json_number(struct hw_json *j, const char *key, double value);
void hw_json_bool(struct hw_json *j, const char *key, bool value);
void hw_json_null(struct hw_json *j, const char *key);
/* Ends the document with a newline. */
void hw_json_finish(struct hw_json *j);

#endif
