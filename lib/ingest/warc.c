/*
 * warc.c - WARC (ISO 28500, versions 0.18 to 1.1) and ARC v1 archives split into records: each
 * HTML response with HTTP status 200 becomes one NF_FORMAT_WARC record, whose data is a blob
 * built here (nf_warc_blob splits it again):
 *
 *     WARC-Target-URI: <uri>\n         (lines with an empty value are left out)
 *     WARC-Date: <date as in the archive>\n
 *     WARC-Record-ID: <id>\n
 *     WARC-Payload-Digest: <digest>\n
 *     WARC-Truncated: <reason>\n       (only when truncated: the archive's reason, or "decode")
 *     Content-Type: <HTTP Content-Type>\n
 *     Content-Language: <HTTP Content-Language>\n
 *     \n
 *     <the HTTP body: de-chunked, decompressed>
 *
 * Every other record (warcinfo, request, metadata, revisit, not HTML, not 200) is counted in
 * nf_reader_stats.archive_skipped, not rejected. A record is whole when its header, its block of
 * Content-Length bytes and the CR/LF bytes after it are there, followed by the next record or by
 * the end of clean data; a record cut short (the data ends, or compressed data is damaged
 * within or right after it) is a reject, never a page. Stray bytes where a record should end or
 * start are a reject too, after which the splitter resyncs to the next line starting "WARC/".
 * Blocks of records that are not responses are skipped in steps, whatever their size; a
 * response over the record cap is skipped the same way and rejected (NF_ETOOLONG).
 *
 * A page whose body breaks while decoding keeps what decoded and is flagged
 * "WARC-Truncated: decode"; a body of which nothing decodes is a reject.
 */
#include "ingest.h"

#include <ctype.h>
#include <stdarg.h>
#include <zstd.h>

#define HEAD_MAX  ((size_t)256 << 10) /* a WARC header or ARC header line */
#define SKIP_STEP ((size_t)1 << 20)

enum { SKIPPED = 2 }; /* a whole record that is not a page (besides 1, 0 and rejects) */

struct nf_archive {
	const char *path;
	size_t cap;
	nf_reader_stats *st;
	bool started, arc, done;
	uint64_t nrec; /* archive records begun */
	nf_buf blob, body;
};

/* A header field of the record in the window: offset from the record start, length. */
typedef struct field {
	size_t off, len;
} field;

enum { F_TYPE, F_URI, F_DATE, F_ID, F_DIGEST, F_TRUNC, F_LENGTH, F_COUNT };
static const char *const field_names[F_COUNT] = {
    "WARC-Type",	   "WARC-Target-URI", "WARC-Date",     "WARC-Record-ID",
    "WARC-Payload-Digest", "WARC-Truncated",  "Content-Length"};

/* What the record being read is, for messages and the blob. */
typedef struct rinfo {
	uint64_t num, start, offset; /* number, decompressed start, reported offset */
	field f[F_COUNT];
	size_t head;	/* header bytes (WARC header, or ARC header line) */
	uint64_t len;	/* block bytes */
	bool response;	/* a response (ARC: a record after the filedesc) */
	char what[160]; /* "response http://..." for messages */
} rinfo;

nf_archive *nf_archive_new(void)
{
	nf_archive *a = calloc(1, sizeof(*a));
	if (a) {
		nf_buf_init(&a->blob);
		nf_buf_init(&a->body);
	}
	return a;
}

void nf_archive_free(nf_archive *a)
{
	if (!a)
		return;
	nf_buf_release(&a->blob);
	nf_buf_release(&a->body);
	free(a);
}

bool nf_archive_sniff(const char *p, size_t n)
{
	return (n >= 5 && memcmp(p, "WARC/", 5) == 0) ||
	       (n >= 11 && memcmp(p, "filedesc://", 11) == 0);
}

bool nf_archive_name(const char *path)
{
	size_t n = strlen(path);
	if (n > 3 && memcmp(path + n - 3, ".gz", 3) == 0)
		n -= 3;
	else if (n > 4 && memcmp(path + n - 4, ".zst", 4) == 0)
		n -= 4;
	return (n > 5 && memcmp(path + n - 5, ".warc", 5) == 0) ||
	       (n > 4 && memcmp(path + n - 4, ".arc", 4) == 0);
}

void nf_archive_open(nf_archive *a, const char *path, size_t cap, nf_reader_stats *st)
{
	a->path = path;
	a->cap = cap;
	a->st = st;
	a->started = a->arc = a->done = false;
	a->nrec = 0;
}

int nf_zstd_dict(void *d, const unsigned char *raw, size_t n, const char *path, nf_error *err)
{
	if (n < 8 || raw[0] != 0x5D || raw[1] != 0x2A || raw[2] != 0x4D || raw[3] != 0x18)
		return 0;
	size_t size =
	    (size_t)raw[4] | (size_t)raw[5] << 8 | (size_t)raw[6] << 16 | (size_t)raw[7] << 24;
	if (size > n - 8) {
		nf_error_set(err, NF_ECORRUPT, path, 0, 0,
			     "zstd dictionary frame of %zu bytes: cut short, or over 1 MiB", size);
		return NF_ECORRUPT;
	}
	const unsigned char *dict = raw + 8;
	void *plain = NULL;
	if (size >= 4 && dict[0] == 0x28 && dict[1] == 0xB5 && dict[2] == 0x2F &&
	    dict[3] == 0xFD) { /* the dictionary is compressed itself */
		unsigned long long k = ZSTD_getFrameContentSize(dict, size);
		if (k == ZSTD_CONTENTSIZE_ERROR || k == ZSTD_CONTENTSIZE_UNKNOWN ||
		    k > (64 << 20)) {
			nf_error_set(err, NF_ECORRUPT, path, 0, 0,
				     "zstd dictionary frame: no usable dictionary size");
			return NF_ECORRUPT;
		}
		if (!(plain = malloc(k ? (size_t)k : 1)))
			return NF_ENOMEM;
		size_t got = ZSTD_decompress(plain, (size_t)k, dict, size);
		if (ZSTD_isError(got)) {
			free(plain);
			nf_error_set(err, NF_ECORRUPT, path, 0, 0, "zstd dictionary frame: %s",
				     ZSTD_getErrorName(got));
			return NF_ECORRUPT;
		}
		dict = plain;
		size = got;
	}
	size_t zr = ZSTD_DCtx_loadDictionary(d, dict, size);
	free(plain);
	if (ZSTD_isError(zr)) {
		nf_error_set(err, NF_ECORRUPT, path, 0, 0, "zstd dictionary: %s",
			     ZSTD_getErrorName(zr));
		return NF_ECORRUPT;
	}
	return 0;
}

/* --- rejects -------------------------------------------------------------------------------- */

/* A reject of record `ri` (or, ri NULL, of bytes between records at `off`); damaged
 * compressed data at the end of the input is named in the same message. */
static int reject(nf_archive *a, nf_reader *r, nf_error *err, int code, const rinfo *ri,
		  uint64_t off, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static int reject(nf_archive *a, nf_reader *r, nf_error *err, int code, const rinfo *ri,
		  uint64_t off, const char *fmt, ...)
{
	char msg[240];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	const char *p;
	const nf_error *dmg = nf_reader_damage(r);
	bool at_end = nf_reader_peek(r, 1, &p) == 0;
	nf_error_set(err, code, a->path, ri ? ri->num : a->nrec + 1, ri ? ri->offset : off,
		     "%s%s%s", msg, dmg && at_end ? ": " : "", dmg && at_end ? dmg->message : "");
	if (dmg && at_end)
		nf_reader_damage_clear(r);
	a->st->records++;
	return code;
}

/* Consumes bytes up to the next line starting "WARC/" (or to the end). Returns the bytes
 * skipped; *found says whether a record start was found. */
static long skip_to_warc(nf_reader *r, bool *found)
{
	long skipped = 0;
	*found = false;
	for (;;) {
		const char *p;
		long n = nf_reader_peek(r, 1 << 16, &p);
		if (n < 0)
			return n;
		const char *hit = n >= 6 ? memmem(p, (size_t)n, "\nWARC/", 6) : NULL;
		if (hit) {
			nf_reader_consume(r, (size_t)(hit - p) + 1);
			*found = true;
			return skipped + (hit - p) + 1;
		}
		long keep = n > 5 ? 5 : 0; /* (a "\nWARC/" across the window's end) */
		if (n <= 5) {
			nf_reader_consume(r, (size_t)n);
			return skipped + n;
		}
		nf_reader_consume(r, (size_t)(n - keep));
		skipped += n - keep;
	}
}

/* Skips n bytes in steps. Returns the bytes that were there (< n: the data ended). */
static long skip_bytes(nf_reader *r, uint64_t n)
{
	uint64_t done = 0;
	while (done < n) {
		const char *p;
		long k = nf_reader_peek(r, (size_t)NF_MIN(n - done, (uint64_t)SKIP_STEP), &p);
		if (k <= 0)
			return k < 0 ? k : (long)done;
		size_t take = (size_t)NF_MIN((uint64_t)k, n - done);
		nf_reader_consume(r, take);
		done += take;
	}
	return (long)done;
}

/* --- the end of a record ------------------------------------------------------------------ */

enum { END_OK, END_CUT, END_STRAY };

/* After a block: the CR/LF bytes that close it are consumed; then the next record must start
 * (WARC: "WARC/"), or the data end cleanly. `end` is the block's end offset. */
static int record_end(nf_archive *a, nf_reader *r, uint64_t end)
{
	size_t run = 0;
	const char *p;
	long n;
	for (;;) {
		n = nf_reader_peek(r, 1 << 12, &p);
		if (n < 0)
			return (int)n;
		size_t i = 0;
		while (i < (size_t)n && (p[i] == '\r' || p[i] == '\n'))
			i++;
		nf_reader_consume(r, i);
		run += i;
		if (i < (size_t)n || n == 0)
			break;
	}
	if (n == 0) { /* the end of the data: whole if it is clean and the record is closed */
		if (nf_reader_damage(r) && end + NF_MIN(run, 4) > nf_reader_verified(r))
			return END_CUT;
		return run >= (a->arc ? 0u : 4u) ? END_OK : END_CUT;
	}
	if (a->arc)
		return END_OK;
	n = nf_reader_peek(r, 5, &p); /* (fewer than 5 bytes: the data ends in the next one) */
	if (n < 0)
		return (int)n;
	return memcmp(p, "WARC/", (size_t)NF_MIN(n, 5)) == 0 ? END_OK : END_STRAY;
}

/* --- the blob -------------------------------------------------------------------------------- */

static void blob_line(nf_buf *b, const char *key, const char *v, size_t n)
{
	if (!n)
		return;
	nf_buf_puts(b, key);
	nf_buf_puts(b, ": ");
	for (size_t i = 0; i < n; i++) /* one line: line ends inside a value become spaces */
		nf_buf_put(b, v[i] == '\n' || v[i] == '\r' ? " " : v + i, 1);
	nf_buf_put(b, "\n", 1);
}

static bool is_html(nf_str ct, const char *body, size_t n)
{
	if (ct.len) {
		for (size_t i = 0; i + 4 <= ct.len; i++)
			if (strncasecmp(ct.ptr + i, "html", 4) == 0)
				return true;
		return false;
	}
	size_t i = 0; /* no Content-Type: sniff the body */
	while (i < n && isspace((unsigned char)body[i]))
		i++;
	return (n - i >= 14 && strncasecmp(body + i, "<!doctype html", 14) == 0) ||
	       (n - i >= 5 && strncasecmp(body + i, "<html", 5) == 0);
}

/* The block (an HTTP response) of record ri at w (window) into a->blob: 1 a page, SKIPPED
 * (not HTML, not 200), or a reject code with *why / *code. */
static int make_page(nf_archive *a, const rinfo *ri, const char *w, nf_str meta[F_COUNT],
		     const char **why)
{
	const char *block = w + ri->head;
	nf_http h;
	if (nf_http_head(block, (size_t)ri->len, &h) || h.status != 200)
		return SKIPPED;
	if (h.content_type.len && !is_html(h.content_type, NULL, 0))
		return SKIPPED;
	bool partial;
	nf_buf_reset(&a->body);
	int rc = nf_http_body(&h, block + h.body, (size_t)ri->len - h.body, a->cap, &a->body,
			      &partial, why);
	if (rc)
		return rc;
	const char *body = a->body.data ? a->body.data : "";
	if (!is_html(h.content_type, body, a->body.len))
		return SKIPPED;
	nf_buf *b = &a->blob;
	nf_buf_reset(b);
	static const char *const keys[] = {"WARC-Target-URI", "WARC-Date", "WARC-Record-ID",
					   "WARC-Payload-Digest"};
	static const int which[] = {F_URI, F_DATE, F_ID, F_DIGEST};
	nf_str *uri = &meta[F_URI];
	if (uri->len >= 2 && uri->ptr[0] == '<' && uri->ptr[uri->len - 1] == '>')
		uri->ptr++, uri->len -= 2; /* WARC/1.0's grammar had <uri>; wget still writes it */
	for (size_t i = 0; i < NF_ARRAY_LEN(keys); i++)
		blob_line(b, keys[i], meta[which[i]].ptr, meta[which[i]].len);
	if (meta[F_TRUNC].len)
		blob_line(b, "WARC-Truncated", meta[F_TRUNC].ptr, meta[F_TRUNC].len);
	else if (partial)
		blob_line(b, "WARC-Truncated", "decode", 6);
	blob_line(b, "Content-Type", h.content_type.ptr, h.content_type.len);
	blob_line(b, "Content-Language", h.content_language.ptr, h.content_language.len);
	nf_buf_put(b, "\n", 1);
	nf_buf_put(b, body, a->body.len);
	if (a->body.len + b->len > a->cap + HEAD_MAX || b->oom) {
		*why = "a decoded body over the cap";
		return b->oom ? NF_ENOMEM : NF_ETOOLONG;
	}
	return 1;
}

/* --- records ---------------------------------------------------------------------------------- */

/* Splits the WARC header in the window w[0..head) into ri->f; false without a usable
 * Content-Length. */
static bool warc_fields(const char *w, size_t head, rinfo *ri)
{
	const char *nl = memchr(w, '\n', head);
	size_t i = nl ? (size_t)(nl - w) + 1 : head;
	memset(ri->f, 0, sizeof(ri->f));
	while (i < head) {
		const char *e = memchr(w + i, '\n', head - i);
		size_t len = e ? (size_t)(e - (w + i)) : head - i;
		const char *colon = memchr(w + i, ':', len);
		if (colon) {
			size_t kl = (size_t)(colon - (w + i)), v = kl + 1;
			while (v < len && (w[i + v] == ' ' || w[i + v] == '\t'))
				v++;
			size_t vl = len - v;
			while (vl && (w[i + v + vl - 1] == '\r' || w[i + v + vl - 1] == ' '))
				vl--;
			for (int k = 0; k < F_COUNT; k++)
				if (!ri->f[k].off && strlen(field_names[k]) == kl &&
				    strncasecmp(w + i, field_names[k], kl) == 0)
					ri->f[k] = (field){i + v, vl};
		}
		i += len + 1;
	}
	field *cl = &ri->f[F_LENGTH];
	if (!cl->off || !cl->len || cl->len > 15)
		return false;
	ri->len = 0;
	for (size_t k = 0; k < cl->len; k++) {
		if (!isdigit((unsigned char)w[cl->off + k]))
			return false;
		ri->len = ri->len * 10 + (uint64_t)(w[cl->off + k] - '0');
	}
	return true;
}

/* The length of the WARC header at the window (through its empty line): > 0, 0 when the data
 * ends first, -1 when it is longer than HEAD_MAX; or NF_ENOMEM. */
static long warc_head(nf_reader *r, const char **w)
{
	size_t want = 4096;
	for (;;) {
		long n = nf_reader_peek(r, want, w);
		if (n < 0)
			return n;
		const char *p = *w;
		size_t lim = NF_MIN((size_t)n, HEAD_MAX);
		for (size_t i = 0; i + 1 < lim; i++) {
			if (p[i] != '\n')
				continue;
			if (p[i + 1] == '\n')
				return (long)i + 2;
			if (i + 2 < lim && p[i + 1] == '\r' && p[i + 2] == '\n')
				return (long)i + 3;
		}
		if ((size_t)n >= HEAD_MAX)
			return -1;
		if ((size_t)n < want)
			return 0;
		want *= 2;
	}
}

static uint64_t where(nf_reader *r, uint64_t start)
{
	uint64_t raw;
	return nf_reader_member(r, start, &raw) ? raw : start;
}

/* A damaged record: skipped to the next record start, reported. */
static int damaged(nf_archive *a, nf_reader *r, nf_error *err, const rinfo *ri, const char *what)
{
	bool found = false;
	long k = a->arc ? skip_bytes(r, UINT64_MAX) : skip_to_warc(r, &found);
	if (k < 0)
		return (int)k;
	if (a->arc || !found)
		a->done = true;
	return reject(a, r, err, NF_ECORRUPT, ri, 0,
		      "record %llu (%s) at offset %llu: %s; %ld bytes skipped to %s",
		      (unsigned long long)ri->num, ri->what, (unsigned long long)ri->start, what, k,
		      a->done ? "the end" : "the next line starting WARC/");
}

/* Whole records that are not a page, or rejected as a whole. */
static int finish(nf_archive *a, nf_reader *r, nf_record *rec, nf_error *err, const rinfo *ri,
		  int got, const char *why)
{
	int end = record_end(a, r, ri->start + ri->head + ri->len);
	if (end < 0)
		return end;
	if (end == END_CUT) {
		a->done = true;
		return reject(a, r, err, NF_ECORRUPT, ri, 0,
			      "record %llu (%s) at offset %llu is cut short: the data ends before "
			      "its closing CRLF CRLF",
			      (unsigned long long)ri->num, ri->what, (unsigned long long)ri->start);
	}
	if (end == END_STRAY)
		return damaged(a, r, err, ri,
			       "its block is followed by stray bytes, not CRLF CRLF (a wrong "
			       "Content-Length)");
	a->st->archive_records++;
	if (got == SKIPPED) {
		a->st->archive_skipped++;
		return SKIPPED;
	}
	if (got < 0)
		return reject(a, r, err, got, ri, 0, "record %llu (%s): %s",
			      (unsigned long long)ri->num, ri->what,
			      why ? why : "a block over the cap");
	a->st->records++;
	rec->data = a->blob.data;
	rec->len = a->blob.len;
	rec->file = a->path;
	rec->line = ri->num;
	rec->offset = ri->offset;
	rec->format = NF_FORMAT_WARC;
	return 1;
}

/* The block of the record whose header is in the window: a page, or skipped. */
static int block(nf_archive *a, nf_reader *r, nf_record *rec, nf_error *err, rinfo *ri)
{
	const char *w, *why = NULL;
	char msg[200];
	int got;
	if (ri->response && ri->len <= a->cap) {
		long n = nf_reader_peek(r, ri->head + (size_t)ri->len, &w);
		if (n < 0)
			return (int)n;
		if ((uint64_t)n < ri->head + ri->len) {
			nf_fmt(msg, sizeof(msg), "cut short: %llu of %llu block bytes",
			       (unsigned long long)(n - (long)NF_MIN((size_t)n, ri->head)),
			       (unsigned long long)ri->len);
			return damaged(a, r, err, ri, msg);
		}
		nf_str meta[F_COUNT];
		for (int k = 0; k < F_COUNT; k++)
			meta[k] = (nf_str){w + ri->f[k].off, ri->f[k].len};
		got = make_page(a, ri, w, meta, &why);
		if (got == NF_ENOMEM)
			return got;
		nf_reader_consume(r, ri->head + (size_t)ri->len);
	} else {
		nf_reader_consume(r, ri->head);
		long k = skip_bytes(r, ri->len);
		if (k < 0)
			return (int)k;
		if ((uint64_t)k < ri->len) {
			nf_fmt(msg, sizeof(msg), "cut short: %ld of %llu block bytes", k,
			       (unsigned long long)ri->len);
			return damaged(a, r, err, ri, msg);
		}
		got = ri->response ? NF_ETOOLONG : SKIPPED;
		if (got == NF_ETOOLONG) {
			nf_fmt(msg, sizeof(msg), "a block of %llu bytes, over the cap of %zu",
			       (unsigned long long)ri->len, a->cap);
			why = msg;
		}
	}
	return finish(a, r, rec, err, ri, got, why);
}

/* Bytes where a record should start: skipped to the next line starting "WARC/", reported. */
static int garbage(nf_archive *a, nf_reader *r, nf_error *err, uint64_t off)
{
	bool found;
	long k = skip_to_warc(r, &found);
	if (k < 0)
		return (int)k;
	a->done = !found;
	return reject(a, r, err, NF_ECORRUPT, NULL, off, "%ld bytes at offset %llu are not %s%s", k,
		      (unsigned long long)off, a->nrec ? "a WARC record" : "a WARC or ARC archive",
		      found ? "; skipped to the next line starting WARC/" : "");
}

static void describe(rinfo *ri, const char *w, int type, int uri)
{
	const field *t = &ri->f[type], *u = &ri->f[uri];
	nf_fmt(ri->what, sizeof(ri->what), "%.*s%s%.*s", (int)NF_MIN(t->len, 20),
	       t->off ? w + t->off : "", u->off && u->len ? " " : "", (int)NF_MIN(u->len, 80),
	       u->off ? w + u->off : "");
}

static int warc_record(nf_archive *a, nf_reader *r, nf_record *rec, nf_error *err)
{
	rinfo ri;
	memset(&ri, 0, sizeof(ri));
	const char *w;
	ri.start = nf_reader_tell(r);
	ri.offset = where(r, ri.start);
	long n = nf_reader_peek(r, 5, &w);
	if (n < 0)
		return (int)n;
	if (n < 5 || memcmp(w, "WARC/", 5) != 0)
		return garbage(a, r, err, ri.offset);
	ri.num = ++a->nrec;
	nf_fmt(ri.what, sizeof(ri.what), "a WARC record");
	long head = warc_head(r, &w);
	if (head == 0)
		return damaged(a, r, err, &ri, "the data ends in its header");
	if (head == -1)
		return damaged(a, r, err, &ri, "a header over 256 KiB");
	if (head < 0)
		return (int)head;
	ri.head = (size_t)head;
	bool ok = warc_fields(w, ri.head, &ri);
	describe(&ri, w, F_TYPE, F_URI);
	if (!ok)
		return damaged(a, r, err, &ri, "no usable Content-Length");
	ri.response = ri.f[F_TYPE].len == 8 && memcmp(w + ri.f[F_TYPE].off, "response", 8) == 0;
	return block(a, r, rec, err, &ri);
}

/* An ARC v1 header line "URL IP DATE CONTENT-TYPE LENGTH" in w[0..len): its fields (taken
 * from the right: a URL may hold spaces), false when it is not one. */
static bool arc_fields(const char *w, size_t len, rinfo *ri)
{
	size_t end = len, cut[4];
	for (int k = 0; k < 4; k++) {
		const char *sp = end ? memrchr(w, ' ', end) : NULL;
		if (!sp)
			return false;
		cut[k] = (size_t)(sp - w);
		end = cut[k];
	}
	size_t l0 = cut[0] + 1;
	if (len - l0 == 0 || len - l0 > 15 || cut[3] == 0)
		return false;
	ri->len = 0;
	for (size_t i = l0; i < len; i++) {
		if (!isdigit((unsigned char)w[i]))
			return false;
		ri->len = ri->len * 10 + (uint64_t)(w[i] - '0');
	}
	ri->f[F_URI] = (field){0, cut[3]};
	ri->f[F_DATE] = (field){cut[2] + 1, cut[1] - cut[2] - 1};
	ri->f[F_TYPE] = (field){0, 0};
	return true;
}

static int arc_record(nf_archive *a, nf_reader *r, nf_record *rec, nf_error *err)
{
	rinfo ri;
	memset(&ri, 0, sizeof(ri));
	const char *w, *nl = NULL;
	ri.start = nf_reader_tell(r);
	ri.offset = where(r, ri.start);
	ri.num = ++a->nrec;
	nf_fmt(ri.what, sizeof(ri.what), "an ARC record");
	long n = 0;
	for (size_t want = 4096; !nl; want *= 2) {
		if ((n = nf_reader_peek(r, want, &w)) < 0)
			return (int)n;
		nl = memchr(w, '\n', NF_MIN((size_t)n, HEAD_MAX));
		if (!nl && ((size_t)n < want || (size_t)n >= HEAD_MAX))
			return damaged(a, r, err, &ri,
				       "no ARC header line (none of its data is read)");
	}
	size_t len = (size_t)(nl - w);
	if (len && w[len - 1] == '\r')
		len--;
	if (!arc_fields(w, len, &ri))
		return damaged(a, r, err, &ri, "not an ARC header line (none of its data is read)");
	ri.head = (size_t)(nl - w) + 1;
	nf_fmt(ri.what, sizeof(ri.what), "%.*s", (int)NF_MIN(ri.f[F_URI].len, 100), w);
	ri.response = !(len >= 11 && memcmp(w, "filedesc://", 11) == 0) && ri.num > 1;
	return block(a, r, rec, err, &ri);
}

int nf_archive_next(nf_archive *a, nf_reader *r, nf_record *rec, nf_error *err)
{
	for (;;) {
		if (a->done)
			return 0;
		const char *p;
		long n;
		for (;;) { /* the CR/LF bytes between records */
			if ((n = nf_reader_peek(r, 4096, &p)) < 0)
				return (int)n;
			size_t i = 0;
			while (i < (size_t)n && (p[i] == '\r' || p[i] == '\n'))
				i++;
			nf_reader_consume(r, i);
			if (i < (size_t)n || n == 0)
				break;
		}
		if (n == 0) {
			a->done = true;
			const nf_error *d = nf_reader_damage(r);
			if (!d)
				return 0;
			*err = *d;
			err->line = a->nrec + 1;
			nf_reader_damage_clear(r);
			a->st->records++;
			return err->code;
		}
		if (!a->started) {
			a->started = true;
			a->arc = n >= 11 && memcmp(p, "filedesc://", 11) == 0;
		}
		int rc = a->arc ? arc_record(a, r, rec, err) : warc_record(a, r, rec, err);
		if (rc != SKIPPED)
			return rc;
	}
}

int nf_warc_blob(const char *p, size_t n, nf_warc_meta *m, nf_str *body)
{
	static const char *const keys[] = {
	    "WARC-Target-URI", "WARC-Date",    "WARC-Record-ID",  "WARC-Payload-Digest",
	    "WARC-Truncated",  "Content-Type", "Content-Language"};
	nf_str *slots[] = {&m->uri,	  &m->date,	    &m->record_id,	 &m->digest,
			   &m->truncated, &m->content_type, &m->content_language};
	memset(m, 0, sizeof(*m));
	size_t i = 0;
	while (i < n) {
		const char *e = memchr(p + i, '\n', n - i);
		if (!e)
			return NF_ECORRUPT;
		size_t len = (size_t)(e - (p + i));
		if (len == 0) {
			*body = (nf_str){p + i + 1, n - i - 1};
			return 0;
		}
		const char *colon = memchr(p + i, ':', len);
		if (!colon || (size_t)(colon - (p + i)) + 2 > len || colon[1] != ' ')
			return NF_ECORRUPT;
		size_t kl = (size_t)(colon - (p + i));
		for (size_t k = 0; k < NF_ARRAY_LEN(keys); k++)
			if (strlen(keys[k]) == kl && memcmp(p + i, keys[k], kl) == 0)
				*slots[k] = (nf_str){colon + 2, len - kl - 2};
		i += len + 1;
	}
	return NF_ECORRUPT;
}
