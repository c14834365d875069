import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import { indexAccountHistory } from '../../../server/src/features/indexed-history.js';
import { isActiveCustomerAt } from '../../../server/src/features/point-in-time.js';
import type { AccountHistoryBundle } from '../../../server/src/store/feature-reads.js';
import { accountBundle, at, usageDays } from './account-bundle.js';

const active = (bundle: AccountHistoryBundle, date: string) => isActiveCustomerAt(indexAccountHistory(bundle), at(date).getTime());

describe('point-in-time rules', () => {
  it('makes an account a customer only after its contract start', () => {
    const bundle = accountBundle();
    expect(active(bundle, '2022-12-15')).toBe(false);
    expect(active(bundle, '2023-01-01')).toBe(false);
    expect(active(bundle, '2023-01-02')).toBe(true);
  });

  it('stops counting an account as a customer once its recorded churn date has passed', () => {
    const bundle = accountBundle({
      fieldVersions: [
        { field: 'churned_at', validFrom: at('2023-01-01'), value: null },
        { field: 'churned_at', validFrom: at('2024-03-20'), value: '2024-03-01' },
      ],
    });
    // Before the churn was recorded, the account still looked active.
    expect(active(bundle, '2024-03-15')).toBe(true);
    expect(active(bundle, '2024-04-01')).toBe(false);
  });

  it('follows the lifecycle stage history when there is one', () => {
    const bundle = accountBundle({
      fieldVersions: [
        { field: 'lifecycle', validFrom: at('2022-12-01'), value: 'opportunity' },
        { field: 'lifecycle', validFrom: at('2023-02-01'), value: 'customer' },
        { field: 'lifecycle', validFrom: at('2024-05-01'), value: 'other' },
      ],
    });
    expect(active(bundle, '2023-01-15')).toBe(false);
    expect(active(bundle, '2023-06-01')).toBe(true);
    expect(active(bundle, '2024-06-01')).toBe(false);
  });

  it('builds the same vector after records dated at or after the snapshot are added', () => {
    const t = at('2024-06-01');
    const before: AccountHistoryBundle = accountBundle({
      usageDays: usageDays('2023-06-01', 366, { activeUsers: 6, sessions: 9, events: 50, distinctFeatures: 5, advancedFeatures: 1 }),
      fieldVersions: [
        { field: 'arr', validFrom: at('2023-01-01'), value: '12000' },
        { field: 'seats', validFrom: at('2023-01-01'), value: '10' },
        { field: 'renewal_date', validFrom: at('2023-01-01'), value: '2025-01-01' },
        // With no history at all a field falls back to its current value (README): give it one.
        { field: 'days_past_due', validFrom: at('2023-01-01'), value: '0' },
      ],
      tickets: [
        { createdAt: at('2024-05-01'), firstResponseAt: null, resolvedAt: null, status: 'open', priority: 'high', escalated: false, csat: null, updatedAt: null },
      ],
      engagements: [{ kind: 'meeting', direction: null, occurredAt: at('2024-05-01'), contactId: 'c1', withExecutive: true }],
      contacts: [{ createdAt: at('2023-01-01'), isSponsor: true, isChampion: false, seniority: null }],
    });
    const later: AccountHistoryBundle = {
      ...before,
      usageDays: [...before.usageDays, ...usageDays('2024-06-01', 30, { activeUsers: 99, distinctFeatures: 40, advancedFeatures: 20 })],
      fieldVersions: [
        ...before.fieldVersions,
        { field: 'arr', validFrom: t, value: '99000' },
        { field: 'seats', validFrom: at('2024-06-02'), value: '2' },
        { field: 'renewal_date', validFrom: t, value: '2024-06-10' },
        { field: 'days_past_due', validFrom: t, value: '90' },
        { field: 'churned_at', validFrom: t, value: '2024-05-15' },
      ],
      tickets: [
        ...before.tickets,
        { createdAt: t, firstResponseAt: t, resolvedAt: at('2024-06-02'), status: 'closed', priority: 'urgent', escalated: true, csat: 1, updatedAt: t },
      ],
      engagements: [...before.engagements, { kind: 'email', direction: 'inbound', occurredAt: t, contactId: 'c2', withExecutive: true }],
      deals: [{ kind: 'upsell', isClosed: true, isWon: true, amount: 5000, closeDate: '2024-06-01', createdAt: t }],
      contacts: [...before.contacts, { createdAt: t, isSponsor: false, isChampion: true, seniority: null }],
    };
    expect(Array.from(buildFeatures(later, t))).toEqual(Array.from(buildFeatures(before, t)));
  });
});
