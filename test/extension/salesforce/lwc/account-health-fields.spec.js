import { getRecord } from 'lightning/uiRecordApi';
import { ACCOUNT_ID, accountRecord, HIGH_RISK_VALUES } from './support/account-record';
import { CATALOGUE, catalogueField } from './support/catalogue';
import { flush, removeCards, renderCard, textOf } from './support/render-card';

afterEach(removeCards);

const qualified = (field) => (typeof field === 'string' ? field : `${field.objectApiName}.${field.fieldApiName}`);

/** Where the card shows each picklist's value, and how it words an option's catalogue label. */
const PICKLISTS = {
    churn_risk_band: { id: 'risk-band', text: (label) => `${label} risk` },
    expansion_window: { id: 'expansion-window', text: (label) => label },
    health_trajectory: { id: 'trajectory-label', text: (label) => label },
    intervention_window: { id: 'action-window', text: (label) => `${label} window` }
};

describe('telltaleAccountHealth and the field catalogue', () => {
    it("asks getRecord for this account's catalogue fields, exactly", async () => {
        renderCard();
        await flush();
        const config = getRecord.getLastConfig();
        const expected = CATALOGUE.fields.map((field) => `${CATALOGUE.salesforce.object}.${field.salesforce.apiName}`);
        expect(config.recordId).toBe(ACCOUNT_ID);
        expect(config.fields.map(qualified).sort()).toEqual(expected.sort());
        // The currency is optional: single-currency orgs have no CurrencyIsoCode field.
        expect(config.optionalFields.map(qualified)).toEqual(['Account.CurrencyIsoCode']);
    });

    it('has a place on the card for every picklist of the catalogue', () => {
        const picklists = CATALOGUE.fields.filter((field) => field.salesforce.type === 'Picklist').map((field) => field.key);
        expect(picklists.sort()).toEqual(Object.keys(PICKLISTS).sort());
    });

    const options = Object.keys(PICKLISTS).flatMap((key) => catalogueField(key).options.map((option) => [key, option.value, option.label]));

    it.each(options)('shows %s = %s with its catalogue label "%s"', async (key, value, label) => {
        const card = renderCard();
        getRecord.emit(accountRecord({ ...HIGH_RISK_VALUES, [key]: value }));
        await flush();
        expect(textOf(card, PICKLISTS[key].id)).toBe(PICKLISTS[key].text(label));
    });
});
