/* doc.c — the IR: documents, blocks, tables, headers, rows, diagnostics. */
#include "fiscus.h"

#include <glib.h>
#include <string.h>

const char *fr_kind_name(fr_kind k)
{
    switch (k) {
    case FR_KIND_BUDGET:
        return "budget";
    case FR_KIND_FINAL_ACCOUNTS:
        return "final_accounts";
    default:
        return "unknown";
    }
}

const char *fr_col_role_name(fr_col_role r)
{
    switch (r) {
    case FR_COL_LINENO: return "lineno";
    case FR_COL_CODE: return "code";
    case FR_COL_NAME: return "name";
    default: return "data";
    }
}

const char *fr_table_layout_name(fr_table_layout l)
{
    return l == FR_TABLE_OVERVIEW ? "overview" : l == FR_TABLE_GROUPED ? "grouped" : "plain";
}

const char *fr_severity_name(fr_severity s)
{
    return s == FR_SEV_ERROR ? "error" : s == FR_SEV_WARNING ? "warning" : "info";
}

fr_doc *fr_doc_new(void)
{
    fr_arena *a = fr_arena_new();
    fr_doc *d = fr_arena_alloc(a, sizeof *d);
    d->arena = a;
    return d;
}

void fr_doc_free(fr_doc *doc)
{
    if (doc)
        fr_arena_free(doc->arena); /* the doc itself lives in its arena */
}

static fr_block *add_block(fr_doc *d, fr_block_kind kind, fr_prov where)
{
    fr_block *b = fr_arena_alloc(d->arena, sizeof *b);
    b->kind = kind;
    b->where = where;
    fr_vec_push(d->arena, &d->blocks, b);
    return b;
}

fr_block *fr_doc_add_heading(fr_doc *d, int level, const char *number, const char *text, fr_prov where)
{
    fr_block *b = add_block(d, FR_BLOCK_HEADING, where);
    b->level = level;
    b->number = fr_arena_strdup(d->arena, number);
    b->text = fr_arena_strdup(d->arena, text);
    return b;
}

fr_block *fr_doc_add_paragraph(fr_doc *d, const char *text, fr_prov where)
{
    fr_block *b = add_block(d, FR_BLOCK_PARAGRAPH, where);
    b->text = fr_arena_strdup(d->arena, text);
    return b;
}

fr_block *fr_doc_add_note(fr_doc *d, const char *text, fr_prov where)
{
    fr_block *b = add_block(d, FR_BLOCK_NOTE, where);
    b->text = fr_arena_strdup(d->arena, text);
    return b;
}

fr_table *fr_doc_add_table(fr_doc *d, fr_prov where)
{
    fr_block *b = add_block(d, FR_BLOCK_TABLE, where);
    fr_table *t = fr_arena_alloc(d->arena, sizeof *t);
    t->where = where;
    t->npanels = 1;
    b->table = t;
    return t;
}

void fr_doc_diag(fr_doc *d, fr_severity sev, const char *code, fr_prov where, const char *table_id,
                 const char *fmt, ...)
{
    fr_diag *g = fr_arena_alloc(d->arena, sizeof *g);
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g->severity = sev;
    g->code = fr_arena_strdup(d->arena, code);
    g->message = fr_arena_strdup(d->arena, msg);
    g->where = where;
    g->table_id = fr_arena_strdup(d->arena, table_id);
    g_free(msg);
    fr_vec_push(d->arena, &d->diags, g);
}

void fr_doc_set_prop(fr_doc *d, const char *key, const char *value)
{
    if (!key || !value)
        return;
    for (size_t i = 0; i + 1 < d->props.len; i += 2)
        if (strcmp(d->props.items[i], key) == 0) {
            d->props.items[i + 1] = fr_arena_strdup(d->arena, value);
            return;
        }
    fr_vec_push(d->arena, &d->props, fr_arena_strdup(d->arena, key));
    fr_vec_push(d->arena, &d->props, fr_arena_strdup(d->arena, value));
}

const char *fr_doc_prop(const fr_doc *d, const char *key)
{
    for (size_t i = 0; i + 1 < d->props.len; i += 2)
        if (strcmp(d->props.items[i], key) == 0)
            return d->props.items[i + 1];
    return NULL;
}

void fr_table_set_columns(fr_doc *d, fr_table *t, int n)
{
    t->columns = fr_arena_alloc(d->arena, (size_t)(n > 0 ? n : 1) * sizeof *t->columns);
    t->ncolumns = n;
    t->headers = NULL;
    t->nheaders = 0;
}

void fr_table_set_column(fr_doc *d, fr_table *t, int col, const char *label, fr_col_role role, int panel)
{
    g_return_if_fail(col >= 0 && col < t->ncolumns);
    t->columns[col].label = fr_arena_strdup(d->arena, label ? label : "");
    t->columns[col].role = role;
    t->columns[col].panel = panel;
}

static int push_header(fr_doc *d, fr_table *t, const char *label, int depth, int first, int span)
{
    /* headers grow by copying into the arena; tables have few headers */
    fr_header *h = fr_arena_alloc(d->arena, (size_t)(t->nheaders + 1) * sizeof *h);
    if (t->nheaders)
        memcpy(h, t->headers, (size_t)t->nheaders * sizeof *h);
    h[t->nheaders] = (fr_header){fr_arena_strdup(d->arena, label), depth, first, span, -1};
    t->headers = h;
    return t->nheaders++;
}

int fr_table_add_header(fr_doc *d, fr_table *t, const char *label, int depth, int first, int span)
{
    return push_header(d, t, label, depth, first, span);
}

/* The innermost header (deepest) covering [first, first+span) other than self. */
static int innermost_parent(const fr_table *t, int self, int first, int span, int depth)
{
    int best = -1;
    for (int i = 0; i < t->nheaders; i++) {
        const fr_header *h = &t->headers[i];
        if (i == self || h->depth >= depth)
            continue;
        if (h->first_leaf <= first && first + span <= h->first_leaf + h->span)
            if (best < 0 || h->depth > t->headers[best].depth)
                best = i;
    }
    return best;
}

void fr_table_finish_headers(fr_doc *d, fr_table *t)
{
    int given = t->nheaders;
    int maxdepth = 0;
    for (int i = 0; i < given; i++)
        if (t->headers[i].depth + 1 > maxdepth)
            maxdepth = t->headers[i].depth + 1;
    /* a leaf node for every column not already a single-column node at the bottom */
    for (int c = 0; c < t->ncolumns; c++) {
        bool has = false;
        for (int i = 0; i < given; i++)
            if (t->headers[i].first_leaf == c && t->headers[i].span == 1 &&
                strcmp(t->headers[i].label, t->columns[c].label) == 0)
                has = true;
        if (!has) {
            int depth = 0;
            for (int i = 0; i < given; i++) {
                const fr_header *h = &t->headers[i];
                if (h->first_leaf <= c && c < h->first_leaf + h->span && h->depth + 1 > depth)
                    depth = h->depth + 1;
            }
            push_header(d, t, t->columns[c].label, depth, c, 1);
        }
    }
    for (int i = 0; i < t->nheaders; i++) {
        fr_header *h = &t->headers[i];
        h->parent = innermost_parent(t, i, h->first_leaf, h->span, h->depth);
    }
    /* paths: labels of the ancestors covering the leaf, outermost first */
    for (int c = 0; c < t->ncolumns; c++) {
        GString *path = g_string_new(NULL);
        for (int depth = 0; depth <= maxdepth; depth++) {
            for (int i = 0; i < given; i++) {
                const fr_header *h = &t->headers[i];
                if (h->depth == depth && h->first_leaf <= c && c < h->first_leaf + h->span && h->span > 1 &&
                    *h->label) {
                    if (path->len)
                        g_string_append(path, " / ");
                    g_string_append(path, h->label);
                }
            }
        }
        if (path->len && *t->columns[c].label)
            g_string_append(path, " / ");
        g_string_append(path, t->columns[c].label);
        t->columns[c].path = fr_arena_strdup(d->arena, path->str);
        g_string_free(path, TRUE);
    }
}

void fr_table_add_page(fr_doc *d, fr_table *t, int page)
{
    if (page <= 0)
        return;
    for (int i = 0; i < t->npages; i++)
        if (t->pages[i] == page)
            return;
    int *p = fr_arena_alloc(d->arena, (size_t)(t->npages + 1) * sizeof *p);
    if (t->npages)
        memcpy(p, t->pages, (size_t)t->npages * sizeof *p);
    p[t->npages++] = page;
    t->pages = p;
}

const char *fr_table_unit(const fr_doc *doc, const fr_table *t)
{
    return t && t->unit ? t->unit : doc->meta.unit;
}

int fr_table_unit_exponent(const fr_doc *doc, const fr_table *t)
{
    if (t && t->unit)
        return t->unit_exponent;
    return doc->meta.unit ? doc->meta.unit_exponent : -1;
}

int fr_table_panel_cells(const fr_table *t, int panel)
{
    int n = 0;
    for (int c = 0; c < t->ncolumns; c++)
        if (t->columns[c].panel == panel && (t->columns[c].role == FR_COL_DATA || t->columns[c].role == FR_COL_LINENO))
            n++;
    return n;
}

fr_row *fr_table_add_row(fr_doc *d, fr_table *t, int panel, int ncells, fr_prov where)
{
    fr_row *r = fr_arena_alloc(d->arena, sizeof *r);
    r->panel = panel;
    r->ncells = ncells;
    r->cells = fr_arena_alloc(d->arena, (size_t)(ncells > 0 ? ncells : 1) * sizeof *r->cells);
    r->where = where;
    fr_vec_push(d->arena, &t->rows, r);
    return r;
}
