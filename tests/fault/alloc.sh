#!/usr/bin/env bash
# Allocation failure is an error, never a wrong output: each command runs on the seeds with the
# Nth allocation of the process failing (tests/fault/failalloc.c, LD_PRELOAD), N sampled over
# every allocation the run makes. Each run either writes exactly what a run without the failure
# writes (exit 0: the allocation was one it could do without), or fails with exit 1 or 2 and a
# message on stderr; never exit 0 with other output, never a crash or a hang. A store an add
# failed on still opens and checks, holding the adds before it.
. "$(dirname "$0")/../cli/lib.sh"

S=$SHARED_DIR/seeds
# NF_WRAPPED=1: $NF counts and fails its own allocations (newsfold-fault, make fault: a
# sanitizer build, whose allocator an LD_PRELOAD shim cannot replace); else the shim does
if [ -n "${NF_WRAPPED:-}" ]; then
	SHIM=
else
	SHIM=$T/failalloc.so
	must "build the shim" ${CC:-cc} -O1 -shared -fPIC -o "$SHIM" "$(dirname "$0")/failalloc.c"
fi
POINTS=${POINTS:-40} # sampled failure points per command (plus the first 8); all: every one
JOBS=${JOBS:-$(nproc)}
export NF SHIM T

# run OUT ERR N CMD...: the command with allocation N failing (0: none); its exit status
run() {
	local out=$1 err=$2 n=$3
	shift 3
	NF_FAIL_AT=$n LD_PRELOAD=$SHIM timeout 120 "$@" >"$out" 2>"$err"
}
export -f run

# points N: the failure points for a run of N allocations
points() {
	local n=$1 step
	if [ "$POINTS" = all ]; then
		seq 1 "$n"
		return
	fi
	step=$((n / POINTS + 1))
	{
		seq 1 $((n < 8 ? n : 8))
		seq 9 "$step" "$n"
	} | sort -un
}

# classify CMD K: "K same|wrong|crash|silent|error" for CMD with allocation K failing
classify() {
	local cmd=$1 k=$2 rc
	run "$T/out.$k" "$T/err.$k" "$k" "$NF" $cmd -q -j1 "$SHARED_DIR/seeds"
	rc=$?
	if [ "$rc" = 0 ] && cmp -s "$T/out.$k" "$T/ref"; then
		echo "$k same"
	elif [ "$rc" = 0 ]; then
		echo "$k wrong"
	elif [ "$rc" -gt 2 ]; then
		echo "$k crash $rc"
	elif [ ! -s "$T/err.$k" ]; then
		echo "$k silent $rc"
	else
		echo "$k error"
	fi
	rm -f "$T/out.$k" "$T/err.$k"
}
export -f classify

for cmd in clean dedup reuse stories digest report; do
	NF_FAIL_COUNT=$T/count LD_PRELOAD=$SHIM "$NF" $cmd -q -j1 "$S" >"$T/ref" 2>/dev/null ||
		fail "$cmd: a run without a failure"
	n=$(cat "$T/count")
	points "$n" | xargs -P "$JOBS" -I{} bash -c 'classify "$0" "$1"' "$cmd" {} >"$T/classes"
	for c in same wrong crash silent error; do
		eval "$c=\$(grep -c \" $c\" \"\$T/classes\")"
	done
	grep -E " (wrong|crash|silent)" "$T/classes" | sed "s/^/$cmd: allocation /" >&2
	tried=$(wc -l <"$T/classes")
	echo "$cmd: $n allocations, $tried failed in turn: $error failed with a message," \
		"$same wrote the same output, $wrong other output, $crash crashed, $silent silent" >&2
	echo "sweep $cmd $n $tried $error $same $wrong $crash $silent" >>"${SWEEP_LOG:-/dev/null}"
	check_eq "$cmd: no wrong output under an allocation failure" "$wrong" 0
	check_eq "$cmd: no crash or hang under an allocation failure" "$crash" 0
	check_eq "$cmd: no failure without a message" "$silent" 0
	check "$cmd: most failures are failures ($error)" test "$error" -gt "$same"
done

# --- an add: the store holds the adds before it, and opens and checks -------------------------
must "a store of two seeds" "$NF" add -q --store "$T/base" "$S/000_178ba02bec22a9d6.txt" \
	"$S/001_12ddc46b96732547.txt"
cp -r "$T/base" "$T/ref.store"
NF_FAIL_COUNT=$T/count LD_PRELOAD=$SHIM "$NF" add -q -j1 --store "$T/ref.store" "$S" ||
	fail "add: a run without a failure"
"$NF" stories --store "$T/ref.store" >"$T/ref.stories"
"$NF" stories --store "$T/base" >"$T/base.stories"
n=$(cat "$T/count")
bad=0 silent=0 crashed=0 errs=0
[ "$POINTS" = all ] && POINTS=${ADD_POINTS:-200} # an add's every allocation: too many runs
for k in $(points "$n"); do
	rm -rf "$T/s"
	cp -r "$T/base" "$T/s"
	run "$T/out" "$T/err" "$k" "$NF" add -q -j1 --store "$T/s" "$S"
	rc=$?
	"$NF" stories --store "$T/s" >"$T/got" 2>/dev/null
	if [ "$rc" -gt 2 ]; then
		crashed=$((crashed + 1))
		echo "add: allocation $k failing: exit $rc" >&2
	elif [ "$rc" != 0 ] && [ ! -s "$T/err" ]; then
		silent=$((silent + 1))
		echo "add: allocation $k failing: exit $rc without a message" >&2
	elif ! "$NF" check --store "$T/s" >/dev/null 2>&1 ||
		! { cmp -s "$T/got" "$T/ref.stories" || { [ "$rc" != 0 ] && cmp -s "$T/got" "$T/base.stories"; }; }; then
		bad=$((bad + 1))
		echo "add: allocation $k failing (exit $rc): the store is neither before nor after" >&2
	else
		[ "$rc" != 0 ] && errs=$((errs + 1))
	fi
done
echo "add: $n allocations; $errs failing points failed with a message" >&2
check_eq "add: the store is as before or as after, and checks" "$bad" 0
check_eq "add: no crash or hang" "$crashed" 0
check_eq "add: no failure without a message" "$silent" 0

finish
