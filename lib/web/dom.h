/* dom.h - what extract.c and meta.c share about a parsed page (libxml2's tree). Private to
 * lib/web. */
#ifndef NF_WEB_DOM_H
#define NF_WEB_DOM_H

#include "web.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* An element's name, lower case, as libxml2's HTML parser gives it (NULL for other nodes). */
static inline const char *nf_dom_name(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (const char *)n->name : NULL;
}

static inline bool nf_dom_is(const xmlNode *n, const char *name)
{
	const char *s = nf_dom_name(n);
	return s && strcmp(s, name) == 0;
}

/* An attribute's value (borrowed from the tree), or NULL. Only a single text child is read,
 * which is how the HTML parser stores attribute values. */
static inline const char *nf_dom_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && strcasecmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE
				   ? (const char *)a->children->content
				   : "";
	return NULL;
}

static inline bool nf_dom_name_in(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

/* --- chrome.c ------------------------------------------------------------------------------ */

#define WEAK_MAX 300 /* characters: a block named by a weak chrome word and longer stays */

/* Whether element n never holds article text (script, style, nav, aside, footer, figure, forms'
 * controls, rt, ...; a <noscript> is judged by its size in extract.c). */
NF_INTERNAL bool nf_dom_never_text(const xmlNode *n);
/* Whether n is hidden (hidden, aria-hidden="true", display:none, visibility:hidden). */
NF_INTERNAL bool nf_dom_hidden(const xmlNode *n);
/* What n's role, class and id say: -2 chrome whatever its size, -1 chrome when short (under
 * WEAK_MAX characters), 2 itemprop=articleBody, 1 content, 0 nothing. */
NF_INTERNAL int nf_dom_sign(const xmlNode *n);

/* Appends to pg->buf and records the span in *sp: the string s with runs of white space made
 * one space, ends trimmed. Empty input leaves *sp as it was. 0 or NF_ENOMEM. */
NF_INTERNAL int nf_dom_put_span(nf_web_page *pg, nf_web_span *sp, const char *s, size_t n);

/* The page's metadata (title, date, url, author, language, site) from the head, JSON-LD and
 * the body, into pg; `main` (may be NULL) is the element chosen as the main text, whose h1 and
 * <time> are preferred. 0 or NF_ENOMEM. */
NF_INTERNAL int nf_web_meta(xmlDoc *doc, xmlNode *main, const nf_web_hint *hint, nf_web_page *pg);

#endif
