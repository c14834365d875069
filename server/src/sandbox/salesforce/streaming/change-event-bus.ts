/**
 * The org's Change Data Capture event bus: one change event per saved record of an entity selected for
 * change notifications, with increasing replay ids (not contiguous: each transaction's first event
 * skips a few ids, as other events of the org's bus take them in Salesforce), retained for 72 hours
 * by the sandbox clock and at most `maxRetained` events (the oldest go first).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../clock/clock.js';
import type { OrgSchema } from '../object-definitions.js';
import type { SObjectName } from '../org-data.js';
import type { RecordChange } from '../org-store.js';
import { changeEventData, type ChangeEventData } from './change-event-payload.js';
import { currentRequestTransaction, newTransaction, type OpenTransaction } from './write-transactions.js';

/** Salesforce retains change events for 72 hours. */
export const RETENTION_MS = 72 * 3_600_000;
export const DEFAULT_MAX_RETAINED_EVENTS = 10_000;
const REPLAY_ID_GAP = 3;

/** A change event on the bus. */
export interface ChangeEvent {
  replayId: number;
  entityName: SObjectName;
  data: ChangeEventData;
}

export interface ChangeEventBusOptions {
  schema: OrgSchema;
  clock: Clock;
  /** The entities selected for change notifications. */
  entities: ReadonlySet<SObjectName>;
  maxRetained: number;
  /** The user a change made outside the API (in Salesforce's UI) is committed by. */
  uiUserId: string;
}

export class ChangeEventBus {
  private events: ChangeEvent[] = [];
  private lastReplayId = 0;
  private lastCommitNumber = 1_100_670_838_000;
  private readonly listeners: Array<(event: ChangeEvent) => void> = [];

  constructor(private readonly options: ChangeEventBusOptions) {}

  get entities(): ReadonlySet<SObjectName> {
    return this.options.entities;
  }

  /** Calls `listener` with every event published from now on. */
  onPublish(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Publishes the changes of one save, in the API request's transaction or in a new one of the UI user. */
  publish(changes: readonly RecordChange[]): void {
    const selected = changes.filter((change) => this.options.entities.has(change.type));
    if (selected.length === 0) return;
    const transaction = currentRequestTransaction() ?? newTransaction({ changeOrigin: '', commitUser: this.options.uiUserId });
    const published: ChangeEvent[] = [];
    for (const change of selected) {
      const object = this.options.schema.get(change.type);
      if (!object) continue;
      const commit = this.commit(transaction);
      const replayId = this.nextReplayId(transaction.sequence === 1);
      published.push({ replayId, entityName: change.type, data: changeEventData(object, change, commit, replayId) });
    }
    this.events.push(...published);
    this.prune();
    for (const event of published) for (const listener of this.listeners) listener(event);
  }

  /** Every retained event, oldest first. */
  retained(): readonly ChangeEvent[] {
    this.prune();
    return this.events;
  }

  /** The replay id of the newest event published (0 before the first). */
  get latestReplayId(): number {
    return this.lastReplayId;
  }

  /** Whether `replayId` is the id of a retained event. */
  isRetained(replayId: number): boolean {
    return this.retained().some((event) => event.replayId === replayId);
  }

  /** The retained events after `replayId`, oldest first. */
  after(replayId: number): readonly ChangeEvent[] {
    return this.retained().filter((event) => event.replayId > replayId);
  }

  private commit(transaction: OpenTransaction) {
    transaction.committed ??= {
      transactionKey: `000${randomUUID().slice(3)}`,
      commitNumber: ++this.lastCommitNumber,
      commitTimestamp: this.options.clock.now().getTime(),
    };
    transaction.sequence += 1;
    return { ...transaction.committed, changeOrigin: transaction.changeOrigin, commitUser: transaction.commitUser, sequenceNumber: transaction.sequence };
  }

  private nextReplayId(startsTransaction: boolean): number {
    this.lastReplayId += startsTransaction ? 1 + REPLAY_ID_GAP : 1;
    return this.lastReplayId;
  }

  private prune(): void {
    const cutoff = this.options.clock.now().getTime() - RETENTION_MS;
    const expired = this.events.findIndex((event) => event.data.payload.ChangeEventHeader.commitTimestamp >= cutoff);
    const drop = Math.max(expired === -1 ? this.events.length : expired, this.events.length - this.options.maxRetained);
    if (drop > 0) this.events = this.events.slice(drop);
  }
}
