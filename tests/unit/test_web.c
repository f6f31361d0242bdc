/* test_web.c - web pages: charset labels and sniffing, canonical addresses, feed blobs. */
#include "harness.h"

#include "web/web.h"

#include <json-c/json.h>
#include <zlib.h>

/* The UTF-8 of bytes p[0..n) with an HTTP type (may be NULL), and how it was decided. */
static void decode(const char *p, size_t n, const char *type, nf_buf *out, int *how, char name[32])
{
	nf_buf_reset(out);
	if (nf_web_to_utf8(p, n, type, type ? strlen(type) : 0, out, how, name, NULL))
		H_FAIL("out of memory");
}

TEST(charset_labels)
{
	/* the WHATWG map: labels that browsers read as another encoding */
	CHECK(strcmp(nf_web_charset("ISO-8859-1", 10), "WINDOWS-1252") == 0);
	CHECK(strcmp(nf_web_charset(" us-ascii ", 10), "WINDOWS-1252") == 0);
	CHECK(strcmp(nf_web_charset("\"gb2312\"", 8), "GB18030") == 0);
	CHECK(strcmp(nf_web_charset("Shift_JIS", 9), "CP932") == 0);
	CHECK(strcmp(nf_web_charset("euc-kr", 6), "CP949") == 0);
	CHECK(strcmp(nf_web_charset("utf8", 4), "UTF-8") == 0);
	CHECK(nf_web_charset("utf-7", 5) == NULL); /* refused: never switched to */
	CHECK(nf_web_charset("no such thing", 13) == NULL);
	CHECK(nf_web_charset("", 0) == NULL);
}

TEST(charset_sniffing)
{
	nf_buf out;
	nf_buf_init(&out);
	int how;
	char name[32];
	/* a BOM wins over a <meta> */
	const char bom[] = "\xEF\xBB\xBF<meta charset=iso-8859-2><p>\xC5\x9Blub</p>";
	decode(bom, sizeof(bom) - 1, NULL, &out, &how, name);
	CHECK_EQ_INT(how, NF_CS_BOM);
	CHECK(memmem(out.data, out.len, "\xC5\x9Blub", 4) != NULL);
	/* the HTTP header wins over a <meta> */
	const char l1[] = "<meta charset=utf-8><p>caf\xE9</p>";
	decode(l1, sizeof(l1) - 1, "text/html; charset=ISO-8859-1", &out, &how, name);
	CHECK_EQ_INT(how, NF_CS_HTTP);
	CHECK(strcmp(name, "WINDOWS-1252") == 0 && memmem(out.data, out.len, "caf\xC3\xA9", 5));
	/* <meta http-equiv> after other tags; windows-1252's euro sign at 0x80 */
	const char eq[] = "<html><head><title>x</title><META HTTP-EQUIV=\"Content-Type\" "
			  "CONTENT=\"text/html; charset=iso-8859-1\"></head><p>5 \x80</p>";
	decode(eq, sizeof(eq) - 1, NULL, &out, &how, name);
	CHECK_EQ_INT(how, NF_CS_META);
	CHECK(memmem(out.data, out.len, "5 \xE2\x82\xAC", 5) != NULL);
	/* a <meta> after the head is not the page's declaration */
	const char late[] = "<body><meta charset=koi8-r><p>plain \xC3\xA9</p>";
	decode(late, sizeof(late) - 1, NULL, &out, &how, name);
	CHECK_EQ_INT(how, NF_CS_UTF8);
	/* no declaration: valid UTF-8 is UTF-8, anything else windows-1252 */
	decode("<p>na\xC3\xAFve</p>", 13, NULL, &out, &how, name);
	CHECK_EQ_INT(how, NF_CS_UTF8);
	decode("<p>na\xEFve</p>", 12, NULL, &out, &how, name);
	CHECK_EQ_INT(how, NF_CS_DEFAULT);
	CHECK(memmem(out.data, out.len, "na\xC3\xAFve", 6) != NULL);
	/* bytes that do not decode become U+FFFD; the output is valid UTF-8 */
	const char sj[] = "<meta charset=shift_jis><p>\x93\xfa\x96\x7b \x81</p>";
	decode(sj, sizeof(sj) - 1, NULL, &out, &how, name);
	CHECK(memmem(out.data, out.len, "\xE6\x97\xA5\xE6\x9C\xAC", 6) != NULL); /* 日本 */
	CHECK(memmem(out.data, out.len, "\xEF\xBF\xBD", 3) != NULL);
	CHECK_EQ_INT(nf_utf8_valid_prefix(out.data, out.len), out.len);
	/* a page that declares UTF-16 in ASCII bytes is read as UTF-8 */
	decode("<meta charset=utf-16><p>x</p>", 29, NULL, &out, &how, name);
	CHECK(strcmp(name, "UTF-8") == 0);
	nf_buf_release(&out);
}

static void canon(const char *in, const char *want)
{
	nf_buf b;
	nf_buf_init(&b);
	if (nf_url_canonical(in, strlen(in), &b)) {
		H_FAIL("out of memory");
		return;
	}
	if (b.len == strlen(want) && memcmp(b.data, want, b.len) == 0)
		H_PASS();
	else
		H_FAIL("canonical(%s) = %.*s, want %s", in, (int)b.len, b.data ? b.data : "", want);
	nf_buf_release(&b);
}

TEST(canonical_url)
{
	canon("HTTPS://Example.COM:443/News/Story/", "https://example.com/News/Story");
	canon("http://example.com:80/a?utm_source=x&id=7&UTM_Medium=y#top",
	      "http://example.com/a?id=7");
	canon("http://example.com:8080/a/", "http://example.com:8080/a");
	canon("https://m.example.com/world/story?fbclid=abc", "https://example.com/world/story");
	canon("https://amp.example.co.uk/amp/world/story", "https://example.co.uk/world/story");
	canon("https://example.com/world/story/amp/", "https://example.com/world/story");
	canon("https://example.com/world/story?outputType=amp&page=2",
	      "https://example.com/world/story?page=2");
	canon("https://example.com/", "https://example.com");
	canon("https://user@example.com/x", "https://example.com/x");
	canon("https://m.com/x", "https://m.com/x"); /* a host that is only "m." and a name */
	canon("https://example.com/?", "https://example.com");
	canon("urn:uuid:1225c695", "urn:uuid:1225c695"); /* not an address: as it is */
	canon("  https://example.com/a  ", "https://example.com/a");
	canon("http://example.com/a?b=1&utm_x=2&c=3", "http://example.com/a?b=1&c=3");
	canon("https://example.com/Path?Q=A",
	      "https://example.com/Path?Q=A"); /* path, query kept */
}

TEST(feed_blob)
{
	const char b[] = "Title: T\nLink: https://x/1\nDate: 2026-01-02\nFeed: F\n\n<p>body</p>";
	nf_webfeed_meta m;
	nf_str body;
	CHECK_EQ_INT(nf_webfeed_blob(b, sizeof(b) - 1, &m, &body), 0);
	CHECK(m.title.len == 1 && m.link.len == 11 && m.date.len == 10 && m.feed.len == 1);
	CHECK(m.id.len == 0 && m.author.len == 0);
	CHECK(body.len == 11 && memcmp(body.ptr, "<p>body</p>", 11) == 0);
	CHECK_EQ_INT(nf_webfeed_blob("Title: T\n", 9, &m, &body), NF_ECORRUPT);
	CHECK_EQ_INT(nf_webfeed_blob("no colon\n\nx", 11, &m, &body), NF_ECORRUPT);
	/* a feed's items, RSS and Atom */
	nf_webfeed *f = nf_webfeed_new();
	CHECK(f != NULL);
	const char rss[] = "<?xml version=\"1.0\"?><rss><channel><title>C</title><item><title>A"
			   "</title><link>https://x/a</link><description>one</description></item>"
			   "<item><title>B</title></item></channel></rss>";
	CHECK(nf_webfeed_sniff(rss, sizeof(rss) - 1));
	CHECK_EQ_INT(nf_webfeed_load(f, rss, sizeof(rss) - 1), 0);
	CHECK_EQ_INT(nf_webfeed_count(f), 2);
	const char atom[] =
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>E</title>"
	    "<link rel=\"edit\" href=\"https://x/edit\"/><link href=\"https://x/e\"/>"
	    "<updated>2026-01-01T00:00:00Z</updated><published>2025-12-31T00:00:00Z"
	    "</published><summary>s</summary></entry></feed>";
	CHECK(nf_webfeed_sniff(atom, sizeof(atom) - 1));
	CHECK_EQ_INT(nf_webfeed_load(f, atom, sizeof(atom) - 1), 0);
	CHECK_EQ_INT(nf_webfeed_count(f), 1);
	const char *p;
	size_t n;
	uint64_t line;
	nf_webfeed_item(f, 0, &p, &n, &line);
	CHECK_EQ_INT(nf_webfeed_blob(p, n, &m, &body), 0);
	CHECK(m.link.len == 11 && memcmp(m.link.ptr, "https://x/e", 11) == 0); /* alternate */
	CHECK(m.date.len == 20 && memcmp(m.date.ptr, "2025-12-31", 10) == 0);  /* published */
	CHECK(!nf_webfeed_sniff("<html><body>", 12) && !nf_webfeed_sniff("<rssx>", 6));
	CHECK_EQ_INT(nf_webfeed_load(f, "not xml at all", 14), NF_ECORRUPT);
	CHECK_EQ_INT(nf_webfeed_count(f), 0);
	nf_webfeed_free(f);
}

TEST(page_sniff)
{
	CHECK(nf_web_sniff("<!DOCTYPE html><html>", 21));
	CHECK(nf_web_sniff("\xEF\xBB\xBF  <!-- x --><HTML lang=en>", 31));
	CHECK(nf_web_sniff("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", 38));
	CHECK(!nf_web_sniff("<htmlx>", 7));
	CHECK(!nf_web_sniff("Dear <html> fans", 16));
	CHECK(!nf_web_sniff("<!-- never closed", 17));
}

/* The language guessed from each html-dev page's main text (its declaration ignored) against
 * the language the set's annotators gave it: the primary subtags must agree on 9 pages in 10. */
TEST(langid_html_dev)
{
	const char *shared = getenv("SHARED_DIR");
	char path[1024];
	snprintf(path, sizeof(path), "%s/eval/html-dev/expect.jsonl",
		 shared ? shared : "../shared");
	FILE *f = fopen(path, "r");
	if (!f) {
		H_FAIL("cannot read %s", path);
		return;
	}
	nf_langid *l = nf_langid_new();
	CHECK(nf_langid_ready(l));
	nf_web_page pg;
	nf_web_page_init(&pg);
	char line[65536];
	int pages = 0, right = 0, none = 0;
	while (fgets(line, sizeof(line), f)) {
		json_object *o = json_tokener_parse(line), *jf, *jl;
		if (!o || !json_object_object_get_ex(o, "file", &jf) ||
		    !json_object_object_get_ex(o, "lang", &jl)) {
			json_object_put(o);
			continue;
		}
		char page[1024];
		snprintf(page, sizeof(page), "%s/eval/html-dev/%s", shared ? shared : "../shared",
			 json_object_get_string(jf));
		nf_buf raw;
		nf_buf_init(&raw);
		gzFile z = gzopen(page, "rb");
		char chunk[65536];
		int k;
		while (z && (k = gzread(z, chunk, sizeof(chunk))) > 0)
			nf_buf_append(&raw, chunk, (size_t)k);
		if (z)
			gzclose(z);
		char tag[16];
		const char *want = json_object_get_string(jl);
		pages++;
		if (nf_web_extract(raw.data, raw.len, NULL, &pg) == 0 &&
		    nf_langid_guess(l, pg.buf.data + pg.text.off, pg.text.len, tag)) {
			size_t n = strcspn(tag, "-");
			right += strlen(want) == n && strncmp(tag, want, n) == 0;
		} else {
			none++;
		}
		nf_buf_release(&raw);
		json_object_put(o);
	}
	fclose(f);
	fprintf(stderr, "langid on html-dev: %d of %d pages right, %d without a guess\n", right,
		pages, none);
	CHECK_EQ_INT(pages, 200);
	CHECK(right * 10 >= pages * 9);
	nf_web_page_release(&pg);
	nf_langid_free(l);
}

int main(void)
{
	RUN(charset_labels);
	RUN(charset_sniffing);
	RUN(canonical_url);
	RUN(feed_blob);
	RUN(page_sniff);
	RUN(langid_html_dev);
	return harness_report();
}
