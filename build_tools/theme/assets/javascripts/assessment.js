// Assessment pages: the entry module (mkdocs.yml loads it as a module on every page). Everything else is in
// assessment/ and loads with assessment/main.js. Its modules share the engine's protocol with the worker in
// the site's runtime/ folder, so a site built without the runtime, or a host that serves .mjs files with a
// wrong type, stops them loading: the assessment then says so, rather than staying silent.

import {format} from "./assessment/locale.js";
import {onEveryPage} from "./assessment/pages.js";

/** @param {unknown} error */
function cannotLoad(error) {
  const detail = error instanceof Error ? error.message : String(error);
  onEveryPage(() => {
    const section = /** @type {HTMLElement | null} */ (document.querySelector("section.bt-assessment[data-rubric-id]"));
    if (!section) return;
    /** @type {{engine?: {failed?: string, detail?: string}}} */
    let strings = {};
    try {
      strings = JSON.parse(section.dataset.strings || "{}");
    } catch {
      // the texts are the build's own; without them there is nothing to say it with
    }
    const status = section.querySelector("[data-bt-engine-status]");
    const shown = section.querySelector("[data-bt-engine-detail]");
    if (status && strings.engine?.failed) status.textContent = strings.engine.failed;
    if (shown instanceof HTMLElement && strings.engine?.detail) {
      shown.textContent = format(strings.engine.detail, {detail});
      shown.hidden = false;
    }
  });
}

// After the page's first paint: the questionnaire is readable at once, and the assessment's modules and the
// engine's downloads do not compete with the stylesheets and the page's own layout for it. A page shown by
// instant navigation has painted long before; a hidden tab has no frames, hence the time limit.
function afterFirstPaint() {
  if (performance.getEntriesByName("first-contentful-paint").length > 0) return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 500);
  });
}

// Loaded by the first page that has a questionnaire (now, or later through instant navigation): an article
// never fetches or runs the assessment's modules.
/** @type {Promise<unknown> | null} */
let loading = null;
onEveryPage(() => {
  if (loading || !document.querySelector("section.bt-assessment[data-rubric-id]")) return;
  loading = afterFirstPaint().then(() => import("./assessment/main.js")).catch(cannotLoad);
});
