/* sources.c - the headline (the title most central to the story, or a short lead) and what
 * each article added: the sentences no other article has. */
#include "digest.h"

/* --- headline, additions, run ------------------------------------------------------------- */

/* Distinct stems of tokens [t0, t1) into buf; returns how many. */
static size_t stems_of(const dtok *tok, size_t t0, size_t t1, uint32_t *buf)
{
	size_t k = 0;
	for (size_t t = t0; t < t1; t++)
		if (tok[t].term && !(tok[t].flags & NF_TOK_BOILER))
			buf[k++] = tok[t].term - 1;
	return nf_dg_uniq(buf, k);
}

int nf_dg_headline(nf_digester *d)
{
	d->out.headline_doc = -1;
	double best = -1;
	uint32_t *buf = NULL;
	size_t cap = 0;
	bool titles = false;
	for (uint32_t i = 0; i < d->n; i++)
		titles |= d->docs[i].n_ttok > 0;
	for (int pass = titles ? 1 : 0; pass < 2 && d->out.headline_doc < 0; pass++)
		for (uint32_t i = 0; i < d->n; i++) {
			const ddoc *x = &d->docs[i];
			const dtok *tok = titles ? x->ttok : x->tok;
			size_t t0 = 0, t1 = 0;
			nf_span sp;
			if (titles) {
				if (!x->n_ttok)
					continue;
				t1 = x->n_ttok;
				sp = (nf_span){0, (uint32_t)x->title_len};
			} else {
				/* a short first paragraph (a headline), or the first sentence */
				size_t p = 0;
				while (p < x->n_para) {
					size_t a = nf_dg_tok_from(x, x->para[p].start),
					       b = nf_dg_tok_from(x, x->para[p].end);
					size_t content = 0;
					for (size_t t = a; t < b; t++)
						content += !(x->tok[t].flags & NF_TOK_BOILER);
					if (content) {
						t0 = a;
						t1 = b;
						break;
					}
					p++;
				}
				if (t1 == t0)
					continue;
				bool short_para = t1 - t0 <= HEADLINE_MAX_TOKENS && t1 - t0 >= 3;
				if (pass == 0 && !short_para)
					continue; /* headlines first: a short first paragraph reads
						     as one */
				if (t1 - t0 > HEADLINE_MAX_TOKENS) {
					for (size_t k = 0; k < x->n_sent; k++)
						if (!x->sent[k].boiler) {
							t0 = x->sent[k].t0;
							t1 = x->sent[k].t1;
							break;
						}
				}
				while (t0 < t1 && (x->tok[t0].flags & NF_TOK_BOILER))
					t0++;
				if (t0 == t1)
					continue;
				/* to the end of the sentence's last word and its punctuation */
				uint32_t end = x->tok[t1 - 1].end;
				while (end < x->text_len &&
				       (x->text[end] == '.' || x->text[end] == '"'))
					end++;
				sp = (nf_span){x->tok[t0].start, end};
			}
			if (nf_grow((void **)&buf, &cap, t1 - t0 + 1, sizeof(uint32_t))) {
				free(buf);
				return NF_ENOMEM;
			}
			size_t n = stems_of(tok, t0, t1, buf);
			double c = nf_dg_centrality(d, buf, n);
			if (c > best) {
				best = c;
				d->out.headline_doc = (int32_t)i;
				d->out.headline_in_title = titles;
				d->out.headline = sp;
			}
		}
	free(buf);
	return 0;
}

/* The sentences of each article that no other article of the story carries. */
int nf_dg_additions(nf_digester *d)
{
	for (uint32_t i = 0; i < d->n; i++) {
		ddoc *x = &d->docs[i];
		nf_digest_source *s = &d->sources[i];
		s->added = (const nf_span *)(uintptr_t)d->n_added;
		size_t w_all = 0, w_in = 0;
		for (size_t t = 0; t < x->n_tok; t++) {
			if (x->tok[t].flags & NF_TOK_BOILER)
				continue;
			w_all++;
			w_in +=
			    nf_dg_covered(x->fam_cov, x->n_fam_cov, x->tok[t].start, x->tok[t].end);
		}
		s->reused = s->role == NF_ROLE_INDEPENDENT || s->role == NF_ROLE_ORIGIN || !w_all
				? 0
				: (double)w_in / (double)w_all;
		if (d->n < 2)
			continue;
		for (size_t k = 0; k < x->n_unit; k++) {
			const dsent *st = &x->unit[k];
			if (st->boiler || nf_dg_words(x, st) < SENT_MIN_WORDS)
				continue;
			if (nf_dg_share_covered(x, st->t0, st->t1, x->any_cov, x->n_any_cov) >= 0.5)
				continue;
			size_t from = d->n_support, sup;
			if (nf_dg_support_of(d, i, st, &sup))
				return NF_ENOMEM;
			d->n_support = from;
			if (sup > 1)
				continue; /* another article says it too */
			if (nf_grow((void **)&d->added, &d->cap_added, d->n_added + 1,
				    sizeof(nf_span)))
				return NF_ENOMEM;
			uint32_t start = st->span.start;
			for (uint32_t t = st->t0; t < st->t1; t++)
				if (!(x->tok[t].flags & NF_TOK_BOILER)) {
					start = x->tok[t].start;
					break;
				}
			d->added[d->n_added++] = (nf_span){start, st->span.end};
			if (++s->n_added == ADDED_MAX)
				break;
		}
	}
	for (uint32_t i = 0; i < d->n; i++)
		d->sources[i].added = d->added ? d->added + (uintptr_t)d->sources[i].added : NULL;
	return 0;
}
