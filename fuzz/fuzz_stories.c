/*
 * fuzz_stories.c - event terms and story clustering on articles cut from the input.
 *
 * Input: articles separated by 0xFE bytes; an article's first byte (if any) picks its date step
 * (0..255 hours after the previous one, 255 = undated) and its first line is its title.
 * Checks: event terms are distinct (hash, kind, text), non-empty, at most 129 bytes, with a
 * positive weight and a known kind; every article ends in exactly one story; stories come with
 * ascending ids, ascending members, first <= last; the streaming run (windowed) and the batch run
 * over the same articles both account for every article; a batch counted in reverse order gives
 * the same stories as one counted in order.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

#define MAX_DOCS 64

typedef struct art {
	const char *title, *text;
	size_t title_len, text_len;
	int64_t date;
} art;

static size_t split_input(const uint8_t *data, size_t size, art *a)
{
	size_t n = 0, i = 0;
	int64_t clock = 1700000000;
	while (i <= size && n < MAX_DOCS) {
		size_t j = i;
		while (j < size && data[j] != 0xFE)
			j++;
		const char *p = (const char *)data + i;
		size_t len = j - i;
		int64_t date = NF_NO_DATE;
		if (len) {
			if (p[0] != (char)0xFF) {
				clock += (int64_t)(uint8_t)p[0] * 3600;
				date = clock;
			}
			p++;
			len--;
		}
		const char *nl = len ? memchr(p, '\n', len) : NULL;
		size_t tl = nl ? (size_t)(nl - p) : 0;
		a[n++] = (art){p, nl ? nl + 1 : p, tl, nl ? len - tl - 1 : len, date};
		i = j + 1;
	}
	return n;
}

static void check_terms(const nf_event_term *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		FC_ASSERT(t[i].len > 0 && t[i].len <= 129);
		FC_ASSERT(t[i].kind <= NF_TERM_NUMBER);
		FC_ASSERT(t[i].weight > 0);
		for (size_t j = 0; j < i; j++)
			FC_ASSERT(!(t[i].hash == t[j].hash && t[i].kind == t[j].kind &&
				    t[i].len == t[j].len &&
				    memcmp(t[i].text, t[j].text, t[i].len) == 0));
	}
}

/* Runs the articles through a stories object; fills label[] (story id per article). */
static void run(nf_cleaner *cl, nf_eventer *ev, const art *a, size_t n, int mode, uint32_t *label)
{
	/* mode 0: streaming; 1: batch counted in order; 2: batch counted in reverse */
	nf_stories *s;
	FC_ASSERT(nf_stories_new(&s, NULL) == 0);
	static nf_event_term *terms[MAX_DOCS];
	static char *texts[MAX_DOCS];
	static size_t nt[MAX_DOCS];
	for (size_t i = 0; i < n; i++) {
		nf_cleaned c;
		nf_event_begin(ev);
		if (a[i].title_len) {
			FC_OOM(nf_clean(cl, a[i].title, a[i].title_len, &c));
			FC_OOM(nf_event_add(ev, &c, NF_FIELD_TITLE));
		}
		FC_OOM(nf_clean(cl, a[i].text_len ? a[i].text : NULL, a[i].text_len, &c));
		FC_OOM(nf_event_add(ev, &c, NF_FIELD_BODY));
		const nf_event_term *t;
		FC_OOM(nf_event_end(ev, &t, &nt[i]));
		check_terms(t, nt[i]);
		/* keep a copy: the eventer's memory is reused */
		size_t chars = 0;
		for (size_t k = 0; k < nt[i]; k++)
			chars += t[k].len;
		terms[i] = malloc((nt[i] + 1) * sizeof(nf_event_term));
		texts[i] = malloc(chars + 1);
		FC_ASSERT(terms[i] && texts[i]);
		for (size_t k = 0, off = 0; k < nt[i]; k++) {
			terms[i][k] = t[k];
			memcpy(texts[i] + off, t[k].text, t[k].len);
			terms[i][k].text = texts[i] + off;
			off += t[k].len;
		}
	}
	if (mode)
		for (size_t k = 0; k < n; k++) {
			size_t i = mode == 2 ? n - 1 - k : k;
			FC_OOM(nf_stories_count(s, terms[i], nt[i], NULL));
		}
	for (size_t i = 0; i < n; i++)
		label[i] = UINT32_MAX;
	size_t seen = 0;
	uint32_t next = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n) {
			uint32_t doc;
			int rc = mode ? nf_stories_add_counted(s, terms[i], nt[i], a[i].date, &doc)
				      : nf_stories_add(s, terms[i], nt[i], a[i].date, &doc);
			FC_OOM(rc);
			FC_ASSERT(rc == 0 && doc == i);
			uint32_t st = nf_stories_story(s, doc);
			FC_ASSERT(st == doc || (st & NF_STORY_DONE) || st < doc);
		} else {
			FC_OOM(nf_stories_finish(s));
		}
		nf_story st;
		int rc;
		while ((rc = nf_stories_next(s, &st)) == 1) {
			FC_ASSERT(st.id == next++);
			FC_ASSERT(st.n_members > 0);
			for (size_t k = 0; k < st.n_members; k++) {
				FC_ASSERT(st.members[k] < n);
				FC_ASSERT(k == 0 || st.members[k - 1] < st.members[k]);
				FC_ASSERT(label[st.members[k]] == UINT32_MAX);
				label[st.members[k]] = st.id;
				FC_ASSERT(nf_stories_story(s, st.members[k]) ==
					  (NF_STORY_DONE | st.id));
				seen++;
			}
			FC_ASSERT(st.first == NF_NO_DATE || st.first <= st.last);
		}
		FC_OOM(rc);
	}
	FC_ASSERT(seen == n);
	for (size_t i = 0; i < n; i++) {
		free(terms[i]);
		free(texts[i]);
	}
	nf_stories_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static nf_cleaner *cl;
	static nf_eventer *ev;
	if (!cl) {
		FC_ASSERT(nf_cleaner_new(&cl, NULL) == 0);
		FC_ASSERT(nf_eventer_new(&ev, NULL) == 0);
	}
	if (size > 1 << 16)
		return 0;
	static art a[MAX_DOCS];
	size_t n = split_input(data, size, a);
	static uint32_t l0[MAX_DOCS], l1[MAX_DOCS], l2[MAX_DOCS];
	run(cl, ev, a, n, 0, l0);
	run(cl, ev, a, n, 1, l1);
	run(cl, ev, a, n, 2, l2);
	FC_ASSERT(memcmp(l1, l2, n * sizeof(uint32_t)) == 0);
	return 0;
}
