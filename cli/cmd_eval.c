/*
 * cmd_eval.c - newsfold eval: how well a predicted clustering (id -> story) agrees with a gold
 * one. Reads both as "id<TAB>label" lines (the gold format of ../shared/eval), or the prediction
 * as JSON lines with "id" and "story"; scores with nf_cluster_scores().
 */
#include "cli.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: newsfold eval --gold GOLD.tsv [--json] PRED\n"
    "\n"
    "Compares a predicted clustering with a gold one and prints B-cubed precision,\n"
    "recall and F1 (the main figure), pairwise precision, recall and F1, and the adjusted\n"
    "Rand index. Both files map article ids to cluster labels: lines \"id<TAB>label\";\n"
    "PRED may also be JSON lines with \"id\" and \"story\". The items are the gold ids: an id\n"
    "missing from PRED counts as a cluster of its own; ids only in PRED are left out (both\n"
    "are counted). '-' reads PRED from stdin.\n"
    "\n"
    "options:\n"
    "  --gold FILE            the gold clustering (required)\n"
    "  --json                 print one JSON object instead of text\n";

/* A map from strings to dense indexes (open addressing, FNV-1a). */
typedef struct smap {
	char **key;
	uint32_t *val;
	size_t n, cap;
} smap;

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* Index of s (added with the next index if new; *added tells). UINT32_MAX on failure. */
static uint32_t smap_get(smap *m, const char *s, size_t n, bool add, bool *added)
{
	if (added)
		*added = false;
	if (add && 2 * (m->n + 1) > m->cap) {
		size_t nc = m->cap ? 2 * m->cap : 1024;
		char **k = calloc(nc, sizeof(char *));
		uint32_t *v = calloc(nc, sizeof(uint32_t));
		if (!k || !v) {
			free(k);
			free(v);
			return UINT32_MAX;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->key[i])
				continue;
			size_t j = fnv(m->key[i], strlen(m->key[i])) & (nc - 1);
			while (k[j])
				j = (j + 1) & (nc - 1);
			k[j] = m->key[i];
			v[j] = m->val[i];
		}
		free(m->key);
		free(m->val);
		m->key = k;
		m->val = v;
		m->cap = nc;
	}
	if (!m->cap)
		return UINT32_MAX;
	size_t j = fnv(s, n) & (m->cap - 1);
	while (m->key[j]) {
		if (strlen(m->key[j]) == n && memcmp(m->key[j], s, n) == 0)
			return m->val[j];
		j = (j + 1) & (m->cap - 1);
	}
	if (!add)
		return UINT32_MAX;
	if (!(m->key[j] = strndup(s, n)))
		return UINT32_MAX;
	m->val[j] = (uint32_t)m->n++;
	if (added)
		*added = true;
	return m->val[j];
}

static void smap_free(smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
}

/* One line of a clustering: "id<TAB>label", or a JSON object with "id" and "story". */
static bool split_line(char *line, size_t len, bool json, const char **id, size_t *idn,
		       const char **lab, size_t *labn, json_object **holder)
{
	if (!json) {
		char *tab = memchr(line, '\t', len);
		if (!tab || tab == line || tab + 1 == line + len)
			return false;
		*id = line;
		*idn = (size_t)(tab - line);
		*lab = tab + 1;
		*labn = len - *idn - 1;
		return memchr(*lab, '\t', *labn) == NULL;
	}
	json_object *o = json_tokener_parse(line), *vi, *vs;
	*holder = o;
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "id", &vi) || !json_object_object_get_ex(o, "story", &vs))
		return false;
	if (!json_object_is_type(vi, json_type_string) && !json_object_is_type(vi, json_type_int))
		return false;
	if (!json_object_is_type(vs, json_type_string) && !json_object_is_type(vs, json_type_int))
		return false;
	*id = json_object_get_string(vi);
	*idn = strlen(*id);
	*lab = json_object_get_string(vs);
	*labn = strlen(*lab);
	return *idn > 0;
}

typedef struct clustering {
	smap labels;
	uint32_t *label; /* by item (gold id index); UINT32_MAX = none */
	size_t lines, duplicates, unknown;
} clustering;

/* Reads a clustering. With `items` adding, ids become items; otherwise only known ids count.
 * Returns 0, or -1 after a message. */
static int read_clustering(const cli_opts *o, const char *path, smap *items, bool add_items,
			   clustering *c)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		cli_err(o, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0, cap_label = 0;
	ssize_t got;
	int rc = 0, json = -1;
	while ((got = getline(&line, &cap, f)) >= 0) {
		lineno++;
		size_t len = (size_t)got;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		size_t sp = 0;
		while (sp < len && (line[sp] == ' ' || line[sp] == '\t'))
			sp++;
		if (sp == len || line[sp] == '#')
			continue;
		if (json < 0)
			json = !add_items && line[sp] == '{';
		const char *id, *lab;
		size_t idn, labn;
		json_object *holder = NULL;
		if (!split_line(line, len, json == 1, &id, &idn, &lab, &labn, &holder)) {
			cli_err(o, "%s:%zu: expected %s", path, lineno,
				json == 1 ? "a JSON object with \"id\" and \"story\""
					  : "\"id<TAB>label\"");
			json_object_put(holder);
			rc = -1;
			break;
		}
		c->lines++;
		bool added;
		uint32_t it = smap_get(items, id, idn, add_items, &added);
		uint32_t lb = it == UINT32_MAX ? 0 : smap_get(&c->labels, lab, labn, true, NULL);
		json_object_put(holder);
		if (it == UINT32_MAX) {
			if (add_items) {
				rc = -1;
				cli_err(o, "out of memory");
				break;
			}
			c->unknown++;
			continue;
		}
		if (lb == UINT32_MAX) {
			rc = -1;
			cli_err(o, "out of memory");
			break;
		}
		if (it >= cap_label) {
			size_t nc = cap_label ? 2 * cap_label : 1024;
			while (nc <= it)
				nc *= 2;
			uint32_t *p = realloc(c->label, nc * sizeof(uint32_t));
			if (!p) {
				rc = -1;
				cli_err(o, "out of memory");
				break;
			}
			for (size_t k = cap_label; k < nc; k++)
				p[k] = UINT32_MAX;
			c->label = p;
			cap_label = nc;
		}
		if (c->label[it] != UINT32_MAX) {
			c->duplicates++; /* the first line of an id wins */
			continue;
		}
		c->label[it] = lb;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	/* one label slot per item, whatever the lines held */
	if (rc == 0 && items->n > cap_label) {
		uint32_t *p = realloc(c->label, items->n * sizeof(uint32_t));
		if (!p) {
			cli_err(o, "out of memory");
			return -1;
		}
		for (size_t k = cap_label; k < items->n; k++)
			p[k] = UINT32_MAX;
		c->label = p;
	}
	return rc;
}

int cmd_eval(int argc, char **argv)
{
	cli_opts o = {.cmd = "eval"};
	const char *gold_path = NULL, *pred_path = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--gold") == 0 && i + 1 < argc) {
			gold_path = argv[++i];
		} else if (strcmp(a, "--json") == 0) {
			json = true;
		} else if ((a[0] != '-' || strcmp(a, "-") == 0) && !pred_path) {
			pred_path = a;
		} else {
			cli_err(&o, "unexpected argument '%s'", a);
			fprintf(stderr, "Try 'newsfold eval --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (!gold_path || !pred_path) {
		cli_err(&o, "both --gold GOLD and a prediction are needed");
		fprintf(stderr, "Try 'newsfold eval --help'.\n");
		return EXIT_USAGE;
	}
	smap items = {0};
	clustering gold = {0}, pred = {0};
	uint32_t *pl = NULL;
	int rc = EXIT_USAGE;
	if (read_clustering(&o, gold_path, &items, true, &gold) ||
	    read_clustering(&o, pred_path, &items, false, &pred))
		goto done;
	size_t n = items.n, missing = 0;
	if (!n) {
		cli_err(&o, "%s holds no items", gold_path);
		goto done;
	}
	/* items without a predicted label: singletons, numbered after the real labels */
	if (!(pl = malloc(n * sizeof(uint32_t))))
		goto done;
	uint32_t next = (uint32_t)pred.labels.n;
	for (size_t i = 0; i < n; i++) {
		pl[i] = pred.label[i];
		if (pl[i] == UINT32_MAX) {
			pl[i] = next++;
			missing++;
		}
	}
	nf_scores s;
	if (nf_cluster_scores(gold.label, pl, n, &s)) {
		cli_err(&o, "out of memory");
		goto done;
	}
	if (json) {
		printf("{\"items\":%zu,\"gold_clusters\":%zu,\"pred_clusters\":%zu,\"missing\":%zu,"
		       "\"extra\":%zu,\"duplicates\":%zu,\"bcubed_p\":%.4f,\"bcubed_r\":%.4f,"
		       "\"bcubed_f1\":%.4f,\"pair_p\":%.4f,\"pair_r\":%.4f,\"pair_f1\":%.4f,"
		       "\"ari\":%.4f}\n",
		       s.items, s.gold_clusters, s.pred_clusters, missing, pred.unknown,
		       gold.duplicates + pred.duplicates, s.bcubed_p, s.bcubed_r, s.bcubed_f1,
		       s.pair_p, s.pair_r, s.pair_f1, s.ari);
	} else {
		printf("items:     %zu (gold clusters %zu, predicted %zu)\n", s.items,
		       s.gold_clusters, s.pred_clusters);
		if (missing || pred.unknown || gold.duplicates || pred.duplicates)
			printf("           %zu gold ids without a prediction (singletons), %zu "
			       "predicted "
			       "ids not in gold (left out), %zu repeated ids (first kept)\n",
			       missing, pred.unknown, gold.duplicates + pred.duplicates);
		printf("B-cubed:   P %.4f  R %.4f  F1 %.4f\n", s.bcubed_p, s.bcubed_r, s.bcubed_f1);
		printf("pairwise:  P %.4f  R %.4f  F1 %.4f\n", s.pair_p, s.pair_r, s.pair_f1);
		printf("ARI:       %.4f\n", s.ari);
	}
	rc = fflush(stdout) ? EXIT_USAGE : EXIT_OK;
done:
	free(pl);
	free(gold.label);
	free(pred.label);
	smap_free(&gold.labels);
	smap_free(&pred.labels);
	smap_free(&items);
	return rc;
}
