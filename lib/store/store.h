/* store.h - the store's catalog inside the library: the SQLite handle and its helpers, for the
 * engine's add and the readers. Not part of the public API. */
#ifndef NF_STORE_H
#define NF_STORE_H

#include "../base/base.h"

#include <sqlite3.h>

#define NF_STORE_SCHEMA 4

struct nf_store {
	sqlite3 *db;
	bool readonly;
	char errmsg[512];
	char dir[4096];
};

/* Sets s->errmsg (printf-style) and returns code. */
NF_INTERNAL int nf_store_fail(nf_store *s, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A failed SQLite call as an NF_E* code, with the message in s->errmsg. */
NF_INTERNAL int nf_store_sqlfail(nf_store *s, int sqlrc, const char *what);
/* Runs SQL without results. 0 or an NF_E* (message set). */
NF_INTERNAL int nf_store_exec(nf_store *s, const char *sql);
/* Prepares a statement. 0 or an NF_E* (message set). */
NF_INTERNAL int nf_store_prepare(nf_store *s, sqlite3_stmt **st, const char *sql);
/* BEGIN IMMEDIATE (the write lock: NF_EBUSY when another writer holds it), COMMIT, ROLLBACK. */
NF_INTERNAL int nf_store_begin(nf_store *s);
NF_INTERNAL int nf_store_commit(nf_store *s);
NF_INTERNAL void nf_store_rollback(nf_store *s);
/* meta values */
NF_INTERNAL int64_t nf_store_meta_int(nf_store *s, const char *key, int64_t def);
NF_INTERNAL int nf_store_meta_set(nf_store *s, const char *key, int64_t v);
/* The articles counted by the last version of the corpus statistics (table stats); -1 when
 * there is none yet, or on a read error. */
NF_INTERNAL int64_t nf_store_stats_corpus(nf_store *s);

/* Parses the stored record in column `col` of a row whose next columns are its format, id and
 * id_is_number: the article as added, with its stored id (a record of a file format, such as a
 * seed file, names none). 0 or NF_ESTORE. */
NF_INTERNAL int nf_store_parse_row(nf_parser *p, sqlite3_stmt *st, int col, nf_doc *doc);

/* story_pairs.c: a story's digest from what the store holds. Whether the store keeps aligned
 * pairs (some add ran the reuse stage); if so, nf_store_digest_pairs hands the digester (after
 * nf_digest_known) the reuse pairs and duplicate links among the story's articles, nums[i] being
 * its article i. 0 or an NF_E* (message set). */
NF_INTERNAL bool nf_store_keeps_pairs(nf_store *s);
NF_INTERNAL int nf_store_digest_pairs(nf_store *s, nf_digester *dg, const int64_t *nums, size_t n);

#endif
