/* frames.c: naming frames and stacks for people (see frames.h). */
#include "frames.h"

#include <stdio.h>
#include <string.h>

char *hw_frame_label(const struct hw_frame *frame, char *buf, size_t size)
{
    if (frame->function) {
        const char *plus = strstr(frame->function, "+0x");
        int len = plus ? (int)(plus - frame->function) : (int)strlen(frame->function);
        snprintf(buf, size, "%.*s", len, frame->function);
    } else if (frame->has_offset) {
        snprintf(buf, size, "[%s+0x%llx]", hw_module_name(frame->module), (unsigned long long)frame->offset);
    } else {
        snprintf(buf, size, "[0x%llx]", (unsigned long long)frame->address);
    }
    return buf;
}

bool hw_is_allocator_wrapper(const char *label)
{
    static const char *const exact[] = {
        "malloc", "calloc", "realloc", "reallocarray", "free", "posix_memalign", "aligned_alloc", "memalign",
        "valloc", "pvalloc", "strdup", "strndup", "__strdup", "__strndup", "wcsdup", "asprintf", "vasprintf",
        "__asprintf", "__vasprintf_internal", "open_memstream", "xmalloc", "xcalloc", "xrealloc", "xstrdup",
        NULL,
    };
    /* C++ operator new and new[] in all their overloads (mangled names stay mangled in dumps), glibc's
     * internal entry points, OpenSSL's allocation helpers, and the allocators of CPython and GLib. */
    static const char *const prefixes[] = {
        "_Znw", "_Zna", "__libc_malloc", "__libc_calloc", "__libc_realloc", "__libc_memalign", "CRYPTO_malloc",
        "CRYPTO_zalloc", "CRYPTO_realloc", "CRYPTO_clear_realloc", "CRYPTO_strdup", "CRYPTO_strndup",
        "CRYPTO_memdup", "CRYPTO_secure_", "OPENSSL_sk_", "OPENSSL_LH_", "BUF_MEM_grow", "PyMem_", "_PyMem_",
        "PyObject_Malloc", "_PyObject_Malloc", "PyObject_Calloc", "_PyObject_Calloc", "PyObject_Realloc",
        "_PyObject_Realloc", "g_malloc", "g_realloc", "g_try_malloc", NULL,
    };
    for (size_t i = 0; exact[i]; i++)
        if (strcmp(label, exact[i]) == 0)
            return true;
    for (size_t i = 0; prefixes[i]; i++)
        if (strncmp(label, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

size_t hw_first_own_frame(const struct hw_stack *stack)
{
    char label[HW_LABEL_SIZE];
    for (size_t i = 0; i < stack->nframes; i++)
        if (!hw_is_allocator_wrapper(hw_frame_label(&stack->frames[i], label, sizeof label)))
            return i;
    return 0;
}

const char *hw_module_name(const char *module)
{
    if (!module)
        return "?";
    const char *slash = strrchr(module, '/');
    return slash ? slash + 1 : module;
}

char *hw_stack_chain(const struct hw_stack *stack, size_t max_frames, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    size_t first = hw_first_own_frame(stack);
    for (size_t i = first; i < stack->nframes && used < size; i++) {
        char label[HW_LABEL_SIZE];
        bool cut = i - first == max_frames;
        int n = snprintf(buf + used, size - used, "%s%s", i > first ? " ← " : "",
                         cut ? "…" : hw_frame_label(&stack->frames[i], label, sizeof label));
        if (n < 0)
            break;
        used += (size_t)n;
        if (cut)
            break;
    }
    if (stack->nframes == 0)
        snprintf(buf, size, "(no frames)");
    return buf;
}
