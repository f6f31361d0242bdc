/* passages.h - the store's passage index (passages.c): which stored articles hold a passage
 * fingerprint, in immutable sorted segment files listed by the catalog. Not public. */
#ifndef NF_PASSAGES_H
#define NF_PASSAGES_H

#include "store.h"

typedef struct nf_passages nf_passages;

/* Opens the index for the add numbered seq, inside its transaction (the write lock held): maps
 * the listed segments and removes the files no add committed. 0 or NF_E* (message set). */
NF_INTERNAL int nf_passages_open(nf_passages **out, nf_store *s, int64_t seq);
NF_INTERNAL void nf_passages_free(nf_passages *p);
/* Look-ups come in ascending fingerprint order from here on. */
NF_INTERNAL void nf_passages_rewind(nf_passages *p);
/* The live articles holding fp appended to *hits (a growable array of n, cap), at most max + 1
 * of them (more than max: too common). 0 or NF_ENOMEM. */
NF_INTERNAL int nf_passages_find(nf_passages *p, uint32_t fp, int64_t **hits, size_t *n,
				 size_t *cap, size_t max);
/* The smallest live article holding fp, or -1; in the same ascending order of look-ups as
 * nf_passages_find. */
NF_INTERNAL int64_t nf_passages_first(nf_passages *p, uint32_t fp);
/* Article num's postings are dead from now on (it changes or goes). 0 or NF_E*. */
NF_INTERNAL int nf_passages_kill(nf_passages *p, int64_t num);
/* A new segment of n postings, given in (fingerprint, number) order by get(ctx, i, ...); listed
 * in the add's transaction and searched by later look-ups of the add. 0 or NF_E*. */
NF_INTERNAL int nf_passages_write(nf_passages *p, size_t n,
				  void (*get)(void *ctx, size_t i, uint32_t *fp, int64_t *num),
				  void *ctx);
/* Before commit: merges the newest two segments while the newest is more than half as large as
 * the one before (sizes then grow geometrically: O(log n) segments, each posting rewritten
 * O(log n) times), leaving out dead postings. 0 or NF_E*. */
NF_INTERNAL int nf_passages_compact(nf_passages *p);
/* After commit: the files merges replaced are removed. */
NF_INTERNAL void nf_passages_committed(nf_passages *p);

/* Checks every listed segment: its file, its order, and that each posting is of an article
 * stored or of one whose postings are dead. 0, NF_ESTORE (message set: what is wrong), NF_E*. */
NF_INTERNAL int nf_passages_check(nf_store *s);
/* Moves the rows of a table passages(fp, num) (schema 2) into a segment and drops the table;
 * inside the migration's transaction. */
NF_INTERNAL int nf_passages_migrate(nf_store *s);

/* Every family made again as the components of the stored families and the reuse pairs related
 * as copy or partial (the one definition of a copy family; stores of schema 2 joined by
 * duplicate links only). Inside the migration's transaction. */
NF_INTERNAL int nf_store_refamily_all(nf_store *s);

#endif
