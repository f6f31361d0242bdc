#!/usr/bin/env bash
# newsfold eval: scores against a gold clustering, both input forms, missing and extra ids, errors.
. "$(dirname "$0")/lib.sh"

printf 'a\tG1\nb\tG1\nc\tG1\nd\tG2\ne\tG2\n' >"$T/gold.tsv"
printf 'a\tx\nb\tx\nc\ty\nd\ty\ne\ty\n' >"$T/pred.tsv"
"$NF" eval --gold "$T/gold.tsv" "$T/pred.tsv" >"$T/out.txt"
check_eq "exit 0" "$?" 0
check "B-cubed line" grep -q '^B-cubed:   P 0.7333  R 0.7333  F1 0.7333' "$T/out.txt"
check "pairwise line" grep -q '^pairwise:  P 0.5000  R 0.5000  F1 0.5000' "$T/out.txt"
check "ARI line" grep -q '^ARI:       0.1667' "$T/out.txt"
# JSON lines prediction, with an extra id and a missing one (e: a singleton)
printf '%s\n' '{"id":"a","story":1}' '{"id":"b","story":1}' '{"id":"c","story":2}' \
	'{"id":"d","story":2}' '{"id":"zz","story":2}' >"$T/pred.jsonl"
"$NF" eval --json --gold "$T/gold.tsv" "$T/pred.jsonl" >"$T/out.json"
check_eq "jsonl: missing 1" "$(json_field "$T/out.json" missing)" 1
check_eq "jsonl: extra 1" "$(json_field "$T/out.json" extra)" 1
check_eq "jsonl: predicted clusters (2 + a singleton)" "$(json_field "$T/out.json" pred_clusters)" 3
# stdin, and the real gold file against itself
"$NF" eval --json --gold "$SHARED_DIR/eval/ecbplus-dev/gold.tsv" - \
	<"$SHARED_DIR/eval/ecbplus-dev/gold.tsv" >"$T/self.json"
check_eq "gold against itself: B-cubed F1 1" "$(json_field "$T/self.json" bcubed_f1)" 1.0
check_eq "gold against itself: ARI 1" "$(json_field "$T/self.json" ari)" 1.0
check_eq "ecbplus-dev: 462 items" "$(json_field "$T/self.json" items)" 462
# errors: malformed line (file:line), unreadable file, missing arguments
printf 'a\tG1\nbroken line\n' >"$T/bad.tsv"
"$NF" eval --gold "$T/bad.tsv" "$T/pred.tsv" 2>"$T/err.txt" >/dev/null
check_eq "malformed gold: exit 2" "$?" 2
check "malformed gold: file and line" grep -q 'bad.tsv:2:' "$T/err.txt"
check_exit "missing prediction file" 2 "$NF" eval --gold "$T/gold.tsv" "$T/nope.tsv"
check_exit "no --gold" 2 "$NF" eval "$T/pred.tsv"
finish
