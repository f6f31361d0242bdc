/*
 * clean.c - the clean stage: one document's bytes into cleaned text, paragraphs, sentences,
 * tokens with normalized forms, boilerplate spans and repairs, all with offsets into the
 * original bytes.
 *
 * Stage A (normalize.c) makes valid, unified UTF-8 and a region map back to the original.
 * Stage B here works on that text: lines; paragraphs (blank lines end them, and so does a line
 * break unless the line ends mid-sentence and the next starts in lower case, as in hard-wrapped
 * text); tokens (letters, marks and digits; apostrophes inside words; "3.5" and "2,000" whole;
 * each CJK ideograph alone); sentences (after . ! ? and CJK stops, with closing quotes kept, not
 * after abbreviations, initials or before a lower-case word). Token normalization is NFKC with
 * case folding (utf8proc), with a byte-table fast path for ASCII words.
 */
#include "text.h"

#include <pthread.h>
#include <utf8proc.h>

typedef struct line {
	uint32_t s, e; /* trimmed, clean coordinates */
} line;

struct nf_cleaner {
	nf_clean_options opt;
	nf_buf t;    /* stage A output */
	nf_buf text; /* presentation text */
	nf_buf norm;
	nf_regions regs;
	nf_marks repairs;
	NF_VEC(line) lines;
	NF_VEC(nf_span) paras; /* clean coordinates, then mapped */
	NF_VEC(nf_span) sents;
	NF_VEC(nf_token) toks;
	nf_marks boiler;
	NF_VEC(nf_span) paras_o;
	NF_VEC(nf_span) sents_o;
	nf_marks boiler_o;
	NF_VEC(utf8proc_int32_t) u32;
};

int nf_cleaner_new(nf_cleaner **out, const nf_clean_options *opt)
{
	nf_cleaner *c = calloc(1, sizeof(*c));
	if (!c)
		return NF_ENOMEM;
	if (opt)
		c->opt = *opt;
	nf_buf_init(&c->t);
	nf_buf_init(&c->text);
	nf_buf_init(&c->norm);
	*out = c;
	return 0;
}

void nf_cleaner_free(nf_cleaner *c)
{
	if (!c)
		return;
	nf_buf_release(&c->t);
	nf_buf_release(&c->text);
	nf_buf_release(&c->norm);
	NF_VEC_FREE(&c->regs);
	NF_VEC_FREE(&c->repairs);
	NF_VEC_FREE(&c->lines);
	NF_VEC_FREE(&c->paras);
	NF_VEC_FREE(&c->sents);
	NF_VEC_FREE(&c->toks);
	NF_VEC_FREE(&c->boiler);
	NF_VEC_FREE(&c->paras_o);
	NF_VEC_FREE(&c->sents_o);
	NF_VEC_FREE(&c->boiler_o);
	NF_VEC_FREE(&c->u32);
	free(c);
}

/* --- character classes ---------------------------------------------------------------------- */

enum { C_OTHER = 0, C_SPACE = 1, C_LOWER = 2, C_UPPER = 3, C_DIGIT = 4 };
static unsigned char ascii_class[128];
static unsigned char ascii_lower[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* Fills the tables once, whichever thread comes first (pthread_once orders the writes before
 * every reader). */
static void fill_tables(void)
{
	for (int i = 0; i < 256; i++)
		ascii_lower[i] = (unsigned char)((i >= 'A' && i <= 'Z') ? i + 32 : i);
	for (int i = 0; i < 128; i++) {
		unsigned char k = C_OTHER;
		if (i == ' ' || i == '\n')
			k = C_SPACE;
		else if (i >= 'a' && i <= 'z')
			k = C_LOWER;
		else if (i >= 'A' && i <= 'Z')
			k = C_UPPER;
		else if (i >= '0' && i <= '9')
			k = C_DIGIT;
		ascii_class[i] = k;
	}
}

/* Decodes the (valid) character at t[i]; returns its length. */
static inline int cp_at(const char *t, size_t n, size_t i, uint32_t *cp)
{
	unsigned char b = (unsigned char)t[i];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	int k = nf_utf8_decode((const unsigned char *)t + i, n - i, cp);
	if (!k) { /* cannot happen after stage A; be safe */
		*cp = 0xFFFD;
		return 1;
	}
	return k;
}

enum { W_LETTER = 1, W_DIGIT = 2 };

static bool is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018 || cp == 0xFF07;
}

static bool is_word_cp(uint32_t cp)
{
	if (cp < 128)
		return ascii_class[cp] >= C_LOWER;
	return nf_uni_is_word(cp);
}

/* --- lines and paragraphs ------------------------------------------------------------------- */

static bool ends_sentence_char(const char *t, uint32_t e)
{
	/* last character of a line: terminal punctuation or a closing quote */
	unsigned char b = (unsigned char)t[e - 1];
	if (strchr(".!?:;\"')]", b))
		return true;
	if (b >= 0x80 && e >= 3) {
		const unsigned char *u = (const unsigned char *)t + e - 3;
		/* ” ’ … */
		if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9D || u[2] == 0x99 || u[2] == 0xA6))
			return true;
	}
	return false;
}

static int split_lines(nf_cleaner *c)
{
	const char *t = c->t.data;
	uint32_t m = (uint32_t)c->t.len, i = 0;
	c->lines.n = 0;
	while (i <= m) {
		const char *nl = i < m ? memchr(t + i, '\n', m - i) : NULL;
		uint32_t e = nl ? (uint32_t)(nl - t) : m;
		uint32_t s = i, f = e;
		while (s < f && t[s] == ' ')
			s++;
		while (f > s && t[f - 1] == ' ')
			f--;
		if (NF_VEC_PUSH(&c->lines, ((line){s, f})))
			return NF_ENOMEM;
		if (!nl)
			break;
		i = e + 1;
	}
	return 0;
}

static bool starts_lower(const char *t, uint32_t s, uint32_t e)
{
	uint32_t cp;
	if (s >= e)
		return false;
	cp_at(t, e, s, &cp);
	return cp < 128 ? ascii_class[cp] == C_LOWER : nf_uni_is_lower(cp);
}

static int find_paragraphs(nf_cleaner *c)
{
	const char *t = c->t.data;
	c->paras.n = 0;
	bool open = false;
	nf_span cur = {0, 0};
	for (size_t i = 0; i < c->lines.n; i++) {
		line L = c->lines.a[i];
		if (L.s == L.e) { /* blank */
			if (open && NF_VEC_PUSH(&c->paras, cur))
				return NF_ENOMEM;
			open = false;
			continue;
		}
		if (open && !ends_sentence_char(t, cur.end) && starts_lower(t, L.s, L.e)) {
			cur.end = L.e; /* soft (wrapped) line break */
			continue;
		}
		if (open && NF_VEC_PUSH(&c->paras, cur))
			return NF_ENOMEM;
		cur = (nf_span){L.s, L.e};
		open = true;
	}
	if (open && NF_VEC_PUSH(&c->paras, cur))
		return NF_ENOMEM;
	return 0;
}

/* --- tokens --------------------------------------------------------------------------------- */

/* Normalized form of an ASCII token: its bytes lower-cased. */
static int norm_ascii(nf_cleaner *c, const char *s, size_t n, nf_token *tok)
{
	tok->norm = (uint32_t)c->norm.len;
	if (c->norm.cap - c->norm.len < n + 8 && nf_buf_reserve(&c->norm, n + 8))
		return NF_ENOMEM;
	/* ASCII token bytes are letters, digits and ' . , : all but the capitals already have
	 * bit 0x20 set, so OR-ing it in lower-cases the token. Eight bytes at a time: both
	 * buffers keep slack past their text, and bytes written past this token are overwritten
	 * by the next one. */
	char *d = c->norm.data + tok->norm;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		v |= 0x2020202020202020ull;
		memcpy(d + i, &v, 8);
	}
	c->norm.len = tok->norm + n;
	tok->norm_len = (uint32_t)n;
	return 0;
}

static int normalize_into(const char *s, size_t n, nf_buf *out, utf8proc_int32_t **buf, size_t *cap)
{
	/* apostrophes unified first, then NFKC + case fold */
	utf8proc_option_t o = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
			      UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
	size_t need = n + 8;
	for (;;) {
		if (*cap < need) {
			utf8proc_int32_t *nb = realloc(*buf, need * sizeof(**buf));
			if (!nb)
				return NF_ENOMEM;
			*buf = nb;
			*cap = need;
		}
		size_t k = 0, i = 0;
		bool over = false;
		while (i < n) {
			uint32_t cp;
			int l = nf_utf8_decode((const unsigned char *)s + i, n - i, &cp);
			if (!l) {
				cp = 0xFFFD;
				l = 1;
			}
			i += (size_t)l;
			if (is_apostrophe(cp))
				cp = '\'';
			utf8proc_ssize_t r = utf8proc_decompose_char(
			    (utf8proc_int32_t)cp, *buf + k, (utf8proc_ssize_t)(*cap - k), o, NULL);
			if (r < 0)
				return NF_EINVAL;
			if ((size_t)r > *cap - k) {
				need = *cap * 2 + (size_t)r;
				over = true;
				break;
			}
			k += (size_t)r;
		}
		if (over)
			continue;
		utf8proc_ssize_t len = utf8proc_reencode(*buf, (utf8proc_ssize_t)k, o);
		if (len < 0)
			return NF_EINVAL;
		return nf_buf_append(out, *buf, (size_t)len);
	}
}

int nf_normalize_word(const char *s, size_t n, nf_buf *out)
{
	utf8proc_int32_t *buf = NULL;
	size_t cap = 0;
	int rc = normalize_into(s, n, out, &buf, &cap);
	free(buf);
	return rc;
}

static int push_token(nf_cleaner *c, uint32_t s, uint32_t e, uint32_t flags, bool ascii)
{
	if (NF_UNLIKELY(c->toks.n == c->toks.cap) && NF_VEC_RESERVE(&c->toks, c->toks.n + 1))
		return NF_ENOMEM;
	nf_token *tok = &c->toks.a[c->toks.n];
	*tok = (nf_token){s, e, 0, 0, flags};
	const char *t = c->t.data;
	int rc;
	if (ascii) {
		rc = norm_ascii(c, t + s, e - s, tok);
	} else {
		tok->norm = (uint32_t)c->norm.len;
		size_t cap = c->u32.cap;
		rc = normalize_into(t + s, e - s, &c->norm, &c->u32.a, &cap);
		c->u32.cap = cap;
		tok->norm_len = (uint32_t)(c->norm.len - tok->norm);
	}
	if (rc)
		return rc;
	if (!ascii) {
		/* compatibility decompositions may contain spaces (U+FDFA): one token stays one
		 * word */
		char *d = c->norm.data + tok->norm, *w = d;
		for (uint32_t i = 0; i < tok->norm_len; i++)
			if (d[i] != ' ')
				*w++ = d[i];
		tok->norm_len = (uint32_t)(w - d);
		c->norm.len = tok->norm + tok->norm_len;
		if (tok->norm_len == 0)
			return 0; /* only default-ignorable characters: not a token */
	}
	c->toks.n++;
	return 0;
}

/* Tokens of one paragraph [s, e). */
static int tokenize(nf_cleaner *c, uint32_t s, uint32_t e)
{
	const char *t = c->t.data;
	uint32_t i = s;
	while (i < e) {
		unsigned char b = (unsigned char)t[i];
		if (b < 0x80 && ascii_class[b] < C_LOWER) {
			i++;
			continue;
		}
		uint32_t cp;
		int k = cp_at(t, e, i, &cp);
		if (b >= 0x80 && !nf_uni_starts_word(cp)) {
			i +=
			    (uint32_t)k; /* marks (U+FE0F after an emoji...) only continue a word */
			continue;
		}
		if (b >= 0x80 && nf_uni_is_han(cp)) {
			if (push_token(c, i, i + (uint32_t)k, NF_TOK_CJK, false))
				return NF_ENOMEM;
			i += (uint32_t)k;
			continue;
		}
		/* a word: letters/marks/digits, inner apostrophes, inner . , between digits */
		uint32_t start = i;
		bool ascii = true, digits_only = true;
		bool upper = b < 0x80 ? ascii_class[b] == C_UPPER : nf_uni_is_upper(cp);
		uint32_t prev = 0;
		while (i < e) {
			/* the tight loop: a run of ASCII letters and digits */
			unsigned seen = 0, wb;
			uint32_t run = i;
			while (i < e && (wb = nf_alnum_lower[(unsigned char)t[i]]) != 0) {
				seen |= wb > '9' ? W_LETTER : W_DIGIT;
				i++;
			}
			if (i > run) {
				if (seen & W_LETTER)
					digits_only = false;
				prev = (unsigned char)t[i - 1];
				if (i >= e)
					break;
			}
			b = (unsigned char)t[i];
			if (b < 0x80) {
				if ((b == '\'' || b == '.' || b == ',') && i + 1 < e) {
					uint32_t nx;
					cp_at(t, e, i + 1, &nx);
					bool num = b != '\'' && prev >= '0' && prev <= '9' &&
						   nx >= '0' && nx <= '9';
					bool apos = b == '\'' && prev && is_word_cp(nx) &&
						    !(nx < 128 && ascii_class[nx] == C_DIGIT);
					if (num || apos) {
						i++;
						continue;
					}
				}
				break;
			}
			k = cp_at(t, e, i, &cp);
			if (nf_uni_is_han(cp))
				break;
			if (is_apostrophe(cp) && prev && i + (uint32_t)k < e) {
				uint32_t nx;
				cp_at(t, e, i + (uint32_t)k, &nx);
				if (is_word_cp(nx)) {
					ascii = false;
					i += (uint32_t)k;
					continue;
				}
				break;
			}
			if (!nf_uni_is_word(cp))
				break;
			ascii = false;
			digits_only = false;
			prev = cp;
			i += (uint32_t)k;
		}
		uint32_t flags = (upper ? NF_TOK_UPPER : 0) | (digits_only ? NF_TOK_NUMBER : 0);
		if (push_token(c, start, i, flags, ascii))
			return NF_ENOMEM;
	}
	return 0;
}

/* --- sentences ------------------------------------------------------------------------------ */

static const char *const abbrevs[] = {
    "mr",   "mrs",  "ms",  "dr",     "prof", "st",   "jr",   "sr",     "gen", "sen", "rep",
    "gov",  "lt",   "col", "capt",   "sgt",  "rev",  "hon",  "pres",   "jan", "feb", "mar",
    "apr",  "jun",  "jul", "aug",    "sep",  "sept", "oct",  "nov",    "dec", "no",  "vs",
    "v",    "e.g",  "i.e", "approx", "fig",  "vol",  "art",  "cf",     "maj", "adm", "cmdr",
    "supt", "insp", "det", "mt",     "ft",   "ave",  "blvd", "messrs",
};

static const char *const starters[] = {
    "the",   "he",   "she",   "it",    "in", "but", "and", "a",	   "an",
    "this",  "that", "they",  "we",    "i",  "on",  "at",  "his",  "her",
    "their", "its",  "there", "after", "as", "for", "if",  "when",
};

static bool word_in(const char *w, size_t n, const char *const *list, size_t m)
{
	char low[16];
	if (n == 0 || n > 7)
		return false; /* every listed word is short */
	for (size_t i = 0; i < n; i++)
		low[i] = (char)ascii_lower[(unsigned char)w[i]];
	low[n] = '\0';
	for (size_t i = 0; i < m; i++)
		if (list[i][0] == low[0] && strcmp(list[i], low) == 0)
			return true;
	return false;
}

static bool is_closer(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
	       cp == 0x00BB || cp == 0x300D || cp == 0x300F || cp == 0xFF09;
}

/* Is the '.' at t[dot] the end of an abbreviation or an initial (so not a sentence end)? */
static bool abbreviation(const char *t, uint32_t ps, uint32_t dot, const char *next,
			 size_t next_len)
{
	uint32_t w = dot;
	while (w > ps) {
		unsigned char ch = (unsigned char)t[w - 1];
		if (ch >= 0x80 || !(ascii_class[ch] >= C_LOWER || (ch == '.' && w - 1 > ps)))
			break;
		w--;
	}
	size_t wl = dot - w;
	if (wl == 0)
		return false;
	/* a word that opens sentences follows: the sentence ends here, whatever the dot closes
	 * ("U.S. The", "met Hun Sen. The visit", "Plan B. It") */
	if (word_in(next, next_len, starters, NF_ARRAY_LEN(starters)))
		return false;
	if (wl == 1 && ascii_class[(unsigned char)t[w]] == C_UPPER)
		return true;	    /* an initial: "J. Smith" */
	if (memchr(t + w, '.', wl)) /* U.S. a.m. e.g. */
		return true;
	return word_in(t + w, wl, abbrevs, NF_ARRAY_LEN(abbrevs));
}

/* Bytes that may start a sentence stop: . ! ? and the lead bytes of … 。 ！ ？ */
static const bool stop_byte[256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1};
#define maybe_stop(b) stop_byte[(b)]

static int sentences(nf_cleaner *c, uint32_t ps, uint32_t pe)
{
	const char *t = c->t.data;
	uint32_t start = ps, i = ps;
	while (i < pe) {
		/* eight bytes at a time to the next . ! ? or non-ASCII byte */
		while (pe - i >= 8) {
			uint64_t v;
			memcpy(&v, t + i, 8);
			uint64_t a = v ^ 0x2E2E2E2E2E2E2E2Eull, b = v ^ 0x2121212121212121ull,
				 q = v ^ 0x3F3F3F3F3F3F3F3Full;
			uint64_t z = ((a - 0x0101010101010101ull) & ~a) |
				     ((b - 0x0101010101010101ull) & ~b) |
				     ((q - 0x0101010101010101ull) & ~q) | v;
			if (z & 0x8080808080808080ull)
				break;
			i += 8;
		}
		while (i < pe && !maybe_stop((unsigned char)t[i]))
			i++;
		if (i >= pe)
			break;
		uint32_t cp;
		int k = cp_at(t, pe, i, &cp);
		bool cjk_stop = cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
		bool stop = cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cjk_stop;
		if (!stop) {
			i += (uint32_t)k;
			continue;
		}
		uint32_t dot = i, j = i + (uint32_t)k;
		/* more terminators, then closing quotes/brackets */
		for (;;) {
			if (j >= pe)
				break;
			uint32_t c2;
			int k2 = cp_at(t, pe, j, &c2);
			if (c2 == '.' || c2 == '!' || c2 == '?' || c2 == 0x2026 || is_closer(c2)) {
				j += (uint32_t)k2;
				continue;
			}
			/* French spacing: "bout. »" keeps its guillemet */
			if (c2 == ' ' || c2 == '\n') {
				uint32_t w = j;
				while (w < pe && (t[w] == ' ' || t[w] == '\n'))
					w++;
				if (w + 2 <= pe && memcmp(t + w, "\xC2\xBB", 2) == 0) {
					j = w + 2;
					continue;
				}
			}
			break;
		}
		uint32_t end = j;
		if (j < pe && !cjk_stop) {
			uint32_t nx0;
			cp_at(t, pe, j, &nx0);
			bool closed =
			    end > dot + (uint32_t)k && is_closer(nx0) == false &&
			    (nx0 < 128 ? ascii_class[nx0] == C_UPPER : nf_uni_is_upper(nx0));
			if (closed) {
				/* 'aggression."The US': a closing quote, then a new sentence */
				if (NF_VEC_PUSH(&c->sents, ((nf_span){start, end})))
					return NF_ENOMEM;
				start = i = j;
				continue;
			}
			if (t[j] != ' ' && t[j] != '\n') {
				i = j;
				continue; /* "3.5", "U.S.-Russia", "Yahoo!Inc" */
			}
			while (j < pe && (t[j] == ' ' || t[j] == '\n'))
				j++;
			uint32_t nx;
			cp_at(t, pe, j, &nx);
			bool lower = nx < 128 ? ascii_class[nx] == C_LOWER : nf_uni_is_lower(nx);
			uint32_t ne = j;
			while (ne < pe && (unsigned char)t[ne] < 0x80 &&
			       ascii_class[(unsigned char)t[ne]] >= C_LOWER)
				ne++;
			if (lower || (cp == '.' && end == dot + 1 &&
				      abbreviation(t, start, dot, t + j, ne - j))) {
				i = j;
				continue;
			}
		}
		if (NF_VEC_PUSH(&c->sents, ((nf_span){start, end})))
			return NF_ENOMEM;
		while (j < pe && (t[j] == ' ' || t[j] == '\n'))
			j++;
		start = i = j;
	}
	if (start < pe && NF_VEC_PUSH(&c->sents, ((nf_span){start, pe})))
		return NF_ENOMEM;
	return 0;
}

/* --- boilerplate ---------------------------------------------------------------------------- */

static int find_boiler(nf_cleaner *c)
{
	const char *t = c->t.data;
	c->boiler.n = 0;
	size_t nonblank = 0, rank = 0, tk = 0;
	bool common = c->opt.common && nf_lines_count(c->opt.common);
	for (size_t i = 0; i < c->lines.n; i++)
		nonblank += c->lines.a[i].s != c->lines.a[i].e;
	for (size_t i = 0; i < c->lines.n; i++) {
		line L = c->lines.a[i];
		if (L.s == L.e)
			continue;
		/* tokens on this line: a line of many words cannot be a repeated template (a line
		 * has at least as many key words as tokens, except CJK lines, whose ideographs are
		 * tokens each: those over 40 ideographs are not looked up) */
		size_t tk0 = tk;
		while (tk < c->toks.n && c->toks.a[tk].start < L.e)
			tk++;
		size_t before = c->boiler.n;
		bool edge = rank < 3 || rank + 3 >= nonblank;
		rank++;
		if (nf_boiler_line(t, L.s, L.e, edge, &c->boiler))
			return NF_ENOMEM;
		if (c->boiler.n == before && common && tk - tk0 <= NF_LINE_MAX_WORDS) {
			size_t w;
			uint64_t key = nf_line_key(t + L.s, L.e - L.s, &w);
			if (w && nf_lines_has(c->opt.common, key) &&
			    NF_VEC_PUSH(&c->boiler, ((nf_mark){L.s, L.e, NF_BOILER_REPEATED})))
				return NF_ENOMEM;
		}
	}
	/* datelines open one of the first two story paragraphs */
	size_t seen = 0;
	for (size_t p = 0; p < c->paras.n && seen < 2; p++) {
		nf_span P = c->paras.a[p];
		bool covered = false;
		for (size_t b = 0; b < c->boiler.n; b++)
			if (c->boiler.a[b].start <= P.start && c->boiler.a[b].end >= P.end)
				covered = true;
		if (covered)
			continue;
		seen++;
		uint32_t d = nf_boiler_dateline(t, P.start, P.end);
		if (d && d < P.end - P.start) {
			if (NF_VEC_PUSH(&c->boiler,
					((nf_mark){P.start, P.start + d, NF_BOILER_DATELINE})))
				return NF_ENOMEM;
			break;
		}
	}
	/* keep them sorted by start (datelines were appended last) */
	for (size_t i = 1; i < c->boiler.n; i++) {
		nf_mark m = c->boiler.a[i];
		size_t j = i;
		while (j > 0 && c->boiler.a[j - 1].start > m.start) {
			c->boiler.a[j] = c->boiler.a[j - 1];
			j--;
		}
		c->boiler.a[j] = m;
	}
	return 0;
}

/* --- presentation text ---------------------------------------------------------------------- */

/* Does s[0..n) hold two spaces in a row? Eight bytes at a time (stride 7, so that pairs
 * across blocks are seen). */
static bool double_space(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 7) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		uint64_t x = v ^ 0x2020202020202020ull;
		/* 0x80 in every byte of x that is zero, exactly */
		uint64_t z = ~(((x & 0x7F7F7F7F7F7F7F7Full) + 0x7F7F7F7F7F7F7F7Full) | x |
			       0x7F7F7F7F7F7F7F7Full);
		if (z & (z >> 8))
			return true;
	}
	for (; i + 1 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ')
			return true;
	return false;
}

/* Paragraphs joined by blank lines, runs of white space as one space. */
static int build_text(nf_cleaner *c)
{
	const char *t = c->t.data;
	nf_buf_reset(&c->text);
	/* reserve: the text only shrinks here (plus separators between paragraphs) */
	if (nf_buf_reserve(&c->text, c->t.len + 2 * c->paras.n + 2))
		return NF_ENOMEM;
	char *d = c->text.data, *d0 = d;
	for (size_t p = 0; p < c->paras.n; p++) {
		if (p) {
			*d++ = '\n';
			*d++ = '\n';
		}
		uint32_t i = c->paras.a[p].start, e = c->paras.a[p].end;
		if (!memchr(t + i, '\n', e - i) && !double_space(t + i, e - i)) {
			memcpy(d, t + i, e - i); /* nothing to collapse: the usual case */
			d += e - i;
			continue;
		}
		bool space = false;
		for (; i < e; i++) {
			char ch = t[i];
			if (ch == ' ' || ch == '\n') {
				space = true;
				continue;
			}
			if (space)
				*d++ = ' ';
			space = false;
			*d++ = ch;
		}
	}
	c->text.len = (size_t)(d - d0);
	return 0;
}

/* --- the whole stage ------------------------------------------------------------------------ */

static int map_spans(const nf_regions *r, const nf_span *in, size_t n, void *outv)
{
	NF_VEC(nf_span) *out = outv;
	out->n = 0;
	if (NF_VEC_RESERVE(out, n))
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++)
		out->a[i] = (nf_span){nf_region_map(r, in[i].start, false),
				      nf_region_map(r, in[i].end, true)};
	out->n = n;
	return 0;
}

int nf_clean(nf_cleaner *c, const char *text, size_t n, nf_cleaned *out)
{
	if (n >= UINT32_MAX / 2 || (!text && n))
		return NF_EINVAL;
	pthread_once(&tables_once, fill_tables);
	nf_buf_reset(&c->t);
	nf_buf_reset(&c->norm);
	c->regs.n = c->repairs.n = c->paras.n = c->sents.n = c->toks.n = c->boiler.n = 0;
	int rc = nf_text_normalize(text ? text : "", n, c->opt.no_mojibake, &c->t, &c->regs,
				   &c->repairs);
	if (rc)
		return rc;
	if (c->t.len >= UINT32_MAX / 2)
		return NF_EINVAL;
	if ((rc = split_lines(c)) || (rc = find_paragraphs(c)))
		return rc;
	if (NF_VEC_RESERVE(&c->toks, c->t.len / 4 + 16))
		return NF_ENOMEM;
	/* the normalized forms are about as long as the text: reserve once */
	if (nf_buf_reserve(&c->norm, c->t.len + 16) || nf_buf_reserve(&c->t, 16))
		return NF_ENOMEM;
	for (size_t p = 0; p < c->paras.n; p++) {
		size_t first_tok = c->toks.n, first_sent = c->sents.n;
		if ((rc = tokenize(c, c->paras.a[p].start, c->paras.a[p].end)) ||
		    (rc = sentences(c, c->paras.a[p].start, c->paras.a[p].end)))
			return rc;
		/* mark the first token of each sentence */
		size_t s = first_sent;
		for (size_t k = first_tok; k < c->toks.n && s < c->sents.n; k++) {
			while (s < c->sents.n && c->sents.a[s].end <= c->toks.a[k].start)
				s++;
			if (s < c->sents.n && c->toks.a[k].start >= c->sents.a[s].start) {
				c->toks.a[k].flags |= NF_TOK_SENT;
				s++;
			}
		}
	}
	if (!c->opt.no_boiler && (rc = find_boiler(c)))
		return rc;
	if ((rc = build_text(c)))
		return rc;

	/* tokens inside boilerplate; then everything to original offsets */
	size_t content = 0, b = 0;
	for (size_t k = 0; k < c->toks.n; k++) {
		nf_token *tk = &c->toks.a[k];
		while (b < c->boiler.n && c->boiler.a[b].end <= tk->start)
			b++;
		bool in = false;
		for (size_t j = b; j < c->boiler.n && c->boiler.a[j].start <= tk->start; j++)
			if (c->boiler.a[j].end > tk->start)
				in = true;
		if (in)
			tk->flags |= NF_TOK_BOILER;
		else
			content++;
	}
	if (c->regs.n) {
		nf_region_cursor cs = {&c->regs, 0}, ce = {&c->regs, 0};
		for (size_t k = 0; k < c->toks.n; k++) {
			nf_token *tk = &c->toks.a[k];
			tk->start = nf_region_next(&cs, tk->start, false);
			tk->end = nf_region_next(&ce, tk->end, true);
		}
	}
	if (map_spans(&c->regs, c->paras.a, c->paras.n, &c->paras_o) ||
	    map_spans(&c->regs, c->sents.a, c->sents.n, &c->sents_o))
		return NF_ENOMEM;
	c->boiler_o.n = 0;
	if (NF_VEC_RESERVE(&c->boiler_o, c->boiler.n))
		return NF_ENOMEM;
	for (size_t i = 0; i < c->boiler.n; i++) {
		nf_mark m = c->boiler.a[i];
		c->boiler_o.a[i] = (nf_mark){nf_region_map(&c->regs, m.start, false),
					     nf_region_map(&c->regs, m.end, true), m.kind};
	}
	c->boiler_o.n = c->boiler.n;

	*out = (nf_cleaned){
	    .text = c->text.data ? c->text.data : "",
	    .text_len = c->text.len,
	    .paragraphs = c->paras_o.a,
	    .n_paragraphs = c->paras_o.n,
	    .sentences = c->sents_o.a,
	    .n_sentences = c->sents_o.n,
	    .tokens = c->toks.a,
	    .n_tokens = c->toks.n,
	    .norm = c->norm.data ? c->norm.data : "",
	    .norm_len = c->norm.len,
	    .boiler = c->boiler_o.a,
	    .n_boiler = c->boiler_o.n,
	    .repairs = c->repairs.a,
	    .n_repairs = c->repairs.n,
	    .n_content_tokens = content,
	};
	return 0;
}

const char *nf_boiler_name(int reason)
{
	static const char *const names[] = {"none",
#define NF_X_NAME(name, str) str,
					    NF_BOILER_TABLE(NF_X_NAME)
#undef NF_X_NAME
	};
	if (reason < 0 || (size_t)reason >= NF_ARRAY_LEN(names))
		return "unknown";
	return names[reason];
}

const char *nf_repair_name(int kind)
{
	switch (kind) {
	case NF_REPAIR_MOJIBAKE:
		return "mojibake";
	case NF_REPAIR_UTF8:
		return "invalid-utf8";
	case NF_REPAIR_CONTROL:
		return "control";
	}
	return "unknown";
}
