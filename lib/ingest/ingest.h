/* ingest.h - internal interface of the read stage. */
#ifndef NF_INGEST_H
#define NF_INGEST_H

#include "../base/base.h"

/* Seed header " date YYYY-MM-DD " at the start of p: true, with the date bytes at *date (10
 * bytes) and the body start at *body (either may be NULL). */
NF_INTERNAL bool nf_seed_header(const char *p, size_t n, const char **date, size_t *body);

/* JSON: one top-level object, validated in full (RFC 8259), with the values of wanted keys. */
enum { NF_J_NONE, NF_J_STRING, NF_J_NUMBER, NF_J_OTHER };
typedef struct nf_jval {
	int type;	 /* NF_J_*; NF_J_NONE: key absent */
	const char *raw; /* the value token; for strings, between the quotes */
	size_t len;
	bool escaped; /* a string with backslash escapes (needs nf_json_unescape) */
} nf_jval;

/* Validates p[0..n) as exactly one JSON object (surrounding white space allowed). For each of
 * the nkeys wanted keys, vals[i] gets the last member with that name. Returns 0, or NF_EJSON
 * with *errpos and a static *errmsg. Strings with invalid UTF-8 are accepted (the cleaner
 * repairs them); raw control characters are not. */
NF_INTERNAL int nf_json_scan(const char *p, size_t n, const char *const *keys, size_t nkeys,
			     nf_jval *vals, size_t *errpos, const char **errmsg);
/* Decodes the escapes of a JSON string body (without quotes), appending to *out. Lone
 * surrogates become U+FFFD. */
NF_INTERNAL int nf_json_unescape(const char *s, size_t n, nf_buf *out);
/* A value used as a key (an id, a label): a string (unescaped, appended to *tmp when it has
 * escapes) or an integer, as *s, *n. False for anything else. */
NF_INTERNAL bool nf_json_key(const nf_jval *v, nf_buf *tmp, const char **s, size_t *n);

/* --- WARC and ARC archives (warc.c, http.c) ------------------------------------------------ */

/* The reader's window on the open input's decompressed bytes, for the archive splitter.
 * nf_reader_peek buffers at least `want` unconsumed bytes at *p (valid until the next call),
 * fewer only at the end of the input or when the buffer is at its limit (the cap + 1 MiB); it
 * returns the bytes available, or NF_ENOMEM. Damaged compressed data ends the input early:
 * nf_reader_damage then gives its error until nf_reader_damage_clear. nf_reader_tell is the
 * decompressed offset of *p; nf_reader_verified the decompressed offset up to which every gzip
 * member or zstd frame was read to its end (UINT64_MAX for uncompressed input);
 * nf_reader_member whether a gzip member starts at decompressed offset `off`, with its
 * compressed offset (member starts before `off` are forgotten). */
NF_INTERNAL long nf_reader_peek(nf_reader *r, size_t want, const char **p);
NF_INTERNAL void nf_reader_consume(nf_reader *r, size_t n);
NF_INTERNAL uint64_t nf_reader_tell(const nf_reader *r);
NF_INTERNAL uint64_t nf_reader_verified(const nf_reader *r);
NF_INTERNAL const nf_error *nf_reader_damage(const nf_reader *r);
NF_INTERNAL void nf_reader_damage_clear(nf_reader *r);
NF_INTERNAL bool nf_reader_member(nf_reader *r, uint64_t off, uint64_t *raw);

/* The archive splitter: one per reader, reused for each archive input. */
typedef struct nf_archive nf_archive;
NF_INTERNAL nf_archive *nf_archive_new(void);
NF_INTERNAL void nf_archive_free(nf_archive *a);
/* Whether decompressed bytes start an archive ("WARC/" or "filedesc://"). */
NF_INTERNAL bool nf_archive_sniff(const char *p, size_t n);
/* Whether a file name is an archive's: .warc or .arc, optionally .gz or .zst. */
NF_INTERNAL bool nf_archive_name(const char *path);
/* Starts splitting a new input; its stats go to *st. */
NF_INTERNAL void nf_archive_open(nf_archive *a, const char *path, size_t cap, nf_reader_stats *st);
/* The next HTML response as a NF_FORMAT_WARC record (1), the end of the input (0), or a reject
 * (< 0, *err filled); NF_ENOMEM is fatal. */
NF_INTERNAL int nf_archive_next(nf_archive *a, nf_reader *r, nf_record *rec, nf_error *err);
/* A zstd input opening with a dictionary frame (skippable, magic 0x184D2A5D; the dictionary
 * itself may be zstd-compressed): loads it into d. raw[0..n) are the first input bytes. 0,
 * NF_ECORRUPT (err filled) or NF_ENOMEM. */
NF_INTERNAL int nf_zstd_dict(void *d, const unsigned char *raw, size_t n, const char *path,
			     nf_error *err);

/* A NF_FORMAT_WARC record's blob, split (see warc.c for its layout). */
typedef struct nf_warc_meta {
	nf_str uri, date, record_id, digest, truncated, content_type, content_language;
} nf_warc_meta;
/* Splits a NF_FORMAT_WARC record's blob: fills *m (strings point into p) and *body; returns 0
 * or NF_ECORRUPT. */
NF_INTERNAL int nf_warc_blob(const char *p, size_t n, nf_warc_meta *m, nf_str *body);

/* An HTTP response head: the status and the headers the archive reader uses. */
typedef struct nf_http {
	int status; /* 0: not an HTTP response */
	nf_str content_type, content_language, transfer_encoding, content_encoding;
	size_t body; /* offset of the body */
} nf_http;
/* Parses the status line and headers of p[0..n) (lines may end in LF alone). 0, or
 * NF_ECORRUPT when it is not an HTTP response or its head does not end. */
NF_INTERNAL int nf_http_head(const char *p, size_t n, nf_http *h);
/* The body decoded into *out (appended): de-chunked, then gzip, deflate or br decoded, at
 * most `cap` bytes. Returns 0 (*partial set when the data ended or broke midway and what
 * decoded is kept), NF_ETOOLONG (over the cap), NF_ECORRUPT (*why: an unknown encoding, or
 * nothing decoded) or NF_ENOMEM. */
NF_INTERNAL int nf_http_body(const nf_http *h, const char *p, size_t n, size_t cap, nf_buf *out,
			     bool *partial, const char **why);
/* Content decoding alone ("gzip", "x-gzip", "deflate", "br", "identity"; NULL/empty = none). */
NF_INTERNAL int nf_http_decode(const char *enc, size_t enc_len, const char *p, size_t n, size_t cap,
			       nf_buf *out, bool *partial, const char **why);

#endif
