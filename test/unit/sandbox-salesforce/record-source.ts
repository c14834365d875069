import { orgSchema } from '../../../server/src/sandbox/salesforce/object-definitions.js';
import type { OrgRecord, SObjectName } from '../../../server/src/sandbox/salesforce/org-data.js';
import { salesforceId } from '../../../server/src/sandbox/salesforce/salesforce-ids.js';
import type { RecordSource } from '../../../server/src/sandbox/salesforce/soql/run-soql.js';

export const schema = orgSchema();

/** An in-memory record source over hand-made records (ids made from the object's key prefix). */
export function recordSource(records: Partial<Record<SObjectName, Array<Omit<OrgRecord, 'Id'> & { Id?: string }>>>): { source: RecordSource; ids: Record<string, string[]> } {
  const tables = new Map<SObjectName, OrgRecord[]>();
  const ids: Record<string, string[]> = {};
  for (const [type, list] of Object.entries(records) as Array<[SObjectName, Array<Omit<OrgRecord, 'Id'> & { Id?: string }>]>) {
    const prefix = schema.get(type)?.keyPrefix ?? '000';
    const rows = list.map((r, i) => ({ IsDeleted: false, ...r, Id: r.Id ?? salesforceId(prefix, 1000 + i) }) as OrgRecord);
    tables.set(type, rows);
    ids[type] = rows.map((r) => r.Id);
  }
  return {
    source: {
      all: (type) => tables.get(type) ?? [],
      get: (type, id) => tables.get(type)?.find((r) => r.Id === id),
    },
    ids,
  };
}
