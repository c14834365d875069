import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import {
  claimTaskWork,
  endTaskInterventions,
  recordTasksCreated,
  recordTasksUpdated,
  releaseTaskClaims,
  type ClaimedIntervention,
} from '../store/intervention-tasks.js';
import { insertInterventions, type Intervention } from '../store/interventions.js';
import type { CrmTaskGateway } from './crm-task-gateway.js';
import { taskDraftOf } from './task-content.js';

export interface TaskSyncOptions {
  db: Database;
  tenantId: string;
  tasks: CrmTaskGateway;
  logger?: Logger | undefined;
  /** How long a claim holds before another worker may take the rows over (default 600 s, above one batch's worst-case retries). */
  leaseSeconds?: number | undefined;
  /** Only these interventions (accepting one); default: all of the tenant's task work. */
  ids?: readonly string[] | undefined;
}

export interface TaskSyncReport {
  /** Tasks created in the CRM. */
  created: number;
  /** Tasks found already created for an intervention whose create was not recorded (a crash or lost answer). */
  reconciled: number;
  /** Open tasks brought up to date. */
  updated: number;
  /** Escalated interventions whose task had been completed or deleted in the CRM; a new task replaces it. */
  replaced: number;
  /** Tasks the CRM refused (recorded on the intervention as failed). */
  failed: number;
}

/**
 * Sends the tenant's pending task work to the CRM: first updates of open tasks (completed or deleted
 * ones are replaced by a new pending intervention), then creates. Each batch is claimed in the store
 * before any CRM call and recorded right after it; a create is marked attempted at claim time, so a
 * crash between the CRM answer and the record leaves a trace, and the next run looks the task up by
 * its key before creating anything. Rows whose claim another worker holds are left to it.
 */
export async function syncInterventionTasks(options: TaskSyncOptions): Promise<TaskSyncReport> {
  const { db, tenantId, tasks } = options;
  const report: TaskSyncReport = { created: 0, reconciled: 0, updated: 0, replaced: 0, failed: 0 };
  const token = randomUUID();
  const claim = { token, limit: tasks.batchLimit, leaseSeconds: options.leaseSeconds ?? 600, ids: options.ids };
  try {
    for (let batch = await claimTaskWork(db, tenantId, 'update', claim); batch.length > 0; batch = await claimTaskWork(db, tenantId, 'update', claim)) {
      await updateBatch(options, token, batch.map((c) => c.intervention), report);
    }
    for (let batch = await claimTaskWork(db, tenantId, 'create', claim); batch.length > 0; batch = await claimTaskWork(db, tenantId, 'create', claim)) {
      await createBatch(options, token, batch, report);
    }
  } catch (error) {
    await releaseTaskClaims(db, token, error instanceof Error ? error.message : String(error));
    throw error;
  }
  if (report.created + report.reconciled + report.updated + report.replaced + report.failed > 0) {
    options.logger?.info({ tenantId, ...report }, 'intervention tasks synced');
  }
  return report;
}

async function updateBatch(options: TaskSyncOptions, token: string, batch: Intervention[], report: TaskSyncReport): Promise<void> {
  const { db, tasks } = options;
  const states = await tasks.readTaskStates(batch.map((i) => taskIdOf(i)));
  const open = batch.filter((i) => states.get(taskIdOf(i)) === 'open');
  const { missing } = open.length > 0 ? await tasks.updateTasks(open.map((i) => ({ taskId: taskIdOf(i), draft: taskDraftOf(i) }))) : { missing: [] };
  const gone = new Set(missing);
  const updated = open.filter((i) => !gone.has(taskIdOf(i)));
  const ended = batch.filter((i) => !updated.includes(i));
  await recordTasksUpdated(db, token, updated.map((i) => ({ id: i.id, revision: i.taskRevision })));
  report.updated += updated.length;
  if (ended.length === 0) return;
  await db.transaction(async (tx) => {
    await endTaskInterventions(
      tx,
      token,
      ended.map((i) => ({ id: i.id, status: states.get(taskIdOf(i)) === 'completed' ? 'completed' : 'deleted' })),
    );
    await insertInterventions(
      tx,
      ended.map((i) => ({ ...i, id: randomUUID(), status: 'pending' as const })),
    );
  });
  report.replaced += ended.length;
}

async function createBatch(options: TaskSyncOptions, token: string, batch: ClaimedIntervention[], report: TaskSyncReport): Promise<void> {
  const { db, tasks } = options;
  const attempted = batch.filter((c) => c.previouslyAttempted).map((c) => c.intervention);
  const found = attempted.length > 0 ? await tasks.findTasksByKey(attempted.map((i) => ({ companyId: i.accountId, key: i.id }))) : new Map<string, string>();
  await recordTasksCreated(db, token, [...found].map(([id, taskId]) => ({ id, taskId, revision: revisionOf(batch, id) })));
  report.reconciled += found.size;

  const toCreate = batch.map((c) => c.intervention).filter((i) => !found.has(i.id));
  if (toCreate.length === 0) return;
  const { created, refused } = await tasks.createTasks(toCreate.map(taskDraftOf));
  await recordTasksCreated(db, token, [...created].map(([id, taskId]) => ({ id, taskId, revision: revisionOf(batch, id) })));
  await endTaskInterventions(db, token, [...refused].map(([id, error]) => ({ id, status: 'failed' as const, error })));
  report.created += created.size;
  report.failed += refused.size;
  const unanswered = toCreate.filter((i) => !created.has(i.id) && !refused.has(i.id));
  if (unanswered.length > 0) throw new Error(`the CRM answered no task for ${unanswered.length} intervention(s), e.g. ${unanswered[0]?.id}`);
}

function taskIdOf(intervention: Intervention): string {
  if (!intervention.crmTaskId) throw new Error(`intervention ${intervention.id} is open without a CRM task id`);
  return intervention.crmTaskId;
}

function revisionOf(batch: ClaimedIntervention[], id: string): number {
  return batch.find((c) => c.intervention.id === id)?.intervention.taskRevision ?? 1;
}
