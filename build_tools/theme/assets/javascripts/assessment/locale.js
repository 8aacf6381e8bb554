// The page's texts (the interface strings of its language, from the form's data attributes) and number and
// date formats.

/**
 * "A {x} B" with {x} replaced by values.x; placeholders without a value are left as written.
 *
 * @param {unknown} template
 * @param {Record<string, unknown>} values
 */
export function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

// Making a formatter loads its language's data: on a first page in Chromium that is a long task of its own
// (over 100 ms on a slow machine). Each is made once per visit and language (instant navigation keeps this
// module), when first used or ahead of time by Locale.prepare, one per task.
/** @type {Map<string, Intl.NumberFormat | Intl.DateTimeFormat>} */
const formatters = new Map();

/** @type {Record<string, (language: string) => Intl.NumberFormat | Intl.DateTimeFormat>} */
const MAKERS = {
  number: (language) => new Intl.NumberFormat(language, {minimumFractionDigits: 1, maximumFractionDigits: 1}),
  signed: (language) => new Intl.NumberFormat(language, {minimumFractionDigits: 1, maximumFractionDigits: 1,
    signDisplay: "exceptZero"}),
  date: (language) => new Intl.DateTimeFormat(language, {dateStyle: "long"}),
};

/** @param {string} language @param {string} kind */
function formatter(language, kind) {
  const key = `${kind} ${language}`;
  let made = formatters.get(key);
  if (!made) {
    made = MAKERS[kind](language);
    formatters.set(key, made);
  }
  return made;
}

export class Locale {
  /**
   * @param {string} language
   * @param {unknown} strings The interface strings, nested by section.
   */
  constructor(language, strings) {
    this.language = language;
    this.strings = strings;
  }

  /**
   * Makes the formatters a result needs, each in a task of its own, so that neither the page's start nor
   * its first result waits for them.
   *
   * @param {(task: () => void) => void} schedule runs a task later
   */
  prepare(schedule) {
    for (const kind of Object.keys(MAKERS)) schedule(() => formatter(this.language, kind));
  }

  /**
   * The string at `path` ("result.score"), with its placeholders filled; the path itself when missing.
   *
   * @param {string} path
   * @param {Record<string, unknown>} [values]
   * @returns {string}
   */
  t(path, values) {
    /** @type {unknown} */
    let node = this.strings;
    for (const key of path.split(".")) {
      node = node && typeof node === "object" ? /** @type {Record<string, unknown>} */ (node)[key] : undefined;
    }
    const text = node ?? path;
    return values ? format(text, values) : String(text);
  }

  /** A score as "54.0". @param {number} value */
  score(value) {
    return /** @type {Intl.NumberFormat} */ (formatter(this.language, "number")).format(value);
  }

  /** A difference as "+3.5" / "−2.0". @param {number} value */
  signed(value) {
    return /** @type {Intl.NumberFormat} */ (formatter(this.language, "signed")).format(value);
  }

  /** @param {string | Date} date */
  date(date) {
    return /** @type {Intl.DateTimeFormat} */ (formatter(this.language, "date")).format(new Date(date));
  }
}
