// Result type "composite": one overall score made of several scales, then the scales.

import {element} from "../dom.js";
import {noSummary, scoredBlock, summaryBox, summaryTitle} from "../result-parts.js";

/** @type {import("./index.js").ResultView} */
export default {
  type: "composite",

  summary(context, result) {
    const box = summaryBox();
    const summary = /** @type {import("../result-types.js").CompositeSummary} */ (result.summary);
    const composite = result.composites.find((entry) => entry.id === summary.composite);
    if (!composite) return noSummary(box, context);
    box.append(summaryTitle(composite.name));
    if (composite.description) box.append(element("p", {className: "bt-description", text: composite.description}));
    box.append(...scoredBlock(context, composite, {
      bands: context.scoring.composites[composite.id]?.bands, headingLevel: 4,
      earlier: context.previous?.composites?.[composite.id],
      notEnough: context.locale.t("result.composite_not_enough"),
    }));
    return box;
  },

  headline(context, entry, result) {
    const {locale} = context;
    const summary = /** @type {import("../result-types.js").CompositeSummary} */ (entry.summary);
    const value = entry.composites[summary.composite];
    const composite = result.composites.find((candidate) => candidate.id === summary.composite)?.name;
    return typeof value === "number" && composite
      ? `${composite}: ${locale.t("result.score", {score: locale.score(value)})}` : locale.t("result.no_summary");
  },

  validSummary(summary, known) {
    return typeof summary.composite === "string" && known.composites.includes(summary.composite);
  },

  scaleOrder(result) {
    return result.scales;
  },
};
