/* codelist.c — the classification code lists (formats/codes/function.tsv,
 * economic.tsv for the department economic codes 3xx and gov_economic.tsv for
 * the government economic codes 5xx, compiled in as text by the Makefile),
 * parsed once on first use into two hash tables per list: code → its names by
 * year, and 类 name → code. */
#include "fr_glib.h"

#include <stdlib.h>
#include <string.h>

extern const char fr_function_codes_text[];
extern const char fr_economic_codes_text[];
extern const char fr_gov_economic_codes_text[];

typedef struct code_name {
    int year;
    char *name;
} code_name;

typedef struct code_list {
    GHashTable *names;   /* code → GPtrArray of code_name, by year */
    GHashTable *classes; /* name of a 类 (any year) → its code; the first listed wins */
} code_list;

static code_list LISTS[3];

static gint by_year(gconstpointer a, gconstpointer b)
{
    const code_name *x = *(code_name *const *)a, *y = *(code_name *const *)b;
    return (x->year > y->year) - (x->year < y->year);
}

static void parse_list(code_list *l, const char *text)
{
    /* the tables live for the whole process: they are never freed */
    l->names = g_hash_table_new(g_str_hash, g_str_equal);
    l->classes = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *records = fr_tsv_records(text, 4, 6);
    for (guint i = 0; i < records->len; i++) {
        char **f = records->pdata[i];
        if (fr_code_level(f[0]) == 0)
            continue;
        char *code;
        GPtrArray *v;
        if (!g_hash_table_lookup_extended(l->names, f[0], (gpointer *)&code, (gpointer *)&v)) {
            code = g_strdup(f[0]);
            v = g_ptr_array_new();
            g_hash_table_insert(l->names, code, v);
        }
        code_name *cn = g_new(code_name, 1);
        cn->year = atoi(f[3]);
        cn->name = g_strdup(f[2]);
        g_ptr_array_add(v, cn);
        g_ptr_array_sort(v, by_year);
        if (fr_code_level(code) == 1 && !g_hash_table_contains(l->classes, cn->name))
            g_hash_table_insert(l->classes, cn->name, code);
    }
    g_ptr_array_unref(records);
}

static const code_list *list_of(fr_classification c)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        parse_list(&LISTS[0], fr_function_codes_text);
        parse_list(&LISTS[1], fr_economic_codes_text);
        parse_list(&LISTS[2], fr_gov_economic_codes_text);
        g_once_init_leave(&once, 1);
    }
    return c == FR_CLASS_FUNCTION ? &LISTS[0] : c == FR_CLASS_ECONOMIC ? &LISTS[1] : NULL;
}

/* The list a code is looked up in: economic codes 5xx are the government's */
static const code_list *list_for(fr_classification c, const char *code)
{
    if (c == FR_CLASS_ECONOMIC && code && code[0] == '5') {
        list_of(c);
        return &LISTS[2];
    }
    return list_of(c);
}

fr_classification fr_code_classification(const char *code)
{
    int level = code ? fr_code_level(code) : 0;
    if (!level)
        return FR_CLASS_NONE;
    if (code[0] == '2')
        return FR_CLASS_FUNCTION;
    if ((code[0] == '3' || code[0] == '5') && level <= 2)
        return FR_CLASS_ECONOMIC;
    return FR_CLASS_NONE;
}

const char *fr_classification_name(fr_classification c)
{
    return c == FR_CLASS_FUNCTION ? "function" : c == FR_CLASS_ECONOMIC ? "economic" : "none";
}

const char *fr_code_list_name(fr_classification c, const char *code, int year)
{
    const code_list *l = list_for(c, code);
    GPtrArray *v = l && code ? g_hash_table_lookup(l->names, code) : NULL;
    if (!v || v->len == 0)
        return NULL;
    const code_name *best = v->pdata[0];
    for (guint i = 0; i < v->len; i++) {
        const code_name *cn = v->pdata[i];
        if (year == 0 || cn->year <= year)
            best = cn;
    }
    return best->name;
}

const char *fr_code_list_name_in(fr_classification c, const char *code, int year)
{
    const code_list *l = list_for(c, code);
    GPtrArray *v = l && code && year > 0 ? g_hash_table_lookup(l->names, code) : NULL;
    const code_name *best = NULL;
    for (guint i = 0; v && i < v->len; i++) {
        const code_name *cn = v->pdata[i];
        if (cn->year <= year)
            best = cn;
    }
    return best ? best->name : NULL;
}

const char *fr_code_list_class_of(fr_classification c, const char *name)
{
    const code_list *l = list_of(c);
    const char *code = l && name ? g_hash_table_lookup(l->classes, name) : NULL;
    if (!code && c == FR_CLASS_ECONOMIC && name) /* 机关工资福利支出: the government's */
        code = g_hash_table_lookup(LISTS[2].classes, name);
    return code;
}

/* Names equal but for full-width or ASCII parentheses (the text is NFKC,
 * the lists print （）) */
static bool same_name(const char *a, const char *b)
{
    while (*a && *b) {
        bool pa = g_str_has_prefix(a, "（") || g_str_has_prefix(a, "）");
        bool pb = g_str_has_prefix(b, "（") || g_str_has_prefix(b, "）");
        char ca = pa ? (a[2] == '\x88' ? '(' : ')') : *a;
        char cb = pb ? (b[2] == '\x88' ? '(' : ')') : *b;
        if (ca != cb)
            return false;
        a += pa ? 3 : 1;
        b += pb ? 3 : 1;
    }
    return !*a && !*b;
}

const char *fr_code_list_child(fr_classification c, const char *parent, const char *name)
{
    const code_list *l = list_for(c, parent);
    if (!l || !parent || !name)
        return NULL;
    size_t n = strlen(parent);
    const char *found = NULL;
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, l->names);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        const char *code = key;
        if (strlen(code) != n + 2 || strncmp(code, parent, n) != 0)
            continue;
        GPtrArray *v = value;
        for (guint i = 0; i < v->len; i++)
            if (same_name(((const code_name *)v->pdata[i])->name, name)) {
                if (found && strcmp(found, code) != 0)
                    return NULL; /* two codes of that name: no guess */
                found = code;
            }
    }
    return found;
}

/* Codes no list has are normal (the lists are not the official catalogue):
 * kept as printed, and told once per report, at note level, with how many
 * and which (code, name and page of each, the first 30). */
void fr_pass_code_lists(fr_doc *doc)
{
    GHashTable *told = g_hash_table_new(g_str_hash, g_str_equal);
    GString *list = g_string_new(NULL);
    int n = 0;
    fr_prov first = {.page = 0, .line = 0};
    const char *first_table = NULL;
    fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));) {
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = fr_table_row(t, r);
            if (!row->code || g_hash_table_contains(told, row->code))
                continue;
            fr_classification c = fr_code_classification(row->code);
            if (c != FR_CLASS_NONE && fr_code_list_name(c, row->code, doc->meta.fiscal_year))
                continue;
            g_hash_table_add(told, (gpointer)row->code);
            if (n == 0) {
                first = row->where;
                first_table = t->id;
            }
            if (n < 30)
                g_string_append_printf(list, "%s%s %s (p. %d%s)", n ? ", " : "", row->code,
                                       row->name ? row->name : "", row->where.page,
                                       c == FR_CLASS_NONE ? ", no classification" : "");
            n++;
        }
    }
    if (n)
        fr_doc_diag(doc, FR_SEV_INFO, "code.unknown", first, first_table,
                    "%d code%s not in the code lists (formats/codes/), kept as printed: %s%s", n, n == 1 ? "" : "s",
                    list->str, n > 30 ? ", …" : "");
    g_string_free(list, TRUE);
    g_hash_table_destroy(told);
}
