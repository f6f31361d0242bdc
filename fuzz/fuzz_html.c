/*
 * fuzz_html.c - the input as a web page (an NF_FORMAT_HTML record) through nf_parse(): charset
 * sniffing, libxml2's parser, the main-text choice and the metadata.
 *
 * Checks: the result is a page with text or NF_EEMPTY, never anything else; the text and every
 * metadata string are valid UTF-8 without NUL; the text has no blank line at either end and no
 * run of more than one blank line (paragraphs joined by one); the date, when it parses, is the
 * one nf_date_parse() gives for date_raw; a second parser gives the same bytes (no state kept
 * between pages, nothing depends on memory addresses); the same page with a byte-order mark in
 * front gives the same text when the page is valid UTF-8 and declares nothing else.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

static void check_str(nf_str s)
{
	FC_ASSERT(s.len == 0 || s.ptr);
	FC_ASSERT(fc_utf8_valid(s.ptr, s.len) && (!s.len || !memchr(s.ptr, '\0', s.len)));
}

static int parse(nf_parser *p, const char *d, size_t n, nf_doc *doc, nf_error *err)
{
	nf_record rec = {d, n, "page.html", 1, 0, NF_FORMAT_HTML};
	memset(doc, 0xA5, sizeof(*doc));
	int rc = nf_parse(p, &rec, doc, err);
	FC_OOM(rc);
	FC_ASSERT(rc == 0 || rc == NF_EEMPTY);
	if (rc)
		return rc;
	FC_ASSERT(doc->format == NF_FORMAT_HTML && doc->text.len > 0);
	nf_str all[] = {doc->text, doc->title, doc->url, doc->source, doc->date_raw, doc->lang};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		check_str(all[i]);
	const char *t = doc->text.ptr;
	size_t k = doc->text.len;
	FC_ASSERT(t[0] != '\n' && t[0] != ' ' && t[k - 1] != '\n' && t[k - 1] != ' ');
	for (size_t i = 0; i + 2 < k; i++)
		FC_ASSERT(!(t[i] == '\n' && t[i + 1] == '\n' && t[i + 2] == '\n'));
	if (doc->date != NF_NO_DATE) {
		int64_t d2;
		FC_ASSERT(nf_date_parse(doc->date_raw.ptr, doc->date_raw.len, &d2) == 0 &&
			  d2 == doc->date);
	}
	return 0;
}

static char *copy(nf_str s)
{
	char *c = malloc(s.len + 1);
	FC_ASSERT(c);
	memcpy(c, s.ptr ? s.ptr : "", s.len);
	c[s.len] = '\0';
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	nf_parser *p1, *p2;
	FC_ASSERT(nf_parser_new(&p1, NULL) == 0 && nf_parser_new(&p2, NULL) == 0);
	nf_doc d1, d2;
	nf_error e1, e2;
	/* the second parser first reads another page, to show nothing carries over */
	static const char other[] = "<html><body><p>An unrelated page with a paragraph of its "
				    "own, long enough to be an article.</p></body></html>";
	parse(p2, other, sizeof(other) - 1, &d2, &e2);
	int r1 = parse(p1, (const char *)data, size, &d1, &e1);
	char *t1 = r1 ? NULL : copy(d1.text), *h1 = r1 ? NULL : copy(d1.title);
	int r2 = parse(p2, (const char *)data, size, &d2, &e2);
	FC_ASSERT(r1 == r2);
	if (r1 == 0) {
		FC_ASSERT(fc_eq(d2.text.ptr, d2.text.len, t1, strlen(t1)));
		FC_ASSERT(fc_eq(d2.title.ptr, d2.title.len, h1, strlen(h1)));
	}
	/* a BOM in front of a valid UTF-8 page without a declaration changes nothing */
	bool plain = fc_utf8_valid((const char *)data, size) && size >= 1 &&
		     !memmem((const char *)data, size, "charset", 7) &&
		     !memmem((const char *)data, size, "CHARSET", 7) && data[0] != 0xEF &&
		     !(size >= 2 && (data[0] == 0xFF || data[0] == 0xFE));
	if (plain) {
		char *b = malloc(size + 3);
		FC_ASSERT(b);
		memcpy(b, "\xEF\xBB\xBF", 3);
		memcpy(b + 3, data, size);
		int r3 = parse(p2, b, size + 3, &d2, &e2);
		FC_ASSERT(r3 == r1);
		if (r1 == 0)
			FC_ASSERT(fc_eq(d2.text.ptr, d2.text.len, t1, strlen(t1)));
		free(b);
	}
	free(t1);
	free(h1);
	nf_parser_free(p1);
	nf_parser_free(p2);
	return 0;
}
