/*
 * stories.c - articles about the same event: online clustering in date order with a batch
 * refinement of every story when it leaves the time window. This file holds the handle, the
 * stories and their term maps, the candidates and the online pass; the vocabulary and the
 * article vectors are in vocab.c, the refinement in refine.c, the shared records in stories.h.
 *
 * An article is a TF-IDF vector (vocab.c). A story keeps its members (with their vectors) and
 * one term map holding, per term, the plain sum of its members' vectors (for average link: the
 * mean pairwise cosine of stories A and B is S_A . S_B / (n_A n_B), and that of a group g inside
 * story S is V_g . (S - V_g) / (n_g (n - n_g))) and a time-decayed sum (the centroid an arriving
 * article is compared with). The decayed sum is stored divided by a scale factor, so that
 * decaying it is one multiplication.
 *
 * Candidates: each story is listed under the strongest terms of its members (an inverted index
 * of (slot, generation) pairs, cleaned as it is read). An arriving article scans the postings of
 * its terms, keeps the stories that share the most weight with it and scores those exactly.
 */
#include "stories.h"

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
	if (o.one) /* no window closes the story, no group leaves it */
		o.window = 0, o.split = 0;
	s->o = o;
	s->one_slot = NO_SLOT;
	s->clock = NF_NO_DATE;
	s->next_check = NF_NO_DATE;
	*out = s;
	return 0;
}

/* Frees a returned story's member list (the record stays). */
void nf_st_free_ready(ready *r)
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
		nf_st_free_ready(&s->q[(s->q_head + i) % s->q_cap]);
	free(s->q);
	nf_st_free_ready(&s->cur);
	free(s);
}

/* --- story term maps ------------------------------------------------------------------------- */

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
int nf_st_story_add(nf_stories *s, uint32_t slot, member m)
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

/* A new empty live story (a free slot, or a new one), or NO_SLOT when out of memory. */
uint32_t nf_st_new_story(nf_stories *s)
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

/* Empties story `slot` (its members' vectors are the caller's) and lists the slot as free. */
int nf_st_release_slot(nf_stories *s, uint32_t slot)
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
int nf_st_merge_into(nf_stories *s, uint32_t a, uint32_t b)
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
			rc = nf_st_story_add(s, a, m[i]);
		else
			free(m[i].v);
	free(m);
	story *ta = &s->st[a];
	if (hold != NF_NO_DATE && (ta->hold == NF_NO_DATE || hold > ta->hold))
		ta->hold = hold;
	if (nf_st_release_slot(s, b))
		return NF_ENOMEM;
	return rc;
}

/* Which of two stories absorbs the other: a live one over a closing one, then the larger,
 * then the one named by the smaller article. */
bool nf_st_absorbs(const nf_stories *s, uint32_t a, uint32_t b)
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
int nf_st_gather(nf_stories *s, const vt *v, size_t n, uint32_t self)
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

/* --- online ------------------------------------------------------------------------------- */

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
			int rc = nf_st_close_stories(s, false);
			if (rc)
				return rc;
			int64_t step = s->o.window / 8 > 0 ? s->o.window / 8 : 1;
			s->next_check = date + step;
		}
	}
	long k = nf_st_make_vector(s, ids, tw, n);
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
	if (s->o.one && s->one_slot != NO_SLOT) {
		s->stats.joined++;
		if (++s->live_docs > s->stats.peak_live_docs)
			s->stats.peak_live_docs = s->live_docs;
		return nf_st_story_add(s, s->one_slot, m);
	}
	/* the best live story within the window */
	if (nf_st_gather(s, m.v, m.n, NO_SLOT)) {
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
		best = nf_st_new_story(s);
		if (best == NO_SLOT) {
			free(m.v);
			return NF_ENOMEM;
		}
		s->stats.opened++;
		if (s->o.one)
			s->one_slot = best;
	} else {
		s->stats.joined++;
	}
	if (++s->live_docs > s->stats.peak_live_docs)
		s->stats.peak_live_docs = s->live_docs;
	return nf_st_story_add(s, best, m);
}

int nf_stories_add(nf_stories *s, const nf_event_term *t, size_t n, int64_t date, uint32_t *doc)
{
	if (s->batch)
		return NF_EINVAL;
	if (nf_st_count(s, t, n, NULL) || nf_st_ids_of(s, t, n))
		return NF_ENOMEM;
	return add(s, s->tid, s->tw, n, date, doc);
}

static int begin_batch_add(nf_stories *s)
{
	if (!s->batch || s->n_docs >= s->n_counted)
		return NF_EINVAL;
	if (!s->remap && nf_st_canonical_ids(s))
		return NF_ENOMEM;
	return 0;
}

int nf_stories_add_counted(nf_stories *s, const nf_event_term *t, size_t n, int64_t date,
			   uint32_t *doc)
{
	int rc = begin_batch_add(s);
	if (rc)
		return rc;
	if (nf_st_ids_of(s, t, n))
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
		if (!nf_st_absorbs(s, x, y)) {
			uint32_t t = x;
			x = y;
			y = t;
		}
		if (nf_st_merge_into(s, x, y))
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
