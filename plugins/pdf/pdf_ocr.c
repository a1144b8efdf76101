/* pdf_ocr.c — pages without a text layer (a scanned report), read by OCR.
 *
 * The page is drawn by Poppler into a cairo image (300 pixels an inch by
 * default, at most OCR_MAX_PIXELS), made grey, and recognised by the OCR engine
 * (fiscus-ocr.so, plugins/ocr/: Tesseract), opened the first time a page needs
 * it; where it is not installed the page is left out with a warning and the
 * rest converts. What it recognises is made into what Poppler gives for a text
 * page — a text, a box per character in points, the fonts' sizes — so that the
 * same code makes words, lines, blocks and tables of it (pdf_page_lines), with
 * each character's word confidence beside it. A recogniser is one thread's at a
 * time: they wait in a pool, one per thread that has recognised, and pages are
 * recognised on the fetch helpers' threads, side by side. */
#include "pdf.h"
#include "../ocr/ocr_engine.h"
#include "../../core/fr_glib.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#define OCR_FILE "fiscus-ocr.so"
#define OCR_LANG "chi_sim"
#define OCR_MAX_PIXELS (60 * 1000 * 1000) /* a page larger is drawn coarser */
#define OCR_TIMEOUT_MS (120 * 1000)       /* a page that takes longer is left out */

static struct {
    gsize once;
    fr_ocr_open_fn open;
    fr_ocr_page_fn page; /* (recognisers live as long as the process: never closed) */
    char why[600];
    GAsyncQueue *idle; /* fr_ocr * not in use */
    GMutex lock;
    bool unusable;     /* the language data is missing: no recogniser will start */
    char unusable_why[300];
} ocr;

static void load(void)
{
    GModule *m = fr_module_open(OCR_FILE, "FISCUS_OCR_ENGINE", "fiscus_ocr_engine_abi", FR_OCR_ENGINE_ABI, ocr.why,
                                sizeof ocr.why);
    gpointer o = NULL, p = NULL;
    if (m && g_module_symbol(m, "fiscus_ocr_open", &o) && g_module_symbol(m, "fiscus_ocr_page", &p)) {
        ocr.open = (fr_ocr_open_fn)o;
        ocr.page = (fr_ocr_page_fn)p;
        ocr.idle = g_async_queue_new();
    } else if (m) {
        g_snprintf(ocr.why, sizeof ocr.why, "%s lacks an entry point", g_module_name(m));
    }
}

/* a recogniser for this thread: an idle one, or a new one; NULL with why */
static fr_ocr *take(char *why, size_t whylen)
{
    if (g_once_init_enter(&ocr.once)) {
        load();
        g_once_init_leave(&ocr.once, 1);
    }
    if (!ocr.open) {
        g_snprintf(why, whylen, "OCR is not installed (no usable %s: %s)", OCR_FILE, ocr.why);
        return NULL;
    }
    fr_ocr *o = g_async_queue_try_pop(ocr.idle);
    if (o)
        return o;
    g_mutex_lock(&ocr.lock);
    bool unusable = ocr.unusable;
    if (unusable)
        g_snprintf(why, whylen, "%s", ocr.unusable_why);
    g_mutex_unlock(&ocr.lock);
    if (unusable)
        return NULL;
    char w[300] = "";
    o = ocr.open(OCR_LANG, w, sizeof w);
    if (!o) {
        g_mutex_lock(&ocr.lock);
        ocr.unusable = true;
        g_snprintf(ocr.unusable_why, sizeof ocr.unusable_why, "OCR cannot start: %s", w);
        g_snprintf(why, whylen, "%s", ocr.unusable_why);
        g_mutex_unlock(&ocr.lock);
    }
    return o;
}

static void give_back(fr_ocr *o) { g_async_queue_push(ocr.idle, o); }

/* page drawn at dpi (coarser past OCR_MAX_PIXELS) into grey pixels; *scale: pixels a point */
static unsigned char *draw_grey(PopplerPage *page, int dpi, int *W, int *H, double *scale)
{
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    if (!(w > 0 && h > 0 && w < 20000 && h < 20000))
        return NULL;
    double s = dpi / 72.0;
    if (w * h * s * s > OCR_MAX_PIXELS)
        s = sqrt(OCR_MAX_PIXELS / (w * h));
    *W = (int)ceil(w * s);
    *H = (int)ceil(h * s);
    *scale = s;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *W, *H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return NULL;
    }
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, s, s);
    poppler_page_render_for_printing(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    const unsigned char *px = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    unsigned char *grey = g_try_malloc((size_t)*W * (size_t)*H);
    if (grey)
        for (int y = 0; y < *H; y++) {
            const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
            unsigned char *g = grey + (size_t)y * (size_t)*W;
            for (int x = 0; x < *W; x++) {
                uint32_t v = row[x];
                g[x] = (unsigned char)((((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 + (v & 0xff) * 114) / 1000);
            }
        }
    cairo_surface_destroy(surf);
    return grey;
}

static bool ideograph(uint32_t u) { return u >= 0x3400 && u < 0xA000; }

/* Half-width punctuation beside an ideograph is the full-width one a Chinese
 * text sets (OCR reads （以下简称：…） as "(以下简称:…)"); never between
 * figures ("1,935.36") nor after one ("1." "(2)") */
static uint32_t punctuation(const fr_ocr_glyph *gs, size_t k, size_t a, size_t b)
{
    static const char from[] = "(),:;?!.";
    static const uint32_t to[] = {0xFF08, 0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0x3002};
    uint32_t u = gs[k].u;
    if (u == 0x3008 || u == 0x3009) /* 〈 〉: the brackets OCR reads for （ ） */
        return u == 0x3008 ? 0xFF08 : 0xFF09;
    const char *at = u < 0x80 && u ? strchr(from, (int)u) : NULL;
    if (!at)
        return u;
    bool before = k > a && ideograph(gs[k - 1].u), after = k + 1 < b && ideograph(gs[k + 1].u);
    bool digit_before = k > a && gs[k - 1].u < 0x80 && g_ascii_isdigit((int)gs[k - 1].u);
    if (digit_before || !(before || after))
        return u;
    if (u == '.' && !before) /* a stop ends what was before it */
        return u;
    return to[at - from];
}

/* ---- the vocabulary of these reports: misread ideographs put right ---------- */

/* Terms that the reports print: column headings (formats/header-terms.txt),
 * the names of the classification codes, and the words of their titles and
 * covers. A term of five characters or more puts a run one character off right;
 * of four, only those of FOUR_FIX do (a four-character run one off another
 * word is too often a word of its own: 收入总体 is no misread 收入总计); the
 * others of four only keep the characters they cover as printed. */
static const char *const TITLE_TERMS[] = {
    "预算信息公开", "收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支", "一般公共预算", "政府性基金预算",
    "国有资本经营预算", "财政专户管理资金", "机关运行经费", "年终结转结余", "事业单位经营收入", "上级补助收入",
    "附属单位上缴收入", "部门整体支出", "支出预算表", "收入预算表", "收支预算表", "支出决算表", "收入决算表",
    "本年收入合计", "本年支出合计", "总体情况表",
    /* the standard tables' titles */
    "收支总体情况表", "收入总体情况表", "支出总体情况表", "财政拨款收支总体情况表", "一般公共预算支出情况表",
    "一般公共预算基本支出情况表", "政府性基金预算支出情况表", "国有资本经营预算支出情况表", "财政拨款支出预算表",
    "财政拨款基本支出预算表", "一般公共预算支出预算表", "一般公共预算基本支出预算表", "机关运行经费支出预算表",
    "政府性基金支出预算表", "政府采购预算表", "收入支出决算总表", "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表", "财政拨款收支预算总表",
    "一般公共预算机关运行经费支出预算表", "一般公共预算支出预算表", "部门收支预算总表", "部门收入预算总表",
    "部门支出预算总表", "部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", NULL};
static const char *const FOUR_FIX[] = {"部门预算", "部门决算", "单位预算", "单位决算", "财政拨款", "基本支出", "项目支出",
                                       "经济分类", "功能分类", "三公经费", "政府采购", "绩效目标", "结转结余", "情况说明",
                                       "拨款支出", "预算拨款", "经济科目", "功能科目", NULL};
static const char *const FOUR_KEEP[] = {"收入总计", "支出总计", "收入合计", "支出合计", "本年收入", "本年支出", "总体情况",
                                        "上年结转", "收支总表", "决算总表", NULL};

typedef struct term {
    gunichar *u;
    glong n;
    bool fix; /* may put a run one character off right */
} term;

static struct {
    gsize once;
    GArray *terms;   /* term, of four characters or more, all ideographs */
    GHashTable *set; /* their UTF-8 text: the terms as printed, never "corrected" */
} vocab;

static void add_term(const char *s, bool four_fix)
{
    if (!s || g_utf8_strlen(s, -1) < 4 || g_hash_table_contains(vocab.set, s))
        return;
    glong n = 0;
    gunichar *u = g_utf8_to_ucs4_fast(s, -1, &n);
    for (glong k = 0; k < n; k++)
        if (!ideograph(u[k])) {
            g_free(u);
            return;
        }
    g_hash_table_add(vocab.set, g_strdup(s));
    term t = {u, n, n >= 5 || four_fix};
    g_array_append_val(vocab.terms, t);
}

extern const char fr_function_codes_text[], fr_economic_codes_text[], fr_gov_economic_codes_text[];

static void load_vocab(void)
{
    vocab.terms = g_array_new(FALSE, FALSE, sizeof(term));
    vocab.set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t k = 0; TITLE_TERMS[k]; k++)
        add_term(TITLE_TERMS[k], false);
    for (size_t k = 0; FOUR_FIX[k]; k++)
        add_term(FOUR_FIX[k], true);
    for (size_t k = 0; FOUR_KEEP[k]; k++)
        add_term(FOUR_KEEP[k], false);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, fr_header_vocab_get()->terms);
    while (g_hash_table_iter_next(&it, &key, NULL))
        add_term(key, false);
    const char *lists[] = {fr_function_codes_text, fr_economic_codes_text, fr_gov_economic_codes_text};
    for (size_t l = 0; l < G_N_ELEMENTS(lists); l++) {
        GPtrArray *recs = fr_tsv_records(lists[l], 3, 5);
        for (guint r = 0; r < recs->len; r++)
            add_term(((char **)recs->pdata[r])[2], false);
        g_ptr_array_unref(recs);
    }
}

/* Does term T lie at us[p…]: how many characters differ (0, 1, or 2 for more),
 * and where the one does */
static int misses_at(const uint32_t *us, size_t n, size_t p, const term *T, glong *miss)
{
    if ((size_t)T->n > n - p)
        return 2;
    int misses = 0;
    for (glong c = 0; c < T->n && misses < 2; c++)
        if (us[p + (size_t)c] != T->u[c]) {
            misses++;
            *miss = c;
        }
    return misses;
}

/* The characters of us[0…n) that a term printed whole starting in [from, to)
 * covers (g_free) */
static bool *printed_terms(const uint32_t *us, size_t n, size_t from, size_t to)
{
    bool *whole = g_new0(bool, n + 1);
    glong miss = 0;
    for (size_t p = from; p + 4 <= to; p++)
        for (guint t = 0; t < vocab.terms->len; t++) {
            const term *T = &g_array_index(vocab.terms, term, t);
            if (misses_at(us, n, p, T, &miss) == 0)
                for (glong c = 0; c < T->n; c++)
                    whole[p + (size_t)c] = true;
        }
    return whole;
}

/* A run of a line's characters one ideograph off a term (部门预蛋, 拨黎支出) is the
 * term, where no other term is as near and no term printed whole covers that
 * character (收入合计 in 本年收入合计 stays). */
static void fix_terms(uint32_t *us, size_t n)
{
    if (g_once_init_enter(&vocab.once)) {
        load_vocab();
        g_once_init_leave(&vocab.once, 1);
    }
    if (n < 4)
        return;
    bool *whole = printed_terms(us, n, 0, n);
    glong miss = 0;
    for (size_t p = 0; p + 4 <= n; p++) {
        const term *hit = NULL;
        glong at = -1;
        bool several = false;
        for (guint t = 0; t < vocab.terms->len; t++) {
            const term *T = &g_array_index(vocab.terms, term, t);
            if (!T->fix || misses_at(us, n, p, T, &miss) != 1 || whole[p + (size_t)miss] || !ideograph(us[p + (size_t)miss]))
                continue;
            if (hit && (at != miss || hit->u[at] != T->u[miss]))
                several = true;
            hit = T;
            at = miss;
        }
        if (hit && !several) {
            us[p + (size_t)at] = hit->u[at];
            for (glong c = 0; c < hit->n; c++)
                whole[p + (size_t)c] = true;
        }
    }
    /* a term of six characters or more with one ideograph read in between
     * (财政拨款天支出预算表): that character is noise, dropped (0) */
    for (size_t p = 0; p + 7 <= n; p++) {
        for (guint t = 0; t < vocab.terms->len; t++) {
            const term *T = &g_array_index(vocab.terms, term, t);
            if (T->n < 6 || (size_t)T->n + 1 > n - p || us[p] != T->u[0])
                continue;
            glong extra = -1, c = 0;
            size_t q = p;
            for (; c < T->n && q < p + (size_t)T->n + 1; q++) {
                if (us[q] == T->u[c])
                    c++;
                else if (extra < 0 && c > 0 && ideograph(us[q]) && !whole[q])
                    extra = (glong)(q - p);
                else
                    break;
            }
            if (c == T->n && extra > 0) {
                us[p + (size_t)extra] = 0;
                break;
            }
        }
    }
    g_free(whole);
}

/* the recognised characters as Poppler gives a text page: text (lines ended by
 * \n), a box per character in points, a font size per line (its height) */
static void as_text_page(const fr_ocr_glyph *gs, size_t n, double scale, double page_h, pdf_page_raw *raw)
{
    GString *text = g_string_new(NULL);
    GArray *rects = g_array_new(FALSE, TRUE, sizeof(PopplerRectangle));
    GArray *conf = g_array_new(FALSE, TRUE, sizeof(float));
    GArray *word = g_array_new(FALSE, TRUE, sizeof(int));
    GArray *cell = g_array_new(FALSE, TRUE, sizeof(int));
    int nword = -1;
    GList *attrs = NULL;
    size_t k = 0;
    while (k < n) {
        size_t j = k;
        while (j < n && gs[j].line == gs[k].line)
            j++;
        PopplerTextAttributes *a = poppler_text_attributes_new();
        a->font_name = g_strdup("OCR");
        a->font_size = MAX(1, (gs[k].ly1 - gs[k].ly0)) / scale;
        a->start_index = (gint)rects->len;
        uint32_t *us = g_new(uint32_t, j - k + 1);
        for (size_t m = k; m < j; m++)
            us[m - k] = punctuation(gs, m, k, j);
        fix_terms(us, j - k);
        /* a table's id at a line's head, its 7 read as 了 (表了): 表7 */
        if (j - k >= 2 && us[0] == 0x8868 && us[1] == 0x4E86 && (j - k == 2 || gs[k + 2].word_start))
            us[1] = '7';
        for (size_t m = k; m < j; m++) {
            const fr_ocr_glyph *g = &gs[m];
            /* a character's box is its line's height: a full stop or a 一 sits
             * on its line as a font's glyph box does */
            PopplerRectangle r = {g->x0 / scale, g->ly0 / scale, MAX(g->x1, g->x0 + 1) / scale,
                                  MAX(g->ly1, g->ly0 + 1) / scale};
            uint32_t u = us[m - k];
            if (g->word_start || nword < 0) /* (before a drop: the word's next character is still its) */
                nword++;
            if (u == 0) /* dropped as noise (fix_terms) */
                continue;
            /* a key's colon ("单位：万元", "部门名称：") read as another mark, or not
             * seen: the colon, as the table's unit line needs it */
            bool key = m >= k + 2 && ((us[m - k - 2] == 0x5355 && us[m - k - 1] == 0x4F4D) ||  /* 单位 */
                                      (us[m - k - 2] == 0x540D && us[m - k - 1] == 0x79F0)); /* 名称 */
            if (key && (u == 0xFF1B || u == ';' || u == 0xFF0C || u == ',' || u == '.' || u == 0x3002 || u == 0x3001))
                u = 0xFF1A;
            else if (key && us[m - k - 1] == 0x4F4D && (u == 0x4E07 || u == 0x5143)) { /* 单位万元 */
                PopplerRectangle colon = {r.x1 - 0.1, r.y1, r.x1, r.y2}; /* a sliver before 万 */
                g_string_append_unichar(text, 0xFF1A);
                g_array_append_val(rects, colon);
                g_array_append_val(conf, g->conf);
                g_array_append_val(word, nword);
                g_array_append_val(cell, g->cell);
            }
            g_string_append_unichar(text, u);
            g_array_append_val(rects, r);
            g_array_append_val(conf, g->conf);
            g_array_append_val(word, nword);
            g_array_append_val(cell, g->cell);
        }
        g_free(us);
        a->end_index = (gint)rects->len - 1;
        attrs = g_list_prepend(attrs, a);
        PopplerRectangle nl = rects->len ? g_array_index(rects, PopplerRectangle, rects->len - 1) : (PopplerRectangle){0};
        float c = 100;
        g_string_append_c(text, '\n');
        g_array_append_val(rects, nl);
        g_array_append_val(conf, c);
        g_array_append_val(word, nword);
        int none = 0;
        g_array_append_val(cell, none);
        k = j;
    }
    raw->text = g_string_free(text, FALSE);
    raw->nrects = rects->len;
    raw->rects = (PopplerRectangle *)(void *)g_array_free(rects, FALSE);
    raw->conf = (float *)(void *)g_array_free(conf, FALSE);
    raw->word = (int *)(void *)g_array_free(word, FALSE);
    raw->cell = (int *)(void *)g_array_free(cell, FALSE);
    raw->attrs = g_list_reverse(attrs);
    raw->height = page_h;
    raw->ocr = true;
}

/* Is a twentieth of the page or more covered by images (a scan, a page
 * exported as a picture)? */
static bool pictured(PopplerPage *page)
{
    double w = 0, h = 0, covered = 0;
    poppler_page_get_size(page, &w, &h);
    GList *images = poppler_page_get_image_mapping(page);
    for (GList *l = images; l; l = l->next) {
        const PopplerImageMapping *m = l->data;
        covered += fabs(m->area.x2 - m->area.x1) * fabs(m->area.y2 - m->area.y1);
    }
    poppler_page_free_image_mapping(images);
    return covered * 20 >= w * h;
}

bool pdf_ocr_page(PopplerPage *page, const fr_pdf_options *opt, pdf_page_raw *raw)
{
    char why[700] = "";
    int W = 0, H = 0;
    double scale = 1;
    /* a page without text and without a picture of some size (a blank page,
     * a table's empty frame) has nothing to read: --ocr=always reads it all the same */
    if (opt->ocr != FR_OCR_ALWAYS && !pictured(page))
        return true;
    unsigned char *grey = draw_grey(page, opt->ocr_dpi > 0 ? opt->ocr_dpi : 300, &W, &H, &scale);
    if (!grey) {
        raw->ocr_failed = g_strdup("the page could not be drawn for OCR");
        return false;
    }
    fr_ocr *o = take(why, sizeof why);
    if (!o) {
        g_free(grey);
        raw->ocr_failed = g_strdup(why);
        return false;
    }
    fr_ocr_glyph *gs = NULL;
    size_t n = 0;
    int rc = ocr.page(o, grey, W, H, W, (int)lround(scale * 72), OCR_TIMEOUT_MS, &gs, &n, why, sizeof why);
    g_free(grey);
    give_back(o);
    if (opt->ocr_page_done)
        opt->ocr_page_done(1);
    if (rc != 0) {
        raw->ocr_failed = g_strdup(why);
        g_free(gs);
        return false;
    }
    double h = 0;
    poppler_page_get_size(page, NULL, &h);
    if (n > PDF_MAX_GLYPHS_PER_PAGE)
        n = PDF_MAX_GLYPHS_PER_PAGE;
    as_text_page(gs, n, scale, h, raw);
    g_free(gs);
    return true;
}

/* ---- titles: a standard title a few characters off, put right ------------- */

/* Levenshtein distance of a[0..na) and b[0..nb), at most cap + 1 */
static int distance(const gunichar *a, glong na, const gunichar *b, glong nb, int cap)
{
    if (labs(na - nb) > cap)
        return cap + 1;
    int *row = g_new(int, (size_t)nb + 1);
    for (glong j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (glong i = 1; i <= na; i++) {
        int diag = row[0], best = (int)i;
        row[0] = (int)i;
        for (glong j = 1; j <= nb; j++) {
            int up = row[j];
            int v = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] != b[j - 1]));
            row[j] = v;
            diag = up;
            best = MIN(best, v);
        }
        if (best > cap) {
            g_free(row);
            return cap + 1;
        }
    }
    int d = row[nb];
    g_free(row);
    return d;
}

/* A unit key OCR misread at a line's end (部门：… 持位万元, 单 位万元): 单位：万元 */
static char *mend_unit(fr_arena *arena, const char *line)
{
    static lay_regex unit = {"^(.*\\S)\\s+\\S?\\s?位\\s?[：:；;，,]?\\s?(万元|元)$", 0, NULL};
    if (!g_str_has_suffix(line, "元") || strstr(line, "单位：") || !lay_regex_match(&unit, line))
        return NULL;
    GMatchInfo *mi = NULL;
    char *out = NULL;
    if (g_regex_match(unit.re, line, 0, &mi)) {
        char *head = g_match_info_fetch(mi, 1), *u = g_match_info_fetch(mi, 2);
        char *s = g_strdup_printf("%s 单位：%s", head, u);
        out = fr_arena_strdup(arena, s);
        g_free(s);
        g_free(head);
        g_free(u);
    }
    g_match_info_free(mi);
    return out;
}

/* (pdf.h) The line is compared without its blanks; a title's parenthesised
 * qualifier ("…支出预算表（功能科目）") is set apart, its brackets restored. */
char *pdf_ocr_title(fr_arena *arena, const char *line)
{
    char *unit = mend_unit(arena, line);
    if (unit)
        return unit;
    if (!strstr(line, "表") || g_utf8_strlen(line, -1) > 48 || strstr(line, "。") || strstr(line, "，"))
        return NULL;
    glong n = 0;
    gunichar *all = g_utf8_to_ucs4_fast(line, -1, &n);
    gunichar *u = g_new(gunichar, (size_t)n + 1);
    glong *at = g_new(glong, (size_t)n + 1); /* where each of u is in all */
    /* a year read with a digit too many (20254年部门支出预算总表): its first four */
    bool year_mended = false;
    for (glong k = 0; k + 5 < n; k++) {
        bool five = all[k] == '2' && all[k + 1] == '0' && all[k + 5] == 0x5E74 && (k == 0 || all[k - 1] > '9' || all[k - 1] < '0');
        for (glong d = 2; five && d < 5; d++)
            five = all[k + d] >= '0' && all[k + d] <= '9';
        if (five) {
            memmove(all + k + 4, all + k + 5, sizeof(gunichar) * (size_t)(n - k - 5));
            n--;
            year_mended = true;
            break;
        }
    }
    glong m = 0;
    for (glong k = 0; k < n; k++)
        if (all[k] != ' ' && all[k] != 0x3000) {
            at[m] = k;
            u[m++] = all[k];
        }
    /* the last 表, and what follows it: nothing, or a qualifier in brackets
     * whose opening one OCR lost or misread (表功能科目）, 表〈功能科目）) */
    glong end = -1;
    for (glong k = m; k-- > 0;)
        if (u[k] == 0x8868) {
            end = k + 1;
            break;
        }
    char *out = NULL;
    GString *tail = g_string_new(NULL), *g = g_string_new(NULL);
    if (end < 4 || m - end > 12)
        goto done;
    bool changed = year_mended;
    if (end < m) {
        glong a = end, b = m;
        if (u[a] == 0xFF08 || u[a] == '(' || u[a] == 0x3008 || u[a] == 0x300A)
            a++;
        else
            changed = true;
        if (b > a && (u[b - 1] == 0xFF09 || u[b - 1] == ')' || u[b - 1] == 0x3009 || u[b - 1] == 0x300B))
            b--;
        else
            b = a; /* (no closing bracket: no qualifier, "…下表所示") */
        for (glong k = a; k < b; k++)
            if (!ideograph(u[k])) /* a qualifier is words: 功能科目, 按经济分类 */
                goto done;
        if (b - a < 2)
            goto done;
        g_string_append(tail, "（");
        for (glong k = a; k < b; k++)
            g_string_append_unichar(tail, u[k]);
        g_string_append(tail, "）");
        changed = changed || u[end] != 0xFF08 || u[m - 1] != 0xFF09;
    }
    /* the standard title nearest the text before 表's end: at most a quarter
     * of its characters off, and nearer than any other */
    if (g_once_init_enter(&vocab.once)) {
        load_vocab();
        g_once_init_leave(&vocab.once, 1);
    }
    const char *best = NULL;
    glong best_from = -1;
    int best_d = 99;
    bool tie = false;
    for (size_t t = 0; TITLE_TERMS[t]; t++) {
        const char *T = TITLE_TERMS[t];
        if (!g_str_has_suffix(T, "表"))
            continue;
        glong tn = 0;
        gunichar *tu = g_utf8_to_ucs4_fast(T, -1, &tn);
        int cap = (int)(tn / 4);
        for (glong from = MAX(0, end - tn - cap); from <= end - tn + cap && from < end; from++) {
            int d = distance(u + from, end - from, tu, tn, cap);
            if (d > cap)
                continue;
            /* (the title that covers most wins: 财政拨款基本支出预算表 one off
             * over 支出预算表 whole; then the nearer) */
            glong covers = tn - d, best_covers = best ? g_utf8_strlen(best, -1) - best_d : -1;
            if (covers > best_covers || (covers == best_covers && d < best_d)) {
                best = T;
                best_d = d;
                best_from = from;
                tie = false;
            } else if (covers == best_covers && d == best_d && strcmp(T, best) != 0 && from != best_from) {
                tie = true;
            }
        }
        g_free(tu);
    }
    glong head_end = end;
    if (best && !tie && best_d > 0) {
        /* a title every character of which the vocabulary knows as printed
         * (一般公共预算 拨款支出 预算表) is as printed: only a character no term
         * covers can be a misread one (基了支出, 一般公3东预算) */
        bool *whole = printed_terms(u, (size_t)m, (size_t)best_from, (size_t)end);
        bool known = true;
        for (glong p = best_from; p < end && known; p++)
            known = whole[p];
        g_free(whole);
        /* nor is a title the standard one has more words than (一般公共预算支出表
         * is no 一般公共预算支出情况表 missing two): OCR misreads characters, it
         * does not leave words out */
        glong tn = 0;
        gunichar *tu = g_utf8_to_ucs4_fast(best, -1, &tn);
        bool fewer = end - best_from < tn;
        if (fewer) {
            glong p = best_from;
            for (glong r = 0; r < tn && p < end; r++)
                if (tu[r] == u[p])
                    p++;
            fewer = p == end; /* (the text read is all in the title, in order) */
        }
        g_free(tu);
        if (known || fewer)
            best = NULL;
    }
    if (best && !tie) {
        bool blanks = at[end - 1] - at[best_from] != end - 1 - best_from; /* (一般公共 预算支出预算表) */
        if (best_d > 0 || blanks) {
            head_end = best_from;
            changed = true;
        }
    }
    /* what comes before as printed, its blanks kept (表1 2026年…) */
    glong upto = head_end < m ? at[head_end] : n;
    if (head_end == end)
        upto = at[end - 1] + 1;
    for (glong k = 0; k < upto; k++)
        g_string_append_unichar(g, all[k]);
    if (head_end != end) {
        while (g->len && g->str[g->len - 1] == ' ')
            g_string_truncate(g, g->len - 1);
        if (head_end > 0 && (u[head_end - 1] < 0x80 && g_ascii_isdigit((int)u[head_end - 1])) && !g_str_has_suffix(g->str, "年"))
            g_string_append_c(g, ' ');
        g_string_append(g, best);
    }
    g_string_append(g, tail->str);
    /* (a line of no title at all: no standard title near and nothing mended) */
    if (changed && (best || end == m || tail->len))
        out = fr_arena_strdup(arena, g->str);
done:
    g_string_free(g, TRUE);
    g_string_free(tail, TRUE);
    g_free(u);
    g_free(at);
    g_free(all);
    return out;
}
