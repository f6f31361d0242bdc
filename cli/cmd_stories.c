/*
 * cmd_stories.c - newsfold stories, digest and report: options, then the engine (lib/engine:
 * read, tie the --links pairs, take the stories as they close) and the writers (lib/write: the
 * story records, the report).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum mode { M_STORIES, M_DIGEST, M_REPORT };

static int engine_read(void *e, nf_feed_item *it)
{
	return nf_engine_read(e, it);
}

/* Writes a buffer to a stream: 0 or NF_EIO. */
static int put(FILE *f, const nf_buf *b)
{
	return b->len == 0 || fwrite(b->data, 1, b->len, f) == b->len ? 0 : NF_EIO;
}

/* Writes the stories as they close: JSON lines (with digests), or the report's story blocks. */
static int write_stories(nf_engine *e, int mode, FILE *out, FILE *assign, const char *title)
{
	nf_buf b, index, line;
	nf_buf_init(&b);
	nf_buf_init(&index);
	nf_buf_init(&line);
	int rc = mode == M_REPORT ? nf_report_begin(&b, title) : 0;
	nf_engine_story st;
	const nf_digester *dg = nf_engine_digester(e);
	while (rc == 0 && (rc = put(out, &b)) == 0 && (rc = nf_engine_next_story(e, &st)) == 1) {
		nf_buf_reset(&b);
		rc = mode == M_REPORT
			 ? nf_report_story(&b, &index, st.id, st.first, st.last, dg, st.digest)
			 : nf_write_story_json(&b, &st, dg);
		if (rc == 0 && assign) {
			nf_buf_reset(&line);
			if ((rc = nf_write_story_assign(&line, &st)) == 0)
				rc = put(assign, &line);
		}
	}
	if (rc == 0 && mode == M_REPORT) {
		nf_buf_reset(&b);
		if ((rc = nf_report_end(&b, &index)) == 0)
			rc = put(out, &b);
	}
	nf_buf_release(&b);
	nf_buf_release(&index);
	nf_buf_release(&line);
	return rc;
}

/* What one run of stories, digest or report is asked to do. */
typedef struct job {
	cli_opts o;
	int mode;
	nf_engine_options eo;
	const char *title, *links, *assign;
	FILE *out, *assign_f;
	double t[5]; /* start, read, links read, stories written */
	nf_tie_stats ties;
} job;

static int write_run_stats(job *j, nf_engine *e, cli_stats *st, const cli_progress *pg)
{
	nf_engine_stats es;
	nf_engine_stats_get(e, &es);
	const nf_stories_stats *ss = &es.stories_run;
	const double *t = j->t;
	size_t n = es.feed.docs;
	char extra[768];
	snprintf(extra, sizeof(extra),
		 ",\"stories\":%llu,\"singletons\":%llu,\"largest\":%llu,\"families\":%llu,"
		 "\"links\":%llu,\"links_unknown\":%llu,\"links_bad\":%llu,\"links_late\":%llu,"
		 "\"joined\":%llu,\"opened\":%llu,\"split\":%llu,\"merged\":%llu,"
		 "\"peak_live_docs\":%llu,\"vocabulary\":%llu,\"docs_per_second\":%.1f,"
		 "\"seconds_line_pass\":%.3f,\"seconds_terms\":%.3f,\"seconds_cluster\":%.3f",
		 (unsigned long long)es.stories, (unsigned long long)es.singletons,
		 (unsigned long long)es.largest, (unsigned long long)es.families,
		 (unsigned long long)j->ties.ties, (unsigned long long)j->ties.unknown,
		 (unsigned long long)j->ties.bad, (unsigned long long)es.late_ties,
		 (unsigned long long)ss->joined, (unsigned long long)ss->opened,
		 (unsigned long long)ss->split, (unsigned long long)ss->merged,
		 (unsigned long long)ss->peak_live_docs, (unsigned long long)ss->vocabulary,
		 t[3] > t[0] ? (double)n / (t[3] - t[0]) : 0.0, st->seconds_line_pass,
		 t[1] - t[0] - st->seconds_line_pass, t[3] - t[2]);
	st->seconds = t[3] - pg->t0;
	st->bytes_out = 0;
	if (!j->o.quiet)
		cli_err(&j->o, "%zu articles, %llu stories (%llu of one article, largest %llu)", n,
			(unsigned long long)es.stories, (unsigned long long)es.singletons,
			(unsigned long long)es.largest);
	return cli_write_stats(&j->o, st, extra);
}

/* Reads the inputs through the engine, ties the --links pairs, writes the stories. Returns an
 * exit code. */
static int batch(job *j, nf_engine **e)
{
	cli_opts *o = &j->o;
	cli_progress pg;
	cli_feed_setup(o, &j->eo.feed, &pg);
	int erc = nf_engine_new(e, &j->eo);
	for (int i = 0; erc == 0 && i < o->n_inputs; i++)
		erc = nf_engine_add(*e, o->inputs[i]);
	if (erc) {
		cli_err(o, "%s", nf_strerror(erc));
		return EXIT_USAGE;
	}
	j->t[0] = cli_now();
	cli_stats st;
	int rc = cli_read_all(o, engine_read, *e, NULL, NULL, &pg, &st);
	nf_engine_stats es;
	nf_engine_stats_get(*e, &es);
	if ((rc = cli_read_end(o, rc, &es.feed, &pg, &st)) == EXIT_USAGE)
		return rc;
	j->t[1] = cli_now();
	nf_error err;
	if (j->links && nf_engine_tie_file(*e, j->links, &j->ties, &err)) {
		cli_err(o, "%s", err.message);
		return EXIT_USAGE;
	}
	if (j->ties.bad)
		cli_err(o,
			"%s:%llu: not a link (need {\"a\":ID,\"b\":ID}); %llu such lines left out",
			j->links, (unsigned long long)j->ties.first_bad_line,
			(unsigned long long)j->ties.bad);
	if (j->ties.unknown && !o->quiet)
		cli_err(o, "%s: %llu links name articles not in the input (ignored)", j->links,
			(unsigned long long)j->ties.unknown);
	j->t[2] = cli_now();
	if ((erc = write_stories(*e, j->mode, j->out, j->assign_f, j->title))) {
		cli_err(o, "%s", nf_strerror(erc));
		return EXIT_USAGE;
	}
	if (fflush(j->out) || ferror(j->out) ||
	    (j->assign_f && (fflush(j->assign_f) || ferror(j->assign_f)))) {
		cli_err(o, "write failed: %s", strerror(errno));
		return EXIT_USAGE;
	}
	j->t[3] = cli_now();
	int src = write_run_stats(j, *e, &st, &pg);
	return src ? src : rc;
}

/* The options make sense together (a message otherwise). */
static bool valid(job *j, const char *store, const nf_store_query *sq, const char *lang)
{
	nf_eventer *probe;
	nf_stories *check;
	if (!store && (sq->since != NF_NO_DATE || sq->story >= 0))
		cli_err(&j->o, "--since and --story read a store: give --store DIR");
	else if (store && (j->o.n_inputs || j->links || j->assign))
		cli_err(&j->o, "--store reads the stories of the store: no inputs, --links or "
			       "--assign");
	else if (nf_eventer_new(&probe, lang))
		cli_err(&j->o, "no stemmer for language '%s'", lang);
	else if ((nf_eventer_free(probe), nf_stories_new(&check, &j->eo.story)))
		cli_err(&j->o, "bad story options");
	else
		return nf_stories_free(check), true;
	fprintf(stderr, "Try 'newsfold %s --help'.\n", j->o.cmd);
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
	nf_store_query sq = {NF_NO_DATE, -1, j.eo.digest, 0};
	const cli_arg args[] = {
	    CLI_ARG_WINDOW("--window", &so->window),
	    {.name = "--title", .kind = CLI_STR, .dst = &j.title, .off = mode != M_REPORT},
	    CLI_ARG_STR("--store", &store),
	    {.name = "--since", .kind = CLI_DATE, .dst = &sq.since},
	    CLI_ARG_INT("--story", &sq.story, 0, INT64_MAX),
	    CLI_ARG_STR("--links", &j.links),
	    CLI_ARG_STR("--assign", &j.assign),
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
	if (rc || !valid(&j, store, &sq, lang)) {
		cli_opts_free(&j.o);
		return rc == CLI_HELP ? EXIT_OK : EXIT_USAGE;
	}
	j.eo.feed.language = lang;
	nf_engine *e = NULL;
	j.out = stdout;
	rc = EXIT_USAGE;
	if (store)
		rc = cli_store_read(&j.o, store, &sq, mode, j.title);
	else if (j.o.output && !(j.out = fopen(j.o.output, "w")))
		cli_err(&j.o, "cannot write %s: %s", j.o.output, strerror(errno));
	else if (j.assign && !(j.assign_f = fopen(j.assign, "w")))
		cli_err(&j.o, "cannot write %s: %s", j.assign, strerror(errno));
	else {
		static char obuf[1 << 20];
		setvbuf(j.out, obuf, _IOFBF, sizeof(obuf));
		rc = batch(&j, &e);
	}
	if (j.out && j.out != stdout)
		fclose(j.out);
	if (j.assign_f)
		fclose(j.assign_f);
	nf_engine_free(e);
	cli_opts_free(&j.o);
	return rc;
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
