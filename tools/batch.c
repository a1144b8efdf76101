/* batch.c — converting many inputs: a GLib thread pool of -j workers, each
 * converting one input at a time (its own document, its own Poppler document),
 * while the main thread reports the results in input order: the messages, the
 * --summary line, the progress line on a terminal. One bad input never stops
 * the batch. Outputs depend on the input alone, never on -j or timing. */
#include "../core/fiscus.h"
#include "../core/fr_glib.h"
#include "cli.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_JOBS 256

typedef struct job {
    const fiscus_input *in;
    bool finished;
    bool failed;
    int warnings;     /* diagnostics of warning severity or worse */
    GString *log;     /* the lines for stderr, printed in input order */
    GPtrArray *outputs;
    const char *format;
    guint tables, cells;
    size_t errors, cautions, notes; /* findings by severity */
    double seconds;
    char *error;
    gint64 bytes;     /* the input's size: the larger go to the workers first */
} job;

/* Larger inputs first; of equal size, the earlier input first (a stable order) */
static int larger_first(const void *a, const void *b)
{
    const job *x = *(const job *const *)a, *y = *(const job *const *)b;
    if (x->bytes != y->bytes)
        return x->bytes > y->bytes ? -1 : 1;
    return x < y ? -1 : x > y;
}

typedef struct batch {
    const fiscus_batch_opts *o;
    job *jobs;
    guint n;
    GMutex lock;
    GCond changed;
    guint done, failed;
    unsigned convert_flags;  /* FR_CONVERT_*: the audit left out when nothing shows it */
} batch;

/* The audit's findings are shown by json and xml (any writer without
 * FR_FORMAT_NO_FINDINGS), counted by --summary, its notes printed by -v: with none
 * of these the conversion skips it (md, xbrl, fdp alone). */
static unsigned convert_flags(const fiscus_batch_opts *o)
{
    if (o->summary || o->verbose)
        return 0;
    for (guint w = 0; w < o->writers->len; w++)
        if (!(fr_format_flags(o->writers->pdata[w]) & FR_FORMAT_NO_FINDINGS))
            return 0;
    return FR_CONVERT_NO_AUDIT;
}

static char *output_path(const fiscus_batch_opts *o, const fiscus_input *in, const fr_format *w)
{
    if (!o->out_dir)
        return g_strdup(o->out_file ? o->out_file : "-");
    const char *ext = w->extensions && w->extensions[0] ? w->extensions[0] : w->name;
    char *file = g_strdup_printf("%s.%s", in->name, ext);
    char *path = g_build_filename(o->out_dir, file, NULL);
    g_free(file);
    return path;
}

static void count_content(job *j, const fr_doc *doc)
{
    for (size_t b = 0; b < doc->blocks.len; b++) {
        const fr_block *blk = doc->blocks.items[b];
        if (blk->kind != FR_BLOCK_TABLE)
            continue;
        j->tables++;
        for (size_t r = 0; r < blk->table->rows.len; r++) {
            const fr_row *row = blk->table->rows.items[r];
            for (int c = 0; c < row->ncells; c++)
                j->cells += row->cells[c].kind != FR_CELL_EMPTY;
        }
    }
    fr_doc_count_findings(doc, &j->errors, &j->cautions, &j->notes);
}

static const fr_table *table_by_id(const fr_doc *doc, const char *id)
{
    const fr_table *t;
    for (size_t at = 0; (t = fr_doc_next_table(doc, &at));)
        if (t->id && strcmp(t->id, id) == 0)
            return t;
    return NULL;
}

static void log_diags(job *j, const fiscus_batch_opts *o, const fr_doc *doc)
{
    const char *name = j->in->path;
    for (size_t i = 0; i < doc->diags.len; i++) {
        const fr_diag *g = doc->diags.items[i];
        if (g->severity >= FR_SEV_WARNING)
            j->warnings++;
        /* warnings (one line each) unless -q, notes with -v, errors always */
        if ((!o->verbose && g->severity < FR_SEV_WARNING) || (o->quiet && g->severity < FR_SEV_ERROR))
            continue;
        /* where: "p. 12, table 公开05表 收支总表" (a PDF's page), "line 40" (text) */
        GString *at = g_string_new(NULL);
        if (g->where.page > 0)
            g_string_append_printf(at, "p. %d", g->where.page);
        else if (g->where.line > 0)
            g_string_append_printf(at, "line %d", g->where.line);
        const fr_table *t = g->table_id ? table_by_id(doc, g->table_id) : NULL;
        if (g->table_id)
            g_string_append_printf(at, "%stable %s%s%s", at->len ? ", " : "", g->table_id, t && t->title ? " " : "",
                                   t && t->title ? t->title : "");
        g_string_append_printf(j->log, "fiscus: %s%s%s: %s: %s: %s\n", name, at->len ? ": " : "", at->str,
                               g->severity >= FR_SEV_ERROR     ? "error"
                               : g->severity >= FR_SEV_WARNING ? "warning"
                                                               : "note",
                               g->code, g->message);
        g_string_free(at, TRUE);
    }
}

static void run_job(gpointer data, gpointer user)
{
    job *j = data;
    batch *b = user;
    const fiscus_batch_opts *o = b->o;
    gint64 t0 = g_get_monotonic_time();
    fr_error err = {0};
    fr_doc *doc = NULL;
    const fr_format *reader = NULL;
    int score = 0;
    if (fr_convert_file(j->in->path, o->forced, b->convert_flags, &doc, &reader, &score, &err) != FR_OK) {
        j->error = g_strdup(err.message);
        g_string_append_printf(j->log, "fiscus: %s\n", err.message);
        j->failed = true;
    } else {
        j->format = reader->name;
        if (o->verbose && !o->forced)
            g_string_append_printf(j->log, "fiscus: %s: read as %s (probe %d)\n", j->in->path, reader->name, score);
        log_diags(j, o, doc);
        count_content(j, doc);
        for (guint w = 0; w < o->writers->len; w++) {
            const fr_format *wr = o->writers->pdata[w];
            char *path = output_path(o, j->in, wr);
            if (o->out_dir) {
                char *dir = g_path_get_dirname(path);
                if (g_mkdir_with_parents(dir, 0777) != 0)
                    fr_error_set(&err, FR_ERR_IO, "%s: cannot create directory: %s", dir, g_strerror(errno));
                g_free(dir);
            }
            if (err.code != FR_OK || fr_write_to_path(wr, doc, path, &err) != FR_OK) {
                g_string_append_printf(j->log, "fiscus: %s: %s\n", j->in->path, err.message);
                if (!j->error)
                    j->error = g_strdup(err.message);
                j->failed = true;
                err = (fr_error){0};
            } else {
                if (o->verbose && strcmp(path, "-") != 0)
                    g_string_append_printf(j->log, "fiscus: wrote %s\n", path);
                g_ptr_array_add(j->outputs, g_strdup(path));
            }
            g_free(path);
        }
        if (o->strict && j->warnings && !j->failed)
            g_string_append_printf(j->log, "fiscus: %s: %d warning%s (--strict)\n", j->in->path, j->warnings,
                                   j->warnings == 1 ? "" : "s");
        fr_doc_free(doc);
    }
    j->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
    g_mutex_lock(&b->lock);
    j->finished = true;
    b->done++;
    b->failed += j->failed;
    g_cond_signal(&b->changed);
    g_mutex_unlock(&b->lock);
}

/* one line of --summary: the JSON object formats/fiscus-summary.schema.json describes */
static void summary_line(GString *s, const job *j)
{
    g_string_append(s, "{\"input\": ");
    fr_gstring_append_json(s, j->in->path);
    g_string_append_printf(s, ", \"status\": \"%s\", \"format\": ", j->failed ? "failed" : "ok");
    fr_gstring_append_json(s, j->format);
    g_string_append(s, ", \"outputs\": [");
    for (guint i = 0; i < j->outputs->len; i++) {
        if (i)
            g_string_append(s, ", ");
        fr_gstring_append_json(s, j->outputs->pdata[i]);
    }
    g_string_append_printf(s,
                           "], \"tables\": %u, \"cells\": %u, \"findings\": {\"error\": %zu, \"warning\": %zu, "
                           "\"info\": %zu}, \"warnings\": %d, \"seconds\": %.3f, \"error\": ",
                           j->tables, j->cells, j->errors, j->cautions, j->notes, j->warnings, j->seconds);
    fr_gstring_append_json(s, j->error);
    g_string_append(s, "}\n");
}

static void format_duration(char *buf, size_t size, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

/* "fiscus: 37/120 files, 4.2 files/s, 1 failed, ETA 0:20" — on stderr, redrawn in place; with
 * the pages read by OCR so far where there are any (a scanned page takes seconds) */
static void draw_progress(guint done, guint total, guint failed, double elapsed, bool final)
{
    double rate = elapsed > 0 ? done / elapsed : 0;
    char eta[32] = "";
    if (final)
        format_duration(eta, sizeof eta, elapsed);
    else if (done > 0)
        format_duration(eta, sizeof eta, (total - done) / rate);
    int ocr = fr_ocr_pages_done();
    char pages[48] = "";
    if (ocr > 0)
        snprintf(pages, sizeof pages, ", %d page%s read by OCR", ocr, ocr == 1 ? "" : "s");
    fprintf(stderr, "\r\033[Kfiscus: %u/%u files%s, %.1f files/s, %u failed, %s %s%s", done, total, pages, rate, failed,
            final ? "in" : "ETA", done > 0 || final ? eta : "-", final ? "\n" : "");
    fflush(stderr);
}

int fiscus_run_batch(const fiscus_batch_opts *o, GPtrArray *inputs)
{
    /* the summary goes to a temporary file beside it, renamed into place at the end */
    fr_atomic_file summary = {0};
    fr_error err = {0};
    if (o->summary && fr_atomic_open(&summary, o->summary, &err) != FR_OK) {
        fprintf(stderr, "fiscus: cannot create the summary: %s\n", err.message);
        return 2;
    }
    batch b = {.o = o, .n = inputs->len, .convert_flags = convert_flags(o)};
    b.jobs = g_new0(job, b.n);
    for (guint i = 0; i < b.n; i++) {
        b.jobs[i].in = inputs->pdata[i];
        b.jobs[i].log = g_string_new(NULL);
        b.jobs[i].outputs = g_ptr_array_new_with_free_func(g_free);
    }
    fr_init_threads();
    g_mutex_init(&b.lock);
    g_cond_init(&b.changed);
    int nthreads = o->jobs > 0 ? o->jobs : (int)g_get_num_processors();
    if (nthreads > MAX_JOBS)
        nthreads = MAX_JOBS;
    if ((guint)nthreads > b.n)
        nthreads = (int)b.n;
    /* processors the workers leave idle work inside a conversion (one input on -j 1) */
    int idle = (int)g_get_num_processors() - nthreads;
    fr_set_spare_threads(o->doc_threads >= 0 ? o->doc_threads : idle > 0 ? idle / nthreads : 0);
    GThreadPool *pool = g_thread_pool_new(run_job, &b, nthreads, TRUE, NULL);
    /* the largest inputs first, so that no worker is left with a long one at the end
     * while the others idle; results are still reported in input order */
    job **order = g_new(job *, b.n);
    for (guint i = 0; i < b.n; i++) {
        GStatBuf sb;
        if (nthreads > 1) /* one worker takes them in any order: no need to know sizes */
            b.jobs[i].bytes = g_stat(b.jobs[i].in->path, &sb) == 0 ? (gint64)sb.st_size : 0;
        order[i] = &b.jobs[i];
    }
    if (nthreads > 1)
        qsort(order, b.n, sizeof *order, larger_first);
    for (guint i = 0; i < b.n; i++)
        g_thread_pool_push(pool, order[i], NULL);
    g_free(order);

    gint64 start = g_get_monotonic_time(), last_draw = 0;
    guint next = 0; /* the first result not yet reported */
    bool summary_ok = true;
    GString *line = g_string_new(NULL);
    g_mutex_lock(&b.lock);
    while (next < b.n) {
        while (next < b.n && b.jobs[next].finished) {
            job *j = &b.jobs[next++];
            g_mutex_unlock(&b.lock);
            if (j->log->len) {
                if (o->progress)
                    fputs("\r\033[K", stderr);
                fputs(j->log->str, stderr);
                last_draw = 0;
            }
            if (summary.f) {
                g_string_truncate(line, 0);
                summary_line(line, j);
                if (fwrite(line->str, 1, line->len, summary.f) != line->len)
                    summary_ok = false;
            }
            g_string_free(j->log, TRUE);
            j->log = NULL;
            g_mutex_lock(&b.lock);
        }
        if (next == b.n)
            break;
        gint64 now = g_get_monotonic_time();
        if (o->progress && now - last_draw >= G_TIME_SPAN_SECOND / 5) {
            guint done = b.done, failed = b.failed;
            g_mutex_unlock(&b.lock);
            draw_progress(done, b.n, failed, (double)(now - start) / 1e6, false);
            last_draw = now;
            g_mutex_lock(&b.lock);
            continue;
        }
        g_cond_wait_until(&b.changed, &b.lock, now + G_TIME_SPAN_SECOND / 5);
    }
    g_mutex_unlock(&b.lock);
    g_thread_pool_free(pool, FALSE, TRUE);
    g_string_free(line, TRUE);
    if (o->progress)
        draw_progress(b.done, b.n, b.failed, (double)(g_get_monotonic_time() - start) / 1e6, true);

    int status = 0;
    for (guint i = 0; i < b.n; i++) {
        job *j = &b.jobs[i];
        if (j->failed)
            status = 2;
        else if (o->strict && j->warnings && status == 0)
            status = 1;
        g_ptr_array_unref(j->outputs);
        g_free(j->error);
    }
    if (summary.f && fr_atomic_close(&summary, summary_ok, &err) != FR_OK) {
        fprintf(stderr, "fiscus: cannot write the summary: %s\n", err.message);
        status = 2;
    } else if (!summary_ok) {
        fprintf(stderr, "fiscus: %s: cannot write the summary: a line could not be written\n", o->summary);
        status = 2;
    }
    g_mutex_clear(&b.lock);
    g_cond_clear(&b.changed);
    g_free(b.jobs);
    return status;
}
