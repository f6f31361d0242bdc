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

int cli_grow(void **a, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 64;
	while (nc < need)
		nc *= 2;
	void *p = realloc(*a, nc * size);
	if (!p)
		return -1;
	*a = p;
	*cap = nc;
	return 0;
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

/* Value of option argv[*i]: "--opt=value" or "--opt value". */
static const char *value(const cli_opts *o, int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc) {
		cli_err(o, "option %s needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

static bool is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);
	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int cli_common_opt(cli_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *v;
	long long x;
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
	    {"--id-field", offsetof(nf_read_options, id_field)},
	    {"--text-field", offsetof(nf_read_options, text_field)},
	    {"--title-field", offsetof(nf_read_options, title_field)},
	    {"--source-field", offsetof(nf_read_options, source_field)},
	    {"--url-field", offsetof(nf_read_options, url_field)},
	    {"--date-field", offsetof(nf_read_options, date_field)},
	};
	for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		if (is_opt(a, fields[k].name)) {
			if (!(v = value(o, argc, argv, i, fields[k].name)))
				return -1;
			*(const char **)((char *)&o->read + fields[k].off) = v;
			return 1;
		}
	}
	if (strcmp(a, "-j") == 0 || is_opt(a, "--threads") ||
	    (a[0] == '-' && a[1] == 'j' && a[2])) {
		if (a[1] == 'j' && a[2])
			v = a + 2;
		else if (!(v = value(o, argc, argv, i, a[1] == 'j' ? "-j" : "--threads")))
			return -1;
		if (!cli_parse_int(v, 0, 1024, &x)) {
			cli_err(o, "bad thread count '%s' (0 = all cores)", v);
			return -1;
		}
		o->threads = (int)x;
		return 1;
	}
	if (is_opt(a, "--stats-json")) {
		if (!(o->stats_json = value(o, argc, argv, i, "--stats-json")))
			return -1;
		return 1;
	}
	if (is_opt(a, "--rejects")) {
		if (!(o->rejects = value(o, argc, argv, i, "--rejects")))
			return -1;
		return 1;
	}
	if (strcmp(a, "-o") == 0 || is_opt(a, "--output")) {
		if (!(o->output = value(o, argc, argv, i, a[1] == 'o' ? "-o" : "--output")))
			return -1;
		return 1;
	}
	if (is_opt(a, "--max-errors")) {
		if (!(v = value(o, argc, argv, i, "--max-errors")))
			return -1;
		if (!cli_parse_int(v, 0, (long long)1 << 62, &x)) {
			cli_err(o, "bad --max-errors '%s'", v);
			return -1;
		}
		o->max_errors = x;
		return 1;
	}
	if (is_opt(a, "--max-line")) {
		size_t sz;
		if (!(v = value(o, argc, argv, i, "--max-line")))
			return -1;
		if (!cli_parse_size(v, &sz) || sz == 0 || sz > ((size_t)4 << 30) - 2) {
			cli_err(o, "bad --max-line '%s' (e.g. 64M; at most 4G)", v);
			return -1;
		}
		o->read.max_record = sz;
		return 1;
	}
	if (strcmp(a, "--strict") == 0) {
		o->strict = true;
		return 1;
	}
	if (strcmp(a, "--auto-id") == 0) {
		o->read.auto_id = true;
		return 1;
	}
	if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
		o->quiet = true;
		return 1;
	}
	return 0;
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
