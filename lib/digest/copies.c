/*
 * copies.c - the copy families of a story: its articles aligned pair by pair (every pair up to
 * ALL_PAIRS_MAX articles, else the pairs the passage-reuse index finds); pairs related as copy
 * or partial join a family, and the text an article shares with another family is marked echo.
 */
#include "digest.h"

/* --- copy families and roles ----------------------------------------------------------------- */

typedef struct pres {
	uint32_t a, b;
	int relation, source;
	double cov_a, cov_b;
	bool verbatim; /* every counted span verbatim */
} pres;

static int add_cov(nf_span **v, size_t *n, size_t *cap, uint32_t s, uint32_t e)
{
	if (nf_grow((void **)v, cap, *n + 1, sizeof(nf_span)))
		return NF_ENOMEM;
	(*v)[(*n)++] = (nf_span){s, e};
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

/* Aligns the pairs; fills families (uf), the roles and the coverage of each article. */
int nf_dg_families(nf_digester *d, nf_uf *uf)
{
	uint32_t *pairs;
	size_t np;
	if (pairs_to_align(d, &pairs, &np))
		return NF_ENOMEM;
	pres *res = malloc((np + 1) * sizeof(pres));
	/* the counted spans of every pair, to credit coverage once families are known */
	struct cspan {
		uint32_t pair;
		nf_passage p;
	} *spans = NULL;
	size_t n_spans = 0, cap_spans = 0;
	int rc = res ? 0 : NF_ENOMEM;
	for (size_t k = 0; !rc && k < np; k++) {
		uint32_t a = pairs[2 * k], b = pairs[2 * k + 1];
		nf_alignment al;
		if (nf_align(d->al, d->docs[a].ad, d->docs[b].ad, &al)) {
			rc = NF_ENOMEM;
			break;
		}
		pres p = {a, b, al.relation, al.source, al.coverage_a, al.coverage_b, true};
		for (size_t i = 0; i < al.n_spans; i++) {
			const nf_passage *s = &al.spans[i];
			if (s->boilerplate)
				continue;
			if (s->kind != NF_PASSAGE_VERBATIM)
				p.verbatim = false;
			if (nf_grow((void **)&spans, &cap_spans, n_spans + 1, sizeof(*spans))) {
				rc = NF_ENOMEM;
				break;
			}
			spans[n_spans++] = (struct cspan){(uint32_t)k, *s};
		}
		res[k] = p;
		if (!rc && p.relation != NF_REL_NONE) {
			/* kept for the side-by-side view: every span, boilerplate ones flagged */
			if (nf_grow((void **)&d->pairs, &d->cap_pairs, d->n_pairs + 1,
				    sizeof(nf_digest_pair)) ||
			    nf_grow((void **)&d->pspans, &d->cap_pspans,
				    d->n_pspans + al.n_spans + 1, sizeof(nf_passage))) {
				rc = NF_ENOMEM;
				break;
			}
			d->pairs[d->n_pairs++] = (nf_digest_pair){
			    a, b, p.relation, (const nf_passage *)(uintptr_t)d->n_pspans,
			    al.n_spans};
			if (al.n_spans)
				memcpy(d->pspans + d->n_pspans, al.spans,
				       al.n_spans * sizeof(nf_passage));
			d->n_pspans += al.n_spans;
		}
		if (p.relation == NF_REL_COPY || p.relation == NF_REL_PARTIAL)
			nf_uf_union(uf, a, b);
	}
	/* the origin of each family: found as the source most often, then earliest, longest, first
	 */
	uint32_t *wins = calloc(d->n + 1, sizeof(uint32_t));
	uint32_t *origin = malloc((d->n + 1) * sizeof(uint32_t));
	uint32_t *size = calloc(d->n + 1, sizeof(uint32_t));
	if (!rc && (!wins || !origin || !size))
		rc = NF_ENOMEM;
	for (size_t k = 0; !rc && k < np; k++) {
		const pres *p = &res[k];
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
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		uint32_t r = nf_uf_find(uf, i);
		nf_digest_source *s = &d->sources[i];
		*s = (nf_digest_source){NF_ROLE_INDEPENDENT, -1, r, 0, NULL, 0};
		if (size[r] < 2)
			continue;
		if (origin[r] == i) {
			s->role = NF_ROLE_ORIGIN;
			continue;
		}
		s->copy_of = (int32_t)origin[r];
		s->role = NF_ROLE_PARTIAL;
		for (size_t k = 0; k < np; k++) {
			const pres *p = &res[k];
			if (!((p->a == i && p->b == origin[r]) || (p->b == i && p->a == origin[r])))
				continue;
			double cov = p->a == i ? p->cov_a : p->cov_b;
			if (p->relation == NF_REL_COPY)
				s->role =
				    p->verbatim && cov >= 0.95 ? NF_ROLE_VERBATIM : NF_ROLE_EDITED;
			break;
		}
	}
	/* coverage: spans with the family (not quotations), and spans with anyone; text shared
	 * across families is echoed */
	for (uint32_t i = 0; i < d->n; i++)
		for (size_t t = 0; t < d->docs[i].n_tok; t++)
			d->docs[i].tok[t].flags &= ~TOK_ECHO;
	for (size_t i = 0; !rc && i < n_spans; i++) {
		const pres *p = &res[spans[i].pair];
		const nf_passage *s = &spans[i].p;
		ddoc *A = &d->docs[p->a], *B = &d->docs[p->b];
		if (nf_uf_find(uf, p->a) != nf_uf_find(uf, p->b)) {
			mark_echo(A, s->a_start, s->a_end);
			mark_echo(B, s->b_start, s->b_end);
		}
		rc = add_cov(&A->any_cov, &A->n_any_cov, &A->cap_any_cov, s->a_start, s->a_end) ||
		     add_cov(&B->any_cov, &B->n_any_cov, &B->cap_any_cov, s->b_start, s->b_end);
		if (!rc && s->kind != NF_PASSAGE_QUOTE &&
		    nf_uf_find(uf, p->a) == nf_uf_find(uf, p->b))
			rc = add_cov(&A->fam_cov, &A->n_fam_cov, &A->cap_fam_cov, s->a_start,
				     s->a_end) ||
			     add_cov(&B->fam_cov, &B->n_fam_cov, &B->cap_fam_cov, s->b_start,
				     s->b_end);
	}
	free(wins);
	free(origin);
	free(size);
	free(spans);
	free(res);
	free(pairs);
	return rc ? NF_ENOMEM : 0;
}
