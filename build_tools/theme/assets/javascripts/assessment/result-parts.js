// Pieces every result view is built from: score bars, score lines, changes since an earlier result,
// suggested actions, the quality flags and the list of scales.

import {element} from "./dom.js";
import {linkLabel, siteLink} from "./titles.js";

/**
 * @typedef {import("./locale.js").Locale} Locale
 * @typedef {import("./titles.js").Titles} Titles
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {import("./result-types.js").Scored} Scored
 * @typedef {import("./result-types.js").ScaleResult} ScaleResult
 * @typedef {import("./result-types.js").Action} Action
 * @typedef {import("./result-types.js").HistoryEntry} HistoryEntry
 * @typedef {import("./result-types.js").Scoring} Scoring
 *
 * @typedef {object} ViewContext What a view needs besides the result.
 * @property {Locale} locale
 * @property {Scoring} scoring
 * @property {string} siteRoot The language root, relative to the page.
 * @property {Titles} titles
 * @property {HistoryEntry | null} previous The most recent kept result given with other answers.
 */

/**
 * A bar from 0 to 100 with a tick where each band starts (hidden from assistive technology: the score line
 * says the same in words).
 *
 * @param {number} score
 * @param {number[] | undefined} bands
 */
export function meter(score, bands) {
  const bar = element("div", {className: "bt-meter", "aria-hidden": "true"});
  const fill = element("div", {className: "bt-meter__fill"});
  fill.style.width = `${Math.max(0, Math.min(100, score))}%`;
  bar.append(fill);
  for (const start of bands || []) {
    const tick = element("span", {className: "bt-meter__tick"});
    tick.style.left = `${start}%`;
    bar.append(tick);
  }
  return bar;
}

/**
 * "54.0 out of 100 · Band: Moderate" (+ polarity) as text next to the bar.
 *
 * @param {ViewContext} context
 * @param {Scored} entry
 * @param {string | undefined} polarity
 */
export function scoreLine(context, entry, polarity) {
  const {locale} = context;
  const line = element("p", {className: "bt-score"}, [
    element("strong", {className: "bt-score__value", text: locale.t("result.score", {score: locale.score(entry.score)})}),
  ]);
  if (entry.band) line.append(" · ", element("span", {className: "bt-score__band", "data-band": entry.band.id,
    text: locale.t("result.band", {band: entry.band.label})}));
  if (polarity) line.append(" · ", element("span", {className: "bt-score__polarity",
    text: locale.t(polarity === "risk" ? "result.higher_risk" : "result.higher_strength")}));
  return line;
}

/**
 * The change since the previous result, or null when there is none to compare with.
 *
 * @param {ViewContext} context
 * @param {unknown} current
 * @param {unknown} earlier
 */
export function change(context, current, earlier) {
  const {locale, previous} = context;
  if (!previous || typeof earlier !== "number" || typeof current !== "number") return null;
  const date = locale.date(previous.date);
  const delta = Math.round((current - earlier) * 10) / 10;
  return element("p", {className: "bt-change"}, [delta === 0 ? locale.t("history.unchanged", {date})
    : locale.t("history.change", {date, delta: locale.signed(delta)})]);
}

/**
 * @param {ViewContext} context
 * @param {Action[] | undefined} list
 * @param {number} headingLevel
 * @returns {HTMLElement[]}
 */
export function actions(context, list, headingLevel) {
  const {locale, titles, siteRoot} = context;
  if (!list || !list.length) return [];
  const items = list.map((action) => {
    const entry = element("li", {}, [element("span", {text: action.text})]);
    if (action.link) {
      const label = linkLabel(titles, action.link) || locale.t("result.read_more");
      entry.append(" ", element("a", {href: siteLink(action.link, siteRoot).href, className: "bt-action__link",
        text: label}));
    }
    return entry;
  });
  const heading = document.createElement(`h${headingLevel}`);
  heading.className = "bt-actions__title";
  heading.textContent = locale.t("result.actions");
  return [heading, element("ul", {className: "bt-actions"}, items)];
}

/**
 * A scale's or composite's bar, score, change, interpretation and actions; or why it was not scored.
 *
 * @param {ViewContext} context
 * @param {Scored} entry
 * @param {{bands?: number[], polarity?: string, headingLevel: number, earlier: unknown, notEnough: string}} options
 * @returns {HTMLElement[]}
 */
export function scoredBlock(context, entry, {bands, polarity, headingLevel, earlier, notEnough}) {
  if (entry.status !== "ok") return [element("p", {className: "bt-not-enough", text: notEnough})];
  /** @type {(HTMLElement | null)[]} */
  const block = [meter(entry.score, bands), scoreLine(context, entry, polarity), change(context, entry.score, earlier)];
  if (entry.interpretation) block.push(element("p", {className: "bt-interpretation", text: entry.interpretation}));
  block.push(...actions(context, entry.actions, headingLevel));
  return block.filter((node) => node !== null);
}

/** The box every view's summary goes in. */
export function summaryBox() {
  return element("section", {className: "bt-summary", "aria-labelledby": "bt-summary-title"});
}

/**
 * The summary's heading.
 *
 * @param {string} text
 */
export function summaryTitle(text) {
  return element("h3", {id: "bt-summary-title", text});
}

/**
 * A summary that has nothing to say: too little was answered.
 *
 * @param {HTMLElement} box
 * @param {ViewContext} context
 */
export function noSummary(box, context) {
  box.append(summaryTitle(context.locale.t("result.summary")),
    element("p", {className: "bt-not-enough", text: context.locale.t("result.no_summary")}));
  return box;
}

/**
 * A function naming a scale by its id, from the result (in the page's language).
 *
 * @param {Result} result
 * @returns {(id: string) => string}
 */
export function scaleNamer(result) {
  return (id) => result.scales.find((scale) => scale.id === id)?.name || id;
}

/**
 * Warnings about the answers (too few, the same answer everywhere), or null.
 *
 * @param {ViewContext} context
 * @param {Result} result
 */
export function flags(context, result) {
  if (!result.flags.length) return null;
  const {locale} = context;
  const box = element("div", {className: "admonition warning bt-flags"}, [
    element("p", {className: "admonition-title", text: locale.t("result.quality")}),
  ]);
  for (const flag of result.flags) {
    box.append(element("p", {"data-flag": flag, text: locale.t(`flags.${flag}`, {
      answered: result.answered, total: result.total, minimum: context.scoring.min_answers_total,
    })}));
  }
  return box;
}

/**
 * Every scale, in the order given.
 *
 * @param {ViewContext} context
 * @param {ScaleResult[]} order
 * @returns {HTMLElement[]}
 */
export function scales(context, order) {
  const {locale, scoring, previous} = context;
  const list = element("div", {className: "bt-scales"});
  for (const scale of order) {
    const block = element("section", {className: "bt-scale", "data-scale": scale.id,
      "aria-labelledby": `bt-scale-${scale.id}`});
    block.append(element("h4", {id: `bt-scale-${scale.id}`, text: scale.name}));
    if (scale.description) block.append(element("p", {className: "bt-description", text: scale.description}));
    block.append(...scoredBlock(context, scale, {
      bands: scoring.scales[scale.id]?.bands, polarity: scale.polarity, headingLevel: 5,
      earlier: previous?.scales?.[scale.id],
      notEnough: locale.t("result.not_enough", {answered: scale.answered, required: scale.required}),
    }));
    list.append(block);
  }
  return [element("h3", {text: locale.t("result.scales")}), list];
}
