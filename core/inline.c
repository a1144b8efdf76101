/* inline.c — tables typeset as running text. A DOCX or PDF sometimes
 * carries a small table as one paragraph: "2023年基本支出预算执行明细表单位：
 * 万元分类名称可用预算金额实际支出金额指标结转结余预算执行率人员经费2382.30
 * 2254.42 27.88 94.63%公用经费…". This pass rebuilds such a paragraph into a
 * table block when it can do so unambiguously: a title ending in 表, a unit,
 * headings that split into known column terms (formats/header-terms.txt, via
 * fr_header_vocab_get), and
 * at least two named rows of the same number of figures. Anything else stays
 * a paragraph. */
#include "fiscus.h"
#include "fr_glib.h"

#include <string.h>

#define INLINE_MAX_TEXT 8192
#define INLINE_MAX_COLUMNS 16

/* Splits s (spaces ignored) into n terms of the heading vocabulary, longest
 * first; the rest is *rest. */
static bool split_terms(GHashTable *terms, const char *s, int n, char **labels, const char **rest)
{
    for (int k = 0; k < n; k++) {
        while (*s == ' ')
            s++;
        const char *best = NULL;
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, terms);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            const char *t = key;
            if (g_str_has_prefix(s, t) && (!best || strlen(t) > strlen(best)))
                best = t;
        }
        if (!best)
            return false;
        labels[k] = (char *)best;
        s += strlen(best);
    }
    while (*s == ' ')
        s++;
    *rest = s;
    return true;
}

typedef struct inline_row {
    char *name;
    char *values[INLINE_MAX_COLUMNS];
    int n;
} inline_row;

static bool is_value_char(char c) { return g_ascii_isdigit(c) || c == '.' || c == ',' || c == '-' || c == '%'; }

/* Reads "name v v v name v v v …" from s; false when the rows are not alike. */
static bool read_rows(const char *s, GArray *rows)
{
    while (*s) {
        const char *name = s;
        while (*s && !g_ascii_isdigit(*s))
            s++;
        inline_row r = {.name = g_strstrip(g_strndup(name, (size_t)(s - name)))};
        while (*s && g_ascii_isdigit(*s)) {
            const char *v = s;
            while (*s && is_value_char(*s))
                s++;
            if (r.n == INLINE_MAX_COLUMNS)
                break;
            r.values[r.n++] = g_strndup(v, (size_t)(s - v));
            while (*s == ' ')
                s++;
        }
        g_array_append_val(rows, r);
        if (!*r.name || r.n == 0 || r.n != g_array_index(rows, inline_row, 0).n)
            return false;
    }
    return rows->len >= 2;
}

static void free_rows(GArray *rows)
{
    for (guint i = 0; i < rows->len; i++) {
        inline_row *r = &g_array_index(rows, inline_row, i);
        g_free(r->name);
        for (int k = 0; k < r->n; k++)
            g_free(r->values[k]);
    }
    g_array_free(rows, TRUE);
}

/* Moves the last block of doc to index at. */
static void move_last_block(fr_doc *doc, size_t at)
{
    void **items = doc->blocks.items;
    size_t n = doc->blocks.len;
    void *last = items[n - 1];
    memmove(&items[at + 1], &items[at], (n - 1 - at) * sizeof *items);
    items[at] = last;
}

/* Rebuilds block i if it holds a table; returns true when it did. */
static bool rebuild(fr_doc *doc, size_t i, GHashTable *terms)
{
    fr_block *b = fr_doc_block(doc, i);
    const char *text = b->text;
    const char *unit = strstr(text, "表单位：");
    if (!unit || strlen(text) > INLINE_MAX_TEXT)
        return false;
    const char *after = unit + strlen("表单位：");
    int exponent;
    if (g_str_has_prefix(after, "万元")) {
        exponent = 4;
        after += strlen("万元");
    } else if (g_str_has_prefix(after, "元")) {
        exponent = 0;
        after += strlen("元");
    } else {
        return false;
    }
    /* the title: back from 表 to the previous 。 or ： */
    const char *title = text;
    for (const char *p = text; p < unit; p = g_utf8_next_char(p))
        if (g_str_has_prefix(p, "。") || g_str_has_prefix(p, "："))
            title = p + strlen("：");
    const char *first_digit = after;
    while (*first_digit && !g_ascii_isdigit(*first_digit))
        first_digit++;
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(inline_row));
    /* the headings and the first row's name run together: the rows tell how many headings */
    const char *probe = first_digit;
    int n = 0;
    while (*probe && g_ascii_isdigit(*probe)) {
        while (*probe && is_value_char(*probe))
            probe++;
        while (*probe == ' ')
            probe++;
        n++;
    }
    char *labels[INLINE_MAX_COLUMNS + 1];
    const char *rest = NULL;
    char *head = g_strndup(after, (size_t)(first_digit - after));
    bool ok = n >= 2 && n <= INLINE_MAX_COLUMNS && split_terms(terms, head, n + 1, labels, &rest) && *rest;
    char *body = ok ? g_strconcat(rest, first_digit, NULL) : NULL;
    ok = ok && read_rows(body, rows);
    if (ok) {
        fr_table *t = fr_doc_add_table(doc, b->where);
        t->title = fr_arena_strndup(doc->arena, title, (size_t)(unit + strlen("表") - title));
        t->unit = exponent == 4 ? "万元" : "元";
        t->unit_exponent = exponent;
        fr_table_add_page(doc, t, b->where.page);
        fr_table_set_columns(doc, t, n + 1);
        fr_table_set_column(doc, t, 0, labels[0], FR_COL_NAME, 0);
        for (int k = 0; k < n; k++)
            fr_table_set_column(doc, t, k + 1, labels[k + 1], FR_COL_DATA, 0);
        fr_table_finish_headers(doc, t);
        for (guint r = 0; r < rows->len; r++) {
            const inline_row *ir = &g_array_index(rows, inline_row, r);
            fr_row *row = fr_table_add_row(doc, t, 0, n, b->where);
            row->name = fr_arena_strdup(doc->arena, ir->name);
            for (int k = 0; k < n; k++) {
                fr_cell *c = &row->cells[k];
                c->text = fr_arena_strdup(doc->arena, ir->values[k]);
                c->kind = fr_decimal_parse(ir->values[k], strlen(ir->values[k]), &c->amount) == FR_OK ? FR_CELL_AMOUNT
                                                                                                   : FR_CELL_TEXT;
            }
        }
        if (title > text) { /* the paragraph keeps what came before the title */
            move_last_block(doc, i + 1);
            b->text = fr_arena_strndup(doc->arena, text, (size_t)(title - text));
        } else { /* the table takes the paragraph's place */
            doc->blocks.items[i] = doc->blocks.items[doc->blocks.len - 1];
            doc->blocks.len--;
        }
        fr_doc_diag(doc, FR_SEV_INFO, "ir.inline_table", b->where, NULL,
                    "a table typeset as text (%s) was rebuilt: %u rows of %d columns", t->title, rows->len, n);
    }
    g_free(body);
    g_free(head);
    free_rows(rows);
    return ok;
}

void fr_pass_inline_tables(fr_doc *doc)
{
    for (size_t i = 0; i < doc->blocks.len; i++) {
        const fr_block *b = fr_doc_block(doc, i);
        if (b->kind != FR_BLOCK_PARAGRAPH || !b->text || !strstr(b->text, "表单位："))
            continue;
        size_t before = doc->blocks.len;
        if (rebuild(doc, i, fr_header_vocab_get()->terms) && doc->blocks.len > before)
            i++; /* past the new table */
    }
}
