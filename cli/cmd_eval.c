/* cmd_eval.c - newsfold eval: a predicted clustering scored against a gold one (the work is
 * the library's: nf_eval_files, lib/cluster/evaluate.c). */
#include "cli.h"

#include <stdlib.h>

int cmd_eval(int argc, char **argv)
{
	cli_opts o = {.cmd = "eval"};
	const char *gold_path = NULL;
	bool json = false;
	const cli_arg args[] = {
	    CLI_ARG_STR("--gold", &gold_path),
	    CLI_ARG_FLAG("--json", &json),
	    {0},
	};
	int rc = cli_parse(&o, argc, argv, args, cli_help_eval, 0);
	if (rc == EXIT_OK && o.n_inputs > 1)
		rc = cli_usage(&o, "unexpected argument '%s'", o.inputs[1]);
	else if (rc == EXIT_OK && (!gold_path || o.n_inputs == 0))
		rc = cli_usage(&o, "both --gold GOLD and a prediction are needed");
	if (rc) {
		cli_opts_free(&o);
		return rc == CLI_HELP ? EXIT_OK : rc;
	}
	nf_eval_result r;
	nf_error err;
	nf_buf b;
	nf_buf_init(&b);
	rc = nf_eval_files(gold_path, o.inputs[0], &r, &err);
	if (rc)
		cli_err(&o, "%s", err.message);
	else if (json ? nf_write_eval_json(&b, &r) : nf_write_eval_text(&b, &r))
		rc = NF_ENOMEM;
	else if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout))
		rc = NF_EIO;
	nf_buf_release(&b);
	cli_opts_free(&o);
	return rc ? EXIT_USAGE : EXIT_OK;
}
