import { getRecord } from 'lightning/uiRecordApi';
import { accountRecord, HIGH_RISK_VALUES } from './support/account-record';
import { flush, part, removeCards, renderCard, textOf } from './support/render-card';

afterEach(removeCards);

describe('telltaleAccountHealth states', () => {
    it('shows a labelled spinner until the record arrives', async () => {
        const card = renderCard();
        await flush();
        const spinner = part(card, 'loading').querySelector('lightning-spinner');
        expect(spinner.alternativeText).toBe("Loading Telltale's insights");
        expect(card.shadowRoot.querySelector('[aria-live="polite"]').getAttribute('aria-busy')).toBe('true');
        expect(part(card, 'risk')).toBeNull();
    });

    it.each([
        ['high', 86, 'High risk', 'tone-error'],
        ['medium', 63, 'Medium risk', 'tone-warning'],
        ['low', 21, 'Low risk', 'tone-success']
    ])('draws a %s-risk score as a ring coloured by its band', async (band, score, label, tone) => {
        const card = renderCard();
        getRecord.emit(accountRecord({ ...HIGH_RISK_VALUES, churn_risk_band: band, churn_risk_score: score }));
        await flush();

        expect(card.shadowRoot.querySelector('[aria-live="polite"]').getAttribute('aria-busy')).toBe('false');
        expect(textOf(card, 'risk-score')).toBe(String(score));
        expect(textOf(card, 'risk-band')).toBe(label);
        expect(part(card, 'risk-band').className).toBe(tone);
        const arc = part(card, 'risk-arc');
        expect(arc.getAttribute('stroke-dasharray')).toBe(`${score} 100`);
        expect(arc.getAttribute('class')).toBe(`ring-arc ${tone}`);
        const ring = part(card, 'risk-ring');
        expect(ring.getAttribute('role')).toBe('img');
        expect(ring.getAttribute('aria-label')).toBe(`Churn risk ${score} out of 100, ${label.toLowerCase()}`);
    });

    it('shows a declining trajectory in red, with its confidence, the health score and the forecast', async () => {
        const card = renderCard();
        getRecord.emit(accountRecord(HIGH_RISK_VALUES));
        await flush();

        expect(textOf(card, 'health-score')).toBe('38');
        expect(textOf(card, 'health-forecast')).toBe('29');
        expect(textOf(card, 'trajectory-label')).toBe('Declining');
        expect(part(card, 'trajectory-label').className).toBe('tone-error');
        expect(textOf(card, 'trajectory-confidence')).toBe('74% confidence');
        const icon = part(card, 'trajectory-icon');
        expect(icon.iconName).toBe('utility:arrowdown');
        expect(icon.alternativeText).toBe('Health trajectory: declining');
    });

    it('shows an improving trajectory in green with an upward arrow', async () => {
        const card = renderCard();
        getRecord.emit(accountRecord({ ...HIGH_RISK_VALUES, health_trajectory: 'improving', trajectory_confidence: null }));
        await flush();

        expect(part(card, 'trajectory-label').className).toBe('tone-success');
        expect(part(card, 'trajectory-icon').iconName).toBe('utility:arrowup');
        expect(textOf(card, 'trajectory-confidence')).toBe('Confidence not available');
    });

    it('shows the drivers, the expansion outlook, the next best action and where the insights come from', async () => {
        const card = renderCard();
        getRecord.emit(accountRecord(HIGH_RISK_VALUES));
        await flush();

        expect(textOf(card, 'drivers-text')).toBe(HIGH_RISK_VALUES.churn_risk_drivers);
        expect(textOf(card, 'expansion-probability')).toBe('12%');
        expect(textOf(card, 'expansion-window')).toBe('Unlikely');
        expect(textOf(card, 'expansion-potential')).toBe('$18K');
        expect(textOf(card, 'action-text')).toBe(HIGH_RISK_VALUES.next_best_action);
        expect(textOf(card, 'action-window')).toBe('Emergency window');
        expect(part(card, 'action-window').className).toBe('tone-error');
        expect(textOf(card, 'model-version')).toBe('Model version churn-2026.03.1');
        expect(textOf(card, 'updated-at')).toBe('Insights updated Mar 14, 2026, 5:05 AM');
    });

    it.each([
        [12, '+12 pts in 30 days', 'tone-error'],
        [-5, '\u22125 pts in 30 days', 'tone-success'],
        [0, 'Unchanged over 30 days', 'tone-neutral'],
        [null, 'No score 30 days ago', 'tone-neutral']
    ])('reads a 30-day change of %p as "%s"', async (change, text, tone) => {
        const card = renderCard();
        getRecord.emit(accountRecord({ ...HIGH_RISK_VALUES, churn_risk_change_30d: change }));
        await flush();

        expect(textOf(card, 'risk-change')).toBe(text);
        expect(part(card, 'risk-change').className).toBe(tone);
    });

    it('leaves out what Telltale has not predicted for a scored account', async () => {
        const card = renderCard();
        getRecord.emit(accountRecord({ churn_risk_score: 55, churn_risk_band: 'medium' }));
        await flush();

        expect(textOf(card, 'risk-band')).toBe('Medium risk');
        expect(textOf(card, 'expansion-none')).toBe('No expansion forecast for this account yet.');
        expect(part(card, 'action')).toBeNull();
        expect(part(card, 'trajectory')).toBeNull();
        expect(textOf(card, 'health-score')).toBe('n/a');
        expect(textOf(card, 'drivers-text')).toBe('No drivers recorded for this score.');
        expect(textOf(card, 'updated-at')).toBe('Insights updated n/a');
    });

    it('explains why an account without a churn risk score has no insights and when they appear', async () => {
        const card = renderCard();
        getRecord.emit(accountRecord({ ...HIGH_RISK_VALUES, churn_risk_score: null }));
        await flush();

        expect(part(card, 'risk')).toBeNull();
        const empty = textOf(card, 'unscored');
        expect(empty).toContain('Not scored yet');
        expect(empty).toContain('not an active customer');
        expect(empty).toContain('next nightly scoring run (03:00 UTC)');
    });

    it('names the permission set when the user cannot read Telltale fields', async () => {
        const card = renderCard();
        const message = "No such column 'Telltale_Churn_Risk_Score__c' on entity 'Account'.";
        getRecord.error([{ errorCode: 'INVALID_FIELD', message }], 400, 'Bad Request');
        await flush();

        expect(part(card, 'error').getAttribute('role')).toBe('alert');
        expect(textOf(card, 'error-title')).toBe("You can't see Telltale's fields");
        expect(textOf(card, 'error-message')).toBe(message);
        expect(textOf(card, 'error-next-step')).toContain('Telltale User permission set (Telltale_User)');
        expect(part(card, 'risk')).toBeNull();
    });

    it('says the account is gone when the record is not found', async () => {
        const card = renderCard();
        getRecord.error();
        await flush();

        expect(textOf(card, 'error-title')).toBe('This account could not be found');
        expect(textOf(card, 'error-message')).toBe('The requested resource does not exist');
        expect(textOf(card, 'error-next-step')).not.toContain('Telltale_User');
    });

    it('says the user lacks access to the account, with the message of an object-shaped error body', async () => {
        const card = renderCard();
        getRecord.error({ errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to this record.' }, 403, 'Forbidden');
        await flush();

        expect(textOf(card, 'error-title')).toBe("You don't have access to this account");
        expect(textOf(card, 'error-message')).toBe('You do not have access to this record.');
    });

    it('recovers from an error when the record arrives later', async () => {
        const card = renderCard();
        getRecord.error([{ errorCode: 'SERVER_ERROR', message: 'Internal Server Error' }], 500, 'Server Error');
        await flush();
        expect(textOf(card, 'error-title')).toBe("Telltale's insights could not be loaded");

        getRecord.emit(accountRecord(HIGH_RISK_VALUES));
        await flush();
        expect(part(card, 'error')).toBeNull();
        expect(textOf(card, 'risk-score')).toBe('86');
    });
});
