/* registry.c — the built-in formats in one static table, third-party
 * formats loaded from .so files with an ABI check, and detection. */
#include "fiscus.h"

#include <glib.h>
#include <gmodule.h>
#include <string.h>

extern const fr_format fr_txt_reader;
extern const fr_format fr_pdf_reader;
extern const fr_format fr_docx_reader;
extern const fr_format fr_json_writer;
extern const fr_format fr_md_writer;
extern const fr_format fr_xml_writer;
extern const fr_format fr_fdp_writer;
extern const fr_format fr_xbrl_writer;

static const fr_format *const builtin[] = {
    &fr_txt_reader,
    &fr_pdf_reader,
    &fr_docx_reader,
    &fr_json_writer,
    &fr_md_writer,
    &fr_xml_writer,
    &fr_xbrl_writer,
    &fr_fdp_writer,
};

#define NBUILTIN (sizeof builtin / sizeof builtin[0])
#define MAX_EXTERNAL 256

static const fr_format *external[MAX_EXTERNAL];
static size_t nexternal;

size_t fr_registry_count(void) { return NBUILTIN + nexternal; }

const fr_format *fr_registry_get(size_t i)
{
    if (i < NBUILTIN)
        return builtin[i];
    i -= NBUILTIN;
    return i < nexternal ? external[i] : NULL;
}

const fr_format *fr_registry_find(const char *name, fr_format_kind kind)
{
    /* later registrations do not shadow built-ins: first match wins */
    for (size_t i = 0; i < fr_registry_count(); i++) {
        const fr_format *f = fr_registry_get(i);
        if (f->kind == kind && g_ascii_strcasecmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

int fr_format_check(const fr_format *f, fr_error *err)
{
    if (!f)
        return fr_error_set(err, FR_ERR_ABI, "descriptor is NULL");
    if (f->abi_version != FR_ABI_VERSION)
        return fr_error_set(err, FR_ERR_ABI, "ABI version %u, this fiscus speaks %u", f->abi_version, FR_ABI_VERSION);
    if (f->struct_size < FR_FORMAT_V1_SIZE)
        return fr_error_set(err, FR_ERR_ABI, "descriptor is %u bytes, expected at least %zu", f->struct_size,
                            (size_t)FR_FORMAT_V1_SIZE);
    if (!f->name || !*f->name)
        return fr_error_set(err, FR_ERR_ABI, "descriptor has no name");
    if (f->kind == FR_READER && !f->read)
        return fr_error_set(err, FR_ERR_ABI, "reader '%s' has no read function", f->name);
    if (f->kind == FR_WRITER && !f->write && !fr_format_write_files(f))
        return fr_error_set(err, FR_ERR_ABI, "writer '%s' has no write function", f->name);
    if (f->kind != FR_READER && f->kind != FR_WRITER)
        return fr_error_set(err, FR_ERR_ABI, "'%s' is neither a reader nor a writer", f->name);
    return FR_OK;
}

typedef const fr_format *const *(*plugin_entry)(void);

int fr_registry_load_file(const char *path, fr_error *err)
{
    if (!g_module_supported())
        return fr_error_set(err, FR_ERR_ABI, "%s: loadable modules are not supported here", path);
    GModule *m = g_module_open(path, G_MODULE_BIND_LOCAL);
    if (!m)
        return fr_error_set(err, FR_ERR_ABI, "%s: cannot load: %s", path, g_module_error());
    gpointer sym = NULL;
    if (!g_module_symbol(m, "fiscus_plugin_formats", &sym) || !sym) {
        g_module_close(m);
        return fr_error_set(err, FR_ERR_ABI, "%s: not a fiscus plugin (no fiscus_plugin_formats)", path);
    }
    const fr_format *const *list = ((plugin_entry)sym)();
    int added = 0;
    fr_error first = {0};
    for (size_t i = 0; list && list[i] && i < 64; i++) {
        fr_error e = {0};
        if (fr_format_check(list[i], &e) != FR_OK) {
            if (!first.code)
                first = e;
            continue;
        }
        if (nexternal >= MAX_EXTERNAL) {
            fr_error_set(&first, FR_ERR_LIMIT, "too many plugin formats (limit %d)", MAX_EXTERNAL);
            break;
        }
        external[nexternal++] = list[i];
        added++;
    }
    if (!added) {
        g_module_close(m);
        return fr_error_set(err, FR_ERR_ABI, "%s: refused: %s", path, first.code ? first.message : "no formats");
    }
    g_module_make_resident(m); /* descriptors point into it for the life of the process */
    if (first.code)
        fr_error_set(err, FR_ERR_ABI, "%s: some formats refused: %s", path, first.message);
    return added;
}

int fr_registry_load_dir(const char *dir, void (*warn)(const char *msg))
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        if (warn) {
            char *m = g_strdup_printf("%s: plugin directory cannot be opened", dir);
            warn(m);
            g_free(m);
        }
        return 0;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".so"))
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0); /* stable order across runs */
    int total = 0;
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, (char *)names->pdata[i], NULL);
        fr_error e = {0};
        int r = fr_registry_load_file(path, &e);
        if (r > 0)
            total += r;
        if (e.code && warn)
            warn(e.message);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    return total;
}

static bool has_extension(const fr_format *f, const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot || !f->extensions)
        return false;
    for (size_t i = 0; f->extensions[i]; i++)
        if (g_ascii_strcasecmp(dot + 1, f->extensions[i]) == 0)
            return true;
    return false;
}

const fr_format *fr_detect_reader(const char *name, const unsigned char *head, size_t len, int *score)
{
    const fr_format *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < fr_registry_count(); i++) {
        const fr_format *f = fr_registry_get(i);
        if (f->kind != FR_READER || !f->probe)
            continue;
        int s = f->probe(head, len);
        if (s < 0)
            s = 0;
        if (s > 100)
            s = 100;
        /* the extension breaks ties and lifts a weak content guess */
        if (s > 0 && has_extension(f, name))
            s = s + 10 > 100 ? 100 : s + 10;
        if (s > best_score) {
            best = f;
            best_score = s;
        }
    }
    if (!best) { /* no content match: the extension alone */
        for (size_t i = 0; i < fr_registry_count(); i++) {
            const fr_format *f = fr_registry_get(i);
            if (f->kind == FR_READER && has_extension(f, name)) {
                best = f;
                best_score = 1;
                break;
            }
        }
    }
    if (score)
        *score = best_score;
    return best;
}

const fr_format *fr_writer_for_path(const char *path)
{
    for (size_t i = 0; i < fr_registry_count(); i++) {
        const fr_format *f = fr_registry_get(i);
        if (f->kind == FR_WRITER && has_extension(f, path))
            return f;
    }
    return NULL;
}
