/* pdf_reader.c — the "pdf" reader's engine: Poppler's GLib API, one page at
 * a time. It is built into fiscus-pdf.so, which pdf_loader.c opens the first
 * time a PDF is read, so that other inputs never load Poppler.
 *
 * Each page's glyph boxes become lines of words (pdf_page.c); the lines, with
 * their geometry attached, go through the same block assembly as plain text
 * (headings by their numbering, paragraphs joined over wraps and page breaks),
 * and tables are rebuilt from word boxes (pdf_table.c). */
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void debug_dump(const pdf_line *ls, int n)
{
    for (int k = 0; k < n; k++) {
        const pdf_line *l = &ls[k];
        fprintf(stderr, "p%d y%6.1f-%6.1f em%4.1f%s |", l->page, l->y0, l->y1, l->em, l->bold ? " B" : "");
        for (int w = 0; w < l->nwords; w++)
            fprintf(stderr, " [%.0f-%.0f %s]", l->words[w].x0, l->words[w].x1, l->words[w].text);
        fputc('\n', stderr);
    }
}

static int open_error(GError *gerr, fr_error *err)
{
    int code = FR_ERR_INPUT;
    const char *what = gerr ? gerr->message : "unknown error";
    int rc;
    if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
        rc = fr_error_set(err, code, "encrypted PDF: it needs a password to open");
    else if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_DAMAGED)
        rc = fr_error_set(err, code, "damaged PDF: %s", what);
    else
        rc = fr_error_set(err, code, "not a readable PDF: %s", what);
    if (gerr)
        g_error_free(gerr);
    return rc;
}

/* "2, 4–7, 9" for a sorted list of page numbers; after 12 ranges, "…" */
static char *page_ranges(const GArray *pages)
{
    GString *o = g_string_new(NULL);
    int ranges = 0;
    for (guint i = 0; i < pages->len; i++) {
        int first = g_array_index(pages, int, i), last = first;
        while (i + 1 < pages->len && g_array_index(pages, int, i + 1) == last + 1)
            last = g_array_index(pages, int, ++i);
        if (++ranges > 12) {
            g_string_append(o, ", …");
            break;
        }
        g_string_append_printf(o, "%s%d", o->len ? ", " : "", first);
        if (last > first)
            g_string_append_printf(o, "–%d", last);
    }
    return g_string_free(o, FALSE);
}

/* one warning for all the pages a condition holds on, however many: a PDF of
 * thousands of blank pages gets one line, not thousands */
static void pages_diag(fr_doc *doc, const GArray *pages, const char *code, const char *one, const char *many)
{
    if (pages->len == 0)
        return;
    int first = g_array_index(pages, int, 0);
    if (pages->len == 1) {
        fr_doc_diag(doc, FR_SEV_WARNING, code, (fr_prov){.page = first, .line = 0}, NULL, one, first);
        return;
    }
    char *list = page_ranges(pages);
    fr_doc_diag(doc, FR_SEV_WARNING, code, (fr_prov){.page = first, .line = 0}, NULL, many, pages->len, list);
    g_free(list);
}

/* The pages' geometry: one arena filled page after page, with a mark where each
 * page begins, so that what the block assembly has gone past can be freed. */
typedef struct page_geometry {
    fr_arena *arena;
    GArray *marks;         /* size_t per page: fr_arena_mark before it */
    const lay_line *lines;
} page_geometry;

/* lay_doc.release: lines before `line` are done, so are the pages before its page */
static void release_pages(void *ctx, size_t line)
{
    page_geometry *pg = ctx;
    int page = pg->lines[line].page;
    if (page >= 1 && (guint)page <= pg->marks->len)
        fr_arena_release_before(pg->arena, g_array_index(pg->marks, size_t, page - 1));
}

/* The widths of lines a..b−1 that are one word (running text: table rows would widen
 * the measure) into w; returns how many */
static size_t one_word_widths(const lay_doc *td, size_t a, size_t b, size_t *w)
{
    size_t n = 0;
    for (size_t k = a; k < b; k++)
        if (((const pdf_line *)td->lines[k].geo)->nwords == 1)
            w[n++] = td->lines[k].width;
    return n;
}
/* The document's own title (its Info dictionary) as a report title: Poppler
 * gives a title some producers wrote as GBK bytes in hex as "<BDADCBD5…>";
 * the name of the file it was printed from ("….xls") loses its extension. NULL
 * for none. */
static char *info_title(const char *raw)
{
    size_t n = strlen(raw);
    if (n > 1024)
        return NULL;
    char *t = NULL;
    if (n >= 4 && raw[0] == '<' && raw[n - 1] == '>' && (n - 2) % 2 == 0) {
        GByteArray *b = g_byte_array_new();
        bool hex = true;
        for (size_t k = 1; k + 1 < n && hex; k += 2) {
            hex = g_ascii_isxdigit(raw[k]) && g_ascii_isxdigit(raw[k + 1]);
            guint8 v = (guint8)(g_ascii_xdigit_value(raw[k]) * 16 + g_ascii_xdigit_value(raw[k + 1]));
            g_byte_array_append(b, &v, 1);
        }
        if (hex && b->len) {
            if (g_utf8_validate((const char *)b->data, (gssize)b->len, NULL))
                t = g_strndup((const char *)b->data, b->len);
            else
                t = g_convert((const char *)b->data, (gssize)b->len, "UTF-8", "GB18030", NULL, NULL, NULL);
        }
        g_byte_array_free(b, TRUE);
    }
    if (!t)
        t = g_strdup(raw);
    static const char *const ext[] = {".xlsx", ".xls", ".docx", ".doc", ".wps", ".et", ".pdf"};
    for (size_t k = 0; k < G_N_ELEMENTS(ext); k++)
        if (g_str_has_suffix(t, ext[k]) && strlen(t) > strlen(ext[k])) {
            t[strlen(t) - strlen(ext[k])] = '\0';
            break;
        }
    char *norm = fr_text_normalize(t, strlen(t));
    g_free(t);
    if (norm && !*g_strstrip(norm)) {
        g_free(norm);
        return NULL;
    }
    return norm;
}


/* Is what follows a line's first word a sentence (run-in text), not the rest of
 * a heading set in mixed type ("二、2026年" larger than "杭州市公安局部门预算安排
 * 情况说明")? The line has two words or more. */
static bool run_in_sentence(const pdf_line *g)
{
    if (g->words[0].bold != g->words[1].bold || lay_ends_text(g->words[g->nwords - 1].text))
        return true;
    size_t rest = 0;
    for (int w = 1; w < g->nwords && rest <= 20; w++)
        rest += (size_t)g_utf8_strlen(g->words[w].text, -1);
    return rest > 20;
}

int fiscus_pdf_engine_read(const fr_input *in, fr_doc *doc, const fr_pdf_options *given, fr_error *err)
{
    fr_pdf_options opt = {sizeof opt, 0, FR_OCR_AUTO, 300, NULL};
    memcpy(&opt, given, MIN(given->size, sizeof opt));
    GError *gerr = NULL;
    GBytes *bytes = g_bytes_new_static(in->data, in->len);
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    if (!pd) {
        g_bytes_unref(bytes);
        return open_error(gerr, err);
    }
    int npages = poppler_document_get_n_pages(pd);
    if (npages <= 0) {
        g_object_unref(pd);
        g_bytes_unref(bytes);
        return fr_error_set(err, FR_ERR_INPUT, "PDF has no pages");
    }
    if (npages > PDF_MAX_PAGES) {
        g_object_unref(pd);
        g_bytes_unref(bytes);
        return fr_error_set(err, FR_ERR_LIMIT, "PDF has %d pages, more than the limit of %d", npages,
                            PDF_MAX_PAGES);
    }
    doc->meta.page_count = npages;
    char *ptitle = poppler_document_get_title(pd);
    bool debug = getenv("FISCUS_PDF_DEBUG") != NULL;

    /* lines of every page; their geometry lives in a scratch arena, freed page by
     * page once the block assembly has gone past (release_pages) */
    fr_arena *scratch = fr_arena_new();
    page_geometry pg = {scratch, g_array_sized_new(FALSE, FALSE, sizeof(size_t), (guint)npages), NULL};
    pdf_fonts *fonts = pdf_fonts_new();
    GArray *lines = g_array_new(FALSE, TRUE, sizeof(lay_line));
    GArray *unreadable = g_array_new(FALSE, FALSE, sizeof(int)), *textless = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *recognised = g_array_new(FALSE, FALSE, sizeof(int)), *unrecognised = g_array_new(FALSE, FALSE, sizeof(int));
    char *ocr_why = NULL; /* why the first page OCR could not read was not read */
    double ocr_conf = 0;  /* the recognised words' confidences, added up */
    long ocr_words = 0;
    int status = FR_OK;
    pdf_fetcher *fetch = pdf_fetcher_new(pd, bytes, npages, &opt);
    for (int p = 0; p < npages; p++) {
        pdf_page_raw raw;
        pdf_fetcher_take(fetch, p, &raw);
        int number = p + 1;
        size_t mark = fr_arena_mark(scratch); /* marks[p]: where page p + 1 begins */
        g_array_append_val(pg.marks, mark);
        if (!raw.readable) {
            g_array_append_val(unreadable, number);
            continue;
        }
        pdf_line *pl = NULL;
        int n = pdf_page_lines(&raw, p + 1, fonts, scratch, &pl);
        bool failed = raw.ocr_failed != NULL;
        if (failed && !ocr_why)
            ocr_why = g_strdup(raw.ocr_failed);
        if (raw.ocr && n > 0) {
            g_array_append_val(recognised, number);
            for (int k = 0; k < n; k++)
                for (int w = 0; w < pl[k].nwords; w++, ocr_words++)
                    ocr_conf += pl[k].words[w].conf;
        }
        pdf_page_raw_clear(&raw);
        if (n < 0) {
            status = fr_error_set(err, FR_ERR_LIMIT, "page %d has more than %d glyphs", p + 1,
                                  PDF_MAX_GLYPHS_PER_PAGE);
            break;
        }
        if (n == 0) {
            g_array_append_val(failed ? unrecognised : textless, number);
            continue;
        }
        if (debug)
            debug_dump(pl, n);
        /* the page's left margin: where most lines begin */
        double *xs = g_new(double, (size_t)n);
        for (int k = 0; k < n; k++)
            xs[k] = pl[k].x0;
        qsort(xs, (size_t)n, sizeof *xs, pdf_cmp_double);
        double margin = xs[n / 10];
        g_free(xs);
        for (int k = 0; k < n; k++) {
            pdf_line *g = &pl[k];
            lay_line l = {0};
            l.text = pdf_line_text(scratch, g);
            if (g->nwords && g->words[0].ocr) {
                char *t = pdf_ocr_title(scratch, l.text);
                if (t)
                    l.text = t;
            }
            double em = g->em > 1 ? g->em : 10;
            double off = g->x0 - margin;
            l.indent = off > em * 1.5 ? (int)lround(off / em) : 0;
            l.page = p + 1;
            l.lineno = k + 1;
            l.page_start = k == 0;
            l.width = (size_t)lround(MAX(0, g->x1 - MIN(margin, g->x0)) * 100); /* points ×100 until the document's em is known */
            l.geo = g;
            l.size = (float)g->size;
            for (int w = 0; w < g->nwords; w++)
                if (g->words[w].ocr) {
                    l.conf = l.ocr ? MIN(l.conf, (unsigned char)g->words[w].conf) : (unsigned char)g->words[w].conf;
                    l.ocr = true;
                }
            /* a numbered run-in heading set apart by its type: a line of its own */
            if (g->nwords >= 2 && g->words[1].glued && lay_is_numbered(g->words[0].text) &&
                (g->words[0].bold != g->words[1].bold || g->words[0].size > g->words[1].size + 0.5f) &&
                g_utf8_strlen(g->words[0].text, -1) <= 40 && run_in_sentence(g)) {
                lay_line head = l;
                head.text = fr_arena_strdup(scratch, g->words[0].text);
                head.width = (size_t)lround(MAX(0, g->words[0].x1 - MIN(margin, g->x0)) * 100);
                g_array_append_val(lines, head);
                pdf_line rest = *g;
                rest.words++;
                rest.nwords--;
                rest.words[0].glued = false;
                pdf_line *rp = fr_arena_alloc(scratch, sizeof *rp);
                *rp = rest;
                l.text = pdf_line_text(scratch, rp);
                l.page_start = false;
                l.geo = rp;
            }
            g_array_append_val(lines, l);
        }
    }
    if (debug)
        fprintf(stderr, "pdf: %d pages, %d fetched by %d helper threads\n", npages, pdf_fetcher_helped(fetch),
                pdf_fetcher_helpers(fetch));
    PopplerDocument *warmed = NULL; /* a helper's copy with the fonts loaded for drawing */
    pdf_fetcher_free(fetch, &warmed);
    /* running headers and footers: the same text in a page margin on three
     * pages or more (and a third of them) */
    if (status == FR_OK && npages >= 3) {
        GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint k = 0; k < lines->len; k++) {
            lay_line *l = &g_array_index(lines, lay_line, k);
            if (((const pdf_line *)l->geo)->margin) {
                int n = GPOINTER_TO_INT(g_hash_table_lookup(seen, l->text));
                g_hash_table_insert(seen, (gpointer)l->text, GINT_TO_POINTER(n + 1));
            }
        }
        guint kept = 0;
        for (guint k = 0; k < lines->len; k++) {
            lay_line *l = &g_array_index(lines, lay_line, k);
            int n = ((const pdf_line *)l->geo)->margin ? GPOINTER_TO_INT(g_hash_table_lookup(seen, l->text)) : 0;
            if (n >= 3 && n * 3 >= npages)
                continue;
            l->page_start = kept == 0 || g_array_index(lines, lay_line, kept - 1).page != l->page;
            g_array_index(lines, lay_line, kept++) = *l;
        }
        g_array_set_size(lines, kept);
        g_hash_table_destroy(seen);
    }
    if (status == FR_OK && lines->len > 0) {
        pages_diag(doc, unreadable, "pdf.page", "page %d cannot be read", "%u pages cannot be read: %s");
        if (opt.ocr == FR_OCR_NEVER)
            pages_diag(doc, textless, "pdf.notext", "page %d has no text layer (scanned?); its content is not converted",
                       "%u pages have no text layer (scanned?); their content is not converted: %s");
        else
            pages_diag(doc, textless, "pdf.notext",
                       "page %d has no text layer and no picture to read by OCR (blank?); --ocr=always reads its drawing",
                       "%u pages have no text layer and no picture to read by OCR (blank?): %s; --ocr=always reads their drawings");
    }
    if (status == FR_OK && unrecognised->len) {
        /* one line for all the pages OCR could not read, with the first reason */
        char *list = page_ranges(unrecognised);
        fr_doc_diag(doc, FR_SEV_WARNING, "pdf.ocr", (fr_prov){.page = g_array_index(unrecognised, int, 0), .line = 0}, NULL,
                    "%s %s %s no text layer; %s: not converted", unrecognised->len == 1 ? "page" : "pages", list,
                    unrecognised->len == 1 ? "has" : "have", ocr_why);
        g_free(list);
    }
    if (status == FR_OK && recognised->len) {
        char *list = page_ranges(recognised);
        fr_doc_diag(doc, FR_SEV_INFO, "pdf.ocr", (fr_prov){.page = g_array_index(recognised, int, 0), .line = 0}, NULL,
                    "%s %s read by OCR at %d dpi: %ld words, mean confidence %.0f%%; check its figures against the page",
                    recognised->len == 1 ? "page" : "pages", list, opt.ocr_dpi, ocr_words,
                    ocr_words ? ocr_conf / (double)ocr_words : 0.0);
        g_free(list);
    }
    if (status == FR_OK && lines->len == 0)
        status = ocr_why ? fr_error_set(err, FR_ERR_INPUT, "no text layer on any of its %d pages; %s", npages, ocr_why)
                         : fr_error_set(err, FR_ERR_INPUT, "no text layer on any of its %d pages (a scanned PDF?)%s",
                                        npages, opt.ocr == FR_OCR_NEVER ? "; --ocr=auto would read it by OCR" : "");
    g_array_free(recognised, TRUE);
    g_array_free(unrecognised, TRUE);
    g_free(ocr_why);
    g_array_free(unreadable, TRUE);
    g_array_free(textless, TRUE);

    if (status == FR_OK) {
        lay_doc td = {0};
        td.lines = (lay_line *)(void *)lines->data; /* writable: widths are finished below */
        td.n = lines->len;
        td.pages = npages;
        /* widths in half-ems of the document's body text (a heading set
         * larger is not shorter than the text around it) */
        double *ems = g_new(double, td.n + 1);
        size_t ne = 0;
        for (size_t k = 0; k < td.n; k++)
            if (((const pdf_line *)td.lines[k].geo)->nwords == 1)
                ems[ne++] = ((const pdf_line *)td.lines[k].geo)->em;
        qsort(ems, ne, sizeof *ems, pdf_cmp_double);
        double doc_em = ne ? ems[ne / 2] : 10;
        g_free(ems);
        if (doc_em < 1)
            doc_em = 10;
        for (size_t k = 0; k < td.n; k++)
            td.lines[k].width = (size_t)lround((double)td.lines[k].width / 100 / (doc_em / 2));
        /* the width of a full narrative line, from lines of one word (table
         * rows on landscape pages would widen it) */
        size_t *widths = g_new(size_t, td.n + 1), nw = one_word_widths(&td, 0, td.n, widths);
        td.body_width = nw >= 10 ? lay_width_p90(widths, nw) : lay_body_width(&td);
        /* pages differ (portrait text, landscape tables and notes): a line is
         * measured against the full lines of its own page */
        for (size_t a = 0; a < td.n;) {
            size_t b = a;
            while (b < td.n && td.lines[b].page == td.lines[a].page)
                b++;
            size_t np = one_word_widths(&td, a, b, widths);
            size_t pw = np >= 5 ? lay_width_p90(widths, np) : 0;
            if (pw > 0)
                for (size_t k = a; k < b; k++)
                    td.lines[k].width = td.lines[k].width * td.body_width / pw;
            a = b;
        }
        g_free(widths);
        if (debug)
            for (size_t k = 0; k < td.n; k++)
                fprintf(stderr, "line p%d.%d width %zu/%zu indent %d: %.40s\n", td.lines[k].page, td.lines[k].lineno,
                        td.lines[k].width, td.body_width, td.lines[k].indent, td.lines[k].text);
        pg.lines = td.lines;
        td.release = release_pages;
        td.release_ctx = &pg;
        /* ruling lines: the fetchers are done, this thread alone draws from pd */
        pdf_rules_set_document(warmed ? warmed : pd);
        lay_emit_blocks(doc, &td, pdf_parse_table);
        pdf_rules_set_document(NULL);
        if (!doc->meta.title && ptitle && *ptitle) {
            char *t = info_title(ptitle);
            if (t)
                doc->meta.title = fr_arena_strdup(doc->arena, t);
            g_free(t);
        }
    }
    g_array_free(lines, TRUE);
    g_array_free(pg.marks, TRUE);
    fr_arena_free(scratch);
    pdf_fonts_free(fonts);
    g_free(ptitle);
    if (warmed)
        g_object_unref(warmed);
    g_object_unref(pd);
    g_bytes_unref(bytes);
    return status;
}

const unsigned fiscus_pdf_engine_abi = FR_PDF_ENGINE_ABI;
