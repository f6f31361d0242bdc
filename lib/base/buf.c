/* buf.c - growable byte buffer and growable-array helper. Growth is geometric (x1.5 + 64). */
#include "base.h"

#include <stdint.h>

int nf_grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap + *cap / 2 + 16;
	if (ncap < need)
		ncap = need;
	if (ncap > SIZE_MAX / size)
		return NF_ENOMEM;
	void *q = realloc(*p, ncap * size);
	if (!q)
		return NF_ENOMEM;
	*p = q;
	*cap = ncap;
	return 0;
}

void nf_buf_init(nf_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

void nf_buf_release(nf_buf *b)
{
	if (!b)
		return;
	free(b->data);
	nf_buf_init(b);
}

void nf_buf_reset(nf_buf *b)
{
	b->len = 0;
	b->oom = false;
}

int nf_buf_reserve(nf_buf *b, size_t n)
{
	if (b->cap - b->len >= n && b->data)
		return 0;
	if (n > SIZE_MAX - b->len - 64 || nf_grow((void **)&b->data, &b->cap, b->len + n + 64, 1)) {
		b->oom = true;
		return NF_ENOMEM;
	}
	return 0;
}

int nf_buf_append(nf_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n) {
		if (n > SIZE_MAX - b->len - 64 ||
		    nf_grow((void **)&b->data, &b->cap, b->len + n + 64, 1)) {
			b->oom = true;
			return NF_ENOMEM;
		}
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}
