#!/usr/bin/env bash
# Inputs as they come: a directory with links back to itself, an output that is an input, JSON
# arrays, CR line ends, a zstd stream opening with a skippable frame, gzip damaged near its
# end, and an option file that never ends.
. "$(dirname "$0")/lib.sh"

S=$SHARED_DIR/seeds
must "nf-gen" "$GEN" --docs 3000 --seed 7 >"$T/gen.jsonl"
"$NF" clean -q "$T/gen.jsonl" >"$T/gen.clean" || fail "clean the generated corpus"

# --- a directory holding links to itself and to its parent is walked once --------------------
mkdir -p "$T/loop/in"
cp "$S"/*.txt "$T/loop/in/"
ln -s . "$T/loop/in/self"
ln -s .. "$T/loop/in/up"
ln -s ../in "$T/loop/in/again"
timeout 60 "$NF" clean -q "$T/loop/in" >"$T/loop.out" 2>"$T/loop.err"
check_eq "links back to a directory: the walk ends (exit 0)" "$?" 0
check_eq "links back to a directory: each seed read once" "$(wc -l <"$T/loop.out")" 5

# --- an output that is an input, or would be read as one on the next run, is refused --------
cp "$T/gen.jsonl" "$T/in.jsonl"
check_usage "dedup -o INPUT" "$NF" dedup -q -o "$T/in.jsonl" "$T/in.jsonl"
check "dedup -o INPUT: the input is untouched" cmp -s "$T/in.jsonl" "$T/gen.jsonl"
check_usage "--rejects inside an input directory" "$NF" clean -q --rejects "$T/loop/in/bad.jsonl" \
	"$T/loop/in"
check_usage "--pairs naming an input" "$NF" dedup -q --pairs "$T/in.jsonl" "$T/in.jsonl" \
	-o "$T/x.jsonl"
check_usage "-o through a link to an input" "$NF" clean -q \
	-o "$T/loop/in/self/000_178ba02bec22a9d6.txt" "$T/loop/in/000_178ba02bec22a9d6.txt"
must "a hidden rejects file inside an input directory is fine" "$NF" clean -q \
	--rejects "$T/loop/in/.rejects" "$T/loop/in" >/dev/null
must "an output the walk does not read is fine" "$NF" clean -q -o "$T/loop/in/out.log" "$T/loop/in"

# --- a JSON array of articles is read element by element -------------------------------------
python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("[\n" + ",\n".join(json.dumps(r, indent=1) for r in recs) + "\n]\n")
' "$T/gen.jsonl" "$T/gen.json" || fail "write the array"
must "clean a JSON array" "$NF" clean -q "$T/gen.json" >"$T/array.clean"
check "a JSON array: the records of the JSONL, cleaned alike" cmp -s "$T/array.clean" "$T/gen.clean"
gzip -c "$T/gen.json" >"$T/gen.json.gz"
must "dedup a gzipped JSON array" "$NF" dedup -q "$T/gen.json.gz" >"$T/array.dedup"
"$NF" dedup -q "$T/gen.jsonl" | wc -l >"$T/jsonl.kept"
check_eq "a JSON array: dedup keeps as many" "$(wc -l <"$T/array.dedup")" "$(cat "$T/jsonl.kept")"
check "a JSON array: dedup writes each kept element on one line" valid_jsonl "$T/array.dedup"
printf '[{"id":"a","text":"one two three four"}, 7, {"id":"b","text":"five six seven eight"}]' \
	>"$T/mixed.json"
"$NF" clean -q --rejects "$T/mixed.rej" "$T/mixed.json" >"$T/mixed.out" 2>/dev/null
check_eq "a JSON array with a number: the articles kept" "$(wc -l <"$T/mixed.out")" 2
check "a JSON array with a number: it is a reject, element 2" grep -q '"line":2' "$T/mixed.rej"

# --- CR line ends ------------------------------------------------------------------------------
# (each compared with the same records in LF lines: the template line pass sees the same lines)
head -n 50 "$T/gen.jsonl" >"$T/lf.jsonl"
"$NF" clean -q "$T/lf.jsonl" >"$T/lf.clean" || fail "clean the LF lines"
head -n 20 "$T/gen.jsonl" >"$T/lf20.jsonl"
"$NF" clean -q "$T/lf20.jsonl" >"$T/lf20.clean" || fail "clean 20 LF lines"
head -n 50 "$T/gen.jsonl" | tr '\n' '\r' >"$T/cr.jsonl"
head -n 50 "$T/gen.jsonl" | sed 's/$/\r/' >"$T/crlf.jsonl"
must "clean CR-only lines" "$NF" clean -q "$T/cr.jsonl" >"$T/cr.out"
check "CR-only lines: the records of the LF file" cmp -s "$T/cr.out" "$T/lf.clean"
must "clean CRLF lines" "$NF" clean -q "$T/crlf.jsonl" >"$T/crlf.out"
check "CRLF lines: the records of the LF file" cmp -s "$T/crlf.out" "$T/lf.clean"

# --- zstd with a leading skippable frame (metadata, a dictionary's id) -------------------------
python3 -c '
import struct, sys
sys.stdout.buffer.write(struct.pack("<II", 0x184D2A5F, 12) + b"meta-12bytes")' >"$T/skip.jsonl.zst"
head -n 20 "$T/gen.jsonl" | zstd -q -c >>"$T/skip.jsonl.zst"
must "clean zstd after a skippable frame" "$NF" clean -q "$T/skip.jsonl.zst" >"$T/skip.out"
check "zstd after a skippable frame: its records" cmp -s "$T/skip.out" "$T/lf20.clean"

# --- gzip damaged near its end: the records before the damage are kept ------------------------
gzip -c "$T/gen.jsonl" >"$T/gen.jsonl.gz"
python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(d) - 2000, len(d) - 1000):
    d[i] ^= 0x5A
open(sys.argv[2], "wb").write(d)
d = open(sys.argv[1], "rb").read()
open(sys.argv[3], "wb").write(d[: len(d) * 9 // 10])' "$T/gen.jsonl.gz" "$T/bad.jsonl.gz" "$T/cut.jsonl.gz"
for f in bad cut; do
	"$NF" clean -q --rejects "$T/$f.rej" "$T/$f.jsonl.gz" >"$T/$f.out" 2>/dev/null
	kept=$(wc -l <"$T/$f.out")
	check "$f gzip: most records kept ($kept of 3000)" test "$kept" -gt 2500
	check "$f gzip: the kept records are the first ones, whole" \
		cmp -s "$T/$f.out" <(head -n "$kept" "$T/gen.clean")
	# (garbage inflated before the check fails is a broken record: rejected too)
	check "$f gzip: kept + rejected = read" test "$((kept + $(wc -l <"$T/$f.rej")))" -le 3000
	check "$f gzip: a 'corrupt' reject, with its byte offset" \
		grep -Eq '"offset":[1-9][0-9]*,"code":"NF_ECORRUPT","reason":"corrupt"' "$T/$f.rej"
done

# --- inputs that can be read only once (a pipe, stdin) in commands that read twice -------------
"$NF" stories -q "$T/gen.jsonl" >"$T/st.file" || fail "stories of the file"
must "stories <(pipe)" "$NF" stories -q <(cat "$T/gen.jsonl") >"$T/st.pipe"
check "stories <(pipe): the stories of the file" cmp -s "$T/st.pipe" "$T/st.file"
must "stories from stdin" "$NF" stories -q <"$T/gen.jsonl" >"$T/st.stdin"
check "stories from stdin: the stories of the file" cmp -s "$T/st.stdin" "$T/st.file"
must "clean <(pipe) <(pipe)" "$NF" clean -q <(head -n 1500 "$T/gen.jsonl") \
	<(tail -n 1500 "$T/gen.jsonl") >"$T/two.pipes"
check "clean of two pipes: the records of the file" cmp -s "$T/two.pipes" "$T/gen.clean"

# --- an option file that never ends ------------------------------------------------------------
timeout 60 "$NF" stories -q "$S" --links /dev/zero >"$T/z.out" 2>"$T/z.err"
check_eq "--links /dev/zero: exit 2" "$?" 2
check "--links /dev/zero: says it is not a file of links" grep -q "not a file of links" "$T/z.err"

finish
