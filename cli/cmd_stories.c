/*
 * cmd_stories.c - newsfold stories, digest and report: options, then the engine (lib/engine:
 * read, tie the --links pairs, take the stories as they close), run as a job by the driver.
 */
#include "cli.h"

enum mode { M_STORIES = NF_JOB_STORIES, M_DIGEST = NF_JOB_DIGEST, M_REPORT = NF_JOB_REPORT };

/* What one run of stories, digest or report is asked to do, and its engine. */
typedef struct job {
	cli_opts o;
	int mode;
	nf_engine_options eo;
	const char *title, *links;
	nf_engine *e;
	cli_job run;
} job;

/* Ties the --links pairs (after reading, before the stories are taken). */
static int tie(void *x)
{
	job *j = x;
	nf_error err;
	nf_tie_stats ts;
	if (j->links && nf_engine_job_tie_file(&j->run.job, j->links, &ts, &err)) {
		cli_err(&j->o, "%s", err.message);
		return err.code ? err.code : NF_EIO;
	}
	if (j->links && ts.bad)
		cli_err(&j->o,
			"%s:%llu: not a link (need {\"a\":ID,\"b\":ID}); %llu such lines left out",
			j->links, (unsigned long long)ts.first_bad_line,
			(unsigned long long)ts.bad);
	if (j->links && ts.unknown && !j->o.quiet)
		cli_err(&j->o, "%s: %llu links name articles not in the input (ignored)", j->links,
			(unsigned long long)ts.unknown);
	return 0;
}

/* The engine over the inputs, and its job. */
static int batch(job *j)
{
	cli_feed_options(&j->o, &j->eo.feed);
	int rc = nf_engine_new(&j->e, &j->eo);
	for (int i = 0; rc == 0 && i < j->o.n_inputs; i++)
		rc = nf_engine_add(j->e, j->o.inputs[i]);
	if (rc == 0)
		rc = nf_engine_job(j->e, j->mode, j->title, &j->run.job);
	if (rc) {
		cli_err(&j->o, "%s", nf_strerror(rc));
		return EXIT_USAGE;
	}
	j->run.prepare = tie;
	j->run.ctx = j;
	return cli_run(&j->o, &j->run);
}

/* The options make sense together (a message otherwise). */
static bool valid(job *j, const char *store, const nf_store_query *sq, const char *lang)
{
	nf_eventer *probe;
	nf_stories *check;
	if (!store && (sq->since != NF_NO_DATE || sq->story >= 0))
		cli_usage(&j->o, "--since and --story read a store: give --store DIR");
	else if (store && (j->o.n_inputs || j->links || j->run.path[1] || j->eo.story.one))
		cli_usage(&j->o, "--store reads the stories of the store: no inputs, --links, "
				 "--assign or --one-story");
	else if (nf_eventer_new(&probe, lang))
		cli_usage(&j->o, "no stemmer for language '%s'", lang);
	else if ((nf_eventer_free(probe), nf_stories_new(&check, &j->eo.story)))
		cli_usage(&j->o, "bad story options");
	else
		return nf_stories_free(check), true;
	return false;
}

static int run(int argc, char **argv, int mode)
{
	static const char *const names[] = {"stories", "digest", "report"};
	job j = {.o = {.cmd = names[mode], .max_errors = -1}, .mode = mode};
	j.title = "newsfold report";
	nf_engine_options_init(&j.eo);
	j.eo.digest = mode != M_STORIES;
	j.eo.feed.repeat_min = 10;
	nf_story_options *so = &j.eo.story;
	const char *store = NULL, *lang = NULL;
	nf_store_query sq = {NF_NO_DATE, -1, j.eo.digest, 0, 0};
	size_t max_size = NF_REPORT_BYTES;
	const cli_arg args[] = {
	    CLI_ARG_WINDOW("--window", &so->window),
	    {.name = "--title", .kind = CLI_STR, .dst = &j.title, .off = mode != M_REPORT},
	    CLI_ARG_STR("--store", &store),
	    {.name = "--since", .kind = CLI_DATE, .dst = &sq.since},
	    CLI_ARG_INT("--story", &sq.story, 0, INT64_MAX),
	    CLI_ARG_STR("--links", &j.links),
	    CLI_ARG_STR("--assign", &j.run.path[1]),
	    CLI_ARG_STR("--lang", &lang),
	    CLI_ARG_DOUBLE("--join", &so->join, 0.001, 1),
	    CLI_ARG_DOUBLE("--merge", &so->merge, 0, 1),
	    CLI_ARG_DOUBLE("--name-weight", &so->name_weight, 0.01, 100),
	    CLI_ARG_DOUBLE("--number-weight", &so->number_weight, 0.01, 100),
	    CLI_ARG_INT("--max-terms", &so->max_terms, 1, 65535),
	    CLI_ARG_DOUBLE("--split", &so->split, 0, 1),
	    CLI_ARG_INT("--repeat-min", &j.eo.feed.repeat_min, 0, 1000000000),
	    CLI_ARG_FLAG("--one-story", &so->one),
	    {.name = "--max-size",
	     .kind = CLI_SIZE,
	     .dst = &max_size,
	     .lo = 0,
	     .hi = 0x1p62,
	     .off = mode != M_REPORT,
	     .hint = " (e.g. 40M, 1G; 0: no limit)"},
	    {.name = "--summary-bytes",
	     .kind = CLI_INT,
	     .dst = &j.eo.summary_bytes,
	     .size = sizeof(size_t),
	     .lo = 1,
	     .hi = 1e9,
	     .off = mode == M_STORIES},
	    {.name = "--summary-words",
	     .kind = CLI_INT,
	     .dst = &j.eo.summary_words,
	     .size = sizeof(size_t),
	     .lo = 1,
	     .hi = 1e9,
	     .off = mode == M_STORIES},
	    {0},
	};
	const char *h = mode == M_REPORT   ? cli_help_report
			: mode == M_DIGEST ? cli_help_digest
					   : cli_help_stories;
	int rc = cli_parse(&j.o, argc, argv, args, h, CLI_COMMON);
	if (rc == EXIT_OK && !valid(&j, store, &sq, lang))
		rc = EXIT_USAGE;
	j.eo.feed.language = lang;
	j.eo.report_bytes = sq.report_bytes = max_size;
	if (rc == EXIT_OK)
		rc = store ? cli_store_read(&j.o, store, &sq, mode, j.title) : batch(&j);
	nf_job_release(&j.run.job);
	nf_engine_free(j.e);
	nf_lines_free(j.run.lines);
	cli_opts_free(&j.o);
	return rc == CLI_HELP ? EXIT_OK : rc;
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
