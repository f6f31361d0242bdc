/*
 * boiler.c - boilerplate recognition: the furniture of news pages that is not the story.
 *
 * Rules look at one line of cleaned text at a time (syndication notes, bylines, read-time and
 * timestamp lines, breadcrumbs, photo credits, share/subscribe prompts) or at the start of the
 * first paragraphs (datelines such as "Washington [US], October 17 :" or
 * "LONDON, Oct 17 (Reuters) -"). Spans are marked, never deleted. Lines repeated across a corpus
 * (page templates) are found by nf_lines: a line that recurs in many documents with different
 * neighbours is a template; one that recurs with the same neighbours is reprinted copy (see
 * lines.c).
 */
#include "text.h"

#include <ctype.h>

/* --- small matching helpers ------------------------------------------------------------------
 * Rules run on an ASCII-lower-cased copy of the line, so matching is memcmp/memmem. */

static bool prefix(const char *low, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && memcmp(low, lit, k) == 0;
}

/* Offset of lit in low[0..n), or -1. glibc's generic memmem is slow for these short needles
 * and lines: anchor on the needle's least common byte with memchr (vectorised), then compare. */
static long find(const char *low, size_t n, const char *lit)
{
	size_t k = strlen(lit), a = 0;
	if (k == 0 || n < k)
		return -1;
	for (size_t i = 0; i < k; i++) {
		if (!strchr(" etaoinsrhl", lit[i])) {
			a = i;
			break;
		}
	}
	const char *p = low + a, *end = low + n - (k - a - 1);
	while (p < end && (p = memchr(p, lit[a], (size_t)(end - p))) != NULL) {
		if (memcmp(p - a, lit, k) == 0)
			return (long)(p - a - low);
		p++;
	}
	return -1;
}

static bool any_prefix(const char *low, size_t n, const char *const *lits, size_t m)
{
	for (size_t i = 0; i < m; i++)
		if (prefix(low, n, lits[i]))
			return true;
	return false;
}

static bool has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return true;
	return false;
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ' || s[i] == '\n';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

static int mark(nf_marks *out, uint32_t s, uint32_t e, int reason)
{
	return NF_VEC_PUSH(out, ((nf_mark){s, e, reason}));
}

/* --- line rules --------------------------------------------------------------------------- */

static const char *const syndication[] = {
    "auto-published from",
    "syndicated feed",
    "agency feed",
    "has not been edited by",
    "not been edited by",
    "auto-generated from",
    "except for the headline",
    "published from a syndicated",
    "this story has not been edited",
};

static const char *const share_starts[] = {
    "share this",   "share on",	     "share via",      "follow us",	"follow @",
    "subscribe to", "subscribe now", "sign up for",    "sign up to",	"click here",
    "read more:",   "also read:",    "also read",      "read also",	"read more at",
    "download the", "join our",	     "get the latest", "for more news", "tap here",
    "add us as",    "catch all the", "check out our",
};

static const char *const agencies[] = {
    "reuters",
    "ap",
    "afp",
    "pti",
    "ani",
    "ians",
    "associated press",
    "agence france-presse",
    "bloomberg",
    "uni",
    "xinhua",
    "dpa",
    "efe",
    "press trust of india",
    "the associated press",
};

static bool only_agency(const char *s, size_t n)
{
	/* "Reuters", "(Reuters)", "- AFP", "PTI" */
	while (n && (s[0] == '(' || s[0] == '-' || s[0] == ' '))
		s++, n--;
	while (n && (s[n - 1] == ')' || s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < NF_ARRAY_LEN(agencies); i++)
		if (strlen(agencies[i]) == n && prefix(s, n, agencies[i]))
			return true;
	return false;
}

/* "By Trevor Hunnicutt", "By Jane Doe and John Roe, Reuters": capitalised names only. */
static bool byline(const char *s, const char *low, size_t n)
{
	size_t k;
	if (prefix(low, n, "by "))
		k = 3;
	else if (prefix(low, n, "written by ") || prefix(low, n, "reported by "))
		k = 11;
	else if (prefix(low, n, "edited by "))
		k = 10;
	else
		return false;
	if (n > 120 || count_words(s, n) > 10)
		return false;
	/* every word after "by" starts upper-case, or is a joiner */
	size_t i = k;
	bool first = true;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '|'))
			i++;
		if (i >= n)
			break;
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != ',')
			j++;
		size_t wl = j - i;
		bool joiner = (wl == 3 && prefix(low + i, wl, "and")) ||
			      (wl == 2 && prefix(low + i, wl, "in")) || (wl == 1 && s[i] == '&');
		unsigned char c0 = (unsigned char)s[i];
		if (!joiner && !(isupper(c0) || c0 >= 0x80))
			return false;
		if (first && joiner)
			return false;
		first = false;
		i = j;
	}
	return !first;
}

/* Wire credit lines: "(Reporting by Jane Doe in Cairo; Additional reporting by ...; Editing by
 * John Roe)". With the parenthesis any credit opening counts; without it, the line must also
 * name an editor, so that a paragraph opening "Reporting by the BBC showed..." stays content. */
static bool wire_credit(const char *low, size_t n)
{
	static const char *const starts[] = {"reporting by", "additional reporting by",
					     "writing by",   "editing by",
					     "compiled by",  "edited by",
					     "reported by",  "written by"};
	if (n > 300)
		return false;
	bool paren = low[0] == '(';
	const char *s = low + paren;
	size_t m = n - paren;
	if (!any_prefix(s, m, starts, NF_ARRAY_LEN(starts)))
		return false;
	return paren ? low[n - 1] == ')' || find(low, n, "; editing by") > 0
		     : find(low, n, "editing by") > 0 && count_words(low, n) <= 30;
}

/* "Home / World News / ...": at least two separators, short segments. (s is lower-cased.) */
static bool breadcrumb(const char *s, size_t n)
{
	if (n > 400 || (find(s, n, " / ") < 0 && find(s, n, " > ") < 0 && find(s, n, " | ") < 0 &&
			find(s, n, " \xC2\xBB ") < 0))
		return false;
	static const char *const seps[] = {" / ", " > ", " \xC2\xBB ", " | "};
	for (size_t k = 0; k < NF_ARRAY_LEN(seps); k++) {
		size_t sl = strlen(seps[k]), segs = 1, seg_start = 0, longest = 0;
		for (size_t i = 0; i + sl <= n; i++) {
			if (memcmp(s + i, seps[k], sl) == 0) {
				longest =
				    NF_MAX(longest, count_words(s + seg_start, i - seg_start));
				segs++;
				seg_start = i + sl;
				i += sl - 1;
			}
		}
		longest = NF_MAX(longest, count_words(s + seg_start, n - seg_start));
		bool home = prefix(s, n, "home") || prefix(s, n, "news");
		if (segs >= 3 && longest <= 14 && (home || k < 2))
			return true;
		if (segs >= 2 && home && k < 2)
			return true;
	}
	return false;
}

/* Length of the photo-credit marker at low[i] (lower-cased), or 0. */
static size_t photo_marker_at(const char *low, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	const char *p = low + i;
	size_t r = n - i;
	switch (p[0]) {
	case '|':
	case '(': {
		size_t k = 1;
		while (k < r && p[k] == ' ')
			k++;
		if (k >= r)
			return 0; /* the line ends here */
		size_t m = photo_marker_at(low, n, i + k);
		return m && (p[0] == '|' || p[k] == 'p' || p[k] == 'i') ? k + m : 0;
	}
	case 'p':
		if (prefix(p, r, "photo:") || prefix(p, r, "photo credit") ||
		    prefix(p, r, "photograph:") || prefix(p, r, "picture:") || prefix(p, r, "pic:"))
			return 5;
		if (prefix(p, r, "ap photo"))
			return 8;
		return 0;
	case 'i':
		return prefix(p, r, "image:") || prefix(p, r, "image credit") ||
			       prefix(p, r, "image source:")
			   ? 5
			   : 0;
	case 'a':
		return prefix(p, r, "ap photo") ? 8 : 0;
	case 'r':
		return prefix(p, r, "reuters/") ? 8 : 0;
	case 'f':
		return prefix(p, r, "file photo") ? 10 : 0;
	case 'g':
		return prefix(p, r, "getty images") ? 12 : 0;
	}
	return 0;
}

/* Photo credit at the end of a line: the span from the marker to the end. (low is lower-cased.)
 * A credit names a source, it is not a sentence: only a short tail is looked at. */
static long photo_credit(const char *low, size_t n)
{
	size_t from = n > 160 ? n - 160 : 0;
	for (size_t i = from; i < n; i++) {
		if (!photo_marker_at(low, n, i))
			continue;
		if (i > 0 && low[i] != '|' && low[i] != '(' && isalnum((unsigned char)low[i - 1]))
			continue; /* inside a word */
		/* "(File photo: X)", "(Representative image: X)": the credit opens at the '(' */
		for (size_t j = i, k = 0; j > from && k < 40; j--, k++) {
			if (low[j - 1] == ')')
				break;
			if (low[j - 1] == '(') {
				i = j - 1;
				break;
			}
		}
		if (count_words(low + i, n - i) > 14)
			return -1;
		return (long)i;
	}
	return -1;
}

static size_t read_time(const char *s, size_t n)
{
	/* "3 min read", "5 mins read", "4 minute read" */
	size_t i = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 3)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	static const char *const units[] = {"minutes read", "minute read", "mins read", "min read"};
	for (size_t k = 0; k < NF_ARRAY_LEN(units); k++)
		if (prefix(s + i, n - i, units[k]))
			return i + strlen(units[k]);
	return 0;
}

static const char *const stamp_starts[] = {
    "first published", "last updated", "updated:",  "updated on", "updated at", "published:",
    "published on",    "published at", "posted on", "posted:",	  "posted at",	"last modified",
};

#define LOW_MAX	   640
#define SHORT_LINE 200

/* Does the line end like a sentence (so no credit can follow)? */
static bool ends_like_sentence(const char *p, size_t n)
{
	unsigned char c = (unsigned char)p[n - 1];
	if (c == '.' || c == '"' || c == '?' || c == '!' || c == ';' || c == ',')
		return true;
	/* ” ’ … */
	return n >= 3 && (unsigned char)p[n - 3] == 0xE2 && (unsigned char)p[n - 2] == 0x80 &&
	       (c == 0x9D || c == 0x99 || c == 0xA6);
}

/* ASCII lower-case copy, eight bytes at a time: bytes in 'A'..'Z' gain 0x20. */
static void lower_copy(char *dst, const char *src, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v, h = 0x8080808080808080ull;
		memcpy(&v, src + i, 8);
		uint64_t x = v & ~h;
		uint64_t ge_a = x + 0x3F3F3F3F3F3F3F3Full; /* high bit set where x >= 'A' */
		uint64_t gt_z = x + 0x2525252525252525ull; /* high bit set where x > 'Z' */
		uint64_t up = (ge_a ^ gt_z) & ~v & h;
		v |= up >> 2;
		memcpy(dst + i, &v, 8);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
	}
}

int nf_boiler_line(const char *t, uint32_t s, uint32_t e, bool edge, nf_marks *out)
{
	const char *p = t + s;
	size_t n = e - s;
	if (n == 0)
		return 0;
	/* Story paragraphs are long and end like sentences: the common case costs a few
	 * comparisons. Only a photo credit may close a long line; long lines in the middle of
	 * the document get no other rule. */
	bool full = edge || n <= SHORT_LINE;
	if (!full || n > LOW_MAX) {
		if (ends_like_sentence(p, n))
			return 0;
		char tail[160];
		size_t k = NF_MIN(n, sizeof(tail));
		lower_copy(tail, p + n - k, k);
		long pc = photo_credit(tail, k);
		if (pc >= 0)
			return mark(out, e - (uint32_t)(k - (size_t)pc), e, NF_BOILER_PHOTO);
		return 0;
	}
	char low[LOW_MAX];
	lower_copy(low, p, n);
	if (prefix(low, n, "disclaimer:") || (low[0] == '(' && find(low, n, "syndicated") > 0))
		return mark(out, s, e, NF_BOILER_SYNDICATION);
	if (edge && (find(low, n, "feed") >= 0 || find(low, n, "edited") >= 0 ||
		     find(low, n, "auto-") >= 0 || find(low, n, "headline") >= 0)) {
		for (size_t i = 0; i < NF_ARRAY_LEN(syndication); i++)
			if (find(low, n, syndication[i]) >= 0)
				return mark(out, s, e, NF_BOILER_SYNDICATION);
	}
	size_t rt = read_time(low, n);
	if (rt) {
		if (mark(out, s, s + (uint32_t)rt, NF_BOILER_READTIME))
			return NF_ENOMEM;
		size_t i = rt;
		while (i < n && (p[i] == ' ' || p[i] == '|'))
			i++;
		if (i < n)
			return mark(out, s + (uint32_t)i, e, NF_BOILER_TIMESTAMP);
		return 0;
	}
	if (n <= 160 && any_prefix(low, n, stamp_starts, NF_ARRAY_LEN(stamp_starts)) &&
	    has_digit(p, n))
		return mark(out, s, e, NF_BOILER_TIMESTAMP);
	if (n <= 160 && any_prefix(low, n, share_starts, NF_ARRAY_LEN(share_starts)))
		return mark(out, s, e, NF_BOILER_SHARE);
	if (n <= 40 && only_agency(low, n))
		return mark(out, s, e, NF_BOILER_BYLINE);
	if (byline(p, low, n) || wire_credit(low, n))
		return mark(out, s, e, NF_BOILER_BYLINE);
	if (edge && breadcrumb(low, n))
		return mark(out, s, e, NF_BOILER_BREADCRUMB);
	if (ends_like_sentence(p, n))
		return 0;
	long pc = photo_credit(low, n);
	if (pc >= 0)
		return mark(out, s + (uint32_t)pc, e, NF_BOILER_PHOTO);
	return 0;
}

/* --- datelines ---------------------------------------------------------------------------- */

static bool month_word(const char *s, size_t n)
{
	static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
					"jul", "aug", "sep", "oct", "nov", "dec"};
	if (n < 3)
		return false;
	for (size_t i = 0; i < 12; i++)
		if (tolower((unsigned char)s[0]) == m[i][0] &&
		    tolower((unsigned char)s[1]) == m[i][1] &&
		    tolower((unsigned char)s[2]) == m[i][2])
			return true;
	return false;
}

uint32_t nf_boiler_dateline(const char *t, uint32_t s, uint32_t e)
{
	const char *p = t + s;
	size_t n = NF_MIN((size_t)(e - s), 90);
	/* find the separator: ':' or ' - ' / ' -- ' / en or em dash */
	size_t cut = 0, after = 0;
	for (size_t i = 1; i < n; i++) {
		if (p[i] == ':' && (i + 1 >= n || p[i + 1] == ' ')) {
			cut = i;
			after = i + 1;
			break;
		}
		if (p[i] == ' ' && i + 2 < n && p[i + 1] == '-' && p[i + 2] == ' ') {
			cut = i;
			after = i + 2;
			break;
		}
		if (p[i] == ' ' && i + 4 < n &&
		    (memcmp(p + i + 1, "\xE2\x80\x94", 3) == 0 ||
		     memcmp(p + i + 1, "\xE2\x80\x93", 3) == 0)) {
			cut = i;
			after = i + 4;
			break;
		}
	}
	if (!cut)
		return 0;
	/* the prefix: capitalised words, [Country], (Agency), month names, numbers, commas */
	size_t words = 0, caps_letters = 0, lower_letters = 0;
	bool month = false, group = false;
	for (size_t i = 0; i < cut;) {
		while (i < cut && (p[i] == ' ' || p[i] == ','))
			i++;
		if (i >= cut)
			break;
		size_t j = i;
		if (p[i] == '[' || p[i] == '(') {
			char close = p[i] == '[' ? ']' : ')';
			while (j < cut && p[j] != close)
				j++;
			if (j >= cut)
				return 0;
			j++;
			group = true;
		} else {
			while (j < cut && p[j] != ' ' && p[j] != ',')
				j++;
			unsigned char c0 = (unsigned char)p[i];
			if (month_word(p + i, j - i))
				month = true;
			else if (!isupper(c0) && !isdigit(c0) && c0 < 0x80)
				return 0;
			for (size_t k = i; k < j; k++) {
				if (isupper((unsigned char)p[k]))
					caps_letters++;
				else if (islower((unsigned char)p[k]))
					lower_letters++;
			}
		}
		words++;
		i = j;
	}
	if (words == 0 || words > 8)
		return 0;
	bool all_caps = caps_letters >= 3 && lower_letters == 0;
	if (!(month || group || all_caps))
		return 0;
	while (after < (size_t)(e - s) && p[after] == ' ')
		after++;
	return (uint32_t)after;
}
