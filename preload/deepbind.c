/*
 * deepbind.c - pointing RTLD_DEEPBIND libraries' malloc family back at heapwatch.
 *
 * A library loaded with RTLD_DEEPBIND looks symbols up in its own dependencies before the
 * global scope, so its calls to malloc and free go to glibc directly, past the preloaded ones.
 * Tracked blocks are handed out past their tag (block_tag.h), so a tracked block of the program
 * freed by such a library would reach glibc's free with a pointer glibc never returned, and the
 * program would abort. So after such a dlopen, every object it loaded has the relocations of its
 * malloc family (GOT and PLT slots) that lead to glibc's functions rewritten to heapwatch's:
 * what the dynamic linker would have bound without the flag. A slot that its own scope binds
 * elsewhere (a library bringing its own allocator) is left alone.
 *
 * Where the load happens from matters: glibc resolves a bare file name through the search path
 * of dlopen's caller (its RUNPATH, $ORIGIN), which is why dl_hooks.c passes dlopen on as a tail
 * call. Rewriting the slots needs control back after the load, so deepbind_rebindable() admits
 * only loads where calling from heapwatch changes nothing: a path with a slash, or a caller with
 * neither RUNPATH nor RPATH (heapwatch has neither). The rest are loaded as before, unrewritten,
 * with a warning.
 */
#include "deepbind.h"

#include <dlfcn.h>
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guard.h"
#include "log.h"
#include "real_alloc.h"

/* The interposed functions. */
static const struct {
    const char *name;
    void *heapwatch; /* the interposed function of that name: the global scope binds it */
} family[] = {
    {"malloc", (void *)malloc},
    {"free", (void *)free},
    {"calloc", (void *)calloc},
    {"realloc", (void *)realloc},
    {"reallocarray", (void *)reallocarray},
    {"posix_memalign", (void *)posix_memalign},
    {"aligned_alloc", (void *)aligned_alloc},
    {"memalign", (void *)memalign},
    {"valloc", (void *)valloc},
    {"pvalloc", (void *)pvalloc},
    {"malloc_usable_size", (void *)malloc_usable_size},
};
#define FAMILY_SIZE (sizeof family / sizeof family[0])

static int deepbind_warned;

static const Elf64_Dyn *dynamic_entry(const Elf64_Dyn *dyn, Elf64_Sxword tag)
{
    for (; dyn && dyn->d_tag != DT_NULL; dyn++)
        if (dyn->d_tag == tag)
            return dyn;
    return NULL;
}

int deepbind_rebindable(const char *file, const void *caller)
{
    if (!file || strchr(file, '/'))
        return 1;
    Dl_info info;
    struct link_map *map = NULL;
    if (!dladdr1(caller, &info, (void **)&map, RTLD_DL_LINKMAP) || !map)
        return 0;
    return !dynamic_entry(map->l_ld, DT_RUNPATH) && !dynamic_entry(map->l_ld, DT_RPATH);
}

/* The dynamic linker stores most d_ptr values relocated; the vDSO's are not. */
static uintptr_t dyn_address(const Elf64_Dyn *entry, uintptr_t base)
{
    uintptr_t value = entry->d_un.d_ptr;
    return value < base ? value + base : value;
}

struct object_tables {
    uintptr_t base;
    const Elf64_Sym *symbols;
    const char *strings;
    uintptr_t relro_start, relro_end;
};

/* A slot still to be bound lazily points into its own object's PLT. */
static int in_object(uintptr_t value, uintptr_t base)
{
    Dl_info info;
    return dladdr((void *)value, &info) && (uintptr_t)info.dli_fbase == base;
}

/* Writes one word that may lie in the read-only-after-relocation part of the object. */
static void write_slot(const struct object_tables *t, uintptr_t *slot, uintptr_t value)
{
    if ((uintptr_t)slot < t->relro_start || (uintptr_t)slot >= t->relro_end) {
        *slot = value;
        return;
    }
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    void *start = (void *)((uintptr_t)slot & ~(page - 1));
    if (mprotect(start, page, PROT_READ | PROT_WRITE) != 0)
        return;
    *slot = value;
    mprotect(start, page, PROT_READ);
}

/* Rewrites the relocations in [rela, rela + bytes) that bind one of the family to glibc. */
static void rebind_relocations(void *handle, const struct object_tables *t, const Elf64_Rela *rela, size_t bytes)
{
    for (size_t i = 0; i < bytes / sizeof *rela; i++) {
        unsigned type = (unsigned)ELF64_R_TYPE(rela[i].r_info);
        if (type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT && type != R_X86_64_64)
            continue;
        const char *name = t->strings + t->symbols[ELF64_R_SYM(rela[i].r_info)].st_name;
        for (size_t f = 0; f < FAMILY_SIZE; f++) {
            if (strcmp(name, family[f].name) != 0)
                continue;
            /*
             * Only what glibc's functions are bound to is heapwatch's to take back: the slot holds
             * one (or is not bound yet) and the library's own scope would bind glibc's.
             */
            uintptr_t *slot = (uintptr_t *)(t->base + rela[i].r_offset);
            if ((real_alloc_in_libc((void *)*slot) || in_object(*slot, t->base)) &&
                real_alloc_in_libc(dlsym(handle, family[f].name)))
                write_slot(t, slot,
                           (uintptr_t)family[f].heapwatch + (type == R_X86_64_64 ? (uintptr_t)rela[i].r_addend : 0));
            break;
        }
    }
}

static void rebind_object(void *handle, const struct dl_phdr_info *obj)
{
    struct object_tables t = {.base = obj->dlpi_addr};
    const Elf64_Dyn *dyn = NULL;
    for (int i = 0; i < obj->dlpi_phnum; i++) {
        const Elf64_Phdr *ph = &obj->dlpi_phdr[i];
        if (ph->p_type == PT_DYNAMIC)
            dyn = (const Elf64_Dyn *)(t.base + ph->p_vaddr);
        if (ph->p_type == PT_GNU_RELRO) {
            t.relro_start = t.base + ph->p_vaddr;
            t.relro_end = t.relro_start + ph->p_memsz;
        }
    }
    const Elf64_Dyn *symtab = dynamic_entry(dyn, DT_SYMTAB), *strtab = dynamic_entry(dyn, DT_STRTAB);
    if (!symtab || !strtab)
        return;
    t.symbols = (const Elf64_Sym *)dyn_address(symtab, t.base);
    t.strings = (const char *)dyn_address(strtab, t.base);
    const Elf64_Dyn *rela = dynamic_entry(dyn, DT_RELA), *rela_size = dynamic_entry(dyn, DT_RELASZ);
    if (rela && rela_size)
        rebind_relocations(handle, &t, (const Elf64_Rela *)dyn_address(rela, t.base), rela_size->d_un.d_val);
    const Elf64_Dyn *plt = dynamic_entry(dyn, DT_JMPREL), *plt_size = dynamic_entry(dyn, DT_PLTRELSZ);
    const Elf64_Dyn *plt_kind = dynamic_entry(dyn, DT_PLTREL);
    if (plt && plt_size && plt_kind && plt_kind->d_un.d_val == DT_RELA)
        rebind_relocations(handle, &t, (const Elf64_Rela *)dyn_address(plt, t.base), plt_size->d_un.d_val);
}

struct load_count {
    unsigned long long unloads; /* dlpi_subs: objects ever unloaded */
    unsigned long long seen;    /* objects loaded now */
};

static int count_loads(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct load_count *c = data;
    c->unloads = info->dlpi_subs;
    c->seen++;
    return 0;
}

struct rebind_walk {
    void *handle;
    unsigned long long skip; /* objects that were there before the load */
};

static int rebind_new_objects(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct rebind_walk *w = data;
    if (w->skip) {
        w->skip--;
        return 0;
    }
    rebind_object(w->handle, info);
    return 0;
}

void *deepbind_open(void *(*real_dlopen)(const char *, int), const char *file, int mode)
{
    struct load_count before = {0}, after = {0};
    dl_iterate_phdr(count_loads, &before);
    void *handle = real_dlopen(file, mode);
    if (!handle)
        return NULL;
    hw_guard_enter();
    dl_iterate_phdr(count_loads, &after);
    /* New objects are appended to the list; if one was unloaded meanwhile, positions are unknown. */
    if (after.unloads == before.unloads && after.seen >= before.seen) {
        struct rebind_walk walk = {handle, before.seen};
        dl_iterate_phdr(rebind_new_objects, &walk);
        hw_warn_once(&deepbind_warned, "%s is loaded with RTLD_DEEPBIND: its malloc family is bound back to heapwatch",
                     file ? file : "a library");
    } else {
        hw_warn_once(&deepbind_warned,
                     "%s is loaded with RTLD_DEEPBIND while other libraries were unloaded: "
                     "its allocations bypass heapwatch",
                     file ? file : "a library");
    }
    hw_guard_leave();
    return handle;
}

void deepbind_warn_bypass(const char *file)
{
    hw_warn_once(&deepbind_warned,
                 "%s is loaded with RTLD_DEEPBIND through its caller's RUNPATH: its allocations bypass heapwatch",
                 file ? file : "a library");
}
