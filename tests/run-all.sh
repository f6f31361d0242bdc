#!/usr/bin/env bash
# Runs every test: unit binaries, fuzz corpus replay, golden files, CLI scripts. Prints each
# suite's result and one final "N passed, N failed" line; exits non-zero on any failure.
# Environment: O (build dir, e.g. build/debug), SHARED_DIR (../shared).
set -u
O=${O:-build/debug}
export SHARED_DIR=${SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
export NF=$PWD/$O/newsfold GEN=$PWD/$O/nf-gen TOP=$PWD O
case $O in
*asan) export SANFLAGS="-fsanitize=address,undefined" ;;
*tsan) export SANFLAGS="-fsanitize=thread" ;;
esac
total_p=0
total_f=0

run_suite() { # NAME CMD...
	local name=$1 out line p f
	shift
	out=$("$@" 2>&1)
	local rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		p=0
		f=1
		printf '%s\n' "$out" | tail -n 20
	else
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # a crash or non-zero exit without a failed count still fails
		printf '%s\n' "$out" | tail -n 20
	fi
	[ "$f" -ne 0 ] && printf '%s\n' "$out" | grep -E 'FAIL|failed|error|ERROR' | head -n 30
	printf '  %-28s %s passed, %s failed\n' "$name" "$p" "$f"
	total_p=$((total_p + p))
	total_f=$((total_f + f))
}

for t in "$O"/tests/test_*; do
	run_suite "unit/$(basename "$t")" "$t"
done
for f in "$O"/fuzz/fuzz_*; do
	n=$(basename "$f")
	run_suite "fuzz-replay/${n#fuzz_}" bash -c "'$f' fuzz/corpus/${n#fuzz_} && echo '1 passed, 0 failed'"
done
run_suite "golden" tests/golden/run.sh
for s in tests/cli/*.sh; do
	[ "$(basename "$s")" = lib.sh ] && continue
	run_suite "cli/$(basename "$s" .sh)" bash "$s"
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
