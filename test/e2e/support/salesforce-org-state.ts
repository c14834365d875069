/**
 * What Telltale left in the sandbox Salesforce org, read back through the org's REST API with SOQL as
 * a customer's own integration would: the Accounts' Telltale fields and the Tasks Telltale wrote.
 */
import { requestJwtBearerToken } from '../../../server/src/connectors/salesforce/jwt-bearer.js';
import { SALESFORCE_API_VERSION } from '../../../server/src/connectors/salesforce/salesforce-api.js';
import { taskCoverage, type HighRiskTaskCoverage } from './task-coverage.js';

export interface SandboxOrg {
  /** The org's login and instance URL (the mounted sandbox). */
  url: string;
  consumerKey: string;
  username: string;
  privateKeyPem: string;
}

type Row = Record<string, string | number | boolean | null>;

/** Runs a SOQL query to its last page (following nextRecordsUrl) with a JWT bearer session. */
export async function soql(org: SandboxOrg, query: string): Promise<Row[]> {
  const { accessToken } = await requestJwtBearerToken(org, { loginUrl: org.url, timeoutMs: 30_000 });
  const rows: Row[] = [];
  let next: string | undefined = `/services/data/v${SALESFORCE_API_VERSION}/query?q=${encodeURIComponent(query)}`;
  while (next) {
    const response = await fetch(`${org.url}${next}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new Error(`SOQL ${query}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { records: Row[]; nextRecordsUrl?: string };
    rows.push(...page.records);
    next = page.nextRecordsUrl;
  }
  return rows;
}

/** The Accounts carrying a churn risk score, with the catalogue fields every scored Account must have. */
export async function scoredAccounts(org: SandboxOrg): Promise<Row[]> {
  return soql(
    org,
    'SELECT Id, Telltale_Churn_Risk_Score__c, Telltale_Churn_Risk_Band__c, Telltale_Health_Score__c, Telltale_Next_Best_Action__c, Telltale_Model_Version__c, Telltale_Insights_Updated_At__c FROM Account WHERE Telltale_Churn_Risk_Score__c != null',
  );
}

/** The task rules checked against the org, like highRiskTaskCoverage does against a HubSpot portal. */
export async function salesforceHighRiskTaskCoverage(org: SandboxOrg, tenantId: string, holdoutShare: number): Promise<HighRiskTaskCoverage> {
  const [high, tasks] = await Promise.all([
    soql(org, "SELECT Id FROM Account WHERE Telltale_Churn_Risk_Band__c = 'high'"),
    soql(org, 'SELECT Id, WhatId, Subject, IsClosed FROM Task WHERE Telltale_Intervention_Key__c != null'),
  ]);
  const asTask = (t: Row) => ({ accountIds: [String(t.WhatId)], subject: String(t.Subject), open: t.IsClosed !== true });
  return taskCoverage(high.map((a) => String(a.Id)), tasks.map(asTask), tenantId, holdoutShare);
}

/**
 * A user's change in the org, made through the sandbox's `POST /__simulate` (authorised with the
 * connected app's consumer secret): creates escalated high-priority Cases on an Account.
 */
export async function escalateCases(org: SandboxOrg, consumerSecret: string, accountId: string, cases: number): Promise<void> {
  for (let n = 1; n <= cases; n++) {
    const response = await fetch(`${org.url}/__simulate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${consumerSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'Case', fields: { AccountId: accountId, Subject: `Production down (${n}/${cases})`, Priority: 'High', IsEscalated: true, Status: 'New', Type: 'Problem' } }),
    });
    if (!response.ok) throw new Error(`__simulate answered ${response.status}: ${await response.text()}`);
  }
}

/** One Account's Telltale fields as the org holds them now. */
export async function accountInsights(org: SandboxOrg, accountId: string): Promise<Row | undefined> {
  const [row] = await soql(
    org,
    `SELECT Id, Telltale_Health_Score__c, Telltale_Churn_Risk_Score__c, Telltale_Insights_Updated_At__c FROM Account WHERE Id IN ('${accountId}')`,
  );
  return row;
}
