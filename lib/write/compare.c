/*
 * compare.c - the output of newsfold compare: two articles side by side with their shared
 * passages, after a summary (relation, coverage, source, each span).
 *
 * The text of each side is cut at the starts of the spans that come in the same order on both
 * sides, so that every such passage starts on the same row in both columns. Spans are coloured
 * by kind (ANSI escapes) when asked; without colour each span is bracketed as [n> ... <n].
 * Boilerplate is dim. Wide (East Asian) characters take two columns.
 */
#include "../base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SPANS 250 /* spans highlighted (a style is one byte: 2 + span) */

/* One side: the document, its cleaning, and a style per byte. */
typedef struct side {
	const nf_doc *doc;
	const nf_cleaned *c;
	unsigned char *style; /* per byte: 0 plain, 1 boilerplate, 2+k span k */
} side;

enum { ST_PLAIN = 0, ST_BOILER = 1, ST_SPAN = 2 };

typedef struct view {
	bool color;
	int width; /* of one column */
	const nf_passage *spans;
	size_t n_spans;
} view;

/* Display width of the code point starting at s (East Asian wide characters take two). */
static int cp_width(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];
	size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (l > n)
		l = n;
	*len = l;
	if (c < 0x20 || c == 0x7F)
		return 0;
	if (l == 1)
		return 1;
	uint32_t cp = c & (0x7F >> l);
	for (size_t i = 1; i < l; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F))
		return 0; /* combining marks, zero-width */
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/* The label shown before byte `pos` of a side (span starts, and ends without colour). */
static int label_at(const view *v, int which, size_t pos, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t k = 0; k < v->n_spans; k++) {
		const nf_passage *p = &v->spans[k];
		uint32_t s = which ? p->b_start : p->a_start, e = which ? p->b_end : p->a_end;
		if (!v->color && e == pos && n + 8 < cap)
			n += (size_t)snprintf(out + n, cap - n, "<%zu]", k + 1);
		if (s == pos && n + 8 < cap)
			n +=
			    (size_t)snprintf(out + n, cap - n, v->color ? "[%zu]" : "[%zu>", k + 1);
	}
	return (int)n;
}

static const char *ansi(const view *v, unsigned st)
{
	if (st == ST_PLAIN)
		return "\033[0m";
	if (st == ST_BOILER)
		return "\033[2m";
	int kind = v->spans[st - ST_SPAN].kind;
	return kind == NF_PASSAGE_VERBATIM ? "\033[32m"
	       : kind == NF_PASSAGE_EDITED ? "\033[33m"
					   : "\033[36m";
}

/* A rendered row: bytes to print (with escapes) and its width. */
typedef struct row {
	nf_buf b;
	int w;
} row;

typedef struct rows {
	row *r;
	size_t n, cap;
} rows;

static row *new_row(rows *rs)
{
	if (rs->n == rs->cap) {
		size_t nc = rs->cap ? 2 * rs->cap : 64;
		row *p = realloc(rs->r, nc * sizeof(row));
		if (!p)
			return NULL;
		rs->r = p;
		rs->cap = nc;
	}
	row *r = &rs->r[rs->n++];
	nf_buf_init(&r->b);
	r->w = 0;
	return r;
}

/* Emits the labels at byte pos (between words) into row r. */
static void put_label(const view *v, int which, size_t pos, row *r, unsigned cur)
{
	char lab[64];
	int lw = label_at(v, which, pos, lab, sizeof(lab));
	if (!lw)
		return;
	if (v->color)
		nf_buf_append(&r->b, "\033[1m", 4);
	nf_buf_append(&r->b, lab, (size_t)lw);
	if (v->color)
		nf_buf_append(&r->b, ansi(v, cur), strlen(ansi(v, cur)));
	r->w += lw;
}

/* Ends row r (closing its colour) and starts the next in style cur. NULL when out of memory. */
static row *break_row(const view *v, rows *rs, row *r, unsigned cur)
{
	if (v->color && cur != ST_PLAIN)
		nf_buf_append(&r->b, "\033[0m", 4);
	if (!(r = new_row(rs)))
		return NULL;
	if (v->color && cur != ST_PLAIN)
		nf_buf_append(&r->b, ansi(v, cur), strlen(ansi(v, cur)));
	return r;
}

/* Appends text[s, e) of one side as wrapped rows. */
static int render(const view *v, const side *sd, int which, size_t s, size_t e, rows *rs)
{
	const unsigned char *t = (const unsigned char *)sd->doc->text.ptr;
	row *r = new_row(rs);
	if (!r)
		return -1;
	unsigned cur = ST_PLAIN;
	size_t i = s;
	while (i < e) {
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
			put_label(v, which, i, r, cur);
		if (t[i] == '\n' || t[i] == '\r') {
			if (t[i] == '\r' && i + 1 < e && t[i + 1] == '\n')
				i++;
			i++;
			if (!(r = break_row(v, rs, r, cur)))
				return -1;
			continue;
		}
		if (t[i] == ' ' || t[i] == '\t') {
			if (r->w > 0 && r->w < v->width) {
				nf_buf_append(&r->b, " ", 1);
				r->w++;
			}
			i++;
			continue;
		}
		/* one word: measure it with its labels, wrap before it if needed */
		size_t j = i;
		int w = 0;
		char lab[64];
		while (j < e && t[j] != ' ' && t[j] != '\t' && t[j] != '\n' && t[j] != '\r') {
			size_t l;
			w += label_at(v, which, j, lab, sizeof(lab));
			w += cp_width(t + j, e - j, &l);
			j += l;
		}
		if (r->w > 0 && r->w + w > v->width && !(r = break_row(v, rs, r, cur)))
			return -1;
		for (size_t k = i; k < j;) {
			put_label(v, which, k, r, sd->style[k]);
			if (v->color && sd->style[k] != cur) {
				cur = sd->style[k];
				nf_buf_append(&r->b, ansi(v, cur), strlen(ansi(v, cur)));
			}
			size_t l;
			int cw = cp_width(t + k, j - k, &l);
			/* a word longer than the column */
			if (r->w + cw > v->width && !(r = break_row(v, rs, r, cur)))
				return -1;
			if (cw > 0 || l > 1)
				nf_buf_append(&r->b, (const char *)t + k, l);
			r->w += cw;
			k += l;
		}
		i = j;
	}
	if (e == sd->doc->text.len)
		put_label(v, which, e, r, cur);
	if (v->color)
		nf_buf_append(&r->b, "\033[0m", 4);
	return 0;
}

static void free_rows(rows *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		nf_buf_release(&rs->r[i].b);
	free(rs->r);
	rs->r = NULL;
	rs->n = rs->cap = 0;
}

/* Appends the rows of both columns side by side, padding the shorter. */
static void print_rows(nf_buf *out, const view *v, rows *l, rows *r)
{
	size_t n = l->n > r->n ? l->n : r->n;
	for (size_t i = 0; i < n; i++) {
		int w = 0;
		if (i < l->n) {
			nf_buf_append(out, l->r[i].b.data, l->r[i].b.len);
			w = l->r[i].w;
		}
		/* as printf("%*s", width - w, "") did: a row wider than its column is padded by
		 * its excess (kept so that the output stays what it was) */
		for (int k = 0, pad = abs(v->width - w); k < pad; k++)
			nf_buf_append(out, " ", 1);
		nf_buf_puts(out, v->color ? " \033[2m|\033[0m " : " | ");
		if (i < r->n)
			nf_buf_append(out, r->r[i].b.data, r->r[i].b.len);
		nf_buf_puts(out, "\n");
	}
}

/* The start of the line holding byte pos, if it lies after lo; SIZE_MAX if none does. */
static size_t line_start(const nf_doc *d, size_t pos, size_t lo)
{
	for (size_t i = pos; i > lo; i--)
		if (d->text.ptr[i - 1] == '\n')
			return i;
	return pos == lo ? lo : SIZE_MAX;
}

static void put_id(nf_buf *b, const nf_doc *d)
{
	nf_buf_append(b, d->id.ptr, d->id.len < 200 ? d->id.len : 200);
}

/* The summary: both articles, the relation and each span. */
static void summary(nf_buf *out, const view *v, const side *sd, const nf_alignment *res)
{
	static const char *const col[] = {"\033[32m", "\033[33m", "\033[36m"};
	for (int s = 0; s < 2; s++) {
		nf_buf_puts(out, s ? "B: " : "A: ");
		put_id(out, sd[s].doc);
		nf_buf_printf(out, "  %.*s  %zu words\n", (int)sd[s].doc->date_raw.len,
			      sd[s].doc->date_raw.ptr, sd[s].c->n_content_tokens);
	}
	nf_buf_printf(out, "relation: %s  coverage A %.1f%%  B %.1f%%  source: ",
		      nf_relation_name(res->relation), 100 * res->coverage_a,
		      100 * res->coverage_b);
	if (res->source < 0)
		nf_buf_puts(out, "not named");
	else
		put_id(out, sd[res->source].doc);
	nf_buf_printf(out, " (%s)\n", nf_basis_name(res->basis));
	for (size_t k = 0; k < res->n_spans; k++) {
		const nf_passage *sp = &res->spans[k];
		nf_buf_printf(
		    out, "  %s[%zu] %-8s%s %4u/%-4u words  similarity %.2f  A %u-%u  B %u-%u%s\n",
		    v->color ? col[sp->kind % 3] : "", k + 1, nf_passage_kind_name(sp->kind),
		    v->color ? "\033[0m" : "", sp->a_words, sp->b_words, sp->similarity,
		    sp->a_start, sp->a_end, sp->b_start, sp->b_end,
		    sp->boilerplate ? "  (boilerplate: not counted)" : "");
	}
	nf_buf_puts(out, "\n");
}

/* The texts, cut at the starts of the spans in the same order on both sides. */
static int texts(nf_buf *out, const view *v, const side *sd)
{
	size_t pa = 0, pb = 0;
	uint32_t last_b = 0;
	rows rl = {0}, rr = {0};
	int rc = 0;
	for (size_t k = 0; k <= v->n_spans && !rc; k++) {
		size_t ea = sd[0].doc->text.len, eb = sd[1].doc->text.len;
		if (k < v->n_spans) {
			const nf_passage *sp = &v->spans[k];
			if (sp->a_start < pa || sp->b_start < last_b || sp->b_start < pb)
				continue; /* out of order: highlighted, not a sync point */
			/* cut at the starts of the lines holding the span on both sides */
			ea = line_start(sd[0].doc, sp->a_start, pa);
			eb = line_start(sd[1].doc, sp->b_start, pb);
			if (ea == SIZE_MAX || eb == SIZE_MAX)
				continue;
			last_b = sp->b_start;
		}
		if (ea > pa || eb > pb || k == v->n_spans) {
			if (render(v, &sd[0], 0, pa, ea, &rl) || render(v, &sd[1], 1, pb, eb, &rr))
				rc = NF_ENOMEM;
			else
				print_rows(out, v, &rl, &rr);
			free_rows(&rl);
			free_rows(&rr);
		}
		pa = ea;
		pb = eb;
	}
	return rc;
}

int nf_write_compare(nf_buf *out, const nf_doc *const doc[2], const nf_cleaned *const c[2],
		     const nf_alignment *res, int width, bool color)
{
	side sd[2];
	int rc = 0;
	for (int s = 0; s < 2; s++) {
		sd[s] = (side){doc[s], c[s], calloc(doc[s]->text.len + 1, 1)};
		if (!sd[s].style)
			rc = NF_ENOMEM;
		for (size_t i = 0; sd[s].style && i < c[s]->n_boiler; i++)
			memset(sd[s].style + c[s]->boiler[i].start, ST_BOILER,
			       c[s]->boiler[i].end - c[s]->boiler[i].start);
	}
	size_t n_spans = res->n_spans < MAX_SPANS ? res->n_spans : MAX_SPANS;
	for (size_t k = 0; !rc && k < n_spans; k++) {
		const nf_passage *sp = &res->spans[k];
		memset(sd[0].style + sp->a_start, (int)(ST_SPAN + k), sp->a_end - sp->a_start);
		memset(sd[1].style + sp->b_start, (int)(ST_SPAN + k), sp->b_end - sp->b_start);
	}
	view v = {color, ((width < 20 ? 20 : width) - 3) / 2, res->spans, n_spans};
	if (!rc) {
		summary(out, &v, sd, res);
		rc = texts(out, &v, sd);
	}
	free(sd[0].style);
	free(sd[1].style);
	return rc ? rc : out->oom ? NF_ENOMEM : 0;
}
