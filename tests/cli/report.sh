#!/usr/bin/env bash
# newsfold report: the HTML file's structure (CSP hashes, escaped data blocks), then Debian's
# chromium, headless (tests/browser/report_test.py over the DevTools protocol): the seeds, a
# hostile corpus, a large generated corpus. Screenshots go to $O/screenshots.
. "$(dirname "$0")/lib.sh"

# --- structure: the policy allows exactly the inline script and style, by SHA-256 ---------------
must "seeds" "$NF" report -q -o "$T/seeds.html" --title 'Seeds <&> "report"' "$SHARED_DIR/seeds"
pycheck /dev/stdin "$T/seeds.html" <<'PY'
import base64, hashlib, json, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', h).group(1)
def sha(s): return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
scripts = re.findall(r"<script>(.*?)</script>", h, re.S)
styles = re.findall(r"<style>(.*?)</style>", h, re.S)
def check(cond, what): print(("ok: " if cond else "FAIL: ") + "structure: " + what)
check("default-src 'none'" in csp, "default-src 'none'")
check(len(scripts) == 1 and "script-src " + sha(scripts[0]) in csp, "the script's hash")
check(len(styles) == 1 and "style-src " + sha(styles[0]) in csp, "the style's hash")
check("unsafe-inline" not in csp and "unsafe-eval" not in csp, "no unsafe-*")
blocks = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', h, re.S)
ok = all(json.loads(b) is not None for _, b in blocks)
check(ok and [i for i, _ in blocks] == ["s0", "nf-index"], "data blocks s0 and nf-index")
check("<title>Seeds &lt;&amp;&gt; &quot;report&quot;</title>" in h, "the title escaped")
PY
# a record whose text tries to close the data block
printf '%s\n' '{"id":"x","text":"Officials said </script><script>alert(1)</script> and \u2028 more words here."}' \
	>"$T/x.jsonl"
must "hostile" "$NF" report -q -o "$T/x.html" "$T/x.jsonl"
check_eq "hostile: one </script> per script element" \
	"$(grep -o '</script>' "$T/x.html" | wc -l)" "$(grep -o '<script' "$T/x.html" | wc -l)"
check "hostile: the text is escaped in the data" grep -q 'Officials said \\u003c/script\\u003e' "$T/x.html"
check_help "help" --title "$NF" report --help

# --- the size budget: every story listed; the largest whole, then as digests, within it --------
must "nf-gen 3000" "$GEN" --docs 3000 --seed 4 --dup-rate 0.3 --out "$T/g.jsonl"
must "stories 3000" "$NF" stories -q "$T/g.jsonl" >"$T/g-stories.jsonl"
must "report --max-size 0" "$NF" report -q --max-size 0 -o "$T/g0.html" "$T/g.jsonl"
must "report --max-size 3M" "$NF" report -q --max-size 3M -o "$T/g3.html" "$T/g.jsonl"
must "report (default 40M)" "$NF" report -q -o "$T/gd.html" "$T/g.jsonl"
pycheck /dev/stdin "$T" <<'PY'
import json, os, re, sys
t = sys.argv[1]
def check(cond, what): print(("ok: " if cond else "FAIL: ") + "budget: " + what)
def page(name):
    h = open("%s/%s" % (t, name), encoding="utf-8").read()
    blocks = dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', h, re.S))
    index = json.loads(blocks.pop("nf-index"))
    return h, {int(k[1:]): json.loads(v) for k, v in blocks.items()}, index
n = sum(1 for _ in open(t + "/g-stories.jsonl"))
h0, b0, i0 = page("g0.html")
h3, b3, i3 = page("g3.html")
size0, size3 = os.path.getsize(t + "/g0.html"), os.path.getsize(t + "/g3.html")
check(size0 > 3 << 20 and size3 <= 3 << 20, "no limit %d bytes; --max-size 3M %d bytes" % (size0, size3))
check(len(i0) == n and len(i3) == n, "every story listed (%d, %d of %d)" % (len(i0), len(i3), n))
check(all(e["detail"] == "full" for e in i0) and len(b0) == n, "no limit: every story whole")
kinds = {k: [e for e in i3 if e["detail"] == k] for k in ("full", "digest", "none")}
check(all(kinds.values()), "3M: stories whole, as digests and listed only (%s)"
      % {k: len(v) for k, v in kinds.items()})
check(min(e["size"] for e in kinds["full"]) >= max(e["size"] for e in kinds["none"]),
      "3M: the whole ones are the largest")
check(sorted(b3) == sorted(e["story"] for e in i3 if e["detail"] != "none"),
      "3M: a block for each story with details, none for the others")
check(all("text" in a for e in kinds["full"] for a in b3[e["story"]]["articles"]) and
      all("text" not in a and not b3[e["story"]]["pairs"] for e in kinds["digest"]
          for a in b3[e["story"]]["articles"]),
      "3M: whole stories carry their texts, digests do not")
def bare(dg): # a digest without what only whole stories carry
    return dict(dg, sources=[{k: v for k, v in x.items() if k != "added"} for x in dg["sources"]])
same = all(bare(b3[s]["digest"]) == bare(b0[s]["digest"]) for s in b3)
check(same, "3M: the digests are those of the report without a limit")
check(all("added" in x for e in kinds["full"] for x in b3[e["story"]]["digest"]["sources"]) and
      not any("added" in x for e in kinds["digest"] for x in b3[e["story"]]["digest"]["sources"]),
      "3M: what each source added, for the whole stories only")
check(all("timeline" not in b["digest"] and len(b["digest"]["quotes"]) <= 8 for b in b0.values()),
      "the page's digests leave out the timeline (drawn from the articles) and keep 8 quotes")
check(os.path.getsize(t + "/gd.html") == size0, "default 40M: this corpus fits whole")
PY

# --- the browser --------------------------------------------------------------------------------
big=10000
case ${O:-} in *asan | *tsan) big=2000 ;; esac # sanitized builds: a smaller large report
shots=${TOP:-.}/${O:-build/debug}/screenshots
out=$(python3 "$(dirname "$0")/../browser/report_test.py" "$NF" "$GEN" "$SHARED_DIR" "$T" \
	"$shots" --big "$big" 2>&1)
rc=$?
tally "$out"
check_eq "browser test: exit 0" "$rc" 0
grep -q '^ok: big' <<<"$out" || fail "browser test: the large report was not checked"

finish
