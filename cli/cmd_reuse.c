/*
 * cmd_reuse.c - newsfold reuse: every pair of articles sharing passages, with the aligned spans.
 * The work is the library's (nf_reuser, lib/engine/reuser.c): this reads the options and hands
 * the object to the driver (run.c), which feeds it the inputs (with the template line pass
 * unless --repeat-min 0) and writes what it returns.
 */
#include "cli.h"

static int accept(void *r, const nf_feed_item *it)
{
	return nf_reuser_add(r, it);
}

static int finish(void *r, nf_lines *lines)
{
	return nf_reuser_finish(r, lines);
}

static int next(void *r, nf_buf *b)
{
	nf_reuse_link l;
	int rc = nf_reuser_next(r, &l);
	return rc == 1 && nf_write_reuse_json(&b[0], r, &l) ? NF_ENOMEM : rc;
}

static int stats(void *r, nf_buf *b, const nf_phase_seconds *t)
{
	nf_reuser_stats rs;
	nf_reuser_stats_get(r, &rs);
	return nf_write_reuser_stats(b, &rs, t);
}

static void summary(void *r, const cli_opts *o)
{
	nf_reuser_stats rs;
	nf_reuser_stats_get(r, &rs);
	cli_err(o, "%llu documents, %llu candidate pairs, %llu pairs sharing passages (%llu spans)",
		(unsigned long long)rs.docs, (unsigned long long)rs.index.pairs,
		(unsigned long long)rs.linked_pairs, (unsigned long long)rs.spans);
}

int cmd_reuse(int argc, char **argv)
{
	cli_opts o = {.cmd = "reuse", .max_errors = -1};
	nf_reuser_options ro;
	nf_reuser_options_init(&ro);
	cli_job j = {.accept = accept,
		     .finish = finish,
		     .what = "alignment",
		     .next = next,
		     .stats = stats,
		     .summary = summary};
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
	ro.read = o.read;
	ro.threads = o.threads;
	nf_reuser *r = NULL;
	if (rc == EXIT_OK && ro.align.min_words &&
	    ro.align.min_words < (ro.align.seed_words ? ro.align.seed_words : 4)) {
		rc = cli_usage(&o, "--min-words must be at least --seed-words");
	} else if (rc == EXIT_OK && (rc = nf_reuser_new(&r, &ro))) {
		cli_err(&o, "%s", nf_strerror(rc));
		rc = EXIT_USAGE;
	} else if (rc == EXIT_OK) {
		j.obj = r;
		nf_feed_options_init(&j.fo);
		nf_reuser_feed_options(r, &j.fo);
		j.fo.repeat_min = repeat_min;
		rc = cli_run(&o, &j);
	}
	nf_reuser_free(r); /* before the templates it cleans with */
	nf_lines_free(j.lines);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}
