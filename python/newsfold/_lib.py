"""ctypes declarations of the part of libnewsfold's public API (include/newsfold.h) the module uses.

The library is loaded by absolute path: $NEWSFOLD_LIBRARY when set, else the copy installed
beside this file (setup.py puts build/release/libnewsfold.so.0 there), else the system's
libnewsfold.so.0 (make install). LD_LIBRARY_PATH is never needed.

Structures the module reads or fills field by field are mirrored here exactly as the header
declares them; option structures it only passes along (nf_add_options, nf_feed_options) are
opaque buffers filled by their *_init function, far larger than the structures themselves, so
that a field added to them in C cannot overrun Python's memory.
"""

import ctypes
import ctypes.util
import os
from ctypes import (
    POINTER,
    Structure,
    c_bool,
    c_char,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint,
    c_uint64,
    c_void_p,
)

NF_NO_DATE = -(2**63)
NF_STORE_CREATE = 1 << 0
NF_STORE_READONLY = 1 << 1
NF_FORMAT_JSONL = 1
NF_ENOENT = -4
NF_EINVAL = -2
NF_EIO = -3


class Str(Structure):  # nf_str
    _fields_ = [("ptr", c_void_p), ("len", c_size_t)]

    def bytes(self):
        return ctypes.string_at(self.ptr, self.len) if self.len else b""


class Buf(Structure):  # nf_buf
    _fields_ = [("data", c_void_p), ("len", c_size_t), ("cap", c_size_t), ("oom", c_bool)]

    def bytes(self):
        return ctypes.string_at(self.data, self.len) if self.len else b""


class Err(Structure):  # nf_error
    _fields_ = [
        ("code", c_int),
        ("file", c_char_p),
        ("line", c_uint64),
        ("offset", c_uint64),
        ("message", c_char * 240),
    ]


class Record(Structure):  # nf_record
    _fields_ = [
        ("data", c_void_p),
        ("len", c_size_t),
        ("file", c_char_p),
        ("line", c_uint64),
        ("offset", c_uint64),
        ("format", c_int),
    ]


class Sketch(Structure):  # nf_sketch
    _fields_ = [
        ("exact_hi", c_uint64),
        ("exact_lo", c_uint64),
        ("shingles", c_void_p),
        ("n_shingles", c_size_t),
        ("minhash", c_void_p),
        ("k", c_uint),
        ("simhash", c_uint64),
        ("n_tokens", c_size_t),
    ]


class FeedItem(Structure):  # nf_feed_item
    _fields_ = [
        ("rc", c_int),
        ("err", Err),
        ("rec", Record),
        ("id", Str),
        ("id_is_number", c_bool),
        ("date", c_int64),
        ("text_len", c_size_t),
        ("json", Str),
        ("sketch", Sketch),
        ("fingerprints", c_void_p),
        ("n_fingerprints", c_size_t),
        ("terms", c_void_p),
        ("n_terms", c_size_t),
    ]


class FeedItemBox(Structure):
    """An nf_feed_item with room to spare (the library writes the item; we read its head)."""

    _fields_ = [("it", FeedItem), ("_spare", c_uint64 * 256)]


class ArchiveRef(Structure):
    _fields_ = [
        ("file", Str),
        ("record_id", Str),
        ("digest", Str),
        ("truncated", Str),
        ("offset", c_uint64),
    ]


class Doc(Structure):  # nf_doc
    _fields_ = [
        ("id", Str),
        ("id_is_number", c_bool),
        ("text", Str),
        ("title", Str),
        ("source", Str),
        ("url", Str),
        ("date_raw", Str),
        ("date", c_int64),
        ("date_bad", c_bool),
        ("raw", Str),
        ("text_base", c_uint64),
        ("format", c_int),
        ("lang", Str),
        ("archive", ArchiveRef),
    ]


class Cleaned(Structure):  # nf_cleaned
    _fields_ = [
        ("text", c_void_p),
        ("text_len", c_size_t),
        ("paragraphs", c_void_p),
        ("n_paragraphs", c_size_t),
        ("sentences", c_void_p),
        ("n_sentences", c_size_t),
        ("tokens", c_void_p),
        ("n_tokens", c_size_t),
        ("norm", c_void_p),
        ("norm_len", c_size_t),
        ("boiler", c_void_p),
        ("n_boiler", c_size_t),
        ("repairs", c_void_p),
        ("n_repairs", c_size_t),
        ("n_content_tokens", c_size_t),
    ]


class CleanOptions(Structure):  # nf_clean_options
    _fields_ = [("no_mojibake", c_bool), ("no_boiler", c_bool), ("common", c_void_p)]


class SketchOptions(Structure):  # nf_sketch_options
    _fields_ = [
        ("ngram", c_uint),
        ("k", c_uint),
        ("seed", c_uint64),
        ("unsorted", c_bool),
        ("no_simhash", c_bool),
    ]


class DedupOptions(Structure):  # nf_dedup_options
    _fields_ = [
        ("threshold", c_double),
        ("bands", c_uint),
        ("rows", c_uint),
        ("method", c_int),
        ("hamming", c_uint),
        ("max_chain", c_uint),
    ]


class ReadOptions(Structure):  # nf_read_options
    _fields_ = [
        ("max_record", c_size_t),
        ("id_field", c_char_p),
        ("text_field", c_char_p),
        ("title_field", c_char_p),
        ("source_field", c_char_p),
        ("url_field", c_char_p),
        ("date_field", c_char_p),
        ("auto_id", c_bool),
    ]


class DupsOptions(Structure):  # nf_dups_options
    _fields_ = [
        ("sketch", SketchOptions),
        ("dedup", DedupOptions),
        ("threshold", c_double),
        ("containment", c_double),
        ("read", ReadOptions),
        ("threads", c_int),
        ("tmp_dir", c_char_p),
    ]


class DupsOptionsBox(Structure):
    _fields_ = [("o", DupsOptions), ("_spare", c_uint64 * 64)]


class StoreQuery(Structure):  # nf_store_query
    _fields_ = [
        ("since", c_int64),
        ("story", c_int64),
        ("digest", c_bool),
        ("after", c_int64),
        ("report_bytes", c_uint64),
    ]


class AddStats(Structure):  # nf_add_stats
    _fields_ = [("seq", c_int64)] + [
        (name, c_uint64)
        for name in (
            "records",
            "rejected",
            "added",
            "updated",
            "unchanged",
            "duplicates",
            "reuse_pairs",
            "removed",
            "reclustered",
            "created",
            "grew",
            "merged",
            "split",
            "changed",
            "removed_stories",
        )
    ]


class AddStatsBox(Structure):
    _fields_ = [("st", AddStats), ("_spare", c_uint64 * 64)]


def opaque_options():
    """A zeroed, 8-byte aligned buffer (64 KiB) for an option structure filled by its _init."""
    return (c_uint64 * 8192)()


def _library_path():
    env = os.environ.get("NEWSFOLD_LIBRARY")
    if env:
        return env
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libnewsfold.so.0")
    if os.path.exists(here):
        return here
    return ctypes.util.find_library("newsfold") or "libnewsfold.so.0"


def _load():
    path = _library_path()
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(
            f"newsfold: cannot load libnewsfold ({path}): {e}; reinstall the package after "
            "`make BUILD=release`, or set NEWSFOLD_LIBRARY to the library's path"
        ) from None
    P = POINTER
    sig = {
        "nf_version": (c_char_p, []),
        "nf_strerror": (c_char_p, [c_int]),
        "nf_errname": (c_char_p, [c_int]),
        "nf_errreason": (c_char_p, [c_int]),
        "nf_buf_init": (None, [P(Buf)]),
        "nf_buf_release": (None, [P(Buf)]),
        "nf_buf_reset": (None, [P(Buf)]),
        # cleaning
        "nf_cleaner_new": (c_int, [P(c_void_p), P(CleanOptions)]),
        "nf_cleaner_free": (None, [c_void_p]),
        "nf_clean": (c_int, [c_void_p, c_char_p, c_size_t, P(Cleaned)]),
        "nf_write_clean_json": (c_int, [P(Buf), P(Doc), P(Cleaned), c_uint]),
        # the feed and dedup
        "nf_feed_options_init": (None, [c_void_p]),
        "nf_feed_new": (c_int, [P(c_void_p), c_void_p]),
        "nf_feed_free": (None, [c_void_p]),
        "nf_feed_add": (c_int, [c_void_p, c_char_p]),
        "nf_feed_next": (c_int, [c_void_p, P(FeedItemBox)]),
        "nf_dups_options_init": (None, [P(DupsOptionsBox)]),
        "nf_dups_new": (c_int, [P(c_void_p), P(DupsOptionsBox)]),
        "nf_dups_free": (None, [c_void_p]),
        "nf_dups_feed_options": (None, [c_void_p, c_void_p]),
        "nf_dups_add": (c_int, [c_void_p, P(FeedItemBox)]),
        "nf_dups_finish": (c_int, [c_void_p]),
        "nf_dups_next_kept": (c_int, [c_void_p, P(Buf), P(Record), c_void_p]),
        # the store
        "nf_store_open": (c_int, [P(c_void_p), c_char_p, c_uint]),
        "nf_store_close": (None, [c_void_p]),
        "nf_store_errmsg": (c_char_p, [c_void_p]),
        "nf_store_last_seq": (c_int64, [c_void_p]),
        "nf_store_check": (c_int, [c_void_p]),
        "nf_add_options_init": (None, [c_void_p]),
        "nf_add_begin": (c_int, [P(c_void_p), c_void_p, c_void_p]),
        "nf_add_input": (c_int, [c_void_p, c_char_p]),
        "nf_add_read": (c_int, [c_void_p, P(FeedItemBox)]),
        "nf_add_remove": (c_int, [c_void_p, c_char_p, c_size_t]),
        "nf_add_commit": (c_int, [c_void_p, P(AddStatsBox)]),
        "nf_add_free": (None, [c_void_p]),
        "nf_store_stories": (c_int, [c_void_p, P(StoreQuery), P(c_void_p)]),
        "nf_store_events": (c_int, [c_void_p, P(StoreQuery), P(c_void_p)]),
        "nf_store_next": (c_int, [c_void_p, P(Str)]),
        "nf_store_iter_free": (None, [c_void_p]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    return lib, path


lib, path = _load()
