#!/usr/bin/env python3
"""plant.py - plant reused passages into a generated corpus, for measuring `newsfold reuse`.

  python3 bench/plant.py --in corpus.jsonl --out planted.jsonl --truth truth.jsonl
                         [--passages P] [--seed S] [--min-words 10] [--max-words 400]
                         [--max-edit 0.10]

The corpus is nf-gen JSONL (id, text, _story, ...; best made with --dup-rate 0). Each passage
is a run of L words (L log-uniform in [min-words, max-words]) taken from the body of a source
doc a, lightly edited (substituted, deleted and inserted words at a rate drawn uniformly in
[0, max-edit], never touching the first or last 2 words), and inserted into a later target
doc b of another story: half the time inline after a sentence end ("...end. PASSAGE Next..."),
half the time as a paragraph of its own between two body paragraphs. Sources and targets are
disjoint and each is used once, so the offsets stay valid.

Truth, one JSON object a line (offsets are byte offsets into the UTF-8 "text" fields; b's after
planting, a's unchanged since sources are never modified):
  {"a", "b", "a_start", "a_end", "b_start", "b_end", "words": L (source words), "edits": k,
   "edit_rate": e, "words_b": words planted, "how": "inline"|"paragraph"}
Same seed and options, same bytes out.
"""
import argparse
import json
import math
import random
import re
import sys

WORD = re.compile(r"\w+(?:['’.,]\w+)*")
# Page furniture: lines starting like this, or containing a photo credit, are never body
# (bylines and datelines alone are caught by the 15-word minimum).
FURNITURE_HEADS = [
    "Home / ", "Updated", "Last Updated", "First Published", "Published on",
    "Also Read", "ALSO READ", "(Reporting by", "Disclaimer", "(Only the headline",
    "(This story has not", "Sign up for", "Follow us", "Catch all", "Click here", "Share this",
    "Copyright", "Comments are closed", "Recommended for you", "Our journalism",
    "Trending Now", "Top Stories", "Listen to this", "Advertisement",
]
FURNITURE = re.compile(
    "^(?:" + "|".join(map(re.escape, FURNITURE_HEADS)) + r"|\d+ min read)"
    r"|is now on Telegram|\((?:File photo|Representative image|Handout photo|Image credit):")
# Datelines opening the lead paragraph ("LONDON, Sep 1 (Wire) - ", "Delhi [IN], May 2 (X): ",
# "NAIROBI, Kenya (Orbis) — ", "PARIS — "): passages never include them.
DATELINE = re.compile(r"^(?:[^\n()]{2,60}?\([^()\n]{1,40}\)(?: -|:| —)"
                      r"|[^\W\da-z][^\W\da-z .'’-]{1,40} —) ")
# A sentence end we may insert after: a lower-case word of 2+ letters, ". ", then a capital or
# an opening quote (so "Mr. X", "U.S. Y" and "a.m. Z" are never split).
SENT_END = re.compile(r"\b[a-z]{2,}\. (?=[A-Z“\"])")
BODY_MIN_WORDS = 15


def paragraphs(text):
    """[(start, end, body_start, is_body)], char offsets of the "\\n\\n"-separated paragraphs.
    body_start skips a dateline; is_body: not furniture, one line, >= 15 words."""
    out, pos = [], 0
    for chunk in text.split("\n\n"):
        start, end = pos, pos + len(chunk)
        pos = end + 2
        m = DATELINE.match(chunk)
        bstart = start + (m.end() if m else 0)
        body = ("\n" not in chunk and not FURNITURE.search(chunk)
                and len(WORD.findall(text, bstart, end)) >= BODY_MIN_WORDS)
        out.append((start, end, bstart, body))
    return out


def body_runs(text):
    """Word spans [(start, end), ...] of each run of consecutive body paragraphs."""
    runs, cur = [], []
    for start, end, bstart, body in paragraphs(text):
        if body:
            cur.extend(m.span() for m in WORD.finditer(text, bstart, end))
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def insertion_points(text):
    """(inline, paragraph): char offsets after a sentence end inside a body paragraph, and
    offsets of the "\\n\\n" between two consecutive body paragraphs."""
    paras = paragraphs(text)
    inline = [m.end() for s, e, bs, body in paras if body for m in SENT_END.finditer(text, bs, e)]
    para = [paras[i][1] for i in range(len(paras) - 1) if paras[i][3] and paras[i + 1][3]]
    return inline, para


def random_word(rng, docs, exclude):
    """A word from the text of a random doc not in exclude."""
    while True:
        i = rng.randrange(len(docs))
        if i not in exclude:
            words = WORD.findall(docs[i]["text"])
            if words:
                return rng.choice(words)


def edit_passage(words, seps, k, rng, new_word):
    """Apply k random word edits in place (words[i] is followed by seps[i]; seps[-1] == "").
    The first and last 2 words are never edited, and no word is inserted among them."""
    for _ in range(k):
        n = len(words)
        op = rng.choice(("sub", "del", "ins"))
        if op == "del" and n <= 6:
            op = "sub"
        if op == "ins":
            j = rng.randint(2, n - 2)  # the new word goes before words[j]
            words.insert(j, new_word())
            seps.insert(j, " ")
            continue
        j = rng.randint(2, n - 3)
        if op == "sub":
            w = new_word()
            while w == words[j]:
                w = new_word()
            words[j] = w
        else:  # delete the word and one of the separators around it (keep a paragraph break)
            del words[j]
            del seps[j if "\n" not in seps[j] else j - 1]


def log_uniform(rng, lo, hi):
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def main():
    ap = argparse.ArgumentParser(description="Plant reused passages into an nf-gen corpus.")
    ap.add_argument("--in", dest="inp", required=True, help="nf-gen JSONL corpus")
    ap.add_argument("--out", required=True, help="planted corpus (JSONL)")
    ap.add_argument("--truth", required=True, help="planted passages (JSONL)")
    ap.add_argument("--passages", type=int, help="passages to plant (default 10%% of docs)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-words", type=int, default=10)
    ap.add_argument("--max-words", type=int, default=400)
    ap.add_argument("--max-edit", type=float, default=0.10)
    args = ap.parse_args()
    if not 5 <= args.min_words <= args.max_words or not 0 <= args.max_edit < 0.5:
        ap.error("need 5 <= min-words <= max-words and 0 <= max-edit < 0.5")

    with open(args.inp, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    n = len(docs)
    want = args.passages if args.passages is not None else n // 10
    rng = random.Random(args.seed)
    used = set()  # doc indexes already used as a source or a target
    runs_cache, ins_cache = {}, {}
    truth = []

    def runs_of(i):
        if i not in runs_cache:
            runs_cache[i] = body_runs(docs[i]["text"])
        return runs_cache[i]

    def ins_of(i):
        if i not in ins_cache:
            ins_cache[i] = insertion_points(docs[i]["text"])
        return ins_cache[i]

    for _ in range(want):
        L = log_uniform(rng, args.min_words, args.max_words)
        rate = rng.uniform(0, args.max_edit)
        # Draw (a, b) pairs until one fits: a earlier, other story, both unused, a offers L
        # words in a run of body paragraphs, b has somewhere to insert. If no pair offers L
        # words in 500 tries, take the fitting pair that offered the most and clamp L.
        best = None
        for _try in range(500):
            a, b = sorted(rng.sample(range(n), 2))
            if a in used or b in used or docs[a]["_story"] == docs[b]["_story"]:
                continue
            inline, para = ins_of(b)
            offer = max((len(r) for r in runs_of(a)), default=0)
            if not (inline or para) or offer < args.min_words:
                continue
            if best is None or offer > best[2]:
                best = (a, b, offer)
            if offer >= L:
                break
        if best is None:
            print("plant: no fitting source/target pair in 500 draws; stopped at %d passages"
                  % len(truth), file=sys.stderr)
            break
        a, b, offer = best
        L = min(L, offer)
        used.update((a, b))

        # The source passage: L consecutive words of one run, starting anywhere.
        atext = docs[a]["text"]
        starts = [(r, i) for r in runs_of(a) if len(r) >= L for i in range(len(r) - L + 1)]
        run, i = rng.choice(starts)
        spans = run[i:i + L]
        a_s, a_e = spans[0][0], spans[-1][1]
        words = [atext[s:e] for s, e in spans]
        seps = [atext[spans[j][1]:spans[j + 1][0]] for j in range(L - 1)] + [""]

        k = int(round(rate * L))
        edit_passage(words, seps, k, rng, lambda: random_word(rng, docs, (a, b)))
        passage = "".join(w + s for w, s in zip(words, seps))

        # Insert it into b, inline after a sentence end or as a paragraph of its own.
        btext = docs[b]["text"]
        inline, para = ins_of(b)
        how = "inline" if rng.random() < 0.5 else "paragraph"
        if how == "inline" and not inline or how == "paragraph" and not para:
            how = "paragraph" if how == "inline" else "inline"
        if how == "inline":
            at = rng.choice(inline)
            new, b_s = btext[:at] + passage + " " + btext[at:], at
        else:
            at = rng.choice(para)
            new, b_s = btext[:at] + "\n\n" + passage + btext[at:], at + 2
        docs[b]["text"] = new
        docs[b]["_planted"] = [docs[a]["id"]]

        nbytes = lambda s: len(s.encode("utf-8"))
        a_bs, b_bs = nbytes(atext[:a_s]), nbytes(new[:b_s])
        truth.append({"a": docs[a]["id"], "b": docs[b]["id"],
                      "a_start": a_bs, "a_end": a_bs + nbytes(atext[a_s:a_e]),
                      "b_start": b_bs, "b_end": b_bs + nbytes(passage),
                      "words": L, "edits": k, "edit_rate": round(rate, 4),
                      "words_b": len(WORD.findall(passage)), "how": how})

    dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n"
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(dump(d) for d in docs)
    with open(args.truth, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(dump(t) for t in truth)

    lens = sorted(t["words"] for t in truth)
    if lens:
        q = lambda p: lens[min(len(lens) - 1, int(p * len(lens)))]
        print("plant: %d passages into %d docs; words min %d p25 %d median %d p75 %d max %d; "
              "%d inline, %d paragraphs; %d edits" % (
                  len(truth), n, lens[0], q(.25), q(.5), q(.75), lens[-1],
                  sum(t["how"] == "inline" for t in truth),
                  sum(t["how"] == "paragraph" for t in truth), sum(t["edits"] for t in truth)),
              file=sys.stderr)


if __name__ == "__main__":
    main()
