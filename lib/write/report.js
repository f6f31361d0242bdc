(function(){'use strict';
var NS='http://www.w3.org/2000/svg';
function el(t,cls,text){var e=document.createElement(t);if(cls)e.className=cls;if(text!=null){e.textContent=String(text);e.dir='auto';}return e;}
function day(d){return d?d.slice(0,10):'undated';}
function data(id){var e=document.getElementById(id);return e?JSON.parse(e.textContent):null;}
var index=data('nf-index')||[];
var list=document.getElementById('list'),view=document.getElementById('view'),q=document.getElementById('q'),count=document.getElementById('count');
var sortBy=document.getElementById('sort'),pageOf=document.getElementById('page'),prev=document.getElementById('prev'),next=document.getElementById('next');
var PAGE=100,page=0;
function key(st,k){return k==='size'?st.size:k==='sources'?(st.sources||0):k==='date'?Date.parse(st.last||st.first||'')||0:0;}
function renderList(){var s=q.value.toLowerCase(),k=sortBy.value,hits=[];list.textContent='';
 for(var i=0;i<index.length;i++){var st=index[i];var hay=((st.headline||'')+' '+st.names.join(' ')+' '+st.outlets.join(' ')).toLowerCase();
  if(!s||hay.indexOf(s)>=0)hits.push(i);}
 if(k!=='order')hits.sort(function(x,y){return key(index[y],k)-key(index[x],k)||x-y;});
 var pages=Math.max(1,Math.ceil(hits.length/PAGE));if(page>=pages)page=pages-1;
 hits.slice(page*PAGE,(page+1)*PAGE).forEach(function(i){var st=index[i];
  var li=el('li'),a=el('a',null,st.headline||'(no headline)');a.href='#s'+st.story;li.appendChild(a);
  li.appendChild(el('span','meta',st.size+' article'+(st.size>1?'s':'')+(st.detail==='none'?' (list only)':'')+' \u00b7 '+day(st.first)+(st.outlets.length?' \u00b7 '+st.outlets.slice(0,3).join(', ')+(st.sources>3?' +'+(st.sources-3):''):'')));list.appendChild(li);});
 count.textContent=hits.length+' of '+index.length+(index.length===1?' story':' stories');
 pageOf.textContent='page '+(page+1)+' of '+pages;prev.disabled=page===0;next.disabled=page+1>=pages;}
function listOf(ids,who,max){var box=el('span');box.appendChild(el('span',null,ids.slice(0,max).map(who).join(', ')));
 if(ids.length>max){var d=el('details','more'),sm=el('summary',null,' and '+(ids.length-max)+' more');d.appendChild(sm);
  d.appendChild(el('span',null,ids.slice(max).map(who).join(', ')));box.appendChild(d);}return box;}
function link(url,text){if(/^https?:\/\//i.test(url||'')){var a=el('a',null,text||url);a.href=url;a.rel='noopener noreferrer';return a;}return el('span',null,url||'');}
var enc=new TextEncoder(),dec=new TextDecoder();
function segments(text,marks){var b=enc.encode(text),cut={0:1};cut[b.length]=1;
 marks.forEach(function(m){cut[m[0]]=1;cut[m[1]]=1;});
 var pts=Object.keys(cut).map(Number).filter(function(x){return x>=0&&x<=b.length;}).sort(function(x,y){return x-y;});
 var out=[];for(var i=0;i+1<pts.length;i++){var s=pts[i],e=pts[i+1],cls=[];
  marks.forEach(function(m){if(m[0]<=s&&e<=m[1])cls.push(m[2]);});
  out.push([dec.decode(b.subarray(s,e)),cls]);}return out;}
function paint(pre,text,marks){pre.textContent='';segments(text,marks).forEach(function(sg){
 var k=sg[1],node;if(k.indexOf('reuse')>=0){node=el('mark',k.filter(function(c){return c!=='reuse';}).join(' '),sg[0]);}
 else if(k.indexOf('boiler')>=0){node=el('span','boiler',sg[0]);}else node=document.createTextNode(sg[0]);
 pre.appendChild(node);});}
function timeline(st){var arts=st.articles.filter(function(a){return a.date;});
 var w=720,h=40+16*Math.min(arts.length,40),svg=document.createElementNS(NS,'svg');
 svg.setAttribute('width',w);svg.setAttribute('height',h);svg.setAttribute('role','img');
 if(!arts.length){var t0=document.createElementNS(NS,'text');t0.setAttribute('x',4);t0.setAttribute('y',20);t0.textContent='no dates';svg.appendChild(t0);return svg;}
 var ts=arts.map(function(a){return Date.parse(a.date);}),lo=Math.min.apply(null,ts),hi=Math.max.apply(null,ts),span=Math.max(hi-lo,1);
 var axis=document.createElementNS(NS,'line');axis.setAttribute('x1',150);axis.setAttribute('x2',w-20);axis.setAttribute('y1',h-14);axis.setAttribute('y2',h-14);axis.setAttribute('stroke','#999');svg.appendChild(axis);
 [[lo,150,'start'],[hi,w-20,'end']].forEach(function(x){var t=document.createElementNS(NS,'text');t.setAttribute('x',x[1]);t.setAttribute('y',h-2);t.setAttribute('text-anchor',x[2]);t.textContent=new Date(x[0]).toISOString().slice(0,16).replace('T',' ');svg.appendChild(t);});
 var roles={};(st.digest.sources||[]).forEach(function(s){roles[s.id]=s.role;});
 arts.slice(0,40).forEach(function(a,i){var y=14+16*i,x=150+(w-170)*(Date.parse(a.date)-lo)/span;
  var c=document.createElementNS(NS,'circle');c.setAttribute('cx',x);c.setAttribute('cy',y);c.setAttribute('r',5);
  var r=roles[a.id]||'';c.setAttribute('fill',r==='origin'?'#0a6b2d':r==='independent'?'#3566a8':'#d08a1e');
  var tt=document.createElementNS(NS,'title');tt.textContent=(a.outlet||a.id)+' '+a.date+' '+r;c.appendChild(tt);svg.appendChild(c);
  var t=document.createElementNS(NS,'text');t.setAttribute('x',4);t.setAttribute('y',y+4);t.textContent=String(a.outlet||a.id).slice(0,22);svg.appendChild(t);});
 return svg;}
function sideBySide(st,box){box.textContent='';var arts=st.articles;if(arts.length<2){box.appendChild(el('p',null,'One article only.'));return;}
 if(arts[0].text===undefined){box.appendChild(el('p','src','The texts of this story\u2019s articles are not in this report: it holds the largest stories whole, within its size (newsfold report --max-size). Compare two of them with newsfold compare --a ID --b ID FILE...'));return;}
 var sa=el('select'),sb=el('select');sa.id='nf-a';sb.id='nf-b';arts.forEach(function(a,i){[sa,sb].forEach(function(s){
  var o=el('option',null,(a.outlet||a.id)+' \u2014 '+day(a.date));o.value=i;s.appendChild(o);});});
 function longest(p){return p.spans.reduce(function(m,s){return s[5]?m:Math.max(m,s[1]-s[0]);},0);}
 var best=st.pairs.slice().sort(function(x,y){return longest(y)-longest(x)||x.a-y.a||x.b-y.b;})[0];
 sa.value=best?best.a:0;sb.value=best?best.b:1;var pane=el('div','pane'),pa=el('pre'),pb=el('pre');pa.id='nf-pa';pb.id='nf-pb';
 pane.appendChild(pa);pane.appendChild(pb);box.appendChild(sa);box.appendChild(document.createTextNode(' vs '));box.appendChild(sb);
 var note=el('p','src');box.appendChild(note);box.appendChild(pane);
 function draw(){var i=+sa.value,j=+sb.value,A=arts[i],B=arts[j],ma=[],mb=[];
  A.boiler.forEach(function(s){ma.push([s[0],s[1],'boiler']);});B.boiler.forEach(function(s){mb.push([s[0],s[1],'boiler']);});
  var rel='nothing shared';st.pairs.forEach(function(p){var sw=p.a===j&&p.b===i;if(!((p.a===i&&p.b===j)||sw))return;rel=p.relation;
   p.spans.forEach(function(s){if(s[5])return;var x=sw?[s[2],s[3]]:[s[0],s[1]],y=sw?[s[0],s[1]]:[s[2],s[3]];
    ma.push([x[0],x[1],'reuse']);ma.push([x[0],x[1],s[4]]);mb.push([y[0],y[1],'reuse']);mb.push([y[0],y[1],s[4]]);});});
  var says={copy:'copy',partial:'partial copy',passage:'shares a passage',quote:'shares quotations'};
  note.textContent='relation: '+(says[rel]||rel)+' \u2014 green verbatim, yellow edited, blue quotation, grey boilerplate';
  paint(pa,A.text,ma);paint(pb,B.text,mb);}
 sa.onchange=draw;sb.onchange=draw;draw();}
function show(){var m=/^#s(\d+)$/.exec(location.hash);view.textContent='';
 if(!m){view.appendChild(el('p',null,'Choose a story on the left.'));return;}
 var st=data('s'+m[1]);if(!st){var e=index.filter(function(x){return x.story===+m[1];})[0];
  if(!e){view.appendChild(el('p',null,'No such story.'));return;}
  view.appendChild(el('h2','headline',e.headline||'(no headline)'));
  view.appendChild(el('p','src',e.size+(e.size===1?' article':' articles')+' \u00b7 '+day(e.first)+' \u2013 '+day(e.last)+(e.outlets.length?' \u00b7 '+e.outlets.join(', '):'')));
  var tags=el('p');e.names.forEach(function(n){tags.appendChild(el('span','tag',n));});view.appendChild(tags);
  view.appendChild(el('p','src','This story\u2019s digest is not in this report: it holds the largest stories within its size (newsfold report --max-size; 0 for no limit), and newsfold digest writes every one.'));return;}
 var d=st.digest,byId={};st.articles.forEach(function(a){byId[a.id]=a;});
 function who(id){var a=byId[id];return a&&a.outlet?a.outlet:id;}
 view.appendChild(el('h2','headline',d.headline?d.headline.text:'(no headline)'));
 view.appendChild(el('p','src',st.size+(st.size===1?' article':' articles')+' \u00b7 '+day(st.first)+' \u2013 '+day(st.last)));
 var names=el('p');(d.names||[]).forEach(function(n){names.appendChild(el('span','tag',n.name+' ('+n.articles+')'));});view.appendChild(names);
 view.appendChild(el('h3',null,'Summary'));var ol=el('ol','summary');(d.summary||[]).forEach(function(s){
  var li=el('li',null,s.text+' '),sp=el('span','src','\u2014 ');sp.appendChild(listOf(s.sources,who,3));li.appendChild(sp);ol.appendChild(li);});view.appendChild(ol);
 view.appendChild(el('h3',null,'Key quotes'));(d.quotes||[]).slice(0,8).forEach(function(q){var b=el('blockquote','quote',q.text);
  var c=el('div','src','\u2014 '+(q.speaker||'speaker unknown')+'; carried by '+q.carriers.length+': ');c.appendChild(listOf(q.carriers,who,3));b.appendChild(c);view.appendChild(b);});
 view.appendChild(el('h3',null,'Sources'));var tb=el('table','sources'),hr=el('tr');
 ['Outlet','Date','Role','Reused','Added','Link'].forEach(function(h){hr.appendChild(el('th',null,h));});tb.appendChild(hr);
 (d.sources||[]).forEach(function(s){var tr=el('tr','source');tr.appendChild(el('td',null,who(s.id)));tr.appendChild(el('td',null,s.date?s.date.slice(0,16).replace('T',' '):'undated'));
  tr.appendChild(el('td','role-'+s.role.split(' ')[0],s.role+(s.copy_of?' of '+who(s.copy_of):'')));tr.appendChild(el('td',null,Math.round(100*s.reused)+'%'));
  var ad=el('td');if(s.added&&s.added.length){var det=el('details'),sm=el('summary',null,s.added.length+' sentence'+(s.added.length>1?'s':''));det.appendChild(sm);
   s.added.slice(0,12).forEach(function(t){det.appendChild(el('p',null,t));});ad.appendChild(det);}tr.appendChild(ad);
  var lk=el('td');lk.appendChild(link(s.url,s.url?'open':''));tr.appendChild(lk);tb.appendChild(tr);});view.appendChild(tb);
 view.appendChild(el('h3',null,'Timeline'));view.appendChild(timeline(st));
 view.appendChild(el('h3',null,'Side by side'));var box=el('div','side');view.appendChild(box);sideBySide(st,box);}
q.addEventListener('input',function(){page=0;renderList();});sortBy.addEventListener('change',function(){page=0;renderList();});
prev.addEventListener('click',function(){page--;renderList();});next.addEventListener('click',function(){page++;renderList();});window.addEventListener('hashchange',show);renderList();show();
})();

