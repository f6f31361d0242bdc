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

# help pages: on stdout, exit 0; every command listed; the command's own page from both forms
main_help=$("$NF" --help)
check_eq "--help: exit 0" "$?" 0
for c in clean dedup reuse stories digest report compare eval version help; do
	grep -qE "^  $c " <<<"$main_help" && ok || fail "--help lists $c"
done
check_help "clean --help" --repeat-min "$NF" clean --help
check_eq "help clean = clean --help" "$("$NF" help clean)" "$("$NF" clean --help)"
check_eq "-h = --help" "$("$NF" -h)" "$main_help"
check_eq "version" "$("$NF" version)" "newsfold 0.1.0"
check_eq "--version = version" "$("$NF" --version)" "newsfold 0.1.0"
check_usage "no command" "$NF"
check_usage "unknown command" "$NF" frobnicate
check_usage "help on an unknown topic" "$NF" help bogus
check_usage "help on two topics" "$NF" help clean dedup
check_eq "help help = --help" "$("$NF" help help)" "$main_help"
check_usage "unknown option" "$NF" clean --frobnicate
check_usage "bad -j" "$NF" clean -j x "$SHARED_DIR/seeds"
check_usage "missing value" "$NF" clean --rejects

# stdin, plain and compressed, equal the file
printf '{"id":"a","text":"First story. It is short."}\n{"id":2,"text":"Second story."}\n' >"$T/in.jsonl"
must "file" "$NF" clean "$T/in.jsonl" >"$T/file.out"
check_eq "file: two records" "$(wc -l <"$T/file.out")" 2
must "stdin" "$NF" clean <"$T/in.jsonl" >"$T/stdin.out"
must "-" "$NF" clean - <"$T/in.jsonl" >"$T/dash.out"
must "gzip" gzip -c "$T/in.jsonl" >"$T/in.jsonl.gz"
must "zstd" zstd -q -c "$T/in.jsonl" >"$T/in.jsonl.zst"
must "gzip file" "$NF" clean "$T/in.jsonl.gz" >"$T/gz.out"
must "zstd file" "$NF" clean "$T/in.jsonl.zst" >"$T/zst.out"
zstd -q -c "$T/in.jsonl" | "$NF" clean >"$T/zststdin.out"
check_eq "zstd on stdin: exit 0" "$?" 0
check "stdin = file" cmp -s "$T/file.out" "$T/stdin.out"
check "- = file" cmp -s "$T/file.out" "$T/dash.out"
check "gzip = file" cmp -s "$T/file.out" "$T/gz.out"
check "zstd = file" cmp -s "$T/file.out" "$T/zst.out"
check "zstd on stdin = file" cmp -s "$T/file.out" "$T/zststdin.out"
check_eq "numeric id written back" "$(sed -n 2p "$T/file.out" | cut -c1-8)" '{"id":2,'
# -o
check_eq "-o FILE: nothing on stdout" "$("$NF" clean -o "$T/o.out" "$T/in.jsonl")" ""
check "-o FILE" cmp -s "$T/file.out" "$T/o.out"
# plain text file: whole file is one document, id from the name
printf 'Just some text.\r\nWith CRLF lines.\r\n' >"$T/note.txt"
must "text file" "$NF" clean "$T/note.txt" >"$T/note.out"
check "text file id" grep -q '^{"id":"note","text_offset":0,' "$T/note.out"
# pass-through of an unreadable input: reject + exit 2, other inputs still processed
"$NF" clean "$T/nope.jsonl" "$T/in.jsonl" >"$T/partial.out" 2>/dev/null
check_eq "missing input exits 2" $? 2
check_eq "other input still read" "$(wc -l <"$T/partial.out")" 2
finish
