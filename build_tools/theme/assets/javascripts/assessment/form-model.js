// What the questionnaire offers, without the page: the rubric's id and version and, for each item, the
// values its options carry. Links, stored answers and kept results are checked against it.

/**
 * @typedef {object} FormItem
 * @property {string} id
 * @property {string} kind "likert" items carry numbers, the others (choices) strings.
 * @property {string[]} values The values of its options, in order.
 * @property {string[]} scales The scales it counts towards.
 *
 * @typedef {object} FormModel
 * @property {string} rubricId
 * @property {number} version
 * @property {FormItem[]} items
 *
 * @typedef {Record<string, number | string>} Answers item id -> the value of the chosen option
 */

/**
 * The answer an option stands for: a number for Likert items, the option's value otherwise.
 *
 * @param {FormItem} item
 * @param {string} value
 * @returns {number | string}
 */
export function answerValue(item, value) {
  return item.kind === "likert" ? Number(value) : value;
}

/**
 * Only values the form offers, of the type this page saves (stored data may be edited by hand).
 *
 * @param {FormModel} form
 * @param {Record<string, unknown>} answers
 * @returns {Answers}
 */
export function validAnswers(form, answers) {
  /** @type {Answers} */
  const valid = {};
  for (const item of form.items) {
    if (!Object.hasOwn(answers, item.id)) continue;
    const value = answers[item.id];
    if (typeof value !== (item.kind === "likert" ? "number" : "string")) continue;
    if (item.values.includes(String(value))) valid[item.id] = /** @type {number | string} */ (value);
  }
  return valid;
}
