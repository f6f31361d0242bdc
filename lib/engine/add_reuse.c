/*
 * add_reuse.c - the reuse stage of an add: the passages a new article shares with the articles
 * stored by adds that ran this stage.
 *
 * Each such article keeps its winnowed fingerprints in table passages (fp, num). A new article
 * looks its own up: stored articles sharing at least two of them, within the story window of its
 * date (both dated), are candidates; a fingerprint held by more than MAX_DF articles is left out
 * (boilerplate, or a passage everybody carries: the pairs would be quadratic). Each candidate is
 * aligned with the new article (nf_align, from the stored record) and a pair with a relation is
 * kept in table reuse: a < b by article number, the relation, both coverages, the source (an
 * article number, or NULL) and the spans as newsfold reuse writes them.
 *
 * The store winnows with a window of 8 shingles (newsfold reuse: 3): about half the postings,
 * and any run of 12 shared words still leaves a shared fingerprint.
 */
#include "../store/store.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DF	  64 /* stored articles holding one fingerprint, at most, for it to count */
#define WINDOW	  8  /* winnowing window in shingles */
#define MIN_SHARE 2  /* fingerprints a candidate shares */

enum { Q_FP_FIND, Q_FP_PUT, Q_FP_DEL, Q_ART, Q_PAIR_PUT, Q_PAIR_DEL, NQ };

static const char *const sql[NQ] = {
    [Q_FP_FIND] = "SELECT num FROM passages WHERE fp = ? LIMIT 65" /* MAX_DF + 1 */,
    [Q_FP_PUT] = "INSERT OR IGNORE INTO passages(fp, num) VALUES(?, ?)",
    [Q_FP_DEL] = "DELETE FROM passages WHERE fp = ? AND num = ?",
    [Q_ART] = "SELECT record, format, date FROM articles WHERE num = ?",
    [Q_PAIR_PUT] = "INSERT OR REPLACE INTO reuse(a, b, relation, coverage_a, coverage_b, source, "
		   "spans) VALUES(?, ?, ?, ?, ?, ?, ?)",
    [Q_PAIR_DEL] = "DELETE FROM reuse WHERE a = ?1 OR b = ?1",
};

struct nf_add_reuse {
	nf_store *s;
	sqlite3_stmt *q[NQ];
	nf_parser *p;
	nf_cleaner *cl;
	nf_aligner *al;
	nf_align_doc *mine, *other;
	nf_reuse_options ro;
	int64_t window;
	bool used; /* meta reuse_stage: some add ran the stage (else there is nothing to drop) */
	nf_buf rec, fp, json;
	NF_VEC(int64_t) cand;
};

int nf_add_reuse_new(nf_add_reuse **out, nf_store *s, const nf_add_options *o)
{
	nf_add_reuse *r = calloc(1, sizeof(*r));
	*out = r;
	if (!r)
		return NF_ENOMEM;
	r->s = s;
	r->window = o->story.window;
	r->used = nf_store_meta_int(s, "reuse_stage", 0) != 0;
	r->ro.window = WINDOW;
	nf_buf_init(&r->rec);
	nf_buf_init(&r->fp);
	nf_buf_init(&r->json);
	int rc;
	if ((rc = nf_parser_new(&r->p, &o->feed.read)) || (rc = nf_cleaner_new(&r->cl, NULL)) ||
	    (rc = nf_aligner_new(&r->al, NULL)) || (rc = nf_align_doc_new(&r->mine)) ||
	    (rc = nf_align_doc_new(&r->other)))
		return rc;
	for (int i = 0; i < NQ; i++)
		if ((rc = nf_store_prepare(s, &r->q[i], sql[i])))
			return rc;
	return 0;
}

void nf_add_reuse_free(nf_add_reuse *r)
{
	if (!r)
		return;
	for (int i = 0; i < NQ; i++)
		sqlite3_finalize(r->q[i]);
	nf_parser_free(r->p);
	nf_cleaner_free(r->cl);
	nf_aligner_free(r->al);
	nf_align_doc_free(r->mine);
	nf_align_doc_free(r->other);
	nf_buf_release(&r->rec);
	nf_buf_release(&r->fp);
	nf_buf_release(&r->json);
	NF_VEC_FREE(&r->cand);
	free(r);
}

static int step_done(nf_add_reuse *r, sqlite3_stmt *st, const char *what)
{
	int x = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return x == SQLITE_DONE ? 0 : nf_store_sqlfail(r->s, x, what);
}

/* Stored article num prepared for alignment into d; its fingerprints into r->fp when fp. */
static int load(nf_add_reuse *r, int64_t num, nf_align_doc *d, bool fp, int64_t *date)
{
	sqlite3_stmt *st = r->q[Q_ART];
	sqlite3_bind_int64(st, 1, num);
	int x = sqlite3_step(st), rc = 0;
	if (x != SQLITE_ROW) {
		sqlite3_reset(st);
		return x == SQLITE_DONE ? NF_ENOENT
					: nf_store_sqlfail(r->s, x, "reading an article");
	}
	nf_buf_reset(&r->rec);
	nf_buf_append(&r->rec, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	nf_record rec = {r->rec.data, r->rec.len, "store", 1, 0, sqlite3_column_int(st, 1)};
	if (date)
		*date = sqlite3_column_type(st, 2) == SQLITE_NULL ? NF_NO_DATE
								  : sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	nf_doc doc;
	nf_error err;
	nf_cleaned c;
	nf_buf_reset(&r->fp);
	if (r->rec.oom || nf_parse(r->p, &rec, &doc, &err) ||
	    nf_clean(r->cl, doc.text.ptr, doc.text.len, &c) ||
	    (d && nf_align_doc_set(d, doc.text.ptr, doc.text.len, doc.date, &c)) ||
	    (fp && nf_reuse_fingerprints(&c, &r->ro, &r->fp)))
		rc = NF_ENOMEM;
	return rc;
}

/* Stored articles sharing MIN_SHARE fingerprints with fp[0..n), in r->cand (ascending). */
static int candidates(nf_add_reuse *r, const uint32_t *fp, size_t n, int64_t self)
{
	r->cand.n = 0;
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = r->q[Q_FP_FIND];
		sqlite3_bind_int64(st, 1, fp[i]);
		size_t start = r->cand.n;
		int x;
		while ((x = sqlite3_step(st)) == SQLITE_ROW)
			if (NF_VEC_PUSH(&r->cand, sqlite3_column_int64(st, 0)))
				return NF_ENOMEM;
		sqlite3_reset(st);
		if (x != SQLITE_DONE)
			return nf_store_sqlfail(r->s, x, "reading passages");
		if (r->cand.n - start > MAX_DF)
			r->cand.n = start; /* too common to tell anything */
	}
	if (r->cand.n)
		qsort(r->cand.a, r->cand.n, sizeof(int64_t), nf_cmp_i64);
	size_t k = 0;
	for (size_t i = 0; i < r->cand.n;) {
		size_t j = i;
		while (j < r->cand.n && r->cand.a[j] == r->cand.a[i])
			j++;
		if (j - i >= MIN_SHARE && r->cand.a[i] != self)
			r->cand.a[k++] = r->cand.a[i];
		i = j;
	}
	r->cand.n = k;
	return 0;
}

static int keep_pair(nf_add_reuse *r, int64_t a, int64_t b, const nf_alignment *al)
{
	sqlite3_stmt *st = r->q[Q_PAIR_PUT];
	nf_buf_reset(&r->json);
	if (nf_write_spans_json(&r->json, al))
		return NF_ENOMEM;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	sqlite3_bind_text(st, 3, nf_relation_name(al->relation), -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, al->coverage_a);
	sqlite3_bind_double(st, 5, al->coverage_b);
	if (al->source >= 0)
		sqlite3_bind_int64(st, 6, al->source == 0 ? a : b);
	sqlite3_bind_text(st, 7, r->json.data, (int)r->json.len, SQLITE_STATIC);
	return step_done(r, st, "keeping a reuse pair");
}

int nf_add_reuse_article(nf_add_reuse *r, int64_t num, uint64_t *pairs)
{
	int64_t date;
	int rc = r->used ? 0 : nf_store_meta_set(r->s, "reuse_stage", 1);
	r->used = true;
	if (!rc)
		rc = load(r, num, r->mine, true, &date);
	size_t n = r->fp.len / sizeof(uint32_t);
	uint32_t *fp = malloc(n * sizeof(uint32_t) + 1);
	if (!fp)
		return NF_ENOMEM;
	if (n)
		memcpy(fp, r->fp.data, n * sizeof(uint32_t));
	if (!rc)
		rc = candidates(r, fp, n, num);
	for (size_t i = 0; !rc && i < r->cand.n; i++) {
		int64_t c = r->cand.a[i], cdate;
		if ((rc = load(r, c, r->other, false, &cdate)))
			break;
		if (r->window && date != NF_NO_DATE && cdate != NF_NO_DATE &&
		    llabs(date - cdate) > r->window)
			continue;
		nf_alignment al;
		/* a is the smaller number: the pair reads the same whichever came first */
		if ((rc = c < num ? nf_align(r->al, r->other, r->mine, &al)
				  : nf_align(r->al, r->mine, r->other, &al)))
			break;
		if (al.relation == NF_REL_NONE)
			continue;
		(*pairs)++;
		rc = keep_pair(r, c < num ? c : num, c < num ? num : c, &al);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		sqlite3_stmt *st = r->q[Q_FP_PUT];
		sqlite3_bind_int64(st, 1, fp[i]);
		sqlite3_bind_int64(st, 2, num);
		rc = step_done(r, st, "keeping passages");
	}
	free(fp);
	return rc;
}

int nf_add_reuse_drop(nf_add_reuse *r, int64_t num)
{
	if (!r->used)
		return 0; /* no add ran the stage: no passages, no pairs */
	int rc = load(r, num, NULL, true, NULL);
	for (size_t i = 0; !rc && i < r->fp.len / sizeof(uint32_t); i++) {
		uint32_t f;
		memcpy(&f, r->fp.data + i * sizeof(uint32_t), sizeof(f));
		sqlite3_stmt *st = r->q[Q_FP_DEL];
		sqlite3_bind_int64(st, 1, f);
		sqlite3_bind_int64(st, 2, num);
		rc = step_done(r, st, "dropping passages");
	}
	if (!rc) {
		sqlite3_stmt *st = r->q[Q_PAIR_DEL];
		sqlite3_bind_int64(st, 1, num);
		rc = step_done(r, st, "dropping reuse pairs");
	}
	return rc;
}
