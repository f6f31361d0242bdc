/* test_sketch.c - shingles, MinHash (OPH + optimal densification), SimHash, exact hash, LSH. */
#include "harness.h"

#include "newsfold.h"

#include <math.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static nf_cleaner *cl;
static nf_sketcher *sk;

/* Cleans and sketches text; copies what the caller keeps. */
static nf_sketch sketch_of(const char *text)
{
	nf_cleaned c;
	nf_sketch s;
	memset(&s, 0, sizeof(s));
	if (nf_clean(cl, text, strlen(text), &c) || nf_sketch_doc(sk, &c, &s))
		H_FAIL("sketch failed");
	return s;
}

/* A cleaned document built by hand, so that the known answers depend on the sketch alone. */
static nf_sketch sketch_words(const char *words, uint32_t boiler_every)
{
	static nf_token toks[256];
	static char norm[4096];
	size_t n = 0, len = strlen(words);
	memcpy(norm, words, len);
	for (size_t i = 0; i < len && n < 256;) {
		size_t j = i;
		while (j < len && words[j] != ' ')
			j++;
		uint32_t flags =
		    boiler_every && n % boiler_every == boiler_every - 1 ? NF_TOK_BOILER : 0;
		toks[n++] =
		    (nf_token){(uint32_t)i, (uint32_t)j, (uint32_t)i, (uint32_t)(j - i), flags};
		i = j + 1;
	}
	nf_cleaned c = {.tokens = toks, .n_tokens = n, .norm = norm, .norm_len = len};
	nf_sketch s;
	memset(&s, 0, sizeof(s));
	if (nf_sketch_doc(sk, &c, &s))
		H_FAIL("sketch failed");
	return s;
}

static const char kav_words[] =
    "the central bank cut its main rate by a quarter point on thursday its first cut this year "
    "and said more could follow if inflation keeps falling";

TEST(known_answers)
{
	/* These values define the sketch: they must never change between versions or machines. */
	nf_sketch s = sketch_words(kav_words, 0);
	CHECK_EQ_INT(s.n_tokens, 27);
	CHECK_EQ_INT(s.n_shingles, 23);
	CHECK_EQ_INT(s.k, 128);
	CHECK(s.exact_hi == 0x8c01dff0c867da09ull && s.exact_lo == 0x1a292658a9e462a2ull);
	CHECK(s.simhash == 0xa0c85ac69ff95c37ull);
	const uint64_t sh[3] = {0x047b8ca7c1cccc02ull, 0x1234fc487e39a20aull,
				0x18aa87d33163f6c1ull};
	CHECK(memcmp(s.shingles, sh, sizeof(sh)) == 0);
	const uint32_t mh[8] = {0x0176723e, 0x0219be72, 0x51906bf9, 0x5dc6be7b,
				0x35d6cfca, 0xcc495e7c, 0x5dc6be7b, 0xf1752c50};
	CHECK(memcmp(s.minhash, mh, sizeof(mh)) == 0);
	/* lanes 1 and 6 are densified copies: every lane is a shingle's value */
	for (unsigned i = 0; i < s.k; i++)
		CHECK(s.minhash[i] != NF_MINHASH_EMPTY);
	/* K = 1024 and another n give other, equally fixed, values */
	nf_sketcher *big;
	nf_sketch_options o = {.ngram = 3, .k = 1024};
	CHECK_EQ_INT(nf_sketcher_new(&big, &o), 0);
	nf_sketcher *keep = sk;
	sk = big;
	nf_sketch g = sketch_words(kav_words, 0);
	sk = keep;
	CHECK_EQ_INT(g.k, 1024);
	CHECK_EQ_INT(g.n_shingles, 25);
	CHECK(g.minhash[0] == 0xde8784c8u && g.minhash[1023] == 0x2193dc16u);
	nf_sketcher_free(big);
	/* unsorted sets: the same shingles, signature and hashes */
	nf_sketch_options uo = {.unsorted = true};
	nf_sketcher *un;
	CHECK_EQ_INT(nf_sketcher_new(&un, &uo), 0);
	sk = un;
	nf_sketch u = sketch_words(kav_words, 0);
	sk = keep;
	CHECK_EQ_INT(u.n_shingles, 23);
	CHECK(memcmp(u.minhash, mh, sizeof(mh)) == 0);
	CHECK(u.simhash == 0xa0c85ac69ff95c37ull && u.exact_hi == 0x8c01dff0c867da09ull);
	uint64_t sorted[64];
	memcpy(sorted, u.shingles, u.n_shingles * sizeof(uint64_t));
	for (size_t i = 1; i < u.n_shingles; i++) /* insertion sort, then the same set */
		for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			uint64_t tmp = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = tmp;
		}
	CHECK(memcmp(sorted, sh, sizeof(sh)) == 0);
	nf_sketcher_free(un);
	nf_sketch_options bad = {.k = 1025};
	CHECK_EQ_INT(nf_sketcher_new(&big, &bad), NF_EINVAL);
	/* boilerplate tokens are left out */
	nf_sketch b = sketch_words(kav_words, 3);
	CHECK_EQ_INT(b.n_tokens, 18);
}

TEST(jaccard_exact)
{
	uint64_t a[] = {1, 3, 5, 7, 9}, b[] = {3, 4, 5, 6, 7, 8};
	size_t inter;
	double j = nf_jaccard(a, N_OF(a), b, N_OF(b), &inter);
	CHECK_EQ_INT(inter, 3);
	CHECK(fabs(j - 3.0 / 8.0) < 1e-12);
	CHECK(nf_jaccard(a, 0, b, 0, NULL) == 0.0);
	CHECK(nf_jaccard(a, N_OF(a), a, N_OF(a), NULL) == 1.0);
}

TEST(short_and_empty_documents)
{
	nf_sketch s = sketch_of("Hello world.");
	CHECK_EQ_INT(s.n_shingles, 1); /* fewer tokens than n: one shingle of all */
	for (unsigned i = 1; i < s.k; i++)
		if (s.minhash[i] != s.minhash[0]) {
			H_FAIL("a one-shingle document has one value in every lane");
			break;
		}
	CHECK(s.minhash[0] != NF_MINHASH_EMPTY || s.minhash[1] != NF_MINHASH_EMPTY);
	s = sketch_of("... !!!");
	CHECK_EQ_INT(s.n_shingles, 0);
	CHECK_EQ_INT(s.minhash[0], NF_MINHASH_EMPTY);
}

TEST(boilerplate_and_case_do_not_matter)
{
	const char *a = "The quick brown fox jumps over the lazy dog near the river bank today.";
	const char *b = "By Jane Doe\n\nTHE QUICK brown fox jumps over the lazy dog near the river "
			"bank today!\n\nFollow us on Twitter for more";
	nf_sketch sa = sketch_of(a);
	uint64_t hi = sa.exact_hi, lo = sa.exact_lo, sim = sa.simhash;
	uint32_t lanes[128];
	memcpy(lanes, sa.minhash, sizeof(lanes));
	nf_sketch sb = sketch_of(b);
	CHECK(sb.exact_hi == hi && sb.exact_lo == lo);
	CHECK(sb.simhash == sim);
	CHECK(memcmp(lanes, sb.minhash, sizeof(lanes)) == 0);
}

TEST(cjk_gets_character_ngrams)
{
	nf_sketch s = sketch_of("国家主席表示双方将继续加强合作");
	CHECK_EQ_INT(s.n_tokens, 15);
	CHECK_EQ_INT(s.n_shingles, 11);
	s = sketch_of("ภาษาไทยไม่มีช่องว่าง");
	CHECK(s.n_tokens > 10);
}

/* A random document of `n` words drawn from a vocabulary. */
static void random_doc(uint64_t *seed, size_t n, nf_buf *b)
{
	static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
					  "pe", "da", "gu", "zo", "fi", "ha", "bo", "ye"};
	for (size_t i = 0; i < n; i++) {
		int len = 1 + (int)(h_rand(seed) % 3);
		for (int k = 0; k < len; k++) {
			const char *p = syl[h_rand(seed) % N_OF(syl)];
			nf_buf_append(b, p, 2);
		}
		nf_buf_append(b, " ", 1);
	}
}

TEST(estimate_within_binomial_bounds)
{
	/* Pairs with planted overlap: B = a mutated copy of A (word substitutions, cuts). For each
	 * pair, the signature estimate against the exact Jaccard J of the shingle sets. With K
	 * independent lanes the number of equal lanes is binomial: the estimate has standard
	 * deviation sd = sqrt(J (1 - J) / K) (one-permutation hashing with densification is at
	 * most that). So z = (estimate - J) / sd is about standard normal: every pair within 4.5 sd
	 * (+ one lane for rounding; P(|z| > 4.5) = 7e-6), at most 1% beyond 3 sd (0.27% expected:
	 * 4 of 1500), and no bias: the mean z within 0.1 (4 standard errors of 1500 pairs). */
	uint64_t seed = 42;
	nf_buf a, b;
	nf_buf_init(&a);
	nf_buf_init(&b);
	int pairs = 0, over3 = 0, over45 = 0;
	double zsum = 0, zmax = 0;
	uint64_t *sa = malloc(20000 * sizeof(uint64_t));
	uint32_t siga[128];
	for (int p = 0; p < 1500; p++) {
		nf_buf_reset(&a);
		nf_buf_reset(&b);
		size_t words = 100 + h_rand(&seed) % 700;
		random_doc(&seed, words, &a);
		/* mutate: replace a share of the words */
		double rate = (double)(h_rand(&seed) % 60) / 100.0;
		const char *p0 = a.data, *end = a.data + a.len;
		while (p0 < end) {
			const char *sp = memchr(p0, ' ', (size_t)(end - p0));
			size_t wl = (size_t)(sp - p0);
			if ((double)(h_rand(&seed) % 1000) / 1000.0 < rate)
				random_doc(&seed, 1, &b);
			else {
				nf_buf_append(&b, p0, wl);
				nf_buf_append(&b, " ", 1);
			}
			p0 = sp + 1;
		}
		nf_cleaned c;
		nf_sketch s;
		if (nf_clean(cl, a.data, a.len, &c) || nf_sketch_doc(sk, &c, &s))
			break;
		size_t na = s.n_shingles;
		memcpy(sa, s.shingles, na * sizeof(uint64_t));
		memcpy(siga, s.minhash, sizeof(siga));
		if (nf_clean(cl, b.data, b.len, &c) || nf_sketch_doc(sk, &c, &s))
			break;
		double j = nf_jaccard(sa, na, s.shingles, s.n_shingles, NULL);
		double est = nf_minhash_similarity(siga, s.minhash, 128);
		double sd = sqrt(j * (1 - j) / 128.0), d = fabs(est - j);
		pairs++;
		over45 += d > 4.5 * sd + 1.0 / 128;
		over3 += d > 3 * sd + 1.0 / 128;
		if (sd > 0) {
			zsum += (est - j) / sd;
			zmax = d / sd > zmax ? d / sd : zmax;
		}
	}
	printf("estimate vs exact Jaccard, %d pairs: beyond 3 sd %d, beyond 4.5 sd %d, largest |z| "
	       "%.2f, mean z %.3f\n",
	       pairs, over3, over45, zmax, zsum / pairs);
	CHECK_EQ_INT(pairs, 1500);
	CHECK_EQ_INT(over45, 0);
	CHECK(over3 <= pairs / 100);
	CHECK(fabs(zsum / pairs) <= 0.1);
	free(sa);
	nf_buf_release(&a);
	nf_buf_release(&b);
}

TEST(lsh_parameters)
{
	unsigned b, r;
	nf_lsh_params(0.8, 128, &b, &r);
	printf("threshold 0.8, K 128: %u bands x %u rows\n", b, r);
	CHECK(b * r <= 128);
	CHECK_EQ_INT(b, 16);
	CHECK_EQ_INT(r, 8);
	CHECK(nf_lsh_probability(0.85, b, r) > 0.99);
	CHECK(nf_lsh_probability(0.4, b, r) < 0.05);
	double last = 0;
	for (int i = 0; i <= 20; i++) {
		double p = nf_lsh_probability(i / 20.0, b, r);
		CHECK(p >= last - 1e-12);
		last = p;
	}
	for (double t = 0.5; t < 0.96; t += 0.1) {
		nf_lsh_params(t, 128, &b, &r);
		if (nf_lsh_probability(t + 0.05, b, r) < 0.98)
			H_FAIL("threshold %.1f: %u x %u finds J = t + 0.05 with p %.4f", t, b, r,
			       nf_lsh_probability(t + 0.05, b, r));
	}
}

int main(void)
{
	nf_cleaner_new(&cl, NULL);
	nf_sketcher_new(&sk, NULL);
	RUN(known_answers);
	RUN(jaccard_exact);
	RUN(short_and_empty_documents);
	RUN(boilerplate_and_case_do_not_matter);
	RUN(cjk_gets_character_ngrams);
	RUN(estimate_within_binomial_bounds);
	RUN(lsh_parameters);
	nf_sketcher_free(sk);
	nf_cleaner_free(cl);
	return harness_report();
}
