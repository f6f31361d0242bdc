/* test_text.c - the clean stage: repairs, structure, tokens, boilerplate, properties. */
#include "harness.h"

#include "text/text.h"

static nf_cleaner *cl;

static nf_cleaned clean(const char *s)
{
	nf_cleaned c;
	if (nf_clean(cl, s, strlen(s), &c) != 0) {
		H_FAIL("nf_clean failed on '%s'", s);
		memset(&c, 0, sizeof(c));
	}
	return c;
}

/* Windows-1252 decoding of one byte, as a broken pipeline would do it (test's own table). */
static uint32_t w1252(unsigned char b)
{
	static const uint16_t hi[32] = {
	    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
	return b >= 0x80 && b < 0xA0 ? hi[b - 0x80] : b;
}

/* UTF-8 text -> its mojibake (UTF-8 read as Windows-1252, written as UTF-8 again). */
static void mojibake(const char *s, nf_buf *out)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char u[4];
		int k = nf_utf8_encode(w1252(*p), u);
		nf_buf_append(out, u, (size_t)k);
	}
}

static const char *const languages[] = {
    "Le président a déclaré à la presse qu'il était très satisfait de l'été.",
    "Die Bürger müssen für die Straße und die Brücke zahlen, sagte der Minister.",
    "Prezydent Łódź powiedział, że żółć i gęś są ważne dla wszystkich.",
    "Ο πρωθυπουργός δήλωσε ότι η κυβέρνηση θα στηρίξει τους πολίτες.",
    "Президент заявил журналистам, что переговоры прошли успешно.",
    "国家主席表示，双方将继续加强合作。",
    "قال الرئيس إن المحادثات كانت مثمرة للغاية.",
    "The team won 🎉🏆 and fans cheered — “amazing,” they said.",
    "Señor Muñoz visitó Málaga y São Paulo; naïve café crème brûlée.",
    "Ærø, Øresund og Åbenrå ligger i Danmark.",
    "CAFÉ’s special: ARRIVÉ… À bientôt, «Évidemment» dit-il.",
};

TEST(correct_text_is_never_changed)
{
	for (size_t i = 0; i < NF_ARRAY_LEN(languages); i++) {
		nf_cleaned c = clean(languages[i]);
		CHECK_EQ_INT(c.n_repairs, 0);
		CHECK_STR(c.text, c.text_len, languages[i]);
	}
}

TEST(mojibake_is_repaired_in_every_language)
{
	for (size_t i = 0; i < NF_ARRAY_LEN(languages); i++) {
		nf_buf m;
		nf_buf_init(&m);
		mojibake(languages[i], &m);
		nf_buf_append(&m, "", 1);
		if (strcmp(m.data, languages[i]) == 0) {
			nf_buf_release(&m);
			continue; /* pure ASCII */
		}
		nf_cleaned c = clean(m.data);
		CHECK(c.n_repairs > 0);
		for (size_t r = 0; r < c.n_repairs; r++)
			CHECK_EQ_INT(c.repairs[r].kind, NF_REPAIR_MOJIBAKE);
		if (c.text_len != strlen(languages[i]) || memcmp(c.text, languages[i], c.text_len))
			H_FAIL("not repaired: '%s' -> '%.*s'", m.data, (int)c.text_len, c.text);
		nf_buf_release(&m);
	}
	nf_cleaned c = clean("todayâ€™s news, Ã©tÃ© and â€œquotesâ€\xC2\x9d");
	CHECK_STR(c.text, c.text_len, "today’s news, été and “quotes”");
	/* the repair span covers the broken bytes in the original */
	CHECK_EQ_INT(c.repairs[0].start, 5);
	CHECK_EQ_INT(c.repairs[0].end, 5 + 8);
	c = clean("no repair");
	c = clean("todayâ€™s");
	CHECK_STR(c.text, c.text_len, "today’s");
	CHECK_EQ_INT(c.tokens[0].end, strlen("todayâ€™s"));
}

TEST(invalid_utf8_controls_spaces_newlines)
{
	nf_cleaned c = clean("a\xFF"
			     "b\xE2\x80 c\x01\x7F d\r\ne\rf\tg\xC2\xA0h\xE2\x80\x8Bi");
	/* "d\ne" is a soft line break (no stop, lower case next): one paragraph */
	CHECK_STR(c.text, c.text_len,
		  "a\xEF\xBF\xBD"
		  "b\xEF\xBF\xBD c d e f g hi");
	int utf8 = 0, ctl = 0;
	for (size_t r = 0; r < c.n_repairs; r++) {
		utf8 += c.repairs[r].kind == NF_REPAIR_UTF8;
		ctl += c.repairs[r].kind == NF_REPAIR_CONTROL;
	}
	CHECK_EQ_INT(utf8, 2);
	CHECK_EQ_INT(ctl, 1); /* \x01\x7F adjacent: one span */
	/* lines of spaces and NBSPs are blank */
	c = clean("one\n \xC2\xA0 \ntwo");
	CHECK_EQ_INT(c.n_paragraphs, 2);
}

TEST(paragraphs)
{
	nf_cleaned c = clean("First para\nstill first.\n\nSecond.\nThird on its own line.\n\n\n");
	CHECK_EQ_INT(c.n_paragraphs, 3);
	CHECK_STR(c.text, c.text_len,
		  "First para still first.\n\nSecond.\n\nThird on its own line.");
	CHECK_EQ_INT(c.paragraphs[0].start, 0);
	CHECK_EQ_INT(c.paragraphs[0].end, 23);
}

static void check_sentences(const char *s, int n)
{
	nf_cleaned c = clean(s);
	if ((int)c.n_sentences != n) {
		H_FAIL("'%s': %zu sentences, expected %d", s, c.n_sentences, n);
		for (size_t i = 0; i < c.n_sentences; i++)
			fprintf(stderr, "   [%.*s]\n",
				(int)(c.sentences[i].end - c.sentences[i].start),
				s + c.sentences[i].start);
	}
}

TEST(sentences)
{
	check_sentences("Mr. Smith went to Washington. He said hi.", 2);
	check_sentences("U.S. officials met on Oct. 17 in Washington. Talks went well.", 2);
	check_sentences("The rate rose 3.5 percent. It was expected.", 2);
	check_sentences("\"We will win,\" he said. \"No doubt.\" Then he left.", 3);
	check_sentences("He said, \"It is over.\" The crowd cheered!", 2);
	check_sentences("Was it? Yes! Really...", 3);
	check_sentences("J. K. Rowling spoke. Fans listened.", 2);
	check_sentences("It was aggression.\"The US has more.", 2);
	check_sentences("e.g. this is one sentence with i.e. inside.", 1);
	check_sentences("他说了。她也说了！", 2);
	check_sentences("The talks were held in the U.S. The next round is in Geneva.", 2);
	/* an abbreviation or initial followed by a word that opens sentences ends one */
	check_sentences("Cambodia's leader is Hun Sen. The visit was brief.", 2);
	check_sentences("Talks resume in Oct. They will last a week.", 2);
	check_sentences("They chose Plan B. It worked.", 2);
	check_sentences("He met Sen. John Smith and Gov. Abbott on Tuesday.", 1);
	check_sentences("Texas Gov. Greg Abbott spoke to Dr. Jones in St. Louis.", 1);
	/* closing quote stays with its sentence */
	nf_cleaned c = clean("“Done.” Next one.");
	CHECK_EQ_INT(c.sentences[0].end, strlen("“Done.”"));
}

TEST(tokens_and_normalization)
{
	const char *s = "Today’s rate: 3.5% of 2,000 ﬁles; Straße ÉTÉ 中国人 don't-stop 'quoted'";
	nf_cleaned c = clean(s);
	const char *want[] = {"today's", "rate", "3.5", "of", "2,000", "files", "strasse",
			      "été",	 "中",	 "国",	"人", "don't", "stop",	"quoted"};
	CHECK_EQ_INT(c.n_tokens, NF_ARRAY_LEN(want));
	for (size_t i = 0; i < c.n_tokens && i < NF_ARRAY_LEN(want); i++)
		CHECK_STR(c.norm + c.tokens[i].norm, c.tokens[i].norm_len, want[i]);
	CHECK(c.tokens[0].flags & NF_TOK_UPPER);
	CHECK(c.tokens[0].flags & NF_TOK_SENT);
	CHECK(c.tokens[2].flags & NF_TOK_NUMBER);
	CHECK(c.tokens[8].flags & NF_TOK_CJK);
	/* offsets point at the original bytes */
	CHECK_STR(s + c.tokens[0].start, c.tokens[0].end - c.tokens[0].start, "Today’s");
	CHECK_STR(s + c.tokens[5].start, c.tokens[5].end - c.tokens[5].start, "ﬁles");
	/* marks only continue words: U+FE0F after an emoji or a lone U+034F is no token */
	c = clean("I \xE2\x9D\xA4\xEF\xB8\x8F NY and word \xCD\x8F alone");
	CHECK_EQ_INT(c.n_tokens, 5);
	for (size_t i = 0; i < c.n_tokens; i++)
		CHECK(c.tokens[i].norm_len > 0);
	/* a compatibility decomposition with spaces stays one word */
	c = clean("Ligature \xEF\xB7\xBA here");
	CHECK_EQ_INT(c.n_tokens, 3);
	CHECK(memchr(c.norm + c.tokens[1].norm, ' ', c.tokens[1].norm_len) == NULL);
	/* a line over 200 bytes ending in '|' (fuzz finding: read past the line) */
	char line[400];
	memset(line, 'w', sizeof(line));
	for (size_t i = 5; i < sizeof(line); i += 6)
		line[i] = ' ';
	memcpy(line + sizeof(line) - 3, " |", 3);
	c = clean(line);
	CHECK(c.n_tokens > 10);
	nf_buf b;
	nf_buf_init(&b);
	CHECK_EQ_INT(nf_normalize_word("ΣΊΣΥΦΟΣ", strlen("ΣΊΣΥΦΟΣ"), &b), 0);
	CHECK_STR(b.data, b.len, "σίσυφοσ");
	nf_buf_release(&b);
}

struct bp {
	const char *line;
	const char *span; /* the marked text, NULL = nothing */
	int reason;
};

TEST(boilerplate_lines)
{
	struct bp cases[] = {
	    {"Disclaimer: This post has been auto-published from an agency feed.", NULL,
	     NF_BOILER_SYNDICATION},
	    {"(This story has not been edited by our staff and is published from a syndicated "
	     "feed.)",
	     NULL, NF_BOILER_SYNDICATION},
	    {"By Jane Doe and John Roe", NULL, NF_BOILER_BYLINE},
	    {"Reuters", NULL, NF_BOILER_BYLINE},
	    {"Home / World News / Leaders meet", NULL, NF_BOILER_BREADCRUMB},
	    {"5 min read", NULL, NF_BOILER_READTIME},
	    {"First Published: Oct 17 2025 | 12:06 AM IST", NULL, NF_BOILER_TIMESTAMP},
	    {"Updated: 17 October 2025 10:00", NULL, NF_BOILER_TIMESTAMP},
	    {"The leaders shook hands. | Photo: AP", "| Photo: AP", NF_BOILER_PHOTO},
	    {"Follow us on Twitter for more", NULL, NF_BOILER_SHARE},
	    {"Rescue teams searched the site. (File photo: MPA)", "(File photo: MPA)",
	     NF_BOILER_PHOTO},
	    {"The minister at the event (Representative image: PTI)", "(Representative image: PTI)",
	     NF_BOILER_PHOTO},
	    {"Click here to subscribe to our newsletter", NULL, NF_BOILER_SHARE},
	};
	for (size_t i = 0; i < NF_ARRAY_LEN(cases); i++) {
		nf_cleaned c = clean(cases[i].line);
		const char *span = cases[i].span ? cases[i].span : cases[i].line;
		if (c.n_boiler != 1) {
			H_FAIL("'%s': %zu boilerplate spans", cases[i].line, c.n_boiler);
			continue;
		}
		CHECK_EQ_INT(c.boiler[0].kind, cases[i].reason);
		CHECK_STR(cases[i].line + c.boiler[0].start, c.boiler[0].end - c.boiler[0].start,
			  span);
	}
	/* story sentences that look a little like boilerplate are left alone */
	const char *story[] = {
	    "By the end of the day, the talks had collapsed.",
	    "Reuters reported that the talks had collapsed.",
	    "The photo shows the two leaders shaking hands in the Oval Office before the talks "
	    "began on Friday morning, officials said.",
	    "Home prices rose 5 percent in October, the data showed.",
	    "Trump said: \"We will meet in Budapest.\"",
	    "He shared the post on social media.",
	    "Updated figures will be published next week.",
	    "Russia/Ukraine talks: what we know so far about the plan",
	};
	for (size_t i = 0; i < NF_ARRAY_LEN(story); i++) {
		nf_cleaned c = clean(story[i]);
		if (c.n_boiler)
			H_FAIL("story line marked %s: '%s'", nf_boiler_name(c.boiler[0].kind),
			       story[i]);
	}
}

TEST(datelines)
{
	const char *with[][2] = {
	    {"Washington [US], October 17 : US President Donald Trump spoke.",
	     "Washington [US], October 17 : "},
	    {"LONDON, Oct 17 (Reuters) - Britain said on Friday it would act.",
	     "LONDON, Oct 17 (Reuters) - "},
	    {"NEW DELHI: The government announced a plan.", "NEW DELHI: "},
	};
	for (size_t i = 0; i < NF_ARRAY_LEN(with); i++) {
		nf_cleaned c = clean(with[i][0]);
		if (c.n_boiler != 1 || c.boiler[0].kind != NF_BOILER_DATELINE) {
			H_FAIL("no dateline in '%s'", with[i][0]);
			continue;
		}
		CHECK_STR(with[i][0] + c.boiler[0].start, c.boiler[0].end - c.boiler[0].start,
			  with[i][1]);
	}
	const char *without[] = {"Trump said: we will meet.", "The Kremlin - as usual - declined.",
				 "In a post on Truth Social, Trump wrote: hello."};
	for (size_t i = 0; i < NF_ARRAY_LEN(without); i++) {
		nf_cleaned c = clean(without[i]);
		CHECK_EQ_INT(c.n_boiler, 0);
	}
}

TEST(repeated_lines_need_varying_neighbours)
{
	nf_lines *l;
	CHECK_EQ_INT(nf_lines_new(&l, 10, 0), 0);
	char doc[512];
	for (int i = 0; i < 12; i++) {
		/* a template line with a different story around it, and a wire paragraph that
		 * always comes with the same neighbours */
		snprintf(doc, sizeof(doc),
			 "Story %d begins here with its own words.\n\nFollow our live coverage of "
			 "the markets\n\nThe wire lead sentence stays the same in every copy of "
			 "it.\n\nThe wire second sentence stays the same too, word for word."
			 "\n\nStory %d ends here.",
			 i, i * 7);
		CHECK_EQ_INT(nf_lines_add(l, doc, strlen(doc)), 0);
	}
	nf_lines_finish(l);
	CHECK_EQ_INT(nf_lines_count(l), 1);
	nf_clean_options o = {.common = l};
	nf_cleaner *c2;
	nf_cleaner_new(&c2, &o);
	nf_cleaned c;
	CHECK_EQ_INT(nf_clean(c2, doc, strlen(doc), &c), 0);
	CHECK_EQ_INT(c.n_boiler, 1);
	CHECK_EQ_INT(c.boiler[0].kind, NF_BOILER_REPEATED);
	CHECK_STR(doc + c.boiler[0].start, c.boiler[0].end - c.boiler[0].start,
		  "Follow our live coverage of the markets");
	nf_cleaner_free(c2);
	nf_lines_free(l);
}

/* --- seeded property tests -------------------------------------------------------------- */

static bool valid_utf8_no_controls(const char *s, size_t n)
{
	if (nf_utf8_valid_prefix(s, n) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return false;
	return true;
}

static void random_text(uint64_t *seed, nf_buf *b, bool bytes)
{
	static const char *const pieces[] = {
	    "the ",
	    "President ",
	    "said ",
	    "Mr. ",
	    "U.S. ",
	    "3.5 ",
	    "2,000 ",
	    ". ",
	    "! ",
	    "? ",
	    "\n",
	    "\n\n",
	    " \xC2\xA0 \n",
	    "“",
	    "”",
	    "\"",
	    "'",
	    "’",
	    "todayâ€™s ",
	    "Ã©",
	    "中国",
	    "Ελλάδα ",
	    "Москва ",
	    "🎉",
	    "\r\n",
	    "\t",
	    "By Jane Doe\n",
	    "Home / A / B\n",
	    "3 min read\n",
	    "Disclaimer: agency feed\n",
	    "\xFF",
	    "\xE2\x80",
	    "\x01",
	    "ﬁ",
	    "ß",
	    "WASHINGTON (Reuters) - ",
	    "e.g. ",
	    "(",
	    ")",
	    "«",
	    "»",
	    "…",
	    "—",
	    "-",
	    ":",
	    "\xC2\x85",
	};
	size_t n = h_rand(seed) % 80;
	for (size_t i = 0; i < n; i++) {
		if (bytes && h_rand(seed) % 4 == 0) {
			char c = (char)(h_rand(seed) & 0xFF);
			nf_buf_append(b, &c, 1);
			continue;
		}
		const char *p = pieces[h_rand(seed) % NF_ARRAY_LEN(pieces)];
		nf_buf_append(b, p, strlen(p));
	}
}

TEST(properties_valid_ordered_idempotent)
{
	uint64_t seed = 20261122;
	nf_cleaner *c2;
	nf_cleaner_new(&c2, NULL);
	nf_buf in, norm1, norm2;
	nf_buf_init(&in);
	nf_buf_init(&norm1);
	nf_buf_init(&norm2);
	int failures = 0;
	for (int iter = 0; iter < 20000 && failures < 5; iter++) {
		nf_buf_reset(&in);
		random_text(&seed, &in, iter % 2 == 1);
		nf_cleaned a, b;
		if (nf_clean(cl, in.data ? in.data : "", in.len, &a)) {
			H_FAIL("clean failed");
			break;
		}
		const char *why = NULL;
		if (!valid_utf8_no_controls(a.text, a.text_len))
			why = "text not valid UTF-8 or has controls";
		else if (nf_utf8_valid_prefix(a.norm, a.norm_len) != a.norm_len)
			why = "norm not valid UTF-8";
		uint32_t last = 0;
		for (size_t i = 0; i < a.n_paragraphs && !why; i++) {
			if (a.paragraphs[i].start < last ||
			    a.paragraphs[i].start >= a.paragraphs[i].end ||
			    a.paragraphs[i].end > in.len)
				why = "paragraph offsets",
				fprintf(stderr, "paragraph %zu: [%u, %u) after %u\n", i,
					a.paragraphs[i].start, a.paragraphs[i].end, last);
			last = a.paragraphs[i].end;
		}
		last = 0;
		for (size_t i = 0; i < a.n_sentences && !why; i++) {
			if (a.sentences[i].start < last ||
			    a.sentences[i].start >= a.sentences[i].end ||
			    a.sentences[i].end > in.len)
				why = "sentence offsets";
			last = a.sentences[i].end;
		}
		last = 0;
		for (size_t i = 0; i < a.n_tokens && !why; i++) {
			if (a.tokens[i].start < last || a.tokens[i].start >= a.tokens[i].end ||
			    a.tokens[i].end > in.len)
				why = "token offsets";
			last = a.tokens[i].end;
		}
		for (size_t i = 0; i < a.n_boiler && !why; i++)
			if (a.boiler[i].start > a.boiler[i].end || a.boiler[i].end > in.len ||
			    (i && a.boiler[i].start < a.boiler[i - 1].start))
				why = "boilerplate offsets";
		/* idempotent: the same text and the same normalized tokens */
		nf_buf_reset(&norm1);
		for (size_t i = 0; i < a.n_tokens; i++) {
			nf_buf_append(&norm1, a.norm + a.tokens[i].norm, a.tokens[i].norm_len);
			nf_buf_append(&norm1, " ", 1);
		}
		if (nf_clean(c2, a.text, a.text_len, &b)) {
			H_FAIL("clean failed");
			break;
		}
		nf_buf_reset(&norm2);
		for (size_t i = 0; i < b.n_tokens; i++) {
			nf_buf_append(&norm2, b.norm + b.tokens[i].norm, b.tokens[i].norm_len);
			nf_buf_append(&norm2, " ", 1);
		}
		if (!why && (b.text_len != a.text_len || memcmp(a.text, b.text, a.text_len) != 0))
			why = "cleaned text changes when cleaned again";
		if (!why && (norm1.len != norm2.len ||
			     (norm1.len && memcmp(norm1.data, norm2.data, norm1.len) != 0)))
			why = "tokens change when cleaned again";
		if (!why && a.n_paragraphs != b.n_paragraphs)
			why = "paragraphs change when cleaned again";
		if (!why && a.n_sentences != b.n_sentences)
			why = "sentences change when cleaned again";
		if (why) {
			const char *dump = getenv("NF_TEST_DUMP");
			FILE *df = dump && failures == 0 ? fopen(dump, "wb") : NULL;
			if (df) {
				fwrite(in.data, 1, in.len, df);
				fclose(df);
			}
			failures++;
			H_FAIL("%s, iteration %d, input '%.*s' -> '%.*s' -> '%.*s'", why, iter,
			       (int)in.len, in.data, (int)a.text_len, a.text, (int)b.text_len,
			       b.text);
		} else {
			H_PASS();
		}
	}
	nf_buf_release(&in);
	nf_buf_release(&norm1);
	nf_buf_release(&norm2);
	nf_cleaner_free(c2);
}

TEST(pathological_inputs)
{
	/* one token repeated a million times; one 8 MB line; only punctuation */
	size_t n = 1000000 * 4;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i += 4)
		memcpy(s + i, "abc ", 4);
	nf_cleaned c;
	CHECK_EQ_INT(nf_clean(cl, s, n, &c), 0);
	CHECK_EQ_INT(c.n_tokens, 1000000);
	memset(s, '.', n);
	CHECK_EQ_INT(nf_clean(cl, s, n, &c), 0);
	CHECK_EQ_INT(c.n_tokens, 0);
	CHECK_EQ_INT(nf_clean(cl, "", 0, &c), 0);
	CHECK_EQ_INT(c.n_tokens, 0);
	CHECK_EQ_INT(nf_clean(cl, NULL, 0, &c), 0);
	free(s);
}

int main(void)
{
	nf_cleaner_new(&cl, NULL);
	RUN(correct_text_is_never_changed);
	RUN(mojibake_is_repaired_in_every_language);
	RUN(invalid_utf8_controls_spaces_newlines);
	RUN(paragraphs);
	RUN(sentences);
	RUN(tokens_and_normalization);
	RUN(boilerplate_lines);
	RUN(datelines);
	RUN(repeated_lines_need_varying_neighbours);
	RUN(properties_valid_ordered_idempotent);
	RUN(pathological_inputs);
	nf_cleaner_free(cl);
	return harness_report();
}
