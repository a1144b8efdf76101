/* make_pdf.c — writes small PDFs for the hostile-input tests with cairo
 * (Poppler GLib's own dependency): make_pdf OUT.pdf KIND
 *   blank-page   a page of text, then a page with nothing on it (a scan
 *                without its text layer looks the same to a text reader)
 *   no-text      pages with nothing on them
 *   running      four pages under the same running header and footer */
#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3 || argv[1][0] == '-') {
        fprintf(stderr, "usage: make_pdf OUT.pdf blank-page|no-text|running\n");
        return 2;
    }
    cairo_surface_t *s = cairo_pdf_surface_create(argv[1], 595, 842);
    cairo_t *cr = cairo_create(s);
    if (strcmp(argv[2], "blank-page") == 0) {
        cairo_select_font_face(cr, "sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 12);
        cairo_move_to(cr, 72, 100);
        cairo_show_text(cr, "2024 budget report, page one");
        cairo_show_page(cr);
        cairo_rectangle(cr, 72, 72, 200, 100); /* a drawing, no text */
        cairo_fill(cr);
        cairo_show_page(cr);
    } else if (strcmp(argv[2], "running") == 0) {
        cairo_select_font_face(cr, "sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 12);
        for (int i = 0; i < 4; i++) {
            char body[64];
            snprintf(body, sizeof body, "Body text of page %d.", i + 1);
            cairo_move_to(cr, 72, 30);
            cairo_show_text(cr, "Agency 2024 budget running header");
            cairo_move_to(cr, 72, 300);
            cairo_show_text(cr, body);
            cairo_move_to(cr, 72, 800);
            cairo_show_text(cr, "Printed by the agency, running footer");
            cairo_show_page(cr);
        }
    } else {
        for (int i = 0; i < 3; i++)
            cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return bad;
}
