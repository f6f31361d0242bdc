/*
 * normalize.c - stage A of cleaning: bytes to valid, unified UTF-8, with a map back to the
 * original offsets.
 *
 * Mojibake repair undoes the commonest corruption of news text: UTF-8 bytes decoded as
 * Windows-1252 (or Latin-1) and encoded again, so that "today’s" reads "todayâ€™s". Each
 * character of such a run maps back to one byte; when the bytes form a valid UTF-8 sequence the
 * sequence is decoded instead. To leave correct text alone (French, German, Polish...), a repair
 * needs a 3- or 4-byte sequence, or a 2-byte one whose result is a Latin-1 letter or symbol
 * (lead Â/Ã) or a letter of Latin Extended-A, Greek, Cyrillic, Hebrew or Arabic; real words
 * almost never put two such characters side by side.
 */
#include "text.h"

#include <utf8proc.h>

/* Windows-1252 0x80..0x9F as Unicode (0 = undefined there: those bytes decode as C1). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,	    0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,	    0x017D, 0,	    0,	    0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,	    0x017E, 0x0178};

/* The Windows-1252/Latin-1 byte a code point came from, or -1. */
static int cp1252_byte(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0xFF)
		return (int)cp;
	if (cp < 0x152 || cp > 0x2122)
		return -1;
	for (int i = 0; i < 32; i++)
		if (cp1252_hi[i] == cp)
			return 0x80 + i;
	return -1;
}

/*
 * Is cp a believable result of undoing mojibake? 0: no; 1: yes; 2: only next to another repair
 * (a lone CJK character from "é’’" is far more likely correct text than mojibake, while
 * mojibake'd Chinese comes in runs).
 */
static int plausible(uint32_t cp, int lead, int len)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
	if (cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_CO ||
	    cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CS)
		return 0;
	if (len == 4)
		return 1; /* emoji and other astral characters */
	if (len == 3) {
		/* punctuation, currency, letterlike symbols: the usual single casualties */
		if ((cp >= 0x2000 && cp <= 0x214F) || cp == 0xFEFF)
			return 1;
		return 2;
	}
	if (lead == 0xC2 || lead == 0xC3)
		return cp >= 0xA0;
	bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
	return letter && ((cp >= 0x100 && cp <= 0x17F) || (cp >= 0x370 && cp <= 0x3FF) ||
			  (cp >= 0x400 && cp <= 0x4FF) || (cp >= 0x5D0 && cp <= 0x5EA) ||
			  (cp >= 0x620 && cp <= 0x64A));
}

/*
 * At s[0..n) starts a character cp0 (of length k0). If it and the following characters are a
 * mojibake'd UTF-8 sequence, returns the original bytes consumed and sets *out; else 0.
 */
static size_t mojibake(const unsigned char *s, size_t n, uint32_t cp0, int k0, uint32_t *out,
		       bool after_repair, int depth)
{
	int lead = cp1252_byte(cp0);
	if (lead < 0xC2 || lead > 0xF4)
		return 0;
	int need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
	unsigned char bytes[4] = {(unsigned char)lead};
	size_t pos = (size_t)k0;
	for (int i = 1; i <= need; i++) {
		uint32_t cp;
		if (pos >= n)
			return 0;
		int k = nf_utf8_decode(s + pos, n - pos, &cp);
		if (!k)
			return 0;
		int b = cp1252_byte(cp);
		if (b < 0x80 || b > 0xBF)
			return 0;
		bytes[i] = (unsigned char)b;
		pos += (size_t)k;
	}
	uint32_t cp;
	if (nf_utf8_decode(bytes, (size_t)need + 1, &cp) != need + 1)
		return 0;
	int pl = plausible(cp, lead, need + 1);
	if (pl == 0)
		return 0;
	if (pl == 2 && !after_repair) {
		/* needs a neighbour: the next character must start another repair */
		uint32_t ncp, dummy;
		int nk;
		if (depth > 0 || pos >= n || !(nk = nf_utf8_decode(s + pos, n - pos, &ncp)) ||
		    !mojibake(s + pos, n - pos, ncp, nk, &dummy, true, depth + 1))
			return 0;
	}
	*out = cp;
	return pos;
}

/* Byte classes for the ASCII fast path: 1 = copied as is. */
static const unsigned char plain[256] = {
    ['\n'] = 1,
#define R(a)                                                                                       \
	[a] = 1, [a + 1] = 1, [a + 2] = 1, [a + 3] = 1, [a + 4] = 1, [a + 5] = 1, [a + 6] = 1,     \
	[a + 7] = 1
    R(0x20),	R(0x28),    R(0x30),	R(0x38),    R(0x40),	R(0x48),
    R(0x50),	R(0x58),    R(0x60),	R(0x68),    R(0x70),	[0x78] = 1,
    [0x79] = 1, [0x7A] = 1, [0x7B] = 1, [0x7C] = 1, [0x7D] = 1, [0x7E] = 1,
#undef R
};

static int add_region(nf_regions *r, uint32_t c0, uint32_t c1, uint32_t o0, uint32_t o1)
{
	return NF_VEC_PUSH(r, ((nf_region){c0, c1, o0, o1}));
}

static int add_mark(nf_marks *m, uint32_t s, uint32_t e, int kind)
{
	if (m->n && m->a[m->n - 1].kind == kind && m->a[m->n - 1].end == s) {
		m->a[m->n - 1].end = e;
		return 0;
	}
	return NF_VEC_PUSH(m, ((nf_mark){s, e, kind}));
}

/* What a (valid) non-ASCII code point becomes: 0 = drop, ' ' / '\n', or itself. */
static uint32_t unify(uint32_t cp)
{
	switch (cp) {
	case 0x00A0:
	case 0x1680:
	case 0x202F:
	case 0x205F:
	case 0x3000:
		return ' ';
	case 0x2028:
	case 0x2029:
	case 0x0085:
		return '\n';
	case 0x200B:
	case 0x2060:
	case 0xFEFF:
	case 0x00AD:
	case 0xFFFE:
	case 0xFFFF:
		return 0;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return ' ';
	return cp;
}

int nf_text_normalize(const char *str, size_t n, bool no_mojibake, nf_buf *out, nf_regions *regs,
		      nf_marks *repairs)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	if (nf_buf_append(out, "", 0) || NF_VEC_RESERVE(regs, 8))
		return NF_ENOMEM;
	while (i < n) {
		size_t j = i;
		for (;;) {
			/* eight bytes at a time while all are printable ASCII (no controls, DEL,
			 * high bytes; a newline also stops this loop but not the next one) */
			while (n - j >= 8) {
				uint64_t v;
				memcpy(&v, s + j, 8);
				uint64_t del = v ^ 0x7F7F7F7F7F7F7F7Full;
				uint64_t z = ((v - 0x2020202020202020ull) & ~v) |
					     ((del - 0x0101010101010101ull) & ~del) | v;
				if (z & 0x8080808080808080ull)
					break;
				j += 8;
			}
			size_t lim = NF_MIN(n, j + 8);
			while (j < lim && plain[s[j]])
				j++;
			if (j < lim || j >= n)
				break;
		}
		if (j > i && nf_buf_append(out, s + i, j - i))
			return NF_ENOMEM;
		i = j;
		if (i >= n)
			break;
		uint32_t c0 = (uint32_t)out->len, o0 = (uint32_t)i;
		unsigned char b = s[i];
		if (b < 0x80) {
			if (b == '\r') {
				if (i + 1 < n && s[i + 1] == '\n') {
					i++; /* CRLF: drop the CR */
					if (add_region(regs, c0, c0, o0, o0 + 1))
						return NF_ENOMEM;
					continue;
				}
				b = '\n';
			} else if (b == '\t' || b == '\v' || b == '\f') {
				b = ' ';
			} else {
				/* C0 control or DEL: removed */
				i++;
				if (add_region(regs, c0, c0, o0, o0 + 1) ||
				    add_mark(repairs, o0, o0 + 1, NF_REPAIR_CONTROL))
					return NF_ENOMEM;
				continue;
			}
			if (nf_buf_append(out, &b, 1))
				return NF_ENOMEM;
			i++;
			continue;
		}
		uint32_t cp;
		int k = nf_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			size_t bad = nf_utf8_bad_len(s + i, n - i);
			i += bad;
			if (nf_buf_append(out, "\xEF\xBF\xBD", 3) ||
			    add_region(regs, c0, c0 + 3, o0, (uint32_t)i) ||
			    add_mark(repairs, o0, (uint32_t)i, NF_REPAIR_UTF8))
				return NF_ENOMEM;
			continue;
		}
		uint32_t fixed;
		bool after = repairs->n && repairs->a[repairs->n - 1].kind == NF_REPAIR_MOJIBAKE &&
			     repairs->a[repairs->n - 1].end == o0;
		size_t mk = no_mojibake ? 0 : mojibake(s + i, n - i, cp, k, &fixed, after, 0);
		if (mk) {
			char u[4];
			fixed = unify(fixed);
			int ul = fixed ? nf_utf8_encode(fixed, u) : 0;
			i += mk;
			if (nf_buf_append(out, u, (size_t)ul) ||
			    add_region(regs, c0, c0 + (uint32_t)ul, o0, (uint32_t)i) ||
			    add_mark(repairs, o0, (uint32_t)i, NF_REPAIR_MOJIBAKE))
				return NF_ENOMEM;
			continue;
		}
		i += (size_t)k;
		if (cp >= 0x80 && cp <= 0x9F && cp != 0x85) {
			if (add_region(regs, c0, c0, o0, (uint32_t)i) ||
			    add_mark(repairs, o0, (uint32_t)i, NF_REPAIR_CONTROL))
				return NF_ENOMEM;
			continue;
		}
		uint32_t u = unify(cp);
		if (u == cp) {
			if (nf_buf_append(out, s + o0, (size_t)k))
				return NF_ENOMEM;
			continue;
		}
		char ch = (char)u;
		if ((u && nf_buf_append(out, &ch, 1)) ||
		    add_region(regs, c0, c0 + (u ? 1 : 0), o0, (uint32_t)i))
			return NF_ENOMEM;
	}
	return out->oom ? NF_ENOMEM : 0;
}

/*
 * Regions are sorted by c0 (several may share one c0: removals, then at most one replacement).
 * A start maps after every removal at its position; an exclusive end maps before them.
 */
uint32_t nf_region_map(const nf_regions *r, uint32_t c, bool end)
{
	if (r->n == 0)
		return c;
	/* g = the last region with c0 <= c (start) or c0 < c (end) */
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (end ? r->a[mid].c0 < c : r->a[mid].c0 <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return c; /* before any region: identity */
	const nf_region *g = &r->a[lo - 1];
	if (c >= g->c1)
		return g->o1 + (c - g->c1);
	return end ? g->o1 : g->o0; /* inside a replaced character (not a real boundary) */
}

uint32_t nf_region_next(nf_region_cursor *cur, uint32_t c, bool end)
{
	const nf_regions *r = cur->r;
	while (cur->k < r->n && (end ? r->a[cur->k].c0 < c : r->a[cur->k].c0 <= c))
		cur->k++;
	if (cur->k == 0)
		return c;
	const nf_region *g = &r->a[cur->k - 1];
	if (c >= g->c1)
		return g->o1 + (c - g->c1);
	return end ? g->o1 : g->o0;
}

bool nf_uni_is_word(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

bool nf_uni_starts_word(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

bool nf_uni_is_upper(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool nf_uni_is_lower(uint32_t cp)
{
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

bool nf_uni_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}
