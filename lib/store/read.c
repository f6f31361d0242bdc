/*
 * read.c - reading a store without re-running anything: the stories as stored (the line
 * newsfold stories writes, with its stable id, and its digest), the event feed, and the check.
 */
#include "store.h"

#include "passages.h"

#include <stdio.h>

struct nf_store_iter {
	nf_store *s;
	sqlite3_stmt *st;
	bool events, digest;
	nf_buf line;
	/* the report: its stories' articles digested again (the side-by-side view needs them),
	 * taking the aligned pairs the store keeps when it keeps them (known) */
	int report; /* 0 no; 1 head to write; 2 stories; 3 end written */
	sqlite3_stmt *docs;
	bool known;
	NF_VEC(int64_t) nums; /* the story's article numbers, in digest order */
	nf_digester *dg;
	nf_parser *parser;
	nf_reporter *rep;
};

static int iter_new(nf_store *s, const char *sql, nf_store_iter **out)
{
	nf_store_iter *it = calloc(1, sizeof(*it));
	*out = it;
	if (!it)
		return nf_store_fail(s, NF_ENOMEM, "out of memory");
	it->s = s;
	nf_buf_init(&it->line);
	return nf_store_prepare(s, &it->st, sql);
}

int nf_store_stories(nf_store *s, const nf_store_query *q, nf_store_iter **out)
{
	int rc =
	    iter_new(s,
		     "SELECT line, digest, id, size, first, last, headline FROM stories "
		     "WHERE merged_into IS NULL AND size > 0 "
		     "AND (?1 IS NULL OR last >= ?1 OR last IS NULL) "
		     "AND (?2 < 0 OR id = (WITH RECURSIVE m(x, d) AS (SELECT ?2, 0 UNION ALL "
		     "SELECT merged_into, d + 1 FROM stories JOIN m ON id = x WHERE merged_into "
		     "IS NOT NULL) SELECT x FROM m ORDER BY d DESC LIMIT 1)) "
		     "ORDER BY coalesce(first, -9223372036854775807 - 1), id",
		     out);
	if (rc)
		return rc;
	nf_store_iter *it = *out;
	it->digest = q->digest;
	if (q->since != NF_NO_DATE)
		sqlite3_bind_int64(it->st, 1, q->since);
	sqlite3_bind_int64(it->st, 2, q->story);
	return 0;
}

int nf_store_events(nf_store *s, const nf_store_query *q, nf_store_iter **out)
{
	int rc = iter_new(s,
			  "SELECT seq, story, kind, other, size FROM events WHERE seq > ? "
			  "ORDER BY seq, rowid",
			  out);
	if (rc)
		return rc;
	(*out)->events = true;
	sqlite3_bind_int64((*out)->st, 1, q->after);
	return 0;
}

static int report_next(nf_store_iter *it, nf_str *line);

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

int nf_store_next(nf_store_iter *it, nf_str *line)
{
	if (it->report)
		return report_next(it, line);
	int r = sqlite3_step(it->st);
	if (r == SQLITE_DONE)
		return 0;
	if (r != SQLITE_ROW)
		return nf_store_sqlfail(it->s, r, "reading");
	nf_buf *b = &it->line;
	nf_buf_reset(b);
	if (it->events) {
		char num[160];
		snprintf(num, sizeof(num), "{\"seq\":%lld,\"story\":%lld,\"event\":",
			 (long long)sqlite3_column_int64(it->st, 0),
			 (long long)sqlite3_column_int64(it->st, 1));
		put(b, num);
		nf_json_string(b, (const char *)sqlite3_column_text(it->st, 2),
			       (size_t)sqlite3_column_bytes(it->st, 2));
		if (sqlite3_column_type(it->st, 3) == SQLITE_NULL)
			put(b, ",\"other\":null");
		else {
			snprintf(num, sizeof(num), ",\"other\":%lld",
				 (long long)sqlite3_column_int64(it->st, 3));
			put(b, num);
		}
		snprintf(num, sizeof(num), ",\"size\":%lld}\n",
			 (long long)sqlite3_column_int64(it->st, 4));
		put(b, num);
	} else {
		nf_buf_append(b, sqlite3_column_text(it->st, 0),
			      (size_t)sqlite3_column_bytes(it->st, 0));
		if (it->digest && sqlite3_column_type(it->st, 1) != SQLITE_NULL) {
			put(b, ",\"digest\":");
			nf_buf_append(b, sqlite3_column_text(it->st, 1),
				      (size_t)sqlite3_column_bytes(it->st, 1));
		}
		put(b, "}\n");
	}
	if (b->oom)
		return nf_store_fail(it->s, NF_ENOMEM, "out of memory");
	*line = (nf_str){b->data, b->len};
	return 1;
}

int nf_store_story_get(const nf_store_iter *it, nf_store_story *out)
{
	if (it->events || it->report)
		return NF_EINVAL;
	sqlite3_stmt *st = it->st;
	out->id = sqlite3_column_int64(st, 2);
	out->size = (size_t)sqlite3_column_int64(st, 3);
	out->first =
	    sqlite3_column_type(st, 4) == SQLITE_NULL ? NF_NO_DATE : sqlite3_column_int64(st, 4);
	out->last =
	    sqlite3_column_type(st, 5) == SQLITE_NULL ? NF_NO_DATE : sqlite3_column_int64(st, 5);
	out->headline =
	    (nf_str){(const char *)sqlite3_column_text(st, 6), (size_t)sqlite3_column_bytes(st, 6)};
	if (!out->headline.ptr)
		out->headline = (nf_str){"", 0};
	return 0;
}

void nf_store_iter_free(nf_store_iter *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->st);
	sqlite3_finalize(it->docs);
	nf_digester_free(it->dg);
	NF_VEC_FREE(&it->nums);
	nf_parser_free(it->parser);
	nf_buf_release(&it->line);
	nf_reporter_free(it->rep);
	free(it);
}

int nf_store_report(nf_store *s, const nf_store_query *q, const char *title, nf_store_iter **out)
{
	int rc = nf_store_stories(s, q, out);
	if (rc)
		return rc;
	nf_store_iter *it = *out;
	sqlite3_finalize(it->st);
	it->st = NULL;
	rc = nf_store_prepare(
	    s, &it->st,
	    "SELECT id, first, last FROM stories WHERE merged_into IS NULL AND size > 0 "
	    "AND (?1 IS NULL OR last >= ?1 OR last IS NULL) AND (?2 < 0 OR id = ?2) "
	    "ORDER BY coalesce(first, -9223372036854775807 - 1), id");
	if (rc)
		return rc;
	if (q->since != NF_NO_DATE)
		sqlite3_bind_int64(it->st, 1, q->since);
	sqlite3_bind_int64(it->st, 2, q->story);
	if ((rc = nf_store_prepare(
		 s, &it->docs,
		 "SELECT record, format, id, id_is_number, num FROM articles WHERE story = ? "
		 "ORDER BY coalesce(date, -9223372036854775807 - 1), id")))
		return rc;
	if (nf_digester_new(&it->dg, NULL) || nf_parser_new(&it->parser, NULL))
		return nf_store_fail(s, NF_ENOMEM, "out of memory");
	if ((rc = nf_reporter_new(&it->rep, title, q->report_bytes, NULL)))
		return nf_store_fail(s, rc, "the report's temporary file: %s", nf_strerror(rc));
	it->report = 1;
	it->known = nf_store_keeps_pairs(s);
	return 0;
}

/* The next block of the report: a story, or the end. */
static int report_next(nf_store_iter *it, nf_str *line)
{
	nf_buf_reset(&it->line);
	if (it->report == 3) { /* every story in: the page, piece by piece */
		int rc = nf_reporter_next(it->rep, &it->line);
		if (rc < 0)
			return nf_store_fail(it->s, rc, "writing the report: %s", nf_strerror(rc));
		*line = (nf_str){it->line.data, it->line.len};
		return rc;
	}
	int r = sqlite3_step(it->st);
	if (r == SQLITE_DONE) {
		it->report = 3;
		return report_next(it, line);
	}
	if (r != SQLITE_ROW)
		return nf_store_sqlfail(it->s, r, "reading stories");
	int64_t id = sqlite3_column_int64(it->st, 0);
	int64_t first = sqlite3_column_type(it->st, 1) == SQLITE_NULL
			    ? NF_NO_DATE
			    : sqlite3_column_int64(it->st, 1);
	int64_t last = sqlite3_column_type(it->st, 2) == SQLITE_NULL
			   ? NF_NO_DATE
			   : sqlite3_column_int64(it->st, 2);
	nf_digest_begin(it->dg);
	if (it->known)
		nf_digest_known(it->dg);
	sqlite3_bind_int64(it->docs, 1, id);
	int rc = 0;
	it->nums.n = 0;
	while (rc == 0 && (r = sqlite3_step(it->docs)) == SQLITE_ROW) {
		if (NF_VEC_PUSH(&it->nums, sqlite3_column_int64(it->docs, 4))) {
			rc = NF_ENOMEM;
			break;
		}
		nf_doc doc;
		rc = nf_store_parse_row(it->parser, it->docs, 0, &doc)
			 ? NF_ESTORE
			 : nf_digest_add(it->dg, &doc);
	}
	sqlite3_reset(it->docs);
	if (!rc && it->known && (rc = nf_store_digest_pairs(it->s, it->dg, it->nums.a, it->nums.n)))
		return rc;
	const nf_digest *g;
	if (rc || (rc = nf_digest_run(it->dg, &g)) ||
	    (rc = nf_reporter_add(it->rep, (uint32_t)id, first, last, it->dg, g)))
		return nf_store_fail(it->s, rc, "%s: story %lld: %s", it->s->dir, (long long)id,
				     nf_strerror(rc));
	*line = (nf_str){it->line.data, it->line.len};
	return 1;
}

/* One check: a query counting violations, which must give 0. */
static int expect_none(nf_store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(s, &st, sql);
	if (rc)
		return rc;
	int r = sqlite3_step(st);
	int64_t n = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (r != SQLITE_ROW)
		return nf_store_sqlfail(s, r, "checking");
	if (n)
		return nf_store_fail(s, NF_ESTORE, "%s: %lld %s", s->dir, (long long)n, what);
	return 0;
}

int nf_store_check(nf_store *s)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(s, &st, "PRAGMA integrity_check");
	if (rc)
		return rc;
	int r = sqlite3_step(st);
	bool ok = r == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	char first[256] = "";
	if (r == SQLITE_ROW && !ok)
		snprintf(first, sizeof(first), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!ok)
		return r == SQLITE_ROW
			   ? nf_store_fail(s, NF_ESTORE, "%s: damaged: %s", s->dir, first)
			   : nf_store_sqlfail(s, r, "checking");
	static const struct {
		const char *sql, *what;
	} checks[] = {
	    {"SELECT count(*) FROM articles WHERE terms IS NOT NULL AND (story IS NULL OR story "
	     "NOT "
	     "IN (SELECT id FROM stories WHERE merged_into IS NULL AND size > 0))",
	     "articles in no live story"},
	    {"SELECT count(*) FROM stories s WHERE merged_into IS NULL AND size != (SELECT "
	     "count(*) "
	     "FROM articles a WHERE a.story = s.id)",
	     "stories whose size is not their number of articles"},
	    {"SELECT count(*) FROM stories WHERE merged_into IS NOT NULL AND merged_into NOT IN "
	     "(SELECT id FROM stories)",
	     "stories merged into a story that does not exist"},
	    {"SELECT count(*) FROM articles a WHERE family > num OR family NOT IN (SELECT num FROM "
	     "articles)",
	     "articles whose family is not an article at or before them"},
	    {"SELECT count(*) FROM links l WHERE (SELECT family FROM articles WHERE num = l.a) != "
	     "(SELECT family FROM articles WHERE num = l.b)",
	     "duplicate links across two families"},
	    {"SELECT count(*) FROM bands WHERE num NOT IN (SELECT num FROM articles)",
	     "band keys of no article"},
	    /* schema 2: the reuse stage (a reader may look at a store of schema 1) */
	    {"SELECT count(*) FROM reuse WHERE a >= b OR a NOT IN (SELECT num FROM articles) OR b "
	     "NOT IN (SELECT num FROM articles)",
	     "reuse pairs of no article"},
	    {"SELECT count(*) FROM reuse r WHERE relation IN ('copy', 'partial') AND (SELECT "
	     "family "
	     "FROM articles WHERE num = r.a) != (SELECT family FROM articles WHERE num = r.b)",
	     "copy or partial pairs across two families"},
	    /* schema 2 only: the passages in a table (from 3 on, in segment files) */
	    {"SELECT count(*) FROM passages WHERE num NOT IN (SELECT num FROM articles)",
	     "passages of no article"},
	};
	int64_t v = nf_store_meta_int(s, "schema_version", 1);
	size_t n = NF_ARRAY_LEN(checks) - (v < 2 ? 3 : v > 2 ? 1 : 0);
	for (size_t i = 0; i < n; i++)
		if ((rc = expect_none(s, checks[i].sql, checks[i].what)))
			return rc;
	return v > 2 ? nf_passages_check(s) : 0;
}
