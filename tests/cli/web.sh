#!/usr/bin/env bash
# Web pages as input: the main text without the page's chrome, the metadata the page declares,
# charsets sniffed as browsers do, pages in directories and on stdin, a page with no article
# text rejected; and main-text quality on ../shared/eval/html-dev held above a floor.
. "$(dirname "$0")/lib.sh"

W=$TOP/tests/web
must "clean the test pages" "$NF" clean -q --rejects "$T/rej.jsonl" "$W" >"$T/pages.jsonl"
check_eq "the test pages: one article per page with text" "$(wc -l <"$T/pages.jsonl")" 9

cat >"$T/pages.py" <<'EOF'
import json, sys

recs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    recs[r["id"]] = r
rejects = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]


def check(desc, cond):
    print(("ok: " if cond else "FAIL: ") + desc)


def text(page):
    return recs.get(page, {}).get("text", "")


n = recs.get("news", {})
t = text("news")
check("news: the headline is the og:title", n.get("title") == "Harbour bridge reopens after two years of repairs")
check("news: the url is the canonical link", n.get("url") == "https://coastal.example/news/2026/03/14/harbour-bridge-reopens")
check("news: the date is article:published_time", n.get("date") == "2026-03-14T09:30:00Z" and n.get("time") == 1773480600)
check("news: the language is <html lang>", n.get("lang") == "en-GB")
check("news: the source is og:site_name", n.get("source") == "The Coastal Times")
check("news: no text_offset (the text is not a slice of the file)", "text_offset" not in n)
for s in ["The old harbour bridge carried its first cars", "Crowds gathered on both banks",
          "the spine of the town", "We replaced every one of the 48 cables",
          "lighting that can be dimmed", "2026 (forecast) 21,000", "to shrink within weeks"]:
    check("news: the article keeps %r" % s, s in t)
for s in ["cookies", "Sport", "Share on", "By Mara Ellis", "Ferry fares", "Related", "waste of money",
          "Most read", "Copyright", "JavaScript", "font-family", "Subscribe", "Harbour bridge reopens after two"]:
    check("news: the page's chrome %r is not text" % s, s not in t)
check("latin1: iso-8859-1 decodes as windows-1252 (the euro sign)", "412 Millionen €" in text("latin1"))
check("latin1: umlauts and ß", "Größter Posten" in text("latin1") and "Straßen" in text("latin1"))
check("latin1: the menu is not text", "Startseite" not in text("latin1"))
check("sjis: Shift_JIS decoded", "図書館が開館し" in text("sjis"))
check("sjis: the ruby reading is not text", "としょかん" not in text("sjis"))
check("sjis: the language", recs.get("sjis", {}).get("lang") == "ja")
check("gb2312: GB2312 decoded (as GB18030)", "新大桥于周六正式通车" in text("gb2312"))
check("bom: the byte-order mark wins over a wrong <meta charset>", "„tak”" in text("bom"))
check("nodecl: no declaration and not UTF-8: windows-1252", "Le café de la place" in text("nodecl"))
check("fragment.htm: a page by its name, styles and sidebar not text",
      "margin" not in text("fragment") and "One" not in text("fragment") and
      text("fragment").startswith("A page saved without its head"))
check("paragraphs are kept (blank lines)", text("news").count("\n\n") >= 6)
check("es: declared language, text, no menu or newsletter box",
      recs.get("es", {}).get("lang") == "es" and "176 votos a favor" in text("es") and
      "Portada" not in text("es") and "boletín" not in text("es"))
check("ru: windows-1251 decoded, language guessed (none declared), no menu or footer",
      recs.get("ru", {}).get("lang") == "ru" and "открыли новый мост" in text("ru") and
      "Главная" not in text("ru") and "права" not in text("ru"))
check("guessed languages: fr, zh, pl pages that declare none",
      recs.get("nodecl", {}).get("lang") == "fr" and recs.get("bom", {}).get("lang") == "pl" and
      recs.get("gb2312", {}).get("lang", "").startswith("zh"))
check("one reject: the page with no article text",
      len(rejects) == 1 and rejects[0].get("file", "").endswith("empty.html") and
      "no article text" in rejects[0].get("message", rejects[0].get("reason", "")))
EOF
pycheck "$T/pages.py" "$T/pages.jsonl" "$T/rej.jsonl"

# --- a page from stdin, compressed, in a directory walk ------------------------------------------
"$NF" clean -q - <"$W/news.html" >"$T/stdin.jsonl"
check_eq "stdin: a page recognised by its content" \
	"$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())["title"])' "$T/stdin.jsonl")" \
	"Harbour bridge reopens after two years of repairs"
mkdir -p "$T/dir/sub"
gzip -c "$W/news.html" >"$T/dir/sub/a.html.gz"
zstd -q -c "$W/latin1.html" >"$T/dir/b.htm.zst"
cp "$W/news.html" "$T/dir/c.html"
echo "not read" >"$T/dir/notes.md"
must "clean a directory of pages" "$NF" clean -q "$T/dir" >"$T/dir.jsonl"
check_eq "a directory: .html.gz, .htm.zst and .html read" "$(wc -l <"$T/dir.jsonl")" 3
check_eq "a compressed page: the same text as the plain one" \
	"$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(r[1]["text"] == r[2]["text"])' "$T/dir.jsonl")" True

# --- the extracted text is what every command reads ----------------------------------------------
must "dedup two copies of a page" "$NF" dedup -q --pairs "$T/pairs.jsonl" "$T/dir/c.html" \
	"$T/dir/sub/a.html.gz" >"$T/kept.jsonl"
check_eq "dedup: one of two copies kept" "$(wc -l <"$T/kept.jsonl")" 1
check_eq "dedup: the kept record carries the page's url" \
	"$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())["url"])' "$T/kept.jsonl")" \
	"https://coastal.example/news/2026/03/14/harbour-bridge-reopens"
check "dedup: a kept page has no markup in its text" \
	python3 -c 'import json,sys; t=json.loads(open(sys.argv[1]).read())["text"]; assert "<" not in t and "cookie" not in t' "$T/kept.jsonl"

# --- feeds: one article per item ----------------------------------------------------------------
must "clean a directory of feeds" "$NF" clean -q --rejects "$T/frej.jsonl" "$TOP/tests/feeds" \
	>"$T/feeds.jsonl"
cat >"$T/feeds.py" <<'EOF'
import json, sys

recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rej = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
by = {r["id"]: r for r in recs}


def check(desc, cond):
    print(("ok: " if cond else "FAIL: ") + desc)


check("feeds: 5 items with text (RSS and Atom)", len(recs) == 5)
h = by.get("https://coastal.example/news/harbour-bridge", {})
check("rss: title, link, feed title and channel language",
      h.get("title") == "Harbour bridge reopens after two years of repairs" and
      h.get("url") == "https://coastal.example/news/harbour-bridge" and
      h.get("source") == "The Coastal Times" and h.get("lang") == "en-gb")
check("rss: pubDate (RFC 2822) parsed", h.get("time") == 1773480600)
check("rss: content:encoded is the text, its HTML extracted, scripts gone",
      h.get("text", "").startswith("The old harbour bridge carried") and
      "“This bridge is the spine of the town,” the mayor said." in h.get("text", "") and
      "track()" not in h.get("text", ""))
f = by.get("https://coastal.example/news/ferry-fares", {})
check("rss: an escaped HTML description is text", f.get("text", "").startswith("Ferry fares will rise"))
check("rss: an item with only a guid is named by it", "coastal-1003" in by)
a = by.get("https://stadt.example/haushalt", {})
check("atom: the alternate link, not the edit link", a.get("url") == "https://stadt.example/haushalt")
check("atom: published, not updated", a.get("date") == "2026-03-12T17:00:00+01:00")
check("atom: xml:lang and paragraphs", a.get("lang") == "de" and "\n\n" in a.get("text", ""))
check("an item with no content is a reject at its line",
      len(rej) == 1 and rej[0]["line"] == 29 and "coastal.example/news/empty" in rej[0]["message"])
EOF
pycheck "$T/feeds.py" "$T/feeds.jsonl" "$T/frej.jsonl"
printf '<rss><channel><item><title>x</title>' >"$T/cut.rss"
"$NF" clean -q --rejects "$T/cut.rej" "$T/cut.rss" >"$T/cut.out"
check_eq "a feed cut short: what it holds is read, or rejected, never lost" \
	"$(($(wc -l <"$T/cut.out") + $(wc -l <"$T/cut.rej")))" 1

# --- html-dev: 200 real pages, 16 languages ------------------------------------------------------
H=$SHARED_DIR/eval/html-dev
must "clean html-dev -j1" "$NF" clean -q -j1 "$H/pages" >"$T/hd1.jsonl"
must "clean html-dev -j2" "$NF" clean -q -j2 "$H/pages" >"$T/hd2.jsonl"
check "html-dev: -j1 and -j2 write the same bytes" cmp -s "$T/hd1.jsonl" "$T/hd2.jsonl"
python3 "$H/score.py" "$T/hd1.jsonl" >"$T/score.txt" 2>&1
check_eq "html-dev: every page gives text" "$(head -1 "$T/score.txt")" \
	"200 pages, 200 with output, 0 without"
f1=$(awk '$1 == "all" { print $NF }' "$T/score.txt")
# A floor below the figure in docs/web.md (0.9197): extraction rules that lose quality fail here.
check "html-dev: F1 $f1 >= 0.90" python3 -c "assert float('$f1') >= 0.90"
finish
