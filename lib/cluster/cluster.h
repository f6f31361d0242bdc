/* cluster.h - what later stages (digest) use of the event-term code, inside the library. */
#ifndef NF_CLUSTER_H
#define NF_CLUSTER_H

#include "../base/base.h"

/* A normalized word's stem (into e's scratch, valid until the next call), or 0 for a stopword
 * or a word under two bytes. Returns the stem's length. */
NF_INTERNAL size_t nf_event_stem(nf_eventer *e, const char *s, size_t n, const char **out);
/* Whether nf_event_stem() ran out of memory since the last call (it then said "no stem"): the
 * caller's result is wrong and must be an NF_ENOMEM. */
NF_INTERNAL bool nf_event_take_oom(nf_eventer *e);
/* A normalized name's spelling-folded key (as in the name terms), valid until the next call. */
NF_INTERNAL size_t nf_event_name_key(nf_eventer *e, const char *s, size_t n, const char **out);

#endif
