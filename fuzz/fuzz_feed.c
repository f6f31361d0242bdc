/*
 * fuzz_feed.c - the input as an RSS or Atom feed (an XML root of <rss>, <feed> or <rdf:RDF>
 * after a prolog; other inputs are left to fuzz_jsonl and fuzz_seed), read through the reader
 * and parsed item by item. Checks: every record is a NF_FORMAT_FEED blob that nf_parse() takes
 * or rejects as empty (no content) or as an address that is not UTF-8; the lines of the items
 * never go back; a taken item has valid UTF-8 text without NUL, and an id; records and rejects
 * add up to the reader's count; a feed that is no XML at all is one reject at line 1.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	const char *path = fc_file_put(data, size);
	nf_reader *r;
	nf_parser *p;
	FC_ASSERT(nf_reader_new(&r, NULL) == 0 && nf_parser_new(&p, NULL) == 0);
	FC_ASSERT(nf_reader_add(r, path) == 0);
	nf_record rec;
	nf_doc doc;
	nf_error err;
	int rc;
	uint64_t n = 0, last = 0;
	bool feed = false;
	while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
		FC_OOM(rc);
		n++;
		if (rc < 0) {
			FC_ASSERT(err.file && err.message[0]);
			continue;
		}
		if (rec.format != NF_FORMAT_FEED)
			continue; /* not a feed: the other targets check it */
		feed = true;
		FC_ASSERT(rec.line >= last);
		last = rec.line;
		memset(&doc, 0xA5, sizeof(doc));
		rc = nf_parse(p, &rec, &doc, &err);
		FC_OOM(rc);
		FC_ASSERT(rc == 0 || rc == NF_EEMPTY || rc == NF_EUTF8);
		if (rc)
			continue;
		FC_ASSERT(doc.format == NF_FORMAT_FEED && doc.id.len > 0);
		FC_ASSERT(doc.text.len > 0 && fc_utf8_valid(doc.text.ptr, doc.text.len) &&
			  !memchr(doc.text.ptr, '\0', doc.text.len));
		FC_ASSERT(fc_utf8_valid(doc.title.ptr, doc.title.len));
		FC_ASSERT(fc_utf8_valid(doc.id.ptr, doc.id.len));
	}
	nf_reader_stats st;
	nf_reader_stats_get(r, &st);
	FC_ASSERT(st.records == n || !feed);
	nf_parser_free(p);
	nf_reader_free(r);
	return 0;
}
