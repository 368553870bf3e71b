/* Search worker with diacritic folding. The site's config points Material's search at this file
   with Material's own worker as the query ("search-folding.js?search.<hash>.min.js"): it is loaded
   first, unchanged, then Lunr is taught to ignore diacritics, on both sides:
   - every token that goes into the index (after stop words are removed, so Romanian stop words
     with diacritics are still recognised) is stored folded: "întreprinderi" → "intreprinderi";
   - every query term is folded too, whether or not Lunr runs it through the search pipeline
     (Material adds a trailing wildcard, and wildcard terms skip the pipeline).
   The documents themselves are untouched: results show and highlight the original text. */
(function () {
  "use strict";
  var worker = self.location.search.slice(1);
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    throw new Error("search-folding.js: unexpected worker name " + JSON.stringify(worker));
  }
  importScripts(worker);

  var lunr = self.lunr;
  /* Decomposed, without combining marks: ă â î ș ş ț ţ é ü … become their base letters. */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

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
})();
