/* pdf_table.c — tables rebuilt from word boxes, stream style (no ruling
 * lines needed).
 *
 *   preamble     title, id, unit line (shared with the txt reader)
 *   header band  the lines above the first body line: words → cells; a cell's
 *                wrapped lines are merged when nothing else sits beside them
 *   columns      amounts and codes of the body cluster by x; header cells with
 *                nothing below them add the columns the body leaves blank
 *   spans        a heading is centred over the columns it spans: of the
 *                column ranges that contain its text, the narrowest centred
 *                one, widened over siblings that start on the same line
 *   rows         per panel, a line with a code, an amount or a line number
 *                opens a row; a line with text only belongs to the row whose
 *                text is nearest above or below (wrapped names), else it is
 *                a row of its own
 *
 * A table goes on over page breaks; a header repeated at the top of the next
 * page is skipped. */
#include "pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEADER_LINES 14
#define MAX_COLUMNS 256

typedef struct hcell {
    double x0, y0, x1, y1;
    GString *text;
    int line;        /* header line it starts on */
    int a, b;        /* columns spanned: [a, b) */
    int parent;      /* index of the parent cell, -1 for a root */
    int depth;
    bool gone;       /* merged into another cell */
    bool spanned;    /* a, b are set */
} hcell;

typedef lay_gcol tcol;

/* ---- words --------------------------------------------------------------- */

/* "栏次 1 2 3 …", "1 2 3 4", "行次": the column numbers under a header */
static bool is_column_number_line(const pdf_line *l)
{
    lay_colnums c = LAY_COLNUMS_INIT;
    for (int k = 0; k < l->nwords; k++)
        lay_colnums_add(&c, l->words[k].text);
    return lay_colnums_are(&c);
}

/* A line that begins the body: an amount, a code at the left, a total or a
 * numbered item ("一、…") at the left. */
static bool is_body_line(const pdf_line *l)
{
    for (int k = 0; k < l->nwords; k++)
        if (lay_is_decimal_word(l->words[k].text))
            return true;
    if (l->nwords == 0)
        return false;
    const char *first = l->words[0].text;
    if (lay_is_code_word(first))
        return true;
    /* "合计" as a row, not as a heading among others */
    if (lay_is_total_word(first)) {
        int text = 0;
        for (int k = 1; k < l->nwords; k++)
            text += !lay_is_amount_word(l->words[k].text);
        return text == 0;
    }
    if (lay_is_numbered(first) && g_utf8_strlen(first, -1) > 3)
        return true;
    return false;
}

static const pdf_line *geo(const lay_doc *td, size_t i) { return td->lines[i].geo; }

/* A row of totals: its first word ends in 合计 / 总计 (letter-spaced or not) and it
 * prints amounts */
static bool is_total_row(const pdf_line *l)
{
    GString *lead = g_string_new(NULL);
    bool amounts = false;
    for (int k = 0; k < l->nwords; k++) {
        if (lay_is_amount_word(l->words[k].text)) {
            amounts = true;
            break;
        }
        if (lead->len < 64)
            g_string_append(lead, l->words[k].text);
    }
    bool total = g_str_has_suffix(lead->str, "合计") || g_str_has_suffix(lead->str, "总计");
    g_string_free(lead, TRUE);
    return total && amounts;
}

/* Do rows with amounts follow line i on its page, before any title, note or heading? */
static bool rows_follow(const lay_doc *td, size_t i)
{
    for (size_t j = i + 1; j < td->n && j < i + 24 && !td->lines[j].page_start; j++) {
        if (lay_is_note(td->lines[j].text) || lay_table_starts(td, j) || lay_is_part_heading(td->lines[j].text))
            return false;
        const pdf_line *l = geo(td, j);
        for (int k = 0; k < l->nwords; k++)
            if (lay_is_decimal_word(l->words[k].text))
                return true;
    }
    return false;
}

/* A body line, or the part of a line that is body. */
typedef struct bline {
    size_t i;            /* its line in the document */
    const pdf_line *g;   /* its words */
} bline;

/* The head of an amount its narrow cell wrapped: "370,219.2" (or "246,458.")
 * whose last digits went to the next line */
static bool is_wrapped_amount_head(const char *s)
{
    int d = pdf_decimals(s);
    return d >= 0 && d <= 1;
}

/* A line of the body as a copy the table owns, so that its words can change */
static pdf_line *own_line(GPtrArray *owned, bline *b)
{
    for (guint k = 0; k < owned->len; k++)
        if (owned->pdata[k] == b->g)
            return owned->pdata[k];
    pdf_line *c = g_new(pdf_line, 1);
    *c = *b->g;
    pdf_word *w = g_new(pdf_word, (size_t)MAX(c->nwords, 1));
    memcpy(w, b->g->words, (size_t)c->nwords * sizeof *w);
    c->words = w;
    g_ptr_array_add(owned, w);
    g_ptr_array_add(owned, c);
    b->g = c;
    return c;
}

/* Amounts wrapped inside a narrow cell (杭州: "370,219.2" over "5", the digit set
 * right-aligned under it a line below): the digits rejoin their amount, and
 * a line left empty leaves the body. The joined text lives in the arena of
 * the document's lines (td) through a GString the table owns. */
static void join_wrapped_amounts(const lay_doc *td, GArray *body, GPtrArray *owned, double em)
{
    for (guint k = 0; k < body->len; k++) {
        bline *a = &g_array_index(body, bline, k);
        for (int w = 0; w < a->g->nwords; w++) {
            if (!is_wrapped_amount_head(a->g->words[w].text))
                continue;
            const pdf_word *head = &a->g->words[w];
            for (guint j = k + 1; j < body->len && j <= k + 3; j++) {
                bline *b = &g_array_index(body, bline, j);
                if (td->lines[b->i].page != td->lines[a->i].page || b->g->y0 - head->y1 > em * 1.2)
                    break;
                int hit = -1;
                for (int v = 0; v < b->g->nwords && hit < 0; v++) {
                    const pdf_word *t = &b->g->words[v];
                    size_t n = strlen(t->text);
                    if (n >= 1 && n <= 2 && strspn(t->text, "0123456789") == n && fabs(t->x1 - head->x1) < 1.5 &&
                        t->y0 >= head->y1 - em * 0.3)
                        hit = v;
                }
                if (hit < 0)
                    continue;
                pdf_line *la = own_line(owned, a);
                pdf_line *lb = own_line(owned, b);
                char *joined = g_strconcat(la->words[w].text, lb->words[hit].text, NULL);
                g_ptr_array_add(owned, joined);
                la->words[w].text = joined;
                la->words[w].y1 = MAX(la->words[w].y1, lb->words[hit].y1);
                la->y1 = MAX(la->y1, la->words[w].y1); /* the cell's extent: it overlaps its row's centre line */
                memmove(&lb->words[hit], &lb->words[hit + 1], (size_t)(lb->nwords - hit - 1) * sizeof(pdf_word));
                lb->nwords--;
                if (lb->nwords == 0)
                    g_array_remove_index(body, j);
                break;
            }
        }
    }
}

/* Does line l set its two words, or three or more, on the column edges of the
 * last rows of body (a word's left or right edge within a point of a body
 * word's)? Rows of
 * one grid below a tall blank cell do; prose and the next table's lines do not. */
static bool on_body_columns(const pdf_line *l, const GArray *body)
{
    if (l->nwords < 2)
        return false;
    int hits = 0;
    for (int w = 0; w < l->nwords; w++) {
        const pdf_word *a = &l->words[w];
        bool hit = false;
        for (guint k = body->len; k-- > 0 && k + 30 >= body->len && !hit;) {
            const pdf_line *b = g_array_index(body, bline, k).g;
            for (int v = 0; v < b->nwords && !hit; v++)
                hit = fabs(b->words[v].x0 - a->x0) < 1.0 || fabs(b->words[v].x1 - a->x1) < 1.0;
        }
        hits += hit;
    }
    return hits >= 2 && hits * 3 >= l->nwords * 2;
}

/* Is there a label heading (项目, 科目名称 …) above this word? */
static bool label_above(const pdf_line *const *hg, int nh, const pdf_word *w)
{
    for (int k = 0; k < nh; k++)
        for (int j = 0; j < hg[k]->nwords; j++) {
            const pdf_word *h = &hg[k]->words[j];
            const char *role = lay_term_role(h->text);
            if (role && (!strcmp(role, "name") || !strcmp(role, "code")) && MIN(h->x1, w->x1) > MAX(h->x0, w->x0))
                return true;
        }
    return false;
}

/* ---- header cells ----------------------------------------------------------- */

static double overlap(double a0, double a1, double b0, double b1) { return MIN(a1, b1) - MAX(a0, b0); }

/* A heading's start, or all of it, in the heading vocabulary */
static bool known_start(const char *s)
{
    return *s && (lay_term_role(s) || g_hash_table_contains(fr_header_vocab_get()->prefixes, s));
}

/* The first text of the header lines below line k set under [x0, x1] (its
 * centre within a third of an em), within two ems of it, or NULL: a wrapped
 * heading's next line (lines of staggered cells come between) */
typedef struct hlines {
    const pdf_line *const *hg;
    int nh, k;
} hlines;

static const char *text_under(hlines below, double x0, double x1, double em)
{
    if (!below.hg)
        return NULL;
    for (int j = below.k + 1; j < below.nh && below.hg[j]->y0 - below.hg[below.k]->y1 < em * 2; j++) {
        const pdf_line *l = below.hg[j];
        for (int w = 0; w < l->nwords; w++) {
            double c = (l->words[w].x0 + l->words[w].x1) / 2;
            if (c >= x0 - em * 0.3 && c <= x1 + em * 0.3)
                return l->words[w].text;
        }
    }
    return NULL;
}

/* Are a (text, x0..x1) and b the first lines of two headings wrapped in
 * narrow cells side by side, rather than one heading: each goes on in the
 * line below, under itself, into a heading of the vocabulary ("一般公共预" /
 * "算" beside "政府性基金" / "预算"), and the two together are none? */
static bool two_wraps(const char *a, double a0, double a1, const char *b, double b0, double b1, hlines below,
                      double em)
{
    const char *ua = text_under(below, a0, a1, em), *ub = text_under(below, b0, b1, em);
    if (!ua || !ub || ua == ub)
        return false;
    char *ab = g_strconcat(a, b, NULL), *aa = g_strconcat(a, ua, NULL), *bb = g_strconcat(b, ub, NULL);
    bool yes = !known_start(ab) && known_start(aa) && known_start(bb);
    g_free(ab);
    g_free(aa);
    g_free(bb);
    return yes;
}

static void header_cells(const pdf_line *const *hg, int nh, GArray *cells, double em)
{
    for (int k = 0; k < nh; k++) {
        const pdf_line *l = hg[k];
        hlines below = {k + 1 < nh ? hg : NULL, nh, k};
        hcell *cur = NULL;
        for (int w = 0; w < l->nwords; w++) {
            const pdf_word *wd = &l->words[w];
            /* one word of two such first lines set edge to edge (苏州 公开02表:
             * "一般公共预政府性基"): two cells, split where the glyphs' even
             * pitch puts the boundary */
            glong nch = g_utf8_strlen(wd->text, -1);
            if (below.hg && nch >= 4 && nch <= 24 && !known_start(wd->text)) {
                double pitch = (wd->x1 - wd->x0) / (double)nch;
                int cut = 0;
                for (glong i = 2; i + 2 <= nch && !cut; i++) {
                    const char *mid = g_utf8_offset_to_pointer(wd->text, i);
                    char *left = g_strndup(wd->text, (gsize)(mid - wd->text));
                    double xm = wd->x0 + pitch * (double)i;
                    if (two_wraps(left, wd->x0, xm, mid, xm, wd->x1, below, em))
                        cut = (int)i;
                    g_free(left);
                }
                if (cut) {
                    const char *mid = g_utf8_offset_to_pointer(wd->text, cut);
                    double xm = wd->x0 + pitch * cut;
                    /* (each ends short of the boundary: a cell's edge there would be its rule's) */
                    hcell c1 = {wd->x0, wd->y0, xm - pitch * 0.3, wd->y1, g_string_new_len(wd->text, mid - wd->text), k,
                                0, 0, -1, 0, false, false};
                    hcell c2 = {xm + pitch * 0.3, wd->y0, wd->x1, wd->y1, g_string_new(mid), k, 0, 0, -1, 0, false, false};
                    g_array_append_val(cells, c1);
                    g_array_append_val(cells, c2);
                    cur = &g_array_index(cells, hcell, cells->len - 1);
                    continue;
                }
            }
            /* (OCR: never across the rule between two ruled cells) */
            bool ruled_apart = wd->ocr && w > 0 && l->words[w - 1].cell != wd->cell;
            if (cur && !ruled_apart && wd->x0 - cur->x1 < em * 0.8 &&
                !two_wraps(cur->text->str, cur->x0, cur->x1, wd->text, wd->x0, wd->x1, below, em)) {
                g_string_append(cur->text, wd->text);
                cur->x1 = MAX(cur->x1, wd->x1);
                cur->y0 = MIN(cur->y0, wd->y0);
                cur->y1 = MAX(cur->y1, wd->y1);
                continue;
            }
            hcell c = {wd->x0, wd->y0, wd->x1, wd->y1, g_string_new(wd->text), k, 0, 0, -1, 0, false, false};
            g_array_append_val(cells, c);
            cur = &g_array_index(cells, hcell, cells->len - 1);
        }
    }
    /* a heading set letter-spaced ("项   目", "收   入", "总   计"): single
     * characters a few ems apart on one line whose joined text is a known term */
    for (guint a = 0; a < cells->len; a++) {
        hcell *A = &g_array_index(cells, hcell, a);
        if (A->gone || g_utf8_strlen(A->text->str, -1) != 1)
            continue;
        GString *joined = g_string_new(A->text->str);
        guint b = a + 1, best = a;
        double last_x1 = A->x1;
        for (; b < cells->len && b < a + 8; b++) {
            hcell *B = &g_array_index(cells, hcell, b);
            if (B->gone || B->line != A->line || g_utf8_strlen(B->text->str, -1) != 1 || B->x0 - last_x1 > em * 4)
                break;
            g_string_append(joined, B->text->str);
            last_x1 = B->x1;
            if (lay_term_role(joined->str))
                best = b;
        }
        if (best > a) {
            g_string_truncate(joined, 0);
            for (guint k = a; k <= best; k++) {
                hcell *K = &g_array_index(cells, hcell, k);
                g_string_append(joined, K->text->str);
                if (k > a) {
                    A->x1 = MAX(A->x1, K->x1);
                    A->y0 = MIN(A->y0, K->y0);
                    A->y1 = MAX(A->y1, K->y1);
                    K->gone = true;
                }
            }
            g_string_assign(A->text, joined->str);
        }
        g_string_free(joined, TRUE);
    }
    /* a cell's wrapped lines: the cell just below, alone under it, and it
     * alone above that one */
    bool merged = true;
    while (merged) {
        merged = false;
        for (guint a = 0; a < cells->len; a++) {
            hcell *A = &g_array_index(cells, hcell, a);
            if (A->gone)
                continue;
            int found = -1, n_below = 0;
            int below_line = -1;
            for (guint b = 0; b < cells->len; b++) {
                hcell *B = &g_array_index(cells, hcell, b);
                if (b == a || B->gone || B->line <= A->line)
                    continue;
                double gap = B->y0 - A->y1;
                if (gap < -em * 0.3 || gap > em * 0.6)
                    continue;
                if (below_line >= 0 && B->line != below_line)
                    continue;
                if (overlap(A->x0 - em * 0.3, A->x1 + em * 0.3, B->x0, B->x1) > 0) {
                    below_line = B->line;
                    n_below++;
                    found = (int)b;
                }
            }
            if (n_below != 1)
                continue;
            hcell *B = &g_array_index(cells, hcell, found);
            /* a wrapped line lies within the first one's width */
            if (B->x0 < A->x0 - em * 1.0 || B->x1 > A->x1 + em * 1.0)
                continue;
            /* cells of a staggered line beside B ("款" a little above "类") */
            bool beside = false;
            for (guint d = 0; d < cells->len && !beside; d++) {
                hcell *D = &g_array_index(cells, hcell, d);
                beside = d != a && (int)d != found && !D->gone && D->line > A->line && D->y0 < B->y1 &&
                         D->y1 > B->y0 && overlap(A->x0 - em * 0.3, A->x1 + em * 0.3, D->x0, D->x1) > 0;
            }
            if (beside)
                continue;
            int n_above = 0;
            for (guint c = 0; c < cells->len; c++) {
                hcell *C = &g_array_index(cells, hcell, c);
                if (!C->gone && C->line == A->line && overlap(B->x0 - em * 0.3, B->x1 + em * 0.3, C->x0, C->x1) > 0)
                    n_above++;
            }
            if (n_above != 1)
                continue;
            /* a known heading with a known heading under it is two cells,
             * however close ("预算数" over "合计") */
            if (lay_term_role(A->text->str)) {
                char *joined = g_strconcat(A->text->str, B->text->str, NULL);
                bool known = lay_term_role(joined) != NULL;
                g_free(joined);
                if (!known)
                    continue;
            }
            g_string_append(A->text, B->text->str);
            A->x0 = MIN(A->x0, B->x0);
            A->x1 = MAX(A->x1, B->x1);
            A->y1 = MAX(A->y1, B->y1);
            A->line = B->line;
            B->gone = true;
            merged = true;
        }
    }
}

/* ---- columns ------------------------------------------------------------------- */

typedef struct ival {
    double x0, x1;
} ival;

static int cmp_ival(const void *a, const void *b)
{
    const ival *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static GArray *cluster(GArray *iv)
{
    if (iv->len > 1)
        qsort(iv->data, iv->len, sizeof(ival), cmp_ival);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(ival));
    for (guint k = 0; k < iv->len; k++) {
        ival v = g_array_index(iv, ival, k);
        if (out->len) {
            ival *last = &g_array_index(out, ival, out->len - 1);
            if (v.x0 < last->x1 - 0.5) {
                last->x1 = MAX(last->x1, v.x1);
                continue;
            }
        }
        g_array_append_val(out, v);
    }
    return out;
}

static void choose_span(hcell *P, const double *bnd, const double *gap, int ncols, double em, GArray *cells);

static int cmp_hcell_x(const void *a, const void *b)
{
    const hcell *x = *(const hcell *const *)a, *y = *(const hcell *const *)b;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* How many of the body's clusters a heading is centred over (0 if it overlaps
 * one, or there are none): a heading over two or more heads a group. */
static int centred_over(const hcell *A, GArray *cl, double em)
{
    guint n = cl->len;
    if (n < 2)
        return 0;
    const ival *c = (const ival *)(const void *)cl->data;
    for (guint j = 0; j < n; j++)
        if (overlap(A->x0, A->x1, c[j].x0, c[j].x1) > 0)
            return 0;
    double *bnd = g_new(double, n + 1);
    bnd[0] = MIN(c[0].x0, A->x0) - em * 0.5;
    bnd[n] = MAX(c[n - 1].x1, A->x1) + em * 0.5;
    for (guint j = 1; j < n; j++)
        bnd[j] = (c[j - 1].x1 + c[j].x0) / 2;
    hcell h = *A;
    choose_span(&h, bnd, NULL, (int)n, em, NULL);
    g_free(bnd);
    return h.b - h.a;
}

/* The columns: the body's clusters paired with the bottom heading cells.
 * A heading overlapping one cluster heads it; one that overlaps none heads
 * the cluster after it (headings set left in their cells over amounts set
 * right) or before it, if no other heading is nearer; else it heads a
 * column the body leaves blank. A heading over several clusters spans them. */
static GArray *pair_columns(GArray *cells, GArray *cl, double em)
{
    GArray *hs = g_array_new(FALSE, FALSE, sizeof(ival));
    for (guint k = 0; k < cells->len; k++) {
        hcell *A = &g_array_index(cells, hcell, k);
        if (A->gone)
            continue;
        bool below = false;
        for (guint j = 0; j < cells->len && !below; j++) {
            hcell *B = &g_array_index(cells, hcell, j);
            below = j != k && !B->gone && B->line > A->line &&
                    overlap(A->x0 - em * 0.5, A->x1 + em * 0.5, B->x0, B->x1) > 0;
        }
        if (!below) {
            /* a heading with headings under it, centred over several columns */
            bool lower = false;
            for (guint j = 0; j < cells->len && !lower; j++) {
                hcell *B = &g_array_index(cells, hcell, j);
                lower = !B->gone && B->line > A->line && B->y0 > A->y1;
            }
            below = lower && centred_over(A, cl, em) >= 2;
        }
        if (!below) {
            ival v = {A->x0, A->x1};
            g_array_append_val(hs, v);
        }
    }
    if (hs->len > 1)
        qsort(hs->data, hs->len, sizeof(ival), cmp_ival);
    guint nc = cl->len, nhs = hs->len;
    ival *c = (ival *)(void *)cl->data, *h = (ival *)(void *)hs->data;
    bool *headed = g_new0(bool, nc + 1);
    for (guint k = 0; k < nhs; k++)
        for (guint j = 0; j < nc; j++)
            if (overlap(h[k].x0, h[k].x1, c[j].x0, c[j].x1) > 0)
                headed[j] = true;
    GArray *iv = g_array_new(FALSE, FALSE, sizeof(ival));
    for (guint j = 0; j < nc; j++)
        g_array_append_val(iv, c[j]);
    for (guint k = 0; k < nhs; k++) {
        int hits = 0;
        for (guint j = 0; j < nc; j++)
            hits += overlap(h[k].x0, h[k].x1, c[j].x0, c[j].x1) > 0;
        if (hits >= 2)
            continue;
        ival v = h[k];
        if (hits == 0) {
            double next_h = k + 1 < nhs ? h[k + 1].x0 : 1e18, prev_h = k > 0 ? h[k - 1].x1 : -1e18;
            for (guint j = 0; j < nc; j++)
                if (!headed[j] && c[j].x0 >= h[k].x1 && c[j].x1 < next_h) {
                    v.x1 = c[j].x0 + 1; /* join the cluster: the gap between them is this column */
                    headed[j] = true;
                    break;
                }
            if (v.x1 == h[k].x1)
                for (guint j = nc; j-- > 0;)
                    if (!headed[j] && c[j].x1 <= h[k].x0 && c[j].x0 > prev_h) {
                        v.x0 = c[j].x1 - 1;
                        headed[j] = true;
                        break;
                    }
        }
        g_array_append_val(iv, v);
    }
    g_free(headed);
    g_array_free(hs, TRUE);
    GArray *out = cluster(iv);
    g_array_free(iv, TRUE);
    return out;
}

static bool overlaps_any(ival v, GArray *cl)
{
    for (guint c = 0; c < cl->len; c++)
        if (overlap(v.x0, v.x1, g_array_index(cl, ival, c).x0, g_array_index(cl, ival, c).x1) > 0)
            return true;
    return false;
}

/* The column of a word: most overlap, else the nearest. A number goes to an
 * amount column and text to a label column when it overlaps one. */
static int column_of(const tcol *cols, int ncols, double x0, double x1)
{
    int best = -1;
    double bo = 0;
    for (int c = 0; c < ncols; c++) {
        double o = overlap(x0, x1, cols[c].x0, cols[c].x1);
        if (o > bo) {
            bo = o;
            best = c;
        }
    }
    if (best >= 0)
        return best;
    double bd = 1e18;
    for (int c = 0; c < ncols; c++) {
        double d = x1 < cols[c].x0 ? cols[c].x0 - x1 : x0 - cols[c].x1;
        if (d < bd) {
            bd = d;
            best = c;
        }
    }
    return best;
}

static int column_of_word(const tcol *cols, int ncols, const pdf_word *w)
{
    bool number = lay_is_amount_word(w->text);
    for (int c = 0; c < ncols; c++) {
        if (overlap(w->x0, w->x1, cols[c].x0, cols[c].x1) <= 0)
            continue;
        bool label = cols[c].role == FR_COL_NAME || cols[c].role == FR_COL_CODE;
        if (number ? !label || lay_is_code_word(w->text) : label)
            return c;
    }
    return column_of(cols, ncols, w->x0, w->x1);
}

/* ---- spans ------------------------------------------------------------------------ */

/* Is a heading centred over a range of columns? The boundaries are guessed
 * (midway between the columns' contents), so allow for an em or 6%. */
static bool centred(double off, double width, double em) { return off <= MAX(em * 1.0, width * 0.06); }
static bool centred_on(const hcell *P, int a, int b, const double *bnd, const double *gap, double em);

/* Would columns [a, b) cut through the span of a heading below P? */
static bool cuts_below(GArray *cells, const hcell *P, int a, int b, double em)
{
    if (!cells)
        return false;
    for (guint j = 0; j < cells->len; j++) {
        const hcell *C = &g_array_index(cells, hcell, j);
        if (C->gone || !C->spanned || C == P || C->line <= P->line || C->y0 < P->y1 - em * 0.3)
            continue;
        if (C->a < b && C->b > a && !(a <= C->a && C->b <= b))
            return true;
    }
    return false;
}

/* The narrowest centred range of columns that holds the heading's text and
 * does not cut through a heading below it; if none is centred (a heading set
 * left), the narrowest that holds it. gap (NULL: the boundaries are bnd): where
 * boundary k may lie, gap[2k] to gap[2k + 1] — in an unruled band anywhere
 * between the contents of the columns either side, since amounts set flush
 * right and names flush left leave a cell's edges unknown (杭州 表5: 合计 is
 * centred in a cell that ends just after its figures); a range is also centred
 * when some placement of its two boundaries centres it (to a quarter em). */
static void choose_span(hcell *P, const double *bnd, const double *gap, int ncols, double em, GArray *cells)
{
    double c = (P->x0 + P->x1) / 2, tol = em * 0.5;
    double best = 1e30;
    P->a = 0;
    P->b = 1;
    for (int a = 0; a < ncols && bnd[a] <= P->x0 + tol; a++)
        for (int b = a + 1; b <= ncols; b++) {
            if (bnd[b] < P->x1 - tol)
                continue;
            double off = fabs((bnd[a] + bnd[b]) / 2 - c);
            bool centre = centred_on(P, a, b, bnd, gap, em);
            double score = (centre ? 0 : 1e9) + (cuts_below(cells, P, a, b, em) ? 1e8 : 0) + (b - a) * 1e4 + off;
            if (score < best) {
                best = score;
                P->a = a;
                P->b = b;
            }
        }
    /* text wider than any range (a heading in the margin): its nearest column */
    if (best >= 1e30) {
        double bd = 1e30;
        for (int k = 0; k < ncols; k++) {
            double d = fabs((bnd[k] + bnd[k + 1]) / 2 - c);
            if (d < bd) {
                bd = d;
                P->a = k;
                P->b = k + 1;
            }
        }
    }
}

/* The highest cell below P in column k, or NULL. */
static const hcell *cell_below(GArray *cells, const hcell *P, int k, double em)
{
    const hcell *top = NULL;
    for (guint j = 0; j < cells->len; j++) {
        const hcell *C = &g_array_index(cells, hcell, j);
        if (C->gone || C == P || C->y0 < P->y1 - em * 0.3 || C->line <= P->line)
            continue;
        if (C->a <= k && k < C->b && (!top || C->y0 < top->y0))
            top = C;
    }
    return top;
}

/* How the cells under a heading sit in their row of the header: all from one
 * top (top-aligned), all about one height's middle (centred: a heading of two
 * lines beside one of one, 杭州 表5 日常公用 / 支出 beside 人员经费), or both. */
typedef struct band {
    bool tops, middles;
    double top, middle;
} band;

static band band_below(GArray *cells, const hcell *P, double em)
{
    band bd = {true, true, 0, 0};
    int n = 0;
    double t0 = 0, m0 = 0;
    for (int k = P->a; k < P->b; k++) {
        const hcell *C = cell_below(cells, P, k, em);
        if (!C)
            continue;
        double m = (C->y0 + C->y1) / 2;
        if (n == 0) {
            t0 = C->y0;
            m0 = m;
        }
        bd.tops = bd.tops && fabs(C->y0 - t0) < em * 0.3;
        bd.middles = bd.middles && fabs(m - m0) < em * 0.3;
        bd.top = n == 0 ? C->y0 : MIN(bd.top, C->y0);
        bd.middle += m;
        n++;
    }
    if (n == 0)
        bd.tops = bd.middles = false;
    else
        bd.middle /= n;
    return bd;
}

/* Is the first cell below P in column k in the same row of the header as the
 * cells under P, set as they are (a cell over two rows, centred higher and
 * starting where a wrapped heading beside it starts, is not: 苏州 公开09表
 * 因公出国（境）费 beside 公务用车购置及运行维护费's three)? */
static bool sibling_below(GArray *cells, const hcell *P, int k, const band *bd, double em)
{
    const hcell *C = cell_below(cells, P, k, em);
    if (!C)
        return false;
    return (bd->tops && fabs(C->y0 - bd->top) < em * 0.3) ||
           (bd->middles && fabs((C->y0 + C->y1) / 2 - bd->middle) < em * 0.3);
}

static bool claimed_by_other(GArray *cells, const hcell *P, int k)
{
    for (guint j = 0; j < cells->len; j++) {
        hcell *C = &g_array_index(cells, hcell, j);
        if (!C->gone && C != P && C->line == P->line && C->a <= k && k < C->b)
            return true;
    }
    return false;
}

/* Widens a heading over sibling columns: columns whose first cell below it
 * starts on the same line as the first cell below it inside its range. */
/* Is P centred over columns [a, b): by the boundaries' guesses, or (gap, see
 * choose_span) by some placement of the two within their gaps */
static bool centred_on(const hcell *P, int a, int b, const double *bnd, const double *gap, double em)
{
    double c = (P->x0 + P->x1) / 2;
    if (centred(fabs((bnd[a] + bnd[b]) / 2 - c), bnd[b] - bnd[a], em))
        return true;
    if (!gap)
        return false;
    double lo = (gap[2 * a] + gap[2 * b]) / 2, hi = (gap[2 * a + 1] + gap[2 * b + 1]) / 2;
    return c >= lo - em * 0.25 && c <= hi + em * 0.25;
}

static void widen_span(GArray *cells, hcell *P, const double *bnd, const double *gap, int ncols, double em)
{
    band bd = band_below(cells, P, em);
    if (!bd.tops && !bd.middles)
        return;
    for (;;) {
        bool left_ok = P->a > 0 && !claimed_by_other(cells, P, P->a - 1) && sibling_below(cells, P, P->a - 1, &bd, em);
        bool right_ok = P->b < ncols && !claimed_by_other(cells, P, P->b) && sibling_below(cells, P, P->b, &bd, em);
        if (left_ok && right_ok && centred_on(P, P->a - 1, P->b + 1, bnd, gap, em)) {
            P->a--;
            P->b++;
            continue;
        }
        if (left_ok && centred_on(P, P->a - 1, P->b, bnd, gap, em)) {
            P->a--;
            continue;
        }
        if (right_ok && centred_on(P, P->a, P->b + 1, bnd, gap, em)) {
            P->b++;
            continue;
        }
        break;
    }
}

/* ---- rows --------------------------------------------------------------------- */

typedef struct prow prow;
static bool total_name(const char *s);
static bool centred_name(GPtrArray *pr, guint k, double gu, double gd, double em, int ncols);

struct prow {
    GString **text;      /* per column of the table */
    int panel;
    bool anchor;
    double ty0, ty1;     /* vertical extent of its label text */
    double ly0, ly1;     /* vertical extent of its lines */
    guint last_line;     /* index in the body of its last line */
    double nx0;          /* where its name begins (its indentation) */
    double *lx1;         /* per column: right end of its last line of text */
    float *conf;         /* per column: its OCR words' lowest confidence; -1 none recognised */
    bool beside;         /* its line holds an amount in another panel */
    fr_prov where;
    int page;
};

static prow *prow_new(int ncols, int panel, fr_prov where)
{
    prow *r = g_new0(prow, 1);
    r->text = g_new0(GString *, (size_t)ncols);
    r->lx1 = g_new0(double, (size_t)ncols);
    r->conf = g_new(float, (size_t)ncols);
    for (int c = 0; c < ncols; c++) {
        r->text[c] = g_string_new(NULL);
        r->conf[c] = -1;
    }
    r->panel = panel;
    r->where = where;
    r->ty0 = 1e18;
    r->ty1 = -1e18;
    r->nx0 = 1e18;
    return r;
}

static void prow_free(prow *r, int ncols)
{
    for (int c = 0; c < ncols; c++)
        g_string_free(r->text[c], TRUE);
    g_free(r->text);
    g_free(r->lx1);
    g_free(r->conf);
    g_free(r);
}

static void prow_merge(prow *into, prow *from, int ncols, bool before)
{
    for (int c = 0; c < ncols; c++)
        if (from->conf[c] >= 0)
            into->conf[c] = into->conf[c] < 0 ? from->conf[c] : MIN(into->conf[c], from->conf[c]);
    for (int c = 0; c < ncols; c++) {
        if (!from->text[c]->len)
            continue;
        if (before) {
            GString *g = g_string_new(from->text[c]->str);
            lay_append_word(g, into->text[c]->str);
            g_string_assign(into->text[c], g->str);
            g_string_free(g, TRUE);
        } else {
            lay_append_word(into->text[c], from->text[c]->str);
        }
    }
    if (!before)
        for (int c = 0; c < ncols; c++)
            if (from->text[c]->len)
                into->lx1[c] = from->lx1[c];
    into->ty0 = MIN(into->ty0, from->ty0);
    into->ty1 = MAX(into->ty1, from->ty1);
    /* its indentation is where its name's first line begins: the lines a
     * name wraps onto run back to the cell's edge (广州 表11: 广州市应急管理局（本 /
     * 级）, a unit at the same step as the others) */
    if (before ? from->nx0 < 1e17 : into->nx0 >= 1e17)
        into->nx0 = from->nx0;
}

/* Is text-only row k the first line of a name set over three lines about the
 * amounts of the row below it (佛山 表8: 国有土地使用权出让收入 / 21208
 * 及对应专项债务收入安排 0.00 … / 的支出; 福州: 福州市医疗 / 保障基金中 345205.84 /
 * 心)? It is no nearer the row above (if that one may take it), and a line as
 * near follows that row: the three lines are set about its middle. */
static bool centred_name(GPtrArray *pr, guint k, double gu, double gd, double em, int ncols)
{
    /* (no nearer the row above than this one, unless that row takes no line: a total) */
    if (gd > em * 1.0 || (gu < 1e17 && gd > gu) || k + 2 >= pr->len)
        return false;
    const prow *r = pr->pdata[k], *down = pr->pdata[k + 1], *next = pr->pdata[k + 2];
    if (!down || !next || next->anchor || next->page != down->page)
        return false;
    double gn = next->ty0 - down->ty1;
    if (gn < 0 || fabs(gn - gd) > em * 0.15)
        return false;
    /* the three lines one name: the two text lines each of one cell, the row's
     * name's, which neither begins an item (24、其他支出) nor is a total */
    int rc = -1, nc = -1, nr = 0, nn = 0;
    for (int c = 0; c < ncols; c++) {
        if (r->text[c]->len)
            rc = c, nr++;
        if (next->text[c]->len)
            nc = c, nn++;
    }
    if (nr != 1 || nn != 1 || rc != nc)
        return false;
    bool figures = false; /* (the row's figures: a line of a count alone is no row's middle) */
    for (int c = 0; c < ncols && !figures; c++)
        figures = lay_is_decimal_word(down->text[c]->str);
    if (!figures)
        return false;
    for (int c = 0; c < ncols; c++) {
        if ((r->text[c]->len || next->text[c]->len) && !down->text[c]->len)
            return false;
        if (r->text[c]->len && (lay_is_numbered(r->text[c]->str) || total_name(r->text[c]->str) ||
                                total_name(down->text[c]->str) || lay_is_numbered(down->text[c]->str)))
            return false;
    }
    return true;
}

/* A table that prints names without codes, its levels by indentation (杭州:
 * 公共安全支出 at the margin, 公安 an em in, 行政运行 two): where no row has a
 * code and the names of one panel begin at two to four distinct steps, each
 * row's level is its step (1 for the outermost); totals stay at 0. */
static void levels_by_indent(GPtrArray *rows, GArray *indent, double em)
{
    for (guint k = 0; k < rows->len; k++)
        if (((fr_row *)rows->pdata[k])->code)
            return;
    for (int panel = 0; panel < LAY_MAX_PANELS; panel++) {
        double steps[5];
        int n = 0;
        bool any = false;
        for (guint k = 0; k < rows->len; k++) {
            const fr_row *r = rows->pdata[k];
            double x = g_array_index(indent, double, k);
            if (r->panel != panel || !r->name || x > 1e17 || lay_is_total_word(r->name))
                continue;
            any = true;
            int s = 0;
            while (s < n && fabs(steps[s] - x) > em * 0.3)
                s++;
            if (s == n) {
                if (n == 5)
                    return; /* no indentation scheme: names set anywhere */
                steps[n++] = x;
            }
        }
        if (!any)
            break;
        if (n < 2 || n > 4)
            continue;
        qsort(steps, (size_t)n, sizeof *steps, pdf_cmp_double);
        bool even = true;
        for (int s = 1; s < n; s++)
            even = even && steps[s] - steps[s - 1] >= em * 0.5 && steps[s] - steps[s - 1] <= em * 3;
        if (!even)
            continue;
        for (guint k = 0; k < rows->len; k++) {
            fr_row *r = rows->pdata[k];
            double x = g_array_index(indent, double, k);
            if (r->panel != panel || !r->name || x > 1e17 || lay_is_total_word(r->name))
                continue;
            for (int s = 0; s < n; s++)
                if (fabs(steps[s] - x) <= em * 0.3)
                    r->level = s + 1;
        }
    }
}

/* A ruled table's column boundaries where its rules are, not midway between
 * the columns' contents (amounts set right make midpoints fall inside the cell
 * to their right): the rules crossing the header's bottom line and the first
 * rows of the body, one between each two columns. Used only where most
 * boundaries have their rule (returns whether), the outer edges too when a
 * rule stands outside the first and last column. ruled[k]: bnd[k] is a rule. */
static bool ruled_bounds(const pdf_band *band, const pdf_line *const *ls, int nls, const GArray *body,
                         const tcol *cols, int ncols, double *bnd, bool *ruled, double em, bool scanned)
{
    int found = 0;
    /* where each column's body words begin and end, the median of them (its
     * extent also holds headings and a 合计 set across two columns, which
     * straddle a rule) */
    double *bx0 = g_new(double, (size_t)ncols), *bx1 = g_new(double, (size_t)ncols);
    bool *filled = g_new0(bool, (size_t)ncols); /* body words in it: not a column of letter-spaced headings only */
    for (int c = 0; c < ncols; c++) {
        GArray *l0 = g_array_new(FALSE, FALSE, sizeof(double)), *l1 = g_array_new(FALSE, FALSE, sizeof(double));
        for (guint k = 0; k < body->len; k++) {
            const pdf_line *l = g_array_index(body, bline, k).g;
            for (int w = 0; w < l->nwords; w++)
                if (column_of(cols, ncols, l->words[w].x0, l->words[w].x1) == c) {
                    g_array_append_val(l0, l->words[w].x0);
                    g_array_append_val(l1, l->words[w].x1);
                }
        }
        filled[c] = l0->len > 0;
        if (l0->len) {
            g_array_sort(l0, pdf_cmp_double);
            g_array_sort(l1, pdf_cmp_double);
            bx0[c] = g_array_index(l0, double, l0->len / 2);
            bx1[c] = g_array_index(l1, double, l1->len / 2);
        } else {
            bx0[c] = cols[c].x0;
            bx1[c] = cols[c].x1;
        }
        g_array_free(l0, TRUE);
        g_array_free(l1, TRUE);
    }
    double *nb = g_new(double, (size_t)ncols + 1);
    bool *nr = g_new0(bool, (size_t)ncols + 1);
    memcpy(nb, bnd, sizeof(double) * ((size_t)ncols + 1));
    GArray *all = g_array_new(FALSE, FALSE, sizeof(double));
    /* each line's own rules: a cell merged across columns in one row (a 合计
     * over the code columns) breaks a rule there, not in the others */
    for (int k = 0; k < nls; k++) {
        GArray *rules = pdf_band_vertical(band, ls[k]->y0 - 0.5, ls[k]->y1 + 0.5);
        /* a stroke of the line's own glyphs is no rule */
        for (guint j = rules->len; j-- > 0;) {
            double x = g_array_index(rules, double, j);
            for (int w = 0; w < ls[k]->nwords; w++)
                if (x > ls[k]->words[w].x0 + 0.5 && x < ls[k]->words[w].x1 - 0.5) {
                    g_array_remove_index(rules, j);
                    break;
                }
        }
        const double *r = (const double *)(const void *)rules->data;
        if (getenv("FISCUS_PDF_DEBUG")) {
            fprintf(stderr, "rules y %.0f-%.0f:", ls[k]->y0, ls[k]->y1);
            for (guint j = 0; j < rules->len; j++)
                fprintf(stderr, " %.0f", r[j]);
            fputc('\n', stderr);
        }
        for (int c = 1; c < ncols; c++) {
            double lo = bx1[c - 1] - 0.5, hi = bx0[c] + 0.5, mid = (bx1[c - 1] + bx0[c]) / 2;
            for (guint j = 0; j < rules->len; j++)
                if (r[j] >= lo && r[j] <= hi && (!nr[c] || fabs(r[j] - mid) < fabs(nb[c] - mid))) {
                    nb[c] = r[j];
                    nr[c] = true;
                }
        }
        g_array_append_vals(all, rules->data, rules->len);
        g_array_free(rules, TRUE);
    }
    /* the boundaries between columns of the body count; a column only
     * headings reach (收　　入 letter-spaced over its panel) may have none */
    int between = 0;
    for (int c = 1; c < ncols; c++)
        if (filled[c - 1] && filled[c]) {
            between++;
            found += nr[c];
        } else if (nr[c] && (filled[c - 1] || filled[c]))
            found++, between++;
    /* (a scan's words make columns of pieces of one cell: half its boundaries
     * ruled, three or more, are the table's) */
    bool use = ncols >= 2 && between >= 1 && (found * 3 >= between * 2 || (scanned && found >= 3 && found * 2 >= between));
    if (use) {
        /* the outer edges at the nearest rule outside the columns, if any */
        const double *r = (const double *)(const void *)all->data;
        for (guint k = 0; k < all->len; k++) {
            if (r[k] < bx0[0] && r[k] > bx0[0] - em * 8 && (!nr[0] || r[k] > nb[0]))
                nb[0] = r[k], nr[0] = true;
            if (r[k] > bx1[ncols - 1] && r[k] < bx1[ncols - 1] + em * 8 && (!nr[ncols] || r[k] < nb[ncols]))
                nb[ncols] = r[k], nr[ncols] = true;
        }
        memcpy(bnd, nb, sizeof(double) * ((size_t)ncols + 1));
        memcpy(ruled, nr, sizeof(bool) * ((size_t)ncols + 1));
        if (getenv("FISCUS_PDF_DEBUG")) {
            fprintf(stderr, "ruled bounds (%d of %d):", found, ncols - 1);
            for (int c = 0; c <= ncols; c++)
                fprintf(stderr, " %.0f%s", bnd[c], ruled[c] ? "" : "?");
            fputc('\n', stderr);
        }
    }
    g_array_free(all, TRUE);
    g_free(nb);
    g_free(nr);
    g_free(bx0);
    g_free(bx1);
    g_free(filled);
    return use;
}

/* A total's name: 合计, 本年支出合计, 收入总计, 小计 (letter-spaced too) */
static bool total_name(const char *s)
{
    char *c = lay_compact(s);
    bool yes = g_str_has_suffix(c, "合计") || g_str_has_suffix(c, "总计") || g_str_has_suffix(c, "小计");
    g_free(c);
    return yes;
}

/* Does a body line set a word in column c? */
static bool body_in_column(const GArray *body, const tcol *cols, int ncols, int c)
{
    for (guint k = 0; k < body->len; k++) {
        const pdf_line *l = g_array_index(body, bline, k).g;
        for (int w = 0; w < l->nwords; w++)
            if (column_of(cols, ncols, l->words[w].x0, l->words[w].x1) == c)
                return true;
    }
    return false;
}

/* May columns c and c + 1 be one printed column? No line sets words in both,
 * and neither holds an amount with decimals */
/* Columns split where a rule most body lines share runs inside one and no
 * body word crosses it (the scan's figures set against a rule): the new array
 * (cols is freed or returned), *ncols updated */
static tcol *split_at_rules(const pdf_band *band, const pdf_line *const *ls, int nls, const GArray *body, tcol *cols,
                            int *ncols)
{
    if (nls < 2)
        return cols;
    GArray *xs = g_array_new(FALSE, FALSE, sizeof(double));
    for (int k = 0; k < nls; k++) {
        GArray *rules = pdf_band_vertical(band, ls[k]->y0 - 0.5, ls[k]->y1 + 0.5);
        g_array_append_vals(xs, rules->data, rules->len);
        g_array_free(rules, TRUE);
    }
    g_array_sort(xs, pdf_cmp_double);
    for (guint a = 0; a < xs->len;) {
        guint b = a;
        while (b < xs->len && g_array_index(xs, double, b) - g_array_index(xs, double, a) < 1.5)
            b++;
        double x = g_array_index(xs, double, (a + b) / 2);
        if (getenv("FISCUS_PDF_DEBUG"))
            fprintf(stderr, "scan rule at %.0f: %u of %d body lines\n", x, b - a, nls);
        if ((int)(b - a) * 2 >= nls) {
            for (int c = 0; c < *ncols; c++) {
                if (!(x > cols[c].x0 + 1 && x < cols[c].x1 - 1))
                    continue;
                /* (one word across it is let be: a scan's cell read whole) */
                double left = -1e18, right = 1e18;
                int crossed = 0, lines = 0;
                for (guint k = 0; k < body->len; k++) {
                    const pdf_line *l = g_array_index(body, bline, k).g;
                    bool in = false;
                    for (int w = 0; w < l->nwords; w++) {
                        const pdf_word *wd = &l->words[w];
                        if (wd->x1 <= cols[c].x0 || wd->x0 >= cols[c].x1)
                            continue;
                        in = true;
                        /* (a scan's boxes are a few points loose) */
                        if (wd->x0 < x - 3 && wd->x1 > x + 3)
                            crossed++;
                        else if ((wd->x0 + wd->x1) / 2 < x)
                            left = MAX(left, MIN(wd->x1, x - 0.5));
                        else
                            right = MIN(right, MAX(wd->x0, x + 0.5));
                    }
                    lines += in;
                }
                if (crossed > 1 || lines < 3 || left < -1e17 || right > 1e17)
                    break;
                cols = g_renew(tcol, cols, (size_t)*ncols + 1);
                memmove(&cols[c + 1], &cols[c], sizeof(tcol) * (size_t)(*ncols - c));
                cols[c].x1 = left;
                cols[c + 1].x0 = right;
                (*ncols)++;
                break;
            }
        }
        a = b;
    }
    g_array_free(xs, TRUE);
    return cols;
}

/* Does line l set words in both columns c and c + 1 (amounts_only: figures
 * in both)? *decimal, if given, is set where either holds an amount with a
 * point or separators */
static bool sets_both(const pdf_line *l, const tcol *cols, int ncols, int c, bool amounts_only, bool *decimal)
{
    bool in_a = false, in_b = false;
    for (int w = 0; w < l->nwords; w++) {
        if (amounts_only && !lay_is_amount_word(l->words[w].text))
            continue;
        int at = column_of(cols, ncols, l->words[w].x0, l->words[w].x1);
        if (decimal && (at == c || at == c + 1) && lay_is_decimal_word(l->words[w].text))
            *decimal = true;
        in_a = in_a || at == c;
        in_b = in_b || at == c + 1;
    }
    return in_a && in_b;
}

/* Does a body line set an amount in both columns c and c + 1 (two figures side
 * by side: two cells, whatever rule was seen between them)? */
static bool amounts_side_by_side(const GArray *body, const tcol *cols, int ncols, int c)
{
    for (guint k = 0; k < body->len; k++)
        if (sets_both(g_array_index(body, bline, k).g, cols, ncols, c, true, NULL))
            return true;
    return false;
}

/* Are columns c and c + 1 one cell's contents: no body line sets words in
 * both, and neither holds an amount with a point or separators? */
static bool one_cell(const GArray *body, const tcol *cols, int ncols, int c)
{
    for (guint k = 0; k < body->len; k++) {
        bool decimal = false;
        if (sets_both(g_array_index(body, bline, k).g, cols, ncols, c, false, &decimal) || decimal)
            return false;
    }
    return true;
}

/* Headings of a ruled header take the span of their cell: the nearest ruled
 * boundaries left and right of their text that the rules crossing their own
 * line reach (a heading over 本年收入's nine columns has no rule inside its
 * cell). Then the lines of one cell (a heading wrapped over two lines, with no
 * rule across its cell between them) are one heading. */
static void ruled_spans(const pdf_band *band, GArray *cells, const double *bnd, const bool *ruled, int ncols, double em)
{
    bool *ruled_cell = g_new0(bool, cells->len + 1); /* its span is the rules' */
    for (guint k = 0; k < cells->len; k++) {
        hcell *A = &g_array_index(cells, hcell, k);
        if (A->gone)
            continue;
        GArray *rules = pdf_band_vertical(band, A->y0 + 0.5, A->y1 - 0.5);
        const double *r = (const double *)(const void *)rules->data;
        bool *here = g_new0(bool, (size_t)ncols + 1);
        for (int c = 0; c <= ncols; c++)
            for (guint j = 0; j < rules->len && ruled[c] && !here[c]; j++)
                here[c] = fabs(r[j] - bnd[c]) < 1.5 && (r[j] < A->x0 - 0.5 || r[j] > A->x1 + 0.5);
        int a = -1, b = -1;
        for (int c = 0; c <= ncols; c++)
            if (here[c] && bnd[c] <= A->x0 + 1)
                a = c;
        for (int c = ncols; c > a && a >= 0; c--)
            if (here[c] && bnd[c] >= A->x1 - 1)
                b = c;
        if (getenv("FISCUS_PDF_DEBUG"))
            fprintf(stderr, "ruled span %s: %d..%d (was %d..%d)\n", A->text->str, a, b, A->a, A->b);
        if (a >= 0 && b > a) {
            A->a = a;
            A->b = b;
            ruled_cell[k] = true;
        }
        g_free(here);
        g_array_free(rules, TRUE);
    }
    /* one cell's characters set apart on one line (收　　入, 项　　目
     * letter-spaced across a ruled cell): one heading, read left to right */
    for (guint k = 0; k < cells->len; k++) {
        hcell *A = &g_array_index(cells, hcell, k);
        if (A->gone || !ruled_cell[k] || g_utf8_strlen(A->text->str, -1) != 1)
            continue;
        for (guint j = 0; j < cells->len; j++) {
            hcell *B = &g_array_index(cells, hcell, j);
            if (j == k || B->gone || !ruled_cell[j] || g_utf8_strlen(B->text->str, -1) != 1 || B->line != A->line ||
                B->a != A->a || B->b != A->b || B->x0 < A->x1 || overlap(A->y0, A->y1, B->y0, B->y1) <= 0)
                continue;
            bool between = false; /* another heading between them is not of their cell */
            for (guint m = 0; m < cells->len && !between; m++) {
                const hcell *C = &g_array_index(cells, hcell, m);
                between = m != k && m != j && !C->gone && C->line == A->line && C->x0 > A->x1 && C->x1 < B->x0;
            }
            if (between)
                continue;
            g_string_append(A->text, B->text->str);
            A->x1 = B->x1;
            A->y0 = MIN(A->y0, B->y0);
            A->y1 = MAX(A->y1, B->y1);
            B->gone = true;
        }
    }
    /* wrapped headings: the same cell on consecutive lines, no rule between */
    for (guint k = 0; k < cells->len; k++) {
        hcell *A = &g_array_index(cells, hcell, k);
        for (bool merged = true; merged && !A->gone;) {
            merged = false;
            for (guint j = 0; j < cells->len; j++) {
                hcell *B = &g_array_index(cells, hcell, j);
                if (j == k || B->gone || B->a != A->a || B->b != A->b || B->y0 < A->y1 - em * 0.3 ||
                    B->y0 - A->y1 > em * 0.8 || overlap(A->x0 - em, A->x1 + em, B->x0, B->x1) <= 0)
                    continue;
                if (pdf_band_horizontal(band, bnd[A->a] + 2, bnd[A->b] - 2, A->y1 - 1, B->y0 + 1))
                    continue;
                g_string_append(A->text, B->text->str);
                A->x0 = MIN(A->x0, B->x0);
                A->x1 = MAX(A->x1, B->x1);
                A->y1 = B->y1;
                B->gone = true;
                merged = true;
            }
        }
    }
    g_free(ruled_cell);
}

/* ---- the table ------------------------------------------------------------------- */

bool pdf_parse_table(fr_doc *doc, const lay_doc *td, size_t *ip)
{
    size_t i = *ip;
    if (!geo(td, i))
        return lay_parse_table(doc, td, ip);
    fr_table *t = lay_table_begin(doc, td, &i);
    if (!t)
        return false;
    double em = 0;

    /* header band */
    size_t hl[MAX_HEADER_LINES];
    const pdf_line *hg[MAX_HEADER_LINES];
    GPtrArray *owned = g_ptr_array_new_with_free_func(g_free); /* split lines */
    GArray *body = g_array_new(FALSE, FALSE, sizeof(bline));
    int nh = 0;
    GHashTable *header_text = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* a form (label and value boxes from its first line on) has no header band */
    bool grid = i < td->n && lay_untitled_grid(td, i); /* (its headings are its first line) */
    bool form = i < td->n && lay_is_form_key(td, i) && !grid;
    size_t first = i; /* (a table announced by a sentence starts at its header line) */
    for (; !form && i < td->n && nh < MAX_HEADER_LINES && !(grid && i > first); i++) {
        const pdf_line *l = geo(td, i);
        if (lay_is_note(td->lines[i].text) || (i != first && lay_table_starts(td, i)) ||
            lay_is_part_heading(td->lines[i].text))
            break;
        if (nh && td->lines[i].page_start)
            break;
        if (is_column_number_line(l)) {
            g_hash_table_add(header_text, lay_compact(td->lines[i].text));
            fr_table_add_page(doc, t, td->lines[i].page);
            i++;
            break;
        }
        if (is_body_line(l))
            break;
        /* "合计" under the label headings with column headings beside it (the
         * template's fund tables): the total is the first row, the rest header */
        if (nh && l->nwords >= 2 && lay_is_total_word(l->words[0].text) && label_above(hg, nh, &l->words[0])) {
            pdf_line *row = g_new(pdf_line, 1), *head = g_new(pdf_line, 1);
            *row = *l;
            row->nwords = 1;
            *head = *l;
            head->words = l->words + 1;
            head->nwords = l->nwords - 1;
            g_ptr_array_add(owned, row);
            g_ptr_array_add(owned, head);
            bline b = {i, row};
            g_array_append_val(body, b);
            hl[nh] = i;
            hg[nh++] = head;
            fr_table_add_page(doc, t, td->lines[i].page);
            i++;
            break;
        }
        hl[nh] = i;
        hg[nh++] = l;
        g_hash_table_add(header_text, lay_compact(td->lines[i].text));
        fr_table_add_page(doc, t, td->lines[i].page);
    }
    for (int k = 0; k < nh; k++)
        em = MAX(em, hg[k]->size > 0 ? hg[k]->size : hg[k]->em);
    /* a scanned table: its header read by OCR (the header lines are one page's) */
    bool scanned = nh > 0 && td->lines[hl[0]].ocr;

    /* body lines */
    bool in_repeat = false, repeated = false;
    for (; i < td->n; i++) {
        const lay_line *tl = &td->lines[i];
        const pdf_line *l = geo(td, i);
        if (lay_is_note(tl->text))
            break;
        /* a grid set in the narrative ends where its type does */
        if (grid && (tl->page != td->lines[first].page || fabsf(tl->size - td->lines[first].size) > 0.5f))
            break;
        if (tl->page_start) {
            in_repeat = true;
            repeated = false;
        }
        if (in_repeat) {
            /* the top of a continuation page: the header again, the unit line, "续表" */
            char *c = lay_compact(tl->text);
            bool again = g_hash_table_contains(header_text, c) || lay_is_unit_line(tl->text) ||
                         g_str_has_suffix(c, "续表") || g_str_has_prefix(c, "续表") ||
                         (t->title && (strcmp(c, t->title) == 0 || (tl->ocr && lay_near_text(c, t->title))));
            /* the table's id again ("公开表2" atop each page it runs over) */
            char *rid = again || !t->id ? NULL : lay_table_id(tl->text);
            again = again || (rid && strcmp(rid, t->id) == 0);
            g_free(rid);
            g_free(c);
            if (!again && !is_body_line(l)) {
                /* a heading band repeated line by line in another wrapping */
                int hits = 0;
                for (int w = 0; w < l->nwords; w++)
                    for (int k = 0; k < nh && !hits; k++)
                        hits += strstr(td->lines[hl[k]].text, l->words[w].text) != NULL;
                again = hits > 0 && l->nwords <= 12 && !(body->len && lay_table_starts(td, i));
                if (again) {
                    /* only if the rest of the page carries on with rows */
                    again = false;
                    for (size_t j = i + 1; j < td->n && j < i + 8 && !td->lines[j].page_start; j++)
                        if (is_body_line(geo(td, j))) {
                            again = true;
                            break;
                        }
                }
            }
            if (again) {
                fr_table_add_page(doc, t, tl->page);
                repeated = true;
                continue;
            }
            in_repeat = false;
            if (body->len && lay_table_starts(td, i))
                break;
            /* the next page goes on with rows, or the table has ended: a line of
             * text alone goes on only if rows follow on its page (the wrapped
             * name or the tall text cell of a row set below it), or if the
             * page has printed the header again */
            if (body->len && !is_body_line(l) && l->nwords < 2 && !repeated && !rows_follow(td, i))
                break;
        }
        if (lay_table_starts(td, i) || lay_is_part_heading(tl->text))
            break;
        /* a section title right above the next table's own title or id (福州:
         * "二、收入预算总表" over "2026年度收入预算总表") ends this one */
        if (i + 1 < td->n && lay_is_table_title(tl->text) && lay_table_starts(td, i + 1))
            break;
        if (is_column_number_line(l))
            continue;
        if (em <= 0)
            em = l->size > 0 ? l->size : l->em;
        /* the table ends where a wide gap or a paragraph begins */
        if (body->len) {
            size_t pi = g_array_index(body, bline, body->len - 1).i;
            const pdf_line *pl = g_array_index(body, bline, body->len - 1).g;
            bool same_page = td->lines[pi].page == tl->page;
            /* a total row below the blank rows of a fixed-height grid stays;
             * a cell's text run over into the top margin of the next page
             * (北京 预算11表) is no row to measure the gap from */
            if (same_page && !pl->margin && l->y0 - pl->y1 > em * 3.5 && !is_total_row(l)) {
                /* unless the grid goes on: a line within the next few on the
                 * page sets its words on the body's columns, or sets four
                 * cells or more apart (no prose, page number or signature) */
                bool grid = false;
                for (size_t j = i; j < td->n && j < i + 6 && !grid; j++) {
                    if (j > i && (td->lines[j].page_start || lay_is_note(td->lines[j].text) ||
                                  lay_table_starts(td, j) || lay_is_part_heading(td->lines[j].text)))
                        break;
                    grid = on_body_columns(geo(td, j), body) || geo(td, j)->nwords >= 4;
                }
                if (!grid)
                    break;
            }
            bool numbers = false;
            for (int w = 0; w < l->nwords; w++)
                numbers = numbers || lay_is_amount_word(l->words[w].text);
            /* a paragraph starts at the margin; a long line set inside the table
             * (a 绩效目标 cell) is a cell's text */
            if (!numbers && l->nwords == 1 && tl->width > td->body_width * 8 / 10 && tl->indent == 0 &&
                g_utf8_strlen(tl->text, -1) > 30)
                break;
        }
        bline b = {i, l};
        g_array_append_val(body, b);
        fr_table_add_page(doc, t, tl->page);
    }
    if (em <= 0)
        em = 10;
    join_wrapped_amounts(td, body, owned, em);

    /* header cells */
    GArray *cells = g_array_new(FALSE, TRUE, sizeof(hcell));
    header_cells(hg, nh, cells, em);

    /* columns: the body's numbers, then its text, then header cells with
     * nothing below. Text that straddles a number column and a text column
     * (a total centred across both) does not join them. */
    GArray *iv = g_array_new(FALSE, FALSE, sizeof(ival));
    for (guint k = 0; k < body->len; k++) {
        const pdf_line *l = g_array_index(body, bline, k).g;
        for (int w = 0; w < l->nwords; w++) {
            ival v = {l->words[w].x0, l->words[w].x1};
            if (lay_is_amount_word(l->words[w].text))
                g_array_append_val(iv, v);
        }
    }
    GArray *num = cluster(iv);
    g_array_set_size(iv, 0);
    /* a form's long text box (its 年度目标) spans its columns: it makes none */
    double bx0 = 1e18, bx1 = -1e18;
    for (guint k = 0; form && k < body->len; k++) {
        const pdf_line *l = g_array_index(body, bline, k).g;
        bx0 = MIN(bx0, l->x0);
        bx1 = MAX(bx1, l->x1);
    }
    for (guint k = 0; k < body->len; k++) {
        const pdf_line *l = g_array_index(body, bline, k).g;
        for (int w = 0; w < l->nwords; w++) {
            ival v = {l->words[w].x0, l->words[w].x1};
            if (form && v.x1 - v.x0 > (bx1 - bx0) * 0.35)
                continue;
            /* text over a number column is text in that column, or a total
             * straddling two: it makes no column of its own */
            if (!lay_is_amount_word(l->words[w].text) && !overlaps_any(v, num))
                g_array_append_val(iv, v);
        }
    }
    GArray *text = cluster(iv);
    g_array_set_size(iv, 0);
    for (guint k = 0; k < num->len; k++)
        g_array_append_val(iv, g_array_index(num, ival, k));
    for (guint k = 0; k < text->len; k++)
        if (!overlaps_any(g_array_index(text, ival, k), num))
            g_array_append_val(iv, g_array_index(text, ival, k));
    g_array_free(num, TRUE);
    g_array_free(text, TRUE);
    GArray *cl = cluster(iv);
    g_array_free(iv, TRUE);
    GArray *cl2 = pair_columns(cells, cl, em);
    g_array_free(cl, TRUE);
    int ncols = (int)MIN(cl2->len, MAX_COLUMNS);
    if (ncols == 0) {
        /* a title with nothing under it */
        g_array_free(cl2, TRUE);
        for (guint k = 0; k < cells->len; k++)
            g_string_free(g_array_index(cells, hcell, k).text, TRUE);
        g_array_free(cells, TRUE);
        g_array_free(body, TRUE);
    g_ptr_array_free(owned, TRUE);
        g_hash_table_destroy(header_text);
        *ip = lay_read_notes(doc, t, td, i);
        return true;
    }
    tcol *cols = g_new0(tcol, (size_t)ncols);
    for (int c = 0; c < ncols; c++) {
        cols[c].x0 = g_array_index(cl2, ival, c).x0;
        cols[c].x1 = g_array_index(cl2, ival, c).x1;
    }
    g_array_free(cl2, TRUE);
    if (getenv("FISCUS_PDF_DEBUG")) {
        fprintf(stderr, "table %s: %d columns:", t->id ? t->id : t->title ? t->title : "?", ncols);
        for (int c = 0; c < ncols; c++)
            fprintf(stderr, " [%.0f-%.0f]", cols[c].x0, cols[c].x1);
        fputc('\n', stderr);
    }
    double *bnd = g_new(double, (size_t)ncols + 1);
    double left = cols[0].x0, right = cols[ncols - 1].x1;
    for (guint k = 0; k < cells->len; k++) {
        hcell *A = &g_array_index(cells, hcell, k);
        if (!A->gone) {
            left = MIN(left, A->x0);
            right = MAX(right, A->x1);
        }
    }
    bnd[0] = left - em * 0.5;
    bnd[ncols] = right + em * 0.5;
    for (int c = 1; c < ncols; c++)
        bnd[c] = (cols[c - 1].x1 + cols[c].x0) / 2;
    /* a ruled table: its rules, drawn once for the header and first rows */
    pdf_band *band = NULL;
    bool *ruled = g_new0(bool, (size_t)ncols + 1), use_rules = false;
    /* (headings over several lines and columns: where spans can go wrong) */
    if (nh >= 2 && ncols >= 4 && pdf_rules_wanted() && body->len &&
        td->lines[hl[0]].page == td->lines[g_array_index(body, bline, 0).i].page &&
        td->lines[hl[nh - 1]].page == td->lines[hl[0]].page) {
        int page = td->lines[hl[0]].page;
        double top = hg[0]->y0, y1 = g_array_index(body, bline, 0).g->y1;
        /* the lines asked: the header's, the first body lines */
        const pdf_line *ls[MAX_HEADER_LINES + 6];
        int nls = 0;
        for (int k = 0; k < nh; k++)
            ls[nls++] = hg[k];
        for (guint k = 0; k < body->len && k < 6; k++) {
            const bline *b = &g_array_index(body, bline, k);
            if (td->lines[b->i].page != page)
                break;
            ls[nls++] = b->g;
            y1 = b->g->y1;
        }
        band = pdf_band_draw(page, top - 2, y1 + 1);
        if (band && scanned) {
            /* a scan: a column of words across a rule the body lines share,
             * which no word crosses, is two (1,503.52 | 603.14 set against
             * the rule between them) */
            int before = ncols;
            cols = split_at_rules(band, ls + nh, nls - nh, body, cols, &ncols);
            if (ncols != before) {
                g_free(ruled);
                ruled = g_new0(bool, (size_t)ncols + 1);
                bnd = g_renew(double, bnd, (size_t)ncols + 1);
                for (int c = 1; c < ncols; c++)
                    bnd[c] = (cols[c - 1].x1 + cols[c].x0) / 2;
                bnd[ncols] = MAX(bnd[before], cols[ncols - 1].x1 + em * 0.5);
            }
        }
        if (band) {
            use_rules = ruled_bounds(band, ls, nls, body, cols, ncols, bnd, ruled, em, scanned);
            pdf_rules_found(use_rules);
        }
        /* in a ruled table, contents with no rule between them are one column
         * (a code's digits set unevenly, a letter-spaced 合 计) when no line
         * sets words in both and neither holds amounts */
        /* (OCR: what lies between two rules is one column whatever the words:
         * a scan's words break where the print's do not) */
        for (int c = ncols - 1; use_rules && c >= 1; c--) {
            /* (a column of headings only, 入 of a letter-spaced 收　入, is its ruled neighbour's) */
            bool phantom = !body_in_column(body, cols, ncols, c) || !body_in_column(body, cols, ncols, c - 1);
            if (ruled[c] || (!phantom && !(scanned ? !amounts_side_by_side(body, cols, ncols, c - 1)
                                                   : one_cell(body, cols, ncols, c - 1))))
                continue;
            cols[c - 1].x0 = MIN(cols[c - 1].x0, cols[c].x0);
            cols[c - 1].x1 = MAX(cols[c - 1].x1, cols[c].x1);
            memmove(&cols[c], &cols[c + 1], sizeof(tcol) * (size_t)(ncols - c - 1));
            memmove(&bnd[c], &bnd[c + 1], sizeof(double) * (size_t)(ncols - c));
            memmove(&ruled[c], &ruled[c + 1], sizeof(bool) * (size_t)(ncols - c));
            ncols--;
        }
    }

    /* unruled: each boundary somewhere between the contents either side */
    double *gap = NULL;
    if (!use_rules) {
        gap = g_new(double, 2 * ((size_t)ncols + 1));
        for (int k = 0; k <= ncols; k++) {
            bool inner = k > 0 && k < ncols && cols[k - 1].x1 < cols[k].x0;
            gap[2 * k] = inner ? cols[k - 1].x1 : bnd[k];
            gap[2 * k + 1] = inner ? cols[k].x0 : bnd[k];
        }
        /* the table's outer edges: its first and last cells may reach past
         * their contents as far as an inner cell does (上海: an empty table) */
        gap[0] = bnd[0] - em * 3;
        gap[2 * ncols + 1] = bnd[ncols] + em * 3;
    }
    double hdr_top = 1e18;
    for (guint k = 0; k < cells->len; k++)
        if (!g_array_index(cells, hcell, k).gone)
            hdr_top = MIN(hdr_top, g_array_index(cells, hcell, k).y0);
    /* spans, bottom line first so that widening sees its children */
    for (int line = nh - 1; line >= 0; line--)
        for (guint k = 0; k < cells->len; k++) {
            hcell *A = &g_array_index(cells, hcell, k);
            if (!A->gone && A->line == line) {
                choose_span(A, bnd, gap, ncols, em, cells);
                A->spanned = true;
            }
        }
    for (int line = nh - 1; line >= 0; line--)
        for (guint k = 0; k < cells->len; k++) {
            hcell *A = &g_array_index(cells, hcell, k);
            if (!A->gone && A->line == line) {
                widen_span(cells, A, bnd, gap, ncols, em);
            }
        }
    /* as many headings on the bottom line as there are columns: one each, in
     * order, however far from centred over their contents a ruled cell sets
     * them (深圳: 科目编码 centred in its cell, far right of the codes) */
    {
        hcell **bottom = g_new(hcell *, cells->len + 1);
        int nb = 0;
        for (guint k = 0; k < cells->len; k++) {
            hcell *A = &g_array_index(cells, hcell, k);
            if (!A->gone && A->line == nh - 1)
                bottom[nb++] = A;
        }
        qsort(bottom, (size_t)nb, sizeof *bottom, cmp_hcell_x);
        bool apart = nb == ncols;
        for (int k = 1; k < nb && apart; k++)
            apart = bottom[k]->x0 >= bottom[k - 1]->x1;
        for (int k = 0; k < nb && apart; k++) {
            bottom[k]->a = k;
            bottom[k]->b = k + 1;
        }
        g_free(bottom);
    }
    /* a banner: alone on the header's first line and centred on the table */
    for (guint k = 0; k < cells->len; k++) {
        hcell *A = &g_array_index(cells, hcell, k);
        if (A->gone || A->y0 > hdr_top + em * 0.3)
            continue;
        bool alone = true;
        for (guint j = 0; j < cells->len && alone; j++) {
            const hcell *B = &g_array_index(cells, hcell, j);
            alone = j == k || B->gone || B->y0 > A->y1 - em * 0.3;
        }
        double off = fabs((bnd[0] + bnd[ncols]) / 2 - (A->x0 + A->x1) / 2);
        /* (not one better centred over the columns it spans: 苏州 公开09表's
         * 公务用车购置及运行维护费, alone on its line, heads three of eight) */
        double own = fabs((bnd[A->a] + bnd[A->b]) / 2 - (A->x0 + A->x1) / 2);
        if (alone && centred(off, bnd[ncols] - bnd[0], em) && !cuts_below(cells, A, 0, ncols, em) &&
            !(A->b - A->a >= 2 && own < off)) {
            A->a = 0;
            A->b = ncols;
        }
    }
    if (use_rules)
        ruled_spans(band, cells, bnd, ruled, ncols, em);
    pdf_band_free(band);
    g_free(ruled);
    g_free(gap);
    if (getenv("FISCUS_PDF_DEBUG"))
        for (guint k = 0; k < cells->len; k++) {
            const hcell *A = &g_array_index(cells, hcell, k);
            if (!A->gone)
                fprintf(stderr, "heading %s: line %d, x %.0f-%.0f, columns %d..%d\n", A->text->str, A->line, A->x0, A->x1,
                        A->a, A->b);
        }
    /* tree: the parent is the lowest cell above whose span holds the cell's */
    for (guint k = 0; k < cells->len; k++) {
        hcell *C = &g_array_index(cells, hcell, k);
        if (C->gone)
            continue;
        C->parent = -1;
        for (guint j = 0; j < cells->len; j++) {
            hcell *P = &g_array_index(cells, hcell, j);
            if (j == k || P->gone || P->y1 > C->y0 + em * 0.3 || P->line >= C->line)
                continue;
            if (P->a <= C->a && C->b <= P->b && (P->b - P->a > C->b - C->a || P->y1 <= C->y0)) {
                if (C->parent < 0 || P->y0 > g_array_index(cells, hcell, C->parent).y0)
                    C->parent = (int)j;
            }
        }
    }
    for (int pass = 0; pass < MAX_HEADER_LINES + 1; pass++)
        for (guint k = 0; k < cells->len; k++) {
            hcell *C = &g_array_index(cells, hcell, k);
            if (!C->gone)
                C->depth = C->parent < 0 ? 0 : g_array_index(cells, hcell, C->parent).depth + 1;
        }
    /* leaf labels: the lowest single-column cell of each column */
    for (int c = 0; c < ncols; c++) {
        const hcell *best = NULL;
        for (guint k = 0; k < cells->len; k++) {
            const hcell *C = &g_array_index(cells, hcell, k);
            if (!C->gone && C->a == c && C->b == c + 1 && (!best || C->y0 > best->y0))
                best = C;
        }
        if (best) {
            bool has_child = false;
            for (guint k = 0; k < cells->len; k++) {
                const hcell *C = &g_array_index(cells, hcell, k);
                has_child = has_child || (!C->gone && C->parent >= 0 && &g_array_index(cells, hcell, C->parent) == best);
            }
            if (!has_child) {
                cols[c].label = best->text->str;
                cols[c].doubt = scanned && !lay_term_role(best->text->str);
            }
        }
    }
    /* what the columns hold, then roles and panels */
    for (guint k = 0; k < body->len; k++) {
        const pdf_line *l = g_array_index(body, bline, k).g;
        for (int w = 0; w < l->nwords; w++) {
            int c = column_of(cols, ncols, l->words[w].x0, l->words[w].x1);
            if (c >= 0)
                lay_gcol_count(&cols[c], l->words[w].text);
        }
    }
    int npanels = lay_gcols_finish(cols, ncols);

    /* the IR's columns and header tree */
    fr_table_set_columns(doc, t, ncols);
    for (int c = 0; c < ncols; c++)
        fr_table_set_column(doc, t, c, cols[c].label ? cols[c].label : "", cols[c].role, cols[c].panel);
    for (guint k = 0; k < cells->len; k++) {
        const hcell *C = &g_array_index(cells, hcell, k);
        if (C->gone || (C->b - C->a == 1 && cols[C->a].label == C->text->str))
            continue;
        fr_table_add_header(doc, t, C->text->str, C->depth, C->a, C->b - C->a);
    }
    GString *all = g_string_new(NULL);
    for (int k = 0; k < nh; k++)
        g_string_append(all, td->lines[hl[k]].text);
    lay_grid_layout(doc, t, cols, ncols, npanels, all->str);
    g_string_free(all, TRUE);
    fr_table_finish_headers(doc, t);

    /* rows, panel by panel */
    GPtrArray *rows = g_ptr_array_new();
    for (int p = 0; p < npanels; p++) {
        GPtrArray *pr = g_ptr_array_new();
        for (guint k = 0; k < body->len; k++) {
            size_t li = g_array_index(body, bline, k).i;
            const pdf_line *l = g_array_index(body, bline, k).g;
            prow *r = prow_new(ncols, p, (fr_prov){.page = td->lines[li].page, .line = td->lines[li].lineno});
            r->page = td->lines[li].page;
            bool any = false;
            for (int w = 0; w < l->nwords; w++) {
                const pdf_word *wd = &l->words[w];
                int c = column_of_word(cols, ncols, wd);
                if (c < 0 || cols[c].panel != p)
                    continue;
                any = true;
                lay_append_word(r->text[c], wd->text);
                if (wd->ocr)
                    r->conf[c] = r->conf[c] < 0 ? wd->conf : MIN(r->conf[c], wd->conf);
                r->lx1[c] = MAX(r->lx1[c], wd->x1);
                if (cols[c].role == FR_COL_NAME)
                    r->nx0 = MIN(r->nx0, wd->x0);
                if (cols[c].role == FR_COL_NAME || (cols[c].role == FR_COL_DATA && !lay_is_amount_word(wd->text))) {
                    r->ty0 = MIN(r->ty0, wd->y0);
                    r->ty1 = MAX(r->ty1, wd->y1);
                } else {
                    r->anchor = true;
                }
            }
            if (!any) {
                prow_free(r, ncols);
                continue;
            }
            for (int w = 0; w < l->nwords && npanels > 1 && !r->beside; w++) {
                int c = column_of_word(cols, ncols, &l->words[w]);
                r->beside = c >= 0 && cols[c].panel != p && cols[c].role == FR_COL_DATA &&
                            lay_is_amount_word(l->words[w].text);
            }
            if (r->ty0 > r->ty1) {
                r->ty0 = l->y0;
                r->ty1 = l->y1;
            }
            r->ly0 = l->y0;
            r->ly1 = l->y1;
            r->last_line = k;
            /* cells of one row set at different heights (top / centre) come
             * out as two overlapping lines: one row if no column has both */
            prow *last = pr->len ? pr->pdata[pr->len - 1] : NULL;
            if (last && last->last_line + 1 == k && last->page == r->page &&
                overlap(last->ly0, last->ly1, r->ly0, r->ly1) > em * 0.3) {
                bool clash = false;
                for (int c = 0; c < ncols && !clash; c++)
                    clash = last->text[c]->len && r->text[c]->len;
                if (!clash) {
                    prow_merge(last, r, ncols, false);
                    last->anchor = last->anchor || r->anchor;
                    last->ly0 = MIN(last->ly0, r->ly0);
                    last->ly1 = MAX(last->ly1, r->ly1);
                    last->last_line = k;
                    prow_free(r, ncols);
                    continue;
                }
            }
            g_ptr_array_add(pr, r);
        }
        /* text-only lines join the nearest row within a tight gap; in a form
         * (no amount anchors its rows) only the wrapped lines of one box do */
        for (guint k = 0; k < pr->len; k++) {
            prow *r = pr->pdata[k];
            if (r->anchor)
                continue;
            if (form) {
                int filled = 0;
                for (int c = 0; c < ncols; c++)
                    filled += r->text[c]->len > 0;
                if (filled != 1)
                    continue;
            }
            prow *up = NULL, *down = NULL;
            double gu = 1e18, gd = 1e18;
            for (guint j = k; j-- > 0;) {
                prow *q = pr->pdata[j];
                if (!q)
                    continue;
                if (q->page == r->page) {
                    up = q;
                    gu = r->ty0 - q->ty1;
                }
                break;
            }
            if (k + 1 < pr->len) {
                prow *q = pr->pdata[k + 1];
                /* a row that begins a numbered item or a total has no head above it
                 * (七、文化旅游体育与传媒支出 over 八、社会保障和就业支出 442.09) */
                const char *qfirst = NULL;
                int qc = -1;
                for (int c = 0; c < ncols && !qfirst; c++)
                    if (q->text[c]->len) {
                        qfirst = q->text[c]->str;
                        qc = c;
                    }
                int rcells = 0; /* (a line of one cell: a line of several is a wrapped row) */
                for (int c = 0; c < ncols; c++)
                    rcells += r->text[c]->len > 0;
                bool starts = !form && qfirst && rcells == 1 && r->text[qc]->len &&
                              (lay_is_numbered(qfirst) || total_name(qfirst));
                if (q->page == r->page && q->anchor && !starts) {
                    down = q;
                    gd = q->ty0 - r->ty1;
                }
            }
            double lim = em * 0.4;
            /* a numbered item or a total begins a row of its own */
            const char *first = NULL;
            for (int c = 0; c < ncols && !first; c++)
                if (r->text[c]->len)
                    first = r->text[c]->str;
            if (first && (lay_is_numbered(first) || lay_is_total_word(first)))
                up = NULL;
            /* a total's name is whole: 本年支出合计, then 年终结转结余 on a row of its own */
            for (int c = 0; up && c < ncols; c++)
                if (r->text[c]->len && (g_str_has_suffix(up->text[c]->str, "合计") ||
                                        g_str_has_suffix(up->text[c]->str, "总计") ||
                                        g_str_has_suffix(up->text[c]->str, "小计")))
                    up = NULL;
            /* the line above filled its column: this line is its wrap, even
             * with the loose line spacing of some publishers */
            bool full = false;
            if (up && first)
                for (int c = 0; c < ncols; c++)
                    if (r->text[c]->len && up->text[c]->len && up->lx1[c] >= cols[c].x1 - em * 1.0 &&
                        up->lx1[c] <= cols[c].x1 + em * 0.5)
                        full = true;
            /* (in a two-sided table, a line whose other side holds an amount is an item of its own) */
            if (full && r->beside)
                full = false;
            if (up && full && gu <= em * 1.0 && (gu <= gd || !down || g_utf8_strlen(first, -1) <= 4)) {
                prow_merge(up, r, ncols, false);
                prow_free(r, ncols);
                pr->pdata[k] = NULL;
            } else if (up && gu <= lim && (gu <= gd || !down)) {
                prow_merge(up, r, ncols, false);
                prow_free(r, ncols);
                pr->pdata[k] = NULL;
            } else if (down && (gd <= lim || centred_name(pr, k, up ? gu : 1e18, gd, em, ncols))) {
                prow_merge(down, r, ncols, true);
                down->where = r->where;
                prow_free(r, ncols);
                pr->pdata[k] = NULL;
            }
        }
        for (guint k = 0; k < pr->len; k++)
            if (pr->pdata[k])
                g_ptr_array_add(rows, pr->pdata[k]);
        g_ptr_array_free(pr, TRUE);
    }
    /* a label spanning two panels ("当年支出小计" across 功能分类 and 支出用途):
     * its row in one panel has the name, the next panel's row the amounts */
    for (guint k = 0; k < rows->len; k++) {
        prow *a = rows->pdata[k];
        if (!a)
            continue;
        bool only_name = true, has_name = false;
        for (int c = 0; c < ncols; c++) {
            if (!a->text[c]->len)
                continue;
            if (cols[c].role == FR_COL_NAME)
                has_name = true;
            else
                only_name = false;
        }
        if (!has_name || !only_name)
            continue;
        for (guint j = 0; j < rows->len; j++) {
            prow *b = rows->pdata[j];
            if (!b || b->panel != a->panel + 1 || b->where.page != a->where.page || b->where.line != a->where.line)
                continue;
            bool labelled = false;
            for (int c = 0; c < ncols; c++)
                labelled = labelled || (b->text[c]->len && cols[c].role != FR_COL_DATA && cols[c].role != FR_COL_LINENO);
            if (labelled)
                break;
            for (int c = 0; c < ncols; c++)
                if (cols[c].panel == b->panel && cols[c].role == FR_COL_NAME) {
                    g_string_assign(b->text[c], "");
                    for (int d = 0; d < ncols; d++)
                        if (a->text[d]->len)
                            lay_append_word(b->text[c], a->text[d]->str);
                    prow_free(a, ncols);
                    rows->pdata[k] = NULL;
                    break;
                }
            break;
        }
    }
    /* the IR rows, in page order then panel by panel as printed */
    const char **texts = g_new0(const char *, (size_t)ncols);
    GPtrArray *added = g_ptr_array_new();
    GArray *indent = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint k = 0; k < rows->len; k++) {
        prow *r = rows->pdata[k];
        if (!r)
            continue;
        for (int c = 0; c < ncols; c++) {
            if (r->conf[c] >= 0) /* (OCR: a cell's figure in pieces, "1" and "410,886.00") */
                pdf_ocr_figure(r->text[c]);
            texts[c] = r->text[c]->str;
        }
        fr_row *row = lay_grid_add_row(doc, t, cols, ncols, r->panel, texts, r->where);
        lay_grid_mark_ocr(row, cols, ncols, r->panel, r->conf);
        if (row->where.ocr)
            lay_prov_ocr(&t->where, row->where.conf);
        g_ptr_array_add(added, row);
        g_array_append_val(indent, r->nx0);
        prow_free(r, ncols);
    }
    levels_by_indent(added, indent, em);
    g_ptr_array_free(added, TRUE);
    g_array_free(indent, TRUE);
    g_free(texts);
    g_ptr_array_free(rows, TRUE);

    for (guint k = 0; k < cells->len; k++)
        g_string_free(g_array_index(cells, hcell, k).text, TRUE);
    g_array_free(cells, TRUE);
    g_free(cols);
    g_free(bnd);
    g_array_free(body, TRUE);
    g_ptr_array_free(owned, TRUE);
    g_hash_table_destroy(header_text);
    *ip = lay_read_notes(doc, t, td, i);
    return true;
}
