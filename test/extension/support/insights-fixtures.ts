/** Complete card API answers for the card tests, typed with the shared contract. */
import type {
  Intervention,
  PortfolioResponse,
  RiskBand,
  ScoredInsights,
  Trajectory,
  UnscoredInsights,
} from '../../../extension/hubspot/src/app/shared/insights-contract.js';

export const COMPANY_ID = '123';

/** An intervention as the card API lists it; a recommendation allows both actions unless `allowedActions` says otherwise. */
export function intervention(overrides: Partial<Intervention> = {}): Intervention {
  const status = overrides.status ?? 'recommended';
  return {
    id: 'iv-1',
    play: 'support_escalation_review',
    title: 'Review the open escalations with the customer',
    why: 'Support: 6 escalations in 90 days, +18 pts',
    ownerRole: 'CSM',
    dueDate: '2026-03-20',
    window: 'timely',
    priority: 'high',
    status,
    taskId: null,
    allowedActions: status === 'recommended' || status === 'holdout' ? ['accept', 'dismiss'] : [],
    ...overrides,
  };
}

const RISK_BY_BAND: Record<RiskBand, number> = { low: 0.12, medium: 0.41, high: 0.78 };

export function scoredInsights(options: { band?: RiskBand; trajectory?: Trajectory; overrides?: Partial<ScoredInsights> } = {}): ScoredInsights {
  const band = options.band ?? 'high';
  const probability = RISK_BY_BAND[band];
  return {
    status: 'scored',
    account: { id: COMPANY_ID, name: 'Acme Analytics', arr: 120_000, renewalDate: '2026-09-30', currency: 'USD' },
    churn: {
      probability,
      riskScore: Math.round(probability * 100),
      band,
      change30d: 9,
      baselinePoints: 20,
      drivers: [
        {
          group: 'support',
          label: 'Support',
          points: 31,
          text: 'Support: 6 escalations in 90 days, +31 pts',
          topFeatures: [{ feature: 'escalations_90d', label: 'Escalations (90 days)', value: 6, display: '6' }],
        },
        { group: 'product_usage', label: 'Product usage', points: 12.4, text: 'Product usage: active seats down 35%, +12 pts', topFeatures: [] },
        { group: 'payment_contract', label: 'Payment and contract', points: -4.6, text: 'Payment and contract: always paid on time, −4.6 pts', topFeatures: [] },
        { group: 'stakeholder_engagement', label: 'Stakeholder engagement', points: 0.2, text: 'Stakeholder engagement: steady, +0.2 pts', topFeatures: [] },
      ],
      whatIf: [
        { group: 'product_usage', label: 'Product usage', deltaPoints: -9, text: 'Bring product usage back to typical' },
        { group: 'support', label: 'Support', deltaPoints: -18, text: 'Bring support back to typical' },
      ],
      lowConfidence: false,
    },
    expansion: {
      p30d: 0.08,
      p90d: 0.21,
      p365d: 0.46,
      window: '90_days',
      expectedAmount: 24_000,
      signals: [
        { group: 'feature_adoption', label: 'Feature adoption', points: 6.5, text: 'Seat utilisation at 96%, +6.5 pts', topFeatures: [] },
        { group: 'stakeholder_engagement', label: 'Sponsor engagement', points: -2, text: 'Sponsor quiet for 40 days, −2 pts', topFeatures: [] },
      ],
    },
    health: {
      score: 48,
      source: 'pulse',
      history: [
        { date: '2026-03-01', score: 61 },
        { date: '2026-03-02', score: 58 },
        { date: '2026-03-03', score: 55 },
      ],
      forecast: [
        { horizonDays: 60, date: '2026-05-02', p10: 30, p50: 44, p90: 57 },
        { horizonDays: 30, date: '2026-04-02', p10: 38, p50: 50, p90: 60 },
        { horizonDays: 90, date: '2026-06-01', p10: 25, p50: 41, p90: 55 },
      ],
      trajectory: options.trajectory ?? 'declining',
      confidence: 72,
    },
    interventions: [
      intervention(),
      intervention({ id: 'iv-2', title: 'Book an executive sponsor call', dueDate: '2026-04-10', window: 'early', priority: 'medium' }),
    ],
    nextBestAction: 'Review the open escalations with the customer',
    interventionWindow: 'timely',
    holdout: false,
    models: { churn: 'churn-2026.03.1', expansion: 'expansion-2026.03.1', health: 'health-2026.03.1' },
    scoredAt: '2026-03-14T18:05:00Z',
    ...options.overrides,
  };
}

export function unscoredInsights(reason: UnscoredInsights['reason']): UnscoredInsights {
  const messages: Record<UnscoredInsights['reason'], string> = {
    not_synced: 'This company has not been synced yet; it will be after the next sync.',
    not_a_customer: 'This company has no closed-won deal or contract, so there is no churn to predict.',
    pending_first_score: 'The account is synced and will be scored within the next scoring run.',
  };
  return { status: 'not_scored', account: { id: COMPANY_ID, name: 'Acme Analytics', arr: null, renewalDate: null }, reason, message: messages[reason] };
}

export function portfolio(overrides: Partial<PortfolioResponse> = {}): PortfolioResponse {
  return {
    accounts: 1840,
    scoredAt: '2026-03-14T06:00:00Z',
    arrAtRisk: { low: 41_000_000, medium: 9_200_000, high: 3_400_000 },
    accountsByBand: { low: 1420, medium: 310, high: 110 },
    accountsByTrajectory: { improving: 380, stable: 1210, declining: 250 },
    risingRisk: [
      { id: '901', name: 'Globex', arr: 86_000, renewalDate: '2026-05-01', riskScore: 71, change7d: 19, band: 'high' },
      { id: '902', name: 'Initech', arr: null, renewalDate: null, riskScore: 44, change7d: 12, band: 'medium' },
    ],
    expansionPipeline: {
      '30_days': { accounts: 25, expectedAmount: 310_000 },
      '90_days': { accounts: 61, expectedAmount: 740_000 },
      '12_months': { accounts: 140, expectedAmount: 1_900_000 },
    },
    interventions: { open: 57, accepted: 120, dismissed: 33, holdout: 18 },
    currency: 'USD',
    ...overrides,
  };
}
