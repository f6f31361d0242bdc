#!/usr/bin/env bash
# A web page archived the way people archive pages: pages written here, served on a local
# port, fetched by wget --warc-file, and read back from the archive as articles with their url
# and date and without the page's chrome. (wget and python3 come with scripts/install-deps
# --test; a missing one is a failure, not a skip.)
. "$(dirname "$0")/lib.sh"

command -v wget >/dev/null || fail "wget not found (scripts/install-deps --test installs it)"
mkdir -p "$T/site"
cp "$TOP/tests/web/news.html" "$TOP/tests/web/latin1.html" "$T/site/"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$T/site" >"$T/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
port=""
for _ in $(seq 1 100); do
	port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$T/server.log" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
check "the local server is up" test -n "$port"
base="http://127.0.0.1:$port"
(cd "$T" && wget -nv --tries=5 --waitretry=1 --timeout=20 --warc-file=crawl "$base/news.html" \
	"$base/latin1.html" -O /dev/null) >"$T/wget.log" 2>&1
rc=$?
check_eq "wget fetched both pages (exit)" "$rc" 0
[ "$rc" -eq 0 ] || cat "$T/wget.log" >&2
check "wget wrote a compressed WARC" test -s "$T/crawl.warc.gz"

must "clean the crawl" "$NF" clean --stats-json "$T/stats.json" "$T/crawl.warc.gz" >"$T/crawl.jsonl"
check_eq "two pages out of the crawl" "$(wc -l <"$T/crawl.jsonl")" 2
cat >"$T/check.py" <<'EOF'
import datetime, json, sys

base = sys.argv[2]
recs = {json.loads(l)["url"]: json.loads(l) for l in open(sys.argv[1], encoding="utf-8")}
stats = json.load(open(sys.argv[3]))


def check(desc, cond):
    print(("ok: " if cond else "FAIL: ") + desc)


n = recs.get(base + "/news.html", {})
check("news: url the address fetched, id the canonical address the page names",
      n.get("url") == base + "/news.html" and
      n.get("id") == "https://coastal.example/news/2026/03/14/harbour-bridge-reopens")
check("news: the date the page declares", n.get("date") == "2026-03-14T09:30:00Z")
check("news: the title", n.get("title") == "Harbour bridge reopens after two years of repairs")
t = n.get("text", "")
check("news: the article's text", "Crowds gathered on both banks" in t and "to shrink within weeks" in t)
check("news: none of the page's chrome",
      not any(s in t for s in ("cookies", "Most read", "Share on", "waste of money", "Copyright")))
l = recs.get(base + "/latin1.html", {})
today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
check("latin1: no declared date: the WARC-Date, when wget fetched it",
      l.get("date", "").startswith(today[:7]) and isinstance(l.get("time"), int))
check("latin1: decoded as windows-1252", "412 Millionen €" in l.get("text", ""))
check("the stats count the archive's records: warcinfo, requests, responses, metadata",
      stats.get("archive_records", 0) >= 5 and stats.get("archive_skipped", 0) >= 3)
EOF
pycheck "$T/check.py" "$T/crawl.jsonl" "$base" "$T/stats.json"
finish
