// Material's global storage helpers (from partials/javascripts/base.html), as an external script so the site
// runs under a Content-Security-Policy without 'unsafe-inline'. The scope comes from the script tag.
//
// Unlike Material's originals, they never throw: storage that is blocked (site data turned off) reads as
// empty and writes nothing. And every value read back is checked against what Material itself writes under
// that key: anything else (hand-edited, corrupt, from another version) is removed, Material gets null as if
// nothing was stored, and the page says what was discarded (texts from the script tag, in its language).
/* eslint-disable no-unused-vars */
/** This script's own tag: its data attributes hold the scope and the texts. */
var __bt_script = /** @type {HTMLScriptElement} */ (document.currentScript);
var __md_scope = new URL(__bt_script.dataset.mdScope || ".", location.href);
/** @param {string} value */
var __md_hash = function (value) {
  return Array.from(value).reduce(function (hash, char) {
    return (hash << 5) - hash + char.charCodeAt(0);
  }, 0);
};
var __bt_storedSetting = (function () {
  "use strict";

  var texts = __bt_script.dataset;
  var MAX_TEXT = 1000;

  /** @param {unknown} value @returns {value is Record<string, any>} */
  function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }

  /** @param {unknown} value */
  function isShortText(value) {
    return typeof value === "string" && value.length <= MAX_TEXT;
  }

  /** @param {unknown} record @param {(value: unknown) => boolean} test */
  function everyValue(record, test) {
    return isRecord(record) && Object.keys(record).every(function (key) {
      return test(record[key]);
    });
  }

  // The options of the palette toggle, as Material saves them: {index, color: {media, scheme, primary, accent}}.
  /** @returns {Array<Record<string, string | null>>} */
  function paletteOptions() {
    return Array.from(document.querySelectorAll("[data-md-component=palette] input"), function (input) {
      return {
        media: input.getAttribute("data-md-color-media"),
        scheme: input.getAttribute("data-md-color-scheme"),
        primary: input.getAttribute("data-md-color-primary"),
        accent: input.getAttribute("data-md-color-accent"),
      };
    });
  }

  /** @param {unknown} value */
  function isPalette(value) {
    if (!isRecord(value) || !Number.isInteger(value.index) || value.index < 0 || !isRecord(value.color)) return false;
    var names = ["media", "scheme", "primary", "accent"];
    var color = value.color;
    if (Object.keys(color).length !== names.length) return false;
    var options = paletteOptions();
    if (!options.length) return names.every(function (name) { return isShortText(color[name]); });
    var option = options[value.index];
    return Boolean(option) && names.every(function (name) { return color[name] === option[name]; });
  }

  // What Material writes under each key it reads (bundle: __md_get / __md_set). Keys not listed here are
  // not used by this Material version; they are passed on unchecked.
  /** @type {Record<string, (value: unknown) => boolean>} */
  var valid = {
    __palette: isPalette,
    __tabs: function (value) { return Array.isArray(value) && value.length <= MAX_TEXT && value.every(isShortText); },
    __announce: function (value) { return Number.isInteger(value); },
    __consent: function (value) { return everyValue(value, function (v) { return typeof v === "boolean"; }); },
    __source: function (value) { return everyValue(value, function (v) { return isShortText(v); }); },
    __outdated: function (value) { return typeof value === "boolean"; },
  };

  /** @type {Record<string, boolean>} */
  var noticed = {};

  // A notice at the top of the page content (once per key and page load), built from text nodes only.
  /** @param {string} key */
  function tell(key) {
    var text = key === "__palette" ? texts.btPaletteDiscarded : texts.btSettingDiscarded;
    if (!text || noticed[key]) return;
    noticed[key] = true;
    var show = function () {
      var content = document.querySelector(".md-content__inner") || document.querySelector("main") || document.body;
      var box = document.createElement("div");
      box.className = "admonition warning bt-discarded";
      box.setAttribute("role", "note");
      box.dataset.btDiscarded = key;
      var paragraph = document.createElement("p");
      paragraph.textContent = String(text);
      box.append(paragraph);
      content.prepend(box);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show, {once: true});
    else show();
  }

  // The value stored under `key` if it is one Material could have written, else null (and it is removed).
  /** @param {string} key @param {Storage} storage @param {string} name @returns {unknown} */
  return function (key, storage, name) {
    var text = storage.getItem(name);
    if (text === null) return null;
    var value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      value = undefined;
    }
    var check = Object.prototype.hasOwnProperty.call(valid, key) ? valid[key] : null;
    if (value !== undefined && value !== null && (!check || check(value))) return value;
    storage.removeItem(name);
    tell(key);
    return null;
  };
})();
/** @param {string} key @param {Storage} [storage] @param {URL} [scope] @returns {any} */
var __md_get = function (key, storage, scope) {
  try {
    storage = storage || localStorage; // inside the try: with site data blocked, the getter itself throws
    scope = scope || __md_scope;
    return __bt_storedSetting(key, storage, scope.pathname + "." + key);
  } catch (error) {
    return null; // storage disabled (privacy settings): behave as if nothing was stored
  }
};
/** @param {string} key @param {unknown} value @param {Storage} [storage] @param {URL} [scope] */
var __md_set = function (key, value, storage, scope) {
  try {
    storage = storage || localStorage;
    scope = scope || __md_scope;
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // storage full or disabled: the preference is simply not kept
  }
};
