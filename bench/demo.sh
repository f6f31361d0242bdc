#!/usr/bin/env bash
# demo.sh BUILD_DIR - a short tour: generate a sample corpus that reads like news (nf-gen --style
# news: made-up people and places, real sentences), clean it, dedup it, find reuse,
# group it into stories, and write the HTML report.
#
# Writes into build/demo/: corpus.jsonl (DEMO_DOCS generated articles, default 2000),
# bad.jsonl (three deliberately broken records, to show rejects), clean.jsonl, rejects.jsonl
# and stats.json; unique.jsonl and groups.jsonl (dedup); reuse.jsonl (passage reuse), and one
# pair shown side by side. (Later stages of the pipeline will add stories and an HTML report.)
set -euo pipefail

[ $# -eq 1 ] || {
	echo "usage: bench/demo.sh BUILD_DIR   (e.g. build/release; env: DEMO_DOCS)" >&2
	exit 2
}
cd "$(dirname "$0")/.."
build=${1%/}
nf=$build/newsfold
gen=$build/nf-gen
[ -x "$nf" ] && [ -x "$gen" ] || {
	echo "demo: $nf or $gen missing (make BUILD=release all $gen)" >&2
	exit 2
}
docs=${DEMO_DOCS:-2000}
dir=build/demo
mkdir -p "$dir"

"$gen" --docs "$docs" --seed 42 --dup-rate 0.15 --style news --out "$dir/corpus.jsonl"
# a line cut short, a second record with an existing id, a record without text
cat > "$dir/bad.jsonl" <<'EOF'
{"id":"bad-1","title":"A line cut short","text":"The transmission ended
{"id":"g000000007","title":"Same id as an earlier record","text":"A second record with id g000000007."}
{"id":"bad-3","title":"No text field"}
EOF

echo "newsfold demo: $docs generated articles + 3 broken records"
echo "  $nf clean --rejects $dir/rejects.jsonl --stats-json $dir/stats.json \\"
echo "      -o $dir/clean.jsonl $dir/corpus.jsonl $dir/bad.jsonl"
rc=0
"$nf" clean -q --rejects "$dir/rejects.jsonl" --stats-json "$dir/stats.json" \
	-o "$dir/clean.jsonl" "$dir/corpus.jsonl" "$dir/bad.jsonl" || rc=$?
[ $rc -le 1 ] || { echo "demo: newsfold clean failed (exit $rc)" >&2; exit 1; }

field() { grep -o "\"$1\":[0-9.]*" "$dir/stats.json" | head -n1 | cut -d: -f2; }
echo
echo "records read:     $(field records) ($(awk -v b="$(field bytes_in)" 'BEGIN {
	printf "%.1f MB", b / 1e6 }') in $(field seconds) s)"
echo "documents kept:   $(field docs)  ->  $dir/clean.jsonl"
echo "rejects:          $(field rejects)  ->  $dir/rejects.jsonl"
sed 's/^/                    /' "$dir/rejects.jsonl" | cut -c1-150
echo "repeated lines:   $(field repeated_lines) template lines found across the corpus"
echo "boilerplate spans marked, by reason:"
grep -o '"reason":"[a-z-]*"' "$dir/clean.jsonl" | cut -d'"' -f4 | sort | uniq -c | sort -rn |
	awk '{ printf "  %8d  %s\n", $1, $2 }'

echo
echo "one cleaned record (first with boilerplate; long values cut):"
example=$(grep -m1 '"boilerplate":\[{' "$dir/clean.jsonl" || head -n1 "$dir/clean.jsonl")
if command -v python3 > /dev/null; then
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
def cut(v):
    if isinstance(v, str):
        return v if len(v) <= 300 else v[:300] + " [... %d more bytes]" % (len(v.encode()) - 300)
    if isinstance(v, list) and len(v) > 4:
        return [cut(x) for x in v[:4]] + ["... %d more" % (len(v) - 4)]
    if isinstance(v, list):
        return [cut(x) for x in v]
    return v
items = [json.dumps(k) + ": " + json.dumps(cut(v), ensure_ascii=False) for k, v in d.items()]
print("{\n  " + ",\n  ".join(items) + "\n}")
' <<< "$example"
else
	printf '%s\n' "$example" | cut -c1-1200
fi

echo
echo "== newsfold dedup: one article per family of exact and near duplicates"
echo "  $nf dedup --groups $dir/groups.jsonl --pairs $dir/pairs.jsonl --stats-json $dir/dedup.json \\"
echo "      -o $dir/unique.jsonl $dir/corpus.jsonl"
"$nf" dedup -q --groups "$dir/groups.jsonl" --pairs "$dir/pairs.jsonl" --stats-json "$dir/dedup.json" \
	-o "$dir/unique.jsonl" "$dir/corpus.jsonl" || { echo "demo: newsfold dedup failed" >&2; exit 1; }
dfield() { grep -o "\"$1\":[0-9.]*" "$dir/dedup.json" | head -n1 | cut -d: -f2; }
echo "articles:         $(dfield docs)"
echo "kept:             $(dfield kept)  ->  $dir/unique.jsonl"
echo "duplicates:       $(dfield duplicates) in $(dfield families) families  ->  $dir/groups.jsonl"
echo "pairs verified:   $(dfield verified_pairs) of $(dfield candidate_pairs) candidates" \
	"($(dfield exact_pairs) exact)"
echo "first family:"
head -n1 "$dir/groups.jsonl" | cut -c1-300

echo
echo "== newsfold reuse: every pair of articles sharing passages, aligned"
echo "  $nf reuse --stats-json $dir/reuse.json -o $dir/reuse.jsonl $dir/corpus.jsonl"
"$nf" reuse -q --stats-json "$dir/reuse.json" -o "$dir/reuse.jsonl" "$dir/corpus.jsonl" ||
	{ echo "demo: newsfold reuse failed" >&2; exit 1; }
rfield() { grep -o "\"$1\":[0-9.]*" "$dir/reuse.json" | head -n1 | cut -d: -f2; }
echo "candidate pairs:  $(rfield candidate_pairs) (df cap $(rfield max_df))"
echo "pairs sharing passages: $(rfield linked_pairs)  ->  $dir/reuse.jsonl"
echo "  copies $(rfield copy_pairs), partial reuse $(rfield partial_pairs)," \
	"shared quotations only $(rfield quote_pairs); $(rfield spans) spans"
pair=$(grep -m1 '"relation":"partial"' "$dir/reuse.jsonl" || head -n1 "$dir/reuse.jsonl")
if [ -n "$pair" ]; then
	ida=$(printf '%s' "$pair" | grep -o '^{"a":"[^"]*"' | cut -d'"' -f4)
	idb=$(printf '%s' "$pair" | grep -o ',"b":"[^"]*"' | head -n1 | cut -d'"' -f4)
	echo "one pair side by side (newsfold compare --a $ida --b $idb, first 30 lines):"
	{ "$nf" compare --width 120 --a "$ida" --b "$idb" "$dir/corpus.jsonl" || true; } | head -n 30
fi

echo
echo "== newsfold stories: articles about the same event, copied or written independently"
# the copies dedup verified tie their articles into one story (this generator's stories of one
# kind of event share stock sentences and quotations, so here reuse's pairs would tie events)
echo "  $nf stories --links $dir/pairs.jsonl --assign $dir/assign.tsv --stats-json $dir/stories.json \\"
echo "      -o $dir/stories.jsonl $dir/corpus.jsonl"
"$nf" stories -q --links "$dir/pairs.jsonl" --assign "$dir/assign.tsv" \
	--stats-json "$dir/stories.json" -o "$dir/stories.jsonl" "$dir/corpus.jsonl" ||
	{ echo "demo: newsfold stories failed" >&2; exit 1; }
sfield() { grep -o "\"$1\":[0-9.]*" "$dir/stories.json" | head -n1 | cut -d: -f2; }
echo "stories:          $(sfield stories) ($(sfield singletons) of one article, largest" \
	"$(sfield largest))  ->  $dir/stories.jsonl"
echo "copy families inside them: $(sfield families)"
echo "the first story of more than one article (cut at 400 characters):"
awk '!/"size":1,/ { print substr($0, 1, 400) "..."; exit }' "$dir/stories.jsonl"
echo
echo "against the generator's own stories (newsfold eval):"
"$gen" --docs "$docs" --seed 42 --dup-rate 0.15 --style news --truth "$dir/truth.tsv" --out /dev/null
cut -f1,2 "$dir/truth.tsv" > "$dir/gold.tsv"
"$nf" eval --gold "$dir/gold.tsv" "$dir/assign.tsv"

echo
echo "== newsfold report: the stories with their digests as one self-contained HTML file"
echo "  $nf report --links $dir/pairs.jsonl -o $dir/report.html $dir/corpus.jsonl"
"$nf" report -q --links "$dir/pairs.jsonl" --title "newsfold demo: $docs generated articles" \
	-o "$dir/report.html" "$dir/corpus.jsonl" || { echo "demo: newsfold report failed" >&2; exit 1; }
echo "report:           $(du -h "$dir/report.html" | cut -f1)  ->  $dir/report.html"
echo
echo "Open $PWD/$dir/report.html in a browser (it needs no network)."
