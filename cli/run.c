/*
 * run.c - the one driver of the reading commands: a job of the library (nf_job: dedup, reuse,
 * stories, add) is fed the documents of the inputs, finished, then drained into its outputs;
 * rejects go to stderr and --rejects, progress to a terminal, the counters to --stats-json.
 * Every output file appears whole or not at all (nf_out).
 */
#include "cli.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cli_threads(const cli_opts *o)
{
	if (o->threads > 0)
		return o->threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

/* Progress on a terminal: one run per process. The share done and the time left are shown
 * when the inputs' size is known (files and directories of files, none compressed: the
 * progress counts the bytes of the records, after decompression). */
static double t_last, t_pass;
static bool progress_shown, last_pass1;
static const cli_opts *progress_on; /* the run showing progress, or NULL */
static double progress_every = 0.5; /* seconds between updates (NEWSFOLD_PROGRESS_INTERVAL) */
static uint64_t total_bytes;	    /* 0: unknown */

static bool compressed_name(const char *p)
{
	size_t n = strlen(p);
	return (n > 3 && strcmp(p + n - 3, ".gz") == 0) ||
	       (n > 4 && strcmp(p + n - 4, ".zst") == 0);
}

static uint64_t walk_total;
static bool walk_unknown;

static int walk_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_F && S_ISREG(st->st_mode)) {
		if (compressed_name(path))
			walk_unknown = true;
		walk_total += (uint64_t)st->st_size;
	}
	return walk_unknown; /* stop at the first compressed file */
}

/* The inputs' bytes, or 0 when unknown (stdin, a compressed or special file). */
static uint64_t inputs_size(const cli_opts *o)
{
	walk_total = 0;
	walk_unknown = o->n_inputs == 0;
	for (int i = 0; i < o->n_inputs && !walk_unknown; i++) {
		struct stat st;
		const char *p = o->inputs[i];
		if (strcmp(p, "-") == 0 || stat(p, &st) != 0)
			walk_unknown = true;
		else if (S_ISDIR(st.st_mode))
			nftw(p, walk_one, 16, FTW_PHYS);
		else if (S_ISREG(st.st_mode) && !compressed_name(p))
			walk_total += (uint64_t)st.st_size;
		else
			walk_unknown = true;
	}
	return walk_unknown ? 0 : walk_total;
}

static int show_progress(void *o, uint64_t records, uint64_t bytes, bool first_pass)
{
	double t = now();
	if (t - t_last < progress_every)
		return 0;
	if (first_pass != last_pass1 || !progress_shown) {
		t_pass = t_last; /* a pass begins: the second reads the inputs again */
		last_pass1 = first_pass;
	}
	t_last = t;
	progress_shown = true;
	char share[64] = "";
	if (total_bytes && bytes && bytes <= total_bytes) {
		double done = (double)bytes / (double)total_bytes, spent = t - t_pass;
		double left = spent * (1 - done) / done;
		snprintf(share, sizeof(share), ", %.0f%%, %.0f s left", 100 * done, left);
	}
	fprintf(stderr, "\rnewsfold %s: %s%llu records, %.0f MB%s, %.1f MB/s   ",
		((cli_opts *)o)->cmd, first_pass ? "counting lines: " : "",
		(unsigned long long)records, (double)bytes / 1e6, share,
		t > t_pass ? (double)bytes / 1e6 / (t - t_pass) : 0.0);
	return 0;
}

void cli_feed_options(cli_opts *o, nf_feed_options *fo)
{
	t_last = t_pass = now();
	fo->read = o->read;
	fo->threads = o->threads;
	fo->tmp_dir = o->tmp_dir;
	if (!o->quiet && isatty(2)) {
		fo->progress = show_progress;
		fo->progress_ctx = o;
		progress_on = o;
		total_bytes = inputs_size(o);
		const char *every = getenv("NEWSFOLD_PROGRESS_INTERVAL");
		if (every && *every)
			progress_every = strtod(every, NULL);
	}
}

/* A run in progress: what the driver keeps besides the job. */
typedef struct run {
	cli_opts *o;
	cli_job *j;
	nf_feed *feed;
	nf_out *rejects;
	nf_buf rj;
	nf_feed_stats seen; /* counted from the items (for a job that keeps no feed stats) */
	uint64_t shown, io_errors;
	double t0;
} run;

static void report_reject(run *r, const nf_feed_item *it)
{
	const nf_error *e = &it->err;
	const cli_opts *o = r->o;
	r->seen.records++;
	r->seen.rejects++;
	if (e->code == NF_ENOENT || e->code == NF_EIO)
		r->io_errors++;
	if (-e->code >= 0 && -e->code < 32)
		r->seen.by_code[-e->code]++;
	if (r->rejects) {
		nf_write_reject_json(&r->rj, e, it->id.len ? &it->id : NULL);
		nf_out_buf(r->rejects, &r->rj);
	}
	if (!o->quiet && r->shown < 20)
		fprintf(stderr, "newsfold %s: %s:%llu: %s: %s\n", o->cmd,
			e->file && *e->file ? e->file : "?", (unsigned long long)e->line,
			nf_errreason(e->code), e->message);
	else if (!o->quiet && r->shown == 20)
		fprintf(stderr, "newsfold %s: more rejects not shown%s\n", o->cmd,
			r->rejects ? " (all are in the rejects file)" : "; use --rejects FILE");
	r->shown++;
}

/* Says why the job failed (what: in which work, or NULL): the object's message, or the
 * code's. */
static void failed(const run *r, const char *what, int rc)
{
	const nf_job *jb = &r->j->job;
	const char *m = jb->errmsg ? jb->errmsg(jb->obj) : NULL;
	cli_err(r->o, "%s%s%s", what ? what : "", what ? " failed: " : "",
		m && *m ? m : nf_strerror(rc));
}

/* The feed over the inputs, for a job that is fed (accept). */
static int start(run *r)
{
	cli_opts *o = r->o;
	cli_feed_options(o, &r->j->job.fo);
	int rc = nf_feed_new(&r->feed, &r->j->job.fo);
	if (rc)
		cli_err(o, "%s", nf_strerror(rc));
	for (int i = 0; rc == 0 && i < o->n_inputs; i++)
		if ((rc = nf_feed_add(r->feed, o->inputs[i])))
			cli_err(o, "%s: %s", o->inputs[i], nf_strerror(rc));
	return rc ? EXIT_USAGE : EXIT_OK;
}

/* Every item: rejects reported, documents to the job. Returns an exit code. */
static int read_all(run *r)
{
	cli_opts *o = r->o;
	nf_job *jb = &r->j->job;
	nf_feed_item it;
	int rc, exit_code = EXIT_OK;
	while ((rc = jb->read ? jb->read(jb->obj, &it) : nf_feed_next(r->feed, &it)) == 1) {
		if (it.rc < 0) {
			report_reject(r, &it);
			if (o->strict) {
				cli_err(o, "stopping at the first bad record (--strict)");
				exit_code = EXIT_BADRECORDS;
				break;
			}
			continue;
		}
		r->seen.records++;
		r->seen.docs++;
		if (jb->accept && (rc = jb->accept(jb->obj, &it)) != 0)
			break;
	}
	if (progress_shown)
		fputs("\r\033[K", stderr); /* clear the progress line */
	if (rc < 0) {
		failed(r, NULL, rc);
		return EXIT_USAGE;
	}
	return exit_code;
}

/* After reading: --max-errors, the summary of rejects. */
static int read_end(run *r, int exit_code, const nf_feed_stats *fs)
{
	const cli_opts *o = r->o;
	if (exit_code == EXIT_OK && o->max_errors >= 0 && fs->rejects > (uint64_t)o->max_errors) {
		cli_err(o, "%llu bad %s, more than --max-errors %lld",
			(unsigned long long)fs->rejects, fs->rejects == 1 ? "record" : "records",
			o->max_errors);
		exit_code = EXIT_BADRECORDS;
	}
	if (fs->rejects && !o->quiet)
		cli_err(o, "%llu of %llu %s rejected%s", (unsigned long long)fs->rejects,
			(unsigned long long)fs->records, fs->records == 1 ? "record" : "records",
			o->rejects ? "" : " (see --rejects FILE)");
	return exit_code;
}

/* Drains the job into its outputs (the side outputs not asked for are dropped). Returns 0 or
 * an NF_E* (NF_EIO: an output). */
/* Progress of the writing phase on a terminal (stories closing, digests, the report). */
static void show_done(const cli_job *j, double t0)
{
	uint64_t done, total;
	double t = now();
	if (!j->job.done || !progress_on || t - t_last < progress_every)
		return;
	j->job.done(j->job.obj, &done, &total);
	t_last = t;
	progress_shown = true;
	if (!done || !total || done > total)
		return;
	double share = (double)done / (double)total;
	fprintf(stderr, "\rnewsfold %s: writing: %llu of %llu articles, %.0f%%, %.0f s left   ",
		progress_on->cmd, (unsigned long long)done, (unsigned long long)total, 100 * share,
		(t - t0) * (1 - share) / share);
}

static int drain(cli_job *j)
{
	nf_buf b[NF_JOB_OUTPUTS];
	for (int i = 0; i < NF_JOB_OUTPUTS; i++)
		nf_buf_init(&b[i]);
	int rc = 0, more;
	double t0 = now();
	while (rc == 0 && j->job.next && (more = j->job.next(j->job.obj, b)) != 0) {
		if (more < 0)
			rc = more;
		show_done(j, t0);
		for (int i = 0; rc == 0 && i < NF_JOB_OUTPUTS; i++)
			if (!j->out[i])
				nf_buf_reset(&b[i]);
			else if (b[i].len >= (1 << 16))
				rc = nf_out_buf(j->out[i], &b[i]);
	}
	for (int i = 0; i < NF_JOB_OUTPUTS; i++) {
		if (rc == 0 && j->out[i])
			rc = nf_out_buf(j->out[i], &b[i]);
		nf_buf_release(&b[i]);
	}
	return rc;
}

/* Writes a whole file (atomically). Returns an exit code (message printed). */
static int cli_write_file(const cli_opts *o, const char *path, const void *data, size_t len)
{
	nf_out *f;
	nf_error err;
	int rc = nf_out_open(&f, path, &err);
	if (rc == 0) {
		nf_out_write(f, data, len);
		rc = nf_out_commit(f, &err); /* says why a write failed */
	}
	if (rc)
		cli_err(o, "%s", err.message);
	nf_out_free(f);
	return rc ? EXIT_USAGE : EXIT_OK;
}

/* --stats-json: the shared counters and the job's. */
static int write_stats(run *r, const nf_feed_stats *fs, const nf_phase_seconds *t)
{
	cli_opts *o = r->o;
	nf_job *jb = &r->j->job;
	struct rusage ru;
	nf_run_stats rs = {o->cmd,
			   cli_threads(o),
			   fs,
			   r->j->out[0] ? nf_out_bytes(r->j->out[0]) : 0,
			   now() - r->t0,
			   getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0};
	nf_buf b;
	nf_buf_init(&b);
	nf_write_stats_begin(&b, &rs);
	if (jb->stats)
		jb->stats(jb->obj, &b, t);
	nf_write_stats_end(&b);
	int rc = 0;
	if (o->stats_json)
		rc = b.oom ? (cli_err(o, "out of memory"), EXIT_USAGE)
			   : cli_write_file(o, o->stats_json, b.data, b.len);
	nf_buf_release(&b);
	return rc;
}

/* An output that is an input, or that a later run over the same inputs would read, is
 * refused. */
static bool overwrites_input(const cli_opts *o, const char *out)
{
	for (int i = 0; out && i < o->n_inputs; i++)
		if (nf_input_covers(o->inputs[i], out)) {
			cli_usage(o, "will not write %s: it is read as input (%s)", out,
				  o->inputs[i]);
			return true;
		}
	return false;
}

/* Opens the outputs asked for (the main one, the job's side outputs, the rejects). */
static int open_outputs(run *r)
{
	nf_error err;
	cli_job *j = r->j;
	const cli_opts *o = r->o;
	if (overwrites_input(o, o->output) || overwrites_input(o, o->rejects) ||
	    overwrites_input(o, o->stats_json) || overwrites_input(o, j->path[1]) ||
	    overwrites_input(o, j->path[2]))
		return EXIT_USAGE;
	for (int i = 0; i < NF_JOB_OUTPUTS && !j->no_output; i++)
		if ((i == 0 || j->path[i]) &&
		    nf_out_open(&j->out[i], i == 0 ? r->o->output : j->path[i], &err)) {
			cli_err(r->o, "%s", err.message);
			return EXIT_USAGE;
		}
	if (r->o->rejects && nf_out_open(&r->rejects, r->o->rejects, &err)) {
		cli_err(r->o, "%s", err.message);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Puts the outputs in place: all of them after a run that went through (go), only the rejects
 * after one that did not (the previous outputs stay). */
static int commit(run *r, bool go, int exit_code)
{
	nf_error err;
	cli_job *j = r->j;
	for (int i = 0; i < NF_JOB_OUTPUTS; i++) {
		if (go && j->out[i] && nf_out_commit(j->out[i], &err)) {
			cli_err(r->o, "%s", err.message);
			exit_code = EXIT_USAGE;
		}
		nf_out_free(j->out[i]);
		j->out[i] = NULL;
	}
	if (r->rejects && nf_out_commit(r->rejects, &err)) {
		cli_err(r->o, "%s", err.message);
		exit_code = EXIT_USAGE;
	}
	nf_out_free(r->rejects);
	return exit_code;
}

/* The work after reading: prepare, finish, drain into the outputs. Returns 0 or the NF_E*
 * (said). */
static int finish_and_drain(run *r, nf_phase_seconds *t)
{
	cli_job *j = r->j;
	nf_error err;
	int rc = j->prepare ? j->prepare(j->ctx) : 0;
	if (rc == 0 && j->job.finish && (rc = j->job.finish(j->job.obj, j->lines)))
		failed(r, j->job.what, rc);
	t->finish = now() - r->t0 - t->line_pass - t->read;
	if (rc == 0 && (rc = drain(j)) != 0 && rc != NF_EIO)
		failed(r, j->job.what, rc);
	for (int i = 0; rc == NF_EIO && i < NF_JOB_OUTPUTS; i++)
		if (j->out[i] && nf_out_status(j->out[i], &err))
			cli_err(r->o, "%s", err.message);
	t->write = now() - r->t0 - t->line_pass - t->read - t->finish;
	return rc;
}

/* Reads, works, writes --stats-json; *go says whether the outputs are to be put in place.
 * Returns an exit code. */
static int work(run *r, bool *go)
{
	cli_opts *o = r->o;
	cli_job *j = r->j;
	int rc = read_all(r);
	nf_feed_stats fs = r->seen;
	if (r->feed) {
		nf_feed_stats_get(r->feed, &fs);
		j->lines = nf_feed_take_lines(r->feed);
	} else if (j->job.feed_stats) {
		j->job.feed_stats(j->job.obj, &fs);
	}
	j->fs = fs;
	if (rc == EXIT_USAGE)
		return rc;
	rc = read_end(r, rc, &fs);
	/* a bad record stops an all-or-nothing job (an add); the others write what they have,
	 * and an unreadable input costs only itself, unless nothing at all was read */
	*go = (rc == EXIT_OK || (rc == EXIT_BADRECORDS && !j->job.all_or_nothing)) &&
	      !(r->io_errors && fs.docs == 0);
	if (!*go && r->io_errors)
		cli_err(o, "%llu %s could not be read: nothing was written",
			(unsigned long long)r->io_errors, r->io_errors == 1 ? "input" : "inputs");
	if (!*go)
		return r->io_errors ? EXIT_USAGE : rc;
	nf_phase_seconds t = {fs.seconds_line_pass, now() - r->t0 - fs.seconds_line_pass, 0, 0};
	if (finish_and_drain(r, &t)) {
		*go = false;
		return EXIT_USAGE;
	}
	nf_buf line;
	nf_buf_init(&line);
	if (j->job.summary && !o->quiet && j->job.summary(j->job.obj, &line) == 0)
		cli_err(o, "%.*s", (int)line.len, line.data);
	nf_buf_release(&line);
	if (r->io_errors) {
		cli_err(o, "%llu %s could not be read", (unsigned long long)r->io_errors,
			r->io_errors == 1 ? "input" : "inputs");
		rc = EXIT_USAGE;
	}
	int src = write_stats(r, &fs, &t);
	return src && rc == EXIT_OK ? src : rc;
}

int cli_run(cli_opts *o, cli_job *j)
{
	run r = {.o = o, .j = j, .t0 = now()};
	nf_buf_init(&r.rj);
	bool go = false;
	int rc = open_outputs(&r);
	if (rc == EXIT_OK && j->job.accept)
		rc = start(&r);
	if (rc == EXIT_OK)
		rc = work(&r, &go);
	rc = commit(&r, go, rc);
	nf_feed_free(r.feed);
	nf_buf_release(&r.rj);
	return rc;
}
