/* check_cmd.c — fiscus check REPORT…: the audit's findings, for people
 * (grouped per report, most severe first) or as JSON. Exit status: 0 no
 * error findings, 1 some, 2 a report could not be read. */
#include "../core/fiscus.h"
#include "../core/fr_glib.h"
#include "cli.h"

#include <string.h>

static char *opt_format, *opt_from, *opt_lang, *opt_ocr;
static int opt_ocr_dpi;
static gboolean opt_rules;

static GOptionEntry entries[] = {
    {"format", 0, 0, G_OPTION_ARG_STRING, &opt_format, "Output: text (default) or json", "text|json"},
    {"from", 'f', 0, G_OPTION_ARG_STRING, &opt_from, "Input format (default: detected)", "FMT"},
    {"lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang, "Messages in zh, en or both (default, text output)", "zh|en|both"},
    {"list-rules", 0, 0, G_OPTION_ARG_NONE, &opt_rules, "List the rules and exit", NULL},
    {"ocr", 0, 0, G_OPTION_ARG_STRING, &opt_ocr, "PDF pages without a text layer: auto (default), never, always",
     "MODE"},
    {"ocr-dpi", 0, 0, G_OPTION_ARG_INT, &opt_ocr_dpi, "Pixels an inch a page is drawn at for OCR (default 300)", "N"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static GPtrArray *sorted_findings(const fr_doc *doc)
{
    /* most severe first, then in the order found (a stable pass per severity) */
    GPtrArray *out = g_ptr_array_sized_new((guint)doc->findings.len);
    for (int sev = FR_SEV_ERROR; sev >= FR_SEV_INFO; sev--)
        for (size_t i = 0; i < doc->findings.len; i++)
            if ((int)((const fr_finding *)doc->findings.items[i])->severity == sev)
                g_ptr_array_add(out, doc->findings.items[i]);
    return out;
}

/* The tables whose column headings were not read reliably: the checks by
 * column name skipped them (diagnostic check.header), by id or title */
static GPtrArray *unchecked_tables(const fr_doc *doc)
{
    GPtrArray *out = g_ptr_array_new();
    for (size_t i = 0; i < doc->diags.len; i++) {
        const fr_diag *g = doc->diags.items[i];
        if (strcmp(g->code, "check.header") != 0)
            continue;
        const char *label = g->table_id;
        const fr_table *t;
        for (size_t at = 0; !label && (t = fr_doc_next_table(doc, &at));)
            if (t->where.page == g->where.page && t->where.line == g->where.line)
                label = t->title;
        if (label)
            g_ptr_array_add(out, (gpointer)label);
    }
    return out;
}

static void print_text(const char *name, const fr_doc *doc, bool zh, bool en)
{
    size_t e, w, n;
    fr_doc_count_findings(doc, &e, &w, &n);
    const fr_meta *m = &doc->meta;
    for (size_t i = 0; i < doc->diags.len; i++)
        if (strcmp(((const fr_diag *)doc->diags.items[i])->code, "meta.notfiscal") == 0) {
            /* nothing to audit: no "0 errors" for a document that is no report */
            printf("%s: %s\n", name, ((const fr_diag *)doc->diags.items[i])->message);
            return;
        }
    printf("%s: %s — %zu error%s, %zu warning%s, %zu note%s\n", name, m->title ? m->title : "(untitled)", e,
           e == 1 ? "" : "s", w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
    GPtrArray *v = sorted_findings(doc);
    for (guint i = 0; i < v->len; i++) {
        const fr_finding *f = v->pdata[i];
        GString *at = g_string_new(NULL);
        if (f->where.page > 0)
            g_string_append_printf(at, "p.%d", f->where.page);
        if (f->where.line > 0)
            g_string_append_printf(at, "%sline %d", at->len ? ", " : "", f->where.line);
        printf("  %-7s %-18s %s\n", fr_severity_name(f->severity), f->rule, at->str);
        g_string_free(at, TRUE);
        if (zh)
            printf("          %s\n", f->message_zh);
        if (en)
            printf("          %s\n", f->message_en);
        if (f->quote)
            printf("          «%s»\n", f->quote);
    }
    g_ptr_array_free(v, TRUE);
    /* what could not be checked, said */
    for (size_t i = 0; i < doc->unchecked.len; i++) {
        const fr_unchecked *u = doc->unchecked.items[i];
        printf("  not checked: %s\n", u->what);
        if (zh)
            printf("          %s\n", u->message_zh);
        if (en)
            printf("          %s\n", u->message_en);
        if (u->items)
            printf("          %s\n", u->items);
    }
}

static void append_json(GString *o, const char *name, const fr_doc *doc, const char *error)
{
    g_string_append(o, "{\"input\":");
    fr_gstring_append_json(o, name);
    if (!doc) {
        g_string_append(o, ",\"status\":\"unreadable\",\"error\":");
        fr_gstring_append_json(o, error);
        g_string_append(o, ",\"findings\":[]}");
        return;
    }
    size_t e, w, n;
    fr_doc_count_findings(doc, &e, &w, &n);
    g_string_append(o, ",\"status\":\"read\",\"error\":null,\"title\":");
    fr_gstring_append_json(o, doc->meta.title);
    g_string_append(o, ",\"kind\":");
    fr_gstring_append_json(o, fr_kind_name(doc->meta.kind));
    g_string_append_printf(o, ",\"fiscal_year\":%d,\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu,\"findings\":[",
                           doc->meta.fiscal_year, e, w, n);
    GPtrArray *v = sorted_findings(doc);
    for (guint i = 0; i < v->len; i++) {
        if (i)
            g_string_append_c(o, ',');
        fr_gstring_append_finding_json(o, v->pdata[i]);
    }
    g_ptr_array_free(v, TRUE);
    g_string_append(o, "],\"unchecked_tables\":[");
    GPtrArray *u = unchecked_tables(doc);
    for (guint i = 0; i < u->len; i++) {
        if (i)
            g_string_append_c(o, ',');
        fr_gstring_append_json(o, u->pdata[i]);
    }
    g_ptr_array_free(u, TRUE);
    g_string_append(o, "],\"unchecked\":[");
    for (size_t i = 0; i < doc->unchecked.len; i++) {
        if (i)
            g_string_append_c(o, ',');
        fr_gstring_append_unchecked_json(o, doc->unchecked.items[i]);
    }
    g_string_append(o, "]}");
}

int fiscus_check_main(int argc, char **argv)
{
    GError *gerr = NULL;
    GOptionContext *ctx = g_option_context_new("REPORT…");
    g_option_context_set_summary(ctx, "Audit fiscal reports: sums, totals across tables, the narrative's figures,\n"
                                      "units, codes and the standard tables. Exit 0: no error; 1: errors; 2: unreadable.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "fiscus check: %s (see fiscus check --help)\n", gerr->message);
        g_error_free(gerr);
        g_option_context_free(ctx);
        return 2;
    }
    g_option_context_free(ctx);
    if (opt_rules) {
        for (size_t i = 0; i < fr_check_rule_count(); i++)
            printf("%-16s %s\n%-16s %s\n", fr_check_rule_id(i), fr_check_rule_text(i, true), "",
                   fr_check_rule_text(i, false));
        return 0;
    }
    bool json = false;
    if (opt_format && strcmp(opt_format, "json") == 0)
        json = true;
    else if (opt_format && strcmp(opt_format, "text") != 0) {
        fprintf(stderr, "fiscus check: --format is text or json, not '%s'\n", opt_format);
        return 2;
    }
    bool zh = true, en = true;
    if (opt_lang && strcmp(opt_lang, "zh") == 0)
        en = false;
    else if (opt_lang && strcmp(opt_lang, "en") == 0)
        zh = false;
    else if (opt_lang && strcmp(opt_lang, "both") != 0) {
        fprintf(stderr, "fiscus check: --lang is zh, en or both, not '%s'\n", opt_lang);
        return 2;
    }
    if (!fiscus_set_ocr("fiscus check", opt_ocr, opt_ocr_dpi))
        return 2;
    fiscus_load_plugins(NULL); /* a plugin's reader can be audited too */
    const fr_format *forced = NULL;
    if (opt_from && !(forced = fr_registry_find(opt_from, FR_READER))) {
        fprintf(stderr, "fiscus check: unknown input format '%s' (see fiscus --list-formats)\n", opt_from);
        return 2;
    }
    if (argc < 2) {
        fprintf(stderr, "fiscus check: no report (see fiscus check --help)\n");
        return 2;
    }
    /* one report at a time: the other processors fetch PDF pages ahead */
    fr_set_spare_threads((int)g_get_num_processors() - 1);
    int status = 0;
    GString *o = g_string_new("{\"reports\":[");
    for (int a = 1; a < argc; a++) {
        fr_doc *doc = NULL;
        fr_error err = {0};
        if (fr_convert_file(argv[a], forced, 0, &doc, NULL, NULL, &err) != FR_OK) {
            fprintf(stderr, "fiscus check: %s\n", err.message);
            status = 2;
            if (json) {
                if (a > 1)
                    g_string_append(o, ",\n");
                append_json(o, argv[a], NULL, err.message);
            }
            continue;
        }
        size_t errors = 0;
        fr_doc_count_findings(doc, &errors, NULL, NULL);
        if (errors && status == 0)
            status = 1;
        if (json) {
            if (a > 1)
                g_string_append(o, ",\n");
            append_json(o, argv[a], doc, NULL);
        } else {
            if (a > 1)
                putchar('\n');
            print_text(argv[a], doc, zh, en);
        }
        fr_doc_free(doc);
    }
    g_string_append(o, "]}\n");
    if (json)
        fwrite(o->str, 1, o->len, stdout);
    g_string_free(o, TRUE);
    if (fflush(stdout) != 0)
        return 2;
    return status;
}
