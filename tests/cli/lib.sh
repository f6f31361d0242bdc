# lib.sh - helpers for the CLI tests. Each test script sources this, calls `ok`/`fail` (or the
# check helpers) and ends with `finish`, which prints "N passed, N failed".
# Environment: NF (the newsfold binary), GEN (nf-gen), SHARED_DIR, and T (a scratch dir).
set -u
passed=0
failed=0
T=$(mktemp -d "${TMPDIR:-/tmp}/nf-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT

ok() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL [$(basename "$0")]: $*" >&2
}
# check DESC CMD...: the command must succeed (exit 0)
check() {
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then ok; else fail "$desc"; fi
}
# check_eq DESC GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', want '$3'"; fi
}
# check_exit DESC WANT CMD...
check_exit() {
	local desc=$1 want=$2
	shift 2
	"$@" >/dev/null 2>&1
	local got=$?
	check_eq "$desc (exit status)" "$got" "$want"
}
# json_field FILE KEY: a top-level number from a one-line JSON object
json_field() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}
# valid_jsonl FILE: every line parses as JSON
valid_jsonl() {
	python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    json.loads(line)
' "$1"
}
# tally OUTPUT: counts a checker's "ok: ..." / "FAIL: ..." lines; other lines go to stderr
tally() {
	local line
	while IFS= read -r line; do
		case $line in
		ok:*) ok ;;
		FAIL:*) fail "${line#FAIL: }" ;;
		*) echo "$line" >&2 ;;
		esac
	done <<<"$1"
}
# pycheck SCRIPT ARGS...: a Python checker printing "ok: ..." / "FAIL: ..." lines, one per check
pycheck() {
	local out
	out=$(python3 "$@" 2>&1)
	[ -n "$out" ] || fail "$1 printed nothing"
	tally "$out"
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
