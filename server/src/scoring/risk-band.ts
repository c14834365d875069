/** Churn risk bands (issue practice: High 80–100, Medium 50–79, Low 0–49), configurable per tenant. */
export type RiskBand = 'low' | 'medium' | 'high';

export interface RiskBandThresholds {
  /** Lowest score in the medium band. */
  medium: number;
  /** Lowest score in the high band. */
  high: number;
}

export const DEFAULT_RISK_BANDS: RiskBandThresholds = { medium: 50, high: 80 };

/** 0–100 risk score of a probability. */
export function riskScore(probability: number): number {
  return Math.round(probability * 100);
}

export function riskBand(score: number, thresholds: RiskBandThresholds = DEFAULT_RISK_BANDS): RiskBand {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}
