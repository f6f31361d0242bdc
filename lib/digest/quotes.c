/*
 * quotes.c - quotations and their speakers: quoted passages found by their marks, the speaker
 * from the sentence a quote ends or starts in ("X said", "said X", "according to X", "X: ..."),
 * the same quote merged across articles with its carriers.
 */
#include "digest.h"

/* --- quotes ------------------------------------------------------------------------------- */

/* A quotation mark at p (within n bytes): 1 opening, 2 closing, 3 straight (either); its length
 * in *len. */
static int mark_at(const unsigned char *p, size_t n, size_t *len)
{
	if (p[0] == '"') {
		*len = 1;
		return 3;
	}
	if (n >= 2 && ((p[0] == '`' && p[1] == '`') || (p[0] == '\'' && p[1] == '\''))) {
		*len = 2;
		return p[0] == '`' ? 1 : 2; /* `` '' of tokenized corpora (ECB+, the Penn style) */
	}
	if (n >= 2 && p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB)) {
		*len = 2;
		return p[1] == 0xAB ? 1 : 2; /* « » */
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x9C || p[2] == 0x9D || p[2] == 0x9E)) {
		*len = 3;
		return p[2] == 0x9D ? 2 : 1; /* “ „ open, ” closes (a “ after „ closes too) */
	}
	return 0;
}

static const char *const verbs[] = {
    "said",	 "says",	 "say",	      "wrote",	   "writes",	 "added",      "adds",
    "told",	 "tells",	 "stated",    "states",	   "noted",	 "posted",     "tweeted",
    "announced", "declared",	 "explained", "insisted",  "warned",	 "asked",      "replied",
    "according", "stating",	 "saying",    "noting",	   "adding",	 "writing",    "telling",
    "commented", "remarked",	 "confirmed", "argued",	   "notified",	 "recalled",   "continued",
    "admitted",	 "acknowledged", "claimed",   "suggested", "emphasized", "emphasised", "responded",
};

static bool is_verb(const ddoc *x, const dtok *t)
{
	for (size_t i = 0; i < NF_ARRAY_LEN(verbs); i++)
		if (t->norm_len == strlen(verbs[i]) &&
		    memcmp(x->norm + t->norm, verbs[i], t->norm_len) == 0)
			return true;
	return false;
}

static bool is_word(const ddoc *x, const dtok *t, const char *w)
{
	return t->norm_len == strlen(w) && memcmp(x->norm + t->norm, w, t->norm_len) == 0;
}

static bool is_pronoun(const ddoc *x, const dtok *t)
{
	return is_word(x, t, "he") || is_word(x, t, "she");
}

/* A speaker named by a common noun: "the officer", "a spokesman", "the source" (a determiner,
 * then up to two lower-case words) ending at token e; its span, or {0, 0}. */
static nf_span common_speaker(const ddoc *x, size_t lo, size_t e)
{
	for (size_t d = e; d + 3 > e && d > lo; d--) {
		const dtok *t = &x->tok[d - 1];
		if (!nf_dg_adjacent(x, d - 1, d))
			break;
		if (is_word(x, t, "the") || is_word(x, t, "a") || is_word(x, t, "an"))
			return d - 1 < e ? (nf_span){t->start, x->tok[e].end} : (nf_span){0, 0};
		if (capital(t) || (t->flags & NF_TOK_NUMBER))
			break;
	}
	return (nf_span){0, 0};
}

/* Adjacent tokens: one space between (no punctuation). */
bool nf_dg_adjacent(const ddoc *x, size_t a, size_t b)
{
	return x->tok[b].start == x->tok[a].end + 1 && x->text[x->tok[a].end] == ' ';
}

/* The run of capitalised tokens ending at token e (inclusive), joined by single spaces. */
static nf_span run_back(const ddoc *x, size_t e)
{
	size_t s = e;
	while (s > 0 && capital(&x->tok[s - 1]) && nf_dg_adjacent(x, s - 1, s) &&
	       e - s < RUN_MAX - 1)
		s--;
	return (nf_span){x->tok[s].start, x->tok[e].end};
}

static nf_span run_fwd(const ddoc *x, size_t s, size_t limit)
{
	size_t e = s;
	while (e + 1 < limit && capital(&x->tok[e + 1]) && nf_dg_adjacent(x, e, e + 1) &&
	       e - s < RUN_MAX - 1)
		e++;
	return (nf_span){x->tok[s].start, x->tok[e].end};
}

/* The subject of the sentence: its first capitalised run (not a capitalised stopword such as
 * "In" or "The") in tokens [lo, t). */
static bool subject(nf_eventer *ev, const ddoc *x, size_t lo, size_t t, nf_span *out)
{
	for (size_t k = lo; k < t; k++) {
		const dtok *w = &x->tok[k];
		const char *st;
		if (capital(w) && !is_verb(x, w) &&
		    nf_event_stem(ev, x->norm + w->norm, w->norm_len, &st)) {
			*out = run_fwd(x, k, t);
			return true;
		}
	}
	return false;
}

/* First token at or after byte b; last token before byte b. */
size_t nf_dg_tok_from(const ddoc *x, uint32_t b)
{
	size_t lo = 0, hi = x->n_tok;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (x->tok[m].start < b)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

typedef struct who {
	bool found, pronoun;
	nf_span span;
} who;

/* The speaker from a reporting verb at token v, in tokens [lo, hi). */
static who speaker_at(nf_eventer *ev, const ddoc *x, size_t v, size_t lo, size_t hi)
{
	who w = {0};
	bool participle = x->tok[v].norm_len > 3 &&
			  memcmp(x->norm + x->tok[v].norm + x->tok[v].norm_len - 3, "ing", 3) == 0;
	if (is_word(x, &x->tok[v], "according")) {
		if (v + 2 < hi && is_word(x, &x->tok[v + 1], "to") && capital(&x->tok[v + 2]))
			w = (who){true, false, run_fwd(x, v + 2, hi)};
		return w;
	}
	if (participle) /* "..., stating," : the sentence's subject speaks */
		return (who){subject(ev, x, lo, v, &w.span), false, w.span};
	if (v > lo && nf_dg_adjacent(x, v - 1, v)) {
		const dtok *p = &x->tok[v - 1];
		if (is_pronoun(x, p))
			return (who){true, true, {p->start, p->end}};
		if (capital(p))
			return (who){true, false, run_back(x, v - 1)};
		nf_span c = common_speaker(x, lo, v - 1); /* '"...," the officer said' */
		if (c.end > c.start)
			return (who){true, false, c};
	}
	if (v + 1 < hi && nf_dg_adjacent(x, v, v + 1)) {
		const dtok *n = &x->tok[v + 1];
		if (is_pronoun(x, n))
			return (who){true, true, {n->start, n->end}};
		if (capital(n))
			return (who){true, false, run_fwd(x, v + 1, hi)};
	}
	return w;
}

/* The sentence holding byte b (the last one starting at or before it). */
static const dsent *sentence_at(const ddoc *x, uint32_t b)
{
	size_t lo = 0, hi = x->n_sent;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (x->sent[m].span.start <= b)
			lo = m + 1;
		else
			hi = m;
	}
	return lo ? &x->sent[lo - 1] : NULL;
}

/* Finds the speaker of the quote [qs, qe) of article x inside paragraph [ps, pe): in the rest
 * of the sentence the quote ends in, else in the sentence it starts in, before it. */
static who find_speaker(nf_eventer *ev, const ddoc *x, uint32_t qs, uint32_t qe, uint32_t ps,
			uint32_t pe)
{
	/* after the quote: '"...," he said' / '"...", said Trump' */
	const dsent *se = sentence_at(x, qe > qs ? qe - 1 : qe);
	size_t a = nf_dg_tok_from(x, qe), lim = nf_dg_tok_from(x, pe);
	if (se && se->t1 < lim)
		lim = se->t1;
	for (size_t k = a; k < lim && k < a + 6; k++) {
		if (is_verb(x, &x->tok[k])) {
			who w = speaker_at(ev, x, k, a, lim);
			if (w.found)
				return w;
		}
	}
	/* before it: 'Trump wrote, "..."', 'Leavitt told reporters, "..."', 'Trump: "..."' */
	size_t b = nf_dg_tok_from(x, qs), lo = nf_dg_tok_from(x, ps);
	const dsent *ss = sentence_at(x, qs);
	if (ss && ss->t0 > lo)
		lo = ss->t0;
	if (b > lo) {
		uint32_t gap_s = x->tok[b - 1].end;
		const char *colon = gap_s < qs ? memchr(x->text + gap_s, ':', qs - gap_s) : NULL;
		if (colon && capital(&x->tok[b - 1]))
			return (who){true, false, run_back(x, b - 1)};
	}
	for (size_t k = b; k > lo && b - k <= 12; k--) {
		if (is_verb(x, &x->tok[k - 1])) {
			who w = speaker_at(ev, x, k - 1, lo, b);
			if (w.found)
				return w;
		}
	}
	return (who){0};
}

static int add_quote(nf_digester *d, uint32_t doc, uint32_t s, uint32_t e, uint32_t ps, uint32_t pe)
{
	const ddoc *x = &d->docs[doc];
	size_t t0 = nf_dg_tok_from(x, s), t1 = nf_dg_tok_from(x, e);
	size_t n = 0, boil = 0;
	for (size_t t = t0; t < t1; t++) {
		n++;
		boil += (x->tok[t].flags & NF_TOK_BOILER) != 0;
	}
	if (n < QUOTE_MIN_WORDS || boil * 2 > n)
		return 0;
	if (nf_grow((void **)&d->q, &d->cap_q, d->n_q + 1, sizeof(qref)))
		return NF_ENOMEM;
	qref *q = &d->q[d->n_q];
	*q = (qref){doc, {s, e}, (uint32_t)t0, (uint32_t)t1, -1, {0, 0}, NULL, 0};
	who w = find_speaker(d->ev, x, s, e, ps, pe);
	/* a paragraph that is all quotation, right after a quotation of a named speaker in the
	 * paragraph before: the same speaker goes on (the way news continues a quote) */
	const qref *prev = d->n_q ? &d->q[d->n_q - 1] : NULL;
	if (!w.found && prev && prev->doc == doc && prev->speaker_doc >= 0 && s <= ps + 4 &&
	    e + 4 >= pe && nf_dg_tok_from(x, s) <= nf_dg_tok_from(x, prev->span.end) + 12 &&
	    prev->span.end <= ps && memchr(x->text + prev->span.end, '\n', ps - prev->span.end)) {
		q->speaker_doc = prev->speaker_doc;
		q->speaker = prev->speaker;
	}
	if (w.found) {
		q->speaker_doc = (int32_t)doc;
		q->speaker = w.span;
		if (w.pronoun) {
			/* the article's last named speaker before it */
			q->speaker_doc = -1;
			for (size_t i = d->n_q; i-- > 0;)
				if (d->q[i].doc == doc && d->q[i].speaker_doc >= 0) {
					q->speaker_doc = d->q[i].speaker_doc;
					q->speaker = d->q[i].speaker;
					break;
				}
		}
	}
	/* word 3-grams of the normalized words, to match the quote in other articles */
	size_t ng = n >= 3 ? n - 2 : 1;
	q->grams = malloc(ng * sizeof(uint32_t));
	if (!q->grams)
		return NF_ENOMEM;
	for (size_t i = 0; i < ng; i++) {
		uint64_t h = 0;
		for (size_t j = i; j < i + 3 && t0 + j < t1; j++)
			h = h * 0x9E3779B97F4A7C15ull +
			    nf_hash64(x->norm + x->tok[t0 + j].norm, x->tok[t0 + j].norm_len, 5);
		q->grams[i] = (uint32_t)(h >> 32);
	}
	q->n_grams = nf_dg_uniq(q->grams, ng);
	d->n_q++;
	return 0;
}

/* Scans article doc for quotations, paragraph by paragraph. */
int nf_dg_scan_quotes(nf_digester *d, uint32_t doc)
{
	const ddoc *x = &d->docs[doc];
	const unsigned char *t = (const unsigned char *)x->text;
	bool open = false;
	uint32_t qs = 0, qps = 0;
	for (size_t p = 0; p < x->n_para; p++) {
		uint32_t ps = x->para[p].start, pe = x->para[p].end;
		size_t i = ps;
		if (open) {
			/* a quotation runs on when the next paragraph reopens it */
			size_t len;
			int m = i < pe ? mark_at(t + i, pe - i, &len) : 0;
			if (m == 1 || m == 3)
				i += len;
			else
				open = false;
		}
		while (i < pe) {
			size_t len;
			int m = mark_at(t + i, pe - i, &len);
			if (!m) {
				i++;
				continue;
			}
			if (!open && (m == 1 || m == 3)) {
				open = true;
				qs = (uint32_t)(i + len);
				qps = ps;
			} else if (open &&
				   (m == 2 || m == 3 || (m == 1 && len == 3 && t[i + 2] == 0x9C))) {
				open = false;
				if (add_quote(d, doc, qs, (uint32_t)i, qps, pe))
					return NF_ENOMEM;
			}
			i += len;
		}
	}
	return 0;
}

static int cmp_span_start(const void *x, const void *y)
{
	const nf_span *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

/* The largest end of the quotes v[0 .. n) (by start, reach[i] the largest end of v[0 .. i])
 * that start before b; 0 if none. */
static uint32_t reach_before(const nf_span *v, const uint32_t *reach, size_t n, uint32_t b)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (v[m].start < b)
			lo = m + 1;
		else
			hi = m;
	}
	return lo ? reach[lo - 1] : 0;
}

/* The summary units of article doc: its sentences, except that a quotation running over
 * several sentences joins them into one (it is one utterance: "We agreed to meet. Rubio will
 * lead." cut after the first sentence loses who leads), unless the whole would pass
 * SENT_MAX_WORDS. Needs the article's quotes. */
int nf_dg_make_units(nf_digester *d, uint32_t doc)
{
	ddoc *x = &d->docs[doc];
	for (size_t i = 0; i < x->n_unit; i++)
		free(x->unit[i].terms);
	free(x->unit);
	x->n_unit = 0;
	x->unit = calloc(x->n_sent + 1, sizeof(dsent));
	/* the quotes by start, with the farthest end reached so far: a sentence end inside a
	 * quote is found by one search, not by a pass over the quotes */
	size_t nq = x->q1 - x->q0;
	nf_span *qs = malloc((nq + 1) * sizeof(nf_span));
	uint32_t *reach = malloc((nq + 1) * sizeof(uint32_t));
	if (!x->unit || !qs || !reach) {
		free(qs);
		free(reach);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < nq; i++)
		qs[i] = d->q[x->q0 + i].span;
	qsort(qs, nq, sizeof(nf_span), cmp_span_start);
	for (size_t i = 0; i < nq; i++)
		reach[i] = i && reach[i - 1] > qs[i].end ? reach[i - 1] : qs[i].end;
	int rc = 0;
	for (size_t k = 0; k < x->n_sent && !rc;) {
		size_t e = k;
		for (bool grew = true; grew;) {
			grew = false;
			uint32_t end = x->sent[e].span.end, r = reach_before(qs, reach, nq, end);
			if (r > end) { /* the sentence a quote open at its end closes in */
				size_t f = (size_t)(sentence_at(x, r) - x->sent);
				if (f > e) {
					e = f;
					grew = true;
				}
			}
		}
		size_t w = 0;
		for (size_t j = k; j <= e; j++)
			w += nf_dg_words(x, &x->sent[j]);
		if (w > SENT_MAX_WORDS)
			e = k;
		dsent *u = &x->unit[x->n_unit++];
		u->span = (nf_span){x->sent[k].span.start, x->sent[e].span.end};
		u->t0 = x->sent[k].t0;
		u->t1 = x->sent[e].t1;
		size_t nt = 0, boil = 0;
		for (size_t j = k; j <= e; j++)
			nt += x->sent[j].n_terms;
		u->terms = malloc((nt + 1) * sizeof(uint32_t));
		if (!u->terms) {
			rc = NF_ENOMEM;
			break;
		}
		for (size_t j = k; j <= e; j++) {
			memcpy(u->terms + u->n_terms, x->sent[j].terms,
			       x->sent[j].n_terms * sizeof(uint32_t));
			u->n_terms += x->sent[j].n_terms;
		}
		u->n_terms = (uint32_t)nf_dg_uniq(u->terms, u->n_terms);
		for (uint32_t t = u->t0; t < u->t1; t++)
			boil += (x->tok[t].flags & NF_TOK_BOILER) != 0;
		u->boiler = u->t1 == u->t0 || boil * 2 > u->t1 - u->t0;
		u->midquote = reach_before(qs, reach, nq, u->span.start) > u->span.start;
		k = e + 1;
	}
	free(qs);
	free(reach);
	return rc;
}

/* The key of a speaker: the name key of its last word ("Donald Trump" and "Trump" agree). */
static uint64_t speaker_key(nf_digester *d, const qref *q)
{
	const ddoc *x = &d->docs[q->speaker_doc];
	size_t e = nf_dg_tok_from(x, q->speaker.end);
	if (e == 0)
		return 0;
	const dtok *t = &x->tok[e - 1];
	const char *k;
	size_t n = nf_event_name_key(d->ev, x->norm + t->norm, t->norm_len, &k);
	return nf_hash64(k, n, 23);
}

/* Quotes with the same grams, in that order (equal ones next to each other). */
static int cmp_grams(const void *x, const void *y, void *ctx)
{
	const qref *q = ctx, *a = &q[*(const uint32_t *)x], *b = &q[*(const uint32_t *)y];
	if (a->n_grams != b->n_grams)
		return a->n_grams < b->n_grams ? -1 : 1;
	int c = a->n_grams ? memcmp(a->grams, b->grams, a->n_grams * sizeof(uint32_t)) : 0;
	return c ? c
		 : (*(const uint32_t *)x > *(const uint32_t *)y) -
		       (*(const uint32_t *)x < *(const uint32_t *)y);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* Joins the distinct quotes ord[0 .. nd) that are the same: sharing at least half the 3-grams of
 * the one with fewer (a quote trimmed or with a word changed is the same quote), finding the pairs
 * through the grams they share: each gram's quotes are paired (a gram in more than
 * GRAM_QUOTES_MAX of them, a stock phrase, pairs none), equal pair keys counted. Work: the
 * postings times at most GRAM_QUOTES_MAX, so a long article's thousands of quotes cost linear
 * work where comparing each with each was quadratic. */
static int join_similar(nf_digester *d, nf_uf *uf, const uint32_t *ord, size_t nd)
{
	NF_VEC(uint64_t) post = {0}, keys = {0};
	int rc = 0;
	for (size_t k = 0; k < nd && !rc; k++) {
		const qref *q = &d->q[ord[k]];
		if (NF_VEC_RESERVE(&post, post.n + q->n_grams))
			rc = NF_ENOMEM;
		for (size_t g = 0; !rc && g < q->n_grams; g++)
			post.a[post.n++] = (uint64_t)q->grams[g] << 32 | k;
	}
	if (!rc && post.n > 1)
		qsort(post.a, post.n, sizeof(uint64_t), cmp_u64);
	for (size_t i = 0, j; !rc && i < post.n; i = j) {
		for (j = i + 1; j < post.n && post.a[j] >> 32 == post.a[i] >> 32; j++)
			;
		if (j - i < 2 || j - i > GRAM_QUOTES_MAX)
			continue;
		if (NF_VEC_RESERVE(&keys, keys.n + (j - i) * (j - i - 1) / 2)) {
			rc = NF_ENOMEM;
			break;
		}
		for (size_t a = i; a < j; a++) /* a gram's quotes come in ascending k */
			for (size_t b = a + 1; b < j; b++)
				keys.a[keys.n++] =
				    (post.a[a] & UINT32_MAX) << 32 | (post.a[b] & UINT32_MAX);
	}
	d->work_quotes += post.n + keys.n;
	if (!rc && keys.n > 1)
		qsort(keys.a, keys.n, sizeof(uint64_t), cmp_u64);
	for (size_t i = 0, j; !rc && i < keys.n; i = j) {
		for (j = i + 1; j < keys.n && keys.a[j] == keys.a[i]; j++)
			;
		uint32_t x = ord[keys.a[i] >> 32], y = ord[keys.a[i] & UINT32_MAX];
		size_t m = d->q[x].n_grams < d->q[y].n_grams ? d->q[x].n_grams : d->q[y].n_grams;
		if ((j - i) * 2 >= m)
			nf_uf_union(uf, x, y);
	}
	NF_VEC_FREE(&post);
	NF_VEC_FREE(&keys);
	return rc;
}

/* Joins the quotes that are the same: the ones with equal grams at once, then one
 * of each distinct set with the others (join_similar), so that a quote carried by a thousand
 * copies costs one comparison, not a million. ord: scratch of n_q. */
static int join_same(nf_digester *d, nf_uf *uf, uint32_t *ord)
{
	size_t n = d->n_q, nd = 0;
	for (uint32_t i = 0; i < n; i++)
		ord[i] = i;
	qsort_r(ord, n, sizeof(uint32_t), cmp_grams, d->q);
	for (size_t i = 0; i < n; i++) { /* ord[0..nd): one of each distinct set */
		const qref *a = &d->q[ord[i]], *b = nd ? &d->q[ord[nd - 1]] : NULL;
		if (b && a->n_grams && a->n_grams == b->n_grams &&
		    memcmp(a->grams, b->grams, a->n_grams * sizeof(uint32_t)) == 0)
			nf_uf_union(uf, ord[i], ord[nd - 1]);
		else
			ord[nd++] = ord[i];
	}
	return join_similar(d, uf, ord, nd);
}

/* (group, key, quote) triples in order. */
static int cmp_triple(const void *x, const void *y)
{
	const uint64_t *a = x, *b = y;
	for (int k = 0; k < 3; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/* The votes for each carrier's speaker within its group: votes[i] how many quotes of quote
 * i's group name the same speaker as it (by speaker_key), 0 for a quote without a speaker. */
static int count_votes(nf_digester *d, nf_uf *uf, size_t *votes)
{
	size_t n = d->n_q, m = 0;
	uint64_t *t = malloc((n + 1) * 3 * sizeof(uint64_t)); /* (group, key, quote) */
	if (!t)
		return NF_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		votes[i] = 0;
		if (d->q[i].speaker_doc >= 0) {
			uint64_t *e = &t[3 * m++];
			e[0] = nf_uf_find(uf, i), e[1] = speaker_key(d, &d->q[i]), e[2] = i;
		}
	}
	qsort(t, m, 3 * sizeof(uint64_t), cmp_triple);
	for (size_t a = 0, b; a < m; a = b) { /* each run of one group and one speaker */
		for (b = a; b < m && t[3 * b] == t[3 * a] && t[3 * b + 1] == t[3 * a + 1]; b++)
			;
		for (size_t k = a; k < b; k++)
			votes[t[3 * k + 2]] = b - a;
	}
	free(t);
	return 0;
}

/* Is quote a shown before b: more carriers, then longer. */
typedef struct placed_quote {
	nf_digest_quote q;
	uint32_t found; /* its place in the order found */
} placed_quote;

static int cmp_placed_quote(const void *x, const void *y)
{
	const placed_quote *a = x, *b = y;
	if (a->q.n_carriers != b->q.n_carriers)
		return a->q.n_carriers > b->q.n_carriers ? -1 : 1;
	uint32_t la = a->q.span.end - a->q.span.start, lb = b->q.span.end - b->q.span.start;
	if (la != lb)
		return la > lb ? -1 : 1;
	return (a->found > b->found) - (a->found < b->found);
}

int nf_dg_group_quotes(nf_digester *d)
{
	nf_uf uf = {0};
	size_t n = d->n_q;
	uint32_t *ord = malloc((n + 1) * sizeof(uint32_t)),
		 *next = malloc((n + 1) * sizeof(uint32_t));
	size_t *votes = malloc((n + 1) * sizeof(size_t));
	int rc = !ord || !next || !votes || nf_uf_grow(&uf, n + 1) ? NF_ENOMEM : 0;
	if (!rc && !(rc = join_same(d, &uf, ord)))
		rc = count_votes(d, &uf, votes);
	if (!rc && nf_grow((void **)&d->quotes, &d->cap_quotes, n + 1, sizeof(nf_digest_quote)))
		rc = NF_ENOMEM;
	/* each group's members in order: next[i] the next member after i (n: none); the root is
	 * the group's first (union by smallest) */
	for (size_t i = 0; !rc && i < n; i++)
		ord[i] = (uint32_t)n; /* ord: the last member seen of each root */
	for (uint32_t i = 0; !rc && i < n; i++) {
		uint32_t r = nf_uf_find(&uf, i);
		next[i] = (uint32_t)n;
		if (ord[r] < n)
			next[ord[r]] = i;
		ord[r] = i;
	}
	size_t nq = 0;
	for (uint32_t r = 0; !rc && r < n; r++) {
		if (nf_uf_find(&uf, r) != r)
			continue;
		/* the longest wording; carriers; the speaker most carriers name */
		uint32_t best = r;
		size_t from = d->n_support;
		int32_t sp = -1;
		size_t sp_votes = 0;
		for (uint32_t i = r; !rc && i < n; i = next[i]) {
			const qref *q = &d->q[i];
			if (q->t1 - q->t0 > d->q[best].t1 - d->q[best].t0)
				best = i;
			if ((rc = nf_dg_push_support(d, q->doc)) || q->speaker_doc < 0)
				continue;
			const qref *cur = sp >= 0 ? &d->q[sp] : NULL;
			if (votes[i] > sp_votes || (votes[i] == sp_votes && cur &&
						    q->speaker.end - q->speaker.start >
							cur->speaker.end - cur->speaker.start)) {
				sp = (int32_t)i;
				sp_votes = votes[i];
			}
		}
		if (rc)
			break;
		size_t nc = nf_dg_uniq(d->support + from, d->n_support - from);
		d->n_support = from + nc;
		const qref *b = &d->q[best];
		d->quotes[nq++] = (nf_digest_quote){b->doc,
						    b->span,
						    sp >= 0 ? d->q[sp].speaker_doc : -1,
						    sp >= 0 ? d->q[sp].speaker : (nf_span){0, 0},
						    (const uint32_t *)(uintptr_t)from,
						    nc};
	}
	nf_uf_release(&uf);
	free(ord);
	free(next);
	free(votes);
	if (rc)
		return rc;
	/* all of them, most carried first, then longest, then first found */
	placed_quote *pq = malloc((nq + 1) * sizeof(*pq));
	if (!pq)
		return NF_ENOMEM;
	for (size_t i = 0; i < nq; i++)
		pq[i] = (placed_quote){d->quotes[i], (uint32_t)i};
	if (nq > 1)
		qsort(pq, nq, sizeof(*pq), cmp_placed_quote);
	for (size_t i = 0; i < nq; i++)
		d->quotes[i] = pq[i].q;
	free(pq);
	d->out.n_quotes = nq;
	return 0;
}
