# fiscus — build, test, demo, install.
#   make            libfiscus.a and the fiscus program (in build/, ./fiscus links to it)
#   make check      install missing packages, build, run every test (also under ASan/UBSan)
#   make demo       install missing packages, build, convert a bundled report into out/
#   make install PREFIX=/usr/local DESTDIR=

MAKEFLAGS += --no-print-directory
CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := glib-2.0 gmodule-2.0 libxml-2.0 libzip zlib
# Poppler is linked into the PDF engine module only (see plugins/pdf/pdf_loader.c)
PDF_PKGS := poppler-glib
CFLAGS  ?= -O2 -g
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -fPIC
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(PDF_PKGS) 2>/dev/null)
# --as-needed: libraries the code does not call (yet) are not loaded at start
PKG_LIBS   := -Wl,--as-needed $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
PDF_LIBS   := $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null)
# Tesseract is linked into the OCR module only, built where its package is installed
# (libtesseract-dev; language data tesseract-ocr-chi-sim): see plugins/ocr/
OCR_PKGS   := tesseract
HAVE_OCR   := $(shell pkg-config --exists $(OCR_PKGS) 2>/dev/null && echo yes)
OCR_CFLAGS := $(shell pkg-config --cflags $(OCR_PKGS) 2>/dev/null)
OCR_LIBS   := $(shell pkg-config --libs $(OCR_PKGS) 2>/dev/null)
B       ?= build

CORE_SRC    := $(wildcard core/*.c)
BUILTIN_SRC := plugins/layout/layout_blocks.c plugins/layout/layout_table.c plugins/layout/layout_grid.c plugins/txt/txt_reader.c \
               plugins/pdf/pdf_loader.c \
               plugins/docx/docx_reader.c plugins/docx/docx_zip.c plugins/docx/docx_styles.c plugins/docx/docx_body.c plugins/docx/docx_table.c \
               plugins/json/json_writer.c plugins/md/md_writer.c plugins/xml/xml_writer.c plugins/xml/xml_out.c \
               plugins/xbrl/xbrl_writer.c plugins/fdp/fdp_writer.c
PDF_ENGINE_SRC := plugins/pdf/pdf_reader.c plugins/pdf/pdf_fetch.c plugins/pdf/pdf_page.c plugins/pdf/pdf_table.c \
                  plugins/pdf/pdf_rules.c plugins/pdf/pdf_ocr.c
PDF_ENGINE  := $(B)/modules/fiscus-pdf.so
OCR_ENGINE  := $(if $(HAVE_OCR),$(B)/modules/fiscus-ocr.so)
GEN_OBJ     := $(B)/gen/header_terms.o $(B)/gen/function_codes.o $(B)/gen/economic_codes.o $(B)/gen/gov_economic_codes.o $(B)/gen/fdp_fields.o
LIB_OBJ     := $(patsubst %.c,$(B)/%.o,$(CORE_SRC) $(BUILTIN_SRC)) $(GEN_OBJ)
EXT_PLUGINS := $(B)/plugins/fiscus-csv.so

.PHONY: all check demo install clean deps bench test-asan test-valgrind taxonomy fuzz fuzzers FORCE
# ./fiscus points at the default build, never at the sanitizer one
all: $(B)/libfiscus.a $(B)/fiscus $(PDF_ENGINE) $(OCR_ENGINE) $(if $(filter build,$(B)),fiscus) $(EXT_PLUGINS) $(B)/unit

# -MMD: each object also depends on the headers it includes (build/**/*.d)
$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Data files are compiled in as C strings, so an installed fiscus needs no data files:
# formats/header-terms.txt, the code lists formats/codes/*.tsv, the FDP field list
define embed_text
	@mkdir -p $(dir $@)
	{ echo '/* generated from $< */'; echo 'const char $(1)[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; echo ';'; } > $@
endef
$(B)/gen/header_terms.c: formats/header-terms.txt
	$(call embed_text,fr_header_terms_text)
$(B)/gen/function_codes.c: formats/codes/function.tsv
	$(call embed_text,fr_function_codes_text)
$(B)/gen/economic_codes.c: formats/codes/economic.tsv
	$(call embed_text,fr_economic_codes_text)
$(B)/gen/gov_economic_codes.c: formats/codes/gov_economic.tsv
	$(call embed_text,fr_gov_economic_codes_text)
$(B)/gen/fdp_fields.c: formats/fdp-fields.tsv
	$(call embed_text,fr_fdp_fields_text)
$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CFLAGS) -c $< -o $@

# made afresh: ar would keep members whose sources left the list
$(B)/libfiscus.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/tools/fiscus.o: override CFLAGS += -DFISCUS_PLUGIN_DIR='"$(PREFIX)/lib/fiscus/plugins"'
$(B)/core/module.o: override CFLAGS += -DFISCUS_MODULE_DIR='"$(PREFIX)/lib/fiscus"'
# those two embed PREFIX: rebuilt when it differs from the last build's (make install PREFIX=…
# after a plain make would otherwise install a program that looks in the old place)
$(B)/tools/fiscus.o $(B)/core/module.o: $(B)/prefix.stamp
$(B)/prefix.stamp: FORCE
	@mkdir -p $(dir $@); echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
FORCE:

# The PDF engine: Poppler and the code that uses it, opened when a PDF is read
$(PDF_ENGINE): $(patsubst %.c,$(B)/%.o,$(PDF_ENGINE_SRC)) $(B)/libfiscus.a plugins/pdf/engine.map
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -Wl,-Bsymbolic -Wl,--version-script=plugins/pdf/engine.map $(filter-out %.map,$^) \
	    $(PDF_LIBS) $(PKG_LIBS) -o $@

# The OCR engine: Tesseract, opened by the PDF engine when a page has no text layer
$(B)/plugins/ocr/ocr_tess.o: override CFLAGS += $(OCR_CFLAGS)
$(B)/modules/fiscus-ocr.so: $(B)/plugins/ocr/ocr_tess.o plugins/ocr/engine.map
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -Wl,--version-script=plugins/ocr/engine.map $(filter-out %.map,$^) \
	    $(OCR_LIBS) $(PKG_LIBS) -o $@

$(B)/fiscus: $(B)/tools/fiscus.o $(B)/tools/check_cmd.o $(B)/tools/inputs.o $(B)/tools/batch.o $(B)/libfiscus.a
	$(CC) $(CFLAGS) -rdynamic $^ $(PKG_LIBS) -o $@

fiscus: $(B)/fiscus
	ln -sf $(B)/fiscus fiscus

# An external plugin: built as a .so, loaded with --plugin-dir / FISCUS_PLUGIN_PATH
$(B)/plugins/fiscus-%.so: plugins/%/*.c core/fiscus.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -shared $(filter %.c,$^) -o $@

$(B)/unit: tests/unit.c tests/unit_check.c $(B)/libfiscus.a
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -rdynamic $(filter-out %unit_check.c,$^) $(PKG_LIBS) -o $@

deps:
	@sh tools/install-deps.sh

check: deps
	$(MAKE) all
	sh tests/run.sh $(B)
	$(MAKE) test-asan
	$(MAKE) test-valgrind

# the whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer. Leaks are
# test-valgrind's to find: LeakSanitizer stops the threads with ptrace at exit, which a
# container may refuse now and then, ending a correct run with "LeakSanitizer has encountered
# a fatal error" (CI, foshan, once in 600 runs); memcheck runs the same suite without ptrace
test-asan:
	$(MAKE) B=build-asan CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" all
	FISCUS_SANITIZED=1 ASAN_OPTIONS=detect_leaks=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh build-asan

# the whole suite again with every fiscus run under valgrind's memcheck (no error, no leak)
test-valgrind: all
	VALGRIND=1 sh tests/run.sh $(B)

# libFuzzer harnesses (tests/fuzz/) for the txt, pdf and docx readers and the probes, with
# ASan and UBSan, each run FUZZ_SECONDS, seeded with the corpus; fails on a finding (tools/fuzz.sh)
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZERS := txt pdf docx docxml probe
fuzz: deps
	$(MAKE) B=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" fuzzers
	sh tools/fuzz.sh build-fuzz $(FUZZ_SECONDS)

fuzzers: $(B)/libfiscus.a $(PDF_ENGINE) $(patsubst %,$(B)/fuzz_%,$(FUZZERS))

$(B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_reader.h $(B)/libfiscus.a
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) $< $(B)/libfiscus.a $(PKG_LIBS) -o $@

# fiscus against pdftotext -layout on the corpus PDFs (median of 5 rounds; writes build/bench.txt)
bench: deps
	$(MAKE) all
	sh tools/bench.sh $(B) 5

# the XBRL taxonomy's function and economic members, from the code lists (run after editing formats/codes/)
taxonomy:
	sh tools/gen-members.sh > formats/xbrl/fr-members.xsd.tmp && mv formats/xbrl/fr-members.xsd.tmp formats/xbrl/fr-members.xsd

demo: deps
	$(MAKE) all
	sh tools/demo.sh $(B)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	           $(DESTDIR)$(PREFIX)/lib/fiscus/plugins $(DESTDIR)$(PREFIX)/share/fiscus
	install -m 755 $(B)/fiscus $(DESTDIR)$(PREFIX)/bin/fiscus
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 tools/fiscus.1 $(DESTDIR)$(PREFIX)/share/man/man1/fiscus.1
	install -m 644 core/fiscus.h $(DESTDIR)$(PREFIX)/include/fiscus.h
	install -m 644 $(B)/libfiscus.a $(DESTDIR)$(PREFIX)/lib/libfiscus.a
	install -m 755 $(EXT_PLUGINS) $(DESTDIR)$(PREFIX)/lib/fiscus/plugins/
	install -m 755 $(PDF_ENGINE) $(OCR_ENGINE) $(DESTDIR)$(PREFIX)/lib/fiscus/
	install -m 644 formats/*.json formats/*.txt formats/*.tsv formats/*.xsd $(DESTDIR)$(PREFIX)/share/fiscus/
	cp -R formats/codes formats/xbrl $(DESTDIR)$(PREFIX)/share/fiscus/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/.*FISCUS_VERSION "\(.*\)"/\1/p' core/fiscus.h)|' \
	    tools/fiscus.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/fiscus.pc

clean:
	rm -rf build build-asan build-fuzz out fiscus
