#!/usr/bin/env bash
# mutants.sh - reintroduces, one at a time, the defects the suite once let through (and a changed
# byte in each command's output), and shows that each turns the suite red. Each mutant is a
# change to the source or tests (applied in a scratch worktree of HEAD, rebuilt), or a wrapper
# around newsfold / a tool on the PATH; then the suites it concerns run through tests/run-all.sh
# with their pinned counts. Prints one line per mutant: "caught" (the suite failed) or "MISSED".
# Exits 1 when any mutant is missed. Slow (a rebuild per source mutant): not part of make check.
# usage: tests/mutants.sh [NAME-REGEX]
set -u -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$top/../shared" && pwd)
only=${1:-.}
work=$(mktemp -d "${TMPDIR:-/tmp}/nf-mutants-XXXXXX")
tree=$work/tree
cleanup() {
	git -C "$top" worktree remove --force "$tree" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
git -C "$top" worktree add --detach "$tree" HEAD >/dev/null 2>&1 || {
	echo "mutants: cannot make a worktree" >&2
	exit 2
}
cd "$tree" || exit 2
build() { make -s -j2 testbin >"$work/build.log" 2>&1; }
build || {
	echo "mutants: the unmutated tree does not build" >&2
	exit 2
}
real=$tree/build/debug/newsfold
missed=0

# verdict NAME SUITES [ENV...]: runs the suites (with ENV) and says whether they failed
verdict() {
	local name=$1 suites=$2
	shift 2
	if env "$@" SUITES="$suites" O=build/debug SHARED_DIR="$shared" tests/run-all.sh \
		>"$work/$name.log" 2>&1; then
		printf 'MISSED  %-24s %s\n' "$name" "$(tail -n 1 "$work/$name.log")"
		missed=$((missed + 1))
	else
		printf 'caught  %-24s %s\n' "$name" "$(grep -m1 -E 'FAIL|ran [0-9]+ checks|\.c:[0-9]+: | [1-9][0-9]* failed' \
			"$work/$name.log" | cut -c1-110)"
	fi
}

# mutate NAME SUITES CMD...: a source mutant made by CMD (run in the tree; it must change it)
mutate() {
	local name=$1 suites=$2
	shift 2
	[[ $name =~ $only ]] || return 0
	"$@"
	if [ -z "$(git status --porcelain)" ]; then
		printf 'BROKEN  %-24s the mutation changed nothing\n' "$name"
		missed=$((missed + 1))
		return
	fi
	if build; then
		verdict "$name" "$suites"
	else
		printf 'caught  %-24s (does not build)\n' "$name"
	fi
	git checkout -q -- . && git clean -qfd -- fuzz tests lib cli
	build
}
# src NAME FILE PERL-SUBSTITUTION SUITES: a mutant by one substitution in one file
src() { mutate "$1" "$4" perl -0pi -e "$3" "$2"; }

# wrap NAME SUITES SCRIPT [ENV...]: newsfold behind a wrapper (SCRIPT: bash, "$@" the arguments,
# $REAL the binary)
wrap() {
	local name=$1 suites=$2 body=$3
	shift 3
	[[ $name =~ $only ]] || return 0
	printf '#!/usr/bin/env bash\nREAL=%q\n%s\n' "$real" "$body" >"$work/nf-$name"
	chmod +x "$work/nf-$name"
	verdict "$name" "$suites" NF="$work/nf-$name" "$@"
}

# --- 1-10: the defects of issue 14 ---------------------------------------------------------------
src 1-checker-crashes tests/cli/reuse_seeds.py 's/^import json\n/import no_such_module\nimport json\n/m' \
	'^cli/reuse$'
src 2-report-checker-raises tests/cli/report.sh \
	's/(h = open\(sys.argv\[1\], encoding="utf-8"\).read\(\)\n)/$1raise SystemExit(1)\n/' '^cli/report$'
[[ 3-digest-no-corpus =~ $only ]] && verdict 3-digest-no-corpus '^cli/digest$' GEN=/bin/false
wrap 4-tokens-run-fails '^cli/clean_determinism$' \
	'for a; do [ "$a" = --tokens ] && exit 1; done; exec "$REAL" "$@"'
if [[ 5-no-nm =~ $only ]]; then
	mkdir -p "$work/nonm" && printf '#!/bin/sh\nexit 127\n' >"$work/nonm/nm" && chmod +x "$work/nonm/nm"
	verdict 5-no-nm '^cli/install$' PATH="$work/nonm:$PATH"
fi
wrap 6-help-empty '^cli/(clean_basic|docs)$' \
	'for a; do [ "$a" = --help ] && exit 0; done; exec "$REAL" "$@"'
wrap 6-explain-ignored '^cli/dedup$' \
	'a=(); for x; do [ "$x" = --explain ] || a+=("$x"); done; exec "$REAL" "${a[@]}"'
wrap 6-simhash-ignored '^cli/(dedup|options)$' \
	'a=(); for x; do [ "$x" = simhash ] && { unset "a[${#a[@]}-1]"; continue; }; a+=("$x"); done
exec "$REAL" "${a[@]}"'
src 7-dedup-jaccard-written lib/write/dups_json.c 's/put_num\(b, p->jaccard\);/put_num(b, p->jaccard * 0.99 + 0.01);/' \
	'^cli/dedup$'
src 7-nf-jaccard-off lib/sketch/sketch.c 's/n\+\+, i\+\+, j\+\+;/n += (a[i] \& 255) != 0, i++, j++;/' \
	'^unit/test_dedup$'
src 7-eval-bcubed-swapped lib/cluster/scores.c 's/out->bcubed_p = bp \/ \(double\)n;/out->bcubed_p = br \/ (double)n;/' \
	'^cli/eval$'
src 8-repeats-not-skipped lib/align/align.c 's/if \(!s->count \|\| s->count > al->opt.max_repeat\)/if (!s->count)/' \
	'^unit/test_reuse$'
src 9-copy-coverage-0.85 lib/align/align.c 's/o.copy_coverage = 0.8;/o.copy_coverage = 0.85;/' \
	'^cli/reuse$'
src 9-minhash-biased lib/sketch/sketch.c 's/eq \+= a\[i\] == b\[i\];/eq += a[i] == b[i] || i % 64 == 0;/' \
	'^unit/test_sketch$'
src 10-suite-shrinks tests/cli/stories.sh 's/^check "seeds: JSON lines" valid_jsonl "\$T\/seeds.jsonl"\n//m' \
	'^cli/stories$'
src 10-unit-test-empty tests/unit/test_scores.c 's/\nint main\(void\)\n\{\n/\nTEST(nothing) {}\n\nint main(void)\n{\n\tRUN(nothing);\n/' \
	'^unit/test_scores$'
mutate 10-fuzz-corpus-empty '^fuzz-replay/stories$' bash -c 'rm -f fuzz/corpus/stories/*'

# --- a changed byte in each command's output on the seeds -----------------------------------------
for c in clean dedup reuse stories digest compare eval; do
	wrap "golden-$c" '^golden$' "[ \"\$1\" = $c ] || exec \"\$REAL\" \"\$@\"
\"\$REAL\" \"\$@\" | sed '1s/[a-z]/#/'; exit \${PIPESTATUS[0]}" CASES="^$c-(seeds|ecb)"
done
src golden-report lib/write/report.c 's/http-equiv=\\"Content-Security-Policy\\"/http-equiv=\\"Content-Security-policy\\"/' \
	'^golden$'
echo "$missed missed"
[ "$missed" -eq 0 ]
