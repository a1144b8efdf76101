/* docx_zip.c — the package, read defensively.
 *
 * libzip opens the input bytes in place (ZIP_RDONLY | ZIP_CHECKCONS). Before a
 * part is read, its declared size and compression ratio are checked against
 * the caps in docx.h; while it is read, the bytes really inflated are counted
 * against the declared size, so a lying header cannot get past either. A part
 * is parsed as it is inflated, zip_fread being the parser's input callback:
 * every part by SAX callbacks (docx_part_walk; the body keeps a small tree of
 * one paragraph or table at a time, docx_body.c); no part is ever held whole
 * in memory. libxml2 gets no network
 * (XML_PARSE_NONET) and no entity substitution (never XML_PARSE_NOENT), and a
 * part with a DOCTYPE or an entity declaration is refused before the parser
 * sees it. */
#include "docx.h"

#include <string.h>

static const char *const W_NAMESPACES[] = {DOCX_W_NS, "http://purl.oclc.org/ooxml/wordprocessingml/main", NULL};

/* ---- the package ------------------------------------------------------------ */

static int zip_failure(fr_error *err, zip_error_t *ze, const char *what, const unsigned char *data, size_t len)
{
    int code = zip_error_code_zip(ze);
    const char *why = zip_error_strerror(ze);
    if (code == ZIP_ER_NOZIP && len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return fr_error_set(err, FR_ERR_INPUT,
                            "an OLE2 file: a legacy .doc, or a password-protected Office document; neither is read");
    if (code == ZIP_ER_NOZIP && len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return fr_error_set(err, FR_ERR_INPUT,
                            "truncated or damaged zip package: it begins as one but its central directory is missing");
    if (code == ZIP_ER_NOZIP)
        return fr_error_set(err, FR_ERR_INPUT, "not a zip package (a DOCX is one): %s", why);
    if (code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_READ || code == ZIP_ER_SEEK)
        return fr_error_set(err, FR_ERR_INPUT, "damaged or truncated zip package: %s", why);
    if (code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD)
        return fr_error_set(err, FR_ERR_INPUT, "encrypted package: it needs a password to open");
    return fr_error_set(err, FR_ERR_INPUT, "%s: %s", what, why);
}

int docx_pkg_open(docx_pkg *pkg, const unsigned char *data, size_t len, fr_error *err)
{
    memset(pkg, 0, sizeof *pkg);
    zip_error_t ze;
    zip_error_init(&ze);
    pkg->src = zip_source_buffer_create(data, len, 0, &ze);
    if (!pkg->src) {
        int rc = zip_failure(err, &ze, "cannot read the package", data, len);
        zip_error_fini(&ze);
        return rc;
    }
    pkg->zip = zip_open_from_source(pkg->src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!pkg->zip) {
        int rc = zip_failure(err, &ze, "cannot open the zip package", data, len);
        zip_error_fini(&ze);
        zip_source_free(pkg->src);
        pkg->src = NULL;
        return rc;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(pkg->zip, 0);
    if (n > DOCX_MAX_ENTRIES) {
        docx_pkg_close(pkg);
        return fr_error_set(err, FR_ERR_LIMIT, "zip package has %lld entries, more than the limit of %d", (long long)n,
                            DOCX_MAX_ENTRIES);
    }
    return FR_OK;
}

void docx_pkg_close(docx_pkg *pkg)
{
    if (pkg->zip)
        zip_discard(pkg->zip); /* also frees the source */
    else if (pkg->src)
        zip_source_free(pkg->src);
    pkg->zip = NULL;
    pkg->src = NULL;
}

bool docx_pkg_has(docx_pkg *pkg, const char *name) { return zip_name_locate(pkg->zip, name, ZIP_FL_NOCASE) >= 0; }

/* ---- one part, streamed ---------------------------------------------------------- */

struct docx_part {
    docx_pkg *pkg;
    const char *name;
    zip_file_t *zf;
    zip_uint64_t declared;   /* uncompressed size in the central directory */
    zip_uint64_t read;
    char tail[16];           /* the last bytes of the previous chunk */
    size_t ntail;
    int status;              /* FR_OK or the first failure */
    char message[400];
};

static void part_fail(docx_part *p, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void part_fail(docx_part *p, int code, const char *fmt, ...)
{
    if (p->status != FR_OK)
        return;
    p->status = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
}

/* Does buf (with the previous chunk's tail before it) declare a DTD? */
static bool declares_dtd(docx_part *p, const char *buf, size_t len)
{
    static const char *const bad[] = {"<!DOCTYPE", "<!ENTITY", NULL};
    char edge[32];
    size_t ne = p->ntail;
    memcpy(edge, p->tail, ne);
    size_t take = len < 15 ? len : 15;
    memcpy(edge + ne, buf, take);
    ne += take;
    for (int k = 0; bad[k]; k++) {
        size_t bl = strlen(bad[k]);
        for (size_t i = 0; i + bl <= ne; i++)
            if (memcmp(edge + i, bad[k], bl) == 0)
                return true;
        for (const char *q = buf; (q = memchr(q, '<', len - (size_t)(q - buf))) != NULL; q++)
            if ((size_t)(buf + len - q) >= bl && memcmp(q, bad[k], bl) == 0)
                return true;
    }
    p->ntail = len < 15 ? len : 15;
    memcpy(p->tail, buf + len - p->ntail, p->ntail);
    return false;
}

static int part_read(void *ctx, char *buf, int len)
{
    docx_part *p = ctx;
    if (p->status != FR_OK || len <= 0)
        return -1;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0) {
        part_fail(p, FR_ERR_INPUT, "%s cannot be inflated: %s", p->name, zip_error_strerror(zip_file_get_error(p->zf)));
        return -1;
    }
    p->read += (zip_uint64_t)n;
    p->pkg->total_read += (size_t)n;
    if (p->read > p->declared) {
        part_fail(p, FR_ERR_LIMIT, "%s inflates to more than the %llu bytes its zip entry declares (a zip bomb?)",
                  p->name, (unsigned long long)p->declared);
        return -1;
    }
    if (p->pkg->total_read > DOCX_MAX_TOTAL_BYTES) {
        part_fail(p, FR_ERR_LIMIT, "the package inflates to more than %u MiB", DOCX_MAX_TOTAL_BYTES >> 20);
        return -1;
    }
    if (n > 0 && declares_dtd(p, buf, (size_t)n)) {
        part_fail(p, FR_ERR_INPUT, "%s declares a DOCTYPE or entities, which a DOCX never has: refused", p->name);
        return -1;
    }
    return (int)n;
}

static int part_close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

static void part_error(void *ctx, xmlErrorPtr e)
{
    docx_part *p = ctx;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "Excessive depth")) {
        /* libxml2's own words name a parser option the user cannot set */
        part_fail(p, FR_ERR_LIMIT, "%s: line %d: elements nested deeper than libxml2's limit of 256", p->name,
                  e->line);
        return;
    }
    char *msg = g_strchomp(g_strdup(e->message ? e->message : "malformed XML"));
    part_fail(p, FR_ERR_INPUT, "%s: line %d: malformed XML: %s", p->name, e->line, msg);
    g_free(msg);
}

/* The checked, counted stream of a part, with no parser on it yet. */
static docx_part *part_stream(docx_pkg *pkg, const char *name, fr_error *err)
{
    zip_int64_t idx = zip_name_locate(pkg->zip, name, ZIP_FL_NOCASE);
    if (idx < 0) {
        fr_error_set(err, FR_ERR_INPUT, "the package has no part %s", name);
        return NULL;
    }
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat_index(pkg->zip, (zip_uint64_t)idx, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) ||
        !(zs.valid & ZIP_STAT_COMP_SIZE)) {
        fr_error_set(err, FR_ERR_INPUT, "the zip entry of %s cannot be read", name);
        return NULL;
    }
    if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
        fr_error_set(err, FR_ERR_INPUT, "%s is encrypted: the package needs a password to open", name);
        return NULL;
    }
    if (zs.size > DOCX_MAX_PART_BYTES) {
        fr_error_set(err, FR_ERR_LIMIT, "%s is %llu bytes uncompressed, more than the limit of %u MiB", name,
                     (unsigned long long)zs.size, DOCX_MAX_PART_BYTES >> 20);
        return NULL;
    }
    if (zs.size > (1u << 20) && zs.size / (zs.comp_size ? zs.comp_size : 1) > DOCX_MAX_RATIO) {
        fr_error_set(err, FR_ERR_LIMIT,
                     "%s would inflate %llu bytes to %llu (%llu times; the limit is %d): a zip bomb?", name,
                     (unsigned long long)zs.comp_size, (unsigned long long)zs.size,
                     (unsigned long long)(zs.size / (zs.comp_size ? zs.comp_size : 1)), DOCX_MAX_RATIO);
        return NULL;
    }
    if (pkg->total_read + zs.size > DOCX_MAX_TOTAL_BYTES) {
        fr_error_set(err, FR_ERR_LIMIT, "the package inflates to more than %u MiB", DOCX_MAX_TOTAL_BYTES >> 20);
        return NULL;
    }
    docx_part *p = g_new0(docx_part, 1);
    p->pkg = pkg;
    p->name = g_intern_string(name);
    p->declared = zs.size;
    p->zf = zip_fopen_index(pkg->zip, (zip_uint64_t)idx, 0);
    if (!p->zf) {
        fr_error_set(err, FR_ERR_INPUT, "%s cannot be opened: %s", name, zip_error_strerror(zip_get_error(pkg->zip)));
        g_free(p);
        return NULL;
    }
    return p;
}

int docx_part_close(docx_part *p, fr_error *err)
{
    if (!p)
        return FR_OK;
    int rc = p->status;
    if (rc != FR_OK)
        fr_error_set(err, rc, "%s", p->message);
    zip_fclose(p->zf);
    g_free(p);
    return rc;
}

/* ---- relationships and content types ------------------------------------------------ */

bool docx_val_on(const char *v) { return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0); }

/* "word/document.xml" + "../media/x.png" → "media/x.png"; "/word/a.xml" → "word/a.xml" */
static char *resolve_target(const char *source, const char *target)
{
    GPtrArray *segs = g_ptr_array_new_with_free_func(g_free);
    if (target[0] != '/' && source[0]) {
        char **s = g_strsplit(source, "/", -1);
        for (int k = 0; s[k] && s[k + 1]; k++) /* the source's folder */
            g_ptr_array_add(segs, g_strdup(s[k]));
        g_strfreev(s);
    }
    char **t = g_strsplit(target, "/", -1);
    for (int k = 0; t[k]; k++) {
        if (!*t[k] || strcmp(t[k], ".") == 0)
            continue;
        if (strcmp(t[k], "..") == 0) {
            if (segs->len)
                g_ptr_array_remove_index(segs, segs->len - 1);
            continue;
        }
        g_ptr_array_add(segs, g_strdup(t[k]));
    }
    g_strfreev(t);
    g_ptr_array_add(segs, NULL);
    char *r = g_strjoinv("/", (char **)segs->pdata);
    g_ptr_array_free(segs, TRUE);
    return r;
}

/* ---- a part walked by SAX --------------------------------------------------------
 * Every part (relationships, content types, styles, numbering, core properties,
 * the body) is read element by element with libxml2's SAX2 callbacks, libxml2
 * building no tree; the input is the guarded zip_fread stream. */

typedef struct sax_state {
    docx_part *p;
    docx_walker *w;
    xmlParserCtxtPtr ctxt;
    int depth;
    const char *stack[32];   /* local names of the open elements (the parser's dictionary holds them) */
} sax_state;

bool docx_is_w_ns(const char *uri)
{
    for (int k = 0; W_NAMESPACES[k] && uri; k++)
        if (strcmp(uri, W_NAMESPACES[k]) == 0)
            return true;
    return false;
}

/* the walker asked to stop (a limit): the parser goes no further */
static void sax_stop_if_asked(sax_state *st)
{
    if (st->w->stop)
        xmlStopParser(st->ctxt);
}

static void sax_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                      const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)prefix, (void)nns, (void)ns, (void)ndefaulted;
    sax_state *st = ctx;
    if (st->w->stop)
        return;
    docx_elem e = {(const char *)local, docx_is_w_ns((const char *)uri), st->depth,
                   st->depth > 0 && st->depth <= 32 ? st->stack[st->depth - 1] : "", nattrs, attrs};
    if (st->w->start)
        st->w->start(st->w->ctx, &e);
    if (st->depth < 32)
        st->stack[st->depth] = (const char *)local;
    st->depth++;
    sax_stop_if_asked(st);
}

static void sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    sax_state *st = ctx;
    st->depth--;
    if (st->w->stop)
        return;
    if (st->w->end)
        st->w->end(st->w->ctx, (const char *)local, st->depth);
    sax_stop_if_asked(st);
}

static void sax_text(void *ctx, const xmlChar *s, int len)
{
    sax_state *st = ctx;
    if (st->w->text && !st->w->stop)
        st->w->text(st->w->ctx, (const char *)s, len);
}

static void sax_error(void *ctx, xmlErrorPtr e) { part_error(((sax_state *)ctx)->p, e); }

char *docx_elem_attr(const docx_elem *e, const char *local)
{
    for (int k = 0; k < e->nattrs; k++) {
        const xmlChar *const *a = e->attrs + k * 5;
        if (strcmp((const char *)a[0], local) == 0)
            return g_strndup((const char *)a[3], (gsize)(a[4] - a[3]));
    }
    return NULL;
}

int docx_part_walk(docx_pkg *pkg, const char *part, docx_walker *w, fr_error *err)
{
    docx_part *p = part_stream(pkg, part, err);
    if (!p)
        return err ? err->code : FR_ERR_INPUT;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_text;
    sax.ignorableWhitespace = sax_text; /* white space is text, as a tree would keep it */
    sax.cdataBlock = sax_text;
    sax.serror = sax_error;
    sax_state st = {p, w, NULL, 0, {0}};
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(&sax, &st, part_read, part_close_cb, p, XML_CHAR_ENCODING_NONE);
    if (!ctxt) {
        docx_part_close(p, NULL);
        return fr_error_set(err, FR_ERR_INPUT, "%s cannot be parsed", part);
    }
    st.ctxt = ctxt;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlParseDocument(ctxt);
    if (!ctxt->wellFormed && !w->stop)
        part_fail(p, FR_ERR_INPUT, "%s: malformed XML", part);
    xmlFreeParserCtxt(ctxt);
    return docx_part_close(p, err);
}

typedef struct rel_query {
    const char *const *types;
    char **targets;
    int n;
} rel_query;

static void rel_match(void *ctx, const docx_elem *e)
{
    rel_query *q = ctx;
    if (strcmp(e->local, "Relationship") != 0)
        return;
    char *type = docx_elem_attr(e, "Type"), *target = docx_elem_attr(e, "Target");
    char *mode = docx_elem_attr(e, "TargetMode");
    const char *slash = type ? strrchr(type, '/') : NULL;
    if (slash && target && !(mode && strcmp(mode, "External") == 0))
        for (int k = 0; k < q->n; k++)
            if (!q->targets[k] && strcmp(slash + 1, q->types[k]) == 0) {
                q->targets[k] = target; /* the first of each type */
                target = NULL;
                break;
            }
    g_free(type);
    g_free(target);
    g_free(mode);
}

int docx_rel_targets(docx_pkg *pkg, const char *source, const char *const *types, char **targets, int n, fr_error *err)
{
    for (int k = 0; k < n; k++)
        targets[k] = NULL;
    char *rels;
    if (!*source) {
        rels = g_strdup("_rels/.rels");
    } else {
        const char *slash = strrchr(source, '/');
        rels = slash ? g_strdup_printf("%.*s/_rels/%s.rels", (int)(slash - source), source, slash + 1)
                     : g_strdup_printf("_rels/%s.rels", source);
    }
    rel_query q = {types, targets, n};
    docx_walker w = {rel_match, NULL, NULL, &q, false};
    int rc = docx_pkg_has(pkg, rels) ? docx_part_walk(pkg, rels, &w, err) : FR_OK;
    g_free(rels);
    for (int k = 0; k < n; k++) {
        char *t = targets[k];
        targets[k] = t && rc == FR_OK ? resolve_target(source, t) : NULL;
        g_free(t);
    }
    return rc;
}

typedef struct ct_query {
    const char *part; /* with its leading slash */
    const char *ext;
    char *override, *deflt;
} ct_query;

static void ct_match(void *ctx, const docx_elem *e)
{
    ct_query *q = ctx;
    bool over = strcmp(e->local, "Override") == 0;
    if (!over && strcmp(e->local, "Default") != 0)
        return;
    char *key = docx_elem_attr(e, over ? "PartName" : "Extension"), *type = docx_elem_attr(e, "ContentType");
    if (key && type) {
        if (over && !q->override && g_ascii_strcasecmp(key, q->part) == 0) {
            q->override = type;
            type = NULL;
        } else if (!over && !q->deflt && q->ext && g_ascii_strcasecmp(key, q->ext) == 0) {
            q->deflt = type;
            type = NULL;
        }
    }
    g_free(key);
    g_free(type);
}

char *docx_content_type(docx_pkg *pkg, const char *part, fr_error *err)
{
    char *slashed = g_strconcat("/", part, NULL);
    const char *dot = strrchr(part, '.');
    ct_query q = {slashed, dot ? dot + 1 : NULL, NULL, NULL};
    docx_walker w = {ct_match, NULL, NULL, &q, false};
    int rc = docx_part_walk(pkg, "[Content_Types].xml", &w, err);
    g_free(slashed);
    if (rc != FR_OK) {
        g_free(q.override);
        g_free(q.deflt);
        return NULL;
    }
    if (q.override) {
        g_free(q.deflt);
        return q.override;
    }
    return q.deflt;
}
