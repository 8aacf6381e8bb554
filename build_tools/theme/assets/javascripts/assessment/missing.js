// Unanswered statements the result needs, marked on the form.

import {element} from "./dom.js";

/**
 * @typedef {import("./form-model.js").FormItem} FormItem
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {import("./result-types.js").Scoring} Scoring
 * @typedef {FormItem & {fieldset: HTMLFieldSetElement, legend: HTMLLegendElement, inputs: HTMLInputElement[]}} PageItem
 */

/**
 * Unanswered items the result needs: those of scales below their minimum, or all of them when too few
 * statements are answered overall.
 *
 * @template {FormItem} T
 * @param {T[]} items
 * @param {Scoring} scoring
 * @param {Answers} answers
 * @returns {T[]}
 */
export function neededItems(items, scoring, answers) {
  const unanswered = items.filter((item) => !(item.id in answers));
  if (Object.keys(answers).length < scoring.min_answers_total) return unanswered;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const item of items) {
    if (item.id in answers) for (const scale of item.scales) counts[scale] = (counts[scale] || 0) + 1;
  }
  const short = new Set(Object.entries(scoring.scales)
    .filter(([scale, facts]) => (counts[scale] || 0) < facts.min_answers).map(([scale]) => scale));
  return unanswered.filter((item) => item.scales.some((scale) => short.has(scale)));
}

/** @param {PageItem} item @param {string} note */
export function mark(item, note) {
  if (item.legend.querySelector(".bt-item__missing")) return;
  item.fieldset.classList.add("bt-item--missing");
  item.legend.append(" ", element("span", {className: "bt-item__missing", text: note}));
}

/** @param {PageItem} item */
export function unmark(item) {
  item.fieldset.classList.remove("bt-item--missing");
  const note = item.legend.querySelector(".bt-item__missing");
  if (!note) return;
  const before = note.previousSibling;
  if (before?.nodeType === Node.TEXT_NODE && before.textContent === " ") before.remove();
  note.remove();
}
