/* opts.c - options every command shares, input set-up, stats output. */
#include "cli.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

bool cli_parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool cli_parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

bool cli_parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return false;
	unsigned long long mul = 1;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1ull << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1ull << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mul = 1ull << 30;
		end++;
		break;
	}
	if (*end == 'i' || *end == 'B')
		end++;
	if (*end == 'B')
		end++;
	if (*end || v > (~0ull) / mul)
		return false;
	*out = (size_t)(v * mul);
	return true;
}

static bool parse_max_line(const char *v, void *dst)
{
	size_t sz;
	if (!cli_parse_size(v, &sz) || sz == 0 || sz > ((size_t)4 << 30) - 2)
		return false;
	*(size_t *)dst = sz;
	return true;
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
	     .kind = CLI_FN,
	     .dst = &o->read.max_record,
	     .fn = parse_max_line,
	     .hint = " (e.g. 64M; at most 4G)"},
	    CLI_ARG_FLAG("--strict", &o->strict),
	    CLI_ARG_FLAG("--auto-id", &o->read.auto_id),
	    {.name = "--quiet", .alias = "-q", .kind = CLI_FLAG, .dst = &o->quiet},
	    {0},
	};
	memcpy(out, common, sizeof(common));
	return sizeof(common) / sizeof(common[0]) - 1;
}

int cli_add_inputs(cli_opts *o, nf_reader *r)
{
	static const char *const dash[] = {"-"};
	const char *const *in = o->n_inputs ? o->inputs : dash;
	int n = o->n_inputs ? o->n_inputs : 1;
	for (int i = 0; i < n; i++) {
		int rc = nf_reader_add(r, in[i]);
		if (rc) {
			cli_err(o, "%s", nf_strerror(rc));
			return EXIT_USAGE;
		}
	}
	return 0;
}

static long max_rss_kb(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

int cli_write_stats(const cli_opts *o, const cli_stats *st, const char *extra)
{
	if (!o->stats_json)
		return 0;
	FILE *f = fopen(o->stats_json, "w");
	if (!f) {
		cli_err(o, "cannot write %s: %s", o->stats_json, strerror(errno));
		return EXIT_USAGE;
	}
	fprintf(f,
		"{\"command\":\"%s\",\"version\":\"%s\",\"threads\":%d,\"records\":%llu,"
		"\"docs\":%llu,\"rejects\":%llu,\"rejects_by_reason\":{",
		o->cmd, nf_version(), cli_threads(o), (unsigned long long)st->records,
		(unsigned long long)st->docs, (unsigned long long)st->rejects);
	bool first = true;
	for (int k = 0; k < 32; k++) {
		if (!st->by_reason[k])
			continue;
		fprintf(f, "%s\"%s\":%llu", first ? "" : ",", nf_errreason(-k),
			(unsigned long long)st->by_reason[k]);
		first = false;
	}
	fprintf(f,
		"},\"files\":%llu,\"files_skipped\":%llu,\"bytes_in\":%llu,\"bytes_out\":%llu,"
		"\"seconds\":%.3f,\"max_rss_kb\":%ld%s}\n",
		(unsigned long long)st->rd.files, (unsigned long long)st->rd.files_skipped,
		(unsigned long long)st->rd.bytes, (unsigned long long)st->bytes_out, st->seconds,
		max_rss_kb(), extra ? extra : "");
	if (fclose(f)) {
		cli_err(o, "cannot write %s", o->stats_json);
		return EXIT_USAGE;
	}
	return 0;
}

/* "7d", "36h", "7" (days) -> seconds. */
bool cli_parse_window(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0 || v > 100000)
		return false;
	long long unit = 86400;
	if (*end == 'h')
		unit = 3600, end++;
	else if (*end == 'd')
		end++;
	if (*end)
		return false;
	*out = v * unit;
	return true;
}
