/* cmd_flame.c: `heapwatch flame [DUMP|DIR]`: the live heap of one dump as collapsed stacks
 * ("root;caller;...;leaf bytes"), the input of flamegraph.pl, speedscope and inferno. Stacks the dump
 * does not itemize (its `rest`) become one "[N other stacks]" line, so the weights add up to the dump's
 * total. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "frames.h"
#include "input.h"

static const char usage[] =
    "usage: heapwatch flame [DUMP|DIR] [--value live|count|alloc] [--pid PID]\n"
    "Writes the dump's stacks as collapsed lines (root first) for flamegraph.pl, speedscope or inferno:\n"
    "  heapwatch flame DIR | flamegraph.pl --colors mem --countname bytes > heap.svg\n"
    "  --value V   live bytes (default), count (live blocks) or alloc (bytes allocated since start)\n"
    "  --pid PID   which process, when DIR holds dumps of several\n";

enum flame_value { VALUE_LIVE, VALUE_COUNT, VALUE_ALLOC };

/* Collapsed-stack readers split frames at ';' and the weight at the last blank. */
static void print_frame(const struct hw_frame *f)
{
    char label[HW_LABEL_SIZE];
    hw_frame_label(f, label, sizeof label);
    for (char *p = label; *p; p++)
        if (*p == ';' || (unsigned char)*p < 0x20)
            *p = '_';
    fputs(label, stdout);
}

static uint64_t value_of(const struct hw_stack *s, enum flame_value v)
{
    return v == VALUE_LIVE ? s->live_bytes : v == VALUE_COUNT ? s->live_blocks : s->alloc_bytes;
}

static void print_flame(const struct hw_dump *d, enum flame_value v)
{
    for (size_t i = 0; i < d->live.nstacks; i++) {
        const struct hw_stack *s = &d->live.stacks[i];
        if (value_of(s, v) == 0 || s->nframes == 0)
            continue;
        for (size_t f = s->nframes; f-- > 0;) {
            print_frame(&s->frames[f]);
            putchar(f ? ';' : ' ');
        }
        printf("%" PRIu64 "\n", value_of(s, v));
    }
    uint64_t rest = v == VALUE_LIVE ? d->rest.live_bytes : v == VALUE_COUNT ? d->rest.live_blocks : d->rest.alloc_bytes;
    if (rest)
        printf("[%" PRIu64 " other stacks] %" PRIu64 "\n", d->rest.stacks, rest);
}

int cmd_flame(int argc, char **argv)
{
    static const struct option options[] = {
        { "value", required_argument, NULL, 'v' }, { "pid", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },        { NULL, 0, NULL, 0 },
    };
    static const char *const values[] = { "live", "count", "alloc", NULL };
    enum flame_value value = VALUE_LIVE;
    uint64_t pid = 0;
    int opt, choice;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'v':
            if (!hw_cli_choice("flame", "--value", optarg, values, &choice))
                return HW_EXIT_ERROR;
            value = (enum flame_value)choice;
            break;
        case 'p': if (!hw_cli_count("flame", "--pid", optarg, &pid)) return HW_EXIT_ERROR; break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("flame", argv, opt);
        }
    }
    struct hw_input in;
    int status;
    if (!hw_input_open_operand("flame", argc, argv, optind, pid, &in, &status))
        return status;
    print_flame(&in.dump, value);
    hw_input_close(&in);
    return HW_EXIT_OK;
}
