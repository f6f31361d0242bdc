/*
 * fuzzread.h - the reading model shared by fuzz_jsonl and fuzz_seed.
 *
 * The input is written to a file and read twice:
 *   pass B, with the default record cap: every record is parsed, compared with a model of
 *     nf_parse() built on the reference JSON parser, cleaned and checked; for an uncompressed
 *     input the whole event sequence (records and rejects, line numbers, offsets, bytes) must
 *     be exactly what a simple line splitter predicts;
 *   pass A, with a small cap (and auto_id): the same events, except that records longer than the
 *     cap are NF_ETOOLONG rejects at the same line and offset. This holds for compressed inputs
 *     too, where the decompressed bytes are not known to the target.
 */
#ifndef NF_FUZZREAD_H
#define NF_FUZZREAD_H

#include "fuzzcheck.h"

#include <errno.h>
#include <math.h>

enum { FK_ID, FK_TEXT, FK_TITLE, FK_SOURCE, FK_URL, FK_DATE, FK_PUBLISHED, FK_COUNT };

typedef struct fc_event {
	int rc; /* 1 record, < 0 reject */
	uint64_t line, offset;
	size_t len;
	uint64_t hash;
	int format;
} fc_event;

typedef struct fc_events {
	fc_event *a;
	size_t n, cap;
} fc_events;

static inline void fc_events_push(fc_events *v, fc_event e)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->a = realloc(v->a, v->cap * sizeof(*v->a));
		FC_ASSERT(v->a);
	}
	v->a[v->n++] = e;
}

static inline uint64_t fc_hash(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	return h;
}

static inline bool fc_all_space(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
			return false;
	return true;
}

/* A JSONL line the reader skips: only spaces, tabs and CRs. */
static inline bool fc_blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/* Whether p[0..n) starts as an HTML page: after a BOM, blanks, comments and an XML
 * declaration, one of the tags a page starts with, in any case, then a delimiter. */
static inline bool fc_html_start(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (int round = 0; round < 8; round++) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
			i++;
		const char *end = NULL;
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			for (size_t j = i + 4; j + 3 <= n && !end; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					end = p + j + 3;
		} else if (i + 5 <= n && memcmp(p + i, "<?xml", 5) == 0) {
			end = memchr(p + i, '>', n - i);
			end = end ? end + 1 : NULL;
		} else {
			break;
		}
		if (!end)
			return false;
		i = (size_t)(end - p);
	}
	static const char *const tags[] = {"<!doctype html", "<html",  "<head",	  "<body", "<meta",
					   "<title",	     "<style", "<script", "<link", "<base"};
	for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
		size_t m = strlen(tags[k]);
		if (i + m >= n)
			continue;
		bool same = true;
		for (size_t j = 0; j < m && same; j++) {
			char c = p[i + j];
			same = (c >= 'A' && c <= 'Z' ? c + 32 : c) == tags[k][j];
		}
		char c = p[i + m];
		if (same &&
		    (c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' || c == '/'))
			return true;
	}
	return false;
}

/* Whether p[0..n) starts as a feed: after a BOM, blanks and <?...?>, <!...> and comments, the
 * root <rss, <feed or <rdf:RDF followed by a blank or '>'. */
static inline bool fc_feed_start(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (int round = 0; round < 16; round++) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
			i++;
		if (i + 2 > n || p[i] != '<' || (p[i + 1] != '?' && p[i + 1] != '!'))
			break;
		const char *end = NULL;
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			for (size_t j = i + 4; j + 3 <= n && !end; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					end = p + j + 2;
		} else {
			end = memchr(p + i, '>', n - i);
		}
		if (!end)
			return false;
		i = (size_t)(end - p) + 1;
	}
	static const char *const roots[] = {"<rss", "<feed", "<rdf:RDF"};
	for (size_t k = 0; k < 3; k++) {
		size_t m = strlen(roots[k]);
		if (i + m < n && memcmp(p + i, roots[k], m) == 0 &&
		    (p[i + m] == ' ' || p[i + m] == '>' || p[i + m] == '\t' || p[i + m] == '\n' ||
		     p[i + m] == '\r'))
			return true;
	}
	return false;
}

/* The format the reader should see in an uncompressed input. */
static inline int fc_sniff(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	if (i < n && (p[i] == '{' || p[i] == '['))
		return NF_FORMAT_JSONL; /* lines, or a JSON array */
	return NF_FORMAT_TEXT;		/* or seed: see fc_seed_header() */
}

/* " date YYYY-MM-DD<ws>" after an optional BOM: the body offset, or 0. */
static inline size_t fc_seed_header(const char *p, size_t n, const char **date)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (i < n && p[i] == ' ')
		i++;
	if (n < i + 16 || memcmp(p + i, "date ", 5) != 0)
		return 0;
	const char *d = p + i + 5;
	for (int k = 0; k < 10; k++) {
		bool ok = (k == 4 || k == 7) ? d[k] == '-' : (d[k] >= '0' && d[k] <= '9');
		if (!ok)
			return 0;
	}
	if (!strchr(" \n\t\r", d[10]) || d[10] == '\0')
		return 0;
	*date = d;
	return i + 16;
}

/* Days since 1970-01-01 of a valid proleptic Gregorian date (year 1..9999), or false. */
static inline bool fc_days(int y, int m, int d, int64_t *days)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return false;
	int64_t yy = y - 1, y0 = 1969;
	int64_t before = yy * 365 + yy / 4 - yy / 100 + yy / 400;
	int64_t epoch = y0 * 365 + y0 / 4 - y0 / 100 + y0 / 400;
	int64_t doy = d - 1;
	for (int k = 1; k < m; k++)
		doy += mdays[k - 1] + (k == 2 && leap);
	*days = before - epoch + doy;
	return true;
}

static inline int fc_num(const char *p, int k)
{
	int v = 0;
	for (int i = 0; i < k; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* ---------------------------------------------------------------------------------------- */

typedef struct fc_ctx {
	const uint8_t *data;
	size_t size;
	const char *path;
	bool compressed;
	bool archive; /* it held WARC/ARC records: fuzz_warc checks those */
	nf_read_options ro;
	bool clean; /* clean and check every parsed document */
	nf_cleaner *cl, *cl2;
	nf_idset *ids;
	char **seen; /* ids accepted so far (own bookkeeping for nf_idset) */
	size_t *seen_len;
	size_t n_seen;
	nf_buf s1, s2;
} fc_ctx;

static inline const char *fc_key(const char *opt, const char *def)
{
	return opt ? opt : def;
}

/* Model of nf_parse() for a JSONL record; compares with what the library returned. */
static inline void fc_check_parse_jsonl(fc_ctx *x, const nf_record *rec, int rc, const nf_doc *doc,
					const nf_error *err)
{
	const nf_read_options *o = &x->ro;
	if (rc < 0) {
		fc_check_error(err, rc);
		FC_ASSERT(err->line == rec->line);
		FC_ASSERT(err->offset == rec->offset); /* rejects point at the record start */
	}
	const char *nul = memchr(rec->data, '\0', rec->len);
	if (nul) {
		FC_ASSERT(rc == NF_ENUL);
		FC_ASSERT(err->offset == rec->offset);
		return;
	}
	fc_jfield f[FK_COUNT] = {
	    {fc_key(o->id_field, "id"), 0, NULL, 0},
	    {fc_key(o->text_field, "text"), 0, NULL, 0},
	    {fc_key(o->title_field, "title"), 0, NULL, 0},
	    {fc_key(o->source_field, "source"), 0, NULL, 0},
	    {fc_key(o->url_field, "url"), 0, NULL, 0},
	    {fc_key(o->date_field, "date"), 0, NULL, 0},
	    {o->date_field ? NULL : "published", 0, NULL, 0},
	};
	if (!fc_json_object(rec->data, rec->len, f, FK_COUNT)) {
		FC_ASSERT(rc == NF_EJSON);
		return;
	}
	FC_ASSERT(rc != NF_EJSON);
	/* id */
	int want = 0;
	nf_str id = {NULL, 0};
	char autoid[64];
	if (f[FK_ID].type == FC_J_STRING) {
		id = fc_field_string(&f[FK_ID], &x->s1);
		if (id.len == 0)
			want = NF_EFIELDTYPE;
		else if (!fc_utf8_valid(id.ptr, id.len))
			want = NF_EUTF8;
	} else if (f[FK_ID].type == FC_J_NUMBER) {
		id = (nf_str){f[FK_ID].raw, f[FK_ID].len};
	} else if (f[FK_ID].type == FC_J_NONE && o->auto_id) {
		const char *b = strrchr(rec->file, '/');
		snprintf(autoid, sizeof(autoid), "%s:%llu", b ? b + 1 : rec->file,
			 (unsigned long long)rec->line);
		id = (nf_str){autoid, strlen(autoid)};
	} else {
		want = f[FK_ID].type == FC_J_NONE ? NF_ENOFIELD : NF_EFIELDTYPE;
	}
	nf_str text = {NULL, 0};
	if (!want) {
		if (f[FK_TEXT].type != FC_J_STRING) {
			want = f[FK_TEXT].type == FC_J_NONE ? NF_ENOFIELD : NF_EFIELDTYPE;
		} else {
			text = fc_field_string(&f[FK_TEXT], &x->s2);
			if (fc_all_space(text.ptr, text.len))
				want = NF_EEMPTY;
		}
	}
	FC_ASSERT(rc == want);
	if (rc)
		return;
	FC_ASSERT(doc->format == NF_FORMAT_JSONL && doc->text_base == 0);
	FC_ASSERT(doc->raw.ptr == rec->data && doc->raw.len == rec->len);
	FC_ASSERT(fc_eq(doc->id.ptr, doc->id.len, id.ptr, id.len));
	FC_ASSERT(doc->id_is_number == (f[FK_ID].type == FC_J_NUMBER));
	FC_ASSERT(fc_eq(doc->text.ptr, doc->text.len, text.ptr, text.len));
	static const int opt_keys[] = {FK_TITLE, FK_SOURCE, FK_URL};
	const nf_str *opt_vals[] = {&doc->title, &doc->source, &doc->url};
	for (int k = 0; k < 3; k++) {
		const fc_jfield *g = &f[opt_keys[k]];
		nf_str v = g->type == FC_J_STRING ? fc_field_string(g, &x->s1) : (nf_str){"", 0};
		FC_ASSERT(fc_eq(opt_vals[k]->ptr, opt_vals[k]->len, v.ptr, v.len));
	}
	/* date: the date key if present at all, else "published" */
	const fc_jfield *g = f[FK_DATE].type != FC_J_NONE ? &f[FK_DATE] : &f[FK_PUBLISHED];
	FC_ASSERT(!doc->date_bad || doc->date == NF_NO_DATE);
	if (g->type == FC_J_STRING) {
		nf_str v = fc_field_string(g, &x->s1);
		FC_ASSERT(fc_eq(doc->date_raw.ptr, doc->date_raw.len, v.ptr, v.len));
		int64_t t = 0;
		int prc = v.len ? nf_date_parse(v.ptr, v.len, &t) : 1;
		if (v.len == 0)
			FC_ASSERT(!doc->date_bad && doc->date == NF_NO_DATE);
		else if (prc == 0)
			FC_ASSERT(!doc->date_bad && doc->date == t);
		else
			FC_ASSERT(prc == NF_EINVAL && doc->date_bad);
	} else if (g->type == FC_J_NUMBER) {
		FC_ASSERT(fc_eq(doc->date_raw.ptr, doc->date_raw.len, g->raw, g->len));
		/* seconds, or milliseconds beyond 1e11; bad beyond 1e15 or out of double range */
		char *tmp = malloc(g->len + 1), *end;
		FC_ASSERT(tmp);
		memcpy(tmp, g->raw, g->len);
		tmp[g->len] = '\0';
		errno = 0;
		double v = strtod(tmp, &end);
		bool bad = errno != 0 || *end || isnan(v) || v > 1e15 || v < -1e15;
		free(tmp);
		FC_ASSERT(doc->date_bad == bad);
		if (!bad) {
			if (v > 1e11 || v < -1e11)
				v /= 1000;
			FC_ASSERT(doc->date == (int64_t)v);
		}
	} else {
		FC_ASSERT(doc->date_raw.len == 0 && !doc->date_bad && doc->date == NF_NO_DATE);
	}
}

/* A web page: its text is extracted (fuzz_html checks it further), or it has none. */
static inline void fc_check_parse_html(const nf_record *rec, int rc, const nf_doc *doc,
				       const nf_error *err)
{
	if (rc < 0) {
		FC_ASSERT(rc == NF_EEMPTY);
		fc_check_error(err, rc);
		FC_ASSERT(err->line == 1 && err->offset == rec->offset);
		return;
	}
	FC_ASSERT(rc == 0 && doc->format == NF_FORMAT_HTML && doc->text_base == 0);
	FC_ASSERT(doc->text.len > 0 && fc_utf8_valid(doc->text.ptr, doc->text.len));
	nf_str id = fc_file_id(rec->file);
	FC_ASSERT(fc_eq(doc->id.ptr, doc->id.len, id.ptr, id.len) && !doc->id_is_number);
}

/* Model of nf_parse() for a whole-file record (seed or plain text). */
static inline void fc_check_parse_file(fc_ctx *x, const nf_record *rec, int rc, const nf_doc *doc,
				       const nf_error *err)
{
	(void)x;
	if (rc < 0) {
		fc_check_error(err, rc);
		FC_ASSERT(err->line == 1);
	}
	const char *nul = memchr(rec->data, '\0', rec->len);
	if (nul) {
		FC_ASSERT(rc == NF_ENUL && err->offset == rec->offset);
		return;
	}
	const char *date = NULL;
	size_t base = fc_seed_header(rec->data, rec->len, &date);
	FC_ASSERT((rec->format == NF_FORMAT_SEED) == (base != 0));
	if (!base && rec->len >= 3 && memcmp(rec->data, "\xEF\xBB\xBF", 3) == 0)
		base = 3;
	if (fc_all_space(rec->data + base, rec->len - base)) {
		FC_ASSERT(rc == NF_EEMPTY);
		return;
	}
	FC_ASSERT(rc == 0);
	nf_str id = fc_file_id(rec->file);
	FC_ASSERT(fc_eq(doc->id.ptr, doc->id.len, id.ptr, id.len) && !doc->id_is_number);
	FC_ASSERT(doc->text.ptr == rec->data + base && doc->text.len == rec->len - base);
	FC_ASSERT(doc->text_base == base && doc->format == rec->format);
	FC_ASSERT(doc->raw.len == 0 && doc->title.len == 0 && doc->url.len == 0);
	if (date) {
		FC_ASSERT(doc->date_raw.ptr == date && doc->date_raw.len == 10);
		int64_t days;
		if (fc_days(fc_num(date, 4), fc_num(date + 5, 2), fc_num(date + 8, 2), &days))
			FC_ASSERT(!doc->date_bad && doc->date == days * 86400);
		else
			FC_ASSERT(doc->date_bad && doc->date == NF_NO_DATE);
	} else {
		FC_ASSERT(doc->date_raw.len == 0 && !doc->date_bad && doc->date == NF_NO_DATE);
	}
}

/* nf_idset against own bookkeeping. */
static inline void fc_check_id(fc_ctx *x, nf_str id)
{
	bool seen = false;
	for (size_t i = 0; i < x->n_seen && !seen; i++)
		seen = fc_eq(x->seen[i], x->seen_len[i], id.ptr, id.len);
	int r = nf_idset_add(x->ids, id.ptr, id.len);
	FC_OOM(r);
	FC_ASSERT(r == (seen ? 0 : 1));
	if (!seen) {
		x->seen = realloc(x->seen, (x->n_seen + 1) * sizeof(*x->seen));
		x->seen_len = realloc(x->seen_len, (x->n_seen + 1) * sizeof(*x->seen_len));
		FC_ASSERT(x->seen && x->seen_len);
		x->seen[x->n_seen] = malloc(id.len + 1);
		FC_ASSERT(x->seen[x->n_seen]);
		if (id.len)
			memcpy(x->seen[x->n_seen], id.ptr, id.len);
		x->seen_len[x->n_seen++] = id.len;
	}
}

static inline void fc_check_doc(fc_ctx *x, const nf_doc *doc)
{
	fc_check_id(x, doc->id);
	if (!x->clean)
		return;
	nf_cleaned c;
	int rc = nf_clean(x->cl, doc->text.ptr, doc->text.len, &c);
	FC_OOM(rc);
	FC_ASSERT(rc == 0);
	fc_check_cleaned(doc->text.ptr, doc->text.len, &c);
	fc_check_clean_json(doc, &c, NF_JSON_TOKENS | NF_JSON_NORM);
	fc_check_idempotent(x->cl2, &c);
}

/* Reads the input once with options ro; appends the events; checks and parses each record. */
static inline void fc_read_pass(fc_ctx *x, const nf_read_options *ro, fc_events *ev)
{
	x->ro = *ro;
	nf_reader *r;
	nf_parser *p;
	FC_ASSERT(nf_reader_new(&r, ro) == 0);
	FC_ASSERT(nf_parser_new(&p, ro) == 0);
	FC_ASSERT(nf_idset_new(&x->ids) == 0);
	FC_ASSERT(nf_reader_add(r, x->path) == 0);
	size_t cap = ro->max_record ? ro->max_record : (size_t)64 << 20;
	nf_record rec;
	nf_error err;
	nf_doc doc;
	/*
	 * Order: records come in increasing line and offset. An over-long line is reported after
	 * the record before it and before the one after it. A decompression error is reported
	 * when it is met, at the first line not yet returned (which may be the over-long line
	 * being skipped), before the buffered lines that still drain (so those may carry its
	 * line number or a later one).
	 */
	uint64_t last_line = 0, last_off = 0, min_line = 0;
	bool first = true;
	int rc;
	size_t guard = 0;
	while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
		FC_OOM(rc);
		FC_ASSERT(++guard < ((size_t)1 << 26));
		if (rc < 0) {
			fc_check_error(&err, rc);
			FC_ASSERT(strcmp(err.file, x->path) == 0);
			FC_ASSERT(rc == NF_ETOOLONG || rc == NF_ECORRUPT);
			FC_ASSERT(err.line > last_line &&
				  err.line + (rc == NF_ECORRUPT) >= min_line);
			fc_events_push(ev, (fc_event){rc, err.line, err.offset, 0, 0, 0});
			min_line = rc == NF_ETOOLONG ? err.line + 1 : err.line;
			continue;
		}
		FC_ASSERT(rc == 1);
		if (rec.format == NF_FORMAT_WARC || rec.format == NF_FORMAT_FEED) {
			/* an archive or a feed (compressed): see fuzz_warc, fuzz_feed */
			x->archive = true;
			break;
		}
		FC_ASSERT(rec.len <= cap && (rec.data || rec.len == 0));
		FC_ASSERT(strcmp(rec.file, x->path) == 0);
		FC_ASSERT(rec.format >= NF_FORMAT_JSONL && rec.format <= NF_FORMAT_HTML);
		if (rec.format == NF_FORMAT_JSONL) {
			FC_ASSERT(rec.len > 0 && !fc_blank_line(rec.data, rec.len));
			FC_ASSERT(first || (rec.line > last_line && rec.offset > last_off));
			FC_ASSERT(rec.line >= min_line);
		} else {
			FC_ASSERT(rec.line == 1 && rec.offset == 0 && first);
		}
		first = false;
		last_line = rec.line;
		last_off = rec.offset;
		fc_events_push(ev, (fc_event){1, rec.line, rec.offset, rec.len,
					      fc_hash(rec.data, rec.len), rec.format});
		memset(&doc, 0xA5, sizeof(doc));
		memset(&err, 0, sizeof(err));
		rc = nf_parse(p, &rec, &doc, &err);
		FC_OOM(rc);
		if (rec.format == NF_FORMAT_JSONL)
			fc_check_parse_jsonl(x, &rec, rc, &doc, &err);
		else if (rec.format == NF_FORMAT_HTML)
			fc_check_parse_html(&rec, rc, &doc, &err);
		else
			fc_check_parse_file(x, &rec, rc, &doc, &err);
		if (rc == 0)
			fc_check_doc(x, &doc);
	}
	nf_reader_stats st;
	nf_reader_stats_get(r, &st);
	FC_ASSERT(st.files == 1 && st.files_skipped == 0);
	FC_ASSERT(st.records == ev->n || x->archive);
	nf_parser_free(p);
	nf_reader_free(r);
	nf_idset_free(x->ids);
	x->ids = NULL;
	for (size_t i = 0; i < x->n_seen; i++)
		free(x->seen[i]);
	free(x->seen);
	free(x->seen_len);
	x->seen = NULL;
	x->seen_len = NULL;
	x->n_seen = 0;
}

/* The exact events of an uncompressed input read with the default cap. */
static inline void fc_check_model(const fc_ctx *x, const fc_events *ev)
{
	const char *d = (const char *)x->data;
	size_t n = x->size, k = 0;
	if (fc_sniff(d, n) != NF_FORMAT_JSONL) {
		if (n == 0) {
			FC_ASSERT(ev->n == 0);
			return;
		}
		const char *date;
		int fmt = fc_seed_header(d, n, &date) ? NF_FORMAT_SEED
			  : fc_html_start(d, n)	      ? NF_FORMAT_HTML
						      : NF_FORMAT_TEXT;
		FC_ASSERT(ev->n == 1 && ev->a[0].rc == 1 && ev->a[0].len == n);
		FC_ASSERT(ev->a[0].hash == fc_hash(d, n) && ev->a[0].format == fmt);
		return;
	}
	size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
		i++;
	if (d[i] == '[') { /* a JSON array: each element a record, in order, numbered */
		size_t end = 0;
		for (k = 0; k < ev->n; k++) {
			const fc_event *v = &ev->a[k];
			FC_ASSERT(v->rc == 1 && v->line == k + 1 && v->offset >= end &&
				  v->offset + v->len <= n);
			FC_ASSERT(v->hash == fc_hash(d + v->offset, v->len));
			char c = d[v->offset];
			FC_ASSERT(c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',');
			end = v->offset + v->len;
		}
		return;
	}
	/* lines end with '\n', or with '\r' when the first line end is a lone CR */
	const char *cr = memchr(d, '\r', n), *lf = memchr(d, '\n', n);
	char eol =
	    cr && (!lf || cr < lf) && (size_t)(cr - d) + 1 < n && cr[1] != '\n' ? '\r' : '\n';
	uint64_t line = 0;
	i = 0;
	while (i < n) {
		const char *nl = memchr(d + i, eol, n - i);
		size_t e = nl ? (size_t)(nl - d) : n, len = e - i;
		line++;
		if (len && d[i + len - 1] == '\r')
			len--;
		size_t s = i; /* a byte-order mark before the first record is not part of it */
		if (line == 1 && len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
			s += 3, len -= 3;
		if (!fc_blank_line(d + s, len)) {
			FC_ASSERT(k < ev->n);
			const fc_event *v = &ev->a[k++];
			FC_ASSERT(v->rc == 1 && v->line == line && v->offset == s && v->len == len);
			FC_ASSERT(v->hash == fc_hash(d + s, len) && v->format == NF_FORMAT_JSONL);
		}
		i = e + 1;
	}
	FC_ASSERT(k == ev->n);
}

/* Pass A (small cap) against pass B (default cap). */
static inline void fc_check_small_cap(const fc_events *b, const fc_events *a, size_t cap)
{
	uint64_t stop = UINT64_MAX; /* lines from a decompression error on are not compared */
	size_t corrupt_a = 0, corrupt_b = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->a[i].rc == NF_ECORRUPT && corrupt_a++ == 0 && a->a[i].line < stop)
			stop = a->a[i].line;
	for (size_t i = 0; i < b->n; i++)
		if (b->a[i].rc == NF_ECORRUPT && corrupt_b++ == 0 && b->a[i].line < stop)
			stop = b->a[i].line;
	/* a seed or text file over the cap is not read to its end, so damage after the cap
	 * goes unseen: pass A is then one reject, at line 1 */
	bool capped_file = a->n == 1 && a->a[0].rc == NF_ETOOLONG && a->a[0].line == 1 &&
			   a->a[0].offset == 0 && b->n <= 1;
	bool whole = capped_file ||
		     (b->n && b->a[0].rc == 1 && b->a[0].format != NF_FORMAT_JSONL) ||
		     (a->n && a->a[0].rc == 1 && a->a[0].format != NF_FORMAT_JSONL);
	if (whole && (corrupt_a || corrupt_b))
		return;
	FC_ASSERT(corrupt_a <= 1 && corrupt_b <= 1);
	if (!whole)
		FC_ASSERT(corrupt_a == corrupt_b);
	size_t j = 0;
	for (size_t i = 0; i < b->n; i++) {
		const fc_event *e = &b->a[i];
		if (e->line >= stop)
			break;
		FC_ASSERT(j < a->n);
		const fc_event *f = &a->a[j++];
		FC_ASSERT(f->line == e->line && f->offset == e->offset);
		if (e->rc == 1 && e->len <= cap) {
			FC_ASSERT(f->rc == 1 && f->len == e->len && f->hash == e->hash &&
				  f->format == e->format);
		} else {
			FC_ASSERT(f->rc == NF_ETOOLONG);
		}
	}
	for (; j < a->n; j++)
		FC_ASSERT(a->a[j].line >= stop);
}

/* The whole model: pass B checked in full, pass A against it. */
static inline void fc_read_check(const uint8_t *data, size_t size, size_t small_cap,
				 const nf_read_options *fields)
{
	static nf_cleaner *cl, *cl2;
	if (!cl) {
		FC_ASSERT(nf_cleaner_new(&cl, NULL) == 0);
		FC_ASSERT(nf_cleaner_new(&cl2, NULL) == 0);
	}
	fc_ctx x;
	memset(&x, 0, sizeof(x));
	x.data = data;
	x.size = size;
	if (size >= 5 &&
	    (memcmp(data, "WARC/", 5) == 0 || (size >= 11 && memcmp(data, "filedesc://", 11) == 0)))
		return; /* an archive: fuzz_warc checks it */
	if (fc_feed_start((const char *)data, size))
		return; /* a feed: fuzz_feed checks it */
	x.path = fc_file_put(data, size);
	x.compressed = fc_compressed(data, size);
	x.cl = cl;
	x.cl2 = cl2;
	nf_buf_init(&x.s1);
	nf_buf_init(&x.s2);
	fc_events a = {0}, b = {0};

	nf_read_options ro = fields ? *fields : (nf_read_options){0};
	ro.max_record = 0;
	ro.auto_id = false;
	x.clean = true;
	fc_read_pass(&x, &ro, &b);
	if (x.archive)
		goto out;
	if (!x.compressed)
		fc_check_model(&x, &b);

	ro.max_record = small_cap;
	ro.auto_id = true;
	x.clean = false;
	fc_read_pass(&x, &ro, &a);
	fc_check_small_cap(&b, &a, small_cap);
out:
	free(a.a);
	free(b.a);
	nf_buf_release(&x.s1);
	nf_buf_release(&x.s2);
}

#endif
