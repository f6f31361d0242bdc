/*
 * spool.c - the documents of a batch run, kept in an unlinked temporary file so that later
 * stages can reload any of them by number with one pread, while memory holds only offsets, ids
 * and dates (about 48 bytes a document). The file is gone when the spool is freed (or the
 * process dies).
 */
#include "../base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct entry {
	uint64_t off, line;
	uint64_t roff; /* the record's offset in its input */
	uint32_t len, id_off;
	uint16_t id_len;
	uint8_t format, id_num;
	uint32_t file; /* index into names */
	int64_t date;
} entry;

struct nf_spool {
	FILE *f;
	uint64_t len;
	NF_VEC(entry) e;
	nf_buf ids;
	NF_VEC(char *) names;
	const char *last_name;
	uint32_t *slot; /* id index: open addressing over entry numbers */
	size_t mask;
};

int nf_spool_new(nf_spool **out, const char *tmp_dir)
{
	*out = NULL;
	nf_spool *s = calloc(1, sizeof(*s));
	if (!s)
		return NF_ENOMEM;
	int rc = nf_tmpfile(tmp_dir, &s->f);
	if (rc) {
		free(s);
		return rc;
	}
	setvbuf(s->f, NULL, _IOFBF, 1 << 20); /* records go out in large writes */
	nf_buf_init(&s->ids);
	*out = s;
	return 0;
}

void nf_spool_free(nf_spool *s)
{
	if (!s)
		return;
	if (s->f)
		fclose(s->f);
	for (size_t i = 0; i < s->names.n; i++)
		free(s->names.a[i]);
	NF_VEC_FREE(&s->names);
	NF_VEC_FREE(&s->e);
	nf_buf_release(&s->ids);
	free(s->slot);
	free(s);
}

int nf_spool_put(nf_spool *s, const nf_spool_entry *r)
{
	/* the file name outlives the reader */
	if (r->file != s->last_name || !s->names.n) {
		char *copy = strdup(r->file ? r->file : "");
		if (!copy || NF_VEC_PUSH(&s->names, copy)) {
			free(copy);
			return NF_ENOMEM;
		}
		s->last_name = r->file;
	}
	if (s->e.n >= UINT32_MAX - 1)
		return NF_ELIMIT;
	size_t id_len = r->id.len < 65535 ? r->id.len : 65535;
	entry d = {s->len,
		   r->line,
		   r->offset,
		   (uint32_t)r->len,
		   (uint32_t)s->ids.len,
		   (uint16_t)id_len,
		   (uint8_t)r->format,
		   (uint8_t)r->id_is_number,
		   (uint32_t)(s->names.n - 1),
		   r->date};
	if (NF_VEC_PUSH(&s->e, d) || nf_buf_append(&s->ids, r->id.ptr, id_len))
		return NF_ENOMEM;
	if (r->len && fwrite(r->data, 1, r->len, s->f) != r->len) {
		s->e.n--;
		return NF_EIO;
	}
	s->len += r->len;
	free(s->slot); /* the id index is rebuilt when next asked */
	s->slot = NULL;
	return 0;
}

int nf_spool_flush(nf_spool *s)
{
	return fflush(s->f) || ferror(s->f) ? NF_EIO : 0;
}

uint32_t nf_spool_count(const nf_spool *s)
{
	return (uint32_t)s->e.n;
}

int nf_spool_get(const nf_spool *s, uint32_t i, nf_buf *buf, nf_record *rec)
{
	if (i >= s->e.n)
		return NF_EINVAL;
	const entry *d = &s->e.a[i];
	nf_buf_reset(buf);
	if (nf_buf_reserve(buf, (size_t)d->len + 1))
		return NF_ENOMEM;
	if (d->len && pread(fileno(s->f), buf->data, d->len, (off_t)d->off) != (ssize_t)d->len)
		return NF_EIO;
	buf->data[d->len] = '\0';
	*rec = (nf_record){buf->data, d->len, s->names.a[d->file], d->line, d->roff, d->format};
	return 0;
}

nf_str nf_spool_id(const nf_spool *s, uint32_t i, bool *is_number)
{
	const entry *d = &s->e.a[i];
	if (is_number)
		*is_number = d->id_num;
	return (nf_str){s->ids.data + d->id_off, d->id_len};
}

int64_t nf_spool_date(const nf_spool *s, uint32_t i)
{
	return s->e.a[i].date;
}

/* FNV-1a: ids are short. */
static uint64_t hash_id(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

int nf_spool_find(nf_spool *s, const char *id, size_t n, uint32_t *i)
{
	if (!s->slot) {
		size_t cap = 16;
		while (cap < s->e.n * 2)
			cap *= 2;
		if (!(s->slot = malloc(cap * sizeof(uint32_t))))
			return NF_ENOMEM;
		memset(s->slot, 0xff, cap * sizeof(uint32_t));
		s->mask = cap - 1;
		for (size_t k = 0; k < s->e.n; k++) {
			const entry *d = &s->e.a[k];
			size_t h = hash_id(s->ids.data + d->id_off, d->id_len) & s->mask;
			while (s->slot[h] != UINT32_MAX)
				h = (h + 1) & s->mask;
			s->slot[h] = (uint32_t)k;
		}
	}
	for (size_t h = hash_id(id, n) & s->mask; s->slot[h] != UINT32_MAX; h = (h + 1) & s->mask) {
		const entry *d = &s->e.a[s->slot[h]];
		if (d->id_len == n && memcmp(s->ids.data + d->id_off, id, n) == 0) {
			*i = s->slot[h];
			return 0;
		}
	}
	return NF_ENOENT;
}
