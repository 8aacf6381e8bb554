// The shapes of what the engine returns (breakthrough_scoring's score_json) and of what the page keeps, as
// JSDoc types for the checker. Nothing runs here.

/**
 * @typedef {{id: string, label: string}} Band
 * @typedef {{text: string, link?: string | null}} Action
 * @typedef {object} Scored A scale or composite.
 * @property {string} id
 * @property {string} name
 * @property {string} [description]
 * @property {string} status "ok" when there was enough to score.
 * @property {number} score
 * @property {Band | null} [band]
 * @property {string | null} [interpretation]
 * @property {Action[]} [actions]
 * @typedef {Scored & {polarity?: string, answered: number, required: number}} ScaleResult
 * @typedef {{scale: string, score: number | null, target: number, gap: number | null}} Gap
 * @typedef {{id: string, name: string, description?: string, status: string, fit: number, gaps: Gap[]}} Fit
 * @typedef {{scale: string, position: number, score: number, status: string}} RankEntry
 *
 * @typedef {{type: "composite", composite: string}} CompositeSummary
 * @typedef {{type: "profile-fit", profile: string | null, tied?: string[]}} ProfileFitSummary
 * @typedef {{type: "ranking", scale: string | null, tied?: string[]}} RankingSummary
 * @typedef {{type: "scale-profile", strongest: string[], weakest: string[], even?: boolean}} ScaleProfileSummary
 * @typedef {CompositeSummary | ProfileFitSummary | RankingSummary | ScaleProfileSummary} Summary
 *
 * @typedef {object} Result
 * @property {{id: string, version: number}} rubric
 * @property {string} language
 * @property {Record<string, unknown>} answers
 * @property {number} answered
 * @property {number} total
 * @property {string[]} flags
 * @property {ScaleResult[]} scales
 * @property {Scored[]} composites
 * @property {{fits: Fit[]}} profiles
 * @property {RankEntry[]} ranking
 * @property {Summary} summary
 *
 * @typedef {Record<string, number | null>} Scores id -> score (null: not enough to score)
 * @typedef {object} HistoryEntry A result kept on the device.
 * @property {string} date
 * @property {string} codes The answers, as a result link.
 * @property {Scores} scales
 * @property {Scores} composites
 * @property {Scores} fits
 * @property {Summary} summary
 * @typedef {{keep: boolean, entries: HistoryEntry[]}} History
 *
 * @typedef {object} Scoring The rubric's facts the page needs (from the form's data-scoring).
 * @property {number} min_answers_total
 * @property {Record<string, {min_answers: number, bands?: number[]}>} scales
 * @property {Record<string, {bands?: number[]}>} composites
 */

export {};
