/**
 * Churn scoring: the calibrated probability of predict-accounts.ts, its 0–100 risk score and band,
 * with its explanation when asked.
 */
import type { LoadedModel } from './model-card.js';
import type { OnnxPool } from './onnx-pool.js';
import { predictAccounts, type AccountRow, type GroupDriver, type GroupWhatIf } from './predict-accounts.js';
import { DEFAULT_RISK_BANDS, riskBand, riskScore, type RiskBand, type RiskBandThresholds } from './risk-band.js';

export { EXPLAIN_BATCH, SCORE_BATCH, ScoringInputError, type AccountRow, type GroupDriver, type GroupWhatIf } from './predict-accounts.js';

export interface AccountScore {
  accountId: string;
  /** Calibrated churn probability (0–1). */
  probability: number;
  /** The probability's percentile position on the model's risk scale (risk-band.ts), 0–100. */
  riskScore: number;
  band: RiskBand;
  /** Some input was missing where the model never learnt missingness (see impute.ts). */
  lowConfidence: boolean;
  imputedFeatures: string[];
  /** Every missing input, including those the model takes as missing. */
  missingFeatures: string[];
  drivers?: GroupDriver[];
  /** v(∅): mean probability over the card's background rows. */
  baseline?: number;
  whatIf?: GroupWhatIf[];
  /** Per feature (manifest order): points its value adds against the healthy reference. */
  featurePoints?: Float64Array;
}

export interface ScoreAccountsInput {
  pool: OnnxPool;
  model: LoadedModel;
  rows: readonly AccountRow[];
  explain: boolean;
  bands?: RiskBandThresholds;
  /** Accounts per ONNX run; defaults to SCORE_BATCH or EXPLAIN_BATCH. */
  batchSize?: number;
}

/** Scores every row with the churn model; the result is in input order. */
export async function scoreAccounts(input: ScoreAccountsInput): Promise<AccountScore[]> {
  const bands = input.bands ?? DEFAULT_RISK_BANDS;
  const scale = input.model.riskScale;
  if (!scale) throw new Error(`model ${input.model.version} has no risk scale: churn scores need the churn model`);
  const predictions = await predictAccounts(input);
  return predictions.map((p) => {
    const probability = p.outputs[0]!;
    const score = riskScore(probability, scale);
    const result: AccountScore = {
      accountId: p.accountId,
      probability,
      riskScore: score,
      band: riskBand(score, bands),
      lowConfidence: p.lowConfidence,
      imputedFeatures: p.imputedFeatures,
      missingFeatures: p.missingFeatures,
    };
    if (p.explanation) {
      result.drivers = p.explanation.drivers;
      result.baseline = p.explanation.baseline;
      result.whatIf = p.explanation.whatIf;
      result.featurePoints = p.explanation.featurePoints;
    }
    return result;
  });
}
