/*
 * engine.c - stories (and digests) of a batch: the pipeline behind newsfold stories, digest and
 * report, as a library object.
 *
 * Reading (nf_engine_read): the feed cleans every article and makes its event terms on the
 * worker threads; in input order the terms are counted into the document frequencies and each
 * article's term ids and weights (8 bytes a term) go to a spool, with its raw record to a second
 * spool when digests are asked for.
 * Ties (nf_engine_tie): pairs of articles that must share a story (copies, reused passages) join
 * one unit (union-find over document numbers; the smaller number is the root).
 * Stories (nf_engine_next_story): the articles in (date, id) order go through nf_stories; every
 * story that closes (falls out of the window, or at the end) is handed out at once with its
 * members, the copy families inside it and, with digests, its digest (its articles reloaded
 * from the spool). Memory holds the window's articles plus a few bytes per article.
 * The order depends only on the articles (dates and ids), never on their input order.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

enum phase { READING, TYING, CLUSTERING, DONE };

struct nf_engine {
	nf_engine_options o;
	int phase;
	nf_feed *feed;
	nf_stories *stories;
	nf_spool *sp;  /* per article: term ids and weights */
	nf_spool *raw; /* digests: the raw records */
	nf_digester *dg;
	nf_parser *parser;
	nf_buf buf, rec;
	NF_VEC(uint32_t) ids;
	NF_VEC(float) w;
	uint32_t *order; /* stories article number -> document number */
	uint32_t *unit;	 /* union-find over document numbers, NULL without ties */
	uint32_t *first; /* per unit root: the stories number of its first article */
	int64_t *until;	 /* per unit root: its latest date */
	size_t next;	 /* the next article (in order) to add */
	NF_VEC(nf_engine_member) members;
	NF_VEC(uint32_t) fam, fam_size;
	nf_engine_stats st;
};

void nf_engine_options_init(nf_engine_options *o)
{
	memset(o, 0, sizeof(*o));
	nf_feed_options_init(&o->feed);
	nf_story_options_init(&o->story);
	o->report_bytes = NF_REPORT_BYTES;
}

int nf_engine_new(nf_engine **out, const nf_engine_options *o)
{
	*out = NULL;
	nf_engine *e = calloc(1, sizeof(*e));
	if (!e)
		return NF_ENOMEM;
	e->o = *o;
	e->o.feed.make |= NF_FEED_TERMS;
	nf_buf_init(&e->buf);
	nf_buf_init(&e->rec);
	int rc;
	if ((rc = nf_feed_new(&e->feed, &e->o.feed)) ||
	    (rc = nf_stories_new(&e->stories, &e->o.story)) ||
	    (rc = nf_spool_new(&e->sp, o->feed.tmp_dir)))
		goto fail;
	if (o->digest && ((rc = nf_spool_new(&e->raw, o->feed.tmp_dir)) ||
			  (rc = nf_digester_new(&e->dg, o->feed.language)) ||
			  (rc = nf_parser_new(&e->parser, &o->feed.read))))
		goto fail;
	if (e->dg)
		nf_digester_summary_limit(e->dg, o->summary_bytes, o->summary_words);
	*out = e;
	return 0;
fail:
	nf_engine_free(e);
	return rc;
}

const nf_engine_options *nf_engine_options_of(const nf_engine *e)
{
	return &e->o;
}

void nf_engine_free(nf_engine *e)
{
	if (!e)
		return;
	nf_feed_free(e->feed);
	nf_stories_free(e->stories);
	nf_spool_free(e->sp);
	nf_spool_free(e->raw);
	nf_digester_free(e->dg);
	nf_parser_free(e->parser);
	nf_buf_release(&e->buf);
	nf_buf_release(&e->rec);
	NF_VEC_FREE(&e->ids);
	NF_VEC_FREE(&e->w);
	NF_VEC_FREE(&e->members);
	NF_VEC_FREE(&e->fam);
	NF_VEC_FREE(&e->fam_size);
	free(e->order);
	free(e->unit);
	free(e->first);
	free(e->until);
	free(e);
}

int nf_engine_add(nf_engine *e, const char *path)
{
	return e->phase == READING ? nf_feed_add(e->feed, path) : NF_EINVAL;
}

/* An accepted article: its terms counted, its term ids (and record) spooled. */
static int take(nf_engine *e, const nf_feed_item *it)
{
	size_t n = it->n_terms;
	if (NF_VEC_RESERVE(&e->ids, n + 1))
		return NF_ENOMEM;
	int rc = nf_stories_count(e->stories, it->terms, n, e->ids.a);
	if (rc)
		return rc;
	nf_buf_reset(&e->buf);
	for (size_t i = 0; i < n; i++) {
		nf_buf_append(&e->buf, &e->ids.a[i], 4);
		nf_buf_append(&e->buf, &it->terms[i].weight, 4);
	}
	if (e->buf.oom)
		return NF_ENOMEM;
	nf_spool_entry s = {e->buf.data,  e->buf.len,	it->id,		it->id_is_number, it->date,
			    it->rec.file, it->rec.line, it->rec.format, it->rec.offset};
	if ((rc = nf_spool_put(e->sp, &s)))
		return rc;
	if (e->raw) {
		s.data = it->rec.data;
		s.len = it->rec.len;
		if ((rc = nf_spool_put(e->raw, &s)))
			return rc;
	}
	return 0;
}

/* (date, id, number) order of the documents */
static int cmp_order(const void *x, const void *y, void *ctx)
{
	const nf_spool *sp = ctx;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	int64_t a = nf_spool_date(sp, i), b = nf_spool_date(sp, j);
	if (a != b)
		return a < b ? -1 : 1;
	nf_str ia = nf_spool_id(sp, i, NULL), ib = nf_spool_id(sp, j, NULL);
	int c = memcmp(ia.ptr, ib.ptr, ia.len < ib.len ? ia.len : ib.len);
	if (c)
		return c;
	if (ia.len != ib.len)
		return ia.len < ib.len ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* The end of reading: spools flushed, the articles put in order. */
static int end_reading(nf_engine *e)
{
	int rc;
	if ((rc = nf_spool_flush(e->sp)) || (e->raw && (rc = nf_spool_flush(e->raw))))
		return rc;
	uint32_t n = nf_spool_count(e->sp);
	if (!(e->order = malloc(((size_t)n + 1) * sizeof(uint32_t))))
		return NF_ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		e->order[i] = i;
	qsort_r(e->order, n, sizeof(uint32_t), cmp_order, e->sp);
	e->phase = TYING;
	return 0;
}

int nf_engine_read(nf_engine *e, nf_feed_item *it)
{
	if (e->phase != READING)
		return 0;
	int rc = nf_feed_next(e->feed, it);
	if (rc == 1 && it->rc == 0 && (rc = take(e, it)) == 0)
		return 1;
	if (rc == 0)
		rc = end_reading(e);
	if (rc < 0)
		e->phase = DONE;
	return rc;
}

static uint32_t uf_find(uint32_t *u, uint32_t x)
{
	while (u[x] != x) {
		u[x] = u[u[x]];
		x = u[x];
	}
	return x;
}

int nf_engine_tie(nf_engine *e, const char *a, size_t na, const char *b, size_t nb)
{
	if (e->phase != TYING)
		return NF_EINVAL;
	uint32_t x, y, n = nf_spool_count(e->sp);
	int rc = nf_spool_find(e->sp, a, na, &x);
	if (rc || (rc = nf_spool_find(e->sp, b, nb, &y)))
		return rc;
	if (!e->unit) {
		if (!(e->unit = malloc(((size_t)n + 1) * sizeof(uint32_t))))
			return NF_ENOMEM;
		for (uint32_t i = 0; i < n; i++)
			e->unit[i] = i;
	}
	x = uf_find(e->unit, x);
	y = uf_find(e->unit, y);
	if (x < y)
		e->unit[y] = x;
	else if (y < x)
		e->unit[x] = y;
	e->st.ties++;
	return 0;
}

/* The start of clustering: per unit, its latest date (a story holds until then). */
static int begin_clustering(nf_engine *e)
{
	e->phase = CLUSTERING;
	if (!e->unit)
		return 0;
	uint32_t n = nf_spool_count(e->sp);
	e->first = malloc(((size_t)n + 1) * sizeof(uint32_t));
	e->until = malloc(((size_t)n + 1) * sizeof(int64_t));
	if (!e->first || !e->until)
		return NF_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		e->first[i] = UINT32_MAX;
		e->until[i] = NF_NO_DATE;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t r = uf_find(e->unit, i);
		int64_t d = nf_spool_date(e->sp, i);
		if (d > e->until[r])
			e->until[r] = d;
	}
	return 0;
}

/* Adds the next article in order. */
static int add_next(nf_engine *e)
{
	uint32_t i = e->order[e->next++], doc;
	nf_record rec;
	int rc = nf_spool_get(e->sp, i, &e->rec, &rec);
	if (rc)
		return rc;
	size_t nt = rec.len / 8;
	if (NF_VEC_RESERVE(&e->ids, nt + 1) || NF_VEC_RESERVE(&e->w, nt + 1))
		return NF_ENOMEM;
	for (size_t k = 0; k < nt; k++) {
		memcpy(&e->ids.a[k], rec.data + 8 * k, 4);
		memcpy(&e->w.a[k], rec.data + 8 * k + 4, 4);
	}
	int64_t date = nf_spool_date(e->sp, i);
	if ((rc = nf_stories_add_ids(e->stories, e->ids.a, e->w.a, nt, date, &doc)))
		return rc;
	if (e->unit) {
		uint32_t r = uf_find(e->unit, i);
		if (e->first[r] == UINT32_MAX) {
			e->first[r] = doc;
			if (e->until[r] != NF_NO_DATE && e->until[r] > date)
				nf_stories_link(e->stories, doc, doc, e->until[r]);
		} else if (nf_stories_link(e->stories, e->first[r], doc, e->until[r]) == 1) {
			e->st.late_ties++;
		}
	}
	return 0;
}

/* positions in the story's members, by (unit, document) */
static int cmp_root(const void *x, const void *y, void *ctx)
{
	nf_engine *e = ctx;
	uint32_t a = e->members.a[*(const uint32_t *)x].doc,
		 b = e->members.a[*(const uint32_t *)y].doc;
	uint32_t ra = uf_find(e->unit, a), rb = uf_find(e->unit, b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* The copy families of a story: its tied members grouped by unit (groups of two or more). */
static int families(nf_engine *e, size_t n)
{
	e->fam.n = e->fam_size.n = 0;
	if (!e->unit || n < 2)
		return 0;
	if (NF_VEC_RESERVE(&e->fam, n))
		return NF_ENOMEM;
	uint32_t *v = e->fam.a;
	for (size_t i = 0; i < n; i++)
		v[i] = (uint32_t)i;
	qsort_r(v, n, sizeof(uint32_t), cmp_root, e);
	size_t out = 0;
	for (size_t a = 0, b; a < n; a = b) {
		uint32_t r = uf_find(e->unit, e->members.a[v[a]].doc);
		for (b = a; b < n && uf_find(e->unit, e->members.a[v[b]].doc) == r; b++)
			;
		if (b - a < 2)
			continue;
		memmove(v + out, v + a, (b - a) * sizeof(uint32_t));
		if (NF_VEC_PUSH(&e->fam_size, (uint32_t)(b - a)))
			return NF_ENOMEM;
		out += b - a;
	}
	e->fam.n = out;
	return 0;
}

/* The digest of a story: its records reloaded from the raw spool. */
static int digest(nf_engine *e, const nf_engine_story *s, const nf_digest **out)
{
	nf_digest_begin(e->dg);
	for (size_t i = 0; i < s->n_members; i++) {
		nf_record rec;
		nf_doc doc;
		nf_error err;
		int rc = nf_spool_get(e->raw, s->members[i].doc, &e->rec, &rec);
		if (rc || (rc = nf_parse(e->parser, &rec, &doc, &err) ? NF_EIO : 0) ||
		    (rc = nf_digest_add(e->dg, &doc)))
			return rc;
	}
	return nf_digest_run(e->dg, out);
}

/* Fills *out from a story of nf_stories. */
static int hand_out(nf_engine *e, const nf_story *st, nf_engine_story *out)
{
	int rc;
	e->members.n = 0;
	if (NF_VEC_RESERVE(&e->members, st->n_members))
		return NF_ENOMEM;
	for (size_t i = 0; i < st->n_members; i++) {
		nf_engine_member *m = &e->members.a[i];
		m->doc = e->order[st->members[i]];
		m->id = nf_spool_id(e->sp, m->doc, &m->id_is_number);
		m->date = nf_spool_date(e->sp, m->doc);
	}
	e->members.n = st->n_members;
	if ((rc = families(e, st->n_members)))
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = st->id;
	out->first = st->first;
	out->last = st->last;
	out->members = e->members.a;
	out->n_members = st->n_members;
	out->families = e->fam.a;
	out->family_sizes = e->fam_size.a;
	out->n_families = e->fam_size.n;
	out->terms = st->terms;
	out->n_terms = st->n_terms;
	if (e->dg && (rc = digest(e, out, &out->digest)))
		return rc;
	e->st.stories++;
	e->st.singletons += st->n_members == 1;
	if (st->n_members > e->st.largest)
		e->st.largest = st->n_members;
	e->st.families += e->fam_size.n;
	return 1;
}

int nf_engine_next_story(nf_engine *e, nf_engine_story *out)
{
	int rc = 0;
	if (e->phase == READING) {
		nf_feed_item it;
		while ((rc = nf_engine_read(e, &it)) == 1)
			;
		if (rc)
			return rc;
	}
	if (e->phase == TYING && (rc = begin_clustering(e)))
		goto fail;
	if (e->phase != CLUSTERING)
		return 0;
	nf_story st;
	uint32_t n = nf_spool_count(e->sp);
	for (;;) {
		if ((rc = nf_stories_next(e->stories, &st)) == 1)
			return (rc = hand_out(e, &st, out)) == 1 ? 1 : (e->phase = DONE, rc);
		if (rc < 0)
			goto fail;
		if (e->next < n) {
			if ((rc = add_next(e)))
				goto fail;
		} else if (e->next == n) {
			e->next++;
			if ((rc = nf_stories_finish(e->stories)))
				goto fail;
		} else {
			e->phase = DONE;
			return 0;
		}
	}
fail:
	e->phase = DONE;
	return rc;
}

nf_str nf_engine_doc_id(const nf_engine *e, uint32_t doc, bool *is_number)
{
	return nf_spool_id(e->sp, doc, is_number);
}

const nf_digester *nf_engine_digester(const nf_engine *e)
{
	return e->dg;
}

void nf_engine_stats_get(const nf_engine *e, nf_engine_stats *st)
{
	*st = e->st;
	nf_feed_stats_get(e->feed, &st->feed);
	nf_stories_get_stats(e->stories, &st->stories_run);
	if (e->dg) {
		st->digested = true;
		nf_digester_work(e->dg, &st->digest_pairs, &st->digest_sentence_work,
				 &st->digest_quote_work);
	}
}
