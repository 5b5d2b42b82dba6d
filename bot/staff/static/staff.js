// Staff console: live counts over server-sent events (no PHI in them), the queue refreshed in place when
// they change, and for a new P1/P2 escalation a sound, a browser notification (if allowed), a count in
// the tab title and a highlighted row until it is opened. An open conversation page is told that new
// messages arrived.
(function () {
  "use strict";
  var POLL_MS = 5000;
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

  /** Replaces the queue's rows, count and pager with a fresh copy of this page. */
  function refreshQueue() {
    return fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      ["queue-body", "queue-count"].forEach(function (id) {
        var mine = document.getElementById(id);
        var theirs = fresh.getElementById(id);
        if (mine && theirs) { mine.replaceWith(document.importNode(theirs, true)); }
      });
      highlight();
    });
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

  /** "12 min ago" keeps counting on an open queue (the same wording as the server's). */
  function refreshAges() {
    document.querySelectorAll("#queue time[datetime]").forEach(function (node) {
      var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(node.getAttribute("datetime"))) / 1000));
      if (isNaN(seconds)) { return; }
      var minutes = Math.floor(seconds / 60), hours = Math.floor(seconds / 3600), days = Math.floor(seconds / 86400);
      node.textContent = seconds < 60 ? "just now" : days ? days + " d ago"
        : hours ? hours + " h " + (minutes % 60) + " min ago" : minutes + " min ago";
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
    window.setInterval(pollTranscript, POLL_MS);
    window.setInterval(refreshAges, 30000);
  });
})();
