// The result views, one per result type the engine produces, in a single table: adding a result type is one
// new view module and one entry here. tests/node checks that every type in the rubric schema has a view.

import composite from "./composite.js";
import profileFit from "./profile-fit.js";
import ranking from "./ranking.js";
import scaleProfile from "./scale-profile.js";

/**
 * @typedef {import("../result-parts.js").ViewContext} ViewContext
 * @typedef {import("../result-types.js").Result} Result
 * @typedef {import("../result-types.js").ScaleResult} ScaleResult
 * @typedef {import("../result-types.js").HistoryEntry} HistoryEntry
 *
 * @typedef {object} KnownIds What a kept result's summary may name.
 * @property {string[]} scales The rubric's scales.
 * @property {string[]} composites The rubric's composites.
 * @property {Record<string, unknown>} fits The profiles the kept result has a fit for.
 *
 * @typedef {object} ResultView
 * @property {string} type The engine's result type (`summary.type`).
 * @property {(context: ViewContext, result: Result) => HTMLElement} summary The summary box.
 * @property {(context: ViewContext, entry: HistoryEntry, result: Result) => string} headline What a kept
 *   result said first, in words of today's result (names in the page's language; a stored id is never shown).
 * @property {(summary: Record<string, unknown>, known: KnownIds) => boolean} validSummary Whether a kept
 *   summary of this type is one this page could have written.
 * @property {(result: Result) => ScaleResult[]} scaleOrder The scales in the order they are listed.
 */

/** @type {Readonly<Record<string, ResultView>>} */
export const VIEWS = Object.freeze(Object.fromEntries([composite, profileFit, ranking, scaleProfile]
  .map((view) => [view.type, view])));

/**
 * The view of a result type, or null for a type this page does not know (a stored value may say anything).
 *
 * @param {unknown} type
 * @returns {ResultView | null}
 */
export function viewFor(type) {
  return typeof type === "string" && Object.hasOwn(VIEWS, type) ? VIEWS[type] : null;
}
