/* cmd_clean.c - newsfold clean: read articles, write one cleaned JSON record per document. */
#include "cli.h"

static int accept(void *job, const nf_feed_item *it)
{
	return nf_out_write(((cli_job *)job)->out[0], it->json.ptr, it->json.len);
}

static int stats(const void *job, nf_buf *b, const nf_phase_seconds *t)
{
	(void)t;
	return nf_write_clean_stats(b, &((const cli_job *)job)->fs);
}

int cmd_clean(int argc, char **argv)
{
	cli_opts o = {.cmd = "clean", .max_errors = -1};
	cli_job j = {.job = {.accept = accept, .stats = stats}};
	j.job.obj = &j;
	nf_feed_options *fo = &j.job.fo;
	nf_feed_options_init(fo);
	fo->make = NF_FEED_CLEAN_JSON;
	fo->repeat_min = 10;
	bool tokens = false, norm = false;
	const cli_arg args[] = {
	    CLI_ARG_FLAG("--tokens", &tokens),
	    CLI_ARG_FLAG("--norm", &norm),
	    CLI_ARG_FLAG("--no-mojibake", &fo->clean.no_mojibake),
	    CLI_ARG_FLAG("--no-boilerplate", &fo->clean.no_boiler),
	    CLI_ARG_INT("--repeat-min", &fo->repeat_min, 0, 1000000000),
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_clean, CLI_COMMON);
	fo->json_flags |= (tokens ? NF_JSON_TOKENS : 0) | (norm ? NF_JSON_NORM : 0);
	if (rc == EXIT_OK)
		rc = cli_run(&o, &j);
	nf_lines_free(j.lines);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}
