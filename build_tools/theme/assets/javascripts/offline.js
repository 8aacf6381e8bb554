// Registers the site's service worker (site root sw.js, built from build_tools/runtime/service-worker.js) and
// asks it to keep this language's pages, so a reader's next visit starts the engine from the device and works
// offline. Where service workers are unavailable (file:, some private modes, a reader who blocks site data)
// nothing happens and the site works as before, from the network.
//
// Once the language is kept, <html data-bt-offline="ready"> says so (tests and the curious wait on it).
/* global window, navigator, document, location, URL, HTMLScriptElement, MutationObserver */

(function registerServiceWorker() {
  const script = document.currentScript;
  const container = navigator.serviceWorker;
  if (!(script instanceof HTMLScriptElement) || !container || location.protocol === "file:") return;
  const root = new URL(script.dataset.btRoot || "./", location.href);
  const language = location.pathname.startsWith(root.pathname)
    ? location.pathname.slice(root.pathname.length).split("/")[0] : "";
  container.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "kept-language" && data.language === language) {
      document.documentElement.dataset.btOffline = "ready";
    }
  });
  // Not while an assessment's engine is starting: a worker registered then would take over a retry's engine
  // (and keep what a broken host sent); once it is ready, or on any other page, it is welcome.
  const register = () => container.register(new URL("sw.js", root).href, {scope: root.pathname})
    .then(() => container.ready)
    .then((registration) => {
      // The runtime too, once this page's engine has started from the network (a page without one leaves it).
      const runtime = document.querySelector("section.bt-assessment[data-bt-assessment-state=ready]") !== null;
      if (registration.active && language) registration.active.postMessage({type: "keep-language", language, runtime});
    })
    .catch(() => {
      // refused (private mode, blocked storage, an old browser): the site simply stays online-only
    });
  const started = () => {
    const section = document.querySelector("section.bt-assessment[data-bt-assessment-state]");
    return !section || section.getAttribute("data-bt-assessment-state") === "ready";
  };
  if (started()) {
    // After the page has loaded: registering, and the worker's caching of the language, would otherwise
    // compete with the page's own first requests and main-thread work.
    if (document.readyState === "complete") register();
    else window.addEventListener("load", () => register(), {once: true});
    return;
  }
  const watch = new MutationObserver(() => {
    if (!started()) return;
    watch.disconnect();
    register();
  });
  watch.observe(document.body, {subtree: true, attributes: true, attributeFilter: ["data-bt-assessment-state"]});
})();
