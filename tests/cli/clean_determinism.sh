#!/usr/bin/env bash
# Same input and options: byte-identical output at any -j; repeated template lines marked.
. "$(dirname "$0")/lib.sh"

must "nf-gen" "$GEN" --docs 3000 --seed 7 >"$T/gen.jsonl"
check_eq "generator: 3000 articles" "$(wc -l <"$T/gen.jsonl")" 3000
must "clean -j1" "$NF" clean -q -j1 "$T/gen.jsonl" >"$T/j1.out" --stats-json "$T/s1.json"
must "clean -j2" "$NF" clean -q -j2 "$T/gen.jsonl" >"$T/j2.out"
must "clean -j4" "$NF" clean -q -j4 "$T/gen.jsonl" >"$T/j4.out"
must "clean -j0" "$NF" clean -q -j0 "$T/gen.jsonl" >"$T/j0.out"
check_eq "every article out" "$(wc -l <"$T/j1.out")" 3000
check "-j1 = -j2" cmp -s "$T/j1.out" "$T/j2.out"
check "-j1 = -j4" cmp -s "$T/j1.out" "$T/j4.out"
check "-j1 = -j0" cmp -s "$T/j1.out" "$T/j0.out"
check_eq "all docs out" "$(wc -l <"$T/j1.out")" "$(json_field "$T/s1.json" docs)"
check "generated output is valid JSON" valid_jsonl "$T/j1.out"
# tokens and norm output stay identical too (pipefail: a failed run fails the pipeline)
must "clean -j1 --tokens --norm" "$NF" clean -q -j1 --tokens --norm "$T/gen.jsonl" >"$T/t1"
must "clean -j3 --tokens --norm" "$NF" clean -q -j3 --tokens --norm "$T/gen.jsonl" >"$T/t3"
check "--tokens --norm output is larger" test "$(wc -c <"$T/t1")" -gt "$(wc -c <"$T/j1.out")"
check "--tokens -j1 = -j3" cmp -s "$T/t1" "$T/t3"

# a template line in 12 documents between different paragraphs is marked "repeated"
for i in $(seq 1 12); do
	printf '{"id":"t%d","text":"Story number %d starts with its own sentence.\\n\\nSign in to read our premium stories\\n\\nAnd it ends with a sentence about item %d."}\n' "$i" "$i" "$((i * 31))"
done >"$T/tmpl.jsonl"
must "templates" "$NF" clean "$T/tmpl.jsonl" >"$T/tmpl.out"
check_eq "template line marked in every doc" "$(grep -c '"reason":"repeated"' "$T/tmpl.out")" 12
must "--repeat-min 0" "$NF" clean --repeat-min 0 "$T/tmpl.jsonl" >"$T/tmpl0.out"
check_eq "--repeat-min 0: every doc out" "$(wc -l <"$T/tmpl0.out")" 12
check_eq "--repeat-min 0 turns it off" "$(grep -c '"reason":"repeated"' "$T/tmpl0.out")" 0
# the same via stdin (spooled for the second pass)
must "stdin" "$NF" clean <"$T/tmpl.jsonl" >"$T/tmpl_stdin.out"
check "stdin gives the same" cmp -s "$T/tmpl.out" "$T/tmpl_stdin.out"
finish
