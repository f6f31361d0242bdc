#!/usr/bin/env bash
# newsfold clean: seeds, help, usage errors, formats, stdin, compression.
. "$(dirname "$0")/lib.sh"

"$NF" clean "$SHARED_DIR/seeds" >"$T/seeds.jsonl" 2>"$T/err"
check_eq "seeds exit" $? 0
check_eq "seeds: five records" "$(wc -l <"$T/seeds.jsonl")" 5
check "seeds: valid JSON lines" valid_jsonl "$T/seeds.jsonl"
check_eq "seeds: no messages" "$(cat "$T/err")" ""
check "004 repaired" grep -q 'today’s telephone conversation,\\" he added' "$T/seeds.jsonl"
check_eq "no mojibake left" "$(grep -c 'â€' "$T/seeds.jsonl")" 0

check "--help" "$NF" --help
check "clean --help" "$NF" clean --help
check "help clean" "$NF" help clean
"$NF" --help | grep -q "clean" && ok || fail "--help lists clean"
"$NF" version | grep -q "^newsfold [0-9]" && ok || fail "version"
check_exit "no command" 2 "$NF"
check_exit "unknown command" 2 "$NF" frobnicate
check_exit "unknown option" 2 "$NF" clean --frobnicate
check_exit "bad -j" 2 "$NF" clean -j x "$SHARED_DIR/seeds"
check_exit "missing value" 2 "$NF" clean --rejects

# stdin, plain and compressed, equal the file
printf '{"id":"a","text":"First story. It is short."}\n{"id":2,"text":"Second story."}\n' >"$T/in.jsonl"
"$NF" clean "$T/in.jsonl" >"$T/file.out"
"$NF" clean <"$T/in.jsonl" >"$T/stdin.out"
"$NF" clean - <"$T/in.jsonl" >"$T/dash.out"
gzip -c "$T/in.jsonl" >"$T/in.jsonl.gz"
zstd -q -c "$T/in.jsonl" >"$T/in.jsonl.zst"
"$NF" clean "$T/in.jsonl.gz" >"$T/gz.out"
zstd -q -c "$T/in.jsonl" | "$NF" clean >"$T/zststdin.out"
check "stdin = file" cmp -s "$T/file.out" "$T/stdin.out"
check "- = file" cmp -s "$T/file.out" "$T/dash.out"
check "gzip = file" cmp -s "$T/file.out" "$T/gz.out"
check "zstd on stdin = file" cmp -s "$T/file.out" "$T/zststdin.out"
check_eq "numeric id written back" "$(sed -n 2p "$T/file.out" | cut -c1-8)" '{"id":2,'
# -o
"$NF" clean -o "$T/o.out" "$T/in.jsonl"
check "-o FILE" cmp -s "$T/file.out" "$T/o.out"
# plain text file: whole file is one document, id from the name
printf 'Just some text.\r\nWith CRLF lines.\r\n' >"$T/note.txt"
"$NF" clean "$T/note.txt" >"$T/note.out"
check "text file id" grep -q '^{"id":"note","text_offset":0,' "$T/note.out"
# pass-through of an unreadable input: reject + exit 2, other inputs still processed
"$NF" clean "$T/nope.jsonl" "$T/in.jsonl" >"$T/partial.out" 2>/dev/null
check_eq "missing input exits 2" $? 2
check_eq "other input still read" "$(wc -l <"$T/partial.out")" 2
finish
