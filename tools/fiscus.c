/* fiscus.c — the command line: fiscus [-f FMT] [-t FMT[,FMT…]] [-o FILE|DIR] [-j N] [-r] [--files-from LIST]
 *             [--summary FILE] [INPUT…|-]; options, writers and inputs, then the batch (batch.c). */
#include "../core/fiscus.h"
#include "cli.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

static char *opt_from, *opt_to, *opt_out, *opt_files_from, *opt_summary, *opt_ocr;
static char **opt_plugin_dirs;
static gboolean opt_list, opt_version, opt_verbose, opt_quiet, opt_strict, opt_recursive, opt_keep_ext, opt_progress, opt_no_progress;
static int opt_jobs = 1, opt_doc_threads = -1, opt_ocr_dpi = 0;

static GOptionEntry entries[] = {
    {"from", 'f', 0, G_OPTION_ARG_STRING, &opt_from, "Input format (default: detected)", "FMT"},
    {"to", 't', 0, G_OPTION_ARG_STRING, &opt_to, "Output formats, comma-separated (default: from -o, else json)",
     "FMT[,FMT…]"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_out, "Output file, or directory for several outputs", "FILE|DIR"},
    {"jobs", 'j', 0, G_OPTION_ARG_INT, &opt_jobs, "Convert N inputs at a time (0: one per processor; default 1)", "N"},
    {"doc-threads", 0, 0, G_OPTION_ARG_INT, &opt_doc_threads,
     "Extra threads one conversion may use: a PDF's pages fetched ahead, the audit's narrative rule (default: the "
     "processors -j leaves idle; 0: none)",
     "N"},
    {"recursive", 'r', 0, G_OPTION_ARG_NONE, &opt_recursive,
     "Convert the reports in directories given as inputs, and below; outputs keep their subdirectories", NULL},
    {"keep-ext", 0, 0, G_OPTION_ARG_NONE, &opt_keep_ext,
     "Name outputs after the whole input name: x.pdf → DIR/x.pdf.json (for one report in several formats)", NULL},
    {"files-from", 0, 0, G_OPTION_ARG_FILENAME, &opt_files_from,
     "Read input names from LIST (- for stdin), one per line or NUL-separated", "LIST"},
    {"summary", 0, 0, G_OPTION_ARG_FILENAME, &opt_summary,
     "Write a JSON line per input (status, outputs, tables, cells, findings, seconds) to FILE", "FILE"},
    {"ocr", 0, 0, G_OPTION_ARG_STRING, &opt_ocr,
     "Read PDF pages without a text layer by OCR: auto (default; pages of pictures where OCR is installed), never, "
     "always (every page, its text layer ignored)",
     "MODE"},
    {"ocr-dpi", 0, 0, G_OPTION_ARG_INT, &opt_ocr_dpi, "Pixels an inch a page is drawn at for OCR (default 300)", "N"},
    {"progress", 0, 0, G_OPTION_ARG_NONE, &opt_progress, "Show the progress line even off a terminal", NULL},
    {"no-progress", 0, 0, G_OPTION_ARG_NONE, &opt_no_progress, "Never show the progress line", NULL},
    {"plugin-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_plugin_dirs, "Load reader/writer plugins (*.so) from DIR",
     "DIR"},
    {"list-formats", 0, 0, G_OPTION_ARG_NONE, &opt_list, "List readers and writers", NULL},
    {"strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
     "Exit 1 when a conversion produced warnings (lost or doubtful content; notes do not count)", NULL},
    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print notes too, and what was written", NULL},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Print errors only", NULL},
    {"version", 0, 0, G_OPTION_ARG_NONE, &opt_version, "Print the version", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static void warn_line(const char *msg) { fprintf(stderr, "fiscus: %s\n", msg); }

static void list_formats(void)
{
    for (int pass = 0; pass < 2; pass++) {
        fr_format_kind kind = pass == 0 ? FR_READER : FR_WRITER;
        printf("%s:\n", pass == 0 ? "readers" : "writers");
        for (size_t i = 0; i < fr_registry_count(); i++) {
            const fr_format *f = fr_registry_get(i);
            if (f->kind != kind)
                continue;
            GString *ext = g_string_new(NULL);
            for (size_t e = 0; f->extensions && f->extensions[e]; e++)
                g_string_append_printf(ext, "%s.%s", e ? " " : "", f->extensions[e]);
            printf("  %-8s %-22s %s\n", f->name, ext->str, f->description ? f->description : "");
            g_string_free(ext, TRUE);
        }
    }
}

static bool is_dir(const char *p) { return p && g_file_test(p, G_FILE_TEST_IS_DIR); }

void fiscus_load_plugins(char **dirs)
{
    /* the installed plugin directory, else plugins/ beside the program (a build
     * tree: build/plugins), FISCUS_PLUGIN_PATH (colon-separated), then dirs (--plugin-dir) */
    bool installed = false;
#ifdef FISCUS_PLUGIN_DIR
    if (g_file_test(FISCUS_PLUGIN_DIR, G_FILE_TEST_IS_DIR)) {
        fr_registry_load_dir(FISCUS_PLUGIN_DIR, warn_line);
        installed = true;
    }
#endif
    char *exe = installed ? NULL : g_file_read_link("/proc/self/exe", NULL);
    if (exe) {
        char *dir = g_path_get_dirname(exe);
        char *beside = g_build_filename(dir, "plugins", NULL);
        if (g_file_test(beside, G_FILE_TEST_IS_DIR))
            fr_registry_load_dir(beside, warn_line);
        g_free(beside);
        g_free(dir);
        g_free(exe);
    }
    const char *env = g_getenv("FISCUS_PLUGIN_PATH");
    if (env && *env) {
        char **path = g_strsplit(env, G_SEARCHPATH_SEPARATOR_S, -1);
        for (int i = 0; path[i]; i++)
            if (*path[i])
                fr_registry_load_dir(path[i], warn_line);
        g_strfreev(path);
    }
    for (int i = 0; dirs && dirs[i]; i++)
        fr_registry_load_dir(dirs[i], warn_line);
}

/* "-j4" as make takes it: GOption reads only "-j 4" and "--jobs=4". A new
 * vector (g_strfreev), the program name first. */
static char **split_attached_jobs(int argc, char **argv)
{
    GPtrArray *v = g_ptr_array_new();
    bool options = true;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            options = false;
        if (options && i > 0 && a[0] == '-' && a[1] == 'j' && a[2] && strspn(a + 2, "0123456789") == strlen(a + 2)) {
            g_ptr_array_add(v, g_strdup("-j"));
            g_ptr_array_add(v, g_strdup(a + 2));
        } else {
            g_ptr_array_add(v, g_strdup(a));
        }
    }
    g_ptr_array_add(v, NULL);
    return (char **)g_ptr_array_free(v, FALSE);
}

static int convert_main(char ***args);

/* the writers -t names, else the one -o's extension names, else json; NULL
 * (the error said) for an unknown name */
static GPtrArray *resolve_writers(void)
{
    GPtrArray *writers = g_ptr_array_new();
    if (opt_to) {
        char **names = g_strsplit(opt_to, ",", -1);
        for (int i = 0; names[i]; i++) {
            const fr_format *w = fr_registry_find(g_strstrip(names[i]), FR_WRITER);
            if (!w) {
                fprintf(stderr, "fiscus: unknown output format '%s' (see fiscus --list-formats)\n", names[i]);
                g_strfreev(names);
                g_ptr_array_free(writers, TRUE);
                return NULL;
            }
            g_ptr_array_add(writers, (gpointer)w);
        }
        g_strfreev(names);
    } else {
        /* -o's extension names the writer; an existing directory does too when
         * it is a package a writer of several files made (x.fdp/) */
        const fr_format *w = opt_out ? fr_writer_for_path(opt_out) : NULL;
        if (w && is_dir(opt_out) && !fr_format_write_files(w))
            w = NULL;
        g_ptr_array_add(writers, (gpointer)(w ? w : fr_registry_find("json", FR_WRITER)));
    }
    return writers;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc > 1 && strcmp(argv[1], "check") == 0)
        return fiscus_check_main(argc - 1, argv + 1);
    char **args = split_attached_jobs(argc, argv);
    int status = convert_main(&args);
    g_strfreev(args);
    return status;
}

/* fiscus [OPTION…] INPUT…: *args as GOption leaves it (what it parsed is freed) */
static int convert_main(char ***args)
{
    GError *gerr = NULL;
    GOptionContext *ctx = g_option_context_new("[INPUT…|-]  |  check REPORT…");
    g_option_context_set_summary(ctx, "Convert Chinese government fiscal reports (部门预算 / 部门决算) from text, PDF\n"
                                      "or DOCX into JSON, Markdown and other formats.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse_strv(ctx, args, &gerr)) {
        fprintf(stderr, "fiscus: %s (see fiscus --help)\n", gerr->message);
        g_error_free(gerr);
        g_option_context_free(ctx);
        return 2;
    }
    g_option_context_free(ctx);
    char **argv = *args;
    int argc = (int)g_strv_length(argv);
    if (opt_version) {
        printf("fiscus %s (plugin ABI %u)\n", FISCUS_VERSION, FR_ABI_VERSION);
        return 0;
    }
    fiscus_load_plugins(opt_plugin_dirs);
    if (opt_list) {
        list_formats();
        return 0;
    }
    if (argc < 2 && !opt_files_from) {
        fprintf(stderr, "fiscus: no input (see fiscus --help)\n");
        return 2;
    }
    if (opt_jobs < 0) {
        fprintf(stderr, "fiscus: -j %d: the number of jobs cannot be negative\n", opt_jobs);
        return 2;
    }
    if (opt_doc_threads < -1) {
        fprintf(stderr, "fiscus: --doc-threads %d: the number of threads cannot be negative\n", opt_doc_threads);
        return 2;
    }

    if (!fiscus_set_ocr("fiscus", opt_ocr, opt_ocr_dpi))
        return 2;
    const fr_format *forced = NULL;
    if (opt_from && !(forced = fr_registry_find(opt_from, FR_READER))) {
        fprintf(stderr, "fiscus: unknown input format '%s' (see fiscus --list-formats)\n", opt_from);
        return 2;
    }
    GPtrArray *writers = resolve_writers();
    if (!writers)
        return 2;
    char *why = NULL;
    GPtrArray *inputs = fiscus_collect_inputs(argv + 1, argc - 1, opt_recursive, opt_keep_ext, opt_files_from, &why);
    if (!inputs) {
        fprintf(stderr, "fiscus: %s\n", why);
        g_free(why);
        g_ptr_array_free(writers, TRUE);
        return 2;
    }
    /* -r and --files-from make a batch even of one input: its outputs go under -o DIR */
    bool many = inputs->len > 1 || writers->len > 1 || opt_recursive || opt_files_from;
    bool to_dir = is_dir(opt_out) || (opt_out && g_str_has_suffix(opt_out, "/"));
    /* one writer of several files: -o is its directory, unless it ends in / (then DIR/NAME.EXT/) */
    if (!many && opt_out && fr_format_write_files(writers->pdata[0]) && !g_str_has_suffix(opt_out, "/"))
        to_dir = false;
    int status = 2;
    if (many && opt_out && !to_dir)
        fprintf(stderr, "fiscus: %s: several outputs need -o to name an existing directory\n", opt_out);
    else if (many && !opt_out)
        fprintf(stderr, "fiscus: several inputs or output formats need -o DIR\n");
    else if (to_dir && !is_dir(opt_out) && g_mkdir_with_parents(opt_out, 0777) != 0)
        fprintf(stderr, "fiscus: %s: cannot create directory\n", opt_out);
    else {
        fiscus_batch_opts o = {
            .forced = forced,
            .writers = writers,
            .out_dir = to_dir ? opt_out : NULL,
            .out_file = to_dir ? NULL : opt_out,
            .jobs = opt_jobs,
            .doc_threads = opt_doc_threads,
            .verbose = opt_verbose && !opt_quiet,
            .quiet = opt_quiet,
            .strict = opt_strict,
            .progress = !opt_no_progress && (opt_progress || isatty(STDERR_FILENO)),
            .summary = opt_summary,
        };
        status = fiscus_run_batch(&o, inputs);
    }
    g_ptr_array_unref(inputs);
    g_ptr_array_free(writers, TRUE);
    return status;
}
