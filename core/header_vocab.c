/* header_vocab.c — the column-heading vocabulary of the standard tables
 * (formats/header-terms.txt, compiled in), parsed once: the text reader
 * rebuilds header trees with it, core/inline.c splits run-together headings. */
#include "fr_glib.h"

#include <string.h>

extern const char fr_header_terms_text[];

static fr_header_vocab vocab_parse(void)
{
    fr_header_vocab v;
    v.terms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    v.children = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    char **lines = g_strsplit(fr_header_terms_text, "\n", -1);
    for (int k = 0; lines[k]; k++) {
        char *l = g_strstrip(lines[k]);
        if (!*l || *l == '#')
            continue;
        const char *role = "data";
        if (*l == '=') {
            char *sp = strchr(l, ' ');
            if (!sp)
                continue;
            *sp = '\0';
            role = g_str_has_prefix(l, "=code") ? "code" : g_str_has_prefix(l, "=name") ? "name" : "lineno";
            l = g_strstrip(sp + 1);
            g_hash_table_replace(v.terms, g_strdup(l), (gpointer)role);
            continue;
        }
        char *colon = strstr(l, ": ");
        if (colon) {
            *colon = '\0';
            char *parent = g_strstrip(l);
            GPtrArray *kids = g_ptr_array_new_with_free_func(g_free);
            char **cs = g_strsplit(colon + 2, "|", -1);
            for (int m = 0; cs[m]; m++) {
                char *c = g_strstrip(cs[m]);
                if (*c) {
                    g_ptr_array_add(kids, g_strdup(c));
                    if (!g_hash_table_contains(v.terms, c))
                        g_hash_table_insert(v.terms, g_strdup(c), (gpointer) "data");
                }
            }
            g_strfreev(cs);
            if (!g_hash_table_contains(v.terms, parent))
                g_hash_table_insert(v.terms, g_strdup(parent), (gpointer) "data");
            g_hash_table_replace(v.children, g_strdup(parent), kids);
        } else if (!g_hash_table_contains(v.terms, l)) {
            g_hash_table_insert(v.terms, g_strdup(l), (gpointer) "data");
        }
    }
    g_strfreev(lines);
    /* "does a term begin with this?" is asked of every run of header fragments */
    v.prefixes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, v.terms);
    while (g_hash_table_iter_next(&it, &key, NULL))
        for (const char *p = key;; p = g_utf8_next_char(p)) {
            g_hash_table_add(v.prefixes, g_strndup(key, (gsize)(p - (const char *)key)));
            if (!*p)
                break;
        }
    return v;
}

const fr_header_vocab *fr_header_vocab_get(void)
{
    static fr_header_vocab v;
    static gsize ready;
    if (g_once_init_enter(&ready)) {
        v = vocab_parse();
        g_once_init_leave(&ready, 1);
    }
    return &v;
}

