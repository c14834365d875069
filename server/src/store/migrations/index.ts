import { sql as initial } from './0001-initial.js';
import { sql as predictions } from './0002-predictions.js';

/** Every schema migration in order. Never edit one that has shipped: add the next. */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'predictions', sql: predictions },
];
