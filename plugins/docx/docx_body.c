/* docx_body.c — document.xml, streamed: SAX events build a small tree of each
 * body-level w:p or w:tbl on its own (bnode, in an arena), which is turned
 * into lines (paragraphs) or a table object and dropped before the next, so
 * memory follows the largest paragraph or table, not the document.
 *
 * A paragraph's text is its runs (w:r/w:t, w:tab, w:br) inside hyperlinks,
 * insertions, fields' results and content controls; deleted text, field
 * instructions and drawings are left out. The number Word prints for a
 * numbered paragraph is computed and put in front. Pages are counted at page
 * and section breaks and where Word last broke the page when it saved. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

typedef struct body_ctx {
    docx_styles *st;
    fr_doc *doc;
    docx_body *out;
    int page;
    bool pending_page;   /* a break seen: the next content starts a page */
    bool page_has_lines;
    bool cols_warned;
} body_ctx;

/* What a walk over a paragraph's runs gathers. */
typedef struct para_text {
    GString *text;
    size_t bold_end;     /* bytes of leading bold text */
    bool bold_open;      /* still inside the leading bold runs */
    bool any_bold;
} para_text;

/* ---- one body-level element as a tree -------------------------------------------- */

/* An element (local set) or a run of text (local NULL) of the paragraph or table
 * being read; all of it lives in the walk's arena, dropped once it is read. */
typedef struct bnode bnode;
struct bnode {
    const char *local;   /* local name; NULL for text */
    bool w;              /* in the WordprocessingML namespace */
    bnode *parent, *children, *last, *next;
    const char **attrs;  /* its w: attributes: name, value, name, value, … */
    int nattrs;
    char *text;          /* text: the characters, NUL-terminated */
    size_t len;
};

/* Is this an element of the w: namespace with the given local name? */
static bool is_w(const bnode *n, const char *local) { return n && n->local && n->w && strcmp(n->local, local) == 0; }

/* A w: attribute of an element (w:val, w:type…), or NULL; owned by the tree. */
static const char *attr(const bnode *n, const char *local)
{
    for (int k = 0; n && k < n->nattrs; k++)
        if (strcmp(n->attrs[2 * k], local) == 0)
            return n->attrs[2 * k + 1];
    return NULL;
}

/* The first w:<local> child of n, or NULL. */
static const bnode *child(const bnode *n, const char *local)
{
    for (const bnode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local))
            return c;
    return NULL;
}

/* A w:b / w:tblHeader style on/off property: present and not "0"/"false"/"off". */
static bool on(const bnode *n) { return n && docx_val_on(attr(n, "val")); }

/* The text inside n, in document order (what a w:t holds). */
static void append_content(GString *g, const bnode *n)
{
    for (const bnode *c = n->children; c; c = c->next) {
        if (!c->local)
            g_string_append_len(g, c->text, (gssize)c->len);
        else
            append_content(g, c);
    }
}

static void collect(body_ctx *cx, const bnode *n, para_text *pt, int depth);

/* The w:val of an element as an integer; dflt when the element or w:val is absent. */
static int attr_val_int(const bnode *n, int dflt)
{
    const char *v = n ? attr(n, "val") : NULL;
    return v ? atoi(v) : dflt;
}

static bool run_bold(body_ctx *cx, const bnode *r)
{
    const bnode *rpr = child(r, "rPr");
    const bnode *b = child(rpr, "b");
    if (b)
        return on(b);
    const bnode *rs = child(rpr, "rStyle");
    if (rs) {
        const char *id = attr(rs, "val");
        return id && docx_style_bold(cx->st, id);
    }
    return false;
}

static void append_text(para_text *pt, const char *s, bool bold)
{
    size_t before = pt->text->len;
    g_string_append(pt->text, s);
    bool blank = true;
    for (const char *q = s; *q; q++)
        blank = blank && (*q == ' ' || *q == '\t');
    if (blank)
        return;
    if (bold && pt->bold_open) {
        pt->bold_end = pt->text->len;
        pt->any_bold = true;
    } else if (!bold && before >= pt->bold_end) {
        pt->bold_open = false;
    }
}

static void collect_run(body_ctx *cx, const bnode *r, para_text *pt)
{
    bool bold = run_bold(cx, r);
    for (const bnode *c = r->children; c; c = c->next) {
        if (!c->local)
            continue;
        if (is_w(c, "t")) {
            const bnode *t = c->children;
            if (t && !t->local && !t->next) { /* one run of text: the common case */
                append_text(pt, t->text, bold);
            } else {
                GString *g = g_string_new(NULL);
                append_content(g, c);
                append_text(pt, g->str, bold);
                g_string_free(g, TRUE);
            }
        } else if (is_w(c, "tab") || is_w(c, "ptab")) {
            append_text(pt, " ", bold);
        } else if (is_w(c, "br") || is_w(c, "cr")) {
            const char *type = attr(c, "type");
            if (type && strcmp(type, "page") == 0)
                cx->pending_page = true;
            else
                append_text(pt, " ", bold);
        } else if (is_w(c, "lastRenderedPageBreak")) {
            cx->pending_page = true;
        } else if (is_w(c, "noBreakHyphen")) {
            append_text(pt, "-", bold);
        }
        /* w:delText, w:instrText, w:drawing, w:pict, w:sym, w:fldChar: no text */
    }
}

static void collect(body_ctx *cx, const bnode *n, para_text *pt, int depth)
{
    if (depth > DOCX_MAX_DEPTH)
        return;
    for (const bnode *c = n->children; c; c = c->next) {
        if (!c->local)
            continue;
        if (is_w(c, "r"))
            collect_run(cx, c, pt);
        else if (is_w(c, "hyperlink") || is_w(c, "ins") || is_w(c, "smartTag") ||
                 is_w(c, "fldSimple") || is_w(c, "sdt") || is_w(c, "sdtContent") ||
                 is_w(c, "customXml") || is_w(c, "moveTo") || is_w(c, "dir") || is_w(c, "bdo"))
            collect(cx, c, pt, depth + 1);
        /* w:pPr, w:del, w:moveFrom, bookmarks, proofing marks: nothing to say */
    }
}

/* Normalised text without the spaces around it; g_malloc'd. */
static char *clean_text(const char *s, size_t len)
{
    char *norm = fr_text_normalize(s, len);
    char *p = norm;
    while (*p) {
        gunichar u = g_utf8_get_char(p);
        if (u != ' ' && u != 0x3000 && u != '\t' && u != 0xA0)
            break;
        p = g_utf8_next_char(p);
    }
    char *e = p + strlen(p);
    while (e > p) {
        char *prev = g_utf8_prev_char(e);
        gunichar u = g_utf8_get_char(prev);
        if (u != ' ' && u != 0x3000 && u != '\t' && u != 0xA0)
            break;
        e = prev;
    }
    char *r = g_strndup(p, (gsize)(e - p));
    g_free(norm);
    return r;
}

/* The paragraph's style id (w:pPr/w:pStyle), owned by the tree. */
static const char *para_style(const bnode *p) { return attr(child(child(p, "pPr"), "pStyle"), "val"); }

/* The number Word prints before this paragraph, or NULL. */
static char *para_number(body_ctx *cx, const bnode *p, const char *style_id)
{
    const bnode *num = child(child(p, "pPr"), "numPr");
    int num_id = -1, ilvl = 0;
    if (num) {
        num_id = attr_val_int(child(num, "numId"), -1);
        ilvl = attr_val_int(child(num, "ilvl"), 0);
        if (num_id < 0 && style_id) /* only the level given: the list is the style's */
            docx_style_numbering(cx->st, style_id, &num_id, &(int){0});
    } else if (style_id && !docx_style_numbering(cx->st, style_id, &num_id, &ilvl)) {
        return NULL;
    }
    if (num_id <= 0) /* numId 0: numbering switched off */
        return NULL;
    return docx_number_next(cx->st, num_id, ilvl);
}

static void page_for_content(body_ctx *cx)
{
    if (cx->pending_page && cx->page_has_lines) {
        cx->page++;
        cx->page_has_lines = false;
    }
    cx->pending_page = false;
}

static void push_line(body_ctx *cx, const char *text, int style_level, const void *geo)
{
    lay_line l = {0};
    l.text = fr_arena_strdup(cx->out->arena, text);
    l.page = cx->page;
    l.lineno = cx->out->paragraphs;
    l.page_start = !cx->page_has_lines;
    l.width = fr_text_width(text, strlen(text));
    l.style_level = style_level;
    l.hard_end = true;
    l.geo = geo;
    l.object = geo != NULL;
    g_array_append_val(cx->out->lines, l);
    cx->page_has_lines = true;
}

/* The text of a paragraph (number in front), with where its leading bold part ends. */
static char *paragraph_text(body_ctx *cx, const bnode *p, const char *style_id, size_t *bold_chars, size_t *number_len)
{
    para_text pt = {g_string_new(NULL), 0, true, false};
    char *number = para_number(cx, p, style_id);
    collect(cx, p, &pt, 0);
    if (number) {
        g_string_prepend(pt.text, number);
        if (pt.any_bold)
            pt.bold_end += strlen(number);
    }
    *number_len = number ? strlen(number) : 0;
    g_free(number);
    /* the bold lead in characters of the cleaned text */
    *bold_chars = 0;
    if (pt.any_bold && pt.bold_end < pt.text->len) {
        char *lead = clean_text(pt.text->str, pt.bold_end);
        *bold_chars = (size_t)g_utf8_strlen(lead, -1);
        g_free(lead);
    }
    char *text = clean_text(pt.text->str, pt.text->len);
    g_string_free(pt.text, TRUE);
    return text;
}

static void on_paragraph(body_ctx *cx, const bnode *p)
{
    cx->out->paragraphs++;
    const bnode *ppr = child(p, "pPr");
    if (on(child(ppr, "pageBreakBefore")))
        cx->pending_page = true;
    const char *style_id = para_style(p);
    size_t bold_chars = 0, number_len = 0;
    bool pending_before = cx->pending_page;
    cx->pending_page = false;
    char *text = paragraph_text(cx, p, style_id, &bold_chars, &number_len);
    bool break_inside = cx->pending_page;
    cx->pending_page = pending_before;
    if (*text) {
        int level = style_id ? docx_style_heading(cx->st, style_id) : 0;
        const bnode *ol = child(ppr, "outlineLvl");
        if (ol) {
            int o = attr_val_int(ol, 9);
            level = o >= 0 && o < 9 ? o + 1 : 0;
        }
        page_for_content(cx);
        size_t chars = (size_t)g_utf8_strlen(text, -1);
        /* a run-in heading set apart in bold: "（一）职能职责。" then the text */
        if (!level && bold_chars > 0 && bold_chars < chars && bold_chars <= 40 && lay_is_numbered(text)) {
            char *head = g_utf8_substring(text, 0, (glong)bold_chars);
            char *rest = g_utf8_substring(text, (glong)bold_chars, (glong)chars);
            char *h = clean_text(head, strlen(head)), *r = clean_text(rest, strlen(rest));
            push_line(cx, h, 0, NULL);
            if (*r)
                push_line(cx, r, 0, NULL);
            g_free(head);
            g_free(rest);
            g_free(h);
            g_free(r);
        } else {
            push_line(cx, text, level, NULL);
        }
    }
    g_free(text);
    /* a break inside, or a section that ends here, starts the next page */
    const bnode *sect = child(ppr, "sectPr");
    if (sect) {
        const char *type = attr(child(sect, "type"), "val");
        if (!type || strcmp(type, "continuous") != 0)
            break_inside = true;
    }
    if (break_inside)
        cx->pending_page = true;
}

/* ---- tables ------------------------------------------------------------------ */

typedef struct raw_cell {
    int col, span;
    int vmerge;          /* 0 none, 1 restart, 2 continue */
    char *text;
} raw_cell;

typedef struct raw_row {
    GArray *cells;       /* raw_cell */
    int para;
    bool header;
} raw_row;

static void table_text(body_ctx *cx, const bnode *tbl, GString *out, int depth);

/* A cell's paragraphs joined (CJK without a space); a table nested in it
 * becomes its text. */
static char *cell_text(body_ctx *cx, const bnode *tc, int depth)
{
    GString *g = g_string_new(NULL);
    for (const bnode *c = tc->children; c; c = c->next) {
        if (is_w(c, "p")) {
            cx->out->paragraphs++;
            size_t bold = 0, nlen = 0;
            char *t = paragraph_text(cx, c, para_style(c), &bold, &nlen);
            if (*t)
                lay_append_word(g, t);
            g_free(t);
        } else if (is_w(c, "tbl")) {
            cx->out->warnings_nested++;
            table_text(cx, c, g, depth + 1);
        } else if (is_w(c, "sdt") || is_w(c, "customXml")) {
            const bnode *inner = is_w(c, "sdt") ? child(c, "sdtContent") : c;
            if (inner) {
                char *t = cell_text(cx, inner, depth + 1);
                if (*t)
                    lay_append_word(g, t);
                g_free(t);
            }
        }
    }
    return g_string_free(g, FALSE);
}

/* The children of n that are w:<local>, looking through content controls. */
static void children_named(const bnode *n, const char *local, GPtrArray *out, int depth)
{
    if (depth > DOCX_MAX_DEPTH)
        return;
    for (const bnode *c = n->children; c; c = c->next) {
        if (is_w(c, local))
            g_ptr_array_add(out, (gpointer)c);
        else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml"))
            children_named(c, local, out, depth + 1);
    }
}

static void table_text(body_ctx *cx, const bnode *tbl, GString *out, int depth)
{
    if (depth > DOCX_MAX_DEPTH)
        return;
    GPtrArray *rows = g_ptr_array_new();
    children_named(tbl, "tr", rows, 0);
    for (guint r = 0; r < rows->len; r++) {
        GPtrArray *tcs = g_ptr_array_new();
        children_named(rows->pdata[r], "tc", tcs, 0);
        for (guint k = 0; k < tcs->len; k++) {
            char *t = cell_text(cx, tcs->pdata[k], depth);
            if (*t) {
                if (out->len)
                    g_string_append_c(out, ' ');
                g_string_append(out, t);
            }
            g_free(t);
        }
        g_ptr_array_free(tcs, TRUE);
    }
    g_ptr_array_free(rows, TRUE);
}

void docx_table_free(docx_table *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < (size_t)t->nrows * (size_t)t->ncols; k++)
        g_free(t->cells[k].text);
    g_free(t->cells);
    g_free(t->row_para);
    g_free(t);
}

static void on_table(body_ctx *cx, const bnode *tbl)
{
    page_for_content(cx);
    int grid_cols = 0;
    const bnode *grid = child(tbl, "tblGrid");
    for (const bnode *c = grid ? grid->children : NULL; c; c = c->next)
        grid_cols += is_w(c, "gridCol");
    GPtrArray *trs = g_ptr_array_new();
    children_named(tbl, "tr", trs, 0);
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(raw_row));
    int ncols = MIN(grid_cols, DOCX_MAX_TABLE_COLUMNS);
    bool clipped = grid_cols > DOCX_MAX_TABLE_COLUMNS, header_run = true;
    for (guint r = 0; r < trs->len && rows->len < DOCX_MAX_TABLE_ROWS; r++) {
        const bnode *tr = trs->pdata[r];
        const bnode *trpr = child(tr, "trPr");
        raw_row row = {g_array_new(FALSE, TRUE, sizeof(raw_cell)), cx->out->paragraphs + 1, false};
        header_run = header_run && on(child(trpr, "tblHeader"));
        row.header = header_run;
        int col = CLAMP(attr_val_int(child(trpr, "gridBefore"), 0), 0, DOCX_MAX_TABLE_COLUMNS);
        int after = CLAMP(attr_val_int(child(trpr, "gridAfter"), 0), 0, DOCX_MAX_TABLE_COLUMNS);
        GPtrArray *tcs = g_ptr_array_new();
        children_named(tr, "tc", tcs, 0);
        for (guint k = 0; k < tcs->len; k++) {
            const bnode *tc = tcs->pdata[k], *tcpr = child(tc, "tcPr");
            int span = CLAMP(attr_val_int(child(tcpr, "gridSpan"), 1), 1, DOCX_MAX_TABLE_COLUMNS);
            const bnode *vm = child(tcpr, "vMerge");
            int vmerge = 0;
            if (vm) {
                const char *v = attr(vm, "val");
                vmerge = v && strcmp(v, "restart") == 0 ? 1 : 2;
            }
            char *text = cell_text(cx, tc, 0);
            if (col + span > DOCX_MAX_TABLE_COLUMNS) {
                clipped = true;
                g_free(text);
                break;
            }
            raw_cell rc = {col, span, vmerge, text};
            g_array_append_val(row.cells, rc);
            col += span;
        }
        g_ptr_array_free(tcs, TRUE);
        ncols = MAX(ncols, MIN(col + after, DOCX_MAX_TABLE_COLUMNS));
        g_array_append_val(rows, row);
    }
    if (clipped && !cx->cols_warned) {
        fr_doc_diag(cx->doc, FR_SEV_WARNING, "docx.columns", (fr_prov){.page = cx->page, .line = cx->out->paragraphs}, NULL,
                    "a table has more than %d columns; the columns past it are left out", DOCX_MAX_TABLE_COLUMNS);
        cx->cols_warned = true;
    }
    if (trs->len > DOCX_MAX_TABLE_ROWS)
        fr_doc_diag(cx->doc, FR_SEV_WARNING, "docx.rows", (fr_prov){.page = cx->page, .line = cx->out->paragraphs}, NULL,
                    "a table has %u rows; only the first %d are read", trs->len, DOCX_MAX_TABLE_ROWS);
    g_ptr_array_free(trs, TRUE);

    docx_table *t = g_new0(docx_table, 1);
    t->nrows = (int)rows->len;
    t->ncols = ncols;
    t->page = cx->page;
    t->cells = g_new0(docx_cell, (size_t)MAX(t->nrows, 1) * (size_t)MAX(ncols, 1));
    t->row_para = g_new0(int, (size_t)MAX(t->nrows, 1));
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < ncols; c++) {
            docx_cell *s = docx_slot(t, r, c);
            s->row = r;
            s->col = c;
            s->row_span = s->col_span = 1;
        }
    for (int r = 0; r < t->nrows; r++) {
        raw_row *row = &g_array_index(rows, raw_row, r);
        t->row_para[r] = row->para;
        if (row->header && t->marked_header == r)
            t->marked_header = r + 1;
        for (guint k = 0; k < row->cells->len; k++) {
            raw_cell *rc = &g_array_index(row->cells, raw_cell, k);
            int c0 = rc->col, span = MIN(rc->span, ncols - c0);
            if (span <= 0) {
                g_free(rc->text);
                continue;
            }
            /* a continued vertical merge belongs to the cell above */
            int or = r, oc = c0;
            if (rc->vmerge == 2 && r > 0) {
                const docx_cell *above = docx_slot(t, r - 1, c0);
                docx_cell *origin = docx_slot(t, above->row, above->col);
                if (above->col == c0 && origin->col_span == span) {
                    or = above->row;
                    origin->row_span = r - or + 1;
                }
            }
            if (or == r) {
                docx_cell *o = docx_slot(t, r, c0);
                o->text = rc->text;
                o->col_span = span;
            } else {
                /* text in a continuation cell (rare): kept with its origin */
                docx_cell *o = docx_slot(t, or, oc);
                if (rc->text && *rc->text) {
                    char *j = g_strconcat(o->text ? o->text : "", rc->text, NULL);
                    g_free(o->text);
                    o->text = j;
                }
                g_free(rc->text);
            }
            for (int c = c0; c < c0 + span; c++) {
                docx_cell *s = docx_slot(t, r, c);
                s->row = or;
                s->col = oc;
            }
        }
        g_array_free(row->cells, TRUE);
    }
    g_array_free(rows, TRUE);
    g_ptr_array_add(cx->out->tables, t);
    push_line(cx, "", 0, t);
}

/* ---- the walk ---------------------------------------------------------------------- */

/* The walk's state: the tree of the body-level element being read, if any. */
typedef struct body_walk {
    body_ctx *cx;
    docx_walker *walker;
    const char *part;
    fr_error *err;
    int status;
    bool seen_root;
    fr_arena *arena;     /* the tree's; new for each element */
    bnode *root, *open;  /* the element being built and its innermost open element */
} body_walk;

/* A SAX attribute value as a tree would hold it: libxml2 hands a literal '&' to
 * SAX as "&#38;" (so that a tree builder can tell it from an entity) */
static char *attr_value(fr_arena *a, const xmlChar *v, const xmlChar *end)
{
    char *s = fr_arena_strndup(a, (const char *)v, (size_t)(end - v));
    for (char *q = s; (q = strstr(q, "&#38;")); q++)
        memmove(q + 1, q + strlen("&#38;"), strlen(q + strlen("&#38;")) + 1);
    return s;
}

/* n becomes the last child of parent */
static void append_child(bnode *parent, bnode *n)
{
    n->parent = parent;
    if (parent->last)
        parent->last->next = n;
    else
        parent->children = n;
    parent->last = n;
}

static void walk_start(void *ctx, const docx_elem *e)
{
    body_walk *bw = ctx;
    if (!bw->seen_root) {
        bw->seen_root = true;
        if (strcmp(e->local, "document") != 0) {
            bw->status = fr_error_set(bw->err, FR_ERR_INPUT, "%s is not a Word document body (its root is <%s>)",
                                      bw->part, e->local);
            bw->walker->stop = true;
            return;
        }
    }
    if (!bw->root && strcmp(e->local, "p") != 0 && strcmp(e->local, "tbl") != 0 && strcmp(e->local, "sectPr") != 0)
        return; /* between paragraphs and tables: body, sdt, bookmarks */
    if (!bw->root)
        bw->arena = fr_arena_new();
    bnode *n = fr_arena_alloc(bw->arena, sizeof *n);
    n->local = fr_arena_strdup(bw->arena, e->local);
    n->w = e->w;
    if (e->nattrs > 0) /* room for all; only the w: ones are kept */
        n->attrs = fr_arena_alloc(bw->arena, sizeof *n->attrs * 2 * (size_t)e->nattrs);
    for (int k = 0; k < e->nattrs; k++) {
        const xmlChar *const *a = e->attrs + 5 * k;
        if (!docx_is_w_ns((const char *)a[2]))
            continue;
        n->attrs[2 * n->nattrs] = fr_arena_strdup(bw->arena, (const char *)a[0]);
        n->attrs[2 * n->nattrs + 1] = attr_value(bw->arena, a[3], a[4]);
        n->nattrs++;
    }
    if (!bw->root)
        bw->root = n;
    else
        append_child(bw->open, n);
    bw->open = n;
}

static void walk_text(void *ctx, const char *s, int len)
{
    body_walk *bw = ctx;
    if (!bw->open || len <= 0)
        return;
    bnode *last = bw->open->last;
    if (last && !last->local) { /* the parser split the text: one run, as in a tree */
        char *t = fr_arena_alloc(bw->arena, last->len + (size_t)len + 1);
        memcpy(t, last->text, last->len);
        memcpy(t + last->len, s, (size_t)len);
        last->text = t;
        last->len += (size_t)len;
        return;
    }
    bnode *n = fr_arena_alloc(bw->arena, sizeof *n);
    n->text = fr_arena_strndup(bw->arena, s, (size_t)len);
    n->len = (size_t)len;
    append_child(bw->open, n);
}

static void walk_end(void *ctx, const char *local, int depth)
{
    (void)local, (void)depth;
    body_walk *bw = ctx;
    if (!bw->open)
        return;
    if (bw->open != bw->root) {
        bw->open = bw->open->parent;
        return;
    }
    /* the body-level element is whole: read it, then drop its tree */
    if (is_w(bw->root, "p"))
        on_paragraph(bw->cx, bw->root);
    else if (is_w(bw->root, "tbl"))
        on_table(bw->cx, bw->root);
    fr_arena_free(bw->arena);
    bw->arena = NULL;
    bw->root = bw->open = NULL;
    if (bw->cx->out->paragraphs > DOCX_MAX_PARAGRAPHS) {
        bw->status = fr_error_set(bw->err, FR_ERR_LIMIT, "%s has more than %d paragraphs", bw->part,
                                  DOCX_MAX_PARAGRAPHS);
        bw->walker->stop = true;
    }
}

int docx_body_read(docx_pkg *pkg, const char *part, docx_styles *st, fr_doc *doc, docx_body *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    out->lines = g_array_new(FALSE, TRUE, sizeof(lay_line));
    out->tables = g_ptr_array_new_with_free_func((GDestroyNotify)docx_table_free);
    out->arena = fr_arena_new();
    body_ctx cx = {st, doc, out, 1, false, false, false};
    body_walk bw = {&cx, NULL, part, err, FR_OK, false, NULL, NULL, NULL};
    docx_walker w = {walk_start, walk_end, walk_text, &bw, false};
    bw.walker = &w;
    /* the part's own failure (a limit, malformed XML) is told only when the walk did
     * not stop first for a reason of its own (not a body, too many paragraphs) */
    fr_error part_err = {0};
    int rc = docx_part_walk(pkg, part, &w, &part_err);
    fr_arena_free(bw.arena); /* an element left open by a malformed part */
    out->pages = cx.page;
    if (bw.status != FR_OK)
        return bw.status;
    if (rc != FR_OK)
        return fr_error_set(err, rc, "%s", part_err.message);
    if (!bw.seen_root)
        return fr_error_set(err, FR_ERR_INPUT, "%s: malformed XML", part);
    return FR_OK;
}

void docx_body_free(docx_body *b)
{
    if (b->lines)
        g_array_free(b->lines, TRUE);
    if (b->tables)
        g_ptr_array_free(b->tables, TRUE);
    if (b->arena)
        fr_arena_free(b->arena);
    memset(b, 0, sizeof *b);
}
