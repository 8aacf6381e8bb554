// Assessment pages, once every module has loaded: one engine for the visit, and the page wiring. The work is
// done beside this file: engine-client.js (the scoring engine's worker), page.js (one questionnaire),
// storage.js, link-codec.js, history.js, sharing.js, and views/ (one module per result type, in one table);
// rater-page.js instead of page.js when the page is opened with an invitation to rate someone.
//
// Material's instant navigation does not re-run this file, so it keeps one engine for the whole visit and
// (re)initialises the form of every page it shows (`document$`). The entry module (assessment.js) calls
// openAssessments once.

import {EngineClient} from "./engine-client.js";
import {AssessmentPage} from "./page.js";
import {onEveryPage} from "./pages.js";
import {RaterPage, wantsRater} from "./rater-page.js";

/** Tests shorten the stall limit with this global (set before the page's scripts run). */
const configuredStall = Number(/** @type {{BT_ENGINE_TIMEOUT_MS?: unknown}} */ (globalThis).BT_ENGINE_TIMEOUT_MS);

/**
 * Opens every assessment page of the visit, with one engine: the worker the entry module already started
 * (a returning reader's), or one started by the first page that needs it.
 *
 * @param {import("./engine-client.js").StartedWorker | null} started
 */
export function openAssessments(started) {
  const engine = new EngineClient({
    stallMs: configuredStall > 0 ? configuredStall : 40000,
    busyMs: 180000,
    createWorker: (url) => new Worker(url, {type: "module"}),
    started,
  });

  document.addEventListener("securitypolicyviolation", (event) => engine.policyViolation(event));

  /** @type {AssessmentPage | RaterPage | null} */
  let current = null;

  // An invitation link ("#invite=…") opens the rater's view instead of the reader's own questionnaire.
  /** @param {HTMLElement} section @param {boolean} rater */
  function show(section, rater) {
    if (current) current.stop();
    current = rater ? new RaterPage(section, {leave: () => show(section, false)}) : new AssessmentPage(section, engine);
    current.start();
  }

  function initialise() {
    const section = /** @type {HTMLElement | null} */ (document.querySelector("section.bt-assessment[data-rubric-id]"));
    if (current && current.section === section) return;
    if (current) current.stop();
    current = null;
    if (section) show(section, wantsRater(window.location.hash));
    // A page that starts no engine (a rater's view) has no use for the entry module's worker.
    if (!engine.worker) engine.dropStarted();
  }

  // Registered before any page's own listener, so a page being replaced never sees the new fragment.
  window.addEventListener("hashchange", () => {
    const rater = wantsRater(window.location.hash);
    if (current && (rater || (current instanceof RaterPage && window.location.hash))) show(current.section, rater);
  });
  onEveryPage(initialise);
}
