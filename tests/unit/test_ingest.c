/* test_ingest.c - the JSON scanner, dates, and the reader/parser on real files. */
#include "harness.h"

#include "ingest/ingest.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nf-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
}

static void rm_tmpdir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
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
	const char *p = path_of(name);
	char dir[256];
	snprintf(dir, sizeof(dir), "%s", p);
	*strrchr(dir, '/') = '\0';
	for (char *q = dir + strlen(tmpdir) + 1; *q; q++) {
		if (*q == '/') {
			*q = '\0';
			mkdir(dir, 0700);
			*q = '/';
		}
	}
	mkdir(dir, 0700);
	FILE *f = fopen(p, "wb");
	if (!f || fwrite(data, 1, n, f) != n) {
		perror(p);
		exit(2);
	}
	fclose(f);
}

/* Reads everything; counts docs and rejects; the docs' ids joined by ',' into ids. */
typedef struct result {
	int docs, rejects, reader_rejects;
	char ids[4096];
	char reasons[1024];
	nf_reader_stats st;
} result;

static void read_all(const char *const *inputs, int n, const nf_read_options *opt, result *res)
{
	nf_reader *r;
	nf_parser *p;
	memset(res, 0, sizeof(*res));
	if (nf_reader_new(&r, opt) || nf_parser_new(&p, opt))
		exit(2);
	for (int i = 0; i < n; i++)
		nf_reader_add(r, inputs[i]);
	nf_record rec;
	nf_doc doc;
	nf_error err;
	int rc;
	size_t il = 0, rl = 0;
	while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
		if (rc < 0 || nf_parse(p, &rec, &doc, &err) < 0) {
			res->rejects++;
			res->reader_rejects += rc < 0;
			CHECK(err.message[0] != '\0');
			CHECK(err.file != NULL);
			rl += (size_t)snprintf(res->reasons + rl, sizeof(res->reasons) - rl, "%s%s",
					       rl ? "," : "", nf_errreason(err.code));
			continue;
		}
		res->docs++;
		il += (size_t)snprintf(res->ids + il, sizeof(res->ids) - il, "%s%.*s",
				       il ? "," : "", (int)doc.id.len, doc.id.ptr);
	}
	nf_reader_stats_get(r, &res->st);
	nf_parser_free(p);
	nf_reader_free(r);
}

static int scan(const char *s, nf_jval *v)
{
	static const char *const keys[] = {"id", "text"};
	size_t pos;
	const char *msg;
	return nf_json_scan(s, strlen(s), keys, 2, v, &pos, &msg);
}

TEST(json_scanner_accepts_and_rejects)
{
	nf_jval v[2];
	CHECK_EQ_INT(scan("{\"id\":\"a\",\"text\":\"hello\"}", v), 0);
	CHECK_EQ_INT(v[0].type, NF_J_STRING);
	CHECK_STR(v[1].raw, v[1].len, "hello");
	CHECK_EQ_INT(scan("  {\"id\": -12.5e+3, \"x\": [1, {\"y\": null}, true, false]}  ", v), 0);
	CHECK_EQ_INT(v[0].type, NF_J_NUMBER);
	CHECK_STR(v[0].raw, v[0].len, "-12.5e+3");
	CHECK_EQ_INT(v[1].type, NF_J_NONE);
	CHECK_EQ_INT(scan("{}", v), 0);
	/* last duplicate key wins */
	CHECK_EQ_INT(scan("{\"text\":\"a\",\"text\":\"b\"}", v), 0);
	CHECK_STR(v[1].raw, v[1].len, "b");
	const char *bad[] = {
	    "",
	    "[]",
	    "{",
	    "{\"a\"}",
	    "{\"a\":}",
	    "{\"a\":1,}",
	    "{\"a\":01}",
	    "{\"a\":1.}",
	    "{\"a\":.5}",
	    "{\"a\":+1}",
	    "{\"a\":tru}",
	    "{\"a\":\"x\\q\"}",
	    "{\"a\":\"\\u12g4\"}",
	    "{\"a\":\"tab\there\"}",
	    "{\"a\":1} x",
	    "{'a':1}",
	    "{\"a\":NaN}",
	    "{\"a\":[1,]}",
	    "{\"a\":1}{\"b\":2}",
	    "{\"a\":\"unterminated}",
	};
	for (size_t i = 0; i < NF_ARRAY_LEN(bad); i++) {
		if (scan(bad[i], v) != NF_EJSON)
			H_FAIL("accepted bad JSON: %s", bad[i]);
	}
	/* nesting: 600 levels is rejected, 100 accepted, no stack overflow */
	char deep[1300];
	size_t k = 0;
	k += (size_t)snprintf(deep, sizeof(deep), "{\"a\":");
	for (int i = 0; i < 600; i++)
		deep[k++] = '[';
	for (int i = 0; i < 600; i++)
		deep[k++] = ']';
	deep[k++] = '}';
	deep[k] = '\0';
	CHECK_EQ_INT(scan(deep, v), NF_EJSON);
}

TEST(json_unescape)
{
	nf_buf b;
	nf_buf_init(&b);
	const char *s = "a\\n\\t\\\"\\\\\\/\\u00e9\\ud83d\\ude00\\ud800x";
	CHECK_EQ_INT(nf_json_unescape(s, strlen(s), &b), 0);
	CHECK_STR(b.data, b.len, "a\n\t\"\\/\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBDx");
	nf_buf_release(&b);
}

TEST(dates)
{
	struct {
		const char *s;
		int64_t t;
	} ok[] = {
	    {"2025-10-17", 1760659200},
	    {"2025-10-17T12:14:00Z", 1760703240},
	    {"2025-10-17T12:14:00+05:30", 1760683440},
	    {"2025-10-17 12:14:00.123-0400", 1760717640},
	    {"Fri, 17 Oct 2025 12:14:00 +0000", 1760703240},
	    {"17 Oct 2025 12:14:00 GMT", 1760703240},
	    {"Oct 17 2025", 1760659200},
	    {"October 17, 2025", 1760659200},
	    {"17 October 2025", 1760659200},
	    {"1970-01-01", 0},
	    {"2024-02-29", 1709164800},
	};
	for (size_t i = 0; i < NF_ARRAY_LEN(ok); i++) {
		int64_t t = -1;
		int rc = nf_date_parse(ok[i].s, strlen(ok[i].s), &t);
		if (rc || t != ok[i].t)
			H_FAIL("date '%s': rc %d, %lld != %lld", ok[i].s, rc, (long long)t,
			       (long long)ok[i].t);
		else
			H_PASS();
	}
	const char *bad[] = {"",	   "yesterday",	       "2025-13-01",	      "2025-02-30",
			     "2023-02-29", "2025-10-17T25:00", "2025-10-17 nonsense", "Oct 2025"};
	for (size_t i = 0; i < NF_ARRAY_LEN(bad); i++) {
		int64_t t;
		if (nf_date_parse(bad[i], strlen(bad[i]), &t) == 0)
			H_FAIL("accepted bad date '%s'", bad[i]);
		else
			H_PASS();
	}
}

TEST(jsonl_records_and_rejects)
{
	const char data[] =
	    "{\"id\":\"a\",\"text\":\"one\",\"title\":\"T\",\"date\":\"2025-10-17\"}\r\n"
	    "\n"
	    "   \n"
	    "{\"id\":17,\"text\":\"numeric id\"}\n"
	    "{\"id\":\"c\",\"text\":5}\n"
	    "{\"id\":\"d\"}\n"
	    "{\"text\":\"no id\"}\n"
	    "{\"id\":\"e\",\"text\":\"x\"\n"
	    "{\"id\":\"f\",\"text\":\"\\u0041\\u00e9\"}\n"
	    "{\"id\":[1],\"text\":\"bad id\"}\n"
	    "{\"id\":\"g\",\"text\":\"   \"}\n"
	    "{\"id\":\"h\",\"text\":\"last line, no newline\"}";
	put_file("a.jsonl", data, sizeof(data) - 1);
	const char *in[] = {path_of("a.jsonl")};
	result r;
	read_all(in, 1, NULL, &r);
	CHECK_STR(r.ids, strlen(r.ids), "a,17,f,h");
	CHECK_STR(r.reasons, strlen(r.reasons),
		  "wrong-type,missing-field,missing-field,broken-json,wrong-type,empty");
	CHECK_EQ_INT(r.docs + r.rejects, 10); /* blank lines are not records */
	CHECK_EQ_INT(r.st.records, 10);
	/* --auto-id */
	nf_read_options o = {.auto_id = true};
	read_all(in, 1, &o, &r);
	CHECK(strstr(r.ids, "a.jsonl:7") != NULL);
	/* a byte-order mark before the first record */
	const char bom[] =
	    "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"x\"}\n{\"id\":\"b2\",\"text\":\"y\"}\n";
	put_file("bom.jsonl", bom, sizeof(bom) - 1);
	const char *inb[] = {path_of("bom.jsonl")};
	read_all(inb, 1, NULL, &r);
	CHECK_STR(r.ids, strlen(r.ids), "b1,b2");
	/* other field names */
	const char alt[] = "{\"doc_id\":\"z\",\"body\":\"hello\",\"text\":7}\n";
	put_file("alt.jsonl", alt, sizeof(alt) - 1);
	nf_read_options o2 = {.id_field = "doc_id", .text_field = "body"};
	const char *in2[] = {path_of("alt.jsonl")};
	read_all(in2, 1, &o2, &r);
	CHECK_STR(r.ids, strlen(r.ids), "z");
}

TEST(parse_fields_exactly)
{
	const char line[] = "{\"id\":12345678901234567890,\"text\":\"caf\\u00e9 \\\"q\\\"\","
			    "\"source\":\"Wire\",\"url\":\"https://x.test/a\","
			    "\"published\":\"2025-10-17T00:00:00Z\",\"extra\":{\"k\":[1,2]}}";
	nf_record rec = {line, sizeof(line) - 1, "mem", 1, 0, NF_FORMAT_JSONL};
	nf_parser *p;
	nf_parser_new(&p, NULL);
	nf_doc d;
	nf_error e;
	CHECK_EQ_INT(nf_parse(p, &rec, &d, &e), 0);
	CHECK_STR(d.id.ptr, d.id.len, "12345678901234567890");
	CHECK(d.id_is_number);
	CHECK_STR(d.text.ptr, d.text.len, "caf\xC3\xA9 \"q\"");
	CHECK_STR(d.source.ptr, d.source.len, "Wire");
	CHECK_STR(d.url.ptr, d.url.len, "https://x.test/a");
	CHECK_EQ_INT(d.date, 1760659200);
	CHECK_EQ_INT(d.raw.len, sizeof(line) - 1);
	/* NUL byte, invalid UTF-8 in the id */
	const char nul[] = "{\"id\":\"a\",\"text\":\"b\"}\0";
	nf_record r2 = {nul, sizeof(nul) - 1, "mem", 2, 0, NF_FORMAT_JSONL};
	CHECK_EQ_INT(nf_parse(p, &r2, &d, &e), NF_ENUL);
	const char badid[] = "{\"id\":\"\xFF\",\"text\":\"b\"}";
	nf_record r3 = {badid, sizeof(badid) - 1, "mem", 3, 0, NF_FORMAT_JSONL};
	CHECK_EQ_INT(nf_parse(p, &r3, &d, &e), NF_EUTF8);
	/* invalid UTF-8 in the text is kept for the cleaner to repair */
	const char badtext[] = "{\"id\":\"x\",\"text\":\"a\xFF b\"}";
	nf_record r4 = {badtext, sizeof(badtext) - 1, "mem", 4, 0, NF_FORMAT_JSONL};
	CHECK_EQ_INT(nf_parse(p, &r4, &d, &e), 0);
	/* a bad date is not a reject */
	const char baddate[] = "{\"id\":\"y\",\"text\":\"t\",\"date\":\"someday\"}";
	nf_record r5 = {baddate, sizeof(baddate) - 1, "mem", 5, 0, NF_FORMAT_JSONL};
	CHECK_EQ_INT(nf_parse(p, &r5, &d, &e), 0);
	CHECK(d.date_bad);
	CHECK(d.date == NF_NO_DATE);
	/* numeric dates: seconds, milliseconds, and no silent truncation of long numbers */
	const char nd[] = "{\"id\":\"n\",\"text\":\"t\",\"date\":1700000000123}";
	nf_record r6 = {nd, sizeof(nd) - 1, "mem", 6, 0, NF_FORMAT_JSONL};
	CHECK_EQ_INT(nf_parse(p, &r6, &d, &e), 0);
	CHECK_EQ_INT(d.date, 1700000000);
	const char nd2[] =
	    "{\"id\":\"n\",\"text\":\"t\",\"date\":1.7000000000000000000000000000000e9}";
	nf_record r7 = {nd2, sizeof(nd2) - 1, "mem", 7, 0, NF_FORMAT_JSONL};
	CHECK_EQ_INT(nf_parse(p, &r7, &d, &e), 0);
	CHECK_EQ_INT(d.date, 1700000000);
	nf_parser_free(p);
}

TEST(seed_text_and_directories)
{
	const char seed[] = " date 2025-10-16 First paragraph.\n\nSecond one.\n";
	put_file("dir/b/002_x.txt", seed, sizeof(seed) - 1);
	const char text[] = "\xEF\xBB\xBFPlain text article.\n";
	put_file("dir/a/001_y.txt", text, sizeof(text) - 1);
	put_file("dir/README.md", "not an article", 14);
	put_file("dir/.hidden.txt", "hidden", 6);
	put_file("dir/c/empty.txt", "", 0);
	const char bin[] = "abc\0def";
	put_file("dir/c/zbin.txt", bin, sizeof(bin) - 1);
	const char *in[] = {path_of("dir")};
	result r;
	read_all(in, 1, NULL, &r);
	/* byte order of names: a/ before b/ before c/; empty file gives no record */
	CHECK_STR(r.ids, strlen(r.ids), "001_y,002_x");
	CHECK_STR(r.reasons, strlen(r.reasons), "nul-byte");
	CHECK_EQ_INT(r.st.files_skipped, 2);
	CHECK_EQ_INT(r.st.files, 4);

	nf_reader *rd;
	nf_parser *p;
	nf_reader_new(&rd, NULL);
	nf_parser_new(&p, NULL);
	nf_reader_add(rd, path_of("dir/b/002_x.txt"));
	nf_record rec;
	nf_doc d;
	nf_error e;
	CHECK_EQ_INT(nf_reader_next(rd, &rec, &e), 1);
	CHECK_EQ_INT(rec.format, NF_FORMAT_SEED);
	CHECK_EQ_INT(nf_parse(p, &rec, &d, &e), 0);
	CHECK_EQ_INT(d.text_base, 17);
	CHECK_STR(d.text.ptr, 16, "First paragraph.");
	CHECK_STR(d.date_raw.ptr, d.date_raw.len, "2025-10-16");
	CHECK_EQ_INT(d.date, 1760572800);
	CHECK_EQ_INT(nf_reader_next(rd, &rec, &e), 0);
	nf_parser_free(p);
	nf_reader_free(rd);
}

TEST(missing_file_is_a_reject_and_the_run_goes_on)
{
	put_file("ok.jsonl", "{\"id\":\"1\",\"text\":\"a\"}\n", 22);
	const char *in[] = {path_of("nope.jsonl"), path_of("ok.jsonl")};
	result r;
	read_all(in, 2, NULL, &r);
	CHECK_STR(r.reasons, strlen(r.reasons), "no-such-file");
	CHECK_STR(r.ids, strlen(r.ids), "1");
}

TEST(long_lines_are_capped)
{
	/* lines of 10, 5000 and 300000 bytes with a cap of 4096; streaming skip */
	size_t big = 300000;
	char *data = malloc(big + 20000);
	size_t n = 0;
	n += (size_t)snprintf(data + n, 100, "{\"id\":\"a\",\"text\":\"x\"}\n");
	n += (size_t)snprintf(data + n, 100, "{\"id\":\"b\",\"text\":\"");
	memset(data + n, 'y', 5000);
	n += 5000;
	n += (size_t)snprintf(data + n, 100, "\"}\n{\"id\":\"c\",\"text\":\"");
	memset(data + n, 'z', big);
	n += big;
	n += (size_t)snprintf(data + n, 100, "\"}\n{\"id\":\"d\",\"text\":\"w\"}\n");
	put_file("long.jsonl", data, n);
	free(data);
	nf_read_options o = {.max_record = 4096};
	const char *in[] = {path_of("long.jsonl")};
	result r;
	read_all(in, 1, &o, &r);
	CHECK_STR(r.ids, strlen(r.ids), "a,d");
	CHECK_STR(r.reasons, strlen(r.reasons), "too-long,too-long");
	CHECK_EQ_INT(r.st.records, 4);
	/* seed/text files over the cap */
	char *t = malloc(10000);
	memset(t, 'q', 10000);
	put_file("bigtext.txt", t, 10000);
	free(t);
	const char *in2[] = {path_of("bigtext.txt")};
	read_all(in2, 1, &o, &r);
	CHECK_STR(r.reasons, strlen(r.reasons), "too-long");
}

TEST(gzip_and_zstd)
{
	const char plain[] = "{\"id\":\"g1\",\"text\":\"compressed one\"}\n"
			     "{\"id\":\"g2\",\"text\":\"compressed two\"}\n";
	size_t n = sizeof(plain) - 1;
	/* gzip: two concatenated members */
	gzFile g = gzopen(path_of("c.jsonl.gz"), "wb");
	gzwrite(g, plain, (unsigned)(n / 2));
	gzclose(g);
	g = gzopen(path_of("c2.gz"), "wb");
	gzwrite(g, plain + n / 2, (unsigned)(n - n / 2));
	gzclose(g);
	size_t l1, l2;
	char *a = h_slurp(path_of("c.jsonl.gz"), &l1), *b = h_slurp(path_of("c2.gz"), &l2);
	char *cat = malloc(l1 + l2);
	memcpy(cat, a, l1);
	memcpy(cat + l1, b, l2);
	put_file("cat.jsonl.gz", cat, l1 + l2);
	const char *in[] = {path_of("cat.jsonl.gz")};
	result r;
	read_all(in, 1, NULL, &r);
	CHECK_STR(r.ids, strlen(r.ids), "g1,g2");
	/* truncated gzip: a reject, not a crash */
	put_file("trunc.jsonl.gz", a, l1 - 6);
	const char *in3[] = {path_of("trunc.jsonl.gz")};
	read_all(in3, 1, NULL, &r);
	CHECK(r.rejects >= 1);
	CHECK(strstr(r.reasons, "corrupt") != NULL);
	free(a);
	free(b);
	free(cat);
	/* zstd */
	size_t cap = ZSTD_compressBound(n);
	char *z = malloc(cap);
	size_t zl = ZSTD_compress(z, cap, plain, n, 3);
	CHECK(!ZSTD_isError(zl));
	put_file("z.jsonl.zst", z, zl);
	const char *in2[] = {path_of("z.jsonl.zst")};
	read_all(in2, 1, NULL, &r);
	CHECK_STR(r.ids, strlen(r.ids), "g1,g2");
	put_file("bad.zst", z, zl - 3); /* truncated frame */
	const char *in4[] = {path_of("bad.zst")};
	read_all(in4, 1, NULL, &r);
	CHECK(r.rejects >= 1);
	free(z);
}

int main(void)
{
	make_tmpdir();
	RUN(json_scanner_accepts_and_rejects);
	RUN(json_unescape);
	RUN(dates);
	RUN(jsonl_records_and_rejects);
	RUN(parse_fields_exactly);
	RUN(seed_text_and_directories);
	RUN(missing_file_is_a_reject_and_the_run_goes_on);
	RUN(long_lines_are_capped);
	RUN(gzip_and_zstd);
	rm_tmpdir();
	return harness_report();
}
