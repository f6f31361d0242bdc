/* main.c - the newsfold command: a table of subcommands (git's builtin style). */
#include "cli.h"

#include <string.h>

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("newsfold %s\n", nf_version());
	return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
    {"clean", cmd_clean},     {"dedup", cmd_dedup},	{"reuse", cmd_reuse},
    {"stories", cmd_stories}, {"digest", cmd_digest},	{"report", cmd_report},
    {"compare", cmd_compare}, {"eval", cmd_eval},	{"add", cmd_add},
    {"events", cmd_events},   {"check", cmd_check},	{"remove", cmd_remove},
    {"expire", cmd_expire},   {"version", cmd_version}, {"help", cmd_help},
};

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "newsfold: help takes one topic (a command), not %d\n", argc - 1);
		return EXIT_USAGE;
	}
	if (argc > 1) {
		const struct command *c = find(argv[1]);
		if (!c) {
			fprintf(
			    stderr,
			    "newsfold: no help on '%s': not a command (newsfold help lists them)\n",
			    argv[1]);
			return EXIT_USAGE;
		}
		if (c->fn != cmd_help && c->fn != cmd_version) {
			char *args[] = {argv[1], (char *)"--help", NULL};
			return c->fn(2, args);
		}
	}
	fputs(cli_help_newsfold, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(cli_help_newsfold, stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
		name = "version";
	const struct command *c = find(name);
	if (!c) {
		fprintf(stderr, "newsfold: unknown command '%s'\n\n%s", argv[1], cli_help_newsfold);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
