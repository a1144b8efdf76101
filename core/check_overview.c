/* check_overview.c — the two-sided overview tables (收支总表, 财政拨款收支总表):
 *   overview.items     本年收入合计 / 本年支出合计 = the numbered items above it
 *   overview.total     总计 = 本年合计 + the rows between them (结转, 弥补 …)
 *   overview.subitems  a row between them = its fund parts (一般公共预算 …)
 *   overview.balance   收入总计 = 支出总计 */
#include "check.h"

#include <string.h>

/* Fund words that name the parts of a 结转/结余 row printed below it */
static const char *const FUND_PARTS[] = {"一般公共预算", "政府性基金", "国有资本经营", "财政专户", "社会保险基金"};

static bool is_fund_part(const char *name)
{
    if (!name)
        return false;
    if (g_str_has_prefix(name, "其中"))
        return true;
    char *k = ck_key(name);
    bool part = false;
    for (size_t i = 0; i < G_N_ELEMENTS(FUND_PARTS) && !part; i++)
        part = g_str_has_prefix(k, FUND_PARTS[i]) && !ck_has(k, "结转") && !ck_has(k, "结余");
    g_free(k);
    return part;
}

static bool is_year_total(const char *name)
{
    char *k = ck_key(name);
    bool y = g_str_has_suffix(k, "合计") && (ck_has(k, "收入") || ck_has(k, "支出") || strcmp(k, "本年合计") == 0);
    g_free(k);
    return y;
}

static bool is_grand_total(const char *name)
{
    char *k = ck_key(name);
    bool g = g_str_has_suffix(k, "总计");
    g_free(k);
    return g;
}

/* A balance row counted into the 总计 beside the year's total: 上年结转, 结余,
 * 用事业基金弥补收支差额 … */
static bool is_balance(const char *name)
{
    return ck_has(name, "结转") || ck_has(name, "结余") || ck_has(name, "弥补");
}

/* Checks one panel; returns its 总计 row (or NULL). */
static const fr_row *check_panel(ck_doc *cd, const ck_table *ct, int panel)
{
    const fr_table *t = ct->t;
    size_t year = SIZE_MAX, grand = SIZE_MAX;
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        if (row->panel != panel || !row->name)
            continue;
        if (year == SIZE_MAX && is_year_total(row->name))
            year = r;
        else if (is_grand_total(row->name))
            grand = r;
    }
    /* above the year's total: its items, the numbered rows of the outline's top
     * level; unnumbered balance rows printed there (a typeset table may move
     * 年初结转和结余 up) belong to the 总计 like those below it */
    GPtrArray *parts = g_ptr_array_new(), *extra = g_ptr_array_new();
    if (year != SIZE_MAX) {
        int top = 99;
        for (size_t r = 0; r < year; r++) {
            const fr_row *row = fr_table_row(t, r);
            int rank = row->panel == panel && row->name && !row->is_total ? ck_enum_rank(row->name) : 0;
            if (rank > 0 && rank < top && !g_str_has_prefix(row->name, "其中"))
                top = rank;
        }
        if (top == 99) {
            ck_top_rows(t, 0, year, panel, parts);
        } else {
            for (size_t r = 0; r < year; r++) {
                const fr_row *row = fr_table_row(t, r);
                if (row->panel != panel || !row->name || !*row->name || row->is_total || g_str_has_prefix(row->name, "其中"))
                    continue;
                int rank = ck_enum_rank(row->name);
                if (rank == top)
                    g_ptr_array_add(parts, (gpointer)row);
                else if (rank == 0 && !is_fund_part(row->name) && is_balance(row->name))
                    g_ptr_array_add(extra, (gpointer)row); /* not an unnumbered 款 of an item above */
            }
        }
        if (parts->len >= 1)
            ck_check_row(cd, "overview.items", ct, fr_table_row(t, year), parts, "各项之和", "the items above add to");
    }
    if (grand != SIZE_MAX) {
        g_ptr_array_set_size(parts, 0);
        size_t from = 0;
        if (year != SIZE_MAX) {
            g_ptr_array_add(parts, fr_table_row(t, year));
            for (guint i = 0; i < extra->len; i++)
                g_ptr_array_add(parts, extra->pdata[i]);
            from = year + 1;
        }
        GPtrArray *subs = g_ptr_array_new();
        const fr_row *item = NULL;
        int year_rank = year != SIZE_MAX ? ck_enum_rank(fr_table_row(t, year)->name) : 0;
        /* without a year's total, the items are the outline's top level only
         * (一、 … not the 1、 under them) */
        int top = 99;
        for (size_t r = from; year == SIZE_MAX && r < grand; r++) {
            const fr_row *row = fr_table_row(t, r);
            int rank = row->panel == panel && row->name && !row->is_total ? ck_enum_rank(row->name) : 0;
            if (rank > 0 && rank < top)
                top = rank;
        }
        for (size_t r = from; r <= grand; r++) {
            const fr_row *row = r < grand ? fr_table_row(t, r) : NULL;
            if (row && (row->panel != panel || !row->name || !*row->name || row->is_total))
                continue;
            /* a part of the item above: its fund parts, or a row numbered one level
             * deeper (上年结余、结转 over 1.财政拨款结余、结转) */
            int rank = row ? ck_enum_rank(row->name) : 0, item_rank = item ? ck_enum_rank(item->name) : 0;
            /* a numbered year's total printed above its own items (一、本年支出合计,
             * then 一般公共服务支出 …, then 二、年终结转结余): the unnumbered rows
             * after it are its breakdown, not parts of the 总计 */
            if (row && year_rank > 0 && rank == 0 && !is_balance(row->name) && !is_fund_part(row->name))
                continue;
            bool deeper = row && item && rank > 0 && (item_rank == 0 || rank > item_rank);
            if (row && item && (is_fund_part(row->name) || deeper)) {
                g_ptr_array_add(subs, (gpointer)row);
                continue;
            }
            /* the previous item is complete: check it against its parts */
            if (item && subs->len >= 2)
                ck_check_row(cd, "overview.subitems", ct, item, subs, "其下各项之和", "its parts add to");
            g_ptr_array_set_size(subs, 0);
            if (!row)
                break;
            if (year == SIZE_MAX && (rank == 0 ? !is_balance(row->name) : rank != top))
                item = NULL; /* without a 本年合计 row only top-level items and balances count */
            else {
                item = row;
                g_ptr_array_add(parts, (gpointer)row);
            }
        }
        g_ptr_array_free(subs, TRUE);
        if (parts->len >= 1)
            ck_check_row(cd, "overview.total", ct, fr_table_row(t, grand), parts,
                         year != SIZE_MAX ? "本年合计与其他各项之和" : "各项之和",
                         year != SIZE_MAX ? "the year's total and the other rows add to" : "the items add to");
    }
    g_ptr_array_free(extra, TRUE);
    g_ptr_array_free(parts, TRUE);
    return grand != SIZE_MAX ? fr_table_row(t, grand) : NULL;
}

void ck_rule_overview(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        if (ct->t->layout != FR_TABLE_OVERVIEW || ct->t->npanels < 2)
            continue;
        const fr_row *in = check_panel(cd, ct, 0);
        const fr_row *out = check_panel(cd, ct, 1);
        if (!in || !out)
            continue;
        const fr_cell *a = ck_slot(ct, in, 0), *b = ck_slot(ct, out, 0);
        if (!a || !b || a->kind != FR_CELL_AMOUNT || b->kind != FR_CELL_AMOUNT)
            continue;
        ck_sum s;
        ck_sum_init(&s);
        ck_sum_add(&s, b->amount);
        ck_where w = {.ct = ct, .row = in, .column = ck_data_column(ct->t, 0, 0), .block = -1};
        ck_check_sum(cd, "overview.balance", w, a->amount, &s, "支出方总计", "the expenditure side's total is");
    }
}
