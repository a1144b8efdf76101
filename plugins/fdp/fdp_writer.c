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

#include <string.h>

static const char *const FDP_EXT[] = {"fdp", NULL};

extern const char fr_fdp_fields_text[];

#define FDP_CSV "amounts.csv"

typedef struct field {
    char *name, *type, *column_type, *description;
} field;

/* The field list, parsed from the compiled-in TSV on each write (a few dozen lines). */
static GPtrArray *fields_parse(void)
{
    GPtrArray *v = g_ptr_array_new();
    char **lines = g_strsplit(fr_fdp_fields_text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
        char **f = g_strsplit(lines[i], "\t", 4);
        if (g_strv_length(f) == 4) {
            field *x = g_new(field, 1);
            x->name = g_strdup(f[0]);
            x->type = g_strdup(f[1]);
            x->column_type = g_strdup(f[2]);
            x->description = g_strdup(f[3]);
            g_ptr_array_add(v, x);
        }
        g_strfreev(f);
    }
    g_strfreev(lines);
    return v;
}

static void fields_free(GPtrArray *v)
{
    for (guint i = 0; i < v->len; i++) {
        field *x = v->pdata[i];
        g_free(x->name);
        g_free(x->type);
        g_free(x->column_type);
        g_free(x->description);
        g_free(x);
    }
    g_ptr_array_free(v, TRUE);
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
    GPtrArray *fields;
    GHashTable *printed;
    GString *line;
    FILE *out;
    size_t rows;
    int failed;
} csv_ctx;

/* The value of one field for a fact, into buf or as a static/document string. */
static const char *fact_value(csv_ctx *x, const fr_fact *f, const char *name, char *buf, size_t size)
{
    const fr_doc *d = x->doc;
    int year = d->meta.fiscal_year;
    if (strcmp(name, "fiscal_year") == 0)
        return year ? (g_snprintf(buf, size, "%d", year), buf) : NULL;
    if (strcmp(name, "department") == 0)
        return d->meta.department;
    if (strcmp(name, "report_kind") == 0)
        return d->meta.kind == FR_KIND_UNKNOWN ? NULL : fr_kind_name(d->meta.kind);
    if (strcmp(name, "table_index") == 0)
        return g_snprintf(buf, size, "%zu", f->table_index + 1), buf;
    if (strcmp(name, "table_id") == 0)
        return f->table->id;
    if (strcmp(name, "table_title") == 0)
        return f->table->title;
    if (strcmp(name, "row_index") == 0)
        return g_snprintf(buf, size, "%zu", f->row_index + 1), buf;
    if (strcmp(name, "row_name") == 0)
        return f->row->name;
    if (strcmp(name, "column") == 0)
        return f->table->columns[f->column].path;
    if (strcmp(name, "column_index") == 0)
        return g_snprintf(buf, size, "%d", f->column + 1), buf;
    bool fun = g_str_has_prefix(name, "function_"), eco = g_str_has_prefix(name, "economic_");
    if (fun || eco) {
        const char *code = fun ? f->function_code : f->economic_code;
        fr_classification c = fun ? FR_CLASS_FUNCTION : FR_CLASS_ECONOMIC;
        const char *rest = name + strlen("function_");
        if (!code)
            return NULL;
        if (strcmp(rest, "code") == 0)
            return code;
        int level = rest[1] - '0'; /* "l2_code" */
        size_t len = level == 1 ? 3 : level == 2 ? 5 : 7;
        if (rest[0] != 'l' || level < 1 || level > 3 || strlen(code) < len)
            return NULL;
        g_strlcpy(buf, code, MIN(size, len + 1));
        if (g_str_has_suffix(rest, "_code"))
            return buf;
        return code_name(x->printed, c, buf, year);
    }
    if (strcmp(name, "fund_source") == 0)
        return *fr_fund_source_name(f->fund) ? fr_fund_source_name(f->fund) : NULL;
    if (strcmp(name, "expenditure_type") == 0)
        return *fr_exp_type_name(f->exp_type) ? fr_exp_type_name(f->exp_type) : NULL;
    if (strcmp(name, "direction") == 0)
        return *fr_direction_name(f->direction) ? fr_direction_name(f->direction) : NULL;
    if (strcmp(name, "phase") == 0)
        return *fr_phase_name(f->phase) ? fr_phase_name(f->phase) : NULL;
    if (strcmp(name, "concept") == 0)
        return f->concept;
    if (strcmp(name, "period") == 0)
        return f->period == FR_PERIOD_START ? "start" : f->period == FR_PERIOD_END ? "end" : "year";
    if (strcmp(name, "amount") == 0)
        return fr_decimal_format(f->amount, buf, size);
    if (strcmp(name, "unit") == 0)
        return f->unit;
    if (strcmp(name, "amount_yuan") == 0)
        return f->unit_exponent < 0 ? NULL : fr_decimal_format_shifted(f->amount, f->unit_exponent, buf, size, NULL);
    if (strcmp(name, "page") == 0)
        return f->table->where.page > 0 ? (g_snprintf(buf, size, "%d", f->table->where.page), buf) : NULL;
    return NULL;
}

/* Whether the writer knows the field (a test runs this over formats/fdp-fields.tsv). */
static bool field_known(const char *name)
{
    static const char *const KNOWN[] = {
        "fiscal_year", "department", "report_kind", "table_index", "table_id", "table_title", "row_index", "row_name",
        "column", "column_index", "function_code", "function_l1_code", "function_l1_name", "function_l2_code", "function_l2_name",
        "function_l3_code", "function_l3_name", "economic_code", "economic_l1_code", "economic_l1_name",
        "economic_l2_code", "economic_l2_name", "fund_source", "expenditure_type", "direction", "phase", "concept",
        "period", "amount", "unit", "amount_yuan", "page"};
    for (size_t i = 0; i < G_N_ELEMENTS(KNOWN); i++)
        if (strcmp(KNOWN[i], name) == 0)
            return true;
    return false;
}

static int csv_row(const fr_fact *f, void *data)
{
    csv_ctx *x = data;
    g_string_truncate(x->line, 0);
    for (guint i = 0; i < x->fields->len; i++) {
        char buf[64];
        if (i)
            g_string_append_c(x->line, ',');
        csv_field(x->line, fact_value(x, f, ((field *)x->fields->pdata[i])->name, buf, sizeof buf));
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

typedef struct unit_scan {
    int exponent; /* the one exponent of all facts; -2 none seen; -3 several */
} unit_scan;

static int scan_unit(const fr_fact *f, void *data)
{
    unit_scan *u = data;
    if (u->exponent == -2)
        u->exponent = f->unit_exponent;
    else if (u->exponent != f->unit_exponent)
        u->exponent = -3;
    return 0;
}

static void descriptor(GString *o, const fr_doc *d, GPtrArray *fields, size_t rows, int exponent)
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
        const field *f = fields->pdata[i];
        const char *ct = f->column_type;
        if (strcmp(f->name, "amount") == 0 && !by_amount)
            ct = "unknown:number";
        if (strcmp(f->name, "amount_yuan") == 0 && !by_amount)
            ct = "value";
        g_string_append(o, i ? ",\n  {" : "\n  {");
        jkey(o, "name");
        jstr(o, f->name);
        g_string_append(o, ",\"type\":");
        jstr(o, f->type);
        if (strcmp(f->type, "number") == 0)
            g_string_append(o, ",\"decimalChar\":\".\"");
        g_string_append(o, ",\"columnType\":");
        jstr(o, ct);
        g_string_append(o, ",\"description\":");
        jstr(o, f->description);
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
    GPtrArray *fields = fields_parse();
    for (guint i = 0; i < fields->len; i++)
        if (!field_known(((field *)fields->pdata[i])->name)) {
            int rc = fr_error_set(err, FR_ERR_USAGE, "formats/fdp-fields.tsv names field '%s', which the fdp writer does not know",
                                  ((field *)fields->pdata[i])->name);
            fields_free(fields);
            return rc;
        }
    FILE *csv = fr_sink_open(sink, FDP_CSV, err);
    FILE *json = csv ? fr_sink_open(sink, "datapackage.json", err) : NULL;
    if (!json) {
        fields_free(fields);
        return err ? err->code : FR_ERR_IO;
    }
    csv_ctx x = {d, fields, printed_names(d), g_string_new(NULL), csv, 0, 0};
    for (guint i = 0; i < fields->len; i++) {
        if (i)
            g_string_append_c(x.line, ',');
        g_string_append(x.line, ((field *)fields->pdata[i])->name);
    }
    g_string_append(x.line, "\r\n");
    fwrite(x.line->str, 1, x.line->len, csv);
    fr_doc_each_fact(d, csv_row, &x);
    unit_scan u = {-2};
    fr_doc_each_fact(d, scan_unit, &u);
    GString *o = g_string_new(NULL);
    descriptor(o, d, fields, x.rows, u.exponent);
    bool ok = !x.failed && fwrite(o->str, 1, o->len, json) == o->len;
    g_string_free(o, TRUE);
    g_string_free(x.line, TRUE);
    g_hash_table_destroy(x.printed);
    fields_free(fields);
    return ok ? FR_OK : fr_error_set(err, FR_ERR_IO, "short write");
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
};
