/* cmd_clean.c - newsfold clean: read articles, write one cleaned JSON record per document. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: newsfold clean [options] [FILE|DIR|-]...\n"
    "\n"
    "Reads articles and writes one JSON line per document: id and metadata, the cleaned\n"
    "text, paragraphs and sentences as [start,end] byte offsets into the original text,\n"
    "boilerplate spans with reasons and the repairs made. Bad records are rejected with\n"
    "file, line and reason; the run goes on.\n"
    "\n"
    "options:\n"
    "  -j, --threads N        worker threads (0 = all cores; default 0)\n"
    "  -o, --output FILE      write records to FILE instead of stdout\n"
    "  --rejects FILE         write rejected records as JSON lines to FILE\n"
    "  --stats-json FILE      write counts and timings as JSON to FILE\n"
    "  --max-errors N         exit 1 when more than N records are rejected\n"
    "  --strict               stop at the first bad record (exit 1)\n"
    "  --max-line SIZE        cap on one JSONL line or file (default 64M)\n"
    "  --id-field NAME        JSONL field names: --id-field --text-field --title-field\n"
    "                         --source-field --url-field --date-field (defaults: id, text,\n"
    "                         title, source, url, date or published)\n"
    "  --auto-id              records without an id get FILE:LINE instead of a reject\n"
    "  --tokens               add every token: [start, end, normalized form, flags]\n"
    "  --norm                 add the normalized text (NFKC, case folded, one space apart)\n"
    "  --no-mojibake          do not repair mojibake\n"
    "  --no-boilerplate       do not mark boilerplate\n"
    "  --repeat-min N         lines in N or more documents with varying neighbours are\n"
    "                         boilerplate (default 10; 0 turns the corpus pass off)\n"
    "  -q, --quiet            no per-record messages on stderr\n"
    "\n"
    "Duplicate ids: the first record with an id is kept, later ones are rejected.\n"
    "An input that cannot be opened or read is a reject too; the run goes on and exits 2.\n"
    "Offsets count bytes of the text field (JSONL) or of the file after its header\n"
    "(\"text_offset\" says where the text starts in the file).\n"
    "\n"
    "example:\n"
    "  newsfold clean -j0 --rejects bad.jsonl --stats-json stats.json articles.jsonl.zst \\\n"
    "      > clean.jsonl\n";

typedef struct sink {
	FILE *f;
	uint64_t bytes;
} sink;

static int accept(void *ctx, const nf_feed_item *it)
{
	sink *s = ctx;
	s->bytes += it->json.len;
	return fwrite(it->json.ptr, 1, it->json.len, s->f) == it->json.len ? 0 : -1;
}

int cmd_clean(int argc, char **argv)
{
	cli_opts o = {.cmd = "clean", .max_errors = -1};
	nf_feed_options fo;
	nf_feed_options_init(&fo);
	fo.make = NF_FEED_CLEAN_JSON;
	long long repeat_min = 10;
	FILE *out = stdout;
	const char **inputs = calloc((size_t)argc, sizeof(char *));
	if (!inputs)
		return EXIT_USAGE;
	o.inputs = inputs;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int k = cli_common_opt(&o, argc, argv, &i);
		if (k < 0)
			goto usage;
		if (k > 0)
			continue;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			free(inputs);
			return EXIT_OK;
		} else if (strcmp(a, "--tokens") == 0) {
			fo.json_flags |= NF_JSON_TOKENS;
		} else if (strcmp(a, "--norm") == 0) {
			fo.json_flags |= NF_JSON_NORM;
		} else if (strcmp(a, "--no-mojibake") == 0) {
			fo.clean.no_mojibake = true;
		} else if (strcmp(a, "--no-boilerplate") == 0) {
			fo.clean.no_boiler = true;
		} else if (strncmp(a, "--repeat-min", 12) == 0 && (a[12] == '=' || a[12] == '\0')) {
			const char *v = a[12] == '=' ? a + 13 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v || !cli_parse_int(v, 0, 1000000000, &repeat_min)) {
				cli_err(&o, "bad --repeat-min (a count, 0 = off)");
				goto usage;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			cli_err(&o, "unknown option '%s'", a);
			goto usage;
		} else {
			inputs[o.n_inputs++] = a;
		}
	}
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		free(inputs);
		return EXIT_USAGE;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	fo.repeat_min = (unsigned)repeat_min;
	cli_stats st;
	sink sk = {out, 0};
	int rc = cli_feed_run(&o, &fo, accept, &sk, &st, NULL);
	if (fflush(out) || ferror(out)) {
		cli_err(&o, "write error: %s", strerror(errno));
		rc = EXIT_USAGE;
	}
	st.bytes_out = sk.bytes;
	char extra[160];
	snprintf(extra, sizeof(extra), ",\"repeated_lines\":%zu,\"seconds_line_pass\":%.3f",
		 st.repeated_lines, st.seconds_line_pass);
	int src = cli_write_stats(&o, &st, extra);
	if (src && rc == EXIT_OK)
		rc = src;
	if (out != stdout)
		fclose(out);
	free(inputs);
	return rc;
usage:
	fprintf(stderr, "Try 'newsfold clean --help'.\n");
	free(inputs);
	return EXIT_USAGE;
}
