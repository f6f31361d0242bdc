/*
 * scores.c - agreement of a predicted clustering with a gold one: B-cubed (Bagga and Baldwin
 * 1998), pairwise precision/recall/F1 and the adjusted Rand index (Hubert and Arabie 1985), all
 * from the contingency table n_ij (items in gold cluster i and predicted cluster j), built by
 * sorting the (gold, pred) label pairs.
 */
#include "../base/base.h"

static int cmp_pair(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static double choose2(double n)
{
	return n * (n - 1) / 2;
}

static double f1(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

int nf_cluster_scores(const uint32_t *gold, const uint32_t *pred, size_t n, nf_scores *out)
{
	*out = (nf_scores){0};
	out->items = n;
	if (n == 0)
		return 0;
	uint64_t *pairs = malloc(n * sizeof(uint64_t));
	uint32_t max_g = 0, max_p = 0;
	for (size_t i = 0; i < n; i++) {
		max_g = gold[i] > max_g ? gold[i] : max_g;
		max_p = pred[i] > max_p ? pred[i] : max_p;
	}
	double *size_g = calloc((size_t)max_g + 1, sizeof(double));
	double *size_p = calloc((size_t)max_p + 1, sizeof(double));
	if (!pairs || !size_g || !size_p) {
		free(pairs);
		free(size_g);
		free(size_p);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		pairs[i] = (uint64_t)gold[i] << 32 | pred[i];
		size_g[gold[i]]++;
		size_p[pred[i]]++;
	}
	if (n > 1)
		qsort(pairs, n, sizeof(uint64_t), cmp_pair);
	double bp = 0, br = 0, tp = 0, gp = 0, pp = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && pairs[j] == pairs[i]; j++)
			;
		double nij = (double)(j - i);
		uint32_t g = (uint32_t)(pairs[i] >> 32), p = (uint32_t)pairs[i];
		bp += nij * nij / size_p[p];
		br += nij * nij / size_g[g];
		tp += choose2(nij);
	}
	for (uint32_t g = 0; g <= max_g; g++) {
		gp += choose2(size_g[g]);
		out->gold_clusters += size_g[g] > 0;
	}
	for (uint32_t p = 0; p <= max_p; p++) {
		pp += choose2(size_p[p]);
		out->pred_clusters += size_p[p] > 0;
	}
	out->bcubed_p = bp / (double)n;
	out->bcubed_r = br / (double)n;
	out->bcubed_f1 = f1(out->bcubed_p, out->bcubed_r);
	/* no pairs at all on a side: that side's pairwise score is perfect by convention */
	out->pair_p = pp > 0 ? tp / pp : 1;
	out->pair_r = gp > 0 ? tp / gp : 1;
	out->pair_f1 = f1(out->pair_p, out->pair_r);
	double all = choose2((double)n), expect = all > 0 ? gp * pp / all : 0;
	double top = (gp + pp) / 2 - expect;
	out->ari = top != 0 ? (tp - expect) / top : 1;
	free(pairs);
	free(size_g);
	free(size_p);
	return 0;
}
