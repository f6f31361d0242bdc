/*
 * reader.c - streams raw records out of files, directories and stdin.
 *
 * Each input is opened, sniffed for gzip/zstd magic bytes and decompressed on the fly, then
 * sniffed again for its format (JSONL, seed, plain text). JSONL is split into lines in a buffer
 * that grows only up to the record cap: a longer line is skipped in streaming fashion and
 * reported as a reject, so memory never depends on the input. Seed and text files are one record
 * each. Directories are expanded in byte order of names, so runs are reproducible. WARC and
 * ARC archives are split into records by warc.c, through the window functions of ingest.h
 * (nf_reader_peek and the rest, at the end of this file).
 */
#include "ingest.h"

#include "../web/web.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define CHUNK	    (1u << 20)
#define DEFAULT_CAP ((size_t)64 << 20)

enum { COMP_NONE, COMP_GZIP, COMP_ZSTD };

struct input {
	char *path;
	char *name; /* what records and errors call it (NULL: the path) */
};

struct dirid {
	dev_t dev;
	ino_t ino;
};

struct nf_reader {
	nf_read_options opt;
	size_t cap; /* max record bytes */
	NF_VEC(struct input) queue;
	size_t qpos;
	NF_VEC(char *) paths; /* every path string handed out (kept for nf_error.file) */

	/* the open input */
	int fd;
	const char *path;
	int comp;
	bool eof_raw; /* no more compressed/raw bytes */
	bool eof;     /* no more decompressed bytes */
	bool in_file;
	int format;
	char eol;   /* JSONL: the line end ('\n', or '\r' in a file of CR line ends) */
	bool array; /* JSON: one array of articles, read element by element */
	/* the array scanner: bytes of buf[beg..] scanned, depth, inside a string, after a
	 * backslash, inside an element (which starts at beg), past the '[' */
	size_t a_done;
	int a_depth;
	bool a_str, a_esc, a_in, a_open;
	unsigned char *raw; /* compressed input chunk */
	size_t raw_pos, raw_len;
	z_stream zs;
	bool zs_init;
	ZSTD_DCtx *zd;
	bool zst_open;	  /* inside a zstd frame */
	uint64_t raw_off; /* input offset of raw[0] */
	/* gzip members that start in the buffered bytes: (compressed, decompressed) offsets */
	NF_VEC(uint64_t) members;
	uint64_t verified; /* decompressed bytes up to the end of the last complete member/frame */
	nf_archive *archive; /* the WARC/ARC splitter (warc.c), made on first use */
	nf_webfeed *feed;    /* the items of the open feed (lib/web/webfeed.c), made on first use */
	size_t feed_next;    /* the next item to hand out; SIZE_MAX: the feed is not split yet */

	/* decompressed bytes: buf[beg, end) unconsumed */
	char *buf;
	size_t beg, end, bufcap;
	uint64_t buf_off; /* input offset of buf[0] */
	uint64_t line;	  /* lines consumed so far */
	bool skipping;	  /* inside an over-long line */

	nf_reader_stats st;
	nf_error pending; /* damaged compressed data: reported after the records before it */
	bool has_pending;
	NF_VEC(struct dirid) dirs; /* the directories walked (a link back to one is not walked) */
};

static char *dupstr(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

int nf_reader_new(nf_reader **out, const nf_read_options *opt)
{
	nf_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NF_ENOMEM;
	if (opt)
		r->opt = *opt;
	r->cap = r->opt.max_record ? r->opt.max_record : DEFAULT_CAP;
	if (r->cap > UINT32_MAX - 1) {
		free(r);
		return NF_EINVAL;
	}
	r->fd = -1;
	r->raw = malloc(CHUNK);
	r->bufcap = CHUNK;
	r->buf = malloc(r->bufcap);
	if (!r->raw || !r->buf) {
		nf_reader_free(r);
		return NF_ENOMEM;
	}
	*out = r;
	return 0;
}

static void close_input(nf_reader *r)
{
	r->members.n = 0;
	if (r->fd > 0)
		close(r->fd);
	r->fd = -1;
	if (r->zs_init)
		inflateEnd(&r->zs);
	r->zs_init = false;
	r->in_file = false;
}

void nf_reader_free(nf_reader *r)
{
	if (!r)
		return;
	close_input(r);
	ZSTD_freeDCtx(r->zd);
	nf_archive_free(r->archive);
	nf_webfeed_free(r->feed);
	NF_VEC_FREE(&r->members);
	for (size_t i = r->qpos; i < r->queue.n; i++) {
		free(r->queue.a[i].path);
		free(r->queue.a[i].name);
	}
	NF_VEC_FREE(&r->queue);
	for (size_t i = 0; i < r->paths.n; i++)
		free(r->paths.a[i]);
	NF_VEC_FREE(&r->paths);
	NF_VEC_FREE(&r->dirs);
	free(r->raw);
	free(r->buf);
	free(r);
}

static int queue_insert(nf_reader *r, size_t at, char *path, char *name)
{
	if (NF_VEC_RESERVE(&r->queue, r->queue.n + 1)) {
		free(path);
		free(name);
		return NF_ENOMEM;
	}
	memmove(r->queue.a + at + 1, r->queue.a + at, (r->queue.n - at) * sizeof(*r->queue.a));
	r->queue.a[at] = (struct input){path, name};
	r->queue.n++;
	return 0;
}

int nf_reader_add_as(nf_reader *r, const char *path, const char *name)
{
	char *p = dupstr(path), *nm = name ? dupstr(name) : NULL;
	if (!p || (name && !nm)) {
		free(p);
		free(nm);
		return NF_ENOMEM;
	}
	return queue_insert(r, r->queue.n, p, nm);
}

int nf_reader_add(nf_reader *r, const char *path)
{
	return nf_reader_add_as(r, path, NULL);
}

void nf_reader_stats_get(const nf_reader *r, nf_reader_stats *st)
{
	*st = r->st;
}

/* --- directory expansion ---------------------------------------------------------------- */

static bool ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Files read from directories: article formats, optionally compressed. */
static bool wanted_name(const char *name)
{
	size_t n = strlen(name);
	if (ends_with(name, n, ".gz"))
		n -= 3;
	else if (ends_with(name, n, ".zst"))
		n -= 4;
	static const char *const exts[] = {".txt", ".text",  ".jsonl", ".ndjson", ".json", ".html",
					   ".htm", ".xhtml", ".rss",   ".atom",	  ".warc", ".arc"};
	for (size_t i = 0; i < NF_ARRAY_LEN(exts); i++)
		if (ends_with(name, n, exts[i]))
			return true;
	return false;
}

/* A name that says web page: .html, .htm, .xhtml (optionally .gz or .zst). */
static bool html_name(const char *name)
{
	size_t n = strlen(name);
	if (ends_with(name, n, ".gz"))
		n -= 3;
	else if (ends_with(name, n, ".zst"))
		n -= 4;
	return ends_with(name, n, ".html") || ends_with(name, n, ".htm") ||
	       ends_with(name, n, ".xhtml");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replaces the directory at queue[qpos] by its wanted entries, sorted. */
static int expand_dir(nf_reader *r, const char *dir, nf_error *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		nf_error_set(err, errno == ENOENT ? NF_ENOENT : NF_EIO, dir, 0, 0,
			     "cannot read directory: %s", strerror(errno));
		return err->code;
	}
	NF_VEC(char *) names = {0};
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') {
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				r->st.files_skipped++;
			continue;
		}
		size_t dl = strlen(dir), nl = strlen(e->d_name);
		char *full = malloc(dl + nl + 2);
		if (!full) {
			rc = NF_ENOMEM;
			break;
		}
		memcpy(full, dir, dl);
		size_t k = dl;
		if (k && full[k - 1] != '/')
			full[k++] = '/';
		memcpy(full + k, e->d_name, nl + 1);
		struct stat sb;
		bool isdir = stat(full, &sb) == 0 && S_ISDIR(sb.st_mode);
		if (!isdir && !wanted_name(e->d_name)) {
			r->st.files_skipped++;
			free(full);
			continue;
		}
		if (NF_VEC_PUSH(&names, full)) {
			free(full);
			rc = NF_ENOMEM;
			break;
		}
	}
	closedir(d);
	if (rc == 0) {
		if (names.n > 1)
			qsort(names.a, names.n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < names.n; i++) {
			rc = queue_insert(r, r->qpos + i, names.a[i], NULL);
			names.a[i] = NULL;
			if (rc)
				break;
		}
	}
	for (size_t i = 0; i < names.n; i++)
		free(names.a[i]);
	NF_VEC_FREE(&names);
	return rc;
}

/* --- decompression ---------------------------------------------------------------------- */

static int fill_raw(nf_reader *r, nf_error *err)
{
	if (r->raw_pos < r->raw_len || r->eof_raw)
		return 0;
	ssize_t k;
	do
		k = read(r->fd, r->raw, CHUNK);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		nf_error_set(err, NF_EIO, r->path, r->line + 1, r->buf_off + r->end,
			     "read error: %s", strerror(errno));
		r->eof_raw = true;
		return NF_EIO;
	}
	r->raw_off += r->raw_len;
	r->raw_pos = 0;
	r->raw_len = (size_t)k;
	if (k == 0)
		r->eof_raw = true;
	return 0;
}

/* Appends decompressed bytes to buf[end..bufcap). Returns bytes added (0 at EOF) or < 0. */
static long produce(nf_reader *r, nf_error *err)
{
	size_t room = r->bufcap - r->end;
	for (;;) {
		int rc = fill_raw(r, err);
		if (rc)
			return rc;
		if (r->comp == COMP_NONE) {
			size_t k = NF_MIN(room, r->raw_len - r->raw_pos);
			if (k == 0 && r->eof_raw)
				return 0;
			memcpy(r->buf + r->end, r->raw + r->raw_pos, k);
			r->raw_pos += k;
			r->end += k;
			return (long)k;
		}
		if (r->comp == COMP_GZIP) {
			if (r->raw_pos == r->raw_len && r->eof_raw) {
				if (r->zs_init) {
					nf_error_set(err, NF_ECORRUPT, r->path, r->line + 1,
						     r->buf_off + r->end, "truncated gzip stream");
					inflateEnd(&r->zs);
					r->zs_init = false;
					return NF_ECORRUPT;
				}
				return 0;
			}
			if (!r->zs_init) {
				memset(&r->zs, 0, sizeof(r->zs));
				if (inflateInit2(&r->zs, 15 + 16) != Z_OK)
					return NF_ENOMEM;
				r->zs_init = true;
				uint64_t at[2] = {r->raw_off + r->raw_pos, r->buf_off + r->end};
				if (NF_VEC_RESERVE(&r->members, r->members.n + 2))
					return NF_ENOMEM;
				memcpy(r->members.a + r->members.n, at, sizeof(at));
				r->members.n += 2;
			}
			r->zs.next_in = r->raw + r->raw_pos;
			r->zs.avail_in = (uInt)(r->raw_len - r->raw_pos);
			r->zs.next_out = (unsigned char *)r->buf + r->end;
			r->zs.avail_out = (uInt)room;
			int zr = inflate(&r->zs, Z_NO_FLUSH);
			size_t got = room - r->zs.avail_out;
			r->raw_pos = r->raw_len - r->zs.avail_in;
			r->end += got;
			if (zr == Z_STREAM_END) {
				/* concatenated members are read one after the other */
				inflateEnd(&r->zs);
				r->zs_init = false;
				r->verified = r->buf_off + r->end;
			} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
				nf_error_set(err, NF_ECORRUPT, r->path, r->line + 1,
					     r->buf_off + r->end, "corrupt gzip data: %s",
					     r->zs.msg ? r->zs.msg : "inflate failed");
				inflateEnd(&r->zs);
				r->zs_init = false;
				r->eof_raw = true;
				r->raw_pos = r->raw_len;
				return NF_ECORRUPT;
			}
			if (got)
				return (long)got;
			continue;
		}
		/* zstd */
		if (r->raw_pos == r->raw_len && r->eof_raw) {
			if (r->zst_open) {
				r->zst_open = false;
				nf_error_set(err, NF_ECORRUPT, r->path, r->line + 1,
					     r->buf_off + r->end, "truncated zstd stream");
				return NF_ECORRUPT;
			}
			return 0;
		}
		ZSTD_inBuffer in = {r->raw, r->raw_len, r->raw_pos};
		ZSTD_outBuffer outb = {r->buf + r->end, room, 0};
		size_t zr = ZSTD_decompressStream(r->zd, &outb, &in);
		r->raw_pos = in.pos;
		r->end += outb.pos;
		r->zst_open = !ZSTD_isError(zr) && zr != 0;
		if (zr == 0)
			r->verified = r->buf_off + r->end;
		if (ZSTD_isError(zr)) {
			nf_error_set(err, NF_ECORRUPT, r->path, r->line + 1, r->buf_off + r->end,
				     "corrupt zstd data: %s", ZSTD_getErrorName(zr));
			r->eof_raw = true;
			r->raw_pos = r->raw_len;
			return NF_ECORRUPT;
		}
		if (outb.pos)
			return (long)outb.pos;
	}
}

/* Makes room at the end of buf: drops consumed bytes, grows up to the cap (+ slack). */
static int make_room(nf_reader *r)
{
	if (r->members.n > 512) { /* member starts in consumed bytes are of no more use */
		uint64_t at;
		nf_reader_member(r, r->buf_off + r->beg, &at);
	}
	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->buf_off += r->beg;
		r->end -= r->beg;
		r->beg = 0;
	}
	if (r->end < r->bufcap)
		return 0;
	size_t limit = r->cap + CHUNK;
	if (r->bufcap >= limit)
		return 1; /* full: the caller handles an over-long record */
	size_t ncap = NF_MIN(limit, r->bufcap * 2);
	char *nb = realloc(r->buf, ncap);
	if (!nb)
		return NF_ENOMEM;
	r->buf = nb;
	r->bufcap = ncap;
	return 0;
}

/* --- opening inputs --------------------------------------------------------------------- */

static int sniff_format(const char *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	size_t j = i;
	while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r'))
		j++;
	if (j < n && (p[j] == '{' || p[j] == '['))
		return NF_FORMAT_JSONL;
	if (nf_archive_sniff(p, n))
		return NF_FORMAT_WARC;
	if (nf_seed_header(p, n, NULL, NULL))
		return NF_FORMAT_SEED;
	if (nf_webfeed_sniff(p, n))
		return NF_FORMAT_FEED;
	if (nf_web_sniff(p, n))
		return NF_FORMAT_HTML;
	return NF_FORMAT_TEXT;
}

/* How a JSONL input is cut: at '\n'; at '\r' when its first line end is a lone CR (files from
 * old Mac tools); or, a JSON array ('[' first), element by element. */
static void line_ends(nf_reader *r)
{
	const char *p = r->buf;
	size_t n = r->end, bom = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, i = bom;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	r->array = r->format == NF_FORMAT_JSONL && i < n && p[i] == '[';
	if (r->array)
		r->beg = bom; /* (a line's byte-order mark is dropped where the line is cut) */
	r->a_done = 0;
	r->a_depth = 0;
	r->a_str = r->a_esc = r->a_in = r->a_open = false;
	const char *cr = memchr(p, '\r', n), *nl = memchr(p, '\n', n);
	r->eol = cr && (!nl || cr < nl) && (size_t)(cr - p) + 1 < n && cr[1] != '\n' ? '\r' : '\n';
}

/* Whether the directory sb was walked already in this run. */
static bool walked(const nf_reader *r, const struct stat *sb)
{
	for (size_t i = 0; i < r->dirs.n; i++)
		if (r->dirs.a[i].dev == sb->st_dev && r->dirs.a[i].ino == sb->st_ino)
			return true;
	return false;
}

bool nf_input_covers(const char *input, const char *output)
{
	struct stat si, so;
	if (strcmp(input, "-") == 0 || stat(input, &si) != 0)
		return false;
	if (!S_ISDIR(si.st_mode))
		return stat(output, &so) == 0 && so.st_dev == si.st_dev && so.st_ino == si.st_ino;
	/* inside the directory (at any depth), with a name the walk reads */
	char *dir = realpath(input, NULL), *out = NULL;
	const char *slash = strrchr(output, '/');
	const char *base = slash ? slash + 1 : output;
	char *parent = slash ? strndup(output, (size_t)(slash - output) + 1) : strdup(".");
	if (parent)
		out = realpath(parent, NULL);
	size_t n = dir ? strlen(dir) : 0;
	bool inside = dir && out && strncmp(out, dir, n) == 0 &&
		      (out[n] == '/' || !out[n] || (n == 1 && dir[0] == '/'));
	bool read = inside && base[0] != '.' && wanted_name(base);
	for (const char *p = out && inside ? out + n : ""; read && *p; p++)
		if (p[0] == '/' && p[1] == '.') /* a hidden directory on the way is not walked */
			read = false;
	free(dir);
	free(out);
	free(parent);
	return read;
}

/* Opens the next queued input. Returns 1 when one is open, 0 when the queue is empty, < 0 for
 * an input that cannot be opened (a reject). */
static int open_next(nf_reader *r, nf_error *err)
{
	while (r->qpos < r->queue.n) {
		struct input in = r->queue.a[r->qpos];
		if (NF_VEC_RESERVE(&r->paths, r->paths.n + 2))
			return NF_ENOMEM;
		r->paths.a[r->paths.n++] = in.path;
		if (in.name)
			r->paths.a[r->paths.n++] = in.name;
		r->qpos++;
		r->path = in.name ? in.name : in.path;
		if (strcmp(in.path, "-") == 0) {
			r->fd = 0;
		} else {
			struct stat sb;
			if (stat(in.path, &sb) != 0) {
				nf_error_set(err, errno == ENOENT ? NF_ENOENT : NF_EIO, r->path, 0,
					     0, "cannot open: %s", strerror(errno));
				r->st.records++;
				return err->code;
			}
			if (S_ISDIR(sb.st_mode) && walked(r, &sb)) {
				r->st.files_skipped++; /* a link back: a loop, or read already */
				continue;
			}
			if (S_ISDIR(sb.st_mode)) {
				int rc =
				    NF_VEC_PUSH(&r->dirs, ((struct dirid){sb.st_dev, sb.st_ino}))
					? NF_ENOMEM
					: expand_dir(r, in.path, err);
				if (rc == NF_ENOMEM)
					return rc;
				if (rc) {
					r->st.records++;
					return rc;
				}
				continue;
			}
			r->fd = open(in.path, O_RDONLY | O_CLOEXEC);
			if (r->fd < 0) {
				nf_error_set(err, errno == ENOENT ? NF_ENOENT : NF_EIO, r->path, 0,
					     0, "cannot open: %s", strerror(errno));
				r->st.records++;
				return err->code;
			}
		}
		r->st.files++;
		r->in_file = true;
		r->eof_raw = r->eof = false;
		r->raw_pos = r->raw_len = 0;
		r->beg = r->end = 0;
		r->buf_off = 0;
		r->line = 0;
		r->skipping = false;
		r->comp = COMP_NONE;
		r->zst_open = false;
		r->raw_off = r->verified = 0;
		int rc = fill_raw(r, err);
		if (rc) {
			close_input(r);
			r->st.records++;
			return rc;
		}
		const unsigned char *m = r->raw;
		if (r->raw_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
			r->comp = COMP_GZIP;
		} else if (r->raw_len >= 4 && ((m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f &&
						m[3] == 0xfd) || /* a frame, or a skippable frame */
					       ((m[0] & 0xf0) == 0x50 && m[1] == 0x2a &&
						m[2] == 0x4d && m[3] == 0x18))) {
			r->comp = COMP_ZSTD;
			if (!r->zd && !(r->zd = ZSTD_createDCtx()))
				return NF_ENOMEM;
			ZSTD_DCtx_reset(r->zd, ZSTD_reset_session_and_parameters);
			rc = nf_zstd_dict(r->zd, r->raw, r->raw_len, r->path, err);
			if (rc) {
				close_input(r);
				r->st.records++;
				return rc;
			}
		}
		/* sniff on the first decompressed bytes */
		r->has_pending = false;
		while (r->end < 4096 && !r->eof) {
			long k = produce(r, err);
			if (k < 0 && r->end > 0) { /* damaged: the lines before it are read first */
				r->pending = *err;
				r->has_pending = r->eof = true;
			} else if (k < 0) {
				close_input(r);
				r->st.records++;
				return (int)k;
			}
			if (k == 0)
				r->eof = true;
		}
		r->format = sniff_format(r->buf, r->end);
		r->feed_next = SIZE_MAX;
		if (nf_archive_name(in.path) || (in.name && nf_archive_name(in.name)))
			r->format = NF_FORMAT_WARC; /* (what is not an archive there is a reject) */
		else if (r->format == NF_FORMAT_TEXT && html_name(r->path))
			r->format = NF_FORMAT_HTML; /* a page that starts with a fragment */
		line_ends(r);
		if (r->format == NF_FORMAT_WARC) {
			if (!r->archive && !(r->archive = nf_archive_new()))
				return NF_ENOMEM;
			nf_archive_open(r->archive, r->path, r->cap, &r->st);
		} else if (r->has_pending && r->format != NF_FORMAT_JSONL) { /* one record: lost */
			*err = r->pending;
			close_input(r);
			r->st.records++;
			return err->code;
		}
		return 1;
	}
	return 0;
}

/* --- records ---------------------------------------------------------------------------- */

/* The end of the next element of a JSON array in buf[beg, end): a pointer to the byte that
 * follows it (skipped), or NULL when more bytes are needed. The scan goes on where it stopped. */
static char *array_end(nf_reader *r)
{
	while (!r->a_in && r->beg < r->end) { /* the separators before an element: consumed */
		char c = r->buf[r->beg];
		if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
		      (c == '[' && !r->a_open) || c == ']'))
			break;
		r->a_open |= c == '[';
		r->beg++;
	}
	char *p = r->buf + r->beg;
	size_t n = r->end - r->beg;
	for (size_t i = r->a_done; i < n; i++) {
		char c = p[i];
		r->a_done = i + 1;
		r->a_in = true;
		if (r->a_str) { /* a backslash keeps the next byte in the string */
			r->a_str = r->a_esc || c != '"';
			r->a_esc = !r->a_esc && c == '\\';
			continue;
		}
		bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (r->a_depth == 0 && i > 0 && (c == ',' || c == ']' || blank)) {
			r->a_in = false, r->a_done = 0; /* a bare value ends at a separator */
			return p + i;
		}
		r->a_str = c == '"';
		r->a_depth += (c == '{' || c == '[') - (c == '}' || c == ']');
		if (r->a_depth <= 0 && (c == '}' || c == ']')) {
			r->a_in = false, r->a_done = r->a_depth = 0;
			return p + i + 1; /* (at the buffer's end: nothing to skip) */
		}
	}
	return NULL;
}

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/* Next JSONL line. 1: record; 0: end of this input; < 0 reject. */
static int next_line(nf_reader *r, nf_record *rec, nf_error *err)
{
	size_t scan = r->beg;
	for (;;) {
		char *nl = r->array ? array_end(r) : memchr(r->buf + scan, r->eol, r->end - scan);
		if (!nl && r->eof && r->end > r->beg && !r->skipping && !(r->array && !r->a_in) &&
		    !r->has_pending) /* (a line cut by damaged data is part of the damage) */
			nl = r->buf + r->end; /* last line without newline */
		if (nl) {
			size_t start = r->beg, len = (size_t)(nl - (r->buf + start));
			bool was_skipping = r->skipping;
			r->beg = NF_MIN((size_t)(nl - r->buf) + 1, r->end);
			r->line++;
			r->skipping = false;
			scan = r->beg;
			if (was_skipping)
				continue; /* tail of an over-long line, already reported */
			if (len && r->buf[start + len - 1] == '\r')
				len--;
			if (r->line == 1 && r->buf_off + start == 0 && len >= 3 &&
			    memcmp(r->buf + start, "\xEF\xBB\xBF", 3) == 0) {
				start += 3; /* a byte-order mark before the first record */
				len -= 3;
			}
			if (blank(r->buf + start, len))
				continue;
			r->st.records++;
			if (len > r->cap) {
				nf_error_set(err, NF_ETOOLONG, r->path, r->line, r->buf_off + start,
					     "line of %zu bytes is over the cap of %zu bytes", len,
					     r->cap);
				return NF_ETOOLONG;
			}
			rec->data = r->buf + start;
			rec->len = len;
			rec->file = r->path;
			rec->line = r->line;
			rec->offset = r->buf_off + start;
			rec->format = NF_FORMAT_JSONL;
			return 1;
		}
		if (r->eof) {
			r->beg = r->end;
			if (!r->has_pending)
				return 0;
			r->has_pending = false;
			*err = r->pending;
			err->line = r->line + 1; /* after the last line read */
			r->st.records++;
			return err->code;
		}
		if (r->skipping) {
			r->buf_off += r->end; /* discard everything: still inside the long line */
			r->beg = r->end = r->a_done = 0;
		}
		size_t done = scan - r->beg;
		int mr = make_room(r);
		if (mr < 0)
			return mr;
		if (mr == 1) {
			/* over the cap: report once, then skip to the next newline */
			r->st.records++;
			r->line++;
			nf_error_set(err, NF_ETOOLONG, r->path, r->line, r->buf_off,
				     "line longer than the cap of %zu bytes", r->cap);
			r->line--; /* the newline that ends it will count the line */
			r->skipping = true;
			r->buf_off += r->end;
			r->beg = r->end = r->a_done = 0;
			return NF_ETOOLONG;
		}
		scan = r->beg + done;
		long k = produce(r, err);
		if (k < 0) { /* the complete lines before the damage first */
			r->pending = *err;
			r->has_pending = true;
		}
		if (k <= 0)
			r->eof = true;
	}
}

/* The whole input as one record. */
static int whole_file(nf_reader *r, nf_record *rec, nf_error *err)
{
	if (r->eof && r->beg == r->end)
		return 0; /* consumed, or a zero-byte file: no record */
	bool over = false;
	while (!r->eof) {
		int mr = make_room(r);
		if (mr < 0)
			return mr;
		if (mr == 1 || r->end > r->cap) {
			over = true;
			break;
		}
		long k = produce(r, err);
		if (k < 0) {
			r->eof = true;
			r->beg = r->end;
			r->st.records++;
			return (int)k;
		}
		if (k == 0)
			r->eof = true;
	}
	r->st.records++;
	if (over || r->end > r->cap) {
		nf_error_set(err, NF_ETOOLONG, r->path, 1, 0, "file is over the cap of %zu bytes",
			     r->cap);
		r->eof = true;
		r->beg = r->end = 0;
		return NF_ETOOLONG;
	}
	rec->data = r->buf;
	rec->len = r->end;
	rec->file = r->path;
	rec->line = 1;
	rec->offset = 0;
	rec->format = r->format;
	r->beg = r->end; /* consumed; the next call ends this input */
	r->eof = true;
	return 1;
}

/* The next item of a feed: the whole file is read (up to the cap) and split on first call.
 * A file that is no XML at all is one reject. */
static int feed_item(nf_reader *r, nf_record *rec, nf_error *err)
{
	if (r->feed_next == SIZE_MAX) {
		nf_record whole;
		int rc = whole_file(r, &whole, err);
		if (rc <= 0)
			return rc;
		if (!r->feed && !(r->feed = nf_webfeed_new()))
			return NF_ENOMEM;
		rc = nf_webfeed_load(r->feed, whole.data, whole.len);
		if (rc == NF_ENOMEM)
			return rc;
		if (rc) {
			nf_error_set(err, NF_ECORRUPT, r->path, 1, 0,
				     "not a feed: no XML root element");
			r->feed_next = 0; /* (a failed load leaves no items) */
			return NF_ECORRUPT;
		}
		r->st.records--; /* (whole_file counted the file; the items count instead) */
		r->feed_next = 0;
	}
	if (r->feed_next >= nf_webfeed_count(r->feed))
		return 0;
	nf_webfeed_item(r->feed, r->feed_next++, &rec->data, &rec->len, &rec->line);
	rec->file = r->path;
	rec->offset = 0;
	rec->format = NF_FORMAT_FEED;
	r->st.records++;
	return 1;
}

int nf_reader_next(nf_reader *r, nf_record *rec, nf_error *err)
{
	for (;;) {
		if (!r->in_file) {
			int rc = open_next(r, err);
			if (rc <= 0)
				return rc;
		}
		int rc = r->format == NF_FORMAT_JSONL  ? next_line(r, rec, err)
			 : r->format == NF_FORMAT_WARC ? nf_archive_next(r->archive, r, rec, err)
			 : r->format == NF_FORMAT_FEED ? feed_item(r, rec, err)
						       : whole_file(r, rec, err);
		if (rc != 0)
			return rc; /* after a read error, eof is set: what was buffered still drains
				    */
		r->st.bytes += r->buf_off + r->end;
		close_input(r);
	}
}

/* --- the window of the archive reader (warc.c) ------------------------------------------ */

long nf_reader_peek(nf_reader *r, size_t want, const char **p)
{
	nf_error e;
	while (r->end - r->beg < want && !r->eof) {
		int mr = make_room(r);
		if (mr < 0)
			return mr;
		if (mr == 1)
			break; /* at the limit: the caller skips in smaller steps */
		long k = produce(r, &e);
		if (k == NF_ENOMEM)
			return k;
		if (k < 0) { /* damage ends the input; the bytes before it stay */
			r->pending = e;
			r->has_pending = true;
		}
		if (k <= 0)
			r->eof = true;
	}
	*p = r->buf + r->beg;
	return (long)(r->end - r->beg);
}

void nf_reader_consume(nf_reader *r, size_t n)
{
	r->beg += NF_MIN(n, r->end - r->beg);
}

uint64_t nf_reader_tell(const nf_reader *r)
{
	return r->buf_off + r->beg;
}

uint64_t nf_reader_verified(const nf_reader *r)
{
	return r->comp == COMP_NONE ? UINT64_MAX : r->verified;
}

const nf_error *nf_reader_damage(const nf_reader *r)
{
	return r->has_pending ? &r->pending : NULL;
}

void nf_reader_damage_clear(nf_reader *r)
{
	r->has_pending = false;
}

bool nf_reader_member(nf_reader *r, uint64_t off, uint64_t *raw)
{
	size_t i = 0;
	while (i < r->members.n && r->members.a[i + 1] < off)
		i += 2;
	if (i) { /* members that start before off are of no more use */
		memmove(r->members.a, r->members.a + i, (r->members.n - i) * sizeof(uint64_t));
		r->members.n -= i;
	}
	if (r->members.n == 0 || r->members.a[1] != off)
		return false;
	*raw = r->members.a[0];
	return true;
}
