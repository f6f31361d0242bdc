/*
 * url.c - the canonical form of an article's address, used as its id: two addresses of one
 * article fold to one string.
 *
 * Folded: the case of the scheme and host; a default port (:80 for http, :443 for https); the
 * fragment; tracking parameters (utm_*, fbclid, gclid, and the like); AMP and mobile variants
 * (an amp., m. or mobile. host, an /amp path segment at either end of the path, amp=1 and
 * outputType=amp); a trailing slash. Not folded: http against https, www, the order of the
 * other parameters, percent-encoding (each can name a different page on some site).
 */
#include "web.h"

#include <strings.h>

static bool tracking(const char *k, size_t n)
{
	static const char *const names[] = {
	    "fbclid", "gclid",	   "dclid",	  "msclkid", "yclid", "mc_cid",
	    "mc_eid", "igshid",	   "_ga",	  "_gl",     "ocid",  "smid",
	    "cmpid",  "at_medium", "at_campaign", "ito",     "wt_mc", "wt.mc_id",
	    "spm",    "share",	   "ref_src",	  "ref_url", "amp",   "outputtype"};
	if (n > 4 && strncasecmp(k, "utm_", 4) == 0)
		return true;
	for (size_t i = 0; i < NF_ARRAY_LEN(names); i++)
		if (strlen(names[i]) == n && strncasecmp(k, names[i], n) == 0)
			return true;
	return false;
}

/* Whether query parameter p[0..n) ("key=value") goes. */
static bool dropped_param(const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);
	size_t kn = eq ? (size_t)(eq - p) : n;
	if (kn == 10 && strncasecmp(p, "outputType", 10) == 0)
		return eq && n - kn - 1 == 3 && strncasecmp(eq + 1, "amp", 3) == 0;
	return kn == 0 || tracking(p, kn);
}

static void lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] + 32);
}

int nf_url_canonical(const char *u, size_t n, nf_buf *out)
{
	while (n && (*u == ' ' || *u == '\t'))
		u++, n--;
	while (n && (u[n - 1] == ' ' || u[n - 1] == '\t'))
		n--;
	const char *colon = memchr(u, ':', n);
	if (!colon || (size_t)(colon - u) + 3 > n || colon[1] != '/' || colon[2] != '/')
		return nf_buf_append(out, u, n); /* not an absolute http-like address: as it is */
	size_t start = out->len;
	size_t sl = (size_t)(colon - u);
	if (nf_buf_append(out, u, sl + 3))
		return NF_ENOMEM;
	lower(out->data + start, sl);
	bool http = sl == 4 && strncasecmp(u, "http", 4) == 0;
	bool https = sl == 5 && strncasecmp(u, "https", 5) == 0;
	const char *h = colon + 3, *end = u + n;
	const char *he = h;
	while (he < end && *he != '/' && *he != '?' && *he != '#')
		he++;
	/* host[:port], without user info */
	const char *at = memchr(h, '@', (size_t)(he - h));
	if (at)
		h = at + 1;
	const char *pc = NULL;
	for (const char *q = he; q > h; q--)
		if (q[-1] == ':') {
			pc = q - 1;
			break;
		}
	const char *hend = pc ? pc : he;
	static const char *const variants[] = {"amp.", "m.", "mobile."};
	for (size_t i = 0; i < NF_ARRAY_LEN(variants); i++) {
		size_t k = strlen(variants[i]);
		if ((size_t)(hend - h) > k + 3 && strncasecmp(h, variants[i], k) == 0 &&
		    memchr(h + k, '.', (size_t)(hend - h - k)))
			h += k;
	}
	size_t hs = out->len;
	if (nf_buf_append(out, h, (size_t)(hend - h)))
		return NF_ENOMEM;
	lower(out->data + hs, out->len - hs);
	if (pc) {
		size_t pn = (size_t)(he - pc - 1);
		bool deflt = (http && pn == 2 && memcmp(pc + 1, "80", 2) == 0) ||
			     (https && pn == 3 && memcmp(pc + 1, "443", 3) == 0);
		if (!deflt && nf_buf_append(out, pc, (size_t)(he - pc)))
			return NF_ENOMEM;
	}
	/* the path, without a leading or trailing /amp segment and a trailing slash */
	const char *p = he, *pe = p;
	while (pe < end && *pe != '?' && *pe != '#')
		pe++;
	if (pe - p > 5 && strncasecmp(p, "/amp/", 5) == 0)
		p += 4;
	if (pe - p >= 4 && strncasecmp(pe - 4, "/amp", 4) == 0)
		pe -= 4;
	else if (pe - p >= 5 && strncasecmp(pe - 5, "/amp/", 5) == 0)
		pe -= 5;
	while (pe > p && pe[-1] == '/')
		pe--;
	if (nf_buf_append(out, p, (size_t)(pe - p)))
		return NF_ENOMEM;
	/* the query, without tracking parameters; the fragment goes */
	const char *q = pe;
	while (q < end && *q != '?' && *q != '#')
		q++;
	if (q < end && *q == '?') {
		const char *qe = q + 1;
		while (qe < end && *qe != '#')
			qe++;
		bool first = true;
		for (const char *a = q + 1; a < qe;) {
			const char *b = a;
			while (b < qe && *b != '&' && *b != ';')
				b++;
			if (!dropped_param(a, (size_t)(b - a))) {
				if (nf_buf_append(out, first ? "?" : "&", 1) ||
				    nf_buf_append(out, a, (size_t)(b - a)))
					return NF_ENOMEM;
				first = false;
			}
			a = b < qe ? b + 1 : b;
		}
	}
	return 0;
}
