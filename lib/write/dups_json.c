/*
 * dups_json.c - the records of newsfold dedup: --pairs and --groups lines, the {id, date, text}
 * line of a kept document that was not read from JSONL, and the --explain text.
 */
#include "write.h"

#include <stdio.h>
#include <string.h>

static void put_num(nf_buf *b, double x)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%.4f", x);
	nf_buf_append(b, tmp, (size_t)n);
}

static void put_id(nf_buf *b, const nf_dups *d, uint32_t doc)
{
	bool num;
	nf_str id = nf_dups_id(d, doc, &num);
	nf_json_id(b, id, num);
}

int nf_write_dup_pair_json(nf_buf *b, const nf_dups *d, const nf_dup_pair *p)
{
	nf_buf_puts(b, "{\"a\":");
	put_id(b, d, p->a);
	nf_buf_puts(b, ",\"b\":");
	put_id(b, d, p->b);
	nf_buf_puts(b, ",\"kind\":\"");
	nf_buf_puts(b, nf_dup_kind(d, p));
	nf_buf_puts(b, "\",\"jaccard\":");
	put_num(b, p->jaccard);
	nf_buf_puts(b, ",\"containment_a\":");
	put_num(b, p->containment_a);
	nf_buf_puts(b, ",\"containment_b\":");
	put_num(b, p->containment_b);
	nf_buf_puts(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_dup_family_json(nf_buf *b, const nf_dups *d, const nf_dup_family *f)
{
	char tmp[48];
	nf_buf_puts(b, "{\"family\":");
	put_id(b, d, f->family);
	nf_buf_puts(b, ",\"representative\":");
	put_id(b, d, f->representative);
	snprintf(tmp, sizeof(tmp), ",\"size\":%zu,\"members\":[", f->n_members);
	nf_buf_puts(b, tmp);
	for (size_t x = 0; x < f->n_members; x++) {
		if (x)
			nf_buf_puts(b, ",");
		put_id(b, d, f->members[x]);
	}
	nf_buf_puts(b, "],\"pairs\":[");
	for (size_t x = 0; x < f->n_pairs; x++) {
		const nf_dup_pair *p = nf_dups_pair(d, f->pairs[x]);
		nf_buf_puts(b, x ? ",[" : "[");
		put_id(b, d, p->a);
		nf_buf_puts(b, ",");
		put_id(b, d, p->b);
		nf_buf_puts(b, ",");
		put_num(b, p->jaccard);
		nf_buf_puts(b, "]");
	}
	nf_buf_puts(b, "]}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_doc_json(nf_buf *b, const nf_doc *doc)
{
	nf_buf_puts(b, "{\"id\":");
	nf_json_string(b, doc->id.ptr, doc->id.len);
	const struct {
		const char *key;
		nf_str v;
	} f[] = {{",\"title\":", doc->title},
		 {",\"source\":", doc->source},
		 {",\"url\":", doc->url},
		 {",\"date\":", doc->date_raw},
		 {",\"lang\":", doc->lang}};
	for (size_t i = 0; i < NF_ARRAY_LEN(f); i++) {
		if (!f[i].v.len)
			continue;
		nf_buf_puts(b, f[i].key);
		nf_json_string(b, f[i].v.ptr, f[i].v.len);
	}
	nf_write_archive_json(b, doc);
	nf_buf_puts(b, ",\"text\":");
	nf_json_string(b, doc->text.ptr, doc->text.len);
	nf_buf_puts(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_dups_explain(nf_buf *b, const nf_dups *d)
{
	nf_dups_stats st;
	nf_dups_stats_get(d, &st);
	if (st.simhash) {
		/* the index uses hamming + 1 blocks */
		nf_buf_printf(
		    b,
		    "dedup: SimHash-64 in %u blocks: candidates within Hamming distance %u, "
		    "verified at Jaccard >= %.2f\n",
		    st.bands, st.bands - 1, st.threshold);
		return b->oom ? NF_ENOMEM : 0;
	}
	nf_buf_printf(
	    b, "dedup: K = %u lanes, LSH tuned for J = %.2f: %u bands x %u rows (%u lanes used)\n",
	    st.k, st.lsh_threshold, st.bands, st.rows, st.bands * st.rows);
	nf_buf_printf(b, "       P(candidate) = 1 - (1 - J^%u)^%u:\n", st.rows, st.bands);
	static const double js[] = {0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0};
	for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++)
		nf_buf_printf(b, "       J = %.2f  P = %.4f\n", js[i],
			      nf_lsh_probability(js[i], st.bands, st.rows));
	nf_buf_printf(b, "       every candidate is verified: linked at Jaccard >= %.2f%s\n",
		      st.threshold, st.containment > 0 ? " or containment >= C" : "");
	return b->oom ? NF_ENOMEM : 0;
}
