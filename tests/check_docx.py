#!/usr/bin/env python3
"""check_docx.py OUT.json — the IR fiscus made of tests/make_docx.py's
features.docx, checked exactly: headings with the numbers Word generates,
paragraphs from runs (tabs, breaks, hyperlinks, insertions; no deletions), a
bold run-in heading split off, the merged two-level header, blanks kept empty,
a table carried on over a page break joined, an overview from gridBefore /
gridAfter rows, a nested table kept as text, core properties."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 1, 1, ())
import json
import sys

d = json.load(open(sys.argv[1]))
fails = []


def expect(what, got, want):
    if got != want:
        fails.append(f'{what}:\n  got  {got!r}\n  want {want!r}')


heads = [(b['level'], b['number'], b['text']) for b in d['blocks'] if b['type'] == 'heading']
expect('headings', heads, [
    (1, '第一部分', '部门概况'),      # style basedOn "1", named "heading 1"
    (2, '一、', '部门职责'),          # numbering: chineseCounting "%1、"
    (3, '（一）', '职能'),            # level 2 of the list: "（%2）"
    (3, '（二）', '机构设置'),
    (4, '1.', '内设机构'),            # decimal "%3."
    (2, '二、', '部门预算'),          # level 1 counts on, deeper levels restart
    (3, '（一）', '收入'),
    (2, '三、', '三号开头'),          # another list on the same numbering: startOverride 3
    (2, None, '直接大纲'),            # w:outlineLvl on the paragraph
    (3, '（三）', '绩效目标。'),      # bold run-in heading split off its text
])
paras = [b['text'] for b in d['blocks'] if b['type'] == 'paragraph']
expect('paragraphs', paras, ['本部门 负责 全市数据管理工作。', '要点', '循环样式段落', '全年完成数据共享。'])

m = d['meta']
expect('meta.title (core.xml)', m['title'], '测试局2024年部门预算（送审稿）')
expect('meta.format', m['format'], 'docx')
expect('meta.department', m['department'], '测试局')
expect('meta.unit', m['unit'], '万元')
expect('properties', m.get('properties'),
       {'title': '测试局2024年部门预算（送审稿）', 'creator': '测试', 'created': '2024-01-15T08:00:00Z'})

tables = d['tables']
expect('tables', [(t['id'], t['title']) for t in tables], [('表1', '一般公共预算支出表'), ('表2', '收支总表'), ('表3', '项目说明表')])
t1 = tables[0]
expect('表1 columns', [c['path'] for c in t1['columns']],
       ['科目编码', '科目名称', '合计', '基本支出 / 人员经费', '基本支出 / 公用经费', '项目支出'])
expect('表1 roles', [c['role'] for c in t1['columns']], ['code', 'name', 'data', 'data', 'data', 'data'])
expect('表1 header tree', [(h['label'], h['depth'], h['first'], h['span'], h['parent']) for h in t1['header']], [
    ('基本支出', 0, 3, 2, -1), ('科目编码', 0, 0, 1, -1), ('科目名称', 0, 1, 1, -1), ('合计', 0, 2, 1, -1),
    ('人员经费', 1, 3, 1, 0), ('公用经费', 1, 4, 1, 0), ('项目支出', 0, 5, 1, -1)])
expect('表1 rows', [(r['code'], r['name'], r['cells']) for r in t1['rows']], [
    (None, '合计', [100.0, 60.0, 10.0, 30.0]),
    ('201', '一般公共服务支出', [100.0, 60.0, 10.0, 30.0]),
    ('20101', '人大事务', [100.0, 60.0, 10.0, 30.0]),
    ('2010101', '行政运行', [70.0, 60.0, 10.0, None]),           # a blank cell stays empty
    ('2010102', '一般行政管理事务', [30.0, None, None, 30.0]),   # after the page break, 续表
    ('208', '社会保障和就业支出', [0.0, 0.0, 0.0, 0.0]),
])
expect('表1 pages', t1['pages'], [1, 2])
expect('表1 unit', (t1['unit'], t1['entity']), ('万元', '测试局'))
expect('表1 notes', t1['notes'], ['注：本表为测试。'])
t2 = tables[1]
expect('表2 layout', t2['layout'], 'overview')
expect('表2 rows', [(r['panel'], r['name'], r['cells']) for r in t2['rows']], [
    (0, '一般公共预算', [100.0]), (0, '其他收入', [0.0]), (0, '收入总计', [100.0]),
    (1, '一般公共服务支出', [100.0]), (1, '住房保障支出', [0.0]), (1, '支出总计', [100.0]),
])
t3 = tables[2]
expect('表3 (nested table as text)', [(r['name'], r['cells']) for r in t3['rows']], [('说明', ['甲 乙'])])
expect('nested warning', [g['code'] for g in d['diagnostics'] if g['code'].startswith('docx.')], ['docx.nested'])

if fails:
    print('\n'.join(fails))
    sys.exit(1)
print('features.docx: IR as expected')
