#!/usr/bin/env python3
"""Checks `newsfold reuse` on the five seed articles against ../shared/seeds/README.md.

usage: reuse_seeds.py SEEDS_DIR REUSE_JSONL
Prints one "ok: ..." or "FAIL: ..." line per check; the shell test counts them.
"""
import json
import re
import sys
from difflib import SequenceMatcher

seeds_dir, out_path = sys.argv[1], sys.argv[2]
HEADER = re.compile(rb"^ date \d{4}-\d{2}-\d{2} ")
WORD = re.compile(r"\w+(?:['’]\w+)*")

texts = {}
for short in ("000", "001", "002", "003", "004"):
    import glob
    path = glob.glob(f"{seeds_dir}/{short}_*.txt")[0]
    raw = open(path, "rb").read()
    m = HEADER.match(raw)
    ident = path.rsplit("/", 1)[1][:-4]
    texts[ident] = raw[m.end():]  # offsets count from the body, after the header
short_of = {k: k[:3] for k in texts}

pairs = {}
for line in open(out_path, encoding="utf-8"):
    rec = json.loads(line)
    pairs[(short_of[rec["a"]], short_of[rec["b"]])] = rec


def check(cond, desc):
    print(("ok: " if cond else "FAIL: ") + desc)


def words(b):
    s = b.decode("utf-8").replace("â€™", "’").replace("’", "'").lower()
    return WORD.findall(s)


# 1. the wire family: 000-003 a copy (the README: "the three wire copies (000-003 covering 84% /
# 79%"), the others partial. Coverages as measured when this was written, within 0.03: about
# one sentence (~17 words) of these 460-570-word articles, so a lost or an extra paragraph fails.
TOL = 0.03
for (a, b), (ca, cb, rel) in {("000", "003"): (0.838, 0.793, "copy"),
                              ("000", "001"): (0.459, 0.567, "partial"),
                              ("001", "003"): (0.610, 0.466, "partial")}.items():
    p = pairs.get((a, b))
    check(p is not None and p["relation"] == rel, f"{a}-{b} linked as {rel}")
    if p:
        check(abs(p["coverage_a"] - ca) <= TOL,
              f"{a}-{b} coverage of {a} {p['coverage_a']:.3f} within {TOL} of {ca}")
        check(abs(p["coverage_b"] - cb) <= TOL,
              f"{a}-{b} coverage of {b} {p['coverage_b']:.3f} within {TOL} of {cb}")
        check(p["basis"] == "common-wire" and p["source"] is None,
              f"{a}-{b}: both agency copies, no article named as the source")

# 2. 002 quotes the Truth Social post that 000, 001 and 003 quote
for other in ("000", "001", "003"):
    p = pairs.get(tuple(sorted((other, "002"))))
    check(p is not None and p["relation"] == "quote", f"{other}-002 linked as quote")
    if p:
        counted = [s for s in p["spans"] if not s["boilerplate"]]
        check(counted and all(s["kind"] == "quote" for s in counted),
              f"{other}-002: every span is a quote ({len(counted)} spans)")
        check(p["source"] is None, f"{other}-002: no article named as the quote's author")
        c = p["coverage_b" if other < "002" else "coverage_a"]
        check(abs(c - 0.40) <= TOL, f"{other}-002: {c:.3f} of 002 quoted, within {TOL} of 0.40")

# 3. 004 shares exactly the one quote with 000, 001 and 003 (found through the mojibake repair)
for other in ("000", "001", "003"):
    p = pairs.get((other, "004"))
    check(p is not None and p["relation"] == "quote", f"{other}-004 linked as quote")
    if not p:
        continue
    good = True
    for s in p["spans"]:
        for side, ident in (("a", p["a"]), ("b", p["b"])):
            w = " ".join(words(texts[ident][s[side + "_start"]:s[side + "_end"]]))
            if "i believe great progress was made with today's telephone conversation" not in w:
                good = False
                print(f"  {other}-004 span text on side {side}: {w!r}", file=sys.stderr)
    check(good and p["spans"], f"{other}-004: every span is the 'great progress' quote")

# 4. independent write-ups: nothing between 002 and 004
check(("002", "004") not in pairs, "002-004 not linked")
check(len(pairs) == 9, f"9 linked pairs (got {len(pairs)})")

# 5. every offset applied to the original files gives matching text on both sides
bad = []
for (a, b), p in pairs.items():
    ta, tb = texts[p["a"]], texts[p["b"]]
    for s in p["spans"]:
        try:
            xa = ta[s["a_start"]:s["a_end"]]
            xb = tb[s["b_start"]:s["b_end"]]
            wa, wb = words(xa), words(xb)
        except UnicodeDecodeError:
            bad.append(f"{a}-{b}: span not on UTF-8 boundaries")
            continue
        if not (0 <= s["a_start"] < s["a_end"] <= len(ta) and 0 <= s["b_start"] < s["b_end"] <= len(tb)):
            bad.append(f"{a}-{b}: offsets out of range")
        ratio = SequenceMatcher(None, wa, wb, autojunk=False).ratio()
        if s["kind"] == "verbatim" and wa != wb:
            bad.append(f"{a}-{b}: verbatim span differs: {wa} / {wb}")
        if ratio < 0.8 or ratio < s["similarity"] - 0.1:
            bad.append(f"{a}-{b}: span texts differ (ratio {ratio:.2f}, similarity {s['similarity']})")
        if abs(len(wa) - s["words_a"]) > 2 or abs(len(wb) - s["words_b"]) > 2:
            bad.append(f"{a}-{b}: word counts {len(wa)}/{len(wb)} vs {s['words_a']}/{s['words_b']}")
        # a span starts and ends on a word
        for t, st, en in ((ta, s["a_start"], s["a_end"]), (tb, s["b_start"], s["b_end"])):
            if not (t[st:st + 1].decode("utf-8", "ignore").isalnum()
                    and t[en - 1:en].decode("utf-8", "ignore").isalnum() or t[en - 1] >= 0x80):
                bad.append(f"{a}-{b}: span does not start/end on a word: {t[st:st+10]!r}..{t[en-10:en]!r}")
for m in bad[:10]:
    print("  " + m, file=sys.stderr)
check(not bad, f"every span's offsets give matching text in the original files ({len(bad)} bad)")
