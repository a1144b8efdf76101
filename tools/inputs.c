/* inputs.c — what a conversion reads, and the name each input's outputs take
 * under -o DIR:
 *   - a file on the command line: its base name (a/x.pdf → DIR/x.json), as cp does;
 *   - a directory walked with -r: its path below that directory
 *     (-r archive: archive/2023/x.pdf → DIR/2023/x.json);
 *   - a --files-from list: the path as listed, when relative and free of "..",
 *     as rsync --files-from does (2023/x.pdf → DIR/2023/x.json); else its base name.
 * With --keep-ext the input's extension stays in the name (x.pdf → DIR/x.pdf.json), for
 * folders that hold one report in several formats. Two inputs that would write the same
 * outputs are refused before anything runs: nothing is overwritten by its neighbour. */
#include "../core/fiscus.h"
#include "cli.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define MAX_INPUTS 1000000 /* files in one batch */
#define MAX_DEPTH 64       /* directory levels below a -r directory */

void fiscus_input_free(gpointer p)
{
    fiscus_input *in = p;
    g_free(in->path);
    g_free(in->name);
    g_free(in);
}

/* rel without its last extension: "2023/x.pdf" → "2023/x"; a leading dot is not one */
static char *strip_extension(const char *rel)
{
    char *s = g_strdup(rel);
    char *base = strrchr(s, '/');
    base = base ? base + 1 : s;
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return s;
}

static bool add_input(GPtrArray *out, const char *path, const char *rel, char **err)
{
    if (out->len >= MAX_INPUTS) {
        *err = g_strdup_printf("more than %d inputs in one batch", MAX_INPUTS);
        return false;
    }
    fiscus_input *in = g_new0(fiscus_input, 1);
    in->path = g_strdup(path);
    in->name = g_strdup(rel); /* its extension goes later, unless --keep-ext */
    g_ptr_array_add(out, in);
    return true;
}

/* a file a reader claims by its extension (the walk takes only those) */
static bool readable_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < fr_registry_count(); i++) {
        const fr_format *f = fr_registry_get(i);
        for (size_t e = 0; f->kind == FR_READER && f->extensions && f->extensions[e]; e++)
            if (g_ascii_strcasecmp(dot + 1, f->extensions[e]) == 0)
                return true;
    }
    return false;
}

static gint by_name(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* dir's readable files, in name order at every level (so a batch is the same
 * batch wherever it runs); hidden entries and symbolic links to directories
 * are not followed */
static bool walk(const char *dir, const char *rel, int depth, GPtrArray *out, char **err)
{
    if (depth > MAX_DEPTH) {
        *err = g_strdup_printf("%s: more than %d directory levels", dir, MAX_DEPTH);
        return false;
    }
    GError *gerr = NULL;
    GDir *d = g_dir_open(dir, 0, &gerr);
    if (!d) {
        *err = g_strdup_printf("%s: %s", dir, gerr->message);
        g_error_free(gerr);
        return false;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (n[0] != '.')
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, by_name);
    bool ok = true;
    for (guint i = 0; ok && i < names->len; i++) {
        const char *name = names->pdata[i];
        char *path = g_build_filename(dir, name, NULL);
        char *sub = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK))
                ok = walk(path, sub, depth + 1, out, err);
        } else if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && readable_name(name)) {
            ok = add_input(out, path, sub, err);
        }
        g_free(sub);
        g_free(path);
    }
    g_ptr_array_unref(names);
    return ok;
}

/* a listed path's name under -o DIR: the path itself when it is relative and
 * stays below the current directory ("./a//b.pdf" → "a/b.pdf"), else its base name */
static char *listed_name(const char *path)
{
    if (!g_path_is_absolute(path)) {
        char **parts = g_strsplit(path, "/", -1);
        GString *rel = g_string_new(NULL);
        bool below = true;
        for (int i = 0; parts[i]; i++) {
            if (!*parts[i] || strcmp(parts[i], ".") == 0)
                continue;
            if (strcmp(parts[i], "..") == 0) {
                below = false;
                break;
            }
            g_string_append_printf(rel, "%s%s", rel->len ? "/" : "", parts[i]);
        }
        g_strfreev(parts);
        if (below && rel->len)
            return g_string_free(rel, FALSE);
        g_string_free(rel, TRUE);
    }
    return g_path_get_basename(path);
}

static bool add_path(GPtrArray *out, const char *path, bool recursive, bool listed, char **err)
{
    if (strcmp(path, "-") == 0)
        return add_input(out, "-", "stdin", err);
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        if (!recursive) {
            *err = g_strdup_printf("%s: is a directory (use -r to convert the reports in it)", path);
            return false;
        }
        return walk(path, "", 0, out, err);
    }
    char *rel = listed ? listed_name(path) : g_path_get_basename(path);
    bool ok = add_input(out, path, rel, err);
    g_free(rel);
    return ok;
}

/* the paths of a --files-from list: NUL-separated when it holds a NUL, else
 * one per line (a trailing CR dropped); empty entries are skipped */
static bool add_list(GPtrArray *out, const char *list, bool recursive, char **err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    fr_error e = {0};
    if (fr_read_file(list, &data, &len, &e) != FR_OK) {
        *err = g_strdup_printf("--files-from %s", e.message);
        return false;
    }
    const char *p = (const char *)data, *end = p + len;
    char sep = memchr(data, '\0', len) ? '\0' : '\n';
    bool ok = true;
    while (ok && p < end) {
        const char *q = memchr(p, sep, (size_t)(end - p));
        if (!q)
            q = end;
        size_t n = (size_t)(q - p);
        if (sep == '\n' && n && p[n - 1] == '\r')
            n--;
        if (n) {
            char *path = g_strndup(p, n);
            if (strcmp(path, "-") == 0) {
                *err = g_strdup_printf("--files-from %s: lists '-', and standard input cannot be read twice", list);
                ok = false;
            } else {
                ok = add_path(out, path, recursive, true, err);
            }
            g_free(path);
        }
        p = q + 1;
    }
    g_free(data);
    return ok;
}

GPtrArray *fiscus_collect_inputs(char **args, int nargs, bool recursive, bool keep_extension, const char *files_from,
                                 char **err)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(fiscus_input_free);
    bool ok = true;
    for (int i = 0; ok && i < nargs; i++) {
        if (files_from && strcmp(files_from, "-") == 0 && strcmp(args[i], "-") == 0) {
            *err = g_strdup("'-' and --files-from - cannot both read standard input");
            ok = false;
        } else {
            ok = add_path(out, args[i], recursive, false, err);
        }
    }
    if (ok && files_from)
        ok = add_list(out, files_from, recursive, err);
    for (guint i = 0; ok && !keep_extension && i < out->len; i++) {
        fiscus_input *in = out->pdata[i];
        char *name = strip_extension(in->name);
        g_free(in->name);
        in->name = name;
    }
    /* two inputs writing the same outputs: the later would silently replace the earlier */
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; ok && i < out->len; i++) {
        fiscus_input *in = out->pdata[i];
        fiscus_input *was = g_hash_table_lookup(seen, in->name);
        if (was) {
            *err = g_strdup_printf("%s and %s would write the same outputs (%s.*): use --keep-ext to name "
                                   "outputs after the whole input name%s",
                                   was->path, in->path, in->name,
                                   strchr(in->name, '/') ? "" : ", or --files-from to keep their directories");
            ok = false;
        }
        g_hash_table_insert(seen, in->name, in);
    }
    g_hash_table_destroy(seen);
    if (ok && out->len == 0) {
        *err = g_strdup(recursive ? "no input: the directories hold no file a reader takes (see fiscus --list-formats)"
                                  : "no input (see fiscus --help)");
        ok = false;
    }
    if (!ok) {
        g_ptr_array_unref(out);
        return NULL;
    }
    return out;
}

bool fiscus_set_ocr(const char *cmd, const char *mode, int dpi)
{
    static const char *const modes[] = {"auto", "never", "always"}; /* fr_ocr_mode's order */
    int m = -1;
    for (int k = 0; k < 3 && mode; k++)
        if (strcmp(mode, modes[k]) == 0)
            m = k;
    if (mode && m < 0) {
        fprintf(stderr, "%s: --ocr is auto, never or always, not '%s'\n", cmd, mode);
        return false;
    }
    if (dpi != 0 && (dpi < 70 || dpi > 600)) {
        fprintf(stderr, "%s: --ocr-dpi %d: from 70 to 600 pixels an inch\n", cmd, dpi);
        return false;
    }
    fr_set_ocr(m < 0 ? FR_OCR_AUTO : (fr_ocr_mode)m, dpi);
    return true;
}
