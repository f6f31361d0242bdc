/*
 * json.c - a validating scanner for one JSON object per line (RFC 8259).
 *
 * It does not build a tree: it checks the grammar of the whole line and remembers where the
 * values of a few wanted top-level keys are, so that string values without escapes are used in
 * place (no copy) and numbers keep their exact text. Strings are scanned eight bytes at a time.
 * json-c is the reference the tests and fuzz targets compare this scanner against.
 */
#include "ingest.h"

#define MAX_DEPTH 512

typedef struct scan {
	const char *p, *end, *start;
	const char *err;
	const char *errp;
	int depth;
} scan;

static bool fail(scan *s, const char *msg)
{
	if (!s->err) {
		s->err = msg;
		s->errp = s->p;
	}
	return false;
}

static void skip_ws(scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static inline uint64_t load64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

#define ONES	      0x0101010101010101ull
#define HIGHS	      0x8080808080808080ull
#define HASZERO(v)    (((v)-ONES) & ~(v)&HIGHS)
#define HASLESS(v, n) (((v)-ONES * (n)) & ~(v)&HIGHS)

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* At the opening quote. Leaves s->p after the closing quote. */
static bool scan_string(scan *s, const char **body, size_t *len, bool *escaped)
{
	const char *p = ++s->p;
	bool esc = false;
	for (;;) {
		while (s->end - p >= 8) {
			uint64_t v = load64(p);
			if (HASZERO(v ^ (ONES * '"')) | HASZERO(v ^ (ONES * '\\')) |
			    HASLESS(v, 0x20))
				break;
			p += 8;
		}
		if (p >= s->end) {
			s->p = p;
			return fail(s, "unterminated string");
		}
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			break;
		if (c < 0x20) {
			s->p = p;
			return fail(s, "control character in string");
		}
		if (c == '\\') {
			esc = true;
			if (s->end - p < 2) {
				s->p = p;
				return fail(s, "unterminated string");
			}
			char e = p[1];
			if (e == 'u') {
				if (s->end - p < 6 || hexval(p[2]) < 0 || hexval(p[3]) < 0 ||
				    hexval(p[4]) < 0 || hexval(p[5]) < 0) {
					s->p = p;
					return fail(s, "bad \\u escape");
				}
				p += 6;
				continue;
			}
			if (!strchr("\"\\/bfnrt", e) || e == '\0') {
				s->p = p;
				return fail(s, "bad escape in string");
			}
			p += 2;
			continue;
		}
		p++;
	}
	if (body) {
		*body = s->p;
		*len = (size_t)(p - s->p);
		*escaped = esc;
	}
	s->p = p + 1;
	return true;
}

static bool scan_number(scan *s)
{
	const char *p = s->p;
	if (p < s->end && *p == '-')
		p++;
	if (p >= s->end)
		return fail(s, "bad number");
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	} else {
		s->p = p;
		return fail(s, "bad number");
	}
	if (p < s->end && *p == '.') {
		p++;
		if (p >= s->end || *p < '0' || *p > '9') {
			s->p = p;
			return fail(s, "bad number");
		}
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < s->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= s->end || *p < '0' || *p > '9') {
			s->p = p;
			return fail(s, "bad number");
		}
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	return true;
}

static bool scan_value(scan *s, nf_jval *out);

static bool scan_object(scan *s, const char *const *keys, size_t nkeys, nf_jval *vals)
{
	if (++s->depth > MAX_DEPTH)
		return fail(s, "nesting too deep");
	s->p++; /* '{' */
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		s->depth--;
		return true;
	}
	for (;;) {
		skip_ws(s);
		if (s->p >= s->end || *s->p != '"')
			return fail(s, "expected a string key");
		const char *k;
		size_t kl;
		bool kesc;
		if (!scan_string(s, &k, &kl, &kesc))
			return false;
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':')
			return fail(s, "expected ':'");
		s->p++;
		skip_ws(s);
		nf_jval v = {0};
		if (!scan_value(s, &v))
			return false;
		/* keys with escapes never match: field names are plain ASCII */
		for (size_t i = 0; i < nkeys && !kesc; i++)
			if (keys[i] && strlen(keys[i]) == kl && memcmp(keys[i], k, kl) == 0)
				vals[i] = v;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			s->depth--;
			return true;
		}
		return fail(s, "expected ',' or '}'");
	}
}

static bool scan_array(scan *s)
{
	if (++s->depth > MAX_DEPTH)
		return fail(s, "nesting too deep");
	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		s->depth--;
		return true;
	}
	for (;;) {
		skip_ws(s);
		nf_jval v;
		if (!scan_value(s, &v))
			return false;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			s->depth--;
			return true;
		}
		return fail(s, "expected ',' or ']'");
	}
}

static bool literal(scan *s, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return fail(s, "unexpected character");
	s->p += n;
	return true;
}

static bool scan_value(scan *s, nf_jval *out)
{
	const char *start = s->p;
	out->type = NF_J_OTHER;
	out->escaped = false;
	if (s->p >= s->end)
		return fail(s, "unexpected end of line");
	switch (*s->p) {
	case '"':
		out->type = NF_J_STRING;
		return scan_string(s, &out->raw, &out->len, &out->escaped);
	case '{':
		if (!scan_object(s, NULL, 0, NULL))
			return false;
		break;
	case '[':
		if (!scan_array(s))
			return false;
		break;
	case 't':
		if (!literal(s, "true"))
			return false;
		break;
	case 'f':
		if (!literal(s, "false"))
			return false;
		break;
	case 'n':
		if (!literal(s, "null"))
			return false;
		break;
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
			if (!scan_number(s))
				return false;
			out->type = NF_J_NUMBER;
			break;
		}
		return fail(s, "unexpected character");
	}
	out->raw = start;
	out->len = (size_t)(s->p - start);
	return true;
}

int nf_json_scan(const char *p, size_t n, const char *const *keys, size_t nkeys, nf_jval *vals,
		 size_t *errpos, const char **errmsg)
{
	scan s = {p, p + n, p, NULL, NULL, 0};
	for (size_t i = 0; i < nkeys; i++)
		vals[i] = (nf_jval){0};
	skip_ws(&s);
	if (s.p >= s.end || *s.p != '{') {
		fail(&s, s.p >= s.end ? "empty line" : "a record must be a JSON object");
	} else if (scan_object(&s, keys, nkeys, vals)) {
		skip_ws(&s);
		if (s.p != s.end)
			fail(&s, "text after the object");
	}
	if (s.err) {
		*errpos = (size_t)(s.errp - p);
		*errmsg = s.err;
		return NF_EJSON;
	}
	return 0;
}

int nf_json_unescape(const char *s, size_t n, nf_buf *out)
{
	size_t i = 0;
	while (i < n) {
		const char *bs = memchr(s + i, '\\', n - i);
		size_t k = bs ? (size_t)(bs - (s + i)) : n - i;
		if (nf_buf_append(out, s + i, k))
			return NF_ENOMEM;
		i += k;
		if (i >= n)
			break;
		char e = s[i + 1], c;
		switch (e) {
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u': {
			uint32_t cp = 0;
			for (int j = 0; j < 4; j++)
				cp = cp * 16 + (uint32_t)hexval(s[i + 2 + j]);
			i += 6;
			if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && s[i] == '\\' &&
			    s[i + 1] == 'u') {
				uint32_t lo = 0;
				for (int j = 0; j < 4; j++)
					lo = lo * 16 + (uint32_t)hexval(s[i + 2 + j]);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				}
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;
			char u[4];
			if (nf_buf_append(out, u, (size_t)nf_utf8_encode(cp, u)))
				return NF_ENOMEM;
			continue;
		}
		default:
			c = e; /* " \ / */
		}
		if (nf_buf_append(out, &c, 1))
			return NF_ENOMEM;
		i += 2;
	}
	return 0;
}

bool nf_json_key(const nf_jval *v, nf_buf *tmp, const char **s, size_t *n)
{
	if (v->type == NF_J_NUMBER) {
		for (size_t i = v->raw[0] == '-'; i < v->len; i++)
			if (v->raw[i] < '0' || v->raw[i] > '9')
				return false; /* integers only */
		*s = v->raw;
		*n = v->len;
		return v->len > 0;
	}
	if (v->type != NF_J_STRING)
		return false;
	if (!v->escaped) {
		*s = v->raw;
		*n = v->len;
		return true;
	}
	size_t at = tmp->len;
	if (nf_json_unescape(v->raw, v->len, tmp) || tmp->oom)
		return false;
	*s = tmp->data + at;
	*n = tmp->len - at;
	return true;
}
