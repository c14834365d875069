import { describe, expect, it } from 'vitest';
import { actionFields, NEXT_BEST_ACTION_MAX_LENGTH } from '../../../server/src/actions/action-fields.js';
import { accountState } from './account-states.js';

describe('actionFields', () => {
  it('names the most urgent recommendation and the drivers behind it', () => {
    const fields = actionFields(accountState({ band: 'high', daysToRenewal: 45, drivers: { support: 18.24, product_usage: 6 } }));
    expect(fields).toEqual({
      nextBestAction: 'Executive escalation: Acme at churn risk 86 — driven by Support (+18.2 pts), Product usage (+6.0 pts)',
      interventionWindow: 'emergency',
    });
  });

  it('gives a calm account the standard check-in and the early window', () => {
    expect(actionFields(accountState({ band: 'low' }))).toEqual({ nextBestAction: 'Standard check-in with Acme', interventionWindow: 'early' });
  });

  it('writes the same text on the next day when the predictions did not change', () => {
    const today = actionFields(accountState({ band: 'medium', asOf: '2025-06-30', daysToRenewal: 120, drivers: { stakeholder_engagement: 7 } }));
    const tomorrow = actionFields(accountState({ band: 'medium', asOf: '2025-07-01', daysToRenewal: 119, drivers: { stakeholder_engagement: 7 } }));
    expect(tomorrow).toEqual(today);
  });

  it('keeps the text within 255 characters', () => {
    const fields = actionFields(accountState({ band: 'high', accountName: 'A'.repeat(300), drivers: { support: 9, product_usage: 8 } }));
    expect(fields.nextBestAction.length).toBeLessThanOrEqual(NEXT_BEST_ACTION_MAX_LENGTH);
    expect(fields.nextBestAction.endsWith('…')).toBe(true);
  });
});
