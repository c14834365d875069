import { sql as initial } from './0001-initial.js';
import { sql as predictions } from './0002-predictions.js';
import { sql as scoringOutputs } from './0003-scoring-outputs.js';
import { sql as tenantModels } from './0004-tenant-models.js';
import { sql as writeBackState } from './0005-write-back-state.js';
import { sql as interventions } from './0006-interventions.js';
import { sql as tenantCredentials } from './0007-tenant-credentials.js';

/** Every schema migration in order. Never edit one that has shipped: add the next. */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'predictions', sql: predictions },
  { version: 3, name: 'scoring-outputs', sql: scoringOutputs },
  { version: 4, name: 'tenant-models', sql: tenantModels },
  { version: 5, name: 'write-back-state', sql: writeBackState },
  { version: 6, name: 'interventions', sql: interventions },
  { version: 7, name: 'tenant-credentials', sql: tenantCredentials },
];
