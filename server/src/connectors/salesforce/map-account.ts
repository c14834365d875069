import type { AccountHistoryRow, AccountRow } from '../../store/crm-records.js';
import { parseSegment, segmentFromArr } from '../hubspot/map-company.js';
import { date, dateTime, integer, normaliseDomain, number, text } from '../hubspot/values.js';
import { fieldText, raw, recordId, type SalesforceRecord } from './record-values.js';
import { isSalesforceId } from './soql.js';
import { accountHistoryFields, currentField, mappedAccountFields } from './streams.js';
import type { SalesforceMapping } from './tenant-mapping.js';

/** An org user as the accounts' owner: its address and name land in accounts.properties. */
export interface SalesforceUser {
  id: string;
  email: string | null;
  name: string | null;
}

export interface AccountMapContext {
  tenantId: string;
  mapping: SalesforceMapping;
  users: ReadonlyMap<string, SalesforceUser>;
}

/** Account Type → lifecycle: "Customer" → customer, "Former Customer" → former_customer, "Prospect" → prospect. */
export function lifecycleFromType(value: unknown): string | null {
  const type = text(raw(value));
  return type === null ? null : type.toLowerCase().replace(/[\s-]+/g, '_');
}

const numberText = (value: number | null): string | null => (value === null ? null : String(value));

/** How each history field's values are normalised before they are stored as text (as the columns are). */
const historyValue: Record<string, (value: unknown) => string | null> = {
  arr: (v) => numberText(number(raw(v))),
  seats: (v) => numberText(integer(raw(v))),
  contract_start: (v) => date(raw(v)),
  renewal_date: (v) => date(raw(v)),
  churned_at: (v) => date(raw(v)),
  days_past_due: (v) => numberText(integer(raw(v))),
  lifecycle: lifecycleFromType,
  owner_id: (v) => text(raw(v)),
  health_score: (v) => numberText(number(raw(v))),
};

/** An account as the store keeps it. */
export function mapAccount(record: SalesforceRecord, { tenantId, mapping, users }: AccountMapContext): AccountRow {
  const a = mapping.account;
  const arr = number(fieldText(record, a.arr));
  const ownerId = text(raw(record.OwnerId));
  const owner = ownerId ? users.get(ownerId) : undefined;

  const properties: Record<string, unknown> = {};
  for (const name of mappedAccountFields(mapping)) properties[name] = record[name] ?? null;
  // The feature reader looks these up by their history key, whatever the org calls the field.
  if (a.daysPastDue) properties.days_past_due = record[a.daysPastDue] ?? null;
  if (a.healthScore) properties.health_score = record[a.healthScore] ?? null;
  if (owner) {
    properties.owner_email = owner.email;
    properties.owner_name = owner.name;
  }

  return {
    tenantId,
    id: recordId(record),
    name: text(raw(record.Name)) ?? '',
    domain: normaliseDomain(raw(record.Website)),
    ownerId,
    industry: text(raw(record.Industry)),
    segment: parseSegment(fieldText(record, a.segment)) ?? segmentFromArr(arr),
    arr,
    seats: integer(fieldText(record, a.seats)),
    contractStart: date(fieldText(record, a.contractStart)),
    renewalDate: date(fieldText(record, a.renewalDate)),
    lifecycle: lifecycleFromType(record.Type),
    churnedAt: date(fieldText(record, a.churnDate)),
    crmCreatedAt: dateTime(raw(record.CreatedDate)),
    crmUpdatedAt: dateTime(raw(record.SystemModstamp)),
    archived: record.IsDeleted === true,
    properties,
  };
}

/**
 * Every version of the tracked fields of one account, from its AccountHistory rows (oldest first):
 * the value before the first change (OldValue) from the account's creation, then each NewValue
 * from its change; a field that never changed has one version, its current value, from creation.
 * Salesforce records an owner change twice (names and ids): only the rows with ids count.
 */
export function mapAccountHistory(account: SalesforceRecord, changes: readonly SalesforceRecord[], context: AccountMapContext): AccountHistoryRow[] {
  const accountId = recordId(account);
  const createdAt = dateTime(raw(account.CreatedDate));
  const rows: AccountHistoryRow[] = [];
  for (const [key, field] of Object.entries(accountHistoryFields(context.mapping))) {
    const normalise = historyValue[key] ?? ((v: unknown) => text(raw(v)));
    const version = (validFrom: Date | null, value: unknown) => {
      if (validFrom) rows.push({ tenantId: context.tenantId, accountId, field: key, validFrom, value: normalise(value) });
    };
    const fieldChanges = changes.filter((change) => change.Field === field && (key !== 'owner_id' || isOwnerIdChange(change)));
    const first = fieldChanges[0];
    if (!first) {
      const current = account[currentField(field)];
      if (normalise(current) !== null) version(createdAt, current);
      continue;
    }
    if (normalise(first.OldValue) !== null) version(createdAt, first.OldValue);
    for (const change of fieldChanges) version(dateTime(raw(change.CreatedDate)), change.NewValue);
  }
  return rows;
}

const isOwnerIdChange = (change: SalesforceRecord): boolean =>
  (change.NewValue === null || isSalesforceId(change.NewValue)) && (change.OldValue === null || change.OldValue === undefined || isSalesforceId(change.OldValue));
