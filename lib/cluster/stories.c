/*
 * stories.c - articles about the same event: online clustering in date order with a batch
 * refinement of every story when it leaves the time window.
 *
 * An article is a TF-IDF vector: weight (1 + ln occurrences) * idf * kind weight, the strongest
 * max_terms terms kept, L2-normalised, sorted by term id. A story keeps its members (with their
 * vectors) and one term map holding, per term, the plain sum of its members' vectors (for
 * average link: the mean pairwise cosine of stories A and B is S_A . S_B / (n_A n_B), and that of
 * a group g inside story S is V_g . (S - V_g) / (n_g (n - n_g))) and a time-decayed sum (the
 * centroid an arriving article is compared with). The decayed sum is stored divided by a scale
 * factor, so that decaying it is one multiplication.
 *
 * Candidates: each story is listed under the strongest terms of its members (an inverted index
 * of (slot, generation) pairs, cleaned as it is read). An arriving article scans the postings of
 * its terms, keeps the stories that share the most weight with it and scores those exactly.
 *
 * Refinement, when stories close (their latest article, or a hold from a tie, is more than the
 * window behind the newest date; all of them at finish): groups of tied articles whose average
 * link to the rest of their story is below `split` are taken out as stories of their own; then
 * average-link agglomeration over the closing stories and any live story they may join, best pair
 * first (a heap with lazy invalidation by version numbers). A closing story that merges into a
 * live one stays live. What is left is returned, oldest first, and its memory released.
 */
#include "../base/base.h"
#include "../base/uf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_TERMS 8  /* strongest terms of each member that list its story */
#define RESCORE	    8  /* candidates scored exactly per article or story */
#define MERGE_TERMS 24 /* strongest terms of a story that find its merge partners */
#define TOP_TERMS   8  /* words and names (each) reported per story */
#define NO_SLOT	    UINT32_MAX
/* IDF as if the corpus also held this many articles without the term: in a small corpus (five
 * articles of one event) every shared term still counts; in a large one it changes nothing. */
#define IDF_PRIOR 100.0

typedef struct vt {
	uint32_t id;
	float w;
} vt;

typedef struct member {
	uint32_t doc;
	uint32_t n;
	int64_t date;
	vt *v;
} member;

typedef struct ent {
	uint32_t term; /* UINT32_MAX = empty */
	uint32_t indexed;
	double sum, dec;
} ent;

typedef struct story {
	bool live, closing;
	uint32_t gen, version;
	uint32_t key; /* smallest member */
	member *m;
	size_t n, cap;
	int64_t first, last, hold;
	ent *map;
	size_t map_n, map_bits;
	double sum2, dec2, scale;
	int64_t dec_time;
} story;

typedef struct term {
	uint64_t hash;
	uint32_t text, len, df;
	uint32_t parent; /* spelling variants: union-find over names one edit apart */
	uint32_t cdf;	 /* at a root: the document frequency of its whole group */
	uint8_t kind;
	/* postings: stories listed under this term */
	uint32_t *post; /* pairs (slot, gen) */
	uint32_t n_post, cap_post;
} vterm;

typedef struct ready {
	uint32_t id;
	uint32_t *members;
	size_t n;
	int64_t first, last;
	vt top[2 * TOP_TERMS];
	size_t n_top;
} ready;

typedef struct pair {
	double score;
	uint32_t a, b, va, vb;
} pair;

struct nf_stories {
	nf_story_options o;
	/* vocabulary */
	vterm *terms;
	size_t n_terms, cap_terms;
	uint32_t *vslots;
	size_t vbits;
	char *chars;
	size_t n_chars, cap_chars;
	struct var {
		uint64_t key;
		uint32_t id;
	} * var; /* name variant keys */
	size_t n_var, var_bits;
	uint64_t n_counted; /* articles in the document frequencies */
	bool batch;	    /* counted before adding */
	/* articles */
	uint32_t *story_of; /* slot while live, NF_STORY_DONE | id when returned */
	size_t n_docs, cap_docs;
	nf_uf units;
	/* stories */
	story *st;
	size_t n_st, cap_st;
	uint32_t *free_slots;
	size_t n_free, cap_free;
	int64_t clock, next_check;
	/* scratch */
	uint32_t *stamp; /* per slot: last article or story that looked at it (+1) */
	double *acc;
	size_t cap_stamp;
	uint32_t stamp_now;
	uint32_t *cand;
	size_t n_cand, cap_cand;
	vt *vec;
	size_t cap_vec;
	uint32_t *tid; /* one article's term ids and weights */
	float *tw;
	size_t cap_tid, cap_tw;
	uint32_t *remap; /* batch: counted id -> canonical id */
	size_t n_remap;
	pair *heap;
	size_t n_heap, cap_heap;
	uint32_t *closing;
	size_t n_closing, cap_closing;
	/* returned stories */
	ready *q;
	size_t q_head, q_n, q_cap;
	uint32_t next_id;
	uint64_t live_docs;
	ready cur;
	nf_event_term cur_terms[2 * TOP_TERMS];
	nf_stories_stats stats;
};

void nf_story_options_init(nf_story_options *o)
{
	*o = (nf_story_options){.window = 3 * 86400,
				.half_life = 86400,
				.join = 0.40,
				.merge = 0.16,
				.split = 0.06,
				.name_weight = 2.0,
				.number_weight = 1.5,
				.max_terms = 100};
}

int nf_stories_new(nf_stories **out, const nf_story_options *opt)
{
	*out = NULL;
	nf_story_options o;
	if (opt)
		o = *opt;
	else
		nf_story_options_init(&o);
	if (o.window < 0 || o.half_life < 0 || !(o.join > 0 && o.join <= 1) ||
	    !(o.merge >= 0 && o.merge <= 1) || !(o.split >= 0 && o.split <= 1) ||
	    !(o.name_weight > 0) || !(o.number_weight > 0) || o.max_terms < 1 ||
	    o.max_terms > 65535)
		return NF_EINVAL;
	nf_stories *s = calloc(1, sizeof(*s));
	if (!s)
		return NF_ENOMEM;
	s->o = o;
	s->clock = NF_NO_DATE;
	s->next_check = NF_NO_DATE;
	*out = s;
	return 0;
}

static void free_ready(ready *r)
{
	free(r->members);
	r->members = NULL;
}

static void free_story(story *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->m[i].v);
	free(t->m);
	free(t->map);
	memset(t, 0, sizeof(*t));
}

void nf_stories_free(nf_stories *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_terms; i++)
		free(s->terms[i].post);
	free(s->terms);
	free(s->vslots);
	free(s->var);
	free(s->chars);
	free(s->story_of);
	nf_uf_release(&s->units);
	for (size_t i = 0; i < s->n_st; i++) {
		uint32_t g = s->st[i].gen;
		free_story(&s->st[i]);
		s->st[i].gen = g;
	}
	free(s->st);
	free(s->free_slots);
	free(s->stamp);
	free(s->acc);
	free(s->cand);
	free(s->vec);
	free(s->tid);
	free(s->tw);
	free(s->remap);
	free(s->heap);
	free(s->closing);
	for (size_t i = 0; i < s->q_n; i++)
		free_ready(&s->q[(s->q_head + i) % s->q_cap]);
	free(s->q);
	free_ready(&s->cur);
	free(s);
}

/* --- vocabulary ------------------------------------------------------------------------------ */

static int vocab_rehash(nf_stories *s)
{
	size_t bits = s->vbits ? s->vbits + 1 : 12;
	uint32_t *a = malloc(sizeof(uint32_t) << bits);
	if (!a)
		return NF_ENOMEM;
	memset(a, 0xff, sizeof(uint32_t) << bits);
	size_t mask = ((size_t)1 << bits) - 1;
	for (size_t t = 0; t < s->n_terms; t++) {
		size_t i = s->terms[t].hash & mask;
		while (a[i] != UINT32_MAX)
			i = (i + 1) & mask;
		a[i] = (uint32_t)t;
	}
	free(s->vslots);
	s->vslots = a;
	s->vbits = bits;
	return 0;
}

/* --- name variants ---------------------------------------------------------------------------
 * Two names of at least VARIANT_MIN bytes one edit apart (a letter changed, added or dropped:
 * Gadafi/Kadafi, Morales/Moralez) are one term. Each name lists the hashes of itself and of
 * every string made by deleting one of its bytes; two names sharing one of these are at most
 * one substitution, insertion or deletion apart (or an adjacent swap), and join one group
 * (union-find; the first name listed under a key stands for the others). Full names (with a
 * space) and short names are left alone: Lee and Lei are not one person. */

#define VARIANT_MIN 6

static uint32_t root(nf_stories *s, uint32_t id)
{
	while (s->terms[id].parent != id) {
		s->terms[id].parent = s->terms[s->terms[id].parent].parent;
		id = s->terms[id].parent;
	}
	return id;
}

static void join_terms(nf_stories *s, uint32_t a, uint32_t b)
{
	a = root(s, a);
	b = root(s, b);
	if (a == b)
		return;
	if (b < a) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	s->terms[b].parent = a;
	s->terms[a].cdf += s->terms[b].cdf;
}

static int variant_rehash(nf_stories *s)
{
	size_t bits = s->var_bits ? s->var_bits + 1 : 12;
	struct var *a = calloc((size_t)1 << bits, sizeof(struct var));
	if (!a)
		return NF_ENOMEM;
	size_t mask = ((size_t)1 << bits) - 1;
	for (size_t j = 0; s->var && j < ((size_t)1 << s->var_bits); j++) {
		if (!s->var[j].key)
			continue;
		size_t i = s->var[j].key & mask;
		while (a[i].key)
			i = (i + 1) & mask;
		a[i] = s->var[j];
	}
	free(s->var);
	s->var = a;
	s->var_bits = bits;
	return 0;
}

/* Lists key under term id, or joins id to the term listed first. */
static int variant_key(nf_stories *s, uint64_t key, uint32_t id)
{
	if ((s->n_var + 1) * 2 > ((size_t)1 << s->var_bits) && variant_rehash(s))
		return NF_ENOMEM;
	key |= 1;
	size_t mask = ((size_t)1 << s->var_bits) - 1;
	size_t i = key & mask;
	for (; s->var[i].key; i = (i + 1) & mask) {
		if (s->var[i].key == key) {
			join_terms(s, s->var[i].id, id);
			return 0;
		}
	}
	s->var[i] = (struct var){key, id};
	s->n_var++;
	return 0;
}

static int variants(nf_stories *s, uint32_t id)
{
	const vterm *x = &s->terms[id];
	if (x->len < VARIANT_MIN || x->len > 64 || memchr(s->chars + x->text, ' ', x->len))
		return 0;
	char buf[64];
	memcpy(buf, s->chars + x->text, x->len);
	if (variant_key(s, nf_hash64(buf, x->len, 11), id))
		return NF_ENOMEM;
	for (uint32_t d = 0; d < x->len; d++) {
		char tmp[64];
		memcpy(tmp, buf, d);
		memcpy(tmp + d, buf + d + 1, x->len - d - 1);
		if (variant_key(s, nf_hash64(tmp, x->len - 1, 11), id))
			return NF_ENOMEM;
	}
	return 0;
}

/* The id of term t (interned when new), or UINT32_MAX on failure. */
static uint32_t intern(nf_stories *s, const nf_event_term *t)
{
	if ((s->n_terms + 1) * 2 > ((size_t)1 << s->vbits) && vocab_rehash(s))
		return UINT32_MAX;
	size_t mask = ((size_t)1 << s->vbits) - 1;
	size_t i = t->hash & mask;
	for (; s->vslots[i] != UINT32_MAX; i = (i + 1) & mask) {
		vterm *x = &s->terms[s->vslots[i]];
		if (x->hash == t->hash && x->kind == t->kind && x->len == t->len &&
		    memcmp(s->chars + x->text, t->text, t->len) == 0)
			return s->vslots[i];
	}
	if (s->n_terms >= UINT32_MAX - 1 ||
	    nf_grow((void **)&s->terms, &s->cap_terms, s->n_terms + 1, sizeof(vterm)) ||
	    nf_grow((void **)&s->chars, &s->cap_chars, s->n_chars + t->len, 1))
		return UINT32_MAX;
	memcpy(s->chars + s->n_chars, t->text, t->len);
	uint32_t id = (uint32_t)s->n_terms;
	s->terms[id] =
	    (vterm){t->hash, (uint32_t)s->n_chars, t->len, 0, id, 0, t->kind, NULL, 0, 0};
	s->n_chars += t->len;
	s->vslots[i] = id;
	s->n_terms++;
	if (t->kind == NF_TERM_NAME && variants(s, id))
		return UINT32_MAX;
	return id;
}

static int count(nf_stories *s, const nf_event_term *t, size_t n, uint32_t *ids)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t id = intern(s, &t[i]);
		if (id == UINT32_MAX)
			return NF_ENOMEM;
		s->terms[id].df++;
		s->terms[root(s, id)].cdf++;
		if (ids)
			ids[i] = id;
	}
	s->n_counted++;
	return 0;
}

int nf_stories_count(nf_stories *s, const nf_event_term *t, size_t n, uint32_t *ids)
{
	if (s->n_docs || s->remap)
		return NF_EINVAL; /* counting is for a batch, before the first add */
	s->batch = true;
	return count(s, t, n, ids);
}

static int cmp_vt_w(const void *x, const void *y)
{
	const vt *a = x, *b = y;
	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_vt_id(const void *x, const void *y)
{
	const vt *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Keeps top[0..n) (n <= cap) the strongest terms seen, strongest first; returns the new n. */
static size_t top_insert(vt *top, size_t n, size_t cap, vt x)
{
	size_t j = n < cap ? n++ : cap;
	if (j == cap) {
		if (cmp_vt_w(&x, &top[cap - 1]) >= 0)
			return n;
		j = cap - 1;
	}
	while (j > 0 && cmp_vt_w(&x, &top[j - 1]) < 0) {
		top[j] = top[j - 1];
		j--;
	}
	top[j] = x;
	return n;
}

/* Moves the m strongest of v[0..n) (by cmp_vt_w) to the front, in no particular order
 * (quickselect with the median of three). */
static void select_top(vt *v, size_t n, size_t m)
{
	size_t lo = 0, hi = n; /* the m-th lies in [lo, hi) */
	while (hi - lo > 16) {
		size_t mid = lo + (hi - lo) / 2;
		vt a = v[lo], b = v[mid], c = v[hi - 1], p;
		if (cmp_vt_w(&a, &b) < 0)
			p = cmp_vt_w(&b, &c) < 0 ? b : cmp_vt_w(&a, &c) < 0 ? c : a;
		else
			p = cmp_vt_w(&a, &c) < 0 ? a : cmp_vt_w(&b, &c) < 0 ? c : b;
		/* three-way partition: < p, == p, > p */
		size_t i = lo, lt = lo, gt = hi;
		while (i < gt) {
			int r = cmp_vt_w(&v[i], &p);
			if (r < 0) {
				vt t = v[i];
				v[i++] = v[lt];
				v[lt++] = t;
			} else if (r > 0) {
				vt t = v[i];
				v[i] = v[--gt];
				v[gt] = t;
			} else {
				i++;
			}
		}
		if (m < lt)
			hi = lt;
		else if (m <= gt)
			return;
		else
			lo = gt;
	}
	qsort(v + lo, hi - lo, sizeof(vt), cmp_vt_w);
}

int nf_stories_set_df(nf_stories *s, const nf_event_term *t, uint32_t df, uint64_t corpus)
{
	if (!s->batch || s->n_docs || s->remap || corpus < s->n_counted)
		return NF_EINVAL;
	uint32_t id = intern(s, t);
	if (id == UINT32_MAX)
		return NF_ENOMEM;
	s->terms[id].df = df; /* the group sums (cdf) are made again before the first add */
	s->n_counted = corpus;
	return 0;
}

/* The article's vector into s->vec (sorted by id); returns its length, or -1. */
static long make_vector(nf_stories *s, const uint32_t *ids, const float *tw, size_t n)
{
	if (nf_grow((void **)&s->vec, &s->cap_vec, n + 1, sizeof(vt)))
		return -1;
	double N = (double)s->n_counted;
	/* spelling variants count as their group's first name: map, then merge repeats */
	for (size_t i = 0; i < n; i++)
		s->vec[i] = (vt){root(s, ids[i]), tw[i]};
	qsort(s->vec, n, sizeof(vt), cmp_vt_id);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && s->vec[m - 1].id == s->vec[i].id)
			s->vec[m - 1].w += s->vec[i].w;
		else
			s->vec[m++] = s->vec[i];
	}
	size_t k = 0;
	for (size_t i = 0; i < m; i++) {
		uint32_t id = s->vec[i].id;
		float occ = s->vec[i].w;
		const vterm *x = &s->terms[id];
		if (s->batch && x->cdf < 2)
			continue; /* in no other article: adds to the norm, never to a match */
		double idf = log((N + IDF_PRIOR + 1) / ((double)x->cdf + 0.5));
		if (idf <= 0)
			continue;
		double kw = x->kind == NF_TERM_NAME	? s->o.name_weight
			    : x->kind == NF_TERM_NUMBER ? s->o.number_weight
							: 1.0;
		double w = (1 + log(occ > 1 ? occ : 1)) * idf * idf * kw;
		s->vec[k++] = (vt){id, (float)w};
	}
	if (k > s->o.max_terms) {
		select_top(s->vec, k, s->o.max_terms);
		k = s->o.max_terms;
	}
	double norm = 0;
	for (size_t i = 0; i < k; i++)
		norm += (double)s->vec[i].w * s->vec[i].w;
	norm = sqrt(norm);
	for (size_t i = 0; i < k; i++)
		s->vec[i].w = (float)(s->vec[i].w / norm);
	qsort(s->vec, k, sizeof(vt), cmp_vt_id);
	return (long)k;
}

/* --- story term maps ------------------------------------------------------------------------- */

static ent *map_find(const story *t, uint32_t term)
{
	if (!t->map)
		return NULL;
	size_t mask = ((size_t)1 << t->map_bits) - 1;
	for (size_t i = (term * 2654435761u) & mask;; i = (i + 1) & mask) {
		if (t->map[i].term == term)
			return &t->map[i];
		if (t->map[i].term == UINT32_MAX)
			return NULL;
	}
}

static int map_rehash(story *t)
{
	size_t bits = t->map_bits ? t->map_bits + 1 : 7;
	ent *a = malloc(sizeof(ent) << bits);
	if (!a)
		return NF_ENOMEM;
	size_t mask = ((size_t)1 << bits) - 1;
	for (size_t i = 0; i <= mask; i++)
		a[i].term = UINT32_MAX;
	for (size_t j = 0; t->map && j < ((size_t)1 << t->map_bits); j++) {
		if (t->map[j].term == UINT32_MAX)
			continue;
		size_t i = (t->map[j].term * 2654435761u) & mask;
		while (a[i].term != UINT32_MAX)
			i = (i + 1) & mask;
		a[i] = t->map[j];
	}
	free(t->map);
	t->map = a;
	t->map_bits = bits;
	return 0;
}

static ent *map_get(story *t, uint32_t term)
{
	if ((t->map_n + 1) * 4 > ((size_t)3 << t->map_bits) && map_rehash(t))
		return NULL;
	size_t mask = ((size_t)1 << t->map_bits) - 1;
	size_t i = (term * 2654435761u) & mask;
	for (; t->map[i].term != UINT32_MAX; i = (i + 1) & mask)
		if (t->map[i].term == term)
			return &t->map[i];
	t->map[i] = (ent){term, 0, 0, 0};
	t->map_n++;
	return &t->map[i];
}

static double decay(const nf_stories *s, int64_t dt)
{
	if (s->o.half_life <= 0 || dt <= 0)
		return 1;
	return exp2(-(double)dt / (double)s->o.half_life);
}

/* Lists story `slot` under term `id` (once). */
static int post(nf_stories *s, uint32_t id, uint32_t slot)
{
	vterm *x = &s->terms[id];
	if (x->n_post + 2 > x->cap_post) {
		uint32_t cap = x->cap_post ? x->cap_post * 2 : 8;
		uint32_t *p = realloc(x->post, cap * sizeof(uint32_t));
		if (!p)
			return NF_ENOMEM;
		x->post = p;
		x->cap_post = cap;
	}
	x->post[x->n_post++] = slot;
	x->post[x->n_post++] = s->st[slot].gen;
	return 0;
}

/* Adds member m to story `slot`: sums, decayed centroid, dates, postings. */
static int story_add(nf_stories *s, uint32_t slot, member m)
{
	story *t = &s->st[slot];
	if (nf_grow((void **)&t->m, &t->cap, t->n + 1, sizeof(member)))
		return NF_ENOMEM;
	t->m[t->n++] = m;
	if (m.doc < t->key)
		t->key = m.doc;
	s->story_of[m.doc] = slot;
	if (m.date != NF_NO_DATE) {
		if (t->first == NF_NO_DATE || m.date < t->first)
			t->first = m.date;
		if (t->last == NF_NO_DATE || m.date > t->last)
			t->last = m.date;
	}
	/* decayed centroid: move its reference time forward, or weigh an older member down */
	double f = 1;
	if (m.date != NF_NO_DATE) {
		if (t->dec_time == NF_NO_DATE) {
			t->dec_time = m.date;
		} else if (m.date > t->dec_time) {
			t->scale *= decay(s, m.date - t->dec_time);
			t->dec_time = m.date;
			if (t->scale < 1e-60) {
				for (size_t i = 0; t->map && i < ((size_t)1 << t->map_bits); i++)
					t->map[i].dec *= t->scale;
				t->dec2 *= t->scale * t->scale;
				t->scale = 1;
			}
		} else {
			f = decay(s, t->dec_time - m.date);
		}
	}
	f /= t->scale;
	double dot_sum = 0, dot_dec = 0;
	for (uint32_t i = 0; i < m.n; i++) {
		ent *e = map_get(t, m.v[i].id);
		if (!e)
			return NF_ENOMEM;
		double w = m.v[i].w;
		dot_sum += e->sum * w;
		dot_dec += e->dec * w * f;
		e->sum += w;
		e->dec += w * f;
	}
	double sq = 0;
	for (uint32_t i = 0; i < m.n; i++)
		sq += (double)m.v[i].w * m.v[i].w;
	t->sum2 += 2 * dot_sum + sq;
	t->dec2 += 2 * dot_dec + sq * f * f;
	/* list the story under the member's strongest terms */
	vt top[INDEX_TERMS];
	size_t nt = 0;
	for (uint32_t i = 0; i < m.n; i++)
		nt = top_insert(top, nt, INDEX_TERMS, m.v[i]);
	for (size_t i = 0; i < nt; i++) {
		ent *e = map_find(t, top[i].id);
		if (!e->indexed) {
			e->indexed = 1;
			if (post(s, top[i].id, slot))
				return NF_ENOMEM;
		}
	}
	t->version++;
	return 0;
}

static uint32_t new_story(nf_stories *s)
{
	uint32_t slot;
	if (s->n_free) {
		slot = s->free_slots[--s->n_free];
	} else {
		if (s->n_st >= NF_STORY_DONE - 1 ||
		    nf_grow((void **)&s->st, &s->cap_st, s->n_st + 1, sizeof(story)) ||
		    nf_grow((void **)&s->stamp, &s->cap_stamp, s->n_st + 1, sizeof(uint32_t)))
			return NO_SLOT;
		size_t cap = s->cap_stamp;
		double *acc = realloc(s->acc, cap * sizeof(double));
		if (!acc)
			return NO_SLOT;
		s->acc = acc;
		memset(&s->st[s->n_st], 0, sizeof(story));
		s->stamp[s->n_st] = 0;
		slot = (uint32_t)s->n_st++;
	}
	story *t = &s->st[slot];
	uint32_t gen = t->gen + 1;
	memset(t, 0, sizeof(*t));
	t->gen = gen;
	t->live = true;
	t->key = UINT32_MAX;
	t->first = t->last = t->hold = t->dec_time = NF_NO_DATE;
	t->scale = 1;
	s->stats.live++;
	return slot;
}

static int release_slot(nf_stories *s, uint32_t slot)
{
	story *t = &s->st[slot];
	uint32_t gen = t->gen;
	free(t->m);
	free(t->map);
	memset(t, 0, sizeof(*t));
	t->gen = gen + 1; /* postings naming the old generation are dead */
	s->stats.live--;
	if (nf_grow((void **)&s->free_slots, &s->cap_free, s->n_free + 1, sizeof(uint32_t)))
		return NF_ENOMEM;
	s->free_slots[s->n_free++] = slot;
	return 0;
}

/* Moves every member of story b into story a; b's slot is freed. */
static int merge_into(nf_stories *s, uint32_t a, uint32_t b)
{
	story *tb = &s->st[b];
	member *m = tb->m;
	size_t n = tb->n;
	int64_t hold = tb->hold;
	tb->m = NULL;
	tb->n = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (!rc)
			rc = story_add(s, a, m[i]);
		else
			free(m[i].v);
	free(m);
	story *ta = &s->st[a];
	if (hold != NF_NO_DATE && (ta->hold == NF_NO_DATE || hold > ta->hold))
		ta->hold = hold;
	if (release_slot(s, b))
		return NF_ENOMEM;
	return rc;
}

/* Which of two stories absorbs the other: a live one over a closing one, then the larger,
 * then the one named by the smaller article. */
static bool absorbs(const nf_stories *s, uint32_t a, uint32_t b)
{
	const story *x = &s->st[a], *y = &s->st[b];
	if (x->closing != y->closing)
		return !x->closing;
	if (x->n != y->n)
		return x->n > y->n;
	return x->key < y->key;
}

/* --- candidates ------------------------------------------------------------------------------- */

/* Stories listed under the given terms (weighted), best RESCORE by shared weight, into s->cand.
 * `self` is left out. */
static int gather(nf_stories *s, const vt *v, size_t n, uint32_t self)
{
	s->stamp_now++;
	if (s->stamp_now == 0) {
		memset(s->stamp, 0, s->n_st * sizeof(uint32_t));
		s->stamp_now = 1;
	}
	s->n_cand = 0;
	for (size_t i = 0; i < n; i++) {
		vterm *x = &s->terms[v[i].id];
		uint32_t k = 0;
		for (uint32_t j = 0; j < x->n_post; j += 2) {
			uint32_t slot = x->post[j], gen = x->post[j + 1];
			if (slot >= s->n_st || s->st[slot].gen != gen || !s->st[slot].live)
				continue; /* dead: dropped */
			x->post[k++] = slot;
			x->post[k++] = gen;
			if (slot == self)
				continue;
			if (s->stamp[slot] != s->stamp_now) {
				s->stamp[slot] = s->stamp_now;
				s->acc[slot] = 0;
				if (nf_grow((void **)&s->cand, &s->cap_cand, s->n_cand + 1,
					    sizeof(uint32_t)))
					return NF_ENOMEM;
				s->cand[s->n_cand++] = slot;
			}
			s->acc[slot] += v[i].w;
		}
		x->n_post = k;
	}
	/* keep the RESCORE best by shared weight (ties: lower slot) */
	size_t keep = s->n_cand < RESCORE ? s->n_cand : RESCORE;
	for (size_t i = 0; i < keep; i++) {
		size_t best = i;
		for (size_t j = i + 1; j < s->n_cand; j++) {
			uint32_t a = s->cand[j], b = s->cand[best];
			if (s->acc[a] > s->acc[b] || (s->acc[a] == s->acc[b] && a < b))
				best = j;
		}
		uint32_t tmp = s->cand[i];
		s->cand[i] = s->cand[best];
		s->cand[best] = tmp;
	}
	s->n_cand = keep;
	return 0;
}

static bool within(const nf_stories *s, int64_t a, int64_t b)
{
	if (s->o.window == 0 || a == NF_NO_DATE || b == NF_NO_DATE)
		return true;
	return (a > b ? a - b : b - a) <= s->o.window;
}

/* May stories x and y be one (their date spans come within the window)? */
static bool spans_meet(const nf_stories *s, const story *x, const story *y)
{
	if (s->o.window == 0 || x->first == NF_NO_DATE || y->first == NF_NO_DATE)
		return true;
	int64_t lo = x->first > y->first ? x->first : y->first;
	int64_t hi = x->last < y->last ? x->last : y->last;
	return lo - hi <= s->o.window;
}

/* Average link of two stories: mean pairwise cosine. */
static double avg_link(const story *x, const story *y)
{
	if (x->map_n > y->map_n) {
		const story *t = x;
		x = y;
		y = t;
	}
	double dot = 0;
	for (size_t i = 0; x->map && i < ((size_t)1 << x->map_bits); i++) {
		const ent *e = &x->map[i];
		if (e->term == UINT32_MAX || e->sum == 0)
			continue;
		const ent *f = map_find(y, e->term);
		if (f)
			dot += e->sum * f->sum;
	}
	return dot / ((double)x->n * (double)y->n);
}

/* --- online ------------------------------------------------------------------------------- */

static int close_stories(nf_stories *s, bool all);

static int add(nf_stories *s, const uint32_t *ids, const float *tw, size_t n, int64_t date,
	       uint32_t *doc)
{
	if (s->n_docs >= NF_STORY_DONE - 1)
		return NF_EINVAL;
	if (nf_grow((void **)&s->story_of, &s->cap_docs, s->n_docs + 1, sizeof(uint32_t)) ||
	    nf_uf_grow(&s->units, s->n_docs + 1))
		return NF_ENOMEM;
	if (date != NF_NO_DATE && (s->clock == NF_NO_DATE || date > s->clock)) {
		s->clock = date;
		if (s->o.window > 0 && (s->next_check == NF_NO_DATE || date >= s->next_check)) {
			int rc = close_stories(s, false);
			if (rc)
				return rc;
			int64_t step = s->o.window / 8 > 0 ? s->o.window / 8 : 1;
			s->next_check = date + step;
		}
	}
	long k = make_vector(s, ids, tw, n);
	if (k < 0)
		return NF_ENOMEM;
	member m = {(uint32_t)s->n_docs, (uint32_t)k, date, NULL};
	if (k > 0) {
		m.v = malloc((size_t)k * sizeof(vt));
		if (!m.v)
			return NF_ENOMEM;
		memcpy(m.v, s->vec, (size_t)k * sizeof(vt));
	}
	s->n_docs++;
	*doc = m.doc;
	s->stats.docs++;
	/* the best live story within the window */
	if (gather(s, m.v, m.n, NO_SLOT)) {
		free(m.v);
		return NF_ENOMEM;
	}
	uint32_t best = NO_SLOT;
	double best_cos = s->o.join;
	for (size_t i = 0; i < s->n_cand; i++) {
		uint32_t slot = s->cand[i];
		const story *x = &s->st[slot];
		if (x->closing || !within(s, date, x->last) || x->dec2 <= 0)
			continue;
		double dot = 0;
		for (uint32_t j = 0; j < m.n; j++) {
			const ent *e = map_find(x, m.v[j].id);
			if (e)
				dot += e->dec * m.v[j].w;
		}
		double c = dot / sqrt(x->dec2);
		if (c > best_cos || (c == best_cos && best != NO_SLOT && slot < best)) {
			best_cos = c;
			best = slot;
		}
	}
	if (best == NO_SLOT) {
		best = new_story(s);
		if (best == NO_SLOT) {
			free(m.v);
			return NF_ENOMEM;
		}
		s->stats.opened++;
	} else {
		s->stats.joined++;
	}
	if (++s->live_docs > s->stats.peak_live_docs)
		s->stats.peak_live_docs = s->live_docs;
	return story_add(s, best, m);
}

/* The terms' (canonical) ids and weights into s->tid, s->tw. */
static int ids_of(nf_stories *s, const nf_event_term *t, size_t n)
{
	if (nf_grow((void **)&s->tid, &s->cap_tid, n + 1, sizeof(uint32_t)) ||
	    nf_grow((void **)&s->tw, &s->cap_tw, n + 1, sizeof(float)))
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		s->tid[i] = intern(s, &t[i]);
		if (s->tid[i] == UINT32_MAX)
			return NF_ENOMEM;
		s->tw[i] = t[i].weight;
	}
	return 0;
}

int nf_stories_add(nf_stories *s, const nf_event_term *t, size_t n, int64_t date, uint32_t *doc)
{
	if (s->batch)
		return NF_EINVAL;
	if (count(s, t, n, NULL) || ids_of(s, t, n))
		return NF_ENOMEM;
	return add(s, s->tid, s->tw, n, date, doc);
}

static int cmp_term_canon(const void *x, const void *y, void *ctx)
{
	const nf_stories *st = ctx;
	const vterm *a = &st->terms[*(const uint32_t *)x];
	const vterm *b = &st->terms[*(const uint32_t *)y];
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(st->chars + a->text, st->chars + b->text, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Batch: numbers the counted terms in an order that depends only on the terms themselves, so
 * that every sum and tie later is the same whatever order the articles were counted in.
 * s->remap takes the ids nf_stories_count() gave to the new ones. */
static int canonical_ids(nf_stories *s)
{
	size_t n = s->n_terms;
	uint32_t *perm = malloc((n + 1) * sizeof(uint32_t));
	vterm *sorted = malloc((n + 1) * sizeof(vterm));
	s->remap = malloc((n + 1) * sizeof(uint32_t));
	if (!perm || !sorted || !s->remap) {
		free(perm);
		free(sorted);
		return NF_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	qsort_r(perm, n, sizeof(uint32_t), cmp_term_canon, s);
	for (size_t i = 0; i < n; i++)
		s->remap[perm[i]] = (uint32_t)i;
	/* variant groups: the same groups, named by their smallest new id */
	uint32_t *low = perm; /* reused: old root -> smallest new id in its group */
	for (size_t i = 0; i < n; i++)
		low[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = root(s, (uint32_t)i);
		if (s->remap[i] < low[r])
			low[r] = s->remap[i];
	}
	for (size_t i = 0; i < n; i++) {
		sorted[s->remap[i]] = s->terms[i];
		sorted[s->remap[i]].parent = low[root(s, (uint32_t)i)];
		sorted[s->remap[i]].cdf = 0;
	}
	for (size_t i = 0; i < n; i++)
		sorted[sorted[i].parent].cdf += sorted[i].df;
	for (size_t j = 0; s->var && j < ((size_t)1 << s->var_bits); j++)
		if (s->var[j].key)
			s->var[j].id = s->remap[s->var[j].id];
	free(perm);
	free(s->terms);
	s->terms = sorted;
	s->cap_terms = n + 1;
	s->n_remap = n;
	free(s->vslots);
	s->vslots = NULL;
	s->vbits = 0;
	while (((size_t)1 << s->vbits) < n * 2 + 2)
		s->vbits++;
	s->vbits--; /* vocab_rehash doubles */
	return vocab_rehash(s);
}

static int begin_batch_add(nf_stories *s)
{
	if (!s->batch || s->n_docs >= s->n_counted)
		return NF_EINVAL;
	if (!s->remap && canonical_ids(s))
		return NF_ENOMEM;
	return 0;
}

int nf_stories_add_counted(nf_stories *s, const nf_event_term *t, size_t n, int64_t date,
			   uint32_t *doc)
{
	int rc = begin_batch_add(s);
	if (rc)
		return rc;
	if (ids_of(s, t, n))
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (s->tid[i] >= s->n_remap)
			return NF_EINVAL; /* a term that was not counted */
	return add(s, s->tid, s->tw, n, date, doc);
}

int nf_stories_add_ids(nf_stories *s, const uint32_t *ids, const float *weights, size_t n,
		       int64_t date, uint32_t *doc)
{
	int rc = begin_batch_add(s);
	if (rc)
		return rc;
	if (nf_grow((void **)&s->tid, &s->cap_tid, n + 1, sizeof(uint32_t)))
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (ids[i] >= s->n_remap)
			return NF_EINVAL;
		s->tid[i] = s->remap[ids[i]];
	}
	return add(s, s->tid, weights, n, date, doc);
}

int nf_stories_link(nf_stories *s, uint32_t a, uint32_t b, int64_t hold)
{
	if (a >= s->n_docs || b >= s->n_docs)
		return NF_EINVAL;
	uint32_t x = s->story_of[a], y = s->story_of[b];
	if ((x | y) & NF_STORY_DONE) {
		s->stats.late_links++;
		return 1;
	}
	if (a != b) {
		nf_uf_union(&s->units, a, b);
		s->stats.linked++;
	}
	if (x != y) {
		if (!absorbs(s, x, y)) {
			uint32_t t = x;
			x = y;
			y = t;
		}
		if (merge_into(s, x, y))
			return NF_ENOMEM;
	}
	story *t = &s->st[x];
	if (hold != NF_NO_DATE && (t->hold == NF_NO_DATE || hold > t->hold))
		t->hold = hold;
	return 0;
}

uint32_t nf_stories_story(const nf_stories *s, uint32_t doc)
{
	if (doc >= s->n_docs)
		return UINT32_MAX;
	uint32_t x = s->story_of[doc];
	return x & NF_STORY_DONE ? x : s->st[x].key;
}

/* --- refinement --------------------------------------------------------------------------- */

static double dot_vv(const member *x, const member *y)
{
	double d = 0;
	uint32_t i = 0, j = 0;
	while (i < x->n && j < y->n) {
		if (x->v[i].id < y->v[j].id)
			i++;
		else if (x->v[i].id > y->v[j].id)
			j++;
		else
			d += (double)x->v[i++].w * y->v[j++].w;
	}
	return d;
}

static double dot_vs(const member *x, const story *t)
{
	double d = 0;
	for (uint32_t i = 0; i < x->n; i++) {
		const ent *e = map_find(t, x->v[i].id);
		if (e)
			d += e->sum * x->v[i].w;
	}
	return d;
}

typedef struct unit_ref {
	uint32_t root, i;
} unit_ref;

static int cmp_unit(const void *x, const void *y)
{
	const unit_ref *a = x, *b = y;
	if (a->root != b->root)
		return a->root < b->root ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Rebuilds story `slot` from the given members (maps, dates, postings start afresh). */
static int rebuild(nf_stories *s, uint32_t slot, member *m, size_t n)
{
	story *t = &s->st[slot];
	int64_t hold = t->hold;
	bool closing = t->closing;
	uint32_t gen = t->gen;
	free(t->m);
	free(t->map);
	memset(t, 0, sizeof(*t));
	t->gen = gen + 1; /* old postings die; story_add lists it again */
	t->live = true;
	t->closing = closing;
	t->key = UINT32_MAX;
	t->first = t->last = t->dec_time = NF_NO_DATE;
	t->hold = hold;
	t->scale = 1;
	for (size_t i = 0; i < n; i++)
		if (story_add(s, slot, m[i]))
			return NF_ENOMEM;
	return 0;
}

/* Takes out of a closing story the groups of tied articles that hardly belong to it: each
 * becomes a closing story of its own. Up to three rounds. */
static int split(nf_stories *s, uint32_t slot)
{
	for (int round = 0; round < 3; round++) {
		story *t = &s->st[slot];
		size_t n = t->n;
		if (n < 2)
			return 0;
		unit_ref *u = malloc(n * sizeof(unit_ref));
		bool *out = calloc(n, sizeof(bool));
		if (!u || !out) {
			free(u);
			free(out);
			return NF_ENOMEM;
		}
		for (size_t i = 0; i < n; i++)
			u[i] = (unit_ref){nf_uf_find(&s->units, t->m[i].doc), (uint32_t)i};
		qsort(u, n, sizeof(unit_ref), cmp_unit);
		size_t n_out = 0, groups = 0;
		for (size_t a = 0, b; a < n; a = b) {
			for (b = a; b < n && u[b].root == u[a].root; b++)
				;
			groups++;
			size_t g = b - a;
			if (g == n)
				break;
			double vs = 0, vv = 0;
			for (size_t i = a; i < b; i++) {
				vs += dot_vs(&t->m[u[i].i], t);
				for (size_t j = a; j < b; j++)
					vv += i == j ? 1.0 : dot_vv(&t->m[u[i].i], &t->m[u[j].i]);
			}
			double link = (vs - vv) / ((double)g * (double)(n - g));
			if (link < s->o.split) {
				for (size_t i = a; i < b; i++)
					out[u[i].i] = true;
				n_out += g;
			}
		}
		if (n_out == 0 || n_out == n || groups < 2) {
			free(u);
			free(out);
			return 0;
		}
		/* the members that stay, and one new story per group that leaves */
		member *all = t->m;
		t->m = NULL;
		t->n = 0;
		member *keep = malloc((n - n_out) * sizeof(member));
		if (!keep) {
			free(u);
			free(out);
			free(all);
			return NF_ENOMEM;
		}
		size_t nk = 0;
		for (size_t i = 0; i < n; i++)
			if (!out[i])
				keep[nk++] = all[i];
		int rc = rebuild(s, slot, keep, nk);
		free(keep);
		for (size_t a = 0, b; !rc && a < n; a = b) {
			for (b = a; b < n && u[b].root == u[a].root; b++)
				;
			if (!out[u[a].i])
				continue;
			uint32_t ns = new_story(s);
			if (ns == NO_SLOT) {
				rc = NF_ENOMEM;
				break;
			}
			s->st[ns].closing = true;
			s->stats.split++;
			for (size_t i = a; i < b && !rc; i++)
				rc = story_add(s, ns, all[u[i].i]);
			if (!rc && nf_grow((void **)&s->closing, &s->cap_closing, s->n_closing + 1,
					   sizeof(uint32_t)))
				rc = NF_ENOMEM;
			if (!rc)
				s->closing[s->n_closing++] = ns;
		}
		free(all);
		free(u);
		free(out);
		if (rc)
			return rc;
	}
	return 0;
}

static bool pair_less(const pair *x, const pair *y)
{
	if (x->score != y->score)
		return x->score < y->score;
	if (x->a != y->a)
		return x->a > y->a;
	return x->b > y->b;
}

static int heap_push(nf_stories *s, pair p)
{
	if (nf_grow((void **)&s->heap, &s->cap_heap, s->n_heap + 1, sizeof(pair)))
		return NF_ENOMEM;
	size_t i = s->n_heap++;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!pair_less(&s->heap[up], &p))
			break;
		s->heap[i] = s->heap[up];
		i = up;
	}
	s->heap[i] = p;
	return 0;
}

static pair heap_pop(nf_stories *s)
{
	pair top = s->heap[0], last = s->heap[--s->n_heap];
	size_t i = 0, n = s->n_heap;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && pair_less(&s->heap[c], &s->heap[c + 1]))
			c++;
		if (!pair_less(&last, &s->heap[c]))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (n)
		s->heap[i] = last;
	return top;
}

/* Pushes the merge pairs of closing story a: partners found under its strongest terms. */
static int push_pairs(nf_stories *s, uint32_t a)
{
	story *t = &s->st[a];
	vt top[MERGE_TERMS];
	size_t nt = 0;
	for (size_t i = 0; t->map && i < ((size_t)1 << t->map_bits); i++) {
		const ent *e = &t->map[i];
		if (e->term == UINT32_MAX || !e->indexed)
			continue;
		nt = top_insert(top, nt, MERGE_TERMS, (vt){e->term, (float)e->sum});
	}
	if (gather(s, top, nt, a))
		return NF_ENOMEM;
	for (size_t i = 0; i < s->n_cand; i++) {
		uint32_t b = s->cand[i];
		const story *y = &s->st[b];
		if (!spans_meet(s, t, y))
			continue;
		double l = avg_link(t, y);
		if (l < s->o.merge)
			continue;
		uint32_t x = a < b ? a : b, z = a < b ? b : a;
		if (heap_push(s, (pair){l, x, z, s->st[x].version, s->st[z].version}))
			return NF_ENOMEM;
	}
	return 0;
}

static int cmp_ready(const void *x, const void *y)
{
	const story *a = *(story *const *)x, *b = *(story *const *)y;
	bool da = a->first != NF_NO_DATE, db = b->first != NF_NO_DATE;
	if (da != db)
		return da ? -1 : 1;
	if (da && a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Moves a closed story to the ready queue and frees its slot. */
static int emit(nf_stories *s, uint32_t slot)
{
	story *t = &s->st[slot];
	if (s->q_n == s->q_cap) {
		size_t cap = s->q_cap ? s->q_cap * 2 : 64;
		ready *q = malloc(cap * sizeof(ready));
		if (!q)
			return NF_ENOMEM;
		for (size_t i = 0; i < s->q_n; i++)
			q[i] = s->q[(s->q_head + i) % s->q_cap];
		free(s->q);
		s->q = q;
		s->q_cap = cap;
		s->q_head = 0;
	}
	uint32_t id = s->next_id++;
	ready r = {id, malloc(t->n * sizeof(uint32_t)), t->n, t->first, t->last, {{0, 0}}, 0};
	if (!r.members)
		return NF_ENOMEM;
	s->live_docs -= t->n;
	for (size_t i = 0; i < t->n; i++) {
		r.members[i] = t->m[i].doc;
		s->story_of[t->m[i].doc] = NF_STORY_DONE | id;
		free(t->m[i].v);
	}
	qsort(r.members, r.n, sizeof(uint32_t), cmp_u32);
	/* the strongest words (and numbers), then the strongest names */
	vt names[TOP_TERMS];
	size_t nn = 0;
	for (size_t i = 0; t->map && i < ((size_t)1 << t->map_bits); i++) {
		const ent *e = &t->map[i];
		if (e->term == UINT32_MAX)
			continue;
		vt x = {e->term, (float)e->sum};
		if (s->terms[e->term].kind == NF_TERM_NAME)
			nn = top_insert(names, nn, TOP_TERMS, x);
		else
			r.n_top = top_insert(r.top, r.n_top, TOP_TERMS, x);
	}
	memcpy(r.top + r.n_top, names, nn * sizeof(vt));
	r.n_top += nn;
	s->q[(s->q_head + s->q_n++) % s->q_cap] = r;
	s->stats.stories++;
	t->n = 0; /* vectors are gone */
	return release_slot(s, slot);
}

static int close_stories(nf_stories *s, bool all)
{
	s->n_closing = 0;
	for (size_t i = 0; i < s->n_st; i++) {
		story *t = &s->st[i];
		if (!t->live)
			continue;
		int64_t end = t->hold != NF_NO_DATE && (t->last == NF_NO_DATE || t->hold > t->last)
				  ? t->hold
				  : t->last;
		if (!all && (end == NF_NO_DATE || s->clock - end <= s->o.window))
			continue;
		t->closing = true;
		if (nf_grow((void **)&s->closing, &s->cap_closing, s->n_closing + 1,
			    sizeof(uint32_t)))
			return NF_ENOMEM;
		s->closing[s->n_closing++] = (uint32_t)i;
	}
	if (s->n_closing == 0)
		return 0;
	size_t n0 = s->n_closing;
	for (size_t i = 0; i < n0; i++)
		if (split(s, s->closing[i]))
			return NF_ENOMEM;
	/* average-link agglomeration, best pair first */
	s->n_heap = 0;
	for (size_t i = 0; i < s->n_closing; i++)
		if (push_pairs(s, s->closing[i]))
			return NF_ENOMEM;
	while (s->n_heap) {
		pair p = heap_pop(s);
		story *x = &s->st[p.a], *y = &s->st[p.b];
		bool okx = x->live && x->version == p.va, oky = y->live && y->version == p.vb;
		if (!okx || !oky) {
			/* a side changed: a closing side that is still itself looks again */
			if (okx && x->closing && push_pairs(s, p.a))
				return NF_ENOMEM;
			if (oky && y->closing && push_pairs(s, p.b))
				return NF_ENOMEM;
			continue;
		}
		uint32_t keep = absorbs(s, p.a, p.b) ? p.a : p.b, gone = keep == p.a ? p.b : p.a;
		if (merge_into(s, keep, gone))
			return NF_ENOMEM;
		s->stats.merged++;
		if (s->st[keep].closing && push_pairs(s, keep))
			return NF_ENOMEM;
	}
	/* what is still live and closing leaves, oldest first */
	story **out = malloc(s->n_closing * sizeof(story *));
	if (!out)
		return NF_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < s->n_closing; i++) {
		story *t = &s->st[s->closing[i]];
		if (t->live && t->closing && t->n) {
			t->closing = false; /* listed once */
			out[k++] = t;
		}
	}
	qsort(out, k, sizeof(story *), cmp_ready);
	int rc = 0;
	for (size_t i = 0; i < k && !rc; i++)
		rc = emit(s, (uint32_t)(out[i] - s->st));
	free(out);
	return rc;
}

int nf_stories_finish(nf_stories *s)
{
	return close_stories(s, true);
}

int nf_stories_next(nf_stories *s, nf_story *out)
{
	free_ready(&s->cur);
	if (s->q_n == 0)
		return 0;
	s->cur = s->q[s->q_head];
	s->q_head = (s->q_head + 1) % s->q_cap;
	s->q_n--;
	for (size_t i = 0; i < s->cur.n_top; i++) {
		const vterm *x = &s->terms[s->cur.top[i].id];
		s->cur_terms[i] =
		    (nf_event_term){x->hash, s->chars + x->text, x->len, x->kind, s->cur.top[i].w};
	}
	*out = (nf_story){s->cur.id,   s->cur.members, s->cur.n,    s->cur.first,
			  s->cur.last, s->cur_terms,   s->cur.n_top};
	return 1;
}

void nf_stories_get_stats(const nf_stories *s, nf_stories_stats *out)
{
	*out = s->stats;
	out->vocabulary = s->n_terms;
}
