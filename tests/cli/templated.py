#!/usr/bin/env python3
"""templated.py N OUT: N short articles written from one template (a weather bulletin), each
differing from the others in two words: near duplicates of each other, as JSON lines. Made up
for the test."""
import json
import random
import sys

BASE = ("The national weather service said on its daily bulletin that conditions across the "
        "region will remain settled through the weekend with light winds and clear skies "
        "expected in most districts and temperatures near the seasonal average of %d degrees "
        "in %s.")


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(3)
    with open(out, "w") as f:
        for i in range(n):
            t = BASE % (rnd.randrange(50), "district%d" % rnd.randrange(100000))
            f.write(json.dumps({"id": "t%06d" % i, "text": t}) + "\n")


main()
