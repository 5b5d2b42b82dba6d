/*! TMS Assistant chat widget. Generated from web/widget by `npm ci && npm run build`: do not edit.
 * Bundles socket.io-client, engine.io-client, socket.io-parser, engine.io-parser and
 * @socket.io/component-emitter: MIT License, Copyright (c) Guillermo Rauch and the Socket.IO
 * contributors, https://github.com/socketio/socket.io/blob/main/LICENSE */
"use strict";(()=>{var st=Object.defineProperty;var rt=(s,e)=>{for(var t in e)st(s,t,{get:e[t],enumerable:!0})};var _=Object.create(null);_.open="0";_.close="1";_.ping="2";_.pong="3";_.message="4";_.upgrade="5";_.noop="6";var q=Object.create(null);Object.keys(_).forEach(s=>{q[_[s]]=s});var M={type:"error",data:"parser error"};var _e=typeof Blob=="function"||typeof Blob!="undefined"&&Object.prototype.toString.call(Blob)==="[object BlobConstructor]",we=typeof ArrayBuffer=="function",ve=s=>typeof ArrayBuffer.isView=="function"?ArrayBuffer.isView(s):s&&s.buffer instanceof ArrayBuffer,U=({type:s,data:e},t,i)=>_e&&e instanceof Blob?t?i(e):ye(e,i):we&&(e instanceof ArrayBuffer||ve(e))?t?i(e):ye(new Blob([e]),i):i(_[s]+(e||"")),ye=(s,e)=>{let t=new FileReader;return t.onload=function(){let i=t.result.split(",")[1];e("b"+(i||""))},t.readAsDataURL(s)};function be(s){return s instanceof Uint8Array?s:s instanceof ArrayBuffer?new Uint8Array(s):new Uint8Array(s.buffer,s.byteOffset,s.byteLength)}var ie;function xe(s,e){if(_e&&s.data instanceof Blob)return s.data.arrayBuffer().then(be).then(e);if(we&&(s.data instanceof ArrayBuffer||ve(s.data)))return e(be(s.data));U(s,!1,t=>{ie||(ie=new TextEncoder),e(ie.encode(t))})}var Ee="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",D=typeof Uint8Array=="undefined"?[]:new Uint8Array(256);for(let s=0;s<Ee.length;s++)D[Ee.charCodeAt(s)]=s;var ke=s=>{let e=s.length*.75,t=s.length,i,r=0,n,o,c,a;s[s.length-1]==="="&&(e--,s[s.length-2]==="="&&e--);let u=new ArrayBuffer(e),f=new Uint8Array(u);for(i=0;i<t;i+=4)n=D[s.charCodeAt(i)],o=D[s.charCodeAt(i+1)],c=D[s.charCodeAt(i+2)],a=D[s.charCodeAt(i+3)],f[r++]=n<<2|o>>4,f[r++]=(o&15)<<4|c>>2,f[r++]=(c&3)<<6|a&63;return u};var nt=typeof ArrayBuffer=="function",H=(s,e)=>{if(typeof s!="string")return{type:"message",data:Te(s,e)};let t=s.charAt(0);return t==="b"?{type:"message",data:ot(s.substring(1),e)}:q[t]?s.length>1?{type:q[t],data:s.substring(1)}:{type:q[t]}:M},ot=(s,e)=>{if(nt){let t=ke(s);return Te(t,e)}else return{base64:!0,data:s}},Te=(s,e)=>e==="blob"?s instanceof Blob?s:new Blob([s]):s instanceof ArrayBuffer?s:s.buffer;var Ae="",Se=(s,e)=>{let t=s.length,i=new Array(t),r=0;s.forEach((n,o)=>{U(n,!1,c=>{i[o]=c,++r===t&&e(i.join(Ae))})})},Ce=(s,e)=>{let t=s.split(Ae),i=[];for(let r=0;r<t.length;r++){let n=H(t[r],e);if(i.push(n),n.type==="error")break}return i};function Re(){return new TransformStream({transform(s,e){xe(s,t=>{let i=t.length,r;if(i<126)r=new Uint8Array(1),new DataView(r.buffer).setUint8(0,i);else if(i<65536){r=new Uint8Array(3);let n=new DataView(r.buffer);n.setUint8(0,126),n.setUint16(1,i)}else{r=new Uint8Array(9);let n=new DataView(r.buffer);n.setUint8(0,127),n.setBigUint64(1,BigInt(i))}s.data&&typeof s.data!="string"&&(r[0]|=128),e.enqueue(r),e.enqueue(t)})}})}var se;function K(s){return s.reduce((e,t)=>e+t.length,0)}function Y(s,e){if(s[0].length===e)return s.shift();let t=new Uint8Array(e),i=0;for(let r=0;r<e;r++)t[r]=s[0][i++],i===s[0].length&&(s.shift(),i=0);return s.length&&i<s[0].length&&(s[0]=s[0].slice(i)),t}function Oe(s,e){se||(se=new TextDecoder);let t=[],i=0,r=-1,n=!1;return new TransformStream({transform(o,c){for(t.push(o);;){if(i===0){if(K(t)<1)break;let a=Y(t,1);n=(a[0]&128)===128,r=a[0]&127,r<126?i=3:r===126?i=1:i=2}else if(i===1){if(K(t)<2)break;let a=Y(t,2);r=new DataView(a.buffer,a.byteOffset,a.length).getUint16(0),i=3}else if(i===2){if(K(t)<8)break;let a=Y(t,8),u=new DataView(a.buffer,a.byteOffset,a.length),f=u.getUint32(0);if(f>Math.pow(2,21)-1){c.enqueue(M);break}r=f*Math.pow(2,32)+u.getUint32(4),i=3}else{if(K(t)<r)break;let a=Y(t,r);c.enqueue(H(n?a:se.decode(a),e)),i=0}if(r===0||r>s){c.enqueue(M);break}}}})}var re=4;function p(s){if(s)return at(s)}function at(s){for(var e in p.prototype)s[e]=p.prototype[e];return s}p.prototype.on=p.prototype.addEventListener=function(s,e){return this._callbacks=this._callbacks||{},(this._callbacks["$"+s]=this._callbacks["$"+s]||[]).push(e),this};p.prototype.once=function(s,e){function t(){this.off(s,t),e.apply(this,arguments)}return t.fn=e,this.on(s,t),this};p.prototype.off=p.prototype.removeListener=p.prototype.removeAllListeners=p.prototype.removeEventListener=function(s,e){if(this._callbacks=this._callbacks||{},arguments.length==0)return this._callbacks={},this;var t=this._callbacks["$"+s];if(!t)return this;if(arguments.length==1)return delete this._callbacks["$"+s],this;for(var i,r=0;r<t.length;r++)if(i=t[r],i===e||i.fn===e){t.splice(r,1);break}return t.length===0&&delete this._callbacks["$"+s],this};p.prototype.emit=function(s){this._callbacks=this._callbacks||{};for(var e=new Array(arguments.length-1),t=this._callbacks["$"+s],i=1;i<arguments.length;i++)e[i-1]=arguments[i];if(t){t=t.slice(0);for(var i=0,r=t.length;i<r;++i)t[i].apply(this,e)}return this};p.prototype.emitReserved=p.prototype.emit;p.prototype.listeners=function(s){return this._callbacks=this._callbacks||{},this._callbacks["$"+s]||[]};p.prototype.hasListeners=function(s){return!!this.listeners(s).length};var w=typeof Promise=="function"&&typeof Promise.resolve=="function"?e=>Promise.resolve().then(e):(e,t)=>t(e,0),m=typeof self!="undefined"?self:typeof window!="undefined"?window:Function("return this")(),Ne="arraybuffer";function J(s,...e){return e.reduce((t,i)=>(s.hasOwnProperty(i)&&(t[i]=s[i]),t),{})}var ct=m.setTimeout,ht=m.clearTimeout;function v(s,e){e.useNativeTimers?(s.setTimeoutFn=ct.bind(m),s.clearTimeoutFn=ht.bind(m)):(s.setTimeoutFn=m.setTimeout.bind(m),s.clearTimeoutFn=m.clearTimeout.bind(m))}var lt=1.33;function Le(s){return typeof s=="string"?ft(s):Math.ceil((s.byteLength||s.size)*lt)}function ft(s){let e=0,t=0;for(let i=0,r=s.length;i<r;i++)e=s.charCodeAt(i),e<128?t+=1:e<2048?t+=2:e<55296||e>=57344?t+=3:(i++,t+=4);return t}function X(){return Date.now().toString(36).substring(3)+Math.random().toString(36).substring(2,5)}function Be(s){let e="";for(let t in s)s.hasOwnProperty(t)&&(e.length&&(e+="&"),e+=encodeURIComponent(t)+"="+encodeURIComponent(s[t]));return e}function Pe(s){let e={},t=s.split("&");for(let i=0,r=t.length;i<r;i++){let n=t[i].split("=");e[decodeURIComponent(n[0])]=decodeURIComponent(n.slice(1).join("="))}return e}var Q=class extends Error{constructor(e,t,i){super(e),this.description=t,this.context=i,this.type="TransportError"}},x=class extends p{constructor(e){super(),this.writable=!1,v(this,e),this.opts=e,this.query=e.query,this.socket=e.socket,this.supportsBinary=!e.forceBase64}onError(e,t,i){return super.emitReserved("error",new Q(e,t,i)),this}open(){return this.readyState="opening",this.doOpen(),this}close(){return(this.readyState==="opening"||this.readyState==="open")&&(this.doClose(),this.onClose()),this}send(e){this.readyState==="open"&&this.write(e)}onOpen(){this.readyState="open",this.writable=!0,super.emitReserved("open")}onData(e){let t=H(e,this.socket.binaryType);this.onPacket(t)}onPacket(e){super.emitReserved("packet",e)}onClose(e){this.readyState="closed",super.emitReserved("close",e)}pause(e){}createUri(e,t={}){return e+"://"+this._hostname()+this._port()+this.opts.path+this._query(t)}_hostname(){let e=this.opts.hostname;return e.indexOf(":")===-1?e:"["+e+"]"}_port(){return this.opts.port&&(this.opts.secure&&Number(this.opts.port)!==443||!this.opts.secure&&Number(this.opts.port)!==80)?":"+this.opts.port:""}_query(e){let t=Be(e);return t.length?"?"+t:""}};var F=class extends x{constructor(){super(...arguments),this._polling=!1}get name(){return"polling"}doOpen(){this._poll()}pause(e){this.readyState="pausing";let t=()=>{this.readyState="paused",e()};if(this._polling||!this.writable){let i=0;this._polling&&(i++,this.once("pollComplete",function(){--i||t()})),this.writable||(i++,this.once("drain",function(){--i||t()}))}else t()}_poll(){this._polling=!0,this.doPoll(),this.emitReserved("poll")}onData(e){let t=i=>{if(this.readyState==="opening"&&i.type==="open"&&this.onOpen(),i.type==="close")return this.onClose({description:"transport closed by the server"}),!1;this.onPacket(i)};Ce(e,this.socket.binaryType).forEach(t),this.readyState!=="closed"&&(this._polling=!1,this.emitReserved("pollComplete"),this.readyState==="open"&&this._poll())}doClose(){let e=()=>{this.write([{type:"close"}])};this.readyState==="open"?e():this.once("open",e)}write(e){this.writable=!1,Se(e,t=>{this.doWrite(t,()=>{this.writable=!0,this.emitReserved("drain")})})}uri(){let e=this.opts.secure?"https":"http",t=this.query||{};return this.opts.timestampRequests!==!1&&(t[this.opts.timestampParam]=X()),!this.supportsBinary&&!t.sid&&(t.b64=1),this.createUri(e,t)}};var Ie=!1;try{Ie=typeof XMLHttpRequest!="undefined"&&"withCredentials"in new XMLHttpRequest}catch{}var qe=Ie;function pt(){}var ne=class extends F{constructor(e){if(super(e),typeof location!="undefined"){let t=location.protocol==="https:",i=location.port;i||(i=t?"443":"80"),this.xd=typeof location!="undefined"&&e.hostname!==location.hostname||i!==e.port}}doWrite(e,t){let i=this.request({method:"POST",data:e});i.on("success",t),i.on("error",(r,n)=>{this.onError("xhr post error",r,n)})}doPoll(){let e=this.request();e.on("data",this.onData.bind(this)),e.on("error",(t,i)=>{this.onError("xhr poll error",t,i)}),this.pollXhr=e}},T=class s extends p{constructor(e,t,i){super(),this.createRequest=e,v(this,i),this._opts=i,this._method=i.method||"GET",this._uri=t,this._data=i.data!==void 0?i.data:null,this._create()}_create(){var e;let t=J(this._opts,"agent","pfx","key","passphrase","cert","ca","ciphers","rejectUnauthorized","autoUnref");t.xdomain=!!this._opts.xd;let i=this._xhr=this.createRequest(t);try{i.open(this._method,this._uri,!0);try{if(this._opts.extraHeaders){i.setDisableHeaderCheck&&i.setDisableHeaderCheck(!0);for(let r in this._opts.extraHeaders)this._opts.extraHeaders.hasOwnProperty(r)&&i.setRequestHeader(r,this._opts.extraHeaders[r])}}catch{}if(this._method==="POST")try{i.setRequestHeader("Content-type","text/plain;charset=UTF-8")}catch{}try{i.setRequestHeader("Accept","*/*")}catch{}(e=this._opts.cookieJar)===null||e===void 0||e.addCookies(i),"withCredentials"in i&&(i.withCredentials=this._opts.withCredentials),this._opts.requestTimeout&&(i.timeout=this._opts.requestTimeout),i.onreadystatechange=()=>{var r;i.readyState===3&&((r=this._opts.cookieJar)===null||r===void 0||r.parseCookies(i.getResponseHeader("set-cookie"))),i.readyState===4&&(i.status===200||i.status===1223?this._onLoad():this.setTimeoutFn(()=>{this._onError(typeof i.status=="number"?i.status:0)},0))},i.send(this._data)}catch(r){this.setTimeoutFn(()=>{this._onError(r)},0);return}typeof document!="undefined"&&(this._index=s.requestsCount++,s.requests[this._index]=this)}_onError(e){this.emitReserved("error",e,this._xhr),this._cleanup(!0)}_cleanup(e){if(!(typeof this._xhr=="undefined"||this._xhr===null)){if(this._xhr.onreadystatechange=pt,e)try{this._xhr.abort()}catch{}typeof document!="undefined"&&delete s.requests[this._index],this._xhr=null}}_onLoad(){let e=this._xhr.responseText;e!==null&&(this.emitReserved("data",e),this.emitReserved("success"),this._cleanup())}abort(){this._cleanup()}};T.requestsCount=0;T.requests={};if(typeof document!="undefined"){if(typeof attachEvent=="function")attachEvent("onunload",Me);else if(typeof addEventListener=="function"){let s="onpagehide"in m?"pagehide":"unload";addEventListener(s,Me,!1)}}function Me(){for(let s in T.requests)T.requests.hasOwnProperty(s)&&T.requests[s].abort()}var ut=(function(){let s=Ue({xdomain:!1});return s&&s.responseType!==null})(),A=class extends ne{constructor(e){super(e);let t=e&&e.forceBase64;this.supportsBinary=ut&&!t}request(e={}){return Object.assign(e,{xd:this.xd},this.opts),new T(Ue,this.uri(),e)}};function Ue(s){let e=s.xdomain;try{if(typeof XMLHttpRequest!="undefined"&&(!e||qe))return new XMLHttpRequest}catch{}if(!e)try{return new m[["Active"].concat("Object").join("X")]("Microsoft.XMLHTTP")}catch{}}var De=typeof navigator!="undefined"&&typeof navigator.product=="string"&&navigator.product.toLowerCase()==="reactnative",ae=class extends x{get name(){return"websocket"}doOpen(){let e=this.uri(),t=this.opts.protocols,i=De?{}:J(this.opts,"agent","perMessageDeflate","pfx","key","passphrase","cert","ca","ciphers","rejectUnauthorized","localAddress","protocolVersion","origin","maxPayload","family","checkServerIdentity");this.opts.extraHeaders&&(i.headers=this.opts.extraHeaders);try{this.ws=this.createSocket(e,t,i)}catch(r){return this.emitReserved("error",r)}this.ws.binaryType=this.socket.binaryType,this.addEventListeners()}addEventListeners(){this.ws.onopen=()=>{this.opts.autoUnref&&this.ws._socket.unref(),this.onOpen()},this.ws.onclose=e=>this.onClose({description:"websocket connection closed",context:e}),this.ws.onmessage=e=>this.onData(e.data),this.ws.onerror=e=>this.onError("websocket error",e)}write(e){this.writable=!1;for(let t=0;t<e.length;t++){let i=e[t],r=t===e.length-1;U(i,this.supportsBinary,n=>{try{this.doWrite(i,n)}catch{}r&&w(()=>{this.writable=!0,this.emitReserved("drain")},this.setTimeoutFn)})}}doClose(){typeof this.ws!="undefined"&&(this.ws.onerror=()=>{},this.ws.close(),this.ws=null)}uri(){let e=this.opts.secure?"wss":"ws",t=this.query||{};return this.opts.timestampRequests&&(t[this.opts.timestampParam]=X()),this.supportsBinary||(t.b64=1),this.createUri(e,t)}},oe=m.WebSocket||m.MozWebSocket,S=class extends ae{createSocket(e,t,i){return De?new oe(e,t,i):t?new oe(e,t):new oe(e)}doWrite(e,t){this.ws.send(t)}};var N=class extends x{get name(){return"webtransport"}doOpen(){try{this._transport=new WebTransport(this.createUri("https"),this.opts.transportOptions[this.name])}catch(e){return this.emitReserved("error",e)}this._transport.closed.then(()=>{this.onClose()}).catch(e=>{this.onError("webtransport error",e)}),this._transport.ready.then(()=>{this._transport.createBidirectionalStream().then(e=>{let t=Oe(Number.MAX_SAFE_INTEGER,this.socket.binaryType),i=e.readable.pipeThrough(t).getReader(),r=Re();r.readable.pipeTo(e.writable),this._writer=r.writable.getWriter();let n=()=>{i.read().then(({done:c,value:a})=>{c||(this.onPacket(a),n())}).catch(c=>{})};n();let o={type:"open"};this.query.sid&&(o.data=`{"sid":"${this.query.sid}"}`),this._writer.write(o).then(()=>this.onOpen())})})}write(e){this.writable=!1;for(let t=0;t<e.length;t++){let i=e[t],r=t===e.length-1;this._writer.write(i).then(()=>{r&&w(()=>{this.writable=!0,this.emitReserved("drain")},this.setTimeoutFn)})}}doClose(){var e;(e=this._transport)===null||e===void 0||e.close()}};var ce={websocket:S,webtransport:N,polling:A};var dt=/^(?:(?![^:@\/?#]+:[^:@\/]*@)(http|https|ws|wss):\/\/)?((?:(([^:@\/?#]*)(?::([^:@\/?#]*))?)?@)?((?:[a-f0-9]{0,4}:){2,7}[a-f0-9]{0,4}|[^:\/?#]*)(?::(\d*))?)(((\/(?:[^?#](?![^?#\/]*\.[^?#\/.]+(?:[?#]|$)))*\/?)?([^?#\/]*))(?:\?([^#]*))?(?:#(.*))?)/,mt=["source","protocol","authority","userInfo","user","password","host","port","relative","path","directory","file","query","anchor"];function L(s){if(s.length>8e3)throw"URI too long";let e=s,t=s.indexOf("["),i=s.indexOf("]");t!=-1&&i!=-1&&(s=s.substring(0,t)+s.substring(t,i).replace(/:/g,";")+s.substring(i,s.length));let r=dt.exec(s||""),n={},o=14;for(;o--;)n[mt[o]]=r[o]||"";return t!=-1&&i!=-1&&(n.source=e,n.host=n.host.substring(1,n.host.length-1).replace(/;/g,":"),n.authority=n.authority.replace("[","").replace("]","").replace(/;/g,":"),n.ipv6uri=!0),n.pathNames=gt(n,n.path),n.queryKey=yt(n,n.query),n}function gt(s,e){let t=/\/{2,9}/g,i=e.replace(t,"/").split("/");return(e.slice(0,1)=="/"||e.length===0)&&i.splice(0,1),e.slice(-1)=="/"&&i.splice(i.length-1,1),i}function yt(s,e){let t={};return e.replace(/(?:^|&)([^&=]*)=?([^&]*)/g,function(i,r,n){r&&(t[r]=n)}),t}var he=typeof addEventListener=="function"&&typeof removeEventListener=="function",j=[];he&&addEventListener("offline",()=>{j.forEach(s=>s())},!1);var C=class s extends p{constructor(e,t={}){var i,r;if(super(),this.binaryType=Ne,this.writeBuffer=[],this._prevBufferLen=0,this._upgrades=[],this._pingInterval=-1,this._pingTimeout=-1,this._maxPayload=-1,this._pingTimeoutTime=1/0,e&&typeof e=="object"&&(t=e,e=null),e){let n=L(e);t.hostname=n.host,t.secure=n.protocol==="https"||n.protocol==="wss",t.port=n.port,n.query&&(t.query=n.query)}else t.host&&(t.hostname=L(t.host).host);if(v(this,t),this.secure=t.secure!=null?t.secure:typeof location!="undefined"&&location.protocol==="https:",t.hostname&&!t.port&&(t.port=this.secure?"443":"80"),this.hostname=t.hostname||(typeof location!="undefined"?location.hostname:"localhost"),this.port=t.port||(typeof location!="undefined"&&location.port?location.port:this.secure?"443":"80"),t.transportImplementations&&t.transports)throw new Error("specifying both 'transportImplementations' and 'transports' options is not supported");t.transportImplementations||!((i=t.transports)===null||i===void 0)&&i.length&&typeof t.transports[0]=="function"?(this.transports=[],this._transportsByName=Object.create(null),((r=t.transportImplementations)!==null&&r!==void 0?r:t.transports).forEach(n=>{let o=n.prototype.name;this.transports.push(o),this._transportsByName[o]=n})):(this.transports=t.transports?[...t.transports]:["polling","websocket","webtransport"],this._transportsByName=ce),this.opts=Object.assign({path:"/engine.io",agent:!1,withCredentials:!1,upgrade:!0,timestampParam:"t",rememberUpgrade:!1,addTrailingSlash:!0,rejectUnauthorized:!0,perMessageDeflate:{threshold:1024},transportOptions:{},closeOnBeforeunload:!1},t),this.opts.path=this.opts.path.replace(/\/$/,"")+(this.opts.addTrailingSlash?"/":""),typeof this.opts.query=="string"&&(this.opts.query=Pe(this.opts.query)),he&&(this.opts.closeOnBeforeunload&&(this._beforeunloadEventListener=()=>{this.transport&&(this.transport.removeAllListeners(),this.transport.close())},addEventListener("beforeunload",this._beforeunloadEventListener,!1)),this.hostname!=="localhost"&&(this._offlineEventListener=()=>{this._onClose("transport close",{description:"network connection lost"})},j.push(this._offlineEventListener))),this.opts.withCredentials&&(this._cookieJar=void 0),this._open()}createTransport(e){let t=Object.assign({},this.opts.query);t.EIO=re,t.transport=e,this.id&&(t.sid=this.id);let i=Object.assign({},this.opts,{query:t,socket:this,hostname:this.hostname,secure:this.secure,port:this.port},this.opts.transportOptions[e]);return new this._transportsByName[e](i)}_open(){if(this.transports.length===0){this.setTimeoutFn(()=>{this.emitReserved("error","No transports available")},0);return}let e=this.opts.rememberUpgrade&&s.priorWebsocketSuccess&&this.transports.indexOf("websocket")!==-1?"websocket":this.transports[0];this.readyState="opening";let t=this.createTransport(e);t.open(),this.setTransport(t)}setTransport(e){this.transport&&this.transport.removeAllListeners(),this.transport=e,e.on("drain",this._onDrain.bind(this)).on("packet",this._onPacket.bind(this)).on("error",this._onError.bind(this)).on("close",t=>this._onClose("transport close",t))}_probe(e){let t=this.createTransport(e),i=!1;s.priorWebsocketSuccess=!1;let r=()=>{i||(t.send([{type:"ping",data:"probe"}]),t.once("packet",d=>{if(!i)if(d.type==="pong"&&d.data==="probe"){if(this.upgrading=!0,this.emitReserved("upgrading",t),!t)return;s.priorWebsocketSuccess=t.name==="websocket",this.transport.pause(()=>{i||this.readyState!=="closed"&&(f(),this.setTransport(t),t.send([{type:"upgrade"}]),this.emitReserved("upgrade",t),t=null,this.upgrading=!1,this.flush())})}else{let b=new Error("probe error");b.transport=t.name,this.emitReserved("upgradeError",b)}}))};function n(){i||(i=!0,f(),t.close(),t=null)}let o=d=>{let b=new Error("probe error: "+d);b.transport=t.name,n(),this.emitReserved("upgradeError",b)};function c(){o("transport closed")}function a(){o("socket closed")}function u(d){t&&d.name!==t.name&&n()}let f=()=>{t.removeListener("open",r),t.removeListener("error",o),t.removeListener("close",c),this.off("close",a),this.off("upgrading",u)};t.once("open",r),t.once("error",o),t.once("close",c),this.once("close",a),this.once("upgrading",u),this._upgrades.indexOf("webtransport")!==-1&&e!=="webtransport"?this.setTimeoutFn(()=>{i||t.open()},200):t.open()}onOpen(){if(this.readyState="open",s.priorWebsocketSuccess=this.transport.name==="websocket",this.emitReserved("open"),this.flush(),this.readyState==="open"&&this.opts.upgrade)for(let e=0;e<this._upgrades.length;e++)this._probe(this._upgrades[e])}_onPacket(e){if(this.readyState==="opening"||this.readyState==="open"||this.readyState==="closing")switch(this.emitReserved("packet",e),this.emitReserved("heartbeat"),e.type){case"open":this.onHandshake(JSON.parse(e.data));break;case"ping":this._sendPacket("pong"),this.emitReserved("ping"),this.emitReserved("pong"),this._resetPingTimeout();break;case"error":let t=new Error("server error");t.code=e.data,this._onError(t);break;case"message":this.emitReserved("data",e.data),this.emitReserved("message",e.data);break}}onHandshake(e){this.emitReserved("handshake",e),this.id=e.sid,this.transport.query.sid=e.sid,this._upgrades=this._filterUpgrades(e.upgrades),this._pingInterval=e.pingInterval,this._pingTimeout=e.pingTimeout,this._maxPayload=e.maxPayload,this.onOpen(),this.readyState!=="closed"&&this._resetPingTimeout()}_resetPingTimeout(){this.clearTimeoutFn(this._pingTimeoutTimer);let e=this._pingInterval+this._pingTimeout;this._pingTimeoutTime=Date.now()+e,this._pingTimeoutTimer=this.setTimeoutFn(()=>{this._onClose("ping timeout")},e),this.opts.autoUnref&&this._pingTimeoutTimer.unref()}_onDrain(){this.writeBuffer.splice(0,this._prevBufferLen),this._prevBufferLen=0,this.writeBuffer.length===0?this.emitReserved("drain"):this.flush()}flush(){if(this.readyState!=="closed"&&this.transport.writable&&!this.upgrading&&this.writeBuffer.length){let e=this._getWritablePackets();this.transport.send(e),this._prevBufferLen=e.length,this.emitReserved("flush")}}_getWritablePackets(){if(!(this._maxPayload&&this.transport.name==="polling"&&this.writeBuffer.length>1))return this.writeBuffer;let t=1;for(let i=0;i<this.writeBuffer.length;i++){let r=this.writeBuffer[i].data;if(r&&(t+=Le(r)),i>0&&t>this._maxPayload)return this.writeBuffer.slice(0,i);t+=2}return this.writeBuffer}_hasPingExpired(){if(!this._pingTimeoutTime)return!0;let e=Date.now()>this._pingTimeoutTime;return e&&(this._pingTimeoutTime=0,w(()=>{this._onClose("ping timeout")},this.setTimeoutFn)),e}write(e,t,i){return this._sendPacket("message",e,t,i),this}send(e,t,i){return this._sendPacket("message",e,t,i),this}_sendPacket(e,t,i,r){if(typeof t=="function"&&(r=t,t=void 0),typeof i=="function"&&(r=i,i=null),this.readyState==="closing"||this.readyState==="closed")return;i=i||{},i.compress=i.compress!==!1;let n={type:e,data:t,options:i};this.emitReserved("packetCreate",n),this.writeBuffer.push(n),r&&this.once("flush",r),this.flush()}close(){let e=()=>{this._onClose("forced close"),this.transport.close()},t=()=>{this.off("upgrade",t),this.off("upgradeError",t),e()},i=()=>{this.once("upgrade",t),this.once("upgradeError",t)};return(this.readyState==="opening"||this.readyState==="open")&&(this.readyState="closing",this.writeBuffer.length?this.once("drain",()=>{this.upgrading?i():e()}):this.upgrading?i():e()),this}_onError(e){if(s.priorWebsocketSuccess=!1,this.opts.tryAllTransports&&this.transports.length>1&&this.readyState==="opening")return this.transports.shift(),this._open();this.emitReserved("error",e),this._onClose("transport error",e)}_onClose(e,t){if(this.readyState==="opening"||this.readyState==="open"||this.readyState==="closing"){if(this.clearTimeoutFn(this._pingTimeoutTimer),this.transport.removeAllListeners("close"),this.transport.close(),this.transport.removeAllListeners(),he&&(this._beforeunloadEventListener&&removeEventListener("beforeunload",this._beforeunloadEventListener,!1),this._offlineEventListener)){let i=j.indexOf(this._offlineEventListener);i!==-1&&j.splice(i,1)}this.readyState="closed",this.id=null,this.emitReserved("close",e,t),this.writeBuffer=[],this._prevBufferLen=0}}_filterUpgrades(e){let t=[];for(let i=0;i<e.length;i++)~this.transports.indexOf(e[i])&&t.push(e[i]);return t}};C.protocol=re;var Qi=C.protocol;function He(s,e="",t){let i=s;t=t||typeof location!="undefined"&&location,s==null&&(s=t.protocol+"//"+t.host),typeof s=="string"&&(s.charAt(0)==="/"&&(s.charAt(1)==="/"?s=t.protocol+s:s=t.host+s),/^(https?|wss?):\/\//.test(s)||(typeof t!="undefined"?s=t.protocol+"//"+s:s="https://"+s),i=L(s)),i.port||(/^(http|ws)$/.test(i.protocol)?i.port="80":/^(http|ws)s$/.test(i.protocol)&&(i.port="443")),i.path=i.path||"/";let n=i.host.indexOf(":")!==-1?"["+i.host+"]":i.host;return i.id=i.protocol+"://"+n+":"+i.port+e,i.href=i.protocol+"://"+n+(t&&t.port===i.port?"":":"+i.port),i}var de={};rt(de,{Decoder:()=>pe,Encoder:()=>fe,PacketType:()=>h,isPacketValid:()=>At,protocol:()=>ze});var _t=typeof ArrayBuffer=="function",wt=s=>typeof ArrayBuffer.isView=="function"?ArrayBuffer.isView(s):s.buffer instanceof ArrayBuffer,Fe=Object.prototype.toString,vt=typeof Blob=="function"||typeof Blob!="undefined"&&Fe.call(Blob)==="[object BlobConstructor]",xt=typeof File=="function"||typeof File!="undefined"&&Fe.call(File)==="[object FileConstructor]";function $(s){return _t&&(s instanceof ArrayBuffer||wt(s))||vt&&s instanceof Blob||xt&&s instanceof File}function V(s,e){if(!s||typeof s!="object")return!1;if(Array.isArray(s)){for(let t=0,i=s.length;t<i;t++)if(V(s[t]))return!0;return!1}if($(s))return!0;if(s.toJSON&&typeof s.toJSON=="function"&&arguments.length===1)return V(s.toJSON(),!0);for(let t in s)if(Object.prototype.hasOwnProperty.call(s,t)&&V(s[t]))return!0;return!1}function Ve(s){let e=[],t=s.data,i=s;return i.data=G(t,e),i.attachments=e.length,{packet:i,buffers:e}}function G(s,e,t){if(!s)return s;if($(s)){let i={_placeholder:!0,num:e.length};return e.push(s),i}else if(Array.isArray(s)){let i=new Array(s.length);for(let r=0;r<s.length;r++)i[r]=G(s[r],e);return i}else if(typeof s=="object"&&!(s instanceof Date)){if(s.toJSON&&typeof s.toJSON=="function"&&!t)return G(s.toJSON(),e,!0);let i={};for(let r in s)Object.prototype.hasOwnProperty.call(s,r)&&(i[r]=G(s[r],e));return i}return s}function $e(s,e){return s.data=le(s.data,e),delete s.attachments,s}function le(s,e){if(!s)return s;if(s&&s._placeholder===!0){if(typeof s.num=="number"&&s.num>=0&&s.num<e.length)return e[s.num];throw new Error("illegal attachments")}else if(Array.isArray(s))for(let t=0;t<s.length;t++)s[t]=le(s[t],e);else if(typeof s=="object")for(let t in s)Object.prototype.hasOwnProperty.call(s,t)&&(s[t]=le(s[t],e));return s}var We=["connect","connect_error","disconnect","disconnecting","newListener","removeListener"],ze=5,h;(function(s){s[s.CONNECT=0]="CONNECT",s[s.DISCONNECT=1]="DISCONNECT",s[s.EVENT=2]="EVENT",s[s.ACK=3]="ACK",s[s.CONNECT_ERROR=4]="CONNECT_ERROR",s[s.BINARY_EVENT=5]="BINARY_EVENT",s[s.BINARY_ACK=6]="BINARY_ACK"})(h||(h={}));var fe=class{constructor(e){this.replacer=e}encode(e){return(e.type===h.EVENT||e.type===h.ACK)&&V(e)?this.encodeAsBinary({type:e.type===h.EVENT?h.BINARY_EVENT:h.BINARY_ACK,nsp:e.nsp,data:e.data,id:e.id}):[this.encodeAsString(e)]}encodeAsString(e){let t=""+e.type;return(e.type===h.BINARY_EVENT||e.type===h.BINARY_ACK)&&(t+=e.attachments+"-"),e.nsp&&e.nsp!=="/"&&(t+=e.nsp+","),e.id!=null&&(t+=e.id),e.data!=null&&(t+=JSON.stringify(e.data,this.replacer)),t}encodeAsBinary(e){let t=Ve(e),i=this.encodeAsString(t.packet),r=t.buffers;return r.unshift(i),r}},pe=class s extends p{constructor(e){super(),this.opts=Object.assign({reviver:void 0,maxAttachments:10},typeof e=="function"?{reviver:e}:e)}add(e){let t;if(typeof e=="string"){if(this.reconstructor)throw new Error("got plaintext data when reconstructing a packet");t=this.decodeString(e);let i=t.type===h.BINARY_EVENT;i||t.type===h.BINARY_ACK?(t.type=i?h.EVENT:h.ACK,this.reconstructor=new ue(t)):super.emitReserved("decoded",t)}else if($(e)||e.base64)if(this.reconstructor)t=this.reconstructor.takeBinaryData(e),t&&(this.reconstructor=null,super.emitReserved("decoded",t));else throw new Error("got binary data when not reconstructing a packet");else throw new Error("Unknown type: "+e)}decodeString(e){let t=0,i={type:Number(e.charAt(0))};if(h[i.type]===void 0)throw new Error("unknown packet type "+i.type);if(i.type===h.BINARY_EVENT||i.type===h.BINARY_ACK){let n=t+1;for(;e.charAt(++t)!=="-"&&t!=e.length;);let o=e.substring(n,t);if(o!=Number(o)||e.charAt(t)!=="-")throw new Error("Illegal attachments");let c=Number(o);if(!Ke(c)||c<1)throw new Error("Illegal attachments");if(c>this.opts.maxAttachments)throw new Error("too many attachments");i.attachments=c}if(e.charAt(t+1)==="/"){let n=t+1;for(;++t&&!(e.charAt(t)===","||t===e.length););i.nsp=e.substring(n,t)}else i.nsp="/";let r=e.charAt(t+1);if(r!==""&&Number(r)==r){let n=t+1;for(;++t;){let o=e.charAt(t);if(o==null||Number(o)!=o){--t;break}if(t===e.length)break}i.id=Number(e.substring(n,t+1))}if(e.charAt(++t)){let n=this.tryParse(e.substr(t));if(s.isPayloadValid(i.type,n))i.data=n;else throw new Error("invalid payload")}return i}tryParse(e){try{return JSON.parse(e,this.opts.reviver)}catch{return!1}}static isPayloadValid(e,t){switch(e){case h.CONNECT:return Z(t);case h.DISCONNECT:return t===void 0;case h.CONNECT_ERROR:return typeof t=="string"||Z(t);case h.EVENT:case h.BINARY_EVENT:return Array.isArray(t)&&(typeof t[0]=="number"||typeof t[0]=="string"&&We.indexOf(t[0])===-1);case h.ACK:case h.BINARY_ACK:return Array.isArray(t)}}destroy(){this.reconstructor&&(this.reconstructor.finishedReconstruction(),this.reconstructor=null)}},ue=class{constructor(e){this.packet=e,this.buffers=[],this.reconPack=e}takeBinaryData(e){if(this.buffers.push(e),this.buffers.length===this.reconPack.attachments){let t=$e(this.reconPack,this.buffers);return this.finishedReconstruction(),t}return null}finishedReconstruction(){this.reconPack=null,this.buffers=[]}};function Et(s){return typeof s=="string"}var Ke=Number.isInteger||function(s){return typeof s=="number"&&isFinite(s)&&Math.floor(s)===s};function kt(s){return s===void 0||Ke(s)}function Z(s){return Object.prototype.toString.call(s)==="[object Object]"}function Tt(s,e){switch(s){case h.CONNECT:return e===void 0||Z(e);case h.DISCONNECT:return e===void 0;case h.EVENT:return Array.isArray(e)&&(typeof e[0]=="number"||typeof e[0]=="string"&&We.indexOf(e[0])===-1);case h.ACK:return Array.isArray(e);case h.CONNECT_ERROR:return typeof e=="string"||Z(e);default:return!1}}function At(s){return Et(s.nsp)&&kt(s.id)&&Tt(s.type,s.data)}function y(s,e,t){return s.on(e,t),function(){s.off(e,t)}}var St=Object.freeze({connect:1,connect_error:1,disconnect:1,disconnecting:1,newListener:1,removeListener:1}),B=class extends p{constructor(e,t,i){super(),this.connected=!1,this.recovered=!1,this.receiveBuffer=[],this.sendBuffer=[],this._queue=[],this._queueSeq=0,this.ids=0,this.acks={},this.flags={},this.io=e,this.nsp=t,i&&i.auth&&(this.auth=i.auth),this._opts=Object.assign({},i),this.io._autoConnect&&this.open()}get disconnected(){return!this.connected}subEvents(){if(this.subs)return;let e=this.io;this.subs=[y(e,"open",this.onopen.bind(this)),y(e,"packet",this.onpacket.bind(this)),y(e,"error",this.onerror.bind(this)),y(e,"close",this.onclose.bind(this))]}get active(){return!!this.subs}connect(){return this.connected?this:(this.subEvents(),this.io._reconnecting||this.io.open(),this.io._readyState==="open"&&this.onopen(),this)}open(){return this.connect()}send(...e){return e.unshift("message"),this.emit.apply(this,e),this}emit(e,...t){var i,r,n;if(St.hasOwnProperty(e))throw new Error('"'+e.toString()+'" is a reserved event name');if(t.unshift(e),this._opts.retries&&!this.flags.fromQueue&&!this.flags.volatile)return this._addToQueue(t),this;let o={type:h.EVENT,data:t};if(o.options={},o.options.compress=this.flags.compress!==!1,typeof t[t.length-1]=="function"){let f=this.ids++,d=t.pop();this._registerAckCallback(f,d),o.id=f}let c=(r=(i=this.io.engine)===null||i===void 0?void 0:i.transport)===null||r===void 0?void 0:r.writable,a=this.connected&&!(!((n=this.io.engine)===null||n===void 0)&&n._hasPingExpired());return this.flags.volatile&&!c||(a?(this.notifyOutgoingListeners(o),this.packet(o)):this.sendBuffer.push(o)),this.flags={},this}_registerAckCallback(e,t){var i;let r=(i=this.flags.timeout)!==null&&i!==void 0?i:this._opts.ackTimeout;if(r===void 0){this.acks[e]=t;return}let n=this.io.setTimeoutFn(()=>{delete this.acks[e];for(let c=0;c<this.sendBuffer.length;c++)this.sendBuffer[c].id===e&&this.sendBuffer.splice(c,1);t.call(this,new Error("operation has timed out"))},r),o=(...c)=>{this.io.clearTimeoutFn(n),t.apply(this,c)};o.withError=!0,this.acks[e]=o}emitWithAck(e,...t){return new Promise((i,r)=>{let n=(o,c)=>o?r(o):i(c);n.withError=!0,t.push(n),this.emit(e,...t)})}_addToQueue(e){let t;typeof e[e.length-1]=="function"&&(t=e.pop());let i={id:this._queueSeq++,tryCount:0,pending:!1,args:e,flags:Object.assign({fromQueue:!0},this.flags)};e.push((r,...n)=>(this._queue[0],r!==null?i.tryCount>this._opts.retries&&(this._queue.shift(),t&&t(r)):(this._queue.shift(),t&&t(null,...n)),i.pending=!1,this._drainQueue())),this._queue.push(i),this._drainQueue()}_drainQueue(e=!1){if(!this.connected||this._queue.length===0)return;let t=this._queue[0];t.pending&&!e||(t.pending=!0,t.tryCount++,this.flags=t.flags,this.emit.apply(this,t.args))}packet(e){e.nsp=this.nsp,this.io._packet(e)}onopen(){typeof this.auth=="function"?this.auth(e=>{this._sendConnectPacket(e)}):this._sendConnectPacket(this.auth)}_sendConnectPacket(e){this.packet({type:h.CONNECT,data:this._pid?Object.assign({pid:this._pid,offset:this._lastOffset},e):e})}onerror(e){this.connected||this.emitReserved("connect_error",e)}onclose(e,t){this.connected=!1,delete this.id,this.emitReserved("disconnect",e,t),this._clearAcks()}_clearAcks(){Object.keys(this.acks).forEach(e=>{if(!this.sendBuffer.some(i=>String(i.id)===e)){let i=this.acks[e];delete this.acks[e],i.withError&&i.call(this,new Error("socket has been disconnected"))}})}onpacket(e){if(e.nsp===this.nsp)switch(e.type){case h.CONNECT:e.data&&e.data.sid?this.onconnect(e.data.sid,e.data.pid):this.emitReserved("connect_error",new Error("It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible (more information here: https://socket.io/docs/v3/migrating-from-2-x-to-3-0/)"));break;case h.EVENT:case h.BINARY_EVENT:this.onevent(e);break;case h.ACK:case h.BINARY_ACK:this.onack(e);break;case h.DISCONNECT:this.ondisconnect();break;case h.CONNECT_ERROR:this.destroy();let i=new Error(e.data.message);i.data=e.data.data,this.emitReserved("connect_error",i);break}}onevent(e){let t=e.data||[];e.id!=null&&t.push(this.ack(e.id)),this.connected?this.emitEvent(t):this.receiveBuffer.push(Object.freeze(t))}emitEvent(e){if(this._anyListeners&&this._anyListeners.length){let t=this._anyListeners.slice();for(let i of t)i.apply(this,e)}super.emit.apply(this,e),this._pid&&e.length&&typeof e[e.length-1]=="string"&&(this._lastOffset=e[e.length-1])}ack(e){let t=this,i=!1;return function(...r){i||(i=!0,t.packet({type:h.ACK,id:e,data:r}))}}onack(e){let t=this.acks[e.id];typeof t=="function"&&(delete this.acks[e.id],t.withError&&e.data.unshift(null),t.apply(this,e.data))}onconnect(e,t){this.id=e,this.recovered=t&&this._pid===t,this._pid=t,this.connected=!0,this.emitBuffered(),this._drainQueue(!0),this.emitReserved("connect")}emitBuffered(){this.receiveBuffer.forEach(e=>this.emitEvent(e)),this.receiveBuffer=[],this.sendBuffer.forEach(e=>{this.notifyOutgoingListeners(e),this.packet(e)}),this.sendBuffer=[]}ondisconnect(){this.destroy(),this.onclose("io server disconnect")}destroy(){this.subs&&(this.subs.forEach(e=>e()),this.subs=void 0),this.io._destroy(this)}disconnect(){return this.connected&&this.packet({type:h.DISCONNECT}),this.destroy(),this.connected&&this.onclose("io client disconnect"),this}close(){return this.disconnect()}compress(e){return this.flags.compress=e,this}get volatile(){return this.flags.volatile=!0,this}timeout(e){return this.flags.timeout=e,this}onAny(e){return this._anyListeners=this._anyListeners||[],this._anyListeners.push(e),this}prependAny(e){return this._anyListeners=this._anyListeners||[],this._anyListeners.unshift(e),this}offAny(e){if(!this._anyListeners)return this;if(e){let t=this._anyListeners;for(let i=0;i<t.length;i++)if(e===t[i])return t.splice(i,1),this}else this._anyListeners=[];return this}listenersAny(){return this._anyListeners||[]}onAnyOutgoing(e){return this._anyOutgoingListeners=this._anyOutgoingListeners||[],this._anyOutgoingListeners.push(e),this}prependAnyOutgoing(e){return this._anyOutgoingListeners=this._anyOutgoingListeners||[],this._anyOutgoingListeners.unshift(e),this}offAnyOutgoing(e){if(!this._anyOutgoingListeners)return this;if(e){let t=this._anyOutgoingListeners;for(let i=0;i<t.length;i++)if(e===t[i])return t.splice(i,1),this}else this._anyOutgoingListeners=[];return this}listenersAnyOutgoing(){return this._anyOutgoingListeners||[]}notifyOutgoingListeners(e){if(this._anyOutgoingListeners&&this._anyOutgoingListeners.length){let t=this._anyOutgoingListeners.slice();for(let i of t)i.apply(this,e.data)}}};function R(s){s=s||{},this.ms=s.min||100,this.max=s.max||1e4,this.factor=s.factor||2,this.jitter=s.jitter>0&&s.jitter<=1?s.jitter:0,this.attempts=0}R.prototype.duration=function(){var s=this.ms*Math.pow(this.factor,this.attempts++);if(this.jitter){var e=Math.random(),t=Math.floor(e*this.jitter*s);s=(Math.floor(e*10)&1)==0?s-t:s+t}return Math.min(s,this.max)|0};R.prototype.reset=function(){this.attempts=0};R.prototype.setMin=function(s){this.ms=s};R.prototype.setMax=function(s){this.max=s};R.prototype.setJitter=function(s){this.jitter=s};var P=class extends p{constructor(e,t){var i;super(),this.nsps={},this.subs=[],e&&typeof e=="object"&&(t=e,e=void 0),t=t||{},t.path=t.path||"/socket.io",this.opts=t,v(this,t),this.reconnection(t.reconnection!==!1),this.reconnectionAttempts(t.reconnectionAttempts||1/0),this.reconnectionDelay(t.reconnectionDelay||1e3),this.reconnectionDelayMax(t.reconnectionDelayMax||5e3),this.randomizationFactor((i=t.randomizationFactor)!==null&&i!==void 0?i:.5),this.backoff=new R({min:this.reconnectionDelay(),max:this.reconnectionDelayMax(),jitter:this.randomizationFactor()}),this.timeout(t.timeout==null?2e4:t.timeout),this._readyState="closed",this.uri=e;let r=t.parser||de;this.encoder=new r.Encoder,this.decoder=new r.Decoder,this._autoConnect=t.autoConnect!==!1,this._autoConnect&&this.open()}reconnection(e){return arguments.length?(this._reconnection=!!e,e||(this.skipReconnect=!0),this):this._reconnection}reconnectionAttempts(e){return e===void 0?this._reconnectionAttempts:(this._reconnectionAttempts=e,this)}reconnectionDelay(e){var t;return e===void 0?this._reconnectionDelay:(this._reconnectionDelay=e,(t=this.backoff)===null||t===void 0||t.setMin(e),this)}randomizationFactor(e){var t;return e===void 0?this._randomizationFactor:(this._randomizationFactor=e,(t=this.backoff)===null||t===void 0||t.setJitter(e),this)}reconnectionDelayMax(e){var t;return e===void 0?this._reconnectionDelayMax:(this._reconnectionDelayMax=e,(t=this.backoff)===null||t===void 0||t.setMax(e),this)}timeout(e){return arguments.length?(this._timeout=e,this):this._timeout}maybeReconnectOnOpen(){!this._reconnecting&&this._reconnection&&this.backoff.attempts===0&&this.reconnect()}open(e){if(~this._readyState.indexOf("open"))return this;this.engine=new C(this.uri,this.opts);let t=this.engine,i=this;this._readyState="opening",this.skipReconnect=!1;let r=y(t,"open",function(){i.onopen(),e&&e()}),n=c=>{this.cleanup(),this._readyState="closed",this.emitReserved("error",c),e?e(c):this.maybeReconnectOnOpen()},o=y(t,"error",n);if(this._timeout!==!1){let c=this._timeout,a=this.setTimeoutFn(()=>{r(),n(new Error("timeout")),t.close()},c);this.opts.autoUnref&&a.unref(),this.subs.push(()=>{this.clearTimeoutFn(a)})}return this.subs.push(r),this.subs.push(o),this}connect(e){return this.open(e)}onopen(){this.cleanup(),this._readyState="open",this.emitReserved("open");let e=this.engine;this.subs.push(y(e,"ping",this.onping.bind(this)),y(e,"data",this.ondata.bind(this)),y(e,"error",this.onerror.bind(this)),y(e,"close",this.onclose.bind(this)),y(this.decoder,"decoded",this.ondecoded.bind(this)))}onping(){this.emitReserved("ping")}ondata(e){try{this.decoder.add(e)}catch(t){this.onclose("parse error",t)}}ondecoded(e){w(()=>{this.emitReserved("packet",e)},this.setTimeoutFn)}onerror(e){this.emitReserved("error",e)}socket(e,t){let i=this.nsps[e];return i?this._autoConnect&&!i.active&&i.connect():(i=new B(this,e,t),this.nsps[e]=i),i}_destroy(e){let t=Object.keys(this.nsps);for(let i of t)if(this.nsps[i].active)return;this._close()}_packet(e){let t=this.encoder.encode(e);for(let i=0;i<t.length;i++)this.engine.write(t[i],e.options)}cleanup(){this.subs.forEach(e=>e()),this.subs.length=0,this.decoder.destroy()}_close(){this.skipReconnect=!0,this._reconnecting=!1,this.onclose("forced close")}disconnect(){return this._close()}onclose(e,t){var i;this.cleanup(),(i=this.engine)===null||i===void 0||i.close(),this.backoff.reset(),this._readyState="closed",this.emitReserved("close",e,t),this._reconnection&&!this.skipReconnect&&this.reconnect()}reconnect(){if(this._reconnecting||this.skipReconnect)return this;let e=this;if(this.backoff.attempts>=this._reconnectionAttempts)this.backoff.reset(),this.emitReserved("reconnect_failed"),this._reconnecting=!1;else{let t=this.backoff.duration();this._reconnecting=!0;let i=this.setTimeoutFn(()=>{e.skipReconnect||(this.emitReserved("reconnect_attempt",e.backoff.attempts),!e.skipReconnect&&e.open(r=>{r?(e._reconnecting=!1,e.reconnect(),this.emitReserved("reconnect_error",r)):e.onreconnect()}))},t);this.opts.autoUnref&&i.unref(),this.subs.push(()=>{this.clearTimeoutFn(i)})}}onreconnect(){let e=this.backoff.attempts;this._reconnecting=!1,this.backoff.reset(),this.emitReserved("reconnect",e)}};var W={};function z(s,e){typeof s=="object"&&(e=s,s=void 0),e=e||{};let t=He(s,e.path||"/socket.io"),i=t.source,r=t.id,n=t.path,o=W[r]&&n in W[r].nsps,c=e.forceNew||e["force new connection"]||e.multiplex===!1||o,a;return c?a=new P(i,e):(W[r]||(W[r]=new P(i,e)),a=W[r]),t.query&&!e.query&&(e.query=t.queryKey),a.socket(t.path,e)}Object.assign(z,{Manager:P,Socket:B,io:z,connect:z});var Ye=`/* Inside the widget's shadow root. Colors: --tms-primary comes from the config; --tms-on-primary is
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
  position: relative; /* messages' offsetTop is measured from here (a long reply is shown from its start) */
  flex: 1;
  margin: 0;
  padding: 12px;
  overflow-y: auto;
  list-style: none;
}

/* A pre-screen question: "Question 5 of 35" above it, the PHQ-9 lead-in set apart from the item. */
.progress {
  margin: 0 0 2px;
  color: #3c4043;
  font-size: 12px;
  font-weight: 600;
}

.bubble .lead {
  color: #3c4043;
}

.bubble .item {
  font-weight: 600;
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

/* Skip: offered only where the questionnaire allows it, quieter than the answers. */
.choice.skip {
  border-style: dashed;
  border-color: #5f6368;
  color: #3c4043;
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
`;var Rt=250,Je=400,Ot=300,Nt=1e4,Lt=4e3,Xe="Automated assistant, not a clinician. Not monitored live.",Qe="Type your question",Bt=8,je=200,Pt="#0b5c57",It=/https?:\/\/[^\s<>"']+/gi,qt=/(?:\+?1[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b/,Mt=/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/,Ut=/[.,;:!?)\]}'"]+$/;function E(s){try{return window[s]}catch{return null}}function me(s,e){try{return s?s.getItem(e):null}catch{return null}}function I(s,e,t){try{s&&t===null?s.removeItem(e):s&&t!==null&&s.setItem(e,t)}catch{}}function Dt(){let s=new Uint8Array(16);return crypto.getRandomValues(s),Array.from(s,e=>e.toString(16).padStart(2,"0")).join("")}function Ht(s){let e=s.length===4?s.slice(1).replace(/./g,"$&$&"):s.slice(1),[t,i,r]=[0,2,4].map(n=>{let o=parseInt(e.slice(n,n+2),16)/255;return o<=.03928?o/12.92:Math.pow((o+.055)/1.055,2.4)});return .2126*t+.7152*i+.0722*r}function Ft(s){let e=Ht(s);return 1.05/(e+.05)>=(e+.05)/.05?"#ffffff":"#000000"}function Vt(s){return s&&/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(s.trim())?s.trim():Pt}function $t(s){try{let e=new URL(s);return e.protocol==="http:"||e.protocol==="https:"?e.href:null}catch{return null}}function Ge(s,e,t=[]){var o;let i=t.filter(c=>/^\d{3,6}$/.test(c)),r=new RegExp(`(${It.source})|(${Mt.source})|(${qt.source})`+(i.length?`|\\b(${i.join("|")})\\b`:""),"gi"),n=0;for(let c of e.matchAll(r)){let a=(o=c.index)!=null?o:0,u,f=c[0];if(c[1]){f=f.replace(Ut,"");let d=$t(f);if(!d)continue;u=l("a",{href:d,target:"_blank",rel:"noopener noreferrer"},f)}else c[2]?u=l("a",{href:`mailto:${f}`},f):u=l("a",{href:`tel:${it(f)}`},f);s.append(document.createTextNode(e.slice(n,a)),u),n=a+f.length}s.append(document.createTextNode(e.slice(n)))}function Ze(s){if(typeof s!="object"||s===null)return;let e=s;if(typeof e.number!="number"||typeof e.total!="number")return;let t=i=>typeof e[i]=="string"?e[i]:void 0;return{number:e.number,total:e.total,placeholder:t("placeholder"),skip:t("skip"),lead:t("lead")}}function it(s){return s.replace(/[^\d+]/g,"")}function Wt(s,e){let t=l("div",{class:"crisis-actions",role:"group","aria-label":e});for(let i of s){if(typeof i.href!="string"||!/^(tel:|sms:|https:)/.test(i.href))continue;let r=l("a",{class:"action",href:i.href},i.label);i.href.startsWith("https:")&&(r.target="_blank",r.rel="noopener noreferrer"),t.append(r)}return t}function l(s,e={},t){let i=document.createElement(s);for(let[r,n]of Object.entries(e))i.setAttribute(r,n);return t!==void 0&&(i.textContent=t),i}var ge=class{constructor(e){this.config=e;this.socket=null;this.confirmed=!1;this.pending=[];this.greeted=!1;this.loaded=Promise.resolve();this.staffHere=!1;var k,O;this.serverUrl=(e.serverUrl||window.location.origin).replace(/\/+$/,"");let t=`tms-assistant:${this.serverUrl}:`;this.keys={session:t+"session",transcript:t+"transcript",open:t+"open"};let i=me(E("localStorage"),this.keys.session);this.sessionId=i||Dt(),I(E("localStorage"),this.keys.session,this.sessionId),this.entries=this.loadTranscript();let r=e.clinicName||"Our clinic",n=Vt((k=e.colors)==null?void 0:k.primary),o=l("div",{"data-tms-assistant":""});o.style.setProperty("--tms-primary",n),o.style.setProperty("--tms-on-primary",Ft(n));let c=o.attachShadow({mode:"open"});c.append(l("style",{},Ye)),this.launcher=l("button",{type:"button",class:"launcher","aria-expanded":"false","aria-controls":"panel"},`Chat with ${r}`),this.panel=l("section",{id:"panel",class:"panel",role:"dialog","aria-modal":"false","aria-labelledby":"title"}),this.panel.hidden=!0;let a=l("div",{class:"header"}),u=l("button",{type:"button",class:"close","aria-label":"Close chat"},"\xD7");a.append(l("h2",{id:"title"},`${r} assistant`),u);let f=l("p",{class:"crisis"}),d=(O=e.hotlines)==null?void 0:O.lifeline;d?f.append("In crisis? Call or text ",l("a",{href:`tel:${it(d)}`},d)," any time."):f.hidden=!0;let b=l("p",{class:"note","data-role":"who-answers"},Xe);this.note=b,this.log=l("ol",{class:"log","aria-label":"Conversation"}),this.status=l("p",{class:"status",role:"status"}),this.typing=l("p",{class:"typing"},"Assistant is typing"),this.typing.append(l("span",{class:"dots","aria-hidden":"true"},"\u2026")),this.typing.hidden=!0;let g=l("form",{class:"composer"});this.input=l("input",{id:"message",type:"text",autocomplete:"off",maxlength:"1000",placeholder:Qe}),g.append(l("label",{for:"message",class:"visually-hidden"},"Message"),this.input,l("button",{type:"submit",class:"send"},"Send")),this.panel.append(a,f,b,this.log,this.typing,this.status,g),this.live=l("div",{class:"visually-hidden","aria-live":"polite","data-role":"announcements"}),c.append(this.panel,this.launcher,this.live),document.body.append(o),this.launcher.addEventListener("click",()=>this.panel.hidden?this.open():this.close()),u.addEventListener("click",()=>this.close()),this.panel.addEventListener("keydown",ee=>{ee.key==="Escape"&&this.close()}),g.addEventListener("submit",ee=>{ee.preventDefault();let te=this.input.value.trim();te&&(this.input.value="",this.send(te,te))}),this.renderAll(),i&&(this.loaded=this.sync()),me(E("sessionStorage"),this.keys.open)==="1"?this.open(!1):i&&this.connect()}async sync(e=0){let t=(this.config.historyUrl||window.location.origin).replace(/\/+$/,""),i=!this.panel.hidden&&document.visibilityState==="visible";try{let r=await fetch(`${t}/chat/history?session=${this.sessionId}&seen=${i?1:0}`,{credentials:"omit",headers:{Accept:"application/json"}});if(!r.ok)return;let n=await r.json();this.showWhoAnswers(n.staff||null);let o=(n.messages||[]).filter(a=>a&&typeof a.text=="string").map(a=>({from:a.sender==="staff"||a.sender==="user"||a.sender==="notice"?a.sender:"bot",text:a.text,staff:a.staff||void 0,choices:a.choices&&a.choices.length?a.choices:void 0,crisis:a.crisis||void 0,at:typeof a.at=="number"?a.at*1e3:void 0,prescreen:Ze(a.prescreen)}));if(o.length===0||this.same(o))return;if(o.length<this.entries.length){e<Bt&&this.scheduleSync(e+1);return}let c=this.entries.length;this.entries=o.slice(-je),I(E("sessionStorage"),this.keys.transcript,JSON.stringify(this.entries)),this.renderAll(),o.slice(c).filter(a=>a.from==="notice"||a.from==="staff").forEach(a=>this.announce(a))}catch{}}showWhoAnswers(e){this.note.textContent=e?`A team member is here: ${e} from the clinic.`:Xe,this.note.classList.toggle("staff-here",e!==null),this.staffHere=e!==null}announce(e){let t=e.from==="staff"?`${e.staff||"Clinic team"}, clinic team: `:"";this.flushSaid(),this.say(t+e.text)}say(e){var t;for(this.live.append(l("p",{},e));this.live.childElementCount>3;)(t=this.live.firstElementChild)==null||t.remove()}sayLater(e,t){this.flushSaid(),this.pendingSaid={who:e,text:t,timer:window.setTimeout(()=>this.flushSaid(),Rt)}}flushSaid(e=""){let t=this.pendingSaid;if(!t){e&&this.say(e);return}window.clearTimeout(t.timer),this.pendingSaid=void 0,this.say(`${t.who}${e?`${e}. `:""}${t.text}`)}showTyping(e){window.clearTimeout(this.typingTimer),this.typing.hidden=!e,e&&(this.typingTimer=window.setTimeout(()=>this.typing.hidden=!0,Nt))}same(e){return e.length===this.entries.length&&e.every((t,i)=>t.from===this.entries[i].from&&t.text===this.entries[i].text&&(t.crisis||"")===(this.entries[i].crisis||""))}scheduleSync(e=0){window.clearTimeout(this.syncTimer),this.syncTimer=window.setTimeout(()=>{this.sync(e)},e===0?Je:Ot)}renderAll(){this.log.replaceChildren(),this.entries.forEach((e,t)=>this.render(e,t===this.entries.length-1)),this.reveal(),this.fitPlaceholder()}fitPlaceholder(){var t;let e=[...this.entries].reverse().find(i=>i.from==="bot"||i.from==="staff");this.input.placeholder=((t=e==null?void 0:e.prescreen)==null?void 0:t.placeholder)||Qe}open(e=!0){this.panel.hidden=!1,this.launcher.setAttribute("aria-expanded","true"),this.launcher.classList.remove("unread"),I(E("sessionStorage"),this.keys.open,"1"),this.connect(),this.loaded.then(()=>{this.entries.length===0&&!this.greeted&&this.config.initPayload!==""&&(this.greeted=!0,this.emit(this.config.initPayload||"/greet"))}),this.scheduleSync(),window.clearInterval(this.pollTimer),this.pollTimer=window.setInterval(()=>{document.visibilityState==="visible"&&this.sync()},Lt),this.reveal(),e&&this.input.focus()}close(){this.panel.hidden||(this.panel.hidden=!0,window.clearInterval(this.pollTimer),this.launcher.setAttribute("aria-expanded","false"),I(E("sessionStorage"),this.keys.open,"0"),this.launcher.focus())}connect(){if(this.socket)return;let e=z(this.serverUrl,{path:this.config.socketPath||"/socket.io",query:{lb:this.sessionId},transports:["websocket","polling"],tryAllTransports:!0});e.on("connect",()=>{this.status.textContent="",e.emit("session_request",{session_id:this.sessionId})}),e.on("session_confirm",()=>{this.confirmed=!0,this.pending.splice(0).forEach(t=>this.emit(t))}),e.on("disconnect",()=>{this.confirmed=!1}),e.on("connect_error",()=>{var i;let t=(i=this.config.hotlines)==null?void 0:i.lifeline;this.status.textContent="Can't reach the assistant; trying again."+(t?` In crisis? Call or text ${t}.`:"")}),e.on("bot_uttered",t=>this.receive(t)),this.socket=e}emit(e){var t;this.connect(),this.confirmed&&((t=this.socket)!=null&&t.connected)?this.socket.emit("user_uttered",{message:e,session_id:this.sessionId}):this.pending.push(e)}send(e,t){this.entries.forEach(i=>delete i.choices),this.log.querySelectorAll(".choices").forEach(i=>i.remove()),this.add({from:"user",text:t,at:Date.now()}),this.emit(e),this.staffHere||this.showTyping(!0)}receive(e){var o;let t=Ze(e.prescreen);if(t)return this.markQuestion(t);let i=(e.quick_replies||e.buttons||[]).filter(c=>c&&typeof c.title=="string"&&typeof c.payload=="string"),r=typeof e.text=="string"?e.text:"";if(!r&&i.length===0)return;this.showTyping(!1),this.add({from:"bot",text:r,choices:i.length?i:void 0,at:Date.now()}),this.sayLater(`${this.config.clinicName||"Clinic"} assistant: `,r),this.panel.hidden&&this.launcher.classList.add("unread");let n=(o=this.config.hotlines)==null?void 0:o.lifeline;window.clearTimeout(this.syncTimer),this.syncTimer=window.setTimeout(()=>{this.sync()},n&&r.includes(n)?50:Je)}markQuestion(e){var i;let t=this.entries[this.entries.length-1];!t||t.from!=="bot"||(t.prescreen=e,this.flushSaid(et(e)),I(E("sessionStorage"),this.keys.transcript,JSON.stringify(this.entries)),(i=this.log.lastElementChild)==null||i.remove(),this.render(t,!0),this.reveal(),this.fitPlaceholder())}add(e){this.entries.push(e),this.entries=this.entries.slice(-je),I(E("sessionStorage"),this.keys.transcript,JSON.stringify(this.entries)),this.render(e,!0),this.reveal(),this.fitPlaceholder()}render(e,t){var f,d,b;let i=l("li",{class:`message ${e.from}`});if(e.from==="notice"){i.append(l("p",{class:"notice-text"},e.text)),this.log.append(i);return}if(e.from==="staff"){let g=e.staff?`${e.staff}, clinic team`:"Clinic team";i.append(l("p",{class:"sender"},g),l("span",{class:"visually-hidden"},": "))}else i.append(l("span",{class:"visually-hidden"},e.from==="bot"?"Assistant: ":"You: "));let r=e.from==="bot"?e.prescreen:void 0;r&&i.append(l("p",{class:"progress"},et(r)));let n=l("p",{class:"bubble"}),o=this.config.hotlines,c=e.text;if(r!=null&&r.lead&&c.startsWith(r.lead)){n.append(l("span",{class:"lead"},r.lead),`
`),c=c.slice(r.lead.length).replace(/^\s+/,"");let g=l("strong",{class:"item"});Ge(g,c),n.append(g)}else e.from!=="user"?Ge(n,c,o?[o.lifeline,o.emergency]:[]):n.textContent=c;e.text&&i.append(n);let a=e.crisis?(d=(f=this.config.hotlines)==null?void 0:f.actions)==null?void 0:d[e.crisis]:void 0;if(a!=null&&a.length&&i.append(Wt(a,e.crisis==="es"?"Ayuda en crisis":"Crisis help")),e.at){let g=new Date(e.at);i.append(l("time",{class:"stamp",datetime:g.toISOString()},g.toLocaleTimeString([],{hour:"numeric",minute:"2-digit"})))}let u=r!=null&&r.skip?[{title:"Skip",payload:r.skip}]:[];if(t&&((b=e.choices)!=null&&b.length||u.length)){let g=l("div",{class:"choices",role:"group","aria-label":"Suggested replies"});for(let k of[...e.choices||[],...u]){let O=l("button",{type:"button",class:k===u[0]?"choice skip":"choice"},k.title);k===u[0]&&O.setAttribute("aria-label","Skip this question"),O.addEventListener("click",()=>{this.send(k.payload,k.title),this.input.focus()}),g.append(O)}i.append(g)}this.log.append(i)}reveal(){let e=Array.from(this.log.children),t=e.length;for(;t>0&&!e[t-1].classList.contains("user");)t--;let i=e[t],r=i?this.log.scrollHeight-i.offsetTop:0;this.log.scrollTop=i&&r>this.log.clientHeight?i.offsetTop-8:this.log.scrollHeight}loadTranscript(){try{let e=JSON.parse(me(E("sessionStorage"),this.keys.transcript)||"[]");return Array.isArray(e)?e.filter(t=>t&&["user","bot","staff","notice"].includes(t.from)&&typeof t.text=="string"):[]}catch{return[]}}};function et(s){return`Question ${s.number} of ${s.total}`}function tt(){if(window.TMSAssistant)return;let s=new ge(window.TMSAssistantConfig||{});window.TMSAssistant={open:()=>s.open(),close:()=>s.close()},document.querySelectorAll("[data-tms-open]").forEach(e=>e.addEventListener("click",t=>{t.preventDefault(),s.open()}))}document.readyState==="loading"?document.addEventListener("DOMContentLoaded",tt):tt();})();
