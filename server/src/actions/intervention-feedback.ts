import type { Database } from '../store/database.js';
import { getIntervention, transitionIntervention, type Intervention, type InterventionStatus } from '../store/interventions.js';
import type { CrmTaskGateway } from './crm-task-gateway.js';
import { syncInterventionTasks } from './sync-intervention-tasks.js';

/** Why a card request about an intervention cannot be done; `code` maps to 404 / 409 / 400. */
export class InterventionRequestError extends Error {
  override readonly name = 'InterventionRequestError';
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID',
    message: string,
  ) {
    super(message);
  }
}

/** Statuses a user may accept or dismiss: a recommendation without a task (or whose task failed). */
const DECIDABLE: readonly InterventionStatus[] = ['recommended', 'holdout', 'failed'];

export const DISMISS_REASON_MAX_LENGTH = 1000;

export interface InterventionFeedbackContext {
  db: Database;
  /** The tenant the verified request belongs to; another tenant's intervention is not found. */
  tenantId: string;
}

/**
 * Accepts a recommendation: its CRM task is created now (also for a holdout account: a person chose
 * it) and the intervention returned with its task id. Accepting an intervention whose task is
 * already pending or open returns it unchanged.
 */
export async function acceptIntervention(context: InterventionFeedbackContext & { tasks: CrmTaskGateway }, id: string): Promise<Intervention> {
  const current = await requireIntervention(context, id);
  if (current.status !== 'pending' && current.status !== 'open') {
    let accepted: Intervention | undefined;
    try {
      accepted = await transitionIntervention(context.db, context.tenantId, id, DECIDABLE, { status: 'pending', origin: 'accepted' });
    } catch (error) {
      if (isUniqueViolation(error)) throw new InterventionRequestError('CONFLICT', `intervention ${id} was superseded by a newer one for the same play`);
      throw error;
    }
    if (!accepted) throw conflict(await requireIntervention(context, id), 'accepted');
  }
  await syncInterventionTasks({ db: context.db, tenantId: context.tenantId, tasks: context.tasks, ids: [id] });
  return requireIntervention(context, id);
}

/**
 * Dismisses a recommendation with the user's reason (kept as feedback on the playbooks). The play
 * is not recommended again for the account until its state escalates. Dismissing an already
 * dismissed intervention returns it unchanged.
 */
export async function dismissIntervention(context: InterventionFeedbackContext, id: string, reason: string): Promise<Intervention> {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length === 0) throw new InterventionRequestError('INVALID', 'a dismissal needs a reason (non-empty text)');
  if (text.length > DISMISS_REASON_MAX_LENGTH) {
    throw new InterventionRequestError('INVALID', `the reason has ${text.length} characters; at most ${DISMISS_REASON_MAX_LENGTH} are kept`);
  }
  const current = await requireIntervention(context, id);
  if (current.status === 'dismissed') return current;
  const dismissed = await transitionIntervention(context.db, context.tenantId, id, DECIDABLE, { status: 'dismissed', dismissedReason: text });
  if (!dismissed) throw conflict(await requireIntervention(context, id), 'dismissed');
  return dismissed;
}

async function requireIntervention(context: InterventionFeedbackContext, id: string): Promise<Intervention> {
  const found = await getIntervention(context.db, context.tenantId, id);
  if (!found) throw new InterventionRequestError('NOT_FOUND', `no intervention ${id}`);
  return found;
}

function conflict(current: Intervention, verb: 'accepted' | 'dismissed'): InterventionRequestError {
  const task = current.crmTaskId ? ` (CRM task ${current.crmTaskId}; complete or delete it in the CRM)` : '';
  return new InterventionRequestError('CONFLICT', `intervention ${current.id} is ${current.status}${task} and cannot be ${verb}`);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
