// The result, in the order the reader meets it: when it was calculated, a notice shown once the answers
// change, the summary of its result type's view, quality flags, every scale, then asking others, the history
// and sharing. The first part is what the reader sees when the result is shown (the page paints it in one
// frame); the rest is below it and is added in a task of its own, after that frame.

import {sameAnswers} from "./checks.js";
import {element} from "./dom.js";
import {historySection} from "./history.js";
import {flags, scales} from "./result-parts.js";
import {sharingSection} from "./sharing.js";
import {viewFor} from "./views/index.js";

/**
 * @typedef {import("./result-parts.js").ViewContext} ViewContext
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {import("./result-types.js").History} History
 * @typedef {import("./form-model.js").Answers} Answers
 *
 * @typedef {object} ResultParts
 * @property {Result} result
 * @property {Answers} answers The answers it was calculated from.
 * @property {Answers} current The answers on the form now.
 * @property {string} codes The answers, as a result link.
 * @property {History} history
 * @property {(keep: boolean, status: HTMLElement) => void} onKeep
 * @property {() => string} link The URL of a link to the answers.
 * @property {(() => HTMLElement) | null} [feedback] Makes the part asking others, with the comparison.
 * @property {() => Record<string, unknown> | null} [comparison] The comparison, for the download.
 */

/**
 * The nodes of the result body: those shown first, and a function making the rest.
 *
 * @param {ViewContext} context
 * @param {ResultParts} parts
 * @returns {{first: HTMLElement[], rest: () => HTMLElement[]}}
 */
export function resultNodes(context, {result, answers, current, codes, history, onKeep, link, feedback, comparison}) {
  const {locale} = context;
  const view = viewFor(result.summary.type);
  if (!view) throw new Error(`no view for result type ${String(result.summary.type)}`);
  const stale = element("div", {className: "admonition note bt-stale", "data-bt-stale": true, hidden: true}, [
    element("p", {text: locale.t("result.stale")}),
  ]);
  stale.hidden = sameAnswers(answers, current);
  const first = [
    element("p", {className: "bt-result__meta"}, [
      locale.t("result.calculated", {date: locale.date(new Date())}), " · ",
      locale.t("result.answered", {answered: result.answered, total: result.total}),
    ]),
    stale,
    view.summary(context, result),
    flags(context, result),
    ...scales(context, view.scaleOrder(result)),
  ];
  const rest = () => [
    feedback ? feedback() : null,
    historySection(context, {result, codes, history, onKeep}),
    sharingSection(locale, result, link, comparison),
  ].filter((node) => node !== null);
  return {first: first.filter((node) => node !== null), rest};
}
