/*
 * fuzz_clean.c - nf_clean() on the raw input bytes, with every option.
 *
 * Checks (fuzzcheck.h): the cleaned text is valid UTF-8 without controls but '\n', laid out as
 * paragraphs joined by one blank line; every array is in increasing order inside the input;
 * tokens and sentences lie inside paragraphs; the repairs are exactly the invalid UTF-8 and
 * control characters an independent scan finds; normalized forms are valid and stable under
 * nf_normalize_word(); nf_write_clean_json() writes one valid JSON line whose "text" decodes to
 * the cleaned text; cleaning the cleaned text gives it back with the same token forms.
 * Then, against the first result:
 *   - a cleaner that was used for other text gives the same result (no state leaks);
 *   - no_boiler: same text and tokens, no boilerplate, every token content;
 *   - no_mojibake: no mojibake repairs; identical results when there was no mojibake;
 *   - with a table of repeated lines (the input and its lines reversed): same text and tokens.
 * nf_json_string() on the input must decode back to it with bad UTF-8 as U+FFFD.
 */
#include <newsfold.h>

#include "fuzzcheck.h"

/* A copy of a result, to compare runs. */
typedef struct snap {
	nf_buf text, forms, paras, sents, toks, boiler, repairs;
	size_t content;
} snap;

static void snap_init(snap *s)
{
	nf_buf_init(&s->text);
	nf_buf_init(&s->forms);
	nf_buf_init(&s->paras);
	nf_buf_init(&s->sents);
	nf_buf_init(&s->toks);
	nf_buf_init(&s->boiler);
	nf_buf_init(&s->repairs);
}

static void snap_release(snap *s)
{
	nf_buf_release(&s->text);
	nf_buf_release(&s->forms);
	nf_buf_release(&s->paras);
	nf_buf_release(&s->sents);
	nf_buf_release(&s->toks);
	nf_buf_release(&s->boiler);
	nf_buf_release(&s->repairs);
}

/* Token positions only (flags masked with keep_flags). */
static void snap_take(snap *s, const nf_cleaned *c, uint32_t keep_flags)
{
	nf_buf_reset(&s->text);
	nf_buf_append(&s->text, c->text, c->text_len);
	fc_forms(c, &s->forms);
	nf_buf_reset(&s->paras);
	nf_buf_append(&s->paras, c->paragraphs, c->n_paragraphs * sizeof(nf_span));
	nf_buf_reset(&s->sents);
	nf_buf_append(&s->sents, c->sentences, c->n_sentences * sizeof(nf_span));
	nf_buf_reset(&s->toks);
	for (size_t i = 0; i < c->n_tokens; i++) {
		uint32_t t[3] = {c->tokens[i].start, c->tokens[i].end,
				 c->tokens[i].flags & keep_flags};
		nf_buf_append(&s->toks, t, sizeof(t));
	}
	nf_buf_reset(&s->boiler);
	nf_buf_append(&s->boiler, c->boiler, c->n_boiler * sizeof(nf_mark));
	nf_buf_reset(&s->repairs);
	nf_buf_append(&s->repairs, c->repairs, c->n_repairs * sizeof(nf_mark));
	s->content = c->n_content_tokens;
	FC_ASSERT(!s->text.oom && !s->forms.oom && !s->paras.oom && !s->sents.oom && !s->toks.oom &&
		  !s->boiler.oom && !s->repairs.oom);
}

#define SAME(a, b, f) fc_eq((a)->f.data, (a)->f.len, (b)->f.data, (b)->f.len)

static nf_cleaner *cleaner(const nf_clean_options *o)
{
	nf_cleaner *c;
	FC_ASSERT(nf_cleaner_new(&c, o) == 0);
	return c;
}

static void clean_ok(nf_cleaner *cl, const char *in, size_t n, nf_cleaned *c)
{
	int rc = nf_clean(cl, in, n, c);
	FC_OOM(rc);
	FC_ASSERT(rc == 0);
	fc_check_cleaned(in, n, c);
}

/* The input with its lines in reverse order (another document with the same lines). */
static void reverse_lines(const char *in, size_t n, nf_buf *out)
{
	size_t e = n;
	for (;;) {
		size_t s = e;
		while (s > 0 && in[s - 1] != '\n')
			s--;
		nf_buf_append(out, in + s, e - s);
		if (s == 0)
			break;
		nf_buf_append(out, "\n", 1);
		e = s - 1;
	}
	FC_ASSERT(!out->oom);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static nf_cleaner *main_cl, *other, *again, *nomoji, *nomoji2, *noboil;
	if (!main_cl) {
		main_cl = cleaner(NULL);
		other = cleaner(NULL);
		again = cleaner(NULL);
		nomoji = cleaner(&(nf_clean_options){.no_mojibake = true});
		nomoji2 = cleaner(&(nf_clean_options){.no_mojibake = true});
		noboil = cleaner(&(nf_clean_options){.no_boiler = true});
	}
	const char *in = size ? (const char *)data : NULL;
	snap s1, s2;
	snap_init(&s1);
	snap_init(&s2);
	nf_cleaned c;

	/* the main result */
	clean_ok(main_cl, in, size, &c);
	fc_check_norm_stable(&c);
	size_t idn = size < 12 ? size : 12;
	nf_doc doc = {.id = {in, idn},
		      .text = {in, size},
		      .title = {in, size / 2},
		      .source = {in ? in + size / 2 : NULL, size - size / 2},
		      .date = NF_NO_DATE,
		      .format = size & 1 ? NF_FORMAT_TEXT : NF_FORMAT_JSONL};
	fc_check_clean_json(&doc, &c, (unsigned)size & 3u);
	snap_take(&s1, &c, ~0u);
	size_t mojibake = fc_count_repairs(&c, NF_REPAIR_MOJIBAKE);
	fc_check_idempotent(again, &c);

	/* a cleaner used before for other text gives the same result */
	nf_cleaned d;
	static const char prev[] =
	    "Other text, \xC3\xA9t\xC3\xA9 \xE2\x80\x94 todayâ€™s.\n\nBy Jane Doe";
	clean_ok(other, prev, sizeof(prev) - 1, &d);
	clean_ok(other, in, size, &d);
	snap_take(&s2, &d, ~0u);
	FC_ASSERT(SAME(&s1, &s2, text) && SAME(&s1, &s2, forms) && SAME(&s1, &s2, paras) &&
		  SAME(&s1, &s2, sents) && SAME(&s1, &s2, toks) && SAME(&s1, &s2, boiler) &&
		  SAME(&s1, &s2, repairs) && s1.content == s2.content);

	/* no boilerplate: the same text and tokens */
	clean_ok(noboil, in, size, &d);
	FC_ASSERT(d.n_boiler == 0 && d.n_content_tokens == d.n_tokens);
	snap_take(&s2, &d, ~(uint32_t)NF_TOK_BOILER);
	snap_take(&s1, &c, ~(uint32_t)NF_TOK_BOILER);
	FC_ASSERT(SAME(&s1, &s2, text) && SAME(&s1, &s2, forms) && SAME(&s1, &s2, toks) &&
		  SAME(&s1, &s2, paras) && SAME(&s1, &s2, sents) && SAME(&s1, &s2, repairs));

	/* no mojibake repair */
	clean_ok(nomoji, in, size, &d);
	FC_ASSERT(fc_count_repairs(&d, NF_REPAIR_MOJIBAKE) == 0);
	fc_check_norm_stable(&d);
	if (mojibake == 0) {
		snap_take(&s2, &d, ~0u);
		snap_take(&s1, &c, ~0u);
		FC_ASSERT(SAME(&s1, &s2, text) && SAME(&s1, &s2, forms) && SAME(&s1, &s2, toks) &&
			  SAME(&s1, &s2, paras) && SAME(&s1, &s2, sents) &&
			  SAME(&s1, &s2, boiler) && SAME(&s1, &s2, repairs));
	}
	fc_check_idempotent(nomoji2, &d);

	/* repeated lines: this input and its lines reversed */
	nf_lines *lines;
	FC_ASSERT(nf_lines_new(&lines, 2, 0) == 0);
	nf_buf rev;
	nf_buf_init(&rev);
	reverse_lines(in ? in : "", size, &rev);
	FC_ASSERT(rev.len == size);
	FC_OOM(nf_lines_add(lines, in ? in : "", size));
	FC_OOM(nf_lines_add(lines, rev.data ? rev.data : "", rev.len));
	nf_lines_finish(lines);
	FC_ASSERT(nf_lines_count(lines) <= size + 1);
	FC_ASSERT(nf_lines_add(lines, "after finish\n", 13) == NF_EINVAL);
	nf_cleaner *common = cleaner(&(nf_clean_options){.common = lines});
	clean_ok(common, in, size, &d);
	snap_take(&s2, &d, ~(uint32_t)NF_TOK_BOILER);
	snap_take(&s1, &c, ~(uint32_t)NF_TOK_BOILER);
	FC_ASSERT(SAME(&s1, &s2, text) && SAME(&s1, &s2, forms) && SAME(&s1, &s2, toks) &&
		  SAME(&s1, &s2, paras) && SAME(&s1, &s2, sents) && SAME(&s1, &s2, repairs));
	nf_cleaner_free(common);
	nf_lines_free(lines);
	nf_buf_release(&rev);

	fc_check_json_string(in ? in : "", size);
	snap_release(&s1);
	snap_release(&s2);
	return 0;
}
