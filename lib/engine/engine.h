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

#endif
