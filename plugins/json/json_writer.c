/* json_writer.c — the whole IR as JSON (schema: formats/fiscus.schema.json).
 * Amounts are JSON numbers printed at their printed precision (468.70). */
#include "../../core/fr_glib.h"

#include <errno.h>
#include <string.h>

static const char *const JSON_EXT[] = {"json", NULL};

static void str(GString *o, const char *s) { fr_gstring_append_json(o, s); }

static void key(GString *o, const char *k)
{
    str(o, k);
    g_string_append_c(o, ':');
}

static void num(GString *o, long long v) { fr_gstring_append_int(o, v); }

/* The text so far goes out once it passes 64 KiB, so that a large document is not held
 * twice (IR and JSON); *ok turns false on a short write. */
static void spill(GString *o, FILE *out, bool *ok)
{
    if (o->len < (1u << 16))
        return;
    if (fwrite(o->str, 1, o->len, out) != o->len)
        *ok = false;
    g_string_truncate(o, 0);
}

static void prov(GString *o, fr_prov w)
{
    g_string_append(o, "\"page\":");
    num(o, w.page);
    g_string_append(o, ",\"line\":");
    num(o, w.line);
    if (w.ocr) { /* recognised by OCR: the lowest confidence of its words */
        g_string_append(o, ",\"ocr\":");
        num(o, w.conf);
    }
}

static void cell(GString *o, const fr_cell *c)
{
    char buf[64];
    if (c->kind == FR_CELL_AMOUNT)
        g_string_append(o, fr_decimal_format(c->amount, buf, sizeof buf));
    else if (c->kind == FR_CELL_TEXT)
        str(o, c->text);
    else
        g_string_append(o, "null");
}

static void table(GString *o, const fr_table *t, FILE *out, bool *ok)
{
    g_string_append_c(o, '{');
    key(o, "id"); str(o, t->id);
    g_string_append_c(o, ','); key(o, "title"); str(o, t->title);
    g_string_append_c(o, ','); key(o, "unit"); str(o, t->unit);
    g_string_append_printf(o, ",\"unit_exponent\":%d", t->unit_exponent);
    g_string_append_c(o, ','); key(o, "entity"); str(o, t->entity);
    g_string_append_c(o, ','); key(o, "layout"); str(o, fr_table_layout_name(t->layout));
    g_string_append(o, ",\"panels\":[");
    for (int p = 0; p < t->npanels; p++) {
        if (p) g_string_append_c(o, ',');
        str(o, t->panel_labels ? t->panel_labels[p] : NULL);
    }
    g_string_append(o, "],\"pages\":[");
    for (int p = 0; p < t->npages; p++) {
        if (p) g_string_append_c(o, ',');
        num(o, t->pages[p]);
    }
    g_string_append(o, "],\"header\":[");
    for (int h = 0; h < t->nheaders; h++) {
        const fr_header *x = &t->headers[h];
        g_string_append(o, h ? ",{\"label\":" : "{\"label\":");
        str(o, x->label);
        g_string_append(o, ",\"depth\":"); num(o, x->depth);
        g_string_append(o, ",\"first\":"); num(o, x->first_leaf);
        g_string_append(o, ",\"span\":"); num(o, x->span);
        g_string_append(o, ",\"parent\":"); num(o, x->parent);
        g_string_append_c(o, '}');
    }
    g_string_append(o, "],\"columns\":[");
    for (int c = 0; c < t->ncolumns; c++) {
        const fr_column *x = &t->columns[c];
        g_string_append(o, c ? ",{\"label\":" : "{\"label\":");
        str(o, x->label);
        g_string_append(o, ",\"path\":");
        str(o, x->path);
        g_string_append(o, ",\"role\":\"");
        g_string_append(o, fr_col_role_name(x->role));
        g_string_append(o, "\",\"panel\":"); num(o, x->panel);
        g_string_append_c(o, '}');
    }
    g_string_append(o, "],\"rows\":[");
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *x = fr_table_row(t, r);
        g_string_append(o, r ? ",\n{" : "\n{");
        key(o, "code"); str(o, x->code);
        if (x->code_inferred)
            g_string_append(o, ",\"code_inferred\":true");
        g_string_append_c(o, ','); key(o, "name"); str(o, x->name);
        g_string_append(o, ",\"level\":"); num(o, x->level);
        g_string_append(o, ",\"panel\":"); num(o, x->panel);
        g_string_append(o, x->is_total ? ",\"total\":true" : ",\"total\":false");
        if (t->layout == FR_TABLE_OVERVIEW)
            g_string_append(o, x->panel == 0 ? ",\"side\":\"income\"" : ",\"side\":\"expenditure\"");
        g_string_append(o, ",\"cells\":[");
        for (int c = 0; c < x->ncells; c++) {
            if (c) g_string_append_c(o, ',');
            cell(o, &x->cells[c]);
        }
        g_string_append(o, "],");
        if (x->where.ocr) { /* each cell's OCR confidence, null where it was blank */
            g_string_append(o, "\"cells_ocr\":[");
            for (int c = 0; c < x->ncells; c++) {
                if (c) g_string_append_c(o, ',');
                if (x->cells[c].ocr)
                    num(o, x->cells[c].conf);
                else
                    g_string_append(o, "null");
            }
            g_string_append(o, "],");
        }
        prov(o, x->where);
        g_string_append_c(o, '}');
        spill(o, out, ok);
    }
    g_string_append(o, "],\"notes\":[");
    for (size_t n = 0; n < t->notes.len; n++) {
        if (n) g_string_append_c(o, ',');
        str(o, t->notes.items[n]);
    }
    g_string_append(o, "],");
    prov(o, t->where);
    g_string_append_c(o, '}');
}

static int json_write(const fr_doc *d, FILE *out, fr_error *err)
{
    GString *o = g_string_sized_new(1 << 17);
    bool ok = true;
    const fr_meta *m = &d->meta;
    g_string_append(o, "{\"fiscus\":\"" FISCUS_VERSION "\",\n\"meta\":{");
    key(o, "title"); str(o, m->title);
    g_string_append_c(o, ','); key(o, "department"); str(o, m->department);
    if (m->fiscal_year)
        g_string_append_printf(o, ",\"fiscal_year\":%d", m->fiscal_year);
    else
        g_string_append(o, ",\"fiscal_year\":null");
    g_string_append_c(o, ','); key(o, "kind"); str(o, m->kind ? fr_kind_name(m->kind) : NULL);
    g_string_append_c(o, ','); key(o, "unit"); str(o, m->unit);
    g_string_append_printf(o, ",\"unit_exponent\":%d", m->unit_exponent);
    g_string_append_c(o, ','); key(o, "source"); str(o, m->source);
    g_string_append_c(o, ','); key(o, "format"); str(o, m->format);
    g_string_append_c(o, ','); key(o, "encoding"); str(o, m->encoding);
    g_string_append_printf(o, ",\"page_count\":%d,\"sha256\":\"%s\"", m->page_count, m->sha256);
    if (d->props.len >= 2) {
        g_string_append(o, ",\"properties\":{");
        for (size_t i = 0; i + 1 < d->props.len; i += 2) {
            if (i)
                g_string_append_c(o, ',');
            key(o, d->props.items[i]);
            str(o, d->props.items[i + 1]);
        }
        g_string_append_c(o, '}');
    }
    g_string_append(o, "},\n\"blocks\":[");
    int ntables = 0;
    for (size_t i = 0; i < d->blocks.len; i++) {
        const fr_block *b = fr_doc_block(d, i);
        g_string_append(o, i ? ",\n{" : "\n{");
        switch (b->kind) {
        case FR_BLOCK_HEADING:
            g_string_append_printf(o, "\"type\":\"heading\",\"level\":%d,\"number\":", b->level);
            str(o, b->number);
            g_string_append(o, ",\"text\":");
            str(o, b->text);
            break;
        case FR_BLOCK_PARAGRAPH:
        case FR_BLOCK_NOTE:
            g_string_append_printf(o, "\"type\":\"%s\",\"text\":", b->kind == FR_BLOCK_NOTE ? "note" : "paragraph");
            str(o, b->text);
            break;
        case FR_BLOCK_TABLE:
            g_string_append_printf(o, "\"type\":\"table\",\"table\":%d", ntables++);
            break;
        }
        g_string_append_c(o, ',');
        prov(o, b->where);
        g_string_append_c(o, '}');
        spill(o, out, &ok);
    }
    g_string_append(o, "],\n\"tables\":[");
    ntables = 0;
    for (size_t i = 0; i < d->blocks.len; i++) {
        const fr_block *b = fr_doc_block(d, i);
        if (b->kind != FR_BLOCK_TABLE)
            continue;
        if (ntables++)
            g_string_append(o, ",\n");
        table(o, b->table, out, &ok);
    }
    g_string_append(o, "],\n\"diagnostics\":[");
    for (size_t i = 0; i < d->diags.len; i++) {
        const fr_diag *g = d->diags.items[i];
        g_string_append(o, i ? ",{" : "{");
        g_string_append_printf(o, "\"severity\":\"%s\",\"code\":",
                               fr_severity_name(g->severity));
        str(o, g->code);
        g_string_append(o, ",\"message\":");
        str(o, g->message);
        g_string_append(o, ",\"table\":");
        str(o, g->table_id);
        g_string_append_c(o, ',');
        prov(o, g->where);
        g_string_append_c(o, '}');
        spill(o, out, &ok);
    }
    g_string_append(o, "],\n\"findings\":[");
    for (size_t i = 0; i < d->findings.len; i++) {
        if (i)
            g_string_append(o, ",\n");
        fr_gstring_append_finding_json(o, d->findings.items[i]);
        spill(o, out, &ok);
    }
    g_string_append(o, "],\n\"unchecked\":[");
    for (size_t i = 0; i < d->unchecked.len; i++) {
        if (i)
            g_string_append(o, ",\n");
        fr_gstring_append_unchecked_json(o, d->unchecked.items[i]);
    }
    g_string_append(o, "]}\n");
    if (fwrite(o->str, 1, o->len, out) != o->len)
        ok = false;
    g_string_free(o, TRUE);
    return ok ? FR_OK : fr_error_set(err, FR_ERR_IO, "write failed: %s", g_strerror(errno));
}

const fr_format fr_json_writer = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "json",
    .kind = FR_WRITER,
    .description = "the whole IR as JSON (formats/fiscus.schema.json)",
    .extensions = JSON_EXT,
    .mime = "application/json",
    .write = json_write,
};
