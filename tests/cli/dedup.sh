#!/usr/bin/env bash
# newsfold dedup: seeds, pass-through, determinism, pathological inputs, rejects.
. "$(dirname "$0")/lib.sh"

# the seeds are not near duplicates at J >= 0.8; --containment 0.6 links 000 and 003
"$NF" dedup -q --stats-json "$T/s.json" "$SHARED_DIR/seeds" >"$T/seeds.out"
check_eq "seeds: all five kept" "$(wc -l <"$T/seeds.out")" 5
check_eq "seeds: no family" "$(json_field "$T/s.json" families)" 0
"$NF" dedup -q --containment 0.6 --pairs "$T/p.jsonl" --groups "$T/g.jsonl" "$SHARED_DIR/seeds" \
	>"$T/seeds2.out"
check_eq "--containment 0.6: four kept" "$(wc -l <"$T/seeds2.out")" 4
check "000-003 linked" grep -q '"a":"000_178ba02bec22a9d6","b":"003_2bd3702770134baa"' "$T/p.jsonl"
check_eq "one pair" "$(wc -l <"$T/p.jsonl")" 1
check "one family of two" grep -q '"size":2' "$T/g.jsonl"
check "seed output is JSON" valid_jsonl "$T/seeds2.out"

# generated corpus with planted copies: JSONL lines pass through byte for byte; -j1 = -j2
"$GEN" --docs 3000 --seed 11 --dup-rate 0.2 >"$T/gen.jsonl"
"$NF" dedup -q -j1 --groups "$T/g1" --pairs "$T/p1" --stats-json "$T/d1.json" "$T/gen.jsonl" >"$T/o1"
"$NF" dedup -q -j2 --groups "$T/g2" --pairs "$T/p2" "$T/gen.jsonl" >"$T/o2"
check "-j1 = -j2 output" cmp -s "$T/o1" "$T/o2"
check "-j1 = -j2 groups" cmp -s "$T/g1" "$T/g2"
check "-j1 = -j2 pairs" cmp -s "$T/p1" "$T/p2"
kept=$(json_field "$T/d1.json" kept)
check_eq "kept lines" "$(wc -l <"$T/o1")" "$kept"
check "duplicates found" test "$(json_field "$T/d1.json" duplicates)" -gt 100
missing=$(grep -vxFf "$T/gen.jsonl" "$T/o1" | wc -l)
check_eq "kept records are input lines, unchanged" "$missing" 0
# every verified near pair really is over the threshold
bad=$(python3 -c '
import json,sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["jaccard"] < 0.8))' "$T/p1")
check_eq "verified pairs over the threshold" "$bad" 0
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
timeout 300 "$NF" dedup -q --stats-json "$T/same.json" "$T/same.jsonl" >"$T/same.out"
check_eq "100k identical: one kept" "$(wc -l <"$T/same.out")" 1
check_eq "100k identical: one family" "$(json_field "$T/same.json" families)" 1
check_eq "the first is kept (no dates, same length)" "$(cut -c1-8 "$T/same.out")" '{"id":0,'
# one token repeated a million times, and empty documents
python3 -c '
print("{\"id\":\"rep\",\"text\":\"" + "word " * 1000000 + "\"}")
print("{\"id\":\"rep2\",\"text\":\"" + "word " * 999999 + "\"}")
print("{\"id\":\"empty\",\"text\":\"  ... \"}")' >"$T/rep.jsonl"
"$NF" dedup -q --stats-json "$T/rep.json" --rejects "$T/rep.rej" "$T/rep.jsonl" >"$T/rep.out"
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
timeout 600 "$NF" dedup -q --stats-json "$T/sh.json" "$T/shared.jsonl" >"$T/sh.out"
check_eq "shared paragraph: all 10000 kept" "$(json_field "$T/sh.json" kept)" 10000
check_exit "bad --threshold" 2 "$NF" dedup --threshold 2 "$T/rep.jsonl"
check_exit "bad --method" 2 "$NF" dedup --method foo "$T/rep.jsonl"
check "--explain" "$NF" dedup -q --explain "$SHARED_DIR/seeds"
"$NF" dedup -q --method simhash "$T/gen.jsonl" >"$T/sim.out"
check "simhash method runs" test -s "$T/sim.out"
finish
