import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/src/clock/clock.js';
import { writeBackSalesforce } from '../../../server/src/connectors/salesforce/write-back.js';
import type { Logger } from '../../../server/src/logging/logger.js';
import { DATABASE_KINDS } from '../../support/test-databases.js';
import { ran, T1, T2, useDatabaseAndRedis } from '../write-back/harness.js';
import { accountValues, desiredAccounts, expectedAccounts, orgAccountValues, STAMP_FIELD, withoutStamp } from './account-values.js';
import { collectionUpdatesServed, idAt, newSalesforceTenant, orgApi, queryAccountFields, startOrg } from './harness.js';

const T1_SALESFORCE = '2025-07-01T08:00:00.000+0000';
const T2_SALESFORCE = '2025-07-02T08:00:00.000+0000';

/** A logger that keeps its warnings (the write-back names refused records in one). */
function recordingLogger(): { logger: Logger; warnings: Array<{ fields: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const logger = { info: () => undefined, warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }) } as unknown as Logger;
  return { logger, warnings };
}

/** The entries of `values` for these ids. */
function only<T>(values: Record<string, T>, ids: readonly string[]): Record<string, T | undefined> {
  return Object.fromEntries(ids.map((id) => [id, values[id]]));
}

describe.each(DATABASE_KINDS)('Salesforce write-back on %s', (kind) => {
  const ctx = useDatabaseAndRedis(kind);

  async function scenario(accounts: number, options: Parameters<typeof startOrg>[1] = {}) {
    const org = await startOrg(accounts, options);
    const tenantId = await newSalesforceTenant(ctx.db, `write-back ${kind}`);
    const api = orgApi(org, { tenantId, redis: ctx.redis.redis, prefix: ctx.redis.prefix });
    return { org, api, tenantId, ids: org.accountIds };
  }

  it('sets every Account in collections of at most 200, equal to the planned values, and sends nothing when run again', async () => {
    const { org, api, ids } = await scenario(250);
    try {
      const first = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1) }));
      expect(first).toMatchObject({ accounts: 250, changedAccounts: 250, fieldsSent: 250 * 15, written: 250, batches: 2, requests: 2, rejected: [], missing: [], unconfirmed: [] });
      expect(collectionUpdatesServed(org)).toBe(2);
      expect(org.updates.map((c) => c.records.length).sort((a, b) => b - a)).toEqual([200, 50]);
      expect(org.updates.every((c) => c.allOrNone === false && c.records.every((r) => r.attributes.type === 'Account'))).toBe(true);

      const stored = await queryAccountFields(api, ids);
      expect(withoutStamp(stored)).toEqual(expectedAccounts(ids));
      expect(new Set(Object.values(stored).map((fields) => fields[STAMP_FIELD]))).toEqual(new Set([T1_SALESFORCE]));

      org.sandbox.resetStats();
      const again = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) }));
      expect(again).toMatchObject({ changedAccounts: 0, batches: 0, requests: 0 });
      expect(org.sandbox.stats().total).toBe(0);
    } finally {
      await org.close();
    }
  });

  it('sends only the changed fields in Salesforce formats and moves the stamp only where an insight changed', async () => {
    const { org, api, ids } = await scenario(30);
    try {
      await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1) });
      const accounts = desiredAccounts(ids).map((account, i) => {
        if (i < 5) return { ...account, values: { ...account.values, churn_risk_change_30d: 10 + i, expansion_potential: 1234.5 } };
        if (i < 10) return { ...account, values: { ...account.values, model_version: 'churn@1.1.0' } };
        if (i === 10) return { ...account, values: { ...account.values, next_best_action: null } };
        return account;
      });
      org.updates.length = 0;
      const second = ran(await writeBackSalesforce({ db: ctx.db, api, accounts, clock: fixedClock(T2) }));
      expect(second).toMatchObject({ changedAccounts: 11, batches: 1, fieldsSent: 5 * 3 + 5 + 2 });
      const sent = org.updates[0]?.records ?? [];
      expect(sent.slice(0, 5)).toEqual(
        [0, 1, 2, 3, 4].map((i) => ({
          attributes: { type: 'Account' },
          id: ids[i],
          Telltale_Churn_Risk_Change_30d__c: 10 + i,
          Telltale_Expansion_Potential__c: 1234.5,
          Telltale_Insights_Updated_At__c: T2_SALESFORCE,
        })),
      );
      expect(sent.slice(5, 10).map((r) => ({ ...r, id: undefined }))).toEqual([5, 6, 7, 8, 9].map(() => ({ attributes: { type: 'Account' }, id: undefined, Telltale_Model_Version__c: 'churn@1.1.0' })));
      expect(sent[10]).toEqual({ attributes: { type: 'Account' }, id: ids[10], Telltale_Next_Best_Action__c: null, Telltale_Insights_Updated_At__c: T2_SALESFORCE });

      const stored = await queryAccountFields(api, ids);
      expect(ids.map((id) => stored[id]?.[STAMP_FIELD])).toEqual(ids.map((_, i) => (i < 5 || i === 10 ? T2_SALESFORCE : T1_SALESFORCE)));
      expect(stored[ids[10] as string]?.Telltale_Next_Best_Action__c).toBeNull();
      expect(stored[ids[0] as string]).toMatchObject({ Telltale_Churn_Risk_Change_30d__c: 10, Telltale_Expansion_Potential__c: 1234.5 });
    } finally {
      await org.close();
    }
  });

  it('reports Accounts the org refuses or no longer has, logs them, writes the others, and sends only those again next run', async () => {
    const { org, api, ids } = await scenario(20);
    try {
      const [validated, tooLong, renamed, deleted] = [2, 5, 7, 11].map((i) => idAt(ids, i)) as [string, string, string, string];
      org.sandbox.injectFaults({
        recordErrors: [
          { id: validated, statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Accounts under review cannot change their churn risk band' },
          { id: tooLong, statusCode: 'STRING_TOO_LONG', message: 'Next best action: data value too large (max length=40)', fields: ['Telltale_Next_Best_Action__c'] },
          { id: renamed, statusCode: 'INVALID_FIELD', message: "No such column 'Telltale_Health_Trajectory__c' on sobject of type Account" },
        ],
      });
      org.sandbox.org.delete('Account', deleted);
      const { logger, warnings } = recordingLogger();

      const outcome = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1), logger }));
      expect(outcome.missing).toEqual([deleted]);
      expect(outcome.rejected).toEqual([
        { accountId: validated, category: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Accounts under review cannot change their churn risk band' },
        { accountId: tooLong, category: 'STRING_TOO_LONG', message: 'Next best action: data value too large (max length=40) (fields: Telltale_Next_Best_Action__c)' },
        { accountId: renamed, category: 'INVALID_FIELD', message: "No such column 'Telltale_Health_Trajectory__c' on sobject of type Account" },
      ]);
      expect(outcome).toMatchObject({ written: 16, batches: 1, requests: 1 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.fields).toMatchObject({ rejected: 3, missing: 1, records: outcome.rejected, missingIds: [deleted] });
      const written = ids.filter((id) => ![validated, tooLong, renamed, deleted].includes(id));
      expect(withoutStamp(orgAccountValues(org.sandbox, written))).toEqual(only(expectedAccounts(ids), written));

      org.updates.length = 0;
      const retry = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) }));
      expect(retry).toMatchObject({ changedAccounts: 4, written: 3, missing: [deleted], rejected: [] });
      expect(org.updates.flatMap((c) => c.records.map((r) => r.id))).toEqual([validated, tooLong, renamed, deleted]);
      expect(withoutStamp(orgAccountValues(org.sandbox, [validated, tooLong, renamed]))).toEqual(only(expectedAccounts(ids), [validated, tooLong, renamed]));
    } finally {
      await org.close();
    }
  });

  it('sends Accounts whose row was locked again in a later pass of the same run, and reports them once the passes run out', async () => {
    const { org, api, ids } = await scenario(20);
    try {
      const locked = (id: string) => ({ id, statusCode: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${id}` });
      org.sandbox.injectFaults({ recordErrors: [locked(idAt(ids, 1)), locked(idAt(ids, 4))] });
      const first = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1), lockedRows: { delayMs: 5 } }));
      expect(first).toMatchObject({ changedAccounts: 20, written: 20, batches: 1, requests: 2, rejected: [] });
      expect(org.updates.map((c) => c.records.map((r) => r.id))).toEqual([ids, [ids[1], ids[4]]]);
      expect(withoutStamp(orgAccountValues(org.sandbox, ids))).toEqual(expectedAccounts(ids));

      org.sandbox.injectFaults({ recordErrors: [locked(idAt(ids, 3))] });
      const oneRow = desiredAccounts(ids, 1);
      const single = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: oneRow, clock: fixedClock(T2), lockedRows: { passes: 1 } }));
      expect(single.rejected).toEqual([{ accountId: ids[3], category: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${ids[3]}` }]);
      expect(single).toMatchObject({ written: 19, requests: 1 });
      const next = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: oneRow, clock: fixedClock(T2) }));
      expect(next).toMatchObject({ changedAccounts: 1, written: 1 });
      expect(orgAccountValues(org.sandbox, [idAt(ids, 3)])[idAt(ids, 3)]).toMatchObject({ Telltale_Churn_Risk_Score__c: accountValues(3, 1).churn_risk_score });
    } finally {
      await org.close();
    }
  });

  it('retries 503, 500 and 502 answers, writing each collection once', async () => {
    const { org, api, ids } = await scenario(250);
    try {
      org.sandbox.injectFaults({ status: 503, count: 3, route: '/composite/sobjects' });
      org.sandbox.injectFaults({ status: 500, count: 1, route: '/composite/sobjects' });
      org.sandbox.injectFaults({ status: 502, count: 1, route: '/composite/sobjects' });
      const outcome = ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1) }));
      expect(org.sandbox.stats().faults).toBe(5);
      expect(collectionUpdatesServed(org)).toBe(2);
      expect(outcome).toMatchObject({ written: 250, batches: 2, requests: 7 });
      expect(withoutStamp(await queryAccountFields(api, ids))).toEqual(expectedAccounts(ids));
    } finally {
      await org.close();
    }
  });

  it('lets one of two simultaneous runs write and the other skip, and a retried run write nothing', async () => {
    const { org, api, ids } = await scenario(250);
    try {
      const outcomes = await Promise.all([1, 2].map(() => writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T1) })));
      expect(outcomes.filter((o) => 'skipped' in o)).toEqual([{ skipped: expect.stringMatching(/another write-back of tenant .* is running/) }]);
      expect(collectionUpdatesServed(org)).toBe(2);
      expect(ran(await writeBackSalesforce({ db: ctx.db, api, accounts: desiredAccounts(ids), clock: fixedClock(T2) }))).toMatchObject({ changedAccounts: 0, requests: 0 });
      expect(collectionUpdatesServed(org)).toBe(2);
    } finally {
      await org.close();
    }
  });
});
