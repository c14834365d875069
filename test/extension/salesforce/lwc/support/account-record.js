/**
 * Account records shaped like UI API's Record (what getRecord emits): every requested field as
 * `{ value, displayValue }`, picklists with their label, currency and datetime formatted as the org
 * would, other fields without a display value.
 */
import { CATALOGUE } from './catalogue';

export const ACCOUNT_ID = '001Hs00003XyZaBIAV';

/** A high-risk, declining account with every field set. */
export const HIGH_RISK_VALUES = Object.freeze({
    churn_risk_score: 86,
    churn_risk_band: 'high',
    churn_risk_change_30d: 12,
    churn_risk_drivers: 'Raises risk: support tickets doubled (+18 pts); weekly active users down 40% (+11 pts). Protects: champion engaged this month (−3.2 pts).',
    expansion_probability: 12,
    expansion_window: 'unlikely',
    expansion_potential: 18000,
    health_score: 38,
    health_forecast_90d: 29,
    health_trajectory: 'declining',
    trajectory_confidence: 74,
    next_best_action: 'Executive escalation call — driven by support load and falling usage',
    intervention_window: 'emergency',
    insights_updated_at: '2026-03-14T12:05:00.000Z',
    model_version: 'churn-2026.03.1'
});

function displayValueOf(field, value) {
    if (value === null) return null;
    if (field.salesforce.type === 'Picklist') return field.options.find((o) => o.value === value)?.label ?? value;
    if (field.salesforce.type === 'Currency') return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(value);
    if (field.salesforce.type === 'DateTime') {
        return new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/Los_Angeles' }).format(new Date(value));
    }
    return null;
}

/**
 * The record getRecord would emit for an account with these catalogue values (by catalogue key;
 * absent keys are null). `currency` adds CurrencyIsoCode, as in a multi-currency org.
 */
export function accountRecord(values, { currency } = {}) {
    const fields = {};
    for (const field of CATALOGUE.fields) {
        const value = values[field.key] ?? null;
        fields[field.salesforce.apiName] = { displayValue: displayValueOf(field, value), value };
    }
    if (currency) fields.CurrencyIsoCode = { displayValue: null, value: currency };
    return {
        apiName: 'Account',
        childRelationships: {},
        eTag: '6b2f4c1e9d0a7f3b5c8e2d4a1f9b7c3e',
        fields,
        id: ACCOUNT_ID,
        lastModifiedById: '005Hs00000AbCdEIAV',
        lastModifiedDate: '2026-03-14T12:05:03.000Z',
        recordTypeId: '012000000000000AAA',
        recordTypeInfo: null,
        systemModstamp: '2026-03-14T12:05:03.000Z',
        weakEtag: 1773489903000
    };
}
