import { soqlInList } from './soql-values.js';

/** A SOQL field or object API name (standard or custom, `__c`/`__r` suffixes included). */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * A SOQL dateTime literal in UTC: `2025-03-01T12:34:56Z` (the documented form; Salesforce keeps
 * whole seconds), with milliseconds only for an instant that has them (SOQL accepts a fraction).
 */
export function soqlDateTime(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

function apiName(name: string): string {
  if (!API_NAME.test(name)) throw new RangeError(`not a Salesforce API name: ${JSON.stringify(name)}`);
  return name;
}

export interface StreamQuery {
  object: string;
  fields: readonly string[];
  /** The system timestamp the stream is ordered and filtered by (SystemModstamp). */
  cursorField: string;
  /** Records changed strictly after this instant; null reads from the beginning. */
  since: string | null;
  /** Only deleted records (run with queryAll, which returns the recycle bin). */
  deleted?: boolean | undefined;
}

/**
 * `SELECT <fields> FROM <object> [WHERE [IsDeleted = true AND] <cursorField> > <since>]
 * ORDER BY <cursorField> ASC, Id ASC`: a stream read in modification order, ties broken by id, so
 * pages are stable and a cursor on the timestamp resumes it.
 */
export function streamSoql(query: StreamQuery): string {
  const fields = [...new Set(['Id', ...query.fields])].map(apiName);
  const cursor = apiName(query.cursorField);
  const conditions = [
    ...(query.deleted ? ['IsDeleted = true'] : []),
    ...(query.since !== null ? [`${cursor} > ${soqlDateTime(query.since)}`] : []),
  ];
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT ${fields.join(', ')} FROM ${apiName(query.object)}${where} ORDER BY ${cursor} ASC, Id ASC`;
}

/** A Salesforce record id: 15 or 18 alphanumeric characters, optionally of one key prefix (001 Account...). */
export function isSalesforceId(value: unknown, prefix?: string): value is string {
  return typeof value === 'string' && /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value) && (prefix === undefined || value.startsWith(prefix));
}

/**
 * The field history of some accounts, oldest change first per account:
 * `SELECT Id, AccountId, Field, OldValue, NewValue, CreatedDate FROM AccountHistory
 *  WHERE AccountId IN (...) AND Field IN (...) ORDER BY AccountId ASC, CreatedDate ASC, Id ASC`.
 */
export function accountHistorySoql(accountIds: readonly string[], fields: readonly string[]): string {
  for (const id of accountIds) if (!isSalesforceId(id)) throw new RangeError(`not a Salesforce id: ${JSON.stringify(id)}`);
  return (
    'SELECT Id, AccountId, Field, OldValue, NewValue, CreatedDate FROM AccountHistory ' +
    `WHERE AccountId IN ${soqlInList(accountIds)} AND Field IN ${soqlInList(fields.map(apiName))} ` +
    'ORDER BY AccountId ASC, CreatedDate ASC, Id ASC'
  );
}
