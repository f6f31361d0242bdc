/*
 * story.c - the records of newsfold stories and digest: one JSON line per story, and the
 * "id<TAB>story" lines of --assign.
 */
#include "../base/base.h"

#include <stdio.h>

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

int nf_write_story_json(nf_buf *b, const nf_engine_story *s, const nf_digester *dg)
{
	char num[64];
	snprintf(num, sizeof(num), "{\"story\":%u,\"size\":%zu,\"first\":", s->id, s->n_members);
	put(b, num);
	nf_json_date(b, s->first);
	put(b, ",\"last\":");
	nf_json_date(b, s->last);
	put(b, ",\"members\":[");
	for (size_t i = 0; i < s->n_members; i++) {
		if (i)
			put(b, ",");
		nf_json_id(b, s->members[i].id, s->members[i].id_is_number);
	}
	put(b, "],\"families\":[");
	for (size_t f = 0, k = 0; f < s->n_families; f++) {
		put(b, f ? ",[" : "[");
		for (uint32_t j = 0; j < s->family_sizes[f]; j++, k++) {
			const nf_engine_member *m = &s->members[s->families[k]];
			if (j)
				put(b, ",");
			nf_json_id(b, m->id, m->id_is_number);
		}
		put(b, "]");
	}
	for (int kind = 0; kind < 2; kind++) {
		put(b, kind ? "],\"names\":[" : "],\"terms\":[");
		bool first = true;
		for (size_t i = 0; i < s->n_terms; i++) {
			const nf_event_term *t = &s->terms[i];
			if ((t->kind == NF_TERM_NAME) != (kind == 1))
				continue;
			if (!first)
				put(b, ",");
			first = false;
			if (t->surface && t->surface_len) /* a word, not a key */
				nf_json_string(b, t->surface, t->surface_len);
			else
				nf_json_string(b, t->text, t->len);
		}
	}
	put(b, "]");
	if (s->digest) {
		put(b, ",\"digest\":");
		if (nf_digest_json(dg, s->digest, b))
			return NF_ENOMEM;
	}
	put(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_story_assign(nf_buf *b, const nf_engine_story *s)
{
	char num[32];
	snprintf(num, sizeof(num), "\t%u\n", s->id);
	for (size_t i = 0; i < s->n_members; i++) {
		nf_buf_append(b, s->members[i].id.ptr, s->members[i].id.len);
		put(b, num);
	}
	return b->oom ? NF_ENOMEM : 0;
}
