import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/src/store/database.js';
import { createTestDatabase } from '../../support/test-databases.js';

describe('PostgreSQL transactions', () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase('postgres'));
    await db.exec(`create table deadlock_probe (id int primary key, n int not null default 0); insert into deadlock_probe (id) values (1), (2);`);
  });
  afterAll(async () => {
    await drop();
  });

  it('retries the transaction PostgreSQL aborts as a deadlock victim, so both writers complete', async () => {
    let release!: () => void;
    const bothHoldFirstLock = new Promise<void>((done) => (release = done));
    let holding = 0;
    const writer = (first: number, second: number) =>
      db.transaction(async (tx) => {
        await tx.query('update deadlock_probe set n = n + 1 where id = $1', [first]);
        if (++holding === 2) release();
        await Promise.race([bothHoldFirstLock, new Promise((done) => setTimeout(done, 2000))]);
        await tx.query('update deadlock_probe set n = n + 1 where id = $1', [second]);
      });
    await Promise.all([writer(1, 2), writer(2, 1)]);
    const { rows } = await db.query<{ id: number; n: number }>('select id, n from deadlock_probe order by id');
    // Each writer's increments landed exactly once: the aborted attempt was rolled back before its retry.
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
