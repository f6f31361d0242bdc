/*
 * copies.c - the copy families of a story from its pairs sharing text (pairs.c): pairs related
 * as copy or partial join a family; each family's origin and each copy's role; the text an
 * article shares with its family (what it reused) and with another family (marked echo).
 */
#include "digest.h"

static int add_cov(nf_span **v, size_t *n, size_t *cap, uint32_t s, uint32_t e)
{
	if (nf_grow((void **)v, cap, *n + 1, sizeof(nf_span)))
		return NF_ENOMEM;
	(*v)[(*n)++] = (nf_span){s, e};
	return 0;
}

/* Flags the tokens of x inside bytes [s, e) as echoed (TOK_ECHO). */
static void mark_echo(ddoc *x, uint32_t s, uint32_t e)
{
	size_t lo = 0, hi = x->n_tok; /* the first token starting at s or after */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->tok[mid].start < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t t = lo; t < x->n_tok && x->tok[t].end <= e; t++)
		x->tok[t].flags |= TOK_ECHO;
}

/* Families (uf), roles and the coverage of each article, from the story's pairs (pairs.c). */
int nf_dg_families(nf_digester *d, nf_uf *uf)
{
	int rc = nf_dg_pairs(d);
	if (rc)
		return rc;
	const dpair *res = d->dp;
	size_t np = d->n_dp;
	for (size_t k = 0; k < np; k++)
		if (res[k].relation == NF_REL_COPY || res[k].relation == NF_REL_PARTIAL)
			nf_uf_union(uf, res[k].a, res[k].b);
	/* the origin of each family: found as the source most often, then earliest, longest, first
	 */
	uint32_t *wins = calloc(d->n + 1, sizeof(uint32_t));
	uint32_t *origin = malloc((d->n + 1) * sizeof(uint32_t));
	uint32_t *size = calloc(d->n + 1, sizeof(uint32_t));
	if (!rc && (!wins || !origin || !size))
		rc = NF_ENOMEM;
	for (size_t k = 0; !rc && k < np; k++) {
		const dpair *p = &res[k];
		if ((p->relation == NF_REL_COPY || p->relation == NF_REL_PARTIAL) && p->source >= 0)
			wins[p->source == 0 ? p->a : p->b]++;
	}
	for (size_t i = 0; !rc && i < d->n; i++)
		origin[i] = UINT32_MAX;
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		uint32_t r = nf_uf_find(uf, i), o = origin[r];
		size[r]++;
		bool better = o == UINT32_MAX;
		if (!better && wins[i] != wins[o])
			better = wins[i] > wins[o];
		else if (!better) {
			int64_t di = d->docs[i].date, dd = d->docs[o].date;
			if (di != dd && di != NF_NO_DATE && dd != NF_NO_DATE)
				better = di < dd;
			else if ((di == NF_NO_DATE) != (dd == NF_NO_DATE))
				better = di != NF_NO_DATE;
			else if (d->docs[i].content_words != d->docs[o].content_words)
				better = d->docs[i].content_words > d->docs[o].content_words;
		}
		if (better)
			origin[r] = i;
	}
	/* a family of agency copies none of whose pairs names a source (every member carries the
	 * syndication disclaimer) copies a common wire: it has no origin in the story, as newsfold
	 * compare says of its pairs ("common-wire") */
	uint32_t *named = calloc(d->n + 1, sizeof(uint32_t));
	if (!rc && !named)
		rc = NF_ENOMEM;
	for (uint32_t i = 0; !rc && i < d->n; i++)
		named[nf_uf_find(uf, i)] += wins[i] + !d->docs[i].syndicated;
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		uint32_t r = nf_uf_find(uf, i);
		nf_digest_source *s = &d->sources[i];
		*s = (nf_digest_source){NF_ROLE_INDEPENDENT, -1, r, 0, NULL, 0};
		if (size[r] < 2)
			continue;
		bool has_origin = named[r] > 0;
		if (has_origin && origin[r] == i) {
			s->role = NF_ROLE_ORIGIN;
			continue;
		}
		if (has_origin)
			s->copy_of = (int32_t)origin[r];
		s->role = NF_ROLE_PARTIAL;
		/* how it copies: from the origin; without one, its closest copy in the family */
		for (size_t k = 0; k < np; k++) {
			const dpair *p = &res[k];
			uint32_t other = p->a == i ? p->b : p->a;
			if ((p->a != i && p->b != i) ||
			    (has_origin ? other != origin[r] : nf_uf_find(uf, other) != r))
				continue;
			double cov = p->a == i ? p->cov_a : p->cov_b;
			int role = p->relation != NF_REL_COPY	? NF_ROLE_PARTIAL
				   : p->verbatim && cov >= 0.95 ? NF_ROLE_VERBATIM
								: NF_ROLE_EDITED;
			if (s->role == NF_ROLE_PARTIAL || role == NF_ROLE_VERBATIM)
				s->role = role;
			if (has_origin)
				break;
		}
	}
	free(named);
	/* coverage: spans with the family (not quotations), and spans with anyone; text shared
	 * across families is echoed */
	for (uint32_t i = 0; i < d->n; i++)
		for (size_t t = 0; t < d->docs[i].n_tok; t++)
			d->docs[i].tok[t].flags &= ~TOK_ECHO;
	for (size_t k = 0; !rc && k < np; k++) {
		const dpair *p = &res[k];
		ddoc *A = &d->docs[p->a], *B = &d->docs[p->b];
		bool same = nf_uf_find(uf, p->a) == nf_uf_find(uf, p->b);
		for (size_t j = 0; !rc && j < p->n_spans; j++) {
			const nf_passage *s = &d->pspans[p->s0 + j];
			if (s->boilerplate)
				continue;
			if (!same) {
				mark_echo(A, s->a_start, s->a_end);
				mark_echo(B, s->b_start, s->b_end);
			}
			rc = add_cov(&A->any_cov, &A->n_any_cov, &A->cap_any_cov, s->a_start,
				     s->a_end) ||
			     add_cov(&B->any_cov, &B->n_any_cov, &B->cap_any_cov, s->b_start,
				     s->b_end);
			if (!rc && s->kind != NF_PASSAGE_QUOTE && same)
				rc = add_cov(&A->fam_cov, &A->n_fam_cov, &A->cap_fam_cov,
					     s->a_start, s->a_end) ||
				     add_cov(&B->fam_cov, &B->n_fam_cov, &B->cap_fam_cov,
					     s->b_start, s->b_end);
		}
	}
	free(wins);
	free(origin);
	free(size);
	return rc ? NF_ENOMEM : 0;
}
