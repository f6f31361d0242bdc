/*
 * jsonw.c - the streaming JSON writer: strings escaped per RFC 8259 (control characters as
 * \u00XX, U+2028/2029 escaped so the output is also valid JavaScript), invalid UTF-8 as
 * U+FFFD, and the records of the clean stage with a fixed key order.
 */
#include "write.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char hexd[] = "0123456789abcdef";

/* Bytes copied as they are: printable ASCII but the quote and the backslash. */
static inline bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

int nf_json_string(nf_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	if (nf_buf_put(b, "\"", 1))
		return NF_ENOMEM;
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		/* eight bytes at a time while none needs attention */
		while (n - j >= 8) {
			uint64_t v;
			memcpy(&v, s + j, 8);
			uint64_t quote = v ^ 0x2222222222222222ull,
				 bslash = v ^ 0x5C5C5C5C5C5C5C5Cull;
			uint64_t hz = ((quote - 0x0101010101010101ull) & ~quote) |
				      ((bslash - 0x0101010101010101ull) & ~bslash) |
				      ((v - 0x2020202020202020ull) & ~v) | v;
			if (hz & 0x8080808080808080ull)
				break;
			j += 8;
		}
		while (j < n && plain_byte(s[j]))
			j++;
		if (j > i && nf_buf_put(b, s + i, j - i))
			return NF_ENOMEM;
		i = j;
		if (i >= n)
			break;
		unsigned char c = s[i];
		char e[8];
		size_t el = 2;
		e[0] = '\\';
		if (c >= 0x80) {
			uint32_t cp;
			int k = nf_utf8_decode(s + i, n - i, &cp);
			if (!k) {
				i += nf_utf8_bad_len(s + i, n - i);
				if (nf_buf_put(b, "\xEF\xBF\xBD", 3))
					return NF_ENOMEM;
				continue;
			}
			if (cp == 0x2028 || cp == 0x2029) {
				if (nf_buf_put(b, cp == 0x2028 ? "\\u2028" : "\\u2029", 6))
					return NF_ENOMEM;
			} else if (nf_buf_put(b, s + i, (size_t)k)) {
				return NF_ENOMEM;
			}
			i += (size_t)k;
			continue;
		}
		switch (c) {
		case '"':
			e[1] = '"';
			break;
		case '\\':
			e[1] = '\\';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\t':
			e[1] = 't';
			break;
		case '\r':
			e[1] = 'r';
			break;
		default:
			memcpy(e, "\\u00", 4);
			e[4] = hexd[c >> 4];
			e[5] = hexd[c & 15];
			el = 6;
		}
		if (nf_buf_put(b, e, el))
			return NF_ENOMEM;
		i++;
	}
	return nf_buf_put(b, "\"", 1);
}

static void put(nf_buf *b, const char *s)
{
	nf_buf_put(b, s, strlen(s));
}

static void put_u64(nf_buf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	do
		tmp[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	nf_buf_put(b, tmp + i, sizeof(tmp) - i);
}

static void put_key_str(nf_buf *b, const char *key, nf_str s)
{
	put(b, key);
	nf_json_string(b, s.ptr ? s.ptr : "", s.len);
}

static void put_spans(nf_buf *b, const char *key, const nf_span *sp, size_t n)
{
	put(b, key);
	put(b, "[");
	for (size_t i = 0; i < n; i++) {
		put(b, i ? ",[" : "[");
		put_u64(b, sp[i].start);
		put(b, ",");
		put_u64(b, sp[i].end);
		put(b, "]");
	}
	put(b, "]");
}

static void put_marks(nf_buf *b, const char *key, const nf_mark *m, size_t n,
		      const char *(*name)(int))
{
	put(b, key);
	put(b, "[");
	for (size_t i = 0; i < n; i++) {
		put(b, i ? ",{\"start\":" : "{\"start\":");
		put_u64(b, m[i].start);
		put(b, ",\"end\":");
		put_u64(b, m[i].end);
		put(b, ",\"reason\":\"");
		put(b, name(m[i].kind));
		put(b, "\"}");
	}
	put(b, "]");
}

void nf_write_archive_json(nf_buf *b, const nf_doc *doc)
{
	if (doc->format != NF_FORMAT_WARC)
		return;
	put_key_str(b, ",\"archive\":{\"file\":", doc->archive.file);
	put(b, ",\"offset\":");
	put_u64(b, doc->archive.offset);
	if (doc->archive.record_id.len)
		put_key_str(b, ",\"record_id\":", doc->archive.record_id);
	if (doc->archive.digest.len)
		put_key_str(b, ",\"digest\":", doc->archive.digest);
	if (doc->archive.truncated.len)
		put_key_str(b, ",\"truncated\":", doc->archive.truncated);
	put(b, "}");
}

int nf_write_clean_json(nf_buf *b, const nf_doc *doc, const nf_cleaned *c, unsigned flags)
{
	put(b, "{\"id\":");
	nf_json_id(b, doc->id, doc->id_is_number);
	if (doc->title.len)
		put_key_str(b, ",\"title\":", doc->title);
	if (doc->source.len)
		put_key_str(b, ",\"source\":", doc->source);
	if (doc->url.len)
		put_key_str(b, ",\"url\":", doc->url);
	if (doc->date_raw.len)
		put_key_str(b, ",\"date\":", doc->date_raw);
	if (doc->date != NF_NO_DATE) {
		put(b, ",\"time\":");
		char tmp[24];
		int n = snprintf(tmp, sizeof(tmp), "%" PRId64, doc->date);
		nf_buf_put(b, tmp, (size_t)n);
	}
	if (doc->lang.len)
		put_key_str(b, ",\"lang\":", doc->lang);
	nf_write_archive_json(b, doc);
	if (doc->format == NF_FORMAT_SEED || doc->format == NF_FORMAT_TEXT) {
		put(b, ",\"text_offset\":");
		put_u64(b, doc->text_base);
	}
	put_key_str(b, ",\"text\":", (nf_str){c->text, c->text_len});
	put(b, ",\"tokens\":");
	put_u64(b, c->n_tokens);
	put(b, ",\"content_tokens\":");
	put_u64(b, c->n_content_tokens);
	put_spans(b, ",\"paragraphs\":", c->paragraphs, c->n_paragraphs);
	put_spans(b, ",\"sentences\":", c->sentences, c->n_sentences);
	put_marks(b, ",\"boilerplate\":", c->boiler, c->n_boiler, nf_boiler_name);
	put_marks(b, ",\"repairs\":", c->repairs, c->n_repairs, nf_repair_name);
	if (flags & NF_JSON_NORM) {
		put(b, ",\"norm\":\"");
		for (size_t i = 0; i < c->n_tokens; i++) {
			if (i)
				put(b, " ");
			/* normalized forms are valid UTF-8 without controls; escape anyway */
			nf_buf tmp;
			nf_buf_init(&tmp);
			nf_json_string(&tmp, c->norm + c->tokens[i].norm, c->tokens[i].norm_len);
			if (tmp.len >= 2)
				nf_buf_put(b, tmp.data + 1, tmp.len - 2);
			nf_buf_release(&tmp);
		}
		put(b, "\"");
	}
	if (flags & NF_JSON_TOKENS) {
		put(b, ",\"token_list\":[");
		for (size_t i = 0; i < c->n_tokens; i++) {
			const nf_token *t = &c->tokens[i];
			put(b, i ? ",[" : "[");
			put_u64(b, t->start);
			put(b, ",");
			put_u64(b, t->end);
			put(b, ",");
			nf_json_string(b, c->norm + t->norm, t->norm_len);
			put(b, ",");
			put_u64(b, t->flags);
			put(b, "]");
		}
		put(b, "]");
	}
	put(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_write_reject_json(nf_buf *b, const nf_error *err, const nf_str *id)
{
	put(b, "{\"file\":");
	nf_json_string(b, err->file ? err->file : "", err->file ? strlen(err->file) : 0);
	put(b, ",\"line\":");
	put_u64(b, err->line);
	put(b, ",\"offset\":");
	put_u64(b, err->offset);
	if (id && id->len) {
		put(b, ",\"id\":");
		nf_json_string(b, id->ptr, id->len);
	}
	put(b, ",\"code\":\"");
	put(b, nf_errname(err->code));
	put(b, "\",\"reason\":\"");
	put(b, nf_errreason(err->code));
	put(b, "\",\"message\":");
	nf_json_string(b, err->message, strlen(err->message));
	put(b, "}\n");
	return b->oom ? NF_ENOMEM : 0;
}

int nf_json_date(nf_buf *b, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[40];
	if (t == NF_NO_DATE || !gmtime_r(&tt, &tm) ||
	    !strftime(s, sizeof(s), "\"%Y-%m-%dT%H:%M:%SZ\"", &tm))
		return nf_buf_append(b, "null", 4);
	return nf_buf_append(b, s, strlen(s));
}

int nf_json_id(nf_buf *b, nf_str id, bool is_number)
{
	return is_number ? nf_buf_append(b, id.ptr, id.len) : nf_json_string(b, id.ptr, id.len);
}
