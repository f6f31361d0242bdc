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
/* seq: where the add's number will be once it began (the stage opens the passage index then). */
NF_INTERNAL int nf_add_reuse_new(nf_add_reuse **out, nf_store *s, const nf_add_options *o,
				 const int64_t *seq);
NF_INTERNAL void nf_add_reuse_free(nf_add_reuse *r);
/* The fingerprinting the stage uses (the feed makes them with these options). */
NF_INTERNAL void nf_add_reuse_options(nf_reuse_options *o);
/* Article num, stored in this add, with its fingerprints: its pairs with the stored articles and
 * the other new ones are found, aligned and kept, and its fingerprints kept, at the next flush
 * (every FLUSH fingerprints, and at commit). 0 or NF_E* (message in the store). */
NF_INTERNAL int nf_add_reuse_note(nf_add_reuse *r, int64_t num, const uint32_t *fp, size_t n);
/* The stage over what is noted and not yet flushed; *pairs: the pairs kept in this add, of which
 * *n related as copy or partial (they join copy families) are in *joins as a, b, a, b, ... */
NF_INTERNAL int nf_add_reuse_commit(nf_add_reuse *r, uint64_t *pairs, const int64_t **joins,
				    size_t *n);
/* After the add committed: what the passage index replaced is removed. */
NF_INTERNAL void nf_add_reuse_committed(nf_add_reuse *r);
/* Before article num's record goes or changes: its fingerprints and pairs dropped. */
NF_INTERNAL int nf_add_reuse_drop(nf_add_reuse *r, int64_t num);

/* Aligning a batch of article pairs from their stored records on worker threads (pairalign.c):
 * reset, give the records (any order) and the pairs (a < b), each unit of pairs opened by
 * nf_pair_aligner_unit (the pairs of one new article), run, then read the results by pair
 * index. Pairs dated further apart than `window` (both dated) are not aligned (NF_REL_NONE). */
typedef struct nf_pair_aligner nf_pair_aligner;
typedef struct nf_aligned_pair {
	int64_t a, b;
	int relation, source; /* source: 0 a, 1 b, -1 not named */
	double coverage_a, coverage_b;
	const char *spans; /* the spans' JSON as newsfold reuse writes them */
	size_t spans_len;
} nf_aligned_pair;
NF_INTERNAL int nf_pair_aligner_new(nf_pair_aligner **out, const nf_read_options *ro, int threads,
				    int64_t window);
NF_INTERNAL void nf_pair_aligner_free(nf_pair_aligner *pa);
NF_INTERNAL void nf_pair_aligner_reset(nf_pair_aligner *pa);
NF_INTERNAL int nf_pair_aligner_record(nf_pair_aligner *pa, int64_t num, const void *data,
				       size_t len, int format, int64_t date);
NF_INTERNAL int nf_pair_aligner_unit(nf_pair_aligner *pa);
NF_INTERNAL int nf_pair_aligner_pair(nf_pair_aligner *pa, int64_t a, int64_t b);
NF_INTERNAL int nf_pair_aligner_run(nf_pair_aligner *pa);
NF_INTERNAL size_t nf_pair_aligner_pairs(const nf_pair_aligner *pa);
/* Pair k into *out; returns its relation. */
NF_INTERNAL int nf_pair_aligner_result(const nf_pair_aligner *pa, size_t k, nf_aligned_pair *out);

/* The options the engine was made with. */
NF_INTERNAL const nf_engine_options *nf_engine_options_of(const nf_engine *e);

#endif
