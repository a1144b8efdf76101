/* facts.c — what each amount of a table measures, read from the printed
 * labels: the concept (收入, 支出, 结转和结余, the "三公" items …), the
 * period, direction, phase, fund source, expenditure type and the function
 * or economic code. The xbrl and fdp writers share these answers.
 *
 * The rules look at, in order: the cell's column path (leaf first), the row
 * name, the table title, then the document (a budget's amounts are approved
 * budgets, a final account's executed ones). */
#include "fiscus.h"

#include <glib.h>
#include <string.h>

static bool has(const char *s, const char *word) { return s && strstr(s, word) != NULL; }

/* ---- names -------------------------------------------------------------- */

const char *fr_direction_name(fr_direction d)
{
    return d == FR_DIR_REVENUE ? "revenue" : d == FR_DIR_EXPENDITURE ? "expenditure" : "";
}

const char *fr_phase_name(fr_phase p)
{
    static const char *const N[] = {"", "proposed", "approved", "adjusted", "executed"};
    return (unsigned)p < G_N_ELEMENTS(N) ? N[p] : "";
}

const char *fr_fund_source_name(fr_fund_source f)
{
    static const char *const N[] = {"",      "general_public_budget", "government_fund", "state_capital",
                                    "fiscal_special_account", "other", "appropriation"};
    return (unsigned)f < G_N_ELEMENTS(N) ? N[f] : "";
}

const char *fr_exp_type_name(fr_exp_type e)
{
    static const char *const N[] = {"", "basic", "personnel", "public_operating", "project", "remittance_to_higher_level",
                                    "business", "subsidy_to_affiliates"};
    return (unsigned)e < G_N_ELEMENTS(N) ? N[e] : "";
}

const char *fr_name_unnumbered(const char *name)
{
    if (!name)
        return NULL;
    const char *p = name;
    /* （一） (1) */
    if (g_str_has_prefix(p, "（") || *p == '(') {
        const char *close = strstr(p, g_str_has_prefix(p, "（") ? "）" : ")");
        if (close && close - p <= 12)
            return close + (g_str_has_prefix(close, "）") ? strlen("）") : 1);
    }
    /* 一、 12、 3. */
    const char *dun = strstr(p, "、");
    if (dun && dun - p > 0 && dun - p <= 9)
        return dun + strlen("、");
    const char *q = p;
    while (g_ascii_isdigit(*q))
        q++;
    if (q > p && (*q == '.' || g_str_has_prefix(q, "．")) && q[1] != '\0' && !g_ascii_isdigit(q[*q == '.' ? 1 : 3]))
        return q + (*q == '.' ? 1 : strlen("．"));
    return p;
}

/* ---- the rules ---------------------------------------------------------- */

/* A concept named by a word. Longer, more specific words first. */
typedef struct concept_word {
    const char *word;
    const char *concept;
    fr_period period;
} concept_word;

static const concept_word CONCEPT_WORDS[] = {
    {"年初结转和结余", "CarryOverBalance", FR_PERIOD_START},
    {"上年结转", "CarryOverBalance", FR_PERIOD_START},
    {"年末结转和结余", "CarryOverBalance", FR_PERIOD_END},
    {"结转下年", "CarryOverBalance", FR_PERIOD_END},
    {"因公出国", "OverseasTravelExpenses", FR_PERIOD_YEAR},
    {"公务用车购置费", "OfficialVehiclePurchase", FR_PERIOD_YEAR},
    {"公务用车运行", "OfficialVehicleOperation", FR_PERIOD_YEAR},
    {"公务用车购置及运行", "OfficialVehicleExpenses", FR_PERIOD_YEAR},
    {"公务接待", "OfficialReceptionExpenses", FR_PERIOD_YEAR},
    {"会议费", "MeetingExpenses", FR_PERIOD_YEAR},
    {"培训费", "TrainingExpenses", FR_PERIOD_YEAR},
    {"机关运行经费", "AgencyOperatingExpenses", FR_PERIOD_YEAR},
    {"经营收入", "OperatingIncome", FR_PERIOD_YEAR},
    {"事业收入", "BusinessIncome", FR_PERIOD_YEAR},
    {"上级补助收入", "HigherLevelSubsidyIncome", FR_PERIOD_YEAR},
    {"附属单位上缴收入", "AffiliateRemittanceIncome", FR_PERIOD_YEAR},
    {"其他收入", "OtherIncome", FR_PERIOD_YEAR},
    {"用事业基金弥补", "ReserveDrawdown", FR_PERIOD_YEAR},
    {"非财政拨款结余", "ReserveDrawdown", FR_PERIOD_YEAR},
};

/* Words inside the "三公" table that only mean something there. */
static const concept_word THREE_PUBLIC_WORDS[] = {
    {"购置费", "OfficialVehiclePurchase", FR_PERIOD_YEAR},
    {"运行费", "OfficialVehicleOperation", FR_PERIOD_YEAR},
    {"运行维护费", "OfficialVehicleOperation", FR_PERIOD_YEAR},
};

static const concept_word *concept_in(const concept_word *words, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (has(s, words[i].word))
            return &words[i];
    return NULL;
}

/* A value named by a word: the first word of a table found in the text wins. */
typedef struct word_value {
    const char *word;
    int value;
} word_value;

static int value_in(const word_value *table, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (has(s, table[i].word))
            return table[i].value;
    return 0;
}

static const word_value FUND_WORDS[] = {
    {"一般公共预算", FR_FUND_GENERAL_PUBLIC_BUDGET}, {"政府性基金", FR_FUND_GOVERNMENT_FUND},
    {"国有资本经营", FR_FUND_STATE_CAPITAL},         {"财政专户", FR_FUND_SPECIAL_ACCOUNT},
    {"其他资金", FR_FUND_OTHER},                     {"财政拨款", FR_FUND_APPROPRIATION},
};

/* 工资福利 (an economic class of basic spending) is no expenditure type of its own */
static const word_value EXP_WORDS[] = {
    {"工资福利", FR_EXP_NONE},          {"人员经费", FR_EXP_PERSONNEL},  {"公用经费", FR_EXP_PUBLIC_OPERATING},
    {"基本支出", FR_EXP_BASIC},         {"项目支出", FR_EXP_PROJECT},    {"上缴上级", FR_EXP_REMIT_UPWARD},
    {"经营支出", FR_EXP_BUSINESS},      {"对附属单位补助", FR_EXP_SUBSIDY_AFFILIATES},
};

static const word_value PHASE_WORDS[] = {
    {"调整预算", FR_PHASE_ADJUSTED}, {"调整后预算", FR_PHASE_ADJUSTED}, {"决算", FR_PHASE_EXECUTED},
    {"执行数", FR_PHASE_EXECUTED},   {"实际支出", FR_PHASE_EXECUTED},  {"预算", FR_PHASE_APPROVED},
};

/* The value of the first of the texts (column path, row name, title) that names one. */
static int value_in_first(const word_value *table, size_t n, const char *const texts[3])
{
    int v = 0;
    for (int i = 0; i < 3 && !v; i++)
        v = value_in(table, n, texts[i]);
    return v;
}

static fr_phase phase_in(const char *s) { return value_in(PHASE_WORDS, G_N_ELEMENTS(PHASE_WORDS), s); }

static fr_direction direction_in(const char *s)
{
    bool in = has(s, "收入"), out = has(s, "支出");
    return in && !out ? FR_DIR_REVENUE : out && !in ? FR_DIR_EXPENDITURE : FR_DIR_NONE;
}

static void classify(const fr_doc *doc, fr_fact *f)
{
    const fr_table *t = f->table;
    const fr_column *col = &t->columns[f->column];
    const char *path = col->path ? col->path : col->label;
    const char *rname = fr_name_unnumbered(f->row->name);
    const char *title = t->title;
    bool three_public = has(title, "三公");

    const char *const texts[3] = {path, rname, title}; /* where fund and type are looked for, in order */

    /* concept and period: the column's words, then the row's */
    const size_t nwords = G_N_ELEMENTS(CONCEPT_WORDS);
    const concept_word *cw = concept_in(CONCEPT_WORDS, nwords, col->label);
    if (!cw)
        cw = concept_in(CONCEPT_WORDS, nwords, path);
    if (!cw)
        cw = concept_in(CONCEPT_WORDS, nwords, rname);
    if (!cw && three_public)
        cw = concept_in(THREE_PUBLIC_WORDS, G_N_ELEMENTS(THREE_PUBLIC_WORDS), path);
    if (cw) {
        f->concept = cw->concept;
        f->period = cw->period;
    }

    /* direction: the side of an overview, else the column, row or title */
    if (t->layout == FR_TABLE_OVERVIEW && t->npanels == 2)
        f->direction = f->row->panel == 0 ? FR_DIR_REVENUE : FR_DIR_EXPENDITURE;
    if (!f->direction)
        f->direction = direction_in(path);
    if (!f->direction)
        f->direction = direction_in(rname);
    if (!f->direction)
        f->direction = direction_in(title);
    if (!f->direction && f->concept && (g_str_has_suffix(f->concept, "Income") || strcmp(f->concept, "ReserveDrawdown") == 0))
        f->direction = FR_DIR_REVENUE;
    if (!f->direction && f->concept && (g_str_has_suffix(f->concept, "Expenses") || has(f->concept, "OfficialVehicle")))
        f->direction = FR_DIR_EXPENDITURE;
    if (!f->concept)
        f->concept = three_public && has(path, "合计")   ? "ThreePublicExpenses"
                     : three_public && has(path, "小计") ? "OfficialVehicleExpenses"
                     : f->direction == FR_DIR_REVENUE    ? "Income"
                     : f->direction == FR_DIR_EXPENDITURE ? "Expenditure"
                                                          : "Amount";

    f->phase = phase_in(path);
    if (!f->phase)
        f->phase = phase_in(rname) == FR_PHASE_ADJUSTED ? FR_PHASE_ADJUSTED : FR_PHASE_NONE;
    if (!f->phase)
        f->phase = doc->meta.kind == FR_KIND_BUDGET           ? FR_PHASE_APPROVED
                   : doc->meta.kind == FR_KIND_FINAL_ACCOUNTS ? FR_PHASE_EXECUTED
                                                              : FR_PHASE_NONE;

    f->fund = value_in_first(FUND_WORDS, G_N_ELEMENTS(FUND_WORDS), texts);
    f->exp_type = f->direction == FR_DIR_REVENUE ? FR_EXP_NONE : value_in_first(EXP_WORDS, G_N_ELEMENTS(EXP_WORDS), texts);

    /* codes: the row's, or the 类 its name names (overviews list them by name) */
    fr_classification c = fr_code_classification(f->row->code);
    if (c == FR_CLASS_FUNCTION)
        f->function_code = f->row->code;
    else if (c == FR_CLASS_ECONOMIC)
        f->economic_code = f->row->code;
    else if (!f->row->code && !f->row->is_total && rname) {
        f->function_code = fr_code_list_class_of(FR_CLASS_FUNCTION, rname);
        if (!f->function_code)
            f->economic_code = fr_code_list_class_of(FR_CLASS_ECONOMIC, rname);
    }
}

int fr_doc_each_fact(const fr_doc *doc, int (*fn)(const fr_fact *f, void *data), void *data)
{
    size_t table_index = 0;
    const fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        const char *unit = fr_table_unit(doc, t);
        int exponent = fr_table_unit_exponent(doc, t);
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            /* cell k is the k-th data or line-number column of the row's panel */
            int k = 0;
            for (int c = 0; c < t->ncolumns && k < row->ncells; c++) {
                const fr_column *col = &t->columns[c];
                if (col->panel != row->panel || (col->role != FR_COL_DATA && col->role != FR_COL_LINENO))
                    continue;
                const fr_cell *cell = &row->cells[k++];
                if (col->role != FR_COL_DATA || cell->kind != FR_CELL_AMOUNT)
                    continue;
                fr_fact f = {.table = t,
                             .table_index = table_index,
                             .row = row,
                             .row_index = r,
                             .column = c,
                             .amount = cell->amount,
                             .unit = unit,
                             .unit_exponent = exponent,
                             .cell = cell};
                classify(doc, &f);
                int rc = fn(&f, data);
                if (rc)
                    return rc;
            }
        }
        table_index++;
    }
    return 0;
}
