/*
 * fuzz_warc.c - the input as a WARC or ARC archive (recognised by content: "WARC/" or
 * "filedesc://" after gzip or zstd decompression), split by the reader's archive splitter and
 * read twice: with the default cap and with a 256-byte cap. Checks: every record is a
 * NF_FORMAT_WARC blob of "Key: value" lines, an empty line and the body, that nf_parse() takes
 * or rejects for a known reason; rejects are damage or the cap; record numbers never go back;
 * the reader's counts add up; both caps see the same whole archive records.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

typedef struct wpass {
	uint64_t pages, rejects, toolong;
	nf_reader_stats st;
} wpass;

/* A record's blob: header lines "Key: value", an empty line, the body. */
static void check_blob(const nf_record *rec)
{
	const char *p = rec->data;
	size_t n = rec->len, i = 0;
	for (;;) {
		const char *nl = memchr(p + i, '\n', n - i);
		FC_ASSERT(nl);
		size_t len = (size_t)(nl - (p + i));
		if (len == 0)
			break;
		const char *colon = memchr(p + i, ':', len);
		FC_ASSERT(colon && colon > p + i && (size_t)(colon - (p + i)) + 2 < len + 1);
		FC_ASSERT(colon[1] == ' ' && !memchr(p + i, '\r', len));
		i += len + 1;
	}
	FC_ASSERT(i < n);
}

static void read_pass(const char *path, size_t cap, wpass *w)
{
	nf_read_options o = {.max_record = cap};
	nf_reader *r;
	nf_parser *p;
	FC_ASSERT(nf_reader_new(&r, &o) == 0 && nf_parser_new(&p, &o) == 0);
	FC_ASSERT(nf_reader_add(r, path) == 0);
	nf_record rec;
	nf_error err;
	nf_doc doc;
	int rc;
	uint64_t last = 0, events = 0;
	memset(w, 0, sizeof(*w));
	while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
		FC_OOM(rc);
		FC_ASSERT(++events < (1u << 22));
		if (rc < 0) {
			FC_ASSERT(rc == NF_ECORRUPT || rc == NF_ETOOLONG);
			FC_ASSERT(err.file && strcmp(err.file, path) == 0 && err.line >= last);
			last = err.line;
			w->rejects++;
			w->toolong += rc == NF_ETOOLONG;
			continue;
		}
		if (rec.format != NF_FORMAT_WARC)
			break; /* not an archive: fuzz_jsonl and fuzz_seed check the rest */
		FC_ASSERT(rec.line >= 1 && rec.line >= last);
		last = rec.line;
		w->pages++;
		check_blob(&rec);
		rc = nf_parse(p, &rec, &doc, &err);
		FC_OOM(rc);
		FC_ASSERT(rc == 0 || rc == NF_EEMPTY || rc == NF_ENUL || rc == NF_ENOFIELD ||
			  rc == NF_EUTF8);
		if (rc == 0) {
			FC_ASSERT(doc.format == NF_FORMAT_WARC && doc.id.len > 0);
			FC_ASSERT(doc.url.len > 0 && doc.id.len > 0 &&
				  fc_utf8_valid(doc.id.ptr, doc.id.len));
			/* the page's main text (fuzz_html checks the extraction) */
			FC_ASSERT(doc.text.len > 0 && fc_utf8_valid(doc.text.ptr, doc.text.len));
			FC_ASSERT(doc.text_base == 0);
		}
	}
	nf_reader_stats_get(r, &w->st);
	if (w->pages)
		FC_ASSERT(w->st.records == w->pages + w->rejects);
	FC_ASSERT(w->st.archive_skipped <= w->st.archive_records);
	nf_parser_free(p);
	nf_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fc_file_put(data, size);
	wpass big, small;
	read_pass(path, 0, &big);
	read_pass(path, 256, &small);
	if (big.pages || small.pages) {
		FC_ASSERT(big.st.archive_records == small.st.archive_records);
		FC_ASSERT(small.pages <= big.pages);
	}
	return 0;
}
