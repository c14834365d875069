/**
 * The card's "Create task" and "Dismiss" on an intervention, on top of actions/intervention-feedback.ts:
 * the answer in the contract's shape, and each refusal as a status and a reason.
 */
import type { AcceptInterventionResponse, DismissInterventionResponse } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { CrmTaskGateway } from '../actions/crm-task-gateway.js';
import { acceptIntervention, dismissIntervention, InterventionRequestError } from '../actions/intervention-feedback.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { getIntervention } from '../store/interventions.js';
import type { Tenant } from '../store/tenants.js';
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

function asCardError(error: unknown): unknown {
  if (!(error instanceof InterventionRequestError)) return error;
  return new CardRequestError(STATUS_OF_CODE[error.code], ERROR_OF_CODE[error.code], error.message);
}

/**
 * Creates the intervention's CRM task now. 404: unknown or another tenant's; 409: it already has its
 * task, or it was dismissed or has ended; 503: no CRM credentials; 502: HubSpot refused the task or did
 * not answer (a task asked for stays queued, and the next act cycle sends it).
 */
export async function acceptFromCard(context: InterventionActionContext, id: string): Promise<AcceptInterventionResponse> {
  const { db, tenant } = context;
  const current = await getIntervention(db, tenant.id, id);
  if (!current) throw new CardRequestError(404, 'not_found', `no intervention ${id}`);
  if (current.status === 'open') {
    throw new CardRequestError(409, 'conflict', `intervention ${id} already has its CRM task ${current.crmTaskId ?? ''}`.trim());
  }
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
    const mapped = asCardError(error);
    if (mapped instanceof CardRequestError) throw mapped;
    context.logger.warn({ tenantId: tenant.id, interventionId: id, err: (error as Error).message }, 'accepted intervention: CRM task not created');
    throw new CardRequestError(502, 'crm_unavailable', 'HubSpot did not take the task now; it stays queued and is sent with the next scoring cycle');
  }
  if (accepted.status === 'failed') throw new CardRequestError(502, 'task_refused', `HubSpot refused the task: ${accepted.lastError ?? 'no reason given'}`);
  return { intervention: cardIntervention(accepted) };
}

/** Dismisses a recommendation with the user's reason. 404: unknown or another tenant's; 409: its task exists or it ended. */
export async function dismissFromCard(context: Pick<InterventionActionContext, 'db' | 'tenant'>, id: string, reason: string): Promise<DismissInterventionResponse> {
  try {
    return { intervention: cardIntervention(await dismissIntervention({ db: context.db, tenantId: context.tenant.id }, id, reason)) };
  } catch (error) {
    throw asCardError(error);
  }
}
