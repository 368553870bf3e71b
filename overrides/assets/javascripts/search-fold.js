/* Diacritic folding for search, shared by the search worker (workers/search-folding.js, which
   loads this file with importScripts) and the page (search-highlight.js). It defines
   self.searchFold = {fold, foldMap, highlightHtml}; it touches no page and makes no request.

   To fold is to decompose (NFD), drop the combining marks and lower the case, one character at a
   time: "Întreprinderi", "întreprinderi" and "intreprinderi" fold alike, and ş ţ with a cedilla
   (old Romanian keyboards) fold like ș ț with a comma below, since both marks are dropped. One
   character at a time, so that every folded character knows the original text it came from and a
   match in the folded text covers exactly the original, accented, text. */
(function (root) {
  "use strict";

  var MARKS = /[\u0300-\u036f]/g;
  var ASCII = /^[\x00-\x7f]*$/;
  var cache = Object.create(null);

  function foldChar(ch) {
    var folded = cache[ch];
    if (folded === undefined) {
      folded = cache[ch] = ch.normalize("NFD").replace(MARKS, "").toLowerCase();
    }
    return folded;
  }

  /* The folded text and, for each of its characters, where its original character starts and
     ends in `text` (UTF-16 offsets). The end also covers combining marks that follow in `text`
     (decomposed input), so a mark never leaves a stray accent outside. */
  function foldMap(text) {
    text = String(text);
    var out = "";
    var from = [];
    var to = [];
    var last = -1; /* first folded character of the last character that folded to something */
    var offset = 0;
    for (var ch of text) {
      var end = offset + ch.length;
      var folded = foldChar(ch);
      if (folded) {
        last = out.length;
        for (var i = 0; i < folded.length; i++) {
          from.push(offset);
          to.push(end);
        }
        out += folded;
      } else if (last >= 0) {
        for (var j = last; j < out.length; j++) to[j] = end;
      }
      offset = end;
    }
    return {text: out, from: from, to: to};
  }

  function fold(text) {
    text = String(text);
    /* Most index tokens are plain ASCII: no need to look at them character by character. */
    return ASCII.test(text) ? text.toLowerCase() : foldMap(text).text;
  }

  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var NON_WORD = /[^\p{L}\p{M}\p{N}]/u;
  var EDGES = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;
  var TAG = /(<[^>]*>)/;
  var ENTITY = /(&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);)/i;

  /* The words of `text` (escaped HTML text, no tags) that begin like one of `terms` (folded)
     wrapped in <mark>; character references such as &amp; are left as they are. */
  function markWords(text, terms) {
    return text.split(ENTITY).map(function (piece, index) {
      if (index % 2) return piece;
      return piece.replace(WORD, function (word) {
        var folded = fold(word);
        for (var i = 0; i < terms.length; i++) {
          if (folded.lastIndexOf(terms[i], 0) === 0) return "<mark>" + word + "</mark>";
        }
        return word;
      });
    }).join("");
  }

  /* Search result HTML (a title or a text excerpt from Material's worker) with every word that
     begins like one of the query `terms` marked, as Lunr's trailing wildcard matches them, whatever
     its diacritics. Only text outside tags is touched, and text already inside <mark> stays as it
     is: Material's own highlighting is kept and nothing is marked twice. */
  function highlightHtml(html, terms) {
    /* A term is a word, maybe with punctuation around it ("(timisoara", "timisoara:"); a term
       with punctuation inside ("d'italia") is left to Material, or its parts would mark too much. */
    var words = [];
    for (var i = 0; i < terms.length; i++) {
      var word = fold(terms[i]).replace(EDGES, "");
      if (word && !NON_WORD.test(word)) words.push(word);
    }
    if (typeof html !== "string" || !words.length) return html;
    var depth = 0;
    return html.split(TAG).map(function (part, index) {
      if (index % 2) {
        if (/^<mark[\s>]/i.test(part)) depth++;
        else if (/^<\/mark\s*>/i.test(part) && depth > 0) depth--;
        return part;
      }
      return depth ? part : markWords(part, words);
    }).join("");
  }

  root.searchFold = {fold: fold, foldMap: foldMap, highlightHtml: highlightHtml};
})(self);
