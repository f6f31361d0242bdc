/*
 * reuser.c - the passages a run's articles share (newsfold reuse): every pair of articles with
 * reused text, aligned.
 *
 * Adding (the caller's feed, in input order): the raw record goes to an unlinked spool file and
 * the winnowed fingerprints to the index (nf_reuse). Finishing: the index's candidate pairs (df
 * cap, shared fingerprints, date window). Reading back: the pairs are aligned in rounds of 64Ki;
 * in each, threads reload both documents from the spool (a per-thread cache keeps recent ones),
 * clean them again with the feed's templates and align them; the results are kept by pair, so
 * the order (a, b) and every byte are the same at any number of threads.
 * Families: the pivot pairs (a passage over the df cap, nf_reuse_candidates) related as copy or
 * partial join their documents (union-find); once every pair is read, each family is handed out
 * with its members' coverages and its likely origin.
 */
#include "../base/base.h"

#include <stdlib.h>
#include <string.h>

#define CACHE	   2048	     /* prepared documents kept per thread (about 10 KB each) */
#define ROUND	   (1 << 16) /* pairs aligned per round */
#define PER_CHUNK  64	     /* pairs per task, cut where a changes (a thread loads each a once) */
#define MAX_CHUNKS (ROUND / PER_CHUNK + 2)

typedef struct prepared {
	uint32_t doc;
	nf_align_doc *d;
} prepared;

typedef struct worker {
	nf_cleaner *cl;
	nf_parser *p;
	nf_aligner *al;
	nf_buf rec;
	prepared *cache, spare;
} worker;

typedef struct result {
	uint32_t a, b;
	bool pivot;
	nf_alignment al; /* spans NULL: they are the chunk's, from first_span on */
	size_t first_span;
} result;

typedef struct chunk {
	size_t lo, hi; /* pairs [lo, hi) */
	NF_VEC(result) res;
	NF_VEC(nf_passage) spans;
	uint64_t aligned, spans_total, rel[5];
} chunk;

struct nf_reuser {
	nf_reuser_options o;
	nf_clean_options copt;
	nf_reuse *index;
	nf_spool *sp;
	bool finished;
	const nf_reuse_pair *pairs;
	size_t n_pairs;
	nf_reuse_stats rs;
	/* alignment */
	nf_pool *pool;
	worker **w;
	int threads;
	chunk *ch;
	size_t n_ch, cur_ch, cur_res, next_pair;
	bool failed;
	uint64_t aligned, spans, rel[5];
	/* copy families linked by pivot pairs (made at the first such pair) */
	uint32_t *uf;	   /* union-find over documents; the root is the smallest */
	double *cov;	   /* per document: its best coverage in a pivot pair, -1 not in one */
	uint32_t *wins;	   /* per document: pivot pairs naming it the source */
	uint32_t *members; /* the families' documents, by (root, document), once read */
	size_t n_members, cur_member;
	double *fcov;
	uint64_t families;
	bool families_made;
};

void nf_reuser_options_init(nf_reuser_options *o)
{
	memset(o, 0, sizeof(*o));
}

int nf_reuser_new(nf_reuser **out, const nf_reuser_options *o)
{
	*out = NULL;
	unsigned seed = o->align.seed_words ? o->align.seed_words : 4;
	if (o->align.min_words && o->align.min_words < seed)
		return NF_EINVAL;
	nf_reuser *r = calloc(1, sizeof(*r));
	if (!r)
		return NF_ENOMEM;
	r->o = *o;
	int rc = nf_reuse_new(&r->index, &o->reuse);
	if (!rc)
		rc = nf_spool_new(&r->sp, o->reuse.tmp_dir);
	if (rc) {
		nf_reuser_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

static void worker_free(worker *w)
{
	if (!w)
		return;
	nf_cleaner_free(w->cl);
	nf_parser_free(w->p);
	nf_aligner_free(w->al);
	nf_buf_release(&w->rec);
	for (size_t i = 0; w->cache && i < CACHE; i++)
		nf_align_doc_free(w->cache[i].d);
	free(w->cache);
	nf_align_doc_free(w->spare.d);
	free(w);
}

static worker *worker_new(const nf_reuser *r)
{
	worker *w = calloc(1, sizeof(*w));
	if (!w || !(w->cache = calloc(CACHE, sizeof(*w->cache)))) {
		free(w);
		return NULL;
	}
	nf_buf_init(&w->rec);
	for (size_t i = 0; i < CACHE; i++)
		w->cache[i].doc = UINT32_MAX;
	w->spare.doc = UINT32_MAX;
	if (nf_cleaner_new(&w->cl, &r->copt) || nf_parser_new(&w->p, &r->o.read) ||
	    nf_aligner_new(&w->al, &r->o.align)) {
		worker_free(w);
		return NULL;
	}
	return w;
}

void nf_reuser_free(nf_reuser *r)
{
	if (!r)
		return;
	nf_reuse_free(r->index);
	nf_spool_free(r->sp);
	for (int t = 0; r->w && t < r->threads; t++)
		worker_free(r->w[t]);
	free(r->w);
	for (size_t k = 0; r->ch && k < MAX_CHUNKS; k++) {
		NF_VEC_FREE(&r->ch[k].res);
		NF_VEC_FREE(&r->ch[k].spans);
	}
	free(r->ch);
	nf_pool_free(r->pool);
	free(r->uf);
	free(r->cov);
	free(r->wins);
	free(r->members);
	free(r->fcov);
	free(r);
}

void nf_reuser_feed_options(const nf_reuser *r, nf_feed_options *fo)
{
	fo->make = NF_FEED_FINGERPRINTS;
	fo->reuse = r->o.reuse;
}

int nf_reuser_add(nf_reuser *r, const nf_feed_item *it)
{
	if (r->finished)
		return NF_EINVAL;
	nf_spool_entry s = {it->rec.data, it->rec.len,	it->id,		it->id_is_number, it->date,
			    it->rec.file, it->rec.line, it->rec.format, it->rec.offset};
	int rc = nf_spool_put(r->sp, &s);
	return rc ? rc : nf_reuse_add(r->index, it->date, it->fingerprints, it->n_fingerprints);
}

int nf_reuser_finish(nf_reuser *r, const nf_lines *templates)
{
	if (r->finished)
		return NF_EINVAL;
	r->finished = true;
	r->copt.common = templates; /* the documents are cleaned again as the feed cleaned them */
	int rc = nf_spool_flush(r->sp);
	if (!rc)
		rc = nf_reuse_candidates(r->index, &r->pairs, &r->n_pairs, &r->rs);
	if (rc)
		return rc;
	r->threads = nf_threads(r->o.threads);
	r->w = calloc((size_t)r->threads, sizeof(worker *));
	r->ch = calloc(MAX_CHUNKS, sizeof(chunk));
	if (!r->w || !r->ch || nf_pool_new(&r->pool, r->threads))
		return NF_ENOMEM;
	for (int t = 0; t < r->threads; t++)
		if (!(r->w[t] = worker_new(r)))
			return NF_ENOMEM;
	return 0;
}

/* --- alignment ------------------------------------------------------------------------------- */

/* Prepares document i into entry e (kept when it already holds it). */
static const nf_align_doc *load_into(const nf_reuser *r, worker *w, uint32_t i, prepared *e)
{
	if (e->doc == i)
		return e->d;
	e->doc = UINT32_MAX;
	nf_record rec;
	nf_doc pd;
	nf_error err;
	nf_cleaned c;
	if ((!e->d && nf_align_doc_new(&e->d)) || nf_spool_get(r->sp, i, &w->rec, &rec) ||
	    nf_parse(w->p, &rec, &pd, &err) || nf_clean(w->cl, pd.text.ptr, pd.text.len, &c) ||
	    nf_align_doc_set(e->d, pd.text.ptr, pd.text.len, pd.date, &c))
		return NULL;
	e->doc = i;
	return e->d;
}

static void align_chunk(void *ctx, size_t k, int wi)
{
	nf_reuser *r = ctx;
	worker *w = r->w[wi];
	chunk *c = &r->ch[k];
	for (size_t p = c->lo; p < c->hi; p++) {
		const nf_reuse_pair *pr = &r->pairs[p];
		prepared *ea = &w->cache[pr->a % CACHE], *eb = &w->cache[pr->b % CACHE];
		if (ea == eb)
			eb = &w->spare;
		const nf_align_doc *a = load_into(r, w, pr->a, ea);
		const nf_align_doc *b = a ? load_into(r, w, pr->b, eb) : NULL;
		nf_alignment al;
		if (!a || !b || nf_align(w->al, a, b, &al)) {
			r->failed = true;
			return;
		}
		c->aligned++;
		c->rel[al.relation]++;
		if (al.relation == NF_REL_NONE)
			continue;
		c->spans_total += al.n_spans;
		result x = {pr->a, pr->b, pr->wide != 0, al, c->spans.n};
		x.al.spans = NULL;
		if (NF_VEC_RESERVE(&c->spans, c->spans.n + al.n_spans) || NF_VEC_PUSH(&c->res, x)) {
			r->failed = true;
			return;
		}
		if (al.n_spans)
			memcpy(c->spans.a + c->spans.n, al.spans, al.n_spans * sizeof(nf_passage));
		c->spans.n += al.n_spans;
	}
}

/* Aligns the next round of pairs into the chunks. Returns 0 or NF_E*. */
static int next_round(nf_reuser *r)
{
	size_t s = r->next_pair, e = s + ROUND < r->n_pairs ? s + ROUND : r->n_pairs;
	size_t nc = 0;
	r->ch[nc].lo = s;
	for (size_t p = s + 1; p < e; p++)
		if (p - r->ch[nc].lo >= PER_CHUNK && r->pairs[p].a != r->pairs[p - 1].a &&
		    nc < MAX_CHUNKS - 2) {
			r->ch[nc].hi = p;
			r->ch[++nc].lo = p;
		}
	r->ch[nc++].hi = e;
	for (size_t k = 0; k < nc; k++) {
		chunk *c = &r->ch[k];
		c->res.n = c->spans.n = 0;
		c->aligned = c->spans_total = 0;
		memset(c->rel, 0, sizeof(c->rel));
	}
	nf_pool_run(r->pool, nc, align_chunk, r);
	if (r->failed)
		return NF_ENOMEM; /* or an unreadable spool */
	for (size_t k = 0; k < nc; k++) {
		r->aligned += r->ch[k].aligned;
		r->spans += r->ch[k].spans_total;
		for (int q = 0; q < 5; q++)
			r->rel[q] += r->ch[k].rel[q];
	}
	r->n_ch = nc;
	r->cur_ch = r->cur_res = 0;
	r->next_pair = e;
	return 0;
}

static uint32_t uf_find(uint32_t *u, uint32_t x)
{
	while (u[x] != x) {
		u[x] = u[u[x]];
		x = u[x];
	}
	return x;
}

/* A pivot pair related as copy or partial: its documents join one family. */
static int note_family(nf_reuser *r, const nf_reuse_link *l)
{
	size_t n = nf_spool_count(r->sp);
	if (!r->uf) {
		r->uf = malloc((n + 1) * sizeof(uint32_t));
		r->cov = malloc((n + 1) * sizeof(double));
		r->wins = calloc(n + 1, sizeof(uint32_t));
		if (!r->uf || !r->cov || !r->wins)
			return NF_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			r->uf[i] = (uint32_t)i;
			r->cov[i] = -1;
		}
	}
	uint32_t x = uf_find(r->uf, l->a), y = uf_find(r->uf, l->b);
	if (x < y)
		r->uf[y] = x;
	else if (y < x)
		r->uf[x] = y;
	if (l->al.coverage_a > r->cov[l->a])
		r->cov[l->a] = l->al.coverage_a;
	if (l->al.coverage_b > r->cov[l->b])
		r->cov[l->b] = l->al.coverage_b;
	if (l->al.source >= 0)
		r->wins[l->al.source == 0 ? l->a : l->b]++;
	return 0;
}

int nf_reuser_next(nf_reuser *r, nf_reuse_link *l)
{
	if (!r->finished || r->failed)
		return NF_EINVAL;
	for (;;) {
		while (r->cur_ch < r->n_ch) {
			chunk *c = &r->ch[r->cur_ch];
			if (r->cur_res < c->res.n) {
				const result *x = &c->res.a[r->cur_res++];
				l->a = x->a;
				l->b = x->b;
				l->pivot = x->pivot;
				l->al = x->al;
				l->al.spans = c->spans.a + x->first_span;
				if (l->pivot &&
				    (l->al.relation == NF_REL_COPY ||
				     l->al.relation == NF_REL_PARTIAL) &&
				    note_family(r, l)) {
					r->failed = true;
					return NF_ENOMEM;
				}
				return 1;
			}
			r->cur_ch++;
			r->cur_res = 0;
		}
		if (r->next_pair >= r->n_pairs)
			return 0;
		int rc = next_round(r);
		if (rc)
			return rc;
	}
}

static int cmp_member(const void *x, const void *y, void *ctx)
{
	uint32_t *uf = ctx, a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	uint32_t ra = uf_find(uf, a), rb = uf_find(uf, b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return (a > b) - (a < b);
}

int nf_reuser_next_family(nf_reuser *r, nf_reuse_family *f)
{
	if (!r->finished || r->failed || r->next_pair < r->n_pairs || r->cur_ch < r->n_ch)
		return NF_EINVAL;
	if (!r->uf)
		return 0;
	if (!r->families_made) {
		r->families_made = true;
		size_t n = nf_spool_count(r->sp);
		if (!(r->members = malloc((n + 1) * sizeof(uint32_t))) ||
		    !(r->fcov = malloc((n + 1) * sizeof(double))))
			return NF_ENOMEM;
		for (uint32_t i = 0; i < n; i++)
			if (r->cov[i] >= 0)
				r->members[r->n_members++] = i;
		qsort_r(r->members, r->n_members, sizeof(uint32_t), cmp_member, r->uf);
	}
	if (r->cur_member >= r->n_members)
		return 0;
	size_t s = r->cur_member, e = s;
	uint32_t root = uf_find(r->uf, r->members[s]);
	int64_t origin = -1;
	for (; e < r->n_members && uf_find(r->uf, r->members[e]) == root; e++) {
		uint32_t d = r->members[e];
		r->fcov[e] = r->cov[d];
		if (r->wins[d] && (origin < 0 || r->wins[d] > r->wins[origin]))
			origin = d;
	}
	r->cur_member = e;
	r->families++;
	*f = (nf_reuse_family){r->members + s, r->fcov + s, e - s, origin};
	return 1;
}

nf_str nf_reuser_id(const nf_reuser *r, uint32_t doc, bool *is_number)
{
	return nf_spool_id(r->sp, doc, is_number);
}

void nf_reuser_stats_get(const nf_reuser *r, nf_reuser_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->docs = nf_spool_count(r->sp);
	st->index = r->rs;
	st->aligned_pairs = r->aligned;
	st->linked_pairs = r->aligned - r->rel[NF_REL_NONE];
	st->copy_pairs = r->rel[NF_REL_COPY];
	st->partial_pairs = r->rel[NF_REL_PARTIAL];
	st->quote_pairs = r->rel[NF_REL_QUOTE];
	st->passage_pairs = r->rel[NF_REL_PASSAGE];
	st->spans = r->spans;
	st->families = r->families;
}
