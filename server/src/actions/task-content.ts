import type { Intervention } from '../store/interventions.js';
import type { CrmTaskDraft } from './crm-task-gateway.js';
import type { OwnerRole } from './playbook-manifest.js';

/** How tasks and the cards name the owner roles of manifests/playbooks.json. */
export const OWNER_ROLE_LABELS: Record<OwnerRole, string> = {
  csm: 'Customer success manager',
  cs_leader: 'Customer success leader',
  support_lead: 'Support lead',
  sales_owner: 'Sales owner',
  account_owner: 'Account owner',
};

const WINDOW_TEXT: Record<Intervention['window'], string> = {
  early: 'early (warning signs; low-intensity attention)',
  timely: 'timely (act within the next weeks)',
  reactive: 'reactive (risk has materialised; act now)',
  emergency: 'emergency (high risk close to renewal)',
};

/**
 * The CRM task of an intervention: its title as subject; the why (risk, drivers in points, what-ifs),
 * who it is for, the window, the steps and the success criterion as body paragraphs.
 */
export function taskDraftOf(intervention: Intervention): CrmTaskDraft {
  const { details } = intervention;
  const role = OWNER_ROLE_LABELS[intervention.ownerRole as OwnerRole] ?? intervention.ownerRole;
  return {
    key: intervention.id,
    companyId: intervention.accountId,
    ownerId: intervention.ownerId,
    subject: intervention.title,
    bodyLines: [
      ...details.why.lines,
      `For: ${role}. Intervention window: ${WINDOW_TEXT[intervention.window]}.`,
      'Steps:',
      ...details.steps.map((step, i) => `${i + 1}. ${step}`),
      details.success,
    ],
    dueDate: intervention.dueDate,
    priority: intervention.priority,
  };
}
