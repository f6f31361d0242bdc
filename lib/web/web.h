/* web.h - internal interface of the web-page stage: a page's bytes to UTF-8 (charset.c), its
 * main text and metadata (extract.c, meta.c). Depends on base and libxml2 (extract, meta). */
#ifndef NF_WEB_H
#define NF_WEB_H

#include "../base/base.h"

/* --- charset.c ------------------------------------------------------------------------------ */

/* A converter kept between pages (cache may be NULL: one is opened and closed per call). */
typedef struct nf_web_iconv {
	void *cd; /* iconv_t, NULL: none */
	char name[32];
} nf_web_iconv;
NF_INTERNAL void nf_web_iconv_release(nf_web_iconv *c);

/* Where the encoding of a page was decided. */
enum { NF_CS_BOM = 1, NF_CS_HTTP, NF_CS_META, NF_CS_UTF8, NF_CS_DEFAULT };

/* The page's bytes p[0..n) as UTF-8, appended to *out. The encoding is sniffed as browsers do
 * (WHATWG "encoding sniffing"): a byte-order mark; else the charset of `http_type` (an HTTP
 * Content-Type value, may be NULL); else a <meta> charset in the first 1,024 bytes, then in the
 * rest of the head; else UTF-8 when the bytes are valid UTF-8, else windows-1252. Labels go
 * through the WHATWG map (iso-8859-1 and ascii are windows-1252, gb2312 and gbk are GB18030,
 * shift_jis is CP932, ...). Bytes that do not decode become U+FFFD. *how (may be NULL) gets an
 * NF_CS_* and name (may be NULL, 32 bytes) the encoding used. 0 or NF_ENOMEM. */
NF_INTERNAL int nf_web_to_utf8(const char *p, size_t n, const char *http_type, size_t type_len,
			       nf_buf *out, int *how, char name[32], nf_web_iconv *cache);

/* The iconv name of an encoding label (WHATWG labels, any case, surrounding blanks allowed), or
 * NULL when the label is unknown. */
NF_INTERNAL const char *nf_web_charset(const char *label, size_t n);

/* --- extract.c ------------------------------------------------------------------------------ */

/* What a page says about itself, and its main text. Strings are offsets into `buf`. */
typedef struct nf_web_span {
	uint32_t off, len;
} nf_web_span;

typedef struct nf_web_page {
	nf_buf buf;	   /* the strings below */
	nf_web_iconv conv; /* kept from page to page */
	nf_web_span text;  /* the main text: paragraphs separated by blank lines */
	nf_web_span title; /* og:title, JSON-LD headline, the h1, <title> */
	nf_web_span date;  /* publication date as found (article:published_time, JSON-LD, ...) */
	nf_web_span url;   /* og:url or the canonical link */
	nf_web_span author;
	nf_web_span lang;    /* <html lang>, Content-Language (a BCP 47 tag as found) */
	nf_web_span site;    /* og:site_name */
	nf_web_span body;    /* JSON-LD articleBody: the text the publisher declares */
	uint32_t paragraphs; /* of the main text */
	uint32_t page_chars; /* text characters of the whole page (for the ratio in tests) */
} nf_web_page;

NF_INTERNAL void nf_web_page_init(nf_web_page *pg);
NF_INTERNAL void nf_web_page_release(nf_web_page *pg);

/* Hints from outside the page: an HTTP Content-Type and Content-Language (a WARC response's),
 * the page's address. Any may be empty. */
typedef struct nf_web_hint {
	nf_str content_type, content_language, url;
	bool fragment; /* a feed item's content: all of it is the article (no chrome to find) */
} nf_web_hint;

/* Extracts page p[0..n) (any encoding) into *pg (reset first). Returns 0, NF_ENOMEM, or
 * NF_EEMPTY when the page has no main text (pg's metadata is still filled). Thread-safe: the
 * libxml2 parser is set up once, errors go to a handler that drops them. */
NF_INTERNAL int nf_web_extract(const char *p, size_t n, const nf_web_hint *hint, nf_web_page *pg);

/* Whether p[0..n) looks like an HTML document (a doctype or <html>, <head>, <body> near the
 * start, after blanks, a BOM and comments). */
NF_INTERNAL bool nf_web_sniff(const char *p, size_t n);

/* --- lang.c --------------------------------------------------------------------------------- */

/* A language identifier (libexttextcat's n-gram profiles). One per thread: guessing is not
 * thread-safe. Loading takes some milliseconds; make it once and keep it. */
typedef struct nf_langid nf_langid;

NF_INTERNAL nf_langid *nf_langid_new(void); /* NULL: out of memory */
NF_INTERNAL void nf_langid_free(nf_langid *l);
/* Whether the profiles were loaded (they are data files of the Debian package). */
NF_INTERNAL bool nf_langid_ready(const nf_langid *l);
/* The language of text[0..n) (its first 4 KB) as a tag ("de", "zh-CN") in tag: true, or false
 * when the text is too short to tell. */
NF_INTERNAL bool nf_langid_guess(nf_langid *l, const char *text, size_t n, char tag[16]);

/* --- url.c ---------------------------------------------------------------------------------- */

/* Appends the canonical form of address u[0..n) (an article's id): scheme and host in lower
 * case, no default port, no fragment, no tracking parameters (utm_*, fbclid, gclid, ...), AMP
 * and mobile variants folded (amp., m., mobile. hosts; /amp at either end of the path; amp=1,
 * outputType=amp), no trailing slash. What is not scheme://... is appended as it is.
 * 0 or NF_ENOMEM. */
NF_INTERNAL int nf_url_canonical(const char *u, size_t n, nf_buf *out);

/* --- webfeed.c -------------------------------------------------------------------------------- */

/* RSS 2.0, RSS 1.0 (RDF) and Atom feeds, split into one blob per item:
 *     Title: ...\n  Link: ...\n  Id: ...\n  Date: ...\n  Author: ...\n  Feed: ...\n  Lang: ...\n
 *     \n
 *     <the item's content: content:encoded, Atom content, else description or summary>
 * (lines with no value are left out; values on one line, white space runs as one space). */
typedef struct nf_webfeed nf_webfeed;

/* Whether p[0..n) starts as a feed: after a BOM, blanks, an XML declaration, processing
 * instructions, comments and a doctype, the root <rss>, <feed> or <rdf:RDF>. */
NF_INTERNAL bool nf_webfeed_sniff(const char *p, size_t n);
NF_INTERNAL nf_webfeed *nf_webfeed_new(void);
NF_INTERNAL void nf_webfeed_free(nf_webfeed *f);
/* Parses feed p[0..n) (libxml2, recovering, no network or external entities) into its items'
 * blobs. 0, NF_ECORRUPT (no XML root at all) or NF_ENOMEM. */
NF_INTERNAL int nf_webfeed_load(nf_webfeed *f, const char *p, size_t n);
NF_INTERNAL size_t nf_webfeed_count(const nf_webfeed *f);
/* Item i's blob (valid until the next load) and the line its element starts on. */
NF_INTERNAL void nf_webfeed_item(const nf_webfeed *f, size_t i, const char **p, size_t *n,
				 uint64_t *line);

typedef struct nf_webfeed_meta {
	nf_str title, link, id, date, author, feed, lang;
} nf_webfeed_meta;

/* Splits a blob back: fields (pointing into p) and the content. 0 or NF_ECORRUPT. */
NF_INTERNAL int nf_webfeed_blob(const char *p, size_t n, nf_webfeed_meta *m, nf_str *body);

#endif
