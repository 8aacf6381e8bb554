// Result type "ranking": the scales ordered by score, the top one named first.

import {element} from "../dom.js";
import {noSummary, scaleNamer, summaryBox, summaryTitle} from "../result-parts.js";

/**
 * @typedef {import("../result-types.js").RankingSummary} RankingSummary
 * @typedef {import("../result-types.js").ScaleResult} ScaleResult
 */

/** @type {import("./index.js").ResultView} */
export default {
  type: "ranking",

  summary(context, result) {
    const {locale} = context;
    const box = summaryBox();
    const summary = /** @type {RankingSummary} */ (result.summary);
    const top = summary.scale ? result.scales.find((scale) => scale.id === summary.scale) : undefined;
    if (!top) return noSummary(box, context);
    const scaleName = scaleNamer(result);
    box.append(summaryTitle(locale.t("result.top_direction", {name: top.name})));
    if (top.description) box.append(element("p", {className: "bt-description", text: top.description}));
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
    return scale ? context.locale.t("result.top_direction", {name: scale}) : context.locale.t("result.no_summary");
  },

  validSummary(summary, known) {
    return summary.scale === null || (typeof summary.scale === "string" && known.scales.includes(summary.scale));
  },

  scaleOrder(result) {
    return result.ranking.map((entry) => result.scales.find((scale) => scale.id === entry.scale))
      .filter((scale) => scale !== undefined);
  },
};
