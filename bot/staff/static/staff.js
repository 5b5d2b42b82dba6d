// Staff console: live counts over server-sent events (no PHI in them), the queue refreshed in place when
// they change, and for a new P1/P2 escalation a sound, a browser notification (if allowed), a count in
// the tab title and a highlighted row until it is opened. An open conversation page has its own stream
// (message count, reply states) and fetches its transcript again when they change; "5 min ago" keeps
// counting; canned replies fill the reply box; tapping "Call" is logged. The pre-screens list and each
// pre-screen page have streams of their own (counts, codes) and swap in a fresh copy when they change.
(function () {
  "use strict";
  var POLL_MS = 5000;
  var AGES_MS = 15000;
  var OPENED_KEY = "tms-staff:opened";
  var baseTitle = document.title;
  var known = null;  // the last counts seen: {new, latest_id, urgent_new}

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.status === 401) { window.location.assign("/staff/login"); throw new Error("signed out"); }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function opened() {
    try { return JSON.parse(window.localStorage.getItem(OPENED_KEY) || "[]"); } catch (e) { return []; }
  }

  function markOpened(id) {
    var ids = opened().filter(function (x) { return x !== id; }).concat([id]).slice(-500);
    try { window.localStorage.setItem(OPENED_KEY, JSON.stringify(ids)); } catch (e) { /* private mode */ }
  }

  /** New P1/P2 rows nobody opened in this browser stay highlighted. */
  function highlight() {
    var seen = opened();
    document.querySelectorAll(".escalation-row").forEach(function (row) {
      var fresh = row.dataset.status === "new" && Number(row.dataset.priority) <= 2 && seen.indexOf(row.dataset.id) < 0;
      row.classList.toggle("fresh", fresh);
      var link = row.querySelector("a.open");
      if (link && !link.dataset.marked) {
        link.dataset.marked = "1";
        link.addEventListener("click", function () { markOpened(row.dataset.id); });
      }
    });
  }

  function beep() {
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      var audio = new Audio();
      [0, 0.25].forEach(function (start) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.value = 0.2;
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.15);
      });
    } catch (e) { /* no audio: the title and the notification still tell */ }
  }

  function notify(count) {
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    // No PHI: what it is and where to look, nothing about the person.
    new Notification("New crisis escalation", { body: count + " urgent (P1/P2) waiting in the staff console.", tag: "tms-crisis" });
  }

  function showTitle(state) {
    document.title = (state.urgent_new > 0 ? "(" + state.urgent_new + ") " : "") + baseTitle;
    var badge = document.getElementById("new-count");
    if (badge) {
      badge.textContent = String(state["new"]);
      badge.hidden = state["new"] === 0;
    }
  }

  /** Replaces the elements with these ids by their copies in a fresh fetch of `url` (a page of the console). */
  function swapFrom(url, ids) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      ids.forEach(function (id) {
        var mine = document.getElementById(id);
        var theirs = fresh.getElementById(id);
        if (mine && theirs) { mine.replaceWith(document.importNode(theirs, true)); }
      });
    });
  }

  /** Replaces the queue's rows and count with a fresh copy of this page. */
  function refreshQueue() {
    return swapFrom(window.location.href, ["queue-body", "queue-count"]).then(highlight).catch(function () { /* the next change tries again */ });
  }

  function update(state) {
    var before = known;
    known = state;
    showTitle(state);
    if (before === null) { return; }
    var arrived = state.latest_id > before.latest_id;
    if (arrived && state.urgent_new > before.urgent_new) {
      beep();
      notify(state.urgent_new);
    }
    if (document.getElementById("queue") && (arrived || state["new"] !== before["new"])) { refreshQueue(); }
  }

  function listen() {
    if (!window.EventSource) {
      window.setInterval(function () { getJson("/staff/api/queue-count").then(update).catch(function () {}); }, POLL_MS);
      return;
    }
    var source = new EventSource("/staff/api/queue-events");
    source.onmessage = function (event) { update(JSON.parse(event.data)); };
  }

  function pollTranscript() {
    var list = document.getElementById("transcript");
    var banner = document.getElementById("new-messages");
    if (!list || !banner || !list.dataset.countUrl) { return; }
    getJson(list.dataset.countUrl).then(function (data) {
      if (data.turns !== null && data.turns > Number(list.dataset.turns)) { banner.hidden = false; }
    }).catch(function () { /* the next poll tries again */ });
  }

  function nearBottom(list) {
    return !list || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  /** Fetches the transcript and reply states again and swaps them in, keeping the newest in view. */
  function refreshConversation(url) {
    var before = document.getElementById("transcript");
    var follow = nearBottom(before);
    var count = before ? Number(before.dataset.turns) : 0;
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
      ["transcript-box", "replies-box"].forEach(function (id) {
        var mine = document.getElementById(id);
        var theirs = fresh.getElementById(id);
        if (mine && theirs) { mine.replaceWith(document.importNode(theirs, true)); }
      });
      var list = document.getElementById("transcript");
      if (list && follow) { list.scrollTop = list.scrollHeight; }
      var added = list ? Number(list.dataset.turns) - count : 0;
      var status = document.getElementById("live-status");
      if (status && added > 0) { status.textContent = added === 1 ? "1 new message" : added + " new messages"; }
      refreshAges();
    });
  }

  /** The conversation page's own stream: message count and reply states; a change fetches them again. */
  function listenConversation() {
    var list = document.getElementById("transcript");
    if (!list) { return false; }
    if (list.dataset.live !== "on" || !window.EventSource) {
      window.setInterval(pollTranscript, POLL_MS);  // a revealed page is not re-fetched masked: it says so
      return true;
    }
    var source = new EventSource(list.dataset.eventsUrl);
    var busy = false;
    source.onmessage = function (event) {
      var state = JSON.parse(event.data);
      var shown = document.getElementById("transcript");
      var replies = document.getElementById("replies-box");
      var changed = (state.turns !== null && shown && state.turns !== Number(shown.dataset.turns))
        || (replies && state.replies !== replies.dataset.states);
      if (!changed || busy) { return; }
      busy = true;
      refreshConversation(list.dataset.liveUrl).catch(function () {
        var banner = document.getElementById("new-messages");
        if (banner) { banner.hidden = false; }
      }).then(function () { busy = false; });
    };
    return true;
  }

  function rowIds() {
    return Array.prototype.map.call(document.querySelectorAll("#prescreens-body tr[data-id]"), function (row) { return row.dataset.id; });
  }

  /** A page with a stream of its own (counts and codes, no PHI; `holder` names the stream and the page's
   * live copy): when they change, the page is fetched again (an audited view) and the `ids` swapped in.
   * `before()` runs ahead of each swap, `after(its result)` once it is done. */
  function liveSwap(holder, ids, before, after) {
    if (!holder || !holder.dataset.eventsUrl || holder.dataset.live === "off" || !window.EventSource) { return; }
    var liveUrl = holder.dataset.liveUrl + window.location.search;
    var last = null, busy = false, again = false;
    function refresh() {
      busy = true;
      again = false;
      var context = before();
      swapFrom(liveUrl, ids).then(function () {
        after(context);
        refreshAges();
      }).catch(function () { /* the next change tries again */ }).then(function () {
        busy = false;
        if (again) { refresh(); }
      });
    }
    new EventSource(holder.dataset.eventsUrl).onmessage = function (event) {
      var previous = last;
      last = event.data;
      if (previous === null || previous === last) { return; }
      if (busy) { again = true; } else { refresh(); }
    };
  }

  function say(id, text) {
    var status = document.getElementById(id);
    if (status) { status.textContent = text; }
  }

  /** The pre-screens list: a pre-screen started, finished or followed up shows at once; new rows are marked. */
  function listenPrescreens() {
    liveSwap(document.getElementById("prescreens"), ["prescreens-body", "prescreens-count", "prescreens-pager"], rowIds, function (shown) {
      var added = 0;
      document.querySelectorAll("#prescreens-body tr[data-id]").forEach(function (row) {
        if (shown.indexOf(row.dataset.id) < 0) { row.classList.add("fresh"); added += 1; }
      });
      say("prescreens-live", added === 1 ? "1 new pre-screen" : added > 1 ? added + " new pre-screens" : "Pre-screens updated");
    });
  }

  /** One pre-screen: new answers, the outcome and the status as they come (a revealed page stays as it is). */
  function listenPrescreen() {
    var ids = ["prescreen-title", "seizure-box", "prescreen-facts", "reasons-box", "contact-box", "answers-box"];
    liveSwap(document.getElementById("prescreen-updates"), ids, function () { return null; }, function () {
      say("prescreen-live", "Pre-screen updated");
    });
  }

  function ageText(seconds) {
    var minutes = Math.floor(seconds / 60), hours = Math.floor(seconds / 3600), days = Math.floor(seconds / 86400);
    return seconds < 60 ? "just now" : days ? days + " d ago" : hours ? hours + " h " + (minutes % 60) + " min ago" : minutes + " min ago";
  }

  /** "12 min ago" keeps counting on every open page (the same wording as the server's). */
  function refreshAges() {
    document.querySelectorAll("[data-since]").forEach(function (node) {
      var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(node.getAttribute("data-since"))) / 1000));
      if (!isNaN(seconds)) { node.textContent = ageText(seconds); }
    });
  }

  /** A canned reply fills the reply box; staff edit and send it themselves. */
  function cannedReplies() {
    var box = document.getElementById("reply-text");
    document.querySelectorAll("button[data-canned]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!box) { return; }
        box.value = button.dataset.text;
        box.focus();
        box.setSelectionRange(box.value.length, box.value.length);
      });
    });
  }

  /** Tapping "Call" (a tel: link the server never sees) is logged before the phone app opens. */
  function auditedCalls() {
    var token = document.querySelector("input[name=csrf_token]");
    document.querySelectorAll("a[data-audit]").forEach(function (link) {
      link.addEventListener("click", function () {
        var form = new FormData();
        form.append("csrf_token", token ? token.value : "");
        fetch(link.dataset.audit, { method: "POST", body: form, credentials: "same-origin", keepalive: true })
          .catch(function () { /* the reveal that showed the number is logged already */ });
      });
    });
  }

  function offerAlerts() {
    var button = document.getElementById("enable-alerts");
    if (!button || !("Notification" in window) || Notification.permission !== "default") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function () { button.hidden = true; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("new-count")) { return; }  // not signed in
    var page = window.location.pathname.match(/^\/staff\/escalations\/(\d+)$/);
    if (page) { markOpened(page[1]); }
    var chat = document.getElementById("transcript");
    if (chat) { chat.scrollTop = chat.scrollHeight; }  // newest next to the reply box
    highlight();
    offerAlerts();
    listen();
    listenConversation();
    listenPrescreens();
    listenPrescreen();
    cannedReplies();
    auditedCalls();
    window.setInterval(refreshAges, AGES_MS);
  });
})();
