/*
 * cmd_stories.c - newsfold stories: articles about the same event, grouped into stories.
 *
 * Pass 0 (unless --repeat-min 0): count lines to find page templates (the feed's line pass).
 * Pass 1 (the record pipeline): workers parse and clean each article (title and text) and make
 * its event terms; the main thread, in input order, counts the terms into the document
 * frequencies and spools, with the article's id and date, each term's id and weight (8 bytes a
 * term, not the record).
 * Links (--links): pairs of tied articles (copies, reused passages) join one unit.
 * Pass 2 (main thread): the articles in (date, id) order go through nf_stories; every story that
 * closes (falls out of the window, or at the end) is written at once, with its members' ids and
 * the copy families inside it. Only the window's articles are held in memory, plus a few bytes
 * per article for the order and the ids.
 *
 * The order depends only on the articles (dates and ids), never on their input order, so
 * shuffling an input changes no story (ids are unique: a repeated id is a reject).
 */
#include "cli.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: newsfold stories [options] [FILE|DIR|-]...\n"
    "\n"
    "Groups articles about the same event into stories, whether they copy each other or were\n"
    "written independently, and keeps similar events (two earthquakes, two trials) apart.\n"
    "Articles are compared by their content words (stemmed), names and numbers, with the\n"
    "title and lead counting more; an article joins the most similar story of the last\n"
    "--window days or opens a new one; stories are then refined by average link (mean\n"
    "similarity of all their article pairs) so that no single article chains two events.\n"
    "\n"
    "options:\n"
    "  --window T        articles further apart than T never join one story unless a link\n"
    "                    ties them (T = N[d|h]; default 3d; 0 = no limit). Undated articles\n"
    "                    have no time constraint.\n"
    "  --links FILE      JSONL pairs {\"a\":ID,\"b\":ID,...} of tied articles, such as the\n"
    "                    output of newsfold reuse or dedup --pairs: tied articles are always\n"
    "                    in one story and form its copy families (pairs whose relation is\n"
    "                    \"quote\" do not tie)\n"
    "  --assign FILE     also write ID<TAB>STORY lines (for newsfold eval)\n"
    "  --lang L          Snowball stemmer language (default english)\n"
    "  --join X          cosine to a story's centroid for an article to join it online\n"
    "                    (default 0.40)\n"
    "  --merge X         average link at which two stories merge (default 0.16)\n"
    "  --split X         average link below which a group of articles leaves its story\n"
    "                    (default 0.06)\n"
    "  --name-weight X   weight of names against words (default 2)\n"
    "  --number-weight X weight of numbers against words (default 1.5)\n"
    "  --max-terms N     strongest terms kept per article (default 100)\n"
    "  --repeat-min N    as for newsfold clean (templates; 0 = no line pass)\n"
    "  -j, -o, --rejects, --stats-json, --max-errors, --strict, --max-line, --*-field,\n"
    "  --auto-id, -q     as for newsfold clean\n"
    "\n"
    "output (one line per story, oldest first as they close):\n"
    "  {\"story\":0,\"size\":5,\"first\":\"2025-10-16T00:00:00Z\",\"last\":...,\n"
    "   \"members\":[ID,...],\"families\":[[ID,ID],...],\"terms\":[\"ceasefir\",...],\n"
    "   \"names\":[\"zelenski\",...]}\n"
    "  Members in (date, id) order. Terms are stems and names are spelling-folded keys.\n"
    "\n"
    "example:\n"
    "  newsfold reuse articles.jsonl > links.jsonl\n"
    "  newsfold stories --links links.jsonl --assign assign.tsv articles.jsonl > stories.jsonl\n";

static const char help_digest[] =
    "usage: newsfold digest [options] [FILE|DIR|-]...\n"
    "\n"
    "Groups articles into stories as newsfold stories does and adds to each story line a\n"
    "\"digest\": what the story says and who said it first.\n"
    "\n"
    "  headline   the title most similar to the story (or, without titles, its best lead)\n"
    "  summary    up to five sentences chosen by centrality across the articles, redundancy\n"
    "             removed, each with the articles that carry it or a close paraphrase\n"
    "  quotes     quoted passages with their speaker (\"X said\", \"said X\", \"X wrote\",\n"
    "             \"X told reporters\", \"according to X\", \"X: ...\"), merged across articles,\n"
    "             with the articles and outlets that carry each\n"
    "  sources    per article: outlet, date, role (origin, verbatim copy, edited copy,\n"
    "             partial copy, independent), share reused from its copy family, and the\n"
    "             sentences only it has (what it added)\n"
    "  timeline   the articles by date with their outlets\n"
    "  names      the names most articles mention\n"
    "\n"
    "Copy families come from aligning the story's articles (newsfold reuse's aligner). Options\n"
    "are those of newsfold stories (see newsfold stories --help).\n"
    "\n"
    "example:\n"
    "  newsfold digest ../shared/seeds | python3 -m json.tool\n";

static const char help_report[] =
    "usage: newsfold report [-o report.html] [options] [FILE|DIR|-]...\n"
    "\n"
    "Writes the stories and their digests (see newsfold digest) as one self-contained HTML\n"
    "file: no network access, inline style and script allowed by a strict\n"
    "Content-Security-Policy. A searchable story list; per story, when opened: headline,\n"
    "summary with its sources, key quotes with speakers and carriers, a sources table (outlet,\n"
    "date, role, reused share, what each added), a timeline, and a side-by-side view of any two\n"
    "of its articles with reused passages highlighted and boilerplate greyed. Article text is\n"
    "only ever shown as text.\n"
    "\n"
    "  --title T         the report's title (default \"newsfold report\")\n"
    "  other options     those of newsfold stories (see newsfold stories --help)\n"
    "\n"
    "example:\n"
    "  newsfold report -o seeds.html ../shared/seeds\n";

typedef struct sc {
	cli_opts *o;
	const char *lang;
	nf_stories *stories;
	cli_spool sp;
	bool digest;   /* newsfold digest or report: each story with its digest */
	bool report;   /* newsfold report: the stories as one HTML file */
	cli_spool raw; /* digest: the records, in the order of sp */
	nf_digester *dg;
	nf_parser *parser;
	nf_buf rec;
	nf_buf terms; /* scratch: one article's (id, weight) list */
	uint32_t *ids;
	float *w;
	size_t cap_ids, cap_w;
} sc;

static int accept(void *ctx, const nf_feed_item *it)
{
	sc *c = ctx;
	size_t n = it->n_terms;
	if (cli_grow((void **)&c->ids, &c->cap_ids, n + 1, sizeof(uint32_t)) ||
	    nf_stories_count(c->stories, it->terms, n, c->ids))
		return -1;
	/* what pass 2 needs: per term its id and weight */
	nf_buf_reset(&c->terms);
	for (size_t i = 0; i < n; i++) {
		nf_buf_append(&c->terms, &c->ids[i], 4);
		nf_buf_append(&c->terms, &it->terms[i].weight, 4);
	}
	if (c->terms.oom)
		return -1;
	cli_spool_rec s = {c->terms.data, c->terms.len,	    it->rec.file,
			   it->rec.line,  it->rec.format,   it->id.ptr,
			   it->id.len,	  it->id_is_number, it->date};
	if (c->digest) {
		cli_spool_rec r = s;
		r.raw = it->rec.data;
		r.len = it->rec.len;
		if (cli_spool_put(&c->raw, &r))
			return -1;
	}
	return cli_spool_put(&c->sp, &s) ? -1 : 0;
}

/* --- order and ids ------------------------------------------------------------------------- */

/* FNV-1a: ids are short. */
static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

/* Union-find over spool indices (the smaller index is the root). */
static uint32_t uf_find(uint32_t *u, uint32_t x)
{
	while (u[x] != x) {
		u[x] = u[u[x]];
		x = u[x];
	}
	return x;
}

static void uf_union(uint32_t *u, uint32_t a, uint32_t b)
{
	a = uf_find(u, a);
	b = uf_find(u, b);
	if (a < b)
		u[b] = a;
	else if (b < a)
		u[a] = b;
}

static const cli_spool *g_sp; /* for the qsort comparator */

static int cmp_order(const void *x, const void *y)
{
	const cli_spool_doc *a = &g_sp->docs[*(const uint32_t *)x];
	const cli_spool_doc *b = &g_sp->docs[*(const uint32_t *)y];
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	size_t n = a->id_len < b->id_len ? a->id_len : b->id_len;
	int c = memcmp(g_sp->ids.data + a->id_off, g_sp->ids.data + b->id_off, n);
	if (c)
		return c;
	if (a->id_len != b->id_len)
		return a->id_len < b->id_len ? -1 : 1;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	return i < j ? -1 : i > j;
}

/* Id -> spool index, open addressing. */
typedef struct idmap {
	uint32_t *slot;
	size_t mask;
} idmap;

static int idmap_build(idmap *m, const cli_spool *sp)
{
	size_t cap = 16;
	while (cap < sp->n_docs * 2)
		cap *= 2;
	m->slot = malloc(cap * sizeof(uint32_t));
	if (!m->slot)
		return -1;
	memset(m->slot, 0xff, cap * sizeof(uint32_t));
	m->mask = cap - 1;
	for (size_t i = 0; i < sp->n_docs; i++) {
		const cli_spool_doc *d = &sp->docs[i];
		size_t k = hash_bytes(sp->ids.data + d->id_off, d->id_len) & m->mask;
		while (m->slot[k] != UINT32_MAX)
			k = (k + 1) & m->mask;
		m->slot[k] = (uint32_t)i;
	}
	return 0;
}

static uint32_t idmap_get(const idmap *m, const cli_spool *sp, const char *id, size_t n)
{
	for (size_t k = hash_bytes(id, n) & m->mask; m->slot[k] != UINT32_MAX;
	     k = (k + 1) & m->mask) {
		const cli_spool_doc *d = &sp->docs[m->slot[k]];
		if (d->id_len == n && memcmp(sp->ids.data + d->id_off, id, n) == 0)
			return m->slot[k];
	}
	return UINT32_MAX;
}

/* Reads --links into the union-find `unit` over spool indices. */
static int read_links(sc *c, const char *path, const idmap *m, uint32_t *unit, uint64_t *n_links,
		      uint64_t *n_unknown, uint64_t *n_bad)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_err(c->o, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	uint64_t lineno = 0;
	while ((got = getline(&line, &cap, f)) >= 0) {
		lineno++;
		json_object *o = json_tokener_parse(line), *va, *vb, *vr;
		if (!o || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "a", &va) ||
		    !json_object_object_get_ex(o, "b", &vb) ||
		    json_object_is_type(va, json_type_null) ||
		    json_object_is_type(vb, json_type_null)) {
			if (got > 1 && (*n_bad)++ < 5)
				cli_err(c->o, "%s:%llu: not a link (need {\"a\":ID,\"b\":ID})",
					path, (unsigned long long)lineno);
			json_object_put(o);
			continue;
		}
		if (json_object_object_get_ex(o, "relation", &vr) &&
		    json_object_is_type(vr, json_type_string) &&
		    (strcmp(json_object_get_string(vr), "quote") == 0 ||
		     strcmp(json_object_get_string(vr), "none") == 0)) {
			json_object_put(o);
			continue;
		}
		const char *a = json_object_get_string(va), *b = json_object_get_string(vb);
		uint32_t x = idmap_get(m, &c->sp, a, strlen(a)),
			 y = idmap_get(m, &c->sp, b, strlen(b));
		json_object_put(o);
		if (x == UINT32_MAX || y == UINT32_MAX) {
			(*n_unknown)++;
			continue;
		}
		uf_union(unit, x, y);
		(*n_links)++;
	}
	free(line);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		cli_err(c->o, "error reading %s", path);
		return -1;
	}
	return 0;
}

/* --- pass 2 -------------------------------------------------------------------------------- */

static void put_s(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

typedef struct writer {
	sc *c;
	const uint32_t *order; /* stories article number -> spool index */
	uint32_t *unit;	       /* union-find over spool indices, or NULL */
	FILE *out, *assign;
	nf_buf line, ids, index;
	uint32_t *tmp;
	size_t cap_tmp;
	uint64_t stories, singletons, families, largest;
} writer;

static int cmp_root(const void *x, const void *y, void *u)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	uint32_t ra = uf_find(u, a), rb = uf_find(u, b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* The digest of a story (its records reloaded from the raw spool). */
static const nf_digest *digest_of(writer *w, const nf_story *st)
{
	sc *c = w->c;
	nf_digest_begin(c->dg);
	for (size_t i = 0; i < st->n_members; i++) {
		nf_doc doc;
		if (cli_old_spool_load(&c->raw, w->order[st->members[i]], &c->rec, c->parser,
				       &doc) ||
		    nf_digest_add(c->dg, &doc))
			return NULL;
	}
	const nf_digest *g;
	return nf_digest_run(c->dg, &g) ? NULL : g;
}

/* Appends ,"digest":{...} for the story. */
static int add_digest(writer *w, const nf_story *st)
{
	const nf_digest *g = digest_of(w, st);
	put_s(&w->line, ",\"digest\":");
	return !g || nf_digest_json(w->c->dg, g, &w->line) ? -1 : 0;
}

static int story_written(writer *w, const nf_story *st);

/* With links: the story's members (spool indices) in w->tmp, grouped by copy family. */
static int sort_by_family(writer *w, const nf_story *st)
{
	if (!w->unit || st->n_members < 2)
		return 0;
	if (cli_grow((void **)&w->tmp, &w->cap_tmp, st->n_members, sizeof(uint32_t)))
		return -1;
	for (size_t i = 0; i < st->n_members; i++)
		w->tmp[i] = w->order[st->members[i]];
	qsort_r(w->tmp, st->n_members, sizeof(uint32_t), cmp_root, w->unit);
	return 0;
}

/* Writes one story into the report. */
static int report_story(writer *w, const nf_story *st)
{
	const nf_digest *g = digest_of(w, st);
	nf_buf_reset(&w->line);
	if (!g || nf_report_story(&w->line, &w->index, st->id, st->first, st->last, w->c->dg, g) ||
	    fwrite(w->line.data, 1, w->line.len, w->out) != w->line.len || sort_by_family(w, st))
		return -1;
	return story_written(w, st);
}

/* Writes one story: its JSON line and its assign lines. */
static int write_story(writer *w, const nf_story *st)
{
	if (w->c->report)
		return report_story(w, st);
	const cli_spool *sp = &w->c->sp;
	nf_buf *b = &w->line;
	nf_buf_reset(b);
	char num[64];
	snprintf(num, sizeof(num), "{\"story\":%u,\"size\":%zu,\"first\":", st->id, st->n_members);
	put_s(b, num);
	nf_json_date(b, st->first);
	put_s(b, ",\"last\":");
	nf_json_date(b, st->last);
	put_s(b, ",\"members\":[");
	for (size_t i = 0; i < st->n_members; i++) {
		if (i)
			put_s(b, ",");
		cli_spool_put_id(b, sp, w->order[st->members[i]]);
	}
	put_s(b, "],\"families\":[");
	if (sort_by_family(w, st))
		return -1;
	if (w->unit && st->n_members > 1) {
		bool first = true;
		for (size_t a = 0, e; a < st->n_members; a = e) {
			uint32_t r = uf_find(w->unit, w->tmp[a]);
			for (e = a; e < st->n_members && uf_find(w->unit, w->tmp[e]) == r; e++)
				;
			if (e - a < 2)
				continue;
			put_s(b, first ? "[" : ",[");
			first = false;
			for (size_t i = a; i < e; i++) {
				if (i > a)
					put_s(b, ",");
				cli_spool_put_id(b, sp, w->tmp[i]);
			}
			put_s(b, "]");
		}
	}
	for (int kind = 0; kind < 2; kind++) {
		put_s(b, kind ? "],\"names\":[" : "],\"terms\":[");
		bool first = true;
		for (size_t i = 0; i < st->n_terms; i++) {
			const nf_event_term *t = &st->terms[i];
			if ((t->kind == NF_TERM_NAME) != (kind == 1))
				continue;
			if (!first)
				put_s(b, ",");
			first = false;
			nf_json_string(b, t->text, t->len);
		}
	}
	put_s(b, "]");
	if (w->c->digest && add_digest(w, st))
		return -1;
	put_s(b, "}\n");
	if (b->oom || fwrite(b->data, 1, b->len, w->out) != b->len)
		return -1;
	return story_written(w, st);
}

/* Counts a written story (and its copy families: w->tmp as sort_by_family left it) and writes
 * its assign lines. */
static int story_written(writer *w, const nf_story *st)
{
	if (w->unit && st->n_members > 1)
		for (size_t a = 0, e; a < st->n_members; a = e) {
			uint32_t r = uf_find(w->unit, w->tmp[a]);
			for (e = a; e < st->n_members && uf_find(w->unit, w->tmp[e]) == r; e++)
				;
			w->families += e - a >= 2;
		}
	w->stories++;
	w->singletons += st->n_members == 1;
	if (st->n_members > w->largest)
		w->largest = st->n_members;
	const cli_spool *sp = &w->c->sp;
	for (size_t i = 0; w->assign && i < st->n_members; i++) {
		const cli_spool_doc *d = &sp->docs[w->order[st->members[i]]];
		fwrite(sp->ids.data + d->id_off, 1, d->id_len, w->assign);
		fprintf(w->assign, "\t%u\n", st->id);
	}
	return 0;
}

static int drain(writer *w)
{
	nf_story st;
	int rc;
	while ((rc = nf_stories_next(w->c->stories, &st)) == 1)
		if (write_story(w, &st))
			return -1;
	return rc;
}

/* Feeds the articles in order; returns 0 or -1. */
static int cluster(writer *w, uint64_t *late)
{
	sc *c = w->c;
	const cli_spool *sp = &c->sp;
	size_t n = sp->n_docs;
	/* per unit (root): the stories number of its first member, and its latest date */
	uint32_t *first = NULL;
	int64_t *until = NULL;
	if (w->unit) {
		first = malloc(n * sizeof(uint32_t));
		until = malloc(n * sizeof(int64_t));
		if (!first || !until) {
			free(first);
			free(until);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			first[i] = UINT32_MAX;
			until[i] = NF_NO_DATE;
		}
		for (size_t i = 0; i < n; i++) {
			uint32_t r = uf_find(w->unit, (uint32_t)i);
			if (sp->docs[i].date > until[r])
				until[r] = sp->docs[i].date;
		}
	}
	nf_buf raw;
	nf_buf_init(&raw);
	int rc = 0;
	for (size_t k = 0; k < n && !rc; k++) {
		uint32_t i = w->order[k];
		nf_record rec;
		uint32_t doc;
		if (cli_spool_raw(sp, i, &raw, &rec)) {
			rc = -1;
			break;
		}
		size_t nt = sp->docs[i].len / 8;
		if (cli_grow((void **)&c->ids, &c->cap_ids, nt + 1, sizeof(uint32_t)) ||
		    cli_grow((void **)&c->w, &c->cap_w, nt + 1, sizeof(float))) {
			rc = -1;
			break;
		}
		for (size_t k2 = 0; k2 < nt; k2++) {
			memcpy(&c->ids[k2], raw.data + 8 * k2, 4);
			memcpy(&c->w[k2], raw.data + 8 * k2 + 4, 4);
		}
		if (nf_stories_add_ids(c->stories, c->ids, c->w, nt, sp->docs[i].date, &doc)) {
			rc = -1;
			break;
		}
		if (w->unit) {
			uint32_t r = uf_find(w->unit, i);
			if (first[r] == UINT32_MAX) {
				first[r] = doc;
				if (until[r] != NF_NO_DATE && until[r] > sp->docs[i].date)
					nf_stories_link(c->stories, doc, doc, until[r]);
			} else if (nf_stories_link(c->stories, first[r], doc, until[r]) == 1) {
				(*late)++;
			}
		}
		rc = drain(w);
	}
	if (!rc && (nf_stories_finish(c->stories) || drain(w)))
		rc = -1;
	nf_buf_release(&raw);
	free(first);
	free(until);
	return rc;
}

enum mode { M_STORIES, M_DIGEST, M_REPORT };

static int run(int argc, char **argv, int mode)
{
	static const char *const names[] = {"stories", "digest", "report"};
	cli_opts o = {.cmd = names[mode], .max_errors = -1};
	sc c = {0};
	c.o = &o;
	bool digest = mode != M_STORIES;
	c.digest = digest;
	c.report = mode == M_REPORT;
	const char *title = "newsfold report";
	nf_buf_init(&c.rec);
	nf_story_options so;
	nf_story_options_init(&so);
	long long repeat_min = 10;
	const char *links = NULL, *assign = NULL;
	const char **inputs = calloc((size_t)argc, sizeof(char *));
	if (!inputs)
		return EXIT_USAGE;
	o.inputs = inputs;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		int k = cli_common_opt(&o, argc, argv, &i);
		if (k < 0)
			goto usage;
		if (k > 0)
			continue;
#define VALUE() (v = (i + 1 < argc ? argv[++i] : NULL))
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(mode == M_REPORT ? help_report : digest ? help_digest : help, stdout);
			free(inputs);
			return EXIT_OK;
		} else if (strcmp(a, "--window") == 0) {
			if (!VALUE() || !cli_parse_window(v, &so.window))
				goto bad;
		} else if (mode == M_REPORT && strcmp(a, "--title") == 0) {
			if (!VALUE())
				goto bad;
			title = v;
		} else if (strcmp(a, "--links") == 0) {
			if (!VALUE())
				goto bad;
			links = v;
		} else if (strcmp(a, "--assign") == 0) {
			if (!VALUE())
				goto bad;
			assign = v;
		} else if (strcmp(a, "--lang") == 0) {
			if (!VALUE())
				goto bad;
			c.lang = v;
		} else if (strcmp(a, "--join") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0.001, 1, &so.join))
				goto bad;
		} else if (strcmp(a, "--merge") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0, 1, &so.merge))
				goto bad;
		} else if (strcmp(a, "--name-weight") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0.01, 100, &so.name_weight))
				goto bad;
		} else if (strcmp(a, "--number-weight") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0.01, 100, &so.number_weight))
				goto bad;
		} else if (strcmp(a, "--max-terms") == 0) {
			long long x;
			if (!VALUE() || !cli_parse_int(v, 1, 65535, &x))
				goto bad;
			so.max_terms = (unsigned)x;
		} else if (strcmp(a, "--split") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0, 1, &so.split))
				goto bad;
		} else if (strcmp(a, "--repeat-min") == 0) {
			if (!VALUE() || !cli_parse_int(v, 0, 1000000000, &repeat_min))
				goto bad;
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
	nf_eventer *probe;
	if (nf_eventer_new(&probe, c.lang)) {
		cli_err(&o, "no stemmer for language '%s'", c.lang);
		goto usage;
	}
	nf_eventer_free(probe);
	if (nf_stories_new(&c.stories, &so)) {
		cli_err(&o, "bad story options");
		goto usage;
	}
	int rc = EXIT_USAGE;
	FILE *out = stdout;
	writer w = {0};
	idmap ids = {0};
	uint32_t *order = NULL, *unit = NULL;
	nf_buf_init(&c.terms);
	nf_buf_init(&w.line);
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		goto done;
	}
	if (assign && !(w.assign = fopen(assign, "w"))) {
		cli_err(&o, "cannot write %s: %s", assign, strerror(errno));
		goto done;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	if (cli_spool_open(&c.sp) || (digest && cli_spool_open(&c.raw))) {
		cli_err(&o, "cannot create a temporary file: %s", strerror(errno));
		goto done;
	}
	if (digest && (nf_digester_new(&c.dg, c.lang) || nf_parser_new(&c.parser, &o.read))) {
		cli_err(&o, "out of memory");
		goto done;
	}
	double t0 = cli_now();
	nf_feed_options fo;
	nf_feed_options_init(&fo);
	fo.make = NF_FEED_TERMS;
	fo.language = c.lang;
	fo.repeat_min = (unsigned)repeat_min;
	cli_stats st;
	rc = cli_feed_run(&o, &fo, accept, &c, &st, NULL);
	double t_lines = st.seconds_line_pass, t1 = t0 + t_lines;
	if (rc == EXIT_USAGE)
		goto done;
	int prc = rc;
	rc = EXIT_USAGE;
	if (cli_spool_flush(&c.sp) || (digest && cli_spool_flush(&c.raw))) {
		cli_err(&o, "cannot write the temporary spool file");
		goto done;
	}
	double t2 = cli_now();
	size_t n = c.sp.n_docs;
	order = malloc((n + 1) * sizeof(uint32_t));
	if (!order)
		goto oom;
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	g_sp = &c.sp;
	qsort(order, n, sizeof(uint32_t), cmp_order);
	uint64_t n_links = 0, n_unknown = 0, n_bad = 0, late = 0;
	if (links) {
		unit = malloc((n + 1) * sizeof(uint32_t));
		if (!unit || idmap_build(&ids, &c.sp))
			goto oom;
		for (size_t i = 0; i < n; i++)
			unit[i] = (uint32_t)i;
		if (read_links(&c, links, &ids, unit, &n_links, &n_unknown, &n_bad))
			goto done;
		if (n_unknown && !o.quiet)
			cli_err(&o, "%s: %llu links name articles not in the input (ignored)",
				links, (unsigned long long)n_unknown);
	}
	double t3 = cli_now();
	w.c = &c;
	w.order = order;
	w.unit = unit;
	w.out = out;
	nf_buf_init(&w.index);
	if (c.report) {
		nf_buf_reset(&w.line);
		if (nf_report_begin(&w.line, title) ||
		    fwrite(w.line.data, 1, w.line.len, out) != w.line.len)
			goto oom;
	}
	if (cluster(&w, &late))
		goto oom;
	if (c.report) {
		nf_buf_reset(&w.line);
		if (nf_report_end(&w.line, &w.index) ||
		    fwrite(w.line.data, 1, w.line.len, out) != w.line.len)
			goto oom;
	}
	if (fflush(out) || ferror(out) || (w.assign && (fflush(w.assign) || ferror(w.assign)))) {
		cli_err(&o, "write failed: %s", strerror(errno));
		goto done;
	}
	double t4 = cli_now();
	nf_stories_stats ss;
	nf_stories_get_stats(c.stories, &ss);
	char extra[768];
	snprintf(extra, sizeof(extra),
		 ",\"stories\":%llu,\"singletons\":%llu,\"largest\":%llu,\"families\":%llu,"
		 "\"links\":%llu,\"links_unknown\":%llu,\"links_bad\":%llu,\"links_late\":%llu,"
		 "\"joined\":%llu,\"opened\":%llu,\"split\":%llu,\"merged\":%llu,"
		 "\"peak_live_docs\":%llu,\"vocabulary\":%llu,\"docs_per_second\":%.1f,"
		 "\"seconds_line_pass\":%.3f,\"seconds_terms\":%.3f,\"seconds_cluster\":%.3f",
		 (unsigned long long)w.stories, (unsigned long long)w.singletons,
		 (unsigned long long)w.largest, (unsigned long long)w.families,
		 (unsigned long long)n_links, (unsigned long long)n_unknown,
		 (unsigned long long)n_bad, (unsigned long long)late, (unsigned long long)ss.joined,
		 (unsigned long long)ss.opened, (unsigned long long)ss.split,
		 (unsigned long long)ss.merged, (unsigned long long)ss.peak_live_docs,
		 (unsigned long long)ss.vocabulary, t4 > t0 ? (double)n / (t4 - t0) : 0.0, t_lines,
		 t2 - t1, t4 - t3);
	st.seconds = t4 - t0;
	st.bytes_out = 0;
	rc = cli_write_stats(&o, &st, extra);
	if (rc == EXIT_OK)
		rc = prc;
	if (!o.quiet)
		cli_err(&o, "%zu articles, %llu stories (%llu of one article, largest %llu)", n,
			(unsigned long long)w.stories, (unsigned long long)w.singletons,
			(unsigned long long)w.largest);
	goto done;
oom:
	cli_err(&o, "out of memory");
	rc = EXIT_USAGE;
done:
	if (out && out != stdout)
		fclose(out);
	if (w.assign)
		fclose(w.assign);
	cli_spool_close(&c.sp);
	if (digest)
		cli_spool_close(&c.raw);
	nf_digester_free(c.dg);
	nf_parser_free(c.parser);
	nf_buf_release(&c.rec);
	nf_stories_free(c.stories);
	nf_buf_release(&c.terms);
	nf_buf_release(&w.line);
	nf_buf_release(&w.index);
	free(c.ids);
	free(c.w);
	free(w.tmp);
	free(ids.slot);
	free(order);
	free(unit);
	free(inputs);
	return rc;
usage:
	fprintf(stderr, "Try 'newsfold %s --help'.\n", o.cmd);
	free(inputs);
	nf_buf_release(&c.rec);
	return EXIT_USAGE;
}

int cmd_stories(int argc, char **argv)
{
	return run(argc, argv, M_STORIES);
}

int cmd_digest(int argc, char **argv)
{
	return run(argc, argv, M_DIGEST);
}

int cmd_report(int argc, char **argv)
{
	return run(argc, argv, M_REPORT);
}
