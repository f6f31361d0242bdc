/*
 * cmd_reuse.c - newsfold reuse: every pair of articles sharing passages, with the aligned spans.
 *
 * Pass 0 (unless --repeat-min 0): count lines to find page templates (the feed's line pass).
 * Pass 1 (the record pipeline): workers parse and clean each article and make its winnowed
 * fingerprints; the main thread, in input order, spools the raw record and adds the
 * fingerprints to the index (nf_reuse).
 * Candidates: nf_reuse_candidates (df cap, shared fingerprints, date window).
 * Alignment: rounds of candidate pairs; in each, workers reload both documents from the spool
 * (a small cache keeps recent ones), align them and format the pair's JSON line into the
 * buffer of its chunk; the main thread writes the chunks in order. Output order is the pair
 * order (a, b): identical at any -j.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: newsfold reuse [options] [FILE|DIR|-]...\n"
    "\n"
    "Finds every pair of articles that share passages - copies, partial reprints of wire\n"
    "text, shared quotations - and writes one JSON line per pair with the aligned spans:\n"
    "byte offsets into both original texts, words, similarity, kind (verbatim, edited,\n"
    "quote) and whether the span is boilerplate (then it does not count). Each pair gets the\n"
    "coverage of each side, a relation (copy, partial, quote) and, for copies, the likely\n"
    "source and the basis of that call.\n"
    "\n"
    "options:\n"
    "  --window T             pair only articles at most T apart when both are dated\n"
    "                         (T = N[d|h], e.g. 7d; default: no limit)\n"
    "  --max-df N             leave out fingerprints held by more than N articles\n"
    "                         (default: adaptive, near-linear work)\n"
    "  --min-shared M         fingerprints two articles must share to be aligned (default 2:\n"
    "                         any 10 shared words give two)\n"
    "  --ngram N              words per fingerprint shingle (default 5)\n"
    "  --winnow W             winnowing window in shingles (default 3: any run of\n"
    "                         ngram + W - 1 shared words is found)\n"
    "  --min-words N          shortest span, in matched words (default 10)\n"
    "  --seed-words K         words per exact alignment seed (default 4)\n"
    "  --min-block N          a span needs an exact run of N words (default 7)\n"
    "  --max-gap G            unmatched words bridged inside a span (default 8)\n"
    "  --copy-coverage C      coverage of the smaller side that makes a copy (default 0.8)\n"
    "  --repeat-min N         as for newsfold clean (templates; 0 = no line pass)\n"
    "  -j, -o, --rejects, --stats-json, --max-errors, --strict, --max-line, --*-field,\n"
    "  --auto-id, -q          as for newsfold clean\n"
    "\n"
    "output (one line per pair, a before b in input order):\n"
    "  {\"a\":ID,\"b\":ID,\"relation\":\"partial\",\"coverage_a\":0.74,\"coverage_b\":0.71,\n"
    "   \"shared_words_a\":412,\"shared_words_b\":405,\"source\":ID|null,\"basis\":\"date\"|null,\n"
    "   \"spans\":[{\"a_start\":0,\"a_end\":812,\"b_start\":40,\"b_end\":851,\"words_a\":140,\n"
    "   \"words_b\":141,\"similarity\":0.98,\"kind\":\"edited\",\"boilerplate\":false},...]}\n"
    "  Offsets are bytes into the article's text: the decoded JSON string, or the file body\n"
    "  after its header (newsfold clean prints that header's length as text_offset).\n"
    "\n"
    "example:\n"
    "  newsfold reuse -j0 --window 7d articles.jsonl > reuse.jsonl\n";

typedef struct ru {
	cli_opts *o;
	nf_reuse_options ropt;
	nf_align_options aopt;
	nf_clean_options copt;
	nf_reuse *index;
	nf_spool *sp;
} ru;

#define CACHE 2048 /* prepared documents kept per worker (about 10 KB each) */

typedef struct worker {
	const ru *r;
	nf_cleaner *cl;
	nf_parser *p;
	nf_aligner *al;
	nf_buf rec;
	nf_buf fp;
	struct centry {
		uint32_t doc;
		nf_align_doc *d;
	} * cache, spare;
} worker;

static int worker_new(void *ctx, void **ws)
{
	ru *r = ctx;
	worker *w = calloc(1, sizeof(*w));
	*ws = w;
	if (!w)
		return NF_ENOMEM;
	w->r = r;
	w->cache = calloc(CACHE, sizeof(*w->cache));
	if (!w->cache)
		return NF_ENOMEM;
	nf_buf_init(&w->rec);
	nf_buf_init(&w->fp);
	if (nf_cleaner_new(&w->cl, &r->copt) || nf_parser_new(&w->p, &r->o->read) ||
	    nf_aligner_new(&w->al, &r->aopt))
		return NF_ENOMEM;
	for (size_t i = 0; i < CACHE; i++)
		w->cache[i].doc = UINT32_MAX;
	w->spare.doc = UINT32_MAX;
	return 0;
}

static void worker_free(void *ws)
{
	worker *w = ws;
	if (!w)
		return;
	nf_cleaner_free(w->cl);
	nf_parser_free(w->p);
	nf_aligner_free(w->al);
	nf_buf_release(&w->rec);
	nf_buf_release(&w->fp);
	for (size_t i = 0; w->cache && i < CACHE; i++)
		nf_align_doc_free(w->cache[i].d);
	free(w->cache);
	nf_align_doc_free(w->spare.d);
	free(w);
}

static int accept(void *ctx, const nf_feed_item *it)
{
	ru *r = ctx;
	nf_spool_entry s = {it->rec.data, it->rec.len,	it->id,	      it->id_is_number,
			    it->date,	  it->rec.file, it->rec.line, it->rec.format};
	if (nf_spool_put(r->sp, &s))
		return -1;
	return nf_reuse_add(r->index, it->date, it->fingerprints, it->n_fingerprints) ? -1 : 0;
}

/* --- alignment ------------------------------------------------------------------------------- */

/* Prepares document i into entry e (kept when it already holds it). */
static const nf_align_doc *load_into(ru *r, worker *w, uint32_t i, struct centry *e)
{
	if (e->doc == i)
		return e->d;
	e->doc = UINT32_MAX;
	nf_doc pd;
	nf_cleaned c;
	if ((!e->d && nf_align_doc_new(&e->d)) || cli_spool_load(r->sp, i, &w->rec, w->p, &pd) ||
	    nf_clean(w->cl, pd.text.ptr, pd.text.len, &c) ||
	    nf_align_doc_set(e->d, pd.text.ptr, pd.text.len, pd.date, &c))
		return NULL;
	e->doc = i;
	return e->d;
}

static void put_str(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

static void put_fmt(nf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_fmt(nf_buf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		nf_buf_append(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* One pair record: see the help text. */
static void put_pair(nf_buf *b, const nf_spool *sp, uint32_t a, uint32_t bi, const nf_alignment *al)
{
	put_str(b, "{\"a\":");
	cli_put_id(b, sp, a);
	put_str(b, ",\"b\":");
	cli_put_id(b, sp, bi);
	put_fmt(b, ",\"relation\":\"%s\",\"coverage_a\":%.4f,\"coverage_b\":%.4f",
		nf_relation_name(al->relation), al->coverage_a, al->coverage_b);
	put_fmt(b, ",\"shared_words_a\":%u,\"shared_words_b\":%u,\"source\":", al->shared_a,
		al->shared_b);
	if (al->source < 0)
		put_str(b, "null");
	else
		cli_put_id(b, sp, al->source == 0 ? a : bi);
	if (al->basis == NF_BASIS_NONE)
		put_str(b, ",\"basis\":null");
	else
		put_fmt(b, ",\"basis\":\"%s\"", nf_basis_name(al->basis));
	put_str(b, ",\"spans\":[");
	for (size_t i = 0; i < al->n_spans; i++) {
		const nf_passage *p = &al->spans[i];
		put_fmt(b, "%s{\"a_start\":%u,\"a_end\":%u,\"b_start\":%u,\"b_end\":%u",
			i ? "," : "", p->a_start, p->a_end, p->b_start, p->b_end);
		put_fmt(b, ",\"words_a\":%u,\"words_b\":%u,\"similarity\":%.4f,\"kind\":\"%s\"",
			p->a_words, p->b_words, p->similarity, nf_passage_kind_name(p->kind));
		put_str(b, p->boilerplate ? ",\"boilerplate\":true}" : ",\"boilerplate\":false}");
	}
	put_str(b, "]}\n");
}

typedef struct totals {
	uint64_t aligned, spans;
	uint64_t rel[4]; /* by enum nf_relation */
} totals;

typedef struct ajob {
	ru *r;
	worker **w;
	const nf_reuse_pair *pairs;
	size_t *chunk; /* chunk k covers pairs [chunk[k], chunk[k+1]) */
	nf_buf *out;   /* one per chunk */
	totals *cnt;   /* one per chunk */
	bool failed;
} ajob;

static void align_chunk(void *ctx, size_t k, int wi)
{
	ajob *j = ctx;
	worker *w = j->w[wi];
	for (size_t p = j->chunk[k]; p < j->chunk[k + 1]; p++) {
		const nf_reuse_pair *pr = &j->pairs[p];
		struct centry *ea = &w->cache[pr->a % CACHE], *eb = &w->cache[pr->b % CACHE];
		if (ea == eb)
			eb = &w->spare;
		const nf_align_doc *a = load_into(j->r, w, pr->a, ea);
		const nf_align_doc *b = a ? load_into(j->r, w, pr->b, eb) : NULL;
		nf_alignment al;
		if (!a || !b || nf_align(w->al, a, b, &al)) {
			j->failed = true;
			return;
		}
		totals *c = &j->cnt[k];
		c->aligned++;
		c->rel[al.relation & 3]++;
		if (al.relation == NF_REL_NONE)
			continue;
		c->spans += al.n_spans;
		put_pair(&j->out[k], j->r->sp, pr->a, pr->b, &al);
	}
}

/* Aligns every candidate pair, in rounds, writing the pairs in order. */
static int align_all(ru *r, const nf_reuse_pair *pairs, size_t n, FILE *out, totals *t)
{
	int threads = cli_threads(r->o);
	nf_pool *pool = NULL;
	worker **w = calloc((size_t)threads, sizeof(worker *));
	const size_t round = 1 << 16, per_chunk = 64;
	size_t max_chunks = round / per_chunk + 2;
	size_t *chunk = malloc((max_chunks + 1) * sizeof(size_t));
	nf_buf *bufs = calloc(max_chunks, sizeof(nf_buf));
	totals *cnt = calloc(max_chunks, sizeof(totals));
	int rc = 0;
	if (!w || !chunk || !bufs || !cnt || nf_pool_new(&pool, threads)) {
		rc = -1;
		goto out;
	}
	for (int i = 0; i < threads; i++)
		if (worker_new(r, (void **)&w[i])) {
			rc = -1;
			goto out;
		}
	for (size_t i = 0; i < max_chunks; i++)
		nf_buf_init(&bufs[i]);
	for (size_t s = 0; s < n && rc == 0;) {
		size_t e = s + round < n ? s + round : n;
		/* chunks of about per_chunk pairs, cut where a changes: a worker loads each a once
		 */
		size_t nc = 0;
		chunk[nc++] = s;
		for (size_t p = s + 1; p < e; p++)
			if (p - chunk[nc - 1] >= per_chunk && pairs[p].a != pairs[p - 1].a &&
			    nc < max_chunks - 1)
				chunk[nc++] = p;
		chunk[nc] = e;
		memset(cnt, 0, max_chunks * sizeof(totals));
		ajob j = {r, w, pairs, chunk, bufs, cnt, false};
		nf_pool_run(pool, nc, align_chunk, &j);
		if (j.failed)
			rc = -1;
		for (size_t k = 0; k < nc && rc == 0; k++) {
			if (bufs[k].len && fwrite(bufs[k].data, 1, bufs[k].len, out) != bufs[k].len)
				rc = -1;
			nf_buf_reset(&bufs[k]);
			t->aligned += cnt[k].aligned;
			t->spans += cnt[k].spans;
			for (int q = 0; q < 4; q++)
				t->rel[q] += cnt[k].rel[q];
		}
		s = e;
	}
out:
	if (w)
		for (int i = 0; i < threads; i++)
			worker_free(w[i]);
	if (bufs)
		for (size_t i = 0; i < max_chunks; i++)
			nf_buf_release(&bufs[i]);
	free(bufs);
	free(w);
	free(chunk);
	free(cnt);
	nf_pool_free(pool);
	return rc;
}

int cmd_reuse(int argc, char **argv)
{
	cli_opts o = {.cmd = "reuse", .max_errors = -1};
	ru r = {0};
	r.o = &o;
	long long x, repeat_min = 10;
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
#define INT_OPT(name, lo, hi, dst)                                                                 \
	else if (strcmp(a, name) == 0)                                                             \
	{                                                                                          \
		if (!VALUE() || !cli_parse_int(v, lo, hi, &x))                                     \
			goto bad;                                                                  \
		dst = (unsigned)x;                                                                 \
	}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			free(inputs);
			return EXIT_OK;
		} else if (strcmp(a, "--window") == 0) {
			if (!VALUE() || !cli_parse_window(v, &r.ropt.max_seconds))
				goto bad;
		} else if (strcmp(a, "--copy-coverage") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0.01, 1, &r.aopt.copy_coverage))
				goto bad;
		} else if (strcmp(a, "--repeat-min") == 0) {
			if (!VALUE() || !cli_parse_int(v, 0, 1000000000, &repeat_min))
				goto bad;
		}
		INT_OPT("--max-df", 2, UINT32_MAX, r.ropt.max_df)
		INT_OPT("--min-shared", 1, 1000000, r.ropt.min_shared)
		INT_OPT("--ngram", 1, 64, r.ropt.ngram)
		INT_OPT("--winnow", 1, 1024, r.ropt.window)
		INT_OPT("--min-words", 1, 1000000, r.aopt.min_words)
		INT_OPT("--seed-words", 1, 64, r.aopt.seed_words)
		INT_OPT("--min-block", 1, 1000000, r.aopt.min_block)
		INT_OPT("--max-gap", 1, 1000, r.aopt.max_gap)
		else if (a[0] == '-' && a[1] != '\0')
		{
			cli_err(&o, "unknown option '%s'", a);
			goto usage;
		}
		else inputs[o.n_inputs++] = a;
		continue;
	bad:
		cli_err(&o, "bad or missing value for %s", a);
		goto usage;
#undef INT_OPT
#undef VALUE
	}
	if (r.aopt.min_words && r.aopt.min_words < (r.aopt.seed_words ? r.aopt.seed_words : 4)) {
		cli_err(&o, "--min-words must be at least --seed-words");
		goto usage;
	}
	int rc = nf_reuse_new(&r.index, &r.ropt);
	if (rc)
		goto usage;
	FILE *out = stdout;
	nf_lines *lines = NULL;
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		rc = EXIT_USAGE;
		goto done;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	if (nf_spool_new(&r.sp, NULL)) {
		cli_err(&o, "cannot create a temporary file: %s", strerror(errno));
		rc = EXIT_USAGE;
		goto done;
	}
	double t0 = cli_now();
	nf_feed_options fo;
	nf_feed_options_init(&fo);
	fo.make = NF_FEED_FINGERPRINTS;
	fo.reuse = r.ropt;
	fo.repeat_min = (unsigned)repeat_min;
	cli_stats st;
	rc = cli_feed_run(&o, &fo, accept, &r, &st, &lines);
	r.copt.common = lines; /* alignment cleans the documents again, with the same templates */
	double t_lines = st.seconds_line_pass, t1 = t0 + t_lines;
	if (rc == EXIT_USAGE)
		goto done;
	if (nf_spool_flush(r.sp)) {
		cli_err(&o, "cannot write the temporary spool file");
		rc = EXIT_USAGE;
		goto done;
	}
	double t2 = cli_now();
	const nf_reuse_pair *pairs;
	size_t np;
	nf_reuse_stats rs;
	if (nf_reuse_candidates(r.index, &pairs, &np, &rs)) {
		cli_err(&o, "out of memory finding candidates");
		rc = EXIT_USAGE;
		goto done;
	}
	double t3 = cli_now();
	totals t = {0};
	if (align_all(&r, pairs, np, out, &t) || fflush(out) || ferror(out)) {
		cli_err(&o, "alignment or write failed: %s",
			errno ? strerror(errno) : "out of memory");
		rc = EXIT_USAGE;
		goto done;
	}
	double t4 = cli_now();
	char extra[768];
	snprintf(extra, sizeof(extra),
		 ",\"fingerprints\":%llu,\"distinct_fingerprints\":%llu,\"max_df\":%u,"
		 "\"dropped_common\":%llu,\"pair_work\":%llu,\"candidate_pairs\":%llu,"
		 "\"out_of_window\":%llu,\"aligned_pairs\":%llu,\"linked_pairs\":%llu,\"copy_"
		 "pairs\":%llu,"
		 "\"partial_pairs\":%llu,\"quote_pairs\":%llu,\"spans\":%llu,"
		 "\"pairs_per_second\":%.1f,\"seconds_line_pass\":%.3f,\"seconds_index\":%.3f,"
		 "\"seconds_candidates\":%.3f,\"seconds_align\":%.3f",
		 (unsigned long long)rs.postings, (unsigned long long)rs.fingerprints, rs.max_df,
		 (unsigned long long)rs.dropped_common, (unsigned long long)rs.pair_work,
		 (unsigned long long)rs.pairs, (unsigned long long)rs.out_of_window,
		 (unsigned long long)t.aligned, (unsigned long long)(t.aligned - t.rel[0]),
		 (unsigned long long)t.rel[NF_REL_COPY], (unsigned long long)t.rel[NF_REL_PARTIAL],
		 (unsigned long long)t.rel[NF_REL_QUOTE], (unsigned long long)t.spans,
		 t4 > t3 ? (double)t.aligned / (t4 - t3) : 0.0, t_lines, t2 - t1, t3 - t2, t4 - t3);
	st.seconds = t4 - t0;
	st.bytes_out = 0;
	int src = cli_write_stats(&o, &st, extra);
	if (src && rc == EXIT_OK)
		rc = src;
	if (!o.quiet)
		cli_err(
		    &o,
		    "%zu documents, %llu candidate pairs, %llu pairs sharing passages (%llu spans)",
		    (size_t)nf_spool_count(r.sp), (unsigned long long)rs.pairs,
		    (unsigned long long)(t.aligned - t.rel[0]), (unsigned long long)t.spans);
done:
	if (out && out != stdout)
		fclose(out);
	nf_spool_free(r.sp);
	nf_reuse_free(r.index);
	nf_lines_free(lines);
	free(inputs);
	return rc;
usage:
	fprintf(stderr, "Try 'newsfold reuse --help'.\n");
	free(inputs);
	nf_reuse_free(r.index);
	return EXIT_USAGE;
}
