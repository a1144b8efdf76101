/* decimal.c — exact amounts: integer units and the printed scale. */
#include "fiscus.h"

#include <glib.h>
#include <string.h>

static const int64_t POW10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

/* Reads one code point of the amount alphabet; returns bytes consumed or 0. */
static int amount_char(const char *s, size_t left, int *ch)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *ch = c;
        return 1;
    }
    gunichar u = g_utf8_get_char_validated(s, (gssize)left);
    if (u == (gunichar)-1 || u == (gunichar)-2)
        return 0;
    int n = (int)(g_utf8_next_char(s) - s);
    if (u >= 0xFF10 && u <= 0xFF19)
        *ch = '0' + (int)(u - 0xFF10);
    else if (u == 0xFF0C) /* ， */
        *ch = ',';
    else if (u == 0xFF0E) /* ． */
        *ch = '.';
    else if (u == 0x2212 || u == 0xFF0D) /* − － */
        *ch = '-';
    else if (u == 0xFF08) /* （ */
        *ch = '(';
    else if (u == 0xFF09)
        *ch = ')';
    else if (u == 0x3000)
        *ch = ' ';
    else
        *ch = -1;
    return n;
}

int fr_decimal_parse(const char *s, size_t len, fr_decimal *out)
{
    /* Normalise to ASCII first (bounded: amounts are short). */
    char buf[64];
    size_t n = 0, i = 0;
    while (i < len) {
        int ch;
        int k = amount_char(s + i, len - i, &ch);
        if (k == 0 || ch < 0)
            return FR_ERR_INPUT;
        i += (size_t)k;
        if (ch == ' ' || ch == '\t')
            continue;
        if (n + 1 >= sizeof buf)
            return FR_ERR_INPUT;
        buf[n++] = (char)ch;
    }
    buf[n] = '\0';
    if (n == 0)
        return FR_ERR_INPUT;
    const char *p = buf, *end = buf + n;
    bool neg = false, paren = false;
    if (*p == '(' && end[-1] == ')') {
        paren = neg = true;
        p++;
        end--;
    }
    if (p < end && *p == '-') {
        if (paren)
            return FR_ERR_INPUT;
        neg = true;
        p++;
    }
    if (p >= end || !g_ascii_isdigit(*p))
        return FR_ERR_INPUT;
    int64_t units = 0;
    int scale = -1, digits_in_group = 0, groups = 0;
    bool seen_comma = false;
    for (; p < end; p++) {
        if (g_ascii_isdigit(*p)) {
            if (units > (INT64_MAX - 9) / 10)
                return FR_ERR_INPUT;
            units = units * 10 + (*p - '0');
            if (scale >= 0) {
                if (++scale > FR_DECIMAL_MAX_SCALE)
                    return FR_ERR_INPUT;
            } else {
                digits_in_group++;
            }
        } else if (*p == ',' && scale < 0) {
            /* thousands separators: first group 1-3 digits, then exactly 3 */
            if (digits_in_group == 0 || digits_in_group > 3 || (seen_comma && digits_in_group != 3))
                return FR_ERR_INPUT;
            seen_comma = true;
            digits_in_group = 0;
            groups++;
        } else if (*p == '.' && scale < 0) {
            if (seen_comma && digits_in_group != 3)
                return FR_ERR_INPUT;
            scale = 0;
            if (p + 1 >= end)
                return FR_ERR_INPUT;
        } else {
            return FR_ERR_INPUT;
        }
    }
    if (scale < 0 && seen_comma && digits_in_group != 3)
        return FR_ERR_INPUT;
    (void)groups;
    out->units = neg ? -units : units;
    out->scale = scale < 0 ? 0 : scale;
    return FR_OK;
}

char *fr_decimal_format(fr_decimal d, char *buf, size_t size)
{
    /* digits by hand (printf was a tenth of a large conversion's time): |units| with at
     * least one digit before the point, which goes before the last `scale` digits */
    uint64_t mag = d.units < 0 ? (uint64_t)(-(d.units + 1)) + 1u : (uint64_t)d.units;
    char rev[24];
    int n = 0;
    do {
        rev[n++] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    while (n < d.scale + 1 && n < (int)sizeof rev)
        rev[n++] = '0';
    char text[48];
    size_t k = 0;
    if (d.units < 0)
        text[k++] = '-';
    for (int i = n - 1; i >= 0; i--) {
        text[k++] = rev[i];
        if (i == d.scale && d.scale > 0)
            text[k++] = '.';
    }
    text[k] = '\0';
    g_strlcpy(buf, text, size);
    return buf;
}

int fr_decimal_rescale(fr_decimal d, int scale, fr_decimal *out)
{
    if (scale < 0 || scale > FR_DECIMAL_MAX_SCALE)
        return FR_ERR_LIMIT;
    if (scale >= d.scale) {
        int64_t m = POW10[scale - d.scale];
        if (d.units > INT64_MAX / m || d.units < INT64_MIN / m)
            return FR_ERR_LIMIT;
        out->units = d.units * m;
    } else {
        int64_t m = POW10[d.scale - scale];
        if (d.units % m != 0)
            return FR_ERR_LIMIT;
        out->units = d.units / m;
    }
    out->scale = scale;
    return FR_OK;
}

int fr_decimal_cmp(fr_decimal a, fr_decimal b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    fr_decimal x, y;
    if (fr_decimal_rescale(a, s, &x) || fr_decimal_rescale(b, s, &y)) {
        /* Out of range only for astronomically large values: compare by sign then magnitude order. */
        return (a.units > 0) - (a.units < 0) - ((b.units > 0) - (b.units < 0));
    }
    return (x.units > y.units) - (x.units < y.units);
}

int fr_decimal_add(fr_decimal a, fr_decimal b, fr_decimal *out)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    fr_decimal x, y;
    if (fr_decimal_rescale(a, s, &x) || fr_decimal_rescale(b, s, &y))
        return FR_ERR_LIMIT;
    if ((y.units > 0 && x.units > INT64_MAX - y.units) || (y.units < 0 && x.units < INT64_MIN - y.units))
        return FR_ERR_LIMIT;
    out->units = x.units + y.units;
    out->scale = s;
    return FR_OK;
}

char *fr_decimal_format_shifted(fr_decimal d, int exponent, char *buf, size_t size, int *decimals)
{
    /* digits of |units|, then the decimal point moved right by exponent:
     * string arithmetic, so no product can overflow */
    uint64_t mag = d.units < 0 ? (uint64_t)(-(d.units + 1)) + 1u : (uint64_t)d.units;
    char digits[32];
    g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, mag);
    int frac = d.scale - exponent; /* digits after the point in the result */
    if (decimals)
        *decimals = frac;
    GString *g = g_string_new(d.units < 0 ? "-" : "");
    size_t n = strlen(digits);
    if (frac <= 0) {
        g_string_append(g, digits);
        if (mag != 0)
            for (int i = 0; i < -frac; i++)
                g_string_append_c(g, '0');
    } else {
        if (n <= (size_t)frac) {
            g_string_append(g, "0.");
            for (size_t i = n; i < (size_t)frac; i++)
                g_string_append_c(g, '0');
            g_string_append(g, digits);
        } else {
            g_string_append_len(g, digits, (gssize)(n - (size_t)frac));
            g_string_append_c(g, '.');
            g_string_append(g, digits + n - (size_t)frac);
        }
    }
    g_strlcpy(buf, g->str, size);
    g_string_free(g, TRUE);
    return buf;
}
