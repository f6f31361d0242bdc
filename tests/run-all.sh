#!/usr/bin/env bash
# Runs every test: unit binaries, fuzz corpus replay, golden files, CLI scripts. Prints each
# suite's result and one final "N passed, N failed" line; exits non-zero on any failure.
#
# Each suite's number of checks is pinned in tests/counts: a suite that runs more or fewer checks
# than its pin fails, so a suite cannot shrink (a checker that stops early, a loop over nothing)
# and stay green. A suite with no pin, or a pin whose suite did not run, fails too. After adding
# or removing checks on purpose, PIN=1 tests/run-all.sh rewrites tests/counts (review the diff
# and commit it with the change).
# Environment: O (build dir, e.g. build/debug), SHARED_DIR (../shared); NF and GEN (default: the
# build's newsfold and nf-gen); SUITES=REGEX runs only the suites whose name matches; JOBS=N
# runs N suites at once (default: the number of processors).
set -u -o pipefail
O=${O:-build/debug}
export SHARED_DIR=${SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
export NF=${NF:-$PWD/$O/newsfold} GEN=${GEN:-$PWD/$O/nf-gen} TOP=$PWD O
case $O in
*asan) export SANFLAGS="-fsanitize=address,undefined" ;;
*tsan) export SANFLAGS="-fsanitize=thread" ;;
esac
pins=tests/counts
declare -A pin=()
while read -r name n; do
	case $name in '' | '#'*) continue ;; esac
	pin[$name]=$n
done <"$pins"
declare -A ran=()
total_p=0
total_f=0

# The suites run JOBS at a time (default: the number of processors), each into its own file;
# their results are read back in a fixed order, so the report reads the same at any JOBS.
T=$(mktemp -d "${TMPDIR:-/tmp}/nf-run-all-XXXXXX")
trap 'rm -rf "$T"' EXIT
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
names=()
running=0

start_suite() { # NAME CMD...
	local name=$1 k=${#names[@]}
	shift
	[[ $name =~ ${SUITES:-.} ]] || return 0
	names+=("$name")
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	(
		s0=$SECONDS
		"$@" >"$T/$k.out" 2>&1
		echo "$? $((SECONDS - s0))" >"$T/$k.rc"
	) &
	running=$((running + 1))
}

report_suite() { # K NAME
	local k=$1 name=$2 out line p f rc secs
	out=$(cat "$T/$k.out")
	read -r rc secs <"$T/$k.rc" || {
		rc=1
		secs=?
	}
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
	[ "$f" -ne 0 ] && printf '%s\n' "$out" | grep -E -A20 'FAIL|failed|error|ERROR' | head -n 60
	ran[$name]=$((p + f))
	if [ "${PIN:-0}" != 1 ]; then
		if [ -z "${pin[$name]:-}" ]; then
			echo "  $name: no pinned count in $pins (it ran $((p + f)) checks)"
			f=$((f + 1))
		elif [ "${pin[$name]}" -ne $((p + f)) ]; then
			echo "  $name: ran $((p + f)) checks, $pins pins ${pin[$name]}"
			f=$((f + 1))
		fi
	fi
	printf '  %-28s %s passed, %s failed  (%s s)\n' "$name" "$p" "$f" "$secs"
	total_p=$((total_p + p))
	total_f=$((total_f + f))
}

# The longest suites first, so that two cores stay busy to the end (under the sanitizers
# cli/store alone takes minutes: started last, it would run on one core alone at the end).
declare -A skipped=()
first="store options outputs reuse report dedup"
for n in $first; do
	start_suite "cli/$n" bash "tests/cli/$n.sh"
done
start_suite "golden" env SKIP=gen10k bash tests/golden/check-golden.sh
# The outputs on 10 000 articles take minutes under the sanitizers; the debug and release runs
# (both in CI) compare them.
case $O in
*asan | *tsan) skipped[golden-big]=1 ;;
*) start_suite "golden-big" env CASES=gen10k bash tests/golden/check-golden.sh ;;
esac
# Allocation failures are injected with an LD_PRELOAD shim, which the sanitizers' own
# allocators do not allow; the debug and release runs (both in CI) run it.
case $O in
*asan | *tsan) skipped[fault/alloc]=1 ;;
*) start_suite "fault/alloc" bash tests/fault/alloc.sh ;;
esac
# The Python module loads the release library (tests/cli/python.sh builds it), whatever the
# build under test: a sanitized run would test the same library again.
case $O in
*asan | *tsan) skipped[cli/python]=1 ;;
esac
for s in tests/cli/*.sh; do
	[ "$(basename "$s")" = lib.sh ] && continue
	[ -n "${skipped[cli/$(basename "$s" .sh)]:-}" ] && continue
	[[ " $first " == *" $(basename "$s" .sh) "* ]] && continue
	start_suite "cli/$(basename "$s" .sh)" bash "$s"
done
for t in "$O"/tests/test_*; do
	start_suite "unit/$(basename "$t")" "$t"
done
for f in "$O"/fuzz/fuzz_*; do
	n=$(basename "$f")
	start_suite "fuzz-replay/${n#fuzz_}" "$f" "fuzz/corpus/${n#fuzz_}"
done
wait
for k in "${!names[@]}"; do
	report_suite "$k" "${names[$k]}"
done
[ -n "${skipped[golden-big]:-}" ] &&
	echo "  golden-big                   not run on a sanitized build (the debug and release runs compare it)"
[ -n "${skipped[fault/alloc]:-}" ] &&
	echo "  fault/alloc                  not run on a sanitized build (its LD_PRELOAD shim needs the plain allocator)"
[ -n "${skipped[cli/python]:-}" ] &&
	echo "  cli/python                   not run on a sanitized build (the module loads the release library)"

if [ "${PIN:-0}" = 1 ] && [ -n "${SUITES:-}" ]; then
	echo "PIN=1 needs every suite: run it without SUITES"
	total_f=$((total_f + 1))
elif [ "${PIN:-0}" = 1 ]; then
	{
		echo "# Checks each suite runs (tests/run-all.sh fails on any difference)."
		echo "# Rewritten by PIN=1 tests/run-all.sh; commit it with the change that moved a count."
		for name in "${!ran[@]}"; do echo "$name ${ran[$name]}"; done | sort
	} >"$pins"
	echo "pinned: $pins"
else
	for name in "${!pin[@]}"; do
		if [ -z "${ran[$name]:-}" ] && [ -z "${skipped[$name]:-}" ] && [[ $name =~ ${SUITES:-.} ]]; then
			echo "  $name: pinned in $pins but did not run"
			total_f=$((total_f + 1))
		fi
	done
fi
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
