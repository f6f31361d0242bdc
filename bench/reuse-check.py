#!/usr/bin/env python3
"""reuse-check.py - score `newsfold reuse` pairs against the passages bench/plant.py planted.

  python3 bench/reuse-check.py --corpus planted.jsonl --truth truth.jsonl --pairs reuse.jsonl
                               [--min-words 20] [--tolerance 3] [--json]
                               [--require-recall R] [--require-unrelated N]
  python3 bench/reuse-check.py --corpus planted.jsonl --truth truth.jsonl --selftest

A planted passage (truth line with words >= min-words) is FOUND when its pair is reported (either
orientation) and the union of the reported non-boilerplate spans overlapping the passage on both
sides has all four boundaries within `tolerance` words of the true ones (the error of a boundary
is the number of words, \\w+(?:['’.,]\\w+)*, between it and the true one; a boundary inside a
word counts that word). Shorter passages are scored apart, for information. UNRELATED pairs are
reported pairs of two different stories that no planted passage explains: neither a truth pair,
nor matched through planted text (the target of a passage and a sibling of its source, which
share the source's text). Every span's offsets are checked: in range, ordered, on UTF-8
character boundaries. Exit status 0, or 1 when a --require-* threshold fails (2: bad input).
"""
import argparse
import bisect
import json
import re
import sys

WORD = re.compile(r"\w+(?:['’.,]\w+)*")
OFFSETS = ("a_start", "a_end", "b_start", "b_end")
LEN_BUCKETS = [(10, 19), (20, 49), (50, 99), (100, 199), (200, 400)]
EDIT_BUCKETS = [(0, 0.02), (0.02, 0.05), (0.05, 0.10)]


class Doc:
    def __init__(self, idx, rec):
        self.idx, self.id, self.story = idx, rec["id"], rec.get("_story")
        self.text = rec["text"].encode("utf-8")
        self._words = None

    def words(self):
        """(starts, ends): byte offsets of the words, computed on first use."""
        if self._words is None:
            text = self.text.decode("utf-8")
            starts, ends, cpos, bpos = [], [], 0, 0
            for m in WORD.finditer(text):
                bpos += len(text[cpos:m.start()].encode("utf-8"))
                starts.append(bpos)
                bpos += len(m.group().encode("utf-8"))
                ends.append(bpos)
                cpos = m.end()
            self._words = (starts, ends)
        return self._words

    def word_error(self, x, y):
        """Words overlapping [min, max) of two offsets (a word strictly containing x == y: 1)."""
        lo, hi = min(x, y), max(x, y)
        starts, ends = self.words()
        return bisect.bisect_left(starts, hi) - bisect.bisect_right(ends, lo)

    def on_boundary(self, off):
        return (0 <= off <= len(self.text)
                and (off == len(self.text) or self.text[off] & 0xC0 != 0x80))


def key(x):
    return str(x)  # ids may be numbers or strings; compare them as text


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def overlaps(s, e, ts, te):
    return s < te and e > ts


def oriented(pairs, a, b):
    """(record, spans) reported for docs (a, b), spans with a's offsets as a_*; (None, None)
    when the pair is not reported."""
    if (a, b) in pairs:
        return pairs[(a, b)], pairs[(a, b)]["spans"]
    if (b, a) in pairs:
        r = pairs[(b, a)]
        return r, [dict(s, a_start=s["b_start"], a_end=s["b_end"], b_start=s["a_start"],
                        b_end=s["a_end"]) for s in r["spans"]]
    return None, None


def bucket(value, buckets):
    for lo, hi in buckets:
        if value <= hi:
            return "%g-%g" % (lo, hi)
    return "%g-%g" % buckets[-1]


MISSES = []  # (truth passage, boundary errors, spans) of passages found with boundaries off


def score(docs, truth, pairs, min_words, tol, malformed=0):
    """All the figures, as a dict; pairs maps (key a, key b) to a reuse output record."""
    main = {"passages": 0, "found": 0, "boundaries_off": 0, "span_missing": 0,
            "pair_missing": 0, "split": 0}
    short = {"passages": 0, "found": 0}
    by_len, by_edit, errs, relations = {}, {}, [], {}
    for t in truth:
        a, b = docs[key(t["a"])], docs[key(t["b"])]
        rec, spans = oriented(pairs, key(t["a"]), key(t["b"]))
        hit = [s for s in spans or () if not s.get("boilerplate")
               and overlaps(s["a_start"], s["a_end"], t["a_start"], t["a_end"])
               and overlaps(s["b_start"], s["b_end"], t["b_start"], t["b_end"])]
        found, e = False, None
        if hit:
            e = [a.word_error(min(s["a_start"] for s in hit), t["a_start"]),
                 a.word_error(max(s["a_end"] for s in hit), t["a_end"]),
                 b.word_error(min(s["b_start"] for s in hit), t["b_start"]),
                 b.word_error(max(s["b_end"] for s in hit), t["b_end"])]
            found = max(e) <= tol
        lb = by_len.setdefault(bucket(t["words"], LEN_BUCKETS), [0, 0])
        lb[0] += 1
        lb[1] += found
        if t["words"] < min_words:
            short["passages"] += 1
            short["found"] += found
            continue
        main["passages"] += 1
        eb = by_edit.setdefault(bucket(t["edit_rate"], EDIT_BUCKETS), [0, 0])
        eb[0] += 1
        eb[1] += found
        if found:
            main["found"] += 1
            errs.extend(e)
        elif hit:
            main["boundaries_off"] += 1
            MISSES.append((t, e, len(hit)))
        else:
            main["pair_missing" if spans is None else "span_missing"] += 1
        main["split"] += len(hit) > 1
        if rec is not None:
            rel = str(rec.get("relation"))
            relations[rel] = relations.get(rel, 0) + 1
    main["recall"] = main["found"] / main["passages"] if main["passages"] else 0.0
    short["recall"] = short["found"] / short["passages"] if short["passages"] else 0.0
    main["boundary_error_mean"] = sum(errs) / len(errs) if errs else 0.0
    main["boundary_error_max"] = max(errs) if errs else 0
    main["relations"] = relations

    # Reported pairs that the truth does not explain, and the offsets of every span.
    truth_pairs = {frozenset((key(t["a"]), key(t["b"]))) for t in truth}
    planted = {}  # target key -> [(b_start, b_end, source story)]
    for t in truth:
        planted.setdefault(key(t["b"]), []).append(
            (t["b_start"], t["b_end"], docs[key(t["a"])].story))

    def origins(doc, s, e):  # stories the text of [s, e) of doc comes from
        return {doc.story} | {st for ps, pe, st in planted.get(key(doc.id), ()) if
                              overlaps(s, e, ps, pe)}

    other = {"pairs": 0, "same_story": 0, "truth": 0, "indirect": 0, "unknown_ids": 0,
             "spans": malformed, "bad_offsets": malformed}
    unrelated = []
    for (ka, kb), r in pairs.items():
        other["pairs"] += 1
        if ka not in docs or kb not in docs:
            other["unknown_ids"] += 1
            continue
        a, b = docs[ka], docs[kb]
        for s in r["spans"]:
            other["spans"] += 1
            ok = all(d.on_boundary(s[f]) for d, f in zip((a, a, b, b), OFFSETS))
            other["bad_offsets"] += not (ok and s["a_start"] <= s["a_end"]
                                         and s["b_start"] <= s["b_end"])
        if a.story == b.story:
            other["same_story"] += 1
        elif frozenset((ka, kb)) in truth_pairs:
            other["truth"] += 1
        elif any(not s.get("boilerplate") and origins(a, s["a_start"], s["a_end"])
                 & origins(b, s["b_start"], s["b_end"]) for s in r["spans"]):
            other["indirect"] += 1
        else:
            unrelated.append(r)
    other["unrelated"] = len(unrelated)
    other["unrelated_boilerplate_only"] = sum(
        all(s.get("boilerplate") for s in r["spans"]) for r in unrelated)
    examples = []
    cut = lambda d, x, y: d.text[x:y].decode("utf-8", "replace")[:300]
    for r in unrelated[:5]:
        a, b = docs[key(r["a"])], docs[key(r["b"])]
        s = r["spans"][0] if r["spans"] else dict.fromkeys(OFFSETS, 0)
        examples.append({"a": r["a"], "b": r["b"], "relation": r.get("relation"), "span": s,
                         "text_a": cut(a, s["a_start"], s["a_end"]),
                         "text_b": cut(b, s["b_start"], s["b_end"])})
    return {"min_words": min_words, "tolerance": tol, "main": main, "short": short,
            "recall_by_length": {k: {"passages": v[0], "found": v[1]} for k, v in by_len.items()},
            "recall_by_edit_rate": {k: {"passages": v[0], "found": v[1]}
                                    for k, v in by_edit.items()},
            "pairs": other, "unrelated_examples": examples}


def print_report(f):
    m, s, o = f["main"], f["short"], f["pairs"]
    pct = lambda x, n: "%5.1f%%" % (100.0 * x / n) if n else "    -"
    print("passages >= %d words: %d; found %d (%s), boundaries off by > %d words %d, span "
          "missing %d, pair missing %d; split over 2+ spans %d" % (
              f["min_words"], m["passages"], m["found"], pct(m["found"], m["passages"]),
              f["tolerance"], m["boundaries_off"], m["span_missing"], m["pair_missing"],
              m["split"]))
    print("boundary error of found passages (words): mean %.2f, max %d; relations %s" % (
        m["boundary_error_mean"], m["boundary_error_max"], json.dumps(m["relations"])))
    print("passages < %d words (information only): %d; found %d (%s)" % (
        f["min_words"], s["passages"], s["found"], pct(s["found"], s["passages"])))
    print("%-24s %8s %8s %7s" % ("recall by", "passages", "found", "recall"))
    rows = [("words %d-%d" % b, f["recall_by_length"], b) for b in LEN_BUCKETS]
    rows += [("edit rate %g-%g%% (>= min)" % (lo * 100, hi * 100), f["recall_by_edit_rate"],
              (lo, hi)) for lo, hi in EDIT_BUCKETS]
    for label, table, b in rows:
        v = table.get("%g-%g" % b, {"passages": 0, "found": 0})
        print("%-24s %8d %8d %7s" % (label, v["passages"], v["found"],
                                     pct(v["found"], v["passages"])))
    print("reported pairs %d: truth %d, same story %d, via planted text %d, UNRELATED %d "
          "(%d boilerplate only), unknown ids %d" % (
              o["pairs"], o["truth"], o["same_story"], o["indirect"], o["unrelated"],
              o["unrelated_boilerplate_only"], o["unknown_ids"]))
    print("spans %d, bad offsets (not integers, out of range, reversed or inside a UTF-8 "
          "character) %d" % (o["spans"], o["bad_offsets"]))
    for x in f["unrelated_examples"]:
        print("  unrelated %s / %s (%s): %s" % (x["a"], x["b"], x["relation"],
                                               json.dumps(x["span"])))
        print("    a: %r\n    b: %r" % (x["text_a"], x["text_b"]))


def shifted(docs, truth, k):
    """Fake reuse pairs: each truth passage as one span, boundaries moved k words (outward
    where the text allows, inward otherwise)."""
    pairs = {}
    for t in truth:
        span = {"boilerplate": False, "kind": "edited", "similarity": 1.0}
        for side in "ab":
            starts, ends = docs[key(t[side])].words()
            i = bisect.bisect_left(starts, t[side + "_start"])
            j = bisect.bisect_left(ends, t[side + "_end"])
            span[side + "_start"] = starts[i - k] if i - k >= 0 else starts[i + k]
            span[side + "_end"] = ends[j + k] if j + k < len(ends) else ends[j - k]
        pairs[(key(t["a"]), key(t["b"]))] = {"a": t["a"], "b": t["b"], "relation": "partial",
                                             "spans": [span]}
    return pairs


def selftest(docs, truth, min_words, tol):
    for k, want in ((0, 1.0), (2, 1.0), (5, 0.0)):
        f = score(docs, truth, shifted(docs, truth, k), min_words, tol)
        got = (f["main"]["recall"], f["short"]["recall"] if f["short"]["passages"] else want)
        assert got == (want, want), "shift %d: recall %s, want %s" % (k, got, want)
        assert f["main"]["boundary_error_max"] == (k if want else 0), f["main"]
        assert f["pairs"]["unrelated"] == 0 and f["pairs"]["bad_offsets"] == 0, f["pairs"]
    print("selftest ok (%d passages; boundaries shifted by 0, 2, 5 words: 100%%, 100%%, 0%% "
          "found)" % len(truth))


def main():
    ap = argparse.ArgumentParser(description="Score newsfold reuse output against plant.py.")
    ap.add_argument("--corpus", required=True, help="the planted corpus (JSONL)")
    ap.add_argument("--truth", required=True, help="plant.py --truth output")
    ap.add_argument("--pairs", help="newsfold reuse output (JSONL)")
    ap.add_argument("--min-words", type=int, default=20)
    ap.add_argument("--tolerance", type=int, default=3, help="boundary error allowed, words")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--require-recall", type=float, help="fail below this recall (0..1)")
    ap.add_argument("--require-unrelated", type=int, help="fail above this many unrelated")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print N passages whose boundaries are off, with their errors")
    args = ap.parse_args()
    if not args.selftest and not args.pairs:
        ap.error("--pairs is required (or --selftest)")
    try:
        docs = {}
        for i, rec in enumerate(read_jsonl(args.corpus)):
            docs[key(rec["id"])] = Doc(i, rec)
        truth = read_jsonl(args.truth)
        missing = [t for t in truth if key(t["a"]) not in docs or key(t["b"]) not in docs]
        if missing:
            raise ValueError("truth ids not in the corpus, e.g. %r" % missing[0])
        if args.selftest:
            return selftest(docs, truth, args.min_words, args.tolerance)
        pairs, malformed = {}, 0
        for r in read_jsonl(args.pairs):  # a pair listed twice: its spans are merged
            spans = r.get("spans") or []  # spans without four integer offsets: bad, dropped
            r["spans"] = [s for s in spans if all(type(s.get(f)) is int for f in OFFSETS)]
            malformed += len(spans) - len(r["spans"])
            k = (key(r["a"]), key(r["b"]))
            if k in pairs:
                pairs[k] = dict(pairs[k], spans=pairs[k]["spans"] + r["spans"])
            else:
                pairs[k] = r
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("reuse-check: %s" % e, file=sys.stderr)
        sys.exit(2)

    f = score(docs, truth, pairs, args.min_words, args.tolerance, malformed)
    fails = []
    if args.require_recall is not None and f["main"]["recall"] < args.require_recall:
        fails.append("recall %.4f < required %g" % (f["main"]["recall"], args.require_recall))
    if args.require_unrelated is not None and f["pairs"]["unrelated"] > args.require_unrelated:
        fails.append("unrelated pairs %d > allowed %d" % (f["pairs"]["unrelated"],
                                                          args.require_unrelated))
    f["failed"] = fails
    if args.json:
        print(json.dumps(f, ensure_ascii=False))
    else:
        print_report(f)
    for t, e, n in MISSES[:args.show_misses]:
        a, b = docs[key(t["a"])].text, docs[key(t["b"])].text
        print("boundaries off %s (words a start/end, b start/end) over %d span(s): %s / %s, "
              "%d words, %d edits" % (e, n, t["a"], t["b"], t["words"], t["edits"]))
        for name, txt, st, en in (("a", a, t["a_start"], t["a_end"]), ("b", b, t["b_start"], t["b_end"])):
            x = txt
            print("  %s: ...%s[[%s ... %s]]%s..." % (
                name, x[max(0, st - 60):st].decode(errors="replace"), x[st:st + 80].decode(errors="replace"),
                x[max(st, en - 80):en].decode(errors="replace"), x[en:en + 40].decode(errors="replace")))
    for msg in fails:
        print("reuse-check: FAILED: " + msg, file=sys.stderr)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
