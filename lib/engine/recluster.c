/*
 * recluster.c - the stories of a store around what an add brought.
 *
 * The range: every stored article dated within the story window of a new (or changed) article,
 * every undated article, and all members of the stories those are in (so that no story is cut).
 * The range is clustered exactly as a batch is (nf_stories: terms counted over the range, the
 * articles added in (date, id) order, duplicate families tied), so the stories of a range are a
 * function of the articles in it.
 *
 * Stable ids: a new cluster holding the first article of one or more stored stories keeps the
 * oldest of their ids (the others are recorded as merged into it); a cluster holding none gets a
 * new id (a "split" when some of its articles were in a stored story, else "created"). So when
 * a story splits, the part holding its first article keeps the id. A story that kept its id and
 * gained articles "grew"; one that lost or changed articles was "updated".
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct art {
	int64_t num, date, family, story;
	nf_str id; /* into r->chars */
	bool id_num;
	size_t t0, nt; /* its terms in r->terms */
	uint32_t cluster;
	bool changed; /* new or a new version in this add */
} art;

typedef struct cluster {
	size_t m0, nm;	     /* members: indices into r->arts, in r->mem */
	size_t t0, nt;	     /* its top terms in r->cterms */
	int64_t first, last; /* dates */
	int64_t id;	     /* the story id it gets */
	int event;	     /* enum ev */
	int64_t other;	     /* split from / merged */
	bool changed;
} cluster;

enum ev { EV_NONE, EV_CREATED, EV_GREW, EV_SPLIT, EV_UPDATED };
static const char *const ev_name[] = {"", "created", "grew", "split", "updated"};

typedef struct range {
	nf_store *s;
	const nf_add_options *o;
	int64_t seq;
	NF_VEC(art) arts;
	NF_VEC(struct vt {
		uint32_t v;
		float w;
	})
	terms;			      /* per article: vocab index, weight */
	NF_VEC(nf_event_term) one;    /* one article's terms, made up */
	NF_VEC(nf_event_term) cterms; /* per cluster */
	nf_buf chars, tchars, ctchars;
	NF_VEC(cluster) cl;
	NF_VEC(uint32_t) mem;
	NF_VEC(int64_t) tids; /* term number -> offset of its entry in vocab */
	struct vocab {
		int64_t tid, df, df_at; /* df_at: as of the statistics' last version */
		uint8_t kind;
		uint64_t hash;
		size_t off, soff;   /* text and surface in tchars */
		uint32_t len, slen; /* slen 0: no surface stored */
	} * voc;
	size_t vcap, vn;
	nf_add_stats *st;
	bool known; /* digests take the store's aligned pairs (nf_store_keeps_pairs) */
} range;

static int fail_sql(range *r, int rc, const char *what)
{
	return nf_store_sqlfail(r->s, rc, what);
}

/* --- the range -------------------------------------------------------------------------------- */

static int exec_i64(range *r, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(r->s, &st, sql);
	if (rc)
		return rc;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	int x = sqlite3_step(st);
	sqlite3_finalize(st);
	return x == SQLITE_DONE ? 0 : fail_sql(r, x, "choosing the articles to recluster");
}

static int choose(range *r, const int64_t *seeds, size_t n, const int64_t *old, size_t n_old)
{
	int rc = nf_store_exec(r->s, "CREATE TEMP TABLE IF NOT EXISTS rc(num INTEGER PRIMARY KEY);"
				     "DELETE FROM rc;");
	if (rc)
		return rc;
	int64_t lo = INT64_MAX, hi = INT64_MIN, w = r->o->story.window;
	sqlite3_stmt *st;
	if ((rc = nf_store_prepare(r->s, &st, "SELECT date FROM articles WHERE num = ?")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, seeds[i]);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			int64_t d = sqlite3_column_int64(st, 0);
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
		}
		sqlite3_reset(st);
		if ((rc = exec_i64(r, "INSERT OR IGNORE INTO rc VALUES(?)", seeds[i], 0)))
			break;
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (lo <= hi) {
		if (w > 0) {
			lo = lo > INT64_MIN + w ? lo - w : INT64_MIN;
			hi = hi < INT64_MAX - w ? hi + w : INT64_MAX;
		} else {
			lo = INT64_MIN;
			hi = INT64_MAX;
		}
		rc = exec_i64(r,
			      "INSERT OR IGNORE INTO rc SELECT num FROM articles "
			      "WHERE date BETWEEN ? AND ?",
			      lo, hi);
	}
	if (!rc)
		rc = nf_store_exec(r->s, "INSERT OR IGNORE INTO rc SELECT num FROM articles "
					 "WHERE date IS NULL");
	for (size_t i = 0; !rc && i < n_old; i++)
		rc =
		    exec_i64(r, "INSERT OR IGNORE INTO rc SELECT num FROM articles WHERE story = ?",
			     old[i], 0);
	if (!rc)
		rc = nf_store_exec(
		    r->s, "INSERT OR IGNORE INTO rc SELECT num FROM articles WHERE story IN "
			  "(SELECT DISTINCT a.story FROM articles a JOIN rc USING(num) "
			  "WHERE a.story IS NOT NULL)");
	return rc;
}

/* The stored term `tid` (loaded once). Returns its index in r->voc, or -1. */
static long vocab(range *r, sqlite3_stmt *q, int64_t tid)
{
	if ((size_t)tid < r->tids.n && r->tids.a[tid] >= 0)
		return (long)r->tids.a[tid];
	while ((size_t)tid >= r->tids.n)
		if (NF_VEC_PUSH(&r->tids, -1))
			return -1;
	if (r->vn == r->vcap) {
		size_t cap = r->vcap ? 2 * r->vcap : 1024;
		struct vocab *v = realloc(r->voc, cap * sizeof(*v));
		if (!v)
			return -1;
		r->voc = v;
		r->vcap = cap;
	}
	sqlite3_bind_int64(q, 1, tid);
	long k = -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		struct vocab *v = &r->voc[r->vn];
		const char *text = (const char *)sqlite3_column_text(q, 1);
		v->tid = tid;
		v->kind = (uint8_t)sqlite3_column_int(q, 0);
		v->hash = (uint64_t)sqlite3_column_int64(q, 2);
		v->df = sqlite3_column_int64(q, 3);
		v->df_at = sqlite3_column_int64(q, 4);
		v->len = (uint32_t)sqlite3_column_bytes(q, 1);
		v->off = r->tchars.len;
		const char *sf = (const char *)sqlite3_column_text(q, 5);
		v->slen = sf ? (uint32_t)sqlite3_column_bytes(q, 5) : 0;
		v->soff = v->off + v->len;
		if (nf_buf_append(&r->tchars, text ? text : "", v->len) == 0 &&
		    nf_buf_append(&r->tchars, sf ? sf : "", v->slen) == 0) {
			k = (long)r->vn++;
			r->tids.a[tid] = k;
		}
	}
	sqlite3_reset(q);
	return k;
}

static int load(range *r, const int64_t *seeds, size_t n_seeds)
{
	sqlite3_stmt *st, *q;
	int rc = nf_store_prepare(
	    r->s, &st,
	    "SELECT a.num, a.id, a.id_is_number, a.date, a.terms, a.family, a.story, a.seq "
	    "FROM articles a JOIN rc USING(num) "
	    "ORDER BY coalesce(a.date, -9223372036854775807 - 1), a.id, a.num");
	if (rc)
		return rc;
	if ((rc = nf_store_prepare(
		 r->s, &q,
		 "SELECT kind, text, hash, df, df_at, surface FROM terms WHERE tid = ?"))) {
		sqlite3_finalize(st);
		return rc;
	}
	(void)seeds;
	(void)n_seeds;
	int x;
	while ((x = sqlite3_step(st)) == SQLITE_ROW && rc == 0) {
		art a = {0};
		a.num = sqlite3_column_int64(st, 0);
		a.id.len = (size_t)sqlite3_column_bytes(st, 1);
		a.id.ptr = (const char *)(uintptr_t)r->chars.len; /* an offset until fixed */
		if (nf_buf_append(&r->chars, sqlite3_column_text(st, 1), a.id.len))
			rc = NF_ENOMEM;
		a.id_num = sqlite3_column_int(st, 2);
		a.date = sqlite3_column_type(st, 3) == SQLITE_NULL ? NF_NO_DATE
								   : sqlite3_column_int64(st, 3);
		a.family = sqlite3_column_int64(st, 5);
		a.story =
		    sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 6);
		a.changed = sqlite3_column_int64(st, 7) == r->seq;
		const unsigned char *tb = sqlite3_column_blob(st, 4);
		size_t nt = (size_t)sqlite3_column_bytes(st, 4) / 8;
		a.t0 = r->terms.n;
		for (size_t i = 0; i < nt && rc == 0; i++) {
			uint32_t tid;
			float w;
			memcpy(&tid, tb + 8 * i, 4);
			memcpy(&w, tb + 8 * i + 4, 4);
			long k = vocab(r, q, tid);
			if (k < 0) {
				rc = NF_ENOMEM;
				break;
			}
			if (NF_VEC_PUSH(&r->terms, ((struct vt){(uint32_t)k, w})))
				rc = NF_ENOMEM;
		}
		a.nt = r->terms.n - a.t0;
		if (rc == 0 && NF_VEC_PUSH(&r->arts, a))
			rc = NF_ENOMEM;
	}
	if (rc == 0 && x != SQLITE_DONE && x != SQLITE_ROW)
		rc = fail_sql(r, x, "reading the articles to recluster");
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	if (rc)
		return rc;
	/* offsets into pointers, now that the buffers stay put */
	for (size_t i = 0; i < r->arts.n; i++)
		r->arts.a[i].id.ptr = r->chars.data + (uintptr_t)r->arts.a[i].id.ptr;
	return 0;
}

/* --- clustering ------------------------------------------------------------------------------- */

/* Article i's terms as nf_event_term, in r->one. */
static const nf_event_term *terms_of(range *r, size_t i)
{
	const art *a = &r->arts.a[i];
	r->one.n = 0;
	if (NF_VEC_RESERVE(&r->one, a->nt + 1))
		return NULL;
	for (size_t k = 0; k < a->nt; k++) {
		const struct vt *t = &r->terms.a[a->t0 + k];
		const struct vocab *v = &r->voc[t->v];
		r->one.a[k] = (nf_event_term){v->hash, r->tchars.data + v->off,	 v->len, v->kind,
					      t->w,    r->tchars.data + v->soff, v->slen};
	}
	r->one.n = a->nt;
	return r->one.a;
}

static int take_story(range *r, const nf_story *s)
{
	cluster c = {0};
	c.m0 = r->mem.n;
	c.nm = s->n_members;
	c.first = s->first;
	c.last = s->last;
	for (size_t i = 0; i < s->n_members; i++) {
		r->arts.a[s->members[i]].cluster = (uint32_t)r->cl.n;
		if (NF_VEC_PUSH(&r->mem, s->members[i]))
			return NF_ENOMEM;
	}
	c.t0 = r->cterms.n;
	c.nt = s->n_terms;
	for (size_t i = 0; i < s->n_terms; i++) {
		nf_event_term t = s->terms[i];
		size_t off = r->ctchars.len;
		if (nf_buf_append(&r->ctchars, t.text, t.len) ||
		    nf_buf_append(&r->ctchars, t.surface ? t.surface : "", t.surface_len))
			return NF_ENOMEM;
		t.text = (const char *)(uintptr_t)off;
		t.surface = (const char *)(uintptr_t)(off + t.len);
		if (NF_VEC_PUSH(&r->cterms, t))
			return NF_ENOMEM;
	}
	return NF_VEC_PUSH(&r->cl, c);
}

static int drain(range *r, nf_stories *ns)
{
	nf_story s;
	int rc;
	while ((rc = nf_stories_next(ns, &s)) == 1)
		if ((rc = take_story(r, &s)))
			return rc;
	return rc;
}

static int cmp_family(const void *x, const void *y, void *ctx)
{
	const art *v = ctx;
	const art *a = &v[*(const uint32_t *)x], *b = &v[*(const uint32_t *)y];
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return (a->num > b->num) - (a->num < b->num);
}

/* Batch clustering of the range, duplicate families tied as newsfold stories ties --links. */
static int cluster_range(range *r)
{
	nf_stories *ns;
	int rc = nf_stories_new(&ns, &r->o->story);
	if (rc)
		return rc;
	size_t n = r->arts.n;
	for (size_t i = 0; i < n && !rc; i++)
		rc = terms_of(r, i) ? nf_stories_count(ns, r->one.a, r->arts.a[i].nt, NULL)
				    : NF_ENOMEM;
	/* the weights are those of the whole store: its document frequencies as of the last
	 * version of its statistics (add.c). A term first seen since weighs by its current rate
	 * over the version's articles. A range larger than the version's corpus (a small store
	 * most of which is in the range) is weighed by the current counts. */
	int64_t corpus = nf_store_meta_int(r->s, "corpus", 0), at = nf_store_stats_corpus(r->s);
	bool versioned = at >= (int64_t)n && at > 0 && corpus > 0;
	for (size_t v = 0; v < r->vn && !rc && corpus >= (int64_t)n; v++) {
		const struct vocab *x = &r->voc[v];
		nf_event_term t = {x->hash, r->tchars.data + x->off,  x->len, x->kind,
				   0,	    r->tchars.data + x->soff, x->slen};
		int64_t df = x->df, of = corpus;
		if (versioned) {
			df = x->df_at > 0 ? x->df_at : (x->df * at + corpus / 2) / corpus;
			df = df < 1 ? 1 : df > at ? at : df;
			of = at;
		}
		rc = nf_stories_set_df(ns, &t, (uint32_t)df, (uint64_t)of);
	}
	/* per family (by its first article in the range): its latest date and stories number */
	uint32_t *byfam = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *lead = malloc((n + 1) * sizeof(uint32_t)); /* article -> its family's first */
	int64_t *until = malloc((n + 1) * sizeof(int64_t));
	uint32_t *first = malloc((n + 1) * sizeof(uint32_t));
	if (!byfam || !lead || !until || !first)
		rc = NF_ENOMEM;
	if (!rc) {
		for (size_t i = 0; i < n; i++)
			byfam[i] = (uint32_t)i;
		qsort_r(byfam, n, sizeof(uint32_t), cmp_family, r->arts.a);
		for (size_t a = 0, b; a < n; a = b) {
			int64_t fam = r->arts.a[byfam[a]].family, hi = NF_NO_DATE;
			uint32_t l = byfam[a];
			for (b = a; b < n && r->arts.a[byfam[b]].family == fam; b++) {
				l = byfam[b] < l ? byfam[b] : l;
				if (r->arts.a[byfam[b]].date > hi)
					hi = r->arts.a[byfam[b]].date;
			}
			for (size_t k = a; k < b; k++)
				lead[byfam[k]] = l;
			until[l] = hi;
			first[l] = UINT32_MAX;
		}
	}
	for (size_t i = 0; i < n && !rc; i++) {
		const art *a = &r->arts.a[i];
		uint32_t doc, l = lead[i];
		if (!terms_of(r, i)) {
			rc = NF_ENOMEM;
			break;
		}
		if ((rc = nf_stories_add_counted(ns, r->one.a, a->nt, a->date, &doc)))
			break;
		if (first[l] == UINT32_MAX) {
			first[l] = doc;
			if (until[l] != NF_NO_DATE && until[l] > a->date)
				nf_stories_link(ns, doc, doc, until[l]);
		} else {
			nf_stories_link(ns, first[l], doc, until[l]);
		}
		rc = drain(r, ns);
	}
	if (!rc && !(rc = nf_stories_finish(ns)))
		rc = drain(r, ns);
	free(byfam);
	free(lead);
	free(until);
	free(first);
	nf_stories_free(ns);
	for (size_t i = 0; i < r->cterms.n; i++) {
		r->cterms.a[i].text = r->ctchars.data + (uintptr_t)r->cterms.a[i].text;
		r->cterms.a[i].surface = r->ctchars.data + (uintptr_t)r->cterms.a[i].surface;
	}
	return rc;
}

/* --- stable ids ------------------------------------------------------------------------------- */

typedef struct old_story {
	int64_t id, first_article, size;
	uint32_t cluster; /* the cluster holding its first article */
} old_story;

typedef NF_VEC(old_story) old_vec;

static int cmp_old(const void *x, const void *y)
{
	const old_story *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int event(range *r, int64_t story, const char *kind, int64_t other, int64_t size)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(r->s, &st,
				  "INSERT INTO events(seq, story, kind, other, size) "
				  "VALUES(?, ?, ?, ?, ?)");
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->seq);
	sqlite3_bind_int64(st, 2, story);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (other)
		sqlite3_bind_int64(st, 4, other);
	sqlite3_bind_int64(st, 5, size);
	int x = sqlite3_step(st);
	sqlite3_finalize(st);
	return x == SQLITE_DONE ? 0 : fail_sql(r, x, "recording an event");
}

static int cmp_num(const void *x, const void *y, void *ctx)
{
	const art *v = ctx;
	int64_t a = v[*(const uint32_t *)x].num, b = v[*(const uint32_t *)y].num;
	return (a > b) - (a < b);
}

/* The cluster of a stored story: that of its first article or, when that article is gone
 * (removed), of its earliest article left. */
static uint32_t cluster_of(const range *r, const uint32_t *bynum, int64_t id, int64_t first)
{
	size_t lo = 0, hi = r->arts.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->arts.a[bynum[mid]].num < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->arts.n && r->arts.a[bynum[lo]].num == first)
		return r->arts.a[bynum[lo]].cluster;
	for (size_t i = 0; i < r->arts.n; i++) /* in (date, id) order */
		if (r->arts.a[i].story == id)
			return r->arts.a[i].cluster;
	return UINT32_MAX;
}

/* The stored stories of the range's articles, each with the cluster of its first article. */
static int old_stories(range *r, old_vec *v)
{
	sqlite3_stmt *st;
	uint32_t *bynum = malloc((r->arts.n + 1) * sizeof(uint32_t));
	if (!bynum)
		return NF_ENOMEM;
	for (size_t i = 0; i < r->arts.n; i++)
		bynum[i] = (uint32_t)i;
	qsort_r(bynum, r->arts.n, sizeof(uint32_t), cmp_num, r->arts.a);
	int rc = nf_store_prepare(
	    r->s, &st,
	    "SELECT id, first_article, size FROM stories WHERE merged_into IS NULL AND size > 0 "
	    "AND id IN (SELECT DISTINCT a.story FROM articles a JOIN rc USING(num)) ORDER BY id");
	if (rc) {
		free(bynum);
		return rc;
	}
	int x;
	while ((x = sqlite3_step(st)) == SQLITE_ROW) {
		old_story o = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
			       sqlite3_column_int64(st, 2), UINT32_MAX};
		o.cluster = cluster_of(r, bynum, o.id, o.first_article);
		if (NF_VEC_PUSH(v, o)) {
			rc = NF_ENOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	free(bynum);
	if (!rc && x != SQLITE_DONE)
		rc = fail_sql(r, x, "reading stories");
	return rc;
}

/* Stored stories none of whose articles is left (all removed): emptied, event "removed". */
static int emptied(range *r, const int64_t *old, size_t n_old)
{
	for (size_t i = 0; i < n_old; i++) {
		char sql[320];
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM stories WHERE id = %lld AND size > 0 AND NOT EXISTS "
			 "(SELECT 1 FROM articles WHERE story = %lld)",
			 (long long)old[i], (long long)old[i]);
		sqlite3_stmt *st;
		int rc = nf_store_prepare(r->s, &st, sql);
		if (rc)
			return rc;
		bool gone = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
		sqlite3_finalize(st);
		if (!gone)
			continue;
		snprintf(
		    sql, sizeof(sql),
		    "UPDATE stories SET size = 0, line = NULL, digest = NULL, headline = NULL, "
		    "updated_seq = %lld WHERE id = %lld",
		    (long long)r->seq, (long long)old[i]);
		if ((rc = nf_store_exec(r->s, sql)) || (rc = event(r, old[i], "removed", 0, 0)))
			return rc;
		r->st->removed_stories++;
	}
	return 0;
}

static int assign_ids(range *r)
{
	old_vec old = {0};
	int rc = old_stories(r, &old);
	if (rc)
		goto out;
	if (old.n > 1)
		qsort(old.a, old.n, sizeof(old_story), cmp_old);
	int64_t next = nf_store_meta_int(r->s, "next_story", 1);
	for (size_t c = 0; c < r->cl.n && !rc; c++) {
		cluster *cl = &r->cl.a[c];
		const old_story *keep = NULL;
		for (size_t k = 0; k < old.n; k++)
			if (old.a[k].cluster == c && !keep)
				keep = &old.a[k];
		/* did its articles belong to one stored story, and did it change? */
		int64_t from = 0;
		size_t same = 0, added = 0;
		bool touched = false;
		for (size_t i = 0; i < cl->nm; i++) {
			const art *a = &r->arts.a[r->mem.a[cl->m0 + i]];
			touched |= a->changed;
			if (keep && a->story == keep->id)
				same++;
			else
				added++;
			if (a->story && !from)
				from = a->story;
		}
		if (keep) {
			cl->id = keep->id;
			bool lost = (int64_t)same < keep->size;
			cl->event = lost      ? EV_UPDATED
				    : added   ? EV_GREW
				    : touched ? EV_UPDATED
					      : EV_NONE;
			cl->changed = cl->event != EV_NONE;
			for (size_t k = 0; k < old.n && !rc; k++) {
				if (old.a[k].cluster != c || &old.a[k] == keep)
					continue;
				/* merged into the older one */
				char sql[256];
				snprintf(
				    sql, sizeof(sql),
				    "UPDATE stories SET merged_into = %lld, size = 0, line = NULL, "
				    "digest = NULL, headline = NULL, updated_seq = %lld WHERE id = "
				    "%lld",
				    (long long)keep->id, (long long)r->seq, (long long)old.a[k].id);
				rc = nf_store_exec(r->s, sql);
				if (!rc)
					rc = event(r, keep->id, "merged", old.a[k].id,
						   (int64_t)cl->nm);
				r->st->merged++;
				cl->changed = true;
			}
		} else {
			cl->id = next++;
			cl->event = from ? EV_SPLIT : EV_CREATED;
			cl->other = from;
			cl->changed = true;
		}
		if (!rc && cl->event != EV_NONE)
			rc = event(r, cl->id, ev_name[cl->event], cl->other, (int64_t)cl->nm);
		r->st->created += cl->event == EV_CREATED;
		r->st->split += cl->event == EV_SPLIT;
		r->st->grew += cl->event == EV_GREW;
		r->st->changed += cl->event == EV_UPDATED;
	}
	if (!rc)
		rc = nf_store_meta_set(r->s, "next_story", next);
out:
	NF_VEC_FREE(&old);
	return rc;
}

/* --- writing ---------------------------------------------------------------------------------- */

static int cmp_fam_pos(const void *x, const void *y, void *ctx)
{
	const nf_engine_member *m = ((void **)ctx)[0];
	const art *v = ((void **)ctx)[1];
	const uint32_t *mem = ((void **)ctx)[2];
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	const art *a = &v[mem[i]], *b = &v[mem[j]];
	(void)m;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return (a->num > b->num) - (a->num < b->num);
}

/* The headline's text: the span of the title or text of article `num`. */
static int headline(range *r, nf_parser *p, const nf_digest *g, int64_t num, nf_buf *out)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(r->s, &st, "SELECT record, format FROM articles WHERE num = ?");
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, num);
	if (sqlite3_step(st) == SQLITE_ROW) {
		nf_record rec = {
		    sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), "store", 1, 0,
		    sqlite3_column_int(st, 1)};
		nf_doc doc;
		nf_error err;
		if (nf_parse(p, &rec, &doc, &err) == 0) {
			nf_str f = g->headline_in_title ? doc.title : doc.text;
			/* white space runs as one space, as in the digest's JSON */
			bool space = false;
			for (uint32_t k = g->headline.start; k < g->headline.end && k < f.len;
			     k++) {
				char c = f.ptr[k];
				bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
				if (ws && out->len)
					space = true;
				else if (!ws) {
					if (space)
						nf_buf_append(out, " ", 1);
					space = false;
					nf_buf_append(out, &c, 1);
				}
			}
		}
	}
	sqlite3_finalize(st);
	return out->oom ? NF_ENOMEM : 0;
}

/* The digest of a cluster (its articles' records from the store) as JSON, and its headline. */
static int digest(range *r, nf_digester *dg, nf_parser *p, const cluster *cl, nf_buf *out,
		  nf_buf *head)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(
	    r->s, &st, "SELECT record, format, id, id_is_number FROM articles WHERE num = ?");
	if (rc)
		return rc;
	nf_digest_begin(dg);
	if (r->known)
		nf_digest_known(dg);
	NF_VEC(int64_t) nums = {0};
	if (NF_VEC_RESERVE(&nums, cl->nm + 1))
		rc = NF_ENOMEM;
	for (size_t i = 0; i < cl->nm && !rc; i++) {
		nums.a[nums.n++] = r->arts.a[r->mem.a[cl->m0 + i]].num;
		sqlite3_bind_int64(st, 1, nums.a[i]);
		if (sqlite3_step(st) != SQLITE_ROW) {
			rc = fail_sql(r, sqlite3_errcode(r->s->db), "reading an article");
			break;
		}
		nf_doc doc;
		rc = nf_store_parse_row(p, st, 0, &doc) ? NF_ESTORE : nf_digest_add(dg, &doc);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (!rc && r->known)
		rc = nf_store_digest_pairs(r->s, dg, nums.a, nums.n);
	NF_VEC_FREE(&nums);
	const nf_digest *g;
	if (!rc && !(rc = nf_digest_run(dg, &g)) && !(rc = nf_digest_json(dg, g, out)) &&
	    g->headline_doc >= 0)
		rc = headline(r, p, g, r->arts.a[r->mem.a[cl->m0 + (size_t)g->headline_doc]].num,
			      head);
	return rc;
}

static int write_cluster(range *r, const cluster *cl, sqlite3_stmt *up, sqlite3_stmt *setst,
			 nf_digester *dg, nf_parser *p, nf_buf *line, nf_buf *dj, nf_buf *head)
{
	NF_VEC(nf_engine_member) m = {0};
	NF_VEC(uint32_t) fam = {0}, fsize = {0};
	int rc = 0;
	if (NF_VEC_RESERVE(&m, cl->nm + 1) || NF_VEC_RESERVE(&fam, cl->nm + 1)) {
		rc = NF_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < cl->nm; i++) {
		const art *a = &r->arts.a[r->mem.a[cl->m0 + i]];
		m.a[i] = (nf_engine_member){(uint32_t)a->num, a->id, a->id_num, a->date};
		fam.a[i] = (uint32_t)i;
	}
	m.n = cl->nm;
	void *ctx[3] = {m.a, r->arts.a, r->mem.a + cl->m0};
	qsort_r(fam.a, cl->nm, sizeof(uint32_t), cmp_fam_pos, ctx);
	size_t out = 0;
	for (size_t a = 0, b; a < cl->nm; a = b) {
		int64_t f = r->arts.a[r->mem.a[cl->m0 + fam.a[a]]].family;
		for (b = a; b < cl->nm && r->arts.a[r->mem.a[cl->m0 + fam.a[b]]].family == f; b++)
			;
		if (b - a < 2)
			continue;
		memmove(fam.a + out, fam.a + a, (b - a) * sizeof(uint32_t));
		if (NF_VEC_PUSH(&fsize, (uint32_t)(b - a))) {
			rc = NF_ENOMEM;
			goto out;
		}
		out += b - a;
	}
	nf_engine_story s = {
	    (uint32_t)cl->id,	  cl->first, cl->last, m.a, cl->nm, fam.a, fsize.a, fsize.n,
	    r->cterms.a + cl->t0, cl->nt,    NULL};
	nf_buf_reset(line);
	nf_buf_reset(dj);
	nf_buf_reset(head);
	if ((rc = nf_write_story_json(line, &s, NULL)))
		goto out;
	if (dg && (rc = digest(r, dg, p, cl, dj, head)))
		goto out;
	sqlite3_bind_int64(up, 1, cl->id);
	if (cl->first == NF_NO_DATE)
		sqlite3_bind_null(up, 2);
	else
		sqlite3_bind_int64(up, 2, cl->first);
	if (cl->last == NF_NO_DATE)
		sqlite3_bind_null(up, 3);
	else
		sqlite3_bind_int64(up, 3, cl->last);
	sqlite3_bind_int64(up, 4, (int64_t)cl->nm);
	sqlite3_bind_int64(up, 5, r->arts.a[r->mem.a[cl->m0]].num);
	sqlite3_bind_int64(up, 6, r->seq);
	sqlite3_bind_text(up, 7, line->data, (int)line->len - 2, SQLITE_STATIC); /* no "}\n" */
	if (dg) {
		sqlite3_bind_text(up, 8, dj->data, (int)dj->len, SQLITE_STATIC);
		if (head->len)
			sqlite3_bind_text(up, 9, head->data, (int)head->len, SQLITE_STATIC);
	}
	int x = sqlite3_step(up);
	sqlite3_reset(up);
	sqlite3_clear_bindings(up);
	if (x != SQLITE_DONE) {
		rc = fail_sql(r, x, "writing a story");
		goto out;
	}
	for (size_t i = 0; i < cl->nm && !rc; i++) {
		const art *a = &r->arts.a[r->mem.a[cl->m0 + i]];
		if (a->story == cl->id)
			continue;
		sqlite3_bind_int64(setst, 1, cl->id);
		sqlite3_bind_int64(setst, 2, a->num);
		x = sqlite3_step(setst);
		sqlite3_reset(setst);
		if (x != SQLITE_DONE)
			rc = fail_sql(r, x, "assigning articles");
	}
out:
	NF_VEC_FREE(&m);
	NF_VEC_FREE(&fam);
	NF_VEC_FREE(&fsize);
	return rc;
}

static int write_all(range *r)
{
	sqlite3_stmt *up, *setst;
	int rc = nf_store_prepare(
	    r->s, &up,
	    "INSERT INTO stories(id, first, last, size, first_article, created_seq, updated_seq, "
	    "line, digest, headline) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9) "
	    "ON CONFLICT(id) DO UPDATE SET first = ?2, last = ?3, size = ?4, first_article = ?5, "
	    "updated_seq = ?6, line = ?7, digest = ?8, headline = ?9, merged_into = NULL");
	if (rc)
		return rc;
	if ((rc = nf_store_prepare(r->s, &setst, "UPDATE articles SET story = ? WHERE num = ?"))) {
		sqlite3_finalize(up);
		return rc;
	}
	nf_digester *dg = NULL;
	nf_parser *p = NULL;
	nf_buf line, dj, head;
	nf_buf_init(&line);
	nf_buf_init(&dj);
	nf_buf_init(&head);
	if ((r->o->stages & NF_STAGE_DIGEST) && ((rc = nf_digester_new(&dg, r->o->feed.language)) ||
						 (rc = nf_parser_new(&p, &r->o->feed.read))))
		goto out;
	r->known = dg && nf_store_keeps_pairs(r->s);
	for (size_t c = 0; c < r->cl.n && !rc; c++)
		if (r->cl.a[c].changed)
			rc = write_cluster(r, &r->cl.a[c], up, setst, dg, p, &line, &dj, &head);
out:
	nf_digester_free(dg);
	nf_parser_free(p);
	nf_buf_release(&line);
	nf_buf_release(&dj);
	nf_buf_release(&head);
	sqlite3_finalize(up);
	sqlite3_finalize(setst);
	return rc;
}

int nf_recluster(nf_store *s, const nf_add_options *o, int64_t seq, const int64_t *seeds,
		 size_t n_seeds, const int64_t *old, size_t n_old, nf_add_stats *st)
{
	if (n_seeds == 0 && n_old == 0)
		return 0;
	range r = {0};
	r.s = s;
	r.o = o;
	r.seq = seq;
	r.st = st;
	nf_buf_init(&r.chars);
	nf_buf_init(&r.tchars);
	nf_buf_init(&r.ctchars);
	int rc;
	if (!(rc = choose(&r, seeds, n_seeds, old, n_old)) && !(rc = load(&r, seeds, n_seeds)) &&
	    !(rc = cluster_range(&r)) && !(rc = assign_ids(&r)) && !(rc = write_all(&r)))
		rc = emptied(&r, old, n_old);
	st->reclustered += r.arts.n > n_seeds ? r.arts.n - n_seeds : 0;
	NF_VEC_FREE(&r.arts);
	NF_VEC_FREE(&r.terms);
	NF_VEC_FREE(&r.one);
	NF_VEC_FREE(&r.cterms);
	NF_VEC_FREE(&r.cl);
	NF_VEC_FREE(&r.mem);
	NF_VEC_FREE(&r.tids);
	free(r.voc);
	nf_buf_release(&r.chars);
	nf_buf_release(&r.tchars);
	nf_buf_release(&r.ctchars);
	if (rc && !s->errmsg[0])
		nf_store_fail(s, rc, "%s: %s", s->dir, nf_strerror(rc));
	return rc;
}
