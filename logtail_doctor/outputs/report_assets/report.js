(function(){
"use strict";
var data=JSON.parse(document.getElementById("ltd-data").textContent);
var ui=data.ui,body=document.getElementById("hosts-body");
var rows=Array.prototype.slice.call(body.querySelectorAll("tr.host"));
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;
 if(text!==undefined&&text!==null)e.textContent=text;return e;}
function kv(dl,label,value){var d=el("div");d.appendChild(el("dt",null,label));
 d.appendChild(el("dd",null,value));dl.appendChild(d);}
function copy(text,button){
 function done(){button.textContent=ui.copied;setTimeout(function(){button.textContent=ui.copy;},1500);}
 if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(done,fallback);}
 else{fallback();}
 function fallback(){var ta=document.createElement("textarea");ta.value=text;document.body.appendChild(ta);
  ta.select();try{document.execCommand("copy");}catch(e){}document.body.removeChild(ta);done();}
}
function details(host){
 var box=el("div","host-details"),others=[];
 host.checks.forEach(function(c){
  if(c.outcome!=="failed"&&c.outcome!=="waived"&&c.outcome!=="error"){others.push(c);return;}
  var sec=el("section","check o-"+c.outcome);sec.setAttribute("data-check",c.id);
  var h=el("h3",null,c.title+" "),code=el("code",null,c.id+" \u00b7 "+ui[c.outcome]);
  if(c.url){var a=el("a","doc");a.href=c.url;a.target="_blank";a.rel="noopener noreferrer";
   a.appendChild(code);code=a;}
  h.appendChild(code);
  sec.appendChild(h);
  if(c.waiver)sec.appendChild(el("p","waiver",c.waiver));
  var dl=el("dl","kv");kv(dl,ui.expected,c.expected);kv(dl,ui.found,c.found);
  if(c.fix)kv(dl,ui.fix,c.fix);sec.appendChild(dl);
  if(c.commands&&c.commands.length){sec.appendChild(el("div","label",ui.commands));
   c.commands.forEach(function(cmd){var row=el("div","cmd");var pre=el("pre","command",cmd);
    var b=el("button","copy",ui.copy);b.type="button";
    b.addEventListener("click",function(ev){ev.stopPropagation();copy(cmd,b);});
    row.appendChild(pre);row.appendChild(b);sec.appendChild(row);});}
  if(c.evidence&&c.evidence.length){sec.appendChild(el("div","label",ui.evidence));
   c.evidence.forEach(function(ev){sec.appendChild(el("pre","evidence",ev));});}
  box.appendChild(sec);
 });
 if(box.childNodes.length===0)box.appendChild(el("p",null,ui.all_passed));
 if(others.length){box.appendChild(el("div","label",ui.other_checks));var ul=el("ul","others");
  others.forEach(function(c){var li=el("li",null,ui[c.outcome]+": "+c.title+" ("+c.id+"): "+c.found);
   li.setAttribute("data-check",c.id);
   if(c.evidence){c.evidence.forEach(function(ev){li.appendChild(el("pre","evidence",ev));});}
   ul.appendChild(li);});box.appendChild(ul);}
 return box;
}
function toggle(row){
 var next=row.nextElementSibling;
 if(next&&next.classList.contains("details")){body.removeChild(next);row.classList.remove("open");return;}
 var tr=el("tr","details");tr.setAttribute("data-for",row.getAttribute("data-i"));
 var td=el("td");td.colSpan=row.children.length;td.appendChild(details(data.hosts[+row.getAttribute("data-i")]));
 tr.appendChild(td);row.parentNode.insertBefore(tr,row.nextSibling);row.classList.add("open");
}
body.addEventListener("click",function(ev){var row=ev.target.closest("tr.host");if(row)toggle(row);});
body.addEventListener("keydown",function(ev){if(ev.key==="Enter"||ev.key===" "){
 var row=ev.target.closest("tr.host");if(row){ev.preventDefault();toggle(row);}}});
var boxes=Array.prototype.slice.call(document.querySelectorAll("input[name=status]"));
var bars=Array.prototype.slice.call(document.querySelectorAll("button.bar")),cause=null;
var showAll=document.getElementById("causes-all");
function pick(c){cause=c;bars.forEach(function(b){b.classList.toggle("active",b.getAttribute("data-cause")===c);});
 if(showAll)showAll.hidden=c===null;apply();}
bars.forEach(function(b){b.addEventListener("click",function(){
 var c=b.getAttribute("data-cause");pick(cause===c?null:c);});});
if(showAll)showAll.addEventListener("click",function(){pick(null);});
function apply(){
 var on={};boxes.forEach(function(b){on[b.value]=b.checked;});var shown=0;
 rows.forEach(function(r){var vis=!!on[r.getAttribute("data-status")]&&(cause===null||r.getAttribute("data-cause")===cause);
  r.hidden=!vis;if(vis)shown++;
  var n=r.nextElementSibling;if(n&&n.classList.contains("details"))n.hidden=!vis;});
 document.getElementById("shown").textContent=ui.shown.replace("{shown}",shown).replace("{total}",rows.length);
}
boxes.forEach(function(b){b.addEventListener("change",apply);});
var rank={unreachable:0,unhealthy:1,partial:2,healthy:3};
document.getElementById("sort").addEventListener("change",function(){
 var by=this.value;
 var keyed=rows.map(function(r,i){return [r,i];});
 keyed.sort(function(a,b){
  var ra=a[0],rb=b[0],x=0;
  if(by==="cause"){var ca=ra.getAttribute("data-cause"),cb=rb.getAttribute("data-cause");
   x=(ca==="")-(cb==="")||(ca<cb?-1:ca>cb?1:0);}
  else if(by==="status"){x=rank[ra.getAttribute("data-status")]-rank[rb.getAttribute("data-status")];}
  return x||a[1]-b[1];});
 var frag=document.createDocumentFragment();
 keyed.forEach(function(k){var r=k[0],n=r.nextElementSibling;frag.appendChild(r);
  if(n&&n.classList.contains("details"))frag.appendChild(n);});
 body.appendChild(frag);rows=keyed.map(function(k){return k[0];});
 rows.sort(function(a,b){return a.getAttribute("data-i")-b.getAttribute("data-i");});
});
document.documentElement.setAttribute("data-ready","1");
})();
