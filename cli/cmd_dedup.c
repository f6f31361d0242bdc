/*
 * cmd_dedup.c - newsfold dedup: keep one article of each family of exact and near duplicates.
 * The work is the library's (nf_dups, lib/engine/dups.c): this reads the options and hands its
 * job to the driver (run.c), which feeds it the inputs and writes what it returns.
 */
#include "cli.h"

int cmd_dedup(int argc, char **argv)
{
	cli_opts o = {.cmd = "dedup", .max_errors = -1};
	nf_dups_options dopt;
	nf_dups_options_init(&dopt);
	nf_dups *d = NULL;
	cli_job j = {0};
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
	dopt.tmp_dir = o.tmp_dir;
	dopt.threads = o.threads;
	if (rc == EXIT_OK && (rc = nf_dups_new(&d, &dopt))) {
		if (rc == NF_EINVAL)
			cli_usage(&o, "bad LSH options (--bands x --rows must fit in K lanes)");
		else
			cli_err(&o, "%s", nf_strerror(rc));
		rc = EXIT_USAGE;
	}
	nf_buf b;
	nf_buf_init(&b);
	if (rc == EXIT_OK && explain && nf_write_dups_explain(&b, d) == 0)
		fwrite(b.data, 1, b.len, stderr);
	nf_buf_release(&b);
	unsigned outputs = (j.path[1] ? NF_JOB_PAIRS : 0) | (j.path[2] ? NF_JOB_FAMILIES : 0);
	if (rc == EXIT_OK && (rc = nf_dups_job(d, outputs, &j.job)))
		cli_err(&o, "%s", nf_strerror(rc)), rc = EXIT_USAGE;
	if (rc == EXIT_OK)
		rc = cli_run(&o, &j);
	nf_job_release(&j.job);
	nf_dups_free(d);
	nf_lines_free(j.lines);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}
