/**
 * The card's "Create task" and "Dismiss" on an intervention, on top of actions/intervention-feedback.ts:
 * the answer in the contract's shape, and each refusal as a status and a reason.
 */
import type { AcceptInterventionResponse, DismissInterventionResponse, InterventionAction } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { CrmTaskGateway } from '../actions/crm-task-gateway.js';
import { acceptIntervention, dismissIntervention, InterventionRequestError } from '../actions/intervention-feedback.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getIntervention, type Intervention } from '../store/interventions.js';
import type { Tenant } from '../store/tenants.js';
import { isAllowed, refusalMessage } from './card-intervention-allowed-actions.js';
import { cardIntervention } from './card-intervention-view.js';
import { CardRequestError } from './card-request.js';

/** The CRM task gateway of a tenant; undefined when Telltale holds no CRM credentials for it. */
export type TasksFor = (tenant: Tenant) => Promise<CrmTaskGateway | undefined>;

export interface InterventionActionContext {
  db: Database;
  tenant: Tenant;
  tasksFor: TasksFor;
  logger: Logger;
}

const STATUS_OF_CODE = { NOT_FOUND: 404, CONFLICT: 409, INVALID: 400 } as const;
const ERROR_OF_CODE = { NOT_FOUND: 'not_found', CONFLICT: 'conflict', INVALID: 'bad_request' } as const;

function refused(intervention: Intervention, action: InterventionAction): CardRequestError {
  return new CardRequestError(409, 'conflict', refusalMessage(intervention, action));
}

/** The intervention-feedback refusal as a card answer; a conflict says what the intervention's state is now. */
async function asCardError(context: Pick<InterventionActionContext, 'db' | 'tenant'>, id: string, action: InterventionAction, error: unknown): Promise<unknown> {
  if (!(error instanceof InterventionRequestError)) return error;
  if (error.code === 'CONFLICT') {
    // Another user or the act cycle moved it between our check and the write.
    const now = await getIntervention(context.db, context.tenant.id, id);
    if (now && !isAllowed(now, action)) return refused(now, action);
  }
  return new CardRequestError(STATUS_OF_CODE[error.code], ERROR_OF_CODE[error.code], error.message);
}

async function requireIntervention(context: Pick<InterventionActionContext, 'db' | 'tenant'>, id: string): Promise<Intervention> {
  const current = await getIntervention(context.db, context.tenant.id, id);
  if (!current) throw new CardRequestError(404, 'not_found', `no intervention ${id}`);
  return current;
}

/**
 * Creates the intervention's CRM task now (or sends the one still queued). 404: unknown or another
 * tenant's; 409 when its state does not allow it (card-intervention-allowed-actions.ts): its task is
 * in the CRM, or it was dismissed or has ended; 503: no CRM credentials; 502: HubSpot refused the task
 * or did not answer (a task asked for stays queued, and the next act cycle sends it).
 */
export async function acceptFromCard(context: InterventionActionContext, id: string): Promise<AcceptInterventionResponse> {
  const current = await requireIntervention(context, id);
  if (!isAllowed(current, 'accept')) throw refused(current, 'accept');
  return acceptWithTasks(context, id, await requireTasks(context));
}

/** The tenant's CRM task gateway; 503 when Telltale holds no CRM credentials for it. */
export async function requireTasks(context: Pick<InterventionActionContext, 'tenant' | 'tasksFor'>): Promise<CrmTaskGateway> {
  const tasks = await context.tasksFor(context.tenant);
  if (!tasks) throw new CardRequestError(503, 'crm_not_connected', `Telltale holds no HubSpot access for portal ${context.tenant.externalId}; install the app again`);
  return tasks;
}

/** Accepts through `tasks`; the refusals of acceptFromCard, without its checks. */
export async function acceptWithTasks(context: InterventionActionContext, id: string, tasks: CrmTaskGateway): Promise<AcceptInterventionResponse> {
  const { db, tenant } = context;
  let accepted;
  try {
    accepted = await acceptIntervention({ db, tenantId: tenant.id, tasks }, id);
  } catch (error) {
    const mapped = await asCardError(context, id, 'accept', error);
    if (mapped instanceof CardRequestError) throw mapped;
    context.logger.warn({ tenantId: tenant.id, interventionId: id, err: (error as Error).message }, 'accepted intervention: CRM task not created');
    throw new CardRequestError(502, 'crm_unavailable', 'HubSpot did not take the task now; it stays queued and is sent with the next scoring cycle');
  }
  if (accepted.status === 'failed') throw new CardRequestError(502, 'task_refused', `HubSpot refused the task: ${accepted.lastError ?? 'no reason given'}`);
  return { intervention: cardIntervention(accepted) };
}

/**
 * Dismisses a recommendation with the user's reason; an intervention already dismissed is answered
 * unchanged. 404: unknown or another tenant's; 409 when its state does not allow it: its task was
 * asked for or is in the CRM, or it has ended.
 */
export async function dismissFromCard(context: Pick<InterventionActionContext, 'db' | 'tenant'>, id: string, reason: string): Promise<DismissInterventionResponse> {
  const current = await requireIntervention(context, id);
  if (current.status !== 'dismissed' && !isAllowed(current, 'dismiss')) throw refused(current, 'dismiss');
  try {
    return { intervention: cardIntervention(await dismissIntervention({ db: context.db, tenantId: context.tenant.id }, id, reason)) };
  } catch (error) {
    throw await asCardError(context, id, 'dismiss', error);
  }
}
