/* Search on demand.
 *
 * On every first page view Material starts its search worker (a script of its own) and downloads
 * the whole search index (every page of the site in three languages), whether the reader searches
 * or not. Many readers are on slow, paid mobile data, and together these weigh more than the page
 * itself. This script, loaded before Material's bundle, holds both back until the reader turns to
 * search: focuses or opens the search box, or points at it. Then the worker starts and the index
 * is fetched, and search works as before (a query typed meanwhile waits, as it does while the
 * index loads). Nothing else of Material is touched.
 */
(function () {
  "use strict";
  var INDEX_PATH = /\/search\/search_index\.json$/;
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

  // The index request: Material sends it with XMLHttpRequest at start; it is sent when wanted.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this._searchIndex = INDEX_PATH.test(pathOf(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
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
