/**
 * toPortalData: the portfolio as the sandbox HubSpot portal holds it, following the sandbox portal
 * conventions (property names, wire formats, history of tracked company properties, v4 associations
 * with HubSpot's default type ids, owners). Record ids are HubSpot-like numbers increasing with
 * creation time, deterministic for the portfolio.
 */
import { DAY_MS, formatDay, formatInstant } from './calendar.js';
import { streamFor } from './random.js';
import type { Account, Portfolio } from './model.js';
import type { HubSpotObjectType, PortalData, SandboxAssociation, SandboxOwner, SandboxRecord } from '../hubspot/portal-data.js';
import { associationTypeId, PRIMARY_ASSOCIATION_TYPE_IDS } from './associations.js';
import { propertyDefinitions, propertyGroups } from './properties.js';

export const SANDBOX_PORTAL_ID = 24681357;

interface Draft {
  type: HubSpotObjectType;
  createdAt: number;
  updatedAt: number;
  properties: Record<string, string | null>;
  history?: SandboxRecord['history'];
  companyIndex: number;
  contactKeys: number[];
  /** Index of the account whose contacts contactKeys refer to. */
  contactsOf: number;
  id?: string;
}

const ID_BASE: Record<HubSpotObjectType, number> = {
  companies: 0, contacts: 101, deals: 9_001_000_000, tickets: 1_201_000_000, emails: 40_010_000_000,
  meetings: 40_510_000_000, calls: 41_010_000_000, notes: 41_510_000_000, tasks: 42_010_000_000,
};

const str = (n: number): string => String(n);
const iso = formatInstant;

function companyDraft(account: Account, asOfMs: number): Draft {
  const h = account.history;
  const current = (versions: { value: string | null }[]): string | null => versions[versions.length - 1]?.value ?? null;
  const allChanges = Object.values(h).flat();
  const createdAt = Math.min(account.customerSinceDay * DAY_MS, ...account.deals.map((d) => d.createdAt));
  const updatedAt = Math.min(asOfMs, Math.max(createdAt, ...allChanges.map((c) => c.at)));
  const history: NonNullable<SandboxRecord['history']> = {};
  for (const [name, versions] of Object.entries(h)) {
    if (versions.length === 0) continue;
    history[name] = versions.map((v) => ({ value: v.value ?? '', timestamp: iso(v.at), sourceType: name === 'days_past_due' ? 'INTEGRATION' : name === 'hubspot_owner_id' ? 'CRM_UI' : 'API' }));
  }
  return {
    type: 'companies',
    createdAt,
    updatedAt,
    companyIndex: account.index,
    contactKeys: [],
    contactsOf: account.index,
    id: account.companyId,
    properties: {
      name: account.name,
      domain: account.domain,
      industry: account.industry,
      numberofemployees: str(account.employees),
      hubspot_owner_id: current(h.hubspot_owner_id),
      lifecyclestage: current(h.lifecyclestage),
      arr: current(h.arr),
      licensed_seats: current(h.licensed_seats),
      contract_start_date: formatDay(account.customerSinceDay),
      renewal_date: current(h.renewal_date),
      churn_date: current(h.churn_date),
      customer_segment: account.segment,
      days_past_due: current(h.days_past_due),
      createdate: iso(createdAt),
      hs_lastmodifieddate: iso(updatedAt),
    },
    history,
  };
}

function drafts(account: Account, asOfMs: number): Draft[] {
  const out: Draft[] = [companyDraft(account, asOfMs)];
  const base = { companyIndex: account.index, contactsOf: account.index };
  for (const c of account.contacts) {
    out.push({ ...base, type: 'contacts', createdAt: c.createdAt, updatedAt: c.updatedAt, contactKeys: [], properties: {
      email: c.email, firstname: c.firstname, lastname: c.lastname, jobtitle: c.jobtitle,
      hs_buying_role: c.roles.length > 0 ? c.roles.join(';') : null,
      createdate: iso(c.createdAt), lastmodifieddate: iso(c.updatedAt),
    }, id: `contact:${account.index}:${c.key}` });
  }
  for (const d of account.deals) {
    const closed = d.stage === 'closedwon' || d.stage === 'closedlost';
    out.push({ ...base, type: 'deals', createdAt: d.createdAt, updatedAt: d.updatedAt, contactKeys: d.contactKeys, properties: {
      dealname: d.name, amount: str(d.amount), closedate: iso(d.closeAt), pipeline: 'default', dealstage: d.stage, dealtype: d.type,
      hs_is_closed: String(closed), hs_is_closed_won: String(d.stage === 'closedwon'), closed_lost_reason: d.lostReason,
      hubspot_owner_id: d.ownerId, createdate: iso(d.createdAt), hs_lastmodifieddate: iso(d.updatedAt),
    } });
  }
  for (const t of account.tickets) {
    out.push({ type: 'tickets', companyIndex: t.loggedAgainst, contactsOf: account.index, createdAt: t.createdAt, updatedAt: t.updatedAt, contactKeys: t.contactKey === null ? [] : [t.contactKey], properties: {
      subject: t.subject, content: t.content, hs_pipeline: '0', hs_pipeline_stage: t.stage, hs_ticket_priority: t.priority,
      hs_ticket_category: t.category, createdate: iso(t.createdAt),
      first_agent_reply_date: t.firstReplyAt === null ? null : iso(t.firstReplyAt), closed_date: t.closedAt === null ? null : iso(t.closedAt),
      escalated: String(t.escalated), csat_score: t.csat === null ? null : str(t.csat), hs_lastmodifieddate: iso(t.updatedAt),
    } });
  }
  for (const e of account.engagements) {
    out.push({ ...base, type: e.type, createdAt: e.createdAt, updatedAt: e.updatedAt, contactKeys: e.contactKeys, properties: {
      ...e.properties, hs_timestamp: iso(e.at), hubspot_owner_id: e.ownerId, createdate: iso(e.createdAt), hs_lastmodifieddate: iso(e.updatedAt),
    } });
  }
  return out;
}

/** The portal content for the sandbox HubSpot emulation. */
export function toPortalData(portfolio: Portfolio): PortalData {
  const asOfMs = (portfolio.asOfDay + 1) * DAY_MS - 1;
  const byType = new Map<HubSpotObjectType, Draft[]>();
  for (const account of portfolio.accounts) {
    for (const d of drafts(account, asOfMs)) {
      const list = byType.get(d.type) ?? [];
      list.push(d);
      byType.set(d.type, list);
    }
  }
  // Ids in creation order, like HubSpot's; companies keep the ids the portfolio gave them.
  const contactIds = new Map<string, string>();
  const rng = streamFor(portfolio.seed, -1, 'record-ids');
  for (const [type, list] of byType) {
    if (type === 'companies') continue;
    list.sort((a, b) => a.createdAt - b.createdAt || a.companyIndex - b.companyIndex);
    let id = ID_BASE[type];
    for (const d of list) {
      id += rng.int(1, 9);
      if (type === 'contacts' && d.id) contactIds.set(d.id, String(id));
      d.id = String(id);
    }
  }
  const companyId = (index: number): string => portfolio.accounts[index]?.companyId ?? '';
  const records = {} as Record<HubSpotObjectType, SandboxRecord[]>;
  const associations: SandboxAssociation[] = [];
  const link = (fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, primary: boolean): void => {
    associations.push({ fromType, fromId, toType, toId, typeId: associationTypeId(fromType, toType), category: 'HUBSPOT_DEFINED', label: null });
    const primaryId = PRIMARY_ASSOCIATION_TYPE_IDS[`${fromType}->${toType}`];
    if (primary && primaryId !== undefined) associations.push({ fromType, fromId, toType, toId, typeId: primaryId, category: 'HUBSPOT_DEFINED', label: 'Primary' });
  };
  for (const type of ['companies', 'contacts', 'deals', 'tickets', 'emails', 'meetings', 'calls', 'notes', 'tasks'] as HubSpotObjectType[]) {
    const list = byType.get(type) ?? [];
    if (type === 'companies') list.sort((a, b) => Number(a.id) - Number(b.id));
    records[type] = list.map((d) => {
      const id = d.id ?? '';
      if (type !== 'companies') {
        link(type, id, 'companies', companyId(d.companyIndex), type === 'contacts' || type === 'deals' || type === 'tickets');
        for (const key of d.contactKeys) {
          const contactId = contactIds.get(`contact:${d.contactsOf}:${key}`);
          if (contactId) link(type, id, 'contacts', contactId, false);
        }
      }
      const properties = { ...d.properties, hs_object_id: id };
      return { id, properties, ...(d.history ? { history: d.history } : {}), createdAt: iso(d.createdAt), updatedAt: iso(Math.max(d.updatedAt, d.createdAt)), archived: false };
    });
  }
  const portalCreated = iso(Math.min(...portfolio.owners.map((o) => o.createdAt)));
  const owners: SandboxOwner[] = portfolio.owners.map((o) => ({
    id: o.id, email: o.email, firstName: o.firstName, lastName: o.lastName, userId: o.userId,
    createdAt: iso(o.createdAt), updatedAt: iso(o.createdAt), archived: false,
    teams: [{ id: String(3_100 + ['Scaled CS', 'Mid-Market CS', 'Enterprise CS', 'Account Executives'].indexOf(o.team)), name: o.team, primary: true }],
  }));
  return {
    portalId: SANDBOX_PORTAL_ID,
    asOf: iso(asOfMs),
    records,
    associations,
    properties: propertyDefinitions(portalCreated),
    propertyGroups: propertyGroups(),
    owners,
  };
}
