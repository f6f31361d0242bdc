# lib.sh - helpers for the CLI tests. Each test script sources this, calls `ok`/`fail` (or the
# check helpers) and ends with `finish`, which prints "N passed, N failed".
# Environment: NF (the newsfold binary), GEN (nf-gen), SHARED_DIR, and T (a scratch dir).
#
# Nothing here can pass by accident: pipelines run under pipefail, a command a check depends on
# goes through `must` (its exit status is a check of its own), a Python checker that crashes,
# exits non-zero or runs no check is a failure, and a script that ran no check fails in `finish`.
# tests/run-all.sh also pins how many checks each script runs.
set -u -o pipefail
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
# must DESC CMD...: runs a command the following checks depend on; its exit status must be 0
# (a check of its own). Its stdout and stderr stay the caller's: redirect the call.
must() {
	local desc=$1 rc
	shift
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok; else fail "$desc: exit $rc"; fi
	return "$rc"
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
# check_usage DESC CMD...: a usage error: exit 2 and a message on stderr naming the problem
check_usage() {
	local desc=$1 got
	shift
	"$@" >"$T/.usage.out" 2>"$T/.usage.err"
	got=$?
	if [ "$got" -eq 2 ] && [ -s "$T/.usage.err" ] && [ ! -s "$T/.usage.out" ]; then
		ok
	else
		fail "$desc: want exit 2, a message and no output; got exit $got," \
			"$(wc -c <"$T/.usage.err") bytes on stderr, $(wc -c <"$T/.usage.out") on stdout"
	fi
}
# check_help DESC WORD CMD...: a help page: exit 0, on stdout, naming WORD (an option)
check_help() {
	local desc=$1 word=$2 out
	shift 2
	out=$("$@" 2>/dev/null)
	local rc=$?
	if [ "$rc" -eq 0 ] && grep -q -e "$word" <<<"$out" && grep -q '^usage: ' <<<"$out"; then
		ok
	else
		fail "$desc: exit $rc, want a usage line and '$word' on stdout"
	fi
}
# json_field FILE KEY: a top-level value from a one-line JSON object (a missing key is an error)
json_field() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}
# valid_jsonl FILE: the file is not empty and every line parses as a JSON object
valid_jsonl() {
	python3 -c '
import json, sys
n = 0
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    assert isinstance(json.loads(line), dict), "line %d is not an object" % n
assert n > 0, "no lines"
' "$1"
}
# tally OUTPUT: counts a checker's "ok: ..." / "FAIL: ..." lines; other lines go to stderr.
# Sets tallied to the number of checks counted.
tallied=0
tally() {
	local line
	tallied=0
	while IFS= read -r line; do
		case $line in
		ok:*)
			ok
			tallied=$((tallied + 1))
			;;
		FAIL:*)
			fail "${line#FAIL: }"
			tallied=$((tallied + 1))
			;;
		*) [ -n "$line" ] && echo "$line" >&2 ;;
		esac
	done <<<"$1"
}
# pycheck SCRIPT ARGS...: a Python checker printing "ok: ..." / "FAIL: ..." lines, one per check.
# It fails when the checker exits non-zero (a traceback), or prints no check at all.
pycheck() {
	local out rc
	out=$(python3 "$@" 2>"$T/.pycheck.err")
	rc=$?
	tally "$out"
	if [ "$rc" -ne 0 ]; then
		fail "$1 exited $rc"
		tail -n 5 "$T/.pycheck.err" >&2
	elif [ "$tallied" -eq 0 ]; then
		fail "$1 ran no check"
	fi
}
finish() {
	[ $((passed + failed)) -gt 0 ] || fail "no check ran"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
