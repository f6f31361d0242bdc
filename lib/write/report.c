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

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}"
    "header{padding:10px 16px;background:#243447;color:#fff}header h1{font-size:18px;margin:0}"
    "#wrap{display:flex;min-height:calc(100vh - 44px)}"
    "#side{width:340px;border-right:1px solid #ddd;padding:8px;overflow:auto;max-height:calc(100vh "
    "- 60px)}"
    "#side input{width:100%;box-sizing:border-box;padding:6px;font-size:14px}"
    "#list{list-style:none;padding:0;margin:8px 0}#list li{padding:4px 2px;border-bottom:1px solid "
    "#eee}"
    "#list a{color:#0b4f8a;text-decoration:none}#list "
    ".meta{color:#777;font-size:12px;display:block}"
    "#view{flex:1;padding:12px 20px;overflow:auto;max-height:calc(100vh - 60px)}"
    "h2{margin:4px 0 8px}h3{margin:18px 0 6px;font-size:16px}"
    ".src{color:#666;font-size:12px}blockquote{margin:8px 0;padding:4px 10px;border-left:3px solid "
    "#7a9cc6;background:#fff}"
    "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px "
    "6px;vertical-align:top;text-align:left}"
    ".role-origin{color:#0a6b2d;font-weight:600}.role-independent{color:#444}"
    ".pane{display:flex;gap:12px}.pane pre{flex:1;white-space:pre-wrap;font:13px/1.45 "
    "system-ui,sans-serif;"
    "background:#fff;border:1px solid #ddd;padding:8px;margin:0}"
    "mark.verbatim{background:#c8f0c8}mark.edited{background:#fbeaa8}mark.quote{background:#c9e6f6}"
    ".boiler{color:#aaa}.tag{display:inline-block;padding:0 "
    "6px;border-radius:8px;background:#eef;font-size:12px;margin:1px}"
    "svg text{font-size:11px}";

/* The script, in pieces under the 4095-byte literal limit of ISO C; joined once at run time. */
static const char *const js_parts[] = {
    "(function(){'use strict';\n"
    "var NS='http://www.w3.org/2000/svg';\n"
    "function el(t,cls,text){var e=document.createElement(t);if(cls)e.className=cls;"
    "if(text!=null)e.textContent=String(text);return e;}\n"
    "function day(d){return d?d.slice(0,10):'undated';}\n"
    "function data(id){var e=document.getElementById(id);return "
    "e?JSON.parse(e.textContent):null;}\n"
    "var index=data('nf-index')||[];\n"
    "var list=document.getElementById('list'),view=document.getElementById('view'),"
    "q=document.getElementById('q'),count=document.getElementById('count');\n"
    "function renderList(){var s=q.value.toLowerCase(),n=0,shown=0;list.textContent='';\n"
    " for(var i=0;i<index.length;i++){var st=index[i];"
    "var hay=((st.headline||'')+' '+st.names.join(' ')+' '+st.outlets.join(' ')).toLowerCase();\n"
    "  if(s&&hay.indexOf(s)<0)continue;n++;if(shown>=400)continue;shown++;\n"
    "  var li=el('li'),a=el('a',null,st.headline||'(no "
    "headline)');a.href='#s'+st.story;li.appendChild(a);\n"
    "  li.appendChild(el('span','meta',st.size+' article'+(st.size>1?'s':'')+' \\u00b7 "
    "'+day(st.first)+"
    "(st.outlets.length?' \\u00b7 '+st.outlets.slice(0,3).join(', '):'')));list.appendChild(li);}\n"
    " count.textContent=n+' of '+index.length+' stories'+(n>shown?' (first '+shown+' "
    "listed)':'');}\n"
    "function link(url,text){if(/^https?:\\/\\//i.test(url||'')){var "
    "a=el('a',null,text||url);a.href=url;"
    "a.rel='noopener noreferrer';return a;}return el('span',null,url||'');}\n"
    "var enc=new TextEncoder(),dec=new TextDecoder();\n"
    "function segments(text,marks){var b=enc.encode(text),cut={0:1};cut[b.length]=1;\n"
    " marks.forEach(function(m){cut[m[0]]=1;cut[m[1]]=1;});\n"
    " var pts=Object.keys(cut).map(Number).filter(function(x){return "
    "x>=0&&x<=b.length;}).sort(function(x,y){return x-y;});\n"
    " var out=[];for(var i=0;i+1<pts.length;i++){var s=pts[i],e=pts[i+1],cls=[];\n"
    "  marks.forEach(function(m){if(m[0]<=s&&e<=m[1])cls.push(m[2]);});\n"
    "  out.push([dec.decode(b.subarray(s,e)),cls]);}return out;}\n"
    "function paint(pre,text,marks){pre.textContent='';segments(text,marks).forEach(function(sg){\n"
    " var k=sg[1],node;if(k.indexOf('reuse')>=0){node=el('mark',k.filter(function(c){return "
    "c!=='reuse';}).join(' '),sg[0]);}\n"
    " else if(k.indexOf('boiler')>=0){node=el('span','boiler',sg[0]);}else "
    "node=document.createTextNode(sg[0]);\n"
    " pre.appendChild(node);});}\n"
    "function timeline(st){var arts=st.articles.filter(function(a){return a.date;});\n"
    " var w=720,h=40+16*Math.min(arts.length,40),svg=document.createElementNS(NS,'svg');\n"
    " svg.setAttribute('width',w);svg.setAttribute('height',h);svg.setAttribute('role','img');\n"
    " if(!arts.length){var "
    "t0=document.createElementNS(NS,'text');t0.setAttribute('x',4);t0.setAttribute('y',20);"
    "t0.textContent='no dates';svg.appendChild(t0);return svg;}\n"
    " var ts=arts.map(function(a){return "
    "Date.parse(a.date);}),lo=Math.min.apply(null,ts),hi=Math.max.apply(null,ts),span=Math.max(hi-"
    "lo,1);\n",
    " var "
    "axis=document.createElementNS(NS,'line');axis.setAttribute('x1',150);axis.setAttribute('x2',w-"
    "20);"
    "axis.setAttribute('y1',h-14);axis.setAttribute('y2',h-14);axis.setAttribute('stroke','#999');"
    "svg.appendChild(axis);\n"
    " [[lo,150,'start'],[hi,w-20,'end']].forEach(function(x){var "
    "t=document.createElementNS(NS,'text');"
    "t.setAttribute('x',x[1]);t.setAttribute('y',h-2);t.setAttribute('text-anchor',x[2]);"
    "t.textContent=new Date(x[0]).toISOString().slice(0,16).replace('T',' "
    "');svg.appendChild(t);});\n"
    " var roles={};(st.digest.sources||[]).forEach(function(s){roles[s.id]=s.role;});\n"
    " arts.slice(0,40).forEach(function(a,i){var "
    "y=14+16*i,x=150+(w-170)*(Date.parse(a.date)-lo)/span;\n"
    "  var "
    "c=document.createElementNS(NS,'circle');c.setAttribute('cx',x);c.setAttribute('cy',y);c."
    "setAttribute('r',5);\n"
    "  var "
    "r=roles[a.id]||'';c.setAttribute('fill',r==='origin'?'#0a6b2d':r==='independent'?'#3566a8':'#"
    "d08a1e');\n"
    "  var tt=document.createElementNS(NS,'title');tt.textContent=(a.outlet||a.id)+' '+a.date+' "
    "'+r;c.appendChild(tt);svg.appendChild(c);\n"
    "  var t=document.createElementNS(NS,'text');t.setAttribute('x',4);t.setAttribute('y',y+4);"
    "t.textContent=String(a.outlet||a.id).slice(0,22);svg.appendChild(t);});\n"
    " return svg;}\n"
    "function sideBySide(st,box){box.textContent='';var "
    "arts=st.articles;if(arts.length<2){box.appendChild(el('p',null,'One article "
    "only.'));return;}\n"
    " var "
    "sa=el('select'),sb=el('select');sa.id='nf-a';sb.id='nf-b';arts.forEach(function(a,i){[sa,sb]."
    "forEach(function(s){\n"
    "  var o=el('option',null,(a.outlet||a.id)+' \\u2014 "
    "'+day(a.date));o.value=i;s.appendChild(o);});});\n"
    " var best=st.pairs.slice().sort(function(x,y){return y.spans.length-x.spans.length;})[0];\n"
    " sa.value=best?best.a:0;sb.value=best?best.b:1;var "
    "pane=el('div','pane'),pa=el('pre'),pb=el('pre');pa.id='nf-pa';pb.id='nf-pb';\n"
    " pane.appendChild(pa);pane.appendChild(pb);box.appendChild(sa);box.appendChild(document."
    "createTextNode(' vs '));box.appendChild(sb);\n"
    " var note=el('p','src');box.appendChild(note);box.appendChild(pane);\n"
    " function draw(){var i=+sa.value,j=+sb.value,A=arts[i],B=arts[j],ma=[],mb=[];\n"
    "  "
    "A.boiler.forEach(function(s){ma.push([s[0],s[1],'boiler']);});B.boiler.forEach(function(s){mb."
    "push([s[0],s[1],'boiler']);});\n"
    "  var rel='nothing shared';st.pairs.forEach(function(p){var "
    "sw=p.a===j&&p.b===i;if(!((p.a===i&&p.b===j)||sw))return;rel=p.relation;\n"
    "   p.spans.forEach(function(s){if(s[5])return;var "
    "x=sw?[s[2],s[3]]:[s[0],s[1]],y=sw?[s[0],s[1]]:[s[2],s[3]];\n"
    "    "
    "ma.push([x[0],x[1],'reuse']);ma.push([x[0],x[1],s[4]]);mb.push([y[0],y[1],'reuse']);mb.push(["
    "y[0],y[1],s[4]]);});});\n"
    "  note.textContent='relation: '+rel+' \\u2014 green verbatim, yellow edited, blue quotation, "
    "grey boilerplate';\n"
    "  paint(pa,A.text,ma);paint(pb,B.text,mb);}\n"
    " sa.onchange=draw;sb.onchange=draw;draw();}\n"
    "function show(){var m=/^#s(\\d+)$/.exec(location.hash);view.textContent='';\n",
    " if(!m){view.appendChild(el('p',null,'Choose a story on the left.'));return;}\n"
    " var st=data('s'+m[1]);if(!st){view.appendChild(el('p',null,'No such story.'));return;}\n"
    " var d=st.digest,byId={};st.articles.forEach(function(a){byId[a.id]=a;});\n"
    " function who(id){var a=byId[id];return a&&a.outlet?a.outlet:id;}\n"
    " view.appendChild(el('h2','headline',d.headline?d.headline.text:'(no headline)'));\n"
    " view.appendChild(el('p','src',st.size+' articles \\u00b7 '+day(st.first)+' \\u2013 "
    "'+day(st.last)));\n"
    " var "
    "names=el('p');(d.names||[]).forEach(function(n){names.appendChild(el('span','tag',n.name+' "
    "('+n.articles+')'));});view.appendChild(names);\n"
    " view.appendChild(el('h3',null,'Summary'));var "
    "ol=el('ol','summary');(d.summary||[]).forEach(function(s){\n"
    "  var li=el('li',null,s.text+' ');li.appendChild(el('span','src','\\u2014 "
    "'+s.sources.map(who).join(', ')));ol.appendChild(li);});view.appendChild(ol);\n"
    " view.appendChild(el('h3',null,'Key "
    "quotes'));(d.quotes||[]).slice(0,8).forEach(function(q){var "
    "b=el('blockquote','quote',q.text);\n"
    "  b.appendChild(el('div','src','\\u2014 '+(q.speaker||'speaker unknown')+'; carried by "
    "'+q.carriers.length+': '+q.carriers.map(who).join(', ')));view.appendChild(b);});\n"
    " view.appendChild(el('h3',null,'Sources'));var tb=el('table','sources'),hr=el('tr');\n"
    " ['Outlet','Date','Role','Reused','Added','Link'].forEach(function(h){hr.appendChild(el('th',"
    "null,h));});tb.appendChild(hr);\n"
    " (d.sources||[]).forEach(function(s){var "
    "tr=el('tr','source');tr.appendChild(el('td',null,who(s.id)));tr.appendChild(el('td',null,s."
    "date?s.date.slice(0,16).replace('T',' '):'undated'));\n"
    "  tr.appendChild(el('td','role-'+s.role.split(' ')[0],s.role+(s.copy_of?' of "
    "'+who(s.copy_of):'')));tr.appendChild(el('td',null,Math.round(100*s.reused)+'%'));\n"
    "  var ad=el('td');if(s.added.length){var "
    "det=el('details'),sm=el('summary',null,s.added.length+' "
    "sentence'+(s.added.length>1?'s':''));det.appendChild(sm);\n"
    "   "
    "s.added.slice(0,12).forEach(function(t){det.appendChild(el('p',null,t));});ad.appendChild(det)"
    ";}tr.appendChild(ad);\n"
    "  var "
    "lk=el('td');lk.appendChild(link(s.url,s.url?'open':''));tr.appendChild(lk);tb.appendChild(tr);"
    "});view.appendChild(tb);\n"
    " view.appendChild(el('h3',null,'Timeline'));view.appendChild(timeline(st));\n"
    " view.appendChild(el('h3',null,'Side by side'));var "
    "box=el('div','side');view.appendChild(box);sideBySide(st,box);}\n"
    "q.addEventListener('input',renderList);window.addEventListener('hashchange',show);renderList()"
    ";show();\n"
    "})();\n",
};

static void put(nf_buf *b, const char *s)
{
	nf_buf_append(b, s, strlen(s));
}

/* The script, joined (into buf, at most cap bytes with the NUL). */
static const char *script(char *buf, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < NF_ARRAY_LEN(js_parts); i++) {
		size_t n = strlen(js_parts[i]);
		if (k + n + 1 > cap)
			return NULL;
		memcpy(buf + k, js_parts[i], n);
		k += n;
	}
	buf[k] = '\0';
	return buf;
}

#define SCRIPT_MAX 16384

static void put_hash(nf_buf *b, const char *s)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char h[32];
	nf_sha256(s, strlen(s), h);
	char out[48];
	size_t k = 0;
	for (size_t i = 0; i < 32; i += 3) {
		uint32_t v = (uint32_t)h[i] << 16 | (i + 1 < 32 ? (uint32_t)h[i + 1] << 8 : 0) |
			     (i + 2 < 32 ? h[i + 2] : 0);
		out[k++] = tab[v >> 18 & 63];
		out[k++] = tab[v >> 12 & 63];
		out[k++] = i + 1 < 32 ? tab[v >> 6 & 63] : '=';
		out[k++] = i + 2 < 32 ? tab[v & 63] : '=';
	}
	out[k] = '\0';
	put(b, "'sha256-");
	put(b, out);
	put(b, "'");
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
	char buf[SCRIPT_MAX];
	const char *js = script(buf, sizeof(buf));
	if (!js)
		return NF_EINVAL;
	put(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	       "script-src ");
	put_hash(b, js);
	put(b, "; style-src ");
	put_hash(b, css);
	put(b, "; img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put_html(b, title);
	put(b, "</title>\n<style>");
	put(b, css);
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
	char buf[SCRIPT_MAX];
	const char *js = script(buf, sizeof(buf));
	if (!js)
		return NF_EINVAL;
	put(b, "</script>\n<script>");
	put(b, js);
	put(b, "</script>\n</body></html>\n");
	return b->oom ? NF_ENOMEM : 0;
}
