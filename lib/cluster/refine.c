/*
 * refine.c - the batch refinement of the story clustering (stories.c), when stories close (their
 * latest article, or a hold from a tie, is more than the window behind the newest date; all of
 * them at finish): groups of tied articles whose average link to the rest of their story is below
 * `split` are taken out as stories of their own; then average-link agglomeration over the closing
 * stories and any live story they may join, best pair first (a heap with lazy invalidation by
 * version numbers). A closing story that merges into a live one stays live. What is left is
 * returned, oldest first, and its memory released. Average link comes from the stories' term
 * maps (see stories.c).
 */
#include "stories.h"

/* --- refinement --------------------------------------------------------------------------- */

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
	t->gen = gen + 1; /* old postings die; nf_st_story_add lists it again */
	t->live = true;
	t->closing = closing;
	t->key = UINT32_MAX;
	t->first = t->last = t->dec_time = NF_NO_DATE;
	t->hold = hold;
	t->scale = 1;
	for (size_t i = 0; i < n; i++)
		if (nf_st_story_add(s, slot, m[i]))
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
			uint32_t ns = nf_st_new_story(s);
			if (ns == NO_SLOT) {
				rc = NF_ENOMEM;
				break;
			}
			s->st[ns].closing = true;
			s->stats.split++;
			for (size_t i = a; i < b && !rc; i++)
				rc = nf_st_story_add(s, ns, all[u[i].i]);
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
	if (nf_st_gather(s, top, nt, a))
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
	return nf_st_release_slot(s, slot);
}

/* Closes the stories whose end is more than the window behind the clock (all of them when
 * `all`): split, merge, then emit what is left, oldest first. */
int nf_st_close_stories(nf_stories *s, bool all)
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
		uint32_t keep = nf_st_absorbs(s, p.a, p.b) ? p.a : p.b,
			 gone = keep == p.a ? p.b : p.a;
		if (nf_st_merge_into(s, keep, gone))
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
	return nf_st_close_stories(s, true);
}

int nf_stories_next(nf_stories *s, nf_story *out)
{
	nf_st_free_ready(&s->cur);
	if (s->q_n == 0)
		return 0;
	s->cur = s->q[s->q_head];
	s->q_head = (s->q_head + 1) % s->q_cap;
	s->q_n--;
	for (size_t i = 0; i < s->cur.n_top; i++) {
		const vterm *x = &s->terms[s->cur.top[i].id];
		s->cur_terms[i] =
		    (nf_event_term){x->hash,	     s->chars + x->text, x->len,     x->kind,
				    s->cur.top[i].w, s->chars + x->surf, x->surf_len};
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
