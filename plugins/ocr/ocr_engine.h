/* ocr_engine.h — what the PDF engine (plugins/pdf/pdf_ocr.c) and the OCR engine
 * it opens (fiscus-ocr.so, ocr_tess.c) agree on. It names no Tesseract and no
 * Poppler type: a page goes in as 8-bit grey pixels, its characters come out
 * with their boxes in pixels. An engine whose fiscus_ocr_engine_abi differs is
 * refused. */
#ifndef FISCUS_OCR_ENGINE_H
#define FISCUS_OCR_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FR_OCR_ENGINE_ABI 2u

/* One recognised character. Boxes are in pixels of the image, origin at its
 * top left, y down; the line box is the text line's the character is in. */
typedef struct fr_ocr_glyph {
    int x0, y0, x1, y1;    /* the character's own box */
    int ly0, ly1;          /* its text line's top and bottom */
    uint32_t u;            /* the character (Unicode) */
    float conf;            /* its word's confidence, 0..100 */
    int line;              /* the text line's number on the page, from 0 */
    bool word_start;       /* the first character of a word */
    int cell;              /* the ruled cell it lies in (1, 2, …; a rule parts two), 0 none */
} fr_ocr_glyph;

typedef struct fr_ocr fr_ocr;

/* A recogniser for lang (Tesseract language names, "chi_sim"), one thread's at
 * a time. NULL with why filled when it cannot start (no language data). */
typedef fr_ocr *(*fr_ocr_open_fn)(const char *lang, char *why, size_t whylen);
/* Recognises a page of grey pixels (stride bytes a row) drawn at dpi, within
 * timeout_ms (0: none). *out (g_free) gets its characters in reading order,
 * *n their number. Returns 0, or -1 with why filled (time out, no memory). */
typedef int (*fr_ocr_page_fn)(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, int dpi,
                              int timeout_ms, fr_ocr_glyph **out, size_t *n, char *why, size_t whylen);

/* What the module exports */
fr_ocr *fiscus_ocr_open(const char *lang, char *why, size_t whylen);
int fiscus_ocr_page(fr_ocr *o, const unsigned char *grey, int width, int height, int stride, int dpi, int timeout_ms,
                    fr_ocr_glyph **out, size_t *n, char *why, size_t whylen);
void fiscus_ocr_close(fr_ocr *o);
extern const unsigned fiscus_ocr_engine_abi;

#endif
