/* docx.h — internals shared by the DOCX reader's files.
 *
 *   docx_zip.c     the package: libzip over the input bytes, with caps on the
 *                  entry count, each part's size and compression ratio; a part
 *                  is parsed by SAX as zip_fread inflates it
 *   docx_styles.c  styles.xml (heading levels through basedOn chains) and
 *                  numbering.xml (the numbers Word prints: "（一）", "1.")
 *   docx_body.c    document.xml, one w:p or w:tbl built at a time, into
 *                  the lines the block assembly reads (lay_emit_blocks)
 *   docx_table.c   a w:tbl's grid (tblGrid, gridSpan, vMerge, gridBefore /
 *                  gridAfter) into an IR table with its header tree
 *   docx_reader.c  probe, read, core properties, the descriptor */
#ifndef FISCUS_DOCX_H
#define FISCUS_DOCX_H

#include "../layout/layout.h"

#include <libxml/tree.h>
#include <libxml/parser.h>
#include <zip.h>

/* Bounds on a hostile package. */
#define DOCX_MAX_ENTRIES 10000                    /* zip entries */
#define DOCX_MAX_PART_BYTES (256u * 1024u * 1024u) /* one part, uncompressed */
#define DOCX_MAX_TOTAL_BYTES (512u * 1024u * 1024u)/* all parts read */
#define DOCX_MAX_RATIO 200                        /* uncompressed / compressed, above 1 MiB */
#define DOCX_MAX_PARAGRAPHS 2000000
#define DOCX_MAX_TABLE_COLUMNS 512
#define DOCX_MAX_TABLE_ROWS 200000
#define DOCX_MAX_DEPTH 64                         /* nesting of tables in cells */

#define DOCX_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* ---- the package (docx_zip.c) ------------------------------------------------ */

typedef struct docx_pkg {
    zip_t *zip;
    zip_source_t *src;
    size_t total_read;  /* uncompressed bytes handed to the parser so far */
} docx_pkg;

int docx_pkg_open(docx_pkg *pkg, const unsigned char *data, size_t len, fr_error *err);
void docx_pkg_close(docx_pkg *pkg);
/* Is there a part of this name (no leading slash)? */
bool docx_pkg_has(docx_pkg *pkg, const char *name);

/* One part as a checked stream; docx_part_close() reports what went wrong
 * (limit, malformed XML, a DOCTYPE) as FR_OK or an FR_ERR_*. */
typedef struct docx_part docx_part;
int docx_part_close(docx_part *p, fr_error *err);

/* Parts are walked with SAX callbacks, libxml2 building no tree. */
typedef struct docx_elem {
    const char *local;     /* local name */
    bool w;                /* in the w: namespace */
    int depth;             /* 0 for the root */
    const char *parent;    /* local name of the enclosing element ("" at the root) */
    int nattrs;
    const xmlChar **attrs; /* libxml2's SAX2 attributes, 5 pointers each: local, prefix, URI, value, end */
} docx_elem;
/* Is this namespace URI WordprocessingML's (transitional or strict)? */
bool docx_is_w_ns(const char *uri);
/* The value of an attribute by local name (any namespace); g_malloc'd or NULL. */
char *docx_elem_attr(const docx_elem *e, const char *local);
typedef struct docx_walker {
    void (*start)(void *ctx, const docx_elem *e);
    void (*end)(void *ctx, const char *local, int depth);
    void (*text)(void *ctx, const char *s, int len);
    void *ctx;
    bool stop;             /* set by a callback: the walk ends there (a limit was met) */
} docx_walker;
int docx_part_walk(docx_pkg *pkg, const char *part, docx_walker *w, fr_error *err);

/* For each of n relationship types (its URI's last segment, e.g.
 * "officeDocument"), the target of the first such relationship in the rels
 * part of source ("" for the package), resolved to a part name: g_malloc'd
 * into targets[k], or NULL. One walk of the rels part for all of them. */
int docx_rel_targets(docx_pkg *pkg, const char *source, const char *const *types, char **targets, int n,
                     fr_error *err);
/* The content type [Content_Types].xml gives a part; g_malloc'd or NULL. */
char *docx_content_type(docx_pkg *pkg, const char *part, fr_error *err);

/* The same test on the w:val of such a property (NULL: no w:val, so on). */
bool docx_val_on(const char *val);

/* ---- styles and numbering (docx_styles.c) ------------------------------------ */

typedef struct docx_styles docx_styles;
/* Reads styles.xml and numbering.xml (either may be NULL). */
int docx_styles_load(docx_pkg *pkg, const char *styles_part, const char *numbering_part, docx_styles **out,
                     fr_error *err);
void docx_styles_free(docx_styles *st);
/* The heading level (1..9) a paragraph style gives, 0 if none. */
int docx_style_heading(const docx_styles *st, const char *style_id);
/* Is the style's text bold? */
bool docx_style_bold(const docx_styles *st, const char *style_id);
/* The numbering a paragraph style carries (numId, ilvl), false if none. */
bool docx_style_numbering(const docx_styles *st, const char *style_id, int *num_id, int *ilvl);
/* The next number of list num_id at level ilvl, as printed ("（一）", "1."),
 * advancing the counters; g_malloc'd, NULL for bullets and unknown lists. */
char *docx_number_next(docx_styles *st, int num_id, int ilvl);
/* Chinese counting numeral of n (1 → 一, 11 → 十一, 25 → 二十五). */
void docx_cn_number(unsigned n, GString *out);

/* ---- the body (docx_body.c) ---------------------------------------------------- */

/* A table as found in the document: a grid of cell texts. */
typedef struct docx_cell {
    char *text;          /* g_malloc'd, paragraphs joined; NULL on covered slots */
    int row, col;        /* the top-left slot of the cell covering this slot */
    int row_span, col_span; /* on the top-left slot */
} docx_cell;

typedef struct docx_table {
    int nrows, ncols;
    docx_cell *cells;    /* nrows × ncols */
    int *row_para;       /* per row: the paragraph number where it starts */
    int marked_header;   /* rows marked w:tblHeader at the top */
    int page;
} docx_table;

static inline docx_cell *docx_slot(const docx_table *t, int r, int c)
{
    return &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}
/* The text of the cell whose top-left slot is (r, c), NULL elsewhere. */
static inline const char *docx_origin_text(const docx_table *t, int r, int c)
{
    const docx_cell *s = docx_slot(t, r, c);
    return s->row == r && s->col == c ? s->text : NULL;
}
void docx_table_free(docx_table *t);

typedef struct docx_body {
    GArray *lines;       /* lay_line; text in the arena, tables in geo */
    GPtrArray *tables;   /* docx_table *, owned */
    fr_arena *arena;     /* line texts */
    int pages;
    int paragraphs;
    int warnings_nested; /* tables inside cells, kept as text */
} docx_body;

int docx_body_read(docx_pkg *pkg, const char *part, docx_styles *st, fr_doc *doc, docx_body *out, fr_error *err);
void docx_body_free(docx_body *b);

/* ---- tables (docx_table.c) ------------------------------------------------------ */

/* The table parser given to lay_emit_blocks: a preamble (id, title, unit
 * line) and the table object after it, joined with the objects that carry it
 * on over page breaks. */
bool docx_parse_table(fr_doc *doc, const lay_doc *td, size_t *i);

#endif
