/* check_codes.c — classification codes against the lists (code.name) and
 * against the rows printed above them (code.parent). */
#include "check.h"

#include <string.h>

/* A name for comparing with the list: ck_key with ASCII parentheses folded
 * to full-width ones, as the lists print them. g_free. */
static char *name_key(const char *name)
{
    char *k = ck_key(name);
    GString *s = g_string_new(NULL);
    for (const char *p = k; *p; p++) {
        if (*p == '(')
            g_string_append(s, "（");
        else if (*p == ')')
            g_string_append(s, "）");
        else
            g_string_append_c(s, *p);
    }
    g_free(k);
    return g_string_free(s, FALSE);
}

void ck_rule_code_names(ck_doc *cd)
{
    int year = cd->doc->meta.fiscal_year;
    if (year == 0)
        return; /* which edition of the list applies is unknown */
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        if (!ct->has_codes)
            continue;
        for (size_t r = 0; r < ct->t->rows.len; r++) {
            const fr_row *row = fr_table_row(ct->t, r);
            if (!row->code || !row->name || !*row->name)
                continue;
            const char *listed = fr_code_list_name_in(fr_code_classification(row->code), row->code, year);
            if (!listed)
                continue; /* not listed: the code.unknown diagnostic says so */
            char *a = name_key(row->name), *b = name_key(listed);
            /* a name that begins with the listed one has a neighbouring cell's
             * words glued on by the reader ("其他资本性支出公用经费合计"): not judged */
            bool same = strcmp(a, b) == 0 || g_str_has_prefix(a, b);
            g_free(a);
            g_free(b);
            if (same)
                continue;
            ck_where w = {.ct = ct, .row = row, .column = -1, .block = -1};
            ck_add(cd, "code.name", FR_SEV_WARNING, w, row->name, listed, NULL,
                   ck_msg(cd, "%s %s 名称为「%s」，%d年分类科目为「%s」", ck_table_name(cd, ct), row->code, row->name, year,
                          listed),
                   ck_msg(cd, "%s %s is named “%s”; the %d classification lists “%s”", ck_table_name(cd, ct), row->code,
                          row->name, year, listed));
        }
    }
}

/* Each code must lie under the nearest code one level up printed above it.
 * Grouped tables are read panel by panel (a list continues in the next panel). */
void ck_rule_code_parents(ck_doc *cd)
{
    for (int i = 0; i < cd->ntables; i++) {
        const ck_table *ct = &cd->tables[i];
        const fr_table *t = ct->t;
        if (!ct->has_codes)
            continue;
        int npanels = t->npanels > 0 ? t->npanels : 1;
        int scopes = t->layout == FR_TABLE_OVERVIEW ? npanels : 1;
        for (int scope = 0; scope < scopes; scope++) {
            const char *above[3] = {NULL, NULL, NULL}; /* the last code of level 1, 2 (index level-1) */
            fr_classification cls = FR_CLASS_NONE;
            char first = 0; /* 3xx and 5xx are two economic lists: one never lies under the other */
            for (int panel = 0; panel < npanels; panel++) {
                if (t->layout == FR_TABLE_OVERVIEW && panel != scope)
                    continue;
                for (size_t r = 0; r < t->rows.len; r++) {
                    const fr_row *row = fr_table_row(t, r);
                    if (row->panel != panel || !row->code)
                        continue;
                    int level = fr_code_level(row->code);
                    fr_classification c = fr_code_classification(row->code);
                    if (level < 1 || c == FR_CLASS_NONE)
                        continue;
                    if (c != cls || row->code[0] != first) { /* another list starts */
                        above[0] = above[1] = above[2] = NULL;
                        cls = c;
                        first = row->code[0];
                    }
                    const char *parent = level > 1 ? above[level - 2] : NULL;
                    if (parent && !fr_code_is_parent(parent, row->code)) {
                        ck_where w = {.ct = ct, .row = row, .column = -1, .block = -1};
                        ck_add(cd, "code.parent", FR_SEV_WARNING, w, row->code, parent, NULL,
                               ck_msg(cd, "%s %s 列在 %s 之下，不属其范围", ck_table_name(cd, ct), row->code, parent),
                               ck_msg(cd, "%s %s is printed under %s, outside its range", ck_table_name(cd, ct),
                                      row->code, parent));
                    }
                    above[level - 1] = row->code;
                    for (int l = level; l < 3; l++)
                        above[l] = NULL;
                }
            }
        }
    }
}
