/* md_writer.c — GitHub-flavoured Markdown: headings, paragraphs, notes, and
 * every table as a GFM table (code and name columns, flattened multi-level
 * headings "财政拨款收入 / 一般公共预算", right-aligned amounts). Side-by-side
 * panels (收入 | 支出) are printed side by side, their k-th rows on line k. */
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

static bool panel_has_code(const fr_table *t, int panel)
{
    for (int c = 0; c < t->ncolumns; c++)
        if (t->columns[c].panel == panel && t->columns[c].role == FR_COL_CODE)
            return true;
    return false;
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
    /* rows of each panel, paired by position */
    GPtrArray *panel_rows[16];
    int np = t->npanels < 16 ? t->npanels : 16;
    guint nlines = 0;
    for (int p = 0; p < np; p++) {
        panel_rows[p] = g_ptr_array_new();
        for (size_t r = 0; r < t->rows.len; r++)
            if (fr_table_row(t, r)->panel == p)
                g_ptr_array_add(panel_rows[p], fr_table_row(t, r));
        if (panel_rows[p]->len > nlines)
            nlines = panel_rows[p]->len;
    }
    for (guint l = 0; l < nlines; l++) {
        g_string_append_c(o, '|');
        for (int c = 0; c < t->ncolumns; c++) {
            int p = t->columns[c].panel;
            const fr_row *r = p < np && l < panel_rows[p]->len ? panel_rows[p]->pdata[l] : NULL;
            g_string_append_c(o, ' ');
            if (r) {
                if (t->columns[c].role == FR_COL_CODE) {
                    text(o, r->code, true);
                    if (r->code_inferred)
                        g_string_append(o, " (inferred)");
                } else if (t->columns[c].role == FR_COL_NAME) {
                    text(o, r->name, true);
                    /* a code inferred where the table prints none: beside the name */
                    if (r->code_inferred && !panel_has_code(t, p)) {
                        g_string_append(o, " (");
                        text(o, r->code, true);
                        g_string_append(o, ", inferred)");
                    }
                }
                else {
                    const fr_cell *x = row_cell(t, r, c);
                    if (x && x->kind != FR_CELL_EMPTY)
                        text(o, x->text, true);
                }
            }
            g_string_append(o, " |");
        }
        g_string_append_c(o, '\n');
    }
    for (int p = 0; p < np; p++)
        g_ptr_array_free(panel_rows[p], TRUE);
    g_string_append_c(o, '\n');
    for (size_t n = 0; n < t->notes.len; n++) {
        text(o, t->notes.items[n], false);
        g_string_append(o, "\n\n");
    }
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
    for (size_t i = 0; i < d->blocks.len; i++) {
        const fr_block *b = fr_doc_block(d, i);
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
