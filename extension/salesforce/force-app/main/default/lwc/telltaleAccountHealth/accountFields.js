/**
 * The Account fields the card reads: every field of Telltale's catalogue (manifests/fields.json).
 * Importing them through @salesforce/schema lets Salesforce refuse to delete a field the card uses.
 */
import CHURN_RISK_SCORE from '@salesforce/schema/Account.Telltale_Churn_Risk_Score__c';
import CHURN_RISK_BAND from '@salesforce/schema/Account.Telltale_Churn_Risk_Band__c';
import CHURN_RISK_CHANGE_30D from '@salesforce/schema/Account.Telltale_Churn_Risk_Change_30d__c';
import CHURN_RISK_DRIVERS from '@salesforce/schema/Account.Telltale_Churn_Risk_Drivers__c';
import EXPANSION_PROBABILITY from '@salesforce/schema/Account.Telltale_Expansion_Probability__c';
import EXPANSION_WINDOW from '@salesforce/schema/Account.Telltale_Expansion_Window__c';
import EXPANSION_POTENTIAL from '@salesforce/schema/Account.Telltale_Expansion_Potential__c';
import HEALTH_SCORE from '@salesforce/schema/Account.Telltale_Health_Score__c';
import HEALTH_FORECAST_90D from '@salesforce/schema/Account.Telltale_Health_Forecast_90d__c';
import HEALTH_TRAJECTORY from '@salesforce/schema/Account.Telltale_Health_Trajectory__c';
import TRAJECTORY_CONFIDENCE from '@salesforce/schema/Account.Telltale_Trajectory_Confidence__c';
import NEXT_BEST_ACTION from '@salesforce/schema/Account.Telltale_Next_Best_Action__c';
import INTERVENTION_WINDOW from '@salesforce/schema/Account.Telltale_Intervention_Window__c';
import INSIGHTS_UPDATED_AT from '@salesforce/schema/Account.Telltale_Insights_Updated_At__c';
import MODEL_VERSION from '@salesforce/schema/Account.Telltale_Model_Version__c';

/** The catalogue's fields by catalogue key. */
export const TELLTALE_FIELDS = Object.freeze({
    churn_risk_score: CHURN_RISK_SCORE,
    churn_risk_band: CHURN_RISK_BAND,
    churn_risk_change_30d: CHURN_RISK_CHANGE_30D,
    churn_risk_drivers: CHURN_RISK_DRIVERS,
    expansion_probability: EXPANSION_PROBABILITY,
    expansion_window: EXPANSION_WINDOW,
    expansion_potential: EXPANSION_POTENTIAL,
    health_score: HEALTH_SCORE,
    health_forecast_90d: HEALTH_FORECAST_90D,
    health_trajectory: HEALTH_TRAJECTORY,
    trajectory_confidence: TRAJECTORY_CONFIDENCE,
    next_best_action: NEXT_BEST_ACTION,
    intervention_window: INTERVENTION_WINDOW,
    insights_updated_at: INSIGHTS_UPDATED_AT,
    model_version: MODEL_VERSION
});

/** What getRecord must return; a user without read access on one of them gets the error state. */
export const REQUIRED_FIELDS = Object.values(TELLTALE_FIELDS);

/**
 * The account's currency, for the expansion amount. A string, not a schema import: the field exists
 * only in multi-currency orgs, and an optional field that does not exist is simply left out.
 */
export const CURRENCY_FIELD = 'Account.CurrencyIsoCode';
export const OPTIONAL_FIELDS = [CURRENCY_FIELD];
