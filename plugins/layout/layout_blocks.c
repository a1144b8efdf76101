/* layout_blocks.c — the blocks of a document from its lines: cover, table of
 * contents, headings by their numbering, paragraphs with the wraps undone,
 * notes, and the tables a reader's own parser reads where they start. Every
 * reader that makes lines (txt, pdf, docx) hands them here. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

bool lay_regex_match(lay_regex *r, const char *s)
{
    if (g_once_init_enter(&r->once)) {
        /* no G_REGEX_OPTIMIZE: PCRE2's JIT reads words past the end of the
         * subject, which valgrind reports (and it gains little on short lines) */
        r->re = g_regex_new(r->pattern, 0, 0, NULL);
        g_once_init_leave(&r->once, 1);
    }
    return r->re && g_regex_match(r->re, s, 0, NULL);
}

/* ---- widths ------------------------------------------------------------------ */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

size_t lay_width_p90(size_t *w, size_t n)
{
    if (n == 0)
        return 60;
    /* the element that sorting would put at n·9/10: counted when the widths are
     * those of lines of text (below P90_COUNTED), else sorted */
    enum { P90_COUNTED = 4096 };
    size_t k = n * 9 / 10, max = 0;
    for (size_t i = 0; i < n; i++)
        max = w[i] > max ? w[i] : max;
    if (max >= P90_COUNTED) {
        qsort(w, n, sizeof *w, cmp_size);
        return w[k];
    }
    size_t *count = g_new0(size_t, max + 1);
    for (size_t i = 0; i < n; i++)
        count[w[i]]++;
    size_t v = 0, seen = 0;
    while (seen + count[v] <= k)
        seen += count[v++];
    g_free(count);
    return v;
}

size_t lay_body_width(const lay_doc *td)
{
    /* the typical full line: the 90th percentile of line widths */
    size_t *w = g_new(size_t, td->n + 1);
    for (size_t i = 0; i < td->n; i++)
        w[i] = td->lines[i].width;
    size_t bw = lay_width_p90(w, td->n);
    g_free(w);
    return bw;
}

/* ---- headings -------------------------------------------------------------- */

typedef struct numbering {
    int level;
    size_t len; /* bytes of the number, including its punctuation */
} numbering;

static const char CN_DIGITS[] = "一二三四五六七八九十";

static size_t cn_numeral_len(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        const char *c = s + n;
        gunichar u = g_utf8_get_char(c);
        char buf[8];
        int k = g_unichar_to_utf8(u, buf);
        buf[k] = '\0';
        if (u < 0x80 || !strstr(CN_DIGITS, buf))
            break;
        n += (size_t)k;
    }
    return n;
}

static size_t ascii_digits_len(const char *s)
{
    size_t n = 0;
    while (g_ascii_isdigit(s[n]))
        n++;
    return n;
}

/* The printed number at the start of s, if any. */
static numbering numbering_of(const char *s)
{
    numbering r = {0, 0};
    size_t n;
    if (g_str_has_prefix(s, "第") && (n = cn_numeral_len(s + 3)) > 0 && g_str_has_prefix(s + 3 + n, "部分")) {
        r.level = 1;
        r.len = 3 + n + 6;
    } else if ((n = cn_numeral_len(s)) > 0 && g_str_has_prefix(s + n, "、")) {
        r.level = 2;
        r.len = n + 3;
    } else if (g_str_has_prefix(s, "（") && (n = cn_numeral_len(s + 3)) > 0 && g_str_has_prefix(s + 3 + n, "）")) {
        r.level = 3;
        r.len = 3 + n + 3;
    } else if ((n = ascii_digits_len(s)) > 0 && n <= 2) {
        const char *t = s + n;
        if ((t[0] == '.' && !g_ascii_isdigit(t[1])) || g_str_has_prefix(t, "、") || g_str_has_prefix(t, "．")) {
            r.level = 4;
            r.len = n + (t[0] == '.' ? 1 : 3);
        }
    } else if (g_str_has_prefix(s, "（") && (n = ascii_digits_len(s + 3)) > 0 && n <= 2 &&
               g_str_has_prefix(s + 3 + n, "）")) {
        r.level = 5;
        r.len = 3 + n + 3;
    }
    return r;
}

/* Heading or numbered paragraph? A heading is short and is not a sentence. */
static bool looks_like_heading(const char *rest, int level)
{
    size_t chars = g_utf8_strlen(rest, -1);
    if (level == 1)
        return chars <= 40;
    if (chars == 0 || chars > 40)
        return false;
    if (strstr(rest, "，") || strstr(rest, "；") || strstr(rest, ",") || strstr(rest, "："))
        return false;
    const char *stop = strstr(rest, "。");
    if (stop && (stop[3] != '\0' || chars > 16))
        return false;
    return true;
}

static char *join_text(const char *a, const char *b)
{
    /* wrapped CJK text joins without a space; two ASCII words keep one */
    size_t la = strlen(a);
    bool ascii_end = la > 0 && g_ascii_isalnum(a[la - 1]);
    bool ascii_start = g_ascii_isalnum(b[0]);
    return g_strconcat(a, ascii_end && ascii_start ? " " : "", b, NULL);
}

static bool ends_sentence(const char *s)
{
    return g_str_has_suffix(s, "。") || g_str_has_suffix(s, "：") || g_str_has_suffix(s, "；") ||
           g_str_has_suffix(s, "！") || g_str_has_suffix(s, "？") || g_str_has_suffix(s, ":");
}

static bool is_toc_title(const char *s)
{
    char *c = g_strdup(s);
    char *w = c, *r = c;
    for (; *r; r++)
        if (*r != ' ')
            *w++ = *r;
    *w = '\0';
    /* "目录", or a cover title run into it on one line ("…部门预算目录") */
    bool yes = strcmp(c, "目录") == 0 || (g_str_has_suffix(c, "目录") && g_utf8_strlen(c, -1) <= 40 &&
                                           (strstr(c, "预算") || strstr(c, "决算")));
    g_free(c);
    return yes;
}

/* Does line j begin a new block (so that line j-1's text ends before it)? */
static bool starts_block(const lay_doc *td, size_t j)
{
    const lay_line *l = &td->lines[j], *prev = j ? &td->lines[j - 1] : NULL;
    if (numbering_of(l->text).level)
        return true;
    if (l->indent >= 1)
        return true;
    if (lay_is_note(l->text))
        return true;
    if (lay_table_starts(td, j))
        return true;
    if (prev && ends_sentence(prev->text) && prev->width * 10 < td->body_width * 8)
        return true;
    /* a short numbered line was not wrapped: it is a heading of its own */
    if (prev && numbering_of(prev->text).level && prev->width * 10 < td->body_width * 7) {
        /* but "第一部分" headings wrap onto a short second line ("局（本级）概况", "部门概况") */
        bool part_tail = numbering_of(prev->text).level == 1 && g_utf8_strlen(l->text, -1) <= 16 &&
                         !ends_sentence(l->text);
        /* "一、财政拨款收入：指……" is a definition, not a heading: its sentence goes on */
        bool definition = (strstr(prev->text, "：") || strstr(prev->text, ":")) && !ends_sentence(prev->text) &&
                          !numbering_of(l->text).level;
        if (!part_tail && !definition)
            return true;
    }
    return false;
}

/* ---- read ----------------------------------------------------------------------- */

bool lay_near_text(const char *a, const char *b)
{
    glong na = g_utf8_strlen(a, -1), nb = g_utf8_strlen(b, -1);
    if (na < 4 || nb < 4 || na * 5 < nb * 4 || nb * 5 < na * 4)
        return false;
    GHashTable *bag = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (const char *p = b; *p; p = g_utf8_next_char(p)) {
        gpointer u = GUINT_TO_POINTER(g_utf8_get_char(p));
        g_hash_table_insert(bag, u, GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(bag, u)) + 1));
    }
    glong common = 0;
    for (const char *p = a; *p; p = g_utf8_next_char(p)) {
        gpointer u = GUINT_TO_POINTER(g_utf8_get_char(p));
        int n = GPOINTER_TO_INT(g_hash_table_lookup(bag, u));
        if (n > 0) {
            common++;
            g_hash_table_insert(bag, u, GINT_TO_POINTER(n - 1));
        }
    }
    g_hash_table_destroy(bag);
    return common * 10 >= MAX(na, nb) * 9;
}

void lay_prov_ocr(fr_prov *w, unsigned char conf)
{
    w->conf = w->ocr ? MIN(w->conf, conf) : conf;
    w->ocr = true;
}

fr_prov lay_where(const lay_doc *td, size_t a, size_t b)
{
    fr_prov w = {.page = td->lines[a].page, .line = td->lines[a].lineno};
    for (size_t k = a; k < b && k < td->n; k++)
        if (td->lines[k].ocr)
            lay_prov_ocr(&w, td->lines[k].conf);
    return w;
}

static void emit_paragraph(fr_doc *doc, const lay_doc *td, size_t *i)
{
    const lay_line *first = &td->lines[*i];
    char *text = g_strdup(first->text);
    size_t j = *i + 1;
    /* join wraps: the paragraph goes on while lines do not start a block */
    while (j < td->n && !td->lines[j - 1].hard_end && !starts_block(td, j)) {
        char *t = join_text(text, td->lines[j].text);
        g_free(text);
        text = t;
        j++;
    }
    numbering nb = numbering_of(text);
    /* a number alone on its line ("第一部分" set as a paragraph of its own)
     * takes the short line after it as its text */
    if (nb.level && !text[nb.len + strspn(text + nb.len, " ")] && j < td->n && !td->lines[j].object &&
        !td->lines[j].style_level && g_utf8_strlen(td->lines[j].text, -1) <= 20 &&
        !numbering_of(td->lines[j].text).level && !lay_is_note(td->lines[j].text) && !lay_table_starts(td, j) &&
        !ends_sentence(td->lines[j].text)) {
        char *t = g_strconcat(text, " ", td->lines[j].text, NULL);
        g_free(text);
        text = t;
        j++;
    }
    fr_prov where = lay_where(td, *i, j);
    if (first->style_level > 0 && g_utf8_strlen(text, -1) <= 200) {
        /* a heading by its style: the level its number says, else its style's */
        const char *rest = text + nb.len;
        while (*rest == ' ')
            rest++;
        char *num = nb.level ? g_strndup(text, nb.len) : NULL;
        fr_doc_add_heading(doc, nb.level ? nb.level : MIN(first->style_level, 6), num, rest, where);
        g_free(num);
    } else if (nb.level && looks_like_heading(text + nb.len, nb.level)) {
        char *num = g_strndup(text, nb.len);
        const char *rest = text + nb.len;
        while (*rest == ' ')
            rest++;
        fr_doc_add_heading(doc, nb.level, num, rest, where);
        g_free(num);
    } else if (lay_is_note(text)) {
        fr_doc_add_note(doc, text, where);
    } else {
        fr_doc_add_paragraph(doc, text, where);
    }
    g_free(text);
    *i = j;
}

/* May a cover line after the first be part of the report's title? Not a date
 * ("二〇二六年三月", "2026年3月"), a key and its value ("预算主管部门：…"), or the
 * reviewers' names (初审 / 复审 / 终审) */
static bool cover_title_line(const char *s)
{
    static lay_regex date = {"^\\s*(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*(?:\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*月", 0,
                             NULL};
    if (strstr(s, "：") || strchr(s, ':') || strstr(s, "初审") || strstr(s, "复审") || strstr(s, "终审"))
        return false;
    return !lay_regex_match(&date, s);
}

void lay_emit_blocks(fr_doc *doc, const lay_doc *td, lay_table_fn parse_table)
{
    size_t i = 0;
    /* cover: the lines before the first heading, table of contents or table;
     * the title is its lines up to the first that is no part of a title (a
     * date, a 预算单位：X line, reviewers' 初审 / 复审 / 终审) */
    GString *cover = g_string_new(NULL);
    bool title_done = false;
    while (i < td->n && !numbering_of(td->lines[i].text).level && !is_toc_title(td->lines[i].text) &&
           !lay_table_starts(td, i) && td->lines[i].page == 1 && i < 8) {
        const char *s = td->lines[i].text;
        title_done = title_done || (cover->len && !cover_title_line(s));
        if (!title_done)
            g_string_append(cover, s);
        fr_doc_add_paragraph(doc, s, lay_where(td, i, i + 1));
        i++;
    }
    if (cover->len && (strstr(cover->str, "预算") || strstr(cover->str, "决算")))
        doc->meta.title = fr_arena_strdup(doc->arena, cover->str);
    g_string_free(cover, TRUE);

    while (i < td->n) {
        if (td->release && i > LAY_RELEASE_LAG)
            td->release(td->release_ctx, i - LAY_RELEASE_LAG);
        const lay_line *l = &td->lines[i];
        if (is_toc_title(l->text)) {
            /* the contents list: kept as one paragraph per entry, not as headings */
            fr_doc_add_paragraph(doc, l->text, lay_where(td, i, i + 1));
            size_t j = i + 1;
            const char *first_entry = j < td->n ? td->lines[j].text : NULL;
            int toc_page = l->page;
            /* a styled heading or a table ends it too (docx pages are approximate) */
            while (j < td->n && td->lines[j].page == toc_page && !td->lines[j].style_level && !td->lines[j].object) {
                if (j > i + 1 && first_entry && strncmp(td->lines[j].text, first_entry, 12) == 0)
                    break;
                fr_doc_add_paragraph(doc, td->lines[j].text, lay_where(td, j, j + 1));
                j++;
            }
            i = j;
            continue;
        }
        if (lay_table_starts(td, i)) {
            size_t before = i;
            if (parse_table(doc, td, &i) && i > before)
                continue;
            i = before;
        }
        emit_paragraph(doc, td, &i);
    }
}
