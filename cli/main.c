/* main.c - the newsfold command: a table of subcommands (git's builtin style). */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: newsfold <command> [options] [FILE|DIR|-]...\n"
    "\n"
    "newsfold turns a stream of news articles into stories.\n"
    "\n"
    "commands:\n"
    "  clean     read articles and write their cleaned text, paragraphs, sentences,\n"
    "            boilerplate and repairs as JSON lines\n"
    "  dedup     keep one article of each group of exact or near duplicates; report the\n"
    "            groups and the verified pairs\n"
    "  reuse     find the passages articles share (copies, partial reprints, quotations),\n"
    "            aligned with byte offsets into both texts\n"
    "  stories   group articles about the same event into stories (copied or written\n"
    "            independently), with their copy families, dates and top terms\n"
    "  digest    stories with their digests: headline, summary, quotes with speakers,\n"
    "            sources with their roles and additions, timeline, names\n"
    "  report    the stories and digests as one self-contained HTML file\n"
    "  compare   show two articles side by side with their shared passages highlighted\n"
    "  eval      score a clustering (id -> story) against a gold one: B-cubed,\n"
    "            pairwise P/R/F1, adjusted Rand index\n"
    "  add       add articles to a store (--store DIR): copies, stories and digests kept\n"
    "            across runs, with story ids that stay; stories, digest and report read it\n"
    "            back with --store DIR\n"
    "  remove    remove articles from a store by id (takedowns)\n"
    "  expire    remove a store's articles dated before a date\n"
    "  events    the story events of a store's adds (created, grew, merged, split, ...)\n"
    "  check     check a store's integrity\n"
    "  version   print the version\n"
    "  help      show this help, or a command's: newsfold help clean\n"
    "\n"
    "Input: JSONL (one article per line), seed files (\" date YYYY-MM-DD \" header), plain\n"
    "text, each optionally gzip or zstd compressed; directories are read recursively;\n"
    "'-' or no input reads stdin. Data goes to stdout, messages to stderr.\n"
    "Exit status: 0 ok, 1 bad records over --max-errors (or --strict), 2 usage or I/O error.\n"
    "See newsfold(1) for everything.\n";

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
	if (argc > 1) {
		const struct command *c = find(argv[1]);
		if (c && c->fn != cmd_help && c->fn != cmd_version) {
			char *args[] = {argv[1], (char *)"--help", NULL};
			return c->fn(2, args);
		}
	}
	fputs(usage, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
		name = "version";
	const struct command *c = find(name);
	if (!c) {
		fprintf(stderr, "newsfold: unknown command '%s'\n\n%s", argv[1], usage);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
