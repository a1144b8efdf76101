/* pdf_loader.c — the "pdf" reader as built into fiscus: its descriptor and
 * probe, and the loading of its engine (pdf_reader.c, pdf_page.c,
 * pdf_table.c and Poppler) from fiscus-pdf.so the first time a PDF is read.
 *
 * Poppler brings some fifty shared libraries; loading them costs every run a
 * few milliseconds and megabytes, which a batch of text or Word files should
 * not pay. This file includes no Poppler header. Where the engine is looked
 * for: core/module.c ($FISCUS_PDF_ENGINE first). */
#include "pdf_engine.h"
#include "../../core/fr_glib.h"

#include <string.h>

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

typedef int (*engine_read_fn)(const fr_input *in, fr_doc *doc, const fr_pdf_options *opt, fr_error *err);

static struct {
    gsize once;
    engine_read_fn read;
    char why[600];
} engine;

static void load_engine(void)
{
    GModule *m = fr_module_open(ENGINE_FILE, "FISCUS_PDF_ENGINE", "fiscus_pdf_engine_abi", FR_PDF_ENGINE_ABI,
                                engine.why, sizeof engine.why);
    gpointer fn = NULL;
    if (m && g_module_symbol(m, "fiscus_pdf_engine_read", &fn))
        engine.read = (engine_read_fn)fn;
    else if (m)
        g_snprintf(engine.why, sizeof engine.why, "%s has no fiscus_pdf_engine_read", g_module_name(m));
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
    fr_pdf_options opt = {sizeof opt, fr_spare_threads(), FR_OCR_AUTO, 300, fr_ocr_pages_add};
    opt.ocr = fr_get_ocr(&opt.ocr_dpi);
    return engine.read(in, doc, &opt, err);
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
