/* fuzz_docxml.c — libFuzzer harness for the DOCX body reader: the fuzzer's bytes are
 * word/document.xml, packed (stored, with good CRCs) into a package with content types,
 * relationships and a small styles.xml, then read like any DOCX (fuzz_reader.h). The
 * byte-level docx harness mostly breaks the zip; this one reaches the XML: paragraphs,
 * runs, tables, merges, nesting, attributes, text split by the parser. Seeds: the corpus
 * reports' document.xml (tools/fuzz.sh extracts them). */
#include "fuzz_reader.h"

#include <zip.h>

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char PACKAGE_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";
static const char DOCUMENT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";
static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"1\"/></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"B\"><w:name w:val=\"Strong\"/><w:rPr><w:b/></w:rPr></w:style>"
    "</w:styles>";

static int add(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    if (!s)
        return -1;
    zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        zip_source_free(s);
        return -1;
    }
    return zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* The package around document.xml, in a malloc'd buffer; NULL if libzip fails */
static unsigned char *package(const unsigned char *xml, size_t len, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        return NULL;
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    int bad = add(z, "[Content_Types].xml", CONTENT_TYPES, strlen(CONTENT_TYPES)) ||
              add(z, "_rels/.rels", PACKAGE_RELS, strlen(PACKAGE_RELS)) ||
              add(z, "word/_rels/document.xml.rels", DOCUMENT_RELS, strlen(DOCUMENT_RELS)) ||
              add(z, "word/styles.xml", STYLES, strlen(STYLES)) || add(z, "word/document.xml", xml, len);
    if (bad || zip_close(z) != 0) {
        if (bad)
            zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    unsigned char *buf = NULL;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
        buf = malloc(st.size ? st.size : 1);
        if (buf && zip_source_read(src, buf, st.size) == (zip_int64_t)st.size) {
            *out_len = st.size;
        } else {
            free(buf);
            buf = NULL;
        }
        zip_source_close(src);
    }
    zip_source_free(src);
    return buf;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    size_t len = 0;
    unsigned char *docx = package(data, size, &len);
    if (!docx)
        return 0;
    fuzz_read("docx", "fuzz.docx", docx, len);
    free(docx);
    return 0;
}
