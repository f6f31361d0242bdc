/*
 * add.c - one add into a store, one transaction: read (the feed: clean, sketch, event terms),
 * store each article (a new id, a new version of a stored one, or a counted no-op), find its
 * exact and near duplicates among everything stored (LSH band keys in the store, each candidate
 * verified by the exact Jaccard of the shingle sets, recomputed from the stored records), then at
 * commit redo the stories around the new articles (recluster.c) and their digests.
 *
 * Families are copy families as everywhere in newsfold (NF_REL_COPY in newsfold.h): the connected
 * components of the duplicate links (the links table) and of the pairs the reuse stage aligned
 * as copy or partial (table reuse); an article's family is the smallest article number in it.
 * Exact duplicates of a stored article link to the first of them and put no band keys of their
 * own, so 10^5 copies cost linear work.
 */
#include "../link/link.h"
#include "../store/store.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

typedef NF_VEC(uint64_t) u64vec;

void nf_add_options_init(nf_add_options *o)
{
	memset(o, 0, sizeof(*o));
	nf_feed_options_init(&o->feed);
	/* templates are found within one run; adds differ in size, so a store marks boilerplate by
	 * its markers only (the same text gets the same marks whatever add brings it) */
	o->feed.repeat_min = 0;
	nf_story_options_init(&o->story);
	o->stages = NF_STAGE_DEFAULT;
	o->threshold = 0.8;
}

enum {
	Q_FIND_ID,
	Q_INSERT,
	Q_UPDATE,
	Q_SAVE_VERSION,
	Q_DEL_BANDS,
	Q_DEL_LINKS,
	Q_INSERT_BAND,
	Q_FIND_BAND,
	Q_FIND_EXACT,
	Q_INSERT_LINK,
	Q_RECORD,
	Q_FAMILY,
	Q_MERGE_FAMILY,
	Q_TERM_FIND,
	Q_TERM_INSERT,
	Q_TERM_SURFACE,
	Q_STORY_OF,
	Q_DF,
	Q_OLD_TERMS,
	N_QUERIES
};

static const char *const queries[N_QUERIES] = {
    [Q_FIND_ID] = "SELECT num, record_hash, version, story FROM articles WHERE id = ?",
    [Q_INSERT] = "INSERT INTO articles(id, id_is_number, version, date, title, source, url, "
		 "format, record, record_hash, exact_hi, exact_lo, family, terms, seq) "
		 "VALUES(?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?13)",
    [Q_UPDATE] = "UPDATE articles SET id_is_number = ?2, version = version + 1, date = ?3, "
		 "title = ?4, source = ?5, url = ?6, format = ?7, record = ?8, record_hash = ?9, "
		 "exact_hi = ?10, exact_lo = ?11, family = ?1, terms = ?12, seq = ?13 "
		 "WHERE num = ?1",
    [Q_SAVE_VERSION] = "INSERT INTO article_versions(id, version, record, seq, replaced_seq) "
		       "SELECT id, version, record, seq, ?2 FROM articles WHERE num = ?1",
    [Q_DEL_BANDS] = "DELETE FROM bands WHERE num = ?",
    [Q_DEL_LINKS] = "DELETE FROM links WHERE a = ?1 OR b = ?1",
    [Q_INSERT_BAND] = "INSERT INTO bands(key, num) VALUES(?, ?)",
    /* stored articles compared per band key: the most recent 512 */
    [Q_FIND_BAND] = "SELECT num FROM bands WHERE key = ? ORDER BY num DESC LIMIT 512",
    [Q_FIND_EXACT] = "SELECT min(num) FROM articles WHERE exact_hi = ? AND exact_lo = ? "
		     "AND num != ?",
    [Q_INSERT_LINK] = "INSERT OR REPLACE INTO links(a, b, kind, score) VALUES(?, ?, ?, ?)",
    [Q_RECORD] = "SELECT record, format, id FROM articles WHERE num = ?",
    [Q_FAMILY] = "SELECT family FROM articles WHERE num = ?",
    [Q_MERGE_FAMILY] = "UPDATE articles SET family = ?1 WHERE family = ?2",
    [Q_TERM_FIND] = "SELECT tid, surface FROM terms WHERE kind = ? AND text = ?",
    [Q_TERM_INSERT] = "INSERT INTO terms(kind, text, hash, surface) VALUES(?, ?, ?, ?)",
    [Q_TERM_SURFACE] = "UPDATE terms SET surface = ? WHERE tid = ?",
    [Q_STORY_OF] = "SELECT story FROM articles WHERE num = ?",
    [Q_DF] = "UPDATE terms SET df = df + ? WHERE tid = ?",
    [Q_OLD_TERMS] = "SELECT terms FROM articles WHERE num = ?",
};

struct nf_add {
	nf_store *s;
	nf_add_options o;
	sqlite3_stmt *q[N_QUERIES];
	nf_feed *feed;
	nf_parser *parser;
	nf_cleaner *cl;
	nf_sketcher *sk;     /* sorted shingle sets, for verification */
	nf_dedup *dd;	     /* band parameters and keys */
	nf_add_reuse *reuse; /* passages: kept with the reuse stage, dropped with their article */
	bool in_tx, committed, read_done;
	unsigned inputs;	   /* none: nothing to read (not stdin) */
	NF_VEC(int64_t) seeds;	   /* articles added or changed */
	NF_VEC(int64_t) old_story; /* stories of changed articles */
	NF_VEC(int64_t) refamily;  /* families to recompute (changed articles' old families) */
	u64vec sh;		   /* the new article's shingles */
	NF_VEC(int64_t) cand;
	nf_buf buf, rec;
	uint64_t new_terms;  /* articles whose terms were counted for the first time */
	uint64_t gone_terms; /* removed articles whose terms had been counted */
	/* term cache: hash -> tid, and the term's best surface form (in tsurf; written at commit
	 * when this add found a better one: tsdirty) */
	uint64_t *th;
	int64_t *tid;
	uint32_t *tsoff, *tslen;
	bool *tsdirty;
	nf_buf tsurf;
	size_t tcap, tn;
	/* document-frequency changes of this add, by term number (0: empty), written at commit */
	uint32_t *dk;
	int32_t *dv;
	size_t dcap, dn;
	nf_add_stats st;
};

static void reset(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int nf_add_begin(nf_add **out, nf_store *s, const nf_add_options *o)
{
	*out = NULL;
	nf_add *a = calloc(1, sizeof(*a));
	if (!a)
		return nf_store_fail(s, NF_ENOMEM, "out of memory");
	a->s = s;
	a->o = *o;
	if (!a->o.stages)
		a->o.stages = NF_STAGE_DEFAULT;
	if (a->o.stages & NF_STAGE_DIGEST)
		a->o.stages |= NF_STAGE_STORIES;
	a->o.feed.make = NF_FEED_SKETCH | (a->o.stages & NF_STAGE_STORIES ? NF_FEED_TERMS : 0) |
			 (a->o.stages & NF_STAGE_REUSE ? NF_FEED_FINGERPRINTS : 0);
	nf_add_reuse_options(&a->o.feed.reuse);
	a->o.feed.sketch.unsorted = true;
	nf_buf_init(&a->buf);
	nf_buf_init(&a->rec);
	int rc;
	nf_sketch_options so = {0};
	nf_dedup_options dopt = {0};
	dopt.threshold = a->o.threshold;
	if ((rc = nf_feed_new(&a->feed, &a->o.feed)) ||
	    (rc = nf_parser_new(&a->parser, &a->o.feed.read)) ||
	    (rc = nf_cleaner_new(&a->cl, NULL)) || (rc = nf_sketcher_new(&a->sk, &so)) ||
	    (rc = nf_dedup_new(&a->dd, &dopt, 128)) ||
	    (rc = nf_add_reuse_new(&a->reuse, s, &a->o, &a->st.seq))) {
		nf_add_free(a);
		return nf_store_fail(s, rc, "%s: cannot start an add: %s", s->dir, nf_strerror(rc));
	}
	for (int i = 0; i < N_QUERIES; i++)
		if ((rc = nf_store_prepare(s, &a->q[i], queries[i]))) {
			nf_add_free(a);
			return rc;
		}
	if ((rc = nf_store_begin(s))) {
		nf_add_free(a);
		return rc;
	}
	a->in_tx = true;
	sqlite3_stmt *st;
	if ((rc = nf_store_prepare(s, &st, "INSERT INTO adds(kind, at) VALUES('add', ?)")))
		goto fail;
	sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		rc = nf_store_sqlfail(s, r, "starting the add");
		goto fail;
	}
	a->st.seq = sqlite3_last_insert_rowid(s->db);
	*out = a;
	return 0;
fail:
	nf_add_free(a);
	return rc;
}

void nf_add_free(nf_add *a)
{
	if (!a)
		return;
	if (a->in_tx && !a->committed)
		nf_store_rollback(a->s);
	for (int i = 0; i < N_QUERIES; i++)
		sqlite3_finalize(a->q[i]);
	nf_feed_free(a->feed);
	nf_parser_free(a->parser);
	nf_cleaner_free(a->cl);
	nf_sketcher_free(a->sk);
	nf_dedup_free(a->dd);
	nf_add_reuse_free(a->reuse);
	NF_VEC_FREE(&a->seeds);
	NF_VEC_FREE(&a->old_story);
	NF_VEC_FREE(&a->refamily);
	NF_VEC_FREE(&a->sh);
	NF_VEC_FREE(&a->cand);
	nf_buf_release(&a->buf);
	nf_buf_release(&a->rec);
	free(a->th);
	free(a->tid);
	free(a->tsoff);
	free(a->tslen);
	free(a->tsdirty);
	nf_buf_release(&a->tsurf);
	free(a->dk);
	free(a->dv);
	free(a);
}

int nf_add_input(nf_add *a, const char *path)
{
	a->inputs++;
	int rc = nf_feed_add(a->feed, path);
	return rc ? nf_store_fail(a->s, rc, "%s: %s", path, nf_strerror(rc)) : 0;
}

static int sqlerr(nf_add *a, int r, const char *what)
{
	return nf_store_sqlfail(a->s, r, what);
}

/* Steps a statement expected to finish without rows. */
static int done(nf_add *a, sqlite3_stmt *st, const char *what)
{
	int r = sqlite3_step(st);
	reset(st);
	return r == SQLITE_DONE ? 0 : sqlerr(a, r, what);
}

/* --- terms ------------------------------------------------------------------------------------ */

static int tcache_grow(nf_add *a)
{
	size_t cap = a->tcap ? a->tcap * 2 : 4096;
	uint64_t *th = calloc(cap, sizeof(uint64_t));
	int64_t *tid = malloc(cap * sizeof(int64_t));
	uint32_t *so = malloc(cap * sizeof(uint32_t)), *sl = malloc(cap * sizeof(uint32_t));
	bool *sd = calloc(cap, sizeof(bool));
	if (!th || !tid || !so || !sl || !sd) {
		free(th);
		free(tid);
		free(so);
		free(sl);
		free(sd);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < a->tcap; i++) {
		if (!a->th[i])
			continue;
		size_t j = (size_t)a->th[i] & (cap - 1);
		while (th[j])
			j = (j + 1) & (cap - 1);
		th[j] = a->th[i];
		tid[j] = a->tid[i];
		so[j] = a->tsoff[i];
		sl[j] = a->tslen[i];
		sd[j] = a->tsdirty[i];
	}
	free(a->th);
	free(a->tid);
	free(a->tsoff);
	free(a->tslen);
	free(a->tsdirty);
	a->th = th;
	a->tid = tid;
	a->tsoff = so;
	a->tslen = sl;
	a->tsdirty = sd;
	a->tcap = cap;
	return 0;
}

/* Cache slot j's surface becomes (p, n) when that is better (nf_surface_better); dirty when the
 * store does not have it yet. */
static int better_surface(nf_add *a, size_t j, const char *p, size_t n, bool dirty)
{
	if (a->tslen[j] != UINT32_MAX &&
	    !nf_surface_better(p, n, a->tsurf.data + a->tsoff[j], a->tslen[j]))
		return 0;
	a->tsoff[j] = (uint32_t)a->tsurf.len;
	a->tslen[j] = (uint32_t)n;
	a->tsdirty[j] = dirty;
	return nf_buf_append(&a->tsurf, p, n) ? NF_ENOMEM : 0;
}

/* The store's number of a term (found or added), its best surface form kept up to date. */
static int term_id(nf_add *a, const nf_event_term *t, int64_t *out)
{
	uint64_t h = t->hash ? t->hash : 1;
	if ((a->tn + 1) * 2 > a->tcap && tcache_grow(a))
		return NF_ENOMEM;
	size_t j = (size_t)h & (a->tcap - 1);
	while (a->th[j] && a->th[j] != h)
		j = (j + 1) & (a->tcap - 1);
	const char *sf = t->surface && t->surface_len ? t->surface : t->text;
	size_t sfn = t->surface && t->surface_len ? t->surface_len : t->len;
	if (a->th[j]) {
		*out = a->tid[j];
		return better_surface(a, j, sf, sfn, true);
	}
	sqlite3_stmt *st = a->q[Q_TERM_FIND];
	sqlite3_bind_int(st, 1, t->kind);
	sqlite3_bind_text(st, 2, t->text, (int)t->len, SQLITE_STATIC);
	int r = sqlite3_step(st);
	a->tslen[j] = UINT32_MAX; /* none yet */
	int rc = 0;
	if (r == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		const char *had = (const char *)sqlite3_column_text(st, 1);
		if (had)
			rc = better_surface(a, j, had, (size_t)sqlite3_column_bytes(st, 1), false);
		reset(st);
		if (!rc)
			rc = better_surface(a, j, sf, sfn, true);
	} else {
		reset(st);
		if (r != SQLITE_DONE)
			return sqlerr(a, r, "reading terms");
		st = a->q[Q_TERM_INSERT];
		sqlite3_bind_int(st, 1, t->kind);
		sqlite3_bind_text(st, 2, t->text, (int)t->len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (int64_t)t->hash);
		sqlite3_bind_text(st, 4, sf, (int)sfn, SQLITE_STATIC);
		if ((rc = done(a, st, "adding terms")))
			return rc;
		*out = sqlite3_last_insert_rowid(a->s->db);
		rc = better_surface(a, j, sf, sfn, false);
	}
	a->th[j] = h;
	a->tid[j] = *out;
	a->tn++;
	return rc;
}

/* Writes the better surface forms this add found. */
static int surface_flush(nf_add *a)
{
	int rc = 0;
	for (size_t j = 0; j < a->tcap && !rc; j++) {
		if (!a->th[j] || !a->tsdirty[j])
			continue;
		sqlite3_stmt *st = a->q[Q_TERM_SURFACE];
		sqlite3_bind_text(st, 1, a->tsurf.data + a->tsoff[j], (int)a->tslen[j],
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, a->tid[j]);
		rc = done(a, st, "naming terms");
		a->tsdirty[j] = false;
	}
	return rc;
}

/* The article's terms as stored: per term the u32 term number and its f32 weight. */
static int terms_blob(nf_add *a, const nf_feed_item *it)
{
	nf_buf_reset(&a->buf);
	for (size_t i = 0; i < it->n_terms; i++) {
		int64_t id = 0;
		int rc = term_id(a, &it->terms[i], &id);
		if (rc)
			return rc;
		uint32_t u = (uint32_t)id;
		nf_buf_append(&a->buf, &u, 4);
		nf_buf_append(&a->buf, &it->terms[i].weight, 4);
	}
	return a->buf.oom ? NF_ENOMEM : 0;
}

static int df_grow(nf_add *a)
{
	size_t cap = a->dcap ? a->dcap * 2 : 1 << 14;
	uint32_t *dk = calloc(cap, sizeof(uint32_t));
	int32_t *dv = malloc(cap * sizeof(int32_t));
	if (!dk || !dv) {
		free(dk);
		free(dv);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < a->dcap; i++) {
		if (!a->dk[i])
			continue;
		size_t j = (a->dk[i] * 0x9E3779B1u) & (cap - 1);
		while (dk[j])
			j = (j + 1) & (cap - 1);
		dk[j] = a->dk[i];
		dv[j] = a->dv[i];
	}
	free(a->dk);
	free(a->dv);
	a->dk = dk;
	a->dv = dv;
	a->dcap = cap;
	return 0;
}

/* Document frequencies: every term of a terms blob counted `delta` more (kept in memory; the
 * store's counts change once per term at commit, not once per article and term). */
static int count_terms(nf_add *a, const void *blob, size_t len, int delta)
{
	const unsigned char *p = blob;
	for (size_t i = 0; i + 8 <= len; i += 8) {
		uint32_t tid;
		memcpy(&tid, p + i, 4);
		if (!tid)
			continue;
		if ((a->dn + 1) * 2 > a->dcap && df_grow(a))
			return NF_ENOMEM;
		size_t j = (tid * 0x9E3779B1u) & (a->dcap - 1);
		while (a->dk[j] && a->dk[j] != tid)
			j = (j + 1) & (a->dcap - 1);
		if (!a->dk[j]) {
			a->dk[j] = tid;
			a->dv[j] = 0;
			a->dn++;
		}
		a->dv[j] += delta;
	}
	return 0;
}

typedef struct df_change {
	uint32_t tid;
	int32_t delta;
} df_change;

static int cmp_change(const void *x, const void *y)
{
	uint32_t a = ((const df_change *)x)->tid, b = ((const df_change *)y)->tid;
	return (a > b) - (a < b);
}

/* Writes the document-frequency changes, in term order. */
static int df_flush(nf_add *a)
{
	df_change *c = malloc((a->dn + 1) * sizeof(*c));
	if (!c)
		return NF_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < a->dcap; i++)
		if (a->dk[i] && a->dv[i])
			c[n++] = (df_change){a->dk[i], a->dv[i]};
	qsort(c, n, sizeof(*c), cmp_change);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_stmt *st = a->q[Q_DF];
		sqlite3_bind_int(st, 1, c[i].delta);
		sqlite3_bind_int64(st, 2, c[i].tid);
		rc = done(a, st, "counting terms");
	}
	free(c);
	a->dn = 0;
	if (a->dk)
		memset(a->dk, 0, a->dcap * sizeof(uint32_t));
	return rc;
}

/* The old version's terms uncounted. */
static int uncount_old(nf_add *a, int64_t num)
{
	sqlite3_stmt *st = a->q[Q_OLD_TERMS];
	sqlite3_bind_int64(st, 1, num);
	int rc = 0, r = sqlite3_step(st);
	if (r == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		void *copy = malloc(n + 1);
		if (!copy)
			rc = NF_ENOMEM;
		else if (n)
			memcpy(copy, sqlite3_column_blob(st, 0), n);
		reset(st);
		if (!rc)
			rc = count_terms(a, copy, n, -1);
		free(copy);
		return rc;
	}
	reset(st);
	return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : sqlerr(a, r, "reading terms");
}

/* --- duplicates ------------------------------------------------------------------------------- */

/* The sorted shingle set of a record into v. */
static int shingles(nf_add *a, const nf_record *rec, u64vec *v)
{
	nf_doc doc;
	nf_error err;
	nf_cleaned c;
	nf_sketch sk;
	v->n = 0;
	if (nf_parse(a->parser, rec, &doc, &err) ||
	    nf_clean(a->cl, doc.text.ptr, doc.text.len, &c) || nf_sketch_doc(a->sk, &c, &sk))
		return NF_ENOMEM;
	if (NF_VEC_RESERVE(v, sk.n_shingles + 1))
		return NF_ENOMEM;
	if (sk.n_shingles)
		memcpy(v->a, sk.shingles, sk.n_shingles * sizeof(uint64_t));
	v->n = sk.n_shingles;
	return 0;
}

static int64_t family_of(nf_add *a, int64_t num)
{
	sqlite3_stmt *st = a->q[Q_FAMILY];
	sqlite3_bind_int64(st, 1, num);
	int64_t f = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : num;
	reset(st);
	return f;
}

/* Articles x and y in one family (named by its smallest article). */
static int join(nf_add *a, int64_t x, int64_t y)
{
	int64_t fx = family_of(a, x), fy = family_of(a, y);
	if (fx == fy)
		return 0;
	sqlite3_stmt *st = a->q[Q_MERGE_FAMILY];
	sqlite3_bind_int64(st, 1, fx < fy ? fx : fy);
	sqlite3_bind_int64(st, 2, fx < fy ? fy : fx);
	return done(a, st, "joining families");
}

/* A verified pair: the link, and one family. */
static int link(nf_add *a, int64_t x, int64_t y, const char *kind, double score)
{
	sqlite3_stmt *st = a->q[Q_INSERT_LINK];
	sqlite3_bind_int64(st, 1, x < y ? x : y);
	sqlite3_bind_int64(st, 2, x < y ? y : x);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, score);
	int rc = done(a, st, "adding a link");
	if (rc)
		return rc;
	a->st.duplicates++;
	return join(a, x, y);
}

/* The candidates (a->cand, sorted, one entry per band shared) other than num, at most
 * FAMILY_TRIES of each stored family (nf_keep_per_family), back in ascending order. */
static int keep_best(nf_add *a, int64_t num)
{
	NF_VEC(nf_ranked) v = {0};
	int rc = 0;
	for (size_t i = 0, j; i < a->cand.n && !rc; i = j) {
		for (j = i + 1; j < a->cand.n && a->cand.a[j] == a->cand.a[i]; j++)
			;
		if (a->cand.a[i] != num &&
		    NF_VEC_PUSH(&v, ((nf_ranked){a->cand.a[i], family_of(a, a->cand.a[i]), j - i})))
			rc = NF_ENOMEM;
	}
	size_t n = rc ? 0 : nf_keep_per_family(v.a, v.n);
	for (size_t i = 0; i < n; i++)
		a->cand.a[i] = v.a[i].num;
	a->cand.n = n;
	NF_VEC_FREE(&v);
	return rc;
}

/* Exact and near duplicates of article `num` among the stored ones. */
static int dedup(nf_add *a, int64_t num, const nf_feed_item *it)
{
	sqlite3_stmt *st = a->q[Q_FIND_EXACT];
	sqlite3_bind_int64(st, 1, (int64_t)it->sketch.exact_hi);
	sqlite3_bind_int64(st, 2, (int64_t)it->sketch.exact_lo);
	sqlite3_bind_int64(st, 3, num);
	int64_t exact = -1;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		exact = sqlite3_column_int64(st, 0);
	reset(st);
	if (it->sketch.n_shingles && exact >= 0)
		return link(a, exact, num, "exact", 1.0);
	const uint32_t *keys;
	size_t nk;
	int rc = nf_dedup_band_keys(a->dd, &it->sketch, &keys, &nk);
	if (rc)
		return rc;
	a->cand.n = 0;
	for (size_t b = 0; b < nk; b++) {
		int64_t key = (int64_t)((uint64_t)b << 32 | keys[b]);
		st = a->q[Q_FIND_BAND];
		sqlite3_bind_int64(st, 1, key);
		while ((r = sqlite3_step(st)) == SQLITE_ROW)
			if (NF_VEC_PUSH(&a->cand, sqlite3_column_int64(st, 0)))
				return NF_ENOMEM;
		reset(st);
		if (r != SQLITE_DONE)
			return sqlerr(a, r, "reading band keys");
		st = a->q[Q_INSERT_BAND];
		sqlite3_bind_int64(st, 1, key);
		sqlite3_bind_int64(st, 2, num);
		if ((rc = done(a, st, "adding band keys")))
			return rc;
	}
	if (a->cand.n == 0)
		return 0;
	qsort(a->cand.a, a->cand.n, sizeof(int64_t), nf_cmp_i64);
	if ((rc = keep_best(a, num)) || !a->cand.n || (rc = shingles(a, &it->rec, &a->sh)))
		return rc;
	u64vec other = {0};
	for (size_t i = 0; i < a->cand.n && rc == 0; i++) {
		int64_t c = a->cand.a[i];
		st = a->q[Q_RECORD];
		sqlite3_bind_int64(st, 1, c);
		if ((r = sqlite3_step(st)) != SQLITE_ROW) {
			reset(st);
			rc = sqlerr(a, r, "reading a stored article");
			break;
		}
		nf_record rec = {
		    sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), "store", 1, 0,
		    sqlite3_column_int(st, 1)};
		rc = shingles(a, &rec, &other);
		reset(st);
		if (rc)
			break;
		double j = nf_jaccard(other.a, other.n, a->sh.a, a->sh.n, NULL);
		if (j >= a->o.threshold)
			rc = link(a, c, num, "near", j);
	}
	NF_VEC_FREE(&other);
	return rc;
}

/* --- one article ------------------------------------------------------------------------------ */

static void bind_text(sqlite3_stmt *st, int i, nf_str s)
{
	if (s.len)
		sqlite3_bind_text(st, i, s.ptr, (int)s.len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds the article's columns (?2..?13 of Q_INSERT / Q_UPDATE). */
static int bind_article(nf_add *a, sqlite3_stmt *st, const nf_feed_item *it, uint64_t hash)
{
	nf_doc doc;
	nf_error err;
	if (nf_parse(a->parser, &it->rec, &doc, &err))
		return NF_ENOMEM; /* parsed once already: only memory can fail */
	sqlite3_bind_int(st, 2, it->id_is_number);
	if (it->date == NF_NO_DATE)
		sqlite3_bind_null(st, 3);
	else
		sqlite3_bind_int64(st, 3, it->date);
	bind_text(st, 4, doc.title);
	bind_text(st, 5, doc.source);
	bind_text(st, 6, doc.url);
	sqlite3_bind_int(st, 7, it->rec.format);
	sqlite3_bind_blob(st, 8, it->rec.data, (int)it->rec.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, (int64_t)hash);
	sqlite3_bind_int64(st, 10, (int64_t)it->sketch.exact_hi);
	sqlite3_bind_int64(st, 11, (int64_t)it->sketch.exact_lo);
	if (a->o.stages & NF_STAGE_STORIES)
		sqlite3_bind_blob(st, 12, a->buf.data, (int)a->buf.len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_int64(st, 13, a->st.seq);
	return 0;
}

/* An article whose id is stored with other text: its old version kept in article_versions, its
 * duplicate links and band keys dropped (its family and story are redone). */
static int replace(nf_add *a, int64_t num, int64_t story)
{
	sqlite3_stmt *st = a->q[Q_SAVE_VERSION];
	sqlite3_bind_int64(st, 1, num);
	sqlite3_bind_int64(st, 2, a->st.seq);
	int rc = done(a, st, "keeping the old version");
	if (rc)
		return rc;
	int64_t fam = family_of(a, num);
	if (NF_VEC_PUSH(&a->refamily, fam) || (story > 0 && NF_VEC_PUSH(&a->old_story, story)))
		return NF_ENOMEM;
	if ((rc = nf_add_reuse_drop(a->reuse, num)))
		return rc;
	st = a->q[Q_DEL_BANDS];
	sqlite3_bind_int64(st, 1, num);
	if ((rc = done(a, st, "dropping band keys")))
		return rc;
	st = a->q[Q_DEL_LINKS];
	sqlite3_bind_int64(st, 1, num);
	return done(a, st, "dropping links");
}

static int store_article(nf_add *a, const nf_feed_item *it)
{
	uint64_t hash = XXH3_64bits(it->rec.data, it->rec.len);
	sqlite3_stmt *st = a->q[Q_FIND_ID];
	sqlite3_bind_text(st, 1, it->id.ptr, (int)it->id.len, SQLITE_STATIC);
	int r = sqlite3_step(st);
	int64_t num = -1, story = 0;
	bool same = false;
	if (r == SQLITE_ROW) {
		num = sqlite3_column_int64(st, 0);
		same = (uint64_t)sqlite3_column_int64(st, 1) == hash;
		story = sqlite3_column_int64(st, 3);
	}
	reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlerr(a, r, "looking up an id");
	if (same) {
		a->st.unchanged++;
		return 0;
	}
	int rc = 0;
	bool updated = num >= 0;
	if ((a->o.stages & NF_STAGE_STORIES) && (rc = terms_blob(a, it)))
		return rc;
	if (num >= 0) {
		if ((rc = replace(a, num, story)) || (rc = uncount_old(a, num)))
			return rc;
		st = a->q[Q_UPDATE];
		sqlite3_bind_int64(st, 1, num);
		a->st.updated++;
	} else {
		st = a->q[Q_INSERT];
		sqlite3_bind_text(st, 1, it->id.ptr, (int)it->id.len, SQLITE_STATIC);
		a->st.added++;
	}
	if ((rc = bind_article(a, st, it, hash)) || (rc = done(a, st, "storing an article")))
		return rc;
	if (num < 0) {
		num = sqlite3_last_insert_rowid(a->s->db);
		sqlite3_stmt *f;
		if ((rc = nf_store_prepare(a->s, &f,
					   "UPDATE articles SET family = num WHERE num = ?")))
			return rc;
		sqlite3_bind_int64(f, 1, num);
		r = sqlite3_step(f);
		sqlite3_finalize(f);
		if (r != SQLITE_DONE)
			return sqlerr(a, r, "storing an article");
	}
	if (a->o.stages & NF_STAGE_STORIES) {
		if ((rc = count_terms(a, a->buf.data, a->buf.len, 1)))
			return rc;
		a->new_terms += !updated;
	}
	if (NF_VEC_PUSH(&a->seeds, num))
		return NF_ENOMEM;
	if ((a->o.stages & NF_STAGE_DEDUP) && (rc = dedup(a, num, it)))
		return rc;
	return (a->o.stages & NF_STAGE_REUSE)
		   ? nf_add_reuse_note(a->reuse, num, it->fingerprints, it->n_fingerprints)
		   : 0;
}

/* Drops article `num` and what was made of it: links and band keys (its family redone), its
 * term counts, its earlier versions (a takedown removes the text everywhere); its story is
 * redone at commit. */
static int remove_num(nf_add *a, int64_t num)
{
	sqlite3_stmt *st;
	int rc =
	    nf_store_prepare(a->s, &st, "SELECT story, family, terms FROM articles WHERE num = ?");
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, num);
	int r = sqlite3_step(st);
	if (r != SQLITE_ROW) {
		sqlite3_finalize(st);
		return r == SQLITE_DONE ? NF_ENOENT : sqlerr(a, r, "reading an article");
	}
	int64_t story = sqlite3_column_int64(st, 0), fam = sqlite3_column_int64(st, 1);
	bool counted = sqlite3_column_type(st, 2) == SQLITE_BLOB;
	sqlite3_finalize(st);
	if ((story > 0 && NF_VEC_PUSH(&a->old_story, story)) || NF_VEC_PUSH(&a->refamily, fam))
		return NF_ENOMEM;
	if ((counted && (rc = uncount_old(a, num))) || (rc = nf_add_reuse_drop(a->reuse, num)))
		return rc;
	a->gone_terms += counted;
	char sql[512];
	snprintf(
	    sql, sizeof(sql),
	    "DELETE FROM bands WHERE num = %lld; DELETE FROM links WHERE a = %lld OR b = %lld;"
	    "DELETE FROM article_versions WHERE id = (SELECT id FROM articles WHERE num = %lld);"
	    "DELETE FROM articles WHERE num = %lld;",
	    (long long)num, (long long)num, (long long)num, (long long)num, (long long)num);
	if ((rc = nf_store_exec(a->s, sql)))
		return rc;
	a->st.removed++;
	return 0;
}

int nf_add_remove(nf_add *a, const char *id, size_t n)
{
	sqlite3_stmt *st = a->q[Q_FIND_ID];
	sqlite3_bind_text(st, 1, id, (int)n, SQLITE_STATIC);
	int r = sqlite3_step(st);
	int64_t num = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlerr(a, r, "looking up an id");
	if (num < 0)
		return nf_store_fail(a->s, NF_ENOENT, "%s: no article %.*s", a->s->dir,
				     (int)(n < 200 ? n : 200), id);
	return remove_num(a, num);
}

int nf_add_expire(nf_add *a, int64_t before, uint64_t *n)
{
	sqlite3_stmt *st;
	int rc =
	    nf_store_prepare(a->s, &st, "SELECT num FROM articles WHERE date < ? ORDER BY num");
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, before);
	NF_VEC(int64_t) v = {0};
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (NF_VEC_PUSH(&v, sqlite3_column_int64(st, 0))) {
			rc = NF_ENOMEM;
			break;
		}
	sqlite3_finalize(st);
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = sqlerr(a, r, "finding old articles");
	for (size_t i = 0; i < v.n && !rc; i++)
		rc = remove_num(a, v.a[i]);
	if (n)
		*n = v.n;
	NF_VEC_FREE(&v);
	return rc;
}

void nf_add_feed_stats(const nf_add *a, nf_feed_stats *st)
{
	if (a->feed)
		nf_feed_stats_get(a->feed, st);
	else
		memset(st, 0, sizeof(*st));
}

int nf_add_read(nf_add *a, nf_feed_item *it)
{
	if (a->read_done || a->inputs == 0)
		return 0;
	int rc = nf_feed_next(a->feed, it);
	if (rc == 1) {
		a->st.records++;
		if (it->rc < 0) {
			a->st.rejected++;
			return 1;
		}
		if ((rc = store_article(a, it)) == 0)
			return 1;
	}
	a->read_done = true;
	if (rc < 0 && !a->s->errmsg[0])
		nf_store_fail(a->s, rc, "%s: %s", a->s->dir, nf_strerror(rc));
	return rc;
}

/* Joins the families of every link touching article x. */
static int relink(nf_add *a, sqlite3_stmt *links, int64_t x)
{
	int r, rc = 0;
	sqlite3_bind_int64(links, 1, x);
	while (rc == 0 && (r = sqlite3_step(links)) == SQLITE_ROW)
		rc = join(a, sqlite3_column_int64(links, 0), sqlite3_column_int64(links, 1));
	reset(links);
	return rc;
}

/* Families of changed articles, redone from the links left (those of old versions are gone):
 * each member alone again, then every link touching a member joins two families again. */
static int refamily(nf_add *a)
{
	sqlite3_stmt *mem, *links;
	int rc;
	if ((rc = nf_store_prepare(a->s, &mem, "SELECT num FROM articles WHERE family = ?")))
		return rc;
	if ((rc = nf_store_prepare(a->s, &links,
				   "SELECT a, b FROM links WHERE a = ?1 OR b = ?1 UNION ALL "
				   "SELECT a, b FROM reuse WHERE (a = ?1 OR b = ?1) AND "
				   "relation IN ('copy', 'partial')"))) {
		sqlite3_finalize(mem);
		return rc;
	}
	NF_VEC(int64_t) m = {0};
	for (size_t i = 0; i < a->refamily.n && rc == 0; i++) {
		m.n = 0;
		sqlite3_bind_int64(mem, 1, a->refamily.a[i]);
		while (sqlite3_step(mem) == SQLITE_ROW)
			if (NF_VEC_PUSH(&m, sqlite3_column_int64(mem, 0)))
				rc = NF_ENOMEM;
		reset(mem);
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE articles SET family = num WHERE family = %lld",
			 (long long)a->refamily.a[i]);
		if (rc == 0)
			rc = nf_store_exec(a->s, sql);
		for (size_t k = 0; k < m.n && rc == 0; k++)
			rc = relink(a, links, m.a[k]);
	}
	NF_VEC_FREE(&m);
	sqlite3_finalize(mem);
	sqlite3_finalize(links);
	return rc;
}

/*
 * Corpus statistics are versioned: stories weigh terms by the document frequencies of the last
 * version (terms.df_at over stats.corpus articles), so the weights the stored stories were made
 * with do not move with every add (a story redone because an article joined its range is
 * weighed as it was, not split or merged by the drift of other news). A new version is taken
 * when the corpus has grown or shrunk by more than a quarter since the last (1/DRIFT): then
 * weights have moved as far as a quarter of the articles can move them, and a version per
 * quarter keeps the versions logarithmic in the store's size. Terms first seen since the last
 * version weigh by their current counts.
 */
#define DRIFT 4

static int stats_version(nf_add *a)
{
	int64_t corpus = nf_store_meta_int(a->s, "corpus", 0), at = nf_store_stats_corpus(a->s);
	if (corpus <= 0 || (at >= 0 && llabs(corpus - at) * DRIFT <= at))
		return 0;
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "UPDATE terms SET df_at = df WHERE df_at != df;"
		 "INSERT INTO stats(version, seq, corpus, terms) VALUES("
		 "(SELECT coalesce(max(version), 0) + 1 FROM stats), %lld, %lld,"
		 " (SELECT count(*) FROM terms WHERE df > 0));",
		 (long long)a->st.seq, (long long)corpus);
	return nf_store_exec(a->s, sql);
}

int nf_add_commit(nf_add *a, nf_add_stats *out)
{
	nf_feed_item it;
	int rc;
	while ((rc = nf_add_read(a, &it)) == 1)
		;
	if (rc)
		return rc;
	if ((a->refamily.n && (rc = refamily(a))) || (rc = df_flush(a)) || (rc = surface_flush(a)))
		return rc;
	if (a->o.stages & NF_STAGE_REUSE) { /* its copy and partial pairs join families */
		const int64_t *j;
		size_t nj;
		rc = nf_add_reuse_commit(a->reuse, &a->st.reuse_pairs, &j, &nj);
		for (size_t i = 0; i < nj && !rc; i++)
			rc = join(a, j[2 * i], j[2 * i + 1]);
		if (rc)
			return rc;
	}
	if ((a->new_terms || a->gone_terms) &&
	    (rc = nf_store_meta_set(a->s, "corpus",
				    nf_store_meta_int(a->s, "corpus", 0) + (int64_t)a->new_terms -
					(int64_t)a->gone_terms)))
		return rc;
	if ((a->o.stages & NF_STAGE_STORIES) && (rc = stats_version(a)))
		return rc;
	if ((a->o.stages & NF_STAGE_STORIES) &&
	    (rc = nf_recluster(a->s, &a->o, a->st.seq, a->seeds.a, a->seeds.n, a->old_story.a,
			       a->old_story.n, &a->st)))
		return rc;
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "UPDATE adds SET kind = '%s', records = %llu, new = %llu, updated = %llu, "
		 "unchanged = %llu, rejected = %llu, removed = %llu WHERE seq = %lld",
		 a->st.removed && !a->st.records ? "remove" : "add",
		 (unsigned long long)a->st.records, (unsigned long long)a->st.added,
		 (unsigned long long)a->st.updated, (unsigned long long)a->st.unchanged,
		 (unsigned long long)a->st.rejected, (unsigned long long)a->st.removed,
		 (long long)a->st.seq);
	if ((rc = nf_store_exec(a->s, sql)) || (rc = nf_store_commit(a->s)))
		return rc;
	a->committed = true;
	nf_add_reuse_committed(a->reuse);
	if (out)
		*out = a->st;
	return 0;
}
