import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { OPTIONAL_FIELDS, REQUIRED_FIELDS } from './accountFields';
import { errorView } from './errorView';
import { insightsView } from './insightsView';

/** The user's locale and time zone, and the org's currency for single-currency orgs. */
const SETTINGS = Object.freeze({ locale: LOCALE, currency: CURRENCY, timeZone: TIME_ZONE });

/**
 * Telltale's account health on an Account record page: churn risk, health forecast, expansion
 * outlook and the next best action, read from the fields Telltale writes on the account.
 * States: loading, error (the wire's error), unscored (no churn risk score yet), scored.
 */
export default class TelltaleAccountHealth extends LightningElement {
    /** Set by the record page. */
    @api recordId;

    state = { status: 'loading' };

    @wire(getRecord, { recordId: '$recordId', fields: REQUIRED_FIELDS, optionalFields: OPTIONAL_FIELDS })
    receiveRecord({ data, error }) {
        if (error) {
            this.state = { status: 'error', error: errorView(error) };
        } else if (data) {
            const view = insightsView(data, SETTINGS);
            this.state = view ? { status: 'scored', view } : { status: 'unscored' };
        } else {
            this.state = { status: 'loading' };
        }
    }

    get isLoading() {
        return this.state.status === 'loading';
    }

    get isError() {
        return this.state.status === 'error';
    }

    get isUnscored() {
        return this.state.status === 'unscored';
    }

    get error() {
        return this.state.error;
    }

    get view() {
        return this.state.view;
    }
}
