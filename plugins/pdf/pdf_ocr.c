/* pdf_ocr.c — pages without a text layer (a scanned report), read by OCR.
 *
 * The page is drawn by Poppler into a cairo image (300 pixels an inch by
 * default, at most OCR_MAX_PIXELS), made grey, and recognised by the OCR engine
 * (fiscus-ocr.so, plugins/ocr/: Tesseract), opened the first time a page needs
 * it; where it is not installed the page is left out with a warning and the
 * rest converts. What it recognises is made into what Poppler gives for a text
 * page — a text, a box per character in points, the fonts' sizes — so that the
 * same code makes words, lines, blocks and tables of it (pdf_page_lines), with
 * each character's word confidence beside it. A recogniser is one thread's at a
 * time: they wait in a pool, one per thread that has recognised, and pages are
 * recognised on the fetch helpers' threads, side by side. */
#include "pdf.h"
#include "../ocr/ocr_engine.h"
#include "../../core/fr_glib.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#define OCR_FILE "fiscus-ocr.so"
#define OCR_LANG "chi_sim"
#define OCR_MAX_PIXELS (60 * 1000 * 1000) /* a page larger is drawn coarser */
#define OCR_TIMEOUT_MS (120 * 1000)       /* a page that takes longer is left out */

static struct {
    gsize once;
    fr_ocr_open_fn open;
    fr_ocr_page_fn page;
    fr_ocr_close_fn close;
    char why[600];
    GAsyncQueue *idle; /* fr_ocr * not in use */
    GMutex lock;
    bool unusable;     /* the language data is missing: no recogniser will start */
    char unusable_why[300];
} ocr;

static void load(void)
{
    GModule *m = fr_module_open(OCR_FILE, "FISCUS_OCR_ENGINE", "fiscus_ocr_engine_abi", FR_OCR_ENGINE_ABI, ocr.why,
                                sizeof ocr.why);
    gpointer o = NULL, p = NULL, c = NULL;
    if (m && g_module_symbol(m, "fiscus_ocr_open", &o) && g_module_symbol(m, "fiscus_ocr_page", &p) &&
        g_module_symbol(m, "fiscus_ocr_close", &c)) {
        ocr.open = (fr_ocr_open_fn)o;
        ocr.page = (fr_ocr_page_fn)p;
        ocr.close = (fr_ocr_close_fn)c;
        ocr.idle = g_async_queue_new();
    } else if (m) {
        g_snprintf(ocr.why, sizeof ocr.why, "%s lacks an entry point", g_module_name(m));
    }
}

/* a recogniser for this thread: an idle one, or a new one; NULL with why */
static fr_ocr *take(char *why, size_t whylen)
{
    if (g_once_init_enter(&ocr.once)) {
        load();
        g_once_init_leave(&ocr.once, 1);
    }
    if (!ocr.open) {
        g_snprintf(why, whylen, "OCR is not installed (no usable %s: %s)", OCR_FILE, ocr.why);
        return NULL;
    }
    fr_ocr *o = g_async_queue_try_pop(ocr.idle);
    if (o)
        return o;
    g_mutex_lock(&ocr.lock);
    bool unusable = ocr.unusable;
    if (unusable)
        g_snprintf(why, whylen, "%s", ocr.unusable_why);
    g_mutex_unlock(&ocr.lock);
    if (unusable)
        return NULL;
    char w[300] = "";
    o = ocr.open(OCR_LANG, w, sizeof w);
    if (!o) {
        g_mutex_lock(&ocr.lock);
        ocr.unusable = true;
        g_snprintf(ocr.unusable_why, sizeof ocr.unusable_why, "OCR cannot start: %s", w);
        g_snprintf(why, whylen, "%s", ocr.unusable_why);
        g_mutex_unlock(&ocr.lock);
    }
    return o;
}

static void give_back(fr_ocr *o) { g_async_queue_push(ocr.idle, o); }

/* page drawn at dpi (coarser past OCR_MAX_PIXELS) into grey pixels; *scale: pixels a point */
static unsigned char *draw_grey(PopplerPage *page, int dpi, int *W, int *H, double *scale)
{
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    if (!(w > 0 && h > 0 && w < 20000 && h < 20000))
        return NULL;
    double s = dpi / 72.0;
    if (w * h * s * s > OCR_MAX_PIXELS)
        s = sqrt(OCR_MAX_PIXELS / (w * h));
    *W = (int)ceil(w * s);
    *H = (int)ceil(h * s);
    *scale = s;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *W, *H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return NULL;
    }
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, s, s);
    poppler_page_render_for_printing(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    const unsigned char *px = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    unsigned char *grey = g_try_malloc((size_t)*W * (size_t)*H);
    if (grey)
        for (int y = 0; y < *H; y++) {
            const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
            unsigned char *g = grey + (size_t)y * (size_t)*W;
            for (int x = 0; x < *W; x++) {
                uint32_t v = row[x];
                g[x] = (unsigned char)((((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 + (v & 0xff) * 114) / 1000);
            }
        }
    cairo_surface_destroy(surf);
    return grey;
}

static bool ideograph(uint32_t u) { return u >= 0x3400 && u < 0xA000; }

/* Half-width punctuation beside an ideograph is the full-width one a Chinese
 * text sets (OCR reads （以下简称：…） as "(以下简称:…)"); never between
 * figures ("1,935.36") nor after one ("1." "(2)") */
static uint32_t punctuation(const fr_ocr_glyph *gs, size_t k, size_t a, size_t b)
{
    static const char from[] = "(),:;?!.";
    static const uint32_t to[] = {0xFF08, 0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0x3002};
    uint32_t u = gs[k].u;
    if (u == 0x3008 || u == 0x3009) /* 〈 〉: the brackets OCR reads for （ ） */
        return u == 0x3008 ? 0xFF08 : 0xFF09;
    const char *at = u < 0x80 && u ? strchr(from, (int)u) : NULL;
    if (!at)
        return u;
    bool before = k > a && ideograph(gs[k - 1].u), after = k + 1 < b && ideograph(gs[k + 1].u);
    bool digit_before = k > a && gs[k - 1].u < 0x80 && g_ascii_isdigit((int)gs[k - 1].u);
    if (digit_before || !(before || after))
        return u;
    if (u == '.' && !before) /* a stop ends what was before it */
        return u;
    return to[at - from];
}

/* the recognised characters as Poppler gives a text page: text (lines ended by
 * \n), a box per character in points, a font size per line (its height) */
static void as_text_page(const fr_ocr_glyph *gs, size_t n, double scale, double page_h, pdf_page_raw *raw)
{
    GString *text = g_string_new(NULL);
    GArray *rects = g_array_new(FALSE, TRUE, sizeof(PopplerRectangle));
    GArray *conf = g_array_new(FALSE, TRUE, sizeof(float));
    GList *attrs = NULL;
    size_t k = 0;
    while (k < n) {
        size_t j = k;
        while (j < n && gs[j].line == gs[k].line)
            j++;
        PopplerTextAttributes *a = poppler_text_attributes_new();
        a->font_name = g_strdup("OCR");
        a->font_size = MAX(1, (gs[k].ly1 - gs[k].ly0)) / scale;
        a->start_index = (gint)rects->len;
        for (size_t m = k; m < j; m++) {
            const fr_ocr_glyph *g = &gs[m];
            /* a character's box is its line's height: a full stop or a 一 sits
             * on its line as a font's glyph box does */
            PopplerRectangle r = {g->x0 / scale, g->ly0 / scale, MAX(g->x1, g->x0 + 1) / scale,
                                  MAX(g->ly1, g->ly0 + 1) / scale};
            g_string_append_unichar(text, punctuation(gs, m, k, j));
            g_array_append_val(rects, r);
            g_array_append_val(conf, g->conf);
        }
        a->end_index = (gint)rects->len - 1;
        attrs = g_list_prepend(attrs, a);
        PopplerRectangle nl = rects->len ? g_array_index(rects, PopplerRectangle, rects->len - 1) : (PopplerRectangle){0};
        float c = 100;
        g_string_append_c(text, '\n');
        g_array_append_val(rects, nl);
        g_array_append_val(conf, c);
        k = j;
    }
    raw->text = g_string_free(text, FALSE);
    raw->nrects = rects->len;
    raw->rects = (PopplerRectangle *)(void *)g_array_free(rects, FALSE);
    raw->conf = (float *)(void *)g_array_free(conf, FALSE);
    raw->attrs = g_list_reverse(attrs);
    raw->height = page_h;
    raw->ocr = true;
}

/* Is a twentieth of the page or more covered by images (a scan, a page
 * exported as a picture)? */
static bool pictured(PopplerPage *page)
{
    double w = 0, h = 0, covered = 0;
    poppler_page_get_size(page, &w, &h);
    GList *images = poppler_page_get_image_mapping(page);
    for (GList *l = images; l; l = l->next) {
        const PopplerImageMapping *m = l->data;
        covered += fabs(m->area.x2 - m->area.x1) * fabs(m->area.y2 - m->area.y1);
    }
    poppler_page_free_image_mapping(images);
    return covered * 20 >= w * h;
}

bool pdf_ocr_page(PopplerPage *page, const fr_pdf_options *opt, pdf_page_raw *raw)
{
    char why[700] = "";
    int W = 0, H = 0;
    double scale = 1;
    /* a page without text and without a picture of some size (a blank page,
     * a table's empty frame) has nothing to read: --ocr=always reads it all the same */
    if (opt->ocr != FR_OCR_ALWAYS && !pictured(page))
        return true;
    unsigned char *grey = draw_grey(page, opt->ocr_dpi > 0 ? opt->ocr_dpi : 300, &W, &H, &scale);
    if (!grey) {
        raw->ocr_failed = g_strdup("the page could not be drawn for OCR");
        return false;
    }
    fr_ocr *o = take(why, sizeof why);
    if (!o) {
        g_free(grey);
        raw->ocr_failed = g_strdup(why);
        return false;
    }
    fr_ocr_glyph *gs = NULL;
    size_t n = 0;
    int rc = ocr.page(o, grey, W, H, W, (int)lround(scale * 72), OCR_TIMEOUT_MS, &gs, &n, why, sizeof why);
    g_free(grey);
    give_back(o);
    if (opt->ocr_page_done)
        opt->ocr_page_done(1);
    if (rc != 0) {
        raw->ocr_failed = g_strdup(why);
        g_free(gs);
        return false;
    }
    double h = 0;
    poppler_page_get_size(page, NULL, &h);
    if (n > PDF_MAX_GLYPHS_PER_PAGE)
        n = PDF_MAX_GLYPHS_PER_PAGE;
    as_text_page(gs, n, scale, h, raw);
    g_free(gs);
    return true;
}
