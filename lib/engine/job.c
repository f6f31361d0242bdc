/*
 * job.c - one way to run any of the batch objects (nf_dups, nf_reuser, nf_engine, nf_add): a
 * front end feeds a job the documents, finishes it, takes its records into its output buffers,
 * its --stats-json members and its summary line, without knowing which object it runs.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#define U(x) ((unsigned long long)(x))
/* a count and its noun, singular for one: "%llu %s" */
#define N(x, one, many) U(x), ((x) == 1 ? (one) : (many))

void nf_job_release(nf_job *j)
{
	if (j && j->release)
		j->release(j->obj);
	if (j)
		memset(j, 0, sizeof(*j));
}

/* --- dedup ------------------------------------------------------------------------------------ */

typedef struct dups_job {
	nf_dups *d;
	nf_buf rec;
	int phase; /* 0: the kept documents, 1: the pairs, 2: the families */
	unsigned outputs;
} dups_job;

static int dups_accept(void *x, const nf_feed_item *it)
{
	return nf_dups_add(((dups_job *)x)->d, it);
}

static int dups_finish(void *x, nf_lines *lines)
{
	(void)lines;
	return nf_dups_finish(((dups_job *)x)->d);
}

/* The kept documents in input order, as read (JSONL lines) or as {id,date,text} (files); then
 * the pairs and the families when asked. */
static int dups_next(void *x, nf_buf *b)
{
	dups_job *dj = x;
	nf_record r;
	nf_doc doc;
	const nf_dup_pair *p;
	nf_dup_family fam;
	int rc;
	if (dj->phase == 0) {
		if ((rc = nf_dups_next_kept(dj->d, &dj->rec, &r, &doc)) < 0)
			return rc;
		if (rc == 1 && r.format == NF_FORMAT_JSONL) { /* one line (an array's element
								 may run over several) */
			size_t at = b[0].len;
			nf_buf_append(&b[0], dj->rec.data, r.len);
			for (int k = 0; k < 2 && !b[0].oom; k++) {
				char *c = b[0].data + at, *end = b[0].data + b[0].len;
				while ((c = memchr(c, k ? '\r' : '\n', (size_t)(end - c))) != NULL)
					*c++ = ' ';
			}
			nf_buf_append(&b[0], "\n", 1);
		} else if (rc == 1) {
			nf_write_doc_json(&b[0], &doc);
		}
		if (rc == 1)
			return b[0].oom ? NF_ENOMEM : 1;
		dj->phase = 1;
	}
	if (dj->phase == 1 && (dj->outputs & NF_JOB_PAIRS) && nf_dups_next_pair(dj->d, &p) == 1)
		return nf_write_dup_pair_json(&b[1], dj->d, p) ? NF_ENOMEM : 1;
	dj->phase = 2;
	if ((dj->outputs & NF_JOB_FAMILIES) && nf_dups_next_family(dj->d, &fam) == 1)
		return nf_write_dup_family_json(&b[2], dj->d, &fam) ? NF_ENOMEM : 1;
	return 0;
}

static int dups_stats(const void *x, nf_buf *b, const nf_phase_seconds *t)
{
	nf_dups_stats ds;
	nf_dups_stats_get(((const dups_job *)x)->d, &ds);
	return nf_write_dups_stats(b, &ds, t);
}

static int dups_summary(const void *x, nf_buf *b)
{
	nf_dups_stats ds;
	nf_dups_stats_get(((const dups_job *)x)->d, &ds);
	return nf_buf_printf(b, "%llu %s, %llu kept, %llu %s in %llu %s",
			     N(ds.docs, "document", "documents"), U(ds.kept),
			     N(ds.docs - ds.kept, "duplicate", "duplicates"),
			     N(ds.families, "family", "families"));
}

static void dups_release(void *x)
{
	nf_buf_release(&((dups_job *)x)->rec);
	free(x);
}

int nf_dups_job(nf_dups *d, unsigned outputs, nf_job *j)
{
	memset(j, 0, sizeof(*j));
	dups_job *dj = calloc(1, sizeof(*dj));
	if (!dj)
		return NF_ENOMEM;
	dj->d = d;
	dj->outputs = outputs;
	*j = (nf_job){.obj = dj,
		      .what = "verification",
		      .accept = dups_accept,
		      .finish = dups_finish,
		      .next = dups_next,
		      .stats = dups_stats,
		      .summary = dups_summary,
		      .release = dups_release};
	nf_feed_options_init(&j->fo);
	nf_dups_feed_options(d, &j->fo);
	return 0;
}

/* --- reuse ------------------------------------------------------------------------------------ */

static int reuser_accept(void *r, const nf_feed_item *it)
{
	return nf_reuser_add(r, it);
}

static int reuser_finish(void *r, nf_lines *lines)
{
	return nf_reuser_finish(r, lines);
}

static int reuser_next(void *r, nf_buf *b)
{
	nf_reuse_link l;
	int rc = nf_reuser_next(r, &l);
	if (rc == 1)
		return nf_write_reuse_json(&b[0], r, &l) ? NF_ENOMEM : 1;
	nf_reuse_family f;
	if (rc == 0 && (rc = nf_reuser_next_family(r, &f)) == 1)
		return nf_write_reuse_family_json(&b[0], r, &f) ? NF_ENOMEM : 1;
	return rc;
}

static int reuser_stats(const void *r, nf_buf *b, const nf_phase_seconds *t)
{
	nf_reuser_stats rs;
	nf_reuser_stats_get(r, &rs);
	return nf_write_reuser_stats(b, &rs, t);
}

static int reuser_summary(const void *r, nf_buf *b)
{
	nf_reuser_stats rs;
	nf_reuser_stats_get(r, &rs);
	return nf_buf_printf(b, "%llu %s, %llu candidate %s, %llu %s sharing passages (%llu %s)",
			     N(rs.docs, "document", "documents"),
			     N(rs.index.pairs, "pair", "pairs"),
			     N(rs.linked_pairs, "pair", "pairs"), N(rs.spans, "span", "spans"));
}

void nf_reuser_job(nf_reuser *r, nf_job *j)
{
	*j = (nf_job){.obj = r,
		      .what = "alignment",
		      .accept = reuser_accept,
		      .finish = reuser_finish,
		      .next = reuser_next,
		      .stats = reuser_stats,
		      .summary = reuser_summary};
	nf_feed_options_init(&j->fo);
	nf_reuser_feed_options(r, &j->fo);
}

/* --- stories, digest, report ------------------------------------------------------------------ */

typedef struct engine_job {
	nf_engine *e;
	int format;
	const char *title;
	nf_reporter *rep; /* the report, made when its first story comes */
	uint64_t written; /* articles of the stories taken so far */
	nf_tie_stats ties;
} engine_job;

static int engine_read(void *x, nf_feed_item *it)
{
	return nf_engine_read(((engine_job *)x)->e, it);
}

static void engine_feed_stats(const void *x, nf_feed_stats *fs)
{
	nf_engine_stats es;
	nf_engine_stats_get(((const engine_job *)x)->e, &es);
	*fs = es.feed;
}

/* The stories as they close: JSON lines (with digests), or into the report, whose page comes
 * in pieces once the last story is in; in out[1], each story's "id<TAB>story" lines. */
static int engine_next(void *x, nf_buf *b)
{
	engine_job *ej = x;
	nf_engine_story st;
	const nf_digester *dg = nf_engine_digester(ej->e);
	bool report = ej->format == NF_JOB_REPORT;
	const nf_engine_options *o = nf_engine_options_of(ej->e);
	int rc;
	if (report && !ej->rep &&
	    (rc = nf_reporter_new(&ej->rep, ej->title, o->report_bytes, o->feed.tmp_dir)))
		return rc;
	while ((rc = nf_engine_next_story(ej->e, &st)) == 1) {
		ej->written += st.n_members;
		if (!report)
			return nf_write_story_json(&b[0], &st, dg) ||
				       nf_write_story_assign(&b[1], &st)
				   ? NF_ENOMEM
				   : 1;
		if ((rc = nf_reporter_add(ej->rep, st.id, st.first, st.last, dg, st.digest)) ||
		    nf_write_story_assign(&b[1], &st))
			return rc ? rc : NF_ENOMEM;
		if (b[1].len)
			return 1;
	}
	if (rc == 0 && report)
		return nf_reporter_next(ej->rep, &b[0]);
	return rc;
}

static int engine_stats(const void *x, nf_buf *b, const nf_phase_seconds *t)
{
	const engine_job *ej = x;
	nf_engine_stats es;
	nf_engine_stats_get(ej->e, &es);
	return nf_write_engine_stats(b, &es, &ej->ties, t);
}

static int engine_summary(const void *x, nf_buf *b)
{
	nf_engine_stats es;
	nf_engine_stats_get(((const engine_job *)x)->e, &es);
	return nf_buf_printf(b, "%llu %s, %llu %s (%llu of one article, largest %llu)",
			     N(es.feed.docs, "article", "articles"),
			     N(es.stories, "story", "stories"), U(es.singletons), U(es.largest));
}

static void engine_done(const void *x, uint64_t *done, uint64_t *total)
{
	const engine_job *ej = x;
	nf_engine_stats es;
	nf_engine_stats_get(ej->e, &es);
	*done = ej->written;
	*total = es.feed.docs;
}

static void engine_release(void *x)
{
	nf_reporter_free(((engine_job *)x)->rep);
	free(x);
}

int nf_engine_job(nf_engine *e, int format, const char *title, nf_job *j)
{
	memset(j, 0, sizeof(*j));
	engine_job *ej = calloc(1, sizeof(*ej));
	if (!ej)
		return NF_ENOMEM;
	*ej = (engine_job){.e = e, .format = format, .title = title ? title : "newsfold report"};
	*j = (nf_job){.obj = ej,
		      .read = engine_read,
		      .feed_stats = engine_feed_stats,
		      .next = engine_next,
		      .stats = engine_stats,
		      .summary = engine_summary,
		      .done = engine_done,
		      .release = engine_release};
	return 0;
}

int nf_engine_job_tie_file(nf_job *j, const char *path, nf_tie_stats *st, nf_error *err)
{
	engine_job *ej = j->obj;
	int rc = nf_engine_tie_file(ej->e, path, &ej->ties, err);
	*st = ej->ties;
	return rc;
}

/* --- add -------------------------------------------------------------------------------------- */

typedef struct add_job {
	nf_store *s;
	nf_add *a;
	nf_add_stats as;
	bool removal;
} add_job;

static int add_read(void *x, nf_feed_item *it)
{
	return nf_add_read(((add_job *)x)->a, it);
}

static int add_commit(void *x, nf_lines *lines)
{
	(void)lines;
	return nf_add_commit(((add_job *)x)->a, &((add_job *)x)->as);
}

static void add_feed_stats(const void *x, nf_feed_stats *fs)
{
	nf_add_feed_stats(((const add_job *)x)->a, fs);
}

static int add_stats(const void *x, nf_buf *b, const nf_phase_seconds *t)
{
	(void)t;
	return nf_write_add_stats(b, &((const add_job *)x)->as);
}

static int add_summary(const void *x, nf_buf *b)
{
	const add_job *aj = x;
	const nf_add_stats *as = &aj->as;
	if (aj->removal)
		return nf_buf_printf(
		    b, "%lld: %llu %s removed; stories: %llu emptied, %llu updated, %llu split",
		    (long long)as->seq, N(as->removed, "article", "articles"),
		    U(as->removed_stories), U(as->changed), U(as->split));
	return nf_buf_printf(b,
			     "add %lld: %llu new, %llu updated, %llu unchanged, %llu rejected; "
			     "%llu duplicate %s; stories: %llu created, %llu grew, %llu merged, "
			     "%llu split",
			     (long long)as->seq, U(as->added), U(as->updated), U(as->unchanged),
			     U(as->rejected), N(as->duplicates, "pair", "pairs"), U(as->created),
			     U(as->grew), U(as->merged), U(as->split));
}

static const char *add_errmsg(const void *x)
{
	return nf_store_errmsg(((const add_job *)x)->s);
}

int nf_add_job(nf_store *s, nf_add *a, bool removal, nf_job *j)
{
	memset(j, 0, sizeof(*j));
	add_job *aj = calloc(1, sizeof(*aj));
	if (!aj)
		return NF_ENOMEM;
	*aj = (add_job){.s = s, .a = a, .removal = removal};
	*j = (nf_job){.obj = aj,
		      .read = add_read,
		      .feed_stats = add_feed_stats,
		      .finish = add_commit,
		      .stats = add_stats,
		      .summary = add_summary,
		      .errmsg = add_errmsg,
		      .all_or_nothing = true,
		      .release = free};
	return 0;
}

bool nf_add_job_committed(const nf_job *j)
{
	return ((const add_job *)j->obj)->as.seq > 0;
}
