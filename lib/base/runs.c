/*
 * runs.c - sorting 64-bit keys in memory, and sorted runs of them on disk merged back in order
 * (an external sort), for indexes that must not hold everything in memory at once.
 *
 * In memory: an in-place MSD radix sort (American flag sort), no scratch array.
 * On disk: every run is a sorted array of keys appended to one unlinked temporary file; a merge
 * reads each run through its own buffer (the memory given, shared among the runs) and takes the
 * smallest head from a binary heap, so a merge costs log(runs) comparisons a key and one
 * sequential read of the file.
 */
#include "base.h"

#include <errno.h>
#include <unistd.h>

/* --- in memory -------------------------------------------------------------------------------- */

static void insertion_sort(uint64_t *k, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = k[i];
		size_t j = i;
		for (; j > 0 && k[j - 1] > x; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

/*
 * The digit of `bits` bits at `shift` places every key into its bucket by cycle leading, then
 * each bucket is sorted on the next 8 bits; small buckets by insertion.
 */
static void flag_sort(uint64_t *k, size_t n, int shift, int bits, size_t *cnt)
{
	if (n <= 32) {
		insertion_sort(k, n);
		return;
	}
	size_t nb = (size_t)1 << bits, *head = cnt + nb, *next = head + nb + 1;
	uint64_t mask = nb - 1;
	memset(cnt, 0, nb * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		cnt[(k[i] >> shift) & mask]++;
	size_t sum = 0;
	for (size_t b = 0; b < nb; b++) {
		head[b] = next[b] = sum;
		sum += cnt[b];
	}
	head[nb] = n;
	for (size_t b = 0; b < nb; b++) {
		size_t end = head[b + 1];
		while (next[b] < end) {
			uint64_t x = k[next[b]];
			size_t d = (size_t)((x >> shift) & mask);
			while (d != b) {
				uint64_t y = k[next[d]];
				k[next[d]++] = x;
				x = y;
				d = (size_t)((x >> shift) & mask);
			}
			k[next[b]++] = x;
		}
	}
	if (shift == 0)
		return;
	/* recurse with the 8-bit level's own counters (below this level's in cnt) */
	int nshift = shift >= 8 ? shift - 8 : 0, nbits = shift >= 8 ? 8 : shift;
	size_t *sub = next + nb;
	for (size_t b = 0; b < nb; b++)
		if (head[b + 1] - head[b] > 1)
			flag_sort(k + head[b], head[b + 1] - head[b], nshift, nbits, sub);
}

/*
 * LSD radix sort through a scratch array of n keys: 11-bit digits, six passes at most, one pass
 * to count them all; a digit that every key shares is skipped (the high bits of small document
 * numbers). Each pass reads the keys in order and writes 2048 streams: a few nanoseconds a key
 * where the in-place sort's cycle leading misses the cache on nearly every move.
 */
#define DIGIT_BITS 11
#define DIGITS	   6
#define BUCKETS	   (1u << DIGIT_BITS)

static void lsd_sort(uint64_t *k, uint64_t *tmp, size_t n, size_t (*cnt)[BUCKETS])
{
	memset(cnt, 0, DIGITS * sizeof(*cnt));
	for (size_t i = 0; i < n; i++) {
		uint64_t x = k[i];
		for (int d = 0; d < DIGITS; d++)
			cnt[d][(x >> (d * DIGIT_BITS)) & (BUCKETS - 1)]++;
	}
	uint64_t *src = k, *dst = tmp;
	for (int d = 0; d < DIGITS; d++) {
		size_t *c = cnt[d], sum = 0;
		int shift = d * DIGIT_BITS;
		if (c[(src[0] >> shift) & (BUCKETS - 1)] == n)
			continue; /* one value of this digit: nothing moves */
		for (unsigned b = 0; b < BUCKETS; b++) {
			size_t t = c[b];
			c[b] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t x = src[i];
			dst[c[(x >> shift) & (BUCKETS - 1)]++] = x;
		}
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof(uint64_t));
}

/* The same with 8-bit digits and counters on the stack, for arrays that fit in the cache (a
 * document's shingles): eight passes at most, no allocation. */
static void lsd_sort_small(uint64_t *k, uint64_t *tmp, uint32_t n)
{
	uint32_t cnt[8][256];
	memset(cnt, 0, sizeof(cnt));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t x = k[i];
		for (int d = 0; d < 8; d++)
			cnt[d][(x >> (8 * d)) & 255]++;
	}
	uint64_t *src = k, *dst = tmp;
	for (int d = 0; d < 8; d++) {
		uint32_t *c = cnt[d], sum = 0;
		int shift = 8 * d;
		if (c[(src[0] >> shift) & 255] == n)
			continue;
		for (unsigned b = 0; b < 256; b++) {
			uint32_t t = c[b];
			c[b] = sum;
			sum += t;
		}
		for (uint32_t i = 0; i < n; i++) {
			uint64_t x = src[i];
			dst[c[(x >> shift) & 255]++] = x;
		}
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof(uint64_t));
}

int nf_sort_u64_with(uint64_t *k, size_t n, uint64_t *scratch)
{
	if (n < 64) {
		insertion_sort(k, n);
		return 0;
	}
	if (n < (1u << 16)) {
		lsd_sort_small(k, scratch, (uint32_t)n);
		return 0;
	}
	size_t(*cnt)[BUCKETS] = malloc(DIGITS * sizeof(*cnt));
	if (!cnt)
		return NF_ENOMEM;
	lsd_sort(k, scratch, n, cnt);
	free(cnt);
	return 0;
}

int nf_sort_u64(uint64_t *k, size_t n)
{
	if (n < 64) {
		insertion_sort(k, n);
		return 0;
	}
	uint64_t *tmp = malloc(n * sizeof(uint64_t));
	if (tmp) {
		int rc = nf_sort_u64_with(k, n, tmp);
		free(tmp);
		if (!rc)
			return 0;
	}
	/* no room for a scratch array: in place. Counters: 3 x 65537 for the 16-bit top level,
	 * then 3 x 257 per 8-bit level below */
	size_t *cnt = malloc((3 * 65537 + 7 * 3 * 257) * sizeof(size_t));
	if (!cnt)
		return NF_ENOMEM;
	flag_sort(k, n, 48, 16, cnt);
	free(cnt);
	return 0;
}

/* --- on disk ------------------------------------------------------------------------------------
 */

struct nf_runs {
	FILE *f;
	NF_VEC(uint64_t) end; /* run i holds keys [end[i-1], end[i]) of the file */
	uint64_t keys;
};

int nf_runs_new(nf_runs **out, const char *tmp_dir)
{
	*out = NULL;
	nf_runs *r = calloc(1, sizeof(*r));
	if (!r)
		return NF_ENOMEM;
	int rc = nf_tmpfile(tmp_dir, &r->f);
	if (rc) {
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void nf_runs_free(nf_runs *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	NF_VEC_FREE(&r->end);
	free(r);
}

size_t nf_runs_count(const nf_runs *r)
{
	return r ? r->end.n : 0;
}

uint64_t nf_runs_keys(const nf_runs *r)
{
	return r ? r->keys : 0;
}

int nf_runs_put(nf_runs *r, uint64_t *k, size_t n)
{
	if (n == 0)
		return 0;
	if (NF_VEC_RESERVE(&r->end, r->end.n + 1) || nf_sort_u64(k, n))
		return NF_ENOMEM;
	if (fwrite(k, sizeof(uint64_t), n, r->f) != n || fflush(r->f))
		return NF_EIO; /* a full disk: the caller says where */
	r->keys += n;
	r->end.a[r->end.n++] = r->keys;
	return 0;
}

typedef struct reader {
	uint64_t pos, end; /* keys of the file still to load: [pos, end) */
	uint64_t *buf;
	size_t i, n; /* buf[i .. n) not yet taken */
} reader;

struct nf_runs_merge {
	int fd;
	reader *rd;
	size_t per;	    /* keys a reader's buffer holds */
	uint32_t *heap, nh; /* readers by their head key */
	uint64_t *mem;
};

static int refill(nf_runs_merge *m, reader *rd)
{
	size_t want = (size_t)NF_MIN((uint64_t)m->per, rd->end - rd->pos);
	rd->i = rd->n = 0;
	size_t got = 0;
	char *dst = (char *)rd->buf;
	while (got < want * sizeof(uint64_t)) {
		ssize_t k = pread(m->fd, dst + got, want * sizeof(uint64_t) - got,
				  (off_t)(rd->pos * sizeof(uint64_t) + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return NF_EIO;
		got += (size_t)k;
	}
	rd->pos += want;
	rd->n = want;
	return 0;
}

static inline uint64_t head_of(const nf_runs_merge *m, uint32_t x)
{
	const reader *rd = &m->rd[x];
	return rd->buf[rd->i];
}

/* Moves heap slot i down to its place. Ties go to the earlier run, so equal keys come out in
 * run order. */
static void sift_down(nf_runs_merge *m, uint32_t i)
{
	uint32_t *h = m->heap, n = m->nh;
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, s = i;
		if (l < n && (head_of(m, h[l]) < head_of(m, h[s]) ||
			      (head_of(m, h[l]) == head_of(m, h[s]) && h[l] < h[s])))
			s = l;
		if (r < n && (head_of(m, h[r]) < head_of(m, h[s]) ||
			      (head_of(m, h[r]) == head_of(m, h[s]) && h[r] < h[s])))
			s = r;
		if (s == i)
			return;
		uint32_t t = h[i];
		h[i] = h[s];
		h[s] = t;
		i = s;
	}
}

int nf_runs_merge_open(nf_runs *r, size_t mem, nf_runs_merge **out)
{
	*out = NULL;
	if (r->f && fflush(r->f))
		return NF_EIO;
	nf_runs_merge *m = calloc(1, sizeof(*m));
	size_t k = r->end.n;
	if (!m)
		return NF_ENOMEM;
	m->fd = r->f ? fileno(r->f) : -1;
	/* at least 512 keys (4 KB) a run, whatever the budget */
	m->per = k ? NF_MAX(mem / sizeof(uint64_t) / k, (size_t)512) : 1;
	m->rd = calloc(k ? k : 1, sizeof(reader));
	m->heap = calloc(k ? k : 1, sizeof(uint32_t));
	m->mem = k ? malloc(k * m->per * sizeof(uint64_t)) : NULL;
	if (!m->rd || !m->heap || (k && !m->mem)) {
		nf_runs_merge_close(m);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < k; i++) {
		reader *rd = &m->rd[i];
		rd->pos = i ? r->end.a[i - 1] : 0;
		rd->end = r->end.a[i];
		rd->buf = m->mem + i * m->per;
		int rc = refill(m, rd);
		if (rc) {
			nf_runs_merge_close(m);
			return rc;
		}
		if (rd->n)
			m->heap[m->nh++] = (uint32_t)i;
	}
	for (uint32_t i = m->nh / 2; i-- > 0;)
		sift_down(m, i);
	*out = m;
	return 0;
}

int nf_runs_merge_next(nf_runs_merge *m, uint64_t *key)
{
	if (m->nh == 0)
		return 0;
	uint32_t x = m->heap[0];
	reader *rd = &m->rd[x];
	*key = rd->buf[rd->i++];
	if (rd->i == rd->n) {
		if (rd->pos < rd->end) {
			int rc = refill(m, rd);
			if (rc)
				return rc;
		}
		if (rd->i == rd->n) /* the run is done */
			m->heap[0] = m->heap[--m->nh];
	}
	if (m->nh)
		sift_down(m, 0);
	return 1;
}

void nf_runs_merge_close(nf_runs_merge *m)
{
	if (!m)
		return;
	free(m->rd);
	free(m->heap);
	free(m->mem);
	free(m);
}
