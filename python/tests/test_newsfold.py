"""Tests of the newsfold module (run by tests/cli/python.sh against the installed package).

The seed articles are read from $SHARED_DIR/seeds (default: the shared directory beside the
checkout). What the store makes of them is what `newsfold add` + `newsfold stories --store`
make of the seed files: one story, id 1, holding all five, the wire copies 000, 001 and 003 one
copy family.
"""

import datetime
import os
import re
from pathlib import Path

import pytest

import newsfold

SEEDS = Path(os.environ.get("SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")) / "seeds"
SEED_IDS = [
    "000_178ba02bec22a9d6",
    "001_12ddc46b96732547",
    "002_5a5e7912455ecedf",
    "003_2bd3702770134baa",
    "004_2422c1bc8e90a2b2",
]
WIRE = ["000_178ba02bec22a9d6", "001_12ddc46b96732547", "003_2bd3702770134baa"]

LONG = (
    "The city council voted on Tuesday to approve a new budget for public transport, adding "
    "forty electric buses to the fleet and extending the night service on three lines. The "
    "mayor said the plan would cut waiting times by a third and that the buses would arrive "
    "before the end of next year. Opposition members criticised the cost of the programme."
)
OTHER = (
    "Heavy rain flooded several villages in the northern valley overnight, forcing hundreds of "
    "residents to leave their homes. Rescue teams used boats to reach families trapped on the "
    "upper floors, and the regional government opened three emergency shelters in schools."
)


def seed_records():
    recs = []
    for p in sorted(SEEDS.glob("*.txt")):
        raw = p.read_text(encoding="utf-8")
        m = re.match(r" ?date (\d{4}-\d{2}-\d{2}) ", raw)
        assert m, p
        recs.append({"id": p.stem, "date": m.group(1), "text": raw[m.end() :]})
    return recs


@pytest.fixture
def seeded(tmp_path):
    s = newsfold.Store(tmp_path / "news.store")
    st = s.add(seed_records())
    assert st["added"] == 5 and st["rejected"] == 0 and st["seq"] == 1
    yield s
    s.close()


def test_library_version():
    assert newsfold.library_version() == "0.1.0"


def test_module_and_library_loaded():
    from newsfold import _lib

    assert os.path.isfile(_lib.path)
    if os.environ.get("NEWSFOLD_TEST_INSTALLED"):  # tests/cli/python.sh: the installed package
        src = Path(__file__).resolve().parents[1]
        assert src not in Path(newsfold.__file__).resolve().parents
        assert Path(_lib.path).parent == Path(newsfold.__file__).parent


def test_clean_known_sentence():
    got = newsfold.clean(
        "Washington (AP) \u2014 The senate passed the bill on Tuesday.  It was late.\n\nBy John Smith"
    )
    assert got["text"] == (
        "Washington (AP) \u2014 The senate passed the bill on Tuesday. It was late.\n\nBy John Smith"
    )
    assert got["paragraphs"] == [[0, 72], [74, 87]]
    assert got["sentences"] == [[0, 58], [60, 72], [74, 87]]
    assert [b["reason"] for b in got["boilerplate"]] == ["dateline", "byline"]
    assert got["tokens"] == 15 and got["content_tokens"] == 10
    assert "id" not in got


def test_clean_offsets_are_utf8_bytes_and_repairs():
    text = "Caf\u00e9 owners said it\u00e2\u20ac\u2122s late. Prices rose again."
    got = newsfold.clean(text, id=7, tokens=True)
    assert got["id"] == 7
    raw = text.encode("utf-8")
    s0, e0 = got["sentences"][0]
    assert raw[s0:e0].decode("utf-8").startswith("Caf\u00e9 owners")
    assert "it\u2019s" in got["text"]  # the mojibake repaired
    assert got["repairs"] and got["repairs"][0]["reason"] == "mojibake"
    assert "norm" in got and "token_list" in got


def test_clean_wrong_argument():
    with pytest.raises(TypeError):
        newsfold.clean(b"bytes")


def test_dedup_keeps_one_of_two_near_identical():
    a = {"id": "a", "text": LONG}
    b = {"id": "b", "text": LONG.replace("Tuesday", "Wednesday"), "source": "copy"}
    kept = list(newsfold.dedup([a, b], threshold=0.8))
    assert len(kept) == 1 and (kept[0] is a or kept[0] is b)


def test_dedup_keeps_both_of_two_different():
    a = {"id": 1, "text": LONG}
    b = {"id": 2, "text": OTHER}
    kept = list(newsfold.dedup(iter([a, b])))
    assert len(kept) == 2 and kept[0] is a and kept[1] is b


def test_dedup_arguments_and_rejects():
    with pytest.raises(ValueError):
        newsfold.dedup([], threshold=1.5)
    with pytest.raises(TypeError):
        newsfold.dedup("not records")
    with pytest.raises(ValueError):
        newsfold.dedup([{"id": "x"}])
    with pytest.raises(newsfold.Error) as e:
        newsfold.dedup([{"id": "x", "text": LONG}, {"id": "y", "text": "  "}])
    assert e.value.record == 2 and e.value.id == "y" and e.value.reason == "empty"
    assert "record 2" in str(e.value)
    assert list(newsfold.dedup([])) == []


def test_store_seeds_make_one_story(seeded):
    stories = list(seeded.stories())
    assert len(stories) == 1
    st = stories[0]
    assert st["story"] == 1 and st["size"] == 5
    assert sorted(st["members"]) == SEED_IDS
    assert st["families"] == [WIRE]
    assert list(seeded.families()) == [WIRE]


def test_store_second_add_keeps_story_ids(seeded):
    seeds = {r["id"]: r for r in seed_records()}
    new = {
        "id": "follow-up",
        "date": datetime.date(2025, 10, 17),
        "title": "Trump and Putin plan Budapest summit after phone call",
        "text": seeds["004_2422c1bc8e90a2b2"]["text"][:1500],
        "source": "Example Wire",
    }
    other = {"id": 99, "date": "2025-10-17", "text": OTHER}
    st = seeded.add([new, other])
    assert st["seq"] == 2 and st["added"] == 2
    stories = {s["story"]: s for s in seeded.stories()}
    assert 1 in stories
    assert set(SEED_IDS) | {"follow-up"} == set(stories[1]["members"])
    assert any(s["members"] == [99] for s in stories.values())
    events = list(seeded.events(after=1))
    assert events and all(e["seq"] == 2 for e in events)
    assert {"story": 1, "event": "grew"}.items() <= next(e for e in events if e["story"] == 1).items()
    assert seeded.last_seq == 2


def test_store_event_feed(seeded):
    events = list(seeded.events())
    assert events == [{"seq": 1, "story": 1, "event": "created", "other": None, "size": 5}]
    assert list(seeded.events(after=1)) == []


def test_store_links_with_spans(seeded):
    texts = {r["id"]: r["text"].encode("utf-8") for r in seed_records()}
    links = list(seeded.links())
    kinds = {(l["a"], l["b"]): l["kind"] for l in links}
    assert kinds[("000_178ba02bec22a9d6", "003_2bd3702770134baa")] == "copy"
    assert ("002_5a5e7912455ecedf", "004_2422c1bc8e90a2b2") not in kinds
    for l in links:
        assert l["spans"]
        for sp in l["spans"]:
            a = texts[l["a"]][sp["a_start"] : sp["a_end"]]
            b = texts[l["b"]][sp["b_start"] : sp["b_end"]]
            assert a and b


def test_store_digests(seeded):
    (d,) = list(seeded.digests())
    assert d["story"] == 1
    assert "Putin" in d["digest"]["headline"]["text"]
    assert {s["id"] for s in d["digest"]["sources"]} == set(SEED_IDS)
    seeded.check()


def test_store_error_at_impossible_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(newsfold.Error) as e:
        newsfold.Store(blocker / "news.store")
    assert str(blocker) in str(e.value) and e.value.code < 0 and e.value.name.startswith("NF_E")
    with pytest.raises(newsfold.Error) as e:
        newsfold.Store(tmp_path / "missing", create=False)
    assert e.value.name == "NF_ENOENT" and "missing" in str(e.value)


def test_store_add_reject_is_all_or_nothing(tmp_path):
    with newsfold.Store(tmp_path / "s") as s:
        good = {"id": "g", "text": LONG}
        with pytest.raises(newsfold.Error) as e:
            s.add([good, {"id": "e", "text": ""}])
        assert e.value.id == "e" and e.value.reason == "empty"
        assert s.last_seq == 0 and list(s.stories()) == []
        st = s.add([good, {"id": "e", "text": ""}], rejects="skip")
        assert st["added"] == 1 and st["rejected"] == 1 and "id 'e'" in st["rejects"][0]
        assert [x["members"] for x in s.stories()] == [["g"]]


def test_store_wrong_arguments(tmp_path):
    s = newsfold.Store(tmp_path / "s")
    with pytest.raises(TypeError):
        s.add([["id", "text"]])
    with pytest.raises(TypeError):
        s.add([{"id": 1.5, "text": "x"}])
    with pytest.raises(ValueError):
        s.add([{"text": "no id"}])
    with pytest.raises(TypeError):
        list(s.stories(since="yesterday"))
    s.close()
    with pytest.raises(ValueError):
        list(s.stories())


def test_store_close_ends_open_iterators(seeded):
    it = seeded.stories()
    assert next(it)["story"] == 1
    events = seeded.events()
    seeded.close()
    with pytest.raises(StopIteration):
        next(it)
    with pytest.raises(StopIteration):
        next(events)
    with pytest.raises(ValueError):
        next(seeded.events())
    seeded.close()
