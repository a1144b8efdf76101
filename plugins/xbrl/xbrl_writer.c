/* xbrl_writer.c — every amount of the report's tables as an XBRL 2.1-shaped
 * instance against fiscus's taxonomy (formats/xbrl/fr.xsd).
 *
 * One fact per non-empty amount cell (core/facts.c says what it measures).
 * Its context: the department as entity; the fiscal year as a duration, or
 * an instant for a balance (年初 at the end of the year before, as XBRL dates
 * instants at the end of the day; 年末 at the year's last day); and a
 * scenario of dimension members: function (F2010301) and economic (E30101)
 * classes, phase, fund source, expenditure type, and the table. Where two
 * amounts of a table would still share concept and context, the column's
 * header path and then the row are added as typed members, so no two facts
 * collide. Values are in yuan, converted exactly from the printed unit, with
 * decimals stating the printed precision (123.45 万元 → 1234500, decimals
 * -2). Fact ids are f<table>-<row>-<column> (from 1). Table notes (注：)
 * become link:footnotes of the table's facts. */
#include "../xml/xml_out.h"

#include <string.h>

#define FR_XBRL_NS "https://fiscus.example/ns/xbrl/1"
#define FR_XBRL_SCHEMA FR_XBRL_NS "/fr.xsd"
#define FR_ENTITY_SCHEME "https://fiscus.example/ns/entity"

static const char *const XBRL_EXT[] = {"xbrl", NULL};

static const char *phase_member(fr_phase p)
{
    static const char *const N[] = {NULL, "PhaseProposed", "PhaseApproved", "PhaseAdjusted", "PhaseExecuted"};
    return (unsigned)p < G_N_ELEMENTS(N) ? N[p] : NULL;
}

static const char *fund_member(fr_fund_source f)
{
    static const char *const N[] = {NULL,       "FundGeneralPublicBudget", "FundGovernmentFund", "FundStateCapital",
                                    "FundFiscalSpecialAccount", "FundOther", "FundAppropriation"};
    return (unsigned)f < G_N_ELEMENTS(N) ? N[f] : NULL;
}

static const char *exp_member(fr_exp_type e)
{
    static const char *const N[] = {NULL,      "ExpBasic", "ExpPersonnel", "ExpPublicOperating", "ExpProject",
                                    "ExpRemittanceToHigherLevel", "ExpBusiness", "ExpSubsidyToAffiliates"};
    return (unsigned)e < G_N_ELEMENTS(N) ? N[e] : NULL;
}

/* One fact, ready to write. */
typedef struct xfact {
    const char *concept;
    char *id;
    char *value;
    int decimals;
    int context; /* index into contexts */
    size_t table_index;
} xfact;

/* One context: its period and its members as they will be written. */
typedef struct xcontext {
    fr_period period;
    char *explicit_members; /* "Axis=Member\n"…, for the key and the writing */
    char *table_ref, *column_ref, *row_ref;
} xcontext;

typedef struct builder {
    const fr_doc *doc;
    GPtrArray *facts;     /* xfact * */
    GPtrArray *contexts;  /* xcontext * */
    GHashTable *ctx_ids;  /* context key → index + 1 */
    GHashTable *used;     /* concept + context index → 1 */
    GArray *no_unit;      /* int per table index: amounts left out for want of a unit */
} builder;

static char *context_key(const xcontext *c)
{
    return g_strdup_printf("%d|%s|%s|%s|%s", c->period, c->explicit_members, c->table_ref ? c->table_ref : "",
                           c->column_ref ? c->column_ref : "", c->row_ref ? c->row_ref : "");
}

static int context_index(builder *b, xcontext *c)
{
    char *key = context_key(c);
    gpointer v = g_hash_table_lookup(b->ctx_ids, key);
    if (v) {
        g_free(key);
        return GPOINTER_TO_INT(v) - 1;
    }
    xcontext *copy = g_new(xcontext, 1);
    copy->period = c->period;
    copy->explicit_members = g_strdup(c->explicit_members);
    copy->table_ref = g_strdup(c->table_ref);
    copy->column_ref = g_strdup(c->column_ref);
    copy->row_ref = g_strdup(c->row_ref);
    g_ptr_array_add(b->contexts, copy);
    g_hash_table_insert(b->ctx_ids, key, GINT_TO_POINTER((int)b->contexts->len));
    return (int)b->contexts->len - 1;
}

/* Whether concept already has a fact in context ctx; marks it used if not. */
static bool collides(builder *b, const char *concept, int ctx)
{
    char *key = g_strdup_printf("%s#%d", concept, ctx);
    if (g_hash_table_contains(b->used, key)) {
        g_free(key);
        return true;
    }
    g_hash_table_add(b->used, key);
    return false;
}

static char *table_ref(const fr_fact *f)
{
    const fr_table *t = f->table;
    const char *label = t->id ? t->id : t->title;
    return label ? g_strdup_printf("T%zu %s", f->table_index + 1, label) : g_strdup_printf("T%zu", f->table_index + 1);
}

static int add_fact(const fr_fact *f, void *data)
{
    builder *b = data;
    if (f->unit_exponent < 0) {
        if (b->no_unit->len <= f->table_index)
            g_array_set_size(b->no_unit, (guint)f->table_index + 1);
        g_array_index(b->no_unit, int, f->table_index)++;
        return 0;
    }
    GString *m = g_string_new(NULL);
    if (f->function_code)
        g_string_append_printf(m, "FunctionAxis=F%s\n", f->function_code);
    if (f->economic_code)
        g_string_append_printf(m, "EconomicAxis=E%s\n", f->economic_code);
    if (phase_member(f->phase))
        g_string_append_printf(m, "PhaseAxis=%s\n", phase_member(f->phase));
    if (fund_member(f->fund))
        g_string_append_printf(m, "FundSourceAxis=%s\n", fund_member(f->fund));
    if (exp_member(f->exp_type))
        g_string_append_printf(m, "ExpenditureTypeAxis=%s\n", exp_member(f->exp_type));
    /* a code not printed but inferred says so in the row's member, always */
    char *mark = f->row->code_inferred ? g_strdup_printf("%s %s (code inferred)", f->row->code,
                                                         f->row->name ? f->row->name : "")
                                       : NULL;
    xcontext c = {f->period, m->str, table_ref(f), NULL, g_strdup(mark)};
    int ctx = context_index(b, &c);
    /* while the concept has a fact in the context already, tell this one apart:
     * 1 by its column (and panel, where panels repeat columns), 2 by its row,
     * 3 by the row's position (rows can repeat a name), 4 by the column's
     * position (two columns of one heading path) */
    for (int step = 1; collides(b, f->concept, ctx) && step <= 4; step++) {
        const fr_table *t = f->table;
        const fr_column *col = &t->columns[f->column];
        const char *name = f->row->name ? f->row->name : "";
        if (step == 1)
            c.column_ref = t->layout == FR_TABLE_GROUPED ? g_strdup_printf("%s (panel %d)", col->path, col->panel + 1)
                                                         : g_strdup(col->path);
        if (step == 4) { /* two columns of one heading path: their positions */
            char *ref = g_strdup_printf("%s (column %d)", c.column_ref, f->column + 1);
            g_free(c.column_ref);
            c.column_ref = ref;
        } else {
            g_free(c.row_ref);
            c.row_ref = step == 1   ? g_strdup(mark)
                        : step == 2 ? (mark ? g_strdup(mark)
                                       : f->row->code ? g_strdup_printf("%s %s", f->row->code, name)
                                                      : g_strdup(name))
                                    : g_strdup_printf("row %zu%s", f->row_index + 1, mark ? " (code inferred)" : "");
        }
        ctx = context_index(b, &c);
    }
    g_free(mark);
    xfact *x = g_new(xfact, 1);
    char buf[48];
    x->concept = f->concept;
    x->id = g_strdup_printf("f%zu-%zu-%d", f->table_index + 1, f->row_index + 1, f->column + 1);
    x->value = g_strdup(fr_decimal_format_shifted(f->amount, f->unit_exponent, buf, sizeof buf, &x->decimals));
    x->context = ctx;
    x->table_index = f->table_index;
    g_ptr_array_add(b->facts, x);
    g_free(c.table_ref);
    g_free(c.column_ref);
    g_free(c.row_ref);
    g_string_free(m, TRUE);
    return 0;
}

static void write_period(xml_out *o, const fr_doc *d, fr_period p)
{
    int y = d->meta.fiscal_year;
    xml_start(o, "xbrli:period");
    if (!y) {
        xml_start(o, "xbrli:forever");
        xml_end(o);
    } else if (p == FR_PERIOD_YEAR) {
        char s[16], e[16];
        g_snprintf(s, sizeof s, "%04d-01-01", y);
        g_snprintf(e, sizeof e, "%04d-12-31", y);
        xml_element(o, "xbrli:startDate", s);
        xml_element(o, "xbrli:endDate", e);
    } else {
        char at[16];
        g_snprintf(at, sizeof at, "%04d-12-31", p == FR_PERIOD_START ? y - 1 : y);
        xml_element(o, "xbrli:instant", at);
    }
    xml_end(o);
}

static void typed_member(xml_out *o, const char *axis, const char *domain, const char *value)
{
    if (!value)
        return;
    xml_start(o, "xbrldi:typedMember");
    xml_attr(o, "dimension", axis);
    xml_element(o, domain, value);
    xml_end(o);
}

static void write_context(xml_out *o, const fr_doc *d, const xcontext *c, int index)
{
    char id[32];
    g_snprintf(id, sizeof id, "c%d", index + 1);
    xml_start(o, "xbrli:context");
    xml_attr(o, "id", id);
    xml_start(o, "xbrli:entity");
    xml_start(o, "xbrli:identifier");
    xml_attr(o, "scheme", FR_ENTITY_SCHEME);
    xml_text(o, d->meta.department ? d->meta.department : "unknown");
    xml_end(o);
    xml_end(o);
    write_period(o, d, c->period);
    xml_start(o, "xbrli:scenario");
    char **lines = g_strsplit(c->explicit_members, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *dim = g_strconcat("fr:", lines[i], NULL), *mem = g_strconcat("fr:", eq + 1, NULL);
        xml_start(o, "xbrldi:explicitMember");
        xml_attr(o, "dimension", dim);
        xml_text(o, mem);
        xml_end(o);
        g_free(dim);
        g_free(mem);
    }
    g_strfreev(lines);
    typed_member(o, "fr:TableAxis", "fr:TableRef", c->table_ref);
    typed_member(o, "fr:ColumnAxis", "fr:ColumnRef", c->column_ref);
    typed_member(o, "fr:RowAxis", "fr:RowRef", c->row_ref);
    xml_end(o);
    xml_end(o);
}

/* A footnote link per table with notes: every fact of the table points at each note. */
static void write_footnotes(xml_out *o, const fr_doc *d, const builder *b)
{
    size_t table_index = 0;
    const fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(d, &at));) {
        size_t ti = table_index++;
        bool any = false;
        for (guint k = 0; k < b->facts->len && !any; k++)
            any = ((xfact *)b->facts->pdata[k])->table_index == ti;
        if (t->notes.len == 0 || !any)
            continue;
        char facts[32];
        g_snprintf(facts, sizeof facts, "t%zu.facts", ti + 1);
        xml_start(o, "link:footnoteLink");
        xml_attr(o, "xlink:type", "extended");
        xml_attr(o, "xlink:role", "http://www.xbrl.org/2003/role/link");
        for (guint k = 0; k < b->facts->len; k++) {
            const xfact *x = b->facts->pdata[k];
            if (x->table_index != ti)
                continue;
            char *href = g_strconcat("#", x->id, NULL);
            xml_start(o, "link:loc");
            xml_attr(o, "xlink:type", "locator");
            xml_attr(o, "xlink:href", href);
            xml_attr(o, "xlink:label", facts);
            xml_end(o);
            g_free(href);
        }
        for (size_t n = 0; n < t->notes.len; n++) {
            char label[48];
            g_snprintf(label, sizeof label, "t%zu.note%zu", ti + 1, n + 1);
            xml_start(o, "link:footnote");
            xml_attr(o, "xlink:type", "resource");
            xml_attr(o, "xlink:label", label);
            xml_attr(o, "xlink:role", "http://www.xbrl.org/2003/role/footnote");
            xml_attr(o, "xml:lang", "zh-CN");
            xml_text(o, t->notes.items[n]);
            xml_end(o);
            xml_start(o, "link:footnoteArc");
            xml_attr(o, "xlink:type", "arc");
            xml_attr(o, "xlink:arcrole", "http://www.xbrl.org/2003/arcrole/fact-footnote");
            xml_attr(o, "xlink:from", facts);
            xml_attr(o, "xlink:to", label);
            xml_end(o);
        }
        xml_end(o);
    }
}

static void xcontext_free(gpointer p)
{
    xcontext *c = p;
    g_free(c->explicit_members);
    g_free(c->table_ref);
    g_free(c->column_ref);
    g_free(c->row_ref);
    g_free(c);
}

static void xfact_free(gpointer p)
{
    xfact *x = p;
    g_free(x->id);
    g_free(x->value);
    g_free(x);
}

static int xbrl_write(const fr_doc *d, FILE *f, fr_error *err)
{
    builder b = {d, g_ptr_array_new_with_free_func(xfact_free), g_ptr_array_new_with_free_func(xcontext_free),
                 g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                 g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), g_array_new(FALSE, TRUE, sizeof(int))};
    fr_doc_each_fact(d, add_fact, &b);

    xml_out o;
    int rc = xml_out_open(&o, f, err);
    if (rc == FR_OK) {
        xml_start(&o, "xbrli:xbrl");
        xml_attr(&o, "xmlns:xbrli", "http://www.xbrl.org/2003/instance");
        xml_attr(&o, "xmlns:link", "http://www.xbrl.org/2003/linkbase");
        xml_attr(&o, "xmlns:xlink", "http://www.w3.org/1999/xlink");
        xml_attr(&o, "xmlns:xbrldi", "http://xbrl.org/2006/xbrldi");
        xml_attr(&o, "xmlns:iso4217", "http://www.xbrl.org/2003/iso4217");
        xml_attr(&o, "xmlns:fr", FR_XBRL_NS);
        xml_start(&o, "link:schemaRef");
        xml_attr(&o, "xlink:type", "simple");
        xml_attr(&o, "xlink:href", FR_XBRL_SCHEMA);
        xml_end(&o);
        for (guint t = 0; t < b.no_unit->len; t++) {
            if (!g_array_index(b.no_unit, int, t))
                continue;
            char *c = g_strdup_printf(" table T%u: %d amounts left out: no unit line in the table or the report ", t + 1,
                                      g_array_index(b.no_unit, int, t));
            xml_check(&o, xmlTextWriterWriteComment(o.w, BAD_CAST c));
            g_free(c);
        }
        for (guint i = 0; i < b.contexts->len; i++)
            write_context(&o, d, b.contexts->pdata[i], (int)i);
        if (b.facts->len) {
            xml_start(&o, "xbrli:unit");
            xml_attr(&o, "id", "CNY");
            xml_element(&o, "xbrli:measure", "iso4217:CNY");
            xml_end(&o);
        }
        for (guint i = 0; i < b.facts->len; i++) {
            const xfact *x = b.facts->pdata[i];
            char *name = g_strconcat("fr:", x->concept, NULL), ctx[32];
            g_snprintf(ctx, sizeof ctx, "c%d", x->context + 1);
            xml_start(&o, name);
            xml_attr(&o, "id", x->id);
            xml_attr(&o, "contextRef", ctx);
            xml_attr(&o, "unitRef", "CNY");
            xml_attr_int(&o, "decimals", x->decimals);
            xml_text(&o, x->value);
            xml_end(&o);
            g_free(name);
        }
        write_footnotes(&o, d, &b);
        xml_end(&o);
        rc = xml_out_close(&o, err);
    }
    g_ptr_array_free(b.facts, TRUE);
    g_ptr_array_free(b.contexts, TRUE);
    g_hash_table_destroy(b.ctx_ids);
    g_hash_table_destroy(b.used);
    g_array_free(b.no_unit, TRUE);
    return rc;
}

const fr_format fr_xbrl_writer = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "xbrl",
    .kind = FR_WRITER,
    .description = "every amount as an XBRL 2.1-shaped instance (taxonomy: formats/xbrl/fr.xsd)",
    .extensions = XBRL_EXT,
    .mime = "application/xbrl+xml",
    .write = xbrl_write,
    .flags = FR_FORMAT_NO_FINDINGS, /* the audit is not part of this output */
};
