/*
 * ties.c - ties from a file (newsfold stories --links): JSON lines with "a" and "b" article ids,
 * as newsfold reuse and dedup --pairs write them. Each pair ties its two articles into one
 * story, except a pair whose "relation" is "quote", "passage" or "none" (sharing a quotation, or
 * one stock sentence of background, says nothing about the event). A family line of newsfold reuse
 * is passed over: the pivot pairs written before it tie its members.
 */
#include "../ingest/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE (16 << 20) /* a link with its spans is far shorter */

/* The next line of f (without its '\n') in *line, *len: 1, 0 at the end, NF_ETOOLONG (a line
 * over MAX_LINE: /dev/zero, a binary file), NF_ENOMEM. buf holds the bytes read, *at where the
 * next line starts. */
static int next_line(FILE *f, nf_buf *buf, size_t *at, const char **line, size_t *len)
{
	size_t scan = *at;
	for (;;) {
		char *nl = buf->len > scan ? memchr(buf->data + scan, '\n', buf->len - scan) : NULL;
		if (nl || (feof(f) && buf->len > *at)) {
			size_t end = nl ? (size_t)(nl - buf->data) : buf->len;
			*line = buf->data + *at;
			*len = end - *at;
			*at = nl ? end + 1 : end;
			return 1;
		}
		if (feof(f) || ferror(f))
			return 0;
		if (buf->len - *at > MAX_LINE)
			return NF_ETOOLONG;
		if (*at) /* keep the line begun */
			memmove(buf->data, buf->data + *at, buf->len - *at);
		buf->len -= *at;
		scan = buf->len;
		*at = 0;
		if (nf_buf_reserve(buf, 1 << 16))
			return NF_ENOMEM;
		buf->len += fread(buf->data + buf->len, 1, 1 << 16, f);
	}
}

int nf_engine_tie_file(nf_engine *e, const char *path, nf_tie_stats *st, nf_error *err)
{
	memset(st, 0, sizeof(*st));
	memset(err, 0, sizeof(*err));
	err->file = path;
	FILE *f = fopen(path, "r");
	if (!f) {
		err->code = errno == ENOENT ? NF_ENOENT : NF_EIO;
		snprintf(err->message, sizeof(err->message), "cannot read %s: %s", path,
			 strerror(errno));
		return err->code;
	}
	static const char *const keys[] = {"a", "b", "relation", "family"};
	const char *line;
	size_t len;
	uint64_t lineno = 0;
	int rc = 0;
	nf_buf tmp, buf;
	nf_buf_init(&tmp);
	nf_buf_init(&buf);
	size_t at = 0; /* buf[at..]: bytes not yet handed out */
	while (rc == 0 && (rc = next_line(f, &buf, &at, &line, &len)) == 1) {
		rc = 0;
		lineno++;
		size_t errpos, na, nb;
		nf_jval v[4];
		const char *msg, *a, *b;
		nf_buf_reset(&tmp);
		bool scanned = nf_json_scan(line, len, keys, 4, v, &errpos, &msg) == 0;
		if (scanned && v[0].type == NF_J_NONE && v[3].type == NF_J_OTHER)
			continue; /* a family of newsfold reuse: its pivot pairs tie its members */
		if (!scanned || !nf_json_key(&v[0], &tmp, &a, &na) ||
		    !nf_json_key(&v[1], &tmp, &b, &nb)) {
			if (len > 1 && st->bad++ == 0)
				st->first_bad_line = lineno;
			continue;
		}
		if (v[2].type == NF_J_STRING && !v[2].escaped &&
		    ((v[2].len == 5 && memcmp(v[2].raw, "quote", 5) == 0) ||
		     (v[2].len == 7 && memcmp(v[2].raw, "passage", 7) == 0) ||
		     (v[2].len == 4 && memcmp(v[2].raw, "none", 4) == 0)))
			continue;
		rc = nf_engine_tie(e, a, na, b, nb);
		if (rc == NF_ENOENT) {
			st->unknown++;
			rc = 0;
		} else if (rc == 0) {
			st->ties++;
		}
	}
	bool ioerr = ferror(f);
	nf_buf_release(&tmp);
	nf_buf_release(&buf);
	fclose(f);
	if (ioerr || rc) {
		err->code = rc ? rc : NF_EIO;
		err->line = lineno + (rc == NF_ETOOLONG);
		if (rc == NF_ETOOLONG)
			snprintf(err->message, sizeof(err->message),
				 "%s:%llu: a line of more than %d MiB: not a file of links", path,
				 (unsigned long long)err->line, MAX_LINE >> 20);
		else
			snprintf(err->message, sizeof(err->message), "error reading %s: %s", path,
				 rc ? nf_strerror(rc) : strerror(errno));
		return err->code;
	}
	return 0;
}
