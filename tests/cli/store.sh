#!/usr/bin/env bash
# newsfold add and the store: stable story ids across adds (the seeds in two adds), re-adds and
# new versions, families across adds, date-ordered batches against one batch, the event feed,
# a directory that is not a store, a newer store, a second writer, kill -9 in the middle of an
# add, a full disk, and the schema as users query it.
. "$(dirname "$0")/lib.sh"

S=$SHARED_DIR/seeds
# stories of a store as id<TAB>story lines, sorted
assign() {
	"$NF" stories --store "$1" | python3 -c '
import json, sys
for l in sys.stdin:
    s = json.loads(l)
    for m in s["members"]:
        print("%s\t%s" % (m, s["story"]))' | sort
}
sql() { sqlite3 "$1/newsfold.db" "$2"; }

# --- the seeds in two adds: one story of five whose id never changes --------------------------
must "add 000 001" "$NF" add -q --store "$T/s" --stats-json "$T/a1.json" "$S"/000_*.txt "$S"/001_*.txt
check_eq "add 1: two new" "$(json_field "$T/a1.json" added)" 2
check_eq "add 1: --stats-json counts the files read" "$(json_field "$T/a1.json" files)" 2
check_eq "... and their bytes" "$(json_field "$T/a1.json" bytes_in)" \
	"$(cat "$S"/000_*.txt "$S"/001_*.txt | wc -c)"
must "stories after add 1" "$NF" stories --store "$T/s" >"$T/s1.jsonl"
check_eq "after add 1: one story of two" "$(python3 -c 'import json,sys; print([json.loads(l)["size"] for l in open(sys.argv[1])])' "$T/s1.jsonl")" "[2]"
id1=$(json_field "$T/s1.jsonl" story)
must "add 002-004" "$NF" add -q --store "$T/s" --stats-json "$T/a2.json" "$S"/002_*.txt "$S"/003_*.txt "$S"/004_*.txt
must "stories after add 2" "$NF" stories --store "$T/s" >"$T/s2.jsonl"
check_eq "after add 2: one story" "$(wc -l <"$T/s2.jsonl")" 1
check_eq "after add 2: of five" "$(json_field "$T/s2.jsonl" size)" 5
check_eq "the story kept its id" "$(json_field "$T/s2.jsonl" story)" "$id1"
# the same story as one batch given the same copy links (one definition of a copy family: the
# exact and near duplicates, and the pairs aligned as copy or partial, as the store finds them),
# but for the id
copy_links() { # FILE...: the links an add finds, made by the batch commands
	"$NF" reuse -q --repeat-min 0 --winnow 8 --max-df 64 --window 3d "$@"
	"$NF" dedup -q --pairs "$T/dup-pairs.jsonl" "$@" >/dev/null && cat "$T/dup-pairs.jsonl"
}
copy_links "$S" >"$T/seed-links.jsonl"
must "batch stories" "$NF" stories -q --repeat-min 0 --links "$T/seed-links.jsonl" "$S" \
	>"$T/batch.jsonl"
check "... the store's copy family" grep -q '"families":\[\[' "$T/s2.jsonl"
check_eq "stories --store = stories of one batch with the same links (but the id)" \
	"$(sed 's/^{"story":[0-9]*,/{/' "$T/s2.jsonl")" "$(sed 's/^{"story":[0-9]*,/{/' "$T/batch.jsonl")"
must "events" "$NF" events --store "$T/s" >"$T/ev.jsonl"
check_eq "events: created in add 1, grew in add 2" \
	"$(python3 -c 'import json,sys; print(" ".join("%d:%s:%d" % (e["seq"], e["event"], e["size"]) for e in map(json.loads, open(sys.argv[1]))))' "$T/ev.jsonl")" \
	"1:created:2 2:grew:5"
check_eq "events --after 1: only add 2's" "$("$NF" events --store "$T/s" --after 1 | wc -l)" 1
must "digest --store" "$NF" digest --store "$T/s" >"$T/d.jsonl"
pycheck /dev/stdin "$T/d.jsonl" <<'PY'
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])]
def check(c, w): print(("ok: " if c else "FAIL: ") + w)
check(len(s) == 1 and len(s[0]["digest"]["sources"]) == 5, "digest --store: five sources")
q = [q for q in s[0]["digest"]["quotes"] if q["text"].startswith("I have just concluded")]
check(q and q[0]["speaker"] == "Trump", "digest --store: the Truth Social quote is Trump's")
ids = sorted(x["id"] for x in s[0]["digest"]["sources"])
check(ids == sorted(s[0]["members"]), "digest --store: the sources are named by their ids")
PY
must "report --store" "$NF" report --store "$T/s" -o "$T/r.html"
check "report --store: the story's block" grep -q "<script type=\"application/json\" id=\"s$id1\">" "$T/r.html"
# the report takes the stored pairs: a damaged one is an error that names the table
cp -r "$T/s" "$T/sd"
sql "$T/sd" "UPDATE reuse SET spans = '[{\"a_start\":' WHERE rowid = (SELECT min(rowid) FROM reuse)"
"$NF" report --store "$T/sd" -o "$T/rd.html" 2>"$T/rd.err"
check_eq "report --store, a damaged reuse row: exit 2" "$?" 2
check "... the message names it" grep -q "table reuse: article [0-9]*: damaged row" "$T/rd.err"
check_eq "sqlite3: five articles" "$(sql "$T/s" 'SELECT count(*) FROM articles')" 5
check_eq "sqlite3: one live story" \
	"$(sql "$T/s" 'SELECT count(*) FROM stories WHERE merged_into IS NULL AND size > 0')" 1
must "check" "$NF" check --store "$T/s" >/dev/null

# --- re-adding is a counted no-op; a changed text is a new version ----------------------------
must "re-add" "$NF" add -q --store "$T/s" --stats-json "$T/a3.json" "$S"
check_eq "re-add: five unchanged, none new" \
	"$(json_field "$T/a3.json" unchanged)/$(json_field "$T/a3.json" added)" "5/0"
check "re-add: the stories did not change" cmp -s "$T/s2.jsonl" <("$NF" stories --store "$T/s")
check_eq "re-add: no event" "$("$NF" events --store "$T/s" --after 2 | wc -l)" 0
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
base = "Rescuers searched the collapsed mine in Tarkwa for a third day on Friday, officials said. Kwame Asante, the regional minister, told reporters that eleven miners were still missing underground."
json.dump({"id": "m1", "date": "2025-03-01", "text": base}, open(t + "/m1.jsonl", "w"))
json.dump({"id": "m1", "date": "2025-03-01", "text": base + " Families waited at the gate."},
          open(t + "/m1b.jsonl", "w"))
json.dump({"id": "m2", "date": "2025-03-02", "text": base}, open(t + "/m2.jsonl", "w"))
PY
must "add m1" "$NF" add -q --store "$T/m" "$T/m1.jsonl"
must "add m1 changed" "$NF" add -q --store "$T/m" --stats-json "$T/m.json" "$T/m1b.jsonl"
check_eq "changed text: one updated" "$(json_field "$T/m.json" updated)" 1
check_eq "changed text: version 2, the old one kept" \
	"$(sql "$T/m" "SELECT version FROM articles WHERE id = 'm1'")/$(sql "$T/m" 'SELECT count(*) FROM article_versions')" "2/1"
check "changed text: the stored record is the new one" \
	bash -c "sqlite3 '$T/m/newsfold.db' \"SELECT record FROM articles WHERE id = 'm1'\" | grep -q Families"
# an exact copy in a later add joins the family of the first
must "add m2 (a copy of m1's first text)" "$NF" add -q --store "$T/m" "$T/m1.jsonl" "$T/m2.jsonl"
check_eq "m1 back to its first text: updated again" "$(sql "$T/m" "SELECT version FROM articles WHERE id = 'm1'")" 3
check_eq "the copy in a later add: one family" \
	"$(sql "$T/m" 'SELECT count(DISTINCT family) FROM articles')" 1
check_eq "the copy: an exact link" "$(sql "$T/m" 'SELECT kind FROM links')" exact
must "check m" "$NF" check --store "$T/m" >/dev/null

# --- date-ordered batches against one batch ---------------------------------------------------
must "nf-gen" "$GEN" --docs 3000 --seed 5 --out "$T/g.jsonl" --truth "$T/g.truth"
must "split by date" python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
rows = sorted((json.loads(l) for l in open(t + "/g.jsonl")), key=lambda r: (r["date"], r["id"]))
for k in range(4):
    with open("%s/b%d.jsonl" % (t, k), "w") as f:
        for r in rows[k * len(rows) // 4:(k + 1) * len(rows) // 4]:
            f.write(json.dumps(r) + "\n")
PY
for k in 0 1 2 3; do
	# shellcheck disable=SC2086 # the sanitized builds leave out the reuse stage here (its
	# alignments cost minutes under TSan); debug and release run the default stages
	must "add batch $k" "$NF" add -q --store "$T/g" ${SANFLAGS:+--stages dedup,stories,digest} \
		"$T/b$k.jsonl"
done
assign "$T/g" >"$T/g-store.tsv"
must "one batch" "$NF" stories -q --repeat-min 0 --assign "$T/g-batch.tsv" "$T/g.jsonl" >/dev/null
cut -f1,2 "$T/g.truth" >"$T/g-gold.tsv"
must "eval store vs batch" "$NF" eval --json --gold "$T/g-batch.tsv" "$T/g-store.tsv" >"$T/agree.json"
must "eval batch" "$NF" eval --json --gold "$T/g-gold.tsv" "$T/g-batch.tsv" >"$T/qb.json"
must "eval store" "$NF" eval --json --gold "$T/g-gold.tsv" "$T/g-store.tsv" >"$T/qs.json"
agree=$(json_field "$T/agree.json" bcubed_f1)
qb=$(json_field "$T/qb.json" bcubed_f1)
qs=$(json_field "$T/qs.json" bcubed_f1)
echo "4 date-ordered adds vs one batch: B-cubed agreement $agree; quality $qs vs $qb" >&2
check "4 adds: B-cubed agreement with one batch >= 0.97 (got $agree)" \
	python3 -c "import sys; sys.exit(not $agree >= 0.97)"
check "4 adds: quality within 0.01 of one batch ($qs vs $qb)" \
	python3 -c "import sys; sys.exit(not $qs >= $qb - 0.01)"
check_eq "4 adds: every article in one story" "$(wc -l <"$T/g-store.tsv")" 3000
must "check g" "$NF" check --store "$T/g" >/dev/null
# real news without dates (the ECB+ dev articles) in 4 adds: undated articles are redone with
# every add, so the stories are those of one batch exactly (given the same copy links)
E=$SHARED_DIR/eval/ecbplus-dev/docs.jsonl
n=$(wc -l <"$E")
for k in 0 1 2 3; do
	sed -n "$((k * n / 4 + 1)),$(((k + 1) * n / 4))p" "$E" >"$T/e$k.jsonl"
	must "ECB+ add $k" "$NF" add -q --store "$T/e" "$T/e$k.jsonl"
done
assign "$T/e" >"$T/e-store.tsv"
copy_links "$E" >"$T/e-links.jsonl"
must "ECB+ one batch" "$NF" stories -q --repeat-min 0 --links "$T/e-links.jsonl" \
	--assign "$T/e-batch.tsv" "$E" >/dev/null
must "eval ECB+ store vs batch" "$NF" eval --json --gold "$T/e-batch.tsv" "$T/e-store.tsv" >"$T/e-agree.json"
check_eq "ECB+ in 4 adds: the stories of one batch (B-cubed agreement)" \
	"$(json_field "$T/e-agree.json" bcubed_f1)/$(json_field "$T/e-agree.json" items)" "1.0/$n"
# the digests take the families from the store: one copy family in the digest, one in the store
must "ECB+ digest --store" "$NF" digest --store "$T/e" >"$T/e-digest.jsonl"
sql "$T/e" "SELECT id, family FROM articles" >"$T/e-family.txt"
pycheck /dev/stdin "$T/e-digest.jsonl" "$T/e-family.txt" <<'PY'
import json, sys
fam = dict(l.rstrip("\n").split("|") for l in open(sys.argv[2]))
same = grouped = 0
for l in open(sys.argv[1]):
    src = json.loads(l)["digest"]["sources"]
    by = lambda key: sorted(sorted(x["id"] for x in src if key(x) == k) for k in {key(x) for x in src})
    parts = by(lambda x: x["family"])
    same += parts == by(lambda x: fam[x["id"]])
    grouped += any(len(p) > 1 for p in parts)
print(("ok: " if same and grouped >= 10 else "FAIL: ") + "ECB+: some digests have copy families")
print(("ok: " if same == sum(1 for _ in open(sys.argv[1])) else "FAIL: %d " % same) +
      "ECB+: every digest's copy families are the store's")
PY

# --- a wire carried by hundreds: its copies join one family through a pivot, in any number of adds
must "wire copies" python3 "$(dirname "$0")/wire.py" 600 "$T/w600.jsonl"
head -300 "$T/w600.jsonl" >"$T/w1.jsonl"
tail -300 "$T/w600.jsonl" >"$T/w2.jsonl"
for k in 1 2; do
	must "wire: add $k" "$NF" add -q --store "$T/w" --stages reuse,stories "$T/w$k.jsonl"
done
check_eq "wire in 2 adds: one family, one story" \
	"$(sql "$T/w" 'SELECT count(DISTINCT family), count(DISTINCT story) FROM articles')" "1|1"
check_eq "... every copy paired with the first" \
	"$(sql "$T/w" 'SELECT count(*) FROM reuse WHERE a = (SELECT min(num) FROM articles)')" 599
check "... in linear pairs, not 600x599/2" test "$(sql "$T/w" 'SELECT count(*) FROM reuse')" -le 6000
must "wire: dedup" "$NF" add -q --store "$T/wd" --stages dedup --stats-json "$T/wd.json" "$T/w600.jsonl"
check_eq "wire, dedup: the families of newsfold dedup (full and trimmed copies)" \
	"$(sql "$T/wd" 'SELECT count(DISTINCT family) FROM articles')" "$("$NF" dedup -q "$T/w600.jsonl" | wc -l)"
check "... through linear links (a few per copy), not 600x599/2" \
	test "$(json_field "$T/wd.json" duplicates)" -le 6000
must "wire: one add" "$NF" add -q --store "$T/w0" --stages reuse,stories "$T/w600.jsonl"
check_eq "... the pairs of one add" "$(sql "$T/w0" 'SELECT a, b, relation FROM reuse ORDER BY a, b' | md5sum)" \
	"$(sql "$T/w" 'SELECT a, b, relation FROM reuse ORDER BY a, b' | md5sum)"

# --- corpus statistics are versioned: weights move only when a quarter of the corpus has ---------
must "nf-gen (statistics)" "$GEN" --docs 700 --seed 9 --out "$T/v.jsonl" --truth "$T/v.truth"
head -400 "$T/v.jsonl" >"$T/v1.jsonl"
sed -n 401,480p "$T/v.jsonl" >"$T/v2.jsonl"
sed -n 481,700p "$T/v.jsonl" >"$T/v3.jsonl"
for k in 1 2 3; do
	must "statistics: add $k" "$NF" add -q --store "$T/v" --stages dedup,stories "$T/v$k.jsonl"
	if [ "$k" = 2 ]; then
		check "... add 2 (a fifth more) moves counts" test \
			"$(sql "$T/v" "SELECT count(*) FROM terms WHERE df_at > 0 AND df != df_at")" -gt 0
	fi
done
check_eq "... versions at add 1 and add 3 only (corpus 400, then 700)" \
	"$(sql "$T/v" "SELECT group_concat(version || ':' || seq || ':' || corpus, ' ') FROM stats")" \
	"1:1:400 2:3:700"
check_eq "... the last version's counts are the current ones" \
	"$(sql "$T/v" "SELECT count(*) FROM terms WHERE df != df_at")" 0
must "... and the store checks sound" "$NF" check --store "$T/v"

# --- a directory that is not a store; a store of a newer version -------------------------------
mkdir -p "$T/notstore"
echo "precious" >"$T/notstore/notes.txt"
check_usage "a directory with other files is not a store" "$NF" add --store "$T/notstore" "$T/m1.jsonl"
check_eq "... and is left as it was" "$(ls "$T/notstore")/$(cat "$T/notstore/notes.txt")" "notes.txt/precious"
mkdir -p "$T/fake"
echo "not a database" >"$T/fake/newsfold.db"
check_usage "a newsfold.db that is not SQLite is not a store" "$NF" add --store "$T/fake" "$T/m1.jsonl"
check_eq "... and is left as it was" "$(cat "$T/fake/newsfold.db")" "not a database"
check_usage "reading where there is no store" "$NF" stories --store "$T/nowhere"
check "... creates nothing" test ! -e "$T/nowhere"
cp -r "$T/m" "$T/newer"
sql "$T/newer" "UPDATE meta SET value = 99 WHERE key = 'schema_version'"
"$NF" add --store "$T/newer" "$T/m2.jsonl" 2>"$T/newer.err"
check_eq "a newer store: refused (exit 2)" "$?" 2
check "... saying so" grep -q 'newer' "$T/newer.err"

# --- an older store (schema 1) is migrated when opened for writing, in one transaction ----------
cp -r "$T/m" "$T/old"
sql "$T/old" "DROP TABLE reuse; DROP TABLE stats; DROP TABLE segments; DROP TABLE passages_gone;
	ALTER TABLE terms DROP COLUMN df_at; ALTER TABLE terms DROP COLUMN surface;
	UPDATE meta SET value = 1 WHERE key = 'schema_version'"
rm -f "$T/old"/passages-*.seg
must "a reader reads a schema-1 store as it is" "$NF" stories --store "$T/old" >"$T/old-s.jsonl"
check_eq "... and leaves it at 1" "$(sql "$T/old" "SELECT value FROM meta WHERE key = 'schema_version'")" 1
check "... with the stories of the store it was" cmp -s "$T/old-s.jsonl" <("$NF" stories --store "$T/m")
must "add to a schema-1 store" "$NF" add -q --store "$T/old" --stages dedup,reuse,stories "$T/m2.jsonl"
check_eq "... migrates it to 4" "$(sql "$T/old" "SELECT value FROM meta WHERE key = 'schema_version'")" 4
check_eq "... its terms without surface forms" \
	"$(sql "$T/old" "SELECT count(*) FROM terms WHERE surface IS NOT NULL")" 0
cp -r "$T/old" "$T/old2"
must "add a seed to (a copy of) the migrated store" "$NF" add -q --store "$T/old2" "$S"/002_*.txt
check "... whose terms get their surface forms from then on" \
	test "$(sql "$T/old2" "SELECT count(*) FROM terms WHERE surface IS NOT NULL")" -gt 0
check_eq "... with the reuse tables and the statistics' versions" \
	"$(sql "$T/old" "SELECT count(*) FROM sqlite_master WHERE name IN ('reuse', 'stats', 'segments', 'passages_gone')")" 4
check_eq "... the statistics stored before are version 1, of its last add then" \
	"$(sql "$T/old" "SELECT group_concat(version || ':' || seq, ' ') FROM stats")" \
	"1:$(sql "$T/m" "SELECT max(seq) FROM adds")"
must "... and checks sound" "$NF" check --store "$T/old"

live_passages() { # DIR: "id fingerprint" of each live posting of the passage index, sorted
	python3 - "$1" <<'PY'
import sqlite3, struct, sys
d = sys.argv[1]
c = sqlite3.connect(d + "/newsfold.db")
ids = dict(c.execute("SELECT num, id FROM articles"))
gone = {}
for num, seq in c.execute("SELECT num, seq FROM passages_gone"):
    gone[num] = max(seq, gone.get(num, 0))
out = []
for sid, seq, n in c.execute("SELECT id, seq, entries FROM segments"):
    b = open("%s/passages-%d.seg" % (d, sid), "rb").read()
    assert b[:8] == b"NFPSEG1\n" and struct.unpack("<Q", b[8:16])[0] == n
    for k in range(n):
        fp, num = struct.unpack_from("<II", b, 16 + 8 * k)
        if gone.get(num, 0) <= seq:
            out.append("%s %d" % (ids.get(num, "NOT-STORED-%d" % num), fp))
print("\n".join(sorted(out)))
PY
}
reuse_ids() {
	sql "$1" "SELECT min(x.id, y.id), max(x.id, y.id), r.relation FROM reuse r
	JOIN articles x ON x.num = r.a JOIN articles y ON y.num = r.b" | tr '|' ' ' | sort
}

# --- the reuse stage: the seeds' shared passages, as newsfold reuse finds them --------------------
must "add 000-002 with reuse" "$NF" add -q --store "$T/r" --stages dedup,reuse,stories \
	--stats-json "$T/ra1.json" "$S"/000_*.txt "$S"/001_*.txt "$S"/002_*.txt
cp -r "$T/r" "$T/r2" # made schema 2 below
must "add 003-004 with reuse" "$NF" add -q --store "$T/r" --stages dedup,reuse,stories \
	--stats-json "$T/ra2.json" "$S"/003_*.txt "$S"/004_*.txt
must "reuse of the seeds (batch)" "$NF" reuse -q --repeat-min 0 "$S" >"$T/reuse-batch.jsonl"
sql "$T/r" "SELECT x.id, y.id, r.relation FROM reuse r JOIN articles x ON x.num = r.a
	JOIN articles y ON y.num = r.b" | tr '|' ' ' | sort >"$T/reuse-store.txt"
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    a, b = sorted([r["a"], r["b"]])
    print(a, b, r["relation"])' "$T/reuse-batch.jsonl" | sort >"$T/reuse-batch.txt"
check "the store holds pairs sharing passages" test -s "$T/reuse-store.txt"
check_eq "... the pairs and relations newsfold reuse finds (ids in order)" \
	"$(cat "$T/reuse-store.txt")" "$(cat "$T/reuse-batch.txt")"
check_eq "... counted by the adds" \
	"$(($(json_field "$T/ra1.json" reuse_pairs) + $(json_field "$T/ra2.json" reuse_pairs)))" \
	"$(wc -l <"$T/reuse-store.txt")"
# a store of schema 2 kept its passages in a table: migrated, they become a segment
python3 - "$T/r2" <<'PY'
import sqlite3, struct, sys
d = sys.argv[1]
c = sqlite3.connect(d + "/newsfold.db")
rows = []
for sid, n in c.execute("SELECT id, entries FROM segments"):
    b = open("%s/passages-%d.seg" % (d, sid), "rb").read()
    rows += [struct.unpack_from("<II", b, 16 + 8 * k) for k in range(n)]
c.executescript("""CREATE TABLE passages(fp INTEGER NOT NULL, num INTEGER NOT NULL,
  PRIMARY KEY(fp, num)) WITHOUT ROWID; DROP TABLE segments; DROP TABLE passages_gone;
  DROP TABLE stats; ALTER TABLE terms DROP COLUMN df_at; ALTER TABLE terms DROP COLUMN surface;
  UPDATE meta SET value = 2 WHERE key = 'schema_version';""")
c.executemany("INSERT INTO passages VALUES(?, ?)", rows)
c.commit()
PY
rm -f "$T/r2"/passages-*.seg
must "add 003-004 to a schema-2 store with passages" "$NF" add -q --store "$T/r2" \
	"$S"/003_*.txt "$S"/004_*.txt
check_eq "... migrated to 4: no passages table" \
	"$(sql "$T/r2" "SELECT value FROM meta WHERE key = 'schema_version'")/$(sql "$T/r2" "SELECT count(*) FROM sqlite_master WHERE name = 'passages'")" "4/0"
check "... pairs" test -n "$(reuse_ids "$T/r2")"
check_eq "... the pairs of the store that never changed schema" "$(reuse_ids "$T/r2")" \
	"$(reuse_ids "$T/r")"
check_eq "... its live passages too" "$(live_passages "$T/r2" | md5sum)" \
	"$(live_passages "$T/r" | md5sum)"
must "... and it checks sound" "$NF" check --store "$T/r2"

# the stage runs by default, over the whole add: the articles' order within it does not matter,
# and an article updated keeps only the passages and pairs of its new text
must "add the seeds in reverse order (default stages)" "$NF" add -q --store "$T/rrev" \
	"$S"/004_*.txt "$S"/003_*.txt "$S"/002_*.txt "$S"/001_*.txt "$S"/000_*.txt
check_eq "... the same pairs" "$(reuse_ids "$T/rrev")" "$(cat "$T/reuse-batch.txt")"
"$NF" clean -q "$S" | python3 -c '
import json, sys
recs = [json.loads(l) for l in sys.stdin]
for r in recs: # first each seed with the text of the next one, then each as it is
    nxt = recs[(recs.index(r) + 1) % len(recs)]
    print(json.dumps({"id": r["id"], "date": r["date"], "text": nxt["text"]}))
for r in recs:
    print(json.dumps({"id": r["id"], "date": r["date"], "text": r["text"]}))' >"$T/versions.jsonl"
"$NF" clean -q "$S" | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    print(json.dumps({"id": r["id"], "date": r["date"], "text": r["text"]}))' >"$T/final.jsonl"
must "add the seeds once" "$NF" add -q --store "$T/rone" "$T/final.jsonl"
check "... pairs found" test -n "$(reuse_ids "$T/rone")"
head -5 "$T/versions.jsonl" >"$T/first.jsonl"
must "add each seed with another's text" "$NF" add -q --store "$T/rupd" "$T/first.jsonl"
check "... other pairs" test "$(reuse_ids "$T/rupd")" != "$(reuse_ids "$T/rone")"
must "... then each with its own, as updates" "$NF" add -q --store "$T/rupd" "$T/final.jsonl"
check_eq "... the same pairs as the seeds added once" "$(reuse_ids "$T/rupd")" \
	"$(reuse_ids "$T/rone")"
check "... passages indexed" test "$(live_passages "$T/rone" | wc -l)" -gt 100
check_eq "... the same live passages" "$(live_passages "$T/rupd" | md5sum)" \
	"$(live_passages "$T/rone" | md5sum)"
pycheck /dev/stdin "$T/r/newsfold.db" "$S" <<'PY'
import json, os, sqlite3, sys
db, seeds = sys.argv[1], sys.argv[2]
def check(c, w): print(("ok: " if c else "FAIL: ") + w)
c = sqlite3.connect(db)
# a span's offsets point at the same words in both texts (a seed's text: after its header)
import re
def text(num):
    rec = c.execute("SELECT record FROM articles WHERE num = ?", (num,)).fetchone()[0]
    t = rec.decode("utf-8") if isinstance(rec, bytes) else rec
    return t[17:] if t.startswith(" date ") else t
def words(t, s, e):
    # ASCII letters and digits: a repaired mojibake apostrophe counts as the apostrophe
    return re.findall(r"[a-z0-9]+", t.encode("utf-8")[s:e].decode("utf-8", "ignore").lower())
rows = c.execute("SELECT a, b, spans FROM reuse").fetchall()
exact = same = 0
for a, b, spans in rows:
    ta, tb = text(a), text(b)
    for s in json.loads(spans):
        if s["similarity"] == 1.0:
            exact += 1
            same += words(ta, s["a_start"], s["a_end"]) == words(tb, s["b_start"], s["b_end"])
check(exact >= 10, "the pairs hold spans of equal words (%d)" % exact)
check(same == exact, "each points at the same words in both texts (%d of %d)" % (same, exact))
check(all(len(json.loads(sp)) > 0 for _, _, sp in rows), "every pair has a span")
PY
first=$(sql "$T/r" "SELECT id FROM articles ORDER BY num LIMIT 1")
must "remove an article of the reuse store" "$NF" remove -q --store "$T/r" "$first"
check_eq "... its pairs go" \
	"$(sql "$T/r" "SELECT count(*) FROM reuse WHERE a NOT IN (SELECT num FROM articles) OR b NOT IN (SELECT num FROM articles)")" 0
check_eq "... and its passages" "$(live_passages "$T/r" | grep -c NOT-STORED)" 0
must "... the store checks sound" "$NF" check --store "$T/r"
# a segment file no add listed (an add killed after writing it) goes with the next add; a listed
# one damaged is found by check
printf 'NFPSEG1\n' >"$T/r/passages-999.seg"
must "an add over a store with an orphan segment file" "$NF" add -q --store "$T/r" "$T/m2.jsonl"
check "... removes the file" test ! -e "$T/r/passages-999.seg"
cp -r "$T/r" "$T/rdamaged"
seg=$(find "$T/rdamaged" -name 'passages-*.seg' | head -n1)
truncate -s -8 "$seg"
"$NF" check --store "$T/rdamaged" 2>"$T/rd.err" >/dev/null
check_eq "check: a truncated segment is found (exit 1)" "$?" 1
check "... and named" grep -q "passage segment.*damaged" "$T/rd.err"
"$NF" add -q --store "$T/rdamaged" "$S"/000_*.txt 2>"$T/rd2.err"
check_eq "... an add refuses the store (exit 2)" "$?" 2
sql "$T/r" "INSERT INTO reuse VALUES(1000, 1001, 'copy', 1, 1, NULL, '[]')"
"$NF" check --store "$T/r" 2>"$T/rcheck.err"
check_eq "check: a reuse pair of no article is found (exit 1)" "$?" 1
check "... and named" grep -q "reuse pairs of no article" "$T/rcheck.err"

# --- a second writer waits, then fails clearly ----------------------------------------------------
hold() { # DIR SECONDS: holds the store's write lock
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1] + "/newsfold.db", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")' "$1" "$2"
}
hold "$T/m" 2 >"$T/lock1" &
lp=$!
while ! grep -q locked "$T/lock1" 2>/dev/null; do sleep 0.05; done
must "a second writer waits for a short lock" "$NF" add -q --store "$T/m" "$T/m1b.jsonl"
wait $lp
hold "$T/m" 13 >"$T/lock2" &
lp=$!
while ! grep -q locked "$T/lock2" 2>/dev/null; do sleep 0.05; done
"$NF" add -q --store "$T/m" "$T/m1.jsonl" 2>"$T/busy.err"
check_eq "a second writer gives up after 10 s (exit 2)" "$?" 2
check "... saying the store is locked by another writer" grep -q 'locked by another writer' "$T/busy.err"
check "... and that nothing was added" grep -q 'nothing was added' "$T/busy.err"
kill $lp 2>/dev/null
wait $lp 2>/dev/null

# --- kill -9 in the middle of an add ------------------------------------------------------------
# A store of batch 0 and 1; then batch 2+3 (1500 articles) killed at several moments. Each time the
# store opens, checks, and holds exactly the adds that finished; the add run again then gives the
# stories of an add never interrupted.
cat "$T/b2.jsonl" "$T/b3.jsonl" >"$T/b23.jsonl"
# the sanitized builds leave out the reuse stage here too (debug and release kill it with reuse)
ks=${SANFLAGS:+--stages dedup,stories,digest} # shellcheck disable=SC2086 (split on purpose)
must "reference: adds 0, 1" "$NF" add -q $ks --store "$T/ref" "$T/b0.jsonl" "$T/b1.jsonl"
cp -r "$T/ref" "$T/k0" # the store each kill starts from (closed: a copy is a store)
"$NF" stories --store "$T/k0" >"$T/k1.jsonl"
must "reference: add 2+3" "$NF" add -q $ks --store "$T/ref" "$T/b23.jsonl"
"$NF" stories --store "$T/ref" >"$T/ref.jsonl"
killed=0
for delay in 0.05 0.3 0.8 1.5; do
	rm -rf "$T/k"
	cp -r "$T/k0" "$T/k"
	"$NF" add -q $ks --store "$T/k" "$T/b23.jsonl" &
	p=$!
	sleep "$delay"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	rc=$?
	seq=$(sqlite3 "$T/k/newsfold.db" 'SELECT max(seq) FROM adds')
	if [ "$rc" = 137 ]; then
		killed=$((killed + 1))
		check_eq "kill -9 after ${delay}s: the store holds add 1 only" "$seq" 1
		check "kill -9 after ${delay}s: its stories are add 1's" cmp -s "$T/k1.jsonl" <("$NF" stories --store "$T/k")
	else
		check_eq "add finished before the kill at ${delay}s: it holds add 2" "$seq" 2
		ok
	fi
	must "kill -9 after ${delay}s: check" "$NF" check --store "$T/k" >/dev/null
	must "kill -9 after ${delay}s: the add again" "$NF" add -q $ks --store "$T/k" "$T/b23.jsonl"
	check "kill -9 after ${delay}s: then the stories of an uninterrupted add" \
		cmp -s "$T/ref.jsonl" <("$NF" stories --store "$T/k")
	check_eq "kill -9 after ${delay}s: the passage segment files are those listed" \
		"$(find "$T/k" -name 'passages-*.seg' | wc -l)" "$(sql "$T/k" 'SELECT count(*) FROM segments')"
	check_eq "kill -9 after ${delay}s: the live passages of an uninterrupted add" \
		"$(live_passages "$T/k" | md5sum)" "$(live_passages "$T/ref" | md5sum)"
done
echo "kill -9: $killed of 4 kills landed during the add" >&2
check "kill -9: at least two kills landed during the add (got $killed)" test "$killed" -ge 2

# --- a full disk: the add fails clearly and the store stays as it was ------------------------------
must "full disk: a store" "$NF" add -q --store "$T/f" "$T/b0.jsonl"
"$NF" stories --store "$T/f" >"$T/f1.jsonl"
size=$(du -k "$T/f/newsfold.db" | cut -f1)
(
	trap '' XFSZ
	ulimit -f $((size + 64))
	exec "$NF" add -q --store "$T/f" "$T/b1.jsonl" "$T/b2.jsonl" "$T/b3.jsonl"
) 2>"$T/full.err"
check_eq "full disk: the add fails (exit 2)" "$?" 2
check "full disk: saying why" grep -qiE 'no space|disk|full|too large|write' "$T/full.err"
check "full disk: and that nothing was added" grep -q 'nothing was added' "$T/full.err"
must "full disk: the store checks" "$NF" check --store "$T/f" >/dev/null
check "full disk: its stories are as before" cmp -s "$T/f1.jsonl" <("$NF" stories --store "$T/f")
check_eq "full disk: one add" "$(sql "$T/f" 'SELECT max(seq) FROM adds')" 1

# --- removals: takedowns and expiry ----------------------------------------------------------------
must "a store of the seeds" "$NF" add -q --store "$T/rm" "$S"
id=$(json_field <("$NF" stories --store "$T/rm") story)
must "remove 002 (the story's first article)" "$NF" remove -q --store "$T/rm" 002_5a5e7912455ecedf
must "stories after the removal" "$NF" stories --store "$T/rm" >"$T/rm1.jsonl"
check_eq "removal: the story keeps its id with the four left" \
	"$(json_field "$T/rm1.jsonl" story)/$(json_field "$T/rm1.jsonl" size)" "$id/4"
check "removal: 002 is gone from the story" bash -c "! grep -q 002_ '$T/rm1.jsonl'"
check_eq "removal: gone from the store, text and all" \
	"$(sql "$T/rm" "SELECT count(*) FROM articles WHERE id LIKE '002%'")/$(sql "$T/rm" "SELECT count(*) FROM articles WHERE record LIKE '%Budapest%' AND id LIKE '002%'")" "0/0"
check_eq "removal: event updated" "$("$NF" events --store "$T/rm" --after 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["event"])')" updated
check_eq "removal: counted in adds" "$(sql "$T/rm" 'SELECT kind, removed FROM adds WHERE seq = 2')" "remove|1"
check_usage "removing an id not stored" "$NF" remove -q --store "$T/rm" no-such-id
check_eq "... changes nothing" "$(sql "$T/rm" 'SELECT max(seq) FROM adds')" 2
must "expire before 18 Oct" "$NF" expire -q --store "$T/rm" --before 2025-10-18
check_eq "expire: no article, no story left" \
	"$(sql "$T/rm" 'SELECT count(*) FROM articles')/$("$NF" stories --store "$T/rm" | wc -l)" "0/0"
check_eq "expire: event removed" "$("$NF" events --store "$T/rm" --after 2 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["event"])')" removed
must "check after removals" "$NF" check --store "$T/rm" >/dev/null
check_usage "expire without --before" "$NF" expire --store "$T/rm"
check_help "remove --help" "ID" "$NF" remove --help
check_help "expire --help" --before "$NF" expire --help

# --- stages, usage ------------------------------------------------------------------------------
must "--stages dedup" "$NF" add -q --store "$T/d" --stages dedup "$S"
check_eq "--stages dedup: no story" "$(sql "$T/d" 'SELECT count(*) FROM stories')" 0
check_eq "--stages dedup: the articles" "$(sql "$T/d" 'SELECT count(*) FROM articles')" 5
check_usage "add without --store" "$NF" add "$S"
check_usage "bad --stages" "$NF" add --store "$T/d" --stages everything "$S"
check_usage "--store with inputs" "$NF" stories --store "$T/s" "$S"
check_help "add --help" --stages "$NF" add --help
check_help "events --help" --after "$NF" events --help
check_help "check --help" --store "$NF" check --help
finish
