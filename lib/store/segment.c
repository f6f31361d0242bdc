/*
 * segment.c - the passage index's immutable sorted segment files.
 *
 * A segment is DIR/passages-ID.seg: an 16-byte header (the magic "NFPSEG1\n" and the number of
 * postings, a little-endian u64) and then the postings, each a u32 fingerprint and a u32
 * article number (little-endian), sorted by (fingerprint, number). A segment is written and
 * synced (with its directory) before the catalog lists it (table segments) in the transaction
 * that uses it, so a file the catalog does not list is left by an add that never committed: an
 * orphan, removed by the next writer. Segments are mapped read-only and never changed; merging
 * two writes a third.
 */
#include "segment.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "segments are written little-endian");

static const char magic[8] = {'N', 'F', 'P', 'S', 'E', 'G', '1', '\n'};
#define HEADER 16

static void seg_path(const nf_store *s, int64_t id, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/passages-%lld.seg", s->dir, (long long)id);
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

/* Writes all of buf to fd. */
static int put(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

struct nf_seg_writer {
	int fd, err; /* err: errno of the first failed write */
	uint64_t n;
	size_t used;
	unsigned char buf[1 << 16];
	char path[4200];
};

int nf_seg_create(nf_store *s, int64_t id, nf_seg_writer **out)
{
	nf_seg_writer *w = malloc(sizeof(*w));
	*out = w;
	if (!w)
		return NF_ENOMEM;
	seg_path(s, id, w->path, sizeof(w->path));
	w->n = 0;
	w->err = 0;
	w->used = HEADER; /* the header is written at the end */
	memset(w->buf, 0, HEADER);
	w->fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0)
		return nf_store_fail(s, errno == ENOSPC ? NF_ENOSPC : NF_EIO,
				     "%s: cannot write %s: %s", s->dir, w->path, strerror(errno));
	return 0;
}

void nf_seg_put(nf_seg_writer *w, uint32_t fp, uint32_t num)
{
	if (w->used + 8 > sizeof(w->buf)) {
		if (!w->err && put(w->fd, w->buf, w->used))
			w->err = errno ? errno : EIO;
		w->used = 0;
	}
	memcpy(w->buf + w->used, &fp, 4); /* little-endian hosts only (checked at build) */
	memcpy(w->buf + w->used + 4, &num, 4);
	w->used += 8;
	w->n++;
}

int nf_seg_finish(nf_store *s, nf_seg_writer *w, uint64_t *n)
{
	unsigned char h[HEADER];
	memcpy(h, magic, 8);
	memcpy(h + 8, &w->n, 8);
	int err = w->err || (w->used && put(w->fd, w->buf, w->used)) ||
		  pwrite(w->fd, h, HEADER, 0) != HEADER || fsync(w->fd);
	int e = w->err ? w->err : errno;
	if (close(w->fd))
		err = 1;
	w->fd = -1;
	if (!err && sync_dir(s->dir))
		err = 1, e = errno;
	*n = w->n;
	int rc = err ? nf_store_fail(s, e == ENOSPC ? NF_ENOSPC : NF_EIO, "%s: cannot write %s: %s",
				     s->dir, w->path, strerror(e))
		     : 0;
	if (err)
		unlink(w->path);
	free(w);
	return rc;
}

void nf_seg_abandon(nf_seg_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0) {
		close(w->fd);
		unlink(w->path);
	}
	free(w);
}

int nf_seg_map(nf_store *s, int64_t id, uint64_t n, nf_seg *g)
{
	char path[4200];
	seg_path(s, id, path, sizeof(path));
	*g = (nf_seg){.id = id};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb)) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return nf_store_fail(s, NF_ESTORE, "%s: passage segment %s: %s", s->dir, path,
				     strerror(e));
	}
	if ((uint64_t)sb.st_size != HEADER + 8 * n) {
		close(fd);
		return nf_store_fail(s, NF_ESTORE,
				     "%s: passage segment %s has %lld bytes, the catalog says %llu "
				     "postings: damaged",
				     s->dir, path, (long long)sb.st_size, (unsigned long long)n);
	}
	void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return nf_store_fail(s, NF_EIO, "%s: cannot map %s: %s", s->dir, path,
				     strerror(errno));
	if (memcmp(m, magic, 8) || memcmp((char *)m + 8, &n, 8)) {
		munmap(m, (size_t)sb.st_size);
		return nf_store_fail(s, NF_ESTORE,
				     "%s: %s is not a passage segment of %llu postings", s->dir,
				     path, (unsigned long long)n);
	}
	g->map = m;
	g->len = (size_t)sb.st_size;
	g->p = (const uint32_t *)(const void *)((const char *)m + HEADER);
	g->n = n;
	return 0;
}

void nf_seg_unmap(nf_seg *g)
{
	if (g->map)
		munmap(g->map, g->len);
	g->map = NULL;
	g->p = NULL;
	g->n = 0;
}

size_t nf_seg_lower(const nf_seg *g, size_t from, uint32_t fp)
{
	/* galloping from `from` (queries come in ascending order), then bisection */
	size_t lo = from, step = 1, hi = from;
	while (hi < g->n && g->p[2 * hi] < fp) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > g->n)
		hi = g->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->p[2 * mid] < fp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void nf_seg_done_below(nf_seg *g, uint64_t i)
{
	const size_t step = (size_t)32 << 20;
	size_t upto = (HEADER + 8 * (size_t)i) / step * step;
	if (upto >= g->released + step) {
		madvise((char *)g->map + g->released, upto - g->released, MADV_DONTNEED);
		g->released = upto;
	}
}

void nf_seg_unlink(nf_store *s, int64_t id)
{
	char path[4200];
	seg_path(s, id, path, sizeof(path));
	unlink(path);
}

int nf_seg_remove_orphans(nf_store *s, const int64_t *ids, size_t n)
{
	DIR *d = opendir(s->dir);
	if (!d)
		return nf_store_fail(s, NF_EIO, "%s: cannot list: %s", s->dir, strerror(errno));
	struct dirent *e;
	while ((e = readdir(d))) {
		long long id;
		int end = 0;
		if (sscanf(e->d_name, "passages-%lld.seg%n", &id, &end) != 1 || end <= 0 ||
		    e->d_name[end] != '\0')
			continue;
		bool listed = false;
		for (size_t i = 0; i < n && !listed; i++)
			listed = ids[i] == id;
		if (!listed)
			nf_seg_unlink(s, id);
	}
	closedir(d);
	return 0;
}
