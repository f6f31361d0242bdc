/*
 * newsfold.h - the public interface of libnewsfold.
 *
 * newsfold turns a stream of news articles into stories: it reads articles, cleans their text,
 * finds copies and reused passages, and groups articles about the same event. This header is the
 * whole contract: the command-line tool, the benchmarks and the fuzz targets use nothing else.
 *
 * Conventions
 *   - Actions return int: 0 on success or a negative NF_E* code (see nf_strerror()).
 *   - Strings travel as pointer + length (nf_str) and are never assumed NUL-terminated.
 *   - Objects made by nf_<object>_new() are released by nf_<object>_free(); free(NULL) is a no-op.
 *   - The library never prints, exits or reads the environment.
 *   - Unless a function says otherwise, one object must not be used from two threads at once;
 *     distinct objects may be used concurrently.
 *   - All offsets are byte offsets into the ORIGINAL text of a document (the decoded JSON string
 *     or the file body), so every output can point at the original bytes.
 *
 * Minimal example: read everything under a directory and clean it.
 *
 *     nf_reader *r; nf_parser *p; nf_cleaner *c;
 *     nf_reader_new(&r, NULL); nf_parser_new(&p, NULL); nf_cleaner_new(&c, NULL);
 *     nf_reader_add(r, "articles/");
 *     nf_record rec; nf_doc doc; nf_cleaned out; nf_error err;
 *     int rc;
 *     while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
 *         if (rc < 0) { report(&err); continue; }          // a reject: the run goes on
 *         if (nf_parse(p, &rec, &doc, &err) < 0) { report(&err); continue; }
 *         if (nf_clean(c, doc.text.ptr, doc.text.len, &out) == 0)
 *             use(&doc, &out);
 *     }
 *     nf_cleaner_free(c); nf_parser_free(p); nf_reader_free(r);
 */
#ifndef NEWSFOLD_H
#define NEWSFOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define NF_API __attribute__((visibility("default")))
#else
#define NF_API
#endif

#define NF_VERSION_MAJOR  0
#define NF_VERSION_MINOR  1
#define NF_VERSION_PATCH  0
#define NF_VERSION_STRING "0.1.0"

/** The library's version string, e.g. "0.1.0". Never NULL. */
NF_API const char *nf_version(void);

/* ============================================================================================ */
/* Errors                                                                                       */
/* ============================================================================================ */

/*
 * One table of status codes. Each row: name, value, message, reason (the short name rejects
 * carry). NF_ENOMEM..NF_ENOENT and NF_ELIMIT and later are failures of the call itself;
 * NF_EJSON..NF_ECORRUPT describe a bad input record (a "reject"); NF_EIO and NF_ENOENT are also
 * the rejects of inputs that cannot be read.
 */
#define NF_ERROR_TABLE(X)                                                                          \
	X(NF_OK, 0, "success", "ok")                                                               \
	X(NF_ENOMEM, -1, "out of memory", "out-of-memory")                                         \
	X(NF_EINVAL, -2, "invalid argument", "invalid-argument")                                   \
	X(NF_EIO, -3, "input/output error", "io-error")                                            \
	X(NF_ENOENT, -4, "no such file or directory", "no-such-file")                              \
	X(NF_EJSON, -5, "broken JSON", "broken-json")                                              \
	X(NF_EUTF8, -6, "invalid UTF-8", "invalid-utf8")                                           \
	X(NF_ENUL, -7, "NUL byte in input", "nul-byte")                                            \
	X(NF_ETOOLONG, -8, "record over the size cap", "too-long")                                 \
	X(NF_EEMPTY, -9, "empty document", "empty")                                                \
	X(NF_EDUPID, -10, "duplicate id", "duplicate-id")                                          \
	X(NF_ENOFIELD, -11, "missing field", "missing-field")                                      \
	X(NF_EFIELDTYPE, -12, "field has the wrong type", "wrong-type")                            \
	X(NF_ECORRUPT, -13, "corrupt compressed input", "corrupt")                                 \
	X(NF_ELIMIT, -14, "internal limit reached", "limit")                                       \
	X(NF_ECANCELED, -15, "canceled", "canceled")                                               \
	X(NF_EBUSY, -16, "the store is locked by another writer", "busy")                          \
	X(NF_ESTORE, -17, "not a newsfold store, or a damaged one", "not-a-store")                 \
	X(NF_EVERSION, -18, "the store was made by a newer newsfold", "newer-store")               \
	X(NF_ENOSPC, -19, "no space left on the device", "disk-full")

enum nf_status {
#define NF_X_ENUM(name, value, msg, reason) name = value,
	NF_ERROR_TABLE(NF_X_ENUM)
#undef NF_X_ENUM
};

/** Human-readable message for a status code ("unknown error" for codes not in the table). */
NF_API const char *nf_strerror(int code);
/** The code's name, e.g. "NF_EJSON" ("NF_E?" for unknown codes). */
NF_API const char *nf_errname(int code);
/** Short machine-friendly reason used in rejects, e.g. "broken-json", "duplicate-id". */
NF_API const char *nf_errreason(int code);

/*
 * Where and why an input record was rejected. Filled by the reader and parser; `file` points at
 * a path string owned by the reader (valid until nf_reader_free()).
 */
typedef struct nf_error {
	int code;	   /* NF_E* */
	const char *file;  /* input path, "-" for stdin; never NULL once filled */
	uint64_t line;	   /* 1-based line of the record start (0: whole file) */
	uint64_t offset;   /* byte offset of the record's start in the (decompressed) input */
	char message[240]; /* one line, no trailing newline (says the column where useful) */
} nf_error;

/** A borrowed byte string. `ptr` may be NULL only when `len` is 0. */
typedef struct nf_str {
	const char *ptr;
	size_t len;
} nf_str;

/* ============================================================================================ */
/* Growable byte buffer (used for output)                                                       */
/* ============================================================================================ */

/*
 *     nf_buf b; nf_buf_init(&b);
 *     nf_buf_append(&b, "abc", 3);
 *     fwrite(b.data, 1, b.len, stdout);
 *     nf_buf_release(&b);
 */
typedef struct nf_buf {
	char *data; /* NULL until the first append; not NUL-terminated */
	size_t len;
	size_t cap;
	bool oom; /* sticky: set when an append failed for lack of memory */
} nf_buf;

NF_API void nf_buf_init(nf_buf *b);
NF_API void nf_buf_release(nf_buf *b);
/** Empties the buffer, keeping its memory. */
NF_API void nf_buf_reset(nf_buf *b);
/** Appends n bytes. Returns 0 or NF_ENOMEM (and sets b->oom). */
NF_API int nf_buf_append(nf_buf *b, const void *p, size_t n);
/** Makes room for n more bytes (b->data then holds at least len + n) without changing len.
 * Returns 0 or NF_ENOMEM (and sets b->oom). */
NF_API int nf_buf_reserve(nf_buf *b, size_t n);

/* ============================================================================================ */
/* Thread pool                                                                                  */
/* ============================================================================================ */

/*
 * A fixed pool of worker threads for data-parallel loops over documents. Indices are handed out
 * dynamically, the calling thread works too; results must be stored by index so that output
 * never depends on timing.
 *
 *     static void work(void *ctx, size_t i, int worker) { ... item i, scratch of `worker` ... }
 *     nf_pool *p; nf_pool_new(&p, 4);
 *     nf_pool_run(p, n_items, work, ctx);   // returns when all n_items are done
 *     nf_pool_free(p);
 */
typedef struct nf_pool nf_pool;
typedef void (*nf_pool_fn)(void *ctx, size_t i, int worker);
/** Starts threads-1 workers (threads < 1 counts as 1). Returns 0 or NF_ENOMEM. */
NF_API int nf_pool_new(nf_pool **out, int threads);
/** Stops and joins the workers. NULL is a no-op. */
NF_API void nf_pool_free(nf_pool *p);
/** Number of threads, the caller included. */
NF_API int nf_pool_threads(const nf_pool *p);
/** Calls fn(ctx, i, worker) for every i in [0, n), worker in [0, threads); blocks until done.
 * Not reentrant: one loop at a time per pool. */
NF_API void nf_pool_run(nf_pool *p, size_t n, nf_pool_fn fn, void *ctx);

/* ============================================================================================ */
/* Reading (lib/ingest)                                                                         */
/* ============================================================================================ */

/*
 * Input formats, recognised by content (after decompression, gzip and zstd by magic bytes):
 *   NF_FORMAT_JSONL  first non-blank byte is '{': one JSON object per line.
 *   NF_FORMAT_SEED   starts with " date YYYY-MM-DD " (optional leading space): one article,
 *                    id = file name without extension, date from the header.
 *   NF_FORMAT_HTML   a file named .html .htm .xhtml, or whose first tag (after blanks,
 *                    comments, an XML declaration) is <!doctype html>, <html>, <head>, <body>,
 *                    <meta>, <title>, <style>, <script>, <link> or <base>: one article, its
 *                    text the page's main text (charset sniffed, page chrome left out), its
 *                    title, date, url, source and lang from what the page declares.
 *   NF_FORMAT_FEED   an RSS 2.0, RSS 1.0 or Atom feed (root <rss>, <rdf:RDF> or <feed>): one
 *                    record per item (rec.line: the line the item starts on), its text the
 *                    item's content (content:encoded, else content, description, summary)
 *                    extracted as a page's; title, link (url and id), date and feed title
 *                    (source) from the item.
 *   NF_FORMAT_TEXT   anything else: the whole file is one article, id = file name without
 *                    extension ("-" for stdin).
 *   NF_FORMAT_WARC   starts with "WARC/" or "filedesc://", or is named .warc / .arc (optionally
 *                    .gz / .zst; then whatever is not an archive is a reject): a WARC (0.18 to
 *                    1.1) or ARC v1 archive. Each response record with HTTP status 200 and an
 *                    HTML Content-Type (or none and a body that starts like HTML) is one record;
 *                    the others are counted in nf_reader_stats (archive_skipped), not rejected.
 *                    A .warc.zst may open with a dictionary frame (skippable, 0x184D2A5D).
 *                    Damage (a record cut short, stray bytes, a damaged gzip member) is a
 *                    reject for the record it hits, after the whole records before it; the
 *                    reader then resyncs to the next line starting "WARC/".
 * Directories are read recursively in byte order of names; there, only files whose name ends in
 * .txt .text .jsonl .ndjson .json .html .htm .xhtml .rss .atom .warc .arc (optionally followed
 * by .gz or .zst) are read, hidden
 * files are skipped; both are counted in nf_reader_stats.files_skipped. Named files are always
 * read.
 */
enum nf_format {
	NF_FORMAT_JSONL = 1,
	NF_FORMAT_SEED = 2,
	NF_FORMAT_TEXT = 3,
	NF_FORMAT_HTML = 4, /* a web page: the article is its extracted main text */
	NF_FORMAT_WARC = 5, /* one HTML response of a WARC/ARC archive (see nf_record) */
	NF_FORMAT_FEED = 6  /* one item of an RSS or Atom feed */
};

/** Options for reading and parsing. Zero-initialise, or pass NULL for defaults. */
typedef struct nf_read_options {
	size_t max_record; /* cap on one line / file in bytes; 0 = 64 MiB */
	/* JSONL field names; NULL = default. The date field falls back to "published". */
	const char *id_field;	  /* "id" */
	const char *text_field;	  /* "text" */
	const char *title_field;  /* "title" */
	const char *source_field; /* "source" */
	const char *url_field;	  /* "url" */
	const char *date_field;	  /* "date", then "published" */
	bool auto_id;		  /* JSONL record without id: use "FILE:LINE" instead of a reject */
} nf_read_options;

/**
 * One raw input record: a JSONL line, a whole seed/text file, or an archive's HTML response.
 * For NF_FORMAT_WARC, data is a blob the reader builds: header lines "WARC-Target-URI: ",
 * "WARC-Date: " (as in the archive; ARC: YYYYMMDDhhmmss), "WARC-Record-ID: ",
 * "WARC-Payload-Digest: ", "WARC-Truncated: " (the archive's reason, or "decode" when the body
 * broke while decoding: what decoded is kept), "Content-Type: " and "Content-Language: " (of the
 * HTTP response), each ending in LF and left out when empty, then an empty line, then the HTTP
 * body de-chunked and decoded (gzip, deflate, br). line is the 1-based number of the record in
 * the archive (every record counts); offset is the compressed offset of the record's gzip
 * member when the record starts one (zcat from there reads it), else its decompressed offset.
 */
typedef struct nf_record {
	const char *data; /* the record bytes (no trailing newline) */
	size_t len;
	const char *file; /* input path (owned by the reader) */
	uint64_t line;	  /* 1-based line for JSONL, 1 for files, record number for WARC */
	uint64_t offset;  /* byte offset of the record in the decompressed input (WARC: above) */
	int format;	  /* enum nf_format */
} nf_record;

typedef struct nf_reader nf_reader;

/** Creates a reader. `opt` may be NULL. Returns 0, NF_ENOMEM or NF_EINVAL. */
NF_API int nf_reader_new(nf_reader **out, const nf_read_options *opt);
NF_API void nf_reader_free(nf_reader *r);
/**
 * Queues an input: a file, a directory (read recursively: its files named .txt, .text, .jsonl,
 * .ndjson, .json, .warc or .arc, optionally .gz or .zst, in name order; hidden entries skipped; a
 * link back to a directory already walked is not followed) or "-" for stdin. Inputs are read in the
 * order added. Errors opening it are reported by nf_reader_next() as rejects, so that the run can
 * go on. Returns 0 or NF_ENOMEM.
 */
NF_API int nf_reader_add(nf_reader *r, const char *path);
/** Whether reading `input` reads the file `output` (existing or not): the same file, or, for a
 * directory, a file inside it that its walk reads. A front end refuses such an output. */
NF_API bool nf_input_covers(const char *input, const char *output);
/** Like nf_reader_add(), but errors and records name the input `name` (e.g. "-" for a spooled
 * copy of stdin). */
NF_API int nf_reader_add_as(nf_reader *r, const char *path, const char *name);
/**
 * Reads the next record. Returns 1 and fills *rec (valid until the next call), 0 at the end of
 * all inputs, or a negative NF_E* with *err filled when a record or file cannot be read (line over
 * the cap, corrupt compressed data, unreadable file); the next call goes on after it. NF_ENOMEM is
 * the only fatal return.
 */
NF_API int nf_reader_next(nf_reader *r, nf_record *rec, nf_error *err);

typedef struct nf_reader_stats {
	uint64_t files;		/* files opened and read */
	uint64_t files_skipped; /* directory entries not read (hidden, other extension) */
	uint64_t bytes;		/* decompressed bytes read */
	uint64_t records;	/* records returned (including rejects from the reader) */
	/* WARC/ARC archives: whole archive records read (pages, others and those rejected
	 * whole, e.g. over the cap; not the damaged ones, which are rejects), and those of them
	 * that were neither a page nor a reject (warcinfo, request, metadata, revisit, a
	 * response that is not HTML or not status 200), counted and passed over. */
	uint64_t archive_records;
	uint64_t archive_skipped;
} nf_reader_stats;

NF_API void nf_reader_stats_get(const nf_reader *r, nf_reader_stats *st);

/* A parsed article. All strings are borrowed from the record or from the parser. */
typedef struct nf_doc {
	nf_str id;	    /* as given; for a numeric JSON id, the number's exact text */
	bool id_is_number;  /* the id was a JSON number (write it back unquoted) */
	nf_str text;	    /* original text: the decoded JSON string, the file body, or (WARC) the
			       HTTP body */
	nf_str title;	    /* empty when absent */
	nf_str source;	    /* outlet; empty when absent */
	nf_str url;	    /* empty when absent */
	nf_str date_raw;    /* the date as given; empty when absent */
	int64_t date;	    /* seconds since the epoch (UTC), NF_NO_DATE when absent/unparsed */
	bool date_bad;	    /* a date was given but could not be parsed */
	nf_str raw;	    /* the whole JSONL line (for pass-through); empty for files */
	uint64_t text_base; /* file formats: offset of the text in the file; 0 for JSONL */
	int format;	    /* enum nf_format */
	nf_str lang;	    /* web pages: the language declared, else guessed (a BCP 47 tag) */
	/* NF_FORMAT_WARC: where the page came from (the archive, the record's offset as in
	 * nf_record, its WARC-Record-ID and WARC-Payload-Digest, WARC-Truncated if it was) */
	struct {
		nf_str file, record_id, digest, truncated;
		uint64_t offset;
	} archive;
} nf_doc;

#define NF_NO_DATE INT64_MIN

typedef struct nf_parser nf_parser;

/** Creates a parser (scratch memory for decoding). `opt` may be NULL. */
NF_API int nf_parser_new(nf_parser **out, const nf_read_options *opt);
NF_API void nf_parser_free(nf_parser *p);
/**
 * Parses one record into *doc (valid until the next call with this parser or until the record's
 * memory goes). Returns 0, or a negative NF_E* with *err filled (broken JSON, missing or
 * non-string text, bad id, NUL byte in a text file, ...), or NF_ENOMEM.
 * Distinct parsers may run concurrently on distinct threads. Cost: linear in the record.
 */
NF_API int nf_parse(nf_parser *p, const nf_record *rec, nf_doc *doc, nf_error *err);

/**
 * Parses a date: ISO 8601 date ("2025-10-17") or date-time ("2025-10-17T12:14:00Z",
 * "+05:30" offsets, fractions), RFC 2822 ("Fri, 17 Oct 2025 12:14:00 +0000"), and
 * "Oct 17 2025" / "17 October 2025" forms. Returns 0 and *t (UTC seconds), or NF_EINVAL.
 */
NF_API int nf_date_parse(const char *s, size_t n, int64_t *t);

/*
 * Duplicate ids. Rule: the first record with an id wins; every later record with the same id is
 * rejected as NF_EDUPID. Ids compare as exact bytes (the string "7" and the number 7 are the same
 * id). Memory: about 24 bytes per distinct id.
 */
typedef struct nf_idset nf_idset;
NF_API int nf_idset_new(nf_idset **out);
NF_API void nf_idset_free(nf_idset *s);
/** Returns 1 if the id was new (and is now in the set), 0 if it was already there, NF_ENOMEM. */
NF_API int nf_idset_add(nf_idset *s, const char *id, size_t n);

/* ============================================================================================ */
/* Cleaning (lib/text)                                                                          */
/* ============================================================================================ */

/* Why a span was marked as boilerplate. */
#define NF_BOILER_TABLE(X)                                                                         \
	X(NF_BOILER_SYNDICATION, "syndication")                                                    \
	X(NF_BOILER_BYLINE, "byline")                                                              \
	X(NF_BOILER_DATELINE, "dateline")                                                          \
	X(NF_BOILER_TIMESTAMP, "timestamp")                                                        \
	X(NF_BOILER_READTIME, "read-time")                                                         \
	X(NF_BOILER_BREADCRUMB, "breadcrumb")                                                      \
	X(NF_BOILER_PHOTO, "photo-credit")                                                         \
	X(NF_BOILER_SHARE, "share")                                                                \
	X(NF_BOILER_REPEATED, "repeated")

enum nf_boiler_reason {
	NF_BOILER_NONE = 0,
#define NF_X_ENUM(name, str) name,
	NF_BOILER_TABLE(NF_X_ENUM)
#undef NF_X_ENUM
};
/** "syndication", "byline", ... for a reason code; "unknown" otherwise. */
NF_API const char *nf_boiler_name(int reason);

/* What a repair did. */
enum nf_repair_kind {
	NF_REPAIR_MOJIBAKE = 1, /* UTF-8 read as Windows-1252/Latin-1 and re-encoded, undone */
	NF_REPAIR_UTF8 = 2,	/* invalid UTF-8 sequence replaced by U+FFFD */
	NF_REPAIR_CONTROL = 3	/* control character removed */
};
NF_API const char *nf_repair_name(int kind);

/** A span of the original text, [start, end) in bytes. */
typedef struct nf_span {
	uint32_t start;
	uint32_t end;
} nf_span;

typedef struct nf_mark {
	uint32_t start; /* original bytes [start, end) */
	uint32_t end;
	int kind; /* enum nf_boiler_reason for boilerplate, enum nf_repair_kind for repairs */
} nf_mark;

enum nf_token_flags {
	NF_TOK_BOILER = 1 << 0, /* inside a boilerplate span */
	NF_TOK_NUMBER = 1 << 1, /* all digits (with inner . or ,) */
	NF_TOK_UPPER = 1 << 2,	/* starts with an upper-case letter */
	NF_TOK_CJK = 1 << 3,	/* one CJK ideograph */
	NF_TOK_SENT = 1 << 4	/* first token of a sentence */
};

typedef struct nf_token {
	uint32_t start, end;	 /* original bytes */
	uint32_t norm, norm_len; /* the normalized form: nf_cleaned.norm[norm .. norm+norm_len) */
	uint32_t flags;		 /* enum nf_token_flags */
} nf_token;

/*
 * The result of cleaning one document. Every array is in increasing offset order. The arrays are
 * owned by the cleaner and valid until its next nf_clean() call.
 */
typedef struct nf_cleaned {
	const char *text; /* cleaned text: valid UTF-8, LF line ends, spaces unified, repaired */
	size_t text_len;
	const nf_span *paragraphs;
	size_t n_paragraphs;
	const nf_span *sentences;
	size_t n_sentences;
	const nf_token *tokens;
	size_t n_tokens;
	const char *norm; /* normalized token forms (NFKC + case fold, quotes unified) */
	size_t norm_len;
	const nf_mark *boiler; /* boilerplate spans with reasons (enum nf_boiler_reason) */
	size_t n_boiler;
	const nf_mark *repairs; /* repairs made (enum nf_repair_kind) */
	size_t n_repairs;
	size_t n_content_tokens; /* tokens outside boilerplate */
} nf_cleaned;

typedef struct nf_lines nf_lines;

typedef struct nf_clean_options {
	bool no_mojibake;	/* leave mojibake alone */
	bool no_boiler;		/* do not mark boilerplate */
	const nf_lines *common; /* lines repeated across the corpus (see nf_lines_*), may be NULL */
} nf_clean_options;

typedef struct nf_cleaner nf_cleaner;

/** Creates a cleaner (per-thread scratch). `opt` may be NULL; it is copied. */
NF_API int nf_cleaner_new(nf_cleaner **out, const nf_clean_options *opt);
NF_API void nf_cleaner_free(nf_cleaner *c);
/**
 * Cleans one document's text (any bytes; at most 4 GiB - 1). Fills *out. Returns 0 or NF_ENOMEM,
 * NF_EINVAL for a text of 4 GiB or more. An empty result (no tokens) is not an error: check
 * out->n_content_tokens. Cost: linear in n; ASCII text takes a fast path.
 * Distinct cleaners may run concurrently (they may share one finished nf_lines).
 */
NF_API int nf_clean(nf_cleaner *c, const char *text, size_t n, nf_cleaned *out);

/**
 * Normalizes one word the way tokens are normalized: NFKC, case folding, apostrophe variants to
 * "'". Appends the result to *out. Returns 0 or NF_ENOMEM.
 */
NF_API int nf_normalize_word(const char *s, size_t n, nf_buf *out);

/*
 * Lines repeated across a corpus (templates: "Follow us on X", "Click here to subscribe"). Two
 * passes: nf_lines_add() every document, nf_lines_finish(), then give the set to cleaners through
 * nf_clean_options.common. A line counts as repeated when it is short (at most 40 tokens), occurs
 * in at least `min_docs` documents, and its neighbouring lines differ in at least half of them:
 * wire paragraphs reprinted by many outlets keep their neighbours and so are not boilerplate.
 * Lines over 400 bytes are never templates. Memory: about 8 bytes per distinct short line and
 * 64 more for each line seen in two documents or more; `max_lines` (0 = 8 Mi) caps both counts,
 * after which lines first seen are not tracked (so templates, which recur early and often, are
 * still found). The neighbours of a line's first sighting are not kept: they count as unchanged,
 * which errs on the side of not marking.
 */
NF_API int nf_lines_new(nf_lines **out, size_t min_docs, size_t max_lines);
NF_API void nf_lines_free(nf_lines *l);
/** Counts the lines of one document (raw text, as given to nf_clean). Not thread-safe.
 * Same as nf_lines_scan() followed by nf_lines_add_scanned(). */
NF_API int nf_lines_add(nf_lines *l, const char *text, size_t n);
/**
 * The parallel form: nf_lines_scan() turns one document into opaque line records appended to
 * *out (thread-safe, touches no shared state); nf_lines_add_scanned() adds one document's records
 * to the set (not thread-safe; call it in input order for reproducible results).
 */
NF_API int nf_lines_scan(const char *text, size_t n, nf_buf *out);
NF_API int nf_lines_add_scanned(nf_lines *l, const void *recs, size_t len);
/** Ends counting; after this the set is read-only and may be shared by threads. */
NF_API void nf_lines_finish(nf_lines *l);
/** Number of distinct lines found repeated (after nf_lines_finish()). */
NF_API size_t nf_lines_count(const nf_lines *l);

/* ============================================================================================ */
/* Sketching (lib/sketch)                                                                       */
/* ============================================================================================ */

/*
 * Fingerprints of a cleaned document for near-duplicate search:
 *   - shingles: word n-grams of the normalized content tokens (boilerplate left out), each a
 *     seeded XXH3-64 of the n token hashes; scripts written without spaces (CJK ideographs, kana,
 *     Thai, Lao, Khmer, Myanmar) count one character per "word", so they get character n-grams.
 *     A document with fewer than n tokens gets one shingle of all of them.
 *   - exact: a 128-bit hash of the normalized content tokens in order (exact duplicates).
 *   - minhash: K 32-bit values by one-permutation hashing with optimal densification
 *     (Shrivastava, "Optimal Densification for Fast and Accurate Minwise Hashing", ICML 2017).
 *     The share of equal lanes of two signatures estimates the Jaccard similarity of their
 *     shingle sets, with standard error sqrt(J(1-J)/K).
 *   - simhash: 64-bit SimHash of the shingle set (Charikar 2002).
 * Every value is a fixed function of the text and the options: the same on every machine and in
 * every version (known-answer tests pin them).
 *
 *     nf_sketcher *sk; nf_sketch s;
 *     nf_sketcher_new(&sk, NULL);                      // n = 5, K = 128
 *     nf_sketch_doc(sk, &cleaned, &s);                 // s.shingles, s.minhash, s.exact ...
 *     double j = nf_minhash_similarity(s.minhash, other, s.k);
 */
typedef struct nf_sketch_options {
	unsigned ngram;	 /* words per shingle; 0 = 5 */
	unsigned k;	 /* MinHash lanes, 1..1024; 0 = 128 */
	uint64_t seed;	 /* 0 = the default seed */
	bool unsorted;	 /* leave the shingle set unsorted (faster; nf_jaccard needs it sorted) */
	bool no_simhash; /* skip the SimHash (simhash = 0) */
} nf_sketch_options;

#define NF_SKETCH_MAX_K	 1024
#define NF_MINHASH_EMPTY UINT32_MAX /* every lane of a document without shingles */

typedef struct nf_sketch {
	uint64_t exact_hi, exact_lo; /* 128-bit hash of the normalized content */
	const uint64_t *shingles;    /* the shingle set: distinct, sorted unless opt.unsorted */
	size_t n_shingles;
	const uint32_t *minhash; /* k values (all NF_MINHASH_EMPTY when n_shingles == 0) */
	unsigned k;
	uint64_t simhash;
	size_t n_tokens; /* content tokens the shingles came from */
} nf_sketch;

typedef struct nf_sketcher nf_sketcher;

/** Creates a sketcher (per-thread scratch). `opt` may be NULL. NF_EINVAL for k > 1024. */
NF_API int nf_sketcher_new(nf_sketcher **out, const nf_sketch_options *opt);
NF_API void nf_sketcher_free(nf_sketcher *s);
/**
 * Sketches one cleaned document (its tokens must carry normalized forms). *out's arrays belong
 * to the sketcher and stay valid until its next call. Returns 0 or NF_ENOMEM. Cost: linear in
 * the tokens plus a sort of the shingles.
 */
NF_API int nf_sketch_doc(nf_sketcher *s, const nf_cleaned *c, nf_sketch *out);
/** Share of equal lanes of two signatures of k lanes (0 when both are empty). */
NF_API double nf_minhash_similarity(const uint32_t *a, const uint32_t *b, unsigned k);
/**
 * Exact Jaccard similarity of two sorted, distinct hash sets, with the size of their
 * intersection in *inter (may be NULL). Two empty sets have similarity 0.
 */
NF_API double nf_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, size_t *inter);

/*
 * LSH banding: a signature of k lanes is cut into `bands` bands of `rows` lanes; two documents
 * become candidates when any band matches, with probability 1 - (1 - J^rows)^bands.
 * nf_lsh_params() picks bands x rows <= k minimising 0.05 x the false-positive area below the
 * threshold + 0.95 x the false-negative area above it: candidates are verified exactly, so a
 * false positive only costs time while a false negative loses a duplicate.
 */
NF_API void nf_lsh_params(double threshold, unsigned k, unsigned *bands, unsigned *rows);
/** Probability that two documents of Jaccard similarity j share a band. */
NF_API double nf_lsh_probability(double j, unsigned bands, unsigned rows);

/* ============================================================================================ */
/* Near-duplicate index and families (lib/link, lib/cluster)                                    */
/* ============================================================================================ */

/*
 * An index of document sketches that finds candidate duplicates as documents are added, one at
 * a time, in input order (document i gets index i):
 *   - exact duplicates: same 128-bit content hash as an earlier document (which is then the
 *     only one of the group kept in the LSH index, so 10^5 copies cost linear time);
 *   - near duplicates: MinHash LSH bands (or, with NF_DEDUP_SIMHASH, the k+1 blocks of the
 *     64-bit SimHash: two hashes within Hamming distance k share a block) equal to an earlier
 *     document's.
 * Candidates are NOT verified here: callers check them with nf_jaccard() on the shingle sets and
 * nf_dedup_link() the ones that pass. Families are the connected components of linked pairs;
 * a family is named by its smallest index.
 *
 *     nf_dedup *d; nf_dedup_new(&d, NULL, 128);
 *     for each document: nf_sketch_doc(...); nf_dedup_add(d, &s, date, length, &cand);
 *         for each candidate c: if (verified(c.a, c.b)) nf_dedup_link(d, c.a, c.b);
 *     nf_dedup_family(d, i), nf_dedup_representative(d, family)
 *
 * Memory: about 16 + 16 x bands bytes per document (16 bands at K = 128 and threshold 0.8:
 * about 270 bytes, plus the exact-hash table); signatures are not kept. Band keys are 32-bit:
 * two different bands with one key only make an extra candidate, which verification rejects.
 */
enum nf_dedup_method { NF_DEDUP_MINHASH = 0, NF_DEDUP_SIMHASH = 1 };

typedef struct nf_dedup_options {
	double threshold;   /* Jaccard threshold the bands are tuned for; 0 = 0.8 */
	unsigned bands;	    /* 0 = chosen by nf_lsh_params() (rows too) */
	unsigned rows;	    /* lanes per band */
	int method;	    /* enum nf_dedup_method */
	unsigned hamming;   /* SimHash: largest Hamming distance (0 = 3; at most 15) */
	unsigned max_chain; /* bucket members compared per band (most recent first); 0 = 512 */
} nf_dedup_options;

typedef struct nf_candidate {
	uint32_t a, b; /* a < b: an earlier document and the one just added */
	bool exact;    /* same content hash */
} nf_candidate;

typedef struct nf_dedup nf_dedup;

/** Creates an index for signatures of k lanes. `opt` may be NULL. NF_EINVAL for bad options. */
NF_API int nf_dedup_new(nf_dedup **out, const nf_dedup_options *opt, unsigned k);
NF_API void nf_dedup_free(nf_dedup *d);
/** The bands and rows in use. */
NF_API void nf_dedup_params(const nf_dedup *d, unsigned *bands, unsigned *rows);
/**
 * Adds the next document; *cand (owned by the index, valid until the next call) gets its
 * candidate pairs with earlier documents, each once, in increasing order of a; *n their
 * number. Of a family already linked (nf_dedup_link) it gets at most 4 members, those sharing
 * the most bands with it, the newest first: link verified pairs as they come, and a family of
 * thousands costs each newcomer a few verifications. `date` (NF_NO_DATE if unknown) and `length`
 * choose family representatives. Returns 0, NF_ENOMEM, or NF_ELIMIT past 2^32 - 2 documents.
 */
NF_API int nf_dedup_add(nf_dedup *d, const nf_sketch *s, int64_t date, uint64_t length,
			const nf_candidate **cand, size_t *n);
/** Candidates of a sketch against the index without adding it (b = the index's size). */
NF_API int nf_dedup_query(nf_dedup *d, const nf_sketch *s, const nf_candidate **cand, size_t *n);
/** The 32-bit keys of a sketch's bands (one per band, in band order; none for a document
 * without shingles), owned by the index until its next call: what an index kept elsewhere (a
 * store) looks up. Returns 0 or NF_ENOMEM. */
NF_API int nf_dedup_band_keys(nf_dedup *d, const nf_sketch *s, const uint32_t **keys, size_t *n);
/** Number of documents added. */
NF_API uint32_t nf_dedup_size(const nf_dedup *d);
/** Joins the families of a and b (a verified pair). 0 or NF_EINVAL. */
NF_API int nf_dedup_link(nf_dedup *d, uint32_t a, uint32_t b);
/** The family of document i: the smallest index in it. */
NF_API uint32_t nf_dedup_family(nf_dedup *d, uint32_t i);
/**
 * The representative of the family named `family`: the earliest dated member, then the longest,
 * then the first. O(1) after nf_dedup_finish().
 */
NF_API uint32_t nf_dedup_representative(nf_dedup *d, uint32_t family);
/** Computes every family's representative; call once all links are made. 0 or NF_ENOMEM. */
NF_API int nf_dedup_finish(nf_dedup *d);

/* ============================================================================================ */
/* Passage reuse: candidates (lib/link) and alignment (lib/align)                               */
/* ============================================================================================ */

/*
 * Finding reused passages takes two steps.
 *
 * 1. Candidates. Each document gives a small set of fingerprints: word n-gram shingles of its
 *    normalized content tokens (boilerplate left out), thinned by winnowing (Schleimer, Wilkerson
 *    and Aiken, SIGMOD 2003: the smallest shingle hash of every window of w shingles, so any run
 *    of n + w - 1 shared words leaves at least one shared fingerprint). An inverted index maps
 *    each fingerprint to its postings (documents, in input order); fingerprints held by one
 *    document only are left out, and two documents sharing at least min_shared of the rest become
 *    a candidate pair. A fingerprint held by more than max_df documents (a wire carried by
 *    hundreds, a stock phrase) would make too many pairs: its documents are paired only with the
 *    first of them (the pivot; a batch only), so that its copies are linked through their family
 *    with work linear in their number (nf_reuse_pair.wide counts such fingerprints).
 *
 *        nf_reuse *r; nf_reuse_new(&r, NULL);
 *        for each document: nf_reuse_fingerprints(&cleaned, NULL, &fp);
 *                           nf_reuse_add(r, date, fp.data, fp.len / 4);   // doc index i = 0, 1,
 * ... nf_reuse_candidates(r, &pairs, &n, &st);                        // a batch, or
 *        nf_reuse_query(r, date, fp, nfp, &pairs, &n);                   // one document at a time
 *
 *    The default df cap of a batch (max_df = 0) is 64, or the largest cap below whose pair work,
 *    the sum of df (df - 1) / 2 over the fingerprints paired, stays within 256 pairs per
 *    document plus ten million: near-linear time whatever the corpus, so 10^4 documents sharing
 *    one paragraph cost no more than 10^4 unrelated ones. The pairs are counted in passes over
 * ranges of documents, at most 32 Mi pair keys (256 MB) at a time, so the budget bounds time, not
 * memory. Memory: 8 bytes per fingerprint (about 0.4 per content word) plus that.
 *
 * 2. Alignment. For each candidate pair, nf_align() seeds on matching word k-grams of the two
 *    token sequences and chains the exact blocks on nearby diagonals into spans that survive
 *    substituted, inserted and deleted words, merged or split paragraphs, changed punctuation
 *    and quote styles (words are compared by normalized form; punctuation is not a word).
 *    Every span carries byte offsets into both original texts.
 */
typedef struct nf_reuse_options {
	unsigned ngram;	     /* words per shingle; 0 = 5 */
	unsigned window;     /* winnowing window in shingles; 0 = 3 (any 7 shared words leave a
				shared fingerprint, any 10 two) */
	uint32_t max_df;     /* documents per fingerprint paired pairwise; 0 = the default */
	unsigned min_shared; /* shared fingerprints for a candidate; 0 = 2 (any 10 shared words
				give two: the disjoint windows at both ends of the run) */
	int64_t max_seconds; /* pair only documents at most this far apart in time (when both
				are dated); 0 = no limit */
	uint64_t seed;	     /* 0 = the default seed */
	size_t mem;	     /* bytes the postings and pair keys may hold in memory; beyond,
				they go to sorted runs in tmp_dir and are merged back (the
				pairs are the same); 0 = no limit. At least 1 MiB */
	const char *tmp_dir; /* NULL = $TMPDIR, else /tmp */
} nf_reuse_options;

/**
 * Appends the fingerprints of a cleaned document to *out as distinct, sorted uint32_t values.
 * `opt` may be NULL. Returns 0 or NF_ENOMEM. Cost: linear in the tokens plus a sort.
 */
NF_API int nf_reuse_fingerprints(const nf_cleaned *c, const nf_reuse_options *opt, nf_buf *out);

typedef struct nf_reuse_pair {
	uint32_t a, b;	 /* document indexes, a < b */
	uint32_t shared; /* fingerprints shared (among those kept) */
	uint32_t wide;	 /* of them, fingerprints over the df cap, a being the first document
			    carrying them (a pivot pair: see nf_reuse_candidates) */
} nf_reuse_pair;

typedef struct nf_reuse_stats {
	uint64_t postings;	 /* fingerprints added */
	uint64_t fingerprints;	 /* distinct fingerprints */
	uint64_t dropped_common; /* distinct fingerprints over the df cap */
	uint32_t max_df;	 /* the cap used */
	uint64_t pair_work;	 /* pair increments made */
	uint64_t pairs;		 /* candidate pairs */
	uint64_t out_of_window;	 /* pairs left out by max_days */
	uint64_t pivot_work;	 /* pair increments made for fingerprints over the cap */
	uint64_t pivot_pairs;	 /* candidate pairs sharing such fingerprints (wide > 0) */
	uint64_t spilled_runs;	 /* sorted runs written to disk (postings and pair keys) */
	uint64_t spilled_bytes;	 /* their bytes */
} nf_reuse_stats;

typedef struct nf_reuse nf_reuse;

/** Creates an empty index. `opt` may be NULL. NF_EINVAL for bad options. */
NF_API int nf_reuse_new(nf_reuse **out, const nf_reuse_options *opt);
NF_API void nf_reuse_free(nf_reuse *r);
/**
 * Adds the next document (index = number added so far) with its fingerprints (as made by
 * nf_reuse_fingerprints) and date (NF_NO_DATE if unknown). Returns 0, NF_ENOMEM, or NF_ELIMIT
 * past 2^32 - 2 documents.
 */
NF_API int nf_reuse_add(nf_reuse *r, int64_t date, const uint32_t *fp, size_t n);
/** Number of documents added. */
NF_API uint32_t nf_reuse_size(const nf_reuse *r);
/**
 * All candidate pairs among the documents added, sorted by (a, b), each once; *pairs (owned by
 * the index) stays valid until the next call. `st` may be NULL. Returns 0, NF_ENOMEM or NF_EIO
 * (the temporary files of a memory budget). Deterministic: the result depends only on the
 * documents and their order, whatever the budget.
 */
NF_API int nf_reuse_candidates(nf_reuse *r, const nf_reuse_pair **pairs, size_t *n,
			       nf_reuse_stats *st);
/**
 * Streaming use: the candidates of one new document (b = nf_reuse_size()) among the documents
 * added so far, with df counted over those; the document is not added. With max_df = 0 the cap
 * is 64 or 2 sqrt(documents), whichever is larger. Cost: about log(postings) per fingerprint;
 * new postings are sorted in geometrically growing runs, so adds stay amortized cheap.
 * NF_EINVAL once a memory budget (opt.mem) has sent postings to disk: that is batch use.
 */
NF_API int nf_reuse_query(nf_reuse *r, int64_t date, const uint32_t *fp, size_t n,
			  const nf_reuse_pair **pairs, size_t *np);

/* What a span of shared text is. */
enum nf_passage_kind {
	NF_PASSAGE_VERBATIM = 0, /* the same words in the same order */
	NF_PASSAGE_EDITED = 1,	 /* words substituted, inserted or deleted */
	NF_PASSAGE_QUOTE = 2	 /* inside quotation marks on both sides */
};
NF_API const char *nf_passage_kind_name(int kind); /* "verbatim", "edited", "quote" */

/*
 * What a pair of documents is, from its spans.
 *
 * A copy family, wherever newsfold names one (the store's articles.family, a story's "families",
 * a digest's sources), is a connected component of the pairs that share text beyond quotations:
 * exact and near duplicates (nf_dedup), and pairs aligned as NF_REL_COPY or NF_REL_PARTIAL (not
 * NF_REL_PASSAGE: one stock sentence of background shared by two reports ties nothing). A
 * family is named by its first article. newsfold dedup finds the duplicate half of it (it does
 * not align); newsfold stories --links ties what reuse and dedup --pairs write into families by
 * the same rule, and a store's adds find both halves themselves.
 */
enum nf_relation {
	NF_REL_NONE = 0,    /* no span outside boilerplate */
	NF_REL_COPY = 1,    /* the side with fewer content words is at least 80% covered */
	NF_REL_PARTIAL = 2, /* shared text besides quotations, less than that but at least
			       partial_words words outside quotations or partial_coverage of the
			       smaller side */
	NF_REL_QUOTE = 3,   /* only quotations are shared */
	NF_REL_PASSAGE = 4  /* a passage besides quotations, too little to call a partial copy */
};
/* "none", "copy", "partial", "quote", "passage" */
NF_API const char *nf_relation_name(int rel);

/* Why a side was named the likely source of a copy. */
enum nf_basis {
	NF_BASIS_NONE = 0,	  /* undecided (source = -1) */
	NF_BASIS_UNQUOTED = 1,	  /* one side carries the shared text unquoted, as its own words */
	NF_BASIS_DATE = 2,	  /* the earlier publication */
	NF_BASIS_SYNDICATION = 3, /* the other side carries an agency/syndication disclaimer */
	NF_BASIS_CONTAINMENT = 4, /* the other side is (nearly) wholly contained: a trimmed copy */
	NF_BASIS_COMMON_WIRE = 5  /* both carry syndication disclaimers: copies of one wire whose
				     origin is outside the corpus (source = -1) */
};
NF_API const char *nf_basis_name(int basis); /* "none", "unquoted", "date", ... */

/** One aligned passage: [start, end) byte offsets into each side's original text. */
typedef struct nf_passage {
	uint32_t a_start, a_end, b_start, b_end;
	uint32_t a_words, b_words; /* words in the span on each side */
	uint32_t matched;	   /* words of b inside exact matching blocks */
	float similarity;	   /* 2 x matched / (a_words + b_words), at most 1 */
	int kind;		   /* enum nf_passage_kind */
	bool boilerplate;	   /* mostly boilerplate on either side, or under min_words words
				      without it: does not count */
} nf_passage;

typedef struct nf_alignment {
	const nf_passage *spans; /* in order of a_start, then b_start */
	size_t n_spans;
	double coverage_a, coverage_b; /* share of each side's content words matched to an equal
					  word inside a counted (non-boilerplate) span */
	uint32_t shared_a, shared_b;   /* those words */
	int relation;		       /* enum nf_relation */
	int source;		       /* likely source of a copy: 0 = a, 1 = b, -1 = not named */
	int basis;		       /* enum nf_basis */
} nf_alignment;

typedef struct nf_align_options {
	unsigned seed_words;	 /* words per exact seed; 0 = 4 */
	unsigned min_words;	 /* shortest span, in matched words (a span with fewer words outside
				    boilerplate on either side does not count); 0 = 10 */
	unsigned max_gap;	 /* longest run of unmatched words bridged inside a span; 0 = 8 */
	unsigned max_repeat;	 /* seeds occurring more often than this in a document are skipped
				    (one word repeated); 0 = 64 */
	unsigned min_block;	 /* a span needs an exact run of this many words; 0 = 7 (or
				    min_words if smaller) */
	double copy_coverage;	 /* coverage of the smaller side that makes a copy; 0 = 0.8 */
	unsigned partial_words;	 /* words shared outside quotations (on the side with more) that
				    make a partial copy; 0 = 30 */
	double partial_coverage; /* or coverage of the smaller side; 0 = 0.2 */
} nf_align_options;

/* A document prepared for alignment: its words (hashes of normalized forms) with offsets and
 * flags (boilerplate, inside quotation marks), its date and whether it carries a syndication
 * disclaimer. Independent of the cleaner once made: it can be cached and reused. */
typedef struct nf_align_doc nf_align_doc;

NF_API int nf_align_doc_new(nf_align_doc **out);
NF_API void nf_align_doc_free(nf_align_doc *d);
/**
 * Fills d from a document and its cleaning (text = the original text given to nf_clean, date as
 * in nf_doc; NF_NO_DATE if unknown). Returns 0 or NF_ENOMEM. Cost: linear in the text.
 */
NF_API int nf_align_doc_set(nf_align_doc *d, const char *text, size_t n, int64_t date,
			    const nf_cleaned *c);
/** Words in a prepared document (all tokens, boilerplate included). */
NF_API size_t nf_align_doc_words(const nf_align_doc *d);

typedef struct nf_aligner nf_aligner;

/** Creates an aligner (per-thread scratch). `opt` may be NULL. */
NF_API int nf_aligner_new(nf_aligner **out, const nf_align_options *opt);
NF_API void nf_aligner_free(nf_aligner *al);
/**
 * Aligns two prepared documents: fills *out (its arrays owned by the aligner until its next
 * call). Returns 0 or NF_ENOMEM. Cost: linear in the words plus the seed matches (at most
 * max_repeat per word), sorted.
 */
NF_API int nf_align(nf_aligner *al, const nf_align_doc *a, const nf_align_doc *b,
		    nf_alignment *out);

/* ============================================================================================ */
/* Measuring a clustering (lib/cluster)                                                         */
/* ============================================================================================ */

/* Agreement of a predicted clustering with a gold one. */
typedef struct nf_scores {
	size_t items, gold_clusters, pred_clusters;
	double bcubed_p, bcubed_r, bcubed_f1; /* B-cubed: per item, averaged over items */
	double pair_p, pair_r, pair_f1;	      /* over pairs of items put together */
	double ari;			      /* adjusted Rand index (1 = identical, ~0 = chance) */
} nf_scores;

/**
 * Scores n items: gold[i] and pred[i] are the cluster labels of item i (any numbering).
 * Returns 0 or NF_ENOMEM. Cost: a sort of n pairs plus arrays as large as the largest label.
 */
NF_API int nf_cluster_scores(const uint32_t *gold, const uint32_t *pred, size_t n, nf_scores *out);

/** A predicted clustering scored against a gold one (newsfold eval). */
typedef struct nf_eval_result {
	nf_scores scores;
	size_t missing; /* gold ids without a prediction (each counted as a cluster of its own) */
	size_t extra;	/* predicted ids not in gold (left out) */
	size_t duplicates; /* ids given twice in a file (the first line kept) */
} nf_eval_result;
/**
 * Reads the gold clustering ("id<TAB>label" lines; empty lines and '#' comments skipped) and the
 * prediction (the same, or JSON lines with "id" and "story", strings or integers; "-" reads
 * stdin) and scores the prediction over the gold ids. Returns 0, or NF_ENOENT, NF_EIO, NF_EINVAL
 * (a malformed line, no items), NF_ENOMEM, described in *err.
 */
NF_API int nf_eval_files(const char *gold, const char *pred, nf_eval_result *out, nf_error *err);
/** What newsfold eval prints: --json's one object, or the text. 0 or NF_ENOMEM. */
NF_API int nf_write_eval_json(nf_buf *b, const nf_eval_result *r);
NF_API int nf_write_eval_text(nf_buf *b, const nf_eval_result *r);

/* --- stories: articles about the same event ---------------------------------------------------
 *
 * Two steps. Per article (any thread, one nf_eventer per thread), nf_event_begin/_add/_end turn the
 * cleaned title and text into event terms: content words stemmed with Snowball (stopwords
 * dropped), names (capitalised words; spelling variants such as Zelenskyy/Zelenskiy or
 * Al-Assad/Assad share one key) and numbers, each with an occurrence weight that counts the
 * title and the lead more. In nf_stories, names of six or more letters one edit apart
 * (Gadafi/Kadafi) are one term. Then, on one thread, an nf_stories object clusters them:
 *
 *     nf_stories *s; nf_stories_new(&s, NULL);
 *     for each article, in date order:                       // streaming
 *         nf_event_begin(e); nf_event_add(e, &title, NF_FIELD_TITLE);
 *         nf_event_add(e, &body, NF_FIELD_BODY); nf_event_end(e, &terms, &n);
 *         nf_stories_add(s, terms, n, date, &doc);           // doc = 0, 1, 2 ...
 *         nf_stories_story(s, doc)                           // its story so far
 *         while (nf_stories_next(s, &story) == 1) ...        // stories past the window
 *     nf_stories_finish(s); while (nf_stories_next(s, &story) == 1) ...
 *
 * For a batch (a whole corpus at hand), count every article first with nf_stories_count() so
 * that the weights use the corpus's document frequencies, then add them with
 * nf_stories_add_counted(); the result then depends only on the set of articles and their
 * order of addition (add in date order, ties in a fixed order, and it depends on the set only).
 *
 * Similarity is the cosine of TF-IDF vectors (log term weight, names and numbers weighted up,
 * the strongest terms kept). Online, an article joins the live story whose time-decayed centroid
 * is most similar (above `join`) and within `window` of the story's latest article, or opens a
 * new one; candidates come from an inverted index of the stories' strongest terms. When a story
 * falls out of the window (or at nf_stories_finish), it is refined: a group of articles whose
 * average similarity to the rest is below `split` is taken out, and stories are merged by
 * average link (mean pairwise cosine) above `merge`, best pair first, only when their date spans
 * come within `window`. nf_stories_link() ties two articles (a copy, a reused passage): they stay
 * in one story whatever the dates or words. Deterministic; no threads.
 */
enum nf_event_field { NF_FIELD_BODY = 0, NF_FIELD_TITLE = 1 };
enum nf_term_kind { NF_TERM_WORD = 0, NF_TERM_NAME = 1, NF_TERM_NUMBER = 2 };

typedef struct nf_event_term {
	uint64_t hash;	  /* of kind and text */
	const char *text; /* stem, name key or number (not NUL-terminated): what is compared */
	uint32_t len;
	uint8_t kind; /* enum nf_term_kind */
	float weight; /* occurrences, weighted by field (title, lead, body) */
	/* what is shown: a form the articles write ("ceasefire" for the stem "ceasefir",
	 * "Zelenskyy" for the key "zelenski"), the best by nf_surface_better() of those seen; NULL
	 * when none is known (then show text) */
	const char *surface;
	uint32_t surface_len;
} nf_event_term;

/** Is surface form a (an bytes) better to show than b: shorter, then not all capitals, then
 * first in byte order. A total order, so the best of a set does not depend on its order. */
NF_API bool nf_surface_better(const char *a, size_t an, const char *b, size_t bn);

typedef struct nf_eventer nf_eventer;

/** Creates an eventer for a Snowball language ("english" when NULL; see sb_stemmer_list()).
 * Returns 0, NF_EINVAL for an unknown language, or NF_ENOMEM. */
NF_API int nf_eventer_new(nf_eventer **out, const char *language);
NF_API void nf_eventer_free(nf_eventer *e);
/** Starts a new article. */
NF_API void nf_event_begin(nf_eventer *e);
/** The article's language (a BCP 47 tag such as "de" or "pt-BR", its primary subtag read):
 * its content words are stemmed with that language's Snowball stemmer, when libstemmer has
 * one; otherwise, and for an empty or malformed tag, with the eventer's. Call after
 * nf_event_begin() (which goes back to the eventer's language). Returns 0 or NF_ENOMEM. */
NF_API int nf_event_language(nf_eventer *e, const char *lang, size_t n);
/** Adds a cleaned field of the article (the title, then the text). Without a title, a short
 * first paragraph that reads as a headline (no final full stop) counts as the title. The terms
 * are copied: the cleaner may be reused at once. Returns 0 or NF_ENOMEM. */
NF_API int nf_event_add(nf_eventer *e, const nf_cleaned *c, int field);
/** Gives the text the next nf_event_add()'s cleaning was made from (what nf_clean() was given),
 * so that names are shown as the article writes them ("McCain"); without it a name's surface
 * is its normalized (case-folded) form. The text must stay valid until that call returns. */
NF_API void nf_event_source(nf_eventer *e, const char *text, size_t len);
/** The article's terms, distinct, in first-seen order; valid until nf_event_begin(). */
NF_API int nf_event_end(nf_eventer *e, const nf_event_term **terms, size_t *n);

typedef struct nf_story_options {
	int64_t window;	      /* seconds (default 3 days); 0 = no limit */
	int64_t half_life;    /* centroid decay, seconds (default 1 day); 0 = none */
	double join;	      /* online: cosine to a story's centroid (default 0.40) */
	double merge;	      /* refinement: average link between stories (default 0.16) */
	double split;	      /* refinement: average link of a group to its story (default 0.06) */
	double name_weight;   /* weight of a name relative to a word (default 2.0) */
	double number_weight; /* weight of a number (default 1.5) */
	unsigned max_terms;   /* terms kept per article vector (default 100) */
	bool one;	      /* every article in one story, whatever it says (a summariser's
				 input: the whole input is one story); default false */
} nf_story_options;

/** Fills *o with the defaults. */
NF_API void nf_story_options_init(nf_story_options *o);

typedef struct nf_stories nf_stories;

typedef struct nf_story {
	uint32_t id;		 /* 0, 1, 2 ... in the order stories are returned */
	const uint32_t *members; /* article numbers, ascending */
	size_t n_members;
	int64_t first, last; /* dates of the earliest and latest dated members, or NF_NO_DATE */
	const nf_event_term *terms; /* its strongest words and numbers, then names (8 of each) */
	size_t n_terms;
} nf_story;

/** `opt` may be NULL (defaults). Returns 0, NF_EINVAL, or NF_ENOMEM. */
NF_API int nf_stories_new(nf_stories **out, const nf_story_options *opt);
NF_API void nf_stories_free(nf_stories *s);
/** Batch: counts an article's terms into the document frequencies (before any add). `ids`
 * (may be NULL) receives a number per term, for nf_stories_add_ids(). */
NF_API int nf_stories_count(nf_stories *s, const nf_event_term *t, size_t n, uint32_t *ids);
/** Batch, after counting and before the first add: the counted articles belong to a larger
 * corpus (a store) of `corpus` articles in which term t is in `df` of them; the weights then
 * use those figures. Returns 0, NF_EINVAL (not now, or corpus smaller than the articles
 * counted), NF_ENOMEM. */
NF_API int nf_stories_set_df(nf_stories *s, const nf_event_term *t, uint32_t df, uint64_t corpus);
/** Adds the next article (streaming: counts it too). *doc receives its number (0, 1, ...).
 * Articles should come in date order; an undated article has no time constraint; a dated one
 * earlier than the latest date seen so far is taken as of that latest date. Returns 0 or
 * NF_ENOMEM. Stories that fall out of the window become ready for nf_stories_next(). */
NF_API int nf_stories_add(nf_stories *s, const nf_event_term *t, size_t n, int64_t date,
			  uint32_t *doc);
/** Adds an article counted before with nf_stories_count(). */
NF_API int nf_stories_add_counted(nf_stories *s, const nf_event_term *t, size_t n, int64_t date,
				  uint32_t *doc);
/** Adds an article counted before, by the ids nf_stories_count() gave its terms and their
 * weights: what to keep between the passes of a large batch (6 bytes a term). */
NF_API int nf_stories_add_ids(nf_stories *s, const uint32_t *ids, const float *weights, size_t n,
			      int64_t date, uint32_t *doc);
/** Ties articles a and b (a copy or reused passage): one story from now on. `hold`: keep that
 * story open until this date (a later tied article is still to come), or NF_NO_DATE.
 * Returns 0, NF_EINVAL (no such article), or 1 when one of them is in a story already returned. */
NF_API int nf_stories_link(nf_stories *s, uint32_t a, uint32_t b, int64_t hold);
/** The story of article `doc` so far: the number of its story's first article while the story
 * is live; NF_STORY_DONE | id once it has been returned by nf_stories_next(). */
#define NF_STORY_DONE 0x80000000u
NF_API uint32_t nf_stories_story(const nf_stories *s, uint32_t doc);
/** Ends the input: every live story is refined and becomes ready. */
NF_API int nf_stories_finish(nf_stories *s);
/** Returns the next ready story: 1 (and *out, valid until the next call), 0 when none is ready,
 * or NF_ENOMEM. Stories come oldest first (by first date, then first article). */
NF_API int nf_stories_next(nf_stories *s, nf_story *out);

typedef struct nf_stories_stats {
	uint64_t docs, stories, live, peak_live_docs;
	uint64_t joined, opened, linked, split, merged, late_links;
	uint64_t vocabulary;
} nf_stories_stats;
NF_API void nf_stories_get_stats(const nf_stories *s, nf_stories_stats *out);

/* ============================================================================================ */
/* Digest: what a story says (lib/digest)                                                       */
/* ============================================================================================ */
/*
 * One story at a time: nf_digest_begin(), nf_digest_add() for each article (any order; each is
 * copied and cleaned), nf_digest_run(). The copy families come from the story's pairs of articles
 * sharing text: an engine that aligned them already hands them in (nf_digest_known(), then
 * nf_digest_add_pair() for each), else the digester aligns the articles pair by pair itself (all
 * pairs up to 64 articles, else the pairs the passage-reuse index finds). Pairs related as copy
 * or partial join a family, as everywhere in newsfold (enum nf_relation). Then:
 *
 * - headline: the title most similar to the story (without titles: a short first paragraph, else
 *   the lead sentence, that is);
 * - summary: three to five sentences (or what fits a budget: nf_digester_summary_limit)
 *   covering the story's corroborated facts: a fact is two
 *   stems shared by articles, said close together in one sentence (a quotation running over
 *   several sentences is one), weighing the votes of the articles that state it in their own
 *   words (a copy family votes once; the lead counts twice; text the article shares with another
 *   family, such as a quotation they all carry, is one voice however many carry it); picked
 *   greedily by the facts they add per square root of length, paraphrases of a pick skipped;
 *   each with the articles that support it;
 * - quotes: quoted passages (curly, straight, guillemets, low-high, and `` '' of tokenized text;
 *   across paragraph breaks when the next paragraph reopens the quote) of six or more words,
 *   with the speaker from the words around them ("X said", "said X", "X wrote", "X told
 *   reporters", "according to X", "X: ...", "the officer said"; a pronoun is the article's last
 *   named speaker; a paragraph all quotation after one quoting a named speaker goes on with
 *   them), merged across articles, with the articles that carry each, all of them, most carried
 *   first;
 * - sources: per article its role (origin of a copy family, verbatim / edited / partial copy of
 *   it, or independent), the share of its words reused from its family, and the sentences only it
 *   has among the story's articles (what it added);
 * - names: the most widespread capitalised names.
 *
 * Offsets are bytes into each article's original text (or its title, for a headline taken from
 * a title). Everything returned is owned by the digester and valid until nf_digest_begin().
 */
enum nf_role {
	NF_ROLE_INDEPENDENT = 0, /* shares no copied text with another article of the story */
	NF_ROLE_ORIGIN = 1,	 /* the source of its copy family */
	NF_ROLE_VERBATIM = 2,	 /* a copy of the origin, word for word */
	NF_ROLE_EDITED = 3,	 /* a copy with words changed */
	NF_ROLE_PARTIAL = 4	 /* part of its text from the family, part its own */
};
/** "independent", "origin", "verbatim copy", "edited copy", "partial copy". */
NF_API const char *nf_role_name(int role);

typedef struct nf_digest_sentence {
	uint32_t doc;		 /* article (number in the story) */
	nf_span span;		 /* bytes of its original text */
	const uint32_t *support; /* articles carrying it or a close paraphrase (ascending) */
	size_t n_support;
	double score;
} nf_digest_sentence;

typedef struct nf_digest_quote {
	uint32_t doc;		  /* the article whose wording is shown (the longest) */
	nf_span span;		  /* the quoted words, inside the marks */
	int32_t speaker_doc;	  /* where the speaker's name was found, -1 if unknown */
	nf_span speaker;	  /* bytes of that article's text */
	const uint32_t *carriers; /* articles carrying the quote (ascending) */
	size_t n_carriers;
} nf_digest_quote;

typedef struct nf_digest_source {
	int role;	      /* enum nf_role */
	int32_t copy_of;      /* the family's origin for a copy, else -1 (also for the copies of a
				 common wire: agency copies with no source named) */
	uint32_t family;      /* smallest article number of its copy family (itself if none) */
	double reused;	      /* share of its content words found in its family's other articles */
	const nf_span *added; /* its sentences no other article has (the first 8) */
	size_t n_added;
} nf_digest_source;

typedef struct nf_digest_name {
	uint32_t doc; /* an article spelling it the most common way */
	nf_span span;
	uint32_t docs; /* articles naming it */
} nf_digest_name;

typedef struct nf_digest_pair {
	uint32_t a, b;		 /* articles, a < b */
	int relation;		 /* enum nf_relation (never NF_REL_NONE here) */
	const nf_passage *spans; /* as nf_align() gave them, boilerplate ones flagged */
	size_t n_spans;
} nf_digest_pair;

typedef struct nf_digest {
	size_t n_docs;
	int32_t headline_doc;	/* -1: no headline */
	bool headline_in_title; /* span is in the title, else in the text */
	nf_span headline;
	const nf_digest_sentence *summary;
	size_t n_summary;
	const nf_digest_quote *quotes; /* all found, most carried first, then longest */
	size_t n_quotes;
	const nf_digest_source *sources; /* one per article, in article order */
	const nf_digest_name *names;
	size_t n_names;
	const nf_digest_pair *pairs; /* the aligned pairs sharing text */
	size_t n_pairs;
} nf_digest;

typedef struct nf_digester nf_digester;

/** Creates a digester; `language` as for nf_eventer_new (NULL: english). */
NF_API int nf_digester_new(nf_digester **out, const char *language);
NF_API void nf_digester_free(nf_digester *d);
/** Gives the summary a budget: at most `bytes` bytes (sentences joined by one space) and
 * `words` words (0 = no limit on that count). With a budget the summary is not three to five
 * sentences: picks go on while one still fits. */
NF_API void nf_digester_summary_limit(nf_digester *d, size_t bytes, size_t words);
/** Starts a new story (forgets the articles of the last one). */
NF_API void nf_digest_begin(nf_digester *d);
/** Adds an article (copied). Returns 0 or NF_ENOMEM. */
NF_API int nf_digest_add(nf_digester *d, const nf_doc *doc);
/**
 * Says that the story's pairs sharing text will be handed in with nf_digest_add_pair(): the
 * digester aligns nothing itself (and nf_digest_add() prepares nothing for it). Call right after
 * nf_digest_begin(); a pair not handed in shares no text.
 */
NF_API void nf_digest_known(nf_digester *d);
/**
 * Hands in what an engine found for articles a and b (numbers in the order added; either may be
 * the larger, the alignment's sides a and b are theirs): its relation, source, coverages and
 * spans, as nf_align() gives them. A pair of near or exact duplicates known without an alignment
 * is an alignment without spans, relation NF_REL_COPY and the share of each side found in the
 * other (1 and 1 for exact duplicates). A pair related NF_REL_NONE is ignored. Returns 0,
 * NF_ENOMEM, or NF_EINVAL (a == b, or an unknown relation).
 */
NF_API int nf_digest_add_pair(nf_digester *d, uint32_t a, uint32_t b, const nf_alignment *al);
/** The work of every story digested so far: article pairs aligned by the digester itself,
 * sentence postings walked to find paraphrases (each distinct sentence once), and quote 3-gram
 * postings and pairs counted to join the quotes that are the same. */
NF_API void nf_digester_work(const nf_digester *d, uint64_t *pairs, uint64_t *sentence_work,
			     uint64_t *quote_work);
/** Digests the articles added since nf_digest_begin(). Returns 0, NF_ENOMEM, or NF_EINVAL when
 * a pair handed in names an article not added. */
NF_API int nf_digest_run(nf_digester *d, const nf_digest **out);
/**
 * Appends the digest as one JSON object: headline {text, id, from}, summary [{text, id, start,
 * end, sources}], quotes [{text, speaker, id, start, end, carriers, outlets}], sources [{id,
 * outlet, url, date, role, copy_of, family, reused, added}], timeline [{date, outlet, id}], names
 * [{name, articles}]. Texts have white space runs as one space; offsets are into the original
 * text of the article `id`. Returns 0 or NF_ENOMEM.
 */
NF_API int nf_digest_json(const nf_digester *d, const nf_digest *g, nf_buf *out);
/**
 * Appends the story's articles and aligned pairs as one JSON object (what a side-by-side view
 * needs): {"articles":[{id, title, outlet, url, date, text, boiler:[[start,end],...]}],
 * "pairs":[{a, b, relation, spans:[[a_start,a_end,b_start,b_end,kind,boilerplate],...]}]},
 * a and b being article numbers, offsets bytes of the texts. Returns 0 or NF_ENOMEM.
 */
NF_API int nf_digest_articles_json(const nf_digester *d, const nf_digest *g, nf_buf *out);
/** Appends the members of a story-list entry: "headline":..,"names":[..],"outlets":[..] (the
 * first eight),"sources":N (how many outlets in all) (no braces). Returns 0 or NF_ENOMEM. */
NF_API int nf_digest_index_json(const nf_digester *d, const nf_digest *g, nf_buf *out);

/* --- the HTML report (lib/write) -------------------------------------------------------------
 * One self-contained file: inline CSS and script (allowed by their SHA-256 in a strict
 * Content-Security-Policy; nothing else loads), the story index and one JSON block per story
 * in <script type="application/json"> elements whose '<', '>', '&', U+2028 and U+2029 are
 * escaped, so article text can never close them. The script renders a story when it is opened,
 * with textContent only, so article text is never markup.
 */
typedef struct nf_reporter nf_reporter;
#define NF_REPORT_BYTES 40000000ull /* the size newsfold report keeps to by default: 40 MB */

/**
 * A report of at most `max_bytes` bytes (0: no limit; a page with no story takes about 16 KB):
 * every story is in its list; the largest stories (by articles, then outlets) carry their
 * details within the budget: first whole (digest, articles' texts, the pairs' spans for the
 * side-by-side view) while those take half of it, then the digest alone while the page fits.
 * The stories' blocks wait in an unlinked temporary file in tmp_dir (NULL: $TMPDIR, else /tmp)
 * until the end. Returns 0, NF_ENOMEM or NF_EIO.
 */
NF_API int nf_reporter_new(nf_reporter **out, const char *title, uint64_t max_bytes,
			   const char *tmp_dir);
NF_API void nf_reporter_free(nf_reporter *r);
/** Adds one story (`story`: its number; first, last: its dates) from its digest. */
NF_API int nf_reporter_add(nf_reporter *r, uint32_t story, int64_t first, int64_t last,
			   const nf_digester *d, const nf_digest *g);
/** After the last story: appends the next piece of the page to out. Returns 1 (a piece), 0 (the
 * page is complete), NF_ENOMEM or NF_EIO. */
NF_API int nf_reporter_next(nf_reporter *r, nf_buf *out);
/** How many stories the page holds whole, as a digest only, and as a list entry only (once the
 * page is written). */
NF_API void nf_reporter_shown(const nf_reporter *r, uint64_t *full, uint64_t *digest,
			      uint64_t *none);

/* ============================================================================================ */
/* The feed: records in, cleaned documents out, in input order (lib/engine)                     */
/* ============================================================================================ */

/*
 * The first stages of every run: read the inputs, parse each record, clean its text and make
 * what later stages need of it (its clean JSON record, MinHash sketch, reuse fingerprints, event
 * terms), on worker threads, handed out in input order - so the result never depends on -j.
 * A record that cannot be read or parsed, an empty document and a repeated id come out as
 * rejects (item.rc < 0, item.err with file, line, offset and message): nothing is lost. When
 * boilerplate is marked and repeat_min > 0, the feed first reads everything once to find the
 * lines repeated across documents (page templates); stdin is then spooled to a temporary file.
 *
 *     nf_feed_options o; nf_feed_options_init(&o);
 *     o.make = NF_FEED_SKETCH;                           // what to make of each document
 *     nf_feed *f; nf_feed_new(&f, &o);
 *     nf_feed_add(f, "articles.jsonl.zst");              // files, directories, "-"
 *     nf_feed_item it; int rc;
 *     while ((rc = nf_feed_next(f, &it)) == 1) {
 *         if (it.rc < 0) { ... a reject: it.err ... continue; }
 *         ... it.id, it.date, it.rec (the raw record), it.sketch ...
 *     }
 *     if (rc < 0) ... NF_ENOMEM, NF_ECANCELED
 *     nf_feed_free(f);
 *
 * A feed is used by one thread at a time (it runs its own workers).
 */
enum nf_feed_make {
	NF_FEED_CLEAN_JSON = 1 << 0,   /* the record newsfold clean writes (nf_write_clean_json) */
	NF_FEED_SKETCH = 1 << 1,       /* nf_sketch (minhash, exact hash, simhash; no shingles) */
	NF_FEED_FINGERPRINTS = 1 << 2, /* reuse fingerprints (nf_reuse_fingerprints) */
	NF_FEED_TERMS = 1 << 3	       /* event terms of the title and text (nf_event_*) */
};

/* Called by nf_feed_next() on the caller's thread once per batch of records: records read so
 * far (rejects included), their bytes, and whether the feed is in its first (line-counting)
 * pass. A non-zero return cancels: nf_feed_next() then returns NF_ECANCELED. */
typedef int (*nf_feed_progress_fn)(void *ctx, uint64_t records, uint64_t bytes, bool first_pass);

typedef struct nf_feed_options {
	nf_read_options read;	  /* how records are read and parsed */
	nf_clean_options clean;	  /* .common is set by the feed's line pass */
	unsigned repeat_min;	  /* lines in this many documents are templates; 0 = no line pass;
				     nf_feed_options_init: 10 */
	int threads;		  /* 0 = all cores */
	unsigned make;		  /* enum nf_feed_make bits */
	unsigned json_flags;	  /* NF_FEED_CLEAN_JSON: enum nf_clean_json_flags */
	nf_sketch_options sketch; /* NF_FEED_SKETCH */
	nf_reuse_options reuse;	  /* NF_FEED_FINGERPRINTS */
	const char *language;	  /* NF_FEED_TERMS: Snowball language, NULL = english */
	const char *tmp_dir;	  /* where stdin is spooled when read twice; NULL = $TMPDIR,
				     else /tmp */
	nf_feed_progress_fn progress;
	void *progress_ctx;
} nf_feed_options;

/** Sets every option to its default. */
NF_API void nf_feed_options_init(nf_feed_options *o);

/* One record of the input, in input order. Everything it points to is valid until the next
 * nf_feed_next() call. */
typedef struct nf_feed_item {
	int rc;	       /* 0: an accepted document; < 0: a reject, described by err */
	nf_error err;  /* a reject's code, file, line, offset and message */
	nf_record rec; /* the raw record (data: the JSONL line or the whole file) */
	nf_str id;     /* the document's id (a reject's, when it was parsed; else empty) */
	bool id_is_number;
	int64_t date;		      /* NF_NO_DATE when absent */
	size_t text_len;	      /* bytes of its text */
	nf_str json;		      /* NF_FEED_CLEAN_JSON: one JSON line with its '\n' */
	nf_sketch sketch;	      /* NF_FEED_SKETCH: shingles NULL (n_shingles counts them) */
	const uint32_t *fingerprints; /* NF_FEED_FINGERPRINTS */
	size_t n_fingerprints;
	const nf_event_term *terms; /* NF_FEED_TERMS */
	size_t n_terms;
} nf_feed_item;

typedef struct nf_feed nf_feed;

/** Creates a feed. Returns 0, NF_ENOMEM, or NF_EINVAL (bad options, unknown language). */
NF_API int nf_feed_new(nf_feed **out, const nf_feed_options *o);
NF_API void nf_feed_free(nf_feed *f);
/**
 * Queues an input: a file, a directory (read recursively) or "-" for stdin, before the first
 * nf_feed_next() (a feed given no input reads stdin). An input that cannot be opened comes out as a
 * reject (NF_ENOENT, NF_EIO). Returns 0, NF_ENOMEM, NF_EIO (stdin cannot be spooled) or NF_EINVAL
 * (after nf_feed_next()).
 */
NF_API int nf_feed_add(nf_feed *f, const char *path);
/**
 * The next item: returns 1 and fills *it, 0 at the end, or NF_ENOMEM / NF_ECANCELED (the feed
 * is then finished). The first call runs the line pass, if any. Cost: the reading, parsing and
 * cleaning of the inputs, spread over the threads, in batches of up to 4096 records or 16 MB.
 */
NF_API int nf_feed_next(nf_feed *f, nf_feed_item *it);

typedef struct nf_feed_stats {
	uint64_t records, docs, rejects; /* rejects = records - docs */
	uint64_t by_code[32];		 /* rejects by -code (NF_EJSON: by_code[5] ...) */
	nf_reader_stats read;		 /* of the main pass */
	size_t repeated_lines;		 /* template lines found by the line pass */
	double seconds_line_pass;
} nf_feed_stats;

/** Counters so far. */
NF_API void nf_feed_stats_get(const nf_feed *f, nf_feed_stats *st);
/** The template lines the line pass found (NULL when there was none), handed to the caller, who
 * frees it with nf_lines_free() after nf_feed_free(): later stages clean the same documents
 * again with them (e.g. for alignment). Call after the last nf_feed_next(). */
NF_API nf_lines *nf_feed_take_lines(nf_feed *f);

/* --- the spool: a batch's documents, reloadable by number ----------------------------------------
 *
 * The accepted records of a run in an unlinked temporary file: nf_spool_put() appends one
 * (document numbers count from 0 in the order put), nf_spool_get() reads one back with one pread.
 * Memory holds about 48 bytes a document (offsets, id, date); the file is gone with the spool.
 * nf_spool_get() may run on several threads at once (after nf_spool_flush()); the rest may not.
 */
typedef struct nf_spool nf_spool;

typedef struct nf_spool_entry {
	const void *data; /* the bytes to keep (e.g. the raw record) */
	size_t len;
	nf_str id; /* at most 65 535 bytes kept */
	bool id_is_number;
	int64_t date;
	const char *file; /* where the record came from (copied) */
	uint64_t line;
	int format;	 /* enum nf_format */
	uint64_t offset; /* the record's offset in its input (nf_record.offset) */
} nf_spool_entry;

/** Creates a spool in tmp_dir (NULL: $TMPDIR, else /tmp). Returns 0, NF_ENOMEM or NF_EIO. */
NF_API int nf_spool_new(nf_spool **out, const char *tmp_dir);
NF_API void nf_spool_free(nf_spool *s);
/** Appends a document. Returns 0, NF_ENOMEM, NF_EIO (the file) or NF_ELIMIT (2^32 - 1). */
NF_API int nf_spool_put(nf_spool *s, const nf_spool_entry *e);
/** Writes what is buffered, before documents are read back. Returns 0 or NF_EIO. */
NF_API int nf_spool_flush(nf_spool *s);
NF_API uint32_t nf_spool_count(const nf_spool *s);
/** Reads document i's bytes into buf (NUL-terminated) and describes them as a record (data,
 * len, file, line, format). Returns 0, NF_EINVAL (no such document), NF_ENOMEM or NF_EIO. */
NF_API int nf_spool_get(const nf_spool *s, uint32_t i, nf_buf *buf, nf_record *rec);
/** Document i's id (valid while the spool lives); *is_number (may be NULL) as given. */
NF_API nf_str nf_spool_id(const nf_spool *s, uint32_t i, bool *is_number);
NF_API int64_t nf_spool_date(const nf_spool *s, uint32_t i);
/** The number of the document with this id: 0 and *i, or NF_ENOENT (NF_ENOMEM). The first call
 * after a put builds an index of the ids (about 8 bytes a document). */
NF_API int nf_spool_find(nf_spool *s, const char *id, size_t n, uint32_t *i);

/* --- the duplicates of a run (newsfold dedup) ---------------------------------------------------
 *
 * Feed it the documents of a feed made with nf_dups_feed_options() (in input order), finish it
 * (every candidate pair verified by the exact Jaccard similarity of the shingle sets, on
 * o->threads threads), then read back the records kept (one per family: the earliest dated, then
 * the longest, then the first), the verified pairs and the families of two or more:
 *
 *     nf_dups *d; nf_dups_new(&d, &o);
 *     nf_dups_feed_options(d, &fo);  ... while (nf_feed_next(f, &it) == 1) nf_dups_add(d, &it);
 *     nf_dups_finish(d);
 *     while (nf_dups_next_kept(d, &buf, &rec, &doc) == 1) ...;   // then pairs, families
 *     nf_dups_free(d);
 *
 * Memory holds the LSH index and about 48 bytes a document; the records wait in a spool file.
 * Documents are numbered from 0 in the order added.
 */
typedef struct nf_dups nf_dups;

typedef struct nf_dups_options {
	nf_sketch_options sketch; /* k 0 = 128, ngram 0 = 5 */
	nf_dedup_options dedup;	  /* method, bands/rows, hamming, max_chain (threshold: set here) */
	double threshold;	  /* Jaccard similarity of duplicates; 0 = 0.8 */
	double containment;	  /* also link when one side holds this much of the other; 0 = off.
				   * Candidates then come from bands tuned for min(threshold, C/2). */
	nf_read_options read;	  /* to parse the records again */
	int threads;		  /* verification threads; 0 = one per core */
	const char *tmp_dir;	  /* the records' spool; NULL = $TMPDIR, else /tmp */
} nf_dups_options;

typedef struct nf_dup_pair {
	uint32_t a, b; /* documents, a < b */
	bool exact;    /* same content hash */
	bool verified; /* linked: Jaccard >= threshold, or containment >= the option */
	float jaccard, containment_a, containment_b; /* containment_a: share of a's shingles in b */
} nf_dup_pair;

typedef struct nf_dup_family {
	uint32_t family;	 /* its smallest document */
	uint32_t representative; /* the document kept */
	const uint32_t *members; /* ascending */
	size_t n_members;
	const size_t *pairs; /* indexes of its verified pairs (nf_dups_pair()), in found order */
	size_t n_pairs;
} nf_dup_family;

typedef struct nf_dups_stats {
	uint64_t docs, kept, families; /* families of two or more */
	uint64_t candidate_pairs, verified_pairs, exact_pairs;
	unsigned k, ngram, bands, rows;
	double threshold, lsh_threshold, containment;
	bool simhash;
} nf_dups_stats;

NF_API void nf_dups_options_init(nf_dups_options *o);
/** Returns 0, NF_ENOMEM, NF_EIO (no spool file) or NF_EINVAL (bands x rows beyond k lanes). */
NF_API int nf_dups_new(nf_dups **out, const nf_dups_options *o);
NF_API void nf_dups_free(nf_dups *d);
/** Sets what a feed must make for nf_dups_add() (make, sketch options, no line pass). */
NF_API void nf_dups_feed_options(const nf_dups *d, nf_feed_options *fo);
/** Adds a document of the feed (an accepted item). Returns 0, NF_ENOMEM, NF_EIO, NF_ELIMIT. */
NF_API int nf_dups_add(nf_dups *d, const nf_feed_item *it);
/** Verifies the candidates and forms the families. Returns 0, NF_ENOMEM or NF_EIO. */
NF_API int nf_dups_finish(nf_dups *d);
/** The next record kept, in input order, into buf (rec describes it; doc, if not NULL, gets it
 * parsed). Returns 1, 0 at the end, or NF_E*. */
NF_API int nf_dups_next_kept(nf_dups *d, nf_buf *buf, nf_record *rec, nf_doc *doc);
/** The next verified pair, in the order found. Returns 1 or 0 at the end. */
NF_API int nf_dups_next_pair(nf_dups *d, const nf_dup_pair **p);
/** The next family of two or more, by smallest document (arrays valid until the next call).
 * Returns 1 or 0 at the end. */
NF_API int nf_dups_next_family(nf_dups *d, nf_dup_family *f);
NF_API const nf_dup_pair *nf_dups_pair(const nf_dups *d, size_t i);
/** Document doc's id; *is_number (may be NULL) as given. */
NF_API nf_str nf_dups_id(const nf_dups *d, uint32_t doc, bool *is_number);
/** "exact", "near" (Jaccard >= threshold) or "contained". */
NF_API const char *nf_dup_kind(const nf_dups *d, const nf_dup_pair *p);
NF_API void nf_dups_stats_get(const nf_dups *d, nf_dups_stats *st);
/** JSON lines of newsfold dedup --pairs and --groups, and the {id, date, text} line written for
 * a kept document that was not read from JSONL. Return 0 or NF_ENOMEM. */
NF_API int nf_write_dup_pair_json(nf_buf *b, const nf_dups *d, const nf_dup_pair *p);
NF_API int nf_write_dup_family_json(nf_buf *b, const nf_dups *d, const nf_dup_family *f);
NF_API int nf_write_doc_json(nf_buf *b, const nf_doc *doc);
/** What the LSH does with these options (bands x rows, its S-curve), as text lines. */
NF_API int nf_write_dups_explain(nf_buf *b, const nf_dups *d);

/**
 * The text newsfold compare prints: a summary of two articles' alignment (both articles, the
 * relation, each span with its kind, words, similarity and byte offsets) and their texts side by
 * side in two columns of (width - 3) / 2 (width at least 20), the passages numbered and, with
 * color, highlighted with ANSI escapes (green verbatim, yellow edited, cyan quotation, dim
 * boilerplate); without color each span is bracketed as [n> ... <n]. c[i] is doc[i]'s cleaning
 * and res the alignment of doc[0] (a) with doc[1] (b). Returns 0 or NF_ENOMEM.
 */
NF_API int nf_write_compare(nf_buf *out, const nf_doc *const doc[2], const nf_cleaned *const c[2],
			    const nf_alignment *res, int width, bool color);

/** newsfold compare as a call: what to compare and how to show it. */
typedef struct nf_compare_options {
	const char *a, *b; /* the two articles' ids, or both NULL: the first two read */
	nf_read_options read;
	nf_align_options align;
	int width;  /* of the side-by-side text (at least 20) */
	bool color; /* ANSI colors (else brackets) */
	/* called for each record on the way that cannot be read or parsed (may be NULL) */
	void (*skipped)(void *ctx, const nf_error *err);
	void *ctx;
} nf_compare_options;

/**
 * Reads the inputs (none: stdin) until the two articles are found, cleans and aligns them and
 * appends what nf_write_compare() makes. Returns 0, NF_ENOENT (an article not found, or fewer
 * than two), NF_EINVAL (a without b), NF_ENOMEM or an input's error; err->message says which.
 */
NF_API int nf_compare_inputs(nf_buf *out, const char *const *inputs, int n_inputs,
			     const nf_compare_options *o, nf_error *err);

/* --- the reused passages of a run (newsfold reuse) ----------------------------------------------
 *
 * Feed it the documents of a feed made with nf_reuser_feed_options() (in input order), finish it
 * with the feed's templates (nf_feed_take_lines(); the documents are cleaned again with them),
 * then read back every pair of documents sharing passages, aligned, in order of (a, b):
 *
 *     nf_reuser *r; nf_reuser_new(&r, &o);
 *     nf_reuser_feed_options(r, &fo);  ... while (nf_feed_next(f, &it) == 1) nf_reuser_add(r, &it);
 *     nf_reuser_finish(r, lines);
 *     while (nf_reuser_next(r, &link) == 1) ...;
 *     nf_reuser_free(r);
 *
 * The pairs are aligned on o->threads threads in rounds of 65 536; the result is the same at any
 * number of threads. Documents are numbered from 0 in the order added.
 */
typedef struct nf_reuser nf_reuser;

typedef struct nf_reuser_options {
	nf_reuse_options reuse; /* fingerprints and candidates (its mem and tmp_dir: the index's
				   budget; the records' spool goes to tmp_dir too) */
	nf_align_options align; /* spans */
	nf_read_options read;	/* to parse the records again */
	int threads;		/* 0 = one per core */
} nf_reuser_options;

typedef struct nf_reuse_link {
	uint32_t a, b; /* documents, a < b */
	bool pivot;    /* a pivot pair: they share passages over the df cap (nf_reuse_pair.wide) */
	nf_alignment al; /* never NF_REL_NONE; spans valid until the next nf_reuser_next() */
} nf_reuse_link;

/* A copy family of a widely copied passage: the documents its pivot pairs related as copy or
 * partial join, transitively. */
typedef struct nf_reuse_family {
	const uint32_t *docs;	/* ascending; valid until the next call */
	const double *coverage; /* per member: its best coverage in those pairs */
	size_t n;
	int64_t origin; /* the member those pairs name the source most often; -1: none named (copies
			   of a wire from outside the input) */
} nf_reuse_family;

typedef struct nf_reuser_stats {
	uint64_t docs;
	nf_reuse_stats index; /* fingerprints and candidates */
	uint64_t aligned_pairs, linked_pairs, copy_pairs, partial_pairs, quote_pairs, passage_pairs,
	    spans;
	uint64_t families; /* handed out by nf_reuser_next_family so far */
} nf_reuser_stats;

NF_API void nf_reuser_options_init(nf_reuser_options *o);
/** Returns 0, NF_ENOMEM, NF_EIO (no spool file) or NF_EINVAL (min_words below seed_words). */
NF_API int nf_reuser_new(nf_reuser **out, const nf_reuser_options *o);
NF_API void nf_reuser_free(nf_reuser *r);
/** Sets what a feed must make for nf_reuser_add() (make, reuse options); repeat_min (the
 * template line pass) is the caller's choice. */
NF_API void nf_reuser_feed_options(const nf_reuser *r, nf_feed_options *fo);
/** Adds a document of the feed (an accepted item). Returns 0, NF_ENOMEM, NF_EIO, NF_ELIMIT. */
NF_API int nf_reuser_add(nf_reuser *r, const nf_feed_item *it);
/** Finds the candidate pairs; templates (may be NULL; kept by the caller until the reuser is
 * freed) are those the feed cleaned with. Returns 0 or NF_ENOMEM, NF_EIO. */
NF_API int nf_reuser_finish(nf_reuser *r, const nf_lines *templates);
/** The next pair sharing passages. Returns 1, 0 at the end, or NF_E*. */
NF_API int nf_reuser_next(nf_reuser *r, nf_reuse_link *l);
/** Once nf_reuser_next() returned 0: the next copy family of a widely copied passage, in order
 * of its first member. Returns 1, 0 at the end, NF_EINVAL before the pairs are read, NF_ENOMEM. */
NF_API int nf_reuser_next_family(nf_reuser *r, nf_reuse_family *f);
/** Document doc's id; *is_number (may be NULL) as given. */
NF_API nf_str nf_reuser_id(const nf_reuser *r, uint32_t doc, bool *is_number);
/** Counters; the alignment ones count the pairs read so far. */
NF_API void nf_reuser_stats_get(const nf_reuser *r, nf_reuser_stats *st);
/** The JSON line of newsfold reuse for a pair (see the man page). 0 or NF_ENOMEM. */
NF_API int nf_write_reuse_json(nf_buf *b, const nf_reuser *r, const nf_reuse_link *l);
/** The "spans" array of that line alone (a store keeps it in table reuse). 0 or NF_ENOMEM. */
NF_API int nf_write_spans_json(nf_buf *b, const nf_alignment *al);
/** The JSON line of newsfold reuse for a family: {"family":[ID,...],"coverage":[...],"origin":ID
 * or null}. 0 or NF_ENOMEM. */
NF_API int nf_write_reuse_family_json(nf_buf *b, const nf_reuser *r, const nf_reuse_family *f);

/* --- the engine: stories and digests of a batch ------------------------------------------------
 *
 * What newsfold stories, digest and report run, as one object: read the inputs (the feed makes
 * each article's event terms), tie the articles that must share a story (copies, reused
 * passages: e.g. the pairs of newsfold reuse), then take the stories as they close, oldest
 * first, each with its members, the copy families the ties make inside it and, when asked, its
 * digest. Memory holds about a window's worth of articles (plus ~50 bytes an article); the rest
 * waits in spools. The result depends only on the articles, not on their input order.
 *
 *     nf_engine_options o; nf_engine_options_init(&o);
 *     o.digest = true;
 *     nf_engine *e; nf_engine_new(&e, &o);
 *     nf_engine_add(e, "articles.jsonl");
 *     nf_feed_item it;
 *     while (nf_engine_read(e, &it) == 1) if (it.rc < 0) ... a reject ...
 *     nf_engine_tie(e, "a17", 3, "b2", 2);                   // optional
 *     nf_engine_story s;
 *     while (nf_engine_next_story(e, &s) == 1) ... s.members, s.families, s.digest ...
 *     nf_engine_free(e);
 *
 * One thread at a time per engine (it runs the feed's workers itself).
 */
typedef struct nf_engine_options {
	nf_feed_options feed;	/* reading, cleaning, threads, line pass; .language for terms */
	nf_story_options story; /* clustering */
	bool digest;		/* each story with its digest (the records are spooled for it) */
	size_t summary_bytes, summary_words; /* the digests' summary budget (0: none; see
						nf_digester_summary_limit) */
	uint64_t report_bytes;		     /* the report's size budget (nf_reporter_new; default
						NF_REPORT_BYTES) */
} nf_engine_options;

/** Sets every option to its default. */
NF_API void nf_engine_options_init(nf_engine_options *o);

typedef struct nf_engine_member {
	uint32_t doc; /* document number: 0, 1, ... in input order of the accepted articles */
	nf_str id;
	bool id_is_number;
	int64_t date;
} nf_engine_member;

typedef struct nf_engine_story {
	uint32_t id;	     /* 0, 1, 2 ... in the order stories close */
	int64_t first, last; /* dates of its earliest and latest dated members, or NF_NO_DATE */
	const nf_engine_member *members; /* in (date, id) order */
	size_t n_members;
	const uint32_t *families; /* its copy families: positions in members, family after family
				     (each in document order, the families by their first one) */
	const uint32_t *family_sizes; /* members of each family (two or more) */
	size_t n_families;
	const nf_event_term *terms; /* its strongest words and numbers, then names */
	size_t n_terms;
	const nf_digest *digest; /* with options.digest; write it with nf_engine_digester() */
} nf_engine_story;

typedef struct nf_engine_stats {
	nf_feed_stats feed;
	nf_stories_stats stories_run;
	uint64_t ties, late_ties; /* ties made; ties to an article whose story had closed */
	uint64_t stories, singletons, largest, families; /* the stories handed out so far */
	bool digested; /* with digests: their work so far, as nf_digester_work() */
	uint64_t digest_pairs, digest_sentence_work, digest_quote_work;
} nf_engine_stats;

typedef struct nf_engine nf_engine;

/** Creates an engine. Returns 0, NF_ENOMEM, NF_EINVAL (bad options), NF_EIO (no spool file). */
NF_API int nf_engine_new(nf_engine **out, const nf_engine_options *o);
NF_API void nf_engine_free(nf_engine *e);
/** Queues an input (as nf_feed_add), before reading. */
NF_API int nf_engine_add(nf_engine *e, const char *path);
/**
 * Reads the next record: 1 and *it (an article, taken in, or a reject), 0 when all are read,
 * or NF_ENOMEM, NF_EIO (the spool), NF_ECANCELED. Optional: nf_engine_next_story() reads
 * whatever is left (rejects unseen).
 */
NF_API int nf_engine_read(nf_engine *e, nf_feed_item *it);
/** After reading, before the first story: ties two articles by id. Returns 0, NF_ENOENT (an id
 * not read), NF_EINVAL (not now), NF_ENOMEM. */
NF_API int nf_engine_tie(nf_engine *e, const char *a, size_t na, const char *b, size_t nb);

typedef struct nf_tie_stats {
	uint64_t ties;		 /* pairs that tied two articles read */
	uint64_t unknown;	 /* pairs naming an article not read (left out) */
	uint64_t bad;		 /* lines that are not a pair (left out) */
	uint64_t first_bad_line; /* the first of them (1-based), 0 when none */
} nf_tie_stats;
/** Ties the pairs of a file (newsfold stories --links): JSON lines with "a" and "b" ids (strings
 * or integers), as newsfold reuse and dedup --pairs write them; a pair whose "relation" is
 * "quote" or "none" ties nothing. Returns 0, or NF_ENOENT, NF_EIO, NF_ENOMEM, NF_EINVAL (not
 * now), described in *err. */
NF_API int nf_engine_tie_file(nf_engine *e, const char *path, nf_tie_stats *st, nf_error *err);
/** The next story to close: 1 and *s (valid until the next call), 0 at the end, or NF_E*. */
NF_API int nf_engine_next_story(nf_engine *e, nf_engine_story *s);
/** Document `doc`'s id (valid while the engine lives); *is_number (may be NULL) as given. */
NF_API nf_str nf_engine_doc_id(const nf_engine *e, uint32_t doc, bool *is_number);
/** The digester whose digests the stories carry (for nf_digest_json and the report). */
NF_API const nf_digester *nf_engine_digester(const nf_engine *e);
NF_API void nf_engine_stats_get(const nf_engine *e, nf_engine_stats *st);

/* ============================================================================================ */
/* The store: articles, families and stories kept across runs (lib/store, lib/engine)           */
/* ============================================================================================ */

/*
 * A store is a directory holding newsfold.db, a SQLite database (schema in docs/store.md, for
 * users who query it with the sqlite3 shell). Each add is one transaction: the articles (their
 * raw records and fields, a new version when an id comes back with other text), the near and
 * exact duplicates of everything stored (families span adds), the stories the new articles
 * join or open - with ids that stay: when stories merge the older id survives and the other
 * records where it went, when one splits the part holding its first article keeps the id - and
 * the digests of the stories that changed. Every add is numbered (seq) and its story events
 * (created, grew, merged, split, updated) are kept under that number.
 *
 *     nf_store *s;
 *     if (nf_store_open(&s, "news.store", NF_STORE_CREATE)) { nf_store_errmsg(s) ...; }
 *     nf_add_options o; nf_add_options_init(&o);
 *     nf_add *a; nf_add_begin(&a, s, &o);                  // the write lock
 *     nf_add_input(a, "today.jsonl");
 *     nf_feed_item it;
 *     while (nf_add_read(a, &it) == 1) if (it.rc < 0) ... a reject ...
 *     nf_add_stats st; nf_add_commit(a, &st);              // stages, then COMMIT
 *     nf_add_free(a); nf_store_close(s);
 *
 * A store is used by one thread at a time per handle; other processes may read while one
 * writes (they see the last committed add); a second writer waits up to 10 s, then gets NF_EBUSY.
 */
enum nf_store_flags {
	NF_STORE_CREATE = 1 << 0,  /* create the directory and the store when missing */
	NF_STORE_READONLY = 1 << 1 /* open for reading only */
};

typedef struct nf_store nf_store;

/**
 * Opens the store in `dir`. Returns 0, or NF_ENOENT (no store and no NF_STORE_CREATE), NF_ESTORE
 * (a directory that is not a store: never written to), NF_EVERSION (made by a newer newsfold),
 * NF_EINVAL (on a network file system), NF_EIO, NF_ENOMEM. *out is set even on failure (unless
 * NF_ENOMEM), for nf_store_errmsg(); close it with nf_store_close().
 */
NF_API int nf_store_open(nf_store **out, const char *dir, unsigned flags);
NF_API void nf_store_close(nf_store *s);
/** What the last failing call said, one line naming the store. */
NF_API const char *nf_store_errmsg(const nf_store *s);
/** The number of the last add (0 for a new store). */
NF_API int64_t nf_store_last_seq(nf_store *s);

enum nf_stage {
	NF_STAGE_DEDUP = 1 << 0,   /* exact and near duplicates of everything stored: families */
	NF_STAGE_STORIES = 1 << 1, /* the stories the articles join or open */
	NF_STAGE_DIGEST = 1 << 2,  /* the digests of the stories that changed */
	NF_STAGE_REUSE = 1 << 3,   /* passages shared with articles stored by adds that ran it,
				      within the story window: aligned, in table reuse */
	NF_STAGE_ALL = 15,
	NF_STAGE_DEFAULT = NF_STAGE_ALL /* what an add runs unless told otherwise */
};

typedef struct nf_add_options {
	nf_feed_options feed;	/* reading and cleaning (what it makes is set by the add) */
	nf_story_options story; /* as for nf_engine */
	unsigned stages;	/* enum nf_stage bits; nf_add_options_init: NF_STAGE_DEFAULT */
	double threshold;	/* Jaccard of near duplicates; nf_add_options_init: 0.8 */
} nf_add_options;

NF_API void nf_add_options_init(nf_add_options *o);

typedef struct nf_add_stats {
	int64_t seq;			    /* this add's number */
	uint64_t records, rejected;	    /* records read; rejects among them */
	uint64_t added, updated, unchanged; /* new ids; new versions; re-added as they were */
	uint64_t duplicates;		    /* pairs found exact or near duplicates */
	uint64_t reuse_pairs;		    /* pairs found sharing passages (the reuse stage) */
	uint64_t removed;		    /* articles removed (nf_add_remove, _expire) */
	uint64_t reclustered;		    /* stored articles whose stories were redone */
	uint64_t created, grew, merged, split, changed, removed_stories; /* story events */
} nf_add_stats;

typedef struct nf_add nf_add;

/** Starts an add: takes the store's write lock (NF_EBUSY after 10 s). Returns 0 or NF_E*. */
NF_API int nf_add_begin(nf_add **out, nf_store *s, const nf_add_options *o);
/** Queues an input (as nf_feed_add; "-" is stdin). An add given no input reads nothing. */
NF_API int nf_add_input(nf_add *a, const char *path);
/** Reads and stores the next record: 1 and *it (an article or a reject), 0 at the end. */
NF_API int nf_add_read(nf_add *a, nf_feed_item *it);
/** The counters of the add's reading so far (records, rejects, files and bytes read). */
NF_API void nf_add_feed_stats(const nf_add *a, nf_feed_stats *st);
/** Removes a stored article (a takedown) in this add: its record and earlier versions, its
 * links and band keys; its family and story are redone at commit. Returns 0, NF_ENOENT (no such
 * id), NF_E*. */
NF_API int nf_add_remove(nf_add *a, const char *id, size_t n);
/** Removes, in this add, every stored article dated before `before` (undated ones stay); *n
 * (may be NULL) counts them. Returns 0 or NF_E*. */
NF_API int nf_add_expire(nf_add *a, int64_t before, uint64_t *n);
/** Reads what is left, runs the stages and commits: all of the add or, on an error, none of it.
 * Returns 0 or NF_E* (the store then is as it was). */
NF_API int nf_add_commit(nf_add *a, nf_add_stats *st);
/** Frees the add; one not committed is rolled back. NULL is a no-op. */
NF_API void nf_add_free(nf_add *a);

/* Reading a store: the stories (JSON lines as newsfold stories writes them, with the stable
 * ids), their digests, the event feed. */
typedef struct nf_store_query {
	int64_t since; /* stories whose latest article is at or after this date; NF_NO_DATE: all */
	int64_t story; /* one story (its id, or the id it was merged into); -1: all */
	bool digest;   /* the lines with their "digest" */
	int64_t after; /* events: those of adds after this seq */
	uint64_t report_bytes; /* the report's size budget (nf_reporter_new; 0: none) */
} nf_store_query;

typedef struct nf_store_iter nf_store_iter;

/** Stories of the query, by (first date, id). Returns 0 or NF_E*. */
NF_API int nf_store_stories(nf_store *s, const nf_store_query *q, nf_store_iter **it);
/** The HTML report of the query's stories (as newsfold report writes it; the digests are made
 * again from the stored articles): nf_store_next() gives its successive parts. */
NF_API int nf_store_report(nf_store *s, const nf_store_query *q, const char *title,
			   nf_store_iter **it);
/** Events after q->after, in order: {"seq","story","event","other","size"} lines. */
NF_API int nf_store_events(nf_store *s, const nf_store_query *q, nf_store_iter **it);
/** The next line (with its '\n'), valid until the next call: 1, 0 at the end, or NF_E*. */
NF_API int nf_store_next(nf_store_iter *it, nf_str *line);
/* The story nf_store_next() just gave (nf_store_stories only). */
typedef struct nf_store_story {
	int64_t id;
	size_t size;
	int64_t first, last; /* NF_NO_DATE when undated */
	nf_str headline;     /* its digest's headline ("" without the digest stage); valid until
				the next nf_store_next() */
} nf_store_story;
NF_API int nf_store_story_get(const nf_store_iter *it, nf_store_story *s);
NF_API void nf_store_iter_free(nf_store_iter *it);
/** Checks the store: SQLite's integrity check and newsfold's own invariants (every article in
 * a live story, sizes, families). Returns 0, NF_ESTORE (the message says what), NF_E*. */
NF_API int nf_store_check(nf_store *s);

/* ============================================================================================ */
/* Writing (lib/write)                                                                          */
/* ============================================================================================ */

/* --- output files ----------------------------------------------------------------------------
 *
 * An output that appears whole or not at all: a regular file is written to a temporary file
 * beside it and renamed over the path at nf_out_commit() (after an fsync), so that a reader, or a
 * run killed at any moment, finds the previous file or the complete new one; without a commit
 * the temporary file is removed and the previous file stays. "-" or NULL is standard output;
 * devices and pipes are written in place. Writes are buffered (1 MiB).
 */
typedef struct nf_out nf_out;
/** Opens path for writing. Returns 0, or NF_EIO / NF_ENOMEM with err->message ("cannot write
 * PATH: reason"); err may be NULL. */
NF_API int nf_out_open(nf_out **out, const char *path, nf_error *err);
/** Appends bytes. Returns 0, or NF_EIO once a write failed (the commit then fails too). */
NF_API int nf_out_write(nf_out *o, const void *data, size_t len);
/** Writes a buffer and empties it: 0, NF_ENOMEM (the buffer lost an append) or NF_EIO. */
NF_API int nf_out_buf(nf_out *o, nf_buf *b);
/** Bytes written so far. */
NF_API uint64_t nf_out_bytes(const nf_out *o);
/** 0 while every write succeeded; else NF_EIO with err->message (why the first failed). */
NF_API int nf_out_status(const nf_out *o, nf_error *err);
/** Flushes, syncs and puts the file in place. Returns 0, or NF_EIO with err->message. */
NF_API int nf_out_commit(nf_out *o, nf_error *err);
/** Closes; a file not committed is dropped (its previous content stays). NULL is a no-op. */
NF_API void nf_out_free(nf_out *o);

enum nf_clean_json_flags {
	NF_JSON_TOKENS = 1 << 0, /* include tokens with offsets and normalized forms */
	NF_JSON_NORM = 1 << 1	 /* include the normalized text (tokens joined by spaces) */
};

/**
 * Appends one JSON line (with '\n') describing a cleaned document: id and metadata, the cleaned
 * text, paragraphs and sentences as [start, end] pairs of original offsets, boilerplate spans and
 * repairs. Keys come in a fixed order. Returns 0 or NF_ENOMEM.
 */
NF_API int nf_write_clean_json(nf_buf *b, const nf_doc *doc, const nf_cleaned *c, unsigned flags);

/**
 * Appends one JSON line for a reject: {"file","line","offset","code","reason","message"}.
 * `id` may be NULL.
 */
NF_API int nf_write_reject_json(nf_buf *b, const nf_error *err, const nf_str *id);

/**
 * Appends a story as one JSON line (with '\n'): {"story", "size", "first", "last", "members"
 * (ids), "families" (lists of ids), "terms" (stems, numbers), "names" (name keys)} and, when the
 * story carries one, "digest" (nf_digest_json with `dg`). Returns 0 or NF_ENOMEM.
 */
NF_API int nf_write_story_json(nf_buf *b, const nf_engine_story *s, const nf_digester *dg);
/** Appends one "id<TAB>story" line per member (the input of newsfold eval). 0 or NF_ENOMEM. */
NF_API int nf_write_story_assign(nf_buf *b, const nf_engine_story *s);

/* --- the --stats-json record of a run --------------------------------------------------------
 *
 * One JSON line: nf_write_stats_begin() (the counters every command shares), then the command's
 * members (nf_write_*_stats, each starting with ','), then nf_write_stats_end(). The keys are
 * listed in docs/newsfold.1. Each returns 0 or NF_ENOMEM.
 */
typedef struct nf_run_stats {
	const char *command;
	int threads;
	const nf_feed_stats *feed; /* records, docs, rejects by reason, files and bytes read */
	uint64_t bytes_out;	   /* bytes of the main output */
	double seconds;
	long max_rss_kb;
} nf_run_stats;

/** Where a run's time went: the template line pass, reading (parse, clean, sketch), the work
 * after reading, writing the output (with whatever is computed as it is written). */
typedef struct nf_phase_seconds {
	double line_pass, read, finish, write;
} nf_phase_seconds;

NF_API int nf_write_stats_begin(nf_buf *b, const nf_run_stats *s);
NF_API int nf_write_stats_end(nf_buf *b);
NF_API int nf_write_clean_stats(nf_buf *b, const nf_feed_stats *fs);
NF_API int nf_write_dups_stats(nf_buf *b, const nf_dups_stats *ds, const nf_phase_seconds *t);
NF_API int nf_write_reuser_stats(nf_buf *b, const nf_reuser_stats *rs, const nf_phase_seconds *t);
NF_API int nf_write_engine_stats(nf_buf *b, const nf_engine_stats *es, const nf_tie_stats *ties,
				 const nf_phase_seconds *t);
NF_API int nf_write_add_stats(nf_buf *b, const nf_add_stats *as);

/* --- jobs: one way to run any batch object ---------------------------------------------------
 *
 * A front end (the newsfold command, a binding) runs dedup, reuse, stories/digest/report and
 * add the same way through an nf_job, without knowing which object it runs:
 *
 *   1. the documents: with accept, make a feed with `fo` (its read options, threads and progress
 *      are the caller's) and hand each accepted item to accept(); with read, the object reads
 *      the inputs it was given and read() returns its items (rejects included), and
 *      feed_stats() its counters;
 *   2. finish(), given the feed's template lines (NULL when none), does the work that needs
 *      every document (`what` names it in a message);
 *   3. next() appends the next records to its output buffers: out[0] the main output, out[1]
 *      and out[2] the side outputs (dedup: pairs and families as asked; stories: the
 *      "id<TAB>story" lines); 1, 0 at the end, or NF_E*;
 *   4. stats() appends the members of --stats-json, summary() the one-line summary;
 *   5. nf_job_release() frees what the job holds (not the object it runs).
 *
 * errmsg() (may be NULL) gives the object's message for an error; an all_or_nothing job (an
 * add) is not to be finished after a bad record stopped its reading.
 */
enum { NF_JOB_OUTPUTS = 3 };
enum { NF_JOB_PAIRS = 1, NF_JOB_FAMILIES = 2 };			   /* nf_dups_job outputs */
enum { NF_JOB_STORIES = 0, NF_JOB_DIGEST = 1, NF_JOB_REPORT = 2 }; /* nf_engine_job format */

typedef struct nf_job {
	void *obj;
	const char *what;
	nf_feed_options fo;
	int (*accept)(void *obj, const nf_feed_item *it);
	int (*read)(void *obj, nf_feed_item *it);
	void (*feed_stats)(const void *obj, nf_feed_stats *fs);
	int (*finish)(void *obj, nf_lines *lines);
	int (*next)(void *obj, nf_buf *out);
	int (*stats)(const void *obj, nf_buf *json, const nf_phase_seconds *t);
	int (*summary)(const void *obj, nf_buf *line);
	const char *(*errmsg)(const void *obj);
	/* how far next() has come: documents done of all (for progress; may be NULL) */
	void (*done)(const void *obj, uint64_t *done, uint64_t *total);
	bool all_or_nothing;
	void (*release)(void *obj);
} nf_job;

/** A job over d: its kept documents, and (outputs: NF_JOB_PAIRS, NF_JOB_FAMILIES) its pairs
 * and families. 0 or NF_ENOMEM. */
NF_API int nf_dups_job(nf_dups *d, unsigned outputs, nf_job *j);
/** A job over r: its pairs. fo.repeat_min (the template line pass) is the caller's. */
NF_API void nf_reuser_job(nf_reuser *r, nf_job *j);
/** A job over e (its inputs given with nf_engine_add): the stories as JSON lines (with digests
 * when e makes them), or, NF_JOB_REPORT, the report titled `title`. 0 or NF_ENOMEM. */
NF_API int nf_engine_job(nf_engine *e, int format, const char *title, nf_job *j);
/** nf_engine_tie_file() for an engine job, whose stats then count the ties. */
NF_API int nf_engine_job_tie_file(nf_job *j, const char *path, nf_tie_stats *st, nf_error *err);
/** A job over an add of store s (its inputs given with nf_add_input, or removals made): read,
 * then commit as its finish. removal: its summary speaks of what was removed. */
NF_API int nf_add_job(nf_store *s, nf_add *a, bool removal, nf_job *j);
/** Whether the add of an add job committed. */
NF_API bool nf_add_job_committed(const nf_job *j);
NF_API void nf_job_release(nf_job *j);

/** Appends s as a JSON string (with quotes), escaping as needed; invalid UTF-8 becomes U+FFFD. */
NF_API int nf_json_string(nf_buf *b, const char *s, size_t n);
/** Appends a date as a JSON string "YYYY-MM-DDTHH:MM:SSZ" (UTC), or null for NF_NO_DATE. */
NF_API int nf_json_date(nf_buf *b, int64_t t);
/** Appends an article id as given: a JSON number's text unquoted, else a JSON string. */
NF_API int nf_json_id(nf_buf *b, nf_str id, bool is_number);

#ifdef __cplusplus
}
#endif
#endif /* NEWSFOLD_H */
