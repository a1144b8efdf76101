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
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct fr_ocr {
    TessBaseAPI *api;
    TessBaseAPI *digits; /* a figure read again alone: figures' characters only (NULL: none) */
};

/* A word of figures read with less confidence than this is read again alone */
#define DIGITS_BELOW 85

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
    /* figures: Tesseract's English model held to digits and separators reads a
     * figure's box alone better than the page's pass did (266.60 read 2660.6) */
    TessBaseAPI *d = TessBaseAPICreate();
    if (d && TessBaseAPIInit3(d, NULL, "eng") == 0) {
        TessBaseAPISetVariable(d, "debug_file", "/dev/null");
        TessBaseAPISetVariable(d, "tessedit_char_whitelist", "0123456789.,-");
        TessBaseAPISetPageSegMode(d, PSM_SINGLE_LINE);
        o->digits = d;
    } else if (d) {
        TessBaseAPIDelete(d);
    }
    return o;
}

void fiscus_ocr_close(fr_ocr *o)
{
    if (!o)
        return;
    TessBaseAPIEnd(o->api);
    TessBaseAPIDelete(o->api);
    if (o->digits) {
        TessBaseAPIEnd(o->digits);
        TessBaseAPIDelete(o->digits);
    }
    g_free(o);
}

typedef struct ocr_word {
    int l, t, r, b;   /* its box */
    int ly0, ly1;     /* its line's top and bottom */
    int line;
    float conf;
    char *text;
} ocr_word;

/* Is s a figure as the digits pass may give it: digits with separators, a
 * leading minus? */
static bool figure(const char *s)
{
    bool digit = false;
    for (const char *p = s; *p; p++) {
        if (g_ascii_isdigit(*p))
            digit = true;
        else if (!(*p == ',' || *p == '.' || (*p == '-' && p == s)))
            return false;
    }
    return digit;
}

/* Might s be a figure Tesseract read with rules or noise about it: digits,
 * separators, and the marks a cell's ruling lines give (| “ ” ' )? */
static bool figure_like(const char *s)
{
    bool digit = false;
    for (const char *p = s; *p;) {
        gunichar u = g_utf8_get_char(p);
        if (u < 0x80 && g_ascii_isdigit((int)u))
            digit = true;
        else if (!strchr(",.-|'\"!", (int)(u < 0x80 ? u : 1)) && u != 0x201C && u != 0x201D && u != 0x2018 &&
                 u != 0x2019 && u != 0xFF0C && u != 0x3002 && u != 0x4E28)
            return false;
        p = g_utf8_next_char(p);
    }
    return digit;
}

/* A figure's ruling lines read as marks (“468.70, 202.10 |): dropped from its
 * ends. Rewrites s in place. */
static void tidy_figure(char *s)
{
    if (!figure_like(s))
        return;
    static const char *const marks[] = {"|", "'", "\"", "!", "\u201C", "\u201D", "\u2018", "\u2019", "\u4E28"};
    bool again = true;
    while (again) {
        again = false;
        for (size_t k = 0; k < G_N_ELEMENTS(marks); k++) {
            size_t m = strlen(marks[k]), n = strlen(s);
            if (n > m && strncmp(s, marks[k], m) == 0) {
                memmove(s, s + m, n - m + 1);
                again = true;
            }
            n = strlen(s);
            if (n > m && strcmp(s + n - m, marks[k]) == 0) {
                s[n - m] = '\0';
                again = true;
            }
        }
    }
}

/* Words of figures read with little confidence are read again, each alone,
 * by the digits recogniser; its reading replaces the page's where it is a
 * figure and surer. */
static void reread_figures(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, int dpi,
                           GArray *words)
{
    bool set = false;
    for (guint k = 0; k < words->len; k++) {
        ocr_word *w = &g_array_index(words, ocr_word, k);
        if (w->conf >= DIGITS_BELOW || !figure_like(w->text))
            continue;
        if (!set) {
            TessBaseAPISetImage(o->digits, grey, width, height, 1, stride);
            TessBaseAPISetSourceResolution(o->digits, dpi);
            set = true;
        }
        int pad = MAX(2, (w->b - w->t) / 4);
        int x = MAX(0, w->l - pad), y = MAX(0, w->t - pad);
        int wd = MIN(width, w->r + pad) - x, ht = MIN(height, w->b + pad) - y;
        if (wd <= 0 || ht <= 0)
            continue;
        TessBaseAPISetRectangle(o->digits, x, y, wd, ht);
        char *t = TessBaseAPIGetUTF8Text(o->digits);
        int conf = TessBaseAPIMeanTextConf(o->digits);
        if (t) {
            char *s = g_strstrip(g_strdup(t));
            if (figure(s) && conf > w->conf) {
                g_free(w->text);
                w->text = s;
                w->conf = (float)conf;
                s = NULL;
            }
            g_free(s);
            TessDeleteText(t);
        }
    }
    if (set)
        TessBaseAPIClear(o->digits);
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
    GArray *words = g_array_new(FALSE, FALSE, sizeof(ocr_word));
    TessResultIterator *ri = TessBaseAPIGetIterator(o->api);
    int line = -1, ly0 = 0, ly1 = 0, prev_mid = 0, prev_h = 0;
    if (ri) {
        const TessPageIterator *pi = TessResultIteratorGetPageIteratorConst(ri);
        do {
            ocr_word w = {0};
            if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &w.l, &w.t, &w.r, &w.b))
                continue;
            bool new_line = line < 0 || TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE);
            if (new_line) {
                int tl, tt, tr, tb;
                if (TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &tl, &tt, &tr, &tb)) {
                    ly0 = tt;
                    ly1 = tb;
                } else {
                    ly0 = w.t;
                    ly1 = w.b;
                }
            }
            /* a line Tesseract made of two printed lines (a name wrapped in a
             * narrow cell beside a figure): each word keeps its own */
            int wh = w.b - w.t, mid = (w.t + w.b) / 2;
            /* (two lines' height, not that of a flat word: 一, ——) */
            bool tall = ly1 - ly0 > wh * 1.6 && ly1 - ly0 < wh * 3.2 && wh > 0;
            if (!new_line && tall && abs(mid - prev_mid) > MAX(wh, prev_h) / 2)
                new_line = true;
            if (new_line)
                line++;
            prev_mid = mid;
            prev_h = wh;
            w.ly0 = tall ? w.t : ly0;
            w.ly1 = tall ? w.b : ly1;
            w.line = line;
            w.conf = TessResultIteratorConfidence(ri, RIL_WORD);
            char *text = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
            if (!text)
                continue;
            w.text = g_utf8_validate(text, -1, NULL) ? g_strdup(text) : NULL;
            TessDeleteText(text);
            if (w.text)
                g_array_append_val(words, w);
        } while (TessResultIteratorNext(ri, RIL_WORD));
        TessResultIteratorDelete(ri);
    }
    if (o->digits)
        reread_figures(o, grey, width, height, stride, dpi, words);
    GArray *gs = g_array_new(FALSE, FALSE, sizeof(fr_ocr_glyph));
    for (guint k = 0; k < words->len; k++) {
        ocr_word *w = &g_array_index(words, ocr_word, k);
        tidy_figure(w->text);
        if (strcmp(w->text, "|") == 0 || strcmp(w->text, "\u4E28") == 0) { /* a ruling line */
            g_free(w->text);
            continue;
        }
        double total = 0;
        for (const char *p = w->text; *p; p = g_utf8_next_char(p))
            total += g_utf8_get_char(p) >= 0x2E80 ? 1 : 0.5;
        double at = 0;
        bool first = true;
        for (const char *p = w->text; *p; p = g_utf8_next_char(p)) {
            gunichar u = g_utf8_get_char(p);
            double cw = u >= 0x2E80 ? 1 : 0.5;
            if (g_unichar_isspace(u)) {
                at += cw;
                continue;
            }
            fr_ocr_glyph g = {0};
            g.x0 = w->l + (int)lround((w->r - w->l) * at / total);
            g.x1 = w->l + (int)lround((w->r - w->l) * (at + cw) / total);
            at += cw;
            g.y0 = w->t;
            g.y1 = w->b;
            g.ly0 = w->ly0;
            g.ly1 = w->ly1;
            g.u = u;
            g.conf = w->conf < 0 ? 0 : w->conf > 100 ? 100 : w->conf;
            g.line = w->line;
            g.word_start = first;
            first = false;
            g_array_append_val(gs, g);
        }
        g_free(w->text);
    }
    g_array_free(words, TRUE);
    TessBaseAPIClear(o->api);
    *n = gs->len;
    *out = (fr_ocr_glyph *)(void *)g_array_free(gs, FALSE);
    return 0;
}
