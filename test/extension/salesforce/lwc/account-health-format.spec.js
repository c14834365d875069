import { getRecord } from 'lightning/uiRecordApi';
import { accountRecord, HIGH_RISK_VALUES } from './support/account-record';
import { flush, removeCards, renderCard, textOf } from './support/render-card';

afterEach(removeCards);

/** The card for an account with these values over the high-risk example; jest's i18n defaults are en-US, USD, America/Los_Angeles. */
async function cardWith(values, options) {
    const card = renderCard();
    getRecord.emit(accountRecord({ ...HIGH_RISK_VALUES, ...values }, options));
    await flush();
    return card;
}

describe('telltaleAccountHealth formatting', () => {
    it.each([
        [125000, '$125K'],
        [1250000, '$1.3M'],
        [900, '$900'],
        [0, '$0']
    ])('writes an expansion potential of %p as %s in the org currency', async (amount, text) => {
        const card = await cardWith({ expansion_potential: amount });
        expect(textOf(card, 'expansion-potential')).toBe(text);
    });

    it("uses the account's own currency in a multi-currency org", async () => {
        const card = await cardWith({ expansion_potential: 125000 }, { currency: 'EUR' });
        expect(textOf(card, 'expansion-potential')).toBe('€125K');
    });

    it('falls back to the plain figure for a currency code the browser does not know', async () => {
        const card = await cardWith({ expansion_potential: 125000 }, { currency: 'EURO' });
        expect(textOf(card, 'expansion-potential')).toBe('125K');
    });

    it("writes when the insights changed in the user's time zone, across daylight saving time", async () => {
        const summer = await cardWith({ insights_updated_at: '2026-03-14T12:05:00.000Z' });
        expect(textOf(summer, 'updated-at')).toBe('Insights updated Mar 14, 2026, 5:05 AM');
        removeCards();
        const winter = await cardWith({ insights_updated_at: '2026-01-02T23:30:00.000Z' });
        expect(textOf(winter, 'updated-at')).toBe('Insights updated Jan 2, 2026, 3:30 PM');
    });

    it('rounds scores and percentages to whole numbers', async () => {
        const card = await cardWith({ churn_risk_score: 85.6, health_score: 38.4, health_forecast_90d: 29.5, expansion_probability: 41.5, trajectory_confidence: 73.2 });
        expect(textOf(card, 'risk-score')).toBe('86');
        expect(textOf(card, 'health-score')).toBe('38');
        expect(textOf(card, 'health-forecast')).toBe('30');
        expect(textOf(card, 'expansion-probability')).toBe('42%');
        expect(textOf(card, 'trajectory-confidence')).toBe('73% confidence');
    });
});
