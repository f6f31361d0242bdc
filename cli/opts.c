/* opts.c - the options every reading command shares, and messages. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

void cli_err(const cli_opts *o, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "newsfold%s%s: ", o && o->cmd ? " " : "", o && o->cmd ? o->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const cli_opts *o, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "newsfold %s: ", o->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'newsfold %s --help'.\n", o->cmd);
	return EXIT_USAGE;
}

size_t cli_common_args(cli_opts *o, cli_arg *out)
{
	const cli_arg common[] = {
	    CLI_ARG_STR("--id-field", &o->read.id_field),
	    CLI_ARG_STR("--text-field", &o->read.text_field),
	    CLI_ARG_STR("--title-field", &o->read.title_field),
	    CLI_ARG_STR("--source-field", &o->read.source_field),
	    CLI_ARG_STR("--url-field", &o->read.url_field),
	    CLI_ARG_STR("--date-field", &o->read.date_field),
	    {.name = "--threads",
	     .alias = "-j",
	     .kind = CLI_INT,
	     .dst = &o->threads,
	     .size = sizeof(o->threads),
	     .lo = 0,
	     .hi = 1024,
	     .hint = " (a thread count; 0 = all cores)"},
	    CLI_ARG_STR("--stats-json", &o->stats_json),
	    CLI_ARG_STR("--rejects", &o->rejects),
	    {.name = "--output", .alias = "-o", .kind = CLI_STR, .dst = &o->output},
	    {.name = "--max-errors",
	     .kind = CLI_INT,
	     .dst = &o->max_errors,
	     .size = sizeof(o->max_errors),
	     .lo = 0,
	     .hi = 0x1p62},
	    {.name = "--max-line",
	     .kind = CLI_SIZE,
	     .dst = &o->read.max_record,
	     .lo = 1,
	     .hi = ((size_t)4 << 30) - 2,
	     .hint = " (e.g. 64M; at most 4G)"},
	    CLI_ARG_FLAG("--strict", &o->strict),
	    CLI_ARG_FLAG("--auto-id", &o->read.auto_id),
	    {.name = "--quiet", .alias = "-q", .kind = CLI_FLAG, .dst = &o->quiet},
	    {0},
	};
	memcpy(out, common, sizeof(common));
	return sizeof(common) / sizeof(common[0]) - 1;
}
