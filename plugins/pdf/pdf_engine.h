/* pdf_engine.h — what pdf_loader.c (in fiscus) and the engine it opens
 * (fiscus-pdf.so) agree on. It names no Poppler type: the loader is built
 * without Poppler. An engine whose fiscus_pdf_engine_abi differs is refused. */
#ifndef FISCUS_PDF_ENGINE_H
#define FISCUS_PDF_ENGINE_H

#include "../../core/fiscus.h"

#define FR_PDF_ENGINE_ABI 2u /* 2: read takes the number of helper threads */

/* Reads in into doc; may start up to helpers threads to fetch pages ahead. */
int fiscus_pdf_engine_read(const fr_input *in, fr_doc *doc, int helpers, fr_error *err);
extern const unsigned fiscus_pdf_engine_abi;

#endif
