import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { writeBackHubSpot } from '../../../server/src/connectors/hubspot/write-back.js';
import { DATABASE_KINDS } from '../../support/test-databases.js';
import { desired, expectedPortal, portalValues, valuesFor, withoutStamp } from './company-values.js';
import { batchUpdatesServed, preparePortal, ran, T1, T2, useDatabaseAndRedis } from './harness.js';

describe.each(DATABASE_KINDS)('HubSpot write-back on %s', (kind) => {
  const ctx = useDatabaseAndRedis(kind);

  it('writes every company in batches of at most 100 and nothing when run again with the same values', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 250);
    try {
      const first = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1) }));
      expect(first).toMatchObject({ accounts: 250, changedAccounts: 250, written: 250, batches: 3, requests: 3, rejected: [], missing: [], unconfirmed: [] });
      expect(batchUpdatesServed(running)).toBe(3);
      expect(running.sent.map((batch) => batch.inputs.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
      expect(withoutStamp(portalValues(running, ids))).toEqual(expectedPortal(ids));
      expect(new Set(Object.values(portalValues(running, ids)).map((v) => v.insights_updated_at))).toEqual(new Set([T1]));

      running.sandbox.resetStats();
      const again = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(again).toMatchObject({ changedAccounts: 0, batches: 0, requests: 0 });
      expect(running.sandbox.stats().total).toBe(0);
    } finally {
      await running.close();
    }
  });

  it('sends only the changed fields and moves insights_updated_at only where an insight changed', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 30);
    try {
      await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1) });
      const accounts = desired(ids).map((account, i) => {
        if (i < 5) return { ...account, values: { ...account.values, churn_risk_change_30d: 10 + i } };
        if (i < 10) return { ...account, values: { ...account.values, model_version: 'churn@1.1.0' } };
        return account;
      });
      running.sent.length = 0;
      const second = ran(await writeBackHubSpot({ db: ctx.db, api, accounts, clock: fixedClock(T2) }));
      expect(second).toMatchObject({ changedAccounts: 10, batches: 1, fieldsSent: 15 });
      const sent = running.sent[0]?.inputs ?? [];
      expect(sent.slice(0, 5).map((input) => input.properties)).toEqual(
        [0, 1, 2, 3, 4].map((i) => ({ telltale_churn_risk_change_30d: String(10 + i), telltale_insights_updated_at: T2 })),
      );
      expect(sent.slice(5).map((input) => input.properties)).toEqual([5, 6, 7, 8, 9].map(() => ({ telltale_model_version: 'churn@1.1.0' })));
      const portal = portalValues(running, ids);
      expect(ids.map((id) => portal[id]?.insights_updated_at)).toEqual(ids.map((_, i) => (i < 5 ? T2 : T1)));
    } finally {
      await running.close();
    }
  });

  it('clears a field the pipeline sets to null', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 3);
    try {
      await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1) });
      await writeBackHubSpot({ db: ctx.db, api, accounts: [{ accountId: '1002', values: { next_best_action: null } }], clock: fixedClock(T2) });
      expect(portalValues(running, ['1002'])['1002']).toMatchObject({ next_best_action: '', insights_updated_at: T2 });
    } finally {
      await running.close();
    }
  });

  it('retries through a 429 storm and 5xx answers, writing each batch once', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 250);
    try {
      running.sandbox.injectFaults({ status: 429, count: 6, route: '/batch/update' });
      running.sandbox.injectFaults({ status: 503, count: 3, route: '/batch/update' });
      running.sandbox.injectFaults({ status: 502, count: 1, route: '/batch/update' });
      const outcome = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1) }));
      expect(running.sandbox.stats().faults).toBe(10);
      expect(batchUpdatesServed(running)).toBe(3);
      expect(outcome).toMatchObject({ written: 250, batches: 3, requests: 13 });
      expect(withoutStamp(portalValues(running, ids))).toEqual(expectedPortal(ids));
    } finally {
      await running.close();
    }
  });

  it('reports companies HubSpot refuses or no longer has, writes the others, and retries only those', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 20);
    try {
      const band = running.sandbox.store.catalog.get('companies', 'telltale_churn_risk_band');
      if (!band) throw new Error('install did not create the band');
      running.sandbox.store.catalog.put('companies', { ...band, options: band.options.filter((option) => option.value !== 'high') });
      running.sandbox.store.archiveRecord('companies', '1003');
      const highBand = ids.filter((id) => valuesFor(id).churn_risk_band === 'high' && id !== '1003');
      expect(highBand.length).toBeGreaterThan(0);

      const outcome = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1) }));
      expect(outcome.missing).toEqual(['1003']);
      expect(outcome.rejected.map((r) => r.accountId).sort()).toEqual(highBand.sort());
      expect(outcome.rejected[0]).toMatchObject({ category: 'VALIDATION_ERROR', message: expect.stringMatching(/INVALID_OPTION/) });
      expect(outcome.written).toBe(20 - 1 - highBand.length);
      const written = ids.filter((id) => id !== '1003' && !highBand.includes(id));
      expect(withoutStamp(portalValues(running, written))).toEqual(expectedPortal(written));

      running.sent.length = 0;
      const retry = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(retry.changedAccounts).toBe(1 + highBand.length);
      expect(running.sent.flatMap((batch) => batch.inputs.map((input) => input.id)).sort()).toEqual(['1003', ...highBand].sort());
    } finally {
      await running.close();
    }
  });

  it('lets one of two simultaneous runs write and the other skip, and a retried run write nothing', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 250);
    try {
      const outcomes = await Promise.all([1, 2].map(() => writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T1) })));
      expect(outcomes.filter((o) => 'skipped' in o)).toHaveLength(1);
      expect(outcomes.find((o) => 'skipped' in o)).toEqual({ skipped: expect.stringMatching(/another write-back of tenant .* is running/) });
      expect(batchUpdatesServed(running)).toBe(3);
      const retried = ran(await writeBackHubSpot({ db: ctx.db, api, accounts: desired(ids), clock: fixedClock(T2) }));
      expect(retried).toMatchObject({ changedAccounts: 0, requests: 0 });
      expect(batchUpdatesServed(running)).toBe(3);
    } finally {
      await running.close();
    }
  });

  it('refuses values that do not fit the catalogue before sending anything', async () => {
    const { running, api, ids } = await preparePortal(ctx.db, ctx.redis, 3);
    try {
      const accounts = [...desired(ids), { accountId: '1001', values: { churn_risk_score: 140 } }];
      await expect(writeBackHubSpot({ db: ctx.db, api, accounts })).rejects.toThrow(/account 1001 is listed twice; account 1001: churn_risk_score: 140 is outside 0..100/);
      expect(running.sandbox.stats().total).toBe(0);
    } finally {
      await running.close();
    }
  });
});
