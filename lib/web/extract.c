/*
 * extract.c - the main text of a web page.
 *
 * The page is parsed by libxml2's HTML parser (error-tolerant, as browsers are), after its
 * bytes were decoded to UTF-8 (charset.c). Then, in four passes over the tree:
 *
 *   1. Elements that are never article text go: scripts, styles, forms' controls, navigation,
 *      asides, footers, hidden elements, ruby readings (<rt>).
 *   2. Elements whose class, id or role names page chrome (menus, share bars, cookie banners,
 *      related links, comments, ...) go too, unless they hold most of the page's text: a
 *      wrapper with an unlucky class name must not take the article with it.
 *   3. Text is good when it sits in a paragraph of some length that is not mostly links,
 *      bad otherwise; the article is the element whose good text most exceeds its bad text
 *      (Finn, Kushmerick and Smyth's Body Text Extraction, 2001, maximised over the tree's
 *      elements instead of the token stream's ranges).
 *   4. Its text is written out paragraph by paragraph; inside it, blocks that are
 *      mostly links (related-article lists, tag clouds) and the headline are left out.
 *
 * Lengths are counted in characters (UTF-8 lead bytes), so that thresholds mean the same in
 * every script.
 */
#include "dom.h"

#include <pthread.h>
#include <stddef.h>
#include <strings.h>
#include <utf8proc.h>

typedef struct nstat {
	uint32_t text;	/* characters of text below (white-space runs count one) */
	uint32_t link;	/* ... of which inside links */
	uint32_t units; /* paragraphs below */
	int32_t good;	/* characters below in good paragraphs, not in links */
	int32_t bad;	/* characters below elsewhere */
	bool drop;
} nstat;

typedef struct ctx {
	nf_web_page *pg;
	NF_VEC(nstat) st;
	bool oom;
	/* writing */
	int brk; /* pending break before the next text: 0, 1 (line), 2 (paragraph) */
	bool space;
	bool any;
	const char *title; /* the headline, left out of the text */
	size_t start;	   /* where the main text starts in pg->buf */
	size_t head;	   /* where an unanswered heading starts (SIZE_MAX: none) */
	bool in_head;
} ctx;

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

void nf_web_page_init(nf_web_page *pg)
{
	memset(pg, 0, sizeof(*pg));
	nf_buf_init(&pg->buf);
}

void nf_web_page_release(nf_web_page *pg)
{
	nf_buf_release(&pg->buf);
	nf_web_iconv_release(&pg->conv);
}

/* --- node statistics ------------------------------------------------------------------------ */

static nstat *st_of(ctx *c, const xmlNode *n)
{
	uintptr_t i = (uintptr_t)n->_private;
	return i ? &c->st.a[i - 1] : NULL;
}

static nstat *st_new(ctx *c, xmlNode *n)
{
	nstat *s = st_of(c, n);
	if (s)
		return s;
	if (NF_VEC_PUSH(&c->st, ((nstat){0}))) {
		c->oom = true;
		return NULL;
	}
	n->_private = (void *)(uintptr_t)c->st.n;
	return &c->st.a[c->st.n - 1];
}

/* Characters of text in s, white-space runs counted as one. */
static uint32_t text_chars(const char *s)
{
	uint32_t k = 0;
	bool sp = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool w = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
		if (w) {
			k += !sp;
			sp = true;
		} else {
			k += (*p & 0xC0) != 0x80;
			sp = false;
		}
	}
	return k;
}

/* --- pass 1 and 2: what is never text, and what the page calls chrome (chrome.c) ------- */

static void unlink_free(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Pass 1: removes what is never text. Also counts text (for pass 2's protection). */
static uint32_t strip(ctx *c, xmlNode *n, int depth)
{
	uint32_t text = 0;
	xmlNode *next;
	for (xmlNode *k = n->children; k; k = next) {
		next = k->next;
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			text += k->content ? text_chars((const char *)k->content) : 0;
		} else if (k->type != XML_ELEMENT_NODE) {
			unlink_free(k); /* comments, processing instructions */
		} else if (nf_dom_never_text(k) || nf_dom_hidden(k) || depth > 200) {
			unlink_free(k);
		} else {
			uint32_t t = strip(c, k, depth + 1);
			if (t < WEAK_MAX && nf_dom_is(k, "noscript")) {
				unlink_free(k); /* ("enable JavaScript"; a page may hold all its
						   text there) */
				continue;
			}
			nstat *s = st_new(c, k);
			if (!s)
				return text;
			s->text = t;
			text += t;
		}
	}
	return text;
}

/* Pass 2: removes chrome by class, id and role, unless it holds more than half the good text
 * (then it is a wrapper of the article whose class names a layout, "with-sidebar"). */
static void unchrome(ctx *c, xmlNode *n, int32_t total)
{
	xmlNode *next;
	for (xmlNode *k = n->children; k; k = next) {
		next = k->next;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)k->name;
		nstat *s = st_of(c, k);
		bool keep = strcmp(name, "body") == 0 || strcmp(name, "html") == 0 ||
			    strcmp(name, "article") == 0 || strcmp(name, "main") == 0 ||
			    (s && s->good * 2 > total);
		int sign = nf_dom_sign(k);
		bool small = s && s->text < WEAK_MAX;
		if (!keep &&
		    (sign == -2 || ((sign == -1 || strcmp(name, "header") == 0) && small))) {
			unlink_free(k);
			continue;
		}
		unchrome(c, k, total);
	}
}

/* --- pass 3: scores ------------------------------------------------------------------------ */

static const char *const block_tags[] = {
    "p",       "div",	     "section",	   "article", "main",	 "h1", "h2",	 "h3",
    "h4",      "h5",	     "h6",	   "ul",      "ol",	 "li", "dl",	 "dt",
    "dd",      "blockquote", "pre",	   "table",   "tr",	 "td", "th",	 "thead",
    "tbody",   "tfoot",	     "caption",	   "header",  "address", "hr", "form",	 "center",
    "details", "summary",    "figcaption", "body",    "html",	 "br", "hgroup", "caption"};

static bool is_block(const char *name)
{
	return nf_dom_name_in(name, block_tags, NF_ARRAY_LEN(block_tags));
}

/* Whether element n holds text directly (not only through block children). */
static bool direct_text(const xmlNode *n)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE && k->content &&
		    text_chars((const char *)k->content) > 20)
			return true;
		if (k->type == XML_ELEMENT_NODE && !is_block((const char *)k->name) &&
		    !nf_dom_is(k, "a") && k->children && k->children->type == XML_TEXT_NODE &&
		    k->children->content && text_chars((const char *)k->children->content) > 20)
			return true;
	}
	return false;
}

static bool is_unit(const xmlNode *n)
{
	static const char *const units[] = {"p", "pre", "td", "dd", "blockquote", "li"};
	const char *name = (const char *)n->name;
	if (nf_dom_name_in(name, units, NF_ARRAY_LEN(units)))
		return true;
	static const char *const holders[] = {"div",  "section", "article", "span",
					      "font", "center",	 "main"};
	return nf_dom_name_in(name, holders, NF_ARRAY_LEN(holders)) && direct_text(n);
}

/* Text and link characters, and paragraphs, below n. */
static void measure(ctx *c, xmlNode *n, bool in_link)
{
	nstat *s = st_new(c, n);
	if (!s)
		return;
	s->text = s->link = s->units = 0;
	bool link = in_link || nf_dom_is(n, "a");
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			uint32_t t = k->content ? text_chars((const char *)k->content) : 0;
			s->text += t;
			s->link += link ? t : 0;
		} else if (k->type == XML_ELEMENT_NODE) {
			measure(c, k, link);
			nstat *ks = st_of(c, k);
			if (!ks)
				return;
			s = st_of(c, n); /* (the array may have moved) */
			s->text += ks->text;
			s->link += ks->link;
			s->units += ks->units;
		}
	}
	s->units += is_unit(n) && s->text >= 25;
}

/* Good and bad text below n: text is good inside a paragraph of 25 characters or more that
 * is not mostly links, and not itself in a link; all other text is bad. `unit` is the nearest
 * paragraph above (NULL: none). */
static void good_bad(ctx *c, xmlNode *n, const nstat *unit, bool in_link)
{
	nstat *s = st_of(c, n);
	if (!s)
		return;
	if (is_unit(n))
		unit = s;
	bool link = in_link || nf_dom_is(n, "a");
	bool ok = unit && unit->text >= 25 && unit->link * 2 <= unit->text && !link;
	int32_t good = 0, bad = 0;
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			int32_t t = k->content ? (int32_t)text_chars((const char *)k->content) : 0;
			if (ok)
				good += t;
			else
				bad += t;
		} else if (k->type == XML_ELEMENT_NODE) {
			good_bad(c, k, unit, link);
			nstat *ks = st_of(c, k);
			if (ks)
				good += ks->good, bad += ks->bad;
		}
	}
	s = st_of(c, n);
	s->good = good;
	s->bad = bad;
}

/* The element whose good text most exceeds its bad text (the maximum-subarray idea of Finn,
 * Kushmerick and Smyth's Body Text Extraction, over the tree instead of the token stream). */
static xmlNode *best_region(ctx *c, xmlNode *n, xmlNode *best, int32_t *best_v)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		nstat *s = st_of(c, k);
		if (s && s->good - s->bad > *best_v) {
			*best_v = s->good - s->bad;
			best = k;
		}
		best = best_region(c, k, best, best_v);
	}
	return best;
}

/* --- pass 4: the text ---------------------------------------------------------------------- */

static void put(ctx *c, const char *s, size_t n)
{
	if (nf_buf_put(&c->pg->buf, s, n))
		c->oom = true;
}

static void put_text(ctx *c, const char *s, bool pre)
{
	for (const char *p = s; *p;) {
		bool w = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
		if (w && !pre) {
			c->space = true;
			p++;
			continue;
		}
		if (pre && (*p == '\n' || *p == '\r')) { /* a blank line: at most one */
			c->brk = NF_MIN(c->brk + (*p == '\n'), 2);
			p++;
			continue;
		}
		if (c->any && c->brk) {
			put(c, c->brk == 2 ? "\n\n" : "\n", (size_t)c->brk);
			c->space = false;
		} else if (c->any && c->space) {
			put(c, " ", 1);
		}
		c->brk = 0;
		c->space = false;
		c->any = true;
		if (!c->in_head)
			c->head = SIZE_MAX;
		const char *e = p;
		if (pre) {
			while (*e && *e != '\n' && *e != '\r')
				e++;
			put(c, p, (size_t)(e - p));
		} else {
			while (*e &&
			       !(*e == ' ' || *e == '\n' || *e == '\t' || *e == '\r' || *e == '\f'))
				e++;
			put(c, p, (size_t)(e - p));
		}
		p = e;
	}
}

static void brk(ctx *c, int k)
{
	if (k > c->brk)
		c->brk = k;
}

/* Whether block n, inside the main text, is left out: mostly links, or the headline. */
/* Whether block n holds only a date or a time ("23.10.2018", "3:59 PM"): digits and
 * punctuation, at most three letters. A bare date is the page's metadata, not the article's. */
static bool bare_date(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return false;
	int digits = 0, letters = 0;
	for (const unsigned char *p = t; *p; p++) {
		digits += *p >= '0' && *p <= '9';
		letters += (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p >= 0x80;
	}
	xmlFree(t);
	return digits >= 3 && letters <= 3;
}

static bool left_out(ctx *c, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	nstat *s = st_of(c, n);
	if (!s || s->text == 0)
		return !nf_dom_is(n, "br") && !nf_dom_is(n, "img");
	float ld = (float)s->link / (float)s->text;
	if (nf_dom_is(n, "a") || !is_block(name))
		return false;
	if ((ld > 0.5f && (s->text < 400 || ld > 0.8f)) || (ld > 0.3f && s->text < 200))
		return true;
	if (s->text < 40 && (nf_dom_is(n, "p") || nf_dom_is(n, "div")) && bare_date(n))
		return true;
	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2] && c->title) {
		xmlChar *t = xmlNodeGetContent(n);
		bool same = false;
		if (t) {
			nf_web_page tmp;
			nf_web_page_init(&tmp);
			nf_web_span sp = {0, 0};
			if (nf_dom_put_span(&tmp, &sp, (const char *)t, strlen((const char *)t)) ==
			    0)
				same = sp.len == strlen(c->title) &&
				       memcmp(tmp.buf.data + sp.off, c->title, sp.len) == 0;
			nf_web_page_release(&tmp);
			xmlFree(t);
		}
		return same;
	}
	return false;
}

static bool heading(const char *name)
{
	return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2];
}

/* A heading that no text followed introduced nothing on the page but links or chrome that
 * was left out ("Related articles", "Mehr zum Thema"): it goes too. */
static void drop_heading(ctx *c)
{
	if (c->head == SIZE_MAX)
		return;
	c->pg->buf.len = c->head;
	c->any = c->head > c->start;
	c->head = SIZE_MAX;
	brk(c, 2);
}

/* A short paragraph that ends in a colon ("Mehr zum Thema:", "Read more:") introduces what
 * follows, as a heading does. */
static bool introducer(ctx *c, const xmlNode *n)
{
	nstat *s = st_of(c, n);
	if (!s || s->text == 0 || s->text > 80 || !(nf_dom_is(n, "p") || nf_dom_is(n, "div")))
		return false;
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return false;
	size_t k = strlen((const char *)t);
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\n' || t[k - 1] == '\t' || t[k - 1] == '\r'))
		k--;
	bool colon =
	    k && (t[k - 1] == ':' || (k >= 3 && memcmp(t + k - 3, "\xEF\xBC\x9A", 3) == 0));
	xmlFree(t);
	return colon;
}

/* Whether link k has no text beside it in its parent (only blanks and other elements). */
static bool lone_link(const xmlNode *k)
{
	for (const xmlNode *x = k->parent->children; x; x = x->next)
		if (x->type == XML_TEXT_NODE && x->content && text_chars((const char *)x->content))
			return false;
	return true;
}

static void write_node(ctx *c, const xmlNode *n, bool pre)
{
	for (const xmlNode *k = n->children; k && !c->oom; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (k->content)
				put_text(c, (const char *)k->content, pre);
			continue;
		}
		if (k->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)k->name;
		if (strcmp(name, "br") == 0) {
			brk(c, 1);
			continue;
		}
		bool block = is_block(name);
		if (block && left_out(c, k))
			continue;
		if (strcmp(name, "a") == 0 && !is_unit(n) && !nf_dom_is(n, "a") && lone_link(k))
			continue; /* a link standing alone between blocks: "Back to the newsroom" */
		if (heading(name) || introducer(c, k)) {
			drop_heading(c);
			c->head = c->pg->buf.len;
			c->in_head = true;
			brk(c, 2);
			write_node(c, k, pre);
			c->in_head = false;
			brk(c, 2);
			continue;
		}
		bool cell = strcmp(name, "td") == 0 || strcmp(name, "th") == 0;
		if (cell)
			c->space = true;
		else if (block)
			brk(c, strcmp(name, "li") == 0 || strcmp(name, "tr") == 0 ||
				       strcmp(name, "dt") == 0 || strcmp(name, "dd") == 0
				   ? 1
				   : 2);
		write_node(c, k, pre || strcmp(name, "pre") == 0);
		if (block && !cell)
			brk(c, strcmp(name, "li") == 0 || strcmp(name, "tr") == 0 ? 1 : 2);
	}
}

/* Whether n is a lead paragraph: a block of clean sentences (a standfirst, a subheadline). */
static bool lead(ctx *c, const xmlNode *n)
{
	nstat *s = st_of(c, n);
	return s && s->text >= 80 && s->link * 5 <= s->text &&
	       (uint32_t)s->good * 10 >= s->text * 9 && nf_dom_sign(n) >= 0;
}

/* The lead paragraphs just before the article's element, at its level and up to three levels
 * above: the standfirst that pages set apart from the body, in the article's header. The walk
 * back stops at the first element that is not one. */
static void write_leads(ctx *c, xmlNode *best)
{
	xmlNode *leads[8];
	size_t n = 0;
	xmlNode *at = best;
	for (int level = 0; level < 4 && at && at->type == XML_ELEMENT_NODE; level++) {
		for (xmlNode *k = at->prev; k && n < NF_ARRAY_LEN(leads); k = k->prev) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (!lead(c, k))
				break;
			leads[n++] = k;
		}
		at = at->parent;
		if (nf_dom_is(at, "body"))
			break;
	}
	while (n--) { /* in page order */
		brk(c, 2);
		write_node(c, leads[n], false);
		brk(c, 2);
	}
}

static void write_main(ctx *c, xmlNode *best)
{
	if (nf_dom_is(best, "br") || (is_block((const char *)best->name) && left_out(c, best)))
		return;
	write_leads(c, best);
	write_node(c, best, nf_dom_is(best, "pre"));
}

/* --- the whole --------------------------------------------------------------------------- */

static xmlDoc *parse(const char *utf8, size_t n, const nf_web_hint *hint)
{
	pthread_once(&init_once, parser_init);
	xmlSetStructuredErrorFunc(NULL, drop_error); /* (per thread in libxml2) */
	htmlParserCtxt *pc = htmlNewParserCtxt();
	if (!pc)
		return NULL;
	char url[512] = "";
	if (hint && hint->url.len)
		nf_fmt(url, sizeof(url), "%.*s", (int)NF_MIN(hint->url.len, 500), hint->url.ptr);
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
	xmlDoc *d = htmlCtxtReadMemory(pc, utf8, (int)NF_MIN(n, (size_t)INT32_MAX),
				       url[0] ? url : NULL, "UTF-8", opts);
	htmlFreeParserCtxt(pc);
	return d;
}

/* When the body a page declares in its JSON-LD is over twice as long as the text found in
 * its markup, the markup hid the article (a script renders it, a teaser stands in for it):
 * the declared body is the text. */
static int declared_body(nf_buf *b, nf_web_page *pg)
{
	if (pg->body.len <= 2 * (size_t)pg->text.len || b->oom)
		return 0;
	const char *d = b->data + pg->body.off;
	for (size_t i = 0; i + 1 < pg->body.len; i++)
		if (d[i] == '<' && (d[i + 1] == '/' || (d[i + 1] >= 'a' && d[i + 1] <= 'z')))
			return 0; /* markup, not text: a plugin that put the page there */
	size_t start = b->len;
	if (nf_buf_reserve(b, pg->body.len))
		return NF_ENOMEM;
	memcpy(b->data + start, b->data + pg->body.off, pg->body.len);
	b->len += pg->body.len;
	pg->text = (nf_web_span){(uint32_t)start, pg->body.len};
	return 0;
}

/* The span without blanks at its ends (a <pre>'s indent, a break after the last block). */
static void trim(const nf_buf *b, nf_web_span *sp)
{
	if (!sp->len)
		return;
	const char *d = b->data + sp->off;
	while (sp->len && (d[0] == ' ' || d[0] == '\n' || d[0] == '\t'))
		d++, sp->off++, sp->len--;
	while (sp->len &&
	       (d[sp->len - 1] == ' ' || d[sp->len - 1] == '\n' || d[sp->len - 1] == '\t'))
		sp->len--;
}

/* The span in NFC, the form the W3C asks web text to be compared in (a page may spell
 * a letter precomposed where another decomposes it). Only non-ASCII text is touched. */
static int nfc(nf_buf *b, nf_web_span *sp)
{
	if (!sp->len)
		return 0;
	const unsigned char *p = (const unsigned char *)b->data + sp->off;
	size_t i = 0;
	while (i < sp->len && p[i] < 0x80)
		i++;
	if (i == sp->len)
		return 0;
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t k =
	    utf8proc_map(p, (utf8proc_ssize_t)sp->len, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0) {
		free(out);
		return k == UTF8PROC_ERROR_NOMEM ? NF_ENOMEM : 0; /* (the text is valid UTF-8) */
	}
	b->len = sp->off;
	int rc = nf_buf_put(b, out, (size_t)k);
	free(out);
	sp->len = (uint32_t)k;
	return rc;
}

static uint32_t count_paragraphs(const char *s, size_t n)
{
	uint32_t k = n > 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '\n' && s[i + 1] == '\n')
			k++;
	return k;
}

int nf_web_extract(const char *p, size_t n, const nf_web_hint *hint, nf_web_page *pg)
{
	nf_buf_reset(&pg->buf);
	nf_buf *b = &pg->buf;
	size_t keep = offsetof(nf_web_page, text); /* buf and conv live on */
	memset((char *)pg + keep, 0, sizeof(*pg) - keep);
	nf_buf utf8;
	nf_buf_init(&utf8);
	int rc = nf_web_to_utf8(p, n, hint ? hint->content_type.ptr : NULL,
				hint ? hint->content_type.len : 0, &utf8, NULL, NULL, &pg->conv);
	if (rc) {
		nf_buf_release(&utf8);
		return rc;
	}
	xmlDoc *doc = parse(utf8.data ? utf8.data : "", utf8.len, hint);
	nf_buf_release(&utf8);
	if (!doc)
		return NF_ENOMEM; /* the recovering parser fails only when out of memory */
	ctx c = {.pg = pg};
	rc = nf_web_meta(doc, NULL, hint, pg);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (rc == 0 && root) {
		uint32_t total = strip(&c, root, 0);
		pg->page_chars = total;
		measure(&c, root, false);
		good_bad(&c, root, NULL, false);
		bool whole = hint && hint->fragment; /* a feed's content: all of it */
		if (!whole)
			unchrome(&c, root, st_of(&c, root) ? st_of(&c, root)->good : 0);
		measure(&c, root, false);
		good_bad(&c, root, NULL, false);
		int32_t v = 0;
		xmlNode *best = c.oom || whole ? NULL : best_region(&c, root, NULL, &v);
		if (!best)
			best = root;
		char *title = NULL;
		if (pg->title.len && !(title = malloc(pg->title.len + 1)))
			c.oom = true;
		if (title) {
			memcpy(title, b->data + pg->title.off, pg->title.len);
			title[pg->title.len] = '\0';
			c.title = title;
		}
		size_t start = b->len;
		c.start = start;
		c.head = SIZE_MAX;
		write_main(&c, best);
		drop_heading(&c);
		free(title);
		pg->text.off = (uint32_t)start;
		pg->text.len = (uint32_t)(b->len - start);
		if (declared_body(b, pg))
			c.oom = true;
		trim(b, &pg->text);
		if (!c.oom && !b->oom && nfc(b, &pg->text))
			c.oom = true;
		pg->paragraphs =
		    pg->text.len ? count_paragraphs(b->data + pg->text.off, pg->text.len) : 0;
	}
	xmlFreeDoc(doc);
	NF_VEC_FREE(&c.st);
	if (rc == 0 && (c.oom || b->oom))
		rc = NF_ENOMEM;
	if (rc == 0 && pg->text.len == 0)
		rc = NF_EEMPTY;
	return rc;
}

bool nf_web_sniff(const char *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (int round = 0; round < 8; round++) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
			i++;
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			const char *e = NULL;
			for (size_t j = i + 4; j + 3 <= n && !e; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					e = p + j;
			if (!e)
				return false;
			i = (size_t)(e - p) + 3;
			continue;
		}
		if (i + 5 <= n && memcmp(p + i, "<?xml", 5) == 0) {
			const char *e = memchr(p + i, '>', n - i);
			if (!e)
				return false;
			i = (size_t)(e - p) + 1;
			continue;
		}
		break;
	}
	static const char *const starts[] = {"<!doctype html", "<html",	 "<head",  "<body",
					     "<meta",	       "<title", "<style", "<script",
					     "<link",	       "<base"};
	for (size_t k = 0; k < NF_ARRAY_LEN(starts); k++) {
		size_t m = strlen(starts[k]);
		if (i + m < n && strncasecmp(p + i, starts[k], m) == 0) {
			char c = p[i + m];
			return c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' ||
			       c == '/';
		}
	}
	return false;
}
