/* elf_kind.h: tells whether a program file can be reached by LD_PRELOAD at all, so `heapwatch run`
 * can warn before running a statically linked program that would produce no dumps. */
#ifndef HEAPWATCH_ELF_KIND_H
#define HEAPWATCH_ELF_KIND_H

enum hw_elf_kind {
    HW_ELF_DYNAMIC,      /* has a PT_INTERP: the dynamic loader runs and honours LD_PRELOAD */
    HW_ELF_STATIC,       /* ELF without PT_INTERP: no loader, LD_PRELOAD is ignored */
    HW_ELF_NOT_ELF,      /* a script or something else: its interpreter decides */
    HW_ELF_UNREADABLE,
};

enum hw_elf_kind hw_elf_kind(const char *path);

#endif
