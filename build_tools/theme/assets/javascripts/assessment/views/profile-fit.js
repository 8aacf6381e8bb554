// Result type "profile-fit": how close the answers come to each profile, the closest first, with the gaps
// between the reader's scales and the profile's targets. Profiles at the same distance are named together
// (summary.tied, in rubric order), never one of them by the order the rubric lists them in.

import {element} from "../dom.js";
import {isId} from "../checks.js";
import {change, meter, noSummary, scaleNamer, summaryBox, summaryTitle} from "../result-parts.js";

/**
 * @typedef {import("../result-types.js").ProfileFitSummary} ProfileFitSummary
 * @typedef {import("../result-types.js").Fit} Fit
 * @typedef {import("../result-parts.js").ViewContext} ViewContext
 */

/**
 * The table of gaps between the reader's scores and a profile's targets.
 *
 * @param {ViewContext} context
 * @param {Fit} fit
 * @param {(id: string) => string} scaleName
 */
function gapTable(context, fit, scaleName) {
  const {locale} = context;
  const rows = fit.gaps.map((gap) => element("tr", {}, [
    element("th", {scope: "row", text: scaleName(gap.scale)}),
    element("td", {text: gap.score === null ? "—" : locale.score(gap.score)}),
    element("td", {text: locale.score(gap.target)}),
    element("td", {text: gap.gap === null ? "—" : locale.signed(gap.gap)}),
  ]));
  return element("div", {className: "bt-gaps-scroll"}, [element("table", {className: "bt-gaps"}, [
    element("caption", {text: locale.t("result.gaps_caption", {name: fit.name})}),
    element("thead", {}, [element("tr", {}, [
      element("th", {scope: "col", text: locale.t("result.gap_area")}),
      element("th", {scope: "col", text: locale.t("result.gap_you")}),
      element("th", {scope: "col", text: locale.t("result.gap_profile")}),
      element("th", {scope: "col", text: locale.t("result.gap_difference")}),
    ])]),
    element("tbody", {}, rows),
  ])]);
}

/**
 * One profile: its fit, the change since the previous result and the gaps.
 *
 * @param {ViewContext} context
 * @param {Fit} fit
 * @param {boolean} closest
 * @param {(id: string) => string} scaleName
 */
function profileBlock(context, fit, closest, scaleName) {
  const {locale} = context;
  const block = element("div", {className: "bt-profile", "data-profile": fit.id});
  block.append(element("h4", {text: fit.name}));
  if (!closest && fit.description) block.append(element("p", {className: "bt-description", text: fit.description}));
  if (fit.status !== "ok") {
    block.append(element("p", {className: "bt-not-enough", text: locale.t("result.no_summary")}));
    return block;
  }
  block.append(meter(fit.fit, []), element("p", {className: "bt-score"}, [
    element("strong", {className: "bt-score__value", text: locale.t("result.profile_fit", {fit: locale.score(fit.fit)})}),
  ]));
  const since = change(context, fit.fit, context.previous?.fits?.[fit.id]);
  if (since) block.append(since);
  block.append(gapTable(context, fit, scaleName));
  return block;
}

/**
 * The profiles named together when several are equally close: the known fits of summary.tied.
 *
 * @param {ProfileFitSummary} summary
 * @param {Fit[]} fits
 */
function tiedFits(summary, fits) {
  return (summary.tied ?? []).map((id) => fits.find((fit) => fit.id === id)).filter((fit) => fit !== undefined);
}

/**
 * @param {ViewContext["locale"]} locale
 * @param {string[]} names
 */
function tiedText(locale, names) {
  return locale.t("result.tied_profiles", {names: names.join(locale.t("result.list_separator"))});
}

/** @type {import("./index.js").ResultView} */
export default {
  type: "profile-fit",

  summary(context, result) {
    const box = summaryBox();
    const summary = /** @type {ProfileFitSummary} */ (result.summary);
    const fits = result.profiles.fits;
    const scaleName = scaleNamer(result);
    const tied = tiedFits(summary, fits);
    if (tied.length > 1) {
      box.append(summaryTitle(tiedText(context.locale, tied.map((fit) => fit.name))));
      for (const fit of [...tied, ...fits.filter((other) => !tied.includes(other))]) {
        box.append(profileBlock(context, fit, false, scaleName));
      }
      return box;
    }
    const closest = fits.find((fit) => fit.id === summary.profile);
    if (!closest) return noSummary(box, context);
    box.append(summaryTitle(context.locale.t("result.closest_profile", {name: closest.name})));
    if (closest.description) box.append(element("p", {className: "bt-description", text: closest.description}));
    for (const fit of [closest, ...fits.filter((other) => other !== closest)]) {
      box.append(profileBlock(context, fit, fit === closest, scaleName));
    }
    return box;
  },

  headline(context, entry, result) {
    const summary = /** @type {ProfileFitSummary} */ (entry.summary);
    const tied = tiedFits(summary, result.profiles.fits);
    if (tied.length > 1) return tiedText(context.locale, tied.map((fit) => fit.name));
    const profile = summary.profile && result.profiles.fits.find((fit) => fit.id === summary.profile)?.name;
    return profile ? context.locale.t("result.closest_profile", {name: profile}) : context.locale.t("result.no_summary");
  },

  validSummary(summary, known) {
    const isFit = (/** @type {unknown} */ id) => isId(id) && Object.hasOwn(known.fits, /** @type {string} */ (id));
    // Entries saved before ties were stated have no `tied`.
    const tied = summary.tied;
    const tiedOk = tied === undefined || (Array.isArray(tied) && tied.length <= Object.keys(known.fits).length
      && tied.every(isFit));
    return tiedOk && (summary.profile === null || isFit(summary.profile));
  },

  scaleOrder(result) {
    return result.scales;
  },
};
