/*
 * gen.c - nf-gen: a deterministic generator of news-like articles for benchmarks and tests.
 *
 * The corpus imitates a news feed. Fifty invented outlets (six agencies, a few aggregators that
 * mostly reprint) publish articles about stories: events with their own people, places,
 * organisation, key terms, figures and quotations, which open and fade over simulated weeks, with
 * a heavy-tailed number of articles each. With --dup-rate, a share of the articles are copies of
 * an earlier article of the same story: exact mirrors, verbatim reprints under another outlet's
 * page furniture, lightly edited copies, and partial reuse (trimmed, paragraphs dropped or merged,
 * local paragraphs added). Every record carries the truth: "_story" and, for copies, "_copy_of"
 * (always an original, never a copy) and "_copy_kind".
 *
 * Text is sentences over function words, common news words and a few thousand words built from
 * syllables, drawn with Zipf-Mandelbrot frequencies (s = 1) through Vose alias tables, plus
 * names, numbers, quotations with attribution (curly or straight), abbreviations, a little
 * non-ASCII, and boilerplate lines (datelines, bylines, read times, timestamps, syndication
 * notes, share prompts, breadcrumbs, photo credits) at rates like those of scraped news.
 *
 * Determinism: every choice comes from a splitmix64 stream seeded from (seed, purpose, index), so
 * an article can be rebuilt from its index alone (a copy regenerates its original instead of
 * keeping it in memory), and only integer arithmetic and IEEE + * / decide anything (no libm): the
 * same arguments give byte-identical output everywhere. Keep it so: at most one draw per
 * expression (C leaves the order of operands and initialisers unspecified; gcc and clang differ).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#include "gen-news.h"

static bool g_news; /* --style news: sentences that read like news (gen-news.h) */

static const char usage[] =
    "usage: nf-gen [--docs N] [--seed S] [--format jsonl|seed] [--dup-rate R] [--out FILE]\n"
    "              [--truth FILE] [--style synthetic|news]\n"
    "\n"
    "Writes a deterministic corpus of news-like articles (about 3.5 KB of text each).\n"
    "\n"
    "  --docs N          number of articles (default 1000)\n"
    "  --seed S          random seed (default 1); same seed and options, same bytes\n"
    "  --format F        jsonl (default): one JSON object per line with id, date, source,\n"
    "                    url, title, text, _story and, for copies, _copy_of and _copy_kind;\n"
    "                    seed: one NNN_<hex>.txt file per article (\" date YYYY-MM-DD \"\n"
    "                    header, then the text) in the directory given by --out\n"
    "  --dup-rate R      share of articles that copy an earlier one (0..1, default 0.1)\n"
    "  --out FILE        output file (jsonl, default stdout) or directory (seed)\n"
    "  --truth FILE      also write id, story, copy_of, copy_kind as tab-separated lines\n"
    "  --style S         synthetic (default): sentences over a Zipf vocabulary of real and\n"
    "                    made-up words, for benchmarks; news: sentences that read like news\n"
    "                    (fires, elections, storms, takeovers, trials), for demos\n";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("nf-gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* --- growable byte buffer ----------------------------------------------------------------- */

typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

static void sb_reserve(sbuf *b, size_t more)
{
	if (b->n + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->n + more)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		die("out of memory");
	b->p = p;
	b->cap = cap;
}

static inline void sb_add(sbuf *b, const void *s, size_t n)
{
	if (!n)
		return; /* s may be the NULL of an empty buffer */
	if (b->n + n > b->cap)
		sb_reserve(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static inline void sb_addc(sbuf *b, char c)
{
	if (b->n + 1 > b->cap)
		sb_reserve(b, 1);
	b->p[b->n++] = c;
}

static void sb_adds(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Decimal, zero-padded to at least `width` digits. */
static void sb_addu(sbuf *b, uint64_t v, int width)
{
	char t[24];
	int k = 0;
	do {
		t[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k < width && k < 20)
		t[k++] = '0';
	sb_reserve(b, (size_t)k);
	while (k)
		b->p[b->n++] = t[--k];
}

static void sb_free(sbuf *b)
{
	free(b->p);
	*b = (sbuf){0};
}

/* --- random numbers: splitmix64 streams (Steele, Lea & Flood 2014) -------------------------- */

/* One 64-bit word of state: cheap to seed per article, and (unlike the vectorised xoshiro
 * update) no store-forwarding stalls in the word loop. Passes BigCrush. */
typedef struct rng {
	uint64_t s;
} rng;

static uint64_t g_seed;

static uint64_t mix64(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Purposes of the streams: an article's title, body and page furniture are separate streams so
 * that a copy can rebuild its original's body without replaying anything else. */
enum stream {
	S_VOCAB = 1,
	S_OUTLET,
	S_REPORTER,
	S_CORPUS,
	S_STORY,
	S_QUOTE,
	S_TITLE,
	S_BODY,
	S_PAGE,
	S_COPY,
};

static void rng_init(rng *r, enum stream purpose, uint64_t index)
{
	r->s = mix64(g_seed ^ mix64((uint64_t)purpose * 0x2545F4914F6CDD1Dull ^ mix64(index)));
}

static inline uint64_t rng_next(rng *r)
{
	uint64_t z = r->s += 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-32). */
static inline uint32_t rng_below(rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* True with probability per_mille / 1000. */
static inline bool rng_pm(rng *r, uint32_t per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

/* --- vocabulary ---------------------------------------------------------------------------- */

enum { W_APOS = 1 }; /* contains ' (written as U+2019 in curly style) */

typedef struct word {
	uint32_t off;
	uint16_t len;
	uint16_t flags;
} word;

static sbuf g_pool;
static word *g_words;
static uint32_t g_nwords, g_capwords;

/* One column of a Vose alias table, holding the two words themselves: a draw touches one
 * entry and the pool, not four tables (it is the inner loop of the generator). */
typedef struct zent {
	uint32_t thresh;
	word w[2]; /* the column's own word, its alias */
} zent;

/* A list of word ids; Zipf lists also carry an alias table. */
typedef struct wlist {
	uint32_t *id;
	uint32_t n, cap;
	zent *z;
} wlist;

static wlist g_func, g_content, g_first, g_last, g_place, g_stem;

static uint64_t *g_seen;
static size_t g_seen_mask;

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xCBF29CE484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
	return h | 1;
}

/* Adds a word to the pool unless it is already there; returns its id or UINT32_MAX. */
static uint32_t word_add(const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	size_t i = (size_t)(h >> 7) & g_seen_mask;
	while (g_seen[i]) {
		if (g_seen[i] == h)
			return UINT32_MAX;
		i = (i + 1) & g_seen_mask;
	}
	g_seen[i] = h;
	if (g_nwords == g_capwords) {
		g_capwords = g_capwords ? g_capwords * 2 : 4096;
		g_words = realloc(g_words, g_capwords * sizeof(*g_words));
		if (!g_words)
			die("out of memory");
	}
	word w = {(uint32_t)g_pool.n, (uint16_t)n, memchr(s, '\'', n) ? W_APOS : 0};
	sb_add(&g_pool, s, n);
	g_words[g_nwords] = w;
	return g_nwords++;
}

static void wl_push(wlist *l, uint32_t id)
{
	if (id == UINT32_MAX)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->id = realloc(l->id, l->cap * sizeof(*l->id));
		if (!l->id)
			die("out of memory");
	}
	l->id[l->n++] = id;
}

static void wl_add_all(wlist *l, const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wl_push(l, word_add(w[i], strlen(w[i])));
}

/* Zipf-Mandelbrot weights 1/(rank + q) into a Vose alias table (Vose 1991). */
static void zipf_build(wlist *l, double q)
{
	uint32_t n = l->n;
	double *p = malloc(n * sizeof(double)), sum = 0;
	uint32_t *small = malloc(n * sizeof(uint32_t)), *large = malloc(n * sizeof(uint32_t));
	uint32_t *alias = malloc(n * sizeof(uint32_t)), *thresh = malloc(n * sizeof(uint32_t));
	l->z = malloc(n * sizeof(zent));
	if (!p || !small || !large || !alias || !thresh || !l->z)
		die("out of memory");
	for (uint32_t i = 0; i < n; i++)
		sum += p[i] = 1.0 / ((double)i + 1.0 + q);
	uint32_t ns = 0, nl = 0;
	for (uint32_t i = 0; i < n; i++) {
		p[i] = p[i] * n / sum;
		if (p[i] < 1.0)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		uint32_t s = small[--ns], g = large[nl - 1];
		thresh[s] = (uint32_t)(p[s] * 4294967296.0);
		alias[s] = g;
		p[g] = (p[g] + p[s]) - 1.0;
		if (p[g] < 1.0) {
			nl--;
			small[ns++] = g;
		}
	}
	while (nl) {
		uint32_t g = large[--nl];
		thresh[g] = UINT32_MAX;
		alias[g] = g;
	}
	while (ns) {
		uint32_t s = small[--ns];
		thresh[s] = UINT32_MAX;
		alias[s] = s;
	}
	for (uint32_t i = 0; i < n; i++)
		l->z[i] = (zent){thresh[i], {g_words[l->id[i]], g_words[l->id[alias[i]]]}};
	free(alias);
	free(thresh);
	free(p);
	free(small);
	free(large);
}

static inline word zipf_draw(const wlist *l, rng *r)
{
	uint64_t x = rng_next(r);
	const zent *e = &l->z[((x >> 32) * l->n) >> 32];
	return e->w[(uint32_t)x >= e->thresh];
}

static inline uint32_t uniform_draw(const wlist *l, rng *r)
{
	return l->id[rng_below(r, l->n)];
}

/* Function words in rough order of English frequency. */
static const char *const func_words[] = {
    "the",     "of",	 "to",	   "and",     "a",	 "in",	     "that",	"for",	   "is",
    "on",      "with",	 "was",	   "as",      "at",	 "by",	     "he",	"it",	   "from",
    "his",     "be",	 "has",	   "have",    "are",	 "an",	     "were",	"its",	   "will",
    "who",     "this",	 "which",  "not",     "but",	 "had",	     "they",	"their",   "been",
    "after",   "would",	 "also",   "or",      "more",	 "than",     "about",	"up",	   "one",
    "over",    "into",	 "her",	   "she",     "could",	 "two",	     "when",	"we",	   "there",
    "can",     "all",	 "out",	   "some",    "other",	 "if",	     "what",	"only",	   "while",
    "since",   "before", "those",  "under",   "against", "three",    "during",	"because", "should",
    "between", "such",	 "then",   "them",    "being",	 "through",  "most",	"where",   "so",
    "may",     "no",	 "any",	   "both",    "each",	 "how",	     "many",	"much",	   "very",
    "just",    "now",	 "still",  "even",    "own",	 "these",    "our",	"us",	   "you",
    "I",       "my",	 "him",	   "do",      "does",	 "did",	     "it's",	"don't",   "can't",
    "won't",   "didn't", "isn't",  "wasn't",  "we're",	 "they're",  "that's",	"without", "across",
    "toward",  "among",	 "within", "whether", "though",	 "although", "until",	"unless",  "upon",
    "off",     "down",	 "here",   "why",     "four",	 "five",     "another", "every",   "few",
    "same",
};

/* Common news words; they take the top ranks of the content list with the generated words. */
static const char *const news_words[] = {
    "said",	  "says",      "year",		"government", "people",	      "president",
    "minister",	  "police",    "country",	"state",      "officials",    "official",
    "week",	  "time",      "told",		"percent",    "company",      "market",
    "party",	  "court",     "city",		"report",     "according",    "national",
    "world",	  "security",  "public",	"home",	      "team",	      "group",
    "leader",	  "military",  "forces",	"talks",      "deal",	      "plan",
    "law",	  "election",  "vote",		"health",     "power",	      "economy",
    "prices",	  "trade",     "support",	"statement",  "million",      "billion",
    "months",	  "days",      "day",		"years",      "former",	      "local",
    "news",	  "including", "called",	"added",      "spokesperson", "agency",
    "ministry",	  "foreign",   "international", "region",     "border",	      "attack",
    "killed",	  "war",       "peace",		"ceasefire",  "troops",	      "investigation",
    "case",	  "charges",   "arrested",	"judge",      "ruling",	      "decision",
    "policy",	  "bill",      "parliament",	"committee",  "chief",	      "executive",
    "board",	  "shares",    "investors",	"growth",     "inflation",    "rates",
    "bank",	  "central",   "interest",	"oil",	      "gas",	      "energy",
    "climate",	  "emissions", "water",		"food",	      "workers",      "jobs",
    "strike",	  "union",     "school",	"students",   "university",   "hospital",
    "patients",	  "doctors",   "vaccine",	"disease",    "outbreak",     "storm",
    "flood",	  "fire",      "earthquake",	"rescue",     "residents",    "area",
    "north",	  "south",     "east",		"west",	      "capital",      "province",
    "district",	  "village",   "community",	"family",     "children",     "women",
    "men",	  "members",   "leaders",	"countries",  "nations",      "allies",
    "sanctions",  "exports",   "imports",	"tariffs",    "summit",	      "meeting",
    "visit",	  "agreement", "proposal",	"budget",     "tax",	      "spending",
    "debt",	  "funds",     "project",	"plans",      "system",	      "data",
    "technology", "internet",  "service",	"services",   "customers",    "sales",
    "profit",	  "revenue",   "quarter",	"results",    "season",	      "match",
    "game",	  "win",       "victory",	"coach",      "players",      "club",
    "league",	  "final",     "cup",		"record",     "film",	      "music",
    "show",	  "festival",  "award",		"fans",	      "social",	      "media",
    "online",	  "post",      "interview",	"press",      "conference",   "sources",
    "analysts",	  "experts",   "critics",	"supporters", "opposition",   "campaign",
    "candidate",  "polls",     "voters",	"majority",   "coalition",    "reform",
    "crisis",	  "conflict",  "situation",	"issue",      "issues",	      "concerns",
    "risk",	  "threat",    "pressure",	"efforts",    "measures",     "steps",
    "action",	  "response",  "impact",	"change",     "increase",     "rise",
    "fall",	  "drop",      "high",		"low",	      "major",	      "key",
    "senior",	  "top",       "big",		"small",      "large",	      "long",
    "early",	  "recent",    "next",		"further",    "several",      "around",
    "despite",	  "amid",      "expected",	"likely",     "announced",    "reported",
    "confirmed",  "warned",    "urged",		"agreed",     "rejected",     "signed",
    "launched",	  "held",      "made",		"took",	      "came",	      "went",
    "set",	  "showed",    "help",		"need",	      "make",	      "take",
    "give",	  "continue",  "remain",	"remains",    "open",	      "hold",
    "new",	  "last",      "first",		"good",	      "second",	      "well",
    "part",	  "way",       "work",		"life",	      "since",	      "later",
};

static const char *const first_names[] = {
    "James",	 "Mary",     "John",	 "Maria",   "David",   "Sarah",	  "Michael", "Anna",
    "Rahul",	 "Priya",    "Ahmed",	 "Fatima",  "Wei",     "Li",	  "Olena",   "Dmitri",
    "Sofia",	 "Lucas",    "Emma",	 "Noah",    "Amara",   "Kwame",	  "Chen",    "Yuki",
    "Hiroshi",	 "Ana",	     "Carlos",	 "José",    "André",   "Renée",	  "Zoë",     "Jürgen",
    "Chloé",	 "Inés",     "Mateo",	 "Ivan",    "Elena",   "Omar",	  "Leila",   "Arjun",
    "Sunita",	 "Thomas",   "Claire",	 "Peter",   "Hannah",  "Daniel",  "Laura",   "Mohammed",
    "Aisha",	 "Kenji",    "Mei",	 "Samuel",  "Grace",   "Victor",  "Nadia",   "Paul",
    "Julia",	 "Marco",    "Giulia",	 "Lars",    "Ingrid",  "Tomás",	  "Raúl",    "Björn",
    "François",	 "Hélène",   "Robert",	 "Linda",   "William", "Karen",	  "Joseph",  "Nancy",
    "Charles",	 "Lisa",     "Mark",	 "Sandra",  "Steven",  "Ashley",  "Andrew",  "Emily",
    "Kevin",	 "Michelle", "Brian",	 "Amanda",  "George",  "Melissa", "Edward",  "Rebecca",
    "Vikram",	 "Anjali",   "Sanjay",	 "Deepa",   "Tariq",   "Yusuf",	  "Zainab",  "Chinedu",
    "Ngozi",	 "Thabo",    "Lerato",	 "Min-jun", "Ji-woo",  "Haruto",  "Sakura",  "Pavel",
    "Katarzyna", "Mikhail",  "Svetlana", "Lucía",   "Diego",   "Camila",  "Felipe",  "Isabel",
};

static const char *const last_names[] = {
    "Smith",	"Patel",     "Kovalenko", "Müller",  "García", "Nguyen", "Johnson", "Khan",
    "Williams", "Brown",     "Singh",	  "Sharma",  "Kim",    "Park",	 "Tanaka",  "Sato",
    "Rossi",	"Dubois",    "Lefèvre",	  "Novak",   "Horvat", "Okafor", "Mensah",  "Abebe",
    "Haddad",	"Nasser",    "Cohen",	  "Levi",    "Silva",  "Santos", "Pereira", "López",
    "Martínez", "Hernández", "Fischer",	  "Schmidt", "Weber",  "Jensen", "Larsen",  "Öztürk",
    "Yılmaz",	"Ivanov",    "Petrov",	  "Wang",    "Zhang",  "Liu",	 "Chen",    "Yang",
    "O'Brien",	"Murphy",    "Kelly",	  "Walsh",   "Taylor", "Davies", "Evans",   "Thomas",
    "Roberts",	"Clarke",    "Mitchell",  "Reddy",   "Iyer",   "Menon",	 "Gupta",   "Mehta",
};

typedef struct city {
	const char *name, *caps, *cc;
} city;

static const city cities[] = {
    {"London", "LONDON", "UK"},
    {"Washington", "WASHINGTON", "US"},
    {"New Delhi", "NEW DELHI", "India"},
    {"Paris", "PARIS", "France"},
    {"Berlin", "BERLIN", "Germany"},
    {"Tokyo", "TOKYO", "Japan"},
    {"Beijing", "BEIJING", "China"},
    {"Moscow", "MOSCOW", "Russia"},
    {"Kyiv", "KYIV", "Ukraine"},
    {"Brussels", "BRUSSELS", "Belgium"},
    {"Geneva", "GENEVA", "Switzerland"},
    {"Nairobi", "NAIROBI", "Kenya"},
    {"Lagos", "LAGOS", "Nigeria"},
    {"Cairo", "CAIRO", "Egypt"},
    {"Mumbai", "MUMBAI", "India"},
    {"Sydney", "SYDNEY", "Australia"},
    {"Ottawa", "OTTAWA", "Canada"},
    {"Mexico City", "MEXICO CITY", "Mexico"},
    {"São Paulo", "SÃO PAULO", "Brazil"},
    {"Jakarta", "JAKARTA", "Indonesia"},
    {"Seoul", "SEOUL", "South Korea"},
    {"Istanbul", "ISTANBUL", "Turkey"},
    {"Dubai", "DUBAI", "UAE"},
    {"Singapore", "SINGAPORE", "Singapore"},
    {"Johannesburg", "JOHANNESBURG", "South Africa"},
    {"Madrid", "MADRID", "Spain"},
    {"Rome", "ROME", "Italy"},
    {"Warsaw", "WARSAW", "Poland"},
    {"Manila", "MANILA", "Philippines"},
    {"Bogotá", "BOGOTÁ", "Colombia"},
    {"Zürich", "ZÜRICH", "Switzerland"},
    {"Chennai", "CHENNAI", "India"},
    {"Kolkata", "KOLKATA", "India"},
    {"New York", "NEW YORK", "US"},
    {"San Francisco", "SAN FRANCISCO", "US"},
    {"Toronto", "TORONTO", "Canada"},
    {"Hong Kong", "HONG KONG", "China"},
    {"Bangkok", "BANGKOK", "Thailand"},
    {"Karachi", "KARACHI", "Pakistan"},
    {"Dhaka", "DHAKA", "Bangladesh"},
};

static const char *const onsets[] = {
    "b",  "c",	"d",  "f",  "g",  "h",	"j",  "k",  "l",  "m",	"n",  "p",  "r",
    "s",  "t",	"v",  "w",  "b",  "c",	"d",  "l",  "m",  "n",	"p",  "r",  "s",
    "t",  "l",	"m",  "n",  "r",  "s",	"t",  "d",  "br", "ch", "cl", "cr", "dr",
    "fl", "fr", "gr", "pl", "pr", "sh", "st", "th", "tr", "",	"",   "",
};
static const char *const nuclei[] = {"a", "e", "i", "o", "u",  "a",  "e",  "i", "o",
				     "a", "e", "a", "e", "ea", "ai", "ou", "io"};
static const char *const codas[] = {"",	 "",  "",  "",	"",  "",   "",	 "",   "n",
				    "r", "s", "l", "m", "t", "nt", "st", "nd", "ck"};
static const char *const suffixes[] = {"tion", "ment", "ing", "ed",  "er",  "al",
				       "ity",  "ous",  "ive", "s",   "ers", "ance",
				       "less", "ly",   "ic",  "ure", "ist", "ism"};
static const char *const place_suffixes[] = {"ia",   "burg", "ton", "stan", "ville", "a",
					     "mont", "ford", "ova", "esh",  "ar",    "ind"};
static const char *const org_suffixes[] = {"co", "tex", "ex", "on", "ia", "ix", "a", "is"};

/* A word of nsyl syllables, optionally with a suffix, into out (NUL-terminated). */
static size_t make_word(rng *r, char *out, int nsyl, const char *suffix)
{
	size_t n = 0;
	for (int i = 0; i < nsyl; i++) {
		/* codas mostly close the word: inner clusters make unpronounceable words */
		bool last = i + 1 == nsyl;
		const char *parts[3];
		parts[0] = onsets[rng_below(r, ARRAY_LEN(onsets))];
		parts[1] = nuclei[rng_below(r, ARRAY_LEN(nuclei))];
		parts[2] = (last && !suffix) || rng_pm(r, 150)
			       ? codas[rng_below(r, ARRAY_LEN(codas))]
			       : "";
		for (int k = 0; k < 3; k++) {
			size_t m = strlen(parts[k]);
			memcpy(out + n, parts[k], m);
			n += m;
		}
	}
	if (suffix) {
		size_t m = strlen(suffix);
		memcpy(out + n, suffix, m);
		n += m;
	}
	out[n] = '\0';
	return n;
}

/* Puts an accent on a vowel after the first letter: é ü ö á ñ. */
static size_t accent(char *w, size_t n)
{
	static const struct {
		char from;
		const char *to;
	} acc[] = {{'e', "\xC3\xA9"},
		   {'u', "\xC3\xBC"},
		   {'o', "\xC3\xB6"},
		   {'a', "\xC3\xA1"},
		   {'n', "\xC3\xB1"}};
	for (size_t i = 1; i < n; i++) {
		for (size_t k = 0; k < ARRAY_LEN(acc); k++) {
			if (w[i] != acc[k].from)
				continue;
			memmove(w + i + 2, w + i + 1, n - i);
			memcpy(w + i, acc[k].to, 2);
			return n + 1;
		}
	}
	return n;
}

static void build_vocab(void)
{
	g_seen_mask = ((size_t)1 << 16) - 1;
	g_seen = calloc(g_seen_mask + 1, sizeof(*g_seen));
	if (!g_seen)
		die("out of memory");
	rng r;
	rng_init(&r, S_VOCAB, 0);
	char w[64];

	wl_add_all(&g_func, func_words, ARRAY_LEN(func_words));
	zipf_build(&g_func, 1.5);

	/* content: news words and generated words, the top ranks shuffled together */
	wl_add_all(&g_content, news_words, ARRAY_LEN(news_words));
	while (g_content.n < 6500) {
		uint32_t x = rng_below(&r, 10);
		int nsyl = x < 3 ? 1 : x < 8 ? 2 : 3;
		const char *suf =
		    rng_pm(&r, 450) ? suffixes[rng_below(&r, ARRAY_LEN(suffixes))] : NULL;
		size_t n = make_word(&r, w, nsyl, suf);
		if (n < 3 || n > 14)
			continue;
		if (rng_pm(&r, 6))
			n = accent(w, n);
		wl_push(&g_content, word_add(w, n));
	}
	for (uint32_t i = 399; i > 0; i--) {
		uint32_t j = rng_below(&r, i + 1), t = g_content.id[i];
		g_content.id[i] = g_content.id[j];
		g_content.id[j] = t;
	}
	zipf_build(&g_content, 15.0);

	wl_add_all(&g_first, first_names, ARRAY_LEN(first_names));
	wl_add_all(&g_last, last_names, ARRAY_LEN(last_names));
	while (g_last.n < 2500) {
		size_t n = make_word(&r, w, 2 + (int)rng_below(&r, 2), NULL);
		if (n < 4 || n > 12)
			continue;
		w[0] = (char)(w[0] - 'a' + 'A');
		if (rng_pm(&r, 30))
			n = accent(w, n);
		wl_push(&g_last, word_add(w, n));
	}
	while (g_place.n < 800) {
		int nsyl = 1 + (int)rng_below(&r, 2);
		size_t n = make_word(&r, w, nsyl,
				     place_suffixes[rng_below(&r, ARRAY_LEN(place_suffixes))]);
		if (n < 4 || n > 13)
			continue;
		w[0] = (char)(w[0] - 'a' + 'A');
		wl_push(&g_place, word_add(w, n));
	}
	while (g_stem.n < 600) {
		int nsyl = 1 + (int)rng_below(&r, 2);
		size_t n =
		    make_word(&r, w, nsyl, org_suffixes[rng_below(&r, ARRAY_LEN(org_suffixes))]);
		if (n < 4 || n > 11)
			continue;
		w[0] = (char)(w[0] - 'a' + 'A');
		wl_push(&g_stem, word_add(w, n));
	}
	free(g_seen);
	g_seen = NULL;
	sb_add(&g_pool, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16); /* see put_word() */
}

/* --- outlets ------------------------------------------------------------------------------ */

typedef struct outlet_name {
	const char *name, *domain, *short_name;
} outlet_name;

#define N_AGENCIES 6
static const outlet_name outlet_names[] = {
    {"Northwire", "northwire.net", "Northwire"},
    {"Meridian Press Agency", "meridianpress.org", "MPA"},
    {"Orbis News Agency", "orbisnews.com", "Orbis"},
    {"Tidewater Wire", "tidewaterwire.com", "Tidewater"},
    {"Eastlink News Service", "eastlinknews.in", "ENS"},
    {"Continental Newswire", "contiwire.eu", "CNW"},
    {"The Harbor Ledger", "harborledger.com", "Harbor Ledger"},
    {"Daily Meridian", "dailymeridian.co.uk", "Daily Meridian"},
    {"Northgate Times", "northgatetimes.com", "Northgate Times"},
    {"The Riverside Courier", "riversidecourier.com", "Courier"},
    {"Pacific Dispatch", "pacificdispatch.com", "Dispatch"},
    {"The Evening Sentinel", "eveningsentinel.co.uk", "Sentinel"},
    {"Capital Observer", "capitalobserver.com", "Observer"},
    {"Metro Chronicle", "metrochronicle.com", "Chronicle"},
    {"The Lakeshore Post", "lakeshorepost.com", "Lakeshore Post"},
    {"Summit Herald", "summitherald.com", "Herald"},
    {"Global Affairs Today", "globalaffairstoday.com", "GAT"},
    {"The Morning Bulletin", "morningbulletin.com.au", "Bulletin"},
    {"Bayview Gazette", "bayviewgazette.com", "Gazette"},
    {"The Civic Record", "civicrecord.org", "Civic Record"},
    {"Deccan Standard", "deccanstandard.in", "Deccan Standard"},
    {"Hindustan Ledger", "hindustanledger.in", "HL"},
    {"Business Meridian", "businessmeridian.in", "BM"},
    {"Market Pulse", "marketpulse.com", "Market Pulse"},
    {"The Frontier Mail", "frontiermail.in", "Frontier Mail"},
    {"Coastal Times", "coastaltimes.com", "Coastal Times"},
    {"Prairie Voice", "prairievoice.com", "Prairie Voice"},
    {"The Continental", "thecontinental.eu", "The Continental"},
    {"Euro Digest", "eurodigest.eu", "Euro Digest"},
    {"The Atlantic Courier", "atlanticcourier.com", "Atlantic Courier"},
    {"Lagos Daily Monitor", "lagosdailymonitor.ng", "Monitor"},
    {"Nairobi Star Tribune", "nairobistartribune.co.ke", "Star Tribune"},
    {"Cape Observer", "capeobserver.co.za", "Cape Observer"},
    {"Gulf Chronicle", "gulfchronicle.ae", "Gulf Chronicle"},
    {"The Straits Reporter", "straitsreporter.sg", "Straits Reporter"},
    {"Manila Sun Herald", "manilasunherald.ph", "Sun Herald"},
    {"Seoul Economic Review", "seoulreview.kr", "SER"},
    {"Tokyo Evening Press", "tokyoeveningpress.jp", "TEP"},
    {"Sydney Harbour News", "sydneyharbournews.com.au", "SHN"},
    {"Maple Leaf Journal", "mapleleafjournal.ca", "Journal"},
    {"The Andes Post", "andespost.com", "Andes Post"},
    {"Rio Grande Sentinel", "riograndesentinel.com", "RG Sentinel"},
    {"The Quill", "thequill.news", "The Quill"},
    {"NewsNow 24", "newsnow24.com", "NewsNow"},
    {"Headline Hub", "headlinehub.com", "Headline Hub"},
    {"The Daily Brief", "thedailybrief.com", "Daily Brief"},
    {"Scroll Point", "scrollpoint.in", "Scroll Point"},
    {"Trend Wire Live", "trendwirelive.com", "TWL"},
    {"The Nation Today", "thenationtoday.com", "Nation Today"},
    {"Worldview Report", "worldviewreport.com", "Worldview"},
};
#define N_OUTLETS ARRAY_LEN(outlet_names)

/* Outlets that mostly reprint agency copy (with syndication disclaimers). */
static const uint32_t aggregators[] = {21, 22, 43, 44, 46, 47};

static bool is_aggregator(size_t k)
{
	for (size_t i = 0; i < ARRAY_LEN(aggregators); i++)
		if (aggregators[i] == k)
			return true;
	return false;
}

enum dateline_style { DL_NONE, DL_WIRE, DL_ANI, DL_DASH, DL_AP };
enum tz { TZ_UTC, TZ_IST, TZ_ET, TZ_GMT };

typedef struct outlet {
	const outlet_name *nm;
	bool agency, aggregator;
	uint8_t dateline;  /* enum dateline_style */
	uint8_t quotes;	   /* 0 straight, 1 curly, 2 either per article */
	uint8_t tz;	   /* enum tz */
	uint8_t stamp_fmt; /* which "First Published:" form */
	uint8_t follow;	   /* which share prompt */
	uint8_t readtime_sep;
	/* per-article probabilities, per mille */
	uint16_t p_byline, p_readtime, p_stamp, p_breadcrumb, p_photo, p_follow, p_newsletter;
	uint16_t p_alsoread, p_disclaimer, p_trailer;
	/* page-template lines no line rule knows: only the corpus pass can find them */
	uint16_t p_template;
	uint8_t template_head, template_foot; /* 1 + index, 0 = none */
	uint32_t reporter_first[16], reporter_last[16];
	uint32_t n_reporters;
} outlet;

static outlet g_outlets[N_OUTLETS];

/* A habit share_pm of the outlets have: its per-article rate (lo..hi per mille), or 0. */
static uint16_t maybe(rng *r, uint32_t share_pm, uint32_t lo, uint32_t hi)
{
	return rng_pm(r, share_pm) ? (uint16_t)(lo + rng_below(r, hi - lo + 1)) : 0;
}

static void build_outlets(void)
{
	for (size_t k = 0; k < N_OUTLETS; k++) {
		outlet *o = &g_outlets[k];
		rng r;
		rng_init(&r, S_OUTLET, k);
		o->nm = &outlet_names[k];
		o->agency = k < N_AGENCIES;
		o->aggregator = is_aggregator(k);
		uint32_t d = rng_below(&r, 100);
		if (o->agency)
			o->dateline = d < 60 ? DL_WIRE : d < 80 ? DL_ANI : DL_AP;
		else
			o->dateline = d < 20   ? DL_WIRE
				      : d < 30 ? DL_ANI
				      : d < 40 ? DL_DASH
					       : DL_NONE;
		o->quotes = (uint8_t)rng_below(&r, 3);
		o->tz = (uint8_t)(strstr(o->nm->domain, ".in") ? TZ_IST : rng_below(&r, 4));
		o->stamp_fmt = (uint8_t)rng_below(&r, 4);
		o->follow = (uint8_t)rng_below(&r, 6);
		o->readtime_sep = (uint8_t)rng_below(&r, 2);
		o->p_byline = maybe(&r, o->agency ? 300 : 400, 500, 950);
		o->p_readtime = maybe(&r, 150, 800, 1000);
		o->p_stamp = maybe(&r, o->tz == TZ_IST ? 600 : 150, 850, 1000);
		o->p_breadcrumb = maybe(&r, 100, 800, 1000);
		o->p_photo = maybe(&r, 150, 100, 400);
		o->p_follow = maybe(&r, o->aggregator ? 700 : 120, 600, 1000);
		o->p_newsletter = maybe(&r, 100, 300, 800);
		o->p_alsoread = maybe(&r, o->tz == TZ_IST ? 500 : 150, 200, 600);
		o->p_disclaimer =
		    o->aggregator ? (uint16_t)(800 + rng_below(&r, 200)) : maybe(&r, 150, 500, 900);
		o->p_trailer = o->agency ? (uint16_t)(400 + rng_below(&r, 500)) : 0;
		o->p_template = maybe(&r, 350, 500, 1000);
		o->template_head = rng_pm(&r, 400) ? (uint8_t)(1 + rng_below(&r, 4)) : 0;
		o->template_foot = (uint8_t)(1 + rng_below(&r, 6));
		rng rr;
		rng_init(&rr, S_REPORTER, k);
		o->n_reporters = 3 + rng_below(&rr, 14);
		for (uint32_t i = 0; i < o->n_reporters; i++) {
			o->reporter_first[i] = uniform_draw(&g_first, &rr);
			o->reporter_last[i] = uniform_draw(&g_last, &rr);
		}
	}
}

/* --- dates -------------------------------------------------------------------------------- */

#define START_TIME   1756684800 /* 2025-09-01T00:00:00Z */
#define DOCS_PER_DAY 1000

static const char *const months[] = {"January",	  "February", "March",	  "April",
				     "May",	  "June",     "July",	  "August",
				     "September", "October",  "November", "December"};
static const char *const weekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
				       "Thursday", "Friday", "Saturday"};

typedef struct civil {
	int y, mon, d, h, min, s, wday;
} civil;

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms"). */
static civil civil_from(int64_t t)
{
	civil c;
	int64_t z = (t >= 0 ? t : t - 86399) / 86400, secs = t - z * 86400;
	c.wday = (int)((z % 7 + 11) % 7);
	c.h = (int)(secs / 3600);
	c.min = (int)(secs / 60 % 60);
	c.s = (int)(secs % 60);
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	c.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.y = (int)((int64_t)yoe + era * 400 + (c.mon <= 2));
	return c;
}

static int64_t tz_offset(int tz)
{
	return tz == TZ_IST ? 19800 : tz == TZ_ET ? -4 * 3600 : 0;
}

static const char *tz_name(int tz)
{
	static const char *const n[] = {"UTC", "IST", "ET", "GMT"};
	return n[tz];
}

static void put_mon3(sbuf *b, int mon)
{
	sb_add(b, months[mon - 1], 3);
}

/* "12:06 AM" */
static void put_ampm(sbuf *b, const civil *c)
{
	int h = c->h % 12 ? c->h % 12 : 12;
	sb_addu(b, (uint64_t)h, 2);
	sb_addc(b, ':');
	sb_addu(b, (uint64_t)c->min, 2);
	sb_adds(b, c->h < 12 ? " AM" : " PM");
}

/* ISO 8601: "2025-10-17T12:14:00Z" or with the outlet's offset "+05:30". */
static void put_iso(sbuf *b, int64_t t, int tz)
{
	int64_t off = tz == TZ_IST ? 19800 : 0;
	civil c = civil_from(t + off);
	sb_addu(b, (uint64_t)c.y, 4);
	sb_addc(b, '-');
	sb_addu(b, (uint64_t)c.mon, 2);
	sb_addc(b, '-');
	sb_addu(b, (uint64_t)c.d, 2);
	sb_addc(b, 'T');
	sb_addu(b, (uint64_t)c.h, 2);
	sb_addc(b, ':');
	sb_addu(b, (uint64_t)c.min, 2);
	sb_addc(b, ':');
	sb_addu(b, (uint64_t)c.s, 2);
	sb_adds(b, off ? "+05:30" : "Z");
}

/* --- stories ------------------------------------------------------------------------------ */

static const char *const roles_before[] = {
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Finance Minister",
    "Interior Minister",
    "Governor",
    "Mayor",
    "Senator",
    "General",
    "Judge",
    "Chief Minister",
    "Dr.",
};
static const char *const roles_after[] = {
    "a spokesperson for", "the chief executive of", "a senior official at", "an analyst at",
    "the head of",	  "a lawyer for",	    "a researcher at",	    "the director of",
    "a member of",
};

typedef struct section {
	const char *slug, *name;
} section;

static const section sections[] = {
    {"world", "World"},	      {"business", "Business"},
    {"politics", "Politics"}, {"technology", "Technology"},
    {"sports", "Sports"},     {"science", "Science"},
    {"health", "Health"},     {"entertainment", "Entertainment"},
    {"markets", "Markets"},   {"national", "National"},
};

typedef struct person {
	uint32_t first, last;
	uint8_t role_kind; /* 0 none, 1 title before the name, 2 apposition after it */
	uint8_t role;
	bool ms;
} person;

typedef struct story {
	uint64_t id;
	person people[4];
	uint32_t n_people;
	uint32_t city;	/* cities[] */
	uint32_t place; /* a generated place word */
	uint32_t org;	/* stem word */
	uint8_t org_kind;
	uint32_t terms[8];
	uint32_t n_terms;
	uint32_t fig_a, fig_b; /* a figure: "fig_a.fig_b billion" */
	uint8_t fig_kind;
	uint8_t section;
	uint8_t kind; /* --style news: its kind of event (news_kinds) */
	uint32_t n_quotes;
} story;

static void story_make(story *s, uint64_t id)
{
	rng r;
	rng_init(&r, S_STORY, id);
	s->id = id;
	s->n_people = 1 + rng_below(&r, 3);
	s->n_people += rng_pm(&r, 300) ? 1 : 0;
	for (uint32_t i = 0; i < s->n_people; i++) {
		person *p = &s->people[i];
		p->first = uniform_draw(&g_first, &r);
		p->last = uniform_draw(&g_last, &r);
		uint32_t k = rng_below(&r, 10);
		p->role_kind = k < 4 ? 1 : k < 8 ? 2 : 0;
		p->role = (uint8_t)rng_below(&r, p->role_kind == 1 ? ARRAY_LEN(roles_before)
								   : ARRAY_LEN(roles_after));
		p->ms = rng_pm(&r, 450);
	}
	s->city = rng_below(&r, ARRAY_LEN(cities));
	s->place = uniform_draw(&g_place, &r);
	s->org = uniform_draw(&g_stem, &r);
	s->org_kind = (uint8_t)rng_below(&r, 7);
	s->n_terms = 4 + rng_below(&r, 5);
	for (uint32_t i = 0; i < s->n_terms; i++)
		s->terms[i] = g_content.id[120 + rng_below(&r, 3000)];
	s->fig_a = 2 + rng_below(&r, 900);
	s->fig_b = 1 + rng_below(&r, 9);
	s->fig_kind = (uint8_t)rng_below(&r, 4);
	s->section = (uint8_t)rng_below(&r, ARRAY_LEN(sections));
	s->n_quotes = 2 + rng_below(&r, 3);
	s->kind = (uint8_t)rng_below(&r, ARRAY_LEN(news_kinds));
}

/* --- sentences ---------------------------------------------------------------------------- */

typedef struct writer {
	sbuf *b;
	const story *st;
	bool curly;	/* curly quotes and apostrophes */
	bool dot;	/* the last thing written ends with '.' (an abbreviation) */
	uint32_t named; /* people already named in full */
	civil when;	/* the article's local date */
	uint32_t used;	/* --style news: the story's sentences this article has written */
} writer;

#define LQ    "\xE2\x80\x9C"
#define RQ    "\xE2\x80\x9D"
#define APOS  "\xE2\x80\x99"
#define MDASH "\xE2\x80\x94"

static void put_wd(writer *w, const word *wd, bool cap)
{
	const char *s = g_pool.p + wd->off;
	sbuf *b = w->b;
	size_t start = b->n;
	if (wd->len <= 16 && !(wd->flags & W_APOS) && b->cap - b->n >= 16) {
		/* the pool is padded, so a fixed 16-byte copy is safe and cheap */
		memcpy(b->p + b->n, s, 16);
		b->n += wd->len;
	} else if (wd->flags & W_APOS && w->curly) {
		for (size_t i = 0; i < wd->len; i++) {
			if (s[i] == '\'')
				sb_add(b, APOS, 3);
			else
				sb_addc(b, s[i]);
		}
	} else {
		sb_add(b, s, wd->len);
	}
	if (cap && b->p[start] >= 'a' && b->p[start] <= 'z')
		b->p[start] = (char)(b->p[start] - 'a' + 'A');
	w->dot = false;
}

static void put_word(writer *w, uint32_t id, bool cap)
{
	put_wd(w, &g_words[id], cap);
}

static void put_lit(writer *w, const char *s)
{
	size_t n = strlen(s);
	sb_add(w->b, s, n);
	w->dot = n && s[n - 1] == '.';
}

static void put_oq(writer *w)
{
	if (w->curly)
		sb_add(w->b, LQ, 3);
	else
		sb_addc(w->b, '"');
}

static void put_cq(writer *w)
{
	if (w->curly)
		sb_add(w->b, RQ, 3);
	else
		sb_addc(w->b, '"');
}

static void put_possessive(writer *w)
{
	if (w->curly)
		sb_add(w->b, APOS "s", 4);
	else
		sb_add(w->b, "'s", 2);
}

static void put_org(writer *w, bool cap)
{
	const story *st = w->st;
	switch (st->org_kind) {
	case 0:
		put_word(w, st->org, true);
		put_lit(w, " Group");
		break;
	case 1:
		put_word(w, st->org, true);
		put_lit(w, " Corp.");
		break;
	case 2:
		put_word(w, st->org, true);
		put_lit(w, " Inc.");
		break;
	case 3:
		put_lit(w, cap ? "The Ministry of " : "the Ministry of ");
		put_word(w, st->terms[0], true);
		break;
	case 4:
		put_lit(w, cap ? "The " : "the ");
		put_word(w, st->place, true);
		put_lit(w, " Federation");
		break;
	case 5:
		put_word(w, st->place, true);
		put_lit(w, " University");
		break;
	default:
		put_lit(w, cap ? "The " : "the ");
		put_word(w, st->org, true);
		put_lit(w, " Party");
		break;
	}
}

/* A person: in full (with role) the first time, then mostly by surname. */
static void put_person(writer *w, rng *r, uint32_t k, bool allow_apposition)
{
	const person *p = &w->st->people[k];
	if (!(w->named & (1u << k))) {
		w->named |= 1u << k;
		if (p->role_kind == 1) {
			put_lit(w, roles_before[p->role]);
			sb_addc(w->b, ' ');
		}
		put_word(w, p->first, true);
		sb_addc(w->b, ' ');
		put_word(w, p->last, true);
		if (p->role_kind == 2 && allow_apposition) {
			sb_add(w->b, ", ", 2);
			put_lit(w, roles_after[p->role]);
			sb_addc(w->b, ' ');
			put_org(w, false);
			sb_addc(w->b, ',');
			w->dot = false;
		}
		return;
	}
	uint32_t x = rng_below(r, 10);
	if (x < 2) {
		put_lit(w, p->ms ? "Ms. " : "Mr. ");
	} else if (x < 3 && p->role_kind == 1) {
		put_lit(w, roles_before[p->role]);
		sb_addc(w->b, ' ');
	}
	put_word(w, p->last, true);
}

static void put_number(writer *w, rng *r)
{
	sbuf *b = w->b;
	uint32_t x = rng_below(r, 10);
	switch (x) {
	case 0:
	case 1:
		sb_addu(b, 2 + rng_below(r, 98), 0);
		break;
	case 2:
		sb_addu(b, 1 + rng_below(r, 99), 0);
		sb_addc(b, ',');
		sb_addu(b, rng_below(r, 1000), 3);
		break;
	case 3:
		sb_addu(b, 1 + rng_below(r, 30), 0);
		sb_addc(b, '.');
		sb_addu(b, rng_below(r, 10), 0);
		break;
	case 4:
		sb_addc(b, '$');
		sb_addu(b, 1 + rng_below(r, 99), 0);
		if (rng_pm(r, 500)) {
			sb_addc(b, '.');
			sb_addu(b, rng_below(r, 10), 0);
		}
		sb_adds(b, rng_pm(r, 600) ? " million" : " billion");
		break;
	case 5:
		sb_addu(b, 1 + rng_below(r, 80), 0);
		sb_adds(b, rng_pm(r, 500) ? "%" : " percent");
		break;
	case 6:
		sb_addu(b, 2010 + rng_below(r, 17), 0);
		break;
	case 7:
		sb_addu(b, 1 + rng_below(r, 12), 0);
		sb_addc(b, ':');
		sb_addu(b, rng_below(r, 4) * 15, 2);
		put_lit(w, rng_pm(r, 500) ? " a.m." : " p.m.");
		return;
	case 8:
		sb_addu(b, 1 + rng_below(r, 12), 0);
		sb_addc(b, ' ');
		put_lit(w, rng_pm(r, 500) ? "per cent" : "people");
		return;
	default:
		if (w->st) {
			const story *st = w->st;
			if (st->fig_kind == 0) {
				sb_addc(b, '$');
				sb_addu(b, st->fig_a % 99 + 1, 0);
				sb_addc(b, '.');
				sb_addu(b, st->fig_b, 0);
				sb_adds(b, " billion");
			} else if (st->fig_kind == 1) {
				sb_addu(b, st->fig_a, 0);
				sb_adds(b, " people");
			} else if (st->fig_kind == 2) {
				sb_addu(b, st->fig_a % 60 + 1, 0);
				sb_adds(b, "%");
			} else {
				sb_addu(b, st->fig_a, 0);
				sb_adds(b, " tonnes");
			}
		} else {
			sb_addu(b, rng_below(r, 10000), 0);
		}
		break;
	}
	w->dot = false;
}

static const char *const abbrevs[] = {"U.S.", "U.S.", "U.S.", "U.K.", "U.N.", "E.U."};

/* One content token (or a short name group). */
static void put_content(writer *w, rng *r, bool cap)
{
	uint32_t x = rng_below(r, 1000);
	const story *st = w->st;
	if (st && x < 30) {
		if (x < 20) {
			put_person(w, r, rng_below(r, st->n_people), !cap);
		} else if (x < 26) {
			put_lit(w, cities[st->city].name);
		} else {
			put_word(w, st->place, true);
		}
		if (rng_pm(r, 40))
			put_possessive(w);
	} else if (st && x < 50) {
		put_word(w, st->terms[rng_below(r, st->n_terms)], cap);
	} else if (x < 60) {
		put_number(w, r);
	} else if (x < 63) {
		put_lit(w, abbrevs[rng_below(r, ARRAY_LEN(abbrevs))]);
	} else if (st && x < 66) {
		put_org(w, cap);
	} else if (x < 68) {
		put_lit(w, weekdays[rng_below(r, 7)]);
	} else {
		word wd = zipf_draw(&g_content, r);
		put_wd(w, &wd, cap);
	}
}

/* A clause of about n tokens: a Markov chain between function and content words keeps about
 * 44% function words, as in English prose. */
static void put_clause(writer *w, rng *r, int n, bool cap)
{
	bool func = rng_pm(r, 500), last_func = false;
	for (int k = 0; k < n || last_func; k++) {
		if (k)
			sb_addc(w->b, ' ');
		if (k >= n)
			func = false; /* end on a content word */
		bool c = cap && k == 0;
		if (func) {
			word wd = zipf_draw(&g_func, r);
			put_wd(w, &wd, c);
		} else {
			put_content(w, r, c);
		}
		last_func = func;
		uint32_t x = rng_below(r, 100);
		if (!func && k + 2 < n && x >= 93 && w->b->p[w->b->n - 1] != ',') {
			sb_addc(w->b, ',');
			w->dot = false;
		}
		func = func ? x < 30 : x < 55;
	}
	if (w->b->p[w->b->n - 1] == ',') {
		w->b->n--; /* an apposition at the end */
		w->dot = w->b->p[w->b->n - 1] == '.';
	}
}

static void end_sentence(writer *w, rng *r)
{
	if (w->dot)
		return; /* "... in the U.S." */
	uint32_t x = rng_below(r, 100);
	sb_addc(w->b, x < 97 ? '.' : x < 99 ? '?' : '!');
}

static const char *const openers[] = {
    "On Tuesday,", "On Monday,",      "Meanwhile,",   "However,",	  "Earlier,",
    "Last week,",  "In a statement,", "Separately,",  "Still,",		  "Officials said",
    "On Friday,",  "Since then,",     "By contrast,", "In recent years,", "As a result,",
};

/* --style news: a template of gen-news.h with the story's names and figures filled in. */
static void put_tmpl(writer *w, rng *r, const char *t)
{
	const story *st = w->st;
	for (const char *p = t; *p;) {
		const char *m = strchr(p, '{');
		if (!m) {
			put_lit(w, p);
			break;
		}
		if (m > p)
			sb_add(w->b, p, (size_t)(m - p));
		w->dot = false;
		const char *e = strchr(m, '}');
		size_t n = (size_t)(e - m - 1);
		bool cap = m == t;
#define IS(k) (n == sizeof(k) - 1 && memcmp(m + 1, k, n) == 0)
		if (IS("p0"))
			put_person(w, r, 0, !cap);
		else if (IS("p1"))
			put_person(w, r, st->n_people > 1 ? 1 : 0, !cap);
		else if (IS("p0L"))
			put_word(w, st->people[0].last, true);
		else if (IS("p1L"))
			put_word(w, st->people[st->n_people > 1 ? 1 : 0].last, true);
		else if (IS("city"))
			put_lit(w, cities[st->city].name);
		else if (IS("place"))
			put_word(w, st->place, true);
		else if (IS("org"))
			put_org(w, cap);
		else if (IS("n"))
			sb_addu(w->b, 2 + rng_below(r, 48), 0);
		else if (IS("fig")) {
			sb_addc(w->b, '$');
			sb_addu(w->b, st->fig_a % 90 + 2, 0);
			sb_addc(w->b, '.');
			sb_addu(w->b, st->fig_b, 0);
			put_lit(w, st->fig_kind & 1 ? " million" : " billion");
		} else if (IS("day"))
			put_lit(w, weekdays[w->when.wday]);
		else if (IS("other"))
			put_lit(w, news_openers[rng_below(r, ARRAY_LEN(news_openers))]);
#undef IS
		p = e + 1;
	}
	if (w->b->n && w->b->p[w->b->n - 1] == ',')
		w->b->n--;
}

/* The words of a quotation: a clause, or with --style news one of the kind's quotations. */
static void put_inner(writer *w, rng *r, int n)
{
	if (g_news && w->st)
		put_tmpl(w, r, news_kinds[w->st->kind].quotes[rng_below(r, 4)]);
	else
		put_clause(w, r, n, true);
}

static const char *const said_verbs[] = {
    "said", "said", "said", "told reporters", "added", "wrote", "said in a statement"};

/* A quotation with attribution. A story's shared quotes come from their own stream, so every
 * article that uses quote q of a story prints the same words. */
static void put_quote(writer *w, rng *r)
{
	const story *st = w->st;
	rng qr, *inner = r;
	int n = 8 + (int)rng_below(r, 14);
	if (st && rng_pm(r, 550)) {
		uint32_t q = rng_below(r, st->n_quotes);
		rng_init(&qr, S_QUOTE, st->id * 8 + q);
		inner = &qr;
		n = 10 + (int)rng_below(&qr, 16);
	}
	uint32_t who = st ? rng_below(r, st->n_people) : 0;
	uint32_t form = rng_below(r, 10);
	if (g_news && st)
		form = 6; /* the speaker first: the quotation is never run on from the sentence
			     before it, which another story of the kind may share */
	const char *verb = said_verbs[rng_below(r, ARRAY_LEN(said_verbs))];
	if (form < 6 || !st) {
		/* “Inner,” Name said.  /  "Inner," said Name. */
		put_oq(w);
		put_inner(w, inner, n);
		sb_addc(w->b, ',');
		put_cq(w);
		sb_addc(w->b, ' ');
		if (!st) {
			put_lit(w, rng_pm(r, 500) ? "he said." : "she said.");
			return;
		}
		if (form < 4) {
			put_person(w, r, who, true);
			sb_addc(w->b, ' ');
			put_lit(w, verb);
		} else {
			put_lit(w, "said ");
			put_person(w, r, who, false);
		}
		if (w->b->p[w->b->n - 1] == ',')
			w->b->n--;
		if (!w->dot)
			sb_addc(w->b, '.');
	} else if (form < 9) {
		/* Name said: “Inner.” */
		put_person(w, r, who, false);
		sb_addc(w->b, ' ');
		put_lit(w, verb);
		sb_add(w->b, ": ", 2);
		put_oq(w);
		put_inner(w, inner, n);
		if (!w->dot)
			sb_addc(w->b, '.');
		put_cq(w);
	} else {
		/* “Inner.” */
		put_oq(w);
		put_inner(w, inner, n);
		if (!w->dot)
			sb_addc(w->b, '.');
		put_cq(w);
	}
	w->dot = false;
}

/* --style news: a sentence of the story's kind or one any report carries, not yet used in
 * this article; false when none is left. */
static bool put_news_sentence(writer *w, rng *r)
{
	const news_kind *k = &news_kinds[w->st->kind];
	uint32_t nb = ARRAY_LEN(k->body), na = ARRAY_LEN(news_any);
	if (rng_pm(r, 200)) {
		put_quote(w, r);
		return true;
	}
	uint32_t start = rng_pm(r, 750) ? rng_below(r, nb) : nb + rng_below(r, na);
	for (uint32_t i = 0; i < nb + na; i++) {
		uint32_t j = (start + i) % (nb + na);
		if (w->used & (1u << j))
			continue;
		w->used |= 1u << j;
		put_tmpl(w, r, j < nb ? k->body[j] : news_any[j - nb]);
		return true;
	}
	return false;
}

static void put_sentence(writer *w, rng *r)
{
	if (g_news && w->st) {
		if (!put_news_sentence(w, r))
			put_quote(w, r); /* every sentence of the kind told: a quotation again */
		return;
	}
	uint32_t kind = rng_below(r, 100);
	int n = 6 + (int)rng_below(r, 10);
	n += (int)rng_below(r, 10);
	n += (int)rng_below(r, 8);
	if (kind < 11) {
		put_quote(w, r);
		return;
	}
	if (kind < 14) {
		/* a clause — an aside — and the rest */
		put_clause(w, r, n / 2, true);
		sb_add(w->b, " " MDASH " ", 5);
		put_clause(w, r, n - n / 2, false);
	} else if (kind < 24) {
		put_lit(w, openers[rng_below(r, ARRAY_LEN(openers))]);
		sb_addc(w->b, ' ');
		put_clause(w, r, n, false);
	} else if (kind < 27 && w->st) {
		put_lit(w, "In ");
		put_lit(w, cities[w->st->city].name);
		put_lit(w, rng_pm(r, 500) ? " on " : ", ");
		put_lit(w, weekdays[w->when.wday]);
		sb_add(w->b, ", ", 2);
		put_clause(w, r, n, false);
	} else if (kind < 29) {
		put_lit(w, "The ");
		put_clause(w, r, n, false);
	} else {
		put_clause(w, r, n, true);
	}
	end_sentence(w, r);
}

static void put_paragraph(writer *w, rng *r)
{
	uint32_t x = rng_below(r, 100);
	int n = x < 25 ? 1 : x < 65 ? 2 : x < 90 ? 3 : 4;
	for (int i = 0; i < n; i++) {
		if (i)
			sb_addc(w->b, ' ');
		put_sentence(w, r);
	}
}

/* --- articles ----------------------------------------------------------------------------- */

/* Body lengths: a log-normal (sigma 0.5) by its 32 quantiles, mean 1000. */
static const uint16_t len_quantiles[33] = {
    302,  384,	437,  480,  518,  553,	586,  618,  649,  680,	710,
    741,  773,	804,  837,  870,  905,	941,  979,  1020, 1063, 1109,
    1159, 1214, 1275, 1344, 1425, 1521, 1642, 1803, 2052, 2606, 3400,
};
#define BODY_MEAN 3100

static size_t body_target(rng *r)
{
	uint32_t x = rng_below(r, 32 * 64), i = x / 64, f = x % 64;
	uint32_t q = (len_quantiles[i] * (64 - f) + len_quantiles[i + 1] * f) / 64;
	return (size_t)BODY_MEAN * q / 1000;
}

typedef struct doc {
	uint64_t idx;
	int64_t t;
	uint32_t outlet;
	uint64_t story;
	bool copy;
	uint64_t copy_of;
	int kind;
} doc;

static bool doc_curly(const doc *d)
{
	const outlet *o = &g_outlets[d->outlet];
	return o->quotes == 2 ? (mix64(g_seed ^ d->idx) & 1) : o->quotes == 1;
}

static void put_dateline(writer *w, const outlet *o)
{
	const city *c = &cities[w->st->city];
	sbuf *b = w->b;
	switch (o->dateline) {
	case DL_WIRE: /* LONDON, Oct 17 (Northwire) - */
		sb_adds(b, c->caps);
		sb_add(b, ", ", 2);
		put_mon3(b, w->when.mon);
		sb_addc(b, ' ');
		sb_addu(b, (uint64_t)w->when.d, 0);
		sb_add(b, " (", 2);
		sb_adds(b, o->nm->short_name);
		sb_adds(b, ") - ");
		break;
	case DL_ANI: /* Washington [US], October 17 (ENS): */
		sb_adds(b, c->name);
		sb_add(b, " [", 2);
		sb_adds(b, c->cc);
		sb_add(b, "], ", 3);
		sb_adds(b, months[w->when.mon - 1]);
		sb_addc(b, ' ');
		sb_addu(b, (uint64_t)w->when.d, 0);
		sb_add(b, " (", 2);
		sb_adds(b, o->nm->short_name);
		sb_adds(b, "): ");
		break;
	case DL_DASH: /* PARIS — */
		sb_adds(b, c->caps);
		sb_adds(b, " " MDASH " ");
		break;
	case DL_AP: /* NAIROBI, Kenya (Orbis) — */
		sb_adds(b, c->caps);
		sb_add(b, ", ", 2);
		sb_adds(b, c->cc);
		sb_add(b, " (", 2);
		sb_adds(b, o->nm->short_name);
		sb_adds(b, ") " MDASH " ");
		break;
	default:
		break;
	}
}

static void put_title(sbuf *b, const story *st, rng *r, bool curly)
{
	writer w = {.b = b, .st = st, .curly = curly, .named = ~0u};
	if (g_news) {
		put_tmpl(&w, r, news_kinds[st->kind].titles[rng_below(r, 4)]);
		return;
	}
	uint32_t form = rng_below(r, 6);
	int n = 4 + (int)rng_below(r, 6);
	if (form == 0) {
		put_word(&w, st->people[0].last, true);
		put_lit(&w, rng_pm(r, 500) ? " says " : " warns ");
		put_clause(&w, r, n, false);
	} else if (form == 1) {
		put_lit(&w, cities[st->city].name);
		sb_addc(b, ' ');
		put_word(&w, st->terms[0], false);
		sb_addc(b, ' ');
		put_clause(&w, r, n, false);
	} else if (form == 2) {
		put_word(&w, st->terms[0], true);
		sb_addc(b, ' ');
		put_word(&w, st->terms[1], false);
		sb_addc(b, ' ');
		put_clause(&w, r, n, false);
		sb_adds(b, ": ");
		put_word(&w, st->people[0].last, true);
	} else {
		put_clause(&w, r, n, true);
		sb_addc(b, ' ');
		put_word(&w, st->terms[rng_below(r, st->n_terms)], false);
		sb_addc(b, ' ');
		put_lit(&w, rng_pm(r, 500) ? "in " : "as ");
		put_word(&w, st->place, true);
		sb_addc(b, ' ');
		put_word(&w, st->terms[0], false);
	}
	while (b->n && (b->p[b->n - 1] == ',' || b->p[b->n - 1] == ' '))
		b->n--;
}

/* The article body: dateline and lead, paragraphs, an "Also Read" link, the wire trailer. */
static void gen_body(sbuf *b, const doc *d, const story *st)
{
	const outlet *o = &g_outlets[d->outlet];
	rng r;
	rng_init(&r, S_BODY, d->idx);
	writer w = {.b = b, .st = st, .curly = doc_curly(d)};
	w.when = civil_from(d->t + tz_offset(o->tz));
	size_t start = b->n, target = body_target(&r);
	uint32_t also_at = rng_pm(&r, o->p_alsoread) ? 2 + rng_below(&r, 4) : 0;

	put_dateline(&w, o);
	if (g_news) {
		put_tmpl(&w, &r, news_kinds[st->kind].lead[rng_below(&r, 3)]);
		target = target / 3; /* the kind's sentences make a short report */
	} else {
		put_person(&w, &r, 0, true);
		sb_addc(b, ' ');
		put_clause(&w, &r, 10 + (int)rng_below(&r, 12), false);
		end_sentence(&w, &r);
	}
	if (rng_pm(&r, 600)) {
		sb_addc(b, ' ');
		put_sentence(&w, &r);
	}
	for (uint32_t p = 1; b->n - start < target; p++) {
		sb_add(b, "\n\n", 2);
		if (p == also_at) {
			story other;
			rng ar;
			rng_init(&ar, S_TITLE, d->idx ^ 0x5A5A5A5Aull);
			story_make(&other,
				   st->id > 3 ? st->id - 1 - rng_below(&ar, 3) : st->id + 1);
			sb_adds(b, rng_pm(&r, 500) ? "Also Read: " : "ALSO READ | ");
			put_title(b, &other, &ar, w.curly);
			sb_add(b, "\n\n", 2);
		}
		put_paragraph(&w, &r);
	}
	if (rng_pm(&r, o->p_trailer)) {
		uint32_t a = rng_below(&r, o->n_reporters), e = rng_below(&r, o->n_reporters);
		sb_adds(b, "\n\n(Reporting by ");
		put_word(&w, o->reporter_first[a], true);
		sb_addc(b, ' ');
		put_word(&w, o->reporter_last[a], true);
		sb_adds(b, " in ");
		sb_adds(b, cities[st->city].name);
		if (rng_pm(&r, 400)) {
			sb_adds(b, "; Additional reporting by ");
			put_word(&w, uniform_draw(&g_first, &r), true);
			sb_addc(b, ' ');
			put_word(&w, uniform_draw(&g_last, &r), true);
		}
		sb_adds(b, "; Editing by ");
		put_word(&w, o->reporter_first[e], true);
		sb_addc(b, ' ');
		put_word(&w, o->reporter_last[e], true);
		sb_addc(b, ')');
	}
}

static size_t count_words(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == ' ';
	return k + 1;
}

static const char *const template_head_lines[] = {
    "Trending Now",
    "Top Stories",
    "Listen to this article",
    "Advertisement",
};

/* '@' is the outlet's name, '#' the year */
static const char *const template_foot_lines[] = {
    "Advertisement",
    "Copyright \xC2\xA9 # @. All rights reserved.",
    "Comments are closed.",
    "Recommended for you",
    "Our journalism depends on readers like you. Thank you for supporting @.",
    "@ is now on Telegram for the latest updates.",
};

static void put_template(sbuf *b, const char *line, const outlet *o, int year)
{
	for (const char *p = line; *p; p++) {
		if (*p == '@')
			sb_adds(b, o->nm->name);
		else if (*p == '#')
			sb_addu(b, (uint64_t)year, 0);
		else
			sb_addc(b, *p);
	}
}

static const char *const follow_lines[] = {
    "Follow us on Twitter",
    "Follow us on Facebook, Twitter and Instagram for the latest news.",
    "Follow us on WhatsApp for breaking news updates.",
    "Catch all the latest news and updates on our app. Download the app now.",
    "Click here to join our channel for the latest news.",
    "Share this article:",
};

static const char *const photo_words[] = {"File photo", "Representative image", "Handout photo",
					  "Image credit"};

/* Page furniture before the body. */
static void gen_header(sbuf *b, const doc *d, const story *st, size_t body_words, rng *r)
{
	const outlet *o = &g_outlets[d->outlet];
	civil c = civil_from(d->t + tz_offset(o->tz));
	if (o->template_head && rng_pm(r, o->p_template)) {
		sb_adds(b, template_head_lines[o->template_head - 1]);
		sb_add(b, "\n\n", 2);
	}
	if (rng_pm(r, o->p_breadcrumb)) {
		sb_adds(b, "Home / ");
		sb_adds(b, sections[st->section].name);
		sb_adds(b, " / ");
		sb_adds(b, rng_pm(r, 500) ? "News" : cities[st->city].name);
		sb_add(b, "\n\n", 2);
	}
	if (rng_pm(r, o->p_byline)) {
		uint32_t a = rng_below(r, o->n_reporters);
		writer w = {.b = b};
		sb_adds(b, "By ");
		put_word(&w, o->reporter_first[a], true);
		sb_addc(b, ' ');
		put_word(&w, o->reporter_last[a], true);
		uint32_t x = rng_below(r, 10);
		if (x < 2) {
			uint32_t a2 = rng_below(r, o->n_reporters);
			sb_adds(b, " and ");
			put_word(&w, o->reporter_first[a2], true);
			sb_addc(b, ' ');
			put_word(&w, o->reporter_last[a2], true);
		} else if (x < 3) {
			sb_adds(b, ", ");
			sb_adds(b, o->nm->name);
		}
		sb_add(b, "\n\n", 2);
	}
	bool rt = rng_pm(r, o->p_readtime), stamp = rng_pm(r, o->p_stamp);
	if (rt) {
		sb_addu(b, body_words / 220 + 1, 0);
		sb_adds(b, " min read");
		sb_adds(b, stamp ? (o->readtime_sep ? " | " : "\n") : "\n\n");
	}
	if (stamp) {
		switch (o->stamp_fmt) {
		case 0: /* First Published: Oct 17 2025 | 12:06 AM IST */
			sb_adds(b, "First Published: ");
			put_mon3(b, c.mon);
			sb_addc(b, ' ');
			sb_addu(b, (uint64_t)c.d, 2);
			sb_addc(b, ' ');
			sb_addu(b, (uint64_t)c.y, 0);
			sb_adds(b, " | ");
			put_ampm(b, &c);
			break;
		case 1: /* Updated: 17 Oct 2025, 08:14 PM IST */
			sb_adds(b, "Updated: ");
			sb_addu(b, (uint64_t)c.d, 2);
			sb_addc(b, ' ');
			put_mon3(b, c.mon);
			sb_addc(b, ' ');
			sb_addu(b, (uint64_t)c.y, 0);
			sb_adds(b, ", ");
			put_ampm(b, &c);
			break;
		case 2: /* Published on October 17, 2025 at 08:14 PM ET */
			sb_adds(b, "Published on ");
			sb_adds(b, months[c.mon - 1]);
			sb_addc(b, ' ');
			sb_addu(b, (uint64_t)c.d, 0);
			sb_adds(b, ", ");
			sb_addu(b, (uint64_t)c.y, 0);
			sb_adds(b, " at ");
			put_ampm(b, &c);
			break;
		default: /* Last Updated: Oct 17, 2025, 20:14 GMT */
			sb_adds(b, "Last Updated: ");
			put_mon3(b, c.mon);
			sb_addc(b, ' ');
			sb_addu(b, (uint64_t)c.d, 0);
			sb_adds(b, ", ");
			sb_addu(b, (uint64_t)c.y, 0);
			sb_adds(b, ", ");
			sb_addu(b, (uint64_t)c.h, 2);
			sb_addc(b, ':');
			sb_addu(b, (uint64_t)c.min, 2);
			break;
		}
		sb_addc(b, ' ');
		sb_adds(b, tz_name(o->tz));
		sb_add(b, "\n\n", 2);
	}
	if (rng_pm(r, o->p_photo)) {
		writer w = {.b = b, .st = st, .named = ~0u};
		put_clause(&w, r, 5 + (int)rng_below(r, 6), true);
		sb_adds(b, w.dot ? " (" : ". (");
		sb_adds(b, photo_words[rng_below(r, ARRAY_LEN(photo_words))]);
		sb_adds(b, ": ");
		sb_adds(b, o->nm->short_name);
		sb_adds(b, ")\n\n");
	}
}

/* Page furniture after the body. */
static void gen_footer(sbuf *b, const doc *d, rng *r)
{
	const outlet *o = &g_outlets[d->outlet];
	/* syndication notes belong on copies, and on a share of aggregator originals */
	uint32_t pd = d->copy ? o->p_disclaimer : o->aggregator ? o->p_disclaimer / 3 : 0;
	if (rng_pm(r, pd)) {
		uint32_t x = rng_below(r, 3);
		if (x == 0) {
			sb_adds(b,
				"\n\nDisclaimer: This post has been auto-published from an agency "
				"feed without any modifications to the text and has not been "
				"reviewed by an editor");
		} else if (x == 1) {
			sb_adds(b,
				"\n\n(Only the headline and picture of this report may have been "
				"reworked by the ");
			sb_adds(b, o->nm->name);
			sb_adds(b, " staff; the rest of the content is auto-generated from a "
				   "syndicated feed.)");
		} else {
			sb_adds(b, "\n\n(This story has not been edited by ");
			sb_adds(b, o->nm->name);
			sb_adds(b, " staff and is auto-generated from a syndicated feed.)");
		}
	}
	if (rng_pm(r, o->p_newsletter))
		sb_adds(
		    b,
		    "\n\nSign up for our daily newsletter to get the top stories in your inbox.");
	if (rng_pm(r, o->p_template)) {
		sb_add(b, "\n\n", 2);
		put_template(b, template_foot_lines[o->template_foot - 1], o, civil_from(d->t).y);
	}
	if (rng_pm(r, o->p_follow)) {
		sb_add(b, "\n\n", 2);
		sb_adds(b, follow_lines[o->follow]);
	}
}

/* An article: its title and its text in three parts (head + body + foot), so that the text is
 * never copied only to join it. */
typedef struct article {
	sbuf title, head, body, foot;
} article;

static void gen_article(const doc *d, const story *st, article *a)
{
	rng r;
	rng_init(&r, S_TITLE, d->idx);
	a->title.n = a->head.n = a->body.n = a->foot.n = 0;
	put_title(&a->title, st, &r, doc_curly(d));
	gen_body(&a->body, d, st);
	rng_init(&r, S_PAGE, d->idx);
	gen_header(&a->head, d, st, count_words(a->body.p, a->body.n), &r);
	gen_footer(&a->foot, d, &r);
}

static void article_free(article *a)
{
	sb_free(&a->title);
	sb_free(&a->head);
	sb_free(&a->body);
	sb_free(&a->foot);
}

/* --- copies ------------------------------------------------------------------------------- */

enum copy_kind { K_EXACT, K_REPRINT, K_EDITED, K_PARTIAL };
static const char *const kind_names[] = {"exact", "reprint", "edited", "partial"};

static bool plain_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return n > 0;
}

/* Word edits at rate per_mille: delete, replace, insert a function word, swap with the next
 * word. Only plain lower-case words are touched, so quotes and names keep their shape. */
static void edit_words(sbuf *out, const char *p, size_t n, rng *r, uint32_t per_mille)
{
	size_t i = 0;
	bool first = true;
	writer w = {.b = out};
	while (i < n) {
		const char *sp = memchr(p + i, ' ', n - i);
		size_t e = sp ? (size_t)(sp - p) : n, len = e - i;
		const char *tok = p + i;
		i = e + 1;
		if (plain_word(tok, len) && rng_pm(r, per_mille)) {
			uint32_t op = rng_below(r, 10);
			if (op < 3)
				continue; /* deleted */
			if (!first)
				sb_addc(out, ' ');
			first = false;
			if (op < 7) {
				word wd = zipf_draw(&g_content, r);
				put_wd(&w, &wd, false);
				continue;
			}
			if (op < 9) {
				word wd = zipf_draw(&g_func, r);
				put_wd(&w, &wd, false);
				sb_addc(out, ' ');
				sb_add(out, tok, len);
				continue;
			}
			/* swap with the next token */
			if (i < n) {
				const char *sp2 = memchr(p + i, ' ', n - i);
				size_t e2 = sp2 ? (size_t)(sp2 - p) : n;
				sb_add(out, p + i, e2 - i);
				sb_addc(out, ' ');
				sb_add(out, tok, len);
				i = e2 + 1;
				continue;
			}
			sb_add(out, tok, len);
			continue;
		}
		if (!first)
			sb_addc(out, ' ');
		first = false;
		sb_add(out, tok, len);
	}
}

typedef struct span {
	size_t off, len;
} span;

static size_t split_paragraphs(const sbuf *b, span *ps, size_t max)
{
	size_t n = 0, i = 0;
	while (i < b->n && n < max) {
		const char *q = memmem(b->p + i, b->n - i, "\n\n", 2);
		size_t e = q ? (size_t)(q - b->p) : b->n;
		ps[n++] = (span){i, e - i};
		i = e + 2;
	}
	return n;
}

/* Local paragraphs a reprinting outlet adds: same story, its own words. */
static void local_paragraphs(sbuf *out, const doc *d, const story *st, rng *r, uint32_t n)
{
	writer w = {.b = out, .st = st, .curly = doc_curly(d), .named = ~0u};
	w.when = civil_from(d->t);
	for (uint32_t i = 0; i < n; i++) {
		sb_add(out, "\n\n", 2);
		put_paragraph(&w, r);
	}
}

typedef struct scratch {
	article a, o; /* the article written; a copy's original */
	span ps[4096];
} scratch;

/* Builds copy d of original o (whose article is regenerated into s->o) into s->a. */
static void gen_copy(scratch *s, const doc *d, const doc *o, const story *st)
{
	gen_article(o, st, &s->o);
	rng r;
	rng_init(&r, S_COPY, d->idx);
	article *a = &s->a;
	a->title.n = a->head.n = a->body.n = a->foot.n = 0;
	if (d->kind == K_EXACT) {
		sb_add(&a->title, s->o.title.p, s->o.title.n);
		sb_add(&a->head, s->o.head.p, s->o.head.n);
		sb_add(&a->body, s->o.body.p, s->o.body.n);
		sb_add(&a->foot, s->o.foot.p, s->o.foot.n);
		return;
	}
	/* title: kept, one word edited, or the outlet appended */
	uint32_t tx = rng_below(&r, 10);
	if (d->kind == K_REPRINT || tx < 5) {
		sb_add(&a->title, s->o.title.p, s->o.title.n);
	} else if (tx < 8) {
		edit_words(&a->title, s->o.title.p, s->o.title.n, &r, 250);
	} else {
		sb_add(&a->title, s->o.title.p, s->o.title.n);
		sb_adds(&a->title, " | ");
		sb_adds(&a->title, g_outlets[d->outlet].nm->name);
	}

	sbuf *body = &a->body;
	if (d->kind == K_REPRINT) {
		sb_add(body, s->o.body.p, s->o.body.n);
	} else if (d->kind == K_EDITED) {
		size_t np = split_paragraphs(&s->o.body, s->ps, ARRAY_LEN(s->ps));
		uint32_t rate = 10 + rng_below(&r, 40);
		for (size_t i = 0; i < np; i++) {
			if (i)
				sb_add(body, "\n\n", 2);
			edit_words(body, s->o.body.p + s->ps[i].off, s->ps[i].len, &r, rate);
		}
	} else {
		/* partial reuse: a prefix of the paragraphs (some dropped or merged), light
		 * edits, local paragraphs before and after */
		size_t np = split_paragraphs(&s->o.body, s->ps, ARRAY_LEN(s->ps));
		size_t keep = np * (40 + rng_below(&r, 55)) / 100;
		if (keep < 2)
			keep = np < 2 ? np : 2;
		size_t drop = np > 4 && rng_pm(&r, 350) ? 1 + rng_below(&r, (uint32_t)keep - 1) : 0;
		size_t merge =
		    np > 3 && rng_pm(&r, 250) ? 1 + rng_below(&r, (uint32_t)keep - 1) : 0;
		uint32_t rate = rng_below(&r, 15);
		bool intro = rng_pm(&r, 300);
		for (size_t i = 0; i < keep; i++) {
			if (i == drop && i)
				continue;
			if (body->n)
				sb_add(body, i == merge ? " " : "\n\n", i == merge ? 1 : 2);
			edit_words(body, s->o.body.p + s->ps[i].off, s->ps[i].len, &r, rate);
			if (i == 0 && intro)
				local_paragraphs(body, d, st, &r, 1 + rng_below(&r, 2));
		}
		if (rng_pm(&r, 700))
			local_paragraphs(body, d, st, &r, 1 + rng_below(&r, 3));
	}
	rng pr;
	rng_init(&pr, S_PAGE, d->idx);
	gen_header(&a->head, d, st, count_words(body->p, body->n), &pr);
	gen_footer(&a->foot, d, &pr);
}

/* --- the corpus: stories over time, originals and copies ------------------------------------ */

typedef struct active {
	uint64_t story;
	int64_t end;
	uint32_t weight;
} active;

#define MAX_ACTIVE 4096
#define ORIG_RING  4096

typedef struct corpus {
	rng r;
	uint64_t n_docs, next_story;
	uint64_t spd; /* seconds per document, times 1024 */
	double dup_rate;
	active act[MAX_ACTIVE];
	size_t n_act;
	uint64_t total_weight;
	doc ring[ORIG_RING]; /* recent originals */
	uint64_t n_ring;
} corpus;

static uint64_t open_story(corpus *c, int64_t t)
{
	rng *r = &c->r;
	if (c->n_act == MAX_ACTIVE) { /* retire the oldest-ending */
		size_t k = 0;
		for (size_t i = 1; i < c->n_act; i++)
			if (c->act[i].end < c->act[k].end)
				k = i;
		c->total_weight -= c->act[k].weight;
		c->act[k] = c->act[--c->n_act];
	}
	/* popularity is Pareto-like (1/u): a few stories draw many articles */
	uint32_t u = 1 + rng_below(r, 1000);
	active a = {c->next_story++, t, 1000000 / (u * 8 + 40) + 1};
	int64_t hours = 4 + (int64_t)rng_below(r, 36), spread = rng_below(r, 36);
	hours += spread * (int64_t)rng_below(r, 4);
	a.end = t + 3600 * hours;
	c->act[c->n_act++] = a;
	c->total_weight += a.weight;
	return a.story;
}

static uint64_t pick_story(corpus *c, int64_t t)
{
	for (size_t i = 0; i < c->n_act;) {
		if (c->act[i].end < t) {
			c->total_weight -= c->act[i].weight;
			c->act[i] = c->act[--c->n_act];
		} else {
			i++;
		}
	}
	if (c->n_act == 0 || rng_pm(&c->r, 300))
		return open_story(c, t);
	uint64_t x = ((rng_next(&c->r) >> 11) % c->total_weight);
	for (size_t i = 0; i < c->n_act; i++) {
		if (x < c->act[i].weight)
			return c->act[i].story;
		x -= c->act[i].weight;
	}
	return c->act[c->n_act - 1].story;
}

static uint32_t pick_outlet(rng *r, bool copy)
{
	uint32_t x = rng_below(r, 100);
	if (copy) {
		if (x < 45)
			return aggregators[rng_below(r, ARRAY_LEN(aggregators))];
		return N_AGENCIES + rng_below(r, N_OUTLETS - N_AGENCIES);
	}
	if (x < 22)
		return rng_below(r, N_AGENCIES);
	return N_AGENCIES + rng_below(r, N_OUTLETS - N_AGENCIES);
}

/* Decides document i: time, story, outlet, and whether it copies an earlier original (returned;
 * it stays valid until the next call). */
static const doc *next_doc(corpus *c, uint64_t i, doc *d)
{
	rng *r = &c->r;
	*d = (doc){.idx = i};
	d->t = START_TIME + (int64_t)(i * c->spd / 1024) + (int64_t)rng_below(r, 1800);
	if (c->n_ring && rng_below(r, 1u << 30) < (uint32_t)(c->dup_rate * (1u << 30))) {
		/* copy a recent original, agency copy preferred */
		uint64_t range = c->n_ring < 2000 ? c->n_ring : 2000;
		const doc *o = NULL;
		for (int tries = 0; tries < 3; tries++) {
			uint64_t a = rng_below(r, (uint32_t)range),
				 b = rng_below(r, (uint32_t)range);
			o = &c->ring[(c->n_ring - 1 - a * b / range) % ORIG_RING];
			if (g_outlets[o->outlet].agency)
				break;
		}
		d->copy = true;
		d->copy_of = o->idx;
		d->story = o->story;
		if (d->t < o->t + 120)
			d->t = o->t + 120 + rng_below(r, 7200);
		do
			d->outlet = pick_outlet(r, true);
		while (d->outlet == o->outlet);
		uint32_t k = rng_below(r, 100);
		d->kind = k < 10 ? K_EXACT : k < 35 ? K_REPRINT : k < 70 ? K_EDITED : K_PARTIAL;
		return o;
	}
	d->story = pick_story(c, d->t);
	d->outlet = pick_outlet(r, false);
	c->ring[c->n_ring++ % ORIG_RING] = *d;
	return NULL;
}

/* --- output ------------------------------------------------------------------------------- */

/* Bytes that JSON strings escape: < 0x20, '"', '\\'; eight at a time (SWAR). */
static inline bool plain8(const char *s)
{
	uint64_t x;
	memcpy(&x, s, 8);
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
	uint64_t t = ((x - ones * 0x20) | (q - ones) | (bs - ones)) & ~x & high;
	return t == 0;
}

/* Appends s escaped as the inside of a JSON string. */
static void json_esc(sbuf *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	sb_reserve(o, n + n / 8 + 16);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j + 8 <= n && plain8(s + j))
			j += 8;
		while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != '"' && s[j] != '\\')
			j++;
		sb_add(o, s + i, j - i);
		if (j == n)
			break;
		unsigned char ch = (unsigned char)s[j];
		if (ch == '"' || ch == '\\') {
			char e[2] = {'\\', (char)ch};
			sb_add(o, e, 2);
		} else if (ch == '\n') {
			sb_add(o, "\\n", 2);
		} else {
			char e[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
			sb_add(o, e, 6);
		}
		i = j + 1;
	}
}

static void json_str(sbuf *o, const char *s, size_t n)
{
	sb_addc(o, '"');
	json_esc(o, s, n);
	sb_addc(o, '"');
}

/* Digits of the file number in the seed format (0: JSONL). */
static int g_seed_width;

/* The id of article idx: "g000000123" in JSONL; in the seed format the file name without
 * extension ("0123_5f0c...", the id newsfold gives a seed file). */
static void put_id(sbuf *b, uint64_t idx)
{
	if (!g_seed_width) {
		sb_addc(b, 'g');
		sb_addu(b, idx, 9);
		return;
	}
	static const char hex[] = "0123456789abcdef";
	uint64_t h = mix64(g_seed * 0x9E3779B97F4A7C15ull ^ idx);
	sb_addu(b, idx, g_seed_width);
	sb_addc(b, '_');
	for (int i = 15; i >= 0; i--)
		sb_addc(b, hex[(h >> (i * 4)) & 15]);
}

static void put_story_id(sbuf *b, uint64_t id)
{
	sb_addc(b, 's');
	sb_addu(b, id, 7);
}

static void put_url(sbuf *b, const doc *d, const story *st, const sbuf *title)
{
	const outlet *o = &g_outlets[d->outlet];
	sb_adds(b, "https://www.");
	sb_adds(b, o->nm->domain);
	sb_addc(b, '/');
	sb_adds(b, sections[st->section].slug);
	sb_addc(b, '/');
	int words = 0;
	bool dash = false;
	for (size_t i = 0; i < title->n && words < 9; i++) {
		unsigned char ch = (unsigned char)title->p[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash)
				sb_addc(b, '-');
			sb_addc(b, (char)ch);
			dash = false;
		} else if (ch >= 'A' && ch <= 'Z') {
			if (dash)
				sb_addc(b, '-');
			sb_addc(b, (char)(ch - 'A' + 'a'));
			dash = false;
		} else if (ch == ' ') {
			dash = true;
			words++;
		}
	}
	sb_addc(b, '-');
	sb_addu(b, mix64(g_seed ^ (d->idx * 31 + 7)) % 100000000, 8);
}

static void write_all(FILE *f, const sbuf *b, const char *what)
{
	if (b->n && fwrite(b->p, 1, b->n, f) != b->n)
		die("cannot write %s: %s", what, strerror(errno));
}

static void put_truth(sbuf *b, const doc *d)
{
	put_id(b, d->idx);
	sb_addc(b, '\t');
	put_story_id(b, d->story);
	sb_addc(b, '\t');
	if (d->copy) {
		put_id(b, d->copy_of);
		sb_addc(b, '\t');
		sb_adds(b, kind_names[d->kind]);
	} else {
		sb_adds(b, "-\t-");
	}
	sb_addc(b, '\n');
}

typedef struct options {
	uint64_t docs, seed;
	double dup_rate;
	bool seed_format;
	const char *out, *truth;
} options;

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return false;
	*v = x;
	return true;
}

static void parse_args(int argc, char **argv, options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		static const char *const with_value[] = {
		    "--docs", "--seed", "--format", "--dup-rate", "--out", "--truth", "--style"};
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			exit(0);
		}
		size_t k = 0;
		for (; k < ARRAY_LEN(with_value); k++) {
			size_t n = strlen(with_value[k]);
			if (strncmp(a, with_value[k], n) == 0 && (a[n] == '=' || a[n] == '\0')) {
				v = a[n] == '=' ? a + n + 1 : i + 1 < argc ? argv[++i] : NULL;
				break;
			}
		}
		if (k == ARRAY_LEN(with_value)) {
			fprintf(stderr, "nf-gen: unknown argument '%s'\n%s", a, usage);
			exit(2);
		}
		if (!v)
			die("%s needs a value", with_value[k]);
		char *end;
		switch (k) {
		case 0:
			if (!parse_u64(v, &o->docs) || o->docs > 4000000000ull)
				die("bad --docs '%s'", v);
			break;
		case 1:
			if (!parse_u64(v, &o->seed))
				die("bad --seed '%s'", v);
			break;
		case 2:
			if (strcmp(v, "jsonl") == 0)
				o->seed_format = false;
			else if (strcmp(v, "seed") == 0)
				o->seed_format = true;
			else
				die("bad --format '%s' (jsonl or seed)", v);
			break;
		case 3:
			o->dup_rate = strtod(v, &end);
			if (end == v || *end || !(o->dup_rate >= 0 && o->dup_rate <= 1))
				die("bad --dup-rate '%s' (0..1)", v);
			break;
		case 4:
			o->out = v;
			break;
		case 5:
			o->truth = v;
			break;
		default:
			if (strcmp(v, "news") == 0)
				g_news = true;
			else if (strcmp(v, "synthetic") != 0)
				die("bad --style '%s' (synthetic or news)", v);
			break;
		}
	}
	if (o->seed_format && !o->out)
		die("--format seed needs --out DIR");
}

static void write_seed_file(const options *o, const doc *d, const article *a, sbuf *path)
{
	path->n = 0;
	sb_adds(path, o->out);
	sb_addc(path, '/');
	put_id(path, d->idx);
	sb_adds(path, ".txt");
	sb_addc(path, '\0');
	FILE *f = fopen(path->p, "wb");
	if (!f)
		die("cannot write %s: %s", path->p, strerror(errno));
	civil c = civil_from(d->t);
	char head[32];
	int n = snprintf(head, sizeof(head), " date %04d-%02d-%02d ", c.y, c.mon, c.d);
	bool ok = fwrite(head, 1, (size_t)n, f) == (size_t)n;
	const sbuf *parts[] = {&a->head, &a->body, &a->foot};
	for (size_t i = 0; i < ARRAY_LEN(parts); i++)
		ok = ok && (!parts[i]->n || fwrite(parts[i]->p, 1, parts[i]->n, f) == parts[i]->n);
	if (fclose(f) || !ok)
		die("cannot write %s: %s", path->p, strerror(errno));
}

int main(int argc, char **argv)
{
	options o = {.docs = 1000, .seed = 1, .dup_rate = 0.1};
	parse_args(argc, argv, &o);
	g_seed = mix64(o.seed ^ 0x6E66u);
	build_vocab();
	build_outlets();

	FILE *out = stdout, *truth = NULL;
	if (o.seed_format) {
		if (mkdir(o.out, 0777) && errno != EEXIST)
			die("cannot create %s: %s", o.out, strerror(errno));
	} else if (o.out && !(out = fopen(o.out, "wb"))) {
		die("cannot write %s: %s", o.out, strerror(errno));
	}
	if (o.truth && !(truth = fopen(o.truth, "wb")))
		die("cannot write %s: %s", o.truth, strerror(errno));

	corpus *c = calloc(1, sizeof(*c));
	scratch *s = calloc(1, sizeof(*s));
	if (!c || !s)
		die("out of memory");
	rng_init(&c->r, S_CORPUS, 0);
	c->n_docs = o.docs ? o.docs : 1;
	c->dup_rate = o.dup_rate;
	uint64_t days = o.docs / DOCS_PER_DAY < 7 ? 7 : o.docs / DOCS_PER_DAY;
	c->spd = days * 86400 * 1024 / c->n_docs; /* the corpus spans `days` */
	if (o.seed_format) {
		/* wide enough that byte order of names is input order */
		g_seed_width = 3;
		for (uint64_t x = o.docs ? o.docs - 1 : 0; x >= 1000; x /= 10)
			g_seed_width++;
	}

	sbuf ob = {0}, tb = {0}, path = {0};
	const size_t flush_at = (size_t)8 << 20;
	sb_reserve(&ob, flush_at + (1 << 20));
	for (uint64_t i = 0; i < o.docs; i++) {
		doc d;
		story st;
		const doc *orig = next_doc(c, i, &d);
		story_make(&st, d.story);
		if (orig)
			gen_copy(s, &d, orig, &st);
		else
			gen_article(&d, &st, &s->a);
		if (truth)
			put_truth(&tb, &d);
		if (o.seed_format) {
			write_seed_file(&o, &d, &s->a, &path);
		} else {
			const outlet *ol = &g_outlets[d.outlet];
			sb_adds(&ob, "{\"id\":\"");
			put_id(&ob, d.idx);
			sb_adds(&ob, "\",\"date\":\"");
			put_iso(&ob, d.t, ol->tz);
			sb_adds(&ob, "\",\"source\":");
			json_str(&ob, ol->nm->name, strlen(ol->nm->name));
			sb_adds(&ob, ",\"url\":\"");
			put_url(&ob, &d, &st, &s->a.title);
			sb_adds(&ob, "\",\"title\":");
			json_str(&ob, s->a.title.p, s->a.title.n);
			sb_adds(&ob, ",\"text\":\"");
			json_esc(&ob, s->a.head.p, s->a.head.n);
			json_esc(&ob, s->a.body.p, s->a.body.n);
			json_esc(&ob, s->a.foot.p, s->a.foot.n);
			sb_addc(&ob, '"');
			sb_adds(&ob, ",\"_story\":\"");
			put_story_id(&ob, d.story);
			if (d.copy) {
				sb_adds(&ob, "\",\"_copy_of\":\"");
				put_id(&ob, d.copy_of);
				sb_adds(&ob, "\",\"_copy_kind\":\"");
				sb_adds(&ob, kind_names[d.kind]);
			}
			sb_adds(&ob, "\"}\n");
			if (ob.n >= flush_at) {
				write_all(out, &ob, o.out ? o.out : "stdout");
				ob.n = 0;
			}
		}
		if (tb.n >= flush_at) {
			write_all(truth, &tb, o.truth);
			tb.n = 0;
		}
	}
	write_all(out, &ob, o.out ? o.out : "stdout");
	if (truth) {
		write_all(truth, &tb, o.truth);
		if (fclose(truth))
			die("cannot write %s: %s", o.truth, strerror(errno));
	}
	if (out != stdout ? fclose(out) : fflush(out))
		die("cannot write %s: %s", o.out ? o.out : "stdout", strerror(errno));

	sb_free(&ob);
	sb_free(&tb);
	sb_free(&path);
	article_free(&s->a);
	article_free(&s->o);
	free(s);
	free(c);
	return 0;
}
