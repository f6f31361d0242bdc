/*
 * vocab.c - the vocabulary of the story clustering (stories.c): terms interned with their
 * document frequencies, names one edit apart joined, and an article's terms made a vector.
 *
 * An article is a TF-IDF vector: weight (1 + ln occurrences) * idf^2 * kind weight, the strongest
 * max_terms terms kept, L2-normalised, sorted by term id.
 */
#include "stories.h"

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
	/* no surface given: none known yet (a term's key is not one of its forms) */
	const char *sf = t->surface && t->surface_len ? t->surface : "";
	uint32_t sfn = t->surface && t->surface_len ? t->surface_len : 0;
	for (; s->vslots[i] != UINT32_MAX; i = (i + 1) & mask) {
		vterm *x = &s->terms[s->vslots[i]];
		if (x->hash == t->hash && x->kind == t->kind && x->len == t->len &&
		    memcmp(s->chars + x->text, t->text, t->len) == 0) {
			if (sfn && (!x->surf_len ||
				    nf_surface_better(sf, sfn, s->chars + x->surf, x->surf_len))) {
				if (nf_grow((void **)&s->chars, &s->cap_chars, s->n_chars + sfn, 1))
					return UINT32_MAX;
				memcpy(s->chars + s->n_chars, sf, sfn);
				x->surf = (uint32_t)s->n_chars;
				x->surf_len = sfn;
				s->n_chars += sfn;
			}
			return s->vslots[i];
		}
	}
	if (s->n_terms >= UINT32_MAX - 1 ||
	    nf_grow((void **)&s->terms, &s->cap_terms, s->n_terms + 1, sizeof(vterm)) ||
	    nf_grow((void **)&s->chars, &s->cap_chars, s->n_chars + t->len + sfn, 1))
		return UINT32_MAX;
	memcpy(s->chars + s->n_chars, t->text, t->len);
	memcpy(s->chars + s->n_chars + t->len, sf, sfn);
	uint32_t id = (uint32_t)s->n_terms;
	s->terms[id] =
	    (vterm){t->hash, (uint32_t)s->n_chars,	    t->len, 0, id, 0, t->kind, NULL, 0,
		    0,	     (uint32_t)s->n_chars + t->len, sfn};
	s->n_chars += t->len + sfn;
	s->vslots[i] = id;
	s->n_terms++;
	if (t->kind == NF_TERM_NAME && variants(s, id))
		return UINT32_MAX;
	return id;
}

/* Interns one article's terms and adds the article to their document frequencies (their ids
 * into ids, unless NULL). */
int nf_st_count(nf_stories *s, const nf_event_term *t, size_t n, uint32_t *ids)
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
	return nf_st_count(s, t, n, ids);
}

/* --- article vectors -------------------------------------------------------------------------- */

static int cmp_vt_id(const void *x, const void *y)
{
	const vt *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
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
long nf_st_make_vector(nf_stories *s, const uint32_t *ids, const float *tw, size_t n)
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

/* --- term ids --------------------------------------------------------------------------------- */

/* The terms' (canonical) ids and weights into s->tid, s->tw. */
int nf_st_ids_of(nf_stories *s, const nf_event_term *t, size_t n)
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
int nf_st_canonical_ids(nf_stories *s)
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
