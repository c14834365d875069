import { text } from '../hubspot/values.js';
import type { SalesforceUser } from './map-account.js';
import { raw, recordId, type SalesforceRecord } from './record-values.js';
import type { SalesforceApi } from './salesforce-api.js';
import { USER_FIELDS } from './streams.js';

/** Every user of the org, active or not (records keep pointing at former owners), by id; `onPage` counts pages. */
export async function readUsers(
  api: Pick<SalesforceApi, 'query'>,
  pageSize: number | undefined,
  onPage: (records: number, total: number | undefined) => void,
): Promise<Map<string, SalesforceUser>> {
  const users = new Map<string, SalesforceUser>();
  await api.query<SalesforceRecord>(`SELECT ${USER_FIELDS.join(', ')} FROM User ORDER BY Id ASC`, {
    pageSize,
    onPage: async (records, page, info) => {
      for (const record of records) {
        const id = recordId(record);
        const name = text(raw(record.Name)) ?? ([text(raw(record.FirstName)), text(raw(record.LastName))].filter(Boolean).join(' ') || null);
        users.set(id, { id, email: text(raw(record.Email))?.toLowerCase() ?? null, name });
      }
      onPage(records.length, page === 1 ? info.totalSize : undefined);
    },
  });
  return users;
}
