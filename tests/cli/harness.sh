#!/usr/bin/env bash
# The test harness itself: each way a suite used to pass while broken must now fail - a Python
# checker that crashes, exits non-zero or checks nothing; a script that runs no check; a failed
# command a check depends on; a pipeline whose first command fails; an empty "JSONL" file; a
# unit test with no check; a fuzz replay of no input.
. "$(dirname "$0")/lib.sh"

lib=$(cd "$(dirname "$0")" && pwd)/lib.sh

# suite BODY: runs a test script made of lib.sh and BODY; prints its last line and exit status
suite() {
	printf '. %q\n%s\nfinish\n' "$lib" "$1" >"$T/suite.sh"
	local out rc
	out=$(bash "$T/suite.sh" 2>/dev/null)
	rc=$?
	echo "$(tail -n 1 <<<"$out") / exit $rc"
}

printf 'raise SystemExit("crashed before its first check")\n' >"$T/crash.py"
printf 'print("ok: one")\nprint("ok: two")\nraise ValueError("then crashed")\n' >"$T/late.py"
printf 'import sys\n' >"$T/silent.py"
printf 'print("ok: fine")\n' >"$T/fine.py"

check_eq "a checker that crashes at its first line fails" \
	"$(suite "pycheck $T/crash.py")" "0 passed, 1 failed / exit 1"
check_eq "a checker that crashes after two checks fails" \
	"$(suite "pycheck $T/late.py")" "2 passed, 1 failed / exit 1"
check_eq "a checker that runs no check fails" \
	"$(suite "pycheck $T/silent.py")" "0 passed, 1 failed / exit 1"
check_eq "a checker read from stdin is run" \
	"$(suite "pycheck /dev/stdin <$T/fine.py")" "1 passed, 0 failed / exit 0"
check_eq "a script with no check fails" "$(suite ":")" "0 passed, 1 failed / exit 1"
check_eq "must: a failed command is a failed check" \
	"$(suite "must 'a step' false; check_eq x 1 1")" "1 passed, 1 failed / exit 1"
check_eq "must: a command that succeeds is a check" \
	"$(suite "must 'a step' true")" "1 passed, 0 failed / exit 0"
check_eq "pipefail: a pipeline whose first command fails fails" \
	"$(suite 'false | cat; check_eq "pipeline status" "$?" 0')" "0 passed, 1 failed / exit 1"
: >"$T/empty.jsonl"
check_eq "valid_jsonl: an empty file is not valid output" \
	"$(suite "check empty valid_jsonl $T/empty.jsonl")" "0 passed, 1 failed / exit 1"
check_eq "check_usage: exit 2 without a message fails" \
	"$(suite "check_usage silent bash -c 'exit 2'")" "0 passed, 1 failed / exit 1"
check_eq "check_help: exit 0 without the option named fails" \
	"$(suite "check_help h --frob echo 'usage: x'")" "0 passed, 1 failed / exit 1"

# a unit test that runs no check fails (tests/unit/harness.h)
cat >"$T/unit.c" <<'C'
#include "harness.h"
TEST(checks_nothing) {}
TEST(checks_one) { CHECK_EQ_INT(1 + 1, 2); }
int main(void) { RUN(checks_nothing); RUN(checks_one); return harness_report(); }
C
must "compile a unit test" ${CC:-cc} ${SANFLAGS:-} -I"$TOP/tests/unit" -o "$T/unit" "$T/unit.c"
out=$("$T/unit" 2>/dev/null)
check_eq "unit: a test with no check fails" "$out / exit $?" "1 passed, 1 failed / exit 1"

# a fuzz replay of an empty corpus fails; one of three inputs counts three checks
mkdir -p "$T/none" "$T/three"
printf '{"id":"a","text":"x"}\n' >"$T/three/1"
printf 'not json\n' >"$T/three/2"
: >"$T/three/3"
replay=$TOP/${O:-build/debug}/fuzz/fuzz_jsonl
out=$("$replay" "$T/none" 2>/dev/null)
check_eq "replay: no input fails" "$out / exit $?" "0 passed, 1 failed / exit 1"
out=$("$replay" "$T/three" 2>/dev/null)
check_eq "replay: three inputs, three checks" "$out / exit $?" "3 passed, 0 failed / exit 0"
finish
