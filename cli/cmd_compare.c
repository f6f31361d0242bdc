/*
 * cmd_compare.c - newsfold compare: two articles side by side with their shared passages. The
 * work is the library's (nf_compare_inputs, lib/engine/pair.c); this picks the width and the
 * colors for the terminal.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void skipped(void *o, const nf_error *e)
{
	if (!((cli_opts *)o)->quiet)
		cli_err(o, "%s:%llu: %s", e->file ? e->file : "-", (unsigned long long)e->line,
			e->message);
}

/* The options every reading command shares that mean nothing here: compare writes no records,
 * rejects or stats and runs on one thread. */
static bool applies(const char *a)
{
	static const char *const not_here[] = {"--threads",    "--output",     "--rejects",
					       "--stats-json", "--max-errors", "--strict"};
	if ((a[0] == '-' && a[1] == 'j') || strcmp(a, "-o") == 0)
		return false;
	for (size_t k = 0; k < sizeof(not_here) / sizeof(not_here[0]); k++) {
		size_t n = strlen(not_here[k]);
		if (strncmp(a, not_here[k], n) == 0 && (a[n] == '\0' || a[n] == '='))
			return false;
	}
	return true;
}

int cmd_compare(int argc, char **argv)
{
	cli_opts o = {.cmd = "compare", .max_errors = -1};
	nf_compare_options co = {.skipped = skipped, .ctx = &o};
	int color = 0;
	const cli_arg args[] = {
	    CLI_ARG_STR("--a", &co.a),
	    CLI_ARG_STR("--b", &co.b),
	    CLI_ARG_INT("--width", &co.width, 20, 1000),
	    {.name = "--color",
	     .alias = "--colour",
	     .kind = CLI_CHOICE,
	     .dst = &color,
	     .choices = "auto|always|never"},
	    CLI_ARG_INT("--min-words", &co.align.min_words, 1, 1000000),
	    CLI_ARG_INT("--seed-words", &co.align.seed_words, 1, 64),
	    CLI_ARG_INT("--max-gap", &co.align.max_gap, 1, 1000),
	    {0},
	};
	for (int i = 1; i < argc; i++)
		if (!applies(argv[i]))
			return cli_usage(
			    &o, "%s does not apply to compare (see newsfold compare --help)",
			    argv[i]);
	int rc = cli_parse(&o, argc, argv, args, cli_help_compare, CLI_COMMON);
	if (rc == EXIT_OK && (co.a != NULL) != (co.b != NULL))
		rc = cli_usage(&o, "--a and --b go together");
	else if (rc == EXIT_OK && !co.a && o.n_inputs == 0)
		rc = cli_usage(&o, "two articles are needed: newsfold compare A B");
	bool tty = isatty(STDOUT_FILENO);
	struct winsize ws;
	if (!co.width)
		co.width = tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20
			       ? ws.ws_col
			       : 120;
	const char *nc = getenv("NO_COLOR");
	co.color = color == 1 || (color == 0 && tty && !(nc && nc[0]));
	co.read = o.read;
	nf_buf b;
	nf_buf_init(&b);
	nf_error err;
	if (rc == EXIT_OK && nf_compare_inputs(&b, o.inputs, o.n_inputs, &co, &err)) {
		cli_err(&o, "%s", err.message);
		rc = EXIT_USAGE;
	} else if (rc == EXIT_OK) {
		rc = fwrite(b.data, 1, b.len, stdout) == b.len && !fflush(stdout) ? EXIT_OK
										  : EXIT_USAGE;
	}
	nf_buf_release(&b);
	cli_opts_free(&o);
	return rc == CLI_HELP ? EXIT_OK : rc;
}
