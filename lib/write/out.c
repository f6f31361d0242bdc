/*
 * out.c - an output file that appears whole or not at all.
 *
 * A regular file is written to a temporary file beside it (".NAME.PID.N.tmp", the same
 * directory so that the rename stays inside one file system), synced, and renamed over the
 * path at commit: a reader, or a run killed at any moment, sees the previous file or the new one,
 * never half of one. Without a commit the temporary file is removed and the old file stays.
 * Standard output, devices and pipes ("-", /dev/stdout, a FIFO) are written in place; a
 * symbolic link is followed (the file it names is replaced, the link stays). A run killed with
 * SIGKILL leaves its temporary file: the next output to the same path removes it.
 */
#include "../base/base.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OUT_BUF = 1 << 20 };

struct nf_out {
	int fd;
	bool in_place; /* stdout, a device or a pipe: no temporary file */
	bool failed;   /* a write failed: commit fails */
	int err;       /* its errno */
	char *path;    /* as given (for messages) */
	char *target;  /* the file replaced: path, or the file a link names */
	char *tmp;
	uint64_t bytes;
	size_t len;
	char buf[OUT_BUF];
};

static atomic_uint tmp_counter;

static void set_error(nf_error *e, const char *path, int errnum)
{
	if (!e)
		return;
	memset(e, 0, sizeof(*e));
	e->code = errnum == ENOMEM ? NF_ENOMEM : NF_EIO;
	e->file = path;
	snprintf(e->message, sizeof(e->message), "cannot write %s: %s", path, strerror(errnum));
}

/* ".NAME.PID.N.tmp" in NAME's directory. */
static char *tmp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 48;
	char *t = malloc(n);
	if (t)
		snprintf(t, n, "%.*s.%s.%ld.%u.tmp", (int)dir, path, path + dir, (long)getpid(),
			 atomic_fetch_add(&tmp_counter, 1));
	return t;
}

/* Removes the temporary files of path left by runs that were killed (their process is gone). */
static void remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char dir[PATH_MAX], file[PATH_MAX];
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = strlen(base);
	while (d && (e = readdir(d)) != NULL) {
		long pid;
		unsigned k;
		char end[8];
		const char *name = e->d_name;
		if (name[0] != '.' || strncmp(name + 1, base, n) != 0 || name[n + 1] != '.' ||
		    sscanf(name + n + 2, "%ld.%u%7s", &pid, &k, end) != 3 || strcmp(end, ".tmp") ||
		    pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (snprintf(file, sizeof(file), "%s%s%s", dir, slash ? "" : "/", name) <
		    (int)sizeof(file))
			unlink(file);
	}
	if (d)
		closedir(d);
}

/* Opens o->target: in place when it is not a regular file, else a temporary file beside it. */
static int open_file(nf_out *o)
{
	struct stat st;
	bool exists = stat(o->target, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return (o->fd = open(o->target, O_WRONLY | O_CLOEXEC)) < 0 ? errno : 0;
	o->in_place = false;
	remove_stale(o->target);
	if (!(o->tmp = tmp_name(o->target)))
		return ENOMEM;
	if ((o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
		return errno;
	if (exists)
		(void)fchmod(o->fd, st.st_mode & 07777); /* keep the old file's mode */
	return 0;
}

int nf_out_open(nf_out **out, const char *path, nf_error *err)
{
	*out = NULL;
	bool std = !path || strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0;
	nf_out *o = calloc(1, sizeof(*o));
	if (!o) {
		set_error(err, std ? "-" : path, ENOMEM);
		return NF_ENOMEM;
	}
	o->fd = STDOUT_FILENO;
	o->in_place = true;
	int e = 0;
	if (!std) {
		o->fd = -1;
		char *real = realpath(path, NULL); /* a link: the file it names */
		o->path = strdup(path);
		o->target = real ? real : strdup(path);
		e = o->path && o->target ? open_file(o) : ENOMEM;
	}
	if (e) {
		set_error(err, path, e);
		nf_out_free(o);
		return e == ENOMEM ? NF_ENOMEM : NF_EIO;
	}
	*out = o;
	return 0;
}

/* Writes n bytes of p to the file; a failure is kept (commit fails). */
static int write_all(nf_out *o, const char *p, size_t n)
{
	while (!o->failed && n) {
		ssize_t k = write(o->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->failed = true;
			o->err = k < 0 ? errno : EIO;
		} else {
			p += k;
			n -= (size_t)k;
		}
	}
	return o->failed ? NF_EIO : 0;
}

static int flush(nf_out *o)
{
	int rc = write_all(o, o->buf, o->len);
	o->len = 0;
	return rc;
}

int nf_out_write(nf_out *o, const void *data, size_t len)
{
	o->bytes += len;
	if (len > OUT_BUF - o->len && flush(o))
		return NF_EIO;
	if (len >= OUT_BUF) /* big: straight through */
		return write_all(o, data, len);
	if (len)
		memcpy(o->buf + o->len, data, len);
	o->len += len;
	return o->failed ? NF_EIO : 0;
}

int nf_out_buf(nf_out *o, nf_buf *b)
{
	int rc = b->oom ? NF_ENOMEM : nf_out_write(o, b->data, b->len);
	nf_buf_reset(b);
	return rc;
}

uint64_t nf_out_bytes(const nf_out *o)
{
	return o->bytes;
}

int nf_out_status(const nf_out *o, nf_error *err)
{
	if (!o->failed)
		return 0;
	set_error(err, o->path ? o->path : "-", o->err ? o->err : EIO);
	return NF_EIO;
}

int nf_out_commit(nf_out *o, nf_error *err)
{
	const char *name = o->path ? o->path : "-";
	if (flush(o) == 0 && !o->in_place && fsync(o->fd) != 0) {
		o->failed = true;
		o->err = errno;
	}
	if (!o->in_place) {
		if (close(o->fd) != 0 && !o->failed) {
			o->failed = true;
			o->err = errno;
		}
		o->fd = -1;
		if (!o->failed && rename(o->tmp, o->target) != 0) {
			o->failed = true;
			o->err = errno;
		}
		if (!o->failed) {
			free(o->tmp); /* it is the file now */
			o->tmp = NULL;
		}
	}
	if (o->failed) {
		set_error(err, name, o->err ? o->err : EIO);
		return NF_EIO;
	}
	return 0;
}

void nf_out_free(nf_out *o)
{
	if (!o)
		return;
	if (o->fd >= 0 && o->fd != STDOUT_FILENO)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	free(o->path);
	free(o);
}
