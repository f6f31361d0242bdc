/*
 * event.c - event terms of an article: what the story clustering compares.
 *
 * Content words are stemmed with Snowball (libstemmer) after dropping stopwords; names are the
 * capitalised words that are not only capitalised because they open a sentence (a sentence-
 * initial word counts as a name when the article also capitalises it elsewhere; in a title,
 * where every word may be capitalised, likewise); numbers of two or more characters are kept
 * as they are. Names get a key that folds common transliteration variants, so that Zelenskyy
 * and Zelenskiy, or Al-Assad and Assad, are one term: a leading "al-"/"el-" is dropped, y and i
 * are one letter, "ph" is "f", "ck" and "q" are "k", and doubled letters count once.
 *
 * Occurrences are weighted by where they are: title 3, lead (the first two sentences of the
 * text) 2, elsewhere 1. Boilerplate tokens do not count.
 */
#include "cluster.h"

#include <libstemmer.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <stdlib.h>
#include <string.h>

#define W_TITLE		    3.0f
#define W_LEAD		    2.0f
#define W_BODY		    1.0f
#define LEAD_SENTENCES	    2
#define HEADLINE_MAX_TOKENS 16
#define FULL_MAX	    129 /* a full name's key: two name keys of up to 64 bytes and a space */

/* English stopwords: function words, auxiliaries and the reporting verbs every article has. */
static const char *const stopwords[] = {
    "a",	"about",     "above",	 "after",      "again",	    "against",	 "all",
    "also",	"am",	     "an",	 "and",	       "any",	    "are",	 "as",
    "at",	"be",	     "because",	 "been",       "before",    "being",	 "below",
    "between",	"both",	     "but",	 "by",	       "can",	    "could",	 "did",
    "do",	"does",	     "doing",	 "down",       "during",    "each",	 "few",
    "for",	"from",	     "further",	 "had",	       "has",	    "have",	 "having",
    "he",	"her",	     "here",	 "hers",       "herself",   "him",	 "himself",
    "his",	"how",	     "i",	 "if",	       "in",	    "into",	 "is",
    "it",	"its",	     "itself",	 "just",       "may",	    "me",	 "might",
    "more",	"most",	     "must",	 "my",	       "myself",    "no",	 "nor",
    "not",	"now",	     "of",	 "off",	       "on",	    "once",	 "one",
    "only",	"or",	     "other",	 "our",	       "ours",	    "ourselves", "out",
    "over",	"own",	     "same",	 "said",       "say",	    "says",	 "she",
    "should",	"so",	     "some",	 "such",       "than",	    "that",	 "the",
    "their",	"theirs",    "them",	 "themselves", "then",	    "there",	 "these",
    "they",	"this",	     "those",	 "through",    "to",	    "told",	 "too",
    "under",	"until",     "up",	 "us",	       "very",	    "was",	 "we",
    "were",	"what",	     "when",	 "where",      "which",	    "while",	 "who",
    "whom",	"why",	     "will",	 "with",       "would",	    "you",	 "your",
    "yours",	"yourself",  "yet",	 "according",  "mr",	    "mrs",	 "ms",
    "dr",	"s",	     "t",	 "new",	       "monday",    "tuesday",	 "wednesday",
    "thursday", "friday",    "saturday", "sunday",     "year",	    "years",	 "week",
    "today",	"yesterday", "tomorrow", "time",       "two",	    "three",	 "first",
    "last",	"people",    "like",	 "get",	       "got",	    "made",	 "make",
    "many",	"much",	     "well",	 "back",       "even",	    "still",	 "way",
    "since",	"around",    "another",	 "however",    "including", "although",	 "though",
    "within",	"without",   "upon",	 "onto",       "per",	    "via",	 "ago",
    "later",	"earlier",   "reported", "report",     "reports",   "news",	 "read",
    "story",	"added",     "says",	 "saying",
};

#define STOP_BITS 10 /* 1024 slots for ~230 words */

typedef struct occ {
	uint64_t hash;
	uint32_t text, len;	 /* in e->chars */
	uint32_t surf, surf_len; /* the best surface form seen, in e->chars */
	uint8_t kind;
	float weight;
} occ;

#define LANGS 32 /* stemmers kept, by language */

struct nf_eventer {
	struct sb_stemmer *stem; /* the article's: base, or one of langs */
	struct sb_stemmer *base; /* the eventer's language */
	struct {
		char code[8];
		struct sb_stemmer *st; /* NULL: Snowball has no stemmer for it (base is used) */
	} langs[LANGS];
	int n_langs;
	bool oom; /* nf_event_stem found no memory (nf_event_take_oom) */
	uint64_t stop[1 << STOP_BITS];
	/* the article being built */
	occ *terms;
	size_t n, cap;
	uint32_t *slots; /* open addressing over terms, by hash; 0 = empty, else index + 1 */
	size_t slot_bits;
	char *chars;
	size_t n_chars, cap_chars;
	/* words of Chinese and Japanese runs: ICU's word break iterator (dictionary based) */
	UBreakIterator *brk; /* made on the first run */
	NF_VEC(UChar) u16;
	nf_buf run;
	nf_event_term *out;
	size_t cap_out;
	bool have_title;
	/* name keys seen capitalised mid-sentence in the current field (hashes) */
	uint64_t *names;
	size_t n_names, cap_names;
	/* capitalised title words, decided at the end (names are known once the text is in) */
	struct pend {
		uint32_t text, len, surf, surf_len; /* normalized and as written, in e->chars */
	} * pend;
	size_t n_pend, cap_pend;
	struct full {
		uint64_t sur;
		uint8_t len, surf_len;
		bool ambiguous;
		char name[FULL_MAX];
		char surf[FULL_MAX]; /* as written */
	} * full;
	size_t n_full, cap_full;
	char key[256];
	const char *src; /* the text of the field being added (nf_event_source), or NULL */
	size_t src_len;
};

static uint64_t hash_kind(const char *s, size_t n, int kind)
{
	return nf_hash64(s, n, 0x9e3779b97f4a7c15ull * (uint64_t)(kind + 1));
}

static bool is_stop(const nf_eventer *e, const char *s, size_t n)
{
	/* a lone hiragana (U+3040-309F) is a Japanese particle: は, を, が, の */
	const unsigned char *u = (const unsigned char *)s;
	if (n == 3 && u[0] == 0xE3 &&
	    ((u[1] == 0x81 && u[2] >= 0x80) || (u[1] == 0x82 && u[2] <= 0x9F)))
		return true;
	/* a contraction is a stopword when its base is: it's, they're, don't, we'll */
	const char *ap = memchr(s, '\'', n);
	if (ap && ap > s) {
		size_t b = (size_t)(ap - s);
		if (b > 1 && s[b - 1] == 'n' && n - b == 2 && s[b + 1] == 't')
			b--; /* don't -> do */
		if (n - b <= 4)
			n = b;
	}
	uint64_t h = nf_hash64(s, n, 7) | 1;
	size_t mask = ((size_t)1 << STOP_BITS) - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		if (e->stop[i] == 0)
			return false;
		if (e->stop[i] == h)
			return true;
	}
}

int nf_eventer_new(nf_eventer **out, const char *language)
{
	*out = NULL;
	nf_eventer *e = calloc(1, sizeof(*e));
	if (!e)
		return NF_ENOMEM;
	e->stem = e->base = sb_stemmer_new(language ? language : "english", "UTF_8");
	e->cap_names = 256;
	e->names = calloc(e->cap_names, sizeof(uint64_t));
	if (!e->stem || !e->names) {
		int rc = e->stem ? NF_ENOMEM : NF_EINVAL;
		nf_eventer_free(e);
		return rc;
	}
	size_t mask = ((size_t)1 << STOP_BITS) - 1;
	for (size_t k = 0; k < NF_ARRAY_LEN(stopwords); k++) {
		uint64_t h = nf_hash64(stopwords[k], strlen(stopwords[k]), 7) | 1;
		size_t i = h & mask;
		while (e->stop[i] && e->stop[i] != h)
			i = (i + 1) & mask;
		e->stop[i] = h;
	}
	*out = e;
	return 0;
}

void nf_eventer_free(nf_eventer *e)
{
	if (!e)
		return;
	if (e->brk)
		ubrk_close(e->brk);
	NF_VEC_FREE(&e->u16);
	nf_buf_release(&e->run);
	sb_stemmer_delete(e->base);
	for (int i = 0; i < e->n_langs; i++)
		if (e->langs[i].st)
			sb_stemmer_delete(e->langs[i].st);
	free(e->terms);
	free(e->slots);
	free(e->chars);
	free(e->out);
	free(e->names);
	free(e->pend);
	free(e->full);
	free(e);
}

void nf_event_begin(nf_eventer *e)
{
	e->stem = e->base;
	e->n = 0;
	e->n_chars = 0;
	e->have_title = false;
	if (e->n_names)
		memset(e->names, 0, e->cap_names * sizeof(uint64_t));
	e->n_names = 0;
	e->n_pend = 0;
	if (e->slots)
		memset(e->slots, 0, sizeof(uint32_t) << e->slot_bits);
}

static int rehash(nf_eventer *e)
{
	size_t bits = e->slot_bits ? e->slot_bits + 1 : 10;
	uint32_t *s = calloc((size_t)1 << bits, sizeof(uint32_t));
	if (!s)
		return NF_ENOMEM;
	size_t mask = ((size_t)1 << bits) - 1;
	for (size_t t = 0; t < e->n; t++) {
		size_t i = e->terms[t].hash & mask;
		while (s[i])
			i = (i + 1) & mask;
		s[i] = (uint32_t)t + 1;
	}
	free(e->slots);
	e->slots = s;
	e->slot_bits = bits;
	return 0;
}

bool nf_surface_better(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return an < bn;
	bool ca = true, cb = true; /* all capitals (no lower-case ASCII letter) */
	for (size_t i = 0; i < an; i++) {
		ca = ca && !(a[i] >= 'a' && a[i] <= 'z');
		cb = cb && !(b[i] >= 'a' && b[i] <= 'z');
	}
	if (ca != cb)
		return cb;
	return memcmp(a, b, an) < 0;
}

/* Appends n bytes to e->chars; returns their offset, or UINT32_MAX without memory. */
static uint32_t put_chars(nf_eventer *e, const char *s, size_t n)
{
	if (nf_grow((void **)&e->chars, &e->cap_chars, e->n_chars + n, 1))
		return UINT32_MAX;
	memmove(e->chars + e->n_chars, s, n); /* s may lie in e->chars (a pending title word) */
	e->n_chars += n;
	return (uint32_t)(e->n_chars - n);
}

/* Adds an occurrence of a term (s, n) written as (sf, sfn). */
static int add_term(nf_eventer *e, const char *s, size_t n, int kind, float w, const char *sf,
		    size_t sfn)
{
	if (n == 0 || n > 64)
		return 0;
	if (sfn == 0 || sfn > 255)
		sf = s, sfn = n;
	if ((e->n + 1) * 2 > ((size_t)1 << e->slot_bits) && rehash(e))
		return NF_ENOMEM;
	uint64_t h = hash_kind(s, n, kind);
	size_t mask = ((size_t)1 << e->slot_bits) - 1;
	size_t i = h & mask;
	for (; e->slots[i]; i = (i + 1) & mask) {
		occ *o = &e->terms[e->slots[i] - 1];
		if (o->hash == h && o->kind == kind && o->len == n &&
		    memcmp(e->chars + o->text, s, n) == 0) {
			o->weight += w;
			if (nf_surface_better(sf, sfn, e->chars + o->surf, o->surf_len)) {
				char tmp[256];
				memcpy(tmp, sf, sfn); /* sf may lie in e->chars, which may move */
				uint32_t at = put_chars(e, tmp, sfn);
				if (at == UINT32_MAX)
					return NF_ENOMEM;
				o = &e->terms[e->slots[i] - 1];
				o->surf = at;
				o->surf_len = (uint32_t)sfn;
			}
			return 0;
		}
	}
	char tmp[64 + 256];
	memcpy(tmp, s, n);
	memcpy(tmp + n, sf, sfn);
	uint32_t at = UINT32_MAX;
	if (nf_grow((void **)&e->terms, &e->cap, e->n + 1, sizeof(occ)) ||
	    (at = put_chars(e, tmp, n + sfn)) == UINT32_MAX)
		return NF_ENOMEM;
	e->terms[e->n] =
	    (occ){h, at, (uint32_t)n, at + (uint32_t)n, (uint32_t)sfn, (uint8_t)kind, w};
	e->slots[i] = (uint32_t)++e->n;
	return 0;
}

/* The name key of a normalized (case-folded) word into e->key; returns its length (0: none). */
static size_t name_key(nf_eventer *e, const char *s, size_t n)
{
	if (n > 3 && (memcmp(s, "al-", 3) == 0 || memcmp(s, "el-", 3) == 0)) {
		s += 3;
		n -= 3;
	}
	size_t k = 0;
	for (size_t i = 0; i < n && k < sizeof(e->key); i++) {
		char c = s[i];
		if (c == '-' || c == '\'' || c == '.')
			continue;
		if (c == 'y')
			c = 'i';
		else if (c == 'q')
			c = 'k';
		else if (c == 'p' && i + 1 < n && s[i + 1] == 'h') {
			c = 'f';
			i++;
		} else if (c == 'c' && i + 1 < n && s[i + 1] == 'k') {
			c = 'k';
			i++;
		}
		if (k > 0 && e->key[k - 1] == c)
			continue;
		e->key[k++] = c;
	}
	/* the English possessive: Trump's is Trump */
	if (k > 2 && e->key[k - 1] == 's' && n > 2 && s[n - 2] == '\'')
		k--;
	return k;
}

/* e->names is an open-addressing set of word hashes (0 = empty), cap_names slots. */
static bool seen_name(const nf_eventer *e, uint64_t h)
{
	h |= 1;
	size_t mask = e->cap_names - 1;
	for (size_t i = h & mask; e->names[i]; i = (i + 1) & mask)
		if (e->names[i] == h)
			return true;
	return false;
}

static int add_name(nf_eventer *e, uint64_t h)
{
	if ((e->n_names + 1) * 2 > e->cap_names) {
		size_t cap = e->cap_names * 2;
		uint64_t *a = calloc(cap, sizeof(uint64_t));
		if (!a)
			return NF_ENOMEM;
		for (size_t i = 0; i < e->cap_names; i++) {
			uint64_t x = e->names[i];
			if (!x)
				continue;
			size_t j = x & (cap - 1);
			while (a[j])
				j = (j + 1) & (cap - 1);
			a[j] = x;
		}
		free(e->names);
		e->names = a;
		e->cap_names = cap;
	}
	h |= 1;
	size_t mask = e->cap_names - 1, i = h & mask;
	while (e->names[i] && e->names[i] != h)
		i = (i + 1) & mask;
	if (!e->names[i]) {
		e->names[i] = h;
		e->n_names++;
	}
	return 0;
}

static bool is_number(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != ',')
			return false;
	return true;
}

/* Full names of the current field by surname; a surname shared by two full names maps to none. */
static int note_full(nf_eventer *e, const char *sur, size_t sn, const char *full, size_t fn,
		     const char *surf, size_t sfn)
{
	uint64_t h = nf_hash64(sur, sn, 5);
	for (size_t i = 0; i < e->n_full; i++) {
		struct full *f = &e->full[i];
		if (f->sur == h) {
			if (f->len != fn || memcmp(f->name, full, fn) != 0)
				f->ambiguous = true;
			return 0;
		}
	}
	if (nf_grow((void **)&e->full, &e->cap_full, e->n_full + 1, sizeof(struct full)))
		return NF_ENOMEM;
	struct full *f = &e->full[e->n_full++];
	f->sur = h;
	f->len = (uint8_t)fn;
	f->ambiguous = false;
	memcpy(f->name, full, fn);
	f->surf_len = (uint8_t)(sfn < FULL_MAX ? sfn : 0);
	memcpy(f->surf, surf, f->surf_len);
	return 0;
}

static const struct full *find_full(const nf_eventer *e, const char *sur, size_t sn)
{
	if (e->n_full == 0)
		return NULL;
	uint64_t h = nf_hash64(sur, sn, 5);
	for (size_t i = 0; i < e->n_full; i++)
		if (e->full[i].sur == h)
			return e->full[i].ambiguous ? NULL : &e->full[i];
	return NULL;
}

/* A capitalised title word (normalized s, written sf), decided at the end. */
static int pend(nf_eventer *e, const char *s, size_t n, const char *sf, size_t sfn)
{
	if (nf_grow((void **)&e->pend, &e->cap_pend, e->n_pend + 1, sizeof(*e->pend)))
		return NF_ENOMEM;
	uint32_t a = put_chars(e, s, n), b = a == UINT32_MAX ? a : put_chars(e, sf, sfn);
	if (b == UINT32_MAX)
		return NF_ENOMEM;
	e->pend[e->n_pend++] = (struct pend){a, (uint32_t)n, b, (uint32_t)sfn};
	return 0;
}

/* How token k is written: its bytes in the source text without an English possessive, or its
 * normalized form when the source is not known. */
static const char *written(const nf_eventer *e, const nf_cleaned *c, const nf_token *k, size_t *len)
{
	if (!e->src || k->end > e->src_len || k->end <= k->start || k->end - k->start > 64) {
		*len = k->norm_len;
		return c->norm + k->norm;
	}
	const char *p = e->src + k->start;
	size_t n = k->end - k->start;
	if (n > 2 && p[n - 1] == 's' && p[n - 2] == '\'')
		n -= 2;
	else if (n > 4 && p[n - 1] == 's' && memcmp(p + n - 4, "\xE2\x80\x99", 3) == 0)
		n -= 4;
	*len = n;
	return p;
}

/* Adds a word as a name (written sf) or as its stem (written as its normalized form). */
static int add_word(nf_eventer *e, const char *s, size_t n, bool name, float w, const char *sf,
		    size_t sfn)
{
	if (name) {
		size_t kn = name_key(e, s, n);
		return kn >= 2 ? add_term(e, e->key, kn, NF_TERM_NAME, w, sf, sfn) : 0;
	}
	const sb_symbol *st = sb_stemmer_stem(e->stem, (const sb_symbol *)s, (int)n);
	if (!st)
		return NF_ENOMEM;
	int sn = sb_stemmer_length(e->stem);
	return sn >= 2 ? add_term(e, (const char *)st, (size_t)sn, NF_TERM_WORD, w, s, n) : 0;
}

/* The Snowball stemmer for an ISO 639 code, when this libstemmer has one. */
static const char *snowball_name(const char *code)
{
	static const char *const map[][2] = {
	    {"ar", "arabic"},	  {"hy", "armenian"},	{"eu", "basque"},    {"ca", "catalan"},
	    {"da", "danish"},	  {"nl", "dutch"},	{"en", "english"},   {"fi", "finnish"},
	    {"fr", "french"},	  {"de", "german"},	{"el", "greek"},     {"hi", "hindi"},
	    {"hu", "hungarian"},  {"id", "indonesian"}, {"ga", "irish"},     {"it", "italian"},
	    {"lt", "lithuanian"}, {"ne", "nepali"},	{"no", "norwegian"}, {"nb", "norwegian"},
	    {"nn", "norwegian"},  {"pt", "portuguese"}, {"ro", "romanian"},  {"ru", "russian"},
	    {"sr", "serbian"},	  {"es", "spanish"},	{"sv", "swedish"},   {"ta", "tamil"},
	    {"tr", "turkish"},	  {"yi", "yiddish"}};
	const char *name = NULL;
	for (size_t i = 0; i < NF_ARRAY_LEN(map) && !name; i++)
		if (strcmp(code, map[i][0]) == 0)
			name = map[i][1];
	for (const char **l = name ? sb_stemmer_list() : NULL; l && *l; l++)
		if (strcmp(*l, name) == 0)
			return name;
	return NULL;
}

int nf_event_language(nf_eventer *e, const char *lang, size_t n)
{
	e->stem = e->base;
	size_t k = 0;
	char code[8];
	while (k < n && k + 1 < sizeof(code) && lang[k] != '-' && lang[k] != '_') {
		char c = lang[k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return 0; /* not a language tag: the eventer's language */
		code[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	code[k] = '\0';
	if (k < 2 || k > 3 || (k < n && lang[k] != '-' && lang[k] != '_'))
		return 0;
	for (int i = 0; i < e->n_langs; i++)
		if (strcmp(e->langs[i].code, code) == 0) {
			if (e->langs[i].st)
				e->stem = e->langs[i].st;
			return 0;
		}
	const char *name = snowball_name(code);
	struct sb_stemmer *st = name ? sb_stemmer_new(name, "UTF_8") : NULL;
	if (name && !st)
		return NF_ENOMEM; /* Snowball has it: NULL meant no memory */
	if (e->n_langs < LANGS) {
		nf_fmt(e->langs[e->n_langs].code, sizeof(e->langs[0].code), "%s", code);
		e->langs[e->n_langs++].st = st;
	} else if (st) {
		sb_stemmer_delete(st); /* (too many languages in one run: the rest use base) */
		st = NULL;
	}
	if (st)
		e->stem = st;
	return 0;
}

void nf_event_source(nf_eventer *e, const char *text, size_t len)
{
	e->src = text;
	e->src_len = len;
}

/* The words of a run of ideographs and kana, run[0..n) (normalized, UTF-8), as word terms:
 * split with ICU's word break iterator, whose dictionary knows Chinese and Japanese words (a
 * character alone means little: 北京 is Beijing, 北 north). */
static int cjk_words(nf_eventer *e, const char *run, size_t n, float w)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0;
	u_strFromUTF8(NULL, 0, &len, run, (int32_t)n, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return 0; /* (normalized text is valid UTF-8) */
	if (NF_VEC_RESERVE(&e->u16, (size_t)len + 1))
		return NF_ENOMEM;
	st = U_ZERO_ERROR;
	u_strFromUTF8(e->u16.a, len + 1, &len, run, (int32_t)n, &st);
	if (!e->brk && U_SUCCESS(st))
		e->brk = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
	if (U_SUCCESS(st))
		ubrk_setText(e->brk, e->u16.a, len, &st);
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return NF_ENOMEM;
	if (U_FAILURE(st))
		return 0;
	char word[256];
	for (int32_t a = ubrk_first(e->brk), b; (b = ubrk_next(e->brk)) != UBRK_DONE; a = b) {
		if (ubrk_getRuleStatus(e->brk) < UBRK_WORD_LETTER) /* not a word: spaces, marks */
			continue;
		if (b - a == 1 && e->u16.a[a] >= 0x3040 && e->u16.a[a] <= 0x309F)
			continue; /* a lone hiragana: a particle (は, を, が), a stopword */
		int32_t wl = 0;
		UErrorCode s2 = U_ZERO_ERROR;
		u_strToUTF8(word, (int32_t)sizeof(word), &wl, e->u16.a + a, b - a, &s2);
		if (U_SUCCESS(s2) && wl > 0 && wl < (int32_t)sizeof(word) &&
		    add_term(e, word, (size_t)wl, NF_TERM_WORD, w, word, (size_t)wl))
			return NF_ENOMEM;
	}
	return 0;
}

int nf_event_add(nf_eventer *e, const nf_cleaned *c, int field)
{
	if (!e->slots && rehash(e))
		return NF_ENOMEM;
	/* A title-less text whose first paragraph is short reads as headline + body. */
	size_t headline_end = 0;
	if (field == NF_FIELD_BODY && !e->have_title && c->n_paragraphs > 1) {
		size_t k = 0;
		while (k < c->n_tokens && c->tokens[k].start < c->paragraphs[0].end)
			k++;
		if (k > 0 && k <= HEADLINE_MAX_TOKENS)
			headline_end = k;
	}
	/* Which capitalised words are names: those capitalised somewhere not opening a sentence. */
	for (size_t t = 0; t < c->n_tokens; t++) {
		const nf_token *k = &c->tokens[t];
		if ((k->flags & (NF_TOK_UPPER | NF_TOK_SENT | NF_TOK_BOILER)) != NF_TOK_UPPER)
			continue;
		if (field == NF_FIELD_TITLE || t < headline_end)
			continue; /* title case says nothing */
		const char *s = c->norm + k->norm;
		if (is_stop(e, s, k->norm_len))
			continue;
		if (add_name(e, nf_hash64(s, k->norm_len, 3)))
			return NF_ENOMEM;
	}
	if (field == NF_FIELD_TITLE)
		e->have_title = true;
	/* Two passes: the first finds the full names (two capitalised words with one space
	 * between), the second emits the terms; a surname standing alone counts for the one full
	 * name of the article that ends with it (in-article coreference: Mr. Frepam is Marco
	 * Frepam), and once for itself. */
	e->n_full = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t sentences = 0, prev_n = 0, prev_t = 0, prev_wn = 0;
		char prev[64], pair[FULL_MAX], prev_w[64], pair_w[FULL_MAX];
		for (size_t t = 0; t < c->n_tokens; t++) {
			const nf_token *k = &c->tokens[t];
			if (t >= headline_end && (k->flags & NF_TOK_SENT))
				sentences++;
			if (k->flags & NF_TOK_BOILER)
				continue;
			float w = field == NF_FIELD_TITLE || t < headline_end ? W_TITLE
				  : sentences <= LEAD_SENTENCES		      ? W_LEAD
									      : W_BODY;
			const char *s = c->norm + k->norm;
			size_t n = k->norm_len;
			if (k->flags & (NF_TOK_NUMBER | NF_TOK_CJK)) {
				prev_n = 0;
				if (pass == 0)
					continue;
				if (k->flags & NF_TOK_CJK) {
					/* the run of ideographs this one starts (or goes on) */
					if (t == 0 || !(c->tokens[t - 1].flags & NF_TOK_CJK) ||
					    c->tokens[t - 1].end != k->start)
						nf_buf_reset(&e->run);
					if (nf_buf_append(&e->run, s, n))
						return NF_ENOMEM;
					bool last = t + 1 == c->n_tokens ||
						    !(c->tokens[t + 1].flags & NF_TOK_CJK) ||
						    c->tokens[t + 1].start != k->end;
					if (last && cjk_words(e, e->run.data, e->run.len, w))
						return NF_ENOMEM;
				}
				if ((k->flags & NF_TOK_NUMBER) && n >= 2 && is_number(s, n) &&
				    add_term(e, s, n, NF_TERM_NUMBER, w, s, n))
					return NF_ENOMEM;
				continue;
			}
			if (n < 2 || is_stop(e, s, n)) {
				prev_n = 0;
				continue;
			}
			size_t wn;
			const char *wr = written(e, c, k, &wn);
			if (field == NF_FIELD_TITLE && (k->flags & NF_TOK_UPPER)) {
				if (pass == 1 && pend(e, s, n, wr, wn))
					return NF_ENOMEM;
				continue;
			}
			bool name = false;
			if (k->flags & NF_TOK_UPPER)
				name = (!(k->flags & NF_TOK_SENT) && t >= headline_end) ||
				       seen_name(e, nf_hash64(s, n, 3));
			if (!name) {
				prev_n = 0;
				if (pass == 1 && add_word(e, s, n, false, w, NULL, 0))
					return NF_ENOMEM;
				continue;
			}
			size_t kn = name_key(e, s, n);
			bool full = prev_n && t == prev_t + 1 &&
				    k->start == c->tokens[prev_t].end + 1 &&
				    prev_n + 1 + kn <= sizeof(pair);
			size_t pw = 0; /* the full name as written: "Marco Frepam" */
			if (full) {
				memcpy(pair, prev, prev_n);
				pair[prev_n] = ' ';
				memcpy(pair + prev_n + 1, e->key, kn);
				if (prev_wn + 1 + wn <= sizeof(pair_w)) {
					memcpy(pair_w, prev_w, prev_wn);
					pair_w[prev_wn] = ' ';
					memcpy(pair_w + prev_wn + 1, wr, wn);
					pw = prev_wn + 1 + wn;
				}
			}
			if (pass == 0) {
				if (full &&
				    note_full(e, e->key, kn, pair, prev_n + 1 + kn, pair_w, pw))
					return NF_ENOMEM;
			} else if (full) {
				if (add_term(e, pair, prev_n + 1 + kn, NF_TERM_NAME, w, pair_w,
					     pw) ||
				    add_term(e, e->key, kn, NF_TERM_NAME, w, wr, wn))
					return NF_ENOMEM;
			} else {
				const struct full *f = find_full(e, e->key, kn);
				if (f && kn >= 2) {
					if (add_term(e, f->name, f->len, NF_TERM_NAME, w, f->surf,
						     f->surf_len))
						return NF_ENOMEM;
				} else if (kn >= 2 &&
					   add_term(e, e->key, kn, NF_TERM_NAME, w, wr, wn)) {
					return NF_ENOMEM;
				}
			}
			prev_n = kn < sizeof(prev) ? kn : 0;
			memcpy(prev, e->key, prev_n);
			prev_wn = wn < sizeof(prev_w) ? wn : 0;
			memcpy(prev_w, wr, prev_wn);
			prev_t = t;
		}
	}
	e->src = NULL; /* for this field only */
	return 0;
}

int nf_event_end(nf_eventer *e, const nf_event_term **terms, size_t *n)
{
	if (!e->slots && rehash(e))
		return NF_ENOMEM;
	for (size_t i = 0; i < e->n_pend; i++) {
		/* copy out: add_term may move e->chars */
		char w[64], sf[64];
		size_t len = e->pend[i].len < sizeof(w) ? e->pend[i].len : sizeof(w);
		size_t sfn = e->pend[i].surf_len < sizeof(sf) ? e->pend[i].surf_len : sizeof(sf);
		memcpy(w, e->chars + e->pend[i].text, len);
		memcpy(sf, e->chars + e->pend[i].surf, sfn);
		if (add_word(e, w, len, seen_name(e, nf_hash64(w, len, 3)), W_TITLE, sf, sfn))
			return NF_ENOMEM;
	}
	e->n_pend = 0;
	if (nf_grow((void **)&e->out, &e->cap_out, e->n + 1, sizeof(nf_event_term)))
		return NF_ENOMEM;
	for (size_t i = 0; i < e->n; i++) {
		const occ *o = &e->terms[i];
		e->out[i] = (nf_event_term){o->hash,   e->chars + o->text, o->len,     o->kind,
					    o->weight, e->chars + o->surf, o->surf_len};
	}
	*terms = e->out;
	*n = e->n;
	return 0;
}

size_t nf_event_stem(nf_eventer *e, const char *s, size_t n, const char **out)
{
	if (n < 2 || is_stop(e, s, n))
		return 0;
	const sb_symbol *st = sb_stemmer_stem(e->stem, (const sb_symbol *)s, (int)n);
	if (!st) { /* the stemmer's buffer could not grow: said by nf_event_take_oom() */
		e->oom = true;
		return 0;
	}
	*out = (const char *)st;
	return (size_t)sb_stemmer_length(e->stem);
}

bool nf_event_take_oom(nf_eventer *e)
{
	bool oom = e->oom;
	e->oom = false;
	return oom;
}

size_t nf_event_name_key(nf_eventer *e, const char *s, size_t n, const char **out)
{
	*out = e->key;
	return name_key(e, s, n > 64 ? 64 : n);
}
