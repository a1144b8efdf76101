/* fuzz_reader.h — the body the reader harnesses share (fuzz_txt.c, fuzz_pdf.c,
 * fuzz_docx.c): libFuzzer's bytes go through one reader, the passes and the
 * audit, then through the json, xml and md writers into a memory stream. A
 * refusal is fine; a crash, a sanitizer report, a leak or a hang is a finding.
 * Built and run by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined). */
#ifndef FUZZ_READER_H
#define FUZZ_READER_H

#include "../../core/fiscus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fuzz_read(const char *reader_name, const char *file_name, const unsigned char *data, size_t size)
{
    const fr_format *reader = fr_registry_find(reader_name, FR_READER);
    if (!reader)
        abort();
    /* readers may rely on the NUL fr_read_file puts after the bytes */
    unsigned char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = 0;
    fr_input in = {file_name, copy, size};
    fr_doc *doc = NULL;
    fr_error err = {0};
    if (fr_convert(reader, &in, 0, &doc, &err) == FR_OK) {
        static const char *const writers[] = {"json", "xml", "md"};
        for (size_t w = 0; w < sizeof writers / sizeof writers[0]; w++) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            if (!f)
                break;
            fr_error werr = {0};
            (void)fr_registry_find(writers[w], FR_WRITER)->write(doc, f, &werr);
            fclose(f);
            free(buf);
        }
        fr_doc_free(doc);
    } else if (!err.message[0]) {
        abort(); /* a refusal always says why */
    }
    free(copy);
    return 0;
}

#endif
