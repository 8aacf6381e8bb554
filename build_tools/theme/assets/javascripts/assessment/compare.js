// Self versus others: the taker's own result beside their raters' results, all scored by the same engine
// (a rater's answers to the observer form go through the same rubric, so their results have the same shape).
//
// Anonymity: raters who did not choose to be shown are pooled, and a scale shows the pool's mean and spread
// only when at least MIN_RATERS of them scored it; below that it shows nothing of them. Raters who chose to
// be shown (the taker's manager, say) appear one by one and are kept out of the pool, so their scores cannot
// be subtracted from it to reveal anyone else's. The spread is the standard deviation, never the range: the
// lowest and highest of three scores would show two raters' scores.
//
// Gaps: on the 0–100 score scale, a difference of GAP_THRESHOLD points or more between the taker's score
// and the pool's mean is a gap — half a step of a five-point answer scale, about the smallest difference a
// rater means when choosing another answer. Where a higher score is better ("strength" scales), a self score
// above the others' is a blind spot and one below it a hidden strength; on "risk" scales it is the reverse.

/**
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {import("./result-types.js").ScaleResult} ScaleResult
 * @typedef {{result: Result, shown: boolean}} RaterResult shown: the rater chose to be shown individually
 * @typedef {{count: number, mean: number, spread: number}} Pool
 * @typedef {"blind-spot" | "hidden-strength" | "agreement"} Gap
 * @typedef {object} ScaleComparison
 * @property {string} id
 * @property {string} name
 * @property {string} polarity
 * @property {number | null} self the taker's score (null: not enough answers to score it)
 * @property {Pool | null} others the pooled raters (null: fewer than MIN_RATERS of them scored this scale)
 * @property {(number | null)[]} shown the score of each rater who chose to be shown, in the order given
 * @property {number | null} difference self minus the others' mean
 * @property {Gap | null} gap null when there is no self score or no pool to compare with
 * @typedef {object} Comparison
 * @property {{id: string, version: number}} rubric
 * @property {number} pooled raters counted in the pool
 * @property {number} shown raters shown individually
 * @property {number} ignored rater results for another rubric or version, left out
 * @property {ScaleComparison[]} scales in the order of the taker's result
 */

/** Fewest pooled raters whose mean and spread may be shown. */
export const MIN_RATERS = 3;
/** Points on the 0–100 score scale from which a difference counts as a gap. */
export const GAP_THRESHOLD = 12.5;

/** @param {ScaleResult | undefined} scale */
function scoreOf(scale) {
  return scale && scale.status === "ok" && Number.isFinite(scale.score) ? scale.score : null;
}

/** Mean and (population) standard deviation. @param {number[]} scores */
function pool(scores) {
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const variance = scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / scores.length;
  return {count: scores.length, mean, spread: Math.sqrt(variance)};
}

/**
 * @param {number} difference self minus others
 * @param {string} polarity
 * @param {number} threshold
 * @returns {Gap}
 */
function gapOf(difference, polarity, threshold) {
  if (Math.abs(difference) < threshold) return "agreement";
  const selfBetter = polarity === "risk" ? difference < 0 : difference > 0;
  return selfBetter ? "blind-spot" : "hidden-strength";
}

/**
 * @param {Result} self the taker's result
 * @param {RaterResult[]} raters the raters' results, in the order they were added
 * @param {{threshold?: number, minRaters?: number}} [options]
 * @returns {Comparison}
 */
export function compare(self, raters, {threshold = GAP_THRESHOLD, minRaters = MIN_RATERS} = {}) {
  const matching = raters.filter(
    ({result}) => result.rubric.id === self.rubric.id && result.rubric.version === self.rubric.version,
  );
  const pooled = matching.filter(({shown}) => !shown).map(({result}) => result);
  const shown = matching.filter(({shown}) => shown).map(({result}) => result);
  /** @param {Result} result */
  const byId = (result) => new Map(result.scales.map((scale) => [scale.id, scale]));
  const pooledScales = pooled.map(byId);
  const shownScales = shown.map(byId);
  const scales = self.scales.map((scale) => {
    const polarity = scale.polarity ?? "strength";
    const own = scoreOf(scale);
    const scores = pooledScales.map((scalesOf) => scoreOf(scalesOf.get(scale.id))).filter((score) => score !== null);
    const others = scores.length >= minRaters ? pool(/** @type {number[]} */ (scores)) : null;
    const difference = own !== null && others ? own - others.mean : null;
    return {
      id: scale.id,
      name: scale.name,
      polarity,
      self: own,
      others,
      shown: shownScales.map((scalesOf) => scoreOf(scalesOf.get(scale.id))),
      difference,
      gap: difference === null ? null : gapOf(difference, polarity, threshold),
    };
  });
  return {
    rubric: {id: self.rubric.id, version: self.rubric.version},
    pooled: pooled.length,
    shown: shown.length,
    ignored: raters.length - matching.length,
    scales,
  };
}
