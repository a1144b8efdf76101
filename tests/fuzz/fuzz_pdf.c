/* fuzz_pdf.c — libFuzzer harness for the pdf reader (and the passes and writers after it).
 * Pages are fetched by a helper thread as well, so that the fetcher's hand-over
 * (pdf_fetch.c) meets the same hostile documents. */
#include "fuzz_reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fr_set_spare_threads(1);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) { return fuzz_read("pdf", "fuzz.pdf", data, size); }
