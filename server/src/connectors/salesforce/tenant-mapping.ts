import { z } from 'zod';

/**
 * Which Salesforce fields hold the facts Telltale needs. The defaults are the fields of the org
 * schema Telltale documents (and the sandbox org uses); a tenant overrides any part in
 * tenants.mapping. Picklist values are compared without regard to case, spaces, `-` and `_`.
 */
export const salesforceMappingSchema = z.object({
  account: z.object({
    arr: z.string().default('ARR__c'),
    seats: z.string().default('Licensed_Seats__c'),
    contractStart: z.string().default('Contract_Start_Date__c'),
    renewalDate: z.string().default('Renewal_Date__c'),
    churnDate: z.string().default('Churn_Date__c'),
    /** Optional: days the oldest unpaid invoice is overdue. */
    daysPastDue: z.string().nullable().default('Days_Past_Due__c'),
    /** Optional: a picklist of SMB / Mid-Market / Enterprise; unset or empty: derived from ARR. */
    segment: z.string().nullable().default('Customer_Segment__c'),
    /** Optional: the org's own health score (0-100), used as the health score when mapped. */
    healthScore: z.string().nullable().default(null),
  }).prefault({}),
  opportunity: z.object({
    renewalTypes: z.array(z.string()).default(['Renewal']),
    upsellTypes: z.array(z.string()).default(['Upsell', 'Existing Business', 'Expansion']),
    newBusinessTypes: z.array(z.string()).default(['New Business']),
  }).prefault({}),
  contact: z.object({
    /** Multi-select picklist whose values mark sponsors and champions. */
    roleField: z.string().nullable().default('Buying_Role__c'),
    sponsorValues: z.array(z.string()).default(['Executive Sponsor', 'Decision Maker', 'Budget Holder']),
    championValues: z.array(z.string()).default(['Champion']),
  }).prefault({}),
  case: z.object({
    firstResponseAt: z.string().nullable().default('First_Response_At__c'),
    csat: z.string().nullable().default('CSAT__c'),
    /** Open statuses that mean waiting on the customer (closed comes from IsClosed). */
    waitingStatuses: z.array(z.string()).default(['Waiting on Customer', 'Pending', 'On Hold']),
  }).prefault({}),
  task: z.object({
    /** Optional: the inbound / outbound direction of logged emails (calls carry the standard CallType). */
    direction: z.string().nullable().default('Direction__c'),
  }).prefault({}),
});

export type SalesforceMapping = z.output<typeof salesforceMappingSchema>;

/** The mapping for a tenant: its stored overrides on top of the defaults. Throws a ZodError when malformed. */
export function resolveSalesforceMapping(overrides: unknown = {}): SalesforceMapping {
  return salesforceMappingSchema.parse(overrides ?? {});
}

/** "Executive Sponsor", "EXECUTIVE_SPONSOR" and "executive-sponsor" are one picklist value. */
export const picklistKey = (value: string): string => value.trim().toLowerCase().replace(/[\s_-]+/g, '_');

/** Whether `value` is one of `values` as picklist values compare. */
export function picklistIn(value: string | null, values: readonly string[]): boolean {
  if (value === null) return false;
  const key = picklistKey(value);
  return values.some((candidate) => picklistKey(candidate) === key);
}
