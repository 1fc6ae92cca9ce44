/*
 * core_two_paths - one allocating helper reached through two callers, 300 and 700 times.
 *
 * For tests/core/test_two_paths.sh: the dump must show two stacks with two_paths_new_entry at
 * frame 0, told apart by frame 1 (two_paths_from_parser: 300 blocks, two_paths_from_loader: 700),
 * each block ENTRY_SIZE bytes and still live at exit.
 */
#include <stdlib.h>

enum { ENTRY_SIZE = 48, PARSER_ENTRIES = 300, LOADER_ENTRIES = 700 };

static void *entries[PARSER_ENTRIES + LOADER_ENTRIES];
static int entry_count;

__attribute__((noinline)) static void two_paths_new_entry(void)
{
    entries[entry_count] = malloc(ENTRY_SIZE);
    if (!entries[entry_count])
        exit(1);
    entry_count++;
}

__attribute__((noinline)) static void two_paths_from_parser(void)
{
    for (int i = 0; i < PARSER_ENTRIES; i++)
        two_paths_new_entry();
}

__attribute__((noinline)) static void two_paths_from_loader(void)
{
    for (int i = 0; i < LOADER_ENTRIES; i++)
        two_paths_new_entry();
}

int main(void)
{
    two_paths_from_parser();
    two_paths_from_loader();
    return 0;
}
