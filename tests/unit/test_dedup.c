/*
 * test_dedup.c - the near-duplicate index against brute force: on a generated corpus with
 * planted near duplicates (word edits, trims, added paragraphs), every pair with exact Jaccard
 * >= threshold + 0.05 must be found (recall >= 0.99), nf_jaccard must give every candidate the
 * Jaccard similarity the brute force counts, and no family may join copies of two originals.
 * Plus families, representatives and the pathological cases.
 */
#include "harness.h"

#include "newsfold.h"

#include <math.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static nf_cleaner *cl;
static nf_sketcher *sk;

typedef struct set {
	uint64_t *a;
	size_t n;
} set;

static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "pe", "da",
				  "gu", "zo", "fi", "ha", "bo", "ye", "wu", "xi", "ce", "jo"};

static void word(uint64_t *seed, nf_buf *b)
{
	int len = 2 + (int)(h_rand(seed) % 3);
	for (int k = 0; k < len; k++)
		nf_buf_append(b, syl[h_rand(seed) % N_OF(syl)], 2);
	nf_buf_append(b, " ", 1);
}

/* A variant of src: each word replaced with probability `edit`, maybe trimmed, maybe extended. */
static void variant(uint64_t *seed, const nf_buf *src, double edit, nf_buf *out)
{
	const char *p = src->data, *end = src->data + src->len;
	size_t words = 0, total = 0;
	for (const char *q = p; q < end; q++)
		total += *q == ' ';
	size_t keep = h_rand(seed) % 4 == 0 ? total * (80 + h_rand(seed) % 20) / 100 : total;
	while (p < end && words < keep) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		if ((double)(h_rand(seed) % 10000) / 10000.0 < edit)
			word(seed, out);
		else
			nf_buf_append(out, p, (size_t)(sp - p) + 1);
		p = sp + 1;
		words++;
	}
	if (h_rand(seed) % 4 == 0) /* an added paragraph */
		for (int i = 0; i < 30; i++)
			word(seed, out);
}

static int cmp_post(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	if (a != b)
		return a < b ? -1 : 1;
	uint32_t da = ((const uint32_t *)x)[2], db = ((const uint32_t *)y)[2];
	return da < db ? -1 : da > db;
}

static set shingles_of(const char *text, size_t n, nf_sketch *s)
{
	nf_cleaned c;
	set r = {0};
	if (nf_clean(cl, text, n, &c) || nf_sketch_doc(sk, &c, s)) {
		H_FAIL("sketch failed");
		return r;
	}
	r.n = s->n_shingles;
	r.a = malloc((r.n + 1) * sizeof(uint64_t));
	memcpy(r.a, s->shingles, r.n * sizeof(uint64_t));
	return r;
}

TEST(recall_and_precision_against_brute_force)
{
	enum { ORIG = 800, COPIES = 4 };
	const double t = 0.8;
	uint64_t seed = 7;
	size_t n = ORIG * (1 + COPIES);
	set *sets = calloc(n, sizeof(set));
	nf_dedup *d;
	CHECK_EQ_INT(nf_dedup_new(&d, NULL, 128), 0);
	nf_buf orig, doc;
	nf_buf_init(&orig);
	nf_buf_init(&doc);
	struct cand_j {
		uint32_t a, b;
		double j; /* nf_jaccard */
	} *cj = NULL;
	size_t n_cj = 0, cap_cj = 0;
	size_t i = 0;
	for (int o = 0; o < ORIG; o++) {
		nf_buf_reset(&orig);
		size_t words = 150 + h_rand(&seed) % 400;
		for (size_t w = 0; w < words; w++)
			word(&seed, &orig);
		for (int c = 0; c <= COPIES; c++, i++) {
			nf_buf_reset(&doc);
			if (c == 0)
				nf_buf_append(&doc, orig.data, orig.len);
			else { /* 1-20% word edits, more of them light */
				double u = (double)(h_rand(&seed) % 1000) / 1000.0;
				variant(&seed, &orig, 0.01 + 0.19 * u * u, &doc);
			}
			nf_sketch s;
			sets[i] = shingles_of(doc.data, doc.len, &s);
			const nf_candidate *cand;
			size_t nc;
			CHECK_EQ_INT(nf_dedup_add(d, &s, NF_NO_DATE, doc.len, &cand, &nc), 0);
			for (size_t k = 0; k < nc; k++) {
				CHECK(cand[k].a < cand[k].b && cand[k].b == i);
				double j = nf_jaccard(sets[cand[k].a].a, sets[cand[k].a].n,
						      sets[i].a, sets[i].n, NULL);
				if (n_cj == cap_cj)
					cj = realloc(cj, (cap_cj = cap_cj ? 2 * cap_cj : 1024) *
							     sizeof(*cj));
				cj[n_cj++] = (struct cand_j){cand[k].a, (uint32_t)i, j};
				if (j >= t) /* verification */
					nf_dedup_link(d, cand[k].a, (uint32_t)i);
			}
		}
	}
	/* Exact Jaccard of every pair (all pairs that share no shingle have J = 0): postings of
	 * each shingle, intersections counted pair by pair. A pair is found when dedup puts both
	 * documents in one family (copies of an exact duplicate link through the first of them). */
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += sets[k].n;
	struct post {
		uint64_t h;
		uint32_t doc;
	} *post = malloc(total * sizeof(*post));
	size_t np = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t x = 0; x < sets[k].n; x++)
			post[np++] = (struct post){sets[k].a[x], (uint32_t)k};
	qsort(post, np, sizeof(*post), cmp_post);
	uint32_t *inter = calloc(n * n, sizeof(uint32_t));
	for (size_t x = 0; x < np;) {
		size_t y = x;
		while (y < np && post[y].h == post[x].h)
			y++;
		for (size_t u = x; u < y; u++)
			for (size_t v = u + 1; v < y; v++)
				if (post[u].doc != post[v].doc)
					inter[(size_t)post[u].doc * n + post[v].doc]++;
		x = y;
	}
	size_t want = 0, found = 0, over_t = 0, wrong = 0;
	for (size_t a = 0; a < n; a++) {
		for (size_t b = a + 1; b < n; b++) {
			size_t in = inter[a * n + b];
			double j = in ? (double)in / (double)(sets[a].n + sets[b].n - in) : 0.0;
			over_t += j >= t;
			if (j >= t + 0.05) {
				want++;
				found += nf_dedup_family(d, (uint32_t)a) ==
					 nf_dedup_family(d, (uint32_t)b);
			}
		}
	}
	for (size_t k = 0; k < n_cj; k++) { /* nf_jaccard against the brute-force count */
		size_t in = inter[(size_t)cj[k].a * n + cj[k].b];
		double j = in ? (double)in / (double)(sets[cj[k].a].n + sets[cj[k].b].n - in) : 0.0;
		wrong += fabs(cj[k].j - j) > 1e-12;
	}
	free(post);
	free(inter);
	printf("pairs with J >= %.2f: %zu, found %zu (recall %.4f); pairs over %.2f: %zu\n",
	       t + 0.05, want, found, want ? (double)found / want : 1.0, t, over_t);
	printf("candidates %zu, nf_jaccard differing from the brute force %zu\n", n_cj, wrong);
	CHECK(want > 300);
	CHECK(n_cj >= want);
	CHECK(found * 100 >= want * 99);
	CHECK_EQ_INT(wrong, 0);
	/* and no family joins documents of different originals */
	size_t mixed = 0;
	for (size_t k = 0; k < n; k++)
		mixed += nf_dedup_family(d, (uint32_t)k) / (1 + COPIES) != k / (1 + COPIES);
	CHECK_EQ_INT(mixed, 0);
	nf_dedup_free(d);
	for (size_t k = 0; k < n; k++)
		free(sets[k].a);
	free(sets);
	free(cj);
	nf_buf_release(&orig);
	nf_buf_release(&doc);
}

TEST(families_and_representatives)
{
	nf_dedup *d;
	CHECK_EQ_INT(nf_dedup_new(&d, NULL, 128), 0);
	const char *texts[] = {
	    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu",
	    "one two three four five six seven eight nine ten eleven twelve",
	    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu",
	    "one two three four five six seven eight nine ten eleven twelve thirteen",
	};
	int64_t dates[] = {200, NF_NO_DATE, 100, NF_NO_DATE};
	for (uint32_t i = 0; i < 4; i++) {
		nf_sketch s;
		set x = shingles_of(texts[i], strlen(texts[i]), &s);
		const nf_candidate *c;
		size_t nc;
		CHECK_EQ_INT(nf_dedup_add(d, &s, dates[i], strlen(texts[i]), &c, &nc), 0);
		if (i == 2) {
			CHECK_EQ_INT(nc, 1);
			CHECK(nc == 1 && c[0].a == 0 && c[0].exact);
		}
		free(x.a);
	}
	CHECK_EQ_INT(nf_dedup_size(d), 4);
	nf_dedup_link(d, 0, 2);
	nf_dedup_link(d, 3, 1);
	CHECK_EQ_INT(nf_dedup_link(d, 1, 9), NF_EINVAL);
	CHECK_EQ_INT(nf_dedup_finish(d), 0);
	CHECK_EQ_INT(nf_dedup_family(d, 2), 0);
	CHECK_EQ_INT(nf_dedup_family(d, 3), 1);
	CHECK_EQ_INT(nf_dedup_representative(d, 0), 2); /* the earliest date */
	CHECK_EQ_INT(nf_dedup_representative(d, 1), 3); /* no dates: the longest */
	nf_dedup_free(d);
}

TEST(pathological)
{
	/* 100 000 identical documents: one exact candidate each, linear time */
	nf_dedup *d;
	CHECK_EQ_INT(nf_dedup_new(&d, NULL, 128), 0);
	const char *t = "the same wire story printed by every outlet in the land today again";
	nf_sketch s;
	set x = shingles_of(t, strlen(t), &s);
	uint32_t lanes[128];
	memcpy(lanes, s.minhash, sizeof(lanes));
	s.minhash = lanes;
	size_t total = 0;
	for (int i = 0; i < 100000; i++) {
		const nf_candidate *c;
		size_t nc;
		if (nf_dedup_add(d, &s, NF_NO_DATE, 10, &c, &nc))
			break;
		total += nc;
		for (size_t k = 0; k < nc; k++)
			nf_dedup_link(d, c[k].a, c[k].b);
	}
	CHECK_EQ_INT(total, 99999);
	CHECK_EQ_INT(nf_dedup_family(d, 99999), 0);
	free(x.a);
	nf_dedup_free(d);

	/* 3000 documents sharing one paragraph among their own words: candidates are bounded and
	 * none passes verification */
	CHECK_EQ_INT(nf_dedup_new(&d, NULL, 128), 0);
	uint64_t seed = 99;
	nf_buf shared, doc;
	nf_buf_init(&shared);
	nf_buf_init(&doc);
	for (int w = 0; w < 40; w++)
		word(&seed, &shared);
	set *sets = calloc(3000, sizeof(set));
	size_t cands = 0, passed = 0;
	for (uint32_t i = 0; i < 3000; i++) {
		nf_buf_reset(&doc);
		for (int w = 0; w < 150; w++)
			word(&seed, &doc);
		nf_buf_append(&doc, "\n\n", 2);
		nf_buf_append(&doc, shared.data, shared.len);
		nf_buf_append(&doc, "\n\n", 2);
		for (int w = 0; w < 150; w++)
			word(&seed, &doc);
		sets[i] = shingles_of(doc.data, doc.len, &s);
		const nf_candidate *c;
		size_t nc;
		CHECK_EQ_INT(nf_dedup_add(d, &s, NF_NO_DATE, doc.len, &c, &nc), 0);
		cands += nc;
		for (size_t k = 0; k < nc; k++)
			passed += nf_jaccard(sets[c[k].a].a, sets[c[k].a].n, sets[i].a, sets[i].n,
					     NULL) >= 0.8;
	}
	printf("shared paragraph: %zu candidates, %zu verified\n", cands, passed);
	CHECK_EQ_INT(passed, 0);
	for (int i = 0; i < 3000; i++)
		free(sets[i].a);
	free(sets);
	nf_buf_release(&shared);
	nf_buf_release(&doc);
	nf_dedup_free(d);
}

TEST(simhash_candidates)
{
	nf_dedup_options o = {.method = NF_DEDUP_SIMHASH, .hamming = 3};
	nf_dedup *d;
	CHECK_EQ_INT(nf_dedup_new(&d, &o, 128), 0);
	unsigned b, r;
	nf_dedup_params(d, &b, &r);
	CHECK_EQ_INT(b, 4);
	nf_sketch s = {.n_shingles = 1,
		       .n_tokens = 1,
		       .k = 128,
		       .simhash = 0xFFFF0000FFFF0000ull,
		       .exact_hi = 1};
	uint32_t lanes[128] = {0};
	s.minhash = lanes;
	const nf_candidate *c;
	size_t nc;
	CHECK_EQ_INT(nf_dedup_add(d, &s, NF_NO_DATE, 1, &c, &nc), 0);
	s.simhash ^= 0x8000000000000007ull; /* distance 4, but blocks 1 and 2 still equal */
	s.exact_hi = 2;
	CHECK_EQ_INT(nf_dedup_add(d, &s, NF_NO_DATE, 1, &c, &nc), 0);
	CHECK_EQ_INT(nc, 1);
	s.simhash = ~s.simhash;
	s.exact_hi = 3;
	CHECK_EQ_INT(nf_dedup_query(d, &s, &c, &nc), 0);
	CHECK_EQ_INT(nc, 0);
	nf_dedup_free(d);
}

int main(void)
{
	nf_cleaner_new(&cl, NULL);
	nf_sketcher_new(&sk, NULL);
	RUN(recall_and_precision_against_brute_force);
	RUN(families_and_representatives);
	RUN(pathological);
	RUN(simhash_candidates);
	nf_sketcher_free(sk);
	nf_cleaner_free(cl);
	return harness_report();
}
