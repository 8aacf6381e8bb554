// ESLint for the site's own JavaScript: the assessment modules, the engine worker, the classic scripts of
// the theme and the site root, and the Node tests. Vendored and generated files are not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  {ignores: ["node_modules/", "site/", "build/", ".venv/", "**/*.egg-info/"]},
  js.configs.recommended,
  {
    linterOptions: {reportUnusedDisableDirectives: "error"},
    rules: {
      "no-unused-vars": ["error", {caughtErrors: "none"}],
      eqeqeq: ["error", "always"],
      "no-var": "off",
      "prefer-const": "error",
    },
  },
  {
    // ES modules in the browser: the assessment pages.
    files: ["build_tools/theme/assets/javascripts/assessment.js", "build_tools/theme/assets/javascripts/assessment/**/*.js"],
    languageOptions: {sourceType: "module", globals: globals.browser},
  },
  {
    // Classic scripts in the browser (Material's storage and restore helpers, the language switcher, the site
    // root's redirect): globals shared between them are declared where they are used.
    files: ["build_tools/theme/assets/javascripts/md-*.js", "build_tools/theme/assets/javascripts/language-switcher.js",
      "build_tools/templates/*.js", "build_tools/dev/*.js"],
    languageOptions: {sourceType: "script", globals: globals.browser},
  },
  {
    // The engine's module worker and the protocol it shares with the page.
    files: ["build_tools/runtime/**/*.mjs"],
    languageOptions: {sourceType: "module", globals: {...globals.worker, ...globals.browser}},
  },
  {
    files: ["tests/**/*.mjs", "eslint.config.js"],
    languageOptions: {sourceType: "module", globals: globals.node},
  },
];
