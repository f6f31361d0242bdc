/*
 * feed.c - the first stages of every run: read -> parse -> clean -> make (clean JSON, sketch,
 * fingerprints, event terms), on worker threads, handed out in input order.
 *
 * The caller's thread reads a batch of raw records (up to 4096 records or 16 MB) into one buffer;
 * the pool's threads parse and work on them, each writing what it makes into its own buffer; then
 * nf_feed_next() hands the items out one by one in input order, checking duplicate ids as it goes
 * (the first record with an id wins). Results are placed by input position, never by timing, so
 * the output is the same at any thread count. With a line pass (boilerplate templates), the same
 * machinery first runs over every input once to count lines; stdin is spooled for it.
 */
#include "../base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BATCH_RECORDS 4096
#define BATCH_BYTES   ((size_t)16 << 20)

typedef struct item {
	nf_record rec;
	size_t off; /* record bytes in f->bytes */
	int rc;	    /* 0 ok, < 0 reject */
	bool read;  /* the reader returned its bytes (not a reader reject) */
	nf_error err;
	int worker; /* whose buffers hold what it made */
	size_t id_off, id_len;
	bool id_num;
	int64_t date;
	size_t text_len;
	size_t json_off, json_len; /* or the scanned lines in the line pass */
	size_t mh_off, fp_off, n_fp, terms_off, n_terms;
	uint64_t exact_hi, exact_lo, simhash;
	size_t n_shingles, n_tokens;
	unsigned k;
} item;

typedef struct worker {
	nf_parser *parser;
	nf_cleaner *cl;
	nf_sketcher *sk;
	nf_eventer *ev;
	nf_buf out, ids, fp;
} worker;

struct nf_feed {
	nf_feed_options o;
	char **inputs, **names;
	size_t n_inputs, cap_inputs;
	NF_VEC(int) spool_fds; /* spooled copies of inputs that can be read only once */
	bool stdin_spooled;
	bool started, done, pass1, reader_done, lines_taken;
	int threads;
	nf_lines *lines;
	nf_reader *rd;
	nf_pool *pool;
	nf_idset *ids;
	worker *w;
	item *items;
	size_t n, next;
	nf_buf bytes;
	uint64_t bytes_read;
	nf_feed_stats st;
	nf_event_term *tv; /* the terms of the item handed out */
	size_t cap_tv;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void nf_feed_options_init(nf_feed_options *o)
{
	memset(o, 0, sizeof(*o));
	o->repeat_min = 10;
}

static bool line_pass(const nf_feed *f)
{
	return f->o.repeat_min > 0 && !f->o.clean.no_boiler;
}

static void worker_release(worker *w)
{
	nf_parser_free(w->parser);
	nf_cleaner_free(w->cl);
	nf_sketcher_free(w->sk);
	nf_eventer_free(w->ev);
	nf_buf_release(&w->out);
	nf_buf_release(&w->ids);
	nf_buf_release(&w->fp);
}

int nf_feed_new(nf_feed **out, const nf_feed_options *o)
{
	*out = NULL;
	nf_feed *f = calloc(1, sizeof(*f));
	if (!f)
		return NF_ENOMEM;
	f->o = *o;
	nf_buf_init(&f->bytes);
	int rc = NF_ENOMEM;
	f->threads = nf_threads(o->threads);
	f->items = calloc(BATCH_RECORDS, sizeof(item));
	f->w = calloc((size_t)f->threads, sizeof(worker));
	if (!f->items || !f->w || nf_pool_new(&f->pool, f->threads))
		goto fail;
	for (int t = 0; t < f->threads; t++) {
		worker *w = &f->w[t];
		nf_buf_init(&w->out);
		nf_buf_init(&w->ids);
		nf_buf_init(&w->fp);
		if ((rc = nf_parser_new(&w->parser, &o->read)))
			goto fail;
		if ((o->make & NF_FEED_SKETCH) && (rc = nf_sketcher_new(&w->sk, &o->sketch)))
			goto fail;
		if ((o->make & NF_FEED_TERMS) && (rc = nf_eventer_new(&w->ev, o->language)))
			goto fail;
	}
	*out = f;
	return 0;
fail:
	nf_feed_free(f);
	return rc;
}

nf_lines *nf_feed_take_lines(nf_feed *f)
{
	f->lines_taken = true;
	return f->lines;
}

void nf_feed_free(nf_feed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_inputs; i++) {
		free(f->inputs[i]);
		free(f->names[i]);
	}
	free(f->inputs);
	free(f->names);
	for (size_t i = 0; i < f->spool_fds.n; i++)
		close(f->spool_fds.a[i]);
	NF_VEC_FREE(&f->spool_fds);
	if (!f->lines_taken)
		nf_lines_free(f->lines);
	nf_reader_free(f->rd);
	nf_pool_free(f->pool);
	nf_idset_free(f->ids);
	for (int t = 0; f->w && t < f->threads; t++)
		worker_release(&f->w[t]);
	free(f->w);
	free(f->items);
	nf_buf_release(&f->bytes);
	free(f->tv);
	free(f);
}

/* Copies an input that can be read only once (src: stdin, a pipe, a device) into an unlinked
 * temporary file, read back through /proc/self/fd. */
static int spool_input(nf_feed *f, int src, char *path, size_t cap)
{
	const char *dir = f->o.tmp_dir && *f->o.tmp_dir ? f->o.tmp_dir : nf_tmp_dir();
	char tmpl[4096];
	if (snprintf(tmpl, sizeof(tmpl), "%s/newsfold-XXXXXX", dir) >= (int)sizeof(tmpl))
		return NF_EINVAL;
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return NF_EIO;
	unlink(tmpl);
	char *buf = malloc(1 << 20);
	if (!buf) {
		close(fd);
		return NF_ENOMEM;
	}
	int rc = 0;
	for (;;) {
		ssize_t k = read(src, buf, 1 << 20);
		if (k == 0)
			break;
		if (k < 0) {
			if (errno == EINTR)
				continue;
			rc = NF_EIO;
			break;
		}
		for (ssize_t w = 0; w < k && !rc;) {
			ssize_t m = write(fd, buf + w, (size_t)(k - w));
			if (m < 0 && errno == EINTR)
				continue;
			if (m <= 0)
				rc = NF_EIO;
			else
				w += m;
		}
		if (rc)
			break;
	}
	free(buf);
	if (rc) {
		close(fd);
		return rc;
	}
	if (NF_VEC_PUSH(&f->spool_fds, fd)) {
		close(fd);
		return NF_ENOMEM;
	}
	snprintf(path, cap, "/proc/self/fd/%d", fd);
	return 0;
}

int nf_feed_add(nf_feed *f, const char *path)
{
	if (f->started)
		return NF_EINVAL;
	char spooled[64];
	const char *name = path;
	struct stat sb;
	bool std = strcmp(path, "-") == 0;
	bool once = std || (stat(path, &sb) == 0 &&
			    (S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode) || S_ISSOCK(sb.st_mode)));
	if (once && line_pass(f)) { /* read twice: the line pass, then the documents */
		if (std && f->stdin_spooled)
			return NF_EINVAL; /* stdin twice */
		int src = std ? 0 : open(path, O_RDONLY | O_CLOEXEC);
		int rc = src < 0 ? NF_EIO : spool_input(f, src, spooled, sizeof(spooled));
		if (src > 0)
			close(src);
		if (rc)
			return rc;
		f->stdin_spooled |= std;
		path = spooled;
	}
	if (f->n_inputs == f->cap_inputs) {
		size_t cap = f->cap_inputs ? 2 * f->cap_inputs : 8;
		char **a = realloc(f->inputs, cap * sizeof(char *));
		if (!a)
			return NF_ENOMEM;
		f->inputs = a;
		char **b = realloc(f->names, cap * sizeof(char *));
		if (!b)
			return NF_ENOMEM;
		f->names = b;
		f->cap_inputs = cap;
	}
	char *p = strdup(path), *n = strdup(name);
	if (!p || !n) {
		free(p);
		free(n);
		return NF_ENOMEM;
	}
	f->inputs[f->n_inputs] = p;
	f->names[f->n_inputs++] = n;
	return 0;
}

/* Starts a pass: a fresh reader over the inputs, fresh cleaners, no ids seen. */
static int begin_pass(nf_feed *f, bool pass1)
{
	nf_reader_free(f->rd);
	f->rd = NULL;
	nf_idset_free(f->ids);
	f->ids = NULL;
	f->pass1 = pass1;
	f->reader_done = false;
	f->n = f->next = 0;
	f->bytes_read = 0;
	int rc = nf_reader_new(&f->rd, &f->o.read);
	if (rc)
		return rc;
	for (size_t i = 0; i < f->n_inputs; i++)
		if ((rc = nf_reader_add_as(f->rd, f->inputs[i], f->names[i])))
			return rc;
	if (nf_idset_new(&f->ids))
		return NF_ENOMEM;
	nf_clean_options co = f->o.clean;
	co.common = pass1 ? NULL : f->lines;
	for (int t = 0; t < f->threads; t++) {
		nf_cleaner_free(f->w[t].cl);
		f->w[t].cl = NULL;
		if (!pass1 && (rc = nf_cleaner_new(&f->w[t].cl, &co)))
			return rc;
	}
	return 0;
}

/* Appends n bytes at an 8-byte aligned offset of b; the offset in *off. */
static int put_aligned(nf_buf *b, const void *p, size_t n, size_t *off)
{
	static const char zero[8];
	if (b->len % 8 && nf_buf_append(b, zero, 8 - b->len % 8))
		return NF_ENOMEM;
	*off = b->len;
	return n ? nf_buf_append(b, p, n) : 0;
}

/* Term list in a worker buffer: per term u64 hash, f32 weight, u8 kind, u8 length, u8 surface
 * length, the bytes of the text and of the surface. */
static int put_terms(nf_buf *b, const nf_event_term *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t k = t[i].kind, len = (uint8_t)(t[i].len < 255 ? t[i].len : 255);
		uint8_t sl =
		    (uint8_t)(t[i].surface && t[i].surface_len < 256 ? t[i].surface_len : 0);
		if (nf_buf_append(b, &t[i].hash, 8) || nf_buf_append(b, &t[i].weight, 4) ||
		    nf_buf_append(b, &k, 1) || nf_buf_append(b, &len, 1) ||
		    nf_buf_append(b, &sl, 1) || nf_buf_append(b, t[i].text, len) ||
		    nf_buf_append(b, t[i].surface, sl))
			return NF_ENOMEM;
	}
	return 0;
}

static int get_terms(nf_feed *f, const char *p, size_t n)
{
	if (n >= f->cap_tv) {
		size_t cap = f->cap_tv ? f->cap_tv : 64;
		while (cap <= n)
			cap *= 2;
		nf_event_term *v = realloc(f->tv, cap * sizeof(*v));
		if (!v)
			return NF_ENOMEM;
		f->tv = v;
		f->cap_tv = cap;
	}
	for (size_t i = 0; i < n; i++) {
		nf_event_term *t = &f->tv[i];
		memcpy(&t->hash, p, 8);
		memcpy(&t->weight, p + 8, 4);
		t->kind = (uint8_t)p[12];
		t->len = (uint8_t)p[13];
		t->surface_len = (uint8_t)p[14];
		t->text = p + 15;
		t->surface = t->text + t->len;
		p += 15 + t->len + t->surface_len;
	}
	return 0;
}

/* In a worker: clean the document and make what the options ask for. */
static int make(nf_feed *f, worker *w, item *it, const nf_doc *doc)
{
	unsigned mk = f->o.make;
	nf_cleaned c;
	int rc;
	if (mk & NF_FEED_TERMS) {
		nf_event_begin(w->ev);
		if (doc->lang.len && nf_event_language(w->ev, doc->lang.ptr, doc->lang.len))
			return NF_ENOMEM;
		if (doc->title.len) {
			if (nf_clean(w->cl, doc->title.ptr, doc->title.len, &c) == NF_ENOMEM)
				return NF_ENOMEM;
			nf_event_source(w->ev, doc->title.ptr, doc->title.len);
			if (nf_event_add(w->ev, &c, NF_FIELD_TITLE))
				return NF_ENOMEM;
		}
	}
	rc = nf_clean(w->cl, doc->text.ptr, doc->text.len, &c);
	if (rc == NF_ENOMEM)
		return rc;
	if (rc || c.n_tokens == 0) {
		rc = rc ? rc : NF_EEMPTY;
		nf_error_set(&it->err, rc, NULL, 0, 0,
			     rc == NF_EEMPTY ? "empty document: no words in %zu bytes of text"
					     : "cannot clean %zu bytes of text",
			     doc->text.len);
		it->err.file = NULL; /* do_item names the record */
		return rc;
	}
	nf_buf *out = &w->out;
	if (mk & NF_FEED_TERMS) {
		const nf_event_term *t;
		size_t n;
		nf_event_source(w->ev, doc->text.ptr, doc->text.len);
		if (nf_event_add(w->ev, &c, NF_FIELD_BODY) || nf_event_end(w->ev, &t, &n) ||
		    put_aligned(out, NULL, 0, &it->terms_off) || put_terms(out, t, n))
			return NF_ENOMEM;
		it->n_terms = n;
	}
	if (mk & NF_FEED_CLEAN_JSON) {
		it->json_off = out->len;
		if (nf_write_clean_json(out, doc, &c, f->o.json_flags))
			return NF_ENOMEM;
		it->json_len = out->len - it->json_off;
	}
	if (mk & NF_FEED_SKETCH) {
		nf_sketch s;
		if (nf_sketch_doc(w->sk, &c, &s) ||
		    put_aligned(out, s.minhash, s.k * sizeof(uint32_t), &it->mh_off))
			return NF_ENOMEM;
		it->exact_hi = s.exact_hi;
		it->exact_lo = s.exact_lo;
		it->simhash = s.simhash;
		it->n_shingles = s.n_shingles;
		it->n_tokens = s.n_tokens;
		it->k = s.k;
	}
	if (mk & NF_FEED_FINGERPRINTS) {
		nf_buf_reset(&w->fp);
		if (nf_reuse_fingerprints(&c, &f->o.reuse, &w->fp) ||
		    put_aligned(out, w->fp.data, w->fp.len, &it->fp_off))
			return NF_ENOMEM;
		it->n_fp = w->fp.len / sizeof(uint32_t);
	}
	return 0;
}

static void do_item(void *ctx, size_t i, int wi)
{
	nf_feed *f = ctx;
	item *it = &f->items[i];
	worker *w = &f->w[wi];
	it->worker = wi;
	it->id_len = 0;
	if (it->rc < 0)
		return; /* rejected by the reader */
	nf_record rec = it->rec;
	rec.data = f->bytes.data + it->off;
	nf_doc doc;
	it->rc = nf_parse(w->parser, &rec, &doc, &it->err);
	if (it->rc)
		return;
	it->id_off = w->ids.len;
	it->id_len = doc.id.len;
	it->id_num = doc.id_is_number;
	it->date = doc.date;
	it->text_len = doc.text.len;
	if (nf_buf_append(&w->ids, doc.id.ptr, doc.id.len)) {
		it->rc = NF_ENOMEM;
		return;
	}
	if (f->pass1) {
		it->json_off = w->out.len;
		it->rc = nf_lines_scan(doc.text.ptr, doc.text.len, &w->out);
		it->json_len = w->out.len - it->json_off;
	} else {
		it->rc = make(f, w, it, &doc);
	}
	if (w->out.oom || w->ids.oom)
		it->rc = NF_ENOMEM;
	if (it->rc < 0 && it->rc != NF_ENOMEM && !it->err.file) {
		it->err.file = rec.file;
		it->err.line = rec.line;
		it->err.offset = rec.offset;
	}
}

/* Reads and works on the next batch. Returns 0, or NF_ENOMEM. */
static int next_batch(nf_feed *f)
{
	f->n = f->next = 0;
	nf_buf_reset(&f->bytes);
	while (!f->reader_done && f->n < BATCH_RECORDS && f->bytes.len < BATCH_BYTES) {
		item *it = &f->items[f->n];
		memset(it, 0, sizeof(*it));
		int rc = nf_reader_next(f->rd, &it->rec, &it->err);
		if (rc == 0) {
			f->reader_done = true;
			break;
		}
		if (rc == NF_ENOMEM)
			return rc;
		if (rc < 0) {
			it->rc = rc;
		} else {
			it->read = true;
			it->off = f->bytes.len;
			f->bytes_read += it->rec.len;
			if (nf_buf_append(&f->bytes, it->rec.data, it->rec.len))
				return NF_ENOMEM;
		}
		f->n++;
	}
	for (int t = 0; t < f->threads; t++) {
		nf_buf_reset(&f->w[t].out);
		nf_buf_reset(&f->w[t].ids);
	}
	nf_pool_run(f->pool, f->n, do_item, f);
	/* the records' data now points into the batch buffer (the reader's is gone) */
	for (size_t i = 0; i < f->n; i++) {
		item *it = &f->items[i];
		it->rec.data = it->read ? f->bytes.data + it->off : NULL;
		if (!it->read)
			it->rec.len = 0;
	}
	return 0;
}

/* Hands out items[f->next]: duplicate ids checked in input order. */
static int take(nf_feed *f, nf_feed_item *out)
{
	item *it = &f->items[f->next++];
	worker *w = &f->w[it->worker];
	const char *id = it->id_len ? w->ids.data + it->id_off : "";
	if (it->rc == NF_ENOMEM)
		return NF_ENOMEM;
	if (it->rc == 0) {
		int added = nf_idset_add(f->ids, id, it->id_len);
		if (added < 0)
			return NF_ENOMEM;
		if (added == 0) {
			it->rc = NF_EDUPID;
			int n = (int)(it->id_len < 200 ? it->id_len : 200);
			nf_error_set(
			    &it->err, NF_EDUPID, it->rec.file, it->rec.line, it->rec.offset,
			    "duplicate id \"%.*s\": the first record with this id was kept", n, id);
		}
	}
	memset(out, 0, sizeof(*out));
	out->rc = it->rc;
	out->err = it->err;
	out->rec = it->rec;
	out->id = (nf_str){id, it->id_len};
	out->id_is_number = it->id_num;
	out->date = it->rc == 0 ? it->date : NF_NO_DATE;
	out->text_len = it->text_len;
	if (it->rc)
		return 1;
	const char *b = w->out.data;
	if (f->pass1)
		return nf_lines_add_scanned(f->lines, b + it->json_off, it->json_len) ? NF_ENOMEM
										      : 1;
	unsigned mk = f->o.make;
	if (mk & NF_FEED_CLEAN_JSON)
		out->json = (nf_str){b + it->json_off, it->json_len};
	if (mk & NF_FEED_SKETCH)
		out->sketch = (nf_sketch){it->exact_hi,
					  it->exact_lo,
					  NULL,
					  it->n_shingles,
					  (const uint32_t *)(const void *)(b + it->mh_off),
					  it->k,
					  it->simhash,
					  it->n_tokens};
	if (mk & NF_FEED_FINGERPRINTS) {
		out->fingerprints = (const uint32_t *)(const void *)(b + it->fp_off);
		out->n_fingerprints = it->n_fp;
	}
	if (mk & NF_FEED_TERMS) {
		if (get_terms(f, b + it->terms_off, it->n_terms))
			return NF_ENOMEM;
		out->terms = f->tv;
		out->n_terms = it->n_terms;
	}
	return 1;
}

/* The next item of the current pass: 1, 0 at its end, or an error. */
static int pass_next(nf_feed *f, nf_feed_item *out)
{
	while (f->next == f->n) {
		if (f->reader_done)
			return 0;
		int rc = next_batch(f);
		if (rc)
			return rc;
		if (f->o.progress &&
		    f->o.progress(f->o.progress_ctx, f->st.records + f->n, f->bytes_read, f->pass1))
			return NF_ECANCELED;
	}
	return take(f, out);
}

/* The line pass: every document's lines counted, the repeated ones kept for the cleaners. */
static int run_line_pass(nf_feed *f)
{
	double t0 = now();
	int rc = nf_lines_new(&f->lines, f->o.repeat_min, 0);
	if (rc || (rc = begin_pass(f, true)))
		return rc;
	nf_feed_item it;
	while ((rc = pass_next(f, &it)) == 1)
		;
	if (rc)
		return rc;
	nf_lines_finish(f->lines);
	f->st.repeated_lines = nf_lines_count(f->lines);
	f->st.seconds_line_pass = now() - t0;
	return 0;
}

int nf_feed_next(nf_feed *f, nf_feed_item *it)
{
	if (f->done)
		return 0;
	int rc = 0;
	if (!f->started) {
		if (f->n_inputs == 0 && (rc = nf_feed_add(f, "-")) != 0) /* no input: stdin */
			goto finished;
		f->started = true;
		if ((line_pass(f) && (rc = run_line_pass(f))) || (rc = begin_pass(f, false)))
			goto finished;
	}
	rc = pass_next(f, it);
	if (rc == 1) {
		f->st.records++;
		if (it->rc == 0) {
			f->st.docs++;
		} else {
			f->st.rejects++;
			if (it->rc > -32)
				f->st.by_code[-it->rc]++;
		}
		return 1;
	}
finished:
	f->done = true;
	if (f->rd)
		nf_reader_stats_get(f->rd, &f->st.read);
	return rc;
}

void nf_feed_stats_get(const nf_feed *f, nf_feed_stats *st)
{
	*st = f->st;
	if (f->rd && !f->pass1)
		nf_reader_stats_get(f->rd, &st->read);
}
