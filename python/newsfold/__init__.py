"""newsfold: news articles into stories - Python binding of libnewsfold (ctypes).

    import newsfold
    newsfold.clean("Washington (AP) - The senate passed the bill.")["text"]
    kept = list(newsfold.dedup(records, threshold=0.8))
    with newsfold.Store("news.store") as store:
        store.add(records)                  # dicts: id, text; title, date, url, source
        for story in store.stories():       # {"story": 1, "members": [...], ...}
            ...

Records are dicts with "id" (str or int) and "text" (str), and optionally "title", "date"
(an ISO 8601 / RFC 2822 string, or a datetime.date), "url" and "source" (strings). They go into
the library the way it reads articles: each call writes them as JSON lines to a temporary file
(removed before the call returns) and hands the library that file, since the library's add and
dedup read their input from paths. Outputs are the JSON lines the library writes, parsed.

Offsets (spans, paragraphs, sentences, boilerplate) are byte offsets into the text encoded as
UTF-8, as everywhere in newsfold: text.encode()[start:end].

Failures of the library raise newsfold.Error, with the library's message; wrong arguments raise
TypeError or ValueError. The library runs without the GIL held, so distinct Store objects (and
the module functions) may be used from several threads; one Store must not be used by two
threads at once.
"""

import ctypes
import datetime
import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Mapping

from . import _lib as L

__all__ = ["Error", "Store", "clean", "dedup", "library_version", "__version__"]
__version__ = "0.1.0"

_c = L.lib
_OPTIONAL = ("title", "date", "url", "source")


class Error(Exception):
    """A failure reported by libnewsfold: str(e) is the library's message, e.code its negative
    NF_E* status and e.name the code's name ("NF_ENOENT", ...). A rejected record also carries
    e.record (its 1-based position in the records given), e.id and e.reason ("empty", ...)."""

    def __init__(self, message, code=0, record=None, id=None):
        super().__init__(message)
        self.code = code
        self.name = _c.nf_errname(code).decode() if code else ""
        self.reason = _c.nf_errreason(code).decode() if code else ""
        self.record = record
        self.id = id


def library_version():
    """The version of the loaded libnewsfold (nf_version), e.g. "0.1.0"."""
    return _c.nf_version().decode()


def _fail(rc, message=None):
    msg = message or _c.nf_strerror(rc).decode()
    raise Error(msg, rc)


def _record_line(i, rec):
    if not isinstance(rec, Mapping):
        raise TypeError(f"record {i}: a dict is wanted, not {type(rec).__name__}")
    if "id" not in rec or "text" not in rec:
        raise ValueError(f"record {i}: needs 'id' and 'text'")
    rid = rec["id"]
    if isinstance(rid, bool) or not isinstance(rid, (str, int)):
        raise TypeError(f"record {i}: 'id' must be a str or an int, not {type(rid).__name__}")
    if not isinstance(rec["text"], str):
        raise TypeError(f"record {i}: 'text' must be a str, not {type(rec['text']).__name__}")
    out = {"id": rid, "text": rec["text"]}
    for k in _OPTIONAL:
        v = rec.get(k)
        if v is None:
            continue
        if k == "date" and isinstance(v, (datetime.date, datetime.datetime)):
            v = v.isoformat()
        if not isinstance(v, str):
            raise TypeError(f"record {i}: '{k}' must be a str, not {type(v).__name__}")
        out[k] = v
    try:
        return (json.dumps(out, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"record {i}: not encodable as UTF-8: {e}") from None


class _Records:
    """The records of one call written to a temporary JSONL file (removed by close())."""

    def __init__(self, records):
        if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
            raise TypeError("records: an iterable of dicts is wanted")
        self.dir = tempfile.TemporaryDirectory(prefix="newsfold-")
        self.path = os.path.join(self.dir.name, "records.jsonl")
        self.records = []
        try:
            with open(self.path, "wb") as f:
                for i, rec in enumerate(records, 1):
                    f.write(_record_line(i, rec))
                    self.records.append(rec)
        except BaseException:
            self.close()
            raise

    def reject(self, item):
        """An Error for a rejected record (an nf_feed_item with rc < 0)."""
        e = item.err
        n = int(e.line)
        rid = self.records[n - 1].get("id") if 1 <= n <= len(self.records) else None
        where = f"record {n}" + (f" (id {rid!r})" if rid is not None else "")
        return Error(f"{where}: {e.message.decode('utf-8', 'replace')}", item.rc, n, rid)

    def close(self):
        self.dir.cleanup()


def clean(text, *, id=None, tokens=False):
    """Cleans one text as `newsfold clean` does and returns its record: "text" (the cleaned
    text), "tokens" and "content_tokens" (counts), "paragraphs" and "sentences" ([start, end]
    byte offsets into the original text's UTF-8), "boilerplate" and "repairs" ({start, end,
    reason}); with tokens=True also "norm" (the normalized tokens joined by spaces) and
    "token_list" ([start, end, normalized form, flags]). "id" is there when given."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if id is not None and (isinstance(id, bool) or not isinstance(id, (str, int))):
        raise TypeError("id must be a str or an int")
    data = text.encode("utf-8", "surrogatepass")
    c = ctypes.c_void_p()
    rc = _c.nf_cleaner_new(ctypes.byref(c), None)
    if rc:
        _fail(rc)
    buf = L.Buf()
    _c.nf_buf_init(ctypes.byref(buf))
    try:
        out = L.Cleaned()
        rc = _c.nf_clean(c, data, len(data), ctypes.byref(out))
        if rc:
            _fail(rc)
        doc = L.Doc()
        idb = str(id).encode() if id is not None else b""
        ids = ctypes.create_string_buffer(idb, len(idb) + 1)
        doc.id = L.Str(ctypes.cast(ids, ctypes.c_void_p), len(idb))
        doc.id_is_number = isinstance(id, int)
        txt = ctypes.create_string_buffer(data, len(data) + 1)
        doc.text = L.Str(ctypes.cast(txt, ctypes.c_void_p), len(data))
        doc.date = L.NF_NO_DATE
        doc.format = L.NF_FORMAT_JSONL
        flags = 3 if tokens else 0  # NF_JSON_TOKENS | NF_JSON_NORM
        rc = _c.nf_write_clean_json(ctypes.byref(buf), ctypes.byref(doc), ctypes.byref(out), flags)
        if rc:
            _fail(rc)
        rec = json.loads(buf.bytes())
    finally:
        _c.nf_buf_release(ctypes.byref(buf))
        _c.nf_cleaner_free(c)
    if id is None:
        rec.pop("id", None)
    return rec


def dedup(records, threshold=0.8):
    """Keeps one record of each group of exact or near duplicates (word 5-gram Jaccard
    similarity of the cleaned texts at least `threshold`), as `newsfold dedup` does: the
    earliest dated, then the longest, then the first. Returns an iterator over the kept records
    - the caller's own dict objects - in input order. A record the library rejects (an empty
    text, an id given twice) raises Error. The records are written to a temporary JSONL file for
    the library to read (removed before this returns)."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError("threshold must be a number")
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    recs = _Records(records)
    d = ctypes.c_void_p()
    f = ctypes.c_void_p()
    buf = L.Buf()
    _c.nf_buf_init(ctypes.byref(buf))
    kept = []
    try:
        if not recs.records:
            return iter(kept)
        o = L.DupsOptionsBox()
        _c.nf_dups_options_init(ctypes.byref(o))
        o.o.threshold = float(threshold)
        rc = _c.nf_dups_new(ctypes.byref(d), ctypes.byref(o))
        if rc:
            _fail(rc)
        fo = L.opaque_options()
        _c.nf_feed_options_init(fo)
        _c.nf_dups_feed_options(d, fo)
        rc = _c.nf_feed_new(ctypes.byref(f), fo)
        if rc:
            _fail(rc)
        rc = _c.nf_feed_add(f, recs.path.encode())
        if rc:
            _fail(rc)
        box = L.FeedItemBox()
        while (rc := _c.nf_feed_next(f, ctypes.byref(box))) == 1:
            if box.it.rc < 0:
                raise recs.reject(box.it)
            rc = _c.nf_dups_add(d, ctypes.byref(box))
            if rc:
                _fail(rc)
        if rc < 0:
            _fail(rc)
        _c.nf_feed_free(f)
        f = ctypes.c_void_p()
        rc = _c.nf_dups_finish(d)
        if rc:
            _fail(rc)
        rec = L.Record()
        while (rc := _c.nf_dups_next_kept(d, ctypes.byref(buf), ctypes.byref(rec), None)) == 1:
            kept.append(recs.records[rec.line - 1])
            _c.nf_buf_reset(ctypes.byref(buf))
        if rc < 0:
            _fail(rc)
        return iter(kept)
    finally:
        _c.nf_buf_release(ctypes.byref(buf))
        _c.nf_feed_free(f)
        _c.nf_dups_free(d)
        recs.close()


class Store:
    """A newsfold store: articles, copy families and stories kept across runs, with story ids
    that stay (a directory holding newsfold.db; see docs/store.md).

        with newsfold.Store("news.store") as s:
            stats = s.add(records)          # one transaction: all of it or none
            for story in s.stories(): ...

    Store(path) creates the store when missing (create=False: Error if there is none);
    readonly=True opens it for reading only. A second writer waits up to 10 s for the lock,
    then add() raises Error (NF_EBUSY)."""

    def __init__(self, path, *, create=True, readonly=False):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError("path must be a str or a path")
        self.path = os.fspath(path)
        self._s = None
        self._iters = weakref.WeakSet()  # open iterators, ended before the store is closed
        flags = (L.NF_STORE_CREATE if create and not readonly else 0) | (
            L.NF_STORE_READONLY if readonly else 0
        )
        s = ctypes.c_void_p()
        rc = _c.nf_store_open(ctypes.byref(s), self.path.encode(), flags)
        if rc:
            msg = _c.nf_store_errmsg(s).decode("utf-8", "replace") if s else ""
            _c.nf_store_close(s)
            _fail(rc, msg)
        self._s = s

    def close(self):
        """Closes the store (idempotent). Iterators still open on it are ended first."""
        if self._s:
            for g in list(self._iters):
                g.close()
            _c.nf_store_close(self._s)
            self._s = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone already
            pass

    def _handle(self):
        if not self._s:
            raise ValueError("the store is closed")
        return self._s

    def _raise(self, rc):
        msg = _c.nf_store_errmsg(self._s).decode("utf-8", "replace") if self._s else ""
        _fail(rc, msg)

    @property
    def last_seq(self):
        """The number of the last add (0 for a new store)."""
        return _c.nf_store_last_seq(self._handle())

    def add(self, records, *, rejects="raise"):
        """Adds articles (dicts: "id", "text"; optionally "title", "date", "url", "source") in one
        transaction: their copies of everything stored, the stories they join or open, the
        digests of the stories that changed, the passages they share. An id already stored comes
        back as a new version when its text changed. A record the library rejects (empty text,
        an id given twice in the call, ...) raises Error and nothing is added; rejects="skip"
        leaves such records out instead (they are counted in "rejected" and described in
        "rejects"). Returns the add's counters: seq, records, rejected, added, updated,
        unchanged, duplicates, reuse_pairs, removed, reclustered, created, grew, merged, split,
        changed, removed_stories (story events), and rejects (a list of messages).
        The records are written to a temporary JSONL file for the library to read (removed
        before this returns)."""
        if rejects not in ("raise", "skip"):
            raise ValueError("rejects must be 'raise' or 'skip'")
        s = self._handle()
        recs = _Records(records)
        a = ctypes.c_void_p()
        skipped = []
        try:
            o = L.opaque_options()
            _c.nf_add_options_init(o)
            rc = _c.nf_add_begin(ctypes.byref(a), s, o)
            if rc:
                self._raise(rc)
            if recs.records:
                rc = _c.nf_add_input(a, recs.path.encode())
                if rc:
                    self._raise(rc)
            box = L.FeedItemBox()
            while (rc := _c.nf_add_read(a, ctypes.byref(box))) == 1:
                if box.it.rc < 0:
                    e = recs.reject(box.it)
                    if rejects == "raise":
                        raise e  # the add is rolled back by nf_add_free
                    skipped.append(str(e))
            if rc < 0:
                self._raise(rc)
            st = L.AddStatsBox()
            rc = _c.nf_add_commit(a, ctypes.byref(st))
            if rc:
                self._raise(rc)
            out = {name: getattr(st.st, name) for name, _ in L.AddStats._fields_}
            out["rejects"] = skipped
            return out
        finally:
            _c.nf_add_free(a)
            recs.close()

    def remove(self, ids):
        """Removes stored articles by id (takedowns) in one add; their families and stories are
        redone. An id not stored raises Error (NF_ENOENT) and nothing is removed. Returns the
        add's counters as add() does."""
        if isinstance(ids, (str, int)):
            ids = [ids]
        s = self._handle()
        a = ctypes.c_void_p()
        try:
            o = L.opaque_options()
            _c.nf_add_options_init(o)
            rc = _c.nf_add_begin(ctypes.byref(a), s, o)
            if rc:
                self._raise(rc)
            for i in ids:
                if isinstance(i, bool) or not isinstance(i, (str, int)):
                    raise TypeError("ids must be str or int")
                b = str(i).encode()
                rc = _c.nf_add_remove(a, b, len(b))
                if rc:
                    self._raise(rc)
            st = L.AddStatsBox()
            rc = _c.nf_add_commit(a, ctypes.byref(st))
            if rc:
                self._raise(rc)
            out = {name: getattr(st.st, name) for name, _ in L.AddStats._fields_}
            out["rejects"] = []
            return out
        finally:
            _c.nf_add_free(a)

    def _lines(self, opener, q):
        g = self._gen_lines(opener, q)
        self._iters.add(g)
        return g

    def _gen_lines(self, opener, q):
        s = self._handle()
        it = ctypes.c_void_p()
        rc = opener(s, ctypes.byref(q), ctypes.byref(it))
        if rc:
            self._raise(rc)
        try:
            line = L.Str()
            while (rc := _c.nf_store_next(it, ctypes.byref(line))) == 1:
                yield json.loads(line.bytes())
            if rc < 0:
                self._raise(rc)
        finally:
            _c.nf_store_iter_free(it)

    @staticmethod
    def _query(since=None, story=None, digest=False, after=0):
        q = L.StoreQuery()
        q.since = L.NF_NO_DATE
        if since is not None:
            if isinstance(since, datetime.datetime):
                if since.tzinfo is None:
                    since = since.replace(tzinfo=datetime.timezone.utc)
                q.since = int(since.timestamp())
            elif isinstance(since, datetime.date):
                q.since = int(
                    datetime.datetime(since.year, since.month, since.day, tzinfo=datetime.timezone.utc).timestamp()
                )
            elif isinstance(since, int) and not isinstance(since, bool):
                q.since = since
            else:
                raise TypeError("since: a datetime, a date or Unix seconds")
        if story is not None and (isinstance(story, bool) or not isinstance(story, int)):
            raise TypeError("story must be an int")
        q.story = -1 if story is None else story
        q.digest = bool(digest)
        if isinstance(after, bool) or not isinstance(after, int):
            raise TypeError("after must be an int")
        q.after = after
        return q

    def stories(self, *, since=None, story=None, digest=False):
        """Yields the stored stories, by (first date, id), as `newsfold stories --store` writes
        them: {"story" (its id, stable across adds), "size", "first", "last", "members" (the ids
        as given), "families" (lists of ids: copy families of two or more), "terms", "names"},
        with "digest" when digest=True. since: only stories whose latest article is at or after
        this date (datetime, date or Unix seconds); story: that one story (or the one it was
        merged into)."""
        q = self._query(since, story, digest)
        return self._lines(_c.nf_store_stories, q)

    def families(self, **query):
        """Yields the copy families (exact and near duplicates, copies and partial copies found
        by aligning passages) of two or more articles, as lists of ids, story by story (a family
        never spans two stories). Takes stories()'s since and story."""
        for st in self.stories(**query):
            yield from st.get("families", [])

    def digests(self, **query):
        """Yields {"story": id, "digest": {...}} for each story (see stories() for since and
        story): the digest's headline, summary, quotes with speakers, sources with their roles,
        timeline and names, as `newsfold digest --store` writes them."""
        for st in self.stories(digest=True, **query):
            yield {"story": st["story"], "digest": st.get("digest")}

    def events(self, after=0):
        """Yields the story events of the adds after number `after`, in order: {"seq" (the add),
        "story", "event" (created, grew, merged, split, updated, ...), "other", "size"}."""
        return self._lines(_c.nf_store_events, self._query(after=after))

    def links(self):
        """Yields the pairs of stored articles that share text: {"a", "b" (ids as given),
        "kind"}: "exact" or "near" duplicates (with "score", their Jaccard similarity), or, from
        the passage-reuse stage, "copy", "partial" or "quote" (with "coverage_a", "coverage_b",
        "source" (the id of the likely original, or None) and "spans", the aligned passages
        with byte offsets into each text, as `newsfold reuse` writes them).

        libnewsfold has no iterator for these: they are read, read-only, from the store's
        SQLite tables `links` and `reuse`, whose schema docs/store.md documents for users."""
        self._handle()
        db = os.path.join(self.path, "newsfold.db")
        uri = "file:" + _quote_path(db) + "?mode=ro"
        try:
            con = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as e:
            raise Error(f"{db}: {e}", L.NF_EIO) from None
        try:
            ids = {}
            for num, aid, isnum in con.execute("SELECT num, id, id_is_number FROM articles"):
                ids[num] = int(aid) if isnum else aid
            for a, b, kind, score in con.execute("SELECT a, b, kind, score FROM links ORDER BY a, b"):
                yield {"a": ids.get(a), "b": ids.get(b), "kind": kind, "score": score}
            q = "SELECT a, b, relation, coverage_a, coverage_b, source, spans FROM reuse ORDER BY a, b"
            for a, b, rel, ca, cb, src, spans in con.execute(q):
                yield {
                    "a": ids.get(a),
                    "b": ids.get(b),
                    "kind": rel,
                    "coverage_a": ca,
                    "coverage_b": cb,
                    "source": ids.get(src) if src is not None else None,
                    "spans": json.loads(spans) if spans else [],
                }
        finally:
            con.close()

    def check(self):
        """Checks the store's integrity; raises Error saying what is wrong."""
        rc = _c.nf_store_check(self._handle())
        if rc:
            self._raise(rc)


def _quote_path(p):
    from urllib.parse import quote

    return quote(os.path.abspath(p))
