/**
 * Picklist values of the sandbox org: one list per field, read by the describe calls and by
 * to-org-data (which maps the portfolio's values onto them). Standard fields carry Salesforce's
 * default values plus the ones SF-SCHEMA.md names.
 */

export const ACCOUNT_TYPES = ['Prospect', 'Customer', 'Former Customer', 'Partner', 'Other'] as const;

/** Salesforce's default Account.Industry values. */
export const INDUSTRIES = [
  'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting',
  'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage',
  'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit',
  'Other', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities',
] as const;

export const CUSTOMER_SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'] as const;

export const BUYING_ROLES = ['Champion', 'Executive Sponsor', 'Decision Maker', 'Budget Holder', 'Influencer', 'End User'] as const;

/** Open stages first (in order), then the closed ones. */
export const OPPORTUNITY_STAGES = [
  'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis',
  'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost',
] as const;
export const CLOSED_STAGES: ReadonlySet<string> = new Set(['Closed Won', 'Closed Lost']);
export const WON_STAGES: ReadonlySet<string> = new Set(['Closed Won']);

export const OPPORTUNITY_TYPES = ['New Business', 'Renewal', 'Upsell', 'Existing Customer - Downgrade'] as const;

export const CASE_STATUSES = ['New', 'Working', 'On Hold', 'Escalated', 'Closed'] as const;
export const CLOSED_CASE_STATUSES: ReadonlySet<string> = new Set(['Closed']);
export const CASE_PRIORITIES = ['Urgent', 'High', 'Medium', 'Low'] as const;
export const CASE_TYPES = ['Problem', 'Billing', 'Feature Request', 'Question', 'Other'] as const;

export const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] as const;
export const CLOSED_TASK_STATUSES: ReadonlySet<string> = new Set(['Completed']);
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export const TASK_SUBTYPES = ['Task', 'Email', 'Call', 'ListEmail', 'Cadence', 'LinkedIn'] as const;
export const EMAIL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const CALL_TYPES = ['Internal', 'Inbound', 'Outbound'] as const;

/** The Account fields with field history tracking on, and the `Field` value AccountHistory rows carry. */
export const TRACKED_ACCOUNT_FIELDS: Readonly<Record<string, string>> = {
  ARR__c: 'ARR__c',
  Licensed_Seats__c: 'Licensed_Seats__c',
  Renewal_Date__c: 'Renewal_Date__c',
  Churn_Date__c: 'Churn_Date__c',
  Days_Past_Due__c: 'Days_Past_Due__c',
  Type: 'Type',
  OwnerId: 'Owner',
  Contract_Start_Date__c: 'Contract_Start_Date__c',
};
