/*
 * bands.c - the near-duplicate index of a store, two ways, on the same keys: SQLite (table
 * bands, what a store uses) against an immutable sorted segment file (the keys and article
 * numbers of a store as one sorted array, mmapped, searched by bisection; an add writes a new
 * segment of its own keys). For the last N articles of a store (by number): each of their band
 * keys is looked up (at most 512 articles per key, newest first, as an add does) and as many
 * keys are put, in one transaction that is rolled back (SQLite), or sorted into a new segment
 * that is written and synced (segments). Prints the times and the bytes each way takes.
 *
 *     bench/bands STORE_DIR [N]      (N default 100000)
 *
 * Figures only; nothing is asserted. Built by make bench-bands (release).
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
	free(all);
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
	free(q);
	free(add);
	return 0;
}
