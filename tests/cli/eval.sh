#!/usr/bin/env bash
# newsfold eval: scores against a gold clustering, both input forms, missing and extra ids, errors.
. "$(dirname "$0")/lib.sh"

printf 'a\tG1\nb\tG1\nc\tG1\nd\tG2\ne\tG2\n' >"$T/gold.tsv"
printf 'a\tx\nb\tx\nc\ty\nd\ty\ne\ty\n' >"$T/pred.tsv"
must "eval" "$NF" eval --gold "$T/gold.tsv" "$T/pred.tsv" >"$T/out.txt"
check "B-cubed line" grep -q '^B-cubed:   P 0.7333  R 0.7333  F1 0.7333' "$T/out.txt"
check "pairwise line" grep -q '^pairwise:  P 0.5000  R 0.5000  F1 0.5000' "$T/out.txt"
check "ARI line" grep -q '^ARI:       0.1667' "$T/out.txt"
# JSON lines prediction, with an extra id and a missing one (e: a singleton)
printf '%s\n' '{"id":"a","story":1}' '{"id":"b","story":1}' '{"id":"c","story":2}' \
	'{"id":"d","story":2}' '{"id":"zz","story":2}' >"$T/pred.jsonl"
must "eval --json" "$NF" eval --json --gold "$T/gold.tsv" "$T/pred.jsonl" >"$T/out.json"
check_eq "jsonl: missing 1" "$(json_field "$T/out.json" missing)" 1
check_eq "jsonl: extra 1" "$(json_field "$T/out.json" extra)" 1
check_eq "jsonl: predicted clusters (2 + a singleton)" "$(json_field "$T/out.json" pred_clusters)" 3
# the ECB+ gold against a prediction (a seeded reshuffle of a fifth of its labels), from stdin:
# every figure recomputed here from the definitions
python3 - "$SHARED_DIR/eval/ecbplus-dev/gold.tsv" "$T/ecb-pred.tsv" <<'PY'
import random, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
labels = sorted({g for _, g in rows})
rng = random.Random(4)
with open(sys.argv[2], "w") as f:
    for i, g in rows:
        f.write("%s\t%s\n" % (i, rng.choice(labels) if rng.random() < 0.2 else g))
PY
must "eval from stdin" "$NF" eval --json --gold "$SHARED_DIR/eval/ecbplus-dev/gold.tsv" - \
	<"$T/ecb-pred.tsv" >"$T/ecb.json"
pycheck /dev/stdin "$SHARED_DIR/eval/ecbplus-dev/gold.tsv" "$T/ecb-pred.tsv" "$T/ecb.json" <<'PY'
import json, sys
from collections import Counter
from math import comb
gold = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[1]))
pred = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]))
got = json.load(open(sys.argv[3]))
items = sorted(gold)
gs, ps = Counter(gold[i] for i in items), Counter(pred[i] for i in items)
both = Counter((gold[i], pred[i]) for i in items)
n = len(items)
# B-cubed: per item, the share of its predicted cluster in its gold cluster, and back
bp = sum(both[gold[i], pred[i]] / ps[pred[i]] for i in items) / n
br = sum(both[gold[i], pred[i]] / gs[gold[i]] for i in items) / n
pairs_both = sum(comb(c, 2) for c in both.values())
pairs_p, pairs_g = sum(comb(c, 2) for c in ps.values()), sum(comb(c, 2) for c in gs.values())
expected = pairs_p * pairs_g / comb(n, 2)
want = {"items": n, "gold_clusters": len(gs), "pred_clusters": len(ps),
        "bcubed_p": bp, "bcubed_r": br, "bcubed_f1": 2 * bp * br / (bp + br),
        "pair_p": pairs_both / pairs_p, "pair_r": pairs_both / pairs_g,
        "pair_f1": 2 * pairs_both / (pairs_p + pairs_g),
        "ari": (pairs_both - expected) / ((pairs_p + pairs_g) / 2 - expected)}
for k, v in want.items():
    close = abs(got[k] - v) <= 5e-5  # printed to 4 decimals
    print(("ok" if close else "FAIL") + ": ecbplus-dev, a fifth relabelled: %s %s = %.6f" % (k, got[k], v))
print(("ok" if 0.5 < want["bcubed_f1"] < 0.95 else "FAIL") + ": the prediction is neither perfect nor random")
PY
# errors: malformed line (file:line), unreadable file, missing arguments
printf 'a\tG1\nbroken line\n' >"$T/bad.tsv"
"$NF" eval --gold "$T/bad.tsv" "$T/pred.tsv" 2>"$T/err.txt" >/dev/null
check_eq "malformed gold: exit 2" "$?" 2
check "malformed gold: file and line" grep -q 'bad.tsv:2:' "$T/err.txt"
check_usage "missing prediction file" "$NF" eval --gold "$T/gold.tsv" "$T/nope.tsv"
check_usage "no --gold" "$NF" eval "$T/pred.tsv"
check_help "help" --gold "$NF" eval --help
finish
