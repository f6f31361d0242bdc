/* link.h - internal view of the near-duplicate index, shared with lib/cluster. */
#ifndef NF_LINK_H
#define NF_LINK_H

#include "../base/base.h"
#include "../base/uf.h"

/* One band's bucket heads: slot -> the most recent document with that band key (NO_DOC when
 * free). The key itself is not stored: it is the head's bkey, so a slot costs 4 bytes. */
typedef struct band_table {
	uint32_t *head;
	size_t n, mask;
} band_table;

typedef struct exact_ent {
	uint64_t hi, lo;
	uint32_t first; /* first document with this content; UINT32_MAX = empty slot */
} exact_ent;

/* Candidates of one family a document being added is verified against, at most: those sharing
 * the most bands with it (the best estimates of its similarity), the newest first. A family of
 * thousands costs a newcomer a few verifications, and an edit chain (a ~ b ~ c, a !~ c) still
 * links through its nearest members. Used by nf_dedup_add and by a store's add. */
#define FAMILY_TRIES 4

/* a candidate of the document being added: its family and the bands it shares with it */
typedef struct nf_ranked {
	int64_t num, family;
	size_t bands;
} nf_ranked;

/* Keeps at most FAMILY_TRIES of each family of v[0 .. n) (see FAMILY_TRIES) and returns how
 * many, in ascending num. */
NF_INTERNAL size_t nf_keep_per_family(nf_ranked *v, size_t n);

struct nf_dedup {
	nf_dedup_options opt;
	unsigned k, bands, rows;
	uint32_t n; /* documents added */
	/* per document */
	NF_VEC(int64_t) date;
	NF_VEC(uint32_t) length;
	NF_VEC(uint32_t) next; /* next[i * bands + b]: previous member of i's bucket in band b */
	NF_VEC(uint32_t) bkey; /* bkey[i * bands + b]: i's 32-bit key of band b */
	/* tables */
	band_table *bt; /* one per band */
	exact_ent *et;
	size_t et_n, et_mask;
	/* scratch */
	NF_VEC(nf_candidate) cand;
	NF_VEC(nf_ranked) ranked;
	/* per family root, within one band's walk: the walk it was last seen in, members taken */
	NF_VEC(uint32_t) walk_of, taken;
	uint32_t walk;
	NF_VEC(uint32_t) keys;
	/* families */
	nf_uf uf;
	uint32_t *rep; /* after nf_dedup_finish(): representative of each root */
};

#endif
