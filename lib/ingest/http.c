/*
 * http.c - the HTTP responses inside WARC/ARC records: the status line and headers (RFC 9112;
 * lines may end in LF alone, as in ClueWeb09), the chunked transfer coding and the gzip,
 * deflate and br content codings (RFC 9110 section 8.4; br is RFC 7932, through libbrotli).
 *
 * Archives are not always what their headers say, so decoding is forgiving: a body that is not
 * chunked although the header says so is taken as it is (the crawler de-chunked it), a "gzip"
 * body without the gzip magic bytes is plain (ClueWeb09 stored decoded bodies), and a body
 * that breaks midway keeps what decoded before the break, flagged partial.
 */
#include "ingest.h"

#include <brotli/decode.h>
#include <ctype.h>
#include <zlib.h>

#define STEP ((size_t)64 << 10)

static bool name_is(const char *p, size_t n, const char *name)
{
	return n == strlen(name) && strncasecmp(p, name, n) == 0;
}

static nf_str trim(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	return (nf_str){p, n};
}

/* One header line: the headers the archive reader uses, first occurrence wins. */
static void header(nf_http *h, const char *p, size_t n)
{
	const char *colon = memchr(p, ':', n);
	if (!colon)
		return;
	nf_str k = trim(p, (size_t)(colon - p));
	nf_str v = trim(colon + 1, n - (size_t)(colon - p) - 1);
	nf_str *slot = NULL;
	if (name_is(k.ptr, k.len, "content-type"))
		slot = &h->content_type;
	else if (name_is(k.ptr, k.len, "content-language"))
		slot = &h->content_language;
	else if (name_is(k.ptr, k.len, "transfer-encoding"))
		slot = &h->transfer_encoding;
	else if (name_is(k.ptr, k.len, "content-encoding"))
		slot = &h->content_encoding;
	if (slot && !slot->ptr)
		*slot = v;
}

int nf_http_head(const char *p, size_t n, nf_http *h)
{
	memset(h, 0, sizeof(*h));
	if (n < 12 || memcmp(p, "HTTP/", 5) != 0)
		return NF_ECORRUPT;
	const char *sp = memchr(p, ' ', NF_MIN(n, 16));
	if (!sp || (size_t)(sp - p) + 4 > n)
		return NF_ECORRUPT;
	int status = 0;
	for (int i = 1; i <= 3; i++) {
		if (!isdigit((unsigned char)sp[i]))
			return NF_ECORRUPT;
		status = status * 10 + (sp[i] - '0');
	}
	const char *nl = memchr(p, '\n', n);
	size_t i = nl ? (size_t)(nl - p) + 1 : n;
	while (i < n) {
		const char *e = memchr(p + i, '\n', n - i);
		if (!e)
			return NF_ECORRUPT; /* the head does not end */
		size_t len = (size_t)(e - (p + i));
		if (len == 0 || (len == 1 && p[i] == '\r')) {
			h->status = status;
			h->body = i + len + 1;
			return 0;
		}
		header(h, p + i, len);
		i += len + 1;
	}
	return NF_ECORRUPT;
}

/* A chunk-size line at p[i..n): its size and the offset after the line, or false. */
static bool chunk_line(const char *p, size_t n, size_t i, uint64_t *size, size_t *next)
{
	uint64_t s = 0;
	size_t j = i;
	while (j < n && isxdigit((unsigned char)p[j]) && j - i < 15) {
		int c = (unsigned char)p[j];
		s = s * 16 + (uint64_t)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
		j++;
	}
	if (j == i)
		return false;
	const char *nl = memchr(p + j, '\n', NF_MIN(n - j, 1024));
	if (!nl)
		return false;
	const char *q = p + j; /* then spaces, and extensions after ';' */
	while (q < nl && (*q == ' ' || *q == '\t'))
		q++;
	if (q < nl && *q != ';' && *q != '\r')
		return false;
	*size = s;
	*next = (size_t)(nl - p) + 1;
	return true;
}

/* De-chunks p[0..n) into *out. Not chunked after all (no size line first): false. */
static bool dechunk(const char *p, size_t n, size_t cap, nf_buf *out, bool *partial, int *rc)
{
	uint64_t size;
	size_t i = 0, next;
	if (!chunk_line(p, n, 0, &size, &next))
		return false;
	for (;;) {
		if (size == 0)
			return true; /* (trailer fields ignored) */
		i = next;
		size_t take = (size_t)NF_MIN(size, (uint64_t)(n - i));
		if (out->len + take > cap) {
			*rc = NF_ETOOLONG;
			return true;
		}
		if (nf_buf_append(out, p + i, take)) {
			*rc = NF_ENOMEM;
			return true;
		}
		i += take;
		if (take < size) {
			*partial = true;
			return true;
		}
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
		if (i >= n || !chunk_line(p, n, i, &size, &next)) {
			*partial = true; /* no last chunk: cut short */
			return true;
		}
	}
}

/* zlib's inflate (windowBits: gzip, zlib or raw deflate) into *out. */
static int inflate_into(int bits, const char *p, size_t n, size_t cap, nf_buf *out, bool *partial)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, bits) != Z_OK)
		return NF_ENOMEM;
	size_t start = out->len;
	int rc = 0, zr = Z_OK;
	zs.next_in = (unsigned char *)(uintptr_t)p;
	zs.avail_in = (uInt)NF_MIN(n, (size_t)UINT32_MAX);
	while (zr == Z_OK) {
		if (out->len - start > cap) {
			rc = NF_ETOOLONG;
			break;
		}
		if (nf_buf_reserve(out, STEP)) {
			rc = NF_ENOMEM;
			break;
		}
		zs.next_out = (unsigned char *)out->data + out->len;
		zs.avail_out = (uInt)STEP;
		zr = inflate(&zs, Z_NO_FLUSH);
		out->len += STEP - zs.avail_out;
		if (zr == Z_STREAM_END && zs.avail_in >= 2 && zs.next_in[0] == 0x1f &&
		    zs.next_in[1] == 0x8b && bits > 15 && inflateReset(&zs) == Z_OK)
			zr = Z_OK; /* another gzip member */
	}
	inflateEnd(&zs);
	if (rc == 0 && out->len - start > cap)
		rc = NF_ETOOLONG;
	if (rc == 0 && zr != Z_STREAM_END) {
		if (out->len == start)
			rc = NF_ECORRUPT;
		*partial = true;
	}
	return rc;
}

static int brotli_into(const char *p, size_t n, size_t cap, nf_buf *out, bool *partial)
{
	BrotliDecoderState *s = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if (!s)
		return NF_ENOMEM;
	size_t start = out->len, avail_in = n;
	const uint8_t *in = (const uint8_t *)p;
	BrotliDecoderResult br = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
	int rc = 0;
	while (br == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
		if (out->len - start > cap) {
			rc = NF_ETOOLONG;
			break;
		}
		if (nf_buf_reserve(out, STEP)) {
			rc = NF_ENOMEM;
			break;
		}
		size_t avail_out = STEP;
		uint8_t *o = (uint8_t *)out->data + out->len;
		br = BrotliDecoderDecompressStream(s, &avail_in, &in, &avail_out, &o, NULL);
		out->len += STEP - avail_out;
	}
	BrotliDecoderDestroyInstance(s);
	if (rc == 0 && out->len - start > cap)
		rc = NF_ETOOLONG;
	if (rc == 0 && br != BROTLI_DECODER_RESULT_SUCCESS) {
		if (out->len == start)
			rc = NF_ECORRUPT;
		*partial = true;
	}
	return rc;
}

/* Whether a body that failed to decode from its first byte is markup stored as it is. */
static bool plain_markup(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && isspace((unsigned char)p[i]))
		i++;
	return i < n && p[i] == '<';
}

int nf_http_decode(const char *enc, size_t enc_len, const char *p, size_t n, size_t cap,
		   nf_buf *out, bool *partial, const char **why)
{
	nf_str e = trim(enc ? enc : "", enc ? enc_len : 0);
	size_t start = out->len;
	int rc;
	*why = NULL;
	if (e.len == 0 || name_is(e.ptr, e.len, "identity") || name_is(e.ptr, e.len, "none")) {
		if (n > cap)
			return NF_ETOOLONG;
		return nf_buf_append(out, p, n);
	}
	bool gz = n >= 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b;
	if (name_is(e.ptr, e.len, "gzip") || name_is(e.ptr, e.len, "x-gzip")) {
		if (!gz) /* said gzip, stored decoded (ClueWeb09) */
			return nf_http_decode(NULL, 0, p, n, cap, out, partial, why);
		rc = inflate_into(15 + 16, p, n, cap, out, partial);
	} else if (name_is(e.ptr, e.len, "deflate")) {
		bool zlib = n >= 2 && ((unsigned char)p[0] & 0x0f) == 8 &&
			    (((unsigned char)p[0] << 8) | (unsigned char)p[1]) % 31 == 0;
		rc = inflate_into(zlib ? 15 : -15, p, n, cap, out, partial);
	} else if (name_is(e.ptr, e.len, "br")) {
		rc = brotli_into(p, n, cap, out, partial);
	} else {
		*why = "an unsupported Content-Encoding";
		return NF_ECORRUPT;
	}
	if (rc == NF_ECORRUPT) {
		out->len = start;
		*partial = false;
		if (plain_markup(p, n)) /* said encoded, stored decoded */
			return nf_http_decode(NULL, 0, p, n, cap, out, partial, why);
		*why = "a body that does not decode as its Content-Encoding says";
	}
	return rc;
}

int nf_http_body(const nf_http *h, const char *p, size_t n, size_t cap, nf_buf *out, bool *partial,
		 const char **why)
{
	*partial = false;
	*why = NULL;
	const nf_str *te = &h->transfer_encoding;
	bool chunked = false;
	for (size_t i = 0; i + 7 <= te->len && !chunked; i++)
		chunked = strncasecmp(te->ptr + i, "chunked", 7) == 0;
	nf_buf plain;
	nf_buf_init(&plain);
	int rc = 0;
	bool cut = false;
	if (chunked && dechunk(p, n, cap, &plain, &cut, &rc)) {
		if (rc == 0)
			rc = nf_http_decode(h->content_encoding.ptr, h->content_encoding.len,
					    plain.data ? plain.data : "", plain.len, cap, out,
					    partial, why);
		*partial |= cut;
	} else {
		rc = nf_http_decode(h->content_encoding.ptr, h->content_encoding.len, p, n, cap,
				    out, partial, why);
	}
	nf_buf_release(&plain);
	return rc;
}
