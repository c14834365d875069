/**
 * portfolioSummary: counts per CRM object type and per segment, used by the README and the
 * benchmark to check the volume budget.
 */
import type { Portfolio, Segment } from './model.js';
import { SEGMENTS } from './model.js';

export interface PortfolioSummary {
  accounts: number;
  churnedAccounts: number;
  usageTrackedAccounts: number;
  objects: { companies: number; contacts: number; deals: number; tickets: number; emails: number; meetings: number; calls: number; notes: number; tasks: number };
  bySegment: Record<Segment, { accounts: number; churned: number; contacts: number; deals: number; tickets: number; engagements: number }>;
  owners: number;
}

export function portfolioSummary(portfolio: Portfolio): PortfolioSummary {
  const objects = { companies: 0, contacts: 0, deals: 0, tickets: 0, emails: 0, meetings: 0, calls: 0, notes: 0, tasks: 0 };
  const bySegment = Object.fromEntries(SEGMENTS.map((s) => [s, { accounts: 0, churned: 0, contacts: 0, deals: 0, tickets: 0, engagements: 0 }])) as PortfolioSummary['bySegment'];
  let churned = 0;
  let tracked = 0;
  for (const a of portfolio.accounts) {
    const seg = bySegment[a.segment];
    objects.companies++;
    objects.contacts += a.contacts.length;
    objects.deals += a.deals.length;
    objects.tickets += a.tickets.length;
    for (const e of a.engagements) objects[e.type]++;
    seg.accounts++;
    seg.contacts += a.contacts.length;
    seg.deals += a.deals.length;
    seg.tickets += a.tickets.length;
    seg.engagements += a.engagements.length;
    if (a.churnDay !== null) {
      churned++;
      seg.churned++;
    }
    if (a.usageTracking !== 'not_mapped') tracked++;
  }
  return { accounts: portfolio.accounts.length, churnedAccounts: churned, usageTrackedAccounts: tracked, objects, bySegment, owners: portfolio.owners.length };
}
