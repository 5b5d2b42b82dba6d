// Staff console: keeps the "new escalations" badge current, refreshes the queue when it changes,
// and tells an open conversation page that new messages arrived. Polls counts only (no PHI).
(function () {
  "use strict";
  var POLL_MS = 5000;

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.status === 401) { window.location.assign("/staff/login"); throw new Error("signed out"); }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function pollQueue() {
    var badge = document.getElementById("new-count");
    if (!badge) { return; }
    var queue = document.getElementById("queue");
    getJson("/staff/api/queue-count").then(function (data) {
      badge.textContent = String(data["new"]);
      badge.hidden = data["new"] === 0;
      if (queue && (String(data.latest_id) !== queue.dataset.latestId || String(data["new"]) !== queue.dataset.newCount)) {
        window.location.reload();
      }
    }).catch(function () { /* the next poll tries again */ });
  }

  function pollTranscript() {
    var list = document.getElementById("transcript");
    var banner = document.getElementById("new-messages");
    if (!list || !banner || !list.dataset.countUrl) { return; }
    getJson(list.dataset.countUrl).then(function (data) {
      if (data.turns !== null && data.turns > Number(list.dataset.turns)) { banner.hidden = false; }
    }).catch(function () { /* the next poll tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("new-count")) { return; }  // not signed in
    window.setInterval(function () { pollQueue(); pollTranscript(); }, POLL_MS);
  });
})();
