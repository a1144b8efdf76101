/* txt.h — internals shared by the plain-text reader's files. */
#ifndef FISCUS_TXT_H
#define FISCUS_TXT_H

#include "../../core/fiscus.h"

#include <glib.h>

/* One non-blank line of the input. */
typedef struct txt_line {
    char *text;        /* normalised, leading/trailing spaces removed */
    int indent;        /* leading ideographic/ASCII spaces (not the page-break space) */
    int page;
    int lineno;        /* 1-based line in the input */
    bool page_start;   /* first line of its page */
    size_t width;      /* display width */
    const void *geo;   /* the pdf reader's line geometry (pdf_line *), NULL for text */
} txt_line;

typedef struct txt_doc {
    txt_line *lines;
    size_t n;
    size_t body_width; /* typical width of a full narrative line */
    int pages;
} txt_doc;

/* Tokens of a table line. */
typedef enum { TK_TEXT, TK_NUM, TK_INT, TK_CODE } txt_tok_kind;

typedef struct txt_tok {
    txt_tok_kind kind;
    char *text;        /* g_malloc'd */
    fr_decimal num;    /* TK_NUM, TK_INT */
} txt_tok;

/* A regular expression compiled once per process (thread-safe): declare
 * `static txt_regex r = {"pattern"};` and call txt_regex_match(&r, s). */
typedef struct txt_regex {
    const char *pattern;
    gsize once;
    GRegex *re;
} txt_regex;
bool txt_regex_match(txt_regex *r, const char *s);

/* A table parser: reads the table that starts at line *i, advances *i past it;
 * false when the lines there are not a table after all. */
typedef bool (*txt_table_fn)(fr_doc *doc, const txt_doc *td, size_t *i);

/* txt_reader.c: the blocks of a document (cover, contents, headings,
 * paragraphs, notes, tables) from its lines; shared with the pdf reader,
 * which rebuilds the lines from glyph boxes and brings its own table parser. */
void txt_emit_blocks(fr_doc *doc, const txt_doc *td, txt_table_fn parse_table);
/* The typical width of a full narrative line (90th percentile). */
size_t txt_body_width(const txt_doc *td);

/* txt_table.c: the preamble (title, id, unit line, entity) of the table that
 * starts at line *i: adds the table to doc with them and advances *i to the
 * first line after it. NULL (and *i unchanged) if there is no title or id. */
fr_table *txt_table_begin(fr_doc *doc, const txt_doc *td, size_t *i);
/* A unit line ("金额单位：万元"). */
bool txt_is_unit_line(const char *s);
/* s without spaces, g_malloc'd. */
char *txt_compact(const char *s);
/* A "第X部分" heading line. */
bool txt_is_part_heading(const char *s);
/* Numbered text ("一、", "（二）", "3.") at the start of s. */
bool txt_is_numbered(const char *s);

/* The role the heading vocabulary gives a column heading: "code", "name",
 * "lineno", "data", or NULL when the term is not in it. */
const char *txt_term_role(const char *term);

/* txt_table.c: parses the table starting at line *i (its title, id or unit
 * line); advances *i past it. Returns false if the lines there are not a table. */
bool txt_parse_table(fr_doc *doc, const txt_doc *td, size_t *i);
/* Is line i the start of a table (unit line, id or title with a table near)? */
bool txt_table_starts(const txt_doc *td, size_t i);
/* A note line (注：/说明：). */
bool txt_is_note(const char *s);
/* Table id ("表5", "公开 05 表") in s: g_malloc'd normalised id or NULL. */
char *txt_table_id(const char *s);

/* header_terms.c (generated from formats/header-terms.txt) */
extern const char fr_header_terms_text[];

#endif
