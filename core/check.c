/* check.c — the audit pass: runs the rules over a document and keeps what
 * they find. The helpers every rule shares (sums with tolerance, cells by
 * column, names for matching, findings) are here; the rules are in
 * check_sums.c, check_overview.c, check_cross.c, check_prose.c, check_codes.c. */
#include "check.h"
#include "fr_glib.h"

#include <stdio.h>
#include <string.h>

/* ---- the rules, in the order they run ------------------------------------ */

typedef struct ck_rule_entry {
    const char *id;
    void (*run)(ck_doc *cd);
    const char *zh, *en;
    bool beside; /* the costly one: run on a thread of its own when one is spare */
} ck_rule_entry;

/* One entry per rule function; a function may report under several ids (its
 * README entry lists them). */
static const ck_rule_entry RULES[] = {
    {"sum.children", ck_rule_children, "编码表中每个类等于其款之和、款等于其项之和（功能分类与经济分类）",
     "in coded tables every 类 equals the sum of its 款, every 款 the sum of its 项 (function and economic codes)", false},
    {"sum.total", ck_rule_total, "编码表的合计行等于各类之和", "a coded table's 合计 row equals the sum of its 类 rows", false},
    {"sum.rows", ck_rule_rows, "无编码表中合计行等于其所合计的行之和，带编号的上级行等于其下级行之和",
     "in tables without codes a 合计 row equals the rows it totals, a numbered parent row its sub-rows", false},
    {"sum.columns", ck_rule_columns, "每一行中合计/小计列等于同一表头下其他列之和",
     "in every row a 合计/小计 column equals the sum of the other columns under the same header", false},
    {"sum.relation", ck_rule_relations, "每一行中可用预算＝实际支出＋结转结余、年末结转＝年初结转＋收入－支出、执行率＝支出÷预算",
     "in every row available = spent + balance, closing = opening + income − expenditure, execution rate = spent ÷ available", false},
    {"overview", ck_rule_overview, "收支总表：本年合计等于各项之和，总计等于本年合计加其他各项，收入总计等于支出总计",
     "overview tables: 本年合计 = Σ items, 总计 = 本年合计 + the rows below it, income 总计 = expenditure 总计", false},
    {"cross.table", ck_rule_cross, "同一数字在各标准表之间一致（支出表合计＝总表本年支出合计等）",
     "the same figure agrees across the standard tables (支出表 合计 = 收支总表 本年支出合计 …)", false},
    {"prose", ck_rule_prose,
     "说明文字中的金额与表一致，百分比由其所称数字重新计算，增减方向与数字一致，同一段中同一项目只有一个金额，分类名称为现行名称",
     "amounts in the narrative match the tables, percentages recomputed from the figures they name, directions agree, "
     "one item has one figure in a paragraph, classes go by their current names",
     true},
    {"unit.magnitude", ck_rule_magnitude, "金额数量级与单位不符（万元表中出现按元填写的数）",
     "an amount whose magnitude does not fit the stated unit (元 figures in a 万元 table)", false},
    {"code.name", ck_rule_code_names, "科目名称与报告年度的分类科目名称不一致",
     "a code's printed name differs from the classification list for the report's year", false},
    {"code.parent", ck_rule_code_parents, "科目编码不在其上级科目的范围内", "a code printed outside its parent's range", false},
    {"complete.tables", ck_rule_completeness, "预算或决算必须公开的标准表缺失",
     "a standard table a budget or final-accounts report must publish is missing", false},
};

size_t fr_check_rule_count(void) { return G_N_ELEMENTS(RULES); }
const char *fr_check_rule_id(size_t i) { return i < G_N_ELEMENTS(RULES) ? RULES[i].id : NULL; }
const char *fr_check_rule_text(size_t i, bool chinese)
{
    return i < G_N_ELEMENTS(RULES) ? (chinese ? RULES[i].zh : RULES[i].en) : NULL;
}

/* Is a label one of a label column's (项目, 科目名称, 行次 …)? */
static bool label_column_word(const char *label)
{
    static const char *const WORDS[] = {"项目", "科目名称", "科目编码", "科目代码", "行次", "功能分类科目", "分类名称"};
    for (size_t i = 0; label && i < G_N_ELEMENTS(WORDS); i++)
        if (strcmp(label, WORDS[i]) == 0)
            return true;
    return false;
}

/* A header tree that cannot be right: two data columns with one path, a data
 * column named like a label column, a total heading other columns, a label
 * column under a heading of data columns (outside side-by-side layouts), or a
 * data column holding mostly words (an overview read as one panel). */
static bool header_suspect(const ck_table *ct, bool *shape_only)
{
    *shape_only = false;
    bool shape_seen = false;
    const fr_table *t = ct->t;
    GHashTable *paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool wrong = false; /* a data column named like a label column, or a path twice in a panel */
    for (int c = 0; c < t->ncolumns && !wrong; c++) {
        const fr_column *col = &t->columns[c];
        if (col->role != FR_COL_DATA)
            continue;
        wrong = label_column_word(col->label) ||
                (col->path && !g_hash_table_add(paths, g_strdup_printf("%d\x1f%s", col->panel, col->path)));
    }
    g_hash_table_destroy(paths);
    if (wrong)
        return true;
    for (int h = 0; h < t->nheaders; h++) {
        const fr_header *n = &t->headers[h];
        if (n->span > 1 && ck_is_total_name(n->label))
            return true;
        /* a tree no header prints (its rows are still read right): siblings over one
         * column, a child outside its parent, a 小计 inside its parent's columns */
        bool shape = false;
        if (n->parent >= 0) {
            const fr_header *p = &t->headers[n->parent];
            /* (its data columns: a side's 项目 and 行次 come before its 合计) */
            int d0 = p->first_leaf, d1 = p->first_leaf + p->span - 1;
            while (d0 < d1 && !ck_is_data(t, d0, -1))
                d0++;
            shape = n->first_leaf < p->first_leaf || n->first_leaf + n->span > p->first_leaf + p->span ||
                    (n->span == 1 && ck_is_total_name(n->label) && n->first_leaf > d0 && n->first_leaf < d1);
        }
        for (int k = h + 1; k < t->nheaders && !shape; k++) {
            const fr_header *m = &t->headers[k];
            shape = m->parent == n->parent && m->first_leaf < n->first_leaf + n->span && n->first_leaf < m->first_leaf + m->span;
        }
        shape_seen = shape_seen || shape;
        /* "本年收入合计" names its own subject: it heads a side, it is not under another item */
        if (n->span == 1 && n->parent >= 0 && ck_is_total_name(n->label) && strlen(n->label) > strlen("合计") &&
            strcmp(t->headers[n->parent].label, "收入") != 0 && strcmp(t->headers[n->parent].label, "支出") != 0)
            return true;
        if (n->span > 1 && t->layout == FR_TABLE_PLAIN) {
            bool label = false, data = false;
            for (int c = n->first_leaf; c < n->first_leaf + n->span && c < t->ncolumns; c++) {
                label |= t->columns[c].role == FR_COL_NAME || t->columns[c].role == FR_COL_CODE;
                data |= t->columns[c].role == FR_COL_DATA;
            }
            if (label && data)
                return true;
        }
    }
    for (int c = 0; c < t->ncolumns; c++) {
        size_t words = 0, filled = 0;
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_cell *cell = ck_cell(ct, fr_table_row(t, r), c);
            if (!cell || cell->kind == FR_CELL_EMPTY)
                continue;
            filled++;
            words += cell->kind == FR_CELL_TEXT && cell->text && !strstr(cell->text, "%");
        }
        if (filled >= 2 && words * 2 >= filled)
            return true;
    }
    *shape_only = shape_seen;
    return shape_seen;
}

/* A rule on a thread of its own, with a view of the document of its own */
typedef struct beside {
    ck_doc cd;
    size_t rule;
    fr_vec found;
} beside;

static gpointer run_beside(gpointer data)
{
    beside *b = data;
    RULES[b->rule].run(&b->cd);
    return NULL;
}

#define BESIDE_MIN_BLOCKS 200 /* below, starting a thread costs about what it saves */

/* The pages of a set of tables, "p. 8" or "pp. 8–21"; "" when unknown */
static const char *page_span(fr_arena *a, int first, int last)
{
    if (first <= 0)
        return "";
    return first == last ? fr_arena_printf(a, " (p. %d)", first) : fr_arena_printf(a, " (pp. %d–%d)", first, last);
}

static void add_unchecked(fr_doc *doc, const char *what, int count, const char *zh, const char *en, GString *items,
                          int first, int last)
{
    fr_unchecked *u = fr_arena_alloc(doc->arena, sizeof *u);
    *u = (fr_unchecked){what, count, NULL, NULL, NULL, first, last};
    const char *span = page_span(doc->arena, first, last);
    u->message_zh = fr_arena_printf(doc->arena, "%s%s", zh, span);
    u->message_en = fr_arena_printf(doc->arena, "%s%s", en, span);
    u->items = items && items->len ? fr_arena_strdup(doc->arena, items->str) : NULL;
    fr_vec_push(doc->arena, &doc->unchecked, u);
}

/* A table's first and last page, widening [first, last] */
static void widen(const fr_table *t, int *first, int *last)
{
    int a = t->npages > 0 ? t->pages[0] : t->where.page, b = t->npages > 0 ? t->pages[t->npages - 1] : a;
    if (a > 0 && (*first == 0 || a < *first))
        *first = a;
    if (b > *last)
        *last = b;
}

/* doc->unchecked from what the rules saw: tables the column rules skipped,
 * tables with figures no rule compared, sentences with figures tied to no table */
static void say_unchecked(ck_doc *cd)
{
    fr_doc *doc = cd->doc;
    GString *cols = g_string_new(NULL), *sums = g_string_new(NULL);
    int ncols = 0, nsums = 0, cf = 0, cl = 0, sf = 0, sl = 0;
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        size_t amounts = 0;
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            for (int c = 0; c < row->ncells; c++)
                amounts += row->cells[c].kind == FR_CELL_AMOUNT;
        }
        if (amounts == 0)
            continue;
        const char *name = ck_table_name(cd, ct);
        if (ct->suspect) {
            g_string_append_printf(cols, "%s%s", ncols++ ? ", " : "", name);
            widen(t, &cf, &cl);
        } else if (cd->compared[i] == 0) {
            g_string_append_printf(sums, "%s%s", nsums++ ? ", " : "", name);
            widen(t, &sf, &sl);
        }
    }
    if (ncols)
        add_unchecked(doc, "columns", ncols,
                      fr_arena_printf(doc->arena, "%d 张表未按列核对（列合计、列间关系、跨表）：表头未能可靠重建", ncols),
                      fr_arena_printf(doc->arena, "%d table%s not checked by column rules (column totals, relations, "
                                      "across tables): %s column headings were not rebuilt reliably",
                                      ncols, ncols == 1 ? "" : "s", ncols == 1 ? "its" : "their"),
                      cols, cf, cl);
    if (nsums)
        add_unchecked(doc, "sums", nsums,
                      fr_arena_printf(doc->arena, "%d 张表的数字未经任何加总核对：无编码、无合计行或合计列", nsums),
                      fr_arena_printf(doc->arena, "%d table%s with figures no rule could add up: no codes, no total "
                                      "row or column to check", nsums, nsums == 1 ? "" : "s"),
                      sums, sf, sl);
    if (cd->untied)
        add_unchecked(doc, "prose", cd->untied,
                      fr_arena_printf(doc->arena, "说明中 %d 句（共 %d 句含金额）的金额未能对应到任何表格", cd->untied,
                                      cd->sentences),
                      fr_arena_printf(doc->arena, "%d of %d sentence%s with figures tied to no table: none of %s "
                                      "figures names a row or column the tables hold", cd->untied, cd->sentences,
                                      cd->sentences == 1 ? "" : "s", cd->untied == 1 ? "its" : "their"),
                      NULL, cd->untied_first, cd->untied_last);
    g_string_free(cols, TRUE);
    g_string_free(sums, TRUE);
}

void fr_pass_check(fr_doc *doc)
{
    ck_doc cd = {.doc = doc};
    size_t n = 0;
    const fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));)
        n++;
    cd.tables = g_new0(ck_table, n ? n : 1);
    size_t at = 0;
    for (int i = 0; (t = fr_doc_next_table(doc, &at)); i++) {
        ck_table *ct = &cd.tables[i];
        ct->t = t;
        ct->index = i;
        ct->block = at - 1;
        ct->cell_of = g_new(int, t->ncolumns > 0 ? t->ncolumns : 1);
        int *next = g_new0(int, t->npanels > 0 ? t->npanels : 1);
        for (int c = 0; c < t->ncolumns; c++) {
            const fr_column *col = &t->columns[c];
            bool cell = col->role == FR_COL_DATA || col->role == FR_COL_LINENO;
            int p = col->panel >= 0 && col->panel < t->npanels ? col->panel : 0;
            ct->cell_of[c] = cell ? next[p]++ : -1;
        }
        g_free(next);
        ct->children = g_new0(int, t->nheaders > 0 ? t->nheaders : 1);
        for (int h = 0; h < t->nheaders; h++)
            if (t->headers[h].parent >= 0 && t->headers[h].parent < t->nheaders)
                ct->children[t->headers[h].parent]++;
        for (size_t r = 0; r < t->rows.len && !ct->has_codes; r++)
            ct->has_codes = fr_table_row(t, r)->code != NULL;
        ct->role = ck_table_role(t->title);
        bool shape_only = false;
        ct->suspect = header_suspect(ct, &shape_only);
        ct->rows_ok = ct->suspect && shape_only;
        if (ct->suspect)
            fr_doc_diag(doc, FR_SEV_INFO, "check.header", t->where, t->id,
                        "the column headings of %s were not read reliably: checks by column name skip it",
                        t->id ? t->id : t->title ? t->title : "a table");
    }
    cd.ntables = (int)n;
    cd.arena = doc->arena;
    cd.compared = g_new0(int, n ? n : 1);
    /* the costly rule beside the others, on a long document when a processor is
     * spare: in an arena of its own, its findings placed where it comes in RULES */
    beside side = {.rule = G_N_ELEMENTS(RULES)};
    GThread *helper = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(RULES) && fr_spare_threads() > 0 && doc->blocks.len >= BESIDE_MIN_BLOCKS; i++)
        if (RULES[i].beside) {
            side = (beside){cd, i, {0}};
            side.cd.compared = NULL; /* its rule compares no table with another */
            side.cd.arena = fr_arena_new();
            side.cd.findings = &side.found;
            if (!(helper = g_thread_try_new("fiscus-audit", run_beside, &side, NULL))) {
                fr_arena_free(side.cd.arena);
                side.rule = G_N_ELEMENTS(RULES);
            } else if (g_getenv("FISCUS_AUDIT_DEBUG")) {
                fprintf(stderr, "audit: rule %s on a thread of its own\n", RULES[i].id);
            }
            break;
        }
    fr_vec later = {0}; /* findings of the rules after it, while it runs */
    for (size_t i = 0; i < G_N_ELEMENTS(RULES); i++) {
        if (i == side.rule)
            continue;
        cd.findings = helper && i > side.rule ? &later : &doc->findings;
        RULES[i].run(&cd);
    }
    if (helper) {
        g_thread_join(helper);
        fr_arena_adopt(doc->arena, side.cd.arena);
        for (size_t k = 0; k < side.found.len; k++)
            fr_vec_push(doc->arena, &doc->findings, side.found.items[k]);
        for (size_t k = 0; k < later.len; k++)
            fr_vec_push(doc->arena, &doc->findings, later.items[k]);
        cd.sentences += side.cd.sentences;
        cd.untied += side.cd.untied;
        cd.untied_first = side.cd.untied_first;
        cd.untied_last = side.cd.untied_last;
    }
    say_unchecked(&cd);
    g_free(cd.compared);
    for (int i = 0; i < cd.ntables; i++) {
        g_free(cd.tables[i].cell_of);
        g_free(cd.tables[i].children);
    }
    g_free(cd.tables);
}

void fr_doc_count_findings(const fr_doc *doc, size_t *errors, size_t *warnings, size_t *infos)
{
    size_t n[3] = {0, 0, 0};
    for (size_t i = 0; i < doc->findings.len; i++) {
        const fr_finding *f = doc->findings.items[i];
        n[f->severity == FR_SEV_ERROR ? 0 : f->severity == FR_SEV_WARNING ? 1 : 2]++;
    }
    if (errors)
        *errors = n[0];
    if (warnings)
        *warnings = n[1];
    if (infos)
        *infos = n[2];
}

/* ---- amounts ---------------------------------------------------------------- */

static const int64_t P10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

void ck_sum_init(ck_sum *s) { *s = (ck_sum){.value = {0, 0}, .coarsest = FR_DECIMAL_MAX_SCALE}; }

void ck_sum_add(ck_sum *s, fr_decimal d)
{
    if (fr_decimal_add(s->value, d, &s->value) != FR_OK)
        s->overflow = true;
    if (d.scale < s->coarsest)
        s->coarsest = d.scale;
    s->terms++;
}

void ck_sum_sub(ck_sum *s, fr_decimal d)
{
    d.units = -d.units;
    ck_sum_add(s, d);
}

/* |a − b| at scale 9, saturating */
static __int128 abs_diff9(fr_decimal a, fr_decimal b)
{
    __int128 x = (__int128)a.units * P10[FR_DECIMAL_MAX_SCALE - a.scale];
    __int128 y = (__int128)b.units * P10[FR_DECIMAL_MAX_SCALE - b.scale];
    return x > y ? x - y : y - x;
}

ck_verdict ck_compare(fr_decimal stated, fr_decimal expected, int coarsest)
{
    int c = stated.scale < coarsest ? stated.scale : coarsest;
    __int128 d = abs_diff9(stated, expected);
    /* within half a unit of the coarsest printed digit */
    if (2 * d < (__int128)P10[FR_DECIMAL_MAX_SCALE - c])
        return CK_PASS;
    if (d <= 2 * (__int128)P10[FR_DECIMAL_MAX_SCALE - 2])
        return CK_SLIP;
    return CK_OFF;
}

ck_verdict ck_compare_percent(fr_decimal stated, fr_decimal num, fr_decimal den, char *exact, size_t size)
{
    int s = num.scale > den.scale ? num.scale : den.scale;
    __int128 N = (__int128)num.units * P10[s - num.scale];
    __int128 D = (__int128)den.units * P10[s - den.scale];
    if (N < 0)
        N = -N;
    if (D < 0)
        D = -D;
    int d = stated.scale;
    __int128 P = stated.units < 0 ? -(__int128)stated.units : stated.units, pd = P10[d];
    if (exact && size) {
        /* 100N/D to d+2 decimals, rounded half up */
        int dec = d + 2 > 9 ? 9 : d + 2;
        __int128 q = D ? (200 * N * P10[dec] / D + 1) / 2 : 0;
        fr_decimal_format((fr_decimal){(int64_t)q, dec}, exact, size);
    }
    /* The figures are rounded to their last printed digit: the ratio lies in
     * [(N−h)/(D+h'), (N+h)/(D−h')]. Twice everything keeps it in integers. */
    __int128 hn = P10[s - num.scale], hd = P10[s - den.scale];
    __int128 lo_num = 2 * N - hn, lo_den = 2 * D + hd, hi_num = 2 * N + hn, hi_den = 2 * D - hd;
    if (hi_den <= 0)
        return CK_PASS; /* a base of nothing but rounding */
    if (lo_num < 0)
        lo_num = 0;
    /* P/10^d within half a unit of the interval: 2·P·den ≥ 200·num·10^d − den (low end), ≤ … + den (high) */
    bool above_low = 2 * P * lo_den >= 200 * lo_num * pd - lo_den;
    bool below_high = 2 * P * hi_den <= 200 * hi_num * pd + hi_den;
    if (above_low && below_high)
        return CK_PASS;
    /* within 0.02 points of it: 100·P·den ≥ 10^4·num·10^d − 2·10^d·den */
    bool near_low = 100 * P * lo_den >= 10000 * lo_num * pd - 2 * pd * lo_den;
    bool near_high = 100 * P * hi_den <= 10000 * hi_num * pd + 2 * pd * hi_den;
    return near_low && near_high ? CK_SLIP : CK_OFF;
}

bool ck_in_unit(fr_decimal b, int eb, int ea, fr_decimal *out)
{
    if (eb == ea) {
        *out = b;
        return true;
    }
    if (eb < ea) {
        if (b.scale + (ea - eb) > FR_DECIMAL_MAX_SCALE)
            return false;
        *out = (fr_decimal){b.units, b.scale + (ea - eb)};
        return true;
    }
    if (eb - ea > FR_DECIMAL_MAX_SCALE)
        return false;
    int64_t f = P10[eb - ea];
    if (b.units > INT64_MAX / f || b.units < -(INT64_MAX / f))
        return false;
    *out = (fr_decimal){b.units * f, b.scale};
    return true;
}

char *ck_difference(fr_decimal stated, fr_decimal expected, char *buf, size_t size)
{
    fr_decimal neg = {-expected.units, expected.scale}, d;
    if (fr_decimal_add(stated, neg, &d) != FR_OK)
        return g_strlcpy(buf, "?", size), buf;
    return fr_decimal_format(d, buf, size);
}

/* ---- tables --------------------------------------------------------------------- */

const fr_cell *ck_cell(const ck_table *ct, const fr_row *row, int col)
{
    const fr_table *t = ct->t;
    if (col < 0 || col >= t->ncolumns || t->columns[col].panel != row->panel)
        return NULL;
    if (t->columns[col].role != FR_COL_DATA)
        return NULL;
    int k = ct->cell_of[col];
    return k >= 0 && k < row->ncells ? &row->cells[k] : NULL;
}

bool ck_is_data(const fr_table *t, int col, int panel)
{
    return col >= 0 && col < t->ncolumns && t->columns[col].role == FR_COL_DATA &&
           (panel < 0 || t->columns[col].panel == panel);
}

const char *ck_column_root(const fr_table *t, int col, char *buf, size_t size)
{
    const char *path = t->columns[col].path ? t->columns[col].path : t->columns[col].label;
    if (!path)
        return "";
    const char *sep = strstr(path, " / ");
    size_t n = sep ? (size_t)(sep - path) : strlen(path);
    if (n >= size)
        n = size - 1;
    memcpy(buf, path, n);
    buf[n] = '\0';
    return buf;
}

const char *ck_row_label(ck_doc *cd, const fr_table *t, const fr_row *row)
{
    if (row->code)
        return row->code;
    if (row->name && *row->name)
        return row->name;
    for (size_t i = 0; i < t->rows.len; i++)
        if (fr_table_row(t, i) == row)
            return fr_arena_printf(cd->arena, "row %zu", i + 1);
    return "row";
}

/* ---- names ------------------------------------------------------------------------- */

bool ck_has(const char *s, const char *word) { return s && word && strstr(s, word) != NULL; }

static const char *skip_qizhong(const char *s)
{
    while (*s == ' ')
        s++;
    if (g_str_has_prefix(s, "其中："))
        return s + strlen("其中：");
    if (g_str_has_prefix(s, "其中:"))
        return s + strlen("其中:");
    if (g_str_has_prefix(s, "其中"))
        return s + strlen("其中");
    return s;
}

int ck_enum_rank(const char *name)
{
    if (!name)
        return 0;
    const char *s = skip_qizhong(name);
    const char *rest = fr_name_unnumbered(s);
    if (rest == s)
        return 0;
    if (g_str_has_prefix(s, "（") || *s == '(') {
        const char *in = s + (*s == '(' ? 1 : strlen("（"));
        return g_ascii_isdigit(*in) ? 4 : 2;
    }
    if (g_ascii_isdigit(*s))
        return 3;
    return 1;
}

char *ck_key(const char *name)
{
    if (!name)
        return g_strdup("");
    const char *s = fr_name_unnumbered(skip_qizhong(name));
    char *k = g_malloc(strlen(s) + 1), *out = k; /* the key is never longer than the name */
    static const struct {
        const char *text;
        size_t len;
    } DROP[] = {{"（类）", 9}, {"（款）", 9}, {"（项）", 9}, {"(类)", 5}, {"(款)", 5}, {"(项)", 5},
                {"“", 3},       {"”", 3},       {"\"", 1},      {"‘", 3},   {"’", 3},   {" ", 1},
                {"　", 3},       {"\t", 1}};
    while (*s) {
        size_t skip = 0;
        /* every dropped text begins with one of these bytes: most bytes are kept at a glance */
        unsigned char c = (unsigned char)*s;
        if (c == 0xEF || c == 0xE2 || c == 0xE3 || c == '(' || c == '"' || c == ' ' || c == '\t')
            for (size_t i = 0; i < G_N_ELEMENTS(DROP) && !skip; i++)
                if (strncmp(s, DROP[i].text, DROP[i].len) == 0)
                    skip = DROP[i].len;
        if (skip) {
            s += skip;
            continue;
        }
        *out++ = *s++;
    }
    *out = '\0';
    return k;
}

bool ck_is_total_name(const char *name)
{
    if (!name)
        return false;
    char *k = ck_key(name);
    bool total = g_str_has_suffix(k, "合计") || g_str_has_suffix(k, "总计") || g_str_has_suffix(k, "小计") ||
                 g_str_has_suffix(k, "总数"); /* 项目支出总数 */
    g_free(k);
    return total;
}

/* ---- findings -------------------------------------------------------------------------- */

const char *ck_table_name(const ck_doc *cd, const ck_table *ct)
{
    if (ct->t->id)
        return ct->t->id;
    if (ct->t->title)
        return ct->t->title;
    return fr_arena_printf(cd->arena, "table %d", ct->index + 1);
}

void ck_add(ck_doc *cd, const char *rule, fr_severity sev, ck_where w, const char *stated, const char *expected,
            const char *unit, const char *zh, const char *en)
{
    fr_finding *f = fr_arena_alloc(cd->arena, sizeof *f);
    f->rule = rule;
    f->severity = sev;
    f->message_zh = zh;
    f->message_en = en;
    f->table_index = -1;
    f->block = w.block;
    if (w.ct) {
        f->table = ck_table_name(cd, w.ct);
        f->table_index = w.ct->index;
        if (f->block < 0)
            f->block = (int)w.ct->block;
        f->where = w.row ? w.row->where : w.ct->t->where;
        if (w.row)
            f->row = ck_row_label(cd, w.ct->t, w.row);
        if (w.column >= 0 && w.column < w.ct->t->ncolumns)
            f->column = w.ct->t->columns[w.column].path;
    } else {
        f->where = w.prov;
    }
    f->quote = w.quote ? fr_arena_strdup(cd->arena, w.quote) : NULL;
    f->stated = stated ? fr_arena_strdup(cd->arena, stated) : NULL;
    f->expected = expected ? fr_arena_strdup(cd->arena, expected) : NULL;
    f->unit = unit;
    /* a total row printed again at the top of a continuation page (佛山 表2's
     * 合计 on p. 9) is one row to the reader: its finding is said once */
    if (w.ct && w.row && w.row->is_total)
        for (size_t i = 0; i < cd->findings->len; i++) {
            const fr_finding *g = cd->findings->items[i];
            if (g->table_index == f->table_index && strcmp(g->rule, rule) == 0 && g_strcmp0(g->row, f->row) == 0 &&
                g_strcmp0(g->column, f->column) == 0 && g_strcmp0(g->stated, f->stated) == 0 &&
                g_strcmp0(g->expected, f->expected) == 0 && g->where.page < f->where.page)
                return;
        }
    fr_vec_push(cd->arena, cd->findings, f);
}

ck_verdict ck_check_sum(ck_doc *cd, const char *rule, ck_where w, fr_decimal stated, const ck_sum *sum,
                        const char *what_zh, const char *what_en)
{
    if (sum->overflow || sum->terms == 0)
        return CK_PASS;
    if (w.ct && cd->compared)
        cd->compared[w.ct->index]++;
    ck_verdict v = ck_compare(stated, sum->value, sum->coarsest);
    if (v == CK_PASS)
        return v;
    char s[48], e[48], d[48];
    fr_decimal_format(stated, s, sizeof s);
    fr_decimal_format(sum->value, e, sizeof e);
    ck_difference(stated, sum->value, d, sizeof d);
    const char *unit = fr_table_unit(cd->doc, w.ct ? w.ct->t : NULL);
    const char *where_zh = "", *where_en = "";
    if (w.ct) {
        const char *tn = ck_table_name(cd, w.ct);
        const char *rn = w.row ? ck_row_label(cd, w.ct->t, w.row) : "";
        const char *rname = w.row && w.row->code && w.row->name ? w.row->name : "";
        const char *col = w.column >= 0 ? w.ct->t->columns[w.column].path : NULL;
        where_zh = ck_msg(cd, "%s %s%s%s%s%s：", tn, rn, *rname ? " " : "", rname, col ? "「" : "",
                          col ? ck_msg(cd, "%s」", col) : "");
        where_en = ck_msg(cd, "%s %s%s%s%s%s: ", tn, rn, *rname ? " " : "", rname, col ? ", column " : "",
                          col ? col : "");
    }
    const char *u = unit ? unit : "";
    char *zh = ck_msg(cd, "%s填列 %s，%s为 %s，相差 %s%s%s", where_zh, s, what_zh, e, d, u,
                      v == CK_SLIP ? "（尾数误差）" : "");
    char *en = ck_msg(cd, "%sprinted %s, %s %s, off by %s%s%s%s", where_en, s, what_en, e, d, *u ? " " : "", u,
                      v == CK_SLIP ? " (rounding)" : "");
    ck_add(cd, rule, v == CK_SLIP ? FR_SEV_WARNING : FR_SEV_ERROR, w, s, e, unit, zh, en);
    return v;
}

/* ---- JSON (the json writer and fiscus check --format json) ------------------ */

void fr_gstring_append_finding_json(GString *o, const fr_finding *f)
{
    g_string_append(o, "{\"rule\":");
    fr_gstring_append_json(o, f->rule);
    g_string_append_printf(o, ",\"severity\":\"%s\",\"message\":{\"zh\":", fr_severity_name(f->severity));
    fr_gstring_append_json(o, f->message_zh);
    g_string_append(o, ",\"en\":");
    fr_gstring_append_json(o, f->message_en);
    g_string_append(o, "},\"table\":");
    fr_gstring_append_json(o, f->table);
    if (f->table_index >= 0)
        g_string_append_printf(o, ",\"table_index\":%d", f->table_index);
    else
        g_string_append(o, ",\"table_index\":null");
    g_string_append(o, ",\"row\":");
    fr_gstring_append_json(o, f->row);
    g_string_append(o, ",\"column\":");
    fr_gstring_append_json(o, f->column);
    if (f->block >= 0)
        g_string_append_printf(o, ",\"block\":%d", f->block);
    else
        g_string_append(o, ",\"block\":null");
    g_string_append(o, ",\"quote\":");
    fr_gstring_append_json(o, f->quote);
    g_string_append(o, ",\"stated\":");
    fr_gstring_append_json(o, f->stated);
    g_string_append(o, ",\"expected\":");
    fr_gstring_append_json(o, f->expected);
    g_string_append(o, ",\"unit\":");
    fr_gstring_append_json(o, f->unit);
    g_string_append_printf(o, ",\"page\":%d,\"line\":%d}", f->where.page, f->where.line);
}

void fr_gstring_append_unchecked_json(GString *o, const fr_unchecked *u)
{
    g_string_append(o, "{\"what\":");
    fr_gstring_append_json(o, u->what);
    g_string_append_printf(o, ",\"count\":%d,\"message\":{\"zh\":", u->count);
    fr_gstring_append_json(o, u->message_zh);
    g_string_append(o, ",\"en\":");
    fr_gstring_append_json(o, u->message_en);
    g_string_append(o, "},\"items\":");
    fr_gstring_append_json(o, u->items);
    g_string_append_printf(o, ",\"first_page\":%d,\"last_page\":%d}", u->first_page, u->last_page);
}
