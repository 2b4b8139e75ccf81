# redline - build knobs in one place.  CC, CFLAGS, LDFLAGS, PREFIX and
# DESTDIR are honoured; warnings live in WARN so CFLAGS does not drop them.
PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKGS = lua5.4 lua5.4-cjson sqlite3 libcrypto
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_XOPEN_SOURCE=700 -Iinclude -Iengine $(PKG_CFLAGS) \
            -DRL_SHAREDIR='"$(PREFIX)/share/redline"'
LDLIBS = $(PKG_LIBS) -lcsv -lm -lpthread

LIB_SRC = engine/util.c engine/model.c engine/loader.c engine/paths.c \
          engine/scenario.c engine/clauses.c \
          engine/sandbox.c engine/world.c engine/rules.c engine/engine.c \
          engine/memo.c engine/eval.c engine/report.c engine/batch.c engine/render.c \
          engine/summary.c engine/manifest.c engine/store.c engine/diff.c engine/lint.c \
          engine/whatif.c engine/sources.c engine/law.c engine/show.c engine/resume.c \
          engine/output.c engine/results.c engine/batch_variant.c engine/batch_run.c \
          engine/sha256.c
LIB_OBJ = $(LIB_SRC:.c=.o)
DEPS = liblua5.4-dev lua5.4 lua-cjson-dev libcmocka-dev pkg-config libsqlite3-dev sqlite3 libssl-dev libcsv-dev
# What the tests need besides: a JSON Schema validator, python3 for the CLI
# tests' checks, headless Chromium (with a font that has the verdict marks)
# for the HTML reports, and jq, git and bash for the docs' examples.
TEST_DEPS = python3 python3-jsonschema chromium fonts-dejavu-core jq git bash

all: redline libredline.a

libredline.a: $(LIB_OBJ)
	$(AR) rcs $@ $(LIB_OBJ)

redline: engine/cli.o libredline.a
	$(CC) $(LDFLAGS) -o $@ engine/cli.o libredline.a $(LDLIBS)

engine/%.o: engine/%.c engine/*.h include/redline/redline.h
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

# Installs what is missing (as root) or prints the one command to run.
deps test-deps:
	@missing=""; for p in $(if $(filter test-deps,$@),$(DEPS) $(TEST_DEPS),$(DEPS)); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "run: sudo apt-get install -y$$missing"; exit 1; fi

demo: deps
	$(MAKE) all
	./redline check scenarios/frontier_bedrock_sre.lua -r rules; test $$? -le 1

TEST_BIN = tests/unit tests/embed tests/allocs
tests/unit: tests/unit.c tests/batch_alike.h libredline.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< libredline.a $(LDLIBS) -lcmocka
# Counts every allocation of the engine and its Lua states (tests/allocs.c).
tests/allocs: tests/allocs.c libredline.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< libredline.a $(LDLIBS) \
	  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
tests/embed: tests/embed.c libredline.a
	$(CC) -Iinclude $(WARN) $(CFLAGS) -o $@ $< libredline.a $(LDLIBS)

# The suites run TEST_JOBS at a time (tests/run.sh), the longest first;
# each prints "N passed, N failed" and a failed one prints its whole log.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SUITES = "sh tests/hardening.sh" "sh tests/store.sh" \
	"CC='$(CC)' CFLAGS='$(CFLAGS)' LDFLAGS='$(LDFLAGS)' sh tests/cli.sh" \
	"sh tests/browser.sh" "sh tests/docs.sh" "sh tests/report.sh" \
	"sh tests/schema.sh" "sh tests/rules.sh" "sh tests/usage.sh" \
	"sh tests/whatif.sh" "sh tests/shards.sh" "sh tests/lawyer.sh" \
	"sh tests/results.sh" "sh tests/derive.sh" "sh tests/layers.sh" \
	"sh tests/diff.sh" "sh tests/wording.sh" "sh tests/rows.sh" ./tests/allocs ./tests/unit \
	./tests/embed "./redline test scenarios -r rules"
test: test-deps
	$(MAKE) all $(TEST_BIN)
	sh tests/run.sh -j $(TEST_JOBS) $(SUITES)

# Release build and the plain-C limit (bench/limit.c, -O2), then the standard
# batch at -j1 and -j2 against the limit (bench/run.sh), peak RSS at 100k
# and 10M variants (bench/memory.sh), then the peer workload (bench/peer.sh).
# Exit 1 if the limit disagrees with the engine or a peer breach count differs
# from the reference, 2 if a run failed; missed targets print FAIL but exit 0.
bench: deps
	@dpkg -s time >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; \
	  else echo "run: sudo apt-get install -y time"; exit 1; fi; }
	$(MAKE) all
	$(CC) $(WARN) -O2 -o bench/limit bench/limit.c -lm
	$(CC) $(WARN) -O2 -o bench/peer/gen bench/peer/gen.c
	@rc=0; sh bench/run.sh || rc=$$?; sh bench/memory.sh || { m=$$?; [ $$rc != 0 ] || rc=$$m; }; \
	sh bench/peer.sh || { m=$$?; [ $$rc != 0 ] || rc=$$m; }; exit $$rc

# Instructions per variant under callgrind (bench/instructions.sh): counts
# that repeat on a busy machine; OLD=path/to/redline compares two builds.
bench-instructions: all
	$(CC) $(WARN) -O2 -o bench/peer/gen bench/peer/gen.c
	sh bench/instructions.sh

# The peer workload alone (bench/peer/README.md).
bench-peer: all
	$(CC) $(WARN) -O2 -o bench/peer/gen bench/peer/gen.c
	sh bench/peer.sh

# libFuzzer targets (tests/fuzz/fuzz_*.c) under AddressSanitizer and
# UndefinedBehaviorSanitizer, built with clang; `make fuzz` runs each for
# FUZZ_SECONDS from the committed seed corpus (new inputs go to a scratch
# directory) and fails on any crash, leak or hang.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = scenario_lua scenario_json batch rows results results_line render cite
FUZZ_SAN = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined
FUZZ_DIR = tests/fuzz/bin
FUZZ_OBJ = $(LIB_SRC:engine/%.c=$(FUZZ_DIR)/%.o)
FUZZ_DEPS = clang libclang-rt-dev

$(FUZZ_DIR)/%.o: engine/%.c engine/*.h include/redline/redline.h
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/batch_alike.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(FUZZ_SAN) -fsanitize=fuzzer \
	  -DFUZZ_REPORTS='"$(CURDIR)/reports"' -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

fuzz-deps:
	@missing=""; for p in $(FUZZ_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "run: sudo apt-get install -y$$missing"; exit 1; fi

fuzz-build: fuzz-deps
	$(MAKE) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

# Each target is its own job: `make -j2 fuzz` runs two at a time.
fuzz: fuzz-build
	$(MAKE) $(FUZZ_TARGETS:%=fuzz-run-%)
.PRECIOUS: $(FUZZ_DIR)/fuzz_%
fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@work=$$(mktemp -d); \
	  ASAN_OPTIONS=detect_leaks=1 $(FUZZ_DIR)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$$work/ $$work tests/fuzz/corpus/$* 2>$$work/log; rc=$$?; \
	  echo "== fuzz $* for $(FUZZ_SECONDS) s:" $$(grep -E '^stat::number_of_executed_units|^stat::new_units_added' $$work/log); \
	  if [ $$rc != 0 ]; then tail -n 40 $$work/log; ls $$work/crash-* $$work/leak-* \
	    $$work/timeout-* 2>/dev/null; exit 1; fi; \
	  rm -rf $$work

clean:
	rm -f redline libredline.a engine/*.o $(TEST_BIN) bench/peer/gen bench/peer/variants.csv
	rm -rf $(FUZZ_DIR)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/redline \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/redline/rules/lib \
	  $(DESTDIR)$(PREFIX)/share/redline/reports/lib/html \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 redline $(DESTDIR)$(PREFIX)/bin/redline
	install -m 644 include/redline/redline.h $(DESTDIR)$(PREFIX)/include/redline/
	install -m 644 libredline.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 rules/*.lua $(DESTDIR)$(PREFIX)/share/redline/rules/
	install -m 644 rules/lib/*.lua $(DESTDIR)$(PREFIX)/share/redline/rules/lib/
	install -m 644 reports/*.lua $(DESTDIR)$(PREFIX)/share/redline/reports/
	install -m 644 reports/lib/*.lua $(DESTDIR)$(PREFIX)/share/redline/reports/lib/
	install -m 644 reports/lib/html/*.lua $(DESTDIR)$(PREFIX)/share/redline/reports/lib/html/
	install -m 644 docs/redline.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' redline.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/redline.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/redline $(DESTDIR)$(PREFIX)/lib/libredline.a \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/redline.pc $(DESTDIR)$(PREFIX)/share/man/man1/redline.1
	rm -rf $(DESTDIR)$(PREFIX)/include/redline $(DESTDIR)$(PREFIX)/share/redline

.PHONY: all deps test-deps demo test bench bench-instructions bench-peer clean install uninstall fuzz fuzz-build \
        fuzz-deps
