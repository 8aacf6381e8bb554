// Material's content-tab restore (from partials/javascripts/content.html) as an external script (CSP).
(function () {
  var target = /** @type {HTMLInputElement | null} */ (document.getElementById(location.hash.slice(1)));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
