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

#endif
