#!/usr/bin/env python3
"""dedup-check.py TRUTH GROUPS - recall of the planted copies by `newsfold dedup`.

TRUTH is nf-gen --truth (id, story, copy_of, copy_kind; tab-separated, "-" when not a copy),
GROUPS is newsfold dedup --groups (one JSON object per family of two or more). For each copy
kind, prints how many copies ended in the same family as their original, how many in another
family (linked, but not to their original), and how many stayed alone. Then the families that
join two or more originals (documents that are neither copies of each other nor copies of a
common original): the planted truth does not explain them. Figures only: nothing is asserted.
"""
import json
import sys

KINDS = ("exact", "reprint", "edited", "partial")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: dedup-check.py TRUTH GROUPS")
    truth, groups = sys.argv[1:]

    family = {}  # id -> family id, for the documents in a family of two or more
    members = []
    with open(groups, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            fam = str(g["family"])
            ids = [str(m) for m in g["members"]]
            members.append(ids)
            for m in ids:
                family[m] = fam

    copy_of = {}  # copy id -> original id
    counts = {}  # kind -> [copies, same family, other family, alone]
    docs = 0
    with open(truth, encoding="utf-8") as f:
        for line in f:
            docs += 1
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4 or fields[2] == "-":
                continue
            doc, orig, kind = fields[0], fields[2], fields[3]
            copy_of[doc] = orig
            c = counts.setdefault(kind, [0, 0, 0, 0])
            c[0] += 1
            fam = family.get(doc)
            if fam is None:
                c[3] += 1
            elif fam == family.get(orig):
                c[1] += 1
            else:
                c[2] += 1

    kinds = [k for k in KINDS if k in counts] + sorted(k for k in counts if k not in KINDS)
    total = [sum(counts[k][i] for k in kinds) for i in range(4)]
    print("%-24s %8s %8s %7s %8s %8s" % ("planted copies", "copies", "same fam", "recall",
                                        "oth.fam", "alone"))
    for k, c in [(k, counts[k]) for k in kinds] + [("all", total)]:
        print("%-24s %8d %8d %6.1f%% %8d %8d" % (k, c[0], c[1], 100.0 * c[1] / c[0] if c[0] else 0,
                                                 c[2], c[3]))
    mixed = 0
    extra = 0  # originals beyond the first in such families
    for ids in members:
        roots = {copy_of.get(m, m) for m in ids}
        if len(roots) > 1:
            mixed += 1
            extra += len(roots) - 1
    print("families joining unrelated originals: %d of %d (%d originals beyond the first; "
          "%d docs in truth)" % (mixed, len(members), extra, docs))


if __name__ == "__main__":
    main()
