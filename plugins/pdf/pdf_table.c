#include "pdf.h"
bool pdf_parse_table(fr_doc *doc, const txt_doc *td, size_t *i) { return txt_parse_table(doc, td, i); }
