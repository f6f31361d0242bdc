/* link.h - internal view of the near-duplicate index, shared with lib/cluster. */
#ifndef NF_LINK_H
#define NF_LINK_H

#include "../base/base.h"
#include "../base/uf.h"

typedef struct band_ent {
	uint64_t key;  /* band number and lanes, hashed; 0 = empty slot */
	uint32_t head; /* most recent document with this key */
} band_ent;

typedef struct exact_ent {
	uint64_t hi, lo;
	uint32_t first; /* first document with this content; UINT32_MAX = empty slot */
} exact_ent;

struct nf_dedup {
	nf_dedup_options opt;
	unsigned k, bands, rows;
	uint32_t n; /* documents added */
	/* per document */
	NF_VEC(int64_t) date;
	NF_VEC(uint64_t) length;
	NF_VEC(uint32_t) next; /* next[i * bands + b]: previous member of i's bucket in band b */
	/* tables */
	band_ent *bt;
	size_t bt_n, bt_mask;
	exact_ent *et;
	size_t et_n, et_mask;
	/* scratch */
	NF_VEC(nf_candidate) cand;
	NF_VEC(uint64_t) keys;
	/* families */
	nf_uf uf;
	uint32_t *rep; /* after nf_dedup_finish(): representative of each root */
};

#endif
