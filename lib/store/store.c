/*
 * store.c - the store: a directory holding newsfold.db, a SQLite database (the catalog and the
 * bulk indexes) in WAL mode with full synchronisation, so that one add is one transaction: a
 * process killed at any moment leaves the adds that committed and nothing of the others.
 *
 * Opening refuses what is not a store: a directory without newsfold.db that holds anything else
 * is never written to; a database without our application mark is "not a store"; a schema newer
 * than this library is refused; an older one is migrated in place inside one transaction. Store
 * directories on network file systems are refused (SQLite's WAL needs shared memory on a local
 * disk). The schema is documented for users in docs/store.md.
 */
#include "store.h"

#include "passages.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value);\n"
    "CREATE TABLE adds(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, at INTEGER NOT NULL,\n"
    "  records INTEGER NOT NULL DEFAULT 0, new INTEGER NOT NULL DEFAULT 0,\n"
    "  updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0,\n"
    "  rejected INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE articles(num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
    "  id_is_number INTEGER NOT NULL, version INTEGER NOT NULL, date INTEGER, title TEXT,\n"
    "  source TEXT, url TEXT, format INTEGER NOT NULL, record BLOB NOT NULL,\n"
    "  record_hash INTEGER NOT NULL, exact_hi INTEGER, exact_lo INTEGER,\n"
    "  family INTEGER NOT NULL, story INTEGER, terms BLOB, seq INTEGER NOT NULL);\n"
    "CREATE INDEX articles_date ON articles(date);\n"
    "CREATE INDEX articles_story ON articles(story);\n"
    "CREATE INDEX articles_family ON articles(family);\n"
    "CREATE INDEX articles_exact ON articles(exact_hi, exact_lo);\n"
    "CREATE TABLE article_versions(id TEXT NOT NULL, version INTEGER NOT NULL,\n"
    "  record BLOB NOT NULL, seq INTEGER NOT NULL, replaced_seq INTEGER NOT NULL,\n"
    "  PRIMARY KEY(id, version));\n"
    "CREATE TABLE bands(key INTEGER NOT NULL, num INTEGER NOT NULL);\n"
    "CREATE INDEX bands_key ON bands(key);\n"
    "CREATE INDEX bands_num ON bands(num);\n"
    "CREATE TABLE links(a INTEGER NOT NULL, b INTEGER NOT NULL, kind TEXT NOT NULL,\n"
    "  score REAL NOT NULL, PRIMARY KEY(a, b));\n"
    "CREATE INDEX links_b ON links(b);\n"
    "CREATE TABLE terms(tid INTEGER PRIMARY KEY, kind INTEGER NOT NULL, text TEXT NOT NULL,\n"
    "  hash INTEGER NOT NULL, df INTEGER NOT NULL DEFAULT 0, UNIQUE(kind, text));\n"
    "CREATE TABLE stories(id INTEGER PRIMARY KEY, first INTEGER, last INTEGER,\n"
    "  size INTEGER NOT NULL, first_article INTEGER, created_seq INTEGER NOT NULL,\n"
    "  updated_seq INTEGER NOT NULL, merged_into INTEGER, headline TEXT, line TEXT,\n"
    "  digest TEXT);\n"
    "CREATE INDEX stories_first ON stories(first);\n"
    "CREATE TABLE events(seq INTEGER NOT NULL, story INTEGER NOT NULL, kind TEXT NOT NULL,\n"
    "  other INTEGER, size INTEGER);\n"
    "CREATE INDEX events_seq ON events(seq);\n";

int nf_store_fail(nf_store *s, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

int nf_store_sqlfail(nf_store *s, int sqlrc, const char *what)
{
	int code = NF_EIO;
	switch (sqlrc & 0xff) {
	case SQLITE_NOMEM:
		code = NF_ENOMEM;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return nf_store_fail(s, NF_EBUSY,
				     "%s: the store is locked by another writer (another newsfold "
				     "add?); try again when it has finished",
				     s->dir);
	case SQLITE_FULL:
		return nf_store_fail(s, NF_ENOSPC,
				     "%s: no space left on the device (%s); the store "
				     "is as it was before this change",
				     s->dir, what);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = NF_ESTORE;
		break;
	}
	return nf_store_fail(s, code, "%s: %s: %s", s->dir, what,
			     s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(sqlrc));
}

int nf_store_exec(nf_store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : nf_store_sqlfail(s, rc, "SQL");
}

int nf_store_prepare(nf_store *s, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : nf_store_sqlfail(s, rc, "SQL");
}

int nf_store_begin(nf_store *s)
{
	if (s->readonly)
		return nf_store_fail(s, NF_EINVAL, "%s: opened read-only", s->dir);
	return nf_store_exec(s, "BEGIN IMMEDIATE");
}

int nf_store_commit(nf_store *s)
{
	return nf_store_exec(s, "COMMIT");
}

void nf_store_rollback(nf_store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t nf_store_stats_corpus(nf_store *s)
{
	sqlite3_stmt *st;
	int64_t at = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT corpus FROM stats ORDER BY version DESC LIMIT 1", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		at = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return at;
}

int64_t nf_store_meta_int(nf_store *s, const char *key, int64_t def)
{
	sqlite3_stmt *st;
	int64_t v = def;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL))
		return def;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int nf_store_meta_set(nf_store *s, const char *key, int64_t v)
{
	sqlite3_stmt *st;
	int rc = nf_store_prepare(s, &st, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : nf_store_sqlfail(s, r, "writing meta");
}

/* Directories only holding . and .. */
static bool dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* Network file systems, where SQLite's WAL (shared memory, locks) is not safe. */
static const char *network_fs(const char *dir)
{
	struct statfs fs;
	if (statfs(dir, &fs) != 0)
		return NULL;
	switch ((unsigned long)fs.f_type) {
	case 0x6969UL:
		return "NFS";
	case 0x517BUL:
		return "SMB";
	case 0xFF534D42UL:
		return "CIFS";
	case 0xFE534D42UL:
		return "SMB2";
	case 0x47504653UL:
		return "GPFS";
	case 0x0BD00BD0UL:
		return "Lustre";
	}
	return NULL;
}

/* Version 2: the reuse stage's passage fingerprints and the pairs sharing passages. */
static const char schema_v2[] =
    "CREATE TABLE passages(fp INTEGER NOT NULL, num INTEGER NOT NULL, PRIMARY KEY(fp, num))\n"
    "  WITHOUT ROWID;\n"
    "CREATE TABLE reuse(a INTEGER NOT NULL, b INTEGER NOT NULL, relation TEXT NOT NULL,\n"
    "  coverage_a REAL NOT NULL, coverage_b REAL NOT NULL, source INTEGER, spans TEXT NOT NULL,\n"
    "  PRIMARY KEY(a, b));\n"
    "CREATE INDEX reuse_b ON reuse(b);\n";

/* Version 3: versioned corpus statistics (stories weigh terms by the document frequencies of the
 * last version: terms.df_at, stats.corpus; stats holds one row per version), and the passage
 * index moved out of table passages into segment files (passages.c) listed by table segments,
 * with passages_gone saying which articles' postings are dead. */
static const char schema_v3[] =
    "ALTER TABLE terms ADD COLUMN df_at INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE stats(version INTEGER PRIMARY KEY, seq INTEGER NOT NULL,\n"
    "  corpus INTEGER NOT NULL, terms INTEGER NOT NULL);\n"
    "CREATE TABLE segments(id INTEGER PRIMARY KEY, seq INTEGER NOT NULL,\n"
    "  entries INTEGER NOT NULL);\n"
    "CREATE TABLE passages_gone(num INTEGER NOT NULL, seq INTEGER NOT NULL);\n";

/* Version 4: each term's surface form, what users are shown ("ceasefire" for the stem
 * "ceasefir"): the best of those its articles write (nf_surface_better). */
static const char schema_v4[] = "ALTER TABLE terms ADD COLUMN surface TEXT;\n";

/* The statistics of a store of version 2 become version 1 of its statistics. */
static const char stats_v1[] =
    "UPDATE terms SET df_at = df;\n"
    "INSERT INTO stats SELECT 1, coalesce((SELECT max(seq) FROM adds), 0), value,\n"
    "  (SELECT count(*) FROM terms WHERE df > 0) FROM meta WHERE key = 'corpus' AND value > 0;\n";

static int create_schema(nf_store *s)
{
	int rc = nf_store_exec(s, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	if ((rc = nf_store_exec(s, schema_v1)) || (rc = nf_store_exec(s, schema_v2)) ||
	    (rc = nf_store_exec(s, schema_v3)) || (rc = nf_store_exec(s, schema_v4)) ||
	    (rc = nf_store_exec(s, "DROP TABLE passages")) ||
	    (rc = nf_store_exec(s, "INSERT INTO meta VALUES('application', 'newsfold');"
				   "INSERT INTO meta VALUES('schema_version', 4);"
				   "INSERT INTO meta VALUES('next_story', 1);"
				   "INSERT INTO meta VALUES('corpus', 0);")) ||
	    (rc = nf_store_commit(s))) {
		nf_store_rollback(s);
		return rc;
	}
	return 0;
}

/* Brings a store of schema version v up to NF_STORE_SCHEMA in place, one transaction: all of it
 * or (on any failure) none. */
static int migrate(nf_store *s, int64_t v)
{
	int rc = nf_store_exec(s, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	/* 1 -> 2: the reuse stage's tables; articles stored before take part in reuse from their
	 * next version on (their fingerprints were never kept) */
	if (v < 2)
		rc = nf_store_exec(s, schema_v2);
	/* 2 -> 3: the statistics stored so far are their first version; the passages become a
	 * segment; copy families take the reuse pairs too */
	if (!rc && v < 3 && !(rc = nf_store_exec(s, schema_v3)) &&
	    !(rc = nf_store_exec(s, stats_v1)) && !(rc = nf_passages_migrate(s)))
		rc = nf_store_refamily_all(s);
	/* 3 -> 4: terms get their surface forms as articles using them are added */
	if (!rc && v < 4)
		rc = nf_store_exec(s, schema_v4);
	if (!rc)
		rc = nf_store_exec(s, "UPDATE meta SET value = 4 WHERE key = 'schema_version'");
	if (!rc)
		rc = nf_store_commit(s);
	if (rc) {
		nf_store_rollback(s);
		return nf_store_fail(s, rc,
				     "%s: migrating the store from schema %lld to %d failed "
				     "(the store is as it was): %s",
				     s->dir, (long long)v, NF_STORE_SCHEMA, nf_strerror(rc));
	}
	return 0;
}

/* Checks what is there is a store of a version we can use. */
static int check_schema(nf_store *s)
{
	sqlite3_stmt *st;
	int r = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'application'", -1,
				   &st, NULL);
	bool ours = false;
	if (r == SQLITE_OK) {
		ours = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
		       strcmp((const char *)sqlite3_column_text(st, 0), "newsfold") == 0;
		sqlite3_finalize(st);
	}
	if (!ours)
		return nf_store_fail(
		    s, NF_ESTORE, "%s: newsfold.db is not a newsfold store (not touched)", s->dir);
	int64_t v = nf_store_meta_int(s, "schema_version", 0);
	if (v > NF_STORE_SCHEMA)
		return nf_store_fail(s, NF_EVERSION,
				     "%s: store schema version %lld is newer than this newsfold's "
				     "(%d): use a newer newsfold",
				     s->dir, (long long)v, NF_STORE_SCHEMA);
	if (v < 1)
		return nf_store_fail(s, NF_ESTORE, "%s: store without a schema version", s->dir);
	if (v == NF_STORE_SCHEMA || s->readonly)
		return 0; /* a reader reads an older store as it is */
	return migrate(s, v);
}

int nf_store_open(nf_store **out, const char *dir, unsigned flags)
{
	nf_store *s = calloc(1, sizeof(*s));
	*out = s;
	if (!s)
		return NF_ENOMEM;
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->readonly = flags & NF_STORE_READONLY;
	char path[4200];
	snprintf(path, sizeof(path), "%s/newsfold.db", dir);
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT || !(flags & NF_STORE_CREATE) || s->readonly)
			return nf_store_fail(s, NF_ENOENT, "%s: no store here (%s)", dir,
					     strerror(errno));
		if (mkdir(dir, 0777) != 0)
			return nf_store_fail(s, NF_EIO, "%s: cannot create: %s", dir,
					     strerror(errno));
	} else if (!S_ISDIR(sb.st_mode)) {
		return nf_store_fail(s, NF_ESTORE, "%s: not a directory, so not a store", dir);
	}
	const char *net = network_fs(dir);
	if (net)
		return nf_store_fail(
		    s, NF_EINVAL,
		    "%s: on a network file system (%s); a store needs a local disk "
		    "(SQLite's write-ahead log does not work over the network)",
		    dir, net);
	bool exists = stat(path, &sb) == 0;
	if (!exists) {
		if (!dir_empty(dir))
			return nf_store_fail(
			    s, NF_ESTORE,
			    "%s: not a newsfold store (no newsfold.db) and not empty: "
			    "not touched",
			    dir);
		if (!(flags & NF_STORE_CREATE) || s->readonly)
			return nf_store_fail(s, NF_ENOENT, "%s: no store here (no newsfold.db)",
					     dir);
	}
	int mode = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int r = sqlite3_open_v2(path, &s->db, mode | SQLITE_OPEN_NOMUTEX, NULL);
	if (r != SQLITE_OK)
		return nf_store_sqlfail(s, r, "opening newsfold.db");
	sqlite3_busy_timeout(s->db, 10000);
	int rc;
	if (!s->readonly && (rc = nf_store_exec(s, "PRAGMA journal_mode=WAL")))
		return rc == NF_EIO ? nf_store_fail(s, NF_ESTORE,
						    "%s: newsfold.db is not a newsfold "
						    "store (not touched)",
						    dir)
				    : rc;
	/* 64 MiB of page cache (SQLite's default is 2 MiB): an add walks the indexes of a store of
	 * millions of articles, and each page missed is a look-up in the write-ahead log and a read
	 */
	if ((rc = nf_store_exec(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; "
				   "PRAGMA cache_size=-65536;")))
		return rc;
	if (!exists && (rc = create_schema(s)))
		return rc;
	return check_schema(s);
}

void nf_store_close(nf_store *s)
{
	if (!s)
		return;
	if (s->db)
		sqlite3_close_v2(s->db);
	free(s);
}

const char *nf_store_errmsg(const nf_store *s)
{
	return s ? s->errmsg : "out of memory";
}

int64_t nf_store_last_seq(nf_store *s)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT max(seq) FROM adds", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

int nf_store_parse_row(nf_parser *p, sqlite3_stmt *st, int col, nf_doc *doc)
{
	nf_record rec = {
	    sqlite3_column_blob(st, col),   (size_t)sqlite3_column_bytes(st, col), "store", 1, 0,
	    sqlite3_column_int(st, col + 1)};
	nf_error err;
	if (nf_parse(p, &rec, doc, &err))
		return NF_ESTORE;
	doc->id = (nf_str){(const char *)sqlite3_column_text(st, col + 2),
			   (size_t)sqlite3_column_bytes(st, col + 2)};
	doc->id_is_number = sqlite3_column_int(st, col + 3) != 0;
	return 0;
}
