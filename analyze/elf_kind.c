/* elf_kind.c: reads just enough of an ELF file (header and program headers, 32- or 64-bit) to see
 * whether it asks for a dynamic loader. */
#include "elf_kind.h"

#include <elf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static bool read_at(int fd, void *buf, size_t len, off_t offset)
{
    return pread(fd, buf, len, offset) == (ssize_t)len;
}

/* Walks PHNUM program headers of PHENTSIZE bytes at PHOFF looking for PT_INTERP; p_type is the first
 * 32-bit word in both classes. */
static enum hw_elf_kind scan_program_headers(int fd, off_t phoff, unsigned phnum, unsigned phentsize)
{
    if (phentsize < sizeof(uint32_t))
        return HW_ELF_UNREADABLE;
    for (unsigned i = 0; i < phnum; i++) {
        uint32_t type;
        if (!read_at(fd, &type, sizeof type, phoff + (off_t)i * phentsize))
            return HW_ELF_UNREADABLE;
        if (type == PT_INTERP)
            return HW_ELF_DYNAMIC;
    }
    return HW_ELF_STATIC;
}

enum hw_elf_kind hw_elf_kind(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return HW_ELF_UNREADABLE;
    Elf64_Ehdr eh64;
    enum hw_elf_kind kind = HW_ELF_NOT_ELF;
    if (!read_at(fd, &eh64, sizeof eh64, 0) || memcmp(eh64.e_ident, ELFMAG, SELFMAG) != 0) {
        kind = HW_ELF_NOT_ELF;
    } else if (eh64.e_ident[EI_CLASS] == ELFCLASS64) {
        kind = scan_program_headers(fd, (off_t)eh64.e_phoff, eh64.e_phnum, eh64.e_phentsize);
    } else {
        Elf32_Ehdr eh32;
        memcpy(&eh32, &eh64, sizeof eh32);
        kind = scan_program_headers(fd, (off_t)eh32.e_phoff, eh32.e_phnum, eh32.e_phentsize);
    }
    close(fd);
    return kind;
}
