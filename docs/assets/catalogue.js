/* Catalogue filters: shown only when this script runs, so that without JavaScript the complete
   list stays readable. Every filter is mirrored in the address (?city=matera&status=ongoing), so
   a filtered view can be shared, survives a reload and goes along to the other language (the
   language switcher's links get the same query). A value of the address that no option offers is
   not applied, and the page says so. On a narrow screen the fields fold behind one button
   (catalogue.css) that says how many filters are in use. No request leaves the page. */
(function () {
  "use strict";

  var form = document.getElementById("catalogue-filters");
  var dataScript = document.getElementById("catalogue-rows");
  var list = document.getElementById("catalogue-list");
  if (!form || !dataScript || !list) return;

  var FIELDS = ["q", "city", "year", "type", "theme", "group", "status", "evidence"];
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var empty = document.getElementById("catalogue-empty");
  var count = document.getElementById("catalogue-count");
  var toggle = document.getElementById("catalogue-filters-toggle");
  var body = document.getElementById("catalogue-filters-body");
  var unknown = document.getElementById("catalogue-unknown");

  /* Lower case without diacritics: "Timișoara", "Timişoara" and "timisoara" are the same word. */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* A word of the query without its inflection, so that "întreprinderi" also finds
     "întreprindere" and "întreprinderilor", "grants" finds "grant": the longest ending of the
     page's language is cut, as long as four letters remain. Matching stays a plain search for
     the stem in the folded text. */
  var ENDINGS = {
    ro: ["urilor", "ului", "ilor", "elor", "urile", "uri", "ile", "ele", "lor", "ul", "le", "ii", "ea",
         "ei", "i", "e", "a", "u"],
    en: ["ings", "ing", "ies", "es", "ed", "s"]
  };
  var endings = (ENDINGS[lang] || ENDINGS.en).slice().sort(function (a, b) { return b.length - a.length; });
  function stem(word) {
    for (var i = 0; i < endings.length; i++) {
      var ending = endings[i];
      if (word.length - ending.length >= 4 && word.slice(-ending.length) === ending) {
        return word.slice(0, -ending.length);
      }
    }
    return word;
  }

  /* Table rows, matched to their data by the practice link rather than by position. */
  var records = JSON.parse(dataScript.textContent);
  var rows = [];
  var bodyRows = list.querySelectorAll("tbody tr");
  records.forEach(function (record) {
    for (var i = 0; i < bodyRows.length; i++) {
      var link = bodyRows[i].querySelector("td:first-child a");
      if (link && new RegExp("/" + record.slug + "/?$").test(link.pathname)) {
        record.row = bodyRows[i];
        record.folded = fold(record.text);
        rows.push(record);
        return;
      }
    }
  });
  if (!rows.length) return;

  function values() {
    var current = {};
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      current[name] = field ? field.value.trim() : "";
    });
    return current;
  }

  function matches(record, filter) {
    if (filter.city && record.city !== filter.city) return false;
    if (filter.year && record.year !== filter.year) return false;
    if (filter.type && record.type !== filter.type) return false;
    if (filter.theme && record.theme.indexOf(filter.theme) < 0) return false;
    if (filter.group && record.group.indexOf(filter.group) < 0) return false;
    if (filter.status && record.status !== filter.status) return false;
    if (filter.evidence && record.evidence !== filter.evidence) return false;
    if (filter.q) {
      var words = fold(filter.q).split(/\s+/);
      for (var i = 0; i < words.length; i++) {
        if (words[i] && record.folded.indexOf(stem(words[i])) < 0) return false;
      }
    }
    return true;
  }

  function countText(n) {
    if (n === 0) return form.dataset.countNone;
    var category = plural ? plural.select(n) : (n === 1 ? "one" : "other");
    var template = form.dataset["count" + category.charAt(0).toUpperCase() + category.slice(1)] ||
      form.dataset.countOther;
    return template.replace("{count}", String(n));
  }

  /* The count is a polite live region: it is rewritten only after typing pauses, so that a screen
     reader announces the result once instead of after every key. */
  var announceTimer = null;
  function announce(text) {
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      count.textContent = text;
    }, 300);
  }

  /* The language switcher leads to the same catalogue in the other language: with the same
     filters, which are identifiers (and the words typed), the same in every language. */
  function updateSwitcher(query) {
    var links = document.querySelectorAll(".md-select__link[hreflang]");
    Array.prototype.forEach.call(links, function (link) {
      if (!link.dataset.catalogueHref) link.dataset.catalogueHref = link.getAttribute("href");
      var url = new URL(link.dataset.catalogueHref, window.location.href);
      url.search = query;
      link.setAttribute("href", url.pathname + url.search + url.hash);
    });
  }

  function writeAddress(filter) {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      if (filter[name]) params.set(name, filter[name]);
      else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
    updateSwitcher(query ? "?" + query : "");
  }

  function showActive(filter) {
    if (!toggle) return;
    var active = FIELDS.filter(function (name) { return filter[name]; }).length;
    toggle.textContent = active ? form.dataset.active.replace("{count}", String(active)) : form.dataset.activeNone;
  }

  function apply(updateAddress, immediately) {
    var filter = values();
    var shown = 0;
    rows.forEach(function (record) {
      var visible = matches(record, filter);
      record.row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (empty) empty.hidden = shown > 0;
    form.dataset.shown = String(shown);
    showActive(filter);
    if (immediately) count.textContent = countText(shown);
    else announce(countText(shown));
    if (updateAddress) writeAddress(filter);
  }

  function fieldLabel(field) {
    var label = field.labels && field.labels[0];
    return label ? label.textContent.trim() : field.name;
  }

  /* Filters from the address. A value that no option offers is not applied (rather than hiding
     every practice), and the page says which filter and which value. */
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var problems = [];
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (!field || value === null) return;
      if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (option) {
          return option.value === value;
        });
        if (!known) {
          problems.push(form.dataset.unknown.replace("{filter}", fieldLabel(field)).replace("{value}", value));
          return;
        }
      }
      field.value = value;
    });
    if (unknown) {
      unknown.textContent = "";
      problems.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        unknown.appendChild(item);
      });
      unknown.hidden = problems.length === 0;
    }
  }

  /* The fold: only drawn on a narrow screen (catalogue.css), where it starts closed. */
  function setExpanded(expanded) {
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
    form.classList.toggle("catalogue-filters--collapsed", !expanded);
  }
  if (toggle && body) {
    toggle.addEventListener("click", function () {
      setExpanded(toggle.getAttribute("aria-expanded") !== "true");
    });
    setExpanded(false);
  }

  function changed() {
    if (unknown) unknown.hidden = true;  /* the address no longer holds the unknown value */
    apply(true);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    /* The reset event fires before the fields are cleared. */
    window.setTimeout(changed, 0);
  });

  readAddress();
  form.hidden = false;
  apply(false, true);
  updateSwitcher(window.location.search);
})();
