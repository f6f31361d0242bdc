/*
 * pairs.c - the story's pairs of articles sharing text: handed in by an engine that aligned them
 * already (nf_digest_pair, after nf_digest_known), or, for a caller that has none, aligned here
 * (every pair up to ALL_PAIRS_MAX articles, else the pairs the passage-reuse index finds).
 * Either way they end in d->dp, sorted by (a, b), their spans in d->pspans.
 */
#include "digest.h"

void nf_digest_known(nf_digester *d)
{
	d->known = true;
}

/* A span seen from the other side. */
static nf_passage swapped(const nf_passage *p)
{
	nf_passage s = *p;
	s.a_start = p->b_start;
	s.a_end = p->b_end;
	s.b_start = p->a_start;
	s.b_end = p->a_end;
	s.a_words = p->b_words;
	s.b_words = p->a_words;
	return s;
}

static int cmp_span(const void *x, const void *y)
{
	const nf_passage *a = x, *b = y;
	if (a->a_start != b->a_start)
		return a->a_start < b->a_start ? -1 : 1;
	return (a->b_start > b->b_start) - (a->b_start < b->b_start);
}

int nf_digest_add_pair(nf_digester *d, uint32_t a, uint32_t b, const nf_alignment *al)
{
	if (a == b || al->relation < NF_REL_NONE || al->relation > NF_REL_PASSAGE)
		return NF_EINVAL;
	if (al->relation == NF_REL_NONE)
		return 0;
	bool swap = a > b;
	if (nf_grow((void **)&d->dp, &d->cap_dp, d->n_dp + 1, sizeof(dpair)) ||
	    nf_grow((void **)&d->pspans, &d->cap_pspans, d->n_pspans + al->n_spans + 1,
		    sizeof(nf_passage)))
		return NF_ENOMEM;
	dpair p = {swap ? b : a,
		   swap ? a : b,
		   al->relation,
		   al->source,
		   swap ? al->coverage_b : al->coverage_a,
		   swap ? al->coverage_a : al->coverage_b,
		   true,
		   d->n_pspans,
		   al->n_spans};
	if (swap && p.source >= 0)
		p.source = 1 - p.source;
	nf_passage *v = d->pspans + d->n_pspans;
	for (size_t i = 0; i < al->n_spans; i++) {
		v[i] = swap ? swapped(&al->spans[i]) : al->spans[i];
		if (!v[i].boilerplate && v[i].kind != NF_PASSAGE_VERBATIM)
			p.verbatim = false;
	}
	if (swap)
		qsort(v, al->n_spans, sizeof(nf_passage), cmp_span);
	/* a pair known without spans (a duplicate link) is verbatim only when wholly covered */
	if (!al->n_spans)
		p.verbatim = p.cov_a >= 1 && p.cov_b >= 1;
	d->n_pspans += al->n_spans;
	d->dp[d->n_dp++] = p;
	return 0;
}

/* The pairs to align: all, or the passage-reuse candidates for a large story. */
static int pairs_to_align(nf_digester *d, uint32_t **pairs, size_t *np)
{
	size_t n = d->n;
	*pairs = NULL;
	*np = 0;
	if (n <= ALL_PAIRS_MAX) {
		*pairs = malloc((n * (n - 1) + 2) * sizeof(uint32_t));
		if (!*pairs)
			return NF_ENOMEM;
		for (uint32_t a = 0; a < n; a++)
			for (uint32_t b = a + 1; b < n; b++) {
				(*pairs)[2 * *np] = a;
				(*pairs)[2 * *np + 1] = b;
				(*np)++;
			}
		return 0;
	}
	nf_reuse *r;
	if (nf_reuse_new(&r, NULL))
		return NF_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = nf_reuse_add(r, d->docs[i].date, d->docs[i].fp, d->docs[i].n_fp);
	const nf_reuse_pair *rp;
	size_t nr = 0;
	nf_reuse_stats st;
	if (!rc)
		rc = nf_reuse_candidates(r, &rp, &nr, &st);
	if (!rc) {
		*pairs = malloc((2 * nr + 2) * sizeof(uint32_t));
		if (!*pairs)
			rc = NF_ENOMEM;
		for (size_t i = 0; !rc && i < nr; i++) {
			(*pairs)[2 * i] = rp[i].a;
			(*pairs)[2 * i + 1] = rp[i].b;
		}
		*np = rc ? 0 : nr;
	}
	nf_reuse_free(r);
	return rc ? NF_ENOMEM : 0;
}

/* Aligns the story's pairs itself (nothing was handed in). */
static int align_own(nf_digester *d)
{
	d->n_dp = d->n_pspans = 0;
	if (!d->al && nf_aligner_new(&d->al, NULL))
		return NF_ENOMEM;
	uint32_t *pairs;
	size_t np;
	if (pairs_to_align(d, &pairs, &np))
		return NF_ENOMEM;
	int rc = 0;
	for (size_t k = 0; !rc && k < np; k++) {
		uint32_t a = pairs[2 * k], b = pairs[2 * k + 1];
		nf_alignment al;
		rc = nf_align(d->al, d->docs[a].ad, d->docs[b].ad, &al)
			 ? NF_ENOMEM
			 : nf_digest_add_pair(d, a, b, &al);
		d->work_pairs++;
	}
	free(pairs);
	return rc;
}

/* (a, b), then a pair with spans before one without, then as handed in */
static int cmp_dpair(const void *x, const void *y)
{
	const dpair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	if ((p->n_spans == 0) != (q->n_spans == 0))
		return p->n_spans ? -1 : 1;
	return (p->s0 > q->s0) - (p->s0 < q->s0);
}

int nf_dg_pairs(nf_digester *d)
{
	int rc = d->known ? 0 : align_own(d);
	if (rc)
		return rc;
	for (size_t k = 0; k < d->n_dp; k++)
		if (d->dp[k].b >= d->n)
			return NF_EINVAL;
	if (d->n_dp > 1)
		qsort(d->dp, d->n_dp, sizeof(dpair), cmp_dpair);
	/* the pairs with spans, for the side-by-side view */
	d->n_pairs = 0;
	if (nf_grow((void **)&d->pairs, &d->cap_pairs, d->n_dp + 1, sizeof(nf_digest_pair)))
		return NF_ENOMEM;
	for (size_t k = 0; k < d->n_dp; k++) {
		const dpair *p = &d->dp[k];
		if (p->n_spans)
			d->pairs[d->n_pairs++] = (nf_digest_pair){p->a, p->b, p->relation,
								  d->pspans + p->s0, p->n_spans};
	}
	return 0;
}
