/*
 * test_reuse.c - passage reuse: the fingerprint index against brute force (batch and one
 * document at a time, df cap, date window), and the aligner on texts with known answers
 * (verbatim, edited, quotations, reported speech, boilerplate, direction, repeats).
 */
#include "harness.h"

#include "newsfold.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* --- the index -----------------------------------------------------------------------------------
 */

typedef struct fpset {
	uint32_t *a;
	size_t n;
} fpset;

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Random documents: fingerprints from a universe of `universe` values (so that some are shared
 * by chance), plus, for a few, a block of an earlier document's prints (planted sharing). */
static fpset *make_docs(uint64_t *seed, size_t n, uint32_t universe)
{
	fpset *d = calloc(n, sizeof(*d));
	for (size_t i = 0; i < n; i++) {
		size_t m = 5 + h_rand(seed) % 60;
		d[i].a = malloc((m + 40) * sizeof(uint32_t));
		for (size_t k = 0; k < m; k++)
			d[i].a[d[i].n++] = (uint32_t)(h_rand(seed) % universe);
		if (i > 0 && h_rand(seed) % 4 == 0) {
			const fpset *src = &d[h_rand(seed) % i];
			for (size_t k = 0; k < src->n && k < 40; k++)
				d[i].a[d[i].n++] = src->a[k];
		}
		qsort(d[i].a, d[i].n, sizeof(uint32_t), cmp_u32);
		size_t u = 0;
		for (size_t k = 0; k < d[i].n; k++)
			if (u == 0 || d[i].a[k] != d[i].a[u - 1])
				d[i].a[u++] = d[i].a[k];
		d[i].n = u;
	}
	return d;
}

/* The fingerprints documents a < b share as the index counts them: each held by at most cap
 * documents, and each held by more whose first holder is a (a pivot pair; *wide counts them). */
static size_t shared(const fpset *a, const fpset *b, const uint32_t *df, const uint32_t *first,
		     uint32_t ia, uint32_t cap, size_t *wide)
{
	size_t i = 0, j = 0, s = 0;
	*wide = 0;
	while (i < a->n && j < b->n) {
		if (a->a[i] < b->a[j])
			i++;
		else if (a->a[i] > b->a[j])
			j++;
		else {
			uint32_t f = a->a[i];
			s += df[f] <= cap;
			if (df[f] > cap && first[f] == ia) {
				s++;
				(*wide)++;
			}
			i++;
			j++;
		}
	}
	return s;
}

TEST(candidates_against_brute_force)
{
	uint64_t seed = 42;
	const size_t n = 1500;
	const uint32_t universe = 200000, cap = 6;
	fpset *d = make_docs(&seed, n, universe);
	uint32_t *df = calloc(universe, sizeof(uint32_t));
	uint32_t *first = malloc(universe * sizeof(uint32_t));
	int64_t *date = malloc(n * sizeof(int64_t));
	for (size_t i = n; i-- > 0;)
		for (size_t k = 0; k < d[i].n; k++)
			first[d[i].a[k]] = (uint32_t)i;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < d[i].n; k++)
			df[d[i].a[k]]++;
		date[i] = (int64_t)(i / 100) * 86400;
	}
	/* budget 1: 1 MiB, so that postings and pair keys go to runs on disk */
	for (unsigned m = 1; m <= 2; m++) {
		for (int win = 0; win <= 3; win++) {
			int budget = win >= 2;
			nf_reuse_options o = {.max_df = cap,
					      .min_shared = m,
					      .max_seconds = win & 1 ? 2 * 86400 : 0,
					      .mem = budget ? (size_t)1 << 20 : 0};
			nf_reuse *r;
			CHECK_EQ_INT(nf_reuse_new(&r, &o), 0);
			for (size_t i = 0; i < n; i++)
				CHECK_EQ_INT(nf_reuse_add(r, date[i], d[i].a, d[i].n), 0);
			const nf_reuse_pair *p;
			size_t np;
			nf_reuse_stats st;
			CHECK_EQ_INT(nf_reuse_candidates(r, &p, &np, &st), 0);
			CHECK_EQ_INT(st.max_df, cap);
			/* the same pairs, in order, with the same counts: pairs come sorted by
			 * (a, b), so walk them against brute force in that order */
			size_t k = 0, want = 0, bad = 0, wides = 0, w;
			for (uint32_t a = 0; a < n; a++)
				for (uint32_t b = a + 1; b < n; b++) {
					size_t s = shared(&d[a], &d[b], df, first, a, cap, &w);
					bool in_win = !(win & 1) || date[b] - date[a] <= 2 * 86400;
					if (s < m || !in_win)
						continue;
					want++;
					wides += w > 0;
					if (k >= np || p[k].a != a || p[k].b != b ||
					    p[k].shared != s || p[k].wide != w)
						bad++;
					else
						k++;
				}
			CHECK_EQ_INT(np, want);
			CHECK_EQ_INT(bad, 0);
			CHECK(want > 300); /* the planted sharing is there */
			CHECK(wides > 10); /* and prints over the cap, linked by pivot */
			CHECK_EQ_INT(st.pivot_pairs, wides);
			if (win & 1)
				CHECK(st.out_of_window > 0);
			CHECK(budget ? st.spilled_runs >= 2 : st.spilled_runs == 0);
			nf_reuse_free(r);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(d[i].a);
	free(d);
	free(df);
	free(first);
	free(date);
}

TEST(one_at_a_time_equals_batch)
{
	uint64_t seed = 7;
	const size_t n = 1200;
	fpset *d = make_docs(&seed, n, 100000);
	nf_reuse_options o = {.max_df = 1000000};
	nf_reuse *batch, *stream;
	CHECK_EQ_INT(nf_reuse_new(&batch, &o), 0);
	CHECK_EQ_INT(nf_reuse_new(&stream, &o), 0);
	size_t total = 0, bad = 0;
	nf_reuse_pair *got = malloc(n * n / 2 * sizeof(nf_reuse_pair) / 8 + 1024 * 1024);
	for (size_t i = 0; i < n; i++) {
		const nf_reuse_pair *p;
		size_t np;
		CHECK_EQ_INT(nf_reuse_query(stream, NF_NO_DATE, d[i].a, d[i].n, &p, &np), 0);
		for (size_t k = 0; k < np; k++) {
			if (p[k].b != i)
				bad++;
			got[total++] = p[k];
		}
		CHECK_EQ_INT(nf_reuse_add(stream, NF_NO_DATE, d[i].a, d[i].n), 0);
		CHECK_EQ_INT(nf_reuse_add(batch, NF_NO_DATE, d[i].a, d[i].n), 0);
	}
	CHECK_EQ_INT(nf_reuse_size(stream), n);
	const nf_reuse_pair *p;
	size_t np;
	CHECK_EQ_INT(nf_reuse_candidates(batch, &p, &np, NULL), 0);
	CHECK_EQ_INT(total, np);
	/* the stream gives pairs by b, the batch by a: compare as sets */
	for (size_t k = 0; k < total; k++) {
		nf_reuse_pair key = got[k];
		size_t lo = 0, hi = np;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (p[mid].a < key.a || (p[mid].a == key.a && p[mid].b < key.b))
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == np || p[lo].a != key.a || p[lo].b != key.b || p[lo].shared != key.shared)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	free(got);
	nf_reuse_free(batch);
	nf_reuse_free(stream);
	for (size_t i = 0; i < n; i++)
		free(d[i].a);
	free(d);
}

TEST(common_prints_go_by_pivot)
{
	/* 6000 documents, each with its own prints and `common` prints held by all (18 M pairs
	 * each if paired pairwise): each document is paired with the first only, 5999 increments a
	 * print; one shared print is under min_shared, two make 5999 pivot pairs */
	const size_t n = 6000;
	for (uint32_t run = 0; run < 4; run++) {
		uint32_t common = 1 + (run & 1);
		/* runs 2 and 3 with the least budget: postings on disk in runs of 64Ki */
		nf_reuse_options o = {.mem = run >= 2 ? (size_t)1 << 20 : 0};
		nf_reuse *r;
		CHECK_EQ_INT(nf_reuse_new(&r, &o), 0);
		for (uint32_t i = 0; i < n; i++) {
			uint32_t fp[14] = {7, 8}; /* and 12 of its own (94k postings in all) */
			for (uint32_t k = 0; k < 12; k++)
				fp[2 + k] = 1000 + 12 * i + k;
			CHECK_EQ_INT(nf_reuse_add(r, NF_NO_DATE, fp + 2 - common, 12 + common), 0);
		}
		const nf_reuse_pair *p;
		size_t np;
		nf_reuse_stats st;
		CHECK_EQ_INT(nf_reuse_candidates(r, &p, &np, &st), 0);
		CHECK_EQ_INT(st.dropped_common, common);
		CHECK_EQ_INT(st.pair_work, common * (n - 1));
		CHECK_EQ_INT(st.pivot_work, common * (n - 1));
		CHECK_EQ_INT(np, common == 1 ? 0 : n - 1);
		CHECK_EQ_INT(st.spilled_runs > 0, run >= 2);
		size_t bad = 0;
		for (size_t k = 0; k < np; k++)
			bad += p[k].a != 0 || p[k].b != k + 1 || p[k].wide != 2 || p[k].shared != 2;
		CHECK_EQ_INT(bad, 0);
		nf_reuse_free(r);
	}
}

/* --- fingerprints -------------------------------------------------------------------------------
 */

static nf_cleaner *cl;

TEST(fingerprints_catch_a_ten_word_quote)
{
	const char *q = "I believe great progress was made with today's telephone conversation";
	char a[512], b[512];
	snprintf(a, sizeof(a), "Zebra quartz yodel. The president wrote: \"%s.\" Then he left.", q);
	snprintf(b, sizeof(b), "In other news, kettles whistle. %s, he added, and went home.", q);
	nf_buf fa, fb;
	nf_buf_init(&fa);
	nf_buf_init(&fb);
	nf_cleaned c;
	CHECK_EQ_INT(nf_clean(cl, a, strlen(a), &c), 0);
	CHECK_EQ_INT(nf_reuse_fingerprints(&c, NULL, &fa), 0);
	CHECK_EQ_INT(nf_clean(cl, b, strlen(b), &c), 0);
	CHECK_EQ_INT(nf_reuse_fingerprints(&c, NULL, &fb), 0);
	const uint32_t *x = (const uint32_t *)(const void *)fa.data,
		       *y = (const uint32_t *)(const void *)fb.data;
	size_t nx = fa.len / 4, ny = fb.len / 4, common = 0;
	for (size_t i = 1; i < nx; i++)
		CHECK(x[i - 1] < x[i]); /* distinct and sorted */
	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			common += x[i] == y[j];
	CHECK(common >= 2); /* enough for the default min_shared */
	nf_buf_release(&fa);
	nf_buf_release(&fb);
}

/* --- alignment ------------------------------------------------------------------------------- */

static nf_aligner *al;
static nf_align_doc *da, *db;

static nf_alignment align2(const char *a, int64_t date_a, const char *b, int64_t date_b)
{
	nf_cleaned c;
	nf_alignment r;
	nf_clean(cl, a, strlen(a), &c);
	nf_align_doc_set(da, a, strlen(a), date_a, &c);
	nf_clean(cl, b, strlen(b), &c);
	nf_align_doc_set(db, b, strlen(b), date_b, &c);
	memset(&r, 0, sizeof(r));
	if (nf_align(al, da, db, &r))
		H_FAIL("nf_align failed");
	return r;
}

static const char wire[] =
    "Officials in Marbury confirmed on Tuesday that the northern bridge will close for repairs "
    "next month, diverting traffic through the old harbour road for at least six weeks. The "
    "city council approved the plan after engineers found cracks in two of the supporting "
    "pillars during a routine inspection earlier this year.\n\nLocal businesses along the "
    "harbour road expect more customers, while commuters from the northern suburbs face longer "
    "journeys during the morning rush.";

TEST(align_identical_and_contained)
{
	nf_alignment r = align2(wire, NF_NO_DATE, wire, NF_NO_DATE);
	CHECK_EQ_INT(r.n_spans, 1);
	CHECK_EQ_INT(r.relation, NF_REL_COPY);
	CHECK(r.coverage_a == 1 && r.coverage_b == 1);
	if (r.n_spans == 1) {
		CHECK_EQ_INT(r.spans[0].kind, NF_PASSAGE_VERBATIM);
		CHECK_EQ_INT(r.spans[0].a_start, 0);
		CHECK_EQ_INT(r.spans[0].a_end, strlen(wire) - 1); /* up to the last word */
		CHECK(r.spans[0].similarity == 1);
	}
	/* the wire inside local text: one span, the wire's bytes on b's side */
	char b[2048];
	const char *pre = "MARBURY GAZETTE local desk. Weather today is mild and sunny. ";
	snprintf(b, sizeof(b), "%s%s Our reporter adds that parking will be free.", pre, wire);
	r = align2(wire, NF_NO_DATE, b, NF_NO_DATE);
	CHECK_EQ_INT(r.n_spans, 1);
	if (r.n_spans == 1) {
		CHECK_EQ_INT(r.spans[0].b_start, strlen(pre));
		CHECK_EQ_INT(r.spans[0].b_end, strlen(pre) + strlen(wire) - 1);
	}
	CHECK_EQ_INT(r.relation, NF_REL_COPY);
	CHECK(r.coverage_a == 1 && r.coverage_b < 1);
}

TEST(align_edited_copy)
{
	/* substituted, inserted and deleted words, merged paragraphs, curly quotes and changed
	 * punctuation: still one span from the first word to the last */
	const char *b =
	    "Officials in Marbury said on Tuesday that the northern bridge will close for repairs "
	    "next month; diverting traffic through the old harbour road for at least six weeks. "
	    "The "
	    "city council quickly approved the plan after engineers found cracks in two supporting "
	    "pillars during a routine inspection earlier this year. Local businesses along the "
	    "harbour road expect more customers, while commuters from the northern suburbs face "
	    "longer journeys during the morning rush.";
	nf_alignment r = align2(wire, 1000, b, 2000);
	CHECK_EQ_INT(r.n_spans, 1);
	if (r.n_spans == 1) {
		const nf_passage *p = &r.spans[0];
		CHECK_EQ_INT(p->kind, NF_PASSAGE_EDITED);
		CHECK_EQ_INT(p->a_start, 0);
		CHECK_EQ_INT(p->b_start, 0);
		CHECK_EQ_INT(p->a_end, strlen(wire) - 1);
		CHECK_EQ_INT(p->b_end, strlen(b) - 1);
		CHECK(p->similarity > 0.9 && p->similarity < 1);
	}
	CHECK_EQ_INT(r.relation, NF_REL_COPY);
	CHECK_EQ_INT(r.source, 0); /* the earlier one */
	CHECK_EQ_INT(r.basis, NF_BASIS_DATE);
}

TEST(align_quotations)
{
	const char *q = "we will rebuild the harbour wall before the winter storms arrive and "
			"nobody will lose their home";
	char a[1024], b[1024], c[1024], d[1024];
	snprintf(a, sizeof(a),
		 "The mayor spoke at noon. \"%s,\" she said to a crowd of about "
		 "two hundred residents.",
		 q);
	snprintf(b, sizeof(b),
		 "Kettles whistle in Dunmore. In a statement the mayor wrote: "
		 "\xE2\x80\x9C%s.\xE2\x80\x9D Critics were unconvinced.",
		 q);
	/* reported speech: no quotation marks, but a reporting verb */
	snprintf(c, sizeof(c), "Dunmore news. The mayor said that %s, according to aides.", q);
	/* the speaker's own text: bare */
	snprintf(d, sizeof(d), "Statement of the Mayor of Dunmore. I promise that %s. Thank you.",
		 q);
	nf_alignment r = align2(a, 1000, b, 500);
	CHECK_EQ_INT(r.n_spans, 1);
	CHECK_EQ_INT(r.relation, NF_REL_QUOTE);
	CHECK_EQ_INT(r.source, -1); /* nobody authored a quotation, earlier or not */
	if (r.n_spans == 1)
		CHECK_EQ_INT(r.spans[0].kind, NF_PASSAGE_QUOTE);
	r = align2(a, NF_NO_DATE, c, NF_NO_DATE);
	CHECK_EQ_INT(r.relation, NF_REL_QUOTE);
	r = align2(b, 5000, d, 9000);
	CHECK_EQ_INT(r.relation, NF_REL_PARTIAL);
	CHECK_EQ_INT(r.source, 1); /* d carries the words as its own, though it is later */
	CHECK_EQ_INT(r.basis, NF_BASIS_UNQUOTED);
}

TEST(align_boilerplate_does_not_count)
{
	const char *disc = "\n\n(Disclaimer: This post has been auto-published from an agency feed "
			   "without any modifications to the text and has not been reviewed by an "
			   "editor)";
	char a[1024], b[1024];
	snprintf(a, sizeof(a), "Zebras graze in the valley near the river at dawn.%s", disc);
	snprintf(b, sizeof(b), "Shipping rates climbed for a third week in Asian ports.%s", disc);
	nf_alignment r = align2(a, NF_NO_DATE, b, NF_NO_DATE);
	CHECK_EQ_INT(r.relation, NF_REL_NONE);
	CHECK_EQ_INT(r.n_spans, 1);
	if (r.n_spans == 1)
		CHECK(r.spans[0].boilerplate);
	CHECK(r.coverage_a == 0 && r.coverage_b == 0);
	/* both syndicated: copies of one wire, origin outside */
	char a2[2048], b2[2048];
	snprintf(a2, sizeof(a2), "%s%s", wire, disc);
	snprintf(b2, sizeof(b2), "%s%s", wire, disc);
	r = align2(a2, NF_NO_DATE, b2, NF_NO_DATE);
	CHECK_EQ_INT(r.relation, NF_REL_COPY);
	CHECK_EQ_INT(r.source, -1);
	CHECK_EQ_INT(r.basis, NF_BASIS_COMMON_WIRE);
}

TEST(align_repeats_and_short)
{
	/* one word repeated 20 000 times: after the wire in a, before it in b. Its seeds (over
	 * max_repeat) are skipped, so the wire is the one span; without the skip the two runs of
	 * the word would align too, through 4 x 10^8 seed matches. */
	size_t wl = strlen(wire), rl = 20000 * 3, n = wl + 1 + rl;
	char *a = malloc(n + 1), *b = malloc(n + 1);
	memcpy(a, wire, wl);
	a[wl] = ' ';
	for (size_t i = 0; i < rl; i += 3) {
		memcpy(a + wl + 1 + i, "la ", 3);
		memcpy(b + i, "la ", 3);
	}
	memcpy(b + rl, wire, wl + 1);
	a[n] = '\0';
	CHECK_EQ_INT(strlen(a), n);
	CHECK_EQ_INT(strlen(b), n - 1);
	nf_alignment r = align2(a, NF_NO_DATE, b, NF_NO_DATE);
	CHECK_EQ_INT(r.n_spans, 1);
	if (r.n_spans == 1) {
		CHECK_EQ_INT(r.spans[0].a_start, 0);
		CHECK_EQ_INT(r.spans[0].a_end, wl - 1); /* the final full stop is not a word */
		CHECK_EQ_INT(r.spans[0].b_start, rl);
	}
	/* the same text twice, repetition and all, is one span over all of it */
	r = align2(a, NF_NO_DATE, a, NF_NO_DATE);
	CHECK_EQ_INT(r.n_spans, 1);
	CHECK(r.n_spans == 1 && r.spans[0].a_start == 0 && r.spans[0].a_end == n - 1);
	free(a);
	free(b);
	/* under min_words: nothing */
	r = align2("one two three four five six seven", NF_NO_DATE,
		   "one two three four five six seven", NF_NO_DATE);
	CHECK_EQ_INT(r.n_spans, 0);
	CHECK_EQ_INT(r.relation, NF_REL_NONE);
	r = align2("", NF_NO_DATE, wire, NF_NO_DATE);
	CHECK_EQ_INT(r.n_spans, 0);
	CHECK_STR(nf_relation_name(NF_REL_QUOTE), 5, "quote");
	CHECK_STR(nf_passage_kind_name(NF_PASSAGE_EDITED), 6, "edited");
	CHECK_STR(nf_basis_name(NF_BASIS_COMMON_WIRE), 11, "common-wire");
}

int main(void)
{
	if (nf_cleaner_new(&cl, NULL) || nf_aligner_new(&al, NULL) || nf_align_doc_new(&da) ||
	    nf_align_doc_new(&db))
		return 2;
	RUN(candidates_against_brute_force);
	RUN(one_at_a_time_equals_batch);
	RUN(common_prints_go_by_pivot);
	RUN(fingerprints_catch_a_ten_word_quote);
	RUN(align_identical_and_contained);
	RUN(align_edited_copy);
	RUN(align_quotations);
	RUN(align_boilerplate_does_not_count);
	RUN(align_repeats_and_short);
	nf_align_doc_free(da);
	nf_align_doc_free(db);
	nf_aligner_free(al);
	nf_cleaner_free(cl);
	return harness_report();
}
