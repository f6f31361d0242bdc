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

/* An add: the driver (run.c) reads the inputs through it; its finish is the commit. */
typedef struct adder {
	cli_opts *o;
	nf_store *s;
	nf_add_options ao;
	nf_add *a;
	nf_add_stats as;
	bool committed;
	int64_t before; /* expire: the articles published before this */
} adder;

static int add_start(void *x, const nf_feed_options *fo)
{
	adder *ad = x;
	static const char *const dash[] = {"-"};
	const char *const *in = ad->o->n_inputs ? ad->o->inputs : dash;
	ad->ao.feed = *fo;
	ad->ao.feed.repeat_min = 0;
	int rc = nf_add_begin(&ad->a, ad->s, &ad->ao);
	for (int i = 0; rc == 0 && i < (ad->o->n_inputs ? ad->o->n_inputs : 1); i++)
		rc = nf_add_input(ad->a, in[i]);
	return rc;
}

static int add_read(void *x, nf_feed_item *it)
{
	return nf_add_read(((adder *)x)->a, it);
}

static int add_commit(void *x, nf_lines *lines)
{
	adder *ad = x;
	(void)lines;
	int rc = nf_add_commit(ad->a, &ad->as);
	ad->committed = rc == 0;
	return rc;
}

static int add_stats(void *x, nf_buf *b, const nf_phase_seconds *t)
{
	(void)t;
	return nf_write_add_stats(b, &((adder *)x)->as);
}

static void add_summary(void *x, const cli_opts *o)
{
	const nf_add_stats *as = &((adder *)x)->as;
	cli_err(o,
		"add %lld: %llu new, %llu updated, %llu unchanged, %llu rejected; %llu duplicate "
		"pairs; stories: %llu created, %llu grew, %llu merged, %llu split",
		(long long)as->seq, (unsigned long long)as->added, (unsigned long long)as->updated,
		(unsigned long long)as->unchanged, (unsigned long long)as->rejected,
		(unsigned long long)as->duplicates, (unsigned long long)as->created,
		(unsigned long long)as->grew, (unsigned long long)as->merged,
		(unsigned long long)as->split);
}

static const char *add_errmsg(void *x)
{
	return nf_store_errmsg(((adder *)x)->s);
}

/* Runs an add (or a removal) on the store in dir (opened with flags); `nothing` is said when
 * it did not commit. */
static int store_write(cli_opts *o, adder *ad, cli_job *j, const char *dir, unsigned flags,
		       const char *nothing)
{
	j->obj = ad;
	j->finish = add_commit;
	j->no_output = true;
	j->errmsg = add_errmsg;
	j->all_or_nothing = true;
	nf_feed_options_init(&j->fo);
	int rc = (ad->s = open_store(o, dir, flags)) ? cli_run(o, j) : EXIT_USAGE;
	if (ad->s && !ad->committed)
		cli_err(o, "%s: the store is as it was", nothing);
	nf_add_free(ad->a);
	nf_store_close(ad->s);
	nf_lines_free(j->lines);
	return rc;
}

int cmd_add(int argc, char **argv)
{
	cli_opts o = {.cmd = "add", .max_errors = -1};
	adder ad = {.o = &o};
	nf_add_options_init(&ad.ao);
	cli_job j = {
	    .start = add_start, .read = add_read, .stats = add_stats, .summary = add_summary};
	const char *dir = NULL;
	const cli_arg args[] = {
	    CLI_ARG_STR("--store", &dir),
	    {.name = "--stages",
	     .kind = CLI_BITS,
	     .dst = &ad.ao.stages,
	     .choices = "dedup|stories|digest|reuse"},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_add, CLI_COMMON);
	if (rc == EXIT_OK && (!dir || o.output))
		rc = cli_usage(&o, "%s",
			       !dir ? "--store DIR is required"
				    : "-o does not apply to add (it writes the store)");
	if (rc == EXIT_OK)
		rc = store_write(&o, &ad, &j, dir, NF_STORE_CREATE, "nothing was added");
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
static int removal_start(void *x, const nf_feed_options *fo)
{
	adder *ad = x;
	uint64_t n;
	(void)fo;
	int rc = nf_add_begin(&ad->a, ad->s, &ad->ao);
	for (int i = 0; rc == 0 && i < ad->o->n_inputs; i++)
		rc = nf_add_remove(ad->a, ad->o->inputs[i], strlen(ad->o->inputs[i]));
	return rc == 0 && ad->before != NF_NO_DATE ? nf_add_expire(ad->a, ad->before, &n) : rc;
}

static int no_items(void *x, nf_feed_item *it)
{
	(void)x, (void)it;
	return 0;
}

static void removal_summary(void *x, const cli_opts *o)
{
	const nf_add_stats *st = &((adder *)x)->as;
	cli_err(o, "%lld: %llu articles removed; stories: %llu emptied, %llu updated, %llu split",
		(long long)st->seq, (unsigned long long)st->removed,
		(unsigned long long)st->removed_stories, (unsigned long long)st->changed,
		(unsigned long long)st->split);
}

static int removal(int argc, char **argv, const char *cmd)
{
	cli_opts o = {.cmd = cmd, .max_errors = -1};
	adder ad = {.o = &o, .before = NF_NO_DATE};
	nf_add_options_init(&ad.ao);
	cli_job j = {.start = removal_start, .read = no_items, .summary = removal_summary};
	const char *dir = NULL;
	bool expire = strcmp(cmd, "expire") == 0;
	const cli_arg args[] = {
	    CLI_ARG_STR("--store", &dir),
	    {.name = "--before", .kind = CLI_DATE, .dst = &ad.before, .off = !expire},
	    {.name = "--quiet", .alias = "-q", .kind = CLI_FLAG, .dst = &o.quiet},
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, expire ? cli_help_expire : cli_help_remove,
			   expire ? CLI_NO_INPUTS : 0);
	if (rc == EXIT_OK && (!dir || (expire ? ad.before == NF_NO_DATE : o.n_inputs == 0)))
		rc = cli_usage(&o, "%s",
			       expire ? "--store DIR and --before T are required"
				      : "--store DIR and at least one id are required");
	if (rc == EXIT_OK)
		rc = store_write(&o, &ad, &j, dir, 0, "nothing was removed");
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
		nf_store_query q = {NF_NO_DATE, -1, false, after};
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
