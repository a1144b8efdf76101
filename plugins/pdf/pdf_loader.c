/* pdf_loader.c — the "pdf" reader as built into fiscus: its descriptor and
 * probe, and the loading of its engine (pdf_reader.c, pdf_page.c,
 * pdf_table.c and Poppler) from fiscus-pdf.so the first time a PDF is read.
 *
 * Poppler brings some fifty shared libraries; loading them costs every run a
 * few milliseconds and megabytes, which a batch of text or Word files should
 * not pay. This file includes no Poppler header. The engine is looked for:
 *   1. at $FISCUS_PDF_ENGINE, if set;
 *   2. in modules/ beside the running program (the build tree: build/modules);
 *   3. in FISCUS_MODULE_DIR (installed: PREFIX/lib/fiscus). */
#include "pdf_engine.h"

#include <glib.h>
#include <gmodule.h>
#include <string.h>

#ifndef FISCUS_MODULE_DIR
#define FISCUS_MODULE_DIR "/usr/local/lib/fiscus"
#endif
#define ENGINE_FILE "fiscus-pdf.so"

static const char *const PDF_EXT[] = {"pdf", NULL};

static int pdf_probe(const unsigned char *head, size_t len)
{
    /* the header may follow a little junk; readers accept it within 1 KiB */
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(head + i, "%PDF-", 5) == 0)
            return i == 0 ? 100 : 80;
    return 0;
}

typedef int (*engine_read_fn)(const fr_input *in, fr_doc *doc, int helpers, fr_error *err);

static struct {
    gsize once;
    engine_read_fn read;
    char why[400];
} engine;

static bool try_open(const char *path, GString *tried)
{
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_string_append_printf(tried, "%s%s (missing)", tried->len ? ", " : "", path);
        return false;
    }
    GModule *m = g_module_open(path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL); /* lazy: Poppler has thousands of PLT entries */
    if (!m) {
        g_string_append_printf(tried, "%s%s (%s)", tried->len ? ", " : "", path, g_module_error());
        return false;
    }
    gpointer abi = NULL, fn = NULL;
    if (!g_module_symbol(m, "fiscus_pdf_engine_abi", &abi) || !g_module_symbol(m, "fiscus_pdf_engine_read", &fn) ||
        *(const unsigned *)abi != FR_PDF_ENGINE_ABI) {
        g_string_append_printf(tried, "%s%s (not a fiscus PDF engine of ABI %u)", tried->len ? ", " : "", path,
                               FR_PDF_ENGINE_ABI);
        g_module_close(m);
        return false;
    }
    g_module_make_resident(m);
    engine.read = (engine_read_fn)fn;
    return true;
}

static void load_engine(void)
{
    GString *tried = g_string_new(NULL);
    const char *env = g_getenv("FISCUS_PDF_ENGINE");
    bool ok = env && *env && try_open(env, tried);
    if (!ok) {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        if (exe) {
            char *dir = g_path_get_dirname(exe);
            char *path = g_build_filename(dir, "modules", ENGINE_FILE, NULL);
            ok = try_open(path, tried);
            g_free(path);
            g_free(dir);
            g_free(exe);
        }
    }
    if (!ok) {
        char *path = g_build_filename(FISCUS_MODULE_DIR, ENGINE_FILE, NULL);
        ok = try_open(path, tried);
        g_free(path);
    }
    if (!ok)
        g_snprintf(engine.why, sizeof engine.why, "%s", tried->str);
    g_string_free(tried, TRUE);
}

static int pdf_read(const fr_input *in, fr_doc *doc, fr_error *err)
{
    if (g_once_init_enter(&engine.once)) {
        load_engine();
        g_once_init_leave(&engine.once, 1);
    }
    if (!engine.read)
        return fr_error_set(err, FR_ERR_IO, "PDF support is not installed: no usable %s (tried %s)", ENGINE_FILE,
                            engine.why);
    return engine.read(in, doc, fr_spare_threads(), err);
}

const fr_format fr_pdf_reader = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "pdf",
    .kind = FR_READER,
    .description = "PDF with a text layer (Poppler): headings, paragraphs and tables rebuilt from glyph boxes",
    .extensions = PDF_EXT,
    .mime = "application/pdf",
    .probe = pdf_probe,
    .read = pdf_read,
    .write = NULL,
};
