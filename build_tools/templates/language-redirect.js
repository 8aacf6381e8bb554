// Root page: send the reader to the language they chose before, or else to their browser's language.
// Without scripts the page is a plain list of links.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-bt-language]"));
  var byCode = Object.create(null); // a stored "constructor" or "__proto__" must find nothing
  links.forEach(function (link) {
    byCode[link.dataset.btLanguage] = link;
  });
  var chosen;
  try {
    chosen = localStorage.getItem("breakthrough.language");
  } catch (error) {
    chosen = null;
  }
  var wanted = [chosen].concat(navigator.languages || [navigator.language]);
  for (var i = 0; i < wanted.length; i++) {
    var candidate = wanted[i];
    var code = candidate && candidate.toLowerCase().split("-")[0];
    if (code && byCode[code]) {
      location.replace(byCode[code].href);
      return;
    }
  }
})();
