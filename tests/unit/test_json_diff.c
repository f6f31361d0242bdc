/*
 * test_json_diff.c - differential test of the JSON scanner (nf_json_scan, nf_json_unescape)
 * against json-c.
 *
 * Seeded random lines (valid objects, then 0-3 byte-level mutations) go to both parsers. The
 * scanner must accept exactly when json-c parses the whole line as one object, and for accepted
 * lines the wanted keys must have the same type and, for strings, the same decoded bytes.
 *
 * json-c is run with JSON_TOKENER_STRICT. Its depth limit counts a scalar value as a level and
 * the scanner's does not: with a json-c depth of 513, both accept 512 nested containers around a
 * scalar and reject 513 (the depth_limit test). json-c 0.16 in strict mode still accepts some
 * input that RFC 8259 forbids and the scanner rightly rejects; a disagreement of that direction
 * (json-c accepts, the scanner rejects) is excluded when the line contains the trigger of one of
 * these classes (each has a known-answer test below that proves it):
 *   LENIENT_SQUOTE  single-quoted keys:                {'a':1}
 *   LENIENT_CTRL    raw control characters in strings: {"a":"x<TAB>y"}
 *   LENIENT_NAN     NaN, Infinity, -Infinity literals: {"a":NaN}
 *   LENIENT_ZERO    leading zeros after a minus or a zero: {"a":-01}, {"a":00}
 *   LENIENT_DOT     a fraction point without digits on one side: {"a":1.}, {"a":1.e5}, {"a":-.5}
 *   LENIENT_DEPTH   513 nested containers with an empty one innermost (json-c counts the
 *                   innermost scalar as a level, so its 513 lets this through)
 * Two differences in what is extracted, not in validity, are also excluded:
 *   ESCAPED_KEY     a key written with escapes ("te\u0078t") is the key "text" for json-c;
 *                   the scanner only matches keys written plainly (field names are ASCII).
 *   JSONC_SURROGATE a json-c 0.16 bug: a valid surrogate pair whose code point has its low 16
 *                   bits in D800..DFFF (high surrogates D836, D837, D876, D877, ...: 32 of the
 *                   1024) decodes to U+FFFD or, followed by another low surrogate, to a wrong
 *                   character; the scanner decodes it right ("\ud837\udc2a" is U+1DC2A). When
 *                   the values differ, json-c gets the string again with such pairs written as
 *                   raw UTF-8 (which it passes through), and must then agree with the scanner.
 * Raw invalid UTF-8 inside strings is accepted by both (json-c without
 * JSON_TOKENER_VALIDATE_UTF8); the decoded bytes are then compared as they are.
 *
 * NF_TEST_SEED=N runs another seed (the fixed default keeps `make check` reproducible).
 */
#include "harness.h"

#include "ingest/ingest.h"

#include <json-c/json.h>

#define N_LINES 30000

static void put(nf_buf *b, const char *s);

static const char *const keys[] = {"id", "text", "title", "source", "url", "date", "published"};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

enum {
	LENIENT_NONE,
	LENIENT_SQUOTE,
	LENIENT_CTRL,
	LENIENT_NAN,
	LENIENT_ZERO,
	LENIENT_DOT,
	LENIENT_DEPTH,
	N_CLASS
};
static const char *const class_name[] = {"none",	 "single-quote", "control-in-string",
					 "nan-infinity", "leading-zero", "bare-dot",
					 "depth-513"};

/* --- json-c ---------------------------------------------------------------------------------- */

/* The object json-c makes of the whole line, or NULL. */
static struct json_object *jsonc_parse(const char *p, size_t n)
{
	struct json_tokener *tok = json_tokener_new_ex(513); /* see the top of the file */
	if (!tok)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	struct json_object *o = json_tokener_parse_ex(tok, p, (int)n);
	if (o &&
	    (json_tokener_get_parse_end(tok) != n || !json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* Does the line contain the trigger of a json-c leniency? (outside/inside strings as lexed) */
static int leniency(const char *p, size_t n)
{
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			else if (c < 0x20 && c != 0)
				return LENIENT_CTRL;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '\'') {
			return LENIENT_SQUOTE;
		} else if ((n - i >= 3 && memcmp(p + i, "NaN", 3) == 0) ||
			   (n - i >= 8 && memcmp(p + i, "Infinity", 8) == 0)) {
			return LENIENT_NAN;
		} else if ((c == '-' || (c >= '0' && c <= '9')) &&
			   (i == 0 || !((p[i - 1] >= '0' && p[i - 1] <= '9') || p[i - 1] == '.' ||
					p[i - 1] == 'e' || p[i - 1] == 'E' || p[i - 1] == '-' ||
					p[i - 1] == '+'))) {
			size_t j = i + (c == '-');
			if (j + 1 < n && p[j] == '0' && p[j + 1] >= '0' && p[j + 1] <= '9')
				return LENIENT_ZERO;
			if (j < n && p[j] == '.')
				return LENIENT_DOT;
			while (j < n &&
			       ((p[j] >= '0' && p[j] <= '9') || p[j] == '.' || p[j] == 'e' ||
				p[j] == 'E' || p[j] == '+' || p[j] == '-')) {
				if (p[j] == '.' && (j + 1 >= n || p[j + 1] < '0' || p[j + 1] > '9'))
					return LENIENT_DOT;
				j++;
			}
		}
	}
	return LENIENT_NONE;
}

/* Deepest container nesting of a line, strings skipped (the top-level object is 1). */
static int max_depth(const char *p, size_t n)
{
	int d = 0, m = 0;
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			d++;
			m = NF_MAX(m, d);
		} else if (c == '}' || c == ']') {
			d--;
		}
	}
	return m;
}

/*
 * The json-c surrogate bug hits a pair \uHHHH\uLLLL when (HHHH & 0x3E) == 0x36: the code point
 * then has its low 16 bits in D800..DFFF, which json-c takes for a surrogate (and it also goes
 * wrong on what follows). Rewrites such pairs in a string body as raw UTF-8, which json-c passes
 * through, into a whole line {"k":"..."}. Returns false when the body has no such pair.
 */
static unsigned hex4_at(const char *p)
{
	char t[5] = {p[0], p[1], p[2], p[3], 0};
	return (unsigned)strtoul(t, NULL, 16);
}

static bool jsonc_bug_rewrite(const char *p, size_t n, nf_buf *out)
{
	bool hit = false;
	put(out, "{\"k\":\"");
	for (size_t i = 0; i < n;) {
		if (p[i] != '\\') {
			nf_buf_append(out, p + i, 1);
			i++;
			continue;
		}
		if (p[i + 1] != 'u') {
			nf_buf_append(out, p + i, 2);
			i += 2;
			continue;
		}
		unsigned hi = hex4_at(p + i + 2), lo = 0;
		if (i + 12 <= n && p[i + 6] == '\\' && p[i + 7] == 'u')
			lo = hex4_at(p + i + 8);
		if (hi >= 0xD800 && hi < 0xDC00 && (hi & 0x3E) == 0x36 && lo >= 0xDC00 &&
		    lo < 0xE000) {
			char u[4];
			uint32_t cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
			nf_buf_append(out, u, (size_t)nf_utf8_encode(cp, u));
			i += 12;
			hit = true;
			continue;
		}
		nf_buf_append(out, p + i, 6);
		i += 6;
	}
	put(out, "\"}");
	return hit;
}

/* Does json-c decode the string body, rewritten around its surrogate bug, to dec? */
static bool jsonc_bug_explains(const char *raw, size_t n, const char *dec, size_t dl)
{
	nf_buf line;
	nf_buf_init(&line);
	bool same = false;
	if (jsonc_bug_rewrite(raw, n, &line)) {
		struct json_object *o = jsonc_parse(line.data, line.len), *v;
		if (o && json_object_object_get_ex(o, "k", &v))
			same = (size_t)json_object_get_string_len(v) == dl &&
			       memcmp(json_object_get_string(v), dec, dl) == 0;
		json_object_put(o);
	}
	nf_buf_release(&line);
	return same;
}

/* Is some top-level key of this (valid) line written with escapes and equal to `key`? */
static bool escaped_alias(const char *p, size_t n, const char *key)
{
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == '"') {
			size_t s = i++;
			bool esc = false;
			while (i < n && p[i] != '"') {
				if (p[i] == '\\')
					esc = true, i++;
				i++;
			}
			size_t j = i + 1;
			while (j < n && strchr(" \t\r\n", p[j]))
				j++;
			if (depth != 1 || !esc || j >= n || p[j] != ':')
				continue;
			/* decode the key with json-c */
			size_t kl = i + 1 - s;
			char *w = malloc(kl + 8);
			memcpy(w, "{\"k\":", 5);
			memcpy(w + 5, p + s, kl);
			w[5 + kl] = '}';
			struct json_object *o = jsonc_parse(w, kl + 6), *v;
			bool same = o && json_object_object_get_ex(o, "k", &v) &&
				    strcmp(json_object_get_string(v), key) == 0;
			json_object_put(o);
			free(w);
			if (same)
				return true;
		}
	}
	return false;
}

/* --- the generator --------------------------------------------------------------------------- */

static uint64_t seed = 0x6e657773666f6c64ull; /* "newsfold" */

static size_t below(size_t n)
{
	return n ? (size_t)(h_rand(&seed) % n) : 0;
}

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

static void ws(nf_buf *b)
{
	static const char *const w[] = {"", "", "", "", " ", "  ", "\t", "\n", "\r\n", " \t "};
	put(b, w[below(NF_ARRAY_LEN(w))]);
}

static void hex4(nf_buf *b, unsigned v, bool upper)
{
	char t[8];
	snprintf(t, sizeof(t), upper ? "\\u%04X" : "\\u%04x", v & 0xFFFF);
	put(b, t);
}

static void gen_string(nf_buf *b)
{
	static const char *const raw[] = {"Officials",
					  " met ",
					  "on Friday",
					  ".",
					  "caf\xC3\xA9",
					  "\xE2\x80\x99",
					  "\xE4\xB8\xAD",
					  "\xF0\x9F\x98\x80",
					  "\xCE\xB1",
					  "x",
					  "1",
					  " ",
					  "/",
					  "'",
					  "{",
					  "}",
					  "[",
					  "]",
					  ":",
					  ","};
	static const char *const esc[] = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
	put(b, "\"");
	size_t parts = below(12);
	for (size_t i = 0; i < parts; i++) {
		switch (below(10)) {
		case 0:
		case 1:
			put(b, esc[below(NF_ARRAY_LEN(esc))]);
			break;
		case 2: { /* \u escapes: ASCII, BMP, pairs, lone halves */
			bool up = below(2);
			switch (below(7)) {
			case 0:
				hex4(b, (unsigned)below(0x80), up);
				break;
			case 1:
				hex4(b, (unsigned)(0x80 + below(0xD800 - 0x80)), up);
				break;
			case 2:
				hex4(b, (unsigned)(0xE000 + below(0x2000)), up);
				break;
			case 3: /* a pair */
				hex4(b, (unsigned)(0xD800 + below(0x400)), up);
				hex4(b, (unsigned)(0xDC00 + below(0x400)), up);
				break;
			case 4: /* a lone high one, maybe before another escape */
				hex4(b, (unsigned)(0xD800 + below(0x400)), up);
				if (below(2))
					hex4(b, (unsigned)below(0x10000), up);
				break;
			case 5: /* a lone low one */
				hex4(b, (unsigned)(0xDC00 + below(0x400)), up);
				break;
			default:
				hex4(b, 0, up); /* U+0000 */
			}
			break;
		}
		case 3:
			if (below(4) == 0) { /* raw invalid UTF-8 */
				static const char *const bad[] = {
				    "\xFF", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\xC0\xAF", "\x80"};
				put(b, bad[below(NF_ARRAY_LEN(bad))]);
				break;
			}
			/* fall through */
		default:
			put(b, raw[below(NF_ARRAY_LEN(raw))]);
		}
	}
	put(b, "\"");
}

static void gen_number(nf_buf *b)
{
	char t[64];
	switch (below(6)) {
	case 0:
		put(b, "0");
		break;
	case 1:
		snprintf(t, sizeof(t), "%s%llu", below(2) ? "-" : "",
			 (unsigned long long)(h_rand(&seed) >> below(64)));
		put(b, t);
		break;
	case 2:
		snprintf(t, sizeof(t), "%s%u.%0*u", below(2) ? "-" : "", (unsigned)below(1000),
			 (int)(1 + below(5)), (unsigned)below(1000));
		put(b, t);
		break;
	case 3:
		snprintf(t, sizeof(t), "%u%s%s%u", (unsigned)(1 + below(99)), below(2) ? "e" : "E",
			 below(3) == 0 ? "-"
			 : below(2)    ? "+"
				       : "",
			 (unsigned)below(400));
		put(b, t);
		break;
	case 4:
		put(b, "-0.0e-0");
		break;
	default:
		snprintf(t, sizeof(t), "%u", (unsigned)(1700000000 + below(100000000)));
		put(b, t);
	}
}

static void gen_value(nf_buf *b, int depth);

static void gen_key(nf_buf *b)
{
	if (below(4) == 0) {
		static const char *const other[] = {"\"meta\"",	    "\"a\"",	 "\"\"",
						    "\"Text\"",	    "\"text \"", "\"te\\u0078t\"",
						    "\"\\u0069d\"", "\"x\\ny\""};
		put(b, other[below(NF_ARRAY_LEN(other))]);
		return;
	}
	put(b, "\"");
	put(b, keys[below(N_KEYS)]);
	put(b, "\"");
}

static void gen_object(nf_buf *b, int depth)
{
	put(b, "{");
	size_t members = depth == 0 ? 1 + below(6) : below(4);
	bool text = depth == 0 && below(5) != 0; /* most lines have a text */
	for (size_t i = 0; i < members; i++) {
		if (i)
			put(b, ",");
		ws(b);
		if (text && i == members / 2) {
			put(b, "\"text\"");
			ws(b);
			put(b, ":");
			ws(b);
			gen_string(b);
		} else {
			gen_key(b);
			ws(b);
			put(b, ":");
			ws(b);
			gen_value(b, depth + 1);
		}
		ws(b);
	}
	put(b, "}");
}

static void gen_value(nf_buf *b, int depth)
{
	size_t k = below(depth > 4 ? 6 : 9);
	switch (k) {
	case 0:
	case 1:
		gen_string(b);
		break;
	case 2:
	case 3:
		gen_number(b);
		break;
	case 4:
		put(b, below(3) == 0 ? "true" : below(2) ? "false" : "null");
		break;
	case 5:
		put(b, "[]");
		break;
	case 6:
	case 7: {
		put(b, "[");
		size_t n = below(4);
		for (size_t i = 0; i < n; i++) {
			if (i)
				put(b, ",");
			ws(b);
			gen_value(b, depth + 1);
			ws(b);
		}
		put(b, "]");
		break;
	}
	default:
		gen_object(b, depth);
	}
}

/* Nesting around the scanner's limit: `levels` in all, the top-level object included. */
static void gen_deep(nf_buf *b, size_t levels)
{
	char open[1024];
	size_t k = 0;
	put(b, "{\"text\":\"deep\",\"x\":");
	for (size_t i = 1; i < levels && k < sizeof(open); i++) {
		open[k] = below(2) ? '[' : '{';
		put(b, open[k++] == '[' ? "[" : "{\"k\":");
	}
	put(b, "1");
	while (k > 0)
		put(b, open[--k] == '[' ? "]" : "}");
	put(b, "}");
}

static void mutate(nf_buf *b)
{
	static const char interesting[] = "{}[]:,\"\\ 0123456789eE.-+tfnu'/*\t\n\r\v\f";
	static const unsigned char bytes[] = {0x00, 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xFF};
	size_t ops = below(4);
	for (size_t k = 0; k < ops && b->len; k++) {
		size_t at = below(b->len);
		char c = below(4) == 0 ? (char)bytes[below(sizeof(bytes))]
				       : interesting[below(sizeof(interesting) - 1)];
		switch (below(6)) {
		case 0: /* delete */
			memmove(b->data + at, b->data + at + 1, b->len - at - 1);
			b->len--;
			break;
		case 1: /* insert */
			nf_buf_append(b, "", 1);
			memmove(b->data + at + 1, b->data + at, b->len - at - 1);
			b->data[at] = c;
			break;
		case 2: /* replace */
			b->data[at] = c;
			break;
		case 3: /* swap */
			if (at + 1 < b->len) {
				char t = b->data[at];
				b->data[at] = b->data[at + 1];
				b->data[at + 1] = t;
			}
			break;
		case 4: { /* duplicate a short span */
			size_t l = NF_MIN(1 + below(8), b->len - at);
			char tmp[8];
			memcpy(tmp, b->data + at, l);
			nf_buf_append(b, tmp, l);
			memmove(b->data + at + l, b->data + at, b->len - at - l);
			memcpy(b->data + at, tmp, l);
			break;
		}
		default: /* truncate */
			b->len = at;
		}
	}
}

/* --- the comparison -------------------------------------------------------------------------- */

typedef struct stats {
	size_t lines, accepted, rejected, excluded[N_CLASS], aliased, jsonc_bug, mismatches;
	size_t value_mismatches, strings_compared;
} stats;

static void dump(const char *what, const char *p, size_t n)
{
	fprintf(stderr, "%s (%zu bytes): ", what, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7F && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputc('\n', stderr);
}

static int jtype(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_string:
		return NF_J_STRING;
	case json_type_int:
	case json_type_double:
		return NF_J_NUMBER;
	default:
		return NF_J_OTHER;
	}
}

/* One line through both parsers. */
static void compare(const char *p, size_t n, stats *st)
{
	nf_jval vals[N_KEYS];
	size_t errpos = SIZE_MAX;
	const char *msg = NULL;
	int rc = nf_json_scan(p, n, keys, N_KEYS, vals, &errpos, &msg);
	struct json_object *o = jsonc_parse(p, n);
	bool nf_ok = rc == 0, jc_ok = o != NULL;
	st->lines++;
	if (!nf_ok) {
		CHECK(rc == NF_EJSON);
		CHECK(errpos <= n && msg && *msg);
	}
	if (nf_ok != jc_ok) {
		int cls = jc_ok ? leniency(p, n) : LENIENT_NONE;
		if (jc_ok && !cls && max_depth(p, n) == 513)
			cls = LENIENT_DEPTH;
		if (cls) {
			st->excluded[cls]++;
		} else {
			if (st->mismatches++ < 8) {
				dump(nf_ok ? "scanner accepts, json-c rejects"
					   : "scanner rejects, json-c accepts",
				     p, n);
				if (!nf_ok)
					fprintf(stderr, "  scanner: column %zu: %s\n", errpos + 1,
						msg);
			}
		}
		json_object_put(o);
		return;
	}
	if (!nf_ok) {
		st->rejected++;
		return;
	}
	st->accepted++;
	nf_buf dec;
	nf_buf_init(&dec);
	for (size_t k = 0; k < N_KEYS; k++) {
		struct json_object *v = NULL;
		bool has = json_object_object_get_ex(o, keys[k], &v);
		const char *jp = has && v ? json_object_get_string(v) : NULL;
		size_t jl =
		    has && v && jtype(v) == NF_J_STRING ? (size_t)json_object_get_string_len(v) : 0;
		bool same = has ? vals[k].type == jtype(v) : vals[k].type == NF_J_NONE;
		if (same && vals[k].type == NF_J_STRING) {
			nf_buf_reset(&dec);
			if (vals[k].escaped)
				CHECK_EQ_INT(nf_json_unescape(vals[k].raw, vals[k].len, &dec), 0);
			else
				nf_buf_append(&dec, vals[k].raw, vals[k].len);
			same = dec.len == jl && (jl == 0 || memcmp(dec.data, jp, jl) == 0);
			st->strings_compared++;
			if (!same && jsonc_bug_explains(vals[k].raw, vals[k].len,
							dec.data ? dec.data : "", dec.len)) {
				st->jsonc_bug++;
				same = true;
			}
		}
		if (!same && has && escaped_alias(p, n, keys[k])) {
			st->aliased++;
			continue;
		}
		if (!same && st->value_mismatches++ < 8) {
			dump("value differs", p, n);
			fprintf(stderr, "  key \"%s\": scanner type %d, json-c %s\n", keys[k],
				vals[k].type, has ? json_object_to_json_string(v) : "(absent)");
			if (vals[k].type == NF_J_STRING)
				dump("  scanner decoded", dec.data ? dec.data : "", dec.len);
		}
	}
	nf_buf_release(&dec);
	json_object_put(o);
}

/* --- tests --------------------------------------------------------------------------------- */

/* Each excluded class: json-c (strict) accepts, the scanner rejects, as RFC 8259 says. */
TEST(jsonc_leniencies_are_real)
{
	static const struct {
		const char *line;
		int cls;
	} cases[] = {
	    {"{'a':1}", LENIENT_SQUOTE},	  {"{\"a\":\"x\ty\"}", LENIENT_CTRL},
	    {"{\"a\":\"x\x01y\"}", LENIENT_CTRL}, {"{\"a\":NaN}", LENIENT_NAN},
	    {"{\"a\":-Infinity}", LENIENT_NAN},	  {"{\"a\":-01}", LENIENT_ZERO},
	    {"{\"a\":00}", LENIENT_ZERO},	  {"{\"a\":1.}", LENIENT_DOT},
	    {"{\"a\":1.e5}", LENIENT_DOT},	  {"{\"a\":-.5}", LENIENT_DOT},
	};
	for (size_t i = 0; i < NF_ARRAY_LEN(cases); i++) {
		const char *p = cases[i].line;
		size_t n = strlen(p), errpos;
		const char *msg;
		struct json_object *o = jsonc_parse(p, n);
		CHECK(o != NULL);
		json_object_put(o);
		CHECK_EQ_INT(nf_json_scan(p, n, NULL, 0, NULL, &errpos, &msg), NF_EJSON);
		CHECK_EQ_INT(leniency(p, n), cases[i].cls);
	}
}

/* 513 containers with an empty one innermost: json-c (depth 513) accepts, the scanner does not. */
TEST(jsonc_depth_accounting)
{
	nf_buf b;
	nf_buf_init(&b);
	put(&b, "{\"x\":");
	for (int i = 1; i < 513; i++)
		put(&b, "[");
	for (int i = 1; i < 513; i++)
		put(&b, "]");
	put(&b, "}");
	size_t errpos;
	const char *msg;
	struct json_object *o = jsonc_parse(b.data, b.len);
	CHECK(o != NULL);
	json_object_put(o);
	CHECK_EQ_INT(nf_json_scan(b.data, b.len, NULL, 0, NULL, &errpos, &msg), NF_EJSON);
	CHECK_EQ_INT(max_depth(b.data, b.len), 513);
	nf_buf_release(&b);
}

/* The json-c bug: "\ud837\udc2a" is U+1DC2A (F0 9D B0 AA); json-c gets it wrong. */
TEST(jsonc_surrogate_bug_is_real)
{
	static const char line[] = "{\"text\":\"\\ud837\\udc2a\\udc2a\"}";
	const char *const key[] = {"text"};
	nf_jval v;
	size_t errpos;
	const char *msg;
	CHECK_EQ_INT(nf_json_scan(line, sizeof(line) - 1, key, 1, &v, &errpos, &msg), 0);
	nf_buf dec;
	nf_buf_init(&dec);
	CHECK_EQ_INT(nf_json_unescape(v.raw, v.len, &dec), 0);
	CHECK_STR(dec.data, dec.len, "\xF0\x9D\xB0\xAA\xEF\xBF\xBD");
	struct json_object *o = jsonc_parse(line, sizeof(line) - 1), *s = NULL;
	CHECK(o && json_object_object_get_ex(o, "text", &s));
	if (s) /* json-c: not the right answer */
		CHECK(!((size_t)json_object_get_string_len(s) == dec.len &&
			memcmp(json_object_get_string(s), dec.data, dec.len) == 0));
	CHECK(jsonc_bug_explains(v.raw, v.len, dec.data, dec.len));
	json_object_put(o);
	nf_buf_release(&dec);
}

/* Hand-picked lines: agreement, and the decoded "text". */
TEST(known_answers)
{
	static const struct {
		const char *s;
		size_t n;
	} lines[] = {
#define L(lit) {lit, sizeof(lit) - 1}
	    L("{}"),
	    L(" {\"text\":\"a\"} \r\n"),
	    L("{\"text\":\"\\ud83d\\ude00\"}"),
	    L("{\"text\":\"\\ud800\"}"),
	    L("{\"text\":\"\\udc00x\"}"),
	    L("{\"text\":\"\\ud800\\u0041\"}"),
	    L("{\"text\":\"\\ud800\\ud800\\udc00\"}"),
	    L("{\"text\":\"\\uD800\\uDC00\"}"),
	    L("{\"text\":\"\\ud800\\n\"}"),
	    L("{\"text\":\"a\\u0000b\"}"),
	    L("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}"),
	    L("{\"text\":\"\xff\xfe raw\"}"),
	    L("{\"text\":\"first\",\"text\":\"last\"}"),
	    L("{\"text\":{\"text\":\"nested\"}}"),
	    L("{\"id\":-0.5e-3,\"text\":\"n\"}"),
	    L("{\"text\":\"x\\u12\"}"),
	    L("{\"text\":\"x\\ud800\\\"}"),
	    L("{\"text\":\"x\"}{}"),
	    L("{\"text\":\"x\"} x"),
	    L("{\"text\":\"x\",}"),
	    L("{\"a\":[1,]}"),
	    L("{\"a\":.5}"),
	    L("{\"a\":+1}"),
	    L("{\"a\":True}"),
	    L("\v{}"),
	    L("{}\f"),
	    L("[1]"),
	    L("\"s\""),
	    L(""),
	    L("{\"a\":1}\x00"),
	    L("{\"text\":\"a\x00b\"}"),
#undef L
	};
	stats st = {0};
	for (size_t i = 0; i < NF_ARRAY_LEN(lines); i++)
		compare(lines[i].s, lines[i].n, &st);
	CHECK_EQ_INT(st.mismatches, 0);
	CHECK_EQ_INT(st.value_mismatches, 0);
	CHECK(st.accepted >= 13);
}

/* Nesting at the limit: 512 levels pass, 513 do not, on both sides. */
TEST(depth_limit)
{
	nf_buf b;
	nf_buf_init(&b);
	for (size_t levels = 508; levels <= 516; levels++) {
		nf_buf_reset(&b);
		gen_deep(&b, levels);
		size_t errpos;
		const char *msg;
		int rc = nf_json_scan(b.data, b.len, NULL, 0, NULL, &errpos, &msg);
		struct json_object *o = jsonc_parse(b.data, b.len);
		CHECK_EQ_INT(rc == 0, levels <= 512);
		CHECK_EQ_INT(o != NULL, levels <= 512);
		json_object_put(o);
	}
	nf_buf_release(&b);
}

TEST(random_lines)
{
	stats st = {0};
	nf_buf b;
	nf_buf_init(&b);
	for (size_t i = 0; i < N_LINES; i++) {
		nf_buf_reset(&b);
		ws(&b);
		if (below(200) == 0)
			gen_deep(&b, 505 + below(16));
		else
			gen_object(&b, 0);
		ws(&b);
		if (below(10) >= 3)
			mutate(&b);
		CHECK(!b.oom);
		compare(b.data ? b.data : "", b.len, &st);
	}
	nf_buf_release(&b);
	size_t excluded = 0;
	for (int k = 1; k < N_CLASS; k++)
		excluded += st.excluded[k];
	printf("json diff: %zu lines: %zu accepted by both, %zu rejected by both, %zu strings "
	       "compared; excluded (json-c leniency):",
	       st.lines, st.accepted, st.rejected, st.strings_compared);
	for (int k = 1; k < N_CLASS; k++)
		printf(" %s %zu", class_name[k], st.excluded[k]);
	printf("; escaped-key aliases %zu; json-c surrogate bug %zu; mismatches %zu, value "
	       "mismatches %zu\n",
	       st.aliased, st.jsonc_bug, st.mismatches, st.value_mismatches);
	CHECK_EQ_INT(st.lines, N_LINES);
	CHECK_EQ_INT(st.mismatches, 0);
	CHECK_EQ_INT(st.value_mismatches, 0);
	/* both verdicts are well represented, and the exclusions stay a small share */
	CHECK(st.accepted >= N_LINES / 5);
	CHECK(st.rejected >= N_LINES / 5);
	CHECK(excluded <= N_LINES / 20);
	CHECK(st.strings_compared >= N_LINES / 4);
}

int main(void)
{
	const char *e = getenv("NF_TEST_SEED"); /* another seed, to explore */
	if (e)
		seed = strtoull(e, NULL, 0);
	printf("json diff: seed %#llx\n", (unsigned long long)seed);
	RUN(jsonc_leniencies_are_real);
	RUN(jsonc_depth_accounting);
	RUN(jsonc_surrogate_bug_is_real);
	RUN(known_answers);
	RUN(depth_limit);
	RUN(random_lines);
	return harness_report();
}
