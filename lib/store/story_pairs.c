/*
 * story_pairs.c - what a story's digest takes from the store instead of aligning its articles
 * again: the reuse stage's aligned pairs (table reuse, spans as JSON) and the duplicate links
 * (table links) among the story's articles, handed to a digester (nf_digest_add_pair).
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

bool nf_store_keeps_pairs(nf_store *s)
{
	return nf_store_meta_int(s, "reuse_stage", 0) != 0;
}

typedef struct cursor {
	const char *p, *end;
} cursor;

static bool eat(cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* A string without escapes (all the spans JSON holds); *s, *n its body. */
static bool string(cursor *c, const char **s, size_t *n)
{
	if (!eat(c, '"'))
		return false;
	const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
	if (!q || memchr(c->p, '\\', (size_t)(q - c->p)))
		return false;
	*s = c->p;
	*n = (size_t)(q - c->p);
	c->p = q + 1;
	return true;
}

static bool number(cursor *c, double *v)
{
	char tmp[40];
	size_t n = 0;
	while (c->p + n < c->end && n < sizeof(tmp) - 1 && strchr("0123456789.-+eE", c->p[n]))
		n++;
	if (!n)
		return false;
	memcpy(tmp, c->p, n);
	tmp[n] = 0;
	char *e;
	*v = strtod(tmp, &e);
	c->p += n;
	return e == tmp + n;
}

static bool is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static uint32_t u32(double v, bool *bad)
{
	if (!(v >= 0 && v <= UINT32_MAX))
		*bad = true;
	return *bad ? 0 : (uint32_t)v;
}

/* One span object. */
static bool span(cursor *c, nf_passage *p)
{
	memset(p, 0, sizeof(*p));
	if (!eat(c, '{'))
		return false;
	bool bad = false;
	do {
		const char *k, *v;
		size_t kn, vn;
		double x = 0;
		if (!string(c, &k, &kn) || !eat(c, ':'))
			return false;
		if (is(k, kn, "kind")) {
			if (!string(c, &v, &vn))
				return false;
			p->kind = is(v, vn, "verbatim") ? NF_PASSAGE_VERBATIM
				  : is(v, vn, "edited") ? NF_PASSAGE_EDITED
				  : is(v, vn, "quote")	? NF_PASSAGE_QUOTE
							: -1;
			bad |= p->kind < 0;
		} else if (is(k, kn, "boilerplate")) {
			if (c->end - c->p >= 4 && memcmp(c->p, "true", 4) == 0)
				p->boilerplate = true, c->p += 4;
			else if (c->end - c->p >= 5 && memcmp(c->p, "false", 5) == 0)
				c->p += 5;
			else
				return false;
		} else if (!number(c, &x)) {
			return false;
		} else if (is(k, kn, "a_start")) {
			p->a_start = u32(x, &bad);
		} else if (is(k, kn, "a_end")) {
			p->a_end = u32(x, &bad);
		} else if (is(k, kn, "b_start")) {
			p->b_start = u32(x, &bad);
		} else if (is(k, kn, "b_end")) {
			p->b_end = u32(x, &bad);
		} else if (is(k, kn, "words_a")) {
			p->a_words = u32(x, &bad);
		} else if (is(k, kn, "words_b")) {
			p->b_words = u32(x, &bad);
		} else if (is(k, kn, "similarity")) {
			p->similarity = (float)x;
		}
	} while (eat(c, ','));
	if (bad || !eat(c, '}') || p->a_end < p->a_start || p->b_end < p->b_start)
		return false;
	/* not kept: the words of exact blocks, as the similarity gives them */
	p->matched = (uint32_t)(p->similarity * (double)(p->a_words + p->b_words) / 2 + 0.5);
	return true;
}

/* The spans array of a reuse row into *v (grown as needed). */
static int parse_spans(const char *text, size_t len, nf_passage **v, size_t *n, size_t *cap)
{
	cursor c = {text, text + len};
	*n = 0;
	if (!eat(&c, '['))
		return NF_ESTORE;
	if (eat(&c, ']'))
		return c.p == c.end ? 0 : NF_ESTORE;
	do {
		if (nf_grow((void **)v, cap, *n + 1, sizeof(nf_passage)))
			return NF_ENOMEM;
		if (!span(&c, &(*v)[*n]))
			return NF_ESTORE;
		(*n)++;
	} while (eat(&c, ','));
	return eat(&c, ']') && c.p == c.end ? 0 : NF_ESTORE;
}

typedef struct member {
	int64_t num;
	uint32_t pos;
} member;

static int cmp_member(const void *x, const void *y)
{
	const member *a = x, *b = y;
	return (a->num > b->num) - (a->num < b->num);
}

/* The story's position of article num, or -1. */
static int64_t position(const member *m, size_t n, int64_t num)
{
	member key = {num, 0};
	const member *f = bsearch(&key, m, n, sizeof(member), cmp_member);
	return f ? (int64_t)f->pos : -1;
}

static int relation_of(const unsigned char *t)
{
	const char *s = (const char *)t;
	return !s			   ? -1
	       : strcmp(s, "copy") == 0	   ? NF_REL_COPY
	       : strcmp(s, "partial") == 0 ? NF_REL_PARTIAL
	       : strcmp(s, "quote") == 0   ? NF_REL_QUOTE
	       : strcmp(s, "passage") == 0 ? NF_REL_PASSAGE
					   : -1;
}

/* The reuse rows and links of article m[i] with a later-numbered member of the story. */
static int pairs_of(nf_store *s, nf_digester *dg, const member *m, size_t n, size_t i,
		    sqlite3_stmt *reuse, sqlite3_stmt *links, nf_passage **v, size_t *cap)
{
	int rc = 0, r;
	sqlite3_bind_int64(reuse, 1, m[i].num);
	while (!rc && (r = sqlite3_step(reuse)) == SQLITE_ROW) {
		int64_t b = position(m, n, sqlite3_column_int64(reuse, 0));
		if (b < 0)
			continue;
		nf_alignment al = {0};
		al.relation = relation_of(sqlite3_column_text(reuse, 1));
		al.coverage_a = sqlite3_column_double(reuse, 2);
		al.coverage_b = sqlite3_column_double(reuse, 3);
		al.source = sqlite3_column_type(reuse, 4) == SQLITE_NULL ? -1
			    : sqlite3_column_int64(reuse, 4) == m[i].num ? 0
									 : 1;
		size_t ns = 0;
		rc = al.relation < 0
			 ? NF_ESTORE
			 : parse_spans((const char *)sqlite3_column_text(reuse, 5),
				       (size_t)sqlite3_column_bytes(reuse, 5), v, &ns, cap);
		al.spans = *v;
		al.n_spans = ns;
		if (!rc)
			rc = nf_digest_add_pair(dg, m[i].pos, (uint32_t)b, &al);
		if (rc == NF_ESTORE)
			rc = nf_store_fail(s, rc, "%s: table reuse: article %lld: damaged row",
					   s->dir, (long long)m[i].num);
	}
	sqlite3_reset(reuse);
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = nf_store_sqlfail(s, r, "reading reuse pairs");
	sqlite3_bind_int64(links, 1, m[i].num);
	while (!rc && (r = sqlite3_step(links)) == SQLITE_ROW) {
		int64_t b = position(m, n, sqlite3_column_int64(links, 0));
		if (b < 0)
			continue;
		const char *kind = (const char *)sqlite3_column_text(links, 1);
		double cov =
		    kind && strcmp(kind, "exact") == 0 ? 1 : sqlite3_column_double(links, 2);
		nf_alignment al = {0};
		al.relation = NF_REL_COPY;
		al.source = -1;
		al.coverage_a = al.coverage_b = cov;
		rc = nf_digest_add_pair(dg, m[i].pos, (uint32_t)b, &al);
	}
	sqlite3_reset(links);
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = nf_store_sqlfail(s, r, "reading duplicate links");
	return rc;
}

int nf_store_digest_pairs(nf_store *s, nf_digester *dg, const int64_t *nums, size_t n)
{
	member *m = malloc((n + 1) * sizeof(member));
	if (!m)
		return nf_store_fail(s, NF_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		m[i] = (member){nums[i], (uint32_t)i};
	qsort(m, n, sizeof(member), cmp_member);
	sqlite3_stmt *reuse = NULL, *links = NULL;
	int rc = nf_store_prepare(s, &reuse,
				  "SELECT b, relation, coverage_a, coverage_b, source, spans "
				  "FROM reuse WHERE a = ?");
	if (!rc)
		rc = nf_store_prepare(s, &links, "SELECT b, kind, score FROM links WHERE a = ?");
	nf_passage *v = NULL;
	size_t cap = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = pairs_of(s, dg, m, n, i, reuse, links, &v, &cap);
	if (rc == NF_ENOMEM)
		rc = nf_store_fail(s, rc, "out of memory");
	free(v);
	free(m);
	sqlite3_finalize(reuse);
	sqlite3_finalize(links);
	return rc;
}
