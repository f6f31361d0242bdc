#!/usr/bin/env bash
# reuse-scale.sh BUILD_DIR - newsfold reuse in a fixed memory budget as the corpus grows.
#
# Generates (once, cached under BENCH_DIR) corpora of each size in REUSE_SIZES with nf-gen and
# runs `newsfold reuse -j2 --mem REUSE_MEM` on each: seconds, peak memory, the sorted runs that
# went to disk, and the time and memory of each size against the smallest, beside its size
# against the smallest (linear time is the same ratio). At the smallest size the run is repeated
# without a budget and the two outputs are compared byte for byte. Figures only.
#
#   REUSE_SIZES  articles (default "200000 800000 1000000")   REUSE_MEM  budget (default 256M)
#   BENCH_DIR    corpora and stats (default build/bench-reuse)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bench/reuse-scale.sh BUILD_DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
build=${1%/}
nf=$build/newsfold
gen=$build/nf-gen
[ -x "$nf" ] && [ -x "$gen" ] || { echo "bench: $nf or $gen missing" >&2; exit 2; }
sizes=${REUSE_SIZES:-200000 800000 1000000}
mem=${REUSE_MEM:-256M}
dir=${BENCH_DIR:-build/bench-reuse}
mkdir -p "$dir"

field() { grep -o "\"$1\":[0-9.eE+-]*" "$2" | head -n1 | cut -d: -f2; }

key="gen=$(cksum < bench/gen.c | cut -d' ' -f1)"
first=""
printf "%-10s %9s %9s %9s %9s %6s %9s %9s %7s\n" "reuse -j2" docs "MB in" seconds "RSS MB" runs \
	"x docs" "x time" "x RSS"
for n in $sizes; do
	c=$dir/corpus-$n.jsonl
	if [ ! -f "$c" ] || [ "$(cat "$c.key" 2>/dev/null)" != "$key" ]; then
		"$gen" --docs "$n" --seed 7 --out "$c.tmp"
		mv "$c.tmp" "$c"
		echo "$key" > "$c.key"
	fi
	st=$dir/stats-$n.json
	"$nf" reuse -q -j2 --mem "$mem" --stats-json "$st" -o "$dir/out-$n.jsonl" "$c"
	s=$(field seconds "$st")
	rss=$(field max_rss_kb "$st")
	if [ -z "$first" ]; then
		first="$n $s $rss"
		"$nf" reuse -q -j2 --stats-json "$dir/stats-$n-nomem.json" -o "$dir/out-$n-nomem.jsonl" "$c"
		if cmp -s "$dir/out-$n.jsonl" "$dir/out-$n-nomem.jsonl"; then same="the same"; else same="NOT the same"; fi
		nomem="without --mem: $(field seconds "$dir/stats-$n-nomem.json") s," 
		nomem="$nomem $(( $(field max_rss_kb "$dir/stats-$n-nomem.json") / 1024 )) MB, output $same"
	fi
	read -r n0 s0 r0 <<< "$first"
	awk -v n="$n" -v mb="$(field bytes_in "$st")" -v s="$s" -v rss="$rss" \
		-v runs="$(field spilled_runs "$st")" -v n0="$n0" -v s0="$s0" -v r0="$r0" 'BEGIN {
		printf "%-10s %9d %9.0f %9.1f %9.0f %6d %8.2fx %8.2fx %6.2fx\n", "--mem", n, mb / 1e6,
			s, rss / 1024, runs, n / n0, s / s0, rss / r0 }'
	rm -f "$dir/out-$n.jsonl"
done
echo "at ${first%% *} articles, $nomem"
echo "(budget --mem $mem; runs = sorted runs of postings and pair keys written to disk;"
echo " x docs / x time / x RSS: against the smallest size)"
