/* pdf_engine.h — what pdf_loader.c (in fiscus) and the engine it opens
 * (fiscus-pdf.so) agree on. It names no Poppler type: the loader is built
 * without Poppler. An engine whose fiscus_pdf_engine_abi differs is refused.
 * The engine links its own copy of libfiscus, so what fiscus was told (threads,
 * OCR) reaches it here, not through libfiscus's settings. */
#ifndef FISCUS_PDF_ENGINE_H
#define FISCUS_PDF_ENGINE_H

#include "../../core/fiscus.h"

#define FR_PDF_ENGINE_ABI 3u /* 3: read takes fr_pdf_options */

typedef struct fr_pdf_options {
    size_t size;             /* sizeof(fr_pdf_options) */
    int helpers;             /* threads it may start to fetch pages ahead */
    fr_ocr_mode ocr;         /* pages without a text layer: see fr_set_ocr */
    int ocr_dpi;             /* pixels per inch a page is drawn at for OCR */
    void (*ocr_page_done)(int n); /* told of each page recognised (fiscus's progress line) */
} fr_pdf_options;

/* Reads in into doc. */
int fiscus_pdf_engine_read(const fr_input *in, fr_doc *doc, const fr_pdf_options *opt, fr_error *err);
extern const unsigned fiscus_pdf_engine_abi;

#endif
