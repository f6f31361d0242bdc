/* names.c - the names most articles of a story mention, in their most common spelling. */
#include "digest.h"

/* --- names ------------------------------------------------------------------------------------ */

typedef struct nref {
	uint64_t key;
	uint32_t doc;
	nf_span span;
	uint64_t form; /* hash of the bytes */
} nref;

static int cmp_nref(const void *x, const void *y)
{
	const nref *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->form != b->form)
		return a->form < b->form ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

int nf_dg_find_names(nf_digester *d)
{
	nref *v = NULL;
	size_t n = 0, cap = 0;
	for (uint32_t i = 0; i < d->n; i++) {
		const ddoc *x = &d->docs[i];
		for (size_t t = 0; t < x->n_tok; t++) {
			const dtok *w = &x->tok[t];
			if (!capital(w))
				continue;
			/* a run of capitalised words; alone at a sentence start it is not a name */
			size_t e = t;
			while (e + 1 < x->n_tok && capital(&x->tok[e + 1]) &&
			       nf_dg_adjacent(x, e, e + 1) && e - t < 3)
				e++;
			size_t from = t;
			const char *st;
			while (from <= e && nf_event_stem(d->ev, x->norm + x->tok[from].norm,
							  x->tok[from].norm_len, &st) == 0)
				from++; /* "The", "In" */
			bool lone_initial = from == e && (x->tok[from].flags & NF_TOK_SENT);
			if (from <= e && !lone_initial) {
				uint64_t key = 0;
				for (size_t k = from; k <= e; k++) {
					const char *nk;
					size_t nn =
					    nf_event_name_key(d->ev, x->norm + x->tok[k].norm,
							      x->tok[k].norm_len, &nk);
					key = key * 31 + nf_hash64(nk, nn, 29);
				}
				nf_span sp = {x->tok[from].start, x->tok[e].end};
				if (nf_grow((void **)&v, &cap, n + 1, sizeof(nref))) {
					free(v);
					return NF_ENOMEM;
				}
				v[n++] =
				    (nref){key, i, sp,
					   nf_hash64(x->text + sp.start, sp.end - sp.start, 3)};
			}
			t = e;
		}
	}
	if (n)
		qsort(v, n, sizeof(nref), cmp_nref);
	if (nf_grow((void **)&d->names, &d->cap_names, NAMES_MAX + 1, sizeof(nf_digest_name))) {
		free(v);
		return NF_ENOMEM;
	}
	size_t nn = 0;
	uint64_t mentions[NAMES_MAX + 1];
	/* stamp[doc]: the last group (its first index + 1) that counted doc */
	size_t *stamp = calloc(d->n + 1, sizeof(size_t));
	if (!stamp) {
		free(v);
		return NF_ENOMEM;
	}
	for (size_t a = 0, b; a < n; a = b) {
		uint32_t docs = 0;
		size_t best = a, best_count = 0;
		for (b = a; b < n && v[b].key == v[a].key; b++) {
			docs += stamp[v[b].doc] != a + 1;
			stamp[v[b].doc] = a + 1;
		}
		/* the most common spelling */
		for (size_t f = a, g; f < b; f = g) {
			for (g = f; g < b && v[g].form == v[f].form; g++)
				;
			if (g - f > best_count) {
				best_count = g - f;
				best = f;
			}
		}
		nf_digest_name x = {v[best].doc, v[best].span, docs};
		uint64_t m = b - a;
		/* keep the NAMES_MAX named in most articles, then most often */
		size_t j = nn < NAMES_MAX ? nn++ : NAMES_MAX;
		if (j == NAMES_MAX &&
		    (d->names[NAMES_MAX - 1].docs > docs ||
		     (d->names[NAMES_MAX - 1].docs == docs && mentions[NAMES_MAX - 1] >= m)))
			continue;
		if (j == NAMES_MAX)
			j = NAMES_MAX - 1;
		while (j > 0 && (d->names[j - 1].docs < docs ||
				 (d->names[j - 1].docs == docs && mentions[j - 1] < m))) {
			d->names[j] = d->names[j - 1];
			mentions[j] = mentions[j - 1];
			j--;
		}
		d->names[j] = x;
		mentions[j] = m;
	}
	d->out.n_names = nn;
	free(stamp);
	free(v);
	return 0;
}
