/*
 * base.h - internal foundations shared by every stage: allocation helpers, growable arrays,
 * a hash set of 128-bit keys, a fixed thread pool and small string helpers. Depends on nothing
 * but libc, pthreads and xxhash.
 */
#ifndef NF_BASE_H
#define NF_BASE_H

#include "newsfold.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define NF_INTERNAL	__attribute__((visibility("hidden")))
#define NF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NF_MIN(a, b)	((a) < (b) ? (a) : (b))
#define NF_MAX(a, b)	((a) > (b) ? (a) : (b))
#define NF_LIKELY(x)	__builtin_expect(!!(x), 1)
#define NF_UNLIKELY(x)	__builtin_expect(!!(x), 0)

/* Grows *p (an array of elements of size `size`) to hold at least `need` elements. */
NF_INTERNAL int nf_grow(void **p, size_t *cap, size_t need, size_t size);

/* A growable array of T: NF_VEC(T) v = {0}; NF_VEC_PUSH(&v, x) returns 0 or NF_ENOMEM. */
#define NF_VEC(T)                                                                                  \
	struct {                                                                                   \
		T *a;                                                                              \
		size_t n, cap;                                                                     \
	}
#define NF_VEC_RESERVE(v, need)                                                                    \
	((need) <= (v)->cap ? 0 : nf_grow((void **)&(v)->a, &(v)->cap, (need), sizeof(*(v)->a)))
#define NF_VEC_PUSH(v, x)                                                                          \
	(NF_VEC_RESERVE((v), (v)->n + 1) ? NF_ENOMEM : ((v)->a[(v)->n++] = (x), 0))
#define NF_VEC_FREE(v) (free((v)->a), (v)->a = NULL, (v)->n = (v)->cap = 0)

/* Appends a C string. */
static inline int nf_buf_puts(nf_buf *b, const char *s)
{
	return nf_buf_append(b, s, strlen(s));
}
/* Appends printf-formatted text (whole, however long). 0 or NF_ENOMEM. */
NF_INTERNAL int nf_buf_printf(nf_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* qsort comparison of int64_t. */
NF_INTERNAL int nf_cmp_i64(const void *x, const void *y);

/* nf_buf_append with an inline fast path for the common case of enough room. */
static inline int nf_buf_put(nf_buf *b, const void *p, size_t n)
{
	if (NF_LIKELY(b->cap - b->len >= n && b->data)) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		return 0;
	}
	return nf_buf_append(b, p, n);
}

/* printf into a fixed buffer, always NUL-terminated, truncating. */
NF_INTERNAL void nf_fmt(char *dst, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

NF_INTERNAL void nf_error_set(nf_error *e, int code, const char *file, uint64_t line,
			      uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* SHA-256 of n bytes. */
NF_INTERNAL void nf_sha256(const void *data, size_t n, unsigned char out[32]);

/* Threads to use when asked for n (0 or less: one per core, at most 256). */
NF_INTERNAL int nf_threads(int n);
/* An unlinked temporary file in dir (NULL: $TMPDIR, else /tmp), open for reading and writing: 0,
 * NF_EINVAL (a path too long) or NF_EIO. */
NF_INTERNAL int nf_tmpfile(const char *dir, FILE **out);
/* Where temporary files go when no directory is given: $TMPDIR, else /tmp. */
NF_INTERNAL const char *nf_tmp_dir(void);

/* Sorts n 64-bit keys: a radix sort through a scratch array of n keys when one can be had, else
 * in place (slower, no extra memory). 0 or NF_ENOMEM. */
NF_INTERNAL int nf_sort_u64(uint64_t *k, size_t n);
/* The same with the caller's scratch array of n keys. */
NF_INTERNAL int nf_sort_u64_with(uint64_t *k, size_t n, uint64_t *scratch);

/*
 * Sorted runs of 64-bit keys in an unlinked temporary file, merged back in order: an external
 * sort. nf_runs_put sorts the keys given (in place) and appends them as one run (NF_EIO: the
 * disk). A merge reads every run through a buffer of mem / runs bytes (at least 4 KB) and hands
 * out all keys in ascending order, equal keys in run order: nf_runs_merge_next gives 1 and
 * *key, 0 at the end, or NF_EIO.
 */
typedef struct nf_runs nf_runs;
typedef struct nf_runs_merge nf_runs_merge;
NF_INTERNAL int nf_runs_new(nf_runs **out, const char *tmp_dir);
NF_INTERNAL void nf_runs_free(nf_runs *r);
NF_INTERNAL int nf_runs_put(nf_runs *r, uint64_t *k, size_t n);
NF_INTERNAL size_t nf_runs_count(const nf_runs *r);
NF_INTERNAL uint64_t nf_runs_keys(const nf_runs *r);
NF_INTERNAL int nf_runs_merge_open(nf_runs *r, size_t mem, nf_runs_merge **out);
NF_INTERNAL int nf_runs_merge_next(nf_runs_merge *m, uint64_t *key);
NF_INTERNAL void nf_runs_merge_close(nf_runs_merge *m);

/* 64-bit hash (XXH3, seeded). */
NF_INTERNAL uint64_t nf_hash64(const void *p, size_t n, uint64_t seed);

/*
 * Set of 128-bit keys (open addressing, linear probing). Key (0,0) is reserved as empty; callers
 * hash into it, so a real key of (0,0) is remapped to (0,1).
 */
typedef struct nf_set128 {
	uint64_t *k; /* 2 words per slot */
	size_t n, mask;
} nf_set128;
NF_INTERNAL int nf_set128_init(nf_set128 *s, size_t hint);
NF_INTERNAL void nf_set128_release(nf_set128 *s);
/* 1 if inserted, 0 if present, NF_ENOMEM. */
NF_INTERNAL int nf_set128_add(nf_set128 *s, uint64_t a, uint64_t b);

/* UTF-8: decode one code point at s[0..n). Returns its length (1-4) and *cp, or 0 if invalid
 * (then *cp is undefined and the caller should consume nf_utf8_bad_len() bytes). */
NF_INTERNAL int nf_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
NF_INTERNAL size_t nf_utf8_bad_len(const unsigned char *s, size_t n);
NF_INTERNAL int nf_utf8_encode(uint32_t cp, char out[4]);
/* Length of the longest valid UTF-8 prefix. */
NF_INTERNAL size_t nf_utf8_valid_prefix(const char *s, size_t n);

#endif
