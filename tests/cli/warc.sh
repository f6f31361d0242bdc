#!/usr/bin/env bash
# WARC and ARC archives end to end: newsfold clean prints each HTML response as an article with
# its URL and date; --stats-json counts the archive records (and only for archives); a
# directory of archives, stdin, and damage reported as rejects.
. "$(dirname "$0")/lib.sh"

W=$SHARED_DIR/eval/warc

must "clean example.warc" "$NF" clean -q --stats-json "$T/one.json" "$W/example.warc" >"$T/one.out"
check_eq "example.warc: one article" "$(wc -l <"$T/one.out")" 1
pycheck - "$T/one.out" "$T/one.json" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1], encoding="utf-8").readline())
s = json.load(open(sys.argv[2]))
def check(c, what): print(("ok: " if c else "FAIL: ") + what)
check(d["id"] == "http://example.com" and d["url"] == "http://example.com/", "id the canonical URI, url as found")
check(d["date"] == "2017-03-06T04:02:06Z" and d["time"] == 1488772926, "the WARC-Date, parsed")
check("illustrative examples" in d["text"] and "<" not in d["text"], "the decoded page's main text")
check(d.get("title") == "Example Domain", "the page's title")
check(s["archive_records"] == 6 and s["archive_skipped"] == 5, "stats: 6 archive records, 5 passed over")
check(s["records"] == 1 and s["docs"] == 1 and s["rejects"] == 0, "stats: 1 record, 1 doc")
a = d.get("archive", {})
check(a.get("file", "").endswith("eval/warc/example.warc") and a.get("offset") == 1197,
      "provenance: the archive and the record's offset")
check(a.get("record_id") == "<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>" and
      a.get("digest") == "sha1:G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK" and "truncated" not in a,
      "provenance: WARC-Record-ID and WARC-Payload-Digest")
check(list(d)[:7] == ["id", "title", "url", "date", "time", "lang", "archive"], "keys in order")
PY
# dedup writes the kept page with its provenance (the offset survives the spool)
must "dedup example.warc.gz" "$NF" dedup -q "$W/example.warc.gz" >"$T/dd.out"
check "dedup: the gzip member's offset, the record id" grep -q \
	'"archive":{"file":"[^"]*example.warc.gz","offset":784,"record_id":"<urn:uuid:a9c51e3e' "$T/dd.out"

# the ARC file: its 14-digit date is parsed
must "clean example.arc.gz" "$NF" clean -q "$W/example.arc.gz" >"$T/arc.out"
check "ARC: url and time" grep -q '"url":"http://example.com/","date":"20140216050221","time":1392526941' "$T/arc.out"

# a JSONL input: no archive counters in --stats-json
printf '{"id":"a","text":"one two three four five"}\n' >"$T/a.jsonl"
must "clean JSONL" "$NF" clean -q --stats-json "$T/j.json" "$T/a.jsonl" >/dev/null
check "JSONL: no archive counters" bash -c "! grep -q archive_ '$T/j.json'"

# stdin: recognised by content
"$NF" clean -q - <"$W/example-iana.org-chunked.warc" >"$T/stdin.out"
check_eq "stdin: the chunked page" "$(grep -c 'Internet Assigned Numbers Authority' "$T/stdin.out")" 1

# the whole folder: every page or reject accounted for (duplicate URIs are duplicate ids)
"$NF" clean -q --rejects "$T/dir.rej" --stats-json "$T/dir.json" "$W" >"$T/dir.out"
check_eq "folder: exit status (rejects under --max-errors)" "$?" 0
pycheck - "$T/dir.json" "$T/dir.rej" "$T/dir.out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rej = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
out = open(sys.argv[3], encoding="utf-8").read().splitlines()
def check(c, what): print(("ok: " if c else "FAIL: ") + what)
check(s["files"] == 11 and s["files_skipped"] == 4, "11 archives read, 4 other files skipped")
check(s["archive_records"] == 104 and s["archive_skipped"] == 53, "104 archive records, 53 passed over")
check(s["records"] == 53 and s["docs"] == len(out) == 48, "51 pages and 2 damaged records")
check(s["rejects_by_reason"] == {"corrupt": 2, "duplicate-id": 3}, "rejects: 2 damaged, 3 duplicate URIs")
damaged = sorted((r["file"].rsplit("/", 1)[-1], r["line"], r["offset"]) for r in rej if r["reason"] == "corrupt")
check(damaged == [("clipped.warc.gz", 1, 0), ("example-trunc.warc", 3, 1197)], "the damaged records: file, record, offset")
PY
finish
