#!/usr/bin/env python3
"""wire.py N OUT: one agency wire carried by N outlets, as JSON lines. Each copy is the wire with
its own first line (the outlet's), a word or two changed, and the last paragraph kept or trimmed,
so no two are byte-identical; ids are w0000 ... The text is made up for the test."""
import json
import random
import sys

WIRE = [
    "Engineers at the Talvik hydroelectric station restored power to the northern valley on "
    "Sunday, three days after a landslide cut the main transmission line and left about forty "
    "thousand homes without electricity during the first cold spell of the season.",
    "The regional utility said crews worked through two nights to string a temporary line across "
    "the collapsed slope above the Brenna river, while helicopters carried replacement pylons "
    "from the depot at Ostrand because the mountain road remained blocked by mud and timber.",
    "Schools in the four affected districts will reopen on Tuesday, the education office said, "
    "and the emergency shelters set up in sports halls at Varde and Lunn will close once the last "
    "villages are reconnected later this week.",
    "Geologists from the national survey warned that the hillside could move again if heavy rain "
    "returns, and asked residents of eleven farms below the slide to stay with relatives until "
    "sensors installed on Saturday show the ground has settled.",
    "The utility estimated the cost of the repairs at twelve million crowns and said a permanent "
    "line, routed further from the unstable slope, would be built next summer after the "
    "environmental review of the new corridor is finished.",
]
SWAPS = [("Sunday", "Sunday afternoon"), ("about", "roughly"), ("said", "reported"),
         ("warned", "cautioned"), ("estimated", "put"), ("temporary", "provisional"),
         ("residents", "families"), ("permanent", "new permanent")]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(7)
    with open(out, "w") as f:
        for i in range(n):
            paras = list(WIRE)
            for _ in range(rnd.randint(1, 2)):
                k = rnd.randrange(len(paras))
                a, b = rnd.choice(SWAPS)
                paras[k] = paras[k].replace(a, b, 1)
            if rnd.random() < 0.3:
                paras = paras[:-1]
            text = "Published by outlet number %d of the valley press group.\n\n" % i
            text += "\n\n".join(paras)
            f.write(json.dumps({"id": "w%04d" % i, "title": "Power restored in northern valley",
                                "source": "outlet%d" % i, "date": "2025-11-0%dT08:00:00Z" % (1 + i % 3),
                                "text": text}) + "\n")


main()
