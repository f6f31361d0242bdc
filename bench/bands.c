/*
 * bands.c - the near-duplicate index of a store, two ways, on the same keys: SQLite (table
 * bands, what a store uses) against an immutable sorted segment file (the keys and article
 * numbers of a store as one sorted array, mmapped, searched by bisection; an add writes a new
 * segment of its own keys), and, when built with HAVE_LMDB, an LMDB B+tree (one sorted
 * duplicate set of article numbers per key, memory-mapped). For the last N articles of a store
 * (by number): each of their band keys is looked up (at most 512 articles per key, newest
 * first, as an add does) and as many keys are put, in one transaction that is rolled back
 * (SQLite, LMDB), or sorted into a new segment that is written and synced (segments). Prints
 * the times and the bytes each way takes.
 *
 *     bench/bands STORE_DIR [N]      (N default 100000)
 *
 * Figures only; nothing is asserted. Built and run by make bench-store (release).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LMDB
#include <lmdb.h>
#endif

typedef struct entry {
	int64_t key, num;
} entry;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_entry(const void *x, const void *y)
{
	const entry *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->num > b->num) - (a->num < b->num);
}

static void die(const char *what, sqlite3 *db)
{
	fprintf(stderr, "bands: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
	exit(1);
}

/* Writes n entries to path and syncs it. */
static void write_segment(const char *path, const entry *e, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(e, sizeof(*e), n, f) != n || fflush(f) || fsync(fileno(f)) || fclose(f))
		die("writing a segment", NULL);
}

#ifdef HAVE_LMDB
static void lmdb_check(int rc, const char *what)
{
	if (rc) {
		fprintf(stderr, "bands: lmdb: %s: %s\n", what, mdb_strerror(rc));
		exit(1);
	}
}

/* LMDB: all n sorted entries appended into a fresh environment in dir (the build), then the
 * queries looked up (newest first, at most 512) and put in one write transaction, aborted. */
static void lmdb_bench(const char *dir, const entry *all, size_t n, const entry *q, size_t nq,
		       int64_t max_num)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/bands.lmdb", dir);
	unlink(path);
	MDB_env *env;
	MDB_dbi dbi;
	MDB_txn *txn;
	MDB_cursor *cur;
	lmdb_check(mdb_env_create(&env), "env");
	lmdb_check(mdb_env_set_mapsize(env, (size_t)64 << 30), "mapsize");
	lmdb_check(mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOTLS, 0644), "open");
	double t0 = now();
	lmdb_check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
	lmdb_check(mdb_dbi_open(txn, NULL, MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP, &dbi),
		   "dbi");
	lmdb_check(mdb_cursor_open(txn, dbi, &cur), "cursor");
	for (size_t i = 0; i < n; i++) {
		/* keys big-endian so that byte order is key order (MDB_APPEND needs it) */
		uint64_t kb = __builtin_bswap64((uint64_t)all[i].key);
		size_t v = (size_t)all[i].num;
		MDB_val k = {sizeof(kb), &kb}, d = {sizeof(v), &v};
		lmdb_check(mdb_cursor_put(cur, &k, &d, MDB_APPENDDUP), "append");
	}
	mdb_cursor_close(cur);
	lmdb_check(mdb_txn_commit(txn), "commit");
	lmdb_check(mdb_env_sync(env, 1), "sync");
	double t_build = now() - t0;
	uint64_t hits = 0;
	t0 = now();
	lmdb_check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
	lmdb_check(mdb_cursor_open(txn, dbi, &cur), "cursor");
	for (size_t i = 0; i < nq; i++) {
		uint64_t kb = __builtin_bswap64((uint64_t)q[i].key);
		MDB_val k = {sizeof(kb), &kb}, d;
		if (mdb_cursor_get(cur, &k, &d, MDB_SET_KEY) == 0 &&
		    mdb_cursor_get(cur, &k, &d, MDB_LAST_DUP) == 0) {
			size_t got = 1;
			hits++;
			while (got < 512 && mdb_cursor_get(cur, &k, &d, MDB_PREV_DUP) == 0) {
				hits++;
				got++;
			}
		}
		size_t v = (size_t)(q[i].num + max_num);
		MDB_val pk = {sizeof(kb), &kb}, pd = {sizeof(v), &v};
		lmdb_check(mdb_put(txn, dbi, &pk, &pd, 0), "put");
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	double t_q = now() - t0;
	MDB_stat st;
	MDB_envinfo info;
	lmdb_check(mdb_env_stat(env, &st), "stat");
	lmdb_check(mdb_env_info(env, &info), "info");
	double bytes = (double)(info.me_last_pgno + 1) * st.ms_psize;
	mdb_env_close(env);
	unlink(path);
	char lock[4300];
	snprintf(lock, sizeof(lock), "%s-lock", path);
	unlink(lock);
	printf("  LMDB:     build (sorted appends)    %8.2f s\n", t_build);
	printf("  LMDB:     look up + put, one tx     %8.2f s  (%llu hits)  file %.0f MB\n", t_q,
	       (unsigned long long)hits, bytes / 1e6);
}
#endif

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bands STORE_DIR [N]\n");
		return 2;
	}
	long long last = argc > 2 ? atoll(argv[2]) : 100000;
	char path[4096];
	snprintf(path, sizeof(path), "%s/newsfold.db", argv[1]);
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("opening the store", db);
	sqlite3_busy_timeout(db, 10000);
	sqlite3_stmt *st;

	/* every key, and the queries: the keys of the last `last` articles */
	double t0 = now();
	if (sqlite3_prepare_v2(db, "SELECT key, num FROM bands", -1, &st, NULL) != SQLITE_OK)
		die("reading bands", db);
	size_t n = 0, cap = 1 << 20;
	entry *all = malloc(cap * sizeof(*all));
	int64_t max_num = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap && !(all = realloc(all, (cap *= 2) * sizeof(*all))))
			die("memory", NULL);
		all[n].key = sqlite3_column_int64(st, 0);
		all[n].num = sqlite3_column_int64(st, 1);
		if (all[n].num > max_num)
			max_num = all[n].num;
		n++;
	}
	sqlite3_finalize(st);
	size_t nq = 0;
	entry *q = malloc(n * sizeof(*q) + 1);
	for (size_t i = 0; i < n; i++)
		if (all[i].num > max_num - last)
			q[nq++] = all[i];
	double t_read = now() - t0;

	/* SQLite: lookups and puts of the queries' keys, in one transaction, rolled back */
	sqlite3_stmt *find, *put;
	if (sqlite3_prepare_v2(db,
			       "SELECT num FROM bands WHERE key = ? ORDER BY num DESC LIMIT 512",
			       -1, &find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO bands(key, num) VALUES(?, ?)", -1, &put, NULL) !=
		SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		die("preparing", db);
	uint64_t hits_sql = 0;
	t0 = now();
	for (size_t i = 0; i < nq; i++) {
		sqlite3_bind_int64(find, 1, q[i].key);
		while (sqlite3_step(find) == SQLITE_ROW)
			hits_sql++;
		sqlite3_reset(find);
		sqlite3_bind_int64(put, 1, q[i].key);
		sqlite3_bind_int64(put, 2, q[i].num + max_num);
		if (sqlite3_step(put) != SQLITE_DONE)
			die("putting", db);
		sqlite3_reset(put);
	}
	double t_sql = now() - t0;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(find);
	sqlite3_finalize(put);
	int64_t sql_bytes = -1;
	if (sqlite3_prepare_v2(
		db,
		"SELECT sum(pgsize) FROM dbstat WHERE name IN ('bands', 'bands_key', "
		"'bands_num')",
		-1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		sql_bytes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* segments: one sorted file of everything, then the add's own segment */
	char seg[4200], seg2[4200];
	snprintf(seg, sizeof(seg), "%s/bands.seg", argv[1]);
	snprintf(seg2, sizeof(seg2), "%s/bands-new.seg", argv[1]);
	t0 = now();
	qsort(all, n, sizeof(*all), cmp_entry);
	write_segment(seg, all, n);
	double t_build = now() - t0;
	int fd = open(seg, O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb))
		die("opening the segment", NULL);
	const entry *s = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (s == MAP_FAILED)
		die("mapping the segment", NULL);
	size_t m = (size_t)sb.st_size / sizeof(entry);
	uint64_t hits_seg = 0;
	t0 = now();
	entry *add = malloc(nq * sizeof(*add) + 1);
	for (size_t i = 0; i < nq; i++) {
		size_t lo = 0, hi = m; /* the first entry past key: newest first, back from there */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s[mid].key <= q[i].key)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo, got = 0; k > 0 && s[k - 1].key == q[i].key && got < 512;
		     k--, got++)
			hits_seg++;
		add[i] = (entry){q[i].key, q[i].num + max_num};
	}
	qsort(add, nq, sizeof(*add), cmp_entry);
	write_segment(seg2, add, nq);
	double t_seg = now() - t0;
	munmap((void *)s, (size_t)sb.st_size);
	close(fd);
	unlink(seg);
	unlink(seg2);
	printf("bands: %zu keys of %lld articles; queries: the %zu keys of the last %lld\n", n,
	       (long long)max_num, nq, last);
	printf("  read all keys from SQLite           %8.2f s\n", t_read);
	printf("  SQLite:   look up + put, one tx     %8.2f s  (%llu hits)  index %.0f MB\n", t_sql,
	       (unsigned long long)hits_sql, sql_bytes / 1e6);
	printf("  segment:  build (sort + write)      %8.2f s  (a compaction of everything)\n",
	       t_build);
	printf("  segment:  look up + new segment     %8.2f s  (%llu hits)  file %.0f MB\n", t_seg,
	       (unsigned long long)hits_seg, (double)sb.st_size / 1e6);
#ifdef HAVE_LMDB
	lmdb_bench(argv[1], all, n, q, nq, max_num);
#else
	printf("  LMDB:     not built (install liblmdb-dev: scripts/install-deps --bench)\n");
#endif
	free(all);
	free(q);
	free(add);
	return 0;
}
