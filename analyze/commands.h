/* commands.h: the subcommands of `heapwatch`. Each takes its own argv (argv[0] is the subcommand's
 * name), parses its options, and returns the process exit status (cli.h). */
#ifndef HEAPWATCH_COMMANDS_H
#define HEAPWATCH_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_flame(int argc, char **argv);
int cmd_pprof(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
