/* eval_out.c - what newsfold eval prints: a JSON object, or text. */
#include "../base/base.h"

#include <stdio.h>

int nf_write_eval_json(nf_buf *b, const nf_eval_result *r)
{
	const nf_scores *s = &r->scores;
	nf_buf_printf(b,
		      "{\"items\":%zu,\"gold_clusters\":%zu,\"pred_clusters\":%zu,\"missing\":%zu,"
		      "\"extra\":%zu,\"duplicates\":%zu,\"bcubed_p\":%.4f,\"bcubed_r\":%.4f,"
		      "\"bcubed_f1\":%.4f,\"pair_p\":%.4f,\"pair_r\":%.4f,\"pair_f1\":%.4f,"
		      "\"ari\":%.4f}\n",
		      s->items, s->gold_clusters, s->pred_clusters, r->missing, r->extra,
		      r->duplicates, s->bcubed_p, s->bcubed_r, s->bcubed_f1, s->pair_p, s->pair_r,
		      s->pair_f1, s->ari);
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_eval_text(nf_buf *b, const nf_eval_result *r)
{
	const nf_scores *s = &r->scores;
	nf_buf_printf(b, "items:     %zu (gold clusters %zu, predicted %zu)\n", s->items,
		      s->gold_clusters, s->pred_clusters);
	if (r->missing || r->extra || r->duplicates)
		nf_buf_printf(
		    b,
		    "           %zu gold ids without a prediction (singletons), %zu predicted "
		    "ids not in gold (left out), %zu repeated ids (first kept)\n",
		    r->missing, r->extra, r->duplicates);
	nf_buf_printf(b, "B-cubed:   P %.4f  R %.4f  F1 %.4f\n", s->bcubed_p, s->bcubed_r,
		      s->bcubed_f1);
	nf_buf_printf(b, "pairwise:  P %.4f  R %.4f  F1 %.4f\n", s->pair_p, s->pair_r, s->pair_f1);
	nf_buf_printf(b, "ARI:       %.4f\n", s->ari);
	return b->oom ? NF_ENOMEM : 0;
}
