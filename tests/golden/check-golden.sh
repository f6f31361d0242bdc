#!/usr/bin/env bash
# Golden tests: every command's output pinned. Each line of tests/golden/cases names a case and
# the newsfold command line it runs (from tests/golden, so inputs/... are this directory's):
#
#   $SEEDS   ../shared/seeds            $ECB   the ECB+ dev articles (ecbplus-dev/docs.jsonl)
#   $GOLD    the ECB+ dev gold (gold.tsv)   $GEN10K  10 000 articles from nf-gen --seed 1
#   @NAME    an output file NAME (--groups @groups.jsonl): compared like stdout
#
# Per case the exit status, stdout, stderr and every @file are compared with
# expected/CASE/{exit,stdout,stderr,NAME}; a large output is kept as NAME.sha256 (its SHA-256,
# line and byte counts) instead. Paths are normalised ($SHARED, $OUT); in files named *stats*
# the run-dependent figures (seconds, rates, peak memory) are zeroed. A missing expectation is a
# failure. UPDATE=1 rewrites the expectations (review the diff: it is a change of output).
# Each compared artifact is one check. Environment: NF, GEN (default: the debug build's),
# SHARED_DIR (default ../shared); CASES=REGEX runs only the cases whose name matches, SKIP=REGEX
# leaves out those whose name matches.
set -u -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
NF=${NF:-$top/build/debug/newsfold}
GEN=${GEN:-$top/build/debug/nf-gen}
SHARED_DIR=${SHARED_DIR:-$(cd "$top/../shared" && pwd)}
cd "$(dirname "$0")"
BIG=65536 # outputs over this many bytes are pinned by their hash
passed=0
failed=0
T=$(mktemp -d "${TMPDIR:-/tmp}/nf-golden-XXXXXX")
trap 'rm -rf "$T"' EXIT

fail() {
	failed=$((failed + 1))
	echo "FAIL golden/$*" >&2
}

# normalise NAME FILE: the comparable form of an output, on stdout
normalise() {
	local sed_paths="s|$SHARED_DIR|\$SHARED|g; s|$T/out|\$OUT|g; s|$T|\$TMP|g"
	case $1 in
	*stats*)
		sed -E "$sed_paths"'; s/"(seconds[a-z_]*|max_rss_kb|[a-z_]*per_second)":[-0-9.e+]+/"\1":0/g' "$2"
		;;
	*) sed "$sed_paths" "$2" ;;
	esac
}

summary() { # FILE: sha256, lines and bytes
	printf '%s %s lines %s bytes\n' "$(sha256sum <"$1" | cut -d' ' -f1)" "$(wc -l <"$1")" \
		"$(wc -c <"$1")"
}

# compare CASE NAME FILE: one check of an artifact against its expectation
compare() {
	local c=$1 name=$2 got=$T/norm want=expected/$1/$2
	normalise "$name" "$3" >"$got" || {
		fail "$c/$name: cannot normalise"
		return
	}
	if [ "${UPDATE:-0}" = 1 ]; then
		mkdir -p "expected/$c"
		rm -f "$want" "$want.sha256"
		if [ "$(wc -c <"$got")" -gt "$BIG" ]; then
			summary "$got" >"$want.sha256"
		else
			cp "$got" "$want"
		fi
		passed=$((passed + 1))
	elif [ -f "$want" ]; then
		if cmp -s "$got" "$want"; then
			passed=$((passed + 1))
		else
			fail "$c/$name differs:"
			diff "$got" "$want" | head -n 20 >&2
		fi
	elif [ -f "$want.sha256" ]; then
		local sum
		sum=$(summary "$got")
		if [ "$sum" = "$(cat "$want.sha256")" ]; then
			passed=$((passed + 1))
		else
			fail "$c/$name: got $sum, want $(cat "$want.sha256")"
		fi
	else
		fail "$c/$name: no expectation (expected/$c/$name); UPDATE=1 writes it"
	fi
}

while read -r name line; do
	case $name in '' | '#'*) continue ;; esac
	[[ $name =~ ${CASES:-.} ]] || continue
	[[ -n ${SKIP:-} && $name =~ $SKIP ]] && continue
	if [[ $line == *'$GEN10K'* && ! -f $T/gen10k.jsonl ]]; then
		"$GEN" --docs 10000 --seed 1 --out "$T/gen10k.jsonl" || fail "nf-gen failed"
	fi
	rm -rf "$T/out"
	mkdir -p "$T/out"
	read -ra words <<<"$line"
	args=()
	files=()
	for w in "${words[@]}"; do
		w=${w//\$SEEDS/$SHARED_DIR/seeds}
		w=${w//\$ECB/$SHARED_DIR/eval/ecbplus-dev/docs.jsonl}
		w=${w//\$GOLD/$SHARED_DIR/eval/ecbplus-dev/gold.tsv}
		w=${w//\$GEN10K/$T/gen10k.jsonl}
		case $w in
		@*)
			files+=("${w#@}")
			args+=("$T/out/${w#@}")
			;;
		*) args+=("$w") ;;
		esac
	done
	"$NF" "${args[@]}" >"$T/out.stdout" 2>"$T/out.stderr"
	echo $? >"$T/out.exit"
	compare "$name" exit "$T/out.exit"
	compare "$name" stdout "$T/out.stdout"
	compare "$name" stderr "$T/out.stderr"
	for f in ${files[@]+"${files[@]}"}; do
		if [ -f "$T/out/$f" ]; then
			compare "$name" "$f" "$T/out/$f"
		else
			fail "$name: $f was not written"
		fi
	done
done <cases

# every expectation belongs to a case
for d in expected/*/; do
	c=$(basename "$d")
	grep -q "^$c " cases || fail "expected/$c has no case in tests/golden/cases"
done
[ "${UPDATE:-0}" = 1 ] && echo "updated the expectations: review git diff tests/golden" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
