#!/usr/bin/env bash
# run.sh BUILD_DIR - throughput and peak memory of `newsfold clean`, `dedup`, `reuse` and
# `stories` on a generated corpus, and the accuracy of dedup (planted copies), reuse (planted
# passages) and stories (the generator's stories, B-cubed against its truth).
#
# Generates BENCH_DOCS articles with BUILD_DIR/nf-gen into BENCH_DIR/corpus.jsonl, with the
# generator's truth (which articles are copies of which, and how) in BENCH_DIR/truth.tsv (both
# kept and reused while the document count, seed, copy rate and generator source stay the same),
# then runs `newsfold clean` at -j1 and -j2, with and without the repeated-line pass, and
# `newsfold dedup` at -j1 and -j2, BENCH_RUNS times each, and prints the best time of each.
# One more dedup run writes --groups, and bench/dedup-check.py compares the families with the
# truth: per copy kind, the share of copies in the same family as their original. Figures only:
# nothing here is asserted.
#
#   BENCH_DOCS  articles (default 100000)     BENCH_SEED  generator seed (default 1)
#   BENCH_DUP   share of copies (default 0.1) BENCH_RUNS  runs per configuration (default 2)
#   BENCH_DIR   corpus and stats (default build/bench)
#   BENCH_PLANT_DOCS  articles of the planted-passage corpus for reuse accuracy (default 20000)
#   BENCH_ONLY  run only these sections (space-separated: clean dedup reuse stories)
#
# MB are 10^6 bytes of input (the JSONL as read); seconds are newsfold's own (--stats-json
# "seconds", all passes included); peak RSS is the process maximum (stats "max_rss_kb").
set -euo pipefail

usage() {
	echo "usage: bench/run.sh BUILD_DIR   (e.g. build/release; env: BENCH_DOCS BENCH_SEED" \
		"BENCH_DUP BENCH_RUNS)" >&2
	exit 2
}
[ $# -eq 1 ] || usage
cd "$(dirname "$0")/.."
build=${1%/}
nf=$build/newsfold
gen=$build/nf-gen
floor=$build/nf-floor
[ -x "$nf" ] && [ -x "$gen" ] && [ -x "$floor" ] || {
	echo "bench: $nf, $gen or $floor missing (make BUILD=release all $gen $floor)" >&2
	exit 2
}

docs=${BENCH_DOCS:-100000}
seed=${BENCH_SEED:-1}
dup=${BENCH_DUP:-0.1}
runs=${BENCH_RUNS:-2}
for v in "$docs" "$seed" "$runs"; do
	[[ $v =~ ^[0-9]+$ ]] || { echo "bench: not a count: '$v'" >&2; exit 2; }
done
[ "$runs" -ge 1 ] || runs=1

dir=${BENCH_DIR:-build/bench}
dir=${dir%/}
corpus=$dir/corpus.jsonl
truth=$dir/truth.tsv
mkdir -p "$dir"

# --- the corpus, generated once per (docs, seed, copy rate, generator source) ----------------
key="docs=$docs seed=$seed dup=$dup gen=$(cksum < bench/gen.c | cut -d' ' -f1)"
if [ -f "$corpus" ] && [ -f "$truth" ] && [ "$(cat "$dir/corpus.key" 2>/dev/null)" = "$key" ]; then
	echo "corpus: $corpus (cached: $key)"
else
	echo "corpus: generating $docs docs into $corpus ..."
	rm -f "$dir/corpus.key"
	t0=$(date +%s.%N)
	"$gen" --docs "$docs" --seed "$seed" --dup-rate "$dup" --out "$corpus.tmp" \
		--truth "$truth.tmp"
	t1=$(date +%s.%N)
	mv "$corpus.tmp" "$corpus"
	mv "$truth.tmp" "$truth"
	echo "$key" > "$dir/corpus.key"
	size=$(stat -c %s "$corpus")
	awk -v s="$size" -v a="$t0" -v b="$t1" 'BEGIN {
		t = b - a; printf "corpus: %.1f MB in %.2f s (nf-gen: %.0f MB/s)\n", s / 1e6, t,
			(t > 0 ? s / 1e6 / t : 0) }'
fi

# --- runs --------------------------------------------------------------------------------------
# field NAME FILE: a number from the flat stats JSON
field() {
	grep -o "\"$1\":[0-9.eE+-]*" "$2" | head -n1 | cut -d: -f2
}

# bench_one CMD TAG ARGS...: runs newsfold CMD ARGS $runs times, keeps the stats of the
# fastest (and its CPU time, user + sys, in $dir/cpu-TAG.txt)
bench_one() {
	local cmd=$1 tag=$2 best="" i s cpu rc
	shift 2
	local st=$dir/stats-$tag.run.json
	for ((i = 1; i <= runs; i++)); do
		rc=0
		cpu=$( { TIMEFORMAT='%U %S'; time "$nf" "$cmd" -q "$@" --stats-json "$st" \
			-o /dev/null "$corpus" 2> "$dir/stderr-$tag.txt"; } 2>&1) || rc=$?
		if [ $rc -ne 0 ]; then
			echo "bench: newsfold $cmd $* failed (exit $rc); see $dir/stderr-$tag.txt" \
				>&2
			exit 1
		fi
		s=$(field seconds "$st")
		if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$s
			cp "$st" "$dir/stats-$tag.json"
			awk '{ printf "%.3f\n", $1 + $2 }' <<< "$cpu" > "$dir/cpu-$tag.txt"
		fi
	done
	rm -f "$st"
}

# busy: percent of all CPUs used by others during one second (from /proc/stat)
busy() {
	local a b
	a=$(head -n1 /proc/stat 2>/dev/null) || { echo 0; return; }
	sleep 1
	b=$(head -n1 /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN {
		n = split(a, x); split(b, y); t = 0
		for (i = 2; i <= n; i++) t += y[i] - x[i]
		idle = (y[5] - x[5]) + (y[6] - x[6])
		printf "%.0f\n", (t > 0 ? 100 * (t - idle) / t : 0) }'
}
# want SECTION: is this section asked for?
want() {
	[ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]
}

busy_before=$(busy)
echo "machine: $(nproc) CPUs, ${busy_before}% busy before the runs"

# the floor: bench/floor.c reads the raw JSONL, splits it into words and hashes every word and
# every 5-gram (no JSON, no cleaning): what any shingle-based tool pays; best of $runs
fmbs=0
for ((i = 1; i <= runs; i++)); do
	m=$("$floor" --json "$corpus" | grep -o '"mb_per_s":[0-9.]*' | cut -d: -f2)
	fmbs=$(awk -v a="$m" -v b="$fmbs" 'BEGIN { print (a > b ? a : b) }')
done
echo "floor:  $fmbs MB/s ($floor: words and 5-gram hashes of the raw bytes, one core)"
echo "$fmbs" > "$dir/floor-mbs.txt"
if want clean; then
echo "runs:   $nf clean, best of $runs each ..."
bench_one clean j1 -j1
bench_one clean j2 -j2
bench_one clean j1-norep -j1 --repeat-min 0
bench_one clean j2-norep -j2 --repeat-min 0

row() { # row LABEL TAG
	local st=$dir/stats-$2.json
	awk -v label="$1" -v docs="$(field docs "$st")" -v rej="$(field rejects "$st")" \
		-v bytes="$(field bytes_in "$st")" -v secs="$(field seconds "$st")" \
		-v lp="$(field seconds_line_pass "$st")" -v rl="$(field repeated_lines "$st")" \
		-v rss="$(field max_rss_kb "$st")" -v cpu="$(cat "$dir/cpu-$2.txt")" -v f="$fmbs" 'BEGIN {
		mb = bytes / 1e6; s = secs > 0 ? secs : 1e-9
		printf "%-24s %8d %5d %8.1f %8.3f %8.3f %7.1f %6.2fx %8.0f %7.3f %6d %7.1f\n", label,
			docs, rej, mb, secs, cpu, mb / s, (f > 0 ? mb / s / f : 0), docs / s, lp, rl,
			rss / 1024 }'
}

echo
printf "%-24s %8s %5s %8s %8s %8s %7s %7s %8s %7s %6s %7s\n" "newsfold clean" docs rej "MB in" \
	seconds "cpu s" "MB/s" "floor" "docs/s" "line s" rep.ln "RSS MB"
row "-j1" j1
row "-j2" j2
row "-j1 --repeat-min 0" j1-norep
row "-j2 --repeat-min 0" j2-norep
awk -v a="$(field seconds "$dir/stats-j1.json")" -v b="$(field seconds "$dir/stats-j2.json")" \
	-v c="$(field seconds "$dir/stats-j1-norep.json")" \
	-v d="$(field seconds "$dir/stats-j2-norep.json")" \
	-v la="$(field seconds_line_pass "$dir/stats-j1.json")" \
	-v lb="$(field seconds_line_pass "$dir/stats-j2.json")" 'BEGIN {
	# (parenthesised: in awk, "printf ... x > 0" would redirect the output)
	printf "\nspeed-up -j2/-j1: %.2fx (without the line pass: %.2fx)\n", (b > 0 ? a / b : 0),
		(d > 0 ? c / d : 0)
	printf "repeated-line pass: %.3f s at -j1 (%.0f%% of the run), %.3f s at -j2 (%.0f%%)\n",
		la, (a > 0 ? 100 * la / a : 0), lb, (b > 0 ? 100 * lb / b : 0) }'
fi

# --- newsfold dedup ----------------------------------------------------------------------------
if want dedup; then
echo
echo "runs:   $nf dedup, best of $runs each ..."
bench_one dedup dedup-j1 -j1
bench_one dedup dedup-j2 -j2

drow() { # drow LABEL TAG
	local st=$dir/stats-$2.json
	awk -v label="$1" -v docs="$(field docs "$st")" -v bytes="$(field bytes_in "$st")" \
		-v secs="$(field seconds "$st")" -v rss="$(field max_rss_kb "$st")" \
		-v cpu="$(cat "$dir/cpu-$2.txt")" -v kept="$(field kept "$st")" \
		-v fam="$(field families "$st")" -v cand="$(field candidate_pairs "$st")" \
		-v ver="$(field verified_pairs "$st")" -v sk="$(field seconds_sketch "$st")" \
		-v vf="$(field seconds_verify "$st")" -v out="$(field seconds_output "$st")" \
		-v f="$fmbs" 'BEGIN {
		mb = bytes / 1e6; s = secs > 0 ? secs : 1e-9
		printf "%-14s %8d %8.1f %8.3f %8.3f %6.1f %6.2fx %7.0f %7.1f %6.0f %8d %7d %8d %8d" \
			" %7.3f %7.3f %7.3f\n", label, docs, mb, secs, cpu, mb / s,
			(f > 0 ? mb / s / f : 0), docs / s, rss / 1024,
			(docs > 0 ? rss * 1024 / docs : 0), kept, fam, cand, ver, sk, vf, out }'
}

echo
printf "%-14s %8s %8s %8s %8s %6s %7s %7s %7s %6s %8s %7s %8s %8s %7s %7s %7s\n" \
	"newsfold dedup" docs "MB in" seconds "cpu s" "MB/s" "floor" "docs/s" "RSS MB" "B/doc" kept fam. cand. verified \
	"sketch" "verify" "output"
drow "-j1" dedup-j1
drow "-j2" dedup-j2
awk -v a="$(field seconds "$dir/stats-dedup-j1.json")" \
	-v b="$(field seconds "$dir/stats-dedup-j2.json")" 'BEGIN {
	printf "\nspeed-up -j2/-j1: %.2fx\n", (b > 0 ? a / b : 0) }'

# recall of the planted copies: one more run (-j2) that writes the families
echo
rc=0
"$nf" dedup -q -j2 --groups "$dir/groups.jsonl" -o /dev/null "$corpus" \
	2> "$dir/stderr-dedup-groups.txt" || rc=$?
if [ $rc -ne 0 ]; then
	echo "bench: newsfold dedup --groups failed (exit $rc);" \
		"see $dir/stderr-dedup-groups.txt" >&2
	exit 1
fi
python3 bench/dedup-check.py "$truth" "$dir/groups.jsonl"
fi

# --- newsfold reuse ----------------------------------------------------------------------------
if want reuse; then
echo
echo "runs:   $nf reuse, best of $runs each ..."
bench_one reuse reuse-j1 -j1
bench_one reuse reuse-j2 -j2
bench_one reuse reuse-j2-mem -j2 --mem 256M

rrow() { # rrow LABEL TAG
	local st=$dir/stats-$2.json
	awk -v label="$1" -v docs="$(field docs "$st")" -v bytes="$(field bytes_in "$st")" \
		-v secs="$(field seconds "$st")" -v rss="$(field max_rss_kb "$st")" \
		-v cpu="$(cat "$dir/cpu-$2.txt")" -v cand="$(field candidate_pairs "$st")" \
		-v linked="$(field linked_pairs "$st")" -v pps="$(field pairs_per_second "$st")" \
		-v df="$(field max_df "$st")" -v ix="$(field seconds_index "$st")" \
		-v cs="$(field seconds_candidates "$st")" -v as="$(field seconds_align "$st")" \
		-v sr="$(field spilled_runs "$st")" -v f="$fmbs" 'BEGIN {
		mb = bytes / 1e6; s = secs > 0 ? secs : 1e-9
		printf "%-14s %8d %8.1f %8.3f %8.3f %6.1f %6.2fx %7.0f %7.1f %5d %8d %8d %8.0f %7.3f" \
			" %7.3f %7.3f %5d\n", label, docs, mb, secs, cpu, mb / s,
			(f > 0 ? mb / s / f : 0), docs / s, rss / 1024, df, cand, linked, pps, ix, cs,
			as, sr }'
}

echo
printf "%-14s %8s %8s %8s %8s %6s %7s %7s %7s %5s %8s %8s %8s %7s %7s %7s %5s\n" \
	"newsfold reuse" docs "MB in" seconds "cpu s" "MB/s" "floor" "docs/s" "RSS MB" "maxdf" \
	cand. linked "pairs/s" index cand.s align runs
rrow "-j1" reuse-j1
rrow "-j2" reuse-j2
rrow "-j2 --mem 256M" reuse-j2-mem
awk -v a="$(field seconds "$dir/stats-reuse-j1.json")" \
	-v b="$(field seconds "$dir/stats-reuse-j2.json")" 'BEGIN {
	printf "\nspeed-up -j2/-j1: %.2fx\n", (b > 0 ? a / b : 0) }'

# accuracy on planted passages (10-400 words, 0-10% word edits) in a corpus without copies
pdocs=${BENCH_PLANT_DOCS:-20000}
echo
echo "planted passages: $pdocs docs (nf-gen --dup-rate 0, bench/plant.py), newsfold reuse -j2 ..."
"$gen" --docs "$pdocs" --seed "$seed" --dup-rate 0 --out "$dir/plant-base.jsonl"
python3 bench/plant.py --in "$dir/plant-base.jsonl" --out "$dir/planted.jsonl" \
	--truth "$dir/planted-truth.jsonl" --seed "$seed"
rc=0
"$nf" reuse -q -j2 --stats-json "$dir/stats-reuse-planted.json" -o "$dir/planted-reuse.jsonl" \
	"$dir/planted.jsonl" 2> "$dir/stderr-reuse-planted.txt" || rc=$?
if [ $rc -ne 0 ]; then
	echo "bench: newsfold reuse on the planted corpus failed (exit $rc)" >&2
	exit 1
fi
python3 bench/reuse-check.py --corpus "$dir/planted.jsonl" --truth "$dir/planted-truth.jsonl" \
	--pairs "$dir/planted-reuse.jsonl"
fi

# --- newsfold stories --------------------------------------------------------------------------
if want stories; then
echo
echo "runs:   $nf stories -j2 (window 3d), once, with --assign; B-cubed against the truth ..."
rc=0
"$nf" stories -q -j2 --stats-json "$dir/stats-stories.json" --assign "$dir/stories-assign.tsv" \
	-o "$dir/stories.jsonl" "$corpus" 2> "$dir/stderr-stories.txt" || rc=$?
if [ $rc -ne 0 ]; then
	echo "bench: newsfold stories failed (exit $rc); see $dir/stderr-stories.txt" >&2
	exit 1
fi
st=$dir/stats-stories.json
echo
printf "%-16s %8s %8s %8s %6s %7s %7s %8s %8s %8s %8s %7s %7s\n" "newsfold stories" docs "MB in" \
	seconds "MB/s" "docs/s" "RSS MB" "live max" stories single largest "terms" cluster
awk -v docs="$(field docs "$st")" -v bytes="$(field bytes_in "$st")" \
	-v secs="$(field seconds "$st")" -v rss="$(field max_rss_kb "$st")" \
	-v live="$(field peak_live_docs "$st")" -v n="$(field stories "$st")" \
	-v one="$(field singletons "$st")" -v big="$(field largest "$st")" \
	-v ts="$(field seconds_terms "$st")" -v cs="$(field seconds_cluster "$st")" 'BEGIN {
	mb = bytes / 1e6; s = secs > 0 ? secs : 1e-9
	printf "%-16s %8d %8.1f %8.1f %6.1f %7.0f %7.1f %8d %8d %8d %8d %7.1f %7.1f\n", "-j2", docs,
		mb, secs, mb / s, docs / s, rss / 1024, live, n, one, big, ts, cs }'
cut -f1,2 "$truth" > "$dir/stories-gold.tsv"
echo
echo "planted stories (nf-gen's _story), newsfold eval:"
"$nf" eval --gold "$dir/stories-gold.tsv" "$dir/stories-assign.tsv"
fi

echo
busy_after=$(busy)
if [ "$busy_before" -gt 10 ] || [ "$busy_after" -gt 10 ]; then
	echo "note: other work was using the CPUs (${busy_before}% busy before the runs," \
		"${busy_after}% after): the figures, -j2 above all, are low"
fi
echo "(seconds = stats \"seconds\", wall clock, all passes; cpu s = user + sys of that run;"
echo " clean: line s = stats seconds_line_pass, the corpus pass for repeated lines (included in"
echo " seconds); rep.ln = repeated lines found;"
echo " dedup: B/doc = peak RSS bytes per document; kept, fam. (families of two or more), cand."
echo " (candidate pairs), verified (pairs linked) and sketch / verify / output seconds are the"
echo " stats' kept, families, candidate_pairs, verified_pairs and seconds_sketch /"
echo " seconds_verify / seconds_output; recall = copies in the same family as their original,"
echo " from $truth and $dir/groups.jsonl (default threshold: Jaccard 0.8);"
echo " floor = MB/s as a share of the floor measured above (bench/floor.c, one core);"
echo " reuse: maxdf = the document-frequency cap chosen, cand. = candidate pairs aligned,"
echo " linked = pairs sharing a counted span, pairs/s = candidate pairs aligned per second of"
echo " the alignment stage; index / cand.s / align = seconds of pass 1 (clean + fingerprints),"
echo " candidate generation and alignment; runs = sorted runs spilled to disk (--mem);"
echo " stories: live max = most articles held in live stories at once (stats peak_live_docs:"
echo " about a window's worth), single = stories of one article, terms / cluster = seconds of"
echo " pass 1 (clean + event terms, -j2) and of the clustering (one thread);"
echo " stats of the best runs: $dir/stats-*.json)"
