/**
 * A tenant's scoring settings: churn band thresholds, expansion window thresholds and the trajectory
 * threshold. Tenants store only their overrides (whole sections); everything else is the default.
 */
import { z } from 'zod';
import { DEFAULT_EXPANSION_WINDOW_THRESHOLDS, type ExpansionWindowThresholds } from './expansion-window.js';
import { DEFAULT_TRAJECTORY_SETTINGS, type TrajectorySettings } from './health-trajectory.js';
import { DEFAULT_RISK_BANDS, type RiskBandThresholds } from './risk-band.js';

export interface ScoringSettings {
  riskBands: RiskBandThresholds;
  expansionWindow: ExpansionWindowThresholds;
  trajectory: TrajectorySettings;
}

export const DEFAULT_SCORING_SETTINGS: Readonly<ScoringSettings> = {
  riskBands: { ...DEFAULT_RISK_BANDS },
  expansionWindow: { ...DEFAULT_EXPANSION_WINDOW_THRESHOLDS },
  trajectory: { ...DEFAULT_TRAJECTORY_SETTINGS },
};

const score = z.int().min(1).max(100);
const probability = z.number().gt(0).max(1);

const overridesSchema = z
  .object({
    riskBands: z
      .object({ medium: score, high: score })
      .strict()
      .refine((b) => b.medium < b.high, { message: 'medium must be below high', path: ['medium'] }),
    expansionWindow: z.object({ '30_days': probability, '90_days': probability, '12_months': probability }).strict(),
    trajectory: z.object({ minChangePoints: z.number().gt(0).max(50) }).strict(),
  })
  .partial()
  .strict();

/** What a tenant overrides: any of the sections, each complete. */
export type ScoringSettingsOverrides = z.output<typeof overridesSchema>;

/** Overrides that fail validation; `problems` name each bad field and what it expects. */
export class ScoringSettingsError extends Error {
  override readonly name = 'ScoringSettingsError';
  constructor(readonly problems: string[]) {
    super(`invalid scoring settings: ${problems.join('; ')}`);
  }
}

/** Validates overrides (e.g. a request body); throws ScoringSettingsError naming every problem. */
export function parseScoringSettingsOverrides(input: unknown): ScoringSettingsOverrides {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ScoringSettingsError(['body: expected a JSON object']);
  const parsed = overridesSchema.safeParse(input);
  if (!parsed.success) throw new ScoringSettingsError(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
  return parsed.data;
}

/** The settings in force: the defaults with the tenant's sections on top. */
export function effectiveScoringSettings(overrides: ScoringSettingsOverrides): ScoringSettings {
  return {
    riskBands: { ...(overrides.riskBands ?? DEFAULT_SCORING_SETTINGS.riskBands) },
    expansionWindow: { ...(overrides.expansionWindow ?? DEFAULT_SCORING_SETTINGS.expansionWindow) },
    trajectory: { ...(overrides.trajectory ?? DEFAULT_SCORING_SETTINGS.trajectory) },
  };
}
