"""report_test.py - newsfold report in Debian's chromium, headless, over the DevTools protocol.

usage: report_test.py NEWSFOLD NF_GEN SHARED_DIR WORKDIR SHOTS [--big N]

Prints one "ok: ..." or "FAIL: ..." line per check (tests/cli/report.sh counts them).
1. The seeds' report: one story; headline; five source rows with their roles; highlighted
   passages in the side-by-side view; the Truth Social quote attributed to Trump; no console
   error, no exception, no request but the file itself; a screenshot.
2. A hostile corpus (</script>, <img onerror>, "><svg onload>, a javascript: URL, U+2028):
   the text shows as text, nothing runs, no element comes from article text.
3. A report of N generated articles (default 10 000): opens, lists a page of its stories
   (largest first; next page; sorted by sources), searches them and renders the largest one
   (side by side on the longest shared passage, long carrier lists collapsed); the times are
   printed (not asserted: shared machines are noisy).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

nf, gen, shared, work, shots = sys.argv[1:6]
big = 10000
if "--big" in sys.argv:
    big = int(sys.argv[sys.argv.index("--big") + 1])
os.makedirs(shots, exist_ok=True)


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what, flush=True)
    return cond


def report(out, *inputs, opts=()):
    subprocess.run([nf, "report", "-q", "-o", out] + list(opts) + list(inputs), check=True)
    return "file://" + os.path.abspath(out)


def clean_page(b, url, what):
    errs = b.errors()
    check(not errs, "%s: no console error, exception or dialog (got %s)" % (what, errs[:3]))
    other = [r for r in b.requests() if not r.startswith(url.split("#")[0])]
    check(not other, "%s: no network request besides the file (got %s)" % (what, other[:3]))


b = cdp.Browser()
try:
    # --- 1. the seeds ---------------------------------------------------------------------
    url = report(os.path.join(work, "seeds.html"), os.path.join(shared, "seeds"))
    b.open(url)
    check(b.eval("document.querySelectorAll('#list li').length") == 1, "seeds: one story listed")
    b.eval("location.hash = '#s0'")
    b.drain(0.5)
    check(len(b.eval("document.querySelector('h2.headline').textContent")) > 20,
          "seeds: the story opens with a headline")
    roles = b.eval("Array.from(document.querySelectorAll('tr.source td:nth-child(3)'))"
                   ".map(function(td){return td.textContent;})")
    check(len(roles) == 5, "seeds: five source rows (got %d)" % len(roles))
    check(sum(r == "independent" for r in roles) == 2 and
          sum(r == "origin" for r in roles) == 0 and
          sum(r.endswith(" copy") for r in roles) == 3,
          "seeds: roles three copies of a common wire, two independent (got %s)" % roles)
    marks = b.eval("document.querySelectorAll('#nf-pa mark').length")
    check(marks > 0, "seeds: reused passages highlighted in the side-by-side view (%d)" % marks)
    check(b.eval("document.querySelectorAll('#nf-pa .boiler, #nf-pb .boiler').length") > 0,
          "seeds: boilerplate greyed")
    quotes = b.eval("Array.from(document.querySelectorAll('blockquote.quote'))"
                    ".map(function(q){return q.textContent;})")
    check(any(q.startswith("I have just concluded") and "\u2014 Trump; carried by 4" in q
              for q in quotes), "seeds: the Truth Social quote, Trump's, carried by 4")
    check(b.eval("document.querySelectorAll('svg circle').length") == 5,
          "seeds: the timeline has the five articles")
    # pick another pair in the side-by-side view
    b.eval("var s=document.getElementById('nf-b'); s.value='4'; s.dispatchEvent(new Event('change'))")
    b.drain(0.3)
    check("relation" in b.eval("document.querySelector('.side p.src').textContent"),
          "seeds: the side-by-side view follows the chosen pair")
    b.screenshot(os.path.join(shots, "seeds.png"))
    check(os.path.getsize(os.path.join(shots, "seeds.png")) > 10000, "seeds: screenshot saved")
    clean_page(b, url, "seeds")

    # --- 2. hostile text -------------------------------------------------------------------
    body = ("The council met on Tuesday. The mayor said \"</script><script>window.__pwned=1"
            "</script> is not a plan\" at the hall. <img src=x onerror=\"window.__pwned=2\"> "
            "\"><svg onload=\"window.__pwned=3\"> Residents disagreed.\u2028 ")
    hostile = os.path.join(work, "hostile.jsonl")
    with open(hostile, "w", encoding="utf-8") as f:
        for i in range(3):
            f.write(json.dumps({"id": "h%d" % i, "date": "2025-05-0%d" % (i + 1),
                                "source": "<b>Outlet %d</b> \u202Eesrever" % i,
                                "url": "javascript:window.__pwned=4",
                                "title": "<img src=x onerror=window.__pwned=5> \u202E"
                                         "Council vote \u2067reversed",
                                "text": body * 3}) + "\n")
    url = report(os.path.join(work, "hostile.html"), hostile)
    b.open(url)
    b.eval("location.hash = '#s0'")
    b.drain(0.5)
    text = b.eval("document.body.textContent")
    check("</script><script>window.__pwned=1</script>" in text,
          "hostile: </script> shows as text")
    check("<img src=x onerror=" in text and "<svg onload=" in text,
          "hostile: markup shows as text")
    check(b.eval("typeof window.__pwned") == "undefined", "hostile: nothing ran")
    check(b.eval("document.querySelectorAll('img, iframe, object, embed, b').length") == 0,
          "hostile: no element made from article text")
    check(b.eval("document.querySelectorAll('[onload],[onerror]').length") == 0,
          "hostile: no event-handler attributes")
    check(b.eval("Array.from(document.links).filter(function(a){"
                 "return !/^(https?:|file:|#)/.test(a.getAttribute('href'));}).length") == 0,
          "hostile: no javascript: link")
    # bidi overrides in a title or an outlet's name stay inside their own element (an SVG
    # <title> is a tooltip, shown on its own, not laid out in the page)
    leaks = b.eval("""Array.from(document.querySelectorAll('#wrap *:not(title)')).filter(function(e){
        var own = Array.from(e.childNodes).some(function(n){
            return n.nodeType === 3 && /[\\u202A-\\u202E\\u2066-\\u2069]/.test(n.data);});
        var cs = getComputedStyle(e);
        return own && cs.display.indexOf('inline') === 0 &&
               ['isolate', 'isolate-override', 'plaintext'].indexOf(cs.unicodeBidi) < 0;
        }).map(function(e){ return e.tagName + '.' + e.className; })""")
    carriers = b.eval("""Array.from(document.querySelectorAll('#wrap *')).filter(function(e){
        return Array.from(e.childNodes).some(function(n){
            return n.nodeType === 3 && /\\u202E/.test(n.data);});}).length""")
    check(carriers > 0 and not leaks,
          "hostile: bidi overrides isolated (%d elements carry one; not isolated: %s)"
          % (carriers, leaks))
    b.screenshot(os.path.join(shots, "hostile.png"))
    clean_page(b, url, "hostile")

    # --- 3. a large report -----------------------------------------------------------------
    corpus = os.path.join(work, "big.jsonl")
    subprocess.run([gen, "--docs", str(big), "--seed", "3", "--out", corpus], check=True)
    t0 = time.time()
    budget = 800 * big  # about a seventh of what the whole stories take: all three tiers
    url = report(os.path.join(work, "big.html"), corpus, opts=("--max-size", str(budget)))
    t1 = time.time()
    size = os.path.getsize(os.path.join(work, "big.html"))
    check(size <= budget, "big: --max-size %d keeps the page to %d bytes" % (budget, size))
    b.open(url, timeout=300)
    t2 = time.time()
    n = b.eval("JSON.parse(document.getElementById('nf-index').textContent).length")
    listed = b.eval("document.querySelectorAll('#list li').length")
    check(n > 100 and listed == min(n, 100),
          "big: %d articles, %d stories, %d listed (a page)" % (big, n, listed))
    sizes = b.eval("Array.from(document.querySelectorAll('#list li .meta'))"
                   ".map(function(m){return parseInt(m.textContent);})")
    check(sizes == sorted(sizes, reverse=True) and sizes[0] == b.eval(
        "JSON.parse(document.getElementById('nf-index').textContent)"
        ".reduce(function(a,s){return Math.max(a,s.size);},0)"),
          "big: the list starts with the largest story, by size")
    first = b.eval("document.querySelector('#list li a').textContent")
    b.eval("document.getElementById('next').click()")
    page2 = b.eval("document.getElementById('page').textContent")
    check(page2.startswith("page 2 of ") and
          b.eval("document.querySelector('#list li a').textContent") != first,
          "big: 'next' shows the second page (%s)" % page2)
    b.eval("var s=document.getElementById('sort'); s.value='sources';"
           "s.dispatchEvent(new Event('change'))")
    most = b.eval("JSON.parse(document.getElementById('nf-index').textContent)"
                  ".reduce(function(a,s){return Math.max(a,s.sources);},0)")
    top = b.eval("(function(){var h=document.querySelector('#list li a').getAttribute('href');"
                 "var id=+h.slice(2);return JSON.parse(document.getElementById('nf-index')"
                 ".textContent).filter(function(s){return s.story===id;})[0].sources;})()")
    check(most > 1 and top == most and
          b.eval("document.getElementById('page').textContent").startswith("page 1 of "),
          "big: sort by sources puts a story of %d outlets first, back on page 1" % most)
    b.eval("var s=document.getElementById('sort'); s.value='size';"
           "s.dispatchEvent(new Event('change'))")
    word = b.eval("JSON.parse(document.getElementById('nf-index').textContent)[0].names[0] || ''")
    t3 = time.time()
    b.eval("var q=document.getElementById('q'); q.value=%s; q.dispatchEvent(new Event('input'))"
           % json.dumps(word))
    found = b.eval("document.querySelectorAll('#list li').length")
    t4 = time.time()
    check(0 < found <= listed, "big: search for %r lists %d stories" % (word, found))
    b.eval("var q=document.getElementById('q'); q.value=''; q.dispatchEvent(new Event('input'))")
    largest = b.eval("JSON.parse(document.getElementById('nf-index').textContent)"
                     ".reduce(function(a,s){return s.size>a.size?s:a;}).story")
    b.eval("location.hash = '#s%d'" % largest)
    b.drain(0.5)
    rows = b.eval("document.querySelectorAll('tr.source').length")
    t5 = time.time()
    check(rows > 1, "big: the largest story opens (%d sources)" % rows)
    # the side-by-side view opens on the pair sharing the longest passage
    chosen, longest = b.eval("""(function(){var st=JSON.parse(document.getElementById('s%d').textContent);
        function l(p){return p.spans.reduce(function(m,s){return s[5]?m:Math.max(m,s[1]-s[0]);},0);}
        var a=+document.getElementById('nf-a').value,b=+document.getElementById('nf-b').value,c=0,m=0;
        st.pairs.forEach(function(p){m=Math.max(m,l(p));if((p.a===a&&p.b===b)||(p.a===b&&p.b===a))c=l(p);});
        return [c,m];})()""" % largest)
    check(longest > 0 and chosen == longest,
          "big: side by side opens on the longest shared passage (%d of %d bytes)" % (chosen, longest))
    more = b.eval("document.querySelectorAll('details.more').length")
    check(more > 0, "big: long carrier lists collapse (%d 'and N more')" % more)
    # beyond the budget: a story with its digest only, and one listed only, open with a note
    def first_of(detail):
        return b.eval("(JSON.parse(document.getElementById('nf-index').textContent)"
                      ".filter(function(s){return s.detail===%s;})[0]||{story:-1}).story"
                      % json.dumps(detail))
    dg, no = first_of("digest"), first_of("none")
    b.eval("location.hash = '#s%d'" % dg)
    b.drain(0.3)
    check(dg >= 0 and b.eval("document.querySelectorAll('tr.source').length") > 0 and
          "not in this report" in b.eval("document.querySelector('.side').textContent"),
          "big: a story kept as a digest opens with its sources, its texts said to be left out")
    b.eval("location.hash = '#s%d'" % no)
    b.drain(0.3)
    check(no >= 0 and len(b.eval("document.querySelector('h2.headline').textContent")) > 0 and
          "not in this report" in b.eval("document.getElementById('view').textContent"),
          "big: a story only listed opens with its headline and a note")
    b.screenshot(os.path.join(shots, "big.png"))
    clean_page(b, url, "big")
    print("timings: report %.1f s (%.1f MB); open %.1f s; search %.2f s; largest story %.2f s"
          % (t1 - t0, size / 1e6, t2 - t1, t4 - t3, t5 - t4), file=sys.stderr)
finally:
    b.close()
