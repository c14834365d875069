import { z } from 'zod';
import { SIGNAL_GROUPS, type SignalGroup } from '../features/features-manifest.js';

export { SIGNAL_GROUPS, type SignalGroup };

/** Churn risk bands, least to most severe (thresholds per tenant are applied by scoring). */
export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** Expansion windows, least to most imminent. */
export const EXPANSION_WINDOWS = ['unlikely', '12_months', '90_days', '30_days'] as const;
export type ExpansionWindow = (typeof EXPANSION_WINDOWS)[number];

export const TRAJECTORIES = ['improving', 'stable', 'declining'] as const;
export type Trajectory = (typeof TRAJECTORIES)[number];

/** When to intervene, least to most urgent (README "Intervention window"). */
export const INTERVENTION_WINDOWS = ['early', 'timely', 'reactive', 'emergency'] as const;
export type InterventionWindow = (typeof INTERVENTION_WINDOWS)[number];

/** One signal group's share of the churn prediction (group Shapley value). */
export interface ChurnDriver {
  group: SignalGroup;
  /** Probability points (positive raises churn risk); all drivers sum to 100 × (probability − baseline). */
  points: number;
  /** A sentence on what moved in this group ("3 escalated tickets in 30 days"), when scoring provides one. */
  text?: string | null | undefined;
  /** Labels of the group's features that moved most, most influential first. */
  topFeatures?: string[] | undefined;
}

/**
 * What the playbooks read about one account: the latest predictions plus the account facts they
 * need. The scoring pipeline maps its stored predictions onto this shape; nothing here depends on
 * scoring's own types.
 */
export interface AccountState {
  tenantId: string;
  /** The CRM account id (the HubSpot company id), which tasks are associated with. */
  accountId: string;
  accountName?: string | null | undefined;
  /** The CRM owner id of the account (HubSpot `hubspot_owner_id`); tasks are assigned to it. */
  ownerId: string | null;
  arr: number | null;
  /** ISO 4217 code for amounts in texts (default USD). */
  currency?: string | undefined;
  /** Days from `asOf` to the next renewal; null when unknown. A negative value counts as unknown. */
  daysToRenewal: number | null;
  /** The date the predictions were made as of ('YYYY-MM-DD'); due dates count from it. */
  asOf: string;
  churn: {
    probability: number;
    /** 0–100. */
    riskScore: number;
    /** The band under the tenant's thresholds. */
    band: RiskBand;
    drivers: ChurnDriver[];
    /** Change in probability points when the group is brought back to typical (negative lowers risk). */
    whatIf: Array<{ group: SignalGroup; deltaPoints: number }>;
  };
  expansion: {
    p30: number;
    p90: number;
    p365: number;
    /** Expected expansion amount in `currency`. */
    expectedAmount: number | null;
    window: ExpansionWindow;
  } | null;
  health: {
    /** 0–100. */
    score: number;
    /** Quantile forecasts of the health score at `horizonDays` ahead (30, 60, 90). */
    forecast: Array<{ horizonDays: number; p10: number; p50: number; p90: number }>;
    trajectory: Trajectory;
    /** 0–100. */
    confidence: number;
  } | null;
}

const probability = z.number().min(0).max(1);
const points = z.number().finite();
const score = z.number().min(0).max(100);

const accountStateSchema = z.object({
  tenantId: z.string().min(1),
  accountId: z.string().min(1),
  accountName: z.string().nullish(),
  ownerId: z.string().min(1).nullable(),
  arr: z.number().finite().nonnegative().nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .optional(),
  daysToRenewal: z.number().int().nullable(),
  asOf: z.iso.date(),
  churn: z.object({
    probability,
    riskScore: score,
    band: z.enum(RISK_BANDS),
    drivers: z.array(
      z.object({ group: z.enum(SIGNAL_GROUPS), points, text: z.string().nullish(), topFeatures: z.array(z.string()).optional() }),
    ),
    whatIf: z.array(z.object({ group: z.enum(SIGNAL_GROUPS), deltaPoints: points })),
  }),
  expansion: z
    .object({ p30: probability, p90: probability, p365: probability, expectedAmount: z.number().finite().nonnegative().nullable(), window: z.enum(EXPANSION_WINDOWS) })
    .nullable(),
  health: z
    .object({
      score,
      forecast: z.array(z.object({ horizonDays: z.number().int().positive(), p10: score, p50: score, p90: score })),
      trajectory: z.enum(TRAJECTORIES),
      confidence: score,
    })
    .nullable(),
}) satisfies z.ZodType<AccountState>;

/** An account state that does not have the shape the playbooks read. */
export class AccountStateError extends Error {
  override readonly name = 'AccountStateError';
}

/**
 * Checks every state before anything is written; throws one AccountStateError naming each bad
 * account and field (at most ten), e.g. `account 1001: churn.riskScore: Too big: expected number to be <=100`.
 */
export function validateAccountStates(states: readonly unknown[], tenantId: string): AccountState[] {
  const problems: string[] = [];
  const out: AccountState[] = [];
  states.forEach((raw, index) => {
    const parsed = accountStateSchema.safeParse(raw);
    const label = accountLabel(raw, index);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      return;
    }
    if (parsed.data.tenantId !== tenantId) problems.push(`${label}: tenantId is ${parsed.data.tenantId}, expected ${tenantId}`);
    out.push(parsed.data);
  });
  const seen = new Set<string>();
  for (const state of out) {
    if (seen.has(state.accountId)) problems.push(`account ${state.accountId}: listed twice`);
    seen.add(state.accountId);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    throw new AccountStateError(`invalid account state (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${shown}${problems.length > 10 ? '; …' : ''}`);
  }
  return out;
}

function accountLabel(raw: unknown, index: number): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { accountId?: unknown }).accountId : undefined;
  return typeof id === 'string' && id !== '' ? `account ${id}` : `state #${index}`;
}

/** Position of a value in one of the ordered scales above (for "went up" comparisons). */
export function rankOf<T extends string>(scale: readonly T[], value: T): number {
  return scale.indexOf(value);
}
