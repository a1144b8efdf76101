/* txt_reader.c — the plain-text reader: text pulled out of a published PDF,
 * with wrapped lines, page furniture and tables as runs of words.
 *
 * Lines → pages (a line that starts with one space, or a run of blank lines,
 * begins a page) → blocks: cover, table of contents, headings by their
 * numbering, paragraphs with the wraps undone, notes, and tables: the shared
 * layout code (plugins/layout/) does all but the first two steps. */
#include "../layout/layout.h"

#include <stdlib.h>
#include <string.h>

#define TXT_MAX_LINES 4000000u

static const char *const TXT_EXT[] = {"txt", "text", NULL};

/* ---- probe ------------------------------------------------------------------ */

static int txt_probe(const unsigned char *head, size_t len)
{
    if (len == 0)
        return 0;
    if (memchr(head, 0, len))
        return 0;
    size_t n = len;
    /* a UTF-8 sequence may be cut at the end of the probe window */
    const char *end = NULL;
    if (!g_utf8_validate((const char *)head, (gssize)n, &end) && (size_t)(end - (const char *)head) + 4 < n) {
        /* not UTF-8: GB18030 text is still text */
        gsize w = 0;
        char *c = g_convert((const char *)head, (gssize)(len > 4096 ? 4096 : len), "UTF-8", "GB18030", NULL, &w, NULL);
        if (!c)
            return 0;
        g_free(c);
        return 30;
    }
    int score = 20;
    const char *s = (const char *)head;
    if (g_strstr_len(s, (gssize)len, "预算") || g_strstr_len(s, (gssize)len, "决算") ||
        g_strstr_len(s, (gssize)len, "部分"))
        score = 40;
    return score;
}

/* ---- lines ------------------------------------------------------------------- */

static bool is_space_char(gunichar u) { return u == ' ' || u == '\t' || u == 0x3000 || u == 0xA0 || u == '\r'; }

static void build_lines(lay_doc *td, char *text)
{
    GArray *lines = g_array_new(FALSE, TRUE, sizeof(lay_line));
    int lineno = 0, page = 1, blank_run = 0;
    bool seen_content = false;
    char *p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        char *next = nl ? nl + 1 : p + strlen(p);
        if (nl)
            *nl = '\0';
        lineno++;
        if (lineno > (int)TXT_MAX_LINES)
            break;
        /* form feed: an explicit page break */
        bool ff = false;
        while (*p == '\f') {
            ff = true;
            p++;
        }
        /* one leading ASCII space then text: the first line of a page in pdftotext-like output */
        bool single_space = p[0] == ' ' && p[1] != ' ' && p[1] != '\0';
        int indent = 0;
        char *q = p;
        while (*q) {
            gunichar u = g_utf8_get_char(q);
            if (!is_space_char(u))
                break;
            if (u == 0x3000)
                indent += 1;
            else if (u == ' ')
                indent += 0; /* ASCII spaces are layout noise in these files */
            q = g_utf8_next_char(q);
        }
        char *e = q + strlen(q);
        while (e > q) {
            char *prev = g_utf8_prev_char(e);
            if (!is_space_char(g_utf8_get_char(prev)))
                break;
            e = prev;
        }
        *e = '\0';
        if (!*q) {
            blank_run++;
            p = next;
            continue;
        }
        bool new_page = seen_content && (ff || single_space || blank_run >= 2);
        if (new_page)
            page++;
        lay_line l = {0};
        l.text = q;
        l.indent = indent;
        l.page = page;
        l.lineno = lineno;
        l.page_start = new_page || !seen_content;
        l.width = fr_text_width(q, strlen(q));
        g_array_append_val(lines, l);
        seen_content = true;
        blank_run = 0;
        p = next;
    }
    td->n = lines->len;
    td->lines = (lay_line *)(void *)g_array_free(lines, FALSE);
    td->pages = page;
    td->body_width = lay_body_width(td);
}

static int txt_read(const fr_input *in, fr_doc *doc, fr_error *err)
{
    const char *encoding = NULL;
    char *decoded = fr_text_decode(in->data, in->len, &encoding, err);
    if (!decoded)
        return err ? err->code : FR_ERR_INPUT;
    char *text = fr_text_normalize(decoded, strlen(decoded));
    g_free(decoded);
    doc->meta.encoding = encoding;
    if (strcmp(encoding, FR_ENCODING_UTF8_REPAIRED) == 0)
        fr_doc_diag(doc, FR_SEV_WARNING, "txt.encoding", (fr_prov){.page = 0, .line = 0}, NULL,
                    "invalid UTF-8 sequences (such as an encoded surrogate) replaced by U+FFFD");

    lay_doc td = {0};
    build_lines(&td, text);
    if (td.n == 0) {
        g_free(td.lines);
        g_free(text);
        return fr_error_set(err, FR_ERR_INPUT, "no text");
    }
    doc->meta.page_count = td.pages;
    lay_emit_blocks(doc, &td, lay_parse_table);
    g_free(td.lines);
    g_free(text);
    return FR_OK;
}

const fr_format fr_txt_reader = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "txt",
    .kind = FR_READER,
    .description = "plain text of a report as pulled from its PDF (UTF-8 or GB18030)",
    .extensions = TXT_EXT,
    .mime = "text/plain",
    .probe = txt_probe,
    .read = txt_read,
    .write = NULL,
};
