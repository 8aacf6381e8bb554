// Development only (`kb serve` adds it to every page it serves; `kb build` never does): reloads the page
// when the site has been rebuilt, and while the last save broke the build, shows why in an overlay over the
// last good page. The overlay is in English only: it is a tool for the people editing the site, like the
// terminal output it repeats. Messages are set as text, never as markup (they quote the sources).
(function () {
  "use strict";
  var STATE_URL = "/__livereload"; // build_tools/serve.py, LIVE_RELOAD_PATH
  var OVERLAY_ID = "kb-serve-problems";
  var built = /** @type {number | null} */ (null); // the site generation this page was served from
  var dismissed = ""; // the problems the editor closed: shown again only when they change

  /** @param {string} tag @param {string} [text] */
  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function remove() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  /** @param {string[]} problems */
  function show(problems) {
    var key = problems.join("\n");
    if (!problems.length || key === dismissed) {
      remove();
      return;
    }
    var existing = document.getElementById(OVERLAY_ID);
    if (existing && existing.getAttribute("data-problems") === key) return;
    remove();
    var overlay = element("section");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    overlay.setAttribute("data-problems", key);
    var style = overlay.style;
    style.position = "fixed";
    style.left = "0";
    style.right = "0";
    style.bottom = "0";
    style.zIndex = "2147483647";
    style.maxHeight = "60vh";
    style.overflow = "auto";
    style.margin = "0";
    style.padding = "1rem 1.25rem";
    style.background = "#1e1e1e";
    style.color = "#f5f5f5";
    style.borderTop = "4px solid #e53935";
    style.font = "14px/1.5 system-ui, sans-serif";
    style.boxShadow = "0 -4px 16px rgba(0, 0, 0, 0.4)";

    var title = element("h2", "kb serve: the last save did not build — this is the last good version of the page");
    title.id = OVERLAY_ID + "-title";
    title.style.font = "600 15px/1.4 system-ui, sans-serif";
    title.style.margin = "0 3rem 0.5rem 0";
    title.style.color = "#ffcdd2";
    overlay.appendChild(title);

    var list = element("ul");
    list.style.margin = "0";
    list.style.padding = "0";
    list.style.listStyle = "none";
    problems.forEach(function (problem) {
      var item = element("li", problem);
      item.style.font = "13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      item.style.whiteSpace = "pre-wrap";
      item.style.overflowWrap = "anywhere";
      item.style.padding = "0.25rem 0";
      list.appendChild(item);
    });
    overlay.appendChild(list);

    var hint = element("p", "Fix the file and save: this page reloads once the site builds again.");
    hint.style.margin = "0.5rem 0 0";
    hint.style.color = "#bdbdbd";
    overlay.appendChild(hint);

    var close = element("button", "Close");
    close.setAttribute("type", "button");
    close.setAttribute("aria-label", "Close the build problems");
    close.style.position = "absolute";
    close.style.top = "0.75rem";
    close.style.right = "1rem";
    close.style.font = "inherit";
    close.style.color = "#1e1e1e";
    close.style.background = "#f5f5f5";
    close.style.border = "0";
    close.style.borderRadius = "4px";
    close.style.padding = "0.25rem 0.75rem";
    close.style.cursor = "pointer";
    close.addEventListener("click", function () {
      dismissed = key;
      remove();
    });
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  /** @param {number} version */
  function poll(version) {
    fetch(STATE_URL + "?since=" + version, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (built === null) built = state.generation;
        else if (state.generation !== built) {
          location.reload();
          return;
        }
        show(Array.isArray(state.problems) ? state.problems.map(String) : []);
        poll(state.version);
      })
      .catch(function () { setTimeout(function () { poll(version); }, 2000); });
  }

  poll(-1);
})();
