/* passes.c — transformations of the IR that do not depend on any reader:
 * row codes and levels, and meta inference from the document's own text. */
#include "fiscus.h"
#include "fr_glib.h"

#include <glib.h>
#include <string.h>

static bool is_total_name(const char *name)
{
    if (!name)
        return false;
    return g_str_has_suffix(name, "合计") || g_str_has_suffix(name, "总计") || strcmp(name, "小计") == 0;
}

void fr_pass_rows(fr_doc *doc)
{
    fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        for (size_t r = 0; r < t->rows.len; r++) {
            fr_row *row = fr_table_row(t, r);
            if (row->code) {
                char buf[16];
                if (fr_code_normalize(row->code, buf, sizeof buf) == FR_OK) {
                    row->code = fr_arena_strdup(doc->arena, buf);
                    row->level = fr_code_level(buf);
                } else {
                    fr_doc_diag(doc, FR_SEV_WARNING, "ir.code", row->where, t->id, "'%s' is not a classification code",
                                row->code);
                    row->code = NULL;
                }
            } else if (is_total_name(row->name)) {
                row->is_total = true;
                row->level = 0;
            }
        }
    }
}

/* ---- meta ---------------------------------------------------------------- */

static const char *const PROVINCES =
    "北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|"
    "海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆";

/* The text of the document to search for meta, in order: headings,
 * paragraphs, table titles (bounded). */
static GString *doc_text(const fr_doc *doc, size_t limit)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < doc->blocks.len && s->len < limit; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        const char *t = b->kind == FR_BLOCK_TABLE ? b->table->title : b->text;
        if (t) {
            g_string_append(s, t);
            g_string_append_c(s, '\n');
        }
    }
    return s;
}

/* Counts of strings seen, in the order first seen: the most frequent wins, the
 * first seen a tie */
typedef struct tally {
    GHashTable *count; /* string (owned) → count */
    GPtrArray *order;  /* the strings, first seen first */
} tally;

static tally tally_new(void)
{
    return (tally){g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), g_ptr_array_new()};
}

/* counts m, which the tally takes */
static void tally_add(tally *t, char *m)
{
    gpointer old = NULL;
    if (g_hash_table_lookup_extended(t->count, m, NULL, &old)) {
        g_hash_table_insert(t->count, m, GINT_TO_POINTER(GPOINTER_TO_INT(old) + 1));
    } else {
        g_hash_table_insert(t->count, m, GINT_TO_POINTER(1));
        g_ptr_array_add(t->order, m);
    }
}

/* the most frequent string (g_free), or NULL; frees the tally */
static char *tally_best_free(tally *t)
{
    char *best = NULL;
    int best_n = 0;
    for (guint i = 0; i < t->order->len; i++) {
        int n = GPOINTER_TO_INT(g_hash_table_lookup(t->count, t->order->pdata[i]));
        if (n > best_n) {
            best_n = n;
            best = t->order->pdata[i];
        }
    }
    best = g_strdup(best);
    g_ptr_array_free(t->order, TRUE);
    g_hash_table_destroy(t->count);
    return best;
}

static bool is_han(gunichar c) { return c >= 0x4E00 && c <= 0x9FFF; }

/* The first characters of the PROVINCES, as a bitmap over U+4E00–U+9FFF */
static const guint8 *province_initials(void)
{
    static guint8 bits[(0x9FFF - 0x4E00) / 8 + 1];
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        char **names = g_strsplit(PROVINCES, "|", -1);
        for (char **n = names; *n; n++) {
            gunichar c = g_utf8_get_char(*n) - 0x4E00;
            bits[c / 8] |= (guint8)(1u << (c % 8));
        }
        g_strfreev(names);
        g_once_init_leave(&done, 1);
    }
    return bits;
}

/* Can the department pattern match from p, whose character c is Han? Only where
 * a province's name may begin, or — after a character that is not Han — where
 * 2 to 4 Han characters run into 市, 区, 县 or 州, or 国家 begins. */
static bool department_may_start(const char *p, gunichar c, bool after_han, const guint8 *initials)
{
    unsigned i = c - 0x4E00;
    if (initials[i / 8] & (1u << (i % 8)))
        return true;
    if (after_han)
        return false;
    if (g_str_has_prefix(p, "国家")) /* a central department: 国家信访局 */
        return true;
    if (c == 0x5E74) /* 年: "2019年佛山市…" names a year, then the city */
        return false;
    for (int k = 0; k <= 4; k++, p = g_utf8_next_char(p)) {
        gunichar d = g_utf8_get_char(p);
        if (k >= 2 && (d == 0x5E02 /* 市 */ || d == 0x533A /* 区 */ || d == 0x53BF /* 县 */ || d == 0x5DDE /* 州 */))
            return true;
        if (!is_han(d))
            return false;
    }
    return false;
}

/* The most frequent match of the department pattern re in text (g_free), or
 * NULL. The pattern is tried, anchored, only where department_may_start: the
 * same matches as a scan from every position, without running the province
 * alternatives at each character of the text. */
static char *most_frequent_department(GRegex *re, const char *text)
{
    const guint8 *initials = province_initials();
    tally t = tally_new();
    bool after_han = false;
    for (const char *p = text; *p;) {
        gunichar c = g_utf8_get_char(p);
        bool han = is_han(c);
        if (han && department_may_start(p, c, after_han, initials)) {
            /* the subject is bounded: the character before p (for the pattern's
             * look-behind) to 96 characters on, twice the longest match, so each
             * try costs its window, not the rest of the text */
            const char *from = p > text ? g_utf8_prev_char(p) : p, *to = p;
            for (int k = 0; k < 96 && *to; k++)
                to = g_utf8_next_char(to);
            GMatchInfo *mi = NULL;
            int start = 0, end = 0;
            if (g_regex_match_full(re, from, to - from, p - from, G_REGEX_MATCH_ANCHORED, &mi, NULL) &&
                g_match_info_fetch_pos(mi, 0, &start, &end) && end > start) {
                tally_add(&t, g_match_info_fetch(mi, 0));
                g_match_info_free(mi);
                p = from + end; /* matches do not overlap */
                after_han = is_han(g_utf8_get_char(g_utf8_prev_char(p)));
                continue;
            }
            g_match_info_free(mi);
        }
        after_han = han;
        p = g_utf8_next_char(p);
    }
    return tally_best_free(&t);
}

/* A form's 部门名称 / 单位名称 box and the name beside it (a tables-only file
 * whose 部门整体绩效目标表 prints "部门名称  北京市公安局"): the department,
 * when nothing else names it. Heading cells and rows are both looked at. */
static bool is_department_label(const char *s)
{
    return s && (strcmp(s, "部门名称") == 0 || strcmp(s, "单位名称") == 0 || strcmp(s, "部门（单位）名称") == 0 ||
                 strcmp(s, "预算单位") == 0);
}

static const char *labelled_department(const fr_doc *doc)
{
    for (size_t i = 0; i < doc->blocks.len; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        if (b->kind != FR_BLOCK_TABLE)
            continue;
        const fr_table *t = b->table;
        for (int h = 0; h + 1 < t->nheaders; h++) {
            const fr_header *a = &t->headers[h], *n = &t->headers[h + 1];
            if (is_department_label(a->label) && n->depth == a->depth && n->first_leaf == a->first_leaf + a->span &&
                n->label && g_utf8_strlen(n->label, -1) >= 3 && !g_hash_table_contains(fr_header_vocab_get()->terms, n->label))
                return n->label;
        }
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = t->rows.items[r];
            bool label = is_department_label(row->name);
            for (int c = 0; c < row->ncells; c++) {
                const char *x = row->cells[c].text;
                if (!x)
                    continue;
                if (label && row->cells[c].kind == FR_CELL_TEXT && g_utf8_strlen(x, -1) >= 3)
                    return x;
                label = is_department_label(x);
            }
        }
    }
    return NULL;
}

static void infer_department(fr_doc *doc, const char *text)
{
    if (doc->meta.department)
        return;
    /* 1. the entity the tables name, most often */
    GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
    const char *best = NULL;
    int best_n = 0;
    for (size_t i = 0; i < doc->blocks.len; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        if (b->kind != FR_BLOCK_TABLE || !b->table->entity)
            continue;
        int n = GPOINTER_TO_INT(g_hash_table_lookup(count, b->table->entity)) + 1;
        g_hash_table_insert(count, (gpointer)b->table->entity, GINT_TO_POINTER(n));
        if (n > best_n) {
            best_n = n;
            best = b->table->entity;
        }
    }
    g_hash_table_destroy(count);
    if (best) {
        doc->meta.department = best;
        return;
    }
    /* 2. the organisation named most often in the text */
    char *pat = g_strdup_printf("(?:(?:%s)(?:省|市|自治区)?|(?<![\\x{4e00}-\\x{9fff}])国家|(?<![\\x{4e00}-\\x{9fff}])[\\x{4e00}-\\x{9fff}]{2,4}(?:市|区|县|州))"
                                "[\\x{4e00}-\\x{9fff}（）]{1,30}?(?:中心|局|厅|委员会|办公室|检察院|法院|委|院|馆|所|站|"
                                "会|署|处|部)(?:（本级）|（汇总）)?",
                                PROVINCES);
    /* not JIT-compiled (G_REGEX_OPTIMIZE): see lay_regex_match */
    GRegex *re = g_regex_new(pat, 0, 0, NULL);
    g_free(pat);
    if (re) {
        char *m = most_frequent_department(re, text);
        if (m)
            doc->meta.department = fr_arena_strdup(doc->arena, m);
        g_free(m);
        g_regex_unref(re);
    }
    if (!doc->meta.department)
        doc->meta.department = labelled_department(doc);
}

/* \s as PCRE2 reads it in UTF/UCP mode: Unicode white space and \t \n \v \f \r */
static const char *skip_space(const char *p)
{
    while (*p && g_unichar_isspace(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    return p;
}

static const char *skip_word(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 ? p + n : NULL;
}

/* 19xx or 20xx at p */
static bool is_year_digits(const char *p)
{
    return ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) && g_ascii_isdigit(p[2]) &&
           g_ascii_isdigit(p[3]);
}

/* "2026年" at p of s: a year of four digits, no digit before it, 年 after */
static bool year_at(const char *s, const char *p)
{
    return is_year_digits(p) && !(p > s && g_ascii_isdigit(p[-1])) && g_str_has_prefix(p + 4, "年");
}

/* The statements of the report's year and kind, "2024年部门预算", "2023年度单位决算"
 * — ((?:19|20)\d\d)\s*年度?\s*(?:部门|单位)?\s*(预算|决算) — matched by hand from
 * each 年: a regular expression without a literal first character scans the whole
 * text position by position, which was a quarter of a long report's time. Returns
 * the most frequent statement, the first seen winning a tie. */
static char *most_frequent_year_kind(const char *text)
{
    tally t = tally_new();
    const char *after = text; /* the end of the last statement: they do not overlap */
    for (const char *nian = strstr(text, "年"); nian; nian = strstr(nian + 1, "年")) {
        /* the four digits before the white space before 年 */
        const char *d = nian;
        while (d > text) {
            const char *prev = g_utf8_find_prev_char(text, d);
            if (!prev || !g_unichar_isspace(g_utf8_get_char(prev)))
                break;
            d = prev;
        }
        if (d - text < 4)
            continue;
        d -= 4;
        if (d < after || !is_year_digits(d))
            continue;
        const char *p = nian + strlen("年"), *q;
        if ((q = skip_word(p, "度")))
            p = q;
        p = skip_space(p);
        if ((q = skip_word(p, "部门")) || (q = skip_word(p, "单位")))
            p = q;
        p = skip_space(p);
        if (!(q = skip_word(p, "预算")) && !(q = skip_word(p, "决算")))
            continue;
        /* "比2018年决算增加…", "较上年…": a comparison names another year */
        const char *before = d > text ? g_utf8_find_prev_char(text, d) : NULL;
        if (before && (g_str_has_prefix(before, "比") || g_str_has_prefix(before, "较") ||
                       g_str_has_prefix(before, "与") || g_str_has_prefix(before, "同")))
            continue;
        tally_add(&t, g_strndup(d, (gsize)(q - d)));
        after = q;
    }
    return tally_best_free(&t);
}

/* The year and kind the report's title states: "2019年佛山市轨道交通局部门决算",
 * "上海市普陀区2025年区级部门预算", "2024年度部门决算" — a title naming one year,
 * with 预算 or 决算 after it (a title naming two years is left to the text) */
static void year_kind_of_title(fr_doc *doc)
{
    const char *t = doc->meta.title;
    if (!t)
        return;
    int year = 0;
    const char *after = NULL;
    for (const char *p = t; *p; p++) {
        if (!year_at(t, p))
            continue;
        int y = atoi(p);
        if (year && y != year)
            return;
        if (!year)
            after = p + 4;
        year = y;
    }
    if (!year)
        return;
    const char *budget = strstr(after, "预算"), *final = strstr(after, "决算");
    if (!budget && !final)
        return;
    if (!doc->meta.fiscal_year)
        doc->meta.fiscal_year = year;
    if (!doc->meta.kind)
        doc->meta.kind = final && (!budget || final < budget) ? FR_KIND_FINAL_ACCOUNTS : FR_KIND_BUDGET;
}

/* A tables-only file that states neither in a sentence: the kind its table
 * ids give ("预算01表" … "预算12表", or 决算), and the year its tables' text
 * names most often ("2026年，北京公安机关…"), a comparison's year left out. */
static void year_kind_of_tables(fr_doc *doc)
{
    int budget = 0, final = 0;
    tally years = tally_new();
    for (size_t i = 0; i < doc->blocks.len; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        if (b->kind != FR_BLOCK_TABLE)
            continue;
        const fr_table *t = b->table;
        if (t->id) {
            budget += g_str_has_prefix(t->id, "预算") || g_str_has_suffix(t->id, "预算表");
            final += g_str_has_prefix(t->id, "决算") || g_str_has_suffix(t->id, "决算表");
        }
        for (size_t r = 0; r < t->rows.len && r < 2000; r++) {
            const fr_row *row = t->rows.items[r];
            for (int c = -1; c < row->ncells; c++) {
                const char *x = c < 0 ? row->name : row->cells[c].text;
                for (const char *p = x; p && *p; p++) {
                    if (!year_at(x, p))
                        continue;
                    if (g_str_has_prefix(p + 4, "年比") || g_str_has_prefix(p + 4, "年较") ||
                        (p >= x + 3 && (g_str_has_prefix(p - 3, "比") || g_str_has_prefix(p - 3, "较"))))
                        continue;
                    tally_add(&years, g_strndup(p, 4));
                }
            }
        }
    }
    char *y = tally_best_free(&years);
    if (budget + final == 0) {
        g_free(y);
        return;
    }
    if (!doc->meta.kind)
        doc->meta.kind = final > budget ? FR_KIND_FINAL_ACCOUNTS : FR_KIND_BUDGET;
    if (!doc->meta.fiscal_year && y)
        doc->meta.fiscal_year = atoi(y);
    g_free(y);
}

static void infer_year_kind(fr_doc *doc, const char *text)
{
    year_kind_of_title(doc);
    if (doc->meta.fiscal_year && doc->meta.kind)
        return;
    char *m = most_frequent_year_kind(text);
    if (m) {
        if (!doc->meta.fiscal_year)
            doc->meta.fiscal_year = atoi(m);
        if (!doc->meta.kind)
            doc->meta.kind = g_str_has_suffix(m, "决算") ? FR_KIND_FINAL_ACCOUNTS : FR_KIND_BUDGET;
        g_free(m);
    }
    if (!doc->meta.kind || !doc->meta.fiscal_year)
        year_kind_of_tables(doc);
}

static bool table_has_codes(const fr_table *t)
{
    for (size_t r = 0; r < t->rows.len; r++)
        if (fr_code_classification(((const fr_row *)t->rows.items[r])->code) != FR_CLASS_NONE)
            return true;
    return false;
}

static void infer_unit(fr_doc *doc, const char *text)
{
    if (doc->meta.unit)
        return;
    GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
    const char *best = NULL;
    int best_n = 0, best_exp = 0;
    /* the unit of the standard tables (those with classification codes) most
     * often, else of any table: 西安's 元 tables, not its 万元 绩效 forms */
    bool coded_only = false;
    for (size_t i = 0; i < doc->blocks.len && !coded_only; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        coded_only = b->kind == FR_BLOCK_TABLE && b->table->unit && table_has_codes(b->table);
    }
    for (size_t i = 0; i < doc->blocks.len; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        if (b->kind != FR_BLOCK_TABLE || !b->table->unit || (coded_only && !table_has_codes(b->table)))
            continue;
        int n = GPOINTER_TO_INT(g_hash_table_lookup(count, b->table->unit)) + 1;
        g_hash_table_insert(count, (gpointer)b->table->unit, GINT_TO_POINTER(n));
        if (n > best_n) {
            best_n = n;
            best = b->table->unit;
            best_exp = b->table->unit_exponent;
        }
    }
    g_hash_table_destroy(count);
    if (!best) { /* narrative only: the unit its amounts are stated in */
        int wan = 0, yuan = 0;
        for (const char *p = text; (p = strstr(p, "万元")); p += 1)
            wan++;
        for (const char *p = text; (p = strstr(p, "元")); p += 1)
            yuan++;
        yuan -= wan;
        if (wan || yuan) {
            best = wan >= yuan ? "万元" : "元";
            best_exp = wan >= yuan ? 4 : 0;
        }
    }
    if (best) {
        doc->meta.unit = fr_arena_strdup(doc->arena, best);
        doc->meta.unit_exponent = best_exp;
    }
}

/* Any sign of a fiscal report: a year or kind found, 预算 / 决算 in the text's
 * opening (title, cover), or a table of classification codes or of a fiscal
 * title (收支, 支出, 收入, 经费 …) */
static bool looks_fiscal(const fr_doc *doc, const char *text)
{
    if (doc->meta.fiscal_year || doc->meta.kind)
        return true;
    if (doc->meta.title && (strstr(doc->meta.title, "预算") || strstr(doc->meta.title, "决算")))
        return true;
    size_t n = strlen(text);
    char *head = g_strndup(text, MIN(n, 2000));
    bool said = strstr(head, "预算") || strstr(head, "决算");
    g_free(head);
    if (said)
        return true;
    static const char *const words[] = {"预算", "决算", "收支", "支出", "收入", "经费", "三公"};
    const fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        for (size_t k = 0; t->title && k < G_N_ELEMENTS(words); k++)
            if (strstr(t->title, words[k]))
                return true;
        if (table_has_codes(t))
            return true;
    }
    return false;
}

void fr_pass_meta(fr_doc *doc)
{
    GString *text = doc_text(doc, 4u << 20);
    infer_department(doc, text->str);
    infer_year_kind(doc, text->str);
    infer_unit(doc, text->str);
    if (!doc->meta.title && doc->meta.department && doc->meta.fiscal_year)
        doc->meta.title = fr_arena_printf(doc->arena, "%s%d年%s", doc->meta.department, doc->meta.fiscal_year,
                                          doc->meta.kind == FR_KIND_FINAL_ACCOUNTS ? "度部门决算" : "部门预算");
    if (!looks_fiscal(doc, text->str)) {
        /* said once, instead of what such a document cannot have */
        fr_doc_diag(doc, FR_SEV_WARNING, "meta.notfiscal", (fr_prov){.page = 0, .line = 0}, NULL,
                    "does not look like a budget or final-accounts report (no 预算 or 决算 in its title, no fiscal "
                    "table, no year)");
        g_string_free(text, TRUE);
        return;
    }
    if (!doc->meta.department)
        fr_doc_diag(doc, FR_SEV_WARNING, "meta.department", (fr_prov){.page = 0, .line = 0}, NULL, "department not found");
    if (!doc->meta.fiscal_year)
        fr_doc_diag(doc, FR_SEV_WARNING, "meta.year", (fr_prov){.page = 0, .line = 0}, NULL, "fiscal year not found");
    g_string_free(text, TRUE);
}

/* A table that prints names without codes but their levels (by indentation,
 * 杭州): where a 类 row's name is a listed 类 and each row below names exactly
 * one listed code under its parent's, the row gets that code, marked
 * inferred. A name no list has, or has twice, leaves its row and those under
 * it without. Function codes first; a table whose first 类 is an economic one
 * (工资福利支出) is read against the economic lists. A table where only 类
 * names matched (an overview listing 一、一般公共服务支出 …) gets none. */
static void fr_pass_infer_codes(fr_doc *doc)
{
    fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        bool coded = false, levelled = false;
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            coded = coded || row->code;
            levelled = levelled || row->level > 0;
        }
        if (coded || !levelled || t->layout == FR_TABLE_OVERVIEW)
            continue;
        bool deep = false; /* a list of codes, not an overview naming its 类 */
        for (int panel = 0; panel < (t->npanels > 0 ? t->npanels : 1); panel++) {
            const char *above[3] = {NULL, NULL, NULL};
            fr_classification cls = FR_CLASS_NONE;
            for (size_t r = 0; r < t->rows.len; r++) {
                fr_row *row = fr_table_row(t, r);
                if (row->panel != panel || row->level < 1 || row->level > 3 || !row->name || row->is_total)
                    continue;
                const char *name = fr_name_unnumbered(row->name);
                const char *code = NULL;
                if (row->level == 1) {
                    code = fr_code_list_class_of(FR_CLASS_FUNCTION, name);
                    cls = code ? FR_CLASS_FUNCTION : FR_CLASS_NONE;
                    if (!code && (code = fr_code_list_class_of(FR_CLASS_ECONOMIC, name)))
                        cls = FR_CLASS_ECONOMIC;
                } else if (above[row->level - 2] && cls != FR_CLASS_NONE) {
                    code = fr_code_list_child(cls, above[row->level - 2], name);
                }
                above[row->level - 1] = code;
                for (int l = row->level; l < 3; l++)
                    above[l] = NULL;
                if (code) {
                    row->code = code;
                    row->code_inferred = true;
                    deep = deep || row->level >= 2;
                }
            }
        }
        for (size_t r = 0; !deep && r < t->rows.len; r++) {
            fr_row *row = fr_table_row(t, r);
            if (row->code_inferred) {
                row->code = NULL;
                row->code_inferred = false;
            }
        }
    }
}

/* The unit a text names in parentheses: "项目资金（万元）", "资金金额(万元)",
 * "预算数（元）"; exponent 4 or 0, -1 for none */
static int unit_in(const char *s)
{
    if (!s)
        return -1;
    if (strstr(s, "（万元）") || strstr(s, "(万元)") || strstr(s, "（万元/"))
        return 4;
    if (strstr(s, "（元）") || strstr(s, "(元)"))
        return 0;
    return -1;
}

/* A table printed without a unit line (a 绩效目标 form) takes the unit its own
 * headings or label cells name, when they name one only */
static void fr_pass_table_units(fr_doc *doc)
{
    fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        if (t->unit)
            continue;
        int found = -1;
        bool both = false;
        for (int h = 0; h < t->nheaders; h++) {
            int u = unit_in(t->headers[h].label);
            both = both || (u >= 0 && found >= 0 && u != found);
            found = u >= 0 ? u : found;
        }
        for (size_t r = 0; r < t->rows.len && r < 400; r++) {
            const fr_row *row = t->rows.items[r];
            for (int c = -1; c < row->ncells; c++) {
                const char *x = c < 0 ? row->name : row->cells[c].kind == FR_CELL_TEXT ? row->cells[c].text : NULL;
                int u = unit_in(x);
                both = both || (u >= 0 && found >= 0 && u != found);
                found = u >= 0 ? u : found;
            }
        }
        if (found >= 0 && !both) {
            t->unit = found == 4 ? "万元" : "元";
            t->unit_exponent = found;
        }
    }
}

void fr_run_passes(fr_doc *doc, unsigned flags)
{
    fr_pass_inline_tables(doc);
    fr_pass_rows(doc);
    fr_pass_infer_codes(doc);
    fr_pass_table_units(doc);
    fr_pass_meta(doc);
    fr_pass_code_lists(doc);
    fr_pass_ocr_sums(doc);
    if (!(flags & FR_CONVERT_NO_AUDIT))
        fr_pass_check(doc);
}
