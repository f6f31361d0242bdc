/*
 * pipeline.c - the record pipeline every command runs: the main thread reads raw records into
 * a batch, worker threads parse and process them, and the main thread then takes the results in
 * input order (duplicate ids, rejects, output). Results are ordered by input position, never by
 * timing, so the output is byte-identical at any -j.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH_RECORDS 4096
#define BATCH_BYTES   ((size_t)16 << 20)

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_threads(const cli_opts *o)
{
	if (o->threads > 0)
		return o->threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

typedef struct item {
	nf_record rec;
	size_t off; /* record bytes in batch.bytes */
	int rc;	    /* 0 ok, < 0 reject */
	nf_error err;
	int worker; /* whose output buffer */
	size_t out_off, out_len;
	char id[64]; /* the id (truncated) for reject records */
	size_t id_len;
} item;

typedef struct worker {
	nf_parser *parser;
	void *ws;
	nf_buf out;
	nf_buf idbuf; /* ids of this batch, for the ordered duplicate check */
} worker;

typedef struct run {
	cli_pipe *p;
	item *items;
	size_t n;
	nf_buf bytes;
	worker *w;
	/* the full id of item i lives in w[items[i].worker].idbuf at id_off */
	size_t *id_off;
	size_t *id_len;
} run;

static void do_item(void *ctx, size_t i, int wi)
{
	run *r = ctx;
	item *it = &r->items[i];
	worker *w = &r->w[wi];
	it->worker = wi;
	it->out_len = 0;
	r->id_len[i] = 0;
	if (it->rc < 0)
		return; /* rejected by the reader */
	nf_record rec = it->rec;
	rec.data = r->bytes.data + it->off;
	nf_doc doc;
	it->rc = nf_parse(w->parser, &rec, &doc, &it->err);
	if (it->rc == 0) {
		r->id_off[i] = w->idbuf.len;
		r->id_len[i] = doc.id.len;
		nf_buf_append(&w->idbuf, doc.id.ptr, doc.id.len);
		it->out_off = w->out.len;
		it->rc = r->p->work(w->ws, &rec, &doc, &w->out, &it->err);
		if (w->out.oom || w->idbuf.oom)
			it->rc = NF_ENOMEM;
		if (it->rc < 0 && it->rc != NF_ENOMEM && !it->err.file) {
			it->err.file = rec.file;
			it->err.line = rec.line;
			it->err.offset = rec.offset;
		}
		it->out_len = it->rc == 0 ? w->out.len - it->out_off : 0;
	}
	if (it->rc < 0 && it->rc != NF_ENOMEM) {
		size_t n = r->id_len[i] < sizeof(it->id) ? r->id_len[i] : sizeof(it->id) - 4;
		memcpy(it->id, w->idbuf.data ? w->idbuf.data + r->id_off[i] : "", n);
		if (n < r->id_len[i]) {
			memcpy(it->id + n, "...", 3);
			n += 3;
		}
		it->id_len = n;
	}
}

typedef struct rejects {
	FILE *f;
	nf_buf b;
	uint64_t shown;
} rejects;

static void report_reject(cli_opts *o, rejects *rj, const nf_error *e, const char *id,
			  size_t id_len, cli_stats *st, bool silent)
{
	st->rejects++;
	if (silent)
		return;
	if (e->code == NF_ENOENT || e->code == NF_EIO)
		st->io_errors++;
	int idx = -e->code;
	if (idx >= 0 && idx < 32)
		st->by_reason[idx]++;
	if (rj->f) {
		nf_str s = {id, id_len};
		nf_buf_reset(&rj->b);
		nf_write_reject_json(&rj->b, e, id_len ? &s : NULL);
		fwrite(rj->b.data, 1, rj->b.len, rj->f);
	}
	if (!o->quiet) {
		if (rj->shown < 20) {
			fprintf(stderr, "newsfold %s: %s:%llu: %s: %s\n", o->cmd,
				e->file && *e->file ? e->file : "?", (unsigned long long)e->line,
				nf_errreason(e->code), e->message);
		} else if (rj->shown == 20) {
			fprintf(stderr, "newsfold %s: more rejects not shown%s\n", o->cmd,
				rj->f ? " (all are in the rejects file)" : "; use --rejects FILE");
		}
		rj->shown++;
	}
}

int cli_pipe_run(cli_pipe *p, cli_stats *st)
{
	cli_opts *o = p->o;
	int threads = cli_threads(o), exit_code = EXIT_OK;
	double t0 = cli_now();
	nf_reader *rd = NULL;
	run r = {0};
	rejects rj = {0};
	nf_idset *ids = NULL;
	nf_pool *pool = NULL;
	memset(st, 0, sizeof(*st));
	nf_buf_init(&rj.b);
	nf_buf_init(&r.bytes);
	r.p = p;

	if (o->rejects && !p->silent) {
		rj.f = fopen(o->rejects, "w");
		if (!rj.f) {
			cli_err(o, "cannot write %s: %s", o->rejects, strerror(errno));
			return EXIT_USAGE;
		}
	}
	int rc = nf_reader_new(&rd, &o->read);
	if (rc) {
		cli_err(o, "%s", nf_strerror(rc));
		exit_code = EXIT_USAGE;
		goto out;
	}
	if ((exit_code = cli_add_inputs(o, rd, p->spool_stdin)))
		goto out;
	if (nf_idset_new(&ids) || nf_pool_new(&pool, threads))
		goto oom;
	r.items = calloc(BATCH_RECORDS, sizeof(item));
	r.id_off = calloc(BATCH_RECORDS, sizeof(size_t));
	r.id_len = calloc(BATCH_RECORDS, sizeof(size_t));
	r.w = calloc((size_t)threads, sizeof(worker));
	if (!r.items || !r.id_off || !r.id_len || !r.w)
		goto oom;
	for (int t = 0; t < threads; t++) {
		nf_buf_init(&r.w[t].out);
		nf_buf_init(&r.w[t].idbuf);
		if (nf_parser_new(&r.w[t].parser, &o->read) || p->worker_new(p->ctx, &r.w[t].ws))
			goto oom;
	}

	bool done = false, stop = false;
	bool progress = !p->silent && !o->quiet && isatty(2);
	double last_shown = t0;
	uint64_t bytes_read = 0;
	while (!done && !stop) {
		r.n = 0;
		nf_buf_reset(&r.bytes);
		while (r.n < BATCH_RECORDS && r.bytes.len < BATCH_BYTES) {
			item *it = &r.items[r.n];
			memset(it, 0, offsetof(item, id));
			it->id_len = 0;
			rc = nf_reader_next(rd, &it->rec, &it->err);
			if (rc == 0) {
				done = true;
				break;
			}
			if (rc == NF_ENOMEM)
				goto oom;
			if (rc < 0) {
				it->rc = rc;
			} else {
				it->off = r.bytes.len;
				bytes_read += it->rec.len;
				if (nf_buf_append(&r.bytes, it->rec.data, it->rec.len))
					goto oom;
			}
			r.n++;
		}
		for (int t = 0; t < threads; t++) {
			nf_buf_reset(&r.w[t].out);
			nf_buf_reset(&r.w[t].idbuf);
		}
		nf_pool_run(pool, r.n, do_item, &r);
		if (progress && cli_now() - last_shown > 0.5) {
			double el = cli_now() - t0;
			last_shown = cli_now();
			fprintf(stderr, "\rnewsfold %s: %llu records, %.0f MB, %.1f MB/s   ",
				o->cmd, (unsigned long long)(st->records + r.n),
				(double)bytes_read / 1e6,
				el > 0 ? (double)bytes_read / 1e6 / el : 0.0);
		}
		for (size_t i = 0; i < r.n && !stop; i++) {
			item *it = &r.items[i];
			st->records++;
			if (it->rc == NF_ENOMEM)
				goto oom;
			if (it->rc == 0) {
				worker *w = &r.w[it->worker];
				int added =
				    nf_idset_add(ids, w->idbuf.data + r.id_off[i], r.id_len[i]);
				if (added < 0)
					goto oom;
				if (added == 0) {
					it->rc = NF_EDUPID;
					it->err = (nf_error){.code = NF_EDUPID,
							     .file = it->rec.file,
							     .line = it->rec.line,
							     .offset = it->rec.offset};
					size_t n = r.id_len[i] < 200 ? r.id_len[i] : 200;
					snprintf(
					    it->err.message, sizeof(it->err.message),
					    "duplicate id \"%.*s\": the first record with this id "
					    "was kept",
					    (int)n, w->idbuf.data + r.id_off[i]);
					n = r.id_len[i] < sizeof(it->id) ? r.id_len[i] : 0;
					memcpy(it->id, w->idbuf.data + r.id_off[i], n);
					it->id_len = n;
				}
			}
			if (it->rc < 0) {
				report_reject(o, &rj, &it->err, it->id, it->id_len, st, p->silent);
				if (o->strict && !p->silent) {
					cli_err(o, "stopping at the first bad record (--strict)");
					exit_code = EXIT_BADRECORDS;
					stop = true;
				}
				continue;
			}
			st->docs++;
			worker *w = &r.w[it->worker];
			st->bytes_out += it->out_len;
			if (p->accept(p->ctx, w->out.data + it->out_off, it->out_len)) {
				exit_code = EXIT_USAGE;
				stop = true;
			}
		}
	}
	if (progress && last_shown > t0)
		fputs("\r\033[K", stderr); /* clear the progress line */
	if (p->silent)
		goto out;
	if (exit_code == EXIT_OK && o->max_errors >= 0 && st->rejects > (uint64_t)o->max_errors) {
		cli_err(o, "%llu bad records, more than --max-errors %lld",
			(unsigned long long)st->rejects, o->max_errors);
		exit_code = EXIT_BADRECORDS;
	}
	if (exit_code == EXIT_OK && st->io_errors) {
		cli_err(o, "%llu input(s) could not be read", (unsigned long long)st->io_errors);
		exit_code = EXIT_USAGE;
	}
	if (st->rejects && !o->quiet)
		cli_err(o, "%llu of %llu records rejected%s", (unsigned long long)st->rejects,
			(unsigned long long)st->records, o->rejects ? "" : " (see --rejects FILE)");
	goto out;
oom:
	cli_err(o, "out of memory");
	exit_code = EXIT_USAGE;
out:
	if (rd)
		nf_reader_stats_get(rd, &st->rd);
	st->seconds = cli_now() - t0;
	if (rj.f && fclose(rj.f)) {
		cli_err(o, "cannot write %s", o->rejects);
		exit_code = EXIT_USAGE;
	}
	nf_buf_release(&rj.b);
	if (r.w) {
		for (int t = 0; t < threads; t++) {
			nf_parser_free(r.w[t].parser);
			if (r.w[t].ws)
				p->worker_free(r.w[t].ws);
			nf_buf_release(&r.w[t].out);
			nf_buf_release(&r.w[t].idbuf);
		}
	}
	free(r.w);
	free(r.items);
	free(r.id_off);
	free(r.id_len);
	nf_buf_release(&r.bytes);
	nf_idset_free(ids);
	nf_pool_free(pool);
	nf_reader_free(rd);
	return exit_code;
}
