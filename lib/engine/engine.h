/* engine.h - what the engine's modules share (not part of the public API). */
#ifndef NF_ENGINE_H
#define NF_ENGINE_H

#include "../store/store.h"

/* Redoes the stories around the articles an add brought (seeds: their numbers) and of the
 * stories their old versions were in, with stable ids and events under `seq`; digests too when
 * asked. Counts into *st. Returns 0 or NF_E* (message in the store). */
NF_INTERNAL int nf_recluster(nf_store *s, const nf_add_options *o, int64_t seq,
			     const int64_t *seeds, size_t n_seeds, const int64_t *old_stories,
			     size_t n_old, nf_add_stats *st);

/* The reuse stage of an add (add_reuse.c). */
typedef struct nf_add_reuse nf_add_reuse;
NF_INTERNAL int nf_add_reuse_new(nf_add_reuse **out, nf_store *s, const nf_add_options *o);
NF_INTERNAL void nf_add_reuse_free(nf_add_reuse *r);
/* Article num (stored in this add): its pairs with stored articles found, aligned and kept
 * (counted into *pairs), its fingerprints kept. 0 or NF_E* (message in the store). */
NF_INTERNAL int nf_add_reuse_article(nf_add_reuse *r, int64_t num, uint64_t *pairs);
/* Before article num's record goes or changes: its fingerprints and pairs dropped. */
NF_INTERNAL int nf_add_reuse_drop(nf_add_reuse *r, int64_t num);

#endif
