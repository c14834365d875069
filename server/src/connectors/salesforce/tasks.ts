import type { Connection } from 'jsforce';
import type { CrmTaskCreateResult, CrmTaskDraft, CrmTaskGateway } from '../../actions/crm-task-gateway.js';
import type { Logger } from '../../logging/logger.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import type { RecordFields } from './catalogue-values.js';
import { COLLECTION_LIMIT, createRecords, updateRecords, type SalesforceWriteApi } from './composite-writes.js';
import { chunks } from '../in-pool.js';
import { DEFAULT_LOCKED_ROW_RETRY, waitForPass, type LockedRowRetry } from './locked-row-retry.js';
import type { RecordOutcome } from './save-results.js';
import { soqlInList } from './soql-values.js';
import { newTaskRecord, TASK_KEY_FIELD, taskFields } from './task-records.js';

export { TASK_KEY_FIELD } from './task-records.js';

/**
 * Salesforce Tasks for the actions (implements `actions/crm-task-gateway.ts`; a draft's `companyId`
 * is the Account id). Writes are sObject Collections calls of up to 200 Tasks through the tenant's
 * rate budget, classification and retries. A create whose answer is lost is not sent blindly again:
 * the retry first looks its keys up in `Telltale_Intervention_Key__c` and sends only the Tasks not
 * found. Tasks whose row was locked are sent again in a later pass (`lockedRows`).
 */
export class SalesforceTasks implements CrmTaskGateway {
  readonly batchLimit = COLLECTION_LIMIT;
  private readonly retry: LockedRowRetry;

  constructor(
    private readonly api: SalesforceWriteApi,
    private readonly options: { logger?: Logger | undefined; lockedRows?: Partial<LockedRowRetry> | undefined } = {},
  ) {
    this.retry = { ...DEFAULT_LOCKED_ROW_RETRY, ...options.lockedRows };
  }

  async createTasks(drafts: readonly CrmTaskDraft[]): Promise<CrmTaskCreateResult> {
    const out: CrmTaskCreateResult = { created: new Map(), refused: new Map() };
    const lookUp = async (records: readonly RecordFields[], connection: Connection) => {
      const keys = records.map((record) => String(record[TASK_KEY_FIELD]));
      // Inside an attempt of the create's call, which holds the budget and retries the attempt as a whole.
      const found = await this.taskIdsByKey(keys, async (soql) => (await connection.query<Record<string, unknown>>(soql)).records);
      return new Map(keys.flatMap((key, position) => (found.has(key) ? [[position, found.get(key) as string] as const] : [])));
    };
    await this.inPasses(drafts, 'created', async (due) => {
      const outcomes = await createRecords(this.api, 'Task', due.map(newTaskRecord), lookUp);
      return due.map((draft, i) => {
        const outcome = outcomes[i];
        if (outcome?.saved) out.created.set(draft.key, outcome.id);
        else if (outcome && outcome.kind !== 'temporary') out.refused.set(draft.key, `${outcome.statusCode}: ${outcome.message}`);
        return outcome;
      });
    });
    return out;
  }

  /** Updates subject, description, due date and priority (never owner or status, which the team may have changed). */
  async updateTasks(updates: ReadonlyArray<{ taskId: string; draft: CrmTaskDraft }>): Promise<{ missing: string[] }> {
    const missing: string[] = [];
    const left = await this.inPasses(updates, 'updated', async (due) => {
      const outcomes = await updateRecords(this.api, 'Task', due.map((u) => ({ id: u.taskId, fields: taskFields(u.draft) })));
      return due.map((update, i) => {
        const outcome = outcomes[i];
        if (outcome && !outcome.saved && outcome.kind === 'gone') missing.push(update.taskId);
        if (outcome && !outcome.saved && outcome.kind === 'refused') {
          // The Task exists and stays open with its earlier content; the org's rule is the admin's to fix.
          this.options.logger?.warn({ tenant: this.api.tenantId, taskId: update.taskId, statusCode: outcome.statusCode, message: outcome.message }, 'Salesforce refused a Telltale task update');
        }
        return outcome;
      });
    });
    if (left.length > 0) throw new CrmError(`Salesforce kept ${left.length} Task row(s) locked through ${this.retry.passes} passes`, { kind: CrmErrorKind.Temporary, crm: 'salesforce', endpoint: 'PATCH /composite/sobjects (Task)', category: 'UNABLE_TO_LOCK_ROW' });
    return { missing };
  }

  /** `IsClosed` of Tasks: closed is completed, anything else open; deleted Tasks are absent. */
  async readTaskStates(taskIds: readonly string[]): Promise<Map<string, 'open' | 'completed'>> {
    const out = new Map<string, 'open' | 'completed'>();
    for (const ids of chunks(taskIds, COLLECTION_LIMIT)) {
      await this.api.query<{ Id: string; IsClosed: boolean }>(`SELECT Id, IsClosed FROM Task WHERE Id IN ${soqlInList(ids)}`, {
        onPage: async (records) => {
          for (const task of records) out.set(task.Id, task.IsClosed ? 'completed' : 'open');
        },
      });
    }
    return out;
  }

  /** Task ids by key of the Tasks Telltale created for these keys (one query per 200 keys). */
  async findTasksByKey(refs: ReadonlyArray<{ companyId: string; key: string }>): Promise<Map<string, string>> {
    return this.taskIdsByKey(
      refs.map((r) => r.key),
      async (soql) => {
        const rows: Array<Record<string, unknown>> = [];
        await this.api.query<Record<string, unknown>>(soql, { onPage: async (records) => void rows.push(...records) });
        return rows;
      },
    );
  }

  private async taskIdsByKey(keys: readonly string[], read: (soql: string) => Promise<Array<Record<string, unknown>>>): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const chunk of chunks([...new Set(keys)], COLLECTION_LIMIT)) {
      // Oldest first, so a key that somehow has two Tasks resolves to the first one created.
      const rows = await read(`SELECT Id, ${TASK_KEY_FIELD} FROM Task WHERE ${TASK_KEY_FIELD} IN ${soqlInList(chunk)} ORDER BY CreatedDate, Id`);
      for (const row of rows) {
        const key = row[TASK_KEY_FIELD];
        if (typeof key === 'string' && typeof row.Id === 'string' && !found.has(key)) found.set(key, row.Id);
      }
    }
    return found;
  }

  /**
   * Sends `items` in collections of 200, then again those whose row was locked, up to the retry's
   * passes, waiting between passes. `send` returns each item's outcome; returns the items still
   * locked after the last pass (logged).
   */
  private async inPasses<T>(items: readonly T[], what: string, send: (due: T[]) => Promise<Array<RecordOutcome | undefined>>): Promise<T[]> {
    let due = [...items];
    for (let pass = 1; due.length > 0 && pass <= this.retry.passes; pass++) {
      await waitForPass(this.retry, pass);
      const locked: T[] = [];
      for (const chunk of chunks(due, COLLECTION_LIMIT)) {
        const outcomes = await send(chunk);
        chunk.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome && !outcome.saved && outcome.kind === 'temporary') locked.push(item);
        });
      }
      due = locked;
    }
    if (due.length > 0) this.options.logger?.warn({ tenant: this.api.tenantId, tasks: due.length, passes: this.retry.passes }, `Salesforce kept Task rows locked; not ${what}`);
    return due;
  }
}
