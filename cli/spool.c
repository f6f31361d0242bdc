/*
 * spool.c - the accepted records of a run, kept in an unlinked temporary file so that later
 * stages can reload any document by index with one pread while memory holds only offsets and
 * ids. Used by dedup (verification, output) and reuse (alignment).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_spool_open(cli_spool *s)
{
	memset(s, 0, sizeof(*s));
	nf_buf_init(&s->ids);
	s->f = tmpfile();
	return s->f ? 0 : -1;
}

void cli_spool_close(cli_spool *s)
{
	if (s->f)
		fclose(s->f);
	for (size_t i = 0; i < s->n_names; i++)
		free(s->names[i]);
	free(s->names);
	free(s->docs);
	nf_buf_release(&s->ids);
	memset(s, 0, sizeof(*s));
}

int cli_spool_put(cli_spool *s, const cli_spool_rec *r)
{
	/* the file name outlives the reader */
	if (r->file != s->last_name || !s->n_names) {
		char *copy = strdup(r->file ? r->file : "");
		if (!copy ||
		    cli_grow((void **)&s->names, &s->cap_names, s->n_names + 1, sizeof(char *))) {
			free(copy);
			return -1;
		}
		s->names[s->n_names++] = copy;
		s->last_name = r->file;
	}
	size_t id_len = r->id_len < 65535 ? r->id_len : 65535;
	cli_spool_doc d = {s->len,
			   r->line,
			   (uint32_t)r->len,
			   (uint32_t)s->ids.len,
			   (uint16_t)id_len,
			   (uint8_t)r->format,
			   (uint8_t)r->id_num,
			   (uint32_t)(s->n_names - 1),
			   r->date};
	if (cli_grow((void **)&s->docs, &s->cap_docs, s->n_docs + 1, sizeof(cli_spool_doc)) ||
	    fwrite(r->raw, 1, r->len, s->f) != r->len || nf_buf_append(&s->ids, r->id, id_len))
		return -1;
	s->docs[s->n_docs++] = d;
	s->len += r->len;
	return 0;
}

int cli_spool_flush(cli_spool *s)
{
	return fflush(s->f) || ferror(s->f) ? -1 : 0;
}

int cli_spool_raw(const cli_spool *s, uint32_t i, nf_buf *buf, nf_record *rec)
{
	const cli_spool_doc *d = &s->docs[i];
	nf_buf_reset(buf);
	if (nf_buf_reserve(buf, (size_t)d->len + 1))
		return -1;
	if (d->len && pread(fileno(s->f), buf->data, d->len, (off_t)d->off) != (ssize_t)d->len)
		return -1;
	buf->data[d->len] = '\0';
	*rec = (nf_record){buf->data, d->len, s->names[d->file], d->line, 0, d->format};
	return 0;
}

int cli_old_spool_load(const cli_spool *s, uint32_t i, nf_buf *buf, nf_parser *p, nf_doc *doc)
{
	nf_record rec;
	nf_error err;
	if (cli_spool_raw(s, i, buf, &rec))
		return -1;
	return nf_parse(p, &rec, doc, &err) ? -1 : 0;
}

void cli_spool_put_id(nf_buf *b, const cli_spool *s, uint32_t i)
{
	const cli_spool_doc *d = &s->docs[i];
	const char *id = s->ids.data + d->id_off;
	if (d->id_num)
		nf_buf_append(b, id, d->id_len);
	else
		nf_json_string(b, id, d->id_len);
}
