// The status of a campaign ("On now", "Starts on …", "Ended on …") for the reader's own day.
// The build writes the status for its own date, with the period and the three phrases in data-*
// attributes (scripts/pages/status.py); without JavaScript the build's status stays. An activity row
// carries its occurrences (data-spans="start/end …"): its "on now" mark shows on its own days only.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var now = new Date();
  var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());

  var statuses = document.querySelectorAll("[data-status]");
  for (var i = 0; i < statuses.length; i++) {
    var el = statuses[i];
    var state = day < el.getAttribute("data-start") ? "soon" : day > el.getAttribute("data-end") ? "ended" : "now";
    var label = el.getAttribute("data-label-" + state);
    if (label && el.textContent !== label) {
      el.textContent = label;
      el.className = el.className.replace(/\bstatus--\w+/, "status--" + state);
    }
  }

  var rows = document.querySelectorAll("[data-spans]");
  for (var j = 0; j < rows.length; j++) {
    var spans = rows[j].getAttribute("data-spans").split(" ");
    var on = false;
    for (var k = 0; k < spans.length && !on; k++) {
      var ends = spans[k].split("/");
      on = ends[0] <= day && day <= ends[1];
    }
    var mark = rows[j].querySelector(".status-mark");
    if (mark) { mark.hidden = !on; }
  }

  // A link to an activity the campaign page does not show (#activity-N, as the page had every
  // activity until 2026) leads on to the plan page, which has them all.
  var plan = document.querySelector(".plan-all a");
  var hash = window.location.hash;
  if (plan && /^#activity-\d+$/.test(hash) && !document.getElementById(hash.slice(1))) {
    window.location.replace(plan.getAttribute("href") + hash);
  }
})();
