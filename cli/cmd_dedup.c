/*
 * cmd_dedup.c - newsfold dedup: keep one article of each family of exact and near duplicates.
 *
 * Pass 1 (the record pipeline): workers parse, clean and sketch each article; the main thread,
 * in input order, spools the raw record to an unlinked temporary file, adds the sketch to the
 * index (nf_dedup) and collects candidate pairs. Only offsets, ids and the index stay in memory.
 * Verification: workers reload the documents of candidate pairs from the spool, rebuild their
 * shingle sets and compute the exact Jaccard similarity and containments; a pair is linked when
 * it passes. Output: the spool is read once more in order and each family's representative is
 * written as it was read (JSONL lines unchanged).
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: newsfold dedup [options] [FILE|DIR|-]...\n"
    "\n"
    "Finds exact and near-duplicate articles and writes one article per family (the\n"
    "earliest dated, then the longest, then the first), in input order, every input field\n"
    "unchanged. Near duplicates are found by MinHash LSH on word n-grams of the cleaned,\n"
    "normalized text (boilerplate left out) and every reported pair is verified with the\n"
    "exact Jaccard similarity of the shingle sets.\n"
    "\n"
    "options:\n"
    "  --threshold J          Jaccard similarity of duplicates (default 0.8)\n"
    "  --containment C        also link pairs where one side holds at least C of the other\n"
    "                         (trimmed copies, wire + additions); candidates then come from\n"
    "                         bands tuned for J = min(threshold, C/2)\n"
    "  --ngram N              words per shingle (default 5)\n"
    "  -K, --lanes K          MinHash lanes, 1..1024 (default 128)\n"
    "  --method minhash|simhash  candidates from MinHash bands (default) or SimHash blocks\n"
    "  --hamming D            SimHash: largest Hamming distance of candidates, 1..15\n"
    "                         (default 3)\n"
    "  --bands B --rows R     LSH bands and rows instead of the automatic choice\n"
    "  --max-chain N          bucket members compared per band, most recent first\n"
    "                         (default 512): bounds the work on many near-identical articles\n"
    "  --explain              print the bands x rows choice and its S-curve to stderr\n"
    "  --groups FILE          families of two or more: members, representative, pair scores\n"
    "  --pairs FILE           every verified pair with its scores\n"
    "  -j, -o, --rejects, --stats-json, --max-errors, --strict, --max-line, --*-field,\n"
    "  --auto-id, -q          as for newsfold clean\n"
    "\n"
    "example:\n"
    "  newsfold dedup -j0 --threshold 0.8 --groups groups.jsonl --stats-json stats.json \\\n"
    "      articles.jsonl.zst > unique.jsonl\n";

#define DD_VEC(T)                                                                                  \
	struct {                                                                                   \
		T *a;                                                                              \
		size_t n, cap;                                                                     \
	}

#define VPUSH(v, x)                                                                                \
	(cli_grow((void **)&(v)->a, &(v)->cap, (v)->n + 1, sizeof(*(v)->a))                        \
	     ? -1                                                                                  \
	     : ((v)->a[(v)->n++] = (x), 0))

typedef struct dpair {
	uint32_t a, b;
	bool exact;
	bool ok;
	float jaccard, cont_a, cont_b;
} dpair;

typedef struct dd {
	cli_opts *o;
	nf_sketch_options sopt;
	nf_dedup_options dopt;
	double threshold, containment;
	nf_dedup *index;
	nf_spool *sp;
	DD_VEC(dpair) pairs;
	bool verifying; /* workers made from now on sort their shingle sets */
} dd;

typedef struct worker {
	nf_cleaner *cl;
	nf_sketcher *sk;
	nf_parser *p;
	nf_buf rec; /* reload buffer */
	/* a small direct-mapped cache of shingle sets: documents come back in pairs */
	struct centry {
		uint32_t doc;
		DD_VEC(uint64_t) sh;
	} cache[256], spare;
} worker;

static int worker_new(void *ctx, void **ws)
{
	dd *d = ctx;
	worker *w = calloc(1, sizeof(*w));
	if (!w)
		return NF_ENOMEM;
	nf_buf_init(&w->rec);
	for (size_t i = 0; i < 256; i++)
		w->cache[i].doc = UINT32_MAX;
	w->spare.doc = UINT32_MAX;
	/* pass 1 needs no sorted sets (only MinHash and hashes); verification does */
	nf_sketch_options so = d->sopt;
	so.unsorted = !d->verifying;
	so.no_simhash = d->dopt.method != NF_DEDUP_SIMHASH;
	if (nf_cleaner_new(&w->cl, NULL) || nf_sketcher_new(&w->sk, &so) ||
	    nf_parser_new(&w->p, &d->o->read)) {
		*ws = w;
		return NF_ENOMEM;
	}
	*ws = w;
	return 0;
}

static void worker_free(void *ws)
{
	worker *w = ws;
	if (!w)
		return;
	nf_cleaner_free(w->cl);
	nf_sketcher_free(w->sk);
	nf_parser_free(w->p);
	nf_buf_release(&w->rec);
	for (size_t i = 0; i < 256; i++)
		free(w->cache[i].sh.a);
	free(w->spare.sh.a);
	free(w);
}

static int accept(void *ctx, const nf_feed_item *it)
{
	dd *d = ctx;
	nf_spool_entry r = {it->rec.data, it->rec.len,	it->id,	      it->id_is_number,
			    it->date,	  it->rec.file, it->rec.line, it->rec.format};
	if (nf_spool_put(d->sp, &r))
		return -1;
	const nf_candidate *cand;
	size_t n;
	if (nf_dedup_add(d->index, &it->sketch, it->date, it->text_len, &cand, &n))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (VPUSH(&d->pairs,
			  ((dpair){cand[i].a, cand[i].b, cand[i].exact, false, 0, 0, 0})))
			return -1;
	return 0;
}

/* --- verification --------------------------------------------------------------------------- */

/* The shingle set of document i into entry e (kept when it already holds it). */
static const struct centry *load_into(dd *d, worker *w, uint32_t i, struct centry *e)
{
	if (e->doc == i)
		return e;
	nf_doc pd;
	nf_cleaned c;
	nf_sketch s;
	if (cli_spool_load(d->sp, i, &w->rec, w->p, &pd) ||
	    nf_clean(w->cl, pd.text.ptr, pd.text.len, &c) || nf_sketch_doc(w->sk, &c, &s))
		goto fail;
	e->sh.n = 0;
	if (cli_grow((void **)&e->sh.a, &e->sh.cap, s.n_shingles + 1, sizeof(uint64_t)))
		goto fail;
	memcpy(e->sh.a, s.shingles, s.n_shingles * sizeof(uint64_t));
	e->sh.n = s.n_shingles;
	e->doc = i;
	return e;
fail:
	e->doc = UINT32_MAX;
	return NULL;
}

static const struct centry *load(dd *d, worker *w, uint32_t i)
{
	return load_into(d, w, i, &w->cache[i % 256]);
}

typedef struct vjob {
	dd *d;
	worker **w;
	size_t *chunk; /* chunk k covers pairs [chunk[k], chunk[k+1]) */
	bool failed;
} vjob;

static void verify_chunk(void *ctx, size_t k, int wi)
{
	vjob *j = ctx;
	dd *d = j->d;
	worker *w = j->w[wi];
	for (size_t p = j->chunk[k]; p < j->chunk[k + 1]; p++) {
		dpair *pr = &d->pairs.a[p];
		if (pr->exact) {
			pr->ok = true;
			pr->jaccard = pr->cont_a = pr->cont_b = 1;
			continue;
		}
		const struct centry *b = load(d, w, pr->b);
		/* a and b in one cache slot: a goes to the spare entry */
		const struct centry *a = !b ? NULL
					 : pr->a % 256 == pr->b % 256
					     ? load_into(d, w, pr->a, &w->spare)
					     : load(d, w, pr->a);
		if (!a || !b) {
			j->failed = true;
			continue;
		}
		size_t inter;
		double jac = nf_jaccard(a->sh.a, a->sh.n, b->sh.a, b->sh.n, &inter);
		pr->jaccard = (float)jac;
		pr->cont_a = a->sh.n ? (float)((double)inter / (double)a->sh.n) : 0;
		pr->cont_b = b->sh.n ? (float)((double)inter / (double)b->sh.n) : 0;
		pr->ok = jac >= d->threshold ||
			 (d->containment > 0 && fmax(pr->cont_a, pr->cont_b) >= d->containment);
	}
}

/* Verifies every candidate pair in parallel; pairs are cut into chunks at document boundaries
 * of b so that a worker reloads each b once. Results go by pair index: no timing effect. */
static int verify(dd *d, int threads)
{
	nf_pool *pool = NULL;
	worker **w = calloc((size_t)threads, sizeof(worker *));
	size_t nchunks = 0, *chunk = malloc((d->pairs.n / 64 + 3) * sizeof(size_t));
	int rc = 0;
	if (!w || !chunk || nf_pool_new(&pool, threads)) {
		rc = NF_ENOMEM;
		goto out;
	}
	for (int t = 0; t < threads; t++)
		if (worker_new(d, (void **)&w[t])) {
			rc = NF_ENOMEM;
			goto out;
		}
	chunk[nchunks++] = 0;
	for (size_t p = 64; p < d->pairs.n; p++) {
		if (p - chunk[nchunks - 1] >= 64 && d->pairs.a[p].b != d->pairs.a[p - 1].b)
			chunk[nchunks++] = p;
	}
	chunk[nchunks] = d->pairs.n;
	vjob j = {d, w, chunk, false};
	nf_pool_run(pool, nchunks, verify_chunk, &j);
	if (j.failed)
		rc = NF_EIO;
out:
	if (w)
		for (int t = 0; t < threads; t++)
			worker_free(w[t]);
	free(w);
	free(chunk);
	nf_pool_free(pool);
	return rc;
}

/* --- output --------------------------------------------------------------------------------- */

static void put_id(nf_buf *b, const dd *d, uint32_t i)
{
	cli_put_id(b, d->sp, i);
}

static void put_num(nf_buf *b, double x)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%.4f", x);
	nf_buf_append(b, tmp, (size_t)n);
}

static void put_str(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

static int write_pairs(dd *d, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	nf_buf b;
	nf_buf_init(&b);
	for (size_t p = 0; p < d->pairs.n; p++) {
		const dpair *pr = &d->pairs.a[p];
		if (!pr->ok)
			continue;
		nf_buf_reset(&b);
		put_str(&b, "{\"a\":");
		put_id(&b, d, pr->a);
		put_str(&b, ",\"b\":");
		put_id(&b, d, pr->b);
		put_str(&b, pr->exact			  ? ",\"kind\":\"exact\""
			    : pr->jaccard >= d->threshold ? ",\"kind\":\"near\""
							  : ",\"kind\":\"contained\"");
		put_str(&b, ",\"jaccard\":");
		put_num(&b, pr->jaccard);
		put_str(&b, ",\"containment_a\":");
		put_num(&b, pr->cont_a);
		put_str(&b, ",\"containment_b\":");
		put_num(&b, pr->cont_b);
		put_str(&b, "}\n");
		fwrite(b.data, 1, b.len, f);
	}
	nf_buf_release(&b);
	return fclose(f) ? -1 : 0;
}

typedef struct fam_ref {
	uint32_t family, item; /* item: a document, or a pair index */
} fam_ref;

static int cmp_ref(const void *x, const void *y)
{
	const fam_ref *a = x, *b = y;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

static int write_groups(dd *d, const char *path, uint64_t *families)
{
	uint32_t n = (uint32_t)nf_spool_count(d->sp);
	fam_ref *m = malloc(((size_t)n + 1) * sizeof(*m));
	fam_ref *pp = malloc((d->pairs.n + 1) * sizeof(*pp));
	size_t np = 0;
	FILE *f = path ? fopen(path, "w") : NULL;
	if (!m || !pp || (path && !f)) {
		free(m);
		free(pp);
		if (f)
			fclose(f);
		return -1;
	}
	for (uint32_t i = 0; i < n; i++)
		m[i] = (fam_ref){nf_dedup_family(d->index, i), i};
	qsort(m, n, sizeof(*m), cmp_ref);
	for (size_t p = 0; p < d->pairs.n; p++)
		if (d->pairs.a[p].ok)
			pp[np++] =
			    (fam_ref){nf_dedup_family(d->index, d->pairs.a[p].a), (uint32_t)p};
	qsort(pp, np, sizeof(*pp), cmp_ref);
	nf_buf b;
	nf_buf_init(&b);
	size_t q = 0;
	*families = 0;
	for (uint32_t i = 0; i < n;) {
		uint32_t fam = m[i].family, k = i;
		while (k < n && m[k].family == fam)
			k++;
		while (q < np && pp[q].family < fam)
			q++;
		if (k - i >= 2) {
			(*families)++;
			if (f) {
				nf_buf_reset(&b);
				put_str(&b, "{\"family\":");
				put_id(&b, d, fam);
				put_str(&b, ",\"representative\":");
				put_id(&b, d, nf_dedup_representative(d->index, fam));
				char tmp[32];
				snprintf(tmp, sizeof(tmp), ",\"size\":%u", k - i);
				put_str(&b, tmp);
				put_str(&b, ",\"members\":[");
				for (uint32_t x = i; x < k; x++) {
					if (x > i)
						put_str(&b, ",");
					put_id(&b, d, m[x].item);
				}
				put_str(&b, "],\"pairs\":[");
				for (size_t x = q; x < np && pp[x].family == fam; x++) {
					const dpair *pr = &d->pairs.a[pp[x].item];
					put_str(&b, x > q ? ",[" : "[");
					put_id(&b, d, pr->a);
					put_str(&b, ",");
					put_id(&b, d, pr->b);
					put_str(&b, ",");
					put_num(&b, pr->jaccard);
					put_str(&b, "]");
				}
				put_str(&b, "]}\n");
				fwrite(b.data, 1, b.len, f);
			}
		}
		i = k;
	}
	nf_buf_release(&b);
	free(m);
	free(pp);
	return f && fclose(f) ? -1 : 0;
}

/* The kept documents, in input order, as read (JSONL lines) or as {id,date,text} (files). */
static int write_kept(dd *d, FILE *out, uint64_t *kept)
{
	nf_parser *p = NULL;
	nf_buf rec, b;
	nf_buf_init(&rec);
	nf_buf_init(&b);
	int rc = nf_parser_new(&p, &d->o->read) ? -1 : 0;
	*kept = 0;
	for (uint32_t i = 0; rc == 0 && i < nf_spool_count(d->sp); i++) {
		if (nf_dedup_representative(d->index, nf_dedup_family(d->index, i)) != i)
			continue;
		(*kept)++;
		nf_record r;
		if (nf_spool_get(d->sp, i, &rec, &r)) {
			rc = -1;
			break;
		}
		if (r.format == NF_FORMAT_JSONL) {
			rec.data[r.len] = '\n';
			if (fwrite(rec.data, 1, r.len + 1, out) != r.len + 1)
				rc = -1;
			continue;
		}
		nf_doc pd;
		nf_error err;
		if (nf_parse(p, &r, &pd, &err)) {
			rc = -1;
			break;
		}
		nf_buf_reset(&b);
		put_str(&b, "{\"id\":");
		nf_json_string(&b, pd.id.ptr, pd.id.len);
		if (pd.date_raw.len) {
			put_str(&b, ",\"date\":");
			nf_json_string(&b, pd.date_raw.ptr, pd.date_raw.len);
		}
		put_str(&b, ",\"text\":");
		nf_json_string(&b, pd.text.ptr, pd.text.len);
		put_str(&b, "}\n");
		if (fwrite(b.data, 1, b.len, out) != b.len)
			rc = -1;
	}
	nf_parser_free(p);
	nf_buf_release(&rec);
	nf_buf_release(&b);
	return rc;
}

static void explain(const dd *d)
{
	unsigned b, r;
	nf_dedup_params(d->index, &b, &r);
	if (d->dopt.method == NF_DEDUP_SIMHASH) {
		fprintf(stderr,
			"dedup: SimHash-64 in %u blocks: candidates within Hamming distance %u, "
			"verified at Jaccard >= %.2f\n",
			b, b - 1, d->threshold); /* the library uses hamming + 1 blocks */
		return;
	}
	fprintf(stderr,
		"dedup: K = %u lanes, LSH tuned for J = %.2f: %u bands x %u rows (%u lanes used)\n"
		"       P(candidate) = 1 - (1 - J^%u)^%u:\n",
		d->sopt.k, d->dopt.threshold, b, r, b * r, r, b);
	static const double js[] = {0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0};
	for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++)
		fprintf(stderr, "       J = %.2f  P = %.4f\n", js[i],
			nf_lsh_probability(js[i], b, r));
	fprintf(stderr, "       every candidate is verified: linked at Jaccard >= %.2f%s\n",
		d->threshold, d->containment > 0 ? " or containment >= C" : "");
}

int cmd_dedup(int argc, char **argv)
{
	cli_opts o = {.cmd = "dedup", .max_errors = -1};
	dd d = {0};
	d.o = &o;
	d.threshold = 0.8;
	const char *groups = NULL, *pairs = NULL;
	bool want_explain = false;
	long long x;
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
			fputs(help, stdout);
			free(inputs);
			return EXIT_OK;
		} else if (strcmp(a, "--threshold") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0.01, 1, &d.threshold))
				goto bad;
		} else if (strcmp(a, "--containment") == 0) {
			if (!VALUE() || !cli_parse_double(v, 0.01, 1, &d.containment))
				goto bad;
		} else if (strcmp(a, "--ngram") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, 64, &x))
				goto bad;
			d.sopt.ngram = (unsigned)x;
		} else if (strcmp(a, "-K") == 0 || strcmp(a, "--lanes") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, NF_SKETCH_MAX_K, &x))
				goto bad;
			d.sopt.k = (unsigned)x;
		} else if (strcmp(a, "--method") == 0) {
			if (!VALUE() || (strcmp(v, "minhash") && strcmp(v, "simhash")))
				goto bad;
			d.dopt.method =
			    strcmp(v, "simhash") == 0 ? NF_DEDUP_SIMHASH : NF_DEDUP_MINHASH;
		} else if (strcmp(a, "--hamming") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, 15, &x))
				goto bad;
			d.dopt.hamming = (unsigned)x;
		} else if (strcmp(a, "--bands") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, NF_SKETCH_MAX_K, &x))
				goto bad;
			d.dopt.bands = (unsigned)x;
		} else if (strcmp(a, "--rows") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, NF_SKETCH_MAX_K, &x))
				goto bad;
			d.dopt.rows = (unsigned)x;
		} else if (strcmp(a, "--max-chain") == 0) {
			if (!VALUE() || !cli_parse_int(v, 1, 1 << 20, &x))
				goto bad;
			d.dopt.max_chain = (unsigned)x;
		} else if (strcmp(a, "--groups") == 0) {
			if (!(groups = VALUE()))
				goto bad;
		} else if (strcmp(a, "--pairs") == 0) {
			if (!(pairs = VALUE()))
				goto bad;
		} else if (strcmp(a, "--explain") == 0) {
			want_explain = true;
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
	if (!d.sopt.k)
		d.sopt.k = 128;
	d.dopt.threshold = d.containment > 0 ? fmin(d.threshold, d.containment / 2) : d.threshold;
	int rc = nf_dedup_new(&d.index, &d.dopt, d.sopt.k);
	if (rc) {
		cli_err(&o, "bad LSH options (--bands x --rows must fit in K lanes)");
		goto usage;
	}
	if (want_explain)
		explain(&d);
	FILE *out = stdout;
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		rc = EXIT_USAGE;
		goto done;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	if (nf_spool_new(&d.sp, NULL)) {
		cli_err(&o, "cannot create a temporary file: %s", strerror(errno));
		rc = EXIT_USAGE;
		goto done;
	}

	double t0 = cli_now();
	nf_feed_options fo;
	nf_feed_options_init(&fo);
	fo.make = NF_FEED_SKETCH;
	fo.repeat_min = 0; /* templates are boilerplate by their markers only */
	fo.sketch = d.sopt;
	fo.sketch.unsorted = true; /* only MinHash and hashes here; verification sorts */
	fo.sketch.no_simhash = d.dopt.method != NF_DEDUP_SIMHASH;
	cli_stats st;
	rc = cli_feed_run(&o, &fo, accept, &d, &st, NULL);
	double t_sketch = cli_now() - t0;
	if (rc == EXIT_USAGE)
		goto done;
	if (nf_spool_flush(d.sp)) {
		cli_err(&o, "cannot write the temporary spool file");
		rc = EXIT_USAGE;
		goto done;
	}
	double t1 = cli_now();
	d.verifying = true;
	if (verify(&d, cli_threads(&o))) {
		cli_err(&o, "verification failed (out of memory or unreadable spool)");
		rc = EXIT_USAGE;
		goto done;
	}
	uint64_t verified = 0, exact = 0;
	for (size_t i = 0; i < d.pairs.n; i++) {
		if (!d.pairs.a[i].ok)
			continue;
		verified++;
		exact += d.pairs.a[i].exact;
		nf_dedup_link(d.index, d.pairs.a[i].a, d.pairs.a[i].b);
	}
	if (nf_dedup_finish(d.index)) {
		cli_err(&o, "out of memory");
		rc = EXIT_USAGE;
		goto done;
	}
	double t2 = cli_now();
	uint64_t kept = 0, families = 0;
	if (write_kept(&d, out, &kept) || fflush(out) || ferror(out)) {
		cli_err(&o, "write error: %s", strerror(errno));
		rc = EXIT_USAGE;
		goto done;
	}
	if ((pairs && write_pairs(&d, pairs)) || write_groups(&d, groups, &families)) {
		cli_err(&o, "cannot write %s",
			pairs && groups ? "--pairs/--groups"
			: pairs		? pairs
					: groups);
		rc = EXIT_USAGE;
		goto done;
	}
	double t3 = cli_now();
	unsigned bands, rows;
	nf_dedup_params(d.index, &bands, &rows);
	char extra[512];
	snprintf(extra, sizeof(extra),
		 ",\"kept\":%llu,\"duplicates\":%llu,\"families\":%llu,\"candidate_pairs\":%zu,"
		 "\"verified_pairs\":%llu,\"exact_pairs\":%llu,\"k\":%u,\"ngram\":%u,\"bands\":%u,"
		 "\"rows\":%u,\"threshold\":%.4f,\"containment\":%.4f,\"seconds_sketch\":%.3f,"
		 "\"seconds_verify\":%.3f,\"seconds_output\":%.3f",
		 (unsigned long long)kept, (unsigned long long)(nf_spool_count(d.sp) - kept),
		 (unsigned long long)families, d.pairs.n, (unsigned long long)verified,
		 (unsigned long long)exact, d.sopt.k, d.sopt.ngram ? d.sopt.ngram : 5, bands, rows,
		 d.threshold, d.containment, t_sketch, t2 - t1, t3 - t2);
	st.seconds = t3 - t0;
	st.bytes_out = 0;
	int src = cli_write_stats(&o, &st, extra);
	if (src && rc == EXIT_OK)
		rc = src;
	if (!o.quiet)
		cli_err(&o, "%zu documents, %llu kept, %llu duplicates in %llu families",
			(size_t)nf_spool_count(d.sp), (unsigned long long)kept,
			(unsigned long long)(nf_spool_count(d.sp) - kept),
			(unsigned long long)families);
done:
	if (out && out != stdout)
		fclose(out);
	nf_spool_free(d.sp);
	nf_dedup_free(d.index);
	free(d.pairs.a);
	free(inputs);
	return rc;
usage:
	fprintf(stderr, "Try 'newsfold dedup --help'.\n");
	free(inputs);
	nf_dedup_free(d.index);
	return EXIT_USAGE;
}
