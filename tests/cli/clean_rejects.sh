#!/usr/bin/env bash
# Bad input: every kind is rejected with file, line and reason, counted, and nothing is lost.
. "$(dirname "$0")/lib.sh"

{
	printf '{"id":"ok1","text":"A good article. It has words."}\n'
	printf '{"id":"ok1","text":"Same id again."}\n'                   # duplicate id
	printf '{"id":"nul","text":"has a \0 NUL"}\n'                     # NUL byte
	printf '{"id":"\xff\xfe","text":"bad id bytes"}\n'                # invalid UTF-8 in id
	printf '{"id":"bad-text","text":"caf\xe9 au lait"}\n'             # invalid UTF-8 in text: repaired
	printf '{"id":"empty","text":""}\n'                               # empty
	printf '{"id":"punct","text":"... !!! ???"}\n'                    # no words
	printf '{"id":"broken","text":"unterminated}\n'                   # broken JSON
	printf '{"text":"no id here"}\n'                                  # missing id
	printf '{"id":"notext"}\n'                                        # missing text
	printf '{"id":"numtext","text":42}\n'                             # wrong type
	printf '[1,2,3]\n'                                                # not an object
	printf '{"id":"big","text":"%s"}\n' "$(head -c 3000 /dev/zero | tr '\0' 'x')" # over --max-line
	printf '\n   \n'                                                  # blank lines: not records
	printf '{"id":"ok2","text":"Another good one."}'                  # no final newline
} >"$T/bad.jsonl"

"$NF" clean --max-line 2K --rejects "$T/rej.jsonl" --stats-json "$T/st.json" "$T/bad.jsonl" \
	>"$T/out.jsonl" 2>"$T/err"
check_eq "exit 0 without --max-errors" $? 0
records=$(json_field "$T/st.json" records)
docs=$(json_field "$T/st.json" docs)
rejects=$(json_field "$T/st.json" rejects)
check_eq "records" "$records" 14
check_eq "records = docs + rejects" "$records" "$((docs + rejects))"
check_eq "docs out" "$(wc -l <"$T/out.jsonl")" "$docs"
check_eq "rejects file lines" "$(wc -l <"$T/rej.jsonl")" "$rejects"
check_eq "kept ids" "$(grep -o '^{"id":"[^"]*"' "$T/out.jsonl" | cut -d'"' -f4 | tr '\n' ' ')" \
	"ok1 bad-text ok2 "
check "rejects are JSON" valid_jsonl "$T/rej.jsonl"
reasons=$(python3 -c '
import json,sys
print(" ".join(json.loads(l)["reason"] for l in open(sys.argv[1])))' "$T/rej.jsonl")
check_eq "reasons in input order" "$reasons" \
	"duplicate-id nul-byte invalid-utf8 empty empty broken-json missing-field missing-field wrong-type broken-json too-long"
lines=$(python3 -c '
import json,sys
print(" ".join(str(json.loads(l)["line"]) for l in open(sys.argv[1])))' "$T/rej.jsonl")
check_eq "reject line numbers" "$lines" "2 3 4 6 7 8 9 10 11 12 13"
check "stderr names file:line" grep -q "bad.jsonl:8: broken-json" "$T/err"
check "repair of invalid UTF-8 reported" grep -q '"reason":"invalid-utf8"' "$T/out.jsonl"
# offsets of rejects point at the record start
off=$(python3 -c '
import json,sys
r=[json.loads(l) for l in open(sys.argv[1])]
data=open(sys.argv[2],"rb").read()
bad=[x for x in r if data[x["offset"]:x["offset"]+1] not in (b"{", b"[")]
print(len(bad))' "$T/rej.jsonl" "$T/bad.jsonl")
check_eq "reject offsets at record starts" "$off" 0

check_exit "--max-errors 20 ok" 0 "$NF" clean -q --max-line 2K --max-errors 20 "$T/bad.jsonl"
check_exit "--max-errors 2 exceeded" 1 "$NF" clean -q --max-line 2K --max-errors 2 "$T/bad.jsonl"
"$NF" clean -q --strict "$T/bad.jsonl" >"$T/strict.out" 2>/dev/null
check_eq "--strict exits 1" $? 1
check_eq "--strict stops at the first bad record" "$(wc -l <"$T/strict.out")" 1

# a 50 MB line: under the default cap it is cleaned; with a 10M cap it is rejected
python3 -c '
import sys
w = "word " * 10_000_000
sys.stdout.write("{\"id\":\"huge\",\"text\":\"" + w + "\"}\n{\"id\":\"after\",\"text\":\"still read\"}\n")' >"$T/huge.jsonl"
must "50 MB line" timeout 120 "$NF" clean -q --stats-json "$T/h.json" "$T/huge.jsonl" >"$T/h.out"
check_eq "50 MB line cleaned" "$(json_field "$T/h.json" docs)" 2
must "50 MB line, 10M cap" timeout 120 "$NF" clean -q --max-line 10M --stats-json "$T/h2.json" \
	"$T/huge.jsonl" >"$T/h2.out"
check_eq "50 MB line over a 10M cap: one reject" "$(json_field "$T/h2.json" rejects)" 1
check_eq "the record after it is read" "$(grep -c '"id":"after"' "$T/h2.out")" 1
# corrupt compressed input
printf 'not really gzip' | gzip -c | head -c 20 >"$T/trunc.gz"
"$NF" clean -q --stats-json "$T/c.json" --rejects "$T/c.rej" "$T/trunc.gz" >"$T/c.out"
check_eq "truncated gzip: exit 0 (a reject, not an I/O error)" "$?" 0
check_eq "truncated gzip is a reject" "$(json_field "$T/c.json" rejects)" 1
check_eq "truncated gzip: no record out" "$(wc -c <"$T/c.out")" 0
check "truncated gzip: the reject names the file" grep -q 'trunc.gz' "$T/c.rej"
finish
