/* pipeline.c — reading inputs with bounds, reader → passes, atomic writes. */
/* realpath (XSI), for outputs that are symbolic links */
#define _XOPEN_SOURCE 700
#include "fiscus.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fr_read_file(const char *path, unsigned char **data, size_t *len, fr_error *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return fr_error_set(err, FR_ERR_IO, "%s: %s", path, g_strerror(errno));
    /* a regular file is read into a buffer of its size (plus the NUL); a pipe into
     * one that doubles as it fills */
    struct stat sb;
    size_t cap = 65536;
    if (f != stdin && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uint64_t)sb.st_size < FR_MAX_INPUT_BYTES)
        cap = (size_t)sb.st_size + 1;
    unsigned char *buf = g_malloc(cap);
    size_t used = 0;
    int rc = FR_OK;
    for (;;) {
        if (used + 1 >= cap) { /* full: grow only if there is more */
            int c = fgetc(f);
            if (c == EOF)
                break;
            if (cap > FR_MAX_INPUT_BYTES) {
                rc = fr_error_set(err, FR_ERR_LIMIT, "%s: larger than %u MiB", path, FR_MAX_INPUT_BYTES >> 20);
                break;
            }
            cap *= 2;
            buf = g_realloc(buf, cap);
            buf[used++] = (unsigned char)c;
        }
        size_t n = fread(buf + used, 1, cap - 1 - used, f);
        if (n == 0)
            break;
        used += n;
        if (used > FR_MAX_INPUT_BYTES) {
            rc = fr_error_set(err, FR_ERR_LIMIT, "%s: larger than %u MiB", path, FR_MAX_INPUT_BYTES >> 20);
            break;
        }
    }
    if (rc == FR_OK && ferror(f))
        rc = fr_error_set(err, FR_ERR_IO, "%s: read error: %s", path, g_strerror(errno));
    if (f != stdin)
        fclose(f);
    if (rc != FR_OK) {
        g_free(buf);
        return rc;
    }
    buf[used] = 0; /* readers may rely on a terminating NUL */
    *len = used;
    *data = buf;
    return FR_OK;
}

static mode_t new_file_mode(void);

void fr_init_threads(void)
{
    xmlInitParser();
    (void)new_file_mode(); /* umask is read by setting it: before there are threads */
}

static gint spare_threads = 0;

void fr_set_spare_threads(int n) { g_atomic_int_set(&spare_threads, n > 0 ? n : 0); }

int fr_spare_threads(void) { return g_atomic_int_get(&spare_threads); }

static gint ocr_mode = FR_OCR_AUTO, ocr_dpi = 0, ocr_pages = 0;

void fr_set_ocr(fr_ocr_mode mode, int dpi)
{
    g_atomic_int_set(&ocr_mode, (gint)mode);
    g_atomic_int_set(&ocr_dpi, dpi > 0 ? dpi : 0);
}

fr_ocr_mode fr_get_ocr(int *dpi)
{
    if (dpi) {
        int d = g_atomic_int_get(&ocr_dpi);
        *dpi = d > 0 ? d : 300;
    }
    return (fr_ocr_mode)g_atomic_int_get(&ocr_mode);
}

void fr_ocr_pages_add(int n) { g_atomic_int_add(&ocr_pages, n); }

int fr_ocr_pages_done(void) { return g_atomic_int_get(&ocr_pages); }

#define SHA_THREAD_MIN (256 * 1024)

static gpointer sha256_of(gpointer data)
{
    const fr_input *in = data;
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, in->data, in->len);
}

int fr_convert(const fr_format *reader, const fr_input *in, unsigned flags, fr_doc **out_doc, fr_error *err)
{
    if (!reader || reader->kind != FR_READER)
        return fr_error_set(err, FR_ERR_USAGE, "no reader");
    if (in->len == 0)
        return fr_error_set(err, FR_ERR_INPUT, "empty file");
    fr_doc *doc = fr_doc_new();
    doc->meta.source = fr_arena_strdup(doc->arena, in->name);
    doc->meta.format = fr_arena_strdup(doc->arena, reader->name);
    /* the source's SHA-256 (a few ms per MB) is computed beside the reader */
    GThread *hasher = NULL;
    if (in->len >= SHA_THREAD_MIN)
        hasher = g_thread_try_new("fiscus-sha256", sha256_of, (gpointer)in, NULL);
    char *sum = hasher ? NULL : sha256_of((gpointer)in);
    int rc = reader->read(in, doc, err);
    if (hasher)
        sum = g_thread_join(hasher);
    g_strlcpy(doc->meta.sha256, sum, sizeof doc->meta.sha256);
    g_free(sum);
    if (rc != FR_OK) {
        fr_doc_free(doc);
        return rc;
    }
    fr_run_passes(doc, flags);
    *out_doc = doc;
    return FR_OK;
}

int fr_convert_file(const char *path, const fr_format *reader, unsigned flags, fr_doc **out_doc,
                    const fr_format **used, int *score, fr_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = fr_read_file(path, &data, &len, err);
    if (rc != FR_OK)
        return rc; /* the message names the file */
    int probe = 100;
    if (!reader) {
        reader = fr_detect_reader(path, data, len < 65536 ? len : 65536, &probe);
        if (!reader) {
            g_free(data);
            return fr_error_set(err, FR_ERR_NOFORMAT, "%s: unrecognised input format (use -f)", path);
        }
    }
    if (used)
        *used = reader;
    if (score)
        *score = probe;
    fr_input in = {path, data, len};
    fr_error e = {0};
    rc = fr_convert(reader, &in, flags, out_doc, &e);
    g_free(data);
    if (rc != FR_OK)
        fr_error_set(err, rc, "%s: %s", path, e.message);
    return rc;
}

/* ---- a file written whole: a temporary name beside it, renamed into place ---- */

/* The mode a new file gets (0666 under the umask), read once: umask() can only be
 * read by setting it, which must not happen while other threads create files. */
static mode_t new_file_mode(void)
{
    static gsize once;
    static mode_t mode;
    if (g_once_init_enter(&once)) {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
        g_once_init_leave(&once, 1);
    }
    return mode;
}

int fr_atomic_open(fr_atomic_file *af, const char *path, fr_error *err)
{
    /* A path that names something other than a file (/dev/stdout, a FIFO, a terminal)
     * is written straight to: a rename would replace the device or the link with a
     * file. A link to a file is followed: the file it names is replaced, the link kept. */
    struct stat sb;
    char *target = NULL;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode))
            return fr_error_set(err, FR_ERR_IO, "%s: is a directory", path);
        af->f = fopen(path, "wb");
        if (!af->f)
            return fr_error_set(err, FR_ERR_IO, "%s: %s", path, g_strerror(errno));
        af->path = g_strdup(path);
        af->tmp = NULL;
        return FR_OK;
    }
    if (g_file_test(path, G_FILE_TEST_IS_SYMLINK))
        target = realpath(path, NULL); /* NULL for a dangling link: then the link is replaced */
    if (target)
        path = target;
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    af->path = g_strdup(path);
    free(target);
    af->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    af->f = NULL;
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp(af->tmp);
    if (fd >= 0 && !(af->f = fdopen(fd, "wb"))) {
        close(fd);
        g_unlink(af->tmp);
    }
    if (af->f)
        return FR_OK;
    int rc = fr_error_set(err, FR_ERR_IO, "%s: cannot create a temporary file: %s", path, g_strerror(errno));
    g_free(af->tmp);
    g_free(af->path);
    af->tmp = af->path = NULL;
    return rc;
}

int fr_atomic_finish(fr_atomic_file *af, fr_error *err)
{
    bool bad = fflush(af->f) != 0 || ferror(af->f);
    if (fclose(af->f) != 0)
        bad = true;
    af->f = NULL;
    return bad ? fr_error_set(err, FR_ERR_IO, "%s: write failed: %s", af->path, g_strerror(errno)) : FR_OK;
}

int fr_atomic_commit(fr_atomic_file *af, bool keep, fr_error *err)
{
    int rc = FR_OK;
    if (!af->tmp) { /* written straight to a device or a pipe: nothing to rename */
        g_free(af->path);
        af->path = NULL;
        return FR_OK;
    }
    if (keep) {
        /* mkstemp makes 0600: give the file the usual mode under the umask */
        g_chmod(af->tmp, new_file_mode());
        if (g_rename(af->tmp, af->path) != 0)
            rc = fr_error_set(err, FR_ERR_IO, "%s: cannot rename into place: %s", af->path, g_strerror(errno));
    }
    if (!keep || rc != FR_OK)
        g_unlink(af->tmp);
    g_free(af->tmp);
    g_free(af->path);
    af->tmp = af->path = NULL;
    return rc;
}

int fr_atomic_close(fr_atomic_file *af, bool keep, fr_error *err)
{
    fr_error scratch = {0};
    int rc = fr_atomic_finish(af, keep ? err : &scratch);
    int committed = fr_atomic_commit(af, keep && rc == FR_OK, keep && rc == FR_OK ? err : &scratch);
    return rc != FR_OK ? rc : committed;
}

/* ---- several files: a sink of temporary files renamed together ---------- */

typedef struct sink_file {
    char *member;
    fr_atomic_file af;
} sink_file;

struct fr_sink {
    char *dir;
    GPtrArray *files; /* sink_file * */
};

#define SINK_MAX_FILES 64

FILE *fr_sink_open(fr_sink *sink, const char *member, fr_error *err)
{
    if (!member || !*member || strchr(member, '/') || strcmp(member, ".") == 0 || strcmp(member, "..") == 0 ||
        strlen(member) > 200) {
        fr_error_set(err, FR_ERR_USAGE, "%s: '%s' is not a plain file name", sink->dir, member ? member : "");
        return NULL;
    }
    if (sink->files->len >= SINK_MAX_FILES) {
        fr_error_set(err, FR_ERR_LIMIT, "%s: more than %d files", sink->dir, SINK_MAX_FILES);
        return NULL;
    }
    for (guint i = 0; i < sink->files->len; i++)
        if (strcmp(((sink_file *)sink->files->pdata[i])->member, member) == 0) {
            fr_error_set(err, FR_ERR_USAGE, "%s: '%s' opened twice", sink->dir, member);
            return NULL;
        }
    sink_file *x = g_new0(sink_file, 1);
    char *path = g_build_filename(sink->dir, member, NULL);
    int rc = fr_atomic_open(&x->af, path, err);
    g_free(path);
    if (rc != FR_OK) {
        g_free(x);
        return NULL;
    }
    x->member = g_strdup(member);
    g_ptr_array_add(sink->files, x);
    return x->af.f;
}

static int write_files_to_dir(int (*write_files)(const fr_doc *, fr_sink *, fr_error *), const fr_doc *doc,
                              const char *dir, fr_error *err)
{
    if (g_file_test(dir, G_FILE_TEST_EXISTS) && !g_file_test(dir, G_FILE_TEST_IS_DIR))
        return fr_error_set(err, FR_ERR_USAGE, "%s: this format writes a directory of files, and this is a file", dir);
    if (g_mkdir_with_parents(dir, 0777) != 0)
        return fr_error_set(err, FR_ERR_IO, "%s: cannot create directory: %s", dir, g_strerror(errno));
    fr_sink sink = {g_strdup(dir), g_ptr_array_new()};
    int rc = write_files(doc, &sink, err);
    if (rc == FR_OK && sink.files->len == 0)
        rc = fr_error_set(err, FR_ERR_IO, "%s: the writer wrote no file", dir);
    /* close everything, then rename everything only if all was written; keep the first failure */
    fr_error scratch = {0};
    for (guint i = 0; i < sink.files->len; i++) {
        int r = fr_atomic_finish(&((sink_file *)sink.files->pdata[i])->af, rc == FR_OK ? err : &scratch);
        if (rc == FR_OK)
            rc = r;
    }
    for (guint i = 0; i < sink.files->len; i++) {
        sink_file *x = sink.files->pdata[i];
        int r = fr_atomic_commit(&x->af, rc == FR_OK, rc == FR_OK ? err : &scratch);
        if (rc == FR_OK)
            rc = r;
        g_free(x->member);
        g_free(x);
    }
    g_ptr_array_free(sink.files, TRUE);
    g_free(sink.dir);
    return rc;
}

int fr_write_to_path(const fr_format *writer, const fr_doc *doc, const char *path, fr_error *err)
{
    if (!writer || writer->kind != FR_WRITER)
        return fr_error_set(err, FR_ERR_USAGE, "no writer");
    int (*write_files)(const fr_doc *, fr_sink *, fr_error *) = fr_format_write_files(writer);
    if (write_files) {
        if (strcmp(path, "-") == 0)
            return fr_error_set(err, FR_ERR_USAGE, "'%s' writes a directory of files, not one stream: give -o DIR",
                                writer->name);
        return write_files_to_dir(write_files, doc, path, err);
    }
    if (strcmp(path, "-") == 0) {
        int rc = writer->write(doc, stdout, err);
        if (rc == FR_OK && fflush(stdout) != 0)
            rc = fr_error_set(err, FR_ERR_IO, "stdout: %s", g_strerror(errno));
        return rc;
    }
    fr_atomic_file af;
    int rc = fr_atomic_open(&af, path, err);
    if (rc != FR_OK)
        return rc;
    rc = writer->write(doc, af.f, err);
    if (rc != FR_OK && err) { /* the writer's words, with the output they are about */
        char *why = g_strdup(err->message);
        fr_error_set(err, rc, "%s: %s", path, why);
        g_free(why);
    }
    int closed = fr_atomic_close(&af, rc == FR_OK, err);
    return rc != FR_OK ? rc : closed;
}
