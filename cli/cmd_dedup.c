/*
 * cmd_dedup.c - newsfold dedup: keep one article of each family of exact and near duplicates.
 * The work is the library's (nf_dups, lib/engine/dups.c): this reads the options and hands the
 * object to the driver (run.c), which feeds it the inputs and writes what it returns.
 */
#include "cli.h"

typedef struct dedup {
	nf_dups *d;
	nf_buf rec;
	int phase; /* 0: the kept documents, 1: --pairs, 2: --groups */
	bool pairs, groups;
} dedup;

static int accept(void *x, const nf_feed_item *it)
{
	return nf_dups_add(((dedup *)x)->d, it);
}

static int finish(void *x, nf_lines *lines)
{
	(void)lines;
	return nf_dups_finish(((dedup *)x)->d);
}

/* The kept documents in input order, as read (JSONL lines) or as {id,date,text} (files); then
 * the pairs and the families when asked. */
static int next(void *x, nf_buf *b)
{
	dedup *dd = x;
	nf_record r;
	nf_doc doc;
	const nf_dup_pair *p;
	nf_dup_family fam;
	int rc;
	if (dd->phase == 0) {
		if ((rc = nf_dups_next_kept(dd->d, &dd->rec, &r, &doc)) < 0)
			return rc;
		if (rc == 1 && r.format == NF_FORMAT_JSONL) {
			nf_buf_append(&b[0], dd->rec.data, r.len);
			nf_buf_append(&b[0], "\n", 1);
		} else if (rc == 1) {
			nf_write_doc_json(&b[0], &doc);
		}
		if (rc == 1)
			return b[0].oom ? NF_ENOMEM : 1;
		dd->phase = 1;
	}
	if (dd->phase == 1 && dd->pairs && nf_dups_next_pair(dd->d, &p) == 1)
		return nf_write_dup_pair_json(&b[1], dd->d, p) ? NF_ENOMEM : 1;
	dd->phase = 2;
	if (dd->groups && nf_dups_next_family(dd->d, &fam) == 1)
		return nf_write_dup_family_json(&b[2], dd->d, &fam) ? NF_ENOMEM : 1;
	return 0;
}

static int stats(void *x, nf_buf *b, const nf_phase_seconds *t)
{
	nf_dups_stats ds;
	nf_dups_stats_get(((dedup *)x)->d, &ds);
	return nf_write_dups_stats(b, &ds, t);
}

static void summary(void *x, const cli_opts *o)
{
	nf_dups_stats ds;
	nf_dups_stats_get(((dedup *)x)->d, &ds);
	cli_err(o, "%llu documents, %llu kept, %llu duplicates in %llu families",
		(unsigned long long)ds.docs, (unsigned long long)ds.kept,
		(unsigned long long)(ds.docs - ds.kept), (unsigned long long)ds.families);
}

int cmd_dedup(int argc, char **argv)
{
	cli_opts o = {.cmd = "dedup", .max_errors = -1};
	nf_dups_options dopt;
	nf_dups_options_init(&dopt);
	dedup dd = {0};
	cli_job j = {.obj = &dd,
		     .accept = accept,
		     .finish = finish,
		     .what = "verification",
		     .next = next,
		     .stats = stats,
		     .summary = summary};
	bool explain = false;
	const cli_arg args[] = {
	    CLI_ARG_DOUBLE("--threshold", &dopt.threshold, 0.01, 1),
	    CLI_ARG_DOUBLE("--containment", &dopt.containment, 0.01, 1),
	    CLI_ARG_INT("--ngram", &dopt.sketch.ngram, 1, 64),
	    {.name = "--lanes",
	     .alias = "-K",
	     .kind = CLI_INT,
	     .dst = &dopt.sketch.k,
	     .size = sizeof(dopt.sketch.k),
	     .lo = 1,
	     .hi = NF_SKETCH_MAX_K},
	    {.name = "--method",
	     .kind = CLI_CHOICE,
	     .dst = &dopt.dedup.method,
	     .choices = "minhash|simhash"},
	    CLI_ARG_INT("--hamming", &dopt.dedup.hamming, 1, 15),
	    CLI_ARG_INT("--bands", &dopt.dedup.bands, 1, NF_SKETCH_MAX_K),
	    CLI_ARG_INT("--rows", &dopt.dedup.rows, 1, NF_SKETCH_MAX_K),
	    CLI_ARG_INT("--max-chain", &dopt.dedup.max_chain, 1, 1 << 20),
	    CLI_ARG_STR("--pairs", &j.path[1]),
	    CLI_ARG_STR("--groups", &j.path[2]),
	    CLI_ARG_FLAG("--explain", &explain),
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_dedup, CLI_COMMON);
	dopt.read = o.read;
	dopt.threads = o.threads;
	dd.pairs = j.path[1] != NULL;
	dd.groups = j.path[2] != NULL;
	if (rc == EXIT_OK && (rc = nf_dups_new(&dd.d, &dopt))) {
		if (rc == NF_EINVAL)
			cli_usage(&o, "bad LSH options (--bands x --rows must fit in K lanes)");
		else
			cli_err(&o, "%s", nf_strerror(rc));
		rc = EXIT_USAGE;
	}
	nf_buf_init(&dd.rec);
	if (rc == EXIT_OK && explain) {
		nf_write_dups_explain(&dd.rec, dd.d);
		fwrite(dd.rec.data, 1, dd.rec.len, stderr);
	}
	if (rc == EXIT_OK) {
		nf_feed_options_init(&j.fo);
		nf_dups_feed_options(dd.d, &j.fo);
		rc = cli_run(&o, &j);
	}
	nf_dups_free(dd.d);
	nf_buf_release(&dd.rec);
	nf_lines_free(j.lines);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}
