// The notices above the questionnaire (restored answers, a result link, discarded records, storage), each
// under an id so that a newer one replaces it.

import {element} from "./dom.js";

/**
 * @typedef {{label: string, run: () => void}} NoticeAction
 * @typedef {{kind?: "info" | "warning", actions?: NoticeAction[]}} NoticeOptions
 */

export class Notices {
  /** @param {HTMLElement} region a live region */
  constructor(region) {
    this.region = region;
  }

  /**
   * Shows `text` under `id` (replacing any notice with that id); no text just removes it.
   *
   * @param {string} id
   * @param {string | null} text
   * @param {NoticeOptions} [options]
   */
  show(id, text, options = {}) {
    this.region.querySelector(`[data-notice="${id}"]`)?.remove();
    if (!text) return;
    const box = element("div", {className: `admonition ${options.kind || "info"} bt-notice`, "data-notice": id}, [
      element("p", {text}),
    ]);
    for (const action of options.actions || []) {
      const button = element("button", {type: "button", className: "md-button", text: action.label});
      button.addEventListener("click", action.run);
      box.append(element("p", {}, [button]));
    }
    this.region.append(box);
  }
}
