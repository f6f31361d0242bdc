/*
 * report.c - the self-contained HTML report: a searchable story list, and per story (rendered
 * when opened) its digest, a sources table, a timeline in SVG and a side-by-side view of any two
 * of its articles with the reused passages highlighted and boilerplate greyed.
 *
 * Safety: the data sits in <script type="application/json"> blocks with '<', '>', '&', U+2028
 * and U+2029 written as \u escapes (valid JSON, and no "</script>" can appear); the script builds
 * the page with textContent and createElement only, links only http(s) URLs, and the
 * Content-Security-Policy allows exactly this script and this style (by SHA-256) and nothing
 * else: no network, no other script, no frames, no forms.
 */
#include "../digest/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The style and the script: lib/write/report.css and report.js, embedded at build time with the
 * base64 of their SHA-256 for the Content-Security-Policy (scripts/embed.c). */
NF_INTERNAL extern const char nf_report_css[], nf_report_js[];
NF_INTERNAL extern const size_t nf_report_css_len, nf_report_js_len;
NF_INTERNAL extern const char nf_report_css_sha256[], nf_report_js_sha256[];

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

/* Text as HTML (for the title only: everything else goes through JSON and textContent). */
static void put_html(nf_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			put(b, "&lt;");
			break;
		case '>':
			put(b, "&gt;");
			break;
		case '&':
			put(b, "&amp;");
			break;
		case '"':
			put(b, "&quot;");
			break;
		default:
			nf_buf_append(b, s, 1);
		}
	}
}

/* JSON made safe inside <script type="application/json">: '<', '>', '&' and the two line
 * separators become \u escapes (they can only occur inside strings, where those mean the same). */
static void put_json_html(nf_buf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = NULL;
		size_t skip = 1;
		unsigned char c = (unsigned char)s[i];
		if (c == '<')
			esc = "\\u003c";
		else if (c == '>')
			esc = "\\u003e";
		else if (c == '&')
			esc = "\\u0026";
		else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			skip = 3;
		}
		if (!esc)
			continue;
		nf_buf_append(b, s + from, i - from);
		put(b, esc);
		i += skip - 1;
		from = i + 1;
	}
	nf_buf_append(b, s + from, n - from);
}

/* The page: lib/write/report.html, whose {{name}} markers are filled here. */
NF_INTERNAL extern const char nf_report_html[];

/* Appends the page from *at, filling its markers, up to the marker `stop` (or the end); *at
 * moves past it. The title is escaped; the index (NULL before the stories) is the story list. */
static void fill(nf_buf *b, const char **at, const char *stop, const char *title,
		 const nf_buf *index)
{
	const char *s = *at;
	const char *m;
	while ((m = strstr(s, "{{")) != NULL) {
		nf_buf_append(b, s, (size_t)(m - s));
		const char *name = m + 2, *end = strstr(name, "}}");
		size_t n = (size_t)(end - name);
		s = end + 2;
#define IS(k) (n == sizeof(k) - 1 && memcmp(name, k, n) == 0)
		if (IS("title"))
			put_html(b, title);
		else if (IS("css"))
			nf_buf_append(b, nf_report_css, nf_report_css_len);
		else if (IS("js"))
			nf_buf_append(b, nf_report_js, nf_report_js_len);
		else if (IS("css_sha256"))
			put(b, nf_report_css_sha256);
		else if (IS("js_sha256"))
			put(b, nf_report_js_sha256);
		else if (IS("index") && index && index->len)
			nf_buf_append(b, index->data, index->len), put(b, "]");
		else if (IS("index"))
			put(b, "[]");
		if (n == strlen(stop) && memcmp(name, stop, n) == 0) {
			*at = s;
			return;
		}
#undef IS
	}
	put(b, s);
	*at = s + strlen(s);
}

/* --- the reporter: every story's entry in the list; details within the size budget ----------- */

typedef struct rstory {
	uint32_t story, size, sources;
	uint64_t full_off, brief_off, entry_off; /* full and brief blocks in the spool; entry */
	uint32_t full_len, brief_len, entry_len; /* in r->entries */
	uint8_t detail;				 /* 0 none, 1 brief, 2 full */
} rstory;

struct nf_reporter {
	char *title;
	uint64_t max_bytes;
	FILE *spool;
	uint64_t spool_len;
	NF_VEC(rstory) st;
	nf_buf entries, tmp;
	int part;	   /* 0: head to write; 1: blocks; 2: end; 3: done */
	size_t next;	   /* the story whose block comes next */
	uint64_t shown[3]; /* stories by detail */
};

int nf_reporter_new(nf_reporter **out, const char *title, uint64_t max_bytes, const char *tmp_dir)
{
	*out = NULL;
	nf_reporter *r = calloc(1, sizeof(*r));
	if (!r)
		return NF_ENOMEM;
	r->title = strdup(title ? title : "newsfold report");
	r->max_bytes = max_bytes;
	nf_buf_init(&r->entries);
	nf_buf_init(&r->tmp);
	int rc = r->title ? nf_tmpfile(tmp_dir, &r->spool) : NF_ENOMEM;
	if (rc) {
		nf_reporter_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void nf_reporter_free(nf_reporter *r)
{
	if (!r)
		return;
	if (r->spool)
		fclose(r->spool);
	free(r->title);
	NF_VEC_FREE(&r->st);
	nf_buf_release(&r->entries);
	nf_buf_release(&r->tmp);
	free(r);
}

/* Appends b's bytes to the spool; their offset into *off. */
static int spool(nf_reporter *r, const nf_buf *b, uint64_t *off)
{
	*off = r->spool_len;
	if (b->len && fwrite(b->data, 1, b->len, r->spool) != b->len)
		return NF_EIO;
	r->spool_len += b->len;
	return 0;
}

/* A story's block: its digest, its articles (their texts and the pairs' spans when full). */
static int block(nf_reporter *r, const rstory *x, int64_t first, int64_t last, const nf_digester *d,
		 const nf_digest *g, bool full, nf_buf *out)
{
	nf_buf *t = &r->tmp;
	nf_buf_reset(t);
	char head[96];
	snprintf(head, sizeof(head), "{\"story\":%u,\"size\":%zu,\"first\":", x->story, g->n_docs);
	put(t, head);
	nf_json_date(t, first);
	put(t, ",\"last\":");
	nf_json_date(t, last);
	put(t, ",\"digest\":");
	int rc = nf_dg_digest_json(d, g, full ? NF_DJ_REPORT : NF_DJ_REPORT | NF_DJ_NO_ADDED, t);
	if (!rc) {
		put(t, ",");
		size_t at = t->len;
		rc = nf_dg_articles_json(d, g, full, t);
		/* splice: {"articles":..,"pairs":..} becomes members of the story object */
		if (!rc)
			memmove(t->data + at, t->data + at + 1, t->len - at - 1), t->len--;
	}
	if (rc || t->oom)
		return NF_ENOMEM;
	nf_buf_reset(out);
	snprintf(head, sizeof(head), "<script type=\"application/json\" id=\"s%u\">", x->story);
	put(out, head);
	put_json_html(out, t->data, t->len);
	put(out, "</script>\n");
	return out->oom ? NF_ENOMEM : 0;
}

int nf_reporter_add(nf_reporter *r, uint32_t story, int64_t first, int64_t last,
		    const nf_digester *d, const nf_digest *g)
{
	rstory x = {.story = story, .size = (uint32_t)g->n_docs};
	nf_buf blk, e;
	nf_buf_init(&blk);
	nf_buf_init(&e);
	/* the list entry (its "detail" is known at the end) */
	char head[96];
	snprintf(head, sizeof(head), "{\"story\":%u,\"size\":%zu,\"first\":", story, g->n_docs);
	put(&e, head);
	nf_json_date(&e, first);
	put(&e, ",\"last\":");
	nf_json_date(&e, last);
	put(&e, ",");
	int rc = nf_digest_index_json(d, g, &e);
	/* its number of outlets, from the entry's "sources":N (the buffer is not NUL-terminated) */
	const char *src = rc || e.oom ? NULL : memmem(e.data, e.len, "\"sources\":", 10);
	for (const char *p = src ? src + 10 : NULL;
	     p && p < e.data + e.len && *p >= '0' && *p <= '9'; p++)
		x.sources = x.sources * 10 + (uint32_t)(*p - '0');
	x.entry_off = r->entries.len;
	x.entry_len = (uint32_t)e.len;
	if (!rc)
		put_json_html(&r->entries, e.data, e.len);
	x.entry_len = (uint32_t)(r->entries.len - x.entry_off);
	if (!rc && !(rc = block(r, &x, first, last, d, g, true, &blk)) &&
	    !(rc = spool(r, &blk, &x.full_off))) {
		x.full_len = (uint32_t)blk.len;
		if (!(rc = block(r, &x, first, last, d, g, false, &blk)) &&
		    !(rc = spool(r, &blk, &x.brief_off)))
			x.brief_len = (uint32_t)blk.len;
	}
	nf_buf_release(&blk);
	nf_buf_release(&e);
	if (!rc && (r->entries.oom || NF_VEC_PUSH(&r->st, x)))
		rc = NF_ENOMEM;
	return rc;
}

static int cmp_rank(const void *p, const void *q, void *ctx)
{
	const rstory *v = ctx;
	const rstory *a = &v[*(const uint32_t *)p], *b = &v[*(const uint32_t *)q];
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	if (a->sources != b->sources)
		return a->sources > b->sources ? -1 : 1;
	return (a->story > b->story) - (a->story < b->story);
}

/* Which stories carry their details: in order of size (then outlets, then number), the full
 * block while the full blocks take at most half the budget, then the brief block (the digest
 * without the articles' texts) while the whole fits; the rest are list entries only. So the
 * stories carrying more are always at least as large as those carrying less. */
static int choose(nf_reporter *r, uint64_t fixed)
{
	size_t n = r->st.n;
	uint64_t budget = r->max_bytes > fixed ? r->max_bytes - fixed : 0, used = 0;
	if (!r->max_bytes) {
		for (size_t i = 0; i < n; i++)
			r->st.a[i].detail = 2;
		return 0;
	}
	uint32_t *rank = malloc((n + 1) * sizeof(uint32_t));
	if (!rank)
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++)
		rank[i] = (uint32_t)i;
	qsort_r(rank, n, sizeof(uint32_t), cmp_rank, r->st.a);
	size_t k = 0;
	for (; k < n && used + r->st.a[rank[k]].full_len <= budget / 2; k++) {
		r->st.a[rank[k]].detail = 2;
		used += r->st.a[rank[k]].full_len;
	}
	for (; k < n && used + r->st.a[rank[k]].brief_len <= budget; k++) {
		r->st.a[rank[k]].detail = 1;
		used += r->st.a[rank[k]].brief_len;
	}
	free(rank);
	return 0;
}

static const char *const detail_name[] = {"none", "digest", "full"};

int nf_reporter_next(nf_reporter *r, nf_buf *out)
{
	if (r->part == 0) {
		if (fflush(r->spool))
			return NF_EIO;
		/* what the page takes besides the blocks: its head, its end, the list */
		const char *at = nf_report_html;
		size_t before = out->len; /* out may hold what came before */
		fill(out, &at, "stories", r->title, NULL);
		uint64_t fixed = out->len - before + r->entries.len + 40 * (uint64_t)r->st.n;
		nf_buf_reset(&r->tmp);
		fill(&r->tmp, &at, "", "", NULL);
		fixed += r->tmp.len;
		int rc = choose(r, fixed);
		if (rc)
			return rc;
		r->part = 1;
		return out->oom ? NF_ENOMEM : 1;
	}
	if (r->part == 1) {
		while (r->next < r->st.n && !r->st.a[r->next].detail)
			r->shown[0]++, r->next++;
		if (r->next < r->st.n) {
			const rstory *x = &r->st.a[r->next++];
			r->shown[x->detail]++;
			uint64_t off = x->detail == 2 ? x->full_off : x->brief_off;
			size_t len = x->detail == 2 ? x->full_len : x->brief_len;
			if (nf_buf_reserve(out, out->len + len))
				return NF_ENOMEM;
			if (pread(fileno(r->spool), out->data + out->len, len, (off_t)off) !=
			    (ssize_t)len)
				return NF_EIO;
			out->len += len;
			return 1;
		}
		r->part = 2;
	}
	if (r->part == 2) {
		/* the list, each entry saying how much of the story the page holds */
		nf_buf *ix = &r->tmp;
		nf_buf_reset(ix);
		for (size_t i = 0; i < r->st.n; i++) {
			const rstory *x = &r->st.a[i];
			put(ix, i ? ",\n" : "[");
			nf_buf_append(ix, r->entries.data + x->entry_off, x->entry_len);
			put(ix, ",\"detail\":\"");
			put(ix, detail_name[x->detail]);
			put(ix, "\"}");
		}
		const char *at = strstr(nf_report_html, "{{stories}}") + sizeof("{{stories}}") - 1;
		fill(out, &at, "", "", ix);
		r->part = 3;
		return out->oom || ix->oom ? NF_ENOMEM : 1;
	}
	return 0;
}

void nf_reporter_shown(const nf_reporter *r, uint64_t *full, uint64_t *digest, uint64_t *none)
{
	*full = r->shown[2];
	*digest = r->shown[1];
	*none = r->shown[0];
}
