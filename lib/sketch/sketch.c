/*
 * sketch.c - fingerprints of a cleaned document: word n-gram shingles, an exact content hash,
 * a MinHash signature and a SimHash.
 *
 * MinHash uses one-permutation hashing (Li, Owen, Zhang, NIPS 2012): every shingle is hashed
 * once; the high bits pick one of K bins, the low 32 bits compete for the bin's minimum. Bins
 * left empty are filled by optimal densification (Shrivastava, ICML 2017): an empty bin i draws
 * bins j = h(i, attempt) until it meets one that was filled by a shingle and takes its value, so
 * the estimator stays unbiased with a variance close to K independent permutations, at the cost
 * of one hash per shingle instead of K.
 *
 * Every constant below is part of the on-disk/over-the-wire meaning of a sketch: changing one
 * changes every signature. Known-answer tests in tests/unit/test_sketch.c pin them.
 */
#include "../base/base.h"

#include <math.h>
#include <pthread.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define DEFAULT_SEED  0x6E657773666F6C64ull /* "newsfold" */
#define DEFAULT_NGRAM 5
#define DEFAULT_K     128

struct nf_sketcher {
	nf_sketch_options opt;
	NF_VEC(uint64_t) tok;	/* token hashes of the content tokens */
	NF_VEC(uint64_t) sh;	/* shingle hashes, then the sorted distinct set */
	NF_VEC(uint32_t) sig;	/* k lanes */
	NF_VEC(uint8_t) filled; /* bins filled by a shingle (before densification) */
	NF_VEC(uint64_t) set;	/* hash set for distinct shingles when unsorted */
};

/* splitmix64's finaliser: a fixed bijection of 64-bit values */
static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int nf_sketcher_new(nf_sketcher **out, const nf_sketch_options *opt)
{
	nf_sketcher *s = calloc(1, sizeof(*s));
	if (!s)
		return NF_ENOMEM;
	if (opt)
		s->opt = *opt;
	if (!s->opt.ngram)
		s->opt.ngram = DEFAULT_NGRAM;
	if (!s->opt.k)
		s->opt.k = DEFAULT_K;
	if (!s->opt.seed)
		s->opt.seed = DEFAULT_SEED;
	if (s->opt.k > NF_SKETCH_MAX_K || s->opt.ngram > 64) {
		free(s);
		return NF_EINVAL;
	}
	if (NF_VEC_RESERVE(&s->sig, s->opt.k) || NF_VEC_RESERVE(&s->filled, s->opt.k)) {
		nf_sketcher_free(s);
		return NF_ENOMEM;
	}
	*out = s;
	return 0;
}

void nf_sketcher_free(nf_sketcher *s)
{
	if (!s)
		return;
	NF_VEC_FREE(&s->tok);
	NF_VEC_FREE(&s->sh);
	NF_VEC_FREE(&s->sig);
	NF_VEC_FREE(&s->filled);
	NF_VEC_FREE(&s->set);
	free(s);
}

/* Scripts written without spaces: one character is one "word" for shingling. */
static bool spaceless(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || /* hiragana, katakana */
	       (cp >= 0x0E00 && cp <= 0x0EFF) || /* Thai, Lao */
	       (cp >= 0x1780 && cp <= 0x17FF) || /* Khmer */
	       (cp >= 0x1000 && cp <= 0x109F);	 /* Myanmar */
}

static int push_hash(nf_sketcher *s, const char *p, size_t n)
{
	return NF_VEC_PUSH(&s->tok, XXH3_64bits_withSeed(p, n, s->opt.seed));
}

/* Token hashes of the content tokens; spaceless-script tokens split into characters. */
static int token_hashes(nf_sketcher *s, const nf_cleaned *c)
{
	s->tok.n = 0;
	for (size_t i = 0; i < c->n_tokens; i++) {
		const nf_token *t = &c->tokens[i];
		if (t->flags & NF_TOK_BOILER)
			continue;
		const char *p = c->norm + t->norm;
		size_t n = t->norm_len;
		uint32_t cp;
		int k = (unsigned char)p[0] >= 0x80
			    ? nf_utf8_decode((const unsigned char *)p, n, &cp)
			    : 0;
		if (k > 0 && spaceless(cp)) {
			for (size_t j = 0; j < n;) {
				int l = nf_utf8_decode((const unsigned char *)p + j, n - j, &cp);
				if (l <= 0)
					l = 1;
				if (push_hash(s, p + j, (size_t)l))
					return NF_ENOMEM;
				j += (size_t)l;
			}
			continue;
		}
		if (push_hash(s, p, n))
			return NF_ENOMEM;
	}
	return 0;
}

static int shingle(nf_sketcher *s)
{
	size_t n = s->opt.ngram, m = s->tok.n;
	s->sh.n = 0;
	if (m == 0)
		return 0;
	size_t w = m < n ? m : n, count = m - w + 1;
	if (NF_VEC_RESERVE(&s->sh, count))
		return NF_ENOMEM;
	uint64_t seed = s->opt.seed ^ 0x5348494E474C45ull; /* "SHINGLE" */
	for (size_t i = 0; i < count; i++)
		s->sh.a[i] = XXH3_64bits_withSeed(s->tok.a + i, w * sizeof(uint64_t), seed);
	s->sh.n = count;
	if (!s->opt.unsorted) {
		if (NF_VEC_RESERVE(&s->set, count) || nf_sort_u64_with(s->sh.a, count, s->set.a))
			return NF_ENOMEM;
		size_t u = 1;
		for (size_t i = 1; i < count; i++)
			if (s->sh.a[i] != s->sh.a[u - 1])
				s->sh.a[u++] = s->sh.a[i];
		s->sh.n = u;
		return 0;
	}
	/* distinct without sorting: an open-addressing set (0 marks a free slot; a shingle
	 * hash of 0 is kept aside) */
	size_t cap = 64;
	while (cap < count * 2)
		cap <<= 1;
	if (NF_VEC_RESERVE(&s->set, cap))
		return NF_ENOMEM;
	memset(s->set.a, 0, cap * sizeof(uint64_t));
	size_t u = 0;
	bool zero = false;
	for (size_t i = 0; i < count; i++) {
		uint64_t h = s->sh.a[i];
		if (h == 0) {
			if (!zero)
				s->sh.a[u++] = 0;
			zero = true;
			continue;
		}
		size_t j = (size_t)(h >> 7) & (cap - 1);
		while (s->set.a[j] && s->set.a[j] != h)
			j = (j + 1) & (cap - 1);
		if (!s->set.a[j]) {
			s->set.a[j] = h;
			s->sh.a[u++] = h; /* first sighting, in text order */
		}
	}
	s->sh.n = u;
	return 0;
}

static void minhash(nf_sketcher *s)
{
	unsigned k = s->opt.k;
	uint32_t *sig = s->sig.a;
	uint8_t *filled = s->filled.a;
	for (unsigned i = 0; i < k; i++) {
		sig[i] = NF_MINHASH_EMPTY;
		filled[i] = 0;
	}
	if (s->sh.n == 0)
		return;
	uint64_t seed = mix64(s->opt.seed ^ 0x4D494E48415348ull); /* "MINHASH" */
	for (size_t i = 0; i < s->sh.n; i++) {
		uint64_t v = mix64(s->sh.a[i] ^ seed);
		uint32_t bin = (uint32_t)(((v >> 32) * k) >> 32);
		uint32_t val = (uint32_t)v;
		if (!filled[bin] || val < sig[bin])
			sig[bin] = val;
		filled[bin] = 1;
	}
	/* optimal densification: an empty bin borrows from a bin drawn at random until it hits
	 * one filled by a shingle (never from a densified one) */
	uint64_t dseed = mix64(s->opt.seed ^ 0x44454E5345ull); /* "DENSE" */
	for (unsigned i = 0; i < k; i++) {
		if (filled[i])
			continue;
		for (uint32_t attempt = 0;; attempt++) {
			uint64_t v = mix64(dseed ^ ((uint64_t)i << 32 | attempt));
			uint32_t j = (uint32_t)(((v >> 32) * k) >> 32);
			if (filled[j]) {
				sig[i] = sig[j];
				break;
			}
		}
	}
}

/* SimHash by bit-sliced counting: byte_bits[b] spreads the 8 bits of b over 8 byte lanes, so
 * one 64-bit add counts 8 bits at once; lanes are flushed before they can overflow. */
static uint64_t byte_bits[256];
static pthread_once_t byte_bits_once = PTHREAD_ONCE_INIT;

static void fill_byte_bits(void)
{
	for (unsigned b = 0; b < 256; b++) {
		uint64_t v = 0;
		for (unsigned i = 0; i < 8; i++)
			v |= (uint64_t)((b >> i) & 1) << (8 * i);
		byte_bits[b] = v;
	}
}

static uint64_t simhash(const nf_sketcher *s)
{
	uint32_t ones[64] = {0};
	uint64_t lanes[8] = {0};
	uint64_t seed = mix64(s->opt.seed ^ 0x53494D48415348ull); /* "SIMHASH" */
	pthread_once(&byte_bits_once, fill_byte_bits);
	for (size_t i = 0; i < s->sh.n; i++) {
		uint64_t v = mix64(s->sh.a[i] ^ seed);
		for (int k = 0; k < 8; k++)
			lanes[k] += byte_bits[(v >> (8 * k)) & 0xFF];
		if ((i & 127) == 127 || i + 1 == s->sh.n) {
			for (int k = 0; k < 8; k++) {
				for (int bit = 0; bit < 8; bit++)
					ones[8 * k + bit] +=
					    (uint32_t)((lanes[k] >> (8 * bit)) & 0xFF);
				lanes[k] = 0;
			}
		}
	}
	/* bit b is set when more shingles have it set than not */
	uint64_t h = 0;
	for (int b = 0; b < 64; b++)
		if (2 * (size_t)ones[b] > s->sh.n)
			h |= 1ull << b;
	return h;
}

int nf_sketch_doc(nf_sketcher *s, const nf_cleaned *c, nf_sketch *out)
{
	int rc = token_hashes(s, c);
	if (rc == 0)
		rc = shingle(s);
	if (rc)
		return rc;
	minhash(s);
	/* the exact hash: 128 bits over the sequence of token hashes */
	XXH128_hash_t e = XXH3_128bits_withSeed(s->tok.a, s->tok.n * sizeof(uint64_t), s->opt.seed);
	*out = (nf_sketch){
	    .exact_hi = e.high64,
	    .exact_lo = e.low64,
	    .shingles = s->sh.a,
	    .n_shingles = s->sh.n,
	    .minhash = s->sig.a,
	    .k = s->opt.k,
	    .simhash = s->opt.no_simhash ? 0 : simhash(s),
	    .n_tokens = s->tok.n,
	};
	return 0;
}

double nf_minhash_similarity(const uint32_t *a, const uint32_t *b, unsigned k)
{
	unsigned eq = 0;
	if (k == 0 || (a[0] == NF_MINHASH_EMPTY && b[0] == NF_MINHASH_EMPTY))
		return 0;
	for (unsigned i = 0; i < k; i++)
		eq += a[i] == b[i];
	return (double)eq / k;
}

double nf_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, size_t *inter)
{
	size_t i = 0, j = 0, n = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			n++, i++, j++;
	}
	if (inter)
		*inter = n;
	size_t uni = na + nb - n;
	return uni ? (double)n / (double)uni : 0.0;
}

double nf_lsh_probability(double j, unsigned bands, unsigned rows)
{
	return 1.0 - pow(1.0 - pow(j, rows), bands);
}

/* Area under P from lo to hi (or under 1 - P when `miss`), by the midpoint rule. */
static double area(double lo, double hi, unsigned b, unsigned r, bool miss)
{
	const int steps = 200;
	double sum = 0, h = (hi - lo) / steps;
	for (int i = 0; i < steps; i++) {
		double p = nf_lsh_probability(lo + (i + 0.5) * h, b, r);
		sum += miss ? 1 - p : p;
	}
	return sum * h;
}

void nf_lsh_params(double threshold, unsigned k, unsigned *bands, unsigned *rows)
{
	double best = INFINITY;
	unsigned bb = 1, br = k ? k : 1;
	if (threshold < 0.01)
		threshold = 0.01;
	if (threshold > 0.99)
		threshold = 0.99;
	for (unsigned b = 1; b <= k; b++) {
		for (unsigned r = 1; b * r <= k; r++) {
			/* every candidate is verified exactly: a false positive costs time, a false
			 * negative loses a duplicate, so misses weigh 19 times as much */
			double err = 0.05 * area(0, threshold, b, r, false) +
				     0.95 * area(threshold, 1, b, r, true);
			if (err < best - 1e-12) {
				best = err;
				bb = b;
				br = r;
			}
		}
	}
	*bands = bb;
	*rows = br;
}
