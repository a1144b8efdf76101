/* fiscus.c — the command line: fiscus [-f FMT] [-t FMT[,FMT…]] [-o FILE|DIR] [INPUT…|-] */
#include "../core/fiscus.h"
#include "cli.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

static char *opt_from, *opt_to, *opt_out;
static char **opt_plugin_dirs;
static gboolean opt_list, opt_version, opt_verbose, opt_strict;

static GOptionEntry entries[] = {
    {"from", 'f', 0, G_OPTION_ARG_STRING, &opt_from, "Input format (default: detected)", "FMT"},
    {"to", 't', 0, G_OPTION_ARG_STRING, &opt_to, "Output formats, comma-separated (default: from -o, else json)",
     "FMT[,FMT…]"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_out, "Output file, or directory for several outputs", "FILE|DIR"},
    {"plugin-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_plugin_dirs, "Load reader/writer plugins (*.so) from DIR",
     "DIR"},
    {"list-formats", 0, 0, G_OPTION_ARG_NONE, &opt_list, "List readers and writers", NULL},
    {"strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict, "Exit 1 when a conversion produced warnings", NULL},
    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print diagnostics and what was written", NULL},
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

/* DIR/BASE.EXT for input name and writer */
static char *output_path(const char *dir, const char *input, const fr_format *w)
{
    char *base = strcmp(input, "-") == 0 ? g_strdup("stdin") : g_path_get_basename(input);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    const char *ext = w->extensions && w->extensions[0] ? w->extensions[0] : w->name;
    char *file = g_strdup_printf("%s.%s", base, ext);
    char *path = g_build_filename(dir, file, NULL);
    g_free(file);
    g_free(base);
    return path;
}

void fiscus_load_plugins(char **dirs)
{
    /* the installed plugin directory, FISCUS_PLUGIN_PATH (colon-separated), then dirs (--plugin-dir) */
#ifdef FISCUS_PLUGIN_DIR
    if (g_file_test(FISCUS_PLUGIN_DIR, G_FILE_TEST_IS_DIR))
        fr_registry_load_dir(FISCUS_PLUGIN_DIR, warn_line);
#endif
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

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc > 1 && strcmp(argv[1], "check") == 0)
        return fiscus_check_main(argc - 1, argv + 1);
    GError *gerr = NULL;
    GOptionContext *ctx = g_option_context_new("[INPUT…|-]  |  check REPORT…");
    g_option_context_set_summary(ctx, "Convert Chinese government fiscal reports (部门预算 / 部门决算) from text, PDF\n"
                                      "or DOCX into JSON, Markdown and other formats.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "fiscus: %s (see fiscus --help)\n", gerr->message);
        g_error_free(gerr);
        g_option_context_free(ctx);
        return 2;
    }
    g_option_context_free(ctx);
    if (opt_version) {
        printf("fiscus %s (plugin ABI %u)\n", FISCUS_VERSION, FR_ABI_VERSION);
        return 0;
    }
    fiscus_load_plugins(opt_plugin_dirs);
    if (opt_list) {
        list_formats();
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "fiscus: no input (see fiscus --help)\n");
        return 2;
    }

    /* writers */
    GPtrArray *writers = g_ptr_array_new();
    if (opt_to) {
        char **names = g_strsplit(opt_to, ",", -1);
        for (int i = 0; names[i]; i++) {
            const fr_format *w = fr_registry_find(g_strstrip(names[i]), FR_WRITER);
            if (!w) {
                fprintf(stderr, "fiscus: unknown output format '%s' (see fiscus --list-formats)\n", names[i]);
                g_strfreev(names);
                return 2;
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
    const fr_format *forced = NULL;
    if (opt_from) {
        forced = fr_registry_find(opt_from, FR_READER);
        if (!forced) {
            fprintf(stderr, "fiscus: unknown input format '%s' (see fiscus --list-formats)\n", opt_from);
            return 2;
        }
    }
    int ninputs = argc - 1;
    bool many = ninputs > 1 || writers->len > 1;
    bool to_dir = is_dir(opt_out) || (opt_out && g_str_has_suffix(opt_out, "/"));
    /* one writer of several files: -o is its directory, unless it ends in / (then DIR/NAME.EXT/) */
    if (!many && opt_out && fr_format_write_files(writers->pdata[0]) && !g_str_has_suffix(opt_out, "/"))
        to_dir = false;
    if (many && opt_out && !to_dir) {
        fprintf(stderr, "fiscus: %s: several outputs need -o to name an existing directory\n", opt_out);
        return 2;
    }
    if (many && !opt_out) {
        fprintf(stderr, "fiscus: several inputs or output formats need -o DIR\n");
        return 2;
    }
    if (to_dir && !is_dir(opt_out) && g_mkdir_with_parents(opt_out, 0777) != 0) {
        fprintf(stderr, "fiscus: %s: cannot create directory\n", opt_out);
        return 2;
    }

    int status = 0;
    for (int a = 1; a < argc; a++) {
        const char *name = argv[a];
        fr_error err = {0};
        fr_doc *doc = NULL;
        const fr_format *reader = NULL;
        int score = 0;
        if (fr_convert_file(name, forced, &doc, &reader, &score, &err) != FR_OK) {
            fprintf(stderr, "fiscus: %s\n", err.message);
            status = 2;
            continue;
        }
        if (opt_verbose && !forced)
            fprintf(stderr, "fiscus: %s: read as %s (probe %d)\n", name, reader->name, score);
        int warnings = 0;
        for (size_t i = 0; i < doc->diags.len; i++) {
            const fr_diag *g = doc->diags.items[i];
            if (g->severity >= FR_SEV_WARNING)
                warnings++;
            /* warnings always (one line each), notes with -v */
            if (opt_verbose || g->severity >= FR_SEV_WARNING) {
                char at[32] = "";
                if (g->where.line > 0)
                    snprintf(at, sizeof at, ":%d", g->where.line);
                fprintf(stderr, "fiscus: %s%s: %s: %s: %s%s%s\n", name, at,
                        g->severity >= FR_SEV_ERROR ? "error" : g->severity >= FR_SEV_WARNING ? "warning" : "note", g->code,
                        g->message, g->table_id ? " in " : "", g->table_id ? g->table_id : "");
            }
        }
        for (guint w = 0; w < writers->len; w++) {
            const fr_format *wr = writers->pdata[w];
            char *path = to_dir ? output_path(opt_out, name, wr) : g_strdup(opt_out ? opt_out : "-");
            if (fr_write_to_path(wr, doc, path, &err) != FR_OK) {
                fprintf(stderr, "fiscus: %s: %s\n", name, err.message);
                status = 2;
            } else if (opt_verbose && strcmp(path, "-") != 0) {
                fprintf(stderr, "fiscus: wrote %s\n", path);
            }
            g_free(path);
        }
        if (opt_strict && warnings && status == 0) {
            fprintf(stderr, "fiscus: %s: %d warning%s (--strict)\n", name, warnings, warnings == 1 ? "" : "s");
            status = 1;
        }
        fr_doc_free(doc);
    }
    g_ptr_array_free(writers, TRUE);
    return status;
}
