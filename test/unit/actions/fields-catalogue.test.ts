import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FIELD_CATALOGUE_PATH,
  FieldCatalogueError,
  hubspotPropertyName,
  loadFieldCatalogue,
  parseFieldCatalogue,
  salesforceApiName,
} from '../../../server/src/actions/fields-catalogue.js';

/** The public contract from the Act issue: key, HubSpot property, Salesforce field, in this order. */
const CONTRACT: Array<[string, string, string]> = [
  ['churn_risk_score', 'telltale_churn_risk_score', 'Telltale_Churn_Risk_Score__c'],
  ['churn_risk_band', 'telltale_churn_risk_band', 'Telltale_Churn_Risk_Band__c'],
  ['churn_risk_change_30d', 'telltale_churn_risk_change_30d', 'Telltale_Churn_Risk_Change_30d__c'],
  ['churn_risk_drivers', 'telltale_churn_risk_drivers', 'Telltale_Churn_Risk_Drivers__c'],
  ['expansion_probability', 'telltale_expansion_probability', 'Telltale_Expansion_Probability__c'],
  ['expansion_window', 'telltale_expansion_window', 'Telltale_Expansion_Window__c'],
  ['expansion_potential', 'telltale_expansion_potential', 'Telltale_Expansion_Potential__c'],
  ['health_score', 'telltale_health_score', 'Telltale_Health_Score__c'],
  ['health_forecast_90d', 'telltale_health_forecast_90d', 'Telltale_Health_Forecast_90d__c'],
  ['health_trajectory', 'telltale_health_trajectory', 'Telltale_Health_Trajectory__c'],
  ['trajectory_confidence', 'telltale_trajectory_confidence', 'Telltale_Trajectory_Confidence__c'],
  ['next_best_action', 'telltale_next_best_action', 'Telltale_Next_Best_Action__c'],
  ['intervention_window', 'telltale_intervention_window', 'Telltale_Intervention_Window__c'],
  ['insights_updated_at', 'telltale_insights_updated_at', 'Telltale_Insights_Updated_At__c'],
  ['model_version', 'telltale_model_version', 'Telltale_Model_Version__c'],
];

const manifestJson = () => JSON.parse(readFileSync(FIELD_CATALOGUE_PATH, 'utf8')) as { fields: Array<Record<string, unknown>> } & Record<string, unknown>;

function parseEdited(edit: (manifest: ReturnType<typeof manifestJson>) => void) {
  const manifest = manifestJson();
  edit(manifest);
  return () => parseFieldCatalogue(JSON.stringify(manifest), 'fields.json');
}

describe('field catalogue', () => {
  it('lists exactly the contract fields, in order, with their HubSpot and Salesforce names', () => {
    const catalogue = loadFieldCatalogue();
    expect(catalogue.fields.map((f) => [f.key, f.hubspot.name, f.salesforce.apiName])).toEqual(CONTRACT);
  });

  it('gives enumerations their ordered options and numbers their ranges', () => {
    const catalogue = loadFieldCatalogue();
    const options = (key: string) => {
      const field = catalogue.byKey.get(key);
      return field?.type === 'enumeration' ? field.options.map((o) => o.value) : undefined;
    };
    expect(options('churn_risk_band')).toEqual(['low', 'medium', 'high']);
    expect(options('expansion_window')).toEqual(['30_days', '90_days', '12_months', 'unlikely']);
    expect(options('health_trajectory')).toEqual(['improving', 'stable', 'declining']);
    expect(options('intervention_window')).toEqual(['early', 'timely', 'reactive', 'emergency']);
    for (const key of ['churn_risk_score', 'expansion_probability', 'health_score', 'health_forecast_90d', 'trajectory_confidence']) {
      expect(catalogue.byKey.get(key)).toMatchObject({ type: 'number', number: { min: 0, max: 100 }, salesforce: { type: 'Number', precision: 3, scale: 0 } });
    }
    expect(catalogue.byKey.get('expansion_potential')).toMatchObject({ type: 'currency', salesforce: { type: 'Currency', precision: 16, scale: 2 } });
    expect(catalogue.byKey.get('churn_risk_drivers')).toMatchObject({ salesforce: { type: 'LongTextArea', length: 32768 }, hubspot: { fieldType: 'textarea' } });
  });

  it('has one stamp field, insights_updated_at, and counts every field above it as an insight', () => {
    const catalogue = loadFieldCatalogue();
    expect(catalogue.stamp.key).toBe('insights_updated_at');
    const stampAt = catalogue.fields.indexOf(catalogue.stamp);
    expect(catalogue.fields.slice(0, stampAt).every((f) => f.role === 'insight')).toBe(true);
    expect(catalogue.byKey.get('model_version')?.role).toBe('context');
  });

  it('derives the naming rule for HubSpot and Salesforce names from the key', () => {
    expect(hubspotPropertyName('health_forecast_90d')).toBe('telltale_health_forecast_90d');
    expect(salesforceApiName('health_forecast_90d')).toBe('Telltale_Health_Forecast_90d__c');
    expect(salesforceApiName('insights_updated_at')).toBe('Telltale_Insights_Updated_At__c');
  });

  it('rejects a field whose names break the naming rule, naming the field and the expected name', () => {
    const parse = parseEdited((m) => {
      (m.fields[0] as { hubspot: { name: string } }).hubspot.name = 'telltale_churn_score';
      (m.fields[1] as { salesforce: { apiName: string } }).salesforce.apiName = 'Churn_Risk_Band__c';
    });
    expect(parse).toThrow(FieldCatalogueError);
    expect(parse).toThrow(/field churn_risk_score: HubSpot property must be named telltale_churn_risk_score/);
    expect(parse).toThrow(/field churn_risk_band: Salesforce field must be named Telltale_Churn_Risk_Band__c/);
  });

  it('rejects duplicate keys and duplicate options', () => {
    const parse = parseEdited((m) => {
      m.fields.push(structuredClone(m.fields[0]) as Record<string, unknown>);
      (m.fields[1] as { options: Array<{ value: string; label: string }> }).options.push({ value: 'low', label: 'Low again' });
    });
    expect(parse).toThrow(/key churn_risk_score is listed twice/);
    expect(parse).toThrow(/field churn_risk_band: option low is listed twice/);
  });

  it('rejects a Salesforce number too narrow for the range and a stamp that is missing', () => {
    const parse = parseEdited((m) => {
      (m.fields[0] as { salesforce: { precision: number } }).salesforce.precision = 2;
      (m.fields[13] as { role: string }).role = 'context';
    });
    expect(parse).toThrow(/Salesforce precision 2 cannot hold 3 integer digits/);
    expect(parse).toThrow(/exactly one field must have role "stamp"/);
  });

  it('rejects a HubSpot field type that does not fit the catalogue type', () => {
    const parse = parseEdited((m) => {
      (m.fields[1] as { hubspot: { fieldType: string } }).hubspot.fieldType = 'textarea';
    });
    expect(parse).toThrow(/fields\.1\.hubspot\.fieldType/);
  });

  it('names the file when it is not JSON', () => {
    expect(() => parseFieldCatalogue('{ nope', '/x/fields.json')).toThrow(/\/x\/fields\.json is not valid JSON/);
  });
});
