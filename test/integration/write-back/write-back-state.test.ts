import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/src/store/database.js';
import { WriteBackLeaseLostError, WriteBackState } from '../../../server/src/store/write-back-state.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-databases.js';
import { newTenant } from './harness.js';

describe.each(DATABASE_KINDS)('write-back state on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  it('gives the lease to one run at a time and to another once it expires', async () => {
    const state = new WriteBackState(db, await newTenant(db));
    const lapse = () => new Promise((resolve) => setTimeout(resolve, 250));
    expect(await state.acquireLease('run-a', 200)).toBe(true);
    expect(await state.acquireLease('run-b', 200)).toBe(false);
    await lapse();
    // Lapsed, but nobody took it: still run-a's to extend.
    expect(await state.renewLease('run-a', 200)).toBe(true);
    expect(await state.acquireLease('run-b', 200)).toBe(false);
    await lapse();
    expect(await state.acquireLease('run-b', 60_000)).toBe(true);
    expect(await state.renewLease('run-a', 60_000)).toBe(false);
    await state.releaseLease('run-b');
    expect(await state.acquireLease('run-a', 60_000)).toBe(true);
  });

  it('records nothing in flight for a run that does not hold the lease', async () => {
    const state = new WriteBackState(db, await newTenant(db));
    await state.acquireLease('run-a', 60_000);
    await expect(state.markPending('run-b', [{ accountId: '1', field: 'health_score', value: '40' }])).rejects.toBeInstanceOf(WriteBackLeaseLostError);
    expect(await state.pendingWrites('run-a')).toEqual([]);
  });

  it('keeps the written value until a pending write is confirmed, and leaves it when abandoned', async () => {
    const state = new WriteBackState(db, await newTenant(db));
    await state.acquireLease('run-a', 60_000);
    await state.markPending('run-a', [
      { accountId: '1', field: 'health_score', value: '40' },
      { accountId: '2', field: 'health_score', value: '55' },
    ]);
    expect(await state.writtenValues(['1', '2'])).toEqual(new Map());
    await state.settle('run-a', { confirmed: [{ accountId: '1', field: 'health_score' }], abandoned: [{ accountId: '2', field: 'health_score' }] });
    expect(await state.writtenValues(['1', '2'])).toEqual(new Map([['1', new Map([['health_score', '40']])]]));
    expect(await state.pendingWrites('another-run')).toEqual([]);
  });

  it('shows a stopped run its writes in flight to the next run, which records what the CRM holds', async () => {
    const state = new WriteBackState(db, await newTenant(db));
    await state.acquireLease('stopped', 60_000);
    await state.markPending('stopped', [
      { accountId: '1', field: 'churn_risk_band', value: 'high' },
      { accountId: '2', field: 'churn_risk_band', value: null },
      { accountId: '3', field: 'churn_risk_band', value: 'low' },
    ]);
    await state.releaseLease('stopped');
    await state.acquireLease('next', 60_000);
    expect(await state.pendingWrites('next')).toEqual([
      { accountId: '1', field: 'churn_risk_band', value: 'high', runId: 'stopped' },
      { accountId: '2', field: 'churn_risk_band', value: null, runId: 'stopped' },
      { accountId: '3', field: 'churn_risk_band', value: 'low', runId: 'stopped' },
    ]);
    await state.reconcile('next', {
      observed: [
        { accountId: '1', field: 'churn_risk_band', value: 'high' },
        { accountId: '2', field: 'churn_risk_band', value: 'medium' },
      ],
      gone: [{ accountId: '3', field: 'churn_risk_band' }],
    });
    expect(await state.pendingWrites('next')).toEqual([]);
    expect(await state.writtenValues(['1', '2', '3'])).toEqual(
      new Map([
        ['1', new Map([['churn_risk_band', 'high']])],
        ['2', new Map([['churn_risk_band', 'medium']])],
      ]),
    );
  });
});
