import { describe, expect, it } from 'vitest';
import { buildRegistry, JobRegistryError } from '../../../server/src/jobs/registry.js';

const handler = async () => 'ok';

describe('buildRegistry', () => {
  it('maps each job name to its handler', () => {
    const table = buildRegistry(['sync-tenant'], [['sync-tenant', handler]]);
    expect(table['sync-tenant']).toBe(handler);
  });

  it('fails at start-up when a job has no handler', () => {
    expect(() => buildRegistry(['sync-tenant'], [])).toThrow(JobRegistryError);
    expect(() => buildRegistry(['sync-tenant'], [])).toThrow(/no handler for job\(s\): sync-tenant/);
  });

  it('fails at start-up when a job has two handlers', () => {
    expect(() => buildRegistry(['sync-tenant'], [['sync-tenant', handler], ['sync-tenant', handler]])).toThrow(/two handlers/);
  });
});
