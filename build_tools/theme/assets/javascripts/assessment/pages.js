// Page loads: Material's instant navigation swaps pages without running scripts again, and tells of each
// page shown through its `document$` observable; without Material (or before it), the document itself.

/** @param {() => void} callback called for the page shown now and for every page shown later */
export function onEveryPage(callback) {
  const documents = /** @type {{document$?: {subscribe?: (next: () => void) => unknown}}} */ (
    /** @type {unknown} */ (window)).document$;
  if (documents && typeof documents.subscribe === "function") {
    documents.subscribe(() => callback());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", callback, {once: true});
  } else {
    callback();
  }
}
