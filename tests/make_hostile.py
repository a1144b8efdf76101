#!/usr/bin/env python3
"""make_hostile.py DIR — writes the hostile inputs of tests/hostile.sh that make_docx.py
and make_pdf.c do not make (standard library only):

pages5000.pdf      a page of text, then 4999 pages with nothing on them
truncated-xref.pdf pages5000.pdf cut before its cross-reference table
entries100k.docx   a valid package plus 100 000 tiny entries
nested.docx        tables nested in cells 10 000 deep
nested70.docx      tables nested in cells 70 deep (past fiscus's 64, within libxml2's 256 elements)
wide.docx          a table of 10 000 columns
wide.txt           a text table of 10 000 columns
longline.txt       one line of 10 MiB
not-utf8.txt       a short report with several byte sequences that are not UTF-8
gb18030.txt        a report in GB18030
nul.txt            text with NUL bytes in it
"""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 1, 1, ())
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_docx  # noqa: E402  (content_types, package_rels, HEAD, W)

REPORT = ("江海区财政局2024年部门预算\n一、部门职责\n负责全区财政工作。\n"
          "表1 收支总体情况表\n单位：万元\n项目 金额\n一般公共服务支出 100.00\n合计 100.00\n")


def pdf(path, pages, text_on_first=True, cut_before_xref=False):
    objs = {1: b"<</Type/Catalog/Pages 2 0 R>>"}
    first_page = 5
    kids = " ".join("%d 0 R" % (first_page + i) for i in range(pages))
    objs[2] = ("<</Type/Pages/Count %d/Kids[%s]>>" % (pages, kids)).encode()
    objs[3] = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
    content = b"BT /F1 12 Tf 72 720 Td (2024 budget report: page one) Tj ET"
    objs[4] = b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream"
    for i in range(pages):
        extra = "/Contents 4 0 R/Resources<</Font<</F1 3 0 R>>>>" if (i == 0 and text_on_first) else ""
        objs[first_page + i] = ("<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]%s>>" % extra).encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xref = len(out)
    if cut_before_xref:
        out = out[: xref - 40]
    else:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for n in sorted(objs):
            out += b"%010d 00000 n \n" % offsets[n]
        out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(path, "wb").write(out)


def docx(path, body, extra_entries=0):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", make_docx.content_types())
        z.writestr("_rels/.rels", make_docx.package_rels())
        z.writestr("word/document.xml", make_docx.HEAD + '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>'
                   % (make_docx.W, body))
        for i in range(extra_entries):
            z.writestr("x/%d" % i, "")


def para(text):
    return "<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % text


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    pdf(os.path.join(d, "pages5000.pdf"), 5000)
    pdf(os.path.join(d, "truncated-xref.pdf"), 50, cut_before_xref=True)
    docx(os.path.join(d, "entries100k.docx"), para("2024年部门预算"), extra_entries=100000)
    for name, depth in (("nested.docx", 10000), ("nested70.docx", 70)):
        nested = "".join("<w:tbl><w:tr><w:tc>" for _ in range(depth)) + para("深处") + \
            "".join("</w:tc></w:tr></w:tbl>" for _ in range(depth))
        docx(os.path.join(d, name), para("2024年部门预算") + nested)
    cols = 10000
    row = lambda f: "<w:tr>" + "".join("<w:tc>%s</w:tc>" % para(f(i)) for i in range(cols)) + "</w:tr>"
    grid = "<w:tblGrid>" + "<w:gridCol/>" * cols + "</w:tblGrid>"
    docx(os.path.join(d, "wide.docx"), para("表1 收支总体情况表") +
         "<w:tbl>%s%s%s</w:tbl>" % (grid, row(lambda i: "项目%d" % i), row(lambda i: "%d.00" % i)))
    with open(os.path.join(d, "wide.txt"), "w", encoding="utf-8") as f:
        f.write("表1 收支总体情况表\n单位：万元\n")
        f.write("  ".join("项目%d" % i for i in range(cols)) + "\n")
        f.write("  ".join("%d.00" % i for i in range(cols)) + "\n")
    with open(os.path.join(d, "longline.txt"), "w", encoding="utf-8") as f:
        f.write("2024年部门预算 " + "收支" * (10 * 1024 * 1024 // 6) + "\n")
    open(os.path.join(d, "not-utf8.txt"), "wb").write(
        REPORT.encode("utf-8").replace("负责".encode("utf-8"), b"\xff\xfe\xc3(\xe2\x82") + b"\xed\xa0\x80\n")
    open(os.path.join(d, "gb18030.txt"), "wb").write(REPORT.encode("gb18030"))
    open(os.path.join(d, "nul.txt"), "wb").write(REPORT.encode("utf-8").replace(b"\n", b"\0\n", 3))


if __name__ == "__main__":
    main()
