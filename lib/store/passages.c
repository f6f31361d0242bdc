/*
 * passages.c - the store's passage index: for each passage fingerprint, the stored articles
 * holding it (the reuse stage's candidates).
 *
 * The index is a list of immutable sorted segment files (segment.c), listed by table segments
 * (id, seq: the add that wrote it, entries). An add writes its fingerprints as a new segment and
 * looks fingerprints up in every segment (a galloping search per segment: look-ups come sorted);
 * before it commits, the newest two segments are merged while the newest is more than half as
 * large as the one before, so there are O(log n) segments and each posting is rewritten
 * O(log n) times. A B-tree
 * keyed by fingerprints (which are hashes) would instead rewrite pages all over the index with
 * every add: measured, 3.3 us an insert into a store of 600k articles, most of an add's time.
 *
 * An article that changes or goes leaves its postings in the segments: table passages_gone
 * (num, seq) says they are dead in every segment older than seq, and merges leave them out.
 * Rows of passages_gone no segment needs any more go at commit.
 */
#include "passages.h"

#include "segment.h"

#include "../base/uf.h"

#include <stdlib.h>
#include <string.h>

typedef struct gone {
	int64_t num, seq;
} gone;

struct nf_passages {
	nf_store *s;
	int64_t seq;
	NF_VEC(nf_seg) segs;   /* oldest first */
	NF_VEC(size_t) cursor; /* per segment: where the last look-up ended */
	NF_VEC(gone) gone;     /* sorted by (num, seq) when !unsorted */
	bool unsorted;
	NF_VEC(int64_t) replaced; /* segment ids merged away: their files go after commit */
};

static int cmp_gone(const void *x, const void *y)
{
	const gone *a = x, *b = y;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static int load_gone(nf_store *s, gone **out, size_t *n)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(s, &st, "SELECT num, seq FROM passages_gone ORDER BY num, seq");
	NF_VEC(gone) v = {0};
	int x = SQLITE_DONE;
	while (!rc && (x = sqlite3_step(st)) == SQLITE_ROW)
		if (NF_VEC_PUSH(&v,
				((gone){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)})))
			rc = NF_ENOMEM;
	if (!rc && x != SQLITE_DONE)
		rc = nf_store_sqlfail(s, x, "reading passages_gone");
	sqlite3_finalize(st);
	*out = v.a;
	*n = v.n;
	return rc;
}

/* Whether article num's postings in a segment written by add seq are dead. */
static bool dead(const gone *g, size_t n, int64_t num, int64_t seq)
{
	size_t lo = 0, hi = n; /* past the last entry of num */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g[mid].num <= num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && g[lo - 1].num == num && g[lo - 1].seq > seq;
}

/* The catalog's segments, mapped, into *v (oldest first). */
static int map_all(nf_store *s, nf_seg **out, size_t *n)
{
	sqlite3_stmt *st;
	NF_VEC(nf_seg) v = {0};
	int rc = nf_store_prepare(s, &st, "SELECT id, seq, entries FROM segments ORDER BY id");
	int x = SQLITE_DONE;
	while (!rc && (x = sqlite3_step(st)) == SQLITE_ROW) {
		nf_seg g;
		if ((rc = nf_seg_map(s, sqlite3_column_int64(st, 0),
				     (uint64_t)sqlite3_column_int64(st, 2), &g)))
			break;
		g.seq = sqlite3_column_int64(st, 1);
		if (NF_VEC_PUSH(&v, g)) {
			nf_seg_unmap(&g);
			rc = NF_ENOMEM;
		}
	}
	if (!rc && x != SQLITE_DONE)
		rc = nf_store_sqlfail(s, x, "reading segments");
	sqlite3_finalize(st);
	*out = v.a;
	*n = v.n;
	return rc;
}

int nf_passages_open(nf_passages **out, nf_store *s, int64_t seq)
{
	nf_passages *p = calloc(1, sizeof(*p));
	*out = p;
	if (!p)
		return NF_ENOMEM;
	p->s = s;
	p->seq = seq;
	int rc = map_all(s, &p->segs.a, &p->segs.n);
	p->segs.cap = p->segs.n;
	if (!rc)
		rc = load_gone(s, &p->gone.a, &p->gone.n);
	p->gone.cap = p->gone.n;
	int64_t *ids = malloc((p->segs.n + 1) * sizeof(int64_t));
	if (!rc && !ids)
		rc = NF_ENOMEM;
	for (size_t i = 0; !rc && i < p->segs.n; i++)
		ids[i] = p->segs.a[i].id;
	if (!rc)
		rc = nf_seg_remove_orphans(s, ids, p->segs.n);
	free(ids);
	if (!rc && NF_VEC_RESERVE(&p->cursor, p->segs.n + 1))
		rc = NF_ENOMEM;
	return rc;
}

void nf_passages_free(nf_passages *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->segs.n; i++)
		nf_seg_unmap(&p->segs.a[i]);
	NF_VEC_FREE(&p->segs);
	NF_VEC_FREE(&p->cursor);
	NF_VEC_FREE(&p->gone);
	NF_VEC_FREE(&p->replaced);
	free(p);
}

void nf_passages_rewind(nf_passages *p)
{
	if (p->unsorted && p->gone.n)
		qsort(p->gone.a, p->gone.n, sizeof(gone), cmp_gone);
	p->unsorted = false;
	for (size_t i = 0; i < p->segs.n; i++) {
		p->cursor.a[i] = 0;
		p->segs.a[i].released = 0;
	}
	p->cursor.n = p->segs.n;
}

int nf_passages_find(nf_passages *p, uint32_t fp, int64_t **hits, size_t *n, size_t *cap,
		     size_t max)
{
	size_t found = 0;
	for (size_t i = 0; i < p->segs.n && found <= max; i++) {
		const nf_seg *g = &p->segs.a[i];
		size_t k = p->cursor.a[i] = nf_seg_lower(g, p->cursor.a[i], fp);
		nf_seg_done_below(&p->segs.a[i], k);
		for (; k < g->n && g->p[2 * k] == fp && found <= max; k++) {
			int64_t num = g->p[2 * k + 1];
			if (dead(p->gone.a, p->gone.n, num, g->seq))
				continue;
			if (nf_grow((void **)hits, cap, *n + 1, sizeof(int64_t)))
				return NF_ENOMEM;
			(*hits)[(*n)++] = num;
			found++;
		}
	}
	return 0;
}

int64_t nf_passages_first(nf_passages *p, uint32_t fp)
{
	int64_t best = -1;
	for (size_t i = 0; i < p->segs.n; i++) {
		const nf_seg *g = &p->segs.a[i];
		size_t k = p->cursor.a[i] = nf_seg_lower(g, p->cursor.a[i], fp);
		nf_seg_done_below(&p->segs.a[i], k);
		for (; k < g->n && g->p[2 * k] == fp; k++) {
			int64_t num = g->p[2 * k + 1];
			if (!dead(p->gone.a, p->gone.n, num, g->seq)) {
				if (best < 0 || num < best)
					best = num;
				break; /* a segment holds an fingerprint's articles in ascending
					  order */
			}
		}
	}
	return best;
}

int nf_passages_kill(nf_passages *p, int64_t num)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "INSERT INTO passages_gone(num, seq) VALUES(%lld, %lld)",
		 (long long)num, (long long)p->seq);
	int rc = nf_store_exec(p->s, sql);
	if (!rc && NF_VEC_PUSH(&p->gone, ((gone){num, p->seq})))
		rc = NF_ENOMEM;
	p->unsorted = true;
	return rc;
}

/* A catalog row for a new segment of add seq; its id into *id. */
static int new_row(nf_passages *p, int64_t seq, int64_t *id)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "INSERT INTO segments(seq, entries) VALUES(%lld, 0)",
		 (long long)seq);
	int rc = nf_store_exec(p->s, sql);
	*id = rc ? 0 : sqlite3_last_insert_rowid(p->s->db);
	return rc;
}

/* The finished segment id (n postings) recorded in the catalog, mapped and appended. */
static int take(nf_passages *p, int64_t id, int64_t seq, uint64_t n)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "UPDATE segments SET entries = %llu WHERE id = %lld",
		 (unsigned long long)n, (long long)id);
	nf_seg g;
	int rc = nf_store_exec(p->s, sql);
	if (!rc && !(rc = nf_seg_map(p->s, id, n, &g))) {
		g.seq = seq;
		if (NF_VEC_PUSH(&p->segs, g) || NF_VEC_PUSH(&p->cursor, (size_t)0)) {
			nf_seg_unmap(&g);
			rc = NF_ENOMEM;
		}
	}
	return rc;
}

int nf_passages_write(nf_passages *p, size_t n,
		      void (*get)(void *ctx, size_t i, uint32_t *fp, int64_t *num), void *ctx)
{
	int64_t id;
	nf_seg_writer *w = NULL;
	int rc = new_row(p, p->seq, &id);
	if (!rc)
		rc = nf_seg_create(p->s, id, &w);
	for (size_t i = 0; !rc && i < n; i++) {
		uint32_t fp;
		int64_t num;
		get(ctx, i, &fp, &num);
		if (num < 0 || num > (int64_t)UINT32_MAX)
			rc = nf_store_fail(p->s, NF_ELIMIT, "%s: article number %lld past 2^32",
					   p->s->dir, (long long)num);
		else
			nf_seg_put(w, fp, (uint32_t)num); /* write errors: at finish */
	}
	if (rc) {
		nf_seg_abandon(w);
		return rc;
	}
	uint64_t wrote;
	if ((rc = nf_seg_finish(p->s, w, &wrote)))
		return rc;
	return take(p, id, p->seq, wrote);
}

/* Segments a and b (= a + 1, the newest two) merged into one, dead postings left out. */
static int merge_last(nf_passages *p)
{
	size_t nb = p->segs.n - 1, na = nb - 1;
	const nf_seg *a = &p->segs.a[na], *b = &p->segs.a[nb];
	int64_t seq = a->seq > b->seq ? a->seq : b->seq, id;
	nf_seg_writer *w = NULL;
	if (p->unsorted && p->gone.n)
		qsort(p->gone.a, p->gone.n, sizeof(gone), cmp_gone);
	p->unsorted = false;
	int rc = new_row(p, seq, &id);
	if (!rc)
		rc = nf_seg_create(p->s, id, &w);
	for (uint64_t i = 0, j = 0; !rc && (i < a->n || j < b->n);) {
		const uint32_t *x = i < a->n ? a->p + 2 * i : NULL,
			       *y = j < b->n ? b->p + 2 * j : NULL;
		bool from_a = y == NULL || (x && (x[0] < y[0] || (x[0] == y[0] && x[1] <= y[1])));
		const uint32_t *z = from_a ? x : y;
		if (from_a)
			i++;
		else
			j++;
		if (!dead(p->gone.a, p->gone.n, z[1], from_a ? a->seq : b->seq))
			nf_seg_put(w, z[0], z[1]);
		if (((i + j) & 0xfffff) == 0) {
			nf_seg_done_below(&p->segs.a[na], i);
			nf_seg_done_below(&p->segs.a[nb], j);
		}
	}
	uint64_t wrote;
	if (rc) {
		nf_seg_abandon(w);
		return rc;
	}
	if ((rc = nf_seg_finish(p->s, w, &wrote)))
		return rc;
	char sql[160];
	snprintf(sql, sizeof(sql), "DELETE FROM segments WHERE id IN (%lld, %lld)",
		 (long long)a->id, (long long)b->id);
	if ((rc = nf_store_exec(p->s, sql)) || NF_VEC_PUSH(&p->replaced, a->id) ||
	    NF_VEC_PUSH(&p->replaced, b->id))
		return rc ? rc : NF_ENOMEM;
	nf_seg_unmap(&p->segs.a[na]);
	nf_seg_unmap(&p->segs.a[nb]);
	p->segs.n -= 2;
	p->cursor.n = p->segs.n;
	return take(p, id, seq, wrote);
}

int nf_passages_compact(nf_passages *p)
{
	int rc = 0;
	while (!rc && p->segs.n >= 2 && 2 * p->segs.a[p->segs.n - 1].n > p->segs.a[p->segs.n - 2].n)
		rc = merge_last(p);
	/* a death no segment older than it remains to apply to is forgotten */
	if (!rc)
		rc = nf_store_exec(p->s, "DELETE FROM passages_gone WHERE seq <= (SELECT "
					 "coalesce(min(seq), 9223372036854775807) FROM segments)");
	return rc;
}

void nf_passages_committed(nf_passages *p)
{
	for (size_t i = 0; i < p->replaced.n; i++)
		nf_seg_unlink(p->s, p->replaced.a[i]);
	p->replaced.n = 0;
}

int nf_passages_check(nf_store *s)
{
	nf_seg *segs;
	gone *g;
	size_t ns, ng;
	int rc = map_all(s, &segs, &ns);
	if (!rc)
		rc = load_gone(s, &g, &ng);
	else
		g = NULL, ng = 0;
	/* the stored article numbers, as a bit set */
	sqlite3_stmt *st;
	uint8_t *have = NULL;
	size_t nhave = 0;
	if (!rc && !(rc = nf_store_prepare(s, &st, "SELECT coalesce(max(num), 0) FROM articles"))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			nhave = (size_t)sqlite3_column_int64(st, 0) + 1;
		sqlite3_finalize(st);
		have = calloc(nhave / 8 + 1, 1);
		if (!have)
			rc = NF_ENOMEM;
	}
	if (!rc && !(rc = nf_store_prepare(s, &st, "SELECT num FROM articles"))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			size_t k = (size_t)sqlite3_column_int64(st, 0);
			if (k < nhave)
				have[k / 8] |= (uint8_t)(1u << (k % 8));
		}
		sqlite3_finalize(st);
	}
	for (size_t i = 0; !rc && i < ns; i++) {
		const nf_seg *x = &segs[i];
		for (uint64_t k = 0; !rc && k < x->n; k++) {
			const uint32_t *e = x->p + 2 * k;
			if ((k & 0xfffff) == 0)
				nf_seg_done_below(&segs[i], k);
			if (k && (e[-2] > e[0] || (e[-2] == e[0] && e[-1] >= e[1])))
				rc = nf_store_fail(s, NF_ESTORE,
						   "%s: passage segment %lld is out of order at "
						   "posting %llu",
						   s->dir, (long long)x->id, (unsigned long long)k);
			else if (!(e[1] < nhave && (have[e[1] / 8] >> (e[1] % 8) & 1)) &&
				 !dead(g, ng, e[1], x->seq))
				rc = nf_store_fail(
				    s, NF_ESTORE,
				    "%s: passage segment %lld holds article %u, which "
				    "is not stored",
				    s->dir, (long long)x->id, e[1]);
		}
	}
	for (size_t i = 0; i < ns; i++)
		nf_seg_unmap(&segs[i]);
	free(segs);
	free(g);
	free(have);
	return rc;
}

int nf_store_refamily_all(nf_store *s)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(s, &st, "SELECT coalesce(max(num), 0) FROM articles");
	if (rc)
		return rc;
	int64_t top = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (top >= (int64_t)UINT32_MAX)
		return nf_store_fail(s, NF_ELIMIT, "%s: article numbers past 2^32", s->dir);
	nf_uf u = {0};
	if (nf_uf_grow(&u, (size_t)top + 1))
		return NF_ENOMEM;
	static const char *const joins[] = {
	    "SELECT num, family FROM articles",
	    "SELECT a, b FROM reuse WHERE relation IN ('copy', 'partial')",
	};
	for (size_t q = 0; q < 2 && !rc; q++) {
		if ((rc = nf_store_prepare(s, &st, joins[q])))
			break;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t a = sqlite3_column_int64(st, 0), b = sqlite3_column_int64(st, 1);
			if (a >= 0 && b >= 0 && a <= top && b <= top)
				nf_uf_union(&u, (uint32_t)a, (uint32_t)b);
		}
		sqlite3_finalize(st);
	}
	sqlite3_stmt *up = NULL;
	if (!rc && !(rc = nf_store_prepare(s, &st, "SELECT num, family FROM articles")) &&
	    !(rc = nf_store_prepare(s, &up, "UPDATE articles SET family = ? WHERE num = ?"))) {
		int x;
		while (!rc && sqlite3_step(st) == SQLITE_ROW) {
			int64_t num = sqlite3_column_int64(st, 0);
			int64_t f = nf_uf_find(&u, (uint32_t)num);
			if (f == sqlite3_column_int64(st, 1))
				continue;
			sqlite3_bind_int64(up, 1, f);
			sqlite3_bind_int64(up, 2, num);
			if ((x = sqlite3_step(up)) != SQLITE_DONE)
				rc = nf_store_sqlfail(s, x, "joining families");
			sqlite3_reset(up);
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	nf_uf_release(&u);
	return rc;
}

int nf_passages_migrate(nf_store *s)
{
	sqlite3_stmt *st;
	int64_t seq = 0, id = 0;
	int rc = nf_store_prepare(s, &st, "SELECT coalesce(max(seq), 0) FROM adds");
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	nf_passages p = {.s = s, .seq = seq};
	nf_seg_writer *w = NULL;
	if ((rc = nf_store_prepare(s, &st, "SELECT fp, num FROM passages ORDER BY fp, num")))
		return rc;
	int x;
	while (!rc && (x = sqlite3_step(st)) == SQLITE_ROW) {
		if (!w && !(rc = new_row(&p, seq, &id)))
			rc = nf_seg_create(s, id, &w);
		if (!rc)
			nf_seg_put(w, (uint32_t)sqlite3_column_int64(st, 0),
				   (uint32_t)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	uint64_t n;
	if (!rc && w) {
		rc = nf_seg_finish(s, w, &n);
		w = NULL;
		if (!rc && !(rc = take(&p, id, seq, n)))
			nf_seg_unmap(&p.segs.a[0]);
	}
	nf_seg_abandon(w);
	NF_VEC_FREE(&p.segs);
	NF_VEC_FREE(&p.cursor);
	return rc ? rc : nf_store_exec(s, "DROP TABLE passages");
}
