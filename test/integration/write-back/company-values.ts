import type { FieldValue } from '../../../server/src/actions/field-values.js';
import { loadFieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import type { AccountFieldValues } from '../../../server/src/actions/plan-field-writes.js';
import type { RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';

/** Desired catalogue values of test companies and what the portal holds; free of test-runner imports (a worker process uses it). */

export const catalogue = loadFieldCatalogue();

const BANDS = ['low', 'medium', 'high'] as const;
const WINDOWS = ['30_days', '90_days', '12_months', 'unlikely'] as const;
const TRAJECTORIES = ['improving', 'stable', 'declining'] as const;
const INTERVENTIONS = ['early', 'timely', 'reactive', 'emergency'] as const;

/** Deterministic values for every given catalogue field of a company; `round` shifts them all. */
export function valuesFor(companyId: string, round = 0): Record<string, FieldValue> {
  const n = Number(companyId) + round;
  const score = (n * 37) % 101;
  return {
    churn_risk_score: score,
    churn_risk_band: BANDS[score >= 80 ? 2 : score >= 50 ? 1 : 0] ?? 'low',
    churn_risk_change_30d: (n % 21) - 10,
    churn_risk_drivers: `Support: +${n % 9} pts\nProduct usage: -${n % 5} pts`,
    expansion_probability: (n * 13) % 101,
    expansion_window: WINDOWS[n % 4] ?? 'unlikely',
    expansion_potential: (n % 50) * 1250.5,
    health_score: 100 - score,
    health_forecast_90d: (n * 7) % 101,
    health_trajectory: TRAJECTORIES[n % 3] ?? 'stable',
    trajectory_confidence: (n * 11) % 101,
    next_best_action: `Review account ${companyId} with its sponsor`,
    intervention_window: INTERVENTIONS[n % 4] ?? 'early',
    model_version: 'churn@1.0.0 expansion@1.0.0 health@1.0.0',
  };
}

export function desired(companyIds: readonly string[], round = 0): AccountFieldValues[] {
  return companyIds.map((accountId) => ({ accountId, values: valuesFor(accountId, round) }));
}

/** Company ids of the fixture portal: 1001, 1002, ... */
export function companyIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(1001 + i));
}

/** What the sandbox portal holds for every catalogue property of these companies. */
export function portalValues(running: RunningSandbox, ids: readonly string[]): Record<string, Record<string, string | null>> {
  const out: Record<string, Record<string, string | null>> = {};
  for (const id of ids) {
    const record = running.sandbox.store.getRecord('companies', id);
    out[id] = Object.fromEntries(catalogue.fields.map((f) => [f.key, record?.properties[f.hubspot.name] ?? null]));
  }
  return out;
}

/** The portal values the desired values should produce (canonical text), without the stamp. */
export function expectedPortal(ids: readonly string[], round = 0): Record<string, Record<string, string | null>> {
  const expectText = (value: FieldValue): string | null => (value === null ? null : typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value));
  return Object.fromEntries(ids.map((id) => [id, Object.fromEntries(Object.entries(valuesFor(id, round)).map(([key, value]) => [key, expectText(value)]))]));
}

/** Catalogue properties without the stamp, for comparing portal content with expectations. */
export function withoutStamp(values: Record<string, Record<string, string | null>>): Record<string, Record<string, string | null>> {
  return Object.fromEntries(Object.entries(values).map(([id, fields]) => [id, Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'insights_updated_at'))]));
}
