import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { z } from 'zod';
import { callHubSpot, type CallContext } from './call-hubspot.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import { hubSpotCallSetup, type HubSpotApiOptions } from './hubspot-api.js';
import { retryDelayMs } from '../retry-policy.js';
import { sleep } from '../sleep.js';

/** A task as Telltale writes it (the actions' CrmTaskDraft, structurally). */
export interface HubSpotTaskDraft {
  key: string;
  companyId: string;
  ownerId: string | null;
  subject: string;
  bodyLines: string[];
  /** 'YYYY-MM-DD'; the task is due at 12:00 UTC that day (the same calendar day from UTC−11 to UTC+11). */
  dueDate: string;
  priority: 'LOW' | 'MEDIUM' | 'HIGH';
}

/** HubSpot-defined association type "task to company". */
export const TASK_TO_COMPANY_ASSOCIATION = 192;

/** HubSpot's input limits of the calls below. */
export const TASK_LIMITS = { batchInputs: 100, associationInputs: 1_000 } as const;

const MARKER = 'telltale-ref:';
const MARKER_PATTERN = /telltale-ref:([A-Za-z0-9_-]+)/;

/** The key written into a task body, or undefined for a task Telltale did not write. */
export function taskKeyOf(body: string | null | undefined): string | undefined {
  return body ? MARKER_PATTERN.exec(body)?.[1] : undefined;
}

/** The task properties HubSpot documents for tasks (hs_task_body is rich text: one paragraph per line). */
export function taskProperties(draft: HubSpotTaskDraft): Record<string, string> {
  const paragraphs = [...draft.bodyLines, `Telltale reference: ${MARKER}${draft.key}`].map((line) => `<p>${escapeHtml(line)}</p>`);
  return {
    hs_task_subject: draft.subject,
    hs_task_body: paragraphs.join(''),
    hs_timestamp: `${draft.dueDate}T12:00:00.000Z`,
    hs_task_priority: draft.priority,
  };
}

const batchErrorSchema = z.object({ message: z.string(), category: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() });

/**
 * HubSpot tasks for the actions (implements `actions/crm-task-gateway.ts`), through the real
 * @hubspot/api-client with Telltale's rate limiter, classification and retries (`callHubSpot`).
 * Creates are not blindly retried: a 429 was refused before any work and is sent again, but after a
 * 5xx, timeout or dropped connection the batch may have been created, so the tasks are first looked
 * up by the key in their body and only the missing ones are sent again.
 */
export class HubSpotTasks {
  readonly batchLimit = TASK_LIMITS.batchInputs;
  private readonly client: Client;
  private readonly context: CallContext;

  constructor(options: HubSpotApiOptions, client?: Client) {
    ({ client: this.client, context: this.context } = hubSpotCallSetup(options, client));
  }

  async createTasks(drafts: readonly HubSpotTaskDraft[]): Promise<{ created: Map<string, string>; refused: Map<string, string> }> {
    const out = { created: new Map<string, string>(), refused: new Map<string, string>() };
    for (const chunk of chunks(drafts, TASK_LIMITS.batchInputs)) await this.createChunk(chunk, out);
    return out;
  }

  private async createChunk(chunk: HubSpotTaskDraft[], out: { created: Map<string, string>; refused: Map<string, string> }): Promise<void> {
    const once = { ...this.context, retry: { ...this.context.retry, maxAttempts: 1 } };
    let remaining = chunk;
    for (let attempt = 1; remaining.length > 0; attempt++) {
      try {
        const response = await callHubSpot(once, 'POST /crm/v3/objects/tasks/batch/create', 'other', (options) =>
          this.client.crm.objects.tasks.batchApi.create({ inputs: remaining.map(createInput) }, options),
        );
        for (const task of response.results) {
          const key = task.objectWriteTraceId ?? taskKeyOf(task.properties.hs_task_body);
          if (key) out.created.set(key, task.id);
        }
        const errors = 'errors' in response ? (response.errors ?? []).map((e) => batchErrorSchema.parse(e).message) : [];
        for (const draft of remaining) if (!out.created.has(draft.key) && errors.length > 0) out.refused.set(draft.key, errors.join('; '));
        return;
      } catch (caught) {
        const error = caught instanceof CrmError ? caught : new CrmError(String(caught), { kind: CrmErrorKind.Unknown, crm: 'hubspot', endpoint: 'tasks/batch/create', cause: caught });
        if (error.kind === CrmErrorKind.Invalid) {
          // One bad draft (an owner that left, say) fails the whole batch: send them one by one to keep the others.
          if (remaining.length === 1) out.refused.set(remaining[0]?.key ?? '', error.message);
          else for (const draft of remaining) await this.createChunk([draft], out);
          return;
        }
        if (error.kind !== CrmErrorKind.Temporary || attempt >= this.context.retry.maxAttempts) throw error;
        const delay = retryDelayMs(error, attempt, this.context.retry);
        this.context.logger?.warn({ status: error.status, attempt, delayMs: delay, tasks: remaining.length }, 'HubSpot task create failed; retrying');
        if (error.status === 429 && error.retryAfterMs) await this.context.limiter.pause(this.context.tenantId, error.retryAfterMs);
        await sleep(delay, this.context.signal);
        if (error.status !== 429) {
          const found = await this.findTasksByKey(remaining.map((d) => ({ companyId: d.companyId, key: d.key })));
          for (const [key, id] of found) out.created.set(key, id);
          remaining = remaining.filter((d) => !found.has(d.key));
        }
      }
    }
  }

  /** Updates subject, body, due date and priority (never owner or status, which the team may have changed). */
  async updateTasks(updates: ReadonlyArray<{ taskId: string; draft: HubSpotTaskDraft }>): Promise<{ missing: string[] }> {
    const missing: string[] = [];
    for (const chunk of chunks(updates, TASK_LIMITS.batchInputs)) {
      const inputs = chunk.map((u) => ({ id: u.taskId, properties: taskProperties(u.draft) }));
      const response = await callHubSpot(this.context, 'POST /crm/v3/objects/tasks/batch/update', 'other', (options) =>
        this.client.crm.objects.tasks.batchApi.update({ inputs }, options),
      );
      missing.push(...notFoundIds(response));
    }
    return { missing };
  }

  /** `hs_task_status` of tasks: COMPLETED is completed, any other status open; deleted tasks are absent. */
  async readTaskStates(taskIds: readonly string[]): Promise<Map<string, 'open' | 'completed'>> {
    const out = new Map<string, 'open' | 'completed'>();
    for (const task of await this.readTasks(taskIds, ['hs_task_status'])) {
      out.set(task.id, task.properties.hs_task_status === 'COMPLETED' ? 'completed' : 'open');
    }
    return out;
  }

  /**
   * Finds the tasks Telltale created for these keys: the companies' associated tasks (v4 batch read,
   * every page), then their bodies (batch read), matched on the reference line. Used only to recover
   * from a create whose outcome is unknown, so its cost does not recur.
   */
  async findTasksByKey(refs: ReadonlyArray<{ companyId: string; key: string }>): Promise<Map<string, string>> {
    const wanted = new Set(refs.map((r) => r.key));
    const taskIds = new Set<string>();
    for (const companies of chunks([...new Set(refs.map((r) => r.companyId))], TASK_LIMITS.associationInputs)) {
      let inputs: Array<{ id: string; after?: string }> = companies.map((id) => ({ id }));
      while (inputs.length > 0) {
        const page = inputs;
        const response = await callHubSpot(this.context, 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read', 'other', (options) =>
          this.client.crm.associations.v4.batchApi.getPage('companies', 'tasks', { inputs: page }, options),
        );
        inputs = [];
        for (const result of response.results) {
          for (const to of result.to) taskIds.add(String(to.toObjectId));
          const after = result.paging?.next?.after;
          if (after) inputs.push({ id: String(result._from.id), after });
        }
      }
    }
    const found = new Map<string, string>();
    const tasks = await this.readTasks([...taskIds], ['hs_task_body']);
    // Oldest first, so a key that somehow has two tasks resolves to the first one created.
    tasks.sort((a, b) => Number(a.id) - Number(b.id));
    for (const task of tasks) {
      const key = taskKeyOf(task.properties.hs_task_body);
      if (key && wanted.has(key) && !found.has(key)) found.set(key, task.id);
    }
    return found;
  }

  private async readTasks(ids: readonly string[], properties: string[]): Promise<Array<{ id: string; properties: { [name: string]: string | null } }>> {
    const out = [];
    for (const chunk of chunks(ids, TASK_LIMITS.batchInputs)) {
      const response = await callHubSpot(this.context, 'POST /crm/v3/objects/tasks/batch/read', 'other', (options) =>
        this.client.crm.objects.tasks.batchApi.read({ inputs: chunk.map((id) => ({ id })), properties, propertiesWithHistory: [] }, false, options),
      );
      out.push(...response.results);
    }
    return out;
  }
}

function createInput(draft: HubSpotTaskDraft) {
  return {
    objectWriteTraceId: draft.key,
    properties: {
      ...taskProperties(draft),
      hs_task_status: 'NOT_STARTED',
      hs_task_type: 'TODO',
      ...(draft.ownerId ? { hubspot_owner_id: draft.ownerId } : {}),
    },
    associations: [
      {
        to: { id: draft.companyId },
        types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: TASK_TO_COMPANY_ASSOCIATION }],
      },
    ],
  };
}

/** Ids a 207 batch answer reports as not found (deleted tasks). */
function notFoundIds(response: object): string[] {
  const errors = 'errors' in response && Array.isArray(response.errors) ? response.errors : [];
  return errors.flatMap((raw: unknown) => {
    const error = batchErrorSchema.parse(raw);
    return error.category === 'OBJECT_NOT_FOUND' ? (error.context?.ids ?? []) : [];
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
