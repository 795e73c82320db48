/* What Material loads only on demand. Loaded before Material's bundle.
 *
 * Many readers are on slow, paid mobile data. On every first page view Material would also fetch:
 *
 * 1. its search worker (a script of its own) and the whole search index (every page of the site
 *    in three languages), whether the reader searches or not: together more than the page itself.
 *    Both are held back until the reader turns to search (focuses or opens the search box, or
 *    points at it); then search works as before (a query typed meanwhile waits, as it does while
 *    the index loads);
 * 2. the sitemap once for every language of the page (sitemap.xml next to each alternate-language
 *    link), which its language switcher uses to find the same page in another language. This
 *    site's switcher links already lead to the same page in each language (mkdocs-static-i18n),
 *    so those requests are not sent. (Material's instant navigation, which needs the sitemap, is
 *    not used; if it is switched on, the sitemap is fetched as before.)
 */
(function () {
  "use strict";
  var INDEX_PATH = /\/search\/search_index\.json$/;
  var SITEMAP_PATH = /\/sitemap\.xml$/;
  var WORKER_PATH = /\/assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var wanted = false;
  var onWanted = [];

  function pathOf(url) {
    try {
      return new URL(String(url), location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  function searchIsOpen() {
    var toggle = document.getElementById("__search");
    return !!(toggle && toggle.checked);
  }

  function want() {
    if (wanted) return;
    wanted = true;
    onWanted.splice(0).forEach(function (run) { run(); });
  }

  function instantNavigation() {
    try {
      return JSON.parse(document.getElementById("__config").textContent).features.indexOf("navigation.instant") >= 0;
    } catch (e) {
      return false;
    }
  }

  // Material sends both requests with XMLHttpRequest at start: the index is sent when wanted,
  // the language switcher's sitemaps not at all (Material then leaves the links to the browser).
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var path = pathOf(url);
    this._searchIndex = INDEX_PATH.test(path);
    this._sitemap = SITEMAP_PATH.test(path);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this._sitemap && !instantNavigation()) return;
    if (this._searchIndex && !wanted && !searchIsOpen()) {
      var xhr = this;
      var args = arguments;
      onWanted.push(function () { send.apply(xhr, args); });
      return;
    }
    return send.apply(this, arguments);
  };

  // The worker: Material gets a stand-in that keeps listeners and messages until the real one starts.
  var RealWorker = window.Worker;
  function SearchWorkerOnDemand(url, options) {
    var real = null;
    var ended = false;
    var listeners = [];
    var messages = [];
    this.addEventListener = function (type, listener, opts) {
      if (real) real.addEventListener(type, listener, opts);
      else listeners.push([type, listener, opts]);
    };
    this.removeEventListener = function (type, listener, opts) {
      if (real) real.removeEventListener(type, listener, opts);
      else listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
    };
    this.postMessage = function (message, transfer) {
      if (real) real.postMessage(message, transfer);
      else messages.push([message, transfer]);
    };
    this.terminate = function () {
      ended = true;
      if (real) real.terminate();
    };
    onWanted.unshift(function () {  // before the index is sent
      if (ended) return;
      real = new RealWorker(url, options);
      listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
      messages.forEach(function (m) { real.postMessage(m[0], m[1]); });
    });
  }
  if (typeof RealWorker === "function") {
    window.Worker = function Worker(url, options) {
      if (wanted || searchIsOpen() || !WORKER_PATH.test(pathOf(url))) return new RealWorker(url, options);
      return new SearchWorkerOnDemand(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  function inSearch(target) {
    return target instanceof Element && !!target.closest(".md-search, label[for='__search']");
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) want(); }, true);
  document.addEventListener("pointerover", function (event) { if (inSearch(event.target)) want(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search" && event.target.checked) want();
  }, true);
})();
