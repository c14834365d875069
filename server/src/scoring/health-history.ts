/**
 * Keeps each scored account's daily health score complete for the last HEALTH_HISTORY_DAYS days, so
 * trend charts are never empty: on an account's first scoring the whole window is computed from its
 * stored history, after a gap (the service was stopped) only the missing days. Day D's score is the
 * health level known at the end of D (features as of D + 1 at 00:00 UTC, point in time, by the
 * feature builder); days on which the account was not an active customer get no row.
 */
import { buildFeatureRows } from '../features/build-features.js';
import { loadFeatureManifest } from '../features/features-manifest.js';
import type { Database } from '../store/database.js';
import { lastHealthDaysBefore, upsertHealthDays, type HealthDay } from '../store/health-daily.js';
import { HEALTH_SCORE_FEATURE } from './score-health.js';

export const HEALTH_HISTORY_DAYS = 90;

const DAY_MS = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Rows written per statement. */
const FLUSH_ROWS = 5000;

export interface FillHealthHistoryInput {
  db: Database;
  tenantId: string;
  accountIds: readonly string[];
  /** 'YYYY-MM-DD': the scoring's day; days before it are filled. */
  today: string;
  source: HealthDay['source'];
  computedAt: Date;
}

/** Writes the missing days of the window before `today`; returns the rows written. */
export async function fillHealthHistory(input: FillHealthHistoryInput): Promise<number> {
  const { db, tenantId, today } = input;
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const windowStart = todayMs - HEALTH_HISTORY_DAYS * DAY_MS;
  const last = await lastHealthDaysBefore(db, tenantId, input.accountIds, today);
  // Accounts grouped by their first missing day, so each group is one pass over its histories.
  const byStart = new Map<number, string[]>();
  for (const accountId of input.accountIds) {
    const lastDay = last.get(accountId);
    const start = Math.max(windowStart, lastDay ? Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS : windowStart);
    if (start >= todayMs) continue;
    byStart.set(start, [...(byStart.get(start) ?? []), accountId]);
  }
  const scoreAt = loadFeatureManifest().features.findIndex((f) => f.name === HEALTH_SCORE_FEATURE);
  let written = 0;
  let pending: HealthDay[] = [];
  const flush = async () => {
    written += await upsertHealthDays(db, tenantId, pending, input.computedAt);
    pending = [];
  };
  for (const [start, accountIds] of byStart) {
    const ends = Array.from({ length: Math.round((todayMs - start) / DAY_MS) }, (_, k) => new Date(start + (k + 1) * DAY_MS));
    for await (const row of buildFeatureRows({ db, tenantId, accountIds, asOfDates: ends })) {
      const score = row.values[scoreAt]!;
      pending.push({ accountId: row.accountId, day: dayOf(row.asOf.getTime() - DAY_MS), score: Number.isFinite(score) ? score : null, source: input.source });
      if (pending.length >= FLUSH_ROWS) await flush();
    }
  }
  if (pending.length > 0) await flush();
  return written;
}
