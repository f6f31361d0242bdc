/* buf.c - growable byte buffer and growable-array helper. Growth is geometric (x1.5 + 64). */
#include "base.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

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

int nf_buf_printf(nf_buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	if ((size_t)n < sizeof(tmp))
		return nf_buf_append(b, tmp, (size_t)n);
	if (nf_buf_reserve(b, (size_t)n + 1))
		return NF_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int nf_cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}
