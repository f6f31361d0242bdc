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
#include "../base/base.h"
#include "../base/uf.h"
#include "../cluster/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#define ALL_PAIRS_MAX	    64	/* up to this many articles, every pair is aligned */
#define PARAPHRASE	    0.6 /* cosine of two sentences saying the same */
#define SUMMARY_MAX	    5
#define SUMMARY_MIN	    3
#define QUOTE_MIN_WORDS	    6
#define QUOTES_MAX	    12
#define NAMES_MAX	    12
#define SENT_MIN_WORDS	    6
#define ADDED_MAX	    8 /* sentences listed as an article's own */
#define SENT_MAX_WORDS	    70
#define HEADLINE_MAX_TOKENS 16
#define QUOTED_WEIGHT	    0.5 /* of a stem used inside a quotation, for the centroid */
#define FACT_WINDOW	    4	/* a fact pairs stems at most this many shared stems apart */
#define FACT_MAX	    1024
#define SUMMARY_LENGTH_EXP  0.5 /* a unit pays for its length, less than in proportion */
#define LEAD_SENTENCES	    2	/* the lead, whose stems weigh 2 (title 3, body 1) */
#define RUN_MAX		    6 /* words of a name run (White House Press Secretary Karoline Leavitt) */

typedef struct dtok {
	uint32_t start, end; /* original bytes */
	uint32_t norm, norm_len;
	uint32_t flags; /* NF_TOK_*, and TOK_ECHO */
	uint32_t term;	/* stem id + 1; 0: stopword or none */
} dtok;

/* The digest's own token flag: inside text the article shares with an article of another copy
 * family (a quotation both carry, a passage one reprints from the other). See mark_echo. */
#define TOK_ECHO (1u << 31)
_Static_assert(!(TOK_ECHO &
		 (NF_TOK_BOILER | NF_TOK_NUMBER | NF_TOK_UPPER | NF_TOK_CJK | NF_TOK_SENT)),
	       "TOK_ECHO is free");

static bool capital(const dtok *t)
{
	return (t->flags & (NF_TOK_UPPER | NF_TOK_BOILER)) == NF_TOK_UPPER;
}

typedef struct dsent {
	nf_span span;
	uint32_t t0, t1; /* tokens */
	uint32_t *terms; /* distinct stem ids, ascending */
	uint32_t n_terms;
	bool boiler;
	bool midquote; /* starts inside a quotation opened before it: unattributed */
} dsent;

typedef struct ddoc {
	char *id, *title, *source, *url, *text;
	size_t id_len, title_len, source_len, url_len, text_len;
	int64_t date;
	dtok *tok;
	size_t n_tok;
	char *norm;
	size_t norm_len;
	dsent *sent;
	size_t n_sent;
	dsent *unit; /* summary units: sentences, a quotation over several sentences joined */
	size_t n_unit;
	nf_span *para;
	size_t n_para;
	dtok *ttok; /* the title's tokens */
	size_t n_ttok;
	char *tnorm;
	nf_align_doc *ad;
	uint32_t *fp;
	size_t n_fp;
	size_t content_words;
	uint32_t *terms; /* distinct stems of the article (title too) */
	size_t n_terms;
	nf_span *fam_cov, *any_cov; /* bytes shared with its family / with any other article */
	nf_span *boiler;	    /* boilerplate spans */
	size_t q0, q1;		    /* its quotes: d->q[q0 .. q1) */
	size_t n_boiler;
	size_t n_fam_cov, n_any_cov, cap_fam_cov, cap_any_cov;
} ddoc;

typedef struct qref {
	uint32_t doc;
	nf_span span;
	uint32_t t0, t1;
	int32_t speaker_doc;
	nf_span speaker;
	uint32_t *grams;
	size_t n_grams;
} qref;

struct nf_digester {
	nf_cleaner *cl;
	nf_eventer *ev;
	nf_aligner *al;
	ddoc *docs;
	size_t n, cap;
	/* stems of the story */
	char *chars;
	size_t n_chars, cap_chars;
	struct stem {
		uint64_t hash;
		uint32_t off, len, df;
	} * stems;
	size_t n_stems, cap_stems;
	uint32_t *slots;
	size_t slot_bits;
	double *centroid; /* per stem: the families' votes for it (see weigh_stems) */
	double centroid_norm;
	double *vote; /* per article: 1 / (families × its family's size) */
	size_t n_families;
	/* results */
	nf_digest out;
	nf_digest_sentence *summary;
	uint32_t *support; /* all support / carrier lists */
	size_t n_support, cap_support;
	nf_digest_quote *quotes;
	size_t cap_quotes;
	qref *q;
	size_t n_q, cap_q;
	nf_digest_source *sources;
	nf_span *added;
	size_t n_added, cap_added;
	nf_digest_name *names;
	size_t cap_names;
	nf_digest_pair *pairs;
	size_t n_pairs, cap_pairs;
	struct sref {
		uint32_t doc, sent;
	} * srefs; /* the story's sentences (not boilerplate) */
	size_t n_srefs;
	uint32_t *post_at, *post, *acc, *touched;
	size_t cap_touched;
	nf_passage *pspans;
	size_t n_pspans, cap_pspans;
};

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

int nf_digester_new(nf_digester **out, const char *language)
{
	*out = NULL;
	nf_digester *d = calloc(1, sizeof(*d));
	if (!d)
		return NF_ENOMEM;
	int rc = nf_eventer_new(&d->ev, language);
	if (!rc && (nf_cleaner_new(&d->cl, NULL) || nf_aligner_new(&d->al, NULL)))
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
	free(d->quotes);
	free(d->q);
	free(d->sources);
	free(d->added);
	free(d->names);
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
static size_t uniq(uint32_t *v, size_t n)
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
	    take_tokens(d, &c, &x->tok, &x->n_tok, &x->norm))
		return NF_ENOMEM;
	x->content_words = c.n_content_tokens;
	x->boiler = malloc((c.n_boiler + 1) * sizeof(nf_span));
	if (!x->boiler)
		return NF_ENOMEM;
	for (size_t i = 0; i < c.n_boiler; i++)
		x->boiler[i] = (nf_span){c.boiler[i].start, c.boiler[i].end};
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
		s->n_terms = (uint32_t)uniq(s->terms, s->n_terms);
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
	x->n_terms = uniq(x->terms, x->n_terms);
	/* for alignment */
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

/* --- copy families and roles ----------------------------------------------------------------- */

typedef struct pres {
	uint32_t a, b;
	int relation, source;
	double cov_a, cov_b;
	bool verbatim; /* every counted span verbatim */
} pres;

static int add_cov(nf_span **v, size_t *n, size_t *cap, uint32_t s, uint32_t e)
{
	if (nf_grow((void **)v, cap, *n + 1, sizeof(nf_span)))
		return NF_ENOMEM;
	(*v)[(*n)++] = (nf_span){s, e};
	return 0;
}

/* The pairs to align: all, or the passage-reuse candidates for a large story. */
static int pairs_to_align(nf_digester *d, uint32_t **pairs, size_t *np)
{
	size_t n = d->n;
	*pairs = NULL;
	*np = 0;
	if (n <= ALL_PAIRS_MAX) {
		*pairs = malloc((n * (n - 1) + 2) * sizeof(uint32_t));
		if (!*pairs)
			return NF_ENOMEM;
		for (uint32_t a = 0; a < n; a++)
			for (uint32_t b = a + 1; b < n; b++) {
				(*pairs)[2 * *np] = a;
				(*pairs)[2 * *np + 1] = b;
				(*np)++;
			}
		return 0;
	}
	nf_reuse *r;
	if (nf_reuse_new(&r, NULL))
		return NF_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = nf_reuse_add(r, d->docs[i].date, d->docs[i].fp, d->docs[i].n_fp);
	const nf_reuse_pair *rp;
	size_t nr = 0;
	nf_reuse_stats st;
	if (!rc)
		rc = nf_reuse_candidates(r, &rp, &nr, &st);
	if (!rc) {
		*pairs = malloc((2 * nr + 2) * sizeof(uint32_t));
		if (!*pairs)
			rc = NF_ENOMEM;
		for (size_t i = 0; !rc && i < nr; i++) {
			(*pairs)[2 * i] = rp[i].a;
			(*pairs)[2 * i + 1] = rp[i].b;
		}
		*np = rc ? 0 : nr;
	}
	nf_reuse_free(r);
	return rc ? NF_ENOMEM : 0;
}

/* Flags the tokens of x inside bytes [s, e) as echoed (TOK_ECHO). */
static void mark_echo(ddoc *x, uint32_t s, uint32_t e)
{
	size_t lo = 0, hi = x->n_tok; /* the first token starting at s or after */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->tok[mid].start < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t t = lo; t < x->n_tok && x->tok[t].end <= e; t++)
		x->tok[t].flags |= TOK_ECHO;
}

/* Aligns the pairs; fills families (uf), the roles and the coverage of each article. */
static int families(nf_digester *d, nf_uf *uf)
{
	uint32_t *pairs;
	size_t np;
	if (pairs_to_align(d, &pairs, &np))
		return NF_ENOMEM;
	pres *res = malloc((np + 1) * sizeof(pres));
	/* the counted spans of every pair, to credit coverage once families are known */
	struct cspan {
		uint32_t pair;
		nf_passage p;
	} *spans = NULL;
	size_t n_spans = 0, cap_spans = 0;
	int rc = res ? 0 : NF_ENOMEM;
	for (size_t k = 0; !rc && k < np; k++) {
		uint32_t a = pairs[2 * k], b = pairs[2 * k + 1];
		nf_alignment al;
		if (nf_align(d->al, d->docs[a].ad, d->docs[b].ad, &al)) {
			rc = NF_ENOMEM;
			break;
		}
		pres p = {a, b, al.relation, al.source, al.coverage_a, al.coverage_b, true};
		for (size_t i = 0; i < al.n_spans; i++) {
			const nf_passage *s = &al.spans[i];
			if (s->boilerplate)
				continue;
			if (s->kind != NF_PASSAGE_VERBATIM)
				p.verbatim = false;
			if (nf_grow((void **)&spans, &cap_spans, n_spans + 1, sizeof(*spans))) {
				rc = NF_ENOMEM;
				break;
			}
			spans[n_spans++] = (struct cspan){(uint32_t)k, *s};
		}
		res[k] = p;
		if (!rc && p.relation != NF_REL_NONE) {
			/* kept for the side-by-side view: every span, boilerplate ones flagged */
			if (nf_grow((void **)&d->pairs, &d->cap_pairs, d->n_pairs + 1,
				    sizeof(nf_digest_pair)) ||
			    nf_grow((void **)&d->pspans, &d->cap_pspans,
				    d->n_pspans + al.n_spans + 1, sizeof(nf_passage))) {
				rc = NF_ENOMEM;
				break;
			}
			d->pairs[d->n_pairs++] = (nf_digest_pair){
			    a, b, p.relation, (const nf_passage *)(uintptr_t)d->n_pspans,
			    al.n_spans};
			if (al.n_spans)
				memcpy(d->pspans + d->n_pspans, al.spans,
				       al.n_spans * sizeof(nf_passage));
			d->n_pspans += al.n_spans;
		}
		if (p.relation == NF_REL_COPY || p.relation == NF_REL_PARTIAL)
			nf_uf_union(uf, a, b);
	}
	/* the origin of each family: found as the source most often, then earliest, longest, first
	 */
	uint32_t *wins = calloc(d->n + 1, sizeof(uint32_t));
	uint32_t *origin = malloc((d->n + 1) * sizeof(uint32_t));
	uint32_t *size = calloc(d->n + 1, sizeof(uint32_t));
	if (!rc && (!wins || !origin || !size))
		rc = NF_ENOMEM;
	for (size_t k = 0; !rc && k < np; k++) {
		const pres *p = &res[k];
		if ((p->relation == NF_REL_COPY || p->relation == NF_REL_PARTIAL) && p->source >= 0)
			wins[p->source == 0 ? p->a : p->b]++;
	}
	for (size_t i = 0; !rc && i < d->n; i++)
		origin[i] = UINT32_MAX;
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		uint32_t r = nf_uf_find(uf, i), o = origin[r];
		size[r]++;
		bool better = o == UINT32_MAX;
		if (!better && wins[i] != wins[o])
			better = wins[i] > wins[o];
		else if (!better) {
			int64_t di = d->docs[i].date, dd = d->docs[o].date;
			if (di != dd && di != NF_NO_DATE && dd != NF_NO_DATE)
				better = di < dd;
			else if ((di == NF_NO_DATE) != (dd == NF_NO_DATE))
				better = di != NF_NO_DATE;
			else if (d->docs[i].content_words != d->docs[o].content_words)
				better = d->docs[i].content_words > d->docs[o].content_words;
		}
		if (better)
			origin[r] = i;
	}
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		uint32_t r = nf_uf_find(uf, i);
		nf_digest_source *s = &d->sources[i];
		*s = (nf_digest_source){NF_ROLE_INDEPENDENT, -1, r, 0, NULL, 0};
		if (size[r] < 2)
			continue;
		if (origin[r] == i) {
			s->role = NF_ROLE_ORIGIN;
			continue;
		}
		s->copy_of = (int32_t)origin[r];
		s->role = NF_ROLE_PARTIAL;
		for (size_t k = 0; k < np; k++) {
			const pres *p = &res[k];
			if (!((p->a == i && p->b == origin[r]) || (p->b == i && p->a == origin[r])))
				continue;
			double cov = p->a == i ? p->cov_a : p->cov_b;
			if (p->relation == NF_REL_COPY)
				s->role =
				    p->verbatim && cov >= 0.95 ? NF_ROLE_VERBATIM : NF_ROLE_EDITED;
			break;
		}
	}
	/* coverage: spans with the family (not quotations), and spans with anyone; text shared
	 * across families is echoed */
	for (uint32_t i = 0; i < d->n; i++)
		for (size_t t = 0; t < d->docs[i].n_tok; t++)
			d->docs[i].tok[t].flags &= ~TOK_ECHO;
	for (size_t i = 0; !rc && i < n_spans; i++) {
		const pres *p = &res[spans[i].pair];
		const nf_passage *s = &spans[i].p;
		ddoc *A = &d->docs[p->a], *B = &d->docs[p->b];
		if (nf_uf_find(uf, p->a) != nf_uf_find(uf, p->b)) {
			mark_echo(A, s->a_start, s->a_end);
			mark_echo(B, s->b_start, s->b_end);
		}
		rc = add_cov(&A->any_cov, &A->n_any_cov, &A->cap_any_cov, s->a_start, s->a_end) ||
		     add_cov(&B->any_cov, &B->n_any_cov, &B->cap_any_cov, s->b_start, s->b_end);
		if (!rc && s->kind != NF_PASSAGE_QUOTE &&
		    nf_uf_find(uf, p->a) == nf_uf_find(uf, p->b))
			rc = add_cov(&A->fam_cov, &A->n_fam_cov, &A->cap_fam_cov, s->a_start,
				     s->a_end) ||
			     add_cov(&B->fam_cov, &B->n_fam_cov, &B->cap_fam_cov, s->b_start,
				     s->b_end);
	}
	free(wins);
	free(origin);
	free(size);
	free(spans);
	free(res);
	free(pairs);
	return rc ? NF_ENOMEM : 0;
}

static bool covered(const nf_span *v, size_t n, uint32_t s, uint32_t e)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].start <= s && e <= v[i].end)
			return true;
	return false;
}

/* Share of a token range's content words inside the spans. */
static double share_covered(const ddoc *x, uint32_t t0, uint32_t t1, const nf_span *v, size_t n)
{
	size_t all = 0, in = 0;
	for (uint32_t t = t0; t < t1; t++) {
		if (x->tok[t].flags & NF_TOK_BOILER)
			continue;
		all++;
		in += covered(v, n, x->tok[t].start, x->tok[t].end);
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

static double centrality(const nf_digester *d, const uint32_t *t, size_t n)
{
	if (!n)
		return 0;
	double dot = 0;
	for (size_t i = 0; i < n; i++)
		dot += d->centroid[t[i]];
	return d->centroid_norm > 0 ? dot / (d->centroid_norm * sqrt((double)n)) : 0;
}

static size_t words(const ddoc *x, const dsent *s)
{
	size_t w = 0;
	for (uint32_t t = s->t0; t < s->t1; t++)
		w += !(x->tok[t].flags & NF_TOK_BOILER);
	return w;
}

static int push_support(nf_digester *d, uint32_t v)
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
static int index_sentences(nf_digester *d)
{
	free(d->srefs);
	free(d->post_at);
	free(d->post);
	free(d->acc);
	d->srefs = NULL;
	d->post_at = d->post = d->acc = NULL;
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
static int support_of(nf_digester *d, uint32_t doc, const dsent *s, size_t *count)
{
	size_t from = d->n_support;
	if (push_support(d, doc))
		return NF_ENOMEM;
	/* shared stems with every sentence that has any, through the postings */
	size_t nt = 0;
	for (uint32_t k = 0; k < s->n_terms; k++) {
		uint32_t t = s->terms[k];
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
		double c = (double)d->acc[r] / sqrt((double)s->n_terms * (double)o->n_terms);
		d->acc[r] = 0;
		if (!rc && c >= PARAPHRASE && d->srefs[r].doc != doc)
			rc = push_support(d, d->srefs[r].doc);
	}
	if (rc)
		return rc;
	*count = uniq(d->support + from, d->n_support - from);
	d->n_support = from + *count;
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

/* The summary: greedy coverage of the story's facts. Each pick is the unit whose facts not yet
 * covered weigh most per its number of stems to the power SUMMARY_LENGTH_EXP (long sentences
 * pay for their words, but the summary is counted in sentences: one that tells more of a fact
 * many report, such as who leads the meeting, is worth its length); a paraphrase of a pick is
 * out. Picks stop at SUMMARY_MAX, or after SUMMARY_MIN once the best adds less than 15 % of the
 * first. */
static int summarize(nf_digester *d)
{
	cand *c = NULL;
	size_t nc = 0, cap = 0;
	uint32_t min_df = d->n > 1 ? 2 : 1;
	for (uint32_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		for (uint32_t k = 0; k < x->n_unit; k++) {
			const dsent *s = &x->unit[k];
			if (s->boiler)
				continue;
			size_t w = words(x, s);
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
	size_t chosen = 0;
	double first = 0;
	uint32_t pick[SUMMARY_MAX];
	while (!rc && chosen < SUMMARY_MAX) {
		double best = 0;
		size_t bi = SIZE_MAX;
		for (size_t i = 0; i < nc; i++) {
			const dsent *s = &d->docs[c[i].doc].unit[c[i].sent];
			bool skip = false;
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
			if (gain > best) {
				best = gain;
				bi = i;
			}
		}
		if (bi == SIZE_MAX || (chosen >= SUMMARY_MIN && best < 0.15 * first))
			break;
		if (chosen == 0)
			first = best;
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
	for (size_t j = 0; !rc && j < chosen; j++) {
		const cand *x = &c[pick[j]];
		const dsent *s = &d->docs[x->doc].unit[x->sent];
		size_t from = d->n_support, sup;
		if (support_of(d, x->doc, s, &sup)) {
			rc = NF_ENOMEM;
			break;
		}
		nf_span sp = s->span; /* a dateline opening it stays out */
		const ddoc *xd = &d->docs[x->doc];
		for (uint32_t t = s->t0; t < s->t1 && (xd->tok[s->t0].flags & NF_TOK_BOILER); t++)
			if (!(xd->tok[t].flags & NF_TOK_BOILER)) {
				sp.start = xd->tok[t].start;
				break;
			}
		d->summary[j] = (nf_digest_sentence){x->doc, sp, NULL, sup, x->score};
		d->summary[j].support = (const uint32_t *)(uintptr_t)from; /* fixed up at the end */
	}
	d->out.n_summary = rc ? 0 : chosen;
	free(c);
	return rc ? NF_ENOMEM : 0;
}

/* --- quotes ------------------------------------------------------------------------------- */

/* A quotation mark at p (within n bytes): 1 opening, 2 closing, 3 straight (either); its length
 * in *len. */
static int mark_at(const unsigned char *p, size_t n, size_t *len)
{
	if (p[0] == '"') {
		*len = 1;
		return 3;
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
    "said",	 "says",     "say",	  "wrote",    "writes", "added",   "adds",
    "told",	 "tells",    "stated",	  "states",   "noted",	"posted",  "tweeted",
    "announced", "declared", "explained", "insisted", "warned", "asked",   "replied",
    "according", "stating",  "saying",	  "noting",   "adding", "writing", "telling",
    "commented", "remarked", "confirmed", "argued",
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

/* Adjacent tokens: one space between (no punctuation). */
static bool adjacent(const ddoc *x, size_t a, size_t b)
{
	return x->tok[b].start == x->tok[a].end + 1 && x->text[x->tok[a].end] == ' ';
}

/* The run of capitalised tokens ending at token e (inclusive), joined by single spaces. */
static nf_span run_back(const ddoc *x, size_t e)
{
	size_t s = e;
	while (s > 0 && capital(&x->tok[s - 1]) && adjacent(x, s - 1, s) && e - s < RUN_MAX - 1)
		s--;
	return (nf_span){x->tok[s].start, x->tok[e].end};
}

static nf_span run_fwd(const ddoc *x, size_t s, size_t limit)
{
	size_t e = s;
	while (e + 1 < limit && capital(&x->tok[e + 1]) && adjacent(x, e, e + 1) &&
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
static size_t tok_from(const ddoc *x, uint32_t b)
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
	if (v > lo && adjacent(x, v - 1, v)) {
		const dtok *p = &x->tok[v - 1];
		if (is_pronoun(x, p))
			return (who){true, true, {p->start, p->end}};
		if (capital(p))
			return (who){true, false, run_back(x, v - 1)};
	}
	if (v + 1 < hi && adjacent(x, v, v + 1)) {
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
	size_t a = tok_from(x, qe), lim = tok_from(x, pe);
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
	size_t b = tok_from(x, qs), lo = tok_from(x, ps);
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
	size_t t0 = tok_from(x, s), t1 = tok_from(x, e);
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
	q->n_grams = uniq(q->grams, ng);
	d->n_q++;
	return 0;
}

/* Scans article doc for quotations, paragraph by paragraph. */
static int scan_quotes(nf_digester *d, uint32_t doc)
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

/* The summary units of article doc: its sentences, except that a quotation running over
 * several sentences joins them into one (it is one utterance: "We agreed to meet. Rubio will
 * lead." cut after the first sentence loses who leads), unless the whole would pass
 * SENT_MAX_WORDS. Needs the article's quotes. */
static int make_units(nf_digester *d, uint32_t doc)
{
	ddoc *x = &d->docs[doc];
	for (size_t i = 0; i < x->n_unit; i++)
		free(x->unit[i].terms);
	free(x->unit);
	x->n_unit = 0;
	x->unit = calloc(x->n_sent + 1, sizeof(dsent));
	if (!x->unit)
		return NF_ENOMEM;
	for (size_t k = 0; k < x->n_sent;) {
		size_t e = k;
		for (bool grew = true; grew;) {
			grew = false;
			uint32_t end = x->sent[e].span.end;
			for (size_t i = x->q0; i < x->q1; i++) {
				const nf_span *q = &d->q[i].span;
				if (q->start < end && q->end > end) {
					size_t f = (size_t)(sentence_at(x, q->end) - x->sent);
					if (f > e) {
						e = f;
						grew = true;
					}
				}
			}
		}
		size_t w = 0;
		for (size_t j = k; j <= e; j++)
			w += words(x, &x->sent[j]);
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
		if (!u->terms)
			return NF_ENOMEM;
		for (size_t j = k; j <= e; j++) {
			memcpy(u->terms + u->n_terms, x->sent[j].terms,
			       x->sent[j].n_terms * sizeof(uint32_t));
			u->n_terms += x->sent[j].n_terms;
		}
		u->n_terms = (uint32_t)uniq(u->terms, u->n_terms);
		for (uint32_t t = u->t0; t < u->t1; t++)
			boil += (x->tok[t].flags & NF_TOK_BOILER) != 0;
		u->boiler = u->t1 == u->t0 || boil * 2 > u->t1 - u->t0;
		for (size_t i = x->q0; i < x->q1; i++)
			if (d->q[i].span.start < u->span.start && u->span.start < d->q[i].span.end)
				u->midquote = true;
		k = e + 1;
	}
	return 0;
}

static bool same_quote(const qref *a, const qref *b)
{
	size_t i = 0, j = 0, c = 0;
	while (i < a->n_grams && j < b->n_grams) {
		if (a->grams[i] < b->grams[j])
			i++;
		else if (a->grams[i] > b->grams[j])
			j++;
		else
			c++, i++, j++;
	}
	size_t m = a->n_grams < b->n_grams ? a->n_grams : b->n_grams;
	return m && c * 2 >= m;
}

/* The key of a speaker: the name key of its last word ("Donald Trump" and "Trump" agree). */
static uint64_t speaker_key(nf_digester *d, const qref *q)
{
	const ddoc *x = &d->docs[q->speaker_doc];
	size_t e = tok_from(x, q->speaker.end);
	if (e == 0)
		return 0;
	const dtok *t = &x->tok[e - 1];
	const char *k;
	size_t n = nf_event_name_key(d->ev, x->norm + t->norm, t->norm_len, &k);
	return nf_hash64(k, n, 23);
}

static int group_quotes(nf_digester *d)
{
	nf_uf uf = {0};
	if (nf_uf_grow(&uf, d->n_q + 1))
		return NF_ENOMEM;
	for (size_t i = 0; i < d->n_q; i++)
		for (size_t j = i + 1; j < d->n_q; j++)
			if (same_quote(&d->q[i], &d->q[j]))
				nf_uf_union(&uf, (uint32_t)i, (uint32_t)j);
	if (nf_grow((void **)&d->quotes, &d->cap_quotes, d->n_q + 1, sizeof(nf_digest_quote))) {
		nf_uf_release(&uf);
		return NF_ENOMEM;
	}
	size_t nq = 0;
	for (uint32_t r = 0; r < d->n_q; r++) {
		if (nf_uf_find(&uf, r) != r)
			continue;
		/* the longest wording; carriers; the speaker most carriers name */
		uint32_t best = r;
		size_t from = d->n_support;
		int32_t sp = -1;
		size_t sp_votes = 0;
		for (uint32_t i = r; i < d->n_q; i++) {
			if (nf_uf_find(&uf, i) != r)
				continue;
			const qref *q = &d->q[i];
			if (q->t1 - q->t0 > d->q[best].t1 - d->q[best].t0)
				best = i;
			if (push_support(d, q->doc)) {
				nf_uf_release(&uf);
				return NF_ENOMEM;
			}
			if (q->speaker_doc < 0)
				continue;
			uint64_t k = speaker_key(d, q);
			size_t votes = 0;
			for (uint32_t j = r; j < d->n_q; j++)
				votes += nf_uf_find(&uf, j) == r && d->q[j].speaker_doc >= 0 &&
					 speaker_key(d, &d->q[j]) == k;
			const qref *cur = sp >= 0 ? &d->q[sp] : NULL;
			if (votes > sp_votes || (votes == sp_votes && cur &&
						 q->speaker.end - q->speaker.start >
						     cur->speaker.end - cur->speaker.start)) {
				sp = (int32_t)i;
				sp_votes = votes;
			}
		}
		size_t nc = uniq(d->support + from, d->n_support - from);
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
	/* most carried first, then longest, then first found */
	for (size_t i = 1; i < nq; i++) {
		nf_digest_quote x = d->quotes[i];
		size_t j = i;
		while (j > 0 && (d->quotes[j - 1].n_carriers < x.n_carriers ||
				 (d->quotes[j - 1].n_carriers == x.n_carriers &&
				  d->quotes[j - 1].span.end - d->quotes[j - 1].span.start <
				      x.span.end - x.span.start))) {
			d->quotes[j] = d->quotes[j - 1];
			j--;
		}
		d->quotes[j] = x;
	}
	d->out.n_quotes = nq < QUOTES_MAX ? nq : QUOTES_MAX;
	return 0;
}

/* --- names ------------------------------------------------------------------------------------ */

typedef struct nref {
	uint64_t key;
	uint32_t doc;
	nf_span span;
	uint64_t form; /* hash of the bytes */
} nref;

static int cmp_nref(const void *x, const void *y)
{
	const nref *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->form != b->form)
		return a->form < b->form ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int find_names(nf_digester *d)
{
	nref *v = NULL;
	size_t n = 0, cap = 0;
	for (uint32_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		for (size_t t = 0; t < x->n_tok; t++) {
			const dtok *w = &x->tok[t];
			if (!capital(w))
				continue;
			/* a run of capitalised words; alone at a sentence start it is not a name */
			size_t e = t;
			while (e + 1 < x->n_tok && capital(&x->tok[e + 1]) &&
			       adjacent(x, e, e + 1) && e - t < 3)
				e++;
			size_t from = t;
			const char *st;
			while (from <= e && nf_event_stem(d->ev, x->norm + x->tok[from].norm,
							  x->tok[from].norm_len, &st) == 0)
				from++; /* "The", "In" */
			bool lone_initial = from == e && (x->tok[from].flags & NF_TOK_SENT);
			if (from <= e && !lone_initial) {
				uint64_t key = 0;
				for (size_t k = from; k <= e; k++) {
					const char *nk;
					size_t nn =
					    nf_event_name_key(d->ev, x->norm + x->tok[k].norm,
							      x->tok[k].norm_len, &nk);
					key = key * 31 + nf_hash64(nk, nn, 29);
				}
				nf_span sp = {x->tok[from].start, x->tok[e].end};
				if (nf_grow((void **)&v, &cap, n + 1, sizeof(nref))) {
					free(v);
					return NF_ENOMEM;
				}
				v[n++] =
				    (nref){key, i, sp,
					   nf_hash64(x->text + sp.start, sp.end - sp.start, 3)};
			}
			t = e;
		}
	}
	if (n)
		qsort(v, n, sizeof(nref), cmp_nref);
	if (nf_grow((void **)&d->names, &d->cap_names, NAMES_MAX + 1, sizeof(nf_digest_name))) {
		free(v);
		return NF_ENOMEM;
	}
	size_t nn = 0;
	uint64_t mentions[NAMES_MAX + 1];
	for (size_t a = 0, b; a < n; a = b) {
		uint32_t docs = 0;
		size_t best = a, best_count = 0;
		for (b = a; b < n && v[b].key == v[a].key; b++) {
			bool seen = false;
			for (size_t k = a; k < b && !seen; k++)
				seen = v[k].doc == v[b].doc;
			docs += !seen;
		}
		/* the most common spelling */
		for (size_t f = a, g; f < b; f = g) {
			for (g = f; g < b && v[g].form == v[f].form; g++)
				;
			if (g - f > best_count) {
				best_count = g - f;
				best = f;
			}
		}
		nf_digest_name x = {v[best].doc, v[best].span, docs};
		uint64_t m = b - a;
		/* keep the NAMES_MAX named in most articles, then most often */
		size_t j = nn < NAMES_MAX ? nn++ : NAMES_MAX;
		if (j == NAMES_MAX &&
		    (d->names[NAMES_MAX - 1].docs > docs ||
		     (d->names[NAMES_MAX - 1].docs == docs && mentions[NAMES_MAX - 1] >= m)))
			continue;
		if (j == NAMES_MAX)
			j = NAMES_MAX - 1;
		while (j > 0 && (d->names[j - 1].docs < docs ||
				 (d->names[j - 1].docs == docs && mentions[j - 1] < m))) {
			d->names[j] = d->names[j - 1];
			mentions[j] = mentions[j - 1];
			j--;
		}
		d->names[j] = x;
		mentions[j] = m;
	}
	d->out.n_names = nn;
	free(v);
	return 0;
}

/* --- headline, additions, run ------------------------------------------------------------- */

/* Distinct stems of tokens [t0, t1) into buf; returns how many. */
static size_t stems_of(const dtok *tok, size_t t0, size_t t1, uint32_t *buf)
{
	size_t k = 0;
	for (size_t t = t0; t < t1; t++)
		if (tok[t].term && !(tok[t].flags & NF_TOK_BOILER))
			buf[k++] = tok[t].term - 1;
	return uniq(buf, k);
}

static int headline(nf_digester *d)
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
					size_t a = tok_from(x, x->para[p].start),
					       b = tok_from(x, x->para[p].end);
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
			double c = centrality(d, buf, n);
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
static int additions(nf_digester *d)
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
			w_in += covered(x->fam_cov, x->n_fam_cov, x->tok[t].start, x->tok[t].end);
		}
		s->reused = s->role == NF_ROLE_INDEPENDENT || s->role == NF_ROLE_ORIGIN || !w_all
				? 0
				: (double)w_in / (double)w_all;
		if (d->n < 2)
			continue;
		for (size_t k = 0; k < x->n_unit; k++) {
			const dsent *st = &x->unit[k];
			if (st->boiler || words(x, st) < SENT_MIN_WORDS)
				continue;
			if (share_covered(x, st->t0, st->t1, x->any_cov, x->n_any_cov) >= 0.5)
				continue;
			size_t from = d->n_support, sup;
			if (support_of(d, i, st, &sup))
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
	d->n_support = d->n_added = d->n_pairs = d->n_pspans = 0;
	free(d->centroid);
	free(d->summary);
	free(d->sources);
	d->centroid = calloc(d->n_stems + 1, sizeof(double));
	d->summary = calloc(SUMMARY_MAX, sizeof(nf_digest_sentence));
	d->sources = calloc(d->n + 1, sizeof(nf_digest_source));
	if (!d->centroid || !d->summary || !d->sources)
		return NF_ENOMEM;
	for (size_t i = 0; i < d->n_q; i++)
		free(d->q[i].grams);
	d->n_q = 0;
	nf_uf uf = {0};
	int rc = nf_uf_grow(&uf, d->n + 1);
	if (!rc && d->n)
		rc = families(d, &uf);
	nf_uf_release(&uf);
	for (uint32_t i = 0; !rc && i < d->n; i++) {
		d->docs[i].q0 = d->n_q;
		rc = scan_quotes(d, i);
		d->docs[i].q1 = d->n_q;
		if (!rc)
			rc = make_units(d, i);
	}
	if (!rc)
		rc = weigh_stems(d);
	if (!rc)
		rc = index_sentences(d);
	if (!rc)
		rc = summarize(d);
	if (!rc)
		rc = group_quotes(d);
	if (!rc)
		rc = find_names(d);
	if (!rc)
		rc = headline(d);
	if (!rc)
		rc = additions(d);
	if (rc)
		return NF_ENOMEM;
	/* offsets into the support pool become pointers, now that it stops moving */
	for (size_t j = 0; j < d->out.n_summary; j++)
		d->summary[j].support = d->support + (uintptr_t)d->summary[j].support;
	for (size_t j = 0; j < d->out.n_quotes; j++)
		d->quotes[j].carriers = d->support + (uintptr_t)d->quotes[j].carriers;
	for (size_t j = 0; j < d->n_pairs; j++)
		d->pairs[j].spans = d->pspans + (uintptr_t)d->pairs[j].spans;
	d->out.pairs = d->pairs;
	d->out.n_pairs = d->n_pairs;
	d->out.summary = d->summary;
	d->out.quotes = d->quotes;
	d->out.sources = d->sources;
	d->out.names = d->names;
	*out = &d->out;
	return 0;
}

/* --- JSON --------------------------------------------------------------------------------- */

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

/* ,"key":value with an integer (or %.3f when frac) value */
static void put_num(nf_buf *b, const char *key, double v, bool frac)
{
	char tmp[96];
	if (frac)
		snprintf(tmp, sizeof(tmp), ",\"%s\":%.3f", key, v);
	else
		snprintf(tmp, sizeof(tmp), ",\"%s\":%.0f", key, v);
	put(b, tmp);
}

/* Text of a span with runs of white space (line breaks too) as one space. */
static void put_text(nf_buf *b, const char *s, size_t n)
{
	char *tmp = malloc(n + 1);
	if (!tmp) {
		b->oom = true;
		return;
	}
	size_t k = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = k > 0;
			continue;
		}
		if (space)
			tmp[k++] = ' ';
		space = false;
		tmp[k++] = c;
	}
	nf_json_string(b, tmp, k);
	free(tmp);
}

static void put_id(nf_buf *b, const ddoc *x)
{
	nf_json_string(b, x->id, x->id_len);
}

/* The outlet: the source field, else the URL's host, else null. */
static void put_outlet(nf_buf *b, const ddoc *x)
{
	if (x->source_len) {
		nf_json_string(b, x->source, x->source_len);
		return;
	}
	const char *u = x->url, *h = strstr(u, "://");
	if (!h) {
		put(b, "null");
		return;
	}
	h += 3;
	size_t n = strcspn(h, "/?#:");
	if (n > 4 && memcmp(h, "www.", 4) == 0)
		h += 4, n -= 4;
	nf_json_string(b, h, n);
}

static void put_ids(nf_buf *b, const nf_digester *d, const uint32_t *v, size_t n)
{
	put(b, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(b, ",");
		put_id(b, &d->docs[v[i]]);
	}
	put(b, "]");
}

int nf_digest_json(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	put(b, "{\"headline\":");
	if (g->headline_doc >= 0) {
		const ddoc *x = &d->docs[g->headline_doc];
		const char *base = g->headline_in_title ? x->title : x->text;
		put(b, "{\"text\":");
		put_text(b, base + g->headline.start, g->headline.end - g->headline.start);
		put(b, ",\"id\":");
		put_id(b, x);
		put(b, g->headline_in_title ? ",\"from\":\"title\"}" : ",\"from\":\"text\"}");
	} else {
		put(b, "null");
	}
	put(b, ",\"summary\":[");
	for (size_t i = 0; i < g->n_summary; i++) {
		const nf_digest_sentence *s = &g->summary[i];
		const ddoc *x = &d->docs[s->doc];
		put(b, i ? ",{\"text\":" : "{\"text\":");
		put_text(b, x->text + s->span.start, s->span.end - s->span.start);
		put(b, ",\"id\":");
		put_id(b, x);
		put_num(b, "start", s->span.start, false);
		put_num(b, "end", s->span.end, false);
		put(b, ",\"sources\":");
		put_ids(b, d, s->support, s->n_support);
		put(b, "}");
	}
	put(b, "],\"quotes\":[");
	for (size_t i = 0; i < g->n_quotes; i++) {
		const nf_digest_quote *q = &g->quotes[i];
		const ddoc *x = &d->docs[q->doc];
		put(b, i ? ",{\"text\":" : "{\"text\":");
		put_text(b, x->text + q->span.start, q->span.end - q->span.start);
		put(b, ",\"speaker\":");
		if (q->speaker_doc >= 0)
			put_text(b, d->docs[q->speaker_doc].text + q->speaker.start,
				 q->speaker.end - q->speaker.start);
		else
			put(b, "null");
		put(b, ",\"id\":");
		put_id(b, x);
		put_num(b, "start", q->span.start, false);
		put_num(b, "end", q->span.end, false);
		put(b, ",\"carriers\":");
		put_ids(b, d, q->carriers, q->n_carriers);
		put(b, ",\"outlets\":[");
		for (size_t k = 0; k < q->n_carriers; k++) {
			if (k)
				put(b, ",");
			put_outlet(b, &d->docs[q->carriers[k]]);
		}
		put(b, "]}");
	}
	put(b, "],\"sources\":[");
	for (size_t i = 0; i < g->n_docs; i++) {
		const nf_digest_source *s = &g->sources[i];
		const ddoc *x = &d->docs[i];
		put(b, i ? ",{\"id\":" : "{\"id\":");
		put_id(b, x);
		put(b, ",\"outlet\":");
		put_outlet(b, x);
		put(b, ",\"url\":");
		if (x->url_len)
			nf_json_string(b, x->url, x->url_len);
		else
			put(b, "null");
		put(b, ",\"date\":");
		nf_json_date(b, x->date);
		put(b, ",\"role\":\"");
		put(b, nf_role_name(s->role));
		put(b, "\",\"copy_of\":");
		if (s->copy_of >= 0)
			put_id(b, &d->docs[s->copy_of]);
		else
			put(b, "null");
		put(b, ",\"family\":");
		put_id(b, &d->docs[s->family]);
		put_num(b, "reused", s->reused, true);
		put(b, ",\"added\":[");
		for (size_t k = 0; k < s->n_added; k++) {
			if (k)
				put(b, ",");
			put_text(b, x->text + s->added[k].start,
				 s->added[k].end - s->added[k].start);
		}
		put(b, "]}");
	}
	/* timeline: articles by date (undated last), then id */
	put(b, "],\"timeline\":[");
	uint32_t *ord = malloc((g->n_docs + 1) * sizeof(uint32_t));
	if (!ord)
		return NF_ENOMEM;
	for (size_t i = 0; i < g->n_docs; i++) {
		uint32_t v = (uint32_t)i;
		size_t j = i;
		while (j > 0) {
			const ddoc *p = &d->docs[ord[j - 1]], *q = &d->docs[v];
			bool later =
			    p->date != q->date &&
			    (p->date == NF_NO_DATE || (q->date != NF_NO_DATE && p->date > q->date));
			if (!later)
				break;
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = v;
	}
	for (size_t i = 0; i < g->n_docs; i++) {
		const ddoc *x = &d->docs[ord[i]];
		put(b, i ? ",{\"date\":" : "{\"date\":");
		nf_json_date(b, x->date);
		put(b, ",\"outlet\":");
		put_outlet(b, x);
		put(b, ",\"id\":");
		put_id(b, x);
		put(b, "}");
	}
	free(ord);
	put(b, "],\"names\":[");
	for (size_t i = 0; i < g->n_names; i++) {
		const nf_digest_name *nm = &g->names[i];
		put(b, i ? ",{\"name\":" : "{\"name\":");
		put_text(b, d->docs[nm->doc].text + nm->span.start, nm->span.end - nm->span.start);
		put_num(b, "articles", nm->docs, false);
		put(b, "}");
	}
	put(b, "]}");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_digest_articles_json(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	put(b, "{\"articles\":[");
	for (size_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		put(b, i ? ",{\"id\":" : "{\"id\":");
		put_id(b, x);
		put(b, ",\"title\":");
		nf_json_string(b, x->title, x->title_len);
		put(b, ",\"outlet\":");
		put_outlet(b, x);
		put(b, ",\"url\":");
		nf_json_string(b, x->url, x->url_len);
		put(b, ",\"date\":");
		nf_json_date(b, x->date);
		put(b, ",\"text\":");
		nf_json_string(b, x->text, x->text_len);
		put(b, ",\"boiler\":[");
		for (size_t k = 0; k < x->n_boiler; k++) {
			char tmp[48];
			snprintf(tmp, sizeof(tmp), "%s[%u,%u]", k ? "," : "", x->boiler[k].start,
				 x->boiler[k].end);
			put(b, tmp);
		}
		put(b, "]}");
	}
	put(b, "],\"pairs\":[");
	for (size_t i = 0; i < g->n_pairs; i++) {
		const nf_digest_pair *p = &g->pairs[i];
		char tmp[160];
		snprintf(tmp, sizeof(tmp), "%s{\"a\":%u,\"b\":%u,\"relation\":\"%s\",\"spans\":[",
			 i ? "," : "", p->a, p->b, nf_relation_name(p->relation));
		put(b, tmp);
		for (size_t k = 0; k < p->n_spans; k++) {
			const nf_passage *s = &p->spans[k];
			snprintf(tmp, sizeof(tmp), "%s[%u,%u,%u,%u,\"%s\",%s]", k ? "," : "",
				 s->a_start, s->a_end, s->b_start, s->b_end,
				 nf_passage_kind_name(s->kind), s->boilerplate ? "true" : "false");
			put(b, tmp);
		}
		put(b, "]}");
	}
	put(b, "]}");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_digest_index_json(const nf_digester *d, const nf_digest *g, nf_buf *b)
{
	put(b, "\"headline\":");
	if (g->headline_doc >= 0) {
		const ddoc *x = &d->docs[g->headline_doc];
		const char *base = g->headline_in_title ? x->title : x->text;
		put_text(b, base + g->headline.start, g->headline.end - g->headline.start);
	} else {
		put(b, "null");
	}
	put(b, ",\"names\":[");
	for (size_t i = 0; i < g->n_names && i < 6; i++) {
		const nf_digest_name *nm = &g->names[i];
		if (i)
			put(b, ",");
		put_text(b, d->docs[nm->doc].text + nm->span.start, nm->span.end - nm->span.start);
	}
	put(b, "],\"outlets\":[");
	size_t shown = 0;
	for (size_t i = 0; i < d->n && shown < 8; i++) {
		const ddoc *x = &d->docs[i];
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = d->docs[j].source_len == x->source_len &&
			      memcmp(d->docs[j].source, x->source, x->source_len) == 0 &&
			      d->docs[j].url_len == 0 && x->url_len == 0;
		if (dup || (!x->source_len && !strstr(x->url, "://")))
			continue;
		if (shown++)
			put(b, ",");
		put_outlet(b, x);
	}
	put(b, "]");
	return b->oom ? NF_ENOMEM : 0;
}
