/* layout_table.c — tables laid out as lines of words (a text report, a PDF page
 * without rules, any reader's fallback): a preamble (title, id, unit line), a
 * header band of scattered words, then rows whose label and cells may break
 * over lines. Three layouts: plain (one panel), overview (收入 | 支出 side by
 * side) and grouped (several code/name/amount panels side by side, 公开06表).
 *
 * A row is read as segments: [code] [name…] [行次] [amounts…] [text…]; a
 * segment not finished at the end of a line (a wrapped name) goes on on the
 * next line. */
#include "layout.h"

#include <math.h>
#include <string.h>

#define MAX_HEADER_LINES 40
#define MAX_TABLE_COLUMNS 256

/* ---- small helpers -------------------------------------------------------- */

/* The bytes of the space at p: 1 for ' ' and '\t', 3 for U+3000 (E3 80 80), else 0 */
static size_t space_len(const char *p)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    return (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80 ? 3 : 0;
}

char *lay_compact(const char *s)
{
    char *out = g_malloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p;) {
        size_t gap = space_len(p);
        if (gap)
            p += gap;
        else
            *o++ = *p++;
    }
    *o = '\0';
    return out;
}

bool lay_is_note(const char *s)
{
    return g_str_has_prefix(s, "注：") || g_str_has_prefix(s, "注:") || g_str_has_prefix(s, "说明：") ||
           g_str_has_prefix(s, "注 ：") || g_str_has_prefix(s, "备注：") || g_str_has_prefix(s, "备注:") ||
           g_str_has_prefix(s, "（注：") || g_str_has_prefix(s, "(注:") || g_str_has_prefix(s, "(注：");
}

static size_t cn_digits(const char *s);

/* The id a compacted line begins with, in every printed style: 公开05表, 公开表5,
 * 部门公开表5, 预算01表, 表1, 表1-2, 表二, 附表3. Returns the bytes it takes (0:
 * none) and the id in *id as the reader names it (公开NN表 and 表N for the
 * common styles, else as printed). */
static size_t id_prefix(const char *c, char **id)
{
    const char *p = c;
    *id = NULL;
    if (g_str_has_prefix(p, "部门公开表") || g_str_has_prefix(p, "公开表")) {
        const char *q = p + (g_str_has_prefix(p, "部门") ? strlen("部门公开表") : strlen("公开表"));
        size_t n = strspn(q, "0123456789");
        if (n == 0 || n > 3)
            return 0;
        *id = g_strndup(p, (gsize)(q + n - p));
        return (size_t)(q + n - p);
    }
    if (g_str_has_prefix(p, "公开") || g_str_has_prefix(p, "预算")) {
        const char *q = p + strlen("公开");
        size_t n = strspn(q, "0123456789");
        if (n == 0 || n > 3)
            return 0;
        bool open = g_str_has_prefix(p, "公开");
        if (g_str_has_prefix(q + n, "表")) {
            *id = open ? g_strdup_printf("公开%02d表", atoi(q)) : g_strndup(p, (gsize)(q + n + strlen("表") - p));
            return (size_t)(q + n + strlen("表") - p);
        }
        if (open && q[n] == '\0') {
            *id = g_strdup_printf("公开%02d表", atoi(q));
            return (size_t)(q + n - p);
        }
        return 0;
    }
    bool annex = g_str_has_prefix(p, "附表");
    if (!annex && !g_str_has_prefix(p, "表"))
        return 0;
    const char *q = p + (annex ? strlen("附表") : strlen("表"));
    size_t n = strspn(q, "0123456789");
    if (n > 3)
        return 0;
    if (n == 0) {
        n = cn_digits(q);
        if (n == 0)
            return 0;
        *id = g_strndup(p, (gsize)(q + n - p));
        return (size_t)(q + n - p);
    }
    size_t m = n;
    if ((q[m] == '-' || g_str_has_prefix(q + m, "－")) && g_ascii_isdigit(q[m + (q[m] == '-' ? 1 : 3)])) {
        m += q[m] == '-' ? 1 : 3;
        m += strspn(q + m, "0123456789");
    }
    if (m == n && !annex)
        *id = g_strdup_printf("表%d", atoi(q));
    else
        *id = g_strndup(p, (gsize)(q + m - p));
    return (size_t)(q + m - p);
}

/* the separator between an id and the title on its line: "：", ":", "、", "." */
static size_t id_separator(const char *p)
{
    if (*p == ':' || *p == '.')
        return 1;
    if (g_str_has_prefix(p, "：") || g_str_has_prefix(p, "、") || g_str_has_prefix(p, "．"))
        return 3;
    return 0;
}

/* The id a line opens with, in every printed style, or NULL: the line is the id
 * alone (spaces aside; *title NULL), or an id and a title on one line
 * ("表1：2026年部门收支预算总表", "预算01表 收支总表"; *title the title as printed
 * after the id). Most lines begin with none of an id's first characters and are
 * answered without compacting them. */
static char *line_id(const char *s, const char **title)
{
    *title = NULL;
    const char *f = s;
    for (size_t gap; (gap = space_len(f));)
        f += gap;
    if (!g_str_has_prefix(f, "公") && !g_str_has_prefix(f, "表") && !g_str_has_prefix(f, "部") &&
        !g_str_has_prefix(f, "预") && !g_str_has_prefix(f, "附"))
        return NULL;
    char *c = lay_compact(f), *id = NULL;
    size_t n = id_prefix(c, &id);
    bool alone = n && c[n] == '\0';
    g_free(c);
    if (n == 0 || alone)
        return id;
    /* the id's length in s itself: walk s and its compaction together */
    const char *p = f;
    for (size_t taken = 0; *p && taken < n;) {
        size_t gap = space_len(p);
        if (gap) {
            p += gap;
            continue;
        }
        p++;
        taken++;
    }
    bool spaced = space_len(p) > 0;
    while (space_len(p))
        p += space_len(p);
    size_t sep = id_separator(p);
    p += sep;
    while (space_len(p))
        p += space_len(p);
    /* "表1" then the title: a separator or a space between them */
    if (!*p || (!sep && !spaced && !g_str_has_suffix(id, "表")) || !lay_is_table_title(p)) {
        g_free(id);
        return NULL;
    }
    *title = p;
    return id;
}

char *lay_table_id(const char *s)
{
    const char *title;
    char *id = line_id(s, &title);
    if (title) {
        g_free(id);
        return NULL;
    }
    return id;
}

/* "单位：万元", "金额单位：万元", "单位：万元单位名称：X", "部门：X 金额单位：万元" */
static bool parse_unit_line(const char *s, char **unit, char **entity)
{
    /* every form it reads has a colon */
    if (!strchr(s, ':') && !strstr(s, "："))
        return false;
    /* compacted, every ASCII colon a full-width one ("编制单位：X 单位:万元") */
    GString *g = g_string_sized_new(strlen(s) + 16);
    for (const char *p = s; *p;) {
        size_t gap = space_len(p);
        if (gap)
            p += gap;
        else if (*p == ':') {
            g_string_append(g, "：");
            p++;
        } else {
            g_string_append_c(g, *p++);
        }
    }
    char *c = g_string_free(g, FALSE);
    bool found = false;
    const char *u = strstr(c, "单位：");
    while (u) {
        const char *v = u + strlen("单位：");
        if (g_str_has_prefix(v, "万元")) {
            *unit = g_strdup("万元");
            found = true;
            break;
        }
        if (g_str_has_prefix(v, "元")) {
            *unit = g_strdup("元");
            found = true;
            break;
        }
        u = strstr(v, "单位：");
    }
    const char *keys[] = {"单位名称：", "部门名称：", "编制单位：", "预算单位：", "部门：", NULL};
    for (int k = 0; keys[k]; k++) {
        const char *e = strstr(c, keys[k]);
        if (!e)
            continue;
        e += strlen(keys[k]);
        const char *end = strstr(e, "金额单位");
        if (!end)
            end = strstr(e, "单位：");
        if (!end)
            end = e + strlen(e);
        if (end > e) {
            *entity = g_strndup(e, (gsize)(end - e));
            found = true;
        }
        break;
    }
    g_free(c);
    return found;
}

bool lay_is_table_title(const char *s)
{
    static lay_regex title_paren = {"表（[^（）]{1,16}）$", 0, NULL};
    size_t chars = g_utf8_strlen(s, -1);
    if (chars < 3 || chars > 40)
        return false;
    /* "…情况表", "…情况表（按功能分类科目）", "…表（续）" */
    if (!g_str_has_suffix(s, "表") && !g_str_has_suffix(s, "续表") &&
        !(g_str_has_suffix(s, "）") && lay_regex_match(&title_paren, s)))
        return false;
    if (strstr(s, "。") || strstr(s, "，") || strstr(s, "："))
        return false;
    return true;
}

bool lay_is_unit_line(const char *s)
{
    char *u = NULL, *e = NULL;
    bool yes = parse_unit_line(s, &u, &e) && u;
    g_free(u);
    g_free(e);
    return yes;
}

static bool table_starts(const lay_doc *td, size_t i);

/* "（2026年度）", "(2026年)": a title's subtitle of the year */
static bool is_year_subtitle(const char *s)
{
    static lay_regex year = {"^\\s*[（(]\\s*\\d{4}\\s*年度?\\s*[)）]\\s*$", 0, NULL};
    return lay_regex_match(&year, s);
}

/* Asked several times of each line as the blocks are assembled: answered once */
bool lay_table_starts(const lay_doc *td, size_t i)
{
    lay_line *l = &td->lines[i];
    if (!l->starts)
        l->starts = table_starts(td, i) ? 2 : 1;
    return l->starts == 2;
}

/* The first cell of a form (a 绩效目标表 printed as label / value boxes, no
 * unit line): "项目名称 X", or "项目名" with "称" wrapped below it */
bool lay_is_form_key(const lay_doc *td, size_t i)
{
    const char *s = td->lines[i].text;
    const char *v = NULL;
    if (g_str_has_prefix(s, "项目名称"))
        v = s + strlen("项目名称");
    else if (g_str_has_prefix(s, "项目名 ")) /* "称" wrapped below */
        v = s + strlen("项目名 ");
    else if (g_str_has_prefix(s, "项目 ") && i + 1 < td->n && g_str_has_prefix(td->lines[i + 1].text, "名称"))
        v = s + strlen("项目 "); /* "项目" over "名称" */
    if (!v)
        return false;
    /* the box beside it names the project: column headings ("项目名称 金额")
     * make it a header line */
    while (*v == ' ')
        v++;
    if (!*v)
        return false;
    char *first = g_strdup(v);
    char *sp = strchr(first, ' ');
    if (sp)
        *sp = '\0';
    bool heading = lay_term_role(first) != NULL;
    g_free(first);
    return !heading;
}

/* The title of line i, wrapped or not, when a form follows it closely: the
 * number of lines it takes (1 or 2), 0 if none. Forms are read from the PDF
 * reader's boxes only. */
static int form_title_lines(const lay_doc *td, size_t i)
{
    if (!td->lines[i].geo || lay_is_form_key(td, i))
        return 0;
    int n = 0;
    if (lay_is_table_title(td->lines[i].text))
        n = 1;
    /* (a title of two lines is set on one page, and its first line holds no
     * indicator's value: a form's last row on the page before, "指标 满意度指标",
     * or "…满意度（%） ≥90", is no title's head: 国家信访局 p. 32, 烟台 p. 31,
     * 西安; a year line over the title is the form's, not its title's) */
    else if (i + 1 < td->n && !lay_ends_text(td->lines[i].text) && g_utf8_strlen(td->lines[i + 1].text, -1) <= 12 &&
             td->lines[i].page == td->lines[i + 1].page && !strstr(td->lines[i].text, "≥") &&
             !strstr(td->lines[i].text, "≤") && !strchr(td->lines[i].text, '%')) {
        char *j = g_strconcat(td->lines[i].text, td->lines[i + 1].text, NULL);
        n = lay_is_table_title(j) && g_str_has_suffix(j, "目标表") ? 2 : 0;
        g_free(j);
    }
    if (!n)
        return 0;
    for (size_t j = i + (size_t)n; j < td->n && j <= i + (size_t)n + 2; j++) {
        if (lay_is_form_key(td, j))
            return n;
        if (!is_year_subtitle(td->lines[j].text) && !lay_is_table_title(td->lines[j].text))
            return 0;
    }
    return 0;
}

/* the joined title of a form whose title wraps over lines i and i + 1 */
static char *form_title(const lay_doc *td, size_t i, int n)
{
    if (n == 2 && is_year_subtitle(td->lines[i].text))
        return g_strdup(td->lines[i + 1].text);
    return n == 2 ? g_strconcat(td->lines[i].text, td->lines[i + 1].text, NULL) : g_strdup(td->lines[i].text);
}

/* A heading of a column: a known term, or one ending as headings do (单位名称,
 * 绩效目标, 预算数（万元）) */
static bool heading_word(const char *w)
{
    char *c = lay_compact(w);
    char *paren = strstr(c, "（");
    if (!paren)
        paren = strchr(c, '('); /* NFKC makes （ ASCII */
    if (paren && paren > c)
        *paren = '\0';
    bool yes = lay_term_role(c) != NULL || g_str_has_suffix(c, "名称") ||
               g_str_has_suffix(c, "目标") || g_str_has_suffix(c, "预算数") || g_str_has_suffix(c, "金额");
    g_free(c);
    return yes;
}

/* A table with no title, announced by a sentence (广州, 深圳: "本部门重点项目绩效目标
 * 情况如下：" over "项目  预算数（万元）  绩效目标"): a line of three headings or more
 * and nothing else, right under a line ending 如下：, with an amount within the
 * next lines. PDF only (the word boxes tell the headings apart). */
/* The words of a line (split on spaces): how many, how many are headings
 * (heading_word), and whether all are short labels (2 to 12 characters, no
 * digit, no sentence punctuation) */
static void line_headings(const char *s, int *n, int *heads, bool *short_labels)
{
    char **w = g_strsplit(s, " ", -1);
    *n = *heads = 0;
    *short_labels = true;
    for (int k = 0; w[k]; k++) {
        if (!*w[k])
            continue;
        (*n)++;
        *heads += heading_word(w[k]);
        glong len = g_utf8_strlen(w[k], -1);
        bool digit = false;
        for (const char *p = w[k]; *p; p++)
            digit = digit || g_ascii_isdigit(*p);
        *short_labels = *short_labels && len >= 2 && len <= 12 && !digit && !lay_ends_text(w[k]) &&
                        !strstr(w[k], "，") && !strstr(w[k], "：");
    }
    g_strfreev(w);
}

static bool announced_table(const lay_doc *td, size_t i)
{
    const lay_line *l = &td->lines[i];
    if (!l->geo || i == 0 || !(g_str_has_suffix(td->lines[i - 1].text, "如下：") ||
                                g_str_has_suffix(td->lines[i - 1].text, "如下:")))
        return false;
    int n, heads;
    bool short_labels;
    line_headings(l->text, &n, &heads, &short_labels);
    if (n < 3 || heads != n)
        return false;
    for (size_t j = i + 1; j < td->n && j <= i + 6; j++)
        for (const char *p = td->lines[j].text; *p; p++)
            if (g_ascii_isdigit(*p) && p[1] == '.' && g_ascii_isdigit(p[2]))
                return true;
    return false;
}

/* A grid set in the narrative with no title (佛山 p. 29: a paragraph, then
 * 项目名称 / 自评分数 over seven projects; 西安 p. 8: "…共有7个，包括：", then
 * 序号 / 单位名称 / 拟变动情况): after a sentence, a line of 2 to 8 short words,
 * half of them headings or more, in type smaller than the sentence's, over two
 * lines or more of two words or more in that type. */
bool lay_untitled_grid(const lay_doc *td, size_t i)
{
    const lay_line *l = &td->lines[i];
    if (!l->geo || i == 0 || l->size <= 0)
        return false;
    const lay_line *prev = &td->lines[i - 1];
    if (prev->page != l->page || prev->size <= 0 || l->size > prev->size - 0.4f)
        return false;
    const char *ps = prev->text;
    if (!(g_str_has_suffix(ps, "。") || g_str_has_suffix(ps, "：") || g_str_has_suffix(ps, ":")))
        return false;
    int n, heads;
    bool short_labels;
    line_headings(l->text, &n, &heads, &short_labels);
    if (!short_labels || n < 2 || n > 8 || heads * 2 < n)
        return false;
    int rows = 0;
    for (size_t j = i + 1; j < td->n && j <= i + 3; j++) {
        const lay_line *r = &td->lines[j];
        if (r->page != l->page || !r->geo || fabsf(r->size - l->size) > 0.3f || !strchr(r->text, ' ') ||
            lay_ends_text(r->text))
            break;
        rows++;
    }
    return rows >= 2;
}

static bool table_starts(const lay_doc *td, size_t i)
{
    if (td->lines[i].object)
        return true;
    const char *s = td->lines[i].text;
    if (form_title_lines(td, i) || announced_table(td, i) || lay_untitled_grid(td, i))
        return true;
    const char *rest;
    char *id = line_id(s, &rest);
    if (id) {
        g_free(id);
        if (!rest)
            return true;
        /* an id and a title, not an entry of a list of tables (contents): the
         * next lines are no ids */
        for (size_t j = i + 1; j < td->n && j <= i + 2; j++) {
            char *jid = line_id(td->lines[j].text, &rest);
            bool listed = jid != NULL;
            g_free(jid);
            if (listed)
                return false;
        }
        return true;
    }
    /* OCR: a title misread beyond knowing (财政拨款天支出预算表切能科目）) leaves
     * the unit line, with the table's headings right below it */
    bool near_id = false; /* (an id above already starts the table: 表5, then its misread title) */
    for (size_t j = i; j-- > 0 && j + 3 >= i && td->lines[j].page == td->lines[i].page && !near_id;) {
        char *jid = lay_table_id(td->lines[j].text);
        near_id = jid != NULL;
        g_free(jid);
    }
    if (td->lines[i].ocr && !near_id && lay_is_unit_line(s) && i + 1 < td->n && td->lines[i + 1].page == td->lines[i].page) {
        int terms = 0;
        char **ws = g_strsplit(td->lines[i + 1].text, " ", -1);
        for (char **w = ws; *w; w++)
            terms += **w && lay_term_role(*w) != NULL;
        g_strfreev(ws);
        if (terms >= 2)
            return true;
    }
    if (lay_is_unit_line(s) && (g_str_has_prefix(s, "单位") || g_str_has_prefix(s, "金额单位"))) {
        /* a unit line opens a table when a title or id follows closely */
        for (size_t j = i + 1; j < td->n && j <= i + 3; j++) {
            char *jid = lay_table_id(td->lines[j].text);
            bool t = jid || lay_is_table_title(td->lines[j].text);
            g_free(jid);
            if (t)
                return true;
        }
        return false;
    }
    if (lay_is_table_title(s)) {
        /* the title closest to the id or unit line: "部门决算表" above "收入支出决算总表" is not one */
        size_t last = i + 2;
        for (size_t j = i + 1; j < td->n && j <= last; j++) {
            char *jid = lay_table_id(td->lines[j].text);
            bool t = jid || lay_is_unit_line(td->lines[j].text);
            g_free(jid);
            /* a divider page's last line ("部门预算表") does not title the table
             * that opens the next page with an id and a title of its own */
            if (t && td->lines[j].page != td->lines[i].page && j + 1 < td->n &&
                td->lines[j + 1].page == td->lines[j].page && lay_is_table_title(td->lines[j + 1].text) &&
                strcmp(td->lines[j + 1].text, s) != 0 && !g_str_has_suffix(s, td->lines[j + 1].text))
                return false; /* (the same title at the foot of the page before is the table's own) */
            if (t)
                return true;
            if (lay_is_table_title(td->lines[j].text))
                return false;
            /* a subtitle of the year, "（2026年度）": look one line further */
            if (is_year_subtitle(td->lines[j].text))
                last++;
        }
    }
    return false;
}

/* ---- tokens -------------------------------------------------------------- */

static void free_toks(GArray *toks)
{
    for (guint k = 0; k < toks->len; k++)
        g_free(g_array_index(toks, lay_tok, k).text);
    g_array_free(toks, TRUE);
}

static bool all_digits(const char *s, size_t *n)
{
    size_t k = 0;
    while (g_ascii_isdigit(s[k]))
        k++;
    if (n)
        *n = k;
    return k > 0 && s[k] == '\0';
}

static void push_tok(GArray *toks, lay_tok_kind kind, const char *s, size_t len, const fr_decimal *num)
{
    lay_tok t = {kind, g_strndup(s, len), num ? *num : (fr_decimal){0, 0}};
    g_array_append_val(toks, t);
}

/* How many ASCII digits begin the len bytes at p */
static size_t leading_digits(const char *p, size_t len)
{
    size_t n = 0;
    while (n < len && g_ascii_isdigit(p[n]))
        n++;
    return n;
}

/* One word of len bytes at p: a number, "[201]" (a code, and the name glued
 * after it), or text. */
static void push_word(GArray *toks, const char *p, size_t len)
{
    if (p[0] == '[') {
        const char *close = memchr(p, ']', len);
        size_t n = close ? leading_digits(p + 1, (size_t)(close - p - 1)) : 0;
        if (close && p + 1 + n == close && (n == 3 || n == 5 || n == 7)) {
            push_tok(toks, TK_CODE, p + 1, n, NULL);
            if (close + 1 < p + len)
                push_tok(toks, TK_TEXT, close + 1, (size_t)(p + len - close - 1), NULL);
            return;
        }
    }
    fr_decimal d;
    if (fr_decimal_parse(p, len, &d) == FR_OK)
        push_tok(toks, leading_digits(p, len) == len ? TK_INT : TK_NUM, p, len, &d);
    else
        push_tok(toks, TK_TEXT, p, len, NULL);
}

/* Splits on runs of spaces, tabs and ideographic spaces (U+3000); classifies
 * numbers; splits "[201]name" into code and name. */
static GArray *tokenize(const char *line)
{
    GArray *toks = g_array_sized_new(FALSE, TRUE, sizeof(lay_tok), 16); /* most lines have fewer words */
    for (const char *q = line; *q;) {
        size_t gap = space_len(q);
        if (gap) {
            q += gap;
            continue;
        }
        const char *w = q;
        while (*q && !space_len(q))
            q++;
        push_word(toks, w, (size_t)(q - w));
    }
    return toks;
}

static bool tok_is_code_text(const lay_tok *t)
{
    size_t n = 0;
    return t->kind == TK_INT && all_digits(t->text, &n) && (n == 3 || n == 5 || n == 7);
}

/* "栏次 1 2 3" or "1 2 3 … 12": column numbers, not data */
static bool is_column_number_line(GArray *toks)
{
    int expect = 1, ints = 0;
    for (guint k = 0; k < toks->len; k++) {
        lay_tok *t = &g_array_index(toks, lay_tok, k);
        if (t->kind == TK_TEXT && strcmp(t->text, "栏次") == 0)
            continue;
        if (t->kind != TK_INT)
            return false;
        int v = atoi(t->text);
        if (v != expect && v != 1)
            return false;
        expect = v + 1;
        ints++;
    }
    return ints > 0;
}

static int count_kind(GArray *toks, lay_tok_kind kind)
{
    int n = 0;
    for (guint k = 0; k < toks->len; k++)
        n += g_array_index(toks, lay_tok, k).kind == kind;
    return n;
}

static bool is_total_label(const char *s)
{
    return g_str_has_suffix(s, "合计") || g_str_has_suffix(s, "总计") || strcmp(s, "小计") == 0;
}

/* First line of the body: a coded row, a total, or decimals. */
static bool is_body_start(GArray *toks)
{
    if (toks->len == 0 || is_column_number_line(toks))
        return false;
    lay_tok *t0 = &g_array_index(toks, lay_tok, 0);
    if (t0->kind == TK_CODE)
        return true;
    if (tok_is_code_text(t0) && (toks->len == 1 || g_array_index(toks, lay_tok, 1).kind == TK_TEXT))
        return true;
    if (t0->kind == TK_TEXT && is_total_label(t0->text) && count_kind(toks, TK_NUM) > 0)
        return true;
    return count_kind(toks, TK_NUM) > 0;
}

/* ---- header vocabulary -------------------------------------------------- */

/* The column-heading vocabulary (formats/header-terms.txt), parsed once in core */
typedef fr_header_vocab vocab;
static const vocab *vocab_get(void) { return fr_header_vocab_get(); }

const char *lay_term_role(const char *term)
{
    return g_hash_table_lookup(vocab_get()->terms, term);
}

static bool vocab_has_prefix(const vocab *v, const char *s) { return g_hash_table_contains(v->prefixes, s); }

/* Joins header fragments into known terms, longest match first. */
static GPtrArray *header_terms(const vocab *v, GPtrArray *frags)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    guint i = 0;
    while (i < frags->len) {
        GString *acc = g_string_new(NULL);
        guint best_end = i;
        char *best = NULL;
        for (guint j = i; j < frags->len && j < i + 8; j++) {
            g_string_append(acc, frags->pdata[j]);
            if (g_hash_table_contains(v->terms, acc->str)) {
                g_free(best);
                best = g_strdup(acc->str);
                best_end = j;
            }
            if (!vocab_has_prefix(v, acc->str))
                break;
        }
        g_string_free(acc, TRUE);
        if (best) {
            g_ptr_array_add(out, best);
            i = best_end + 1;
        } else {
            g_ptr_array_add(out, g_strdup(frags->pdata[i]));
            i++;
        }
    }
    return out;
}

/* A node of the header being rebuilt. */
typedef struct hnode {
    char *label;
    GPtrArray *expect;   /* children still expected (borrowed strings), or NULL */
    GPtrArray *kids;     /* struct hnode * */
} hnode;

static void hnode_free(hnode *h)
{
    if (!h)
        return;
    g_free(h->label);
    if (h->expect)
        g_ptr_array_free(h->expect, TRUE);
    g_ptr_array_free(h->kids, TRUE);
    g_free(h);
}

static hnode *hnode_new(const vocab *v, const char *label)
{
    hnode *h = g_new0(hnode, 1);
    h->label = g_strdup(label);
    h->kids = g_ptr_array_new_with_free_func((GDestroyNotify)hnode_free);
    GPtrArray *kids = g_hash_table_lookup(v->children, label);
    if (kids) {
        h->expect = g_ptr_array_new();
        for (guint k = 0; k < kids->len; k++)
            g_ptr_array_add(h->expect, kids->pdata[k]);
    }
    return h;
}

static int expect_index(hnode *h, const char *label)
{
    if (!h->expect)
        return -1;
    for (guint k = 0; k < h->expect->len; k++)
        if (strcmp(h->expect->pdata[k], label) == 0)
            return (int)k;
    return -1;
}

static int count_leaves(hnode *h)
{
    if (h->kids->len == 0)
        return 1;
    int n = 0;
    for (guint k = 0; k < h->kids->len; k++)
        n += count_leaves(h->kids->pdata[k]);
    return n;
}

static void emit_nodes(fr_doc *doc, fr_table *t, hnode *h, int depth, int *leaf)
{
    if (h->kids->len == 0) {
        fr_table_set_column(doc, t, *leaf, h->label, FR_COL_DATA, 0);
        (*leaf)++;
        return;
    }
    int first = *leaf;
    for (guint k = 0; k < h->kids->len; k++)
        emit_nodes(doc, t, h->kids->pdata[k], depth + 1, leaf);
    fr_table_add_header(doc, t, h->label, depth, first, *leaf - first);
}

/* Rebuilds a plain table's data-column header tree from its terms, breadth
 * first: a term a waiting parent expects becomes its child, any other term a
 * new top-level heading. Returns the roots; *leaves and *all_known tell how
 * many data columns it has and whether every term was a known heading. */
static GPtrArray *build_header_roots(const vocab *v, GPtrArray *terms, int *leaves, bool *all_known)
{
    GPtrArray *roots = g_ptr_array_new_with_free_func((GDestroyNotify)hnode_free);
    GQueue open = G_QUEUE_INIT;
    *all_known = true;
    for (guint k = 0; k < terms->len; k++) {
        const char *term = terms->pdata[k];
        const char *role = g_hash_table_lookup(v->terms, term);
        if (role && strcmp(role, "data") != 0)
            continue; /* label columns are set apart */
        if (strcmp(term, "功能分类科目") == 0 || strcmp(term, "栏次") == 0)
            continue;
        *all_known = *all_known && role != NULL;
        hnode *h = hnode_new(v, term);
        hnode *parent = NULL;
        for (GList *o = open.head; o; o = o->next) {
            hnode *p = o->data;
            int ix = expect_index(p, term);
            if (ix >= 0) {
                parent = p;
                g_ptr_array_remove_index(p->expect, (guint)ix);
                break;
            }
        }
        if (parent)
            g_ptr_array_add(parent->kids, h);
        else
            g_ptr_array_add(roots, h);
        if (h->expect)
            g_queue_push_tail(&open, h);
    }
    g_queue_clear(&open);
    *leaves = 0; /* a parent whose children never came is a leaf */
    for (guint k = 0; k < roots->len; k++)
        *leaves += count_leaves(roots->pdata[k]);
    return roots;
}

/* ---- rows ------------------------------------------------------------------ */

typedef struct seg {
    char *code;
    GString *name;
    char *lineno;
    GPtrArray *cells;   /* char * printed amounts (NULL-free) */
    GString *trail;     /* trailing text (a text column) */
    int panel;
    fr_prov where;
    bool page_start;
} seg;

static seg *seg_new(fr_prov where)
{
    seg *s = g_new0(seg, 1);
    s->name = g_string_new(NULL);
    s->cells = g_ptr_array_new_with_free_func(g_free);
    s->trail = g_string_new(NULL);
    s->panel = -1;
    s->where = where;
    return s;
}

static void seg_free(seg *s)
{
    g_free(s->code);
    g_string_free(s->name, TRUE);
    g_free(s->lineno);
    g_ptr_array_free(s->cells, TRUE);
    g_string_free(s->trail, TRUE);
    g_free(s);
}

static void name_append(GString *g, const char *s)
{
    if (g->len && g_ascii_isalnum(g->str[g->len - 1]) && g_ascii_isalnum(s[0]))
        g_string_append_c(g, ' ');
    g_string_append(g, s);
}

static bool seg_empty(const seg *s) { return !s->code && !s->name->len && !s->lineno && !s->cells->len; }

static bool expenditure_label(const char *s)
{
    return strstr(s, "支出") || strstr(s, "结转下年") || strstr(s, "结余分配") || strstr(s, "年末");
}

typedef struct table_state {
    fr_table_layout layout;
    bool has_lineno;
    int npanels;
    GPtrArray *rows;     /* seg *, completed, in order */
    seg *pending;        /* a segment begun on an earlier line */
    int last_panel_code_prefix[8];
} table_state;

static void finish_seg(table_state *st, seg **sp)
{
    seg *s = *sp;
    if (!s)
        return;
    if (seg_empty(s)) {
        seg_free(s);
    } else {
        g_ptr_array_add(st->rows, s);
    }
    *sp = NULL;
}

/* The 类 (first three digits) a code belongs to: 30299 → 302. */
static int code_class(const char *code) { return (int)g_ascii_strtoll(code, NULL, 10) / (strlen(code) == 7 ? 10000 : strlen(code) == 5 ? 100 : 1); }

/* Assigns panels to the segments one line gave (overview and grouped). */
static void assign_panels(table_state *st, GPtrArray *line_segs)
{
    guint n = line_segs->len;
    for (guint k = 0; k < n; k++) {
        seg *s = line_segs->pdata[k];
        if (st->layout == FR_TABLE_PLAIN) {
            s->panel = 0;
        } else if (st->layout == FR_TABLE_OVERVIEW) {
            if (n >= 2)
                s->panel = k == 0 ? 0 : 1;
            else
                s->panel = (s->name->len && expenditure_label(s->name->str)) ? 1 : 0;
            if (n == 1 && !s->name->len && s->lineno) {
                /* a bare line number: the side whose numbers it continues */
                int v = atoi(s->lineno);
                int last_left = -1;
                for (guint r = st->rows->len; r-- > 0;) {
                    seg *p = st->rows->pdata[r];
                    if (p->panel == 0 && p->lineno) {
                        last_left = atoi(p->lineno);
                        break;
                    }
                }
                s->panel = (last_left >= 0 && v == last_left + 1) ? 0 : 1;
            }
        } else { /* grouped: by the 类 its code belongs to, else by position */
            int panel = -1;
            if (s->code) {
                int prefix = code_class(s->code);
                for (int p = 0; p < st->npanels; p++)
                    if (st->last_panel_code_prefix[p] == prefix)
                        panel = p;
                if (panel < 0 && n < (guint)st->npanels) {
                    /* a new 类 on a short line: the panel after the one before it */
                    panel = (int)k;
                }
            }
            if (panel < 0)
                panel = (int)k < st->npanels ? (int)k : st->npanels - 1;
            s->panel = panel;
            if (s->code)
                st->last_panel_code_prefix[panel] = code_class(s->code);
        }
    }
}

/* Reads one body line into segments. */
static void read_body_line(table_state *st, GArray *toks, fr_prov where, bool page_start)
{
    GPtrArray *line_segs = g_ptr_array_new();
    seg *cur = st->pending;
    st->pending = NULL;
    bool after_cells = false;
    for (guint k = 0; k < toks->len; k++) {
        lay_tok *t = &g_array_index(toks, lay_tok, k);
        if (!cur) {
            cur = seg_new(where);
            cur->page_start = page_start;
            after_cells = false;
        }
        bool seg_start = seg_empty(cur);
        /* a code opens a segment: 3/5/7 digits before a name or at the end of the line */
        bool code_like = t->kind == TK_CODE ||
                         (tok_is_code_text(t) && st->layout != FR_TABLE_OVERVIEW &&
                          (k + 1 == toks->len || g_array_index(toks, lay_tok, k + 1).kind == TK_TEXT));
        /* "201 03 01": a code printed in 类/款/项 columns */
        if (!code_like && t->kind == TK_INT && strlen(t->text) == 3 && k + 2 < toks->len &&
            st->layout == FR_TABLE_PLAIN) {
            lay_tok *a = &g_array_index(toks, lay_tok, k + 1), *b = &g_array_index(toks, lay_tok, k + 2);
            if (a->kind == TK_INT && b->kind == TK_INT && strlen(a->text) == 2 && strlen(b->text) == 2 &&
                (seg_start || (!cur->cells->len && !cur->name->len))) {
                if (!seg_start) {
                    g_ptr_array_add(line_segs, cur);
                    cur = seg_new(where);
                }
                cur->code = g_strconcat(t->text, a->text, b->text, NULL);
                k += 2;
                continue;
            }
        }
        if (code_like && (seg_start || after_cells) && st->layout != FR_TABLE_OVERVIEW) {
            if (!seg_start) {
                g_ptr_array_add(line_segs, cur);
                cur = seg_new(where);
                cur->page_start = page_start;
            }
            cur->code = g_strdup(t->text);
            after_cells = false;
            continue;
        }
        if (t->kind == TK_TEXT) {
            if (after_cells) {
                if (st->layout == FR_TABLE_PLAIN) {
                    name_append(cur->trail, t->text); /* a text column after the amounts */
                    continue;
                }
                g_ptr_array_add(line_segs, cur);
                cur = seg_new(where);
                cur->page_start = page_start;
                after_cells = false;
            } else if (cur->lineno) {
                g_ptr_array_add(line_segs, cur);
                cur = seg_new(where);
                cur->page_start = page_start;
            }
            name_append(cur->name, t->text);
            continue;
        }
        /* a number */
        if (st->has_lineno && t->kind == TK_INT) {
            if (cur->lineno || after_cells) {
                g_ptr_array_add(line_segs, cur);
                cur = seg_new(where);
                cur->page_start = page_start;
                after_cells = false;
            }
            cur->lineno = g_strdup(t->text);
            continue;
        }
        if (st->layout == FR_TABLE_GROUPED && after_cells) {
            g_ptr_array_add(line_segs, cur);
            cur = seg_new(where);
            cur->page_start = page_start;
        }
        g_ptr_array_add(cur->cells, g_strdup(t->text));
        after_cells = true;
    }
    /* the last segment: finished if it has cells or a line number, else it goes on */
    if (cur) {
        if (cur->cells->len || cur->lineno)
            g_ptr_array_add(line_segs, cur);
        else
            st->pending = cur;
    }
    assign_panels(st, line_segs);
    for (guint k = 0; k < line_segs->len; k++) {
        seg *s = line_segs->pdata[k];
        finish_seg(st, &s);
    }
    g_ptr_array_free(line_segs, TRUE);
}

/* ---- the table ------------------------------------------------------------- */

/* the last line of a wrapped text cell ends its sentence */
bool lay_ends_text(const char *s) { return g_str_has_suffix(s, "。") || g_str_has_suffix(s, "；"); }

bool lay_is_part_heading(const char *s)
{
    return g_str_has_prefix(s, "第") && strstr(s, "部分") && g_utf8_strlen(s, -1) <= 40;
}

/* s begins with one of the Chinese numerals 一 … 十: how many bytes they take */
static size_t cn_digits(const char *s)
{
    static const char *const CN = "一二三四五六七八九十";
    size_t n = 0;
    while (s[n] && (unsigned char)s[n] >= 0x80 && s[n + 1] && s[n + 2]) {
        bool hit = false;
        for (const char *c = CN; *c && !hit; c += 3)
            hit = memcmp(s + n, c, 3) == 0;
        if (!hit)
            break;
        n += 3;
    }
    return n;
}

/* s begins with decimal digits (any script's, as \d in Unicode mode): how many bytes */
static size_t dec_digits(const char *s)
{
    const char *p = s;
    while (*p && g_unichar_isdigit(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    return (size_t)(p - s);
}

/* ^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|（\d+）|\d+[、.．](?!\d)), by hand */
bool lay_is_numbered(const char *s)
{
    size_t n = cn_digits(s);
    if (n && g_str_has_prefix(s + n, "、"))
        return true;
    if (g_str_has_prefix(s, "（")) {
        const char *in = s + strlen("（");
        size_t m = cn_digits(in);
        if (!m)
            m = dec_digits(in);
        return m && g_str_has_prefix(in + m, "）");
    }
    n = dec_digits(s);
    if (!n)
        return false;
    const char *p = s + n;
    size_t mark = g_str_has_prefix(p, "、") ? strlen("、") : *p == '.' ? 1 : g_str_has_prefix(p, "．") ? strlen("．") : 0;
    return mark && !g_unichar_isdigit(g_utf8_get_char(p + mark));
}

fr_table *lay_table_begin(fr_doc *doc, const lay_doc *td, size_t *ip)
{
    size_t i = *ip;
    char *id = NULL, *title = NULL, *unit = NULL, *entity = NULL;
    GPtrArray *headings = g_ptr_array_new(); /* line indices of 第X部分 inside the preamble */
    size_t start = i;
    /* a table announced by a sentence: the heading above it names it */
    bool announced = announced_table(td, i);
    if (announced) {
        for (size_t j = i; j-- > 0 && j + 6 > i && !title;)
            if (lay_is_part_heading(td->lines[j].text)) {
                const char *after = strstr(td->lines[j].text, "部分");
                after = after ? after + strlen("部分") : td->lines[j].text;
                while (*after == ' ')
                    after++;
                title = g_strdup(*after ? after : td->lines[j].text);
            } else if (lay_is_numbered(td->lines[j].text)) {
                title = g_strdup(fr_name_unnumbered(td->lines[j].text));
            }
        if (!title)
            title = g_strdup(td->lines[i - 1].text);
    }
    /* a grid with no title in the narrative: its heading line starts it */
    bool untitled = !announced && lay_untitled_grid(td, i);
    announced = announced || untitled;
    /* a form: its title (wrapped or not) and the year under it */
    int ft = announced ? 0 : form_title_lines(td, i);
    if (ft) {
        title = form_title(td, i, ft);
        for (i += (size_t)ft; i < td->n && !lay_is_form_key(td, i); i++)
            ;
    }
    /* preamble */
    for (; !ft && !announced && i < td->n && i < start + 8; i++) {
        const char *s = td->lines[i].text;
        const char *rest;
        char *x = line_id(s, &rest);
        if (x && !rest && !id) {
            id = x;
            continue;
        }
        if (x && rest && !title && !id) { /* an id and a title on one line */
            id = x;
            title = g_strdup(rest);
            continue;
        }
        bool another = x && !rest; /* the next table's id */
        g_free(x);
        if (another)
            break;
        if (title && is_year_subtitle(s))
            continue;
        if (lay_is_part_heading(s) && !title && !id) {
            g_ptr_array_add(headings, GSIZE_TO_POINTER(i));
            continue;
        }
        if (lay_is_table_title(s) && !title && !lay_is_unit_line(s)) {
            title = g_strdup(s);
            continue;
        }
        if (title && strcmp(s, title) == 0)
            continue; /* the title again, above the id, on the next page */
        char *u = NULL, *e = NULL;
        if (parse_unit_line(s, &u, &e)) {
            if (u && !unit)
                unit = u;
            else
                g_free(u);
            if (e && !entity)
                entity = e;
            else
                g_free(e);
            /* "部门：湖南省…中" / "心": a wrapped entity before the unit line */
            if (entity && !unit && i + 2 < td->n && g_utf8_strlen(td->lines[i + 1].text, -1) <= 3 &&
                lay_is_unit_line(td->lines[i + 2].text)) {
                char *j = g_strconcat(entity, td->lines[i + 1].text, NULL);
                g_free(entity);
                entity = j;
                i++;
            }
            continue;
        }
        break;
    }
    /* OCR: a title misread beyond knowing it, just above the unit line, is the
     * title as read (and said to be doubtful) */
    bool misread = false;
    if (!title && !id && td->lines[start].ocr && start > 0 && td->lines[start - 1].page == td->lines[start].page &&
        strstr(td->lines[start - 1].text, "表") && !strstr(td->lines[start - 1].text, "。")) {
        title = g_strdup(td->lines[start - 1].text);
        misread = true;
    }
    if (!title && !id && !untitled) {
        g_free(unit);
        g_free(entity);
        g_ptr_array_free(headings, TRUE);
        return NULL;
    }
    /* headings printed above the table come first */
    for (guint k = 0; k < headings->len; k++) {
        const lay_line *l = &td->lines[GPOINTER_TO_SIZE(headings->pdata[k])];
        const char *s = l->text;
        const char *end = strstr(s, "部分") + strlen("部分");
        char *num = g_strndup(s, (gsize)(end - s));
        while (*end == ' ')
            end++;
        fr_doc_add_heading(doc, 1, num, end, lay_where(td, GPOINTER_TO_SIZE(headings->pdata[k]), GPOINTER_TO_SIZE(headings->pdata[k]) + 1));
        g_free(num);
    }
    g_ptr_array_free(headings, TRUE);

    if (misread) {
        /* the title line went out as a paragraph before the unit line started the table */
        const fr_block *last = doc->blocks.len ? fr_doc_block(doc, doc->blocks.len - 1) : NULL;
        if (last && last->kind == FR_BLOCK_PARAGRAPH && last->text && strcmp(last->text, title) == 0)
            doc->blocks.len--;
        fr_doc_diag(doc, FR_SEV_WARNING, "ocr.title", lay_where(td, start - 1, start), NULL,
                    "a table's title read by OCR is not one fiscus knows (%s): its id and title may be wrong", title);
    }
    fr_table *t = fr_doc_add_table(doc, lay_where(td, start, start + 1));
    t->id = fr_arena_strdup(doc->arena, id);
    t->title = fr_arena_strdup(doc->arena, title);
    t->unit = fr_arena_strdup(doc->arena, unit);
    t->unit_exponent = unit && strcmp(unit, "万元") == 0 ? 4 : 0;
    t->entity = fr_arena_strdup(doc->arena, entity);
    for (size_t k = start; k < i; k++)
        fr_table_add_page(doc, t, td->lines[k].page);

    g_free(id);
    g_free(title);
    g_free(unit);
    g_free(entity);
    *ip = i;
    return t;
}

bool lay_parse_table(fr_doc *doc, const lay_doc *td, size_t *ip)
{
    size_t i = *ip;
    fr_table *t = lay_table_begin(doc, td, &i);
    if (!t)
        return false;

    /* header band */
    GPtrArray *frags = g_ptr_array_new_with_free_func(g_free);
    GHashTable *header_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool saw_column_numbers = false;
    char *first_header = NULL;
    size_t hstart = i;
    for (; i < td->n && i < hstart + MAX_HEADER_LINES; i++) {
        const char *s = td->lines[i].text;
        if (lay_is_note(s) || lay_table_starts(td, i))
            break;
        GArray *toks = tokenize(s);
        bool colnums = is_column_number_line(toks);
        bool body = !colnums && (saw_column_numbers || is_body_start(toks));
        if (body) {
            free_toks(toks);
            break;
        }
        if (colnums) {
            saw_column_numbers = true;
        } else {
            for (guint k = 0; k < toks->len; k++)
                g_ptr_array_add(frags, g_strdup(g_array_index(toks, lay_tok, k).text));
        }
        g_hash_table_add(header_lines, lay_compact(s));
        if (!first_header)
            first_header = lay_compact(s);
        free_toks(toks);
        fr_table_add_page(doc, t, td->lines[i].page);
    }
    /* layout */
    GString *all = g_string_new(NULL);
    for (guint k = 0; k < frags->len; k++)
        g_string_append(all, frags->pdata[k]);
    table_state st = {0};
    st.rows = g_ptr_array_new_with_free_func((GDestroyNotify)seg_free);
    st.layout = FR_TABLE_PLAIN;
    st.npanels = 1;
    {
        int names = 0;
        for (const char *p = all->str; (p = strstr(p, "科目名称")); p++)
            names++;
        if (g_str_has_prefix(all->str, "收入支出"))
            st.layout = FR_TABLE_OVERVIEW, st.npanels = 2;
        else if (names >= 2)
            st.layout = FR_TABLE_GROUPED, st.npanels = names > 8 ? 8 : names;
        st.has_lineno = strstr(all->str, "行次") != NULL;
    }

    /* body */
    GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
    bool in_repeat = false;
    for (; i < td->n; i++) {
        const lay_line *l = &td->lines[i];
        const char *s = l->text;
        if (lay_is_note(s)) {
            /* the note and the lines that carry it on */
            GString *note = g_string_new(s);
            size_t j = i + 1;
            while (j < td->n && !lay_table_starts(td, j) && !lay_is_part_heading(td->lines[j].text) &&
                   !lay_is_note(td->lines[j].text) && !td->lines[j].page_start &&
                   !lay_is_numbered(td->lines[j].text)) {
                g_string_append(note, td->lines[j].text);
                j++;
            }
            /* "2.本套报表…": numbered note items directly below */
            static lay_regex numbered_note = {"^\\d+[.．]", 0, NULL};
            while (j < td->n && lay_regex_match(&numbered_note, td->lines[j].text) &&
                   !td->lines[j].page_start && g_utf8_strlen(td->lines[j].text, -1) < 200) {
                g_ptr_array_add(notes, g_string_free(note, FALSE));
                note = g_string_new(td->lines[j].text);
                j++;
            }
            g_ptr_array_add(notes, g_string_free(note, FALSE));
            i = j - 1;
            if (j < td->n && lay_is_note(td->lines[j].text))
                continue;
            i = j;
            break;
        }
        if (lay_table_starts(td, i) || lay_is_part_heading(s))
            break;
        /* a header repeated at the top of a continuation page */
        char *c = lay_compact(s);
        /* the repeat begins with the header's first line (or the unit line) */
        if (l->page_start && ((first_header && strcmp(c, first_header) == 0) || lay_is_unit_line(s)))
            in_repeat = true;
        bool repeated = in_repeat && (g_hash_table_contains(header_lines, c) || lay_is_unit_line(s));
        g_free(c);
        if (repeated) {
            fr_table_add_page(doc, t, l->page);
            continue;
        }
        in_repeat = false;
        GArray *toks = tokenize(s);
        if (is_column_number_line(toks)) {
            free_toks(toks);
            continue;
        }
        int nums = count_kind(toks, TK_NUM) + count_kind(toks, TK_INT);
        /* narrative after a table without a note: a numbered or long text line with no amounts next */
        if (nums == 0 && !st.pending && (lay_is_numbered(s) || l->width > td->body_width * 8 / 10) &&
            st.layout != FR_TABLE_OVERVIEW) {
            bool more = false;
            for (size_t j = i + 1; j < td->n && j <= i + 2; j++) {
                GArray *tj = tokenize(td->lines[j].text);
                more = tj->len && g_array_index(tj, lay_tok, 0).kind != TK_TEXT;
                free_toks(tj);
                if (more)
                    break;
            }
            /* a long text line below a row is that row's text column going on */
            seg *last = st.rows->len ? st.rows->pdata[st.rows->len - 1] : NULL;
            if (last && l->width > 30 && (last->trail->len || count_kind(toks, TK_TEXT) == (int)toks->len) &&
                !lay_is_numbered(s) && !more) {
                name_append(last->trail, s);
                free_toks(toks);
                fr_table_add_page(doc, t, l->page);
                continue;
            }
            if (!more) {
                free_toks(toks);
                break;
            }
        }
        if (nums == 0 && st.layout == FR_TABLE_PLAIN && st.rows->len && !st.pending &&
            (l->width > 30 || (((seg *)st.rows->pdata[st.rows->len - 1])->trail->len > 60 && lay_ends_text(s)))) {
            /* long text under a row whose text column is empty: that column, wrapped */
            seg *last = st.rows->pdata[st.rows->len - 1];
            name_append(last->trail, s);
            free_toks(toks);
            fr_table_add_page(doc, t, l->page);
            continue;
        }
        if (nums == 0 && l->page_start && st.layout == FR_TABLE_OVERVIEW && st.rows->len && !st.pending &&
            g_utf8_strlen(s, -1) <= 6) {
            /* a name cut by the page break: "国有资本经营预算财" / "政拨款" */
            for (guint r = st.rows->len; r-- > 0;) {
                seg *p = st.rows->pdata[r];
                if (p->name->len) {
                    name_append(p->name, s);
                    break;
                }
            }
            free_toks(toks);
            continue;
        }
        read_body_line(&st, toks, (fr_prov){.page = l->page, .line = l->lineno}, l->page_start);
        free_toks(toks);
        fr_table_add_page(doc, t, l->page);
    }
    if (st.pending) {
        if (!seg_empty(st.pending)) {
            GPtrArray *one = g_ptr_array_new();
            g_ptr_array_add(one, st.pending);
            assign_panels(&st, one);
            g_ptr_array_free(one, TRUE);
            g_ptr_array_add(st.rows, st.pending);
        } else {
            seg_free(st.pending);
        }
        st.pending = NULL;
    }

    /* columns: per panel, [行次] then amounts, then a text column if any row had one */
    int ncells[8] = {0};
    bool trail = false;
    for (guint r = 0; r < st.rows->len; r++) {
        seg *s = st.rows->pdata[r];
        if ((int)s->cells->len > ncells[s->panel])
            ncells[s->panel] = (int)s->cells->len;
        trail = trail || s->trail->len;
    }
    if (st.layout == FR_TABLE_GROUPED)
        for (int p = 0; p < st.npanels; p++)
            ncells[p] = 1;
    if (st.layout == FR_TABLE_OVERVIEW)
        for (int p = 0; p < 2; p++)
            if (ncells[p] == 0)
                ncells[p] = 1;
    const vocab *vp = vocab_get();
    const vocab v = *vp;
    GPtrArray *terms = header_terms(&v, frags);
    bool has_code = false;
    for (guint r = 0; r < st.rows->len; r++)
        has_code = has_code || ((seg *)st.rows->pdata[r])->code;
    int total = 0;
    for (int p = 0; p < st.npanels; p++) {
        int lab = (st.layout == FR_TABLE_GROUPED ? 2 : 1) + (st.layout == FR_TABLE_PLAIN && has_code ? 1 : 0);
        total += lab + (st.has_lineno && st.layout == FR_TABLE_OVERVIEW ? 1 : 0) + ncells[p];
    }
    if (trail)
        total++;
    if (total > MAX_TABLE_COLUMNS) {
        /* the amounts past the limit are dropped, from the last panel back */
        fr_doc_diag(doc, FR_SEV_WARNING, "txt.columns", t->where, t->id,
                    "a table has %d columns; the columns past %d are left out", total, MAX_TABLE_COLUMNS);
        for (int p = st.npanels; p-- > 0 && total > MAX_TABLE_COLUMNS;) {
            int cut = MIN(ncells[p] - 1, total - MAX_TABLE_COLUMNS);
            if (cut > 0) {
                ncells[p] -= cut;
                total -= cut;
            }
        }
        if (trail && total > MAX_TABLE_COLUMNS) {
            trail = false;
            total--;
        }
    }
    fr_table_set_columns(doc, t, total);
    t->layout = st.layout;
    t->npanels = st.npanels;
    int col = 0;
    bool header_ok = true;
    if (st.layout == FR_TABLE_PLAIN) {
        /* the label columns as the header names them */
        const char *code_label = "科目编码", *name_label = has_code ? "科目名称" : "项目";
        bool code_parent = false;
        for (guint k = terms->len; k-- > 0;) {
            const char *role = g_hash_table_lookup(v.terms, terms->pdata[k]);
            if (role && strcmp(role, "code") == 0)
                code_label = terms->pdata[k];
            if (role && strcmp(role, "name") == 0)
                name_label = terms->pdata[k];
            code_parent = code_parent || strcmp(terms->pdata[k], "功能分类科目") == 0;
        }
        if (has_code)
            fr_table_set_column(doc, t, col++, code_label, FR_COL_CODE, 0);
        fr_table_set_column(doc, t, col++, name_label, FR_COL_NAME, 0);
        int first = col;
        int ndata = ncells[0] + (trail ? 1 : 0);
        int leaves = 0;
        bool known = false;
        GPtrArray *roots = build_header_roots(&v, terms, &leaves, &known);
        /* the header may have more columns than any row printed (blank trailing cells) */
        header_ok = leaves == ndata || (leaves > ndata && known && first + leaves <= MAX_TABLE_COLUMNS);
        if (header_ok) {
            if (leaves > ndata) {
                ncells[0] = leaves - (trail ? 1 : 0);
                fr_table_set_columns(doc, t, first + leaves);
                if (has_code)
                    fr_table_set_column(doc, t, 0, code_label, FR_COL_CODE, 0);
                fr_table_set_column(doc, t, first - 1, name_label, FR_COL_NAME, 0);
            }
            int leaf = first;
            for (guint k = 0; k < roots->len; k++)
                emit_nodes(doc, t, roots->pdata[k], 0, &leaf);
        }
        g_ptr_array_free(roots, TRUE);
        if (!header_ok)
            for (int k = 0; k < ndata; k++)
                fr_table_set_column(doc, t, first + k, trail && k == ndata - 1 ? "说明" : "", FR_COL_DATA, 0);
        if (has_code && code_parent)
            fr_table_add_header(doc, t, "功能分类科目", 0, 0, 2);
    } else if (st.layout == FR_TABLE_OVERVIEW) {
        const char *side[2] = {"收入", "支出"};
        /* amount labels: the data terms in order, first for 收入, the rest for 支出 */
        GPtrArray *labels = g_ptr_array_new();
        for (guint k = 0; k < terms->len; k++) {
            const char *term = terms->pdata[k];
            const char *role = g_hash_table_lookup(v.terms, term);
            if ((role && strcmp(role, "data") != 0) || !strcmp(term, "收入") || !strcmp(term, "支出") ||
                !strcmp(term, "栏次"))
                continue;
            g_ptr_array_add(labels, (gpointer)term);
        }
        header_ok = (int)labels->len == ncells[0] + ncells[1];
        guint li = 0;
        t->panel_labels = fr_arena_alloc(doc->arena, 2 * sizeof(char *));
        for (int p = 0; p < 2; p++) {
            int first = col;
            t->panel_labels[p] = side[p];
            fr_table_set_column(doc, t, col++, "项目", FR_COL_NAME, p);
            if (st.has_lineno)
                fr_table_set_column(doc, t, col++, "行次", FR_COL_LINENO, p);
            for (int k = 0; k < ncells[p]; k++)
                fr_table_set_column(doc, t, col++, header_ok ? labels->pdata[li++] : "金额", FR_COL_DATA, p);
            fr_table_add_header(doc, t, side[p], 0, first, col - first);
        }
        g_ptr_array_free(labels, TRUE);
    } else {
        /* grouped: the spanning terms that are not label columns head the panels */
        const char *amount = strstr(all->str, "决算数") ? "决算数" : strstr(all->str, "预算数") ? "预算数" : "金额";
        GPtrArray *groups = g_ptr_array_new();
        for (guint k = 0; k < terms->len; k++)
            if (g_hash_table_lookup(v.children, terms->pdata[k]) && strcmp(terms->pdata[k], amount) != 0)
                g_ptr_array_add(groups, terms->pdata[k]);
        for (int p = 0; p < st.npanels; p++) {
            fr_table_set_column(doc, t, col++, "科目代码", FR_COL_CODE, p);
            fr_table_set_column(doc, t, col++, "科目名称", FR_COL_NAME, p);
            fr_table_set_column(doc, t, col++, amount, FR_COL_DATA, p);
        }
        if (groups->len >= 1)
            fr_table_add_header(doc, t, groups->pdata[0], 0, 0, 3);
        if (groups->len >= 2 && st.npanels > 1)
            fr_table_add_header(doc, t, groups->pdata[1], 0, 3, 3 * (st.npanels - 1));
        g_ptr_array_free(groups, TRUE);
    }
    if (!header_ok)
        fr_doc_diag(doc, FR_SEV_WARNING, "txt.header", t->where, t->id,
                    "column headings of %s could not be rebuilt from the text; data columns are unlabelled",
                    t->id ? t->id : t->title ? t->title : "a table");
    fr_table_finish_headers(doc, t);

    /* rows */
    for (guint r = 0; r < st.rows->len; r++) {
        seg *s = st.rows->pdata[r];
        int p = s->panel < 0 ? 0 : s->panel;
        int n = fr_table_panel_cells(t, p);
        fr_row *row = fr_table_add_row(doc, t, p, n, s->where);
        row->code = fr_arena_strdup(doc->arena, s->code);
        row->name = s->name->len ? fr_arena_strdup(doc->arena, s->name->str) : NULL;
        int c = 0;
        if (st.has_lineno && st.layout == FR_TABLE_OVERVIEW && c < n) {
            if (s->lineno) {
                row->cells[c].kind = FR_CELL_TEXT;
                row->cells[c].text = fr_arena_strdup(doc->arena, s->lineno);
            }
            c++;
        }
        for (guint k = 0; k < s->cells->len && c < n; k++, c++) {
            const char *txt = s->cells->pdata[k];
            fr_decimal d;
            if (fr_decimal_parse(txt, strlen(txt), &d) == FR_OK) {
                row->cells[c].kind = FR_CELL_AMOUNT;
                row->cells[c].amount = d;
            } else {
                row->cells[c].kind = FR_CELL_TEXT;
            }
            row->cells[c].text = fr_arena_strdup(doc->arena, txt);
        }
        if ((int)s->cells->len > n - (trail ? 1 : 0) - (st.has_lineno && st.layout == FR_TABLE_OVERVIEW ? 1 : 0))
            fr_doc_diag(doc, FR_SEV_WARNING, "txt.cells", s->where, t->id, "row has more cells than columns");
        if (trail && s->trail->len && st.layout == FR_TABLE_PLAIN) {
            row->cells[n - 1].kind = FR_CELL_TEXT;
            row->cells[n - 1].text = fr_arena_strdup(doc->arena, s->trail->str);
        }
    }
    for (guint k = 0; k < notes->len; k++)
        fr_vec_push(doc->arena, &t->notes, fr_arena_strdup(doc->arena, notes->pdata[k]));

    g_ptr_array_free(terms, TRUE);
    g_ptr_array_free(notes, TRUE);
    g_ptr_array_free(st.rows, TRUE);
    g_string_free(all, TRUE);
    g_hash_table_destroy(header_lines);
    g_free(first_header);
    g_ptr_array_free(frags, TRUE);
    *ip = i;
    return true;
}
