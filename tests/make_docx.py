#!/usr/bin/env python3
"""make_docx.py DIR — builds the DOCX files the tests read, in DIR;
make_docx.py --repeat N SRC.docx OUT.docx — SRC with its body repeated N times
(for benchmarks on long documents). In DIR:

features.docx   styles (localized names, basedOn chains, a cycle), generated
                numbering, a bold run-in heading, tracked changes, a table with
                a two-level merged header (gridSpan, vMerge) split by a page
                break and carried on under 续表, an overview with gridBefore /
                gridAfter rows, a table nested in a cell, core properties
and hostile packages, each of which fiscus must refuse in one line:
bomb.docx (a 64 MiB part in a 64 KiB entry), lying.docx (a part that inflates
past the size its entry declares), laughs.docx (billion laughs), xxe.docx (an
external entity), nomain.docx, missingmain.docx, xlsx.docx (a spreadsheet),
plainzip.docx, manyentries.docx (more entries than the cap), badxml.docx.
Only the standard library is used."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 1, 4, ('--repeat',))
import os
import struct
import sys
import zipfile

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'


def content_types(main='/word/document.xml', main_type=CT_MAIN):
    return (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="{main}" ContentType="{main_type}"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '</Types>')


def package_rels(main='word/document.xml'):
    rels = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/>')
    if main:
        rels += ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                 f'Target="{main}"/>')
    return HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels + '</Relationships>'


DOC_RELS = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="/word/numbering.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
            'Target="https://example.org/" TargetMode="External"/>'
            '</Relationships>')

CORE = (HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title>测试局2024年部门预算（送审稿）</dc:title><dc:creator>测试</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-15T08:00:00Z</dcterms:created>'
        '</cp:coreProperties>')

STYLES = (HEAD + f'<w:styles xmlns:w="{W}">'
          # Word's Chinese UI: ids are numbers, the names say what they are
          '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 2"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="MyPart"><w:name w:val="Custom Part"/><w:basedOn w:val="1"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Outline3"><w:name w:val="Body Outline"/>'
          '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="CycA"><w:name w:val="Cycle A"/><w:basedOn w:val="CycB"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="CycB"><w:name w:val="Cycle B"/><w:basedOn w:val="CycA"/></w:style>'
          '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
          '</w:styles>')


def lvl(i, fmt, text):
    return (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


NUMBERING = (HEAD + f'<w:numbering xmlns:w="{W}">'
             '<w:abstractNum w:abstractNumId="0">' + lvl(0, 'chineseCounting', '%1、') +
             lvl(1, 'chineseCounting', '（%2）') + lvl(2, 'decimal', '%3.') + lvl(3, 'decimalEnclosedCircle', '%4') +
             '</w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1">' + lvl(0, 'bullet', '•') + '</w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
             '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>'
             '</w:numbering>')


def t(s):
    return f'<w:r><w:t xml:space="preserve">{s}</w:t></w:r>'


def p(text='', style=None, num=None, extra='', runs=None):
    ppr = ''
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += extra
    return f'<w:p>{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{runs if runs is not None else t(text)}</w:p>'


def tc(text='', span=1, vmerge=None, inner=''):
    pr = ''
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == 'restart':
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == 'cont':
        pr += '<w:vMerge/>'
    return f'<w:tc>{"<w:tcPr>" + pr + "</w:tcPr>" if pr else ""}{inner}{p(text) if text or not inner else ""}</w:tc>'


def tr(cells, header=False, before=0, after=0):
    pr = ''
    if before:
        pr += f'<w:gridBefore w:val="{before}"/>'
    if after:
        pr += f'<w:gridAfter w:val="{after}"/>'
    if header:
        pr += '<w:tblHeader/>'
    return f'<w:tr>{"<w:trPr>" + pr + "</w:trPr>" if pr else ""}{"".join(cells)}</w:tr>'


def tbl(ncols, rows):
    grid = ''.join('<w:gridCol w:w="1200"/>' for _ in range(ncols))
    return f'<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'


def budget_header():
    return [tr([tc('科目编码', vmerge='restart'), tc('科目名称', vmerge='restart'), tc('合计', vmerge='restart'),
                tc('基本支出', span=2), tc('项目支出', vmerge='restart')], header=True),
            tr([tc(vmerge='cont'), tc(vmerge='cont'), tc(vmerge='cont'), tc('人员经费'), tc('公用经费'),
                tc(vmerge='cont')], header=True)]


def row(*cells):
    return tr([tc(c) for c in cells])


def features_document():
    body = []
    body.append(p('第一部分 部门概况', style='MyPart'))
    body.append(p('部门职责', style='a3', num=(1, 0)))
    body.append(p('职能', num=(1, 1)))
    body.append(p(runs=t('本部门') + '<w:r><w:tab/><w:t>负责</w:t><w:br/><w:t>全市</w:t></w:r>'
                  f'<w:hyperlink r:id="rId3" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{t("数据")}</w:hyperlink>'
                  f'<w:del w:id="1" w:author="x"><w:r><w:delText>删除的字</w:delText></w:r></w:del>'
                  f'<w:ins w:id="2" w:author="x">{t("管理工作。")}</w:ins>'))
    body.append(p('机构设置', num=(1, 1)))
    body.append(p('内设机构', num=(1, 2)))
    body.append(p('部门预算', num=(1, 0)))
    body.append(p('收入', num=(1, 1)))
    body.append(p('要点', num=(3, 0)))
    body.append(p('三号开头', num=(2, 0)))
    body.append(p('直接大纲', extra='<w:outlineLvl w:val="1"/>'))
    body.append(p('循环样式段落', style='CycA'))
    body.append(p(runs='<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>（三）绩效目标。</w:t></w:r>'
                  + t('全年完成数据共享。')))
    body.append(p('表1'))
    body.append(p('一般公共预算支出表'))
    body.append(p('部门：测试局        金额单位：万元'))
    body.append(tbl(6, budget_header() + [
        row('', '合计', '100.00', '60.00', '10.00', '30.00'),
        row('201', '一般公共服务支出', '100.00', '60.00', '10.00', '30.00'),
        row('20101', '人大事务', '100.00', '60.00', '10.00', '30.00'),
        row('2010101', '行政运行', '70.00', '60.00', '10.00', ''),
    ]))
    body.append(p(runs='<w:r><w:br w:type="page"/></w:r>'))
    body.append(p('续表'))
    body.append(tbl(6, budget_header() + [
        row('2010102', '一般行政管理事务', '30.00', '', '', '30.00'),
        row('208', '社会保障和就业支出', '0.00', '0.00', '0.00', '0.00'),
    ]))
    body.append(p('注：本表为测试。'))
    body.append(p('表2'))
    body.append(p('收支总表'))
    body.append(p('金额单位：万元'))
    body.append(tbl(4, [
        tr([tc('收入', span=2), tc('支出', span=2)]),
        row('项目', '金额', '项目', '金额'),
        row('一般公共预算', '100.00', '一般公共服务支出', '100.00'),
        tr([tc('其他收入'), tc('0.00')], after=2),
        tr([tc('住房保障支出'), tc('0.00')], before=2),
        row('收入总计', '100.00', '支出总计', '100.00'),
    ]))
    body.append(p('表3'))
    body.append(p('项目说明表'))
    inner = tbl(2, [row('甲', '乙')])
    body.append(tbl(2, [row('项目', '说明'), tr([tc('说明'), tc(inner=inner)])]))
    body.append('<w:sectPr/>')
    return HEAD + f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'


def write_docx(path, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', method) as z:
        for name, data in parts:
            z.writestr(name, data)


def base_parts(document):
    return [('[Content_Types].xml', content_types()), ('_rels/.rels', package_rels()),
            ('word/_rels/document.xml.rels', DOC_RELS), ('word/styles.xml', STYLES),
            ('word/numbering.xml', NUMBERING), ('docProps/core.xml', CORE), ('word/document.xml', document)]


def simple_document(text):
    return HEAD + f'<w:document xmlns:w="{W}"><w:body>{p(text)}</w:body></w:document>'


def lying(path):
    """A part that inflates to 8 MiB while its entry says 100 000 bytes."""
    big = HEAD + f'<w:document xmlns:w="{W}"><w:body>' + ' ' * (8 << 20) + '</w:body></w:document>'
    write_docx(path, base_parts(big))
    data = bytearray(open(path, 'rb').read())
    name = b'word/document.xml'
    # the uncompressed size: at +22 in the local header, +24 in the central directory
    for sig, name_len_at, name_at, size_at in ((b'PK\x03\x04', 26, 30, 22), (b'PK\x01\x02', 28, 46, 24)):
        off = data.find(sig)
        while off >= 0:
            nlen = struct.unpack_from('<H', data, off + name_len_at)[0]
            if data[off + name_at:off + name_at + nlen] == name:
                struct.pack_into('<I', data, off + size_at, 100000)
            off = data.find(sig, off + 4)
    open(path, 'wb').write(bytes(data))


def repeat(n, src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == 'word/document.xml':
                text = data.decode('utf-8')
                a = text.index('<w:body>') + len('<w:body>')
                b = text.rindex('<w:sectPr')
                text = text[:a] + text[a:b] * n + text[b:]
                data = text.encode('utf-8')
            zout.writestr(info.filename, data)


def main():
    if sys.argv[1] == '--repeat':
        repeat(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    j = lambda n: os.path.join(out, n)  # noqa: E731
    write_docx(j('features.docx'), base_parts(features_document()))
    bomb = HEAD + f'<w:document xmlns:w="{W}"><w:body>' + ' ' * (64 << 20) + '</w:body></w:document>'
    write_docx(j('bomb.docx'), base_parts(bomb))
    lying(j('lying.docx'))
    laughs = (HEAD + '<!DOCTYPE lolz [<!ENTITY lol "lol">'
              + ''.join(f'<!ENTITY lol{k} "{("&lol%s;" % (k - 1 if k > 1 else "")) * 10}">' for k in range(1, 10))
              + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    write_docx(j('laughs.docx'), base_parts(laughs))
    xxe = (HEAD + '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    write_docx(j('xxe.docx'), base_parts(xxe))
    write_docx(j('nomain.docx'), [('[Content_Types].xml', content_types()), ('_rels/.rels', package_rels(main=None)),
                                  ('docProps/core.xml', CORE)])
    write_docx(j('missingmain.docx'), [('[Content_Types].xml', content_types()), ('_rels/.rels', package_rels()),
                                       ('docProps/core.xml', CORE)])
    xlsx_type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'
    write_docx(j('xlsx.docx'), [('[Content_Types].xml', content_types('/xl/workbook.xml', xlsx_type)),
                                ('_rels/.rels', package_rels('xl/workbook.xml')), ('xl/workbook.xml', HEAD + '<workbook/>')])
    write_docx(j('plainzip.docx'), [('hello.txt', 'hello')])
    many = base_parts(simple_document('很多条目')) + [(f'junk/{k}.xml', '') for k in range(10001)]
    write_docx(j('manyentries.docx'), many, zipfile.ZIP_STORED)
    write_docx(j('badxml.docx'), base_parts(HEAD + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>未闭合'))


if __name__ == '__main__':
    main()
