/* args.c - one parser for every command's options: a command declares its options in a table
 * (name, alias, kind, where the value goes, its range) and cli_parse() reads argv with it. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Stores x into an integer of `size` bytes (its range was checked against the table's). */
static void put_int(void *dst, size_t size, long long x)
{
	uint8_t u8 = (uint8_t)x;
	uint16_t u16 = (uint16_t)x;
	uint32_t u32 = (uint32_t)x;
	uint64_t u64 = (uint64_t)x;
	const void *src = size == 1 ? (void *)&u8 : size == 2 ? (void *)&u16 : (void *)&u32;
	memcpy(dst, size == 8 ? (void *)&u64 : src, size);
}

static bool parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

/* "64M", "4G", "512KiB", "100": bytes. */
static bool parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	const char *unit = *end ? strchr("KMG", *end & ~0x20) : NULL; /* K, k, M, m, G, g */
	unsigned shift = unit ? 10 * (unsigned)(unit - "KMG" + 1) : 0;
	end += unit != NULL;
	end += strcmp(end, "iB") == 0 ? 2 : strcmp(end, "B") == 0;
	if (errno || end == s || s[0] == '-' || *end || v > (~0ull >> shift))
		return false;
	*out = (size_t)(v << shift);
	return true;
}

/* "7d", "36h", "7" (days) -> seconds. */
static bool parse_window(const char *s, int64_t *out)
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

/* Index of v in "a|b|c", or -1. */
static int choice(const char *list, const char *v)
{
	size_t n = strlen(v);
	for (int k = 0; *list; k++) {
		const char *bar = strchr(list, '|');
		size_t len = bar ? (size_t)(bar - list) : strlen(list);
		if (len == n && memcmp(list, v, n) == 0)
			return k;
		list += len + (bar != NULL);
	}
	return -1;
}

static bool set(const cli_arg *d, const char *v)
{
	long long x;
	double f;
	size_t sz;
	int k;
	switch (d->kind) {
	case CLI_FLAG:
		*(bool *)d->dst = true;
		return true;
	case CLI_STR:
		*(const char **)d->dst = v;
		return true;
	case CLI_INT:
		/* a bound of INT64_MAX does not survive the trip through a double */
		if (!parse_int(v, (long long)d->lo, d->hi >= 0x1p63 ? LLONG_MAX : (long long)d->hi,
			       &x))
			return false;
		put_int(d->dst, d->size, x);
		return true;
	case CLI_DOUBLE:
		if (!parse_double(v, d->lo, d->hi, &f))
			return false;
		*(double *)d->dst = f;
		return true;
	case CLI_WINDOW:
		return parse_window(v, d->dst);
	case CLI_SIZE:
		if (!parse_size(v, &sz) || sz < d->lo || sz > d->hi)
			return false;
		*(size_t *)d->dst = sz;
		return true;
	case CLI_DATE:
		return nf_date_parse(v, strlen(v), d->dst) == 0;
	case CLI_CHOICE:
		if ((k = choice(d->choices, v)) < 0)
			return false;
		*(int *)d->dst = k;
		return true;
	case CLI_BITS:
		*(unsigned *)d->dst = 0;
		for (size_t n; *v; v += n + (v[n] == ',')) {
			char one[64];
			n = strcspn(v, ",");
			snprintf(one, sizeof(one), "%.*s", (int)n, v);
			if (n >= sizeof(one) || (k = choice(d->choices, one)) < 0)
				return false;
			*(unsigned *)d->dst |= 1u << k;
		}
		return *(unsigned *)d->dst != 0;
	}
	return false;
}

/* The table entry argument a names ("--name", "--name=value" or the alias), or NULL; *eq is set
 * to the value after '=' when there is one. */
static const cli_arg *lookup(const cli_arg *args, const char *a, const char **eq)
{
	for (const cli_arg *d = args; d && d->name; d++) {
		if (d->off)
			continue;
		for (int k = 0; k < 2; k++) {
			const char *n = k ? d->alias : d->name;
			size_t len = n ? strlen(n) : 0;
			if (!n || strncmp(a, n, len) != 0)
				continue;
			if (a[len] == '\0') {
				*eq = NULL;
				return d;
			}
			if (a[len] == '=' && d->kind != CLI_FLAG) {
				*eq = a + len + 1;
				return d;
			}
			if (k && len == 2 && d->kind != CLI_FLAG) { /* -j4: a short one's value */
				*eq = a + len;
				return d;
			}
		}
	}
	return NULL;
}

int cli_parse(cli_opts *o, int argc, char **argv, const cli_arg *args, const char *help,
	      unsigned flags)
{
	cli_arg common[CLI_COMMON_MAX];
	cli_common_args(o, common);
	if (!(o->inputs = calloc((size_t)argc, sizeof(char *)))) {
		cli_err(o, "out of memory");
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			return CLI_HELP;
		}
		const cli_arg *d = lookup(args, a, &v);
		if (!d && (flags & CLI_COMMON))
			d = lookup(common, a, &v);
		if (d) {
			if (d->kind != CLI_FLAG && !v)
				v = i + 1 < argc ? argv[++i] : NULL;
			if (d->kind != CLI_FLAG && (!v || !set(d, v))) {
				cli_err(o, "bad or missing value for %s%s", d->name,
					d->hint ? d->hint : "");
				goto usage;
			}
			if (d->kind == CLI_FLAG)
				set(d, NULL);
			continue;
		}
		if (a[0] == '-' && a[1] != '\0') {
			cli_err(o, "unknown option '%s'", a);
			goto usage;
		}
		if (flags & CLI_NO_INPUTS) {
			cli_err(o, "unexpected argument '%s'", a);
			goto usage;
		}
		o->inputs[o->n_inputs++] = a;
	}
	return EXIT_OK;
usage:
	fprintf(stderr, "Try 'newsfold %s --help'.\n", o->cmd);
	return EXIT_USAGE;
}

void cli_opts_free(cli_opts *o)
{
	free((void *)o->inputs);
	o->inputs = NULL;
}
