/*
 * summary.c - the summary: units (sentences, a quotation over several sentences joined) chosen
 * to cover the facts independent voices confirm, each with the articles that carry it or a
 * close paraphrase.
 */
#include "digest.h"

bool nf_dg_covered(const nf_span *v, size_t n, uint32_t s, uint32_t e)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].start <= s && e <= v[i].end)
			return true;
	return false;
}

/* Share of a token range's content words inside the spans. */
double nf_dg_share_covered(const ddoc *x, uint32_t t0, uint32_t t1, const nf_span *v, size_t n)
{
	size_t all = 0, in = 0;
	for (uint32_t t = t0; t < t1; t++) {
		if (x->tok[t].flags & NF_TOK_BOILER)
			continue;
		all++;
		in += nf_dg_covered(v, n, x->tok[t].start, x->tok[t].end);
	}
	return all ? (double)in / (double)all : 0;
}

/* --- sentences ---------------------------------------------------------------------------- */

static double cos_sets(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (!na || !nb)
		return 0;
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			c++, i++, j++;
	}
	return (double)c / sqrt((double)na * (double)nb);
}

double nf_dg_centrality(const nf_digester *d, const uint32_t *t, size_t n)
{
	if (!n)
		return 0;
	double dot = 0;
	for (size_t i = 0; i < n; i++)
		dot += d->centroid[t[i]];
	return d->centroid_norm > 0 ? dot / (d->centroid_norm * sqrt((double)n)) : 0;
}

size_t nf_dg_words(const ddoc *x, const dsent *s)
{
	size_t w = 0;
	for (uint32_t t = s->t0; t < s->t1; t++)
		w += !(x->tok[t].flags & NF_TOK_BOILER);
	return w;
}

int nf_dg_push_support(nf_digester *d, uint32_t v)
{
	if (nf_grow((void **)&d->support, &d->cap_support, d->n_support + 1, sizeof(uint32_t)))
		return NF_ENOMEM;
	d->support[d->n_support++] = v;
	return 0;
}

typedef struct cand {
	uint32_t doc, sent;
	double score;
	size_t f0, f1; /* its facts: keys and weights [f0, f1) of the pools */
} cand;

/* Articles with a sentence close to (doc, sent), into d->support from `from`. */
/* The story's sentences indexed by stem (compressed rows), to find paraphrases without
 * comparing every pair. */
int nf_dg_index_sentences(nf_digester *d)
{
	free(d->srefs);
	free(d->post_at);
	free(d->post);
	free(d->acc);
	d->srefs = NULL;
	d->post_at = d->post = d->acc = NULL;
	d->memo_n = d->memo_docs_n = 0; /* the paraphrases found on the old index */
	if (d->memo)
		memset(d->memo, 0, d->memo_cap * sizeof(*d->memo));
	size_t ns = 0, nt = 0;
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->docs[i].n_unit; k++)
			if (!d->docs[i].unit[k].boiler) {
				ns++;
				nt += d->docs[i].unit[k].n_terms;
			}
	d->srefs = malloc((ns + 1) * sizeof(*d->srefs));
	d->post_at = calloc(d->n_stems + 2, sizeof(uint32_t));
	d->post = malloc((nt + 1) * sizeof(uint32_t));
	d->acc = calloc(ns + 1, sizeof(uint32_t));
	if (!d->srefs || !d->post_at || !d->post || !d->acc)
		return NF_ENOMEM;
	d->n_srefs = ns;
	size_t j = 0;
	for (uint32_t i = 0; i < d->n; i++)
		for (uint32_t k = 0; k < d->docs[i].n_unit; k++) {
			const dsent *st = &d->docs[i].unit[k];
			if (st->boiler)
				continue;
			d->srefs[j++] = (struct sref){i, k};
			for (uint32_t t = 0; t < st->n_terms; t++)
				d->post_at[st->terms[t] + 1]++;
		}
	for (size_t t = 0; t < d->n_stems; t++)
		d->post_at[t + 1] += d->post_at[t];
	uint32_t *fill = malloc((d->n_stems + 1) * sizeof(uint32_t));
	if (!fill)
		return NF_ENOMEM;
	memcpy(fill, d->post_at, (d->n_stems + 1) * sizeof(uint32_t));
	for (uint32_t r = 0; r < ns; r++) {
		const dsent *st = &d->docs[d->srefs[r].doc].unit[d->srefs[r].sent];
		for (uint32_t t = 0; t < st->n_terms; t++)
			d->post[fill[st->terms[t]]++] = r;
	}
	free(fill);
	return 0;
}

/* The articles with a sentence close to s (of article doc; doc itself always) pushed onto
 * d->support, ascending; their number in *count. */
static uint64_t terms_hash(const dsent *s)
{
	uint64_t h = nf_hash64(s->terms, s->n_terms * sizeof(uint32_t), 0x5eed);
	return h ? h : 1;
}

/* The memo's slot for s: its entry, or the empty slot where it goes (NULL: no memory). */
static struct smemo *memo_slot(nf_digester *d, const dsent *s, uint64_t h)
{
	if (2 * (d->memo_n + 1) > d->memo_cap) { /* grow: rehash */
		size_t cap = d->memo_cap ? 2 * d->memo_cap : 256;
		struct smemo *m = calloc(cap, sizeof(*m));
		if (!m)
			return NULL;
		for (size_t i = 0; i < d->memo_cap; i++) {
			size_t k = d->memo[i].h & (cap - 1);
			while (d->memo[i].h && m[k].h)
				k = (k + 1) & (cap - 1);
			if (d->memo[i].h)
				m[k] = d->memo[i];
		}
		free(d->memo);
		d->memo = m;
		d->memo_cap = cap;
	}
	size_t k = h & (d->memo_cap - 1);
	while (d->memo[k].h &&
	       !(d->memo[k].h == h && d->memo[k].n_terms == s->n_terms &&
		 memcmp(d->memo[k].terms, s->terms, s->n_terms * sizeof(uint32_t)) == 0))
		k = (k + 1) & (d->memo_cap - 1);
	return &d->memo[k];
}

/* The documents with a sentence that paraphrases s (s's own among them when it is one of the
 * story's sentences), ascending, in *docs (valid until the next call). The answer depends on
 * s's terms only, so it is worked out once per distinct sentence. */
static int paraphrased_in(nf_digester *d, const dsent *s, const uint32_t **docs, size_t *n)
{
	*n = 0;
	*docs = NULL;
	if (s->n_terms == 0)
		return 0;
	uint64_t h = terms_hash(s);
	struct smemo *m = memo_slot(d, s, h);
	if (!m)
		return NF_ENOMEM;
	if (!m->h) {
		/* shared stems with every sentence that has any, through the postings */
		size_t nt = 0, from = d->memo_docs_n;
		for (uint32_t k = 0; k < s->n_terms; k++) {
			uint32_t t = s->terms[k];
			d->work_postings += d->post_at[t + 1] - d->post_at[t];
			for (uint32_t p = d->post_at[t]; p < d->post_at[t + 1]; p++) {
				uint32_t r = d->post[p];
				if (d->acc[r]++ == 0) {
					if (nf_grow((void **)&d->touched, &d->cap_touched, nt + 1,
						    sizeof(uint32_t)))
						return NF_ENOMEM;
					d->touched[nt++] = r;
				}
			}
		}
		int rc = 0;
		for (size_t i = 0; i < nt; i++) {
			uint32_t r = d->touched[i];
			const dsent *o = &d->docs[d->srefs[r].doc].unit[d->srefs[r].sent];
			double c =
			    (double)d->acc[r] / sqrt((double)s->n_terms * (double)o->n_terms);
			d->acc[r] = 0;
			if (!rc && c >= PARAPHRASE &&
			    nf_grow((void **)&d->memo_docs, &d->memo_docs_cap, d->memo_docs_n + 1,
				    sizeof(uint32_t)))
				rc = NF_ENOMEM;
			else if (!rc && c >= PARAPHRASE)
				d->memo_docs[d->memo_docs_n++] = d->srefs[r].doc;
		}
		if (rc)
			return rc;
		size_t count = nf_dg_uniq(d->memo_docs + from, d->memo_docs_n - from);
		d->memo_docs_n = from + count;
		*m = (struct smemo){h, s->terms, s->n_terms, from, count};
		d->memo_n++;
	}
	*docs = d->memo_docs + m->from;
	*n = m->count;
	return 0;
}

int nf_dg_support_of(nf_digester *d, uint32_t doc, const dsent *s, size_t *count)
{
	size_t from = d->n_support, n;
	const uint32_t *docs;
	int rc = paraphrased_in(d, s, &docs, &n);
	/* doc merged into the ascending docs: no sort (the list can hold every article) */
	bool placed = false;
	for (size_t i = 0; !rc && i <= n; i++) {
		if (!placed && (i == n || docs[i] >= doc)) {
			placed = true;
			rc = nf_dg_push_support(d, doc);
			if (i < n && docs[i] == doc)
				continue;
		}
		if (!rc && i < n)
			rc = nf_dg_push_support(d, docs[i]);
	}
	if (rc)
		return NF_ENOMEM;
	*count = d->n_support - from;
	return 0;
}

/* Facts. A fact is two of the story's shared stems said in one summary unit ("meet" with
 * "Budapest", "Rubio" with "advisors"): single stems cannot tell the Budapest meeting from the
 * Oval Office one once "meet" is covered. A fact weighs the votes of the articles that state it
 * in their own words (a family votes once), each counting where it states it best: in the lead
 * 2, else 1. Statements in echoed text (TOK_ECHO: a quotation every outlet carries, a passage
 * reprinted across families) are one voice together, a family's vote at the best place: the
 * outlets that carry the same words confirm nothing to each other. */
typedef struct factmap {
	uint64_t *key; /* (a + 1) << 32 | (b + 1), a < b stems; 0 empty */
	double *val;
	size_t n, mask;
} factmap;

static void fm_release(factmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

static double *fm_slot(factmap *m, uint64_t k, bool add)
{
	if (add && (m->n + 1) * 2 > m->mask + 1) {
		size_t cap = m->mask ? 2 * (m->mask + 1) : 1024;
		factmap g = {calloc(cap, sizeof(uint64_t)), calloc(cap, sizeof(double)), 0,
			     cap - 1};
		if (!g.key || !g.val) {
			fm_release(&g);
			return NULL;
		}
		for (size_t i = 0; m->mask && i <= m->mask; i++)
			if (m->key[i])
				*fm_slot(&g, m->key[i], true) = m->val[i];
		fm_release(m);
		*m = g;
	}
	if (!m->mask)
		return NULL;
	for (size_t i = (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & m->mask;;
	     i = (i + 1) & m->mask) {
		if (m->key[i] == k)
			return &m->val[i];
		if (!m->key[i]) {
			if (!add)
				return NULL;
			m->key[i] = k;
			m->n++;
			return &m->val[i];
		}
	}
}

static uint64_t fact_key(uint32_t a, uint32_t b)
{
	return a < b ? (uint64_t)(a + 1) << 32 | (b + 1) : (uint64_t)(b + 1) << 32 | (a + 1);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* The facts of unit s of article x: pairs of its shared stems (used by min_df articles) at
 * most FACT_WINDOW shared stems apart, distinct and ascending, into keys (room for
 * FACT_MAX); returns how many. Near pairs keep a unit's facts proportional to its length.
 * A key is the fact's shifted left by one, its lowest bit set when either word is echoed
 * (stem ids stay below 2^31: each takes two bytes or more of the uint32_t-indexed arena). */
static size_t unit_facts(const nf_digester *d, const ddoc *x, const dsent *s, uint32_t min_df,
			 uint64_t *keys)
{
	uint32_t ring[FACT_WINDOW];
	bool echo[FACT_WINDOW];
	size_t n = 0, seen = 0;
	for (uint32_t t = s->t0; t < s->t1; t++) {
		const dtok *w = &x->tok[t];
		if (!w->term || (w->flags & NF_TOK_BOILER) || d->stems[w->term - 1].df < min_df)
			continue;
		uint32_t u = w->term - 1;
		bool e = w->flags & TOK_ECHO;
		for (size_t j = 0; j < FACT_WINDOW && j < seen && n < FACT_MAX; j++)
			if (ring[j] != u)
				keys[n++] = fact_key(ring[j], u) << 1 | (e || echo[j]);
		echo[seen % FACT_WINDOW] = e;
		ring[seen++ % FACT_WINDOW] = u;
	}
	qsort(keys, n, sizeof(uint64_t), cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || keys[k - 1] != keys[i])
			keys[k++] = keys[i];
	return k;
}

typedef struct placed {
	uint64_t key;
	double f;
} placed;

static int cmp_placed(const void *x, const void *y)
{
	const placed *a = x, *b = y;
	return a->key != b->key ? (a->key < b->key ? -1 : 1) : (a->f < b->f) - (a->f > b->f);
}

static int weigh_facts(nf_digester *d, factmap *w, uint32_t min_df)
{
	placed *mine = NULL; /* one article's facts with where it states them */
	size_t cap = 0;
	uint64_t keys[FACT_MAX];
	factmap echoed = {0}; /* per fact: the best place any article echoes it at */
	int rc = 0;
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		size_t pos = 0, nm = 0;
		for (uint32_t k = 0; !rc && k < x->n_unit; k++) {
			const dsent *s = &x->unit[k];
			if (s->boiler)
				continue;
			double f = ++pos <= LEAD_SENTENCES ? 2.0 : 1.0;
			size_t n = unit_facts(d, x, s, min_df, keys);
			if (nf_grow((void **)&mine, &cap, nm + n + 1, sizeof(placed))) {
				rc = NF_ENOMEM;
				break;
			}
			for (size_t a = 0; a < n; a++)
				mine[nm++] = (placed){keys[a], f};
		}
		/* by key, best place first: each fact once, where the article states it best; in
		 * its own words (even key) before echoed (odd), which then do not count */
		if (nm)
			qsort(mine, nm, sizeof(placed), cmp_placed);
		for (size_t j = 0; !rc && j < nm; j++) {
			uint64_t k = mine[j].key;
			if (j && (k == mine[j - 1].key || (k & 1 && k - 1 == mine[j - 1].key)))
				continue;
			double *v = fm_slot(k & 1 ? &echoed : w, k >> 1, true);
			if (!v)
				rc = NF_ENOMEM;
			else if (!(k & 1))
				*v += d->vote[i] * mine[j].f;
			else if (mine[j].f > *v)
				*v = mine[j].f;
		}
	}
	for (size_t j = 0; !rc && echoed.mask && j <= echoed.mask; j++) {
		double *v = echoed.key[j] ? fm_slot(w, echoed.key[j], true) : NULL;
		if (echoed.key[j] && !v)
			rc = NF_ENOMEM;
		else if (v)
			*v += echoed.val[j] / (double)d->n_families;
	}
	fm_release(&echoed);
	free(mine);
	return rc;
}

/* The span of unit s shown in the summary: a dateline opening it stays out. */
static nf_span shown_span(const ddoc *x, const dsent *s)
{
	nf_span sp = s->span;
	for (uint32_t t = s->t0; t < s->t1 && (x->tok[s->t0].flags & NF_TOK_BOILER); t++)
		if (!(x->tok[t].flags & NF_TOK_BOILER)) {
			sp.start = x->tok[t].start;
			break;
		}
	return sp;
}

/* Does candidate i still fit the budget (nf_digester_summary_limit), with *used_b bytes and
 * *used_w words taken? A sentence is counted with the space that joins it to the last. */
static bool fits(const nf_digester *d, const cand *c, size_t chosen, size_t used_b, size_t used_w)
{
	const ddoc *x = &d->docs[c->doc];
	const dsent *s = &x->unit[c->sent];
	nf_span sp = shown_span(x, s);
	size_t b = sp.end - sp.start + (chosen ? 1 : 0);
	return (!d->sum_bytes || used_b + b <= d->sum_bytes) &&
	       (!d->sum_words || used_w + nf_dg_words(x, s) <= d->sum_words);
}

/* The summary: greedy coverage of the story's facts. Each pick is the unit whose facts not yet
 * covered weigh most per its number of stems to the power SUMMARY_LENGTH_EXP (long sentences
 * pay for their words, but the summary is counted in sentences: one that tells more of a fact
 * many report, such as who leads the meeting, is worth its length); a paraphrase of a pick is
 * out. Picks stop at SUMMARY_MAX, or after SUMMARY_MIN once the best adds less than 15 % of the
 * first. With a budget (nf_digester_summary_limit) picks go on while a unit fits it, and a
 * unit whose facts are all covered still counts by its centrality (a summariser fills its
 * length). */
int nf_dg_summarize(nf_digester *d)
{
	cand *c = NULL;
	size_t nc = 0, cap = 0;
	uint32_t min_df = d->n > 1 ? 2 : 1;
	bool budget = d->sum_bytes || d->sum_words;
	for (uint32_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		for (uint32_t k = 0; k < x->n_unit; k++) {
			const dsent *s = &x->unit[k];
			if (s->boiler)
				continue;
			size_t w = nf_dg_words(x, s);
			if (w < SENT_MIN_WORDS || w > SENT_MAX_WORDS || s->n_terms < 3 ||
			    s->midquote)
				continue;
			if (nf_grow((void **)&c, &cap, nc + 1, sizeof(cand))) {
				free(c);
				return NF_ENOMEM;
			}
			c[nc++] = (cand){i, k, 0, 0, 0};
		}
	}
	factmap fw = {0}, done = {0};
	int rc = weigh_facts(d, &fw, min_df);
	/* each candidate's facts with their weights, looked up once */
	uint64_t *fk = NULL;
	double *fv = NULL;
	size_t nf = 0, cap_fk = 0, cap_fv = 0;
	for (size_t i = 0; !rc && i < nc; i++) {
		if (nf_grow((void **)&fk, &cap_fk, nf + FACT_MAX, sizeof(uint64_t)) ||
		    nf_grow((void **)&fv, &cap_fv, nf + FACT_MAX, sizeof(double))) {
			rc = NF_ENOMEM;
			break;
		}
		const ddoc *x = &d->docs[c[i].doc];
		size_t n = unit_facts(d, x, &x->unit[c[i].sent], min_df, fk + nf), k = 0;
		for (size_t a = 0; a < n; a++) /* the facts, echoed or not */
			if (k == 0 || fk[nf + k - 1] != fk[nf + a] >> 1)
				fk[nf + k++] = fk[nf + a] >> 1;
		n = k;
		c[i].f0 = nf;
		for (size_t a = 0; a < n; a++) {
			const double *v = fm_slot(&fw, fk[nf + a], false);
			fv[nf + a] = v ? *v : 0;
		}
		nf += n;
		c[i].f1 = nf;
	}
	size_t chosen = 0, limit = budget ? nc : SUMMARY_MAX, used_b = 0, used_w = 0;
	double first = 0;
	uint32_t *pick = malloc((limit + 1) * sizeof(uint32_t));
	if (!rc && !pick)
		rc = NF_ENOMEM;
	while (!rc && chosen < limit) {
		double best = 0;
		size_t bi = SIZE_MAX;
		for (size_t i = 0; i < nc; i++) {
			const dsent *s = &d->docs[c[i].doc].unit[c[i].sent];
			bool skip = budget && !fits(d, &c[i], chosen, used_b, used_w);
			for (size_t j = 0; j < chosen && !skip; j++) {
				const dsent *t = &d->docs[c[pick[j]].doc].unit[c[pick[j]].sent];
				skip = pick[j] == i || cos_sets(s->terms, s->n_terms, t->terms,
								t->n_terms) >= PARAPHRASE;
			}
			if (skip)
				continue;
			double gain = 0;
			for (size_t a = c[i].f0; a < c[i].f1; a++)
				if (fv[a] > 0 && (!chosen || !fm_slot(&done, fk[a], false)))
					gain += fv[a];
			gain /= pow((double)s->n_terms, SUMMARY_LENGTH_EXP);
			if (budget) /* ties, and units of no new fact, by centrality */
				gain += 1e-6 * (1 + nf_dg_centrality(d, s->terms, s->n_terms));
			if (gain > best) {
				best = gain;
				bi = i;
			}
		}
		if (bi == SIZE_MAX || (!budget && chosen >= SUMMARY_MIN && best < 0.15 * first))
			break;
		if (chosen == 0)
			first = best;
		if (budget) {
			const ddoc *x = &d->docs[c[bi].doc];
			nf_span sp = shown_span(x, &x->unit[c[bi].sent]);
			used_b += sp.end - sp.start + (chosen ? 1 : 0);
			used_w += nf_dg_words(x, &x->unit[c[bi].sent]);
		}
		c[bi].score = best;
		pick[chosen++] = (uint32_t)bi;
		for (size_t a = c[bi].f0; a < c[bi].f1 && !rc; a++)
			if (!fm_slot(&done, fk[a], true))
				rc = NF_ENOMEM;
	}
	free(fk);
	free(fv);
	fm_release(&fw);
	fm_release(&done);
	free(d->summary);
	d->summary = rc ? NULL : calloc(chosen + 1, sizeof(nf_digest_sentence));
	if (!rc && !d->summary)
		rc = NF_ENOMEM;
	for (size_t j = 0; !rc && j < chosen; j++) {
		const cand *x = &c[pick[j]];
		const dsent *s = &d->docs[x->doc].unit[x->sent];
		size_t from = d->n_support, sup;
		if (nf_dg_support_of(d, x->doc, s, &sup)) {
			rc = NF_ENOMEM;
			break;
		}
		nf_span sp = shown_span(&d->docs[x->doc], s);
		d->summary[j] = (nf_digest_sentence){x->doc, sp, NULL, sup, x->score};
		d->summary[j].support = (const uint32_t *)(uintptr_t)from; /* fixed up at the end */
	}
	d->out.n_summary = rc ? 0 : chosen;
	free(pick);
	free(c);
	return rc ? NF_ENOMEM : 0;
}
