/*
 * families.c - copy families: the connected components of verified duplicate pairs (union-find
 * by smallest index, so a family is named by its first document), and their representatives:
 * the earliest dated member, then the longest, then the first.
 */
#include "../link/link.h"

int nf_dedup_link(nf_dedup *d, uint32_t a, uint32_t b)
{
	if (a >= d->n || b >= d->n)
		return NF_EINVAL;
	nf_uf_union(&d->uf, a, b);
	free(d->rep); /* representatives must be recomputed */
	d->rep = NULL;
	return 0;
}

uint32_t nf_dedup_family(nf_dedup *d, uint32_t i)
{
	return i < d->n ? nf_uf_find(&d->uf, i) : i;
}

/* Is document x a better representative than y? */
static bool better(const nf_dedup *d, uint32_t x, uint32_t y)
{
	int64_t dx = d->date.a[x], dy = d->date.a[y];
	bool kx = dx != NF_NO_DATE, ky = dy != NF_NO_DATE;
	if (kx != ky)
		return kx; /* a known date beats an unknown one */
	if (kx && dx != dy)
		return dx < dy;
	if (d->length.a[x] != d->length.a[y])
		return d->length.a[x] > d->length.a[y];
	return x < y;
}

int nf_dedup_finish(nf_dedup *d)
{
	free(d->rep);
	d->rep = malloc(((size_t)d->n + 1) * sizeof(uint32_t));
	if (!d->rep)
		return NF_ENOMEM;
	for (uint32_t i = 0; i < d->n; i++)
		d->rep[i] = UINT32_MAX;
	for (uint32_t i = 0; i < d->n; i++) {
		uint32_t r = nf_uf_find(&d->uf, i);
		if (d->rep[r] == UINT32_MAX || better(d, i, d->rep[r]))
			d->rep[r] = i;
	}
	return 0;
}

uint32_t nf_dedup_representative(nf_dedup *d, uint32_t family)
{
	if (family >= d->n)
		return family;
	if (!d->rep && nf_dedup_finish(d))
		return family;
	return d->rep[nf_uf_find(&d->uf, family)];
}
