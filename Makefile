# newsfold - one non-recursive GNU Makefile.
#
#   make                 debug build of the library and the CLI (build/debug/)
#   make BUILD=release   optimised build (build/release/)
#   make check           unit, golden and CLI tests; last line "N passed, N failed"
#   make asan / tsan     the tests under ASan+UBSan / ThreadSanitizer
#   make help            every target
.DEFAULT_GOAL := all
SHELL := /bin/bash

# make install builds and installs the release build unless BUILD is given on the command line
ifneq ($(filter install,$(MAKECMDGOALS)),)
ifneq ($(origin BUILD),command line)
BUILD := release
endif
endif
BUILD ?= debug
PREFIX ?= /usr/local
DESTDIR ?=
WERROR ?= 0

V_MAJOR := 0
V_FULL := 0.1.0

CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif

PKGS := json-c libutf8proc libxxhash zlib libzstd sqlite3 libxml-2.0 libbrotlidec libexttextcat icu-uc
DEPS_STAMP := build/.deps-ok

WARN := -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wwrite-strings -Wformat=2 -Wvla -Wundef -fno-common
ifeq ($(WERROR),1)
WARN += -Werror
endif

ifeq ($(BUILD),release)
OPT := -O2 -DNDEBUG
else ifeq ($(BUILD),asan)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN := -fsanitize=address,undefined
else ifeq ($(BUILD),tsan)
OPT := -O1 -g -fsanitize=thread
LDSAN := -fsanitize=thread
else
OPT := -O1 -g
endif

O := build/$(BUILD)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer
CPPFLAGS += -D_GNU_SOURCE -Iinclude
# where libexttextcat's language fingerprints are (Debian: /usr/share/libexttextcat)
CPPFLAGS += -DNF_TEXTCAT_DIR='"$(shell pkg-config --variable=pkgdatadir libexttextcat 2>/dev/null)"'
CFLAGS_ALL = $(WARN) $(OPT) $(PKG_CFLAGS) -fPIC -fvisibility=hidden -pthread $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm $(LDSAN) $(LDFLAGS)

LIB_SRC := $(sort $(wildcard lib/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o) $(O)/gen/report_assets.o $(O)/gen/report_page.o
CLI_SRC := $(sort $(wildcard cli/*.c))
CLI_OBJ := $(CLI_SRC:%.c=$(O)/%.o) $(O)/gen/help.o
HELP_TXT := $(sort $(wildcard cli/help/*.txt))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(O)/fuzz/%)
EXAMPLES := $(patsubst examples/%.c,$(O)/examples/%,$(wildcard examples/*.c))

STATIC := $(O)/libnewsfold.a
SHARED := $(O)/libnewsfold.so.$(V_FULL)
SONAME := libnewsfold.so.$(V_MAJOR)
CLI := $(O)/newsfold
GEN := $(O)/nf-gen
FLOOR := $(O)/nf-floor

.PHONY: all deps lib cli testbin check mutants examples unit golden clitest asan tsan fault fuzz fuzz-replay bench bench-reuse bench-store bench-stories quality demo \
	install uninstall format format-check clean help

all: $(CLI) $(STATIC) $(SHARED) $(O)/newsfold.pc

## deps: install missing Debian packages (scripts/install-deps)
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps
	@sh scripts/install-deps
	@mkdir -p build && touch $@

$(O)/%.o: %.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The report's page, style and script are files, embedded at build time (the style and script
# with their CSP hashes; the page byte for byte, its {{markers}} filled by lib/write/report.c).
$(O)/embed: scripts/embed.c lib/base/sha256.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -o $@ scripts/embed.c lib/base/sha256.c
$(O)/gen/report_assets.c: $(O)/embed lib/write/report.css lib/write/report.js
	@mkdir -p $(dir $@)
	$(O)/embed $@ nf_report_css=lib/write/report.css nf_report_js=lib/write/report.js
$(O)/gen/report_page.c: $(O)/embed lib/write/report.html
	@mkdir -p $(dir $@)
	$(O)/embed -k $@ nf_report_html=lib/write/report.html
$(O)/gen/report_%.o: $(O)/gen/report_%.c
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c $< -o $@
# The commands' help texts are files too (cli/help/NAME.txt -> cli_help_NAME), kept byte for byte.
$(O)/gen/help.c: $(O)/embed $(HELP_TXT)
	@mkdir -p $(dir $@)
	$(O)/embed -k $@ $(foreach f,$(HELP_TXT),cli_help_$(basename $(notdir $(f)))=$(f))
$(O)/gen/help.o: $(O)/gen/help.c
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -o $@ $^ $(LDLIBS_ALL)
	ln -sf libnewsfold.so.$(V_FULL) $(O)/$(SONAME)
	ln -sf $(SONAME) $(O)/libnewsfold.so

lib: $(STATIC) $(SHARED)

$(CLI): $(CLI_OBJ) $(STATIC)
	$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(STATIC) $(LDLIBS_ALL)
cli: $(CLI)

$(GEN): bench/gen.c bench/gen-news.h $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -o $@ $< $(LDLIBS_ALL)

$(FLOOR): bench/floor.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -o $@ $< $(LDLIBS_ALL)

$(O)/newsfold.pc: Makefile
	@mkdir -p $(O)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: newsfold' 'Description: news articles into stories: cleaning, copies, stories' \
	  'Version: $(V_FULL)' 'Requires.private: $(PKGS)' 'Libs: -L$${libdir} -lnewsfold' \
	  'Libs.private: -lstemmer -lpthread -lm' 'Cflags: -I$${includedir}' > $@

# --- tests --------------------------------------------------------------------------------
# Unit tests are white-box: they may include lib/ headers and link the static library.
$(O)/tests/%: tests/unit/%.c tests/unit/harness.h $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Ilib $(CFLAGS_ALL) -o $@ $< $(STATIC) $(LDLIBS_ALL)

# The fuzz targets use only the public header. With gcc they link a replay main().
$(O)/fuzz/%: fuzz/%.c fuzz/replay.c $(wildcard fuzz/*.h) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -o $@ $< fuzz/replay.c $(STATIC) $(LDLIBS_ALL)

## testbin: build what the tests run (without running them)
testbin: $(CLI) $(UNIT_BIN) $(FUZZ_BIN) $(GEN) $(EXAMPLES)

## check: all tests; ends with one "N passed, N failed" line (SUITES=REGEX: some of them)
check: testbin
	@O=$(O) SHARED_DIR=$(abspath ../shared) tests/run-all.sh

## examples: build the programs in examples/ against the library (only the public header)
examples: $(EXAMPLES)
$(O)/examples/%: examples/%.c include/newsfold.h $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -o $@ $< $(STATIC) $(LDLIBS_ALL)

## mutants: reintroduce the defects the suite once missed, one at a time; each must turn it red
mutants:
	@tests/mutants.sh

## asan: build with ASan+UBSan and run every test
asan:
	@$(MAKE) --no-print-directory BUILD=asan check

## fault: every allocation of the seed runs failing in turn, under ASan+UBSan (newsfold-fault:
## the CLI linked with tests/fault/wrap.c through -Wl,--wrap; tests/fault/alloc.sh, POINTS=all)
WRAPPED := malloc calloc realloc posix_memalign aligned_alloc strdup strndup
$(O)/newsfold-fault: $(CLI_OBJ) $(STATIC) tests/fault/wrap.c
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) tests/fault/wrap.c $(STATIC) $(LDLIBS_ALL) \
	    $(foreach f,$(WRAPPED),-Wl,--wrap=$(f))
fault:
	@$(MAKE) --no-print-directory BUILD=asan build/asan/newsfold-fault
	@NF=$(abspath build/asan/newsfold-fault) NF_WRAPPED=1 POINTS=all \
	    SHARED_DIR=$(abspath ../shared) bash tests/fault/alloc.sh

## tsan: build with ThreadSanitizer and run every test
tsan:
	@$(MAKE) --no-print-directory BUILD=tsan check

## fuzz-replay: replay fuzz/corpus through every fuzz target
fuzz-replay: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); $$f fuzz/corpus/$${n#fuzz_} || exit 1; done

## fuzz: build libFuzzer targets with clang (build/fuzz/) and run each for FUZZ_SECONDS
FUZZ_SECONDS ?= 60
fuzz: $(DEPS_STAMP)
	@bench/../fuzz/run-libfuzzer.sh $(FUZZ_SECONDS)

## bench: the hashing floor, then throughput (and its ratio to the floor) and peak memory of
## newsfold clean, dedup, reuse and stories (generated corpus), then reuse at scale in a fixed
## budget (bench-reuse) and the store (bench-store)
BENCH_DOCS ?= 100000
bench:
	@$(MAKE) --no-print-directory BUILD=release all build/release/nf-gen build/release/nf-floor
	@BENCH_DOCS=$(BENCH_DOCS) bench/run.sh build/release
	@$(MAKE) --no-print-directory bench-reuse
	@$(MAKE) --no-print-directory bench-store

## bench-reuse: newsfold reuse in a 256M budget at 200k, 800k and 1M articles (REUSE_SIZES)
bench-reuse:
	@$(MAKE) --no-print-directory BUILD=release all build/release/nf-gen
	@bench/reuse-scale.sh build/release

## bench-store: newsfold add into a store growing to 1M+ articles, 100k an add (about 35 min),
## then its near-duplicate index in SQLite against sorted segment files and LMDB (bench/bands.c)
bench-store:
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory BUILD=release all build/release/nf-gen build/release/bands
	@bench/store-scale.sh build/release
	@build/release/bands build/bench-store/store

build/release/bands: bench/bands.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) $(if $(wildcard /usr/include/lmdb.h),-DHAVE_LMDB) -o $@ $< -lsqlite3 \
		$(if $(wildcard /usr/include/lmdb.h),-llmdb)

## bench-stories: newsfold stories alone on 1 M generated articles (BENCH_STORIES_DOCS)
BENCH_STORIES_DOCS ?= 1000000
bench-stories:
	@$(MAKE) --no-print-directory BUILD=release all build/release/nf-gen
	@BENCH_DOCS=$(BENCH_STORIES_DOCS) BENCH_ONLY=stories BENCH_DIR=build/bench-stories \
		bench/run.sh build/release

## quality: story quality on the labelled dev set by two-fold cross-validation over its topics
## (the defaults, and options tuned on the other half)
quality:
	@$(MAKE) --no-print-directory BUILD=release all
	@python3 bench/stories-cv.py build/release/newsfold $(abspath ../shared)/eval/ecbplus-dev/docs.jsonl \
		$(abspath ../shared)/eval/ecbplus-dev/gold.tsv

## demo: build, generate a sample corpus, run clean, dedup, reuse, stories and report on it
demo:
	@$(MAKE) --no-print-directory BUILD=release all build/release/nf-gen
	@bench/demo.sh build/release

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(CLI) $(DESTDIR)$(PREFIX)/bin/newsfold
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libnewsfold.so.$(V_FULL) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libnewsfold.so
	install -m 644 include/newsfold.h $(DESTDIR)$(PREFIX)/include/
	sed 's|^prefix=.*|prefix=$(PREFIX)|' $(O)/newsfold.pc > $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsfold.pc
	install -m 644 docs/newsfold.1 $(DESTDIR)$(PREFIX)/share/man/man1/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsfold $(DESTDIR)$(PREFIX)/lib/libnewsfold.* \
		$(DESTDIR)$(PREFIX)/include/newsfold.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsfold.pc \
		$(DESTDIR)$(PREFIX)/share/man/man1/newsfold.1

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
## format: clang-format every C file in place
format:
	clang-format -i $(FORMAT_FILES)
## format-check: fail if any C file is not clang-formatted
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: ok"

clean:
	rm -rf build

## help: list targets
help:
	@echo "targets: all lib cli testbin check mutants examples asan tsan fault fuzz fuzz-replay bench demo"
	@echo "         install"
	@echo "         uninstall"
	@echo "         format format-check deps clean help"
	@echo "variables: BUILD=debug|release|asan|tsan WERROR=1 PREFIX= DESTDIR= BENCH_DOCS="
	@grep -h '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'
