/*
 * dump_writer.c - the dump file's text (docs/FORMAT.md), and the file handling around it.
 */
#include "dump_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "openssl_hooks.h"
#include "outbuf.h"
#include "own_fd.h"
#include "procinfo.h"
#include "sites.h"
#include "stack_table.h"
#include "symbolize.h"

#define FORMAT_VERSION 1

static struct outbuf out;
static int dir_warned, write_warned, name_warned, series_warned;

void identity_read(struct identity *id)
{
    id->pid = getpid();
    ssize_t n = readlink("/proc/self/exe", id->exe, sizeof id->exe - 1);
    id->exe[n > 0 ? n : 0] = '\0';
    long len = procinfo_read_file("/proc/self/cmdline", id->cmdline, sizeof id->cmdline);
    id->cmdline_len = len > 0 ? (size_t)len : 0;
}

/*
 * UTC by arithmetic (Howard Hinnant's days-to-civil algorithm), not gmtime_r: glibc's takes the
 * time-zone lock, which a fork at the wrong moment would leave held in the child.
 */
static void format_time(char *buf, size_t size, uint64_t ns)
{
    uint64_t secs = ns / 1000000000u;
    int64_t days = (int64_t)(secs / 86400u) + 719468;
    unsigned day_secs = (unsigned)(secs % 86400u);
    int64_t era = days / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned day = doy - (153 * mp + 2) / 5 + 1;
    unsigned month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = (int64_t)yoe + era * 400 + (month <= 2);
    snprintf(buf, size, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", (long long)year, month, day, day_secs / 3600,
             day_secs / 60 % 60, day_secs % 60, (unsigned)(ns / 1000000u % 1000u));
}

static void seconds(char *buf, size_t size, uint64_t ns)
{
    snprintf(buf, size, "%llu.%03u", (unsigned long long)(ns / 1000000000u), (unsigned)(ns / 1000000u % 1000u));
}

static void header_str(const char *key, const char *value)
{
    ob_printf(&out, "%s ", key);
    ob_field(&out, value);
    ob_puts(&out, "\n");
}

static void header_num(const char *key, uint64_t value)
{
    ob_printf(&out, "%s %llu\n", key, (unsigned long long)value);
}

static void header_bytes(const char *key, int64_t value)
{
    char human[32];
    format_bytes_human(human, sizeof human, value, 0);
    ob_printf(&out, "%s %lld %s\n", key, (long long)value, human);
}

static void write_header(const struct snapshot *s, const struct identity *id)
{
    char buf[64];
    ob_printf(&out, "heapwatch-dump %d\n", FORMAT_VERSION);
    header_num("pid", (uint64_t)id->pid);
    header_num("ppid", (uint64_t)getppid());
    header_str("exe", id->exe);
    ob_puts(&out, "cmdline");
    for (size_t i = 0; i < id->cmdline_len; i += strlen(id->cmdline + i) + 1) {
        ob_puts(&out, " ");
        ob_field(&out, id->cmdline + i);
    }
    ob_puts(&out, "\n");
    header_num("seq", s->seq);
    header_str("reason", s->reason == DUMP_EXIT ? "exit" : s->reason == DUMP_SIGNAL ? "signal" : "interval");
    header_num("final", s->reason == DUMP_EXIT);
    format_time(buf, sizeof buf, s->time_ns);
    header_str("time", buf);
    seconds(buf, sizeof buf, s->time_ns);
    header_str("time_unix", buf);
    seconds(buf, sizeof buf, s->uptime_ns);
    header_str("uptime", buf);
    ob_printf(&out, "interval %g\n", hw_config.interval);
    header_num("depth", hw_config.depth);
    header_num("sample_rate", hw_config.sample);
    header_num("estimated", hw_config.sample > 0);

    const char *state;
    char detail[256];
    openssl_describe(s->openssl_allocs, &state, detail, sizeof detail);
    ob_printf(&out, "openssl %s ", state);
    ob_field(&out, detail);
    ob_puts(&out, "\n");

    header_bytes("live_bytes", s->live_bytes);
    header_num("live_blocks", (uint64_t)s->live_blocks);
    header_bytes("peak_live_bytes", s->proc.peak_bytes);
    if (s->proc.peak_time_ns) {
        format_time(buf, sizeof buf, s->proc.peak_time_ns);
        header_str("peak_time", buf);
        uint64_t started = s->time_ns - s->uptime_ns;
        seconds(buf, sizeof buf, s->proc.peak_time_ns > started ? s->proc.peak_time_ns - started : 0);
        header_str("peak_uptime", buf);
    } else {
        ob_puts(&out, "peak_time -\npeak_uptime -\n");
    }
    header_num("total_allocs", s->total_allocs);
    header_num("total_frees", s->total_frees);
    header_bytes("total_alloc_bytes", (int64_t)s->total_alloc_bytes);
    header_bytes("total_freed_bytes", (int64_t)s->total_freed_bytes);
    header_num("untracked_frees", s->proc.untracked_frees);
    header_num("mismatched_frees", s->proc.mismatched_frees);
    header_num("dropped_allocs", s->proc.dropped_allocs);
    header_bytes("openssl_live_bytes", s->openssl_live_bytes);
    header_num("openssl_live_blocks", (uint64_t)s->openssl_live_blocks);
    header_num("openssl_total_allocs", s->openssl_allocs);
    header_bytes("rss_bytes", (int64_t)s->os.rss_bytes);
    header_num("fds", s->os.fds);
    header_num("sockets", s->os.sockets);
    header_num("threads", s->os.threads);
    header_bytes("self_bytes", (int64_t)s->self_bytes);
    header_num("metadata_bytes_per_block", s->metadata_bytes_per_block);
    header_num("stacks", s->stacks);
    header_num("sites", s->sites);
    header_num("dump_pause_max_us", s->dump_pause_max_us);
}

static void write_frames(uint32_t id)
{
    struct stack *st = stack_table_get(id);
    for (uint32_t i = 0; i < st->depth; i++) {
        struct frame_symbol sym;
        symbolize(st->frames[i], &sym);
        ob_printf(&out, "frame %u 0x%llx ", i, (unsigned long long)st->frames[i]);
        ob_field(&out, sym.module);
        if (sym.module)
            ob_printf(&out, " 0x%llx ", (unsigned long long)sym.module_offset);
        else
            ob_puts(&out, " ? ");
        if (sym.function) {
            ob_field(&out, sym.function);
            ob_printf(&out, "+0x%llx ", (unsigned long long)sym.function_offset);
        } else {
            ob_puts(&out, "? ");
        }
        if (sym.file) {
            ob_field(&out, sym.file);
            ob_printf(&out, ":%d\n", sym.line);
        } else {
            ob_puts(&out, "?\n");
        }
    }
}

static void share(char *buf, size_t size, int64_t part, int64_t whole)
{
    double pct = whole > 0 ? 100.0 * (double)part / (double)whole : 0.0;
    snprintf(buf, size, "%.2f%%", pct);
}

static void write_ranking(const struct snapshot *s, const char *kind, const struct ranking *r)
{
    ob_printf(&out, "\nranking %s %u %u\n", kind, r->shown, r->candidates);
    if (r->shown)
        ob_puts(&out, "#     rank id       live_bytes   blocks      alloc_bytes  alloc_blocks     peak_bytes"
                      "   growth_bytes  at_peak_bytes    share site human\n");
    for (uint32_t i = 0; i < r->shown; i++) {
        const struct stack_row *row = &s->rows[r->order[i]];
        char pct[16], human[32];
        share(pct, sizeof pct, row->live_bytes, s->live_bytes);
        int64_t ranked = kind[0] == 'g' ? row->growth_bytes : kind[0] == 'p' ? row->at_peak_bytes : row->live_bytes;
        format_bytes_human(human, sizeof human, ranked, kind[0] == 'g');
        ob_printf(&out, "stack %4u %-6u %12lld %8lld %16llu %13llu %14lld %+14lld %14lld %8s ", i + 1, row->id,
                  (long long)row->live_bytes, (long long)row->live_blocks, (unsigned long long)row->alloc_bytes,
                  (unsigned long long)row->alloc_blocks, (long long)row->peak_bytes, (long long)row->growth_bytes,
                  (long long)row->at_peak_bytes, pct);
        ob_field(&out, row->site == SITE_NONE ? "-" : site_name(row->site));
        ob_printf(&out, " %s\n", human);
        write_frames(row->id);
    }
}

static void write_rest(const struct snapshot *s)
{
    char pct[16], human[32];
    share(pct, sizeof pct, s->rest.live_bytes, s->live_bytes);
    format_bytes_human(human, sizeof human, s->rest.live_bytes, 0);
    ob_printf(&out, "rest %u %lld %lld %llu %llu %s %s\n", s->rest.stacks, (long long)s->rest.live_bytes,
              (long long)s->rest.live_blocks, (unsigned long long)s->rest.alloc_bytes,
              (unsigned long long)s->rest.alloc_blocks, pct, human);
}

static void write_sites(const struct snapshot *s)
{
    const struct ranking *r = &s->site_ranking;
    ob_printf(&out, "\nsites %u %u %lld\n", r->shown, r->candidates, (long long)s->openssl_live_bytes);
    if (r->shown)
        ob_puts(&out, "#    rank site                                   live_bytes   blocks alloc_blocks    share human\n");
    for (uint32_t i = 0; i < r->shown; i++) {
        const struct site_row *row = &s->site_rows[r->order[i]];
        char pct[16], human[32];
        share(pct, sizeof pct, row->live_bytes, s->openssl_live_bytes);
        format_bytes_human(human, sizeof human, row->live_bytes, 0);
        ob_printf(&out, "site %4u ", i + 1);
        ob_field(&out, site_name(row->site));
        ob_printf(&out, " %12lld %8lld %12llu %8s %s\n", (long long)row->live_bytes, (long long)row->live_blocks,
                  (unsigned long long)row->alloc_blocks, pct, human);
    }
}

static void emit_map(void *ctx, uint64_t start, uint64_t end, uint64_t offset, const char *path)
{
    (*(uint32_t *)ctx)++;
    ob_printf(&out, "map 0x%llx 0x%llx 0x%llx ", (unsigned long long)start, (unsigned long long)end,
              (unsigned long long)offset);
    ob_field(&out, path);
    ob_puts(&out, "\n");
}

/* One pass over /proc/self/maps (it can change between two): the count goes in front afterwards. */
static void write_maps(void)
{
    uint32_t count = 0;
    size_t header_at = out.len;
    procinfo_each_code_mapping(emit_map, &count);
    char header[32];
    int n = snprintf(header, sizeof header, "\nmaps %u\n", count);
    ob_insert(&out, header_at, header, (size_t)n);
}

static void write_dump_text(const struct snapshot *s, const struct identity *id)
{
    write_header(s, id);
    symbolize_refresh();
    write_ranking(s, "live", &s->live);
    write_rest(s);
    write_ranking(s, "growth", &s->growth);
    write_ranking(s, "peak", &s->peak);
    write_sites(s);
    write_maps();
    ob_puts(&out, "end\n");
}

/* Opens the dump directory into *dir; returns 0, or -1 after warning once. */
static int open_dir(struct own_fd *dir)
{
    if (own_open(dir, AT_FDCWD, hw_config.dir, O_RDONLY | O_DIRECTORY, 0) < 0 && errno == ENOENT &&
        mkdir(hw_config.dir, 0700) == 0)
        own_open(dir, AT_FDCWD, hw_config.dir, O_RDONLY | O_DIRECTORY, 0);
    if (dir->fd < 0) {
        hw_warn_once(&dir_warned, "cannot open dump directory %s: %s; no dumps until it works", hw_config.dir,
                     strerror(errno));
        return -1;
    }
    /*
     * Someone else's directory is refused (even when root could write there): its owner could swap
     * files under us. A sticky directory such as /tmp is fine: nobody can touch files we own there.
     */
    struct stat st;
    if (fstat(dir->fd, &st) == 0 && st.st_uid != geteuid() && !(st.st_mode & S_ISVTX)) {
        hw_warn_once(&dir_warned, "refusing dump directory %s: it belongs to another user", hw_config.dir);
        own_close(dir);
        return -1;
    }
    return 0;
}

/*
 * Writes the whole buffer to a file opened with `flags`, on a descriptor that lives only for this
 * call. If the program closed or dup2()'d over it meanwhile, nothing more is written through it.
 */
static int write_file(int dirfd, const char *name, int flags)
{
    struct own_fd file;
    if (own_open(&file, dirfd, name, flags | O_WRONLY | O_NOFOLLOW, 0600) < 0)
        return -1;
    int rc = own_still(&file) ? ob_write_to(&out, file.fd) : -1;
    if (rc == 0 && !own_still(&file)) {
        errno = EBADF;
        rc = -1;
    }
    int saved = errno;
    own_close(&file);
    errno = saved;
    return rc;
}

static void append_series(int dirfd, const struct snapshot *s, const struct identity *id)
{
    char name[64];
    snprintf(name, sizeof name, "heapwatch.%d.series", (int)id->pid);
    struct stat st;
    ob_reset(&out);
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        ob_printf(&out, "heapwatch-series %d %d ", FORMAT_VERSION, (int)id->pid);
        ob_field(&out, id->exe);
        ob_puts(&out, "\n# seq time_unix uptime reason live_bytes live_blocks peak_live_bytes rss_bytes fds sockets"
                      " threads openssl_live_bytes total_allocs total_frees self_bytes\n");
    }
    char t[32], up[32];
    seconds(t, sizeof t, s->time_ns);
    seconds(up, sizeof up, s->uptime_ns);
    ob_printf(&out, "point %u %s %s %s %lld %lld %lld %llu %u %u %u %lld %llu %llu %llu\n", s->seq, t, up,
              s->reason == DUMP_EXIT ? "exit" : s->reason == DUMP_SIGNAL ? "signal" : "interval",
              (long long)s->live_bytes, (long long)s->live_blocks, (long long)s->proc.peak_bytes,
              (unsigned long long)s->os.rss_bytes, s->os.fds, s->os.sockets, s->os.threads,
              (long long)s->openssl_live_bytes, (unsigned long long)s->total_allocs,
              (unsigned long long)s->total_frees, (unsigned long long)s->self_bytes);
    if (write_file(dirfd, name, O_APPEND | O_CREAT) != 0)
        hw_warn_once(&series_warned, "cannot append to %s/%s: %s", hw_config.dir, name, strerror(errno));
}

static void prune(int dirfd, const struct snapshot *s, const struct identity *id)
{
    if (hw_config.keep == 0 || s->seq < hw_config.keep)
        return;
    char name[64];
    snprintf(name, sizeof name, "heapwatch.%d.%06u.txt", (int)id->pid, s->seq - hw_config.keep);
    unlinkat(dirfd, name, 0);
}

struct seq_search {
    char prefix[32];
    size_t prefix_len;
    uint32_t next;
};

static int note_seq(int dirfd, const char *name, void *ctx)
{
    struct seq_search *search = ctx;
    if (strncmp(name, search->prefix, search->prefix_len) != 0)
        return 0;
    char *end;
    unsigned long seq = strtoul(name + search->prefix_len, &end, 10);
    struct stat st;
    /* Only our own dumps count: a name planted by someone else is met, refused and skipped later. */
    if (strcmp(end, ".txt") == 0 && seq + 1 > search->next && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(st.st_mode))
        search->next = (uint32_t)(seq + 1);
    return 0;
}

uint32_t dump_first_free_seq(pid_t pid)
{
    struct seq_search search = {.next = 0};
    search.prefix_len = (size_t)snprintf(search.prefix, sizeof search.prefix, "heapwatch.%d.", (int)pid);
    struct own_fd dir;
    if (own_open(&dir, AT_FDCWD, hw_config.dir, O_RDONLY | O_DIRECTORY, 0) < 0)
        return 0;
    procinfo_each_entry(dir.fd, note_seq, &search);
    own_close(&dir);
    return search.next;
}

int dump_name_taken(pid_t pid, uint32_t seq)
{
    struct own_fd dir;
    if (own_open(&dir, AT_FDCWD, hw_config.dir, O_RDONLY | O_DIRECTORY, 0) < 0)
        return 0;
    char name[64];
    struct stat st;
    snprintf(name, sizeof name, "heapwatch.%d.%06u.txt", (int)pid, seq);
    int taken = fstatat(dir.fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (taken)
        hw_warn_once(&name_warned, "%s/%s already exists and is not ours; leaving it alone, skipping its number",
                     hw_config.dir, name);
    own_close(&dir);
    return taken;
}

int dump_write(const struct snapshot *s, const struct identity *id)
{
    ob_reset(&out);
    write_dump_text(s, id);
    if (out.failed) {
        hw_warn_once(&write_warned, "out of memory for the dump text; will retry");
        return -1;
    }
    struct own_fd dir;
    if (open_dir(&dir) != 0)
        return -1;
    int dirfd = dir.fd;
    char final_name[64], temp_name[64];
    snprintf(final_name, sizeof final_name, "heapwatch.%d.%06u.txt", (int)id->pid, s->seq);
    snprintf(temp_name, sizeof temp_name, ".heapwatch.%d.%06u.tmp", (int)id->pid, s->seq);

    struct stat st;
    if (fstatat(dirfd, final_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        /* Taken since dump_name_taken looked: the next dump tries the next number. */
        own_close(&dir);
        return -1;
    }
    /* A leftover temporary (or a link planted there) is removed, never followed. */
    unlinkat(dirfd, temp_name, 0);
    int rc = write_file(dirfd, temp_name, O_CREAT | O_EXCL);
    if (rc == 0 && renameat(dirfd, temp_name, dirfd, final_name) != 0)
        rc = -1;
    if (rc != 0) {
        int saved = errno;
        unlinkat(dirfd, temp_name, 0);
        hw_warn_once(&write_warned, "cannot write dumps in %s: %s; will retry", hw_config.dir, strerror(saved));
        own_close(&dir);
        return -1;
    }
    dir_warned = write_warned = 0;
    append_series(dirfd, s, id);
    prune(dirfd, s, id);
    own_close(&dir);
    return 0;
}
