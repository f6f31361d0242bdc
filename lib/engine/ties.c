/*
 * ties.c - ties from a file (newsfold stories --links): JSON lines with "a" and "b" article ids,
 * as newsfold reuse and dedup --pairs write them. Each pair ties its two articles into one
 * story, except a pair whose "relation" is "quote" or "none" (sharing a quotation says nothing
 * about the event).
 */
#include "../ingest/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	static const char *const keys[] = {"a", "b", "relation"};
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	uint64_t lineno = 0;
	int rc = 0;
	nf_buf tmp;
	nf_buf_init(&tmp);
	while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
		lineno++;
		size_t len = (size_t)got, errpos, na, nb;
		nf_jval v[3];
		const char *msg, *a, *b;
		nf_buf_reset(&tmp);
		if (nf_json_scan(line, len, keys, 3, v, &errpos, &msg) ||
		    !nf_json_key(&v[0], &tmp, &a, &na) || !nf_json_key(&v[1], &tmp, &b, &nb)) {
			if (len > 1 && st->bad++ == 0)
				st->first_bad_line = lineno;
			continue;
		}
		if (v[2].type == NF_J_STRING && !v[2].escaped &&
		    ((v[2].len == 5 && memcmp(v[2].raw, "quote", 5) == 0) ||
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
	free(line);
	nf_buf_release(&tmp);
	fclose(f);
	if (ioerr || rc) {
		err->code = rc ? rc : NF_EIO;
		err->line = lineno;
		snprintf(err->message, sizeof(err->message), "error reading %s: %s", path,
			 rc ? nf_strerror(rc) : strerror(errno));
		return err->code;
	}
	return 0;
}
