#!/usr/bin/env bash
# run-libfuzzer.sh SECONDS [TARGET...] - build the fuzz targets with clang + libFuzzer + ASan +
# UBSan into build/fuzz/ and run each for SECONDS on a copy of its corpus (fuzz/corpus/NAME is
# never written to). Crashes, timeouts and leaks land in build/fuzz/crashes/NAME-*; the last
# lines summarise each run. Exits 1 when a run left a new artifact.
#
#   TARGET          clean, jsonl, seed (default: every fuzz/fuzz_*.c)
#   FUZZ_CC         compiler (default clang)
#   FUZZ_CFLAGS     extra compiler flags
#   FUZZ_JOBS       parallel fuzzing processes per target (default 1)
#   FUZZ_ARGS       extra libFuzzer flags, e.g. "-fork=2 -ignore_crashes=1" to keep going
set -euo pipefail

secs=${1:-60}
shift || true
cd "$(dirname "$0")/.."

cc=${FUZZ_CC:-clang}
out=build/fuzz
pkgs="json-c libutf8proc libxxhash zlib libzstd sqlite3 libxml-2.0 libbrotlidec libexttextcat icu-uc"
if ! command -v "$cc" >/dev/null; then
	echo "run-libfuzzer: $cc not found (apt-get install clang)" >&2
	exit 2
fi
cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
	-std=c17 -D_GNU_SOURCE -Iinclude $(pkg-config --cflags $pkgs) ${FUZZ_CFLAGS:-} \
	-DNF_TEXTCAT_DIR=\"$(pkg-config --variable=pkgdatadir libexttextcat)\""
libs="$(pkg-config --libs $pkgs) -lstemmer -lpthread -lm"

if [ $# -eq 0 ]; then
	set -- $(for f in fuzz/fuzz_*.c; do n=$(basename "$f" .c); echo "${n#fuzz_}"; done)
fi

mkdir -p "$out/obj" "$out/crashes" "$out/work"
# the library, instrumented for coverage but without libFuzzer's main()
rm -f "$out"/obj/*.o
for src in lib/*/*.c; do
	obj="$out/obj/$(echo "${src%.c}" | tr / _).o"
	$cc $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
done
# the report's page, style and script, embedded as the build does (Makefile: embed)
$cc -std=c17 -D_GNU_SOURCE -Iinclude -O1 -o "$out/embed" scripts/embed.c lib/base/sha256.c
"$out/embed" "$out/report_assets.c" nf_report_css=lib/write/report.css nf_report_js=lib/write/report.js
"$out/embed" -k "$out/report_page.c" nf_report_html=lib/write/report.html
for g in report_assets report_page; do
	$cc $cflags -fsanitize=fuzzer-no-link -c "$out/$g.c" -o "$out/obj/gen_$g.o"
done

status=0
summary=()
for t in "$@"; do
	bin="$out/fuzz_$t"
	$cc $cflags -fsanitize=fuzzer "fuzz/fuzz_$t.c" "$out"/obj/*.o $libs -o "$bin"
	work="$out/work/$t"
	rm -rf "$work"
	mkdir -p "$work"
	cp -r "fuzz/corpus/$t/." "$work/"
	args=()
	[ -f "fuzz/$t.dict" ] && args+=(-dict="fuzz/$t.dict")
	[ "${FUZZ_JOBS:-1}" -gt 1 ] && args+=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
	before=$(ls "$out/crashes" | grep -c "^$t-" || true)
	log="$out/fuzz_$t.log"
	echo "run-libfuzzer: fuzz_$t for ${secs}s (log: $log)"
	set +e
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=print_stacktrace=1 \
		"$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=4096 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/$t-" "${args[@]}" \
		${FUZZ_ARGS:-} "$work" >"$log" 2>&1
	rc=$?
	set -e
	after=$(ls "$out/crashes" | grep -c "^$t-" || true)
	logs=("$log")
	for f in fuzz-*.log; do [ -f "$f" ] && logs+=("$f"); done
	execs=$(cat "${logs[@]}" | awk '/stat::number_of_executed_units/ {s += $2} END {print s + 0}')
	cov=$(cat "${logs[@]}" | awk '/ cov: / {for (i = 1; i < NF; i++) if ($i == "cov:") c = $(i + 1)}
		END {print c}')
	corpus=$(ls "$work" | wc -l)
	line="fuzz_$t: ${execs} execs, cov ${cov:-?}, corpus ${corpus}, exit ${rc}, $((after - before)) new artifacts"
	if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
		status=1
		cat "${logs[@]}" | grep -m1 -A12 -E \
			"ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|invariant violated" |
			head -30 || true
	fi
	rm -f fuzz-*.log
	summary+=("$line")
done
printf '%s\n' "${summary[@]}"
exit $status
