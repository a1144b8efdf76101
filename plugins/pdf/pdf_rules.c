/* pdf_rules.c — the ruling lines of a band of a page, the best evidence of
 * where a ruled table's cells begin and end.
 *
 * Poppler's GLib API gives text, not paths; it can draw a page into a cairo
 * surface. The band a table asks about (its header and first rows) is drawn
 * on white into a small image at 1.5 pixels per point; a rule's pixels are
 * darker than what lies three pixels to either side (shading is not a rule, a
 * light gray rule is); a vertical rule over
 * some of its rows is a pixel column dark over nearly all of them (glyphs are
 * shorter than a line and leave gaps between lines, a rule crosses them), a
 * horizontal one a row dark across a cell.
 *
 * Drawing a band costs about four times reading its page's text (Poppler
 * parses the page's whole content and loads the fonts of its text, an embedded
 * CJK font the first time it is used: 5 to 20 ms): a document draws at most
 * RULES_MAX_DRAWS bands (its first tables with headings over several lines
 * and columns), and none more once one has shown no rules (a publisher that
 * rules no table rules none). The fonts are loaded ahead: a fetch helper draws
 * a sliver of the first page of table rows it fetches (pdf_rules_warm), and
 * the bands are then drawn from that helper's copy of the document, while
 * the reader was still fetching pages. Bands are drawn on the page's own
 * pixel grid, so the answers do not depend on which copy drew them. The
 * reader sets the document for the thread that assembles its blocks; only
 * that thread draws. */
#include "pdf.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#define RULES_SCALE 1.5
#define RULES_MAX_PIXELS (4000 * 1000) /* a band larger than this is not drawn */
#ifndef RULES_MAX_DRAWS
#define RULES_MAX_DRAWS 4
#endif

struct pdf_band {
    cairo_surface_t *s;
    const unsigned char *px;
    int stride, W, H;
    double y0;
};

static _Thread_local PopplerDocument *rules_doc;
static _Thread_local int rules_drawn, rules_unruled;

void pdf_rules_set_document(PopplerDocument *pd)
{
    rules_doc = pd;
    rules_drawn = rules_unruled = 0;
}

bool pdf_rules_wanted(void)
{
    return rules_doc && rules_drawn < RULES_MAX_DRAWS && rules_unruled < 1 && !getenv("FISCUS_NO_RULES");
}

void pdf_rules_found(bool ruled) { rules_unruled = ruled ? 0 : rules_unruled + 1; }

/* rows y0..y1 of a page (1-based) on the page's own pixel grid (row r covers
 * y = r / RULES_SCALE ..), whatever the band: the same page gives the same
 * pixels. Returns the surface and its first row, or NULL. */
static cairo_surface_t *draw_rows(PopplerDocument *pd, int page, double y0, double y1, int *r0out)
{
    PopplerPage *pp = poppler_document_get_page(pd, page - 1);
    if (!pp)
        return NULL;
    double pw = 0, ph = 0;
    poppler_page_get_size(pp, &pw, &ph);
    y0 = MAX(y0, 0);
    y1 = MIN(y1, ph);
    int r0 = (int)floor(y0 * RULES_SCALE), r1 = (int)ceil(y1 * RULES_SCALE);
    int W = (int)ceil(pw * RULES_SCALE), H = r1 - r0;
    if (W <= 0 || H <= 0 || (double)W * H > RULES_MAX_PIXELS) {
        g_object_unref(pp);
        return NULL;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_object_unref(pp);
        return NULL;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1); /* paper: a shaded cell is light, a rule dark */
    cairo_paint(cr);
    cairo_translate(cr, 0, -r0); /* whole pixels */
    cairo_scale(cr, RULES_SCALE, RULES_SCALE);
    cairo_rectangle(cr, 0, r0 / RULES_SCALE, pw, H / RULES_SCALE);
    cairo_clip(cr);
    poppler_page_render_for_printing(pp, cr); /* printing: no text layout built on the side */
    cairo_destroy(cr);
    cairo_surface_flush(s);
    g_object_unref(pp);
    *r0out = r0;
    return s;
}

void pdf_rules_warm(PopplerDocument *pd, int page)
{
    if (getenv("FISCUS_NO_RULES"))
        return;
    int r0 = 0;
    cairo_surface_t *s = draw_rows(pd, page, 0, 4, &r0); /* (a sliver: the fonts load all the same) */
    if (s)
        cairo_surface_destroy(s);
}

pdf_band *pdf_band_draw(int page, double y0, double y1)
{
    if (!pdf_rules_wanted() || page < 1 || y1 - y0 < 4)
        return NULL;
    rules_drawn++;
    int r0 = 0;
    cairo_surface_t *s = draw_rows(rules_doc, page, y0, y1, &r0);
    if (!s)
        return NULL;
    pdf_band *b = g_new(pdf_band, 1);
    *b = (pdf_band){s, cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s),
                    cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), r0 / RULES_SCALE};
    return b;
}

void pdf_band_free(pdf_band *b)
{
    if (!b)
        return;
    cairo_surface_destroy(b->s);
    g_free(b);
}

static inline int lum(const pdf_band *b, int x, int y)
{
    const unsigned char *p = b->px + (size_t)y * (size_t)b->stride + (size_t)x * 4; /* RGB24: blue first */
    return p[0] + p[1] + p[2];
}

/* A pixel of a rule (or a glyph): darker than the paper or shading three
 * pixels to either side, across the rule (dx, dy: the direction to look) —
 * a shaded header is not dark, a light gray rule on it or on white is */
static inline bool ruled_px(const pdf_band *b, int x, int y, int dx, int dy)
{
    int xa = x - 3 * dx, ya = y - 3 * dy, xb = x + 3 * dx, yb = y + 3 * dy;
    if (xa < 0 || ya < 0 || xb >= b->W || yb >= b->H)
        return false;
    int here = lum(b, x, y), side = MIN(lum(b, xa, ya), lum(b, xb, yb));
    return here < side - 3 * 25;
}

static int row_of(const pdf_band *b, double y)
{
    int r = (int)floor((y - b->y0) * RULES_SCALE);
    return r < 0 ? 0 : r > b->H ? b->H : r;
}

static int col_of(const pdf_band *b, double x)
{
    int c = (int)floor(x * RULES_SCALE);
    return c < 0 ? 0 : c > b->W ? b->W : c;
}

GArray *pdf_band_vertical(const pdf_band *b, double ya, double yb)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
    if (!b)
        return out;
    int r0 = row_of(b, ya), r1 = row_of(b, yb);
    if (r1 - r0 < 4)
        return out;
    /* a column dark over 85% of the rows asked, thin (a wider dark block is a fill) */
    int need = (int)((r1 - r0) * 0.85);
    bool prev = false;
    int run_from = 0;
    for (int x = 0; x <= b->W; x++) {
        bool rule = false;
        if (x < b->W) {
            int miss = 0, spare = (r1 - r0) - need; /* a column missing more cannot be a rule */
            for (int y = r0; y < r1 && miss <= spare; y++)
                miss += !ruled_px(b, x, y, 1, 0);
            rule = miss <= spare;
        }
        if (rule && !prev)
            run_from = x;
        if (!rule && prev && x - run_from <= 4) {
            double at = (run_from + x - 1) / 2.0 / RULES_SCALE;
            g_array_append_val(out, at);
        }
        prev = rule;
    }
    return out;
}

bool pdf_band_horizontal(const pdf_band *b, double xa, double xb, double ya, double yb)
{
    if (!b)
        return false;
    int c0 = col_of(b, xa), c1 = col_of(b, xb), r0 = row_of(b, ya), r1 = row_of(b, yb);
    if (c1 - c0 < 4)
        return false;
    for (int y = r0; y < r1; y++) {
        int miss = 0, spare = (c1 - c0) - (int)ceil((c1 - c0) * 0.9);
        for (int x = c0; x < c1 && miss <= spare; x++)
            miss += !ruled_px(b, x, y, 0, 1);
        if (miss <= spare)
            return true;
    }
    return false;
}
