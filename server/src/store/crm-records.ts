import { upsertRows, type BulkColumn } from './bulk.js';
import type { Queryable } from './database.js';

/**
 * CRM records as the store keeps them (accounts, their field history, contacts, deals, tickets,
 * engagements), written in bulk with idempotent upserts: writing the same rows twice leaves the
 * same content, so a re-read page or an overlapping search is harmless.
 */

export interface AccountRow {
  tenantId: string;
  id: string;
  name: string;
  domain: string | null;
  ownerId: string | null;
  industry: string | null;
  segment: 'smb' | 'mid_market' | 'enterprise' | null;
  arr: number | null;
  seats: number | null;
  contractStart: string | null;
  renewalDate: string | null;
  lifecycle: string | null;
  churnedAt: string | null;
  crmCreatedAt: Date | null;
  crmUpdatedAt: Date | null;
  archived: boolean;
  /** The raw values of the mapped properties, keyed by HubSpot property name. */
  properties: Record<string, unknown>;
}

/** One version of a mapped account field (field: arr, seats, contract_start, renewal_date, ...). */
export interface AccountHistoryRow {
  tenantId: string;
  accountId: string;
  field: string;
  validFrom: Date;
  value: string | null;
}

export interface ContactRow {
  tenantId: string;
  id: string;
  accountId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  seniority: 'executive' | 'vp' | 'director' | 'manager' | 'individual' | null;
  buyingRoles: string[];
  isSponsor: boolean;
  isChampion: boolean;
  crmCreatedAt: Date | null;
  crmUpdatedAt: Date | null;
  archived: boolean;
}

export interface DealRow {
  tenantId: string;
  id: string;
  accountId: string | null;
  name: string;
  kind: 'new_business' | 'renewal' | 'upsell' | 'other';
  pipeline: string | null;
  stage: string | null;
  isClosed: boolean;
  isWon: boolean;
  amount: number | null;
  closeDate: string | null;
  crmCreatedAt: Date | null;
  crmUpdatedAt: Date | null;
  archived: boolean;
}

export interface TicketRow {
  tenantId: string;
  id: string;
  accountId: string | null;
  subject: string | null;
  priority: 'low' | 'medium' | 'high' | 'urgent' | null;
  status: 'open' | 'waiting' | 'closed';
  category: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  escalated: boolean;
  csat: number | null;
  crmUpdatedAt: Date | null;
  archived: boolean;
}

export interface EngagementRow {
  tenantId: string;
  id: string;
  accountId: string | null;
  kind: 'email' | 'meeting' | 'call' | 'note' | 'task';
  direction: 'inbound' | 'outbound' | null;
  occurredAt: Date;
  contactId: string | null;
  counterpartEmail: string | null;
  withExecutive: boolean;
  status: string | null;
  crmUpdatedAt: Date | null;
  archived: boolean;
}

type Columns<Row> = BulkColumn<Row>[];

const col = <Row>(name: string, type: BulkColumn<Row>['type'], value: (row: Row) => unknown): BulkColumn<Row> => ({ name, type, value });

/**
 * `synced_at` moves only when a sync stores different content: a record re-read because only its
 * modification time moved (Telltale's own write-back of its fields, which the store does not keep) is
 * not a change, so the after-sync scoring does not rescore it.
 */
const CONTENT_CHANGED = { column: 'synced_at', ignoring: ['crm_updated_at'] };

/** Rows older than what is stored never overwrite it (two processes, or a full re-read racing an edit). */
const notOlder = (table: string) => `excluded.crm_updated_at is null or ${table}.crm_updated_at is null or excluded.crm_updated_at >= ${table}.crm_updated_at`;

const accountColumns: Columns<AccountRow> = [
  col('tenant_id', 'text', (r) => r.tenantId),
  col('id', 'text', (r) => r.id),
  col('name', 'text', (r) => r.name),
  col('domain', 'text', (r) => r.domain),
  col('owner_id', 'text', (r) => r.ownerId),
  col('industry', 'text', (r) => r.industry),
  col('segment', 'text', (r) => r.segment),
  col('arr', 'numeric', (r) => r.arr),
  col('seats', 'integer', (r) => r.seats),
  col('contract_start', 'date', (r) => r.contractStart),
  col('renewal_date', 'date', (r) => r.renewalDate),
  col('lifecycle', 'text', (r) => r.lifecycle),
  col('churned_at', 'date', (r) => r.churnedAt),
  col('crm_created_at', 'timestamptz', (r) => r.crmCreatedAt),
  col('crm_updated_at', 'timestamptz', (r) => r.crmUpdatedAt),
  col('archived', 'boolean', (r) => r.archived),
  col('properties', 'jsonb', (r) => r.properties),
  col('synced_at', 'timestamptz', () => new Date()),
];

const historyColumns: Columns<AccountHistoryRow> = [
  col('tenant_id', 'text', (r) => r.tenantId),
  col('account_id', 'text', (r) => r.accountId),
  col('field', 'text', (r) => r.field),
  col('valid_from', 'timestamptz', (r) => r.validFrom),
  col('value', 'text', (r) => r.value),
];

const contactColumns: Columns<ContactRow> = [
  col('tenant_id', 'text', (r) => r.tenantId),
  col('id', 'text', (r) => r.id),
  col('account_id', 'text', (r) => r.accountId),
  col('email', 'text', (r) => r.email),
  col('first_name', 'text', (r) => r.firstName),
  col('last_name', 'text', (r) => r.lastName),
  col('job_title', 'text', (r) => r.jobTitle),
  col('seniority', 'text', (r) => r.seniority),
  col('buying_roles', 'text[]', (r) => r.buyingRoles),
  col('is_sponsor', 'boolean', (r) => r.isSponsor),
  col('is_champion', 'boolean', (r) => r.isChampion),
  col('crm_created_at', 'timestamptz', (r) => r.crmCreatedAt),
  col('crm_updated_at', 'timestamptz', (r) => r.crmUpdatedAt),
  col('archived', 'boolean', (r) => r.archived),
  col('synced_at', 'timestamptz', () => new Date()),
];

const dealColumns: Columns<DealRow> = [
  col('tenant_id', 'text', (r) => r.tenantId),
  col('id', 'text', (r) => r.id),
  col('account_id', 'text', (r) => r.accountId),
  col('name', 'text', (r) => r.name),
  col('kind', 'text', (r) => r.kind),
  col('pipeline', 'text', (r) => r.pipeline),
  col('stage', 'text', (r) => r.stage),
  col('is_closed', 'boolean', (r) => r.isClosed),
  col('is_won', 'boolean', (r) => r.isWon),
  col('amount', 'numeric', (r) => r.amount),
  col('close_date', 'date', (r) => r.closeDate),
  col('crm_created_at', 'timestamptz', (r) => r.crmCreatedAt),
  col('crm_updated_at', 'timestamptz', (r) => r.crmUpdatedAt),
  col('archived', 'boolean', (r) => r.archived),
  col('synced_at', 'timestamptz', () => new Date()),
];

const ticketColumns: Columns<TicketRow> = [
  col('tenant_id', 'text', (r) => r.tenantId),
  col('id', 'text', (r) => r.id),
  col('account_id', 'text', (r) => r.accountId),
  col('subject', 'text', (r) => r.subject),
  col('priority', 'text', (r) => r.priority),
  col('status', 'text', (r) => r.status),
  col('category', 'text', (r) => r.category),
  col('created_at', 'timestamptz', (r) => r.createdAt),
  col('first_response_at', 'timestamptz', (r) => r.firstResponseAt),
  col('resolved_at', 'timestamptz', (r) => r.resolvedAt),
  col('escalated', 'boolean', (r) => r.escalated),
  col('csat', 'smallint', (r) => r.csat),
  col('crm_updated_at', 'timestamptz', (r) => r.crmUpdatedAt),
  col('archived', 'boolean', (r) => r.archived),
  col('synced_at', 'timestamptz', () => new Date()),
];

const engagementColumns: Columns<EngagementRow> = [
  col('tenant_id', 'text', (r) => r.tenantId),
  col('id', 'text', (r) => r.id),
  col('account_id', 'text', (r) => r.accountId),
  col('kind', 'text', (r) => r.kind),
  col('direction', 'text', (r) => r.direction),
  col('occurred_at', 'timestamptz', (r) => r.occurredAt),
  col('contact_id', 'text', (r) => r.contactId),
  col('counterpart_email', 'text', (r) => r.counterpartEmail),
  col('with_executive', 'boolean', (r) => r.withExecutive),
  col('status', 'text', (r) => r.status),
  col('crm_updated_at', 'timestamptz', (r) => r.crmUpdatedAt),
  col('archived', 'boolean', (r) => r.archived),
  col('synced_at', 'timestamptz', () => new Date()),
];

/** Keeps the last row per key: one statement must not touch the same row twice. */
function lastPerKey<Row>(rows: readonly Row[], key: (row: Row) => string): Row[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

export async function upsertAccounts(db: Queryable, rows: readonly AccountRow[]): Promise<number> {
  return upsertRows(db, lastPerKey(rows, (r) => r.id), { table: 'accounts', columns: accountColumns, key: ['tenant_id', 'id'], updateWhere: notOlder('accounts'), changeStamp: CONTENT_CHANGED });
}

/** Field versions are facts: a version already stored is rewritten with the same value. */
export async function upsertAccountHistory(db: Queryable, rows: readonly AccountHistoryRow[]): Promise<number> {
  const unique = lastPerKey(rows, (r) => `${r.accountId}\u0000${r.field}\u0000${r.validFrom.toISOString()}`);
  return upsertRows(db, unique, { table: 'account_history', columns: historyColumns, key: ['tenant_id', 'account_id', 'field', 'valid_from'] });
}

export async function upsertContacts(db: Queryable, rows: readonly ContactRow[]): Promise<number> {
  return upsertRows(db, lastPerKey(rows, (r) => r.id), { table: 'contacts', columns: contactColumns, key: ['tenant_id', 'id'], updateWhere: notOlder('contacts'), changeStamp: CONTENT_CHANGED });
}

export async function upsertDeals(db: Queryable, rows: readonly DealRow[]): Promise<number> {
  return upsertRows(db, lastPerKey(rows, (r) => r.id), { table: 'deals', columns: dealColumns, key: ['tenant_id', 'id'], updateWhere: notOlder('deals'), changeStamp: CONTENT_CHANGED });
}

export async function upsertTickets(db: Queryable, rows: readonly TicketRow[]): Promise<number> {
  return upsertRows(db, lastPerKey(rows, (r) => r.id), { table: 'tickets', columns: ticketColumns, key: ['tenant_id', 'id'], updateWhere: notOlder('tickets'), changeStamp: CONTENT_CHANGED });
}

export async function upsertEngagements(db: Queryable, rows: readonly EngagementRow[]): Promise<number> {
  return upsertRows(db, lastPerKey(rows, (r) => r.id), {
    table: 'engagements',
    columns: engagementColumns,
    key: ['tenant_id', 'id'],
    updateWhere: notOlder('engagements'),
    changeStamp: CONTENT_CHANGED,
  });
}

/** Moves contacts' last_engaged_at forward to the latest engagement seen (never backward), in one statement. */
export async function markContactsEngaged(db: Queryable, tenantId: string, engaged: ReadonlyArray<{ contactId: string; at: Date }>): Promise<void> {
  const latest = new Map<string, Date>();
  for (const { contactId, at } of engaged) {
    const seen = latest.get(contactId);
    if (!seen || at > seen) latest.set(contactId, at);
  }
  if (latest.size === 0) return;
  // Concurrent streams mark overlapping contacts: take the row locks in id order so they never deadlock.
  const ids = [...latest.keys()].sort();
  await db.query(`select 1 from contacts where tenant_id = $1 and id = any($2::text[]) order by id for update`, [tenantId, ids]);
  await db.query(
    `update contacts c set last_engaged_at = greatest(c.last_engaged_at, v.at)
       from unnest($2::text[], $3::timestamptz[]) as v(id, at)
      where c.tenant_id = $1 and c.id = v.id`,
    [tenantId, ids, ids.map((id) => latest.get(id)!.toISOString())],
  );
}

/** The seniority of contacts by id and by (lower-cased) email, for engagements' executive flag. */
export async function findContactSeniority(
  db: Queryable,
  tenantId: string,
  ids: readonly string[],
  emails: readonly string[],
): Promise<{ byId: Map<string, string | null>; byEmail: Map<string, string | null> }> {
  const byId = new Map<string, string | null>();
  const byEmail = new Map<string, string | null>();
  if (ids.length === 0 && emails.length === 0) return { byId, byEmail };
  const { rows } = await db.query<{ id: string; email: string | null; seniority: string | null }>(
    `select id, lower(email) as email, seniority from contacts
      where tenant_id = $1 and (id = any($2::text[]) or lower(email) = any($3::text[]))
      order by id`,
    [tenantId, [...ids], emails.map((email) => email.toLowerCase())],
  );
  for (const row of rows) {
    byId.set(row.id, row.seniority);
    // Duplicate contacts share an email: the most senior one counts.
    if (row.email && (!byEmail.get(row.email) || isExec(row.seniority))) byEmail.set(row.email, row.seniority);
  }
  return { byId, byEmail };
}

const isExec = (seniority: string | null) => seniority === 'executive' || seniority === 'vp';
