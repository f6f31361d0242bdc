/*
 * cmd_stories.c - newsfold stories, digest and report: options, then the engine (lib/engine:
 * read, tie the --links pairs, take the stories as they close) and the writers (lib/write: the
 * story records, the report).
 */
#include "cli.h"

enum mode { M_STORIES, M_DIGEST, M_REPORT };

/* What one run of stories, digest or report is asked to do, and its engine. */
typedef struct job {
	cli_opts o;
	int mode;
	nf_engine_options eo;
	const char *title, *links;
	nf_engine *e;
	nf_tie_stats ties;
	nf_buf index; /* the report's story list */
	int part;     /* the report: 0 its head, 1 the stories, 2 its end written */
	cli_job run;
} job;

static int start(void *x, const nf_feed_options *fo)
{
	job *j = x;
	j->eo.feed = *fo;
	int rc = nf_engine_new(&j->e, &j->eo);
	for (int i = 0; rc == 0 && i < j->o.n_inputs; i++)
		rc = nf_engine_add(j->e, j->o.inputs[i]);
	return rc;
}

static int read_item(void *x, nf_feed_item *it)
{
	return nf_engine_read(((job *)x)->e, it);
}

static void feed_stats(void *x, nf_feed_stats *fs)
{
	nf_engine_stats es;
	nf_engine_stats_get(((job *)x)->e, &es);
	*fs = es.feed;
}

/* Ties the --links pairs. */
static int finish(void *x, nf_lines *lines)
{
	job *j = x;
	nf_error err;
	(void)lines;
	if (j->links && nf_engine_tie_file(j->e, j->links, &j->ties, &err)) {
		cli_err(&j->o, "%s", err.message);
		return err.code ? err.code : NF_EIO;
	}
	if (j->ties.bad)
		cli_err(&j->o,
			"%s:%llu: not a link (need {\"a\":ID,\"b\":ID}); %llu such lines left out",
			j->links, (unsigned long long)j->ties.first_bad_line,
			(unsigned long long)j->ties.bad);
	if (j->ties.unknown && !j->o.quiet)
		cli_err(&j->o, "%s: %llu links name articles not in the input (ignored)", j->links,
			(unsigned long long)j->ties.unknown);
	return 0;
}

/* The stories as they close: JSON lines (with digests), or the report's story blocks between
 * its head and its end; the --assign lines. */
static int next(void *x, nf_buf *b)
{
	job *j = x;
	nf_engine_story st;
	const nf_digester *dg = nf_engine_digester(j->e);
	if (j->mode == M_REPORT && j->part == 0 && ++j->part)
		return nf_report_begin(&b[0], j->title) ? NF_ENOMEM : 1;
	int rc = nf_engine_next_story(j->e, &st);
	if (rc == 1) {
		rc = j->mode == M_REPORT ? nf_report_story(&b[0], &j->index, st.id, st.first,
							   st.last, dg, st.digest)
					 : nf_write_story_json(&b[0], &st, dg);
		if (rc == 0 && j->run.path[1])
			rc = nf_write_story_assign(&b[1], &st);
		return rc ? rc : 1;
	}
	if (rc == 0 && j->mode == M_REPORT && j->part == 1 && ++j->part)
		return nf_report_end(&b[0], &j->index) ? NF_ENOMEM : 1;
	return rc;
}

static int stats(void *x, nf_buf *b, const nf_phase_seconds *t)
{
	job *j = x;
	nf_engine_stats es;
	nf_engine_stats_get(j->e, &es);
	return nf_write_engine_stats(b, &es, &j->ties, t);
}

static void summary(void *x, const cli_opts *o)
{
	nf_engine_stats es;
	nf_engine_stats_get(((job *)x)->e, &es);
	cli_err(o, "%llu articles, %llu stories (%llu of one article, largest %llu)",
		(unsigned long long)es.feed.docs, (unsigned long long)es.stories,
		(unsigned long long)es.singletons, (unsigned long long)es.largest);
}

/* The options make sense together (a message otherwise). */
static bool valid(job *j, const char *store, const nf_store_query *sq, const char *lang)
{
	nf_eventer *probe;
	nf_stories *check;
	if (!store && (sq->since != NF_NO_DATE || sq->story >= 0))
		cli_usage(&j->o, "--since and --story read a store: give --store DIR");
	else if (store && (j->o.n_inputs || j->links || j->run.path[1]))
		cli_usage(&j->o, "--store reads the stories of the store: no inputs, --links or "
				 "--assign");
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
	j.run = (cli_job){.obj = &j,
			  .start = start,
			  .read = read_item,
			  .feed_stats = feed_stats,
			  .finish = finish,
			  .next = next,
			  .stats = stats,
			  .summary = summary};
	j.title = "newsfold report";
	nf_engine_options_init(&j.eo);
	j.eo.digest = mode != M_STORIES;
	j.eo.feed.repeat_min = 10;
	nf_story_options *so = &j.eo.story;
	const char *store = NULL, *lang = NULL;
	nf_store_query sq = {NF_NO_DATE, -1, j.eo.digest, 0};
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
	    {0},
	};
	const char *h = mode == M_REPORT   ? cli_help_report
			: mode == M_DIGEST ? cli_help_digest
					   : cli_help_stories;
	int rc = cli_parse(&j.o, argc, argv, args, h, CLI_COMMON);
	if (rc == EXIT_OK && !valid(&j, store, &sq, lang))
		rc = EXIT_USAGE;
	j.eo.feed.language = lang;
	j.run.fo = j.eo.feed;
	nf_buf_init(&j.index);
	if (rc == EXIT_OK)
		rc =
		    store ? cli_store_read(&j.o, store, &sq, mode, j.title) : cli_run(&j.o, &j.run);
	nf_engine_free(j.e);
	nf_lines_free(j.run.lines);
	nf_buf_release(&j.index);
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
