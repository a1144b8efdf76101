/* fuzz_pdf.c — libFuzzer harness for the pdf reader (and the passes and writers after it). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) { return fuzz_read("pdf", "fuzz.pdf", data, size); }
