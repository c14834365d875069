/**
 * The card API's JSON contract as zod schemas: the source of the OpenAPI document's schemas
 * (`openapi.ts`) and of the request-body checks. Each schema is checked at compile time to describe
 * exactly its type in the shared contract (extension/hubspot/src/app/shared/insights-contract.d.ts):
 * a change on either side without the other breaks the typecheck.
 */
import { z } from 'zod';
import type {
  AcceptInterventionResponse,
  AccountSummary,
  ApiError,
  DismissInterventionRequest,
  DismissInterventionResponse,
  Driver,
  HealthForecastPoint,
  HealthPoint,
  InsightsResponse,
  Intervention,
  PortfolioResponse,
  ScoredInsights,
  UnscoredInsights,
  WhatIf,
} from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import { SIGNAL_GROUPS } from '../features/features-manifest.js';

/** True only when A and B are assignable both ways and name the same keys (the schema describes the type, no more, no less). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
/** Fails to compile unless `T` is `true`. */
function sameShape<T extends true>(): T | undefined {
  return undefined;
}

/** The longest dismissal reason the card API takes (after trimming). */
export const DISMISS_REASON_MAX = 500;

const riskBand = z.enum(['low', 'medium', 'high']);
const trajectory = z.enum(['improving', 'stable', 'declining']);
const interventionWindow = z.enum(['early', 'timely', 'reactive', 'emergency']);
const expansionWindow = z.enum(['30_days', '90_days', '12_months', 'unlikely']);
const signalGroup = z.enum(SIGNAL_GROUPS);
const day = z.iso.date().describe('YYYY-MM-DD');
const probability = z.number().min(0).max(1);
const score = z.number().min(0).max(100);

export const driverSchema = z
  .strictObject({
    group: signalGroup,
    label: z.string(),
    points: z.number().describe('Shapley value in probability points: > 0 raises the prediction, < 0 protects; drivers sum to prediction − baseline.'),
    text: z.string(),
    topFeatures: z.array(z.strictObject({ feature: z.string(), label: z.string(), value: z.number().nullable(), display: z.string() })),
  })
  .describe("One signal group's share of a prediction.");

export const whatIfSchema = z
  .strictObject({ group: signalGroup, label: z.string(), deltaPoints: z.number(), text: z.string() })
  .describe('What bringing a group to the healthy reference would change, in probability points (negative = lower risk).');

export const interventionSchema = z.strictObject({
  id: z.string(),
  play: z.string(),
  title: z.string(),
  why: z.string(),
  ownerRole: z.string(),
  dueDate: day,
  window: interventionWindow,
  priority: z.enum(['low', 'medium', 'high']),
  status: z.enum(['recommended', 'open', 'accepted', 'dismissed', 'holdout']),
  taskId: z.string().nullable().describe('The CRM task when one exists.'),
  allowedActions: z
    .array(z.enum(['accept', 'dismiss']))
    .describe(
      'What the API takes for it as its state stands: accept while it is a recommendation or its task is queued but not yet in the CRM, dismiss while it is a recommendation; empty once its task is in the CRM or it was dismissed. Anything else is refused with 409.',
    ),
});

export const accountSummarySchema = z.strictObject({
  id: z.string().describe('The CRM record id (HubSpot company id).'),
  name: z.string(),
  arr: z.number().nullable(),
  renewalDate: day.nullable(),
  currency: z.string().optional().describe('ISO 4217 code of the amounts; absent when unknown.'),
});

const healthPointSchema = z.strictObject({ date: day, score });
const healthForecastPointSchema = z.strictObject({ horizonDays: z.literal([30, 60, 90]), date: day, p10: score, p50: score, p90: score });

export const scoredInsightsSchema = z.strictObject({
  status: z.literal('scored'),
  account: accountSummarySchema,
  churn: z.strictObject({
    probability,
    riskScore: score,
    band: riskBand,
    change30d: z.number().nullable().describe('Risk score now minus 30 days ago; null without a prediction then.'),
    baselinePoints: z.number(),
    drivers: z.array(driverSchema),
    whatIf: z.array(whatIfSchema),
    lowConfidence: z.boolean(),
  }),
  expansion: z.strictObject({
    p30d: probability,
    p90d: probability,
    p365d: probability,
    window: expansionWindow,
    expectedAmount: z.number().describe('Expected expansion ARR within 12 months.'),
    signals: z.array(driverSchema).describe('The drivers of the 90-day probability.'),
  }),
  health: z.strictObject({
    score: score.nullable(),
    source: z.enum(['crm', 'pulse']),
    history: z.array(healthPointSchema).describe('Daily, oldest first (up to 90 days).'),
    forecast: z.array(healthForecastPointSchema),
    trajectory,
    confidence: score,
  }),
  interventions: z.array(interventionSchema),
  nextBestAction: z.string().nullable(),
  interventionWindow: interventionWindow.nullable(),
  holdout: z.boolean().describe('The account is in the measurement holdout: scored, but no automatic tasks.'),
  models: z.strictObject({ churn: z.string(), expansion: z.string(), health: z.string() }),
  scoredAt: z.iso.datetime(),
});

export const unscoredInsightsSchema = z.strictObject({
  status: z.literal('not_scored'),
  account: accountSummarySchema,
  reason: z.enum(['not_synced', 'not_a_customer', 'pending_first_score']),
  message: z.string(),
});

export const insightsResponseSchema = z.discriminatedUnion('status', [scoredInsightsSchema, unscoredInsightsSchema]);

export const acceptInterventionResponseSchema = z.strictObject({ intervention: interventionSchema });
export const dismissInterventionResponseSchema = z.strictObject({ intervention: interventionSchema });

export const dismissInterventionRequestSchema = z.strictObject({
  reason: z.string().trim().min(1, 'a reason is required').max(DISMISS_REASON_MAX, `at most ${DISMISS_REASON_MAX} characters`),
});

/** POST /companies/:id/upsell-task body: the deal the card is shown on, if any. */
export const upsellTaskRequestSchema = z.strictObject({
  dealId: z.string().regex(/^\d{1,20}$/, 'a HubSpot deal id (digits)').optional(),
});

const count = z.number().int().nonnegative();
const perBand = (value: z.ZodType<number>) => z.strictObject({ low: value, medium: value, high: value });
const pipelineEntry = z.strictObject({ accounts: count, expectedAmount: z.number().nonnegative() });

export const portfolioResponseSchema = z.strictObject({
  accounts: count,
  scoredAt: z.iso.datetime().nullable(),
  arrAtRisk: perBand(z.number().nonnegative()).describe('ARR of accounts per band.'),
  accountsByBand: perBand(count),
  accountsByTrajectory: z.strictObject({ improving: count, stable: count, declining: count }),
  risingRisk: z
    .array(accountSummarySchema.extend({ riskScore: score, change7d: z.number(), band: riskBand }))
    .max(10)
    .describe('Accounts whose risk score rose most over the last 7 days.'),
  expansionPipeline: z.strictObject({ '30_days': pipelineEntry, '90_days': pipelineEntry, '12_months': pipelineEntry }),
  interventions: z.strictObject({ open: count, accepted: count, dismissed: count, holdout: count }),
  currency: z.string().optional(),
});

export const apiErrorSchema = z.strictObject({ error: z.string(), message: z.string() }).catchall(z.unknown());

sameShape<Same<z.output<typeof driverSchema>, Driver>>();
sameShape<Same<z.output<typeof whatIfSchema>, WhatIf>>();
sameShape<Same<z.output<typeof interventionSchema>, Intervention>>();
sameShape<Same<z.output<typeof accountSummarySchema>, AccountSummary>>();
sameShape<Same<z.output<typeof healthPointSchema>, HealthPoint>>();
sameShape<Same<z.output<typeof healthForecastPointSchema>, HealthForecastPoint>>();
sameShape<Same<z.output<typeof scoredInsightsSchema>, ScoredInsights>>();
sameShape<Same<z.output<typeof unscoredInsightsSchema>, UnscoredInsights>>();
sameShape<Same<z.output<typeof insightsResponseSchema>, InsightsResponse>>();
sameShape<Same<z.output<typeof acceptInterventionResponseSchema>, AcceptInterventionResponse>>();
sameShape<Same<z.output<typeof dismissInterventionResponseSchema>, DismissInterventionResponse>>();
sameShape<Same<z.output<typeof dismissInterventionRequestSchema>, DismissInterventionRequest>>();
sameShape<Same<z.output<typeof portfolioResponseSchema>, PortfolioResponse>>();
sameShape<Same<Pick<z.output<typeof apiErrorSchema>, 'error' | 'message'>, ApiError>>();
