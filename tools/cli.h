/* cli.h — the subcommands of the fiscus program (tools/fiscus.c dispatches). */
#ifndef FISCUS_CLI_H
#define FISCUS_CLI_H

#include <glib.h>

/* fiscus check REPORT…: argv[0] is "check" */
int fiscus_check_main(int argc, char **argv);

#endif
