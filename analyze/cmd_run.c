/* cmd_run.c: `heapwatch run [options] -- CMD ARGS...`: starts CMD with libheapwatch.so preloaded and
 * configured from the options, by exec'ing it, so CMD keeps heapwatch's pid, stdio and exit status. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "elf_kind.h"
#include "run_locate.h"

static const char usage[] =
    "usage: heapwatch run [options] [--] CMD [ARGS...]\n"
    "Runs CMD with libheapwatch.so preloaded; dumps go to heapwatch.<pid>.<seq>.txt files.\n"
    "  --dir D          write dumps into D (created if missing; default: the current directory)\n"
    "  --interval S     seconds between dumps, fractions allowed; 0 = only on signal and exit (default 5)\n"
    "  --signal SIG     signal that asks for a dump: USR2, SIGUSR2, RTMIN+5, a number; 0 = none\n"
    "  --top N          stacks in each dump's live ranking (default 20)\n"
    "  --depth N        most frames kept per stack (default 32)\n"
    "  --keep N         keep only the newest N dump files (default 0 = all)\n"
    "  --sample BYTES   sample about one allocation per BYTES allocated (default 0 = every one)\n"
    "  -h, --help       this text\n"
    "Exit status: CMD's own; 127 when CMD is not found, 126 when it cannot be executed, 2 on bad options.\n";

/* mkdir -p: creates DIR and its missing parents. */
static bool make_dirs(const char *dir)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *slash = strchr(path + 1, '/'); ; slash = strchr(slash + 1, '/')) {
        if (slash)
            *slash = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return false;
        if (!slash)
            return true;
        *slash = '/';
    }
}

/* Absolute, so that the program may chdir without losing its dumps. */
static bool set_dump_dir(const char *dir)
{
    if (!make_dirs(dir)) {
        hw_cli_error("run", "--dir %s: %s", dir, strerror(errno));
        return false;
    }
    char absolute[PATH_MAX];
    if (!realpath(dir, absolute)) {
        hw_cli_error("run", "--dir %s: %s", dir, strerror(errno));
        return false;
    }
    return setenv("HEAPWATCH_DIR", absolute, 1) == 0;
}

/* The library checks its variables too, but only warns: a typo here should stop before CMD runs. */
static bool set_count(const char *opt, const char *value, const char *var)
{
    uint64_t count;
    return hw_cli_count("run", opt, value, &count) && setenv(var, value, 1) == 0;
}

static bool set_seconds(const char *opt, const char *value, const char *var)
{
    double seconds;
    return hw_cli_seconds("run", opt, value, &seconds) && setenv(var, value, 1) == 0;
}

/* Byte counts may carry a unit here (64K); the library takes plain bytes. */
static bool set_bytes(const char *opt, const char *value, const char *var)
{
    uint64_t bytes;
    char text[32];
    if (!hw_cli_bytes("run", opt, value, &bytes))
        return false;
    snprintf(text, sizeof text, "%llu", (unsigned long long)bytes);
    return setenv(var, text, 1) == 0;
}

static bool prepend_preload(const char *library)
{
    const char *old = getenv("LD_PRELOAD");
    if (!old || !*old)
        return setenv("LD_PRELOAD", library, 1) == 0;
    char *joined;
    if (asprintf(&joined, "%s:%s", library, old) < 0)
        return false;
    int rc = setenv("LD_PRELOAD", joined, 1);
    free(joined);
    return rc == 0;
}

/* Says why CMD will produce no dumps, before running it anyway (it may be what the user wants to run). */
static void warn_if_unreachable(const char *path)
{
    struct stat st;
    if (hw_elf_kind(path) == HW_ELF_STATIC)
        fprintf(stderr, "heapwatch run: warning: %s is statically linked; LD_PRELOAD cannot reach its allocator, "
                "so it will write no dumps\n", path);
    else if (stat(path, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)) && getuid() != 0)
        fprintf(stderr, "heapwatch run: warning: %s is setuid/setgid; the loader ignores LD_PRELOAD for it, "
                "so it will write no dumps\n", path);
}

static bool apply_option(int opt, const char *value)
{
    switch (opt) {
    case 'd': return set_dump_dir(value);
    case 'i': return set_seconds("--interval", value, "HEAPWATCH_INTERVAL");
    case 's': return setenv("HEAPWATCH_SIGNAL", value, 1) == 0;   /* names and numbers: the library parses */
    case 't': return set_count("--top", value, "HEAPWATCH_TOP");
    case 'D': return set_count("--depth", value, "HEAPWATCH_DEPTH");
    case 'k': return set_count("--keep", value, "HEAPWATCH_KEEP");
    case 'S': return set_bytes("--sample", value, "HEAPWATCH_SAMPLE");
    }
    return false;
}

int cmd_run(int argc, char **argv)
{
    static const struct option options[] = {
        { "dir", required_argument, NULL, 'd' },      { "interval", required_argument, NULL, 'i' },
        { "signal", required_argument, NULL, 's' },   { "top", required_argument, NULL, 't' },
        { "depth", required_argument, NULL, 'D' },    { "keep", required_argument, NULL, 'k' },
        { "sample", required_argument, NULL, 'S' },   { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int opt;
    /* '+': stop at CMD, so its own options are left alone. */
    while ((opt = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return HW_EXIT_OK;
        }
        if (opt == '?' || opt == ':')
            return hw_cli_bad_option("run", argv, opt);
        if (!apply_option(opt, optarg))
            return HW_EXIT_ERROR;
    }
    if (optind >= argc)
        return hw_cli_error("run", "no command given (usage: heapwatch run [options] -- CMD [ARGS...])");

    char library[PATH_MAX], program[PATH_MAX];
    struct hw_error err;
    if (!hw_find_library(library, sizeof library, &err))
        return hw_cli_fail("run", &err);
    char **cmd = argv + optind;
    if (!hw_find_program(cmd[0], program, sizeof program)) {
        hw_cli_error("run", "%s: command not found", cmd[0]);
        return 127;
    }
    warn_if_unreachable(program);
    if (!prepend_preload(library))
        return hw_cli_error("run", "cannot set LD_PRELOAD: %s", strerror(errno));
    execvp(cmd[0], cmd);
    int status = errno == ENOENT ? 127 : 126;
    hw_cli_error("run", "%s: %s", cmd[0], strerror(errno));
    return status;
}
