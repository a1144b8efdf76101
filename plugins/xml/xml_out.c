/* xml_out.c — see xml_out.h. */
#include "xml_out.h"

int xml_out_open(xml_out *o, FILE *f, fr_error *err)
{
    o->w = NULL;
    o->rc = 0;
    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(f, NULL);
    if (!buf)
        return fr_error_set(err, FR_ERR_IO, "cannot write XML");
    o->w = xmlNewTextWriter(buf); /* owns buf from here */
    if (!o->w) {
        xmlOutputBufferClose(buf);
        return fr_error_set(err, FR_ERR_IO, "cannot write XML");
    }
    xmlTextWriterSetIndent(o->w, 1);
    xmlTextWriterSetIndentString(o->w, BAD_CAST " ");
    xml_check(o, xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL));
    return FR_OK;
}

int xml_out_close(xml_out *o, fr_error *err)
{
    xml_check(o, xmlTextWriterEndDocument(o->w));
    xmlFreeTextWriter(o->w); /* flushes and closes the buffer, not the FILE */
    o->w = NULL;
    return o->rc < 0 ? fr_error_set(err, FR_ERR_IO, "writing XML failed") : FR_OK;
}

void xml_check(xml_out *o, int rc)
{
    if (rc < 0 && o->rc >= 0)
        o->rc = rc;
}

void xml_start(xml_out *o, const char *name) { xml_check(o, xmlTextWriterStartElement(o->w, BAD_CAST name)); }
void xml_end(xml_out *o) { xml_check(o, xmlTextWriterEndElement(o->w)); }

void xml_attr(xml_out *o, const char *name, const char *value)
{
    if (!value)
        return;
    char *v = fr_text_safe(value);
    xml_check(o, xmlTextWriterWriteAttribute(o->w, BAD_CAST name, BAD_CAST v));
    g_free(v);
}

void xml_attr_int(xml_out *o, const char *name, long v)
{
    xml_check(o, xmlTextWriterWriteFormatAttribute(o->w, BAD_CAST name, "%ld", v));
}

void xml_text(xml_out *o, const char *s)
{
    if (!s)
        return;
    char *v = fr_text_safe(s);
    xml_check(o, xmlTextWriterWriteString(o->w, BAD_CAST v));
    g_free(v);
}

void xml_element(xml_out *o, const char *name, const char *s)
{
    if (!s)
        return;
    xml_start(o, name);
    xml_text(o, s);
    xml_end(o);
}
