/*
 * test_scores.c - nf_cluster_scores() on clusterings whose B-cubed, pairwise and adjusted Rand
 * figures are worked out by hand.
 */
#include "harness.h"

#include "newsfold.h"

#include <math.h>

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

TEST(identical)
{
	uint32_t g[] = {4, 4, 9, 9, 9, 1};
	uint32_t p[] = {0, 0, 7, 7, 7, 3}; /* other numbering, same partition */
	nf_scores s;
	CHECK_EQ_INT(nf_cluster_scores(g, p, 6, &s), 0);
	CHECK(NEAR(s.bcubed_p, 1) && NEAR(s.bcubed_r, 1) && NEAR(s.bcubed_f1, 1));
	CHECK(NEAR(s.pair_f1, 1) && NEAR(s.ari, 1));
	CHECK_EQ_INT(s.gold_clusters, 3);
	CHECK_EQ_INT(s.pred_clusters, 3);
}

TEST(worked_example)
{
	/* contingency: n00 = 2, n01 = 1, n11 = 2; gold sizes 3, 2; predicted sizes 2, 3 */
	uint32_t g[] = {0, 0, 0, 1, 1}, p[] = {0, 0, 1, 1, 1};
	nf_scores s;
	CHECK_EQ_INT(nf_cluster_scores(g, p, 5, &s), 0);
	CHECK(NEAR(s.bcubed_p, (2.0 + 1.0 / 3 + 4.0 / 3) / 5));
	CHECK(NEAR(s.bcubed_r, (4.0 / 3 + 1.0 / 3 + 2.0) / 5));
	CHECK(NEAR(s.pair_p, 0.5) && NEAR(s.pair_r, 0.5) && NEAR(s.pair_f1, 0.5));
	CHECK(NEAR(s.ari, (2 - 1.6) / (4 - 1.6)));
}

TEST(singletons_and_one_cluster)
{
	uint32_t g[] = {0, 0, 1, 1}, single[] = {0, 1, 2, 3}, one[] = {5, 5, 5, 5};
	nf_scores s;
	CHECK_EQ_INT(nf_cluster_scores(g, single, 4, &s), 0);
	CHECK(NEAR(s.bcubed_p, 1) && NEAR(s.bcubed_r, 0.5));
	CHECK(NEAR(s.pair_p, 1) && NEAR(s.pair_r, 0) && NEAR(s.pair_f1, 0));
	CHECK(NEAR(s.ari, 0));
	CHECK_EQ_INT(nf_cluster_scores(g, one, 4, &s), 0);
	CHECK(NEAR(s.bcubed_p, 0.5) && NEAR(s.bcubed_r, 1));
	CHECK(NEAR(s.pair_p, 2.0 / 6) && NEAR(s.pair_r, 1));
	CHECK(NEAR(s.ari, 0));
	CHECK_EQ_INT(nf_cluster_scores(g, one, 0, &s), 0);
	CHECK_EQ_INT(s.items, 0);
}

int main(void)
{
	RUN(identical);
	RUN(worked_example);
	RUN(singletons_and_one_cluster);
	return harness_report();
}
