/*
 * parse.c - a raw record into an nf_doc: JSONL fields by name, seed header, plain text, the
 * HTML responses of WARC/ARC archives.
 * String values without escapes are used in place; escaped ones are decoded into the parser's
 * scratch buffer.
 */
#include "ingest.h"

#include "../web/web.h"

#include <ctype.h>
#include <errno.h>

enum { K_ID, K_TEXT, K_TITLE, K_SOURCE, K_URL, K_DATE, K_PUBLISHED, K_COUNT };

struct nf_parser {
	nf_read_options opt;
	const char *keys[K_COUNT];
	nf_buf scratch;
	char autoid[64];
	nf_web_page page;  /* the last web page extracted */
	nf_langid *langid; /* made on the first page that does not declare its language */
	char lang[16];	   /* the last language guessed */
};

int nf_parser_new(nf_parser **out, const nf_read_options *opt)
{
	nf_parser *p = calloc(1, sizeof(*p));
	if (!p)
		return NF_ENOMEM;
	if (opt)
		p->opt = *opt;
	const nf_read_options *o = &p->opt;
	p->keys[K_ID] = o->id_field ? o->id_field : "id";
	p->keys[K_TEXT] = o->text_field ? o->text_field : "text";
	p->keys[K_TITLE] = o->title_field ? o->title_field : "title";
	p->keys[K_SOURCE] = o->source_field ? o->source_field : "source";
	p->keys[K_URL] = o->url_field ? o->url_field : "url";
	p->keys[K_DATE] = o->date_field ? o->date_field : "date";
	p->keys[K_PUBLISHED] = o->date_field ? NULL : "published";
	nf_buf_init(&p->scratch);
	nf_web_page_init(&p->page);
	*out = p;
	return 0;
}

void nf_parser_free(nf_parser *p)
{
	if (!p)
		return;
	nf_buf_release(&p->scratch);
	nf_web_page_release(&p->page);
	nf_langid_free(p->langid);
	free(p);
}

bool nf_seed_header(const char *p, size_t n, const char **date, size_t *body)
{
	size_t i = 0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (i < n && p[i] == ' ')
		i++;
	if (n - i < 16 || memcmp(p + i, "date ", 5) != 0)
		return false;
	const char *d = p + i + 5;
	for (int k = 0; k < 10; k++) {
		bool dash = k == 4 || k == 7;
		if (dash ? d[k] != '-' : !isdigit((unsigned char)d[k]))
			return false;
	}
	char sep = d[10];
	if (sep != ' ' && sep != '\n' && sep != '\t' && sep != '\r')
		return false;
	if (date)
		*date = d;
	if (body)
		*body = i + 16;
	return true;
}

/* Basename without directories and extensions (.gz/.zst and then one more). */
static nf_str file_id(const char *path)
{
	if (strcmp(path, "-") == 0)
		return (nf_str){"stdin", 5};
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 3 && memcmp(b + n - 3, ".gz", 3) == 0)
		n -= 3;
	else if (n > 4 && memcmp(b + n - 4, ".zst", 4) == 0)
		n -= 4;
	for (size_t i = n; i > 1; i--) {
		if (b[i - 1] == '.') {
			n = i - 1;
			break;
		}
	}
	return (nf_str){b, n};
}

static bool all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static int parse_file(nf_parser *p, const nf_record *rec, nf_doc *doc, nf_error *err)
{
	const char *d = rec->data;
	size_t n = rec->len, base = 0;
	if (memchr(d, '\0', n)) {
		size_t at = (size_t)((const char *)memchr(d, '\0', n) - d);
		nf_error_set(err, NF_ENUL, rec->file, 1, rec->offset,
			     "NUL byte at offset %zu: a binary file, not text", at);
		return NF_ENUL;
	}
	(void)p;
	doc->id = file_id(rec->file);
	const char *date;
	if (rec->format == NF_FORMAT_SEED && nf_seed_header(d, n, &date, &base)) {
		doc->date_raw = (nf_str){date, 10};
		if (nf_date_parse(date, 10, &doc->date))
			doc->date_bad = true, doc->date = NF_NO_DATE;
	} else if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
		base = 3;
	}
	doc->text = (nf_str){d + base, n - base};
	doc->text_base = base;
	if (all_space(doc->text.ptr, doc->text.len)) {
		nf_error_set(err, NF_EEMPTY, rec->file, 1, 0, "empty document");
		return NF_EEMPTY;
	}
	return 0;
}

/* A JSON string value: in place, or decoded into scratch (returns its scratch offset). */
static int take_string(nf_parser *p, const nf_jval *v, nf_str *out, size_t *scratch_off)
{
	*scratch_off = SIZE_MAX;
	if (!v->escaped) {
		*out = (nf_str){v->raw, v->len};
		return 0;
	}
	*scratch_off = p->scratch.len;
	if (nf_json_unescape(v->raw, v->len, &p->scratch))
		return NF_ENOMEM;
	out->len = p->scratch.len - *scratch_off;
	return 0;
}

static void number_date(const nf_jval *v, nf_doc *doc)
{
	char tmp[64];
	if (v->len >= sizeof(tmp)) {
		doc->date_bad = true; /* no date needs 64 digits */
		return;
	}
	size_t n = v->len;
	memcpy(tmp, v->raw, n);
	tmp[n] = '\0';
	char *end;
	errno = 0;
	double x = strtod(tmp, &end);
	if (errno || *end || x != x || x > 1e15 || x < -1e15) {
		doc->date_bad = true;
		return;
	}
	if (x > 1e11 || x < -1e11)
		x /= 1000; /* milliseconds */
	doc->date = (int64_t)x;
}

static int parse_jsonl(nf_parser *p, const nf_record *rec, nf_doc *doc, nf_error *err)
{
	const char *nul = memchr(rec->data, '\0', rec->len);
	if (nul) {
		size_t at = (size_t)(nul - rec->data);
		nf_error_set(err, NF_ENUL, rec->file, rec->line, rec->offset,
			     "NUL byte at column %zu", at + 1);
		return NF_ENUL;
	}
	nf_jval v[K_COUNT];
	size_t errpos;
	const char *msg;
	if (nf_json_scan(rec->data, rec->len, p->keys, K_COUNT, v, &errpos, &msg)) {
		nf_error_set(err, NF_EJSON, rec->file, rec->line, rec->offset,
			     "broken JSON at column %zu: %s", errpos + 1, msg);
		return NF_EJSON;
	}
	doc->raw = (nf_str){rec->data, rec->len};
	nf_buf_reset(&p->scratch);
	size_t off[K_COUNT];
	nf_str s[K_COUNT];
	for (int k = 0; k < K_COUNT; k++) {
		off[k] = SIZE_MAX;
		s[k] = (nf_str){NULL, 0};
		if (v[k].type == NF_J_STRING && take_string(p, &v[k], &s[k], &off[k]))
			return NF_ENOMEM;
	}
	if (p->scratch.oom)
		return NF_ENOMEM;
	for (int k = 0; k < K_COUNT; k++)
		if (off[k] != SIZE_MAX)
			s[k].ptr = p->scratch.data + off[k];

	/* id */
	if (v[K_ID].type == NF_J_STRING) {
		doc->id = s[K_ID];
		if (doc->id.len == 0 ||
		    nf_utf8_valid_prefix(doc->id.ptr, doc->id.len) != doc->id.len) {
			nf_error_set(err, doc->id.len ? NF_EUTF8 : NF_EFIELDTYPE, rec->file,
				     rec->line, rec->offset,
				     doc->id.len ? "id \"%s\" is not valid UTF-8"
						 : "id \"%s\" is empty",
				     p->keys[K_ID]);
			return err->code;
		}
	} else if (v[K_ID].type == NF_J_NUMBER) {
		doc->id = (nf_str){v[K_ID].raw, v[K_ID].len};
		doc->id_is_number = true;
	} else if (v[K_ID].type == NF_J_NONE && p->opt.auto_id) {
		const char *b = strrchr(rec->file, '/');
		nf_fmt(p->autoid, sizeof(p->autoid), "%s:%llu", b ? b + 1 : rec->file,
		       (unsigned long long)rec->line);
		doc->id = (nf_str){p->autoid, strlen(p->autoid)};
	} else {
		bool missing = v[K_ID].type == NF_J_NONE;
		nf_error_set(err, missing ? NF_ENOFIELD : NF_EFIELDTYPE, rec->file, rec->line,
			     rec->offset,
			     missing ? "no \"%s\" field (see --id-field, --auto-id)"
				     : "\"%s\" must be a string or a number",
			     p->keys[K_ID]);
		return err->code;
	}
	/* text */
	if (v[K_TEXT].type != NF_J_STRING) {
		bool missing = v[K_TEXT].type == NF_J_NONE;
		nf_error_set(
		    err, missing ? NF_ENOFIELD : NF_EFIELDTYPE, rec->file, rec->line, rec->offset,
		    missing ? "no \"%s\" field (see --text-field)" : "\"%s\" is not a string",
		    p->keys[K_TEXT]);
		return err->code;
	}
	doc->text = s[K_TEXT];
	if (all_space(doc->text.ptr, doc->text.len)) {
		nf_error_set(err, NF_EEMPTY, rec->file, rec->line, rec->offset,
			     "empty document: \"%s\" holds no text", p->keys[K_TEXT]);
		return NF_EEMPTY;
	}
	doc->title = s[K_TITLE];
	doc->source = s[K_SOURCE];
	doc->url = s[K_URL];
	int dk = v[K_DATE].type != NF_J_NONE ? K_DATE : K_PUBLISHED;
	if (v[dk].type == NF_J_STRING) {
		doc->date_raw = s[dk];
		if (doc->date_raw.len && nf_date_parse(s[dk].ptr, s[dk].len, &doc->date))
			doc->date_bad = true, doc->date = NF_NO_DATE;
	} else if (v[dk].type == NF_J_NUMBER) {
		doc->date_raw = (nf_str){v[dk].raw, v[dk].len};
		number_date(&v[dk], doc);
	}
	return 0;
}

static nf_str page_str(const nf_web_page *pg, nf_web_span sp)
{
	return (nf_str){sp.len ? pg->buf.data + sp.off : NULL, sp.len};
}

/* A web page: its main text and what it says about itself. The text is not a slice of the
 * file, so text_base stays 0. */
static int parse_html(nf_parser *p, const nf_record *rec, const nf_web_hint *hint, nf_doc *doc,
		      nf_error *err)
{
	nf_web_page *pg = &p->page;
	int rc = nf_web_extract(rec->data, rec->len, hint, pg);
	if (rc == NF_ENOMEM)
		return rc;
	if (!doc->id.len)
		doc->id = file_id(rec->file);
	if (rc) {
		nf_error_set(err, NF_EEMPTY, rec->file, rec->line, rec->offset,
			     "no article text in the page%s%.*s", hint && hint->url.len ? " " : "",
			     hint ? (int)NF_MIN(hint->url.len, 2000) : 0,
			     hint ? hint->url.ptr : "");
		return NF_EEMPTY;
	}
	doc->text = page_str(pg, pg->text);
	doc->title = page_str(pg, pg->title);
	doc->url = page_str(pg, pg->url);
	doc->source = page_str(pg, pg->site);
	doc->lang = page_str(pg, pg->lang);
	if (!doc->lang.len && !(hint && hint->content_language.len)) {
		/* what the page does not declare is guessed from its text */
		if (!p->langid && !(p->langid = nf_langid_new()))
			return NF_ENOMEM;
		if (nf_langid_guess(p->langid, doc->text.ptr, doc->text.len, p->lang))
			doc->lang = (nf_str){p->lang, strlen(p->lang)};
	}
	if (pg->date.len) {
		doc->date_raw = page_str(pg, pg->date);
		if (nf_date_parse(doc->date_raw.ptr, doc->date_raw.len, &doc->date))
			doc->date_bad = true, doc->date = NF_NO_DATE;
	}
	return 0;
}

/* --- WARC: one HTML response of an archive (the blob warc.c builds) ---------------------- */

/* doc->id: the canonical form of address u (lib/web/url.c), in the parser's scratch; an
 * address that is not UTF-8 is a reject. */
static int canonical_id(nf_parser *p, nf_str u, const nf_record *rec, nf_doc *doc, nf_error *err)
{
	nf_buf_reset(&p->scratch);
	if (nf_url_canonical(u.ptr, u.len, &p->scratch) || p->scratch.oom)
		return NF_ENOMEM;
	doc->id = (nf_str){p->scratch.data, p->scratch.len};
	if (nf_utf8_valid_prefix(doc->id.ptr, doc->id.len) != doc->id.len) {
		nf_error_set(err, NF_EUTF8, rec->file, rec->line, rec->offset,
			     "the page's address is not valid UTF-8");
		return NF_EUTF8;
	}
	return 0;
}

/* A WARC-Date, or an ARC date (YYYYMMDDhhmmss, read as UTC). */
static bool warc_date(nf_str d, int64_t *t)
{
	bool arc = d.len == 14;
	for (size_t i = 0; arc && i < d.len; i++)
		arc = isdigit((unsigned char)d.ptr[i]);
	if (!arc)
		return nf_date_parse(d.ptr, d.len, t) == 0;
	char iso[21];
	nf_fmt(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", d.ptr, d.ptr + 4, d.ptr + 6,
	       d.ptr + 8, d.ptr + 10, d.ptr + 12);
	return nf_date_parse(iso, 20, t) == 0;
}

/* The page of an archived response: extracted as any page, with the HTTP headers as hints; its
 * id and url are the address it was fetched from; WARC-Date stands in when the page declares
 * no date. */
static int parse_warc(nf_parser *p, const nf_record *rec, nf_doc *doc, nf_error *err)
{
	nf_warc_meta m;
	nf_str body;
	if (nf_warc_blob(rec->data, rec->len, &m, &body)) {
		nf_error_set(err, NF_ECORRUPT, rec->file, rec->line, rec->offset,
			     "not an archive record's blob");
		return NF_ECORRUPT;
	}
	if (!m.uri.len) {
		nf_error_set(err, NF_ENOFIELD, rec->file, rec->line, rec->offset,
			     "an HTML response without WARC-Target-URI");
		return NF_ENOFIELD;
	}
	const char *nul = memchr(body.ptr, '\0', body.len);
	int n = (int)NF_MIN(m.uri.len, 160);
	if (nul) {
		nf_error_set(err, NF_ENUL, rec->file, rec->line, rec->offset,
			     "NUL byte at offset %zu of the page %.*s", (size_t)(nul - body.ptr), n,
			     m.uri.ptr);
		return NF_ENUL;
	}
	doc->id = m.uri;
	nf_web_hint hint = {m.content_type, m.content_language, m.uri, false};
	nf_record page = *rec;
	page.data = body.ptr;
	page.len = body.len;
	int rc = parse_html(p, &page, &hint, doc, err);
	if (rc)
		return rc;
	/* the id: the address the page names as its own, else the fetched one, folded */
	nf_str own = doc->url.len ? doc->url : m.uri;
	if ((rc = canonical_id(p, own, rec, doc, err)))
		return rc;
	doc->url = m.uri;
	doc->archive.file = (nf_str){rec->file, strlen(rec->file)};
	doc->archive.offset = rec->offset;
	doc->archive.record_id = m.record_id;
	doc->archive.digest = m.digest;
	doc->archive.truncated = m.truncated;
	if (doc->date == NF_NO_DATE && m.date.len) {
		doc->date_raw = m.date;
		doc->date_bad = !warc_date(m.date, &doc->date);
		if (doc->date_bad)
			doc->date = NF_NO_DATE;
	}
	return 0;
}

/* --- feeds: one item (the blob lib/web/webfeed.c builds) ------------------------------------- */

/* An item: its content's text; title, link, date, language and the feed's title from the
 * item. The id is the link, else the guid, else "FILE:LINE". */
static int parse_feed(nf_parser *p, const nf_record *rec, nf_doc *doc, nf_error *err)
{
	nf_webfeed_meta m;
	nf_str body;
	if (nf_webfeed_blob(rec->data, rec->len, &m, &body)) {
		nf_error_set(err, NF_ECORRUPT, rec->file, rec->line, rec->offset,
			     "not a feed item's blob");
		return NF_ECORRUPT;
	}
	nf_str id = m.link.len ? m.link : m.id;
	if (!id.len) {
		const char *b = strrchr(rec->file, '/');
		nf_fmt(p->autoid, sizeof(p->autoid), "%s:%llu", b ? b + 1 : rec->file,
		       (unsigned long long)rec->line);
		id = (nf_str){p->autoid, strlen(p->autoid)};
	}
	doc->id = id;
	nf_web_hint hint = {.content_language = m.lang, .url = m.link, .fragment = true};
	nf_record item = *rec;
	item.data = body.ptr;
	item.len = body.len;
	int rc = parse_html(p, &item, &hint, doc, err);
	if (rc)
		return rc;
	if (m.link.len && (rc = canonical_id(p, m.link, rec, doc, err)))
		return rc;
	doc->url = m.link;
	doc->title = m.title;
	doc->source = m.feed;
	if (m.lang.len)
		doc->lang = m.lang;
	doc->date_raw = m.date;
	doc->date_bad = false;
	doc->date = NF_NO_DATE;
	if (m.date.len && nf_date_parse(m.date.ptr, m.date.len, &doc->date))
		doc->date_bad = true, doc->date = NF_NO_DATE;
	return 0;
}

int nf_parse(nf_parser *p, const nf_record *rec, nf_doc *doc, nf_error *err)
{
	memset(doc, 0, sizeof(*doc));
	doc->date = NF_NO_DATE;
	doc->format = rec->format;
	if (rec->format == NF_FORMAT_JSONL)
		return parse_jsonl(p, rec, doc, err);
	if (rec->format == NF_FORMAT_HTML)
		return parse_html(p, rec, NULL, doc, err);
	if (rec->format == NF_FORMAT_WARC)
		return parse_warc(p, rec, doc, err);
	if (rec->format == NF_FORMAT_FEED)
		return parse_feed(p, rec, doc, err);
	return parse_file(p, rec, doc, err);
}
