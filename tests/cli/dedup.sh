#!/usr/bin/env bash
# newsfold dedup: seeds, pass-through, determinism, pathological inputs, rejects.
. "$(dirname "$0")/lib.sh"

# the seeds are not near duplicates at J >= 0.8; --containment 0.6 links 000 and 003
must "seeds" "$NF" dedup -q --stats-json "$T/s.json" "$SHARED_DIR/seeds" >"$T/seeds.out"
check_eq "seeds: all five kept" "$(wc -l <"$T/seeds.out")" 5
check_eq "seeds: no family" "$(json_field "$T/s.json" families)" 0
must "seeds --containment" "$NF" dedup -q --containment 0.6 --pairs "$T/p.jsonl" \
	--groups "$T/g.jsonl" "$SHARED_DIR/seeds" >"$T/seeds2.out"
check_eq "--containment 0.6: four kept" "$(wc -l <"$T/seeds2.out")" 4
check "000-003 linked" grep -q '"a":"000_178ba02bec22a9d6","b":"003_2bd3702770134baa"' "$T/p.jsonl"
check_eq "one pair" "$(wc -l <"$T/p.jsonl")" 1
check "one family of two" grep -q '"size":2' "$T/g.jsonl"
check "seed output is JSON" valid_jsonl "$T/seeds2.out"

# generated corpus with planted copies: JSONL lines pass through byte for byte; -j1 = -j2
must "nf-gen" "$GEN" --docs 3000 --seed 11 --dup-rate 0.2 >"$T/gen.jsonl"
must "dedup -j1" "$NF" dedup -q -j1 --groups "$T/g1" --pairs "$T/p1" --stats-json "$T/d1.json" \
	"$T/gen.jsonl" >"$T/o1"
must "dedup -j2" "$NF" dedup -q -j2 --groups "$T/g2" --pairs "$T/p2" "$T/gen.jsonl" >"$T/o2"
check "-j1 = -j2 output" cmp -s "$T/o1" "$T/o2"
check "-j1 = -j2 groups" cmp -s "$T/g1" "$T/g2"
check "-j1 = -j2 pairs" cmp -s "$T/p1" "$T/p2"
kept=$(json_field "$T/d1.json" kept)
check_eq "kept lines" "$(wc -l <"$T/o1")" "$kept"
check "duplicates found" test "$(json_field "$T/d1.json" duplicates)" -gt 100
missing=$(grep -vxFf "$T/gen.jsonl" "$T/o1" | wc -l)
check_eq "kept records are input lines, unchanged" "$missing" 0
# every verified pair really is over the threshold: its Jaccard recomputed here from the tokens
# newsfold clean prints (boilerplate out, word 5-grams; dedup has no corpus line pass)
must "clean --tokens" "$NF" clean -q --tokens --repeat-min 0 "$T/gen.jsonl" >"$T/tok.jsonl"
pycheck /dev/stdin "$T/tok.jsonl" "$T/p1" <<'PY'
import json, sys
sh = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    w = [t[2] for t in d["token_list"] if not t[3] & 1]  # flag 1: boilerplate
    n = min(5, len(w))
    sh[d["id"]] = {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
pairs = [json.loads(line) for line in open(sys.argv[2])]
js = [len(sh[p["a"]] & sh[p["b"]]) / len(sh[p["a"]] | sh[p["b"]]) for p in pairs]
print(("ok" if len(pairs) > 100 else "FAIL") + ": more than 100 verified pairs (got %d)" % len(pairs))
low = [(p["a"], p["b"], j) for p, j in zip(pairs, js) if j < 0.8]
print(("FAIL" if low else "ok") + ": every pair's recomputed Jaccard >= 0.8 (%s)" % low[:3])
off = max(abs(j - p["jaccard"]) for p, j in zip(pairs, js))
print(("ok" if off <= 5e-5 else "FAIL") + ": the reported Jaccard is the recomputed one, to 4 decimals (off by %g)" % off)
PY
# exact copies planted by the generator are all found
python3 - "$T/gen.jsonl" "$T/g1" >"$T/exact.txt" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
fam = {}
for l in open(sys.argv[2]):
    g = json.loads(l)
    for m in g["members"]:
        fam[m] = g["family"]
exact = [d for d in docs if d.get("_copy_kind") == "exact"]
found = sum(1 for d in exact if d["id"] in fam and fam[d["id"]] == fam.get(d["_copy_of"]))
print(len(exact), found)
PY
read -r nexact nfound <"$T/exact.txt"
check "generator planted exact copies" test "$nexact" -gt 10
check_eq "every exact copy joined its original" "$nfound" "$nexact"

# 100 000 identical documents: one family, one kept
python3 -c '
for i in range(100000):
    print("{\"id\":%d,\"text\":\"The same wire story, printed by every outlet in the land.\"}" % i)' >"$T/same.jsonl"
must "100k identical" timeout 300 "$NF" dedup -q --stats-json "$T/same.json" "$T/same.jsonl" >"$T/same.out"
check_eq "100k identical: one kept" "$(wc -l <"$T/same.out")" 1
check_eq "100k identical: one family" "$(json_field "$T/same.json" families)" 1
check_eq "the first is kept (no dates, same length)" "$(cut -c1-8 "$T/same.out")" '{"id":0,'
# one token repeated a million times, and empty documents
python3 -c '
print("{\"id\":\"rep\",\"text\":\"" + "word " * 1000000 + "\"}")
print("{\"id\":\"rep2\",\"text\":\"" + "word " * 999999 + "\"}")
print("{\"id\":\"empty\",\"text\":\"  ... \"}")' >"$T/rep.jsonl"
must "repeated token" "$NF" dedup -q --stats-json "$T/rep.json" --rejects "$T/rep.rej" "$T/rep.jsonl" >"$T/rep.out"
check_eq "repeated token: the two are one family" "$(wc -l <"$T/rep.out")" 1
check "empty document rejected" grep -q '"reason":"empty"' "$T/rep.rej"
# 10 000 documents sharing one paragraph among their own text: not merged
python3 -c '
import random
r = random.Random(5)
syl = ["ka","lo","mi","ne","ru","sa","to","vi","pe","da","gu","zo","fi","ha","bo","ye"]
w = lambda: "".join(r.choice(syl) for _ in range(r.randint(2, 4)))
shared = " ".join(w() for _ in range(40))
for i in range(10000):
    a = " ".join(w() for _ in range(120)); b = " ".join(w() for _ in range(120))
    print("{\"id\":\"s%d\",\"text\":\"%s\\n\\n%s\\n\\n%s\"}" % (i, a, shared, b))' >"$T/shared.jsonl"
must "shared paragraph" timeout 600 "$NF" dedup -q --stats-json "$T/sh.json" "$T/shared.jsonl" >"$T/sh.out"
check_eq "shared paragraph: all 10000 kept" "$(json_field "$T/sh.json" kept)" 10000
# short templated articles, all near duplicates of each other: one family, with work linear in
# their number (each newcomer is verified against a few members of the family, not all)
ntpl=${SANFLAGS:+1000} # under the sanitizers, half as many (the same work per article)
ntpl=${ntpl:-2000}
must "templated" python3 "$(dirname "$0")/templated.py" "$ntpl" "$T/tpl1.jsonl"
must "templated x4" python3 "$(dirname "$0")/templated.py" $((4 * ntpl)) "$T/tpl4.jsonl"
must "dedup templated" "$NF" dedup -q --stats-json "$T/tpl1.json" --groups "$T/tpl1-groups.jsonl" "$T/tpl1.jsonl" >/dev/null
must "dedup templated x4" "$NF" dedup -q -j1 --stats-json "$T/tpl4.json" "$T/tpl4.jsonl" >"$T/tpl4-j1.out"
must "dedup templated x4 -j2" "$NF" dedup -q -j2 --pairs "$T/tpl4-pairs2.jsonl" "$T/tpl4.jsonl" >"$T/tpl4-j2.out"
must "dedup templated x4 -j1 pairs" "$NF" dedup -q -j1 --pairs "$T/tpl4-pairs1.jsonl" "$T/tpl4.jsonl" >/dev/null
check_eq "templated: one kept" "$(json_field "$T/tpl1.json" kept)" 1
check_eq "templated x4: one kept" "$(json_field "$T/tpl4.json" kept)" 1
c1=$(json_field "$T/tpl1.json" candidate_pairs)
c4=$(json_field "$T/tpl4.json" candidate_pairs)
check "templated: candidates linear ($c1 for $ntpl articles), not n^2/2" test "$c1" -le $((64 * ntpl))
check "templated x4: at most 6x the candidates ($c1 -> $c4)" test "$c4" -le $((6 * c1))
check "templated x4: -j1 = -j2, pairs too" cmp -s "$T/tpl4-pairs1.jsonl" "$T/tpl4-pairs2.jsonl"
check_usage "bad --threshold" "$NF" dedup --threshold 2 "$T/rep.jsonl"
check_usage "bad --method" "$NF" dedup --method foo "$T/rep.jsonl"
# --explain: the bands x rows choice on stderr; the output is unchanged
must "--explain" "$NF" dedup -q --explain "$SHARED_DIR/seeds" >"$T/explain.out" 2>"$T/explain.err"
check "--explain: bands x rows on stderr" grep -q '16 bands x 8 rows' "$T/explain.err"
check "--explain: same output" cmp -s "$T/explain.out" "$T/seeds.out"
# SimHash candidates: the planted exact copies go, every kept line is an input line
must "simhash" "$NF" dedup -q --method simhash --stats-json "$T/sim.json" "$T/gen.jsonl" >"$T/sim.out"
check "simhash: every kept record is an input line" test "$(grep -cvxFf "$T/gen.jsonl" "$T/sim.out")" -eq 0
check "simhash: at least the exact copies removed ($nexact)" \
	test "$(wc -l <"$T/sim.out")" -le $((3000 - nexact))
check_eq "simhash: kept = lines out" "$(json_field "$T/sim.json" kept)" "$(wc -l <"$T/sim.out")"
finish
