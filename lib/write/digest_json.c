/* digest_json.c - a digest as JSON: the digest record, the articles of the side-by-side view
 * and the story-list entry of the report. */
#include "../digest/digest.h"

/* --- JSON --------------------------------------------------------------------------------- */

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

/* ,"key":value with an integer (or %.3f when frac) value */
static void put_num(nf_buf *b, const char *key, double v, bool frac)
{
	char tmp[96];
	if (frac)
		snprintf(tmp, sizeof(tmp), ",\"%s\":%.3f", key, v);
	else
		snprintf(tmp, sizeof(tmp), ",\"%s\":%.0f", key, v);
	put(b, tmp);
}

/* Text of a span with runs of white space (line breaks too) as one space. */
static void put_text(nf_buf *b, const char *s, size_t n)
{
	char *tmp = malloc(n + 1);
	if (!tmp) {
		b->oom = true;
		return;
	}
	size_t k = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = k > 0;
			continue;
		}
		if (space)
			tmp[k++] = ' ';
		space = false;
		tmp[k++] = c;
	}
	nf_json_string(b, tmp, k);
	free(tmp);
}

static void put_id(nf_buf *b, const ddoc *x)
{
	nf_json_string(b, x->id, x->id_len);
}

/* The outlet: the source field, else the URL's host, else null. */
static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* An article's outlet: its source, else its URL's host without "www."; NULL when neither. */
static const char *outlet(const ddoc *x, size_t *n)
{
	if (x->source_len) {
		*n = x->source_len;
		return x->source;
	}
	const char *h = strstr(x->url, "://");
	if (!h)
		return NULL;
	h += 3;
	*n = strcspn(h, "/?#:");
	if (*n > 4 && memcmp(h, "www.", 4) == 0)
		h += 4, *n -= 4;
	return h;
}

static void put_outlet(nf_buf *b, const ddoc *x)
{
	size_t n;
	const char *o = outlet(x, &n);
	if (!o) {
		put(b, "null");
		return;
	}
	nf_json_string(b, o, n);
}

static void put_ids(nf_buf *b, const nf_digester *d, const uint32_t *v, size_t n)
{
	put(b, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(b, ",");
		put_id(b, &d->docs[v[i]]);
	}
	put(b, "]");
}

/* A timeline entry: the date (undated: INT64_MAX, last) and the article's place. */
typedef struct tl_ent {
	int64_t key;
	uint32_t i;
} tl_ent;

static int cmp_tl(const void *x, const void *y)
{
	const tl_ent *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* The timeline: the articles by date (undated last), then in their order. */
static int put_timeline(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	put(b, "],\"timeline\":[");
	tl_ent *t = malloc((g->n_docs + 1) * sizeof(tl_ent));
	uint32_t *ord = malloc((g->n_docs + 1) * sizeof(uint32_t));
	if (!t || !ord) {
		free(t);
		free(ord);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < g->n_docs; i++) {
		int64_t date = d->docs[i].date;
		t[i] = (tl_ent){date == NF_NO_DATE ? INT64_MAX : date, (uint32_t)i};
	}
	if (g->n_docs > 1)
		qsort(t, g->n_docs, sizeof(tl_ent), cmp_tl);
	for (size_t i = 0; i < g->n_docs; i++)
		ord[i] = t[i].i;
	free(t);
	for (size_t i = 0; i < g->n_docs; i++) {
		const ddoc *x = &d->docs[ord[i]];
		put(b, i ? ",{\"date\":" : "{\"date\":");
		nf_json_date(b, x->date);
		put(b, ",\"outlet\":");
		put_outlet(b, x);
		put(b, ",\"id\":");
		put_id(b, x);
		put(b, "}");
	}
	free(ord);
	return 0;
}

int nf_digest_json(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	return nf_dg_digest_json(d, g, 0, b);
}

int nf_dg_digest_json(const nf_digester *d, const nf_digest *g, unsigned flags, nf_buf *b)
{
	put(b, "{\"headline\":");
	if (g->headline_doc >= 0) {
		const ddoc *x = &d->docs[g->headline_doc];
		const char *base = g->headline_in_title ? x->title : x->text;
		put(b, "{\"text\":");
		put_text(b, base + g->headline.start, g->headline.end - g->headline.start);
		put(b, ",\"id\":");
		put_id(b, x);
		put(b, g->headline_in_title ? ",\"from\":\"title\"}" : ",\"from\":\"text\"}");
	} else {
		put(b, "null");
	}
	put(b, ",\"summary\":[");
	for (size_t i = 0; i < g->n_summary; i++) {
		const nf_digest_sentence *s = &g->summary[i];
		const ddoc *x = &d->docs[s->doc];
		put(b, i ? ",{\"text\":" : "{\"text\":");
		put_text(b, x->text + s->span.start, s->span.end - s->span.start);
		put(b, ",\"id\":");
		put_id(b, x);
		put_num(b, "start", s->span.start, false);
		put_num(b, "end", s->span.end, false);
		put(b, ",\"sources\":");
		put_ids(b, d, s->support, s->n_support);
		put(b, "}");
	}
	put(b, "],\"quotes\":[");
	size_t nq =
	    (flags & NF_DJ_REPORT) && g->n_quotes > REPORT_QUOTES ? REPORT_QUOTES : g->n_quotes;
	for (size_t i = 0; i < nq; i++) {
		const nf_digest_quote *q = &g->quotes[i];
		const ddoc *x = &d->docs[q->doc];
		put(b, i ? ",{\"text\":" : "{\"text\":");
		put_text(b, x->text + q->span.start, q->span.end - q->span.start);
		put(b, ",\"speaker\":");
		if (q->speaker_doc >= 0)
			put_text(b, d->docs[q->speaker_doc].text + q->speaker.start,
				 q->speaker.end - q->speaker.start);
		else
			put(b, "null");
		put(b, ",\"id\":");
		put_id(b, x);
		put_num(b, "start", q->span.start, false);
		put_num(b, "end", q->span.end, false);
		put(b, ",\"carriers\":");
		put_ids(b, d, q->carriers, q->n_carriers);
		put(b, ",\"outlets\":[");
		for (size_t k = 0; k < q->n_carriers; k++) {
			if (k)
				put(b, ",");
			put_outlet(b, &d->docs[q->carriers[k]]);
		}
		put(b, "]}");
	}
	put(b, "],\"sources\":[");
	for (size_t i = 0; i < g->n_docs; i++) {
		const nf_digest_source *s = &g->sources[i];
		const ddoc *x = &d->docs[i];
		put(b, i ? ",{\"id\":" : "{\"id\":");
		put_id(b, x);
		put(b, ",\"outlet\":");
		put_outlet(b, x);
		put(b, ",\"url\":");
		if (x->url_len)
			nf_json_string(b, x->url, x->url_len);
		else
			put(b, "null");
		put(b, ",\"date\":");
		nf_json_date(b, x->date);
		put(b, ",\"role\":\"");
		put(b, nf_role_name(s->role));
		put(b, "\",\"copy_of\":");
		if (s->copy_of >= 0)
			put_id(b, &d->docs[s->copy_of]);
		else
			put(b, "null");
		put(b, ",\"family\":");
		put_id(b, &d->docs[s->family]);
		put_num(b, "reused", s->reused, true);
		if (flags & NF_DJ_NO_ADDED) {
			put(b, "}");
			continue;
		}
		put(b, ",\"added\":[");
		for (size_t k = 0; k < s->n_added; k++) {
			if (k)
				put(b, ",");
			put_text(b, x->text + s->added[k].start,
				 s->added[k].end - s->added[k].start);
		}
		put(b, "]}");
	}
	/* the report's page draws the timeline from its articles */
	if (!(flags & NF_DJ_REPORT) && put_timeline(d, g, b))
		return NF_ENOMEM;
	put(b, "],\"names\":[");
	for (size_t i = 0; i < g->n_names; i++) {
		const nf_digest_name *nm = &g->names[i];
		put(b, i ? ",{\"name\":" : "{\"name\":");
		put_text(b, d->docs[nm->doc].text + nm->span.start, nm->span.end - nm->span.start);
		put_num(b, "articles", nm->docs, false);
		put(b, "}");
	}
	put(b, "]}");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_digest_articles_json(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	return nf_dg_articles_json(d, g, true, b);
}

/* The articles; with `texts` their texts and boilerplate spans, and the pairs' spans. */
int nf_dg_articles_json(const nf_digester *d, const nf_digest *g, bool texts, nf_buf *b)
{
	put(b, "{\"articles\":[");
	for (size_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		put(b, i ? ",{\"id\":" : "{\"id\":");
		put_id(b, x);
		put(b, ",\"title\":");
		nf_json_string(b, x->title, x->title_len);
		put(b, ",\"outlet\":");
		put_outlet(b, x);
		put(b, ",\"url\":");
		nf_json_string(b, x->url, x->url_len);
		put(b, ",\"date\":");
		nf_json_date(b, x->date);
		if (!texts) {
			put(b, "}");
			continue;
		}
		put(b, ",\"text\":");
		nf_json_string(b, x->text, x->text_len);
		put(b, ",\"boiler\":[");
		for (size_t k = 0; k < x->n_boiler; k++) {
			char tmp[48];
			snprintf(tmp, sizeof(tmp), "%s[%u,%u]", k ? "," : "", x->boiler[k].start,
				 x->boiler[k].end);
			put(b, tmp);
		}
		put(b, "]}");
	}
	put(b, "],\"pairs\":[");
	for (size_t i = 0; texts && i < g->n_pairs; i++) {
		const nf_digest_pair *p = &g->pairs[i];
		char tmp[160];
		snprintf(tmp, sizeof(tmp), "%s{\"a\":%u,\"b\":%u,\"relation\":\"%s\",\"spans\":[",
			 i ? "," : "", p->a, p->b, nf_relation_name(p->relation));
		put(b, tmp);
		for (size_t k = 0; k < p->n_spans; k++) {
			const nf_passage *s = &p->spans[k];
			snprintf(tmp, sizeof(tmp), "%s[%u,%u,%u,%u,\"%s\",%s]", k ? "," : "",
				 s->a_start, s->a_end, s->b_start, s->b_end,
				 nf_passage_kind_name(s->kind), s->boilerplate ? "true" : "false");
			put(b, tmp);
		}
		put(b, "]}");
	}
	put(b, "]}");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_digest_index_json(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	put(b, "\"headline\":");
	if (g->headline_doc >= 0) {
		const ddoc *x = &d->docs[g->headline_doc];
		const char *base = g->headline_in_title ? x->title : x->text;
		put_text(b, base + g->headline.start, g->headline.end - g->headline.start);
	} else {
		put(b, "null");
	}
	put(b, ",\"names\":[");
	for (size_t i = 0; i < g->n_names && i < 6; i++) {
		const nf_digest_name *nm = &g->names[i];
		if (i)
			put(b, ",");
		put_text(b, d->docs[nm->doc].text + nm->span.start, nm->span.end - nm->span.start);
	}
	put(b, "],\"outlets\":[");
	size_t shown = 0;
	for (size_t i = 0; i < d->n && shown < 8; i++) {
		const ddoc *x = &d->docs[i];
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = d->docs[j].source_len == x->source_len &&
			      memcmp(d->docs[j].source, x->source, x->source_len) == 0 &&
			      d->docs[j].url_len == 0 && x->url_len == 0;
		if (dup || (!x->source_len && !strstr(x->url, "://")))
			continue;
		if (shown++)
			put(b, ",");
		put_outlet(b, x);
	}
	/* how many outlets in all (the story list sorts by it) */
	uint64_t *h = malloc((d->n + 1) * sizeof(uint64_t));
	if (!h)
		return NF_ENOMEM;
	size_t m = 0, distinct = 0;
	for (size_t i = 0; i < d->n; i++) {
		size_t n;
		const char *o = outlet(&d->docs[i], &n);
		if (o)
			h[m++] = nf_hash64(o, n, 11);
	}
	qsort(h, m, sizeof(uint64_t), cmp_u64);
	for (size_t i = 0; i < m; i++)
		distinct += i == 0 || h[i] != h[i - 1];
	free(h);
	char num[32];
	snprintf(num, sizeof(num), "],\"sources\":%zu", distinct);
	put(b, num);
	return b->oom ? NF_ENOMEM : 0;
}
