/*
 * evaluate.c - how well a predicted clustering (id -> story) agrees with a gold one: both read
 * as "id<TAB>label" lines (the gold format of ../shared/eval), or the prediction as JSON lines
 * with "id" and "story" (newsfold stories --assign writes the first, stories the second after
 * a flattening); scored with nf_cluster_scores(). The items are the gold ids.
 */
#include "../ingest/ingest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(nf_error *err, int code, const char *path, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(nf_error *err, int code, const char *path, uint64_t line, const char *fmt, ...)
{
	err->code = code;
	err->file = path;
	err->line = line;
	err->offset = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

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
static bool split_line(char *line, size_t len, bool json, nf_buf *tmp, const char **id, size_t *idn,
		       const char **lab, size_t *labn)
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
	static const char *const keys[] = {"id", "story"};
	nf_jval v[2];
	size_t errpos;
	const char *msg;
	nf_buf_reset(tmp);
	if (nf_json_scan(line, len, keys, 2, v, &errpos, &msg))
		return false;
	return nf_json_key(&v[0], tmp, id, idn) && nf_json_key(&v[1], tmp, lab, labn) && *idn > 0;
}

typedef struct clustering {
	smap labels;
	uint32_t *label; /* by item (gold id index); UINT32_MAX = none */
	size_t lines, duplicates, unknown;
} clustering;

/* Reads a clustering. With `items` adding, ids become items; otherwise only known ids count.
 * Returns 0 or NF_E* (described in *err). */
static int read_clustering(const char *path, smap *items, bool add_items, clustering *c,
			   nf_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		fail(err, errno == ENOENT ? NF_ENOENT : NF_EIO, path, 0, "cannot read %s: %s", path,
		     strerror(errno));
		return err->code;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0, cap_label = 0;
	nf_buf tmp;
	nf_buf_init(&tmp);
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
		if (!split_line(line, len, json == 1, &tmp, &id, &idn, &lab, &labn)) {
			rc = fail(err, NF_EINVAL, path, lineno, "%s:%zu: expected %s", path, lineno,
				  json == 1 ? "a JSON object with \"id\" and \"story\""
					    : "\"id<TAB>label\"");
			break;
		}
		c->lines++;
		bool added;
		uint32_t it = smap_get(items, id, idn, add_items, &added);
		uint32_t lb = it == UINT32_MAX ? 0 : smap_get(&c->labels, lab, labn, true, NULL);
		if (it == UINT32_MAX) {
			if (add_items) {
				rc = fail(err, NF_ENOMEM, path, lineno, "out of memory");
				break;
			}
			c->unknown++;
			continue;
		}
		if (lb == UINT32_MAX) {
			rc = fail(err, NF_ENOMEM, path, lineno, "out of memory");
			break;
		}
		if (it >= cap_label) {
			size_t nc = cap_label ? 2 * cap_label : 1024;
			while (nc <= it)
				nc *= 2;
			uint32_t *p = realloc(c->label, nc * sizeof(uint32_t));
			if (!p) {
				rc = fail(err, NF_ENOMEM, path, lineno, "out of memory");
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
	nf_buf_release(&tmp);
	if (f != stdin)
		fclose(f);
	/* one label slot per item, whatever the lines held */
	if (rc == 0 && items->n > cap_label) {
		uint32_t *p = realloc(c->label, items->n * sizeof(uint32_t));
		if (!p)
			return fail(err, NF_ENOMEM, path, 0, "out of memory");
		for (size_t k = cap_label; k < items->n; k++)
			p[k] = UINT32_MAX;
		c->label = p;
	}
	return rc;
}

int nf_eval_files(const char *gold_path, const char *pred_path, nf_eval_result *out, nf_error *err)
{
	memset(out, 0, sizeof(*out));
	smap items = {0};
	clustering gold = {0}, pred = {0};
	uint32_t *pl = NULL;
	int rc = read_clustering(gold_path, &items, true, &gold, err);
	if (!rc)
		rc = read_clustering(pred_path, &items, false, &pred, err);
	size_t n = items.n;
	if (!rc && !n)
		rc = fail(err, NF_EINVAL, gold_path, 0, "%s holds no items", gold_path);
	if (!rc && !(pl = malloc(n * sizeof(uint32_t))))
		rc = fail(err, NF_ENOMEM, pred_path, 0, "out of memory");
	if (!rc) {
		/* items without a predicted label: singletons, numbered after the real labels */
		uint32_t next = (uint32_t)pred.labels.n;
		for (size_t i = 0; i < n; i++) {
			pl[i] = pred.label[i];
			if (pl[i] == UINT32_MAX) {
				pl[i] = next++;
				out->missing++;
			}
		}
		out->extra = pred.unknown;
		out->duplicates = gold.duplicates + pred.duplicates;
		if (nf_cluster_scores(gold.label, pl, n, &out->scores))
			rc = fail(err, NF_ENOMEM, pred_path, 0, "out of memory");
	}
	free(pl);
	free(gold.label);
	free(pred.label);
	smap_free(&gold.labels);
	smap_free(&pred.labels);
	smap_free(&items);
	return rc;
}
