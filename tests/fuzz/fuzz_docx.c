/* fuzz_docx.c — libFuzzer harness for the docx reader (and the passes and writers after it). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) { return fuzz_read("docx", "fuzz.docx", data, size); }
