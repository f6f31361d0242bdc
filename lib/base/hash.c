/* hash.c - XXH3 wrappers and a set of 128-bit keys (open addressing, linear probing, load <= 1/2).
 */
#include "base.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

uint64_t nf_hash64(const void *p, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

int nf_set128_init(nf_set128 *s, size_t hint)
{
	size_t cap = 64;
	while (cap < hint * 2)
		cap <<= 1;
	s->k = calloc(cap * 2, sizeof(uint64_t));
	if (!s->k)
		return NF_ENOMEM;
	s->n = 0;
	s->mask = cap - 1;
	return 0;
}

void nf_set128_release(nf_set128 *s)
{
	free(s->k);
	s->k = NULL;
	s->n = s->mask = 0;
}

static int set128_put(uint64_t *k, size_t mask, uint64_t a, uint64_t b)
{
	size_t i = (size_t)(a ^ (b * 0x9E3779B97F4A7C15ull)) & mask;
	for (;;) {
		uint64_t *slot = k + 2 * i;
		if (slot[0] == 0 && slot[1] == 0) {
			slot[0] = a;
			slot[1] = b;
			return 1;
		}
		if (slot[0] == a && slot[1] == b)
			return 0;
		i = (i + 1) & mask;
	}
}

int nf_set128_add(nf_set128 *s, uint64_t a, uint64_t b)
{
	if (a == 0 && b == 0)
		b = 1;
	if ((s->n + 1) * 2 > s->mask + 1) {
		size_t ncap = (s->mask + 1) * 2;
		uint64_t *nk = calloc(ncap * 2, sizeof(uint64_t));
		if (!nk)
			return NF_ENOMEM;
		for (size_t i = 0; i <= s->mask; i++)
			if (s->k[2 * i] || s->k[2 * i + 1])
				set128_put(nk, ncap - 1, s->k[2 * i], s->k[2 * i + 1]);
		free(s->k);
		s->k = nk;
		s->mask = ncap - 1;
	}
	int r = set128_put(s->k, s->mask, a, b);
	s->n += (size_t)r;
	return r;
}

struct nf_idset {
	nf_set128 set;
};

int nf_idset_new(nf_idset **out)
{
	nf_idset *s = calloc(1, sizeof(*s));
	if (!s || nf_set128_init(&s->set, 1024)) {
		free(s);
		return NF_ENOMEM;
	}
	*out = s;
	return 0;
}

void nf_idset_free(nf_idset *s)
{
	if (!s)
		return;
	nf_set128_release(&s->set);
	free(s);
}

int nf_idset_add(nf_idset *s, const char *id, size_t n)
{
	XXH128_hash_t h = XXH3_128bits(id, n);
	return nf_set128_add(&s->set, h.high64, h.low64);
}
