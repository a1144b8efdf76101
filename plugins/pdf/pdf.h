/* pdf.h — internals shared by the PDF reader's files.
 *
 * Poppler gives each page's characters with their boxes (points, origin at the
 * top left, y down). pdf_page.c turns them into words (glyphs close on one
 * baseline) and lines (words on one baseline); the reader hands the lines to
 * the block assembly it shares with the txt reader, and pdf_table.c rebuilds
 * tables from the word boxes those lines carry. */
#ifndef FISCUS_PDF_H
#define FISCUS_PDF_H

#include "../txt/txt.h"

#include <poppler.h>

#define PDF_MAX_PAGES 20000
#define PDF_MAX_GLYPHS_PER_PAGE 200000

typedef struct pdf_word {
    double x0, y0, x1, y1;
    const char *text;   /* NFKC-normalised */
    bool glued;         /* set close to the word before: no space between them in text */
    bool bold;
    float size;
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

/* Lines of one page, top to bottom, allocated in arena. Page furniture
 * (page numbers in the top and bottom margins) is left out. Returns the number
 * of lines, or -1 if the page has more glyphs than PDF_MAX_GLYPHS_PER_PAGE. */
int pdf_page_lines(PopplerPage *page, int pageno, pdf_fonts *fonts, fr_arena *arena, pdf_line **out);

/* qsort comparison of doubles. */
int pdf_cmp_double(const void *a, const void *b);

/* The text of a line for the block assembly: words joined by one space. */
char *pdf_line_text(fr_arena *arena, const pdf_line *l);

/* pdf_reader.c: the engine's entry point, found by pdf_loader.c in fiscus-pdf.so */
int fiscus_pdf_engine_read(const fr_input *in, fr_doc *doc, fr_error *err);
extern const unsigned fiscus_pdf_engine_abi;

/* pdf_table.c */
bool pdf_parse_table(fr_doc *doc, const txt_doc *td, size_t *i);

#endif
