/* csv_writer.c — an external output plugin: every amount of every table as
 * one CSV line (table, row code, row name, column path, amount). Built as
 * fiscus-csv.so and loaded with --plugin-dir; copy this folder to add a format. */
#include "../../core/fiscus.h"

#include <string.h>

static const char *const CSV_EXT[] = {"csv", NULL};

static void field(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', out);
        /* one line per record: control bytes (line breaks too) become spaces */
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, out);
    }
    fputc('"', out);
}

static int csv_write(const fr_doc *d, FILE *out, fr_error *err)
{
    (void)err;
    fputs("table,title,code,name,column,amount,unit\n", out);
    for (size_t b = 0; b < d->blocks.len; b++) {
        const fr_block *blk = d->blocks.items[b];
        if (blk->kind != FR_BLOCK_TABLE)
            continue;
        const fr_table *t = blk->table;
        for (size_t r = 0; r < t->rows.len; r++) {
            const fr_row *row = t->rows.items[r];
            int k = 0;
            for (int c = 0; c < t->ncolumns; c++) {
                const fr_column *col = &t->columns[c];
                if (col->panel != row->panel || (col->role != FR_COL_DATA && col->role != FR_COL_LINENO))
                    continue;
                const fr_cell *cell = k < row->ncells ? &row->cells[k] : NULL;
                k++;
                if (!cell || cell->kind != FR_CELL_AMOUNT || col->role != FR_COL_DATA)
                    continue;
                char buf[64];
                field(out, t->id);
                fputc(',', out);
                field(out, t->title);
                fputc(',', out);
                if (row->code_inferred) { /* not printed: said so */
                    char c[48];
                    snprintf(c, sizeof c, "%s (inferred)", row->code);
                    field(out, c);
                } else {
                    field(out, row->code);
                }
                fputc(',', out);
                field(out, row->name);
                fputc(',', out);
                field(out, col->path);
                fprintf(out, ",%s,", fr_decimal_format(cell->amount, buf, sizeof buf));
                field(out, t->unit);
                fputc('\n', out);
            }
        }
    }
    return ferror(out) ? FR_ERR_IO : FR_OK;
}

static const fr_format csv_writer = {
    .abi_version = FR_ABI_VERSION,
    .struct_size = sizeof(fr_format),
    .name = "csv",
    .kind = FR_WRITER,
    .description = "every amount as one CSV line (external plugin example)",
    .extensions = CSV_EXT,
    .mime = "text/csv",
    .write = csv_write,
};

static const fr_format *const formats[] = {&csv_writer, NULL};

const fr_format *const *fiscus_plugin_formats(void);
const fr_format *const *fiscus_plugin_formats(void) { return formats; }
