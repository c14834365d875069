/**
 * What Telltale left in the sandbox HubSpot portal, read back through the portal's public API as a
 * customer's own integration would: the companies in the High band and the tasks Telltale wrote.
 */
import { taskKeyOf } from '../../../server/src/connectors/hubspot/tasks.js';
import { taskCoverage, type HighRiskTaskCoverage, type TelltaleTask } from './task-coverage.js';

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string } };
}
interface Company {
  id: string;
}
interface Task {
  id: string;
  properties: Record<string, string | null>;
  associations?: { companies?: { results: Array<{ id: string }> } };
}

async function call<T>(url: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function highRiskCompanies(base: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await call<Page<Company>>(`${base}/crm/v3/objects/companies/search`, token, {
      method: 'POST',
      body: { filterGroups: [{ filters: [{ propertyName: 'telltale_churn_risk_band', operator: 'EQ', value: 'high' }] }], properties: ['telltale_churn_risk_band'], limit: 200, ...(after ? { after } : {}) },
    });
    ids.push(...page.results.map((c) => c.id));
    after = page.paging?.next?.after;
  } while (after);
  return ids;
}

async function telltaleTasks(base: string, token: string): Promise<TelltaleTask[]> {
  const tasks: TelltaleTask[] = [];
  let after: string | undefined;
  do {
    const query = `limit=100&properties=hs_task_subject,hs_task_body,hs_task_status&associations=companies${after ? `&after=${after}` : ''}`;
    const page = await call<Page<Task>>(`${base}/crm/v3/objects/tasks?${query}`, token);
    for (const task of page.results) {
      if (!taskKeyOf(task.properties.hs_task_body)) continue;
      tasks.push({
        accountIds: task.associations?.companies?.results.map((r) => r.id) ?? [],
        subject: task.properties.hs_task_subject ?? '',
        open: task.properties.hs_task_status !== 'COMPLETED',
      });
    }
    after = page.paging?.next?.after;
  } while (after);
  return tasks;
}

/** Reads the portal (`base` = the sandbox's HubSpot API root) and checks the task rules against it. */
export async function highRiskTaskCoverage(base: string, token: string, tenantId: string, holdoutShare: number): Promise<HighRiskTaskCoverage> {
  const [high, tasks] = await Promise.all([highRiskCompanies(base, token), telltaleTasks(base, token)]);
  return taskCoverage(high, tasks, tenantId, holdoutShare);
}
