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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct fr_ocr {
    TessBaseAPI *api;
    TessPageSegMode psm; /* the page's pass */
    TessBaseAPI *digits; /* a figure read again alone: figures' characters only (NULL: none) */
};

/* A word of figures read with less confidence than this is read again alone */
#define DIGITS_BELOW 85

const unsigned fiscus_ocr_engine_abi = FR_OCR_ENGINE_ABI;

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
    /* Tesseract's own page layout, then a second look where it left ink unread
     * (second_look); FISCUS_OCR_PSM, for trying others, takes Tesseract's
     * numbers (PSM_SINGLE_COLUMN, 4, keeps more of some tables and loses more
     * of others) */
    const char *psm = g_getenv("FISCUS_OCR_PSM");
    fr_ocr *o = g_new0(fr_ocr, 1);
    o->api = api;
    o->psm = psm && *psm ? (TessPageSegMode)atoi(psm) : PSM_AUTO;
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
    int cell;         /* the ruled cell its centre lies in (1, 2, …), 0 none */
} ocr_word;

/* (for qsort and g_array_sort alike) */
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static bool ideograph(gunichar u) { return u >= 0x3400 && u < 0xA000; }

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
        else if (!strchr(",.-|'\"![]", (int)(u < 0x80 ? u : 1)) && u != 0x201C && u != 0x201D && u != 0x2018 &&
                 u != 0x2019 && u != 0xFF0C && u != 0x3002 && u != 0x4E28)
            return false;
        p = g_utf8_next_char(p);
    }
    return digit;
}

/* Is s made of punctuation and symbols only (no letter, digit or ideograph)? */
static bool only_marks(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (g_unichar_isalnum(g_utf8_get_char(p)))
            return false;
    return *s != '\0';
}

/* Is s one bracket (a title's （ read alone, unsure: 〈, (, 《)? */
static bool bracket(const char *s)
{
    gunichar u = g_utf8_get_char(s);
    return s[0] && !*g_utf8_next_char(s) &&
           (u == '(' || u == ')' || u == 0xFF08 || u == 0xFF09 || u == 0x3008 || u == 0x3009 || u == 0x300A || u == 0x300B);
}

/* A figure's ruling lines read as marks (“468.70, 202.10 |): dropped from its
 * ends. Rewrites s in place. */
static void tidy_figure(char *s)
{
    if (!figure_like(s))
        return;
    static const char *const marks[] = {"|", "'", "\"", "!", "\u201C", "\u201D", "\u2018", "\u2019", "\u4E28"};
    /* a rule touching a figure read as a bracket (0.00], 1,864.90]); a code
     * printed in brackets ([301]) keeps both */
    bool open = strchr(s, '[') != NULL, close = strchr(s, ']') != NULL;
    if (close && !open)
        *strrchr(s, ']') = '\0';
    if (open && !close)
        memmove(s, s + 1, strlen(s));
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

/* Is s one amount as tables print it: 1,935.36, 0.00, -12, 1583000? */
static bool well_formed(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    int lead = 0;
    while (g_ascii_isdigit(p[lead]))
        lead++;
    if (lead == 0)
        return false;
    p += lead;
    if (*p == ',' && lead > 3)
        return false;
    while (*p == ',') {
        if (!(g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) && g_ascii_isdigit(p[3])) || g_ascii_isdigit(p[4]))
            return false;
        p += 4;
    }
    if (*p == '.') {
        p++;
        int d = 0;
        while (g_ascii_isdigit(p[d]))
            d++;
        if (d == 0 || d > 4)
            return false;
        p += d;
    }
    return *p == '\0';
}

/* How many ASCII digits s holds */
static int digits_in(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += g_ascii_isdigit(*s) != 0;
    return n;
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
            /* (one well-formed amount, its point kept where the page read one) */
            const char *pt = strrchr(w->text, '.');
            size_t dec = pt ? strspn(pt + 1, "0123456789") : 0;
            bool decimal_point = pt && (dec == 1 || dec == 2) && pt[1 + dec] == '\0'; /* (not 1.583,000) */
            /* (as many digits, its point gone: 224.43 read 22443) */
            bool point_kept = !decimal_point || strchr(s, '.') || digits_in(s) != digits_in(w->text);
            if (getenv("FISCUS_OCR_DEBUG"))
                fprintf(stderr, "ocr: figure read again [%s] %d (page [%s] %.0f)\n", s, conf, w->text, w->conf);
            if (well_formed(s) && point_kept && conf > w->conf) {
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

/* Is w the asterisks of a column-number row ("** ** 1 2 3") that the Chinese
 * model reads as ideographs (炒米, 米米)? A word of three characters or fewer,
 * no digit among them, half as tall as the page's words of ideographs or less
 * (no ideograph is so small; a flat one, 一 or —, is not taken), on a line of
 * small whole numbers. */
static bool asterisks(const ocr_word *w, int typical, const GArray *words)
{
    int wh = w->b - w->t;
    if (typical <= 0 || wh <= 0 || wh * 20 > typical * 13 || g_utf8_strlen(w->text, -1) > 3)
        return false;
    /* (on a row of column numbers: two small whole numbers or more beside it) */
    int numbers = 0, mid = (w->t + w->b) / 2;
    for (guint k = 0; k < words->len; k++) {
        const ocr_word *o = &g_array_index(words, ocr_word, k);
        numbers += abs((o->t + o->b) / 2 - mid) < typical / 2 && strlen(o->text) <= 2 && o->text[0] &&
                   strspn(o->text, "0123456789") == strlen(o->text);
    }
    if (numbers < 2)
        return false;
    bool ideographs = false;
    for (const char *p = w->text; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        if (g_unichar_isdigit(u) || u == 0x4E00 || u == 0x2014 || u == 0x2015 || u == '-' || u == 0xFF0D)
            return false;
        ideographs = ideographs || ideograph(u);
    }
    return ideographs;
}

/* The median height of the words of two ideographs or more: the page's text */
static int typical_height(const GArray *words)
{
    GArray *hs = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint k = 0; k < words->len; k++) {
        const ocr_word *w = &g_array_index(words, ocr_word, k);
        int n = 0;
        for (const char *p = w->text; *p; p = g_utf8_next_char(p))
            n += ideograph(g_utf8_get_char(p));
        if (n >= 2) {
            int h = w->b - w->t;
            g_array_append_val(hs, h);
        }
    }
    int t = 0;
    if (hs->len) {
        g_array_sort(hs, cmp_int);
        t = g_array_index(hs, int, hs->len / 2);
    }
    g_array_free(hs, TRUE);
    return t;
}

static gint cmp_word_mid(gconstpointer a, gconstpointer b)
{
    const ocr_word *x = a, *y = b;
    return (x->t + x->b > y->t + y->b) - (x->t + x->b < y->t + y->b);
}

/* One of Tesseract's lines done (part): its words take the line's height and
 * go to words, unless the line is two printed lines Tesseract made one (a name
 * wrapped in a narrow cell beside a figure): then its words are parted by
 * their heights, each part a line of its own with its own height. Their
 * centres spread over four fifths of a word's height or more says so (a flat
 * word, 一 or a stop, sits within its line's). part is emptied. */
static void split_line(GArray *part, int ly0, int ly1, int *line, GArray *words)
{
    guint n = part->len;
    if (n == 0)
        return;
    ocr_word *ws = (ocr_word *)(void *)part->data;
    int *hs = g_new(int, n);
    int lo = G_MAXINT, hi = G_MININT;
    for (guint k = 0; k < n; k++) {
        hs[k] = ws[k].b - ws[k].t;
        lo = MIN(lo, (ws[k].t + ws[k].b) / 2);
        hi = MAX(hi, (ws[k].t + ws[k].b) / 2);
    }
    qsort(hs, n, sizeof *hs, cmp_int);
    int h = hs[n / 2];
    g_free(hs);
    if (n < 2 || h <= 0 || hi - lo < h * 4 / 5) {
        ++*line;
        for (guint k = 0; k < n; k++) {
            ws[k].ly0 = ly0;
            ws[k].ly1 = ly1;
            ws[k].line = *line;
            g_array_append_val(words, ws[k]);
        }
        g_array_set_size(part, 0);
        return;
    }
    /* by centre, top to bottom: a new line where a centre is half a height below the last */
    g_array_sort(part, cmp_word_mid);
    ws = (ocr_word *)(void *)part->data;
    for (guint a = 0; a < n;) {
        guint b = a + 1;
        while (b < n && (ws[b].t + ws[b].b) / 2 - (ws[b - 1].t + ws[b - 1].b) / 2 < h / 2)
            b++;
        int t = G_MAXINT, bot = G_MININT;
        for (guint k = a; k < b; k++) {
            t = MIN(t, ws[k].t);
            bot = MAX(bot, ws[k].b);
        }
        ++*line;
        for (guint k = a; k < b; k++) {
            ws[k].ly0 = t;
            ws[k].ly1 = bot;
            ws[k].line = *line;
            g_array_append_val(words, ws[k]);
        }
        a = b;
    }
    g_array_set_size(part, 0);
}

/* The words of what api recognised last, after *line's lines: word by word, as
 * Tesseract's boxes of a word's characters are the LSTM's guesses and its word
 * boxes are the ink's (fiscus_ocr_page shares a word's box out among its
 * characters). */
static void collect_words(TessBaseAPI *api, GArray *words, int *line)
{
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    if (!ri)
        return;
    int ly0 = 0, ly1 = 0;
    const TessPageIterator *pi = TessResultIteratorGetPageIteratorConst(ri);
    GArray *part = g_array_new(FALSE, FALSE, sizeof(ocr_word)); /* the current line's words */
    do {
        ocr_word w = {0};
        if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &w.l, &w.t, &w.r, &w.b))
            continue;
        if (part->len == 0 || TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) {
            split_line(part, ly0, ly1, line, words);
            int tl, tt, tr, tb;
            if (TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &tl, &tt, &tr, &tb)) {
                ly0 = tt;
                ly1 = tb;
            } else {
                ly0 = w.t;
                ly1 = w.b;
            }
        }
        w.conf = TessResultIteratorConfidence(ri, RIL_WORD);
        char *text = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
        if (!text)
            continue;
        w.text = g_utf8_validate(text, -1, NULL) ? g_strdup(text) : NULL;
        TessDeleteText(text);
        if (w.text)
            g_array_append_val(part, w);
    } while (TessResultIteratorNext(ri, RIL_WORD));
    split_line(part, ly0, ly1, line, words);
    g_array_free(part, TRUE);
    TessResultIteratorDelete(ri);
}

#define LOOK_SCALE 4   /* the second look's map: a cell per 4 × 4 pixels */
#define LOOK_MAX 400   /* at most so many places read again on a page */

typedef struct look_box {
    int x0, y0, x1, y1; /* in map cells, inclusive */
} look_box;

/* Marks (2) the runs of ink (non-zero) of at least run_min cells in map: nlines
 * lines of len cells, line k beginning at k * line_step, a line's cells step apart */
static void mark_rules(unsigned char *map, int nlines, int len, size_t line_step, size_t step, int run_min)
{
    for (int k = 0; k < nlines; k++) {
        unsigned char *at = map + (size_t)k * line_step;
        for (int x = 0; x < len;) {
            int e = x;
            while (e < len && at[(size_t)e * step])
                e++;
            if (e - x >= run_min)
                for (int c = x; c < e; c++)
                    at[(size_t)c * step] = 2;
            x = e > x ? e : x + 1;
        }
    }
}

/* A second look: Tesseract's page layout leaves some of a table unread (a
 * column of 0.00, a heading over two lines). Ink no recognised word covers and
 * no ruling line explains, in runs along a line, is read again, each run alone
 * as a line of text; what it reads joins the page's words. */
static void second_look(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, GArray *words,
                        int *line)
{
    int W = width / LOOK_SCALE, H = height / LOOK_SCALE;
    if (W < 8 || H < 8)
        return;
    unsigned char *ink = g_malloc0((size_t)W * (size_t)H);
    for (int y = 0; y < H * LOOK_SCALE; y++) {
        const unsigned char *row = grey + (size_t)y * (size_t)stride;
        unsigned char *m = ink + (size_t)(y / LOOK_SCALE) * (size_t)W;
        for (int x = 0; x < W * LOOK_SCALE; x++)
            if (row[x] < 128)
                m[x / LOOK_SCALE] = 1;
    }
    /* ruling lines: runs of ink longer than two fifths of an inch at 300 dpi,
     * along the rows, then down the columns */
    mark_rules(ink, H, W, (size_t)W, 1, 120 / LOOK_SCALE);
    mark_rules(ink, W, H, 1, (size_t)W, 120 / LOOK_SCALE);
    /* what the words cover, a cell around */
    for (guint k = 0; k < words->len; k++) {
        const ocr_word *w = &g_array_index(words, ocr_word, k);
        int x0 = MAX(0, w->l / LOOK_SCALE - 3), x1 = MIN(W - 1, w->r / LOOK_SCALE + 3);
        int y0 = MAX(0, w->t / LOOK_SCALE - 1), y1 = MIN(H - 1, w->b / LOOK_SCALE + 1);
        for (int y = y0; y <= y1; y++)
            memset(ink + (size_t)y * W + x0, 0, (size_t)(x1 - x0 + 1));
    }
    /* the ink left, in boxes: connected cells, then boxes on one line within
     * two cells of each other joined */
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(look_box));
    int *stack = g_new(int, (size_t)W * (size_t)H);
    for (int start = 0; start < W * H && boxes->len < LOOK_MAX * 4; start++) {
        if (ink[start] != 1)
            continue;
        look_box b = {start % W, start / W, start % W, start / W};
        int sp = 0;
        stack[sp++] = start;
        ink[start] = 3;
        while (sp) {
            int c = stack[--sp], cx = c % W, cy = c / W;
            b.x0 = MIN(b.x0, cx);
            b.x1 = MAX(b.x1, cx);
            b.y0 = MIN(b.y0, cy);
            b.y1 = MAX(b.y1, cy);
            static const int dx[] = {1, -1, 0, 0, 1, 1, -1, -1}, dy[] = {0, 0, 1, -1, 1, -1, 1, -1};
            for (int d = 0; d < 8; d++) {
                int nx = cx + dx[d], ny = cy + dy[d];
                if (nx >= 0 && nx < W && ny >= 0 && ny < H && ink[(size_t)ny * W + nx] == 1) {
                    ink[(size_t)ny * W + nx] = 3;
                    stack[sp++] = ny * W + nx;
                }
            }
        }
        g_array_append_val(boxes, b);
    }
    g_free(stack);
    g_free(ink);
    /* join boxes side by side on one line (the characters of a figure) */
    bool joined = true;
    while (joined) {
        joined = false;
        for (guint a = 0; a < boxes->len; a++)
            for (guint c = a + 1; c < boxes->len; c++) {
                look_box *A = &g_array_index(boxes, look_box, a), *C = &g_array_index(boxes, look_box, c);
                int h = MAX(A->y1 - A->y0, C->y1 - C->y0) + 1;
                bool level = MIN(A->y1, C->y1) - MAX(A->y0, C->y0) + 1 >= h / 2;
                bool near = C->x0 - A->x1 <= 2 + h / 2 && A->x0 - C->x1 <= 2 + h / 2;
                if (level && near) {
                    A->x0 = MIN(A->x0, C->x0);
                    A->x1 = MAX(A->x1, C->x1);
                    A->y0 = MIN(A->y0, C->y0);
                    A->y1 = MAX(A->y1, C->y1);
                    g_array_remove_index_fast(boxes, c);
                    joined = true;
                    c--;
                }
            }
    }
    /* each box of a character's size or more (specks and dots are not read) */
    TessBaseAPISetPageSegMode(o->api, PSM_SINGLE_LINE);
    int looked = 0;
    for (guint k = 0; k < boxes->len && looked < LOOK_MAX; k++) {
        const look_box *b = &g_array_index(boxes, look_box, k);
        int bh = b->y1 - b->y0 + 1, bw = b->x1 - b->x0 + 1;
        /* (at 300 dpi: 16 pixels tall or more, a small figure's height; no taller than two lines) */
        if (bh * LOOK_SCALE < 16 || bh * LOOK_SCALE > 100 || bw < 2)
            continue;
        int pad = 2 * LOOK_SCALE;
        int x = MAX(0, b->x0 * LOOK_SCALE - pad), y = MAX(0, b->y0 * LOOK_SCALE - pad);
        int x1 = MIN(width, (b->x1 + 1) * LOOK_SCALE + pad), y1 = MIN(height, (b->y1 + 1) * LOOK_SCALE + pad);
        TessBaseAPISetRectangle(o->api, x, y, x1 - x, y1 - y);
        if (TessBaseAPIRecognize(o->api, NULL) != 0)
            continue;
        looked++;
        guint before = words->len;
        collect_words(o->api, words, line);
        /* figures only, read with some confidence: text read again alone (a
         * title's flourish, a seal, a signature) is more often wrong than not */
        for (guint j = words->len; j-- > before;) {
            ocr_word *w = &g_array_index(words, ocr_word, j);
            tidy_figure(w->text);
            if (w->conf < (strlen(w->text) < 3 ? 80 : 50) || !figure(w->text)) {
                g_free(w->text);
                g_array_remove_index(words, j);
            }
        }
    }
    g_array_free(boxes, TRUE);
}

/* ---- ruled cells read again, each alone ----------------------------------
 *
 * Read as a page, a ruled table's small header cells and the figures that
 * touch a rule come out worst (类 read 天, 3.36 read 。36, 4,243.61 read
 * 4和243.61); read alone, a cell reads well. The cells are the regions the
 * page's rules enclose: a rule is a run of dark pixels along a pixel row (or
 * column) longer than any stroke of a character, the walls are drawn on a
 * coarse map, and each region of the map they close is a cell. */

#define CELL_SCALE 4       /* the map: a cell per 4 × 4 pixels */
#define CELL_MAX_READS 300 /* at most so many cells read again on a page */
#define RULE_DARK 176      /* a rule's pixels: a scanned hairline drawn again is grey */

typedef struct cell_box {
    int x0, y0, x1, y1; /* in pixels, inside the walls */
} cell_box;

/* Marks (1) the map cells a rule crosses: runs of dark pixels of at least
 * run pixels along rows, then down columns */
static void rule_walls(const unsigned char *grey, int width, int height, int stride, int run, unsigned char *map, int W,
                       int H)
{
    for (int y = 0; y < height; y++) {
        const unsigned char *row = grey + (size_t)y * (size_t)stride;
        for (int x = 0; x < width;) {
            int e = x;
            while (e < width && row[e] < RULE_DARK)
                e++;
            if (e - x >= run && y / CELL_SCALE < H)
                for (int c = x; c < e; c++)
                    if (c / CELL_SCALE < W)
                        map[(size_t)(y / CELL_SCALE) * (size_t)W + (size_t)(c / CELL_SCALE)] = 1;
            x = e > x ? e : x + 1;
        }
    }
    int *down = g_new0(int, (size_t)width); /* the dark run down each column so far */
    for (int y = 0; y <= height; y++) {
        const unsigned char *row = y < height ? grey + (size_t)y * (size_t)stride : NULL;
        for (int x = 0; x < width; x++) {
            if (row && row[x] < RULE_DARK) {
                down[x]++;
                continue;
            }
            if (down[x] >= run)
                for (int r = y - down[x]; r < y; r++)
                    if (r / CELL_SCALE < H && x / CELL_SCALE < W)
                        map[(size_t)(r / CELL_SCALE) * (size_t)W + (size_t)(x / CELL_SCALE)] = 1;
            down[x] = 0;
        }
    }
    g_free(down);
}

/* The cells of the page: regions of the map the walls enclose, neither touching
 * the page's edge nor larger than a sixth of it, nor smaller than a character */
static GArray *ruled_cells(const unsigned char *grey, int width, int height, int stride, int dpi)
{
    GArray *cells = g_array_new(FALSE, FALSE, sizeof(cell_box));
    int W = width / CELL_SCALE, H = height / CELL_SCALE;
    if (W < 8 || H < 8)
        return cells;
    unsigned char *map = g_malloc0((size_t)W * (size_t)H);
    /* (a character's longest stroke at 12 points is a sixth of an inch) */
    rule_walls(grey, width, height, stride, MAX(20, dpi * 18 / 100), map, W, H);
    int *stack = g_new(int, (size_t)W * (size_t)H);
    int min_side = MAX(2, dpi / 12 / CELL_SCALE); /* (a twelfth of an inch) */
    for (int start = 0; start < W * H; start++) {
        if (map[start])
            continue;
        int x0 = start % W, x1 = x0, y0 = start / W, y1 = y0, sp = 0;
        bool edge = false;
        size_t area = 0;
        stack[sp++] = start;
        map[start] = 2;
        while (sp) {
            int c = stack[--sp], cx = c % W, cy = c / W;
            area++;
            x0 = MIN(x0, cx);
            x1 = MAX(x1, cx);
            y0 = MIN(y0, cy);
            y1 = MAX(y1, cy);
            edge = edge || cx == 0 || cy == 0 || cx == W - 1 || cy == H - 1;
            static const int dx[] = {1, -1, 0, 0}, dy[] = {0, 0, 1, -1};
            for (int d = 0; d < 4; d++) {
                int nx = cx + dx[d], ny = cy + dy[d];
                if (nx >= 0 && nx < W && ny >= 0 && ny < H && !map[(size_t)ny * W + nx]) {
                    map[(size_t)ny * W + nx] = 2;
                    stack[sp++] = ny * W + nx;
                }
            }
        }
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        /* (a band across a table ruled only along its rows is no cell) */
        if (edge || bw < min_side || bh < min_side || bw * 3 > W || (size_t)bw * (size_t)bh * 6 > (size_t)W * (size_t)H ||
            area * 10 < (size_t)bw * (size_t)bh * 7) /* (a cell is a box, not a frame's leftover) */
            continue;
        cell_box b = {x0 * CELL_SCALE, y0 * CELL_SCALE, MIN(width, (x1 + 1) * CELL_SCALE),
                      MIN(height, (y1 + 1) * CELL_SCALE)};
        g_array_append_val(cells, b);
    }
    g_free(stack);
    g_free(map);
    return cells;
}

/* Does word w lie in cell b by its centre? */
static bool centre_in(const ocr_word *w, const cell_box *b)
{
    int cx = (w->l + w->r) / 2, cy = (w->t + w->b) / 2;
    return cx >= b->x0 && cx < b->x1 && cy >= b->y0 && cy < b->y1;
}

/* Does word w reach into cell b: more than 4 pixels across, half its height down? */
static bool reaches(const ocr_word *w, const cell_box *b)
{
    return MIN(w->r, b->x1) - MAX(w->l, b->x0) > 4 && MIN(w->b, b->y1) - MAX(w->t, b->y0) > (w->b - w->t) / 2;
}

/* Might s be a figure the page's pass misread: digits with a stray character
 * among them (4和243.61, S,838.39, 二185.60), a point first (。36) or last (3.),
 * two points, or a rule's mark after it (1503.3<)? */
static bool doubtful_figure(const char *s)
{
    glong n = g_utf8_strlen(s, -1);
    /* (a percentage is a figure with its sign: 30.86%, not a doubtful one) */
    if (n < 2 || n > 24 || strchr(s, '%') || strstr(s, "\uFF05"))
        return false;
    int digits = 0, points = 0, stray = 0;
    gunichar first = g_utf8_get_char(s), last = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        if (u < 0x80 && g_ascii_isdigit((int)u))
            digits++;
        else if (u == '.' || u == 0x3002)
            points++;
        else if (u != ',')
            stray++;
        last = u;
    }
    if (digits < 2 || stray > 1 || digits < n - 3)
        return false;
    bool point_first = first == '.' || first == 0x3002, point_last = last == '.' || last == 0x3002;
    return stray == 1 || points > 1 || point_first || point_last || (points == 1 && strchr(s, '.') == NULL);
}

/* The figure in the cell x, y, wd, ht (in pixels) whose page words are in[]:
 * read by the digits recogniser (its image set), into *out (one word over the
 * cell's ink, text g_malloc'd); false where the reading is not one
 * well-formed amount that keeps what the page read (its decimals; its digits
 * in order with at most three more, unless sure; its minus) */
static bool read_figure_cell(fr_ocr *o, const unsigned char *grey, int stride, const GArray *words, const GArray *in,
                             int x, int y, int wd, int ht, ocr_word *out)
{
    TessBaseAPISetRectangle(o->digits, x, y, wd, ht);
    char *t = TessBaseAPIGetUTF8Text(o->digits);
    int conf = TessBaseAPIMeanTextConf(o->digits);
    if (!t)
        return false;
    GString *f = g_string_new(NULL);
    for (const char *p = t; *p; p++)
        if (!g_ascii_isspace(*p))
            g_string_append_c(f, *p);
    TessDeleteText(t);
    /* the digits the page read are all in the new reading, in order (。36 →
     * 3.36, S,838.39 → 5,838.39), or it is sure */
    GString *old = g_string_new(NULL);
    for (guint j = 0; j < in->len; j++)
        for (const char *q = g_array_index(words, ocr_word, g_array_index(in, guint, j)).text; *q; q++)
            if (g_ascii_isdigit(*q))
                g_string_append_c(old, *q);
    const char *q = old->str;
    for (const char *r = f->str; *r && *q; r++)
        if (*r == *q)
            q++;
    int now = digits_in(f->str);
    /* (and where the page read decimals, the same decimals; a point before
     * three digits, 134,339.860, is a comma misread) */
    const char *pt = NULL; /* (the byte before the digits after the page's point) */
    for (guint j = 0; j < in->len && !pt; j++) {
        const char *wt = g_array_index(words, ocr_word, g_array_index(in, guint, j)).text;
        pt = strchr(wt, '.') ? strrchr(wt, '.') : strstr(wt, "\u3002") ? strstr(wt, "\u3002") + 2 : NULL;
    }
    bool decimal = pt && strspn(pt + 1, "0123456789") <= 2;
    char *tail = decimal ? g_strndup(pt + 1, strspn(pt + 1, "0123456789")) : NULL;
    bool decimals = !decimal || (strchr(f->str, '.') && g_str_has_suffix(f->str, tail));
    g_free(tail);
    bool kept = *q == '\0' && now <= (int)old->len + 3 && decimals;
    if (getenv("FISCUS_OCR_DEBUG"))
        fprintf(stderr, "ocr: digits read [%s] conf %d (page read %s)\n", f->str, conf, old->str);
    g_string_free(old, TRUE);
    /* a minus the page read (as -, 一 or —) the digits recogniser may drop */
    const ocr_word *lead = NULL;
    for (guint j = 0; j < in->len; j++) {
        const ocr_word *v = &g_array_index(words, ocr_word, g_array_index(in, guint, j));
        if (!lead || v->l < lead->l)
            lead = v;
    }
    gunichar l0 = lead ? g_utf8_get_char(lead->text) : 0;
    if (f->str[0] != '-' &&
        (l0 == '-' || l0 == 0x4E00 || l0 == 0x2014 || l0 == 0x2013 || l0 == 0xFF0D || l0 == 0x2010 || l0 == 0x2212))
        g_string_prepend_c(f, '-');
    /* (never a point lost where the page read one: 224.43 is no 22443) */
    if (!(well_formed(f->str) && decimals && (conf >= 50 || kept) && now >= 1)) {
        g_string_free(f, TRUE);
        return false;
    }
    /* one word: the figure, over the boxes of the words it replaces and all
     * the ink in the cell (the page's words covered part of it: .34 of 137.34) */
    ocr_word w = g_array_index(words, ocr_word, g_array_index(in, guint, 0));
    for (guint j = 1; j < in->len; j++) {
        const ocr_word *v = &g_array_index(words, ocr_word, g_array_index(in, guint, j));
        w.l = MIN(w.l, v->l);
        w.r = MAX(w.r, v->r);
        w.t = MIN(w.t, v->t);
        w.b = MAX(w.b, v->b);
    }
    for (int yy = y; yy < y + ht; yy++) {
        const unsigned char *row = grey + (size_t)yy * (size_t)stride;
        for (int xx = x; xx < x + wd; xx++)
            if (row[xx] < 128) {
                w.l = MIN(w.l, xx);
                w.r = MAX(w.r, xx + 1);
                w.t = MIN(w.t, yy);
                w.b = MAX(w.b, yy + 1);
            }
    }
    w.text = g_string_free(f, FALSE);
    w.conf = (float)conf;
    *out = w;
    return true;
}

/* Each cell holding a doubtful figure, or words read with little confidence
 * only, is read again alone; its reading replaces the page's where it is
 * surer (a figure: a well-formed one, by the digits recogniser). */
static void read_cells(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, int dpi,
                       GArray *words, int *line)
{
    GArray *cells = ruled_cells(grey, width, height, stride, dpi);
    int reads = 0;
    bool digits_set = false;
    /* cells a word of text runs across (Tesseract read the lines of narrow
     * heading cells side by side as one: 收入款收入拨款收入): found before any
     * is read again, as reading one drops the word from all */
    bool *crossed = g_new0(bool, cells->len + 1);
    for (guint k = 0; k < words->len; k++) {
        const ocr_word *w = &g_array_index(words, ocr_word, k);
        if (figure_like(w->text))
            continue;
        int over = 0;
        for (guint c = 0; c < cells->len && over < 2; c++)
            over += reaches(w, &g_array_index(cells, cell_box, c));
        if (over < 2)
            continue;
        for (guint c = 0; c < cells->len; c++)
            crossed[c] = crossed[c] || reaches(w, &g_array_index(cells, cell_box, c));
    }
    for (guint c = 0; c < cells->len && reads < CELL_MAX_READS; c++) {
        const cell_box *b = &g_array_index(cells, cell_box, c);
        /* the page's words in the cell (by their centres; a crossed cell's, all
         * that reach into it) */
        GArray *in = g_array_new(FALSE, FALSE, sizeof(guint));
        bool doubtful = false, unsure = true;
        float sum = 0;
        for (guint k = 0; k < words->len; k++) {
            const ocr_word *w = &g_array_index(words, ocr_word, k);
            if (!centre_in(w, b) && !(crossed[c] && reaches(w, b)))
                continue;
            g_array_append_val(in, k);
            doubtful = doubtful || doubtful_figure(w->text);
            if (in->len == 2) { /* (a figure in pieces: "。" and "40", "3." and "36") */
                const ocr_word *a = &g_array_index(words, ocr_word, g_array_index(in, guint, 0)), *z = w;
                if (a->l > z->l) {
                    const ocr_word *t = a;
                    a = z;
                    z = t;
                }
                char *joined = g_strconcat(a->text, z->text, NULL);
                doubtful = doubtful || doubtful_figure(joined) || (figure_like(joined) && !figure_like(a->text));
                g_free(joined);
            }
            unsure = unsure && w->conf < 60;
            sum += w->conf;
        }
        /* (a figure's cell holds it alone, or its pieces: 3. and 36) */
        if (getenv("FISCUS_OCR_DEBUG") && (doubtful || unsure))
            fprintf(stderr, "ocr: cell %d,%d-%d,%d: %u words, first %s%s%s\n", b->x0, b->y0, b->x1, b->y1, in->len,
                    in->len ? g_array_index(words, ocr_word, g_array_index(in, guint, 0)).text : "",
                    doubtful ? " doubtful" : "", unsure ? " unsure" : "");
        unsure = unsure || crossed[c];
        /* (a percentage in pieces, -60. and 86%, is no figure for the digits recogniser) */
        for (guint j = 0; j < in->len && doubtful; j++) {
            const char *x = g_array_index(words, ocr_word, g_array_index(in, guint, j)).text;
            doubtful = !strchr(x, '%') && !strstr(x, "\uFF05");
        }
        if (in->len == 0 || (!doubtful && !unsure) || in->len > (doubtful ? 2 : crossed[c] ? 16 : 6)) {
            g_array_free(in, TRUE);
            continue;
        }
        float before = sum / in->len;
        int pad = 1;
        int x = b->x0 + pad, y = b->y0 + pad, wd = b->x1 - b->x0 - 2 * pad, ht = b->y1 - b->y0 - 2 * pad;
        if (wd < 4 || ht < 4) {
            g_array_free(in, TRUE);
            continue;
        }
        reads++;
        GArray *fresh = g_array_new(FALSE, FALSE, sizeof(ocr_word));
        int fresh_line = *line;
        if (doubtful && o->digits) {
            if (!digits_set) {
                TessBaseAPISetImage(o->digits, grey, width, height, 1, stride);
                TessBaseAPISetSourceResolution(o->digits, dpi);
                digits_set = true;
            }
            ocr_word w;
            if (read_figure_cell(o, grey, stride, words, in, x, y, wd, ht, &w))
                g_array_append_val(fresh, w);
        } else if (!doubtful) {
            TessBaseAPISetPageSegMode(o->api, PSM_SINGLE_BLOCK);
            TessBaseAPISetRectangle(o->api, x, y, wd, ht);
            if (TessBaseAPIRecognize(o->api, NULL) == 0) {
                collect_words(o->api, fresh, &fresh_line);
                float after = 0;
                for (guint j = 0; j < fresh->len; j++)
                    after += g_array_index(fresh, ocr_word, j).conf;
                if (fresh->len == 0 || after / fresh->len < (crossed[c] ? 40 : before + 15)) {
                    for (guint j = 0; j < fresh->len; j++)
                        g_free(g_array_index(fresh, ocr_word, j).text);
                    g_array_set_size(fresh, 0);
                }
            }
        }
        if (fresh->len) {
            /* the page's words in the cell give way (from the last, so indices hold) */
            for (guint j = in->len; j-- > 0;) {
                guint k = g_array_index(in, guint, j);
                g_free(g_array_index(words, ocr_word, k).text);
                g_array_remove_index(words, k);
            }
            /* (a figure keeps its line; a cell's lines are new ones) */
            for (guint j = 0; j < fresh->len; j++)
                g_array_append_val(words, g_array_index(fresh, ocr_word, j));
            *line = MAX(*line, fresh_line);
        }
        g_array_free(fresh, TRUE);
        g_array_free(in, TRUE);
    }
    if (digits_set)
        TessBaseAPIClear(o->digits);
    if (getenv("FISCUS_OCR_DEBUG"))
        fprintf(stderr, "ocr: %u ruled cells, %d read again\n", cells->len, reads);
    /* each word's cell: words of two cells are never one */
    for (guint k = 0; k < words->len; k++) {
        ocr_word *w = &g_array_index(words, ocr_word, k);
        w->cell = 0;
        for (guint c = 0; c < cells->len && !w->cell; c++)
            if (centre_in(w, &g_array_index(cells, cell_box, c)))
                w->cell = (int)c + 1;
    }
    g_free(crossed);
    g_array_free(cells, TRUE);
}

/* A page of whole amounts grouped by thousands (元 tables: 1,583,000) and none
 * with two decimals: its 801.000 is 801,000, a comma read as a point */
static void whole_amounts(GArray *words)
{
    int grouped = 0, cents = 0;
    for (guint k = 0; k < words->len; k++) {
        const char *t = g_array_index(words, ocr_word, k).text, *p = t;
        if (*p == '-')
            p++;
        size_t lead = strspn(p, "0123456789");
        if (!lead)
            continue;
        const char *pt = strchr(p, '.');
        if (pt && strspn(pt + 1, "0123456789") == 2 && pt[3] == '\0')
            cents++;
        else if (!pt && lead <= 3 && p[lead] == ',' && well_formed(p))
            grouped++;
    }
    if (grouped < 5 || cents > 0)
        return;
    for (guint k = 0; k < words->len; k++) {
        char *t = g_array_index(words, ocr_word, k).text, *p = t;
        if (*p == '-')
            p++;
        size_t lead = strspn(p, "0123456789");
        if (lead >= 1 && lead <= 3 && p[lead] == '.' && strspn(p + lead + 1, "0123456789") == 3 && p[lead + 4] == '\0')
            p[lead] = ',';
    }
}

int fiscus_ocr_page(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, int dpi, int timeout_ms,
                    fr_ocr_glyph **out, size_t *n, char *why, size_t whylen)
{
    *out = NULL;
    *n = 0;
    omp_threads_fn threads = omp_threads();
    if (threads)
        threads(1);
    TessBaseAPISetPageSegMode(o->api, o->psm);
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
    GArray *words = g_array_new(FALSE, FALSE, sizeof(ocr_word));
    int line = -1;
    collect_words(o->api, words, &line);
    /* ruled cells whose reading is doubtful read again alone */
    if (!getenv("FISCUS_OCR_NO_CELLS"))
        read_cells(o, grey, width, height, stride, dpi, words, &line);
    int typical = typical_height(words);
    for (guint k = 0; k < words->len; k++) {
        ocr_word *w = &g_array_index(words, ocr_word, k);
        if (asterisks(w, typical, words)) {
            g_free(w->text);
            w->text = g_strdup(w->r - w->l < (w->b - w->t) * 2 ? "*" : "**");
        }
    }
    /* a second look where the page's pass left ink unread */
    second_look(o, grey, width, height, stride, words, &line);
    whole_amounts(words);
    if (o->digits)
        reread_figures(o, grey, width, height, stride, dpi, words);
    GArray *gs = g_array_new(FALSE, FALSE, sizeof(fr_ocr_glyph));
    for (guint k = 0; k < words->len; k++) {
        ocr_word *w = &g_array_index(words, ocr_word, k);
        tidy_figure(w->text);
        /* a ruling line read as a mark; a lone mark read unsure (a speck, a
         * decoration): nothing printed */
        if (strcmp(w->text, "|") == 0 || strcmp(w->text, "\u4E28") == 0 ||
            (w->conf < 60 && only_marks(w->text) && !bracket(w->text))) {
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
            g.cell = w->cell;
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
