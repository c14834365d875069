import { isInHoldout } from '../../../server/src/actions/holdout.js';

export interface HighRiskTaskCoverage {
  high: number;
  highOutsideHoldout: number;
  /** High-risk accounts outside the holdout without an open Telltale task. */
  uncovered: string[];
  /** "account: subject" of open Telltale tasks written more than once. */
  duplicated: string[];
  /** Holdout accounts that carry a Telltale task. */
  holdoutWithTasks: string[];
  openTelltaleTasks: number;
}

/** A Telltale task as read back from a CRM: the accounts it is associated with. */
export interface TelltaleTask {
  accountIds: string[];
  subject: string;
  open: boolean;
}

/** Checks the task rules (High risk outside the holdout has an open task, once per play; the holdout none). */
export function taskCoverage(highRiskIds: readonly string[], tasks: readonly TelltaleTask[], tenantId: string, holdoutShare: number): HighRiskTaskCoverage {
  const open = tasks.filter((t) => t.open);
  const withOpenTask = new Set(open.flatMap((t) => t.accountIds));
  const outside = highRiskIds.filter((id) => !isInHoldout(tenantId, id, holdoutShare));
  const seen = new Map<string, number>();
  for (const task of open) for (const account of task.accountIds) seen.set(`${account}: ${task.subject}`, (seen.get(`${account}: ${task.subject}`) ?? 0) + 1);
  return {
    high: highRiskIds.length,
    highOutsideHoldout: outside.length,
    uncovered: outside.filter((id) => !withOpenTask.has(id)),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([key]) => key),
    holdoutWithTasks: [...new Set(tasks.flatMap((t) => t.accountIds))].filter((id) => isInHoldout(tenantId, id, holdoutShare)),
    openTelltaleTasks: open.length,
  };
}
