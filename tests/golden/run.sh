#!/usr/bin/env bash
# Golden tests: for each tests/golden/NAME.in, run `newsfold clean $(cat NAME.args) NAME.in`
# and compare with NAME.out. UPDATE=1 rewrites the expectations (review the diff!).
set -u
cd "$(dirname "$0")"
NF=${NF:?NF must name the newsfold binary}
passed=0
failed=0
for in in *.in; do
	name=${in%.in}
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	got=$("$NF" clean -q $args "$in" 2>&1)
	if [ "${UPDATE:-0}" = 1 ]; then
		printf '%s\n' "$got" >"$name.out"
		echo "updated $name.out"
		passed=$((passed + 1))
	elif [ "$got" = "$(cat "$name.out" 2>/dev/null)" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL golden/$name:" >&2
		diff <(printf '%s\n' "$got") "$name.out" | head -n 20 >&2
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
