// Building the page's nodes. No innerHTML anywhere: every text, translated or from the rubric, goes through
// textContent.

/**
 * @typedef {Record<string, string | number | boolean | null | undefined>} ElementOptions
 *   `text` sets textContent, `className` the class, `hidden` the property; any other name is an attribute
 *   (true: present and empty; false, null, undefined: left out).
 * @typedef {Node | string | null | undefined | false} Child
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {ElementOptions} [options]
 * @param {Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "className") node.className = String(value);
    else if (name === "hidden") node.hidden = Boolean(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

/**
 * Calls `callback` once the browser is about to paint: a live region's text set then is announced, where
 * text set in the same task as the region itself is not.
 *
 * @param {() => void} callback
 */
export function afterRender(callback) {
  requestAnimationFrame(callback);
}

/**
 * Runs `task` when the page has nothing else to do (at the latest after two seconds): work the reader is not
 * waiting for stays out of the tasks that start the page and show a result.
 *
 * @param {() => void} task
 */
export function whenIdle(task) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => task(), {timeout: 2000});
  else setTimeout(task, 0);
}

/**
 * Runs `task` in a task of its own once the next frame is painted: what the reader is shown first is drawn
 * without waiting for it. A hidden page paints no frames, so there it runs in the next task.
 *
 * @param {() => void} task
 */
export function afterPaint(task) {
  if (document.visibilityState === "hidden") setTimeout(task, 0);
  else requestAnimationFrame(() => setTimeout(task, 0));
}
