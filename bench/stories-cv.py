#!/usr/bin/env python3
"""stories-cv.py NEWSFOLD DOCS.jsonl GOLD.tsv - story quality by two-fold cross-validation.

The topics of a labelled set (ids "T_..." as in ECB+) are split in two halves, odd and even
topic numbers. For each half, the story options are tuned on the other half (a small grid over
--join, --merge and --name-weight, best B-cubed F1) and measured on this one; the defaults are
measured on both. What the defaults score on a half they were never tuned on is the figure to
trust; "tuned on the other half" shows how much a fit to one half carries to the other.
Prints one line per half and the means; --json prints them as one object.
"""
import itertools
import json
import os
import subprocess
import sys
import tempfile

GRID = {
    "--join": ["0.30", "0.35", "0.40", "0.45", "0.50"],
    "--merge": ["0.10", "0.13", "0.16", "0.20", "0.25"],
    "--name-weight": ["1.5", "2", "3"],
}


def topic(doc_id):
    head = doc_id.split("_", 1)[0]
    return int(head) if head.isdigit() else hash(head)


def score(nf, docs, gold, opts, tmp):
    assign = os.path.join(tmp, "assign.tsv")
    subprocess.run([nf, "stories", "-q", "--assign", assign, *opts, docs], check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run([nf, "eval", "--json", "--gold", gold, assign], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["bcubed_f1"]


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    if len(args) != 3:
        sys.exit(__doc__)
    nf, docs, gold = args
    lines = open(docs, encoding="utf-8").readlines()
    labels = dict(l.rstrip("\n").split("\t") for l in open(gold, encoding="utf-8") if l.strip())
    with tempfile.TemporaryDirectory() as tmp:
        halves = []
        for parity in (1, 0):
            sel = [l for l in lines if topic(json.loads(l)["id"]) % 2 == parity]
            d = os.path.join(tmp, "half%d.jsonl" % parity)
            g = os.path.join(tmp, "half%d.tsv" % parity)
            open(d, "w", encoding="utf-8").writelines(sel)
            ids = [json.loads(l)["id"] for l in sel]
            open(g, "w", encoding="utf-8").writelines("%s\t%s\n" % (i, labels[i]) for i in ids)
            halves.append((d, g, len(sel)))
        grid = [sum(([k, v] for k, v in zip(GRID, combo)), [])
                for combo in itertools.product(*GRID.values())]
        scores = [[score(nf, d, g, o, tmp) for o in grid] for d, g, _ in halves]
        rows = []
        for k, (d, g, n) in enumerate(halves):
            other = scores[1 - k]
            best = max(range(len(grid)), key=lambda i: (other[i], -i))
            rows.append({"half": "odd topics" if k == 0 else "even topics", "articles": n,
                         "default": score(nf, d, g, [], tmp),
                         "tuned_on_other": scores[k][best], "tuned_options": " ".join(grid[best]),
                         "best_here": max(scores[k])})
    mean = {key: sum(r[key] for r in rows) / len(rows)
            for key in ("default", "tuned_on_other", "best_here")}
    if "--json" in sys.argv:
        print(json.dumps({"halves": rows, "mean": mean}))
        return
    for r in rows:
        print("%-12s %3d articles: defaults %.4f; tuned on the other half %.4f (%s); "
              "best possible here %.4f" % (r["half"], r["articles"], r["default"],
                                          r["tuned_on_other"], r["tuned_options"], r["best_here"]))
    print("mean: defaults %.4f; tuned on the other half %.4f; best possible %.4f"
          % (mean["default"], mean["tuned_on_other"], mean["best_here"]))


if __name__ == "__main__":
    main()
