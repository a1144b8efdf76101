/* module.c — opening fiscus's engine modules (fiscus-pdf.so, fiscus-ocr.so):
 * parts built as modules of their own so that a run that does not need their
 * libraries (Poppler, Tesseract) never loads them, and a fiscus without one
 * still reads everything else. A module is looked for:
 *   1. at the path in its environment variable, if set;
 *   2. in modules/ beside the running program (the build tree: build/modules);
 *   3. in FISCUS_MODULE_DIR (installed: PREFIX/lib/fiscus).
 * It must export its ABI stamp, equal to the one the caller was built with. */
#include "fr_glib.h"

#include <gmodule.h>
#include <string.h>

#ifndef FISCUS_MODULE_DIR
#define FISCUS_MODULE_DIR "/usr/local/lib/fiscus"
#endif

static GModule *try_open(const char *path, const char *abi_symbol, unsigned abi, GString *tried)
{
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_string_append_printf(tried, "%s%s (missing)", tried->len ? ", " : "", path);
        return NULL;
    }
    /* lazy: Poppler and Tesseract have thousands of PLT entries */
    GModule *m = g_module_open(path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!m) {
        g_string_append_printf(tried, "%s%s (%s)", tried->len ? ", " : "", path, g_module_error());
        return NULL;
    }
    gpointer stamp = NULL;
    if (!g_module_symbol(m, abi_symbol, &stamp) || !stamp || *(const unsigned *)stamp != abi) {
        g_string_append_printf(tried, "%s%s (not of ABI %u)", tried->len ? ", " : "", path, abi);
        g_module_close(m);
        return NULL;
    }
    g_module_make_resident(m);
    return m;
}

GModule *fr_module_open(const char *file, const char *env, const char *abi_symbol, unsigned abi, char *why,
                        size_t whylen)
{
    GString *tried = g_string_new(NULL);
    const char *at = env ? g_getenv(env) : NULL;
    GModule *m = at && *at ? try_open(at, abi_symbol, abi, tried) : NULL;
    if (!m) {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        if (exe) {
            char *dir = g_path_get_dirname(exe);
            char *path = g_build_filename(dir, "modules", file, NULL);
            m = try_open(path, abi_symbol, abi, tried);
            g_free(path);
            g_free(dir);
            g_free(exe);
        }
    }
    if (!m) {
        char *path = g_build_filename(FISCUS_MODULE_DIR, file, NULL);
        m = try_open(path, abi_symbol, abi, tried);
        g_free(path);
    }
    if (!m && why)
        g_snprintf(why, whylen, "%s", tried->str);
    g_string_free(tried, TRUE);
    return m;
}
