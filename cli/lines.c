/*
 * lines.c - the first pass shared by commands that mark boilerplate: count the lines of every
 * document, in parallel, to find page templates (lines repeated across documents whose
 * neighbours change). stdin is spooled so that the main pass can read it again.
 */
#include "cli.h"

/* Pass 1: count lines across the corpus to find page templates, in parallel. */
static int scan_work(void *ws, const nf_record *rec, const nf_doc *doc, nf_buf *out, nf_error *err)
{
	(void)ws;
	(void)rec;
	(void)err;
	return nf_lines_scan(doc->text.ptr, doc->text.len, out);
}

static int scan_accept(void *ctx, const char *out, size_t len)
{
	return nf_lines_add_scanned(ctx, out, len);
}

static int scan_worker_new(void *ctx, void **ws)
{
	(void)ctx;
	*ws = NULL;
	return 0;
}

static void scan_worker_free(void *ws)
{
	(void)ws;
}

int cli_count_lines(cli_opts *o, size_t min_docs, nf_lines **out, double *secs)
{
	double t0 = cli_now();
	nf_lines *lines;
	*out = NULL;
	if (nf_lines_new(&lines, min_docs, 0))
		return EXIT_USAGE;
	cli_pipe p = {.o = o,
		      .spool_stdin = true,
		      .silent = true,
		      .ctx = lines,
		      .worker_new = scan_worker_new,
		      .worker_free = scan_worker_free,
		      .work = scan_work,
		      .accept = scan_accept};
	cli_stats st;
	int rc = cli_pipe_run(&p, &st);
	*secs = cli_now() - t0;
	if (rc == EXIT_USAGE) {
		nf_lines_free(lines);
		return rc;
	}
	nf_lines_finish(lines);
	*out = lines;
	return 0;
}
