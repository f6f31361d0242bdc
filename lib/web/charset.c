/*
 * charset.c - a web page's bytes to UTF-8, its encoding sniffed the way browsers do.
 *
 * The order is the WHATWG HTML standard's "determining the character encoding": a byte-order
 * mark, the transport's charset (HTTP Content-Type), a prescan of <meta charset> and
 * <meta http-equiv=content-type> (the standard's first 1,024 bytes; pages that declare it later
 * in their head are common enough that the scan goes on to the end of the head), then a guess:
 * UTF-8 when every byte sequence is valid UTF-8, else windows-1252. Labels are mapped as the
 * WHATWG Encoding standard maps them (iso-8859-1 decodes as windows-1252, gb2312 as GB18030,
 * shift_jis as CP932), then decoded with iconv. A byte that does not decode becomes U+FFFD.
 */
#include "web.h"

#include <errno.h>
#include <iconv.h>
#include <strings.h>

struct label {
	const char *label, *iconv;
};

/* WHATWG labels (lower case) to iconv names. Labels not here go to iconv as they are. */
static const struct label labels[] = {
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"x-unicode20utf8", "UTF-8"},
    {"utf-16", "UTF-16LE"},
    {"utf-16le", "UTF-16LE"},
    {"unicode", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"ascii", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"},
    {"ansi_x3.4-1968", "WINDOWS-1252"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"iso88591", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},
    {"cp819", "WINDOWS-1252"},
    {"ibm819", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"},
    {"windows-1252", "WINDOWS-1252"},
    {"x-cp1252", "WINDOWS-1252"},
    {"iso-8859-9", "WINDOWS-1254"},
    {"latin5", "WINDOWS-1254"},
    {"iso-8859-11", "WINDOWS-874"},
    {"tis-620", "WINDOWS-874"},
    {"latin2", "ISO-8859-2"},
    {"l2", "ISO-8859-2"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"csgb2312", "GB18030"},
    {"chinese", "GB18030"},
    {"x-gbk", "GB18030"},
    {"gb18030", "GB18030"},
    {"big5", "BIG5-HKSCS"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"ms932", "CP932"},
    {"windows-31j", "CP932"},
    {"csshiftjis", "CP932"},
    {"euc-jp", "EUC-JP"},
    {"x-euc-jp", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"korean", "CP949"},
    {"windows-949", "CP949"},
    {"koi8-r", "KOI8-R"},
    {"koi8", "KOI8-R"},
    {"koi8-u", "KOI8-U"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
    {"macintosh", "MACINTOSH"},
    {"x-mac-roman", "MACINTOSH"},
};

/* Labels iconv may know but a page must not switch to (the standard maps them to "replacement"
 * or they are not byte encodings). */
static const char *const refused[] = {"utf-7",	    "utf-32",	   "utf-32le",	  "utf-32be",
				      "hz-gb-2312", "iso-2022-kr", "iso-2022-cn", "replacement"};

const char *nf_web_charset(const char *label, size_t n)
{
	while (n && (*label == ' ' || *label == '\t' || *label == '\n' || *label == '\r' ||
		     *label == '\f' || *label == '"' || *label == '\''))
		label++, n--;
	while (n && (label[n - 1] == ' ' || label[n - 1] == '\t' || label[n - 1] == '\n' ||
		     label[n - 1] == '\r' || label[n - 1] == '"' || label[n - 1] == '\''))
		n--;
	char low[40];
	if (n == 0 || n >= sizeof(low))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = label[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':'))
			return NULL;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[n] = '\0';
	for (size_t i = 0; i < NF_ARRAY_LEN(labels); i++)
		if (strcmp(low, labels[i].label) == 0)
			return labels[i].iconv;
	for (size_t i = 0; i < NF_ARRAY_LEN(refused); i++)
		if (strcmp(low, refused[i]) == 0)
			return NULL;
	return NULL;
}

/* The iconv name for a label: the map, else iso-8859-N and windows-125N, which iconv knows
 * under the same names. Returns false when the label is not usable. */
static bool charset_name(const char *label, size_t n, char name[32])
{
	const char *known = nf_web_charset(label, n);
	if (known) {
		nf_fmt(name, 32, "%s", known);
		return true;
	}
	while (n && (*label == ' ' || *label == '"' || *label == '\''))
		label++, n--;
	while (n && (label[n - 1] == ' ' || label[n - 1] == '"' || label[n - 1] == '\''))
		n--;
	static const char *const families[] = {"iso-8859-", "windows-125"};
	for (size_t i = 0; i < NF_ARRAY_LEN(families); i++) {
		size_t k = strlen(families[i]);
		if (n > k && n <= k + 2 && strncasecmp(label, families[i], k) == 0) {
			for (size_t j = k; j < n; j++)
				if (label[j] < '0' || label[j] > '9')
					return false;
			nf_fmt(name, 32, "%.*s", (int)n, label);
			return true;
		}
	}
	return false;
}

/* The value of "charset=" in a Content-Type-like string, or false. */
static bool charset_param(const char *s, size_t n, const char **v, size_t *vn)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		size_t j = i + 7;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j >= n || s[j] != '=')
			continue;
		j++;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '"' || s[j] == '\''))
			j++;
		size_t k = j;
		while (k < n && s[k] != ';' && s[k] != '"' && s[k] != '\'' && s[k] != ' ' &&
		       s[k] != '>' && s[k] != ',')
			k++;
		if (k > j) {
			*v = s + j;
			*vn = k - j;
			return true;
		}
	}
	return false;
}

/* An attribute value of the tag at p[0..n) (from "<meta" to '>'). */
static bool tag_attr(const char *p, size_t n, const char *name, const char **v, size_t *vn)
{
	size_t k = strlen(name);
	for (size_t i = 5; i + k < n; i++) {
		char before = p[i - 1];
		if (!(before == ' ' || before == '\t' || before == '\n' || before == '\r' ||
		      before == '/' || before == '"' || before == '\'') ||
		    strncasecmp(p + i, name, k) != 0)
			continue;
		size_t j = i + k;
		while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r'))
			j++;
		if (j >= n || p[j] != '=')
			continue;
		j++;
		while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r'))
			j++;
		char q = j < n && (p[j] == '"' || p[j] == '\'') ? p[j++] : 0;
		size_t e = j;
		while (e < n && (q ? p[e] != q : !(p[e] == ' ' || p[e] == '>' || p[e] == '\t')))
			e++;
		*v = p + j;
		*vn = e - j;
		return true;
	}
	return false;
}

/* The charset a <meta> declares in p[0..n): the first one, up to the end of the head. */
static bool meta_charset(const char *p, size_t n, char name[32])
{
	size_t i = 0;
	while (i + 6 < n) {
		const char *lt = memchr(p + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - p);
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			const char *end = NULL;
			for (size_t j = i + 4; j + 3 <= n && !end; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					end = p + j;
			if (!end)
				break;
			i = (size_t)(end - p) + 3;
			continue;
		}
		if (i + 6 <= n && strncasecmp(p + i, "<body", 5) == 0)
			break;
		if (i + 6 > n || strncasecmp(p + i, "<meta", 5) != 0 ||
		    !(p[i + 5] == ' ' || p[i + 5] == '\t' || p[i + 5] == '\n' || p[i + 5] == '\r' ||
		      p[i + 5] == '/')) {
			i++;
			continue;
		}
		const char *gt = memchr(p + i, '>', n - i);
		size_t tn = gt ? (size_t)(gt - (p + i)) + 1 : n - i;
		const char *v, *c;
		size_t vn, cn;
		if (tag_attr(p + i, tn, "charset", &v, &vn) && charset_name(v, vn, name))
			return true;
		if (tag_attr(p + i, tn, "http-equiv", &v, &vn) && vn == 12 &&
		    strncasecmp(v, "content-type", 12) == 0 &&
		    tag_attr(p + i, tn, "content", &c, &cn) && charset_param(c, cn, &v, &vn) &&
		    charset_name(v, vn, name))
			return true;
		i += tn;
	}
	return false;
}

static int put_replacement(nf_buf *out)
{
	return nf_buf_put(out, "\xEF\xBF\xBD", 3);
}

/* Valid UTF-8 copied, each invalid sequence replaced by U+FFFD. */
static int repair_utf8(const char *p, size_t n, nf_buf *out)
{
	size_t i = 0;
	while (i < n) {
		size_t ok = nf_utf8_valid_prefix(p + i, n - i);
		if (nf_buf_put(out, p + i, ok))
			return NF_ENOMEM;
		i += ok;
		if (i < n) {
			size_t bad = nf_utf8_bad_len((const unsigned char *)p + i, n - i);
			i += bad ? bad : 1;
			if (put_replacement(out))
				return NF_ENOMEM;
		}
	}
	return 0;
}

void nf_web_iconv_release(nf_web_iconv *c)
{
	if (c && c->cd)
		iconv_close((iconv_t)c->cd);
	if (c)
		memset(c, 0, sizeof(*c));
}

/* A converter from `from` to UTF-8: the cached one when it is for `from` (opening and closing
 * one loads and unloads a gconv module each time), else a new one, kept in the cache. */
static int converter(const char *from, nf_web_iconv *cache, iconv_t *cd)
{
	if (cache && cache->cd && strcmp(cache->name, from) == 0) {
		*cd = (iconv_t)cache->cd;
		iconv(*cd, NULL, NULL, NULL, NULL); /* the initial state */
		return 0;
	}
	errno = 0;
	*cd = iconv_open("UTF-8", from);
	if (*cd == (iconv_t)-1)
		return errno == ENOMEM ? NF_ENOMEM : 1; /* 1: unknown here, the caller falls back */
	if (cache) {
		nf_web_iconv_release(cache);
		cache->cd = *cd;
		nf_fmt(cache->name, sizeof(cache->name), "%s", from);
	}
	return 0;
}

static int convert(const char *p, size_t n, const char *from, nf_buf *out, nf_web_iconv *cache)
{
	iconv_t cd;
	int rc = converter(from, cache, &cd);
	if (rc)
		return rc;
	char *in = (char *)p;
	size_t left = n;
	while (left && rc == 0) {
		if (nf_buf_reserve(out, 4 * left + 16)) {
			rc = NF_ENOMEM;
			break;
		}
		char *o = out->data + out->len;
		size_t room = out->cap - out->len;
		size_t k = iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->data);
		if (k != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (cut at the end): one byte becomes U+FFFD */
		in++, left--;
		iconv(cd, NULL, NULL, NULL, NULL);
		rc = put_replacement(out);
	}
	if (!cache)
		iconv_close(cd);
	return rc;
}

int nf_web_to_utf8(const char *p, size_t n, const char *http_type, size_t type_len, nf_buf *out,
		   int *how, char name[32], nf_web_iconv *cache)
{
	char cs[32] = "UTF-8";
	int by = 0;
	const unsigned char *u = (const unsigned char *)p;
	const char *v;
	size_t vn;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		by = NF_CS_BOM;
		p += 3, n -= 3;
	} else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		by = NF_CS_BOM;
		nf_fmt(cs, sizeof(cs), "%s", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
		p += 2, n -= 2;
	} else if (http_type && charset_param(http_type, type_len, &v, &vn) &&
		   charset_name(v, vn, cs)) {
		by = NF_CS_HTTP;
	} else if (meta_charset(p, n, cs)) {
		by = NF_CS_META;
		if (strncmp(cs, "UTF-16", 6) == 0) /* a page that says so in ASCII is not */
			nf_fmt(cs, sizeof(cs), "UTF-8");
	} else if (nf_utf8_valid_prefix(p, n) == n) {
		by = NF_CS_UTF8;
	} else {
		by = NF_CS_DEFAULT;
		nf_fmt(cs, sizeof(cs), "WINDOWS-1252");
	}
	int rc;
	if (strcmp(cs, "UTF-8") == 0) {
		rc = repair_utf8(p, n, out);
	} else if ((rc = convert(p, n, cs, out, cache)) == 1) {
		nf_fmt(cs, sizeof(cs), "UTF-8");
		by = NF_CS_DEFAULT;
		rc = repair_utf8(p, n, out);
	}
	if (how)
		*how = by;
	if (name)
		nf_fmt(name, 32, "%s", cs);
	return rc;
}
