import { describe, expect, it } from 'vitest';
import { CrmError, CrmErrorKind } from '../../../server/src/connectors/crm-error.js';
import { DAILY_BUDGET_CATEGORY, DAILY_BUDGET_RETRY_MS, DailyApiBudget, parseLimitInfo } from '../../../server/src/connectors/salesforce/daily-api-budget.js';

describe('the daily API budget', () => {
  it('reads api-usage from Sforce-Limit-Info', () => {
    expect(parseLimitInfo('api-usage=18/15000')).toEqual({ used: 18, max: 15000 });
    expect(parseLimitInfo('per-app-api-usage=17/250(appName=sample-app), api-usage=25/5000')).toEqual({ used: 25, max: 5000 });
    expect(parseLimitInfo(undefined)).toBeUndefined();
    expect(parseLimitInfo('api-usage=1/0')).toBeUndefined();
  });

  it('lets calls start below the share and refuses them from the share on, saying when to retry', () => {
    const now = Date.parse('2025-06-30T10:00:00Z');
    const budget = new DailyApiBudget(0.5, () => now);
    budget.check('GET /query', '00D000000000001AAA');
    budget.observe({ 'sforce-limit-info': 'api-usage=4999/10000' });
    budget.check('GET /query', '00D000000000001AAA');
    budget.observe({ 'sforce-limit-info': 'api-usage=5000/10000' });
    let refused: unknown;
    try {
      budget.check('GET /query', '00D000000000001AAA');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(CrmError);
    expect(refused).toMatchObject({ kind: CrmErrorKind.Temporary, category: DAILY_BUDGET_CATEGORY, retryAfterMs: DAILY_BUDGET_RETRY_MS });
    expect((refused as CrmError).message).toContain('5000 of its 10000');
    expect((refused as CrmError).message).toContain('retry after 2025-06-30T11:00:00.000Z');
    expect(budget.usage()).toEqual({ used: 5000, max: 10000 });
  });

  it('keeps the last usage when a response carries no header', () => {
    const budget = new DailyApiBudget(0.8);
    budget.observe({ 'sforce-limit-info': 'api-usage=10/100' });
    budget.observe({});
    expect(budget.usage()).toEqual({ used: 10, max: 100 });
  });

  it('takes only a share between 0 and 1', () => {
    expect(() => new DailyApiBudget(0)).toThrow(RangeError);
    expect(() => new DailyApiBudget(1.5)).toThrow(RangeError);
  });
});
