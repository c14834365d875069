import type { AccountState, ExpansionWindow, RiskBand, SignalGroup, Trajectory } from '../../../server/src/actions/account-state.js';

/** The knobs the action tests turn; everything else gets a plain default. */
export interface StateOptions {
  tenantId?: string;
  accountId?: string;
  accountName?: string | null;
  ownerId?: string | null;
  arr?: number | null;
  asOf?: string;
  daysToRenewal?: number | null;
  band?: RiskBand;
  riskScore?: number;
  /** Churn drivers in probability points per group. */
  drivers?: Partial<Record<SignalGroup, number>>;
  driverText?: Partial<Record<SignalGroup, string>>;
  /** null: no expansion prediction. */
  expansionWindow?: ExpansionWindow | null;
  expectedAmount?: number | null;
  /** null: no health prediction. */
  trajectory?: Trajectory | null;
  confidence?: number;
  healthScore?: number;
}

const DEFAULT_SCORE: Record<RiskBand, number> = { low: 20, medium: 62, high: 86 };

/** An account state for tests: low risk, stable, no expansion, renewal in 200 days unless told otherwise. */
export function accountState(options: StateOptions = {}): AccountState {
  const band = options.band ?? 'low';
  const riskScore = options.riskScore ?? DEFAULT_SCORE[band];
  const drivers = Object.entries(options.drivers ?? {}).map(([group, points]) => ({
    group: group as SignalGroup,
    points,
    text: options.driverText?.[group as SignalGroup] ?? null,
  }));
  const healthScore = options.healthScore ?? 100 - riskScore;
  return {
    tenantId: options.tenantId ?? 'tenant-a',
    accountId: options.accountId ?? '1001',
    accountName: options.accountName === undefined ? 'Acme' : options.accountName,
    ownerId: options.ownerId === undefined ? '101' : options.ownerId,
    arr: options.arr === undefined ? 48_000 : options.arr,
    daysToRenewal: options.daysToRenewal === undefined ? 200 : options.daysToRenewal,
    asOf: options.asOf ?? '2025-06-30',
    churn: {
      probability: riskScore / 100,
      riskScore,
      band,
      drivers,
      whatIf: drivers.map((d) => ({ group: d.group, deltaPoints: -0.8 * d.points })),
    },
    expansion:
      options.expansionWindow === null || options.expansionWindow === undefined
        ? options.expansionWindow === null
          ? null
          : { p30: 0.05, p90: 0.1, p365: 0.2, expectedAmount: null, window: 'unlikely' }
        : {
            p30: options.expansionWindow === '30_days' ? 0.62 : 0.1,
            p90: 0.7,
            p365: 0.85,
            expectedAmount: options.expectedAmount === undefined ? 24_000 : options.expectedAmount,
            window: options.expansionWindow,
          },
    health:
      options.trajectory === null
        ? null
        : {
            score: healthScore,
            forecast: [
              { horizonDays: 30, p10: healthScore - 8, p50: healthScore - 2, p90: healthScore + 4 },
              { horizonDays: 90, p10: Math.max(0, healthScore - 20), p50: Math.max(0, healthScore - 9), p90: Math.min(100, healthScore + 3) },
            ],
            trajectory: options.trajectory ?? 'stable',
            confidence: options.confidence ?? 80,
          },
  };
}
