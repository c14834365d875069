import type { AccountHistoryBundle, UsageDayRecord } from '../../../server/src/store/feature-reads.js';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';

/** A customer account with no activity: contract from 2023-01-01, renewal 2025-01-01, 10 seats, $12,000 ARR. */
export function accountBundle(overrides: Partial<AccountHistoryBundle> = {}): AccountHistoryBundle {
  return {
    account: {
      id: 'acc-1',
      segment: 'smb',
      arr: 12_000,
      seats: 10,
      contractStart: '2023-01-01',
      renewalDate: '2025-01-01',
      lifecycle: 'customer',
      churnedAt: null,
      daysPastDue: 0,
      healthScore: null,
      createdAt: new Date('2022-12-01T00:00:00Z'),
    },
    fieldVersions: [],
    usageDays: [],
    tickets: [],
    engagements: [],
    deals: [],
    contacts: [],
    healthScoreMapped: false,
    ...overrides,
  };
}

/** One usage row per day from `from` (inclusive) for `days` days, all with the same values. */
export function usageDays(from: string, days: number, values: Partial<Omit<UsageDayRecord, 'day'>> = {}): UsageDayRecord[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => ({
    day: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    activeUsers: 0,
    sessions: 0,
    events: 0,
    distinctFeatures: 0,
    advancedFeatures: 0,
    ...values,
  }));
}

/** The value of a named feature in a vector built in manifest order. */
export function feature(vector: Float64Array, name: string): number {
  const index = loadFeatureManifest().features.findIndex((f) => f.name === name);
  if (index < 0) throw new Error(`no feature ${name} in the manifest`);
  return vector[index] as number;
}

export const at = (iso: string): Date => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
