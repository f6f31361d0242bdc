/*
 * webfeed.c - RSS 2.0 (and RSS 1.0/RDF) and Atom feeds: one article per item.
 *
 * The feed is parsed with libxml2's XML parser (recovering, no network, no external entities)
 * and each <item> or <entry> is turned into a small self-describing blob, "Key: value" lines,
 * a blank line, then the item's content (HTML, as feeds carry it): content:encoded, else Atom
 * <content>, else <description> or <summary>. The reader hands the blobs out as records of
 * format NF_FORMAT_FEED; the parser reads a blob back with nf_webfeed_blob() and extracts the
 * content's text as it does a page's.
 */
#include "dom.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <strings.h>

struct item {
	size_t off, len;
	uint64_t line;
};

struct nf_webfeed {
	nf_buf blobs;
	NF_VEC(struct item) items;
};

enum { F_TITLE, F_LINK, F_ID, F_DATE, F_AUTHOR, F_FEED, F_LANG, F_CONTENT, F_DESC, F_UPD, F_N };
static const char *const keys[] = {"Title", "Link", "Id", "Date", "Author", "Feed", "Lang"};

nf_webfeed *nf_webfeed_new(void)
{
	nf_webfeed *f = calloc(1, sizeof(*f));
	if (f)
		nf_buf_init(&f->blobs);
	return f;
}

void nf_webfeed_free(nf_webfeed *f)
{
	if (!f)
		return;
	nf_buf_release(&f->blobs);
	NF_VEC_FREE(&f->items);
	free(f);
}

static size_t skip_prolog(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (int round = 0; round < 16; round++) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
			i++;
		if (i + 2 > n || p[i] != '<' || (p[i + 1] != '?' && p[i + 1] != '!'))
			break;
		const char *end = NULL;
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			for (size_t j = i + 4; j + 3 <= n && !end; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					end = p + j + 2;
		} else {
			end = memchr(p + i, '>',
				     n - i); /* <?xml ...?>, <?xml-stylesheet?>, <!DOCTYPE> */
		}
		if (!end)
			return n;
		i = (size_t)(end - p) + 1;
	}
	return i;
}

bool nf_webfeed_sniff(const char *p, size_t n)
{
	size_t i = skip_prolog(p, n);
	static const char *const roots[] = {"<rss", "<feed", "<rdf:RDF"};
	for (size_t k = 0; k < NF_ARRAY_LEN(roots); k++) {
		size_t m = strlen(roots[k]);
		if (i + m < n && memcmp(p + i, roots[k], m) == 0) {
			char c = p[i + m];
			return c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r';
		}
	}
	return false;
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static bool ns_is(const xmlNode *n, const char *prefix_uri)
{
	return n->ns && n->ns->href && strstr((const char *)n->ns->href, prefix_uri);
}

/* The item's fields: the first of each kind wins. */
static void fields(const xmlNode *item, xmlChar *v[F_N])
{
	for (const xmlNode *k = item->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)k->name;
		int f = -1;
		if (strcmp(name, "title") == 0)
			f = F_TITLE;
		else if (strcmp(name, "link") == 0)
			f = F_LINK;
		else if (strcmp(name, "guid") == 0 || strcmp(name, "id") == 0)
			f = F_ID;
		else if (strcmp(name, "pubDate") == 0 || strcmp(name, "published") == 0 ||
			 (strcmp(name, "date") == 0 && ns_is(k, "purl.org/dc")))
			f = F_DATE;
		else if (strcmp(name, "updated") == 0)
			f = F_UPD; /* the date when nothing says when it was published */
		else if (strcmp(name, "author") == 0 || strcmp(name, "creator") == 0)
			f = F_AUTHOR;
		else if (strcmp(name, "encoded") == 0 &&
			 ns_is(k, "purl.org/rss/1.0/modules/content"))
			f = F_CONTENT;
		else if (strcmp(name, "content") == 0 && !ns_is(k, "search.yahoo.com/mrss"))
			f = F_CONTENT;
		else if (strcmp(name, "description") == 0 || strcmp(name, "summary") == 0)
			f = F_DESC;
		if (f < 0)
			continue;
		if (f == F_LINK && !k->children) { /* Atom: <link rel="alternate" href="..."/> */
			xmlChar *rel = xmlGetProp(k, (const xmlChar *)"rel");
			bool alt = !rel || strcmp((const char *)rel, "alternate") == 0;
			xmlFree(rel);
			if (alt && !v[f])
				v[f] = xmlGetProp(k, (const xmlChar *)"href");
			continue;
		}
		if (f == F_AUTHOR && k->children && k->children->type == XML_ELEMENT_NODE) {
			for (const xmlNode *a = k->children; a && !v[f]; a = a->next)
				if (named(a, "name"))
					v[f] = xmlNodeGetContent(a);
			continue;
		}
		if (!v[f])
			v[f] = xmlNodeGetContent(k);
	}
}

/* "Key: value\n" with the value's white space runs made one space; empty values left out. */
static void put_line(nf_buf *b, const char *key, const xmlChar *v)
{
	if (!v)
		return;
	const char *s = (const char *)v;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (!*s)
		return;
	nf_buf_puts(b, key);
	nf_buf_put(b, ": ", 2);
	bool space = false;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = true;
			s++;
			continue;
		}
		if (space)
			nf_buf_put(b, " ", 1);
		space = false;
		size_t n = strlen(s), ok = nf_utf8_valid_prefix(s, n);
		if (ok ==
		    0) { /* a byte that is not UTF-8 (a recovering parser lets some through) */
			size_t bad = nf_utf8_bad_len((const unsigned char *)s, n);
			nf_buf_put(b, "\xEF\xBF\xBD", 3);
			s += bad ? bad : 1;
			continue;
		}
		size_t k = 0;
		while (k < ok && !(s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'))
			k++;
		nf_buf_put(b, s, k);
		s += k;
	}
	nf_buf_put(b, "\n", 1);
}

static int add_item(nf_webfeed *f, const xmlNode *item, const xmlChar *feed, const xmlChar *lang,
		    uint64_t *line)
{
	xmlChar *v[F_N] = {0};
	fields(item, v);
	if (!v[F_DATE])
		v[F_DATE] = v[F_UPD], v[F_UPD] = NULL;
	v[F_FEED] = (xmlChar *)feed;
	v[F_LANG] = (xmlChar *)lang;
	nf_buf *b = &f->blobs;
	size_t start = b->len;
	for (int k = 0; k < F_CONTENT; k++)
		put_line(b, keys[k], v[k]);
	nf_buf_put(b, "\n", 1);
	const xmlChar *body = v[F_CONTENT] ? v[F_CONTENT] : v[F_DESC];
	if (body)
		nf_buf_puts(b, (const char *)body);
	for (int k = 0; k < F_N; k++)
		if (k != F_FEED && k != F_LANG)
			xmlFree(v[k]);
	long ln = xmlGetLineNo(item); /* (never before the item before it) */
	if (ln > 0 && (uint64_t)ln > *line)
		*line = (uint64_t)ln;
	struct item it = {start, b->len - start, *line};
	if (b->oom || NF_VEC_PUSH(&f->items, it))
		return NF_ENOMEM;
	return 0;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void parser_init(void)
{
	xmlInitParser();
}

static void drop_error(void *c, xmlErrorPtr e)
{
	(void)c;
	(void)e;
}

int nf_webfeed_load(nf_webfeed *f, const char *p, size_t n)
{
	nf_buf_reset(&f->blobs);
	f->items.n = 0;
	pthread_once(&init_once, parser_init);
	xmlSetStructuredErrorFunc(NULL, drop_error);
	xmlDoc *doc =
	    xmlReadMemory(p, (int)NF_MIN(n, (size_t)INT32_MAX), NULL, NULL,
			  XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
			      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return NF_ECORRUPT;
	}
	int rc = 0;
	xmlChar *feed = NULL, *lang = NULL;
	/* RSS 2.0: rss/channel/item; RSS 1.0: rdf:RDF/channel + rdf:RDF/item; Atom: feed/entry */
	const xmlNode *chan = root;
	for (const xmlNode *k = root->children; k; k = k->next)
		if (named(k, "channel"))
			chan = k;
	for (const xmlNode *k = chan->children; k && (!feed || !lang); k = k->next) {
		if (named(k, "title") && !feed)
			feed = xmlNodeGetContent(k);
		else if (named(k, "language") && !lang)
			lang = xmlNodeGetContent(k);
	}
	if (!lang)
		lang = xmlNodeGetLang(root);
	/* the items in document order: the root's, and the channel's where it meets the channel */
	uint64_t line = 1;
	for (const xmlNode *k = root->children; k && rc == 0; k = k->next) {
		const xmlNode *first = k == chan ? chan->children : k,
			      *stop = k == chan ? NULL : k->next;
		for (const xmlNode *i = first; i != stop && rc == 0; i = i->next)
			if (named(i, "item") || named(i, "entry"))
				rc = add_item(f, i, feed, lang, &line);
	}
	xmlFree(feed);
	xmlFree(lang);
	xmlFreeDoc(doc);
	return rc;
}

size_t nf_webfeed_count(const nf_webfeed *f)
{
	return f->items.n;
}

void nf_webfeed_item(const nf_webfeed *f, size_t i, const char **p, size_t *n, uint64_t *line)
{
	*p = f->blobs.data + f->items.a[i].off;
	*n = f->items.a[i].len;
	*line = f->items.a[i].line;
}

int nf_webfeed_blob(const char *p, size_t n, nf_webfeed_meta *m, nf_str *body)
{
	memset(m, 0, sizeof(*m));
	nf_str *slot[] = {&m->title, &m->link, &m->id, &m->date, &m->author, &m->feed, &m->lang};
	size_t i = 0;
	while (i < n && p[i] != '\n') {
		const char *nl = memchr(p + i, '\n', n - i);
		if (!nl)
			return NF_ECORRUPT;
		size_t len = (size_t)(nl - (p + i));
		const char *colon = memchr(p + i, ':', len);
		if (!colon || colon + 2 > nl)
			return NF_ECORRUPT;
		size_t kl = (size_t)(colon - (p + i));
		for (size_t k = 0; k < NF_ARRAY_LEN(slot); k++)
			if (strlen(keys[k]) == kl && memcmp(p + i, keys[k], kl) == 0)
				*slot[k] = (nf_str){colon + 2, (size_t)(nl - colon - 2)};
		i += len + 1;
	}
	if (i >= n)
		return NF_ECORRUPT;
	*body = (nf_str){p + i + 1, n - i - 1};
	return 0;
}
