/* uf.c - union-find (disjoint sets) with path halving and union by smallest index. */
#include "uf.h"

int nf_uf_grow(nf_uf *u, size_t n)
{
	if (nf_grow((void **)&u->parent, &u->cap, n, sizeof(uint32_t)))
		return NF_ENOMEM;
	for (size_t i = u->n; i < n; i++)
		u->parent[i] = (uint32_t)i;
	if (n > u->n)
		u->n = n;
	return 0;
}

void nf_uf_release(nf_uf *u)
{
	free(u->parent);
	u->parent = NULL;
	u->n = u->cap = 0;
}

uint32_t nf_uf_find(nf_uf *u, uint32_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]];
		x = u->parent[x];
	}
	return x;
}

void nf_uf_union(nf_uf *u, uint32_t a, uint32_t b)
{
	a = nf_uf_find(u, a);
	b = nf_uf_find(u, b);
	if (a == b)
		return;
	if (a < b)
		u->parent[b] = a;
	else
		u->parent[a] = b;
}
