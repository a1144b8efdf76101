/* pdf_page.c — glyph boxes → words → lines, for one page.
 *
 * Glyphs are grouped into lines by the vertical centre of their boxes, lines
 * are split into words where the gap between two glyphs is wider than half a
 * glyph height (cells of a table, or the two halves of "部门：X  单位：万元").
 * Poppler's own reading order is not used: table cells come out of it in
 * column order on some producers. */
#include "pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct glyph {
    double x0, y0, x1, y1;
    gunichar u;
    float size;
    bool bold;
    int font;    /* index into the page's fonts */
    int pline;   /* Poppler's own line: glyphs on one baseline */
    float conf;  /* OCR: its word's confidence; 100 for a text layer's */
    int word;    /* OCR: the word it is of, its characters kept together in order; -1 */
    double wx;   /* OCR: where that word begins */
    int cell;    /* OCR: the ruled cell it lies in; 0 none */
} glyph;

typedef struct offset_sample {
    int a, b;
    double d;
    bool same;   /* the two boxes are identical: Poppler boxed both by one font */
} offset_sample;

/* Per-font vertical correction. Poppler boxes a glyph from its font's ascent
 * and descent, and some fonts carry wrong ones (a Times New Roman box 1.9 em
 * tall next to a FangSong box 0.3 em tall on the same baseline). Glyphs that
 * Poppler puts on one line share a baseline, so the difference of their box
 * bottoms measures how far one font's boxes sit from another's. */
struct pdf_fonts {
    GHashTable *index;   /* font name → index + 1 */
    GArray *count;       /* int glyphs per font */
    GArray *samples;     /* sample: {font a, font b, (bottom b - bottom a) / size} */
};

pdf_fonts *pdf_fonts_new(void)
{
    pdf_fonts *fo = g_new0(pdf_fonts, 1);
    fo->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    fo->count = g_array_new(FALSE, TRUE, sizeof(int));
    fo->samples = g_array_new(FALSE, FALSE, sizeof(offset_sample));
    return fo;
}

void pdf_fonts_free(pdf_fonts *fo)
{
    if (!fo)
        return;
    g_hash_table_destroy(fo->index);
    g_array_free(fo->count, TRUE);
    g_array_free(fo->samples, TRUE);
    g_free(fo);
}


static int font_index(pdf_fonts *fo, const char *name)
{
    char *key = g_strdup(name ? name : "");
    gpointer v = g_hash_table_lookup(fo->index, key);
    if (v) {
        g_free(key);
        return GPOINTER_TO_INT(v) - 1;
    }
    int k = (int)fo->count->len;
    g_hash_table_insert(fo->index, key, GINT_TO_POINTER(k + 1));
    int zero = 0;
    g_array_append_val(fo->count, zero);
    return k;
}


typedef struct font_height {
    int font;
    double h;
} font_height;

static int cmp_font_height(const void *a, const void *b)
{
    const font_height *x = a, *y = b;
    if (x->font != y->font)
        return x->font < y->font ? -1 : 1;
    return (x->h > y->h) - (x->h < y->h);
}

/* Shifts every glyph so that boxes of all fonts sit as the most used font's do. */
static void align_fonts(pdf_fonts *fo, glyph *gs, size_t n)
{
    int nf = (int)fo->count->len;
    if (nf < 2 || fo->samples->len == 0)
        return;
    int ref = 0;
    for (int f = 1; f < nf; f++)
        if (g_array_index(fo->count, int, f) > g_array_index(fo->count, int, ref))
            ref = f;
    /* each font's usual box height on this page, in ems of its size: the median
     * of its glyphs', from one sort of (font, height) pairs (the fonts are the
     * document's, most of them absent from the page) */
    double *fh = g_new0(double, (size_t)nf);
    font_height *rh = g_new(font_height, n + 1);
    size_t nr = 0;
    for (size_t k = 0; k < n; k++)
        if (gs[k].size > 0)
            rh[nr++] = (font_height){gs[k].font, (gs[k].y1 - gs[k].y0) / gs[k].size};
    qsort(rh, nr, sizeof *rh, cmp_font_height);
    for (size_t a = 0, b; a < nr; a = b) {
        for (b = a; b < nr && rh[b].font == rh[a].font;)
            b++;
        fh[rh[a].font] = rh[a + (b - a) / 2].h;
    }
    g_free(rh);
    double *off = g_new0(double, (size_t)nf);
    GArray *ds = g_array_new(FALSE, FALSE, sizeof(double));
    for (int f = 0; f < nf; f++) {
        if (f == ref)
            continue;
        /* a font whose boxes are far from its size (metrics that are wrong, 2.4 em
         * tall): pairs Poppler boxed alike (a word boxed by its first glyph's font)
         * say nothing of where its own boxes sit, when pairs boxed apart do */
        bool odd = fh[f] > 0 && (fh[f] < 0.6 || fh[f] > 1.5);
        if (odd) {
            /* and only on enough evidence: pairs boxed apart, 20 or more */
            int apart = 0;
            for (guint k = 0; k < fo->samples->len; k++) {
                const offset_sample *s = &g_array_index(fo->samples, offset_sample, k);
                apart += !s->same && ((s->a == ref && s->b == f) || (s->a == f && s->b == ref));
            }
            odd = apart >= 20;
        }
        g_array_set_size(ds, 0);
        for (guint k = 0; k < fo->samples->len; k++) {
            offset_sample *s = &g_array_index(fo->samples, offset_sample, k);
            double d;
            if (odd && s->same)
                continue;
            if (s->a == ref && s->b == f)
                d = s->d;
            else if (s->a == f && s->b == ref)
                d = -s->d;
            else
                continue;
            g_array_append_val(ds, d);
        }
        if (ds->len) {
            qsort(ds->data, ds->len, sizeof(double), pdf_cmp_double);
            off[f] = g_array_index(ds, double, ds->len / 2);
        }
    }
    g_array_free(ds, TRUE);
    if (getenv("FISCUS_PDF_DEBUG")) {
        GHashTableIter it;
        gpointer key, val;
        g_hash_table_iter_init(&it, fo->index);
        while (g_hash_table_iter_next(&it, &key, &val))
            fprintf(stderr, "font %s: %d glyphs, offset %.3f em%s\n", (char *)key,
                    g_array_index(fo->count, int, GPOINTER_TO_INT(val) - 1), off[GPOINTER_TO_INT(val) - 1],
                    GPOINTER_TO_INT(val) - 1 == ref ? " (reference)" : "");
    }
    /* a glyph boxed by another font's metrics keeps its box: only boxes of the
     * height its own font gives most glyphs move */
    for (size_t k = 0; k < n; k++) {
        if (fh[gs[k].font] > 0 && gs[k].size > 0 && fabs((gs[k].y1 - gs[k].y0) / gs[k].size - fh[gs[k].font]) > 0.25)
            continue;
        gs[k].y0 -= off[gs[k].font] * gs[k].size;
        gs[k].y1 -= off[gs[k].font] * gs[k].size;
    }
    g_free(off);
    g_free(fh);
}

static int cmp_glyph_y(const void *a, const void *b)
{
    const glyph *g = a, *h = b;
    double ya = (g->y0 + g->y1) / 2, yb = (h->y0 + h->y1) / 2;
    if (ya != yb)
        return ya < yb ? -1 : 1;
    return (g->x0 > h->x0) - (g->x0 < h->x0);
}

static int cmp_glyph_x(const void *a, const void *b)
{
    const glyph *g = a, *h = b;
    /* OCR: a word's characters stay together and in order, so that two words
     * whose boxes overlap are not interleaved (财政 拨款 never 财拨政款) */
    if (g->word >= 0 && h->word >= 0) {
        if (g->word == h->word)
            return (g->x0 > h->x0) - (g->x0 < h->x0);
        if (g->wx != h->wx)
            return (g->wx > h->wx) - (g->wx < h->wx);
        return (g->word > h->word) - (g->word < h->word);
    }
    return (g->x0 > h->x0) - (g->x0 < h->x0);
}

/* glyphs of one Poppler line, left to right; the lines in the order Poppler read them */
static int cmp_glyph_pline_x(const void *a, const void *b)
{
    const glyph *g = a, *h = b;
    if (g->pline != h->pline)
        return g->pline < h->pline ? -1 : 1;
    return (g->x0 > h->x0) - (g->x0 < h->x0);
}

/* Are two of Poppler's lines set over each other here: in these glyphs, sorted
 * left to right, three pairs of neighbours or more, each pair from two lines and
 * lying on each other (by over half the narrower's width), each within two
 * glyphs' width of the pair before? Visible text is not set so (a kerned stop
 * overlaps once, a font's wide boxes where a figure's decimals begin once a
 * figure); a copy of a title hidden over a heading is (烟台 p. 30), and so is a
 * heading drawn over its paragraph (重庆 p. 3). */
static bool overprinted(const glyph *gs, size_t n)
{
    int streak = 0;
    double last = 0;
    for (size_t i = 1; i < n; i++) {
        const glyph *a = &gs[i - 1], *b = &gs[i];
        double w = MIN(a->x1 - a->x0, b->x1 - b->x0);
        if (a->pline == b->pline || MIN(a->x1, b->x1) - MAX(a->x0, b->x0) <= w * 0.5)
            continue;
        streak = streak && b->x0 - last < w * 2 ? streak + 1 : 1;
        last = MAX(a->x1, b->x1);
        if (streak >= 3)
            return true;
    }
    return false;
}

/* One line of the page from its glyphs, left to right */
static void make_words(fr_arena *arena, glyph *gs, size_t n, bool ocr, pdf_line *l);

static void add_line(fr_arena *arena, glyph *gs, size_t n, int pageno, bool ocr, GArray *lines)
{
    pdf_line l = {0};
    l.page = pageno;
    l.x0 = gs[0].x0;
    l.x1 = gs[n - 1].x1;
    l.y0 = gs[0].y0;
    l.y1 = gs[0].y1;
    double *hs = g_new(double, n);
    int nbold = 0;
    double size = 0;
    for (size_t m = 0; m < n; m++) {
        hs[m] = gs[m].y1 - gs[m].y0;
        l.y0 = MIN(l.y0, gs[m].y0);
        l.y1 = MAX(l.y1, gs[m].y1);
        l.x1 = MAX(l.x1, gs[m].x1);
        nbold += gs[m].bold;
        size = MAX(size, gs[m].size);
    }
    qsort(hs, n, sizeof *hs, pdf_cmp_double);
    l.em = hs[n / 2];
    g_free(hs);
    l.bold = nbold * 2 > (int)n;
    l.size = size;
    make_words(arena, gs, n, ocr, &l);
    g_array_append_val(lines, l);
}

static bool is_blank(gunichar u) { return u == ' ' || u == '\n' || u == '\r' || u == '\t' || u == 0x3000 || u == 0xA0; }

static bool bold_font(const char *name)
{
    if (!name)
        return false;
    return strstr(name, "Bold") || strstr(name, "bold") || strstr(name, "Heavy") || strstr(name, "Black") ||
           strstr(name, "Hei") || strstr(name, "hei") || strstr(name, "黑");
}

/* "3", "- 3 -", "—3—", "第 3 页", "第3页 共20页" */
static bool is_page_number(const char *s)
{
    static lay_regex page_no = {"^[-—–一\\s]*(第\\s*)?\\d{1,4}(\\s*页)?(\\s*共\\s*\\d+\\s*页)?[-—–一\\s]*$", 0, NULL};
    static lay_regex page_of = {"^[-—–\\s]*\\d{1,4}\\s*/\\s*\\d{1,4}[-—–\\s]*$", 0, NULL};
    return lay_regex_match(&page_no, s) || lay_regex_match(&page_of, s);
}

char *pdf_line_text(fr_arena *arena, const pdf_line *l)
{
    /* a line of one word (most lines of running text) is that word: shared, not
     * copied, as both live in the same arena until the page geometry is dropped */
    if (l->nwords == 1)
        return (char *)l->words[0].text;
    GString *g = g_string_new(NULL);
    for (int k = 0; k < l->nwords; k++) {
        if (k && !l->words[k].glued)
            g_string_append_c(g, ' ');
        g_string_append(g, l->words[k].text);
    }
    char *s = fr_arena_strdup(arena, g->str);
    g_string_free(g, TRUE);
    return s;
}

int pdf_decimals(const char *s)
{
    const char *p = s;
    if (!g_ascii_isdigit(*p))
        return -1;
    while (g_ascii_isdigit(*p) || *p == ',')
        p++;
    if (*p++ != '.')
        return -1;
    size_t d = strspn(p, "0123456789");
    return p[d] == '\0' ? (int)d : -1;
}

/* Is s an amount with two decimals or more ("16,474.82", "0.00", "-1.50")? */
static bool is_decimal_amount(const char *s) { return pdf_decimals(*s == '-' ? s + 1 : s) >= 2; }

/* What may follow an amount in its own cell or sentence: a unit, a measure word */
static bool is_unit_char(gunichar u)
{
    static const gunichar units[] = {0x4E07, 0x5143, 0x4EBF, 0x5343, 0x767E, '%', 0xFF05, 0x4E2A, 0x4EBA, 0x6B21, 0x4EF6,
                                     0x9879, 0x5BB6, 0x8F86, 0x53F0, 0x5957, 0x5E73, 0x7C73, 0x5428, 0x5929, 0x6708, 0x65E5,
                                     0x5E74, 0x5C0F, 0x65F6, 0x5206, 0x500D, 0x6237, 0x6240, 0x540D};
    if (u != '%' && u < 0x4E00)
        return false;
    for (size_t k = 0; k < G_N_ELEMENTS(units); k++)
        if (units[k] == u)
            return true;
    return false;
}

/* Builds the words of one line from its glyphs (sorted by x). */
/* Is s a label a table sets letter-spaced: a known heading (项目, 收入) or a
 * total (合计, 收入总计)? */
static bool spaced_label(const char *s)
{
    return lay_term_role(s) || g_str_has_suffix(s, "合计") || g_str_has_suffix(s, "总计") || !strcmp(s, "小计");
}

/* A label set one character at a time across its cell ("收 入 总 计", "合 计",
 * "项 目"): single ideographs at an even spacing of at most four ems whose
 * joined text is such a label are one word (国家信访局 部门公开表1, 烟台 公开表4,
 * 重庆 表九), so that its letters do not make columns of their own. */
static void spaced_labels(fr_arena *arena, GArray *words, double em)
{
    for (guint a = 0; a + 1 < words->len; a++) {
        pdf_word *A = &g_array_index(words, pdf_word, a);
        if (g_utf8_strlen(A->text, -1) != 1 || g_utf8_get_char(A->text) < 0x2E80)
            continue;
        GString *joined = g_string_new(A->text);
        guint best = a;
        gsize best_len = 0;
        double step = -1;
        for (guint b = a + 1; b < words->len && b < a + 8; b++) {
            const pdf_word *B = &g_array_index(words, pdf_word, b), *P = &g_array_index(words, pdf_word, b - 1);
            double gap = B->x0 - P->x1;
            if (g_utf8_strlen(B->text, -1) != 1 || g_utf8_get_char(B->text) < 0x2E80 || gap > em * 4 ||
                (step >= 0 && fabs(gap - step) > MAX(em * 0.3, step * 0.3)))
                break;
            step = step < 0 ? gap : step;
            g_string_append(joined, B->text);
            if (spaced_label(joined->str)) {
                best = b;
                best_len = joined->len;
            }
        }
        if (best > a) {
            const pdf_word *L = &g_array_index(words, pdf_word, best);
            A->x1 = L->x1;
            A->y0 = MIN(A->y0, L->y0);
            A->y1 = MAX(A->y1, L->y1);
            g_string_truncate(joined, best_len);
            A->text = fr_arena_strdup(arena, joined->str);
            g_array_remove_range(words, a + 1, best - a);
        }
        g_string_free(joined, TRUE);
    }
}

/* OCR: may a word go on across a gap of up to an em between a and b? Boxes
 * hug the ink and a scanned page's text is often letter-spaced: beside an
 * ideograph, and across a figure's separator ("101," "673." "03" are
 * 101,673.03: a figure never ends in a comma or a point) */
static bool ocr_spaced(gunichar a, gunichar b)
{
    bool da = a < 0x80 && g_ascii_isdigit((int)a), db = b < 0x80 && g_ascii_isdigit((int)b);
    return a >= 0x2E80 || b >= 0x2E80 || ((a == ',' || a == '.') && db) || (da && (b == ',' || b == '.'));
}

/* OCR: a figure whose thousands are grouped but whose point was read one or
 * two digits late or early ("99,0031.8", "2,6698.5" for 99,003.18 and
 * 2,669.85): the point goes where the groups put it, when that leaves two
 * decimals, as the figures of these reports have. Rewrites s in place. */
/* An OCR'd figure's thousands separators read as points or spaces
 * (1.583,000  3.202.300  23,191.,440  1 952,616.00): where every group after
 * the first has three digits, they are commas again, and a last group of one
 * or two digits after a single point its decimals. A lone point before three
 * digits (801.000) may be decimals and stays; so do words of no separator
 * but spaces (two cells' figures). Rewrites s. */
static void ocr_separators(GString *s)
{
    const char *p = s->str;
    if (*p == '-')
        p++;
    int ng = 0, lens[16];
    const char *seps[16];
    size_t seplen[16];
    bool point_or_comma = false;
    while (*p && ng < 16) {
        const char *q = p;
        while (g_ascii_isdigit(*q))
            q++;
        if (q == p)
            return;
        lens[ng] = (int)(q - p);
        const char *r = q;
        while (*r == '.' || *r == ',' || *r == ' ')
            r++;
        if (r > q && !*r)
            return; /* (a separator last: not a figure) */
        seps[ng] = q;
        seplen[ng] = (size_t)(r - q);
        for (const char *c = q; c < r; c++)
            point_or_comma = point_or_comma || *c != ' ';
        ng++;
        p = r;
        if (!*r)
            break;
        if (!g_ascii_isdigit(*r))
            return;
    }
    if (*p || ng < 2 || !point_or_comma)
        return;
    /* seps[g] follows group g; the last group's separator is seps[ng - 2] */
    int last = ng - 1, nint = ng;
    bool single_point = seplen[last - 1] == 1 && *seps[last - 1] == '.';
    if (single_point && lens[last] <= 2)
        nint = ng - 1;
    else if (single_point && lens[last] == 3) {
        bool mended = false;
        for (int g = 0; g < last - 1; g++)
            mended = mended || seplen[g] != 1 || *seps[g] != ',';
        if (!mended)
            return;
    }
    if (lens[0] > 3)
        return;
    bool repair = false;
    for (int g = 1; g < nint; g++) {
        if (lens[g] != 3)
            return;
        repair = repair || seplen[g - 1] != 1 || *seps[g - 1] != ',';
    }
    if (!repair)
        return;
    GString *out = g_string_new(s->str[0] == '-' ? "-" : "");
    const char *at = s->str[0] == '-' ? s->str + 1 : s->str;
    for (int g = 0; g < ng; g++) {
        g_string_append_len(out, at, lens[g]);
        at += lens[g];
        if (g + 1 < ng) {
            g_string_append_c(out, g + 1 < nint ? ',' : '.');
            at += seplen[g];
        }
    }
    g_string_assign(s, out->str);
    g_string_free(out, TRUE);
}

static void ocr_regroup(GString *s)
{
    /* a minus read as 一 or a dash (一118.90, —5.22%): the minus */
    static const char *const dashes[] = {"\u4E00", "\u2014", "\u2013", "\uFF0D", "\u2212"};
    for (size_t k = 0; k < G_N_ELEMENTS(dashes); k++) {
        size_t n = strlen(dashes[k]);
        if (strncmp(s->str, dashes[k], n) == 0 && g_ascii_isdigit(s->str[n])) {
            fr_decimal d;
            const char *rest = s->str + n;
            size_t len = strlen(rest);
            bool pct = len && rest[len - 1] == '%';
            if (fr_decimal_parse(rest, pct ? len - 1 : len, &d) == FR_OK && strchr(rest, '.')) {
                g_string_erase(s, 0, (gssize)n);
                g_string_prepend_c(s, '-');
            }
            break;
        }
    }
    ocr_separators(s);
    static lay_regex late = {"^-?\\d{1,3}(,\\d{3})*,\\d{4,5}\\.\\d{0,1}$", 0, NULL};
    static lay_regex early = {"^-?\\d{1,3}(,\\d{3})*,\\d{1,2}\\.\\d{3,4}$", 0, NULL};
    bool l = lay_regex_match(&late, s->str), e = !l && lay_regex_match(&early, s->str);
    if (!l && !e)
        return;
    GString *digits = g_string_new(NULL);
    const char *comma = strrchr(s->str, ',');
    for (const char *p = comma + 1; *p; p++)
        if (*p != '.')
            g_string_append_c(digits, *p);
    if (digits->len == 5) { /* three in the group, two decimals */
        g_string_truncate(s, (gsize)(comma + 1 - s->str));
        g_string_append_len(s, digits->str, 3);
        g_string_append_c(s, '.');
        g_string_append(s, digits->str + 3);
    }
    g_string_free(digits, TRUE);
}

/* "134,339,860": a whole figure grouped by thousands */
static bool grouped_whole(const char *s)
{
    if (*s == '-')
        s++;
    size_t lead = strspn(s, "0123456789");
    if (lead == 0 || lead > 3 || s[lead] != ',')
        return false;
    s += lead;
    while (*s == ',') {
        if (strspn(s + 1, "0123456789") != 3)
            return false;
        s += 4;
    }
    return *s == '\0';
}

void pdf_ocr_figure(GString *s) { ocr_regroup(s); }

static void make_words(fr_arena *arena, glyph *gs, size_t n, bool ocr, pdf_line *l)
{
    /* the last digit of a figure boxed with its font's nominal width (a font whose
     * width table says 1 em for half-width digits): twice as wide as the digit
     * set just before it, and nothing set right against it; it takes that
     * digit's width, so that the next cell's figure is not joined to it */
    for (size_t m = 1; m < n; m++) {
        const glyph *a = &gs[m - 1], *b = &gs[m];
        double pw = a->x1 - a->x0, w = b->x1 - b->x0;
        bool digits = a->u < 0x80 && b->u < 0x80 && g_ascii_isdigit((int)a->u) && g_ascii_isdigit((int)b->u);
        bool last = m + 1 == n || gs[m + 1].x0 > b->x0 + pw * 1.5;
        if (digits && last && b->font == a->font && fabs(b->x0 - a->x1) < 0.01 && pw > 0 && w > pw * 1.6)
            gs[m].x1 = b->x0 + pw;
    }
    GArray *words = g_array_new(FALSE, TRUE, sizeof(pdf_word));
    GString *text = g_string_new(NULL);
    double em = l->em;
    size_t k = 0;
    bool next_glued = false;
    while (k < n) {
        pdf_word w = {gs[k].x0, gs[k].y0, gs[k].x1, gs[k].y1, NULL, next_glued, gs[k].bold, ocr, gs[k].size, gs[k].conf,
                      gs[k].cell};
        next_glued = false;
        g_string_truncate(text, 0);
        g_string_append_unichar(text, gs[k].u);
        size_t j = k + 1;
        bool glued = false;
        for (; j < n; j++) {
            double gap = gs[j].x0 - gs[j - 1].x1;
            /* OCR: a rule between two ruled cells parts their words */
            if (ocr && gs[j].cell != gs[j - 1].cell)
                break;
            /* OCR boxes hug the ink, and a scanned page's text is often
             * letter-spaced: see ocr_spaced */
            if (gap > em * (ocr && ocr_spaced(gs[j - 1].u, gs[j].u) ? 1.0 : 0.5))
                break;
            /* an amount right against the next cell's text ("371,514,655.00一、…"):
             * a change between digits and ideographs across a visible gap */
            bool digit_a = gs[j - 1].u < 0x80 && g_ascii_isdigit((int)gs[j - 1].u);
            bool digit_b = gs[j].u < 0x80 && g_ascii_isdigit((int)gs[j].u);
            /* (never a date: "2026 年", "12 月 10 日") */
            bool date = (digit_a && (gs[j].u == 0x5E74 || gs[j].u == 0x6708 || gs[j].u == 0x65E5)) ||
                        (digit_b && (gs[j - 1].u == 0x5E74 || gs[j - 1].u == 0x6708));
            if (!date && gap > em * 0.2 && ((digit_a && gs[j].u >= 0x2E80) || (digit_b && gs[j - 1].u >= 0x2E80))) {
                glued = true;
                break;
            }
            /* an amount set against the next cell with no gap at all, or a
             * space before the next cell's numbered item ("16,474.82一、…",
             * "0.00急…", "1,935.36 1、…"); never before its unit ("1668.14万元") */
            /* OCR: a figure with its decimals, or grouped by thousands, that
             * its recogniser read as a word of its own ends there (元 tables:
             * 134,339,860 beside 134,339,860; 1,503.52 against the rule before
             * 603.14) */
            if (ocr && digit_b && gs[j].word != gs[j - 1].word && gs[j].word >= 0 &&
                (grouped_whole(text->str) || is_decimal_amount(text->str)))
                break;
            if ((gs[j].u >= 0x2E80 && !is_unit_char(gs[j].u)) || (digit_b && gap > em * 0.15)) {
                if (is_decimal_amount(text->str)) {
                    glued = gs[j].u >= 0x2E80;
                    break;
                }
            }
            /* a run-in heading: bold or larger type, then the text in body type */
            if (gs[j].bold != gs[j - 1].bold || fabsf(gs[j].size - gs[j - 1].size) > 0.5f) {
                glued = true;
                break;
            }
            /* two ASCII words a space apart stay one word with their space */
            if (gap > em * 0.15 && gs[j].u < 0x80 && gs[j - 1].u < 0x80 && !(ocr && ocr_spaced(gs[j - 1].u, gs[j].u)))
                g_string_append_c(text, ' ');
            g_string_append_unichar(text, gs[j].u);
            w.conf = MIN(w.conf, gs[j].conf);
            if (gs[j].x1 > w.x1)
                w.x1 = gs[j].x1;
            if (gs[j].y0 < w.y0)
                w.y0 = gs[j].y0;
            if (gs[j].y1 > w.y1)
                w.y1 = gs[j].y1;
        }
        if (ocr)
            ocr_regroup(text);
        char *norm = fr_text_normalize(text->str, text->len);
        if (!norm) /* nothing Poppler gives should fail, but never a NULL word */
            norm = g_utf8_make_valid(text->str, (gssize)text->len);
        w.text = fr_arena_strdup(arena, norm);
        g_free(norm);
        g_array_append_val(words, w);
        if (glued && j < n)
            next_glued = true;
        k = j;
    }
    spaced_labels(arena, words, em);
    l->nwords = (int)words->len;
    l->words = fr_arena_alloc(arena, (words->len ? words->len : 1) * sizeof(pdf_word));
    memcpy(l->words, words->data, words->len * sizeof(pdf_word));
    g_array_free(words, TRUE);
    g_string_free(text, TRUE);
}

int pdf_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* no character but blanks: a page of images, or a blank page */
static bool blank_text(const char *t)
{
    for (const char *p = t; p && *p; p = g_utf8_next_char(p))
        if (!is_blank(g_utf8_get_char(p)))
            return false;
    return true;
}

void pdf_page_fetch(PopplerDocument *pd, int index, const fr_pdf_options *opt, pdf_page_raw *raw)
{
    *raw = (pdf_page_raw){0};
    PopplerPage *page = poppler_document_get_page(pd, index);
    if (!page)
        return;
    raw->readable = true;
    fr_ocr_mode mode = opt ? opt->ocr : FR_OCR_NEVER;
    raw->text = mode == FR_OCR_ALWAYS ? NULL : poppler_page_get_text(page);
    if (!raw->text || !poppler_page_get_text_layout(page, &raw->rects, &raw->nrects)) {
        g_free(raw->text); /* no text layer */
        g_free(raw->rects);
        raw->text = NULL;
        raw->rects = NULL;
        raw->nrects = 0;
    } else if (raw->nrects <= PDF_MAX_GLYPHS_PER_PAGE) { /* more is refused: no need of their fonts */
        raw->attrs = poppler_page_get_text_attributes(page);
        poppler_page_get_size(page, NULL, &raw->height);
    }
    if (mode != FR_OCR_NEVER && blank_text(raw->text)) {
        pdf_page_raw_clear(raw);
        raw->readable = true;
        pdf_ocr_page(page, opt, raw);
    }
    g_object_unref(page);
}

void pdf_page_raw_clear(pdf_page_raw *raw)
{
    g_free(raw->text);
    g_free(raw->rects);
    g_free(raw->conf);
    g_free(raw->word);
    g_free(raw->cell);
    g_free(raw->ocr_failed);
    if (raw->attrs)
        poppler_page_free_text_attributes(raw->attrs);
    *raw = (pdf_page_raw){0};
}

int pdf_page_lines(const pdf_page_raw *raw, int pageno, pdf_fonts *fo, fr_arena *arena, pdf_line **out)
{
    *out = NULL;
    if (!raw->text)
        return 0;
    if (raw->nrects > PDF_MAX_GLYPHS_PER_PAGE)
        return -1;
    const char *text = raw->text;
    const PopplerRectangle *rects = raw->rects;
    guint nrects = raw->nrects;
    GList *ap = raw->attrs;
    double page_h = raw->height;

    GArray *glyphs = g_array_sized_new(FALSE, TRUE, sizeof(glyph), nrects);
    guint idx = 0;
    int pline = 0;
    const GList *run_seen = NULL;
    int run_font = -1;
    float run_size = 0;
    bool run_bold = false;
    for (const char *p = text; *p && idx < nrects; p = g_utf8_next_char(p), idx++) {
        gunichar u = g_utf8_get_char(p);
        if (u == '\n')
            pline++;
        if (is_blank(u) || u < 0x20 || !g_unichar_validate(u) || (u >= 0x7F && u < 0xA0))
            continue;
        const PopplerRectangle *r = &rects[idx];
        double x0 = MIN(r->x1, r->x2), x1 = MAX(r->x1, r->x2), y0 = MIN(r->y1, r->y2), y1 = MAX(r->y1, r->y2);
        if (x1 - x0 <= 0 || y1 - y0 <= 0 || !isfinite(x0) || !isfinite(y0))
            continue;
        while (ap && ((PopplerTextAttributes *)ap->data)->end_index < (gint)idx)
            ap = ap->next;
        glyph g = {x0, y0, x1, y1, u, 0, false, 0, pline, raw->conf ? raw->conf[idx] : 100, raw->word ? raw->word[idx] : -1, x0,
                   raw->cell ? raw->cell[idx] : 0};
        /* font, size and boldness looked up once per attribute run, not per glyph */
        const GList *run = ap && ((PopplerTextAttributes *)ap->data)->start_index <= (gint)idx ? ap : NULL;
        if (run != run_seen || run_font < 0) {
            const PopplerTextAttributes *a = run ? run->data : NULL;
            run_size = a ? (float)a->font_size : 0;
            run_bold = a ? bold_font(a->font_name) : false;
            run_font = font_index(fo, a ? a->font_name : NULL);
            run_seen = run;
        }
        g.size = run_size;
        g.bold = run_bold;
        g.font = run_font;
        g_array_index(fo->count, int, g.font)++;
        if (glyphs->len) {
            glyph *prev = &g_array_index(glyphs, glyph, glyphs->len - 1);
            if (prev->pline == g.pline && prev->font != g.font && g.size > 0 && fabs(prev->size - g.size) < 0.01 &&
                fabs(g.x0 - prev->x1) < g.size &&
                fo->samples->len < 100000) {
                offset_sample smp = {prev->font, g.font, (g.y1 - prev->y1) / g.size,
                                     prev->y0 == g.y0 && prev->y1 == g.y1};
                g_array_append_val(fo->samples, smp);
            }
        }
        g_array_append_val(glyphs, g);
    }

    size_t n = glyphs->len;
    glyph *gs = (glyph *)(void *)glyphs->data;
    /* OCR: each character knows where its word begins (its first character's box) */
    for (size_t k = 1; k < n; k++)
        if (gs[k].word >= 0 && gs[k].word == gs[k - 1].word)
            gs[k].wx = gs[k - 1].wx;
    align_fonts(fo, gs, n);
    /* a box far from its font size: trust its bottom, redraw its top */
    for (size_t k = 0; k < n; k++) {
        double h = gs[k].y1 - gs[k].y0, sz = gs[k].size;
        if (sz > 0 && (h < sz * 0.6 || h > sz * 1.5)) {
            gs[k].y0 = gs[k].y1 - sz * 0.9;
            gs[k].y1 = gs[k].y1 + sz * 0.1;
        }
    }
    if (n > 1)
        qsort(gs, n, sizeof *gs, cmp_glyph_y);

    GArray *lines = g_array_new(FALSE, TRUE, sizeof(pdf_line));
    size_t k = 0;
    while (k < n) {
        /* a line: glyphs whose centres lie within 0.45 em of the first one's
         * (the fonts of one table row can sit that far apart, see above) */
        double yc = (gs[k].y0 + gs[k].y1) / 2, h = gs[k].y1 - gs[k].y0;
        size_t j = k + 1;
        for (; j < n; j++) {
            double yj = (gs[j].y0 + gs[j].y1) / 2, hj = gs[j].y1 - gs[j].y0;
            if (fabs(yj - yc) > 0.45 * MAX(h, hj))
                break;
        }
        qsort(gs + k, j - k, sizeof *gs, cmp_glyph_x);
        if (overprinted(gs + k, j - k)) {
            /* runs set over each other: each of Poppler's lines a line of its
             * own, never interleaved */
            qsort(gs + k, j - k, sizeof *gs, cmp_glyph_pline_x);
            for (size_t a = k; a < j;) {
                size_t b = a + 1;
                while (b < j && gs[b].pline == gs[a].pline)
                    b++;
                add_line(arena, gs + a, b - a, pageno, raw->ocr, lines);
                a = b;
            }
        } else {
            add_line(arena, gs + k, j - k, pageno, raw->ocr, lines);
        }
        k = j;
    }
    g_array_free(glyphs, TRUE);

    /* page furniture: page numbers in the top 8% or bottom 12% of the page */
    GArray *kept = g_array_new(FALSE, TRUE, sizeof(pdf_line));
    for (guint m = 0; m < lines->len; m++) {
        pdf_line *l = &g_array_index(lines, pdf_line, m);
        bool margin = page_h > 0 && (l->y1 < page_h * 0.08 || l->y0 > page_h * 0.88);
        l->margin = margin;
        /* or the page's last line, a page number well below the rest (a
         * landscape page's number sits above the 12% of the page's height) */
        bool last = m + 1 == lines->len && m > 0 && page_h > 0 &&
                    (l->y0 > page_h * 0.85 ||
                     (l->y0 > page_h * 0.75 && l->y0 - g_array_index(lines, pdf_line, m - 1).y1 > l->em * 2));
        if ((margin || last) && l->nwords <= 4) {
            char *s = pdf_line_text(arena, l);
            if (is_page_number(s))
                continue;
        }
        g_array_append_val(kept, *l);
    }
    g_array_free(lines, TRUE);
    int count = (int)kept->len;
    *out = fr_arena_alloc(arena, (kept->len ? kept->len : 1) * sizeof(pdf_line));
    if (kept->len) /* a page of nothing but page numbers keeps no line (and no data to copy) */
        memcpy(*out, kept->data, kept->len * sizeof(pdf_line));
    g_array_free(kept, TRUE);
    return count;
}
