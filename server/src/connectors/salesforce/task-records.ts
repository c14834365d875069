import type { CrmTaskDraft } from '../../actions/crm-task-gateway.js';
import type { TaskPriority } from '../../actions/playbook-manifest.js';
import type { RecordFields } from './catalogue-values.js';

/** The Task field that holds the intervention id (Text(64), an external id, filterable). */
export const TASK_KEY_FIELD = 'Telltale_Intervention_Key__c';

/** Salesforce's Task priorities for Telltale's. */
export const TASK_PRIORITIES: Readonly<Record<TaskPriority, 'High' | 'Normal' | 'Low'>> = { HIGH: 'High', MEDIUM: 'Normal', LOW: 'Low' };

/** Lengths of the standard Task fields written. */
const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;

/** The Task fields Telltale keeps up to date: subject, the why and steps as the description (one line each), due date and priority. */
export function taskFields(draft: CrmTaskDraft): RecordFields {
  return {
    Subject: draft.subject.slice(0, SUBJECT_MAX),
    Description: draft.bodyLines.join('\n').slice(0, DESCRIPTION_MAX),
    ActivityDate: draft.dueDate,
    Priority: TASK_PRIORITIES[draft.priority],
  };
}

/** A new Task on the Account (`WhatId`), for its owner (the API user's default when null), not started, carrying the key. */
export function newTaskRecord(draft: CrmTaskDraft): RecordFields {
  return {
    WhatId: draft.companyId,
    ...(draft.ownerId ? { OwnerId: draft.ownerId } : {}),
    ...taskFields(draft),
    Status: 'Not Started',
    [TASK_KEY_FIELD]: draft.key,
  };
}
