/* web.h - internal interface of the web-page stage: a page's bytes to UTF-8 (charset.c), its
 * main text and metadata (extract.c, meta.c). Depends on base and libxml2 (extract, meta). */
#ifndef NF_WEB_H
#define NF_WEB_H

#include "../base/base.h"

/* --- charset.c ------------------------------------------------------------------------------ */

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
			       nf_buf *out, int *how, char name[32]);

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
} nf_web_hint;

/* Extracts page p[0..n) (any encoding) into *pg (reset first). Returns 0, NF_ENOMEM, or
 * NF_EEMPTY when the page has no main text (pg's metadata is still filled). Thread-safe: the
 * libxml2 parser is set up once, errors go to a handler that drops them. */
NF_INTERNAL int nf_web_extract(const char *p, size_t n, const nf_web_hint *hint, nf_web_page *pg);

/* Whether p[0..n) looks like an HTML document (a doctype or <html>, <head>, <body> near the
 * start, after blanks, a BOM and comments). */
NF_INTERNAL bool nf_web_sniff(const char *p, size_t n);

#endif
