/* cli.h — the subcommands of the fiscus program (tools/fiscus.c dispatches). */
#ifndef FISCUS_CLI_H
#define FISCUS_CLI_H

#include <glib.h>

/* Loads reader/writer plugins: the installed directory, FISCUS_PLUGIN_PATH,
 * then dirs (NULL-terminated, may be NULL). tools/fiscus.c */
void fiscus_load_plugins(char **dirs);
/* fiscus check REPORT…: argv[0] is "check" */
int fiscus_check_main(int argc, char **argv);

#endif
