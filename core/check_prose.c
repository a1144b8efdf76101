/* check_prose.c — the narrative against the tables and itself:
 *   prose.amount     "基本支出2617.13万元": a figure the tables give under that name
 *   prose.percent    "占16.28%", "完成年初预算的96.53%", "下降0.61%": recomputed
 *                    from the figures the sentence names
 *   prose.direction  "增加X万元，下降Y%", or 增加 where the figures fell
 *   unit.mismatch    a stated figure that is a table's figure × 10 000 (元 for 万元)
 *   prose.twice      one item given two figures in one paragraph
 *   name.outdated    a class by the name it had before the 2019 classification
 *                    (医疗卫生与计划生育支出 for 卫生健康支出), in the text or an uncoded row
 *
 * Statements are read conservatively: a figure is checked only when the words
 * before it name something the tables hold (a row or column label), and a
 * percentage only when its base is in the sentence or named and found. What
 * cannot be tied to a figure is not judged. */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define MAX_SENTENCE 4096 /* longer runs without 。 are not read */

/* ---- amounts and percentages in a sentence ---------------------------------- */

typedef struct amount {
    fr_decimal value;
    int exponent;       /* 4 万元, 0 元 */
    size_t start, end;  /* byte offsets of the number and of the end of its unit */
    char *label;        /* the words before it, back to a delimiter (g_free) */
    bool in_parens;     /* inside （…） */
    bool compared;      /* its clause compares with it: 比/较 before it ("比2025年年初预算数X万元") */
    bool aside;         /* its clause is of another year, a change or a remainder: not the item's own figure */
} amount;

typedef struct percent {
    fr_decimal value;
    size_t start, end;
    char *label;
} percent;

static bool is_digit_at(const char *s) { return g_ascii_isdigit(*s); }

/* delimiters that end a label going backwards */
static bool is_delimiter(gunichar c)
{
    return c == 0xFF0C /* ， */ || c == 0x3002 /* 。 */ || c == 0xFF1B /* ； */ || c == 0xFF1A /* ： */ ||
           c == 0x3001 /* 、 */ || c == 0xFF08 || c == 0xFF09 || c == '(' || c == ')' || c == ',' || c == ';' ||
           c == ':' || c == '%' || c == 0xFF05 || g_unichar_isdigit(c);
}

/* The words before offset pos of s back to a delimiter, without spaces. */
static char *label_before(const char *s, size_t pos)
{
    const char *end = s + pos, *p = end;
    while (p > s) {
        const char *prev = g_utf8_find_prev_char(s, p);
        if (!prev)
            break;
        gunichar c = g_utf8_get_char(prev);
        if (is_delimiter(c))
            break;
        p = prev;
    }
    GString *out = g_string_new(NULL);
    for (const char *q = p; q < end; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (!g_unichar_isspace(c) && c != 0x3000)
            g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}

/* Is offset pos inside an open （ or ( of s? */
static bool inside_parens(const char *s, size_t pos)
{
    int depth = 0;
    for (const char *q = s; q < s + pos; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (c == 0xFF08 || c == '(')
            depth++;
        else if ((c == 0xFF09 || c == ')') && depth > 0)
            depth--;
    }
    return depth > 0;
}

/* Does the clause before offset pos of s (back to ，。；：) hold 比 or 较?
 * The label stops at a digit; a year in the clause ("比2025年…") does not stop this. */
static bool compared_before(const char *s, size_t pos)
{
    const char *p = s + pos;
    while (p > s) {
        const char *prev = g_utf8_find_prev_char(s, p);
        if (!prev)
            break;
        gunichar c = g_utf8_get_char(prev);
        if (c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == ',' || c == ';')
            break;
        if (c == 0x6BD4 /* 比 */ || c == 0x8F83 /* 较 */) /* (与 joins names as often: 人员经费与公用经费) */
            return true;
        p = prev;
    }
    return false;
}

/* Where the clause holding offset pos of s begins (after ，。；：) */
static size_t clause_start(const char *s, size_t pos)
{
    const char *p = s + pos;
    while (p > s) {
        const char *prev = g_utf8_find_prev_char(s, p);
        if (!prev)
            break;
        gunichar c = g_utf8_get_char(prev);
        if (c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == ',' || c == ';')
            break;
        p = prev;
    }
    return (size_t)(p - s);
}

/* Does the clause of s before offset pos name an earlier year: 上年, 去年,
 * 同期, or a year before the report's ("2025年预算数" in a 2026 report)? */
static bool prior_clause(const char *s, size_t pos, int year)
{
    size_t from = clause_start(s, pos);
    char *clause = g_strndup(s + from, pos - from);
    bool prior = ck_has(clause, "上年") || ck_has(clause, "去年") || ck_has(clause, "上一年") || ck_has(clause, "同期");
    for (const char *q = clause; *q && !prior && year > 0; q++)
        if (g_ascii_isdigit(q[0]) && g_ascii_isdigit(q[1]) && g_ascii_isdigit(q[2]) && g_ascii_isdigit(q[3]) &&
            (q == clause || !g_ascii_isdigit(q[-1])) && g_str_has_prefix(q + 4, "年")) {
            int y = (q[0] - '0') * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
            prior = y < year && y > year - 5;
        }
    g_free(clause);
    return prior;
}

static void scan(const char *s, GArray *amounts, GArray *percents)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (!is_digit_at(s + i) || (i > 0 && (is_digit_at(s + i - 1) || s[i - 1] == '.' || s[i - 1] == ','))) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && (is_digit_at(s + j) || s[j] == ',' || (s[j] == '.' && j + 1 < n && is_digit_at(s + j + 1))))
            j++;
        size_t num_end = j;
        while (j < n && s[j] == ',') /* a trailing comma is punctuation */
            num_end = --j;
        size_t k = num_end;
        while (k < n && s[k] == ' ')
            k++;
        fr_decimal v;
        if (fr_decimal_parse(s + i, num_end - i, &v) != FR_OK) {
            i = num_end > i ? num_end : i + 1;
            continue;
        }
        if (g_str_has_prefix(s + k, "万元") || (g_str_has_prefix(s + k, "元") && !(k >= 3 && g_str_has_prefix(s + k - 3, "万")))) {
            amount a = {.value = v,
                        .exponent = g_str_has_prefix(s + k, "万元") ? 4 : 0,
                        .start = i,
                        .end = k + strlen(g_str_has_prefix(s + k, "万元") ? "万元" : "元"),
                        .label = label_before(s, i),
                        .in_parens = inside_parens(s, i),
                        .compared = compared_before(s, i)};
            g_array_append_val(amounts, a);
        } else if (s[k] == '%' || g_str_has_prefix(s + k, "％")) {
            percent p = {.value = v, .start = i, .end = k + (s[k] == '%' ? 1 : strlen("％")), .label = label_before(s, i)};
            g_array_append_val(percents, p);
        }
        i = num_end;
    }
}

/* Clear functions: the arrays that own the labels free them */
static void clear_amount(gpointer p) { g_free(((amount *)p)->label); }
static void clear_percent(gpointer p) { g_free(((percent *)p)->label); }

/* An array of amounts that owns their labels */
static GArray *amounts_new(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(amount));
    g_array_set_clear_func(a, clear_amount);
    return a;
}

/* ---- the figures the tables hold, by name -------------------------------------- */

typedef struct entry {
    fr_decimal value;
    int exponent;
    const ck_table *ct;
    const fr_row *row;
    int column;
    const char *row_key; /* for column-named entries: the row's own name; "" */
    bool row_specific; /* row_key is specific enough for a sentence to name the row by it */
    bool by_column; /* named by its column; usable for a total row, or when the sentence names the row */
    bool total;     /* a total row, or the only row */
    struct keyed *keyed; /* the index's list for the key naming it (a row's, a column's, 收支总计) */
    const struct entry *last; /* the last entry of its list that check_amount cannot tell from this one */
} entry;

/* Names too general to tie a figure to one cell */
static const char *const GENERIC[] = {"合计", "总计", "小计", "支出", "收入", "金额", "预算", "决算", "预算数", "决算数",
                                      "项目", "其他", "本年", "年初", "年末", "数", "行次", "科目名称", "功能分类科目"};

static bool specific(const char *key)
{
    if (!*key || !*g_utf8_next_char(key)) /* fewer than two characters */
        return false;
    if (strlen(key) > strlen("功能分类科目")) /* longer than every GENERIC name */
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(GENERIC); i++)
        if (strcmp(key, GENERIC[i]) == 0)
            return false;
    return true;
}

/* A table label as a key: ck_key without a leading 本年 / 年度 and a trailing
 * 合计 / 小计 on totals ("本年收入合计" → "收入合计", "人员经费合计" → "人员经费"). */
static char *label_key(const char *label, bool strip_total)
{
    char *k = ck_key(label);
    char *p = k;
    if (g_str_has_prefix(p, "本年"))
        p += strlen("本年");
    char *out = g_strdup(p);
    g_free(k);
    if (strip_total && (g_str_has_suffix(out, "合计") || g_str_has_suffix(out, "小计")) &&
        strlen(out) > strlen("合计") && !g_str_has_suffix(out, "收入合计") && !g_str_has_suffix(out, "支出合计"))
        out[strlen(out) - strlen("合计")] = '\0';
    return out;
}

/* k is the list of the (specific) key naming the figure; row_key is specific when
 * row_specific (the caller has tested each once for its row or column) */
static void add_entry(GArray *index, struct keyed *k, const ck_table *ct, const fr_row *row, int col, fr_decimal v,
                      int exp, const char *row_key, bool row_specific, bool by_column, bool total)
{
    entry e = {v, exp, ct, row, col, row_key ? row_key : "", row_key && row_specific, by_column, total, k, NULL};
    g_array_append_val(index, e);
}

/* The other name tables and narratives give the same figure ("人员支出" for a
 * column 人员经费, "公用经费" for 公用支出), in arena; NULL if none */
static const char *alias_key(fr_arena *arena, const char *key)
{
    static const char *const PAIRS[][2] = {{"人员经费", "人员支出"}, {"公用经费", "公用支出"}};
    for (size_t i = 0; key && i < G_N_ELEMENTS(PAIRS); i++)
        for (int side = 0; side < 2; side++)
            if (g_str_has_suffix(key, PAIRS[i][side])) {
                size_t head = strlen(key) - strlen(PAIRS[i][side]);
                char *k = g_strdup_printf("%.*s%s", (int)head, key, PAIRS[i][1 - side]);
                const char *out = fr_arena_strdup(arena, k);
                g_free(k);
                return out;
            }
    return NULL;
}

/* label_key in arena */
static const char *arena_label_key(fr_arena *arena, const char *label, bool strip_total)
{
    char *k = label_key(label, strip_total);
    const char *s = fr_arena_strdup(arena, k);
    g_free(k);
    return s;
}

/* The header label that names a leaf: its own, or for a 合计/小计 leaf its parent's */
static const char *column_name(const fr_table *t, int col)
{
    const char *label = t->columns[col].label;
    if (!label || !ck_is_total_name(label) || strlen(label) > strlen("合计"))
        return label;
    for (int h = 0; h < t->nheaders; h++) {
        const fr_header *n = &t->headers[h];
        if (n->first_leaf == col && n->span == 1 && n->parent >= 0)
            return t->headers[n->parent].label;
    }
    return label;
}

/* The figures one key names, split by how a sentence can reach them: `always` are
 * candidates whenever a label ends in the key (a row's own name, a total row's column);
 * the rest, named by their column in a row that is not a total, only when the sentence
 * names the row before its figure — so they are found through their distinct row names
 * (`row_names`, first seen first; `by_row`: row name → its entries), one substring test
 * per row name instead of one per cell of every table. Entries stay in table order. */
typedef struct keyed {
    GPtrArray *always;
    GPtrArray *row_names;
    GHashTable *by_row;
} keyed;

/* The list of key in by_key, made on first use */
static keyed *keyed_of(GHashTable *by_key, const char *key)
{
    keyed *k = g_hash_table_lookup(by_key, key);
    if (!k) {
        k = g_new(keyed, 1);
        *k = (keyed){g_ptr_array_new(), g_ptr_array_new(),
                     g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref)};
        g_hash_table_insert(by_key, (gpointer)key, k);
    }
    return k;
}

static void keyed_free(keyed *k)
{
    g_ptr_array_free(k->always, TRUE);
    g_ptr_array_free(k->row_names, TRUE);
    g_hash_table_destroy(k->by_row);
    g_free(k);
}

/* Entries that check_amount cannot tell apart: the same figure in the same unit,
 * reached the same way (by column, under the same row name). A report states
 * most figures in several tables, and a long one repeats its row names; judging
 * one entry per kind keeps the rule linear in the document's length. */
static guint entry_kind_hash(gconstpointer p)
{
    const entry *e = p;
    guint64 u = (guint64)e->value.units;
    return (guint)(u ^ (u >> 32)) * 31u + (guint)e->value.scale * 7u + (guint)e->exponent * 3u + e->by_column +
           g_str_hash(e->row_key);
}

static gboolean entry_kind_equal(gconstpointer a, gconstpointer b)
{
    const entry *x = a, *y = b;
    return x->value.units == y->value.units && x->value.scale == y->value.scale && x->exponent == y->exponent &&
           x->by_column == y->by_column && strcmp(x->row_key, y->row_key) == 0;
}

/* Keeps the first entry of each kind in list, in order; each keeps the last of
 * its kind in `last` (a unit slip names the last table, a finding the first). */
static void collapse_kinds(GPtrArray *list)
{
    for (guint i = 0; i < list->len; i++)
        ((entry *)list->pdata[i])->last = list->pdata[i];
    if (list->len < 2)
        return;
    GHashTable *first = g_hash_table_new(entry_kind_hash, entry_kind_equal);
    guint kept = 0;
    for (guint i = 0; i < list->len; i++) {
        entry *e = list->pdata[i], *rep = g_hash_table_lookup(first, e);
        if (rep) {
            rep->last = e;
            continue;
        }
        g_hash_table_add(first, e);
        list->pdata[kept++] = e;
    }
    g_ptr_array_set_size(list, kept);
    g_hash_table_destroy(first);
}

/* the table figures by key: the entries in table order, and key → keyed */
typedef struct prose_index {
    GArray *entries; /* entry */
    GHashTable *by_key;
    GHashTable *row_keys; /* the key of every row name of every table (set, keys in `keys`) */
    fr_arena *keys;  /* the entries' keys and row keys */
} prose_index;

static prose_index build_index(ck_doc *cd)
{
    GArray *index = g_array_new(FALSE, FALSE, sizeof(entry));
    fr_arena *keys = fr_arena_new();
    GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)keyed_free);
    GHashTable *row_keys = g_hash_table_new(g_str_hash, g_str_equal);
    keyed *grand_total = NULL;
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        int exp = fr_table_unit_exponent(cd->doc, t);
        if (exp < 0)
            continue;
        bool overview = t->layout == FR_TABLE_OVERVIEW;
        /* each column's key and whether it is specific, once per table rather than once per cell */
        const char **column_keys = g_new0(const char *, (size_t)t->ncolumns + 1);
        const char **column_alias = g_new0(const char *, (size_t)t->ncolumns + 1);
        keyed **column_keyed = g_new0(keyed *, (size_t)t->ncolumns + 1); /* on its first entry */
        if (!overview && !ct->suspect)
            for (int c = 0; c < t->ncolumns; c++) {
                const char *k = arena_label_key(keys, column_name(t, c), true);
                column_keys[c] = specific(k) ? k : NULL;
                column_alias[c] = column_keys[c] ? alias_key(keys, k) : NULL;
            }
        size_t named_rows = 0;
        for (size_t r = 0; r < t->rows.len; r++)
            named_rows += !fr_table_row(t, r)->is_total;
        int carry[2] = {0, 0}; /* per panel: the rank of the carry-over item whose parts the rows are */
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            /* the parts of a carry-over item (二、上年结转 over (一)一般公共预算拨款 …)
             * repeat the names of the year's own figures: a sentence naming one
             * means the year's (and says 结转 when it means the carry-over) */
            int pn = row->panel == 1, rank = ck_enum_rank(row->name);
            if (row->is_total)
                carry[pn] = 0;
            else if (rank > 0 && (!carry[pn] || rank <= carry[pn]))
                carry[pn] = ck_has(row->name, "结转") || ck_has(row->name, "结余") ? rank : 0;
            else if (carry[pn])
                continue;
            if (row->name && *row->name)
                g_hash_table_add(row_keys, (gpointer)arena_label_key(keys, row->name, false));
            /* economic rows are partial views (basic expenditure only, one fund):
             * the narrative's 培训费, 商品和服务支出 cover more */
            if ((row->code && fr_code_classification(row->code) == FR_CLASS_ECONOMIC) ||
                (!row->code && row->name && fr_code_list_class_of(FR_CLASS_ECONOMIC, fr_name_unnumbered(row->name))))
                continue;
            const char *rk = arena_label_key(keys, row->name, row->is_total);
            bool rk_specific = specific(rk);
            bool grand = row->name && g_str_has_suffix(row->name, "总计") && ck_is_total_name(row->name);
            keyed *row_keyed = NULL;
            for (int c = 0; c < t->ncolumns; c++) {
                const fr_cell *cell = ck_cell(ct, row, c);
                if (!cell || cell->kind != FR_CELL_AMOUNT)
                    continue;
                if (overview && grand) { /* 收、支总计 */
                    grand_total = grand_total ? grand_total : keyed_of(by_key, "收支总计");
                    add_entry(index, grand_total, ct, row, c, cell->amount, exp, NULL, false, false, true);
                }
                if (rk_specific) {
                    row_keyed = row_keyed ? row_keyed : keyed_of(by_key, rk);
                    add_entry(index, row_keyed, ct, row, c, cell->amount, exp, NULL, false, false, row->is_total);
                }
                if (column_keys[c]) {
                    column_keyed[c] = column_keyed[c] ? column_keyed[c] : keyed_of(by_key, column_keys[c]);
                    add_entry(index, column_keyed[c], ct, row, c, cell->amount, exp, rk, rk_specific, true,
                              row->is_total || named_rows <= 1);
                    if (column_alias[c])
                        add_entry(index, keyed_of(by_key, column_alias[c]), ct, row, c, cell->amount, exp, rk,
                                  rk_specific, true, row->is_total || named_rows <= 1);
                }
            }
        }
        g_free(column_keys);
        g_free(column_alias);
        g_free(column_keyed);
    }
    /* filled once the array no longer moves */
    for (guint i = 0; i < index->len; i++) {
        entry *e = &g_array_index(index, entry, i);
        keyed *k = e->keyed;
        if (!e->by_column || e->total) {
            g_ptr_array_add(k->always, e);
        } else if (e->row_specific) { /* otherwise no sentence can name its row */
            GPtrArray *v = g_hash_table_lookup(k->by_row, e->row_key);
            if (!v) {
                g_hash_table_insert(k->by_row, (gpointer)e->row_key, v = g_ptr_array_new());
                g_ptr_array_add(k->row_names, (gpointer)e->row_key);
            }
            g_ptr_array_add(v, e);
        }
    }
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, by_key);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        keyed *k = value;
        collapse_kinds(k->always);
        for (guint i = 0; i < k->row_names->len; i++)
            collapse_kinds(g_hash_table_lookup(k->by_row, k->row_names->pdata[i]));
    }
    return (prose_index){index, by_key, row_keys, keys};
}

static void free_index(prose_index *pi)
{
    g_hash_table_destroy(pi->by_key);
    g_hash_table_destroy(pi->row_keys);
    g_array_free(pi->entries, TRUE);
    fr_arena_free(pi->keys);
}

/* ---- reading a label ------------------------------------------------------------ */

/* Words that may stand between a name and its figure: stripped from the end */
static const char *const TRAILING[] = {"为", "是", "共计", "共", "达", "预算数", "决算数", "预算", "决算", "安排", "费支出"};

/* The label reduced to the name it gives: trailing link and phase words off. */
static char *label_name(const char *label)
{
    char *k = ck_key(label);
    bool again = true;
    while (again) {
        again = false;
        for (size_t i = 0; i < G_N_ELEMENTS(TRAILING); i++) {
            size_t n = strlen(k), m = strlen(TRAILING[i]);
            if (n > m && g_str_has_suffix(k, TRAILING[i])) {
                /* "公务接待费支出" names 公务接待费 */
                k[n - m + (strcmp(TRAILING[i], "费支出") == 0 ? strlen("费") : 0)] = '\0';
                again = true;
            }
        }
    }
    return k;
}

/* "2024年本部门收入预算": the whole statement is the year's total */
static const char *alias_of(const char *label)
{
    static const char *const ALIAS[][2] = {{"收入预算", "收入合计"}, {"支出预算", "支出合计"}, {"收支预算", "收入合计"}};
    char *k = ck_key(label);
    const char *p = k;
    while (g_ascii_isdigit(*p))
        p++;
    if (p > k && g_str_has_prefix(p, "年"))
        p += strlen("年");
    if (g_str_has_prefix(p, "度"))
        p += strlen("度");
    static const char *const WHO[] = {"本部门", "本单位", "部门", "我中心", "本中心", "我单位"};
    for (size_t i = 0; i < G_N_ELEMENTS(WHO); i++)
        if (g_str_has_prefix(p, WHO[i]))
            p += strlen(WHO[i]);
    const char *found = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(ALIAS) && !found; i++)
        if (strcmp(p, ALIAS[i][0]) == 0)
            found = ALIAS[i][1];
    g_free(k);
    return found;
}

/* What may stand before a name in a statement of it ("2023年度财政拨款基本支出") */
static const char *const FILLER[] = {"年度", "年", "本年", "全年", "本部门", "本单位", "部门", "单位", "我中心", "本中心",
                                     "我单位", "其中", "一般公共预算", "财政拨款", "安排", "开支", "当年", "实际"};

/* Is head (the label before the name) only filler? */
static bool only_filler(const char *head, size_t len)
{
    const char *p = head, *end = head + len;
    while (p < end) {
        if (g_ascii_isdigit(*p)) {
            p++;
            continue;
        }
        size_t step = 0;
        for (size_t i = 0; i < G_N_ELEMENTS(FILLER) && !step; i++)
            if ((size_t)(end - p) >= strlen(FILLER[i]) && strncmp(p, FILLER[i], strlen(FILLER[i])) == 0)
                step = strlen(FILLER[i]);
        if (!step)
            return false;
        p += step;
    }
    return true;
}

/* Words that make a statement one of a change or a remainder, not of the figure */
static const char *const CHANGE_WORDS[] = {"追加", "调整", "调增", "调减", "结余", "结转", "上年", "去年", "同期",
                                           "增加", "减少", "节约", "增长", "下降", "比"};

/* Where the first change word of s ends, SIZE_MAX if none */
static size_t change_end(const char *s)
{
    size_t end = SIZE_MAX;
    for (size_t i = 0; i < G_N_ELEMENTS(CHANGE_WORDS); i++) {
        const char *p = strstr(s, CHANGE_WORDS[i]);
        if (p && (size_t)(p - s) + strlen(CHANGE_WORDS[i]) < end)
            end = (size_t)(p - s) + strlen(CHANGE_WORDS[i]);
    }
    return end;
}

/* Does a change word stand wholly in the first len bytes of s? */
static bool has_change_word(const char *s, size_t len) { return change_end(s) <= len; }

/* ---- the rule -------------------------------------------------------------------- */

typedef struct sentence {
    const char *text;  /* the sentence, NUL-terminated copy */
    int block;
    fr_prov where;
    size_t change_end; /* where its first change word ends (has_change_word); SIZE_MAX: none */
} sentence;

static char *quote_of(const char *s)
{
    if (strlen(s) <= 400)
        return g_strdup(s);
    const char *cut = g_utf8_find_prev_char(s, s + 400);
    return g_strdup_printf("%.*s…", (int)(cut - s), s);
}

static void finding(ck_doc *cd, const sentence *st, const char *rule, fr_severity sev, const char *stated,
                    const char *expected, const char *unit, char *zh, char *en)
{
    char *q = quote_of(st->text);
    ck_where w = {.column = -1, .block = st->block, .quote = q, .prov = st->where};
    ck_add(cd, rule, sev, w, stated, expected, unit, zh, en);
    g_free(q);
}

static const char *unit_name(int exp) { return exp == 4 ? "万元" : "元"; }

/* entries are elements of one array: their addresses are their order */
static gint by_position(gconstpointer a, gconstpointer b)
{
    const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;
    return x < y ? -1 : x > y;
}

/* prose.amount and unit.mismatch for one stated figure */
/* Judges one amount against the tables; true when it was compared with a
 * figure of theirs (it agrees, or a finding says how it does not). */
static bool check_amount(ck_doc *cd, const prose_index *index, const sentence *st, const amount *a)
{
    bool tied = false;
    const char *alias = alias_of(a->label);
    char *name = alias ? g_strdup(alias) : label_name(a->label);
    /* the sentence before the label: a statement of a change or remainder
     * ("预算结余 34.26万元，其中公务接待费 15.08万元") is not one of the figure */
    size_t label_start = a->start;
    for (size_t k = strlen(a->label); k > 0 && label_start > 0; k--)
        label_start--; /* bytes; spaces removed from the label make this an estimate */
    if (st->change_end <= (label_start > 2 ? label_start : 0)) { /* has_change_word(st->text, …) */
        g_free(name);
        return false;
    }
    /* the longest tail of the name that the tables hold */
    GPtrArray *cands = g_ptr_array_new();
    const char *tail = name;
    char *before = g_strndup(st->text, a->start);
    for (const char *p = name; *p && cands->len == 0; p = g_utf8_next_char(p)) {
        /* the lookup first: most tails name no figure, and the word tests cost more */
        const keyed *same = g_hash_table_lookup(index->by_key, p);
        if (!same || !specific(p) || !only_filler(name, (size_t)(p - name)) || has_change_word(name, (size_t)(p - name)))
            continue;
        g_ptr_array_extend(cands, same->always, NULL, NULL);
        bool named_rows = false;
        for (guint i = 0; i < same->row_names->len; i++) {
            const char *row_name = same->row_names->pdata[i];
            if (strstr(before, row_name)) {
                g_ptr_array_extend(cands, g_hash_table_lookup(same->by_row, row_name), NULL, NULL);
                named_rows = true;
            }
        }
        if (named_rows) /* back in table order, as the candidates are judged in it */
            g_ptr_array_sort(cands, by_position);
        tail = p;
    }
    if (cands->len == 0)
        goto done;
    /* passes when any candidate agrees; else the one the sentence names, or the nearest
     * (candidates are one entry per kind: see collapse_kinds) */
    const entry *best = NULL;
    ck_verdict best_v = CK_OFF;
    __int128 best_d = -1;
    bool unit_slip = false;
    const entry *unit_entry = NULL;
    for (guint i = 0; i < cands->len; i++) {
        const entry *e = cands->pdata[i];
        fr_decimal v;
        if (!ck_in_unit(e->value, e->exponent, a->exponent, &v))
            continue;
        ck_verdict verdict = ck_compare(a->value, v, v.scale);
        if (verdict == CK_PASS) {
            tied = true;
            goto done;
        }
        /* a fund's own table (政府性基金, 国有资本经营) holds the figures of that
         * fund: a sentence that names no fund is not judged by them */
        ck_role role = e->ct->role;
        if ((role == CK_ROLE_GOV_FUND && !strstr(st->text, "政府性基金")) ||
            (role == CK_ROLE_STATE_CAPITAL && !strstr(st->text, "国有资本")))
            continue;
        tied = true; /* judged: it passes or a finding below says why not */
        fr_decimal x4;
        if (ck_in_unit(e->value, e->exponent + 4, a->exponent, &x4) && e->value.units != 0 &&
            ck_compare(a->value, x4, x4.scale) == CK_PASS) {
            unit_slip = true;
            unit_entry = !unit_entry || e->last > unit_entry ? e->last : unit_entry;
        }
        if (ck_in_unit(e->value, e->exponent - 4, a->exponent, &x4) && e->value.units != 0 &&
            ck_compare(a->value, x4, x4.scale) == CK_PASS) {
            unit_slip = true;
            unit_entry = !unit_entry || e->last > unit_entry ? e->last : unit_entry;
        }
        /* how far off, exactly: |stated − table| at the finest scale */
        fr_decimal dd, neg = {-v.units, v.scale};
        __int128 dist = 0;
        if (fr_decimal_add(a->value, neg, &dd) == FR_OK) {
            fr_decimal_rescale(dd, FR_DECIMAL_MAX_SCALE, &dd);
            dist = dd.units < 0 ? -(__int128)dd.units : dd.units;
        }
        bool named = e->by_column && *e->row_key && strstr(before, e->row_key);
        bool best_named = best && best->by_column && *best->row_key && strstr(before, best->row_key);
        if (!best || (named && !best_named) || (named == best_named && dist < best_d)) {
            best = e;
            best_v = verdict;
            best_d = dist;
        }
    }
    char s[48], e[48];
    fr_decimal_format(a->value, s, sizeof s);
    if (unit_slip) {
        fr_decimal_format(unit_entry->value, e, sizeof e);
        const char *tn = ck_table_name(cd, &cd->tables[unit_entry->ct->index]);
        const char *tu = unit_name(unit_entry->exponent);
        finding(cd, st, "unit.mismatch", FR_SEV_ERROR, s, e, unit_name(a->exponent),
                ck_msg(cd, "说明称%s %s%s，%s 为 %s%s：相差一万倍，单位有误", tail, s, unit_name(a->exponent), tn, e, tu),
                ck_msg(cd, "the text states %s %s %s, %s has %s %s: a factor of 10 000, a wrong unit", tail, s,
                       unit_name(a->exponent), tn, e, tu));
        goto done;
    }
    if (!best)
        goto done;
    fr_decimal bv;
    ck_in_unit(best->value, best->exponent, a->exponent, &bv);
    fr_decimal_format(bv, e, sizeof e);
    char d[48];
    ck_difference(a->value, bv, d, sizeof d);
    const ck_table *bt = &cd->tables[best->ct->index];
    const char *where = ck_msg(cd, "%s %s「%s」", ck_table_name(cd, bt), ck_row_label(cd, bt->t, best->row),
                               bt->t->columns[best->column].path);
    const char *where_en = ck_msg(cd, "%s %s, column %s", ck_table_name(cd, bt), ck_row_label(cd, bt->t, best->row),
                                  bt->t->columns[best->column].path);
    const char *u = unit_name(a->exponent);
    finding(cd, st, "prose.amount", best_v == CK_SLIP ? FR_SEV_WARNING : FR_SEV_ERROR, s, e, u,
            ck_msg(cd, "说明称%s %s%s，表中为 %s（%s），相差 %s%s%s", tail, s, u, e, where, d, u,
                   best_v == CK_SLIP ? "（尾数误差）" : ""),
            ck_msg(cd, "the text states %s %s %s, the table has %s (%s), off by %s %s%s", tail, s, u, e, where_en, d,
                   u, best_v == CK_SLIP ? " (rounding)" : ""));
done:
    g_free(before);
    g_ptr_array_free(cands, TRUE);
    g_free(name);
    return tied;
}

/* The amount of a's sentence that ends last before offset pos, outside
 * parentheses, other than skip; NULL */
static const amount *last_before(GArray *amounts, size_t pos, const amount *skip)
{
    const amount *found = NULL;
    for (guint i = 0; i < amounts->len; i++) {
        const amount *a = &g_array_index(amounts, amount, i);
        if (a->end <= pos && !a->in_parens && a != skip)
            found = a;
    }
    return found;
}

static void report_percent(ck_doc *cd, const sentence *st, const percent *p, fr_decimal num, fr_decimal den,
                           const char *how_zh, const char *how_en)
{
    if (den.units == 0)
        return;
    char exact[48];
    ck_verdict v = ck_compare_percent(p->value, num, den, exact, sizeof exact);
    if (v == CK_PASS)
        return;
    char s[48], n[48], d[48];
    fr_decimal_format(p->value, s, sizeof s);
    fr_decimal_format(num, n, sizeof n);
    fr_decimal_format(den, d, sizeof d);
    finding(cd, st, "prose.percent", v == CK_SLIP ? FR_SEV_WARNING : FR_SEV_ERROR, s, exact, "%",
            ck_msg(cd, "说明称%s%s%%，%s ÷ %s 为 %s%%%s", how_zh, s, n, d, exact, v == CK_SLIP ? "（尾数误差）" : ""),
            ck_msg(cd, "the text states %s %s%%, %s / %s is %s%%%s", how_en, s, n, d, exact,
                   v == CK_SLIP ? " (rounding)" : ""));
}

/* a figure in the unit of another: both as decimals in 10^ea */
static bool same_unit(const amount *a, const amount *b, fr_decimal *av, fr_decimal *bv)
{
    *av = a->value;
    return ck_in_unit(b->value, b->exponent, a->exponent, bv);
}

static int change_direction(const char *label)
{
    static const char *const UP[] = {"增加", "增长", "上升", "提高", "多"};
    static const char *const DOWN[] = {"减少", "下降", "降低", "节约", "减", "少", "下降了", "降低了"};
    char *k = ck_key(label);
    if (g_str_has_suffix(k, "了"))
        k[strlen(k) - strlen("了")] = '\0';
    int dir = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(UP) && !dir; i++)
        if (g_str_has_suffix(k, UP[i]))
            dir = 1;
    for (size_t i = 0; i < G_N_ELEMENTS(DOWN) && !dir; i++)
        if (g_str_has_suffix(k, DOWN[i]))
            dir = -1;
    g_free(k);
    return dir;
}

/* A labelled amount of the last few blocks whose label ends with name */
static bool find_named(GPtrArray *recent, const char *name, fr_decimal *out, int exponent)
{
    for (guint i = recent->len; i-- > 0;) {
        GArray *amounts = recent->pdata[i];
        for (guint j = amounts->len; j-- > 0;) {
            const amount *a = &g_array_index(amounts, amount, j);
            char *k = ck_key(a->label);
            bool hit = g_str_has_suffix(k, name);
            g_free(k);
            if (hit && ck_in_unit(a->value, a->exponent, exponent, out))
                return true;
        }
    }
    return false;
}

static void check_percents(ck_doc *cd, const sentence *st, GArray *amounts, GArray *percents, GArray *para,
                           GPtrArray *recent)
{
    for (guint i = 0; i < percents->len; i++) {
        const percent *p = &g_array_index(percents, percent, i);
        char *label = ck_key(p->label);
        const amount *a = last_before(amounts, p->start, NULL);
        /* 占(X的)P% / 占比 P% */
        const char *zhan = strstr(label, "占");
        bool adjacent = a;
        for (size_t k = a ? a->end : 0; a && k < p->start; k++)
            if (g_ascii_isdigit(st->text[k]))
                adjacent = false;
        if (zhan && adjacent) {
            const char *x = zhan + strlen("占");
            const char *de = g_str_has_suffix(x, "的") ? x + strlen(x) - strlen("的") : NULL;
            fr_decimal num, den;
            if (de && de > x) {
                char *name = g_strndup(x, (size_t)(de - x));
                char *key = label_name(name);
                if (specific(key) && find_named(recent, key, &den, a->exponent))
                    report_percent(cd, st, p, a->value, den, ck_msg(cd, "占%s的", name), ck_msg(cd, "share of %s", name));
                g_free(key);
                g_free(name);
            } else if (strcmp(x, "") == 0 || strcmp(x, "比") == 0) {
                /* the share of the sentence's head figure */
                const amount *head = amounts->len ? &g_array_index(amounts, amount, 0) : NULL;
                /* a head that introduces the breakdown: "…X万元，其中：" / "主要用于" / "按…分类" */
                const char *after = head ? st->text + head->end : "";
                char *window = g_strndup(after, 48);
                bool introduces = ck_has(window, "其中") || ck_has(window, "主要用于") || ck_has(window, "分类") ||
                                  g_str_has_prefix(after, "：");
                g_free(window);
                if (introduces && head != a && !head->in_parens && head->end <= a->start && same_unit(a, head, &num, &den))
                    report_percent(cd, st, p, num, den, "占", "share");
            }
            g_free(label);
            continue;
        }
        /* 完成(年初)预算的P% / 执行率P% / 控制率P%: the last figure over the one before it */
        if (a && (g_str_has_suffix(label, "预算的") || g_str_has_suffix(label, "执行率") ||
                  g_str_has_suffix(label, "控制率"))) {
            const amount *b = last_before(amounts, a->start, NULL);
            fr_decimal num, den;
            if (b && same_unit(a, b, &num, &den))
                report_percent(cd, st, p, num, den, ck_msg(cd, "%s", p->label), ck_msg(cd, "the rate (%s)", p->label));
            g_free(label);
            continue;
        }
        /* 增加/减少 D万元，增长/下降 P%: D over the earlier figure */
        int pdir = change_direction(p->label);
        const amount *d = a && change_direction(a->label) ? a : NULL;
        /* 上年执行数为X万元，本年预算安排Y万元，比上年增加P%: no change stated,
         * the rate of Y over X, when the sentence holds just these two figures
         * before it, the first of an earlier year and the second not */
        if (pdir && !d && a && !a->in_parens && (ck_has(label, "比") || ck_has(label, "较"))) {
            const amount *base = NULL;
            int before = 0;
            for (guint j = 0; j < amounts->len; j++) {
                const amount *c = &g_array_index(amounts, amount, j);
                if (c->end > p->start || c->in_parens)
                    continue;
                before++;
                if (c != a && prior_clause(st->text, c->start, cd->doc->meta.fiscal_year))
                    base = c;
            }
            fr_decimal bv, cv, dv;
            if (before == 2 && base && base->start < a->start && !prior_clause(st->text, a->start, cd->doc->meta.fiscal_year) &&
                same_unit(base, a, &bv, &cv) && bv.units > 0) {
                fr_decimal neg = {-bv.units, bv.scale};
                if (fr_decimal_add(cv, neg, &dv) == FR_OK && dv.units != 0) {
                    int real = dv.units > 0 ? 1 : -1;
                    char cs[48], bs[48], ps[48];
                    fr_decimal_format(cv, cs, sizeof cs);
                    fr_decimal_format(bv, bs, sizeof bs);
                    fr_decimal_format(p->value, ps, sizeof ps);
                    if (real != pdir)
                        finding(cd, st, "prose.direction", FR_SEV_ERROR, ps, NULL, "%",
                                ck_msg(cd, "说明称%s%s%%，但 %s 与 %s 相比是%s", p->label, ps, cs, bs,
                                       real > 0 ? "增加" : "减少"),
                                ck_msg(cd, "the text states %s %s%%, but %s against %s is %s", p->label, ps, cs, bs,
                                       real > 0 ? "a rise" : "a fall"));
                    else {
                        fr_decimal mag = {dv.units < 0 ? -dv.units : dv.units, dv.scale};
                        report_percent(cd, st, p, mag, bv, ck_msg(cd, "%s", p->label),
                                       ck_msg(cd, "the change (%s)", p->label));
                    }
                }
            }
            g_free(label);
            continue;
        }
        if (pdir && d) {
            int ddir = change_direction(d->label);
            char ds[48], ps[48];
            fr_decimal_format(d->value, ds, sizeof ds);
            fr_decimal_format(p->value, ps, sizeof ps);
            if (ddir != pdir) {
                finding(cd, st, "prose.direction", FR_SEV_ERROR, ps, NULL, "%",
                        ck_msg(cd, "说明称%s %s万元，又称%s %s%%：增减方向矛盾", d->label, ds, p->label, ps),
                        ck_msg(cd, "the text states %s %s and %s %s%%: the directions contradict", d->label, ds,
                               p->label, ps));
                g_free(label);
                continue;
            }
            /* the base: "比/与…X万元相比", else the figure stated before the change */
            const amount *base = NULL, *cur = NULL;
            for (guint j = 0; j < para->len; j++) {
                const amount *c = &g_array_index(para, amount, j);
                if (c == d || c->end > d->start || c->in_parens || change_direction(c->label))
                    continue; /* an earlier change is neither base nor figure */
                if (c->compared || ck_has(c->label, "比") || ck_has(c->label, "与") || ck_has(c->label, "较"))
                    base = c;
                else if (c != d)
                    cur = c;
            }
            fr_decimal dv, bv, cv;
            if (base && same_unit(d, base, &dv, &bv)) {
                report_percent(cd, st, p, dv, bv, ck_msg(cd, "%s", p->label), ck_msg(cd, "the change (%s)", p->label));
                if (cur && cur->start < base->start && same_unit(d, cur, &dv, &cv)) {
                    int real = fr_decimal_cmp(cv, bv);
                    if (real != 0 && (real > 0 ? 1 : -1) != ddir) {
                        char cs[48], bs[48];
                        fr_decimal_format(cv, cs, sizeof cs);
                        fr_decimal_format(bv, bs, sizeof bs);
                        finding(cd, st, "prose.direction", FR_SEV_ERROR, cs, bs, unit_name(d->exponent),
                                ck_msg(cd, "说明称%s，但 %s 与 %s 相比是%s", d->label, cs, bs, real > 0 ? "增加" : "减少"),
                                ck_msg(cd, "the text states %s, but %s against %s is %s", d->label, cs, bs,
                                       real > 0 ? "a rise" : "a fall"));
                    }
                }
            } else if (cur && same_unit(d, cur, &dv, &cv)) {
                fr_decimal prior;
                fr_decimal neg = {ddir > 0 ? -dv.units : dv.units, dv.scale};
                if (fr_decimal_add(cv, neg, &prior) == FR_OK && prior.units > 0)
                    report_percent(cd, st, p, dv, prior, ck_msg(cd, "%s", p->label),
                                   ck_msg(cd, "the change (%s)", p->label));
            }
        }
        g_free(label);
    }
}

/* prose.twice: one item, two figures in one paragraph ("住房公积金188.6万元" …
 * "住房公积金预算安排181.5万元"), each stated as the item's own (no other
 * year, change, remainder or part of something in its clause) */
static void check_twice(ck_doc *cd, const prose_index *index, const sentence *st, GArray *amounts, GArray *para)
{
    for (guint i = 0; i < amounts->len; i++) {
        const amount *a = &g_array_index(amounts, amount, i);
        if (a->aside)
            continue;
        char *name = label_name(a->label);
        /* an item the tables name by a row (住房公积金), not a word that
         * names a figure of whatever the sentence is about (实际支出, 单位价值) */
        if (!specific(name) || g_utf8_strlen(name, -1) < 3 || !g_hash_table_contains(index->row_keys, name)) {
            g_free(name);
            continue;
        }
        const amount *other = NULL;
        for (guint j = 0; j < para->len + i && !other; j++) {
            const amount *b = j < para->len ? &g_array_index(para, amount, j) : &g_array_index(amounts, amount, j - para->len);
            if (b->aside)
                continue;
            char *bn = label_name(b->label);
            fr_decimal av, bv;
            if (strcmp(bn, name) == 0 && same_unit(a, b, &av, &bv) && ck_compare(av, bv, MIN(av.scale, bv.scale)) == CK_OFF)
                other = b;
            g_free(bn);
        }
        if (other) {
            char s1[48], s2[48];
            fr_decimal_format(other->value, s1, sizeof s1);
            fr_decimal_format(a->value, s2, sizeof s2);
            const char *u1 = unit_name(other->exponent), *u2 = unit_name(a->exponent);
            finding(cd, st, "prose.twice", FR_SEV_ERROR, s2, s1, u2,
                    ck_msg(cd, "同一段说明中%s先称 %s%s，又称 %s%s", name, s1, u1, s2, u2),
                    ck_msg(cd, "one paragraph gives %s as %s %s and as %s %s", name, s1, u1, s2, u2));
        }
        g_free(name);
    }
}

static void check_sentence(ck_doc *cd, const prose_index *index, sentence *st, GArray *para, GPtrArray *recent)
{
    GArray *amounts = g_array_new(FALSE, FALSE, sizeof(amount)); /* labels go to para */
    GArray *percents = g_array_new(FALSE, FALSE, sizeof(percent));
    g_array_set_clear_func(percents, clear_percent);
    scan(st->text, amounts, percents);
    if (amounts->len)
        st->change_end = change_end(st->text);
    bool tied = false, prev_tied = false;
    for (guint i = 0; i < amounts->len; i++) {
        amount *a = &g_array_index(amounts, amount, i);
        /* "预算资金235万元，其中财政拨款235万元": a part of the figure before it is
         * a figure of what that one is of; when that whole is tied to no table
         * (projects, purchases), neither is its part: a table's 财政拨款 is
         * another whole's */
        if (i > 0) {
            const amount *w = &g_array_index(amounts, amount, i - 1);
            bool part = a->start > w->end && g_strstr_len(st->text + w->end, (gssize)(a->start - w->end), "其中");
            if (part && !prev_tied) {
                a->aside = true;
                continue;
            }
        }
        /* its part of the sentence, back to ；: "其中" there governs the list after it */
        const char *semi = NULL;
        for (const char *q = st->text; (q = strstr(q, "；")) && (size_t)(q - st->text) < a->start; q += strlen("；"))
            semi = q;
        size_t from = semi ? (size_t)(semi - st->text) + strlen("；") : 0;
        char *part = g_strndup(st->text + from, a->start - from);
        a->aside = a->in_parens || prior_clause(st->text, a->start, cd->doc->meta.fiscal_year) ||
                   change_end(part) != SIZE_MAX || ck_has(part, "其中") || ck_has(part, "含") || ck_has(part, "包括");
        g_free(part);
        prev_tied = check_amount(cd, index, st, a);
        tied |= prev_tied;
    }
    if (amounts->len) { /* for fr_doc.unchecked */
        cd->sentences++;
        if (!tied) {
            int pg = st->where.page;
            cd->untied++;
            if (pg > 0 && (cd->untied_first == 0 || pg < cd->untied_first))
                cd->untied_first = pg;
            if (pg > cd->untied_last)
                cd->untied_last = pg;
        }
    }
    check_twice(cd, index, st, amounts, para);
    /* the paragraph so far, this sentence last (offsets of earlier ones are shifted to come before) */
    GArray *upto = g_array_new(FALSE, FALSE, sizeof(amount));
    for (guint i = 0; i < para->len; i++) {
        amount a = g_array_index(para, amount, i);
        a.start = a.end = 0;
        g_array_append_val(upto, a);
    }
    g_array_append_vals(upto, amounts->data, amounts->len);
    check_percents(cd, st, amounts, percents, upto, recent);
    g_array_free(upto, TRUE);
    /* the sentence's amounts join the paragraph's, which owns their labels */
    g_array_append_vals(para, amounts->data, amounts->len);
    g_array_free(amounts, TRUE);
    g_array_free(percents, TRUE);
}

/* ---- names the classification no longer has ------------------------------------ */

/* The function classes and 款 renamed for 2019 (财政部《2019年政府收支分类科目》):
 * the old name, the code, the name since */
static const char *const RENAMED[][3] = {
    {"医疗卫生与计划生育支出", "210", "卫生健康支出"},
    {"文化体育与传媒支出", "207", "文化旅游体育与传媒支出"},
    {"国土海洋气象等支出", "220", "自然资源海洋气象等支出"},
    {"医疗卫生与计划生育管理事务", "21001", "卫生健康管理事务"},
    {"国土资源事务", "22001", "自然资源事务"},
};
#define RENAMED_FROM 2019

/* Does a row of the tables carry name (as its key)? */
static bool tables_name(const prose_index *index, const char *name)
{
    char *k = ck_key(name);
    bool yes = g_hash_table_contains(index->row_keys, k);
    g_free(k);
    return yes;
}

/* name.outdated for one text (a paragraph, or the name of a row without a
 * code): each old name once per document (seen[i]) */
static void check_outdated(ck_doc *cd, const prose_index *index, const char *text, int block, const ck_table *ct,
                           const fr_row *row, fr_prov where, bool *seen)
{
    int year = cd->doc->meta.fiscal_year;
    if (year < RENAMED_FROM || !text)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(RENAMED); i++) {
        if (seen[i] || !strstr(text, RENAMED[i][0]))
            continue;
        seen[i] = true;
        /* the report's own tables name the class as it is now: it contradicts itself */
        bool own = tables_name(index, RENAMED[i][2]);
        char *q = block >= 0 ? quote_of(text) : NULL;
        ck_where w = {.ct = ct, .row = row, .column = -1, .block = block, .quote = q, .prov = where};
        ck_add(cd, "name.outdated", own ? FR_SEV_ERROR : FR_SEV_WARNING, w, RENAMED[i][0], RENAMED[i][2], NULL,
               ck_msg(cd, "%s（%s）自%d年起名为「%s」，%d年报告仍称「%s」%s", RENAMED[i][0], RENAMED[i][1], RENAMED_FROM,
                      RENAMED[i][2], year, RENAMED[i][0], own ? "，与本报告表中名称不一致" : ""),
               ck_msg(cd, "%s (%s) is named “%s” since %d; the %d report still says “%s”%s", RENAMED[i][0],
                      RENAMED[i][1], RENAMED[i][2], RENAMED_FROM, year, RENAMED[i][0],
                      own ? ", unlike its own tables" : ""));
        g_free(q);
    }
}

void ck_rule_prose(ck_doc *cd)
{
    fr_doc *doc = cd->doc;
    prose_index index = build_index(cd);
    /* the amounts of the last blocks (GArray of amount, each owning its labels) */
    GPtrArray *recent = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    bool seen[G_N_ELEMENTS(RENAMED)] = {false};
    for (int i = 0; i < cd->ntables; i++) /* rows without a code (coded ones: code.name) */
        for (size_t r = 0; r < cd->tables[i].t->rows.len; r++) {
            const fr_row *row = fr_table_row(cd->tables[i].t, r);
            if (!row->code)
                check_outdated(cd, &index, row->name, -1, &cd->tables[i], row, row->where, seen);
        }
    for (size_t b = 0; b < doc->blocks.len; b++) {
        const fr_block *blk = fr_doc_block(doc, b);
        if (blk->kind == FR_BLOCK_TABLE || !blk->text)
            continue;
        check_outdated(cd, &index, blk->text, (int)b, NULL, NULL, blk->where, seen);
        GArray *para = amounts_new();
        g_ptr_array_add(recent, para);
        if (recent->len > 6)
            g_ptr_array_remove_index(recent, 0);
        /* 收、支总计 reads as one name */
        char *text = g_strdup(blk->text);
        for (char *q; (q = strstr(text, "收、支"));)
            memmove(q + strlen("收"), q + strlen("收、"), strlen(q + strlen("收、")) + 1);
        const char *s = text;
        /* a block that begins mid-sentence (a page or paragraph break in the
         * source) lacks that sentence's start: its first sentence is not judged */
        const char *q = s;
        while (g_ascii_isdigit(*q) || *q == '.' || *q == ',' || *q == ' ')
            q++;
        if (g_str_has_prefix(s, "，") || g_str_has_prefix(s, "、") ||
            (q > s && (g_str_has_prefix(q, "万元") || g_str_has_prefix(q, "元") || *q == '%'))) {
            const char *stop = strstr(s, "。");
            s = stop ? stop + strlen("。") : s + strlen(s);
        }
        while (*s) {
            const char *stop = strstr(s, "。");
            size_t n = stop ? (size_t)(stop - s) + strlen("。") : strlen(s);
            if (n <= MAX_SENTENCE) {
                char *one = g_strndup(s, n);
                sentence st = {one, (int)b, blk->where, SIZE_MAX}; /* change_end: when it states amounts */
                check_sentence(cd, &index, &st, para, recent);
                g_free(one);
            }
            s += n;
        }
        g_free(text);
    }
    g_ptr_array_free(recent, TRUE);
    free_index(&index);
}
