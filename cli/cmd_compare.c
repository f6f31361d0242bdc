/*
 * cmd_compare.c - newsfold compare: two articles side by side with their shared passages. This
 * finds the two articles (by id, or the first two), cleans and aligns them; the text is the
 * library's (nf_write_compare, lib/write/compare.c).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* One article: a copy of its record (and file name: a seed file's id is made from it),
 * parsed, cleaned and prepared for alignment. */
typedef struct side {
	nf_buf rec, file;
	nf_doc doc;
	nf_parser *p;
	nf_cleaner *cl;
	nf_align_doc *ad;
	nf_cleaned c;
} side;

static int load_side(side *sd, const nf_record *rec, const nf_read_options *ro)
{
	nf_error err;
	nf_buf_reset(&sd->rec);
	nf_buf_reset(&sd->file);
	if (nf_buf_append(&sd->rec, rec->data, rec->len) ||
	    (rec->file && nf_buf_append(&sd->file, rec->file, strlen(rec->file) + 1)))
		return -1;
	nf_record copy = *rec;
	copy.data = sd->rec.data;
	if (rec->file)
		copy.file = sd->file.data;
	if (!sd->p && nf_parser_new(&sd->p, ro))
		return -1;
	return nf_parse(sd->p, &copy, &sd->doc, &err) ? -1 : 0;
}

static void free_side(side *sd)
{
	nf_buf_release(&sd->rec);
	nf_buf_release(&sd->file);
	nf_parser_free(sd->p);
	nf_cleaner_free(sd->cl);
	nf_align_doc_free(sd->ad);
}

/* Reads the inputs until both articles are found: by id (want), or the first two. Returns 0 or
 * an exit code (message printed). */
static int find(cli_opts *o, const char *const want[2], side sd[2])
{
	nf_reader *rd = NULL;
	nf_parser *p = NULL;
	if (nf_reader_new(&rd, &o->read) || cli_add_inputs(o, rd) || nf_parser_new(&p, &o->read)) {
		nf_reader_free(rd);
		return EXIT_USAGE;
	}
	int found = 0, r;
	bool have[2] = {false, false};
	nf_record rec;
	nf_error err;
	bool failed = false;
	while (!failed && found < 2 && (r = nf_reader_next(rd, &rec, &err)) != 0) {
		nf_doc d;
		if (r == NF_ENOMEM)
			break;
		if (r < 0 || nf_parse(p, &rec, &d, &err)) {
			if (!o->quiet)
				cli_err(o, "%s:%llu: %s",
					r < 0 ? (err.file ? err.file : "-") : rec.file,
					(unsigned long long)(r < 0 ? err.line : rec.line),
					err.message);
			continue;
		}
		for (int s = 0; s < 2; s++) {
			bool match = want[s] ? strlen(want[s]) == d.id.len &&
						   memcmp(want[s], d.id.ptr, d.id.len) == 0
					     : s == found;
			if (!have[s] && match) {
				failed = load_side(&sd[s], &rec, &o->read) != 0;
				have[s] = true;
				found++;
				break;
			}
		}
	}
	nf_parser_free(p);
	nf_reader_free(rd);
	if (failed) {
		cli_err(o, "out of memory");
		return EXIT_USAGE;
	}
	if (found == 2)
		return 0;
	if (want[0])
		cli_err(o, "article '%s' not found", !have[0] ? want[0] : want[1]);
	else
		cli_err(o, "two articles are needed, %d found", found);
	return EXIT_USAGE;
}

/* The options every reading command shares that mean nothing here: compare writes no records,
 * rejects or stats and runs on one thread. */
static bool applies(const char *a)
{
	static const char *const not_here[] = {"--threads",    "--output",     "--rejects",
					       "--stats-json", "--max-errors", "--strict"};
	if ((a[0] == '-' && a[1] == 'j') || strcmp(a, "-o") == 0)
		return false;
	for (size_t k = 0; k < sizeof(not_here) / sizeof(not_here[0]); k++) {
		size_t n = strlen(not_here[k]);
		if (strncmp(a, not_here[k], n) == 0 && (a[n] == '\0' || a[n] == '='))
			return false;
	}
	return true;
}

/* Cleans and aligns both sides and prints the comparison. Returns an exit code. */
static int show(cli_opts *o, side sd[2], const nf_align_options *aopt, int width, int color)
{
	nf_aligner *al = NULL;
	nf_alignment res;
	int rc = nf_aligner_new(&al, aopt);
	for (int s = 0; s < 2 && !rc; s++) {
		side *q = &sd[s];
		rc = nf_cleaner_new(&q->cl, NULL) || nf_align_doc_new(&q->ad) ||
		     nf_clean(q->cl, q->doc.text.ptr, q->doc.text.len, &q->c) ||
		     nf_align_doc_set(q->ad, q->doc.text.ptr, q->doc.text.len, q->doc.date, &q->c);
	}
	if (!rc)
		rc = nf_align(al, sd[0].ad, sd[1].ad, &res);
	nf_buf b;
	nf_buf_init(&b);
	const char *nc = getenv("NO_COLOR");
	bool tty = isatty(STDOUT_FILENO);
	struct winsize ws;
	if (!width)
		width = tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20
			    ? ws.ws_col
			    : 120;
	const nf_doc *docs[2] = {&sd[0].doc, &sd[1].doc};
	const nf_cleaned *cl[2] = {&sd[0].c, &sd[1].c};
	if (!rc)
		rc = nf_write_compare(&b, docs, cl, &res, width,
				      color == 1 || (color == 0 && tty && !(nc && nc[0])));
	nf_aligner_free(al);
	if (rc) {
		cli_err(o, "out of memory");
		nf_buf_release(&b);
		return EXIT_USAGE;
	}
	bool ok = fwrite(b.data, 1, b.len, stdout) == b.len && !fflush(stdout);
	nf_buf_release(&b);
	return ok ? EXIT_OK : EXIT_USAGE;
}

int cmd_compare(int argc, char **argv)
{
	cli_opts o = {.cmd = "compare", .max_errors = -1};
	nf_align_options aopt = {0};
	const char *want[2] = {NULL, NULL};
	int width = 0, color = 0;
	const cli_arg args[] = {
	    CLI_ARG_STR("--a", &want[0]),
	    CLI_ARG_STR("--b", &want[1]),
	    CLI_ARG_INT("--width", &width, 20, 1000),
	    {.name = "--color",
	     .alias = "--colour",
	     .kind = CLI_CHOICE,
	     .dst = &color,
	     .choices = "auto|always|never"},
	    CLI_ARG_INT("--min-words", &aopt.min_words, 1, 1000000),
	    CLI_ARG_INT("--seed-words", &aopt.seed_words, 1, 64),
	    CLI_ARG_INT("--max-gap", &aopt.max_gap, 1, 1000),
	    {0},
	};
	for (int i = 1; i < argc; i++)
		if (!applies(argv[i])) {
			cli_err(&o, "%s does not apply to compare (see newsfold compare --help)",
				argv[i]);
			fprintf(stderr, "Try 'newsfold compare --help'.\n");
			return EXIT_USAGE;
		}
	int rc = cli_parse(&o, argc, argv, args, cli_help_compare, CLI_COMMON);
	if (rc) {
		cli_opts_free(&o);
		return rc == CLI_HELP ? EXIT_OK : rc;
	}
	side sd[2];
	memset(sd, 0, sizeof(sd));
	const char *usage = (want[0] != NULL) != (want[1] != NULL) ? "--a and --b go together"
			    : !want[0] && o.n_inputs == 0
				? "two articles are needed: newsfold compare A B"
				: NULL;
	if (usage) {
		cli_err(&o, "%s", usage);
		fprintf(stderr, "Try 'newsfold compare --help'.\n");
		rc = EXIT_USAGE;
	} else {
		rc = find(&o, want, sd) ? EXIT_USAGE : show(&o, sd, &aopt, width, color);
	}
	free_side(&sd[0]);
	free_side(&sd[1]);
	cli_opts_free(&o);
	return rc;
}
