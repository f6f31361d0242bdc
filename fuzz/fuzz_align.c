/*
 * fuzz_align.c - passage reuse on two texts cut from the input: the fingerprints and the
 * alignment of (A, B), (B, A) and (A, A), where B is A's text edited by the input's tail.
 *
 * Input: text A, then (after the first 0xFF byte, if any) an edit script: each byte pair
 * (op, arg) deletes, duplicates or replaces a word of A, making B; without 0xFF, B is A with
 * every third word dropped.
 * Checks: fingerprints are distinct and sorted; every span lies inside its text, starts before
 * it ends, starts at the first byte of a word (token) and ends at the last byte of one, holds at
 * least min_words matched words and a similarity in (0, 1], has a known kind (verbatim: as many
 * words on both sides); spans come in order of a_start; coverages are in [0, 1]; the relation is
 * "none" exactly when no span counts.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

/* Token starts and ends of one text (sorted: tokens come in order). */
typedef struct edges {
	uint32_t *start, *end;
	size_t n;
} edges;

static void take_edges(edges *e, const nf_cleaned *c)
{
	e->n = c->n_tokens;
	e->start = malloc((e->n + 1) * sizeof(uint32_t));
	e->end = malloc((e->n + 1) * sizeof(uint32_t));
	FC_ASSERT(e->start && e->end);
	for (size_t i = 0; i < e->n; i++) {
		e->start[i] = c->tokens[i].start;
		e->end[i] = c->tokens[i].end;
	}
}

static bool has(const uint32_t *v, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == x;
}

static void check_alignment(const nf_alignment *r, size_t na, const edges *ea, size_t nb,
			    const edges *eb)
{
	FC_ASSERT(r->coverage_a >= 0 && r->coverage_a <= 1);
	FC_ASSERT(r->coverage_b >= 0 && r->coverage_b <= 1);
	FC_ASSERT(r->relation >= NF_REL_NONE && r->relation <= NF_REL_QUOTE);
	FC_ASSERT(r->source >= -1 && r->source <= 1);
	size_t counted = 0;
	for (size_t i = 0; i < r->n_spans; i++) {
		const nf_passage *p = &r->spans[i];
		FC_ASSERT(p->a_start < p->a_end && p->a_end <= na);
		FC_ASSERT(p->b_start < p->b_end && p->b_end <= nb);
		/* spans start at a word's first byte and end at a word's last */
		FC_ASSERT(has(ea->start, ea->n, p->a_start) && has(ea->end, ea->n, p->a_end));
		FC_ASSERT(has(eb->start, eb->n, p->b_start) && has(eb->end, eb->n, p->b_end));
		FC_ASSERT(p->matched >= 10 && p->a_words >= 1 && p->b_words >= 1);
		FC_ASSERT(p->similarity > 0 && p->similarity <= 1);
		FC_ASSERT(p->kind >= NF_PASSAGE_VERBATIM && p->kind <= NF_PASSAGE_QUOTE);
		if (p->kind == NF_PASSAGE_VERBATIM)
			FC_ASSERT(p->a_words == p->b_words);
		if (i)
			FC_ASSERT(r->spans[i - 1].a_start <= p->a_start);
		counted += !p->boilerplate;
	}
	FC_ASSERT((r->relation == NF_REL_NONE) == (counted == 0));
	if (r->relation == NF_REL_NONE)
		FC_ASSERT(r->shared_a == 0 && r->shared_b == 0);
}

/* B: A's words edited by the script. */
static void make_b(const char *a, size_t na, const uint8_t *ops, size_t nops, nf_buf *out)
{
	size_t w = 0, i = 0;
	while (i < na) {
		size_t j = i;
		while (j < na && a[j] != ' ')
			j++;
		/* the word a[i, j) and its following space */
		size_t e = j < na ? j + 1 : j;
		uint8_t op = nops ? ops[(2 * w) % nops] : (uint8_t)(w % 3 == 2 ? 1 : 0);
		uint8_t arg = nops > 1 ? ops[(2 * w + 1) % nops] : 0;
		switch (nops ? op % 8 : op) {
		case 1: /* delete */
			break;
		case 2: /* duplicate */
			nf_buf_append(out, a + i, e - i);
			nf_buf_append(out, a + i, e - i);
			break;
		case 3: /* replace */
			nf_buf_append(out, "zq", 2);
			nf_buf_append(out, (const char *)&"abcdefghijklmnopqrstuvwxyz"[arg % 26],
				      1);
			nf_buf_append(out, " ", 1);
			break;
		default:
			nf_buf_append(out, a + i, e - i);
		}
		w++;
		i = e;
	}
	FC_ASSERT(!out->oom);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static nf_cleaner *cl;
	static nf_aligner *al;
	static nf_align_doc *da, *db;
	if (!cl) {
		FC_ASSERT(nf_cleaner_new(&cl, NULL) == 0 && nf_aligner_new(&al, NULL) == 0 &&
			  nf_align_doc_new(&da) == 0 && nf_align_doc_new(&db) == 0);
	}
	const uint8_t *cut = size ? memchr(data, 0xFF, size) : NULL;
	size_t na = cut ? (size_t)(cut - data) : size;
	const char *a = na ? (const char *)data : "";
	nf_buf bb, fp;
	nf_buf_init(&bb);
	nf_buf_init(&fp);
	make_b(a, na, cut ? cut + 1 : NULL, cut ? size - na - 1 : 0, &bb);
	const char *b = bb.len ? bb.data : "";
	nf_cleaned c;
	FC_OOM(nf_clean(cl, a, na, &c));
	FC_OOM(nf_reuse_fingerprints(&c, NULL, &fp));
	const uint32_t *f = (const uint32_t *)(const void *)fp.data;
	for (size_t i = 1; i < fp.len / 4; i++)
		FC_ASSERT(f[i - 1] < f[i]);
	FC_OOM(nf_align_doc_set(da, a, na, NF_NO_DATE, &c));
	edges ea, eb;
	take_edges(&ea, &c);
	FC_OOM(nf_clean(cl, b, bb.len, &c));
	FC_OOM(nf_align_doc_set(db, b, bb.len, NF_NO_DATE, &c));
	take_edges(&eb, &c);

	nf_alignment r;
	FC_OOM(nf_align(al, da, db, &r));
	check_alignment(&r, na, &ea, bb.len, &eb);
	FC_OOM(nf_align(al, db, da, &r));
	check_alignment(&r, bb.len, &eb, na, &ea);
	/* A against itself */
	FC_OOM(nf_align(al, da, da, &r));
	check_alignment(&r, na, &ea, na, &ea);
	free(ea.start);
	free(ea.end);
	free(eb.start);
	free(eb.end);
	nf_buf_release(&bb);
	nf_buf_release(&fp);
	return 0;
}
