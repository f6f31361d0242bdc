/*
 * test_warc.c - WARC and ARC archives: the shared fixtures (SHARED_DIR/eval/warc, counts from
 * its README and census.py), every prefix of a cut gzip member, and hand-made archives for the
 * HTTP codings (chunked, gzip, deflate, br), the record cap, damage, status and zstd.
 * SHARED_DIR names the shared folder; without it the test fails (it never skips).
 */
#include "harness.h"

#include "ingest/ingest.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static char tmpdir[64];
static const char *warc_dir;

/* What reading one input gave. */
typedef struct tally {
	int pages, docs, rejects, date_bad, dated;
	int code[32]; /* rejects by -code */
	nf_reader_stats st;
	nf_buf text;	       /* the pages' payloads (HTML), each followed by '\n' */
	nf_buf main;	       /* the pages' main texts, each followed by '\n' */
	uint64_t line, offset; /* of the first page */
	char trunc[32];	       /* the first page's WARC-Truncated */
	char url[128];	       /* the first page's */
	char msg[240];	       /* the last reject's */
} tally;

static void read_input(const char *path, size_t cap, tally *t)
{
	memset(t, 0, sizeof(*t));
	nf_buf_init(&t->text);
	nf_buf_init(&t->main);
	nf_read_options o = {.max_record = cap};
	nf_reader *r;
	nf_parser *p;
	if (nf_reader_new(&r, &o) || nf_parser_new(&p, &o) || nf_reader_add(r, path)) {
		H_FAIL("cannot make a reader");
		return;
	}
	nf_record rec;
	nf_error err;
	int rc;
	while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
		if (rc < 0) {
			t->rejects++;
			t->code[-rc & 31]++;
			snprintf(t->msg, sizeof(t->msg), "%s", err.message);
			continue;
		}
		if (rec.format != NF_FORMAT_WARC)
			continue;
		nf_warc_meta m;
		nf_str body;
		bool blob = nf_warc_blob(rec.data, rec.len, &m, &body) == 0;
		if (t->pages++ == 0) {
			t->line = rec.line;
			t->offset = rec.offset;
			if (blob) {
				snprintf(t->trunc, sizeof(t->trunc), "%.*s", (int)m.truncated.len,
					 m.truncated.ptr);
				snprintf(t->url, sizeof(t->url), "%.*s", (int)m.uri.len, m.uri.ptr);
			}
		}
		if (blob) {
			nf_buf_append(&t->text, body.ptr, body.len);
			nf_buf_append(&t->text, "\n", 1);
		}
		nf_doc doc;
		if (nf_parse(p, &rec, &doc, &err) == 0) {
			t->docs++;
			t->date_bad += doc.date_bad;
			t->dated += doc.date != NF_NO_DATE;
			nf_buf_append(&t->main, doc.text.ptr, doc.text.len);
			nf_buf_append(&t->main, "\n", 1);
		}
	}
	nf_reader_stats_get(r, &t->st);
	nf_parser_free(p);
	nf_reader_free(r);
}

static bool has(const tally *t, const char *s)
{
	return t->text.len && memmem(t->text.data, t->text.len, s, strlen(s)) != NULL;
}

/* --- the shared fixtures ------------------------------------------------------------------- */

static const struct fixture {
	const char *name;
	int records, pages, skipped, rejects; /* archive records, pages, passed over, rejects */
} fixtures[] = {
    {"example.warc", 6, 1, 5, 0},
    {"example.warc.gz", 6, 1, 5, 0},
    {"example-iana.org-chunked.warc", 3, 1, 2, 0},
    {"example.arc.gz", 2, 1, 1, 0},
    {"example-trunc.warc", 3, 0, 3, 1},
    {"example-wrong-chunks.warc.gz", 2, 1, 1, 0},
    {"warcfile.warc.gz", 50, 16, 34, 0},
    {"clipped.warc.gz", 0, 0, 0, 1},
    {"clueweb-quirk.warc.gz", 30, 29, 1, 0},
    {"cc.warc.gz", 1, 1, 0, 0},
    {"gzip_extra_sl.warc.gz", 1, 0, 1, 0},
};

static const char *shared_path(const char *name)
{
	static char p[512];
	snprintf(p, sizeof(p), "%s/%s", warc_dir, name);
	return p;
}

TEST(shared_fixtures_counts)
{
	for (size_t i = 0; i < NF_ARRAY_LEN(fixtures); i++) {
		const struct fixture *f = &fixtures[i];
		tally t;
		read_input(shared_path(f->name), 0, &t);
		if (t.st.archive_records != (uint64_t)f->records || t.pages != f->pages ||
		    t.docs != f->pages || t.st.archive_skipped != (uint64_t)f->skipped ||
		    t.rejects != f->rejects || t.code[-NF_ECORRUPT] != f->rejects ||
		    t.st.records != (uint64_t)(f->pages + f->rejects))
			H_FAIL(
			    "%s: %d records, %d pages (%d docs), %d passed over, %d rejects; want "
			    "%d, %d, %d, %d",
			    f->name, (int)t.st.archive_records, t.pages, t.docs,
			    (int)t.st.archive_skipped, t.rejects, f->records, f->pages, f->skipped,
			    f->rejects);
		else
			H_PASS();
		nf_buf_release(&t.text);
		nf_buf_release(&t.main);
		nf_buf_release(&t.main);
	}
	/* every file of the folder is in the table */
	DIR *d = opendir(warc_dir);
	CHECK(d != NULL);
	struct dirent *e;
	int archives = 0;
	while (d && (e = readdir(d))) {
		if (!nf_archive_name(e->d_name))
			continue;
		archives++;
		bool known = false;
		for (size_t i = 0; i < NF_ARRAY_LEN(fixtures); i++)
			known |= strcmp(fixtures[i].name, e->d_name) == 0;
		if (!known)
			H_FAIL("%s has no expected counts here", e->d_name);
	}
	if (d)
		closedir(d);
	CHECK_EQ_INT(archives, NF_ARRAY_LEN(fixtures));
}

TEST(shared_fixtures_payloads)
{
	tally t;
	read_input(shared_path("example.warc"), 0, &t);
	CHECK(has(&t, "Example Domain")); /* gzip-encoded body, decoded */
	CHECK(strcmp(t.url, "http://example.com/") == 0);
	CHECK_EQ_INT(t.line, 3);
	CHECK_EQ_INT(t.offset, 1197);
	CHECK_EQ_INT(t.dated, 1);
	/* the article: the page's main text, not its markup */
	CHECK(t.main.len > 0 && memmem(t.main.data, t.main.len, "illustrative examples", 21) &&
	      !memchr(t.main.data, '<', t.main.len));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);

	read_input(shared_path("example-iana.org-chunked.warc"), 0, &t);
	CHECK(has(&t, "Internet Assigned Numbers Authority"));
	CHECK(t.text.len > 15 && memcmp(t.text.data, "<!doctype html>", 15) == 0);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);

	read_input(shared_path("clueweb-quirk.warc.gz"), 0, &t);
	CHECK_EQ_INT(t.date_bad, 29); /* malformed WARC-Date: kept, not a reject */
	CHECK(has(&t, "<html") || has(&t, "<HTML"));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);

	read_input(shared_path("example.arc.gz"), 0, &t);
	CHECK(has(&t, "Example Domain"));
	CHECK_EQ_INT(t.dated, 1); /* the ARC date YYYYMMDDhhmmss */
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);

	read_input(shared_path("warcfile.warc.gz"), 0, &t);
	CHECK(!has(&t, "\x1f\x8b")); /* X-Crawler-Content-Encoding: not decoded twice */
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
}

/* One record per gzip member: the page's offset is its member's, where zcat reads it. */
TEST(member_offsets)
{
	tally t;
	read_input(shared_path("example.warc.gz"), 0, &t);
	size_t n;
	char *all = h_slurp(shared_path("example.warc.gz"), &n);
	CHECK(all && t.offset > 0 && t.offset < n);
	if (all && t.offset < n) {
		z_stream zs;
		memset(&zs, 0, sizeof(zs));
		unsigned char out[16];
		inflateInit2(&zs, 15 + 16);
		zs.next_in = (unsigned char *)all + t.offset;
		zs.avail_in = (uInt)(n - t.offset);
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		inflate(&zs, Z_NO_FLUSH);
		inflateEnd(&zs);
		CHECK(memcmp(out, "WARC/1.0", 8) == 0 && t.line == 3);
	}
	free(all);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	/* members not aligned to records: decompressed offsets, records still whole */
	read_input(shared_path("example-wrong-chunks.warc.gz"), 0, &t);
	CHECK_EQ_INT(t.offset, 0);
	CHECK(has(&t, "Example Domain"));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
}

static const char *path_of(const char *name)
{
	static char p[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
	return p[k];
}

static void put_file(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(path_of(name), "wb");
	if (!f || fwrite(data, 1, n, f) != n) {
		perror(name);
		exit(2);
	}
	fclose(f);
}

/* Every prefix of a one-record gzip member: no page, exactly one reject, never a crash. */
TEST(every_prefix_of_cc)
{
	size_t n;
	char *all = h_slurp(shared_path("cc.warc.gz"), &n);
	CHECK(all && n == 5392);
	int bad = 0;
	for (size_t k = 1; all && k < n; k++) {
		put_file("cut.warc.gz", all, k);
		tally t;
		read_input(path_of("cut.warc.gz"), 0, &t);
		if (t.pages != 0 || t.rejects != 1 || t.code[-NF_ECORRUPT] != 1) {
			if (bad++ < 5)
				H_FAIL("prefix of %zu bytes: %d pages, %d rejects (%s)", k, t.pages,
				       t.rejects, t.msg);
		}
		nf_buf_release(&t.text);
		nf_buf_release(&t.main);
		nf_buf_release(&t.main);
	}
	CHECK_EQ_INT(bad, 0);
	free(all);
}

/* --- hand-made archives ------------------------------------------------------------------- */

static const char page[] = "<!doctype html><html><head><title>Harbour</title></head><body>"
			   "<p>The harbour bridge opened on Monday after three years of work, "
			   "the city council said.</p></body></html>";

/* brotli of page2, made once by BrotliEncoderCompress (quality 5, text mode) */
static const char page2[] =
    "<!doctype html><html><body><p>Brotli encoded page about the harbour bridge.</p></body>"
    "</html>";
static const char page2_br[] =
    "\x1b\x5c\x00\x00\x44\x4f\x96\xea\x43\x22\x14\x13\xa4\x26\x98\xd9\x6c\xcc\xb8\xc1\x81\x4b"
    "\x51\x99\x05\xd2\xd3\x2c\x7b\xca\xa2\x75\x81\x20\xa8\xfe\x8d\x58\x30\x07\x6f\x1f\x59\xb5"
    "\x9b\xef\x42\x39\x07\xd6\x33\xe0\xdc\xcf\x31\xb2\xb8\x8c\x30\x0f\xdd\x40\x0a\xb9\xd8\x0b";

static void zip(const void *p, size_t n, int bits, nf_buf *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY);
	nf_buf_reserve(out, deflateBound(&zs, (uLong)n) + 32);
	zs.next_in = (unsigned char *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	zs.next_out = (unsigned char *)out->data + out->len;
	zs.avail_out = (uInt)(out->cap - out->len);
	deflate(&zs, Z_FINISH);
	out->len = out->cap - zs.avail_out;
	deflateEnd(&zs);
}

/* An HTTP response: status line, headers (each ending "\r\n"), body. */
static void http(nf_buf *b, const char *status, const char *headers, const void *body, size_t n)
{
	nf_buf_reset(b);
	nf_buf_printf(b, "HTTP/1.1 %s\r\n%s\r\n", status, headers);
	nf_buf_append(b, body, n);
}

static void record(nf_buf *w, const char *type, const char *uri, const char *extra,
		   const nf_buf *block)
{
	static int id;
	nf_buf_printf(w,
		      "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: "
		      "2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:%d>\r\n%sContent-Length: "
		      "%zu\r\n\r\n",
		      type, uri, ++id, extra, block->len);
	nf_buf_append(w, block->data, block->len);
	nf_buf_append(w, "\r\n\r\n", 4);
}

static void page_record(nf_buf *w, const char *uri, const char *headers, const void *body, size_t n)
{
	nf_buf b;
	nf_buf_init(&b);
	http(&b, "200 OK", headers, body, n);
	record(w, "response", uri, "", &b);
	nf_buf_release(&b);
}

TEST(codings)
{
	nf_buf w, z, c, t2;
	nf_buf_init(&w);
	nf_buf_init(&z);
	nf_buf_init(&c);
	nf_buf_init(&t2);
	/* gzip, then chunked in 10-byte chunks */
	zip(page, strlen(page), 15 + 16, &z);
	for (size_t i = 0; i < z.len; i += 10) {
		size_t k = z.len - i < 10 ? z.len - i : 10;
		nf_buf_printf(&c, "%zx;ext=1\r\n", k);
		nf_buf_append(&c, z.data + i, k);
		nf_buf_append(&c, "\r\n", 2);
	}
	nf_buf_puts(&c, "0\r\n\r\n");
	page_record(&w, "http://a.example/gz-chunked",
		    "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: "
		    "chunked\r\n",
		    c.data, c.len);
	page_record(&w, "http://a.example/br",
		    "Content-Type: text/html\r\nContent-Encoding: br\r\n", page2_br,
		    sizeof(page2_br) - 1);
	nf_buf_reset(&z);
	zip(page, strlen(page), -15, &z); /* raw deflate */
	page_record(&w, "http://a.example/raw-deflate",
		    "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", z.data, z.len);
	nf_buf_reset(&z);
	zip(page2, strlen(page2), 15, &z); /* zlib deflate */
	page_record(&w, "http://a.example/zlib-deflate",
		    "Content-Type: application/xhtml+xml\r\nContent-Encoding: deflate\r\n", z.data,
		    z.len);
	/* a body the crawler decoded already (Common Crawl renames the header) */
	page_record(&w, "http://a.example/cc",
		    "Content-Type: text/html\r\nX-Crawler-Content-Encoding: gzip\r\n", page,
		    strlen(page));
	page_record(&w, "http://a.example/sniffed", "Server: x\r\n", page, strlen(page));
	page_record(&w, "http://a.example/no-type-text", "Server: x\r\n", "just text", 9);
	put_file("codings.warc", w.data, w.len);
	tally t;
	read_input(path_of("codings.warc"), 0, &t);
	CHECK_EQ_INT(t.pages, 6);
	CHECK_EQ_INT(t.rejects, 0);
	CHECK_EQ_INT(t.st.archive_skipped, 1);
	nf_buf_printf(&t2, "%s\n%s\n%s\n%s\n%s\n%s\n", page, page2, page, page2, page, page);
	CHECK_EQ_STR(t.text.data, t.text.len, t2.data, t2.len);
	CHECK(t.trunc[0] == '\0');
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	nf_buf_release(&w);
	nf_buf_release(&z);
	nf_buf_release(&c);
	nf_buf_release(&t2);
}

TEST(cap_status_and_damage)
{
	nf_buf w, big, b;
	nf_buf_init(&w);
	nf_buf_init(&big);
	nf_buf_init(&b);
	for (int i = 0; i < 200; i++)
		nf_buf_puts(&big, "<p>a long page over the cap of this reader</p>\n");
	page_record(&w, "http://a.example/big", "Content-Type: text/html\r\n", big.data, big.len);
	http(&b, "404 Not Found", "Content-Type: text/html\r\n", page, strlen(page));
	record(&w, "response", "http://a.example/missing", "", &b);
	page_record(&w, "http://a.example/ok", "Content-Type: text/html; charset=utf-8\r\n", page,
		    strlen(page));
	http(&b, "200 OK", "Content-Type: text/html\r\n", page, strlen(page));
	record(&w, "response", "http://a.example/cut", "WARC-Truncated: length\r\n", &b);
	nf_buf_reset(&b);
	zip(page, strlen(page), 15 + 16, &b);
	b.len -= 30; /* a gzip body broken midway: what decoded is kept, flagged */
	nf_buf tmp;
	nf_buf_init(&tmp);
	http(&tmp, "200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", b.data,
	     b.len);
	record(&w, "response", "http://a.example/half", "", &tmp);
	size_t whole = w.len;
	page_record(&w, "http://a.example/lost", "Content-Type: text/html\r\n", page, strlen(page));
	put_file("cap.warc", w.data, whole + (w.len - whole) / 2); /* the last one cut short */
	tally t;
	read_input(path_of("cap.warc"), 4096, &t);
	CHECK_EQ_INT(t.pages, 3);
	CHECK_EQ_INT(t.rejects, 2);
	CHECK_EQ_INT(t.code[-NF_ETOOLONG], 1);
	CHECK_EQ_INT(t.code[-NF_ECORRUPT], 1);
	CHECK_EQ_INT(t.st.archive_records, 5);
	CHECK_EQ_INT(t.st.archive_skipped, 1); /* the 404 */
	CHECK(strcmp(t.url, "http://a.example/ok") == 0 && t.line == 3);
	CHECK(!has(&t, "a long page"));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	/* the flags: WARC-Truncated passed on, "decode" for a body that broke */
	nf_buf_reset(&w);
	record(&w, "response", "http://a.example/half", "", &tmp);
	put_file("half.warc", w.data, w.len);
	read_input(path_of("half.warc"), 0, &t);
	CHECK(t.pages == 1 && strcmp(t.trunc, "decode") == 0 && has(&t, "<!doctype html>"));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	nf_buf_reset(&w);
	record(&w, "response", "http://a.example/cut", "WARC-Truncated: length\r\n", &big);
	http(&b, "200 OK", "Content-Type: text/html\r\n", page, strlen(page));
	nf_buf_reset(&w);
	record(&w, "response", "http://a.example/cut", "WARC-Truncated: length\r\n", &b);
	put_file("flag.warc", w.data, w.len);
	read_input(path_of("flag.warc"), 0, &t);
	CHECK(t.pages == 1 && strcmp(t.trunc, "length") == 0);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	nf_buf_release(&tmp);
	nf_buf_release(&w);
	nf_buf_release(&big);
	nf_buf_release(&b);
}

TEST(zstd_and_dictionary)
{
	nf_buf w;
	nf_buf_init(&w);
	nf_buf b;
	nf_buf_init(&b);
	http(&b, "200 OK", "Content-Type: text/plain\r\n", "x", 1);
	record(&w, "request", "http://a.example/z", "", &b);
	page_record(&w, "http://a.example/z", "Content-Type: text/html\r\n", page, strlen(page));
	size_t cap = ZSTD_compressBound(w.len);
	char *z = malloc(cap + 4096);
	size_t zn = ZSTD_compress(z, cap, w.data, w.len, 3);
	CHECK(!ZSTD_isError(zn));
	put_file("plain.warc.zst", z, zn);
	tally t;
	read_input(path_of("plain.warc.zst"), 0, &t);
	CHECK(t.pages == 1 && t.rejects == 0 && has(&t, "harbour bridge"));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	/* a raw-content dictionary in a leading skippable frame 0x184D2A5D */
	const char dict[] = "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: text/html\r\n"
			    "<!doctype html><html><head><title>";
	size_t dn = sizeof(dict) - 1;
	unsigned char head[8] = {0x5D, 0x2A, 0x4D, 0x18, (unsigned char)dn, 0, 0, 0};
	memcpy(z, head, 8);
	memcpy(z + 8, dict, dn);
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	zn = ZSTD_compress_usingDict(cc, z + 8 + dn, cap, w.data, w.len, dict, dn, 3);
	ZSTD_freeCCtx(cc);
	CHECK(!ZSTD_isError(zn));
	put_file("dict.warc.zst", z, 8 + dn + zn);
	read_input(path_of("dict.warc.zst"), 0, &t);
	CHECK(t.pages == 1 && t.rejects == 0 && has(&t, "harbour bridge"));
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	/* a dictionary frame cut short: a reject, no crash */
	put_file("cutdict.warc.zst", z, 20);
	read_input(path_of("cutdict.warc.zst"), 0, &t);
	CHECK(t.pages == 0 && t.rejects == 1);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	free(z);
	nf_buf_release(&w);
	nf_buf_release(&b);
}

TEST(garbage_and_directories)
{
	nf_buf w;
	nf_buf_init(&w);
	nf_buf_puts(&w, "garbage before\n");
	page_record(&w, "http://a.example/after", "Content-Type: text/html\r\n", page,
		    strlen(page));
	put_file("junk.warc", w.data, w.len);
	tally t;
	read_input(path_of("junk.warc"), 0, &t);
	CHECK(t.pages == 1 && t.rejects == 1 && strstr(t.msg, "15 bytes") != NULL);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	put_file("text.warc", "plain words, not an archive", 27);
	read_input(path_of("text.warc"), 0, &t);
	CHECK(t.pages == 0 && t.rejects == 1 && t.code[-NF_ECORRUPT] == 1);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	/* a directory: .warc read, other names skipped; sniffed by content when named .txt */
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/dir", tmpdir);
	mkdir(dir, 0700);
	nf_buf_reset(&w);
	page_record(&w, "http://a.example/dir", "Content-Type: text/html\r\n", page, strlen(page));
	put_file("dir/a.warc", w.data, w.len);
	put_file("dir/b.txt", w.data, w.len);
	put_file("dir/c.bin", w.data, w.len);
	read_input(dir, 0, &t);
	CHECK_EQ_INT(t.pages, 2);
	CHECK_EQ_INT(t.st.files_skipped, 1);
	nf_buf_release(&t.text);
	nf_buf_release(&t.main);
	nf_buf_release(&w);
}

TEST(blob)
{
	const char b[] = "WARC-Target-URI: http://x/\nWARC-Date: 2024-05-01T10:00:00Z\n"
			 "Content-Type: text/html\n"
			 "X-Later: kept apart\n\n<p>body</p>";
	nf_warc_meta m;
	nf_str body;
	CHECK_EQ_INT(nf_warc_blob(b, sizeof(b) - 1, &m, &body), 0);
	CHECK_STR(m.uri.ptr, m.uri.len, "http://x/");
	CHECK_STR(m.date.ptr, m.date.len, "2024-05-01T10:00:00Z");
	CHECK_STR(m.content_type.ptr, m.content_type.len, "text/html");
	CHECK_EQ_INT(m.record_id.len + m.truncated.len, 0);
	CHECK_STR(body.ptr, body.len, "<p>body</p>");
	CHECK_EQ_INT(nf_warc_blob("WARC-Date: x\n", 13, &m, &body), NF_ECORRUPT);
	CHECK_EQ_INT(nf_warc_blob("no colon\n\nbody", 14, &m, &body), NF_ECORRUPT);
	/* the parser: an HTML response without text is a reject naming the URL */
	const char e[] = "WARC-Target-URI: http://x/empty\n\n  \n";
	nf_record rec = {e, sizeof(e) - 1, "f.warc", 4, 10, NF_FORMAT_WARC};
	nf_parser *p;
	nf_parser_new(&p, NULL);
	nf_doc doc;
	nf_error err;
	CHECK_EQ_INT(nf_parse(p, &rec, &doc, &err), NF_EEMPTY);
	CHECK(strstr(err.message, "no article text") && strstr(err.message, "http://x/empty"));
	CHECK_EQ_INT(err.line, 4);
	rec.data = b;
	rec.len = sizeof(b) - 1;
	CHECK_EQ_INT(nf_parse(p, &rec, &doc, &err), 0);
	CHECK(doc.format == NF_FORMAT_WARC && doc.date_bad == false && doc.date != NF_NO_DATE);
	CHECK_STR(doc.id.ptr, doc.id.len, "http://x"); /* the canonical address */
	CHECK_STR(doc.text.ptr, doc.text.len, "body"); /* the page's text */
	CHECK_STR(doc.url.ptr, doc.url.len, "http://x/");
	nf_parser_free(p);
}

int main(void)
{
	const char *shared = getenv("SHARED_DIR");
	if (!shared) {
		fprintf(stderr, "test_warc: set SHARED_DIR to the shared folder (../shared)\n");
		return 1;
	}
	static char wd[512];
	snprintf(wd, sizeof(wd), "%s/eval/warc", shared);
	warc_dir = wd;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nf-warc-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 2;
	RUN(shared_fixtures_counts);
	RUN(shared_fixtures_payloads);
	RUN(member_offsets);
	RUN(every_prefix_of_cc);
	RUN(codings);
	RUN(cap_status_and_damage);
	RUN(zstd_and_dictionary);
	RUN(garbage_and_directories);
	RUN(blob);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	return harness_report();
}
