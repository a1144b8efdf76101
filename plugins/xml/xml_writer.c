/* xml_writer.c — the whole document as XML for archives, in fiscus's own
 * namespace (schema: formats/fiscus-report.xsd), written with libxml2's
 * xmlTextWriter: meta, the document in order (headings, paragraphs, notes,
 * tables with their header tree, columns, rows, cells and notes), and the
 * diagnostics.
 *
 * Text that XML 1.0 cannot carry (control characters, invalid UTF-8) is
 * replaced by U+FFFD, so whatever a report holds the output is well-formed. */
#include "../../core/fiscus.h"

#include <glib.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#define FR_XML_NS "https://fiscus.example/ns/report/1"

static const char *const XML_EXT[] = {"xml", NULL};

/* A copy of s that XML 1.0 can carry. */
static char *xml_safe(const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);
    GString *g = g_string_sized_new(strlen(valid));
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        bool ok = u == 0x9 || u == 0xA || u == 0xD || (u >= 0x20 && u <= 0xD7FF) || (u >= 0xE000 && u <= 0xFFFD) ||
                  (u >= 0x10000 && u <= 0x10FFFF);
        g_string_append_unichar(g, ok ? u : 0xFFFD);
    }
    g_free(valid);
    return g_string_free(g, FALSE);
}

typedef struct out {
    xmlTextWriterPtr w;
    int rc; /* the first libxml2 failure, < 0 */
} out;

static void check(out *o, int rc)
{
    if (rc < 0 && o->rc >= 0)
        o->rc = rc;
}

static void start(out *o, const char *name) { check(o, xmlTextWriterStartElement(o->w, BAD_CAST name)); }
static void end(out *o) { check(o, xmlTextWriterEndElement(o->w)); }

static void attr(out *o, const char *name, const char *value)
{
    if (!value)
        return;
    char *v = xml_safe(value);
    check(o, xmlTextWriterWriteAttribute(o->w, BAD_CAST name, BAD_CAST v));
    g_free(v);
}

static void attr_int(out *o, const char *name, long v)
{
    check(o, xmlTextWriterWriteFormatAttribute(o->w, BAD_CAST name, "%ld", v));
}

static void text(out *o, const char *s)
{
    if (!s)
        return;
    char *v = xml_safe(s);
    check(o, xmlTextWriterWriteString(o->w, BAD_CAST v));
    g_free(v);
}

/* <name>text</name>, left out when text is NULL */
static void element(out *o, const char *name, const char *s)
{
    if (!s)
        return;
    start(o, name);
    text(o, s);
    end(o);
}

static void prov(out *o, fr_prov w)
{
    attr_int(o, "page", w.page);
    attr_int(o, "line", w.line);
}

static void write_meta(out *o, const fr_doc *d)
{
    const fr_meta *m = &d->meta;
    start(o, "meta");
    element(o, "title", m->title);
    element(o, "department", m->department);
    if (m->fiscal_year) {
        start(o, "fiscalYear");
        check(o, xmlTextWriterWriteFormatString(o->w, "%d", m->fiscal_year));
        end(o);
    }
    element(o, "kind", fr_kind_name(m->kind));
    if (m->unit) {
        start(o, "unit");
        attr_int(o, "exponent", m->unit_exponent);
        text(o, m->unit);
        end(o);
    }
    element(o, "source", m->source);
    element(o, "format", m->format);
    element(o, "encoding", m->encoding);
    start(o, "pageCount");
    check(o, xmlTextWriterWriteFormatString(o->w, "%d", m->page_count));
    end(o);
    element(o, "sha256", m->sha256[0] ? m->sha256 : NULL);
    for (size_t i = 0; i + 1 < d->props.len; i += 2) {
        start(o, "property");
        attr(o, "name", d->props.items[i]);
        text(o, d->props.items[i + 1]);
        end(o);
    }
    end(o);
}

static void write_cell(out *o, const fr_cell *c)
{
    start(o, "cell");
    if (c->kind == FR_CELL_AMOUNT) {
        char buf[48];
        attr(o, "kind", "amount");
        attr(o, "value", fr_decimal_format(c->amount, buf, sizeof buf));
        attr_int(o, "scale", c->amount.scale);
        text(o, c->text);
    } else if (c->kind == FR_CELL_TEXT) {
        attr(o, "kind", "text");
        text(o, c->text);
    } else {
        attr(o, "kind", "empty");
    }
    end(o);
}

static void write_table(out *o, const fr_table *t, int index)
{
    start(o, "table");
    attr_int(o, "index", index);
    attr(o, "id", t->id);
    attr(o, "title", t->title);
    attr(o, "unit", t->unit);
    if (t->unit)
        attr_int(o, "unitExponent", t->unit_exponent);
    attr(o, "entity", t->entity);
    attr(o, "layout", fr_table_layout_name(t->layout));
    prov(o, t->where);
    GString *pages = g_string_new(NULL);
    for (int k = 0; k < t->npages; k++)
        g_string_append_printf(pages, "%s%d", k ? " " : "", t->pages[k]);
    element(o, "pages", pages->str);
    g_string_free(pages, TRUE);
    if (t->npanels > 1) {
        start(o, "panels");
        for (int p = 0; p < t->npanels; p++) {
            start(o, "panel");
            attr_int(o, "index", p);
            attr(o, "label", t->panel_labels ? t->panel_labels[p] : NULL);
            end(o);
        }
        end(o);
    }
    start(o, "header");
    for (int k = 0; k < t->nheaders; k++) {
        const fr_header *h = &t->headers[k];
        start(o, "node");
        attr_int(o, "index", k);
        attr_int(o, "depth", h->depth);
        attr_int(o, "first", h->first_leaf);
        attr_int(o, "span", h->span);
        attr_int(o, "parent", h->parent);
        text(o, h->label);
        end(o);
    }
    end(o);
    start(o, "columns");
    for (int c = 0; c < t->ncolumns; c++) {
        const fr_column *col = &t->columns[c];
        start(o, "column");
        attr_int(o, "index", c);
        attr(o, "role", fr_col_role_name(col->role));
        attr_int(o, "panel", col->panel);
        attr(o, "path", col->path);
        text(o, col->label);
        end(o);
    }
    end(o);
    start(o, "rows");
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        start(o, "row");
        attr(o, "code", row->code);
        attr(o, "name", row->name);
        attr_int(o, "level", row->level);
        attr_int(o, "panel", row->panel);
        if (row->is_total)
            attr(o, "total", "true");
        prov(o, row->where);
        for (int c = 0; c < row->ncells; c++)
            write_cell(o, &row->cells[c]);
        end(o);
    }
    end(o);
    for (size_t n = 0; n < t->notes.len; n++)
        element(o, "note", t->notes.items[n]);
    end(o);
}

static int xml_write(const fr_doc *d, FILE *f, fr_error *err)
{
    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(f, NULL);
    if (!buf)
        return fr_error_set(err, FR_ERR_IO, "cannot write XML");
    xmlTextWriterPtr w = xmlNewTextWriter(buf); /* owns buf from here */
    if (!w) {
        xmlOutputBufferClose(buf);
        return fr_error_set(err, FR_ERR_IO, "cannot write XML");
    }
    out o = {w, 0};
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    check(&o, xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    check(&o, xmlTextWriterStartElementNS(w, NULL, BAD_CAST "report", BAD_CAST FR_XML_NS));
    attr(&o, "fiscus", FISCUS_VERSION);
    write_meta(&o, d);
    start(&o, "body");
    int ntables = 0;
    for (size_t i = 0; i < d->blocks.len; i++) {
        const fr_block *b = fr_doc_block(d, i);
        switch (b->kind) {
        case FR_BLOCK_HEADING:
            start(&o, "heading");
            attr_int(&o, "level", b->level);
            attr(&o, "number", b->number);
            prov(&o, b->where);
            text(&o, b->text);
            end(&o);
            break;
        case FR_BLOCK_PARAGRAPH:
        case FR_BLOCK_NOTE:
            start(&o, b->kind == FR_BLOCK_NOTE ? "note" : "paragraph");
            prov(&o, b->where);
            text(&o, b->text);
            end(&o);
            break;
        case FR_BLOCK_TABLE:
            write_table(&o, b->table, ntables++);
            break;
        }
    }
    end(&o);
    start(&o, "diagnostics");
    for (size_t i = 0; i < d->diags.len; i++) {
        const fr_diag *g = d->diags.items[i];
        start(&o, "diagnostic");
        attr(&o, "severity", fr_severity_name(g->severity));
        attr(&o, "code", g->code);
        attr(&o, "table", g->table_id);
        prov(&o, g->where);
        text(&o, g->message);
        end(&o);
    }
    end(&o);
    check(&o, xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w); /* flushes and closes buf, not f */
    if (o.rc < 0)
        return fr_error_set(err, FR_ERR_IO, "writing XML failed");
    return FR_OK;
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
