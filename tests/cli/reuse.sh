#!/usr/bin/env bash
# newsfold reuse: the seed articles, offsets, determinism, pathological inputs, rejects.
. "$(dirname "$0")/lib.sh"

here=$(dirname "$0")

# --- the seeds: relations, coverages, quotes, offsets into the original files -------------------
must "seeds" "$NF" reuse -q --stats-json "$T/s.json" "$SHARED_DIR/seeds" >"$T/seeds.jsonl"
check "seeds: output is JSON lines" valid_jsonl "$T/seeds.jsonl"
pycheck "$here/reuse_seeds.py" "$SHARED_DIR/seeds" "$T/seeds.jsonl"
check_eq "seeds: 5 documents" "$(json_field "$T/s.json" docs)" 5
# the 004 quote is only found once the mojibake is repaired: one of its two spans is in the
# mojibake line
n004=$(grep -c '"b":"004_2422c1bc8e90a2b2"' "$T/seeds.jsonl")
check_eq "seeds: 004 linked to three articles" "$n004" 3

# --- determinism: -j1 = -j2, byte for byte -----------------------------------------------------
must "nf-gen" "$GEN" --docs 3000 --seed 5 --dup-rate 0.2 >"$T/gen.jsonl"
must "reuse -j1" "$NF" reuse -q -j1 --stats-json "$T/g1.json" "$T/gen.jsonl" >"$T/r1"
must "reuse -j2" "$NF" reuse -q -j2 "$T/gen.jsonl" >"$T/r2"
check "generated: -j1 = -j2" cmp -s "$T/r1" "$T/r2"
check "generated: pairs found" test "$(wc -l <"$T/r1")" -gt 100
check "generated: output is JSON lines" valid_jsonl "$T/r1"
# planted copies (exact, reprint, edited, partial) are all found as reuse of their original
pycheck /dev/stdin "$T/gen.jsonl" "$T/r1" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
found = set()
for l in open(sys.argv[2]):
    p = json.loads(l)
    if "family" not in p:
        found.add((p["a"], p["b"]))
planted = [d for d in docs if "_copy_of" in d]
miss = [d["id"] for d in planted if (d["_copy_of"], d["id"]) not in found]
print(("ok" if len(planted) > 300 else "FAIL") + ": generated: %d planted copies" % len(planted))
print(("FAIL" if miss else "ok") + ": generated: every planted copy linked to its original (missed %s)" % miss[:5])
PY
# --mem: a budget small enough to send the postings and pair keys to sorted runs on disk; the
# output and the work counters are those of the run held in memory, byte for byte
must "reuse --mem 2M" "$NF" reuse -q -j2 --mem 2M --stats-json "$T/gm.json" "$T/gen.jsonl" >"$T/rm"
check "--mem 2M: the same output as in memory" cmp -s "$T/r1" "$T/rm"
check "--mem 2M: postings and keys went to disk" test "$(json_field "$T/gm.json" spilled_runs)" -gt 4
check_eq "--mem 2M: in memory, nothing on disk" "$(json_field "$T/g1.json" spilled_runs)" 0
for k in fingerprints distinct_fingerprints max_df dropped_common pair_work candidate_pairs \
	pivot_work pivot_pairs; do
	check_eq "--mem 2M: $k as in memory" "$(json_field "$T/gm.json" $k)" \
		"$(json_field "$T/g1.json" $k)"
done
check_usage "--mem 1M: under the least budget" "$NF" reuse -q --mem 1M "$T/gen.jsonl"
check_usage "--mem lots: not a size" "$NF" reuse -q --mem lots "$T/gen.jsonl"
# the temporary files go to --tmpdir, else $TMPDIR: a directory that is not there says so
check_usage "--tmpdir missing: a clear error" "$NF" reuse -q --mem 2M --tmpdir "$T/nowhere" \
	"$T/gen.jsonl"
grep -q "nowhere\|temporary\|I/O" "$T/.usage.err"
check_eq "--tmpdir missing: the message says what failed" "$?" 0
TMPDIR="$T/nowhere" "$NF" reuse -q --mem 2M "$T/gen.jsonl" >/dev/null 2>&1
check_eq "TMPDIR missing: an error (exit 2)" "$?" 2
mkdir -p "$T/tmpd"
must "--tmpdir DIR" "$NF" reuse -q --mem 2M --tmpdir "$T/tmpd" "$T/gen.jsonl" >"$T/rt"
check "--tmpdir DIR: the same output" cmp -s "$T/r1" "$T/rt"
check_eq "--tmpdir DIR: nothing left behind" "$(ls -A "$T/tmpd" | wc -l)" 0
# --window: pairs further apart in time are left out
must "--window 1d" "$NF" reuse -q --window 1d --stats-json "$T/w.json" "$T/gen.jsonl" >"$T/rw"
check "--window 1d leaves pairs out" test "$(json_field "$T/w.json" out_of_window)" -gt 0
check "--window 1d: fewer pairs" test "$(wc -l <"$T/rw")" -lt "$(wc -l <"$T/r1")"
must "--mem 2M --window 1d" "$NF" reuse -q --mem 2M --window 1d --stats-json "$T/wm.json" \
	"$T/gen.jsonl" >"$T/rwm"
check "--mem 2M --window 1d: the same output as in memory" cmp -s "$T/rw" "$T/rwm"
check_eq "--mem 2M --window 1d: out_of_window as in memory" \
	"$(json_field "$T/wm.json" out_of_window)" "$(json_field "$T/w.json" out_of_window)"

# --- planted passages: 10-400 words with 0-10% word edits inside unrelated text -----------------
must "nf-gen" "$GEN" --docs 2000 --seed 7 --dup-rate 0 >"$T/c.jsonl"
must "plant.py" python3 "$TOP/bench/plant.py" --in "$T/c.jsonl" --out "$T/planted.jsonl" \
	--truth "$T/truth.jsonl" 2>/dev/null
must "reuse planted" "$NF" reuse -q -j2 "$T/planted.jsonl" >"$T/planted.out"
must "reuse-check.py" python3 "$TOP/bench/reuse-check.py" --json --corpus "$T/planted.jsonl" \
	--truth "$T/truth.jsonl" --pairs "$T/planted.out" >"$T/check.json"
pycheck /dev/stdin "$T/check.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
m, p = f["main"], f["pairs"]
print(("ok" if m["passages"] >= 100 else "FAIL") + f": planted: {m['passages']} passages of 20+ words")
print(("ok" if m["recall"] >= 0.95 else "FAIL") + f": planted: {m['recall']:.3f} of passages of 20+ words found, boundaries within 3 words (>= 0.95)")
print(("ok" if m["boundary_error_max"] <= 3 else "FAIL") + ": planted: boundary error at most 3 words")
print(("ok" if p["unrelated_boilerplate_only"] == 0 else "FAIL") + ": planted: no pair of unrelated documents through boilerplate")
print(("ok" if p["unrelated"] <= 2 else "FAIL") + f": planted: unrelated pairs (stock phrases) {p['unrelated']} <= 2")
print(("ok" if p["bad_offsets"] == 0 else "FAIL") + ": planted: every offset in range, on a UTF-8 boundary")
PY

# --- pathological inputs -----------------------------------------------------------------------
cat >"$T/patho.py" <<'PY'
import json, random, sys
t = sys.argv[1]
rng = random.Random(3)
syll = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "an", "zu", "ko", "ber", "ti"]
vocab = sorted({"".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) for _ in range(20000)})
def text(n):
    return " ".join(rng.choice(vocab) for _ in range(n))
para = text(120)
w = lambda f, recs: open(f"{t}/{f}", "w").write("".join(json.dumps(r) + "\n" for r in recs))
# two identical documents
w("ident.jsonl", [{"id": "x", "text": para}, {"id": "y", "text": para}])
# one document containing another 50 times
w("fifty.jsonl", [{"id": "one", "text": para}, {"id": "many", "text": "\n\n".join([para] * 50)}])
# 10 000 documents sharing one paragraph, otherwise unrelated
shared = text(60)
w("shared.jsonl", [{"id": i, "text": text(150) + "\n\n" + shared + "\n\n" + text(50)}
                   for i in range(10000)])
# 1 MB documents: b holds a 2 000-word passage of a
a = text(150000)
words = a.split(" ")
passage = " ".join(words[70000:72000])
b = text(80000) + " " + passage + " " + text(70000)
w("big.jsonl", [{"id": "big-a", "text": a}, {"id": "big-b", "text": b}])
PY
must "pathological inputs" python3 - "$T" <"$T/patho.py"
must "identical" "$NF" reuse -q "$T/ident.jsonl" >"$T/ident.out"
pycheck /dev/stdin "$T/ident.out" <<'PY'
import json, sys
p = [json.loads(l) for l in open(sys.argv[1])]
print(("ok" if len(p) == 1 else "FAIL") + ": identical: one pair")
s = p[0]["spans"] if p else []
print(("ok" if p and p[0]["relation"] == "copy" and p[0]["coverage_a"] == 1 and p[0]["coverage_b"] == 1 else "FAIL") + ": identical: copy, coverage 1")
print(("ok" if len(s) == 1 and s[0]["kind"] == "verbatim" and s[0]["words_a"] == 120 else "FAIL") + ": identical: one verbatim span of 120 words")
PY
must "fifty" "$NF" reuse -q "$T/fifty.jsonl" >"$T/fifty.out"
pycheck /dev/stdin "$T/fifty.out" <<'PY'
import json, sys
p = [json.loads(l) for l in open(sys.argv[1])]
ok = len(p) == 1 and p[0]["relation"] == "copy"
print(("ok" if ok else "FAIL") + ": contained 50 times: a copy")
s = p[0]["spans"] if p else []
print(("ok" if len(s) == 50 and all(x["words_a"] == 120 and x["words_b"] == 120 for x in s) else "FAIL") + f": contained 50 times: 50 spans of 120 words (got {len(s)})")
print(("ok" if p and p[0]["coverage_a"] == 1 and p[0]["coverage_b"] == 1 else "FAIL") + ": contained 50 times: both wholly covered")
PY
must "shared paragraph" "$NF" reuse -q --stats-json "$T/sh.json" "$T/shared.jsonl" >"$T/shared.out"
check "10 000 sharing a paragraph: the paragraph's fingerprints are over the df cap" \
	test "$(json_field "$T/sh.json" dropped_common)" -ge 10
check "10 000 sharing a paragraph: pair work stays linear" \
	test "$(json_field "$T/sh.json" pair_work)" -le $((256 * 10000 + 10000000))
check "10 000 sharing a paragraph: candidates stay linear, not 5x10^7" \
	test "$(json_field "$T/sh.json" candidate_pairs)" -le 100000
# the few pairs found through the paragraph's rare edge fingerprints really share it, all of it
pycheck /dev/stdin "$T/shared.out" <<'PY'
import json, sys
p = [json.loads(l) for l in open(sys.argv[1])]
fam = [x for x in p if "family" in x]
p = [x for x in p if "family" not in x]
print(("ok" if len(fam) == 1 and len(fam[0]["family"]) == 10000 else "FAIL") + ": 10 000 sharing a paragraph: one family of them all")
bad = [x for x in p if len(x["spans"]) != 1 or not 60 <= x["spans"][0]["words_a"] <= 61]
print(("ok" if not bad else "FAIL") + f": 10 000 sharing a paragraph: every reported span is the paragraph ({len(bad)} of {len(p)} not)")
PY
# a wire carried by hundreds: every copy linked through one family, with linear work
must "wire copies" python3 "$(dirname "$0")/wire.py" 600 "$T/w600.jsonl"
must "wire copies x4" python3 "$(dirname "$0")/wire.py" 2400 "$T/w2400.jsonl"
must "nf-gen (background)" "$GEN" --docs 1000 --seed 5 --out "$T/bg.jsonl" --truth "$T/bg.truth"
cat "$T/w600.jsonl" "$T/bg.jsonl" >"$T/wmix.jsonl"
must "reuse, 600 copies of a wire" "$NF" reuse -q --stats-json "$T/w.json" "$T/wmix.jsonl" >"$T/w.out"
must "reuse, 2400 copies" "$NF" reuse -q --stats-json "$T/w4.json" "$T/w2400.jsonl" >/dev/null
must "reuse, 600 copies alone" "$NF" reuse -q --stats-json "$T/w1.json" "$T/w600.jsonl" >/dev/null
must "reuse --mem 2M, 600 copies" "$NF" reuse -q --mem 2M --stats-json "$T/wmm.json" \
	"$T/wmix.jsonl" >"$T/wm.out"
check "600 copies of a wire, --mem 2M: the same pairs and family as in memory" \
	cmp -s "$T/w.out" "$T/wm.out"
check "... postings on disk" test "$(json_field "$T/wmm.json" spilled_runs)" -gt 0
pycheck /dev/stdin "$T/w.out" "$T/w.json" "$T/w1.json" "$T/w4.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
st, s1, s4 = (json.load(open(f)) for f in sys.argv[2:5])
def check(c, w): print(("ok: " if c else "FAIL: ") + w)
fam = [f for f in lines if "family" in f and any(str(x).startswith("w") for x in f["family"])]
wire = ["w%04d" % i for i in range(600)]
check(len(fam) == 1 and sorted(fam[0]["family"]) == wire, "600 copies of a wire: one family of all 600")
check(fam and fam[0]["origin"] in wire and min(fam[0]["coverage"]) > 0.9, "... its origin one of them, every copy covered")
pairs = sum(1 for p in lines if "a" in p and str(p["a"]).startswith("w") and str(p["b"]).startswith("w"))
check(599 <= pairs <= 10 * 600, "... linked by %d pairs, not 600x599/2" % pairs)
check(st["pivot_pairs"] >= 599 and st["families"] >= 1, "... through pivot pairs (stats)")
check(s4["pair_work"] <= 6 * s1["pair_work"] and s4["candidate_pairs"] <= 6 * s1["candidate_pairs"],
      "4x the copies: at most 6x the pair work (%d -> %d) and candidates (%d -> %d)" %
      (s1["pair_work"], s4["pair_work"], s1["candidate_pairs"], s4["candidate_pairs"]))
PY
"$NF" stories -q --links "$T/w.out" --assign "$T/w-assign.tsv" "$T/w600.jsonl" >/dev/null 2>"$T/w-stories.err"
check_eq "stories --links with a family line: exit 0" "$?" 0
check_eq "... no bad line reported" "$(grep -c 'bad' "$T/w-stories.err")" 0
check_eq "... the 600 copies in one story" "$(cut -f2 "$T/w-assign.tsv" | sort -u | wc -l)" 1
must "1 MB documents" "$NF" reuse -q "$T/big.jsonl" >"$T/big.out"
pycheck /dev/stdin "$T/big.out" "$T/big.jsonl" <<'PY'
import json, sys
p = [json.loads(l) for l in open(sys.argv[1])]
docs = [json.loads(l) for l in open(sys.argv[2])]
ok = len(p) == 1 and len(p[0]["spans"]) == 1
print(("ok" if ok else "FAIL") + ": 1 MB documents: one span")
if ok:
    s = p[0]["spans"][0]
    a = docs[0]["text"].encode()[s["a_start"]:s["a_end"]]
    b = docs[1]["text"].encode()[s["b_start"]:s["b_end"]]
    print(("ok" if a == b and len(a.split()) == 2000 else "FAIL") + ": 1 MB documents: the 2 000-word passage, exactly")
PY

# --- bad input: counted, written to the rejects, the run goes on --------------------------------
printf '%s\n' '{"id":"a","text":"one two three four five six seven eight nine ten eleven twelve"}' \
	'{"id":"b","text":' '{"id":"c","text":""}' '{"id":"a","text":"dup"}' \
	'{"id":"d","text":"one two three four five six seven eight nine ten eleven twelve"}' \
	>"$T/bad.jsonl"
"$NF" reuse -q --rejects "$T/rej.jsonl" --stats-json "$T/b.json" "$T/bad.jsonl" >"$T/bad.out"
check_eq "bad input: exit 0 (no --max-errors)" "$?" 0
check_eq "bad input: three rejects" "$(wc -l <"$T/rej.jsonl")" 3
check_eq "bad input: the good pair is still found" "$(grep -c '"a":"a","b":"d"' "$T/bad.out")" 1
check_usage "unknown option" "$NF" reuse --no-such-option
check_usage "bad --window" "$NF" reuse --window 3x "$T/bad.jsonl"
check_help "help" --min-block "$NF" reuse --help
finish
