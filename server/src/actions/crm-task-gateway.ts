import type { TaskPriority } from './playbook-manifest.js';

/** One CRM task as Telltale writes it. */
export interface CrmTaskDraft {
  /**
   * The intervention id. The connector stores it in the task (HubSpot: a reference line in the body)
   * so a task whose creation was not recorded can be found again instead of created twice.
   */
  key: string;
  /** The CRM account the task is associated with (HubSpot company id). */
  companyId: string;
  /** The task owner (the account owner); null leaves the task unassigned. */
  ownerId: string | null;
  subject: string;
  /** Paragraphs of the task body, in order. */
  bodyLines: string[];
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  priority: TaskPriority;
}

export interface CrmTaskCreateResult {
  /** CRM task id per draft key. */
  created: Map<string, string>;
  /** Drafts the CRM refused for their content, with its message (a retry would be refused again). */
  refused: Map<string, string>;
}

/**
 * What the actions need from a CRM's tasks; `connectors/hubspot/tasks.ts` implements it for HubSpot.
 * Every method retries temporary failures itself and throws when it gives up.
 */
export interface CrmTaskGateway {
  /** Most drafts (or updates) one call takes; callers pass at most this many. */
  readonly batchLimit: number;
  /**
   * Creates tasks. A retried create must not make a second task for a key: after a failure whose
   * outcome is unknown, the implementation looks for the key's task before sending it again.
   */
  createTasks(drafts: readonly CrmTaskDraft[]): Promise<CrmTaskCreateResult>;
  /** Brings existing tasks to the drafts' subject, body, due date and priority; returns task ids the CRM no longer has. */
  updateTasks(updates: ReadonlyArray<{ taskId: string; draft: CrmTaskDraft }>): Promise<{ missing: string[] }>;
  /** Whether each task is open or completed; ids absent from the map no longer exist (deleted). */
  readTaskStates(taskIds: readonly string[]): Promise<Map<string, 'open' | 'completed'>>;
  /** Task ids, by key, of tasks already created for these keys on these accounts. */
  findTasksByKey(refs: ReadonlyArray<{ companyId: string; key: string }>): Promise<Map<string, string>>;
}
