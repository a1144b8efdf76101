/* make_scanned.c — an image-only copy of a PDF, as a scanner or a "print to
 * image" export makes one: each chosen page drawn at DPI into a grey picture
 * (Poppler, cairo), and the pictures put on pages of the same size in a new
 * PDF with no text layer. The OCR tests read such copies of the corpus.
 *   make_scanned IN.pdf OUT.pdf DPI [PAGES]     PAGES: "1-3,7" (default: all) */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <poppler.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool wanted(const char *spec, int page)
{
    if (!spec)
        return true;
    char **parts = g_strsplit(spec, ",", -1);
    bool yes = false;
    for (char **p = parts; *p && !yes; p++) {
        int a = 0, b = 0;
        if (sscanf(*p, "%d-%d", &a, &b) == 2)
            yes = page >= a && page <= b;
        else if (sscanf(*p, "%d", &a) == 1)
            yes = page == a;
    }
    g_strfreev(parts);
    return yes;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5 || argv[1][0] == '-') {
        fprintf(stderr, "usage: make_scanned IN.pdf OUT.pdf DPI [PAGES]\n");
        return 2;
    }
    int dpi = atoi(argv[3]);
    if (dpi < 50 || dpi > 600) {
        fprintf(stderr, "make_scanned: DPI from 50 to 600\n");
        return 2;
    }
    char *uri = g_filename_to_uri(argv[1][0] == '/' ? argv[1] : g_build_filename(g_get_current_dir(), argv[1], NULL),
                                  NULL, NULL);
    GError *err = NULL;
    PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL, &err) : NULL;
    g_free(uri);
    if (!doc) {
        fprintf(stderr, "make_scanned: %s: %s\n", argv[1], err ? err->message : "cannot open");
        return 2;
    }
    cairo_surface_t *out = cairo_pdf_surface_create(argv[2], 595, 842);
    cairo_t *ocr = cairo_create(out);
    int n = poppler_document_get_n_pages(doc), made = 0;
    double s = dpi / 72.0;
    for (int i = 0; i < n; i++) {
        if (!wanted(argc == 5 ? argv[4] : NULL, i + 1))
            continue;
        PopplerPage *page = poppler_document_get_page(doc, i);
        double w, h;
        poppler_page_get_size(page, &w, &h);
        int W = (int)(w * s + 0.5), H = (int)(h * s + 0.5);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
        cairo_t *cr = cairo_create(img);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, s, s);
        poppler_page_render_for_printing(page, cr);
        cairo_destroy(cr);
        /* grey, as a scanner gives it */
        cairo_surface_flush(img);
        unsigned char *px = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        for (int y = 0; y < H; y++) {
            guint32 *row = (guint32 *)(void *)(px + (size_t)y * (size_t)stride);
            for (int x = 0; x < W; x++) {
                guint32 v = row[x];
                guint32 g = (((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 + (v & 0xff) * 114) / 1000;
                row[x] = (g << 16) | (g << 8) | g;
            }
        }
        cairo_surface_mark_dirty(img);
        cairo_pdf_surface_set_size(out, w, h);
        cairo_save(ocr);
        cairo_scale(ocr, 1 / s, 1 / s);
        cairo_set_source_surface(ocr, img, 0, 0);
        cairo_paint(ocr);
        cairo_restore(ocr);
        cairo_show_page(ocr);
        cairo_surface_destroy(img);
        g_object_unref(page);
        made++;
    }
    cairo_destroy(ocr);
    cairo_surface_finish(out);
    int rc = cairo_surface_status(out) == CAIRO_STATUS_SUCCESS && made ? 0 : 1;
    cairo_surface_destroy(out);
    g_object_unref(doc);
    if (!made)
        fprintf(stderr, "make_scanned: no page chosen\n");
    return rc;
}
