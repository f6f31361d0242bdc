#!/usr/bin/env bash
# Every documented option of every command (--help and newsfold(1)), each with a check that fails
# when the option is ignored: a run with the option is compared with a run without it, or with a
# value only the option can produce. Options already checked that way elsewhere (clean_*.sh,
# dedup.sh, reuse.sh, stories.sh, digest.sh, report.sh, compare.sh, eval.sh) are not checked again
# here; the options every reading command shares (-j, -o, --rejects, --stats-json, --max-errors,
# --strict, --max-line, --*-field, --auto-id, -q) are checked once per command at the end.
. "$(dirname "$0")/lib.sh"

S=$SHARED_DIR/seeds
ECB=$SHARED_DIR/eval/ecbplus-dev
s000=$S/000_178ba02bec22a9d6.txt
s003=$S/003_2bd3702770134baa.txt
s004=$S/004_2422c1bc8e90a2b2.txt
# stat FILE KEY: a counter from a --stats-json file
stat() { json_field "$@"; }

# ================================ clean ==========================================================
# -j / --threads: the stats name the thread count asked for (not the default, all cores)
must "clean -j1" "$NF" clean -q -j1 --stats-json "$T/j1.json" "$S" >"$T/j1.out"
must "clean -j 3" "$NF" clean -q -j 3 --stats-json "$T/j3.json" "$S" >"$T/j3.out"
must "clean --threads 3" "$NF" clean -q --threads 3 --stats-json "$T/t3.json" "$S" >/dev/null
check_eq "clean -j1: stats threads 1" "$(stat "$T/j1.json" threads)" 1
check_eq "clean -j 3: stats threads 3" "$(stat "$T/j3.json" threads)" 3
check_eq "clean --threads 3: stats threads 3" "$(stat "$T/t3.json" threads)" 3
check "clean -j 3: output identical to -j1" cmp -s "$T/j1.out" "$T/j3.out"
# --output (long form; -o is in clean_basic.sh)
check_eq "clean --output FILE: nothing on stdout" "$("$NF" clean -q --output "$T/long-o.out" "$S")" ""
check "clean --output FILE: the records of a run to stdout" cmp -s "$T/j1.out" "$T/long-o.out"

# --id-field --text-field --title-field --source-field --url-field --date-field: a record with
# renamed fields (and decoy id, text and title fields under the default names); with all six
# options every value is read from its renamed field; without one of them the value comes from the
# decoy (id, text, title) or is missing (source, url, date)
cat >"$T/fields.jsonl" <<'EOF'
{"doc_id":"r1","body":"Ministers met in Brussels on Monday. They agreed a new budget for farms.","headline":"Budget deal","outlet":"Daily Post","link":"https://example.com/r1","when":"2025-03-04","id":"wrong","text":"Wrong text field.","title":"Wrong title"}
EOF
F=(--id-field doc_id --text-field body --title-field headline --source-field outlet --url-field link
	--date-field when)
must "clean with the six field options" "$NF" clean -q "${F[@]}" "$T/fields.jsonl" >"$T/fields-all.out"
for k in 0 2 4 6 8 10; do
	must "clean without ${F[k]}" "$NF" clean -q "${F[@]:0:k}" "${F[@]:k+2}" "$T/fields.jsonl" \
		>"$T/fields-no${F[k]}.out"
done
pycheck /dev/stdin "$T" <<'PY'
import json, sys
t = sys.argv[1]
def recs(name):
    return [json.loads(l) for l in open("%s/fields-%s.out" % (t, name), encoding="utf-8")]
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
a = recs("all")
r = a[0] if len(a) == 1 else {}
want = {"id": "r1", "title": "Budget deal", "source": "Daily Post", "url": "https://example.com/r1",
        "date": "2025-03-04", "text": "Ministers met in Brussels on Monday. They agreed a new budget for farms."}
for k, v in want.items():
    check(r.get(k) == v, "clean --%s-field: %s read from the renamed field (got %r)" % (k, k, r.get(k)))
check(r.get("time") == 1741046400, "clean --date-field: the renamed date is parsed (time %r)" % r.get("time"))
no_id = recs("no--id-field")
check(len(no_id) == 1 and no_id[0]["id"] == "wrong",
      "clean without --id-field: the id comes from the default field 'id' (got %s)" % [x["id"] for x in no_id])
no_text = recs("no--text-field")
check(len(no_text) == 1 and no_text[0]["text"] == "Wrong text field.",
      "clean without --text-field: the text comes from the default field 'text'")
no_title = recs("no--title-field")
check(len(no_title) == 1 and no_title[0].get("title") == "Wrong title",
      "clean without --title-field: the title comes from the default field 'title'")
for opt, key in (("source", "source"), ("url", "url"), ("date", "date")):
    x = recs("no--%s-field" % opt)
    check(len(x) == 1 and key not in x[0], "clean without --%s-field: no %s" % (opt, key))
PY

# --auto-id: a record without an id gets FILE:LINE instead of being rejected
printf '%s\n' '{"id":"x","text":"One story here."}' '{"text":"No id but words."}' >"$T/noid.jsonl"
must "clean --auto-id" "$NF" clean -q --auto-id --stats-json "$T/auto.json" "$T/noid.jsonl" >"$T/auto.out"
must "clean (no --auto-id)" "$NF" clean -q --stats-json "$T/noauto.json" "$T/noid.jsonl" >"$T/noauto.out"
check_eq "clean --auto-id: the record without id is noid.jsonl:2" \
	"$(sed -n 2p "$T/auto.out" | cut -d'"' -f4)" "noid.jsonl:2"
check_eq "clean --auto-id: no reject" "$(stat "$T/auto.json" rejects)" 0
check_eq "clean without --auto-id: the record without id is rejected" "$(stat "$T/noauto.json" rejects)/$(wc -l <"$T/noauto.out")" "1/1"

# -q / --quiet: per-record messages on stderr without it, none with it
"$NF" clean "$T/noid.jsonl" >/dev/null 2>"$T/loud.err"
check "clean without -q: the reject is reported on stderr with file:line" grep -q 'noid.jsonl:2: missing-field' "$T/loud.err"
"$NF" clean -q "$T/noid.jsonl" >/dev/null 2>"$T/q.err"
check_eq "clean -q: nothing on stderr" "$(wc -c <"$T/q.err")" 0
"$NF" clean --quiet "$T/noid.jsonl" >/dev/null 2>"$T/q.err"
check_eq "clean --quiet: nothing on stderr" "$(wc -c <"$T/q.err")" 0

# --tokens, --norm, --no-boilerplate: a text with a byline and share lines
printf '%s\n' '{"id":"b1","text":"By Jane Smith, Staff Reporter\n\nThe council approved the new park on Monday after a long debate about costs.\n\nSign up for our newsletter\n\nShare on Facebook\n\nWork starts in May, the mayor said."}' >"$T/bp.jsonl"
must "clean (boilerplate)" "$NF" clean -q "$T/bp.jsonl" >"$T/bp.out"
must "clean --tokens" "$NF" clean -q --tokens "$T/bp.jsonl" >"$T/bp-tok.out"
must "clean --norm" "$NF" clean -q --norm "$T/bp.jsonl" >"$T/bp-norm.out"
must "clean --no-boilerplate" "$NF" clean -q --no-boilerplate "$T/bp.jsonl" >"$T/bp-nob.out"
pycheck /dev/stdin "$T/bp.out" "$T/bp-tok.out" "$T/bp-norm.out" "$T/bp-nob.out" <<'PY'
import json, sys
plain, tok, norm, nob = (json.loads(open(f, encoding="utf-8").readline()) for f in sys.argv[1:5])
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
check("token_list" not in plain and "norm" not in plain, "clean: no token_list or norm by default")
tl = tok.get("token_list", [])
check(len(tl) == tok["tokens"] == 34 and "norm" not in tok,
      "clean --tokens: token_list has all 34 tokens (got %d), and no norm" % len(tl))
check(tl[:1] == [[0, 2, "by", 21]], "clean --tokens: first token [0,2,\"by\",21] (boilerplate, capital, sentence start): %s" % tl[:1])
check(all(plain["text"].encode()[s:e].decode().lower() == w for s, e, w, f in tl),
      "clean --tokens: every token's offsets point at its word")
check(norm.get("norm") == "by jane smith staff reporter the council approved the new park on monday after "
      "a long debate about costs sign up for our newsletter share on facebook work starts in may the mayor said"
      and "token_list" not in norm, "clean --norm: the normalized text, and no token_list")
reasons = sorted(b["reason"] for b in plain["boilerplate"])
check(reasons == ["byline", "share", "share"], "clean: the byline and the two share lines are boilerplate (got %s)" % reasons)
check(plain["content_tokens"] < plain["tokens"], "clean: boilerplate tokens are not content tokens")
check(nob["boilerplate"] == [] and nob["content_tokens"] == nob["tokens"] == 34,
      "clean --no-boilerplate: no boilerplate, every token a content token")
PY
# --no-boilerplate also skips the corpus pass: the template line of 12 documents is not marked
for i in $(seq 1 12); do
	printf '{"id":"t%d","text":"Story number %d starts with its own sentence.\\n\\nSign in to read our premium stories\\n\\nAnd it ends with a sentence about item %d."}\n' "$i" "$i" "$((i * 31))"
done >"$T/tmpl.jsonl"
must "clean --no-boilerplate (templates)" "$NF" clean -q --no-boilerplate --stats-json "$T/tn.json" "$T/tmpl.jsonl" >"$T/tmpl-nob.out"
check_eq "clean --no-boilerplate: no repeated line in 12 documents" "$(grep -c '"reason":"repeated"' "$T/tmpl-nob.out")/$(stat "$T/tn.json" repeated_lines)" "0/0"
# --repeat-min N: the line is in 12 documents, repeated at N = 12 but not at N = 13
must "clean --repeat-min 12" "$NF" clean -q --repeat-min 12 "$T/tmpl.jsonl" >"$T/tmpl12.out"
must "clean --repeat-min 13" "$NF" clean -q --repeat-min 13 "$T/tmpl.jsonl" >"$T/tmpl13.out"
check_eq "clean --repeat-min 12: the line of 12 documents is repeated in all 12" "$(grep -c '"reason":"repeated"' "$T/tmpl12.out")" 12
check_eq "clean --repeat-min 13: the line of 12 documents is not repeated" "$(grep -c '"reason":"repeated"' "$T/tmpl13.out")" 0
head -n 5 "$T/tmpl.jsonl" >"$T/tmpl5.jsonl"
check_eq "clean --repeat-min 5: the line of 5 documents is repeated (not at the default 10)" \
	"$("$NF" clean -q --repeat-min 5 "$T/tmpl5.jsonl" | grep -c '"reason":"repeated"')/$("$NF" clean -q "$T/tmpl5.jsonl" | grep -c '"reason":"repeated"')" "5/0"

# --no-mojibake: "todayâ€™s" stays as is and no repair is reported
printf 'today\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s meeting was held in Paris. Officials said it went well.\n' >"$T/moji.txt"
must "clean (mojibake)" "$NF" clean -q "$T/moji.txt" >"$T/moji.out"
must "clean --no-mojibake" "$NF" clean -q --no-mojibake "$T/moji.txt" >"$T/moji-no.out"
rsquo=$'\xe2\x80\x99' # U+2019
check "clean: mojibake repaired to today${rsquo}s" grep -q "\"text\":\"today${rsquo}s meeting" "$T/moji.out"
check "clean: the repair is reported" grep -q '"repairs":\[{"start":5,"end":13,"reason":"mojibake"}\]' "$T/moji.out"
check "clean --no-mojibake: todayâ€™s stays" grep -q '"text":"todayâ€™s meeting' "$T/moji-no.out"
check "clean --no-mojibake: no repair reported" grep -q '"repairs":\[\]' "$T/moji-no.out"

# ================================ dedup ==========================================================
# planted: p2 is p1 (1004 distinct words) with 16 words replaced 60 apart, so J = 920/1080 = 0.852
# on word 5-grams and 954/1050 = 0.909 on 3-grams; t1 is the first half of p1; o1 is unrelated
must "dedup corpus" python3 - "$T/near.jsonl" <<'PY'
import json, random, sys
r = random.Random(42)
syl = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "pe", "da", "gu", "zo", "fi", "ha", "bo", "ye"]
seen = set()
def word():
    while True:
        w = "".join(r.choice(syl) for _ in range(r.randint(3, 5)))
        if w not in seen:
            seen.add(w)
            return w
base = [word() for _ in range(1004)]
edit = list(base)
for i in range(16):
    edit[30 + i * 60] = word()
rows = [("p1", base), ("p2", edit), ("t1", base[:500]), ("o1", [word() for _ in range(600)])]
with open(sys.argv[1], "w") as f:
    for i, ws in rows:
        f.write(json.dumps({"id": i, "text": " ".join(ws)}) + "\n")
PY
must "dedup (defaults)" "$NF" dedup -q --pairs "$T/p-def.jsonl" --stats-json "$T/d-def.json" "$T/near.jsonl" >"$T/d-def.out"
must "dedup --threshold 0.9" "$NF" dedup -q --threshold 0.9 --pairs "$T/p-09.jsonl" --stats-json "$T/d-09.json" "$T/near.jsonl" >"$T/d-09.out"
must "dedup --ngram 3" "$NF" dedup -q --ngram 3 --pairs "$T/p-n3.jsonl" "$T/near.jsonl" >/dev/null
must "dedup --containment 0.9" "$NF" dedup -q --containment 0.9 --pairs "$T/p-c9.jsonl" "$T/near.jsonl" >"$T/d-c9.out"
pycheck /dev/stdin "$T/near.jsonl" "$T/p-def.jsonl" "$T/p-09.jsonl" "$T/p-n3.jsonl" "$T/p-c9.jsonl" <<'PY'
import json, sys
docs = {d["id"]: d["text"].split() for d in map(json.loads, open(sys.argv[1]))}
def pairs(f):
    return {(p["a"], p["b"]): p for p in map(json.loads, open(f))}
def jac(a, b, n):
    sa = {tuple(docs[a][i:i + n]) for i in range(len(docs[a]) - n + 1)}
    sb = {tuple(docs[b][i:i + n]) for i in range(len(docs[b]) - n + 1)}
    return len(sa & sb) / len(sa | sb)
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
d, t9, n3, c9 = (pairs(f) for f in sys.argv[2:6])
j5, j3 = jac("p1", "p2", 5), jac("p1", "p2", 3)
check(0.84 < j5 < 0.86 and 0.9 < j3 < 0.92, "dedup: the planted pair has J5 %.4f, J3 %.4f" % (j5, j3))
p = d.get(("p1", "p2"))
check(list(d) == [("p1", "p2")] and abs(p["jaccard"] - j5) < 5e-5,
      "dedup (threshold 0.8): the J=0.85 pair is the one linked, at its 5-gram Jaccard (got %s)" % list(d.values()))
check(t9 == {}, "dedup --threshold 0.9: the J=0.85 pair is not linked (pairs %s)" % list(t9))
p = n3.get(("p1", "p2"))
check(p is not None and abs(p["jaccard"] - j3) < 5e-5,
      "dedup --ngram 3: the pair's Jaccard is its 3-gram one, %.4f (got %s)" % (j3, p and p["jaccard"]))
p = c9.get(("p1", "t1"))
check(p is not None and p["kind"] == "contained" and p["containment_b"] == 1 and ("p1", "t1") not in d,
      "dedup --containment 0.9: the half copy t1 is linked to p1 as contained (got %s)" % p)
PY
check_eq "dedup --threshold 0.9: all four kept, no family" \
	"$(wc -l <"$T/d-09.out")/$(stat "$T/d-09.json" families)" "4/0"
check_eq "dedup --containment 0.9: two kept (p2, o1)" "$(cut -c1-12 "$T/d-c9.out" | tr -d '\n')" '{"id": "p2",{"id": "o1",'

# -K/--lanes, --bands/--rows, --method, --hamming, --explain: on a generated corpus with copies
must "nf-gen 300" "$GEN" --docs 300 --seed 3 --dup-rate 0.3 --out "$T/g300.jsonl"
dd() { # NAME ARGS...: dedup the generated corpus with --explain; stats in $T/NAME.json
	local name=$1
	shift
	must "dedup $*" "$NF" dedup -q --explain --stats-json "$T/$name.json" "$@" "$T/g300.jsonl" \
		>"$T/$name.out" 2>"$T/$name.err"
}
dd def
dd k64 -K 64
dd l256 --lanes 256
dd b4r8 --bands 4 --rows 8
dd sim --method simhash
dd simmin --method simhash --method minhash
dd h1 --method simhash --hamming 1
dd h15 --method simhash --hamming 15
check "dedup --explain: K = 128 and 16 bands x 8 rows by default" grep -q 'K = 128 lanes.*16 bands x 8 rows' "$T/def.err"
check "dedup -K 64: --explain names K = 64 and its bands x rows (10 x 6)" grep -q 'K = 64 lanes.*10 bands x 6 rows' "$T/k64.err"
check_eq "dedup -K 64: stats k" "$(stat "$T/k64.json" k)" 64
check "dedup -K 64: other candidates than K = 128" test "$(stat "$T/k64.json" candidate_pairs)" -ne "$(stat "$T/def.json" candidate_pairs)"
check "dedup --lanes 256: --explain names K = 256 (25 bands x 10 rows)" grep -q 'K = 256 lanes.*25 bands x 10 rows' "$T/l256.err"
check "dedup --bands 4 --rows 8: --explain shows 4 bands x 8 rows (32 lanes used)" grep -q '4 bands x 8 rows (32 lanes used)' "$T/b4r8.err"
check_eq "dedup --bands 4 --rows 8: stats bands/rows" "$(stat "$T/b4r8.json" bands)/$(stat "$T/b4r8.json" rows)" "4/8"
check "dedup --bands 4 --rows 8: fewer candidates than 16 x 8" test "$(stat "$T/b4r8.json" candidate_pairs)" -lt "$(stat "$T/def.json" candidate_pairs)"
check "dedup --bands 4 --rows 8: fewer duplicates found than 16 x 8" test "$(stat "$T/b4r8.json" kept)" -gt "$(stat "$T/def.json" kept)"
check_usage "dedup --bands 20 --rows 8: more lanes than K = 128" "$NF" dedup --bands 20 --rows 8 "$T/near.jsonl"
check "dedup --method simhash: --explain names SimHash" grep -q 'SimHash-64' "$T/sim.err"
check "dedup --method simhash: other candidates than MinHash" test "$(stat "$T/sim.json" candidate_pairs)" -ne "$(stat "$T/def.json" candidate_pairs)"
check "dedup --method minhash (after simhash): MinHash bands again" grep -q '16 bands x 8 rows' "$T/simmin.err"
check "dedup --method minhash: the output of the default" cmp -s "$T/simmin.out" "$T/def.out"
check "dedup --hamming 15: --explain names distance 15" grep -q 'Hamming distance 15' "$T/h15.err"
h1=$(stat "$T/h1.json" candidate_pairs)
h15=$(stat "$T/h15.json" candidate_pairs)
check "dedup --method simhash --hamming 1: fewer candidates ($h1) than at 15 ($h15)" test "$h1" -lt "$h15"
check "dedup --method simhash --hamming 1: fewer verified pairs than at 15" \
	test "$(stat "$T/h1.json" verified_pairs)" -lt "$(stat "$T/h15.json" verified_pairs)"
must "dedup without --explain" "$NF" dedup -q "$T/g300.jsonl" >"$T/noexp.out" 2>"$T/noexp.err"
check_eq "dedup without --explain (and -q): nothing on stderr" "$(wc -c <"$T/noexp.err")" 0
# --max-chain N: thirty near-identical articles fill each LSH bucket; one compared per band at N = 1
must "max-chain corpus" python3 - "$T/chain.jsonl" <<'PY'
import json, random, sys
r = random.Random(9)
syl = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "pe", "da", "gu", "zo", "fi", "ha", "bo", "ye"]
w = lambda: "".join(r.choice(syl) for _ in range(r.randint(2, 4)))
base = [w() for _ in range(300)]
with open(sys.argv[1], "w") as f:
    for i in range(30):
        t = list(base)
        for k in range(3):
            t[r.randrange(300)] = w()
        f.write(json.dumps({"id": "m%02d" % i, "text": " ".join(t)}) + "\n")
PY
must "dedup chain" "$NF" dedup -q --stats-json "$T/mc.json" "$T/chain.jsonl" >/dev/null
must "dedup --max-chain 1" "$NF" dedup -q --max-chain 1 --stats-json "$T/mc1.json" "$T/chain.jsonl" >/dev/null
check "dedup --max-chain 1: fewer candidates than the default 512" \
	test "$(stat "$T/mc1.json" candidate_pairs)" -lt "$(stat "$T/mc.json" candidate_pairs)"
check_eq "dedup --max-chain 1: still one family of 30" "$(stat "$T/mc1.json" kept)/$(stat "$T/mc1.json" families)" "1/1"

# ================================ reuse ==========================================================
# on the seeds (default: 9 pairs, max df 4, nothing dropped; 000-003 a copy at 0.838/0.793)
rr() { # NAME ARGS...: reuse on the seeds; pairs in $T/NAME.jsonl, stats in $T/NAME.json
	local name=$1
	shift
	must "reuse $*" "$NF" reuse -q --stats-json "$T/$name.json" "$@" "$S" >"$T/$name.jsonl"
}
rr r-def
rr r-df2 --max-df 2
rr r-ms20 --min-shared 20
rr r-ng8 --ngram 8
rr r-w8 --winnow 8
rr r-mw30 --min-words 30
rr r-sw8 --seed-words 8
rr r-mb20 --min-block 20
rr r-gap1 --max-gap 1
rr r-cc9 --copy-coverage 0.9
rr r-pw --partial-words 1000 --partial-coverage 0.9
rr r-w12h --window 12h
check_eq "reuse (defaults): nothing over the df cap on the seeds" "$(stat "$T/r-def.json" dropped_common)" 0
check "reuse --max-df 2: fingerprints held by 3+ seeds dropped" test "$(stat "$T/r-df2.json" dropped_common)" -gt 0
check_eq "reuse --max-df 2: stats max_df 2" "$(stat "$T/r-df2.json" max_df)" 2
check "reuse --max-df 2: fewer pairs" test "$(wc -l <"$T/r-df2.jsonl")" -lt "$(wc -l <"$T/r-def.jsonl")"
check "reuse --min-shared 20: fewer candidate pairs" \
	test "$(stat "$T/r-ms20.json" candidate_pairs)" -lt "$(stat "$T/r-def.json" candidate_pairs)"
check "reuse --ngram 8: other fingerprints" test "$(stat "$T/r-ng8.json" fingerprints)" -ne "$(stat "$T/r-def.json" fingerprints)"
check "reuse --ngram 8: fewer candidate pairs (short quotes missed)" \
	test "$(stat "$T/r-ng8.json" candidate_pairs)" -lt "$(stat "$T/r-def.json" candidate_pairs)"
check "reuse --winnow 8: fewer fingerprints than at 3" \
	test "$(stat "$T/r-w8.json" fingerprints)" -lt "$(stat "$T/r-def.json" fingerprints)"
check "reuse --min-block 20: fewer linked pairs" \
	test "$(stat "$T/r-mb20.json" linked_pairs)" -lt "$(stat "$T/r-def.json" linked_pairs)"
check "reuse --max-gap 1: more spans (gaps of 2+ words no longer bridged)" test "$(stat "$T/r-gap1.json" spans)" -gt "$(stat "$T/r-def.json" spans)"
check_eq "reuse (defaults): no passage-only pair on the seeds" "$(stat "$T/r-def.json" passage_pairs)" 0
check "reuse --partial-words 1000 --partial-coverage 0.9: the partial pairs become passages" \
	test "$(stat "$T/r-pw.json" passage_pairs)" -eq "$(stat "$T/r-def.json" partial_pairs)" -a \
	"$(stat "$T/r-pw.json" partial_pairs)" -eq 0 -a "$(stat "$T/r-def.json" partial_pairs)" -gt 0
pycheck /dev/stdin "$T" <<'PY'
import json, sys
t = sys.argv[1]
def pairs(name):
    return {(p["a"][:3], p["b"][:3]): p for p in map(json.loads, open("%s/%s.jsonl" % (t, name)))}
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
def counted(ps):
    return [s for p in ps.values() for s in p["spans"] if not s["boilerplate"]]
d, mw, sw, cc, w12 = (pairs(n) for n in ("r-def", "r-mw30", "r-sw8", "r-cc9", "r-w12h"))
short = [s["words_a"] for s in counted(d) if min(s["words_a"], s["words_b"]) < 30]
check(short, "reuse (defaults): spans under 30 words exist (%s)" % short[:5])
bad = [(s["words_a"], s["words_b"]) for s in counted(mw) if min(s["words_a"], s["words_b"]) < 30]
check(mw and not bad, "reuse --min-words 30: no counted span under 30 words (got %s)" % bad)
check(len(mw) < len(d), "reuse --min-words 30: pairs held only by short quotes are gone (%d of %d left)" % (len(mw), len(d)))
a, b = d.get(("000", "003")), sw.get(("000", "003"))
check(a and b and [(s["a_start"], s["a_end"]) for s in a["spans"]] != [(s["a_start"], s["a_end"]) for s in b["spans"]],
      "reuse --seed-words 8: the 000-003 spans change")
p = d.get(("000", "003"))
check(p and p["relation"] == "copy" and p["coverage_a"] == 0.8377 and p["coverage_b"] == 0.7928,
      "reuse (defaults): 000-003 is a copy at coverages 0.8377/0.7928 (got %s)" % str(p and (p["relation"], p["coverage_a"], p["coverage_b"])))
p = cc.get(("000", "003"))
check(p and p["relation"] == "partial", "reuse --copy-coverage 0.9: 000-003 is partial (got %s)" % (p and p["relation"]))
check([k for k in w12 if "002" in k] == [] and [k for k in d if "002" in k],
      "reuse --window 12h: no pair with 002 (dated a day before the others)")
PY
# --repeat-min: a 19-word line in 12 documents between different paragraphs is a template: its
# spans are boilerplate and no pair is linked; at --repeat-min 13 it is text and all 66 pairs are
must "template corpus" python3 - "$T/tpl.jsonl" <<'PY'
import json, random, sys
r = random.Random(8)
syl = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "pe", "da", "gu", "zo", "fi", "ha", "bo", "ye"]
w = lambda: "".join(r.choice(syl) for _ in range(r.randint(2, 4)))
line = ("The Harbour Tribune has reported on the towns of the Kell valley and their harbours since "
        "eighteen ninety one")
with open(sys.argv[1], "w") as f:
    for i in range(12):
        a = " ".join(w() for _ in range(60)) + "."
        b = " ".join(w() for _ in range(60)) + "."
        f.write(json.dumps({"id": "t%02d" % i, "date": "2025-05-01", "text": a + "\n\n" + line + "\n\n" + b}) + "\n")
PY
must "reuse templates" "$NF" reuse -q "$T/tpl.jsonl" >"$T/tpl.out"
must "reuse --repeat-min 13" "$NF" reuse -q --repeat-min 13 "$T/tpl.jsonl" >"$T/tpl13.out"
check_eq "reuse (repeat-min 10): the template line of 12 documents links no pair" "$(wc -l <"$T/tpl.out")" 0
check_eq "reuse --repeat-min 13: the line is text, all 66 pairs linked" "$(wc -l <"$T/tpl13.out")" 66

# ================================ stories ========================================================
# ECB+ dev (undated): each threshold and weight changes the clustering or its counters
st() { # NAME ARGS...: stories on ECB+ dev; stats in $T/NAME.json
	local name=$1
	shift
	must "stories $*" "$NF" stories -q --stats-json "$T/$name.json" "$@" "$ECB/docs.jsonl" >"$T/$name.out"
}
st e-def
st e-j3 --join 0.3
st e-m3 --merge 0.3
st e-s5 --split 0.5
st e-nw --name-weight 0.5
st e-num --number-weight 10
st e-mt --max-terms 5
check "stories --join 0.3: more articles join online than at 0.40" \
	test "$(stat "$T/e-j3.json" joined)" -gt "$(stat "$T/e-def.json" joined)"
check "stories --merge 0.3: fewer merges than at 0.16" test "$(stat "$T/e-m3.json" merged)" -lt "$(stat "$T/e-def.json" merged)"
check "stories --merge 0.3: more stories" test "$(stat "$T/e-m3.json" stories)" -gt "$(stat "$T/e-def.json" stories)"
check_eq "stories (split 0.06): no split on ECB+" "$(stat "$T/e-def.json" split)" 0
check "stories --split 0.5: groups split off" test "$(stat "$T/e-s5.json" split)" -gt 0
check "stories --name-weight 0.5: fewer articles join (names count less)" \
	test "$(stat "$T/e-nw.json" joined)" -lt "$(stat "$T/e-def.json" joined)"
check "stories --name-weight 0.5: other stories" bash -c "! cmp -s '$T/e-nw.out' '$T/e-def.out'"
check "stories --number-weight 10: more stories (numbers dominate)" \
	test "$(stat "$T/e-num.json" stories)" -gt "$(stat "$T/e-def.json" stories)"
check "stories --max-terms 5: more stories (articles share fewer kept terms)" \
	test "$(stat "$T/e-mt.json" stories)" -gt "$(stat "$T/e-def.json" stories)"
# --one-story: all 462 articles of 40 events in one story; digest --summary-bytes/--summary-words
st e-one --one-story
check_eq "stories --one-story: one story" "$(wc -l <"$T/e-one.out")" 1
check_eq "stories --one-story: of all 462 articles" "$(json_field "$T/e-one.out" size)" 462
must "digest --one-story --summary-bytes 665" "$NF" digest -q --one-story --summary-bytes 665 \
	"$ECB/docs.jsonl" >"$T/e-one-665.out"
must "digest --one-story --summary-words 40" "$NF" digest -q --one-story --summary-words 40 \
	"$ECB/docs.jsonl" >"$T/e-one-w40.out"
must "digest --one-story" "$NF" digest -q --one-story "$ECB/docs.jsonl" >"$T/e-one-dg.out"
pycheck /dev/stdin "$T" <<'PY'
import json, sys
t = sys.argv[1]
def summary(name):
    return [s["text"] for s in json.loads(open("%s/%s" % (t, name)).readline())["digest"]["summary"]]
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
b, w, d = summary("e-one-665.out"), summary("e-one-w40.out"), summary("e-one-dg.out")
nb = len(" ".join(b).encode())
check(600 <= nb <= 665, "digest --summary-bytes 665: 600 to 665 bytes (got %d in %d sentences)" % (nb, len(b)))
nw = sum(len(x.split()) for x in w)
check(25 <= nw <= 40 and len(w) < len(b), "digest --summary-words 40: 25 to 40 words (got %d)" % nw)
check(3 <= len(d) <= 5, "digest (no budget): three to five sentences (got %d)" % len(d))
PY
# the seeds: one story of five; --max-terms 3 splits it; --lang german stems English differently
must "stories seeds" "$NF" stories -q "$S" >"$T/seeds.out"
must "stories --max-terms 3" "$NF" stories -q --max-terms 3 "$S" >"$T/seeds-mt3.out"
must "stories --lang german" "$NF" stories -q --lang german "$S" >"$T/seeds-de.out"
check_eq "stories --max-terms 3: the seeds are no longer one story" "$(wc -l <"$T/seeds.out")/$(wc -l <"$T/seeds-mt3.out")" "1/2"
pycheck /dev/stdin "$T/seeds.out" "$T/seeds-de.out" <<'PY'
import json, sys
en, de = (json.loads(open(f).readline())["terms"] for f in sys.argv[1:3])
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
# terms are shown as written, but counted as stems: in English "meeting" is "meet", one term
check("meet" in en and "meeting" not in en, "stories (english): 'meeting' and 'meet' are one term (terms %s)" % en)
check("meet" in de and "meeting" in de, "stories --lang german: 'meeting' is not stemmed the English way (terms %s)" % de)
check(en != de, "stories --lang german: other terms")
PY
# --repeat-min: the template line joins unrelated articles unless it is marked as a template
must "stories templates" "$NF" stories -q --stats-json "$T/tpl-s.json" "$T/tpl.jsonl" >"$T/tpl-s.out"
must "stories --repeat-min 13" "$NF" stories -q --repeat-min 13 --stats-json "$T/tpl-s13.json" "$T/tpl.jsonl" >"$T/tpl-s13.out"
check "stories --repeat-min 13: the template's words are terms (larger vocabulary)" \
	test "$(stat "$T/tpl-s13.json" vocabulary)" -gt "$(stat "$T/tpl-s.json" vocabulary)"
check "stories --repeat-min 13: the shared line pulls articles together (fewer stories)" \
	test "$(wc -l <"$T/tpl-s13.out")" -lt "$(wc -l <"$T/tpl-s.out")"

# ================================ digest and report ==============================================
must "reuse seeds (links)" "$NF" reuse -q "$S" >"$T/links.jsonl"
must "digest seeds" "$NF" digest -q --stats-json "$T/dg.json" "$S" >"$T/dg.out"
must "digest --links" "$NF" digest -q --links "$T/links.jsonl" --stats-json "$T/dgl.json" "$S" >"$T/dgl.out"
fams() { python3 -c '
import json, sys
for l in open(sys.argv[1]):
    for f in json.loads(l)["families"]:
        print(" ".join(sorted(x[:3] for x in f)))' "$1" | tr '\n' '|'; }
check_eq "digest (no links): no copy family in the story" "$(fams "$T/dg.out")" ""
check_eq "digest --links: the wire family 000 001 003 from the reuse links" "$(fams "$T/dgl.out")" "000 001 003|"
check_eq "digest --links: stats links 3, families 1" "$(stat "$T/dgl.json" links)/$(stat "$T/dgl.json" families)" "3/1"
# report --links: two reports of one event ten days apart are two stories, one when linked
txt='Rescuers searched the collapsed mine in Tarkwa for a third day on Friday, officials said. Kwame Asante, the regional minister, told reporters that eleven miners were still missing.'
must "window input" python3 -c '
import json, sys
t = sys.argv[1]
print(json.dumps({"id": "a", "date": "2025-03-01", "text": t}))
print(json.dumps({"id": "b", "date": "2025-03-11", "text": t + " Families waited at the gate."}))
' "$txt" >"$T/w.jsonl"
echo '{"a":"a","b":"b","relation":"partial"}' >"$T/wl.jsonl"
# nstories FILE.html: the number of stories in a report's index
nstories() { python3 -c '
import json, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
print(len(json.loads(re.search(r"<script type=\"application/json\" id=\"nf-index\">(.*?)</script>", h, re.S).group(1))))' "$1"; }
must "report w" "$NF" report -q -o "$T/w0.html" "$T/w.jsonl"
must "report --links" "$NF" report -q --links "$T/wl.jsonl" --stats-json "$T/wr.json" -o "$T/w1.html" "$T/w.jsonl"
check_eq "report (no links): two stories ten days apart" "$(nstories "$T/w0.html")" 2
check_eq "report --links: one story when linked" "$(nstories "$T/w1.html")" 1
check_eq "report --links: stats links 1" "$(stat "$T/wr.json" links)" 1
# the options of stories: digest and report group as stories does with the same option (their
# --assign files are those of stories), and stories with the option differs from the default
sdr() { # DESC INPUT ARGS...: stories, digest and report with ARGS; the assign files compared
	local desc=$1 in=$2
	shift 2
	must "stories $*" "$NF" stories -q --assign "$T/sdr-s.tsv" "$@" "$in" >/dev/null
	must "digest $*" "$NF" digest -q --assign "$T/sdr-d.tsv" "$@" "$in" >/dev/null
	must "report $*" "$NF" report -q --assign "$T/sdr-r.tsv" -o "$T/sdr.html" "$@" "$in"
	check "stories $*: $desc" bash -c "! cmp -s '$T/sdr-s.tsv' '$T/sdr-0.tsv'"
	check "digest $*: the stories of stories $*" cmp -s "$T/sdr-d.tsv" "$T/sdr-s.tsv"
	check "report $*: the stories of stories $*" cmp -s "$T/sdr-r.tsv" "$T/sdr-s.tsv"
}
must "stories ECB+ (assign)" "$NF" stories -q --assign "$T/sdr-0.tsv" "$ECB/docs.jsonl" >/dev/null
for o in "--join 0.3" "--merge 0.3" "--split 0.5" "--name-weight 0.5" "--number-weight 10" \
	"--max-terms 5" "--lang german"; do
	# shellcheck disable=SC2086 # $o: an option and its value
	sdr "ECB+ grouped otherwise than by default" "$ECB/docs.jsonl" $o
done
must "stories w (assign)" "$NF" stories -q --assign "$T/sdr-0.tsv" "$T/w.jsonl" >/dev/null
sdr "the two reports ten days apart in one story" "$T/w.jsonl" --window 12d
must "stories templates (assign)" "$NF" stories -q --assign "$T/sdr-0.tsv" "$T/tpl.jsonl" >/dev/null
sdr "the template line groups the articles otherwise" "$T/tpl.jsonl" --repeat-min 13
# --title (escaping is in report.sh) and -o: without -o the same HTML goes to stdout
must "report --title" "$NF" report -q --title "Nord & Süd's <week>" -o "$T/title.html" "$S"
check "report --title: in <title>, escaped" grep -qF "<title>Nord &amp; Süd's &lt;week&gt;</title>" "$T/title.html"
check "report --title: in the page heading" grep -qF "<h1>Nord &amp; Süd's &lt;week&gt;</h1>" "$T/title.html"
must "report to stdout" "$NF" report -q "$S" >"$T/stdout.html"
must "report -o" "$NF" report -q -o "$T/o.html" "$S"
check "report -o: the HTML written to stdout without it" cmp -s "$T/stdout.html" "$T/o.html"
check_eq "report -o: nothing on stdout" "$("$NF" report -q -o "$T/o2.html" "$S" | wc -c)" 0
check "report (default title): newsfold report" grep -qF '<title>newsfold report</title>' "$T/o.html"

# ================================ compare ========================================================
cmpsum() { sed '/^$/q' "$1" | grep -E '^  \['; } # the span lines of the summary
must "compare 000 003" "$NF" compare --width 100 "$s000" "$s003" >"$T/c.txt"
must "compare --min-words 30" "$NF" compare --width 100 --min-words 30 "$s000" "$s003" >"$T/c-mw.txt"
must "compare --seed-words 8" "$NF" compare --width 100 --seed-words 8 "$s000" "$s003" >"$T/c-sw.txt"
must "compare --max-gap 1" "$NF" compare --width 100 --max-gap 1 "$s000" "$s003" >"$T/c-gap.txt"
short() { cmpsum "$1" | awk '{split($3, w, "/"); if (w[1] + 0 < 30 || w[2] + 0 < 30) n++} END {print n + 0}'; }
check "compare (defaults): a span under 30 words" test "$(short "$T/c.txt")" -gt 0
check_eq "compare --min-words 30: no span under 30 words" "$(short "$T/c-mw.txt")" 0
check "compare --min-words 30: fewer spans" test "$(cmpsum "$T/c-mw.txt" | wc -l)" -lt "$(cmpsum "$T/c.txt" | wc -l)"
check "compare --seed-words 8: other spans" bash -c "! diff -q <(sed '/^$/q' '$T/c.txt') <(sed '/^$/q' '$T/c-sw.txt') >/dev/null"
check "compare --max-gap 1: more spans (fewer gaps bridged)" \
	test "$(cmpsum "$T/c-gap.txt" | wc -l)" -gt "$(cmpsum "$T/c.txt" | wc -l)"
# widest NAME: the widest line (in characters) of the side-by-side text, after the summary
widest() { python3 -c '
import sys
ls = open(sys.argv[1], encoding="utf-8").read().split("\n")
print(max(len(l) for l in ls[ls.index("") + 1:]))' "$1"; }
must "compare --width 60" "$NF" compare --width 60 "$s000" "$s004" >"$T/c60.txt"
must "compare (width 120 when not a terminal)" "$NF" compare "$s000" "$s004" >"$T/c120.txt"
w60=$(widest "$T/c60.txt")
check "compare --width 60: the text fills up to 60 columns, no more (widest $w60)" test "$w60" -le 60 -a "$w60" -ge 50
check "compare (no --width): wider than 60" test "$(widest "$T/c120.txt")" -gt 100
if command -v script >/dev/null; then
	script -qec "'$NF' compare --color never '$s000' '$s004'" /dev/null >"$T/never.txt"
	check "compare --color never: no escape sequences on a terminal" bash -c "! grep -q $'\033\\[' '$T/never.txt'"
	check "compare --color never: spans marked [n> instead" grep -q '\[1>' "$T/never.txt"
else
	fail "script(1) is missing: cannot test --color never on a terminal"
fi
must "compare --color always --color auto" "$NF" compare --color always --color auto "$s000" "$s004" >"$T/auto.txt"
check "compare --color auto (after always): no colour when not a terminal" bash -c "! grep -q $'\033\\[' '$T/auto.txt'"
check_usage "compare -o: does not apply" "$NF" compare -o "$T/x" "$s000" "$s004"

# ================================ eval ===========================================================
printf 'a\t1\nb\t1\nc\t2\n' >"$T/gold.tsv"
printf 'a\t1\nb\t2\nc\t2\n' >"$T/pred.tsv"
must "eval --json" "$NF" eval --json --gold "$T/gold.tsv" "$T/pred.tsv" >"$T/ev.json"
must "eval --json, pred as gold" "$NF" eval --json --gold "$T/pred.tsv" "$T/pred.tsv" >"$T/ev-self.json"
must "eval (text)" "$NF" eval --gold "$T/gold.tsv" "$T/pred.tsv" >"$T/ev.txt"
check_eq "eval --gold: B-cubed F1 against the gold" "$(json_field "$T/ev.json" bcubed_f1)" 0.6667
check_eq "eval --gold: against itself as gold, F1 1" "$(json_field "$T/ev-self.json" bcubed_f1)" 1.0
check "eval without --json: text, not JSON" bash -c "grep -q '^B-cubed:   P 0.6667' '$T/ev.txt' && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$T/ev.txt' 2>/dev/null"

# ============ options every reading command shares (dedup reuse stories digest report) ==========
# std.jsonl: the five seeds as JSONL with title, source, url, date, plus 000b, an exact copy of
# 000 dated earlier; ren.jsonl: the same with renamed fields; bad.jsonl: std.jsonl, then a broken
# line (line 7), a record without id carrying 002's text (line 8), a 21 KB record (line 9)
must "common corpus" python3 - "$S" "$T" <<'PY'
import json, os, random, sys
seeds, out = sys.argv[1], sys.argv[2]
rows = []
for name in sorted(os.listdir(seeds)):
    if name.endswith(".txt"):
        raw = open(os.path.join(seeds, name), encoding="utf-8").read()
        n = len(rows)
        rows.append({"id": name[:3], "title": "Seed article %d" % n, "source": "Outlet %d" % n,
                     "url": "https://example.com/%d" % n, "date": raw[:17].split()[1], "text": raw[17:]})
rows.append(dict(rows[0], id="000b", title="Seed article 0b", date="2025-10-01"))
ren = {"id": "key", "title": "head", "source": "outlet", "url": "link", "date": "when", "text": "body"}
with open(out + "/std.jsonl", "w") as f, open(out + "/ren.jsonl", "w") as g, open(out + "/bad.jsonl", "w") as b:
    for r in rows:
        f.write(json.dumps(r) + "\n")
        b.write(json.dumps(r) + "\n")
        g.write(json.dumps({ren[k]: v for k, v in r.items()}) + "\n")
    rng = random.Random(1)
    words = ["".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(3000)]
    b.write('{"id":"broken","text":\n')
    b.write(json.dumps({"date": "2025-10-16", "text": rows[2]["text"]}) + "\n")
    b.write(json.dumps({"id": "long", "date": "2025-10-16", "text": " ".join(words)}) + "\n")
PY
FIELDS=(--id-field key --text-field body --title-field head --source-field outlet --url-field link --date-field when)
for c in dedup reuse stories digest report; do
	# out ARGS...: the command's data (report: HTML via -o; dedup: kept lines + --groups)
	out() {
		case $c in
		report) "$NF" report -o "$T/c.out" "$@" && cat "$T/c.out" ;;
		dedup) "$NF" dedup -o "$T/c.kept" --groups "$T/c.groups" "$@" && cat "$T/c.groups" ;;
		*) "$NF" "$c" "$@" ;;
		esac
	}
	must "$c std" out -q --stats-json "$T/c-std.json" "$T/std.jsonl" >"$T/c-std.out"
	# -j N: the stats name N (the default is all cores); the data does not depend on it
	must "$c -j1" out -q -j1 --stats-json "$T/c-j1.json" "$T/std.jsonl" >"$T/c-j1.out"
	must "$c --threads 3" out -q --threads 3 --stats-json "$T/c-j3.json" "$T/std.jsonl" >"$T/c-j3.out"
	check_eq "$c -j1 / --threads 3: stats threads" "$(stat "$T/c-j1.json" threads)/$(stat "$T/c-j3.json" threads)" "1/3"
	check "$c --threads 3: same data as -j1" cmp -s "$T/c-j1.out" "$T/c-j3.out"
	check_eq "$c --stats-json: names the command" "$(stat "$T/c-std.json" command)" "$c"
	# the six field options: renamed fields give the data of the standard names (ids, titles,
	# outlets, urls, dates: dedup's representative of 000/000b is the earlier dated 000b)
	must "$c fields" out -q "${FIELDS[@]}" "$T/ren.jsonl" >"$T/c-ren.out"
	check "$c --*-field: renamed fields, the data of the standard names" cmp -s "$T/c-std.out" "$T/c-ren.out"
	"$NF" "$c" -q --stats-json "$T/c-nof.json" -o "$T/c-nof.out" "$T/ren.jsonl" 2>/dev/null
	check_eq "$c without --id-field/--text-field: every renamed record rejected" "$(stat "$T/c-nof.json" rejects)" 6
	# -o: nothing on stdout, the data in the file (report always uses -o here: its stdout form is
	# checked above)
	if [ "$c" != report ]; then
		check_eq "$c -o: nothing on stdout" "$("$NF" "$c" -q -o "$T/c-o.out" "$T/std.jsonl" | wc -c)" 0
		check "$c -o: the data of a run to stdout" cmp -s "$T/c-o.out" <("$NF" "$c" -q "$T/std.jsonl")
	fi
	# bad input: 2 rejects (broken-json, missing-field) and 7 documents by default
	"$NF" "$c" --rejects "$T/c.rej" --stats-json "$T/c-bad.json" -o "$T/c-bad.out" "$T/bad.jsonl" 2>"$T/c-bad.err"
	check_eq "$c with 2 bad records: exit 0 by default" "$?" 0
	check_eq "$c --rejects: the two rejects, by line and reason" \
		"$(python3 -c 'import json,sys; print(" ".join("%d:%s" % (r["line"], r["reason"]) for r in map(json.loads, open(sys.argv[1]))))' "$T/c.rej")" \
		"7:broken-json 8:missing-field"
	check "$c without -q: the reject on stderr with file:line" grep -q 'bad.jsonl:7' "$T/c-bad.err"
	"$NF" "$c" -q -o "$T/c-q.out" "$T/bad.jsonl" 2>"$T/c-q.err"
	check_eq "$c -q: nothing on stderr" "$(wc -c <"$T/c-q.err")" 0
	"$NF" "$c" --quiet -o "$T/c-q.out" "$T/bad.jsonl" 2>"$T/c-q.err"
	check_eq "$c --quiet: nothing on stderr" "$(wc -c <"$T/c-q.err")" 0
	check_exit "$c --max-errors 1 with 2 rejects" 1 "$NF" "$c" -q --max-errors 1 -o "$T/x" "$T/bad.jsonl"
	check_exit "$c --max-errors 2 with 2 rejects" 0 "$NF" "$c" -q --max-errors 2 -o "$T/x" "$T/bad.jsonl"
	"$NF" "$c" -q --strict --stats-json "$T/c-strict.json" -o "$T/x" "$T/bad.jsonl" 2>/dev/null
	check_eq "$c --strict: exit 1 at the broken line" "$?" 1
	check_eq "$c --strict: stops at the first bad record (6 documents, 1 reject)" \
		"$(stat "$T/c-strict.json" docs)/$(stat "$T/c-strict.json" rejects)" "6/1"
	# --max-line 8K: the 21 KB record is rejected too
	must "$c --max-line 8K" "$NF" "$c" -q --max-line 8K --stats-json "$T/c-ml.json" -o "$T/x" "$T/bad.jsonl"
	check_eq "$c --max-line 8K: 6 documents, the 21 KB one too-long" \
		"$(stat "$T/c-ml.json" docs)/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rejects_by_reason"].get("too-long"))' "$T/c-ml.json")" "6/1"
	# --auto-id: the record without id is bad.jsonl:8, an exact copy of 002
	must "$c --auto-id" out -q --auto-id --stats-json "$T/c-auto.json" "$T/bad.jsonl" >"$T/c-auto.out"
	check_eq "$c --auto-id: 8 documents, 1 reject" "$(stat "$T/c-auto.json" docs)/$(stat "$T/c-auto.json" rejects)" "8/1"
	check "$c --auto-id: bad.jsonl:8 in the output" grep -q '"bad.jsonl:8"' "$T/c-auto.out"
	check_eq "$c without --auto-id: no bad.jsonl:8" "$(grep -c '"bad.jsonl:8"' "$T/c-bad.out")" 0
done
# compare: --max-line, the field options, --auto-id and -q (the others do not apply)
must "compare std" "$NF" compare --width 100 --a 000 --b 003 "$T/std.jsonl" >"$T/cmp-std.txt"
must "compare fields" "$NF" compare --width 100 "${FIELDS[@]}" --a 000 --b 003 "$T/ren.jsonl" >"$T/cmp-ren.txt"
check "compare --*-field: renamed fields, the comparison of the standard names" cmp -s "$T/cmp-std.txt" "$T/cmp-ren.txt"
check_eq "compare --date-field: the date shown" "$(head -n 1 "$T/cmp-ren.txt")" "A: 000  2025-10-17  573 words"
check_usage "compare without --id-field: the ids are not found" "$NF" compare -q --a 000 --b 003 "$T/ren.jsonl"
check_usage "compare without --auto-id: bad.jsonl:8 is not found" "$NF" compare -q --a bad.jsonl:8 --b 002 "$T/bad.jsonl"
must "compare --auto-id" "$NF" compare -q --auto-id --a bad.jsonl:8 --b 002 "$T/bad.jsonl" >"$T/cmp-auto.txt"
check "compare --auto-id: bad.jsonl:8 is 002's copy" grep -q '^relation: copy  coverage A 100.0%  B 100.0%' "$T/cmp-auto.txt"
check "compare: the long record is found without a cap" "$NF" compare -q --a long --b 002 "$T/bad.jsonl"
check_usage "compare --max-line 8K: the 21 KB record is over the cap (not found)" \
	"$NF" compare -q --max-line 8K --a long --b 002 "$T/bad.jsonl"
"$NF" compare --a 000 --b long "$T/bad.jsonl" >/dev/null 2>"$T/cmp.err"
check "compare without -q: the bad records on stderr" grep -q 'bad.jsonl:7' "$T/cmp.err"
"$NF" compare -q --a 000 --b long "$T/bad.jsonl" >/dev/null 2>"$T/cmp.err"
check_eq "compare -q: nothing on stderr" "$(wc -c <"$T/cmp.err")" 0

finish
