/*! TMS Assistant chat widget. Generated from web/widget by `npm ci && npm run build`: do not edit.
 * Bundles socket.io-client, engine.io-client, socket.io-parser, engine.io-parser and
 * @socket.io/component-emitter: MIT License, Copyright (c) Guillermo Rauch and the Socket.IO
 * contributors, https://github.com/socketio/socket.io/blob/main/LICENSE */
"use strict";(()=>{var Ze=Object.defineProperty;var et=(i,e)=>{for(var t in e)Ze(i,t,{get:e[t],enumerable:!0})};var b=Object.create(null);b.open="0";b.close="1";b.ping="2";b.pong="3";b.message="4";b.upgrade="5";b.noop="6";var L=Object.create(null);Object.keys(b).forEach(i=>{L[b[i]]=i});var B={type:"error",data:"parser error"};var _e=typeof Blob=="function"||typeof Blob!="undefined"&&Object.prototype.toString.call(Blob)==="[object BlobConstructor]",xe=typeof ArrayBuffer=="function",we=i=>typeof ArrayBuffer.isView=="function"?ArrayBuffer.isView(i):i&&i.buffer instanceof ArrayBuffer,P=({type:i,data:e},t,s)=>_e&&e instanceof Blob?t?s(e):ye(e,s):xe&&(e instanceof ArrayBuffer||we(e))?t?s(e):ye(new Blob([e]),s):s(b[i]+(e||"")),ye=(i,e)=>{let t=new FileReader;return t.onload=function(){let s=t.result.split(",")[1];e("b"+(s||""))},t.readAsDataURL(i)};function be(i){return i instanceof Uint8Array?i:i instanceof ArrayBuffer?new Uint8Array(i):new Uint8Array(i.buffer,i.byteOffset,i.byteLength)}var ee;function ve(i,e){if(_e&&i.data instanceof Blob)return i.data.arrayBuffer().then(be).then(e);if(xe&&(i.data instanceof ArrayBuffer||we(i.data)))return e(be(i.data));P(i,!1,t=>{ee||(ee=new TextEncoder),e(ee.encode(t))})}var Ee="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",I=typeof Uint8Array=="undefined"?[]:new Uint8Array(256);for(let i=0;i<Ee.length;i++)I[Ee.charCodeAt(i)]=i;var ke=i=>{let e=i.length*.75,t=i.length,s,n=0,r,o,c,a;i[i.length-1]==="="&&(e--,i[i.length-2]==="="&&e--);let u=new ArrayBuffer(e),f=new Uint8Array(u);for(s=0;s<t;s+=4)r=I[i.charCodeAt(s)],o=I[i.charCodeAt(s+1)],c=I[i.charCodeAt(s+2)],a=I[i.charCodeAt(s+3)],f[n++]=r<<2|o>>4,f[n++]=(o&15)<<4|c>>2,f[n++]=(c&3)<<6|a&63;return u};var tt=typeof ArrayBuffer=="function",q=(i,e)=>{if(typeof i!="string")return{type:"message",data:Te(i,e)};let t=i.charAt(0);return t==="b"?{type:"message",data:it(i.substring(1),e)}:L[t]?i.length>1?{type:L[t],data:i.substring(1)}:{type:L[t]}:B},it=(i,e)=>{if(tt){let t=ke(i);return Te(t,e)}else return{base64:!0,data:i}},Te=(i,e)=>e==="blob"?i instanceof Blob?i:new Blob([i]):i instanceof ArrayBuffer?i:i.buffer;var Ae="",Se=(i,e)=>{let t=i.length,s=new Array(t),n=0;i.forEach((r,o)=>{P(r,!1,c=>{s[o]=c,++n===t&&e(s.join(Ae))})})},Ce=(i,e)=>{let t=i.split(Ae),s=[];for(let n=0;n<t.length;n++){let r=q(t[n],e);if(s.push(r),r.type==="error")break}return s};function Re(){return new TransformStream({transform(i,e){ve(i,t=>{let s=t.length,n;if(s<126)n=new Uint8Array(1),new DataView(n.buffer).setUint8(0,s);else if(s<65536){n=new Uint8Array(3);let r=new DataView(n.buffer);r.setUint8(0,126),r.setUint16(1,s)}else{n=new Uint8Array(9);let r=new DataView(n.buffer);r.setUint8(0,127),r.setBigUint64(1,BigInt(s))}i.data&&typeof i.data!="string"&&(n[0]|=128),e.enqueue(n),e.enqueue(t)})}})}var te;function $(i){return i.reduce((e,t)=>e+t.length,0)}function W(i,e){if(i[0].length===e)return i.shift();let t=new Uint8Array(e),s=0;for(let n=0;n<e;n++)t[n]=i[0][s++],s===i[0].length&&(i.shift(),s=0);return i.length&&s<i[0].length&&(i[0]=i[0].slice(s)),t}function Oe(i,e){te||(te=new TextDecoder);let t=[],s=0,n=-1,r=!1;return new TransformStream({transform(o,c){for(t.push(o);;){if(s===0){if($(t)<1)break;let a=W(t,1);r=(a[0]&128)===128,n=a[0]&127,n<126?s=3:n===126?s=1:s=2}else if(s===1){if($(t)<2)break;let a=W(t,2);n=new DataView(a.buffer,a.byteOffset,a.length).getUint16(0),s=3}else if(s===2){if($(t)<8)break;let a=W(t,8),u=new DataView(a.buffer,a.byteOffset,a.length),f=u.getUint32(0);if(f>Math.pow(2,21)-1){c.enqueue(B);break}n=f*Math.pow(2,32)+u.getUint32(4),s=3}else{if($(t)<n)break;let a=W(t,n);c.enqueue(q(r?a:te.decode(a),e)),s=0}if(n===0||n>i){c.enqueue(B);break}}}})}var ie=4;function p(i){if(i)return st(i)}function st(i){for(var e in p.prototype)i[e]=p.prototype[e];return i}p.prototype.on=p.prototype.addEventListener=function(i,e){return this._callbacks=this._callbacks||{},(this._callbacks["$"+i]=this._callbacks["$"+i]||[]).push(e),this};p.prototype.once=function(i,e){function t(){this.off(i,t),e.apply(this,arguments)}return t.fn=e,this.on(i,t),this};p.prototype.off=p.prototype.removeListener=p.prototype.removeAllListeners=p.prototype.removeEventListener=function(i,e){if(this._callbacks=this._callbacks||{},arguments.length==0)return this._callbacks={},this;var t=this._callbacks["$"+i];if(!t)return this;if(arguments.length==1)return delete this._callbacks["$"+i],this;for(var s,n=0;n<t.length;n++)if(s=t[n],s===e||s.fn===e){t.splice(n,1);break}return t.length===0&&delete this._callbacks["$"+i],this};p.prototype.emit=function(i){this._callbacks=this._callbacks||{};for(var e=new Array(arguments.length-1),t=this._callbacks["$"+i],s=1;s<arguments.length;s++)e[s-1]=arguments[s];if(t){t=t.slice(0);for(var s=0,n=t.length;s<n;++s)t[s].apply(this,e)}return this};p.prototype.emitReserved=p.prototype.emit;p.prototype.listeners=function(i){return this._callbacks=this._callbacks||{},this._callbacks["$"+i]||[]};p.prototype.hasListeners=function(i){return!!this.listeners(i).length};var _=typeof Promise=="function"&&typeof Promise.resolve=="function"?e=>Promise.resolve().then(e):(e,t)=>t(e,0),m=typeof self!="undefined"?self:typeof window!="undefined"?window:Function("return this")(),Ne="arraybuffer";function z(i,...e){return e.reduce((t,s)=>(i.hasOwnProperty(s)&&(t[s]=i[s]),t),{})}var nt=m.setTimeout,rt=m.clearTimeout;function x(i,e){e.useNativeTimers?(i.setTimeoutFn=nt.bind(m),i.clearTimeoutFn=rt.bind(m)):(i.setTimeoutFn=m.setTimeout.bind(m),i.clearTimeoutFn=m.clearTimeout.bind(m))}var ot=1.33;function Le(i){return typeof i=="string"?at(i):Math.ceil((i.byteLength||i.size)*ot)}function at(i){let e=0,t=0;for(let s=0,n=i.length;s<n;s++)e=i.charCodeAt(s),e<128?t+=1:e<2048?t+=2:e<55296||e>=57344?t+=3:(s++,t+=4);return t}function K(){return Date.now().toString(36).substring(3)+Math.random().toString(36).substring(2,5)}function Be(i){let e="";for(let t in i)i.hasOwnProperty(t)&&(e.length&&(e+="&"),e+=encodeURIComponent(t)+"="+encodeURIComponent(i[t]));return e}function Pe(i){let e={},t=i.split("&");for(let s=0,n=t.length;s<n;s++){let r=t[s].split("=");e[decodeURIComponent(r[0])]=decodeURIComponent(r.slice(1).join("="))}return e}var Y=class extends Error{constructor(e,t,s){super(e),this.description=t,this.context=s,this.type="TransportError"}},w=class extends p{constructor(e){super(),this.writable=!1,x(this,e),this.opts=e,this.query=e.query,this.socket=e.socket,this.supportsBinary=!e.forceBase64}onError(e,t,s){return super.emitReserved("error",new Y(e,t,s)),this}open(){return this.readyState="opening",this.doOpen(),this}close(){return(this.readyState==="opening"||this.readyState==="open")&&(this.doClose(),this.onClose()),this}send(e){this.readyState==="open"&&this.write(e)}onOpen(){this.readyState="open",this.writable=!0,super.emitReserved("open")}onData(e){let t=q(e,this.socket.binaryType);this.onPacket(t)}onPacket(e){super.emitReserved("packet",e)}onClose(e){this.readyState="closed",super.emitReserved("close",e)}pause(e){}createUri(e,t={}){return e+"://"+this._hostname()+this._port()+this.opts.path+this._query(t)}_hostname(){let e=this.opts.hostname;return e.indexOf(":")===-1?e:"["+e+"]"}_port(){return this.opts.port&&(this.opts.secure&&Number(this.opts.port)!==443||!this.opts.secure&&Number(this.opts.port)!==80)?":"+this.opts.port:""}_query(e){let t=Be(e);return t.length?"?"+t:""}};var M=class extends w{constructor(){super(...arguments),this._polling=!1}get name(){return"polling"}doOpen(){this._poll()}pause(e){this.readyState="pausing";let t=()=>{this.readyState="paused",e()};if(this._polling||!this.writable){let s=0;this._polling&&(s++,this.once("pollComplete",function(){--s||t()})),this.writable||(s++,this.once("drain",function(){--s||t()}))}else t()}_poll(){this._polling=!0,this.doPoll(),this.emitReserved("poll")}onData(e){let t=s=>{if(this.readyState==="opening"&&s.type==="open"&&this.onOpen(),s.type==="close")return this.onClose({description:"transport closed by the server"}),!1;this.onPacket(s)};Ce(e,this.socket.binaryType).forEach(t),this.readyState!=="closed"&&(this._polling=!1,this.emitReserved("pollComplete"),this.readyState==="open"&&this._poll())}doClose(){let e=()=>{this.write([{type:"close"}])};this.readyState==="open"?e():this.once("open",e)}write(e){this.writable=!1,Se(e,t=>{this.doWrite(t,()=>{this.writable=!0,this.emitReserved("drain")})})}uri(){let e=this.opts.secure?"https":"http",t=this.query||{};return this.opts.timestampRequests!==!1&&(t[this.opts.timestampParam]=K()),!this.supportsBinary&&!t.sid&&(t.b64=1),this.createUri(e,t)}};var Ie=!1;try{Ie=typeof XMLHttpRequest!="undefined"&&"withCredentials"in new XMLHttpRequest}catch{}var qe=Ie;function ct(){}var se=class extends M{constructor(e){if(super(e),typeof location!="undefined"){let t=location.protocol==="https:",s=location.port;s||(s=t?"443":"80"),this.xd=typeof location!="undefined"&&e.hostname!==location.hostname||s!==e.port}}doWrite(e,t){let s=this.request({method:"POST",data:e});s.on("success",t),s.on("error",(n,r)=>{this.onError("xhr post error",n,r)})}doPoll(){let e=this.request();e.on("data",this.onData.bind(this)),e.on("error",(t,s)=>{this.onError("xhr poll error",t,s)}),this.pollXhr=e}},v=class i extends p{constructor(e,t,s){super(),this.createRequest=e,x(this,s),this._opts=s,this._method=s.method||"GET",this._uri=t,this._data=s.data!==void 0?s.data:null,this._create()}_create(){var e;let t=z(this._opts,"agent","pfx","key","passphrase","cert","ca","ciphers","rejectUnauthorized","autoUnref");t.xdomain=!!this._opts.xd;let s=this._xhr=this.createRequest(t);try{s.open(this._method,this._uri,!0);try{if(this._opts.extraHeaders){s.setDisableHeaderCheck&&s.setDisableHeaderCheck(!0);for(let n in this._opts.extraHeaders)this._opts.extraHeaders.hasOwnProperty(n)&&s.setRequestHeader(n,this._opts.extraHeaders[n])}}catch{}if(this._method==="POST")try{s.setRequestHeader("Content-type","text/plain;charset=UTF-8")}catch{}try{s.setRequestHeader("Accept","*/*")}catch{}(e=this._opts.cookieJar)===null||e===void 0||e.addCookies(s),"withCredentials"in s&&(s.withCredentials=this._opts.withCredentials),this._opts.requestTimeout&&(s.timeout=this._opts.requestTimeout),s.onreadystatechange=()=>{var n;s.readyState===3&&((n=this._opts.cookieJar)===null||n===void 0||n.parseCookies(s.getResponseHeader("set-cookie"))),s.readyState===4&&(s.status===200||s.status===1223?this._onLoad():this.setTimeoutFn(()=>{this._onError(typeof s.status=="number"?s.status:0)},0))},s.send(this._data)}catch(n){this.setTimeoutFn(()=>{this._onError(n)},0);return}typeof document!="undefined"&&(this._index=i.requestsCount++,i.requests[this._index]=this)}_onError(e){this.emitReserved("error",e,this._xhr),this._cleanup(!0)}_cleanup(e){if(!(typeof this._xhr=="undefined"||this._xhr===null)){if(this._xhr.onreadystatechange=ct,e)try{this._xhr.abort()}catch{}typeof document!="undefined"&&delete i.requests[this._index],this._xhr=null}}_onLoad(){let e=this._xhr.responseText;e!==null&&(this.emitReserved("data",e),this.emitReserved("success"),this._cleanup())}abort(){this._cleanup()}};v.requestsCount=0;v.requests={};if(typeof document!="undefined"){if(typeof attachEvent=="function")attachEvent("onunload",Me);else if(typeof addEventListener=="function"){let i="onpagehide"in m?"pagehide":"unload";addEventListener(i,Me,!1)}}function Me(){for(let i in v.requests)v.requests.hasOwnProperty(i)&&v.requests[i].abort()}var ht=(function(){let i=Ue({xdomain:!1});return i&&i.responseType!==null})(),E=class extends se{constructor(e){super(e);let t=e&&e.forceBase64;this.supportsBinary=ht&&!t}request(e={}){return Object.assign(e,{xd:this.xd},this.opts),new v(Ue,this.uri(),e)}};function Ue(i){let e=i.xdomain;try{if(typeof XMLHttpRequest!="undefined"&&(!e||qe))return new XMLHttpRequest}catch{}if(!e)try{return new m[["Active"].concat("Object").join("X")]("Microsoft.XMLHTTP")}catch{}}var De=typeof navigator!="undefined"&&typeof navigator.product=="string"&&navigator.product.toLowerCase()==="reactnative",re=class extends w{get name(){return"websocket"}doOpen(){let e=this.uri(),t=this.opts.protocols,s=De?{}:z(this.opts,"agent","perMessageDeflate","pfx","key","passphrase","cert","ca","ciphers","rejectUnauthorized","localAddress","protocolVersion","origin","maxPayload","family","checkServerIdentity");this.opts.extraHeaders&&(s.headers=this.opts.extraHeaders);try{this.ws=this.createSocket(e,t,s)}catch(n){return this.emitReserved("error",n)}this.ws.binaryType=this.socket.binaryType,this.addEventListeners()}addEventListeners(){this.ws.onopen=()=>{this.opts.autoUnref&&this.ws._socket.unref(),this.onOpen()},this.ws.onclose=e=>this.onClose({description:"websocket connection closed",context:e}),this.ws.onmessage=e=>this.onData(e.data),this.ws.onerror=e=>this.onError("websocket error",e)}write(e){this.writable=!1;for(let t=0;t<e.length;t++){let s=e[t],n=t===e.length-1;P(s,this.supportsBinary,r=>{try{this.doWrite(s,r)}catch{}n&&_(()=>{this.writable=!0,this.emitReserved("drain")},this.setTimeoutFn)})}}doClose(){typeof this.ws!="undefined"&&(this.ws.onerror=()=>{},this.ws.close(),this.ws=null)}uri(){let e=this.opts.secure?"wss":"ws",t=this.query||{};return this.opts.timestampRequests&&(t[this.opts.timestampParam]=K()),this.supportsBinary||(t.b64=1),this.createUri(e,t)}},ne=m.WebSocket||m.MozWebSocket,k=class extends re{createSocket(e,t,s){return De?new ne(e,t,s):t?new ne(e,t):new ne(e)}doWrite(e,t){this.ws.send(t)}};var C=class extends w{get name(){return"webtransport"}doOpen(){try{this._transport=new WebTransport(this.createUri("https"),this.opts.transportOptions[this.name])}catch(e){return this.emitReserved("error",e)}this._transport.closed.then(()=>{this.onClose()}).catch(e=>{this.onError("webtransport error",e)}),this._transport.ready.then(()=>{this._transport.createBidirectionalStream().then(e=>{let t=Oe(Number.MAX_SAFE_INTEGER,this.socket.binaryType),s=e.readable.pipeThrough(t).getReader(),n=Re();n.readable.pipeTo(e.writable),this._writer=n.writable.getWriter();let r=()=>{s.read().then(({done:c,value:a})=>{c||(this.onPacket(a),r())}).catch(c=>{})};r();let o={type:"open"};this.query.sid&&(o.data=`{"sid":"${this.query.sid}"}`),this._writer.write(o).then(()=>this.onOpen())})})}write(e){this.writable=!1;for(let t=0;t<e.length;t++){let s=e[t],n=t===e.length-1;this._writer.write(s).then(()=>{n&&_(()=>{this.writable=!0,this.emitReserved("drain")},this.setTimeoutFn)})}}doClose(){var e;(e=this._transport)===null||e===void 0||e.close()}};var oe={websocket:k,webtransport:C,polling:E};var lt=/^(?:(?![^:@\/?#]+:[^:@\/]*@)(http|https|ws|wss):\/\/)?((?:(([^:@\/?#]*)(?::([^:@\/?#]*))?)?@)?((?:[a-f0-9]{0,4}:){2,7}[a-f0-9]{0,4}|[^:\/?#]*)(?::(\d*))?)(((\/(?:[^?#](?![^?#\/]*\.[^?#\/.]+(?:[?#]|$)))*\/?)?([^?#\/]*))(?:\?([^#]*))?(?:#(.*))?)/,ft=["source","protocol","authority","userInfo","user","password","host","port","relative","path","directory","file","query","anchor"];function R(i){if(i.length>8e3)throw"URI too long";let e=i,t=i.indexOf("["),s=i.indexOf("]");t!=-1&&s!=-1&&(i=i.substring(0,t)+i.substring(t,s).replace(/:/g,";")+i.substring(s,i.length));let n=lt.exec(i||""),r={},o=14;for(;o--;)r[ft[o]]=n[o]||"";return t!=-1&&s!=-1&&(r.source=e,r.host=r.host.substring(1,r.host.length-1).replace(/;/g,":"),r.authority=r.authority.replace("[","").replace("]","").replace(/;/g,":"),r.ipv6uri=!0),r.pathNames=pt(r,r.path),r.queryKey=ut(r,r.query),r}function pt(i,e){let t=/\/{2,9}/g,s=e.replace(t,"/").split("/");return(e.slice(0,1)=="/"||e.length===0)&&s.splice(0,1),e.slice(-1)=="/"&&s.splice(s.length-1,1),s}function ut(i,e){let t={};return e.replace(/(?:^|&)([^&=]*)=?([^&]*)/g,function(s,n,r){n&&(t[n]=r)}),t}var ae=typeof addEventListener=="function"&&typeof removeEventListener=="function",J=[];ae&&addEventListener("offline",()=>{J.forEach(i=>i())},!1);var A=class i extends p{constructor(e,t={}){var s,n;if(super(),this.binaryType=Ne,this.writeBuffer=[],this._prevBufferLen=0,this._upgrades=[],this._pingInterval=-1,this._pingTimeout=-1,this._maxPayload=-1,this._pingTimeoutTime=1/0,e&&typeof e=="object"&&(t=e,e=null),e){let r=R(e);t.hostname=r.host,t.secure=r.protocol==="https"||r.protocol==="wss",t.port=r.port,r.query&&(t.query=r.query)}else t.host&&(t.hostname=R(t.host).host);if(x(this,t),this.secure=t.secure!=null?t.secure:typeof location!="undefined"&&location.protocol==="https:",t.hostname&&!t.port&&(t.port=this.secure?"443":"80"),this.hostname=t.hostname||(typeof location!="undefined"?location.hostname:"localhost"),this.port=t.port||(typeof location!="undefined"&&location.port?location.port:this.secure?"443":"80"),t.transportImplementations&&t.transports)throw new Error("specifying both 'transportImplementations' and 'transports' options is not supported");t.transportImplementations||!((s=t.transports)===null||s===void 0)&&s.length&&typeof t.transports[0]=="function"?(this.transports=[],this._transportsByName=Object.create(null),((n=t.transportImplementations)!==null&&n!==void 0?n:t.transports).forEach(r=>{let o=r.prototype.name;this.transports.push(o),this._transportsByName[o]=r})):(this.transports=t.transports?[...t.transports]:["polling","websocket","webtransport"],this._transportsByName=oe),this.opts=Object.assign({path:"/engine.io",agent:!1,withCredentials:!1,upgrade:!0,timestampParam:"t",rememberUpgrade:!1,addTrailingSlash:!0,rejectUnauthorized:!0,perMessageDeflate:{threshold:1024},transportOptions:{},closeOnBeforeunload:!1},t),this.opts.path=this.opts.path.replace(/\/$/,"")+(this.opts.addTrailingSlash?"/":""),typeof this.opts.query=="string"&&(this.opts.query=Pe(this.opts.query)),ae&&(this.opts.closeOnBeforeunload&&(this._beforeunloadEventListener=()=>{this.transport&&(this.transport.removeAllListeners(),this.transport.close())},addEventListener("beforeunload",this._beforeunloadEventListener,!1)),this.hostname!=="localhost"&&(this._offlineEventListener=()=>{this._onClose("transport close",{description:"network connection lost"})},J.push(this._offlineEventListener))),this.opts.withCredentials&&(this._cookieJar=void 0),this._open()}createTransport(e){let t=Object.assign({},this.opts.query);t.EIO=ie,t.transport=e,this.id&&(t.sid=this.id);let s=Object.assign({},this.opts,{query:t,socket:this,hostname:this.hostname,secure:this.secure,port:this.port},this.opts.transportOptions[e]);return new this._transportsByName[e](s)}_open(){if(this.transports.length===0){this.setTimeoutFn(()=>{this.emitReserved("error","No transports available")},0);return}let e=this.opts.rememberUpgrade&&i.priorWebsocketSuccess&&this.transports.indexOf("websocket")!==-1?"websocket":this.transports[0];this.readyState="opening";let t=this.createTransport(e);t.open(),this.setTransport(t)}setTransport(e){this.transport&&this.transport.removeAllListeners(),this.transport=e,e.on("drain",this._onDrain.bind(this)).on("packet",this._onPacket.bind(this)).on("error",this._onError.bind(this)).on("close",t=>this._onClose("transport close",t))}_probe(e){let t=this.createTransport(e),s=!1;i.priorWebsocketSuccess=!1;let n=()=>{s||(t.send([{type:"ping",data:"probe"}]),t.once("packet",d=>{if(!s)if(d.type==="pong"&&d.data==="probe"){if(this.upgrading=!0,this.emitReserved("upgrading",t),!t)return;i.priorWebsocketSuccess=t.name==="websocket",this.transport.pause(()=>{s||this.readyState!=="closed"&&(f(),this.setTransport(t),t.send([{type:"upgrade"}]),this.emitReserved("upgrade",t),t=null,this.upgrading=!1,this.flush())})}else{let y=new Error("probe error");y.transport=t.name,this.emitReserved("upgradeError",y)}}))};function r(){s||(s=!0,f(),t.close(),t=null)}let o=d=>{let y=new Error("probe error: "+d);y.transport=t.name,r(),this.emitReserved("upgradeError",y)};function c(){o("transport closed")}function a(){o("socket closed")}function u(d){t&&d.name!==t.name&&r()}let f=()=>{t.removeListener("open",n),t.removeListener("error",o),t.removeListener("close",c),this.off("close",a),this.off("upgrading",u)};t.once("open",n),t.once("error",o),t.once("close",c),this.once("close",a),this.once("upgrading",u),this._upgrades.indexOf("webtransport")!==-1&&e!=="webtransport"?this.setTimeoutFn(()=>{s||t.open()},200):t.open()}onOpen(){if(this.readyState="open",i.priorWebsocketSuccess=this.transport.name==="websocket",this.emitReserved("open"),this.flush(),this.readyState==="open"&&this.opts.upgrade)for(let e=0;e<this._upgrades.length;e++)this._probe(this._upgrades[e])}_onPacket(e){if(this.readyState==="opening"||this.readyState==="open"||this.readyState==="closing")switch(this.emitReserved("packet",e),this.emitReserved("heartbeat"),e.type){case"open":this.onHandshake(JSON.parse(e.data));break;case"ping":this._sendPacket("pong"),this.emitReserved("ping"),this.emitReserved("pong"),this._resetPingTimeout();break;case"error":let t=new Error("server error");t.code=e.data,this._onError(t);break;case"message":this.emitReserved("data",e.data),this.emitReserved("message",e.data);break}}onHandshake(e){this.emitReserved("handshake",e),this.id=e.sid,this.transport.query.sid=e.sid,this._upgrades=this._filterUpgrades(e.upgrades),this._pingInterval=e.pingInterval,this._pingTimeout=e.pingTimeout,this._maxPayload=e.maxPayload,this.onOpen(),this.readyState!=="closed"&&this._resetPingTimeout()}_resetPingTimeout(){this.clearTimeoutFn(this._pingTimeoutTimer);let e=this._pingInterval+this._pingTimeout;this._pingTimeoutTime=Date.now()+e,this._pingTimeoutTimer=this.setTimeoutFn(()=>{this._onClose("ping timeout")},e),this.opts.autoUnref&&this._pingTimeoutTimer.unref()}_onDrain(){this.writeBuffer.splice(0,this._prevBufferLen),this._prevBufferLen=0,this.writeBuffer.length===0?this.emitReserved("drain"):this.flush()}flush(){if(this.readyState!=="closed"&&this.transport.writable&&!this.upgrading&&this.writeBuffer.length){let e=this._getWritablePackets();this.transport.send(e),this._prevBufferLen=e.length,this.emitReserved("flush")}}_getWritablePackets(){if(!(this._maxPayload&&this.transport.name==="polling"&&this.writeBuffer.length>1))return this.writeBuffer;let t=1;for(let s=0;s<this.writeBuffer.length;s++){let n=this.writeBuffer[s].data;if(n&&(t+=Le(n)),s>0&&t>this._maxPayload)return this.writeBuffer.slice(0,s);t+=2}return this.writeBuffer}_hasPingExpired(){if(!this._pingTimeoutTime)return!0;let e=Date.now()>this._pingTimeoutTime;return e&&(this._pingTimeoutTime=0,_(()=>{this._onClose("ping timeout")},this.setTimeoutFn)),e}write(e,t,s){return this._sendPacket("message",e,t,s),this}send(e,t,s){return this._sendPacket("message",e,t,s),this}_sendPacket(e,t,s,n){if(typeof t=="function"&&(n=t,t=void 0),typeof s=="function"&&(n=s,s=null),this.readyState==="closing"||this.readyState==="closed")return;s=s||{},s.compress=s.compress!==!1;let r={type:e,data:t,options:s};this.emitReserved("packetCreate",r),this.writeBuffer.push(r),n&&this.once("flush",n),this.flush()}close(){let e=()=>{this._onClose("forced close"),this.transport.close()},t=()=>{this.off("upgrade",t),this.off("upgradeError",t),e()},s=()=>{this.once("upgrade",t),this.once("upgradeError",t)};return(this.readyState==="opening"||this.readyState==="open")&&(this.readyState="closing",this.writeBuffer.length?this.once("drain",()=>{this.upgrading?s():e()}):this.upgrading?s():e()),this}_onError(e){if(i.priorWebsocketSuccess=!1,this.opts.tryAllTransports&&this.transports.length>1&&this.readyState==="opening")return this.transports.shift(),this._open();this.emitReserved("error",e),this._onClose("transport error",e)}_onClose(e,t){if(this.readyState==="opening"||this.readyState==="open"||this.readyState==="closing"){if(this.clearTimeoutFn(this._pingTimeoutTimer),this.transport.removeAllListeners("close"),this.transport.close(),this.transport.removeAllListeners(),ae&&(this._beforeunloadEventListener&&removeEventListener("beforeunload",this._beforeunloadEventListener,!1),this._offlineEventListener)){let s=J.indexOf(this._offlineEventListener);s!==-1&&J.splice(s,1)}this.readyState="closed",this.id=null,this.emitReserved("close",e,t),this.writeBuffer=[],this._prevBufferLen=0}}_filterUpgrades(e){let t=[];for(let s=0;s<e.length;s++)~this.transports.indexOf(e[s])&&t.push(e[s]);return t}};A.protocol=ie;var zi=A.protocol;function Fe(i,e="",t){let s=i;t=t||typeof location!="undefined"&&location,i==null&&(i=t.protocol+"//"+t.host),typeof i=="string"&&(i.charAt(0)==="/"&&(i.charAt(1)==="/"?i=t.protocol+i:i=t.host+i),/^(https?|wss?):\/\//.test(i)||(typeof t!="undefined"?i=t.protocol+"//"+i:i="https://"+i),s=R(i)),s.port||(/^(http|ws)$/.test(s.protocol)?s.port="80":/^(http|ws)s$/.test(s.protocol)&&(s.port="443")),s.path=s.path||"/";let r=s.host.indexOf(":")!==-1?"["+s.host+"]":s.host;return s.id=s.protocol+"://"+r+":"+s.port+e,s.href=s.protocol+"://"+r+(t&&t.port===s.port?"":":"+s.port),s}var pe={};et(pe,{Decoder:()=>le,Encoder:()=>he,PacketType:()=>h,isPacketValid:()=>vt,protocol:()=>ze});var mt=typeof ArrayBuffer=="function",gt=i=>typeof ArrayBuffer.isView=="function"?ArrayBuffer.isView(i):i.buffer instanceof ArrayBuffer,He=Object.prototype.toString,yt=typeof Blob=="function"||typeof Blob!="undefined"&&He.call(Blob)==="[object BlobConstructor]",bt=typeof File=="function"||typeof File!="undefined"&&He.call(File)==="[object FileConstructor]";function D(i){return mt&&(i instanceof ArrayBuffer||gt(i))||yt&&i instanceof Blob||bt&&i instanceof File}function U(i,e){if(!i||typeof i!="object")return!1;if(Array.isArray(i)){for(let t=0,s=i.length;t<s;t++)if(U(i[t]))return!0;return!1}if(D(i))return!0;if(i.toJSON&&typeof i.toJSON=="function"&&arguments.length===1)return U(i.toJSON(),!0);for(let t in i)if(Object.prototype.hasOwnProperty.call(i,t)&&U(i[t]))return!0;return!1}function Ve(i){let e=[],t=i.data,s=i;return s.data=X(t,e),s.attachments=e.length,{packet:s,buffers:e}}function X(i,e,t){if(!i)return i;if(D(i)){let s={_placeholder:!0,num:e.length};return e.push(i),s}else if(Array.isArray(i)){let s=new Array(i.length);for(let n=0;n<i.length;n++)s[n]=X(i[n],e);return s}else if(typeof i=="object"&&!(i instanceof Date)){if(i.toJSON&&typeof i.toJSON=="function"&&!t)return X(i.toJSON(),e,!0);let s={};for(let n in i)Object.prototype.hasOwnProperty.call(i,n)&&(s[n]=X(i[n],e));return s}return i}function $e(i,e){return i.data=ce(i.data,e),delete i.attachments,i}function ce(i,e){if(!i)return i;if(i&&i._placeholder===!0){if(typeof i.num=="number"&&i.num>=0&&i.num<e.length)return e[i.num];throw new Error("illegal attachments")}else if(Array.isArray(i))for(let t=0;t<i.length;t++)i[t]=ce(i[t],e);else if(typeof i=="object")for(let t in i)Object.prototype.hasOwnProperty.call(i,t)&&(i[t]=ce(i[t],e));return i}var We=["connect","connect_error","disconnect","disconnecting","newListener","removeListener"],ze=5,h;(function(i){i[i.CONNECT=0]="CONNECT",i[i.DISCONNECT=1]="DISCONNECT",i[i.EVENT=2]="EVENT",i[i.ACK=3]="ACK",i[i.CONNECT_ERROR=4]="CONNECT_ERROR",i[i.BINARY_EVENT=5]="BINARY_EVENT",i[i.BINARY_ACK=6]="BINARY_ACK"})(h||(h={}));var he=class{constructor(e){this.replacer=e}encode(e){return(e.type===h.EVENT||e.type===h.ACK)&&U(e)?this.encodeAsBinary({type:e.type===h.EVENT?h.BINARY_EVENT:h.BINARY_ACK,nsp:e.nsp,data:e.data,id:e.id}):[this.encodeAsString(e)]}encodeAsString(e){let t=""+e.type;return(e.type===h.BINARY_EVENT||e.type===h.BINARY_ACK)&&(t+=e.attachments+"-"),e.nsp&&e.nsp!=="/"&&(t+=e.nsp+","),e.id!=null&&(t+=e.id),e.data!=null&&(t+=JSON.stringify(e.data,this.replacer)),t}encodeAsBinary(e){let t=Ve(e),s=this.encodeAsString(t.packet),n=t.buffers;return n.unshift(s),n}},le=class i extends p{constructor(e){super(),this.opts=Object.assign({reviver:void 0,maxAttachments:10},typeof e=="function"?{reviver:e}:e)}add(e){let t;if(typeof e=="string"){if(this.reconstructor)throw new Error("got plaintext data when reconstructing a packet");t=this.decodeString(e);let s=t.type===h.BINARY_EVENT;s||t.type===h.BINARY_ACK?(t.type=s?h.EVENT:h.ACK,this.reconstructor=new fe(t)):super.emitReserved("decoded",t)}else if(D(e)||e.base64)if(this.reconstructor)t=this.reconstructor.takeBinaryData(e),t&&(this.reconstructor=null,super.emitReserved("decoded",t));else throw new Error("got binary data when not reconstructing a packet");else throw new Error("Unknown type: "+e)}decodeString(e){let t=0,s={type:Number(e.charAt(0))};if(h[s.type]===void 0)throw new Error("unknown packet type "+s.type);if(s.type===h.BINARY_EVENT||s.type===h.BINARY_ACK){let r=t+1;for(;e.charAt(++t)!=="-"&&t!=e.length;);let o=e.substring(r,t);if(o!=Number(o)||e.charAt(t)!=="-")throw new Error("Illegal attachments");let c=Number(o);if(!Ke(c)||c<1)throw new Error("Illegal attachments");if(c>this.opts.maxAttachments)throw new Error("too many attachments");s.attachments=c}if(e.charAt(t+1)==="/"){let r=t+1;for(;++t&&!(e.charAt(t)===","||t===e.length););s.nsp=e.substring(r,t)}else s.nsp="/";let n=e.charAt(t+1);if(n!==""&&Number(n)==n){let r=t+1;for(;++t;){let o=e.charAt(t);if(o==null||Number(o)!=o){--t;break}if(t===e.length)break}s.id=Number(e.substring(r,t+1))}if(e.charAt(++t)){let r=this.tryParse(e.substr(t));if(i.isPayloadValid(s.type,r))s.data=r;else throw new Error("invalid payload")}return s}tryParse(e){try{return JSON.parse(e,this.opts.reviver)}catch{return!1}}static isPayloadValid(e,t){switch(e){case h.CONNECT:return j(t);case h.DISCONNECT:return t===void 0;case h.CONNECT_ERROR:return typeof t=="string"||j(t);case h.EVENT:case h.BINARY_EVENT:return Array.isArray(t)&&(typeof t[0]=="number"||typeof t[0]=="string"&&We.indexOf(t[0])===-1);case h.ACK:case h.BINARY_ACK:return Array.isArray(t)}}destroy(){this.reconstructor&&(this.reconstructor.finishedReconstruction(),this.reconstructor=null)}},fe=class{constructor(e){this.packet=e,this.buffers=[],this.reconPack=e}takeBinaryData(e){if(this.buffers.push(e),this.buffers.length===this.reconPack.attachments){let t=$e(this.reconPack,this.buffers);return this.finishedReconstruction(),t}return null}finishedReconstruction(){this.reconPack=null,this.buffers=[]}};function _t(i){return typeof i=="string"}var Ke=Number.isInteger||function(i){return typeof i=="number"&&isFinite(i)&&Math.floor(i)===i};function xt(i){return i===void 0||Ke(i)}function j(i){return Object.prototype.toString.call(i)==="[object Object]"}function wt(i,e){switch(i){case h.CONNECT:return e===void 0||j(e);case h.DISCONNECT:return e===void 0;case h.EVENT:return Array.isArray(e)&&(typeof e[0]=="number"||typeof e[0]=="string"&&We.indexOf(e[0])===-1);case h.ACK:return Array.isArray(e);case h.CONNECT_ERROR:return typeof e=="string"||j(e);default:return!1}}function vt(i){return _t(i.nsp)&&xt(i.id)&&wt(i.type,i.data)}function g(i,e,t){return i.on(e,t),function(){i.off(e,t)}}var Et=Object.freeze({connect:1,connect_error:1,disconnect:1,disconnecting:1,newListener:1,removeListener:1}),O=class extends p{constructor(e,t,s){super(),this.connected=!1,this.recovered=!1,this.receiveBuffer=[],this.sendBuffer=[],this._queue=[],this._queueSeq=0,this.ids=0,this.acks={},this.flags={},this.io=e,this.nsp=t,s&&s.auth&&(this.auth=s.auth),this._opts=Object.assign({},s),this.io._autoConnect&&this.open()}get disconnected(){return!this.connected}subEvents(){if(this.subs)return;let e=this.io;this.subs=[g(e,"open",this.onopen.bind(this)),g(e,"packet",this.onpacket.bind(this)),g(e,"error",this.onerror.bind(this)),g(e,"close",this.onclose.bind(this))]}get active(){return!!this.subs}connect(){return this.connected?this:(this.subEvents(),this.io._reconnecting||this.io.open(),this.io._readyState==="open"&&this.onopen(),this)}open(){return this.connect()}send(...e){return e.unshift("message"),this.emit.apply(this,e),this}emit(e,...t){var s,n,r;if(Et.hasOwnProperty(e))throw new Error('"'+e.toString()+'" is a reserved event name');if(t.unshift(e),this._opts.retries&&!this.flags.fromQueue&&!this.flags.volatile)return this._addToQueue(t),this;let o={type:h.EVENT,data:t};if(o.options={},o.options.compress=this.flags.compress!==!1,typeof t[t.length-1]=="function"){let f=this.ids++,d=t.pop();this._registerAckCallback(f,d),o.id=f}let c=(n=(s=this.io.engine)===null||s===void 0?void 0:s.transport)===null||n===void 0?void 0:n.writable,a=this.connected&&!(!((r=this.io.engine)===null||r===void 0)&&r._hasPingExpired());return this.flags.volatile&&!c||(a?(this.notifyOutgoingListeners(o),this.packet(o)):this.sendBuffer.push(o)),this.flags={},this}_registerAckCallback(e,t){var s;let n=(s=this.flags.timeout)!==null&&s!==void 0?s:this._opts.ackTimeout;if(n===void 0){this.acks[e]=t;return}let r=this.io.setTimeoutFn(()=>{delete this.acks[e];for(let c=0;c<this.sendBuffer.length;c++)this.sendBuffer[c].id===e&&this.sendBuffer.splice(c,1);t.call(this,new Error("operation has timed out"))},n),o=(...c)=>{this.io.clearTimeoutFn(r),t.apply(this,c)};o.withError=!0,this.acks[e]=o}emitWithAck(e,...t){return new Promise((s,n)=>{let r=(o,c)=>o?n(o):s(c);r.withError=!0,t.push(r),this.emit(e,...t)})}_addToQueue(e){let t;typeof e[e.length-1]=="function"&&(t=e.pop());let s={id:this._queueSeq++,tryCount:0,pending:!1,args:e,flags:Object.assign({fromQueue:!0},this.flags)};e.push((n,...r)=>(this._queue[0],n!==null?s.tryCount>this._opts.retries&&(this._queue.shift(),t&&t(n)):(this._queue.shift(),t&&t(null,...r)),s.pending=!1,this._drainQueue())),this._queue.push(s),this._drainQueue()}_drainQueue(e=!1){if(!this.connected||this._queue.length===0)return;let t=this._queue[0];t.pending&&!e||(t.pending=!0,t.tryCount++,this.flags=t.flags,this.emit.apply(this,t.args))}packet(e){e.nsp=this.nsp,this.io._packet(e)}onopen(){typeof this.auth=="function"?this.auth(e=>{this._sendConnectPacket(e)}):this._sendConnectPacket(this.auth)}_sendConnectPacket(e){this.packet({type:h.CONNECT,data:this._pid?Object.assign({pid:this._pid,offset:this._lastOffset},e):e})}onerror(e){this.connected||this.emitReserved("connect_error",e)}onclose(e,t){this.connected=!1,delete this.id,this.emitReserved("disconnect",e,t),this._clearAcks()}_clearAcks(){Object.keys(this.acks).forEach(e=>{if(!this.sendBuffer.some(s=>String(s.id)===e)){let s=this.acks[e];delete this.acks[e],s.withError&&s.call(this,new Error("socket has been disconnected"))}})}onpacket(e){if(e.nsp===this.nsp)switch(e.type){case h.CONNECT:e.data&&e.data.sid?this.onconnect(e.data.sid,e.data.pid):this.emitReserved("connect_error",new Error("It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible (more information here: https://socket.io/docs/v3/migrating-from-2-x-to-3-0/)"));break;case h.EVENT:case h.BINARY_EVENT:this.onevent(e);break;case h.ACK:case h.BINARY_ACK:this.onack(e);break;case h.DISCONNECT:this.ondisconnect();break;case h.CONNECT_ERROR:this.destroy();let s=new Error(e.data.message);s.data=e.data.data,this.emitReserved("connect_error",s);break}}onevent(e){let t=e.data||[];e.id!=null&&t.push(this.ack(e.id)),this.connected?this.emitEvent(t):this.receiveBuffer.push(Object.freeze(t))}emitEvent(e){if(this._anyListeners&&this._anyListeners.length){let t=this._anyListeners.slice();for(let s of t)s.apply(this,e)}super.emit.apply(this,e),this._pid&&e.length&&typeof e[e.length-1]=="string"&&(this._lastOffset=e[e.length-1])}ack(e){let t=this,s=!1;return function(...n){s||(s=!0,t.packet({type:h.ACK,id:e,data:n}))}}onack(e){let t=this.acks[e.id];typeof t=="function"&&(delete this.acks[e.id],t.withError&&e.data.unshift(null),t.apply(this,e.data))}onconnect(e,t){this.id=e,this.recovered=t&&this._pid===t,this._pid=t,this.connected=!0,this.emitBuffered(),this._drainQueue(!0),this.emitReserved("connect")}emitBuffered(){this.receiveBuffer.forEach(e=>this.emitEvent(e)),this.receiveBuffer=[],this.sendBuffer.forEach(e=>{this.notifyOutgoingListeners(e),this.packet(e)}),this.sendBuffer=[]}ondisconnect(){this.destroy(),this.onclose("io server disconnect")}destroy(){this.subs&&(this.subs.forEach(e=>e()),this.subs=void 0),this.io._destroy(this)}disconnect(){return this.connected&&this.packet({type:h.DISCONNECT}),this.destroy(),this.connected&&this.onclose("io client disconnect"),this}close(){return this.disconnect()}compress(e){return this.flags.compress=e,this}get volatile(){return this.flags.volatile=!0,this}timeout(e){return this.flags.timeout=e,this}onAny(e){return this._anyListeners=this._anyListeners||[],this._anyListeners.push(e),this}prependAny(e){return this._anyListeners=this._anyListeners||[],this._anyListeners.unshift(e),this}offAny(e){if(!this._anyListeners)return this;if(e){let t=this._anyListeners;for(let s=0;s<t.length;s++)if(e===t[s])return t.splice(s,1),this}else this._anyListeners=[];return this}listenersAny(){return this._anyListeners||[]}onAnyOutgoing(e){return this._anyOutgoingListeners=this._anyOutgoingListeners||[],this._anyOutgoingListeners.push(e),this}prependAnyOutgoing(e){return this._anyOutgoingListeners=this._anyOutgoingListeners||[],this._anyOutgoingListeners.unshift(e),this}offAnyOutgoing(e){if(!this._anyOutgoingListeners)return this;if(e){let t=this._anyOutgoingListeners;for(let s=0;s<t.length;s++)if(e===t[s])return t.splice(s,1),this}else this._anyOutgoingListeners=[];return this}listenersAnyOutgoing(){return this._anyOutgoingListeners||[]}notifyOutgoingListeners(e){if(this._anyOutgoingListeners&&this._anyOutgoingListeners.length){let t=this._anyOutgoingListeners.slice();for(let s of t)s.apply(this,e.data)}}};function S(i){i=i||{},this.ms=i.min||100,this.max=i.max||1e4,this.factor=i.factor||2,this.jitter=i.jitter>0&&i.jitter<=1?i.jitter:0,this.attempts=0}S.prototype.duration=function(){var i=this.ms*Math.pow(this.factor,this.attempts++);if(this.jitter){var e=Math.random(),t=Math.floor(e*this.jitter*i);i=(Math.floor(e*10)&1)==0?i-t:i+t}return Math.min(i,this.max)|0};S.prototype.reset=function(){this.attempts=0};S.prototype.setMin=function(i){this.ms=i};S.prototype.setMax=function(i){this.max=i};S.prototype.setJitter=function(i){this.jitter=i};var N=class extends p{constructor(e,t){var s;super(),this.nsps={},this.subs=[],e&&typeof e=="object"&&(t=e,e=void 0),t=t||{},t.path=t.path||"/socket.io",this.opts=t,x(this,t),this.reconnection(t.reconnection!==!1),this.reconnectionAttempts(t.reconnectionAttempts||1/0),this.reconnectionDelay(t.reconnectionDelay||1e3),this.reconnectionDelayMax(t.reconnectionDelayMax||5e3),this.randomizationFactor((s=t.randomizationFactor)!==null&&s!==void 0?s:.5),this.backoff=new S({min:this.reconnectionDelay(),max:this.reconnectionDelayMax(),jitter:this.randomizationFactor()}),this.timeout(t.timeout==null?2e4:t.timeout),this._readyState="closed",this.uri=e;let n=t.parser||pe;this.encoder=new n.Encoder,this.decoder=new n.Decoder,this._autoConnect=t.autoConnect!==!1,this._autoConnect&&this.open()}reconnection(e){return arguments.length?(this._reconnection=!!e,e||(this.skipReconnect=!0),this):this._reconnection}reconnectionAttempts(e){return e===void 0?this._reconnectionAttempts:(this._reconnectionAttempts=e,this)}reconnectionDelay(e){var t;return e===void 0?this._reconnectionDelay:(this._reconnectionDelay=e,(t=this.backoff)===null||t===void 0||t.setMin(e),this)}randomizationFactor(e){var t;return e===void 0?this._randomizationFactor:(this._randomizationFactor=e,(t=this.backoff)===null||t===void 0||t.setJitter(e),this)}reconnectionDelayMax(e){var t;return e===void 0?this._reconnectionDelayMax:(this._reconnectionDelayMax=e,(t=this.backoff)===null||t===void 0||t.setMax(e),this)}timeout(e){return arguments.length?(this._timeout=e,this):this._timeout}maybeReconnectOnOpen(){!this._reconnecting&&this._reconnection&&this.backoff.attempts===0&&this.reconnect()}open(e){if(~this._readyState.indexOf("open"))return this;this.engine=new A(this.uri,this.opts);let t=this.engine,s=this;this._readyState="opening",this.skipReconnect=!1;let n=g(t,"open",function(){s.onopen(),e&&e()}),r=c=>{this.cleanup(),this._readyState="closed",this.emitReserved("error",c),e?e(c):this.maybeReconnectOnOpen()},o=g(t,"error",r);if(this._timeout!==!1){let c=this._timeout,a=this.setTimeoutFn(()=>{n(),r(new Error("timeout")),t.close()},c);this.opts.autoUnref&&a.unref(),this.subs.push(()=>{this.clearTimeoutFn(a)})}return this.subs.push(n),this.subs.push(o),this}connect(e){return this.open(e)}onopen(){this.cleanup(),this._readyState="open",this.emitReserved("open");let e=this.engine;this.subs.push(g(e,"ping",this.onping.bind(this)),g(e,"data",this.ondata.bind(this)),g(e,"error",this.onerror.bind(this)),g(e,"close",this.onclose.bind(this)),g(this.decoder,"decoded",this.ondecoded.bind(this)))}onping(){this.emitReserved("ping")}ondata(e){try{this.decoder.add(e)}catch(t){this.onclose("parse error",t)}}ondecoded(e){_(()=>{this.emitReserved("packet",e)},this.setTimeoutFn)}onerror(e){this.emitReserved("error",e)}socket(e,t){let s=this.nsps[e];return s?this._autoConnect&&!s.active&&s.connect():(s=new O(this,e,t),this.nsps[e]=s),s}_destroy(e){let t=Object.keys(this.nsps);for(let s of t)if(this.nsps[s].active)return;this._close()}_packet(e){let t=this.encoder.encode(e);for(let s=0;s<t.length;s++)this.engine.write(t[s],e.options)}cleanup(){this.subs.forEach(e=>e()),this.subs.length=0,this.decoder.destroy()}_close(){this.skipReconnect=!0,this._reconnecting=!1,this.onclose("forced close")}disconnect(){return this._close()}onclose(e,t){var s;this.cleanup(),(s=this.engine)===null||s===void 0||s.close(),this.backoff.reset(),this._readyState="closed",this.emitReserved("close",e,t),this._reconnection&&!this.skipReconnect&&this.reconnect()}reconnect(){if(this._reconnecting||this.skipReconnect)return this;let e=this;if(this.backoff.attempts>=this._reconnectionAttempts)this.backoff.reset(),this.emitReserved("reconnect_failed"),this._reconnecting=!1;else{let t=this.backoff.duration();this._reconnecting=!0;let s=this.setTimeoutFn(()=>{e.skipReconnect||(this.emitReserved("reconnect_attempt",e.backoff.attempts),!e.skipReconnect&&e.open(n=>{n?(e._reconnecting=!1,e.reconnect(),this.emitReserved("reconnect_error",n)):e.onreconnect()}))},t);this.opts.autoUnref&&s.unref(),this.subs.push(()=>{this.clearTimeoutFn(s)})}}onreconnect(){let e=this.backoff.attempts;this._reconnecting=!1,this.backoff.reset(),this.emitReserved("reconnect",e)}};var F={};function H(i,e){typeof i=="object"&&(e=i,i=void 0),e=e||{};let t=Fe(i,e.path||"/socket.io"),s=t.source,n=t.id,r=t.path,o=F[n]&&r in F[n].nsps,c=e.forceNew||e["force new connection"]||e.multiplex===!1||o,a;return c?a=new N(s,e):(F[n]||(F[n]=new N(s,e)),a=F[n]),t.query&&!e.query&&(e.query=t.queryKey),a.socket(t.path,e)}Object.assign(H,{Manager:N,Socket:O,io:H,connect:H});var Ye=`/* Inside the widget's shadow root. Colors: --tms-primary comes from the config; --tms-on-primary is
   white or black, whichever contrasts more with it (>= 4.5:1). Every other pair here is >= 7:1. */
:host {
  all: initial;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 16px;
  line-height: 1.4;
  color: #1b1b1b;
}

* {
  box-sizing: border-box;
}

.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}

button,
input {
  font: inherit; /* 16px from :host keeps mobile browsers from zooming into the input */
}

:focus-visible {
  outline: 3px solid #1a4fd6;
  outline-offset: 2px;
}

.launcher {
  position: fixed;
  right: 16px;
  bottom: 16px;
  z-index: 2147483000;
  min-height: 48px;
  padding: 12px 20px;
  border: 2px solid #ffffff;
  border-radius: 24px;
  background: var(--tms-primary);
  color: var(--tms-on-primary);
  font-weight: 600;
  box-shadow: 0 2px 10px rgba(0, 0, 0, 0.3);
  cursor: pointer;
}

.launcher.unread::after {
  content: "";
  display: inline-block;
  width: 10px;
  height: 10px;
  margin-left: 8px;
  border-radius: 50%;
  background: #b3261e;
  border: 2px solid #ffffff;
}

.panel {
  position: fixed;
  right: 16px;
  bottom: 80px;
  z-index: 2147483000;
  display: flex;
  flex-direction: column;
  width: min(380px, calc(100vw - 16px));
  height: min(600px, calc(100vh - 96px));
  border: 1px solid #5f6368;
  border-radius: 12px;
  background: #ffffff;
  color: #1b1b1b;
  box-shadow: 0 4px 24px rgba(0, 0, 0, 0.3);
  overflow: hidden;
}

.panel[hidden] {
  display: none;
}

/* Phones: the chat takes the whole screen (dvh: the visible part, so the input stays above the
   keyboard) and the launcher steps aside while it is open. */
@media (max-width: 599px) {
  .panel {
    inset: 0;
    width: 100%;
    height: 100vh;
    height: 100dvh;
    border: 0;
    border-radius: 0;
  }

  .launcher[aria-expanded="true"] {
    display: none;
  }
}

.header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 8px;
  padding: 10px 12px;
  background: var(--tms-primary);
  color: var(--tms-on-primary);
}

.header h2 {
  margin: 0;
  font-size: 17px;
}

.close {
  min-width: 44px;
  min-height: 44px;
  border: 0;
  border-radius: 8px;
  background: transparent;
  color: inherit;
  font-size: 24px;
  line-height: 1;
  cursor: pointer;
}

.crisis {
  margin: 0;
  padding: 8px 12px;
  background: #fdeceb;
  color: #5c0b06;
  font-weight: 600;
}

.crisis a {
  display: inline-block;
  min-width: 24px;
  min-height: 24px;
  padding: 0 4px;
  color: #5c0b06;
  text-align: center;
}

/* Call, text, chat, emergency: each a full-size tap target under the crisis reply. */
.crisis-actions {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
  gap: 6px;
  max-width: 90%;
  margin-top: 6px;
}

.crisis-actions .action {
  display: flex;
  align-items: center;
  justify-content: center;
  min-height: 44px;
  padding: 6px 10px;
  border-radius: 8px;
  background: #5c0b06;
  color: #ffffff;
  font-weight: 600;
  text-align: center;
  text-decoration: none;
}

.crisis-actions .action:focus-visible {
  outline: 3px solid #1a4fd6;
  outline-offset: 2px;
}

.note {
  margin: 0;
  padding: 4px 12px;
  color: #3c4043;
  font-size: 13px;
}

.note.staff-here {
  background: #fff6e0;
  color: #1b1b1b;
  font-weight: 600;
}

.message.notice {
  align-items: center;
}

.notice-text {
  margin: 0;
  padding: 2px 10px;
  border-radius: 10px;
  background: #f1f3f4;
  color: #3c4043;
  font-size: 13px;
  text-align: center;
}

.stamp {
  margin-top: 2px;
  color: #5f6368;
  font-size: 11px;
}

.typing {
  margin: 0;
  padding: 2px 12px 4px;
  color: #3c4043;
  font-size: 13px;
  font-style: italic;
}

.typing .dots {
  display: inline-block;
  animation: tms-blink 1.2s infinite;
}

@keyframes tms-blink {
  50% { opacity: 0.2; }
}

@media (prefers-reduced-motion: reduce) {
  .typing .dots { animation: none; }
}

.log {
  flex: 1;
  margin: 0;
  padding: 12px;
  overflow-y: auto;
  list-style: none;
}

.message {
  display: flex;
  flex-direction: column;
  margin-bottom: 10px;
}

.message.user {
  align-items: flex-end;
}

.bubble {
  max-width: 90%;
  margin: 0;
  padding: 8px 12px;
  border-radius: 12px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  line-height: 1.4;
}

.bot .bubble {
  background: #eef0f2;
  color: #1b1b1b;
}

.bot .bubble a {
  color: #0b3fa8;
}

/* A person from the clinic: labelled, and set apart from the automated assistant. */
.staff .sender {
  margin: 0 0 2px;
  font-size: 12px;
  font-weight: 600;
  color: #3b3f45;
}

.staff .bubble {
  background: #fff6e0;
  border: 1px solid #b07a00;
  color: #1b1b1b;
}

.staff .bubble a {
  color: #0b3fa8;
}

.user .bubble {
  background: var(--tms-primary);
  color: var(--tms-on-primary);
}

.choices {
  display: flex;
  flex-wrap: wrap;
  gap: 6px;
  margin-top: 6px;
}

.choice {
  min-height: 40px;
  padding: 6px 12px;
  border: 2px solid var(--tms-primary);
  border-radius: 18px;
  background: #ffffff;
  color: #1b1b1b;
  cursor: pointer;
}

.choice:hover {
  background: #eef0f2;
}

.status {
  margin: 0;
  padding: 0 12px;
  color: #7a1a12;
  font-size: 14px;
}

.status:empty {
  display: none;
}

.composer {
  display: flex;
  gap: 8px;
  padding: 10px;
  border-top: 1px solid #c4c7c5;
}

.composer input {
  flex: 1;
  min-width: 0;
  min-height: 44px;
  padding: 8px 10px;
  border: 1px solid #5f6368;
  border-radius: 8px;
  color: #1b1b1b;
  background: #ffffff;
}

.send {
  min-height: 44px;
  padding: 0 16px;
  border: 0;
  border-radius: 8px;
  background: var(--tms-primary);
  color: var(--tms-on-primary);
  font-weight: 600;
  cursor: pointer;
}
`;var Je=400,Tt=300,At=1e4,St=4e3,Xe="Automated assistant, not a clinician. Not monitored live.",Ct=8,je=200,Rt="#0b5c57",Ot=/https?:\/\/[^\s<>"']+/gi,Nt=/(?:\+?1[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b/,Lt=/[.,;:!?)\]}'"]+$/;function T(i){try{return window[i]}catch{return null}}function ue(i,e){try{return i?i.getItem(e):null}catch{return null}}function V(i,e,t){try{i&&t===null?i.removeItem(e):i&&t!==null&&i.setItem(e,t)}catch{}}function Bt(){let i=new Uint8Array(16);return crypto.getRandomValues(i),Array.from(i,e=>e.toString(16).padStart(2,"0")).join("")}function Pt(i){let e=i.length===4?i.slice(1).replace(/./g,"$&$&"):i.slice(1),[t,s,n]=[0,2,4].map(r=>{let o=parseInt(e.slice(r,r+2),16)/255;return o<=.03928?o/12.92:Math.pow((o+.055)/1.055,2.4)});return .2126*t+.7152*s+.0722*n}function It(i){let e=Pt(i);return 1.05/(e+.05)>=(e+.05)/.05?"#ffffff":"#000000"}function qt(i){return i&&/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(i.trim())?i.trim():Rt}function Mt(i){try{let e=new URL(i);return e.protocol==="http:"||e.protocol==="https:"?e.href:null}catch{return null}}function Ut(i,e,t=[]){var o;let s=t.filter(c=>/^\d{3,6}$/.test(c)),n=new RegExp(`(${Ot.source})|(${Nt.source})`+(s.length?`|\\b(${s.join("|")})\\b`:""),"gi"),r=0;for(let c of e.matchAll(n)){let a=(o=c.index)!=null?o:0,u,f=c[0];if(c[1]){f=f.replace(Lt,"");let d=Mt(f);if(!d)continue;u=l("a",{href:d,target:"_blank",rel:"noopener noreferrer"},f)}else u=l("a",{href:`tel:${Ge(f)}`},f);i.append(document.createTextNode(e.slice(r,a)),u),r=a+f.length}i.append(document.createTextNode(e.slice(r)))}function Ge(i){return i.replace(/[^\d+]/g,"")}function Dt(i,e){let t=l("div",{class:"crisis-actions",role:"group","aria-label":e});for(let s of i){if(typeof s.href!="string"||!/^(tel:|sms:|https:)/.test(s.href))continue;let n=l("a",{class:"action",href:s.href},s.label);s.href.startsWith("https:")&&(n.target="_blank",n.rel="noopener noreferrer"),t.append(n)}return t}function l(i,e={},t){let s=document.createElement(i);for(let[n,r]of Object.entries(e))s.setAttribute(n,r);return t!==void 0&&(s.textContent=t),s}var de=class{constructor(e){this.config=e;this.socket=null;this.confirmed=!1;this.pending=[];this.greeted=!1;this.loaded=Promise.resolve();this.staffHere=!1;var me,ge;this.serverUrl=(e.serverUrl||window.location.origin).replace(/\/+$/,"");let t=`tms-assistant:${this.serverUrl}:`;this.keys={session:t+"session",transcript:t+"transcript",open:t+"open"};let s=ue(T("localStorage"),this.keys.session);this.sessionId=s||Bt(),V(T("localStorage"),this.keys.session,this.sessionId),this.entries=this.loadTranscript();let n=e.clinicName||"Our clinic",r=qt((me=e.colors)==null?void 0:me.primary),o=l("div",{"data-tms-assistant":""});o.style.setProperty("--tms-primary",r),o.style.setProperty("--tms-on-primary",It(r));let c=o.attachShadow({mode:"open"});c.append(l("style",{},Ye)),this.launcher=l("button",{type:"button",class:"launcher","aria-expanded":"false","aria-controls":"panel"},`Chat with ${n}`),this.panel=l("section",{id:"panel",class:"panel",role:"dialog","aria-modal":"false","aria-labelledby":"title"}),this.panel.hidden=!0;let a=l("div",{class:"header"}),u=l("button",{type:"button",class:"close","aria-label":"Close chat"},"\xD7");a.append(l("h2",{id:"title"},`${n} assistant`),u);let f=l("p",{class:"crisis"}),d=(ge=e.hotlines)==null?void 0:ge.lifeline;d?f.append("In crisis? Call or text ",l("a",{href:`tel:${Ge(d)}`},d)," any time."):f.hidden=!0;let y=l("p",{class:"note","data-role":"who-answers"},Xe);this.note=y,this.log=l("ol",{class:"log","aria-label":"Conversation"}),this.status=l("p",{class:"status",role:"status"}),this.typing=l("p",{class:"typing"},"Assistant is typing"),this.typing.append(l("span",{class:"dots","aria-hidden":"true"},"\u2026")),this.typing.hidden=!0;let Q=l("form",{class:"composer"});this.input=l("input",{id:"message",type:"text",autocomplete:"off",maxlength:"1000",placeholder:"Type your question"}),Q.append(l("label",{for:"message",class:"visually-hidden"},"Message"),this.input,l("button",{type:"submit",class:"send"},"Send")),this.panel.append(a,f,y,this.log,this.typing,this.status,Q),this.live=l("div",{class:"visually-hidden","aria-live":"polite","data-role":"announcements"}),c.append(this.panel,this.launcher,this.live),document.body.append(o),this.launcher.addEventListener("click",()=>this.panel.hidden?this.open():this.close()),u.addEventListener("click",()=>this.close()),this.panel.addEventListener("keydown",G=>{G.key==="Escape"&&this.close()}),Q.addEventListener("submit",G=>{G.preventDefault();let Z=this.input.value.trim();Z&&(this.input.value="",this.send(Z,Z))}),this.renderAll(),s&&(this.loaded=this.sync()),ue(T("sessionStorage"),this.keys.open)==="1"?this.open(!1):s&&this.connect()}async sync(e=0){let t=(this.config.historyUrl||window.location.origin).replace(/\/+$/,""),s=!this.panel.hidden&&document.visibilityState==="visible";try{let n=await fetch(`${t}/chat/history?session=${this.sessionId}&seen=${s?1:0}`,{credentials:"omit",headers:{Accept:"application/json"}});if(!n.ok)return;let r=await n.json();this.showWhoAnswers(r.staff||null);let o=(r.messages||[]).filter(a=>a&&typeof a.text=="string").map(a=>({from:a.sender==="staff"||a.sender==="user"||a.sender==="notice"?a.sender:"bot",text:a.text,staff:a.staff||void 0,choices:a.choices&&a.choices.length?a.choices:void 0,crisis:a.crisis||void 0,at:typeof a.at=="number"?a.at*1e3:void 0}));if(o.length===0||this.same(o))return;if(o.length<this.entries.length){e<Ct&&this.scheduleSync(e+1);return}let c=this.entries.length;this.entries=o.slice(-je),V(T("sessionStorage"),this.keys.transcript,JSON.stringify(this.entries)),this.renderAll(),o.slice(c).filter(a=>a.from==="notice"||a.from==="staff").forEach(a=>this.announce(a))}catch{}}showWhoAnswers(e){this.note.textContent=e?`A team member is here: ${e} from the clinic.`:Xe,this.note.classList.toggle("staff-here",e!==null),this.staffHere=e!==null}announce(e){var s;let t=e.from==="staff"?`${e.staff||"Clinic team"}, clinic team: `:"";for(this.live.append(l("p",{},t+e.text));this.live.childElementCount>3;)(s=this.live.firstElementChild)==null||s.remove()}showTyping(e){window.clearTimeout(this.typingTimer),this.typing.hidden=!e,e&&(this.typingTimer=window.setTimeout(()=>this.typing.hidden=!0,At))}same(e){return e.length===this.entries.length&&e.every((t,s)=>t.from===this.entries[s].from&&t.text===this.entries[s].text&&(t.crisis||"")===(this.entries[s].crisis||""))}scheduleSync(e=0){window.clearTimeout(this.syncTimer),this.syncTimer=window.setTimeout(()=>{this.sync(e)},e===0?Je:Tt)}renderAll(){this.log.replaceChildren(),this.entries.forEach((e,t)=>this.render(e,t===this.entries.length-1))}open(e=!0){this.panel.hidden=!1,this.launcher.setAttribute("aria-expanded","true"),this.launcher.classList.remove("unread"),V(T("sessionStorage"),this.keys.open,"1"),this.connect(),this.loaded.then(()=>{this.entries.length===0&&!this.greeted&&this.config.initPayload!==""&&(this.greeted=!0,this.emit(this.config.initPayload||"/greet"))}),this.scheduleSync(),window.clearInterval(this.pollTimer),this.pollTimer=window.setInterval(()=>{document.visibilityState==="visible"&&this.sync()},St),this.scrollToEnd(),e&&this.input.focus()}close(){this.panel.hidden||(this.panel.hidden=!0,window.clearInterval(this.pollTimer),this.launcher.setAttribute("aria-expanded","false"),V(T("sessionStorage"),this.keys.open,"0"),this.launcher.focus())}connect(){if(this.socket)return;let e=H(this.serverUrl,{path:this.config.socketPath||"/socket.io",query:{lb:this.sessionId},transports:["websocket","polling"],tryAllTransports:!0});e.on("connect",()=>{this.status.textContent="",e.emit("session_request",{session_id:this.sessionId})}),e.on("session_confirm",()=>{this.confirmed=!0,this.pending.splice(0).forEach(t=>this.emit(t))}),e.on("disconnect",()=>{this.confirmed=!1}),e.on("connect_error",()=>{var s;let t=(s=this.config.hotlines)==null?void 0:s.lifeline;this.status.textContent="Can't reach the assistant; trying again."+(t?` In crisis? Call or text ${t}.`:"")}),e.on("bot_uttered",t=>this.receive(t)),this.socket=e}emit(e){var t;this.connect(),this.confirmed&&((t=this.socket)!=null&&t.connected)?this.socket.emit("user_uttered",{message:e,session_id:this.sessionId}):this.pending.push(e)}send(e,t){this.entries.forEach(s=>delete s.choices),this.log.querySelectorAll(".choices").forEach(s=>s.remove()),this.add({from:"user",text:t,at:Date.now()}),this.emit(e),this.staffHere||this.showTyping(!0)}receive(e){var o,c;let t=(e.quick_replies||e.buttons||[]).filter(a=>a&&typeof a.title=="string"&&typeof a.payload=="string"),s=typeof e.text=="string"?e.text:"";if(!s&&t.length===0)return;this.showTyping(!1),this.add({from:"bot",text:s,choices:t.length?t:void 0,at:Date.now()});let n=l("p",{},`${this.config.clinicName||"Clinic"} assistant: ${s}`);for(this.live.append(n);this.live.childElementCount>3;)(o=this.live.firstElementChild)==null||o.remove();this.panel.hidden&&this.launcher.classList.add("unread");let r=(c=this.config.hotlines)==null?void 0:c.lifeline;window.clearTimeout(this.syncTimer),this.syncTimer=window.setTimeout(()=>{this.sync()},r&&s.includes(r)?50:Je)}add(e){this.entries.push(e),this.entries=this.entries.slice(-je),V(T("sessionStorage"),this.keys.transcript,JSON.stringify(this.entries)),this.render(e,!0)}render(e,t){var c,a,u;let s=l("li",{class:`message ${e.from}`});if(e.from==="notice"){s.append(l("p",{class:"notice-text"},e.text)),this.log.append(s),this.scrollToEnd();return}if(e.from==="staff"){let f=e.staff?`${e.staff}, clinic team`:"Clinic team";s.append(l("p",{class:"sender"},f),l("span",{class:"visually-hidden"},": "))}else s.append(l("span",{class:"visually-hidden"},e.from==="bot"?"Assistant: ":"You: "));let n=l("p",{class:"bubble"}),r=this.config.hotlines;e.from!=="user"?Ut(n,e.text,r?[r.lifeline,r.emergency]:[]):n.textContent=e.text,e.text&&s.append(n);let o=e.crisis?(a=(c=this.config.hotlines)==null?void 0:c.actions)==null?void 0:a[e.crisis]:void 0;if(o!=null&&o.length&&s.append(Dt(o,e.crisis==="es"?"Ayuda en crisis":"Crisis help")),e.at){let f=new Date(e.at);s.append(l("time",{class:"stamp",datetime:f.toISOString()},f.toLocaleTimeString([],{hour:"numeric",minute:"2-digit"})))}if(t&&((u=e.choices)!=null&&u.length)){let f=l("div",{class:"choices",role:"group","aria-label":"Suggested replies"});for(let d of e.choices){let y=l("button",{type:"button",class:"choice"},d.title);y.addEventListener("click",()=>{this.send(d.payload,d.title),this.input.focus()}),f.append(y)}s.append(f)}this.log.append(s),this.scrollToEnd()}scrollToEnd(){this.log.scrollTop=this.log.scrollHeight}loadTranscript(){try{let e=JSON.parse(ue(T("sessionStorage"),this.keys.transcript)||"[]");return Array.isArray(e)?e.filter(t=>t&&["user","bot","staff","notice"].includes(t.from)&&typeof t.text=="string"):[]}catch{return[]}}};function Qe(){if(window.TMSAssistant)return;let i=new de(window.TMSAssistantConfig||{});window.TMSAssistant={open:()=>i.open(),close:()=>i.close()},document.querySelectorAll("[data-tms-open]").forEach(e=>e.addEventListener("click",t=>{t.preventDefault(),i.open()}))}document.readyState==="loading"?document.addEventListener("DOMContentLoaded",Qe):Qe();})();
