/* fuzz_probe.c — libFuzzer harness for the dispatcher: every reader's probe
 * and fr_detect_reader under each name a file could have. A probe must read
 * only the bytes it is given and score 0–100. */
#include "../../core/fiscus.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* an exact-size copy, so ASan sees any read past the end */
    unsigned char *head = malloc(size ? size : 1);
    if (!head)
        return 0;
    memcpy(head, data, size);
    for (size_t i = 0; i < fr_registry_count(); i++) {
        const fr_format *f = fr_registry_get(i);
        if (f->kind == FR_READER && f->probe) {
            int s = f->probe(head, size);
            if (s < 0 || s > 100)
                abort();
        }
    }
    static const char *const names[] = {"x.txt", "x.pdf", "x.docx", "x", "-", "X.PDF"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        int score = -1;
        const fr_format *r = fr_detect_reader(names[n], head, size, &score);
        if (r && (score < 1 || score > 100 || r->kind != FR_READER))
            abort();
    }
    free(head);
    return 0;
}
