/*
 * cmd_stories.c - newsfold stories, digest and report: options, then the engine (lib/engine:
 * read, tie the --links pairs, take the stories as they close) and the writers (lib/write: the
 * story records, the report).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: newsfold stories [options] [FILE|DIR|-]...\n"
    "\n"
    "Groups articles about the same event into stories, whether they copy each other or were\n"
    "written independently, and keeps similar events (two earthquakes, two trials) apart.\n"
    "Articles are compared by their content words (stemmed), names and numbers, with the\n"
    "title and lead counting more; an article joins the most similar story of the last\n"
    "--window days or opens a new one; stories are then refined by average link (mean\n"
    "similarity of all their article pairs) so that no single article chains two events.\n"
    "\n"
    "options:\n"
    "  --window T        articles further apart than T never join one story unless a link\n"
    "                    ties them (T = N[d|h]; default 3d; 0 = no limit). Undated articles\n"
    "                    have no time constraint.\n"
    "  --links FILE      JSONL pairs {\"a\":ID,\"b\":ID,...} of tied articles, such as the\n"
    "                    output of newsfold reuse or dedup --pairs: tied articles are always\n"
    "                    in one story and form its copy families (pairs whose relation is\n"
    "                    \"quote\" do not tie)\n"
    "  --assign FILE     also write ID<TAB>STORY lines (for newsfold eval)\n"
    "  --store DIR       print the stories of a store (see newsfold add) instead of reading\n"
    "                    inputs: as stored, nothing is recomputed; with --since T (a date:\n"
    "                    stories whose latest article is at or after it) and --story ID (one\n"
    "                    story, or the one it was merged into)\n"
    "  --lang L          Snowball stemmer language (default english)\n"
    "  --join X          cosine to a story's centroid for an article to join it online\n"
    "                    (default 0.40)\n"
    "  --merge X         average link at which two stories merge (default 0.16)\n"
    "  --split X         average link below which a group of articles leaves its story\n"
    "                    (default 0.06)\n"
    "  --name-weight X   weight of names against words (default 2)\n"
    "  --number-weight X weight of numbers against words (default 1.5)\n"
    "  --max-terms N     strongest terms kept per article (default 100)\n"
    "  --repeat-min N    as for newsfold clean (templates; 0 = no line pass)\n"
    "  -j, -o, --rejects, --stats-json, --max-errors, --strict, --max-line, --*-field,\n"
    "  --auto-id, -q     as for newsfold clean\n"
    "\n"
    "output (one line per story, oldest first as they close):\n"
    "  {\"story\":0,\"size\":5,\"first\":\"2025-10-16T00:00:00Z\",\"last\":...,\n"
    "   \"members\":[ID,...],\"families\":[[ID,ID],...],\"terms\":[\"ceasefir\",...],\n"
    "   \"names\":[\"zelenski\",...]}\n"
    "  Members in (date, id) order. Terms are stems and names are spelling-folded keys.\n"
    "\n"
    "example:\n"
    "  newsfold reuse articles.jsonl > links.jsonl\n"
    "  newsfold stories --links links.jsonl --assign assign.tsv articles.jsonl > stories.jsonl\n";

static const char help_digest[] =
    "usage: newsfold digest [options] [FILE|DIR|-]...\n"
    "\n"
    "Groups articles into stories as newsfold stories does and adds to each story line a\n"
    "\"digest\": what the story says and who said it first.\n"
    "\n"
    "  headline   the title most similar to the story (or, without titles, its best lead)\n"
    "  summary    up to five sentences chosen by centrality across the articles, redundancy\n"
    "             removed, each with the articles that carry it or a close paraphrase\n"
    "  quotes     quoted passages with their speaker (\"X said\", \"said X\", \"X wrote\",\n"
    "             \"X told reporters\", \"according to X\", \"X: ...\"), merged across articles,\n"
    "             with the articles and outlets that carry each\n"
    "  sources    per article: outlet, date, role (origin, verbatim copy, edited copy,\n"
    "             partial copy, independent), share reused from its copy family, and the\n"
    "             sentences only it has (what it added)\n"
    "  timeline   the articles by date with their outlets\n"
    "  names      the names most articles mention\n"
    "\n"
    "Copy families come from aligning the story's articles (newsfold reuse's aligner). Options\n"
    "are those of newsfold stories (see newsfold stories --help).\n"
    "\n"
    "example:\n"
    "  newsfold digest ../shared/seeds | python3 -m json.tool\n";

static const char help_report[] =
    "usage: newsfold report [-o report.html] [options] [FILE|DIR|-]...\n"
    "\n"
    "Writes the stories and their digests (see newsfold digest) as one self-contained HTML\n"
    "file: no network access, inline style and script allowed by a strict\n"
    "Content-Security-Policy. A searchable story list; per story, when opened: headline,\n"
    "summary with its sources, key quotes with speakers and carriers, a sources table (outlet,\n"
    "date, role, reused share, what each added), a timeline, and a side-by-side view of any two\n"
    "of its articles with reused passages highlighted and boilerplate greyed. Article text is\n"
    "only ever shown as text.\n"
    "\n"
    "  --title T         the report's title (default \"newsfold report\")\n"
    "  other options     those of newsfold stories (see newsfold stories --help)\n"
    "\n"
    "example:\n"
    "  newsfold report -o seeds.html ../shared/seeds\n";

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
	const char *h = mode == M_REPORT ? help_report : mode == M_DIGEST ? help_digest : help;
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
