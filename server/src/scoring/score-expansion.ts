/**
 * Expansion scoring: the probability heads and expected amount of the expansion card, the expansion
 * window (expansion-window.ts), and the explanation of the 90-day head when asked.
 */
import { DEFAULT_EXPANSION_WINDOW_THRESHOLDS, expansionWindow, parseExpansionOutputs, type ExpansionWindow, type ExpansionWindowThresholds } from './expansion-window.js';
import type { LoadedModel } from './model-card.js';
import type { OnnxPool } from './onnx-pool.js';
import { predictAccounts, ScoringInputError, type AccountExplanation, type AccountRow } from './predict-accounts.js';

export interface ExpansionScore {
  accountId: string;
  /** Each probability head by its card output name (e.g. p_30d), 0–1. */
  probabilities: Record<string, number>;
  /** The explained 90-day head: the CRM's expansion_probability. */
  probability: number;
  /** Expected expansion amount (the card's amount output, never below 0). */
  expectedAmount: number;
  window: ExpansionWindow;
  lowConfidence: boolean;
  imputedFeatures: string[];
  missingFeatures: string[];
  explanation?: AccountExplanation;
}

export interface ScoreExpansionInput {
  pool: OnnxPool;
  model: LoadedModel;
  rows: readonly AccountRow[];
  explain: boolean;
  thresholds?: ExpansionWindowThresholds;
  batchSize?: number;
}

/** Scores every row with the expansion model; the result is in input order. */
export async function scoreExpansion(input: ScoreExpansionInput): Promise<ExpansionScore[]> {
  const layout = parseExpansionOutputs(input.model.outputs);
  if (typeof layout === 'string') throw new ScoringInputError(layout);
  const thresholds = input.thresholds ?? DEFAULT_EXPANSION_WINDOW_THRESHOLDS;
  const predictions = await predictAccounts(input);
  return predictions.map((p) => {
    const probabilities: Record<string, number> = {};
    for (const index of layout.heads.values()) probabilities[input.model.outputs[index]!] = p.outputs[index]!;
    const score: ExpansionScore = {
      accountId: p.accountId,
      probabilities,
      probability: p.outputs[layout.explained]!,
      expectedAmount: Math.max(0, p.outputs[layout.amount]!),
      window: expansionWindow((days) => p.outputs[layout.heads.get(days)!]!, thresholds),
      lowConfidence: p.lowConfidence,
      imputedFeatures: p.imputedFeatures,
      missingFeatures: p.missingFeatures,
    };
    if (p.explanation) score.explanation = p.explanation;
    return score;
  });
}
