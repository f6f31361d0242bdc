/*
 * fuzz_seed.c - the input as a seed-format file (" date YYYY-MM-DD " header, then the body) or a
 * plain text file; gzip and zstd magic bytes lead to the decompressors. Read with the default cap
 * and with a 1 KiB cap, parsed, cleaned and checked (see fuzzread.h). The first line also goes
 * to nf_date_parse(): surrounding white space changes nothing, and strict ISO 8601 dates and
 * date-times must parse to the value computed here.
 */
#include <newsfold.h>

#include "fuzzread.h"

/* Strict "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" + "Z" or "+HH:MM": true and *t. */
static bool iso_strict(const char *s, size_t n, int64_t *t)
{
	static const char date_pat[] = "dddd-dd-dd", time_pat[] = "Tdd:dd:dd";
	if (n != 10 && n != 20 && n != 25)
		return false;
	for (size_t i = 0; i < n; i++) {
		char p = i < 10	   ? date_pat[i]
			 : i < 19  ? time_pat[i - 10]
			 : n == 20 ? 'Z'
				   : "+dd:dd"[i - 19];
		bool ok = p == 'd'   ? (s[i] >= '0' && s[i] <= '9')
			  : p == '+' ? (s[i] == '+' || s[i] == '-')
				     : s[i] == p;
		if (!ok)
			return false;
	}
	int64_t days;
	if (!fc_days(fc_num(s, 4), fc_num(s + 5, 2), fc_num(s + 8, 2), &days))
		return false;
	int64_t secs = 0;
	if (n > 10) {
		int hh = fc_num(s + 11, 2), mi = fc_num(s + 14, 2), ss = fc_num(s + 17, 2);
		if (hh > 23 || mi > 59 || ss > 59)
			return false;
		secs = hh * 3600 + mi * 60 + ss;
		if (n == 25) {
			int oh = fc_num(s + 20, 2), om = fc_num(s + 23, 2);
			if (oh > 23 || om > 59)
				return false;
			secs -= (s[19] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
		}
	}
	*t = days * 86400 + secs;
	return true;
}

static void check_date(const char *s, size_t n)
{
	int64_t t1 = 0, t2 = 0, want;
	int r1 = nf_date_parse(s, n, &t1);
	FC_ASSERT(r1 == 0 || r1 == NF_EINVAL);
	char *pad = malloc(n + 4);
	FC_ASSERT(pad);
	memcpy(pad, " \t", 2);
	memcpy(pad + 2, s, n);
	memcpy(pad + 2 + n, "\n ", 2);
	int r2 = nf_date_parse(pad, n + 4, &t2);
	free(pad);
	FC_ASSERT(r1 == r2 && (r1 || t1 == t2));
	if (iso_strict(s, n, &want))
		FC_ASSERT(r1 == 0 && t1 == want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t first = nl ? (size_t)(nl - s) : size;
	if (first <= 80)
		check_date(s, first);
	fc_read_check(data, size, 1024, NULL);
	return 0;
}
