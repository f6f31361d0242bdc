/* reuse_json.c - the records of newsfold reuse: one JSON line per pair of articles sharing
 * passages, with the aligned spans (the spans array is also what a store keeps, table reuse),
 * then one per copy family of a widely copied passage. */
#include "../base/base.h"

#include <stdio.h>
#include <string.h>

static void put_id(nf_buf *b, const nf_reuser *r, uint32_t doc)
{
	bool num;
	nf_str id = nf_reuser_id(r, doc, &num);
	nf_json_id(b, id, num);
}

int nf_write_spans_json(nf_buf *b, const nf_alignment *al)
{
	nf_buf_puts(b, "[");
	for (size_t i = 0; i < al->n_spans; i++) {
		const nf_passage *p = &al->spans[i];
		nf_buf_printf(b, "%s{\"a_start\":%u,\"a_end\":%u,\"b_start\":%u,\"b_end\":%u",
			      i ? "," : "", p->a_start, p->a_end, p->b_start, p->b_end);
		nf_buf_printf(b,
			      ",\"words_a\":%u,\"words_b\":%u,\"similarity\":%.4f,\"kind\":\"%s\"",
			      p->a_words, p->b_words, p->similarity, nf_passage_kind_name(p->kind));
		nf_buf_puts(b,
			    p->boilerplate ? ",\"boilerplate\":true}" : ",\"boilerplate\":false}");
	}
	nf_buf_puts(b, "]");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_reuse_json(nf_buf *b, const nf_reuser *r, const nf_reuse_link *l)
{
	const nf_alignment *al = &l->al;
	nf_buf_puts(b, "{\"a\":");
	put_id(b, r, l->a);
	nf_buf_puts(b, ",\"b\":");
	put_id(b, r, l->b);
	nf_buf_printf(b, ",\"relation\":\"%s\",\"coverage_a\":%.4f,\"coverage_b\":%.4f",
		      nf_relation_name(al->relation), al->coverage_a, al->coverage_b);
	nf_buf_printf(b, ",\"shared_words_a\":%u,\"shared_words_b\":%u,\"source\":", al->shared_a,
		      al->shared_b);
	if (al->source < 0)
		nf_buf_puts(b, "null");
	else
		put_id(b, r, al->source == 0 ? l->a : l->b);
	if (al->basis == NF_BASIS_NONE)
		nf_buf_puts(b, ",\"basis\":null");
	else
		nf_buf_printf(b, ",\"basis\":\"%s\"", nf_basis_name(al->basis));
	nf_buf_puts(b, ",\"spans\":");
	nf_write_spans_json(b, al);
	nf_buf_puts(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_reuse_family_json(nf_buf *b, const nf_reuser *r, const nf_reuse_family *f)
{
	nf_buf_puts(b, "{\"family\":[");
	for (size_t i = 0; i < f->n; i++) {
		if (i)
			nf_buf_puts(b, ",");
		put_id(b, r, f->docs[i]);
	}
	nf_buf_puts(b, "],\"coverage\":[");
	for (size_t i = 0; i < f->n; i++)
		nf_buf_printf(b, "%s%.4f", i ? "," : "", f->coverage[i]);
	nf_buf_puts(b, "],\"origin\":");
	if (f->origin < 0)
		nf_buf_puts(b, "null");
	else
		put_id(b, r, (uint32_t)f->origin);
	nf_buf_puts(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}
