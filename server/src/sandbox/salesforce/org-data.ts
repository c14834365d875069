/**
 * The contract between the synthetic portfolio (sandbox/portfolio/to-org-data.ts) and the Salesforce
 * REST API emulation (sandbox/salesforce): the org's content as Salesforce would hold it. Values are
 * Salesforce's JSON wire formats: numbers as numbers, checkboxes as booleans, dates "YYYY-MM-DD",
 * datetimes "2025-03-01T12:34:56.000+0000" (always UTC, so they order as strings), ids 18 characters.
 */

/** The sObjects the sandbox org serves (see /work/SF-SCHEMA.md). */
export type SObjectName = 'User' | 'Account' | 'AccountHistory' | 'Contact' | 'Opportunity' | 'Case' | 'Task' | 'Event';

export const SOBJECT_NAMES: readonly SObjectName[] = ['User', 'Account', 'AccountHistory', 'Contact', 'Opportunity', 'Case', 'Task', 'Event'];

/** One field value on the wire. */
export type FieldValue = string | number | boolean | null;

/** A record: canonical field API names to values; `Id` is always present. Absent fields read as null. */
export type OrgRecord = Record<string, FieldValue> & { Id: string };

/** Everything the sandbox org holds at start. */
export interface OrgData {
  /** The 18-character Organization id (prefix 00D). */
  orgId: string;
  /** The instant the synthetic history ends ("now" for the org at start), Salesforce datetime format. */
  asOf: string;
  /** The API user Telltale's connected app logs in as (JWT `sub`): an active User in `records.User`. */
  integrationUser: { id: string; username: string };
  records: Record<SObjectName, OrgRecord[]>;
  /** The Account id of each portfolio account, by portfolio account index (to key product usage). */
  accountIds: string[];
}
