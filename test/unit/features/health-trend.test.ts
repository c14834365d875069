import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import { groupScore, pulseAt } from '../../../server/src/features/health-trend.js';
import { indexAccountHistory } from '../../../server/src/features/indexed-history.js';
import { loadPulseWeights, type PulseWeights } from '../../../server/src/features/pulse-weights.js';
import type { TicketRecord } from '../../../server/src/store/feature-reads.js';
import { accountBundle, at, feature, usageDays } from './account-bundle.js';

function ticket(created: string, priority: TicketRecord['priority'], escalated: boolean): TicketRecord {
  const createdAt = at(created);
  return { createdAt, firstResponseAt: null, resolvedAt: new Date(createdAt.getTime() + 86_400_000), status: 'closed', priority, escalated, csat: null, updatedAt: null };
}

describe('health trend features', () => {
  it('uses the mapped CRM health score: level, changes and spread', () => {
    const bundle = accountBundle({
      healthScoreMapped: true,
      fieldVersions: [
        { field: 'health_score', validFrom: at('2024-02-15'), value: '70' },
        { field: 'health_score', validFrom: at('2024-03-15'), value: '60' },
        { field: 'health_score', validFrom: at('2024-04-15'), value: '55' },
        { field: 'health_score', validFrom: at('2024-05-15'), value: '50' },
        { field: 'health_score', validFrom: at('2024-06-01'), value: '10' },
      ],
    });
    const v = buildFeatures(bundle, at('2024-06-01'));
    expect(feature(v, 'pulse')).toBe(50);
    expect(feature(v, 'pulse_change_30d')).toBe(50 - 55);
    expect(feature(v, 'pulse_change_90d')).toBe(50 - 70);
    const levels = [50, 55, 60, 70];
    const mean = levels.reduce((a, b) => a + b) / 4;
    expect(feature(v, 'pulse_volatility_90d')).toBeCloseTo(Math.sqrt(levels.reduce((s, x) => s + (x - mean) ** 2, 0) / 4), 12);
  });

  it('computes the pulse as the mean of the available group scores weighted as the manifest pins them', () => {
    const bundle = accountBundle({
      usageDays: usageDays('2024-04-02', 60, { activeUsers: 5, distinctFeatures: 5, advancedFeatures: 1 }),
    });
    const v = buildFeatures(bundle, at('2024-06-01'));
    // product usage: utilisation 0.5/0.7 (share 0.7) and flat momentum 0.5 (share 0.3); support: no
    // burden 1 (CSAT missing); engagement: no sponsor 0 (no two-way touch yet); adoption: advanced
    // share 0.2/0.3; payment: nothing past due 1.
    const scores: Record<string, number> = {
      product_usage: 0.7 * (0.5 / 0.7) + 0.3 * 0.5,
      support: 1,
      stakeholder_engagement: 0,
      feature_adoption: 0.2 / 0.3,
      payment_contract: 1,
    };
    const groups = loadPulseWeights().groups.filter((g) => g.weight > 0);
    const weights = groups.reduce((s, g) => s + g.weight, 0);
    const expected = (100 * groups.reduce((s, g) => s + g.weight * (scores[g.group] as number), 0)) / weights;
    expect(feature(v, 'pulse')).toBeCloseTo(expected, 10);
  });

  it('scores a group as the share-weighted mean of its available components', () => {
    const history = indexAccountHistory(
      accountBundle({
        tickets: [
          { ...ticket('2024-05-01', 'high', false), csat: 5 },
          { ...ticket('2024-05-10', 'low', true), csat: 3 },
        ],
      }),
    );
    // burden 1 / (1 + 0.5 × (1 high + 2 × 1 escalation)) at share 0.6, CSAT (4 − 1) / 4 at share 0.4.
    expect(groupScore('support', history, at('2024-06-01').getTime())).toBeCloseTo(0.6 * (1 / 2.5) + 0.4 * 0.75, 12);
    expect(groupScore('product_usage', history, at('2024-06-01').getTime())).toBeNaN();
  });

  it('weights each group as pinned: all weight on payment makes the pulse the payment score', () => {
    const pinned = loadPulseWeights();
    const paymentOnly: PulseWeights = { ...pinned, groups: pinned.groups.map((g) => ({ ...g, weight: g.group === 'payment_contract' ? 1 : 0 })), total: 1 };
    const history = indexAccountHistory(accountBundle({ account: { ...accountBundle().account, daysPastDue: 30 } }));
    expect(pulseAt(history, at('2024-06-01').getTime(), paymentOnly)).toBeCloseTo(50, 12);
  });

  it('refuses pinned weights whose inputs are not what the group scores read', () => {
    const pinned = loadPulseWeights();
    const drifted: PulseWeights = { ...pinned, groups: pinned.groups.map((g) => (g.group === 'support' ? { ...g, inputs: ['tickets_90d'] } : g)) };
    const history = indexAccountHistory(accountBundle());
    expect(() => pulseAt(history, at('2024-06-01').getTime(), drifted)).toThrow(/support lists \[tickets_90d\]/);
  });

  it('shows a falling pulse when usage collapses', () => {
    const bundle = accountBundle({
      usageDays: [
        ...usageDays('2024-01-01', 120, { activeUsers: 8, distinctFeatures: 5, advancedFeatures: 2 }),
        ...usageDays('2024-04-30', 32, { activeUsers: 1, distinctFeatures: 1, advancedFeatures: 0 }),
      ],
    });
    const v = buildFeatures(bundle, at('2024-06-01'));
    expect(feature(v, 'pulse_change_30d')).toBeLessThan(-10);
    expect(feature(v, 'pulse_change_90d')).toBeLessThan(-10);
    expect(feature(v, 'pulse_volatility_90d')).toBeGreaterThan(0);
  });

  it('leaves the pulse missing when too few signals are available', () => {
    const bundle = accountBundle({ account: { ...accountBundle().account, daysPastDue: null } });
    expect(feature(buildFeatures(bundle, at('2024-06-01')), 'pulse')).toBeNaN();
  });
});
