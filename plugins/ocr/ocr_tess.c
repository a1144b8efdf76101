/* ocr_tess.c — the OCR engine: Tesseract's C API on a page of grey pixels.
 *
 * Built into fiscus-ocr.so, which the PDF engine opens the first time a page
 * without a text layer is read (plugins/pdf/pdf_ocr.c), so that a fiscus
 * without Tesseract still reads everything else. Each recogniser is one
 * thread's at a time; the PDF engine keeps one per thread that recognises.
 * Tesseract's own OpenMP threads are held to one per recogniser: the PDF
 * engine already runs pages side by side on the processors the batch leaves
 * idle. Characters come out with their boxes, their text line's box and their
 * word's confidence; the PDF engine makes lines, words and tables of them as it
 * does of a text layer's glyphs. */
#include "ocr_engine.h"

#include <glib.h>
#include <math.h>
#include <gmodule.h>
#include <string.h>
#include <tesseract/capi.h>

struct fr_ocr {
    TessBaseAPI *api;
};

const unsigned fiscus_ocr_engine_abi = FR_OCR_ENGINE_ABI;

const char *fiscus_ocr_version(void) { return TessVersion(); }

/* omp_set_num_threads of the libgomp Tesseract was built with, if any */
typedef void (*omp_threads_fn)(int);
static omp_threads_fn omp_threads(void)
{
    static gsize once;
    static omp_threads_fn fn;
    if (g_once_init_enter(&once)) {
        GModule *m = g_module_open("libgomp.so.1", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
        gpointer p = NULL;
        if (m && g_module_symbol(m, "omp_set_num_threads", &p)) {
            fn = (omp_threads_fn)p;
            g_module_make_resident(m);
        } else if (m) {
            g_module_close(m);
        }
        g_once_init_leave(&once, 1);
    }
    return fn;
}

fr_ocr *fiscus_ocr_open(const char *lang, char *why, size_t whylen)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api) {
        g_snprintf(why, whylen, "Tesseract could not start");
        return NULL;
    }
    /* no debug output of Tesseract's on our stderr */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, NULL, lang) != 0) {
        g_snprintf(why, whylen, "no Tesseract language data for %s (Debian: tesseract-ocr-%s)", lang,
                   strcmp(lang, "chi_sim") == 0 ? "chi-sim" : lang);
        TessBaseAPIDelete(api);
        return NULL;
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    TessBaseAPISetPageSegMode(api, PSM_AUTO);
    fr_ocr *o = g_new0(fr_ocr, 1);
    o->api = api;
    return o;
}

void fiscus_ocr_close(fr_ocr *o)
{
    if (!o)
        return;
    TessBaseAPIEnd(o->api);
    TessBaseAPIDelete(o->api);
    g_free(o);
}

int fiscus_ocr_page(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, int dpi, int timeout_ms,
                    fr_ocr_glyph **out, size_t *n, char *why, size_t whylen)
{
    *out = NULL;
    *n = 0;
    omp_threads_fn threads = omp_threads();
    if (threads)
        threads(1);
    TessBaseAPISetImage(o->api, grey, width, height, 1, stride);
    TessBaseAPISetSourceResolution(o->api, dpi);
    ETEXT_DESC *monitor = TessMonitorCreate();
    if (timeout_ms > 0)
        TessMonitorSetDeadlineMSecs(monitor, timeout_ms);
    gint64 start = g_get_monotonic_time();
    int rc = TessBaseAPIRecognize(o->api, monitor);
    TessMonitorDelete(monitor);
    gint64 took = (g_get_monotonic_time() - start) / 1000;
    if (rc != 0 || (timeout_ms > 0 && took > timeout_ms)) {
        TessBaseAPIClear(o->api);
        if (timeout_ms > 0 && took >= timeout_ms)
            g_snprintf(why, whylen, "recognition stopped at its time limit of %d s", timeout_ms / 1000);
        else
            g_snprintf(why, whylen, "Tesseract could not recognise the page");
        return -1;
    }
    /* word by word: Tesseract's boxes of a word's characters are the LSTM's
     * guesses, its word boxes are the ink's; a word's box is shared out among
     * its characters by their widths (an ideograph a full em, others half) */
    GArray *gs = g_array_new(FALSE, FALSE, sizeof(fr_ocr_glyph));
    TessResultIterator *ri = TessBaseAPIGetIterator(o->api);
    int line = -1, ly0 = 0, ly1 = 0;
    if (ri) {
        const TessPageIterator *pi = TessResultIteratorGetPageIteratorConst(ri);
        do {
            int l, t, r, b;
            if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b))
                continue;
            if (line < 0 || TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) {
                int tl, tt, tr, tb;
                line++;
                if (TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &tl, &tt, &tr, &tb)) {
                    ly0 = tt;
                    ly1 = tb;
                } else {
                    ly0 = t;
                    ly1 = b;
                }
            }
            float conf = TessResultIteratorConfidence(ri, RIL_WORD);
            char *text = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
            if (!text)
                continue;
            if (g_utf8_validate(text, -1, NULL)) {
                double total = 0;
                for (const char *p = text; *p; p = g_utf8_next_char(p))
                    total += g_utf8_get_char(p) >= 0x2E80 ? 1 : 0.5;
                double at = 0;
                bool first = true;
                for (const char *p = text; *p; p = g_utf8_next_char(p)) {
                    gunichar u = g_utf8_get_char(p);
                    double w = u >= 0x2E80 ? 1 : 0.5;
                    if (g_unichar_isspace(u)) {
                        at += w;
                        continue;
                    }
                    fr_ocr_glyph g = {0};
                    g.x0 = l + (int)lround((r - l) * at / total);
                    g.x1 = l + (int)lround((r - l) * (at + w) / total);
                    at += w;
                    g.y0 = t;
                    g.y1 = b;
                    g.ly0 = ly0;
                    g.ly1 = ly1;
                    g.u = u;
                    g.conf = conf < 0 ? 0 : conf > 100 ? 100 : conf;
                    g.line = line;
                    g.word_start = first;
                    first = false;
                    g_array_append_val(gs, g);
                }
            }
            TessDeleteText(text);
        } while (TessResultIteratorNext(ri, RIL_WORD));
        TessResultIteratorDelete(ri);
    }
    TessBaseAPIClear(o->api);
    *n = gs->len;
    *out = (fr_ocr_glyph *)(void *)g_array_free(gs, FALSE);
    return 0;
}
