/* uf.h - union-find over dense indices (path halving; the smaller index becomes the root, so a
 * set is named by its smallest member). */
#ifndef NF_UF_H
#define NF_UF_H

#include "base.h"

typedef struct nf_uf {
	uint32_t *parent;
	size_t n, cap;
} nf_uf;

NF_INTERNAL int nf_uf_grow(nf_uf *u, size_t n); /* adds singletons up to n elements */
NF_INTERNAL void nf_uf_release(nf_uf *u);
NF_INTERNAL uint32_t nf_uf_find(nf_uf *u, uint32_t x);
NF_INTERNAL void nf_uf_union(nf_uf *u, uint32_t a, uint32_t b);

#endif
