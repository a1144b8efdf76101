/* ocr_sums.c — figures OCR misread by one digit, put right where a table's own
 * sums show which and how.
 *
 * A scan's 5 is read 8 or 9, its 3 an 8 (103,518,755.35 read …755.38). In a
 * coded table a parent row is the sum of its children, column by column; where
 * a parent and its children read by OCR do not add up, and changing exactly
 * one digit of exactly one of those cells — by a substitution OCR makes (5↔8,
 * 5↔9, 3↔8, 1↔7 …; never by one in the last digit, a publication's rounding)
 * — or its minus, lost or misplaced, or its lost point (8038 for 80.38), makes them add up without breaking a sum
 * that held (of several such, the one that makes the most sums hold), that
 * cell is put right, and a diagnostic (ocr.mended) says what was read and what
 * it is now. Any other mismatch is left as read, and the table said to be
 * doubtful (ocr.doubtful), for the audit to report. A pass of its own, run
 * before the audit; only cells OCR recognised change. */
#include "fiscus.h"
#include "fr_glib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEND_SCALE 4       /* sums at this scale: cells with more decimals are left alone */
#define MEND_MAX_ROWS 2000 /* a table longer is left as read */

/* OCR's usual digit substitutions, both ways */
static bool confusable(int a, int b)
{
    static const char *const pairs[] = {"58", "59", "56", "38", "35", "39", "08", "06", "09", "68", "89", "17", "14",
                                        "49", "27", "69", "13", "23", "05"};
    for (size_t k = 0; k < G_N_ELEMENTS(pairs); k++)
        if ((pairs[k][0] - '0' == a && pairs[k][1] - '0' == b) || (pairs[k][0] - '0' == b && pairs[k][1] - '0' == a))
            return true;
    return false;
}

/* the cell's amount in units of 10^-MEND_SCALE; false when not an amount */
static bool units_of(const fr_cell *c, int64_t *v)
{
    if (!c || c->kind == FR_CELL_EMPTY) {
        *v = 0;
        return true;
    }
    fr_decimal d;
    if (c->kind != FR_CELL_AMOUNT || c->amount.scale > MEND_SCALE || fr_decimal_rescale(c->amount, MEND_SCALE, &d) != FR_OK)
        return false;
    *v = d.units;
    return true;
}

typedef struct mend_table {
    fr_table *t;
    GPtrArray *rows; /* the coded rows and the total, of one panel */
    int ncells;
} mend_table;

/* Is child a direct part of parent: a code one level down under it, or a 类
 * under the panel's total? */
static bool part_of(const fr_row *parent, const fr_row *child)
{
    if (!child->code)
        return false;
    size_t cl = strlen(child->code);
    if (parent->is_total && !parent->code)
        return cl == 3;
    if (!parent->code)
        return false;
    size_t pl = strlen(parent->code);
    return cl == pl + 2 && strncmp(child->code, parent->code, pl) == 0;
}

/* Does parent's column k equal its parts' sum (*delta: by how much it does
 * not)? -1 when it cannot be told (no parts, text, a blank parent). */
static int holds(const mend_table *m, const fr_row *parent, int k, int64_t *delta)
{
    const fr_cell *pc = k < parent->ncells ? &parent->cells[k] : NULL;
    if (!pc || pc->kind != FR_CELL_AMOUNT)
        return -1;
    int64_t pv = 0, sum = 0;
    if (!units_of(pc, &pv))
        return -1;
    int parts = 0;
    for (guint r = 0; r < m->rows->len; r++) {
        const fr_row *c = m->rows->pdata[r];
        if (c == parent || !part_of(parent, c))
            continue;
        const fr_cell *cc = k < c->ncells ? &c->cells[k] : NULL;
        int64_t v = 0;
        if (!units_of(cc, &v))
            return -1;
        sum += v;
        parts++;
    }
    if (!parts)
        return -1;
    if (delta)
        *delta = pv - sum;
    return pv == sum;
}

/* The parent rows whose sums cell (of row, column k) takes part in */
static void sums_of(const mend_table *m, const fr_row *row, GPtrArray *out)
{
    g_ptr_array_set_size(out, 0);
    g_ptr_array_add(out, (gpointer)row); /* as a parent */
    for (guint r = 0; r < m->rows->len; r++)
        if (part_of(m->rows->pdata[r], row))
            g_ptr_array_add(out, m->rows->pdata[r]); /* as a part */
}

/* The text of cell c with the digit of weight 10^e (e = -2 for hundredths)
 * made d: NULL where the text has no such digit */
static char *with_digit(const char *text, int e, int d)
{
    const char *pt = strchr(text, '.');
    size_t len = strlen(text);
    size_t int_end = pt ? (size_t)(pt - text) : len;
    int at = -1;
    if (e < 0) {
        if (!pt)
            return NULL;
        int want = -e, seen = 0;
        for (size_t i = int_end + 1; i < len; i++)
            if (g_ascii_isdigit(text[i]) && ++seen == want) {
                at = (int)i;
                break;
            }
    } else {
        int seen = -1;
        for (size_t i = int_end; i-- > 0;)
            if (g_ascii_isdigit(text[i]) && ++seen == e) {
                at = (int)i;
                break;
            }
    }
    if (at < 0)
        return NULL;
    char *s = g_strdup(text);
    s[at] = (char)('0' + d);
    return s;
}

#define MEND_CHAIN 4 /* a cell and the parents of one part each above it */

typedef enum { MEND_DIGIT, MEND_SIGN, MEND_POINT } mend_kind;

typedef struct mend {
    fr_row *rows[MEND_CHAIN];
    fr_cell *cells[MEND_CHAIN];
    char *texts[MEND_CHAIN];
    int n;
    mend_kind kind;
    int gain; /* the sums it makes hold, less those it breaks */
} mend;

static void mend_clear(mend *x)
{
    for (int i = 0; i < x->n; i++)
        g_free(x->texts[i]);
    x->n = 0;
}

/* The row whose only part is row, with the same figure in column k (201 over
 * its one 款 20106), or NULL */
static fr_row *sole_parent(const mend_table *m, const fr_row *row, int k, int64_t v)
{
    for (guint r = 0; r < m->rows->len; r++) {
        fr_row *q = m->rows->pdata[r];
        if (!part_of(q, row))
            continue;
        int parts = 0;
        for (guint j = 0; j < m->rows->len; j++)
            parts += part_of(q, m->rows->pdata[j]);
        int64_t qv;
        const fr_cell *qc = k < q->ncells ? &q->cells[k] : NULL;
        if (parts != 1 || !qc || !qc->ocr || !qc->text || qc->kind != FR_CELL_AMOUNT || !units_of(qc, &qv) || qv != v)
            return NULL;
        return q;
    }
    return NULL;
}

/* With the mend's cells at want in place: does any sum that held fail, and
 * how many more hold? */
static bool try_mend(const mend_table *m, mend *x, int k, int64_t want, GPtrArray *scratch)
{
    GPtrArray *eqs = g_ptr_array_new();
    for (int i = 0; i < x->n; i++) {
        sums_of(m, x->rows[i], scratch);
        for (guint s = 0; s < scratch->len; s++)
            if (!g_ptr_array_find(eqs, scratch->pdata[s], NULL))
                g_ptr_array_add(eqs, scratch->pdata[s]);
    }
    int *before = g_new(int, eqs->len + 1);
    for (guint e = 0; e < eqs->len; e++)
        before[e] = holds(m, eqs->pdata[e], k, NULL);
    fr_decimal saved[MEND_CHAIN];
    for (int i = 0; i < x->n; i++) {
        saved[i] = x->cells[i]->amount;
        x->cells[i]->amount = (fr_decimal){want, MEND_SCALE};
    }
    bool breaks = false;
    int gain = 0;
    for (guint e = 0; e < eqs->len; e++) {
        int after = holds(m, eqs->pdata[e], k, NULL);
        breaks = breaks || (before[e] == 1 && after == 0);
        gain += (after == 1) - (before[e] == 1);
    }
    for (int i = 0; i < x->n; i++)
        x->cells[i]->amount = saved[i];
    g_free(before);
    g_ptr_array_free(eqs, TRUE);
    x->gain = gain;
    return !breaks;
}

/* The cell's new text: the figure with its minus added or dropped, its point
 * put back before its last two digits, or its digit of weight 10^e made d;
 * NULL where it cannot be */
static char *new_text(const char *text, mend_kind kind, int e, int d)
{
    if (kind == MEND_SIGN)
        return text[0] == '-' ? g_strdup(text + 1) : g_strconcat("-", text, NULL);
    if (kind == MEND_DIGIT)
        return with_digit(text, e, d);
    GString *t = g_string_new(NULL);
    for (const char *q = text; *q; q++)
        if (g_ascii_isdigit(*q) || *q == '-')
            g_string_append_c(t, *q);
    if (t->len < 3) {
        g_string_free(t, TRUE);
        return NULL;
    }
    g_string_insert_c(t, (gssize)t->len - 2, '.');
    return g_string_free(t, FALSE);
}

/* Candidate mends of one sum that does not hold by delta */
static void candidates(const mend_table *m, fr_row *parent, int k, int64_t delta, GArray *found, GPtrArray *scratch)
{
    for (guint r = 0; r < m->rows->len; r++) {
        fr_row *row = m->rows->pdata[r];
        bool is_parent = row == parent;
        if (!is_parent && !part_of(parent, row))
            continue;
        fr_cell *c = k < row->ncells ? &row->cells[k] : NULL;
        int64_t v;
        if (!c || !c->ocr || c->kind != FR_CELL_AMOUNT || !c->text || !units_of(c, &v))
            continue;
        int64_t want = is_parent ? v - delta : v + delta;
        /* a minus lost or read where none is printed (-118.90 read 118.90); a
         * point lost (80.38 read 8038): the figure a hundredth */
        mend_kind kind = MEND_DIGIT;
        if (want == -v && v != 0 && (v > 0 || c->text[0] == '-'))
            kind = MEND_SIGN;
        else if (want > 0 && want * 100 == v && !strchr(c->text, '.') && c->amount.scale == 0)
            kind = MEND_POINT;
        int e = 0, b = 0;
        if (kind == MEND_DIGIT) {
            if (v < 0 || want < 0)
                continue;
            /* one digit apart: the difference is d × 10^p */
            int64_t diff = want - v, mag = diff < 0 ? -diff : diff;
            int p = 0;
            while (mag && mag % 10 == 0) {
                mag /= 10;
                p++;
            }
            /* (one in the last digit printed is what a publication's own rounding
             * gives: 0.01 off is no sign of a misread digit) */
            if (mag == 0 || mag > 9 || (mag == 1 && p == MEND_SCALE - c->amount.scale))
                continue;
            int64_t pow10 = 1;
            for (int i = 0; i < p; i++)
                pow10 *= 10;
            int a = (int)((v / pow10) % 10);
            b = (int)((want / pow10) % 10);
            if ((v / pow10) / 10 != (want / pow10) / 10 || !confusable(a, b))
                continue; /* (a carry: more than one digit changes) */
            e = p - MEND_SCALE;
        }
        mend x = {.n = 0, .kind = kind};
        x.rows[0] = row;
        x.cells[0] = c;
        x.texts[0] = new_text(c->text, kind, e, b);
        if (!x.texts[0])
            continue;
        x.n = 1;
        /* no sum that held may fail with it; where the one that does is a
         * parent of this one part, printing the same figure, it was misread
         * alike (103,518,755.35 read …38 in 201 and its one 款 20106; a lost
         * point is a cell's own) */
        bool ok = try_mend(m, &x, k, want, scratch);
        for (fr_row *up = row; !ok && kind != MEND_POINT && x.n < MEND_CHAIN && (up = sole_parent(m, up, k, v));) {
            fr_cell *uc = &up->cells[k];
            char *t = new_text(uc->text, kind, e, b);
            if (!t)
                break;
            x.rows[x.n] = up;
            x.cells[x.n] = uc;
            x.texts[x.n++] = t;
            ok = try_mend(m, &x, k, want, scratch);
        }
        if (ok)
            g_array_append_val(found, x);
        else
            mend_clear(&x);
    }
}

static void mend_panel(fr_doc *doc, mend_table *m)
{
    GPtrArray *scratch = g_ptr_array_new();
    for (int round = 0; round < 3; round++) {
        bool changed = false;
        for (guint r = 0; r < m->rows->len; r++) {
            fr_row *parent = m->rows->pdata[r];
            for (int k = 0; k < m->ncells && k < parent->ncells; k++) {
                int64_t delta = 0;
                if (holds(m, parent, k, &delta) != 0)
                    continue;
                GArray *found = g_array_new(FALSE, FALSE, sizeof(mend));
                candidates(m, parent, k, delta, found, scratch);
                /* the one change that makes the most sums hold, of the fewest cells */
                int best = -1, best_gain = -1000;
                bool alone = false;
                for (guint j = 0; j < found->len; j++) {
                    const mend *y = &g_array_index(found, mend, j);
                    int g = y->gain * 2 * MEND_CHAIN - y->n;
                    if (g > best_gain) {
                        best_gain = g;
                        best = (int)j;
                        alone = true;
                    } else if (g == best_gain) {
                        alone = false;
                    }
                }
                if (getenv("FISCUS_MEND_DEBUG"))
                    for (guint j = 0; j < found->len; j++) {
                        const mend *y = &g_array_index(found, mend, j);
                        fprintf(stderr, "mend? %s col %d: %s → %s (+%d more), gain %d\n", parent->code ? parent->code : "total",
                                k + 1, y->cells[0]->text, y->texts[0], y->n - 1, y->gain);
                    }
                if (best >= 0 && alone) {
                    mend *x = &g_array_index(found, mend, (guint)best);
                    for (int i = 0; i < x->n; i++) {
                        fr_decimal d;
                        if (fr_decimal_parse(x->texts[i], strlen(x->texts[i]), &d) != FR_OK)
                            continue;
                        fr_row *row = x->rows[i];
                        fr_doc_diag(doc, FR_SEV_WARNING, "ocr.mended", row->where, m->t->id,
                                    "%s, column %d: OCR read %s; %s (%s) is the one change that makes %s add up",
                                    row->code ? row->code : row->name ? row->name : "a row", k + 1, x->cells[i]->text,
                                    x->texts[i],
                                    x->kind == MEND_SIGN ? "its sign" : x->kind == MEND_POINT ? "its point" : "one digit",
                                    parent->code ? parent->code : "the total");
                        x->cells[i]->amount = d;
                        x->cells[i]->text = fr_arena_strdup(doc->arena, x->texts[i]);
                        if (x->cells[i]->conf > 50)
                            x->cells[i]->conf = 50;
                        changed = true;
                    }
                }
                for (guint j = 0; j < found->len; j++)
                    mend_clear(&g_array_index(found, mend, j));
                g_array_free(found, TRUE);
            }
        }
        if (!changed)
            break;
    }
    g_ptr_array_free(scratch, TRUE);
}

/* A table OCR read whose sums still do not hold is said to be doubtful:
 * which parents, and that its figures want checking against the page */
static void doubtful(fr_doc *doc, const mend_table *m)
{
    GString *which = g_string_new(NULL);
    int n = 0;
    const fr_row *first = NULL;
    for (guint r = 0; r < m->rows->len; r++) {
        const fr_row *row = m->rows->pdata[r];
        for (int k = 0; k < m->ncells && k < row->ncells; k++)
            if (holds(m, row, k, NULL) == 0) {
                if (n < 3)
                    g_string_append_printf(which, "%s%s column %d", n ? ", " : "", row->code ? row->code : "the total", k + 1);
                first = first ? first : row;
                n++;
            }
    }
    if (n)
        fr_doc_diag(doc, FR_SEV_WARNING, "ocr.doubtful", first->where, m->t->id,
                    "a table read by OCR whose sums do not add up in %d place%s (%s%s): its figures are doubtful; "
                    "check them against the page",
                    n, n > 1 ? "s" : "", which->str, n > 3 ? ", …" : "");
    g_string_free(which, TRUE);
}

void fr_pass_ocr_sums(fr_doc *doc)
{
    fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        bool ocr = false;
        for (size_t r = 0; r < t->rows.len && !ocr; r++)
            ocr = fr_table_row(t, r)->where.ocr;
        /* (the sums are tried row by row: a table of thousands of rows is left as read) */
        if (!ocr || t->rows.len > MEND_MAX_ROWS)
            continue;
        for (int p = 0; p < (t->npanels > 0 ? t->npanels : 1); p++) {
            mend_table m = {t, g_ptr_array_new(), 0};
            int totals = 0;
            for (size_t r = 0; r < t->rows.len; r++) {
                fr_row *row = fr_table_row(t, r);
                if (row->panel != p || (!row->code && !row->is_total))
                    continue;
                if (!row->code)
                    totals++;
                g_ptr_array_add(m.rows, row);
                m.ncells = MAX(m.ncells, row->ncells);
            }
            /* (two totals in a panel: which adds what is not known) */
            if (totals <= 1) {
                mend_panel(doc, &m);
                doubtful(doc, &m);
            }
            g_ptr_array_free(m.rows, TRUE);
        }
    }
}
