/*
 * reuse.c - candidate pairs for passage reuse: winnowed shingle fingerprints, an inverted index
 * from fingerprint to documents, a document-frequency cap and shared-fingerprint counting.
 *
 * Postings are 64-bit keys (fingerprint << 32 | document) appended in input order. A batch
 * (nf_reuse_candidates) sorts them all in place, so that each fingerprint's documents are a run
 * in input order, picks the df cap and emits every pair of each run as a 64-bit pair key
 * (a << 32 | b); sorting those and counting equal keys gives the shared fingerprints of each
 * pair. One-at-a-time use (nf_reuse_query) keeps the postings as a few sorted runs instead.
 */
#include "link.h"

#include <math.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define DEFAULT_SEED 0x4e46524555534531ull /* "NFREUSE1" */
/* the adaptive df cap: pair work within BUDGET_PER_DOC x documents + BUDGET_BASE */
#define BUDGET_PER_DOC 256
#define BUDGET_BASE    10000000
#define PASS_KEYS      (32u << 20) /* pair keys held at once: 256 MB */
#define MAX_DOCS       (UINT32_MAX - 1)
/* a batch pairs the documents of a fingerprint held by at most this many; beyond, by pivot */
#define BATCH_CAP 64

struct nf_reuse {
	nf_reuse_options opt;
	uint32_t n;
	NF_VEC(int64_t) date;
	NF_VEC(uint64_t) post; /* fingerprint << 32 | document */
	/* sorted runs of post[0 .. run_end[last]); the rest is unsorted (recent adds) */
	NF_VEC(size_t) run_end;
	NF_VEC(uint64_t) keys;	/* pair keys / query scratch */
	NF_VEC(uint64_t) wkeys; /* pivot pair keys (fingerprints over the cap) */
	NF_VEC(nf_reuse_pair) pairs;
	NF_VEC(uint64_t) merge; /* merge scratch */
	/* a memory budget (opt.mem): postings beyond post_limit go to sorted runs on disk */
	size_t post_limit, key_limit;
	nf_runs *post_runs;
	uint64_t spilled_runs, spilled_bytes;
};

static void fill_defaults(nf_reuse_options *o)
{
	if (!o->ngram)
		o->ngram = 5;
	if (!o->window)
		o->window = 3;
	if (!o->min_shared)
		o->min_shared = 2;
	if (!o->seed)
		o->seed = DEFAULT_SEED;
}

/* --- fingerprints ----------------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int nf_reuse_fingerprints(const nf_cleaned *c, const nf_reuse_options *opt, nf_buf *out)
{
	nf_reuse_options o = opt ? *opt : (nf_reuse_options){0};
	fill_defaults(&o);
	size_t m = 0;
	for (size_t i = 0; i < c->n_tokens; i++)
		m += !(c->tokens[i].flags & NF_TOK_BOILER);
	if (m == 0)
		return 0;
	uint64_t *th = malloc(2 * m * sizeof(uint64_t));
	if (!th)
		return NF_ENOMEM;
	uint64_t *sh = th + m;
	size_t k = 0;
	for (size_t i = 0; i < c->n_tokens; i++) {
		const nf_token *t = &c->tokens[i];
		if (!(t->flags & NF_TOK_BOILER))
			th[k++] = XXH3_64bits_withSeed(c->norm + t->norm, t->norm_len, o.seed);
	}
	size_t w = m < o.ngram ? m : o.ngram, ns = m - w + 1;
	for (size_t i = 0; i < ns; i++)
		sh[i] =
		    XXH3_64bits_withSeed(th + i, w * sizeof(uint64_t), o.seed ^ 0x57494e4e4f57ull);
	/* winnowing: the rightmost smallest hash of each window of `win` shingles, each chosen
	 * position once; a document with fewer shingles than a window keeps its smallest */
	size_t win = ns < o.window ? ns : o.window;
	size_t start = out->len, last = SIZE_MAX;
	for (size_t i = 0; i + win <= ns; i++) {
		size_t best = i;
		for (size_t j = i + 1; j < i + win; j++)
			if (sh[j] <= sh[best])
				best = j;
		if (best == last)
			continue;
		last = best;
		uint32_t v = (uint32_t)(sh[best] >> 32);
		if (nf_buf_append(out, &v, sizeof(v))) {
			free(th);
			return NF_ENOMEM;
		}
	}
	free(th);
	/* distinct and sorted */
	uint32_t *v = (uint32_t *)(void *)(out->data + start);
	size_t n = (out->len - start) / sizeof(uint32_t), u = 0;
	if (n > 1)
		qsort(v, n, sizeof(uint32_t), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[i] != v[u - 1])
			v[u++] = v[i];
	out->len = start + u * sizeof(uint32_t);
	return 0;
}

static int sort_keys(uint64_t *k, size_t n)
{
	return nf_sort_u64(k, n);
}

/* --- the index -----------------------------------------------------------------------------------
 */

int nf_reuse_new(nf_reuse **out, const nf_reuse_options *opt)
{
	*out = NULL;
	nf_reuse_options o = opt ? *opt : (nf_reuse_options){0};
	if (o.ngram > 64 || o.window > 1024 || o.max_seconds < 0 || (o.mem && o.mem < (1u << 20)))
		return NF_EINVAL;
	fill_defaults(&o);
	nf_reuse *r = calloc(1, sizeof(*r));
	if (!r)
		return NF_ENOMEM;
	r->opt = o;
	if (o.mem) {
		/* a quarter for postings and a quarter for sorting them (a run's scratch); then
		 * half for merging them while a quarter holds pair keys and a quarter sorts them */
		r->post_limit = o.mem / 4 / sizeof(uint64_t);
		r->key_limit = o.mem / 4 / sizeof(uint64_t);
	}
	*out = r;
	return 0;
}

void nf_reuse_free(nf_reuse *r)
{
	if (!r)
		return;
	NF_VEC_FREE(&r->date);
	NF_VEC_FREE(&r->post);
	NF_VEC_FREE(&r->run_end);
	NF_VEC_FREE(&r->keys);
	NF_VEC_FREE(&r->wkeys);
	NF_VEC_FREE(&r->pairs);
	NF_VEC_FREE(&r->merge);
	nf_runs_free(r->post_runs);
	free(r);
}

uint32_t nf_reuse_size(const nf_reuse *r)
{
	return r->n;
}

/* The postings held go to disk as one sorted run. */
static int spill_postings(nf_reuse *r)
{
	int rc = 0;
	if (!r->post_runs && (rc = nf_runs_new(&r->post_runs, r->opt.tmp_dir)))
		return rc;
	if ((rc = nf_runs_put(r->post_runs, r->post.a, r->post.n)))
		return rc;
	r->spilled_runs++;
	r->spilled_bytes += r->post.n * sizeof(uint64_t);
	r->post.n = 0;
	r->run_end.n = 0;
	return 0;
}

/* Room for `need` postings: within the budget, grown to at most its limit. */
static int reserve_postings(nf_reuse *r, size_t need)
{
	if (need <= r->post.cap)
		return 0;
	if (!r->post_limit)
		return NF_VEC_RESERVE(&r->post, need);
	size_t cap = NF_MAX(need, NF_MIN(2 * r->post.cap + 1024, r->post_limit));
	uint64_t *a = realloc(r->post.a, cap * sizeof(uint64_t));
	if (!a)
		return NF_ENOMEM;
	r->post.a = a;
	r->post.cap = cap;
	return 0;
}

int nf_reuse_add(nf_reuse *r, int64_t date, const uint32_t *fp, size_t n)
{
	if (r->n >= MAX_DOCS)
		return NF_ELIMIT;
	int rc;
	if (r->post_limit && r->post.n && r->post.n + n > r->post_limit && (rc = spill_postings(r)))
		return rc;
	if (reserve_postings(r, r->post.n + n) || NF_VEC_PUSH(&r->date, date))
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++)
		r->post.a[r->post.n++] = (uint64_t)fp[i] << 32 | r->n;
	r->n++;
	return 0;
}

static bool in_window(const nf_reuse *r, uint32_t a, int64_t db)
{
	int64_t da = r->date.a[a];
	if (!r->opt.max_seconds || da == NF_NO_DATE || db == NF_NO_DATE)
		return true;
	int64_t d = da > db ? da - db : db - da;
	return d <= r->opt.max_seconds;
}

/* The default cap among n documents: 64 or 2 sqrt(n), whichever is larger. */
static uint32_t query_cap(uint32_t n)
{
	double c = 2 * sqrt((double)n);
	return c > 64 ? (uint32_t)c : 64;
}

/* The largest cap whose pair work stays within the budget (cnt[d]: fingerprints of df d). */
static uint32_t adaptive_cap(const uint64_t *cnt, size_t maxdf, uint64_t budget)
{
	uint64_t work = 0;
	uint32_t cap = 2;
	for (size_t d = 2; d <= maxdf; d++) {
		uint64_t w = cnt[d] * (uint64_t)d * (d - 1) / 2;
		if (work + w > budget)
			break;
		work += w;
		if (cnt[d])
			cap = (uint32_t)d;
	}
	return cap;
}

/* A posting list over the cap: its first document (the pivot) paired with each other one whose
 * b lies in [b0, b1), as keys in r->wkeys. */
static int pivot_keys(nf_reuse *r, size_t i, size_t j, uint32_t b0, uint32_t b1, nf_reuse_stats *s)
{
	const uint64_t *p = r->post.a;
	uint32_t a = (uint32_t)p[i];
	if (NF_VEC_RESERVE(&r->wkeys, r->wkeys.n + (j - i)))
		return NF_ENOMEM;
	for (size_t x = i + 1; x < j; x++) {
		uint32_t b = (uint32_t)p[x];
		if (b < b0 || b >= b1)
			continue;
		if (!in_window(r, a, r->date.a[b]))
			s->out_of_window++;
		else
			r->wkeys.a[r->wkeys.n++] = (uint64_t)a << 32 | b;
	}
	return 0;
}

/* The keys' pairs: equal keys of keys (k, n) and of wide keys (w, nw), both sorted, counted
 * together; a pair with at least min_shared of them is a candidate. */
static int count_pairs(nf_reuse *r, const uint64_t *k, size_t n, const uint64_t *w, size_t nw)
{
	size_t i = 0, x = 0;
	while (i < n || x < nw) {
		uint64_t key = x == nw || (i < n && k[i] < w[x]) ? k[i] : w[x];
		uint32_t c = 0, cw = 0;
		for (; i < n && k[i] == key; i++)
			c++;
		for (; x < nw && w[x] == key; x++)
			cw++;
		if (c + cw >= r->opt.min_shared) {
			nf_reuse_pair pr = {(uint32_t)(key >> 32), (uint32_t)key, c + cw, cw};
			if (NF_VEC_PUSH(&r->pairs, pr))
				return NF_ENOMEM;
		}
	}
	return 0;
}

/*
 * The candidate pairs whose later document b lies in [b0, b1): every pair of each kept posting
 * list with its b in the range becomes a key a << 32 | b; sorted, equal keys count the shared
 * prints. A list over the cap pairs only its first document with the others (pivot_keys): a
 * passage carried by hundreds links each copy to one of them, with linear work. Cutting the
 * work into passes by b bounds the keys held at once (PASS_KEYS), so the df budget bounds
 * time, not memory.
 */
static int pass(nf_reuse *r, uint32_t b0, uint32_t b1, uint32_t cap, nf_reuse_stats *s)
{
	const uint64_t *p = r->post.a;
	size_t n = r->post.n;
	r->keys.n = r->wkeys.n = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && p[j] >> 32 == p[i] >> 32; j++)
			;
		if (j - i > cap && pivot_keys(r, i, j, b0, b1, s))
			return NF_ENOMEM;
		if (j - i < 2 || j - i > cap)
			continue;
		/* members are in document order: the first with b >= b0 */
		size_t x = i + 1;
		while (x < j && (uint32_t)p[x] < b0)
			x++;
		for (; x < j && (uint32_t)p[x] < b1; x++) {
			uint32_t b = (uint32_t)p[x];
			int64_t db = r->date.a[b];
			if (NF_VEC_RESERVE(&r->keys, r->keys.n + (x - i)))
				return NF_ENOMEM;
			for (size_t y = i; y < x; y++) {
				uint32_t a =
				    (uint32_t)p[y]; /* a < b: a document's prints are distinct */
				if (!in_window(r, a, db)) {
					s->out_of_window++;
					continue;
				}
				r->keys.a[r->keys.n++] = (uint64_t)a << 32 | b;
			}
		}
	}
	s->pair_work += r->keys.n + r->wkeys.n;
	s->pivot_work += r->wkeys.n;
	if (sort_keys(r->keys.a, r->keys.n) || sort_keys(r->wkeys.a, r->wkeys.n))
		return NF_ENOMEM;
	return count_pairs(r, r->keys.a, r->keys.n, r->wkeys.a, r->wkeys.n);
}

static int cmp_pair(const void *x, const void *y)
{
	const nf_reuse_pair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

/* --- over the budget: postings and pair keys in sorted runs on disk ------------------------ */

/* One fingerprint's documents at a time, from the merged posting runs. */
typedef struct lists {
	nf_runs_merge *m;
	uint64_t next;
	bool has_next;
	uint32_t fp;
	NF_VEC(uint32_t) doc;
} lists;

static int lists_open(lists *l, nf_runs *runs, size_t mem)
{
	memset(l, 0, sizeof(*l));
	int rc = nf_runs_merge_open(runs, mem, &l->m);
	if (rc)
		return rc;
	rc = nf_runs_merge_next(l->m, &l->next);
	l->has_next = rc == 1;
	return rc < 0 ? rc : 0;
}

/* The next list in l->fp, l->doc: 1, 0 at the end, or NF_EIO / NF_ENOMEM. */
static int lists_next(lists *l)
{
	if (!l->has_next)
		return 0;
	l->fp = (uint32_t)(l->next >> 32);
	l->doc.n = 0;
	while (l->has_next && (uint32_t)(l->next >> 32) == l->fp) {
		if (NF_VEC_PUSH(&l->doc, (uint32_t)l->next))
			return NF_ENOMEM;
		int rc = nf_runs_merge_next(l->m, &l->next);
		if (rc < 0)
			return rc;
		l->has_next = rc == 1;
	}
	return 1;
}

static void lists_close(lists *l)
{
	nf_runs_merge_close(l->m);
	NF_VEC_FREE(&l->doc);
}

/* Pair keys (k) and pivot keys (w) of the external path, spilled together when the budget is
 * full. */
typedef struct keysink {
	nf_reuse *r;
	nf_runs *kr, *wr;
} keysink;

static int sink_spill(keysink *ks)
{
	nf_reuse *r = ks->r;
	int rc = 0;
	if ((!ks->kr && (rc = nf_runs_new(&ks->kr, r->opt.tmp_dir))) ||
	    (!ks->wr && (rc = nf_runs_new(&ks->wr, r->opt.tmp_dir))) ||
	    (rc = nf_runs_put(ks->kr, r->keys.a, r->keys.n)) ||
	    (rc = nf_runs_put(ks->wr, r->wkeys.a, r->wkeys.n)))
		return rc;
	r->spilled_runs += (r->keys.n > 0) + (r->wkeys.n > 0);
	r->spilled_bytes += (r->keys.n + r->wkeys.n) * sizeof(uint64_t);
	r->keys.n = r->wkeys.n = 0;
	return 0;
}

static int sink_put(keysink *ks, bool wide, uint64_t key)
{
	nf_reuse *r = ks->r;
	if (r->keys.n + r->wkeys.n >= r->key_limit) {
		int rc = sink_spill(ks);
		if (rc)
			return rc;
	}
	return wide ? NF_VEC_PUSH(&r->wkeys, key) : NF_VEC_PUSH(&r->keys, key);
}

/* Every pair key of one posting list, as pass() and pivot_keys() make them. */
static int list_keys(keysink *ks, const uint32_t *d, size_t n, uint32_t cap, nf_reuse_stats *s)
{
	nf_reuse *r = ks->r;
	int rc;
	if (n > cap) {
		for (size_t x = 1; x < n; x++) {
			if (!in_window(r, d[0], r->date.a[d[x]]))
				s->out_of_window++;
			else if ((rc = sink_put(ks, true, (uint64_t)d[0] << 32 | d[x])))
				return rc;
		}
		return 0;
	}
	for (size_t x = 1; x < n; x++)
		for (size_t y = 0; y < x; y++) {
			if (!in_window(r, d[y], r->date.a[d[x]]))
				s->out_of_window++;
			else if ((rc = sink_put(ks, false, (uint64_t)d[y] << 32 | d[x])))
				return rc;
		}
	return 0;
}

/* A stream of sorted keys: an array, or a merge of runs. */
typedef struct keysrc {
	const uint64_t *a;
	size_t n, i;
	nf_runs_merge *m;
	uint64_t head;
	bool has;
} keysrc;

static int src_step(keysrc *k)
{
	if (!k->m) {
		k->has = k->i < k->n;
		if (k->has)
			k->head = k->a[k->i++];
		return 0;
	}
	int rc = nf_runs_merge_next(k->m, &k->head);
	k->has = rc == 1;
	return rc < 0 ? rc : 0;
}

/* The pairs of two sorted key streams counted together, as count_pairs(). */
static int count_streams(nf_reuse *r, keysrc *k, keysrc *w)
{
	int rc;
	if ((rc = src_step(k)) || (rc = src_step(w)))
		return rc;
	while (k->has || w->has) {
		uint64_t key = !w->has || (k->has && k->head < w->head) ? k->head : w->head;
		uint32_t c = 0, cw = 0;
		for (; k->has && k->head == key; c++)
			if ((rc = src_step(k)))
				return rc;
		for (; w->has && w->head == key; cw++)
			if ((rc = src_step(w)))
				return rc;
		if (c + cw >= r->opt.min_shared) {
			nf_reuse_pair pr = {(uint32_t)(key >> 32), (uint32_t)key, c + cw, cw};
			if (NF_VEC_PUSH(&r->pairs, pr))
				return NF_ENOMEM;
		}
	}
	return 0;
}

/* The keys gathered (in memory, or in runs if the budget made any) into r->pairs. */
static int sink_count(keysink *ks)
{
	nf_reuse *r = ks->r;
	keysrc k = {r->keys.a, r->keys.n, 0, NULL, 0, false};
	keysrc w = {r->wkeys.a, r->wkeys.n, 0, NULL, 0, false};
	int rc = 0;
	if (!ks->kr) {
		if (sort_keys(r->keys.a, r->keys.n) || sort_keys(r->wkeys.a, r->wkeys.n))
			return NF_ENOMEM;
		return count_streams(r, &k, &w);
	}
	if ((rc = sink_spill(ks)))
		return rc;
	NF_VEC_FREE(&r->keys);
	NF_VEC_FREE(&r->wkeys);
	if (!(rc = nf_runs_merge_open(ks->kr, r->opt.mem / 4, &k.m)) &&
	    !(rc = nf_runs_merge_open(ks->wr, r->opt.mem / 4, &w.m)))
		rc = count_streams(r, &k, &w);
	nf_runs_merge_close(k.m);
	nf_runs_merge_close(w.m);
	return rc;
}

/*
 * nf_reuse_candidates over the budget: the postings are in sorted runs on disk. One merge
 * counts the df histogram and picks the cap as in memory; a second hands out each posting list
 * in turn, whose pair keys gather in memory up to the budget and go to runs beyond it; a last
 * merge of those counts the shared prints of each pair, already in (a, b) order. The pairs and
 * the counters are those of the in-memory path.
 */
static int candidates_external(nf_reuse *r, nf_reuse_stats *s)
{
	int rc = 0;
	if (r->post.n && (rc = spill_postings(r)))
		return rc;
	NF_VEC_FREE(&r->post);
	NF_VEC_FREE(&r->run_end);
	s->postings = nf_runs_keys(r->post_runs);
	size_t mem = r->opt.mem / 2;
	lists l;
	NF_VEC(uint64_t) cnt = {0};
	if ((rc = lists_open(&l, r->post_runs, mem))) {
		lists_close(&l);
		return rc;
	}
	while ((rc = lists_next(&l)) == 1) {
		size_t d = l.doc.n;
		if (d >= cnt.n) {
			if (NF_VEC_RESERVE(&cnt, d + 1)) {
				rc = NF_ENOMEM;
				break;
			}
			memset(cnt.a + cnt.n, 0, (d + 1 - cnt.n) * sizeof(uint64_t));
			cnt.n = d + 1;
		}
		cnt.a[d]++;
		s->fingerprints++;
	}
	lists_close(&l);
	uint32_t cap = r->opt.max_df;
	if (!rc) {
		size_t maxdf = cnt.n ? cnt.n - 1 : 0;
		if (!cap) {
			uint64_t budget = BUDGET_PER_DOC * (uint64_t)r->n + BUDGET_BASE;
			uint32_t c = cnt.n ? adaptive_cap(cnt.a, maxdf, budget) : 2;
			cap = NF_MIN((uint32_t)BATCH_CAP, c);
		}
		for (size_t d = (size_t)cap + 1; d <= maxdf; d++)
			s->dropped_common += cnt.a[d];
		s->max_df = cap;
	}
	NF_VEC_FREE(&cnt);
	if (rc)
		return rc;
	keysink ks = {r, NULL, NULL};
	r->keys.n = r->wkeys.n = 0;
	if (!(rc = lists_open(&l, r->post_runs, mem)))
		while ((rc = lists_next(&l)) == 1)
			if (l.doc.n >= 2 && (rc = list_keys(&ks, l.doc.a, l.doc.n, cap, s)))
				break;
	lists_close(&l);
	if (!rc) {
		s->pair_work = nf_runs_keys(ks.kr) + nf_runs_keys(ks.wr) + r->keys.n + r->wkeys.n;
		s->pivot_work = nf_runs_keys(ks.wr) + r->wkeys.n;
		rc = sink_count(&ks);
	}
	nf_runs_free(ks.kr);
	nf_runs_free(ks.wr);
	return rc;
}

int nf_reuse_candidates(nf_reuse *r, const nf_reuse_pair **pairs, size_t *np, nf_reuse_stats *st)
{
	nf_reuse_stats s = {0};
	*pairs = NULL;
	*np = 0;
	r->pairs.n = 0;
	if (r->post_runs) {
		int rc = candidates_external(r, &s);
		s.spilled_runs = r->spilled_runs;
		s.spilled_bytes = r->spilled_bytes;
		if (rc)
			return rc;
		s.pairs = r->pairs.n;
		for (size_t i = 0; i < r->pairs.n; i++)
			s.pivot_pairs += r->pairs.a[i].wide != 0;
		*pairs = r->pairs.a;
		*np = r->pairs.n;
		if (st)
			*st = s;
		return 0;
	}
	uint64_t *p = r->post.a;
	size_t n = r->post.n;
	if (sort_keys(p, n))
		return NF_ENOMEM;
	r->run_end.n = 0;
	if (n && NF_VEC_PUSH(&r->run_end, n))
		return NF_ENOMEM;
	s.postings = n;
	/* df histogram */
	size_t maxdf = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && p[j] >> 32 == p[i] >> 32; j++)
			;
		s.fingerprints++;
		if (j - i > maxdf)
			maxdf = j - i;
	}
	uint64_t *cnt = calloc(maxdf + 2, sizeof(uint64_t));
	if (!cnt)
		return NF_ENOMEM;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && p[j] >> 32 == p[i] >> 32; j++)
			;
		cnt[j - i]++;
	}
	uint64_t budget = BUDGET_PER_DOC * (uint64_t)r->n + BUDGET_BASE;
	uint32_t cap = r->opt.max_df;
	if (!cap) { /* BATCH_CAP, lower if the budget says so; lists over it go by pivot */
		cap = BATCH_CAP;
		uint32_t c = adaptive_cap(cnt, maxdf, budget);
		if (c < cap)
			cap = c;
	}
	for (size_t d = cap + 1; d <= maxdf; d++)
		s.dropped_common += cnt[d];
	free(cnt);
	s.max_df = cap;
	/* the pairs each document makes as b: pass boundaries that keep a pass's keys in bounds */
	uint64_t *as_b = calloc((size_t)r->n + 1, sizeof(uint64_t));
	if (!as_b)
		return NF_ENOMEM;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && p[j] >> 32 == p[i] >> 32; j++)
			;
		for (size_t x = i + 1; x < j; x++)
			as_b[(uint32_t)p[x]] += j - i <= cap ? x - i : 1;
	}
	for (uint32_t b0 = 0, b1; b0 < r->n; b0 = b1) {
		uint64_t keys = 0;
		uint64_t limit = r->key_limit ? NF_MIN(r->key_limit, PASS_KEYS) : PASS_KEYS;
		for (b1 = b0; b1 < r->n && (b1 == b0 || keys + as_b[b1] <= limit); b1++)
			keys += as_b[b1];
		int rc = pass(r, b0, b1, cap, &s);
		if (rc) {
			free(as_b);
			return rc;
		}
	}
	free(as_b);
	/* passes went by b: sort by (a, b) */
	if (r->pairs.n > 1)
		qsort(r->pairs.a, r->pairs.n, sizeof(nf_reuse_pair), cmp_pair);
	s.pairs = r->pairs.n;
	for (size_t i = 0; i < r->pairs.n; i++)
		s.pivot_pairs += r->pairs.a[i].wide != 0;
	*pairs = r->pairs.a;
	*np = r->pairs.n;
	if (st)
		*st = s;
	return 0;
}

/* --- one document at a time ------------------------------------------------------------------- */

/* Sorts the unsorted tail into a new run, then merges runs while the last is at least half the
 * one before it: O(log) runs, each posting merged O(log) times. */
static int settle_runs(nf_reuse *r)
{
	size_t sorted = r->run_end.n ? r->run_end.a[r->run_end.n - 1] : 0;
	if (sorted == r->post.n)
		return 0;
	if (sort_keys(r->post.a + sorted, r->post.n - sorted) ||
	    NF_VEC_PUSH(&r->run_end, r->post.n))
		return NF_ENOMEM;
	while (r->run_end.n >= 2) {
		size_t m = r->run_end.n;
		size_t e2 = r->run_end.a[m - 1], e1 = r->run_end.a[m - 2];
		size_t s1 = m >= 3 ? r->run_end.a[m - 3] : 0;
		if (e2 - e1 < (e1 - s1) / 2)
			break;
		if (NF_VEC_RESERVE(&r->merge, e2 - s1))
			return NF_ENOMEM;
		uint64_t *p = r->post.a, *out = r->merge.a;
		size_t i = s1, j = e1, o = 0;
		while (i < e1 && j < e2)
			out[o++] = p[i] <= p[j] ? p[i++] : p[j++];
		while (i < e1)
			out[o++] = p[i++];
		while (j < e2)
			out[o++] = p[j++];
		memcpy(p + s1, out, o * sizeof(uint64_t));
		r->run_end.a[m - 2] = e2;
		r->run_end.n--;
	}
	return 0;
}

static size_t lower_bound(const uint64_t *p, size_t lo, size_t hi, uint64_t key)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int nf_reuse_query(nf_reuse *r, int64_t date, const uint32_t *fp, size_t n,
		   const nf_reuse_pair **pairs, size_t *np)
{
	*pairs = NULL;
	*np = 0;
	r->pairs.n = 0;
	if (r->post_runs)
		return NF_EINVAL; /* the postings went to disk: batch use only */
	if (settle_runs(r))
		return NF_ENOMEM;
	uint32_t cap = r->opt.max_df ? r->opt.max_df : query_cap(r->n);
	r->keys.n = 0;
	for (size_t f = 0; f < n; f++) {
		uint64_t key = (uint64_t)fp[f] << 32;
		size_t df = 0, mark = r->keys.n;
		for (size_t q = 0, s = 0; q < r->run_end.n; s = r->run_end.a[q++]) {
			size_t e = r->run_end.a[q];
			for (size_t i = lower_bound(r->post.a, s, e, key);
			     i < e && r->post.a[i] >> 32 == fp[f]; i++) {
				if (++df >= cap) /* the new document would make it cap + 1 */
					break;
				if (NF_VEC_PUSH(&r->keys, (uint32_t)r->post.a[i]))
					return NF_ENOMEM;
			}
			if (df >= cap)
				break;
		}
		if (df >= cap)
			r->keys.n = mark;
	}
	if (sort_keys(r->keys.a, r->keys.n))
		return NF_ENOMEM;
	const uint64_t *k = r->keys.a;
	for (size_t i = 0, j; i < r->keys.n; i = j) {
		for (j = i + 1; j < r->keys.n && k[j] == k[i]; j++)
			;
		uint32_t a = (uint32_t)k[i];
		if (j - i >= r->opt.min_shared && in_window(r, a, date)) {
			nf_reuse_pair pr = {a, r->n, (uint32_t)(j - i), 0};
			if (NF_VEC_PUSH(&r->pairs, pr))
				return NF_ENOMEM;
		}
	}
	*pairs = r->pairs.a;
	*np = r->pairs.n;
	return 0;
}
