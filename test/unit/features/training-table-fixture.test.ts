import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFeatureManifest } from '../../../server/src/features/features-manifest.js';
import { OUTCOME_COLUMNS } from '../../../server/src/features/training-table.js';

const fixture = resolve(import.meta.dirname, '../../fixtures/training-table-sample.csv');

describe('the training-table sample the Python tests read', () => {
  it('has the columns the export writes today (regenerate it when the manifest changes)', () => {
    const header = readFileSync(fixture, 'utf8').split('\n', 1)[0]!.split(',');
    const manifest = loadFeatureManifest();
    expect(header).toEqual(['tenant_id', 'account_id', 'snapshot_date', 'segment', ...manifest.features.map((f) => f.name), ...OUTCOME_COLUMNS]);
  });
});
