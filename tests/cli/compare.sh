#!/usr/bin/env bash
# newsfold compare: two articles side by side; colour only on a terminal, NO_COLOR honoured.
. "$(dirname "$0")/lib.sh"
S=$SHARED_DIR/seeds
a=$(ls "$S"/000_*.txt)
b=$(ls "$S"/004_*.txt)

must "compare" "$NF" compare --width 100 "$a" "$b" >"$T/plain.txt"
check "summary: relation quote" grep -q '^relation: quote' "$T/plain.txt"
check "summary: span 1 is a quote" grep -qE '^  \[1\] quote' "$T/plain.txt"
check "span marked [1> in the text" grep -q '\[1>' "$T/plain.txt"
check "span end marked <1]" grep -q '<1\]' "$T/plain.txt"
check "the quote is in both columns" grep -q 'I believe great progress' "$T/plain.txt"
check "no escape sequences when not a terminal" bash -c "! grep -q $'\033' '$T/plain.txt'"
long=$(python3 -c '
import sys
print(sum(1 for l in open(sys.argv[1], encoding="utf-8") if len(l.rstrip("\n")) > 100))' "$T/plain.txt")
check_eq "no line wider than --width" "$long" 0
# every word of both articles is shown (the texts are complete, in order)
must "words" python3 - "$T/plain.txt" "$a" "$b" >"$T/words.txt" <<'PY'
import re, sys
out = open(sys.argv[1], encoding="utf-8").read().split("\n")
body = out[out.index("") + 1:]
left = " ".join(l[:48] for l in body)
right = " ".join(l[51:] for l in body)
W = re.compile(r"[A-Za-z]{4,}")
for side, path in ((left, sys.argv[2]), (right, sys.argv[3])):
    words = W.findall(open(path, encoding="utf-8").read()[17:])
    shown = W.findall(side)
    i = 0
    for w in shown:  # the article's words appear in order in its column
        if i < len(words) and w == words[i]:
            i += 1
    print(i == len(words))
PY
check_eq "both texts complete and in order" "$(cat "$T/words.txt")" "True
True"

must "--color always" "$NF" compare --color always "$a" "$b" >"$T/color.txt"
check "--color always: escape sequences" grep -q $'\033\\[36m' "$T/color.txt"
if command -v script >/dev/null; then
	script -qec "'$NF' compare '$a' '$b'" /dev/null >"$T/tty.txt"
	check "colour on a terminal" grep -q $'\033\\[' "$T/tty.txt"
	NO_COLOR=1 script -qec "'$NF' compare '$a' '$b'" /dev/null >"$T/nocolor.txt"
	check "NO_COLOR honoured on a terminal" bash -c "! grep -q $'\033\\[3' '$T/nocolor.txt'"
	check "NO_COLOR: spans marked instead" grep -q '\[1>' "$T/nocolor.txt"
else
	fail "script(1) is missing: cannot test colour on a terminal"
fi

# by id from a directory; errors
must "--a --b" "$NF" compare --a 001_12ddc46b96732547 --b 003_2bd3702770134baa "$S" >"$T/ids.txt"
check "--a/--b from a directory" grep -q '^relation: partial' "$T/ids.txt"
check "--a/--b: A is 001" grep -q '^A: 001_12ddc46b96732547' "$T/ids.txt"
check_usage "unknown id" "$NF" compare --a nope --b 003_2bd3702770134baa "$S"
check_usage "one article only" "$NF" compare "$a"
check_usage "no input" "$NF" compare
check_usage "--a without --b" "$NF" compare --a x "$S"
check_usage "bad --color" "$NF" compare --color sometimes "$a" "$b"
check_help "help" --width "$NF" compare --help
finish
