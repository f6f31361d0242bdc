#!/usr/bin/env bash
# newsfold digest: the seeds' digest (quote and speaker, carriers, copy family and roles, offsets
# back into the original files), determinism, hostile text, a generated corpus.
. "$(dirname "$0")/lib.sh"

must "seeds" "$NF" digest -q "$SHARED_DIR/seeds" >"$T/seeds.jsonl"
check "seeds: JSON lines" valid_jsonl "$T/seeds.jsonl"
check_eq "seeds: one story" "$(wc -l <"$T/seeds.jsonl")" 1
must "clean seeds" "$NF" clean -q "$SHARED_DIR/seeds" >"$T/clean.jsonl"

cat >"$T/check.py" <<'EOF'
import json, os, re, sys
seeds, digest_file, clean_file = sys.argv[1:4]
story = json.loads(open(digest_file, encoding="utf-8").readline())
d = story["digest"]
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
# the original texts, for the offsets (text_offset from newsfold clean)
base = {}
for line in open(clean_file, encoding="utf-8"):
    r = json.loads(line)
    base[r["id"]] = r.get("text_offset", 0)
def original(doc_id):
    raw = open(os.path.join(seeds, doc_id + ".txt"), "rb").read()
    return raw[base[doc_id]:]
def same_text(doc_id, start, end, text):
    span = original(doc_id)[start:end].decode("utf-8")
    return " ".join(span.split()) == text
short = lambda ids: sorted(i[:3] for i in ids)
# the Truth Social quote: Trump's, carried by four articles
q = [q for q in d["quotes"] if q["text"].startswith("I have just concluded my telephone conversation")]
check(len(q) == 1, "the Truth Social quote is one quote")
if q:
    check(q[0]["speaker"] == "Trump", "attributed to Trump (got %r)" % q[0]["speaker"])
    check(short(q[0]["carriers"]) == ["000", "001", "002", "003"],
          "carried by 000 001 002 003 (got %s)" % short(q[0]["carriers"]))
    check(same_text(q[0]["id"], q[0]["start"], q[0]["end"], q[0]["text"]),
          "quote offsets point at its words in the original file")
# the shared Zelenskyy/progress quote reaches 004 (found after its mojibake is repaired)
z = [q for q in d["quotes"] if "great progress was made" in q["text"]]
check(z and "004" in short(z[0]["carriers"]), "the 'great progress' quote is carried by 004 too")
check(all(q["speaker"] != None for q in d["quotes"][:5]), "the five most carried quotes have speakers")
# roles: one copy family 000 001 003 of a common wire: every pair of it carries the agency's
# disclaimer on both sides (newsfold compare says "source: not named (common-wire)"), so the
# digest names no origin either; each is a copy, of nobody in the story; 002, 004 independent
roles = {s["id"][:3]: s for s in d["sources"]}
fam = {roles[k]["family"] for k in ("000", "001", "003")}
check(len(fam) == 1, "000 001 003 are one copy family")
origins = [k for k in ("000", "001", "003") if roles[k]["role"] == "origin"]
check(not origins, "the family of a common wire has no origin in the story (got %s)" % origins)
copies = [k for k in ("000", "001", "003") if roles[k]["role"].endswith("copy")]
check(len(copies) == 3, "all three are copies (got %s)" %
      [(k, roles[k]["role"]) for k in ("000", "001", "003")])
check(all(roles[k]["copy_of"] is None for k in copies), "and name no article they copy")
check(roles["002"]["role"] == "independent" and roles["004"]["role"] == "independent",
      "002 and 004 are independent")
check(all(0 < roles[k]["reused"] <= 1 for k in copies), "copies report a reused share")
check(roles["004"]["added"] and roles["002"]["added"], "independent articles added sentences")
# summary, headline, timeline, names
check(3 <= len(d["summary"]) <= 5, "3 to 5 summary sentences (got %d)" % len(d["summary"]))
check(all(same_text(s["id"], s["start"], s["end"], s["text"]) for s in d["summary"]),
      "summary offsets point at the sentences in the original files")
check(all(s["id"] in s["sources"] for s in d["summary"]), "each summary sentence lists its source")
check(any("productive" in s["text"] for s in d["summary"]), "the summary has the productive call")
check(any("Budapest" in s["text"] for s in d["summary"]), "the summary has the Budapest meeting")
check(any("Zelensk" in s["text"] and "meet" in s["text"] for s in d["summary"]),
      "the summary has the Zelenskyy meeting")
check(any("Rubio" in s["text"] and "dvisors" in s["text"] for s in d["summary"]),
      "the summary has the advisers' meeting led by Rubio")
check(len({s["id"] for s in d["summary"]}) >= 2, "the summary draws on more than one article")
check(d["headline"] and d["headline"]["text"], "a headline")
dates = [t["date"] for t in d["timeline"]]
check(len(dates) == 5 and dates == sorted(dates) and dates[0].startswith("2025-10-16"),
      "timeline: five articles by date, 002 (16 Oct) first")
names = [n["name"] for n in d["names"]]
check("Trump" in names and "Putin" in names and "Budapest" in names,
      "names include Trump, Putin, Budapest (got %s)" % names)
check(all(n["articles"] <= 5 for n in d["names"]), "name article counts are at most 5")
EOF
pycheck "$T/check.py" "$SHARED_DIR/seeds" "$T/seeds.jsonl" "$T/clean.jsonl"

# the summary on a story of my own: a wire reprinted four times and two independent reports.
# A copy family votes once, so the ferries (said by all three sources) come before the shops
# (said only by the wire, four times); the mayor's two-sentence quotation stays whole.
must "own stories" python3 - "$T/syn.jsonl" "$T/mine.jsonl" <<'EOF'
import json, sys
W = ("The Kell Harbour bridge will close for six weeks from Monday, the city transport office "
     "said on Tuesday.\n\nMayor Ana Ruiz said: \u201cThe repairs cannot wait any longer. Crews from "
     "Dalton Works will replace the deck joints, and ferries will run every ten minutes while the "
     "bridge is shut.\u201d\n\nThe closure follows a safety inspection in May that found corroded "
     "joints on the northern span.\n\nLocal shop owners on Quay Street fear fewer customers during "
     "the works and asked the council for rate relief.")
extra = ["", " The council meets on Thursday.", " Residents can call the transport office.",
         " Bus routes 4 and 9 will change."]
rows = [{"id": "w%d" % i, "date": "2026-03-0%d" % (3 + (i > 0)), "text": W + e}
        for i, e in enumerate(extra)]
rows.append({"id": "i1", "date": "2026-03-03", "text":
    "Drivers face six weeks of detours after the city said the Kell Harbour bridge closes on "
    "Monday.\n\nExtra ferries will cross the harbour every ten minutes while the bridge is shut, "
    "officials said.\n\nThe mayor blamed years of delayed maintenance for the sudden closure."})
rows.append({"id": "i2", "date": "2026-03-04", "text":
    "The Kell Harbour bridge shuts on Monday for six weeks of repairs to its deck joints.\n\n"
    "Ferries will run every ten minutes during the closure, the transport office said.\n\n"
    "Cyclists may still use the footpath on the southern side, a spokesman added."})
def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
write(sys.argv[1], rows)

# echoed text is one voice: every outlet carries the site manager's quotation in the same words,
# while three sources tell the rescue in their own words, so the rescue comes first.
Q = ("\u201cThe water rose faster than any pump could clear it, and we had to pull the crews "
     "back to the upper levels,\u201d ")
W = ("Eleven miners are trapped after water flooded the Lindqvist copper mine near Hallby, the "
     "operator said on Sunday.\n\nThe flooding began late on Saturday after a wall gave way in "
     "an old shaft.\n\n" + Q + "site manager Jonas Berg said.\n\nRescue teams reached the "
     "flooded lower gallery at dawn, bringing air lines and lights for the trapped men.\n\n"
     "Families gathered at the gates through the night.")
extra = ["", " The mine employs 300 people.", " Police closed the road to the site."]
rows = [{"id": "w%d" % i, "date": "2026-06-0%d" % (7 + (i > 0)), "text": W + e}
        for i, e in enumerate(extra)]
rows.append({"id": "i1", "date": "2026-06-07", "text":
    "Rescuers are racing to free eleven miners trapped in the flooded Lindqvist mine.\n\n"
    "The miners were working on a night shift when an old shaft wall collapsed.\n\n" + Q +
    "Berg told local radio.\n\nBy dawn, rescue teams had reached the lower gallery, which is "
    "flooded to the roof in places, and were passing air lines to the men."})
rows.append({"id": "i2", "date": "2026-06-08", "text":
    "Eleven workers remain trapped underground at the Lindqvist mine in Hallby.\n\n"
    "Officials say the shaft wall broke without warning late on Saturday.\n\n" + Q +
    "said Berg, who runs the site.\n\nEarly on Sunday rescue teams got into the lower gallery, "
    "now flooded, and set up air lines, the regional rescue service said."})
write(sys.argv[2], rows)
EOF
must "digest own story" "$NF" digest -q "$T/syn.jsonl" >"$T/syn.out"
must "digest echo story" "$NF" digest -q "$T/mine.jsonl" >"$T/mine.out"
cat >"$T/own.py" <<'EOF'
import json, sys
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
def story(path):
    s = json.loads(open(path, encoding="utf-8").readline())
    return s, [x["text"] for x in s["digest"]["summary"]]
def first(texts, word):
    return [i for i, t in enumerate(texts) if word in t] or [len(texts)]
s, texts = story(sys.argv[1])
check(s["size"] == 6, "own story: one story of six")
check(all(t.count("\u201c") == t.count("\u201d") for t in texts),
      "own story: no summary sentence cuts a quotation (got %s)" % texts)
check(first(texts, "erries")[0] < first(texts, "shop")[0],
      "own story: the ferries, said by every source, before the wire's shops (got %s)" % texts)
s, texts = story(sys.argv[2])
roles = {x["id"]: x["role"] for x in s["digest"]["sources"]}
check(s["size"] == 5 and roles["i1"] == roles["i2"] == "independent",
      "echo story: five articles, i1 and i2 independent (got %s)" % roles)
check(first(texts, "gallery")[0] < first(texts, "pump")[0],
      "echo story: the rescue, told in their own words, before the quotation all carry (got %s)"
      % texts)
EOF
pycheck "$T/own.py" "$T/syn.out" "$T/mine.out"

# determinism: -j1 = -j2, and a shuffled generated corpus gives the same bytes
must "nf-gen" "$GEN" --docs 400 --seed 9 --out "$T/gen.jsonl"
must "digest -j1" "$NF" digest -q -j1 "$T/gen.jsonl" >"$T/g1.jsonl"
must "digest -j2" "$NF" digest -q -j2 "$T/gen.jsonl" >"$T/g2.jsonl"
check "generated: digest -j1 = -j2" cmp -s "$T/g1.jsonl" "$T/g2.jsonl"
check "generated: JSON lines" valid_jsonl "$T/g1.jsonl"
must "shuffle" python3 -c '
import random, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
random.Random(5).shuffle(lines)
open(sys.argv[2], "w", encoding="utf-8").writelines(lines)' "$T/gen.jsonl" "$T/gen-shuf.jsonl"
must "digest shuffled" "$NF" digest -q "$T/gen-shuf.jsonl" >"$T/g3.jsonl"
check "generated: shuffled input, same digests" cmp -s "$T/g1.jsonl" "$T/g3.jsonl"
check "generated: every article in one story, each story a digest with one source per member" \
	python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8")]
seen = []
for line in open(sys.argv[2], encoding="utf-8"):
    s = json.loads(line)
    assert len(s["digest"]["sources"]) == s["size"] == len(s["members"]), s["story"]
    assert sorted(x["id"] for x in s["digest"]["sources"]) == sorted(s["members"]), s["story"]
    assert s["digest"]["headline"] is not None, s["story"]
    seen += s["members"]
assert len(ids) == 400 and sorted(seen) == sorted(ids), (len(ids), len(seen))
' "$T/gen.jsonl" "$T/g1.jsonl"

# hostile text stays data: JSON-escaped, nothing lost
must "hostile input" python3 -c '
import json
t = "The mayor said \"</script><script>alert(1)</script> is not a plan\" at the hall. " * 3
print(json.dumps({"id": "h1", "date": "2025-05-01", "url": "javascript:alert(1)",
                  "title": "<img src=x onerror=alert(1)>", "text": t}))
print(json.dumps({"id": "h2", "date": "2025-05-01", "title": "\"><svg onload=alert(1)>",
                  "text": t + " \u2028 line separator"}))
' >"$T/hostile.jsonl"
must "hostile" "$NF" digest -q "$T/hostile.jsonl" >"$T/hostile.out"
check "hostile: valid JSON" valid_jsonl "$T/hostile.out"
check "hostile: the script tag text survives as data" grep -q '</script>' "$T/hostile.out"
# one article copied 250 and 1000 times: the digest's work (pairs aligned, sentence postings
# walked) grows with the copies, not with their square
python3 -c '
import glob, json, sys
t = open(glob.glob(sys.argv[1] + "/003_*")[0]).read()
for n in (250, 1000):
    with open(sys.argv[2] + "/copies%d.jsonl" % n, "w") as f:
        for i in range(n):
            f.write(json.dumps({"id": "c%05d" % i, "date": "2025-10-17", "text": t}) + "\n")
' "$SHARED_DIR/seeds" "$T"
must "digest of 250 copies" "$NF" digest -q --stats-json "$T/c1.json" "$T/copies250.jsonl" >/dev/null
must "digest of 1000 copies" "$NF" digest -q --stats-json "$T/c4.json" "$T/copies1000.jsonl" >/dev/null
p1=$(json_field "$T/c1.json" digest_pairs)
p4=$(json_field "$T/c4.json" digest_pairs)
w1=$(json_field "$T/c1.json" digest_sentence_work)
w4=$(json_field "$T/c4.json" digest_sentence_work)
check "copies: pairs aligned linear ($p1 for 250), not 250x249/2" test "$p1" -lt 1000
check "copies x4: at most 6x the pairs ($p1 -> $p4)" test "$p4" -le $((6 * p1))
check "copies x4: at most 6x the sentence work ($w1 -> $w4)" test "$w4" -le $((6 * w1))
# one long article (thousands of sentences and quotes), 4x as long: at most 6x the work
python3 -c '
import json, random, sys
r = random.Random(1)
words = ["w%d" % i for i in range(5000)] + ["the", "a", "said", "of"] * 500
for kb in (500, 2000):
    out, size = [], 0
    while size < kb * 1000:
        s = " ".join(r.choice(words) for _ in range(r.randint(8, 25))) + "."
        s = "\"%s\" he said." % s if r.random() < 0.2 else s
        out.append(s + ("\n\n" if r.random() < 0.15 else " "))
        size += len(s) + 1
    with open(sys.argv[1] + "/long%d.jsonl" % kb, "w") as f:
        f.write(json.dumps({"id": "long", "date": "2025-01-01", "text": "".join(out)}) + "\n")
' "$T"
must "digest of a 0.5 MB article" "$NF" digest -q --stats-json "$T/l1.json" "$T/long500.jsonl" >/dev/null
must "digest of a 2 MB article" "$NF" digest -q --stats-json "$T/l4.json" "$T/long2000.jsonl" >/dev/null
q1=$(json_field "$T/l1.json" digest_quote_work)
q4=$(json_field "$T/l4.json" digest_quote_work)
check "a 4x longer article: at most 6x the quote work ($q1 -> $q4)" test "$q4" -le $((6 * q1)) -a "$q1" -gt 0
check_help "help" headline "$NF" digest --help

# --- speakers: a common noun ("the officer said"), a verb such as "notified", and a paragraph
# that goes on quoting the speaker of the paragraph before
python3 - "$T/spk.jsonl" <<'PY'
import json, sys
text = ("Police searched the harbour on Monday after a boat was found drifting near the pier.\n\n"
        "\"The crew must have left in a hurry before the storm arrived,\" the officer said.\n\n"
        "Harbour master Anna Kowalczyk spoke to reporters at the quay on Monday evening.\n\n"
        "\"We searched every berth twice and found nothing at all,\" Kowalczyk said.\n\n"
        "\"We will start again at first light with divers and a helicopter.\"\n\n"
        "\"Nobody should go near the pier until the search is over,\" Kowalczyk notified the council.\n\n"
        "`` We found the boat empty and the engine still warm , '' the coastguard said .")
json.dump({"id": "spk", "text": text}, open(sys.argv[1], "w"))
PY
must "digest speakers" "$NF" digest -q "$T/spk.jsonl" >"$T/spk.out"
pycheck /dev/stdin "$T/spk.out" <<'PY'
import json, sys
qs = {q["text"][:12]: q["speaker"] for q in json.loads(open(sys.argv[1]).readline())["digest"]["quotes"]}
def check(cond, what): print(("ok: " if cond else "FAIL: ") + what)
check(qs.get("The crew mus") == "the officer", "'\"...,\" the officer said': the officer (got %s)" % qs.get("The crew mus"))
check(qs.get("We will star") == "Kowalczyk", "a paragraph of quotation after Kowalczyk's: Kowalczyk (got %s)" % qs.get("We will star"))
check(qs.get("Nobody shoul") == "Kowalczyk", "'Kowalczyk notified the council': Kowalczyk (got %s)" % qs.get("Nobody shoul"))
check(qs.get("We found the") == "the coastguard",
      "a quotation in `` '' (tokenized corpora such as ECB+): found, the coastguard (got %s)" % qs)
PY

finish
