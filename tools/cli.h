/* cli.h — the subcommands of the fiscus program (tools/fiscus.c dispatches). */
#ifndef FISCUS_CLI_H
#define FISCUS_CLI_H

#include "../core/fiscus.h"

#include <glib.h>
#include <stdbool.h>

/* Loads reader/writer plugins: the installed directory, FISCUS_PLUGIN_PATH,
 * then dirs (NULL-terminated, may be NULL). tools/fiscus.c */
void fiscus_load_plugins(char **dirs);
/* fiscus check REPORT…: argv[0] is "check" */
int fiscus_check_main(int argc, char **argv);

/* An input of a conversion: the file to read ("-" for stdin) and the name its
 * outputs take under -o DIR, without extension ("2023/x"). tools/inputs.c */
typedef struct fiscus_input {
    char *path;
    char *name;
} fiscus_input;
void fiscus_input_free(gpointer in);
/* The inputs named by args (files; directories too when recursive), then by
 * the list in files_from (a file or "-"; may be NULL), in that order; with
 * keep_extension their names keep the input's extension ("x.pdf"). NULL and
 * a g_malloc'd *err when an input cannot be listed or two inputs would write
 * the same outputs. A GPtrArray of fiscus_input *. */
GPtrArray *fiscus_collect_inputs(char **args, int nargs, bool recursive, bool keep_extension, const char *files_from,
                                 char **err);

/* --ocr MODE (auto, never, always) and --ocr-dpi N, checked and set for every
 * conversion (fr_set_ocr); false after one line on stderr naming cmd when they
 * are not valid. tools/inputs.c */
bool fiscus_set_ocr(const char *cmd, const char *mode, int dpi);

/* How a batch runs. tools/batch.c */
typedef struct fiscus_batch_opts {
    const fr_format *forced;    /* -f, or NULL to detect */
    GPtrArray *writers;         /* const fr_format *, at least one */
    const char *out_dir;        /* -o DIR: outputs are DIR/NAME.EXT; NULL for one output */
    const char *out_file;       /* one output: a file, or NULL / "-" for stdout */
    int jobs;                   /* worker threads; 0 for one per processor */
    int doc_threads;            /* extra threads per conversion (fr_set_spare_threads); -1: the processors left idle */
    bool verbose, quiet, strict;
    bool progress;              /* the progress line on stderr */
    const char *summary;        /* --summary FILE, or NULL */
} fiscus_batch_opts;
/* Converts every input, reports in input order; returns the exit status:
 * 0, 1 (--strict and warnings), 2 (an input failed). */
int fiscus_run_batch(const fiscus_batch_opts *o, GPtrArray *inputs);

#endif
