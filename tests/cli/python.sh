#!/usr/bin/env bash
# The Python module (python/): `pip install --no-build-isolation ./python` into a fresh venv
# (--system-site-packages: Debian's setuptools and pytest, no network), then its pytest tests
# run from outside the source tree, without LD_LIBRARY_PATH, against the installed package
# (each pytest test is one check), and the module's stories of the seeds equal the command's.
# The interpreter is Debian's (python3-venv, python3-setuptools, python3-pytest): $NF_PYTHON,
# else /usr/bin/python3.
. "$(dirname "$0")/lib.sh"

PY=${NF_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1

# The package copies the release library: build it (a no-op when it is up to date).
must "make BUILD=release lib" make -s -C "$TOP" BUILD=release lib >"$T/make.log" 2>&1 ||
	tail -n 20 "$T/make.log" >&2
must "venv" "$PY" -m venv --system-site-packages "$T/venv" >"$T/venv.log" 2>&1 ||
	tail -n 20 "$T/venv.log" >&2
must "pip install --no-build-isolation ./python" \
	bash -c 'cd "$TOP" && "$1"/bin/pip install -q --no-build-isolation ./python' _ "$T/venv" \
	>"$T/pip.log" 2>&1 || tail -n 20 "$T/pip.log" >&2
vpy=$T/venv/bin/python
site=$("$vpy" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' 2>/dev/null)
check "the package holds its library" test -f "$site/newsfold/libnewsfold.so.0"

# Everything from here runs in a directory outside the checkout, without LD_LIBRARY_PATH.
mkdir -p "$T/away"
cd "$T/away" || exit 1
run() { env -u LD_LIBRARY_PATH -u NEWSFOLD_LIBRARY "$@"; }
where=$(run "$vpy" -c 'import newsfold, newsfold._lib as L; print(newsfold.__file__); print(L.path)' 2>&1)
check_eq "the installed module is imported, with its own library" "$where" \
	"$site/newsfold/__init__.py
$site/newsfold/libnewsfold.so.0"
check "NEWSFOLD_LIBRARY overrides the library (a missing one is an ImportError saying so)" \
	bash -c 'env NEWSFOLD_LIBRARY=/nonexistent/libnewsfold.so.0 "$1" -c "import newsfold" 2>&1 |
		grep -q "ImportError: newsfold: cannot load libnewsfold (/nonexistent/libnewsfold.so.0)"' _ "$vpy"
check_eq "the module never runs a command" \
	"$(grep -lE '\b(subprocess|os\.system|os\.popen|os\.exec)' "$site"/newsfold/*.py)" ""

# The stories of the seeds through the module equal `newsfold add` + `newsfold stories --store`.
must "newsfold add (seeds)" "$NF" add --store "$T/cli.store" "$SHARED_DIR"/seeds/0*.txt 2>/dev/null
"$NF" stories --store "$T/cli.store" >"$T/cli.stories"
cat >"$T/seeds.py" <<'PY'
import json, os, re, sys
import newsfold
seeds = os.path.join(os.environ["SHARED_DIR"], "seeds")
recs = []
for name in sorted(os.listdir(seeds)):
    if name.endswith(".txt"):
        raw = open(os.path.join(seeds, name), encoding="utf-8").read()
        m = re.match(r" ?date (\d{4}-\d{2}-\d{2}) ", raw)
        recs.append({"id": name[:-4], "date": m.group(1), "text": raw[m.end():]})
with newsfold.Store(sys.argv[1]) as s:
    s.add(recs)
    got = list(s.stories())
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
print("ok: same stories as the command" if got == want and len(got) == 1
      else "FAIL: stories differ: %r / %r" % (got, want))
PY
out=$(run "$vpy" "$T/seeds.py" "$T/py.store" "$T/cli.stories" 2>&1)
tally "$out"
[ "$tallied" -eq 1 ] || fail "the seeds' stories: no verdict"

# pytest: each test one check (its -rA summary lines).
out=$(NEWSFOLD_TEST_INSTALLED=1 run "$vpy" -m pytest -q -rA -p no:cacheprovider "$TOP/python/tests" 2>&1)
rc=$?
n=0
while IFS= read -r line; do
	case $line in
	PASSED\ *)
		ok
		n=$((n + 1))
		;;
	FAILED\ * | ERROR\ *)
		fail "pytest: ${line#* }"
		n=$((n + 1))
		;;
	esac
done <<<"$out"
if [ "$rc" -ne 0 ] || [ "$n" -eq 0 ]; then
	fail "pytest exited $rc after $n tests"
	printf '%s\n' "$out" | tail -n 40 >&2
fi
finish
