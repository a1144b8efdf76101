/* pdf_fetch.c — a document's pages for the reader, in order, with Poppler's
 * work done ahead on helper threads when there are idle processors.
 *
 * Poppler's work (laying out a page's text) is most of a PDF's time, and pages
 * are independent of each other; what comes after (pdf_page_lines) learns from
 * page to page and stays in order on the reader's thread. A Poppler document
 * is not shared between threads: each helper opens its own from the same
 * bytes. Helpers take the next page nobody has taken, at most FETCH_AHEAD
 * pages past the one the reader is at, so memory stays bounded on long
 * documents; the reader fetches the page it needs when no helper has taken it,
 * and while a helper is on it, a later one. The result is the same whatever
 * the number of helpers. */
#include "pdf.h"

#define FETCH_AHEAD 8

struct pdf_fetcher {
    PopplerDocument *pd; /* the reader's own, used on its thread only */
    GBytes *bytes;
    int npages;
    const fr_pdf_options *opt;
    GMutex lock;
    GCond changed;
    int next;            /* the first page nobody has taken */
    int at;              /* the page the reader is taking */
    bool stop;
    pdf_page_raw *slots; /* pages fetched by helpers, until the reader takes them */
    bool *ready;
    GThread *helpers[PDF_MAX_HELPERS];
    int nhelpers;
    int helped;          /* pages the helpers fetched */
    int started;         /* helpers that have opened their copy */
    PopplerDocument *warmed; /* the first helper's copy, its fonts warm for drawing */
};

/* a page of table rows: a dozen amounts or more */
static bool tabular(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p && n < 12;) {
        if (*p == ' ' || *p == '\n') {
            p++;
            continue;
        }
        const char *w = p;
        bool digit = false, other = false;
        while (*p && *p != ' ' && *p != '\n') {
            digit |= *p >= '0' && *p <= '9';
            other |= !(*p >= '0' && *p <= '9') && *p != ',' && *p != '.';
            p++;
        }
        n += digit && !other && p - w >= 4;
    }
    return n >= 12;
}

static gpointer helper_main(gpointer data)
{
    pdf_fetcher *f = data;
    PopplerDocument *pd = poppler_document_new_from_bytes(f->bytes, NULL, NULL);
    g_mutex_lock(&f->lock);
    /* the first helper also draws the first page of table rows, once, so that
     * the fonts the ruling lines are drawn with are loaded while the reader
     * still fetches pages (pdf_rules.c draws from this copy afterwards) */
    bool warmer = f->started++ == 0, warm = false;
    while (pd) { /* a copy that fails to open leaves every page to the reader */
        while (!f->stop && f->next < f->npages && f->next >= f->at + FETCH_AHEAD)
            g_cond_wait(&f->changed, &f->lock);
        if (f->stop || f->next >= f->npages)
            break;
        int k = f->next++;
        g_mutex_unlock(&f->lock);
        pdf_page_raw raw;
        pdf_page_fetch(pd, k, f->opt, &raw);
        bool draw = warmer && !warm && raw.text && tabular(raw.text);
        g_mutex_lock(&f->lock);
        f->slots[k] = raw;
        f->ready[k] = true;
        f->helped++;
        g_cond_broadcast(&f->changed);
        if (draw) {
            g_mutex_unlock(&f->lock);
            pdf_rules_warm(pd, k + 1);
            warm = true;
            g_mutex_lock(&f->lock);
        }
    }
    if (warm && pd) {
        f->warmed = pd;
        pd = NULL;
    }
    g_mutex_unlock(&f->lock);
    if (pd)
        g_object_unref(pd);
    return NULL;
}

pdf_fetcher *pdf_fetcher_new(PopplerDocument *pd, GBytes *bytes, int npages, const fr_pdf_options *opt)
{
    pdf_fetcher *f = g_new0(pdf_fetcher, 1);
    int helpers = opt->helpers;
    f->opt = opt;
    f->pd = pd;
    f->bytes = g_bytes_ref(bytes);
    f->npages = npages;
    g_mutex_init(&f->lock);
    g_cond_init(&f->changed);
    if (helpers > PDF_MAX_HELPERS)
        helpers = PDF_MAX_HELPERS;
    if (helpers > npages - 1)
        helpers = npages - 1;
    if (helpers <= 0)
        return f;
    f->slots = g_new0(pdf_page_raw, (size_t)npages);
    f->ready = g_new0(bool, (size_t)npages);
    for (int h = 0; h < helpers; h++) {
        GThread *t = g_thread_try_new("fiscus-pdf-page", helper_main, f, NULL);
        if (!t) /* fewer helpers, or none: the reader fetches what they do not */
            break;
        f->helpers[f->nhelpers++] = t;
    }
    return f;
}

void pdf_fetcher_take(pdf_fetcher *f, int index, pdf_page_raw *raw)
{
    if (f->nhelpers == 0) {
        pdf_page_fetch(f->pd, index, f->opt, raw);
        return;
    }
    g_mutex_lock(&f->lock);
    f->at = index; /* the pages before are done with: helpers may go further */
    g_cond_broadcast(&f->changed);
    for (;;) {
        if (f->ready[index]) {
            *raw = f->slots[index];
            f->slots[index] = (pdf_page_raw){0};
            f->ready[index] = false;
            break;
        }
        if (f->next <= index) { /* nobody has it: fetch it here */
            f->next = index + 1;
            g_mutex_unlock(&f->lock);
            pdf_page_fetch(f->pd, index, f->opt, raw);
            return;
        }
        if (f->next < f->npages && f->next < f->at + FETCH_AHEAD) {
            /* a helper is on it: fetch a later page meanwhile, rather than wait */
            int k = f->next++;
            g_mutex_unlock(&f->lock);
            pdf_page_raw later;
            pdf_page_fetch(f->pd, k, f->opt, &later);
            g_mutex_lock(&f->lock);
            f->slots[k] = later;
            f->ready[k] = true;
            continue;
        }
        g_cond_wait(&f->changed, &f->lock);
    }
    g_mutex_unlock(&f->lock);
}

int pdf_fetcher_helpers(const pdf_fetcher *f) { return f->nhelpers; }

int pdf_fetcher_helped(pdf_fetcher *f)
{
    g_mutex_lock(&f->lock);
    int n = f->helped;
    g_mutex_unlock(&f->lock);
    return n;
}

void pdf_fetcher_free(pdf_fetcher *f, PopplerDocument **warmed)
{
    if (warmed)
        *warmed = NULL;
    if (!f)
        return;
    g_mutex_lock(&f->lock);
    f->stop = true;
    g_cond_broadcast(&f->changed);
    g_mutex_unlock(&f->lock);
    for (int h = 0; h < f->nhelpers; h++)
        g_thread_join(f->helpers[h]);
    if (warmed)
        *warmed = f->warmed;
    else if (f->warmed)
        g_object_unref(f->warmed);
    for (int k = 0; f->ready && k < f->npages; k++) /* fetched, never taken (the reader stopped early) */
        if (f->ready[k])
            pdf_page_raw_clear(&f->slots[k]);
    g_free(f->slots);
    g_free(f->ready);
    g_bytes_unref(f->bytes);
    g_cond_clear(&f->changed);
    g_mutex_clear(&f->lock);
    g_free(f);
}
