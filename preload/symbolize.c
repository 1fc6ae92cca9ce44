/*
 * symbolize.c - symbolization with elfutils' libdwfl, plus a per-address cache.
 *
 * libdwfl reads .symtab (so static functions get names, not just exported ones) and DWARF line
 * tables. Each time the set of loaded objects changes, a fresh module list is built, and the
 * previous few are kept: a frame that no current module covers is looked up in them, so frames of
 * a library that was dlclose'd since still resolve (dl_hooks.c makes sure a list that knows the
 * library exists before it goes). Separate debug files are searched only on local disk: a
 * profiler inside a production process must never go to the network (debuginfod).
 */
#include "symbolize.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <elfutils/libdwfl.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "arena.h"
#include "own_fd.h"

#define CACHE_SLOTS (1u << 16)

struct cached_frame {
    uintptr_t address; /* 0 = empty */
    struct frame_symbol symbol;
};

#define GENERATIONS 4

static Dwfl *dwfls[GENERATIONS]; /* [0] is the current module list, then older ones */
static unsigned long long loaded_generation; /* dlpi_adds + dlpi_subs when modules were last reported */
static struct cached_frame *cache;
static uint32_t cache_used;
static struct bump strings = {.for_dumps = 1};

static int local_debuginfo_only(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                                const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
                                char **debuginfo_file_name)
{
    (void)mod, (void)userdata, (void)modname, (void)base, (void)file_name, (void)debuglink_file;
    (void)debuglink_crc, (void)debuginfo_file_name;
    return -1; /* use the module's own .symtab and DWARF when it has them */
}

/*
 * libdwfl's own finder keeps a descriptor open per module for the life of the process: that is
 * descriptors the program did not open, which daemons close behind our back and tests see as
 * leaks. The file is mapped instead and its descriptor closed at once; the mapping stays valid.
 */
static int find_elf_mapped(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                           char **file_name, Elf **elfp)
{
    if (modname[0] != '/') /* [vdso] and the like: read from memory, no descriptor kept */
        return dwfl_linux_proc_find_elf(mod, userdata, modname, base, file_name, elfp);
    struct own_fd file;
    if (own_open(&file, AT_FDCWD, modname, O_RDONLY, 0) < 0)
        return -1;
    Elf *elf = elf_begin(file.fd, ELF_C_READ_MMAP, NULL);
    if (elf)
        elf_cntl(elf, ELF_C_FDDONE);
    own_close(&file);
    *elfp = elf;
    return -1;
}

static const Dwfl_Callbacks callbacks = {
    .find_elf = find_elf_mapped,
    .find_debuginfo = local_debuginfo_only,
};

static int read_generation(struct dl_phdr_info *info, size_t size, void *out)
{
    (void)size;
    *(unsigned long long *)out = info->dlpi_adds + info->dlpi_subs;
    return 1;
}

void symbolize_refresh(void)
{
    unsigned long long generation = 0;
    dl_iterate_phdr(read_generation, &generation);
    if (dwfls[0] && generation == loaded_generation)
        return;
    Dwfl *fresh = dwfl_begin(&callbacks);
    if (!fresh)
        return;
    dwfl_report_begin(fresh);
    /* Our own thread's view: /proc/<pid>/maps is empty once main has called pthread_exit. */
    dwfl_linux_proc_report(fresh, gettid());
    dwfl_report_end(fresh, NULL, NULL);
    if (dwfls[GENERATIONS - 1])
        dwfl_end(dwfls[GENERATIONS - 1]);
    for (unsigned g = GENERATIONS - 1; g > 0; g--)
        dwfls[g] = dwfls[g - 1];
    dwfls[0] = fresh;
    loaded_generation = generation;
}

/* The module holding `address`, preferring what is loaded now. */
static Dwfl_Module *module_of(Dwarf_Addr address)
{
    for (unsigned g = 0; g < GENERATIONS && dwfls[g]; g++) {
        Dwfl_Module *mod = dwfl_addrmodule(dwfls[g], address);
        if (mod)
            return mod;
    }
    return NULL;
}

static const char *keep(const char *s)
{
    return s ? bump_strdup(&strings, s, strlen(s)) : NULL;
}

static void resolve_with_dladdr(uintptr_t address, struct frame_symbol *out)
{
    Dl_info info;
    if (!dladdr((void *)(address - 1), &info))
        return;
    out->module = keep(info.dli_fname);
    out->module_offset = address - (uintptr_t)info.dli_fbase;
    if (info.dli_sname) {
        out->function = keep(info.dli_sname);
        out->function_offset = address - (uintptr_t)info.dli_saddr;
    }
}

static void resolve(uintptr_t address, struct frame_symbol *out)
{
    memset(out, 0, sizeof *out);
    Dwfl_Module *mod = module_of(address - 1);
    if (!mod) {
        resolve_with_dladdr(address, out);
        return;
    }
    const char *name = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    Dwarf_Addr bias = 0;
    if (!dwfl_module_getelf(mod, &bias)) {
        resolve_with_dladdr(address, out);
        return;
    }
    out->module = keep(name);
    out->module_offset = address - bias;
    GElf_Off offset;
    GElf_Sym sym;
    const char *function = dwfl_module_addrinfo(mod, address - 1, &offset, &sym, NULL, NULL, NULL);
    if (function) {
        out->function = keep(function);
        out->function_offset = offset + 1;
    }
    Dwfl_Line *line = dwfl_module_getsrc(mod, address - 1);
    if (line) {
        int lineno = 0;
        const char *file = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);
        if (file && lineno > 0) {
            out->file = keep(file);
            out->line = lineno;
        }
    }
}

void symbolize(uintptr_t address, struct frame_symbol *out)
{
    if (!cache)
        cache = arena_map_for_dumps(CACHE_SLOTS * sizeof *cache);
    if (!cache || !address) {
        resolve(address, out);
        return;
    }
    uint32_t i = (uint32_t)((address >> 2) * 0x9e3779b1u) & (CACHE_SLOTS - 1);
    for (; cache[i].address; i = (i + 1) & (CACHE_SLOTS - 1)) {
        if (cache[i].address == address) {
            *out = cache[i].symbol;
            return;
        }
    }
    resolve(address, out);
    /* Stop caching at half full rather than evict: probes stay short and memory stays bounded. */
    if (cache_used < CACHE_SLOTS / 2) {
        cache[i].address = address;
        cache[i].symbol = *out;
        cache_used++;
    }
}

int symbolize_executable_defines(const char *name)
{
    symbolize_refresh();
    /* The executable is the module that holds the program's entry point. */
    Dwfl_Module *mod = dwfls[0] ? dwfl_addrmodule(dwfls[0], (Dwarf_Addr)getauxval(AT_ENTRY)) : NULL;
    int count = mod ? dwfl_module_getsymtab(mod) : -1;
    for (int i = 1; i < count; i++) {
        GElf_Sym sym;
        const char *sym_name = dwfl_module_getsym(mod, i, &sym, NULL);
        if (sym_name && sym.st_shndx != SHN_UNDEF && strcmp(sym_name, name) == 0)
            return 1;
    }
    return 0;
}

void symbolize_after_fork(void)
{
    /* Leaked on purpose: the parent's dump thread may have been inside them. */
    memset(dwfls, 0, sizeof dwfls);
    cache = NULL;
    cache_used = 0;
    strings = (struct bump){.for_dumps = 1};
}
