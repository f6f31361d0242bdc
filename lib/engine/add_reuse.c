/*
 * add_reuse.c - the reuse stage of an add: the passages a new article shares with the articles
 * stored by adds that ran this stage, and with the other articles of the same add.
 *
 * Each such article keeps its winnowed fingerprints in the store's passage index (passages.c:
 * sorted segment files). The stage runs over the articles of the add together (at commit, and
 * every FLUSH fingerprints): their fingerprints (made by the feed's workers) are sorted, each
 * distinct one is looked up in the index in ascending order, and pairs are
 * counted: a stored article and a new one, or two new ones, sharing at least MIN_SHARE
 * fingerprints, both dated within the story window (or either undated), are candidates. A
 * fingerprint held by more than MAX_DF articles (stored and new together: a wire carried by
 * hundreds, boilerplate) pairs a new article only with the first article holding it, its pivot
 * (all pairs would be quadratic), so such copies join one family with linear work, as in
 * newsfold reuse. Each candidate is
 * aligned (nf_align, both texts cleaned again from their stored records, on worker threads:
 * pairalign.c) and a pair with a relation is kept in table reuse: a < b by article number, the
 * relation, both coverages, the source (an article number, or NULL) and the spans as newsfold reuse
 * writes them. Then the new fingerprints become a segment of the index.
 *
 * The result does not depend on the order of the articles within the add.
 *
 * The store winnows with a window of 8 shingles (newsfold reuse: 3): about half the postings,
 * and any run of 12 shared words still leaves a shared fingerprint.
 */
#include "../store/passages.h"
#include "../store/store.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DF	  64  /* articles holding one fingerprint, at most, for it to count */
#define MIN_SHARE 2   /* fingerprints a candidate shares */
#define UNITS	  512 /* new articles aligned at a time (their records read, then aligned) */
#define FLUSH                                                                                      \
	(8u << 20) /* fingerprints at most between two runs of the stage (about 70k                \
		    articles, 190 MB at 24 bytes a fingerprint) */

enum { Q_ART, Q_PAIR_PUT, Q_PAIR_DEL, NQ };

static const char *const sql[NQ] = {
    [Q_ART] = "SELECT record, format, date FROM articles WHERE num = ?",
    [Q_PAIR_PUT] = "INSERT OR REPLACE INTO reuse(a, b, relation, coverage_a, coverage_b, source, "
		   "spans) VALUES(?, ?, ?, ?, ?, ?, ?)",
    [Q_PAIR_DEL] = "DELETE FROM reuse WHERE a = ?1 OR b = ?1",
};

typedef struct posting {
	uint32_t fp, idx; /* a fingerprint of new article idx (an index into news) */
} posting;

typedef struct newart {
	int64_t num;
	size_t first, n; /* its fingerprints: fps[first .. first + n) */
	bool dead;	 /* replaced or removed later in the add */
} newart;

typedef struct drop {
	int64_t num;
	size_t when; /* news noted before it */
} drop;

struct nf_add_reuse {
	nf_store *s;
	const int64_t *seq; /* the add's number (set once it began) */
	nf_passages *px;    /* the passage index, opened at first use (inside the transaction) */
	sqlite3_stmt *q[NQ];
	nf_pair_aligner *pa; /* made at the first flush (its threads only when the stage runs) */
	nf_read_options read;
	int threads;
	int64_t window;
	bool used; /* meta reuse_stage: some add ran the stage (else there is nothing to drop) */
	NF_VEC(int64_t) need; /* articles whose records a chunk of alignments needs */
	/* the articles noted since the last flush */
	NF_VEC(newart) news;
	NF_VEC(uint32_t) fps;
	NF_VEC(drop) drops;
	/* at a flush: the postings by fingerprint, their distinct values (groups) and the stored
	 * articles holding each (hits[ghit[g] .. ghit[g + 1]); UINT32_MAX: too common) */
	NF_VEC(posting) sp;
	NF_VEC(uint32_t) gfp, gstart, ghit;
	NF_VEC(bool) gcommon;
	NF_VEC(int64_t) gpivot; /* a common group's pivot: its smallest article */
	NF_VEC(int64_t) hits, cand;
	NF_VEC(int64_t) joins; /* pairs kept related as copy or partial: a, b, a, b, ... */
	uint64_t kept;	       /* pairs kept */
};

void nf_add_reuse_options(nf_reuse_options *o)
{
	*o = (nf_reuse_options){0};
	o->window = 8;
}

int nf_add_reuse_new(nf_add_reuse **out, nf_store *s, const nf_add_options *o, const int64_t *seq)
{
	nf_add_reuse *r = calloc(1, sizeof(*r));
	*out = r;
	if (!r)
		return NF_ENOMEM;
	r->s = s;
	r->seq = seq;
	r->used = nf_store_meta_int(s, "reuse_stage", 0) != 0;
	r->read = o->feed.read;
	r->threads = o->feed.threads;
	r->window = o->story.window;
	int rc = 0;
	for (int i = 0; i < NQ; i++)
		if ((rc = nf_store_prepare(s, &r->q[i], sql[i])))
			return rc;
	return 0;
}

void nf_add_reuse_free(nf_add_reuse *r)
{
	if (!r)
		return;
	for (int i = 0; i < NQ; i++)
		sqlite3_finalize(r->q[i]);
	nf_passages_free(r->px);
	nf_pair_aligner_free(r->pa);
	NF_VEC_FREE(&r->need);
	NF_VEC_FREE(&r->news);
	NF_VEC_FREE(&r->fps);
	NF_VEC_FREE(&r->drops);
	NF_VEC_FREE(&r->sp);
	NF_VEC_FREE(&r->gfp);
	NF_VEC_FREE(&r->gstart);
	NF_VEC_FREE(&r->ghit);
	NF_VEC_FREE(&r->gcommon);
	NF_VEC_FREE(&r->gpivot);
	NF_VEC_FREE(&r->hits);
	NF_VEC_FREE(&r->cand);
	NF_VEC_FREE(&r->joins);
	free(r);
}

static int step_done(nf_add_reuse *r, sqlite3_stmt *st, const char *what)
{
	int x = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return x == SQLITE_DONE ? 0 : nf_store_sqlfail(r->s, x, what);
}

/* Stored article num's record handed to the pair aligner. */
static int fetch(nf_add_reuse *r, int64_t num)
{
	sqlite3_stmt *st = r->q[Q_ART];
	sqlite3_bind_int64(st, 1, num);
	int x = sqlite3_step(st), rc;
	if (x == SQLITE_ROW)
		rc = nf_pair_aligner_record(
		    r->pa, num, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_int(st, 1),
		    sqlite3_column_type(st, 2) == SQLITE_NULL ? NF_NO_DATE
							      : sqlite3_column_int64(st, 2));
	else if (x == SQLITE_DONE) /* cannot be: every candidate is stored */
		rc = nf_store_fail(r->s, NF_EIO, "%s: article %lld of the reuse index is gone",
				   r->s->dir, (long long)num);
	else
		rc = nf_store_sqlfail(r->s, x, "reading an article");
	sqlite3_reset(st);
	return rc;
}

static int flush(nf_add_reuse *r);

int nf_add_reuse_note(nf_add_reuse *r, int64_t num, const uint32_t *fp, size_t n)
{
	newart a = {num, r->fps.n, n, false};
	if (NF_VEC_PUSH(&r->news, a) || NF_VEC_RESERVE(&r->fps, r->fps.n + n))
		return NF_ENOMEM;
	if (n)
		memcpy(r->fps.a + r->fps.n, fp, n * sizeof(uint32_t));
	r->fps.n += n;
	return r->fps.n >= FLUSH ? flush(r) : 0;
}

/* By fingerprint, then article number (the order of a segment). */
static int cmp_posting(const void *x, const void *y, void *ctx)
{
	const posting *a = x, *b = y;
	const newart *news = ctx;
	if (a->fp != b->fp)
		return a->fp < b->fp ? -1 : 1;
	int64_t m = news[a->idx].num, n = news[b->idx].num;
	return (m > n) - (m < n);
}

static int cmp_drop(const void *x, const void *y)
{
	const drop *a = x, *b = y;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return (a->when > b->when) - (a->when < b->when);
}

/* News replaced or removed after they were noted are dead: nothing of them is kept. */
static void mark_dead(nf_add_reuse *r)
{
	if (!r->drops.n)
		return;
	qsort(r->drops.a, r->drops.n, sizeof(drop), cmp_drop);
	for (size_t i = 0; i < r->news.n; i++) {
		size_t lo = 0, hi = r->drops.n; /* past the last drop of its number */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (r->drops.a[mid].num <= r->news.a[i].num)
				lo = mid + 1;
			else
				hi = mid;
		}
		r->news.a[i].dead = lo > 0 && r->drops.a[lo - 1].num == r->news.a[i].num &&
				    r->drops.a[lo - 1].when > i;
	}
}

/* The passage index, opened at first use: inside the add's transaction. */
static int index_of(nf_add_reuse *r)
{
	return r->px ? 0 : nf_passages_open(&r->px, r->s, *r->seq);
}

/* The live postings sorted (r->sp) and grouped by fingerprint, each group's stored articles
 * looked up, in key order. */
static int look_up(nf_add_reuse *r)
{
	r->sp.n = r->gfp.n = r->gstart.n = r->ghit.n = r->gcommon.n = r->gpivot.n = r->hits.n = 0;
	for (size_t i = 0; i < r->news.n; i++) {
		const newart *a = &r->news.a[i];
		if (a->dead)
			continue;
		if (NF_VEC_RESERVE(&r->sp, r->sp.n + a->n))
			return NF_ENOMEM;
		for (size_t k = 0; k < a->n; k++)
			r->sp.a[r->sp.n++] = (posting){r->fps.a[a->first + k], (uint32_t)i};
	}
	if (r->sp.n)
		qsort_r(r->sp.a, r->sp.n, sizeof(posting), cmp_posting, r->news.a);
	nf_passages_rewind(r->px);
	int rc = 0;
	for (size_t i = 0, j; i < r->sp.n && !rc; i = j) {
		for (j = i; j < r->sp.n && r->sp.a[j].fp == r->sp.a[i].fp; j++)
			;
		size_t before = r->hits.n;
		if (NF_VEC_PUSH(&r->gfp, r->sp.a[i].fp) || NF_VEC_PUSH(&r->gstart, (uint32_t)i))
			return NF_ENOMEM;
		if (j - i <= MAX_DF && (rc = nf_passages_find(r->px, r->sp.a[i].fp, &r->hits.a,
							      &r->hits.n, &r->hits.cap, MAX_DF)))
			break;
		bool common = j - i + (r->hits.n - before) > MAX_DF;
		int64_t pivot = -1;
		if (common) { /* its articles pair with the first of them only */
			r->hits.n = before;
			pivot = nf_passages_first(r->px, r->sp.a[i].fp);
			for (size_t k = i; k < j; k++) {
				int64_t num = r->news.a[r->sp.a[k].idx].num;
				if (pivot < 0 || num < pivot)
					pivot = num;
			}
		}
		if (NF_VEC_PUSH(&r->ghit, (uint32_t)before) || NF_VEC_PUSH(&r->gcommon, common) ||
		    NF_VEC_PUSH(&r->gpivot, pivot))
			return NF_ENOMEM;
	}
	if (!rc && (NF_VEC_PUSH(&r->gstart, (uint32_t)r->sp.n) ||
		    NF_VEC_PUSH(&r->ghit, (uint32_t)r->hits.n)))
		rc = NF_ENOMEM;
	return rc;
}

/* The group of fingerprint fp (it is one of the add's). */
static size_t group_of(const nf_add_reuse *r, uint32_t fp)
{
	size_t lo = 0, hi = r->gfp.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->gfp.a[mid] < fp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The candidates of new article i, into r->cand (ascending): stored articles and earlier new
 * ones sharing at least MIN_SHARE fingerprints that are not too common. */
static int candidates(nf_add_reuse *r, size_t i)
{
	const newart *a = &r->news.a[i];
	r->cand.n = 0;
	for (size_t k = 0; k < a->n; k++) {
		size_t g = group_of(r, r->fps.a[a->first + k]);
		if (r->gcommon.a[g]) {
			if (r->gpivot.a[g] != a->num && NF_VEC_PUSH(&r->cand, r->gpivot.a[g]))
				return NF_ENOMEM;
			continue;
		}
		for (size_t h = r->ghit.a[g]; h < r->ghit.a[g + 1]; h++)
			if (NF_VEC_PUSH(&r->cand, r->hits.a[h]))
				return NF_ENOMEM;
		for (size_t p = r->gstart.a[g]; p < r->gstart.a[g + 1]; p++)
			if (r->sp.a[p].idx < i &&
			    NF_VEC_PUSH(&r->cand, r->news.a[r->sp.a[p].idx].num))
				return NF_ENOMEM;
	}
	if (r->cand.n)
		qsort(r->cand.a, r->cand.n, sizeof(int64_t), nf_cmp_i64);
	size_t k = 0;
	for (size_t x = 0, y; x < r->cand.n; x = y) {
		for (y = x; y < r->cand.n && r->cand.a[y] == r->cand.a[x]; y++)
			;
		if (y - x >= MIN_SHARE && r->cand.a[x] != a->num)
			r->cand.a[k++] = r->cand.a[x];
	}
	r->cand.n = k;
	return 0;
}

static int keep_pair(nf_add_reuse *r, const nf_aligned_pair *p)
{
	sqlite3_stmt *st = r->q[Q_PAIR_PUT];
	sqlite3_bind_int64(st, 1, p->a);
	sqlite3_bind_int64(st, 2, p->b);
	sqlite3_bind_text(st, 3, nf_relation_name(p->relation), -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, p->coverage_a);
	sqlite3_bind_double(st, 5, p->coverage_b);
	if (p->source >= 0)
		sqlite3_bind_int64(st, 6, p->source == 0 ? p->a : p->b);
	sqlite3_bind_text(st, 7, p->spans, (int)p->spans_len, SQLITE_STATIC);
	return step_done(r, st, "keeping a reuse pair");
}

/* New articles [from, to) aligned with their candidates (on the pair aligner's threads, from
 * the stored records); the pairs with a relation kept, in order. */
static int align_chunk(nf_add_reuse *r, size_t from, size_t to)
{
	nf_pair_aligner_reset(r->pa);
	r->need.n = 0;
	int rc = 0;
	for (size_t i = from; i < to && !rc; i++) {
		if (r->news.a[i].dead || (rc = candidates(r, i)) || !r->cand.n)
			continue;
		int64_t num = r->news.a[i].num;
		if ((rc = nf_pair_aligner_unit(r->pa)) || NF_VEC_PUSH(&r->need, num))
			rc = rc ? rc : NF_ENOMEM;
		for (size_t k = 0; k < r->cand.n && !rc; k++) {
			int64_t c = r->cand.a[k];
			/* a is the smaller number: the pair reads the same whichever came first */
			rc = nf_pair_aligner_pair(r->pa, c < num ? c : num, c < num ? num : c);
			if (!rc && NF_VEC_PUSH(&r->need, c))
				rc = NF_ENOMEM;
		}
	}
	if (rc || !nf_pair_aligner_pairs(r->pa))
		return rc;
	qsort(r->need.a, r->need.n, sizeof(int64_t), nf_cmp_i64);
	for (size_t k = 0; k < r->need.n && !rc; k++)
		if (!k || r->need.a[k] != r->need.a[k - 1])
			rc = fetch(r, r->need.a[k]);
	if (!rc)
		rc = nf_pair_aligner_run(r->pa);
	for (size_t k = 0; !rc && k < nf_pair_aligner_pairs(r->pa); k++) {
		nf_aligned_pair p;
		int rel = nf_pair_aligner_result(r->pa, k, &p);
		if (rel == NF_REL_NONE)
			continue;
		r->kept++;
		if ((rel == NF_REL_COPY || rel == NF_REL_PARTIAL) &&
		    (NF_VEC_PUSH(&r->joins, p.a) || NF_VEC_PUSH(&r->joins, p.b)))
			rc = NF_ENOMEM;
		if (!rc)
			rc = keep_pair(r, &p);
	}
	return rc;
}

static void posting_at(void *ctx, size_t i, uint32_t *fp, int64_t *num)
{
	const nf_add_reuse *r = ctx;
	*fp = r->sp.a[i].fp;
	*num = r->news.a[r->sp.a[i].idx].num;
}

/* The stage over the articles noted since the last flush. */
static int flush(nf_add_reuse *r)
{
	if (!r->news.n)
		return 0;
	int rc = r->used ? 0 : nf_store_meta_set(r->s, "reuse_stage", 1);
	r->used = true;
	if (!rc)
		rc = index_of(r);
	if (!rc && !r->pa)
		rc = nf_pair_aligner_new(&r->pa, &r->read, r->threads, r->window);
	mark_dead(r);
	if (!rc)
		rc = look_up(r);
	for (size_t i = 0; !rc && i < r->news.n; i += UNITS)
		rc = align_chunk(r, i, i + UNITS < r->news.n ? i + UNITS : r->news.n);
	if (!rc && r->sp.n)
		rc = nf_passages_write(r->px, r->sp.n, posting_at, r);
	r->news.n = r->fps.n = r->drops.n = r->sp.n = 0;
	return rc;
}

int nf_add_reuse_commit(nf_add_reuse *r, uint64_t *pairs, const int64_t **joins, size_t *n)
{
	int rc = flush(r);
	if (!rc && r->px)
		rc = nf_passages_compact(r->px);
	*pairs = r->kept;
	*joins = r->joins.a;
	*n = r->joins.n / 2;
	return rc;
}

void nf_add_reuse_committed(nf_add_reuse *r)
{
	if (r->px)
		nf_passages_committed(r->px);
}

int nf_add_reuse_drop(nf_add_reuse *r, int64_t num)
{
	if (r->news.n && NF_VEC_PUSH(&r->drops, ((drop){num, r->news.n})))
		return NF_ENOMEM;
	if (!r->used)
		return 0; /* no add ran the stage: no passages, no pairs */
	int rc = index_of(r);
	if (!rc)
		rc = nf_passages_kill(r->px, num);
	if (!rc) {
		sqlite3_stmt *st = r->q[Q_PAIR_DEL];
		sqlite3_bind_int64(st, 1, num);
		rc = step_done(r, st, "dropping reuse pairs");
	}
	return rc;
}
