/* check_sums.c — the arithmetic inside one table: parents and their
 * children by code (sum.children), a coded 合计 (sum.total), totals and
 * numbered parents of tables without codes (sum.rows), total columns
 * (sum.columns) and column relations (sum.relation). */
#include "check.h"

#include <string.h>

/* ---- data slots: the k-th data column of a panel ------------------------- */

int ck_data_column(const fr_table *t, int panel, int k)
{
    for (int c = 0; c < t->ncolumns; c++)
        if (ck_is_data(t, c, panel) && k-- == 0)
            return c;
    return -1;
}

int ck_data_count(const fr_table *t, int panel)
{
    int n = 0;
    for (int c = 0; c < t->ncolumns; c++)
        n += ck_is_data(t, c, panel);
    return n;
}

/* The k-th data cell of the row (in its panel), or NULL. */
const fr_cell *ck_slot(const ck_table *ct, const fr_row *row, int k)
{
    return ck_cell(ct, row, ck_data_column(ct->t, row->panel, k));
}

/* Adds a part to the sum: blank counts as zero; text makes the sum unusable. */
bool ck_add_part(ck_sum *s, const fr_cell *c)
{
    if (!c || c->kind == FR_CELL_EMPTY) {
        s->terms++;
        return true;
    }
    if (c->kind != FR_CELL_AMOUNT)
        return false;
    ck_sum_add(s, c->amount);
    return true;
}

/* Checks row's slot k against the parts' slot k. */
static void ck_check_slot(ck_doc *cd, const char *rule, const ck_table *ct, const fr_row *row, int k,
                       const fr_row *const *parts, size_t nparts, const char *zh, const char *en)
{
    const fr_cell *c = ck_slot(ct, row, k);
    if (!c || c->kind != FR_CELL_AMOUNT)
        return; /* a blank or text total is not checked */
    ck_sum s;
    ck_sum_init(&s);
    for (size_t i = 0; i < nparts; i++)
        if (!ck_add_part(&s, ck_slot(ct, parts[i], k)))
            return;
    ck_where w = {.ct = ct, .row = row, .column = ck_data_column(ct->t, row->panel, k), .block = -1};
    ck_check_sum(cd, rule, w, c->amount, &s, zh, en);
}

void ck_check_row(ck_doc *cd, const char *rule, const ck_table *ct, const fr_row *row, GPtrArray *parts,
                      const char *zh, const char *en)
{
    if (parts->len == 0)
        return;
    int n = ck_data_count(ct->t, row->panel);
    for (int k = 0; k < n; k++)
        ck_check_slot(cd, rule, ct, row, k, (const fr_row *const *)parts->pdata, parts->len, zh, en);
}

/* Rows are compared panel by panel, except in grouped tables, whose panels
 * continue one list side by side (公开06表). */
static int scope_of(const fr_table *t, const fr_row *r) { return t->layout == FR_TABLE_GROUPED ? 0 : r->panel; }

/* ---- sum.children ------------------------------------------------------------ */

void ck_rule_children(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        if (!ct->has_codes)
            continue;
        /* a code printed twice in one scope is ambiguous: neither checked nor counted */
        GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            if (!row->code)
                continue;
            char *key = g_strdup_printf("%d:%s", scope_of(t, row), row->code);
            gpointer n = g_hash_table_lookup(seen, key);
            g_hash_table_replace(seen, key, GINT_TO_POINTER(GPOINTER_TO_INT(n) + 1));
        }
        /* each 款 and 项 row under "scope:its parent's code" (the code's first 3 or 5
         * digits: fr_code_is_parent), in row order */
        GHashTable *children = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *c = fr_table_row(t, r);
            int level = fr_code_level(c->code);
            if (level < 2)
                continue;
            char key[64];
            g_snprintf(key, sizeof key, "%d:%.*s", scope_of(t, c), level == 2 ? 3 : 5, c->code);
            GPtrArray *kids = g_hash_table_lookup(children, key);
            if (!kids)
                g_hash_table_insert(children, g_strdup(key), kids = g_ptr_array_new());
            g_ptr_array_add(kids, (gpointer)c);
        }
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *p = fr_table_row(t, r);
            if (!p->code)
                continue;
            char key[64];
            g_snprintf(key, sizeof key, "%d:%s", scope_of(t, p), p->code);
            GPtrArray *kids = g_hash_table_lookup(children, key);
            if (GPOINTER_TO_INT(g_hash_table_lookup(seen, key)) != 1 || !kids)
                continue;
            const char *zh = fr_code_level(p->code) == 1 ? "其下各款之和" : "其下各项之和";
            const char *en = fr_code_level(p->code) == 1 ? "its 款 rows add to" : "its 项 rows add to";
            ck_check_row(cd, "sum.children", ct, p, kids, zh, en);
        }
        g_hash_table_destroy(children);
        g_hash_table_destroy(seen);
    }
}

/* ---- sum.total --------------------------------------------------------------- */

/* Does the total row (e.g. "人员经费合计") name the panel the column heads? */
static bool total_covers_panel(const fr_table *t, const fr_row *total, int panel)
{
    char *key = ck_key(total->name);
    size_t n = strlen(key);
    if (n >= strlen("合计"))
        key[n - strlen("合计")] = '\0';
    bool covers = true;
    if (*key) { /* "X合计": the panels headed X */
        covers = false;
        for (int c = 0; c < t->ncolumns && !covers; c++) {
            char root[128];
            if (t->columns[c].panel == panel && strcmp(ck_column_root(t, c, root, sizeof root), key) == 0)
                covers = true;
        }
    }
    g_free(key);
    return covers;
}

void ck_rule_total(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        if (!ct->has_codes || t->layout == FR_TABLE_OVERVIEW)
            continue;
        GPtrArray *tops = g_ptr_array_new();
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *total = fr_table_row(t, r);
            if (total->code || !total->is_total || !total->name)
                continue;
            char *key = ck_key(total->name);
            bool grand = g_str_has_suffix(key, "合计") || g_str_has_suffix(key, "总计");
            g_free(key);
            if (!grand)
                continue;
            g_ptr_array_set_size(tops, 0);
            for (size_t j = 0; j < t->rows.len; j++) {
                const fr_row *c = fr_table_row(t, j);
                if (c->code && fr_code_level(c->code) == 1 && total_covers_panel(t, total, c->panel) &&
                    (t->layout == FR_TABLE_GROUPED || c->panel == total->panel))
                    g_ptr_array_add(tops, (gpointer)c);
            }
            /* 类 rows with no amount at all (their amounts printed beside another
             * classification's codes, 西安 表6: 301 beside 501) are no parts */
            bool any = false;
            for (guint k = 0; k < tops->len && !any; k++) {
                const fr_row *c = tops->pdata[k];
                for (int j = 0; j < c->ncells && !any; j++)
                    any = c->cells[j].kind == FR_CELL_AMOUNT;
            }
            if (any)
                ck_check_row(cd, "sum.total", ct, total, tops, "其下各类之和", "its 类 rows add to");
        }
        g_ptr_array_free(tops, TRUE);
    }
}

/* ---- sum.rows ------------------------------------------------------------------ */

/* The rows of [from, to) of panel that have the smallest enumeration rank
 * among them (the outline's top level); "其中" parts of a row are excluded. */
void ck_top_rows(const fr_table *t, size_t from, size_t to, int panel, GPtrArray *out)
{
    int best = 99, level = 99;
    for (size_t j = from; j < to; j++) {
        const fr_row *c = fr_table_row(t, j);
        if (c->panel == panel && !c->is_total && c->name && *c->name) {
            int rank = ck_enum_rank(c->name);
            if (rank < best)
                best = rank;
        }
    }
    /* among those, the outermost (names whose level their indentation gives:
     * 杭州's 类 / 款 / 项 printed without codes or numbers) */
    for (size_t j = from; j < to; j++) {
        const fr_row *c = fr_table_row(t, j);
        if (c->panel == panel && !c->is_total && c->name && *c->name && ck_enum_rank(c->name) == best &&
            c->level > 0 && c->level < level)
            level = c->level;
    }
    g_ptr_array_set_size(out, 0);
    for (size_t j = from; j < to; j++) {
        const fr_row *c = fr_table_row(t, j);
        if (c->panel == panel && !c->is_total && c->name && *c->name && ck_enum_rank(c->name) == best &&
            !(best == 0 && c->name && g_str_has_prefix(c->name, "其中")) && (level == 99 || c->level <= level))
            g_ptr_array_add(out, (gpointer)c);
    }
}

void ck_rule_rows(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        if (ct->has_codes || t->layout != FR_TABLE_PLAIN || (ct->suspect && !ct->rows_ok))
            continue;
        size_t n = t->rows.len;
        GPtrArray *parts = g_ptr_array_new();
        /* totals: the rows since the previous total, or, for a total printed
         * first, the rows up to the next one */
        size_t prev = 0;
        for (size_t r = 0; r < n; r++) {
            const fr_row *row = fr_table_row(t, r);
            if (!row->is_total || !row->name)
                continue;
            size_t from = prev, to = r;
            if (from == to) { /* nothing above: a total printed first */
                from = r + 1;
                for (to = from; to < n && !fr_table_row(t, to)->is_total; to++)
                    ;
            }
            ck_top_rows(t, from, to, row->panel, parts);
            if (parts->len >= 2)
                ck_check_row(cd, "sum.rows", ct, row, parts, "其所合计各行之和", "the rows it totals add to");
            prev = r + 1;
        }
        /* numbered parents: a row followed by rows of a deeper enumeration */
        for (size_t r = 0; r < n; r++) {
            const fr_row *row = fr_table_row(t, r);
            if (row->is_total)
                continue;
            int rank = ck_enum_rank(row->name);
            size_t to = r + 1;
            while (to < n) {
                const fr_row *c = fr_table_row(t, to);
                int cr = ck_enum_rank(c->name);
                if (c->is_total || cr == 0 || cr <= rank)
                    break;
                to++;
            }
            if (to == r + 1)
                continue;
            ck_top_rows(t, r + 1, to, row->panel, parts);
            if (parts->len >= 2)
                ck_check_row(cd, "sum.rows", ct, row, parts, "其下各行之和", "its sub-rows add to");
        }
        g_ptr_array_free(parts, TRUE);
    }
}

/* ---- sum.columns ------------------------------------------------------------------ */

static bool node_has_children(const ck_table *ct, int node) { return ct->children[node] > 0; }

static bool node_is_total(const fr_table *t, int node) { return ck_is_total_name(t->headers[node].label); }

/* The leaf column of a leaf node */
static int node_column(const fr_table *t, int node) { return t->headers[node].first_leaf; }

/* Is any leaf under node a data column? */
static bool node_has_data(const fr_table *t, int node)
{
    const fr_header *h = &t->headers[node];
    for (int c = h->first_leaf; c < h->first_leaf + h->span && c < t->ncolumns; c++)
        if (ck_is_data(t, c, -1))
            return true;
    return false;
}

/* The value of a header node in a row: a leaf's cell; a node's own total
 * column; else the sum of its members. false when a cell is text. */
/* A 其中 heading that names a part of the column before it (本级财政拨款 /
 * 金额 | 其中：经费拨款): never an addend. One right after its group's total
 * begins the breakdown instead (合计 | 其中：基本支出 | 项目支出) and counts. */
static bool is_qizhong(const fr_table *t, int h, int total)
{
    const char *l = t->headers[h].label;
    if (l && g_str_has_prefix(l, "扣除")) /* 扣除基建项目后预算数: another view of its neighbour */
        return true;
    if (!l || !g_str_has_prefix(l, "其中"))
        return false;
    int before = t->headers[h].first_leaf - 1;
    if (before < 0)
        return false;
    if (total >= 0 && t->headers[total].first_leaf + t->headers[total].span - 1 == before)
        return false;
    /* the column before it is a sibling's: a part of that one */
    for (int k = 0; k < t->nheaders; k++)
        if (k != h && t->headers[k].parent == t->headers[h].parent && t->headers[k].first_leaf <= before &&
            before < t->headers[k].first_leaf + t->headers[k].span)
            return true;
    return false;
}

static bool node_value(const ck_table *ct, const fr_row *row, int node, ck_sum *s, int depth)
{
    const fr_table *t = ct->t;
    if (depth > 16)
        return false;
    if (!node_has_children(ct, node))
        return ck_add_part(s, ck_cell(ct, row, node_column(t, node)));
    for (int h = 0; h < t->nheaders; h++)
        if (t->headers[h].parent == node && !node_has_children(ct, h) && node_is_total(t, h))
            return ck_add_part(s, ck_cell(ct, row, node_column(t, h)));
    for (int h = 0; h < t->nheaders; h++)
        if (t->headers[h].parent == node && node_has_data(t, h) && !is_qizhong(t, h, -1) &&
            !node_value(ct, row, h, s, depth + 1))
            return false;
    return true;
}


/* A total named for its subject totals the members of that subject only:
 * “三公”经费合计 beside 会议费 and 培训费 (苏州, 无锡 公开09表) is 出国 + 公务用车
 * + 公务接待. The subject's word in the total's label, then its members' words. */
static const char *const SUBJECTS[][4] = {
    {"三公", "出国", "公务用车", "公务接待"},
};

static bool outside_subject(const fr_table *t, int h, int total)
{
    const char *tl = t->headers[total].label, *hl = t->headers[h].label;
    for (size_t i = 0; tl && i < G_N_ELEMENTS(SUBJECTS); i++) {
        if (!strstr(tl, SUBJECTS[i][0]))
            continue;
        for (int k = 1; k < 4; k++)
            if (hl && strstr(hl, SUBJECTS[i][k]))
                return false;
        return true;
    }
    return false;
}

/* Is node h an addend of total in parent's group (a sibling with data, not a
 * 其中 part of another, of the total's subject)? */
static bool is_addend(const fr_table *t, int h, int parent, int total)
{
    return h != total && t->headers[h].parent == parent && node_has_data(t, h) && !is_qizhong(t, h, total) &&
           !outside_subject(t, h, total);
}

/* The sum, in row, of total's addends of its panel, skip (-1: none) left out;
 * false when one of them is not a figure */
static bool group_sum(const ck_table *ct, const fr_row *row, int parent, int total, int skip, ck_sum *s)
{
    const fr_table *t = ct->t;
    ck_sum_init(s);
    for (int h = 0; h < t->nheaders; h++)
        if (h != skip && is_addend(t, h, parent, total) && t->columns[node_column(t, h)].panel == row->panel &&
            !node_value(ct, row, h, s, 0))
            return false;
    return true;
}

/* One group of sibling header nodes (children of parent, -1: the roots):
 * when exactly one is a total leaf, it must equal the others in every row. */
static void check_group(ck_doc *cd, const ck_table *ct, int parent)
{
    const fr_table *t = ct->t;
    int total = -1, members = 0;
    for (int h = 0; h < t->nheaders; h++) {
        if (t->headers[h].parent != parent || !node_has_data(t, h))
            continue;
        if (!node_has_children(ct, h) && node_is_total(t, h)) {
            if (total >= 0)
                return; /* two totals: not a sum */
            total = h;
        } else {
            members++;
        }
    }
    for (int h = 0; total >= 0 && h < t->nheaders; h++)
        if (h != total && t->headers[h].parent == parent && node_has_data(t, h) && outside_subject(t, h, total))
            members--;
    int lone_qizhong = 0;
    for (int h = 0; total >= 0 && h < t->nheaders; h++) {
        if (t->headers[h].parent != parent || !node_has_data(t, h) || h == total)
            continue;
        if (is_qizhong(t, h, total)) {
            members--; /* "其中：经费拨款" is a part of its neighbour, never an addend */
        } else if (t->headers[h].label && g_str_has_prefix(t->headers[h].label, "其中")) {
            lone_qizhong++;
        }
    }
    if (members == 1 && lone_qizhong == 1)
        return; /* "合计 | 其中：…" alone is a part, not a breakdown */
    if (total < 0 || members < 1)
        return; /* "合计 | 其中：…" is a part, not a breakdown */
    int col = node_column(t, total);
    /* a member that is no addend (深圳 表3: 2026年政府采购项目 beside 基本支出 and
     * 项目支出 under no heading of its own): where the sum fails on some row and
     * leaving out that one member alone makes it hold on every row, it is left out */
    int skip = -1;
    if (members >= 3) {
        bool fails = false;
        int fit = -1, fits = 0;
        for (int m = -1; m < t->nheaders; m++) {
            if (m >= 0 && !is_addend(t, m, parent, total))
                continue;
            bool holds = true, any = false;
            for (size_t r = 0; r < t->rows.len && holds; r++) {
                const fr_row *row = fr_table_row(t, r);
                const fr_cell *c = ck_cell(ct, row, col);
                ck_sum s;
                if (!c || c->kind != FR_CELL_AMOUNT || !group_sum(ct, row, parent, total, m, &s) || s.overflow)
                    continue;
                any = true;
                holds = ck_compare(c->amount, s.value, s.coarsest) != CK_OFF;
            }
            if (m < 0)
                fails = any && !holds;
            else if (any && holds) {
                fit = m;
                fits++;
            }
        }
        if (fails && fits == 1)
            skip = fit;
    }
    for (size_t r = 0; r < t->rows.len; r++) {
        const fr_row *row = fr_table_row(t, r);
        const fr_cell *c = ck_cell(ct, row, col);
        ck_sum s;
        if (!c || c->kind != FR_CELL_AMOUNT || !group_sum(ct, row, parent, total, skip, &s))
            continue;
        ck_where w = {.ct = ct, .row = row, .column = col, .block = -1};
        ck_check_sum(cd, "sum.columns", w, c->amount, &s, "同组各列之和", "the columns it totals add to");
    }
}

void ck_rule_columns(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        if (ct->suspect)
            continue;
        check_group(cd, ct, -1);
        for (int h = 0; h < ct->t->nheaders; h++)
            if (node_has_children(ct, h))
                check_group(cd, ct, h);
    }
}

/* ---- sum.relation ---------------------------------------------------------------------- */

/* Relations between columns named by words their headers contain:
 * result = plus[0] + plus[1] − minus (plus[1], minus optional), or, for a
 * ratio, result% = 100 × plus[0] / plus[1]. */
typedef struct relation {
    const char *result;
    const char *plus[2];
    const char *minus;
    bool ratio; /* result% = plus[0] / plus[1] */
    const char *zh, *en;
} relation;

static const relation RELATIONS[] = {
    {"结转结余", {"可用预算", NULL}, "实际支出", false, "可用预算减实际支出", "available less spent give"},
    {"年末结转", {"年初结转", "本年收入"}, "本年支出", false, "年初结转加本年收入减本年支出",
     "opening plus income less expenditure give"},
    {"执行率", {"实际支出", "可用预算"}, NULL, true, NULL, NULL},
};

/* The one header node (of panel) whose label contains word; -1 if none or several. */
static int node_named(const fr_table *t, const char *word, int panel)
{
    int found = -1;
    for (int h = 0; h < t->nheaders; h++) {
        if (!ck_has(t->headers[h].label, word) || !node_has_data(t, h))
            continue;
        if (t->columns[t->headers[h].first_leaf].panel != panel)
            continue;
        /* a parent and its own leaf with the same word count once: keep the outer */
        if (found >= 0 && t->headers[h].parent == found)
            continue;
        if (found >= 0)
            return -1;
        found = h;
    }
    return found;
}

/* A percentage printed in a cell ("94.63%"), as a decimal of points */
static bool cell_percent(const fr_cell *c, fr_decimal *out)
{
    if (!c || !c->text)
        return false;
    const char *pct = strstr(c->text, "%");
    if (!pct)
        return false;
    return fr_decimal_parse(c->text, (size_t)(pct - c->text), out) == FR_OK;
}

static void check_ratio(ck_doc *cd, const ck_table *ct, const fr_row *row, int res, int num, int den)
{
    const fr_table *t = ct->t;
    fr_decimal p;
    const fr_cell *rc = ck_cell(ct, row, node_column(t, res));
    ck_sum n, d;
    ck_sum_init(&n);
    ck_sum_init(&d);
    if (!cell_percent(rc, &p) || !node_value(ct, row, num, &n, 0) || !node_value(ct, row, den, &d, 0) ||
        d.value.units == 0 || n.overflow || d.overflow)
        return;
    char exact[48], s[48];
    ck_verdict v = ck_compare_percent(p, n.value, d.value, exact, sizeof exact);
    if (v == CK_PASS)
        return;
    fr_decimal_format(p, s, sizeof s);
    char nb[48], db[48];
    fr_decimal_format(n.value, nb, sizeof nb);
    fr_decimal_format(d.value, db, sizeof db);
    const char *tn = ck_table_name(cd, ct), *rn = ck_row_label(cd, t, row);
    const char *col = t->columns[node_column(t, res)].path;
    ck_where w = {.ct = ct, .row = row, .column = node_column(t, res), .block = -1};
    ck_add(cd, "sum.relation", v == CK_SLIP ? FR_SEV_WARNING : FR_SEV_ERROR, w, s, exact, "%",
           ck_msg(cd, "%s %s「%s」：填列 %s%%，%s ÷ %s 为 %s%%%s", tn, rn, col, s, nb, db, exact,
                  v == CK_SLIP ? "（尾数误差）" : ""),
           ck_msg(cd, "%s %s, column %s: printed %s%%, %s / %s is %s%%%s", tn, rn, col, s, nb, db, exact,
                  v == CK_SLIP ? " (rounding)" : ""));
}

void ck_rule_relations(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        if (ct->suspect)
            continue;
        for (int panel = 0; panel < (t->npanels > 0 ? t->npanels : 1); panel++)
            for (size_t k = 0; k < G_N_ELEMENTS(RELATIONS); k++) {
                const relation *rel = &RELATIONS[k];
                int res = node_named(t, rel->result, panel);
                int a = node_named(t, rel->plus[0], panel);
                int b = rel->plus[1] ? node_named(t, rel->plus[1], panel) : -2;
                int m = rel->minus ? node_named(t, rel->minus, panel) : -2;
                if (res < 0 || a < 0 || b == -1 || m == -1 || node_has_children(ct, res))
                    continue;
                for (size_t r = 0; r < t->rows.len; r++) {
                    const fr_row *row = fr_table_row(t, r);
                    if (row->panel != panel)
                        continue;
                    if (rel->ratio) {
                        check_ratio(cd, ct, row, res, a, b);
                        continue;
                    }
                    const fr_cell *c = ck_cell(ct, row, node_column(t, res));
                    if (!c || c->kind != FR_CELL_AMOUNT)
                        continue;
                    ck_sum s, minus;
                    ck_sum_init(&s);
                    ck_sum_init(&minus);
                    if (!node_value(ct, row, a, &s, 0) || (b >= 0 && !node_value(ct, row, b, &s, 0)))
                        continue;
                    if (m >= 0) {
                        if (!node_value(ct, row, m, &minus, 0))
                            continue;
                        ck_sum_sub(&s, minus.value);
                        if (minus.coarsest < s.coarsest)
                            s.coarsest = minus.coarsest;
                    }
                    ck_where w = {.ct = ct, .row = row, .column = node_column(t, res), .block = -1};
                    ck_check_sum(cd, "sum.relation", w, c->amount, &s, rel->zh, rel->en);
                }
            }
    }
}
