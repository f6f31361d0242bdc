/*
 * fuzzcheck.h - checks shared by the fuzz targets. Only the public header and libc.
 *
 * Independent reference code (not a copy of lib/): a strict UTF-8 validator and the maximal-
 * subpart replacement rule (Unicode ch. 3), a byte-at-a-time RFC 8259 parser for one JSON
 * object per line that finds the wanted top-level members, a string decoder, and the invariants
 * of nf_clean() output. Every violated invariant prints what failed and calls abort(), so that
 * the fuzzer reports logic errors, not only crashes.
 *
 * Every function is static inline: each target uses a subset.
 */
#ifndef NF_FUZZCHECK_H
#define NF_FUZZCHECK_H

#include <newsfold.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FC_ASSERT(cond)                                                                            \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__,     \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define FC_OOM(rc)                                                                                 \
	do {                                                                                       \
		if ((rc) == NF_ENOMEM) {                                                           \
			fprintf(stderr, "%s:%d: out of memory\n", __FILE__, __LINE__);             \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static inline bool fc_eq(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* --- UTF-8 (RFC 3629) ----------------------------------------------------------------------- */

/* Length of the valid character at s[0..n) and *cp, or 0. */
static inline size_t fc_utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static inline bool fc_utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t k = fc_utf8_char(s + i, n - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/*
 * Bytes of the maximal ill-formed subpart at s[0..n) (s[0] does not start a valid character):
 * the longest prefix that is the start of some valid sequence, at least one byte.
 */
static inline size_t fc_utf8_bad_len(const unsigned char *s, size_t n)
{
	size_t best = 1;
	/* try every length: a prefix s[0..k) is "viable" when some completion would be valid */
	for (size_t k = 2; k <= 4 && k <= n; k++) {
		unsigned char t[4];
		memcpy(t, s, k);
		bool viable = false;
		/* complete with continuation bytes; try both ends of the range for the 2nd byte */
		for (unsigned fill = 0x80; fill <= 0xBF && !viable; fill += 0x3F) {
			unsigned char u[4];
			memcpy(u, t, k);
			for (size_t j = k; j < 4; j++)
				u[j] = (unsigned char)fill;
			for (size_t len = k; len <= 4 && !viable; len++) {
				uint32_t cp;
				if (fc_utf8_char(u, len, &cp) == len)
					viable = true;
			}
		}
		if (!viable)
			break;
		best = k;
	}
	return best;
}

/* Appends p[0..n) to out with every maximal ill-formed subpart replaced by U+FFFD. */
static inline void fc_utf8_sanitize(const char *p, size_t n, nf_buf *out)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = fc_utf8_char(s + i, n - i, &cp);
		if (k) {
			nf_buf_append(out, s + i, k);
			i += k;
		} else {
			nf_buf_append(out, "\xEF\xBF\xBD", 3);
			i += fc_utf8_bad_len(s + i, n - i);
		}
	}
	FC_ASSERT(!out->oom);
}

static inline void fc_utf8_put(nf_buf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6)),
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	nf_buf_append(b, u, n);
}

/* --- a reference JSON parser (RFC 8259), one object per line ----------------------------- */

enum { FC_J_NONE, FC_J_STRING, FC_J_NUMBER, FC_J_OTHER };

typedef struct fc_jfield {
	const char *key; /* wanted top-level key, matched only when written without escapes */
	int type;	 /* FC_J_*; the last member with that key wins */
	const char *raw; /* string body (between the quotes) or the value's text */
	size_t len;
} fc_jfield;

#define FC_JSON_MAX_DEPTH 512 /* the library's documented-in-code nesting limit */

typedef struct fc_jp {
	const unsigned char *p, *e;
	int depth;
	fc_jfield *f;
	size_t nf;
} fc_jp;

static inline void fc_jws(fc_jp *j)
{
	while (j->p < j->e && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static inline int fc_hex(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

static inline bool fc_jstring(fc_jp *j, const char **body, size_t *len, bool *esc)
{
	j->p++; /* the quote */
	const unsigned char *b = j->p;
	*esc = false;
	while (j->p < j->e) {
		unsigned c = *j->p;
		if (c == '"') {
			*body = (const char *)b;
			*len = (size_t)(j->p - b);
			j->p++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			j->p++;
			continue;
		}
		*esc = true;
		if (j->e - j->p < 2)
			return false;
		switch (j->p[1]) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			j->p += 2;
			break;
		case 'u':
			if (j->e - j->p < 6)
				return false;
			for (int k = 2; k < 6; k++)
				if (fc_hex(j->p[k]) < 0)
					return false;
			j->p += 6;
			break;
		default:
			return false;
		}
	}
	return false;
}

static inline bool fc_jdigits(fc_jp *j)
{
	const unsigned char *s = j->p;
	while (j->p < j->e && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static inline bool fc_jnumber(fc_jp *j)
{
	if (*j->p == '-')
		j->p++;
	if (j->p >= j->e)
		return false;
	if (*j->p == '0')
		j->p++;
	else if (!(*j->p >= '1' && *j->p <= '9') || !fc_jdigits(j))
		return false;
	if (j->p < j->e && *j->p == '.') {
		j->p++;
		if (!fc_jdigits(j))
			return false;
	}
	if (j->p < j->e && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->e && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!fc_jdigits(j))
			return false;
	}
	return true;
}

static inline bool fc_jvalue(fc_jp *j, int *type, const char **raw, size_t *len);

static inline bool fc_jcontainer(fc_jp *j, bool object)
{
	if (++j->depth > FC_JSON_MAX_DEPTH)
		return false;
	bool top = j->depth == 1;
	j->p++;
	fc_jws(j);
	char close = object ? '}' : ']';
	if (j->p < j->e && *j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		const char *k = NULL;
		size_t kl = 0;
		bool kesc = false;
		fc_jws(j);
		if (object) {
			if (j->p >= j->e || *j->p != '"' || !fc_jstring(j, &k, &kl, &kesc))
				return false;
			fc_jws(j);
			if (j->p >= j->e || *j->p != ':')
				return false;
			j->p++;
			fc_jws(j);
		}
		int t;
		const char *raw;
		size_t len;
		if (!fc_jvalue(j, &t, &raw, &len))
			return false;
		for (size_t i = 0; object && top && !kesc && i < j->nf; i++) {
			if (j->f[i].key && strlen(j->f[i].key) == kl &&
			    memcmp(j->f[i].key, k, kl) == 0) {
				j->f[i].type = t;
				j->f[i].raw = raw;
				j->f[i].len = len;
			}
		}
		fc_jws(j);
		if (j->p < j->e && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->e && *j->p == close) {
			j->p++;
			j->depth--;
			return true;
		}
		return false;
	}
}

static inline bool fc_jlit(fc_jp *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->e - j->p) < n || memcmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

static inline bool fc_jvalue(fc_jp *j, int *type, const char **raw, size_t *len)
{
	const unsigned char *s = j->p;
	bool ok, esc;
	*type = FC_J_OTHER;
	if (j->p >= j->e)
		return false;
	switch (*j->p) {
	case '"':
		*type = FC_J_STRING;
		return fc_jstring(j, raw, len, &esc);
	case '{':
		ok = fc_jcontainer(j, true);
		break;
	case '[':
		ok = fc_jcontainer(j, false);
		break;
	case 't':
		ok = fc_jlit(j, "true");
		break;
	case 'f':
		ok = fc_jlit(j, "false");
		break;
	case 'n':
		ok = fc_jlit(j, "null");
		break;
	default:
		if (*j->p != '-' && !(*j->p >= '0' && *j->p <= '9'))
			return false;
		*type = FC_J_NUMBER;
		ok = fc_jnumber(j);
	}
	*raw = (const char *)s;
	*len = (size_t)(j->p - s);
	return ok;
}

/* Is p[0..n) exactly one JSON object (with RFC white space around)? Fills the wanted fields. */
static inline bool fc_json_object(const char *p, size_t n, fc_jfield *f, size_t nf)
{
	fc_jp j = {(const unsigned char *)p, (const unsigned char *)p + n, 0, f, nf};
	for (size_t i = 0; i < nf; i++)
		f[i].type = FC_J_NONE, f[i].raw = NULL, f[i].len = 0;
	fc_jws(&j);
	if (j.p >= j.e || *j.p != '{' || !fc_jcontainer(&j, true))
		return false;
	fc_jws(&j);
	return j.p == j.e;
}

/* Decodes a validated string body. Lone surrogates become U+FFFD. */
static inline void fc_json_decode(const char *p, size_t n, nf_buf *out)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < n) {
		if (s[i] != '\\') {
			nf_buf_append(out, s + i, 1);
			i++;
			continue;
		}
		unsigned char e = s[i + 1];
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *k = e == 'u' ? NULL : strchr(from, e);
		if (k) {
			nf_buf_append(out, &to[k - from], 1);
			i += 2;
			continue;
		}
		uint32_t cp = 0;
		for (int q = 2; q < 6; q++)
			cp = cp * 16 + (uint32_t)fc_hex(s[i + (size_t)q]);
		i += 6;
		if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u') {
			uint32_t lo = 0;
			for (int q = 2; q < 6; q++)
				lo = lo * 16 + (uint32_t)fc_hex(s[i + (size_t)q]);
			if (lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
		}
		if (cp >= 0xD800 && cp < 0xE000)
			cp = 0xFFFD;
		fc_utf8_put(out, cp);
	}
	FC_ASSERT(!out->oom);
}

/* A field's string value, decoded into scratch. */
static inline nf_str fc_field_string(const fc_jfield *f, nf_buf *scratch)
{
	nf_buf_reset(scratch);
	fc_json_decode(f->raw, f->len, scratch);
	return (nf_str){scratch->data ? scratch->data : "", scratch->len};
}

/* --- writer output ------------------------------------------------------------------------- */

/* One JSON line written by the library: valid UTF-8, no raw control bytes, one object, "}\n". */
static inline void fc_check_json_line(const char *p, size_t n, fc_jfield *f, size_t nf)
{
	FC_ASSERT(n >= 3 && p[0] == '{' && p[n - 2] == '}' && p[n - 1] == '\n');
	for (size_t i = 0; i + 1 < n; i++)
		FC_ASSERT((unsigned char)p[i] >= 0x20);
	FC_ASSERT(fc_utf8_valid(p, n));
	FC_ASSERT(fc_json_object(p, n - 1, f, nf));
}

/* nf_json_string(s): a valid JSON string that decodes to s with bad UTF-8 as U+FFFD. */
static inline void fc_check_json_string(const char *s, size_t n)
{
	nf_buf b, want, got;
	nf_buf_init(&b);
	nf_buf_init(&want);
	nf_buf_init(&got);
	FC_OOM(nf_buf_append(&b, "{\"k\":", 5));
	FC_OOM(nf_json_string(&b, s, n));
	FC_OOM(nf_buf_append(&b, "}\n", 2));
	fc_jfield f = {"k", 0, NULL, 0};
	fc_check_json_line(b.data, b.len, &f, 1);
	FC_ASSERT(f.type == FC_J_STRING);
	fc_json_decode(f.raw, f.len, &got);
	fc_utf8_sanitize(s, n, &want);
	FC_ASSERT(fc_eq(got.data, got.len, want.data, want.len));
	nf_buf_release(&b);
	nf_buf_release(&want);
	nf_buf_release(&got);
}

/* --- the input as a file ------------------------------------------------------------------- */

/*
 * One file per process, rewritten for every input: a memfd named through /proc/self/fd (no disk
 * traffic), or a temporary file when memfd is not available. Returns its path.
 */
static inline const char *fc_file_put(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("nf-fuzz", MFD_CLOEXEC);
		if (fd >= 0) {
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			if (access(path, R_OK) != 0) {
				close(fd);
				fd = -1;
			}
		}
		if (fd < 0) {
			snprintf(path, sizeof(path), "/tmp/nf-fuzz-XXXXXX");
			fd = mkstemp(path);
		}
		FC_ASSERT(fd >= 0);
	}
	FC_ASSERT(ftruncate(fd, 0) == 0);
	size_t done = 0;
	while (done < size) {
		ssize_t k = pwrite(fd, data + done, size - done, (off_t)done);
		FC_ASSERT(k > 0);
		done += (size_t)k;
	}
	return path;
}

/* File id as the library derives it: base name without .gz/.zst and one more extension. */
static inline nf_str fc_file_id(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 3 && memcmp(b + n - 3, ".gz", 3) == 0)
		n -= 3;
	else if (n > 4 && memcmp(b + n - 4, ".zst", 4) == 0)
		n -= 4;
	for (size_t i = n; i > 1; i--) {
		if (b[i - 1] == '.') {
			n = i - 1;
			break;
		}
	}
	return (nf_str){b, n};
}

static inline bool fc_compressed(const uint8_t *d, size_t n)
{
	return (n >= 2 && d[0] == 0x1f && d[1] == 0x8b) ||
	       (n >= 4 && d[0] == 0x28 && d[1] == 0xb5 && d[2] == 0x2f && d[3] == 0xfd);
}

/* Checks a reject (from the reader or the parser). */
static inline void fc_check_error(const nf_error *err, int rc)
{
	FC_ASSERT(rc < 0 && rc != NF_ENOMEM);
	FC_ASSERT(err->code == rc);
	FC_ASSERT(strcmp(nf_strerror(rc), "unknown error") != 0);
	FC_ASSERT(strcmp(nf_errname(rc), "NF_E?") != 0);
	FC_ASSERT(strcmp(nf_errreason(rc), "unknown") != 0);
	FC_ASSERT(err->file != NULL);
	size_t ml = strnlen(err->message, sizeof(err->message));
	FC_ASSERT(ml > 0 && ml < sizeof(err->message));
	FC_ASSERT(memchr(err->message, '\n', ml) == NULL);
	/* the reject record is valid JSON naming the same code */
	nf_buf b;
	nf_buf_init(&b);
	nf_str id = {"x\xff", 2};
	FC_OOM(nf_write_reject_json(&b, err, &id));
	fc_jfield f[2] = {{"code", 0, NULL, 0}, {"message", 0, NULL, 0}};
	fc_check_json_line(b.data, b.len, f, 2);
	FC_ASSERT(f[0].type == FC_J_STRING &&
		  fc_eq(f[0].raw, f[0].len, nf_errname(rc), strlen(nf_errname(rc))));
	FC_ASSERT(f[1].type == FC_J_STRING);
	nf_buf_release(&b);
}

/* --- the invariants of nf_clean() ---------------------------------------------------------- */

static inline bool fc_is_control_char(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\v' && cp != '\f') ||
	       cp == 0x7F || (cp >= 0x80 && cp <= 0x9F && cp != 0x85);
}

/* Spans in increasing order, each non-empty and inside [0, n). */
static inline void fc_check_spans(const nf_span *s, size_t k, size_t n)
{
	for (size_t i = 0; i < k; i++) {
		FC_ASSERT(s[i].start < s[i].end && s[i].end <= n);
		if (i)
			FC_ASSERT(s[i - 1].end <= s[i].start);
	}
}

/* Is [a, b) inside one of the sorted spans? */
static inline bool fc_inside(const nf_span *s, size_t k, uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = k; /* first span with end > a */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k && s[lo].start <= a && b <= s[lo].end;
}

static inline void fc_add_mark(nf_mark *m, size_t *k, uint32_t s, uint32_t e, int kind)
{
	if (*k && m[*k - 1].kind == kind && m[*k - 1].end == s) {
		m[*k - 1].end = e;
		return;
	}
	m[(*k)++] = (nf_mark){s, e, kind};
}

/*
 * Repairs: mojibake spans are valid UTF-8 in the input; outside them, the invalid-UTF-8 and
 * control-character repairs are exactly what an independent scan of the input finds.
 */
static inline void fc_check_repairs(const char *in, size_t n, const nf_cleaned *c)
{
	const unsigned char *s = (const unsigned char *)in;
	nf_mark *want = malloc((n + 1) * sizeof(*want));
	FC_ASSERT(want);
	size_t k = 0, r = 0, i = 0;
	for (size_t j = 0; j < c->n_repairs; j++) {
		const nf_mark *m = &c->repairs[j];
		FC_ASSERT(m->start < m->end && m->end <= n);
		FC_ASSERT(m->kind >= NF_REPAIR_MOJIBAKE && m->kind <= NF_REPAIR_CONTROL);
		FC_ASSERT(strcmp(nf_repair_name(m->kind), "unknown") != 0);
		if (j)
			FC_ASSERT(c->repairs[j - 1].end <= m->start);
		if (m->kind == NF_REPAIR_MOJIBAKE)
			FC_ASSERT(fc_utf8_valid(in + m->start, m->end - m->start));
	}
	while (i < n) {
		while (r < c->n_repairs && c->repairs[r].kind != NF_REPAIR_MOJIBAKE)
			r++;
		if (r < c->n_repairs && c->repairs[r].start == i) {
			fc_add_mark(want, &k, (uint32_t)i, c->repairs[r].end, NF_REPAIR_MOJIBAKE);
			i = c->repairs[r].end;
			r++;
			continue;
		}
		FC_ASSERT(r >= c->n_repairs || c->repairs[r].start > i);
		uint32_t cp;
		size_t l = fc_utf8_char(s + i, n - i, &cp);
		if (!l) {
			l = fc_utf8_bad_len(s + i, n - i);
			fc_add_mark(want, &k, (uint32_t)i, (uint32_t)(i + l), NF_REPAIR_UTF8);
		} else if (fc_is_control_char(cp)) {
			fc_add_mark(want, &k, (uint32_t)i, (uint32_t)(i + l), NF_REPAIR_CONTROL);
		}
		i += l;
	}
	FC_ASSERT(k == c->n_repairs);
	for (size_t j = 0; j < k; j++)
		FC_ASSERT(want[j].start == c->repairs[j].start &&
			  want[j].end == c->repairs[j].end && want[j].kind == c->repairs[j].kind);
	free(want);
}

/* The presentation text: paragraphs joined by one blank line, one space between words. */
static inline void fc_check_text(const nf_cleaned *c)
{
	const char *t = c->text;
	size_t n = c->text_len;
	FC_ASSERT(t != NULL);
	FC_ASSERT(fc_utf8_valid(t, n));
	size_t i = 0, breaks = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = fc_utf8_char((const unsigned char *)t + i, n - i, &cp);
		FC_ASSERT(l);
		/* no control character but '\n'; spaces and line separators unified */
		FC_ASSERT(cp >= 0x20 || cp == '\n');
		FC_ASSERT(cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F));
		FC_ASSERT(cp != 0xA0 && cp != 0x1680 && !(cp >= 0x2000 && cp <= 0x200A) &&
			  cp != 0x2028 && cp != 0x2029 && cp != 0x202F && cp != 0x205F &&
			  cp != 0x3000);
		if (cp == ' ') {
			FC_ASSERT(i > 0 && i + 1 < n && t[i - 1] != ' ' && t[i - 1] != '\n' &&
				  t[i + 1] != ' ' && t[i + 1] != '\n');
		} else if (cp == '\n') {
			FC_ASSERT(i > 0 && i + 2 < n && t[i - 1] != '\n' && t[i - 1] != ' ' &&
				  t[i + 1] == '\n' && t[i + 2] != '\n' && t[i + 2] != ' ');
			breaks++;
			l = 2;
		}
		i += l;
	}
	FC_ASSERT(n == 0 ? c->n_paragraphs == 0 : breaks + 1 == c->n_paragraphs);
}

/* Everything about one nf_clean() result for input in[0..n). */
static inline void fc_check_cleaned(const char *in, size_t n, const nf_cleaned *c)
{
	fc_check_text(c);
	fc_check_spans(c->paragraphs, c->n_paragraphs, n);
	fc_check_spans(c->sentences, c->n_sentences, n);
	for (size_t i = 0; i < c->n_sentences; i++)
		FC_ASSERT(fc_inside(c->paragraphs, c->n_paragraphs, c->sentences[i].start,
				    c->sentences[i].end));
	/* boilerplate: sorted by start, known reasons */
	for (size_t i = 0; i < c->n_boiler; i++) {
		const nf_mark *m = &c->boiler[i];
		FC_ASSERT(m->start < m->end && m->end <= n);
		FC_ASSERT(m->kind > NF_BOILER_NONE && m->kind <= NF_BOILER_REPEATED);
		FC_ASSERT(strcmp(nf_boiler_name(m->kind), "unknown") != 0);
		if (i)
			FC_ASSERT(c->boiler[i - 1].start <= m->start);
	}
	fc_check_repairs(in, n, c);
	/* tokens */
	size_t content = 0, sent_first = 0;
	for (size_t i = 0; i < c->n_tokens; i++) {
		const nf_token *t = &c->tokens[i];
		FC_ASSERT(t->start < t->end && t->end <= n);
		if (i)
			FC_ASSERT(c->tokens[i - 1].end <= t->start);
		FC_ASSERT((t->flags & ~(uint32_t)0x1F) == 0);
		FC_ASSERT((size_t)t->norm + t->norm_len <= c->norm_len);
		FC_ASSERT(t->norm_len > 0);
		FC_ASSERT(fc_utf8_valid(c->norm + t->norm, t->norm_len));
		FC_ASSERT(fc_inside(c->paragraphs, c->n_paragraphs, t->start, t->end));
		FC_ASSERT(fc_inside(c->sentences, c->n_sentences, t->start, t->end));
		/* a normalized form has no white space or controls */
		for (uint32_t k = 0; k < t->norm_len; k++) {
			unsigned char ch = (unsigned char)c->norm[t->norm + k];
			FC_ASSERT(ch > 0x20 && ch != 0x7F);
		}
		/* printable-ASCII tokens normalize to their lower-case bytes */
		bool ascii = true;
		for (uint32_t k = t->start; k < t->end; k++)
			if ((unsigned char)in[k] < 0x21 || (unsigned char)in[k] > 0x7E)
				ascii = false;
		if (ascii) {
			FC_ASSERT(t->norm_len == t->end - t->start);
			for (uint32_t k = 0; k < t->norm_len; k++) {
				char o = in[t->start + k];
				if (o >= 'A' && o <= 'Z')
					o = (char)(o + 32);
				FC_ASSERT(c->norm[t->norm + k] == o);
			}
		}
		/* the boilerplate flag: the token starts inside some boilerplate span */
		bool in_boiler = false;
		for (size_t j = 0; j < c->n_boiler && c->boiler[j].start <= t->start; j++)
			if (c->boiler[j].end > t->start)
				in_boiler = true;
		FC_ASSERT(in_boiler == ((t->flags & NF_TOK_BOILER) != 0));
		if (!in_boiler)
			content++;
		if (t->flags & NF_TOK_SENT)
			sent_first++;
	}
	FC_ASSERT(content == c->n_content_tokens);
	FC_ASSERT(sent_first <= c->n_sentences);
}

/*
 * nf_write_clean_json(doc, c): one valid JSON line whose "text" decodes to the cleaned text and
 * whose "id" is the doc's id.
 */
static inline void fc_check_clean_json(const nf_doc *doc, const nf_cleaned *c, unsigned flags)
{
	nf_buf b, dec;
	nf_buf_init(&b);
	nf_buf_init(&dec);
	FC_OOM(nf_write_clean_json(&b, doc, c, flags));
	fc_jfield f[3] = {{"text", 0, NULL, 0}, {"id", 0, NULL, 0}, {"tokens", 0, NULL, 0}};
	fc_check_json_line(b.data, b.len, f, 3);
	FC_ASSERT(f[0].type == FC_J_STRING);
	fc_json_decode(f[0].raw, f[0].len, &dec);
	FC_ASSERT(fc_eq(dec.data, dec.len, c->text, c->text_len));
	if (doc->id_is_number) {
		FC_ASSERT(f[1].type == FC_J_NUMBER &&
			  fc_eq(f[1].raw, f[1].len, doc->id.ptr, doc->id.len));
	} else {
		FC_ASSERT(f[1].type == FC_J_STRING);
		nf_buf_reset(&dec);
		fc_json_decode(f[1].raw, f[1].len, &dec);
		nf_buf want;
		nf_buf_init(&want);
		fc_utf8_sanitize(doc->id.ptr, doc->id.len, &want);
		FC_ASSERT(fc_eq(dec.data, dec.len, want.data, want.len));
		nf_buf_release(&want);
	}
	FC_ASSERT(f[2].type == FC_J_NUMBER);
	nf_buf_release(&b);
	nf_buf_release(&dec);
}

/* A copy of the token forms of a result, to compare runs. */
static inline void fc_forms(const nf_cleaned *c, nf_buf *out)
{
	nf_buf_reset(out);
	for (size_t i = 0; i < c->n_tokens; i++) {
		nf_buf_append(out, c->norm + c->tokens[i].norm, c->tokens[i].norm_len);
		nf_buf_append(out, "\0", 1);
	}
	FC_ASSERT(!out->oom);
}

static inline size_t fc_count_repairs(const nf_cleaned *c, int kind)
{
	size_t k = 0;
	for (size_t i = 0; i < c->n_repairs; i++)
		k += c->repairs[i].kind == kind;
	return k;
}

/*
 * Cleans the cleaned text again with `again` (another cleaner): the same text and the same token
 * forms. Mojibake repair undoes one layer per pass, so a second pass that still finds mojibake
 * (double-encoded input, or a sequence that the first pass saw split by removed characters) is
 * not held to this.
 */
static inline void fc_check_idempotent(nf_cleaner *again, const nf_cleaned *c)
{
	nf_buf text, forms, forms2;
	nf_buf_init(&text);
	nf_buf_init(&forms);
	nf_buf_init(&forms2);
	FC_OOM(nf_buf_append(&text, c->text, c->text_len));
	fc_forms(c, &forms);
	size_t sents = c->n_sentences, paras = c->n_paragraphs;
	nf_cleaned d;
	int rc = nf_clean(again, text.data ? text.data : "", text.len, &d);
	FC_OOM(rc);
	FC_ASSERT(rc == 0);
	fc_check_cleaned(text.data ? text.data : "", text.len, &d);
	FC_ASSERT(fc_count_repairs(&d, NF_REPAIR_UTF8) == 0);
	FC_ASSERT(fc_count_repairs(&d, NF_REPAIR_CONTROL) == 0);
	if (fc_count_repairs(&d, NF_REPAIR_MOJIBAKE) == 0) {
		FC_ASSERT(d.n_repairs == 0);
		FC_ASSERT(fc_eq(d.text, d.text_len, text.data, text.len));
		fc_forms(&d, &forms2);
		FC_ASSERT(fc_eq(forms.data, forms.len, forms2.data, forms2.len));
		FC_ASSERT(d.n_paragraphs == paras);
		FC_ASSERT(d.n_sentences == sents);
	}
	nf_buf_release(&text);
	nf_buf_release(&forms);
	nf_buf_release(&forms2);
}

/* Normalizing a normalized form again changes nothing. */
static inline void fc_check_norm_stable(const nf_cleaned *c)
{
	nf_buf b;
	nf_buf_init(&b);
	for (size_t i = 0; i < c->n_tokens; i++) {
		const char *w = c->norm + c->tokens[i].norm;
		size_t wl = c->tokens[i].norm_len;
		nf_buf_reset(&b);
		FC_OOM(nf_normalize_word(w, wl, &b));
		FC_ASSERT(fc_eq(b.data, b.len, w, wl));
	}
	nf_buf_release(&b);
}

#endif
