/* check.h — internal to the audit (core/check*.c): the helpers every rule
 * shares. Rules are functions void rule(ck_doc *); core/check.c lists them. */
#ifndef FR_CHECK_H
#define FR_CHECK_H

#include "fiscus.h"

#include <glib.h>

/* What a rule sees of one table: the table, its index, and for each column
 * the index of its cell in a row of the column's panel (-1 for label columns). */
typedef struct ck_table {
    const fr_table *t;
    int index;       /* among the document's tables */
    size_t block;    /* index in doc->blocks */
    int *cell_of;    /* ncolumns entries */
    int *children;   /* nheaders entries: how many header nodes each one heads */
    bool has_codes;  /* some row has a classification code */
    bool suspect;    /* the header tree was not read reliably: no rule trusts its column labels */
    bool rows_ok;    /* …but its rows were (only the tree's shape is wrong): row sums still hold */
    int role;        /* ck_role of its title (below) */
} ck_table;

/* What a rule runs on. Rules only read the document: what they find goes to
 * findings, allocated in arena (the document's, or the arena of the thread the
 * rule runs on, which the document takes over); fr_pass_check appends every
 * rule's findings to the document's in the order of the rules. */
typedef struct ck_doc {
    fr_doc *doc;
    ck_table *tables;
    int ntables;
    fr_arena *arena;
    fr_vec *findings;
    /* what was checked, for fr_doc.unchecked: sums and comparisons made per table
     * (NULL on the prose rule's own thread, which makes none), and the narrative's
     * sentences with figures, those of them with no figure tied to a table, and
     * the pages of these */
    int *compared;
    int sentences, untied, untied_first, untied_last;
} ck_doc;

/* ---- amounts -------------------------------------------------------------- */

/* A running sum that remembers the coarsest printed precision of its terms. */
typedef struct ck_sum {
    fr_decimal value;
    int coarsest;   /* smallest scale seen; FR_DECIMAL_MAX_SCALE before any */
    int terms;
    bool overflow;
} ck_sum;

void ck_sum_init(ck_sum *s);
void ck_sum_add(ck_sum *s, fr_decimal d);
void ck_sum_sub(ck_sum *s, fr_decimal d);

typedef enum { CK_PASS = 0, CK_SLIP, CK_OFF } ck_verdict;

/* stated against expected (a sum whose terms had precision coarsest):
 * equal within the printed precision passes, ≤ 0.02 is a slip, more is off. */
ck_verdict ck_compare(fr_decimal stated, fr_decimal expected, int coarsest);
/* A printed percentage against num/den × 100, with num and den each known to
 * half a unit of their last printed digit: within half a unit of the
 * percentage's last digit of that range passes, within 0.02 points of it is
 * a slip. Signs are ignored; den must not be zero. exact gets 100·num/den. */
ck_verdict ck_compare_percent(fr_decimal stated, fr_decimal num, fr_decimal den, char *exact, size_t size);
/* b, an amount in units of 10^eb yuan, in units of 10^ea, exactly (万元 ↔ 元);
 * false when it cannot be (precision or range). */
bool ck_in_unit(fr_decimal b, int eb, int ea, fr_decimal *out);
/* stated − expected as text */
char *ck_difference(fr_decimal stated, fr_decimal expected, char *buf, size_t size);

/* ---- tables ----------------------------------------------------------------- */

/* The amount cell of row in column col, or NULL (label column, other panel,
 * missing cell). Empty cells are returned: the caller decides. */
const fr_cell *ck_cell(const ck_table *ct, const fr_row *row, int col);
/* Is the column a data column of panel p (p < 0: any panel)? */
bool ck_is_data(const fr_table *t, int col, int panel);
/* The label of the top header over a column ("人员经费" for "人员经费 / 决算数"). */
const char *ck_column_root(const fr_table *t, int col, char *buf, size_t size);
/* A printable name for the row: its code, else its name, else "row N". */
const char *ck_row_label(ck_doc *cd, const fr_table *t, const fr_row *row);

/* The k-th data column of a panel, -1; how many a panel has. */
int ck_data_column(const fr_table *t, int panel, int k);
int ck_data_count(const fr_table *t, int panel);
/* The k-th data cell of the row (in its panel), or NULL. */
const fr_cell *ck_slot(const ck_table *ct, const fr_row *row, int k);
/* Adds a part to a sum: blank counts as zero; false for text. */
bool ck_add_part(ck_sum *s, const fr_cell *c);
/* The named, non-total rows of [from, to) of panel with the smallest
 * enumeration rank among them (the outline's top level; "其中" rows excluded). */
void ck_top_rows(const fr_table *t, size_t from, size_t to, int panel, GPtrArray *out);
/* Checks every data slot of row against the sum of the same slot of parts. */
void ck_check_row(ck_doc *cd, const char *rule, const ck_table *ct, const fr_row *row, GPtrArray *parts,
                  const char *zh, const char *en);

/* ---- names -------------------------------------------------------------------- */

/* A name for matching: without spaces, quotes, enumeration ("一、", "（二）",
 * "1."), a leading "其中：", and with （类）/（款）/（项） removed. g_free. */
char *ck_key(const char *name);
/* The rank of a row name's enumeration: 1 "一、", 2 "（一）", 3 "1." / "1、",
 * 4 "（1）", 0 none. A leading "其中：" is skipped. */
int ck_enum_rank(const char *name);
/* Is the name a total: 合计, 总计, 小计, or ends so ("本年支出合计")? */
bool ck_is_total_name(const char *name);
bool ck_has(const char *s, const char *word);

/* ---- findings ----------------------------------------------------------------- */

typedef struct ck_where {
    const ck_table *ct;      /* NULL for prose */
    const fr_row *row;
    int column;              /* -1 */
    int block;               /* -1: the table's */
    const char *quote;
    fr_prov prov;            /* for prose */
} ck_where;

/* Appends a finding; stated/expected/unit may be NULL. zh and en are
 * printf formats with the same arguments order-independent (each is given
 * its own argument list by the caller through ck_msg). */
void ck_add(ck_doc *cd, const char *rule, fr_severity sev, ck_where w, const char *stated, const char *expected,
            const char *unit, const char *zh, const char *en);
/* Compares a printed figure with what it should be (a sum) and, unless it
 * passes, adds a finding under rule: an error, or a warning for a slip.
 * what_zh / what_en say what the sum is ("其下各项之和" / "its 项 rows add to"). */
ck_verdict ck_check_sum(ck_doc *cd, const char *rule, ck_where w, fr_decimal stated, const ck_sum *sum,
                        const char *what_zh, const char *what_en);
/* fr_arena_printf into the rule's arena */
#define ck_msg(cd, ...) fr_arena_printf((cd)->arena, __VA_ARGS__)
/* A table's name for messages: its id, else its title, else "table N". */
const char *ck_table_name(const ck_doc *cd, const ck_table *ct);

/* ---- the rules (check_sums.c, check_overview.c, check_cross.c, check_prose.c, check_codes.c) */
void ck_rule_children(ck_doc *cd);
void ck_rule_total(ck_doc *cd);
void ck_rule_rows(ck_doc *cd);
void ck_rule_columns(ck_doc *cd);
void ck_rule_relations(ck_doc *cd);
void ck_rule_overview(ck_doc *cd);
void ck_rule_cross(ck_doc *cd);
void ck_rule_prose(ck_doc *cd);
void ck_rule_magnitude(ck_doc *cd);
void ck_rule_code_names(ck_doc *cd);
void ck_rule_code_parents(ck_doc *cd);
void ck_rule_completeness(ck_doc *cd);

/* Standard tables (check_cross.c): which of them a table is. */
typedef enum {
    CK_ROLE_NONE = 0,
    CK_ROLE_OVERVIEW,        /* 收支总表 / 收入支出决算总表 */
    CK_ROLE_INCOME,          /* 收入表 */
    CK_ROLE_EXPENDITURE,     /* 支出表 */
    CK_ROLE_APPROPRIATION,   /* 财政拨款收支总表 */
    CK_ROLE_GPB,             /* 一般公共预算支出表 */
    CK_ROLE_GPB_BASIC,       /* 一般公共预算基本支出表 */
    CK_ROLE_GPB_PROJECT,     /* 一般公共预算项目支出表 (by economic code) */
    CK_ROLE_THREE_PUBLIC,    /* “三公”经费表 */
    CK_ROLE_GOV_FUND,        /* 政府性基金 */
    CK_ROLE_STATE_CAPITAL,   /* 国有资本经营 */
    CK_ROLE_COUNT
} ck_role;
ck_role ck_table_role(const char *title);
const char *ck_role_name(ck_role r, bool chinese);

#endif
