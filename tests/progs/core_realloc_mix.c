/*
 * core_realloc_mix - random malloc, realloc, posix_memalign and free over many slots, checking
 * every byte the program wrote survives and malloc_usable_size covers what was asked.
 *
 * For tests/core/test_realloc_mix.sh, which runs it tracking everything and sampling: a block may
 * gain a tag (an unrecorded block reallocated into a recorded one), keep it, or lose it (a
 * recorded block reallocated as unrecorded), and be aligned to 16..256 (tagged with room in front
 * up to 64, listed above). Everything is freed at the end, so the exit dump's live bytes are 0.
 * Usage: core_realloc_mix [ROUNDS]
 */
#include <malloc.h>

#include "stress_report.h"

enum { SLOTS = 1000 };

static unsigned char *blocks[SLOTS];
static size_t sizes[SLOTS];
static unsigned char fill[SLOTS];

static void check_slot(int i)
{
    for (size_t k = 0; k < sizes[i]; k++)
        if (blocks[i][k] != fill[i])
            die("a byte changed");
    if (blocks[i] && malloc_usable_size(blocks[i]) < sizes[i])
        die("usable size below the size asked");
}

int main(int argc, char **argv)
{
    long rounds = count_arg(argc, argv, 1, 300000);
    uint64_t state = 1;
    for (long round = 0; round < rounds; round++) {
        uint64_t r = pick(&state);
        int i = (int)(r % SLOTS);
        size_t n = (size_t)((r >> 20) % 3000) + 1;
        check_slot(i);
        switch ((r >> 40) % 4) {
        case 0:
            free(blocks[i]);
            blocks[i] = NULL;
            sizes[i] = 0;
            break;
        case 1: {
            unsigned char *grown = realloc(blocks[i], n);
            if (!grown)
                die("realloc failed");
            if (n > sizes[i])
                memset(grown + sizes[i], fill[i], n - sizes[i]);
            blocks[i] = grown;
            sizes[i] = n;
            break;
        }
        default: {
            free(blocks[i]);
            void *fresh = NULL;
            if ((r >> 40) % 4 == 2 ? posix_memalign(&fresh, (size_t)16 << (r % 5), n) != 0
                                   : (fresh = malloc(n)) == NULL)
                die("allocation failed");
            blocks[i] = fresh;
            sizes[i] = n;
            fill[i] = (unsigned char)(r >> 8);
            memset(fresh, fill[i], n);
        }
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        check_slot(i);
        free(blocks[i]);
    }
    return 0;
}
