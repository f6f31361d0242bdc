/*
 * cmd_compare.c - newsfold compare: two articles side by side with their shared passages.
 *
 * The two documents are cleaned and aligned (nf_align); the text of each is cut at the starts
 * of the spans that come in the same order on both sides, so that every such passage starts on
 * the same row in both columns. Spans are coloured by kind on a terminal (NO_COLOR honoured);
 * without colour each span is bracketed as [n> ... <n].
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char help[] =
    "usage: newsfold compare [options] A B\n"
    "       newsfold compare [options] --a ID --b ID [FILE|DIR|-]...\n"
    "\n"
    "Shows two articles side by side in the terminal with the passages they share\n"
    "highlighted and numbered, after a summary: relation, coverage of each side, likely\n"
    "source, and each span with its kind, words, similarity and byte offsets. Without --a/--b\n"
    "the first two articles of the inputs are compared.\n"
    "\n"
    "options:\n"
    "  --a ID, --b ID         the articles to compare (by id)\n"
    "  --width N              total width in columns (default: the terminal's, or 120)\n"
    "  --color WHEN           auto (default: on a terminal, unless NO_COLOR is set), always\n"
    "                         or never (--colour too); without colour spans are marked\n"
    "                         [n> ... <n]\n"
    "  --min-words N, --seed-words K, --max-gap G   as for newsfold reuse\n"
    "  --max-line, --*-field, --auto-id, -q        as for newsfold clean\n"
    "\n"
    "colours: green verbatim, yellow edited, cyan quotation, dim boilerplate.\n";

/* One side: the document, its cleaning, and a style per byte. */
typedef struct side {
	nf_buf rec;  /* record copy */
	nf_buf file; /* its file name: a seed file's id is made from it */
	nf_doc doc;
	nf_parser *p;
	nf_cleaner *cl;
	nf_align_doc *ad;
	nf_cleaned c;
	unsigned char *style; /* per byte: 0 plain, 1 boilerplate, 2+k span k */
	size_t n_words;
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
	const unsigned char *t = (const unsigned char *)sd->doc.text.ptr;
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
	if (e == sd->doc.text.len)
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

/* Prints the rows of both columns side by side, padding the shorter. */
static void print_rows(FILE *out, const view *v, rows *l, rows *r)
{
	size_t n = l->n > r->n ? l->n : r->n;
	for (size_t i = 0; i < n; i++) {
		int w = 0;
		if (i < l->n) {
			if (l->r[i].b.len)
				fwrite(l->r[i].b.data, 1, l->r[i].b.len, out);
			w = l->r[i].w;
		}
		fprintf(out, "%*s %s ", v->width - w, "", v->color ? "\033[2m|\033[0m" : "|");
		if (i < r->n && r->r[i].b.len)
			fwrite(r->r[i].b.data, 1, r->r[i].b.len, out);
		fputc('\n', out);
	}
}

static int load_side(side *sd, const nf_record *rec, const nf_read_options *ro)
{
	nf_error err;
	nf_buf_reset(&sd->rec);
	if (nf_buf_append(&sd->rec, rec->data, rec->len))
		return -1;
	nf_buf_reset(&sd->file);
	if (rec->file && (nf_buf_append(&sd->file, rec->file, strlen(rec->file) + 1)))
		return -1;
	nf_record copy = *rec;
	copy.data = sd->rec.data;
	if (rec->file)
		copy.file = sd->file.data;
	if (!sd->p && nf_parser_new(&sd->p, ro))
		return -1;
	return nf_parse(sd->p, &copy, &sd->doc, &err) ? -1 : 0;
}

/* The start of the line holding byte pos, if it lies after lo; SIZE_MAX if none does. */
static size_t line_start(const nf_doc *d, size_t pos, size_t lo)
{
	for (size_t i = pos; i > lo; i--)
		if (d->text.ptr[i - 1] == '\n')
			return i;
	return pos == lo ? lo : SIZE_MAX;
}

static void put_id(FILE *out, const nf_doc *d)
{
	fprintf(out, "%.*s", (int)(d->id.len < 200 ? d->id.len : 200), d->id.ptr);
}

/* The options every reading command shares that mean nothing here: compare writes no records,
 * rejects or stats and runs on one thread. */
static bool applies(const char *a)
{
	static const char *const not_here[] = {"--threads",    "--output",     "--rejects",
					       "--stats-json", "--max-errors", "--strict"};
	if ((a[0] == '-' && a[1] == 'j') || strcmp(a, "-o") == 0)
		return false;
	for (size_t k = 0; k < sizeof(not_here) / sizeof(not_here[0]); k++) {
		size_t n = strlen(not_here[k]);
		if (strncmp(a, not_here[k], n) == 0 && (a[n] == '\0' || a[n] == '='))
			return false;
	}
	return true;
}

int cmd_compare(int argc, char **argv)
{
	cli_opts o = {.cmd = "compare", .max_errors = -1};
	nf_align_options aopt = {0};
	const char *want[2] = {NULL, NULL};
	const char *color = "auto";
	long long x, width = 0;
	const char **inputs = calloc((size_t)argc + 1, sizeof(char *));
	side sd[2];
	memset(sd, 0, sizeof(sd));
	int rc = EXIT_USAGE;
	if (!inputs)
		return EXIT_USAGE;
	o.inputs = inputs;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (!applies(a)) {
			cli_err(&o, "%s does not apply to compare (see newsfold compare --help)",
				a);
			goto usage;
		}
		int k = cli_common_opt(&o, argc, argv, &i);
		if (k < 0)
			goto usage;
		if (k > 0)
			continue;
#define VALUE() (v = (i + 1 < argc ? argv[++i] : NULL))
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			free(inputs);
			return EXIT_OK;
		} else if (strcmp(a, "--a") == 0 || strcmp(a, "--b") == 0) {
			if (!VALUE())
				goto bad;
			want[a[2] == 'b'] = v;
		} else if (strcmp(a, "--width") == 0) {
			if (!VALUE() || !cli_parse_int(v, 20, 1000, &width))
				goto bad;
		} else if (strcmp(a, "--color") == 0 || strcmp(a, "--colour") == 0) {
			if (!VALUE() ||
			    (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never")))
				goto bad;
			color = v;
		} else if (strcmp(a, "--min-words") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, 1000000, &x))
				goto bad;
			aopt.min_words = (unsigned)x;
		} else if (strcmp(a, "--seed-words") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, 64, &x))
				goto bad;
			aopt.seed_words = (unsigned)x;
		} else if (strcmp(a, "--max-gap") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, 1000, &x))
				goto bad;
			aopt.max_gap = (unsigned)x;
		} else if (a[0] == '-' && a[1] != '\0') {
			cli_err(&o, "unknown option '%s'", a);
			goto usage;
		} else {
			inputs[o.n_inputs++] = a;
		}
		continue;
	bad:
		cli_err(&o, "bad or missing value for %s", a);
		goto usage;
#undef VALUE
	}
	if ((want[0] != NULL) != (want[1] != NULL)) {
		cli_err(&o, "--a and --b go together");
		goto usage;
	}
	if (!want[0] && o.n_inputs == 0) {
		cli_err(&o, "two articles are needed: newsfold compare A B");
		goto usage;
	}

	/* read until both are found (by id, or the first two) */
	nf_reader *rd = NULL;
	if (nf_reader_new(&rd, &o.read) || cli_add_inputs(&o, rd)) {
		nf_reader_free(rd);
		goto done;
	}
	int found = 0;
	bool have[2] = {false, false};
	nf_parser *p = NULL;
	nf_record rec;
	nf_error err;
	int r;
	if (nf_parser_new(&p, &o.read)) {
		nf_reader_free(rd);
		goto done;
	}
	while (found < 2 && (r = nf_reader_next(rd, &rec, &err)) != 0) {
		if (r < 0) {
			if (r == NF_ENOMEM)
				break;
			if (!o.quiet)
				cli_err(&o, "%s:%llu: %s", err.file ? err.file : "-",
					(unsigned long long)err.line, err.message);
			continue;
		}
		nf_doc d;
		if (nf_parse(p, &rec, &d, &err)) {
			if (!o.quiet)
				cli_err(&o, "%s:%llu: %s", rec.file, (unsigned long long)rec.line,
					err.message);
			continue;
		}
		for (int s = 0; s < 2; s++) {
			bool match = want[s] ? strlen(want[s]) == d.id.len &&
						   memcmp(want[s], d.id.ptr, d.id.len) == 0
					     : s == found;
			if (!have[s] && match) {
				if (load_side(&sd[s], &rec, &o.read)) {
					nf_parser_free(p);
					nf_reader_free(rd);
					goto done;
				}
				have[s] = true;
				found++;
				break;
			}
		}
	}
	nf_parser_free(p);
	nf_reader_free(rd);
	if (found < 2) {
		if (want[0])
			cli_err(&o, "article '%s' not found", !have[0] ? want[0] : want[1]);
		else
			cli_err(&o, "two articles are needed, %d found", found);
		goto done;
	}

	/* clean, prepare and align */
	nf_aligner *al = NULL;
	nf_alignment res;
	if (nf_aligner_new(&al, &aopt)) {
		cli_err(&o, "bad alignment options");
		goto done;
	}
	for (int s = 0; s < 2; s++) {
		side *q = &sd[s];
		if (nf_cleaner_new(&q->cl, NULL) || nf_align_doc_new(&q->ad) ||
		    nf_clean(q->cl, q->doc.text.ptr, q->doc.text.len, &q->c) ||
		    nf_align_doc_set(q->ad, q->doc.text.ptr, q->doc.text.len, q->doc.date, &q->c) ||
		    !(q->style = calloc(q->doc.text.len + 1, 1))) {
			cli_err(&o, "out of memory");
			nf_aligner_free(al);
			goto done;
		}
		for (size_t i = 0; i < q->c.n_boiler; i++)
			memset(q->style + q->c.boiler[i].start, ST_BOILER,
			       q->c.boiler[i].end - q->c.boiler[i].start);
	}
	if (nf_align(al, sd[0].ad, sd[1].ad, &res)) {
		cli_err(&o, "out of memory");
		nf_aligner_free(al);
		goto done;
	}
	for (size_t k = 0; k < res.n_spans && k < 250; k++) {
		const nf_passage *sp = &res.spans[k];
		memset(sd[0].style + sp->a_start, (int)(ST_SPAN + k), sp->a_end - sp->a_start);
		memset(sd[1].style + sp->b_start, (int)(ST_SPAN + k), sp->b_end - sp->b_start);
	}

	/* summary */
	view v = {false, 0, res.spans, res.n_spans < 250 ? res.n_spans : 250};
	const char *nc = getenv("NO_COLOR");
	v.color = strcmp(color, "always") == 0 ||
		  (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) && !(nc && nc[0]));
	int total = (int)width;
	struct winsize ws;
	if (!total)
		total = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
				ws.ws_col >= 20
			    ? ws.ws_col
			    : 120;
	v.width = (total - 3) / 2;
	FILE *out = stdout;
	static const char *const col[] = {"\033[32m", "\033[33m", "\033[36m"};
	fputs("A: ", out);
	put_id(out, &sd[0].doc);
	fprintf(out, "  %.*s  %zu words\nB: ", (int)sd[0].doc.date_raw.len, sd[0].doc.date_raw.ptr,
		sd[0].c.n_content_tokens);
	put_id(out, &sd[1].doc);
	fprintf(out, "  %.*s  %zu words\n", (int)sd[1].doc.date_raw.len, sd[1].doc.date_raw.ptr,
		sd[1].c.n_content_tokens);
	fprintf(out, "relation: %s  coverage A %.1f%%  B %.1f%%  source: ",
		nf_relation_name(res.relation), 100 * res.coverage_a, 100 * res.coverage_b);
	if (res.source < 0)
		fputs("not named", out);
	else
		put_id(out, &sd[res.source].doc);
	fprintf(out, " (%s)\n", nf_basis_name(res.basis));
	for (size_t k = 0; k < res.n_spans; k++) {
		const nf_passage *sp = &res.spans[k];
		fprintf(out,
			"  %s[%zu] %-8s%s %4u/%-4u words  similarity %.2f  A %u-%u  B %u-%u%s\n",
			v.color ? col[sp->kind % 3] : "", k + 1, nf_passage_kind_name(sp->kind),
			v.color ? "\033[0m" : "", sp->a_words, sp->b_words, sp->similarity,
			sp->a_start, sp->a_end, sp->b_start, sp->b_end,
			sp->boilerplate ? "  (boilerplate: not counted)" : "");
	}
	fputc('\n', out);

	/* the texts, cut at the starts of the spans in the same order on both sides */
	size_t pa = 0, pb = 0;
	uint32_t last_b = 0;
	rows rl = {0}, rr = {0};
	for (size_t k = 0; k <= v.n_spans; k++) {
		size_t ea = sd[0].doc.text.len, eb = sd[1].doc.text.len;
		if (k < v.n_spans) {
			const nf_passage *sp = &v.spans[k];
			if (sp->a_start < pa || sp->b_start < last_b || sp->b_start < pb)
				continue; /* out of order: highlighted, not a sync point */
			/* cut at the starts of the lines holding the span on both sides */
			ea = line_start(&sd[0].doc, sp->a_start, pa);
			eb = line_start(&sd[1].doc, sp->b_start, pb);
			if (ea == SIZE_MAX || eb == SIZE_MAX)
				continue;
			last_b = sp->b_start;
		}
		if (ea > pa || eb > pb || k == v.n_spans) {
			if (render(&v, &sd[0], 0, pa, ea, &rl) ||
			    render(&v, &sd[1], 1, pb, eb, &rr)) {
				cli_err(&o, "out of memory");
				break;
			}
			print_rows(out, &v, &rl, &rr);
			free_rows(&rl);
			free_rows(&rr);
		}
		pa = ea;
		pb = eb;
	}
	nf_aligner_free(al);
	rc = fflush(out) || ferror(out) ? EXIT_USAGE : EXIT_OK;
done:
	for (int s = 0; s < 2; s++) {
		nf_buf_release(&sd[s].rec);
		nf_buf_release(&sd[s].file);
		nf_parser_free(sd[s].p);
		nf_cleaner_free(sd[s].cl);
		nf_align_doc_free(sd[s].ad);
		free(sd[s].style);
	}
	free(inputs);
	return rc;
usage:
	fprintf(stderr, "Try 'newsfold compare --help'.\n");
	free(inputs);
	return EXIT_USAGE;
}
