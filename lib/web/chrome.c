/*
 * chrome.c - what a page's markup says is not article text: elements that never hold it
 * (scripts, navigation, forms' controls, ruby readings, ...), hidden ones, and the words of
 * class, id and role values that name page chrome (menus, share bars, cookie banners, related
 * links, comments) or content (article, story, entry). extract.c decides what to do with them.
 */
#include "dom.h"

#include <strings.h>

static const char *const never_text[] = {
    "script", "style",	  "template", "svg",	 "math",   "iframe",	"object", "embed",
    "canvas", "video",	  "audio",    "nav",	 "aside",  "footer",	"menu",	  "button",
    "select", "option",	  "textarea", "input",	 "label",  "fieldset",	"legend", "dialog",
    "rt",     "rp",	  "head",     "title",	 "link",   "meta",	"map",	  "datalist",
    "output", "progress", "figure",   "picture", "source", "figcaption"};

bool nf_dom_hidden(const xmlNode *n)
{
	if (nf_dom_attr(n, "hidden"))
		return true;
	const char *v = nf_dom_attr(n, "aria-hidden");
	if (v && strcasecmp(v, "true") == 0)
		return true;
	v = nf_dom_attr(n, "style");
	if (v) {
		char low[128];
		size_t k = 0;
		for (const char *p = v; *p && k + 1 < sizeof(low); p++)
			if (*p != ' ')
				low[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		low[k] = '\0';
		if (strstr(low, "display:none") || strstr(low, "visibility:hidden"))
			return true;
	}
	return false;
}

/* Words in class and id values that name page chrome, matched as a whole word of the value
 * (split at anything not a letter or digit) or, for the parts, anywhere in one. Strong words
 * name blocks that are chrome whatever their size; weak ones name small things (a caption, a
 * byline, a tag list) that share their words with wrappers, so only a short block goes. */
static const char *const chrome_strong[] = {"nav",
					    "navbar",
					    "menu",
					    "footer",
					    "sidebar",
					    "aside",
					    "share",
					    "sharing",
					    "social",
					    "related",
					    "ad",
					    "ads",
					    "advert",
					    "banner",
					    "cookie",
					    "cookies",
					    "consent",
					    "gdpr",
					    "newsletter",
					    "subscribe",
					    "breadcrumb",
					    "breadcrumbs",
					    "popup",
					    "modal",
					    "outbrain",
					    "taboola",
					    "disqus",
					    "comments",
					    "comment",
					    "paywall",
					    "recommendations",
					    "recommended"};
static const char *const chrome_parts[] = {
    "comment",	  "sharing", "social",	   "related",  "cookie",  "consent",
    "newsletter", "sidebar", "breadcrumb", "advert",   "footer",  "navigation",
    "banner",	  "subscri", "popup",	   "outbrain", "taboola", "recommend"};
static const char *const chrome_weak[] = {
    "promo",  "widget",	  "overlay", "tags",	  "byline", "toolbar", "pagination",
    "pager",  "masthead", "sponsor", "login",	  "rating", "teaser",  "teasers",
    "print",  "skip",	  "hidden",  "copyright", "meta",   "author",  "tools",
    "header", "caption",  "credit",  "credits"};
static const char *const content_words[] = {"article",	   "content",	"entry",    "main",
					    "post",	   "story",	"text",	    "body",
					    "articlebody", "storybody", "richtext", "prose"};

/* +1 when the value names content, -2 strong chrome, -1 weak chrome, 0 neither. */
static int class_sign(const char *v)
{
	if (!v || !*v)
		return 0;
	int sign = 0;
	const char *p = v;
	while (*p) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9')))
			p++;
		const char *w = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9'))
			p++;
		size_t n = (size_t)(p - w);
		char low[48];
		if (n == 0 || n >= sizeof(low))
			continue;
		for (size_t i = 0; i < n; i++)
			low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
		low[n] = '\0';
		if (nf_dom_name_in(low, chrome_strong, NF_ARRAY_LEN(chrome_strong)))
			return -2;
		for (size_t i = 0; i < NF_ARRAY_LEN(chrome_parts); i++)
			if (strstr(low, chrome_parts[i]))
				return -2;
		if (nf_dom_name_in(low, chrome_weak, NF_ARRAY_LEN(chrome_weak)))
			sign = -1;
		else if (sign == 0 &&
			 nf_dom_name_in(low, content_words, NF_ARRAY_LEN(content_words)))
			sign = 1;
	}
	return sign;
}

int nf_dom_sign(const xmlNode *n)
{
	const char *role = nf_dom_attr(n, "role");
	if (role && (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "banner") == 0 ||
		     strcasecmp(role, "contentinfo") == 0 ||
		     strcasecmp(role, "complementary") == 0 || strcasecmp(role, "menu") == 0 ||
		     strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alertdialog") == 0))
		return -2;
	int a = class_sign(nf_dom_attr(n, "class")), b = class_sign(nf_dom_attr(n, "id"));
	if (a < 0 || b < 0)
		return NF_MIN(a, b);
	const char *ip = nf_dom_attr(n, "itemprop");
	if (ip && strcasecmp(ip, "articleBody") == 0)
		return 2;
	return a > 0 || b > 0;
}

bool nf_dom_never_text(const xmlNode *n)
{
	return nf_dom_name_in((const char *)n->name, never_text, NF_ARRAY_LEN(never_text));
}
