/* fdp_writer.c — a Fiscal Data Package for open-data portals (OpenSpending
 * style): a directory with datapackage.json and amounts.csv, one CSV row per
 * amount (every non-empty amount cell of every table), long format.
 *
 * The CSV's fields are data (formats/fdp-fields.tsv, compiled in): each has a
 * Table Schema type and an FDP v1 columnType. datapackage.json carries the
 * v0.3 model: one measure in CNY, with factor 10000 when every table is in
 * 万元 (the amount column as printed); when the tables' units differ the
 * measure is amount_yuan with factor 1. Dimensions: date, department,
 * function and economic classifications (code, name, parent), fund source,
 * expenditure type, direction, phase, and the table cell the amount is from. */
#include "../../core/fr_glib.h"

#include <errno.h>
#include <string.h>

static const char *const FDP_EXT[] = {"fdp", NULL};

extern const char fr_fdp_fields_text[];

#define FDP_CSV "amounts.csv"

/* The fields the writer can fill; formats/fdp-fields.tsv says which, in what order. */
typedef enum {
    F_FISCAL_YEAR, F_DEPARTMENT, F_REPORT_KIND, F_TABLE_INDEX, F_TABLE_ID, F_TABLE_TITLE, F_ROW_INDEX, F_ROW_NAME,
    F_COLUMN, F_COLUMN_INDEX, F_FUNCTION_CODE, F_FUNCTION_L1_CODE, F_FUNCTION_L1_NAME, F_FUNCTION_L2_CODE,
    F_FUNCTION_L2_NAME, F_FUNCTION_L3_CODE, F_FUNCTION_L3_NAME, F_ECONOMIC_CODE, F_ECONOMIC_L1_CODE, F_ECONOMIC_L1_NAME,
    F_ECONOMIC_L2_CODE, F_ECONOMIC_L2_NAME, F_CODE_INFERRED, F_FUND_SOURCE, F_EXPENDITURE_TYPE, F_DIRECTION, F_PHASE, F_CONCEPT, F_PERIOD,
    F_AMOUNT, F_UNIT, F_AMOUNT_YUAN, F_PAGE, F_OCR, F_COUNT
} field_id;

static const char *const FIELD_NAMES[F_COUNT] = {
    "fiscal_year", "department", "report_kind", "table_index", "table_id", "table_title", "row_index", "row_name",
    "column", "column_index", "function_code", "function_l1_code", "function_l1_name", "function_l2_code",
    "function_l2_name", "function_l3_code", "function_l3_name", "economic_code", "economic_l1_code", "economic_l1_name",
    "economic_l2_code", "economic_l2_name", "code_inferred", "fund_source", "expenditure_type", "direction", "phase", "concept", "period",
    "amount", "unit", "amount_yuan", "page", "ocr_confidence"};

/* One line of formats/fdp-fields.tsv: name, type, columnType, description. */
typedef struct field {
    field_id id;
    char **tsv;
} field;

/* The field list of the compiled-in TSV, each name resolved to what the
 * writer fills; NULL with err set when the TSV names a field it does not know. */
static GArray *fields_parse(GPtrArray *records, fr_error *err)
{
    GArray *v = g_array_new(FALSE, FALSE, sizeof(field));
    for (guint i = 0; i < records->len; i++) {
        char **tsv = records->pdata[i];
        field x = {F_COUNT, tsv};
        for (int k = 0; k < F_COUNT && x.id == F_COUNT; k++)
            if (strcmp(FIELD_NAMES[k], tsv[0]) == 0)
                x.id = (field_id)k;
        if (x.id == F_COUNT) {
            fr_error_set(err, FR_ERR_USAGE, "formats/fdp-fields.tsv names field '%s', which the fdp writer does not know",
                         tsv[0]);
            g_array_free(v, TRUE);
            return NULL;
        }
        g_array_append_val(v, x);
    }
    return v;
}

/* ---- names of codes ------------------------------------------------------- */

/* code → the name printed beside it anywhere in the report */
static GHashTable *printed_names(const fr_doc *d)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    const fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(d, &at));) {
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            if (row->code && row->name && !g_hash_table_contains(h, row->code))
                g_hash_table_insert(h, (gpointer)row->code, (gpointer)fr_name_unnumbered(row->name));
        }
    }
    return h;
}

/* The report's own name for a code, else the code list's for the year. */
static const char *code_name(GHashTable *printed, fr_classification c, const char *code, int year)
{
    const char *n = g_hash_table_lookup(printed, code);
    return n ? n : fr_code_list_name(c, code, year);
}

/* ---- the CSV ---------------------------------------------------------------- */

static void csv_field(GString *o, const char *s)
{
    if (!s)
        return;
    char *safe = fr_text_safe(s);
    /* one physical line per record: line breaks and tabs become spaces */
    for (char *p = safe; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    bool quote = strpbrk(safe, ",\"") != NULL || safe[0] == ' ' || (*safe && safe[strlen(safe) - 1] == ' ');
    if (!quote) {
        g_string_append(o, safe);
    } else {
        g_string_append_c(o, '"');
        for (const char *p = safe; *p; p++) {
            if (*p == '"')
                g_string_append_c(o, '"');
            g_string_append_c(o, *p);
        }
        g_string_append_c(o, '"');
    }
    g_free(safe);
}

typedef struct csv_ctx {
    const fr_doc *doc;
    GArray *fields; /* field */
    GHashTable *printed;
    GString *line;
    FILE *out;
    size_t rows;
    int exponent; /* the one unit exponent of all amounts; -2 none seen yet; -3 several */
    int failed;
} csv_ctx;

/* Level level (1 类, 2 款, 3 项) of code, into buf: its code, or with name its name. */
static const char *code_part(csv_ctx *x, fr_classification c, const char *code, int level, bool name, char *buf,
                             size_t size)
{
    size_t len = level == 1 ? 3 : level == 2 ? 5 : 7;
    if (!code || strlen(code) < len)
        return NULL;
    g_strlcpy(buf, code, MIN(size, len + 1));
    return name ? code_name(x->printed, c, buf, x->doc->meta.fiscal_year) : buf;
}

/* "" names nothing: the field stays empty */
static const char *or_empty(const char *s) { return s && *s ? s : NULL; }

/* The value of one field for a fact, into buf or as a static/document string. */
static const char *fact_value(csv_ctx *x, const fr_fact *f, field_id id, char *buf, size_t size)
{
    const fr_doc *d = x->doc;
    const char *fun = f->function_code, *eco = f->economic_code;
    switch (id) {
    case F_FISCAL_YEAR: return d->meta.fiscal_year ? (g_snprintf(buf, size, "%d", d->meta.fiscal_year), buf) : NULL;
    case F_DEPARTMENT: return d->meta.department;
    case F_REPORT_KIND: return d->meta.kind == FR_KIND_UNKNOWN ? NULL : fr_kind_name(d->meta.kind);
    case F_TABLE_INDEX: return g_snprintf(buf, size, "%zu", f->table_index + 1), buf;
    case F_TABLE_ID: return f->table->id;
    case F_TABLE_TITLE: return f->table->title;
    case F_ROW_INDEX: return g_snprintf(buf, size, "%zu", f->row_index + 1), buf;
    case F_ROW_NAME: return f->row->name;
    case F_COLUMN: return f->table->columns[f->column].path;
    case F_COLUMN_INDEX: return g_snprintf(buf, size, "%d", f->column + 1), buf;
    case F_FUNCTION_CODE: return fun;
    case F_FUNCTION_L1_CODE: return code_part(x, FR_CLASS_FUNCTION, fun, 1, false, buf, size);
    case F_FUNCTION_L1_NAME: return code_part(x, FR_CLASS_FUNCTION, fun, 1, true, buf, size);
    case F_FUNCTION_L2_CODE: return code_part(x, FR_CLASS_FUNCTION, fun, 2, false, buf, size);
    case F_FUNCTION_L2_NAME: return code_part(x, FR_CLASS_FUNCTION, fun, 2, true, buf, size);
    case F_FUNCTION_L3_CODE: return code_part(x, FR_CLASS_FUNCTION, fun, 3, false, buf, size);
    case F_FUNCTION_L3_NAME: return code_part(x, FR_CLASS_FUNCTION, fun, 3, true, buf, size);
    case F_ECONOMIC_CODE: return eco;
    case F_ECONOMIC_L1_CODE: return code_part(x, FR_CLASS_ECONOMIC, eco, 1, false, buf, size);
    case F_ECONOMIC_L1_NAME: return code_part(x, FR_CLASS_ECONOMIC, eco, 1, true, buf, size);
    case F_ECONOMIC_L2_CODE: return code_part(x, FR_CLASS_ECONOMIC, eco, 2, false, buf, size);
    case F_ECONOMIC_L2_NAME: return code_part(x, FR_CLASS_ECONOMIC, eco, 2, true, buf, size);
    case F_CODE_INFERRED: return f->row->code_inferred ? "true" : "false";
    case F_FUND_SOURCE: return or_empty(fr_fund_source_name(f->fund));
    case F_EXPENDITURE_TYPE: return or_empty(fr_exp_type_name(f->exp_type));
    case F_DIRECTION: return or_empty(fr_direction_name(f->direction));
    case F_PHASE: return or_empty(fr_phase_name(f->phase));
    case F_CONCEPT: return f->concept;
    case F_PERIOD: return f->period == FR_PERIOD_START ? "start" : f->period == FR_PERIOD_END ? "end" : "year";
    case F_AMOUNT: return fr_decimal_format(f->amount, buf, size);
    case F_UNIT: return f->unit;
    case F_AMOUNT_YUAN:
        return f->unit_exponent < 0 ? NULL : fr_decimal_format_shifted(f->amount, f->unit_exponent, buf, size, NULL);
    case F_PAGE: return f->table->where.page > 0 ? (g_snprintf(buf, size, "%d", f->table->where.page), buf) : NULL;
    case F_OCR: return f->cell && f->cell->ocr ? (g_snprintf(buf, size, "%d", f->cell->conf), buf) : NULL;
    case F_COUNT: break;
    }
    return NULL;
}

static int csv_row(const fr_fact *f, void *data)
{
    csv_ctx *x = data;
    x->exponent = x->exponent == -2 || x->exponent == f->unit_exponent ? f->unit_exponent : -3;
    g_string_truncate(x->line, 0);
    for (guint i = 0; i < x->fields->len; i++) {
        char buf[64];
        if (i)
            g_string_append_c(x->line, ',');
        csv_field(x->line, fact_value(x, f, g_array_index(x->fields, field, i).id, buf, sizeof buf));
    }
    g_string_append(x->line, "\r\n");
    if (fwrite(x->line->str, 1, x->line->len, x->out) != x->line->len)
        return x->failed = 1;
    x->rows++;
    return 0;
}

/* ---- datapackage.json ------------------------------------------------------- */

static void jstr(GString *o, const char *s) { fr_gstring_append_json(o, s); }

static void jkey(GString *o, const char *k)
{
    jstr(o, k);
    g_string_append_c(o, ':');
}

/* "attr": {"source": "attr"[, "labelfor"/"parent": other]} */
static void model_attr(GString *o, bool first, const char *name, const char *rel, const char *other)
{
    g_string_append(o, first ? "" : ",");
    jkey(o, name);
    g_string_append(o, "{\"source\":");
    jstr(o, name);
    if (rel) {
        g_string_append_c(o, ',');
        jkey(o, rel);
        jstr(o, other);
    }
    g_string_append_c(o, '}');
}

static void descriptor(GString *o, const fr_doc *d, GArray *fields, size_t rows, int exponent)
{
    bool by_amount = exponent >= 0; /* one known unit for all: the amount as printed is the measure */
    g_string_append(o, "{\n");
    jkey(o, "name");
    char *name = g_strdup_printf("fiscus-%.16s", d->meta.sha256);
    jstr(o, name);
    g_free(name);
    g_string_append(o, ",\n");
    jkey(o, "title");
    jstr(o, d->meta.title ? d->meta.title : d->meta.source);
    g_string_append(o, ",\n\"profile\":\"fiscal-data-package\",\n\"countryCode\":\"CN\",\n");
    if (d->meta.fiscal_year)
        g_string_append_printf(o, "\"fiscalPeriod\":{\"start\":\"%d-01-01\",\"end\":\"%d-12-31\"},\n", d->meta.fiscal_year,
                               d->meta.fiscal_year);
    jkey(o, "sources");
    g_string_append(o, "[{\"title\":");
    jstr(o, d->meta.source);
    g_string_append(o, ",\"sha256\":");
    jstr(o, d->meta.sha256);
    g_string_append(o, "}],\n\"resources\":[{\"name\":\"amounts\",\"path\":\"" FDP_CSV "\",\"format\":\"csv\","
                       "\"mediatype\":\"text/csv\",\"encoding\":\"utf-8\",\"profile\":\"tabular-data-resource\",");
    g_string_append_printf(o, "\"count_of_rows\":%zu,\n\"dialect\":{\"delimiter\":\",\",\"lineTerminator\":\"\\r\\n\","
                              "\"header\":true},\n\"schema\":{\"missingValues\":[\"\"],\"fields\":[",
                           rows);
    for (guint i = 0; i < fields->len; i++) {
        const field *f = &g_array_index(fields, field, i);
        const char *name = f->tsv[0], *type = f->tsv[1], *ct = f->tsv[2], *description = f->tsv[3];
        if (f->id == F_AMOUNT && !by_amount)
            ct = "unknown:number";
        if (f->id == F_AMOUNT_YUAN && !by_amount)
            ct = "value";
        g_string_append(o, i ? ",\n  {" : "\n  {");
        jkey(o, "name");
        jstr(o, name);
        g_string_append(o, ",\"type\":");
        jstr(o, type);
        if (strcmp(type, "number") == 0)
            g_string_append(o, ",\"decimalChar\":\".\"");
        g_string_append(o, ",\"columnType\":");
        jstr(o, ct);
        g_string_append(o, ",\"description\":");
        jstr(o, description);
        g_string_append_c(o, '}');
    }
    g_string_append(o, "]}}],\n\"model\":{\"measures\":{\"amount\":{\"source\":");
    jstr(o, by_amount ? "amount" : "amount_yuan");
    long factor = 1;
    for (int i = 0; by_amount && i < exponent; i++)
        factor *= 10;
    g_string_append_printf(o, ",\"currency\":\"CNY\",\"factor\":%ld}},\n\"dimensions\":{", factor);
    /* dimensions */
    g_string_append(o, "\n \"date\":{\"attributes\":{");
    model_attr(o, true, "fiscal_year", NULL, NULL);
    g_string_append(o, "},\"primaryKey\":\"fiscal_year\",\"dimensionType\":\"datetime\"},");
    g_string_append(o, "\n \"department\":{\"attributes\":{");
    model_attr(o, true, "department", NULL, NULL);
    g_string_append(o, "},\"primaryKey\":\"department\",\"dimensionType\":\"entity\"},");
    const char *cls[2] = {"function", "economic"};
    for (int c = 0; c < 2; c++) {
        g_string_append_printf(o, "\n \"%s-classification\":{\"attributes\":{", cls[c]);
        int levels = c == 0 ? 3 : 2;
        GString *keys = g_string_new(NULL);
        for (int l = 1; l <= levels; l++) {
            char code[32], label[32], parent[32];
            g_snprintf(code, sizeof code, "%s_l%d_code", cls[c], l);
            g_snprintf(label, sizeof label, "%s_l%d_name", cls[c], l);
            g_snprintf(parent, sizeof parent, "%s_l%d_code", cls[c], l - 1);
            model_attr(o, l == 1, code, l > 1 ? "parent" : NULL, parent);
            model_attr(o, false, label, "labelfor", code);
            g_string_append_printf(keys, "%s\"%s\"", l > 1 ? "," : "", code);
        }
        g_string_append_printf(o, "},\"primaryKey\":[%s],\"dimensionType\":\"classification\",\"classificationType\":\"%s\"},",
                               keys->str, c == 0 ? "functional" : "economic");
        g_string_free(keys, TRUE);
    }
    static const char *const SIMPLE[] = {"fund_source", "expenditure_type", "direction", "phase", "concept", "period"};
    for (size_t i = 0; i < G_N_ELEMENTS(SIMPLE); i++) {
        g_string_append(o, "\n ");
        jkey(o, SIMPLE[i]);
        g_string_append(o, "{\"attributes\":{");
        model_attr(o, true, SIMPLE[i], NULL, NULL);
        g_string_append(o, "},\"primaryKey\":");
        jstr(o, SIMPLE[i]);
        g_string_append(o, "},");
    }
    g_string_append(o, "\n \"cell\":{\"attributes\":{");
    model_attr(o, true, "table_index", NULL, NULL);
    model_attr(o, false, "table_id", NULL, NULL);
    model_attr(o, false, "table_title", NULL, NULL);
    model_attr(o, false, "row_index", NULL, NULL);
    model_attr(o, false, "row_name", NULL, NULL);
    model_attr(o, false, "column", NULL, NULL);
    model_attr(o, false, "column_index", NULL, NULL);
    g_string_append(o, "},\"primaryKey\":[\"table_index\",\"row_index\",\"column_index\"]}\n}}}\n");
}

static int fdp_write_files(const fr_doc *d, fr_sink *sink, fr_error *err)
{
    GPtrArray *records = fr_tsv_records(fr_fdp_fields_text, 4, 4);
    GArray *fields = fields_parse(records, err);
    FILE *csv = fields ? fr_sink_open(sink, FDP_CSV, err) : NULL;
    FILE *json = csv ? fr_sink_open(sink, "datapackage.json", err) : NULL;
    if (!json) {
        if (fields)
            g_array_free(fields, TRUE);
        g_ptr_array_unref(records);
        return err ? err->code : FR_ERR_IO;
    }
    csv_ctx x = {d, fields, printed_names(d), g_string_new(NULL), csv, 0, -2, 0};
    for (guint i = 0; i < fields->len; i++) {
        if (i)
            g_string_append_c(x.line, ',');
        g_string_append(x.line, FIELD_NAMES[g_array_index(fields, field, i).id]);
    }
    g_string_append(x.line, "\r\n");
    fwrite(x.line->str, 1, x.line->len, csv);
    fr_doc_each_fact(d, csv_row, &x);
    GString *o = g_string_new(NULL);
    descriptor(o, d, fields, x.rows, x.exponent);
    bool ok = !x.failed && fwrite(o->str, 1, o->len, json) == o->len;
    g_string_free(o, TRUE);
    g_string_free(x.line, TRUE);
    g_hash_table_destroy(x.printed);
    g_array_free(fields, TRUE);
    g_ptr_array_unref(records);
    return ok ? FR_OK : fr_error_set(err, FR_ERR_IO, "write failed: %s", g_strerror(errno));
}

const fr_format fr_fdp_writer = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "fdp",
    .kind = FR_WRITER,
    .description = "Fiscal Data Package: datapackage.json + amounts.csv, one row per amount (a directory)",
    .extensions = FDP_EXT,
    .mime = "application/vnd.datapackage+json",
    .write_files = fdp_write_files,
    .flags = FR_FORMAT_NO_FINDINGS, /* the audit is not part of this output */
};
