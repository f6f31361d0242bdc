#!/usr/bin/env bash
# The options each command accepts, its --help and the man page agree: per command, the options
# its parser in cli/ knows (string literals compared with the argument) are the options its
# --help names, and the man page describes each of them.
. "$(dirname "$0")/lib.sh"

for c in clean dedup reuse stories digest report compare eval add events check remove expire; do
	must "$c --help" "$NF" "$c" --help >"$T/help-$c.txt"
done
pycheck /dev/stdin "$TOP" "$T" <<'PY'
import re, sys
top, tmp = sys.argv[1], sys.argv[2]
OPT = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|--\*-field|-[a-zA-Z])(?![\w-])")
FIELDS = {"--%s-field" % f for f in ("id", "text", "title", "source", "url", "date")}
def opts(text):
    # mentions of other commands' options and of other programs' are not this command's
    text = text.replace("dedup --pairs", "dedup").replace("python3 -m json.tool --json-lines", "")
    found = set(OPT.findall(text))
    if "--*-field" in found:
        found = (found - {"--*-field"}) | FIELDS
    return found - {"--help", "-h"}
def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)

# the parsers: literals compared with the argument (strcmp/is_opt/INT_OPT/value names)
def parser(path):
    src = open(top + "/cli/" + path, encoding="utf-8").read()
    return {m for m in re.findall(r'"(--?[a-zA-Z][a-z0-9-]*)"', src)} - {"--help", "-h"}
common = parser("opts.c") - {"--threads", "--output", "--quiet"} | {"-j", "-o", "-q"}
common_long = {"--threads", "--output", "--quiet"}
accepts = {
    "clean": parser("cmd_clean.c") | common,
    "dedup": parser("cmd_dedup.c") | common,
    "reuse": parser("cmd_reuse.c") | common,
    "stories": parser("cmd_stories.c") - {"--title", "--summary-bytes", "--summary-words", "--max-size"} | common,
    "compare": parser("cmd_compare.c") | {"--max-line", "--auto-id", "-q"} | FIELDS,
    "eval": parser("cmd_eval.c"),
}
accepts["compare"] -= {"--threads", "--output", "--rejects", "--stats-json", "--max-errors",
                       "--strict", "-o"}  # refused by compare (see applies() in cmd_compare.c)
store = parser("cmd_store.c")
accepts["add"] = {"--store", "--stages"} | common - {"-o"}
accepts["events"] = {"--store", "--after"}
accepts["check"] = {"--store"}
accepts["remove"] = {"--store", "-q"}
accepts["expire"] = {"--store", "--before", "-q"}
assert {"--store", "--stages", "--after"} <= store, store
accepts["digest"] = accepts["stories"] | {"--summary-bytes", "--summary-words"}
accepts["report"] = accepts["digest"] | {"--title", "--max-size"}
help = {c: opts(open("%s/help-%s.txt" % (tmp, c), encoding="utf-8").read()) - common_long
        for c in accepts}
# digest and report take the options of stories (their --help says so)
for c in ("digest", "report"):
    check("those of newsfold stories" in open("%s/help-%s.txt" % (tmp, c)).read(),
          "%s --help refers to the options of stories" % c)
    help[c] |= help["stories"]
for c in sorted(accepts):
    check(accepts[c] - help[c] == set(), "%s: every option it accepts is in --help (missing %s)"
          % (c, sorted(accepts[c] - help[c])))
    check(help[c] - accepts[c] == set(), "%s: every option --help names is accepted (not: %s)"
          % (c, sorted(help[c] - accepts[c])))

# the man page: the common OPTIONS, each command's "options" section, and the Commands entries
man = open(top + "/docs/newsfold.1", encoding="utf-8").read()
man = re.sub(r"\\f[BIRP]", "", man).replace("\\-", "-")
def section(start, stops=(".SS", ".SH")):
    i = man.index(start) + len(start)
    j = min([k for k in (man.find(s, i) for s in stops) if k >= 0] + [len(man)])
    return man[i:j]
shared = opts(section(".SH OPTIONS\n"))
documented = {c: set(shared) for c in accepts}
for c in ("clean", "dedup", "reuse", "stories", "compare"):
    documented[c] |= opts(section(".SS %s options\n" % c))
documented["digest"] |= documented["stories"]
documented["report"] |= documented["stories"] | opts(section(".B report\n", (".TP",)))
documented["eval"] = opts(section(".B eval ", (".TP",)))
documented["add"] = shared | opts(section(".B add ", (".TP",)))
documented["events"] = opts(section(".B events ", (".TP",)))
documented["check"] = opts(section(".B check ", (".TP",)))
documented["remove"] = opts(section(".B remove ", (".TP",))) | {"-q"}
documented["expire"] = opts(section(".B expire ", (".TP",))) | {"-q"}
for c in sorted(accepts):
    check(help[c] - documented[c] == set(), "%s: the man page describes every option of --help "
          "(not: %s)" % (c, sorted(help[c] - documented[c])))
PY
finish
