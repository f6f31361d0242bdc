/* stories.h - what the story clustering's parts share: the records of stories and terms, the
 * handle, the constants, and the functions one part calls in another (stories.c: the handle,
 * stories, candidates and the online pass; vocab.c: terms and article vectors; refine.c:
 * split, merge and the stories returned). Not public. */
#ifndef NF_STORIES_H
#define NF_STORIES_H

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
	uint32_t surf, surf_len; /* the best surface form seen (nf_surface_better), in chars */
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
	uint32_t
	    one_slot; /* with o.one: the story every article joins (NO_SLOT before the first) */
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

/* The entry of `term` in story t's map, or NULL. Called per term: inline. */
static inline ent *map_find(const story *t, uint32_t term)
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

/* By weight, strongest first; ties: the smaller id first (qsort and top_insert). */
static inline int cmp_vt_w(const void *x, const void *y)
{
	const vt *a = x, *b = y;
	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Keeps top[0..n) (n <= cap) the strongest terms seen, strongest first; returns the new n. */
static inline size_t top_insert(vt *top, size_t n, size_t cap, vt x)
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

/* stories.c */
/* Frees a returned story's member list (the record stays). */
NF_INTERNAL void nf_st_free_ready(ready *r);
/* A new empty live story (a free slot, or a new one), or NO_SLOT when out of memory. */
NF_INTERNAL uint32_t nf_st_new_story(nf_stories *s);
/* Adds member m to story `slot`: sums, decayed centroid, dates, postings. */
NF_INTERNAL int nf_st_story_add(nf_stories *s, uint32_t slot, member m);
/* Empties story `slot` (its members' vectors are the caller's) and lists the slot as free. */
NF_INTERNAL int nf_st_release_slot(nf_stories *s, uint32_t slot);
/* Moves every member of story b into story a; b's slot is freed. */
NF_INTERNAL int nf_st_merge_into(nf_stories *s, uint32_t a, uint32_t b);
/* Whether story a absorbs story b when they merge (rather than b absorbing a). */
NF_INTERNAL bool nf_st_absorbs(const nf_stories *s, uint32_t a, uint32_t b);
/* The stories listed under the given terms, best RESCORE by shared weight, into s->cand. */
NF_INTERNAL int nf_st_gather(nf_stories *s, const vt *v, size_t n, uint32_t self);
/* vocab.c */
/* Interns one article's terms and adds the article to their document frequencies (their ids
 * into ids, unless NULL). */
NF_INTERNAL int nf_st_count(nf_stories *s, const nf_event_term *t, size_t n, uint32_t *ids);
/* The terms' ids and weights into s->tid, s->tw. */
NF_INTERNAL int nf_st_ids_of(nf_stories *s, const nf_event_term *t, size_t n);
/* The article's vector into s->vec (sorted by id); returns its length, or -1. */
NF_INTERNAL long nf_st_make_vector(nf_stories *s, const uint32_t *ids, const float *tw, size_t n);
/* Batch: renumbers the counted terms canonically before the first add (sets s->remap). */
NF_INTERNAL int nf_st_canonical_ids(nf_stories *s);
/* refine.c */
/* Closes the stories whose end is more than the window behind the clock (all of them when
 * `all`): split, merge, then emit what is left, oldest first. */
NF_INTERNAL int nf_st_close_stories(nf_stories *s, bool all);

#endif
