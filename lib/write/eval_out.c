/* eval_out.c - what newsfold eval prints: a JSON object, or text. */
#include "../base/base.h"

#include <stdarg.h>
#include <stdio.h>

static void put_fmt(nf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_fmt(nf_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		nf_buf_append(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

int nf_write_eval_json(nf_buf *b, const nf_eval_result *r)
{
	const nf_scores *s = &r->scores;
	put_fmt(b,
		"{\"items\":%zu,\"gold_clusters\":%zu,\"pred_clusters\":%zu,\"missing\":%zu,"
		"\"extra\":%zu,\"duplicates\":%zu,\"bcubed_p\":%.4f,\"bcubed_r\":%.4f,"
		"\"bcubed_f1\":%.4f,\"pair_p\":%.4f,\"pair_r\":%.4f,\"pair_f1\":%.4f,"
		"\"ari\":%.4f}\n",
		s->items, s->gold_clusters, s->pred_clusters, r->missing, r->extra, r->duplicates,
		s->bcubed_p, s->bcubed_r, s->bcubed_f1, s->pair_p, s->pair_r, s->pair_f1, s->ari);
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_eval_text(nf_buf *b, const nf_eval_result *r)
{
	const nf_scores *s = &r->scores;
	put_fmt(b, "items:     %zu (gold clusters %zu, predicted %zu)\n", s->items,
		s->gold_clusters, s->pred_clusters);
	if (r->missing || r->extra || r->duplicates)
		put_fmt(b,
			"           %zu gold ids without a prediction (singletons), %zu predicted "
			"ids not in gold (left out), %zu repeated ids (first kept)\n",
			r->missing, r->extra, r->duplicates);
	put_fmt(b, "B-cubed:   P %.4f  R %.4f  F1 %.4f\n", s->bcubed_p, s->bcubed_r, s->bcubed_f1);
	put_fmt(b, "pairwise:  P %.4f  R %.4f  F1 %.4f\n", s->pair_p, s->pair_r, s->pair_f1);
	put_fmt(b, "ARI:       %.4f\n", s->ari);
	return b->oom ? NF_ENOMEM : 0;
}
