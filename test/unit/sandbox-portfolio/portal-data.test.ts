import { describe, expect, it } from 'vitest';
import { portfolioSummary, toPortalData, usageDays } from '../../../server/src/sandbox/portfolio/index.js';
import { portfolioFor } from './shared-portfolio.js';

describe('portal data', () => {
  const portfolio = portfolioFor(42, 2000);
  const portal = toPortalData(portfolio);

  it('stays within the sync volume budget for 2,000 companies', () => {
    const s = portfolioSummary(portfolio);
    expect(s.objects.contacts).toBeLessThanOrEqual(14_000);
    expect(s.objects.deals).toBeLessThanOrEqual(10_000);
    expect(s.objects.tickets).toBeLessThanOrEqual(30_000);
    expect(s.objects.emails + s.objects.meetings + s.objects.calls + s.objects.notes).toBeLessThanOrEqual(45_000);
    expect(s.objects.tasks).toBeLessThanOrEqual(4_000);
    expect(portal.records.contacts).toHaveLength(s.objects.contacts);
  });

  it('splits accounts into about 60% SMB, 30% mid-market and 10% enterprise', () => {
    const s = portfolioSummary(portfolio);
    expect(s.bySegment.smb.accounts / s.accounts).toBeCloseTo(0.6, 1);
    expect(s.bySegment.mid_market.accounts / s.accounts).toBeCloseTo(0.3, 1);
    expect(s.bySegment.enterprise.accounts / s.accounts).toBeCloseTo(0.1, 1);
  });

  it('marks churned companies with a churn date and lifecycle stage other', () => {
    const churned = portal.records.companies.filter((c) => c.properties.churn_date);
    expect(churned.length).toBeGreaterThan(100);
    const ended = churned.filter((c) => c.properties.lifecyclestage === 'other');
    expect(ended.length).toBeGreaterThan(0.9 * portfolio.accounts.filter((a) => a.churnDay !== null).length);
  });

  it('keeps createdAt <= updatedAt <= asOf on every record and unique ids per type', () => {
    for (const [type, records] of Object.entries(portal.records)) {
      const ids = new Set(records.map((r) => r.id));
      expect(ids.size, type).toBe(records.length);
      for (const r of records) {
        expect(r.createdAt <= r.updatedAt, `${type} ${r.id}`).toBe(true);
        expect(r.updatedAt <= portal.asOf, `${type} ${r.id}`).toBe(true);
        expect(r.id).toMatch(/^\d+$/);
      }
    }
  });

  it('defines every emitted property and keeps history for the tracked company properties', () => {
    for (const [type, records] of Object.entries(portal.records)) {
      const defined = new Set(portal.properties[type as keyof typeof portal.properties].map((p) => p.name));
      for (const r of records.slice(0, 500)) for (const name of Object.keys(r.properties)) expect(defined.has(name), `${type}.${name}`).toBe(true);
    }
    const custom = portal.properties.companies.filter((p) => p.groupName === 'customer_success').map((p) => p.name).sort();
    expect(custom).toEqual(['arr', 'churn_date', 'contract_start_date', 'customer_segment', 'days_past_due', 'licensed_seats', 'renewal_date']);
    const withUpsell = portal.records.companies.filter((c) => (c.history?.arr?.length ?? 0) > 1);
    expect(withUpsell.length).toBeGreaterThan(200);
    const c = withUpsell[0];
    expect(c?.history?.arr?.at(-1)?.value).toBe(c?.properties.arr);
  });

  it('associates every contact, deal, ticket and engagement with a company using HubSpot default type ids', () => {
    const companyIds = new Set(portal.records.companies.map((c) => c.id));
    const toCompany = new Map<string, number>();
    for (const a of portal.associations) {
      if (a.toType === 'companies') {
        expect(companyIds.has(a.toId)).toBe(true);
        toCompany.set(`${a.fromType}:${a.fromId}`, a.typeId);
      }
    }
    const expected: Record<string, number> = { contacts: 279, deals: 341, tickets: 339, emails: 186, meetings: 188, calls: 182, notes: 190, tasks: 192 };
    for (const [type, typeId] of Object.entries(expected)) {
      const records = portal.records[type as keyof typeof portal.records];
      expect(records.every((r) => toCompany.has(`${type}:${r.id}`)), type).toBe(true);
      expect(portal.associations.some((a) => a.fromType === type && a.toType === 'companies' && a.typeId === typeId)).toBe(true);
    }
  });

  it('emits usage rows with active users within seats and advanced features among the features', () => {
    let rows = 0;
    for (const row of usageDays(portfolioFor(8, 600))) {
      rows++;
      expect(row.activeUsers).toBeGreaterThan(0);
      for (const f of row.advancedFeatures) expect(row.features).toContain(f);
      if (rows > 20_000) break;
    }
    expect(rows).toBeGreaterThan(20_000);
  });
});
