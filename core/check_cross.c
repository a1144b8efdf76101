/* check_cross.c — the standard tables: which table is which (by its title),
 * the same figure across them (cross.table, unit.mismatch), the tables a
 * report must publish (complete.tables), and amounts too large for their
 * unit (unit.magnitude). */
#include "check.h"

#include <string.h>

/* ---- which standard table: words of the title, first match wins ---------- */

typedef struct role_words {
    ck_role role;
    const char *all[3];  /* every one must occur */
    const char *none[3]; /* none may occur */
} role_words;

static const role_words ROLE_WORDS[] = {
    {CK_ROLE_THREE_PUBLIC, {"三公"}, {NULL}},
    {CK_ROLE_GOV_FUND, {"政府性基金"}, {NULL}},
    {CK_ROLE_STATE_CAPITAL, {"国有资本经营"}, {NULL}},
    {CK_ROLE_APPROPRIATION, {"财政拨款收支"}, {NULL}},
    {CK_ROLE_APPROPRIATION, {"财政拨款收入支出"}, {NULL}},
    {CK_ROLE_OVERVIEW, {"收支总"}, {NULL}},
    {CK_ROLE_OVERVIEW, {"收入支出", "总表"}, {NULL}},
    {CK_ROLE_OVERVIEW, {"收支", "总表"}, {NULL}},
    {CK_ROLE_GPB_BASIC, {"一般公共预算", "基本支出"}, {"执行"}},
    {CK_ROLE_GPB_PROJECT, {"一般公共预算", "项目支出"}, {"执行"}},
    {CK_ROLE_GPB, {"一般公共预算", "支出"}, {"执行"}},
    {CK_ROLE_INCOME, {"收入"}, {"支出", "执行"}},
    {CK_ROLE_EXPENDITURE, {"支出"}, {"基本支出", "项目支出", "执行"}},
};

ck_role ck_table_role(const char *title)
{
    if (!title)
        return CK_ROLE_NONE;
    char *k = ck_key(title);
    ck_role role = CK_ROLE_NONE;
    /* a table title ends in 表 (…情况表, …决算表, …明细表) */
    if (strstr(k, "表")) {
        for (size_t i = 0; i < G_N_ELEMENTS(ROLE_WORDS) && !role; i++) {
            const role_words *w = &ROLE_WORDS[i];
            bool ok = true;
            for (int j = 0; j < 3 && ok; j++)
                ok = (!w->all[j] || strstr(k, w->all[j])) && (!w->none[j] || !strstr(k, w->none[j]));
            if (ok)
                role = w->role;
        }
    }
    g_free(k);
    return role;
}

const char *ck_role_name(ck_role r, bool chinese)
{
    static const char *const ZH[] = {"",
                                     "收支总表",
                                     "收入表",
                                     "支出表",
                                     "财政拨款收支总表",
                                     "一般公共预算支出表",
                                     "一般公共预算基本支出表",
                                     "一般公共预算项目支出表",
                                     "“三公”经费支出表",
                                     "政府性基金预算支出表",
                                     "国有资本经营预算支出表"};
    static const char *const EN[] = {"",
                                     "overview (收支总表)",
                                     "income table (收入表)",
                                     "expenditure table (支出表)",
                                     "appropriations overview (财政拨款收支总表)",
                                     "general public budget expenditure (一般公共预算支出表)",
                                     "general public budget basic expenditure (基本支出表)",
                                     "general public budget project expenditure (项目支出表)",
                                     "“three public” expenses (三公经费表)",
                                     "government fund budget (政府性基金预算表)",
                                     "state capital operations budget (国有资本经营预算表)"};
    return (unsigned)r < CK_ROLE_COUNT ? (chinese ? ZH[r] : EN[r]) : "";
}

/* ---- figures: one amount of a standard table ---------------------------------- */

typedef struct figure {
    bool found;
    fr_decimal value;
    int coarsest;
    const ck_table *ct;
    const fr_row *row;
    int column;
    const char *zh, *en; /* what it is */
} figure;

static const ck_table *table_of(const ck_doc *cd, ck_role role)
{
    for (int i = 0; i < cd->ntables; i++)
        if (cd->tables[i].role == (int)role)
            return &cd->tables[i];
    return NULL;
}

/* The data column of panel whose label contains word (NULL: the total
 * column, else the first); -1 when none or several. */
static int column_named(const fr_table *t, int panel, const char *word)
{
    int found = -1;
    for (int c = 0; c < t->ncolumns; c++) {
        if (!ck_is_data(t, c, panel))
            continue;
        const char *label = t->columns[c].label;
        bool hit = word ? ck_has(label, word) : ck_is_total_name(label);
        if (hit) {
            if (found >= 0)
                return -1;
            found = c;
        }
    }
    if (found < 0 && !word)
        found = ck_data_column(t, panel, 0);
    return found;
}

static bool set_cell(figure *f, const ck_table *ct, const fr_row *row, int col)
{
    const fr_cell *c = row ? ck_cell(ct, row, col) : NULL;
    if (!c || c->kind != FR_CELL_AMOUNT)
        return false;
    f->found = true;
    f->value = c->amount;
    f->coarsest = c->amount.scale;
    f->ct = ct;
    f->row = row;
    f->column = col;
    return true;
}

/* The table's grand total row (合计 / 总计, no code) of panel */
static const fr_row *grand_row(const fr_table *t, int panel)
{
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        if (row->panel != panel || row->code || !row->name)
            continue;
        char *k = ck_key(row->name);
        bool grand = strcmp(k, "合计") == 0 || strcmp(k, "总计") == 0;
        g_free(k);
        if (grand)
            return row;
    }
    return NULL;
}

/* The overview's 本年收入合计 (panel 0) or 本年支出合计 (panel 1) */
static const fr_row *year_row(const fr_table *t, int panel)
{
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        if (row->panel != panel || !row->name)
            continue;
        char *k = ck_key(row->name);
        bool y = g_str_has_prefix(k, "本年") && g_str_has_suffix(k, "合计");
        g_free(k);
        if (y)
            return row;
    }
    return NULL;
}

static figure total_of(const ck_doc *cd, ck_role role, const char *column_word)
{
    figure f = {0};
    const ck_table *ct = table_of(cd, role);
    if (!ct || ct->suspect)
        return f;
    const fr_table *t = ct->t;
    if (role == CK_ROLE_OVERVIEW || role == CK_ROLE_APPROPRIATION) {
        int panel = column_word && strcmp(column_word, "收入") == 0 ? 0 : 1;
        const char *word = panel == 0 ? NULL : column_word && strcmp(column_word, "支出") ? column_word : NULL;
        int col = column_named(t, panel, word);
        if (word && col < 0)
            return f;
        set_cell(&f, ct, year_row(t, panel), col);
        return f;
    }
    int col = column_named(t, 0, column_word);
    if (col < 0)
        return f;
    if (set_cell(&f, ct, grand_row(t, 0), col))
        return f;
    if (role != CK_ROLE_GPB_BASIC)
        return f;
    /* 公开06表: 人员经费合计 + 公用经费合计, in grouped panels */
    ck_sum s;
    ck_sum_init(&s);
    const fr_row *first = NULL;
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        if (row->code || !row->is_total || !row->name || !(ck_has(row->name, "人员经费") || ck_has(row->name, "公用经费")))
            continue;
        const fr_cell *c = ck_slot(ct, row, 0);
        if (!c || c->kind != FR_CELL_AMOUNT)
            return f;
        ck_sum_add(&s, c->amount);
        if (!first)
            first = row;
    }
    if (s.terms == 2 && !s.overflow) {
        f = (figure){true, s.value, s.coarsest, ct, first, ck_data_column(t, first->panel, 0), NULL, NULL};
    }
    return f;
}

/* ---- cross.table ------------------------------------------------------------------ */

typedef struct cross_rule {
    ck_role a;
    const char *a_column; /* a column word, NULL for the total */
    ck_role b;
    const char *b_column; /* for overviews: "收入", "支出", or a column word of the expenditure side */
    const char *zh, *en;
} cross_rule;

static const cross_rule CROSS[] = {
    {CK_ROLE_EXPENDITURE, NULL, CK_ROLE_OVERVIEW, "支出", "支出表合计＝收支总表本年支出合计",
     "expenditure table total = overview 本年支出合计"},
    {CK_ROLE_INCOME, NULL, CK_ROLE_OVERVIEW, "收入", "收入表合计＝收支总表本年收入合计", "income table total = overview 本年收入合计"},
    {CK_ROLE_GPB, NULL, CK_ROLE_APPROPRIATION, "一般公共预算", "一般公共预算支出表合计＝财政拨款收支总表一般公共预算支出",
     "general public budget table total = appropriations overview, general public budget"},
    {CK_ROLE_GPB_BASIC, NULL, CK_ROLE_GPB, "基本支出", "基本支出表合计（人员经费＋公用经费）＝一般公共预算支出表基本支出",
     "basic expenditure table total (personnel + public operating) = general public budget table, 基本支出"},
    {CK_ROLE_GPB_PROJECT, NULL, CK_ROLE_GPB, "项目支出", "项目支出表合计＝一般公共预算支出表项目支出",
     "project expenditure table total = general public budget table, 项目支出"},
};

/* a is b × 10 000 (a figure in 元 where 万元 was meant), exactly */
static bool times_10000(fr_decimal a, fr_decimal b)
{
    fr_decimal s;
    return a.units != 0 && ck_in_unit(a, 0, 4, &s) && fr_decimal_cmp(s, b) == 0;
}

void ck_rule_cross(ck_doc *cd)
{
    for (size_t i = 0; i < G_N_ELEMENTS(CROSS); i++) {
        const cross_rule *r = &CROSS[i];
        figure a = total_of(cd, r->a, r->a_column);
        figure b = total_of(cd, r->b, r->b_column);
        if (!a.found || !b.found)
            continue;
        int ea = fr_table_unit_exponent(cd->doc, a.ct->t), eb = fr_table_unit_exponent(cd->doc, b.ct->t);
        fr_decimal va = a.value, vb = b.value;
        /* compare in the coarser unit, exactly */
        if (ea >= 0 && eb >= 0 && ea != eb &&
            !(ea < eb ? ck_in_unit(a.value, ea, eb, &va) : ck_in_unit(b.value, eb, ea, &vb)))
            continue;
        ck_where w = {.ct = a.ct, .row = a.row, .column = a.column, .block = -1};
        char sa[48], sb[48];
        fr_decimal_format(a.value, sa, sizeof sa);
        fr_decimal_format(b.value, sb, sizeof sb);
        const char *ua = fr_table_unit(cd->doc, a.ct->t), *ub = fr_table_unit(cd->doc, b.ct->t);
        const char *na = ck_table_name(cd, a.ct), *nb = ck_table_name(cd, b.ct);
        if (times_10000(va, vb) || times_10000(vb, va)) {
            ck_add(cd, "unit.mismatch", FR_SEV_ERROR, w, sa, sb, ua,
                   ck_msg(cd, "%s %s%s 与 %s %s%s 相差一万倍：单位填错（%s）", na, sa, ua ? ua : "", nb, sb, ub ? ub : "", r->zh),
                   ck_msg(cd, "%s %s %s and %s %s %s differ by a factor of 10 000: a wrong unit (%s)", na, sa,
                          ua ? ua : "", nb, sb, ub ? ub : "", r->en));
            continue;
        }
        ck_verdict v = ck_compare(va, vb, a.coarsest < b.coarsest ? a.coarsest : b.coarsest);
        if (cd->compared) {
            cd->compared[a.ct->index]++;
            cd->compared[b.ct->index]++;
        }
        if (v == CK_PASS)
            continue;
        char d[48];
        ck_difference(va, vb, d, sizeof d);
        ck_add(cd, "cross.table", v == CK_SLIP ? FR_SEV_WARNING : FR_SEV_ERROR, w, sa, sb, ua,
               ck_msg(cd, "%s 填列 %s，%s %s「%s」为 %s，相差 %s%s（%s）%s", na, sa, nb, ck_row_label(cd, b.ct->t, b.row),
                      b.ct->t->columns[b.column].path, sb, d, ua ? ua : "", r->zh, v == CK_SLIP ? "（尾数误差）" : ""),
               ck_msg(cd, "%s prints %s, %s %s (column %s) %s, off by %s%s%s (%s)%s", na, sa, nb,
                      ck_row_label(cd, b.ct->t, b.row), b.ct->t->columns[b.column].path, sb, d, ua ? " " : "",
                      ua ? ua : "", r->en, v == CK_SLIP ? " (rounding)" : ""));
    }
}

/* ---- complete.tables ------------------------------------------------------------------ */

static const ck_role REQUIRED[] = {CK_ROLE_OVERVIEW, CK_ROLE_INCOME,       CK_ROLE_EXPENDITURE,
                                   CK_ROLE_APPROPRIATION, CK_ROLE_GPB,   CK_ROLE_GPB_BASIC,
                                   CK_ROLE_THREE_PUBLIC, CK_ROLE_GOV_FUND, CK_ROLE_STATE_CAPITAL};

/* A title printed without a table (its table was empty) and followed by its 说明 */
static bool titled_without_table(const fr_doc *doc, ck_role role)
{
    for (size_t i = 0; i + 1 < doc->blocks.len; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        if (b->kind == FR_BLOCK_TABLE || !b->text || strlen(b->text) > 240 || ck_table_role(b->text) != role)
            continue;
        for (size_t j = i + 1; j < doc->blocks.len && j <= i + 3; j++) {
            const fr_block *n = fr_doc_block(doc, j);
            if (n->kind == FR_BLOCK_TABLE)
                break;
            if (n->text && (ck_has(n->text, "无数据") || ck_has(n->text, "本表无") || ck_has(n->text, "无发生") ||
                            ck_has(n->text, "空表")))
                return true;
        }
    }
    return false;
}

void ck_rule_completeness(ck_doc *cd)
{
    const fr_doc *doc = cd->doc;
    if (doc->meta.kind == FR_KIND_UNKNOWN || cd->ntables == 0)
        return; /* a narrative alone, or a report of unknown kind */
    bool present[CK_ROLE_COUNT] = {false};
    for (int i = 0; i < cd->ntables; i++) {
        present[cd->tables[i].role] = true;
        /* the general budget's basic expenditure by economic class printed as a
         * column of its 支出表（按经济分类） (深圳): the standard table's content */
        const char *title = cd->tables[i].t->title;
        if (cd->tables[i].role == CK_ROLE_GPB && title && strstr(title, "经济分类"))
            for (int c = 0; c < cd->tables[i].t->ncolumns; c++)
                if (cd->tables[i].t->columns[c].path && strstr(cd->tables[i].t->columns[c].path, "基本支出"))
                    present[CK_ROLE_GPB_BASIC] = true;
    }
    const char *kind_zh = doc->meta.kind == FR_KIND_BUDGET ? "部门预算" : "部门决算";
    for (size_t i = 0; i < G_N_ELEMENTS(REQUIRED); i++) {
        ck_role r = REQUIRED[i];
        if (present[r] || titled_without_table(doc, r))
            continue;
        /* the state capital table joined the set with the 2020 reports; 2019
         * sets (the two Jiangsu reports of the corpus) have eight tables */
        if (r == CK_ROLE_STATE_CAPITAL && doc->meta.fiscal_year > 0 && doc->meta.fiscal_year < 2020)
            continue;
        ck_where w = {.column = -1, .block = -1};
        ck_add(cd, "complete.tables", FR_SEV_WARNING, w, NULL, NULL, NULL,
               ck_msg(cd, "%s缺少标准表：%s", kind_zh, ck_role_name(r, true)),
               ck_msg(cd, "the %s report has no %s", fr_kind_name(doc->meta.kind), ck_role_name(r, false)));
    }
}

/* ---- unit.magnitude ---------------------------------------------------------------------- */

void ck_rule_magnitude(ck_doc *cd)
{
    /* 10^8 万元 is a trillion yuan: no department's figure; a 元 figure typed into a 万元 table */
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        if (fr_table_unit_exponent(cd->doc, t) != 4)
            continue;
        const fr_row *worst = NULL;
        int worst_col = -1;
        fr_decimal max = {0, 0};
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            for (int c = 0; c < t->ncolumns; c++) {
                const fr_cell *cell = ck_cell(ct, row, c);
                if (!cell || cell->kind != FR_CELL_AMOUNT)
                    continue;
                fr_decimal a = cell->amount;
                if (a.units < 0)
                    a.units = -a.units;
                if (fr_decimal_cmp(a, max) > 0) {
                    max = a;
                    worst = row;
                    worst_col = c;
                }
            }
        }
        fr_decimal limit = {100000000, 0};
        if (!worst || fr_decimal_cmp(max, limit) < 0)
            continue;
        char s[48];
        fr_decimal_format(max, s, sizeof s);
        ck_where w = {.ct = ct, .row = worst, .column = worst_col, .block = -1};
        const char *tn = ck_table_name(cd, ct);
        ck_add(cd, "unit.magnitude", FR_SEV_WARNING, w, s, NULL, "万元",
               ck_msg(cd, "%s 单位为万元，但 %s 达 %s 万元（逾万亿元），疑为按元填列", tn, ck_row_label(cd, t, worst), s),
               ck_msg(cd, "%s is in 万元 but %s holds %s 万元 (over a trillion yuan): probably yuan", tn,
                      ck_row_label(cd, t, worst), s));
    }
}
