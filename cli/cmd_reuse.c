/*
 * cmd_reuse.c - newsfold reuse: every pair of articles sharing passages, with the aligned spans.
 * The work is the library's (nf_reuser, lib/engine/reuser.c): this reads the options, feeds it
 * the inputs (with the template line pass unless --repeat-min 0) and writes what it returns.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int accept(void *ctx, const nf_feed_item *it)
{
	return nf_reuser_add(ctx, it);
}

/* Writes every pair in order. Returns 0, or NF_E* (NF_EIO: the output). */
static int write_pairs(nf_reuser *r, FILE *out)
{
	nf_buf b;
	nf_buf_init(&b);
	nf_reuse_link l;
	int rc;
	while ((rc = nf_reuser_next(r, &l)) == 1) {
		if ((rc = nf_write_reuse_json(&b, r, &l)))
			break;
		if (b.len >= (1 << 16)) {
			if (fwrite(b.data, 1, b.len, out) != b.len) {
				rc = NF_EIO;
				break;
			}
			nf_buf_reset(&b);
		}
	}
	if (rc == 0 && b.len && fwrite(b.data, 1, b.len, out) != b.len)
		rc = NF_EIO;
	nf_buf_release(&b);
	return rc;
}

static int write_stats(const cli_opts *o, const nf_reuser *r, cli_stats *st, const double t[5])
{
	nf_reuser_stats rs;
	nf_reuser_stats_get(r, &rs);
	char extra[768];
	snprintf(extra, sizeof(extra),
		 ",\"fingerprints\":%llu,\"distinct_fingerprints\":%llu,\"max_df\":%u,"
		 "\"dropped_common\":%llu,\"pair_work\":%llu,\"candidate_pairs\":%llu,"
		 "\"out_of_window\":%llu,\"aligned_pairs\":%llu,\"linked_pairs\":%llu,"
		 "\"copy_pairs\":%llu,\"partial_pairs\":%llu,\"quote_pairs\":%llu,\"spans\":%llu,"
		 "\"pairs_per_second\":%.1f,\"seconds_line_pass\":%.3f,\"seconds_index\":%.3f,"
		 "\"seconds_candidates\":%.3f,\"seconds_align\":%.3f",
		 (unsigned long long)rs.index.postings, (unsigned long long)rs.index.fingerprints,
		 rs.index.max_df, (unsigned long long)rs.index.dropped_common,
		 (unsigned long long)rs.index.pair_work, (unsigned long long)rs.index.pairs,
		 (unsigned long long)rs.index.out_of_window, (unsigned long long)rs.aligned_pairs,
		 (unsigned long long)rs.linked_pairs, (unsigned long long)rs.copy_pairs,
		 (unsigned long long)rs.partial_pairs, (unsigned long long)rs.quote_pairs,
		 (unsigned long long)rs.spans,
		 t[4] > t[3] ? (double)rs.aligned_pairs / (t[4] - t[3]) : 0.0, t[1] - t[0],
		 t[2] - t[1], t[3] - t[2], t[4] - t[3]);
	st->seconds = t[4] - t[0];
	st->bytes_out = 0;
	if (!o->quiet)
		cli_err(o,
			"%llu documents, %llu candidate pairs, %llu pairs sharing passages (%llu "
			"spans)",
			(unsigned long long)rs.docs, (unsigned long long)rs.index.pairs,
			(unsigned long long)rs.linked_pairs, (unsigned long long)rs.spans);
	return cli_write_stats(o, st, extra);
}

/* Feeds the inputs to r, finds and aligns the pairs, writes them; frees r. Returns an exit
 * code. */
static int run(cli_opts *o, nf_reuser *r, unsigned repeat_min, FILE *out)
{
	double t[5];
	t[0] = cli_now();
	nf_feed_options fo;
	nf_feed_options_init(&fo);
	nf_reuser_feed_options(r, &fo);
	fo.repeat_min = repeat_min;
	cli_stats st;
	nf_lines *lines = NULL;
	int rc = cli_feed_run(o, &fo, accept, r, &st, &lines);
	t[1] = t[0] + st.seconds_line_pass;
	if (rc == EXIT_USAGE) {
		nf_reuser_free(r);
		nf_lines_free(lines);
		return rc;
	}
	t[2] = cli_now();
	int lrc = nf_reuser_finish(r, lines);
	t[3] = cli_now();
	if (!lrc)
		lrc = write_pairs(r, out);
	if (lrc || fflush(out) || ferror(out)) {
		cli_err(o, "%s failed: %s", lrc && lrc != NF_EIO ? "alignment" : "write",
			lrc && lrc != NF_EIO ? nf_strerror(lrc) : strerror(errno));
		rc = EXIT_USAGE;
	} else {
		t[4] = cli_now();
		int src = write_stats(o, r, &st, t);
		if (src && rc == EXIT_OK)
			rc = src;
	}
	nf_reuser_free(r); /* before the templates it cleans with */
	nf_lines_free(lines);
	return rc;
}

int cmd_reuse(int argc, char **argv)
{
	cli_opts o = {.cmd = "reuse", .max_errors = -1};
	nf_reuser_options ro;
	nf_reuser_options_init(&ro);
	unsigned repeat_min = 10;
	const cli_arg args[] = {
	    CLI_ARG_WINDOW("--window", &ro.reuse.max_seconds),
	    CLI_ARG_DOUBLE("--copy-coverage", &ro.align.copy_coverage, 0.01, 1),
	    CLI_ARG_INT("--repeat-min", &repeat_min, 0, 1000000000),
	    CLI_ARG_INT("--max-df", &ro.reuse.max_df, 2, UINT32_MAX),
	    CLI_ARG_INT("--min-shared", &ro.reuse.min_shared, 1, 1000000),
	    CLI_ARG_INT("--ngram", &ro.reuse.ngram, 1, 64),
	    CLI_ARG_INT("--winnow", &ro.reuse.window, 1, 1024),
	    CLI_ARG_INT("--min-words", &ro.align.min_words, 1, 1000000),
	    CLI_ARG_INT("--seed-words", &ro.align.seed_words, 1, 64),
	    CLI_ARG_INT("--min-block", &ro.align.min_block, 1, 1000000),
	    CLI_ARG_INT("--max-gap", &ro.align.max_gap, 1, 1000),
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_reuse, CLI_COMMON);
	if (rc) {
		cli_opts_free(&o);
		return rc == CLI_HELP ? EXIT_OK : rc;
	}
	ro.read = o.read;
	ro.threads = o.threads;
	nf_reuser *r = NULL;
	FILE *out = stdout;
	if (ro.align.min_words &&
	    ro.align.min_words < (ro.align.seed_words ? ro.align.seed_words : 4)) {
		cli_err(&o, "--min-words must be at least --seed-words");
		fprintf(stderr, "Try 'newsfold reuse --help'.\n");
		rc = EXIT_USAGE;
	} else if ((rc = nf_reuser_new(&r, &ro))) {
		cli_err(&o, "%s", nf_strerror(rc));
		rc = EXIT_USAGE;
	} else if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		nf_reuser_free(r);
		rc = EXIT_USAGE;
	} else {
		static char obuf[1 << 20];
		setvbuf(out, obuf, _IOFBF, sizeof(obuf));
		rc = run(&o, r, repeat_min, out);
	}
	if (out && out != stdout && fclose(out) && rc == EXIT_OK) {
		cli_err(&o, "cannot write %s", o.output);
		rc = EXIT_USAGE;
	}
	cli_opts_free(&o);
	return rc;
}
