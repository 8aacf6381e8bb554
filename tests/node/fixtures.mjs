// A questionnaire like the ones the build renders: Likert items (numbers) and choice items (text values).

/** @returns {import("../../build_tools/theme/assets/javascripts/assessment/form-model.js").FormModel} */
export function sampleForm({rubricId = "sample", version = 3, likert = 6, choices = 2} = {}) {
  const items = [];
  for (let index = 0; index < likert; index += 1) {
    items.push({id: `l${index}`, kind: "likert", values: ["1", "2", "3", "4", "5"], scales: [index % 2 ? "odd" : "even"]});
  }
  for (let index = 0; index < choices; index += 1) {
    items.push({id: `c${index}`, kind: "choice", values: ["north", "south", "east"], scales: ["even"]});
  }
  return {rubricId, version, items};
}

/** The rubric facts the page reads from data-scoring, for sampleForm. */
export const SAMPLE_SCORING = {
  min_answers_total: 2,
  scales: {even: {min_answers: 1, bands: [0, 40, 70]}, odd: {min_answers: 1, bands: [0, 50]}},
  composites: {overall: {bands: [0, 50]}},
};

/** A small deterministic pseudo-random generator (mulberry32), so that failures can be replayed. @param {number} seed */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random answers to some of the form's items (each item answered with probability `share`).
 *
 * @param {import("../../build_tools/theme/assets/javascripts/assessment/form-model.js").FormModel} form
 * @param {() => number} next
 */
export function randomAnswers(form, next, share = 0.7) {
  /** @type {Record<string, number | string>} */
  const answers = {};
  for (const item of form.items) {
    if (next() >= share) continue;
    const value = item.values[Math.floor(next() * item.values.length)];
    answers[item.id] = item.kind === "likert" ? Number(value) : value;
  }
  return answers;
}
