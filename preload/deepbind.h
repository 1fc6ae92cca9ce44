/*
 * deepbind.h - loading RTLD_DEEPBIND libraries with their malloc family bound to heapwatch.
 * See deepbind.c for why tagged blocks make this necessary and when it can be done.
 */
#ifndef HEAPWATCH_DEEPBIND_H
#define HEAPWATCH_DEEPBIND_H

/* Whether deepbind_open() loads `file` exactly as dlopen called from `caller` would. */
int deepbind_rebindable(const char *file, const void *caller);

/* dlopen(file, mode), then the new objects' malloc-family slots that lead to glibc lead to heapwatch. */
void *deepbind_open(void *(*real_dlopen)(const char *, int), const char *file, int mode);

/* Says once that `file` was loaded with RTLD_DEEPBIND without that. */
void deepbind_warn_bypass(const char *file);

#endif
