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

export class Locale {
  /**
   * @param {string} language
   * @param {unknown} strings The interface strings, nested by section.
   */
  constructor(language, strings) {
    this.language = language;
    this.strings = strings;
    this.number = new Intl.NumberFormat(language, {minimumFractionDigits: 1, maximumFractionDigits: 1});
    this.signedNumber = new Intl.NumberFormat(language, {minimumFractionDigits: 1, maximumFractionDigits: 1,
      signDisplay: "exceptZero"});
    this.dates = new Intl.DateTimeFormat(language, {dateStyle: "long"});
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
    return this.number.format(value);
  }

  /** A difference as "+3.5" / "−2.0". @param {number} value */
  signed(value) {
    return this.signedNumber.format(value);
  }

  /** @param {string | Date} date */
  date(date) {
    return this.dates.format(new Date(date));
  }
}
