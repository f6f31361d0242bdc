/*
 * align.c - aligned passages between two documents: seed-and-extend over word k-grams.
 *
 * 1. Seeds: every k-gram of b's words (hashes of normalized forms) is looked up in a table of
 *    a's k-grams; each hit is a match (i, j) on diagonal i - j. k-grams occurring more than
 *    max_repeat times in a are skipped (one word repeated), so matches are at most that many
 *    per word of b.
 * 2. Blocks: matches sorted by (diagonal, j); consecutive j on one diagonal form an exact block
 *    of equal words.
 * 3. Chains: blocks in order of their start in b join the open chain whose end lies just before
 *    them on both sides - at most max_gap unmatched words on either side, and gaps that differ by
 *    at most a few words (substitutions keep the diagonal, insertions and deletions shift it).
 *    Chains that reach min_words words on both sides are the spans.
 * Then each span is classified (verbatim, edited, quote; boilerplate) and the pair gets its
 * coverages, relation and likely direction.
 */
#include "../base/base.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#define WORD_SEED   0x4e46414c49474e31ull /* "NFALIGN1" */
#define MAX_SKEW    4			  /* largest difference of the two gaps bridged */
#define MAX_OVERLAP 2			  /* blocks may overlap the chain end by this many words */

enum { AF_BOILER = 1, AF_QUOTED = 2, AF_REPORTED = 4 };

struct nf_align_doc {
	NF_VEC(uint64_t) h;   /* word hashes */
	NF_VEC(uint32_t) off; /* 2 per word: start, end */
	NF_VEC(uint8_t) fl;   /* AF_* */
	size_t n_content;     /* words outside boilerplate */
	int64_t date;
	bool syndicated;
};

typedef struct block {
	uint32_t a_s, a_e, b_s, b_e;
	uint32_t chain; /* the chain it joined */
} block;

typedef struct chain {
	uint32_t a_s, a_e, b_s, b_e;
	uint32_t matched, blocks, longest;
	uint32_t id;
} chain;

typedef struct slot {
	uint64_t key;
	uint32_t head, count; /* count 0: free */
} slot;

struct nf_aligner {
	nf_align_options opt;
	NF_VEC(uint64_t) ga, gb; /* k-gram hashes */
	NF_VEC(slot) table;
	NF_VEC(uint32_t) next; /* previous position of the same k-gram in a */
	NF_VEC(uint64_t) match;
	NF_VEC(block) blocks;
	NF_VEC(chain) open;
	NF_VEC(nf_passage) spans;
	NF_VEC(uint32_t) span_of; /* chain id -> span index + 1, 0 if none */
	NF_VEC(uint32_t) chain_of_span;
	NF_VEC(uint8_t) mark_a, mark_b;
	uint32_t n_chains;
	const nf_align_doc *da, *db; /* the pair being aligned */
};

/* --- names ----------------------------------------------------------------------------------- */

const char *nf_passage_kind_name(int kind)
{
	static const char *const names[] = {"verbatim", "edited", "quote"};
	return kind >= 0 && kind < (int)NF_ARRAY_LEN(names) ? names[kind] : "unknown";
}

const char *nf_relation_name(int rel)
{
	static const char *const names[] = {"none", "copy", "partial", "quote", "passage"};
	return rel >= 0 && rel < (int)NF_ARRAY_LEN(names) ? names[rel] : "unknown";
}

const char *nf_basis_name(int basis)
{
	static const char *const names[] = {"none",	   "unquoted",	  "date",
					    "syndication", "containment", "common-wire"};
	return basis >= 0 && basis < (int)NF_ARRAY_LEN(names) ? names[basis] : "unknown";
}

/* --- prepared documents ---------------------------------------------------------------------- */

int nf_align_doc_new(nf_align_doc **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : NF_ENOMEM;
}

void nf_align_doc_free(nf_align_doc *d)
{
	if (!d)
		return;
	NF_VEC_FREE(&d->h);
	NF_VEC_FREE(&d->off);
	NF_VEC_FREE(&d->fl);
	free(d);
}

size_t nf_align_doc_words(const nf_align_doc *d)
{
	return d->h.n;
}

/* Quotation state across the punctuation between two words. */
typedef struct qstate {
	bool dbl, low9, single, guil, cjk;
} qstate;

static bool is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F ||
	       (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000;
}

/*
 * Updates the state for the bytes s[0..n) lying between two words. A blank line ends every
 * quotation (a paragraph's quotes close with it). Straight and curly double quotes, „ “ pairs,
 * guillemets and CJK corner brackets open and close; single quotes only where they cannot be
 * apostrophes: ‘ opens, ’ and ' close an open single quote at the end of a word, ' opens before
 * a word.
 */
static void scan_gap(qstate *q, const char *s, size_t n, bool first_gap)
{
	size_t i = 0, nl = 0;
	if (n <= 1 && (n == 0 || s[0] == ' '))
		return;
	while (i < n) {
		uint32_t cp;
		int k = nf_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		bool at_start = i == 0 && !first_gap, at_end = i + (size_t)k == n;
		i += (size_t)k;
		if (cp == '\n') {
			if (++nl >= 2)
				*q = (qstate){0};
			continue;
		}
		if (!is_space_cp(cp))
			nl = 0;
		switch (cp) {
		case '"':
			q->dbl = !q->dbl;
			q->low9 = false;
			break;
		case 0x201C: /* “ */
			if (q->dbl && q->low9)
				q->dbl = q->low9 = false;
			else
				q->dbl = true;
			break;
		case 0x201D: /* ” */
			q->dbl = !q->dbl;
			q->low9 = false;
			break;
		case 0x201E: /* „ */
			q->dbl = q->low9 = true;
			break;
		case 0xAB: /* « */
		case 0x2039:
			q->guil = true;
			break;
		case 0xBB: /* » */
		case 0x203A:
			q->guil = false;
			break;
		case 0x300C: /* 「 */
		case 0x300E:
			q->cjk = true;
			break;
		case 0x300D:
		case 0x300F:
			q->cjk = false;
			break;
		case 0x2018: /* ‘ */
			q->single = true;
			break;
		case 0x2019: /* ’ */
			if (q->single && at_start)
				q->single = false;
			break;
		case '\'':
			if (at_start && !at_end)
				q->single = false;
			else if (at_end && !at_start)
				q->single = true;
			break;
		default:
			break;
		}
	}
}

/* Verbs that report speech: a sentence holding one carries someone's words even without
 * quotation marks ("Trump said that they spent a great deal of time..."). English only. */
static bool reporting_verb(const char *w, size_t n)
{
#define V(s)                                                                                       \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
	static const struct {
		const char *s;
		size_t n;
	} verbs[] = {V("said"),	     V("says"),	     V("say"),	     V("told"),	     V("tells"),
		     V("wrote"),     V("writes"),    V("added"),     V("adds"),	     V("stated"),
		     V("states"),    V("noted"),     V("according"), V("announced"), V("posted"),
		     V("claimed"),   V("insisted"),  V("remarked"),  V("declared"),  V("explained"),
		     V("argued"),    V("replied"),   V("commented"), V("warned"),    V("stressed"),
		     V("mentioned"), V("confirmed"), V("tweeted")};
#undef V
	if (n < 3 || n > 9)
		return false;
	for (size_t i = 0; i < NF_ARRAY_LEN(verbs); i++)
		if (verbs[i].n == n && verbs[i].s[0] == w[0] && memcmp(verbs[i].s, w, n) == 0)
			return true;
	return false;
}

/* Marks the words of sentences that hold a reporting verb. */
static void mark_reported(nf_align_doc *d, const nf_cleaned *c)
{
	size_t t = 0;
	for (size_t s = 0; s < c->n_sentences; s++) {
		uint32_t ss = c->sentences[s].start, se = c->sentences[s].end;
		while (t < c->n_tokens && c->tokens[t].start < ss)
			t++;
		size_t u = t;
		bool rep = false;
		for (; u < c->n_tokens && c->tokens[u].start < se; u++)
			rep = rep ||
			      reporting_verb(c->norm + c->tokens[u].norm, c->tokens[u].norm_len);
		if (rep)
			for (size_t i = t; i < u; i++)
				d->fl.a[i] |= AF_REPORTED;
		t = u;
	}
}

int nf_align_doc_set(nf_align_doc *d, const char *text, size_t n, int64_t date, const nf_cleaned *c)
{
	d->h.n = d->off.n = d->fl.n = 0;
	d->n_content = 0;
	d->date = date;
	d->syndicated = false;
	for (size_t i = 0; i < c->n_boiler; i++)
		if (c->boiler[i].kind == NF_BOILER_SYNDICATION)
			d->syndicated = true;
	size_t m = c->n_tokens;
	if (NF_VEC_RESERVE(&d->h, m) || NF_VEC_RESERVE(&d->off, 2 * m) || NF_VEC_RESERVE(&d->fl, m))
		return NF_ENOMEM;
	qstate q = {0};
	uint32_t prev = 0;
	for (size_t i = 0; i < m; i++) {
		const nf_token *t = &c->tokens[i];
		if (t->start >= prev && t->start <= n)
			scan_gap(&q, text + prev, t->start - prev, i == 0);
		d->h.a[i] = XXH3_64bits_withSeed(c->norm + t->norm, t->norm_len, WORD_SEED);
		d->off.a[2 * i] = t->start;
		d->off.a[2 * i + 1] = t->end;
		uint8_t f = 0;
		if (t->flags & NF_TOK_BOILER)
			f |= AF_BOILER;
		else
			d->n_content++;
		if (q.dbl || q.single || q.guil || q.cjk)
			f |= AF_QUOTED;
		d->fl.a[i] = f;
		prev = t->end;
	}
	d->h.n = d->fl.n = m;
	d->off.n = 2 * m;
	mark_reported(d, c);
	return 0;
}

/* --- the aligner ------------------------------------------------------------------------------ */

int nf_aligner_new(nf_aligner **out, const nf_align_options *opt)
{
	*out = NULL;
	nf_align_options o = opt ? *opt : (nf_align_options){0};
	if (!o.seed_words)
		o.seed_words = 4;
	if (!o.min_words)
		o.min_words = 10;
	if (!o.max_gap)
		o.max_gap = 8;
	if (!o.max_repeat)
		o.max_repeat = 64;
	if (!o.min_block)
		o.min_block = o.min_words < 7 ? o.min_words : 7;
	if (!(o.copy_coverage > 0))
		o.copy_coverage = 0.8;
	if (!o.partial_words)
		o.partial_words = 30;
	if (!(o.partial_coverage > 0))
		o.partial_coverage = 0.2;
	if (o.seed_words > 64 || o.min_words < o.seed_words || o.copy_coverage > 1 ||
	    o.partial_coverage > 1)
		return NF_EINVAL;
	nf_aligner *al = calloc(1, sizeof(*al));
	if (!al)
		return NF_ENOMEM;
	al->opt = o;
	*out = al;
	return 0;
}

void nf_aligner_free(nf_aligner *al)
{
	if (!al)
		return;
	NF_VEC_FREE(&al->ga);
	NF_VEC_FREE(&al->gb);
	NF_VEC_FREE(&al->table);
	NF_VEC_FREE(&al->next);
	NF_VEC_FREE(&al->match);
	NF_VEC_FREE(&al->blocks);
	NF_VEC_FREE(&al->open);
	NF_VEC_FREE(&al->spans);
	NF_VEC_FREE(&al->span_of);
	NF_VEC_FREE(&al->chain_of_span);
	NF_VEC_FREE(&al->mark_a);
	NF_VEC_FREE(&al->mark_b);
	free(al);
}

static int kgrams(const nf_align_doc *d, unsigned k, void *vec)
{
	NF_VEC(uint64_t) *g = vec;
	g->n = 0;
	if (d->h.n < k)
		return 0;
	size_t n = d->h.n - k + 1;
	if (NF_VEC_RESERVE(g, n))
		return NF_ENOMEM;
	for (size_t i = 0; i < n; i++)
		g->a[i] = XXH3_64bits_withSeed(d->h.a + i, k * sizeof(uint64_t), WORD_SEED);
	g->n = n;
	return 0;
}

static slot *find_slot(slot *t, size_t mask, uint64_t key)
{
	size_t i = (size_t)(key ^ key >> 29) & mask;
	while (t[i].count && t[i].key != key)
		i = (i + 1) & mask;
	return &t[i];
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_block(const void *x, const void *y)
{
	const block *a = x, *b = y;
	if (a->b_s != b->b_s)
		return a->b_s < b->b_s ? -1 : 1;
	if (a->a_s != b->a_s)
		return a->a_s < b->a_s ? -1 : 1;
	return (a->b_e > b->b_e) - (a->b_e < b->b_e);
}

static int cmp_span(const void *x, const void *y)
{
	const nf_passage *a = x, *b = y;
	if (a->a_start != b->a_start)
		return a->a_start < b->a_start ? -1 : 1;
	if (a->b_start != b->b_start)
		return a->b_start < b->b_start ? -1 : 1;
	return (a->a_end > b->a_end) - (a->a_end < b->a_end);
}

/* Seeds -> sorted matches (diagonal << 32 | j). */
static int find_matches(nf_aligner *al, const nf_align_doc *a, const nf_align_doc *b)
{
	unsigned k = al->opt.seed_words;
	al->match.n = 0;
	if (kgrams(a, k, &al->ga) || kgrams(b, k, &al->gb))
		return NF_ENOMEM;
	size_t na = al->ga.n, nb = al->gb.n;
	if (!na || !nb)
		return 0;
	size_t cap = 16;
	while (cap < 2 * na)
		cap <<= 1;
	if (NF_VEC_RESERVE(&al->table, cap) || NF_VEC_RESERVE(&al->next, na))
		return NF_ENOMEM;
	slot *t = al->table.a;
	memset(t, 0, cap * sizeof(slot));
	for (size_t i = 0; i < na; i++) {
		slot *s = find_slot(t, cap - 1, al->ga.a[i]);
		s->key = al->ga.a[i];
		al->next.a[i] = s->count ? s->head : UINT32_MAX;
		s->head = (uint32_t)i;
		s->count++;
	}
	uint64_t nbw = b->h.n;
	for (size_t j = 0; j < nb; j++) {
		slot *s = find_slot(t, cap - 1, al->gb.a[j]);
		if (!s->count || s->count > al->opt.max_repeat)
			continue;
		if (NF_VEC_RESERVE(&al->match, al->match.n + s->count))
			return NF_ENOMEM;
		for (uint32_t i = s->head; i != UINT32_MAX; i = al->next.a[i]) {
			uint64_t diag = (uint64_t)i + nbw - j;
			al->match.a[al->match.n++] = diag << 32 | j;
		}
	}
	if (al->match.n > 1)
		qsort(al->match.a, al->match.n, sizeof(uint64_t), cmp_u64);
	return 0;
}

/* Matches -> exact blocks, sorted by start in b. */
static int make_blocks(nf_aligner *al, const nf_align_doc *b)
{
	unsigned k = al->opt.seed_words;
	const uint64_t *m = al->match.a;
	uint64_t nbw = b->h.n;
	al->blocks.n = 0;
	for (size_t i = 0, j; i < al->match.n; i = j) {
		uint64_t diag = m[i] >> 32;
		uint32_t js = (uint32_t)m[i], je = js;
		for (j = i + 1; j < al->match.n && m[j] >> 32 == diag && (uint32_t)m[j] == je + 1;
		     j++)
			je++;
		uint32_t as = (uint32_t)(diag + js - nbw);
		block bl = {as, as + (je - js) + k, js, je + k, 0};
		if (NF_VEC_PUSH(&al->blocks, bl))
			return NF_ENOMEM;
	}
	if (al->blocks.n > 1)
		qsort(al->blocks.a, al->blocks.n, sizeof(block), cmp_block);
	return 0;
}

/*
 * Grows a span's end past edits too close to it for a seed: through at most two single-word
 * edits (a substitution, an insertion or a deletion), each followed by at least two equal
 * words. dir = 1 extends [.., *i) x [.., *j) to the right; dir = -1 extends [*i, ..) x [*j, ..)
 * to the left. Returns the equal words added.
 */
static uint32_t extend(const nf_align_doc *a, const nf_align_doc *b, int dir, uint32_t *pi,
		       uint32_t *pj)
{
	/* one-word edits, then two-word ones (which need three equal words after them) */
	static const int di[8] = {1, 0, 1, 2, 0, 2, 1, 2}, dj[8] = {1, 1, 0, 2, 2, 0, 2, 1};
	const uint64_t *ha = a->h.a, *hb = b->h.a;
	long na = (long)a->h.n, nb = (long)b->h.n;
	/* next word to compare on each side */
	long i = dir > 0 ? (long)*pi : (long)*pi - 1, j = dir > 0 ? (long)*pj : (long)*pj - 1;
#define EQ(x, y) ((x) >= 0 && (x) < na && (y) >= 0 && (y) < nb && ha[x] == hb[y])
	uint32_t added = 0;
	for (int edits = 0; edits <= 2; edits++) {
		if (edits) {
			int k;
			for (k = 0; k < 8; k++) {
				long x = i + dir * di[k], y = j + dir * dj[k];
				if (EQ(x, y) && EQ(x + dir, y + dir) &&
				    (k < 3 || EQ(x + 2 * dir, y + 2 * dir)))
					break;
			}
			if (k == 8)
				break;
			i += dir * di[k];
			j += dir * dj[k];
		}
		uint32_t run = 0;
		while (EQ(i, j)) {
			i += dir;
			j += dir;
			run++;
		}
		added += run;
		*pi = (uint32_t)(dir > 0 ? i : i + 1);
		*pj = (uint32_t)(dir > 0 ? j : j + 1);
	}
#undef EQ
	return added;
}

static int close_chain(nf_aligner *al, const chain *c0)
{
	chain cc = *c0, *c = &cc;
	if (c->matched + 4 >= al->opt.min_words && c->longest >= al->opt.min_block) {
		c->matched += extend(al->da, al->db, 1, &c->a_e, &c->b_e);
		c->matched += extend(al->da, al->db, -1, &c->a_s, &c->b_s);
	}
	if (c->matched < al->opt.min_words || c->longest < al->opt.min_block)
		return 0;
	al->span_of.a[c->id] = (uint32_t)al->spans.n + 1;
	nf_passage p = {0};
	p.a_start = c->a_s; /* word indexes for now; offsets once classified */
	p.a_end = c->a_e;
	p.b_start = c->b_s;
	p.b_end = c->b_e;
	p.a_words = c->a_e - c->a_s;
	p.b_words = c->b_e - c->b_s;
	p.matched = c->matched;
	double sim = 2.0 * c->matched / (double)(p.a_words + p.b_words);
	p.similarity = (float)(sim > 1 ? 1 : sim);
	p.kind = c->blocks == 1 && p.a_words == p.b_words ? NF_PASSAGE_VERBATIM : NF_PASSAGE_EDITED;
	return NF_VEC_PUSH(&al->spans, p);
}

/* Blocks -> chains -> spans (word indexes). */
static int chain_blocks(nf_aligner *al)
{
	long gmax = (long)al->opt.max_gap;
	al->open.n = 0;
	al->spans.n = 0;
	al->n_chains = 0;
	/* at most one chain per block */
	if (NF_VEC_RESERVE(&al->span_of, al->blocks.n + 1))
		return NF_ENOMEM;
	memset(al->span_of.a, 0, (al->blocks.n + 1) * sizeof(uint32_t));
	for (size_t x = 0; x < al->blocks.n; x++) {
		block *bl = &al->blocks.a[x];
		/* close chains that can no longer grow */
		size_t keep = 0;
		for (size_t c = 0; c < al->open.n; c++) {
			if ((long)al->open.a[c].b_e + gmax < (long)bl->b_s) {
				if (close_chain(al, &al->open.a[c]))
					return NF_ENOMEM;
			} else {
				al->open.a[keep++] = al->open.a[c];
			}
		}
		al->open.n = keep;
		chain *best = NULL;
		long best_gap = 0, best_skew = 0;
		for (size_t c = 0; c < al->open.n; c++) {
			chain *ch = &al->open.a[c];
			long ga = (long)bl->a_s - (long)ch->a_e, gb = (long)bl->b_s - (long)ch->b_e;
			if (ga < -MAX_OVERLAP || gb < -MAX_OVERLAP || ga > gmax || gb > gmax)
				continue;
			/* the block must move the chain forward on both sides */
			if (bl->a_e <= ch->a_e || bl->b_e <= ch->b_e)
				continue;
			long skew = ga > gb ? ga - gb : gb - ga;
			if (skew > MAX_SKEW)
				continue;
			long gap = ga > gb ? ga : gb;
			if (!best || gap < best_gap || (gap == best_gap && skew < best_skew)) {
				best = ch;
				best_gap = gap;
				best_skew = skew;
			}
		}
		if (best) {
			uint32_t from = bl->b_s > best->b_e ? bl->b_s : best->b_e;
			best->matched += bl->b_e - from;
			best->a_e = bl->a_e;
			best->b_e = bl->b_e;
			best->blocks++;
			if (bl->b_e - bl->b_s > best->longest)
				best->longest = bl->b_e - bl->b_s;
			bl->chain = best->id;
		} else {
			uint32_t len = bl->b_e - bl->b_s;
			chain ch = {bl->a_s, bl->a_e, bl->b_s, bl->b_e,
				    len,     1,	      len,     al->n_chains++};
			bl->chain = ch.id;
			if (NF_VEC_PUSH(&al->open, ch))
				return NF_ENOMEM;
		}
	}
	for (size_t c = 0; c < al->open.n; c++)
		if (close_chain(al, &al->open.a[c]))
			return NF_ENOMEM;
	al->open.n = 0;
	return 0;
}

static size_t count_flag(const nf_align_doc *d, uint32_t s, uint32_t e, uint8_t f)
{
	size_t n = 0;
	for (uint32_t i = s; i < e; i++)
		n += (d->fl.a[i] & f) != 0;
	return n;
}

/*
 * Spans: kinds, boilerplate, offsets; and the pair's coverages: the content words of each side
 * matched to an equal word inside a counted span. A span is a quotation when one side has it
 * inside quotation marks and the other inside quotation marks or in reported speech; when one
 * side quotes it and the other carries it bare, the bare side speaks in its own words
 * (*one_sided: -1 none seen, 0 = a bare, 1 = b bare, 2 = both seen).
 */
static int classify(nf_aligner *al, const nf_align_doc *a, const nf_align_doc *b, nf_alignment *r,
		    int *one_sided)
{
	if (NF_VEC_RESERVE(&al->mark_a, a->h.n + 1) || NF_VEC_RESERVE(&al->mark_b, b->h.n + 1))
		return NF_ENOMEM;
	memset(al->mark_a.a, 0, a->h.n);
	memset(al->mark_b.a, 0, b->h.n);
	*one_sided = -1;
	for (size_t i = 0; i < al->spans.n; i++) {
		nf_passage *p = &al->spans.a[i];
		uint32_t as = p->a_start, ae = p->a_end, bs = p->b_start, be = p->b_end;
		size_t wa = p->a_words, wb = p->b_words;
		size_t qa = count_flag(a, as, ae, AF_QUOTED), qb = count_flag(b, bs, be, AF_QUOTED);
		size_t ra = count_flag(a, as, ae, AF_QUOTED | AF_REPORTED);
		size_t rb = count_flag(b, bs, be, AF_QUOTED | AF_REPORTED);
		size_t ba = count_flag(a, as, ae, AF_BOILER), bb = count_flag(b, bs, be, AF_BOILER);
		bool quoted_a = 4 * qa >= 3 * wa, quoted_b = 4 * qb >= 3 * wb;
		bool said_a = 4 * ra >= 3 * wa, said_b = 4 * rb >= 3 * wb;
		/* mostly boilerplate, or long enough only with its boilerplate words */
		p->boilerplate = 2 * ba > wa || 2 * bb > wb || wa - ba < al->opt.min_words ||
				 wb - bb < al->opt.min_words;
		if ((quoted_a && said_b) || (quoted_b && said_a)) {
			p->kind = NF_PASSAGE_QUOTE;
		} else if (!p->boilerplate &&
			   ((quoted_a && 4 * rb < wb) || (quoted_b && 4 * ra < wa))) {
			/* quoted on one side, bare (neither quoted nor reported) on the other */
			int side = quoted_a ? 1 : 0;
			*one_sided = *one_sided < 0 || *one_sided == side ? side : 2;
		}
		p->a_start = a->off.a[2 * as];
		p->a_end = a->off.a[2 * (ae - 1) + 1];
		p->b_start = b->off.a[2 * bs];
		p->b_end = b->off.a[2 * (be - 1) + 1];
	}
	for (size_t x = 0; x < al->blocks.n; x++) {
		const block *bl = &al->blocks.a[x];
		uint32_t sp = al->span_of.a[bl->chain];
		if (!sp || al->spans.a[sp - 1].boilerplate)
			continue;
		memset(al->mark_a.a + bl->a_s, 1, bl->a_e - bl->a_s);
		memset(al->mark_b.a + bl->b_s, 1, bl->b_e - bl->b_s);
	}
	uint32_t sa = 0, sb = 0;
	for (size_t i = 0; i < a->h.n; i++)
		sa += al->mark_a.a[i] && !(a->fl.a[i] & AF_BOILER);
	for (size_t i = 0; i < b->h.n; i++)
		sb += al->mark_b.a[i] && !(b->fl.a[i] & AF_BOILER);
	r->shared_a = sa;
	r->shared_b = sb;
	r->coverage_a = a->n_content ? (double)sa / (double)a->n_content : 0;
	r->coverage_b = b->n_content ? (double)sb / (double)b->n_content : 0;
	if (al->spans.n > 1)
		qsort(al->spans.a, al->spans.n, sizeof(nf_passage), cmp_span);
	return 0;
}

static void relate(const nf_aligner *al, const nf_align_doc *a, const nf_align_doc *b,
		   int one_sided, nf_alignment *r)
{
	size_t counted = 0, quotes = 0, words_a = 0, words_b = 0;
	for (size_t i = 0; i < al->spans.n; i++) {
		const nf_passage *p = &al->spans.a[i];
		if (p->boilerplate)
			continue;
		counted++;
		if (p->kind == NF_PASSAGE_QUOTE) {
			quotes++;
			continue;
		}
		words_a += p->a_words;
		words_b += p->b_words;
	}
	r->source = -1;
	r->basis = NF_BASIS_NONE;
	if (!counted) {
		r->relation = NF_REL_NONE;
		return;
	}
	if (quotes == counted) {
		r->relation = NF_REL_QUOTE; /* nobody is the author of a quotation */
		return;
	}
	double small = a->n_content <= b->n_content ? r->coverage_a : r->coverage_b;
	size_t words = words_a > words_b ? words_a : words_b;
	r->relation = small >= al->opt.copy_coverage ? NF_REL_COPY
		      : small >= al->opt.partial_coverage || words >= al->opt.partial_words
			  ? NF_REL_PARTIAL
			  : NF_REL_PASSAGE;
	if (one_sided == 0 || one_sided == 1) {
		r->source = one_sided;
		r->basis = NF_BASIS_UNQUOTED;
	} else if (a->date != NF_NO_DATE && b->date != NF_NO_DATE && a->date != b->date) {
		r->source = a->date < b->date ? 0 : 1;
		r->basis = NF_BASIS_DATE;
	} else if (a->syndicated != b->syndicated) {
		r->source = a->syndicated ? 1 : 0;
		r->basis = NF_BASIS_SYNDICATION;
	} else if (a->syndicated) {
		r->basis = NF_BASIS_COMMON_WIRE;
	} else if ((r->coverage_a >= 0.9 && r->coverage_b <= 0.7) ||
		   (r->coverage_b >= 0.9 && r->coverage_a <= 0.7)) {
		r->source =
		    r->coverage_a >= 0.9 ? 1 : 0; /* the contained side is the trimmed copy */
		r->basis = NF_BASIS_CONTAINMENT;
	}
}

int nf_align(nf_aligner *al, const nf_align_doc *a, const nf_align_doc *b, nf_alignment *out)
{
	*out = (nf_alignment){.source = -1};
	al->spans.n = 0;
	al->da = a;
	al->db = b;
	int rc, one_sided;
	if ((rc = find_matches(al, a, b)) || (rc = make_blocks(al, b)) || (rc = chain_blocks(al)) ||
	    (rc = classify(al, a, b, out, &one_sided)))
		return rc;
	relate(al, a, b, one_sided, out);
	out->spans = al->spans.a;
	out->n_spans = al->spans.n;
	return 0;
}
