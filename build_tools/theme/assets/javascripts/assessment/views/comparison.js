// Self versus others (compare.js's comparison) as the reader sees it: how many responses arrived, a dot plot
// per scale with the data table beside it carrying the same numbers, and the gaps that matter, each with
// what it may mean, one thing to do and where to read more in the reader's language.
//
// Anonymity is compare.js's: this view shows pooled numbers only where compare.js gives them, and the raters
// who chose to be shown one by one; below the minimum it says how many more responses are needed, nothing else.

import {element} from "../dom.js";
import {linkLabel, siteLink} from "../titles.js";

/**
 * @typedef {import("../result-parts.js").ViewContext} ViewContext
 * @typedef {import("../result-types.js").Result} Result
 * @typedef {import("../compare.js").Comparison} Comparison
 * @typedef {import("../compare.js").ScaleComparison} ScaleComparison
 * @typedef {object} ComparisonParts
 * @property {Comparison} comparison
 * @property {Result} self the taker's result (for the scales' reading links)
 * @property {number} minRaters
 * @property {number} threshold the gap threshold, in points
 * @property {string} article the feedback conversation article, as a rubric link ("articles/x.md")
 */

const TICKS = [0, 25, 50, 75, 100];

/** @param {number} value */
function percent(value) {
  return `${Math.max(0, Math.min(100, value))}%`;
}

/**
 * A mark on a chart track.
 *
 * @param {string} kind
 * @param {number} left
 * @param {number} [width]
 */
function mark(kind, left, width) {
  const node = element("span", {className: `bt-chart__${kind}`});
  node.style.left = percent(left);
  if (width !== undefined) node.style.width = percent(width);
  return node;
}

/**
 * What one scale's row of the chart says, in words (its accessible name).
 *
 * @param {ViewContext} context
 * @param {ScaleComparison} scale
 */
function rowLabel(context, scale) {
  const {locale} = context;
  const parts = [scale.name];
  parts.push(scale.self === null ? locale.t("feedback.self_none") : locale.t("feedback.self_score", {score: locale.score(scale.self)}));
  if (scale.others) {
    parts.push(locale.t("feedback.others_score", {mean: locale.score(scale.others.mean),
      spread: locale.score(scale.others.spread)}));
  }
  scale.shown.forEach((score, index) => {
    if (score !== null) parts.push(locale.t("feedback.shown_score", {number: index + 1, score: locale.score(score)}));
  });
  return parts.join("; ");
}

/**
 * The dot plot: per scale, the taker's score (a filled dot), the others' mean (a hollow diamond) inside a
 * bar from one spread below to one above, and each shown rater (a triangle). Shapes, not colours alone,
 * tell them apart; each row's accessible name says the same in words.
 *
 * @param {ViewContext} context
 * @param {ScaleComparison[]} scales
 */
function chart(context, scales) {
  const {locale} = context;
  const figure = element("figure", {className: "bt-chart"});
  figure.append(element("figcaption", {id: "bt-chart-caption", text: locale.t("feedback.chart_caption")}));
  const legend = element("ul", {className: "bt-chart__legend", "aria-hidden": "true"}, [
    element("li", {}, [element("span", {className: "bt-chart__key bt-chart__key--self"}), locale.t("feedback.legend_self")]),
    element("li", {}, [element("span", {className: "bt-chart__key bt-chart__key--others"}), locale.t("feedback.legend_others")]),
    element("li", {}, [element("span", {className: "bt-chart__key bt-chart__key--spread"}), locale.t("feedback.legend_spread")]),
  ]);
  if (scales.some((scale) => scale.shown.length)) {
    legend.append(element("li", {}, [element("span", {className: "bt-chart__key bt-chart__key--shown"}),
      locale.t("feedback.legend_shown")]));
  }
  const rows = element("div", {className: "bt-chart__rows", role: "list", "aria-labelledby": "bt-chart-caption"});
  for (const scale of scales) {
    const track = element("div", {className: "bt-chart__track", role: "img", "aria-label": rowLabel(context, scale)});
    for (const tick of TICKS) track.append(mark("tick", tick));
    if (scale.others) {
      const low = Math.max(0, scale.others.mean - scale.others.spread);
      const high = Math.min(100, scale.others.mean + scale.others.spread);
      track.append(mark("spread", low, high - low), mark("others", scale.others.mean));
    }
    for (const score of scale.shown) if (score !== null) track.append(mark("shown", score));
    if (scale.self !== null) track.append(mark("self", scale.self));
    rows.append(element("div", {className: "bt-chart__row", role: "listitem", "data-scale": scale.id}, [
      element("span", {className: "bt-chart__label", "aria-hidden": "true", text: scale.name}),
      track,
    ]));
  }
  const axis = element("div", {className: "bt-chart__axis", "aria-hidden": "true"});
  for (const tick of TICKS) {
    const label = element("span", {text: String(tick)});
    label.style.left = percent(tick);
    axis.append(label);
  }
  figure.append(legend, rows, element("div", {className: "bt-chart__row bt-chart__row--axis", "aria-hidden": "true"}, [
    element("span", {className: "bt-chart__label"}), axis]));
  return figure;
}

/**
 * @param {ViewContext} context
 * @param {number | null | undefined} value
 * @param {string} kind data-value of the cell
 */
function numberCell(context, value, kind) {
  return element("td", {"data-value": kind, text: value === null || value === undefined ? "–" : context.locale.score(value)});
}

/**
 * The table with the chart's numbers.
 *
 * @param {ViewContext} context
 * @param {Comparison} comparison
 */
function table(context, comparison) {
  const {locale} = context;
  const pooled = comparison.scales.some((scale) => scale.others);
  const head = element("tr", {}, [
    element("th", {scope: "col", text: locale.t("feedback.col_scale")}),
    element("th", {scope: "col", text: locale.t("feedback.col_self")}),
  ]);
  if (pooled) {
    head.append(element("th", {scope: "col", text: locale.t("feedback.col_others")}),
      element("th", {scope: "col", text: locale.t("feedback.col_spread")}),
      element("th", {scope: "col", text: locale.t("feedback.col_difference")}));
  }
  for (let index = 0; index < comparison.shown; index += 1) {
    head.append(element("th", {scope: "col", text: locale.t("feedback.col_shown", {number: index + 1})}));
  }
  if (pooled) head.append(element("th", {scope: "col", text: locale.t("feedback.col_reading")}));
  const body = element("tbody");
  for (const scale of comparison.scales) {
    const row = element("tr", {"data-scale": scale.id}, [element("th", {scope: "row", text: scale.name}),
      numberCell(context, scale.self, "self")]);
    if (pooled) {
      row.append(numberCell(context, scale.others?.mean, "others"), numberCell(context, scale.others?.spread, "spread"),
        element("td", {"data-value": "difference",
          text: scale.difference === null ? "–" : locale.signed(Math.round(scale.difference * 10) / 10)}));
    }
    scale.shown.forEach((score, index) => row.append(numberCell(context, score, `shown-${index + 1}`)));
    if (pooled) {
      row.append(element("td", {"data-value": "gap", text: scale.gap ? locale.t(`feedback.gap_${scale.gap.replace("-", "_")}`) : "–"}));
    }
    body.append(row);
  }
  return element("div", {className: "bt-comparison__table", role: "region", tabindex: "0",
    "aria-label": locale.t("feedback.table_caption")}, [
    element("table", {className: "bt-comparison-table"}, [
      element("caption", {text: locale.t("feedback.table_caption")}),
      element("thead", {}, [head]),
      body,
    ]),
  ]);
}

/**
 * The links a gap's reading points to: the articles the scale's own actions link to, then the feedback
 * conversation.
 *
 * @param {ViewContext} context
 * @param {import("../result-types.js").ScaleResult | undefined} scale
 * @param {string} article the article's section on this kind of gap
 */
function readings(context, scale, article) {
  const {locale, titles, siteRoot} = context;
  const seen = new Set();
  const list = element("ul", {className: "bt-gap__links"});
  for (const action of scale?.actions || []) {
    if (!action.link || seen.has(action.link)) continue;
    seen.add(action.link);
    const label = linkLabel(titles, action.link);
    if (label) list.append(element("li", {}, [element("a", {href: siteLink(action.link, siteRoot).href, text: label})]));
  }
  list.append(element("li", {}, [element("a", {href: siteLink(article, siteRoot).href, "data-bt-article": true,
    text: locale.t("feedback.article_link")})]));
  return list;
}

/**
 * The gaps, each with its reading, action and links.
 *
 * @param {ViewContext} context
 * @param {ComparisonParts} parts
 */
function gaps(context, {comparison, self, threshold, article}) {
  const {locale} = context;
  const box = element("div", {className: "bt-feedback-gaps"}, [element("h4", {text: locale.t("feedback.gaps_title")})]);
  const found = comparison.scales.filter((scale) => scale.gap === "blind-spot" || scale.gap === "hidden-strength");
  if (!found.length) {
    box.append(element("p", {text: locale.t("feedback.no_gaps", {threshold: locale.score(threshold)})}));
    return box;
  }
  for (const scale of found) {
    const key = scale.gap === "blind-spot" ? "blind_spot" : "hidden_strength";
    const values = {scale: scale.name, self: locale.score(/** @type {number} */ (scale.self)),
      others: locale.score(/** @type {number} */ (scale.others?.mean))};
    box.append(element("section", {className: `bt-gap bt-gap--${scale.gap}`, "data-gap": scale.gap, "data-scale": scale.id,
      "aria-labelledby": `bt-gap-${scale.id}`}, [
      element("h5", {id: `bt-gap-${scale.id}`, text: locale.t(`feedback.${key}_title`, values)}),
      element("p", {text: locale.t(`feedback.${key}_meaning`, values)}),
      element("p", {className: "bt-gap__action", text: locale.t(`feedback.${key}_action`, values)}),
      readings(context, self.scales.find((own) => own.id === scale.id),
        `${article}#${scale.gap === "blind-spot" ? "blind-spots" : "hidden-strengths"}`),
    ]));
  }
  return box;
}

/**
 * The comparison's nodes.
 *
 * @param {ViewContext} context
 * @param {ComparisonParts} parts
 * @returns {HTMLElement}
 */
export function comparisonView(context, parts) {
  const {locale, siteRoot} = context;
  const {comparison, minRaters} = parts;
  const box = element("div", {className: "bt-comparison", "data-bt-comparison": true,
    "data-pooled": comparison.pooled, "data-shown": comparison.shown});
  box.append(element("p", {"data-bt-comparison-count": true,
    text: locale.t("feedback.received", {pooled: comparison.pooled, shown: comparison.shown})}));
  const needed = Math.max(0, minRaters - comparison.pooled);
  if (needed) {
    box.append(element("p", {className: "bt-comparison__waiting", "data-bt-comparison-waiting": true,
      text: locale.t("feedback.waiting", {minimum: minRaters, needed})}));
  }
  const pooled = comparison.scales.some((scale) => scale.others);
  if (pooled || comparison.shown) {
    box.append(chart(context, comparison.scales), table(context, comparison));
    if (pooled) box.append(gaps(context, parts));
  }
  box.append(element("p", {className: "bt-comparison__article"}, [
    locale.t("feedback.article_intro"), " ",
    element("a", {href: siteLink(parts.article, siteRoot).href, "data-bt-article": true, text: locale.t("feedback.article_link")}),
  ]));
  return box;
}
