/* input.c: opens a DUMP|DIR argument (see input.h). Only the newest dump of a directory is parsed. */
#include "input.h"

#include "cli.h"

#include <string.h>
#include <sys/stat.h>

bool hw_input_open(const char *path, uint64_t pid, struct hw_input *in, struct hw_error *err)
{
    memset(in, 0, sizeof *in);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return hw_dump_load(path, &in->dump, err);   /* reports a missing path too */
    if (!hw_dir_scan(path, &in->dir, err))
        return false;
    struct hw_process *proc = hw_dir_pick(&in->dir, pid, err);
    if (proc && hw_process_load_file(proc, proc->nfiles - 1, &in->dump, err))
        return true;
    hw_dir_free(&in->dir);
    return false;
}

bool hw_input_open_operand(const char *cmd, int argc, char **argv, int first, uint64_t pid, struct hw_input *in,
                           int *status)
{
    struct hw_error err;
    if (argc - first > 1) {
        *status = hw_cli_error(cmd, "one DUMP or DIR at most (see heapwatch %s --help)", cmd);
        return false;
    }
    if (hw_input_open(first < argc ? argv[first] : ".", pid, in, &err))
        return true;
    *status = hw_cli_fail(cmd, &err);
    return false;
}

void hw_input_close(struct hw_input *in)
{
    hw_dump_free(&in->dump);
    hw_dir_free(&in->dir);
}
