/*
 * meta.c - what a page says about itself: headline, publication date, address, author,
 * language and site name.
 *
 * Each field is taken from the most explicit source present, in this order: Open Graph and
 * article: properties (what publishers fill for social sites), JSON-LD of type NewsArticle,
 * Article or BlogPosting (schema.org, what they fill for search engines), other <meta> names
 * (Dublin Core, itemprop), then the page itself (<h1>, <time datetime>, <title>, <html lang>)
 * and finally the hints from outside (the HTTP headers, the address it was fetched from, a date
 * in the URL's path).
 */
#include "dom.h"

#include <json-c/json.h>
#include <strings.h>

/* Ranks of the sources of a field: a lower rank replaces a higher one. */
enum { R_OG = 1, R_JSONLD, R_META, R_PAGE, R_HINT, R_NONE };

typedef struct field {
	nf_web_span *sp;
	int rank;
} field;

typedef struct meta {
	nf_web_page *pg;
	field title, date, url, author, lang, site, body;
	bool oom;
} meta;

int nf_dom_put_span(nf_web_page *pg, nf_web_span *sp, const char *s, size_t n)
{
	nf_buf *b = &pg->buf;
	size_t start = b->len;
	bool space = false, any = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
			space = any;
			continue;
		}
		if (space && nf_buf_put(b, " ", 1))
			return NF_ENOMEM;
		space = false;
		any = true;
		if (nf_buf_put(b, &s[i], 1))
			return NF_ENOMEM;
	}
	if (b->len > start) {
		sp->off = (uint32_t)start;
		sp->len = (uint32_t)(b->len - start);
	}
	return 0;
}

/* Whether s[0..n) is a language tag (BCP 47's shape: 2-3 letters, then subtags of 2-8
 * letters or digits after '-' or '_'); a page's "language" meta holds "UTF-8" at times. */
static bool lang_tag(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == ','))
		n--;
	size_t i = 0, k = 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	if (i < 2 || i > 3)
		return false;
	while (i < n) {
		if (s[i] != '-' && s[i] != '_')
			return false;
		for (k = ++i;
		     i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			       (s[i] >= '0' && s[i] <= '9'));
		     i++)
			;
		if (i - k < 2 || i - k > 8)
			return false;
	}
	return true;
}

static void set(meta *m, field *f, int rank, const char *s, size_t n)
{
	if (!s || rank >= f->rank)
		return;
	if (f == &m->lang && !lang_tag(s, n))
		return;
	nf_web_span sp = {0, 0};
	if (nf_dom_put_span(m->pg, &sp, s, n)) {
		m->oom = true;
		return;
	}
	if (sp.len) {
		*f->sp = sp;
		f->rank = rank;
	}
}

static void set_c(meta *m, field *f, int rank, const char *s)
{
	if (s)
		set(m, f, rank, s, strlen(s));
}

/* --- JSON-LD ------------------------------------------------------------------------------- */

static bool article_type(json_object *t)
{
	static const char *const types[] = {"NewsArticle",
					    "Article",
					    "ReportageNewsArticle",
					    "AnalysisNewsArticle",
					    "OpinionNewsArticle",
					    "BlogPosting",
					    "BackgroundNewsArticle",
					    "LiveBlogPosting",
					    "Report",
					    "ScholarlyArticle"};
	if (json_object_is_type(t, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(t); i++)
			if (article_type(json_object_array_get_idx(t, i)))
				return true;
		return false;
	}
	const char *s = json_object_get_string(t);
	for (size_t i = 0; s && i < NF_ARRAY_LEN(types); i++)
		if (strcmp(s, types[i]) == 0)
			return true;
	return false;
}

static const char *str_of(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_array))
		v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
	if (v && json_object_is_type(v, json_type_object)) {
		json_object *name;
		v = json_object_object_get_ex(v, "name", &name) ? name : NULL;
	}
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static void jsonld_article(meta *m, json_object *o)
{
	set_c(m, &m->title, R_JSONLD, str_of(o, "headline"));
	set_c(m, &m->date, R_JSONLD, str_of(o, "datePublished"));
	set_c(m, &m->author, R_JSONLD, str_of(o, "author"));
	set_c(m, &m->site, R_JSONLD, str_of(o, "publisher"));
	set_c(m, &m->lang, R_JSONLD, str_of(o, "inLanguage"));
	set_c(m, &m->body, R_JSONLD, str_of(o, "articleBody"));
	const char *url = str_of(o, "url");
	if (url && strncmp(url, "http", 4) == 0)
		set_c(m, &m->url, R_JSONLD, url);
}

/* The first article-typed object in o (objects, arrays and @graph, depth-limited). */
static void jsonld_walk(meta *m, json_object *o, int depth)
{
	if (!o || depth > 6)
		return;
	if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			jsonld_walk(m, json_object_array_get_idx(o, i), depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	json_object *t, *g;
	if (json_object_object_get_ex(o, "@type", &t) && article_type(t)) {
		jsonld_article(m, o);
		return;
	}
	if (json_object_object_get_ex(o, "@graph", &g))
		jsonld_walk(m, g, depth + 1);
	json_object *main;
	if (json_object_object_get_ex(o, "mainEntity", &main))
		jsonld_walk(m, main, depth + 1);
}

static void jsonld(meta *m, const xmlNode *script)
{
	xmlChar *txt = xmlNodeGetContent(script);
	if (!txt)
		return;
	json_tokener *tok = json_tokener_new();
	if (tok) {
		json_object *o = json_tokener_parse_ex(
		    tok, (const char *)txt,
		    (int)NF_MIN(strlen((const char *)txt), (size_t)INT32_MAX));
		jsonld_walk(m, o, 0);
		json_object_put(o);
		json_tokener_free(tok);
	}
	xmlFree(txt);
}

/* --- <meta>, <link>, and the page ------------------------------------------------------------- */

static bool is_any(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcasecmp(v, list[i]) == 0)
			return true;
	return false;
}

static void meta_tag(meta *m, const xmlNode *n)
{
	const char *key = nf_dom_attr(n, "property");
	if (!key)
		key = nf_dom_attr(n, "name");
	if (!key)
		key = nf_dom_attr(n, "itemprop");
	const char *v = nf_dom_attr(n, "content");
	const char *eq = nf_dom_attr(n, "http-equiv");
	if (eq && strcasecmp(eq, "content-language") == 0)
		set_c(m, &m->lang, R_META, v);
	if (!key || !v)
		return;
	static const char *const dates[] = {"date",
					    "pubdate",
					    "publishdate",
					    "publish-date",
					    "dc.date",
					    "dc.date.issued",
					    "dcterms.date",
					    "dcterms.created",
					    "datepublished",
					    "sailthru.date",
					    "parsely-pub-date",
					    "article.published",
					    "og:pubdate",
					    "date_published",
					    "publication_date",
					    "article_date_original",
					    "dc.date.created",
					    "originalpublicationdate"};
	if (strcasecmp(key, "og:title") == 0)
		set_c(m, &m->title, R_OG, v);
	else if (strcasecmp(key, "article:published_time") == 0 ||
		 strcasecmp(key, "og:article:published_time") == 0)
		set_c(m, &m->date, R_OG, v);
	else if (is_any(key, dates, NF_ARRAY_LEN(dates)))
		set_c(m, &m->date, R_META, v);
	else if (strcasecmp(key, "og:url") == 0 && strncmp(v, "http", 4) == 0)
		set_c(m, &m->url, R_OG, v);
	else if (strcasecmp(key, "og:site_name") == 0)
		set_c(m, &m->site, R_OG, v);
	else if ((strcasecmp(key, "article:author") == 0 && strncmp(v, "http", 4) != 0) ||
		 strcasecmp(key, "author") == 0 || strcasecmp(key, "dc.creator") == 0 ||
		 strcasecmp(key, "byl") == 0)
		set_c(m, &m->author, strcasecmp(key, "article:author") == 0 ? R_OG : R_META, v);
	else if (strcasecmp(key, "og:locale") == 0 || strcasecmp(key, "dc.language") == 0 ||
		 strcasecmp(key, "language") == 0) {
		char tag[16];
		size_t k = 0;
		for (const char *p = v; *p && k + 1 < sizeof(tag); p++)
			tag[k++] = *p == '_' ? '-' : *p;
		set(m, &m->lang, R_META + 1, tag, k);
	}
}

/* A date in the URL's path: /2019/08/12/, /2019-08-12, /20190812/. */
static void url_date(meta *m, const char *u, size_t n)
{
	for (size_t i = 0; i + 11 <= n; i++) {
		const char *p = u + i;
		if (p[0] != '/' || p[1] < '1' || p[1] > '2')
			continue;
		bool y = p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && p[4] >= '0' &&
			 p[4] <= '9';
		char sep = p[5];
		if (!y || (sep != '/' && sep != '-') || i + 11 > n)
			continue;
		bool md = p[6] >= '0' && p[6] <= '1' && p[7] >= '0' && p[7] <= '9' && p[8] == sep &&
			  p[9] >= '0' && p[9] <= '3' && p[10] >= '0' && p[10] <= '9';
		if (!md)
			continue;
		char d[11] = {p[1], p[2], p[3], p[4], '-', p[6], p[7], '-', p[9], p[10], 0};
		int64_t t;
		if (nf_date_parse(d, 10, &t) == 0) {
			set(m, &m->date, R_HINT, d, 10);
			return;
		}
	}
}

static void element(meta *m, const xmlNode *n, bool *h1)
{
	const char *name = (const char *)n->name;
	if (strcmp(name, "meta") == 0) {
		meta_tag(m, n);
	} else if (strcmp(name, "link") == 0) {
		const char *rel = nf_dom_attr(n, "rel"), *href = nf_dom_attr(n, "href");
		if (rel && href && strcasecmp(rel, "canonical") == 0 &&
		    strncmp(href, "http", 4) == 0)
			set_c(m, &m->url, R_META, href);
	} else if (strcmp(name, "script") == 0) {
		const char *t = nf_dom_attr(n, "type");
		if (t && strcasecmp(t, "application/ld+json") == 0)
			jsonld(m, n);
	} else if (strcmp(name, "html") == 0) {
		const char *l = nf_dom_attr(n, "lang");
		set_c(m, &m->lang, R_PAGE, l ? l : nf_dom_attr(n, "xml:lang"));
	} else if (strcmp(name, "title") == 0 && m->title.rank > R_PAGE) {
		xmlChar *t = xmlNodeGetContent(n);
		set_c(m, &m->title, R_PAGE + 1, (const char *)t);
		xmlFree(t);
	} else if (strcmp(name, "h1") == 0 && !*h1) {
		*h1 = true;
		xmlChar *t = xmlNodeGetContent(n);
		set_c(m, &m->title, R_PAGE, (const char *)t);
		xmlFree(t);
	} else if (strcmp(name, "time") == 0) {
		const char *dt = nf_dom_attr(n, "datetime");
		set_c(m, &m->date, R_PAGE, dt);
	}
	const char *ip = nf_dom_attr(n, "itemprop");
	if (ip && strcasecmp(ip, "datePublished") == 0) {
		const char *v = nf_dom_attr(n, "datetime");
		set_c(m, &m->date, R_META, v ? v : nf_dom_attr(n, "content"));
	}
}

int nf_web_meta(xmlDoc *doc, xmlNode *main, const nf_web_hint *hint, nf_web_page *pg)
{
	(void)main;
	meta m = {.pg = pg};
	field *fs[] = {&m.title, &m.date, &m.url, &m.author, &m.lang, &m.site, &m.body};
	nf_web_span *sp[] = {&pg->title, &pg->date, &pg->url, &pg->author,
			     &pg->lang,	 &pg->site, &pg->body};
	for (size_t i = 0; i < NF_ARRAY_LEN(fs); i++)
		fs[i]->sp = sp[i], fs[i]->rank = R_NONE;
	bool h1 = false;
	/* every element, depth first, without recursion */
	xmlNode *n = xmlDocGetRootElement(doc);
	while (n && !m.oom) {
		if (n->type == XML_ELEMENT_NODE)
			element(&m, n, &h1);
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
		if (n)
			n = n->next;
	}
	if (hint) {
		set(&m, &m.lang, R_HINT, hint->content_language.ptr, hint->content_language.len);
		set(&m, &m.url, R_HINT, hint->url.ptr, hint->url.len);
	}
	if (m.url.rank < R_NONE)
		url_date(&m, pg->buf.data + pg->url.off, pg->url.len);
	if (hint && hint->url.len)
		url_date(&m, hint->url.ptr, hint->url.len);
	return m.oom ? NF_ENOMEM : 0;
}
