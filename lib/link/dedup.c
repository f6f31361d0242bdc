/*
 * dedup.c - the near-duplicate index: exact content hashes and LSH band buckets, filled one
 * document at a time.
 *
 * Each band of a document's MinHash signature (or each block of its SimHash) is hashed to a
 * 32-bit key; per band, an open-addressing table of 4-byte slots maps a key to the most recent
 * document with it (the key is read back from that document's bkey[], so slots hold no key),
 * and documents sharing a key are chained through next[], newest first. Two different bands
 * contents with one 32-bit key only make an extra candidate, which verification rejects. Adding a
 * document walks its chains (at most max_chain members each, so a huge bucket costs bounded work)
 * for earlier documents and then becomes the head. Exact duplicates are found first and are not
 * indexed again: the first document of a content stands for all of them.
 */
#include "link.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#define NO_DOC UINT32_MAX

int nf_dedup_new(nf_dedup **out, const nf_dedup_options *opt, unsigned k)
{
	nf_dedup *d = calloc(1, sizeof(*d));
	if (!d)
		return NF_ENOMEM;
	if (opt)
		d->opt = *opt;
	if (d->opt.threshold <= 0)
		d->opt.threshold = 0.8;
	if (!d->opt.max_chain)
		d->opt.max_chain = 512;
	if (!d->opt.hamming)
		d->opt.hamming = 3;
	d->k = k;
	if (d->opt.threshold > 1 || k == 0 || k > NF_SKETCH_MAX_K || d->opt.hamming > 15 ||
	    (d->opt.method != NF_DEDUP_MINHASH && d->opt.method != NF_DEDUP_SIMHASH))
		goto inval;
	if (d->opt.method == NF_DEDUP_SIMHASH) {
		d->bands = d->opt.hamming + 1;
		d->rows = 64 / d->bands;
	} else if (d->opt.bands) {
		d->bands = d->opt.bands;
		d->rows = d->opt.rows ? d->opt.rows : k / d->bands;
		if (d->rows == 0 || d->bands * d->rows > k)
			goto inval;
	} else {
		nf_lsh_params(d->opt.threshold, k, &d->bands, &d->rows);
	}
	d->et_mask = 1023;
	d->bt = calloc(d->bands, sizeof(*d->bt));
	d->et = malloc((d->et_mask + 1) * sizeof(*d->et));
	if (!d->bt || !d->et) {
		nf_dedup_free(d);
		return NF_ENOMEM;
	}
	for (unsigned b = 0; b < d->bands; b++) {
		d->bt[b].mask = 1023;
		d->bt[b].head = malloc(1024 * sizeof(uint32_t));
		if (!d->bt[b].head) {
			nf_dedup_free(d);
			return NF_ENOMEM;
		}
		memset(d->bt[b].head, 0xFF, 1024 * sizeof(uint32_t));
	}
	for (size_t i = 0; i <= d->et_mask; i++)
		d->et[i].first = NO_DOC;
	*out = d;
	return 0;
inval:
	free(d);
	return NF_EINVAL;
}

void nf_dedup_free(nf_dedup *d)
{
	if (!d)
		return;
	NF_VEC_FREE(&d->date);
	NF_VEC_FREE(&d->length);
	NF_VEC_FREE(&d->next);
	NF_VEC_FREE(&d->cand);
	NF_VEC_FREE(&d->ranked);
	NF_VEC_FREE(&d->walk_of);
	NF_VEC_FREE(&d->taken);
	NF_VEC_FREE(&d->keys);
	NF_VEC_FREE(&d->bkey);
	if (d->bt)
		for (unsigned b = 0; b < d->bands; b++)
			free(d->bt[b].head);
	free(d->bt);
	free(d->et);
	nf_uf_release(&d->uf);
	free(d->rep);
	free(d);
}

void nf_dedup_params(const nf_dedup *d, unsigned *bands, unsigned *rows)
{
	*bands = d->bands;
	*rows = d->rows;
}

uint32_t nf_dedup_size(const nf_dedup *d)
{
	return d->n;
}

/* --- tables ---------------------------------------------------------------------------------- */

static inline size_t home(uint32_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B1u) >> 8) & mask;
}

/* The slot of `key` in band b: its bucket, or the free slot where it would go. */
static uint32_t *band_slot(const nf_dedup *d, unsigned b, uint32_t key)
{
	const band_table *t = &d->bt[b];
	size_t i = home(key, t->mask);
	while (t->head[i] != NO_DOC && d->bkey.a[(size_t)t->head[i] * d->bands + b] != key)
		i = (i + 1) & t->mask;
	return &t->head[i];
}

static int band_grow(nf_dedup *d, unsigned b)
{
	band_table *t = &d->bt[b];
	size_t ncap = (t->mask + 1) * 2;
	uint32_t *nh = malloc(ncap * sizeof(uint32_t));
	if (!nh)
		return NF_ENOMEM;
	memset(nh, 0xFF, ncap * sizeof(uint32_t));
	for (size_t i = 0; i <= t->mask; i++) {
		if (t->head[i] == NO_DOC)
			continue;
		size_t j = home(d->bkey.a[(size_t)t->head[i] * d->bands + b], ncap - 1);
		while (nh[j] != NO_DOC)
			j = (j + 1) & (ncap - 1);
		nh[j] = t->head[i];
	}
	free(t->head);
	t->head = nh;
	t->mask = ncap - 1;
	return 0;
}

static exact_ent *exact_slot(exact_ent *t, size_t mask, uint64_t hi, uint64_t lo)
{
	size_t i = (size_t)(hi >> 17) & mask;
	while (t[i].first != NO_DOC && !(t[i].hi == hi && t[i].lo == lo))
		i = (i + 1) & mask;
	return &t[i];
}

static int exact_grow(nf_dedup *d)
{
	size_t ncap = (d->et_mask + 1) * 2;
	exact_ent *nt = malloc(ncap * sizeof(*nt));
	if (!nt)
		return NF_ENOMEM;
	for (size_t i = 0; i < ncap; i++)
		nt[i].first = NO_DOC;
	for (size_t i = 0; i <= d->et_mask; i++)
		if (d->et[i].first != NO_DOC)
			*exact_slot(nt, ncap - 1, d->et[i].hi, d->et[i].lo) = d->et[i];
	free(d->et);
	d->et = nt;
	d->et_mask = ncap - 1;
	return 0;
}

/* --- band keys -------------------------------------------------------------------------------- */

/* The keys of a sketch's bands into d->keys. Documents without shingles get none. */
static int band_keys(nf_dedup *d, const nf_sketch *s)
{
	d->keys.n = 0;
	if (s->n_shingles == 0)
		return 0;
	if (NF_VEC_RESERVE(&d->keys, d->bands))
		return NF_ENOMEM;
	for (unsigned b = 0; b < d->bands; b++) {
		uint32_t key;
		if (d->opt.method == NF_DEDUP_SIMHASH) {
			unsigned lo = b * 64 / d->bands, hi = (b + 1) * 64 / d->bands;
			uint64_t bits = (s->simhash >> lo) &
					(hi - lo == 64 ? ~0ull : ((1ull << (hi - lo)) - 1));
			uint64_t in[2] = {b, bits};
			key = (uint32_t)XXH3_64bits(in, sizeof(in));
		} else {
			key = (uint32_t)XXH3_64bits_withSeed(s->minhash + b * d->rows,
							     d->rows * sizeof(uint32_t), b + 1);
		}
		d->keys.a[d->keys.n++] = key;
	}
	return 0;
}

int nf_dedup_band_keys(nf_dedup *d, const nf_sketch *s, const uint32_t **keys, size_t *n)
{
	int rc = band_keys(d, s);
	*keys = d->keys.a;
	*n = rc ? 0 : d->keys.n;
	return rc;
}

static int cmp_cand(const void *x, const void *y)
{
	const nf_candidate *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (int)b->exact - (int)a->exact; /* the exact one first, so it survives unique */
}

/* by family, then bands shared (most first), then newest */
static int cmp_ranked(const void *x, const void *y)
{
	const nf_ranked *a = x, *b = y;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->bands != b->bands)
		return a->bands > b->bands ? -1 : 1;
	return (a->num < b->num) - (a->num > b->num);
}

static int cmp_ranked_num(const void *x, const void *y)
{
	const nf_ranked *a = x, *b = y;
	return (a->num > b->num) - (a->num < b->num);
}

size_t nf_keep_per_family(nf_ranked *v, size_t n)
{
	if (n <= FAMILY_TRIES)
		return n;
	qsort(v, n, sizeof(*v), cmp_ranked);
	size_t u = 0;
	for (size_t i = 0, tries = 0; i < n; i++) {
		tries = i && v[i].family == v[i - 1].family ? tries + 1 : 0;
		if (tries < FAMILY_TRIES)
			v[u++] = v[i];
	}
	qsort(v, u, sizeof(*v), cmp_ranked_num);
	return u;
}

/* The distinct candidates (sorted by a, one entry per band shared), at most FAMILY_TRIES of
 * each family of linked documents, back in order of a. */
static int keep_best(nf_dedup *d)
{
	d->ranked.n = 0;
	for (size_t i = 0, j; i < d->cand.n; i = j) {
		for (j = i + 1; j < d->cand.n && d->cand.a[j].a == d->cand.a[i].a; j++)
			;
		uint32_t a = d->cand.a[i].a;
		if (NF_VEC_PUSH(&d->ranked, ((nf_ranked){a, nf_uf_find(&d->uf, a), j - i})))
			return NF_ENOMEM;
	}
	size_t n = nf_keep_per_family(d->ranked.a, d->ranked.n);
	uint32_t self = d->cand.n ? d->cand.a[0].b : 0;
	d->cand.n = 0;
	for (size_t i = 0; i < n; i++)
		d->cand.a[d->cand.n++] = (nf_candidate){(uint32_t)d->ranked.a[i].num, self, false};
	return 0;
}

/* Candidates of sketch s (document index `self`, or d->n for a query). */
static int find(nf_dedup *d, const nf_sketch *s, uint32_t self, uint32_t *exact_first)
{
	d->cand.n = 0;
	*exact_first = NO_DOC;
	if (s->n_shingles > 0 || s->n_tokens > 0) {
		exact_ent *e = exact_slot(d->et, d->et_mask, s->exact_hi, s->exact_lo);
		if (e->first != NO_DOC) {
			*exact_first = e->first;
			return NF_VEC_PUSH(&d->cand, ((nf_candidate){e->first, self, true}));
		}
	}
	if (band_keys(d, s))
		return NF_ENOMEM;
	for (unsigned b = 0; b < d->keys.n; b++) {
		uint32_t j = *band_slot(d, b, d->keys.a[b]), w = ++d->walk, prev = NO_DOC;
		for (unsigned steps = 0; j != NO_DOC && steps < d->opt.max_chain; steps++) {
			/* a bucket's members of one family: the FAMILY_TRIES newest. An older one
			 * is never taken again (families only grow), so it leaves the chain */
			uint32_t r = nf_uf_find(&d->uf, j),
				 *nj = &d->next.a[(size_t)j * d->bands + b];
			if (d->walk_of.a[r] != w) {
				d->walk_of.a[r] = w;
				d->taken.a[r] = 0;
			}
			if (d->taken.a[r]++ >= FAMILY_TRIES) {
				d->next.a[(size_t)prev * d->bands + b] = *nj;
				j = *nj;
				continue;
			}
			if (NF_VEC_PUSH(&d->cand, ((nf_candidate){j, self, false})))
				return NF_ENOMEM;
			prev = j;
			j = *nj;
		}
	}
	if (d->cand.n > 1)
		qsort(d->cand.a, d->cand.n, sizeof(nf_candidate), cmp_cand);
	return keep_best(d);
}

int nf_dedup_query(nf_dedup *d, const nf_sketch *s, const nf_candidate **cand, size_t *n)
{
	uint32_t ef;
	int rc = find(d, s, d->n, &ef);
	*cand = d->cand.a;
	*n = rc ? 0 : d->cand.n;
	return rc;
}

int nf_dedup_add(nf_dedup *d, const nf_sketch *s, int64_t date, uint64_t length,
		 const nf_candidate **cand, size_t *n)
{
	*cand = NULL;
	*n = 0;
	if (s->k != d->k && d->opt.method == NF_DEDUP_MINHASH)
		return NF_EINVAL;
	if (d->n >= NO_DOC - 1)
		return NF_ELIMIT;
	uint32_t self = d->n, ef;
	int rc = find(d, s, self, &ef);
	if (rc)
		return rc;
	uint32_t len32 = length > UINT32_MAX ? UINT32_MAX : (uint32_t)length;
	size_t need = (size_t)(self + 1) * d->bands;
	if (NF_VEC_PUSH(&d->date, date) || NF_VEC_PUSH(&d->length, len32) ||
	    NF_VEC_PUSH(&d->walk_of, 0) || NF_VEC_PUSH(&d->taken, 0) ||
	    NF_VEC_RESERVE(&d->next, need) || NF_VEC_RESERVE(&d->bkey, need) ||
	    nf_uf_grow(&d->uf, self + 1))
		return NF_ENOMEM;
	uint32_t *nx = d->next.a + (size_t)self * d->bands,
		 *bk = d->bkey.a + (size_t)self * d->bands;
	for (unsigned b = 0; b < d->bands; b++) {
		nx[b] = NO_DOC;
		bk[b] = b < d->keys.n ? d->keys.a[b] : 0;
	}
	d->next.n = d->bkey.n = need;
	if (ef == NO_DOC && (s->n_shingles > 0 || s->n_tokens > 0)) {
		/* a new content: remember it and index its bands */
		if ((d->et_n + 1) * 2 > d->et_mask + 1 && exact_grow(d))
			return NF_ENOMEM;
		exact_ent *e = exact_slot(d->et, d->et_mask, s->exact_hi, s->exact_lo);
		*e = (exact_ent){s->exact_hi, s->exact_lo, self};
		d->et_n++;
		for (unsigned b = 0; b < d->keys.n; b++) {
			band_table *t = &d->bt[b];
			if ((t->n + 1) * 10 > (t->mask + 1) * 7 && band_grow(d, b))
				return NF_ENOMEM;
			uint32_t *slot = band_slot(d, b, d->keys.a[b]);
			if (*slot != NO_DOC)
				nx[b] = *slot;
			else
				t->n++;
			*slot = self;
		}
	}
	d->n++;
	*cand = d->cand.a;
	*n = d->cand.n;
	return 0;
}
