/* docx_reader.c — the "docx" reader: Word (OOXML) reports.
 *
 * The package is opened with libzip, the main document is found through
 * _rels/.rels and checked against [Content_Types].xml, its styles and
 * numbering are read, then the body is streamed into the lines the block
 * assembly shares with the txt and pdf readers; tables come from the Word
 * grid itself (docx_table.c). */
#include "docx.h"

#include <string.h>
#include <zlib.h>

static const char *const DOCX_EXT[] = {"docx", "docm", "dotx", NULL};

static bool is_word_main(const char *content_type)
{
    return content_type && (strstr(content_type, "wordprocessingml.document.main+xml") ||
                            strstr(content_type, "wordprocessingml.template.main+xml") ||
                            strstr(content_type, "ms-word.document.macroEnabled.main+xml") ||
                            strstr(content_type, "ms-word.template.macroEnabledTemplate.main+xml"));
}

/* ---- probe ---------------------------------------------------------------------
 * A zip's first local entries are in the head; Word and every library that
 * writes OOXML put [Content_Types].xml among them. It is inflated (raw
 * deflate with zlib, which libzip brings) and asked for a wordprocessingml
 * main part. */

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* The first 64 KiB of a deflated (or stored) entry; g_malloc'd text. */
static char *inflate_head(const unsigned char *data, size_t len, bool stored)
{
    if (stored)
        return g_strndup((const char *)data, MIN(len, 65536));
    char *out = g_malloc0(65537);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) /* raw deflate, as zip stores it */
        return out;
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)MIN(len, (size_t)UINT_MAX);
    z.next_out = (Bytef *)out;
    z.avail_out = 65536;
    inflate(&z, Z_SYNC_FLUSH);
    out[65536 - z.avail_out] = '\0';
    inflateEnd(&z);
    return out;
}

static int docx_probe(const unsigned char *head, size_t len)
{
    if (len < 30 || memcmp(head, "PK\3\4", 4) != 0)
        return 0;
    size_t off = 0;
    bool word = false;
    for (int entry = 0; entry < 64 && off + 30 <= len && memcmp(head + off, "PK\3\4", 4) == 0; entry++) {
        unsigned flags = le16(head + off + 6), method = le16(head + off + 8);
        unsigned long csize = le32(head + off + 18);
        size_t nlen = le16(head + off + 26), xlen = le16(head + off + 28);
        if (off + 30 + nlen > len)
            break;
        const char *name = (const char *)head + off + 30;
        size_t data = off + 30 + nlen + xlen;
        if (nlen >= 5 && memcmp(name, "word/", 5) == 0)
            word = true;
        if (nlen == 19 && memcmp(name, "[Content_Types].xml", 19) == 0 && data < len && (method == 0 || method == 8)) {
            size_t avail = len - data;
            if (!(flags & 8) && csize < avail)
                avail = csize;
            char *types = inflate_head(head + data, avail, method == 0);
            bool yes = is_word_main(types), other = strstr(types, "main+xml") != NULL;
            g_free(types);
            if (yes)
                return 100;
            if (other)
                return 5; /* a spreadsheet or a presentation */
        }
        if (flags & 8)
            break; /* sizes follow the data: the next entry cannot be found from here */
        off = data + csize;
    }
    return word ? 60 : 10;
}

/* ---- core properties ---------------------------------------------------------- */

typedef struct core_reading {
    fr_doc *doc;
    const char *key;   /* the property being read, or NULL */
    GString *text;
} core_reading;

static const char *const CORE_KEYS[] = {"title", "subject", "creator", "created", "modified", "lastModifiedBy", NULL};

static void core_start(void *ctx, const docx_elem *e)
{
    core_reading *c = ctx;
    c->key = NULL;
    if (e->depth != 1)
        return;
    for (int k = 0; CORE_KEYS[k]; k++)
        if (strcmp(e->local, CORE_KEYS[k]) == 0)
            c->key = CORE_KEYS[k];
    g_string_truncate(c->text, 0);
}

static void core_text(void *ctx, const char *s, int len)
{
    core_reading *c = ctx;
    if (c->key && c->text->len < 2000)
        g_string_append_len(c->text, s, len);
}

static void core_end(void *ctx, const char *local, int depth)
{
    (void)local;
    core_reading *c = ctx;
    if (depth == 1 && c->key) {
        char *t = g_strstrip(fr_text_normalize(c->text->str, c->text->len));
        if (*t && g_utf8_strlen(t, -1) <= 500)
            fr_doc_set_prop(c->doc, c->key, t);
        g_free(t);
    }
    c->key = NULL;
}

static void read_core(docx_pkg *pkg, const char *core, fr_doc *doc)
{
    if (core && docx_pkg_has(pkg, core)) {
        core_reading c = {doc, NULL, g_string_new(NULL)};
        docx_walker w = {core_start, core_end, core_text, &c, false};
        docx_part_walk(pkg, core, &w, NULL); /* core.xml is optional: a bad one is ignored */
        g_string_free(c.text, TRUE);
    }
}

/* ---- read --------------------------------------------------------------------------- */

static int docx_read(const fr_input *in, fr_doc *doc, fr_error *err)
{
    xmlInitParser();
    docx_pkg pkg;
    int rc = docx_pkg_open(&pkg, in->data, in->len, err);
    if (rc != FR_OK)
        return rc;
    static const char *const PACKAGE_RELS[] = {"officeDocument", "core-properties"};
    static const char *const DOCUMENT_RELS[] = {"styles", "numbering"};
    char *pkg_parts[2] = {NULL, NULL}, *doc_parts[2] = {NULL, NULL}, *type = NULL;
    docx_styles *st = NULL;
    docx_body body = {0};
    fr_error local = {0};
    rc = docx_rel_targets(&pkg, "", PACKAGE_RELS, pkg_parts, 2, err);
    const char *main_part = pkg_parts[0];
    if (rc != FR_OK)
        goto done;
    if (!main_part) {
        rc = fr_error_set(err, FR_ERR_INPUT, "not a Word document: the package names no main document (_rels/.rels)");
        goto done;
    }
    if (!docx_pkg_has(&pkg, main_part)) {
        rc = fr_error_set(err, FR_ERR_INPUT, "not a Word document: its main part %s is missing", main_part);
        goto done;
    }
    type = docx_content_type(&pkg, main_part, &local);
    if (!is_word_main(type)) {
        rc = fr_error_set(err, FR_ERR_INPUT, "not a Word document: its main part %s is %s", main_part,
                          type ? type : "of no declared content type");
        goto done;
    }
    docx_rel_targets(&pkg, main_part, DOCUMENT_RELS, doc_parts, 2, &local); /* both optional */
    rc = docx_styles_load(&pkg, doc_parts[0], doc_parts[1], &st, err);
    if (rc != FR_OK)
        goto done;
    read_core(&pkg, pkg_parts[1], doc);
    rc = docx_body_read(&pkg, main_part, st, doc, &body, err);
    if (rc != FR_OK)
        goto done;
    if (body.lines->len == 0) {
        rc = fr_error_set(err, FR_ERR_INPUT, "the document has no text");
        goto done;
    }
    if (body.warnings_nested)
        fr_doc_diag(doc, FR_SEV_WARNING, "docx.nested", (fr_prov){.page = 0, .line = 0}, NULL,
                    "%d tables nested in table cells are kept as the text of their cells", body.warnings_nested);
    lay_doc td = {0};
    td.lines = (lay_line *)(void *)body.lines->data;
    td.n = body.lines->len;
    td.pages = body.pages;
    td.body_width = lay_body_width(&td);
    doc->meta.page_count = body.pages;
    lay_emit_blocks(doc, &td, docx_parse_table);
    const char *title = fr_doc_prop(doc, "title");
    if (!doc->meta.title && title)
        doc->meta.title = title;
done:
    docx_body_free(&body);
    docx_styles_free(st);
    for (int k = 0; k < 2; k++) {
        g_free(pkg_parts[k]);
        g_free(doc_parts[k]);
    }
    g_free(type);
    docx_pkg_close(&pkg);
    return rc;
}

const fr_format fr_docx_reader = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "docx",
    .kind = FR_READER,
    .description = "Word (OOXML) document: styles, numbering and merged-cell tables, read with libzip and libxml2",
    .extensions = DOCX_EXT,
    .mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    .probe = docx_probe,
    .read = docx_read,
    .write = NULL,
};
