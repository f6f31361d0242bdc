/*
 * cmd_reuse.c - newsfold reuse: every pair of articles sharing passages, with the aligned spans.
 * The work is the library's (nf_reuser, lib/engine/reuser.c): this reads the options and hands
 * its job to the driver (run.c), which feeds it the inputs (with the template line pass unless
 * --repeat-min 0) and writes what it returns.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

int cmd_reuse(int argc, char **argv)
{
	cli_opts o = {.cmd = "reuse", .max_errors = -1};
	nf_reuser_options ro;
	nf_reuser_options_init(&ro);
	cli_job j = {0};
	unsigned repeat_min = 10;
	size_t mem = cli_default_mem();
	const cli_arg args[] = {
	    CLI_ARG_WINDOW("--window", &ro.reuse.max_seconds),
	    CLI_ARG_DOUBLE("--copy-coverage", &ro.align.copy_coverage, 0.01, 1),
	    CLI_ARG_DOUBLE("--partial-coverage", &ro.align.partial_coverage, 0.001, 1),
	    CLI_ARG_INT("--partial-words", &ro.align.partial_words, 1, 1000000),
	    CLI_ARG_INT("--repeat-min", &repeat_min, 0, 1000000000),
	    CLI_ARG_INT("--max-df", &ro.reuse.max_df, 2, UINT32_MAX),
	    CLI_ARG_INT("--min-shared", &ro.reuse.min_shared, 1, 1000000),
	    CLI_ARG_INT("--ngram", &ro.reuse.ngram, 1, 64),
	    CLI_ARG_INT("--winnow", &ro.reuse.window, 1, 1024),
	    CLI_ARG_INT("--min-words", &ro.align.min_words, 1, 1000000),
	    CLI_ARG_INT("--seed-words", &ro.align.seed_words, 1, 64),
	    CLI_ARG_INT("--min-block", &ro.align.min_block, 1, 1000000),
	    CLI_ARG_INT("--max-gap", &ro.align.max_gap, 1, 1000),
	    {.name = "--mem",
	     .kind = CLI_SIZE,
	     .dst = &mem,
	     .lo = 2 << 20,
	     .hi = (double)SIZE_MAX,
	     .hint = " (e.g. 256M, 4G; at least 2M)"},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_reuse, CLI_COMMON);
	ro.read = o.read;
	ro.threads = o.threads;
	ro.reuse.mem = mem / 2; /* the index's half; the rest: reading, aligning, the pairs */
	ro.reuse.tmp_dir = o.tmp_dir;
	nf_reuser *r = NULL;
	if (rc == EXIT_OK && ro.align.min_words &&
	    ro.align.min_words < (ro.align.seed_words ? ro.align.seed_words : 4)) {
		rc = cli_usage(&o, "--min-words must be at least --seed-words");
	} else if (rc == EXIT_OK && (rc = nf_reuser_new(&r, &ro))) {
		if (rc == NF_EIO)
			cli_err(&o, "cannot make a temporary file in %s: %s", cli_tmp_dir(&o),
				strerror(errno));
		else
			cli_err(&o, "%s", nf_strerror(rc));
		rc = EXIT_USAGE;
	} else if (rc == EXIT_OK) {
		nf_reuser_job(r, &j.job);
		j.job.fo.repeat_min = repeat_min;
		rc = cli_run(&o, &j);
	}
	nf_reuser_free(r); /* before the templates it cleans with */
	nf_lines_free(j.lines);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}
