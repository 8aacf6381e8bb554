// Checks of values read back from storage, a link or the engine: anything may be corrupt or edited by hand.

/**
 * A JSON object (not an array, not null).
 *
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An ISO date as this page writes it (toISOString), which Intl can format.
 *
 * @param {unknown} value
 * @returns {value is string}
 */
export function isDateText(value) {
  return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

/**
 * A score or fit on the engine's 0–100 scale, or null when there was not enough to score.
 *
 * @param {unknown} value
 * @returns {value is number | null}
 */
export function isScoreOrNull(value) {
  return value === null || (typeof value === "number" && value >= 0 && value <= 100);
}

/**
 * An id as the rubric spells them.
 *
 * @param {unknown} value
 * @returns {value is string}
 */
export function isId(value) {
  return typeof value === "string" && value.length > 0 && value.length <= 100;
}

/**
 * @param {Record<string, unknown>} a
 * @param {Record<string, unknown>} b
 */
export function sameAnswers(a, b) {
  const keysA = Object.keys(a);
  return keysA.length === Object.keys(b).length && keysA.every((key) => a[key] === b[key]);
}
