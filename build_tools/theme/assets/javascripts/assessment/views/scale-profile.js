// Result type "scale-profile": the strongest and weakest scales named, then every scale.

import {element} from "../dom.js";
import {scaleNamer, summaryBox, summaryTitle} from "../result-parts.js";

/**
 * @typedef {import("../result-types.js").ScaleProfileSummary} ScaleProfileSummary
 */

/**
 * @param {unknown} list
 * @param {string[]} scales
 */
function scaleList(list, scales) {
  return Array.isArray(list) && list.length <= scales.length && list.every((id) => scales.includes(id));
}

/**
 * The summary when every scored scale came out equally favourable: no scale is named, and the score is given
 * when the scores themselves are equal too (risk and strength scales can be equally favourable at different
 * scores).
 *
 * @param {import("../locale.js").Locale} locale
 * @param {(number | null)[]} scores Every scale's score, null when not scored.
 */
function evenText(locale, scores) {
  const distinct = new Set(scores.filter((score) => typeof score === "number"));
  const [score] = distinct;
  return distinct.size === 1 && typeof score === "number" ? locale.t("result.even_score", {score: locale.score(score)})
    : locale.t("result.even");
}

/** @type {import("./index.js").ResultView} */
export default {
  type: "scale-profile",

  summary(context, result) {
    const {locale} = context;
    const box = summaryBox();
    const summary = /** @type {ScaleProfileSummary} */ (result.summary);
    const scaleName = scaleNamer(result);
    box.append(summaryTitle(locale.t("result.summary")));
    if (summary.even) {
      box.append(element("p", {className: "bt-summary__line", text: evenText(locale, result.scales.map((scale) => scale.score))}));
    } else if (!summary.strongest.length && !summary.weakest.length) {
      box.append(element("p", {className: "bt-not-enough", text: locale.t("result.no_summary")}));
    }
    if (summary.strongest.length) box.append(element("p", {className: "bt-summary__line"}, [
      element("strong", {text: locale.t("result.strongest")}), " ",
      summary.strongest.map(scaleName).join(locale.t("result.list_separator")),
    ]));
    if (summary.weakest.length) box.append(element("p", {className: "bt-summary__line"}, [
      element("strong", {text: locale.t("result.weakest")}), " ",
      summary.weakest.map(scaleName).join(locale.t("result.list_separator")),
    ]));
    return box;
  },

  headline(context, entry, result) {
    const {locale} = context;
    const summary = /** @type {ScaleProfileSummary} */ (entry.summary);
    if (summary.even) return evenText(locale, Object.values(entry.scales));
    const strongest = summary.strongest.map((id) => result.scales.find((scale) => scale.id === id)?.name)
      .filter(Boolean);
    return strongest.length ? `${locale.t("result.strongest")} ${strongest.join(locale.t("result.list_separator"))}`
      : locale.t("result.no_summary");
  },

  validSummary(summary, known) {
    return scaleList(summary.strongest, known.scales) && scaleList(summary.weakest, known.scales)
      && (summary.even === undefined || typeof summary.even === "boolean");
  },

  scaleOrder(result) {
    return result.scales;
  },
};
