/* docx_styles.c — what styles.xml and numbering.xml say about a paragraph.
 *
 * A heading level comes from the style's w:outlineLvl, from its name
 * ("heading 2", localized "标题 2"), or from the style it is basedOn, followed
 * up to 16 steps (a cycle ends the walk). Numbers that Word generates are
 * computed here: w:numId → w:abstractNumId → the level's w:numFmt, w:start and
 * w:lvlText ("（%1）"), with per-list counters that restart the deeper levels. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LEVELS 9
#define MAX_BASED_ON 16
#define MAX_ENTRIES 20000 /* styles, lists, list definitions */

typedef struct style {
    char *based_on;
    char *name;
    int outline;        /* w:outlineLvl + 1, 10 for body text, 0 unset */
    int bold;           /* -1 unset, 0, 1 */
    int num_id, ilvl;   /* -1 unset */
} style;

typedef struct level {
    int start;
    char *fmt;          /* w:numFmt */
    char *text;         /* w:lvlText */
    char *suffix;       /* w:suff: tab (default), space, nothing */
} level;

typedef struct abstract_num {
    level lvl[MAX_LEVELS];
} abstract_num;

typedef struct list {
    int abstract_id;
    int start_override[MAX_LEVELS]; /* -1 none */
    int count[MAX_LEVELS];
    bool used[MAX_LEVELS];
} list;

struct docx_styles {
    GHashTable *styles;     /* styleId → style */
    GHashTable *abstracts;  /* abstractNumId → abstract_num */
    GHashTable *lists;      /* numId → list */
};

static void style_free(gpointer p)
{
    style *s = p;
    g_free(s->based_on);
    g_free(s->name);
    g_free(s);
}

static void abstract_free(gpointer p)
{
    abstract_num *a = p;
    for (int k = 0; k < MAX_LEVELS; k++) {
        g_free(a->lvl[k].fmt);
        g_free(a->lvl[k].text);
        g_free(a->lvl[k].suffix);
    }
    g_free(a);
}

static int attr_int(const docx_elem *e, const char *local, int dflt)
{
    char *v = docx_elem_attr(e, local);
    int r = v ? atoi(v) : dflt;
    g_free(v);
    return r;
}

/* w:b and the like: on unless w:val says 0 / false / off */
static bool attr_on(const docx_elem *e)
{
    char *v = docx_elem_attr(e, "val");
    bool on = docx_val_on(v);
    g_free(v);
    return on;
}

/* ---- reading: SAX callbacks, one element at a time ---------------------------- */

typedef struct reading {
    docx_styles *st;
    style *style;          /* the w:style being read */
    char *style_id;
    abstract_num *abs;     /* the w:abstractNum being read */
    int abs_id, lvl;
    list *list;            /* the w:num being read */
    int list_id, override_lvl;
} reading;

static void on_start(void *ctx, const docx_elem *e)
{
    reading *rd = ctx;
    if (!e->w)
        return;
    const char *n = e->local, *up = e->parent;
    if (e->depth == 1 && strcmp(n, "style") == 0) {
        rd->style_id = docx_elem_attr(e, "styleId");
        rd->style = g_new0(style, 1);
        rd->style->bold = -1;
        rd->style->num_id = rd->style->ilvl = -1;
    } else if (rd->style) {
        if (strcmp(n, "name") == 0 && strcmp(up, "style") == 0) {
            g_free(rd->style->name);
            rd->style->name = docx_elem_attr(e, "val");
        } else if (strcmp(n, "basedOn") == 0 && strcmp(up, "style") == 0) {
            g_free(rd->style->based_on);
            rd->style->based_on = docx_elem_attr(e, "val");
        } else if (strcmp(n, "outlineLvl") == 0 && strcmp(up, "pPr") == 0) {
            rd->style->outline = CLAMP(attr_int(e, "val", 9), 0, 9) + 1;
        } else if (strcmp(n, "numId") == 0 && strcmp(up, "numPr") == 0) {
            rd->style->num_id = attr_int(e, "val", -1);
            if (rd->style->ilvl < 0)
                rd->style->ilvl = 0;
        } else if (strcmp(n, "ilvl") == 0 && strcmp(up, "numPr") == 0) {
            rd->style->ilvl = CLAMP(attr_int(e, "val", 0), 0, MAX_LEVELS - 1);
        } else if (strcmp(n, "b") == 0 && strcmp(up, "rPr") == 0 && e->depth == 3) {
            rd->style->bold = attr_on(e);
        }
    } else if (e->depth == 1 && strcmp(n, "abstractNum") == 0) {
        rd->abs = g_new0(abstract_num, 1);
        rd->abs_id = attr_int(e, "abstractNumId", -1);
        for (int k = 0; k < MAX_LEVELS; k++)
            rd->abs->lvl[k].start = 1;
    } else if (rd->abs) {
        if (strcmp(n, "lvl") == 0 && strcmp(up, "abstractNum") == 0) {
            rd->lvl = attr_int(e, "ilvl", -1);
            return;
        }
        if (rd->lvl < 0 || rd->lvl >= MAX_LEVELS || strcmp(up, "lvl") != 0)
            return;
        level *v = &rd->abs->lvl[rd->lvl];
        char **slot = strcmp(n, "numFmt") == 0 ? &v->fmt : strcmp(n, "lvlText") == 0 ? &v->text
                      : strcmp(n, "suff") == 0 ? &v->suffix : NULL;
        if (slot) {
            g_free(*slot);
            *slot = docx_elem_attr(e, "val");
        } else if (strcmp(n, "start") == 0) {
            v->start = attr_int(e, "val", 1);
        }
    } else if (e->depth == 1 && strcmp(n, "num") == 0) {
        rd->list = g_new0(list, 1);
        rd->list_id = attr_int(e, "numId", -1);
        rd->list->abstract_id = -1;
        for (int k = 0; k < MAX_LEVELS; k++)
            rd->list->start_override[k] = -1;
    } else if (rd->list) {
        if (strcmp(n, "abstractNumId") == 0 && strcmp(up, "num") == 0)
            rd->list->abstract_id = attr_int(e, "val", -1);
        else if (strcmp(n, "lvlOverride") == 0)
            rd->override_lvl = attr_int(e, "ilvl", -1);
        else if (strcmp(n, "startOverride") == 0 && rd->override_lvl >= 0 && rd->override_lvl < MAX_LEVELS)
            rd->list->start_override[rd->override_lvl] = attr_int(e, "val", 1);
    }
}

/* Keeps value under key, or frees it when the table is full (a hostile part). */
static void keep(GHashTable *h, gpointer key, gpointer value, GDestroyNotify free_key, GDestroyNotify free_value)
{
    if (g_hash_table_size(h) < MAX_ENTRIES) {
        g_hash_table_replace(h, key, value);
        return;
    }
    if (free_key)
        free_key(key);
    free_value(value);
}

static void on_end(void *ctx, const char *local, int depth)
{
    reading *rd = ctx;
    if (depth != 1)
        return;
    docx_styles *st = rd->st;
    if (rd->style && strcmp(local, "style") == 0) {
        if (rd->style_id)
            keep(st->styles, rd->style_id, rd->style, g_free, style_free);
        else
            style_free(rd->style);
        rd->style = NULL;
        rd->style_id = NULL;
    } else if (rd->abs && strcmp(local, "abstractNum") == 0) {
        keep(st->abstracts, GINT_TO_POINTER(rd->abs_id), rd->abs, NULL, abstract_free);
        rd->abs = NULL;
        rd->lvl = -1;
    } else if (rd->list && strcmp(local, "num") == 0) {
        keep(st->lists, GINT_TO_POINTER(rd->list_id), rd->list, NULL, g_free);
        rd->list = NULL;
        rd->override_lvl = -1;
    }
}

int docx_styles_load(docx_pkg *pkg, const char *styles_part, const char *numbering_part, docx_styles **out,
                     fr_error *err)
{
    docx_styles *st = g_new0(docx_styles, 1);
    st->styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, style_free);
    st->abstracts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, abstract_free);
    st->lists = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    reading rd = {st, NULL, NULL, NULL, -1, -1, NULL, -1, -1};
    docx_walker w = {on_start, on_end, NULL, &rd, false};
    int rc = FR_OK;
    if (styles_part && docx_pkg_has(pkg, styles_part))
        rc = docx_part_walk(pkg, styles_part, &w, err);
    if (rc == FR_OK && numbering_part && docx_pkg_has(pkg, numbering_part))
        rc = docx_part_walk(pkg, numbering_part, &w, err);
    /* an element left open by a malformed part */
    if (rd.style) {
        style_free(rd.style);
        g_free(rd.style_id);
    }
    if (rd.abs)
        abstract_free(rd.abs);
    g_free(rd.list);
    if (rc != FR_OK) {
        docx_styles_free(st);
        return rc;
    }
    *out = st;
    return FR_OK;
}

void docx_styles_free(docx_styles *st)
{
    if (!st)
        return;
    g_hash_table_destroy(st->styles);
    g_hash_table_destroy(st->abstracts);
    g_hash_table_destroy(st->lists);
    g_free(st);
}

/* ---- questions ------------------------------------------------------------------ */

/* "heading 2", "Heading2", "标题 2" → 2 */
static int level_from_name(const char *name)
{
    if (!name)
        return 0;
    const char *p = NULL;
    if (g_ascii_strncasecmp(name, "heading", 7) == 0)
        p = name + 7;
    else if (g_str_has_prefix(name, "标题"))
        p = name + strlen("标题");
    if (!p)
        return 0;
    while (*p == ' ')
        p++;
    if (*p < '1' || *p > '9' || p[1])
        return 0;
    return *p - '0';
}

int docx_style_heading(const docx_styles *st, const char *id)
{
    for (int step = 0; id && step < MAX_BASED_ON; step++) {
        const style *s = g_hash_table_lookup(st->styles, id);
        if (!s)
            return level_from_name(id); /* a style used but not defined: its id may say */
        if (s->outline)
            return s->outline <= 9 ? s->outline : 0;
        int by_name = level_from_name(s->name);
        if (by_name)
            return by_name;
        id = s->based_on;
    }
    return 0;
}

bool docx_style_bold(const docx_styles *st, const char *id)
{
    for (int step = 0; id && step < MAX_BASED_ON; step++) {
        const style *s = g_hash_table_lookup(st->styles, id);
        if (!s)
            return false;
        if (s->bold >= 0)
            return s->bold;
        id = s->based_on;
    }
    return false;
}

bool docx_style_numbering(const docx_styles *st, const char *id, int *num_id, int *ilvl)
{
    for (int step = 0; id && step < MAX_BASED_ON; step++) {
        const style *s = g_hash_table_lookup(st->styles, id);
        if (!s)
            return false;
        if (s->num_id >= 0) {
            *num_id = s->num_id;
            *ilvl = s->ilvl;
            return *num_id > 0;
        }
        id = s->based_on;
    }
    return false;
}

/* ---- numbers ------------------------------------------------------------------------ */

void docx_cn_number(unsigned n, GString *out)
{
    static const char *const D[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n == 0) {
        g_string_append(out, D[0]);
        return;
    }
    if (n >= 10000) {
        g_string_append_printf(out, "%u", n);
        return;
    }
    unsigned th = n / 1000, hu = n / 100 % 10, te = n / 10 % 10, on = n % 10;
    bool zero = false;
    if (th) {
        g_string_append(out, D[th]);
        g_string_append(out, "千");
    }
    if (hu) {
        g_string_append(out, D[hu]);
        g_string_append(out, "百");
    } else if (th && (te || on)) {
        zero = true;
    }
    if (te) {
        if (zero)
            g_string_append(out, "零");
        zero = false;
        if (!(te == 1 && n < 20)) /* 十一, not 一十一 */
            g_string_append(out, D[te]);
        g_string_append(out, "十");
    } else if ((th || hu) && on) {
        zero = true;
    }
    if (on) {
        if (zero)
            g_string_append(out, "零");
        g_string_append(out, D[on]);
    }
}

static void letters(unsigned n, bool upper, GString *out)
{
    /* A … Z, AA … ZZ as Word counts them: the letter repeated */
    unsigned reps = (n - 1) / 26 + 1;
    char c = (char)((upper ? 'A' : 'a') + (n - 1) % 26);
    for (unsigned k = 0; k < reps && k < 10; k++)
        g_string_append_c(out, c);
}

static void roman(unsigned n, bool upper, GString *out)
{
    static const unsigned V[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const S[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    if (n == 0 || n >= 4000) {
        g_string_append_printf(out, "%u", n);
        return;
    }
    for (int k = 0; k < 13; k++)
        while (n >= V[k]) {
            for (const char *p = S[k]; *p; p++)
                g_string_append_c(out, upper ? *p : (char)g_ascii_tolower(*p));
            n -= V[k];
        }
}

/* false for formats that print no number (bullet, none) */
static bool format_number(const char *fmt, unsigned n, GString *out)
{
    static const char *const TIANGAN[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    static const char *const LEGAL[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    if (!fmt || strcmp(fmt, "decimal") == 0 || strcmp(fmt, "decimalFullWidth") == 0 ||
        strcmp(fmt, "decimalFullWidth2") == 0 || strcmp(fmt, "decimalHalfWidth") == 0) {
        g_string_append_printf(out, "%u", n);
    } else if (strcmp(fmt, "decimalZero") == 0) {
        g_string_append_printf(out, "%02u", n);
    } else if (g_str_has_prefix(fmt, "chineseCounting") || strcmp(fmt, "japaneseCounting") == 0 ||
               strcmp(fmt, "taiwaneseCounting") == 0 || strcmp(fmt, "taiwaneseCountingThousand") == 0) {
        docx_cn_number(n, out);
    } else if (strcmp(fmt, "chineseLegalSimplified") == 0 && n < 10) {
        g_string_append(out, LEGAL[n]);
    } else if (strcmp(fmt, "ideographTraditional") == 0 && n >= 1 && n <= 10) {
        g_string_append(out, TIANGAN[n - 1]);
    } else if (strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) {
        letters(n ? n : 1, fmt[0] == 'u', out);
    } else if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) {
        roman(n, fmt[0] == 'u', out);
    } else if (strcmp(fmt, "decimalEnclosedCircle") == 0 || strcmp(fmt, "decimalEnclosedCircleChinese") == 0) {
        if (n >= 1 && n <= 20)
            g_string_append_unichar(out, 0x2460 + n - 1);
        else
            g_string_append_printf(out, "%u", n);
    } else if (strcmp(fmt, "decimalEnclosedParen") == 0) {
        if (n >= 1 && n <= 20)
            g_string_append_unichar(out, 0x2474 + n - 1);
        else
            g_string_append_printf(out, "(%u)", n);
    } else if (strcmp(fmt, "bullet") == 0 || strcmp(fmt, "none") == 0) {
        return false;
    } else {
        g_string_append_printf(out, "%u", n);
    }
    return true;
}

char *docx_number_next(docx_styles *st, int num_id, int ilvl)
{
    list *l = g_hash_table_lookup(st->lists, GINT_TO_POINTER(num_id));
    if (!l || ilvl < 0 || ilvl >= MAX_LEVELS)
        return NULL;
    const abstract_num *a = g_hash_table_lookup(st->abstracts, GINT_TO_POINTER(l->abstract_id));
    if (!a)
        return NULL;
    /* this level counts on; deeper levels start again */
    int start = l->start_override[ilvl] >= 0 ? l->start_override[ilvl] : a->lvl[ilvl].start;
    l->count[ilvl] = l->used[ilvl] ? l->count[ilvl] + 1 : start;
    l->used[ilvl] = true;
    for (int k = ilvl + 1; k < MAX_LEVELS; k++)
        l->used[k] = false;
    const level *v = &a->lvl[ilvl];
    if (!v->text || (v->fmt && (strcmp(v->fmt, "bullet") == 0 || strcmp(v->fmt, "none") == 0)))
        return NULL;
    GString *out = g_string_new(NULL);
    for (const char *p = v->text; *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            int n = k == ilvl ? l->count[k] : (l->used[k] ? l->count[k] : a->lvl[k].start);
            if (!format_number(a->lvl[k].fmt, (unsigned)MAX(n, 0), out)) {
                g_string_free(out, TRUE);
                return NULL;
            }
            p++;
            continue;
        }
        g_string_append_c(out, *p);
    }
    /* a tab or space after an ASCII number ("1." then the text); CJK
     * punctuation ("一、", "（一）") is followed directly */
    bool ascii_end = out->len && (unsigned char)out->str[out->len - 1] < 0x80;
    if (ascii_end && !(v->suffix && strcmp(v->suffix, "nothing") == 0))
        g_string_append_c(out, ' ');
    return g_string_free(out, FALSE);
}
