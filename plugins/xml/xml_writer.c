/* xml_writer.c — the whole document as XML for archives, in fiscus's own
 * namespace (schema: formats/fiscus-report.xsd), written with libxml2's
 * xmlTextWriter: meta, the document in order (headings, paragraphs, notes,
 * tables with their header tree, columns, rows, cells and notes), and the
 * diagnostics.
 *
 * Text that XML 1.0 cannot carry (control characters, invalid UTF-8) is
 * replaced by U+FFFD, so whatever a report holds the output is well-formed. */
#include "xml_out.h"

#include <string.h>

#define FR_XML_NS "https://fiscus.example/ns/report/1"

static const char *const XML_EXT[] = {"xml", NULL};

static void prov(xml_out *o, fr_prov w)
{
    xml_attr_int(o, "page", w.page);
    xml_attr_int(o, "line", w.line);
    if (w.ocr) /* recognised by OCR: the lowest confidence of its words */
        xml_attr_int(o, "ocr", w.conf);
}

static void write_meta(xml_out *o, const fr_doc *d)
{
    const fr_meta *m = &d->meta;
    xml_start(o, "meta");
    xml_element(o, "title", m->title);
    xml_element(o, "department", m->department);
    if (m->fiscal_year) {
        xml_start(o, "fiscalYear");
        xml_check(o, xmlTextWriterWriteFormatString(o->w, "%d", m->fiscal_year));
        xml_end(o);
    }
    xml_element(o, "kind", fr_kind_name(m->kind));
    if (m->unit) {
        xml_start(o, "unit");
        xml_attr_int(o, "exponent", m->unit_exponent);
        xml_text(o, m->unit);
        xml_end(o);
    }
    xml_element(o, "source", m->source);
    xml_element(o, "format", m->format);
    xml_element(o, "encoding", m->encoding);
    xml_start(o, "pageCount");
    xml_check(o, xmlTextWriterWriteFormatString(o->w, "%d", m->page_count));
    xml_end(o);
    xml_element(o, "sha256", m->sha256[0] ? m->sha256 : NULL);
    for (size_t i = 0; i + 1 < d->props.len; i += 2) {
        xml_start(o, "property");
        xml_attr(o, "name", d->props.items[i]);
        xml_text(o, d->props.items[i + 1]);
        xml_end(o);
    }
    xml_end(o);
}

static void write_cell(xml_out *o, const fr_cell *c)
{
    xml_start(o, "cell");
    if (c->ocr)
        xml_attr_int(o, "ocr", c->conf);
    if (c->kind == FR_CELL_AMOUNT) {
        char buf[48];
        xml_attr(o, "kind", "amount");
        xml_attr(o, "value", fr_decimal_format(c->amount, buf, sizeof buf));
        xml_attr_int(o, "scale", c->amount.scale);
        xml_text(o, c->text);
    } else if (c->kind == FR_CELL_TEXT) {
        xml_attr(o, "kind", "text");
        xml_text(o, c->text);
    } else {
        xml_attr(o, "kind", "empty");
    }
    xml_end(o);
}

static void write_table(xml_out *o, const fr_table *t, int index)
{
    xml_start(o, "table");
    xml_attr_int(o, "index", index);
    xml_attr(o, "id", t->id);
    xml_attr(o, "title", t->title);
    xml_attr(o, "unit", t->unit);
    if (t->unit)
        xml_attr_int(o, "unitExponent", t->unit_exponent);
    xml_attr(o, "entity", t->entity);
    xml_attr(o, "layout", fr_table_layout_name(t->layout));
    prov(o, t->where);
    GString *pages = g_string_new(NULL);
    for (int k = 0; k < t->npages; k++)
        g_string_append_printf(pages, "%s%d", k ? " " : "", t->pages[k]);
    xml_element(o, "pages", pages->str);
    g_string_free(pages, TRUE);
    if (t->npanels > 1) {
        xml_start(o, "panels");
        for (int p = 0; p < t->npanels; p++) {
            xml_start(o, "panel");
            xml_attr_int(o, "index", p);
            xml_attr(o, "label", t->panel_labels ? t->panel_labels[p] : NULL);
            xml_end(o);
        }
        xml_end(o);
    }
    xml_start(o, "header");
    for (int k = 0; k < t->nheaders; k++) {
        const fr_header *h = &t->headers[k];
        xml_start(o, "node");
        xml_attr_int(o, "index", k);
        xml_attr_int(o, "depth", h->depth);
        xml_attr_int(o, "first", h->first_leaf);
        xml_attr_int(o, "span", h->span);
        xml_attr_int(o, "parent", h->parent);
        xml_text(o, h->label);
        xml_end(o);
    }
    xml_end(o);
    xml_start(o, "columns");
    for (int c = 0; c < t->ncolumns; c++) {
        const fr_column *col = &t->columns[c];
        xml_start(o, "column");
        xml_attr_int(o, "index", c);
        xml_attr(o, "role", fr_col_role_name(col->role));
        xml_attr_int(o, "panel", col->panel);
        xml_attr(o, "path", col->path);
        xml_text(o, col->label);
        xml_end(o);
    }
    xml_end(o);
    xml_start(o, "rows");
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        xml_start(o, "row");
        xml_attr(o, "code", row->code);
        if (row->code_inferred)
            xml_attr(o, "code_inferred", "true");
        xml_attr(o, "name", row->name);
        xml_attr_int(o, "level", row->level);
        xml_attr_int(o, "panel", row->panel);
        if (row->is_total)
            xml_attr(o, "total", "true");
        prov(o, row->where);
        for (int c = 0; c < row->ncells; c++)
            write_cell(o, &row->cells[c]);
        xml_end(o);
    }
    xml_end(o);
    for (size_t n = 0; n < t->notes.len; n++)
        xml_element(o, "note", t->notes.items[n]);
    xml_end(o);
}

static int xml_write(const fr_doc *d, FILE *f, fr_error *err)
{
    xml_out o;
    if (xml_out_open(&o, f, err) != FR_OK)
        return err ? err->code : FR_ERR_IO;
    xml_check(&o, xmlTextWriterStartElementNS(o.w, NULL, BAD_CAST "report", BAD_CAST FR_XML_NS));
    xml_attr(&o, "fiscus", FISCUS_VERSION);
    write_meta(&o, d);
    xml_start(&o, "body");
    int ntables = 0;
    for (size_t i = 0; i < d->blocks.len; i++) {
        const fr_block *b = fr_doc_block(d, i);
        switch (b->kind) {
        case FR_BLOCK_HEADING:
            xml_start(&o, "heading");
            xml_attr_int(&o, "level", b->level);
            xml_attr(&o, "number", b->number);
            prov(&o, b->where);
            xml_text(&o, b->text);
            xml_end(&o);
            break;
        case FR_BLOCK_PARAGRAPH:
        case FR_BLOCK_NOTE:
            xml_start(&o, b->kind == FR_BLOCK_NOTE ? "note" : "paragraph");
            prov(&o, b->where);
            xml_text(&o, b->text);
            xml_end(&o);
            break;
        case FR_BLOCK_TABLE:
            write_table(&o, b->table, ntables++);
            break;
        }
    }
    xml_end(&o);
    xml_start(&o, "diagnostics");
    for (size_t i = 0; i < d->diags.len; i++) {
        const fr_diag *g = d->diags.items[i];
        xml_start(&o, "diagnostic");
        xml_attr(&o, "severity", fr_severity_name(g->severity));
        xml_attr(&o, "code", g->code);
        xml_attr(&o, "table", g->table_id);
        prov(&o, g->where);
        xml_text(&o, g->message);
        xml_end(&o);
    }
    xml_end(&o);
    xml_start(&o, "findings");
    for (size_t i = 0; i < d->findings.len; i++) {
        const fr_finding *f = d->findings.items[i];
        xml_start(&o, "finding");
        xml_attr(&o, "rule", f->rule);
        xml_attr(&o, "severity", fr_severity_name(f->severity));
        xml_attr(&o, "table", f->table);
        if (f->table_index >= 0)
            xml_attr_int(&o, "table-index", f->table_index);
        xml_attr(&o, "row", f->row);
        xml_attr(&o, "column", f->column);
        if (f->block >= 0)
            xml_attr_int(&o, "block", f->block);
        xml_attr(&o, "stated", f->stated);
        xml_attr(&o, "expected", f->expected);
        xml_attr(&o, "unit", f->unit);
        prov(&o, f->where);
        xml_element(&o, "message-zh", f->message_zh);
        xml_element(&o, "message-en", f->message_en);
        if (f->quote)
            xml_element(&o, "quote", f->quote);
        xml_end(&o);
    }
    xml_end(&o);
    xml_start(&o, "unchecked");
    for (size_t i = 0; i < d->unchecked.len; i++) {
        const fr_unchecked *u = d->unchecked.items[i];
        xml_start(&o, "not-checked");
        xml_attr(&o, "what", u->what);
        xml_attr_int(&o, "count", u->count);
        if (u->first_page > 0) {
            xml_attr_int(&o, "first-page", u->first_page);
            xml_attr_int(&o, "last-page", u->last_page);
        }
        xml_element(&o, "message-zh", u->message_zh);
        xml_element(&o, "message-en", u->message_en);
        if (u->items)
            xml_element(&o, "items", u->items);
        xml_end(&o);
    }
    xml_end(&o);
    return xml_out_close(&o, err);
}

const fr_format fr_xml_writer = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "xml",
    .kind = FR_WRITER,
    .description = "the whole document as XML for archives (schema: formats/fiscus-report.xsd)",
    .extensions = XML_EXT,
    .mime = "application/xml",
    .probe = NULL,
    .read = NULL,
    .write = xml_write,
};
