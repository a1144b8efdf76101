/* bad_plugin.c — a plugin built for another ABI: fiscus must refuse it with a reason. */
#include "../core/fiscus.h"

static int w(const fr_doc *d, FILE *o, fr_error *e)
{
    (void)d, (void)o, (void)e;
    return 0;
}
static const fr_format bad = {99, sizeof(fr_format), "bad", FR_WRITER, "wrong ABI", NULL, NULL, NULL, NULL, w};
static const fr_format *const list[] = {&bad, NULL};
const fr_format *const *fiscus_plugin_formats(void);
const fr_format *const *fiscus_plugin_formats(void) { return list; }
