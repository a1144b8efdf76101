/* md_writer.c — GitHub-flavoured Markdown: headings, paragraphs, notes, and
 * every table as a GFM table (code and name columns, flattened multi-level
 * headings "财政拨款收入 / 一般公共预算", right-aligned amounts). Side-by-side
 * panels (收入 | 支出) are printed side by side, the rows printed on one line
 * on one Markdown line. */
#include "../../core/fr_glib.h"

#include <errno.h>
#include <string.h>

static const char *const MD_EXT[] = {"md", "markdown", NULL};

/* Inline text: escape what Markdown would read as markup (after making it
 * safe text: no control bytes, valid UTF-8). */
static void text(GString *o, const char *s, bool in_table)
{
    char *safe = fr_text_safe(s ? s : "");
    for (const char *p = safe; *p; p++) {
        if (*p == '|' && in_table)
            g_string_append(o, "\\|");
        else if (*p == '\n')
            g_string_append(o, in_table ? " " : "\n");
        else if (strchr("\\`*_[]<>#", *p))
            g_string_append_c(o, '\\'), g_string_append_c(o, *p);
        else
            g_string_append_c(o, *p);
    }
    g_free(safe);
}

/* Cell of row r for column c, or NULL when the row has no such cell. */
static const fr_cell *row_cell(const fr_table *t, const fr_row *r, int c)
{
    int k = 0;
    for (int i = 0; i < t->ncolumns; i++) {
        if (t->columns[i].panel != r->panel)
            continue;
        if (t->columns[i].role == FR_COL_DATA || t->columns[i].role == FR_COL_LINENO) {
            if (i == c)
                return k < r->ncells ? &r->cells[k] : NULL;
            k++;
        }
    }
    return NULL;
}

#define MD_MAX_PANELS 16

/* A line of the Markdown table: a row of each panel printed on one line */
typedef struct slot {
    const fr_row *rows[MD_MAX_PANELS];
    int page, line;
} slot;

/* The k-th code column of a panel, and how many it has */
static int code_column_rank(const fr_table *t, int c, int *count)
{
    int rank = -1, n = 0;
    for (int i = 0; i < t->ncolumns; i++)
        if (t->columns[i].panel == t->columns[c].panel && t->columns[i].role == FR_COL_CODE) {
            if (i == c)
                rank = n;
            n++;
        }
    *count = n;
    return rank;
}

static int first_of_role(const fr_table *t, int panel, fr_col_role role)
{
    for (int i = 0; i < t->ncolumns; i++)
        if (t->columns[i].panel == panel && t->columns[i].role == role)
            return i;
    return -1;
}

/* The code as one code column shows it, or its part in split 类 | 款 | 项
 * columns (201 | 40 | 01) */
static void code_text(GString *o, const fr_row *r, int rank, int count)
{
    const char *code = r->code;
    if (!code)
        return;
    size_t n = strlen(code);
    if (count >= 2 && count <= 3) {
        static const size_t from[3] = {0, 3, 5}, len[3] = {3, 2, 2};
        size_t a = from[rank < 3 ? rank : 2], l = rank == count - 1 ? 7 : len[rank < 3 ? rank : 2];
        if (a < n)
            g_string_append_len(o, code + a, (gssize)MIN(l, n - a));
    } else if (rank == 0) {
        g_string_append(o, code);
    } else {
        return;
    }
    if (r->code_inferred && rank == count - 1)
        g_string_append(o, " (inferred)");
}

/* What row r shows in column c: its code (or code part), its name once, a
 * cell; where its panel has no name column the name goes in the panel's first
 * column, and where it has no code column the code goes before the name */
static void row_column(GString *o, const fr_table *t, const fr_row *r, int c)
{
    fr_col_role role = t->columns[c].role;
    int p = t->columns[c].panel;
    int name_col = first_of_role(t, p, FR_COL_NAME), code_col = first_of_role(t, p, FR_COL_CODE);
    int first = -1;
    for (int i = 0; i < t->ncolumns && first < 0; i++)
        if (t->columns[i].panel == p)
            first = i;
    bool name_here = name_col == c || (name_col < 0 && c == first);
    if (role == FR_COL_CODE) {
        int count, rank = code_column_rank(t, c, &count);
        code_text(o, r, rank, count);
        if (name_here && r->name) {
            if (r->code)
                g_string_append_c(o, ' ');
            text(o, r->name, true);
        }
        return;
    }
    if (name_here) {
        if (code_col < 0 && r->code) {
            text(o, r->code, true);
            g_string_append(o, r->code_inferred ? " (inferred) " : " ");
        }
        text(o, r->name, true);
        if (role == FR_COL_NAME)
            return;
    } else if (role == FR_COL_NAME) {
        return; /* a second name column: the name is written once */
    }
    const fr_cell *x = row_cell(t, r, c);
    if (x && x->kind != FR_CELL_EMPTY) {
        if (name_here && r->name)
            g_string_append_c(o, ' ');
        text(o, x->text, true);
    }
}

/* The Markdown lines of a table: each panel's rows, in order, aligned with
 * the lines the panels before it made, as a monotone alignment (no two rows
 * cross): a row joins the line of the rows printed on its own line, else it
 * makes a line of its own. (A row whose name wraps above its amounts starts a
 * line or two higher than its neighbour across: the two stay on lines of their
 * own rather than risk pairing amounts with the wrong row.) */
static GArray *align_panels(const fr_table *t)
{
    GArray *lines = g_array_new(FALSE, TRUE, sizeof(slot));
    int np = t->npanels > 0 ? MIN(t->npanels, MD_MAX_PANELS) : 1;
    for (int p = 0; p < np; p++) {
        GPtrArray *rows = g_ptr_array_new();
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            if ((row->panel >= 0 && row->panel < MD_MAX_PANELS ? row->panel : 0) == p)
                g_ptr_array_add(rows, (gpointer)row);
        }
        guint n = lines->len, m = rows->len;
        int *cost = g_new(int, (size_t)(n + 1) * (m + 1));
        char *step = g_new(char, (size_t)(n + 1) * (m + 1));
#define AT(i, j) ((size_t)(i) * (m + 1) + (j))
        for (guint i = 0; i <= n; i++)
            for (guint j = 0; j <= m; j++) {
                if (i == 0 && j == 0) {
                    cost[AT(0, 0)] = 0;
                    continue;
                }
                int best = 1 << 29;
                char how = 0;
                if (i > 0 && cost[AT(i - 1, j)] < best) /* a line without this panel */
                    best = cost[AT(i - 1, j)], how = 'l';
                if (j > 0 && cost[AT(i, j - 1)] + 4 < best) /* a row on a line of its own */
                    best = cost[AT(i, j - 1)] + 4, how = 'r';
                if (i > 0 && j > 0) {
                    const slot *sl = &g_array_index(lines, slot, i - 1);
                    const fr_row *row = rows->pdata[j - 1];
                    int d = abs(sl->line - row->where.line);
                    if (sl->line && row->where.line && sl->page == row->where.page && d == 0 && !sl->rows[p] &&
                        cost[AT(i - 1, j - 1)] + d < best)
                        best = cost[AT(i - 1, j - 1)] + d, how = 'p';
                }
                cost[AT(i, j)] = best;
                step[AT(i, j)] = how;
            }
        /* walk back, then lay the lines out in order */
        GArray *out = g_array_new(FALSE, TRUE, sizeof(slot));
        guint i = n, j = m;
        while (i > 0 || j > 0) {
            char how = step[AT(i, j)];
            slot sl;
            if (how == 'l') {
                sl = g_array_index(lines, slot, --i);
            } else if (how == 'r') {
                const fr_row *row = rows->pdata[--j];
                sl = (slot){{NULL}, row->where.page, row->where.line};
                sl.rows[p] = row;
            } else {
                sl = g_array_index(lines, slot, --i);
                sl.rows[p] = rows->pdata[--j];
            }
            g_array_prepend_val(out, sl);
        }
#undef AT
        g_free(cost);
        g_free(step);
        g_ptr_array_free(rows, TRUE);
        g_array_free(lines, TRUE);
        lines = out;
    }
    return lines;
}

static void table(GString *o, const fr_table *t)
{
    if (t->id || t->title) {
        g_string_append(o, "**");
        text(o, t->id, false);
        if (t->id && t->title)
            g_string_append_c(o, ' ');
        text(o, t->title, false);
        g_string_append(o, "**");
        if (t->unit)
            g_string_append_printf(o, "（单位：%s）", t->unit);
        g_string_append(o, "\n\n");
    }
    if (t->ncolumns == 0)
        return;
    g_string_append_c(o, '|');
    for (int c = 0; c < t->ncolumns; c++) {
        g_string_append_c(o, ' ');
        const char *p = t->columns[c].path;
        if (t->npanels > 1 && t->panel_labels && t->panel_labels[t->columns[c].panel] && !p)
            p = t->panel_labels[t->columns[c].panel];
        text(o, p && *p ? p : " ", true);
        g_string_append(o, " |");
    }
    g_string_append(o, "\n|");
    for (int c = 0; c < t->ncolumns; c++)
        g_string_append(o, t->columns[c].role == FR_COL_DATA ? " ---: |" : " --- |");
    g_string_append_c(o, '\n');
    /* one Markdown line per printed line (align_panels) */
    GArray *slots = align_panels(t);
    for (guint l = 0; l < slots->len; l++) {
        const slot *sl = &g_array_index(slots, slot, l);
        g_string_append_c(o, '|');
        for (int c = 0; c < t->ncolumns; c++) {
            int p = t->columns[c].panel;
            const fr_row *r = p >= 0 && p < MD_MAX_PANELS ? sl->rows[p] : NULL;
            g_string_append_c(o, ' ');
            if (r)
                row_column(o, t, r, c);
            g_string_append(o, " |");
        }
        g_string_append_c(o, '\n');
    }
    g_array_free(slots, TRUE);
    g_string_append_c(o, '\n');
    for (size_t n = 0; n < t->notes.len; n++) {
        text(o, t->notes.items[n], false);
        g_string_append(o, "\n\n");
    }
}

/* Before the first block of a page recognised by OCR, a line that says so, with
 * the lowest word confidence of what the page gave (blocks and table rows) */
static void ocr_mark(GString *o, const fr_doc *d, size_t i, int *marked)
{
    const fr_block *b = fr_doc_block(d, i);
    if (!b->where.ocr || b->where.page == *marked)
        return;
    int page = b->where.page, low = 100;
    for (size_t k = i; k < d->blocks.len; k++) {
        const fr_block *x = fr_doc_block(d, k);
        if (x->where.page > page && x->kind != FR_BLOCK_TABLE)
            break;
        if (x->where.ocr && x->where.page == page)
            low = MIN(low, x->where.conf);
        for (size_t r = 0; x->kind == FR_BLOCK_TABLE && r < x->table->rows.len; r++) {
            const fr_row *row = fr_table_row(x->table, r);
            if (row->where.ocr && row->where.page == page)
                low = MIN(low, row->where.conf);
        }
    }
    g_string_append_printf(o, "*p. %d: recognised by OCR (lowest word confidence %d%%)*\n\n", page, low);
    *marked = page;
}

static int md_write(const fr_doc *d, FILE *out, fr_error *err)
{
    GString *o = g_string_sized_new(1 << 16);
    if (d->meta.title) {
        /* an HTML comment: safe text with no "--" in it, so a title cannot end it */
        char *title = fr_text_safe(d->meta.title);
        while (strstr(title, "--")) {
            char **parts = g_strsplit(title, "--", -1);
            g_free(title);
            title = g_strjoinv("- -", parts);
            g_strfreev(parts);
        }
        g_string_append(o, "<!-- ");
        g_string_append(o, title);
        g_string_append(o, " -->\n\n");
        g_free(title);
    }
    int marked = 0;
    for (size_t i = 0; i < d->blocks.len; i++) {
        const fr_block *b = fr_doc_block(d, i);
        ocr_mark(o, d, i, &marked);
        switch (b->kind) {
        case FR_BLOCK_HEADING:
            for (int k = 0; k < (b->level < 1 ? 1 : b->level > 6 ? 6 : b->level); k++)
                g_string_append_c(o, '#');
            g_string_append_c(o, ' ');
            text(o, b->number, false);
            if (b->number && b->text && *b->text && b->level == 1)
                g_string_append_c(o, ' ');
            text(o, b->text, false);
            g_string_append(o, "\n\n");
            break;
        case FR_BLOCK_PARAGRAPH:
        case FR_BLOCK_NOTE:
            /* a line starting with "1." would become a list: escape the dot */
            if (b->text && g_ascii_isdigit(b->text[0])) {
                const char *p = b->text;
                while (g_ascii_isdigit(*p))
                    g_string_append_c(o, *p++);
                if (*p == '.' || *p == ')')
                    g_string_append_c(o, '\\');
                text(o, p, false);
            } else {
                text(o, b->text, false);
            }
            g_string_append(o, "\n\n");
            break;
        case FR_BLOCK_TABLE:
            table(o, b->table);
            break;
        }
    }
    size_t n = fwrite(o->str, 1, o->len, out);
    bool ok = n == o->len;
    g_string_free(o, TRUE);
    return ok ? FR_OK : fr_error_set(err, FR_ERR_IO, "write failed: %s", g_strerror(errno));
}

const fr_format fr_md_writer = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "md",
    .kind = FR_WRITER,
    .description = "GitHub-flavoured Markdown: headings, paragraphs, GFM tables, notes",
    .extensions = MD_EXT,
    .mime = "text/markdown",
    .write = md_write,
    .flags = FR_FORMAT_NO_FINDINGS, /* the audit is not part of this output */
};
