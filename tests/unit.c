/* unit.c — unit tests of core and exact IR contents of the corpus.
 * usage: unit CORPUS_DIR [PLUGIN.so]    Ends with "N passed, N failed". */
#include "../core/fiscus.h"
#include "../core/check.h"
#include "../plugins/docx/docx.h"
#include "../plugins/layout/layout.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <limits.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (cond) {                                                                                                    \
            passed++;                                                                                                  \
        } else {                                                                                                       \
            failed++;                                                                                                  \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                       \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

static void dec_ok(const char *s, int64_t units, int scale)
{
    fr_decimal d = {0, 0};
    int rc = fr_decimal_parse(s, strlen(s), &d);
    CHECK(rc == FR_OK && d.units == units && d.scale == scale, "parse '%s' → rc %d %lld/%d, want %lld/%d", s, rc,
          (long long)d.units, d.scale, (long long)units, scale);
}

static void dec_bad(const char *s)
{
    fr_decimal d;
    CHECK(fr_decimal_parse(s, strlen(s), &d) != FR_OK, "'%s' should not parse", s);
}

/* An arena filled in order and released before a mark (the PDF reader's pages) */
static void test_arena_marks(void)
{
    fr_arena *a = fr_arena_new();
    size_t m1 = fr_arena_mark(a);
    char *p1 = fr_arena_alloc(a, 40000); /* part 1: one block */
    memset(p1, 1, 40000);
    size_t m2 = fr_arena_mark(a);
    char *p2 = fr_arena_alloc(a, 40000); /* part 2: starts a second block */
    size_t m3 = fr_arena_mark(a);
    char *p3 = fr_arena_alloc(a, 100); /* part 3: shares part 2's block */
    size_t used = fr_arena_used(a);
    fr_arena_release_before(a, m1);
    CHECK(fr_arena_used(a) == used, "nothing before the first mark");
    fr_arena_release_before(a, m2);
    CHECK(fr_arena_used(a) == used, "part 2 could have begun in part 1's block: kept (%zu of %zu)", fr_arena_used(a),
          used);
    fr_arena_release_before(a, m3);
    CHECK(fr_arena_used(a) == used - 65536, "before part 3: part 1's block freed, part 2's (holding part 3) kept");
    memset(p2, 2, 40000); /* still valid (ASan and valgrind would say otherwise) */
    memset(p3, 3, 100);
    char *p4 = fr_arena_alloc(a, 10);
    CHECK(p4 != NULL && fr_arena_mark(a) >= m3, "the arena goes on after a release");
    fr_arena_free(a);
}

static void test_decimal(void)
{
    dec_ok("468.70", 46870, 2);
    dec_ok("0.00", 0, 2);
    dec_ok("20,624.94", 2062494, 2);
    dec_ok("1,229.16", 122916, 2);
    dec_ok("-1,229.16", -122916, 2);
    dec_ok("(12.50)", -1250, 2);
    dec_ok("２０，６２４．９４", 2062494, 2); /* full-width digits and separators */
    dec_ok("－３", -3, 0);
    dec_ok("184.8", 1848, 1);
    dec_ok("61", 61, 0);
    dec_ok(" 1,000 ", 1000, 0);
    dec_bad("");
    dec_bad("abc");
    dec_bad("12.");
    dec_bad("1,2345.00");
    dec_bad("12,34");
    dec_bad("1.2.3");
    dec_bad("99999999999999999999");
    dec_bad("--1");
    char buf[64];
    fr_decimal d = {46870, 2};
    CHECK(strcmp(fr_decimal_format(d, buf, sizeof buf), "468.70") == 0, "format %s", buf);
    d = (fr_decimal){-5, 2};
    CHECK(strcmp(fr_decimal_format(d, buf, sizeof buf), "-0.05") == 0, "format %s", buf);
    d = (fr_decimal){0, 2};
    CHECK(strcmp(fr_decimal_format(d, buf, sizeof buf), "0.00") == 0, "format %s", buf);
    /* printed by hand: the same text printf gives, at every scale and at the extremes */
    const fr_decimal cases[] = {{0, 0}, {7, 0}, {-7, 0}, {123456789, 9}, {-1, 9}, {INT64_MAX, 0}, {INT64_MIN, 0},
                                {INT64_MIN, 9}, {INT64_MAX, 4}, {100, 2}, {-100000, 5}};
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        fr_decimal c = cases[k];
        uint64_t mag = c.units < 0 ? (uint64_t)(-(c.units + 1)) + 1u : (uint64_t)c.units, p = 1;
        for (int e = 0; e < c.scale; e++)
            p *= 10;
        char want[64];
        if (c.scale == 0)
            g_snprintf(want, sizeof want, "%s%" G_GUINT64_FORMAT, c.units < 0 ? "-" : "", mag);
        else
            g_snprintf(want, sizeof want, "%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, c.units < 0 ? "-" : "",
                       mag / p, c.scale, mag % p);
        CHECK(strcmp(fr_decimal_format(c, buf, sizeof buf), want) == 0, "format %s, printf %s", buf, want);
    }
    char small[5];
    CHECK(strcmp(fr_decimal_format((fr_decimal){46870, 2}, small, sizeof small), "468.") == 0,
          "format truncates to its buffer as snprintf did: %s", small);
    GString *ints = g_string_new(NULL);
    fr_gstring_append_int(ints, 0);
    g_string_append_c(ints, ' ');
    fr_gstring_append_int(ints, -42);
    g_string_append_c(ints, ' ');
    fr_gstring_append_int(ints, LLONG_MIN);
    g_string_append_c(ints, ' ');
    fr_gstring_append_int(ints, LLONG_MAX);
    CHECK(strcmp(ints->str, "0 -42 -9223372036854775808 9223372036854775807") == 0, "integers: %s", ints->str);
    g_string_free(ints, TRUE);
    CHECK(fr_decimal_cmp((fr_decimal){15, 1}, (fr_decimal){150, 2}) == 0, "1.5 == 1.50");
    CHECK(fr_decimal_cmp((fr_decimal){36272, 2}, (fr_decimal){36274, 2}) < 0, "362.72 < 362.74");
    fr_decimal s;
    CHECK(fr_decimal_add((fr_decimal){26660, 2}, (fr_decimal){2021, 1}, &s) == FR_OK && s.units == 46870 && s.scale == 2,
          "266.60 + 202.1 = 468.70");
    CHECK(fr_decimal_add((fr_decimal){INT64_MAX, 0}, (fr_decimal){1, 0}, &s) == FR_ERR_LIMIT, "overflow detected");
    CHECK(fr_decimal_rescale((fr_decimal){12345, 2}, 1, &s) == FR_ERR_LIMIT, "rescale that loses digits refused");
}

static void code_ok(const char *in, const char *want, int level)
{
    char out[16] = "";
    int rc = fr_code_normalize(in, out, sizeof out);
    CHECK(rc == FR_OK && strcmp(out, want) == 0 && fr_code_level(out) == level, "code '%s' → '%s' (level %d)", in, out,
          fr_code_level(out));
}

static void test_codes(void)
{
    code_ok("2010301", "2010301", 3);
    code_ok("201 03 01", "2010301", 3);
    code_ok("201　03　01", "2010301", 3);
    code_ok("[2010301]", "2010301", 3);
    code_ok("20103", "20103", 2);
    code_ok("２０１", "201", 1);
    char out[16];
    CHECK(fr_code_normalize("2010", out, sizeof out) != FR_OK, "4 digits is no code");
    CHECK(fr_code_normalize("20a", out, sizeof out) != FR_OK, "letters are no code");
    /* brackets are furniture, paired or not (PDFs lose the closing one at a line end) */
    CHECK(fr_code_normalize("[201", out, sizeof out) == FR_OK && strcmp(out, "201") == 0, "open bracket tolerated");
    CHECK(fr_code_is_parent("201", "20103") && fr_code_is_parent("20103", "2010301"), "parents");
    CHECK(!fr_code_is_parent("201", "2010301") && !fr_code_is_parent("202", "20103"), "not parents");
    CHECK(fr_code_level("30101") == 2 && fr_code_level("abc") == 0 && fr_code_level(NULL) == 0, "levels");
}

/* the compiled-in code lists (formats/codes/function.tsv, economic.tsv) */
static void test_code_lists(void)
{
    CHECK(fr_code_classification("2010301") == FR_CLASS_FUNCTION && fr_code_classification("30101") == FR_CLASS_ECONOMIC &&
              fr_code_classification("501") == FR_CLASS_ECONOMIC && fr_code_classification("3010101") == FR_CLASS_NONE &&
              fr_code_classification("101") == FR_CLASS_NONE && fr_code_classification(NULL) == FR_CLASS_NONE,
          "classification by shape");
    const char *n = fr_code_list_name(FR_CLASS_FUNCTION, "2010301", 2024);
    CHECK(n && strcmp(n, "行政运行") == 0, "2010301 is 行政运行, got %s", n ? n : "(null)");
    n = fr_code_list_name(FR_CLASS_ECONOMIC, "30217", 0);
    CHECK(n && strcmp(n, "公务接待费") == 0, "30217 is 公务接待费, got %s", n ? n : "(null)");
    /* a name that changed: 20805 was 行政事业单位离退休 in 2019 reports */
    n = fr_code_list_name(FR_CLASS_FUNCTION, "20805", 2019);
    CHECK(n && strcmp(n, "行政事业单位离退休") == 0, "20805 in 2019: %s", n ? n : "(null)");
    n = fr_code_list_name(FR_CLASS_FUNCTION, "20805", 2022);
    CHECK(n && strcmp(n, "行政事业单位离退休") == 0, "20805 in 2022 (latest name from 2022 or before): %s", n ? n : "(null)");
    n = fr_code_list_name(FR_CLASS_FUNCTION, "20805", 2023);
    CHECK(n && strcmp(n, "行政事业单位养老支出") == 0, "20805 in 2023 (renamed; the 2023 final accounts print it): %s",
          n ? n : "(null)");
    n = fr_code_list_name(FR_CLASS_FUNCTION, "20805", 2025);
    CHECK(n && strcmp(n, "行政事业单位养老支出") == 0, "20805 in 2025: %s", n ? n : "(null)");
    n = fr_code_list_name(FR_CLASS_FUNCTION, "20805", 2010);
    CHECK(n && strcmp(n, "行政事业单位离退休") == 0, "20805 before any listed year takes the earliest: %s", n ? n : "(null)");
    CHECK(fr_code_list_name(FR_CLASS_FUNCTION, "2019998", 2024) == NULL, "unlisted code");
    CHECK(fr_code_list_name(FR_CLASS_ECONOMIC, "2010301", 2024) == NULL, "a function code is not in the economic list");
    const char *c = fr_code_list_class_of(FR_CLASS_FUNCTION, "社会保障和就业支出");
    CHECK(c && strcmp(c, "208") == 0, "类 of 社会保障和就业支出: %s", c ? c : "(null)");
    CHECK(fr_code_list_class_of(FR_CLASS_FUNCTION, "行政运行") == NULL, "only 类 names are looked up");

    /* the pass keeps an unknown code and warns once */
    fr_doc *doc = fr_doc_new();
    doc->meta.fiscal_year = 2024;
    fr_table *t = fr_doc_add_table(doc, (fr_prov){.page = 1, .line = 3});
    fr_table_set_columns(doc, t, 1);
    fr_table_set_column(doc, t, 0, "合计", FR_COL_DATA, 0);
    fr_table_finish_headers(doc, t);
    const char *codes[] = {"2010301", "2019998", "2019998", "4010101"};
    for (int i = 0; i < 4; i++) {
        fr_row *row = fr_table_add_row(doc, t, 0, 1, (fr_prov){.page = 1, .line = 4 + i});
        row->code = codes[i];
        row->name = "x";
    }
    fr_pass_rows(doc);
    fr_pass_code_lists(doc);
    int unknown = 0;
    const fr_diag *note = NULL;
    for (size_t i = 0; i < doc->diags.len; i++)
        if (strcmp(((fr_diag *)doc->diags.items[i])->code, "code.unknown") == 0) {
            unknown++;
            note = doc->diags.items[i];
        }
    CHECK(unknown == 1 && note->severity == FR_SEV_INFO && strstr(note->message, "2 codes") &&
              strstr(note->message, "2019998 x (p. 1)") && strstr(note->message, "4010101 x (p. 1, no classification)"),
          "code.unknown: one note naming 2019998 and 4010101, got %d: %s", unknown, note ? note->message : "-");
    /* the merged lists: observed 2026 function codes, and the government economic list of its own */
    CHECK(fr_code_list_name(FR_CLASS_FUNCTION, "2040201", 2026) && fr_code_list_name(FR_CLASS_ECONOMIC, "50101", 2026) &&
              strcmp(fr_code_list_name(FR_CLASS_ECONOMIC, "50101", 2026), "工资奖金津补贴") == 0 &&
              fr_code_list_class_of(FR_CLASS_ECONOMIC, "机关工资福利支出") &&
              strcmp(fr_code_list_class_of(FR_CLASS_ECONOMIC, "机关工资福利支出"), "501") == 0,
          "2040201 listed; 50101 工资奖金津补贴 and 501 from gov_economic.tsv");
    CHECK(strcmp(fr_table_row(t, 1)->code, "2019998") == 0, "the unknown code is kept");
    fr_doc_free(doc);
}

static void test_text(void)
{
    char *n = fr_text_normalize("⼀般公共预算（⼀）１２ ：", strlen("⼀般公共预算（⼀）１２ ："));
    CHECK(strcmp(n, "一般公共预算（一）12 ：") == 0, "NFKC folds radicals and digits, keeps （）： : got '%s'", n);
    g_free(n);
    /* GB18030 input is detected and converted */
    gsize w = 0;
    char *gb = g_convert("收入支出决算总表", -1, "GB18030", "UTF-8", NULL, &w, NULL);
    const char *enc = NULL;
    fr_error err = {0};
    char *u = fr_text_decode((const unsigned char *)gb, w, &enc, &err);
    CHECK(u && strcmp(u, "收入支出决算总表") == 0 && strcmp(enc, "GB18030") == 0, "GB18030 decoded (%s)", enc);
    g_free(u);
    g_free(gb);
    const unsigned char bom[] = "\xEF\xBB\xBF表1";
    u = fr_text_decode(bom, sizeof bom - 1, &enc, &err);
    CHECK(u && strcmp(u, "表1") == 0 && strcmp(enc, "UTF-8") == 0, "BOM stripped");
    g_free(u);
    const unsigned char junk[] = {0xFF, 0x00, 0x80};
    u = fr_text_decode(junk, sizeof junk, &enc, &err);
    CHECK(!u && err.code == FR_ERR_INPUT, "binary refused: %s", err.message);
    CHECK(fr_text_width("表1", strlen("表1")) == 3, "width");
    /* the width's shortcut for ideographs and full-width forms agrees with g_unichar_iswide */
    for (gunichar c = 0x2F00; c < 0x10000; c++) {
        char ch[8];
        int len = g_unichar_to_utf8(c, ch);
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        if (fr_text_width(ch, (size_t)len) != (g_unichar_iswide(c) ? 2u : 1u)) {
            CHECK(false, "width of U+%04X", c);
            break;
        }
    }
    /* normalisation copies runs NFKC keeps and folds the rest, as NFKC of each character */
    const char *mixed = "ab⼀１２（表）\u3000ＡＢ、。“”—…ｶ ﾞ①㈠ 2024年";
    char *folded = fr_text_normalize(mixed, strlen(mixed));
    CHECK(strcmp(folded, "ab一12（表）\u3000AB、。“”—…カ ゙1(一) 2024年") == 0, "normalised: %s", folded);
    g_free(folded);
    /* JSON strings: escapes, control characters and broken UTF-8 made safe */
    GString *js = g_string_new(NULL);
    fr_gstring_append_json(js, "a\"b\\c\nd\re\tf\x01g\xff表\xef\xbf\xbe");
    CHECK(strcmp(js->str, "\"a\\\"b\\\\c\\nd\\re\\tf\xef\xbf\xbdg\xef\xbf\xbd表\xef\xbf\xbd\"") == 0, "json string: %s", js->str);
    g_string_free(js, TRUE);
}

static int dummy_write(const fr_doc *d, FILE *o, fr_error *e)
{
    (void)d, (void)o, (void)e;
    return FR_OK;
}

static void test_registry(void)
{
    const char *txt = "第一部分 2024年部门预算说明\n一、部门基本概况\n";
    int score = 0;
    const fr_format *r = fr_detect_reader("report.txt", (const unsigned char *)txt, strlen(txt), &score);
    CHECK(r && strcmp(r->name, "txt") == 0 && score >= 40, "txt detected (score %d)", score);
    const unsigned char bin[] = {'%', 'P', 'D', 'F', 0, 1, 2};
    r = fr_detect_reader("x.bin", bin, sizeof bin, &score);
    CHECK(r == NULL, "binary junk has no reader");
    CHECK(fr_registry_find("json", FR_WRITER) && fr_registry_find("md", FR_WRITER) && !fr_registry_find("json", FR_READER),
          "built-ins registered by kind");
    CHECK(fr_writer_for_path("out/x.md") == fr_registry_find("md", FR_WRITER), "writer by extension");
    fr_format good = {FR_ABI_VERSION, sizeof(fr_format), "t", FR_WRITER, "d", NULL, NULL, NULL, NULL, dummy_write, NULL, 0};
    fr_error err = {0};
    CHECK(fr_format_check(&good, &err) == FR_OK, "good descriptor accepted");
    fr_format wrong = good;
    wrong.abi_version = 99;
    CHECK(fr_format_check(&wrong, &err) == FR_ERR_ABI && strstr(err.message, "ABI version 99"), "wrong ABI: %s",
          err.message);
    wrong = good;
    wrong.struct_size = 8;
    CHECK(fr_format_check(&wrong, &err) == FR_ERR_ABI && strstr(err.message, "bytes"), "short struct: %s", err.message);
    wrong = good;
    wrong.write = NULL;
    CHECK(fr_format_check(&wrong, &err) == FR_ERR_ABI, "writer without write refused");
    /* a descriptor from before write_files: accepted, and its bytes past the old end never read */
    fr_format old = good;
    old.struct_size = (uint32_t)FR_FORMAT_V1_SIZE;
    old.write_files = (int (*)(const fr_doc *, fr_sink *, fr_error *))1; /* garbage past its end */
    CHECK(fr_format_check(&old, &err) == FR_OK && fr_format_write_files(&old) == NULL, "v1-sized descriptor accepted");
    old.write = NULL;
    CHECK(fr_format_check(&old, &err) == FR_ERR_ABI, "v1-sized writer without write refused");
    CHECK(fr_format_write_files(fr_registry_find("fdp", FR_WRITER)) != NULL, "fdp writes files");
    /* a descriptor from before flags: accepted, its flags read as none (so it gets the findings) */
    fr_format v2 = good;
    v2.struct_size = (uint32_t)FR_FORMAT_V2_SIZE;
    v2.flags = FR_FORMAT_NO_FINDINGS; /* garbage past its end */
    CHECK(fr_format_check(&v2, &err) == FR_OK && fr_format_flags(&v2) == 0, "v2-sized descriptor accepted, no flags");
    CHECK((fr_format_flags(fr_registry_find("md", FR_WRITER)) & FR_FORMAT_NO_FINDINGS) &&
              (fr_format_flags(fr_registry_find("xbrl", FR_WRITER)) & FR_FORMAT_NO_FINDINGS) &&
              (fr_format_flags(fr_registry_find("fdp", FR_WRITER)) & FR_FORMAT_NO_FINDINGS) &&
              !(fr_format_flags(fr_registry_find("json", FR_WRITER)) & FR_FORMAT_NO_FINDINGS) &&
              !(fr_format_flags(fr_registry_find("xml", FR_WRITER)) & FR_FORMAT_NO_FINDINGS),
          "md, xbrl and fdp carry no findings; json and xml do");
}

static fr_doc *convert(const char *path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    fr_error err = {0};
    if (fr_read_file(path, &data, &len, &err) != FR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return NULL;
    }
    fr_input in = {path, data, len};
    fr_doc *doc = NULL;
    int score;
    const fr_format *r = fr_detect_reader(path, data, len, &score);
    int rc = fr_convert(r, &in, 0, &doc, &err);
    g_free(data);
    return rc == FR_OK ? doc : NULL;
}

/* text read by the txt reader (with the passes), or NULL after a failed check naming what case n is */
static fr_doc *convert_text(const char *text, const char *what, size_t n)
{
    fr_input in = {"meta.txt", (const unsigned char *)text, strlen(text)};
    fr_doc *d = NULL;
    fr_error err = {0};
    CHECK(fr_convert(fr_registry_find("txt", FR_READER), &in, 0, &d, &err) == FR_OK, "%s case %zu converts", what, n);
    return d;
}

/* The year and kind a text states (fr_pass_meta's matcher, the statement said most often) */
static void test_meta_year_kind(void)
{
    static const struct {
        const char *text;
        int year;
        fr_kind kind;
    } cases[] = {
        {"某某局2024年部门预算\n", 2024, FR_KIND_BUDGET},
        {"某某局2023年度单位决算\n", 2023, FR_KIND_FINAL_ACCOUNTS},
        {"某某局 2019 年\u3000 部门 预算\n", 2019, FR_KIND_BUDGET},            /* spaces, U+3000 */
        {"某某局2024\n年度\n决算\n", 2024, FR_KIND_FINAL_ACCOUNTS},          /* across lines */
        {"20245年预算 1824年预算 2024年计划\n", 0, FR_KIND_UNKNOWN},          /* no statement */
        {"2023年决算说明。2024年预算。2024年度预算。2024年预算。\n", 2024, FR_KIND_BUDGET}, /* most often */
        {"2022年决算 2023年预算\n", 2022, FR_KIND_FINAL_ACCOUNTS},          /* a tie: the first */
        /* the title's one year, not the year its comparisons name more often */
        {"2019年佛山市轨道交通局部门决算\n一、收支情况\n支出比2018年决算增加，收入比2018年决算减少，较2018年决算持平。\n", 2019,
         FR_KIND_FINAL_ACCOUNTS},
        {"上海市普陀区2025年区级部门预算\n一、收支情况\n2024年预算 2024年预算 2024年预算\n", 2025, FR_KIND_BUDGET},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        fr_doc *d = convert_text(cases[i].text, "meta", i);
        if (!d)
            continue;
        CHECK(d->meta.fiscal_year == cases[i].year && d->meta.kind == cases[i].kind, "meta case %zu: %d %d, want %d %d", i,
              d->meta.fiscal_year, d->meta.kind, cases[i].year, cases[i].kind);
        fr_doc_free(d);
    }
}

/* The cover's title stops at a date, a key：value line or the reviewers' names */
static void test_cover_title(void)
{
    static const struct {
        const char *text, *title;
    } cases[] = {
        {"国家信访局\n2026年度部门预算\n二〇二六年三月\n一、部门职责\n", "国家信访局2026年度部门预算"},
        {"上海市2026年市级单位预算\n预算单位：上海市审计局\n一、部门职责\n", "上海市2026年市级单位预算"},
        {"某某局2026年部门预算\n初审 张三 复审 李四 终审 王五\n一、部门职责\n", "某某局2026年部门预算"},
        {"某某局\n2026年部门预算\n2026年3月\n一、部门职责\n", "某某局2026年部门预算"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        fr_doc *d = convert_text(cases[i].text, "cover", i);
        if (!d)
            continue;
        CHECK(d->meta.title && strcmp(d->meta.title, cases[i].title) == 0, "cover title %zu: '%s', want '%s'", i,
              d->meta.title ? d->meta.title : "(none)", cases[i].title);
        fr_doc_free(d);
    }
}

/* Table ids and titles in every printed style, and what is none */
static void test_table_ids(void)
{
    static const struct {
        const char *line, *id;
    } ids[] = {
        {"公开05表", "公开05表"}, {"公开 5 表", "公开05表"}, {"公开表2", "公开表2"}, {"部门公开表 7", "部门公开表7"},
        {"预算01表", "预算01表"}, {"表1", "表1"}, {"表 12", "表12"}, {"表14-1", "表14-1"}, {"表二", "表二"},
        {"附表3", "附表3"}, {"表格", NULL}, {"表1234", NULL}, {"部门收支总表", NULL}, {"预算数", NULL},
        {"公开05表 收支总表", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        char *id = lay_table_id(ids[i].line);
        CHECK(ids[i].id ? id && strcmp(id, ids[i].id) == 0 : id == NULL, "table id of %s: %s, want %s", ids[i].line,
              id ? id : "none", ids[i].id ? ids[i].id : "none");
        g_free(id);
    }
    /* unit lines with either colon, and the entity before them */
    CHECK(lay_is_unit_line("编制单位：上海市审计局 单位:万元"), "单位:万元 after 编制单位： is a unit line");
    CHECK(lay_is_unit_line("单位名称:重庆市气象局 单位:万元"), "ASCII colons: a unit line");
    CHECK(!lay_is_unit_line("编制单位：上海市审计局"), "an entity alone is no unit line");
    CHECK(lay_is_note("备注：本部门没有政府性基金预算"), "备注： is a note");
}

/* Numbered headings and list items, read by hand as the pattern
 * ^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|（\d+）|\d+[、.．](?!\d)) with \d any
 * script's decimal digit, as GRegex reads it */
static void test_txt_numbered(void)
{
    static const struct {
        const char *s;
        bool numbered;
    } cases[] = {
        {"一、部门职责", true},  {"二十一、", true},   {"（三）机构设置", true}, {"（12）其他", true},
        {"（\u0663）", true},  {"12.收入", true},    {"1．支出", true},       {"3、", true},
        {"\u0663.x", true},    {"1.5万元", false},   {"12", false},         {"（一", false},
        {"（）", false},        {"（1二）", false},  {"一", false},         {"", false},
        {"第一部分", false},    {"1. 5", true},      {"1.\u0663", false},   {"一、", true},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        CHECK(lay_is_numbered(cases[i].s) == cases[i].numbered, "lay_is_numbered('%s') is %d", cases[i].s,
              !cases[i].numbered);
    /* the 90th percentile of widths, counted or (past 4096) sorted: the element sorting puts at n·9/10 */
    size_t a[] = {5, 80, 80, 3, 79, 81, 60, 60, 0, 100}, b[] = {5, 80, 80, 3, 79, 81, 60, 60, 0, 100000};
    CHECK(lay_width_p90(a, 10) == 100 && lay_width_p90(b, 10) == 100000 && lay_width_p90(a, 9) == 81 &&
              lay_width_p90(a, 0) == 60,
          "lay_width_p90");
}

/* The department the text names most often, when no table names its entity: the
 * pattern's matches, found from the places where one can begin (fr_pass_meta) */
static void test_meta_department(void)
{
    static const struct {
        const char *text;
        const char *department; /* NULL: none */
    } cases[] = {
        {"江门市江海区政务服务数据管理局（本级）2024年部门预算\n", "江门市江海区政务服务数据管理局（本级）"}, /* 市 after 2 */
        {"中共江苏省委办公厅2019年部门预算。江苏省人民检察院。中共江苏省委办公厅。\n", "江苏省委办公厅"}, /* a province, mid-run */
        {"（上海市普陀区商务委员会）\n上海市普陀区财政局\n上海市普陀区财政局\n", "上海市普陀区财政局"}, /* most often */
        {"本单位2024年预算。\n", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        fr_doc *d = convert_text(cases[i].text, "department", i);
        if (!d)
            continue;
        const char *got = d->meta.department, *want = cases[i].department;
        CHECK(want ? got && strcmp(got, want) == 0 : got == NULL, "department case %zu: '%s', want '%s'", i,
              got ? got : "(none)", want ? want : "(none)");
        fr_doc_free(d);
    }
}

/* convert() of the file name under dir (more names: subfolders, then the file) */
#define convert_in(dir, ...) convert_path(g_build_filename(dir, __VA_ARGS__, NULL))
static fr_doc *convert_path(char *path)
{
    fr_doc *d = convert(path);
    g_free(path);
    return d;
}

/* The first table with this id, or else with this title. */
static fr_table *find_table(fr_doc *d, const char *id, const char *title)
{
    for (size_t i = 0; i < d->blocks.len; i++) {
        fr_block *b = fr_doc_block(d, i);
        if (b->kind != FR_BLOCK_TABLE)
            continue;
        if ((id && b->table->id && strcmp(b->table->id, id) == 0) ||
            (title && b->table->title && strcmp(b->table->title, title) == 0))
            return b->table;
    }
    return NULL;
}

static fr_row *find_row(fr_table *t, const char *code, const char *name)
{
    for (size_t i = 0; t && i < t->rows.len; i++) {
        fr_row *r = fr_table_row(t, i);
        if ((code && r->code && strcmp(r->code, code) == 0) || (name && r->name && strcmp(r->name, name) == 0))
            return r;
    }
    return NULL;
}

static bool amount_is(const fr_row *r, int c, int64_t units, int scale)
{
    return r && c < r->ncells && r->cells[c].kind == FR_CELL_AMOUNT && r->cells[c].amount.units == units &&
           r->cells[c].amount.scale == scale;
}

static void test_corpus_ir(const char *dir)
{
    fr_doc *d = convert_in(dir, "jianghai-2024-budget.txt");
    CHECK(d != NULL, "jianghai converts");
    if (d) {
        CHECK(d->meta.fiscal_year == 2024 && d->meta.kind == FR_KIND_BUDGET, "jianghai year/kind");
        CHECK(d->meta.department && strcmp(d->meta.department, "江门市江海区政务服务数据管理局（本级）") == 0,
              "jianghai department '%s'", d->meta.department);
        fr_table *t5 = find_table(d, "表5", NULL);
        fr_row *r = find_row(t5, "2010301", NULL);
        CHECK(r && r->level == 3 && strcmp(r->name, "行政运行") == 0 && amount_is(r, 0, 26660, 2) &&
                  amount_is(r, 1, 26660, 2) && amount_is(r, 2, 0, 2),
              "表5 [2010301] 行政运行 266.60 266.60 0.00");
        CHECK(t5 && t5->unit && strcmp(t5->unit, "万元") == 0 && t5->unit_exponent == 4, "表5 unit 万元");
        fr_table *t2 = find_table(d, "表2", NULL);
        r = find_row(t2, "2080505", NULL);
        CHECK(r && strcmp(r->name, "机关事业单位基本养老保险缴费支出") == 0 && amount_is(r, 0, 1329, 2),
              "表2 wrapped name joined: '%s'", r ? r->name : "");
        CHECK(t2 && t2->ncolumns == 14 && strcmp(t2->columns[3].path, "财政拨款收入 / 一般公共预算") == 0,
              "表2 header tree: %d columns, col 3 '%s'", t2 ? t2->ncolumns : 0, t2 ? t2->columns[3].path : "");
        fr_table *t1 = find_table(d, "表1", NULL);
        CHECK(t1 && t1->layout == FR_TABLE_OVERVIEW && t1->npanels == 2, "表1 is a two-sided overview");
        fr_row *inc = find_row(t1, NULL, "收入总计"), *exp = find_row(t1, NULL, "支出总计");
        CHECK(inc && exp && inc->panel == 0 && exp->panel == 1 && amount_is(inc, 0, 94695, 2) && amount_is(exp, 0, 94695, 2),
              "表1 totals on both sides");
        CHECK(t1 && t1->notes.len == 1 && strstr(t1->notes.items[0], "尾数误差"), "表1 note kept");
        fr_table *t12 = find_table(d, "表12", NULL);
        r = find_row(t12, NULL, "“数字政府”建设专项资金");
        CHECK(r && r->ncells == 8 && r->cells[7].kind == FR_CELL_TEXT && g_str_has_suffix(r->cells[7].text, "高效利用。"),
              "表12 wrapped 绩效目标 text column joined");
        CHECK(t12 && t12->npages == 2, "表12 spans two pages (%d)", t12 ? t12->npages : 0);
        fr_doc_free(d);
    }
    d = convert_in(dir, "hunan-dsc-2023-final.txt");
    CHECK(d != NULL, "hunan final converts");
    if (d) {
        CHECK(d->meta.fiscal_year == 2023 && d->meta.kind == FR_KIND_FINAL_ACCOUNTS, "hunan year/kind");
        fr_table *t6 = find_table(d, "公开06表", NULL);
        CHECK(t6 && t6->layout == FR_TABLE_GROUPED && t6->npanels == 3, "公开06表 has three panels");
        fr_row *r = find_row(t6, "30299", NULL);
        CHECK(r && r->panel == 1 && strcmp(r->name, "其他商品和服务支出") == 0 && amount_is(r, 0, 2290, 2),
              "30299 in the 公用经费 panel, name joined");
        r = find_row(t6, "302", NULL);
        CHECK(r && amount_is(r, 0, 36272, 2), "302 kept as published (362.72)");
        fr_table *t7 = find_table(d, "公开07表", NULL);
        r = find_row(t7, NULL, "合计");
        bool all_empty = r != NULL;
        for (int c = 0; r && c < r->ncells; c++)
            all_empty = all_empty && r->cells[c].kind == FR_CELL_EMPTY;
        CHECK(all_empty && r->ncells == 6, "公开07表 合计 row: six blank cells, not zeros");
        fr_table *t9 = find_table(d, "公开09表", NULL);
        int car = -1;
        for (int h = 0; t9 && h < t9->nheaders; h++)
            if (strcmp(t9->headers[h].label, "公务用车购置及运行维护费") == 0 && car < 0)
                car = h;
        CHECK(car >= 0 && t9->headers[car].depth == 1 && t9->headers[car].span == 3 &&
                  strcmp(t9->headers[t9->headers[car].parent].label, "预算数") == 0,
              "公开09表 three-level header");
        fr_table *t1 = find_table(d, "公开01表", NULL);
        r = find_row(t1, NULL, "年末结转和结余");
        CHECK(r && r->panel == 1 && r->cells[0].kind == FR_CELL_TEXT && strcmp(r->cells[0].text, "60") == 0 &&
                  amount_is(r, 1, 536251, 2),
              "公开01表 行次 and amount on the 支出 side");
        fr_table *t4 = find_table(d, "公开04表", NULL);
        r = find_row(t4, NULL, "国有资本经营预算财政拨款");
        CHECK(r && r->panel == 0, "公开04表 name cut by a page break rejoined");
        CHECK(r && r->where.line > 0 && r->where.page > 0, "row provenance");
        fr_doc_free(d);
    }
}


/* ---- facts: what each amount measures (core/facts.c) ---- */

typedef struct fact_find {
    const char *table_id, *row_name, *column_path; /* the cell to find */
    fr_fact found;
    int hits;
} fact_find;

static int find_fact(const fr_fact *f, void *data)
{
    fact_find *q = data;
    const fr_table *t = f->table;
    if ((!t->id || strcmp(t->id, q->table_id) != 0) && (!t->title || strcmp(t->title, q->table_id) != 0))
        return 0;
    if (q->row_name ? !f->row->name || strcmp(f->row->name, q->row_name) != 0 : f->row->name != NULL)
        return 0;
    if (strcmp(t->columns[f->column].path, q->column_path) != 0)
        return 0;
    if (!q->hits++)
        q->found = *f;
    return 0;
}

static fr_fact fact_at(fr_doc *d, const char *table, const char *row, const char *col)
{
    fact_find q = {table, row, col, {0}, 0};
    fr_doc_each_fact(d, find_fact, &q);
    CHECK(q.hits == 1, "one fact at %s / %s / %s, found %d", table, row ? row : "(no name)", col, q.hits);
    return q.found;
}

static bool str_is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static int count_fact(const fr_fact *f, void *data)
{
    (void)f;
    ++*(int *)data;
    return 0;
}

static void test_facts(const char *dir)
{
    char buf[48];
    int dec = 0;
    CHECK(strcmp(fr_decimal_format_shifted((fr_decimal){12345, 2}, 4, buf, sizeof buf, &dec), "1234500") == 0 && dec == -2,
          "123.45 万元 = %s yuan, decimals %d", buf, dec);
    CHECK(strcmp(fr_decimal_format_shifted((fr_decimal){12345, 2}, 0, buf, sizeof buf, &dec), "123.45") == 0 && dec == 2,
          "123.45 元: %s", buf);
    CHECK(strcmp(fr_decimal_format_shifted((fr_decimal){-5, 2}, 0, buf, sizeof buf, NULL), "-0.05") == 0, "-0.05: %s", buf);
    CHECK(strcmp(fr_decimal_format_shifted((fr_decimal){0, 2}, 4, buf, sizeof buf, NULL), "0") == 0, "0.00 万元: %s", buf);
    CHECK(strcmp(fr_decimal_format_shifted((fr_decimal){123456789, 9}, 4, buf, sizeof buf, &dec), "1234.56789") == 0 &&
              dec == 5,
          "a 9-digit scale shifted by 4: %s", buf);
    CHECK(strcmp(fr_decimal_format_shifted((fr_decimal){INT64_MIN, 0}, 4, buf, sizeof buf, NULL),
                 "-92233720368547758080000") == 0,
          "no overflow at INT64_MIN × 10^4: %s", buf);
    CHECK(strcmp(fr_name_unnumbered("一、一般公共服务支出"), "一般公共服务支出") == 0 &&
              strcmp(fr_name_unnumbered("（二）项目支出"), "项目支出") == 0 && strcmp(fr_name_unnumbered("3.办公费"), "办公费") == 0 &&
              strcmp(fr_name_unnumbered("2010301"), "2010301") == 0,
          "numbering stripped from row names");

    fr_doc *d = convert_in(dir, "jianghai-2024-budget.txt");
    CHECK(d != NULL, "jianghai converts");
    if (d) {
        int n = 0;
        fr_doc_each_fact(d, count_fact, &n);
        CHECK(n == 642, "jianghai: 642 facts (its non-empty amount cells), got %d", n);
        fr_fact f = fact_at(d, "表1", "一、一般公共服务支出", "支出 / 预算");
        CHECK(str_is(f.concept, "Expenditure") && str_is(f.function_code, "201") && f.direction == FR_DIR_EXPENDITURE &&
                  f.phase == FR_PHASE_APPROVED && f.unit_exponent == 4 && f.amount.units == 46870,
              "表1 一般公共服务支出: Expenditure F201 approved 468.70 万元 (%s %s)", f.concept, f.function_code);
        f = fact_at(d, "表2", "行政运行", "财政拨款收入 / 一般公共预算");
        CHECK(str_is(f.concept, "Income") && f.fund == FR_FUND_GENERAL_PUBLIC_BUDGET && str_is(f.function_code, "2010301") &&
                  f.direction == FR_DIR_REVENUE && f.exp_type == FR_EXP_NONE,
              "表2 行政运行 一般公共预算: Income, general public budget, F2010301 (%s)", f.concept);
        f = fact_at(d, "表2", "行政运行", "其他资金收入 / 事业收入");
        CHECK(str_is(f.concept, "BusinessIncome") && f.fund == FR_FUND_OTHER, "事业收入 column: BusinessIncome (%s)", f.concept);
        f = fact_at(d, "表3", "行政运行", "基本支出");
        CHECK(str_is(f.concept, "Expenditure") && f.exp_type == FR_EXP_BASIC, "表3 基本支出: Expenditure, basic (%s)", f.concept);
        f = fact_at(d, "表3", "行政运行", "结转下年");
        CHECK(str_is(f.concept, "CarryOverBalance") && f.period == FR_PERIOD_END, "结转下年: a balance at the year's end");
        f = fact_at(d, "表6", "基本工资", "预算");
        CHECK(str_is(f.economic_code, "30101") && !f.function_code && f.fund == FR_FUND_GENERAL_PUBLIC_BUDGET &&
                  f.exp_type == FR_EXP_BASIC,
              "表6 基本工资: E30101, general public budget, basic");
        fr_doc_free(d);
    }
    d = convert_in(dir, "hunan-dsc-2023-final.txt");
    CHECK(d != NULL, "hunan-final converts");
    if (d) {
        fr_fact f = fact_at(d, "公开09表", NULL, "预算数 / 公务接待费");
        CHECK(str_is(f.concept, "OfficialReceptionExpenses") && f.phase == FR_PHASE_APPROVED, "公开09表 预算数 / 公务接待费 (%s %d)",
              f.concept, f.phase);
        f = fact_at(d, "公开09表", NULL, "决算数 / 公务用车购置及运行维护费 / 公务用车运行维护费");
        CHECK(str_is(f.concept, "OfficialVehicleOperation") && f.phase == FR_PHASE_EXECUTED, "决算数 / 公务用车运行维护费 (%s)",
              f.concept);
        f = fact_at(d, "公开01表", "年初结转和结余", "收入 / 金额");
        CHECK(str_is(f.concept, "CarryOverBalance") && f.period == FR_PERIOD_START && f.direction == FR_DIR_REVENUE,
              "公开01表 年初结转和结余: a balance at the year's start (%s)", f.concept);
        f = fact_at(d, "公开01表", "一、一般公共预算财政拨款收入", "收入 / 金额");
        CHECK(str_is(f.concept, "Income") && f.fund == FR_FUND_GENERAL_PUBLIC_BUDGET && f.phase == FR_PHASE_EXECUTED,
              "公开01表 income side: Income, general public budget, executed");
        fr_doc_free(d);
    }
}

/* ---- every writer keeps its format whatever the IR's text holds ---- */

static char *write_to_memory(const fr_format *w, const fr_doc *d, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    fr_error err = {0};
    int rc = w->write(d, f, &err);
    fclose(f);
    CHECK(rc == FR_OK, "%s writes: %s", w->name, err.message);
    return buf;
}

/* ---- xbrl: amounts of a table with no unit anywhere are left out, and said so ---- */

static void test_xbrl_no_unit(void)
{
    fr_doc *d = fr_doc_new();
    d->meta.fiscal_year = 2024;
    for (int k = 0; k < 2; k++) {
        fr_table *t = fr_doc_add_table(d, (fr_prov){.page = 1, .line = 1 + k});
        fr_table_set_columns(d, t, 2);
        fr_table_set_column(d, t, 0, "科目名称", FR_COL_NAME, 0);
        fr_table_set_column(d, t, 1, "合计", FR_COL_DATA, 0);
        fr_table_finish_headers(d, t);
        if (k == 1) { /* the second table has its own unit line */
            t->unit = "元";
            t->unit_exponent = 0;
        }
        for (int i = 0; i < 2; i++) {
            fr_row *r = fr_table_add_row(d, t, 0, 1, (fr_prov){.page = 1, .line = 3 + i});
            r->name = i ? "乙" : "甲";
            r->cells[0].kind = FR_CELL_AMOUNT;
            r->cells[0].amount = (fr_decimal){100 + i, 2};
        }
    }
    size_t len = 0;
    char *out = write_to_memory(fr_registry_find("xbrl", FR_WRITER), d, &len);
    CHECK(out && strstr(out, "<!-- table T1: 2 amounts left out: no unit line in the table or the report -->") &&
              !strstr(out, "table T2:") && !strstr(out, "id=\"f1-") && strstr(out, "id=\"f2-2-2\""),
          "xbrl: table 1's two unit-less amounts left out with a comment, table 2's written");
    free(out);
    fr_doc_free(d);
}

/* no C0 control but tab, LF, CR; valid UTF-8 */
static bool clean_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return false;
    return g_utf8_validate(s, (gssize)len, NULL);
}

static void test_writers_hostile(void)
{
    /* an IR straight from a hostile reader: control bytes, invalid UTF-8, markup, a lone surrogate's UTF-8 */
    const char *bad = "<a>&amp; ]]> \"q\" a,b\001\002\033\x7f \xed\xa0\x80 \xff\xfe --> end";
    fr_doc *d = fr_doc_new();
    d->meta.title = bad;
    d->meta.department = bad;
    d->meta.fiscal_year = 2024;
    d->meta.kind = FR_KIND_BUDGET;
    d->meta.unit = "万元";
    d->meta.unit_exponent = 4;
    fr_doc_add_heading(d, 2, "一、", bad, (fr_prov){.page = 1, .line = 1});
    fr_doc_add_paragraph(d, bad, (fr_prov){.page = 1, .line = 2});
    fr_table *t = fr_doc_add_table(d, (fr_prov){.page = 1, .line = 3});
    t->id = bad;
    t->title = bad;
    t->unit = "万元";
    t->unit_exponent = 4;
    fr_table_set_columns(d, t, 3);
    fr_table_set_column(d, t, 0, bad, FR_COL_CODE, 0);
    fr_table_set_column(d, t, 1, bad, FR_COL_NAME, 0);
    fr_table_set_column(d, t, 2, bad, FR_COL_DATA, 0);
    fr_table_finish_headers(d, t);
    for (int i = 0; i < 2; i++) {
        fr_row *r = fr_table_add_row(d, t, 0, 1, (fr_prov){.page = 1, .line = 4 + i});
        r->name = bad;
        r->cells[0].kind = FR_CELL_AMOUNT;
        r->cells[0].amount = (fr_decimal){100 + i, 2};
        r->cells[0].text = bad;
    }
    fr_vec_push(d->arena, &t->notes, (void *)bad);
    fr_doc_diag(d, FR_SEV_WARNING, "x.y", (fr_prov){.page = 1, .line = 1}, bad, "%s", bad);
    fr_doc_set_prop(d, bad, bad);

    const char *xmls[] = {"xml", "xbrl"};
    for (int i = 0; i < 2; i++) {
        size_t len = 0;
        char *out = write_to_memory(fr_registry_find(xmls[i], FR_WRITER), d, &len);
        xmlDocPtr x = out ? xmlReadMemory(out, (int)len, "hostile.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
        CHECK(x != NULL && clean_text(out, len), "%s output of control bytes and invalid UTF-8 is well-formed XML", xmls[i]);
        xmlFreeDoc(x);
        free(out);
    }
    const char *texts[] = {"json", "md"};
    for (int i = 0; i < 2; i++) {
        size_t len = 0;
        char *out = write_to_memory(fr_registry_find(texts[i], FR_WRITER), d, &len);
        CHECK(out && clean_text(out, len), "%s output holds no raw control byte and is valid UTF-8", texts[i]);
        if (i == 1)
            CHECK(out && g_strstr_len(out, (gssize)len, "-->") == g_strrstr_len(out, (gssize)len, "-->") &&
                      strstr(out, "-->") && strstr(out, "-->")[3] == '\n',
                  "md: a title holding --> cannot end its comment early");
        free(out);
    }
    char *dir = g_dir_make_tmp("fiscus-unit-XXXXXX", NULL);
    char *pkg = g_build_filename(dir, "p.fdp", NULL);
    fr_error err = {0};
    CHECK(fr_write_to_path(fr_registry_find("fdp", FR_WRITER), d, pkg, &err) == FR_OK, "fdp writes: %s", err.message);
    const char *members[] = {"amounts.csv", "datapackage.json"};
    for (int i = 0; i < 2; i++) {
        char *p = g_build_filename(pkg, members[i], NULL), *text = NULL;
        gsize len = 0;
        CHECK(g_file_get_contents(p, &text, &len, NULL) && clean_text(text, len), "fdp %s: no raw control byte, valid UTF-8",
              members[i]);
        if (i == 0)
            CHECK(text && strstr(text, "\"<a>&amp; ]]> \"\"q\"\" a,b"), "a CSV field with quotes and commas is quoted");
        g_free(text);
        g_unlink(p);
        g_free(p);
    }
    g_rmdir(pkg);
    g_rmdir(dir);
    g_free(pkg);
    g_free(dir);
    fr_doc_free(d);
}

static void test_plugin(const char *so)
{
    fr_error err = {0};
    int n = fr_registry_load_file(so, &err);
    CHECK(n == 1 && fr_registry_find("csv", FR_WRITER), "external plugin loaded (%d): %s", n, err.message);
    n = fr_registry_load_file("/nonexistent/x.so", &err);
    CHECK(n < 0 && strstr(err.message, "cannot load"), "missing plugin refused: %s", err.message);
}

/* The PDF reader: exact IR of a real published report (putuo-finance: codes in
 * 类/款/项 columns, blank cells, a multi-level header, a table over two pages). */
static void test_pdf_ir(const char *dir)
{
    int score = 0;
    const fr_format *r = fr_detect_reader("x.bin", (const unsigned char *)"%PDF-1.7\n", 9, &score);
    CHECK(r && strcmp(r->name, "pdf") == 0 && score == 100, "pdf probed by its header (score %d)", score);
    r = fr_detect_reader("x.bin", (const unsigned char *)"\n\n%PDF-1.4\n", 11, &score);
    CHECK(r && strcmp(r->name, "pdf") == 0 && score == 80, "pdf header after junk (score %d)", score);

    fr_doc *d = convert_in(dir, "real", "putuo-finance-2024-final.pdf");
    CHECK(d != NULL, "putuo-finance.pdf converts");
    if (!d)
        return;
    CHECK(d->meta.fiscal_year == 2024 && d->meta.kind == FR_KIND_FINAL_ACCOUNTS && d->meta.unit &&
              strcmp(d->meta.unit, "万元") == 0 && d->meta.page_count == 25,
          "putuo-finance meta: %d %d %s %d", d->meta.fiscal_year, d->meta.kind, d->meta.unit, d->meta.page_count);
    fr_table *t = find_table(d, NULL, "支出决算表");
    CHECK(t && t->ncolumns == 10 && t->rows.len == 20, "支出决算表: %d columns, %zu rows", t ? t->ncolumns : -1,
          t ? t->rows.len : 0);
    if (t && t->ncolumns == 10) {
        const char *paths[] = {"项目 / 支出功能分类科目编码 / 类", "项目 / 支出功能分类科目编码 / 款", "项目 / 支出功能分类科目编码 / 项",
                               "项目 / 科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                               "对附属单位补助支出"};
        bool same = true;
        for (int c = 0; c < 10; c++)
            same = same && t->columns[c].path && strcmp(t->columns[c].path, paths[c]) == 0;
        CHECK(same, "支出决算表 header tree: %s … %s", t->columns[0].path, t->columns[9].path);
        CHECK(t->columns[0].role == FR_COL_CODE && t->columns[2].role == FR_COL_CODE && t->columns[3].role == FR_COL_NAME &&
                  t->columns[4].role == FR_COL_DATA,
              "类/款/项 are code columns, 科目名称 the name");
        CHECK(t->npages == 2, "支出决算表 runs over two pages (%d)", t->npages);
        fr_row *row = find_row(t, "2010602", NULL);
        CHECK(row && strcmp(row->name, "一般行政管理事务") == 0 && row->ncells == 6 && amount_is(row, 0, 1000, 2) &&
                  row->cells[1].kind == FR_CELL_EMPTY && amount_is(row, 2, 1000, 2) && row->cells[3].kind == FR_CELL_EMPTY,
              "2010602: 10.00, blank, 10.00, blank… (blank is empty, not 0)");
        row = find_row(t, "2080505", NULL);
        CHECK(row && strcmp(row->name, "机关事业单位基本养老保险缴费支出") == 0 && amount_is(row, 0, 16075, 2),
              "a name wrapped over two lines is one cell: %s", row ? row->name : "(none)");
    }
    t = find_table(d, NULL, "一般公共预算财政拨款基本支出决算表");
    CHECK(t && t->layout == FR_TABLE_GROUPED && t->npanels == 2, "基本支出决算表: two panels of code, name, amount");
    fr_row *row = t ? find_row(t, "302", NULL) : NULL;
    CHECK(row && row->panel == 1 && amount_is(row, 0, 17107, 2), "302 as published: 171.07");
    fr_doc_free(d);

    /* 元 tables in a report whose 三公 table is in 万元 */
    d = convert_in(dir, "real", "putuo-commerce-2025-budget.pdf");
    CHECK(d != NULL, "putuo-commerce.pdf converts");
    if (!d)
        return;
    t = find_table(d, NULL, "2025年部门收入预算总表");
    row = t ? find_row(t, "2011301", NULL) : NULL;
    CHECK(t && t->unit && strcmp(t->unit, "元") == 0 && t->unit_exponent == 0 && row && amount_is(row, 0, 938991300, 2),
          "收入预算总表 in 元: 2011301 = 9,389,913.00");
    t = find_table(d, NULL, "2025年部门“三公”经费和机关运行经费预算表");
    CHECK(t && t->unit && strcmp(t->unit, "万元") == 0 && t->unit_exponent == 4, "三公 table keeps its own 万元");
    t = find_table(d, NULL, "2025年部门财务收支预算总表");
    CHECK(t && t->npanels == 2, "收支预算总表: income and expenditure side by side (%d panels)", t ? t->npanels : 0);
    fr_doc_free(d);

    /* a tables-only file: department from its 部门名称 box, kind from its 预算NN表 ids,
     * year from its tables' text; 预算11表 runs from p. 17 to p. 31 past tall blank
     * cells and cell text run into the next page's margin */
    d = convert_in(dir, "published", "beijing-police-2026-budget-tables.pdf");
    CHECK(d != NULL, "beijing-police.pdf converts");
    if (!d)
        return;
    CHECK(d->meta.department && strcmp(d->meta.department, "北京市公安局") == 0 && d->meta.fiscal_year == 2026 &&
              d->meta.kind == FR_KIND_BUDGET,
          "北京市公安局 2026 budget from a tables-only file (%s %d %d)", d->meta.department ? d->meta.department : "-",
          d->meta.fiscal_year, d->meta.kind);
    t = find_table(d, "预算11表", NULL);
    row = t ? find_row(t, NULL, "公安信息网络购建") : NULL;
    CHECK(t && t->npages == 15 && t->pages[t->npages - 1] == 31 && row && amount_is(row, 0, 15273836207, 6),
          "预算11表 over pp. 17-31 (%d pages), 公安信息网络购建 15,273.836207", t ? t->npages : 0);
    fr_doc_free(d);

    /* a form: title wrapped over two lines, 项目名称 and its project, the amounts in boxes */
    d = convert_in(dir, "published", "fuzhou-medical-security-2026-budget.pdf");
    CHECK(d != NULL, "fuzhou.pdf converts");
    if (!d)
        return;
    t = find_table(d, NULL, "2026年医疗服务与保障能力提升补助资金项目绩效目标表");
    bool named = false, total = false;
    for (size_t k = 0; t && k < t->rows.len; k++) {
        fr_row *r = fr_table_row(t, k);
        named = named || (r->name && strcmp(r->name, "项目名称") == 0 && r->ncells && r->cells[0].text &&
                          g_str_has_prefix(r->cells[0].text, "2026年医疗服务"));
        for (int c = 0; c < r->ncells; c++)
            total = total || amount_is(r, c, 74500, 2);
    }
    CHECK(t && named && total, "福州 form: 项目名称 beside its project, 资金总额 745.00");
    fr_doc_free(d);

    /* units: 元 tables and 万元 绩效 forms in one report; a form without a unit line takes
     * the 万元 its cells print (资金金额(万元)); the report's unit is its coded tables' */
    d = convert_in(dir, "published", "xian-finance-2026-budget.pdf");
    CHECK(d != NULL, "xian.pdf converts");
    if (!d)
        return;
    t = find_table(d, "表5", NULL);
    fr_table *form = find_table(d, "表14-1", NULL);
    CHECK(d->meta.unit && strcmp(d->meta.unit, "元") == 0 && t && t->unit && strcmp(t->unit, "元") == 0 && form &&
              form->unit && strcmp(form->unit, "万元") == 0 && form->unit_exponent == 4,
          "西安: report and 表5 in 元, the 表14-1 form in 万元 (%s / %s)", form && form->unit ? form->unit : "-",
          d->meta.unit ? d->meta.unit : "-");
    fr_doc_free(d);

    /* names without codes, levels by indentation, codes inferred from the lists and marked;
     * amounts wrapped in a narrow cell rejoined (370,219.2 over 5) */
    d = convert_in(dir, "published", "hangzhou-police-2026-budget.pdf");
    CHECK(d != NULL, "hangzhou.pdf converts");
    if (!d)
        return;
    t = find_table(d, "表5", NULL);
    row = t ? find_row(t, "2040201", NULL) : NULL;
    fr_row *sum = t ? find_row(t, NULL, "合计") : NULL;
    fr_row *cls = t ? find_row(t, "204", NULL) : NULL;
    CHECK(row && row->code_inferred && row->level == 3 && strcmp(row->name, "行政运行") == 0 && cls &&
              cls->code_inferred && cls->level == 1 && sum && !sum->code && amount_is(sum, 0, 37021925, 2),
          "杭州 表5: 204 / 2040201 行政运行 inferred at levels 1 and 3; 合计 370,219.25");
    fr_doc_free(d);

    /* a ruled header: each heading over the columns its cell spans, wrapped headings one
     * (深圳 表2: 本年收入 over nine columns, 财政拨款 over three, 一般公共预算 / 拨款 one cell) */
    d = convert_in(dir, "published", "shenzhen-civil-affairs-2026-budget.pdf");
    CHECK(d != NULL, "shenzhen.pdf converts");
    if (!d)
        return;
    t = find_table(d, "表2", NULL);
    bool tree = t && t->ncolumns == 12 && strcmp(t->columns[2].path, "本年收入 / 财政拨款 / 一般公共预算拨款") == 0 &&
                strcmp(t->columns[10].path, "本年收入 / 单位资金 / 其他收入") == 0 &&
                strcmp(t->columns[11].path, "上年结余、结转") == 0;
    CHECK(tree, "深圳 表2 header tree as printed (%s)", t && t->ncolumns > 2 ? t->columns[2].path : "-");
    fr_doc_free(d);

    /* the cover's title ends before the date under it (国家信访局: 二〇二六年三月) */
    d = convert_in(dir, "published", "national-petition-2026-budget.pdf");
    CHECK(d != NULL, "national-petition.pdf converts");
    if (!d)
        return;
    CHECK(d->meta.title && strcmp(d->meta.title, "国家信访局2026年度部门预算") == 0, "国家信访局 title: %s",
          d->meta.title ? d->meta.title : "-");
    fr_doc_free(d);

    /* the PDF's own title, GBK bytes in hex, gives the year and kind */
    d = convert_in(dir, "real", "jiangsu-party-office-2019-budget-tables.pdf");
    CHECK(d != NULL, "jiangsu-party.pdf converts");
    if (!d)
        return;
    CHECK(d->meta.title && strcmp(d->meta.title, "江苏省委办公厅2019年度部门预算公开表格") == 0 &&
              d->meta.fiscal_year == 2019 && d->meta.kind == FR_KIND_BUDGET,
          "Info title <BDAD…> decoded: %s", d->meta.title ? d->meta.title : "-");
    fr_doc_free(d);
}

/* The DOCX reader: probe scores, Chinese counting numbers, and the exact IR of
 * the merged-cell tables of hunan-final. */
static void test_docx_ir(const char *dir)
{
    static const struct { unsigned n; const char *s; } cn[] = {
        {1, "一"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {21, "二十一"}, {99, "九十九"},
        {100, "一百"}, {101, "一百零一"}, {110, "一百一十"}, {1005, "一千零五"}, {1010, "一千零一十"}};
    for (size_t k = 0; k < G_N_ELEMENTS(cn); k++) {
        GString *g = g_string_new(NULL);
        docx_cn_number(cn[k].n, g);
        CHECK(strcmp(g->str, cn[k].s) == 0, "chineseCounting %u → %s, want %s", cn[k].n, g->str, cn[k].s);
        g_string_free(g, TRUE);
    }
    char *path = g_build_filename(dir, "hunan-dsc-2023-final.docx", NULL);
    unsigned char *data = NULL;
    size_t len = 0;
    fr_error err = {0};
    int score = 0;
    if (fr_read_file(path, &data, &len, &err) == FR_OK) {
        const fr_format *r = fr_detect_reader("x.bin", data, len < 65536 ? len : 65536, &score);
        CHECK(r && strcmp(r->name, "docx") == 0 && score == 100, "docx probed by [Content_Types].xml (score %d)", score);
        g_free(data);
    }
    /* a zip holding one stored "hello.txt": a zip, not known to be Word */
    static const unsigned char plain_zip[] = "PK\3\4\n\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0\5\0\0\0\11\0\0\0hello.txthello";
    const fr_format *r = fr_detect_reader("x.bin", plain_zip, sizeof plain_zip - 1, &score);
    CHECK(r && strcmp(r->name, "docx") == 0 && score == 10, "a plain zip probes low as docx (score %d)", score);

    fr_doc *d = convert(path);
    g_free(path);
    CHECK(d != NULL && d->meta.format && strcmp(d->meta.format, "docx") == 0, "hunan-final.docx converts");
    if (!d)
        return;
    /* 公开09表: 项目 merged down three rows, 预算数/决算数 over six columns,
     * 公务用车购置及运行维护费 over three */
    fr_table *t = find_table(d, "公开09表", NULL);
    CHECK(t && t->ncolumns == 13 && t->rows.len == 1, "公开09表: %d columns, %zu rows", t ? t->ncolumns : -1,
          t ? t->rows.len : 0);
    if (t && t->ncolumns == 13) {
        CHECK(strcmp(t->columns[0].path, "项目") == 0 && t->columns[0].role == FR_COL_NAME, "公开09表 col 0: %s",
              t->columns[0].path);
        CHECK(strcmp(t->columns[4].path, "预算数 / 公务用车购置及运行维护费 / 公务用车购置费") == 0, "col 4: %s",
              t->columns[4].path);
        CHECK(strcmp(t->columns[12].path, "决算数 / 公务接待费") == 0, "col 12: %s", t->columns[12].path);
        const fr_row *row = fr_table_row(t, 0);
        char buf[32];
        CHECK(row->ncells == 12 && row->cells[11].kind == FR_CELL_AMOUNT &&
                  strcmp(fr_decimal_format(row->cells[11].amount, buf, sizeof buf), "0.92") == 0,
              "公开09表 决算 公务接待费 = 0.92");
    }
    /* 公开07表: a header of two rows (vMerge) and no body */
    t = find_table(d, "公开07表", NULL);
    CHECK(t && t->ncolumns == 7 && t->rows.len == 0 && strcmp(t->columns[3].path, "本年支出 / 小计") == 0,
          "公开07表: header only, %d columns", t ? t->ncolumns : -1);
    /* 公开01表: an overview, 收入 and 支出 side by side */
    t = find_table(d, "公开01表", NULL);
    CHECK(t && t->layout == FR_TABLE_OVERVIEW && t->npanels == 2 && t->rows.len == 22, "公开01表 overview: %zu rows",
          t ? t->rows.len : 0);
    fr_doc_free(d);
}

#include "unit_check.c"

/* FR_CONVERT_NO_AUDIT: the same IR without the audit's findings and notes */
static void test_no_audit(const char *dir)
{
    char *path = g_build_filename(dir, "hunan-dsc-2023-final.txt", NULL);
    unsigned char *data = NULL;
    size_t len = 0;
    fr_error err = {0};
    if (fr_read_file(path, &data, &len, &err) != FR_OK) {
        CHECK(false, "%s", err.message);
        g_free(path);
        return;
    }
    fr_input in = {path, data, len};
    const fr_format *txt = fr_registry_find("txt", FR_READER), *json = fr_registry_find("json", FR_WRITER);
    fr_doc *full = NULL, *bare = NULL;
    CHECK(fr_convert(txt, &in, 0, &full, &err) == FR_OK && fr_convert(txt, &in, FR_CONVERT_NO_AUDIT, &bare, &err) == FR_OK,
          "converted with and without the audit");
    if (full && bare) {
        CHECK(full->findings.len == 14 && bare->findings.len == 0, "findings: %zu with the audit, %zu without",
              full->findings.len, bare->findings.len);
        /* the rest of the IR is the same: the JSON differs only by the findings */
        char *a = NULL, *b = NULL;
        size_t an = 0, bn = 0;
        FILE *fa = open_memstream(&a, &an), *fb = open_memstream(&b, &bn);
        json->write(full, fa, &err);
        json->write(bare, fb, &err);
        fclose(fa);
        fclose(fb);
        char *fa_at = strstr(a, "\"findings\""), *fb_at = strstr(b, "\"findings\"");
        CHECK(fa_at && fb_at && fa_at - a == fb_at - b && memcmp(a, b, (size_t)(fa_at - a)) == 0 &&
                  strncmp(fb_at, "\"findings\":[]", strlen("\"findings\":[]")) == 0,
              "without the audit the JSON is the same up to an empty findings list");
        free(a);
        free(b);
    }
    fr_doc_free(full);
    fr_doc_free(bare);
    g_free(data);
    g_free(path);
}

int main(int argc, char **argv)
{
    test_arena_marks();
    test_decimal();
    test_codes();
    test_code_lists();
    test_text();
    test_registry();
    test_writers_hostile();
    test_xbrl_no_unit();
    test_check();
    test_meta_year_kind();
    test_meta_department();
    test_txt_numbered();
    test_table_ids();
    test_cover_title();
    if (argc > 1) {
        test_facts(argv[1]);
        test_corpus_ir(argv[1]);
        test_pdf_ir(argv[1]);
        test_docx_ir(argv[1]);
        test_no_audit(argv[1]);
    }
    if (argc > 2)
        test_plugin(argv[2]);
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
