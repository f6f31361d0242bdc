/* digest.h - what the digest's parts share: the article and sentence records of a story, the
 * digester, the constants, and the functions one part calls in another. Not public. */
#ifndef NF_DIGEST_H
#define NF_DIGEST_H

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
#define GRAM_QUOTES_MAX	    64 /* a quote 3-gram in more distinct quotes pairs none of them */
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

static inline bool capital(const dtok *t)
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
	bool syndicated; /* carries an agency's syndication disclaimer (a wire copy) */
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

/* A sentence's terms (a sorted set), the key of the paraphrase memo. */
struct smemo {
	uint64_t h; /* 0: empty */
	const uint32_t *terms;
	uint32_t n_terms;
	size_t from, count; /* its documents, in memo_docs */
};

/* A pair of the story's articles sharing text (a < b), its spans d->pspans[s0 .. s0 + n_spans). */
typedef struct dpair {
	uint32_t a, b;
	int relation, source; /* enum nf_relation; source 0 a, 1 b, -1 not named */
	double cov_a, cov_b;
	bool verbatim; /* every counted span verbatim (without spans: both sides wholly covered) */
	size_t s0, n_spans;
} dpair;

struct nf_digester {
	nf_cleaner *cl;
	nf_eventer *ev;
	nf_aligner *al; /* made when the digester aligns a story itself */
	bool known;	/* the pairs are handed in (nf_digest_known): none aligned here */
	size_t sum_bytes,
	    sum_words; /* the summary's budget (nf_digester_summary_limit); 0 = none */
	uint64_t work_pairs, work_postings, work_quotes; /* nf_digester_work */
	dpair *dp;
	size_t n_dp, cap_dp;
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
	/* the documents that paraphrase a sentence, by its terms (summary.c: paraphrased_in):
	 * each sentence carried by many copies is looked up once */
	struct smemo *memo;
	size_t memo_cap, memo_n;
	uint32_t *memo_docs;
	size_t memo_docs_n, memo_docs_cap;
	nf_passage *pspans;
	size_t n_pspans, cap_pspans;
};

/* pairs.c */
/* The story's pairs in d->dp, sorted, aligned here unless handed in; d->pairs those with spans.
 * 0, NF_ENOMEM, or NF_EINVAL for a pair naming an article not added. */
NF_INTERNAL int nf_dg_pairs(nf_digester *d);
/* copies.c */
/* The copy families of the story (nf_dg_pairs; copy and partial relations joined). */
NF_INTERNAL int nf_dg_families(nf_digester *d, nf_uf *uf);
/* summary.c */
NF_INTERNAL int nf_dg_summarize(nf_digester *d);
/* quotes.c */
NF_INTERNAL int nf_dg_scan_quotes(nf_digester *d, uint32_t doc);
NF_INTERNAL int nf_dg_make_units(nf_digester *d, uint32_t doc);
NF_INTERNAL int nf_dg_group_quotes(nf_digester *d);
/* names.c */
NF_INTERNAL int nf_dg_find_names(nf_digester *d);
/* sources.c */
NF_INTERNAL int nf_dg_headline(nf_digester *d);
NF_INTERNAL int nf_dg_additions(nf_digester *d);

/* helpers the parts share */
NF_INTERNAL int nf_dg_index_sentences(nf_digester *d);
NF_INTERNAL size_t nf_dg_words(const ddoc *x, const dsent *s);
NF_INTERNAL int nf_dg_push_support(nf_digester *d, uint32_t v);
NF_INTERNAL double nf_dg_centrality(const nf_digester *d, const uint32_t *t, size_t n);
NF_INTERNAL bool nf_dg_covered(const nf_span *v, size_t n, uint32_t s, uint32_t e);
NF_INTERNAL double nf_dg_share_covered(const ddoc *x, uint32_t t0, uint32_t t1, const nf_span *v,
				       size_t n);
NF_INTERNAL int nf_dg_support_of(nf_digester *d, uint32_t doc, const dsent *s, size_t *count);
NF_INTERNAL bool nf_dg_adjacent(const ddoc *x, size_t a, size_t b);
NF_INTERNAL size_t nf_dg_tok_from(const ddoc *x, uint32_t b);
NF_INTERNAL size_t nf_dg_uniq(uint32_t *v, size_t n);

/* nf_digest_json for the report (lib/write): NF_DJ_REPORT leaves out the timeline (the page
 * draws it) and keeps the REPORT_QUOTES most carried quotes (the page shows those);
 * NF_DJ_NO_ADDED leaves out the sentences each source added. */
#define NF_DJ_REPORT   1u
#define NF_DJ_NO_ADDED 2u
#define REPORT_QUOTES  8
NF_INTERNAL int nf_dg_digest_json(const nf_digester *d, const nf_digest *g, unsigned flags,
				  nf_buf *b);
/* nf_digest_articles_json, with or without the texts (and the pairs' spans): lib/write */
NF_INTERNAL int nf_dg_articles_json(const nf_digester *d, const nf_digest *g, bool texts,
				    nf_buf *b);

#endif
