/*
 * lang.c - the language of a text, when the page does not say it.
 *
 * libexttextcat (Debian's, from LibreOffice) ranks the text's character n-gram profile against
 * the profiles of about 160 languages (Cavnar and Trenkle, "N-Gram-Based Text Categorization",
 * 1994). Its best answer, "[de--utf8]", becomes the tag "de"; a text too short to tell has no
 * language rather than a guess.
 */
#include "web.h"

#include <textcat.h>

#ifndef NF_TEXTCAT_DIR
#define NF_TEXTCAT_DIR ""
#endif

#define SAMPLE 4096 /* bytes of text looked at: plenty for a language, bounded cost */

struct nf_langid {
	void *tc; /* NULL: the fingerprints could not be loaded */
};

nf_langid *nf_langid_new(void)
{
	nf_langid *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	const char *dir = NF_TEXTCAT_DIR[0] ? NF_TEXTCAT_DIR : "/usr/share/libexttextcat";
	char conf[512], prefix[512];
	nf_fmt(conf, sizeof(conf), "%s/fpdb.conf", dir);
	nf_fmt(prefix, sizeof(prefix), "%s/", dir);
	l->tc = special_textcat_Init(conf, prefix);
	return l;
}

void nf_langid_free(nf_langid *l)
{
	if (!l)
		return;
	if (l->tc)
		textcat_Done(l->tc);
	free(l);
}

bool nf_langid_ready(const nf_langid *l)
{
	return l && l->tc;
}

bool nf_langid_guess(nf_langid *l, const char *text, size_t n, char tag[16])
{
	tag[0] = '\0';
	if (!l || !l->tc || n == 0)
		return false;
	size_t k = NF_MIN(n, (size_t)SAMPLE);
	while (k > 0 && k < n && ((unsigned char)text[k] & 0xC0) == 0x80)
		k--; /* not inside a character */
	const char *r = textcat_Classify(l->tc, text, k);
	/* "[xx--utf8]", "[zh-CN-utf8]", "[haw-utf8]": the best first, then those close to it */
	const char *e = r && r[0] == '[' ? strchr(r, ']') : NULL;
	if (!e)
		return false; /* "SHORT", "UNKNOWN" */
	size_t len = (size_t)(e - r - 1);
	if (len > 5 && memcmp(e - 5, "-utf8", 5) == 0)
		len -= 5;
	while (len && r[len] == '-')
		len--;
	if (len == 0 || len >= 16)
		return false;
	memcpy(tag, r + 1, len);
	tag[len] = '\0';
	return true;
}
