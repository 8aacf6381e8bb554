// Result type "ranking": the scales ordered by score, the top one named first.

import {element} from "../dom.js";
import {noSummary, scaleNamer, summaryBox, summaryTitle} from "../result-parts.js";

/**
 * @typedef {import("../result-types.js").RankingSummary} RankingSummary
 * @typedef {import("../result-types.js").ScaleResult} ScaleResult
 */

/**
 * Several directions share the top score: all of them are named, none first.
 *
 * @param {import("../locale.js").Locale} locale
 * @param {string[]} names
 */
function tiedText(locale, names) {
  return locale.t("result.tied_directions", {names: names.join(locale.t("result.list_separator"))});
}

/** @type {import("./index.js").ResultView} */
export default {
  type: "ranking",

  summary(context, result) {
    const {locale} = context;
    const box = summaryBox();
    const summary = /** @type {RankingSummary} */ (result.summary);
    const top = summary.scale ? result.scales.find((scale) => scale.id === summary.scale) : undefined;
    const tied = summary.tied ?? [];
    if (!top && !tied.length) return noSummary(box, context);
    const scaleName = scaleNamer(result);
    if (top) {
      box.append(summaryTitle(locale.t("result.top_direction", {name: top.name})));
      if (top.description) box.append(element("p", {className: "bt-description", text: top.description}));
    } else {
      box.append(summaryTitle(tiedText(locale, tied.map(scaleName))));
    }
    box.append(element("h4", {text: locale.t("result.ranking")}));
    box.append(element("ol", {className: "bt-ranking"}, result.ranking.map((entry) => element("li", {},
      [element("span", {className: "bt-ranking__name", text: scaleName(entry.scale)}), " — ",
        entry.status === "ok" ? element("span", {className: "bt-score__value",
          text: locale.t("result.score", {score: locale.score(entry.score)})})
          : element("span", {className: "bt-not-enough", text: locale.t("result.not_enough_short")})]))));
    return box;
  },

  headline(context, entry, result) {
    const summary = /** @type {RankingSummary} */ (entry.summary);
    const scale = summary.scale && result.scales.find((candidate) => candidate.id === summary.scale)?.name;
    if (scale) return context.locale.t("result.top_direction", {name: scale});
    const tied = (summary.tied ?? []).map((id) => result.scales.find((candidate) => candidate.id === id)?.name)
      .filter((name) => name !== undefined);
    return tied.length ? tiedText(context.locale, tied) : context.locale.t("result.no_summary");
  },

  validSummary(summary, known) {
    const tied = summary.tied;
    const tiedOk = tied === undefined || (Array.isArray(tied) && tied.length <= known.scales.length
      && tied.every((id) => typeof id === "string" && known.scales.includes(id)));
    return tiedOk && (summary.scale === null || (typeof summary.scale === "string" && known.scales.includes(summary.scale)));
  },

  scaleOrder(result) {
    return result.ranking.map((entry) => result.scales.find((scale) => scale.id === entry.scale))
      .filter((scale) => scale !== undefined);
  },
};
