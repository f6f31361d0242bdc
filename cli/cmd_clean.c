/* cmd_clean.c - newsfold clean: read articles, write one cleaned JSON record per document. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
	unsigned repeat_min = 10;
	bool tokens = false, norm = false;
	FILE *out = stdout;
	const cli_arg args[] = {
	    CLI_ARG_FLAG("--tokens", &tokens),
	    CLI_ARG_FLAG("--norm", &norm),
	    CLI_ARG_FLAG("--no-mojibake", &fo.clean.no_mojibake),
	    CLI_ARG_FLAG("--no-boilerplate", &fo.clean.no_boiler),
	    CLI_ARG_INT("--repeat-min", &repeat_min, 0, 1000000000),
	    {0},
	};
	int prc = cli_parse(&o, argc, argv, args, cli_help_clean, CLI_COMMON);
	if (prc) {
		cli_opts_free(&o);
		return prc == CLI_HELP ? EXIT_OK : prc;
	}
	fo.json_flags |= (tokens ? NF_JSON_TOKENS : 0) | (norm ? NF_JSON_NORM : 0);
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_err(&o, "cannot write %s: %s", o.output, strerror(errno));
		cli_opts_free(&o);
		return EXIT_USAGE;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	fo.repeat_min = repeat_min;
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
	if (out != stdout && fclose(out) && rc == EXIT_OK) {
		cli_err(&o, "cannot write %s", o.output);
		rc = EXIT_USAGE;
	}
	cli_opts_free(&o);
	return rc;
}
