/* Highlighting of the search terms on the page opened from a search result (?h=<terms>), whatever
   their diacritics. Material marks the terms exactly as written, case aside: with
   ?h=intreprinderi it marks "intreprinderi" but not "întreprinderi". This script marks what it
   leaves out: every place where the folded page text (search-fold.js) contains a folded term,
   with Material's markup (<mark data-md-highlight>), in the same visible text of the content.
   Places Material marks itself (the same letters, case aside) are left to it, so the two can run in
   either order without marking anything twice. No request, no library. */
(function () {
  "use strict";

  var folding = self.searchFold;
  if (!folding) return;

  /* Material splits ?h= at the same characters (and at its search separator, spaces and hyphens). */
  var SPLIT = /[\s*+\-:~^]+/;

  function queryTerms(value) {
    var terms = [];
    value.split(SPLIT).forEach(function (term) {
      var folded = folding.fold(term);
      if (folded) terms.push({folded: folded, lower: term.toLowerCase()});
    });
    /* Longer terms first, as a term may begin another ("timis", "timisoara"). */
    return terms.sort(function (a, b) { return b.folded.length - a.folded.length; });
  }

  /* Ranges [start, end) of `text` to mark: folded matches, leftmost first, that differ from every
     term as written; neighbours separated by white space only become one mark, as in Material. */
  function ranges(text, terms) {
    var map = folding.foldMap(text);
    var found = [];
    for (var at = 0; at < map.text.length;) {
      var hit = null;
      for (var i = 0; i < terms.length && !hit; i++) {
        if (map.text.startsWith(terms[i].folded, at)) hit = terms[i];
      }
      if (!hit) { at++; continue; }
      var start = map.from[at];
      var end = map.to[at + hit.folded.length - 1];
      var original = text.slice(start, end).toLowerCase();
      var literal = terms.some(function (term) { return term.lower === original; });
      if (!literal) {
        var previous = found[found.length - 1];
        if (previous && /^\s+$/.test(text.slice(previous[1], start))) previous[1] = end;
        else found.push([start, end]);
      }
      at += hit.folded.length;
    }
    return found;
  }

  function mark(node, found) {
    var text = node.data;
    var fragment = document.createDocumentFragment();
    var cursor = 0;
    found.forEach(function (range) {
      if (range[0] > cursor) fragment.appendChild(document.createTextNode(text.slice(cursor, range[0])));
      var element = document.createElement("mark");
      element.setAttribute("data-md-highlight", "");
      element.textContent = text.slice(range[0], range[1]);
      fragment.appendChild(element);
      cursor = range[1];
    });
    if (cursor < text.length) fragment.appendChild(document.createTextNode(text.slice(cursor)));
    node.parentNode.replaceChild(fragment, node);
  }

  function highlight() {
    var value = new URL(location.href).searchParams.get("h");
    var content = document.querySelector('[data-md-component="content"]');
    if (!value || !content) return;
    var terms = queryTerms(value);
    if (!terms.length) return;
    var nodes = [];
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      /* Visible text only, as Material does; never inside a mark, Material's or ours. */
      if (!parent || !parent.offsetHeight || parent.closest("mark, script, style")) continue;
      var found = ranges(node.data, terms);
      if (found.length) nodes.push([node, found]);
    }
    nodes.forEach(function (entry) { mark(entry[0], entry[1]); });
  }

  /* Material's document$ announces each page (also with instant loading); without it, run once. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(highlight);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
})();
