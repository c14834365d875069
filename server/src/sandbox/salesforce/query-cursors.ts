/**
 * Open query cursors: a query's matching ids, materialised once, which `nextRecordsUrl`
 * (`/services/data/vXX.X/query/<locator>-<offset>`) pages through. Like Salesforce's, a cursor lapses
 * after 15 minutes without use; the oldest are dropped beyond 500 open ones.
 */
import type { Clock } from '../../clock/clock.js';
import type { FieldDefinition, ObjectDefinition } from './object-schema.js';
import { salesforceId } from './salesforce-ids.js';

export interface QueryCursor {
  locator: string;
  object: ObjectDefinition;
  fields: FieldDefinition[];
  ids: string[];
  batchSize: number;
  lastUsed: number;
}

const IDLE_MS = 15 * 60_000;
const MAX_OPEN = 500;

export class QueryCursors {
  private readonly open = new Map<string, QueryCursor>();
  private sequence = 1;

  constructor(private readonly clock: Clock) {}

  create(object: ObjectDefinition, fields: FieldDefinition[], ids: string[], batchSize: number): QueryCursor {
    const cursor: QueryCursor = { locator: salesforceId('01g', this.sequence++), object, fields, ids, batchSize, lastUsed: this.clock.now().getTime() };
    this.open.set(cursor.locator, cursor);
    for (const locator of this.open.keys()) {
      if (this.open.size <= MAX_OPEN) break;
      this.open.delete(locator);
    }
    return cursor;
  }

  /** The open cursor of a locator (its use time refreshed), or undefined when unknown or lapsed. */
  find(locator: string): QueryCursor | undefined {
    const cursor = this.open.get(locator);
    const now = this.clock.now().getTime();
    if (!cursor || now - cursor.lastUsed > IDLE_MS) {
      this.open.delete(locator);
      return undefined;
    }
    cursor.lastUsed = now;
    return cursor;
  }
}
