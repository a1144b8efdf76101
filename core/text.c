/* text.c — decoding (UTF-8 or GB18030), selective NFKC, display width. */
#include "fr_glib.h"

#include <glib.h>
#include <string.h>

char *fr_text_decode(const unsigned char *bytes, size_t len, const char **encoding, fr_error *err)
{
    const char *s = (const char *)bytes;
    if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        s += 3;
        len -= 3;
    }
    if (memchr(s, '\0', len)) {
        fr_error_set(err, FR_ERR_INPUT, "binary data (a NUL byte) in a text input");
        return NULL;
    }
    if (g_utf8_validate(s, (gssize)len, NULL)) {
        if (encoding)
            *encoding = "UTF-8";
        return g_strndup(s, len);
    }
    gsize written = 0;
    GError *gerr = NULL;
    char *out = g_convert(s, (gssize)len, "UTF-8", "GB18030", NULL, &written, &gerr);
    if (!out) {
        /* UTF-8 but for a few broken sequences (an encoded surrogate, a cut
         * character): keep the text, each bad sequence becomes U+FFFD */
        size_t bad = 0;
        for (const char *p = s, *end = s + len; p < end;) {
            const char *stop;
            if (g_utf8_validate(p, end - p, &stop))
                break;
            bad++;
            p = stop + 1;
            while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
                p++;
        }
        if (bad <= 1 + len / 1600) { /* one bad sequence, or one in 1600 bytes */
            g_clear_error(&gerr);
            if (encoding)
                *encoding = FR_ENCODING_UTF8_REPAIRED;
            return g_utf8_make_valid(s, (gssize)len);
        }
        fr_error_set(err, FR_ERR_INPUT, "text is neither UTF-8 nor GB18030 (%s)", gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        return NULL;
    }
    if (encoding)
        *encoding = "GB18030";
    return out;
}

/* Characters kept as printed: CJK full-width punctuation and the ideographic space. */
static bool keep_as_printed(gunichar u)
{
    if (u == 0x3000)
        return true;
    if (u >= 0xFF01 && u <= 0xFF0F)
        return true;
    if (u >= 0xFF1A && u <= 0xFF20)
        return true;
    if (u >= 0xFF3B && u <= 0xFF40)
        return true;
    if (u >= 0xFF5B && u <= 0xFF65)
        return true;
    return false;
}

/* Could NFKC change this character? Cheap filter for the common cases. */
static bool may_change(gunichar u)
{
    if (u < 0xA0)
        return false;
    if (u >= 0x4E00 && u <= 0x9FFF) /* CJK unified ideographs */
        return false;
    if (u >= 0x3001 && u <= 0x303F && u != 0x3000) /* CJK symbols 、。〈〉《》「」 */
        return false;
    if (u == 0x201C || u == 0x201D || u == 0x2018 || u == 0x2019 || u == 0x2014 || u == 0x2026)
        return false;
    return !keep_as_printed(u);
}

/* The character at p (valid UTF-8, not ASCII): three-byte characters (all of
 * CJK) decoded here, the rest by GLib */
static inline gunichar char_at(const char *p)
{
    const unsigned char *b = (const unsigned char *)p;
    if ((b[0] & 0xF0) == 0xE0 && (b[1] & 0xC0) == 0x80 && (b[2] & 0xC0) == 0x80)
        return ((gunichar)(b[0] & 0x0F) << 12) | ((gunichar)(b[1] & 0x3F) << 6) | (b[2] & 0x3F);
    return g_utf8_get_char(p);
}

char *fr_text_normalize(const char *s, size_t len)
{
    GString *out = g_string_sized_new(len + 1);
    const char *p = s, *end = s + len;
    while (p < end) {
        /* a run that NFKC leaves alone is copied whole: ASCII, and the ideographs and
         * punctuation most of a report is made of (may_change decides) */
        const char *run = p;
        while (p < end) {
            if ((unsigned char)*p < 0x80) {
                p++;
                continue;
            }
            const char *q = g_utf8_next_char(p);
            if (q > end || may_change(char_at(p)))
                break;
            p = q;
        }
        g_string_append_len(out, run, p - run);
        if (p >= end)
            break;
        const char *q = g_utf8_next_char(p);
        if (q > end)
            q = end;
        char *n = g_utf8_normalize(p, q - p, G_NORMALIZE_NFKC);
        if (n) {
            g_string_append(out, n);
            g_free(n);
        } else {
            g_string_append_len(out, p, q - p);
        }
        p = q;
    }
    return g_string_free(out, FALSE);
}

size_t fr_text_width(const char *s, size_t len)
{
    size_t w = 0;
    const char *p = s, *end = s + len;
    while (p < end && *p) {
        if ((unsigned char)*p < 0x80) {
            w++;
            p++;
            continue;
        }
        gunichar u = char_at(p);
        /* ideographs, CJK punctuation and full-width forms are wide: the common
         * case answered without g_unichar_iswide's table search */
        bool wide = (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3000 && u <= 0x303E) || (u >= 0xFF01 && u <= 0xFF60) ||
                    g_unichar_iswide(u);
        w += wide ? 2 : 1;
        p = g_utf8_next_char(p);
    }
    return w;
}

/* Is s (len bytes) already what fr_text_safe makes of it: valid UTF-8 holding only
 * characters XML 1.0 allows? Valid UTF-8 has no surrogates, so what is left to find
 * are control bytes and U+FFFE / U+FFFF (EF BF BE, EF BF BF). */
static bool text_is_safe(const char *s, size_t len)
{
    if (!g_utf8_validate_len(s, len, NULL))
        return false;
    for (const unsigned char *p = (const unsigned char *)s, *end = p + len; p < end; p++) {
        if (*p < 0x20 && *p != 0x9 && *p != 0xA && *p != 0xD)
            return false;
        if (*p == 0xEF && end - p >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return false;
    }
    return true;
}

/* The slow path of fr_text_safe, for text that is not safe already */
static char *make_safe(const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);
    GString *g = g_string_sized_new(strlen(valid));
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        bool ok = u == 0x9 || u == 0xA || u == 0xD || (u >= 0x20 && u <= 0xD7FF) || (u >= 0xE000 && u <= 0xFFFD) ||
                  (u >= 0x10000 && u <= 0x10FFFF);
        g_string_append_unichar(g, ok ? u : 0xFFFD);
    }
    g_free(valid);
    return g_string_free(g, FALSE);
}

char *fr_text_safe(const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    return text_is_safe(s, len) ? g_strndup(s, len) : make_safe(s);
}

void fr_gstring_append_json(GString *o, const char *s)
{
    if (!s) {
        g_string_append(o, "null");
        return;
    }
    size_t len = strlen(s);
    char *safe = text_is_safe(s, len) ? NULL : make_safe(s);
    const char *p = safe ? safe : s;
    g_string_append_c(o, '"');
    /* runs without a character to escape are appended whole */
    for (const char *run = p;; p++) {
        const char *esc;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\0': esc = NULL; break;
        default: continue;
        }
        g_string_append_len(o, run, p - run);
        if (!esc)
            break;
        g_string_append(o, esc);
        run = p + 1;
    }
    g_string_append_c(o, '"');
    g_free(safe);
}

void fr_gstring_append_int(GString *o, long long v)
{
    char buf[32];
    g_string_append(o, fr_decimal_format((fr_decimal){(int64_t)v, 0}, buf, sizeof buf)); /* digits by hand */
}

GPtrArray *fr_tsv_records(const char *text, int min_fields, int max_fields)
{
    GPtrArray *records = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
        char **f = g_strsplit(lines[i], "\t", max_fields);
        if (g_strv_length(f) >= (guint)min_fields)
            g_ptr_array_add(records, f);
        else
            g_strfreev(f);
    }
    g_strfreev(lines);
    return records;
}
