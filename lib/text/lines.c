/*
 * lines.c - lines repeated across a corpus: page templates ("Sign in to read our premium
 * stories", "Follow our live coverage") that recur in many documents between different text.
 *
 * Pass 1 scans every document into records (key of each short line, keys of its neighbours,
 * word count), which threads can do independently (nf_lines_scan), and merges them in input
 * order into one table (nf_lines_add_scanned). A line is a template when it occurs in at least
 * min_docs documents and its neighbours changed in at least half of them: both neighbours for
 * lines over 8 words, one for shorter ones. Wire paragraphs reprinted by many outlets keep their
 * neighbours (at least on their inner side) and so are not taken for templates.
 *
 * Keys are computed on the raw text with the same function the cleaner applies to cleaned lines:
 * letters, digits and other non-ASCII bytes, ASCII lower-cased, with no-break and other Unicode
 * spaces skipped, so that both passes agree without cleaning twice.
 */
#include "text.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#define LINE_MAX_WORDS NF_LINE_MAX_WORDS
#define SHORT_WORDS    8
#define LONG_LINE      400 /* bytes: longer lines are never templates */

/* Length of a Unicode space or invisible character encoded at s (0 if none). */
static size_t uni_space(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0xAD || s[1] == 0x85))
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] <= 0x8B || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (n >= 3 && ((s[0] == 0xE2 && s[1] == 0x81 && (s[2] == 0x9F || s[2] == 0xA0)) ||
		       (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
		       (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)))
		return 3;
	return 0;
}

/* ASCII letters and digits lower-cased; 0 for other bytes (shared with the tokenizer) */
const unsigned char nf_alnum_lower[256] = {
#define D(c) [c] = c
    D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'), D('9'),
#undef D
#define L(c) [c] = c, [c - 32] = c
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'),
    L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'),
    L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
#undef L
};

uint64_t nf_line_key(const char *str, size_t n, size_t *words)
{
	const unsigned char *s = (const unsigned char *)str;
	char buf[1024];
	size_t k = 0, w = 0;
	unsigned in = 0;
	bool streaming = false;
	XXH3_state_t st;
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (NF_UNLIKELY(c >= 0x80)) {
			size_t sp = uni_space(s + i, n - i);
			if (sp) {
				i += sp - 1;
				in = 0;
				continue;
			}
		} else {
			c = nf_alnum_lower[c];
		}
		/* branch-free: word boundaries are too irregular to predict */
		unsigned is = c != 0;
		buf[k] = (char)c;
		k += is;
		w += is & !in;
		in = is;
		if (NF_UNLIKELY(k == sizeof(buf))) {
			if (!streaming)
				XXH3_64bits_reset(&st);
			streaming = true;
			XXH3_64bits_update(&st, buf, k);
			k = 0;
		}
	}
	if (words)
		*words = w;
	if (!streaming)
		return XXH3_64bits(buf, k);
	XXH3_64bits_update(&st, buf, k);
	return XXH3_64bits_digest(&st);
}

/* One scanned line: its key, the keys of its neighbours, its length in words. */
typedef struct lrec {
	uint64_t key, prev, next;
	uint32_t words;
	uint32_t pad;
} lrec;

/* A line seen in two documents or more (32 bytes). prev/next: 32-bit fingerprints of the
 * neighbours at the second sighting; after nf_lines_finish(), docs == 0 means "not repeated". */
typedef struct lent {
	uint64_t key;
	uint32_t prev, next;
	uint32_t docs, prev_other, next_other, words;
} lent;

struct nf_lines {
	uint32_t *seen; /* fingerprints of lines seen once (0 = empty slot) */
	size_t n_seen, seen_mask;
	lent *t; /* lines seen at least twice */
	size_t n, mask;
	size_t max, found, min_docs;
	bool finished;
};

int nf_lines_new(nf_lines **out, size_t min_docs, size_t max_lines)
{
	nf_lines *l = calloc(1, sizeof(*l));
	if (!l)
		return NF_ENOMEM;
	l->mask = 1023;
	l->seen_mask = 4095;
	l->t = calloc(l->mask + 1, sizeof(*l->t));
	l->seen = calloc(l->seen_mask + 1, sizeof(*l->seen));
	if (!l->t || !l->seen) {
		nf_lines_free(l);
		return NF_ENOMEM;
	}
	l->min_docs = min_docs ? min_docs : 1;
	l->max = max_lines ? max_lines : (size_t)1 << 23;
	*out = l;
	return 0;
}

void nf_lines_free(nf_lines *l)
{
	if (!l)
		return;
	free(l->t);
	free(l->seen);
	free(l);
}

static lent *slot(lent *t, size_t mask, uint64_t key)
{
	size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
	while (t[i].key && t[i].key != key)
		i = (i + 1) & mask;
	return &t[i];
}

static uint32_t *seen_slot(uint32_t *t, size_t mask, uint32_t fp)
{
	size_t i = (size_t)(fp * 0x9E3779B1u) & mask;
	while (t[i] && t[i] != fp)
		i = (i + 1) & mask;
	return &t[i];
}

static int grow(nf_lines *l)
{
	size_t ncap = (l->mask + 1) * 2;
	lent *nt = calloc(ncap, sizeof(*nt));
	if (!nt)
		return NF_ENOMEM;
	for (size_t i = 0; i <= l->mask; i++)
		if (l->t[i].key)
			*slot(nt, ncap - 1, l->t[i].key) = l->t[i];
	free(l->t);
	l->t = nt;
	l->mask = ncap - 1;
	return 0;
}

static int grow_seen(nf_lines *l)
{
	size_t ncap = (l->seen_mask + 1) * 2;
	uint32_t *nt = calloc(ncap, sizeof(*nt));
	if (!nt)
		return NF_ENOMEM;
	for (size_t i = 0; i <= l->seen_mask; i++)
		if (l->seen[i])
			*seen_slot(nt, ncap - 1, l->seen[i]) = l->seen[i];
	free(l->seen);
	l->seen = nt;
	l->seen_mask = ncap - 1;
	return 0;
}

static int cmp_lrec(const void *a, const void *b)
{
	uint64_t x = ((const lrec *)a)->key, y = ((const lrec *)b)->key;
	return x < y ? -1 : x > y;
}

int nf_lines_scan(const char *text, size_t n, nf_buf *out)
{
	NF_VEC(lrec) r = {0};
	size_t i = 0;
	int rc = 0;
	/* keys of the non-blank lines, in order (lines end at LF or CR) */
	while (i < n) {
		size_t e = i;
		while (e < n && text[e] != '\n' && text[e] != '\r')
			e++;
		size_t w;
		uint64_t k;
		if (e - i > LONG_LINE) {
			/* too long to be a template: a plain hash identifies it as a neighbour */
			k = XXH3_64bits(text + i, e - i);
			w = LINE_MAX_WORDS + 1;
		} else {
			k = nf_line_key(text + i, e - i, &w);
		}
		if (w && NF_VEC_PUSH(
			     &r, ((lrec){k ? k : 1, 0, 0, (uint32_t)NF_MIN(w, UINT32_MAX), 0}))) {
			rc = NF_ENOMEM;
			goto out;
		}
		i = e + 1;
	}
	for (size_t j = 0; j < r.n; j++) {
		r.a[j].prev = j ? r.a[j - 1].key : 0;
		r.a[j].next = j + 1 < r.n ? r.a[j + 1].key : 0;
	}
	/* keep the short lines (neighbours taken from the full order), once per document */
	size_t k = 0;
	for (size_t j = 0; j < r.n; j++)
		if (r.a[j].words <= LINE_MAX_WORDS)
			r.a[k++] = r.a[j];
	if (k > 1)
		qsort(r.a, k, sizeof(lrec), cmp_lrec);
	for (size_t j = 0; j < k; j++)
		if ((j == 0 || r.a[j - 1].key != r.a[j].key) &&
		    nf_buf_append(out, &r.a[j], sizeof(lrec))) {
			rc = NF_ENOMEM;
			break;
		}
out:
	NF_VEC_FREE(&r);
	return rc;
}

int nf_lines_add_scanned(nf_lines *l, const void *recs, size_t len)
{
	if (l->finished || len % sizeof(lrec))
		return NF_EINVAL;
	const char *p = recs;
	for (size_t off = 0; off < len; off += sizeof(lrec)) {
		lrec d;
		memcpy(&d, p + off, sizeof(d));
		lent *s = slot(l->t, l->mask, d.key);
		if (s->key) {
			s->docs++;
			s->prev_other += s->prev != (uint32_t)d.prev;
			s->next_other += s->next != (uint32_t)d.next;
			continue;
		}
		/* first sighting: remember a fingerprint only; second: a full entry */
		uint32_t fp = (uint32_t)(d.key >> 32) | 1;
		uint32_t *f = seen_slot(l->seen, l->seen_mask, fp);
		if (!*f) {
			if (l->n_seen >= l->max)
				continue; /* full: lines first seen from now on are not tracked */
			*f = fp;
			if (++l->n_seen * 2 > l->seen_mask + 1 && grow_seen(l))
				return NF_ENOMEM;
			continue;
		}
		if (l->n >= l->max)
			continue;
		*s = (lent){d.key, (uint32_t)d.prev, (uint32_t)d.next, 2, 0, 0, d.words};
		if (++l->n * 2 > l->mask + 1 && grow(l))
			return NF_ENOMEM;
	}
	return 0;
}

int nf_lines_add(nf_lines *l, const char *text, size_t n)
{
	nf_buf b;
	nf_buf_init(&b);
	int rc = nf_lines_scan(text, n, &b);
	if (rc == 0)
		rc = nf_lines_add_scanned(l, b.data, b.len);
	nf_buf_release(&b);
	return rc;
}

static bool fp_in(const uint32_t *set, size_t mask, uint32_t fp)
{
	if (!set || !fp)
		return false;
	for (size_t i = fp & mask;; i = (i + 1) & mask) {
		if (set[i] == fp)
			return true;
		if (!set[i])
			return false;
	}
}

/*
 * Decides which lines are templates, in rounds. A neighbour side counts as varying when it
 * changed in at least half of the documents; the end of a document counts as varying (footers
 * are last); and from the second round on, a neighbour that is itself a template counts as
 * varying too, so that blocks of template lines ("X is now on Telegram" above "Share this
 * article" above the end) are found together. Wire paragraphs keep their inner neighbours,
 * which are not templates, and so stay content.
 */
void nf_lines_finish(nf_lines *l)
{
	l->finished = true;
	l->found = 0;
	free(l->seen); /* lines seen once are never repeated */
	l->seen = NULL;
	l->n_seen = 0;
	uint8_t *rep = calloc(l->mask + 1, 1);
	uint32_t *set = NULL;
	size_t smask = 0;
	for (int round = 0; rep && round < 4; round++) {
		size_t added = 0;
		for (size_t i = 0; i <= l->mask; i++) {
			const lent *s = &l->t[i];
			if (!s->key || rep[i] || s->docs < l->min_docs)
				continue;
			/* the first sighting's neighbours are unknown: counted as unchanged */
			bool pv =
			    (size_t)s->prev_other * 2 >= s->docs || fp_in(set, smask, s->prev);
			bool nv = (size_t)s->next_other * 2 >= s->docs || s->next == 0 ||
				  fp_in(set, smask, s->next);
			if (s->words <= SHORT_WORDS ? (pv || nv) : (pv && nv)) {
				rep[i] = 1;
				added++;
			}
		}
		if (!added)
			break;
		/* the templates so far, by the 32-bit fingerprint neighbours are kept as */
		l->found += added;
		free(set);
		smask = 16;
		while (smask < 2 * l->found)
			smask <<= 1;
		set = calloc(smask, sizeof(uint32_t));
		smask--;
		if (!set)
			break;
		for (size_t i = 0; i <= l->mask; i++) {
			uint32_t fp = (uint32_t)l->t[i].key;
			if (!rep[i] || !fp)
				continue;
			size_t j = fp & smask;
			while (set[j] && set[j] != fp)
				j = (j + 1) & smask;
			set[j] = fp;
		}
	}
	free(set);
	l->found = 0;
	for (size_t i = 0; i <= l->mask; i++) {
		if (!l->t[i].key)
			continue;
		if (!rep || !rep[i])
			l->t[i].docs = 0;
		else
			l->found++;
	}
	free(rep);
}

size_t nf_lines_count(const nf_lines *l)
{
	return l->found;
}

bool nf_lines_has(const nf_lines *l, uint64_t key)
{
	if (!l || !l->finished || l->found == 0)
		return false;
	const lent *s = slot(l->t, l->mask, key ? key : 1);
	return s->key && s->docs;
}
