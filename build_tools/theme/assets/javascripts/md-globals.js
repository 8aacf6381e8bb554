// Material's global storage helpers (from partials/javascripts/base.html), as an external script so the site
// runs under a Content-Security-Policy without 'unsafe-inline'. The scope comes from the script tag.
/* eslint-disable no-unused-vars */
var __md_scope = new URL(document.currentScript.dataset.mdScope, location);
var __md_hash = function (value) {
  return Array.from(value).reduce(function (hash, char) {
    return (hash << 5) - hash + char.charCodeAt(0);
  }, 0);
};
var __md_get = function (key, storage, scope) {
  storage = storage || localStorage;
  scope = scope || __md_scope;
  try {
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  } catch (error) {
    return null; // storage disabled (privacy settings): behave as if nothing was stored
  }
};
var __md_set = function (key, value, storage, scope) {
  storage = storage || localStorage;
  scope = scope || __md_scope;
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // storage full or disabled: the preference is simply not kept
  }
};
