/* Catalogue filters: shown only when this script runs, so that without JavaScript the complete
   table stays readable. Every filter is mirrored in the address (?city=matera&status=ongoing), so
   a filtered view can be shared and survives a reload. No request leaves the page. */
(function () {
  "use strict";

  var form = document.getElementById("catalogue-filters");
  var dataScript = document.getElementById("catalogue-rows");
  var list = document.getElementById("catalogue-list");
  if (!form || !dataScript || !list) return;

  var FIELDS = ["q", "city", "year", "type", "theme", "group", "status"];
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var empty = document.getElementById("catalogue-empty");
  var count = document.getElementById("catalogue-count");

  /* Lower case without diacritics: "Timișoara", "Timişoara" and "timisoara" are the same word. */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
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
    if (filter.q) {
      var words = fold(filter.q).split(/\s+/);
      for (var i = 0; i < words.length; i++) {
        if (words[i] && record.folded.indexOf(words[i]) < 0) return false;
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

  function writeAddress(filter) {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      if (filter[name]) params.set(name, filter[name]);
      else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
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
    if (immediately) count.textContent = countText(shown);
    else announce(countText(shown));
    if (updateAddress) writeAddress(filter);
  }

  /* Filters from the address; a value that no option offers is ignored rather than hiding all. */
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (!field || value === null) return;
      if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (option) {
          return option.value === value;
        });
        if (!known) return;
      }
      field.value = value;
    });
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    /* The reset event fires before the fields are cleared. */
    window.setTimeout(function () { apply(true); }, 0);
  });

  readAddress();
  form.hidden = false;
  apply(false, true);
})();
