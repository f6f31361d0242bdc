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

int nf_report_begin(nf_buf *b, const char *title)
{
	put(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	       "script-src 'sha256-");
	put(b, nf_report_js_sha256);
	put(b, "'; style-src 'sha256-");
	put(b, nf_report_css_sha256);
	put(b, "'; img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put_html(b, title);
	put(b, "</title>\n<style>");
	nf_buf_append(b, nf_report_css, nf_report_css_len);
	put(b, "</style></head><body>\n<header><h1>");
	put_html(b, title);
	put(b, "</h1></header>\n<div id=\"wrap\"><nav id=\"side\"><input id=\"q\" type=\"search\" "
	       "placeholder=\"Search headlines, names, outlets\" aria-label=\"Search stories\">"
	       "<div id=\"count\" class=\"src\"></div><ul id=\"list\"></ul></nav>"
	       "<main id=\"view\"></main></div>\n");
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
	put(b, "<script type=\"application/json\" id=\"nf-index\">");
	if (index->len) {
		nf_buf_append(b, index->data, index->len);
		put(b, "]");
	} else {
		put(b, "[]");
	}
	put(b, "</script>\n<script>");
	nf_buf_append(b, nf_report_js, nf_report_js_len);
	put(b, "</script>\n</body></html>\n");
	return b->oom ? NF_ENOMEM : 0;
}
