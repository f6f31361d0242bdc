/*
 * date.c - publication dates: ISO 8601 dates and date-times, RFC 2822, and the
 * "Oct 17 2025" / "17 October 2025" / "October 17, 2025" forms found in news metadata.
 * Days from the civil calendar by Howard Hinnant's days_from_civil algorithm.
 */
#include "ingest.h"

#include <ctype.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

typedef struct cur {
	const char *p, *end;
} cur;

static int digits(cur *c, int min, int max, int *out)
{
	int v = 0, k = 0;
	while (c->p < c->end && k < max && isdigit((unsigned char)*c->p)) {
		v = v * 10 + (*c->p++ - '0');
		k++;
	}
	*out = v;
	return k >= min;
}

static bool eat(cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static void spaces(cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == ','))
		c->p++;
}

static int month_name(cur *c)
{
	static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
					    "jul", "aug", "sep", "oct", "nov", "dec"};
	if (c->end - c->p < 3)
		return 0;
	char m[3];
	for (int i = 0; i < 3; i++)
		m[i] = (char)tolower((unsigned char)c->p[i]);
	for (int i = 0; i < 12; i++) {
		if (memcmp(m, names[i], 3) == 0) {
			c->p += 3;
			while (c->p < c->end && isalpha((unsigned char)*c->p))
				c->p++;
			eat(c, '.');
			return i + 1;
		}
	}
	return 0;
}

/* [T ]HH:MM[:SS[.frac]] then zone. Returns false on malformed input. */
static bool time_and_zone(cur *c, int64_t *secs)
{
	int hh = 0, mi = 0, ss = 0;
	*secs = 0;
	if (c->p >= c->end)
		return true;
	if (*c->p == 'T' || *c->p == 't' || *c->p == ' ') {
		c->p++;
		spaces(c);
		if (!digits(c, 1, 2, &hh) || !eat(c, ':') || !digits(c, 2, 2, &mi))
			return false;
		if (eat(c, ':') && !digits(c, 2, 2, &ss))
			return false;
		if (eat(c, '.') || eat(c, ',')) {
			int f;
			if (!digits(c, 1, 9, &f))
				return false;
			while (c->p < c->end && isdigit((unsigned char)*c->p))
				c->p++;
		}
		if (hh > 24 || mi > 59 || ss > 60)
			return false;
		spaces(c);
		/* 12-hour clock */
		if (c->end - c->p >= 2 && (tolower((unsigned char)c->p[1]) == 'm') &&
		    (tolower((unsigned char)c->p[0]) == 'a' ||
		     tolower((unsigned char)c->p[0]) == 'p')) {
			if (hh > 12)
				return false;
			hh = hh % 12 + (tolower((unsigned char)c->p[0]) == 'p' ? 12 : 0);
			c->p += 2;
			spaces(c);
		}
	}
	int64_t off = 0;
	if (c->p < c->end) {
		if (*c->p == 'Z' || *c->p == 'z') {
			c->p++;
		} else if (*c->p == '+' || *c->p == '-') {
			int sign = *c->p++ == '-' ? -1 : 1, oh, om = 0;
			if (!digits(c, 2, 2, &oh))
				return false;
			eat(c, ':');
			digits(c, 0, 2, &om);
			off = sign * (oh * 3600 + om * 60);
		} else {
			static const struct {
				const char *name;
				int hours;
			} zones[] = {{"UTC", 0},  {"GMT", 0},  {"UT", 0},   {"EST", -5},
				     {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7},
				     {"MDT", -6}, {"PST", -8}, {"PDT", -7}, {"IST", 0}};
			size_t k = 0;
			while (c->p + k < c->end && isalpha((unsigned char)c->p[k]))
				k++;
			bool found = false;
			for (size_t i = 0; i < NF_ARRAY_LEN(zones); i++) {
				if (strlen(zones[i].name) == k &&
				    memcmp(zones[i].name, c->p, k) == 0) {
					/* IST is ambiguous (India, Israel, Ireland): India is
					 * +05:30 */
					off = i == NF_ARRAY_LEN(zones) - 1 ? 19800
									   : zones[i].hours * 3600;
					found = true;
				}
			}
			if (!found)
				return false;
			c->p += k;
		}
	}
	*secs = hh * 3600 + mi * 60 + ss - off;
	return true;
}

int nf_date_parse(const char *s, size_t n, int64_t *t)
{
	cur c = {s, s + n};
	while (c.p < c.end && isspace((unsigned char)*c.p))
		c.p++;
	while (c.end > c.p && isspace((unsigned char)c.end[-1]))
		c.end--;
	int y = 0, m = 0, d = 0;
	const char *save = c.p;
	if (digits(&c, 4, 4, &y) && (eat(&c, '-') || eat(&c, '/'))) {
		/* ISO 8601: YYYY-MM-DD */
		if (!digits(&c, 1, 2, &m) || !(eat(&c, '-') || eat(&c, '/')) ||
		    !digits(&c, 1, 2, &d))
			return NF_EINVAL;
	} else {
		c.p = save;
		/* RFC 2822 weekday */
		if (c.end - c.p >= 4 && isalpha((unsigned char)c.p[0]) && c.p[3] == ',')
			c.p += 4;
		spaces(&c);
		if (digits(&c, 1, 2, &d)) {
			spaces(&c);
			eat(&c, '-');
			if (!(m = month_name(&c)))
				return NF_EINVAL;
			spaces(&c);
			eat(&c, '-');
		} else if ((m = month_name(&c))) {
			spaces(&c);
			if (!digits(&c, 1, 2, &d))
				return NF_EINVAL;
			if (c.end - c.p >= 2 && isalpha((unsigned char)c.p[0]))
				c.p += 2; /* 1st, 2nd, 17th */
			spaces(&c);
		} else {
			return NF_EINVAL;
		}
		if (!digits(&c, 4, 4, &y))
			return NF_EINVAL;
	}
	if (!valid_ymd(y, m, d))
		return NF_EINVAL;
	int64_t secs;
	if (!time_and_zone(&c, &secs))
		return NF_EINVAL;
	spaces(&c);
	if (c.p != c.end)
		return NF_EINVAL;
	*t = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + secs;
	return 0;
}
