import { describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../../server/src/sandbox/portfolio/index.js';
import { toOrgData } from '../../../server/src/sandbox/portfolio/to-org-data.js';
import { getCursor, listSyncRuns } from '../../../server/src/store/sync-state.js';
import { count, dumpStore, liveRecords, newTenant, runSync, useSyncContext, withOrg, type RunningOrg, type StoreKind } from './harness.js';

const data = toOrgData(generatePortfolio({ seed: 11, accounts: 60, asOf: '2025-06-30' }));
const pages = (n: number, size = 2000) => Math.max(1, Math.ceil(n / size));
/** Every answered /services/data request plus the session's token requests: what the sync must have counted. */
const httpRequests = (org: RunningOrg) => {
  const stats = org.sandbox.stats();
  const sum = (values: Record<string, number>) => Object.values(values).reduce((n, v) => n + v, 0);
  return sum(stats.byStatus) + sum(stats.tokensIssued);
};

describe.each<StoreKind>(['postgres', 'pglite'])('Salesforce sync of the sandbox org into %s', (kind) => {
  const ctx = useSyncContext(kind);

  it('lands every record of the org linked to its account, with one request per page and one token request', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'first');
      const report = await runSync({ ...ctx, org, tenant });

      expect(await count(ctx.db, 'accounts', tenant.id)).toBe(liveRecords(org, 'Account').length);
      expect(await count(ctx.db, 'contacts', tenant.id)).toBe(liveRecords(org, 'Contact').length);
      expect(await count(ctx.db, 'deals', tenant.id)).toBe(liveRecords(org, 'Opportunity').length);
      expect(await count(ctx.db, 'tickets', tenant.id)).toBe(liveRecords(org, 'Case').length);
      expect(await count(ctx.db, 'engagements', tenant.id)).toBe(liveRecords(org, 'Task').length + liveRecords(org, 'Event').length);
      expect(report.records).toBe(data.records.User.length + ['Account', 'Contact', 'Opportunity', 'Case', 'Task', 'Event'].reduce((n, type) => n + liveRecords(org, type as 'Account').length, 0));

      const { rows: contacts } = await ctx.db.query<{ id: string; account_id: string | null }>('select id, account_id from contacts where tenant_id = $1', [tenant.id]);
      const accountOf = new Map(liveRecords(org, 'Contact').map((c) => [c.Id, c.AccountId]));
      for (const row of contacts) expect(row.account_id).toBe(accountOf.get(row.id) ?? null);
      const { rows: owners } = await ctx.db.query<{ n: number }>(`select count(*)::int as n from accounts where tenant_id = $1 and properties->>'owner_email' like '%@%'`, [tenant.id]);
      expect(owners[0]?.n).toBe(liveRecords(org, 'Account').length);
      const { rows: arr } = await ctx.db.query<{ n: number }>(`select count(distinct account_id)::int as n from account_history where tenant_id = $1 and field = 'arr'`, [tenant.id]);
      expect(arr[0]?.n).toBe(liveRecords(org, 'Account').length);

      // One query page per 2,000 records, plus the (empty) deletions query of each stream.
      expect(report.streams.users.requests).toBe(1 + 1); // the users query and the session's token request
      for (const [stream, type] of [['contacts', 'Contact'], ['opportunities', 'Opportunity'], ['cases', 'Case'], ['tasks', 'Task'], ['events', 'Event']] as const) {
        expect(report.streams[stream].requests).toBe(pages(liveRecords(org, type).length) + 1);
      }
      expect(report.requests).toBe(httpRequests(org));
      expect(org.sandbox.stats().tokensIssued).toEqual({ 'urn:ietf:params:oauth:grant-type:jwt-bearer': 1 });
      expect((await listSyncRuns(ctx.db, tenant.id, 'salesforce'))[0]).toMatchObject({ status: 'succeeded', records: report.records, requests: report.requests });
      expect((await getCursor(ctx.db, { tenantId: tenant.id, source: 'salesforce', stream: 'tasks' }))?.fullSyncCompletedAt).toBeInstanceOf(Date);
    });
  });

  it('reads pages of the batch size it asks for and lands the same store', async () => {
    const one = await newTenant(ctx.db, data.orgId, 'reference');
    await withOrg(data, async (org) => void (await runSync({ ...ctx, org, tenant: one })));
    await withOrg(data, async (org) => {
      const two = await newTenant(ctx.db, data.orgId, 'paged');
      const report = await runSync({ ...ctx, org, tenant: two }, { paging: { pageSize: 200 } });
      expect(report.streams.tasks.pages).toBe(pages(liveRecords(org, 'Task').length, 200) + 1);
      expect(report.streams.tasks.pages).toBeGreaterThan(3);
      expect(await dumpStore(ctx.db, two.id)).toEqual(await dumpStore(ctx.db, one.id));
    });
  });

  it('reads only what changed on an incremental sync, deletions landing as archived rows', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'incremental');
      const context = { ...ctx, org, tenant };
      await runSync(context);
      const account = liveRecords(org, 'Account')[3]!;
      const contact = liveRecords(org, 'Contact')[5]!;
      const opportunity = liveRecords(org, 'Opportunity')[7]!;
      org.sandbox.org.update('Account', account.Id, { ARR__c: 123456 });
      org.sandbox.org.delete('Contact', contact.Id);
      org.sandbox.org.delete('Opportunity', opportunity.Id);
      const task = org.sandbox.org.insert('Task', { WhatId: account.Id, Subject: 'Call', TaskSubtype: 'Call', CallType: 'Inbound', ActivityDate: '2025-06-30', Status: 'Completed' });

      const report = await runSync(context);
      expect(report.streams.accounts.records).toBe(1);
      expect(report.streams.contacts.records).toBe(1);
      expect(report.streams.opportunities.records).toBe(1);
      expect(report.streams.tasks.records).toBe(1);
      expect(report.streams.cases.records + report.streams.events.records).toBe(0);

      const { rows: accounts } = await ctx.db.query<{ arr: string; segment: string }>('select arr, segment from accounts where tenant_id = $1 and id = $2', [tenant.id, account.Id]);
      expect(Number(accounts[0]?.arr)).toBe(123456);
      expect(accounts[0]?.segment).toBe(account.Customer_Segment__c === 'Enterprise' ? 'enterprise' : account.Customer_Segment__c === 'SMB' ? 'smb' : 'mid_market');
      const { rows: history } = await ctx.db.query<{ value: string }>(`select value from account_history where tenant_id = $1 and account_id = $2 and field = 'arr' order by valid_from desc limit 1`, [tenant.id, account.Id]);
      expect(history[0]?.value).toBe('123456');
      const archived = async (table: string, id: string) => (await ctx.db.query<{ archived: boolean }>(`select archived from ${table} where tenant_id = $1 and id = $2`, [tenant.id, id])).rows[0]?.archived;
      expect(await archived('contacts', contact.Id)).toBe(true);
      expect(await archived('deals', opportunity.Id)).toBe(true);
      const { rows: tasks } = await ctx.db.query<{ kind: string; direction: string; account_id: string }>('select kind, direction, account_id from engagements where tenant_id = $1 and id = $2', [tenant.id, task.Id]);
      expect(tasks[0]).toEqual({ kind: 'call', direction: 'inbound', account_id: account.Id });

      // An unchanged org costs one query per stream and pass, and the token request.
      org.sandbox.resetStats();
      const idle = await runSync(context);
      expect(idle.records).toBe(data.records.User.length);
      expect(idle.requests).toBe(1 + 1 + 6 * 2);
      expect(httpRequests(org)).toBe(idle.requests);
    });
  });

  it('re-reads everything on a full sync and leaves the same store', async () => {
    await withOrg(data, async (org) => {
      const tenant = await newTenant(ctx.db, data.orgId, 'full');
      await runSync({ ...ctx, org, tenant });
      const before = await dumpStore(ctx.db, tenant.id);
      const report = await runSync({ ...ctx, org, tenant }, { mode: 'full' });
      expect(report.streams.accounts.records).toBe(liveRecords(org, 'Account').length);
      expect(await dumpStore(ctx.db, tenant.id)).toEqual(before);
    });
  });
});
