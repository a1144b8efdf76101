/* layout.h — the layout code every reader shares: a document as lines (each
 * reader makes its own: from text, from glyph boxes, from Word paragraphs),
 * the blocks assembled from them (layout_blocks.c), tables read from lines of
 * words and their preambles (layout_table.c), and the grid rules for readers
 * that find a table's cells themselves (layout_grid.c). Uses only core/. */
#ifndef FISCUS_LAYOUT_H
#define FISCUS_LAYOUT_H

#include "../../core/fiscus.h"
#include "../../core/fr_glib.h"

#include <glib.h>

/* One non-blank line of the input. */
typedef struct lay_line {
    char *text;        /* normalised, leading/trailing spaces removed */
    int indent;        /* leading ideographic/ASCII spaces (not the page-break space) */
    int page;
    int lineno;        /* 1-based line in the input */
    bool page_start;   /* first line of its page */
    size_t width;      /* display width */
    const void *geo;   /* the pdf reader's line geometry (pdf_line *), the docx
                        * reader's table (object lines); NULL for text */
    int style_level;   /* heading level the source's styles give it (docx); 0 none */
    bool hard_end;     /* the source ends its paragraph here (docx): no wrap to undo */
    bool object;       /* a table the reader's own table parser builds from geo */
    signed char starts; /* lay_table_starts's answer, once asked: 0 not yet, 1 no, 2 yes */
    bool ocr;          /* recognised by OCR; conf: its words' lowest confidence */
    unsigned char conf;
    float size;        /* its type size in points (pdf); 0 unknown */
} lay_line;

typedef struct lay_doc {
    lay_line *lines;
    size_t n;
    size_t body_width; /* typical width of a full narrative line */
    int pages;
    /* Told as the blocks are assembled that the lines before `line` will not be
     * read again, so a reader may drop what they point to (the PDF reader frees
     * each page's geometry); NULL for none. */
    void (*release)(void *ctx, size_t line);
    void *release_ctx;
} lay_doc;

/* How far behind the line being assembled a line is released: the assembly
 * looks one line back; the margin is for safety. */
#define LAY_RELEASE_LAG 64

/* Tokens of a table line. */
typedef enum { TK_TEXT, TK_NUM, TK_INT, TK_CODE } lay_tok_kind;

typedef struct lay_tok {
    lay_tok_kind kind;
    char *text;        /* g_malloc'd */
    fr_decimal num;    /* TK_NUM, TK_INT */
} lay_tok;

/* A regular expression compiled once per process (thread-safe): declare
 * `static lay_regex r = {"pattern"};` and call lay_regex_match(&r, s). */
typedef struct lay_regex {
    const char *pattern;
    gsize once;
    GRegex *re;
} lay_regex;
bool lay_regex_match(lay_regex *r, const char *s);

/* A table parser: reads the table that starts at line *i, advances *i past it;
 * false when the lines there are not a table after all. */
typedef bool (*lay_table_fn)(fr_doc *doc, const lay_doc *td, size_t *i);

/* layout_blocks.c: the blocks of a document (cover, contents, headings,
 * paragraphs, notes, tables) from its lines; shared with the pdf reader,
 * which rebuilds the lines from glyph boxes and brings its own table parser. */
void lay_emit_blocks(fr_doc *doc, const lay_doc *td, lay_table_fn parse_table);
/* The typical width of a full narrative line (90th percentile). */
size_t lay_body_width(const lay_doc *td);
/* The 90th percentile of n widths (sorts them); 60 for none. */
size_t lay_width_p90(size_t *widths, size_t n);

/* layout_table.c: the preamble (title, id, unit line, entity) of the table that
 * starts at line *i: adds the table to doc with them and advances *i to the
 * first line after it. NULL (and *i unchanged) if there is no title or id. */
fr_table *lay_table_begin(fr_doc *doc, const lay_doc *td, size_t *i);
/* A unit line ("金额单位：万元"). */
bool lay_is_unit_line(const char *s);
/* Text that ends a sentence of a note or a cell: "。" or "；". */
bool lay_ends_text(const char *s);
/* A table title ("…情况表", "…表（按功能分类科目）"). */
bool lay_is_table_title(const char *s);
/* s without spaces, g_malloc'd. */
char *lay_compact(const char *s);
/* A "第X部分" heading line. */
bool lay_is_part_heading(const char *s);
/* Numbered text ("一、", "（二）", "3.") at the start of s. */
bool lay_is_numbered(const char *s);

/* The role the heading vocabulary gives a column heading: "code", "name",
 * "lineno", "data", or NULL when the term is not in it. */
const char *lay_term_role(const char *term);

/* layout_table.c: parses the table starting at line *i (its title, id or unit
 * line); advances *i past it. Returns false if the lines there are not a table. */
bool lay_parse_table(fr_doc *doc, const lay_doc *td, size_t *i);
/* Is line i the start of a table (unit line, id or title with a table near)? */
bool lay_table_starts(const lay_doc *td, size_t i);
bool lay_is_form_key(const lay_doc *td, size_t i); /* "项目名称 X": a form's first cell */
/* Is line i the head of a grid with no title set in the narrative: after a
 * sentence, column headings in smaller type over rows in that type? (pdf) */
bool lay_untitled_grid(const lay_doc *td, size_t i);
/* A note line (注：/说明：). */
bool lay_is_note(const char *s);
/* Table id ("表5", "公开 05 表") in s: g_malloc'd normalised id or NULL. */
char *lay_table_id(const char *s);

/* layout_grid.c: for readers that find a table's grid themselves (pdf, docx). */
#define LAY_MAX_PANELS 8

bool lay_all_digits(const char *s);
bool lay_is_code_word(const char *s);    /* 3, 5 or 7 digits */
bool lay_is_amount_word(const char *s);  /* an amount or a plain integer */
bool lay_is_decimal_word(const char *s); /* an amount with a point or separators */
bool lay_is_total_word(const char *s);   /* 合计 / 总计 */
/* "栏次 1 2 3 …", "1 2 3 4": the column numbers under a header, tallied a word
 * (or cell) at a time: lay_colnums c = LAY_COLNUMS_INIT; lay_colnums_add(&c, w)… */
typedef struct lay_colnums {
    int ints, expect, other;
    bool named; /* the line says 栏次 (栏, 次), or ** over the label columns */
} lay_colnums;
#define LAY_COLNUMS_INIT {0, 1, 0, false}
void lay_colnums_add(lay_colnums *c, const char *word);
bool lay_colnums_are(const lay_colnums *c);
/* Appends s; two ASCII words keep a space between them, CJK joins without. */
void lay_append_word(GString *g, const char *s);

/* A leaf column of a table being built. */
typedef struct lay_gcol {
    double x0, x1;        /* where it is printed (pdf); unused otherwise */
    const char *label;    /* the leaf heading, or NULL */
    fr_col_role role;
    int panel;
    bool code_part;       /* one of 类 / 款 / 项 */
    int n_codes, n_two, n_amounts, n_text; /* what its body cells hold */
    int n_decimals, n_bare; /* amounts with decimals; bare whole numbers of 4 digits or more */
    bool doubt;           /* its label was read by OCR and is no known heading: may be misread */
} lay_gcol;

/* Tallies one body cell (or word) of column c. */
void lay_gcol_count(lay_gcol *c, const char *text);
/* Roles (from labels, else from the tallies) and panels (label columns after
 * data columns begin the next one). Returns the number of panels. */
int lay_gcols_finish(lay_gcol *cols, int ncols);
/* The table's layout and panel labels, once its headers are added. */
void lay_grid_layout(fr_doc *doc, fr_table *t, const lay_gcol *cols, int ncols, int npanels, const char *header_text);
/* One IR row of a panel from the text of each column (NULL or "" is blank):
 * codes from code columns or leading digits of the name, amounts exact. */
fr_row *lay_grid_add_row(fr_doc *doc, fr_table *t, const lay_gcol *cols, int ncols, int panel,
                         const char *const *texts, fr_prov where);
/* Are a and b the same text but for what OCR may misread: as long within a
 * fifth, and nine in ten of their characters in common (in any order)? */
bool lay_near_text(const char *a, const char *b);
/* w holds what OCR recognised with confidence conf too: marked, its lowest kept */
void lay_prov_ocr(fr_prov *w, unsigned char conf);
/* Where lines a..b−1 came from: line a's page and number, and what OCR
 * recognised among them (the lowest confidence). */
fr_prov lay_where(const lay_doc *td, size_t a, size_t b);
/* Marks the cells of row (of panel) that OCR recognised: conf[c] is column c's
 * words' lowest confidence, or negative where no word of it was recognised. */
void lay_grid_mark_ocr(fr_row *row, const lay_gcol *cols, int ncols, int panel, const float *conf);

/* Notes under a table ("注：…" and the lines that carry it on) into t->notes;
 * returns the line after them. */
size_t lay_read_notes(fr_doc *doc, fr_table *t, const lay_doc *td, size_t i);

#endif
