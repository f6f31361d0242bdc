#!/usr/bin/env bash
# store-scale.sh BUILD_DIR - what `newsfold add --store` costs as the store grows: a generated
# corpus of BENCH_STORE_DOCS articles (dates increasing with the line) is added to a new store in
# date-ordered batches of BENCH_STORE_BATCH; for each add: the articles already stored, seconds,
# articles per second, peak memory (the process maximum) and the store's bytes per article
# afterwards. The last add is the figure of the issue (100k added to a store of 1M, on the
# machine's cores). Figures only: nothing is asserted.
#
#   BENCH_STORE_DOCS   articles in all (default 1100000)   BENCH_STORE_BATCH  per add (100000)
#   BENCH_STORE_DIR    corpus, batches and store (default build/bench-store)
#   BENCH_SEED         generator seed (default 1)
#
# The corpus and its batches are kept (and reused while the counts, seed and generator source
# stay the same); the store is made anew on each run.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bench/store-scale.sh BUILD_DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
build=${1%/}
nf=$build/newsfold
gen=$build/nf-gen
docs=${BENCH_STORE_DOCS:-1100000}
batch=${BENCH_STORE_BATCH:-100000}
seed=${BENCH_SEED:-1}
dir=${BENCH_STORE_DIR:-build/bench-store}
for v in "$docs" "$batch" "$seed"; do
	[[ $v =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || { echo "bench: not a count: '$v'" >&2; exit 2; }
done
mkdir -p "$dir"
key="docs=$docs batch=$batch seed=$seed gen=$(cksum <bench/gen.c | cut -d' ' -f1)"
if [ "$(cat "$dir/corpus.key" 2>/dev/null)" != "$key" ]; then
	echo "store bench: generating $docs articles in batches of $batch ..."
	rm -f "$dir"/batch-* "$dir/corpus.key"
	"$gen" --docs "$docs" --seed "$seed" | split -l "$batch" -d -a 3 \
		--additional-suffix=.jsonl - "$dir/batch-"
	echo "$key" >"$dir/corpus.key"
fi
store=$dir/store
rm -rf "$store"
field() { grep -o "\"$1\":[0-9.eE+-]*" "$2" | head -n1 | cut -d: -f2; }
printf '%-10s %-8s %9s %10s %9s %12s %10s\n' stored added seconds "art/s" "peak MB" "store MB" "B/article"
stored=0
for b in "$dir"/batch-*.jsonl; do
	st=$dir/stats-add.json
	"$nf" add --store "$store" -q --stats-json "$st" "$b"
	added=$(field added "$st")
	secs=$(field seconds "$st")
	rss=$(field max_rss_kb "$st")
	bytes=$(du -sb "$store" | cut -f1)
	total=$((stored + added))
	awk -v s="$stored" -v a="$added" -v t="$secs" -v r="$rss" -v b="$bytes" -v n="$total" 'BEGIN {
		printf "%-10d %-8d %9.1f %10.0f %9.0f %12.0f %10.0f\n", s, a, t, (t > 0 ? a / t : 0),
			r / 1024, b / 1e6, (n > 0 ? b / n : 0) }'
	stored=$total
done
