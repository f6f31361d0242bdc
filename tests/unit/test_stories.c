/*
 * test_stories.c - event terms (stems, stopwords, names and their spelling variants, full names,
 * numbers, field weights) and story clustering: events kept apart and written-up ones joined,
 * the time window, ties, no chaining through one article, streaming output that frees memory,
 * and independence from the order in which a batch was counted.
 */
#include "harness.h"

#include "newsfold.h"

#include <math.h>

static nf_cleaner *g_cl;
static nf_eventer *g_ev;

/* The event terms of a text (and optional title). */
static size_t terms_of(const char *title, const char *text, const nf_event_term **t)
{
	nf_cleaned c;
	size_t n = 0;
	nf_event_begin(g_ev);
	if (title) {
		if (nf_clean(g_cl, title, strlen(title), &c) ||
		    nf_event_add(g_ev, &c, NF_FIELD_TITLE))
			return 0;
	}
	if (nf_clean(g_cl, text, strlen(text), &c) || nf_event_add(g_ev, &c, NF_FIELD_BODY) ||
	    nf_event_end(g_ev, t, &n))
		return 0;
	return n;
}

static const nf_event_term *find(const nf_event_term *t, size_t n, const char *text, int kind)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].kind == kind && t[i].len == strlen(text) &&
		    memcmp(t[i].text, text, t[i].len) == 0)
			return &t[i];
	return NULL;
}

TEST(terms_stems_stopwords_numbers)
{
	const nf_event_term *t;
	size_t n = terms_of(NULL,
			    "The ministers were meeting again. They met 12 delegates in 2025, "
			    "and 3 of them said it's over.",
			    &t);
	CHECK(n > 0);
	CHECK(find(t, n, "minist", NF_TERM_WORD) != NULL); /* Snowball: ministers -> minist */
	CHECK(find(t, n, "meet", NF_TERM_WORD) != NULL);
	CHECK(find(t, n, "the", NF_TERM_WORD) == NULL);
	CHECK(find(t, n, "they", NF_TERM_WORD) == NULL);
	CHECK(find(t, n, "it", NF_TERM_WORD) == NULL); /* it's is a stopword */
	CHECK(find(t, n, "12", NF_TERM_NUMBER) != NULL);
	CHECK(find(t, n, "2025", NF_TERM_NUMBER) != NULL);
	CHECK(find(t, n, "3", NF_TERM_NUMBER) == NULL); /* one digit says nothing */
	/* capitalised only because it opens a sentence: a word, not a name */
	CHECK(find(t, n, "minist", NF_TERM_NAME) == NULL);
}

/* An article's language picks its stemmer; the next article goes back to the eventer's. */
TEST(stemmer_per_language)
{
	const char *de = "Die neuen Häuser wurden gestern gebaut und die Wohnungen verkauft.";
	const nf_event_term *t;
	nf_cleaned c;
	size_t n = 0;
	nf_event_begin(g_ev);
	CHECK_EQ_INT(nf_event_language(g_ev, "de-AT", 5), 0);
	CHECK(nf_clean(g_cl, de, strlen(de), &c) == 0 &&
	      nf_event_add(g_ev, &c, NF_FIELD_BODY) == 0 && nf_event_end(g_ev, &t, &n) == 0);
	/* German: neuen -> neu, wurden -> wurd (its nouns are capitalised: read as names) */
	CHECK(find(t, n, "neu", NF_TERM_WORD) != NULL && find(t, n, "wurd", NF_TERM_WORD) != NULL);
	n = terms_of(NULL, de, &t); /* begin: English again */
	CHECK(find(t, n, "neu", NF_TERM_WORD) == NULL && find(t, n, "neuen", NF_TERM_WORD) != NULL);
	/* a language Snowball lacks, or no tag: the eventer's language; never an error */
	nf_event_begin(g_ev);
	CHECK_EQ_INT(nf_event_language(g_ev, "ja", 2), 0);
	CHECK_EQ_INT(nf_event_language(g_ev, "x", 1), 0);
	CHECK_EQ_INT(nf_event_language(g_ev, "", 0), 0);
	CHECK_EQ_INT(nf_event_language(g_ev, "UTF-8", 5), 0);
}

/* Chinese and Japanese runs are split into words (ICU's dictionary), not characters. */
TEST(cjk_words)
{
	const nf_event_term *t;
	size_t n =
	    terms_of(NULL, "北京市政府今天宣布了新的交通计划。東京都は新しい計画を発表した。", &t);
	CHECK(find(t, n, "北京市", NF_TERM_WORD) != NULL &&
	      find(t, n, "交通", NF_TERM_WORD) != NULL);
	CHECK(find(t, n, "北", NF_TERM_WORD) == NULL && find(t, n, "京", NF_TERM_WORD) == NULL);
	CHECK(find(t, n, "東京", NF_TERM_WORD) != NULL && find(t, n, "計画", NF_TERM_WORD) != NULL);
	CHECK(find(t, n, "は", NF_TERM_WORD) == NULL && find(t, n, "を", NF_TERM_WORD) == NULL);
}

TEST(names_variants_full_names)
{
	const nf_event_term *a, *b;
	size_t na = terms_of(NULL,
			     "Talks with President Volodymyr Zelenskyy went on. Later "
			     "Zelenskyy left, and Bashar al-Assad stayed.",
			     &a);
	nf_event_term ta[64];
	CHECK(na < 64);
	memcpy(ta, a, na * sizeof(*a));
	size_t nb = terms_of(NULL, "He spoke to Zelenskiy about it. Envoys of Assad came too.", &b);
	const nf_event_term *z1 = find(ta, na, "zelenski", NF_TERM_NAME);
	const nf_event_term *z2 = find(b, nb, "zelenski", NF_TERM_NAME);
	CHECK(z1 && z2);
	if (z1 && z2)
		CHECK(z1->hash == z2->hash);
	CHECK(find(ta, na, "asad", NF_TERM_NAME) != NULL);
	CHECK(find(b, nb, "asad", NF_TERM_NAME) != NULL);
	/* the full name is a term, and the lone surname later counts for it */
	const nf_event_term *full = find(ta, na, "volodimir zelenski", NF_TERM_NAME);
	CHECK(full != NULL);
	if (full && z1)
		CHECK(full->weight > z1->weight);
}

TEST(title_and_lead_weigh_more)
{
	const nf_event_term *t;
	size_t n = terms_of("Volcano erupts",
			    "A volcano erupted. Nobody was hurt. Ash fell. Later, "
			    "the harbour reopened. The harbour was busy.",
			    &t);
	const nf_event_term *v = find(t, n, "volcano", NF_TERM_WORD);
	const nf_event_term *h = find(t, n, "harbour", NF_TERM_WORD);
	CHECK(v && h);
	if (v && h) {
		CHECK(v->weight == 3.0f + 2.0f); /* title 3, lead 2 */
		CHECK(h->weight == 2.0f);	 /* twice in the body */
	}
}

/* --- stories ------------------------------------------------------------------------------- */

/* A synthetic article about event e (variant v): its own names and words plus shared ones. */
static void event_text(char *buf, size_t cap, int e, int v)
{
	static const char *who[] = {"Arvid Kellner", "Brisa Montoya", "Chidi Okafor",
				    "Dalia Ferrand"};
	static const char *where[] = {"Tromso", "Valparaiso", "Enugu", "Grenoble"};
	static const char *what[] = {
	    "landslide buried the coastal road", "strike closed the copper mine",
	    "flood swept through the market", "fire gutted the old cathedral"};
	static const char *extra[] = {
	    "Rescuers worked through the night.", "Officials promised an inquiry.",
	    "Residents gathered to watch.", "Crews cleared debris by morning.",
	    "Insurers estimated the damage."};
	snprintf(buf, cap,
		 "A %s near %s on Monday, officials said. %s told reporters that the %s was the "
		 "worst in years. %s Local people in %s said %s had warned about it. %s",
		 what[e], where[e], who[e], what[e] + 2, extra[v % 5], where[e], who[e],
		 extra[(v + 2) % 5]);
}

static int add_text(nf_stories *s, const char *text, int64_t date, uint32_t *doc, bool counted)
{
	const nf_event_term *t;
	size_t n = terms_of(NULL, text, &t);
	return counted ? nf_stories_add_counted(s, t, n, date, doc)
		       : nf_stories_add(s, t, n, date, doc);
}

/* Drains every ready story into label[] (by article); returns how many. */
static size_t drain(nf_stories *s, uint32_t *label, size_t n)
{
	nf_story st;
	size_t k = 0;
	while (nf_stories_next(s, &st) == 1) {
		k++;
		for (size_t i = 0; i < st.n_members; i++)
			if (st.members[i] < n)
				label[st.members[i]] = st.id;
	}
	return k;
}

TEST(events_apart_writeups_together)
{
	nf_stories *s;
	CHECK_EQ_INT(nf_stories_new(&s, NULL), 0);
	char buf[1024];
	uint32_t gold[20], pred[20], doc;
	for (int i = 0; i < 20; i++) {
		event_text(buf, sizeof(buf), i % 4, i / 4);
		gold[i] = (uint32_t)(i % 4);
		CHECK_EQ_INT(add_text(s, buf, NF_NO_DATE, &doc, false), 0);
		CHECK_EQ_INT(doc, i);
	}
	CHECK_EQ_INT(nf_stories_finish(s), 0);
	CHECK_EQ_INT(drain(s, pred, 20), 4);
	nf_scores sc;
	CHECK_EQ_INT(nf_cluster_scores(gold, pred, 20, &sc), 0);
	CHECK(sc.bcubed_f1 == 1.0);
	nf_stories_free(s);
}

TEST(window_and_links)
{
	char buf[1024];
	event_text(buf, sizeof(buf), 0, 0);
	int64_t day = 86400, t0 = 1700000000;
	for (int mode = 0; mode < 3; mode++) {
		nf_story_options o;
		nf_story_options_init(&o);
		if (mode == 1)
			o.window = 0; /* no limit */
		nf_stories *s;
		CHECK_EQ_INT(nf_stories_new(&s, &o), 0);
		uint32_t a, b, lab[2] = {9, 9};
		CHECK_EQ_INT(add_text(s, buf, t0, &a, false), 0);
		if (mode == 2) /* tied to the later one, which is due on day 10 */
			CHECK_EQ_INT(nf_stories_link(s, a, a, t0 + 10 * day), 0);
		CHECK_EQ_INT(add_text(s, buf, t0 + 10 * day, &b, false), 0);
		if (mode == 2)
			CHECK_EQ_INT(nf_stories_link(s, a, b, NF_NO_DATE), 0);
		CHECK_EQ_INT(nf_stories_finish(s), 0);
		size_t k = drain(s, lab, 2);
		CHECK_EQ_INT(k, mode == 0 ? 2 : 1);
		CHECK_EQ_INT(lab[0] == lab[1], mode != 0);
		nf_stories_free(s);
	}
}

TEST(name_spelled_one_edit_apart)
{
	/* the only thing two articles share is a name, spelled two ways (or another name) */
	const char *other[] = {"Reporters questioned Okafur about the merger.",
			       "Reporters questioned Okonkwo about the merger."};
	for (int k = 0; k < 2; k++) {
		nf_stories *s;
		CHECK_EQ_INT(nf_stories_new(&s, NULL), 0);
		uint32_t a, b, lab[2];
		CHECK_EQ_INT(add_text(s, "Analysts praised Okafor for quarterly figures.",
				      NF_NO_DATE, &a, false),
			     0);
		CHECK_EQ_INT(add_text(s, other[k], NF_NO_DATE, &b, false), 0);
		CHECK_EQ_INT(nf_stories_finish(s), 0);
		CHECK_EQ_INT(drain(s, lab, 2), k == 0 ? 1 : 2);
		nf_stories_free(s);
	}
}

TEST(late_link_is_refused)
{
	char buf[1024];
	int64_t t0 = 1700000000;
	nf_stories *s;
	CHECK_EQ_INT(nf_stories_new(&s, NULL), 0);
	uint32_t a, b;
	event_text(buf, sizeof(buf), 1, 0);
	CHECK_EQ_INT(add_text(s, buf, t0, &a, false), 0);
	event_text(buf, sizeof(buf), 2, 0);
	CHECK_EQ_INT(add_text(s, buf, t0 + 30 * 86400, &b, false), 0);
	/* a's story closed when the clock moved 30 days on */
	CHECK(nf_stories_story(s, a) & NF_STORY_DONE);
	CHECK_EQ_INT(nf_stories_story(s, b), b);
	CHECK_EQ_INT(nf_stories_link(s, a, b, NF_NO_DATE), 1);
	CHECK_EQ_INT(nf_stories_link(s, a, 99, NF_NO_DATE), NF_EINVAL);
	nf_stories_stats st;
	nf_stories_get_stats(s, &st);
	CHECK_EQ_INT(st.late_links, 1);
	nf_stories_free(s);
}

/* An article of background event i: made-up names and words of its own. */
static void filler_text(char *buf, size_t cap, int i)
{
	static const char *syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "bo"};
	char name[3][16];
	for (int k = 0; k < 3; k++) {
		int x = i * 3 + k + 1;
		snprintf(name[k], sizeof(name[k]), "%s%s%s", syl[x % 10], syl[(x / 10) % 10],
			 syl[(x / 100 + k) % 10]);
	}
	snprintf(buf, cap,
		 "The council of %s debated the %sing of the %s harbour. Voters in %s were "
		 "divided, and the %s plan may return next month.",
		 name[0], name[1], name[2], name[0], name[1]);
}

TEST(one_article_does_not_chain)
{
	/* two events of ten articles each, one article that reads like both, and background */
	char texts[81][2100], a[1024], b[1024];
	for (int i = 0; i < 10; i++) {
		event_text(texts[i], sizeof(texts[i]), 0, i);
		event_text(texts[11 + i], sizeof(texts[i]), 2, i);
	}
	event_text(a, sizeof(a), 0, 0);
	event_text(b, sizeof(b), 2, 0);
	snprintf(texts[10], sizeof(texts[10]), "%s %s", a, b);
	for (int i = 21; i < 81; i++)
		filler_text(texts[i], sizeof(texts[i]), (i - 21) / 2); /* 30 events of two */
	nf_stories *s;
	CHECK_EQ_INT(nf_stories_new(&s, NULL), 0);
	for (int i = 0; i < 81; i++) {
		const nf_event_term *t;
		size_t n = terms_of(NULL, texts[i], &t);
		CHECK_EQ_INT(nf_stories_count(s, t, n, NULL), 0);
	}
	uint32_t doc, lab[81];
	for (int i = 0; i < 81; i++)
		CHECK_EQ_INT(add_text(s, texts[i], NF_NO_DATE, &doc, true), 0);
	CHECK_EQ_INT(nf_stories_finish(s), 0);
	CHECK_EQ_INT(drain(s, lab, 81), 32);
	CHECK(lab[0] != lab[20]);
	for (int i = 1; i < 10; i++)
		CHECK(lab[i] == lab[0] && lab[11 + i] == lab[20]);
	for (int i = 21; i < 81; i += 2)
		CHECK(lab[i] == lab[i + 1] && lab[i] != lab[0] && lab[i] != lab[20]);
	nf_stories_free(s);
}

TEST(streaming_memory_follows_the_window)
{
	/* 600 articles over 300 days, a new event every two days */
	nf_stories *s;
	CHECK_EQ_INT(nf_stories_new(&s, NULL), 0);
	char buf[1024];
	uint32_t doc;
	static uint32_t lab[600];
	size_t ready = 0;
	for (int i = 0; i < 600; i++) {
		event_text(buf, sizeof(buf), (i / 4) % 4, i % 5);
		CHECK_EQ_INT(add_text(s, buf, 1700000000 + (int64_t)i * 43200, &doc, false), 0);
		ready += drain(s, lab, 600);
	}
	CHECK(ready > 100); /* stories came out while the stream went on */
	CHECK_EQ_INT(nf_stories_finish(s), 0);
	ready += drain(s, lab, 600);
	nf_stories_stats st;
	nf_stories_get_stats(s, &st);
	CHECK_EQ_INT(st.docs, 600);
	CHECK_EQ_INT(st.stories, ready);
	CHECK_EQ_INT(st.live, 0);
	CHECK(st.peak_live_docs <= 24); /* about a window's worth (4 days, 2 a day), not 600 */
	/* articles of one event (4 in two days) are one story; the next event is another */
	for (int i = 0; i < 600; i += 4) {
		CHECK(lab[i] == lab[i + 3]);
		if (i + 4 < 600)
			CHECK(lab[i] != lab[i + 4]);
	}
	nf_stories_free(s);
}

TEST(batch_independent_of_count_order)
{
	/* the same articles counted in two orders and added in one: identical stories */
	char texts[24][1024];
	for (int i = 0; i < 24; i++)
		event_text(texts[i], sizeof(texts[i]), (i * 7) % 4, i % 5);
	uint32_t lab[2][24];
	for (int run = 0; run < 2; run++) {
		nf_stories *s;
		CHECK_EQ_INT(nf_stories_new(&s, NULL), 0);
		for (int k = 0; k < 24; k++) {
			int i = run ? 23 - k : k;
			const nf_event_term *t;
			size_t n = terms_of(NULL, texts[i], &t);
			CHECK_EQ_INT(nf_stories_count(s, t, n, NULL), 0);
		}
		uint32_t doc;
		for (int i = 0; i < 24; i++)
			CHECK_EQ_INT(add_text(s, texts[i], NF_NO_DATE, &doc, true), 0);
		CHECK_EQ_INT(nf_stories_add(s, NULL, 0, NF_NO_DATE, &doc), NF_EINVAL); /* batch */
		CHECK_EQ_INT(nf_stories_finish(s), 0);
		CHECK_EQ_INT(drain(s, lab[run], 24), 4);
		nf_stories_free(s);
	}
	CHECK(memcmp(lab[0], lab[1], sizeof(lab[0])) == 0);
}

TEST(options_checked)
{
	nf_story_options o;
	nf_story_options_init(&o);
	CHECK_EQ_INT(o.window, 3 * 86400);
	nf_stories *s;
	o.join = 0;
	CHECK_EQ_INT(nf_stories_new(&s, &o), NF_EINVAL);
	nf_story_options_init(&o);
	o.max_terms = 0;
	CHECK_EQ_INT(nf_stories_new(&s, &o), NF_EINVAL);
	nf_eventer *e;
	CHECK_EQ_INT(nf_eventer_new(&e, "klingon"), NF_EINVAL);
	CHECK_EQ_INT(nf_eventer_new(&e, "french"), 0);
	nf_eventer_free(e);
}

int main(void)
{
	if (nf_cleaner_new(&g_cl, NULL) || nf_eventer_new(&g_ev, NULL))
		return 1;
	RUN(terms_stems_stopwords_numbers);
	RUN(stemmer_per_language);
	RUN(cjk_words);
	RUN(names_variants_full_names);
	RUN(title_and_lead_weigh_more);
	RUN(events_apart_writeups_together);
	RUN(window_and_links);
	RUN(name_spelled_one_edit_apart);
	RUN(late_link_is_refused);
	RUN(one_article_does_not_chain);
	RUN(streaming_memory_follows_the_window);
	RUN(batch_independent_of_count_order);
	RUN(options_checked);
	nf_cleaner_free(g_cl);
	nf_eventer_free(g_ev);
	return harness_report();
}
