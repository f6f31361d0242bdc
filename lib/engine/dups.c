/*
 * dups.c - the duplicates of a run (newsfold dedup): keep one article of each family of exact
 * and near duplicates.
 *
 * Adding (the caller's feed, in input order): the raw record goes to an unlinked spool file, the
 * sketch to the LSH index (nf_dedup), and the index's candidate pairs are kept. Only offsets, ids
 * and the index stay in memory. Finishing: threads reload the documents of candidate pairs from
 * the spool, rebuild their shingle sets and compute the exact Jaccard similarity and
 * containments; a pair is linked when it passes; then the families are listed. Reading back:
 * the kept records in input order (as read), the verified pairs, the families of two or more.
 */
#include "../base/base.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CACHE 256 /* shingle sets each verifying thread keeps (documents come back in pairs) */
/* candidates verified at a time while adding: their links let the index give a newcomer a few
 * members of a large family instead of all (nf_dedup_add), so 40,000 near-copies of a template
 * cost linear work; a run with fewer candidates verifies them all at the end, as one round */
#define ROUND 4096

typedef struct shingles {
	uint32_t doc;
	NF_VEC(uint64_t) sh;
} shingles;

typedef struct worker {
	nf_cleaner *cl;
	nf_sketcher *sk;
	nf_parser *p;
	nf_buf rec;
	shingles cache[CACHE], spare; /* direct-mapped by document; spare: a pair in one slot */
} worker;

typedef struct fam_ref {
	uint32_t family, item; /* item: a document, or a pair index */
} fam_ref;

struct nf_dups {
	nf_dups_options o;
	nf_dedup *index;
	nf_spool *sp;
	NF_VEC(nf_dup_pair) pairs;
	bool finished;
	/* families: documents and verified pairs sorted by family */
	fam_ref *fd, *fp;
	size_t n_fp, families, kept;
	/* cursors */
	uint32_t next_doc, next_fam;
	size_t next_pair, next_fp;
	nf_parser *out_p;
	uint32_t *fam_members;
	size_t *fam_pairs;
	/* verification, in rounds of ROUND candidates as they come and at the end */
	nf_pool *pool;
	worker **w;
	int threads;
	size_t verified_upto;
};

void nf_dups_options_init(nf_dups_options *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = 0.8;
	o->sketch.k = 128;
}

static void worker_free(worker *w);
static int verify(nf_dups *d, size_t from, size_t to);

int nf_dups_new(nf_dups **out, const nf_dups_options *opt)
{
	*out = NULL;
	nf_dups *d = calloc(1, sizeof(*d));
	if (!d)
		return NF_ENOMEM;
	d->o = *opt;
	if (!d->o.sketch.k)
		d->o.sketch.k = 128;
	if (!d->o.threshold)
		d->o.threshold = 0.8;
	/* with containment, candidates come from bands tuned for min(J, C/2) */
	d->o.dedup.threshold =
	    d->o.containment > 0 ? fmin(d->o.threshold, d->o.containment / 2) : d->o.threshold;
	int rc = nf_dedup_new(&d->index, &d->o.dedup, d->o.sketch.k);
	if (!rc)
		rc = nf_spool_new(&d->sp, d->o.tmp_dir);
	if (rc) {
		nf_dups_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void nf_dups_free(nf_dups *d)
{
	if (!d)
		return;
	nf_dedup_free(d->index);
	nf_spool_free(d->sp);
	NF_VEC_FREE(&d->pairs);
	free(d->fd);
	free(d->fp);
	free(d->fam_members);
	free(d->fam_pairs);
	nf_parser_free(d->out_p);
	for (int t = 0; d->w && t < d->threads; t++)
		worker_free(d->w[t]);
	free(d->w);
	nf_pool_free(d->pool);
	free(d);
}

void nf_dups_feed_options(const nf_dups *d, nf_feed_options *fo)
{
	fo->make = NF_FEED_SKETCH;
	fo->repeat_min = 0; /* templates are boilerplate by their markers only */
	fo->sketch = d->o.sketch;
	fo->sketch.unsorted = true; /* only MinHash and hashes here; verification sorts */
	fo->sketch.no_simhash = d->o.dedup.method != NF_DEDUP_SIMHASH;
}

int nf_dups_add(nf_dups *d, const nf_feed_item *it)
{
	if (d->finished)
		return NF_EINVAL;
	nf_spool_entry r = {it->rec.data, it->rec.len,	it->id,		it->id_is_number, it->date,
			    it->rec.file, it->rec.line, it->rec.format, it->rec.offset};
	int rc = nf_spool_put(d->sp, &r);
	if (rc)
		return rc;
	const nf_candidate *cand;
	size_t n;
	if ((rc = nf_dedup_add(d->index, &it->sketch, it->date, it->text_len, &cand, &n)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		nf_dup_pair p = {.a = cand[i].a, .b = cand[i].b, .exact = cand[i].exact};
		if (NF_VEC_PUSH(&d->pairs, p))
			return NF_ENOMEM;
	}
	return d->pairs.n - d->verified_upto >= ROUND ? verify(d, d->verified_upto, d->pairs.n) : 0;
}

/* --- verification --------------------------------------------------------------------------- */

static void worker_free(worker *w)
{
	if (!w)
		return;
	nf_cleaner_free(w->cl);
	nf_sketcher_free(w->sk);
	nf_parser_free(w->p);
	nf_buf_release(&w->rec);
	for (size_t i = 0; i < CACHE; i++)
		NF_VEC_FREE(&w->cache[i].sh);
	NF_VEC_FREE(&w->spare.sh);
	free(w);
}

static worker *worker_new(const nf_dups *d)
{
	worker *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	nf_buf_init(&w->rec);
	for (size_t i = 0; i < CACHE; i++)
		w->cache[i].doc = UINT32_MAX;
	w->spare.doc = UINT32_MAX;
	nf_sketch_options so = d->o.sketch;
	so.unsorted = false; /* verification intersects sorted sets */
	so.no_simhash = d->o.dedup.method != NF_DEDUP_SIMHASH;
	if (nf_cleaner_new(&w->cl, NULL) || nf_sketcher_new(&w->sk, &so) ||
	    nf_parser_new(&w->p, &d->o.read)) {
		worker_free(w);
		return NULL;
	}
	return w;
}

/* The shingle set of document i into entry e (kept when it already holds it). */
static const shingles *load_into(const nf_dups *d, worker *w, uint32_t i, shingles *e)
{
	if (e->doc == i)
		return e;
	nf_record rec;
	nf_doc pd;
	nf_error err;
	nf_cleaned c;
	nf_sketch s;
	e->doc = UINT32_MAX;
	if (nf_spool_get(d->sp, i, &w->rec, &rec) || nf_parse(w->p, &rec, &pd, &err) ||
	    nf_clean(w->cl, pd.text.ptr, pd.text.len, &c) || nf_sketch_doc(w->sk, &c, &s))
		return NULL;
	e->sh.n = 0;
	if (NF_VEC_RESERVE(&e->sh, s.n_shingles + 1))
		return NULL;
	if (s.n_shingles)
		memcpy(e->sh.a, s.shingles, s.n_shingles * sizeof(uint64_t));
	e->sh.n = s.n_shingles;
	e->doc = i;
	return e;
}

static const shingles *load(const nf_dups *d, worker *w, uint32_t i)
{
	return load_into(d, w, i, &w->cache[i % CACHE]);
}

typedef struct vjob {
	nf_dups *d;
	worker **w;
	size_t *chunk; /* chunk k covers pairs [chunk[k], chunk[k+1]) */
	bool failed;
} vjob;

static void verify_chunk(void *ctx, size_t k, int wi)
{
	vjob *j = ctx;
	nf_dups *d = j->d;
	worker *w = j->w[wi];
	for (size_t p = j->chunk[k]; p < j->chunk[k + 1]; p++) {
		nf_dup_pair *pr = &d->pairs.a[p];
		if (pr->exact) {
			pr->verified = true;
			pr->jaccard = pr->containment_a = pr->containment_b = 1;
			continue;
		}
		const shingles *b = load(d, w, pr->b);
		const shingles *a = !b ? NULL
				    : pr->a % CACHE == pr->b % CACHE
					? load_into(d, w, pr->a, &w->spare)
					: load(d, w, pr->a);
		if (!a || !b) {
			j->failed = true;
			continue;
		}
		size_t inter;
		double jac = nf_jaccard(a->sh.a, a->sh.n, b->sh.a, b->sh.n, &inter);
		pr->jaccard = (float)jac;
		pr->containment_a = a->sh.n ? (float)((double)inter / (double)a->sh.n) : 0;
		pr->containment_b = b->sh.n ? (float)((double)inter / (double)b->sh.n) : 0;
		pr->verified = jac >= d->o.threshold ||
			       (d->o.containment > 0 &&
				fmax(pr->containment_a, pr->containment_b) >= d->o.containment);
	}
}

/* Verifies candidate pairs [from, to) in parallel, then links those that pass; pairs are cut
 * into chunks at document boundaries of b so that a thread reloads each b once. Results go by
 * pair index: no timing effect. */
static int verify(nf_dups *d, size_t from, size_t to)
{
	if (from >= to)
		return 0;
	int rc = nf_spool_flush(d->sp);
	if (rc)
		return rc;
	if (!d->pool) {
		d->threads = nf_threads(d->o.threads);
		if (!(d->w = calloc((size_t)d->threads, sizeof(worker *))) ||
		    nf_pool_new(&d->pool, d->threads))
			return NF_ENOMEM;
		for (int t = 0; t < d->threads; t++)
			if (!(d->w[t] = worker_new(d)))
				return NF_ENOMEM;
	}
	size_t nchunks = 0, *chunk = malloc(((to - from) / 64 + 3) * sizeof(size_t));
	if (!chunk)
		return NF_ENOMEM;
	chunk[nchunks++] = from;
	for (size_t p = from + 64; p < to; p++)
		if (p - chunk[nchunks - 1] >= 64 && d->pairs.a[p].b != d->pairs.a[p - 1].b)
			chunk[nchunks++] = p;
	chunk[nchunks] = to;
	vjob j = {d, d->w, chunk, false};
	nf_pool_run(d->pool, nchunks, verify_chunk, &j);
	free(chunk);
	if (j.failed)
		return NF_EIO; /* out of memory or an unreadable spool */
	for (size_t i = from; !rc && i < to; i++)
		if (d->pairs.a[i].verified)
			rc = nf_dedup_link(d->index, d->pairs.a[i].a, d->pairs.a[i].b);
	d->verified_upto = to;
	return rc;
}

/* --- families ------------------------------------------------------------------------------- */

static int cmp_ref(const void *x, const void *y)
{
	const fam_ref *a = x, *b = y;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

/* Documents and verified pairs sorted by family; families of two or more counted. */
static int list_families(nf_dups *d)
{
	uint32_t n = nf_spool_count(d->sp);
	d->fd = malloc(((size_t)n + 1) * sizeof(*d->fd));
	d->fp = malloc((d->pairs.n + 1) * sizeof(*d->fp));
	d->fam_members = malloc(((size_t)n + 1) * sizeof(*d->fam_members));
	d->fam_pairs = malloc((d->pairs.n + 1) * sizeof(*d->fam_pairs));
	if (!d->fd || !d->fp || !d->fam_members || !d->fam_pairs)
		return NF_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		d->fd[i] = (fam_ref){nf_dedup_family(d->index, i), i};
		d->kept += nf_dedup_representative(d->index, d->fd[i].family) == i;
	}
	qsort(d->fd, n, sizeof(*d->fd), cmp_ref);
	for (size_t p = 0; p < d->pairs.n; p++)
		if (d->pairs.a[p].verified)
			d->fp[d->n_fp++] =
			    (fam_ref){nf_dedup_family(d->index, d->pairs.a[p].a), (uint32_t)p};
	qsort(d->fp, d->n_fp, sizeof(*d->fp), cmp_ref);
	for (uint32_t i = 0; i < n;) {
		uint32_t k = i;
		while (k < n && d->fd[k].family == d->fd[i].family)
			k++;
		d->families += k - i >= 2;
		i = k;
	}
	return 0;
}

int nf_dups_finish(nf_dups *d)
{
	if (d->finished)
		return NF_EINVAL;
	d->finished = true;
	int rc = nf_spool_flush(d->sp);
	if (!rc)
		rc = verify(d, d->verified_upto, d->pairs.n);
	if (!rc)
		rc = nf_dedup_finish(d->index);
	if (!rc)
		rc = list_families(d);
	if (!rc)
		rc = nf_parser_new(&d->out_p, &d->o.read);
	return rc;
}

/* --- reading back --------------------------------------------------------------------------- */

int nf_dups_next_kept(nf_dups *d, nf_buf *buf, nf_record *rec, nf_doc *doc)
{
	if (!d->finished)
		return NF_EINVAL;
	uint32_t n = nf_spool_count(d->sp);
	while (d->next_doc < n) {
		uint32_t i = d->next_doc++;
		if (nf_dedup_representative(d->index, nf_dedup_family(d->index, i)) != i)
			continue;
		nf_error err;
		int rc = nf_spool_get(d->sp, i, buf, rec);
		if (!rc && doc)
			rc = nf_parse(d->out_p, rec, doc, &err);
		return rc ? rc : 1;
	}
	return 0;
}

int nf_dups_next_pair(nf_dups *d, const nf_dup_pair **p)
{
	while (d->finished && d->next_pair < d->pairs.n) {
		const nf_dup_pair *x = &d->pairs.a[d->next_pair++];
		if (x->verified) {
			*p = x;
			return 1;
		}
	}
	return 0;
}

int nf_dups_next_family(nf_dups *d, nf_dup_family *f)
{
	uint32_t n = d->finished ? nf_spool_count(d->sp) : 0;
	while (d->next_fam < n) {
		uint32_t i = d->next_fam, k = i, fam = d->fd[i].family;
		while (k < n && d->fd[k].family == fam)
			k++;
		d->next_fam = k;
		while (d->next_fp < d->n_fp && d->fp[d->next_fp].family < fam)
			d->next_fp++;
		if (k - i < 2)
			continue;
		f->family = fam;
		f->representative = nf_dedup_representative(d->index, fam);
		f->n_members = k - i;
		for (uint32_t x = i; x < k; x++)
			d->fam_members[x - i] = d->fd[x].item;
		f->members = d->fam_members;
		f->n_pairs = 0;
		for (size_t x = d->next_fp; x < d->n_fp && d->fp[x].family == fam; x++)
			d->fam_pairs[f->n_pairs++] = d->fp[x].item;
		f->pairs = d->fam_pairs;
		return 1;
	}
	return 0;
}

const nf_dup_pair *nf_dups_pair(const nf_dups *d, size_t i)
{
	return i < d->pairs.n ? &d->pairs.a[i] : NULL;
}

nf_str nf_dups_id(const nf_dups *d, uint32_t doc, bool *is_number)
{
	return nf_spool_id(d->sp, doc, is_number);
}

const char *nf_dup_kind(const nf_dups *d, const nf_dup_pair *p)
{
	return p->exact ? "exact" : p->jaccard >= d->o.threshold ? "near" : "contained";
}

void nf_dups_stats_get(const nf_dups *d, nf_dups_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->docs = nf_spool_count(d->sp);
	st->kept = d->kept;
	st->families = d->families;
	st->candidate_pairs = d->pairs.n;
	for (size_t i = 0; i < d->pairs.n; i++) {
		st->verified_pairs += d->pairs.a[i].verified;
		st->exact_pairs += d->pairs.a[i].verified && d->pairs.a[i].exact;
	}
	st->k = d->o.sketch.k;
	st->ngram = d->o.sketch.ngram ? d->o.sketch.ngram : 5;
	nf_dedup_params(d->index, &st->bands, &st->rows);
	st->threshold = d->o.threshold;
	st->lsh_threshold = d->o.dedup.threshold;
	st->containment = d->o.containment;
	st->simhash = d->o.dedup.method == NF_DEDUP_SIMHASH;
}
