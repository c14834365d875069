import { describe, expect, it } from 'vitest';
import type { HubSpotObject } from '../../../server/src/connectors/hubspot/hubspot-api.js';
import { mapCompany, segmentFromArr } from '../../../server/src/connectors/hubspot/map-company.js';
import { mapContact, mapDeal, mapEngagement, mapTicket } from '../../../server/src/connectors/hubspot/map-records.js';
import { resolveHubSpotMapping } from '../../../server/src/connectors/hubspot/tenant-mapping.js';
import { date, dateTime, normaliseDomain } from '../../../server/src/connectors/hubspot/values.js';

const tenantId = 'hubspot-24681357';
const mapping = resolveHubSpotMapping({});
const context = { tenantId, mapping };
const object = (properties: Record<string, string | null>, extra: Partial<HubSpotObject> = {}): HubSpotObject => ({
  id: '1',
  properties,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-06-01T00:00:00Z'),
  ...extra,
});

describe('HubSpot value formats', () => {
  it('reads datetimes given as ISO or epoch milliseconds, and dates from either', () => {
    expect(dateTime('2025-03-01T10:00:00.000Z')?.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(dateTime(String(Date.UTC(2025, 2, 1, 10)))?.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(date(String(Date.UTC(2026, 2, 1)))).toBe('2026-03-01');
    expect(date('2026-03-01')).toBe('2026-03-01');
    expect(dateTime('')).toBeNull();
    expect(date('not a date')).toBeNull();
  });

  it('normalises domains to lower case without scheme, www. or path', () => {
    expect(normaliseDomain('https://WWW.Acme.COM/pricing')).toBe('acme.com');
    expect(normaliseDomain('')).toBeNull();
  });
});

describe('mapCompany', () => {
  const owners = new Map([['101', { id: '101', email: 'csm@x.example', firstName: 'Casey', lastName: 'S', archived: false }]]);

  it('maps current values with empty strings as missing and keeps the raw mapped values', () => {
    const { account } = mapCompany(
      object({
        name: 'Acme',
        domain: 'www.ACME.com',
        industry: '',
        hubspot_owner_id: '101',
        lifecyclestage: 'customer',
        arr: '48000.50',
        licensed_seats: '25',
        contract_start_date: '2024-03-01',
        renewal_date: String(Date.UTC(2026, 2, 1)),
        churn_date: '',
        customer_segment: 'mid_market',
        hs_lastmodifieddate: '2025-01-02T03:04:05.000Z',
      }),
      { ...context, owners },
    );
    expect(account).toMatchObject({
      name: 'Acme',
      domain: 'acme.com',
      industry: null,
      ownerId: '101',
      segment: 'mid_market',
      arr: 48000.5,
      seats: 25,
      contractStart: '2024-03-01',
      renewalDate: '2026-03-01',
      churnedAt: null,
      lifecycle: 'customer',
      archived: false,
    });
    expect(account.crmUpdatedAt?.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    expect(account.properties).toMatchObject({ arr: '48000.50', churn_date: '', owner_email: 'csm@x.example', owner_name: 'Casey S' });
  });

  it('derives the segment from ARR when the segment property is empty', () => {
    expect(mapCompany(object({ arr: '130000', customer_segment: '' }), { ...context, owners }).account.segment).toBe('enterprise');
    expect([segmentFromArr(24_999), segmentFromArr(25_000), segmentFromArr(99_999), segmentFromArr(100_000), segmentFromArr(null)]).toEqual([
      'smb',
      'mid_market',
      'mid_market',
      'enterprise',
      null,
    ]);
  });

  it('turns every version of the mapped fields into history rows named by mapping key', () => {
    const { history } = mapCompany(
      object(
        { arr: '12000' },
        {
          propertiesWithHistory: {
            arr: [
              { value: '12000', timestamp: new Date('2025-02-01T00:00:00Z') },
              { value: '10000', timestamp: '2024-01-01T00:00:00.000Z' },
            ],
            licensed_seats: [{ value: '10.0', timestamp: '2024-01-01T00:00:00.000Z' }],
            churn_date: [{ value: String(Date.UTC(2025, 4, 31)), timestamp: '2025-05-31T00:00:00.000Z' }],
            lifecyclestage: [{ value: 'customer', timestamp: '2024-01-01T00:00:00.000Z' }],
            hubspot_owner_id: [{ value: '', timestamp: '2024-01-01T00:00:00.000Z' }],
          },
        },
      ),
      { ...context, owners },
    );
    const byField = (field: string) => history.filter((row) => row.field === field).map((row) => [row.validFrom.toISOString(), row.value]);
    expect(byField('arr')).toEqual([
      ['2025-02-01T00:00:00.000Z', '12000'],
      ['2024-01-01T00:00:00.000Z', '10000'],
    ]);
    expect(byField('seats')).toEqual([['2024-01-01T00:00:00.000Z', '10']]);
    expect(byField('churned_at')).toEqual([['2025-05-31T00:00:00.000Z', '2025-05-31']]);
    expect(byField('lifecycle')).toEqual([['2024-01-01T00:00:00.000Z', 'customer']]);
    expect(byField('owner_id')).toEqual([['2024-01-01T00:00:00.000Z', null]]);
  });
});

describe('mapContact', () => {
  it('reads buying roles and marks sponsors and champions from the mapping', () => {
    const contact = mapContact(
      object({ email: 'Ann@Acme.com', jobtitle: 'VP Finance', hs_buying_role: 'BUDGET_HOLDER;CHAMPION', lastmodifieddate: '2025-01-01T00:00:00Z' }),
      { accountId: '9' },
      context,
    );
    expect(contact).toMatchObject({ email: 'ann@acme.com', seniority: 'vp', buyingRoles: ['BUDGET_HOLDER', 'CHAMPION'], isSponsor: true, isChampion: true, accountId: '9' });
  });

  it('honours a tenant override of the sponsor values', () => {
    const custom = resolveHubSpotMapping({ contact: { sponsorValues: ['BLOCKER'] } });
    const contact = mapContact(object({ hs_buying_role: 'BUDGET_HOLDER' }), { accountId: null }, { tenantId, mapping: custom });
    expect(contact.isSponsor).toBe(false);
    expect(contact.seniority).toBeNull();
  });
});

describe('mapDeal', () => {
  it('classifies deals by pipeline, then type, and reads closed/won flags', () => {
    const renewal = mapDeal(object({ dealtype: 'renewal', hs_is_closed: 'true', hs_is_closed_won: 'true', amount: '1000', closedate: String(Date.UTC(2025, 5, 30, 12)) }), { accountId: '1' }, context);
    expect(renewal).toMatchObject({ kind: 'renewal', isClosed: true, isWon: true, amount: 1000, closeDate: '2025-06-30' });
    expect(mapDeal(object({ dealtype: 'existingbusiness', hs_is_closed: 'false' }), { accountId: null }, context)).toMatchObject({ kind: 'upsell', isClosed: false, isWon: false });
    expect(mapDeal(object({ dealtype: 'newbusiness', dealstage: 'closedlost' }), { accountId: null }, context)).toMatchObject({ kind: 'new_business', isClosed: true, isWon: false });
    expect(mapDeal(object({ dealtype: '', amount: '' }), { accountId: null }, context)).toMatchObject({ kind: 'other', amount: null });
    const byPipeline = resolveHubSpotMapping({ deal: { upsellPipelines: ['expansion'] } });
    expect(mapDeal(object({ pipeline: 'expansion', dealtype: 'renewal' }), { accountId: null }, { tenantId, mapping: byPipeline }).kind).toBe('upsell');
  });
});

describe('mapTicket', () => {
  it('maps status from the stage, lower-cases priority, and reads escalation and CSAT', () => {
    const closed = mapTicket(
      object({ hs_pipeline_stage: '4', hs_ticket_priority: 'HIGH', escalated: 'true', csat_score: '4', first_agent_reply_date: '2025-01-01T01:00:00Z', closed_date: '2025-01-02T00:00:00Z', createdate: '2025-01-01T00:00:00Z' }),
      { accountId: '1' },
      context,
    );
    expect(closed).toMatchObject({ status: 'closed', priority: 'high', escalated: true, csat: 4 });
    expect(closed.resolvedAt?.toISOString()).toBe('2025-01-02T00:00:00.000Z');
    expect(mapTicket(object({ hs_pipeline_stage: '2', hs_ticket_priority: 'BOGUS', csat_score: '9', escalated: '' }), { accountId: null }, context)).toMatchObject({
      status: 'waiting',
      priority: null,
      csat: null,
      escalated: false,
    });
    expect(mapTicket(object({ hs_pipeline_stage: '3' }), { accountId: null }, context).status).toBe('open');
  });
});

describe('mapEngagement', () => {
  const seniority = { byId: new Map([['c-exec', 'executive'], ['c-ic', 'individual']]), byEmail: new Map([['boss@acme.com', 'vp']]) };

  it('reads direction and the counterpart address of emails, and flags executive involvement', () => {
    const inbound = mapEngagement(
      object({ hs_timestamp: '2025-02-01T00:00:00Z', hs_email_direction: 'INCOMING_EMAIL', hs_email_from_email: 'Boss <BOSS@acme.com>', hs_email_to_email: 'csm@x.example' }),
      'email',
      { accountId: '1', contactId: 'c-ic' },
      seniority,
      context,
    );
    expect(inbound).toMatchObject({ direction: 'inbound', counterpartEmail: 'boss@acme.com', withExecutive: true, contactId: 'c-ic' });
    expect(inbound.occurredAt.toISOString()).toBe('2025-02-01T00:00:00.000Z');
    const outbound = mapEngagement(object({ hs_email_direction: 'EMAIL', hs_email_to_email: 'someone@acme.com' }), 'email', { accountId: null }, seniority, context);
    expect(outbound).toMatchObject({ direction: 'outbound', counterpartEmail: 'someone@acme.com', withExecutive: false, accountId: null });
  });

  it('flags a call with an executive contact and reads task status', () => {
    expect(mapEngagement(object({ hs_call_direction: 'INBOUND' }), 'call', { accountId: '1', contactId: 'c-exec' }, seniority, context)).toMatchObject({ direction: 'inbound', withExecutive: true });
    expect(mapEngagement(object({ hs_task_status: 'COMPLETED' }), 'task', { accountId: '1' }, seniority, context)).toMatchObject({ status: 'COMPLETED', direction: null });
  });
});
