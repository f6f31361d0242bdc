/* opts.c - the options every reading command shares, and messages. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

size_t cli_default_mem(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	uint64_t quarter = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page / 4 : 0;
	uint64_t floor = (uint64_t)256 << 20;
	return (size_t)(quarter > floor ? quarter : floor);
}

const char *cli_tmp_dir(const cli_opts *o)
{
	const char *t = o->tmp_dir && *o->tmp_dir ? o->tmp_dir : getenv("TMPDIR");
	return t && *t ? t : "/tmp";
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
	    CLI_ARG_STR("--tmpdir", &o->tmp_dir),
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
	_Static_assert(sizeof(common) / sizeof(common[0]) <= CLI_COMMON_MAX,
		       "CLI_COMMON_MAX too small");
	memcpy(out, common, sizeof(common));
	return sizeof(common) / sizeof(common[0]) - 1;
}
