/*
 * fuzz_digest.c - story digests of articles cut from the input.
 *
 * Input: articles separated by 0xFE bytes; in each, the first line is the title (when there is
 * a newline) and a first byte below 0x20 gives a date step in days.
 * Checks: every span (headline, summary, quotes, speakers, additions, names) lies inside its
 * article's text (or title), starts before it ends; support and carrier lists are ascending
 * article numbers; roles are known, a copy names an origin of the same family, an origin or
 * independent article names none; reused shares are in [0, 1]; the JSON is written without
 * running out of memory and is the same on a second run.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

#define MAX_DOCS 24

static void check_ids(const uint32_t *v, size_t n, size_t docs)
{
	for (size_t i = 0; i < n; i++) {
		FC_ASSERT(v[i] < docs);
		FC_ASSERT(i == 0 || v[i - 1] < v[i]);
	}
}

static void check_span(nf_span s, size_t len)
{
	FC_ASSERT(s.start <= s.end && s.end <= len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static nf_digester *dg;
	if (!dg)
		FC_ASSERT(nf_digester_new(&dg, NULL) == 0);
	if (size > 1 << 15)
		return 0;
	nf_doc docs[MAX_DOCS];
	size_t n = 0, i = 0;
	int64_t clock = 1700000000;
	while (i <= size && n < MAX_DOCS) {
		size_t j = i;
		while (j < size && data[j] != 0xFE)
			j++;
		const char *p = (const char *)data + i;
		size_t len = j - i;
		nf_doc d = {.date = NF_NO_DATE};
		if (len && (unsigned char)p[0] < 0x20) {
			clock += (int64_t)p[0] * 86400;
			d.date = clock;
			p++;
			len--;
		}
		const char *nl = len ? memchr(p, '\n', len) : NULL;
		d.id = (nf_str){p, 0};
		if (nl) {
			d.title = (nf_str){p, (size_t)(nl - p)};
			d.text = (nf_str){nl + 1, len - (size_t)(nl - p) - 1};
		} else {
			d.text = (nf_str){p, len};
		}
		docs[n++] = d;
		i = j + 1;
	}
	nf_buf a, b;
	nf_buf_init(&a);
	nf_buf_init(&b);
	for (int run = 0; run < 2; run++) {
		nf_digest_begin(dg);
		for (size_t k = 0; k < n; k++)
			FC_OOM(nf_digest_add(dg, &docs[k]));
		const nf_digest *g;
		FC_OOM(nf_digest_run(dg, &g));
		FC_ASSERT(g->n_docs == n);
		if (g->headline_doc >= 0) {
			const nf_doc *h = &docs[g->headline_doc];
			check_span(g->headline, g->headline_in_title ? h->title.len : h->text.len);
		}
		FC_ASSERT(g->n_summary <= 5);
		for (size_t k = 0; k < g->n_summary; k++) {
			const nf_digest_sentence *s = &g->summary[k];
			FC_ASSERT(s->doc < n);
			check_span(s->span, docs[s->doc].text.len);
			check_ids(s->support, s->n_support, n);
		}
		for (size_t k = 0; k < g->n_quotes; k++) {
			const nf_digest_quote *q = &g->quotes[k];
			FC_ASSERT(q->doc < n && q->n_carriers >= 1);
			check_span(q->span, docs[q->doc].text.len);
			check_ids(q->carriers, q->n_carriers, n);
			if (q->speaker_doc >= 0) {
				FC_ASSERT((size_t)q->speaker_doc < n);
				check_span(q->speaker, docs[q->speaker_doc].text.len);
			}
		}
		for (size_t k = 0; k < n; k++) {
			const nf_digest_source *s = &g->sources[k];
			FC_ASSERT(s->role >= NF_ROLE_INDEPENDENT && s->role <= NF_ROLE_PARTIAL);
			FC_ASSERT(s->reused >= 0 && s->reused <= 1);
			FC_ASSERT(s->family <= k);
			if (s->role == NF_ROLE_ORIGIN || s->role == NF_ROLE_INDEPENDENT) {
				FC_ASSERT(s->copy_of == -1);
			} else {
				FC_ASSERT(s->copy_of >= 0 && (size_t)s->copy_of < n);
				FC_ASSERT(g->sources[s->copy_of].role == NF_ROLE_ORIGIN);
				FC_ASSERT(g->sources[s->copy_of].family == s->family);
			}
			for (size_t m = 0; m < s->n_added; m++)
				check_span(s->added[m], docs[k].text.len);
		}
		for (size_t k = 0; k < g->n_names; k++) {
			FC_ASSERT(g->names[k].doc < n && g->names[k].docs >= 1 &&
				  g->names[k].docs <= n);
			check_span(g->names[k].span, docs[g->names[k].doc].text.len);
		}
		FC_OOM(nf_digest_json(dg, g, run ? &b : &a));
	}
	FC_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	nf_buf_release(&a);
	nf_buf_release(&b);
	return 0;
}
