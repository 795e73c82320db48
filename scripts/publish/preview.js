/* The live preview's script (scripts/publish/preview.py adds it to the pages it serves; never part
   of the published site). It listens to the preview's events: a new version of the site
   reloads the page; problems in the sources show as a banner at the top of the page, in the
   page's language, each as `make validate` prints it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var loaded = script ? script.getAttribute("data-version") : null;
  var banner = null;

  function show(state) {
    if (!state.problems.length) {
      if (banner) banner.remove();
      banner = null;
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "preview-problems";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:sticky;top:0;z-index:10000;max-height:50vh;overflow:auto;" +
        "background:#fff3cd;color:#3d2c00;border-bottom:3px solid #b45309;padding:.75rem 1rem;" +
        "font:14px/1.4 system-ui,sans-serif";
      document.body.insertBefore(banner, document.body.firstChild);
    }
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    var title = document.createElement("strong");
    title.textContent = state.title[lang] || state.title.en;
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem;font-family:monospace;white-space:pre-wrap";
    state.problems.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    banner.replaceChildren(title, list);
  }

  var events = new EventSource("/__preview/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (loaded !== null && String(state.version) !== loaded) {
      events.close();
      window.location.reload();
      return;
    }
    show(state);
  };
})();
