/*
 * report.c - the self-contained HTML report: a searchable story list, and per story (rendered
 * when opened) its digest, a sources table, a timeline in SVG and a side-by-side view of any two
 * of its articles with the reused passages highlighted and boilerplate greyed.
 *
 * Safety: the data sits in <script type="application/json"> blocks with '<', '>', '&', U+2028
 * and U+2029 written as \u escapes (valid JSON, and no "</script>" can appear); the script builds
 * the page with textContent and createElement only, links only http(s) URLs, and the
 * Content-Security-Policy allows exactly this script and this style (by SHA-256) and nothing
 * else: no network, no other script, no frames, no forms.
 */
#include "../base/base.h"

#include <string.h>

/* The style and the script: lib/write/report.css and report.js, embedded at build time with the
 * base64 of their SHA-256 for the Content-Security-Policy (scripts/embed.c). */
NF_INTERNAL extern const char nf_report_css[], nf_report_js[];
NF_INTERNAL extern const size_t nf_report_css_len, nf_report_js_len;
NF_INTERNAL extern const char nf_report_css_sha256[], nf_report_js_sha256[];

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

/* Text as HTML (for the title only: everything else goes through JSON and textContent). */
static void put_html(nf_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			put(b, "&lt;");
			break;
		case '>':
			put(b, "&gt;");
			break;
		case '&':
			put(b, "&amp;");
			break;
		case '"':
			put(b, "&quot;");
			break;
		default:
			nf_buf_append(b, s, 1);
		}
	}
}

/* JSON made safe inside <script type="application/json">: '<', '>', '&' and the two line
 * separators become \u escapes (they can only occur inside strings, where those mean the same). */
static void put_json_html(nf_buf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = NULL;
		size_t skip = 1;
		unsigned char c = (unsigned char)s[i];
		if (c == '<')
			esc = "\\u003c";
		else if (c == '>')
			esc = "\\u003e";
		else if (c == '&')
			esc = "\\u0026";
		else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			skip = 3;
		}
		if (!esc)
			continue;
		nf_buf_append(b, s + from, i - from);
		put(b, esc);
		i += skip - 1;
		from = i + 1;
	}
	nf_buf_append(b, s + from, n - from);
}

/* The page: lib/write/report.html, whose {{name}} markers are filled here. */
NF_INTERNAL extern const char nf_report_html[];

/* Appends the page from *at, filling its markers, up to the marker `stop` (or the end); *at
 * moves past it. The title is escaped; the index (NULL before the stories) is the story list. */
static void fill(nf_buf *b, const char **at, const char *stop, const char *title,
		 const nf_buf *index)
{
	const char *s = *at;
	const char *m;
	while ((m = strstr(s, "{{")) != NULL) {
		nf_buf_append(b, s, (size_t)(m - s));
		const char *name = m + 2, *end = strstr(name, "}}");
		size_t n = (size_t)(end - name);
		s = end + 2;
#define IS(k) (n == sizeof(k) - 1 && memcmp(name, k, n) == 0)
		if (IS("title"))
			put_html(b, title);
		else if (IS("css"))
			nf_buf_append(b, nf_report_css, nf_report_css_len);
		else if (IS("js"))
			nf_buf_append(b, nf_report_js, nf_report_js_len);
		else if (IS("css_sha256"))
			put(b, nf_report_css_sha256);
		else if (IS("js_sha256"))
			put(b, nf_report_js_sha256);
		else if (IS("index") && index && index->len)
			nf_buf_append(b, index->data, index->len), put(b, "]");
		else if (IS("index"))
			put(b, "[]");
		if (n == strlen(stop) && memcmp(name, stop, n) == 0) {
			*at = s;
			return;
		}
#undef IS
	}
	put(b, s);
	*at = s + strlen(s);
}

int nf_report_begin(nf_buf *b, const char *title)
{
	const char *at = nf_report_html;
	fill(b, &at, "stories", title, NULL);
	return b->oom ? NF_ENOMEM : 0;
}

int nf_report_story(nf_buf *out, nf_buf *index, uint32_t story, int64_t first, int64_t last,
		    const nf_digester *d, const nf_digest *g)
{
	nf_buf tmp;
	nf_buf_init(&tmp);
	char head[96];
	snprintf(head, sizeof(head), "{\"story\":%u,\"size\":%zu,\"first\":", story, g->n_docs);
	put(&tmp, head);
	nf_json_date(&tmp, first);
	put(&tmp, ",\"last\":");
	nf_json_date(&tmp, last);
	size_t common = tmp.len; /* the index entry shares this start */
	put(&tmp, ",\"digest\":");
	int rc = nf_digest_json(d, g, &tmp);
	if (!rc) {
		put(&tmp, ",");
		size_t at = tmp.len;
		rc = nf_digest_articles_json(d, g, &tmp);
		/* splice: {"articles":..,"pairs":..} becomes members of the story object */
		if (!rc)
			memmove(tmp.data + at, tmp.data + at + 1, tmp.len - at - 1), tmp.len--;
	}
	if (rc) {
		nf_buf_release(&tmp);
		return NF_ENOMEM;
	}
	snprintf(head, sizeof(head), "<script type=\"application/json\" id=\"s%u\">", story);
	put(out, head);
	put_json_html(out, tmp.data, tmp.len);
	put(out, "</script>\n");
	/* the index entry */
	put(index, index->len ? ",\n" : "[");
	put_json_html(index, tmp.data, common);
	put(index, ",");
	nf_buf_reset(&tmp);
	rc = nf_digest_index_json(d, g, &tmp);
	put_json_html(index, tmp.data, tmp.len);
	put(index, "}");
	nf_buf_release(&tmp);
	return rc || out->oom || index->oom ? NF_ENOMEM : 0;
}

int nf_report_end(nf_buf *b, const nf_buf *index)
{
	const char *at = strstr(nf_report_html, "{{stories}}") + sizeof("{{stories}}") - 1;
	fill(b, &at, "", "", index);
	return b->oom ? NF_ENOMEM : 0;
}
