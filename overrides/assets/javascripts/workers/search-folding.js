/* Search worker with diacritic folding. The site's config points Material's search at this file
   with Material's own worker as the query ("search-folding.js?search.<hash>.min.js"): it is loaded
   first, unchanged, then Lunr is taught to ignore diacritics, on both sides:
   - every token that goes into the index (after stop words are removed, so Romanian stop words
     with diacritics are still recognised) is stored folded: "întreprinderi" → "intreprinderi";
   - every query term is folded too, whether or not Lunr runs it through the search pipeline
     (Material adds a trailing wildcard, and wildcard terms skip the pipeline).
   The documents themselves are untouched: results show the original text. Material highlights
   in a result the words Lunr matched; the words it could not match because of punctuation around
   them ("(Timișoara", "cultură,") are marked here too, whatever their diacritics, before the
   results leave the worker. Folding itself is in ../search-fold.js, shared with the page. */
(function () {
  "use strict";
  var worker = self.location.search.slice(1);
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    throw new Error("search-folding.js: unexpected worker name " + JSON.stringify(worker));
  }
  importScripts("../search-fold.js", worker);

  var lunr = self.lunr;
  var fold = self.searchFold.fold;
  var highlightHtml = self.searchFold.highlightHtml;

  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = function (tokens) {
    return run.call(this, tokens).map(function (token) {
      return token.update(fold);
    });
  };

  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (value) {
    if (value && typeof value.term === "string") value.term = fold(value.term);
    return clause.call(this, value);
  };

  /* Material's worker answers with postMessage({type: 3 (result), data: {items: [[item…]…]}});
     each item carries its HTML title and text and `terms`, the query terms (folded, above) with
     whether the item contains them. Each item gets the terms it contains marked.

     A group is one page: the item whose location has no "#" is the page itself (the result's
     first link), the others are its sections. When only sections matched, Material adds the page
     to the group with no terms at all (`terms: {}`), and its link got an empty "?h=": the page
     opened from the top result had nothing highlighted. The page contains what its sections
     contain, so it gets their terms. */
  var RESULT = 3;
  var post = self.postMessage;

  function giveThePageTheTermsOfItsSections(group) {
    var page = group.filter(function (item) { return String(item.location).indexOf("#") < 0; })[0];
    if (!page || (page.terms && Object.keys(page.terms).length)) return;
    var terms = {};
    group.forEach(function (item) {
      Object.keys(item.terms || {}).forEach(function (term) {
        if (item.terms[term]) terms[term] = true;
      });
    });
    page.terms = terms;
  }

  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      message.data.items.forEach(function (group) {
        giveThePageTheTermsOfItsSections(group);
        group.forEach(function (item) {
          var terms = Object.keys(item.terms || {}).filter(function (term) { return item.terms[term]; });
          if (!terms.length) return;
          item.title = highlightHtml(item.title, terms);
          item.text = highlightHtml(item.text, terms);
        });
      });
    }
    return post.apply(self, arguments);
  };
})();
