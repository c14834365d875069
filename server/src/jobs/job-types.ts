/**
 * Every job the service runs: its name, the queue it travels on and its payload. A queue per kind of
 * work, so a flood of one kind never starves another and workers can be scaled per queue.
 */
export interface JobPayloads {
  /** Pull CRM changes for one tenant (incremental from the stored cursors, or everything when full). */
  'sync-tenant': {
    tenantId: string;
    mode: 'full' | 'incremental';
    /** webhook (HubSpot) and change-event (Salesforce Change Data Capture): a change in the CRM asked for it. */
    reason: 'schedule' | 'start' | 'manual' | 'webhook' | 'change-event';
  };
  /** Check a tenant's field-mapping overrides against its portal and store them, then re-sync fully. */
  'apply-mapping': {
    tenantId: string;
    overrides: Record<string, unknown>;
  };
  /**
   * Score a tenant's accounts with its churn, expansion and health models as of now and store the
   * predictions (one row per account and day) and the daily health score.
   */
  'score-tenant': {
    tenantId: string;
    /**
     * Accounts to score. Absent: after a sync, the accounts whose stored data changed since the last
     * completed scoring (all on the first); nightly or manual, every active customer of the tenant.
     */
    accountIds?: string[];
    reason: 'after-sync' | 'nightly' | 'manual';
  };
  /** Bring the CRM up to date with the latest scores: install properties, write back changed fields, apply interventions. */
  'act-tenant': {
    tenantId: string;
    /** Accounts to act on; absent: every scored account of the tenant. */
    accountIds?: string[];
    /** install: right after an OAuth install, so the properties exist before the first sync and scoring. */
    reason: 'after-score' | 'manual' | 'install';
  };
}

export type JobName = keyof JobPayloads;

export const QUEUE_OF = {
  'sync-tenant': 'sync',
  'apply-mapping': 'sync',
  'score-tenant': 'score',
  'act-tenant': 'act',
} as const satisfies Record<JobName, string>;

export type QueueName = (typeof QUEUE_OF)[JobName];

export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(QUEUE_OF))];
