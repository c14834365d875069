import { describe, expect, it } from 'vitest';
import { toPortalData, usageDays } from '../../../server/src/sandbox/portfolio/index.js';
import { portfolioFor } from './shared-portfolio.js';

describe('imperfect data', () => {
  const portfolio = portfolioFor(8, 600);
  const portal = toPortalData(portfolio);

  it('leaves about a fifth of contacts without a job title', () => {
    const contacts = portal.records.contacts;
    const missing = contacts.filter((c) => !c.properties.jobtitle).length / contacts.length;
    expect(missing).toBeGreaterThan(0.16);
    expect(missing).toBeLessThan(0.26);
  });

  it('has about 8% of accounts without usage tracking and no usage rows for them', () => {
    const untracked = portfolio.accounts.filter((a) => a.usageTracking === 'not_mapped');
    expect(untracked.length / portfolio.accounts.length).toBeGreaterThan(0.05);
    expect(untracked.length / portfolio.accounts.length).toBeLessThan(0.11);
    const ids = new Set(untracked.map((a) => a.companyId));
    for (const row of usageDays(portfolio)) expect(ids.has(row.companyId)).toBe(false);
  });

  it('keys some tracked accounts by domain instead of company id', () => {
    const domainKeyed = new Set(portfolio.accounts.filter((a) => a.usageTracking === 'domain').map((a) => a.domain));
    let byDomain = 0;
    for (const row of usageDays(portfolio)) if (domainKeyed.has(row.groupKey)) byDomain++;
    expect(domainKeyed.size).toBeGreaterThan(15);
    expect(byDomain).toBeGreaterThan(0);
  });

  it('contains duplicate contacts and tickets logged against another company', () => {
    expect(portfolio.accounts.flatMap((a) => a.contacts).filter((c) => c.duplicateOf !== null).length).toBeGreaterThan(20);
    const misLogged = portfolio.accounts.reduce((n, a) => n + a.tickets.filter((t) => t.loggedAgainst !== a.index).length, 0);
    expect(misLogged).toBeGreaterThan(0);
  });

  it('records some tracked property changes later than the event', () => {
    const lagged = portfolio.accounts.some((a) => a.history.arr.some((v) => v.at - Math.floor(v.at / 86_400_000) * 86_400_000 >= 0 && v.at > (a.customerSinceDay + 4) * 86_400_000 && a.arrChanges.every((c) => Math.abs(c.day * 86_400_000 - v.at) > 2 * 86_400_000)));
    expect(lagged).toBe(true);
  });
});
