/* docx_table.c — a w:tbl grid into an IR table.
 *
 * The grid is exact (docx_body.c resolved gridSpan and vMerge), so what is
 * left is the reading: the header rows are those marked w:tblHeader, else the
 * rows above the first body row (an amount, a code, a total with amounts);
 * each non-empty header cell becomes a node over the columns it spans, the
 * bottom single-column cell of a column its leaf label. Columns, panels and
 * rows then follow the rules the pdf reader uses (plugins/layout/layout_grid.c). A table that
 * goes on after a page break — nothing between but a "续表" line, its title or
 * its unit line again, the same columns and the same header or none — is
 * joined to the one before. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

static const docx_table *object(const lay_doc *td, size_t i)
{
    return td->lines[i].object ? (const docx_table *)td->lines[i].geo : NULL;
}

static bool is_continued_mark(const char *s)
{
    char *c = lay_compact(s);
    bool yes = strcmp(c, "续表") == 0 || g_str_has_prefix(c, "续表") || g_str_has_suffix(c, "（续）") ||
               g_str_has_suffix(c, "(续)");
    g_free(c);
    return yes;
}

/* A line that may stand above a table: id, title, unit line, 第X部分, 续表. */
static bool preamble_line(const char *s)
{
    char *id = lay_table_id(s);
    bool yes = id || lay_is_table_title(s) || lay_is_unit_line(s) || lay_is_part_heading(s) || is_continued_mark(s);
    g_free(id);
    return yes;
}

/* ---- rows of the grid ----------------------------------------------------------- */

static bool is_body_row(const docx_table *t, int r)
{
    int texts = 0, amounts = 0;
    const char *first = NULL;
    for (int c = 0; c < t->ncols; c++) {
        const char *s = docx_origin_text(t, r, c);
        if (!s || !*s)
            continue;
        if (!first)
            first = s;
        if (lay_is_decimal_word(s))
            return true;
        if (lay_is_amount_word(s))
            amounts++;
        else
            texts++;
    }
    if (!first)
        return false;
    if (lay_is_code_word(first))
        return true;
    return lay_is_total_word(first) && amounts > 0 && texts == 1;
}

/* "栏次 1 2 3 …", "1 2 3 4": the column numbers under a header */
static bool is_column_number_row(const docx_table *t, int r)
{
    lay_colnums c = LAY_COLNUMS_INIT;
    for (int col = 0; col < t->ncols; col++) {
        const char *s = docx_origin_text(t, r, col);
        if (s && *s)
            lay_colnums_add(&c, s);
    }
    return lay_colnums_are(&c);
}

static int header_rows(const docx_table *t)
{
    if (t->marked_header > 0)
        return t->marked_header;
    for (int r = 0; r < t->nrows; r++)
        if (is_body_row(t, r) || is_column_number_row(t, r))
            return r;
    /* no body (an empty 政府性基金 table, or a table of text): the first row
     * and the rows merged down from it are the header */
    int nh = t->nrows ? 1 : 0;
    for (bool merged = true; nh < t->nrows && merged; nh += merged) {
        merged = false;
        for (int c = 0; c < t->ncols && !merged; c++)
            merged = docx_slot(t, nh, c)->row < nh;
    }
    return nh;
}

static char *header_text(const docx_table *t, int nh)
{
    GString *g = g_string_new(NULL);
    for (int r = 0; r < nh; r++)
        for (int c = 0; c < t->ncols; c++) {
            const char *s = docx_origin_text(t, r, c);
            if (s && *s) {
                g_string_append(g, s);
                g_string_append_c(g, '|');
            }
        }
    return g_string_free(g, FALSE);
}

/* ---- the IR table ------------------------------------------------------------------ */

typedef struct built {
    lay_gcol *cols;
    int ncols, npanels;
    char *header;        /* header rows' text, to match a continuation */
} built;

static void add_rows(fr_doc *doc, fr_table *t, const built *b, const docx_table *dt, int first_row)
{
    const char **texts = g_new0(const char *, (size_t)MAX(b->ncols, 1));
    fr_table_add_page(doc, t, dt->page);
    for (int p = 0; p < b->npanels; p++)
        for (int r = first_row; r < dt->nrows; r++) {
            if (is_column_number_row(dt, r))
                continue;
            bool any = false;
            for (int c = 0; c < b->ncols; c++) {
                texts[c] = c < dt->ncols ? docx_origin_text(dt, r, c) : NULL;
                any = any || (b->cols[c].panel == p && texts[c] && *texts[c]);
            }
            if (any)
                lay_grid_add_row(doc, t, b->cols, b->ncols, p, texts, (fr_prov){.page = dt->page, .line = dt->row_para[r]});
        }
    g_free(texts);
}

static void build(fr_doc *doc, fr_table *t, const docx_table *dt, built *b)
{
    int nh = header_rows(dt);
    int ncols = dt->ncols;
    b->ncols = ncols;
    b->cols = g_new0(lay_gcol, (size_t)MAX(ncols, 1));
    b->header = header_text(dt, nh);
    /* leaf labels: the lowest header cell over the column alone */
    for (int c = 0; c < ncols; c++)
        for (int r = nh - 1; r >= 0; r--) {
            const docx_cell *s = docx_slot(dt, r, c);
            const docx_cell *o = docx_slot(dt, s->row, s->col);
            if (!o->text || !*o->text)
                continue;
            if (o->col_span == 1)
                b->cols[c].label = o->text;
            break;
        }
    for (int r = nh; r < dt->nrows; r++)
        for (int c = 0; c < ncols; c++) {
            const char *s = docx_origin_text(dt, r, c);
            if (s && *s)
                lay_gcol_count(&b->cols[c], s);
        }
    b->npanels = lay_gcols_finish(b->cols, ncols);

    fr_table_set_columns(doc, t, ncols);
    for (int c = 0; c < ncols; c++)
        fr_table_set_column(doc, t, c, b->cols[c].label ? b->cols[c].label : "", b->cols[c].role, b->cols[c].panel);
    for (int r = 0; r < nh; r++)
        for (int c = 0; c < ncols; c++) {
            const char *s = docx_origin_text(dt, r, c);
            const docx_cell *o = docx_slot(dt, r, c);
            if (!s || !*s || (o->col_span == 1 && b->cols[c].label == s))
                continue;
            fr_table_add_header(doc, t, s, r, c, o->col_span);
        }
    lay_grid_layout(doc, t, b->cols, ncols, b->npanels, b->header);
    fr_table_finish_headers(doc, t);
    add_rows(doc, t, b, dt, nh);
}

/* Does the table at object line j carry on the one built in b? */
static bool continues(const built *b, const docx_table *next)
{
    if (next->ncols != b->ncols)
        return false;
    int nh = header_rows(next);
    if (nh == 0)
        return true;
    char *h = header_text(next, nh);
    bool same = strcmp(h, b->header) == 0;
    g_free(h);
    return same;
}

bool docx_parse_table(fr_doc *doc, const lay_doc *td, size_t *ip)
{
    size_t i = *ip, k = i;
    while (k < td->n && k < i + 8 && !td->lines[k].object && preamble_line(td->lines[k].text))
        k++;
    if (k >= td->n || !td->lines[k].object)
        return false;
    /* of two titles above one table ("部门决算表" above "收入支出决算总表"),
     * the one nearer the table is its title; the lines before it are text */
    for (;;) {
        int titles = 0;
        for (size_t q = i; q < k; q++) {
            const char *s = td->lines[q].text;
            char *id = lay_table_id(s);
            titles += !id && lay_is_table_title(s) && !lay_is_unit_line(s) && !lay_is_part_heading(s);
            g_free(id);
        }
        if (titles < 2)
            break;
        fr_doc_add_paragraph(doc, td->lines[i].text, (fr_prov){.page = td->lines[i].page, .line = td->lines[i].lineno});
        i++;
    }
    fr_table *t = NULL;
    if (k > i) {
        t = lay_table_begin(doc, td, &i);
        if (!t)
            return false;
        /* preamble lines the table's id, title and unit did not take */
        for (; i < k; i++)
            fr_vec_push(doc->arena, &t->notes, fr_arena_strdup(doc->arena, td->lines[i].text));
    } else {
        t = fr_doc_add_table(doc, (fr_prov){.page = td->lines[k].page, .line = td->lines[k].lineno});
    }
    const docx_table *dt = object(td, k);
    built b = {0};
    build(doc, t, dt, &b);
    i = k + 1;
    /* carried on over a page break */
    for (;;) {
        size_t j = i;
        while (j < td->n && j < i + 4 && !td->lines[j].object) {
            const char *s = td->lines[j].text;
            char *id = lay_table_id(s);
            bool filler = is_continued_mark(s) || (t->title && strcmp(s, t->title) == 0) || lay_is_unit_line(s) ||
                          (id && t->id && strcmp(id, t->id) == 0);
            g_free(id);
            if (!filler)
                break;
            j++;
        }
        if (j >= td->n || !td->lines[j].object || !continues(&b, object(td, j)))
            break;
        const docx_table *next = object(td, j);
        add_rows(doc, t, &b, next, header_rows(next));
        i = j + 1;
    }
    g_free(b.cols);
    g_free(b.header);
    *ip = lay_read_notes(doc, t, td, i);
    return true;
}
