import { describe, expect, it } from 'vitest';
import { UNOBSERVED_CHURN_CAUSES, type Account } from '../../../server/src/sandbox/portfolio/index.js';
import { portfolioFor } from './shared-portfolio.js';

const unobserved = new Set<string>(UNOBSERVED_CHURN_CAUSES);

function meanHealth(account: Account, fromDay: number, toDay: number): number {
  let sum = 0;
  let n = 0;
  for (let d = fromDay; d < toDay; d++) {
    const h = account.health[d - account.seriesStartDay];
    if (h !== undefined && !Number.isNaN(h)) {
      sum += h;
      n++;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}

describe('causes of churn', () => {
  const portfolio = portfolioFor(42, 2000);
  const churned = portfolio.accounts.filter((a) => a.churnDay !== null);

  it('has about a third of churned accounts leave for a cause no signal shows', () => {
    const share = churned.filter((a) => unobserved.has(a.churnCause ?? '')).length / churned.length;
    expect(share).toBeGreaterThan(1 / 3 - 0.1);
    expect(share).toBeLessThan(1 / 3 + 0.1);
  });

  it('shows a health decline at least 30 days before most observed-cause churns', () => {
    const observed = churned.filter((a) => !unobserved.has(a.churnCause ?? '') && (a.churnDay ?? 0) - a.seriesStartDay >= 240);
    const declined = observed.filter((a) => {
      const churnDay = a.churnDay ?? 0;
      const before = meanHealth(a, churnDay - 60, churnDay - 30);
      const earlier = meanHealth(a, churnDay - 240, churnDay - 150);
      return before <= earlier - 0.05 || before < a.healthLevel - 0.1;
    });
    expect(observed.length).toBeGreaterThan(100);
    expect(declined.length / observed.length).toBeGreaterThan(0.6);
  });

  it('keeps health-blind churn as healthy beforehand as accounts that renew', () => {
    const blind = churned.filter((a) => unobserved.has(a.churnCause ?? '') && (a.churnDay ?? 0) - a.seriesStartDay >= 60);
    const observed = churned.filter((a) => !unobserved.has(a.churnCause ?? '') && (a.churnDay ?? 0) - a.seriesStartDay >= 60);
    const avg = (list: Account[]): number => list.reduce((s, a) => s + meanHealth(a, (a.churnDay ?? 0) - 60, (a.churnDay ?? 0) - 30), 0) / list.length;
    expect(avg(blind)).toBeGreaterThan(avg(observed) + 0.1);
  });
});
