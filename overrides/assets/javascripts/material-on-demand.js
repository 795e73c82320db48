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
 * Search is not Material's here (overrides/partials/search.html, search.js): Material loads
 * neither its search worker nor its index, and ours fetches nothing before the reader searches.
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
})();
