/* xml_out.h — the xmlTextWriter calls the XML writers (xml, xbrl) share:
 * every call's failure is kept, text is made safe for XML 1.0 first, and a
 * NULL value writes nothing. */
#ifndef XML_OUT_H
#define XML_OUT_H

#include "../../core/fr_glib.h"

#include <libxml/xmlwriter.h>

typedef struct xml_out {
    xmlTextWriterPtr w;
    int rc; /* the first libxml2 failure, < 0 */
} xml_out;

/* Starts an indented UTF-8 document on f (which stays the caller's). */
int xml_out_open(xml_out *o, FILE *f, fr_error *err);
/* Ends the document and frees the writer; FR_ERR_IO if any call failed. */
int xml_out_close(xml_out *o, fr_error *err);

void xml_check(xml_out *o, int rc);
void xml_start(xml_out *o, const char *name);
void xml_end(xml_out *o);
void xml_attr(xml_out *o, const char *name, const char *value);
void xml_attr_int(xml_out *o, const char *name, long v);
void xml_text(xml_out *o, const char *s);
/* <name>text</name>, left out when text is NULL */
void xml_element(xml_out *o, const char *name, const char *s);

#endif
