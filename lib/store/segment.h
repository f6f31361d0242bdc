/* segment.h - the passage index's immutable sorted segment files (segment.c). Not public. */
#ifndef NF_SEGMENT_H
#define NF_SEGMENT_H

#include "store.h"

/* A mapped segment: n postings, p[2 i] the fingerprint and p[2 i + 1] the article number of the
 * i-th, sorted. */
typedef struct nf_seg {
	int64_t id, seq; /* its catalog row; seq: the add that wrote it */
	const uint32_t *p;
	uint64_t n;
	void *map;
	size_t len, released; /* bytes of the mapping given back to the system (from its start) */
} nf_seg;

typedef struct nf_seg_writer nf_seg_writer;

/* A new segment file for catalog id `id`: postings put in sorted order, then finished (written,
 * synced with its directory; *n the postings) or abandoned (removed). 0 or NF_E* (message set;
 * NF_ENOSPC on a full disk). A write error of nf_seg_put is reported by nf_seg_finish. */
NF_INTERNAL int nf_seg_create(nf_store *s, int64_t id, nf_seg_writer **out);
NF_INTERNAL void nf_seg_put(nf_seg_writer *w, uint32_t fp, uint32_t num);
NF_INTERNAL int nf_seg_finish(nf_store *s, nf_seg_writer *w, uint64_t *n);
NF_INTERNAL void nf_seg_abandon(nf_seg_writer *w);
/* Maps segment `id`, which the catalog says holds n postings. NF_ESTORE when the file is missing
 * or does not match. */
NF_INTERNAL int nf_seg_map(nf_store *s, int64_t id, uint64_t n, nf_seg *g);
NF_INTERNAL void nf_seg_unmap(nf_seg *g);
/* The first posting at or after `from` whose fingerprint is >= fp (queries in ascending fp). */
NF_INTERNAL size_t nf_seg_lower(const nf_seg *g, size_t from, uint32_t fp);
/* The pages holding postings before index i are done with (reads go forward): given back
 * every 32 MiB, so that a scan of a large segment does not hold it all in memory. */
NF_INTERNAL void nf_seg_done_below(nf_seg *g, uint64_t i);
NF_INTERNAL void nf_seg_unlink(nf_store *s, int64_t id);
/* Removes the segment files of the directory whose ids are not among ids[0..n). Call with the
 * write lock held. */
NF_INTERNAL int nf_seg_remove_orphans(nf_store *s, const int64_t *ids, size_t n);

#endif
