/*
 * cmd_dedup.c - newsfold dedup: keep one article of each family of exact and near duplicates.
 * The work is the library's (nf_dups, lib/engine/dups.c): this reads the options, feeds it the
 * inputs and writes what it returns.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int accept(void *ctx, const nf_feed_item *it)
{
	return nf_dups_add(ctx, it);
}

/* Writes b to f and empties it; false on a write error. */
static bool flush_buf(nf_buf *b, FILE *f)
{
	bool ok = !b->oom && fwrite(b->data, 1, b->len, f) == b->len;
	nf_buf_reset(b);
	return ok;
}

/* The kept documents, in input order, as read (JSONL lines) or as {id,date,text} (files). */
static bool write_kept(nf_dups *d, FILE *out)
{
	nf_buf rec, b;
	nf_buf_init(&rec);
	nf_buf_init(&b);
	nf_record r;
	nf_doc doc;
	int rc;
	bool ok = true;
	while (ok && (rc = nf_dups_next_kept(d, &rec, &r, &doc)) == 1) {
		if (r.format == NF_FORMAT_JSONL) {
			rec.data[r.len] = '\n';
			ok = fwrite(rec.data, 1, r.len + 1, out) == r.len + 1;
		} else {
			ok = nf_write_doc_json(&b, &doc) == 0 && flush_buf(&b, out);
		}
	}
	nf_buf_release(&rec);
	nf_buf_release(&b);
	return ok && rc == 0;
}

static bool write_pairs(nf_dups *d, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	nf_buf b;
	nf_buf_init(&b);
	const nf_dup_pair *p;
	bool ok = true;
	while (ok && nf_dups_next_pair(d, &p) == 1)
		ok = nf_write_dup_pair_json(&b, d, p) == 0 && flush_buf(&b, f);
	nf_buf_release(&b);
	return !fclose(f) && ok;
}

static bool write_groups(nf_dups *d, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	nf_buf b;
	nf_buf_init(&b);
	nf_dup_family fam;
	bool ok = true;
	while (ok && nf_dups_next_family(d, &fam) == 1)
		ok = nf_write_dup_family_json(&b, d, &fam) == 0 && flush_buf(&b, f);
	nf_buf_release(&b);
	return !fclose(f) && ok;
}

static int write_stats(const cli_opts *o, nf_dups *d, cli_stats *st, const double t[4])
{
	nf_dups_stats ds;
	nf_dups_stats_get(d, &ds);
	char extra[512];
	snprintf(extra, sizeof(extra),
		 ",\"kept\":%llu,\"duplicates\":%llu,\"families\":%llu,\"candidate_pairs\":%llu,"
		 "\"verified_pairs\":%llu,\"exact_pairs\":%llu,\"k\":%u,\"ngram\":%u,\"bands\":%u,"
		 "\"rows\":%u,\"threshold\":%.4f,\"containment\":%.4f,\"seconds_sketch\":%.3f,"
		 "\"seconds_verify\":%.3f,\"seconds_output\":%.3f",
		 (unsigned long long)ds.kept, (unsigned long long)(ds.docs - ds.kept),
		 (unsigned long long)ds.families, (unsigned long long)ds.candidate_pairs,
		 (unsigned long long)ds.verified_pairs, (unsigned long long)ds.exact_pairs, ds.k,
		 ds.ngram, ds.bands, ds.rows, ds.threshold, ds.containment, t[1] - t[0],
		 t[2] - t[1], t[3] - t[2]);
	st->seconds = t[3] - t[0];
	st->bytes_out = 0;
	if (!o->quiet)
		cli_err(o, "%llu documents, %llu kept, %llu duplicates in %llu families",
			(unsigned long long)ds.docs, (unsigned long long)ds.kept,
			(unsigned long long)(ds.docs - ds.kept), (unsigned long long)ds.families);
	return cli_write_stats(o, st, extra);
}

/* Feeds the inputs to d, verifies, writes. Returns an exit code. */
static int run(cli_opts *o, nf_dups *d, FILE *out, const char *pairs, const char *groups)
{
	double t[4];
	t[0] = cli_now();
	nf_feed_options fo;
	nf_feed_options_init(&fo);
	nf_dups_feed_options(d, &fo);
	cli_stats st;
	int rc = cli_feed_run(o, &fo, accept, d, &st, NULL);
	if (rc == EXIT_USAGE)
		return rc;
	t[1] = cli_now();
	int vrc = nf_dups_finish(d);
	if (vrc) {
		cli_err(o, "verification failed: %s", nf_strerror(vrc));
		return EXIT_USAGE;
	}
	t[2] = cli_now();
	if (!write_kept(d, out) || fflush(out) || ferror(out)) {
		cli_err(o, "write error: %s", strerror(errno));
		return EXIT_USAGE;
	}
	if ((pairs && !write_pairs(d, pairs)) || (groups && !write_groups(d, groups))) {
		cli_err(o, "cannot write %s",
			pairs && groups ? "--pairs/--groups"
			: pairs		? pairs
					: groups);
		return EXIT_USAGE;
	}
	t[3] = cli_now();
	int src = write_stats(o, d, &st, t);
	return src && rc == EXIT_OK ? src : rc;
}

int cmd_dedup(int argc, char **argv)
{
	cli_opts o = {.cmd = "dedup", .max_errors = -1};
	nf_dups_options dopt;
	nf_dups_options_init(&dopt);
	const char *groups = NULL, *pairs = NULL;
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
	    CLI_ARG_STR("--groups", &groups),
	    CLI_ARG_STR("--pairs", &pairs),
	    CLI_ARG_FLAG("--explain", &explain),
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_dedup, CLI_COMMON);
	if (rc) {
		cli_opts_free(&o);
		return rc == CLI_HELP ? EXIT_OK : rc;
	}
	dopt.read = o.read;
	dopt.threads = o.threads;
	nf_dups *d = NULL;
	FILE *out = stdout;
	if ((rc = nf_dups_new(&d, &dopt))) {
		if (rc == NF_EINVAL) {
			cli_err(&o, "bad LSH options (--bands x --rows must fit in K lanes)");
			fprintf(stderr, "Try 'newsfold dedup --help'.\n");
		} else {
			cli_err(&o, "%s", nf_strerror(rc));
		}
		rc = EXIT_USAGE;
		goto done;
	}
	if (explain) {
		nf_buf b;
		nf_buf_init(&b);
		nf_write_dups_explain(&b, d);
		fwrite(b.data, 1, b.len, stderr);
		nf_buf_release(&b);
	}
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		rc = EXIT_USAGE;
		goto done;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	rc = run(&o, d, out, pairs, groups);
done:
	if (out && out != stdout && fclose(out) && rc == EXIT_OK) {
		cli_err(&o, "cannot write %s", o.output);
		rc = EXIT_USAGE;
	}
	nf_dups_free(d);
	cli_opts_free(&o);
	return rc;
}
