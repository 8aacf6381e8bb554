// Sharing a result: a link with the answers in its fragment (copied, or shown to copy by hand), a JSON file
// of the whole result, and printing.

import {element} from "./dom.js";

/**
 * @typedef {import("./locale.js").Locale} Locale
 * @typedef {import("./result-types.js").Result} Result
 */

/**
 * Saves the result as a JSON file, with the comparison with others' results when there is one.
 *
 * @param {Result} result
 * @param {Record<string, unknown> | null} [comparison]
 */
export function download(result, comparison = null) {
  const created = new Date();
  const data = {
    format: "breakthrough-assessment-result",
    format_version: 1,
    created: created.toISOString(),
    page: `${window.location.origin}${window.location.pathname}`,
    rubric: result.rubric,
    language: result.language,
    answers: result.answers,
    result,
    ...(comparison ? {comparison} : {}),
  };
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], {type: "application/json"});
  const url = URL.createObjectURL(blob);
  const day = created.toISOString().slice(0, 10);
  const link = element("a", {href: url, download: `${result.rubric.id}-v${result.rubric.version}-${day}.json`,
    hidden: true});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * The sharing part of the result.
 *
 * @param {Locale} locale
 * @param {Result} result
 * @param {() => string} link The URL of a link to the result's answers.
 * @param {() => Record<string, unknown> | null} [comparison] The comparison with others, when there is one.
 */
export function sharingSection(locale, result, link, comparison = () => null) {
  const part = element("section", {className: "bt-tools", "aria-labelledby": "bt-tools-title"});
  part.append(element("h3", {id: "bt-tools-title", text: locale.t("share.title")}));
  const copy = element("button", {type: "button", className: "md-button", "data-bt-copy": true,
    text: locale.t("share.copy")});
  const save = element("button", {type: "button", className: "md-button", "data-bt-download": true,
    text: locale.t("share.download")});
  const print = element("button", {type: "button", className: "md-button", "data-bt-print": true,
    text: locale.t("share.print")});
  const status = element("p", {role: "status", className: "bt-tools__status"});
  const input = element("input", {type: "text", id: "bt-link-field", readonly: true, "data-bt-link": true});
  const field = element("p", {className: "bt-link", hidden: true}, [
    element("label", {for: "bt-link-field", text: locale.t("share.link_label")}),
    input,
  ]);
  copy.addEventListener("click", async () => {
    const url = link();
    input.value = url;
    field.hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = locale.t("share.copied");
    } catch {
      status.textContent = locale.t("share.copy_failed");
      input.focus();
      input.select();
    }
  });
  save.addEventListener("click", () => download(result, comparison()));
  print.addEventListener("click", () => window.print());
  part.append(element("p", {className: "bt-tools__buttons"}, [copy, " ", save, " ", print]), status, field);
  return part;
}
