/**
 * Product usage: how many of the licensed seats are in use given latent health (the simulation's
 * expected active users), and the daily usage rows the sandbox sends to the usage API.
 */
import { clamp, streamFor } from './random.js';
import { formatDay, isWeekend } from './calendar.js';
import type { Account, Portfolio } from './model.js';
import type { UsageDay } from '../hubspot/portal-data.js';

/** The product's feature catalogue; the last six are advanced features. */
export const FEATURES: readonly string[] = [
  'dashboard', 'search', 'reports', 'export', 'comments', 'notifications', 'sharing', 'templates', 'import',
  'calendar', 'mobile_app', 'integrations', 'custom_fields', 'automation', 'api_access', 'sso', 'advanced_analytics',
  'workflow_builder', 'forecasting', 'audit_log',
];
export const ADVANCED_FEATURES: ReadonlySet<string> = new Set([
  'automation', 'api_access', 'sso', 'advanced_analytics', 'workflow_builder', 'forecasting',
]);
const BASIC_COUNT = FEATURES.length - ADVANCED_FEATURES.size;

/** Share of the user base wanting the product that actually uses it, at a health. */
export function engagementFactor(health: number): number {
  return clamp(0.45 + 0.6 * health, 0, 1);
}

/** Expected active users on a normal weekday. */
export function expectedActiveUsers(seats: number, demand: number, health: number): number {
  return Math.min(seats, demand * engagementFactor(health));
}

/** A per-account order of the catalogue: basic features first (shuffled), advanced after. */
export function drawFeatureOrder(next: () => number): number[] {
  const basic = [...Array(BASIC_COUNT).keys()];
  const advanced = [...Array(ADVANCED_FEATURES.size).keys()].map((i) => i + BASIC_COUNT);
  for (const list of [basic, advanced]) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const a = list[i] as number;
      list[i] = list[j] as number;
      list[j] = a;
    }
  }
  return [...basic, ...advanced];
}

/** The group key an account's product workspace reports under, or null when tracking is not mapped. */
export function usageGroupKey(account: Account): string | null {
  if (account.usageTracking === 'not_mapped') return null;
  return account.usageTracking === 'domain' ? account.domain : account.companyId;
}

function* accountUsage(portfolio: Portfolio, account: Account): Generator<UsageDay> {
  const groupKey = usageGroupKey(account);
  if (groupKey === null) return;
  const rng = streamFor(portfolio.seed, account.index, 'usage');
  const n = account.health.length;
  for (let i = 0; i < n; i++) {
    const expected = account.expectedActiveUsers[i] ?? 0;
    const health = account.health[i] ?? 0;
    if (!(expected > 0)) continue;
    const day = account.seriesStartDay + i;
    const weekend = isWeekend(day);
    const mean = expected * (weekend ? 0.08 + 0.1 * health : 1) * Math.exp(0.12 * rng.normal());
    const seats = account.seats[i] ?? 0;
    const activeUsers = Math.min(seats, mean < 20 ? rng.poisson(mean) : Math.round(mean));
    if (activeUsers <= 0) continue;
    const sessions = Math.max(activeUsers, Math.round(activeUsers * (1.2 + 2.4 * health) * Math.exp(0.2 * rng.normal())));
    const events = Math.round(sessions * (6 + 22 * health) * Math.exp(0.25 * rng.normal()));
    // Breadth grows with health and with how many people use it that day; advanced features need both.
    const breadth = clamp(Math.round((3 + 11 * health) * Math.min(1, 0.5 + Math.log10(1 + activeUsers) / 3) + rng.normal()), 1, BASIC_COUNT);
    const advancedAdopted = clamp(Math.round(ADVANCED_FEATURES.size * account.advancedPropensity * clamp((health - 0.4) / 0.45, 0, 1) + 0.6 * rng.normal()), 0, ADVANCED_FEATURES.size);
    const features: string[] = [];
    const advancedFeatures: string[] = [];
    for (let f = 0; f < breadth; f++) {
      const name = FEATURES[account.featureOrder[f] ?? 0];
      if (name !== undefined && (f < 3 || rng.chance(0.85))) features.push(name);
    }
    for (let f = 0; f < advancedAdopted; f++) {
      const name = FEATURES[account.featureOrder[BASIC_COUNT + f] ?? 0];
      if (name !== undefined && rng.chance(0.6)) {
        features.push(name);
        advancedFeatures.push(name);
      }
    }
    yield { companyId: account.companyId, groupKey, day: formatDay(day), activeUsers, sessions, events, features, advancedFeatures };
  }
}

/**
 * Every usage row of the portfolio, account by account and day by day: one row per tracked account
 * per day with at least one active user. A generator, so millions of rows never sit in memory at once.
 */
export function* usageDays(portfolio: Portfolio): Generator<UsageDay> {
  for (const account of portfolio.accounts) yield* accountUsage(portfolio, account);
}
