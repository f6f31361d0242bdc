/*
 * test_seeds.c - the five seed articles (../shared/seeds, third-party text read in place):
 * what clean must make of them, and every reported offset checked against the file bytes.
 * SHARED_DIR names the shared folder; without it the test fails (it never skips).
 */
#include "harness.h"

#include "newsfold.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

#include <ctype.h>

static char seeds[512];

struct want {
	const char *doc; /* id prefix */
	const char *reason;
	const char *text; /* the marked span starts with this */
};

static const struct want expected[] = {
    {"000", "dateline", "Washington [US], October 17 :"},
    {"000", "syndication", "Disclaimer: This post has been auto-published from an agency feed"},
    {"001", "dateline", "Washington [US], October 17 :"},
    {"001", "syndication", "Disclaimer: This post has been auto-published from an agency feed"},
    {"003", "syndication", "(Except for the headline, this story has not been edited"},
    {"004", "breadcrumb", "Home / World News / Trump, Putin to hold another meeting"},
    {"004", "photo-credit", "| Photo: PTI/AP"},
    {"004", "byline", "Reuters"},
    {"004", "read-time", "3 min read"},
    {"004", "timestamp", "Last Updated : Oct 17 2025 | 12:14 AM IST"},
    {"004", "byline", "By Trevor Hunnicutt"},
    {"004", "timestamp", "First Published: Oct 17 2025 | 12:06 AM IST"},
};

static bool is_space_at(const char *s, size_t i)
{
	return isspace((unsigned char)s[i]) ||
	       ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0);
}

TEST(seeds_clean)
{
	nf_reader *r;
	nf_parser *p;
	nf_cleaner *c;
	nf_reader_new(&r, NULL);
	nf_parser_new(&p, NULL);
	nf_cleaner_new(&c, NULL);
	nf_reader_add(r, seeds);
	nf_record rec;
	nf_doc doc;
	nf_error err;
	nf_cleaned out;
	int rc, docs = 0, found[N_OF(expected)] = {0};
	nf_buf norm;
	nf_buf_init(&norm);
	while ((rc = nf_reader_next(r, &rec, &err)) != 0) {
		CHECK(rc > 0);
		if (rc < 0)
			continue;
		CHECK_EQ_INT(nf_parse(p, &rec, &doc, &err), 0);
		CHECK_EQ_INT(nf_clean(c, doc.text.ptr, doc.text.len, &out), 0);
		docs++;
		/* the original file, read independently */
		char path[700];
		snprintf(path, sizeof(path), "%s/%.*s.txt", seeds, (int)doc.id.len, doc.id.ptr);
		size_t flen;
		char *file = h_slurp(path, &flen);
		CHECK(file != NULL);
		if (!file)
			continue;
		const char *orig = file + doc.text_base;
		size_t olen = flen - doc.text_base;
		CHECK_EQ_INT(olen, doc.text.len);
		CHECK(doc.date != NF_NO_DATE);
		/* every token: the original bytes normalize to the token's form */
		size_t bad = 0;
		for (size_t i = 0; i < out.n_tokens; i++) {
			const nf_token *t = &out.tokens[i];
			nf_buf_reset(&norm);
			if (t->end > olen || t->start >= t->end) {
				bad++;
				continue;
			}
			nf_normalize_word(orig + t->start, t->end - t->start, &norm);
			bool same = norm.len == t->norm_len &&
				    memcmp(norm.data, out.norm + t->norm, norm.len) == 0;
			/* a repaired token normalizes from its repaired form instead */
			bool repaired = false;
			for (size_t k = 0; k < out.n_repairs; k++)
				repaired |=
				    out.repairs[k].start < t->end && out.repairs[k].end > t->start;
			if (!same && !repaired)
				bad++;
		}
		CHECK_EQ_INT(bad, 0);
		/* sentences and paragraphs start and end on text, not space */
		const nf_span *spans[2] = {out.sentences, out.paragraphs};
		size_t counts[2] = {out.n_sentences, out.n_paragraphs};
		for (int k = 0; k < 2; k++) {
			for (size_t i = 0; i < counts[k]; i++) {
				nf_span s = spans[k][i];
				CHECK(s.start < s.end && s.end <= olen);
				CHECK(!is_space_at(orig, s.start));
				CHECK(!isspace((unsigned char)orig[s.end - 1]));
				CHECK((orig[s.start] & 0xC0) != 0x80); /* on a character boundary */
				CHECK(s.end == olen || (orig[s.end] & 0xC0) != 0x80);
			}
		}
		/* boilerplate: exactly the expected spans */
		size_t want_here = 0;
		for (size_t k = 0; k < N_OF(expected); k++)
			want_here += strncmp(doc.id.ptr, expected[k].doc, 3) == 0;
		CHECK_EQ_INT(out.n_boiler, want_here);
		for (size_t b = 0; b < out.n_boiler; b++) {
			const nf_mark *m = &out.boiler[b];
			bool matched = false;
			for (size_t k = 0; k < N_OF(expected); k++) {
				size_t wl = strlen(expected[k].text);
				if (strncmp(doc.id.ptr, expected[k].doc, 3) == 0 &&
				    strcmp(nf_boiler_name(m->kind), expected[k].reason) == 0 &&
				    m->end - m->start >= wl &&
				    memcmp(orig + m->start, expected[k].text, wl) == 0) {
					found[k]++;
					matched = true;
				}
			}
			if (!matched)
				H_FAIL("%.*s: unexpected %s span '%.*s'", (int)doc.id.len,
				       doc.id.ptr, nf_boiler_name(m->kind),
				       (int)(m->end - m->start), orig + m->start);
		}
		/* 004: the mojibake is repaired, once, at "todayâ€™s" */
		if (strncmp(doc.id.ptr, "004", 3) == 0) {
			CHECK_EQ_INT(out.n_repairs, 1);
			if (out.n_repairs == 1) {
				CHECK_EQ_INT(out.repairs[0].kind, NF_REPAIR_MOJIBAKE);
				CHECK_STR(orig + out.repairs[0].start - 5,
					  out.repairs[0].end - out.repairs[0].start + 6,
					  "today\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s");
			}
			const char *q = "I believe great progress was made with today’s telephone "
					"conversation";
			int hits = 0;
			for (const char *s = out.text; (s = strstr(s, q)); s++)
				hits++;
			CHECK_EQ_INT(hits, 2);
			CHECK(strstr(out.text, "â€") == NULL);
			/* lines of lone spaces/NBSPs are blank: no paragraph is only white space */
			CHECK(out.n_paragraphs >= 20);
		} else {
			CHECK_EQ_INT(out.n_repairs, 0);
		}
		free(file);
	}
	CHECK_EQ_INT(docs, 5);
	for (size_t k = 0; k < N_OF(expected); k++)
		if (found[k] != 1)
			H_FAIL("expected %s span '%s' in %s found %d times", expected[k].reason,
			       expected[k].text, expected[k].doc, found[k]);
	nf_buf_release(&norm);
	nf_cleaner_free(c);
	nf_parser_free(p);
	nf_reader_free(r);
}

int main(void)
{
	const char *shared = getenv("SHARED_DIR");
	if (!shared) {
		fprintf(stderr, "test_seeds: set SHARED_DIR to the shared folder (../shared)\n");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	snprintf(seeds, sizeof(seeds), "%s/seeds", shared);
	RUN(seeds_clean);
	return harness_report();
}
