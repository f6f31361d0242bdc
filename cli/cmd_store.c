/* cmd_store.c - the store commands: newsfold add, remove, expire, events, check, and the
 * reading side of stories, digest and report --store. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Opens a store, or says why not. */
static nf_store *open_store(const cli_opts *o, const char *dir, unsigned flags)
{
	nf_store *s;
	int rc = nf_store_open(&s, dir, flags);
	if (rc) {
		cli_err(o, "%s", nf_store_errmsg(s));
		nf_store_close(s);
		return NULL;
	}
	return s;
}

/* Runs an add (or a removal: no inputs, its removals made by `removals`) on the store in dir
 * (opened with flags). Returns an exit code. */
static int store_write(cli_opts *o, nf_add_options *ao, const char *dir, unsigned flags,
		       int (*removals)(nf_add *a, cli_opts *o, int64_t before), int64_t before)
{
	static const char *const dash[] = {"-"};
	nf_store *s = open_store(o, dir, flags);
	nf_add *a = NULL;
	cli_job j = {.no_output = true};
	if (!s)
		return EXIT_USAGE;
	cli_feed_options(o, &ao->feed);
	ao->feed.repeat_min = 0;
	int rc = nf_add_begin(&a, s, ao);
	for (int i = 0; rc == 0 && !removals && i < (o->n_inputs ? o->n_inputs : 1); i++)
		rc = nf_add_input(a, o->n_inputs ? o->inputs[i] : dash[0]);
	if (rc == 0 && removals)
		rc = removals(a, o, before);
	if (rc == 0)
		rc = nf_add_job(s, a, removals != NULL, &j.job);
	if (rc)
		cli_err(o, "%s", nf_store_errmsg(s));
	rc = rc ? EXIT_USAGE : cli_run(o, &j);
	if (!j.job.obj || !nf_add_job_committed(&j.job))
		cli_err(o, "nothing was %s: the store is as it was",
			removals ? "removed" : "added");
	nf_job_release(&j.job);
	nf_add_free(a);
	nf_store_close(s);
	return rc;
}

int cmd_add(int argc, char **argv)
{
	cli_opts o = {.cmd = "add", .max_errors = -1};
	nf_add_options ao;
	nf_add_options_init(&ao);
	const char *dir = NULL;
	const cli_arg args[] = {
	    CLI_ARG_STR("--store", &dir),
	    {.name = "--stages",
	     .kind = CLI_BITS,
	     .dst = &ao.stages,
	     .choices = "dedup|stories|digest|reuse"},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_add, CLI_COMMON);
	if (rc == EXIT_OK && (!dir || o.output))
		rc = cli_usage(&o, "%s",
			       !dir ? "--store DIR is required"
				    : "-o does not apply to add (it writes the store)");
	if (rc == EXIT_OK)
		rc = store_write(&o, &ao, dir, NF_STORE_CREATE, NULL, 0);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}

/* Writes every line of an iterator to out (NULL or "-": stdout), whole or not at all. */
static int drain(const cli_opts *o, nf_store *s, nf_store_iter *it, const char *out)
{
	nf_str line;
	nf_out *f;
	nf_error err;
	if (nf_out_open(&f, out, &err)) {
		cli_err(o, "%s", err.message);
		return EXIT_USAGE;
	}
	int rc;
	while ((rc = nf_store_next(it, &line)) == 1 && nf_out_write(f, line.ptr, line.len) == 0)
		;
	if (rc < 0)
		cli_err(o, "%s", nf_store_errmsg(s));
	else if (nf_out_commit(f, &err)) /* says why a write failed */
		cli_err(o, "%s", err.message), rc = -1;
	nf_out_free(f);
	return rc < 0 ? EXIT_USAGE : EXIT_OK;
}

int cli_store_read(const cli_opts *o, const char *dir, const nf_store_query *q, int mode,
		   const char *title)
{
	nf_store *s = open_store(o, dir, NF_STORE_READONLY);
	if (!s)
		return EXIT_USAGE;
	nf_store_iter *it = NULL;
	int rc = mode == 2 ? nf_store_report(s, q, title, &it) : nf_store_stories(s, q, &it);
	if (rc) {
		cli_err(o, "%s", nf_store_errmsg(s));
		rc = EXIT_USAGE;
	} else {
		rc = drain(o, s, it, o->output);
	}
	nf_store_iter_free(it);
	nf_store_close(s);
	return rc;
}

/* remove and expire: one add that only removes (the ids, or what was published before) */
static int removals(nf_add *a, cli_opts *o, int64_t before)
{
	uint64_t n;
	int rc = 0;
	for (int i = 0; rc == 0 && i < o->n_inputs; i++)
		rc = nf_add_remove(a, o->inputs[i], strlen(o->inputs[i]));
	return rc == 0 && before != NF_NO_DATE ? nf_add_expire(a, before, &n) : rc;
}

static int removal(int argc, char **argv, const char *cmd)
{
	cli_opts o = {.cmd = cmd, .max_errors = -1};
	nf_add_options ao;
	nf_add_options_init(&ao);
	int64_t before = NF_NO_DATE;
	const char *dir = NULL;
	bool expire = strcmp(cmd, "expire") == 0;
	const cli_arg args[] = {
	    CLI_ARG_STR("--store", &dir),
	    {.name = "--before", .kind = CLI_DATE, .dst = &before, .off = !expire},
	    {.name = "--quiet", .alias = "-q", .kind = CLI_FLAG, .dst = &o.quiet},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, expire ? cli_help_expire : cli_help_remove,
			   expire ? CLI_NO_INPUTS : 0);
	if (rc == EXIT_OK && (!dir || (expire ? before == NF_NO_DATE : o.n_inputs == 0)))
		rc = cli_usage(&o, "%s",
			       expire ? "--store DIR and --before T are required"
				      : "--store DIR and at least one id are required");
	if (rc == EXIT_OK)
		rc = store_write(&o, &ao, dir, 0, removals, before);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}

int cmd_remove(int argc, char **argv)
{
	return removal(argc, argv, "remove");
}

int cmd_expire(int argc, char **argv)
{
	return removal(argc, argv, "expire");
}

/* events and check: --store DIR and little else */
static int simple(int argc, char **argv, const char *cmd, const char *help, bool events)
{
	cli_opts o = {.cmd = cmd, .max_errors = -1};
	const char *dir = NULL;
	int64_t after = 0;
	const cli_arg args[] = {
	    CLI_ARG_STR("--store", &dir),
	    {.name = "--after",
	     .kind = CLI_INT,
	     .dst = &after,
	     .size = sizeof(after),
	     .hi = INT64_MAX,
	     .off = !events},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, help, CLI_NO_INPUTS);
	cli_opts_free(&o);
	if (rc)
		return rc == CLI_HELP ? EXIT_OK : rc;
	if (!dir)
		return cli_usage(&o, "--store DIR is required");
	nf_store *s = open_store(&o, dir, NF_STORE_READONLY);
	if (!s)
		return EXIT_USAGE;
	if (events) {
		nf_store_query q = {NF_NO_DATE, -1, false, after, 0};
		nf_store_iter *it = NULL;
		rc = nf_store_events(s, &q, &it)
			 ? (cli_err(&o, "%s", nf_store_errmsg(s)), EXIT_USAGE)
			 : drain(&o, s, it, NULL);
		nf_store_iter_free(it);
	} else {
		int c = nf_store_check(s);
		if (c)
			cli_err(&o, "%s", nf_store_errmsg(s));
		else
			printf("%s: ok (last add %lld)\n", dir, (long long)nf_store_last_seq(s));
		rc = c == 0 ? EXIT_OK : c == NF_ESTORE ? EXIT_BADRECORDS : EXIT_USAGE;
	}
	nf_store_close(s);
	return rc;
}

int cmd_events(int argc, char **argv)
{
	return simple(argc, argv, "events", cli_help_events, true);
}

int cmd_check(int argc, char **argv)
{
	return simple(argc, argv, "check", cli_help_check, false);
}
