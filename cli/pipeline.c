/*
 * pipeline.c - the command side of a run over the inputs: a feed (lib/engine: read, parse,
 * clean and make what the command needs, in input order, on -j threads) whose rejects go to
 * stderr and --rejects and are counted, and whose documents go to the command.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

typedef struct rejects {
	FILE *f;
	nf_buf b;
	uint64_t shown;
} rejects;

static void report_reject(cli_opts *o, rejects *rj, const nf_error *e, const char *id,
			  size_t id_len, cli_stats *st)
{
	st->rejects++;
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

static int show_progress(void *ctx, uint64_t records, uint64_t bytes, bool first_pass)
{
	cli_progress *pg = ctx;
	double t = cli_now();
	if (t - pg->last < 0.5)
		return 0;
	pg->last = t;
	pg->shown = true;
	fprintf(stderr, "\rnewsfold %s: %s%llu records, %.0f MB, %.1f MB/s   ", pg->o->cmd,
		first_pass ? "counting lines: " : "", (unsigned long long)records,
		(double)bytes / 1e6, t > pg->t0 ? (double)bytes / 1e6 / (t - pg->t0) : 0.0);
	return 0;
}

void cli_feed_setup(cli_opts *o, nf_feed_options *fo, cli_progress *pg)
{
	*pg = (cli_progress){o, cli_now(), 0, false};
	pg->last = pg->t0;
	fo->read = o->read;
	fo->threads = o->threads;
	if (!o->quiet && isatty(2)) {
		fo->progress = show_progress;
		fo->progress_ctx = pg;
	}
}

int cli_read_all(cli_opts *o, cli_next_fn next, void *src, cli_accept_fn accept, void *ctx,
		 cli_progress *pg, cli_stats *st)
{
	int exit_code = EXIT_OK, rc;
	rejects rj = {0};
	memset(st, 0, sizeof(*st));
	if (o->rejects && !(rj.f = fopen(o->rejects, "w"))) {
		cli_err(o, "cannot write %s: %s", o->rejects, strerror(errno));
		return EXIT_USAGE;
	}
	nf_buf_init(&rj.b);
	nf_feed_item it;
	while ((rc = next(src, &it)) == 1) {
		if (it.rc < 0) {
			report_reject(o, &rj, &it.err, it.id.ptr, it.id.len, st);
			if (o->strict) {
				cli_err(o, "stopping at the first bad record (--strict)");
				exit_code = EXIT_BADRECORDS;
				break;
			}
			continue;
		}
		if (accept && accept(ctx, &it)) {
			exit_code = EXIT_USAGE;
			break;
		}
	}
	if (pg->shown)
		fputs("\r\033[K", stderr); /* clear the progress line */
	if (rc < 0) {
		cli_err(o, "%s", nf_strerror(rc));
		exit_code = EXIT_USAGE;
	}
	if (rj.f && fclose(rj.f)) {
		cli_err(o, "cannot write %s", o->rejects);
		exit_code = EXIT_USAGE;
	}
	nf_buf_release(&rj.b);
	return exit_code;
}

int cli_read_end(cli_opts *o, int exit_code, const nf_feed_stats *fs, const cli_progress *pg,
		 cli_stats *st)
{
	st->records = fs->records;
	st->docs = fs->docs;
	memcpy(st->by_reason, fs->by_code, sizeof(st->by_reason));
	st->rd = fs->read;
	st->repeated_lines = fs->repeated_lines;
	st->seconds_line_pass = fs->seconds_line_pass;
	st->seconds = cli_now() - pg->t0;
	if (exit_code == EXIT_USAGE)
		return exit_code;
	if (exit_code == EXIT_OK && o->max_errors >= 0 && fs->rejects > (uint64_t)o->max_errors) {
		cli_err(o, "%llu bad records, more than --max-errors %lld",
			(unsigned long long)fs->rejects, o->max_errors);
		exit_code = EXIT_BADRECORDS;
	}
	if (exit_code == EXIT_OK && st->io_errors) {
		cli_err(o, "%llu input(s) could not be read", (unsigned long long)st->io_errors);
		exit_code = EXIT_USAGE;
	}
	if (fs->rejects && !o->quiet)
		cli_err(o, "%llu of %llu records rejected%s", (unsigned long long)fs->rejects,
			(unsigned long long)fs->records, o->rejects ? "" : " (see --rejects FILE)");
	return exit_code;
}

static int feed_next(void *src, nf_feed_item *it)
{
	return nf_feed_next(src, it);
}

int cli_feed_run(cli_opts *o, nf_feed_options *fo, cli_accept_fn accept, void *ctx, cli_stats *st,
		 nf_lines **lines)
{
	cli_progress pg;
	nf_feed *f = NULL;
	cli_feed_setup(o, fo, &pg);
	int rc = nf_feed_new(&f, fo);
	if (rc) {
		cli_err(o, "%s", nf_strerror(rc));
		return EXIT_USAGE;
	}
	for (int i = 0; i < o->n_inputs; i++) {
		if ((rc = nf_feed_add(f, o->inputs[i]))) {
			cli_err(o, "%s: %s", o->inputs[i], nf_strerror(rc));
			nf_feed_free(f);
			return EXIT_USAGE;
		}
	}
	int exit_code = cli_read_all(o, feed_next, f, accept, ctx, &pg, st);
	nf_feed_stats fs;
	nf_feed_stats_get(f, &fs);
	exit_code = cli_read_end(o, exit_code, &fs, &pg, st);
	if (lines)
		*lines = nf_feed_take_lines(f);
	nf_feed_free(f);
	return exit_code;
}
