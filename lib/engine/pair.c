/*
 * pair.c - newsfold compare as a library call: find two articles in the inputs (by id, or the
 * first two), clean and align them, and write the comparison (lib/write/compare.c).
 */
#include "../base/base.h"

#include <stdio.h>
#include <string.h>

/* One article: a copy of its record (and file name: a seed file's id is made from it), parsed,
 * cleaned and prepared for alignment. */
typedef struct side {
	nf_buf rec, file;
	nf_doc doc;
	nf_parser *p;
	nf_cleaner *cl;
	nf_align_doc *ad;
	nf_cleaned c;
	bool have;
} side;

static int load(side *sd, const nf_record *rec, const nf_read_options *ro, nf_error *err)
{
	if (nf_buf_append(&sd->rec, rec->data, rec->len) ||
	    (rec->file && nf_buf_append(&sd->file, rec->file, strlen(rec->file) + 1)))
		return NF_ENOMEM;
	nf_record copy = *rec;
	copy.data = sd->rec.data;
	if (rec->file)
		copy.file = sd->file.data;
	int rc = nf_parser_new(&sd->p, ro);
	return rc ? rc : nf_parse(sd->p, &copy, &sd->doc, err);
}

static void release(side *sd)
{
	nf_buf_release(&sd->rec);
	nf_buf_release(&sd->file);
	nf_parser_free(sd->p);
	nf_cleaner_free(sd->cl);
	nf_align_doc_free(sd->ad);
}

/* Whether the parsed record d is the article side s wants (found: how many are had so far). */
static bool wanted(const nf_compare_options *o, int s, const nf_doc *d, int found)
{
	const char *id = s ? o->b : o->a;
	if (!id)
		return s == found;
	return strlen(id) == d->id.len && memcmp(id, d->id.ptr, d->id.len) == 0;
}

/* Reads until both articles are found. Returns 0 or NF_E* (err says why). */
static int find(nf_reader *rd, const nf_compare_options *o, side sd[2], nf_error *err)
{
	nf_parser *p = NULL;
	int rc = nf_parser_new(&p, &o->read), found = 0, r;
	nf_record rec;
	while (rc == 0 && found < 2 && (r = nf_reader_next(rd, &rec, err)) != 0) {
		nf_doc d;
		if (r == NF_ENOMEM)
			rc = r;
		else if (r < 0 || nf_parse(p, &rec, &d, err)) {
			if (r >= 0 && !err->file)
				err->file = rec.file, err->line = rec.line;
			if (o->skipped)
				o->skipped(o->ctx, err);
			continue;
		}
		for (int s = 0; rc == 0 && s < 2; s++)
			if (!sd[s].have && wanted(o, s, &d, found)) {
				rc = load(&sd[s], &rec, &o->read, err);
				sd[s].have = true;
				found++;
				break;
			}
	}
	nf_parser_free(p);
	if (rc || found == 2)
		return rc;
	memset(err, 0, sizeof(*err));
	err->code = NF_ENOENT;
	if (o->a)
		snprintf(err->message, sizeof(err->message), "article '%s' not found",
			 !sd[0].have ? o->a : o->b);
	else
		snprintf(err->message, sizeof(err->message), "two articles are needed, %d found",
			 found);
	return NF_ENOENT;
}

/* Cleans and aligns both sides and writes the comparison. */
static int show(nf_buf *out, side sd[2], const nf_compare_options *o)
{
	nf_aligner *al = NULL;
	nf_alignment res;
	int rc = nf_aligner_new(&al, &o->align);
	for (int s = 0; s < 2 && !rc; s++) {
		side *q = &sd[s];
		if (!(rc = nf_cleaner_new(&q->cl, NULL)) && !(rc = nf_align_doc_new(&q->ad)) &&
		    !(rc = nf_clean(q->cl, q->doc.text.ptr, q->doc.text.len, &q->c)))
			rc = nf_align_doc_set(q->ad, q->doc.text.ptr, q->doc.text.len, q->doc.date,
					      &q->c);
	}
	if (!rc)
		rc = nf_align(al, sd[0].ad, sd[1].ad, &res);
	const nf_doc *docs[2] = {&sd[0].doc, &sd[1].doc};
	const nf_cleaned *cl[2] = {&sd[0].c, &sd[1].c};
	if (!rc)
		rc = nf_write_compare(out, docs, cl, &res, o->width, o->color);
	nf_aligner_free(al);
	return rc;
}

int nf_compare_inputs(nf_buf *out, const char *const *inputs, int n_inputs,
		      const nf_compare_options *o, nf_error *err)
{
	static const char *const dash[] = {"-"};
	memset(err, 0, sizeof(*err));
	if ((o->a != NULL) != (o->b != NULL)) {
		err->code = NF_EINVAL;
		snprintf(err->message, sizeof(err->message), "--a and --b go together");
		return NF_EINVAL;
	}
	side sd[2];
	memset(sd, 0, sizeof(sd));
	nf_reader *rd = NULL;
	int rc = nf_reader_new(&rd, &o->read);
	for (int i = 0; rc == 0 && i < (n_inputs ? n_inputs : 1); i++)
		if ((rc = nf_reader_add(rd, n_inputs ? inputs[i] : dash[0])))
			snprintf(err->message, sizeof(err->message), "%s", nf_strerror(rc));
	if (rc == 0)
		rc = find(rd, o, sd, err);
	nf_reader_free(rd);
	if (rc == 0 && (rc = show(out, sd, o)))
		snprintf(err->message, sizeof(err->message), "%s", nf_strerror(rc));
	err->code = rc;
	release(&sd[0]);
	release(&sd[1]);
	return rc;
}
