/* What Material would fetch on every first view and this site does not need. Loaded before
 * Material's bundle.
 *
 * Many readers are on slow, paid mobile data. Material's language switcher fetches the sitemap
 * once for every language of the page (sitemap.xml next to each alternate-language link), to
 * find the same page in another language. This site's switcher links already lead to the same
 * page in each language (mkdocs-static-i18n), so those requests are not sent. (Material's instant
 * navigation, which needs the sitemap, is not used; if it is switched on, the sitemap is fetched
 * as before.)
 *
 * Search is not Material's here (overrides/partials/search.html): Material loads neither its
 * search worker nor its index. Ours, search.js, is loaded from here when the reader turns to
 * search (focuses or opens the search box, points at it, or presses "/", "s" or "f", which open
 * it at once); it then takes over, and fetches its index only then.
 */
(function () {
  "use strict";
  var SITEMAP_PATH = /\/sitemap\.xml$/;

  function pathOf(url) {
    try {
      return new URL(String(url), location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  function instantNavigation() {
    try {
      return JSON.parse(document.getElementById("__config").textContent).features.indexOf("navigation.instant") >= 0;
    } catch (e) {
      return false;
    }
  }

  // Material sends the switcher's requests with XMLHttpRequest at start: not at all here
  // (Material then leaves the links to the browser).
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this._sitemap = SITEMAP_PATH.test(pathOf(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this._sitemap && !instantNavigation()) return;
    return send.apply(this, arguments);
  };

  // The search box's script, when the reader turns to search.
  var searchRequested = false;
  function loadSearch() {
    var root = document.querySelector("[data-site-search]");
    if (searchRequested || !root) return;
    searchRequested = true;
    var script = document.createElement("script");
    script.src = root.getAttribute("data-script");
    document.body.appendChild(script);
  }
  function inSearch(target) {
    return target instanceof Element && !!target.closest(".md-search, label[for='__search']");
  }
  function editable(el) {
    return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName));
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) loadSearch(); }, true);
  ["pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) { if (inSearch(event.target)) loadSearch(); },
                              {capture: true, passive: true});
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search" && event.target.checked) loadSearch();
  }, true);
  document.addEventListener("keydown", function (event) {  // until search.js handles the keys itself
    if (window.__siteSearch || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["/", "s", "f"].indexOf(event.key) < 0 || editable(document.activeElement)) return;
    var toggle = document.getElementById("__search");
    var input = document.querySelector("[data-site-search-input]");
    if (!toggle || !input || toggle.checked) return;
    event.preventDefault();
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
    loadSearch();
  });
})();
