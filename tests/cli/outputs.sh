#!/usr/bin/env bash
# Outputs appear whole or not at all, and one bad input costs only itself: every reading
# command's -o (and --pairs, --groups, --assign, --rejects, --stats-json) is written beside the
# path and renamed over it at the end; kill -9 in the middle leaves the previous file; a run
# that read nothing leaves it too; a full disk is an error that names the file.
. "$(dirname "$0")/lib.sh"

S=$SHARED_DIR/seeds
must "nf-gen" "$GEN" --docs 4000 --seed 5 --dup-rate 0.2 >"$T/gen.jsonl"

# --- one unreadable input among several: the others are read and written, exit 2 ------------
for cmd in clean dedup reuse stories digest report; do
	"$NF" $cmd -q "$S" -o "$T/$cmd.ref" 2>/dev/null || fail "$cmd on the seeds"
	"$NF" $cmd "$S" "$T/missing.jsonl" -o "$T/$cmd.out" 2>"$T/$cmd.err"
	check_eq "$cmd with a missing input: exit 2" "$?" 2
	check "$cmd with a missing input: the others' output, as without it" \
		cmp -s "$T/$cmd.ref" "$T/$cmd.out"
	check "$cmd with a missing input: says so" grep -q "1 input could not be read" "$T/$cmd.err"
done

# --- summaries count in words: one article, one story; two inputs missing
echo '{"id":"one","text":"A single short article about a fire at the harbour."}' >"$T/one.jsonl"
"$NF" stories "$T/one.jsonl" >/dev/null 2>"$T/one.err"
check "one article: '1 article, 1 story'" grep -q "1 article, 1 story (" "$T/one.err"
"$NF" dedup "$T/one.jsonl" >/dev/null 2>"$T/one-dedup.err"
check "one document: '1 document, 1 kept, 0 duplicates in 0 families'" \
	grep -q "1 document, 1 kept, 0 duplicates in 0 families" "$T/one-dedup.err"
"$NF" clean "$S" "$T/missing.jsonl" "$T/missing2.jsonl" >/dev/null 2>"$T/two.err"
check "two missing inputs: '2 inputs'" grep -q "2 inputs could not be read" "$T/two.err"

# --- progress on a terminal (script(1) gives one): the share read and the time left, then the
# share of the articles written; none when stderr is not a terminal
NEWSFOLD_PROGRESS_INTERVAL=0 script -qec "'$NF' report '$T/gen.jsonl' -o '$T/prog.html'" /dev/null \
	| tr '\r' '\n' >"$T/prog.txt"
check "progress on a tty: the share read and the time left" \
	grep -qE 'report: [0-9]+ records, [0-9]+ MB, [0-9]+%, [0-9]+ s left' "$T/prog.txt"
check "progress on a tty: the share written" \
	grep -qE 'report: writing: [0-9]+ of 4000 articles, [0-9]+%, [0-9]+ s left' "$T/prog.txt"
NEWSFOLD_PROGRESS_INTERVAL=0 "$NF" report "$T/gen.jsonl" -o "$T/prog.html" 2>"$T/prog-pipe.txt"
check_eq "no progress when stderr is not a terminal" "$(grep -c 'left' "$T/prog-pipe.txt")" 0

# --- a run that read nothing leaves the previous output ------------------------------------
echo previous >"$T/prev.jsonl"
"$NF" dedup -q "$T/missing.jsonl" -o "$T/prev.jsonl" 2>"$T/prev.err"
check_eq "nothing readable: exit 2" "$?" 2
check_eq "nothing readable: the previous output stays" "$(cat "$T/prev.jsonl")" previous
check "nothing readable: says nothing was written" grep -q "nothing was written" "$T/prev.err"

# --- a bad option file leaves every output as it was -----------------------------------------
"$NF" stories -q "$S" --links "$T/missing-links.jsonl" -o "$T/prev.jsonl" 2>/dev/null
check_eq "stories with a missing --links file: exit 2" "$?" 2
check_eq "stories with a missing --links file: the previous output stays" \
	"$(cat "$T/prev.jsonl")" previous

# --- kill -9 in the middle of a write: the previous file, whole -------------------------------
# (the killed runs' temporary files are removed by the next run to the same path)
for cmd in dedup stories report; do
	"$NF" $cmd -q "$T/gen.jsonl" >"$T/k.$cmd.full" || fail "$cmd: the whole output"
	"$NF" $cmd -q "$S" -o "$T/k.$cmd" || fail "$cmd: a first output"
	cp "$T/k.$cmd" "$T/k.$cmd.before"
	landed=0
	for delay in 0.2 0.6 1.2; do
		"$NF" $cmd -q -j1 "$T/gen.jsonl" -o "$T/k.$cmd" &
		p=$!
		sleep "$delay"
		kill -9 $p 2>/dev/null
		wait $p 2>/dev/null
		if [ $? = 137 ]; then
			# killed: the previous output, whole; or, when the kill came between the
			# rename and the exit (a sanitizer's exit takes a while), the new one, whole
			landed=$((landed + 1))
			check "$cmd killed after ${delay}s: the previous output or the new one, whole" \
				bash -c "cmp -s '$T/k.$cmd' '$T/k.$cmd.before' || cmp -s '$T/k.$cmd' '$T/k.$cmd.full'"
			cp "$T/k.$cmd" "$T/k.$cmd.before"
		else
			check "$cmd done before the kill at ${delay}s: the new output, whole" \
				cmp -s "$T/k.$cmd" "$T/k.$cmd.full"
			cp "$T/k.$cmd" "$T/k.$cmd.before"
		fi
	done
	echo "$cmd: $landed of 3 kills landed during the run" >&2
	must "$cmd: after the kills, a run to the end" "$NF" $cmd -q "$T/gen.jsonl" -o "$T/k.$cmd"
	check "$cmd: the file is what stdout gets" cmp -s "$T/k.$cmd" "$T/k.$cmd.full"
	check_eq "$cmd: the killed runs' temporary files are gone" \
		"$(find "$T" -maxdepth 1 -name ".k.$cmd.*.tmp" | wc -l)" 0
done

# --- a full disk: exit 2 and a message naming the file; stdout and devices in place -----------
if [ -w /dev/full ]; then
	"$NF" dedup -q "$S" -o /dev/full 2>"$T/full.err"
	check_eq "dedup -o /dev/full: exit 2" "$?" 2
	check "dedup -o /dev/full: says why" grep -q "/dev/full: No space left on device" "$T/full.err"
	"$NF" reuse -q "$S" >/dev/full 2>"$T/full2.err"
	check_eq "reuse >/dev/full: exit 2" "$?" 2
	check "reuse >/dev/full: says why" grep -q "No space left on device" "$T/full2.err"
else
	fail "/dev/full is not writable here"
fi
must "dedup -o /dev/stdout" "$NF" dedup -q "$S" -o /dev/stdout >"$T/devout"
check "dedup -o /dev/stdout: the output" cmp -s "$T/devout" "$T/dedup.ref"

# --- every output of a run: none left half-written, the mode of a previous file kept ----------
chmod 640 "$T/dedup.ref"
must "dedup with every output" "$NF" dedup -q --containment 0.6 "$S" -o "$T/dedup.ref" \
	--pairs "$T/pairs" --groups "$T/groups" --stats-json "$T/stats" --rejects "$T/rejects"
check_eq "the previous file's mode is kept" "$(stat -c %a "$T/dedup.ref")" 640
check "--pairs written" test -s "$T/pairs"
check "--groups written" test -s "$T/groups"
check "--stats-json written" valid_jsonl "$T/stats"
check "--rejects written (empty)" test -f "$T/rejects"
check_eq "no temporary file left" "$(find "$T" -maxdepth 1 -name '.*.tmp' | wc -l)" 0
check_eq "bytes_out is the output's size" "$(json_field "$T/stats" bytes_out)" \
	"$(wc -c <"$T/dedup.ref")"
cp "$T/dedup.ref" "$T/dedup.before"
"$NF" dedup -q "$S" --pairs "$T/no-such-dir/pairs" -o "$T/dedup.ref" 2>"$T/nodir.err"
check_eq "an output that cannot be created: exit 2" "$?" 2
check "an output that cannot be created: named" grep -q "cannot write $T/no-such-dir/pairs" "$T/nodir.err"
check "an output that cannot be created: the others as they were" \
	cmp -s "$T/dedup.ref" "$T/dedup.before"

ln -s dedup.ref "$T/link.jsonl"
must "-o a symbolic link" "$NF" dedup -q "$S" -o "$T/link.jsonl"
check "-o a symbolic link: the link stays" test -L "$T/link.jsonl"
check "-o a symbolic link: the file it names is written" cmp -s "$T/dedup.ref" "$T/devout"

finish
