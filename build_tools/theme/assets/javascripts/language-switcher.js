// Keeps the language switcher pointing at the current page in every language.
// Pages have the same path in every language (docs/<lang>/<path>), so the target is the current path with
// the language segment swapped. The server renders correct links; this only matters after Material's
// instant navigation, which swaps the page content but not the header.
(function () {
  "use strict";

  // Material's `base` is relative to the page first loaded, and instant navigation never replaces it, so
  // the language root is resolved once, now, against that first page.
  var config = document.getElementById("__config");
  var base = config ? JSON.parse(config.textContent || "{}").base : ".";
  var root = new URL(base.replace(/\/?$/, "/"), location.href);

  function update() {
    var siteRoot = new URL("../", root);
    var path = location.pathname.startsWith(root.pathname) ? location.pathname.slice(root.pathname.length) : "";
    // Links marked data-bt-fixed (the 404 page, served at any address) keep their server-rendered target.
    document.querySelectorAll("a[data-bt-language]:not([data-bt-fixed])").forEach(function (node) {
      var link = /** @type {HTMLAnchorElement} */ (node);
      link.href = new URL(link.dataset.btLanguage + "/" + path + location.hash, siteRoot).href;
    });
  }

  /** @param {Event} event */
  function remember(event) {
    var target = /** @type {Element} */ (event.target);
    var link = target.closest && /** @type {HTMLAnchorElement | null} */ (target.closest("a[data-bt-language]"));
    if (!link) return;
    try {
      localStorage.setItem("breakthrough.language", link.dataset.btLanguage || "");
    } catch (error) {
      // Storage may be disabled; the choice then simply is not remembered.
    }
  }

  document.addEventListener("click", remember, true);
  // Material's observable of page loads (instant navigation), when Material is there.
  var documents = /** @type {{document$?: {subscribe?: (next: () => void) => unknown}}} */ (
    /** @type {unknown} */ (window)).document$;
  if (documents && typeof documents.subscribe === "function") {
    documents.subscribe(update);
  } else {
    update();
  }
  window.addEventListener("hashchange", update);
})();
