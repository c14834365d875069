import type { AccountHistoryRow, AccountRow } from '../../store/crm-records.js';
import type { HubSpotObject, HubSpotOwner } from './hubspot-api.js';
import { companyHistoryProperties, mappedCompanyProperties } from './streams.js';
import type { HubSpotMapping } from './tenant-mapping.js';
import { date, dateTime, integer, normaliseDomain, number, text, type RawValue } from './values.js';

export type Segment = NonNullable<AccountRow['segment']>;

/** Segment from ARR when the portal has no segment property: under 25k SMB, under 100k mid-market. */
export function segmentFromArr(arr: number | null): Segment | null {
  if (arr === null) return null;
  if (arr < 25_000) return 'smb';
  if (arr < 100_000) return 'mid_market';
  return 'enterprise';
}

/** "Mid-Market", "mid market", "MID_MARKET" → mid_market; values outside the three segments → null. */
export function parseSegment(value: RawValue): Segment | null {
  const raw = text(value)?.toLowerCase().replace(/[\s-]+/g, '_');
  if (raw === 'smb' || raw === 'mid_market' || raw === 'enterprise') return raw;
  if (raw === 'midmarket' || raw === 'mm') return 'mid_market';
  if (raw === 'small_business' || raw === 'small') return 'smb';
  return null;
}

/** How each history field's values are normalised before they are stored as text. */
const historyValue: Record<string, (value: RawValue) => string | null> = {
  arr: (v) => numberText(number(v)),
  seats: (v) => numberText(integer(v)),
  contract_start: date,
  renewal_date: date,
  churned_at: date,
  days_past_due: (v) => numberText(integer(v)),
  lifecycle: text,
  owner_id: text,
};

const numberText = (value: number | null): string | null => (value === null ? null : String(value));

/**
 * A company as an account row, plus one history row per version of each mapped field.
 * `record` carries current properties and (when read with history) propertiesWithHistory.
 */
export function mapCompany(
  record: HubSpotObject,
  context: { tenantId: string; mapping: HubSpotMapping; owners: ReadonlyMap<string, HubSpotOwner> },
): { account: AccountRow; history: AccountHistoryRow[] } {
  const { mapping, tenantId } = context;
  const p = record.properties;
  const get = (name: string | null): RawValue => (name ? p[name] : null);
  const arr = number(get(mapping.company.arr));
  const ownerId = text(p.hubspot_owner_id);
  const owner = ownerId ? context.owners.get(ownerId) : undefined;

  const properties: Record<string, unknown> = {};
  for (const name of mappedCompanyProperties(mapping)) properties[name] = p[name] ?? null;
  if (owner) {
    properties.owner_email = owner.email ?? null;
    properties.owner_name = [owner.firstName, owner.lastName].filter(Boolean).join(' ') || null;
  }

  const account: AccountRow = {
    tenantId,
    id: record.id,
    name: text(p.name) ?? '',
    domain: normaliseDomain(p.domain),
    ownerId,
    industry: text(p.industry),
    segment: parseSegment(get(mapping.company.segment)) ?? segmentFromArr(arr),
    arr,
    seats: integer(get(mapping.company.seats)),
    contractStart: date(get(mapping.company.contractStart)),
    renewalDate: date(get(mapping.company.renewalDate)),
    lifecycle: text(p.lifecyclestage),
    churnedAt: date(get(mapping.company.churnDate)),
    crmCreatedAt: dateTime(p.createdate) ?? dateTime(record.createdAt),
    crmUpdatedAt: dateTime(p.hs_lastmodifieddate) ?? dateTime(record.updatedAt),
    archived: record.archived ?? false,
    properties,
  };

  const history: AccountHistoryRow[] = [];
  for (const [field, property] of Object.entries(companyHistoryProperties(mapping))) {
    const normalise = historyValue[field] ?? text;
    for (const version of record.propertiesWithHistory?.[property] ?? []) {
      const validFrom = dateTime(version.timestamp);
      if (!validFrom) continue;
      history.push({ tenantId, accountId: record.id, field, validFrom, value: normalise(version.value) });
    }
  }
  return { account, history };
}
