/* fiscus.h — the one public header of libfiscus.
 *
 * A fiscal report (部门预算 / 部门决算) is read by an input plugin into an
 * fr_doc (the IR), transformed by passes, and written by output plugins.
 *
 * Ownership: every string, table, row and cell reachable from an fr_doc lives
 * in the document's arena and is freed by fr_doc_free(). Nothing returned by
 * an accessor is to be freed by the caller. Functions that can fail return an
 * int (FR_OK or a negative FR_ERR_*) and fill an fr_error when one is given.
 */
#ifndef FISCUS_H
#define FISCUS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FISCUS_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------ */

enum {
    FR_OK = 0,
    FR_ERR_USAGE = -1,   /* bad arguments or options */
    FR_ERR_INPUT = -2,   /* the input is unreadable, malformed or not of the format */
    FR_ERR_IO = -3,      /* reading or writing a file failed */
    FR_ERR_LIMIT = -4,   /* an input exceeds a size or count bound */
    FR_ERR_ABI = -5,     /* a plugin was built for another ABI */
    FR_ERR_NOFORMAT = -6 /* no reader or writer fits */
};

typedef struct fr_error {
    int code;
    char message[512];
} fr_error;

/* Sets err (if not NULL) and returns code. */
int fr_error_set(fr_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- arena --------------------------------------------------------------- */

typedef struct fr_arena fr_arena;

fr_arena *fr_arena_new(void);
void fr_arena_free(fr_arena *a);
void *fr_arena_alloc(fr_arena *a, size_t size);          /* zeroed, aligned */
char *fr_arena_strdup(fr_arena *a, const char *s);       /* NULL stays NULL */
char *fr_arena_strndup(fr_arena *a, const char *s, size_t n);
char *fr_arena_printf(fr_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t fr_arena_used(const fr_arena *a);
/* a takes over what from holds (allocated on another thread, say), and from is freed;
 * its blocks count as older than a's for fr_arena_release_before */
void fr_arena_adopt(fr_arena *a, fr_arena *from);
/* For an arena filled in order (a PDF's pages): a mark before the allocations
 * of a part, and the release of every block holding only what came before a
 * mark. Pointers into what was released must not be used again. */
size_t fr_arena_mark(const fr_arena *a);
void fr_arena_release_before(fr_arena *a, size_t mark);

/* A growable array of pointers whose storage is in an arena. */
typedef struct fr_vec {
    void **items;
    size_t len, cap;
} fr_vec;
void fr_vec_push(fr_arena *a, fr_vec *v, void *item);

/* ---- exact decimals --------------------------------------------------------
 * value = units / 10^scale. The scale is the printed precision: "468.70" is
 * {46870, 2}; "0.00" is {0, 2}; "-1,229.16" is {-122916, 2}. */

typedef struct fr_decimal {
    int64_t units;
    int scale; /* 0..FR_DECIMAL_MAX_SCALE */
} fr_decimal;

#define FR_DECIMAL_MAX_SCALE 9

/* Parses an amount as printed: ASCII or full-width digits, thousands
 * separators (, ，), a leading - or − or a parenthesised negative "(12.50)".
 * Surrounding spaces are allowed; anything else is FR_ERR_INPUT. */
int fr_decimal_parse(const char *s, size_t len, fr_decimal *out);
/* Writes the decimal with its own scale ("468.70"); returns buf. */
char *fr_decimal_format(fr_decimal d, char *buf, size_t size);
/* Exact comparison across scales: <0, 0, >0. */
int fr_decimal_cmp(fr_decimal a, fr_decimal b);
/* a + b at the larger scale; FR_ERR_LIMIT on overflow. */
int fr_decimal_add(fr_decimal a, fr_decimal b, fr_decimal *out);
/* Rescale exactly (only to a larger scale, or a smaller one that loses no digits). */
int fr_decimal_rescale(fr_decimal d, int scale, fr_decimal *out);
/* Writes d × 10^exponent exactly (0 ≤ exponent ≤ 9), as digits with a point
 * where needed: {12345, 2} × 10^4 is "1234500", {12345, 2} × 10^0 "123.45".
 * *decimals (if given) is the precision in XBRL terms, scale − exponent (-2
 * for 123.45 万元). Needs 40 bytes at most. Returns buf. */
char *fr_decimal_format_shifted(fr_decimal d, int exponent, char *buf, size_t size, int *decimals);

/* ---- classification codes -------------------------------------------------
 * Function codes: 类 201 → 款 20103 → 项 2010301. Economic codes: 301 → 30101.
 * fr_code_normalize accepts "2010301", "[2010301]", "201 03 01", "201　03　01"
 * and writes the digits; returns FR_OK or FR_ERR_INPUT. */
int fr_code_normalize(const char *s, char *out, size_t size);
int fr_code_level(const char *code);                      /* 1, 2, 3, or 0 if not a code */
bool fr_code_is_parent(const char *parent, const char *child); /* direct parent */

/* ---- classification code lists ----------------------------------------------
 * formats/codes/function.tsv and economic.tsv, compiled into the library:
 * code, level, name and the year each name applies from. */
typedef enum { FR_CLASS_NONE = 0, FR_CLASS_FUNCTION, FR_CLASS_ECONOMIC } fr_classification;
/* By the code's shape: function codes are 2xx (3, 5 or 7 digits); economic
 * codes 3xx (部门 301…399) or 5xx (政府 501…599), 3 or 5 digits. */
fr_classification fr_code_classification(const char *code);
const char *fr_classification_name(fr_classification c); /* "function", "economic", "none" */
/* The listed name of code for a report of year: the latest name known from
 * that year or before, else the earliest; year 0 takes the latest. NULL when
 * the code is not in the list. The string is static. */
const char *fr_code_list_name(fr_classification c, const char *code, int year);
/* The name the list knows to apply in year (its line's year at or before it);
 * NULL when the list knows none that early: an earlier report is not judged by a later list */
const char *fr_code_list_name_in(fr_classification c, const char *code, int year);
/* The 类 (level 1) code whose listed name is name exactly, or NULL. */
const char *fr_code_list_class_of(fr_classification c, const char *name);
/* The one code directly under parent (3 → 5 digits, 5 → 7) whose listed name,
 * of any year, is name exactly; NULL when none or more than one. */
const char *fr_code_list_child(fr_classification c, const char *parent, const char *name);

/* ---- text ------------------------------------------------------------------ */

/* Returns a newly allocated (g_free) UTF-8 copy of bytes in UTF-8 (BOM
 * stripped) or GB18030/GBK; NULL with err set when neither decodes.
 * *encoding is set to "UTF-8" or "GB18030", or to FR_ENCODING_UTF8_REPAIRED
 * for UTF-8 with a few invalid sequences (an encoded surrogate, a cut
 * character), each replaced by U+FFFD. */
#define FR_ENCODING_UTF8_REPAIRED "UTF-8 (invalid sequences replaced)"
char *fr_text_decode(const unsigned char *bytes, size_t len, const char **encoding, fr_error *err);
/* NFKC for everything except CJK full-width punctuation, which stays as
 * printed (（）：，；). Kangxi radicals (⼀), compatibility ideographs and
 * full-width digits and letters are folded. Returns g_malloc'd text. */
char *fr_text_normalize(const char *s, size_t len);
/* Display width of UTF-8 text, CJK counting 2. */
size_t fr_text_width(const char *s, size_t len);

/* ---- the IR ----------------------------------------------------------------- */

typedef enum { FR_KIND_UNKNOWN = 0, FR_KIND_BUDGET, FR_KIND_FINAL_ACCOUNTS } fr_kind;
const char *fr_kind_name(fr_kind k); /* "budget", "final_accounts", "unknown" */

/* Where something came from: page (1-based, 0 unknown), and for text inputs the line;
 * whether it was recognised by OCR from a page's picture (not read from a text
 * layer), and then the lowest confidence (0..100) of the words it holds. */
typedef struct fr_prov {
    int page;
    int line;
    bool ocr;
    unsigned char conf;
} fr_prov;

typedef enum { FR_SEV_INFO, FR_SEV_WARNING, FR_SEV_ERROR } fr_severity;

typedef struct fr_diag {
    fr_severity severity;
    const char *code;    /* stable id, e.g. "txt.header" */
    const char *message;
    fr_prov where;
    const char *table_id; /* table the diagnostic is about, or NULL */
} fr_diag;

typedef struct fr_meta {
    const char *title;
    const char *department;
    int fiscal_year;          /* 0 when unknown */
    fr_kind kind;
    const char *unit;         /* "万元" or "元", NULL when unknown */
    int unit_exponent;        /* 4 for 万元, 0 for 元: yuan = amount × 10^exponent */
    const char *source;       /* input file name as given */
    const char *format;       /* reader name */
    const char *encoding;     /* text inputs: the detected encoding */
    int page_count;
    char sha256[65];          /* hex of the input bytes */
} fr_meta;

typedef enum { FR_CELL_EMPTY = 0, FR_CELL_AMOUNT, FR_CELL_TEXT } fr_cell_kind;

typedef struct fr_cell {
    fr_cell_kind kind;
    fr_decimal amount;   /* FR_CELL_AMOUNT */
    const char *text;    /* the printed text (amounts too); NULL when empty */
    bool ocr;            /* recognised by OCR: conf is its words' lowest confidence (0..100) */
    unsigned char conf;
} fr_cell;

/* What a leaf column holds. Label columns (code, name) are not cells: their
 * values are in fr_row.code / fr_row.name. */
typedef enum {
    FR_COL_DATA = 0, /* amounts or text */
    FR_COL_LINENO,   /* 行次: printed line numbers */
    FR_COL_CODE,     /* 科目编码 */
    FR_COL_NAME      /* 科目名称 / 项目 */
} fr_col_role;

/* A node of the column header tree. Leaves are the columns. */
typedef struct fr_header {
    const char *label;
    int depth;             /* 0 for the top row */
    int first_leaf, span;  /* the leaf columns it covers */
    int parent;            /* index in fr_table.headers, -1 for a root */
} fr_header;

typedef struct fr_column {
    const char *label;     /* the leaf's own label */
    const char *path;      /* labels from the root, joined by " / " */
    fr_col_role role;
    int panel;             /* side-by-side panel it belongs to */
} fr_column;

typedef struct fr_row {
    const char *code;      /* digits only, or NULL */
    bool code_inferred;    /* code not printed: inferred from the name and its parent's (fr_pass_infer_codes) */
    const char *name;      /* as printed, wraps joined, indentation removed */
    int level;             /* 1 类 / 2 款 / 3 项 for codes; 0 for totals; indentation otherwise */
    int panel;             /* which panel (0 income / 1 expenditure in overviews) */
    bool is_total;         /* 合计 / 总计 / 小计 rows */
    fr_cell *cells;        /* one per data or line-number column of the row's panel */
    int ncells;
    fr_prov where;
} fr_row;

typedef enum {
    FR_TABLE_PLAIN = 0,  /* one panel */
    FR_TABLE_OVERVIEW,   /* two panels: 收入 (0) and 支出 (1) */
    FR_TABLE_GROUPED     /* several panels of the same columns side by side (公开06表) */
} fr_table_layout;

typedef struct fr_table {
    const char *id;        /* as printed: "表5", "公开05表"; NULL if none */
    const char *title;
    const char *entity;    /* the unit or department the table names (单位名称：/部门：) */
    const char *unit;      /* this table's own unit line, e.g. "万元" */
    int unit_exponent;
    fr_table_layout layout;
    int npanels;
    const char **panel_labels;  /* e.g. {"收入", "支出"}; may be NULL */
    fr_header *headers;
    int nheaders;
    fr_column *columns;    /* leaves, in order, all panels */
    int ncolumns;
    fr_vec rows;           /* fr_row * */
    fr_vec notes;          /* const char *: 注：… lines below the table */
    int *pages;            /* pages the table spans */
    int npages;
    fr_prov where;
} fr_table;

typedef enum { FR_BLOCK_HEADING, FR_BLOCK_PARAGRAPH, FR_BLOCK_NOTE, FR_BLOCK_TABLE } fr_block_kind;

typedef struct fr_block {
    fr_block_kind kind;
    int level;             /* headings: 1 第一部分, 2 一、, 3 （一）, 4 1., 5 （1） */
    const char *number;    /* headings: the printed number, e.g. "（一）" */
    const char *text;      /* heading text without its number, paragraph or note text */
    fr_table *table;       /* FR_BLOCK_TABLE */
    fr_prov where;
} fr_block;

typedef struct fr_doc {
    fr_arena *arena;
    fr_meta meta;
    fr_vec blocks;         /* fr_block *, in document order */
    fr_vec diags;          /* fr_diag * */
    fr_vec props;          /* const char *: key, value, key, value … — what the
                            * source file says of itself (docx core.xml: title,
                            * creator, created, modified), as it says it */
    fr_vec findings;       /* fr_finding *: what fr_pass_check found (added in 0.3) */
    fr_vec unchecked;      /* fr_unchecked *: what it could not check, and why (added in 0.4) */
} fr_doc;

/* Names as the writers print them. */
const char *fr_col_role_name(fr_col_role r);       /* "data", "lineno", "code", "name" */
const char *fr_table_layout_name(fr_table_layout l); /* "plain", "overview", "grouped" */
const char *fr_severity_name(fr_severity s);       /* "info", "warning", "error" */

fr_doc *fr_doc_new(void);
void fr_doc_free(fr_doc *doc);

/* Builders: everything they return is owned by the document. */
fr_block *fr_doc_add_heading(fr_doc *doc, int level, const char *number, const char *text, fr_prov where);
fr_block *fr_doc_add_paragraph(fr_doc *doc, const char *text, fr_prov where);
fr_block *fr_doc_add_note(fr_doc *doc, const char *text, fr_prov where);
fr_table *fr_doc_add_table(fr_doc *doc, fr_prov where);
/* Sets a source property (copied into the arena; a later value replaces). */
void fr_doc_set_prop(fr_doc *doc, const char *key, const char *value);
/* The value of a source property, or NULL. */
const char *fr_doc_prop(const fr_doc *doc, const char *key);
void fr_doc_diag(fr_doc *doc, fr_severity sev, const char *code, fr_prov where, const char *table_id,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Header and column set-up: give the leaves, then add spanning parents. */
void fr_table_set_columns(fr_doc *doc, fr_table *t, int ncolumns);
void fr_table_set_column(fr_doc *doc, fr_table *t, int col, const char *label, fr_col_role role, int panel);
/* Adds a header node over leaves [first, first+span). Leaves get their own
 * nodes from fr_table_finish_headers(). Returns the node index. */
int fr_table_add_header(fr_doc *doc, fr_table *t, const char *label, int depth, int first, int span);
/* Completes the tree: one node per leaf under its innermost parent, paths. */
void fr_table_finish_headers(fr_doc *doc, fr_table *t);
void fr_table_add_page(fr_doc *doc, fr_table *t, int page);
fr_row *fr_table_add_row(fr_doc *doc, fr_table *t, int panel, int ncells, fr_prov where);
/* The unit a table's amounts are in: its own unit line, else the document's;
 * NULL and -1 when neither says (t may be NULL: the document's). */
const char *fr_table_unit(const fr_doc *doc, const fr_table *t);
int fr_table_unit_exponent(const fr_doc *doc, const fr_table *t);
/* Number of cells a row of the given panel has (data + line-number leaves). */
int fr_table_panel_cells(const fr_table *t, int panel);

static inline fr_block *fr_doc_block(const fr_doc *d, size_t i) { return (fr_block *)d->blocks.items[i]; }
static inline fr_row *fr_table_row(const fr_table *t, size_t i) { return (fr_row *)t->rows.items[i]; }
/* The document's tables in order: for (size_t at = 0; (t = fr_doc_next_table(d, &at));) …
 * *at is the block index to look from; it is moved past the table returned. */
static inline fr_table *fr_doc_next_table(const fr_doc *d, size_t *at)
{
    for (; *at < d->blocks.len; ++*at)
        if (fr_doc_block(d, *at)->kind == FR_BLOCK_TABLE)
            return fr_doc_block(d, (*at)++)->table;
    return NULL;
}

/* ---- facts: what each amount is --------------------------------------------
 * A view of the IR for writers of data formats (xbrl, fdp): every non-empty
 * amount cell of a data column, with what its row, column and table say it
 * measures. The rules (core/facts.c) read the printed labels; what they cannot
 * tell stays NONE and the cell's table, row and column still identify it. */

typedef enum { FR_DIR_NONE = 0, FR_DIR_REVENUE, FR_DIR_EXPENDITURE } fr_direction;
typedef enum { FR_PHASE_NONE = 0, FR_PHASE_PROPOSED, FR_PHASE_APPROVED, FR_PHASE_ADJUSTED, FR_PHASE_EXECUTED } fr_phase;
typedef enum {
    FR_FUND_NONE = 0,
    FR_FUND_GENERAL_PUBLIC_BUDGET, /* 一般公共预算 */
    FR_FUND_GOVERNMENT_FUND,       /* 政府性基金 */
    FR_FUND_STATE_CAPITAL,         /* 国有资本经营 */
    FR_FUND_SPECIAL_ACCOUNT,       /* 财政专户 */
    FR_FUND_OTHER,                 /* 其他资金 */
    FR_FUND_APPROPRIATION          /* 财政拨款, not said which budget */
} fr_fund_source;
typedef enum {
    FR_EXP_NONE = 0,
    FR_EXP_BASIC,             /* 基本支出 */
    FR_EXP_PERSONNEL,         /* 人员经费 (basic) */
    FR_EXP_PUBLIC_OPERATING,  /* 公用经费 (basic) */
    FR_EXP_PROJECT,           /* 项目支出 */
    FR_EXP_REMIT_UPWARD,      /* 上缴上级支出 */
    FR_EXP_BUSINESS,          /* (事业单位)经营支出 */
    FR_EXP_SUBSIDY_AFFILIATES /* 对附属单位补助支出 */
} fr_exp_type;
typedef enum { FR_PERIOD_YEAR = 0, FR_PERIOD_START, FR_PERIOD_END } fr_period; /* the year, or a balance at its start / end */

typedef struct fr_fact {
    const fr_table *table;
    size_t table_index;       /* 0-based, among the document's tables in order */
    const fr_row *row;
    size_t row_index;         /* 0-based in table->rows */
    int column;               /* index in table->columns */
    fr_decimal amount;        /* as printed */
    const char *unit;         /* the table's unit, else the document's; NULL unknown */
    int unit_exponent;        /* yuan = amount × 10^unit_exponent; -1 when the unit is unknown */
    const char *concept;      /* a concept of formats/xbrl/fr.xsd: "Income", "Expenditure", "CarryOverBalance" … */
    fr_period period;
    fr_direction direction;
    fr_phase phase;
    fr_fund_source fund;
    fr_exp_type exp_type;
    const char *function_code; /* the row's code, or the 类 its name names; NULL */
    const char *economic_code;
    const fr_cell *cell;      /* the cell the amount is printed in (its OCR confidence) */
} fr_fact;

/* Calls fn for each fact in document order; a non-zero return stops and is returned. */
int fr_doc_each_fact(const fr_doc *doc, int (*fn)(const fr_fact *f, void *data), void *data);
/* Row names without a printed enumeration ("一、", "（二）", "3."); a pointer into name. */
const char *fr_name_unnumbered(const char *name);
const char *fr_direction_name(fr_direction d);    /* "revenue", "expenditure", "" */
const char *fr_phase_name(fr_phase p);            /* "proposed", "approved", "adjusted", "executed", "" */
const char *fr_fund_source_name(fr_fund_source f); /* "general_public_budget" … "", see core/facts.c */
const char *fr_exp_type_name(fr_exp_type e);      /* "basic" … "" */

/* ---- findings: the report's own arithmetic and consistency -------------------
 * fr_pass_check() audits a document with the rules of core/check_*.c (listed
 * by fr_check_rule_*) and appends what it finds to doc->findings, in rule order
 * and then document order. Deterministic: the same IR gives the same findings.
 *
 * Tolerance (amounts): a figure equal to what it should be, within the printed
 * precision, passes; a difference of at most 0.02 of the table's unit (the
 * reports' own 尾数误差) is a warning; more is an error. Percentages: within
 * half a unit of the last printed digit passes, within 0.02 percentage points
 * is a warning, more is an error. */

typedef struct fr_finding {
    const char *rule;        /* "sum.children", "prose.percent" … */
    fr_severity severity;
    const char *message_zh;  /* one line, with the figures */
    const char *message_en;
    /* provenance: a table cell … */
    const char *table;       /* the table's printed id, else its title; NULL for prose */
    int table_index;         /* 0-based among the tables; -1 for prose */
    const char *row;         /* the row's code, else its name; NULL */
    const char *column;      /* the column's path; NULL */
    /* … or a sentence of the narrative */
    int block;               /* index in doc->blocks of the paragraph (or table); -1 */
    const char *quote;       /* the sentence; NULL for tables */
    fr_prov where;
    /* the figures as decimal text: what is printed and what the rule computes */
    const char *stated;
    const char *expected;
    const char *unit;        /* "万元", "元", "%" or NULL */
} fr_finding;

/* What the audit could not check: a kind of item (tables, sentences), how
 * many, why, and which (table names, or the pages of the sentences). */
typedef struct fr_unchecked {
    const char *what;        /* "columns": tables skipped by the column rules; "sums":
                              * tables with figures no rule could add up; "prose":
                              * sentences whose figures are tied to no table */
    int count;
    const char *message_zh;  /* one line: "5 张表未按列核对：表头未能可靠重建" */
    const char *message_en;
    const char *items;       /* "表2, 表6 …" or NULL */
    int first_page, last_page; /* 0 when not known */
} fr_unchecked;

void fr_pass_check(fr_doc *doc);
/* The rules, in the order they run: id, and one line each in Chinese and English. */
size_t fr_check_rule_count(void);
const char *fr_check_rule_id(size_t i);
const char *fr_check_rule_text(size_t i, bool chinese);
/* Counts of doc->findings by severity (any pointer may be NULL). */
void fr_doc_count_findings(const fr_doc *doc, size_t *errors, size_t *warnings, size_t *infos);

/* ---- plugins ------------------------------------------------------------------
 * One descriptor for readers and writers. A third-party .so exports
 *     const fr_format *const *fiscus_plugin_formats(void);
 * returning a NULL-terminated array. A descriptor whose abi_version differs
 * from FR_ABI_VERSION, or whose struct_size is smaller than this struct, is
 * refused with a reason. */

#define FR_ABI_VERSION 2u /* 2: fr_prov and fr_cell say what OCR recognised */

typedef enum { FR_READER = 1, FR_WRITER = 2 } fr_format_kind;

typedef struct fr_input {
    const char *name;              /* file name as given ("-" for stdin) */
    const unsigned char *data;     /* the whole input, NUL-terminated past len */
    size_t len;
} fr_input;

/* Where a writer of several files puts them: see fr_format.write_files. */
typedef struct fr_sink fr_sink;

typedef struct fr_format {
    uint32_t abi_version;          /* FR_ABI_VERSION */
    uint32_t struct_size;          /* sizeof(fr_format) */
    const char *name;              /* "txt", "json" … */
    fr_format_kind kind;
    const char *description;       /* one line */
    const char *const *extensions; /* NULL-terminated, without dots */
    const char *mime;
    /* Readers: how sure (0..100) the first bytes are of this format. */
    int (*probe)(const unsigned char *head, size_t len);
    /* Readers: fill doc from in. Return FR_OK or an FR_ERR_* with err set. */
    int (*read)(const fr_input *in, fr_doc *doc, fr_error *err);
    /* Writers: write doc to out. */
    int (*write)(const fr_doc *doc, FILE *out, fr_error *err);
    /* Writers of a directory of files (a data package) set this instead of
     * write, and open each file with fr_sink_open. Added in 0.2: a descriptor
     * whose struct_size ends before it has none (see FR_FORMAT_V1_SIZE). */
    int (*write_files)(const fr_doc *doc, fr_sink *sink, fr_error *err);
    /* FR_FORMAT_* bits. Added in 0.3: a descriptor whose struct_size ends
     * before it has none (see fr_format_flags). */
    uint32_t flags;
} fr_format;

/* A writer that never reads doc->findings: when every writer of a conversion
 * says so, the audit is not run for it (fiscus check, --summary and -v still
 * run it). A writer without the bit gets the findings. */
#define FR_FORMAT_NO_FINDINGS 1u

/* The size of a descriptor built before write_files existed; still accepted. */
#define FR_FORMAT_V1_SIZE offsetof(fr_format, write_files)
/* The size of a descriptor built before flags existed; still accepted. */
#define FR_FORMAT_V2_SIZE offsetof(fr_format, flags)
/* The format's flags (0 for a descriptor too old to have them). */
static inline uint32_t fr_format_flags(const fr_format *f) { return f->struct_size > FR_FORMAT_V2_SIZE ? f->flags : 0; }
/* The format's write_files, or NULL (also for a descriptor too old to have it). */
static inline int (*fr_format_write_files(const fr_format *f))(const fr_doc *, fr_sink *, fr_error *)
{
    return f->struct_size > FR_FORMAT_V1_SIZE ? f->write_files : NULL;
}
/* Opens the file member (a plain name: no '/', not "." or "..", at most 200
 * bytes) of the output directory for writing. The stream belongs to the sink:
 * do not close it. The files appear only when the whole write succeeds.
 * NULL with err set on failure. */
FILE *fr_sink_open(fr_sink *sink, const char *member, fr_error *err);

/* The registry: built-ins first, then what fr_registry_load_dir() added. */
size_t fr_registry_count(void);
const fr_format *fr_registry_get(size_t i);
const fr_format *fr_registry_find(const char *name, fr_format_kind kind);
/* Checks a descriptor; FR_OK or FR_ERR_ABI with the reason in err. */
int fr_format_check(const fr_format *f, fr_error *err);
/* Loads every *.so in dir. Each refused file or descriptor is reported
 * through warn (may be NULL) and skipped. Returns the number of formats added. */
int fr_registry_load_dir(const char *dir, void (*warn)(const char *msg));
/* Loads one .so. */
int fr_registry_load_file(const char *path, fr_error *err);

/* Detection: content first (highest probe score), then the extension. */
const fr_format *fr_detect_reader(const char *name, const unsigned char *head, size_t len, int *score);
const fr_format *fr_writer_for_path(const char *path);

/* ---- passes and the pipeline -------------------------------------------------- */

/* Passes run after every reader, in this order (fr_run_passes does all, the
 * audit left out with FR_CONVERT_NO_AUDIT): tables typeset as running text
 * rebuilt (core/inline.c), codes and levels, meta inference, codes against the
 * code lists, OCR's one-digit misreads by the sums, the audit (fr_pass_check). */
void fr_pass_inline_tables(fr_doc *doc);
void fr_pass_rows(fr_doc *doc);
void fr_pass_meta(fr_doc *doc);
/* Warns (code.unknown, once per code) about row codes not in the lists. */
void fr_pass_code_lists(fr_doc *doc);
/* Figures OCR misread by one digit, put right where a coded table's own sums
 * show the one digit that makes them add up (core/ocr_sums.c; ocr.mended). */
void fr_pass_ocr_sums(fr_doc *doc);
/* Conversion flags: FR_CONVERT_NO_AUDIT leaves the audit out (no findings,
 * no check.* notes) for outputs that do not carry it. */
#define FR_CONVERT_NO_AUDIT 1u
void fr_run_passes(fr_doc *doc, unsigned flags);

#define FR_MAX_INPUT_BYTES (512u * 1024u * 1024u)

/* Reads a whole file (or stdin for "-") with the size bound. g_free *data. */
int fr_read_file(const char *path, unsigned char **data, size_t *len, fr_error *err);
/* Reader → passes (flags: FR_CONVERT_*, 0 for all of them). *out_doc owned by
 * the caller (fr_doc_free). */
int fr_convert(const fr_format *reader, const fr_input *in, unsigned flags, fr_doc **out_doc, fr_error *err);
/* fr_read_file → detection (unless reader is given) → fr_convert. err's
 * message names the file. *used and *score (optional) say which reader ran
 * and its probe score. */
int fr_convert_file(const char *path, const fr_format *reader, unsigned flags, fr_doc **out_doc,
                    const fr_format **used, int *score, fr_error *err);
/* Writes doc with writer to path atomically (temp file + rename); "-" is stdout.
 * A writer of several files (write_files) writes into the directory path,
 * created if missing: every file is written to a temporary name first and
 * renamed into place only when all were written; "-" is refused. */
int fr_write_to_path(const fr_format *writer, const fr_doc *doc, const char *path, fr_error *err);
/* A file written whole or not at all: fr_atomic_open creates a temporary file
 * beside path (write to af->f); fr_atomic_close flushes and closes it and, when
 * keep is true and all was written, gives it the usual mode and renames it to
 * path — else removes it. fr_atomic_finish (flush, close) and fr_atomic_commit
 * (rename or remove) are its two halves, for several files renamed together.
 * Errors name path. */
typedef struct fr_atomic_file {
    FILE *f;
    char *tmp, *path;
} fr_atomic_file;
int fr_atomic_open(fr_atomic_file *af, const char *path, fr_error *err);
int fr_atomic_close(fr_atomic_file *af, bool keep, fr_error *err);
int fr_atomic_finish(fr_atomic_file *af, fr_error *err);
int fr_atomic_commit(fr_atomic_file *af, bool keep, fr_error *err);
/* Call once from the main thread before converting in several threads: it
 * initialises what the libraries under the readers and writers need set up
 * before they are used concurrently (libxml2's parser; the mode of new files,
 * which reading the umask would race). Converting in one thread needs no call. */
void fr_init_threads(void);
/* How many extra threads one conversion may start (the PDF reader fetches pages
 * ahead on them, the audit runs its narrative rule beside the others); 0, the
 * default, keeps a conversion on its own thread. Whoever knows the processors are
 * idle sets it: the batch does when it runs fewer conversions at once than there
 * are processors. Outputs are the same whatever the number. */
void fr_set_spare_threads(int n);
int fr_spare_threads(void);

/* Pages without a text layer (a scanned report): FR_OCR_AUTO recognises them
 * with OCR where the OCR module is installed, FR_OCR_NEVER leaves them out with
 * a warning, FR_OCR_ALWAYS recognises every page, its text layer ignored. dpi:
 * how finely a page is drawn for recognition (0: 300). Set before converting. */
typedef enum { FR_OCR_AUTO = 0, FR_OCR_NEVER, FR_OCR_ALWAYS } fr_ocr_mode;
void fr_set_ocr(fr_ocr_mode mode, int dpi);
fr_ocr_mode fr_get_ocr(int *dpi);
/* Pages recognised so far by OCR in this process: what a progress line shows
 * while a scanned report converts (a page takes seconds). */
void fr_ocr_pages_add(int n);
int fr_ocr_pages_done(void);

#ifdef __cplusplus
}
#endif
#endif
