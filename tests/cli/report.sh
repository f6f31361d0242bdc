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
