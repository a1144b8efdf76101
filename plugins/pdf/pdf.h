/* pdf.h — internals shared by the PDF reader's files.
 *
 * Poppler gives each page's characters with their boxes (points, origin at the
 * top left, y down). pdf_page.c turns them into words (glyphs close on one
 * baseline) and lines (words on one baseline); the reader hands the lines to
 * the block assembly it shares with the txt reader, and pdf_table.c rebuilds
 * tables from the word boxes those lines carry. */
#ifndef FISCUS_PDF_H
#define FISCUS_PDF_H

#include "../layout/layout.h"
#include "pdf_engine.h"

#include <poppler.h>

#define PDF_MAX_PAGES 20000
#define PDF_MAX_GLYPHS_PER_PAGE 200000

typedef struct pdf_word {
    double x0, y0, x1, y1;
    const char *text;   /* NFKC-normalised */
    bool glued;         /* set close to the word before: no space between them in text */
    bool bold;
    bool ocr;           /* recognised by OCR (pdf_ocr.c) */
    float size;
    float conf;         /* OCR: the lowest confidence of its characters' words, 0..100 */
    int cell;           /* OCR: the ruled cell it lies in (a rule parts two), 0 none */
} pdf_word;

typedef struct pdf_line {
    double x0, y0, x1, y1;
    double em;          /* typical glyph height on the line */
    double size;        /* font size */
    bool bold;
    bool margin;        /* in the top 8% or bottom 12% of its page */
    int page;
    pdf_word *words;    /* left to right */
    int nwords;
} pdf_line;

/* What the pages taught about the document's fonts (how far each font's glyph
 * boxes sit from the others'); carried from page to page. */
typedef struct pdf_fonts pdf_fonts;
pdf_fonts *pdf_fonts_new(void);
void pdf_fonts_free(pdf_fonts *fo);

/* What Poppler gives for one page: its text, a box per character, the text's
 * fonts and the page's size. pdf_page_fetch does all of a page's Poppler work,
 * on whichever thread owns the document; pdf_page_lines then needs no Poppler. */
typedef struct pdf_page_raw {
    bool readable;            /* the page could be opened */
    char *text;               /* NULL: no text layer */
    PopplerRectangle *rects;  /* a box per character of text */
    guint nrects;
    GList *attrs;             /* PopplerTextAttributes; NULL past PDF_MAX_GLYPHS_PER_PAGE */
    double height;            /* the page's */
    bool ocr;                 /* text and boxes recognised by OCR, not the page's text layer */
    float *conf;              /* OCR: a confidence per character (its word's), else NULL */
    int *word;                /* OCR: the word each character is of (0, 1, …), else NULL */
    int *cell;                /* OCR: the ruled cell each character lies in (1, 2, …; 0 none), else NULL */
    char *ocr_failed;         /* a page without text that OCR could not read: why */
} pdf_page_raw;

/* Fetches a page: its text layer, or (opt's OCR mode) what OCR recognises on it. */
void pdf_page_fetch(PopplerDocument *pd, int index, const fr_pdf_options *opt, pdf_page_raw *raw);
void pdf_page_raw_clear(pdf_page_raw *raw);

/* Lines of one page, top to bottom, allocated in arena. Page furniture
 * (page numbers in the top and bottom margins) is left out. Returns the number
 * of lines, or -1 if the page has more glyphs than PDF_MAX_GLYPHS_PER_PAGE.
 * Pages go through it in order: fonts learns from each. */
int pdf_page_lines(const pdf_page_raw *raw, int pageno, pdf_fonts *fonts, fr_arena *arena, pdf_line **out);

/* pdf_fetch.c: a document's pages, taken in order, fetched ahead by helper
 * threads that each open their own copy of the document (a Poppler document is
 * used by one thread at a time). With no helper, each page is fetched when taken. */
#define PDF_MAX_HELPERS 3
typedef struct pdf_fetcher pdf_fetcher;
pdf_fetcher *pdf_fetcher_new(PopplerDocument *pd, GBytes *bytes, int npages, const fr_pdf_options *opt);
void pdf_fetcher_take(pdf_fetcher *f, int index, pdf_page_raw *raw); /* index 0, 1, 2 … */
int pdf_fetcher_helpers(const pdf_fetcher *f);                      /* helper threads started */
int pdf_fetcher_helped(pdf_fetcher *f);                              /* pages they fetched so far */
/* stops and joins the helpers; warmed (if not NULL) takes the copy a helper
 * drew a page from (see pdf_rules_warm), or NULL */
void pdf_fetcher_free(pdf_fetcher *f, PopplerDocument **warmed);

/* s as digits and thousands commas, a point, then digits to its end: how many
 * digits follow the point ("0.00" 2, "370,219.2" 1, "246,458." 0); -1 if not so. */
int pdf_decimals(const char *s);

/* qsort comparison of doubles. */
int pdf_cmp_double(const void *a, const void *b);

/* The text of a line for the block assembly: words joined by one space. */
char *pdf_line_text(fr_arena *arena, const pdf_line *l);


/* pdf_ocr.c: recognises a page into raw (text, boxes, confidences) as
 * pdf_page_fetch gives a text page; false with raw->ocr_failed set (OCR not
 * installed, no language data, time out) */
bool pdf_ocr_page(PopplerPage *page, const fr_pdf_options *opt, pdf_page_raw *raw);
/* A line as OCR read it, put right where it is a table title a few characters
 * off a standard one (财政拨款基了支出预算表 经济科目）) or ends in a misread unit
 * key (部门：… 持位万元): the line (in arena), or NULL for no change. */
char *pdf_ocr_title(fr_arena *arena, const char *line);
/* An OCR'd figure put right in place: a minus read as 一, thousands separators
 * read as points or spaces, a point read a digit off (pdf_page.c) */
void pdf_ocr_figure(GString *s);

/* pdf_table.c */
bool pdf_parse_table(fr_doc *doc, const lay_doc *td, size_t *i);

/* pdf_rules.c: ruling lines, drawn from the document the reader set for the
 * thread that assembles the blocks (NULL: none). */
void pdf_rules_set_document(PopplerDocument *pd);
/* draws a page of pd and throws it away: its fonts are then loaded for the
 * bands drawn from pd later (on the thread that then owns pd) */
void pdf_rules_warm(PopplerDocument *pd, int page);
/* A band y0..y1 of a page (1-based) drawn once, asked many times: the
 * x positions (points, left to right) of the vertical rules crossing its rows
 * ya..yb, and whether a horizontal rule runs across xa..xb somewhere between
 * ya and yb. NULL (no document, too large, no more wanted) answers none. */
typedef struct pdf_band pdf_band;
bool pdf_rules_wanted(void);     /* may another band be drawn for this document? */
void pdf_rules_found(bool ruled); /* what the last one showed */
pdf_band *pdf_band_draw(int page, double y0, double y1);
GArray *pdf_band_vertical(const pdf_band *b, double ya, double yb);
bool pdf_band_horizontal(const pdf_band *b, double xa, double xb, double ya, double yb);
void pdf_band_free(pdf_band *b);

#endif
