/*
 * test_digest.c - a digester handed the story's pairs (nf_digest_known, nf_digest_add_pair)
 * digests as one that aligns them itself: the five seed articles digested both ways give the
 * same bytes, whatever the order and the side the pairs are handed in from; a pair known without
 * spans (a duplicate link) makes a family; a handed-in pair naming an article not added fails.
 * SHARED_DIR names the shared folder; without it the test fails (it never skips).
 */
#include "harness.h"

#include "newsfold.h"

#define N_SEEDS 5

static char seeds[512];
static nf_doc docs[N_SEEDS];
static char *texts[N_SEEDS][5]; /* id, text, title, source, url, copied */
static size_t n_docs;

static nf_str keep(char **slot, nf_str s)
{
	*slot = malloc(s.len + 1);
	if (s.len)
		memcpy(*slot, s.ptr, s.len);
	(*slot)[s.len] = 0;
	return (nf_str){*slot, s.len};
}

/* The seeds, copied out of the parser's buffers. */
static void read_seeds(void)
{
	nf_reader *r;
	nf_parser *p;
	nf_reader_new(&r, NULL);
	nf_parser_new(&p, NULL);
	nf_reader_add(r, seeds);
	nf_record rec;
	nf_error err;
	while (n_docs < N_SEEDS && nf_reader_next(r, &rec, &err) > 0) {
		nf_doc d;
		if (nf_parse(p, &rec, &d, &err))
			continue;
		char **t = texts[n_docs];
		d.id = keep(&t[0], d.id);
		d.text = keep(&t[1], d.text);
		d.title = keep(&t[2], d.title);
		d.source = keep(&t[3], d.source);
		d.url = keep(&t[4], d.url);
		d.raw = (nf_str){"", 0};
		d.date_raw = (nf_str){"", 0};
		docs[n_docs++] = d;
	}
	nf_parser_free(p);
	nf_reader_free(r);
}

/* The digest and the side-by-side record, as JSON. */
static void digest_json(nf_digester *dg, nf_buf *out)
{
	const nf_digest *g;
	nf_buf_reset(out);
	if (nf_digest_run(dg, &g)) {
		H_FAIL("nf_digest_run failed");
		return;
	}
	nf_digest_json(dg, g, out);
	nf_digest_articles_json(dg, g, out);
}

static nf_alignment swap_sides(const nf_alignment *al, nf_passage *v)
{
	nf_alignment s = *al;
	for (size_t i = 0; i < al->n_spans; i++) {
		const nf_passage *p = &al->spans[al->n_spans - 1 - i]; /* out of order too */
		v[i] = *p;
		v[i].a_start = p->b_start;
		v[i].a_end = p->b_end;
		v[i].b_start = p->a_start;
		v[i].b_end = p->a_end;
		v[i].a_words = p->b_words;
		v[i].b_words = p->a_words;
	}
	s.spans = v;
	s.coverage_a = al->coverage_b;
	s.coverage_b = al->coverage_a;
	s.shared_a = al->shared_b;
	s.shared_b = al->shared_a;
	s.source = al->source < 0 ? -1 : 1 - al->source;
	return s;
}

TEST(handed_in_pairs_digest_as_aligned_ones)
{
	CHECK_EQ_INT(n_docs, N_SEEDS);
	nf_digester *dg;
	CHECK_EQ_INT(nf_digester_new(&dg, NULL), 0);
	nf_buf own, given;
	nf_buf_init(&own);
	nf_buf_init(&given);
	nf_digest_begin(dg);
	for (size_t i = 0; i < n_docs; i++)
		CHECK_EQ_INT(nf_digest_add(dg, &docs[i]), 0);
	digest_json(dg, &own);

	/* the same story, its pairs aligned here and handed in: last pair first, every other one
	 * from the other side */
	nf_cleaner *cl;
	nf_aligner *al;
	nf_align_doc *ad[N_SEEDS];
	nf_cleaner_new(&cl, NULL);
	nf_aligner_new(&al, NULL);
	for (size_t i = 0; i < n_docs; i++) {
		nf_cleaned c;
		nf_align_doc_new(&ad[i]);
		nf_clean(cl, docs[i].text.ptr, docs[i].text.len, &c);
		nf_align_doc_set(ad[i], docs[i].text.ptr, docs[i].text.len, docs[i].date, &c);
	}
	nf_digest_begin(dg);
	nf_digest_known(dg);
	for (size_t i = 0; i < n_docs; i++)
		CHECK_EQ_INT(nf_digest_add(dg, &docs[i]), 0);
	size_t k = 0, related = 0;
	for (size_t a = n_docs; a-- > 0;)
		for (size_t b = n_docs; --b > a; k++) {
			nf_alignment r;
			CHECK_EQ_INT(nf_align(al, ad[a], ad[b], &r), 0);
			related += r.relation != NF_REL_NONE;
			nf_passage v[256];
			CHECK(r.n_spans <= 256);
			nf_alignment s = swap_sides(&r, v);
			CHECK_EQ_INT(k % 2 ? nf_digest_add_pair(dg, (uint32_t)b, (uint32_t)a, &s)
					   : nf_digest_add_pair(dg, (uint32_t)a, (uint32_t)b, &r),
				     0);
		}
	CHECK(related >= 4); /* the three copies of the wire, the quoting article */
	digest_json(dg, &given);
	CHECK(own.len > 1000);
	CHECK_EQ_STR(given.data, given.len, own.data, own.len);

	/* known, nothing handed in: the digester aligns nothing, every article is its own */
	nf_digest_begin(dg);
	nf_digest_known(dg);
	for (size_t i = 0; i < n_docs; i++)
		nf_digest_add(dg, &docs[i]);
	const nf_digest *g;
	CHECK_EQ_INT(nf_digest_run(dg, &g), 0);
	for (size_t i = 0; i < n_docs; i++)
		CHECK_EQ_INT(g->sources[i].role, NF_ROLE_INDEPENDENT);
	CHECK_EQ_INT(g->n_pairs, 0);

	for (size_t i = 0; i < n_docs; i++)
		nf_align_doc_free(ad[i]);
	nf_aligner_free(al);
	nf_cleaner_free(cl);
	nf_buf_release(&own);
	nf_buf_release(&given);
	nf_digester_free(dg);
}

TEST(a_duplicate_link_makes_a_family)
{
	nf_digester *dg;
	nf_digester_new(&dg, NULL);
	const nf_digest *g;
	/* 002 and 004 (their own reports): one is the origin, the other its copy; 000 and 001
	 * (both carry the agency's disclaimer): copies of a common wire, no origin */
	for (int wire = 0; wire < 2; wire++) {
		for (int exact = 0; exact < 2; exact++) {
			nf_digest_begin(dg);
			nf_digest_known(dg);
			nf_digest_add(dg, &docs[wire ? 0 : 2]);
			nf_digest_add(dg, &docs[wire ? 1 : 4]);
			nf_alignment dup = {0};
			dup.relation = NF_REL_COPY;
			dup.source = -1;
			dup.coverage_a = dup.coverage_b = exact ? 1 : 0.9;
			CHECK_EQ_INT(nf_digest_add_pair(dg, 1, 0, &dup), 0);
			CHECK_EQ_INT(nf_digest_run(dg, &g), 0);
			int as_copy = exact ? NF_ROLE_VERBATIM : NF_ROLE_EDITED;
			if (wire) {
				CHECK_EQ_INT(g->sources[0].role, as_copy);
				CHECK_EQ_INT(g->sources[1].role, as_copy);
				CHECK_EQ_INT(g->sources[0].copy_of, -1);
				CHECK_EQ_INT(g->sources[1].family, g->sources[0].family);
			} else {
				int copy = g->sources[0].role == NF_ROLE_ORIGIN ? 1 : 0;
				CHECK_EQ_INT(g->sources[1 - copy].role, NF_ROLE_ORIGIN);
				CHECK_EQ_INT(g->sources[copy].role, as_copy);
				CHECK_EQ_INT(g->sources[copy].copy_of, 1 - copy);
			}
			CHECK_EQ_INT(g->n_pairs, 0); /* nothing to show side by side */
		}
	}
	nf_digester_free(dg);
}

TEST(a_pair_must_name_articles_added)
{
	nf_digester *dg;
	nf_digester_new(&dg, NULL);
	nf_alignment dup = {0};
	dup.relation = NF_REL_COPY;
	dup.coverage_a = dup.coverage_b = 1;
	nf_digest_begin(dg);
	nf_digest_known(dg);
	nf_digest_add(dg, &docs[0]);
	CHECK_EQ_INT(nf_digest_add_pair(dg, 0, 0, &dup), NF_EINVAL);
	CHECK_EQ_INT(nf_digest_add_pair(dg, 0, 1, &dup), 0);
	const nf_digest *g;
	CHECK_EQ_INT(nf_digest_run(dg, &g), NF_EINVAL);
	nf_digest_add(dg, &docs[1]); /* now it names one */
	CHECK_EQ_INT(nf_digest_run(dg, &g), 0);
	CHECK_EQ_INT(g->sources[1].role, NF_ROLE_VERBATIM);
	dup.relation = 7;
	CHECK_EQ_INT(nf_digest_add_pair(dg, 0, 1, &dup), NF_EINVAL);
	nf_digester_free(dg);
}

int main(void)
{
	const char *shared = getenv("SHARED_DIR");
	if (!shared) {
		fprintf(stderr, "test_digest: set SHARED_DIR to the shared folder (../shared)\n");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	snprintf(seeds, sizeof(seeds), "%s/seeds", shared);
	read_seeds();
	RUN(handed_in_pairs_digest_as_aligned_ones);
	RUN(a_duplicate_link_makes_a_family);
	RUN(a_pair_must_name_articles_added);
	for (size_t i = 0; i < n_docs; i++)
		for (size_t j = 0; j < 5; j++)
			free(texts[i][j]);
	return harness_report();
}
