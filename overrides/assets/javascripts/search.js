/* Search in the page's own language (overrides/partials/search.html; the index: scripts/publish/search.py).
 *
 * Nothing is fetched until the reader turns to search (focuses or opens the search box, or points
 * at it): material-on-demand.js then loads this script, which takes over from there. On the site, Pagefind's own script then loads the index of the page's <html lang> only:
 * its WebAssembly, a small entry, the index chunks of the words typed and one fragment per result
 * shown. Opened from disk (the offline copy for schools, file://), where Pagefind cannot fetch its
 * files, the copy's own index of its language (search/search_index.js, scripts/publish/offline.py) is read
 * instead and searched here, with the same box and results.
 *
 * Ranking: a page whose front matter gives `search.boost` (calendars, bounded listings: below 1)
 * carries it as a filter; pages come by boost first (a campaign, lesson or help page before any
 * calendar or listing that has the same words), then by Pagefind's score. Kazakh has no stemmer in Pagefind: a final letter that changes before an ending (data-soft-
 * endings, from scripts/sources/languages.py) is dropped from a query word, and the rest matches as a prefix.
 *
 * Keyboard (as Material's search): "/", "s" or "f" opens it; typing searches; Enter opens the
 * first result; the arrow keys move between the box and the results; Tab reaches the filters and
 * results in order; Escape, or leaving the search with Tab, closes it.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-site-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var form = root.querySelector("[data-site-search-form]");
  var input = root.querySelector("[data-site-search-input]");
  var status = root.querySelector("[data-site-search-status]");
  var list = root.querySelector("[data-site-search-results]");
  var more = root.querySelector("[data-site-search-more]");
  var filterBox = root.querySelector("[data-site-search-filters]");
  var selects = {};
  Array.prototype.forEach.call(root.querySelectorAll("[data-site-search-filter]"), function (el) {
    selects[el.getAttribute("data-site-search-filter")] = el;
  });
  var PAGE = 10;  // results shown at once (each is one fragment fetched)
  var softEndings = root.getAttribute("data-soft-endings") || "";
  var engine = null;  // a promise of {search(query, filters) -> promise of {total, slice(from, to)}}
  var current = null;  // the results shown
  var shown = 0;
  var asked = 0;  // the number of the latest query: older answers are dropped
  var timer = null;

  function text(name, n) {
    var value = root.getAttribute("data-text-" + name) || "";
    return n === undefined ? value : value.replace("{n}", String(n));
  }
  function at(path) { return new URL(path, new URL(root.getAttribute("data-root").replace(/\/?$/, "/"), location.href)); }

  // ------------------------------------------------------------------ opening and closing

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));  // Material locks the page's scrolling on phones
  }
  toggle.addEventListener("change", function () {
    if (!toggle.checked) return;
    load();
    if (!root.contains(document.activeElement)) input.focus();
  });
  input.addEventListener("focus", function () { load(); setOpen(true); });
  ["pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target instanceof Element && event.target.closest(".md-search, label[for='__search']")) load();
    }, {capture: true, passive: true});
  });
  root.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (next instanceof Node && !root.contains(next)) setOpen(false);  // Tab out of the search
  });
  root.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a[href]")) setOpen(false);
  });

  function editable(el) {
    return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(document.activeElement)) {
        event.preventDefault();
        setOpen(true);
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var active = document.activeElement;
      if (active instanceof HTMLSelectElement) return;  // the select's own options
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a[href]")));
      var i = stops.indexOf(active);
      var next = i < 0 ? 0 : (i + (event.key === "ArrowDown" ? 1 : -1) + stops.length) % stops.length;
      stops[next].focus();
      event.preventDefault();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a[href]");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  input.addEventListener("input", function () {
    list.setAttribute("aria-busy", "true");  // until the answer to what is typed now is shown
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  Object.keys(selects).forEach(function (name) { selects[name].addEventListener("change", run); });
  more.addEventListener("click", function () {
    var next = list.children.length;
    showMore().then(function () {
      var link = list.children[next] && list.children[next].querySelector("a[href]");
      if (link) link.focus();
    });
  });

  // ---------------------------------------------------------------------------- the query

  /* The words as the index has them: lowercase; in Kazakh a final soft-ending letter dropped. */
  function prepare(query) {
    return query.trim().toLowerCase().split(/\s+/).filter(Boolean).map(function (word) {
      return word.length >= 5 && softEndings.indexOf(word.charAt(word.length - 1)) >= 0 ? word.slice(0, -1) : word;
    }).join(" ");
  }

  function chosen() {
    var filters = {};
    Object.keys(selects).forEach(function (name) { if (selects[name].value) filters[name] = selects[name].value; });
    return filters;
  }

  function run() {
    var number = ++asked;
    var query = prepare(input.value);
    list.setAttribute("aria-busy", "true");
    if (!query) {
      current = null;
      list.textContent = "";
      more.hidden = true;
      status.textContent = text("start");
      list.removeAttribute("aria-busy");
      return;
    }
    status.textContent = text("loading");
    load().then(function (search) {
      return search.search(query, chosen());
    }).then(function (results) {
      if (number !== asked) return;
      current = results;
      shown = 0;
      list.textContent = "";
      return showMore().then(function () {
        if (number !== asked) return;
        status.textContent = results.total ? text("count", results.total) : text("none");
        list.removeAttribute("aria-busy");
      });
    }).catch(function () {
      if (number !== asked) return;
      status.textContent = text("failed");
      list.removeAttribute("aria-busy");
    });
  }

  function showMore() {
    var results = current;
    var number = asked;
    return results.slice(shown, shown + PAGE).then(function (hits) {
      if (number !== asked || results !== current) return;
      hits.forEach(function (hit) { list.appendChild(render(hit)); });
      shown += hits.length;
      more.hidden = shown >= results.total;
    });
  }

  // ---------------------------------------------------------------------------- results

  var KIND_LABELS = {};
  if (selects.kind) Array.prototype.forEach.call(selects.kind.options, function (o) { if (o.value) KIND_LABELS[o.value] = o.textContent; });

  /* An excerpt as the engines give it: text with the matched words in <mark>, nothing else. */
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "site-search__excerpt";
    String(html || "").split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var node = document.createTextNode(decode(part));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(node);
          node = mark;
        }
        p.appendChild(node);
      }
      return marked;
    }, false);
    return p;
  }
  var decoder = document.createElement("textarea");
  function decode(escaped) {  // the engines escape & < > " ': the text back, never markup
    decoder.innerHTML = escaped.replace(/</g, "&lt;");
    return decoder.value;
  }

  function render(hit) {
    var item = document.createElement("li");
    item.className = "md-search-result__item site-search__hit";
    var title = document.createElement("a");
    title.className = "site-search__title";
    title.href = hit.url;
    title.textContent = hit.title;
    item.appendChild(title);
    var facts = [];
    (hit.kind || []).forEach(function (kind) { if (KIND_LABELS[kind]) facts.push(KIND_LABELS[kind]); });
    var years = (hit.years || []).slice().sort();
    if (years.length) facts.push(years.length > 1 ? years[0] + "–" + years[years.length - 1] : years[0]);
    if (facts.length) {
      var kind = document.createElement("p");
      kind.className = "site-search__facts";
      kind.textContent = facts.join(" · ");
      item.appendChild(kind);
    }
    if (!hit.sections.length) item.appendChild(excerpt(hit.excerpt));
    hit.sections.forEach(function (section) {
      var where = document.createElement("p");
      where.className = "site-search__section";
      var label = document.createElement("span");
      label.textContent = text("section") + ": ";
      var link = document.createElement("a");
      link.href = section.url;
      link.textContent = section.title;
      where.appendChild(label);
      where.appendChild(link);
      item.appendChild(where);
      item.appendChild(excerpt(section.excerpt));
    });
    return item;
  }

  // ------------------------------------------------------------------------------ engines

  function load() {
    if (!engine) {
      engine = location.protocol === "file:" ? fromDisk() : pagefind();
      engine.catch(function () { engine = null; });  // try again on the next query
    }
    return engine;
  }

  function pagefind() {
    var pf;
    var boosts = [];
    return import(at(root.getAttribute("data-bundle") + "pagefind.js").href)
      .then(function (module) {
        pf = module;
        return pf.options({baseUrl: at("").pathname, excerptLength: 24});
      })
      .then(function () { return pf.init(); })
      .then(function () { return pf.filters(); })
      .then(function (available) {
        boosts = Object.keys(available.boost || {}).filter(function (b) { return Number(b) !== 1; });
        fillYears(Object.keys(available.year || {}));
        if (selects.kind) Array.prototype.forEach.call(selects.kind.options, function (o) {
          o.hidden = !!o.value && !(available.kind && available.kind[o.value]);
        });
        filterBox.hidden = false;
        return {search: search};
      });

    function search(query, filters) {
      return pf.search(query, {filters: filters}).then(function (found) {
        var boost = {};
        found.results.forEach(function (r) { boost[r.id] = 1; });
        return Promise.all(boosts.map(function (value) {
          var lower = Object.assign({}, filters, {boost: value});
          return pf.search(query, {filters: lower}).then(function (low) {
            low.results.forEach(function (r) { if (r.id in boost) boost[r.id] = Number(value); });
          });
        })).then(function () {
          var ranked = found.results.slice().sort(function (a, b) {
            return boost[b.id] - boost[a.id] || b.score - a.score;
          });
          return {total: ranked.length, slice: function (from, to) {
            return Promise.all(ranked.slice(from, to).map(function (r) { return r.data().then(hitOf); }));
          }};
        });
      });
    }
  }

  function hitOf(data) {
    var sections = (data.sub_results || []).filter(function (s) {
      return s.url.indexOf("#") >= 0 && s.title && s.title !== data.meta.title;
    }).slice(0, 2);
    return {url: data.url, title: data.meta.title || data.url, excerpt: data.excerpt,
            kind: (data.filters || {}).kind, years: (data.filters || {}).year, sections: sections};
  }

  function fillYears(years) {
    var select = selects.year;
    if (!select || select.options.length > 1) return;
    years.sort().reverse().forEach(function (year) {
      var option = document.createElement("option");
      option.value = option.textContent = year;
      select.appendChild(option);
    });
  }

  /* The offline copy: its language's sections ({location, title, text}) as a script. */
  function fromDisk() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = at("search/search_index.js").href;
      script.onload = function () {
        /* global __index */
        try { resolve(local(typeof __index === "object" ? __index.docs : [])); } catch (e) { reject(e); }
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function local(docs) {
    var WORD = /[\p{L}\p{N}]+/gu;
    var pages = [];
    var byUrl = {};
    docs.forEach(function (doc) {
      var url = doc.location.split("#")[0];
      var body = plain(doc.text || "");
      var section = {url: doc.location, title: plain(doc.title || ""), text: body,
                     words: (body.toLowerCase().match(WORD) || []),
                     titleWords: (plain(doc.title || "").toLowerCase().match(WORD) || [])};
      var page = byUrl[url];
      if (!page) {
        page = byUrl[url] = {url: url, title: section.title, sections: []};
        pages.push(page);
      }
      page.sections.push(section);
    });
    function count(words, term) {
      var n = 0;
      for (var i = 0; i < words.length; i++) if (words[i].lastIndexOf(term, 0) === 0) n++;
      return n;
    }
    function snippet(section, terms) {
      var tokens = section.text.split(/(\s+)/);
      var first = tokens.findIndex(function (t) {
        var w = t.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, "");
        return terms.some(function (term) { return w.lastIndexOf(term, 0) === 0; });
      });
      var from = Math.max(0, first - 20);
      return tokens.slice(from, from + 48).map(function (t) {
        var w = t.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, "");
        var e = t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        return t.trim() && terms.some(function (term) { return w.lastIndexOf(term, 0) === 0; }) ? "<mark>" + e + "</mark>" : e;
      }).join("");
    }
    return {search: function (query) {
      var terms = query.split(" ");
      var found = [];
      pages.forEach(function (page) {
        var best = null;
        var total = 0;
        var missing = terms.filter(function (term) {
          return !page.sections.some(function (s) { return count(s.words, term) || count(s.titleWords, term); });
        });
        if (missing.length) return;
        page.sections.forEach(function (s) {
          var score = 0;
          terms.forEach(function (term) { score += 5 * count(s.titleWords, term) + Math.min(count(s.words, term), 5); });
          total += score;
          if (score && (!best || score > best.score)) best = {section: s, score: score};
        });
        var titleWords = page.sections[0].titleWords;
        terms.forEach(function (term) { total += 10 * count(titleWords, term); });
        found.push({page: page, best: best, score: total});
      });
      found.sort(function (a, b) { return b.score - a.score; });
      return Promise.resolve({total: found.length, slice: function (from, to) {
        return Promise.resolve(found.slice(from, to).map(function (f) {
          var s = f.best && f.best.section;
          var isSection = s && s.url.indexOf("#") >= 0;
          return {url: at(f.page.url).href, title: f.page.title, excerpt: s ? snippet(s, terms) : "",
                  sections: isSection ? [{url: at(s.url).href, title: s.title, excerpt: snippet(s, terms)}] : []};
        }));
      }});
    }};
  }

  // Loaded when the reader turned to search: what happened before this script ran is taken up.
  window.__siteSearch = true;
  if (document.activeElement === input) setOpen(true);
  if (toggle.checked) {
    load();
    if (!root.contains(document.activeElement)) input.focus();
    if (input.value) run();
  }

  function plain(html) {  // the index's text may hold markup: its text only
    decoder.innerHTML = String(html).replace(/<[^>]*>/g, " ").replace(/</g, "&lt;");
    return decoder.value.replace(/\s+/g, " ").trim();
  }
})();
