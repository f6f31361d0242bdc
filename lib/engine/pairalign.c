/*
 * pairalign.c - aligning a batch of article pairs from their stored records, on worker threads.
 *
 * The caller (the reuse stage of an add, which owns the database) gives the records of the
 * articles involved and the pairs, cut into units (the pairs of one new article: a unit's
 * articles are cleaned once by the thread that takes it, through its cache); run aligns every
 * pair; the results are read back by pair index, so they never depend on which thread did what.
 */
#include "engine.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define WCACHE 64 /* articles each thread keeps cleaned (direct-mapped by number) */

typedef struct rec {
	int64_t num, date;
	size_t off, len;
	int format;
} rec;

typedef struct result {
	int relation, source, worker;
	double cov_a, cov_b;
	size_t off, len; /* its spans' JSON in the worker's buffer */
} result;

typedef struct wslot {
	int64_t num; /* -1: empty */
	int64_t date;
	nf_align_doc *d;
} wslot;

typedef struct worker {
	nf_parser *p;
	nf_cleaner *cl;
	nf_aligner *al;
	nf_buf json;
	wslot cache[WCACHE], spare;
} worker;

struct nf_pair_aligner {
	nf_read_options ro;
	int64_t window;
	nf_pool *pool;
	int threads;
	worker *w;
	nf_buf recs; /* the records' bytes */
	NF_VEC(rec) rec;
	NF_VEC(int64_t) ab; /* pairs: a, b, a, b, ... */
	NF_VEC(size_t) unit;
	NF_VEC(result) res;
	atomic_int failed;
};

int nf_pair_aligner_new(nf_pair_aligner **out, const nf_read_options *ro, int threads,
			int64_t window)
{
	nf_pair_aligner *pa = calloc(1, sizeof(*pa));
	*out = pa;
	if (!pa)
		return NF_ENOMEM;
	if (ro)
		pa->ro = *ro;
	pa->window = window;
	pa->threads = nf_threads(threads);
	nf_buf_init(&pa->recs);
	pa->w = calloc((size_t)pa->threads, sizeof(worker));
	if (!pa->w || nf_pool_new(&pa->pool, pa->threads))
		return NF_ENOMEM;
	for (int t = 0; t < pa->threads; t++) {
		worker *w = &pa->w[t];
		nf_buf_init(&w->json);
		for (size_t i = 0; i < WCACHE; i++)
			w->cache[i].num = -1;
		w->spare.num = -1;
		if (nf_parser_new(&w->p, &pa->ro) || nf_cleaner_new(&w->cl, NULL) ||
		    nf_aligner_new(&w->al, NULL))
			return NF_ENOMEM;
	}
	return 0;
}

void nf_pair_aligner_free(nf_pair_aligner *pa)
{
	if (!pa)
		return;
	nf_pool_free(pa->pool);
	for (int t = 0; pa->w && t < pa->threads; t++) {
		worker *w = &pa->w[t];
		nf_parser_free(w->p);
		nf_cleaner_free(w->cl);
		nf_aligner_free(w->al);
		nf_buf_release(&w->json);
		for (size_t i = 0; i < WCACHE; i++)
			nf_align_doc_free(w->cache[i].d);
		nf_align_doc_free(w->spare.d);
	}
	free(pa->w);
	nf_buf_release(&pa->recs);
	NF_VEC_FREE(&pa->rec);
	NF_VEC_FREE(&pa->ab);
	NF_VEC_FREE(&pa->unit);
	NF_VEC_FREE(&pa->res);
	free(pa);
}

void nf_pair_aligner_reset(nf_pair_aligner *pa)
{
	nf_buf_reset(&pa->recs);
	pa->rec.n = pa->ab.n = pa->unit.n = pa->res.n = 0;
	for (int t = 0; t < pa->threads; t++) {
		worker *w = &pa->w[t];
		nf_buf_reset(&w->json);
		for (size_t i = 0; i < WCACHE; i++)
			w->cache[i].num = -1; /* a record may have changed since */
		w->spare.num = -1;
	}
}

int nf_pair_aligner_record(nf_pair_aligner *pa, int64_t num, const void *data, size_t len,
			   int format, int64_t date)
{
	rec r = {num, date, pa->recs.len, len, format};
	if (nf_buf_append(&pa->recs, data, len) || NF_VEC_PUSH(&pa->rec, r))
		return NF_ENOMEM;
	return 0;
}

int nf_pair_aligner_unit(nf_pair_aligner *pa)
{
	return NF_VEC_PUSH(&pa->unit, pa->ab.n / 2) ? NF_ENOMEM : 0;
}

int nf_pair_aligner_pair(nf_pair_aligner *pa, int64_t a, int64_t b)
{
	return NF_VEC_PUSH(&pa->ab, a) || NF_VEC_PUSH(&pa->ab, b) ? NF_ENOMEM : 0;
}

static int cmp_rec(const void *x, const void *y)
{
	int64_t a = ((const rec *)x)->num, b = ((const rec *)y)->num;
	return (a > b) - (a < b);
}

static const rec *find_rec(const nf_pair_aligner *pa, int64_t num)
{
	size_t lo = 0, hi = pa->rec.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pa->rec.a[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pa->rec.n && pa->rec.a[lo].num == num ? &pa->rec.a[lo] : NULL;
}

/* Article num cleaned and ready in worker w's cache (the spare slot when `busy` holds its own). */
static int ready(const nf_pair_aligner *pa, worker *w, int64_t num, const wslot *busy, wslot **out)
{
	wslot *sl = &w->cache[nf_hash64(&num, sizeof(num), 0) % WCACHE];
	if (sl == busy)
		sl = &w->spare;
	*out = sl;
	if (sl->num == num)
		return 0;
	const rec *r = find_rec(pa, num);
	if (!r)
		return NF_EINVAL;
	if (!sl->d && nf_align_doc_new(&sl->d))
		return NF_ENOMEM;
	sl->num = -1;
	nf_record in = {pa->recs.data + r->off, r->len, "store", 1, 0, r->format};
	nf_doc doc;
	nf_error err;
	nf_cleaned c;
	if (nf_parse(w->p, &in, &doc, &err) || nf_clean(w->cl, doc.text.ptr, doc.text.len, &c) ||
	    nf_align_doc_set(sl->d, doc.text.ptr, doc.text.len, doc.date, &c))
		return NF_ENOMEM;
	sl->num = num;
	sl->date = r->date;
	return 0;
}

static void run_unit(void *ctx, size_t u, int t)
{
	nf_pair_aligner *pa = ctx;
	worker *w = &pa->w[t];
	size_t end = u + 1 < pa->unit.n ? pa->unit.a[u + 1] : pa->ab.n / 2;
	for (size_t k = pa->unit.a[u]; k < end && !atomic_load(&pa->failed); k++) {
		int64_t a = pa->ab.a[2 * k], b = pa->ab.a[2 * k + 1];
		result *res = &pa->res.a[k];
		*res = (result){NF_REL_NONE, -1, t, 0, 0, 0, 0};
		wslot *x, *y;
		if (ready(pa, w, b, NULL, &x) || ready(pa, w, a, x, &y)) {
			atomic_store(&pa->failed, 1);
			return;
		}
		if (pa->window && x->date != NF_NO_DATE && y->date != NF_NO_DATE &&
		    llabs(x->date - y->date) > pa->window)
			continue;
		nf_alignment al;
		size_t before = w->json.len;
		if (nf_align(w->al, y->d, x->d, &al) ||
		    (al.relation != NF_REL_NONE && nf_write_spans_json(&w->json, &al))) {
			atomic_store(&pa->failed, 1);
			return;
		}
		if (al.relation == NF_REL_NONE)
			continue;
		*res = (result){al.relation, al.source,		  t, al.coverage_a, al.coverage_b,
				before,	     w->json.len - before};
	}
}

int nf_pair_aligner_run(nf_pair_aligner *pa)
{
	if (pa->rec.n)
		qsort(pa->rec.a, pa->rec.n, sizeof(rec), cmp_rec);
	if (NF_VEC_RESERVE(&pa->res, pa->ab.n / 2 + 1))
		return NF_ENOMEM;
	pa->res.n = pa->ab.n / 2;
	atomic_store(&pa->failed, 0);
	nf_pool_run(pa->pool, pa->unit.n, run_unit, pa);
	for (int t = 0; t < pa->threads; t++)
		if (pa->w[t].json.oom)
			return NF_ENOMEM;
	return atomic_load(&pa->failed) ? NF_ENOMEM : 0;
}

size_t nf_pair_aligner_pairs(const nf_pair_aligner *pa)
{
	return pa->ab.n / 2;
}

int nf_pair_aligner_result(const nf_pair_aligner *pa, size_t k, nf_aligned_pair *out)
{
	const result *r = &pa->res.a[k];
	const nf_buf *j = &pa->w[r->worker].json;
	*out = (nf_aligned_pair){
	    pa->ab.a[2 * k], pa->ab.a[2 * k + 1], r->relation, r->source, r->cov_a,
	    r->cov_b,	     j->data + r->off,	  r->len};
	return r->relation;
}
