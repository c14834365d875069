/**
 * The JSON contract between Telltale's card API (server/src/api/card-routes.ts) and the HubSpot cards.
 * One definition for both sides: the server's handlers are typed with it and the cards read it, so a
 * change here breaks whichever side no longer matches (both are type-checked by `npm test`).
 * Declarations only (no runtime code), so the server build and the HubSpot bundle can both import it.
 */

export type RiskBand = 'low' | 'medium' | 'high';
export type Trajectory = 'improving' | 'stable' | 'declining';
export type InterventionWindow = 'early' | 'timely' | 'reactive' | 'emergency';
export type ExpansionWindow = '30_days' | '90_days' | '12_months' | 'unlikely';
export type SignalGroup = 'health_trend' | 'product_usage' | 'support' | 'stakeholder_engagement' | 'feature_adoption' | 'payment_contract';
export type InterventionStatus = 'recommended' | 'open' | 'accepted' | 'dismissed' | 'holdout';
/** What a card can ask for an intervention: `accept` (POST …/interventions/:id/accept), `dismiss` (POST …/dismiss). */
export type InterventionAction = 'accept' | 'dismiss';

/** One signal group's share of a prediction. */
export interface Driver {
  group: SignalGroup;
  /** "Support", "Product usage"... */
  label: string;
  /** Shapley value in probability points: > 0 raises the prediction, < 0 protects. Drivers sum to prediction − baseline. */
  points: number;
  /** e.g. "Support: 6 escalations in 90 days, +18 pts". */
  text: string;
  /** The two most influential features inside the group. */
  topFeatures: Array<{ feature: string; label: string; value: number | null; display: string }>;
}

/** What bringing a group to the healthy reference would change, in probability points (negative = lower risk). */
export interface WhatIf {
  group: SignalGroup;
  label: string;
  deltaPoints: number;
  text: string;
}

export interface Intervention {
  id: string;
  play: string;
  title: string;
  /** The drivers behind it, in words. */
  why: string;
  ownerRole: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  window: InterventionWindow;
  priority: 'low' | 'medium' | 'high';
  status: InterventionStatus;
  /** The CRM task when one exists. */
  taskId: string | null;
  /**
   * What the API takes for it as its state stands: `accept` while it is a recommendation (no task, or
   * one HubSpot refused) or its task is queued but not yet in the CRM (accepting sends it now);
   * `dismiss` while it is a recommendation. Empty once its task is in the CRM or it was dismissed.
   * The API refuses anything else with 409.
   */
  allowedActions: InterventionAction[];
}

export interface AccountSummary {
  /** The CRM record id (HubSpot company id). */
  id: string;
  name: string;
  arr: number | null;
  /** YYYY-MM-DD. */
  renewalDate: string | null;
  /** ISO 4217 code of the amounts (ARR, expansion); absent: the cards show amounts without a currency. */
  currency?: string;
}

export interface HealthPoint {
  /** YYYY-MM-DD. */
  date: string;
  score: number;
}

export interface HealthForecastPoint {
  horizonDays: 30 | 60 | 90;
  /** YYYY-MM-DD. */
  date: string;
  p10: number;
  p50: number;
  p90: number;
}

/** GET /api/v1/hubspot/companies/:id/insights for a scored account. */
export interface ScoredInsights {
  status: 'scored';
  account: AccountSummary;
  churn: {
    /** Calibrated probability of churning at or before the next renewal (0–1). */
    probability: number;
    /** round(probability × 100). */
    riskScore: number;
    band: RiskBand;
    /** Risk score now minus 30 days ago; null without a prediction then. */
    change30d: number | null;
    /** Mean prediction of the reference population, in points: drivers start from here. */
    baselinePoints: number;
    drivers: Driver[];
    whatIf: WhatIf[];
    /** Some input was missing and imputed. */
    lowConfidence: boolean;
  };
  expansion: {
    p30d: number;
    p90d: number;
    p365d: number;
    window: ExpansionWindow;
    /** Expected expansion ARR within 12 months. */
    expectedAmount: number;
    /** Seat utilisation, adoption, sponsor engagement...: the drivers of the 90-day probability. */
    signals: Driver[];
  };
  health: {
    /** 0–100; null when not enough data. */
    score: number | null;
    source: 'crm' | 'pulse';
    /** Daily, oldest first (up to 90 days). */
    history: HealthPoint[];
    forecast: HealthForecastPoint[];
    trajectory: Trajectory;
    /** 0–100. */
    confidence: number;
  };
  interventions: Intervention[];
  nextBestAction: string | null;
  interventionWindow: InterventionWindow | null;
  /** The account is in the measurement holdout: scored, but no automatic tasks. */
  holdout: boolean;
  models: { churn: string; expansion: string; health: string };
  /** ISO timestamp of the scoring run. */
  scoredAt: string;
}

/** The account exists but has no scores yet (or is not a customer). */
export interface UnscoredInsights {
  status: 'not_scored';
  account: AccountSummary;
  reason: 'not_synced' | 'not_a_customer' | 'pending_first_score';
  message: string;
}

export type InsightsResponse = ScoredInsights | UnscoredInsights;

/** POST /api/v1/hubspot/interventions/:id/accept → the intervention with its task. */
export interface AcceptInterventionResponse {
  intervention: Intervention;
}

/** POST /api/v1/hubspot/interventions/:id/dismiss body. */
export interface DismissInterventionRequest {
  reason: string;
}

export interface DismissInterventionResponse {
  intervention: Intervention;
}

/** GET /api/v1/hubspot/portfolio: the app home page. */
export interface PortfolioResponse {
  accounts: number;
  scoredAt: string | null;
  /** ARR of accounts per band. */
  arrAtRisk: Record<RiskBand, number>;
  accountsByBand: Record<RiskBand, number>;
  accountsByTrajectory: Record<Trajectory, number>;
  /** Accounts whose risk score rose most over the last 7 days (at most 10). */
  risingRisk: Array<AccountSummary & { riskScore: number; change7d: number; band: RiskBand }>;
  /** Expected expansion ARR and accounts per window. */
  expansionPipeline: Record<Exclude<ExpansionWindow, 'unlikely'>, { accounts: number; expectedAmount: number }>;
  interventions: { open: number; accepted: number; dismissed: number; holdout: number };
  /** ISO 4217 code of the portfolio's amounts; absent: the home page shows amounts without a currency. */
  currency?: string;
}

/** Every error answer. */
export interface ApiError {
  error: string;
  message: string;
}
