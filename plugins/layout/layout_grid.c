/* layout_grid.c — what the readers that find a table's grid share once its
 * columns are known (pdf from word boxes, docx from w:tbl): what a cell's
 * text is (code, amount, total), the role of each column, the panels set side
 * by side, the layout, and one IR row from the texts of a row's cells. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

/* ---- cell words ------------------------------------------------------------ */

bool lay_all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!g_ascii_isdigit(*s))
            return false;
    return true;
}

bool lay_is_code_word(const char *s)
{
    size_t n = strlen(s);
    return lay_all_digits(s) && (n == 3 || n == 5 || n == 7);
}

bool lay_is_amount_word(const char *s)
{
    fr_decimal d;
    if (fr_decimal_parse(s, strlen(s), &d) != FR_OK)
        return false;
    return strchr(s, '.') || strchr(s, ',') || s[0] == '-' || s[0] == '(' || lay_all_digits(s);
}

bool lay_is_decimal_word(const char *s)
{
    fr_decimal d;
    return fr_decimal_parse(s, strlen(s), &d) == FR_OK && (strchr(s, '.') || strchr(s, ','));
}

bool lay_is_total_word(const char *s)
{
    char *c = lay_compact(s);
    bool yes = strcmp(c, "合计") == 0 || strcmp(c, "总计") == 0;
    g_free(c);
    return yes;
}

void lay_append_word(GString *g, const char *s)
{
    if (g->len && g_ascii_isalnum(g->str[g->len - 1]) && g_ascii_isalnum(s[0]))
        g_string_append_c(g, ' ');
    g_string_append(g, s);
}

/* ---- column numbers ------------------------------------------------------------ */

void lay_colnums_add(lay_colnums *c, const char *w)
{
    /* the row's name, or "**" over its label columns ("** ** 1 2 3"; 杭州 表9 "** 1") */
    bool marker = !strcmp(w, "栏次") || !strcmp(w, "栏") || !strcmp(w, "次") || (*w && strspn(w, "*") == strlen(w));
    c->named = c->named || marker;
    if (lay_all_digits(w) && strlen(w) <= 3) {
        if (atoi(w) == c->expect)
            c->expect++;
        c->ints++;
    } else if (!marker && *w && strcmp(w, "行次") != 0 && strcmp(w, "—") != 0 && strcmp(w, "-") != 0) {
        c->other++;
    }
}

/* (a row that says 栏次 may number fewer columns: each side of an overview its
 * own one, 佛山 表1 "栏 次 1 … 栏 次 2") */
bool lay_colnums_are(const lay_colnums *c)
{
    return c->other == 0 && c->ints >= (c->named ? 1 : 3) && c->expect > c->ints / 2 + 1;
}

/* ---- columns ----------------------------------------------------------------- */

static fr_col_role role_of_label(const char *label)
{
    if (!label)
        return FR_COL_DATA;
    if (!strcmp(label, "类") || !strcmp(label, "款") || !strcmp(label, "项"))
        return FR_COL_CODE;
    const char *r = lay_term_role(label);
    if (r && !strcmp(r, "code"))
        return FR_COL_CODE;
    if (r && !strcmp(r, "name"))
        return FR_COL_NAME;
    if (r && !strcmp(r, "lineno"))
        return FR_COL_LINENO;
    if (g_str_has_suffix(label, "编码") || g_str_has_suffix(label, "代码"))
        return FR_COL_CODE;
    if (g_str_has_suffix(label, "名称") || !strcmp(label, "项目"))
        return FR_COL_NAME;
    return FR_COL_DATA;
}

void lay_gcol_count(lay_gcol *c, const char *s)
{
    if (lay_is_code_word(s))
        c->n_codes++;
    else if (lay_all_digits(s) && strlen(s) == 2)
        c->n_two++;
    else if (lay_is_amount_word(s)) {
        c->n_amounts++;
        c->n_decimals += strchr(s, '.') != NULL;
        c->n_bare += lay_all_digits(s) && strlen(s) >= 4; /* no separator, no decimals: an id */
    }
    else
        c->n_text++;
}

int lay_gcols_finish(lay_gcol *cols, int ncols)
{
    for (int c = 0; c < ncols; c++) {
        cols[c].role = role_of_label(cols[c].label);
        cols[c].code_part = cols[c].label && (!strcmp(cols[c].label, "类") || !strcmp(cols[c].label, "款") ||
                                              !strcmp(cols[c].label, "项"));
    }
    /* roles of unlabelled columns from what their body cells hold; so too of
     * columns left of the amounts whose label OCR may have misread (类 read
     * 天, 款 read 二韦人: their codes say what they are) */
    int first_amounts = ncols;
    for (int c = 0; c < ncols && first_amounts == ncols; c++)
        if (cols[c].n_decimals > 0)
            first_amounts = c;
    for (int c = 0; c < ncols; c++) {
        lay_gcol *g = &cols[c];
        if (g->label && !(g->doubt && c < first_amounts && g->role == FR_COL_DATA && g->n_codes + g->n_two > 0))
            continue;
        if (g->n_codes > 0 && g->n_codes >= g->n_amounts + g->n_text)
            g->role = FR_COL_CODE;
        else if (g->n_two > 0 && c > 0 && cols[c - 1].role == FR_COL_CODE && g->n_two >= g->n_amounts + g->n_text)
            g->role = FR_COL_CODE, g->code_part = true, cols[c - 1].code_part = true;
        else if (g->n_text > 0 && g->n_amounts == 0 && (c == 0 || cols[c - 1].role != FR_COL_DATA || c + 1 < ncols))
            g->role = c + 1 < ncols && (c == 0 || cols[c - 1].role == FR_COL_CODE) ? FR_COL_NAME : FR_COL_DATA;
    }
    /* a labelled column of text beside a code column is its names
     * (部门预算支出经济分类科目 after 301) */
    for (int c = 1; c < ncols; c++)
        if (cols[c].label && cols[c].role == FR_COL_DATA && cols[c - 1].role == FR_COL_CODE && cols[c].n_text > 0 &&
            cols[c].n_amounts == 0 && cols[c].n_codes == 0)
            cols[c].role = FR_COL_NAME;
    /* the table's first column, labelled, holding words alone (no figure, no
     * code): its rows' names, whatever its heading calls them (深圳 预算单位,
     * 支出项目类别; 北京 支出功能分类科目 "2040201-行政运行") */
    if (ncols > 1 && cols[0].label && cols[0].role == FR_COL_DATA && cols[0].n_text > 0 && cols[0].n_amounts == 0 &&
        cols[0].n_codes == 0 && cols[0].n_two == 0)
        cols[0].role = FR_COL_NAME;
    /* panels: label columns after data columns begin the next one, and a code
     * column after a name column (two classifications side by side). A column
     * of text alone (预算单位 before 科目编码) or of bare whole numbers
     * where the amounts print decimals (单位编码 116001) is no panel's data. */
    bool decimals = false;
    for (int c = 0; c < ncols; c++)
        decimals = decimals || cols[c].n_decimals > 0;
    int panel = 0;
    bool seen_data = false, seen_name = false;
    for (int c = 0; c < ncols; c++) {
        bool label = cols[c].role == FR_COL_CODE || cols[c].role == FR_COL_NAME;
        /* a 序号 / 行次 column before a panel's labels is that panel's, never a panel of its own */
        bool lineno = cols[c].role == FR_COL_LINENO;
        bool lead = lineno && c + 1 < ncols && (cols[c + 1].role == FR_COL_CODE || cols[c + 1].role == FR_COL_NAME);
        bool brk = (label || lead) && seen_data;
        if (label && c > 0 && cols[c - 1].role == FR_COL_LINENO && cols[c - 1].panel == panel && !seen_data)
            brk = false; /* (its 序号 began the panel already) */
        brk = brk || (cols[c].role == FR_COL_CODE && seen_name);
        if (brk && panel + 1 < LAY_MAX_PANELS) {
            panel++;
            seen_data = seen_name = false;
        }
        bool text_only = cols[c].n_text > 0 && cols[c].n_amounts == 0;
        bool ids = decimals && cols[c].n_amounts > 0 && cols[c].n_decimals == 0 && cols[c].n_amounts == cols[c].n_bare;
        if (!label && !lineno && !text_only && !ids)
            seen_data = true;
        if (cols[c].role == FR_COL_NAME)
            seen_name = true;
        cols[c].panel = panel;
    }
    return panel + 1;
}

void lay_grid_layout(fr_doc *doc, fr_table *t, const lay_gcol *cols, int ncols, int npanels, const char *header_text)
{
    t->npanels = npanels;
    t->layout = FR_TABLE_PLAIN;
    if (npanels <= 1)
        return;
    char *c = lay_compact(header_text ? header_text : "");
    t->layout = (g_str_has_prefix(c, "收入") && strstr(c, "支出") && npanels == 2) ? FR_TABLE_OVERVIEW : FR_TABLE_GROUPED;
    g_free(c);
    t->panel_labels = fr_arena_alloc(doc->arena, (size_t)npanels * sizeof(char *));
    for (int p = 0; p < npanels; p++) {
        /* the widest heading over exactly this panel's columns */
        int first = -1, last = -1;
        for (int q = 0; q < ncols; q++)
            if (cols[q].panel == p) {
                if (first < 0)
                    first = q;
                last = q;
            }
        for (int k = 0; k < t->nheaders; k++) {
            const fr_header *h = &t->headers[k];
            if (h->first_leaf == first && h->first_leaf + h->span == last + 1 && h->label && *h->label)
                t->panel_labels[p] = h->label;
        }
        if (!t->panel_labels[p] && t->layout == FR_TABLE_OVERVIEW)
            t->panel_labels[p] = p == 0 ? "收入" : "支出";
    }
}

/* ---- rows ------------------------------------------------------------------------ */

/* A code joined to its name, "[30101]基本工资", "【201】…", "2040201-行政运行": the
 * code's digits into code, and where the name begins; else s */
static const char *split_joined_code(const char *s, GString *code)
{
    const char *q = s;
    const char *close = NULL;
    if (*q == '[') {
        q++;
        close = "]";
    } else if (g_str_has_prefix(q, "【")) {
        q += strlen("【");
        close = "】";
    } else if (g_str_has_prefix(q, "［")) {
        q += strlen("［");
        close = "］";
    }
    size_t d = strspn(q, "0123456789");
    if (d != 3 && d != 5 && d != 7)
        return s;
    const char *after = q + d;
    if (close) {
        if (!g_str_has_prefix(after, close))
            return s;
        after += strlen(close);
    } else if (*after == '-' || g_str_has_prefix(after, "－") || g_str_has_prefix(after, "—")) {
        after += *after == '-' ? 1 : 3;
        if (!*after || g_ascii_isdigit(*after))
            return s; /* "2024-2025", a range */
    } else {
        return s;
    }
    while (*after == ' ')
        after++;
    g_string_append_len(code, q, (gssize)d);
    return after;
}

fr_row *lay_grid_add_row(fr_doc *doc, fr_table *t, const lay_gcol *cols, int ncols, int panel,
                         const char *const *texts, fr_prov where)
{
    int n = fr_table_panel_cells(t, panel);
    fr_row *row = fr_table_add_row(doc, t, panel, n, where);
    GString *code = g_string_new(NULL), *name = g_string_new(NULL);
    int ci = 0;
    int parts = 0, filled = 0, lone = -1; /* 类 / 款 / 项 columns, those printed, the one printed */
    for (int c = 0; c < ncols; c++) {
        if (cols[c].panel != panel)
            continue;
        const char *s = texts[c] ? texts[c] : "";
        if (cols[c].role == FR_COL_CODE) {
            if (cols[c].code_part) {
                if (*s && lay_all_digits(s)) {
                    filled++;
                    lone = parts;
                }
                parts++;
            }
            for (const char *q = s; *q; q++)
                if (g_ascii_isdigit(*q))
                    g_string_append_c(code, *q);
            if (*s && !lay_all_digits(s) && !strchr(s, ' ') && !name->len)
                g_string_append(name, s); /* "合计" printed in the code column */
            continue;
        }
        if (cols[c].role == FR_COL_NAME) {
            /* "2010301 行政运行" or "201 03 01 …" in one cell; "[30101]基本工资",
             * "【201】…" and "2040201-行政运行" (code and name joined) */
            const char *q = s;
            if (!code->len)
                q = split_joined_code(q, code);
            while (!code->len || lay_all_digits(code->str)) {
                size_t d = 0;
                while (g_ascii_isdigit(q[d]))
                    d++;
                /* digits then a space, the end, or the name itself ("204公共安全支出") */
                bool sep = q[d] == ' ' || q[d] == '\0' || (unsigned char)q[d] >= 0x80;
                if (d == 0 || !sep ||
                    (d != 3 && d != 5 && d != 7 && !(d == 2 && code->len == 3) && !(d == 2 && code->len == 5)))
                    break;
                if (code->len && d != 2)
                    break;
                g_string_append_len(code, q, (gssize)d);
                q += d;
                while (*q == ' ')
                    q++;
            }
            lay_append_word(name, q);
            continue;
        }
        if (ci >= n)
            continue;
        fr_cell *cell = &row->cells[ci++];
        if (!*s)
            continue;
        fr_decimal d;
        if (cols[c].role == FR_COL_DATA && fr_decimal_parse(s, strlen(s), &d) == FR_OK) {
            cell->kind = FR_CELL_AMOUNT;
            cell->amount = d;
        } else {
            cell->kind = FR_CELL_TEXT;
        }
        cell->text = fr_arena_strdup(doc->arena, s);
    }
    /* a row printing only its own part of the code under 款 or 项 (长沙: "201",
     * then "40", then "201 40 01"): the rest is its parent's, the last row above
     * whose code reaches down to that part */
    if (parts >= 2 && filled == 1 && lone > 0 && code->len == 2) {
        size_t prefix = 3 + 2 * (size_t)(lone - 1);
        for (size_t k = t->rows.len - 1; k-- > 0;) {
            const fr_row *up = t->rows.items[k];
            if (up->panel != panel || !up->code)
                continue;
            if (strlen(up->code) >= prefix) {
                char *full = g_strdup_printf("%.*s%s", (int)prefix, up->code, code->str);
                g_string_assign(code, full);
                g_free(full);
            }
            break;
        }
    }
    if (code->len && lay_is_code_word(code->str))
        row->code = fr_arena_strdup(doc->arena, code->str);
    else if (code->len && !name->len)
        g_string_append(name, code->str);
    if (name->len)
        row->name = fr_arena_strdup(doc->arena, name->str);
    g_string_free(code, TRUE);
    g_string_free(name, TRUE);
    return row;
}

/* ---- notes ------------------------------------------------------------------------ */

size_t lay_read_notes(fr_doc *doc, fr_table *t, const lay_doc *td, size_t i)
{
    while (i < td->n && lay_is_note(td->lines[i].text)) {
        GString *note = g_string_new(td->lines[i].text);
        size_t j = i + 1;
        while (j < td->n && !td->lines[j - 1].hard_end && !lay_table_starts(td, j) &&
               !lay_is_part_heading(td->lines[j].text) && !lay_is_note(td->lines[j].text) &&
               !td->lines[j].page_start && !lay_is_numbered(td->lines[j].text) && td->lines[j].indent == 0 &&
               !lay_ends_text(note->str)) {
            g_string_append(note, td->lines[j].text);
            j++;
        }
        static lay_regex numbered_note = {"^\\d+[.．]", 0, NULL};
        while (j < td->n && lay_regex_match(&numbered_note, td->lines[j].text) && !td->lines[j].page_start &&
               !td->lines[j].object && g_utf8_strlen(td->lines[j].text, -1) < 200) {
            fr_vec_push(doc->arena, &t->notes, fr_arena_strdup(doc->arena, note->str));
            g_string_assign(note, td->lines[j].text);
            j++;
        }
        fr_vec_push(doc->arena, &t->notes, fr_arena_strdup(doc->arena, note->str));
        g_string_free(note, TRUE);
        i = j;
    }
    return i;
}

void lay_grid_mark_ocr(fr_row *row, const lay_gcol *cols, int ncols, int panel, const float *conf)
{
    int ci = 0;
    for (int c = 0; c < ncols; c++) {
        if (cols[c].panel != panel)
            continue;
        if (conf[c] >= 0)
            lay_prov_ocr(&row->where, (unsigned char)MIN(100, conf[c]));
        if (cols[c].role == FR_COL_CODE || cols[c].role == FR_COL_NAME || ci >= row->ncells)
            continue;
        fr_cell *cell = &row->cells[ci++];
        if (conf[c] >= 0 && cell->kind != FR_CELL_EMPTY) {
            cell->ocr = true;
            cell->conf = (unsigned char)MIN(100, conf[c]);
        }
    }
}
