import { createHash } from 'node:crypto';

/**
 * The account's fixed position in [0, 1): the first 48 bits of SHA-256("<tenantId>:<accountId>").
 * It never changes for an account, and differs between tenants for the same CRM id.
 */
export function holdoutPosition(tenantId: string, accountId: string): number {
  const digest = createHash('sha256').update(`${tenantId}:${accountId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Whether the account is in the tenant's holdout: scored and recommended like any other, but never
 * given an automatic task, so the effect of interventions can be measured against it. Raising the
 * share only adds accounts (an account in a 10% holdout stays in a 20% one).
 */
export function isInHoldout(tenantId: string, accountId: string, share: number): boolean {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`holdout share must be between 0 and 1, got ${share}`);
  return holdoutPosition(tenantId, accountId) < share;
}
