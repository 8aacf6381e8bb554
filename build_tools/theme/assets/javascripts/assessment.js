// Assessment pages: the entry module (mkdocs.yml loads it as a module on every page). Everything else is in
// assessment/ and loads with assessment/main.js. Its modules share the engine's protocol with the worker in
// the site's runtime/ folder, so a site built without the runtime, or a host that serves .mjs files with a
// wrong type, stops them loading: the assessment then says so, rather than staying silent.

import {format} from "./assessment/locale.js";
import {onEveryPage} from "./assessment/pages.js";

const SECTION = "section.bt-assessment[data-rubric-id]";

/** @param {unknown} error */
function cannotLoad(error) {
  const detail = error instanceof Error ? error.message : String(error);
  onEveryPage(() => {
    const section = /** @type {HTMLElement | null} */ (document.querySelector(SECTION));
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

/**
 * A returning reader's engine worker, started as soon as this module runs rather than after the first paint:
 * with a service worker in control, the runtime an earlier visit kept comes from the device and does not compete
 * with the page for the network, and the worker's start overlaps the page's own. (A reader who has only read
 * articles has no runtime kept yet: the service worker fetches it, after the page's stylesheets, which any
 * module script waits for.) What the worker reports is held until main.js takes it over (engine-client.js).
 * Null on a first visit and wherever no service worker controls the page.
 *
 * @returns {import("./assessment/engine-client.js").StartedWorker | null}
 */
function startedWorker() {
  const section = /** @type {HTMLElement | null} */ (document.querySelector(SECTION));
  const runtime = section?.dataset.runtimeUrl;
  if (!runtime || !navigator.serviceWorker?.controller) return null;
  try {
    const url = new URL(`${runtime}engine-worker.mjs`, window.location.href).href;
    performance.mark("bt:worker-created"); // as engine-client.js marks a worker it creates
    const worker = new Worker(url, {type: "module"});
    /** @type {Event[]} */
    const held = [];
    const hold = (/** @type {Event} */ event) => held.push(event);
    worker.addEventListener("message", hold);
    worker.addEventListener("error", hold);
    document.addEventListener("securitypolicyviolation", hold);
    const take = () => {
      worker.removeEventListener("message", hold);
      worker.removeEventListener("error", hold);
      document.removeEventListener("securitypolicyviolation", hold);
      return held.splice(0);
    };
    return {url, worker, take};
  } catch {
    return null; // a worker refused: main.js tries again as on a first visit, and reports what it finds
  }
}

// Loaded by the first page that has a questionnaire (now, or later through instant navigation): an article
// never fetches or runs the assessment's modules.
/** @type {Promise<unknown> | null} */
let loading = null;
// As soon as this module runs (the page is parsed by then), before Material has set the page up.
const started = startedWorker();
onEveryPage(() => {
  if (loading || !document.querySelector(SECTION)) return;
  loading = afterFirstPaint().then(() => import("./assessment/main.js"))
    .then((main) => main.openAssessments(started))
    .catch((error) => {
      started?.worker.terminate(); // nothing will take it over
      cannotLoad(error);
    });
});
