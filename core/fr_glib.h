/* fr_glib.h — helpers for writers that use GLib (the built-in ones do):
 * text every output format can carry, and JSON strings. Not part of the
 * public fiscus.h, which needs no GLib. */
#ifndef FR_GLIB_H
#define FR_GLIB_H

#include "fiscus.h"

#include <glib.h>
#include <gmodule.h>

/* A g_malloc'd copy of s that XML 1.0, JSON and CSV can all carry: invalid
 * UTF-8, C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF become
 * U+FFFD. NULL stays NULL. */
char *fr_text_safe(const char *s);
/* The records of a compiled-in table (a .tsv of formats/): lines split at tabs
 * into at most max_fields fields; blank lines, '#' comments and lines of
 * fewer than min_fields fields are skipped. A GPtrArray of g_strfreev'd
 * string vectors: free with g_ptr_array_unref. */
GPtrArray *fr_tsv_records(const char *text, int min_fields, int max_fields);
/* Appends s as a JSON string ("null" for NULL), escaping what JSON needs;
 * s is made safe first. */
void fr_gstring_append_json(GString *o, const char *s);
/* Appends an integer in decimal (printf's %lld, without printf's cost). */
void fr_gstring_append_int(GString *o, long long v);

/* The column-heading vocabulary (formats/header-terms.txt), parsed on first
 * use (thread-safe) and kept: terms maps every term to its role ("data",
 * "code", "name", "lineno"); children maps a spanning heading to the GPtrArray
 * of its leaf terms, in order. */
typedef struct fr_header_vocab {
    GHashTable *terms;
    GHashTable *children;
    GHashTable *prefixes; /* every term's every prefix (whole characters, "" too): a set */
} fr_header_vocab;
const fr_header_vocab *fr_header_vocab_get(void);

/* Appends a finding as a JSON object (the shape formats/fiscus.schema.json
 * gives "findings" items). */
void fr_gstring_append_finding_json(GString *o, const fr_finding *f);
/* Appends what the audit could not check as a JSON object ("unchecked" items). */
void fr_gstring_append_unchecked_json(GString *o, const fr_unchecked *u);

/* Opens an engine module (core/module.c): file ("fiscus-pdf.so") at $env, in
 * modules/ beside the program, or in PREFIX/lib/fiscus; its abi_symbol must hold
 * abi. The module stays loaded. NULL when none fits, why listing what was tried. */
GModule *fr_module_open(const char *file, const char *env, const char *abi_symbol, unsigned abi, char *why,
                        size_t whylen);

#endif
