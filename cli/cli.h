/* cli.h - what the command implementations share: options, the record pipeline, messages. */
#ifndef NF_CLI_H
#define NF_CLI_H

#include "newsfold.h"

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_BADRECORDS = 1, EXIT_USAGE = 2 };

typedef struct cli_opts {
	const char *cmd;
	int threads; /* 0 = all cores */
	const char *stats_json;
	const char *rejects;
	const char *output; /* NULL = stdout */
	bool strict;
	long long max_errors; /* -1 = no limit */
	bool quiet;
	nf_read_options read;
	const char *tmp_dir; /* --tmpdir; NULL = $TMPDIR, else /tmp */
	const char **inputs;
	int n_inputs;
} cli_opts;

/* A command's option, for cli_parse(): "--name value", "--name=value" or the alias. */
typedef enum cli_kind {
	CLI_FLAG,   /* bool: set to true */
	CLI_STR,    /* const char *: the value */
	CLI_INT,    /* an integer of `size` bytes in [lo, hi] */
	CLI_DOUBLE, /* double in [lo, hi] */
	CLI_WINDOW, /* int64_t seconds: "7d", "36h", "7" (days) */
	CLI_DATE,   /* int64_t: a date as the readers parse it */
	CLI_SIZE,   /* size_t in [lo, hi]: "64M", "4G", "512K", bytes */
	CLI_BITS,   /* unsigned: "a,c" of `choices` "a|b|c" -> bit 0 | bit 2 (at least one) */
	CLI_CHOICE, /* int: the index of the value in `choices` ("a|b|c") */
} cli_kind;

typedef struct cli_arg {
	const char *name;  /* "--lanes"; NULL ends a table */
	const char *alias; /* "-K", or NULL */
	cli_kind kind;
	void *dst;
	size_t size; /* CLI_INT: sizeof(*dst) */
	double lo, hi;
	const char *choices;
	bool off;	  /* not an option of this command (in a table shared by several) */
	const char *hint; /* said after a bad value: " (e.g. 64M; at most 4G)" */
} cli_arg;

/* clang-format off */
#define CLI_ARG_FLAG(n, d)         {.name = (n), .kind = CLI_FLAG, .dst = (d)}
#define CLI_ARG_STR(n, d)          {.name = (n), .kind = CLI_STR, .dst = (d)}
#define CLI_ARG_INT(n, d, l, h)    {.name = (n), .kind = CLI_INT, .dst = (d), .size = sizeof(*(d)), \
                                    .lo = (l), .hi = (h)}
#define CLI_ARG_DOUBLE(n, d, l, h) {.name = (n), .kind = CLI_DOUBLE, .dst = (d), .lo = (l), .hi = (h)}
#define CLI_ARG_WINDOW(n, d)       {.name = (n), .kind = CLI_WINDOW, .dst = (d)}
/* clang-format on */

/* cli_parse() flags: the options every reading command shares (cli_common_args) are accepted;
 * arguments that are not options are refused (the command reads no inputs). */
enum { CLI_COMMON = 1, CLI_NO_INPUTS = 2 };
enum { CLI_HELP = -1 };

/* Parses argv with the command's table (terminated by an entry with no name) and, with
 * CLI_COMMON, the shared options; other arguments go to o->inputs (allocated here: free with
 * cli_opts_free()). --help prints `help`. Returns EXIT_OK, CLI_HELP (help printed: exit 0) or
 * EXIT_USAGE (message and a hint printed). */
int cli_parse(cli_opts *o, int argc, char **argv, const cli_arg *args, const char *help,
	      unsigned flags);
void cli_opts_free(cli_opts *o);

/* Messages go to stderr, prefixed with "newsfold <cmd>: ". */
void cli_err(const cli_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: the message, then "Try 'newsfold <cmd> --help'." Returns EXIT_USAGE. */
int cli_usage(const cli_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The options every reading command shares (-j, -o, --rejects, --stats-json, --max-errors,
 * --strict, --max-line, --*-field, --auto-id, -q), writing into o: fills out (room for
 * CLI_COMMON_MAX entries, terminated) and returns their number. */
enum { CLI_COMMON_MAX = 24 };
size_t cli_common_args(cli_opts *o, cli_arg *out);
/* The default memory budget of an index (--mem): a quarter of the machine's memory, at least
 * 256 MiB. */
size_t cli_default_mem(void);
/* Where temporary files go: --tmpdir, else $TMPDIR, else /tmp. */
const char *cli_tmp_dir(const cli_opts *o);

/* Sets a feed's read options, threads and progress (on a terminal) from o: for a feed the
 * driver makes, or one an object makes for itself (nf_engine, nf_add) before cli_run(). */
void cli_feed_options(cli_opts *o, nf_feed_options *fo);

/* What a reading command runs (cli_run): a job of the library (lib/engine/job.c) and where its
 * outputs go. */
typedef struct cli_job {
	nf_job job;
	/* out[0] is -o (stdout), out[i] path[i] when asked (not NULL); none with no_output */
	const char *path[NF_JOB_OUTPUTS];
	bool no_output;
	/* called after reading, before the job's finish (stories: the --links ties) */
	int (*prepare)(void *ctx);
	void *ctx;
	nf_out *out[NF_JOB_OUTPUTS];
	nf_lines *lines;  /* the feed's template lines: free after the job's object */
	nf_feed_stats fs; /* the reading's counters, once read */
} cli_job;

/* Runs a job: rejects on stderr and in --rejects, --strict and --max-errors applied, progress
 * on a terminal, --stats-json written; the outputs put in place when the run went through (the
 * previous files stay otherwise). Returns an exit code. */
int cli_run(cli_opts *o, cli_job *j);

/* The help texts: cli/help/NAME.txt, embedded at build time (scripts/embed.c). */
extern const char cli_help_newsfold[], cli_help_clean[], cli_help_dedup[], cli_help_reuse[],
    cli_help_stories[], cli_help_digest[], cli_help_report[], cli_help_compare[], cli_help_eval[],
    cli_help_add[], cli_help_events[], cli_help_check[], cli_help_remove[], cli_help_expire[];

int cmd_clean(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_reuse(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_digest(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_expire(int argc, char **argv);

/* stories, digest (mode 1: with digests) and report (mode 2) of a store, to o->output or stdout.
 * Returns an exit code. */
int cli_store_read(const cli_opts *o, const char *dir, const nf_store_query *q, int mode,
		   const char *title);

#endif
