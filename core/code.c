/* code.c — classification codes: 类 (3 digits) → 款 (5) → 项 (7). */
#include "fiscus.h"

#include <glib.h>
#include <string.h>

int fr_code_normalize(const char *s, char *out, size_t size)
{
    size_t n = 0;
    const char *p = s;
    int groups = 0, in_group = 0;
    bool bracket = false;
    while (*p) {
        gunichar u = g_utf8_get_char_validated(p, -1);
        if (u == (gunichar)-1 || u == (gunichar)-2)
            return FR_ERR_INPUT;
        p = g_utf8_next_char(p);
        if (u == '[' || u == 0xFF3B || u == 0x3010) { /* [ ［ 【 */
            if (n || bracket)
                return FR_ERR_INPUT;
            bracket = true;
            continue;
        }
        if (u == ']' || u == 0xFF3D || u == 0x3011) {
            if (!bracket || *p)
                return FR_ERR_INPUT;
            break;
        }
        if (u >= 0xFF10 && u <= 0xFF19)
            u = '0' + (u - 0xFF10);
        if (u >= '0' && u <= '9') {
            if (n + 1 >= size)
                return FR_ERR_INPUT;
            out[n++] = (char)u;
            if (!in_group)
                groups++;
            in_group = 1;
        } else if (u == ' ' || u == 0x3000 || u == '\t') {
            in_group = 0;
        } else {
            return FR_ERR_INPUT;
        }
    }
    out[n] = '\0';
    if (!(n == 3 || n == 5 || n == 7))
        return FR_ERR_INPUT;
    /* printed in groups: "201 03 01" → 3,2,2 digits */
    (void)groups;
    return FR_OK;
}

int fr_code_level(const char *code)
{
    if (!code)
        return 0;
    size_t n = strlen(code);
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isdigit(code[i]))
            return 0;
    return n == 3 ? 1 : n == 5 ? 2 : n == 7 ? 3 : 0;
}

bool fr_code_is_parent(const char *parent, const char *child)
{
    int lp = fr_code_level(parent), lc = fr_code_level(child);
    return lp && lc == lp + 1 && strncmp(parent, child, strlen(parent)) == 0;
}
