/*
 * digest.c - what a story says: headline, summary, quotes with speakers, sources with their
 * roles and what each added, names. See the header for the contract.
 *
 * Sentences are compared as sets of stems (stopwords out): the story's centroid gives each stem
 * the votes of the articles using it (a copy family votes once, see weigh_stems), a headline's
 * centrality is its cosine with the centroid, and two sentences are paraphrases at a cosine of
 * PARAPHRASE or more. The summary covers facts, pairs of near stems confirmed by independent
 * voices (see weigh_facts), in units that keep a multi-sentence quotation whole (see
 * make_units). Copy families come from the aligner: pairs related as copy or partial join a
 * family (union-find); its origin is the article the others are found to copy most often, then
 * the earliest, the longest, the first.
 */
#include "digest.h"

const char *nf_role_name(int role)
{
	switch (role) {
	case NF_ROLE_ORIGIN:
		return "origin";
	case NF_ROLE_VERBATIM:
		return "verbatim copy";
	case NF_ROLE_EDITED:
		return "edited copy";
	case NF_ROLE_PARTIAL:
		return "partial copy";
	default:
		return "independent";
	}
}

void nf_digester_summary_limit(nf_digester *d, size_t bytes, size_t words)
{
	d->sum_bytes = bytes;
	d->sum_words = words;
}

int nf_digester_new(nf_digester **out, const char *language)
{
	*out = NULL;
	nf_digester *d = calloc(1, sizeof(*d));
	if (!d)
		return NF_ENOMEM;
	int rc = nf_eventer_new(&d->ev, language);
	if (!rc && nf_cleaner_new(&d->cl, NULL))
		rc = NF_ENOMEM;
	if (rc) {
		nf_digester_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

static void free_doc(ddoc *x)
{
	free(x->id);
	free(x->title);
	free(x->source);
	free(x->url);
	free(x->text);
	free(x->tok);
	free(x->norm);
	for (size_t i = 0; i < x->n_sent; i++)
		free(x->sent[i].terms);
	free(x->sent);
	for (size_t i = 0; i < x->n_unit; i++)
		free(x->unit[i].terms);
	free(x->unit);
	free(x->para);
	free(x->ttok);
	free(x->tnorm);
	nf_align_doc_free(x->ad);
	free(x->fp);
	free(x->terms);
	free(x->fam_cov);
	free(x->any_cov);
	free(x->boiler);
	memset(x, 0, sizeof(*x));
}

void nf_digest_begin(nf_digester *d)
{
	for (size_t i = 0; i < d->n; i++)
		free_doc(&d->docs[i]);
	d->n = 0;
	for (size_t i = 0; i < d->n_q; i++)
		free(d->q[i].grams);
	d->n_q = 0;
	d->n_stems = d->n_chars = 0;
	if (d->slots)
		memset(d->slots, 0, sizeof(uint32_t) << d->slot_bits);
	d->n_support = d->n_added = 0;
	d->n_dp = d->n_pspans = d->n_pairs = 0;
	d->known = false;
}

void nf_digester_work(const nf_digester *d, uint64_t *pairs, uint64_t *sentence_work,
		      uint64_t *quote_work)
{
	*pairs = d->work_pairs;
	*sentence_work = d->work_postings;
	*quote_work = d->work_quotes;
}

void nf_digester_free(nf_digester *d)
{
	if (!d)
		return;
	nf_digest_begin(d);
	nf_cleaner_free(d->cl);
	nf_eventer_free(d->ev);
	nf_aligner_free(d->al);
	free(d->docs);
	free(d->chars);
	free(d->stems);
	free(d->slots);
	free(d->centroid);
	free(d->vote);
	free(d->summary);
	free(d->support);
	free(d->memo);
	free(d->memo_docs);
	free(d->quotes);
	free(d->q);
	free(d->sources);
	free(d->added);
	free(d->names);
	free(d->dp);
	free(d->pairs);
	free(d->pspans);
	free(d->srefs);
	free(d->post_at);
	free(d->post);
	free(d->acc);
	free(d->touched);
	free(d);
}

/* --- stems ------------------------------------------------------------------------------------ */

static int stem_rehash(nf_digester *d)
{
	size_t bits = d->slot_bits ? d->slot_bits + 1 : 10;
	uint32_t *a = calloc((size_t)1 << bits, sizeof(uint32_t));
	if (!a)
		return NF_ENOMEM;
	size_t mask = ((size_t)1 << bits) - 1;
	for (size_t i = 0; i < d->n_stems; i++) {
		size_t j = d->stems[i].hash & mask;
		while (a[j])
			j = (j + 1) & mask;
		a[j] = (uint32_t)i + 1;
	}
	free(d->slots);
	d->slots = a;
	d->slot_bits = bits;
	return 0;
}

/* The id + 1 of a stem (added when new), 0 on failure. */
static uint32_t stem_id(nf_digester *d, const char *s, size_t n)
{
	if ((d->n_stems + 1) * 2 > ((size_t)1 << d->slot_bits) && stem_rehash(d))
		return 0;
	uint64_t h = nf_hash64(s, n, 17);
	size_t mask = ((size_t)1 << d->slot_bits) - 1, j = h & mask;
	for (; d->slots[j]; j = (j + 1) & mask) {
		const struct stem *x = &d->stems[d->slots[j] - 1];
		if (x->hash == h && x->len == n && memcmp(d->chars + x->off, s, n) == 0)
			return d->slots[j];
	}
	if (nf_grow((void **)&d->stems, &d->cap_stems, d->n_stems + 1, sizeof(struct stem)) ||
	    nf_grow((void **)&d->chars, &d->cap_chars, d->n_chars + n, 1))
		return 0;
	memcpy(d->chars + d->n_chars, s, n);
	d->stems[d->n_stems] = (struct stem){h, (uint32_t)d->n_chars, (uint32_t)n, 0};
	d->n_chars += n;
	d->slots[j] = (uint32_t)++d->n_stems;
	return d->slots[j];
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Sorts and dedups v[0..n); returns the new n. */
size_t nf_dg_uniq(uint32_t *v, size_t n)
{
	qsort(v, n, sizeof(uint32_t), cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* --- adding an article ------------------------------------------------------------------------ */

static char *dup_bytes(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Copies the tokens of a cleaning, with their normalized forms and stems. */
static int take_tokens(nf_digester *d, const nf_cleaned *c, dtok **tok, size_t *n, char **norm)
{
	*tok = malloc((c->n_tokens + 1) * sizeof(dtok));
	*norm = dup_bytes(c->norm, c->norm_len);
	if (!*tok || !*norm)
		return NF_ENOMEM;
	for (size_t i = 0; i < c->n_tokens; i++) {
		const nf_token *k = &c->tokens[i];
		dtok t = {k->start, k->end, k->norm, k->norm_len, k->flags, 0};
		const char *st;
		size_t sn = (k->flags & (NF_TOK_BOILER | NF_TOK_NUMBER))
				? 0
				: nf_event_stem(d->ev, c->norm + k->norm, k->norm_len, &st);
		if (sn && !(t.term = stem_id(d, st, sn)))
			return NF_ENOMEM;
		(*tok)[i] = t;
	}
	*n = c->n_tokens;
	return 0;
}

int nf_digest_add(nf_digester *d, const nf_doc *doc)
{
	if (nf_grow((void **)&d->docs, &d->cap, d->n + 1, sizeof(ddoc)))
		return NF_ENOMEM;
	ddoc *x = &d->docs[d->n];
	memset(x, 0, sizeof(*x));
	d->n++;
	x->id = dup_bytes(doc->id.ptr, doc->id.len);
	x->title = dup_bytes(doc->title.ptr, doc->title.len);
	x->source = dup_bytes(doc->source.ptr, doc->source.len);
	x->url = dup_bytes(doc->url.ptr, doc->url.len);
	x->text = dup_bytes(doc->text.ptr, doc->text.len);
	if (!x->id || !x->title || !x->source || !x->url || !x->text)
		return NF_ENOMEM;
	x->id_len = doc->id.len;
	x->title_len = doc->title.len;
	x->source_len = doc->source.len;
	x->url_len = doc->url.len;
	x->text_len = doc->text.len;
	x->date = doc->date;
	nf_cleaned c;
	if (x->title_len) {
		if (nf_clean(d->cl, x->title, x->title_len, &c) == NF_ENOMEM ||
		    take_tokens(d, &c, &x->ttok, &x->n_ttok, &x->tnorm))
			return NF_ENOMEM;
	}
	if (nf_clean(d->cl, x->text, x->text_len, &c) == NF_ENOMEM ||
	    take_tokens(d, &c, &x->tok, &x->n_tok, &x->norm) || nf_event_take_oom(d->ev))
		return NF_ENOMEM;
	x->content_words = c.n_content_tokens;
	x->boiler = malloc((c.n_boiler + 1) * sizeof(nf_span));
	if (!x->boiler)
		return NF_ENOMEM;
	x->syndicated = false;
	for (size_t i = 0; i < c.n_boiler; i++) {
		x->boiler[i] = (nf_span){c.boiler[i].start, c.boiler[i].end};
		x->syndicated |= c.boiler[i].kind == NF_BOILER_SYNDICATION;
	}
	x->n_boiler = c.n_boiler;
	x->para = malloc((c.n_paragraphs + 1) * sizeof(nf_span));
	x->sent = calloc(c.n_sentences + 1, sizeof(dsent));
	if (!x->para || !x->sent)
		return NF_ENOMEM;
	if (c.n_paragraphs)
		memcpy(x->para, c.paragraphs, c.n_paragraphs * sizeof(nf_span));
	x->n_para = c.n_paragraphs;
	/* sentences with their tokens and stems */
	size_t t = 0;
	for (size_t i = 0; i < c.n_sentences; i++) {
		dsent *s = &x->sent[x->n_sent];
		s->span = c.sentences[i];
		while (t < x->n_tok && x->tok[t].start < s->span.start)
			t++;
		s->t0 = (uint32_t)t;
		size_t boil = 0, k = t;
		while (k < x->n_tok && x->tok[k].start < s->span.end)
			boil += (x->tok[k++].flags & NF_TOK_BOILER) != 0;
		s->t1 = (uint32_t)k;
		s->boiler = k == t || boil * 2 > k - t;
		s->terms = malloc((k - t + 1) * sizeof(uint32_t));
		if (!s->terms)
			return NF_ENOMEM;
		for (size_t j = t; j < k; j++)
			if (x->tok[j].term)
				s->terms[s->n_terms++] = x->tok[j].term - 1;
		s->n_terms = (uint32_t)nf_dg_uniq(s->terms, s->n_terms);
		x->n_sent++;
	}
	/* the article's stems */
	x->terms = malloc((x->n_tok + x->n_ttok + 1) * sizeof(uint32_t));
	if (!x->terms)
		return NF_ENOMEM;
	for (size_t j = 0; j < x->n_ttok; j++)
		if (x->ttok[j].term)
			x->terms[x->n_terms++] = x->ttok[j].term - 1;
	for (size_t j = 0; j < x->n_tok; j++)
		if (x->tok[j].term)
			x->terms[x->n_terms++] = x->tok[j].term - 1;
	x->n_terms = nf_dg_uniq(x->terms, x->n_terms);
	if (d->known)
		return 0;
	/* for aligning the story here */
	nf_buf fp;
	nf_buf_init(&fp);
	int rc = nf_align_doc_new(&x->ad);
	if (!rc)
		rc = nf_align_doc_set(x->ad, x->text, x->text_len, x->date, &c);
	if (!rc)
		rc = nf_reuse_fingerprints(&c, NULL, &fp);
	if (!rc && fp.len) {
		x->fp = malloc(fp.len);
		if (!x->fp)
			rc = NF_ENOMEM;
		else
			memcpy(x->fp, fp.data, fp.len);
		x->n_fp = fp.len / sizeof(uint32_t);
	}
	nf_buf_release(&fp);
	return rc ? NF_ENOMEM : 0;
}

/* Weighs the story's stems once copy families and quotations are known: what the sources
 * write in their own words decides what matters.
 * - A family votes once, whatever the number of its copies: an article's vote is
 *   1 / (families × its family's size). A stem weighs the votes of the articles using it, so a
 *   stem every source has weighs most, and a wire reprinted ten times counts as one source.
 * - Within an article a stem counts where it is used best: title 3, lead (two sentences) 2,
 *   body 1, as for events; words inside a quotation count QUOTED_WEIGHT of that: a statement
 *   quoted word for word by every outlet is evidence of what was said, not of what the
 *   reporters found important.
 * stems[].df counts the articles using a stem anywhere. */
static int weigh_stems(nf_digester *d)
{
	free(d->vote);
	d->vote = malloc((d->n + 1) * sizeof(double));
	uint32_t *size = calloc(d->n + 1, sizeof(uint32_t));
	double *best = calloc(d->n_stems + 1, sizeof(double));
	if (!d->vote || !size || !best) {
		free(size);
		free(best);
		return NF_ENOMEM;
	}
	size_t nf = 0;
	for (size_t i = 0; i < d->n; i++)
		nf += size[d->sources[i].family]++ == 0;
	for (size_t i = 0; i < d->n; i++)
		d->vote[i] = 1.0 / ((double)nf * (double)size[d->sources[i].family]);
	d->n_families = nf;
	free(size);
	for (size_t u = 0; u < d->n_stems; u++)
		d->stems[u].df = 0;
	for (size_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		for (size_t t = 0; t < x->n_ttok; t++)
			if (x->ttok[t].term)
				best[x->ttok[t].term - 1] = 3;
		size_t lead_end = 0, q = x->q0;
		for (size_t k = 0, n = 0; k < x->n_sent && n < LEAD_SENTENCES; k++)
			if (!x->sent[k].boiler) {
				lead_end = x->sent[k].t1;
				n++;
			}
		for (size_t t = 0; t < x->n_tok; t++) {
			const dtok *w = &x->tok[t];
			while (q < x->q1 && d->q[q].span.end <= w->start)
				q++;
			if (!w->term || (w->flags & NF_TOK_BOILER))
				continue;
			bool quoted = q < x->q1 && d->q[q].span.start <= w->start;
			double f = (t < lead_end ? 2 : 1) * (quoted ? QUOTED_WEIGHT : 1);
			if (f > best[w->term - 1])
				best[w->term - 1] = f;
		}
		for (size_t k = 0; k < x->n_terms; k++) {
			uint32_t u = x->terms[k];
			d->centroid[u] += d->vote[i] * best[u];
			d->stems[u].df++;
			best[u] = 0;
		}
	}
	free(best);
	d->centroid_norm = 0;
	for (size_t u = 0; u < d->n_stems; u++)
		d->centroid_norm += d->centroid[u] * d->centroid[u];
	d->centroid_norm = sqrt(d->centroid_norm);
	return 0;
}

int nf_digest_run(nf_digester *d, const nf_digest **out)
{
	memset(&d->out, 0, sizeof(d->out));
	d->out.n_docs = d->n;
	d->out.headline_doc = -1;
	d->n_support = d->n_added = 0;
	free(d->centroid);
	free(d->summary);
	free(d->sources);
	d->summary = NULL; /* made by the summary (nf_dg_summarize) */
	d->centroid = calloc(d->n_stems + 1, sizeof(double));
	d->sources = calloc(d->n + 1, sizeof(nf_digest_source));
	if (!d->centroid || !d->sources)
		return NF_ENOMEM;
	for (size_t i = 0; i < d->n_q; i++)
		free(d->q[i].grams);
	d->n_q = 0;
	nf_uf uf = {0};
	int rc = nf_uf_grow(&uf, d->n + 1);
	if (!rc)
		rc = nf_dg_families(d, &uf);
	nf_uf_release(&uf);
	if (rc == NF_EINVAL)
		return rc;
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		d->docs[i].q0 = d->n_q;
		rc = nf_dg_scan_quotes(d, i);
		d->docs[i].q1 = d->n_q;
		if (!rc)
			rc = nf_dg_make_units(d, i);
	}
	if (!rc)
		rc = weigh_stems(d);
	if (!rc)
		rc = nf_dg_index_sentences(d);
	if (!rc)
		rc = nf_dg_summarize(d);
	if (!rc)
		rc = nf_dg_group_quotes(d);
	if (!rc)
		rc = nf_dg_find_names(d);
	if (!rc)
		rc = nf_dg_headline(d);
	if (!rc)
		rc = nf_dg_additions(d);
	if (rc || nf_event_take_oom(d->ev))
		return NF_ENOMEM;
	/* offsets into the support pool become pointers, now that it stops moving */
	for (size_t j = 0; j < d->out.n_summary; j++)
		d->summary[j].support = d->support + (uintptr_t)d->summary[j].support;
	for (size_t j = 0; j < d->out.n_quotes; j++)
		d->quotes[j].carriers = d->support + (uintptr_t)d->quotes[j].carriers;
	d->out.pairs = d->pairs;
	d->out.n_pairs = d->n_pairs;
	d->out.summary = d->summary;
	d->out.quotes = d->quotes;
	d->out.sources = d->sources;
	d->out.names = d->names;
	*out = &d->out;
	return 0;
}
