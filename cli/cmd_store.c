/* cmd_store.c - the store commands: newsfold add, events, check, and the reading side of
 * stories, digest and report --store. */
#include "cli.h"

#include <errno.h>
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

static bool parse_stages(const char *v, void *dst)
{
	unsigned *out = dst;
	*out = 0;
	while (*v) {
		size_t n = strcspn(v, ",");
		if (n == 5 && strncmp(v, "dedup", 5) == 0)
			*out |= NF_STAGE_DEDUP;
		else if (n == 7 && strncmp(v, "stories", 7) == 0)
			*out |= NF_STAGE_STORIES;
		else if (n == 6 && strncmp(v, "digest", 6) == 0)
			*out |= NF_STAGE_DIGEST;
		else if (n == 5 && strncmp(v, "reuse", 5) == 0)
			*out |= NF_STAGE_REUSE;
		else
			return false;
		v += n + (v[n] == ',');
	}
	return *out != 0;
}

static int add_read(void *a, nf_feed_item *it)
{
	return nf_add_read(a, it);
}

static int add_stats(const cli_opts *o, const nf_add_stats *as, cli_stats *st,
		     const cli_progress *pg)
{
	st->records = as->records;
	st->docs = as->records - as->rejected;
	char extra[512];
	snprintf(extra, sizeof(extra),
		 ",\"seq\":%lld,\"added\":%llu,\"updated\":%llu,\"unchanged\":%llu,"
		 "\"duplicates\":%llu,\"reclustered\":%llu,\"created\":%llu,\"grew\":%llu,"
		 "\"merged\":%llu,\"split\":%llu,\"changed\":%llu,\"reuse_pairs\":%llu",
		 (long long)as->seq, (unsigned long long)as->added, (unsigned long long)as->updated,
		 (unsigned long long)as->unchanged, (unsigned long long)as->duplicates,
		 (unsigned long long)as->reclustered, (unsigned long long)as->created,
		 (unsigned long long)as->grew, (unsigned long long)as->merged,
		 (unsigned long long)as->split, (unsigned long long)as->changed,
		 (unsigned long long)as->reuse_pairs);
	st->seconds = cli_now() - pg->t0;
	if (!o->quiet)
		cli_err(
		    o,
		    "add %lld: %llu new, %llu updated, %llu unchanged, %llu rejected; %llu "
		    "duplicate pairs; stories: %llu created, %llu grew, %llu merged, %llu split",
		    (long long)as->seq, (unsigned long long)as->added,
		    (unsigned long long)as->updated, (unsigned long long)as->unchanged,
		    (unsigned long long)as->rejected, (unsigned long long)as->duplicates,
		    (unsigned long long)as->created, (unsigned long long)as->grew,
		    (unsigned long long)as->merged, (unsigned long long)as->split);
	return cli_write_stats(o, st, extra);
}

/* One add of o->inputs (stdin when none) into s, committed unless a record or the store
 * failed. Returns an exit code. */
static int add_run(cli_opts *o, nf_store *s, nf_add_options *ao)
{
	nf_add *a = NULL;
	cli_progress pg;
	cli_stats st;
	nf_add_stats as = {0};
	cli_feed_setup(o, &ao->feed, &pg);
	ao->feed.repeat_min = 0;
	if (o->n_inputs == 0)
		o->inputs[o->n_inputs++] = "-";
	int rc = nf_add_begin(&a, s, ao) ? EXIT_USAGE : EXIT_OK;
	for (int i = 0; rc == EXIT_OK && i < o->n_inputs; i++)
		if (nf_add_input(a, o->inputs[i]))
			rc = EXIT_USAGE;
	if (rc == EXIT_OK)
		rc = cli_read_all(o, add_read, a, NULL, NULL, &pg, &st);
	/* a bad record (--strict) was reported already; anything else is the store's to say */
	if (rc == EXIT_OK && nf_add_commit(a, &as))
		rc = EXIT_USAGE;
	if (rc != EXIT_OK) {
		if (rc == EXIT_USAGE)
			cli_err(o, "%s", nf_store_errmsg(s));
		cli_err(o, "nothing was added: the store is as it was");
	} else {
		rc = add_stats(o, &as, &st, &pg);
	}
	nf_add_free(a);
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
	    {.name = "--stages", .kind = CLI_FN, .dst = &ao.stages, .fn = parse_stages},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_add, CLI_COMMON);
	if (rc == EXIT_OK && (!dir || o.output)) {
		cli_err(&o, !dir ? "--store DIR is required"
				 : "-o does not apply to add (it writes the store)");
		fprintf(stderr, "Try 'newsfold add --help'.\n");
		rc = EXIT_USAGE;
	}
	nf_store *s = NULL;
	if (rc == EXIT_OK)
		rc = (s = open_store(&o, dir, NF_STORE_CREATE)) ? add_run(&o, s, &ao) : EXIT_USAGE;
	nf_store_close(s);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}

/* Writes every line of an iterator to out. */
static int drain(const cli_opts *o, nf_store *s, nf_store_iter *it, FILE *out)
{
	nf_str line;
	int rc;
	while ((rc = nf_store_next(it, &line)) == 1)
		if (fwrite(line.ptr, 1, line.len, out) != line.len) {
			cli_err(o, "write failed: %s", strerror(errno));
			return EXIT_USAGE;
		}
	if (rc < 0) {
		cli_err(o, "%s", nf_store_errmsg(s));
		return EXIT_USAGE;
	}
	return fflush(out) ? EXIT_USAGE : EXIT_OK;
}

int cli_store_read(const cli_opts *o, const char *dir, const nf_store_query *q, int mode,
		   const char *title)
{
	nf_store *s = open_store(o, dir, NF_STORE_READONLY);
	if (!s)
		return EXIT_USAGE;
	FILE *out = stdout;
	if (o->output && !(out = fopen(o->output, "w"))) {
		cli_err(o, "cannot write %s: %s", o->output, strerror(errno));
		nf_store_close(s);
		return EXIT_USAGE;
	}
	nf_store_iter *it = NULL;
	int rc = mode == 2 ? nf_store_report(s, q, title, &it) : nf_store_stories(s, q, &it);
	if (rc) {
		cli_err(o, "%s", nf_store_errmsg(s));
		rc = EXIT_USAGE;
	} else {
		rc = drain(o, s, it, out);
	}
	nf_store_iter_free(it);
	if (out != stdout && fclose(out))
		rc = EXIT_USAGE;
	nf_store_close(s);
	return rc;
}

/* remove and expire: one add that only removes */
static int removal(int argc, char **argv, const char *cmd)
{
	cli_opts o = {.cmd = cmd, .max_errors = -1};
	const char *dir = NULL;
	int64_t before = NF_NO_DATE;
	bool expire = strcmp(cmd, "expire") == 0;
	const cli_arg args[] = {
	    CLI_ARG_STR("--store", &dir),
	    {.name = "--before", .kind = CLI_DATE, .dst = &before, .off = !expire},
	    {.name = "--quiet", .alias = "-q", .kind = CLI_FLAG, .dst = &o.quiet},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, expire ? cli_help_expire : cli_help_remove,
			   expire ? CLI_NO_INPUTS : 0);
	if (rc) {
		cli_opts_free(&o);
		return rc == CLI_HELP ? EXIT_OK : rc;
	}
	const char *const *ids = o.inputs;
	int n_ids = o.n_inputs;
	if (!dir || (expire ? before == NF_NO_DATE : n_ids == 0)) {
		cli_err(&o, expire ? "--store DIR and --before T are required"
				   : "--store DIR and at least one id are required");
		goto usage;
	}
	nf_store *s = open_store(&o, dir, 0);
	if (!s) {
		cli_opts_free(&o);
		return EXIT_USAGE;
	}
	nf_add_options ao;
	nf_add_options_init(&ao);
	nf_add *a = NULL;
	nf_add_stats st;
	rc = nf_add_begin(&a, s, &ao);
	uint64_t n = 0;
	for (int i = 0; rc == 0 && i < n_ids; i++)
		rc = nf_add_remove(a, ids[i], strlen(ids[i]));
	if (rc == 0 && expire)
		rc = nf_add_expire(a, before, &n);
	if (rc == 0)
		rc = nf_add_commit(a, &st);
	if (rc) {
		cli_err(&o, "%s", nf_store_errmsg(s));
		cli_err(&o, "nothing was removed: the store is as it was");
	} else if (!o.quiet) {
		cli_err(
		    &o,
		    "%lld: %llu articles removed; stories: %llu emptied, %llu updated, %llu split",
		    (long long)st.seq, (unsigned long long)st.removed,
		    (unsigned long long)st.removed_stories, (unsigned long long)st.changed,
		    (unsigned long long)st.split);
	}
	nf_add_free(a);
	nf_store_close(s);
	cli_opts_free(&o);
	return rc ? EXIT_USAGE : EXIT_OK;
usage:
	fprintf(stderr, "Try 'newsfold %s --help'.\n", cmd);
	cli_opts_free(&o);
	return EXIT_USAGE;
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
	if (!dir) {
		cli_err(&o, "--store DIR is required");
		goto usage;
	}
	nf_store *s = open_store(&o, dir, NF_STORE_READONLY);
	if (!s)
		return EXIT_USAGE;
	if (events) {
		nf_store_query q = {NF_NO_DATE, -1, false, after};
		nf_store_iter *it = NULL;
		rc = nf_store_events(s, &q, &it)
			 ? (cli_err(&o, "%s", nf_store_errmsg(s)), EXIT_USAGE)
			 : drain(&o, s, it, stdout);
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
usage:
	fprintf(stderr, "Try 'newsfold %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cmd_events(int argc, char **argv)
{
	return simple(argc, argv, "events", cli_help_events, true);
}

int cmd_check(int argc, char **argv)
{
	return simple(argc, argv, "check", cli_help_check, false);
}
