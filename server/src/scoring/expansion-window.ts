/**
 * The expansion model's outputs and the expansion window derived from them. The card names the
 * outputs: probability heads `p_<N>d` (expansion within N days) and `expected_amount`.
 *
 * Window rule: the shortest horizon whose calibrated probability reaches its threshold (default 0.5,
 * "more likely than not within the window"): 30_days (30-day head), else 90_days (90-day head), else
 * 12_months (365-day head), else unlikely. Thresholds are per tenant (scoring-settings.ts).
 */

export const EXPANSION_WINDOWS = ['30_days', '90_days', '12_months'] as const;
export type OpenExpansionWindow = (typeof EXPANSION_WINDOWS)[number];
export type ExpansionWindow = OpenExpansionWindow | 'unlikely';

/** The horizon (days) of the probability head each window reads. */
export const WINDOW_HORIZON_DAYS: Readonly<Record<OpenExpansionWindow, number>> = { '30_days': 30, '90_days': 90, '12_months': 365 };

/** The head explained by drivers and written to the CRM as expansion_probability. */
export const EXPLAINED_HORIZON_DAYS = 90;

/** Lowest probability of each window's head that opens the window. */
export type ExpansionWindowThresholds = Record<OpenExpansionWindow, number>;

export const DEFAULT_EXPANSION_WINDOW_THRESHOLDS: Readonly<ExpansionWindowThresholds> = { '30_days': 0.5, '90_days': 0.5, '12_months': 0.5 };

/** Where each output of an expansion card sits. */
export interface ExpansionOutputs {
  /** Output index of each probability head, by horizon in days. */
  heads: ReadonlyMap<number, number>;
  /** Output index of the expected amount. */
  amount: number;
  /** Output index of the explained head (EXPLAINED_HORIZON_DAYS). */
  explained: number;
}

const HEAD = /^p_(\d+)d$/;
export const EXPECTED_AMOUNT_OUTPUT = 'expected_amount';

/** Reads the heads from the card's output names; a string says what is missing. */
export function parseExpansionOutputs(outputs: readonly string[]): ExpansionOutputs | string {
  const heads = new Map<number, number>();
  outputs.forEach((name, i) => {
    const match = HEAD.exec(name);
    if (match) heads.set(Number(match[1]), i);
  });
  const amount = outputs.indexOf(EXPECTED_AMOUNT_OUTPUT);
  const needed = [...new Set([...Object.values(WINDOW_HORIZON_DAYS), EXPLAINED_HORIZON_DAYS])];
  const missing = needed.filter((days) => !heads.has(days)).map((days) => `p_${days}d`);
  if (amount < 0) missing.push(EXPECTED_AMOUNT_OUTPUT);
  if (missing.length > 0) return `expansion outputs [${outputs.join(', ')}] lack ${missing.join(', ')}`;
  return { heads, amount, explained: heads.get(EXPLAINED_HORIZON_DAYS)! };
}

/** The window of an account from its head probabilities (by horizon in days). */
export function expansionWindow(probabilityWithin: (days: number) => number, thresholds: ExpansionWindowThresholds = DEFAULT_EXPANSION_WINDOW_THRESHOLDS): ExpansionWindow {
  for (const window of EXPANSION_WINDOWS) {
    if (probabilityWithin(WINDOW_HORIZON_DAYS[window]) >= thresholds[window]) return window;
  }
  return 'unlikely';
}
